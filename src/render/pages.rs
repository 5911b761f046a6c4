//! One function per page kind: each returns the template, the output path
//! and the context, built from views relative to that page.

use super::Theme;
use super::views::*;
use crate::markdown;
use crate::model::*;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

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

/// The list of all cases, plus one pre-filtered list per year, status and
/// referrer, so filtering works without JavaScript.
fn case_lists(site: &Site, theme: &Theme) -> Vec<Page> {
    let newest = sorted_newest(site);
    let mut facets: BTreeMap<(u8, String), (String, Vec<&Case>)> = BTreeMap::new();
    for case in &newest {
        let year = case.date().year;
        facets.entry((0, format!("ar-{year}"))).or_insert_with(|| (year.to_string(), Vec::new())).1.push(case);
        let status = theme.t(&format!("status.{}", case.status.key()));
        facets.entry((1, format!("status-{}", case.status.key()))).or_insert_with(|| (status, Vec::new())).1.push(case);
        let referrer = format!("remittent-{}", slugify(&case.referrer));
        facets.entry((2, referrer)).or_insert_with(|| (case.referrer.clone(), Vec::new())).1.push(case);
    }
    let groups = ["filter.year", "filter.status", "filter.referrer"];
    let mut pages = Vec::new();
    let mut lists: Vec<(String, String, Vec<&Case>)> = vec![(paths::CASES.into(), String::new(), newest.clone())];
    for ((_, slug), (label, cases)) in &facets {
        lists.push((paths::case_filter(slug), label.clone(), cases.clone()));
    }
    for (path, label, cases) in lists {
        let title = if label.is_empty() { theme.t("nav.cases") } else { format!("{}: {label}", theme.t("nav.cases")) };
        let mut c = base(site, &path, &title, "cases");
        let v = views(site, theme, &path);
        let rows: Vec<CaseRow> = cases.iter().map(|c| v.case_row(c)).collect();
        let mut filter_groups = Vec::new();
        for (i, group) in groups.iter().enumerate() {
            let links: Vec<serde_json::Value> = facets
                .iter()
                .filter(|((g, _), _)| usize::from(*g) == i)
                .map(|((_, slug), (l, cases))| {
                    let target = paths::case_filter(slug);
                    json!({ "href": v.href(&target), "text": l, "count": cases.len(), "current": target == path })
                })
                .collect();
            filter_groups.push(json!({ "label": theme.t(group), "links": links }));
        }
        c.insert("cases", &rows);
        c.insert("filter_label", &label);
        c.insert("filter_groups", &filter_groups);
        c.insert("all_href", &v.href(paths::CASES));
        pages.push(page("cases.html", path, c));
    }
    pages
}

#[derive(Serialize)]
struct TimelineEntry {
    date: DateView,
    text: String,
    href: Option<String>,
    future: bool,
}

#[derive(Serialize)]
struct ReferredRow {
    body: LinkView,
    response: Option<ResponseRow>,
}

#[derive(Serialize)]
struct StatementGroup {
    body: LinkView,
    statements: Vec<StatementRow>,
}

fn attachments_view(v: &Views, list: &[Attachment]) -> Vec<serde_json::Value> {
    list.iter().map(|a| json!({ "href": v.href(&crate::url::encode_path(&a.path)), "name": a.file_name, "size": human_size(a.bytes) })).collect()
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1_000_000.0),
        b if b >= 1_000 => format!("{} kB", b / 1_000),
        b => format!("{b} B"),
    }
}

fn statement_groups(v: &Views, case: &Case, only_body: Option<&str>) -> Vec<StatementGroup> {
    let mut groups: Vec<StatementGroup> = Vec::new();
    for s in case.statements.iter().filter(|s| only_body.is_none_or(|b| b == s.body)) {
        let row = v.statement_row(case, s);
        match groups.last_mut() {
            Some(g) if g.body.href == row.body.href => g.statements.push(row),
            _ => groups.push(StatementGroup { body: row.body.clone(), statements: vec![row] }),
        }
    }
    groups
}

fn case_page(site: &Site, theme: &Theme, case: &Case) -> Page {
    let path = paths::case(&case.id);
    let mut c = base(site, &path, &case.title, "cases");
    let v = views(site, theme, &path);
    let mut timeline = Vec::new();
    let mut push = |date: Option<Date>, text: String, href: Option<String>| {
        if let Some(d) = date {
            timeline.push(TimelineEntry { date: v.date(d), text, href, future: d > site.today });
        }
    };
    push(case.received, theme.t("timeline.received"), None);
    for r in case.responses.values() {
        let body = v.body(&r.body);
        let href = Some(v.href(&paths::response(&case.id, &r.body)));
        if let Some(d) = r.drafted {
            let by = r.drafted_by.as_deref().map_or_else(|| body.text.clone(), |b| v.body(b).text);
            push(Some(d), format!("{}: {}", by, theme.t("timeline.drafted")), href.clone());
        }
        if r.meeting.is_some() {
            push(r.meeting, format!("{}: {}", body.text, theme.t("timeline.meeting")), href);
        }
    }
    if let Some(r) = &case.rapporteur {
        push(case.rapporteur_date, format!("{}: {}", theme.t("timeline.rapporteur"), r.name), None);
    }
    push(case.internal_deadline, theme.t("timeline.internal_deadline"), None);
    push(Some(case.deadline), theme.t("timeline.deadline"), None);
    push(case.decided, format!("{}: {}", v.body(&case.decided_by).text, theme.t("timeline.decided")), None);
    timeline.sort_by(|a, b| a.date.iso.cmp(&b.date.iso));

    let mut referred: Vec<String> = case.referred_to.clone();
    for body in case.responses.keys() {
        if !referred.contains(body) {
            referred.push(body.clone());
        }
    }
    let referred: Vec<ReferredRow> = referred
        .iter()
        .map(|b| ReferredRow { body: v.body(b), response: case.responses.get(b).map(|r| v.response_row(case, r)) })
        .collect();
    let rapporteur = case.rapporteur.as_ref().map(|r| {
        json!({ "name": r.name, "title": r.title, "href": v.href(&paths::person(&r.person)), "date": v.opt_date(case.rapporteur_date) })
    });
    let related_from: Vec<LinkView> = site
        .links
        .cases_related_from
        .get(&case.id)
        .into_iter()
        .flatten()
        // A case both names and is named by is listed once, under `related`.
        .filter(|id| !case.related_cases.contains(id))
        .filter_map(|id| site.cases.get(id))
        .map(|c| v.case_link(c))
        .collect();
    let related: Vec<LinkView> =
        case.related_cases.iter().filter_map(|id| site.cases.get(id)).map(|c| v.case_link(c)).collect();
    c.insert("case", &json!({
        "row": v.case_row(case),
        "pm": case.pm,
        "received": v.opt_date(case.received),
        "internal_deadline": v.opt_date(case.internal_deadline),
        "decided_by": v.body(&case.decided_by),
        // Said when no body answered: the deciding body's office drafted what it decided on.
        "decided_by_office": site.bodies.get(&case.decided_by).and_then(|b| b.office.as_deref()).map(|o| v.body(o)),
        "answered": case.answered,
        "rapporteur": rapporteur,
        "decision": case.decision.iter().map(|d| markdown::render(&Markdown { source: d.as_str().into(), dir: String::new() }, &path)).collect::<Vec<_>>(),
        "earlier_answers": case.earlier_answers,
        "tags": case.tags,
        "draft": case.draft,
        "html": markdown::render(&case.text, &path),
    }));
    c.insert("timeline", &timeline);
    c.insert("referred", &referred);
    c.insert("statement_groups", &statement_groups(&v, case, None));
    c.insert("motions", &case.motions.iter().map(|m| v.motion(case, m)).collect::<Vec<_>>());
    c.insert("votes", &case.votes.iter().map(|vote| v.vote(case, vote)).collect::<Vec<_>>());
    c.insert("attachments", &attachments_view(&v, &case.attachments));
    c.insert("related", &related);
    c.insert("related_from", &related_from);
    c.insert("breadcrumbs", &vec![LinkView { href: v.href(paths::CASES), text: theme.t("nav.cases") }]);
    page("case.html", path, c)
}

fn response_page(site: &Site, theme: &Theme, case: &Case, r: &Response) -> Page {
    let path = paths::response(&case.id, &r.body);
    let body = site.bodies.get(&r.body).map_or(r.body.as_str(), |b| b.name.as_str());
    let title = format!("{body}: {}", case.title);
    let mut c = base(site, &path, &title, "cases");
    let v = views(site, theme, &path);
    let doc_proposals: Vec<(&Document, &Proposal)> = case
        .documents
        .iter()
        .filter_map(|d| site.documents.get(d))
        .flat_map(|d| d.proposals.iter().map(move |p| (d, p)))
        .filter(|(_, p)| r.proposals.contains_key(&p.id))
        .collect();
    let proposals: Vec<serde_json::Value> = doc_proposals
        .iter()
        .map(|(d, p)| {
            json!({
                "title": p.title,
                "href": format!("{}#{}", v.href(&paths::document(&d.id)), p.id),
                "stance": v.stance(r.proposals[&p.id]),
                "note": r.proposal_notes.get(&p.id),
            })
        })
        .collect();
    let md = |s: &String| markdown::render(&Markdown { source: s.as_str().into(), dir: String::new() }, &path);
    c.insert(
        "response",
        &json!({
            "row": v.response_row(case, r),
            "case_row": v.case_row(case),
            "drafted_by": r.drafted_by.as_deref().map(|b| v.body(b)),
            "proposed_decision": r.proposed_decision.as_ref().map(md),
            "decision": r.decision.iter().map(md).collect::<Vec<_>>(),
            "joint_with": r.joint_with.iter().map(|b| v.body(b)).collect::<Vec<_>>(),
            "proposals": proposals,
            "html": markdown::render(&r.text, &path),
        }),
    );
    c.insert("statement_groups", &statement_groups(&v, case, Some(&r.body)));
    c.insert("attachments", &attachments_view(&v, &r.attachments));
    c.insert(
        "breadcrumbs",
        &vec![LinkView { href: v.href(paths::CASES), text: theme.t("nav.cases") }, v.case_link(case)],
    );
    page("response.html", path, c)
}

fn statement_page(site: &Site, theme: &Theme, case: &Case, s: &Statement) -> Page {
    let path = paths::statement(&case.id, &s.id);
    let v = views(site, theme, &path);
    let title = v.statement_title(s);
    let mut c = base(site, &path, &title, "cases");
    let same_as_text = s.same_as.as_ref().and_then(|o| case.statement(o)).map(|o| markdown::render(&o.text, &path));
    let key = StatementRef { case: case.id.clone(), statement: s.id.clone() };
    let joined_by: Vec<LinkView> =
        site.links.joined_by.get(&key).into_iter().flatten().map(|id| v.statement_link(case, id)).collect();
    let same_as_from: Vec<LinkView> =
        site.links.same_as_from.get(&key).into_iter().flatten().map(|id| v.statement_link(case, id)).collect();
    let response = case.responses.get(&s.body).map(|r| v.response_row(case, r));
    c.insert(
        "statement",
        &json!({
            "row": v.statement_row(case, s),
            "title": title,
            "html": markdown::render(&s.text, &path),
            "same_as_html": same_as_text,
            "joined_by": joined_by,
            "same_as_from": same_as_from,
            "response": response,
            "case_row": v.case_row(case),
        }),
    );
    c.insert("attachments", &attachments_view(&v, &s.attachments));
    c.insert(
        "breadcrumbs",
        &vec![LinkView { href: v.href(paths::CASES), text: theme.t("nav.cases") }, v.case_link(case)],
    );
    page("statement.html", path, c)
}

fn bodies(site: &Site, theme: &Theme) -> Page {
    let path = paths::BODIES;
    let mut c = base(site, path, &theme.t("nav.bodies"), "bodies");
    let v = views(site, theme, path);
    let mut groups: Vec<serde_json::Value> = Vec::new();
    for kind in BodyKind::ALL {
        let list: Vec<serde_json::Value> = site
            .bodies
            .values()
            .filter(|b| b.kind == *kind)
            .map(|b| {
                let n = site.links.responses_by_body.get(&b.id).map_or(0, Vec::len);
                json!({ "link": v.body(&b.id), "responses": n })
            })
            .collect();
        if !list.is_empty() {
            groups.push(json!({ "label": theme.t(&format!("body_kind_plural.{}", kind.key())), "bodies": list }));
        }
    }
    c.insert("groups", &groups);
    page("bodies.html", path.into(), c)
}

fn body_page(site: &Site, theme: &Theme, b: &Body) -> Page {
    let path = paths::body(&b.id);
    let mut c = base(site, &path, &b.name, "bodies");
    let v = views(site, theme, &path);
    let mut responses: Vec<(Option<Date>, ResponseRow)> = site
        .links
        .responses_by_body
        .get(&b.id)
        .into_iter()
        .flatten()
        .filter_map(|r| site.response(r))
        .map(|(case, r)| (r.date().or(Some(case.date())), v.response_row(case, r)))
        .collect();
    responses.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.href.cmp(&b.1.href)));
    let statements: Vec<StatementRow> = site
        .links
        .statements_by_body
        .get(&b.id)
        .into_iter()
        .flatten()
        .filter_map(|r| site.statement(r))
        .map(|(case, s)| v.statement_row(case, s))
        .collect();
    let ids = |m: &BTreeMap<String, Vec<String>>| -> Vec<CaseRow> {
        m.get(&b.id).into_iter().flatten().filter_map(|id| site.cases.get(id)).map(|c| v.case_row(c)).collect()
    };
    let unanswered: Vec<CaseRow> = site
        .links
        .cases_referred_to
        .get(&b.id)
        .into_iter()
        .flatten()
        .filter_map(|id| site.cases.get(id))
        .filter(|c| !c.responses.contains_key(&b.id))
        .map(|c| v.case_row(c))
        .collect();
    let prepares: Vec<LinkView> = site.links.offices_of.get(&b.id).into_iter().flatten().map(|id| v.body(id)).collect();
    c.insert(
        "body",
        &json!({
            "name": b.name,
            "kind": theme.t(&format!("body_kind.{}", b.kind.key())),
            "office": b.office.as_deref().map(|o| v.body(o)),
            "prepares_for": prepares,
            "url": b.url,
            "html": markdown::render(&b.text, &path),
        }),
    );
    c.insert("responses", &responses.into_iter().map(|(_, r)| r).collect::<Vec<_>>());
    c.insert("statements", &statements);
    let votes: Vec<VoteRow> = site
        .links
        .votes_by_body
        .get(&b.id)
        .into_iter()
        .flatten()
        .filter_map(|r| site.vote(r))
        .map(|(case, vote)| v.vote_row(case, vote, None))
        .collect();
    c.insert("decided", &ids(&site.links.cases_decided_by));
    c.insert("unanswered", &unanswered);
    c.insert("votes", &votes);
    c.insert(
        "feeds",
        &feed_link(&v, &paths::feed_of(&paths::body(&b.id)), format!("{}: {}", theme.t("feed.for"), b.name)),
    );
    c.insert("breadcrumbs", &vec![LinkView { href: v.href(paths::BODIES), text: theme.t("nav.bodies") }]);
    page("body.html", path, c)
}

fn parties(site: &Site, theme: &Theme) -> Page {
    let path = paths::PARTIES;
    let mut c = base(site, path, &theme.t("nav.parties"), "parties");
    let v = views(site, theme, path);
    let list: Vec<serde_json::Value> = site
        .parties
        .values()
        .map(|p| json!({ "party": v.party(&p.id), "statements": site.links.statements_by_party.get(&p.id).map_or(0, Vec::len) }))
        .collect();
    c.insert("parties", &list);
    page("parties.html", path.into(), c)
}

fn party_page(site: &Site, theme: &Theme, p: &Party) -> Page {
    let path = paths::party(&p.id);
    let mut c = base(site, &path, &p.name, "parties");
    let v = views(site, theme, &path);
    let statements: Vec<StatementRow> = site
        .links
        .statements_by_party
        .get(&p.id)
        .into_iter()
        .flatten()
        .filter_map(|r| site.statement(r))
        .map(|(case, s)| v.statement_row(case, s))
        .collect();
    let people: Vec<LinkView> = site
        .persons
        .values()
        .filter(|person| person.parties.contains(&p.id))
        .map(|person| LinkView { href: v.href(&paths::person(&person.slug)), text: person.name.clone() })
        .collect();
    c.insert(
        "party",
        &json!({
            "view": v.party(&p.id),
            "aliases": p.aliases,
            "html": markdown::render(&p.text, &path),
        }),
    );
    let motions: Vec<MotionRow> = site
        .links
        .motions_by_party
        .get(&p.id)
        .into_iter()
        .flatten()
        .filter_map(|r| site.motion(r))
        .map(|(case, m)| v.motion_row(case, m))
        .collect();
    let votes: Vec<VoteRow> = site
        .links
        .votes_by_party
        .get(&p.id)
        .into_iter()
        .flatten()
        .filter_map(|r| site.vote(r))
        .map(|(case, vote)| v.vote_row(case, vote, v.party_ballots(vote, &p.id)))
        .collect();
    c.insert("statements", &statements);
    c.insert("people", &people);
    c.insert("motions", &motions);
    c.insert("votes", &votes);
    c.insert(
        "feeds",
        &feed_link(&v, &paths::feed_of(&paths::party(&p.id)), format!("{}: {}", theme.t("feed.for"), p.name)),
    );
    c.insert("breadcrumbs", &vec![LinkView { href: v.href(paths::PARTIES), text: theme.t("nav.parties") }]);
    page("party.html", path, c)
}

fn persons(site: &Site, theme: &Theme) -> Page {
    let path = paths::PERSONS;
    let mut c = base(site, path, &theme.t("nav.persons"), "persons");
    let v = views(site, theme, path);
    let mut list: Vec<&Person> = site.persons.values().collect();
    list.sort_by_key(|a| surname_key(&a.name));
    let list: Vec<serde_json::Value> = list
        .into_iter()
        .map(|p| {
            // What the person did, each kind counted once and only when there is some.
            let activity: Vec<Count> = [
                ("statements", p.statements.len()),
                ("motions", p.motions.len()),
                ("votes", p.votes.len()),
                ("reported", p.reported.len()),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(key, n)| Count { key, n })
            .collect();
            json!({
                "href": v.href(&paths::person(&p.slug)),
                "name": p.name,
                "parties": p.parties.iter().map(|id| v.party(id)).collect::<Vec<_>>(),
                "activity": activity,
            })
        })
        .collect();
    c.insert("persons", &list);
    page("persons.html", path.into(), c)
}

/// Sort people by surname, then given names, as a list of politicians is read.
/// A number of things of one kind; `key` names its noun's forms in the theme's `[count]`.
#[derive(Serialize)]
struct Count {
    key: &'static str,
    n: usize,
}

fn surname_key(name: &str) -> String {
    let mut parts: Vec<&str> = name.split_whitespace().collect();
    let last = parts.pop().unwrap_or("");
    format!("{} {}", slugify(last), slugify(&parts.join(" ")))
}

fn person_page(site: &Site, theme: &Theme, p: &Person) -> Page {
    let path = paths::person(&p.slug);
    let mut c = base(site, &path, &p.name, "persons");
    let v = views(site, theme, &path);
    let statements: Vec<StatementRow> =
        p.statements.iter().filter_map(|r| site.statement(r)).map(|(case, s)| v.statement_row(case, s)).collect();
    let reported: Vec<CaseRow> = p.reported.iter().filter_map(|id| site.cases.get(id)).map(|c| v.case_row(c)).collect();
    c.insert(
        "person",
        &json!({
            "name": p.name,
            "parties": p.parties.iter().map(|id| v.party(id)).collect::<Vec<_>>(),
            "titles": p.titles,
        }),
    );
    let motions: Vec<MotionRow> =
        p.motions.iter().filter_map(|r| site.motion(r)).map(|(case, m)| v.motion_row(case, m)).collect();
    let votes: Vec<VoteRow> = p
        .votes
        .iter()
        .filter_map(|r| site.vote(r))
        .map(|(case, vote)| v.vote_row(case, vote, v.person_ballot(vote, &p.slug)))
        .collect();
    c.insert("statements", &statements);
    c.insert("reported", &reported);
    c.insert("motions", &motions);
    c.insert("votes", &votes);
    c.insert("breadcrumbs", &vec![LinkView { href: v.href(paths::PERSONS), text: theme.t("nav.persons") }]);
    page("person.html", path, c)
}

fn documents(site: &Site, theme: &Theme) -> Page {
    let path = paths::DOCUMENTS;
    let mut c = base(site, path, &theme.t("nav.documents"), "documents");
    let v = views(site, theme, path);
    let list: Vec<serde_json::Value> = site
        .documents
        .values()
        .map(|d| {
            json!({
                "href": v.href(&paths::document(&d.id)),
                "designation": d.designation,
                "title": d.title,
                "date": v.opt_date(d.date),
                "cases": site.links.cases_by_document.get(&d.id).map_or(0, Vec::len),
                "proposals": d.proposals.len(),
            })
        })
        .collect();
    c.insert("documents", &list);
    page("documents.html", path.into(), c)
}

#[derive(Serialize)]
struct MatrixRow {
    body: LinkView,
    case: LinkView,
    response_href: String,
    overall: StanceView,
    cells: Vec<Option<MatrixCell>>,
}

#[derive(Serialize)]
struct MatrixCell {
    stance: StanceView,
    note: Option<String>,
}

fn document_page(site: &Site, theme: &Theme, d: &Document) -> Page {
    let path = paths::document(&d.id);
    let title = format!("{} {}", d.designation, d.title);
    let mut c = base(site, &path, &title, "documents");
    let v = views(site, theme, &path);
    let cases: Vec<&Case> =
        site.links.cases_by_document.get(&d.id).into_iter().flatten().filter_map(|id| site.cases.get(id)).collect();
    let mut rows = Vec::new();
    let mut by_proposal: BTreeMap<&str, Vec<(Stance, serde_json::Value)>> = BTreeMap::new();
    for case in &cases {
        for r in case.responses.values() {
            let cells = d
                .proposals
                .iter()
                .map(|p| {
                    r.proposals
                        .get(&p.id)
                        .map(|s| MatrixCell { stance: v.stance(*s), note: r.proposal_notes.get(&p.id).cloned() })
                })
                .collect();
            for p in &d.proposals {
                if let Some(s) = r.proposals.get(&p.id) {
                    by_proposal.entry(p.id.as_str()).or_default().push((
                        *s,
                        json!({
                            "body": v.body(&r.body),
                            "case": v.case_link(case),
                            "response_href": v.href(&paths::response(&case.id, &r.body)),
                            "stance": v.stance(*s),
                            "note": r.proposal_notes.get(&p.id),
                        }),
                    ));
                }
            }
            rows.push(MatrixRow {
                body: v.body(&r.body),
                case: v.case_link(case),
                response_href: v.href(&paths::response(&case.id, &r.body)),
                overall: v.stance(r.stance),
                cells,
            });
        }
    }
    // Under each proposal the bodies are grouped by stance, most positive first:
    // the matrix read one column at a time, as a phone shows it.
    let proposals: Vec<serde_json::Value> = d
        .proposals
        .iter()
        .map(|p| {
            let mut stances = by_proposal.remove(p.id.as_str()).unwrap_or_default();
            stances.sort_by_key(|(s, _)| *s);
            let stances: Vec<serde_json::Value> = stances.into_iter().map(|(_, view)| view).collect();
            json!({ "id": p.id, "title": p.title, "summary": p.summary, "stances": stances })
        })
        .collect();
    let related: Vec<LinkView> = d.related.iter().map(|id| v.document(id)).collect();
    let related_from: Vec<LinkView> =
        site.links.documents_related_from.get(&d.id).into_iter().flatten().map(|id| v.document(id)).collect();
    c.insert(
        "document",
        &json!({
            "designation": d.designation,
            "title": d.title,
            "kind": theme.t(&format!("document_kind.{}", d.kind.key())),
            "date": v.opt_date(d.date),
            "author": d.author,
            "url": d.url,
            "html": markdown::render(&d.text, &path),
        }),
    );
    c.insert("proposals", &proposals);
    c.insert("matrix", &rows);
    c.insert("cases", &cases.iter().map(|c| v.case_row(c)).collect::<Vec<_>>());
    c.insert("related", &related);
    c.insert("related_from", &related_from);
    c.insert("legend", &Stance::ALL.iter().map(|s| v.stance(*s)).collect::<Vec<_>>());
    c.insert(
        "feeds",
        &feed_link(&v, &paths::feed_of(&paths::document(&d.id)), format!("{}: {}", theme.t("feed.for"), d.designation)),
    );
    c.insert("breadcrumbs", &vec![LinkView { href: v.href(paths::DOCUMENTS), text: theme.t("nav.documents") }]);
    page("document.html", path, c)
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
