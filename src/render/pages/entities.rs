//! The pages of bodies, parties, persons and documents, and their lists.

use super::*;

pub(super) fn bodies(site: &Site, theme: &Theme) -> Page {
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

pub(super) fn body_page(site: &Site, theme: &Theme, b: &Body) -> Page {
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

pub(super) fn parties(site: &Site, theme: &Theme) -> Page {
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

pub(super) fn party_page(site: &Site, theme: &Theme, p: &Party) -> Page {
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

pub(super) fn persons(site: &Site, theme: &Theme) -> Page {
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
pub(super) struct Count {
    key: &'static str,
    n: usize,
}

pub(super) fn surname_key(name: &str) -> String {
    let mut parts: Vec<&str> = name.split_whitespace().collect();
    let last = parts.pop().unwrap_or("");
    format!("{} {}", slugify(last), slugify(&parts.join(" ")))
}

pub(super) fn person_page(site: &Site, theme: &Theme, p: &Person) -> Page {
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

pub(super) fn documents(site: &Site, theme: &Theme) -> Page {
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
pub(super) struct MatrixRow {
    body: LinkView,
    case: LinkView,
    response_href: String,
    overall: StanceView,
    cells: Vec<Option<MatrixCell>>,
}

#[derive(Serialize)]
pub(super) struct MatrixCell {
    stance: StanceView,
    note: Option<String>,
}

pub(super) fn document_page(site: &Site, theme: &Theme, d: &Document) -> Page {
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
