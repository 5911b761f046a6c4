//! The pages that show the whole site: home, search, open data, the
//! accessibility statement, the glossary and the 404 page.

use super::*;

pub(super) fn home(site: &Site, theme: &Theme) -> Page {
    let path = "";
    let mut c = base(site, path, &site.config.title, "home");
    let v = views(site, theme, path);
    let decided: Vec<CaseRow> = sorted_newest(site)
        .into_iter()
        .filter(|c| c.status == Status::Besvarad)
        .take(10)
        .map(|c| v.case_row(c))
        .collect();
    let mut open: Vec<&Case> = site.cases.values().filter(|c| c.status != Status::Besvarad).collect();
    open.sort_by_key(|c| (c.deadline, c.id.clone()));
    let open: Vec<CaseRow> = open.into_iter().map(|c| v.case_row(c)).collect();
    c.insert("decided", &decided);
    c.insert("open", &open);
    c.insert(
        "counts",
        &json!({
            "cases": site.cases.len(),
            "responses": site.cases.values().map(|c| c.responses.len()).sum::<usize>(),
            "party_statements": site.cases.values().map(|c| c.statements.len()).sum::<usize>(),
            "bodies": site.bodies.len(),
        }),
    );
    page("home.html", path.into(), c)
}

pub(super) fn simple(
    site: &Site,
    theme: &Theme,
    template: &'static str,
    path: &str,
    section: &str,
    title_key: &str,
) -> Page {
    let mut c = base(site, path, &theme.t(title_key), section);
    let v = views(site, theme, path);
    c.insert(
        "browse",
        &json!([
            { "href": v.href(paths::CASES), "text": theme.t("nav.cases") },
            { "href": v.href(paths::BODIES), "text": theme.t("nav.bodies") },
            { "href": v.href(paths::PARTIES), "text": theme.t("nav.parties") },
            { "href": v.href(paths::PERSONS), "text": theme.t("nav.persons") },
            { "href": v.href(paths::DOCUMENTS), "text": theme.t("nav.documents") },
        ]),
    );
    if let Some(a) = &site.config.accessibility {
        c.insert(
            "a11y",
            &json!({
                "compliance": theme.t(&format!("a11y.compliance_{}", a.compliance.key())),
                "compliance_key": a.compliance.key(),
                "assessed": v.opt_date(a.assessed),
                "updated": v.opt_date(a.updated),
                "method": a.method,
                "contact": a.contact.as_ref().map(|c| &c.text),
                "contact_href": a.contact.as_ref().map(|c| &c.href),
                "shortcomings": a.shortcomings,
            }),
        );
    }
    page(template, path.into(), c)
}

pub(super) fn data_page(site: &Site, theme: &Theme) -> Page {
    let path = paths::DATA;
    let mut c = base(site, path, &theme.t("nav.data"), "data");
    let v = views(site, theme, path);
    let datasets: Vec<serde_json::Value> = crate::data::schema()
        .into_iter()
        .map(|d| {
            json!({
                "name": d.name,
                "json": v.href(&d.json),
                "csv": v.href(&d.csv),
                "description": d.description,
                "fields": d.fields,
            })
        })
        .collect();
    c.insert("datasets", &datasets);
    c.insert("package", &v.href(crate::model::paths::DATA_PACKAGE));
    c.insert("calendar", &v.href("kalender.ics"));
    page("data.html", path.into(), c)
}

/// The 404 page is served at any depth, so its links are absolute paths
/// from the site's base path instead of relative ones.
pub(super) fn not_found(site: &Site, theme: &Theme) -> Page {
    let mut c = base(site, "", &theme.t("not_found.title"), "");
    let base_path = site.config.base_url.splitn(4, '/').nth(3).map_or("/".to_string(), |p| format!("/{p}"));
    c.insert("root", &base_path);
    page("404.html", "404.html".into(), c)
}
