//! Who asked for what and how it went: the people named in the minutes,
//! their motions (yrkanden), the votes (voteringar) and the statements.

use super::*;

/// Known titles before a name, and their indefinite form. A plural title
/// ("tjänstgörande ersättarna") covers the names after it.
pub(super) const TITLE_WORDS: [&str; 19] = [
    "ordföranden",
    "ordförande",
    "vice",
    "förste",
    "andre",
    "tredje",
    "1:e",
    "2:e",
    "3:e",
    "ersättare",
    "tjänstgörande",
    "ersättaren",
    "ersättarna",
    "ledamoten",
    "ledamöterna",
    "kommunalrådet",
    "kommunalråden",
    "oppositionsrådet",
    "oppositionsråden",
];

/// Lowercase words inside a name: "Mats af Petersens", "Ulla von Essen".
pub(super) const PARTICLES: [&str; 10] = ["af", "av", "von", "van", "der", "de", "la", "del", "da", "di"];

pub(super) fn indefinite(word: &str) -> String {
    match word {
        "ordföranden" => "ordförande".into(),
        "ersättaren" | "ersättarna" => "ersättare".into(),
        "ledamoten" | "ledamöterna" => "ledamot".into(),
        w if w.ends_with("rådet") || w.ends_with("råden") => format!("{}råd", &w[..w.len() - "rådet".len()]),
        w => w.to_string(),
    }
}

/// People: "Axel Josefson (M), Hampus Magnusson (M) och ordföranden Jonas
/// Attenius (S)", "tjänstgörande ersättarna Nina Miskovsky (M) och Anneli
/// Rhedin (M)". `None` unless every item reads as a name and a party.
pub fn people(text: &str) -> Option<Vec<Person>> {
    let mut out = Vec::new();
    let mut plural: Option<(String, bool)> = None;
    let mut rest = text.trim();
    while !rest.is_empty() {
        let open = rest.find('(')?;
        let close = open + rest[open..].find(')')?;
        let party = rest[open + 1..close].trim();
        let shared = party.strip_prefix("alla ").or_else(|| party.strip_prefix("båda ")).map(str::trim);
        let party = shared.unwrap_or(party);
        let names = rest[..open].trim().trim_start_matches(',').trim();
        let names = names.strip_prefix("och ").unwrap_or(names);
        // "A och B (båda M)": several names share one party.
        let items = if shared.is_some() { list(names) } else { vec![names.to_string()] };
        for item in items {
            let words: Vec<&str> = item.split_whitespace().collect();
            let n = words.iter().take_while(|w| TITLE_WORDS.contains(&w.to_lowercase().as_str())).count();
            let title_words: Vec<String> = words[..n].iter().map(|w| w.to_lowercase()).collect();
            let name = words[n..].join(" ");
            let plausible = words.len() - n >= 2
                && words[n].starts_with(char::is_uppercase)
                && words[n..].iter().all(|w| w.starts_with(char::is_uppercase) || PARTICLES.contains(w));
            let party_like = party.starts_with(char::is_uppercase)
                && party.chars().count() <= 15
                && party.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-');
            if !plausible || !party_like {
                return None;
            }
            let (title, chair) = if title_words.is_empty() {
                plural.clone().map_or((None, false), |(t, c)| (Some(t), c))
            } else {
                // The chair, not a vice chair.
                let chair =
                    title_words.iter().any(|w| w.starts_with("ordförande")) && !title_words.iter().any(|w| w == "vice");
                let is_plural = title_words.last().is_some_and(|w| w.ends_with("na") || w.ends_with("råden"));
                let title = title_words.iter().map(|w| indefinite(w)).collect::<Vec<_>>().join(" ");
                plural = is_plural.then(|| (title.clone(), chair));
                (Some(title), chair)
            };
            // The chair's office is shown by `chair`; other titles stay.
            let title = title.filter(|t| t != "ordförande");
            out.push(Person { name, party: party.to_string(), title, chair });
        }
        rest = rest[close + 1..].trim_start_matches([',', ' ']).trim();
        rest = rest.strip_prefix("och ").unwrap_or(rest);
    }
    (!out.is_empty()).then_some(out)
}

/// The names in "Daniel Bernmars och Karin Pleijels", as written (genitive);
/// matched to movers by [`same_person`].
pub(super) fn genitive_names(text: &str) -> Vec<String> {
    list(text)
}

/// Whether `written` ("Karin Pleijels", possibly genitive) names `name`.
pub fn same_person(written: &str, name: &str) -> bool {
    written == name || written.strip_suffix('s').is_some_and(|w| w == name)
}

/// "yrkande från M, D, L och KD den 21 mars 2025" → parties and date.
pub(super) fn written_motion(text: &str) -> Option<(Vec<String>, Option<Date>)> {
    let i = text.find("yrkande från ").or_else(|| text.find("yrkandet från "))?;
    let rest = &text[i..].split_once("från ")?.1;
    let (parties, date) = match rest.find(" den ") {
        Some(d) => (&rest[..d], swedish_date(&rest[d..])),
        None => (rest.split(" och avslag").next().unwrap_or(rest), None),
    };
    let parties: Vec<String> = list(parties.trim_end_matches('.'))
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty() && p.chars().count() <= 6 && p.chars().all(|c| c.is_alphabetic()))
        .collect();
    (!parties.is_empty()).then_some((parties, date))
}

/// What "yrkar …" asks for.
pub(super) fn asks(what: &str) -> Asks {
    let w = what.trim().trim_end_matches('.');
    let lower = w.to_lowercase();
    let bifall = strip_prefix_ci(w, "bifall till ").or_else(|| strip_prefix_ci(w, "bifall "));
    if let Some(target) = bifall {
        let target = target.split(" och avslag").next().unwrap_or(target);
        if let Some((parties, date)) = written_motion(w) {
            return Asks::Written { parties, date };
        }
        let t = target.to_lowercase();
        if t.ends_with("förslag") || t.ends_with("förslaget") || t.ends_with("förslag till beslut") {
            return Asks::Proposal;
        }
        if let Some(names) = target.strip_suffix(" yrkande").or_else(|| target.strip_suffix(" yrkanden")) {
            let names = genitive_names(names);
            if !names.is_empty() && names.iter().all(|n| n.starts_with(char::is_uppercase)) {
                return Asks::Backs(names);
            }
        }
        return Asks::Own(w.to_string());
    }
    let on_proposal =
        lower.ends_with("förslag") || lower.ends_with("förslaget") || lower.ends_with("förslag till beslut");
    if lower.starts_with("att ") && on_proposal && (lower.contains(" enligt ") || lower.contains("i enlighet med")) {
        Asks::Proposal
    } else if lower.starts_with("avslag") {
        Asks::Avslag
    } else if lower.starts_with("återremiss") || lower.contains("återremitteras") {
        Asks::Aterremiss
    } else if lower.starts_with("bordläggning") || lower.contains("bordläggs") {
        Asks::Bordlaggning
    } else {
        Asks::Own(w.to_string())
    }
}

/// The people before a verb at a sentence start: "Ordföranden Jonas Attenius (S) yrkar …".
pub(super) fn subject<'a>(text: &'a str, verbs: &[&'static str]) -> Option<(Vec<Person>, &'static str, &'a str)> {
    let (i, verb) = verbs.iter().filter_map(|v| text.find(&format!(") {v}")).map(|i| (i + 1, *v))).min()?;
    let people = people(&text[..i])?;
    Some((people, verb, text[i + 1 + verb.len()..].trim()))
}

pub(super) fn motions(p: &mut Paragraph, paras: Vec<(usize, String)>) {
    for (line, t) in paras {
        match subject(&t, &["yrkar", "instämmer i"]) {
            Some((movers, "instämmer i", rest)) => {
                let names =
                    rest.trim_end_matches('.').strip_suffix(" yrkande").map(genitive_names).filter(|n| !n.is_empty());
                match names {
                    Some(names) => p.motions.push(Motion { line, movers, asks: Asks::Backs(names) }),
                    None => p.unplaced.push((line, t, "a motion that backs something other than a motion")),
                }
            }
            Some((mut movers, _, rest)) => {
                // "yrkar, med instämmande av Daniel Bernmar (V), bifall till …".
                let rest = match seconded(rest) {
                    Some((more, rest)) => {
                        movers.extend(more);
                        rest
                    }
                    None => rest,
                };
                p.motions.push(Motion { line, movers, asks: asks(rest) })
            }
            None => p.unplaced.push((line, t, "under \"Yrkanden\", but not \"Name (PARTY) yrkar …\"")),
        }
    }
}

/// ", med instämmande av Daniel Bernmar (V) och Karin Pleijel (MP), bifall till
/// …" → the seconders and what follows them.
pub(super) fn seconded(rest: &str) -> Option<(Vec<Person>, &str)> {
    let after = rest.trim_start_matches([',', ' ']);
    let after = strip_prefix_ci(after, "med instämmande av ")?;
    // The list ends at the first "), " followed by a lowercase word.
    let mut from = 0;
    while let Some(i) = after[from..].find("), ") {
        let end = from + i + 1;
        let next = &after[end + 2..];
        if next.starts_with(char::is_lowercase) {
            return Some((people(&after[..end])?, next));
        }
        from = end;
    }
    None
}

/// "Ordföranden … finner att det egna yrkandet bifallits" → the adopted side.
pub(super) fn found_adopted(text: &str) -> Option<Side> {
    let (_, rest) = text.split_once("finner att ")?;
    let rest = rest.split(". ").next().unwrap_or(rest);
    // "finner att Karin Pleijels yrkande bifallits": the motion before the verb.
    if let Some(i) = rest.find(" bifallits").or_else(|| rest.find(" har bifallits")) {
        return side(&rest[..i]);
    }
    // "finner att kommunstyrelsen bifallit Jonas Attenius yrkande", "… beslutat enligt stadsledningskontorets förslag".
    for verb in [" bifallit ", " beslutat enligt ", " beslutar enligt ", " beslutat i enlighet med "] {
        if let Some((_, what)) = rest.split_once(verb) {
            return side(what);
        }
    }
    None
}

/// "ställer proposition på sitt eget yrkande och finner det bifallet".
pub(super) fn found_it_adopted(text: &str) -> Option<Side> {
    let (before, _) =
        text.split_once(" och finner det bifallet").or_else(|| text.split_once(" och finner detta bifallet"))?;
    side(before.rsplit_once("proposition på ")?.1)
}

/// From the order of propositions: "antecknar X som Ja-proposition" and
/// "finner att X antagits som motförslag", the sides of a main vote whose
/// proposition the minutes do not quote.
pub(super) fn main_vote_sides(text: &str) -> (Option<Side>, Option<Side>) {
    let yes = text
        .split_once("antecknar ")
        .and_then(|(_, r)| r.split_once(" som Ja-proposition"))
        .and_then(|(what, _)| side(what));
    let no = text
        .split("finner att ")
        .skip(1)
        .find_map(|r| r.split_once(" antagits som motförslag"))
        .and_then(|(what, _)| side(what));
    (yes, no)
}

/// A side of a proposition: "bifall till Jonas Attenius yrkande".
pub fn side(text: &str) -> Option<Side> {
    let t = text.trim().trim_end_matches(['.', '"', '”']).trim();
    let t = t.strip_prefix("bifall till ").or_else(|| t.strip_prefix("bifall ")).unwrap_or(t);
    let lower = t.to_lowercase();
    if lower.contains("det egna yrkandet") || lower.contains("eget yrkande") || lower.contains("sitt eget yrkande") {
        return Some(Side::Chair);
    }
    if let Some((parties, _)) = written_motion(t) {
        return Some(Side::Written(parties));
    }
    if lower.ends_with("förslag") || lower.ends_with("förslaget") || lower.ends_with("förslag till beslut") {
        return Some(Side::Proposal);
    }
    let names = t.strip_suffix(" yrkande")?;
    let names = genitive_names(names);
    (!names.is_empty() && names.iter().all(|n| n.split_whitespace().count() >= 2)).then_some(Side::Movers(names))
}

/// The ballots members cast, by the words after their names.
pub(super) const BALLOTS: [(&str, &str); 6] = [
    ("röstar ja", "ja"),
    ("röstar nej", "nej"),
    ("avstår från att rösta", "avstår"),
    ("avstår", "avstår"),
    ("är frånvarande", "frånvarande"),
    ("var frånvarande", "frånvarande"),
];

/// `s` without `prefix` (lowercase), ignoring case.
pub(super) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.get(..prefix.len()).filter(|h| h.to_lowercase() == prefix).map(|_| &s[prefix.len()..])
}

/// The byte offset of `needle` (lowercase) in `hay`, ignoring case.
pub(super) fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.char_indices()
        .map(|(i, _)| i)
        .find(|&i| hay.get(i..i + needle.len()).is_some_and(|s| s.to_lowercase() == needle))
}

/// A ballot written as a label before its list of members.
pub(super) const LISTED: [(&str, &str); 12] = [
    ("ja-röster:", "ja"),
    ("ja röstar:", "ja"),
    ("följande röstar ja:", "ja"),
    ("ja:", "ja"),
    ("nej-röster:", "nej"),
    ("nej röstar:", "nej"),
    ("följande röstar nej:", "nej"),
    ("nej:", "nej"),
    ("avstår:", "avstår"),
    ("avstående:", "avstår"),
    ("avstod:", "avstår"),
    ("frånvarande:", "frånvarande"),
];

/// The sides of a voteringsproposition: "Ja för bifall till A:s yrkande och
/// Nej för bifall till B:s yrkande", or "Den som vill bifalla A:s yrkande
/// röstar ja, den som vill bifalla B:s yrkande röstar nej".
pub(super) fn proposition_sides(prop: &str) -> (Option<Side>, Option<Side>) {
    if let Some((y, n)) = prop.split_once(" och Nej för ").or_else(|| prop.split_once(", Nej för ")) {
        let y = strip_prefix_ci(y, "ja för ").unwrap_or(y);
        return (side(y), side(n));
    }
    let wants = |part: &str, ballot: &str| {
        let before = part.split(ballot).next()?;
        let what = before
            .rsplit_once("bifalla ")
            .map(|(_, w)| w)
            .or_else(|| before.rsplit_once("bifall till ").map(|(_, w)| w))?;
        side(what)
    };
    let lower = prop.to_lowercase();
    match lower.find("röstar ja") {
        Some(_) => {
            let (first, second) = prop.split_once(", ").unwrap_or((prop, ""));
            (wants(first, " röstar ja"), wants(second, " röstar nej"))
        }
        None => (None, None),
    }
}

pub(super) fn vote(p: &mut Paragraph, kind: &'static str, line: usize, paras: Vec<(usize, String)>) {
    let mut v = Vote { line, kind, proposition: None, yes: None, no: None, members: Vec::new(), counts: [None; 4] };
    for (line, t) in paras {
        if let Some((_, prop)) = t.split_once("voteringsproposition:").or_else(|| t.split_once("Voteringsproposition:"))
        {
            let prop = prop.trim().trim_matches(['"', '”', '“', '\'']).trim().to_string();
            (v.yes, v.no) = proposition_sides(&prop);
            v.proposition = Some(prop);
            continue;
        }
        // "Ja-röster: A (S), B (V)", "Nej: …", "Avstår: …": a list after its ballot.
        let listed = LISTED.iter().find_map(|(label, term)| strip_prefix_ci(&t, label).map(|rest| (rest, *term)));
        if let Some((rest, term)) = listed {
            match people(rest.trim().trim_end_matches('.')) {
                Some(members) => v.members.extend(members.into_iter().map(|m| (m, term))),
                None => p.unplaced.push((line, t, "a ballot whose members could not be read as \"Name (PARTY)\"")),
            }
            continue;
        }
        let ballot =
            BALLOTS.iter().find_map(|(words, term)| find_ci(&t, &format!(") {words}")).map(|i| (i + 1, *words, *term)));
        let Some((at, words, term)) = ballot else {
            p.unplaced.push((line, t, "in a vote, but neither the proposition nor \"… röstar Ja (7).\""));
            continue;
        };
        let Some(members) = people(&t[..at]) else {
            p.unplaced.push((line, t, "a ballot whose members could not be read as \"Name (PARTY)\""));
            continue;
        };
        // "röstar Ja (7)." → 7.
        let after = &t[at + 1 + words.len()..];
        let count = after
            .trim()
            .strip_prefix('(')
            .and_then(|r| r.split_once(')'))
            .and_then(|(n, _)| n.trim().parse::<u32>().ok());
        let index = ["ja", "nej", "avstår", "frånvarande"].iter().position(|b| *b == term).expect("a ballot term");
        if count.is_some() {
            v.counts[index] = Some(v.counts[index].unwrap_or(0) + count.unwrap_or(0));
        }
        v.members.extend(members.into_iter().map(|m| (m, term)));
    }
    p.votes.push(v);
}

pub(super) fn statements(p: &mut Paragraph, kind: &'static str, paras: Vec<(usize, String)>) {
    const VERBS: [&str; 7] =
        ["reserverar sig", "antecknar", "anmäler", "lämnar", "avger", "får anteckna", "vill anteckna"];
    for (line, t) in paras {
        match subject(&t, &VERBS) {
            Some((signers, verb, rest)) => {
                // "anmäler reservation", "lämnar särskilt yttrande": the words name the kind.
                let lower = rest.to_lowercase();
                let kind = if verb == "reserverar sig" || lower.starts_with("reservation") {
                    "reservation"
                } else if lower.starts_with("särskilt yttrande") || lower.starts_with("ett särskilt yttrande") {
                    "yttrande"
                } else if lower.starts_with("protokollsanteckning") || verb == "antecknar" {
                    "protokollsanteckning"
                } else {
                    kind
                };
                let favours = rest.split_once("till förmån för ").map(|(_, f)| {
                    let f = f.split(" i enlighet").next().unwrap_or(f).trim_end_matches('.');
                    // "det egna yrkandet" is the signers' own, not the chair's.
                    side(f).filter(|s| *s != Side::Chair)
                });
                p.statements.push(Statement { line, kind, signers, text: t.clone(), favours });
            }
            // A note's text that goes on in its own paragraph.
            None => match p.statements.last_mut() {
                Some(s) if s.kind == kind || kind == "protokollsanteckning" => {
                    s.text.push_str("\n\n");
                    s.text.push_str(&t);
                }
                _ => p.unplaced.push((line, t, "a statement whose signatories could not be read as \"Name (PARTY)\"")),
            },
        }
    }
}
