//! Loading: walk `content/`, classify each file by where it sits, and split
//! Markdown files into front matter and body. Nothing here interprets keys;
//! that is `validate`'s job.

pub(crate) mod fields;
pub(crate) mod layout;
pub(crate) mod write;

use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use layout::classify;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What a file is, from its place in the layout of the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    Site,
    Body,
    Party,
    Document,
    Case { case: String },
    Response { case: String },
    Statement { case: String },
    Attachment { case: String },
}

/// One file under `content/`, read into memory.
#[derive(Debug)]
pub struct SourceFile {
    pub kind: FileKind,
    /// Content-relative path with `/` separators: `remisser/x/index.md`.
    pub rel: String,
    /// The path as shown to the user in diagnostics.
    pub display: String,
    /// The entity id: file stem, or folder name for a case.
    pub id: String,
    /// Full text for Markdown and TOML files; empty for attachments.
    /// Shared, so Markdown bodies in the model are ranges of it, not copies.
    pub text: std::sync::Arc<str>,
    pub lines: LineIndex,
    /// Byte range of the TOML front matter (the whole file for site.toml).
    pub front: std::ops::Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    /// Size in bytes (attachments).
    pub bytes: u64,
    /// The file could not be split into front matter and body (already
    /// reported); it still counts as present so its id does not cascade
    /// into "unknown id" errors elsewhere.
    pub broken: bool,
    pub abs: PathBuf,
}

impl SourceFile {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    pub fn front_matter(&self) -> &str {
        &self.text[self.front.clone()]
    }

    /// A diagnostic at a byte offset of the file.
    pub fn diag_at(&self, offset: usize, severity: Severity, message: String) -> Diagnostic {
        let (line, column) = self.lines.position(&self.text, offset);
        Diagnostic { path: self.display.clone(), line, column, severity, message }
    }

    /// An error at a byte offset of the front matter.
    pub fn error_in_front(&self, offset: usize, message: String) -> Diagnostic {
        self.diag_at(self.front.start + offset, Severity::Error, message)
    }

    /// Content-relative folder of this file.
    pub fn dir(&self) -> &str {
        self.rel.rsplit_once('/').map_or("", |(d, _)| d)
    }
}

/// Everything found under `content/`, sorted by path.
#[derive(Debug, Default)]
pub struct Content {
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    /// Problems with the layout itself, by the content-relative path they
    /// concern, so that a partial reload can replace those of the paths it reads.
    pub problems: Vec<(String, Diagnostic)>,
}

/// Reads every file under `root`. Problems with the layout itself (a file
/// where none belongs, a missing front matter block) are collected in
/// [`Content::problems`], not fatal.
pub(crate) fn load(root: &Path) -> Content {
    let mut content = Content { root: root.to_path_buf(), files: Vec::new(), problems: Vec::new() };
    content.reload(&[String::new()]);
    content
}

impl Content {
    /// Reads again what is under each content-relative path in `scopes`
    /// (a file, a folder, or `""` for everything), after it changed on disk:
    /// files that are gone are dropped, new ones are read. Everything else
    /// stays as it was, so a preview server reads one file, not all of them.
    pub fn reload(&mut self, scopes: &[String]) {
        if !self.root.is_dir() {
            self.files.clear();
            let message = "content folder not found (pass the folder with `--content DIR`)";
            self.problems = vec![(String::new(), Diagnostic::about_file(self.root.display(), message))];
            return;
        }
        // After the folder was missing (or could not be walked), only a
        // full walk knows what is there.
        let all = [String::new()];
        let scopes = if self.problems.iter().any(|(rel, _)| rel.is_empty()) { &all[..] } else { scopes };
        let inside = |rel: &str| scopes.iter().any(|s| in_scope(rel, s));
        self.files.retain(|f| !inside(&f.rel));
        self.problems.retain(|(rel, _)| !inside(rel));
        let mut found = Vec::new();
        for scope in scopes {
            if scopes.iter().any(|outer| outer != scope && in_scope(scope, outer)) {
                continue; // read as part of a wider scope
            }
            self.walk(scope, &mut found);
        }
        // Reading and splitting is per file, so it runs on every core.
        let read: Vec<_> = found
            .into_par_iter()
            .map(|(path, kind, rel, id, display)| read_file(&path, kind, rel, id, display))
            .collect();
        for (file, problem) in read {
            if let Some(d) = problem {
                let rel = file.as_ref().map_or_else(String::new, |f| f.rel.clone());
                self.problems.push((rel, d));
            }
            if let Some(file) = file {
                let at = self.files.partition_point(|f| walk_order(&f.rel, &file.rel).is_lt());
                self.files.insert(at, file);
            }
        }
    }

    /// Finds the files under `scope`, in the order of a sorted walk.
    fn walk(&mut self, scope: &str, found: &mut Vec<(PathBuf, FileKind, String, String, String)>) {
        let start = if scope.is_empty() { self.root.clone() } else { self.root.join(scope) };
        if !scope.is_empty() && std::fs::symlink_metadata(&start).is_err() {
            return; // deleted
        }
        let shown_root = self.root.display().to_string();
        for entry in walkdir::WalkDir::new(&start).sort_by_file_name().follow_links(false) {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().map_or(shown_root.clone(), |p| p.display().to_string());
                    let rel = err.path().map_or_else(String::new, |p| self.rel(p));
                    self.problems.push((rel, Diagnostic::about_file(path, format!("cannot read: {err}"))));
                    continue;
                }
            };
            let rel = self.rel(entry.path());
            if !entry.file_type().is_file() {
                if entry.file_type().is_symlink() {
                    let path = entry.path().display().to_string();
                    let message = "symbolic links are not followed: copy the file into content/ instead";
                    self.problems.push((rel, Diagnostic::about_file(path, message)));
                }
                continue;
            }
            let name = rel.rsplit('/').next().unwrap_or("");
            if name.starts_with('.') {
                continue; // editor and VCS files (.DS_Store, .gitkeep)
            }
            let display = entry.path().display().to_string();
            let Some((kind, id)) = classify(&rel) else {
                self.problems.push((
                    rel,
                    Diagnostic::about_file(
                        display,
                        format!("this file has no place in the content layout: expected {}", layout::EXPECTED),
                    ),
                ));
                continue;
            };
            found.push((entry.into_path(), kind, rel, id, display));
        }
    }

    /// Content-relative path with `/` separators.
    fn rel(&self, path: &Path) -> String {
        let rel_path = path.strip_prefix(&self.root).unwrap_or(path);
        rel_path.iter().map(|c| c.to_string_lossy()).collect::<Vec<_>>().join("/")
    }
}

/// Whether `rel` is `scope` or lies inside it (`""` holds everything).
fn in_scope(rel: &str, scope: &str) -> bool {
    scope.is_empty() || rel == scope || (rel.starts_with(scope) && rel.as_bytes().get(scope.len()) == Some(&b'/'))
}

/// The order of a walk sorted by file name: folder by folder, which is not
/// the order of the joined strings (`a/b` comes before `a-b`).
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// Reads one file. A file whose text cannot be used comes back marked
/// `broken`, together with the problem.
fn read_file(
    path: &Path,
    kind: FileKind,
    rel: String,
    id: String,
    display: String,
) -> (Option<SourceFile>, Option<Diagnostic>) {
    let mut file = SourceFile {
        kind,
        rel,
        display,
        id,
        text: "".into(),
        lines: LineIndex::new(""),
        front: 0..0,
        body_start: 0,
        bytes: 0,
        broken: false,
        abs: path.to_path_buf(),
    };
    if matches!(file.kind, FileKind::Attachment { .. }) {
        file.bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        return (Some(file), None);
    }
    match read_text(&mut file, path) {
        Ok(()) => (Some(file), None),
        Err(d) => {
            file.broken = true;
            (Some(file), Some(d))
        }
    }
}

fn read_text(file: &mut SourceFile, path: &Path) -> Result<(), Diagnostic> {
    let raw =
        std::fs::read(path).map_err(|e| Diagnostic::about_file(file.display.clone(), format!("cannot read: {e}")))?;
    let mut text = String::from_utf8(raw).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        let (line, column) = LineIndex::new(&prefix).position(&prefix, offset);
        Diagnostic {
            path: file.display.clone(),
            line,
            column,
            severity: Severity::Error,
            message: "the file is not valid UTF-8: save it as UTF-8".into(),
        }
    })?;
    if let Some(stripped) = text.strip_prefix('\u{feff}') {
        text = stripped.to_string();
    }
    file.lines = LineIndex::new(&text);
    if file.kind == FileKind::Site {
        file.front = 0..text.len();
        file.body_start = text.len();
    } else {
        let (front, body_start) = split_front_matter(&text).map_err(|(offset, msg)| {
            let (line, column) = file.lines.position(&text, offset);
            Diagnostic { path: file.display.clone(), line, column, severity: Severity::Error, message: msg }
        })?;
        file.front = front;
        file.body_start = body_start;
    }
    file.text = text.into();
    Ok(())
}

/// Finds the TOML between a first line `+++` and the next line `+++`.
/// Returns the TOML byte range and where the body starts.
pub(crate) fn split_front_matter(text: &str) -> Result<(std::ops::Range<usize>, usize), (usize, String)> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "+++" {
        return Err((
            0,
            "a content file must start with a line `+++`, then the TOML front matter, then another line `+++`".into(),
        ));
    }
    let start = (first_end + 1).min(text.len());
    let mut pos = start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "+++" {
            return Ok((start..pos, (end + 1).min(text.len())));
        }
        pos = end + 1;
    }
    Err((0, "the front matter is not closed: add a line `+++` after the last key".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A partial reload reads only its paths, keeps the walk order, and
    /// after the folder was missing reads everything that is back.
    #[test]
    fn reloads_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        let mut content = load(&root);
        assert!(content.files.is_empty() && content.problems.len() == 1, "missing folder");
        std::fs::create_dir_all(root.join("organ")).unwrap();
        std::fs::create_dir_all(root.join("organ-x")).unwrap();
        std::fs::write(root.join("site.toml"), "title = \"x\"\n").unwrap();
        std::fs::write(root.join("organ/b.md"), "+++\nname = \"B\"\n+++\n").unwrap();
        std::fs::write(root.join("organ-x/stray.md"), "x").unwrap();
        content.reload(&["organ/b.md".into()]);
        let rels = |c: &Content| c.files.iter().map(|f| f.rel.clone()).collect::<Vec<_>>();
        assert_eq!(rels(&content), ["organ/b.md", "site.toml"], "the whole folder was read once it was back");
        assert_eq!(content.problems.len(), 1, "organ-x/stray.md has no place: {:?}", content.problems);
        let before = std::sync::Arc::clone(&content.files[1].text);
        std::fs::write(root.join("organ/a.md"), "+++\nname = \"A\"\n+++\n").unwrap();
        std::fs::remove_file(root.join("organ/b.md")).unwrap();
        std::fs::remove_file(root.join("organ-x/stray.md")).unwrap();
        content.reload(&["organ/a.md".into(), "organ/b.md".into(), "organ-x/stray.md".into()]);
        assert_eq!(rels(&content), ["organ/a.md", "site.toml"]);
        assert!(content.problems.is_empty());
        assert!(std::sync::Arc::ptr_eq(&before, &content.files[1].text), "site.toml was not read again");
        assert_eq!(walk_order("a/b", "a-b/c"), std::cmp::Ordering::Less, "folder by folder, as walkdir sorts");
    }

    #[test]
    fn splits_front_matter() {
        let t = "+++\na = 1\n+++\nbody\n";
        let (front, body) = split_front_matter(t).unwrap();
        assert_eq!(&t[front], "a = 1\n");
        assert_eq!(&t[body..], "body\n");
        assert!(split_front_matter("a = 1").is_err());
        assert!(split_front_matter("+++\na = 1\n").is_err());
        let crlf = "+++\r\na = 1\r\n+++\r\nbody";
        let (front, body) = split_front_matter(crlf).unwrap();
        assert_eq!(&crlf[front], "a = 1\r\n");
        assert_eq!(&crlf[body..], "body");
    }
}
