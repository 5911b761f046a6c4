//! Whole-site properties: determinism and link integrity.

use crate::common::{build_into, repo, scratch, seed};
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
