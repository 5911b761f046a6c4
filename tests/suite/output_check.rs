//! The output check: reads every HTML page of a built site as a browser
//! would (html5ever, the HTML parser of Servo) and lists everything on it
//! that could run a script or take the reader elsewhere without asking.
//!
//! It knows nothing of how pages are made, so it also catches what a theme
//! or a future renderer lets through. Run it over any built site with
//! `cargo run --example check-output -- public/ themes/default/static/`.

use scraper::{Html, node::Node};
use std::collections::BTreeSet;
use std::path::Path;

/// Attributes that hold a URL a browser may follow or load.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background"];
/// Elements that embed another document or change how every URL resolves.
const FORBIDDEN: &[&str] = &["iframe", "frame", "frameset", "object", "embed", "applet", "base"];

/// Every problem in the HTML pages under `site`, as `page: problem`.
/// Scripts are allowed only as empty `<script src>` elements that load one
/// of the theme's own scripts (the `.js` files in `theme_static`) from the
/// site.
pub(crate) fn check_site(site: &Path, theme_static: &Path) -> Vec<String> {
    let theme_scripts: BTreeSet<String> = std::fs::read_dir(theme_static)
        .unwrap_or_else(|e| panic!("{}: {e}", theme_static.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".js"))
        .collect();
    let mut problems = Vec::new();
    let mut pages: Vec<_> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    pages.sort();
    for page in pages {
        let rel = page.strip_prefix(site).unwrap().to_string_lossy().replace('\\', "/");
        let html = String::from_utf8_lossy(&std::fs::read(&page).unwrap()).into_owned();
        for problem in check_page(&rel, &html, site, &theme_scripts) {
            problems.push(format!("{rel}: {problem}"));
        }
    }
    problems
}

/// Problems on one page; `rel` is its path in the site, to resolve script
/// sources against.
pub(crate) fn check_page(rel: &str, html: &str, site: &Path, theme_scripts: &BTreeSet<String>) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut problems = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else { continue };
        let name = el.name().to_ascii_lowercase();
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                problems.push(format!("<{name}> has an event handler attribute `{attr}`"));
            }
            let is_url = URL_ATTRIBUTES.contains(&attr.as_str()) || attr.ends_with(":href");
            if is_url && let Err(refused) = remiss::url::check(value) {
                problems.push(format!("<{name} {attr}=\"{value}\"> uses the scheme `{}:`", refused.scheme));
            }
            if attr == "srcdoc" {
                problems.push(format!("<{name}> has a `srcdoc` document"));
            }
        }
        if FORBIDDEN.contains(&name.as_str()) {
            problems.push(format!("<{name}> element"));
        }
        let refresh = el.attr("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh"));
        if name == "meta" && refresh {
            problems.push("<meta http-equiv=refresh>".into());
        }
        if name == "script" {
            let text: String = node.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect();
            match el.attr("src") {
                _ if !text.trim().is_empty() => problems.push("an inline <script>".into()),
                Some(src) if is_theme_script(rel, src, site, theme_scripts) => {}
                Some(src) => problems.push(format!("<script src=\"{src}\"> is not one of the theme's scripts")),
                None => problems.push("an empty <script> without src".into()),
            }
        }
    }
    problems
}

/// Whether `src`, on the page at `rel`, loads a theme script from the site
/// root: a relative URL, no query, and a file the build copied there.
fn is_theme_script(rel: &str, src: &str, site: &Path, theme_scripts: &BTreeSet<String>) -> bool {
    if !remiss::url::is_relative(src) || src.contains(['?', '#', '\\']) {
        return false;
    }
    let dir = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let Some(target) = remiss::markdown::resolve(dir, src) else { return false };
    !target.contains('/') && theme_scripts.contains(&target) && site.join(&target).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(html: &str) -> Vec<String> {
        let dir = crate::common::scratch("output-check");
        std::fs::write(dir.join("search.js"), "").unwrap();
        let scripts: BTreeSet<String> = ["search.js".to_string()].into();
        check_page("remisser/a/index.html", html, &dir, &scripts)
    }

    #[test]
    fn every_forbidden_thing_is_found() {
        for html in [
            "<p onclick=x>a</p>",
            "<svg><a xlink:href='javascript:1'>x</a></svg>",
            "<img src=x OnError=alert(1)>",
            "<a href=' JaVa&#x09;Script:alert(1)'>x</a>",
            "<a href='&#106;avascript:alert(1)'>x</a>",
            "<form action='javascript:1'><button formaction='vbscript:1'>x</button></form>",
            "<iframe src=a.html></iframe>",
            "<object data=x></object>",
            "<embed src=x>",
            "<base href='https://evil.example/'>",
            "<meta http-equiv=' Refresh' content='0;url=https://evil.example'>",
            "<script>alert(1)</script>",
            "<script src=https://evil.example/x.js></script>",
            "<script src=../../evil.js></script>",
            "<script src=../../search.js>alert(1)</script>",
            "<a href='data:text/html,<script>1</script>'>x</a>",
        ] {
            assert!(!problems(html).is_empty(), "{html} must be found");
        }
    }

    #[test]
    fn ordinary_pages_pass() {
        let html = "<!doctype html><html lang=sv><head><meta charset=utf-8><title>x</title>\
            <script src=../../search.js defer></script></head><body><a href='https://x.se'>a</a>\
            <a href='mailto:a@b.se'>b</a><a href='../b/'>c</a><img src=a.png alt=''>\
            <p>onclick=x javascript:alert(1)</p></body></html>";
        assert_eq!(problems(html), Vec::<String>::new());
    }
}
