//! From the minutes as read to a draft case: names become ids, statements get
//! ids, an order and their references, answers get a proposed stance.
//!
//! Whatever cannot be placed goes into `notes` for the importer's report:
//! an unknown party, a reference to a statement that is not there, a body
//! the content does not have yet (proposed as a new file instead).

use super::names::{self, Directory};
use super::parse::{Minutes, Reference, Statement as Read};
use super::stance;
use super::text::{Block, Kind};
use crate::content::layout;
use crate::model::{Date, slugify};

#[derive(Debug, Clone, PartialEq)]
pub struct Signatory {
    pub name: String,
    pub party: String,
    pub and_others: bool,
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub id: String,
    pub kind: &'static str,
    pub body: String,
    pub signatories: Vec<Signatory>,
    pub joins: Option<String>,
    pub same_as: Option<String>,
    /// The motion a reservation favours.
    pub favours: Option<String>,
    pub order: usize,
    pub text: String,
}

/// A motion (yrkande) at the deciding meeting.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Motion {
    pub id: String,
    pub signatories: Vec<Signatory>,
    /// The contract's term: "bifall", "eget förslag", …; empty when it `supports` another.
    pub proposes: &'static str,
    pub supports: Option<String>,
    pub parties: Vec<String>,
    pub date: Option<Date>,
    pub text: Option<String>,
    pub adopted: bool,
}

/// One member's vote.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub party: String,
    /// "ja", "nej", "avstår" or "frånvarande".
    pub vote: &'static str,
    pub chair: bool,
    pub title: Option<String>,
}

/// A named vote (votering).
#[derive(Debug, Clone, PartialEq)]
pub struct Vote {
    pub kind: &'static str,
    pub proposition: Option<String>,
    pub yes: String,
    pub no: String,
    /// As the minutes count: ja, nej, avstår, frånvarande.
    pub counts: [Option<u32>; 4],
    pub members: Vec<Member>,
}

/// A party the content does not have, to be written as a new file.
#[derive(Debug, Clone, PartialEq)]
pub struct NewParty {
    pub id: String,
    pub abbreviation: String,
}

/// A referred document the content does not have, to be written as a new file.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    pub id: String,
    pub title: String,
    pub designation: String,
    pub kind: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub body: String,
    pub stance: &'static str,
    /// Where the stance was read from, for the review comment.
    pub stance_from: String,
    pub summary: String,
    pub meeting: Option<Date>,
    pub drafted: Option<Date>,
    pub drafted_by: Option<String>,
    pub proposed_decision: Option<String>,
    pub decision: Vec<String>,
    pub proposals: Vec<stance::ProposalStance>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub case_number: String,
    pub document: Option<String>,
    pub referrer: String,
    pub deadline: Option<Date>,
    /// Why the deadline is a guess, for its review comment.
    pub deadline_guess: Option<String>,
    pub decided_by: String,
    pub decided: Option<Date>,
    pub answered: bool,
    pub rapporteur: Option<(String, String)>,
    pub rapporteur_date: Option<Date>,
    pub referred_to: Vec<String>,
    pub decision: Vec<String>,
    pub earlier_answers: Vec<String>,
    pub text: String,
    pub motions: Vec<Motion>,
    pub votes: Vec<Vote>,
}

/// The draft bundle and what the clerk must look at.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub case: Case,
    pub responses: Vec<Response>,
    pub statements: Vec<Statement>,
    /// Bodies the content does not have, to be written as new files.
    pub new_bodies: Vec<names::Body>,
    pub new_parties: Vec<NewParty>,
    pub new_documents: Vec<NewDocument>,
    pub notes: Vec<String>,
}

/// Markdown for blocks; headings at `level`.
pub(crate) fn markdown(blocks: &[Block], level: usize) -> String {
    let mut out = String::new();
    let mut prev: Option<Kind> = None;
    for b in blocks {
        let item = matches!(b.kind, Kind::Item);
        if !out.is_empty() {
            // Items of one list stay together; everything else is a paragraph.
            out.push_str(if item && prev == Some(Kind::Item) { "\n" } else { "\n\n" });
        }
        match b.kind {
            Kind::Heading => {
                out.push_str(&"#".repeat(level));
                out.push(' ');
                out.push_str(&b.text);
            }
            Kind::Item => {
                out.push_str("- ");
                out.push_str(&b.text);
            }
            Kind::Text | Kind::Numbered(_) => out.push_str(&escape(&b.text)),
        }
        prev = Some(b.kind);
    }
    out
}

/// Keeps running text from being read as Markdown syntax at a line start.
pub(super) fn escape(text: &str) -> String {
    match text.chars().next() {
        Some('#' | '>' | '-' | '+' | '*' | '<' | '|') => format!("\\{text}"),
        _ => text.to_string(),
    }
}

/// The first two sentences, for a summary.
fn two_sentences(text: &str) -> String {
    stance::sentences(text).into_iter().take(2).collect::<Vec<_>>().join(" ")
}

pub(super) struct Placer<'a> {
    pub(super) dir: &'a Directory,
    pub(super) draft: Draft,
}

impl<'a> Placer<'a> {
    pub(super) fn new(dir: &'a Directory) -> Self {
        Placer { dir, draft: Draft::default() }
    }

    /// The id of a body named in the minutes; an unknown body is proposed as a
    /// new file, once.
    pub(super) fn body(&mut self, name: &str) -> String {
        if let Some(id) = self.known_body(name) {
            return id;
        }
        let b = names::new_body(&names::nominative(name));
        let id = b.id.clone();
        self.draft.notes.push(format!(
            "new body `{id}` (\"{}\", kind \"{}\"): not in {}/; proposed as {}, check its name and kind",
            b.name,
            b.kind,
            layout::BODIES,
            layout::body(&id)
        ));
        self.draft.new_bodies.push(b);
        id
    }

    /// The id of a body in the content or already proposed by this import.
    pub(super) fn known_body(&self, name: &str) -> Option<String> {
        let known = self.dir.body(name).map(|b| &b.id);
        known
            .or_else(|| self.draft.new_bodies.iter().find(|b| names::names_body(&b.name, name)).map(|b| &b.id))
            .cloned()
    }

    /// The id of a party by its abbreviation; an unknown party is proposed
    /// as a new file, once.
    pub(super) fn party(&mut self, abbr: &str, who: &str) -> String {
        if let Some(p) = self.dir.party_by_abbreviation(abbr) {
            return p.id.clone();
        }
        let abbreviation = abbr.trim().to_uppercase();
        if let Some(p) = self.draft.new_parties.iter().find(|p| p.abbreviation == abbreviation) {
            return p.id.clone();
        }
        let id = slugify(&abbreviation);
        self.draft.notes.push(format!(
            "unknown party \"{abbreviation}\" (for {who}): no {}/ file has that abbreviation or alias; \
             proposed as {}, write its full name (or make it an alias of a party you have)",
            layout::PARTIES,
            layout::party(&id)
        ));
        self.draft.new_parties.push(NewParty { id: id.clone(), abbreviation });
        id
    }
}

/// Places the minutes into a draft case `id`.
pub(crate) fn place(m: &Minutes, id: &str, dir: &Directory) -> Draft {
    let mut p = Placer { dir, draft: Draft::default() };
    case(&mut p, m, id);
    let proposals = p
        .draft
        .case
        .document
        .as_ref()
        .and_then(|d| dir.documents.iter().find(|x| &x.id == d))
        .map(|d| d.proposals.clone());
    for part in &m.parts {
        let body = p.body(&part.name);
        let drafted_by = part.drafted_by.as_deref().map(|o| p.body(o));
        let summary_paragraph = m
            .answer_summaries
            .iter()
            .find(|(n, _)| p.dir.body(n).map(|b| &b.id) == Some(&body) || n.eq_ignore_ascii_case(&part.name))
            .map(|(_, t)| t.clone());
        let paragraphs: Vec<String> =
            part.text.iter().filter(|b| b.kind == Kind::Text).map(|b| b.text.clone()).collect();
        let from = summary_paragraph
            .clone()
            .or_else(|| paragraphs.iter().find(|t| stance::of(t).is_some()).cloned())
            .unwrap_or_default();
        let read = stance::of(&from);
        if read.is_none() {
            p.draft.notes.push(format!(
                "{}/{body}.md: no stance in the wording; `blandad` written, set the right one",
                layout::RESPONSES
            ));
        }
        let summary = match &summary_paragraph {
            Some(s) => two_sentences(s),
            None => {
                p.draft.notes.push(format!("{}/{body}.md: the case summary has no paragraph on this body; the summary is the answer's first sentences", layout::RESPONSES));
                two_sentences(paragraphs.get(1).or(paragraphs.first()).map_or("", |s| s.as_str()))
            }
        };
        let proposals = proposals.as_ref().map(|list| stance::per_proposal(&paragraphs, list)).unwrap_or_default();
        p.draft.responses.push(Response {
            body,
            stance: read.unwrap_or("blandad"),
            stance_from: two_sentences(&from),
            summary,
            meeting: part.meeting,
            drafted: part.drafted,
            drafted_by,
            proposed_decision: part.proposed_decision.clone(),
            decision: part.decision.iter().map(|blocks| markdown(blocks, 3)).collect(),
            proposals,
            text: markdown(&part.text, 3),
        });
    }
    // A proposed body gets the office that drafted its answer.
    for r in &p.draft.responses {
        if let Some(office) = r.drafted_by.as_ref().filter(|o| **o != r.body)
            && let Some(b) = p.draft.new_bodies.iter_mut().find(|b| b.id == r.body)
        {
            b.office = Some(office.clone());
        }
    }
    statements(&mut p, m);
    p.draft
}

fn case(p: &mut Placer, m: &Minutes, id: &str) {
    let mut c = Case { id: id.to_string(), ..Case::default() };
    let mut notes: Vec<String> = Vec::new();
    let mut missing = |what: &str| notes.push(format!("index.md: no {what} found in the minutes; fill it in"));
    match &m.title {
        Some(t) => c.title = t.clone(),
        None => missing("title"),
    }
    match &m.case_number {
        Some(n) => c.case_number = n.clone(),
        None => missing("case number (\"dnr …\" after \"Bilaga\")"),
    }
    match &m.referrer {
        Some(r) => c.referrer = r.clone(),
        None => missing("referrer (\"Remiss från …\")"),
    }
    c.deadline = m.deadline;
    if c.deadline.is_none() {
        missing("deadline (\"Remisstid den …\")");
    }
    p.draft.notes.extend(notes);
    c.rapporteur = m.rapporteur.clone();
    c.rapporteur_date = m.rapporteur_date;
    c.decision = m.decision.clone();
    // The designation in the title's parentheses names the document.
    let designation = c.title.rsplit_once('(').and_then(|(_, d)| d.strip_suffix(')')).map(str::to_string);
    if let Some(d) = designation {
        match p.dir.document(&d) {
            Some(doc) => c.document = Some(doc.id.clone()),
            None => p.draft.notes.push(format!(
                "index.md: no dokument/ file has the designation \"{d}\"; add one (`remiss new` can help) and set `document`"
            )),
        }
    }
    c.decided_by = match &m.decided_by {
        Some(name) => p.body(name),
        None => {
            p.draft.notes.push(
                "index.md: no \"… föreslår att … beslutar följande\"; `decided_by` set to kommunstyrelsen".into(),
            );
            p.body("Kommunstyrelsen")
        }
    };
    c.referred_to = m.referred_to.iter().map(|n| p.body(n)).collect();
    // Statements made in the deciding body mean it has decided.
    c.answered = m.statements.iter().any(|s| p.dir.body(&s.body).is_some_and(|b| b.id == c.decided_by));
    let own = c.case_number.split('-').next().unwrap_or("").to_string();
    for b in m.memo.iter().chain(&m.summary).chain(&m.preparation) {
        let mut rest = b.text.as_str();
        while let Some(i) = rest.find("dnr ") {
            let after = &rest[i + 4..];
            let number: String = after.chars().take_while(|c| !matches!(c, ')' | ',' | ';')).collect();
            let number = number.trim().trim_end_matches('.').to_string();
            if !number.is_empty()
                && number != own
                && !own.is_empty()
                && !number.starts_with(&own)
                && !c.earlier_answers.contains(&number)
            {
                c.earlier_answers.push(number);
            }
            rest = after;
        }
    }
    let mut text = String::new();
    let section = |text: &mut String, heading: &str, blocks: &[Block]| {
        if !blocks.is_empty() {
            text.push_str(&format!("{heading}\n\n{}\n\n", markdown(blocks, 3)));
        }
    };
    section(&mut text, "## Sammanfattning", &m.summary);
    section(&mut text, "## Beredning", &m.preparation);
    let mut views = m.views.clone();
    views.extend(m.signature.iter().map(|b| Block { kind: Kind::Text, ..b.clone() }));
    let views_heading = format!("## {}", m.views_heading.as_deref().unwrap_or("Föredragande borgarrådets synpunkter"));
    section(&mut text, &views_heading, &views);
    if let Some(a) = &m.appendix {
        text.push_str(&format!("### Bilaga\n\n{a}\n\n"));
    }
    section(&mut text, "## Ärendet", &m.memo);
    c.text = text.trim_end().to_string();
    p.draft.case = c;
}

/// Statement ids: the body and the signatories' parties, "socialnamnden-l-m-c".
fn statement_id(body: &str, parties: &[String], taken: &[Statement]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for party in parties {
        if !seen.contains(&party.as_str()) {
            seen.push(party);
        }
    }
    let base = format!("{body}-{}", seen.join("-"));
    let mut id = base.clone();
    let mut n = 2;
    while taken.iter().any(|s| s.id == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The statements of the minutes with the body each was made in, in the
/// order of the minutes: the parts' statements with their full texts from
/// "Reservationer m.m.", then those made after the compilation.
fn statements_in_order(p: &mut Placer, m: &Minutes) -> Vec<(Read, String)> {
    let mut reads: Vec<(Read, String)> = Vec::new();
    let mut used = vec![false; m.reserved.len()];
    for part in &m.parts {
        for s in &part.statements {
            let mut s = s.clone();
            if s.deferred {
                let found = m.reserved.iter().enumerate().find(|(i, r)| {
                    let same_names = r.signers.iter().map(|x| &x.name).eq(s.signers.iter().map(|x| &x.name));
                    !used[*i]
                        && r.body.eq_ignore_ascii_case(&part.name)
                        && (names::fold(&r.written) == names::fold(&s.written) || same_names)
                });
                match found {
                    Some((i, r)) => {
                        used[i] = true;
                        s.text = r.text.clone();
                    }
                    None => p.draft.notes.push(format!(
                        "line {}: \"{}\" refers to \"Reservationer m.m.\", but no statement there has these signatories; its text is empty",
                        s.line, s.written
                    )),
                }
            }
            reads.push((s, part.name.clone()));
        }
    }
    for (i, r) in m.reserved.iter().enumerate() {
        if !used[i] {
            p.draft.notes.push(format!(
                "line {}: statement by {} under \"Reservationer m.m.\" is not named in its body's part; imported as is",
                r.line, r.written
            ));
            reads.push((r.clone(), r.body.clone()));
        }
    }
    for s in &m.statements {
        reads.push((s.clone(), s.body.clone()));
    }
    reads
}

fn statements(p: &mut Placer, m: &Minutes) {
    let reads = statements_in_order(p, m);
    let mut placed: Vec<Statement> = Vec::new();
    let mut party_sets: Vec<Vec<String>> = Vec::new();
    for (s, body_name) in &reads {
        if body_name.is_empty() {
            p.draft.notes.push(format!(
                "line {}: statement by {} stands under no body heading; body set to kommunstyrelsen",
                s.line, s.written
            ));
        }
        let body = p.body(if body_name.is_empty() { "Kommunstyrelsen" } else { body_name });
        let signatories: Vec<Signatory> = s
            .signers
            .iter()
            .map(|x| Signatory {
                name: x.name.clone(),
                party: p.party(&x.party, &x.name),
                and_others: x.and_others,
                title: x.title.clone(),
            })
            .collect();
        for x in &signatories {
            if let Some(known) = p.dir.near_person(&x.name) {
                p.draft.notes.push(format!(
                    "line {}: signatory \"{}\" is spelled almost like \"{known}\", who signs statements in other cases; \
                     if it is the same person, use one spelling so they get one person page",
                    s.line, x.name
                ));
            }
        }
        let parties: Vec<String> = signatories.iter().map(|x| x.party.clone()).collect();
        let id = statement_id(&body, &parties, &placed);
        let order = placed.iter().filter(|x| x.body == body).count() + 1;
        placed.push(Statement {
            id,
            kind: s.kind,
            body,
            signatories,
            joins: None,
            same_as: None,
            favours: None,
            order,
            text: markdown(&s.text, 3),
        });
        let mut set = parties;
        set.sort();
        set.dedup();
        party_sets.push(set);
    }
    // References name the other statement by its parties, and by its body
    // where it was made elsewhere.
    for (i, (s, _)) in reads.iter().enumerate() {
        for (reference, same) in [(&s.joins, false), (&s.same_as, true)] {
            let Some(r) = reference else { continue };
            match resolve(p, r, &placed[i].body, &placed, &party_sets, i) {
                Some(target) if same => placed[i].same_as = Some(target),
                Some(target) => placed[i].joins = Some(target),
                None => p.draft.notes.push(format!(
                    "{}/{}.md: the statement it {} ({}) was not found; set `{}` by hand",
                    layout::STATEMENTS,
                    placed[i].id,
                    if same { "is worded like" } else { "backs" },
                    r.parties.join(", "),
                    if same { "same_as" } else { "joins" }
                )),
            }
        }
    }
    p.draft.statements = placed;
}

/// The statement a reference points at: in the named body (or the same one),
/// with exactly the named parties.
fn resolve(
    p: &Placer,
    r: &Reference,
    own_body: &str,
    placed: &[Statement],
    sets: &[Vec<String>],
    me: usize,
) -> Option<String> {
    let body = match &r.body {
        Some(b) => p.known_body(b).unwrap_or_else(|| slugify(b)),
        None => own_body.to_string(),
    };
    let mut want: Vec<String> = r.parties.iter().filter_map(|n| p.dir.party_by_name(n).map(|x| x.id.clone())).collect();
    if want.len() != r.parties.len() {
        return None;
    }
    want.sort();
    want.dedup();
    placed.iter().enumerate().find(|(i, s)| *i != me && s.body == body && sets[*i] == want).map(|(_, s)| s.id.clone())
}
