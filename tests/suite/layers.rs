//! The shape of the code (docs/architecture.md), read from the source so
//! that a change that breaks it fails here, naming the place. The modules
//! form layers: no two top-level modules use each other, directly or round
//! a circle, and the stages that read and link content use nothing of the
//! stages that write the site. No source file is over 700 lines before its
//! tests.

use crate::common::repo;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Modules that load, validate and describe content: they must not use the
/// output side, which is built on them.
const UPSTREAM: [&str; 7] = ["diagnostics", "url", "model", "content", "markdown", "config", "validate"];

/// Each top-level module of `src/` with the top-level modules its code
/// (tests aside) names as `crate::x`.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo().join("src");
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().map(Result::unwrap) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel.iter().next().unwrap().to_string_lossy().trim_end_matches(".rs").to_string();
        if ["main", "lib", "test_site"].contains(&top.as_str()) {
            continue;
        }
        let names = named_modules(&without_tests(path));
        uses.entry(top.clone()).or_default().extend(names.into_iter().filter(|n| *n != top));
    }
    uses
}

/// The source without its `#[cfg(test)]` modules, which come last in each file.
fn without_tests(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod ").or_else(|| text.find("#[cfg(test)]\npub(crate) mod ")) {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The first segment after each `crate::`, including each name in `crate::{a, b::c}`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            names.extend(group.split(',').map(|part| ident(part.trim())).filter(|n| !n.is_empty() && n != "self"));
        } else {
            names.insert(ident(rest));
        }
    }
    names
}

#[test]
fn no_module_uses_another_that_uses_it() {
    let uses = uses();
    assert!(uses.len() > 10, "the modules of src/ were found: {uses:?}");
    let mut circles = Vec::new();
    for (module, used) in &uses {
        // Everything `module` reaches; a circle if that includes itself.
        let mut seen = BTreeSet::new();
        let mut next: Vec<&String> = used.iter().collect();
        while let Some(m) = next.pop() {
            if seen.insert(m.clone()) {
                next.extend(uses.get(m).into_iter().flatten());
            }
        }
        if seen.contains(module) {
            circles.push(format!("{module} uses {used:?} and is reached from them again"));
        }
    }
    assert!(circles.is_empty(), "modules that use each other:\n{}", circles.join("\n"));
}

#[test]
fn loading_and_linking_use_nothing_of_the_output_side() {
    let uses = uses();
    let mut wrong = Vec::new();
    for module in UPSTREAM {
        let used = uses.get(module).unwrap_or_else(|| panic!("src/{module} exists"));
        for name in used.iter().filter(|n| uses.contains_key(*n) && !UPSTREAM.contains(&n.as_str())) {
            wrong.push(format!("{module} uses {name}"));
        }
    }
    assert!(wrong.is_empty(), "upstream modules use downstream ones:\n{}", wrong.join("\n"));
}

#[test]
fn no_source_file_is_over_700_lines_before_its_tests() {
    let src = repo().join("src");
    let mut long = Vec::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().map(Result::unwrap) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let lines = without_tests(path).lines().count();
            if lines > 700 {
                long.push(format!("{} has {lines} lines before its tests", path.strip_prefix(&src).unwrap().display()));
            }
        }
    }
    assert!(long.is_empty(), "split these by what they do:\n{}", long.join("\n"));
}

/// Page contexts are `#[derive(Serialize)]` structs, so a misspelt or
/// missing key fails to compile, and templates write every attribute: no
/// `json!` blob or `| safe` attribute string comes from `src/render/`.
#[test]
fn page_contexts_are_typed_and_attributes_are_the_templates() {
    let render = repo().join("src/render");
    let mut untyped = Vec::new();
    for entry in walkdir::WalkDir::new(&render).into_iter().map(Result::unwrap) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let code = without_tests(path);
            for (i, line) in code.lines().enumerate() {
                if line.contains("json!") || line.contains("=\\\"") {
                    untyped.push(format!(
                        "{}:{}: {}",
                        path.strip_prefix(&render).unwrap().display(),
                        i + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        untyped.is_empty(),
        "give these a typed context, and let the template write attributes:\n{}",
        untyped.join("\n")
    );
}

/// The folder layout of `content/` is spelt once, in `content/layout.rs`:
/// `build`, `new` and `import` all read and write paths through it, so no
/// other source names one of its folders in a string.
#[test]
fn the_content_layout_is_spelt_in_one_place() {
    let src = repo().join("src");
    // Site paths mirror the content folders by design; they are spelt once too.
    let own = [src.join("content/layout.rs"), src.join("model/paths.rs"), src.join("test_site.rs")];
    let folders = ["remisser", "organ", "partier", "dokument", "svar", "uttalanden"];
    // A path built in code (`"organ"`, `"organ/"`, `organ/{id}.md`); prose
    // such as "the files in organ/" may name a folder.
    let names_a_folder = |code: &str| {
        folders
            .iter()
            .any(|f| [format!("\"{f}\""), format!("\"{f}/"), format!("{f}/{{")].iter().any(|p| code.contains(p)))
    };
    let mut spelt = Vec::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().map(Result::unwrap) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") || own.iter().any(|o| o == path) {
            continue;
        }
        for (i, line) in without_tests(path).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if names_a_folder(code) {
                spelt.push(format!("{}:{}: {}", path.strip_prefix(&src).unwrap().display(), i + 1, line.trim()));
            }
        }
    }
    assert!(spelt.is_empty(), "use crate::content::layout for these:\n{}", spelt.join("\n"));
}

/// The library offers what the command line and the tests use; everything
/// else is `pub(crate)`, so `unreachable_pub` (Cargo.toml) flags an item
/// marked `pub` that no one outside can reach.
#[test]
fn only_the_modules_used_outside_the_crate_are_public() {
    let lib = fs::read_to_string(repo().join("src/lib.rs")).unwrap();
    let mut users = fs::read_to_string(repo().join("src/main.rs")).unwrap();
    for entry in walkdir::WalkDir::new(repo().join("tests")).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_some_and(|e| e == "rs") {
            users.push_str(&fs::read_to_string(entry.path()).unwrap());
        }
    }
    let public: Vec<&str> = lib.lines().filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';')).collect();
    assert!(public.len() > 5, "lib.rs has public modules: {public:?}");
    let unused: Vec<&&str> = public.iter().filter(|m| !users.contains(&format!("remiss::{m}"))).collect();
    assert!(unused.is_empty(), "nothing outside the crate uses these, make them pub(crate): {unused:?}");
}
