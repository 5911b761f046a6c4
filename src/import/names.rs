//! The bodies, parties and documents already in the content folder, and
//! matching the names the minutes use against them.
//!
//! Minutes name a body in running text, so the name comes inflected: in the
//! genitive ("Skarpnäcks stadsdelsförvaltnings tjänsteutlåtande"), in the
//! definite form ("stadsdelsnämnden") or in lower case at the start of a
//! list. Matching folds case and tries the name with those endings removed.
//! Only the keys the importer needs are read, and a file that does not parse
//! is skipped: importing must work while the content has other problems.

use crate::content::{layout, split_front_matter};
use crate::model::slugify;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// For a proposed body: the office that drafts its answers.
    pub office: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Party {
    pub id: String,
    pub name: String,
    /// The abbreviation and its aliases, upper-cased.
    pub abbreviations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    pub id: String,
    pub designation: String,
    pub proposals: Vec<(String, String)>,
}

/// What the content folder already holds.
#[derive(Debug, Default, Clone)]
pub(crate) struct Directory {
    pub bodies: Vec<Body>,
    pub parties: Vec<Party>,
    pub documents: Vec<Document>,
    /// Everyone who signs a statement in the content's cases, sorted.
    pub people: Vec<String>,
}

#[derive(Deserialize)]
struct SignatoryFront {
    name: String,
}

#[derive(Deserialize)]
struct StatementFront {
    #[serde(default)]
    signatories: Vec<SignatoryFront>,
}

#[derive(Deserialize)]
struct BodyFront {
    name: String,
    #[serde(default)]
    kind: String,
}

#[derive(Deserialize)]
struct PartyFront {
    name: String,
    abbreviation: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct ProposalFront {
    id: String,
    title: String,
}

#[derive(Deserialize)]
struct DocumentFront {
    designation: String,
    #[serde(default)]
    proposals: Vec<ProposalFront>,
}

/// Reads `dir/*.md` front matter as `T`, sorted by id.
fn read_all<T: serde::de::DeserializeOwned>(dir: &Path) -> Vec<(String, T)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().and_then(|x| x.to_str()) != Some("md") {
            continue;
        }
        let Some(id) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Ok((front, _)) = split_front_matter(&text) else { continue };
        if let Ok(v) = toml::from_str::<T>(&text[front]) {
            out.push((id.to_string(), v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

impl Directory {
    pub(crate) fn load(content: &Path) -> Directory {
        let bodies = read_all::<BodyFront>(&content.join(layout::BODIES))
            .into_iter()
            .map(|(id, b)| Body { id, name: b.name, kind: b.kind, office: None })
            .collect();
        let parties = read_all::<PartyFront>(&content.join(layout::PARTIES))
            .into_iter()
            .map(|(id, p)| {
                let mut abbreviations: Vec<String> =
                    std::iter::once(p.abbreviation).chain(p.aliases).map(|a| a.to_uppercase()).collect();
                abbreviations.dedup();
                Party { id, name: p.name, abbreviations }
            })
            .collect();
        let documents = read_all::<DocumentFront>(&content.join(layout::DOCUMENTS))
            .into_iter()
            .map(|(id, d)| Document {
                id,
                designation: d.designation,
                proposals: d.proposals.into_iter().map(|p| (p.id, p.title)).collect(),
            })
            .collect();
        let mut people: Vec<String> = Vec::new();
        if let Ok(cases) = std::fs::read_dir(content.join(layout::CASES)) {
            for case in cases.flatten() {
                for (_, st) in read_all::<StatementFront>(&case.path().join(layout::STATEMENTS)) {
                    people.extend(st.signatories.into_iter().map(|s| s.name));
                }
            }
        }
        people.sort();
        people.dedup();
        Directory { bodies, parties, documents, people }
    }

    /// A known person whose name is spelled almost like `name` (one or two
    /// letters apart), when `name` itself is not known: likely a typo in
    /// the minutes or in earlier content.
    pub(crate) fn near_person(&self, name: &str) -> Option<&str> {
        if self.people.binary_search_by(|p| p.as_str().cmp(name)).is_ok() {
            return None;
        }
        let name = name.to_lowercase();
        self.people
            .iter()
            .map(|p| (p, strsim::damerau_levenshtein(&p.to_lowercase(), &name)))
            .filter(|&(_, d)| d <= 2)
            .min_by_key(|&(_, d)| d)
            .map(|(p, _)| p.as_str())
    }

    /// The body a name in running text refers to.
    pub(crate) fn body(&self, name: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| names_body(&b.name, name))
    }

    /// The party an abbreviation in parentheses ("M", "alla M", "KD") names.
    pub(crate) fn party_by_abbreviation(&self, abbr: &str) -> Option<&Party> {
        let a = abbr.trim().to_uppercase();
        self.parties.iter().find(|p| p.abbreviations.contains(&a))
    }

    /// The party a name in running text refers to ("Liberalernas" → l).
    pub(crate) fn party_by_name(&self, name: &str) -> Option<&Party> {
        let forms = forms(name);
        self.parties.iter().find(|p| forms.contains(&fold(&p.name)))
    }

    /// The document with this designation ("SOU 2022:67").
    pub(crate) fn document(&self, designation: &str) -> Option<&Document> {
        let want = fold(designation);
        self.documents.iter().find(|d| fold(&d.designation) == want)
    }
}

/// Whether `written`, a name in running text, refers to the body named
/// `known`, allowing for its genitive and definite forms.
pub(crate) fn names_body(known: &str, written: &str) -> bool {
    let own = fold(known);
    let also = forms_of_known(&own);
    forms(written).iter().any(|f| *f == own || also.contains(f))
}

/// Lower-cased, whitespace squeezed.
pub(crate) fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The forms a name in running text may be the inflection of: itself, without
/// a genitive `s`, and (for the last word) in the indefinite form.
fn forms(name: &str) -> Vec<String> {
    let base = fold(name.trim_end_matches(['.', ',', ':']));
    let mut out = vec![base.clone()];
    if let Some(stem) = base.strip_suffix('s')
        && !stem.ends_with('s')
    {
        out.push(stem.to_string());
    }
    out
}

/// The forms of a known body name that running text may use for it:
/// "Skarpnäcks stadsdelsnämnd" also as "skarpnäcks stadsdelsnämnden".
fn forms_of_known(own: &str) -> Vec<String> {
    let mut out = Vec::new();
    for suffix in ["nämnd", "förvaltning", "styrelse"] {
        if own.ends_with(suffix) {
            out.push(format!("{own}en"));
        }
    }
    if let Some(stem) = own.strip_suffix("en")
        && own.ends_with("nämnden")
    {
        out.push(stem.to_string());
    }
    out
}

/// A body's name without the genitive `s` of running text:
/// "Kulturförvaltningens" → "Kulturförvaltningen", where what is left ends
/// like a body's name.
pub(crate) fn nominative(name: &str) -> String {
    const ENDINGS: [&str; 9] = [
        "nämnd",
        "nämnden",
        "förvaltning",
        "förvaltningen",
        "kontoret",
        "styrelsen",
        "beredningen",
        "bolaget",
        "kommun",
    ];
    let name = name.trim();
    match name.strip_suffix('s') {
        Some(stem) if ENDINGS.iter().any(|e| stem.to_lowercase().ends_with(e)) => stem.to_string(),
        _ => name.to_string(),
    }
}

/// A suggested id and kind for a body the content does not have yet.
pub(crate) fn new_body(name: &str) -> Body {
    let name = name.trim().to_string();
    let lower = name.to_lowercase();
    let kind = if lower.ends_with("stadsdelsnämnd") {
        "stadsdelsnämnd"
    } else if lower.ends_with("nämnd") || lower.ends_with("nämnden") {
        "nämnd"
    } else if lower.ends_with("förvaltning") || lower.ends_with("förvaltningen") || lower.ends_with("kontoret") {
        "förvaltning"
    } else if lower == "kommunstyrelsen" {
        "kommunstyrelse"
    } else if lower == "borgarrådsberedningen" {
        "borgarrådsberedning"
    } else {
        "annat"
    };
    let mut chars = name.chars();
    let name = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => name,
    };
    Body { id: slugify(&name), name, kind: kind.to_string(), office: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> Directory {
        let body = |id: &str, name: &str, kind: &str| Body {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            office: None,
        };
        Directory {
            bodies: vec![
                body("skarpnacks-stadsdelsnamnd", "Skarpnäcks stadsdelsnämnd", "stadsdelsnämnd"),
                body("skarpnacks-stadsdelsforvaltning", "Skarpnäcks stadsdelsförvaltning", "förvaltning"),
                body("socialforvaltningen", "Socialförvaltningen", "förvaltning"),
                body("stadsledningskontoret", "Stadsledningskontoret", "förvaltning"),
                body("socialnamnden", "Socialnämnden", "nämnd"),
            ],
            parties: vec![
                Party { id: "l".into(), name: "Liberalerna".into(), abbreviations: vec!["L".into(), "FP".into()] },
                Party { id: "c".into(), name: "Centerpartiet".into(), abbreviations: vec!["C".into()] },
            ],
            documents: Vec::new(),
            people: vec!["Kristin Jacobsson".into()],
        }
    }

    #[test]
    fn matches_inflected_body_names() {
        let d = dir();
        let id = |n: &str| d.body(n).map(|b| b.id.as_str());
        assert_eq!(id("Skarpnäcks stadsdelsnämnd"), Some("skarpnacks-stadsdelsnamnd"));
        assert_eq!(id("Skarpnäcks stadsdelsförvaltnings"), Some("skarpnacks-stadsdelsforvaltning"));
        assert_eq!(id("Socialförvaltningens"), Some("socialforvaltningen"));
        assert_eq!(id("Stadsledningskontorets"), Some("stadsledningskontoret"));
        assert_eq!(id("socialnämnden"), Some("socialnamnden"));
        assert_eq!(id("Skarpnäcks stadsdelsnämnden"), Some("skarpnacks-stadsdelsnamnd"));
        assert_eq!(id("Kulturnämnden"), None);
    }

    #[test]
    fn matches_parties_by_abbreviation_alias_and_genitive() {
        let d = dir();
        assert_eq!(d.party_by_abbreviation("l").map(|p| p.id.as_str()), Some("l"));
        assert_eq!(d.party_by_abbreviation("FP").map(|p| p.id.as_str()), Some("l"));
        assert_eq!(d.party_by_name("Liberalernas").map(|p| p.id.as_str()), Some("l"));
        assert_eq!(d.party_by_name("Centerpartiets").map(|p| p.id.as_str()), Some("c"));
        assert!(d.party_by_abbreviation("X").is_none());
    }

    #[test]
    fn flags_a_name_spelled_almost_like_a_known_signatory() {
        let d = dir();
        assert_eq!(d.near_person("Kristin Jacobson"), Some("Kristin Jacobsson"));
        assert_eq!(d.near_person("Kristin Jacobsson"), None);
        assert_eq!(d.near_person("Karin Svensson"), None);
    }

    #[test]
    fn proposes_an_id_and_kind_for_a_new_body() {
        let b = new_body("Kungsholmens stadsdelsnämnd");
        assert_eq!((b.id.as_str(), b.kind.as_str()), ("kungsholmens-stadsdelsnamnd", "stadsdelsnämnd"));
        assert_eq!(new_body("kulturnämnden").name, "Kulturnämnden");
        assert_eq!(new_body("Miljöförvaltningen").kind, "förvaltning");
        assert_eq!(nominative("Kungsholmens stadsdelsförvaltnings"), "Kungsholmens stadsdelsförvaltning");
        assert_eq!(nominative("Kulturförvaltningens"), "Kulturförvaltningen");
        assert_eq!(nominative("Stadsledningskontorets"), "Stadsledningskontoret");
        assert_eq!(nominative("Kulturnämndens"), "Kulturnämnden");
    }
}
