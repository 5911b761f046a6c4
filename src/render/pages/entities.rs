//! The pages of bodies, parties, persons and documents, and their lists.

use super::*;

#[derive(Serialize)]
struct BodiesPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    /// The bodies by kind: the city office, committees, district committees…
    groups: Vec<BodyGroup>,
}

#[derive(Serialize)]
struct BodyGroup {
    label: String,
    bodies: Vec<BodyEntry>,
}

#[derive(Serialize)]
struct BodyEntry {
    link: LinkView,
    responses: usize,
}

pub(super) fn bodies(site: &Site, theme: &Theme) -> Page {
    let path = paths::BODIES;
    let v = views(site, theme, path);
    let mut groups = Vec::new();
    for kind in BodyKind::ALL {
        let bodies: Vec<BodyEntry> = site
            .bodies
            .values()
            .filter(|b| b.kind == *kind)
            .map(|b| BodyEntry {
                link: v.body(&b.id),
                responses: site.links.responses_by_body.get(&b.id).map_or(0, Vec::len),
            })
            .collect();
        if !bodies.is_empty() {
            groups.push(BodyGroup { label: theme.t(&format!("body_kind_plural.{}", kind.key())), bodies });
        }
    }
    let title = theme.t("nav.bodies");
    page("bodies.html", path, &BodiesPage { base: base(site, path, &title, "bodies"), groups })
}

#[derive(Serialize)]
struct BodyPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    body: BodyView<'a>,
    /// The body's answers, newest first.
    responses: Vec<ResponseRow>,
    /// Statements made at the body's meetings.
    statements: Vec<StatementRow>,
    /// The cases the body decided.
    decided: Vec<CaseRow>,
    /// The cases referred to the body that it has not answered.
    unanswered: Vec<CaseRow>,
    votes: Vec<VoteRow>,
}

#[derive(Serialize)]
struct BodyView<'a> {
    name: &'a str,
    kind: String,
    /// The office that prepares the body's business.
    office: Option<LinkView>,
    /// The bodies whose business this office prepares.
    prepares_for: Vec<LinkView>,
    url: Option<&'a str>,
    html: String,
}

pub(super) fn body_page(site: &Site, theme: &Theme, b: &Body) -> Page {
    let path = paths::body(&b.id);
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
    let body = BodyView {
        name: &b.name,
        kind: theme.t(&format!("body_kind.{}", b.kind.key())),
        office: b.office.as_deref().map(|o| v.body(o)),
        prepares_for: site.links.offices_of.get(&b.id).into_iter().flatten().map(|id| v.body(id)).collect(),
        url: b.url.as_deref(),
        html: markdown::render(&b.text, &path),
    };
    let votes: Vec<VoteRow> = site
        .links
        .votes_by_body
        .get(&b.id)
        .into_iter()
        .flatten()
        .filter_map(|r| site.vote(r))
        .map(|(case, vote)| v.vote_row(case, vote, None))
        .collect();
    let mut base = base(site, &path, &b.name, "bodies");
    base.feeds = feed_link(&v, &paths::feed_of(&paths::body(&b.id)), format!("{}: {}", theme.t("feed.for"), b.name));
    base.breadcrumbs = vec![crumb(&v, paths::BODIES, "nav.bodies")];
    let context = BodyPage {
        base,
        body,
        responses: responses.into_iter().map(|(_, r)| r).collect(),
        statements,
        decided: ids(&site.links.cases_decided_by),
        unanswered,
        votes,
    };
    page("body.html", &path, &context)
}

#[derive(Serialize)]
struct PartiesPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    parties: Vec<PartyEntry>,
}

#[derive(Serialize)]
struct PartyEntry {
    party: PartyView,
    statements: usize,
}

pub(super) fn parties(site: &Site, theme: &Theme) -> Page {
    let path = paths::PARTIES;
    let v = views(site, theme, path);
    let parties = site
        .parties
        .values()
        .map(|p| PartyEntry {
            party: v.party(&p.id),
            statements: site.links.statements_by_party.get(&p.id).map_or(0, Vec::len),
        })
        .collect();
    let title = theme.t("nav.parties");
    page("parties.html", path, &PartiesPage { base: base(site, path, &title, "parties"), parties })
}

#[derive(Serialize)]
struct PartyPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    party: PartyPageView<'a>,
    /// Statements the party's members signed.
    statements: Vec<StatementRow>,
    people: Vec<LinkView>,
    motions: Vec<MotionRow>,
    votes: Vec<VoteRow>,
}

#[derive(Serialize)]
struct PartyPageView<'a> {
    view: PartyView,
    aliases: &'a [String],
    html: String,
}

pub(super) fn party_page(site: &Site, theme: &Theme, p: &Party) -> Page {
    let path = paths::party(&p.id);
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
    let party = PartyPageView { view: v.party(&p.id), aliases: &p.aliases, html: markdown::render(&p.text, &path) };
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
    let mut base = base(site, &path, &p.name, "parties");
    base.feeds = feed_link(&v, &paths::feed_of(&paths::party(&p.id)), format!("{}: {}", theme.t("feed.for"), p.name));
    base.breadcrumbs = vec![crumb(&v, paths::PARTIES, "nav.parties")];
    page("party.html", &path, &PartyPage { base, party, statements, people, motions, votes })
}

#[derive(Serialize)]
struct PersonsPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    /// By surname.
    persons: Vec<PersonEntry<'a>>,
}

#[derive(Serialize)]
struct PersonEntry<'a> {
    href: String,
    name: &'a str,
    parties: Vec<PartyView>,
    activity: Vec<Count>,
}

pub(super) fn persons(site: &Site, theme: &Theme) -> Page {
    let path = paths::PERSONS;
    let v = views(site, theme, path);
    let mut list: Vec<&Person> = site.persons.values().collect();
    list.sort_by_key(|a| surname_key(&a.name));
    let persons = list
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
            PersonEntry {
                href: v.href(&paths::person(&p.slug)),
                name: &p.name,
                parties: p.parties.iter().map(|id| v.party(id)).collect(),
                activity,
            }
        })
        .collect();
    let title = theme.t("nav.persons");
    page("persons.html", path, &PersonsPage { base: base(site, path, &title, "persons"), persons })
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

#[derive(Serialize)]
struct PersonPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    person: PersonView<'a>,
    statements: Vec<StatementRow>,
    /// The cases the person presented as rapporteur.
    reported: Vec<CaseRow>,
    motions: Vec<MotionRow>,
    votes: Vec<VoteRow>,
}

#[derive(Serialize)]
struct PersonView<'a> {
    name: &'a str,
    parties: Vec<PartyView>,
    titles: &'a BTreeSet<String>,
}

pub(super) fn person_page(site: &Site, theme: &Theme, p: &Person) -> Page {
    let path = paths::person(&p.slug);
    let v = views(site, theme, &path);
    let statements: Vec<StatementRow> =
        p.statements.iter().filter_map(|r| site.statement(r)).map(|(case, s)| v.statement_row(case, s)).collect();
    let reported: Vec<CaseRow> = p.reported.iter().filter_map(|id| site.cases.get(id)).map(|c| v.case_row(c)).collect();
    let person =
        PersonView { name: &p.name, parties: p.parties.iter().map(|id| v.party(id)).collect(), titles: &p.titles };
    let motions: Vec<MotionRow> =
        p.motions.iter().filter_map(|r| site.motion(r)).map(|(case, m)| v.motion_row(case, m)).collect();
    let votes: Vec<VoteRow> = p
        .votes
        .iter()
        .filter_map(|r| site.vote(r))
        .map(|(case, vote)| v.vote_row(case, vote, v.person_ballot(vote, &p.slug)))
        .collect();
    let mut base = base(site, &path, &p.name, "persons");
    base.breadcrumbs = vec![crumb(&v, paths::PERSONS, "nav.persons")];
    page("person.html", &path, &PersonPage { base, person, statements, reported, motions, votes })
}

#[derive(Serialize)]
struct DocumentsPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    documents: Vec<DocumentEntry<'a>>,
}

#[derive(Serialize)]
struct DocumentEntry<'a> {
    href: String,
    designation: &'a str,
    title: &'a str,
    date: Option<DateView>,
    /// How many cases cite it.
    cases: usize,
    proposals: usize,
}

pub(super) fn documents(site: &Site, theme: &Theme) -> Page {
    let path = paths::DOCUMENTS;
    let v = views(site, theme, path);
    let documents = site
        .documents
        .values()
        .map(|d| DocumentEntry {
            href: v.href(&paths::document(&d.id)),
            designation: &d.designation,
            title: &d.title,
            date: v.opt_date(d.date),
            cases: site.links.cases_by_document.get(&d.id).map_or(0, Vec::len),
            proposals: d.proposals.len(),
        })
        .collect();
    let title = theme.t("nav.documents");
    page("documents.html", path, &DocumentsPage { base: base(site, path, &title, "documents"), documents })
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

#[derive(Serialize)]
struct DocumentPage<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    document: DocumentView<'a>,
    proposals: Vec<ProposalView<'a>>,
    /// The stance matrix, body × proposal: one row per response.
    matrix: Vec<MatrixRow>,
    /// The cases that cite the document.
    cases: Vec<CaseRow>,
    related: Vec<LinkView>,
    related_from: Vec<LinkView>,
    /// Every stance, to explain the matrix's symbols.
    legend: Vec<StanceView>,
}

#[derive(Serialize)]
struct DocumentView<'a> {
    designation: &'a str,
    title: &'a str,
    kind: String,
    date: Option<DateView>,
    author: Option<&'a str>,
    url: Option<&'a str>,
    html: String,
}

/// A proposal, with the bodies' stances on it.
#[derive(Serialize)]
struct ProposalView<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    stances: Vec<BodyStance<'a>>,
}

/// One body's stance on a proposal, in one case.
#[derive(Serialize)]
struct BodyStance<'a> {
    body: LinkView,
    case: LinkView,
    response_href: String,
    stance: StanceView,
    note: Option<&'a String>,
}

pub(super) fn document_page(site: &Site, theme: &Theme, d: &Document) -> Page {
    let path = paths::document(&d.id);
    let title = format!("{} {}", d.designation, d.title);
    let v = views(site, theme, &path);
    let cases: Vec<&Case> =
        site.links.cases_by_document.get(&d.id).into_iter().flatten().filter_map(|id| site.cases.get(id)).collect();
    let mut rows = Vec::new();
    let mut by_proposal: BTreeMap<&str, Vec<(Stance, BodyStance)>> = BTreeMap::new();
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
                        BodyStance {
                            body: v.body(&r.body),
                            case: v.case_link(case),
                            response_href: v.href(&paths::response(&case.id, &r.body)),
                            stance: v.stance(*s),
                            note: r.proposal_notes.get(&p.id),
                        },
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
    let proposals = d
        .proposals
        .iter()
        .map(|p| {
            let mut stances = by_proposal.remove(p.id.as_str()).unwrap_or_default();
            stances.sort_by_key(|(s, _)| *s);
            let stances = stances.into_iter().map(|(_, view)| view).collect();
            ProposalView { id: &p.id, title: &p.title, summary: p.summary.as_deref(), stances }
        })
        .collect();
    let related: Vec<LinkView> = d.related.iter().map(|id| v.document(id)).collect();
    let related_from: Vec<LinkView> =
        site.links.documents_related_from.get(&d.id).into_iter().flatten().map(|id| v.document(id)).collect();
    let document = DocumentView {
        designation: &d.designation,
        title: &d.title,
        kind: theme.t(&format!("document_kind.{}", d.kind.key())),
        date: v.opt_date(d.date),
        author: d.author.as_deref(),
        url: d.url.as_deref(),
        html: markdown::render(&d.text, &path),
    };
    let mut base = base(site, &path, &title, "documents");
    let feed = format!("{}: {}", theme.t("feed.for"), d.designation);
    base.feeds = feed_link(&v, &paths::feed_of(&paths::document(&d.id)), feed);
    base.breadcrumbs = vec![crumb(&v, paths::DOCUMENTS, "nav.documents")];
    let context = DocumentPage {
        base,
        document,
        proposals,
        matrix: rows,
        cases: cases.iter().map(|c| v.case_row(c)).collect(),
        related,
        related_from,
        legend: Stance::ALL.iter().map(|s| v.stance(*s)).collect(),
    };
    page("document.html", &path, &context)
}
