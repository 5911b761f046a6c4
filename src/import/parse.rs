//! The structure of a city decision on a referral, read from its blocks.
//!
//! Swedish municipal minutes on a referral follow one layout, set by the
//! meeting system's templates: a case head (title, "Remiss från …",
//! "Remisstid den …", "Föredragande borgarrådet …"), the sections
//! "Sammanfattning av ärendet", "Beredning" with the proposed decision and
//! "Föredragande borgarrådets synpunkter", then a "Bilaga" with the
//! statements made in the preparing bodies, the city's memo ("Ärendet"),
//! the "Remissammanställningen" with one part per referred body (listed in
//! its table of contents), and "Reservationer m.m." with the statements'
//! full texts. This module reads that layout into names and texts as
//! written; `place` matches the names to ids. Nothing here knows any
//! particular case, body or person.

use super::text::{Block, Kind, STATEMENT_KINDS, is_statement_head, is_views_heading};
use crate::model::Date;

/// A statement's signatory as written: "Andrea Hedin m.fl. (M)".
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Signer {
    pub name: String,
    /// The party abbreviation in the parentheses.
    pub party: String,
    pub and_others: bool,
    /// "borgarråd" from "borgarråden X och Y".
    pub title: Option<String>,
}

/// A reference to another statement: "Liberalernas, Moderaternas och
/// Centerpartiets gemensamma särskilda uttalande [i borgarrådsberedningen]".
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reference {
    /// Party names as written, in the genitive.
    pub parties: Vec<String>,
    /// The body named after " i ", if any.
    pub body: Option<String>,
}

/// A statement as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Statement {
    pub line: usize,
    /// The name of the body under whose heading it stands.
    pub body: String,
    /// The contract's term: "särskilt uttalande", "reservation", ….
    pub kind: &'static str,
    pub signers: Vec<Signer>,
    /// The signatories as written, to match a reference in a body's part to
    /// its full text under "Reservationer m.m.".
    pub written: String,
    pub joins: Option<Reference>,
    pub same_as: Option<Reference>,
    /// "se Reservationer m.m.": the text follows at the end.
    pub deferred: bool,
    pub text: Vec<Block>,
}

/// One referred body's part of the "Remissammanställningen".
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Part {
    pub line: usize,
    pub name: String,
    pub meeting: Option<Date>,
    pub decision: Vec<Vec<Block>>,
    pub drafted: Option<Date>,
    /// The drafting office as written, in the genitive.
    pub drafted_by: Option<String>,
    pub proposed_decision: Option<String>,
    pub text: Vec<Block>,
    /// Statements made in the body's meeting, in the order of the minutes.
    pub statements: Vec<Statement>,
}

/// A source line the parser could not place: its number, its text and why.
pub(crate) type Unplaced = (usize, String, &'static str);

/// Everything read from the minutes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Minutes {
    pub title: Option<String>,
    pub referrer: Option<String>,
    pub deadline: Option<Date>,
    /// (name, title) of the föredragande.
    pub rapporteur: Option<(String, String)>,
    pub rapporteur_date: Option<Date>,
    pub case_number: Option<String>,
    pub referred_to: Vec<String>,
    pub decided_by: Option<String>,
    pub decision: Vec<String>,
    pub summary: Vec<Block>,
    /// The heading of the rapporteur's views as written.
    pub views_heading: Option<String>,
    pub preparation: Vec<Block>,
    pub views: Vec<Block>,
    /// The signature line "Stockholm den 26 april 2023" and the name under it.
    pub signature: Vec<Block>,
    pub appendix: Option<String>,
    pub memo: Vec<Block>,
    /// The one-paragraph summaries of each body's answer in the case part,
    /// as (body name as written, paragraph).
    pub answer_summaries: Vec<(String, String)>,
    /// Statements made in the bodies that handled the case after the
    /// referred ones (borgarrådsberedningen, kommunstyrelsen).
    pub statements: Vec<Statement>,
    pub parts: Vec<Part>,
    /// Full texts under "Reservationer m.m.", to be matched to the parts.
    pub reserved: Vec<Statement>,
    /// Blocks the parser could not place.
    pub unplaced: Vec<Unplaced>,
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The first Swedish date in a text: "26 april 2023".
pub(crate) fn swedish_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text.split_whitespace().map(|w| w.trim_end_matches(['.', ',', ')'])).collect();
    words.windows(3).find_map(|w| {
        let day: u8 = w[0].parse().ok()?;
        let month = MONTHS.iter().position(|m| w[1].eq_ignore_ascii_case(m))? as u8 + 1;
        let year: u16 = w[2].parse().ok().filter(|y| (1900..2200).contains(y))?;
        Date::parse(&format!("{year:04}-{month:02}-{day:02}"))
    })
}

/// Splits "A, B och C" into its items.
pub(crate) fn list(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches('.');
    let mut items = Vec::new();
    for part in text.split(", ") {
        // "barn- och utbildningsnämnden" is one item.
        let mut pieces: Vec<String> = Vec::new();
        for p in part.split(" och ") {
            match pieces.last_mut() {
                Some(last) if last.ends_with('-') => *last = format!("{last} och {p}"),
                _ => pieces.push(p.to_string()),
            }
        }
        items.extend(pieces.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()));
    }
    items
}

/// The table-of-contents entry "Socialnämnden ...... 13" → "Socialnämnden".
fn toc_entry(text: &str) -> Option<String> {
    let i = text.find("....")?;
    let rest = text[i..].trim_start_matches(['.', ' ', '…']);
    rest.chars().all(|c| c.is_ascii_digit()).then(|| text[..i].trim().to_string()).filter(|n| !n.is_empty())
}

/// Where the signatories end and what follows them says.
const TAILS: [&str; 8] = [
    ", se Reservationer",
    " se Reservationer",
    ", som ställde sig bakom ",
    " som ställde sig bakom ",
    " som är likalydande med ",
    ", som är likalydande med ",
    " enligt följande",
    " som ",
];

/// Reads a statement's head, "Särskilt uttalande av X (M) och Y (L), se
/// Reservationer m.m.", without its body.
fn statement_head(block: &Block, body: &str) -> Option<Statement> {
    let (kind, rest) = STATEMENT_KINDS.iter().find_map(|(word, kind)| {
        let rest = block.text.strip_prefix(word)?.strip_prefix(" av ")?;
        Some((*kind, rest))
    })?;
    let cut = TAILS.iter().filter_map(|t| rest.find(t).map(|i| (i, *t))).min_by_key(|&(i, _)| i);
    let (written, tail) = match cut {
        Some((i, _)) => (&rest[..i], &rest[i..]),
        None => (rest.trim_end_matches('.'), ""),
    };
    let signers = signers(written)?;
    let reference = |marker: &str| tail.split_once(marker).map(|(_, r)| reference(r));
    let joins = reference("ställde sig bakom ");
    let same_as = reference("likalydande med ");
    let deferred = tail.contains("se Reservationer");
    // A head that ends with its signatories or "enligt följande.", or that
    // refers elsewhere, has its text apart; a head that goes on is the whole
    // statement ("Reservation av X som yrkade bifall till förvaltningens
    // förslag.").
    let own_text = !deferred && same_as.is_none() && !tail.is_empty() && !tail.starts_with(" enligt följande");
    let text = if own_text { vec![Block { kind: Kind::Text, ..block.clone() }] } else { Vec::new() };
    Some(Statement {
        line: block.line,
        body: body.to_string(),
        kind,
        signers,
        written: written.trim().to_string(),
        joins,
        same_as,
        deferred,
        text,
    })
}

/// Why a block that opens like a statement, but whose signatories could not
/// be read, is listed for the clerk rather than guessed at.
const UNREADABLE: &str = "a statement whose signatories could not be read as \"Name (PARTY)\"; add it by hand";

/// "Moderaternas och Liberalernas gemensamma särskilda uttalande i
/// borgarrådsberedningen." → parties and body.
fn reference(text: &str) -> Reference {
    let text = text.trim().trim_end_matches('.');
    let (what, body) = match text.rsplit_once(" i ") {
        Some((w, b)) => (w, Some(b.trim().to_string())),
        None => (text, None),
    };
    let mut names = Vec::new();
    for item in list(what) {
        let words: Vec<&str> = item.split_whitespace().collect();
        // The party names come first, capitalised; "gemensamma särskilda
        // uttalande" follows the last one.
        let mut taken = Vec::new();
        for w in words {
            if w.starts_with(char::is_uppercase) {
                taken.push(w);
            } else {
                break;
            }
        }
        if !taken.is_empty() {
            names.push(taken.join(" "));
        }
    }
    Reference { parties: names, body }
}

/// Signatories: "Christofer Fjellner, Annika Friberg och Jonas Nilsson (alla
/// M), Jan Jönsson (L) och Jonas Naddebo (C)", "borgarråden X (M) och Y (L)",
/// "Andrea Hedin m.fl. (M)". `None` if it does not read as signatories.
pub(crate) fn signers(text: &str) -> Option<Vec<Signer>> {
    let mut out = Vec::new();
    let mut title: Option<String> = None;
    let mut rest = text.trim().trim_start_matches(", ").trim();
    while !rest.is_empty() {
        let open = rest.find('(')?;
        let close = open + rest[open..].find(')')?;
        let party = rest[open + 1..close].trim();
        let party = party.strip_prefix("alla ").or_else(|| party.strip_prefix("båda ")).unwrap_or(party).trim();
        let names = rest[..open].trim().trim_start_matches(',').trim();
        let names = names.strip_prefix("och ").unwrap_or(names);
        for name in list(names) {
            let (own, name) = title_of(&name);
            // "borgarråden X (M) och Y (L)": a plural title covers every name after it.
            if own.is_some() {
                title = own;
            }
            let (name, and_others) = match name.strip_suffix("m.fl.").or_else(|| name.strip_suffix("m.fl")) {
                Some(n) => (n.trim().to_string(), true),
                None => (name.to_string(), false),
            };
            let plausible = name.split_whitespace().count() >= 2
                && name.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
            if !plausible {
                return None;
            }
            out.push(Signer { name, party: party.to_string(), and_others, title: title.clone() });
        }
        rest = rest[close + 1..].trim_start_matches([',', ' ']).trim();
        rest = rest.strip_prefix("och ").unwrap_or(rest);
    }
    (!out.is_empty()).then_some(out)
}

/// "borgarråden Christofer Fjellner" → (Some("borgarråd"), "Christofer Fjellner").
fn title_of(name: &str) -> (Option<String>, &str) {
    const TITLES: [(&str, &str); 6] = [
        ("borgarråden ", "borgarråd"),
        ("borgarrådet ", "borgarråd"),
        ("kommunalråden ", "kommunalråd"),
        ("kommunalrådet ", "kommunalråd"),
        ("ledamöterna ", ""),
        ("ledamoten ", ""),
    ];
    for (prefix, title) in TITLES {
        if let Some(rest) = name.strip_prefix(prefix) {
            return ((!title.is_empty()).then(|| title.to_string()), rest);
        }
    }
    (None, name)
}

/// "borgarrådet" → "borgarråd": the title without its definite ending.
fn indefinite(title: &str) -> String {
    for (def, indef) in [("rådet", "råd"), ("föranden", "förande"), ("ordföranden", "ordförande")] {
        if let Some(stem) = title.strip_suffix(def) {
            return format!("{stem}{indef}");
        }
    }
    title.to_string()
}

fn is(block: &Block, words: &[&str]) -> bool {
    words.iter().any(|w| block.text.trim_end_matches(['.', ':']).eq_ignore_ascii_case(w))
}

/// "Föredragande borgarrådets synpunkter" and its kin.
fn is_views(block: &Block) -> bool {
    block.kind == Kind::Heading && is_views_heading(&block.text)
}

/// "Stockholm den 26 april 2023": a place, "den" and a date.
fn is_signature(block: &Block) -> bool {
    let words: Vec<&str> = block.text.split_whitespace().collect();
    block.kind == Kind::Heading && words.len() == 5 && words[1] == "den" && swedish_date(&block.text).is_some()
}

/// The subject before a verb: "Borgarrådsberedningen tillstyrker …" → "Borgarrådsberedningen".
fn subject<'a>(text: &'a str, verbs: &[&str]) -> Option<&'a str> {
    verbs.iter().filter_map(|v| text.find(&format!(" {v} ")).map(|i| &text[..i])).min_by_key(|s| s.len())
}

struct Reader<'a> {
    blocks: &'a [Block],
    i: usize,
    /// The part names from the compilation's table of contents.
    toc: Vec<String>,
    /// The line of each table-of-contents entry.
    toc_lines: Vec<usize>,
    m: Minutes,
}

impl Reader<'_> {
    fn peek(&self) -> Option<&Block> {
        self.blocks.get(self.i)
    }

    fn unplaced(&mut self, b: &Block, why: &'static str) {
        self.m.unplaced.push((b.line, b.text.clone(), why));
    }
}

/// Reads the minutes from their blocks.
pub(crate) fn parse(blocks: &[Block]) -> Minutes {
    let mut r = Reader { blocks, i: 0, toc: Vec::new(), toc_lines: Vec::new(), m: Minutes::default() };
    head(&mut r);
    case_part(&mut r);
    appendix(&mut r);
    memo(&mut r);
    compilation(&mut r);
    while let Some(b) = r.peek().cloned() {
        r.unplaced(&b, "after the last part of the minutes");
        r.i += 1;
    }
    r.m
}

fn head(r: &mut Reader) {
    let mut title: Vec<String> = Vec::new();
    while let Some(b) = r.peek().cloned() {
        if is(&b, &["Sammanfattning av ärendet", "Sammanfattning"]) {
            break;
        }
        r.i += 1;
        if let Some(x) = b.text.strip_prefix("Remiss från ") {
            r.m.referrer = Some(x.trim().to_string());
        } else if b.text.starts_with("Remisstid") && swedish_date(&b.text).is_some() {
            r.m.deadline = swedish_date(&b.text);
        } else if let Some(x) = b.text.strip_prefix("Föredragande ") {
            match x.split_once(' ') {
                Some((t, name)) => r.m.rapporteur = Some((name.trim().to_string(), indefinite(t))),
                None => r.unplaced(&b, "a rapporteur without a name"),
            }
        } else if is(&b, &["Förslag till beslut"]) {
        } else if r.m.referrer.is_none() {
            title.push(b.text.clone());
        } else {
            r.unplaced(&b, "in the case head, which holds only the title, referrer, deadline and rapporteur");
        }
    }
    if !title.is_empty() {
        r.m.title = Some(title.join(" "));
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Summary,
    Preparation,
    Views,
}

fn case_part(r: &mut Reader) {
    let mut section = Section::Summary;
    let mut after_box = false;
    while let Some(b) = r.peek().cloned() {
        if b.kind == Kind::Heading && is(&b, &["Bilaga", "Bilagor"]) {
            break;
        }
        r.i += 1;
        if b.kind == Kind::Heading && is(&b, &["Sammanfattning av ärendet", "Sammanfattning"]) {
            section = Section::Summary;
            continue;
        }
        if b.kind == Kind::Heading && is(&b, &["Beredning", "Ärendets beredning"]) {
            section = Section::Preparation;
            continue;
        }
        if is_views(&b) {
            section = Section::Views;
            r.m.views_heading = Some(b.text.clone());
            continue;
        }
        if let Some(list_text) = b.text.strip_prefix("Ärendet har remitterats till ")
            && r.m.referred_to.is_empty()
        {
            r.m.referred_to = list(list_text);
        }
        // The proposed decision, printed in a box: "Borgarrådsberedningen
        // föreslår att kommunstyrelsen beslutar följande." and its points.
        if let Some((_, rest)) = b.text.split_once(" föreslår att ")
            && let Some(decider) =
                rest.strip_suffix(" beslutar följande.").or_else(|| rest.strip_suffix(" beslutar följande"))
            && r.m.decision.is_empty()
        {
            r.m.decided_by = Some(decider.trim().to_string());
            while let Some(p) = r.peek().filter(|p| matches!(p.kind, Kind::Numbered(_))).cloned() {
                r.m.decision.push(strip_number(&p.text));
                r.i += 1;
            }
            if r.m.decision.is_empty()
                && let Some(p) = r.peek().cloned()
            {
                r.m.decision.push(p.text.clone());
                r.i += 1;
            }
            after_box = true;
            continue;
        }
        if is_signature(&b) && section == Section::Views {
            r.m.rapporteur_date = swedish_date(&b.text);
            r.m.signature.push(b.clone());
            if let Some(n) =
                r.peek().filter(|n| r.m.rapporteur.as_ref().is_some_and(|(name, _)| *name == n.text)).cloned()
            {
                r.m.signature.push(n);
                r.i += 1;
            }
            continue;
        }
        // After the box, the summaries of each body's answer ("Socialnämnden
        // ställer sig …") belong with the case summary.
        let names_body = r.m.referred_to.iter().any(|n| starts_with_name(&b.text, n));
        if names_body && section != Section::Views {
            let name = r.m.referred_to.iter().find(|n| starts_with_name(&b.text, n)).cloned().unwrap_or_default();
            r.m.answer_summaries.push((name, b.text.clone()));
            if after_box || section == Section::Summary {
                r.m.summary.push(b);
                continue;
            }
        }
        match section {
            Section::Summary => r.m.summary.push(b),
            Section::Preparation => r.m.preparation.push(b),
            Section::Views => r.m.views.push(b),
        }
    }
}

/// Whether a paragraph opens with a body's name ("Socialnämnden ställer …").
fn starts_with_name(text: &str, name: &str) -> bool {
    let n = name.chars().count();
    let head: String = text.chars().take(n).collect();
    head.to_lowercase() == name.to_lowercase() && text.chars().nth(n) == Some(' ')
}

fn strip_number(text: &str) -> String {
    text.split_once(". ").map_or(text, |(_, rest)| rest).to_string()
}

/// "Bilaga": the appendix title with the case number, then statements made in
/// the bodies that handled the case last, until the memo starts.
fn appendix(r: &mut Reader) {
    if r.peek().is_none_or(|b| !is(b, &["Bilaga", "Bilagor"])) {
        return;
    }
    r.i += 1;
    if let Some(b) = r.peek().cloned()
        && let Some((_, number)) = b.text.rsplit_once("dnr ")
    {
        r.m.case_number = Some(number.trim().trim_end_matches('.').to_string());
        r.m.appendix = Some(b.text.clone());
        r.i += 1;
    }
    let mut body = String::new();
    while let Some(b) = r.peek().cloned() {
        if is(&b, &["Ärendet", "Remissammanställningen", "Remissammanställning"]) {
            break;
        }
        r.i += 1;
        // A heading names the body whose statements follow; any other heading
        // belongs to the text it stands in.
        let names_body = b.kind == Kind::Heading && r.peek().is_some_and(|n| is_statement_head(&n.text));
        if let Some(s) = statement_head(&b, &body) {
            r.m.statements.push(s);
        } else if is_statement_head(&b.text) {
            r.unplaced(&b, UNREADABLE);
        } else if names_body {
            body = b.text.clone();
        } else if let Some(s) = r.m.statements.last_mut() {
            if s.same_as.is_some() || s.joins.is_some() {
                r.unplaced(&b, "after a statement that refers to another statement's text");
            } else {
                s.text.push(b);
            }
        } else if let Some(subject) =
            subject(&b.text, &["tillstyrker", "föreslår", "avstyrker", "beslutade", "beslutar"])
        {
            // "Borgarrådsberedningen tillstyrker föredragande borgarrådets
            // förslag.": part of how the case was prepared.
            body = subject.to_string();
            r.m.preparation.push(b);
        } else {
            r.unplaced(&b, "in the appendix, outside any statement");
        }
    }
}

/// "Ärendet": the city's memo, until the compilation of answers.
fn memo(r: &mut Reader) {
    if r.peek().is_none_or(|b| !is(b, &["Ärendet"])) {
        return;
    }
    r.i += 1;
    while let Some(b) = r.peek().cloned() {
        if is(&b, &["Remissammanställningen", "Remissammanställning"]) {
            break;
        }
        r.i += 1;
        r.m.memo.push(b);
    }
}

fn is_reservations(b: &Block) -> bool {
    is(b, &["Reservationer m.m", "Reservationer mm", "Reservationer med mera", "Reservationer"])
}

/// Whether block `i` opens a body's part: a heading named in the table of
/// contents or, without one, a heading that names a referred body or is
/// followed by the meeting or tjänsteutlåtande line.
fn opens_part(blocks: &[Block], i: usize, toc: &[String], referred: &[String]) -> bool {
    let b = &blocks[i];
    if b.kind != Kind::Heading || is_reservations(b) {
        return false;
    }
    if toc.iter().any(|t| t.eq_ignore_ascii_case(&b.text)) {
        return true;
    }
    toc.is_empty()
        && (referred.iter().any(|n| n.eq_ignore_ascii_case(&b.text))
            || blocks.get(i + 1).is_some_and(|n| {
                n.text.contains(" beslutade vid sitt sammanträde den ")
                    || n.text.contains(" tjänsteutlåtande daterat den ")
            }))
}

/// "Remissammanställningen": one part per referred body, then "Reservationer m.m.".
fn compilation(r: &mut Reader) {
    if r.peek().is_none_or(|b| !is(b, &["Remissammanställningen", "Remissammanställning"])) {
        return;
    }
    r.i += 1;
    while let Some(b) = r.peek().cloned() {
        if opens_part(r.blocks, r.i, &r.toc, &r.m.referred_to)
            || is_reservations(&b) && !r.toc.is_empty() && b.kind == Kind::Heading
        {
            break;
        }
        r.i += 1;
        if let Some(name) = toc_entry(&b.text) {
            r.toc.push(name);
            r.toc_lines.push(b.line);
        } else if !is(&b, &["Innehållsförteckning", "Innehåll"]) && !b.text.starts_with("Ärendet har remitterats till ")
        {
            r.unplaced(&b, "between the compilation's heading and its first part");
        }
    }
    while let Some(b) = r.peek().cloned() {
        if is_reservations(&b) {
            r.i += 1;
            reservations(r);
            break;
        }
        r.i += 1;
        part(r, b);
    }
    for (name, &line) in r.toc.iter().zip(&r.toc_lines) {
        let found = r.m.parts.iter().any(|p| p.name.eq_ignore_ascii_case(name))
            || is_reservations(&Block { line: 0, kind: Kind::Heading, text: name.clone() });
        if !found {
            r.m.unplaced.push((line, name.clone(), "listed in the table of contents, but no part has this heading"));
        }
    }
}

fn part(r: &mut Reader, heading: Block) {
    let mut p = Part { line: heading.line, name: heading.text.clone(), ..Part::default() };
    let mut in_text = false;
    while let Some(b) = r.peek().cloned() {
        if is_reservations(&b) || opens_part(r.blocks, r.i, &r.toc, &r.m.referred_to) {
            break;
        }
        r.i += 1;
        if !in_text {
            if b.text.contains(" beslutade vid sitt sammanträde den ") && p.meeting.is_none() {
                p.meeting = swedish_date(&b.text);
                continue;
            }
            if let Some(s) = statement_head(&b, &p.name) {
                p.statements.push(s);
                continue;
            }
            if is_statement_head(&b.text) {
                r.unplaced(&b, UNREADABLE);
                continue;
            }
            if let Some((office, rest)) = b.text.split_once(" tjänsteutlåtande daterat den ") {
                p.drafted = swedish_date(rest);
                p.drafted_by = Some(office.trim().to_string());
                p.text.push(b);
                in_text = true;
                continue;
            }
            match b.kind {
                Kind::Numbered(_) => p.decision.push(vec![Block { text: strip_number(&b.text), ..b }]),
                _ if p.decision.is_empty() => p.decision.push(vec![b]),
                _ => {
                    let last = p.decision.last_mut().expect("not empty");
                    last.push(b);
                }
            }
        } else {
            p.text.push(b);
        }
    }
    // An office's own part (no meeting) that does not open with "… tjänsteutlåtande
    // daterat den …" is all text, not decision points.
    if !in_text && p.meeting.is_none() {
        p.text = p.decision.drain(..).flatten().collect();
    }
    // The office's proposal to the body closes its tjänsteutlåtande: the last
    // paragraphs, from the one that says "… föreslår att …".
    let tail = p.text.iter().rev().take_while(|b| b.kind == Kind::Text).count().min(3);
    let from = p.text.len() - tail;
    if let Some(k) = (from..p.text.len()).find(|&k| p.text[k].text.contains(" föreslår att "))
        && k > 0
    {
        p.proposed_decision = Some(p.text[k..].iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join(" "));
    }
    r.m.parts.push(p);
}

/// "Reservationer m.m.": body headings, statement heads and their texts.
fn reservations(r: &mut Reader) {
    let mut body = String::new();
    while let Some(b) = r.peek().cloned() {
        r.i += 1;
        if let Some(s) = statement_head(&b, &body) {
            r.m.reserved.push(s);
        } else if is_statement_head(&b.text) {
            r.unplaced(&b, UNREADABLE);
        } else if b.kind == Kind::Heading && r.m.parts.iter().any(|p| p.name.eq_ignore_ascii_case(&b.text)) {
            body = b.text.clone();
        } else if let Some(s) = r.m.reserved.last_mut() {
            s.text.push(b);
        } else {
            r.unplaced(&b, "under \"Reservationer m.m.\" before any statement");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_swedish_dates() {
        assert_eq!(swedish_date("Stockholm den 26 april 2023"), Date::parse("2023-04-26"));
        assert_eq!(swedish_date("sammanträde den 1 mars 2023 följande."), Date::parse("2023-03-01"));
        assert_eq!(swedish_date("den 31 februari 2023"), None);
    }

    #[test]
    fn reads_signatories() {
        let s = signers(
            "Christofer Fjellner, Annika Friberg och Jonas Nilsson (alla M), Jan Jönsson (L) och Jonas Naddebo (C)",
        )
        .unwrap();
        let got: Vec<(&str, &str)> = s.iter().map(|s| (s.name.as_str(), s.party.as_str())).collect();
        assert_eq!(
            got,
            [
                ("Christofer Fjellner", "M"),
                ("Annika Friberg", "M"),
                ("Jonas Nilsson", "M"),
                ("Jan Jönsson", "L"),
                ("Jonas Naddebo", "C")
            ]
        );
        let s = signers("Jan Jönsson m.fl. (L), Andrea Hedin m.fl. (M) och Claes Nyberg (C)").unwrap();
        assert_eq!(s.iter().map(|s| s.and_others).collect::<Vec<_>>(), [true, true, false]);
        let s = signers("borgarråden Christofer Fjellner (M) och Jan Jönsson (L)").unwrap();
        assert_eq!(s[1].title.as_deref(), Some("borgarråd"));
        assert_eq!(s[1].name, "Jan Jönsson");
        assert!(signers("förvaltningens förslag").is_none());
    }

    #[test]
    fn reads_statement_heads() {
        let b = |t: &str| Block { line: 1, kind: Kind::Text, text: t.into() };
        let s = statement_head(
            &b("Ersättaryttrande av Michaela Hollis (KD), som ställde sig bakom Liberalernas, Moderaternas och Centerpartiets gemensamma särskilda uttalande."),
            "Socialnämnden",
        )
        .unwrap();
        assert_eq!(s.kind, "ersättaryttrande");
        assert_eq!(s.joins.unwrap().parties, ["Liberalernas", "Moderaternas", "Centerpartiets"]);
        assert_eq!(s.text.len(), 1);
        let s = statement_head(
            &b("Särskilt uttalande av Kristin Jacobsson (C) och Andrea Hedin m.fl. (M), se Reservationer m.m."),
            "X",
        )
        .unwrap();
        assert!(s.deferred && s.text.is_empty());
        assert_eq!(s.written, "Kristin Jacobsson (C) och Andrea Hedin m.fl. (M)");
        let s = statement_head(
            &b("Särskilt uttalande av A B (M) och C D (L) som är likalydande med Moderaternas och Liberalernas gemensamma särskilda uttalande i borgarrådsberedningen."),
            "Kommunstyrelsen",
        )
        .unwrap();
        let r = s.same_as.unwrap();
        assert_eq!((r.parties.len(), r.body.as_deref()), (2, Some("borgarrådsberedningen")));
        let s = statement_head(
            &b("Reservation av Henrietta Ludwig (C) som yrkade bifall till förvaltningens förslag till beslut."),
            "X",
        )
        .unwrap();
        assert_eq!((s.kind, s.signers.len(), s.text.len()), ("reservation", 1, 1));
        assert!(statement_head(&b("Reservationer m.m."), "X").is_none());
    }

    /// Another municipality's minutes in the same layout, without a table of
    /// contents, with a kommunalråd, an office part without its dating line
    /// and one decision point without a number.
    #[test]
    fn reads_minutes_without_a_table_of_contents() {
        let text = "\
Ny skollag (Ds 2024:9)
Remiss från Utbildningsdepartementet
Remisstid den 3 juni 2024
Föredragande kommunalrådet Eva Ek
Sammanfattning av ärendet
Departementet har remitterat förslaget till kommunen.
Beredning
Ärendet har remitterats till kommunledningskontoret och barn- och
utbildningsnämnden.
Kommunstyrelsens arbetsutskott föreslår att kommunstyrelsen beslutar följande.
Remissen besvaras med hänvisning till kommunledningskontorets tjänsteutlåtande.
Föredragande kommunalrådets synpunkter
Jag delar kontorets bedömning.
Uppsala den 20 maj 2024
Eva Ek
Bilaga
Ny skollag, dnr KS 2024/77
Remissammanställningen
Kommunledningskontoret
Kontoret ställer sig positiv till förslaget.
Barn- och utbildningsnämnden
Barn- och utbildningsnämnden beslutade vid sitt sammanträde den 7 maj 2024 följande.
1. Nämnden godkänner förvaltningens tjänsteutlåtande.
Reservation av Per Holm (S) och Lisa Berg (V) som yrkade avslag.
Protokollsanteckning av Socialdemokraternas ledamöter.
Utbildningsförvaltningens tjänsteutlåtande daterat den 15 april 2024 har i huvudsak följande lydelse.
Förvaltningen är i huvudsak positiv.
";
        let m = parse(&crate::import::text::blocks(&crate::import::text::clean(text)));
        assert_eq!(m.title.as_deref(), Some("Ny skollag (Ds 2024:9)"));
        assert_eq!(m.rapporteur, Some(("Eva Ek".into(), "kommunalråd".into())));
        assert_eq!(m.rapporteur_date, Date::parse("2024-05-20"));
        assert_eq!(m.decided_by.as_deref(), Some("kommunstyrelsen"));
        assert_eq!(m.decision, ["Remissen besvaras med hänvisning till kommunledningskontorets tjänsteutlåtande."]);
        assert_eq!(m.referred_to, ["kommunledningskontoret", "barn- och utbildningsnämnden"]);
        assert_eq!(m.case_number.as_deref(), Some("KS 2024/77"));
        let names: Vec<&str> = m.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Kommunledningskontoret", "Barn- och utbildningsnämnden"]);
        let office = &m.parts[0];
        assert!(office.decision.is_empty() && office.text.len() == 1, "{office:?}");
        let board = &m.parts[1];
        assert_eq!((board.meeting, board.drafted), (Date::parse("2024-05-07"), Date::parse("2024-04-15")));
        assert_eq!(board.drafted_by.as_deref(), Some("Utbildningsförvaltningens"));
        assert_eq!(board.statements.len(), 1);
        assert_eq!(board.statements[0].signers.len(), 2);
        assert_eq!(m.unplaced.len(), 1, "{:?}", m.unplaced);
        assert_eq!(m.unplaced[0].2, UNREADABLE);
    }

    #[test]
    fn reads_the_table_of_contents() {
        assert_eq!(toc_entry("Socialnämnden ........................ 13").as_deref(), Some("Socialnämnden"));
        assert_eq!(toc_entry("Reservationer m.m. .................. 25").as_deref(), Some("Reservationer m.m."));
        assert_eq!(toc_entry("Vanlig text."), None);
    }
}
