//! One search document per page of the site (and per proposal), in site
//! order so that one case's pages share metadata files.

use crate::markdown::plain_text;
use crate::model::*;
use crate::render::views::{Views, excerpt};
use crate::theme::Theme;
use std::collections::BTreeSet;

/// Declares [`Kind`] and [`TYPES`] from one list, so a kind's index (what
/// the client refers to it by) and its key cannot drift apart.
macro_rules! kinds {
    ($($kind:ident = $key:literal,)*) => {
        /// What a document is the page (or the anchor) of, in the order of
        /// the manifest's `types`: the client refers to a kind by its index.
        #[derive(Clone, Copy)]
        enum Kind {
            $($kind,)*
        }

        /// The keys of the kinds, in [`Kind`] order (`type.<key>` in the theme).
        pub(super) const TYPES: &[&str] = &[$($key),*];
    };
}

kinds! {
    Case = "case",
    Response = "response",
    Statement = "statement",
    Body = "body",
    Party = "party",
    Person = "person",
    Document = "document",
    Proposal = "proposal",
    Motion = "motion",
    Vote = "vote",
}

/// Display vocabularies for the manifest: metadata refers to them by index.
pub(super) struct Labels {
    pub types: Vec<String>,
    pub bodies: Vec<String>,
    body_ids: Vec<String>,
    pub parties: Vec<String>,
    party_ids: Vec<String>,
    pub party_names: Vec<String>,
    pub stances: Vec<&'static str>,
    pub stance_labels: Vec<String>,
    pub years: Vec<u16>,
}

pub(super) struct SearchDoc {
    kind: Kind,
    title: String,
    url: String,
    date: Option<Date>,
    /// Indexes into the manifest's vocabularies ([`Labels`]).
    body: Option<usize>,
    parties: Vec<usize>,
    stance: Option<usize>,
    excerpt: String,
    /// title, designation, summary, text (see `WEIGHTS`).
    pub fields: [String; 4],
}

impl SearchDoc {
    /// A bare document with the given fields, for tests of scoring.
    #[cfg(test)]
    pub(super) fn with_fields(fields: [&str; 4]) -> Self {
        SearchDoc {
            kind: Kind::Case,
            title: fields[0].to_string(),
            url: String::new(),
            date: None,
            body: None,
            parties: Vec::new(),
            stance: None,
            excerpt: String::new(),
            fields: fields.map(str::to_string),
        }
    }

    /// `[type, title, url, date, body, parties, stance, year, excerpt]`,
    /// with -1 for no body or stance.
    pub(super) fn meta(&self) -> serde_json::Value {
        let index = |i: Option<usize>| i.map_or(-1, |i| i as i64);
        serde_json::json!([
            self.kind as usize,
            self.title,
            self.url,
            self.date.map_or(String::new(), |d| d.to_string()),
            index(self.body),
            self.parties,
            index(self.stance),
            self.date.map_or(0, |d| d.year),
            self.excerpt,
        ])
    }
}

/// One document as a page kind describes it, before it is added.
struct Doc {
    kind: Kind,
    title: String,
    url: String,
    date: Option<Date>,
    /// The body it belongs to ([`Collector::body`]).
    body: Option<usize>,
    parties: Vec<usize>,
    stance: Option<Stance>,
    /// Designation, summary and text: the fields after the title.
    fields: [String; 3],
}

struct Collector<'a> {
    site: &'a Site,
    labels: Labels,
    docs: Vec<SearchDoc>,
    /// How many documents have been handed to `chunk`.
    handed: usize,
    chunk: &'a mut dyn FnMut(&mut [SearchDoc]),
}

impl Collector<'_> {
    fn body(&self, id: &str) -> Option<usize> {
        self.labels.body_ids.iter().position(|b| b == id)
    }

    fn parties(&self, ids: &[&str]) -> Vec<usize> {
        ids.iter().filter_map(|id| self.labels.party_ids.iter().position(|p| p == id)).collect()
    }

    fn body_name(&self, id: &str) -> String {
        self.site.bodies.get(id).map_or_else(|| id.to_string(), |b| b.name.clone())
    }

    fn push(&mut self, doc: Doc) {
        let Doc { kind, title, url, date, body, parties, stance, fields } = doc;
        let [designation, summary, text] = fields;
        let excerpt = excerpt(summary.trim(), 160);
        let stance = stance.and_then(|s| Stance::ALL.iter().position(|x| *x == s));
        self.docs.push(SearchDoc {
            kind,
            title: title.clone(),
            url,
            date,
            body,
            parties,
            stance,
            excerpt,
            fields: [title, designation, summary, text],
        });
        if self.docs.len() - self.handed == CHUNK {
            self.hand_on();
        }
    }

    fn hand_on(&mut self) {
        (self.chunk)(&mut self.docs[self.handed..]);
        self.handed = self.docs.len();
    }
}

/// Documents handed on at a time; a multiple of every batch size the index
/// uses, so the batches are the same as if all were handed on at once.
pub(super) const CHUNK: usize = 4096;

fn page(path: String) -> String {
    format!("{path}index.html")
}

/// Every document of the site, in order. Every [`CHUNK`] documents, and at
/// the end, the new ones are handed to `chunk`, which takes their text out
/// (into tokens): the whole site's text is never in memory twice at once.
pub(super) fn collect(site: &Site, theme: &Theme, chunk: &mut dyn FnMut(&mut [SearchDoc])) -> (Vec<SearchDoc>, Labels) {
    let views = Views { site, theme, from: "" };
    let years: BTreeSet<u16> = site
        .cases
        .values()
        .map(|c| c.date().year)
        .chain(site.documents.values().filter_map(|d| d.date.map(|d| d.year)))
        .chain(site.cases.values().flat_map(|c| c.responses.values().filter_map(|r| r.date().map(|d| d.year))))
        .collect();
    let labels = Labels {
        types: TYPES.iter().map(|t| theme.t(&format!("type.{t}"))).collect(),
        bodies: site.bodies.values().map(|b| b.name.clone()).collect(),
        body_ids: site.bodies.keys().cloned().collect(),
        parties: site.parties.values().map(|p| p.abbreviation.clone()).collect(),
        party_ids: site.parties.keys().cloned().collect(),
        party_names: site.parties.values().map(|p| p.name.clone()).collect(),
        stances: Stance::ALL.iter().map(|s| s.term()).collect(),
        stance_labels: Stance::ALL.iter().map(|s| views.stance(*s).label).collect(),
        years: years.into_iter().collect(),
    };
    let mut c = Collector { site, labels, docs: Vec::new(), handed: 0, chunk };
    for case in site.cases.values() {
        case_docs(&mut c, &views, case);
    }
    entity_docs(&mut c, theme);
    c.hand_on();
    (c.docs, c.labels)
}

/// The documents of a case's pages: the case, its responses and statements,
/// and its motions and votes (anchors on the case page).
fn case_docs(c: &mut Collector, views: &Views, case: &Case) {
    let site = c.site;
    let designations: Vec<String> = std::iter::once(case.case_number.clone())
        .chain(case.documents.iter().filter_map(|d| site.documents.get(d)).map(|d| d.designation.clone()))
        .collect();
    let designation = designations.join(" ");
    let documents: Vec<String> =
        case.documents.iter().filter_map(|d| site.documents.get(d)).map(|d| d.title.clone()).collect();
    let plain = plain_text(&case.text.source);
    let summary = case_summary(&plain);
    let text = format!(
        "{plain}\n\n{}\n\n{} {} {}\n\n{}",
        case.decision.join("\n\n"),
        case.referrer,
        documents.join(" "),
        case.tags.join(" "),
        case_head(c, views, case)
    );
    let body = c.body(&case.decided_by);
    c.push(Doc {
        kind: Kind::Case,
        title: case.title.clone(),
        url: page(paths::case(&case.id)),
        date: Some(case.date()),
        body,
        parties: Vec::new(),
        stance: None,
        fields: [designation, summary, text],
    });
    for r in case.responses.values() {
        let name = c.body_name(&r.body);
        let title = format!("{name}: {}", case.title);
        let text = format!(
            "{}\n\n{}\n\n{}\n\n{}",
            plain_text(&r.text.source),
            r.decision.join("\n\n"),
            r.proposed_decision.clone().unwrap_or_default(),
            response_head(c, views, r)
        );
        let body = c.body(&r.body);
        let summary = r.summary.clone();
        c.push(Doc {
            kind: Kind::Response,
            title,
            url: page(paths::response(&case.id, &r.body)),
            date: r.date(),
            body,
            parties: Vec::new(),
            stance: Some(r.stance),
            fields: [case.case_number.clone(), summary, text],
        });
    }
    for s in &case.statements {
        let title = format!("{}: {}", views.statement_title(s), case.title);
        let source = match &s.same_as {
            Some(other) if s.text.is_empty() => case.statement(other).map_or("", |o| o.text.source.as_str()),
            _ => s.text.source.as_str(),
        };
        let parties = c.parties(&s.parties());
        let party_names: Vec<String> =
            s.parties().iter().filter_map(|p| site.parties.get(*p)).map(|p| p.name.clone()).collect();
        let summary = excerpt(&plain_text(source), 400);
        let source = format!("{} {} {source}", c.body_name(&s.body), party_names.join(" "));
        let body = c.body(&s.body);
        let date = case.responses.get(&s.body).and_then(Response::date).or(Some(case.date()));
        c.push(Doc {
            kind: Kind::Statement,
            title,
            url: page(paths::statement(&case.id, &s.id)),
            date,
            body,
            parties,
            stance: None,
            fields: [case.case_number.clone(), summary, plain_text(&source)],
        });
    }
    for m in &case.motions {
        motion(c, views, case, m);
    }
    for v in &case.votes {
        vote(c, views, case, v);
    }
}

/// The facts at the head of a case's page, as words a citizen may search
/// by: who presented it, which body decided, which were asked to answer,
/// its memo and earlier answers, and its dates, both as `2023-04-26` and
/// as the page writes them.
fn case_head(c: &Collector, views: &Views, case: &Case) -> String {
    let mut head = Vec::new();
    if let Some(r) = &case.rapporteur {
        head.extend([r.name.clone(), r.title.clone().unwrap_or_default()]);
    }
    head.push(c.body_name(&case.decided_by));
    head.extend(case.referred_to.iter().map(|b| c.body_name(b)));
    head.extend(case.pm.iter().chain(&case.earlier_answers).cloned());
    let dates = [case.received, Some(case.deadline), case.internal_deadline, case.decided, case.rapporteur_date];
    head.extend(dates.into_iter().flatten().map(|d| dated(views, d)));
    head.retain(|h| !h.is_empty());
    head.join(". ")
}

/// The facts at the head of a response's page: its stance in words, the
/// office that drafted it, and its dates.
fn response_head(c: &Collector, views: &Views, r: &Response) -> String {
    let mut head = vec![views.stance(r.stance).label];
    head.extend(r.drafted_by.as_deref().map(|o| c.body_name(o)));
    head.extend([r.meeting, r.drafted].into_iter().flatten().map(|d| dated(views, d)));
    head.join(". ")
}

/// A date as typed in a search box, both ways: `2023-04-26 26 april 2023`.
fn dated(views: &Views, d: Date) -> String {
    format!("{d} {}", views.theme.format_date(d))
}

/// The documents of the bodies', parties', persons' and documents' pages,
/// and of each proposal (an anchor on its document's page).
fn entity_docs(c: &mut Collector, theme: &Theme) {
    let site = c.site;
    for b in site.bodies.values() {
        let kind = theme.t(&format!("body_kind.{}", b.kind.key()));
        let body = c.body(&b.id);
        let about = plain_text(&b.text.source);
        c.push(Doc {
            kind: Kind::Body,
            title: b.name.clone(),
            url: page(paths::body(&b.id)),
            date: None,
            body,
            parties: Vec::new(),
            stance: None,
            fields: [String::new(), about, kind],
        });
    }
    for p in site.parties.values() {
        let designation =
            std::iter::once(p.abbreviation.clone()).chain(p.aliases.iter().cloned()).collect::<Vec<_>>().join(" ");
        let parties = c.parties(&[p.id.as_str()]);
        c.push(Doc {
            kind: Kind::Party,
            title: p.name.clone(),
            url: page(paths::party(&p.id)),
            date: None,
            body: None,
            parties,
            stance: None,
            fields: [designation, plain_text(&p.text.source), String::new()],
        });
    }
    for person in site.persons.values() {
        let ids: Vec<&str> = person.parties.iter().map(String::as_str).collect();
        let parties = c.parties(&ids);
        let names: Vec<String> = ids.iter().filter_map(|p| site.parties.get(*p)).map(|p| p.name.clone()).collect();
        let titles: Vec<String> = person.titles.iter().cloned().collect();
        let summary = format!("{} {}", names.join(" "), titles.join(" "));
        c.push(Doc {
            kind: Kind::Person,
            title: person.name.clone(),
            url: page(paths::person(&person.slug)),
            date: None,
            body: None,
            parties,
            stance: None,
            fields: [String::new(), summary, String::new()],
        });
    }
    for d in site.documents.values() {
        let title = format!("{} {}", d.designation, d.title);
        c.push(Doc {
            kind: Kind::Document,
            title,
            url: page(paths::document(&d.id)),
            date: d.date,
            body: None,
            parties: Vec::new(),
            stance: None,
            fields: [
                d.designation.clone(),
                excerpt(&plain_text(&d.text.source), 400),
                format!("{} {}", d.author.clone().unwrap_or_default(), plain_text(&d.text.source)),
            ],
        });
        for p in &d.proposals {
            let url = format!("{}#{}", page(paths::document(&d.id)), p.id);
            c.push(Doc {
                kind: Kind::Proposal,
                title: p.title.clone(),
                url,
                date: d.date,
                body: None,
                parties: Vec::new(),
                stance: None,
                fields: [d.designation.clone(), p.summary.clone().unwrap_or_default(), d.title.clone()],
            });
        }
    }
}

/// "Name (M), Name (S)": people with their party's abbreviation.
fn named<'a>(site: &Site, people: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    people
        .map(|(name, party)| {
            format!(
                "{name} ({})",
                site.parties.get(party).map_or_else(|| party.to_uppercase(), |p| p.abbreviation.clone())
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A motion, found by its movers, its parties and its words; it opens at
/// its place on the case page.
fn motion(c: &mut Collector, views: &Views, case: &Case, m: &Motion) {
    let site = c.site;
    let movers = named(site, m.signatories.iter().map(|s| (s.name.as_str(), s.party.as_str())));
    let ids: Vec<&str> = m.parties.iter().map(String::as_str).collect();
    let party_names: Vec<String> = ids.iter().filter_map(|p| site.parties.get(*p)).map(|p| p.name.clone()).collect();
    let adopted = if m.adopted { format!(" {}", views.theme.t("motion.adopted")) } else { String::new() };
    let summary = format!("{movers} {}.{adopted}", views.proposes(m));
    let text = format!("{} {}", party_names.join(" "), m.text.as_deref().map(plain_text).unwrap_or_default());
    let parties = c.parties(&ids);
    let body = c.body(&m.body);
    c.push(Doc {
        kind: Kind::Motion,
        title: format!("{}: {}", views.motion_label(m), case.title),
        url: format!("{}#{}", page(paths::case(&case.id)), paths::motion_anchor(&m.id)),
        date: m.date.or(case.decided),
        body,
        parties,
        stance: None,
        fields: [case.case_number.clone(), summary, text],
    });
}

/// A vote, found by the people who voted and how: its text lists each side.
fn vote(c: &mut Collector, views: &Views, case: &Case, v: &Vote) {
    let site = c.site;
    let t = |k: &str| views.theme.t(k);
    let mut sides = Vec::new();
    for ballot in [Ballot::Ja, Ballot::Nej, Ballot::Avstar, Ballot::Franvarande] {
        let people = v.members.iter().filter(|m| m.ballot == ballot).map(|m| (m.name.as_str(), m.party.as_str()));
        let people = named(site, people);
        if !people.is_empty() {
            sides.push(format!("{}: {people}.", capitalise(ballot.term())));
        }
    }
    let ids = distinct(v.members.iter().map(|m| m.party.as_str()));
    let parties = c.parties(&ids);
    let body = c.body(&v.body);
    c.push(Doc {
        kind: Kind::Vote,
        title: format!("{}: {}", t(&format!("vote.{}", v.kind.key())), case.title),
        url: format!("{}#{}", page(paths::case(&case.id)), paths::vote_anchor(v.number)),
        date: case.decided,
        body,
        parties,
        stance: None,
        fields: [
            case.case_number.clone(),
            format!("{}.", views.vote_result(v)),
            format!("{} {}", v.proposition.clone().unwrap_or_default(), sides.join(" ")),
        ],
    });
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |f| f.to_uppercase().chain(chars).collect())
}

/// The start of a case's text: its first paragraph that is not a heading.
fn case_summary(plain: &str) -> String {
    let first = plain.split("\n\n").find(|p| p.split_whitespace().count() > 8).unwrap_or("");
    excerpt(first, 400)
}
