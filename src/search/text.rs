//! Text → search keys, exactly as `docs/search.md` specifies; the browser
//! runs the same pipeline in `search.js`, and `tests/search/vectors.json`
//! holds the cases both sides must agree on.

use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use std::sync::LazyLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Common Swedish function words, left out of the index and of queries.
pub const STOPWORDS: &[&str] = &[
    "och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte", "om",
    "ett", "men", "var", "sig", "så", "vi", "kan", "man", "eller", "vid", "från", "ska", "även", "samt", "detta",
    "dessa", "där", "denna", "då", "hos", "under", "ha", "sina", "sin", "sitt", "bör", "också", "mot", "än",
];

static DESIGNATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(sou|ds|prop|dir|skr)\.?\s*([0-9]{4}(?:/[0-9]{2})?):([0-9]+)").expect("valid regex"));
static CASE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\p{L}\p{N}])(\p{L}{2,4})\s+([0-9]{4})/([0-9]+)").expect("valid regex"));
static NUMBER_COLON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]{4}(?:/[0-9]{2})?):([0-9]+)").expect("valid regex"));
static NUMBER_SLASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([0-9]{4})/([0-9]+)(:?)").expect("valid regex"));
/// Section and item numbers: `4.2`, `3.1.2` ("mål 4.2", "avsnitt 3.1.2").
static NUMBER_DOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\p{L}\p{N}.])([0-9]+(?:\.[0-9]+)+)").expect("valid regex"));
static WORD_BREAK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\p{L}\p{N}]+").expect("valid regex"));
static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Swedish));

/// NFC, then lowercase. Most text is already NFC (and much of it ASCII):
/// the quick check proves that without running the composition, which
/// otherwise dominates the cost of indexing.
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text.to_lowercase();
    }
    text.nfc().collect::<String>().to_lowercase()
}

/// Removes diacritics: å→a, ä→a, ö→o, é→e. ASCII has none to remove.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    s.nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).nfc().collect()
}

/// Whether `c` is a letter or digit (`\p{L}` or `\p{N}`), the characters
/// words are made of. `char::is_alphanumeric` is a different Unicode
/// property, so the answer comes from the same regex as `WORD_BREAK`,
/// looked up in a table for the Latin blocks and asked directly for the
/// rare characters beyond them.
fn is_word_char(c: char) -> bool {
    static LATIN: LazyLock<Vec<bool>> =
        LazyLock::new(|| (0..0x250u32).filter_map(char::from_u32).map(|c| !breaks_word(c)).collect());
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if (c as usize) < LATIN.len() {
        LATIN[c as usize]
    } else {
        !breaks_word(c)
    }
}

fn breaks_word(c: char) -> bool {
    WORD_BREAK.is_match(c.encode_utf8(&mut [0; 4]))
}

/// The pieces of normalised text between runs of characters that are not
/// letters or digits, as `WORD_BREAK.split` with empty pieces dropped, but
/// without a regex search per word.
pub fn split_words(lower: &str) -> impl Iterator<Item = &str> {
    let mut rest = lower;
    std::iter::from_fn(move || {
        let start = rest.char_indices().find(|(_, c)| is_word_char(*c)).map(|(i, _)| i)?;
        rest = &rest[start..];
        let end = rest.char_indices().find(|(_, c)| !is_word_char(*c)).map_or(rest.len(), |(i, _)| i);
        let (word, tail) = rest.split_at(end);
        rest = tail;
        Some(word)
    })
}

pub fn stem(word: &str) -> String {
    STEMMER.stem(word).into_owned()
}

fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// One word of a text after normalising, with its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The lowercase word as written.
    pub word: String,
    /// `fold(stem(word))`, or the word itself if it has a digit.
    pub key: String,
    /// `"=" + stem(word)` when folding changed the stem.
    pub exact: Option<String>,
}

/// Special tokens (designations, case numbers) of normalised text, by
/// position, then by pattern.
pub fn special_keys(lower: &str) -> Vec<String> {
    let mut found: Vec<(usize, u8, String)> = Vec::new();
    // Patterns 1 and 3 need a colon, 2 and 4 a slash, 5 a dot: text
    // without them is not scanned for them.
    let (colon, slash, dot) = (lower.contains(':'), lower.contains('/'), lower.contains('.'));
    if !colon && !slash && !dot {
        return Vec::new();
    }
    let scan = |re: &'static Regex, needed: bool| needed.then(|| re.captures_iter(lower)).into_iter().flatten();
    for c in scan(&DESIGNATION, colon) {
        let at = c.get(0).map_or(0, |m| m.start());
        found.push((at, 1, format!("{}{}:{}", &c[1], &c[2], &c[3])));
    }
    for c in scan(&CASE_NUMBER, slash) {
        let at = c.get(1).map_or(0, |m| m.start());
        found.push((at, 2, format!("{}{}/{}", fold(&c[1]), &c[2], &c[3])));
    }
    for c in scan(&NUMBER_COLON, colon) {
        let at = c.get(0).map_or(0, |m| m.start());
        found.push((at, 3, format!("{}:{}", &c[1], &c[2])));
    }
    for c in scan(&NUMBER_SLASH, slash) {
        if c[3].is_empty() {
            let at = c.get(0).map_or(0, |m| m.start());
            found.push((at, 4, format!("{}/{}", &c[1], &c[2])));
        }
    }
    for c in scan(&NUMBER_DOT, dot) {
        let at = c.get(1).map_or(0, |m| m.start());
        found.push((at, 5, c[1].to_string()));
    }
    found.sort_by_key(|(at, pattern, _)| (*at, *pattern));
    found.into_iter().map(|(_, _, k)| k).collect()
}

/// The words of normalised text, stopwords as `None` (they break phrases).
pub fn words(lower: &str) -> Vec<Option<Word>> {
    split_words(lower).map(word).collect()
}

/// One word (a piece from `split_words`) with its keys, `None` for a stopword.
pub fn word(w: &str) -> Option<Word> {
    if is_stopword(w) {
        return None;
    }
    if w.chars().any(|c| c.is_numeric()) {
        return Some(Word { word: w.to_string(), key: w.to_string(), exact: None });
    }
    let stemmed = stem(w);
    let key = fold(&stemmed);
    let exact = (key != stemmed).then(|| format!("={stemmed}"));
    Some(Word { word: w.to_string(), key, exact })
}

/// The extra key of a word in the definite form -an, which Snowball
/// leaves alone: "ohälsan" is also indexed as "ohälsa" (key `ohals`).
pub fn definite_an_key(word: &Word) -> Option<String> {
    let base = word.word.strip_suffix("an").filter(|b| b.chars().count() >= 3)?;
    let key = fold(&stem(&format!("{base}a")));
    (key != word.key && !word.word.chars().any(char::is_numeric)).then_some(key)
}

/// Every key of a text in order: special tokens, then each word's key
/// followed by its exact key. This is what the shared vectors check.
pub fn keys(text: &str) -> Vec<String> {
    let lower = normalise(text);
    let mut out = special_keys(&lower);
    for w in words(&lower).into_iter().flatten() {
        out.push(w.key);
        out.extend(w.exact);
    }
    out
}

/// Splits compound words against the corpus vocabulary (keys of words that
/// occur on their own), returning the keys of the parts: the tail must be a
/// word of the corpus, the head is kept when it is one or is long enough.
pub struct Decompounder<'v> {
    pub vocabulary: &'v HashSet<String>,
}

impl Decompounder<'_> {
    fn known(&self, part: &str) -> Option<String> {
        let key = fold(&stem(part));
        (key.chars().count() >= 3 && self.vocabulary.contains(&key)).then_some(key)
    }

    /// Keys of the parts of `word` (lowercase), empty if it is no compound.
    pub fn parts(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.split_into(word, &mut out, 0);
        out
    }

    fn split_into(&self, word: &str, out: &mut Vec<String>, depth: usize) {
        let chars: Vec<char> = word.chars().collect();
        if depth > 4 || chars.len() < 8 || !chars.iter().all(|c| c.is_alphabetic()) {
            return;
        }
        // The longest tail that is a word of its own.
        for i in 3..=chars.len() - 4 {
            let tail: String = chars[i..].iter().collect();
            let Some(tail_key) = self.known(&tail) else { continue };
            let head: String = chars[..i].iter().collect();
            out.push(tail_key);
            let linked = head.strip_suffix(['s', 'e']).filter(|h| h.chars().count() >= 3);
            let head_key = self.known(&head).or_else(|| linked.and_then(|h| self.known(h))).or_else(|| {
                // A head the corpus never writes on its own is still what
                // a citizen types: "ordningsvakter" for a text that only
                // says "ordningsvaktsutbildning". Long enough, it is kept.
                let h = linked.unwrap_or(&head);
                let key = fold(&stem(h));
                (h.chars().count() >= 5 && key.chars().count() >= 5).then_some(key)
            });
            out.extend(head_key);
            self.split_into(&head, out, depth + 1);
            self.split_into(&tail, out, depth + 1);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stem_and_fold() {
        assert_eq!(keys("Barnen"), vec!["barn"]);
        assert_eq!(keys("barns"), vec!["barn"]);
        assert_eq!(keys("Socialnämnden"), vec!["socialnamnd", "=socialnämnd"]);
        assert_eq!(keys("socialnamnden"), vec!["socialnamnd"]);
        assert_eq!(keys("och i att"), Vec::<String>::new());
        assert_eq!(keys("TFCO-team"), vec!["tfco", "team"]);
        let ohalsan = words("ohälsan").remove(0).unwrap();
        assert_eq!(definite_an_key(&ohalsan).as_deref(), Some("ohals"));
        assert_eq!(keys("ohälsa"), vec!["ohals", "=ohäls"]);
    }

    #[test]
    fn designations_and_case_numbers_are_whole_and_in_parts() {
        assert_eq!(keys("SOU 2022:67"), vec!["sou2022:67", "2022:67", "sou", "2022", "67"]);
        assert_eq!(
            keys("dnr KS 2023/99-1.1"),
            vec!["ks2023/99", "2023/99", "1.1", "dnr", "ks", "2023", "99", "1", "1"]
        );
        assert_eq!(keys("2022:67"), vec!["2022:67", "2022", "67"]);
        assert_eq!(keys("2023/99"), vec!["2023/99", "2023", "99"]);
        assert_eq!(keys("Prop. 2023/24:1"), vec!["prop2023/24:1", "2023/24:1", "prop", "2023", "24", "1"]);
        assert_eq!(keys("(dir. 2020:32)"), vec!["dir2020:32", "2020:32", "dir", "2020", "32"]);
        assert_eq!(keys("mål 4.2, 3.1.2."), vec!["4.2", "3.1.2", "mal", "=mål", "4", "2", "3", "1", "2"]);
        assert_eq!(keys("v4.2 .5"), vec!["v4", "2", "5"], "a section number starts at a word's start");
    }

    #[test]
    fn compounds_split_against_the_vocabulary() {
        let vocabulary: HashSet<String> =
            ["namnd", "social", "stadsdel", "forebygg", "brott"].into_iter().map(String::from).collect();
        let d = Decompounder { vocabulary: &vocabulary };
        assert_eq!(d.parts("stadsdelsnämnd"), vec!["namnd", "stadsdel"]);
        assert_eq!(d.parts("socialnämnden"), vec!["namnd", "social"]);
        assert_eq!(d.parts("brottsförebyggande"), vec!["forebygg", "brott"]);
        assert!(d.parts("kort").is_empty());
        // A head not in the vocabulary is kept when it is long enough, by
        // the key its inflected forms have (ordningsvakter → ordningsvakt).
        let vocabulary: HashSet<String> = ["utbildning"].into_iter().map(String::from).collect();
        let d = Decompounder { vocabulary: &vocabulary };
        assert_eq!(d.parts("ordningsvaktsutbildning"), vec!["utbildning", "ordningsvak"]);
        assert_eq!(keys("ordningsvakter"), vec!["ordningsvak"]);
        assert_eq!(keys("ordningsvakten"), vec!["ordningsvak"]);
        assert_eq!(d.parts("fotutbildning"), vec!["utbildning"], "a short head is not kept");
    }

    #[test]
    fn words_split_like_the_regex() {
        let text = "a–b ½ x² ǅz ⅻ k\u{301}a ١٢ 東京 emoji😀x  _tab\tend ";
        let fast: Vec<&str> = split_words(text).collect();
        let regex: Vec<&str> = WORD_BREAK.split(text).filter(|w| !w.is_empty()).collect();
        assert_eq!(fast, regex);
        assert_eq!(normalise("Ka\u{30a}ren ÅR"), "kåren år");
    }
}
