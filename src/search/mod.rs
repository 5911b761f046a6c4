//! The client-side search index under `sok/`, in the format of
//! `docs/search.md`: one document per page (and per proposal), BM25F
//! impacts precomputed per key, term shards cut by key range, postings
//! best-first with long tails in separate files, metadata in chunks.

mod documents;
pub mod text;

use crate::model::{Site, paths};
use crate::output::{Emit, StageError};
use crate::theme::Theme;
use documents::{Labels, SearchDoc};
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Mutex;

use text::Decompounder;

/// Postings kept in a term shard; the rest go to a tail file.
const HEAD: usize = 1024;
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
pub fn write(site: &Site, theme: &Theme, emit: &dyn Emit) -> Result<(), StageError> {
    let mut batches = Vec::new();
    let (docs, labels) = documents::collect(site, theme, &mut |chunk| {
        batches.par_extend(chunk.par_chunks_mut(DOC_BATCH).map(tokenise));
    });
    let postings = score_batches(batches, docs.len());
    Ok(write_files(site, &docs, &labels, postings, emit)?)
}

/// (key, document frequency, (doc, quantised impact) best first), sorted
/// by key in JavaScript order.
type Postings = Vec<(String, usize, Vec<(u32, u8)>)>;

/// A key's code, document frequency and postings, before it has a name.
type Scored = (u64, usize, Vec<(u32, u8)>);

/// Documents per unit of parallel work; fixed, so that nothing depends on
/// the number of threads.
const DOC_BATCH: usize = 64;
const _: () = assert!(documents::CHUNK.is_multiple_of(DOC_BATCH), "chunks are made of whole batches");
/// Keys are grouped into this many partitions, each behind its own lock.
const PARTITIONS: usize = 64;
/// No key, for the optional keys of a word.
const NONE: u32 = u32::MAX;
/// Key codes: a key made from words (key, exact, definite or compound part)
/// is its id, a special token `SPECIAL | id`, a phrase `PAIR | first << 32 | second`.
const SPECIAL: u64 = 1 << 62;
const PAIR: u64 = 1 << 63;

/// FxHash (`rustc-hash`): the keys here are short and not chosen by an
/// attacker, and the default SipHash costs more than the rest of a lookup.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Strings numbered in order of first sight.
#[derive(Default)]
struct Interner {
    ids: FxMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(s.to_string(), id);
        self.names.push(s.to_string());
        id
    }
}

/// One field of a document as tokens: ids in its batch's interners.
#[derive(Default)]
struct FieldTokens {
    specials: Vec<u32>,
    words: Vec<u32>,
}

/// The documents of one batch, tokenised once: each distinct word is
/// stemmed, folded and split once for the whole corpus, not per occurrence.
struct Batch {
    words: Interner,
    specials: Interner,
    docs: Vec<[FieldTokens; 4]>,
}

/// Takes the text out of the documents as it goes: the tokens are smaller,
/// and the text is not needed again.
fn tokenise(docs: &mut [SearchDoc]) -> Batch {
    let mut batch = Batch { words: Interner::default(), specials: Interner::default(), docs: Vec::new() };
    for doc in docs {
        let fields = std::array::from_fn(|f| {
            let lower = text::normalise(&std::mem::take(&mut doc.fields[f]));
            FieldTokens {
                specials: text::special_keys(&lower).iter().map(|k| batch.specials.id(k)).collect(),
                words: text::split_words(&lower).map(|w| batch.words.id(w)).collect(),
            }
        });
        batch.docs.push(fields);
    }
    batch
}

/// What a distinct word contributes: its key ids (`NONE` when absent).
struct WordKeys {
    stop: bool,
    key: u32,
    exact: u32,
    definite: u32,
    /// Compound parts other than the key itself, each indexed at half weight.
    parts: Vec<u32>,
}

/// Term frequencies of a (key, document) in halves (compound parts count
/// ½), which keeps a posting at 8 bytes: there are tens of millions at
/// national scale. A count too large for `u8` (a word more than 127 times
/// in one field, which is rare) is marked `u8::MAX` and kept exactly aside.
type Halves = [u8; 4];

/// Per partition: key code → (doc, frequencies).
type Grouped = FxMap<u64, Vec<(u32, Halves)>>;

fn partition(code: u64) -> usize {
    let mut h = rustc_hash::FxHasher::default();
    std::hash::Hasher::write_u64(&mut h, code);
    (std::hash::Hasher::finish(&h) >> 58) as usize % PARTITIONS
}

#[cfg(test)]
fn score(docs: &mut [SearchDoc]) -> Postings {
    // 1. Tokenise every document, in parallel batches.
    let batches: Vec<Batch> = docs.par_chunks_mut(DOC_BATCH).map(tokenise).collect();
    score_batches(batches, docs.len())
}

/// The postings of the documents tokenised in `batches` ([`DOC_BATCH`]
/// documents each, in order), `count` in all.
fn score_batches(mut batches: Vec<Batch>, count: usize) -> Postings {
    let (words, specials, maps) = intern(&mut batches);
    let (infos, keys) = analyse(words);
    let (groups, overflow, lengths) = frequencies(batches, maps, &infos);
    drop(infos);
    let mut scored = bm25f(groups, &overflow, &lengths, count);
    drop_redundant(&mut scored, &keys);
    named(scored, &keys, &specials)
}

/// Each batch's word and special-token ids, as ids of the whole corpus.
type IdMaps = Vec<(Vec<u32>, Vec<u32>)>;

/// The corpus's distinct words and special tokens; each batch maps its
/// own ids to these.
fn intern(batches: &mut [Batch]) -> (Interner, Interner, IdMaps) {
    let mut words = Interner::default();
    let mut specials = Interner::default();
    let maps: Vec<(Vec<u32>, Vec<u32>)> = batches
        .iter_mut()
        .map(|b| {
            let w = b.words.names.iter().map(|s| words.id(s)).collect();
            let s = b.specials.names.iter().map(|s| specials.id(s)).collect();
            b.words = Interner::default();
            b.specials = Interner::default();
            (w, s)
        })
        .collect();
    words.ids = FxMap::default();
    (words, specials, maps)
}

/// Each distinct word once: stem and fold, the vocabulary of words seen
/// on their own, then compounds split against it.
fn analyse(words: Interner) -> (Vec<WordKeys>, Interner) {
    let analysed: Vec<Option<text::Word>> = words.names.par_iter().map(|w| text::word(w)).collect();
    let vocabulary: HashSet<String> = analysed
        .iter()
        .flatten()
        .filter(|w| w.key.chars().count() >= 3 && !w.key.chars().any(char::is_numeric))
        .map(|w| w.key.clone())
        .collect();
    let splitter = Decompounder { vocabulary: &vocabulary };
    let extra: Vec<(Vec<String>, Option<String>)> = analysed
        .par_iter()
        .map(|w| w.as_ref().map_or_else(Default::default, |w| (splitter.parts(&w.word), text::definite_an_key(w))))
        .collect();
    let mut keys = Interner::default();
    let infos: Vec<WordKeys> = analysed
        .iter()
        .zip(extra)
        .map(|(w, (parts, definite))| match w {
            None => WordKeys { stop: true, key: NONE, exact: NONE, definite: NONE, parts: Vec::new() },
            Some(w) => WordKeys {
                stop: false,
                key: keys.id(&w.key),
                exact: w.exact.as_deref().map_or(NONE, |e| keys.id(e)),
                definite: definite.as_deref().map_or(NONE, |d| keys.id(d)),
                parts: parts.iter().filter(|p| **p != w.key).map(|p| keys.id(p)).collect(),
            },
        })
        .collect();
    drop(analysed);
    assert!(keys.names.len() < 1 << 31, "too many distinct keys");
    (infos, keys)
}

/// Per key, quantised term frequencies by partition ([`partition`]); the
/// frequencies too large for [`Halves`]; and each document's field lengths.
type Frequencies = (Vec<Mutex<Grouped>>, FxMap<(u64, u32), [f32; 4]>, Vec<[f32; 4]>);

/// Term frequencies per document, in parallel, grouped by key.
fn frequencies(batches: Vec<Batch>, maps: IdMaps, infos: &[WordKeys]) -> Frequencies {
    let groups: Vec<Mutex<Grouped>> = (0..PARTITIONS).map(|_| Mutex::default()).collect();
    let overflow: Mutex<FxMap<(u64, u32), [f32; 4]>> = Mutex::default();
    let lengths: Vec<Vec<[f32; 4]>> = batches
        .into_par_iter()
        .zip(maps)
        .enumerate()
        .map(|(b, (batch, (word_ids, special_ids)))| {
            let mut buckets: Vec<Vec<(u64, u32, Halves)>> = vec![Vec::new(); PARTITIONS];
            let mut lengths = Vec::with_capacity(batch.docs.len());
            let mut tf: FxMap<u64, [f32; 4]> = FxMap::default();
            for (d, fields) in batch.docs.into_iter().enumerate() {
                let doc = (b * DOC_BATCH + d) as u32;
                let mut length = [0.0f32; 4];
                for (f, field) in fields.iter().enumerate() {
                    let mut add = |code: u64, w: f32| tf.entry(code).or_default()[f] += w;
                    for s in &field.specials {
                        add(SPECIAL | u64::from(special_ids[*s as usize]), 1.0);
                    }
                    let pair = |p: u32, k: u32| PAIR | u64::from(p) << 32 | u64::from(k);
                    let mut previous: Option<u32> = None;
                    for w in &field.words {
                        let info = &infos[word_ids[*w as usize] as usize];
                        if info.stop {
                            previous = None;
                            continue;
                        }
                        length[f] += 1.0;
                        if let Some(p) = previous {
                            add(pair(p, info.key), 1.0);
                        }
                        if info.exact != NONE {
                            add(u64::from(info.exact), 1.0);
                        }
                        if info.definite != NONE {
                            if let Some(p) = previous {
                                add(pair(p, info.definite), 1.0);
                            }
                            add(u64::from(info.definite), 1.0);
                        }
                        for part in &info.parts {
                            add(u64::from(*part), 0.5);
                        }
                        add(u64::from(info.key), 1.0);
                        previous = Some(info.key);
                    }
                }
                for (code, per_field) in tf.drain() {
                    let halves = per_field.map(|x| x * 2.0);
                    let entry = if halves.iter().all(|h| *h < f32::from(u8::MAX)) {
                        halves.map(|h| h as u8)
                    } else {
                        overflow.lock().unwrap_or_else(|e| e.into_inner()).insert((code, doc), per_field);
                        [u8::MAX; 4]
                    };
                    buckets[partition(code)].push((code, doc, entry));
                }
                lengths.push(length);
            }
            for (p, bucket) in buckets.into_iter().enumerate() {
                let mut group = groups[p].lock().unwrap_or_else(|e| e.into_inner());
                for (code, doc, halves) in bucket {
                    group.entry(code).or_default().push((doc, halves));
                }
            }
            lengths
        })
        .collect();
    let overflow = overflow.into_inner().unwrap_or_else(|e| e.into_inner());
    let lengths: Vec<[f32; 4]> = lengths.into_iter().flatten().collect();
    (groups, overflow, lengths)
}

/// BM25F: each field's frequency is normalised by that field's length,
/// then the weighted sum saturates once.
fn bm25f(
    groups: Vec<Mutex<Grouped>>,
    overflow: &FxMap<(u64, u32), [f32; 4]>,
    lengths: &[[f32; 4]],
    count: usize,
) -> Vec<Scored> {
    let n = count as f64;
    let mut avg = [0.0f64; 4];
    for l in lengths {
        for f in 0..4 {
            avg[f] += f64::from(l[f]) / n.max(1.0);
        }
    }
    let norms: Vec<[f64; 4]> =
        lengths.iter().map(|l| std::array::from_fn(|f| 1.0 - B + B * f64::from(l[f]) / avg[f].max(1e-9))).collect();
    let impact = |code: u64, df: usize, doc: u32, halves: &Halves| -> f64 {
        let per_field: [f64; 4] = if halves[0] == u8::MAX {
            overflow[&(code, doc)].map(f64::from)
        } else {
            halves.map(|h| f64::from(h) * 0.5)
        };
        let norms = &norms[doc as usize];
        let weighted: f64 = (0..4).map(|f| WEIGHTS[f] * per_field[f] / norms[f].max(1e-9)).sum();
        let d = df as f64;
        let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
        idf * weighted * (K1 + 1.0) / (weighted + K1)
    };
    let groups: Vec<Grouped> = groups.into_iter().map(|g| g.into_inner().unwrap_or_else(|e| e.into_inner())).collect();
    let max = groups
        .par_iter()
        .flat_map_iter(|g| g.iter())
        .map(|(code, list)| list.iter().map(|(doc, h)| impact(*code, list.len(), *doc, h)).fold(0.0, f64::max))
        .reduce(|| 0.0, f64::max);
    let common = common_threshold(count);
    let scored: Vec<Scored> = groups
        .into_par_iter()
        .flat_map_iter(|g| g.into_iter())
        .map(|(code, list)| {
            let df = list.len();
            let mut q: Vec<(u32, u8)> = list
                .iter()
                .map(|(doc, h)| (*doc, ((impact(code, df, *doc, h) / max * 255.0).round() as u8).max(1)))
                .collect();
            q.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            // A key in more than one document in twenty carries little
            // information: keep its best postings only (the client then
            // treats it as optional in AND queries).
            if df > common {
                q.truncate(COMMON_KEEP);
                q.shrink_to_fit();
            }
            (code, df, q)
        })
        .collect();
    scored
}

/// An exact key (`=nämnd`) that lists the same documents with the same
/// impacts as its folded key (`namnd`) can change no ranking: leave it out.
fn drop_redundant(scored: &mut Vec<Scored>, keys: &Interner) {
    let word_keys: FxMap<u64, usize> =
        scored.iter().enumerate().filter(|(_, (code, _, _))| *code < SPECIAL).map(|(i, (c, _, _))| (*c, i)).collect();
    let redundant: HashSet<usize> = scored
        .iter()
        .enumerate()
        .filter_map(|(i, (code, _, list))| {
            let stem = keys.names.get(*code as usize).filter(|_| *code < SPECIAL)?.strip_prefix('=')?;
            let folded = *keys.ids.get(&text::fold(stem))?;
            let other = &scored[*word_keys.get(&u64::from(folded))?].2;
            (other == list).then_some(i)
        })
        .collect();
    let mut i = 0;
    scored.retain(|_| {
        i += 1;
        !redundant.contains(&(i - 1))
    });
}

/// Names, in the order of the shards.
fn named(scored: Vec<Scored>, keys: &Interner, specials: &Interner) -> Postings {
    let name = |code: u64| -> String {
        if code & PAIR != 0 {
            let (p, k) = ((code >> 32) as u32 & !(1 << 31), code as u32);
            format!("_{}_{}", keys.names[p as usize], keys.names[k as usize])
        } else if code & SPECIAL != 0 {
            specials.names[(code & !SPECIAL) as usize].clone()
        } else {
            keys.names[code as usize].clone()
        }
    };
    let mut postings: Postings = scored.into_par_iter().map(|(code, df, q)| (name(code), df, q)).collect();
    sort_js(&mut postings);
    postings
}

/// Sorts keys in JavaScript order. UTF-8 byte order is the same as UTF-16
/// order unless a key has a character from U+E000 (lead byte 0xEE and
/// up), so the cheap comparison does unless such a key is there.
fn sort_js(postings: &mut Postings) {
    if postings.iter().any(|(k, _, _)| k.bytes().any(|b| b >= 0xEE)) {
        postings.par_sort_by(|a, b| js_order(&a.0, &b.0));
    } else {
        postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
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
    use std::fmt::Write;
    let mut out = String::with_capacity(list.len() * 9);
    for (i, (d, s)) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{d},{s}");
    }
    out
}

/// Writes the index files into `emit`, each as soon as it is done.
fn write_files(
    site: &Site,
    docs: &[SearchDoc],
    labels: &Labels,
    postings: Postings,
    emit: &dyn Emit,
) -> std::io::Result<()> {
    // The JSON of every key's postings, in parallel; the cuts into shards
    // and tail files below are sequential, but only copy bytes.
    let pieces: Vec<(String, usize, String, Option<String>)> = postings
        .into_par_iter()
        .map(|(key, df, list)| {
            let head = postings_json(&list[..list.len().min(HEAD)]);
            let tail = (list.len() > HEAD).then(|| postings_json(&list[HEAD..]));
            (json(&key), df, head, tail)
        })
        .collect();

    // Tail files, filled as keys overflow.
    let mut tails: Vec<String> = Vec::new();
    let mut tail = String::new();
    let mut shards: Vec<(String, String)> = Vec::new();
    let mut shard = String::new();
    let mut first = String::new();
    let mut entry = String::new();
    for (key, df, head, rest) in pieces {
        let tail_index = if let Some(rest) = rest {
            if tail.len() > TAIL_BYTES {
                tails.push(std::mem::take(&mut tail));
            }
            if !tail.is_empty() {
                tail.push(',');
            }
            for s in [key.as_str(), ":[", &rest, "]"] {
                tail.push_str(s);
            }
            tails.len() as i64
        } else {
            -1
        };
        entry.clear();
        {
            use std::fmt::Write;
            let _ = write!(entry, "{key}:[{df},{tail_index},{head}]");
        }
        if !shard.is_empty() && shard.len() + entry.len() > SHARD_BYTES {
            shards.push((std::mem::take(&mut first), std::mem::take(&mut shard)));
        }
        if shard.is_empty() {
            first = serde_json::from_str(&key).unwrap_or_default();
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
    let meta_files = docs.len().div_ceil(CHUNK);
    let metas: Vec<String> = docs
        .par_chunks(CHUNK)
        .map(|chunk| {
            let rows: Vec<serde_json::Value> = chunk.iter().map(SearchDoc::meta).collect();
            serde_json::to_string(&rows).unwrap_or_default()
        })
        .collect();
    let mut hasher = Fnv::default();
    let mut firsts = Vec::new();
    for (i, (first, body)) in shards.into_iter().enumerate() {
        let content = format!("{{{body}}}");
        hasher.write(content.as_bytes());
        emit.put(format!("{}t{i}.json", paths::SEARCH), content.into_bytes())?;
        firsts.push(first);
    }
    for (i, body) in tails.into_iter().enumerate() {
        let content = format!("{{{body}}}");
        hasher.write(content.as_bytes());
        emit.put(format!("{}p{i}.json", paths::SEARCH), content.into_bytes())?;
    }
    for (i, content) in metas.into_iter().enumerate() {
        hasher.write(content.as_bytes());
        emit.put(format!("{}m{i}.json", paths::SEARCH), content.into_bytes())?;
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
    emit.put(format!("{}index.json", paths::SEARCH), serde_json::to_string(&manifest).unwrap_or_default().into_bytes())
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

    type ByKey = std::collections::BTreeMap<String, (usize, Vec<(u32, u8)>)>;

    fn by_key(postings: Postings) -> ByKey {
        postings.into_iter().map(|(k, df, list)| (k, (df, list))).collect()
    }

    fn impacts(postings: &ByKey, key: &str) -> Vec<(u32, u8)> {
        postings.get(key).map(|(_, list)| list.clone()).unwrap_or_default()
    }

    #[test]
    fn title_matches_outrank_text_matches_and_postings_are_best_first() {
        let long_text = "ord ".repeat(200) + "tfco";
        let mut docs = vec![
            SearchDoc::with_fields(["Något annat", "", "", &long_text]),
            SearchDoc::with_fields(["TFCO-team i staden", "", "", "kort text"]),
            SearchDoc::with_fields(["Tredje", "", "TFCO nämns i sammanfattningen", ""]),
        ];
        let postings = by_key(score(&mut docs));
        let tfco = impacts(&postings, "tfco");
        let order: Vec<u32> = tfco.iter().map(|(d, _)| *d).collect();
        assert_eq!(order, vec![1, 2, 0], "title, then summary, then text: {tfco:?}");
        assert!(tfco.windows(2).all(|w| w[0].1 >= w[1].1));
    }

    #[test]
    fn phrases_compounds_and_exact_forms_are_indexed() {
        let mut docs = vec![
            SearchDoc::with_fields(["Socialnämnden", "", "Psykisk ohälsa bland barn", ""]),
            SearchDoc::with_fields(["Skarpnäcks stadsdelsnämnd", "", "", ""]),
            SearchDoc::with_fields(["Nämnden", "", "Barnens ohälsan", ""]),
        ];
        let postings = by_key(score(&mut docs));
        assert_eq!(impacts(&postings, "_psykisk_ohals").len(), 1);
        assert!(!postings.contains_key("=socialnämnd"), "same postings as socialnamnd: left out");
        let namnd: Vec<u32> = impacts(&postings, "namnd").iter().map(|(d, _)| *d).collect();
        assert_eq!(namnd.len(), 3, "nämnd is found in the compounds too: {namnd:?}");
        assert_eq!(namnd[0], 2, "the word itself ranks above its part in compounds");
        assert_eq!(impacts(&postings, "ohals").len(), 2, "ohälsan is also indexed as ohälsa");
    }

    #[test]
    fn common_keys_keep_only_their_best_postings() {
        let mut docs: Vec<SearchDoc> =
            (0..COMMON_KEEP + 10).map(|_| SearchDoc::with_fields(["barn", "", "", ""])).collect();
        let postings = by_key(score(&mut docs));
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
