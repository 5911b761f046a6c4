//! Where each entity's page lives, relative to the site root, always ending
//! in `/`. Pages are written as `<path>index.html`.

/// The list of every case; each case's pages are below it.
pub const CASES: &str = "remisser/";
pub const BODIES: &str = "organ/";
pub const PARTIES: &str = "partier/";
pub const PERSONS: &str = "personer/";
pub const DOCUMENTS: &str = "dokument/";
/// The search page, and the files of the search index beside it.
pub const SEARCH: &str = "sok/";
/// The open data page, and the dataset files beside it.
pub const DATA: &str = "data/";
pub const ACCESSIBILITY: &str = "tillganglighet/";
/// The glossary: each term of the model a citizen meets, by its vocabulary key (`ordlista/#reservation`).
pub const GLOSSARY: &str = "ordlista/";
/// The pages that are not of one entity, besides the home page.
pub const SECTIONS: [&str; 9] = [CASES, BODIES, PARTIES, PERSONS, DOCUMENTS, SEARCH, DATA, ACCESSIBILITY, GLOSSARY];
/// The main Atom feed.
pub const FEED: &str = "feed.xml";
/// The deadline calendar.
pub const CALENDAR: &str = "kalender.ics";
/// The sitemap (an index of `sitemap-N.xml` files on a large site).
pub const SITEMAP: &str = "sitemap.xml";
/// The Data Package descriptor that lists every dataset file.
pub const DATA_PACKAGE: &str = "data/datapackage.json";
/// The folder under `remisser/` of the filtered case lists; no case
/// may take its name as id.
pub const FILTER_DIR: &str = "filter";

/// A page's feed, beside it (`organ/x/feed.xml` for `organ/x/`).
pub fn feed_of(page: &str) -> String {
    format!("{page}feed.xml")
}
/// The filtered case list of `slug`.
pub fn case_filter(slug: &str) -> String {
    format!("{CASES}{FILTER_DIR}/{slug}/")
}

pub fn case(id: &str) -> String {
    format!("{CASES}{id}/")
}
pub fn response(case: &str, body: &str) -> String {
    format!("{CASES}{case}/svar/{body}/")
}
pub fn statement(case: &str, id: &str) -> String {
    format!("{CASES}{case}/uttalanden/{id}/")
}
pub fn body(id: &str) -> String {
    format!("{BODIES}{id}/")
}
pub fn party(id: &str) -> String {
    format!("{PARTIES}{id}/")
}
pub fn person(slug: &str) -> String {
    format!("{PERSONS}{slug}/")
}
pub fn document(id: &str) -> String {
    format!("{DOCUMENTS}{id}/")
}
/// The anchor of fragment `#yrkande-<id>` on the case page.
pub fn motion_anchor(id: &str) -> String {
    format!("yrkande-{id}")
}
/// The anchor of fragment `#votering-<number>` on the case page.
pub fn vote_anchor(number: usize) -> String {
    format!("votering-{number}")
}

/// A relative link from the page in folder `from` (site-relative, ending
/// in `/` or empty for the root) to the site path `to`. Folder targets get
/// `index.html` so links work when the site is opened from disk.
pub fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut out = "../".repeat(depth);
    out.push_str(to);
    if to.is_empty() || to.ends_with('/') {
        out.push_str("index.html");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn relative_links() {
        assert_eq!(super::relative("", "organ/"), "organ/index.html");
        assert_eq!(super::relative("remisser/a/", "organ/b/"), "../../organ/b/index.html");
        assert_eq!(super::relative("remisser/a/", "style.css"), "../../style.css");
        assert_eq!(super::relative("organ/", ""), "../index.html");
    }
}
