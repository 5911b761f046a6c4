//! Typed entities after validation, and the linked [`Site`] graph.
//!
//! Everything downstream of `validate` (rendering, feeds, data export) reads
//! only these types: no raw TOML, no file system. Collections are `BTreeMap`s
//! or sorted `Vec`s so that iteration order, and thus the output, is
//! deterministic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

pub mod paths;
mod slug;
mod text;

pub use slug::{is_slug, slugify};
pub use text::{Markdown, SharedText};

/// A calendar date. TOML dates carry no time zone, and neither do we.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in that month.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: u16 = s[0..4].parse().ok()?;
        let month: u8 = s[5..7].parse().ok()?;
        let day: u8 = s[8..10].parse().ok()?;
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= date.days_in_month()).then_some(date)
    }

    fn days_in_month(&self) -> u8 {
        let leap = (self.year.is_multiple_of(4) && !self.year.is_multiple_of(100)) || self.year.is_multiple_of(400);
        match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// The date as `YYYYMMDD`, as iCalendar wants it.
    pub fn compact(&self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Declares a closed vocabulary: the Swedish terms staff write in content,
/// and a stable ASCII key used for CSS classes and UI-string lookups.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $term:literal, $key:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every allowed value, in the order the contract lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The term as written in content files.
            pub fn term(self) -> &'static str {
                match self { $($name::$variant => $term),* }
            }

            /// ASCII key for CSS classes and UI-string lookups.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }

            /// Looks a content term up.
            pub fn from_term(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.term() == s)
            }
        }
    };
}

vocabulary!(
    /// The kind of a city body.
    BodyKind {
        Kommunfullmaktige => "kommunfullmäktige", "kommunfullmaktige";
        Kommunstyrelse => "kommunstyrelse", "kommunstyrelse";
        Borgarradsberedning => "borgarrådsberedning", "borgarradsberedning";
        Namnd => "nämnd", "namnd";
        Stadsdelsnamnd => "stadsdelsnämnd", "stadsdelsnamnd";
        Forvaltning => "förvaltning", "forvaltning";
        Bolag => "bolag", "bolag";
        Annat => "annat", "annat";
    }
);

vocabulary!(
    /// The kind of a referred document.
    DocumentKind {
        Sou => "SOU", "sou";
        Ds => "Ds", "ds";
        Prop => "prop", "prop";
        Dir => "dir", "dir";
        Skr => "skr", "skr";
        Annat => "annat", "annat";
    }
);

vocabulary!(
    /// A body's position on a referral or on one proposal.
    Stance {
        Positiv => "positiv", "positiv";
        IHuvudsakPositiv => "i huvudsak positiv", "i-huvudsak-positiv";
        Blandad => "blandad", "blandad";
        IHuvudsakNegativ => "i huvudsak negativ", "i-huvudsak-negativ";
        Negativ => "negativ", "negativ";
        Avstar => "avstår", "avstar";
    }
);

vocabulary!(
    /// The kind of a party statement in the minutes.
    StatementKind {
        SarskiltUttalande => "särskilt uttalande", "sarskilt-uttalande";
        Reservation => "reservation", "reservation";
        Ersattaryttrande => "ersättaryttrande", "ersattaryttrande";
        Protokollsanteckning => "protokollsanteckning", "protokollsanteckning";
        Yttrande => "yttrande", "yttrande";
    }
);

vocabulary!(
    /// What a motion (yrkande) asks the meeting to do.
    Proposes {
        Bifall => "bifall", "bifall";
        EgetForslag => "eget förslag", "eget-forslag";
        Avslag => "avslag", "avslag";
        Aterremiss => "återremiss", "aterremiss";
        Bordlaggning => "bordläggning", "bordlaggning";
    }
);

vocabulary!(
    /// Which vote (votering) of a decision this is.
    VoteKind {
        Huvudvotering => "huvudvotering", "huvudvotering";
        Motforslag => "motförslag", "motforslag";
        Votering => "votering", "votering";
    }
);

vocabulary!(
    /// One member's vote.
    Ballot {
        Ja => "ja", "ja";
        Nej => "nej", "nej";
        Avstar => "avstår", "avstar";
        Franvarande => "frånvarande", "franvarande";
    }
);

vocabulary!(
    /// How far the site meets WCAG, as Digg's template words it.
    Compliance {
        Helt => "helt förenlig", "helt";
        Delvis => "delvis förenlig", "delvis";
        Inte => "inte förenlig", "inte";
    }
);

impl Stance {
    /// A text symbol so that a stance is never conveyed by colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Stance::Positiv => "++",
            Stance::IHuvudsakPositiv => "+",
            Stance::Blandad => "±",
            Stance::IHuvudsakNegativ => "−",
            Stance::Negativ => "−−",
            Stance::Avstar => "○",
        }
    }
}

/// Derived state of a case relative to the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Oppen,
    Forsenad,
    Besvarad,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Oppen => "oppen",
            Status::Forsenad => "forsenad",
            Status::Besvarad => "besvarad",
        }
    }

    /// The Swedish term used in open data and feeds.
    pub fn term(self) -> &'static str {
        match self {
            Status::Oppen => "öppen",
            Status::Forsenad => "försenad",
            Status::Besvarad => "besvarad",
        }
    }
}

/// A file copied as is from a case folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// Content-relative path, `/`-separated; also its path in the output.
    pub path: String,
    pub file_name: String,
    pub bytes: u64,
    /// Where to copy it from.
    pub source: std::path::PathBuf,
}

/// Settings from `site.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    /// Always ends in `/`.
    pub base_url: String,
    pub organisation: String,
    /// The UI language: the theme's strings.
    pub language: String,
    /// The language content is written in. When it differs from the UI
    /// language, content is marked with `lang` so screen readers switch
    /// voice (WCAG 3.1.2, Language of Parts).
    pub content_language: String,
    pub description: Option<String>,
    pub theme: String,
    pub accessibility: Option<Accessibility>,
    /// The host the site is published on, whose limits the build checks.
    pub host: Option<HostLimits>,
    /// The most entries in one feed, newest first.
    pub feed_limit: usize,
}

/// What a static host accepts. A build over a limit still succeeds, with a
/// warning that gives the numbers, before a deployment fails on them.
#[derive(Debug, Clone, PartialEq)]
pub struct HostLimits {
    /// "GitHub Pages", or "the host" when site.toml gives only numbers.
    pub name: String,
    /// The whole site, in bytes.
    pub max_bytes: Option<u64>,
    pub max_files: Option<u64>,
    /// Any one file, in bytes.
    pub max_file_bytes: Option<u64>,
    /// Where site.toml names them: (path, line, column), for the warning.
    pub at: (String, usize, usize),
}

/// Facts for the accessibility statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Accessibility {
    pub compliance: Compliance,
    pub assessed: Option<Date>,
    pub updated: Option<Date>,
    pub method: Option<String>,
    pub contact: Option<Contact>,
    pub shortcomings: Vec<String>,
}

/// Where to report accessibility problems: an e-mail address or a web page.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    /// As written in `site.toml`, for the link text.
    pub text: String,
    /// `mailto:` for an address, the URL itself otherwise.
    pub href: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub id: String,
    pub name: String,
    pub kind: BodyKind,
    pub office: Option<String>,
    pub url: Option<String>,
    pub text: Markdown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub abbreviation: String,
    pub aliases: Vec<String>,
    pub color: Option<String>,
    pub text: Markdown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: String,
    pub title: String,
    pub designation: String,
    pub kind: DocumentKind,
    pub date: Option<Date>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub related: Vec<String>,
    pub proposals: Vec<Proposal>,
    pub text: Markdown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rapporteur {
    pub name: String,
    pub title: Option<String>,
    /// Slug of the person page.
    pub person: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub case_number: String,
    pub pm: Option<String>,
    pub documents: Vec<String>,
    pub referrer: String,
    pub received: Option<Date>,
    pub deadline: Date,
    pub internal_deadline: Option<Date>,
    pub decided_by: String,
    pub decided: Option<Date>,
    pub answered: bool,
    pub rapporteur: Option<Rapporteur>,
    pub rapporteur_date: Option<Date>,
    pub referred_to: Vec<String>,
    pub decision: Vec<String>,
    pub related_cases: Vec<String>,
    pub earlier_answers: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub status: Status,
    pub text: Markdown,
    /// Keyed by the answering body's id.
    pub responses: BTreeMap<String, Response>,
    /// Sorted by body, then `order`, then id.
    pub statements: Vec<Statement>,
    pub attachments: Vec<Attachment>,
    /// Motions at the deciding meeting, in the order of the minutes.
    pub motions: Vec<Motion>,
    /// Votes, in the order of the minutes.
    pub votes: Vec<Vote>,
}

impl Case {
    /// The date that best dates a case: the decision, else the rapporteur's
    /// signature, else its arrival, else its deadline (always present).
    /// Feeds, the sitemap, lists and search all order and date a case by
    /// it, so a case keeps the same date wherever it is listed.
    pub fn date(&self) -> Date {
        self.decided.or(self.rapporteur_date).or(self.received).unwrap_or(self.deadline)
    }

    /// The date of one of its responses: the response's own, else the case's.
    pub fn response_date(&self, response: &Response) -> Date {
        response.date().unwrap_or_else(|| self.date())
    }

    /// The date a statement was made: statements carry no date of their
    /// own, but they are made at the meeting where the same body decided
    /// its response, so that response's date is used; without one, the
    /// case's date.
    pub fn statement_date(&self, statement: &Statement) -> Date {
        self.responses.get(&statement.body).map_or_else(|| self.date(), |r| self.response_date(r))
    }

    pub fn statement(&self, id: &str) -> Option<&Statement> {
        self.statements.iter().find(|s| s.id == id)
    }

    pub fn motion(&self, id: &str) -> Option<&Motion> {
        self.motions.iter().find(|m| m.id == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The answering body's id (the file stem).
    pub body: String,
    pub stance: Stance,
    pub summary: String,
    pub meeting: Option<Date>,
    pub drafted: Option<Date>,
    pub drafted_by: Option<String>,
    pub proposed_decision: Option<String>,
    pub decision: Vec<String>,
    pub joint_with: Vec<String>,
    pub proposals: BTreeMap<String, Stance>,
    pub proposal_notes: BTreeMap<String, String>,
    pub text: Markdown,
    pub attachments: Vec<Attachment>,
}

impl Response {
    /// The date that best dates the answer: the meeting, else the draft.
    pub fn date(&self) -> Option<Date> {
        self.meeting.or(self.drafted)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Signatory {
    pub name: String,
    pub party: String,
    pub and_others: bool,
    /// "borgarråd" where the minutes give one (an extension of the contract).
    pub title: Option<String>,
    /// Slug of the person page.
    pub person: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub id: String,
    pub kind: StatementKind,
    pub body: String,
    pub signatories: Vec<Signatory>,
    pub joins: Vec<String>,
    pub same_as: Option<String>,
    /// The motion a reservation is made in favour of ("till förmån för det egna yrkandet").
    pub favours: Option<String>,
    pub order: Option<i64>,
    pub text: Markdown,
    pub attachments: Vec<Attachment>,
}

impl Statement {
    /// Distinct party ids of the signatories, in order of appearance.
    pub fn parties(&self) -> Vec<&str> {
        parties_of(&self.signatories)
    }
}

/// Distinct party ids of `signatories`, in order of appearance.
pub fn parties_of(signatories: &[Signatory]) -> Vec<&str> {
    distinct(signatories.iter().map(|s| s.party.as_str()))
}

/// The items once each, in order of first appearance (lists are short).
pub fn distinct<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

/// A motion (yrkande) made at the deciding meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Motion {
    /// Unique in the case; the anchor on the case page is `yrkande-<id>`.
    pub id: String,
    /// The body in whose meeting it was made (the case's `decided_by` unless given).
    pub body: String,
    /// Who moved it at the meeting.
    pub signatories: Vec<Signatory>,
    /// The parties whose written motion it is ("yrkande från M, D, L och KD"),
    /// or, when not given, the signatories' parties.
    pub parties: Vec<String>,
    /// The date of the written motion.
    pub date: Option<Date>,
    pub proposes: Proposes,
    /// The id of the motion this one backs ("bifall till Karin Pleijels yrkande").
    pub supports: Option<String>,
    /// Its own wording, as Markdown, where the minutes give it.
    pub text: Option<String>,
    /// Whether the meeting adopted it: from the main vote, else as written.
    pub adopted: bool,
}

/// One member's vote in a [`Vote`].
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub party: String,
    pub ballot: Ballot,
    /// Chaired the meeting: the chair's vote decides a tie (utslagsröst).
    pub chair: bool,
    /// "tjänstgörande ersättare", as the minutes write it.
    pub title: Option<String>,
    /// Slug of the person page.
    pub person: String,
}

/// How many members voted each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub yes: u32,
    pub no: u32,
    pub abstained: u32,
    pub absent: u32,
}

impl Counts {
    pub fn of(members: &[Member]) -> Counts {
        let mut c = Counts::default();
        for m in members {
            *match m.ballot {
                Ballot::Ja => &mut c.yes,
                Ballot::Nej => &mut c.no,
                Ballot::Avstar => &mut c.abstained,
                Ballot::Franvarande => &mut c.absent,
            } += 1;
        }
        c
    }
}

/// A vote (votering): Ja for one motion, Nej for another, and every member's vote.
#[derive(Debug, Clone, PartialEq)]
pub struct Vote {
    /// 1-based, in the order of the minutes; the anchor is `votering-<number>`.
    pub number: usize,
    pub kind: VoteKind,
    pub body: String,
    /// The approved proposition as the minutes word it.
    pub proposition: Option<String>,
    /// The motion a Ja vote is for.
    pub yes: String,
    /// The motion a Nej vote is for.
    pub no: String,
    pub members: Vec<Member>,
    pub counts: Counts,
    /// Ja won (else Nej).
    pub yes_won: bool,
    /// The votes were tied and the chair's vote decided.
    pub casting_vote: bool,
}

impl Vote {
    /// The motion that won.
    pub fn winner(&self) -> &str {
        if self.yes_won { &self.yes } else { &self.no }
    }
}

/// Points at one member's vote: (case id, vote number).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct VoteRef {
    pub case: String,
    pub vote: usize,
}

/// Points at one motion: (case id, motion id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MotionRef {
    pub case: String,
    pub motion: String,
}

/// A person derived from signatories and rapporteurs.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub slug: String,
    pub name: String,
    pub parties: BTreeSet<String>,
    pub titles: BTreeSet<String>,
    pub statements: Vec<StatementRef>,
    pub reported: Vec<String>,
    /// Motions they moved.
    pub motions: Vec<MotionRef>,
    /// Votes they took part in (any ballot, absence included).
    pub votes: Vec<VoteRef>,
}

/// Points at one statement: (case id, statement id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StatementRef {
    pub case: String,
    pub statement: String,
}

/// Points at one response: (case id, body id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResponseRef {
    pub case: String,
    pub body: String,
}

/// Reverse references, computed once so that every page can show links from
/// both ends without scanning the whole site.
#[derive(Debug, Clone, Default)]
pub struct Backlinks {
    pub responses_by_body: BTreeMap<String, Vec<ResponseRef>>,
    pub statements_by_body: BTreeMap<String, Vec<StatementRef>>,
    pub statements_by_party: BTreeMap<String, Vec<StatementRef>>,
    /// Motions a party moved or is named in (`parties`, or a signatory's party).
    pub motions_by_party: BTreeMap<String, Vec<MotionRef>>,
    /// Votes taken in a body's meetings.
    pub votes_by_body: BTreeMap<String, Vec<VoteRef>>,
    /// Votes in which a party's members voted.
    pub votes_by_party: BTreeMap<String, Vec<VoteRef>>,
    pub cases_by_document: BTreeMap<String, Vec<String>>,
    pub cases_decided_by: BTreeMap<String, Vec<String>>,
    pub cases_referred_to: BTreeMap<String, Vec<String>>,
    pub documents_related_from: BTreeMap<String, Vec<String>>,
    pub cases_related_from: BTreeMap<String, Vec<String>>,
    /// (case, statement) → statements that join it.
    pub joined_by: BTreeMap<StatementRef, Vec<String>>,
    /// (case, statement) → statements that are worded the same.
    pub same_as_from: BTreeMap<StatementRef, Vec<String>>,
    /// Bodies whose `office` is this förvaltning.
    pub offices_of: BTreeMap<String, Vec<String>>,
}

/// The whole validated, linked site: immutable once built.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub today: Date,
    pub bodies: BTreeMap<String, Body>,
    pub parties: BTreeMap<String, Party>,
    pub documents: BTreeMap<String, Document>,
    pub cases: BTreeMap<String, Case>,
    pub persons: BTreeMap<String, Person>,
    pub links: Backlinks,
}

impl Site {
    /// The absolute URL of a site path, for files read without a page to
    /// resolve a relative link against (feeds, the sitemap, open data).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.config.base_url, path)
    }

    pub fn statement(&self, r: &StatementRef) -> Option<(&Case, &Statement)> {
        let case = self.cases.get(&r.case)?;
        Some((case, case.statement(&r.statement)?))
    }

    pub fn response(&self, r: &ResponseRef) -> Option<(&Case, &Response)> {
        let case = self.cases.get(&r.case)?;
        Some((case, case.responses.get(&r.body)?))
    }

    pub fn vote(&self, r: &VoteRef) -> Option<(&Case, &Vote)> {
        let case = self.cases.get(&r.case)?;
        Some((case, case.votes.get(r.vote.checked_sub(1)?)?))
    }

    pub fn motion(&self, r: &MotionRef) -> Option<(&Case, &Motion)> {
        let case = self.cases.get(&r.case)?;
        Some((case, case.motion(&r.motion)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_swedish_letters() {
        assert_eq!(slugify("Jan Jönsson"), "jan-jonsson");
        assert_eq!(slugify("Åsa Éclair-Ärlig"), "asa-eclair-arlig");
        assert_eq!(slugify("  Spånga–Tensta  "), "spanga-tensta");
        assert!(is_slug("ks-2023-99"));
        assert!(!is_slug("KS-2023"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(Date::parse("2023-04-28").unwrap().to_string(), "2023-04-28");
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-13-01").is_none());
    }
}
