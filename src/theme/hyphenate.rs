//! Soft hyphens (U+00AD) at the hyphenation points of long words, so that a
//! narrow screen breaks `Tillgänglighets­redogörelse` where a Swedish reader
//! expects instead of at whatever letter meets the edge. CSS `hyphens: auto`
//! would do it where the browser has a dictionary, but Chromium on Linux and
//! Windows ships none, and `overflow-wrap` then cuts words anywhere.

use hyphenation::{Hyphenator, Language, Load, Standard};
use std::sync::OnceLock;

/// Words shorter than this fit a 320 px screen even in a heading.
const MIN_CHARS: usize = 12;

/// The two dictionaries the themes use, as the `hyphenation` crate (0.8)
/// builds them from the TeX patterns (its `dictionaries/` folder; see
/// hyphenation/README.md). Its `embed_all` feature would embed all 82
/// languages, about 3 MB of the binary and the container image.
const SWEDISH: &[u8] = include_bytes!("hyphenation/sv.standard.bincode");
const ENGLISH: &[u8] = include_bytes!("hyphenation/en-gb.standard.bincode");

fn dictionary(lang: &str) -> Option<&'static Standard> {
    static SV: OnceLock<Option<Standard>> = OnceLock::new();
    static EN: OnceLock<Option<Standard>> = OnceLock::new();
    let (cell, language, bytes) = match lang {
        "sv" => (&SV, Language::Swedish, SWEDISH),
        "en" => (&EN, Language::EnglishGB, ENGLISH),
        _ => return None,
    };
    cell.get_or_init(|| Standard::from_reader(language, &mut &bytes[..]).ok()).as_ref()
}

/// `text` with soft hyphens in its long words, by the rules of `lang`
/// (`sv` or `en`); unchanged for any other language.
pub(super) fn soft_hyphens(text: &str, lang: &str) -> String {
    let Some(dict) = dictionary(lang) else { return text.to_string() };
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(start) = rest.find(char::is_alphabetic) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        let word = &rest[..end];
        if word.chars().count() >= MIN_CHARS {
            let breaks = dict.hyphenate(word).breaks;
            let mut from = 0;
            for at in breaks {
                out.push_str(&word[from..at]);
                out.push('\u{AD}');
                from = at;
            }
            out.push_str(&word[from..]);
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::soft_hyphens;

    #[test]
    fn long_swedish_words_break_at_swedish_hyphenation_points() {
        let out = soft_hyphens("Tillgänglighetsredogörelse", "sv");
        assert_eq!(out.replace('\u{AD}', ""), "Tillgänglighetsredogörelse");
        // At the compound's seam, among the syllable points the Swedish patterns give.
        assert!(out.contains("hets\u{AD}re"), "{out:?}");
        assert_eq!(
            soft_hyphens("Skarpnäcks stadsdelsnämnd: ett svar.", "sv").replace('\u{AD}', ""),
            "Skarpnäcks stadsdelsnämnd: ett svar."
        );
    }

    #[test]
    fn both_dictionaries_load() {
        assert!(super::dictionary("sv").is_some());
        assert!(super::dictionary("en").is_some());
    }

    #[test]
    fn short_words_and_unknown_languages_are_left_alone() {
        assert_eq!(soft_hyphens("Ett kort svar, 2023:67", "sv"), "Ett kort svar, 2023:67");
        assert_eq!(soft_hyphens("Tillgänglighetsredogörelse", "fi"), "Tillgänglighetsredogörelse");
        assert!(soft_hyphens("internationalization", "en").contains('\u{AD}'));
    }
}
