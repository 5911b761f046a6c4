//! The pages that show the whole site: home, search, open data, the
//! accessibility statement, the glossary and the 404 page.

use super::*;
use crate::data::FieldDoc;

#[derive(Serialize)]
struct HomePage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    /// The ten cases answered last.
    decided: Vec<CaseRow>,
    /// Cases not yet answered, nearest deadline first.
    open: Vec<CaseRow>,
    counts: Counts,
}

#[derive(Serialize)]
struct Counts {
    cases: usize,
    responses: usize,
    party_statements: usize,
    bodies: usize,
}

pub(super) fn home(site: &Site, theme: &Theme) -> Page {
    let path = "";
    let v = views(site, theme, path);
    let decided: Vec<CaseRow> = sorted_newest(site)
        .into_iter()
        .filter(|c| c.status == Status::Besvarad)
        .take(10)
        .map(|c| v.case_row(c))
        .collect();
    let mut open: Vec<&Case> = site.cases.values().filter(|c| c.status != Status::Besvarad).collect();
    open.sort_by_key(|c| (c.deadline, c.id.clone()));
    let counts = Counts {
        cases: site.cases.len(),
        responses: site.cases.values().map(|c| c.responses.len()).sum(),
        party_statements: site.cases.values().map(|c| c.statements.len()).sum(),
        bodies: site.bodies.len(),
    };
    let context = HomePage {
        base: base(site, path, &site.config.title, "home"),
        decided,
        open: open.into_iter().map(|c| v.case_row(c)).collect(),
        counts,
    };
    page("home.html", path, &context)
}

/// The search page, the accessibility statement and the glossary: their
/// text is the theme's.
#[derive(Serialize)]
struct SimplePage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    /// The section lists, where to go when search finds nothing or without JavaScript.
    browse: Vec<LinkView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    a11y: Option<A11yView<'a>>,
}

/// The facts of the accessibility statement, from `site.toml`.
#[derive(Serialize)]
struct A11yView<'a> {
    compliance: String,
    compliance_key: &'static str,
    assessed: Option<DateView>,
    updated: Option<DateView>,
    method: Option<&'a str>,
    contact: Option<&'a str>,
    contact_href: Option<&'a str>,
    shortcomings: &'a [String],
}

pub(super) fn simple(
    site: &Site,
    theme: &Theme,
    template: &'static str,
    path: &str,
    section: &'static str,
    title_key: &str,
) -> Page {
    let v = views(site, theme, path);
    let browse = [
        (paths::CASES, "nav.cases"),
        (paths::BODIES, "nav.bodies"),
        (paths::PARTIES, "nav.parties"),
        (paths::PERSONS, "nav.persons"),
        (paths::DOCUMENTS, "nav.documents"),
    ];
    let a11y = site.config.accessibility.as_ref().map(|a| A11yView {
        compliance: theme.t(&format!("a11y.compliance_{}", a.compliance.key())),
        compliance_key: a.compliance.key(),
        assessed: v.opt_date(a.assessed),
        updated: v.opt_date(a.updated),
        method: a.method.as_deref(),
        contact: a.contact.as_ref().map(|c| c.text.as_str()),
        contact_href: a.contact.as_ref().map(|c| c.href.as_str()),
        shortcomings: &a.shortcomings,
    });
    let title = theme.t(title_key);
    let context = SimplePage {
        base: base(site, path, &title, section),
        browse: browse.into_iter().map(|(section, key)| crumb(&v, section, key)).collect(),
        a11y,
    };
    page(template, path, &context)
}

#[derive(Serialize)]
struct DataPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    datasets: Vec<DatasetView>,
    /// The Data Package that documents every dataset.
    package: String,
    calendar: String,
}

#[derive(Serialize)]
struct DatasetView {
    name: &'static str,
    json: String,
    csv: String,
    description: &'static str,
    fields: Vec<FieldDoc>,
}

pub(super) fn data_page(site: &Site, theme: &Theme) -> Page {
    let path = paths::DATA;
    let v = views(site, theme, path);
    let datasets = crate::data::schema()
        .into_iter()
        .map(|d| DatasetView {
            name: d.name,
            json: v.href(&d.json),
            csv: v.href(&d.csv),
            description: d.description,
            fields: d.fields,
        })
        .collect();
    let title = theme.t("nav.data");
    let context = DataPage {
        base: base(site, path, &title, "data"),
        datasets,
        package: v.href(paths::DATA_PACKAGE),
        calendar: v.href(paths::CALENDAR),
    };
    page("data.html", path, &context)
}

#[derive(Serialize)]
struct NotFoundPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
}

/// The 404 page is served at any depth, so its links are absolute paths
/// from the site's base path instead of relative ones.
pub(super) fn not_found(site: &Site, theme: &Theme) -> Page {
    let title = theme.t("not_found.title");
    let mut base = base(site, "", &title, "");
    base.root = site.config.base_url.splitn(4, '/').nth(3).map_or("/".to_string(), |p| format!("/{p}"));
    page("404.html", "404.html", &NotFoundPage { base })
}
