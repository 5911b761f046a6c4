//! Minutes written paragraph by paragraph (§), as most municipalities and
//! regions write them: Göteborg's kommunstyrelsen, and the meeting systems
//! most cities use. One paragraph decides one case:
//!
//! ```text
//! § 261 Ärendenummer SLK-2025-00096
//! Remiss från Justitiedepartementet - Skärpta krav … (SOU 2025:1)
//! Beslut            the decision, "Enligt stadsledningskontorets förslag:"
//! Handlingar        the documents of the case
//! Yrkanden          "Axel Josefson (M) … yrkar bifall till yrkande från M, D, L och KD …"
//! Propositionsordning
//! Huvudvotering     "Godkänd voteringsproposition: …", "… röstar Ja (7)."
//! Protokollsanteckning, Reservationer, Protokollsutdrag skickas till
//! ```
//!
//! This module reads that layout into names and texts as written, line by
//! line: a section starts at its heading, a paragraph ends with its
//! sentence or at a blank line. The running header and footer a PDF puts
//! inside a paragraph ("Kommunstyrelsen", "Protokoll nr 10",
//! "Sammanträdesdatum: …") are dropped, and their body name and date kept.
//! `place_paragraph` matches the names to ids. Nothing here knows any
//! particular city, body or person.

use super::parse::{Unplaced, list, swedish_date};
use super::text::{self, Line};
use crate::model::Date;

mod proceedings;

use proceedings::*;
pub use proceedings::{people, same_person, side};

/// A person as the minutes name them: "tjänstgörande ersättaren Johannes Hulter (S)".
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    /// The party abbreviation in the parentheses, as written.
    pub party: String,
    /// "tjänstgörande ersättare", in its indefinite form.
    pub title: Option<String>,
    /// The chair ("ordföranden", "tjänstgörande ordföranden").
    pub chair: bool,
}

/// What a motion asks for, as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Asks {
    /// Bifall to the office's proposal ("stadsledningskontorets förslag").
    Proposal,
    /// Bifall to a written motion: "yrkande från M, D, L och KD den 21 mars 2025".
    Written {
        parties: Vec<String>,
        date: Option<Date>,
    },
    /// Bifall to the motion of the people named: "Karin Pleijels yrkande".
    Backs(Vec<String>),
    Avslag,
    Aterremiss,
    Bordlaggning,
    /// Anything else: the motion's own words.
    Own(String),
}

/// A motion as read: the movers and what they ask for.
#[derive(Debug, Clone, PartialEq)]
pub struct Motion {
    pub line: usize,
    pub movers: Vec<Person>,
    pub asks: Asks,
}

/// The motion a side of a vote is for, as the proposition names it.
#[derive(Debug, Clone, PartialEq)]
pub enum Side {
    /// "stadsledningskontorets förslag", "förslaget".
    Proposal,
    /// "det egna yrkandet": the chair's.
    Chair,
    /// "Daniel Bernmars och Karin Pleijels yrkande": the movers, nominative.
    Movers(Vec<String>),
    /// "yrkande från V och MP".
    Written(Vec<String>),
}

/// A named vote (votering).
#[derive(Debug, Clone, PartialEq)]
pub struct Vote {
    pub line: usize,
    /// The contract's term: "huvudvotering", "motförslag" or "votering".
    pub kind: &'static str,
    pub proposition: Option<String>,
    pub yes: Option<Side>,
    pub no: Option<Side>,
    /// Each member and their ballot's term ("ja", "nej", "avstår", "frånvarande").
    pub members: Vec<(Person, &'static str)>,
    /// The counts the minutes give, by ballot, in the order ja, nej, avstår, frånvarande.
    pub counts: [Option<u32>; 4],
}

/// A protocol note, reservation or yttrande.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub line: usize,
    /// The contract's term.
    pub kind: &'static str,
    pub signers: Vec<Person>,
    pub text: String,
    /// The motion it favours: "till förmån för det egna yrkandet" (`Some(None)`)
    /// or for the motion of the people named.
    pub favours: Option<Option<Side>>,
}

/// One paragraph (§) of the minutes.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    /// "§ 261".
    pub number: Option<String>,
    pub case_number: Option<String>,
    pub title: Option<String>,
    pub referrer: Option<String>,
    /// "SOU 2025:1", from the title.
    pub designation: Option<String>,
    /// Body names the running header gives ("Kommunstyrelsen"), best first.
    pub body_hints: Vec<String>,
    /// "Sammanträdesdatum: 2024-02-07" from the running header.
    pub meeting: Option<Date>,
    /// The latest date written anywhere in the paragraph.
    pub latest_date: Option<Date>,
    /// "Remisstid …", "senast den …", where the paragraph gives it.
    pub deadline: Option<Date>,
    /// "Enligt stadsledningskontorets förslag:" before the decision.
    pub decided_on: Option<String>,
    pub decision: Vec<String>,
    pub motions: Vec<Motion>,
    /// From the order of propositions: the side the chair found adopted.
    pub found_adopted: Option<Side>,
    /// From the order of propositions: the Ja and Nej sides of the main vote.
    pub main_vote_yes: Option<Side>,
    pub main_vote_no: Option<Side>,
    pub votes: Vec<Vote>,
    pub statements: Vec<Statement>,
    /// Other sections as (heading, paragraphs): Handlingar, Propositionsordning,
    /// Protokollsutdrag skickas till, Ärendet, ….
    pub sections: Vec<(String, Vec<String>)>,
    pub unplaced: Vec<Unplaced>,
}

/// Whether the text is a § paragraph: one of its first lines opens with
/// "§" and a number.
pub fn is_paragraph(lines: &[Line]) -> bool {
    lines.iter().take(8).any(|l| section_number(&l.text).is_some())
}

/// "§ 261 Ärendenummer SLK-2025-00096" → ("§ 261", "Ärendenummer SLK-2025-00096").
fn section_number(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix('§')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some((format!("§ {digits}"), rest[digits.len()..].trim()))
}

/// "Ärendenummer SLK-2025-00096", "Dnr KS 2024/123", "Diarienummer: 2024/55".
fn case_number(text: &str) -> Option<String> {
    const LABELS: [&str; 6] = ["Ärendenummer", "Diarienummer", "Dnr.", "Dnr", "Ärende nr", "Ärendenr"];
    let rest = LABELS.iter().find_map(|l| text.strip_prefix(l))?;
    let rest = rest.trim_start_matches([':', ' ']).trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// A bare case number after the §: "SLK-2025-00096", "KS 2024/123".
fn bare_case_number(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let looks = !words.is_empty()
        && words.len() <= 3
        && text.chars().any(|c| c.is_ascii_digit())
        && words.iter().all(|w| !w.starts_with(char::is_lowercase))
        && words.last().is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()) || w.contains('-'));
    looks.then(|| text.trim().to_string())
}

/// The kinds of section a paragraph has, by heading.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    Head,
    Decision,
    Motions,
    Order,
    Vote(&'static str),
    Statements(&'static str),
    /// Text kept as written under its heading (Handlingar, Ärendet, …).
    Other,
}

/// The section a heading line opens, if it is one.
fn heading(text: &str) -> Option<Section> {
    // A heading stands on its own line, capitalised, without a full stop.
    let t = text.trim();
    if !t.starts_with(char::is_uppercase) || t.ends_with('.') {
        return None;
    }
    let h = t.trim_end_matches(':').to_lowercase();
    let words = h.split_whitespace().count();
    if words == 0 || words > 7 || text.contains('(') {
        return None;
    }
    let section = match h.as_str() {
        "beslut" | "beslut i korthet" => Section::Decision,
        "yrkanden" | "yrkande" | "yrkanden under sammanträdet" => Section::Motions,
        "propositionsordning"
        | "proposition"
        | "propositioner"
        | "beslutsgång"
        | "propositionsordning och beslutsgång" => Section::Order,
        "protokollsanteckning" | "protokollsanteckningar" => Section::Statements("protokollsanteckning"),
        "reservation" | "reservationer" => Section::Statements("reservation"),
        "särskilt yttrande" | "särskilda yttranden" | "särskilt uttalande" | "särskilda uttalanden" => {
            Section::Statements("yttrande")
        }
        "ersättaryttrande" | "ersättaryttranden" => Section::Statements("ersättaryttrande"),
        _ if h.starts_with("reservation") => Section::Statements("reservation"),
        _ if h.starts_with("protokollsanteckning") => Section::Statements("protokollsanteckning"),
        _ if h.starts_with("särskilt yttrande") || h.starts_with("särskilda yttranden") => {
            Section::Statements("yttrande")
        }
        "förslag till beslut"
        | "handlingar"
        | "beslutsunderlag"
        | "handling"
        | "protokollsutdrag skickas till"
        | "beslutet skickas till"
        | "expedieras till"
        | "expediering"
        | "skickas till"
        | "ärendet"
        | "sammanfattning"
        | "sammanfattning av ärendet"
        | "bakgrund"
        | "beskrivning av ärendet"
        | "ärendebeskrivning"
        | "jäv"
        | "ajournering"
        | "deltar inte i beslutet" => Section::Other,
        _ if h.ends_with("s beslut") && words <= 3 => Section::Decision,
        _ if h.starts_with("yrkande") && words <= 4 => Section::Motions,
        _ if h.contains("votering") || h.starts_with("omröstning") => Section::Vote(if h.contains("motförslag") {
            "motförslag"
        } else if h.contains("huvudvotering") {
            "huvudvotering"
        } else {
            "votering"
        }),
        _ => return None,
    };
    Some(section)
}

/// A short capitalised line without punctuation or digits: "Dagens sammanträde".
fn is_heading_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (2..=5).contains(&words)
        && text.starts_with(char::is_uppercase)
        && !text.contains(|c: char| c.is_ascii_digit() || "(),;.!?\"”".contains(c))
        && !text.ends_with(':')
}

/// A line of the running header or footer that a PDF prints on every page:
/// "Protokoll nr 4", "Sammanträdesdatum: 2024-02-07", "Göteborgs Stad
/// Kommunstyrelsen, protokoll", "Justerandes signatur".
fn is_running(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    let short = t.chars().count() <= 80;
    short
        && (lower.starts_with("protokoll nr")
            || lower.starts_with("protokollnummer")
            || lower == "protokoll"
            || lower.strip_prefix("protokoll ").is_some_and(|r| {
                // "Protokoll 2024-03-06", "Protokoll 4/2024": a number or date only.
                r.chars().any(|c| c.is_ascii_digit()) && r.chars().all(|c| c.is_ascii_digit() || " -/.:".contains(c))
            })
            || lower.contains("sammanträdesprotokoll")
            || lower.starts_with("sammanträdesdatum")
            || lower.starts_with("sammanträdesdag")
            || lower.contains(", protokoll")
            || lower.starts_with("justerandes sign")
            || lower.starts_with("justerarnas sign")
            || lower.starts_with("ordförandes sign")
            || lower.starts_with("utdragsbestyrkande"))
}

/// An ISO date "2024-02-07" in the text.
fn iso_date(text: &str) -> Option<Date> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find_map(|w| (w.len() == 10).then(|| Date::parse(w)).flatten())
}

/// Every Swedish or ISO date in a text.
fn dates(text: &str) -> Vec<Date> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<Date> =
        (0..words.len()).filter_map(|i| swedish_date(&words[i..words.len().min(i + 3)].join(" "))).collect();
    out.extend(
        text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
            .filter_map(|w| (w.len() == 10).then(|| Date::parse(w)).flatten()),
    );
    out
}

/// The remisstid in a sentence: "Remisstid 1 december 2024", "… ska vara
/// inkommet senast den 1 december 2024".
fn deadline(text: &str) -> Option<Date> {
    ["remisstid", "senast"].iter().find_map(|w| {
        let i = find_ci(text, w)?;
        let after: String = text[i..].split_whitespace().skip(1).take(4).collect::<Vec<_>>().join(" ");
        swedish_date(&after).or_else(|| iso_date(&after))
    })
}

/// Ends a sentence: ".", ":", "!", "?", before closing quotes or brackets.
fn closes(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '”', '’', '»', ')']);
    s.ends_with(['.', ':', '!', '?'])
}

/// A source line: its number, its text, and whether a blank line stands before it.
type SourceLine = (usize, String, bool);

/// The lines without the running header, and what the header said.
struct Cleaned {
    lines: Vec<SourceLine>,
    body_hints: Vec<String>,
    meeting: Option<Date>,
}

fn without_running_header(raw: &str, lines: &[Line]) -> Cleaned {
    // Read on the raw lines: text::clean may already have dropped a header
    // that stands at the top of every page, and with it the body and date.
    let raw: Vec<&str> = raw.lines().map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}')).collect();
    let running: Vec<bool> = raw.iter().map(|l| is_running(l)).collect();
    let near = |i: usize| (i.saturating_sub(3)..(i + 4).min(raw.len())).any(|j| running[j]);
    let headers: Vec<String> = raw.iter().zip(&running).filter(|(_, r)| **r).map(|(l, _)| l.to_lowercase()).collect();
    let mut out = Cleaned { lines: Vec::new(), body_hints: Vec::new(), meeting: None };
    // Per raw line: part of the header (and what it says), or not.
    let mut header = vec![false; raw.len()];
    for (i, l) in raw.iter().enumerate() {
        if running[i] {
            header[i] = true;
            // "Sammanträdesdatum: 2024-02-07", "…, protokoll nr 10 2025-03-26".
            let lower = l.to_lowercase();
            if out.meeting.is_none() && (lower.starts_with("sammanträd") || lower.contains("protokoll")) {
                out.meeting = iso_date(l).or_else(|| swedish_date(l));
            }
            continue;
        }
        if l.is_empty() || !near(i) {
            continue;
        }
        // A date or a body's name standing alone among the header lines
        // ("Kommunstyrelsen"): a name the header repeats, or that ends like one.
        let lower = l.to_lowercase();
        let date_alone = iso_date(l).is_some() && l.len() == 10;
        let body_like =
            ["styrelsen", "nämnden", "fullmäktige", "utskottet", "beredningen"].iter().any(|e| lower.ends_with(e))
                || headers.iter().any(|h| h.contains(&lower));
        let alone = l.split_whitespace().count() <= 4
            && !closes(l)
            && heading(l).is_none()
            && section_number(l).is_none()
            && !l.contains(['(', ',', ':'])
            && body_like;
        if date_alone {
            header[i] = true;
            out.meeting = out.meeting.or(iso_date(l));
        } else if alone {
            header[i] = true;
            out.body_hints.push(l.to_string());
        }
    }
    // "Göteborgs Stad Kommunstyrelsen, protokoll": the words before ", protokoll".
    for h in raw.iter().zip(&running).filter(|(_, r)| **r).map(|(l, _)| *l) {
        let cut = h.find(", protokoll").or_else(|| h.find(", Protokoll"));
        if let Some(before) = cut.map(|i| &h[..i]) {
            let words: Vec<&str> = before.split_whitespace().collect();
            for n in 1..=words.len().min(4) {
                out.body_hints.push(words[words.len() - n..].join(" "));
            }
        }
    }
    for l in lines {
        if header.get(l.no - 1).copied().unwrap_or(false) {
            continue;
        }
        let blank = l.no >= 2 && raw.get(l.no - 2).is_some_and(|r| r.is_empty());
        out.lines.push((l.no, l.text.clone(), blank));
    }
    out
}

/// Joins a section's lines into paragraphs: one ends with its sentence, or
/// at a blank line before a line that starts a new one.
fn paragraphs(lines: &[SourceLine]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for (no, text, blank) in lines {
        // "§ 102 …" and "Dnr …" stand on their own line, whatever follows.
        let alone = section_number(text).is_some() || case_number(text).is_some();
        let continues = open
            && !alone
            && !(*blank
                && text.starts_with(char::is_uppercase)
                && out.last().is_some_and(|(_, p)| !p.ends_with([',', '-']) && !p.ends_with(" och")));
        if continues && let Some((_, p)) = out.last_mut() {
            let hyphen = p.ends_with('-') && text.starts_with(char::is_lowercase) && !text.starts_with("och ");
            if hyphen {
                p.pop();
            } else {
                p.push(' ');
            }
            p.push_str(text);
        } else {
            out.push((*no, text.clone()));
        }
        open = !closes(text) && !alone;
    }
    out
}

/// Reads one § paragraph from the minutes' text.
pub fn parse(raw: &str) -> Paragraph {
    let lines = text::clean(raw);
    let cleaned = without_running_header(raw, &lines);
    let mut p = Paragraph { body_hints: cleaned.body_hints, meeting: cleaned.meeting, ..Paragraph::default() };
    // Split into sections at the headings.
    let mut sections: Vec<(Section, String, usize, Vec<SourceLine>)> =
        vec![(Section::Head, String::new(), 0, Vec::new())];
    let mut previous_closes = false;
    for (no, text, blank) in cleaned.lines {
        let (section, title, _, lines) = sections.last_mut().expect("the head");
        let found = heading(&text).or_else(|| {
            // A heading this reader does not know ("Dagens sammanträde"),
            // after a finished sentence; not an item of a list of recipients.
            let listing =
                ["handling", "underlag", "skickas", "expedier"].iter().any(|w| title.to_lowercase().contains(w));
            let unknown = *section != Section::Head && !listing && previous_closes && is_heading_like(&text);
            unknown.then_some(Section::Other)
        });
        // A line ending in ":" introduces what follows, so it does not count.
        previous_closes = closes(&text) && !text.ends_with(':');
        match found {
            Some(s) => sections.push((s, text.trim_end_matches(':').to_string(), no, Vec::new())),
            None => lines.push((no, text, blank)),
        }
    }
    for (section, title, line, lines) in sections {
        let paras = paragraphs(&lines);
        for (_, t) in &paras {
            if let Some(d) = dates(t).into_iter().max() {
                p.latest_date = p.latest_date.max(Some(d));
            }
            p.deadline = p.deadline.or_else(|| deadline(t));
        }
        match section {
            Section::Head => head(&mut p, paras),
            Section::Decision => decision(&mut p, paras),
            Section::Motions => motions(&mut p, paras),
            Section::Order => {
                for (_, t) in &paras {
                    if p.found_adopted.is_none() {
                        p.found_adopted = found_adopted(t).or_else(|| found_it_adopted(t));
                    }
                    let (yes, no) = main_vote_sides(t);
                    p.main_vote_yes = p.main_vote_yes.take().or(yes);
                    p.main_vote_no = p.main_vote_no.take().or(no);
                }
                p.sections.push((title, paras.into_iter().map(|(_, t)| t).collect()));
            }
            Section::Vote(kind) => vote(&mut p, kind, line, paras),
            Section::Statements(kind) => statements(&mut p, kind, paras),
            Section::Other => p.sections.push((title, paras.into_iter().map(|(_, t)| t).collect())),
        }
    }
    p
}

fn head(p: &mut Paragraph, paras: Vec<(usize, String)>) {
    let mut title: Vec<String> = Vec::new();
    for (line, t) in paras {
        if let Some((number, rest)) = section_number(&t) {
            p.number = Some(number);
            p.case_number = case_number(rest).or_else(|| bare_case_number(rest));
            if p.case_number.is_none() && !rest.is_empty() {
                // "§ 12 Remiss från …": the title on the same line.
                title.push(rest.to_string());
            }
        } else if let Some(n) = case_number(&t).filter(|_| p.case_number.is_none()) {
            p.case_number = Some(n);
        } else if t.starts_with("Remisstid") || t.starts_with("Svar senast") {
            p.deadline = swedish_date(&t).or_else(|| iso_date(&t));
            if p.deadline.is_none() {
                p.unplaced.push((line, t, "a deadline without a date"));
            }
        } else {
            title.push(t);
        }
    }
    if title.is_empty() {
        return;
    }
    let title = title.join(" ");
    // "Remiss från X - …", "Yttrande över remiss från X om …".
    if let Some(i) = find_ci(&title, "remiss från ") {
        let rest = title[i + "remiss från ".len()..].trim_start_matches(':').trim();
        p.referrer = Some(referrer(rest)).filter(|r| !r.is_empty());
    } else if let Some(i) =
        ["yttrande till ", "remissvar till ", "svar till "].iter().find_map(|w| find_ci(&title, w).map(|i| i + w.len()))
    {
        // "Yttrande till Finansdepartementet över remiss av …".
        let rest = &title[i..];
        let end = [" över ", " om ", " angående ", " gällande ", " - ", " – ", ": "]
            .iter()
            .filter_map(|w| rest.find(w))
            .min();
        p.referrer = Some(rest[..end.unwrap_or(rest.len())].trim().to_string()).filter(|r| !r.is_empty());
    }
    p.designation = designation(&title);
    p.title = Some(title);
}

/// The referrer at the start of "Justitiedepartementet - Skärpta krav …" or
/// "Klimat- och näringslivsdepartementet Promemorian …": up to a dash or
/// colon, else its first word and the lowercase words after it.
fn referrer(rest: &str) -> String {
    for sep in [" - ", " – ", " — ", ": "] {
        if let Some((r, _)) = rest.split_once(sep) {
            return r.trim().to_string();
        }
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut n = 1;
    while n < words.len() && !words[n].starts_with(char::is_uppercase) {
        n += 1;
    }
    // "… departementet" ends the name even when lowercase words follow.
    if let Some(i) = words.iter().position(|w| w.ends_with("departementet")) {
        n = n.min(i + 1);
    }
    words[..n.min(words.len())].join(" ").trim_end_matches([',', '.']).to_string()
}

/// "SOU 2025:1", "Ds 2024:12", "Prop. 2023/24:5" in a title.
fn designation(title: &str) -> Option<String> {
    const KINDS: [&str; 7] = ["SOU", "Ds", "Prop.", "prop.", "Dir.", "dir.", "Skr."];
    let words: Vec<&str> = title.split_whitespace().map(|w| w.trim_matches(['(', ')', ',', '.'])).collect();
    let raw: Vec<&str> = title.split_whitespace().collect();
    (0..words.len().saturating_sub(1)).find_map(|i| {
        let kind = raw[i].trim_start_matches('(');
        let number = words[i + 1];
        let is_number = number.contains(':') && number.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '/');
        KINDS.contains(&kind).then(|| format!("{kind} {number}")).filter(|_| is_number)
    })
}

fn decision(p: &mut Paragraph, paras: Vec<(usize, String)>) {
    for (i, (_, t)) in paras.into_iter().enumerate() {
        // "Enligt stadsledningskontorets förslag:", "Kommunstyrelsen beslutar:".
        if i == 0 && t.ends_with(':') {
            p.decided_on = Some(t);
            continue;
        }
        // "1. Yttrande …" → "Yttrande …".
        let point = match t.split_once(". ") {
            Some((n, rest)) if !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()) => {
                rest.to_string()
            }
            _ => t,
        };
        p.decision.push(point);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_people_with_titles_and_shared_parties() {
        let got = people(
            "Axel Josefson (M), Elisabet Lann (KD) och tjänstgörande ersättarna Nina Miskovsky (M) och Anneli Rhedin (M)",
        )
        .unwrap();
        let titles: Vec<Option<&str>> = got.iter().map(|p| p.title.as_deref()).collect();
        assert_eq!(titles, [None, None, Some("tjänstgörande ersättare"), Some("tjänstgörande ersättare")]);
        let got =
            people("tjänstgörande ersättaren Johannes Hulter (S) och tjänstgörande ordföranden Daniel Bernmar (V)")
                .unwrap();
        assert_eq!((got[0].chair, got[0].title.as_deref()), (false, Some("tjänstgörande ersättare")));
        assert_eq!((got[1].chair, got[1].title.as_deref()), (true, Some("tjänstgörande ordförande")));
        let got = people("Ordföranden Jonas Attenius (S)").unwrap();
        assert_eq!((got[0].name.as_str(), got[0].chair, got[0].title.as_deref()), ("Jonas Attenius", true, None));
        let got = people("Anna Ek och Bo Al (båda C)").unwrap();
        assert_eq!(got.iter().map(|p| p.party.as_str()).collect::<Vec<_>>(), ["C", "C"]);
        assert_eq!(people("Kommunstyrelsen (se bilaga)"), None);
    }

    #[test]
    fn reads_what_a_motion_asks() {
        assert_eq!(
            asks("bifall till yrkande från M, D, L och KD den 21 mars 2025."),
            Asks::Written {
                parties: vec!["M".into(), "D".into(), "L".into(), "KD".into()],
                date: Date::parse("2025-03-21")
            }
        );
        assert_eq!(
            asks("bifall yrkande från SD den 2 februari 2024."),
            Asks::Written { parties: vec!["SD".into()], date: Date::parse("2024-02-02") }
        );
        assert_eq!(asks("bifall till stadsledningskontorets förslag och avslag på övriga yrkanden."), Asks::Proposal);
        assert_eq!(asks("bifall till Karin Pleijels yrkande."), Asks::Backs(vec!["Karin Pleijels".into()]));
        assert_eq!(asks("att ärendet återremitteras."), Asks::Aterremiss);
        assert_eq!(asks("avslag på förslaget."), Asks::Avslag);
        assert_eq!(asks("att staden ska säga nej."), Asks::Own("att staden ska säga nej".into()));
    }

    #[test]
    fn reads_the_sides_of_a_proposition() {
        assert_eq!(side("bifall till Jonas Attenius yrkande"), Some(Side::Movers(vec!["Jonas Attenius".into()])));
        assert_eq!(
            side("bifall till Daniel Bernmars och Karin Pleijels yrkande."),
            Some(Side::Movers(vec!["Daniel Bernmars".into(), "Karin Pleijels".into()]))
        );
        assert_eq!(side("bifall till stadsledningskontorets förslag"), Some(Side::Proposal));
        assert_eq!(side("det egna yrkandet"), Some(Side::Chair));
        assert!(same_person("Karin Pleijels", "Karin Pleijel") && same_person("Jonas Attenius", "Jonas Attenius"));
    }

    #[test]
    fn reads_other_ways_of_writing_the_order_and_the_vote() {
        let movers = |n: &str| Some(Side::Movers(vec![n.to_string()]));
        assert_eq!(
            found_adopted("Ordföranden finner att kommunstyrelsen bifallit Jonas Attenius yrkande."),
            movers("Jonas Attenius")
        );
        assert_eq!(
            found_adopted("… och finner att Karin Pleijels yrkande bifallits. Omröstning begärs."),
            movers("Karin Pleijels")
        );
        assert_eq!(
            found_adopted("Ordföranden finner att kommunstyrelsen beslutat enligt stadsledningskontorets förslag."),
            Some(Side::Proposal)
        );
        assert_eq!(
            main_vote_sides(
                "Ordföranden antecknar det egna yrkandet som Ja-proposition i huvudvoteringen. Ordföranden \
                 finner att Axel Darviks yrkande antagits som motförslag i huvudvoteringen."
            ),
            (Some(Side::Chair), movers("Axel Darviks"))
        );
        assert_eq!(
            proposition_sides(
                "Den som vill bifalla Anna Eks yrkande röstar ja, den som vill bifalla Bo Lunds yrkande röstar nej."
            ),
            (movers("Anna Eks"), movers("Bo Lunds"))
        );
        let mut p = Paragraph::default();
        vote(
            &mut p,
            "votering",
            1,
            vec![(2, "Ja-röster: Anna Ek (C), Mats af Petersens (M).".into()), (3, "Nej: Bo Lund (S).".into())],
        );
        let ballots: Vec<(&str, &str)> = p.votes[0].members.iter().map(|(m, b)| (m.name.as_str(), *b)).collect();
        assert_eq!(ballots, [("Anna Ek", "ja"), ("Mats af Petersens", "ja"), ("Bo Lund", "nej")]);
        assert!(p.unplaced.is_empty());
        let vice = people("förste vice ordföranden Anna Ek (Vägvalet)").unwrap();
        assert_eq!(
            (vice[0].chair, vice[0].title.as_deref(), vice[0].party.as_str()),
            (false, Some("förste vice ordförande"), "Vägvalet")
        );
        assert_eq!(asks("att kommunstyrelsen beslutar i enlighet med stadsledningskontorets förslag."), Asks::Proposal);
        let (more, rest) =
            seconded(", med instämmande av Daniel Bernmar (V) och Karin Pleijel (MP), bifall till förslaget.").unwrap();
        assert_eq!((more.len(), rest), (2, "bifall till förslaget."));
        assert_eq!(
            found_it_adopted("Ordföranden ställer proposition på sitt eget yrkande och finner det bifallet."),
            Some(Side::Chair)
        );
        assert!(is_running("Protokoll 2024-03-06") && is_running("Malmö stad Sammanträdesprotokoll"));
        assert!(!is_running("Protokoll från socialnämnden den 3 april 2024."));
    }

    #[test]
    fn referrer_and_designation_from_the_title() {
        assert_eq!(referrer("Justitiedepartementet - Skärpta krav (SOU 2025:1)"), "Justitiedepartementet");
        assert_eq!(
            referrer("Klimat- och näringslivsdepartementet Promemorian Förslag om nya energipolitiska mål"),
            "Klimat- och näringslivsdepartementet"
        );
        assert_eq!(
            referrer("Myndigheten för samhällsskydd och beredskap Förslag"),
            "Myndigheten för samhällsskydd och beredskap"
        );
        assert_eq!(designation("Remiss - Skärpta krav (SOU 2025:1)").as_deref(), Some("SOU 2025:1"));
        let mut p = Paragraph::default();
        head(
            &mut p,
            vec![(1, "Yttrande till Finansdepartementet över remiss av betänkandet En ny lag (SOU 2024:3)".into())],
        );
        assert_eq!(
            (p.referrer.as_deref(), p.designation.as_deref()),
            (Some("Finansdepartementet"), Some("SOU 2024:3"))
        );
        assert_eq!(designation("Remiss: Ds 2024:12 om något").as_deref(), Some("Ds 2024:12"));
        assert_eq!(designation("Remiss om promemorian"), None);
        assert_eq!(bare_case_number("SLK-2025-00096").as_deref(), Some("SLK-2025-00096"));
        assert_eq!(bare_case_number("KS 2024/123").as_deref(), Some("KS 2024/123"));
        assert_eq!(bare_case_number("Remiss från Socialdepartementet"), None);
    }

    #[test]
    fn running_headers_are_dropped_and_read() {
        let raw = "§ 5 Dnr KS 2024/12\n\nRemiss från Socialdepartementet - En lag\nBeslut\n\nEnligt förslaget:\nYttrandet\n\
                   Malmö stad Kommunstyrelsen, protokoll\n\nKommunstyrelsen\nProtokoll nr 3\nSammanträdesdatum: 2024-03-06\n\
                   översänds.\n";
        let p = parse(raw);
        assert_eq!(p.case_number.as_deref(), Some("KS 2024/12"));
        assert_eq!(p.decision, ["Yttrandet översänds."]);
        assert_eq!(p.meeting, Date::parse("2024-03-06"));
        assert_eq!(p.body_hints.first().map(String::as_str), Some("Kommunstyrelsen"));
        assert!(p.unplaced.is_empty(), "{:?}", p.unplaced);
    }
}
