//! The shared test vectors of the text pipeline (`tests/search/vectors.json`):
//! Rust must produce exactly what the file says, and `node --test
//! tests/js/` checks the browser's `search.js` against the same file.
//! Regenerate after a deliberate change with
//! `REMISS_WRITE_VECTORS=1 cargo test --test suite search_vectors`.

use remiss::search::text;
use std::collections::BTreeSet;

/// Texts whose keys both sides must agree on: the queries and the
/// edge cases of the pipeline.
const TEXTS: &[&str] = &[
    "socialnämnden",
    "socialnamnden",
    "Socialnämnden",
    "barnen",
    "barn barns barnens",
    "TFCO",
    "TFCO-team",
    "Henrietta Ludwig",
    "nämnd",
    "SOU 2022:67",
    "2022:67",
    "sou 2022:67",
    "(SOU 2022:67)",
    "Dir. 2020:32",
    "Prop. 2023/24:1",
    "Ds 2023:4",
    "Skr. 2023/24:68",
    "dnr KS 2023/99-1.1",
    "KS 2021/1622",
    "\"psykisk ohälsa\"",
    "ohälsa ohälsan",
    "Spånga-Tensta stadsdelsnämnd",
    "Skarpnäcks stadsdelsnämnd",
    "Södermalms stadsdelsförvaltning",
    "får far",
    "Ångermanälven Öland Émile",
    "och i att det som en på",
    "18-21 år",
    "mål 3.6",
    "mål 4.2 och avsnitt 3.1.2.",
    "v4.2 .5 1.2.3",
    "förordning (EU) nr 1253/2011",
    "kl. 10.30",
    "e\u{301}n café",
    "Ärendet har remitterats till stadsledningskontoret, socialnämnden, utbildningsnämnden.",
    "Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag.",
    "",
    "   ",
    "qxzvbnm",
];

fn words_of_content() -> Vec<String> {
    let root = crate::common::repo().join("content");
    let mut words = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let t = text::normalise(&std::fs::read_to_string(entry.path()).unwrap());
            for w in t.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 2) {
                words.insert(w.to_string());
            }
        }
    }
    words.into_iter().collect()
}

fn vectors() -> serde_json::Value {
    let stems: Vec<(String, String)> =
        words_of_content().into_iter().map(|w| (text::stem(&w), w)).map(|(s, w)| (w, s)).collect();
    let tokens: Vec<serde_json::Value> =
        TEXTS.iter().map(|t| serde_json::json!({ "text": t, "keys": text::keys(t) })).collect();
    serde_json::json!({
        "stopwords": text::STOPWORDS,
        "stems": stems,
        "tokens": tokens,
    })
}

#[test]
fn search_vectors_match_the_rust_pipeline() {
    let path = crate::common::repo().join("tests/search/vectors.json");
    let expected = vectors();
    if std::env::var_os("REMISS_WRITE_VECTORS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&expected).unwrap() + "\n").unwrap();
    }
    let committed: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(committed["stems"].as_array().unwrap().len() > 1500, "vectors cover the seed's vocabulary");
    for (a, b) in committed["tokens"].as_array().unwrap().iter().zip(expected["tokens"].as_array().unwrap()) {
        assert_eq!(a, b);
    }
    assert_eq!(committed, expected, "regenerate with REMISS_WRITE_VECTORS=1 after a deliberate change");
}
