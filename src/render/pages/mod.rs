//! One function per page kind: each returns the template, the output path
//! and the context, built from views relative to that page.

use super::Theme;
use super::views::*;
use crate::markdown;
use crate::model::*;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

mod cases;
mod entities;

use cases::*;
use entities::*;

/// A page to render.
pub struct Page {
    pub template: &'static str,
    /// Site-relative folder ending in `/` (written as `index.html`), or a file path.
    pub path: String,
    pub context: tera::Context,
}

/// One unit of rendering work: a page, or a group of pages built from the
/// same data. Jobs are independent, so they render on any thread.
pub enum Job<'a> {
    Home,
    CaseLists,
    Case(&'a Case),
    Response(&'a Case, &'a Response),
    Statement(&'a Case, &'a Statement),
    Bodies,
    Body(&'a Body),
    Parties,
    Party(&'a Party),
    Persons,
    Person(&'a Person),
    Documents,
    Document(&'a Document),
    Search,
    Data,
    Accessibility,
    Glossary,
    NotFound,
}

/// A job by name: what the preview server files each job's pages under,
/// to render again only the jobs an edit concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JobKey {
    Home,
    CaseLists,
    /// The case's own page.
    Case(String),
    /// (case, body).
    Response(String, String),
    /// (case, statement).
    Statement(String, String),
    Bodies,
    Body(String),
    Parties,
    Party(String),
    Persons,
    Person(String),
    Documents,
    Document(String),
    Search,
    Data,
    Accessibility,
    Glossary,
    NotFound,
}

impl JobKey {
    /// The jobs with one page that shows the whole site (lists, counts).
    pub const SITE_WIDE: [JobKey; 11] = [
        JobKey::Home,
        JobKey::CaseLists,
        JobKey::Bodies,
        JobKey::Parties,
        JobKey::Persons,
        JobKey::Documents,
        JobKey::Search,
        JobKey::Data,
        JobKey::Accessibility,
        JobKey::Glossary,
        JobKey::NotFound,
    ];

    /// The jobs of one case: its page and those of its responses and statements.
    pub fn of_case(case: &Case) -> impl Iterator<Item = JobKey> + '_ {
        let id = &case.id;
        std::iter::once(JobKey::Case(id.clone()))
            .chain(case.responses.keys().map(move |b| JobKey::Response(id.clone(), b.clone())))
            .chain(case.statements.iter().map(move |s| JobKey::Statement(id.clone(), s.id.clone())))
    }
}

/// Every job of the site, cheap to list: the work happens in [`Job::pages`].
pub fn jobs(site: &Site) -> Vec<Job<'_>> {
    let mut jobs = vec![Job::Home, Job::CaseLists];
    for case in site.cases.values() {
        jobs.push(Job::Case(case));
        jobs.extend(case.responses.values().map(|r| Job::Response(case, r)));
        jobs.extend(case.statements.iter().map(|s| Job::Statement(case, s)));
    }
    jobs.push(Job::Bodies);
    jobs.extend(site.bodies.values().map(Job::Body));
    jobs.push(Job::Parties);
    jobs.extend(site.parties.values().map(Job::Party));
    jobs.push(Job::Persons);
    jobs.extend(site.persons.values().map(Job::Person));
    jobs.push(Job::Documents);
    jobs.extend(site.documents.values().map(Job::Document));
    jobs.extend([Job::Search, Job::Data, Job::Accessibility, Job::Glossary, Job::NotFound]);
    jobs
}

/// The job a key names, if the site has it.
pub(super) fn job<'a>(site: &'a Site, key: &JobKey) -> Option<Job<'a>> {
    let case = |id: &str| site.cases.get(id);
    Some(match key {
        JobKey::Home => Job::Home,
        JobKey::CaseLists => Job::CaseLists,
        JobKey::Case(c) => Job::Case(case(c)?),
        JobKey::Response(c, b) => {
            let case = case(c)?;
            Job::Response(case, case.responses.get(b)?)
        }
        JobKey::Statement(c, s) => {
            let case = case(c)?;
            Job::Statement(case, case.statement(s)?)
        }
        JobKey::Bodies => Job::Bodies,
        JobKey::Body(b) => Job::Body(site.bodies.get(b)?),
        JobKey::Parties => Job::Parties,
        JobKey::Party(p) => Job::Party(site.parties.get(p)?),
        JobKey::Persons => Job::Persons,
        JobKey::Person(p) => Job::Person(site.persons.get(p)?),
        JobKey::Documents => Job::Documents,
        JobKey::Document(d) => Job::Document(site.documents.get(d)?),
        JobKey::Search => Job::Search,
        JobKey::Data => Job::Data,
        JobKey::Accessibility => Job::Accessibility,
        JobKey::Glossary => Job::Glossary,
        JobKey::NotFound => Job::NotFound,
    })
}

impl Job<'_> {
    pub fn key(&self) -> JobKey {
        match *self {
            Job::Home => JobKey::Home,
            Job::CaseLists => JobKey::CaseLists,
            Job::Case(case) => JobKey::Case(case.id.clone()),
            Job::Response(case, r) => JobKey::Response(case.id.clone(), r.body.clone()),
            Job::Statement(case, s) => JobKey::Statement(case.id.clone(), s.id.clone()),
            Job::Bodies => JobKey::Bodies,
            Job::Body(b) => JobKey::Body(b.id.clone()),
            Job::Parties => JobKey::Parties,
            Job::Party(p) => JobKey::Party(p.id.clone()),
            Job::Persons => JobKey::Persons,
            Job::Person(p) => JobKey::Person(p.slug.clone()),
            Job::Documents => JobKey::Documents,
            Job::Document(d) => JobKey::Document(d.id.clone()),
            Job::Search => JobKey::Search,
            Job::Data => JobKey::Data,
            Job::Accessibility => JobKey::Accessibility,
            Job::Glossary => JobKey::Glossary,
            Job::NotFound => JobKey::NotFound,
        }
    }

    /// The pages of this job, with their contexts.
    pub fn pages(&self, site: &Site, theme: &Theme) -> Vec<Page> {
        match *self {
            Job::Home => vec![home(site, theme)],
            Job::CaseLists => case_lists(site, theme),
            Job::Case(case) => vec![case_page(site, theme, case)],
            Job::Response(case, r) => vec![response_page(site, theme, case, r)],
            Job::Statement(case, s) => vec![statement_page(site, theme, case, s)],
            Job::Bodies => vec![bodies(site, theme)],
            Job::Body(b) => vec![body_page(site, theme, b)],
            Job::Parties => vec![parties(site, theme)],
            Job::Party(p) => vec![party_page(site, theme, p)],
            Job::Persons => vec![persons(site, theme)],
            Job::Person(p) => vec![person_page(site, theme, p)],
            Job::Documents => vec![documents(site, theme)],
            Job::Document(d) => vec![document_page(site, theme, d)],
            Job::Search => vec![simple(site, theme, "search.html", paths::SEARCH, "search", "nav.search")],
            Job::Data => vec![data_page(site, theme)],
            Job::Accessibility => {
                vec![simple(site, theme, "accessibility.html", paths::ACCESSIBILITY, "", "a11y.title")]
            }
            Job::Glossary => vec![simple(site, theme, "glossary.html", paths::GLOSSARY, "glossary", "glossary.title")],
            Job::NotFound => vec![not_found(site, theme)],
        }
    }
}

/// The context every page shares.
fn base(site: &Site, path: &str, title: &str, section: &str) -> tera::Context {
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

fn views<'a>(site: &'a Site, theme: &'a Theme, from: &'a str) -> Views<'a> {
    Views { site, theme, from }
}

fn page(template: &'static str, path: String, context: tera::Context) -> Page {
    Page { template, path, context }
}

fn feed_link(v: &Views, path: &str, title: String) -> Vec<LinkView> {
    vec![LinkView { href: v.href(path), text: title }]
}

fn sorted_newest(site: &Site) -> Vec<&Case> {
    let mut cases: Vec<&Case> = site.cases.values().collect();
    cases.sort_by(|a, b| b.date().cmp(&a.date()).then_with(|| a.id.cmp(&b.id)));
    cases
}

fn home(site: &Site, theme: &Theme) -> Page {
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

fn simple(site: &Site, theme: &Theme, template: &'static str, path: &str, section: &str, title_key: &str) -> Page {
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

fn data_page(site: &Site, theme: &Theme) -> Page {
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
fn not_found(site: &Site, theme: &Theme) -> Page {
    let mut c = base(site, "", &theme.t("not_found.title"), "");
    let base_path = site.config.base_url.splitn(4, '/').nth(3).map_or("/".to_string(), |p| format!("/{p}"));
    c.insert("root", &base_path);
    page("404.html", "404.html".into(), c)
}
