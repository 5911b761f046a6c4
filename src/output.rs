//! Writing: files arrive from many threads as they are rendered, and reach
//! the output folder only once the whole site has been rendered, so a failed
//! build never leaves a half-written site.
//!
//! Writing and deleting files dominates a large build on a slow disk, so a
//! rebuild touches only what changed. The output folder keeps a manifest
//! (`.remiss-manifest`: path, length and BLAKE3 hash of every file written).
//! With a manifest, a file whose bytes are unchanged is not written again;
//! changed files go to a staging folder beside the output and are renamed
//! into place when rendering is done, then files no longer produced are
//! deleted. Without a manifest (a first build, or a folder remiss did not
//! write) the whole site is staged and swapped in with one rename.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One file of the site: its site-relative path (`/`-separated) and bytes.
pub type OutputFile = (String, Vec<u8>);

/// Where rendered files go: the output folder, or memory (`remiss serve`).
/// Called from several threads at once; the order of calls does not matter.
pub trait Emit: Sync {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()>;
    /// An attachment, copied as it is from `source`.
    fn copy(&self, path: String, source: &Path) -> io::Result<()>;
}

/// Collects files in memory, for `remiss serve` and tests.
#[derive(Default)]
pub struct Memory {
    pub files: Mutex<Vec<OutputFile>>,
    pub copies: Mutex<Vec<(String, PathBuf)>>,
}

impl Emit for Memory {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push((path, bytes));
        Ok(())
    }
    fn copy(&self, path: String, source: &Path) -> io::Result<()> {
        self.copies.lock().unwrap_or_else(|e| e.into_inner()).push((path, source.to_path_buf()));
        Ok(())
    }
}

impl Memory {
    /// Everything collected, sorted by path.
    pub fn into_sorted(self) -> (Vec<OutputFile>, Vec<(String, PathBuf)>) {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut copies = self.copies.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        copies.sort();
        (files, copies)
    }
}

/// Minifies HTML; pages stay valid HTML (closing and `<html>`/`<head>` tags kept).
pub fn minify_html(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

const MANIFEST: &str = ".remiss-manifest";

/// Length and hash of one written file.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    hash: [u8; 32],
}

impl Stamp {
    fn of(bytes: &[u8]) -> Stamp {
        Stamp { len: bytes.len() as u64, hash: *blake3::hash(bytes).as_bytes() }
    }
}

/// What a finished build did to the output folder.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Files produced by this build.
    pub files: usize,
    /// Of those, HTML pages.
    pub pages: usize,
    /// Of those, files whose bytes were written (new or changed).
    pub changed: usize,
    /// Files of the previous build that this one no longer produces.
    pub deleted: usize,
}

/// Writes a build into a staging folder beside `out`; `commit` puts it in place.
pub struct Disk {
    out: PathBuf,
    /// The staging folder; deleted on drop unless committed.
    staging: tempfile::TempDir,
    /// The previous build's manifest, when the swap can be incremental.
    previous: Option<HashMap<String, Stamp>>,
    stamps: Mutex<BTreeMap<String, Stamp>>,
    changed: Mutex<Vec<String>>,
    dirs: Mutex<HashSet<PathBuf>>,
}

impl Disk {
    /// Prepares to write into `out`. Nothing in `out` changes until `commit`.
    pub fn begin(out: &Path) -> io::Result<Disk> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let staging = tempfile::Builder::new().prefix(&format!(".{name}.new-")).tempdir_in(&parent)?;
        let previous = read_manifest(out);
        Ok(Disk {
            out: out.to_path_buf(),
            staging,
            previous,
            stamps: Mutex::default(),
            changed: Mutex::default(),
            dirs: Mutex::default(),
        })
    }

    /// Records `stamp` for `path`; true when the file must be written.
    fn record(&self, path: &str, stamp: Stamp) -> bool {
        self.stamps.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), stamp);
        let unchanged = self.previous.as_ref().and_then(|m| m.get(path)) == Some(&stamp)
            && fs::symlink_metadata(self.out.join(path)).is_ok_and(|m| m.is_file() && m.len() == stamp.len);
        if !unchanged {
            self.changed.lock().unwrap_or_else(|e| e.into_inner()).push(path.to_string());
        }
        !unchanged
    }

    /// The staging path for `path`, with its folder created.
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let target = self.staging.path().join(path);
        if let Some(dir) = target.parent() {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !dirs.contains(dir) {
                fs::create_dir_all(dir)?;
                dirs.insert(dir.to_path_buf());
            }
        }
        Ok(target)
    }

    /// Puts the staged build in place and deletes what it no longer has.
    pub fn commit(self) -> io::Result<Written> {
        let stamps = self.stamps.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut changed = self.changed.into_inner().unwrap_or_else(|e| e.into_inner());
        let pages = stamps.keys().filter(|p| p.ends_with(".html")).count();
        let mut written = Written { files: stamps.len(), pages, changed: changed.len(), deleted: 0 };
        let manifest = manifest_text(&stamps);
        let Some(previous) = self.previous else {
            // A whole new folder: stage everything and swap it in.
            fs::write(self.staging.path().join(MANIFEST), manifest)?;
            keep_dotfiles(&self.out, self.staging.path())?;
            swap(&self.out, self.staging.keep())?;
            return Ok(written);
        };
        // The manifest goes first: should this stop half-way, the next
        // build finds none and rewrites everything.
        remove_if_present(&self.out.join(MANIFEST))?;
        changed.sort();
        for path in &changed {
            let target = self.out.join(path);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir)?;
            }
            if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
                fs::remove_dir_all(&target)?;
            }
            fs::rename(self.staging.path().join(path), &target)?;
        }
        let mut emptied = BTreeMap::new();
        for path in previous.keys().filter(|p| !stamps.contains_key(*p)) {
            remove_if_present(&self.out.join(path))?;
            written.deleted += 1;
            let mut dir = Path::new(path).parent();
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                emptied.insert(d.to_path_buf(), ());
                dir = d.parent();
            }
        }
        // Deepest first; a folder that still holds anything stays.
        for dir in emptied.keys().rev() {
            let _ = fs::remove_dir(self.out.join(dir));
        }
        let tmp = self.out.join(format!("{MANIFEST}.tmp"));
        fs::write(&tmp, manifest)?;
        fs::rename(tmp, self.out.join(MANIFEST))?;
        Ok(written)
    }
}

impl Emit for Disk {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        if self.record(&path, Stamp::of(&bytes)) {
            fs::write(self.target(&path)?, bytes)?;
        }
        Ok(())
    }

    fn copy(&self, path: String, source: &Path) -> io::Result<()> {
        let bytes = fs::read(source)?;
        self.put(path, bytes)
    }
}

/// Replaces `out` with `staging` by renaming, keeping `out` if that fails.
fn swap(out: &Path, staging: PathBuf) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(&staging, out);
    }
    let parent = staging.parent().unwrap_or(Path::new("."));
    let name = out.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let old = tempfile::Builder::new().prefix(&format!(".{name}.old-")).tempdir_in(parent)?.keep();
    fs::remove_dir(&old)?;
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(&staging, out) {
        fs::rename(&old, out)?;
        return Err(e);
    }
    fs::remove_dir_all(&old)
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// `len hash path` per line, sorted by path, so the file is deterministic.
fn manifest_text(stamps: &BTreeMap<String, Stamp>) -> Vec<u8> {
    let mut text = Vec::with_capacity(stamps.len() * 100);
    text.extend_from_slice(b"remiss-manifest 1\n");
    for (path, s) in stamps {
        let _ = writeln!(text, "{} {} {path}", s.len, blake3::Hash::from(s.hash).to_hex());
    }
    text
}

/// The previous manifest; `None` when there is none or it is unreadable,
/// which makes the next commit a full swap.
fn read_manifest(out: &Path) -> Option<HashMap<String, Stamp>> {
    let text = fs::read_to_string(out.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "remiss-manifest 1" {
        return None;
    }
    let mut map = HashMap::new();
    for line in lines {
        let mut parts = line.splitn(3, ' ');
        let len = parts.next()?.parse().ok()?;
        let hash = blake3::Hash::from_hex(parts.next()?).ok()?;
        let path = parts.next()?;
        if path.is_empty() || path.starts_with('/') || path.split('/').any(|c| c == ".." || c.is_empty()) {
            return None;
        }
        map.insert(path.to_string(), Stamp { len, hash: *hash.as_bytes() });
    }
    Some(map)
}

/// Dotfiles at the top of the output folder (a committed `.gitkeep`, a
/// host's `.htaccess`) are not ours to delete.
fn keep_dotfiles(out: &Path, staging: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(out) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_ours = name.to_string_lossy().starts_with(MANIFEST);
        if name.to_string_lossy().starts_with('.') && !is_ours && entry.file_type()?.is_file() {
            let target = staging.join(&name);
            if !target.exists() {
                fs::copy(entry.path(), target)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(out: &Path, files: &[(&str, &str)]) -> Written {
        let disk = Disk::begin(out).unwrap();
        for (p, b) in files {
            disk.put(p.to_string(), b.as_bytes().to_vec()).unwrap();
        }
        disk.commit().unwrap()
    }

    fn tree(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                format!("{rel}={}", fs::read_to_string(e.path()).unwrap_or_default().lines().next().unwrap_or(""))
            })
            .filter(|s| !s.starts_with(MANIFEST))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn rebuilds_write_only_changes_and_delete_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join(".gitkeep"), "").unwrap();
        fs::write(out.join("stray.html"), "not ours").unwrap();
        let first = build(&out, &[("index.html", "a"), ("x/index.html", "x"), ("y/z/index.html", "z")]);
        assert_eq!((first.files, first.changed, first.deleted), (3, 3, 0));
        assert_eq!(tree(&out), [".gitkeep=", "index.html=a", "x/index.html=x", "y/z/index.html=z"]);

        let second = build(&out, &[("index.html", "a2"), ("x/index.html", "x"), ("w/index.html", "w")]);
        assert_eq!((second.files, second.changed, second.deleted), (3, 2, 1));
        assert_eq!(tree(&out), [".gitkeep=", "index.html=a2", "w/index.html=w", "x/index.html=x"]);
        assert!(!out.join("y").exists(), "emptied folders are removed");

        // A file changed behind our back is rewritten.
        fs::write(out.join("x/index.html"), "hand-edited!").unwrap();
        let third = build(&out, &[("index.html", "a2"), ("x/index.html", "x"), ("w/index.html", "w")]);
        assert_eq!(third.changed, 1);
        assert_eq!(tree(&out), [".gitkeep=", "index.html=a2", "w/index.html=w", "x/index.html=x"]);
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no staging folder is left beside the output");
    }

    #[test]
    fn nothing_changes_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "old")]);
        let disk = Disk::begin(&out).unwrap();
        disk.put("index.html".into(), b"new".to_vec()).unwrap();
        disk.put("more.html".into(), b"more".to_vec()).unwrap();
        drop(disk);
        assert_eq!(tree(&out), ["index.html=old"]);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_damaged_manifest_means_a_full_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("a.html", "a"), ("b.html", "b")]);
        fs::write(out.join(MANIFEST), "remiss-manifest 1\n1 zz ../../etc/passwd\n").unwrap();
        let w = build(&out, &[("a.html", "a")]);
        assert_eq!(w.changed, 1);
        assert_eq!(tree(&out), ["a.html=a"]);
    }
}
