//! What every page shares: the base context and the helpers that page
//! functions use to build theirs.

use super::*;

/// The context every page shares.
pub(super) fn base(site: &Site, path: &str, title: &str, section: &str) -> tera::Context {
    // The UI strings (`t`) join the context when the page is rendered.
    let mut c = tera::Context::new();
    let root = "../".repeat(path.matches('/').count());
    c.insert("root", &root);
    c.insert("lang", &site.config.language);
    // ` lang="sv"` on elements holding content, when the UI speaks another language.
    let clang = if site.config.content_language == site.config.language {
        String::new()
    } else {
        format!(" lang=\"{}\"", site.config.content_language)
    };
    c.insert("clang", &clang);
    c.insert("content_lang", &site.config.content_language);
    c.insert(
        "site",
        &json!({
            "title": site.config.title,
            "organisation": site.config.organisation,
            "description": site.config.description,
            "base_url": site.config.base_url,
        }),
    );
    c.insert(
        "page",
        &json!({
            "title": title,
            "path": path,
            "canonical": format!("{}{}", site.config.base_url, path),
            "section": section,
        }),
    );
    // A page's own feeds (a body's, a party's); the site-wide feed is in base.html.
    c.insert("feeds", &Vec::<LinkView>::new());
    c
}

pub(super) fn views<'a>(site: &'a Site, theme: &'a Theme, from: &'a str) -> Views<'a> {
    Views { site, theme, from }
}

pub(super) fn page(template: &'static str, path: String, context: tera::Context) -> Page {
    Page { template, path, context }
}

pub(super) fn feed_link(v: &Views, path: &str, title: String) -> Vec<LinkView> {
    vec![LinkView { href: v.href(path), text: title }]
}

pub(super) fn sorted_newest(site: &Site) -> Vec<&Case> {
    let mut cases: Vec<&Case> = site.cases.values().collect();
    cases.sort_by(|a, b| b.date().cmp(&a.date()).then_with(|| a.id.cmp(&b.id)));
    cases
}
