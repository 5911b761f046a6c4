//! Whole-site properties: determinism and link integrity.

use crate::common::{build_into, corpus, repo, scratch, seed};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn read_tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn two_builds_are_byte_identical() {
    let a = scratch("det-a").join("public");
    let b = scratch("det-b").join("public");
    build_into(&repo().join("content"), &a, "2023-05-01").unwrap();
    build_into(&repo().join("content"), &b, "2023-05-01").unwrap();
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert!(ta.len() > 100, "the whole site was built: {} files", ta.len());
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{} differs between builds", path.display());
    }
}

/// Pages render on every core, in whatever order the threads take them: the
/// site must not depend on it. One thread and four threads, byte for byte.
#[test]
fn output_is_identical_whatever_the_thread_count() {
    let content = corpus("threads-corpus", 30);
    let build_with = |threads: usize, name: &str| {
        let out = scratch(name).join("public");
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| build_into(&content, &out, "2026-01-01")).unwrap();
        read_tree(&out)
    };
    let one = build_with(1, "threads-1");
    let four = build_with(4, "threads-4");
    assert!(one.len() > 300, "the whole corpus was built: {} files", one.len());
    assert_eq!(one.keys().collect::<Vec<_>>(), four.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(bytes == &four[path], "{} differs between 1 and 4 threads", path.display());
    }
}

/// A rebuild over the previous output writes only what changed and leaves
/// exactly what a build into an empty folder would.
#[test]
fn rebuild_after_one_change_writes_only_that_and_equals_a_fresh_build() {
    let content = corpus("rebuild-corpus", 12);
    let out = scratch("rebuild-out").join("public");
    let mut opts = crate::common::options(&content, &out, "2026-01-01");
    let first = remiss::build::build(&opts).unwrap().written;
    assert_eq!(first.changed, first.files);
    let again = remiss::build::build(&opts).unwrap().written;
    assert_eq!((again.changed, again.deleted), (0, 0), "nothing changed, nothing written");

    let svar = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.path().parent().is_some_and(|p| p.ends_with("svar")))
        .unwrap()
        .into_path();
    let text = std::fs::read_to_string(&svar).unwrap();
    std::fs::write(&svar, format!("{text}\nEn mening som lades till i efterhand.\n")).unwrap();
    let third = remiss::build::build(&opts).unwrap().written;
    assert!(third.changed > 0 && third.changed < third.files / 4, "{third:?}");
    assert_eq!(third.deleted, 0);

    let fresh = scratch("rebuild-fresh").join("public");
    opts.out = fresh.clone();
    remiss::build::build(&opts).unwrap();
    let (a, b) = (read_tree(&out), read_tree(&fresh));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{} differs from a fresh build", path.display());
    }
}

/// `href` and `src` values in (minified) HTML.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=", " src="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                _ => rest.split([' ', '>']).next().unwrap_or(""),
            };
            out.push(value.replace("&amp;", "&"));
        }
    }
    out
}

fn ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=") {
        rest = &rest[i + 4..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split([' ', '>']).next().unwrap_or(""),
        };
        out.insert(value.to_string());
    }
    out
}

fn check_links(root: &Path, base_path: &str) {
    let mut broken = Vec::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let dir = entry.path().parent().unwrap();
        for r in references(&html) {
            if r.starts_with("http://") || r.starts_with("https://") || r.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = r.split_once('#').map_or((r.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split('?').next().unwrap();
            let target = if let Some(abs) = path.strip_prefix(base_path) {
                root.join(abs)
            } else {
                assert!(!path.starts_with('/'), "{}: root-relative link {r}", entry.path().display());
                if path.is_empty() { entry.path().to_path_buf() } else { dir.join(path) }
            };
            checked += 1;
            if !target.is_file() {
                broken.push(format!("{} -> {r}", entry.path().strip_prefix(root).unwrap().display()));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty())
                && target.extension().is_some_and(|e| e == "html")
                && !ids(&std::fs::read_to_string(&target).unwrap()).contains(f)
            {
                broken.push(format!("{} -> {r} (no such id)", entry.path().strip_prefix(root).unwrap().display()));
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_internal_link_and_asset_resolves() {
    check_links(&seed().out, "/remissvar/");
}

#[test]
fn every_page_has_one_h1_a_language_and_a_main_landmark() {
    for entry in walkdir::WalkDir::new(&seed().out).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let name = entry.path().display();
        assert_eq!(html.matches("<h1").count(), 1, "{name}");
        assert!(html.starts_with("<!doctype html><html lang=sv>"), "{name}");
        assert_eq!(html.matches("<main").count(), 1, "{name}");
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{name}: no inline scripts (strict CSP): {tag}");
            assert!(html[i..].contains("></script>"), "{name}: script elements are empty");
        }
        assert!(!html.contains(" style="), "{name}: no inline styles (strict CSP)");
    }
}
