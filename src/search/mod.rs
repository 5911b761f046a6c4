//! The client-side search index under `sok/`, in the format of
//! `docs/search.md`: one document per page (and per proposal), BM25F
//! impacts precomputed per key, term shards cut by key range, postings
//! best-first with long tails in separate files, metadata in chunks.

mod documents;
pub mod text;

use crate::model::Site;
use crate::output::OutputFile;
use crate::render::Theme;
use documents::{Labels, SearchDoc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use text::Decompounder;

/// Postings kept in a term shard; the rest go to a tail file.
const HEAD: usize = 64;
/// Documents per metadata file.
const CHUNK: usize = 32;
/// Target size of a term shard or tail file, in bytes of JSON.
const SHARD_BYTES: usize = 32 * 1024;
/// Target size of a tail file: tails are fetched only for more results.
const TAIL_BYTES: usize = 64 * 1024;
/// Postings kept for a key found in more than 5 % of documents.
const COMMON_KEEP: usize = 1000;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Field weights: title, designation, summary, text.
const WEIGHTS: [f64; 4] = [4.0, 4.0, 2.0, 1.0];

/// Writes every file of the search index.
pub fn render(site: &Site, theme: &Theme) -> Vec<OutputFile> {
    let (docs, labels) = documents::collect(site, theme);
    let postings = score(&docs);
    write(site, &docs, &labels, postings)
}

/// Key → (document frequency, (doc, quantised impact) best first).
type Postings = BTreeMap<String, (usize, Vec<(u32, u8)>)>;

fn score(docs: &[SearchDoc]) -> Postings {
    // The vocabulary for splitting compounds: keys of words seen on their own.
    let mut vocabulary = BTreeSet::new();
    for doc in docs {
        for field in &doc.fields {
            for w in text::words(&text::normalise(field)).into_iter().flatten() {
                if w.key.chars().count() >= 3 && !w.key.chars().any(char::is_numeric) {
                    vocabulary.insert(w.key);
                }
            }
        }
    }
    let splitter = Decompounder { vocabulary: &vocabulary };
    let mut compound_cache: HashMap<String, Vec<String>> = HashMap::new();

    // Keys are interned: per-document term frequencies are then small
    // vectors of (key id, weight) instead of maps of strings.
    let mut interner: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut intern = |key: String| -> u32 {
        *interner.entry(key).or_insert_with_key(|k| {
            names.push(k.clone());
            (names.len() - 1) as u32
        })
    };
    // Per document: (key id, term frequency in each field), and field lengths.
    let mut tfs: Vec<Vec<(u32, [f32; 4])>> = Vec::with_capacity(docs.len());
    let mut lengths: Vec<[f32; 4]> = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut tf: HashMap<u32, [f32; 4]> = HashMap::new();
        let mut length = [0.0f32; 4];
        for (f, field) in doc.fields.iter().enumerate() {
            let mut add = |key: String, w: f32| tf.entry(intern(key)).or_default()[f] += w;
            let lower = text::normalise(field);
            for key in text::special_keys(&lower) {
                add(key, 1.0);
            }
            let mut previous: Option<String> = None;
            for word in text::words(&lower) {
                let Some(w) = word else {
                    previous = None;
                    continue;
                };
                length[f] += 1.0;
                if let Some(p) = &previous {
                    add(format!("_{p}_{}", w.key), 1.0);
                }
                if let Some(exact) = &w.exact {
                    add(exact.clone(), 1.0);
                }
                if let Some(definite) = text::definite_an_key(&w) {
                    if let Some(p) = &previous {
                        add(format!("_{p}_{definite}"), 1.0);
                    }
                    add(definite, 1.0);
                }
                let parts = compound_cache.entry(w.word.clone()).or_insert_with(|| splitter.parts(&w.word));
                for part in parts.iter() {
                    if part != &w.key {
                        add(part.clone(), 0.5);
                    }
                }
                add(w.key.clone(), 1.0);
                previous = Some(w.key);
            }
        }
        let mut tf: Vec<(u32, [f32; 4])> = tf.into_iter().collect();
        tf.sort_by_key(|(k, _)| *k);
        tfs.push(tf);
        lengths.push(length);
    }
    let n = docs.len() as f64;
    let mut avg = [0.0f64; 4];
    for l in &lengths {
        for f in 0..4 {
            avg[f] += f64::from(l[f]) / n.max(1.0);
        }
    }
    let mut df: Vec<usize> = vec![0; names.len()];
    for tf in &tfs {
        for (key, _) in tf {
            df[*key as usize] += 1;
        }
    }
    // BM25F: each field's frequency is normalised by that field's length,
    // then the weighted sum saturates once.
    let mut raw: Vec<Vec<(u32, f64)>> = vec![Vec::new(); names.len()];
    let mut max: f64 = 0.0;
    for (doc, tf) in tfs.into_iter().enumerate() {
        let norms: Vec<f64> = (0..4).map(|f| 1.0 - B + B * f64::from(lengths[doc][f]) / avg[f].max(1e-9)).collect();
        for (key, per_field) in tf {
            let weighted: f64 = (0..4).map(|f| WEIGHTS[f] * f64::from(per_field[f]) / norms[f].max(1e-9)).sum();
            let d = df[key as usize] as f64;
            let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
            let impact = idf * weighted * (K1 + 1.0) / (weighted + K1);
            max = max.max(impact);
            raw[key as usize].push((doc as u32, impact));
        }
    }
    let common = common_threshold(docs.len());
    let postings: Postings = names
        .into_iter()
        .zip(raw)
        .map(|(key, list)| {
            let df = list.len();
            let mut q: Vec<(u32, u8)> =
                list.into_iter().map(|(d, i)| (d, ((i / max * 255.0).round() as u8).max(1))).collect();
            q.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            // A key in more than one document in twenty carries little
            // information: keep its best postings only (the client then
            // treats it as optional in AND queries).
            if df > common {
                q.truncate(COMMON_KEEP);
            }
            (key, (df, q))
        })
        .collect();
    drop_redundant_exact_keys(postings)
}

/// An exact key (`=nämnd`) that lists the same documents with the same
/// impacts as its folded key (`namnd`) can change no ranking: leave it out.
fn drop_redundant_exact_keys(mut postings: Postings) -> Postings {
    let redundant: Vec<String> = postings
        .iter()
        .filter(|(key, (_, list))| {
            key.strip_prefix('=').is_some_and(|stem| postings.get(&text::fold(stem)).is_some_and(|(_, f)| f == list))
        })
        .map(|(key, _)| key.clone())
        .collect();
    for key in redundant {
        postings.remove(&key);
    }
    postings
}

/// Keys in more documents than this keep only their best postings.
fn common_threshold(docs: usize) -> usize {
    (docs / 20).max(COMMON_KEEP)
}

/// JavaScript compares strings by UTF-16 code units; shard boundaries must
/// agree with that order.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn postings_json(list: &[(u32, u8)]) -> String {
    let mut out = String::new();
    for (i, (d, s)) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("{d},{s}"));
    }
    out
}

fn write(site: &Site, docs: &[SearchDoc], labels: &Labels, postings: Postings) -> Vec<OutputFile> {
    let mut keys: Vec<_> = postings.iter().collect();
    keys.sort_by(|a, b| js_order(a.0, b.0));

    let mut files: Vec<OutputFile> = Vec::new();
    // Tail files, filled as keys overflow.
    let mut tails: Vec<String> = Vec::new();
    let mut tail = String::new();
    let mut shards: Vec<(String, String)> = Vec::new();
    let mut shard = String::new();
    let mut first = String::new();
    for (key, (df, list)) in keys {
        let tail_index = if list.len() > HEAD {
            if tail.len() > TAIL_BYTES {
                tails.push(std::mem::take(&mut tail));
            }
            if !tail.is_empty() {
                tail.push(',');
            }
            tail.push_str(&format!("{}:[{}]", json(key), postings_json(&list[HEAD..])));
            tails.len() as i64
        } else {
            -1
        };
        let entry = format!("{}:[{},{},{}]", json(key), df, tail_index, postings_json(&list[..list.len().min(HEAD)]));
        if !shard.is_empty() && shard.len() + entry.len() > SHARD_BYTES {
            shards.push((std::mem::take(&mut first), std::mem::take(&mut shard)));
        }
        if shard.is_empty() {
            first = key.clone();
        } else {
            shard.push(',');
        }
        shard.push_str(&entry);
    }
    if !shard.is_empty() {
        shards.push((first, shard));
    }
    if !tail.is_empty() {
        tails.push(tail);
    }
    let mut hasher = Fnv::default();
    let mut firsts = Vec::new();
    for (i, (first, body)) in shards.into_iter().enumerate() {
        let content = format!("{{{body}}}");
        hasher.write(content.as_bytes());
        files.push((format!("sok/t{i}.json"), content.into_bytes()));
        firsts.push(first);
    }
    for (i, body) in tails.into_iter().enumerate() {
        let content = format!("{{{body}}}");
        hasher.write(content.as_bytes());
        files.push((format!("sok/p{i}.json"), content.into_bytes()));
    }
    let meta_files = docs.len().div_ceil(CHUNK);
    for (i, chunk) in docs.chunks(CHUNK).enumerate() {
        let rows: Vec<serde_json::Value> = chunk.iter().map(SearchDoc::meta).collect();
        let content = serde_json::to_string(&rows).unwrap_or_default();
        hasher.write(content.as_bytes());
        files.push((format!("sok/m{i}.json"), content.into_bytes()));
    }
    let manifest = serde_json::json!({
        "version": 1,
        "build": format!("{:016x}", hasher.0),
        "lang": site.config.language,
        "docs": docs.len(),
        "chunk": CHUNK,
        "common": common_threshold(docs.len()),
        "metaFiles": meta_files,
        "shards": firsts,
        "types": documents::TYPES,
        "typeLabels": labels.types,
        "bodies": labels.bodies,
        "parties": labels.parties,
        "partyNames": labels.party_names,
        "stances": labels.stances,
        "stanceLabels": labels.stance_labels,
        "years": labels.years,
    });
    files.push(("sok/index.json".into(), serde_json::to_string(&manifest).unwrap_or_default().into_bytes()));
    files
}

/// FNV-1a: a small, stable hash for the cache-busting build id.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn impacts(postings: &Postings, key: &str) -> Vec<(u32, u8)> {
        postings.get(key).map(|(_, list)| list.clone()).unwrap_or_default()
    }

    #[test]
    fn title_matches_outrank_text_matches_and_postings_are_best_first() {
        let long_text = "ord ".repeat(200) + "tfco";
        let docs = vec![
            SearchDoc::with_fields(["Något annat", "", "", &long_text]),
            SearchDoc::with_fields(["TFCO-team i staden", "", "", "kort text"]),
            SearchDoc::with_fields(["Tredje", "", "TFCO nämns i sammanfattningen", ""]),
        ];
        let postings = score(&docs);
        let tfco = impacts(&postings, "tfco");
        let order: Vec<u32> = tfco.iter().map(|(d, _)| *d).collect();
        assert_eq!(order, vec![1, 2, 0], "title, then summary, then text: {tfco:?}");
        assert!(tfco.windows(2).all(|w| w[0].1 >= w[1].1));
    }

    #[test]
    fn phrases_compounds_and_exact_forms_are_indexed() {
        let docs = vec![
            SearchDoc::with_fields(["Socialnämnden", "", "Psykisk ohälsa bland barn", ""]),
            SearchDoc::with_fields(["Skarpnäcks stadsdelsnämnd", "", "", ""]),
            SearchDoc::with_fields(["Nämnden", "", "Barnens ohälsan", ""]),
        ];
        let postings = score(&docs);
        assert_eq!(impacts(&postings, "_psykisk_ohals").len(), 1);
        assert!(!postings.contains_key("=socialnämnd"), "same postings as socialnamnd: left out");
        let namnd: Vec<u32> = impacts(&postings, "namnd").iter().map(|(d, _)| *d).collect();
        assert_eq!(namnd.len(), 3, "nämnd is found in the compounds too: {namnd:?}");
        assert_eq!(namnd[0], 2, "the word itself ranks above its part in compounds");
        assert_eq!(impacts(&postings, "ohals").len(), 2, "ohälsan is also indexed as ohälsa");
    }

    #[test]
    fn common_keys_keep_only_their_best_postings() {
        let docs: Vec<SearchDoc> =
            (0..COMMON_KEEP + 10).map(|_| SearchDoc::with_fields(["barn", "", "", ""])).collect();
        let postings = score(&docs);
        let (df, list) = &postings["barn"];
        assert_eq!(*df, COMMON_KEEP + 10);
        assert_eq!(list.len(), COMMON_KEEP);
    }

    #[test]
    fn shard_order_is_javascript_order() {
        assert_eq!(js_order("a", "b"), std::cmp::Ordering::Less);
        // A character above U+FFFF is a surrogate pair (0xD83D...) in UTF-16, below U+FF21.
        assert_eq!(js_order("\u{1F600}", "\u{FF21}"), std::cmp::Ordering::Less);
    }
}
