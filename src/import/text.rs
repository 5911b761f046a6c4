//! From the text of a PDF of minutes to paragraphs.
//!
//! Text extracted from a PDF keeps the page's line breaks: every line of a
//! paragraph is its own line, page numbers ("11 (30)") and running headers sit
//! between the lines of a paragraph, and bullets come out as private-use
//! symbols. This stage undoes that, so the structure parser sees one block per
//! paragraph, heading, list item or numbered point, each with the line number
//! where it starts (for the importer's report).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// One line of the source after cleaning, with its 1-based line number.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub no: usize,
    pub text: String,
    /// The line began with a bullet symbol, which has been removed.
    pub bullet: bool,
}

/// What kind of block a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Running text ending with a full stop or similar.
    Text,
    /// A short line without closing punctuation: a heading, a name or a date.
    Heading,
    /// A bulleted list item.
    Item,
    /// A numbered point ("1. Remissen besvaras …"); the number is kept in `text`.
    Numbered(u32),
}

/// A paragraph, heading or list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub line: usize,
    pub kind: Kind,
    pub text: String,
}

/// Reads the text of a `.txt` file, or extracts it from a `.pdf` with
/// poppler's `pdftotext`, which keeps the reading order of minutes laid out
/// in one column better than the pure-Rust extractors do.
pub fn read(path: &Path) -> Result<String, String> {
    let is_pdf = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        return String::from_utf8(bytes).map_err(|_| {
            format!(
                "{}: is not UTF-8 text; convert it (iconv -f latin1 -t utf-8) or pass the PDF itself",
                path.display()
            )
        });
    }
    let out =
        // `-raw` keeps the content stream's line breaks and the hyphens at
        // line ends; the default mode joins hyphenated lines into one.
        Command::new("pdftotext").args(["-raw", "-enc", "UTF-8", "-eol", "unix"]).arg(path).arg("-").output().map_err(|e| {
            format!("{}: cannot run `pdftotext` ({e}); install it with `apt-get install poppler-utils`", path.display())
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!("{}: pdftotext failed: {}", path.display(), err.trim()));
    }
    String::from_utf8(out.stdout).map_err(|_| format!("{}: pdftotext did not produce UTF-8", path.display()))
}

/// True for a page number as the city's templates print it: "11 (30)",
/// "Sida 11 (30)", "Sida 11 av 30".
fn is_page_number(s: &str) -> bool {
    let s = s.strip_prefix("Sida ").unwrap_or(s);
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some((a, b)) = s.split_once(" av ") {
        return digits(a) && digits(b);
    }
    match s.split_once(" (") {
        Some((a, b)) => digits(a) && b.strip_suffix(')').is_some_and(digits),
        None => false,
    }
}

/// Bullet symbols as PDF extraction renders them (Symbol and Wingdings
/// bullets land in the private-use area).
fn strip_bullet(s: &str) -> Option<&str> {
    let mut chars = s.chars();
    let c = chars.next()?;
    let is_bullet =
        matches!(c, '•' | '▪' | '●' | '◦' | '○' | '■' | '□' | '–' | '-' | '*' | '\u{F0A7}' | '\u{F0B7}' | '\u{F02D}')
            || ('\u{E000}'..='\u{F8FF}').contains(&c);
    let rest = chars.as_str();
    (is_bullet && (rest.starts_with(char::is_whitespace) || rest.is_empty())).then(|| rest.trim_start())
}

/// Cleans extracted text into lines: drops blank lines, page numbers and the
/// running header and footer lines at the page edges, and marks bullets.
pub fn clean(text: &str) -> Vec<Line> {
    // (line number, page, text); pdftotext ends each page with a form feed.
    let mut page = 0;
    let mut raw: Vec<(usize, usize, &str)> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let feeds = l.matches('\u{C}').count();
        let l = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{C}');
        if !l.is_empty() {
            raw.push((i + 1, page, l));
        }
        page += feeds;
    }
    // The lines at each page's edges: the first and last three lines of each
    // page where the text has form feeds, else the first three lines and the
    // three lines on either side of each page number.
    let pages = raw.last().map_or(0, |r| r.1 + 1);
    let edges: Vec<Vec<usize>> = if pages >= 2 {
        let mut by_page = vec![Vec::new(); pages];
        for (i, r) in raw.iter().enumerate() {
            by_page[r.1].push(i);
        }
        by_page
            .into_iter()
            .map(|on| {
                let mut edge: Vec<usize> = on.iter().take(3).chain(on.iter().rev().take(3)).copied().collect();
                edge.sort_unstable();
                edge.dedup();
                edge
            })
            .collect()
    } else {
        let around_numbers = (0..raw.len())
            .filter(|&i| is_page_number(raw[i].2))
            .map(|p| (p.saturating_sub(3)..(p + 4).min(raw.len())).filter(|&i| i != p).collect());
        // The first page's header stands at the top, far from any number.
        std::iter::once((0..raw.len().min(3)).collect()).chain(around_numbers).collect()
    };
    // A running header or footer is a line that stands at the edge of at
    // least half of the pages, with only its digits changing ("Sida 3 av 9").
    // Minutes repeat real text too (a statement printed in a body's part and
    // again under "Reservationer m.m."), hence half, not two.
    let mut at_edge = vec![false; raw.len()];
    for &i in edges.iter().flatten() {
        at_edge[i] = true;
    }
    // Counted over distinct lines, as the edges around page numbers overlap.
    let mut count: HashMap<String, usize> = HashMap::new();
    for i in (0..raw.len()).filter(|&i| at_edge[i]) {
        *count.entry(digits_masked(raw[i].2)).or_default() += 1;
    }
    let needed = (edges.len() / 2).max(2);
    let mut lines = Vec::new();
    for (i, &(no, _, l)) in raw.iter().enumerate() {
        let running = at_edge[i] && count.get(&digits_masked(l)).is_some_and(|&n| n >= needed);
        if is_page_number(l) || running {
            continue;
        }
        let (text, bullet) = match strip_bullet(l) {
            Some(rest) if !rest.is_empty() => (rest, true),
            Some(_) => continue,
            None => (l, false),
        };
        lines.push(Line { no, text: squeeze(text), bullet });
    }
    lines
}

/// A line with every run of digits replaced by `#`, so that "Sida 3 av 9"
/// and "Sida 4 av 9" count as the same running footer.
fn digits_masked(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

/// Collapses runs of whitespace to one space.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "1. Remissen …" → 1.
fn numbered(s: &str) -> Option<u32> {
    let (n, rest) = s.split_once(". ")?;
    if n.is_empty() || n.len() > 2 || !rest.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    n.parse().ok()
}

/// Ends like a sentence (or a clause that introduces a list).
fn closes(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '”', '’', '»', ')']);
    s.ends_with(['.', ':', '!', '?', ';']) || s.ends_with("m.m")
}

/// A table-of-contents line: "Socialnämnden ........ 13".
fn is_toc(s: &str) -> bool {
    s.contains("....") && s.trim_end().ends_with(|c: char| c.is_ascii_digit())
}

fn first_word(s: &str) -> &str {
    s.split(' ').next().unwrap_or("")
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The width lines are filled to: a line shorter than this by more than the
/// next line's first word was broken on purpose. The 98th percentile of the
/// lengths of lines that are not table-of-contents entries (those run past
/// the margin with dots), so one overlong line does not set it.
fn fill_width(lines: &[Line]) -> usize {
    let mut lens: Vec<usize> = lines.iter().filter(|l| !is_toc(&l.text)).map(|l| chars(&l.text)).collect();
    if lens.is_empty() {
        return 80;
    }
    lens.sort_unstable();
    lens[(lens.len() * 98 / 100).min(lens.len() - 1)].max(40)
}

/// Headings of the minutes' layout, which stand on their own line.
const STRUCTURE: [&str; 9] = [
    "Sammanfattning av ärendet",
    "Beredning",
    "Förslag till beslut",
    "Bilaga",
    "Ärendet",
    "Remissammanställningen",
    "Innehållsförteckning",
    "Reservationer m.m.",
    "Reservationer m.m",
];

/// A statement's opening word as the minutes write it, and the contract's
/// term for its kind. Statement heads start a block of their own.
pub const STATEMENT_KINDS: [(&str, &str); 6] = [
    ("Särskilt uttalande", "särskilt uttalande"),
    ("Särskilt yttrande", "yttrande"),
    ("Reservation", "reservation"),
    ("Ersättaryttrande", "ersättaryttrande"),
    ("Protokollsanteckning", "protokollsanteckning"),
    ("Yttrande", "yttrande"),
];

/// Whether a line opens a statement ("Reservation av …").
pub fn is_statement_head(text: &str) -> bool {
    STATEMENT_KINDS.iter().any(|(w, _)| text.strip_prefix(w).is_some_and(|r| r.starts_with(" av ")))
}

/// Whether a line is the heading of the rapporteur's views ("Föredragande
/// borgarrådets synpunkter").
pub fn is_views_heading(text: &str) -> bool {
    text.starts_with("Föredragande ") && text.ends_with(" synpunkter")
}

/// Joins the next line onto a paragraph, undoing hyphenation at the line end:
/// "TFCO-" + "team" stays "TFCO-team", "barn-" + "och" keeps its space
/// ("barn- och ungdomspsykiatrin"), and "kommu-" + "nerna" closes up.
fn join(into: &mut String, next: &str) {
    let hyphenated = into.ends_with('-') && into[..into.len() - 1].ends_with(char::is_alphabetic);
    if !hyphenated || !next.starts_with(char::is_lowercase) {
        into.push(' ');
        into.push_str(next);
        return;
    }
    let word = first_word(next).trim_end_matches([',', '.']);
    let before = into[..into.len() - 1].rsplit(' ').next().unwrap_or("");
    if matches!(word, "och" | "eller" | "samt" | "som" | "till" | "resp") {
        into.push(' ');
    } else if !before.chars().any(char::is_lowercase) {
        // An abbreviation or code before the hyphen: keep it.
    } else {
        into.pop();
    }
    into.push_str(next);
}

/// Rejoins lines into blocks. A line ends its block when the next line's
/// first word would have fitted on it (so the break was the author's) and it
/// closes a sentence or the next line starts a new one; a bullet or a
/// numbered point always starts a block.
pub fn blocks(lines: &[Line]) -> Vec<Block> {
    let width = fill_width(lines);
    // The names in the table of contents head the parts further down.
    let toc_names: Vec<&str> =
        lines.iter().filter(|l| is_toc(&l.text)).filter_map(|l| l.text.split("....").next()).map(str::trim).collect();
    let alone = |t: &str| is_toc(t) || STRUCTURE.contains(&t) || toc_names.contains(&t) || is_views_heading(t);
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    // A statement head runs on until its signatories close, whatever the
    // next line looks like ("…, se" + "Reservationer m.m.").
    let mut in_head = false;
    for (i, l) in lines.iter().enumerate() {
        let toc = alone(&l.text) && !in_head;
        let head = is_statement_head(&l.text) && !in_head;
        let starts = !open || l.bullet || toc || head || numbered(&l.text).is_some() && !in_head;
        if starts {
            let kind = if l.bullet {
                Kind::Item
            } else if let Some(n) = numbered(&l.text) {
                Kind::Numbered(n)
            } else {
                Kind::Text
            };
            out.push(Block { line: l.no, kind, text: l.text.clone() });
        } else if let Some(b) = out.last_mut() {
            join(&mut b.text, &l.text);
        }
        let last_is_head = out.last().is_some_and(|b| is_statement_head(&b.text));
        in_head = last_is_head && !(closes(&l.text) || l.text.ends_with(')')) && i + 1 < lines.len();
        open = match lines.get(i + 1) {
            None => false,
            _ if in_head => true,
            _ if toc => false,
            Some(next) if alone(&next.text) => false,
            Some(_) if last_is_head => false,
            // A sentence that ends where a part's name begins: the summaries
            // of each body's answer, one paragraph each.
            Some(next) if closes(&l.text) && toc_names.iter().any(|n| next.text.starts_with(&format!("{n} "))) => false,
            Some(next) => {
                let fits = chars(&l.text) + 1 + chars(first_word(&next.text)) <= width;
                let capital = next.text.starts_with(char::is_uppercase);
                !(fits && (closes(&l.text) || capital))
            }
        };
    }
    for b in &mut out {
        if b.kind == Kind::Text && !closes(&b.text) && chars(&b.text) <= 200 {
            b.kind = Kind::Heading;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<Line> {
        clean(s)
    }

    #[test]
    fn drops_page_numbers_and_running_headers() {
        // Six pages; a real line printed twice, both times next to a page
        // number (a statement quoted in two places), is kept.
        const WORDS: [&str; 6] = ["Ett", "Två", "Tre", "Fyra", "Fem", "Sex"];
        let page = |n: usize| {
            let first = WORDS[n - 1];
            let last = if n <= 2 { "Upprepad rad.".to_string() } else { format!("{first} slut.") };
            format!("Stockholms stad\nUtlåtande 2023:1\n{first} början.\n\n{last}\n{n} (6)\n")
        };
        let text: String = (1..=6).map(page).collect();
        let got: Vec<String> = lines(&text).into_iter().map(|l| l.text).collect();
        assert_eq!(got.len(), 12, "{got:?}");
        assert_eq!(&got[..4], ["Ett början.", "Upprepad rad.", "Två början.", "Upprepad rad."]);
        assert!(!got.iter().any(|l| l.contains("Stockholms stad") || l.contains("(6)")), "{got:?}");
    }

    #[test]
    fn drops_headers_at_the_edges_of_form_feed_pages_whatever_their_digits() {
        // pdftotext ends each page with a form feed; the footer carries the
        // page number inside other text.
        const WORDS: [&str; 4] = ["Ett", "Två", "Tre", "Fyra"];
        let page =
            |n: usize| format!("Protokoll 2024-05-0{n}\n{} stycke.\nUtskrivet sida {n} av 4\n\u{C}", WORDS[n - 1]);
        let text: String = (1..=4).map(page).collect();
        let got: Vec<String> = lines(&text).into_iter().map(|l| l.text).collect();
        assert_eq!(got, ["Ett stycke.", "Två stycke.", "Tre stycke.", "Fyra stycke."]);
    }

    #[test]
    fn a_lone_page_number_is_dropped_but_nothing_around_it() {
        let got: Vec<String> = lines("Ett.\n11 (30)\nTvå.\n").into_iter().map(|l| l.text).collect();
        assert_eq!(got, ["Ett.", "Två."]);
    }

    #[test]
    fn rejoins_paragraphs_and_hyphenation() {
        let text = "Detta är en lång rad som fortsätter på nästa rad eftersom den inte får plats här och\n\
                    fortsätter här med barn- och ungdomspsykiatrin samt egna TFCO-\n\
                    team i staden.\n\
                    Ny rubrik\n\
                    Nästa stycke börjar här och är också det ett stycke som fyller hela raden helt ut\n\
                    till slutet.\n\
                    \u{F0B7} Stöd till föräldrar\n\
                    1. Remissen besvaras.\n";
        let b = blocks(&lines(text));
        let texts: Vec<(&str, Kind)> = b.iter().map(|b| (b.text.as_str(), b.kind)).collect();
        assert!(texts[0].0.ends_with(" staden."), "{}", texts[0].0);
        assert!(texts[0].0.contains("barn- och ungdomspsykiatrin samt egna TFCO-team i"), "{}", texts[0].0);
        assert_eq!(texts[1], ("Ny rubrik", Kind::Heading));
        assert_eq!(texts[2].1, Kind::Text);
        assert_eq!(texts[3], ("Stöd till föräldrar", Kind::Item));
        assert_eq!(texts[4], ("1. Remissen besvaras.", Kind::Numbered(1)));
    }

    #[test]
    fn closes_up_a_word_broken_at_the_line_end() {
        let mut s = String::from("de kommu-");
        join(&mut s, "nerna som");
        assert_eq!(s, "de kommunerna som");
    }
}
