//! Each kind of content file read into its entity: every key checked,
//! every problem reported at its place.

use super::*;

pub(super) const BODY_KEYS: &[&str] = &["name", "kind", "office", "url"];
pub(super) const PARTY_KEYS: &[&str] = &["name", "abbreviation", "aliases", "color"];
pub(super) const DOCUMENT_KEYS: &[&str] =
    &["title", "designation", "kind", "date", "author", "url", "related", "proposals"];
pub(super) const PROPOSAL_KEYS: &[&str] = &["id", "title", "summary"];
pub(super) const CASE_KEYS: &[&str] = &[
    "title",
    "case_number",
    "pm",
    "document",
    "referrer",
    "received",
    "deadline",
    "internal_deadline",
    "decided_by",
    "decided",
    "answered",
    "rapporteur",
    "rapporteur_date",
    "referred_to",
    "decision",
    "related_cases",
    "earlier_answers",
    "tags",
    "draft",
    "motions",
    "votes",
];
pub(super) const RAPPORTEUR_KEYS: &[&str] = &["name", "title"];
pub(super) const RESPONSE_KEYS: &[&str] = &[
    "stance",
    "summary",
    "meeting",
    "drafted",
    "drafted_by",
    "proposed_decision",
    "decision",
    "joint_with",
    "proposals",
    "proposal_notes",
];
pub(super) const STATEMENT_KEYS: &[&str] = &["kind", "body", "signatories", "joins", "same_as", "favours", "order"];
pub(super) const SIGNATORY_KEYS: &[&str] = &["name", "party", "and_others", "title"];

pub(super) fn parse_body(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<Body> {
    f = f.with_known(BODY_KEYS);
    let name = f.req_str("name");
    let kind = f.req_term("kind", BodyKind::ALL, BodyKind::term);
    let office = ck.refer(idx, "office", Target::Body, f.id("office"));
    let url = f.url("url");
    ck.errors(f.finish());
    Some(Body { id: ck.content.files[idx].id.clone(), name: name?, kind: kind?, office, url, text: ck.markdown(idx) })
}

pub(super) fn parse_party(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<Party> {
    f = f.with_known(PARTY_KEYS);
    let name = f.req_str("name");
    let abbreviation = f.req_str("abbreviation");
    let aliases = f.str_list("aliases");
    let color = f.str("color");
    if let Some(c) = &color {
        let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            f.error_at("color", format!("`color` must be written `#rrggbb`, such as \"#1b49dd\", not \"{c}\""));
        }
    }
    ck.errors(f.finish());
    Some(Party {
        id: ck.content.files[idx].id.clone(),
        name: name?,
        abbreviation: abbreviation?,
        aliases,
        color: color.map(|c| c.to_ascii_lowercase()),
        text: ck.markdown(idx),
    })
}

pub(super) fn parse_document(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<Document> {
    f = f.with_known(DOCUMENT_KEYS);
    let title = f.req_str("title");
    let designation = f.req_str("designation");
    let kind = f.req_term("kind", DocumentKind::ALL, DocumentKind::term);
    let date = f.date("date");
    let author = f.str("author");
    let url = f.url("url");
    let related = f.ids("related");
    let related = ck.refer_all(idx, "related", Target::Document, related);
    let mut proposals: Vec<Proposal> = Vec::new();
    for mut p in f.tables("proposals", PROPOSAL_KEYS) {
        let id = p.req_id("id");
        let title = p.req_str("title");
        let summary = p.str("summary");
        if let Some((id, span)) = &id
            && proposals.iter().any(|q| &q.id == id)
        {
            ck.error(
                idx,
                span.start,
                format!("proposal id `{id}` is used twice in this document: each proposal needs its own id"),
            );
        }
        f.absorb(p);
        if let (Some((id, _)), Some(title)) = (id, title) {
            proposals.push(Proposal { id, title, summary });
        }
    }
    ck.errors(f.finish());
    Some(Document {
        id: ck.content.files[idx].id.clone(),
        title: title?,
        designation: designation?,
        kind: kind?,
        date,
        author,
        url,
        related,
        proposals,
        text: ck.markdown(idx),
    })
}

/// Where each `referred_to` entry of a case is written, for warnings that
/// point at one entry of the list.
pub(super) type ReferredSpans = Vec<(String, Range<usize>)>;

pub(super) fn parse_case(ck: &mut Checker, idx: usize, mut f: Fields, today: Date) -> Option<(Case, ReferredSpans)> {
    f = f.with_known(CASE_KEYS);
    let title = f.req_str("title");
    let case_number = f.req_str("case_number");
    let pm = f.str("pm");
    let documents = f.ids("document");
    let documents = ck.refer_all(idx, "document", Target::Document, documents);
    let referrer = f.req_str("referrer");
    let received = f.date("received");
    let deadline = f.req_date("deadline");
    let internal_deadline = f.date("internal_deadline");
    let decided_by = f.req_id("decided_by");
    let decided_by = ck.refer(idx, "decided_by", Target::Body, decided_by);
    let decided = f.date("decided");
    let answered = f.bool("answered").unwrap_or(false);
    let rapporteur = f.table("rapporteur", RAPPORTEUR_KEYS).and_then(|mut r| {
        let name = r.req_str("name");
        let title = r.str("title");
        f.absorb(r);
        Some(Rapporteur { name: name?, title, person: String::new() })
    });
    let rapporteur_date = f.date("rapporteur_date");
    let referred_spans = f.ids("referred_to");
    let referred_to = ck.refer_all(idx, "referred_to", Target::Body, referred_spans.clone());
    let decision = f.str_list("decision");
    check_markdown_values(ck, idx, &mut f, "decision", &decision);
    let related_cases = f.ids("related_cases");
    let related_cases = ck.refer_all(idx, "related_cases", Target::Case, related_cases);
    let earlier_answers = f.str_list("earlier_answers");
    let tags = f.str_list("tags");
    let draft = f.bool("draft").unwrap_or(false);
    let (motions, votes) = proceedings::parse(ck, idx, &mut f, decided_by.as_deref().unwrap_or(""));
    if let (Some(r), Some(d)) = (received, deadline)
        && d < r
    {
        let at = f.span_of("deadline").map_or(0, |s| s.start);
        ck.warn(
            idx,
            ck.content.files[idx].front.start + at,
            format!(
                "the deadline {d} is before the received date {r}: check both dates (`deadline` is the last day to answer, `received` the day the referral arrived)"
            ),
        );
    }
    ck.errors(f.finish());
    let deadline = deadline?;
    let status = if decided.is_some() || answered {
        Status::Besvarad
    } else if today <= deadline {
        Status::Oppen
    } else {
        Status::Forsenad
    };
    let case = Case {
        id: ck.content.files[idx].id.clone(),
        title: title?,
        case_number: case_number?,
        pm,
        documents,
        referrer: referrer?,
        received,
        deadline,
        internal_deadline,
        decided_by: decided_by?,
        decided,
        answered,
        rapporteur,
        rapporteur_date,
        referred_to,
        decision,
        related_cases,
        earlier_answers,
        tags,
        draft,
        status,
        text: ck.markdown(idx),
        responses: BTreeMap::new(),
        statements: Vec::new(),
        attachments: Vec::new(),
        motions,
        votes,
    };
    Some((case, referred_spans))
}

/// Per-proposal stances are checked against the case's documents later, so
/// their spans are kept on the side.
#[derive(Clone)]
pub(super) struct ProposalKeys(pub(super) Vec<(String, Range<usize>)>);

pub(super) fn parse_response(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<(Response, ProposalKeys)> {
    f = f.with_known(RESPONSE_KEYS);
    let body = ck.content.files[idx].id.clone();
    let span0 = 0..0;
    ck.refs.push(PendingRef { file: idx, span: span0, key: "file name", target: Target::Body, id: body.clone() });
    let stance = f.req_term("stance", Stance::ALL, Stance::term);
    let summary = f.req_str("summary");
    let meeting = f.date("meeting");
    let drafted = f.date("drafted");
    let drafted_by = f.id("drafted_by");
    let drafted_by = ck.refer(idx, "drafted_by", Target::Body, drafted_by);
    let proposed_decision = f.str("proposed_decision");
    check_markdown_values(ck, idx, &mut f, "proposed_decision", proposed_decision.as_slice());
    let decision = f.str_list("decision");
    check_markdown_values(ck, idx, &mut f, "decision", &decision);
    let joint_with = f.ids("joint_with");
    let joint_with = ck.refer_all(idx, "joint_with", Target::Body, joint_with);
    let mut proposals = BTreeMap::new();
    let mut keys = Vec::new();
    for (key, key_span, value) in f.entries("proposals") {
        keys.push((key.clone(), key_span));
        match value.get_ref().as_str().map(|s| (s, Stance::from_term(s))) {
            Some((_, Some(stance))) => {
                proposals.insert(key, stance);
            }
            Some((s, None)) => {
                let terms = Stance::ALL.iter().map(|t| t.term());
                let list = Stance::ALL.iter().map(|t| format!("\"{}\"", t.term())).collect::<Vec<_>>().join(", ");
                ck.error(
                    idx,
                    value.span().start,
                    format!("stance on proposal `{key}` cannot be \"{s}\"{}; allowed values: {list}", hint(s, terms)),
                );
            }
            None => ck.error(
                idx,
                value.span().start,
                format!("stance on proposal `{key}` must be a string such as \"positiv\""),
            ),
        }
    }
    let mut proposal_notes = BTreeMap::new();
    for (key, key_span, value) in f.entries("proposal_notes") {
        match value.get_ref().as_str() {
            Some(s) => {
                proposal_notes.insert(key.clone(), s.to_string());
            }
            None => ck.error(idx, value.span().start, format!("the note on proposal `{key}` must be a string")),
        }
        if !proposals.contains_key(&key) && !keys.iter().any(|(k, _)| k == &key) {
            ck.error(
                idx,
                key_span.start,
                format!("note on proposal `{key}` without a stance on it: add `{key} = \"...\"` under [proposals]"),
            );
        }
    }
    ck.errors(f.finish());
    let response = Response {
        body,
        stance: stance?,
        summary: summary?,
        meeting,
        drafted,
        drafted_by,
        proposed_decision,
        decision,
        joint_with,
        proposals,
        proposal_notes,
        text: ck.markdown(idx),
        attachments: Vec::new(),
    };
    Some((response, ProposalKeys(keys)))
}

/// Statement references inside the case, checked once all statements are known.
#[derive(Clone)]
pub(super) struct StatementKeys {
    pub(super) joins: Vec<(String, Range<usize>)>,
    pub(super) same_as: Option<(String, Range<usize>)>,
    pub(super) favours: Option<(String, Range<usize>)>,
}

pub(super) fn parse_statement(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<(Statement, StatementKeys)> {
    f = f.with_known(STATEMENT_KEYS);
    let kind = f.req_term("kind", StatementKind::ALL, StatementKind::term);
    let body = f.req_id("body");
    let body = ck.refer(idx, "body", Target::Body, body);
    let signatories = signatories(ck, idx, &mut f, "statement");
    let joins = f.ids("joins");
    let same_as = f.id("same_as");
    let favours = f.id("favours");
    if favours.is_some() && kind.is_some_and(|k| k != StatementKind::Reservation) {
        f.error_at(
            "favours",
            "`favours` names the motion a reservation is made in favour of: only a `kind = \"reservation\"` has one"
                .into(),
        );
    }
    let order = f.int("order");
    ck.errors(f.finish());
    let text = ck.markdown(idx);
    if text.is_empty() && same_as.is_none() {
        ck.warn(idx, ck.content.files[idx].body_start, "the statement has no text: write it below the front matter, or add `same_as` if it is worded like another statement".into());
    }
    let statement = Statement {
        id: ck.content.files[idx].id.clone(),
        kind: kind?,
        body: body?,
        signatories,
        joins: joins.iter().map(|(j, _)| j.clone()).collect(),
        same_as: same_as.as_ref().map(|(s, _)| s.clone()),
        favours: favours.as_ref().map(|(s, _)| s.clone()),
        order,
        text,
        attachments: Vec::new(),
    };
    Some((statement, StatementKeys { joins, same_as, favours }))
}

/// The `signatories` of a statement or a motion: required, at least one.
pub(super) fn signatories(ck: &mut Checker, idx: usize, f: &mut Fields, what: &str) -> Vec<Signatory> {
    if !f.has("signatories") {
        f.error_at("signatories", format!("missing required key `signatories`: list who made the {what}, e.g. `signatories = [{{ name = \"Anna Andersson\", party = \"s\" }}]`"));
    }
    let mut signatories = Vec::new();
    let tables = f.tables("signatories", SIGNATORY_KEYS);
    if f.has("signatories") && tables.is_empty() {
        f.error_at("signatories", "`signatories` must list at least one person".into());
    }
    for mut s in tables {
        let name = s.req_str("name");
        let party = s.req_id("party");
        let party = ck.refer(idx, "party", Target::Party, party);
        let and_others = s.bool("and_others").unwrap_or(false);
        let title = s.str("title");
        f.absorb(s);
        if let (Some(name), Some(party)) = (name, party) {
            signatories.push(Signatory {
                name: name.trim().to_string(),
                party,
                and_others,
                title,
                person: String::new(),
            });
        }
    }
    signatories
}
