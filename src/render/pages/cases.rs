//! The pages of cases: the case lists, and each case, response and statement.

use super::*;

/// The list of all cases, plus one pre-filtered list per year, status and
/// referrer, so filtering works without JavaScript.
pub(super) fn case_lists(site: &Site, theme: &Theme) -> Vec<Page> {
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
        let v = views(site, theme, &path);
        let mut filter_groups = Vec::new();
        for (i, group) in groups.iter().enumerate() {
            let links = facets
                .iter()
                .filter(|((g, _), _)| usize::from(*g) == i)
                .map(|((_, slug), (l, cases))| {
                    let target = paths::case_filter(slug);
                    FilterLink { href: v.href(&target), text: l, count: cases.len(), current: target == path }
                })
                .collect();
            filter_groups.push(FilterGroup { label: theme.t(group), links });
        }
        let context = CasesPage {
            base: base(site, &path, &title, "cases"),
            cases: cases.iter().map(|c| v.case_row(c)).collect(),
            filter_label: &label,
            filter_groups,
            all_href: v.href(paths::CASES),
        };
        pages.push(page("cases.html", &path, &context));
    }
    pages
}

#[derive(Serialize)]
struct CasesPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    cases: Vec<CaseRow>,
    /// The year, status or referrer this list is filtered by; empty for all cases.
    filter_label: &'a str,
    filter_groups: Vec<FilterGroup<'a>>,
    all_href: String,
}

#[derive(Serialize)]
struct FilterGroup<'a> {
    label: String,
    links: Vec<FilterLink<'a>>,
}

#[derive(Serialize)]
struct FilterLink<'a> {
    href: String,
    text: &'a str,
    count: usize,
    /// Whether this is the list shown.
    current: bool,
}

#[derive(Serialize)]
pub(super) struct TimelineEntry {
    date: DateView,
    text: String,
    href: Option<String>,
    future: bool,
}

#[derive(Serialize)]
pub(super) struct ReferredRow {
    body: LinkView,
    response: Option<ResponseRow>,
}

#[derive(Serialize)]
pub(super) struct StatementGroup {
    body: LinkView,
    statements: Vec<StatementRow>,
}

#[derive(Serialize)]
pub(super) struct AttachmentView<'a> {
    href: String,
    name: &'a str,
    size: String,
}

pub(super) fn attachments_view<'a>(v: &Views, list: &'a [Attachment]) -> Vec<AttachmentView<'a>> {
    let view = |a: &'a Attachment| AttachmentView {
        href: v.href(&crate::url::encode_path(&a.path)),
        name: &a.file_name,
        size: human_size(a.bytes),
    };
    list.iter().map(view).collect()
}

pub(super) fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1_000_000.0),
        b if b >= 1_000 => format!("{} kB", b / 1_000),
        b => format!("{b} B"),
    }
}

pub(super) fn statement_groups(v: &Views, case: &Case, only_body: Option<&str>) -> Vec<StatementGroup> {
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

#[derive(Serialize)]
struct CasePage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    case: CaseView<'a>,
    timeline: Vec<TimelineEntry>,
    /// Every body the case was referred to or that answered, with its answer.
    referred: Vec<ReferredRow>,
    statement_groups: Vec<StatementGroup>,
    motions: Vec<MotionView>,
    votes: Vec<VoteView>,
    attachments: Vec<AttachmentView<'a>>,
    /// The cases this case names.
    related: Vec<LinkView>,
    /// The cases that name this one (and that it does not name back).
    related_from: Vec<LinkView>,
}

#[derive(Serialize)]
struct CaseView<'a> {
    row: CaseRow,
    pm: Option<&'a str>,
    received: Option<DateView>,
    internal_deadline: Option<DateView>,
    decided_by: LinkView,
    /// Said when no body answered: the deciding body's office drafted what it decided on.
    decided_by_office: Option<LinkView>,
    answered: bool,
    rapporteur: Option<RapporteurView<'a>>,
    /// The points of the decision, as HTML.
    decision: Vec<String>,
    earlier_answers: &'a [String],
    tags: &'a [String],
    draft: bool,
    html: String,
}

#[derive(Serialize)]
struct RapporteurView<'a> {
    name: &'a str,
    title: Option<&'a str>,
    href: String,
    date: Option<DateView>,
}

/// One point of a decision (Markdown, a line), as HTML.
fn point(source: &str, path: &str) -> String {
    markdown::render(&Markdown { source: source.into(), dir: String::new() }, path)
}

pub(super) fn case_page(site: &Site, theme: &Theme, case: &Case) -> Page {
    let path = paths::case(&case.id);
    let v = views(site, theme, &path);
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
    let rapporteur = case.rapporteur.as_ref().map(|r| RapporteurView {
        name: &r.name,
        title: r.title.as_deref(),
        href: v.href(&paths::person(&r.person)),
        date: v.opt_date(case.rapporteur_date),
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
    let view = CaseView {
        row: v.case_row(case),
        pm: case.pm.as_deref(),
        received: v.opt_date(case.received),
        internal_deadline: v.opt_date(case.internal_deadline),
        decided_by: v.body(&case.decided_by),
        decided_by_office: site.bodies.get(&case.decided_by).and_then(|b| b.office.as_deref()).map(|o| v.body(o)),
        answered: case.answered,
        rapporteur,
        decision: case.decision.iter().map(|d| point(d, &path)).collect(),
        earlier_answers: &case.earlier_answers,
        tags: &case.tags,
        draft: case.draft,
        html: markdown::render(&case.text, &path),
    };
    let mut base = base(site, &path, &case.title, "cases");
    base.breadcrumbs = vec![crumb(&v, paths::CASES, "nav.cases")];
    let context = CasePage {
        base,
        case: view,
        timeline: timeline(site, &v, case),
        referred,
        statement_groups: statement_groups(&v, case, None),
        motions: case.motions.iter().map(|m| v.motion(case, m)).collect(),
        votes: case.votes.iter().map(|vote| v.vote(case, vote)).collect(),
        attachments: attachments_view(&v, &case.attachments),
        related,
        related_from,
    };
    page("case.html", &path, &context)
}

/// The dates of a case, from its receipt to the decision, in order.
fn timeline(site: &Site, v: &Views, case: &Case) -> Vec<TimelineEntry> {
    let theme = v.theme;
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
    timeline
}

#[derive(Serialize)]
struct ResponsePage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    response: ResponseView<'a>,
    /// The statements made at the meeting of the body that answered.
    statement_groups: Vec<StatementGroup>,
    attachments: Vec<AttachmentView<'a>>,
}

#[derive(Serialize)]
struct ResponseView<'a> {
    row: ResponseRow,
    case_row: CaseRow,
    drafted_by: Option<LinkView>,
    proposed_decision: Option<String>,
    decision: Vec<String>,
    joint_with: Vec<LinkView>,
    proposals: Vec<ProposalStance<'a>>,
    html: String,
}

/// The body's stance on one proposal of the case's documents.
#[derive(Serialize)]
struct ProposalStance<'a> {
    title: &'a str,
    href: String,
    stance: StanceView,
    note: Option<&'a String>,
}

pub(super) fn response_page(site: &Site, theme: &Theme, case: &Case, r: &Response) -> Page {
    let path = paths::response(&case.id, &r.body);
    let body = site.bodies.get(&r.body).map_or(r.body.as_str(), |b| b.name.as_str());
    let title = format!("{body}: {}", case.title);
    let v = views(site, theme, &path);
    let proposals = case
        .documents
        .iter()
        .filter_map(|d| site.documents.get(d))
        .flat_map(|d| d.proposals.iter().map(move |p| (d, p)))
        .filter_map(|(d, p)| {
            Some(ProposalStance {
                title: &p.title,
                href: format!("{}#{}", v.href(&paths::document(&d.id)), p.id),
                stance: v.stance(*r.proposals.get(&p.id)?),
                note: r.proposal_notes.get(&p.id),
            })
        })
        .collect();
    let view = ResponseView {
        row: v.response_row(case, r),
        case_row: v.case_row(case),
        drafted_by: r.drafted_by.as_deref().map(|b| v.body(b)),
        proposed_decision: r.proposed_decision.as_ref().map(|d| point(d, &path)),
        decision: r.decision.iter().map(|d| point(d, &path)).collect(),
        joint_with: r.joint_with.iter().map(|b| v.body(b)).collect(),
        proposals,
        html: markdown::render(&r.text, &path),
    };
    let mut base = base(site, &path, &title, "cases");
    base.breadcrumbs = vec![crumb(&v, paths::CASES, "nav.cases"), v.case_link(case)];
    let context = ResponsePage {
        base,
        response: view,
        statement_groups: statement_groups(&v, case, Some(&r.body)),
        attachments: attachments_view(&v, &r.attachments),
    };
    page("response.html", &path, &context)
}

#[derive(Serialize)]
struct StatementPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    statement: StatementView<'a>,
    attachments: Vec<AttachmentView<'a>>,
}

#[derive(Serialize)]
struct StatementView<'a> {
    row: StatementRow,
    title: &'a str,
    html: String,
    /// The text of the statement this one says it is the same as.
    same_as_html: Option<String>,
    /// The statements that join this one.
    joined_by: Vec<LinkView>,
    /// The statements that say they are the same as this one.
    same_as_from: Vec<LinkView>,
    /// The answer of the body the statement was made at.
    response: Option<ResponseRow>,
    case_row: CaseRow,
}

pub(super) fn statement_page(site: &Site, theme: &Theme, case: &Case, s: &Statement) -> Page {
    let path = paths::statement(&case.id, &s.id);
    let v = views(site, theme, &path);
    let title = v.statement_title(s);
    let key = StatementRef { case: case.id.clone(), statement: s.id.clone() };
    let links = |m: &BTreeMap<StatementRef, Vec<String>>| -> Vec<LinkView> {
        m.get(&key).into_iter().flatten().map(|id| v.statement_link(case, id)).collect()
    };
    let view = StatementView {
        row: v.statement_row(case, s),
        title: &title,
        html: markdown::render(&s.text, &path),
        same_as_html: s.same_as.as_ref().and_then(|o| case.statement(o)).map(|o| markdown::render(&o.text, &path)),
        joined_by: links(&site.links.joined_by),
        same_as_from: links(&site.links.same_as_from),
        response: case.responses.get(&s.body).map(|r| v.response_row(case, r)),
        case_row: v.case_row(case),
    };
    let mut base = base(site, &path, &title, "cases");
    base.breadcrumbs = vec![crumb(&v, paths::CASES, "nav.cases"), v.case_link(case)];
    let context = StatementPage { base, statement: view, attachments: attachments_view(&v, &s.attachments) };
    page("statement.html", &path, &context)
}
