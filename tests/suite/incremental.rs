//! Incremental rebuilds (`remiss serve`): after every kind of edit, the
//! files a session holds equal a fresh full build, byte for byte, and an
//! edit inside one case renders only the pages it concerns.

use crate::common::{corpus, options, scratch};
use remiss::build::BuildOptions;
use remiss::incremental::{Change, Files, Rebuilt, Session, Stored};
use remiss::output::Fingerprint;
use std::fs;
use std::path::{Path, PathBuf};

/// The whole site, built from scratch.
fn fresh(opts: &BuildOptions) -> Files {
    remiss::serve::render_files(opts).unwrap_or_else(|e| panic!("a full build fails: {e:?}")).0
}

/// Rebuilds after `paths` changed, brings the site-wide files up to date
/// as the server does in the background, and checks the result against a
/// full build.
fn step(session: &mut Session, opts: &BuildOptions, paths: &[PathBuf], what: &str) -> Rebuilt {
    let rebuilt = session
        .rebuild(opts, &Change::Paths(paths.to_vec()))
        .unwrap_or_else(|e| panic!("{what}: the rebuild fails: {e:?}"));
    let mut files = rebuilt.files.clone();
    if let Some(task) = session.derived() {
        let derived = task.run().unwrap();
        files = session.apply_derived(&task, derived).expect("no rebuild came in between");
    }
    let expected = fresh(opts);
    let paths: std::collections::BTreeSet<&String> = files.keys().chain(expected.keys()).collect();
    let differ: Vec<&&String> = paths.iter().filter(|p| files.get(**p) != expected.get(**p)).collect();
    assert!(differ.is_empty(), "{what}: these files differ from a full build: {differ:?}");
    // The pages kept as fingerprints are rendered from the rebuilt site
    // when asked for, and must give the bytes of the full build.
    let pages: Vec<(&String, &Stored)> =
        files.iter().filter(|(_, s)| matches!(***s, Stored::Page(..))).map(|(p, s)| (p, &**s)).collect();
    assert!(!pages.is_empty(), "{what}: the pages of cases are rendered on request");
    for (path, stored) in pages {
        let bytes = rebuilt.source.read(path, stored).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(Fingerprint::of(&bytes), expected[path].fingerprint(), "{what}: {path} renders other bytes");
    }
    rebuilt
}

fn edit(path: &Path, change: impl FnOnce(String) -> String) -> PathBuf {
    let text = fs::read_to_string(path).unwrap();
    let changed = change(text.clone());
    assert_ne!(changed, text, "the edit of {} changes the file", path.display());
    fs::write(path, changed).unwrap();
    path.to_path_buf()
}

/// Sets the first `stance` to another value.
fn other_stance(text: String) -> String {
    let line = text.lines().find(|l| l.starts_with("stance = ")).unwrap();
    let other = if line.contains("\"positiv\"") { "stance = \"negativ\"" } else { "stance = \"positiv\"" };
    text.replacen(line, other, 1)
}

fn first(dir: &Path) -> PathBuf {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries.remove(0)
}

#[test]
fn every_kind_of_edit_equals_a_full_build() {
    let content = corpus("incremental", 12);
    let opts = options(&content, Path::new("unused"), "2026-01-01");
    let mut session = Session::new(opts.clone());
    let first_build = session.rebuild(&opts, &Change::Everything).unwrap();
    assert!(first_build.full && !first_build.derived_pending);
    assert_eq!(*first_build.files, fresh(&opts));

    let cases = content.join("remisser");
    let mut all: Vec<PathBuf> = fs::read_dir(&cases).unwrap().map(|e| e.unwrap().path()).collect();
    all.sort();
    let case = all.into_iter().find(|c| c.join("uttalanden").is_dir() && c.join("svar").is_dir()).unwrap();
    let id = case.file_name().unwrap().to_string_lossy().to_string();
    let response = first(&case.join("svar"));
    let statement = first(&case.join("uttalanden"));

    // The edit staff make most: text in a response. Only the case's own pages.
    let p = edit(&response, |t| format!("{t}\nEn mening till.\n"));
    let r = step(&mut session, &opts, &[p], "response text");
    assert!(!r.full && r.derived_pending, "{r:?}");
    let own =
        fs::read_dir(case.join("svar")).unwrap().count() + fs::read_dir(case.join("uttalanden")).unwrap().count() + 1;
    assert_eq!(r.jobs, own, "the case, its responses and its statements");

    let p = edit(&response, other_stance);
    let r = step(&mut session, &opts, &[p], "response stance");
    assert!(!r.full && r.jobs > own, "a stance shows in lists too: {r:?}");

    let p = edit(&statement, |t| {
        let body = t[3..].find("+++\n").unwrap() + 7;
        format!("{}Tillagd mening först.\n\n{}", &t[..body], &t[body..])
    });
    step(&mut session, &opts, &[p], "statement text (excerpts show in lists)");

    let p = edit(&statement, |t| t.replacen("name = \"", "name = \"Ny Person", 1));
    step(&mut session, &opts, &[p], "a signatory renamed: a person page comes, maybe one goes");

    let new_statement = case.join("uttalanden").join("ny-reservation.md");
    fs::write(
        &new_statement,
        "+++\nkind = \"reservation\"\nbody = \"kommunstyrelsen\"\nsignatories = [{ name = \"Helt Ny\", party = \"m\" }]\n+++\nVi reserverar oss.\n",
    )
    .unwrap();
    step(&mut session, &opts, std::slice::from_ref(&new_statement), "a new statement");
    fs::remove_file(&new_statement).unwrap();
    step(&mut session, &opts, &[new_statement], "a statement deleted");

    let p = edit(&case.join("index.md"), |t| t.replacen("title = \"", "title = \"Ändrad: ", 1));
    step(&mut session, &opts, &[p], "a case title (lists, related cases)");

    let other = cases.join("ks-2099-00001");
    fs::create_dir_all(&other).unwrap();
    for entry in walkdir::WalkDir::new(&case) {
        let entry = entry.unwrap();
        let target = other.join(entry.path().strip_prefix(&case).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    edit(&other.join("index.md"), |t| t.replacen("+++\n", &format!("+++\nrelated_cases = [\"{id}\"]\n"), 1));
    let r = step(&mut session, &opts, std::slice::from_ref(&other), "a new case folder, related to another");
    assert!(!r.full);

    fs::write(other.join("bilaga.pdf"), b"%PDF-1.4 one").unwrap();
    step(&mut session, &opts, &[other.join("bilaga.pdf")], "an attachment added");
    fs::write(other.join("bilaga.pdf"), b"%PDF-1.4 two").unwrap();
    step(&mut session, &opts, &[other.join("bilaga.pdf")], "an attachment changed, same size");

    let gone_response = first(&other.join("svar"));
    fs::remove_file(&gone_response).unwrap();
    step(&mut session, &opts, &[gone_response], "a response deleted");

    fs::remove_dir_all(&other).unwrap();
    step(&mut session, &opts, &[other], "a case folder deleted");

    // A mistake: the last good site stays; the fix rebuilds what changed meanwhile.
    let p = edit(&response, |t| t.replacen("stance = \"", "stance = \"nej\"\n#", 1));
    let errors = session.rebuild(&opts, &Change::Paths(vec![p.clone()])).unwrap_err();
    assert!(errors.iter().any(|d| d.path.ends_with(".md") && d.line > 1), "{errors:?}");
    edit(&p, |t| t.replacen("stance = \"nej\"\n#", "stance = \"", 1));
    let summary = edit(&case.join("index.md"), |t| t.replacen("Ändrad: ", "", 1));
    step(&mut session, &opts, &[p, summary], "fixed after an error");

    // A document shows on its cases' pages and in lists, not everywhere.
    let index = fs::read_to_string(case.join("index.md")).unwrap();
    let named = index.lines().find_map(|l| l.strip_prefix("document = \"")).expect("the case names a document");
    let document = content.join("dokument").join(format!("{}.md", named.trim_end_matches('"')));
    let p = edit(&document, |t| {
        let t =
            t.replacen("title = \"", "title = \"Nytt namn: ", 1).replacen("designation = \"", "designation = \"Ny ", 1);
        let end = t[3..].find("+++").unwrap() + 3;
        format!("{}\n[[proposals]]\nid = \"nytt-forslag\"\ntitle = \"Ett nytt förslag\"\n{}", &t[..end], &t[end..])
    });
    let r = step(&mut session, &opts, &[p], "a document renamed, with a new proposal");
    assert!(!r.full, "{r:?}");

    // Shared files show on every page: everything is rendered again.
    let body = first(&content.join("organ"));
    let p = edit(&body, |t| t.replacen("name = \"", "name = \"Nya ", 1));
    let r = step(&mut session, &opts, &[p], "a body renamed");
    assert!(r.full);
    let p = edit(&content.join("site.toml"), |t| t.replacen("title = \"", "title = \"Ny ", 1));
    assert!(step(&mut session, &opts, &[p], "site.toml").full);

    // A new day changes statuses.
    let tomorrow = BuildOptions { today: remiss::model::Date::parse("2026-06-01").unwrap(), ..opts.clone() };
    let r = step(&mut session, &tomorrow, &[], "another day");
    assert!(r.full);
}

/// A changed theme template renders every page with it.
#[test]
fn a_theme_edit_renders_everything() {
    let content = corpus("incremental-theme", 3);
    let themes = scratch("incremental-themes");
    let templates = themes.join("default/templates");
    fs::create_dir_all(&templates).unwrap();
    let footer = crate::common::repo().join("themes/default/templates/base.html");
    fs::copy(&footer, templates.join("base.html")).unwrap();
    let opts = BuildOptions { themes: themes.clone(), ..options(&content, Path::new("unused"), "2026-01-01") };
    let mut session = Session::new(opts.clone());
    session.rebuild(&opts, &Change::Everything).unwrap();
    let p = edit(&templates.join("base.html"), |t| t.replacen("</body>", "<p>Ny sidfot</p></body>", 1));
    let r = step(&mut session, &opts, &[p], "a template");
    assert!(r.full);
    assert!(
        String::from_utf8_lossy(&r.source.read("index.html", &r.files["index.html"]).unwrap()).contains("Ny sidfot")
    );
}
