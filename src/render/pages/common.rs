//! What every page shares: the base context and the helpers that page
//! functions use to build theirs.

use super::*;

/// The context every page shares, flattened into each page's own.
/// The UI strings (`t`) join it when the page is rendered.
#[derive(Serialize)]
pub(super) struct Base<'a> {
    /// `../` as often as the page is deep, so links work under any sub-path.
    pub root: String,
    /// The UI language.
    pub lang: &'a str,
    /// The language content is written in; templates mark content with it
    /// when it differs from `lang`.
    pub content_lang: &'a str,
    pub site: SiteMeta<'a>,
    pub page: PageMeta<'a>,
    /// A page's own feeds (a body's, a party's); the site-wide feed is in base.html.
    pub feeds: Vec<LinkView>,
    /// The trail from the home page to this page's parent, home excluded.
    pub breadcrumbs: Vec<LinkView>,
}

#[derive(Serialize)]
pub(super) struct SiteMeta<'a> {
    title: &'a str,
    organisation: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
}

#[derive(Serialize)]
pub(super) struct PageMeta<'a> {
    title: &'a str,
    path: &'a str,
    canonical: String,
    /// Which item of the main menu is current.
    section: &'static str,
}

pub(super) fn base<'a>(site: &'a Site, path: &'a str, title: &'a str, section: &'static str) -> Base<'a> {
    let config = &site.config;
    Base {
        root: "../".repeat(path.matches('/').count()),
        lang: &config.language,
        content_lang: &config.content_language,
        site: SiteMeta {
            title: &config.title,
            organisation: &config.organisation,
            description: config.description.as_deref(),
            base_url: &config.base_url,
        },
        page: PageMeta { title, path, canonical: format!("{}{}", config.base_url, path), section },
        feeds: Vec::new(),
        breadcrumbs: Vec::new(),
    }
}

pub(super) fn views<'a>(site: &'a Site, theme: &'a Theme, from: &'a str) -> Views<'a> {
    Views { site, theme, from }
}

/// A page whose context is `context`, a struct that flattens a [`Base`].
pub(super) fn page(template: &'static str, path: &str, context: &impl Serialize) -> Page {
    // Serializing a struct of strings, numbers and lists to a map cannot fail.
    let context = tera::Context::from_serialize(context).expect("a page context is a struct");
    Page { template, path: path.to_string(), context }
}

/// The breadcrumb of a section's list page.
pub(super) fn crumb(v: &Views, section: &str, key: &str) -> LinkView {
    LinkView { href: v.href(section), text: v.theme.t(key) }
}

pub(super) fn feed_link(v: &Views, path: &str, title: String) -> Vec<LinkView> {
    vec![LinkView { href: v.href(path), text: title }]
}

pub(super) fn sorted_newest(site: &Site) -> Vec<&Case> {
    let mut cases: Vec<&Case> = site.cases.values().collect();
    cases.sort_by(|a, b| b.date().cmp(&a.date()).then_with(|| a.id.cmp(&b.id)));
    cases
}
