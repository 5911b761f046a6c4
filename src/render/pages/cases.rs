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

pub(super) fn attachments_view(v: &Views, list: &[Attachment]) -> Vec<serde_json::Value> {
    list.iter().map(|a| json!({ "href": v.href(&crate::url::encode_path(&a.path)), "name": a.file_name, "size": human_size(a.bytes) })).collect()
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

pub(super) fn case_page(site: &Site, theme: &Theme, case: &Case) -> Page {
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

pub(super) fn response_page(site: &Site, theme: &Theme, case: &Case, r: &Response) -> Page {
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

pub(super) fn statement_page(site: &Site, theme: &Theme, case: &Case, s: &Statement) -> Page {
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
