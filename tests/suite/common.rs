//! Shared helpers: build a content folder, read pages, strip markup.

use remiss::build::{self, BuildOptions};
use remiss::diagnostics::Diagnostic;
use remiss::model::Date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The `remiss` binary that cargo built for these tests.
pub(crate) fn remiss() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_remiss"))
}

/// Runs `remiss` with `args`.
pub(crate) fn run(args: &[&str]) -> std::process::Output {
    remiss().args(args).output().expect("the remiss binary runs")
}

/// The standard output of a run that must have succeeded.
pub(crate) fn ok(out: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Removes the scratch folders of earlier test runs, which would otherwise
/// pile up (about 100 MB a run) until a CI machine's disk is full. A folder
/// is named `{name}-{pid}-{n}`; it is left alone while its process lives,
/// so a run beside this one keeps its folders. Needs /proc to tell.
fn sweep_scratch() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(env!("CARGO_TARGET_TMPDIR")) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let mut parts = name.rsplitn(3, '-');
        let (Some(n), Some(pid), Some(_)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let ours = n.parse::<usize>().is_ok() && pid.parse::<u32>().is_ok();
        if ours && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A fresh folder under cargo's target tmp dir.
pub(crate) fn scratch(name: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    static SWEEP: std::sync::Once = std::sync::Once::new();
    SWEEP.call_once(sweep_scratch);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) fn options(content: &Path, out: &Path, today: &str) -> BuildOptions {
    BuildOptions {
        content: content.to_path_buf(),
        out: out.to_path_buf(),
        themes: repo().join("themes"),
        base_url: None,
        drafts: false,
        today: Date::parse(today).unwrap(),
        strict: false,
    }
}

/// Checks `content` as of 2024-02-01 and returns every diagnostic as
/// `relative/path:line:column: message`, errors and warnings apart.
pub(crate) fn diagnostics(content: &Path) -> (Vec<String>, Vec<String>) {
    let out = content.parent().unwrap().join("public");
    let diags: Vec<Diagnostic> = match build::check(&options(content, &out, "2024-02-01")) {
        Ok((_, warnings)) => warnings,
        Err(d) => d,
    };
    let prefix = format!("{}/", content.display());
    let line =
        |d: &Diagnostic| format!("{}:{}:{}: {}", d.path.trim_start_matches(&prefix), d.line, d.column, d.message);
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diags.iter().partition(|d| d.severity == remiss::diagnostics::Severity::Error);
    (errors.into_iter().map(line).collect(), warnings.into_iter().map(line).collect())
}

/// The minimal fixture's response, and its front matter as written there.
pub(crate) const RESPONSE: &str = "remisser/ks-2024-1/svar/socialnamnden.md";
pub(crate) const RESPONSE_FRONT: &str = "+++\nstance = \"positiv\"\nsummary = \"Nämnden är positiv.\"\nmeeting = 2024-02-20\n\n[proposals]\nforslag-ett = \"positiv\"\n+++\n";

/// A synthetic corpus of `cases` cases from `../shared/tools/gen-corpus`,
/// which writes real Swedish text in our content format.
pub(crate) fn corpus(name: &str, cases: usize) -> PathBuf {
    let dir = scratch(name);
    let tool = repo().join("../shared/tools/gen-corpus");
    let status = std::process::Command::new(&tool)
        .args(["--cases", &cases.to_string(), "--format", "remiss", "--out"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{} must run (it comes with ../shared): {e}", tool.display()));
    assert!(status.success(), "gen-corpus failed");
    dir.join("content")
}

/// A built site on disk.
pub(crate) struct Built {
    pub out: PathBuf,
}

impl Built {
    pub(crate) fn file(&self, path: &str) -> String {
        let p = self.out.join(path);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The page at a site path such as `organ/socialnamnden/`.
    pub(crate) fn page(&self, path: &str) -> String {
        self.file(&format!("{path}index.html"))
    }

    /// The visible text of a page's `<main>`, whitespace collapsed.
    pub(crate) fn main_text(&self, path: &str) -> String {
        let html = self.page(path);
        let start = html.find("<main").expect("page has <main>");
        let end = html.find("</main>").expect("page has </main>");
        text_of(&html[start..end])
    }

    /// The HTML of the element that has `id`, up to its closing `</section>`.
    pub(crate) fn section(&self, path: &str, id: &str) -> String {
        let html = self.page(path);
        let marker = [format!("id={id}>"), format!("id={id} "), format!("id=\"{id}\"")];
        let start = marker.iter().find_map(|m| html.find(m.as_str())).unwrap_or_else(|| panic!("no id {id} in {path}"));
        let end = html[start..].find("</section>").map_or(html.len(), |e| start + e);
        html[start..end].to_string()
    }
}

/// Strips tags and decodes the few entities minify-html leaves.
pub(crate) fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn build_into(content: &Path, out: &Path, today: &str) -> Result<Built, Vec<Diagnostic>> {
    build::build(&options(content, out, today)).map(|_| Built { out: out.to_path_buf() })
}

/// The repository's real content, built once for all tests.
pub(crate) fn seed() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = scratch("seed").join("public");
        build_into(&repo().join("content"), &out, "2023-05-01").unwrap_or_else(|d| panic!("{d:?}"))
    })
}

/// Copies the minimal fixture site so a test can change it.
pub(crate) fn minimal_copy(name: &str) -> PathBuf {
    let dir = scratch(name).join("content");
    copy_dir(&repo().join("tests/fixtures/minimal/content"), &dir);
    dir
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub(crate) fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A case folder's files (as `remiss import` writes them): relative path →
/// (front matter, Markdown body).
pub(crate) fn case_bundle(dir: &Path) -> BTreeMap<String, (toml::Table, String)> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let rest = text.strip_prefix("+++\n").unwrap_or_else(|| panic!("{rel}: no front matter"));
        let (front, body) = rest.split_once("\n+++\n").unwrap_or_else(|| (rest.trim_end_matches("+++\n"), ""));
        let table: toml::Table = front.parse().unwrap_or_else(|e| panic!("{rel}: {e}"));
        out.insert(rel, (table, body.to_string()));
    }
    out
}
