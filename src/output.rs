//! Writing: files arrive from many threads as they are rendered, and reach
//! the output folder only once the whole site has been rendered.
//!
//! The previous site has to survive whatever stops a build half-way: an
//! error (a full disk, a folder that cannot be created) or the process being
//! killed. So the live folder is never changed file by file. Every build
//! stages a complete new tree beside it, and the two trade places in one
//! `renameat2(RENAME_EXCHANGE)`, which the kernel does atomically: at every
//! moment `out` is either the whole old site or the whole new one. Where
//! there is no exchange (not Linux, or a file system without it) the swap is
//! two renames, `out` to `.{name}.previous` and the new tree to `out`; a
//! build killed between them leaves no `out` but a complete previous site,
//! which the next build renames back before anything else. Whatever else a
//! stopped build leaves beside `out` (its staging folder, or the old tree it
//! had not finished deleting) the next build deletes.
//!
//! Staging everything must not mean writing everything again: writing
//! dominates a large rebuild on a slow disk. The output keeps a manifest
//! (`.remiss-manifest`: path, length and BLAKE3 hash of every file). A file
//! whose bytes match the manifest, and whose length on disk still does, is
//! hard-linked from the live site into the new tree: a directory entry, not
//! a copy (where links fail, across devices or on a file system without
//! them, the bytes are written). What staging the whole tree still costs is
//! one link per unchanged file while pages render, and deleting the old
//! tree's entries after the swap (the "put in place" stage in
//! `benches/results-build-*.md`). A linked file shares its inode with the
//! live one, so nothing here ever opens a staged path to write into it: a
//! write replaces the directory entry.
//!
//! Every change to the file system goes through [`Fs`], so that tests can
//! make each operation of a build fail in turn, or stop the build there as a
//! killed process would, and check that the previous site is intact.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

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

/// Every operation by which [`Disk`] changes the file system. [`RealFs`] is
/// the one builds use; tests put one in between that fails or stops.
pub(crate) trait Fs: Send + Sync {
    /// Creates one folder; `AlreadyExists` if there is one.
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    fn create_dir_all(&self, path: &Path) -> io::Result<()>;
    /// Writes a new file at `path`, replacing (not writing into) any file there.
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    fn hard_link(&self, existing: &Path, new: &Path) -> io::Result<()>;
    /// Copies `from` to a new file at `to`, replacing (not writing into) any file there.
    fn copy(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Swaps two paths atomically; `ErrorKind::Unsupported` where the system
    /// or the file system cannot.
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()>;
    fn remove_dir_all(&self, path: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    fn set_permissions(&self, path: &Path, permissions: fs::Permissions) -> io::Result<()>;
}

/// The file system itself.
pub(crate) struct RealFs;

impl Fs for RealFs {
    fn create_dir(&self, path: &Path) -> io::Result<()> {
        fs::create_dir(path)
    }
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::create_dir_all(path)
    }
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        create_new(path)?.write_all(bytes)
    }
    fn hard_link(&self, existing: &Path, new: &Path) -> io::Result<()> {
        fs::hard_link(existing, new)
    }
    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        remove_if_present(to)?;
        fs::copy(from, to).map(drop)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
    #[cfg(target_os = "linux")]
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            // An old kernel (ENOSYS), or a file system without the flag (EINVAL).
            Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP].contains(&e) => {
                Err(io::Error::new(io::ErrorKind::Unsupported, io::Error::from(e)))
            }
            r => r.map_err(io::Error::from),
        }
    }
    #[cfg(not(target_os = "linux"))]
    fn exchange(&self, _: &Path, _: &Path) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange of two paths here"))
    }
    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::remove_dir_all(path)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
    fn set_permissions(&self, path: &Path, permissions: fs::Permissions) -> io::Result<()> {
        fs::set_permissions(path, permissions)
    }
}

/// A new file at `path`. A file already there (a path staged twice) may be
/// a hard link to a live file, so it is unlinked, never truncated.
fn create_new(path: &Path) -> io::Result<fs::File> {
    let open = || fs::OpenOptions::new().write(true).create_new(true).open(path);
    match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            open()
        }
        r => r,
    }
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes a build into a staging folder beside `out`; `commit` puts it in place.
pub struct Disk {
    out: PathBuf,
    fs: Arc<dyn Fs>,
    /// The new tree, complete once every file has been put.
    staging: PathBuf,
    /// What to delete when this is dropped: the staging folder until the
    /// commit puts it in place.
    cleanup: Option<PathBuf>,
    /// The previous build's manifest, if there is a readable one.
    previous: Option<HashMap<String, Stamp>>,
    stamps: Mutex<BTreeMap<String, Stamp>>,
    changed: AtomicUsize,
    dirs: Mutex<HashSet<PathBuf>>,
}

impl Disk {
    /// Prepares to write into `out`. Nothing in `out` changes until `commit`,
    /// except that the previous site is put back if a build was killed in
    /// the middle of a swap.
    pub fn begin(out: &Path) -> io::Result<Disk> {
        Disk::begin_with(out, Arc::new(RealFs))
    }

    pub(crate) fn begin_with(out: &Path, fs: Arc<dyn Fs>) -> io::Result<Disk> {
        // A symlinked output folder stays a symlink: the swap happens where it points.
        let out = match fs::symlink_metadata(out) {
            Ok(m) if m.file_type().is_symlink() => fs::canonicalize(out)?,
            _ => out.to_path_buf(),
        };
        let parent = parent_of(&out);
        fs.create_dir_all(&parent)?;
        recover(&*fs, &out)?;
        let made = tempfile::Builder::new()
            .prefix(&format!(".{}.new-", name_of(&out)))
            .make_in(&parent, |path| fs.create_dir(path))?;
        let (_, staging) = made.keep()?;
        let previous = read_manifest(&out);
        Ok(Disk {
            out,
            fs,
            cleanup: Some(staging.clone()),
            staging,
            previous,
            stamps: Mutex::default(),
            changed: AtomicUsize::new(0),
            dirs: Mutex::default(),
        })
    }

    /// Whether the live site already holds these bytes at `path`.
    fn unchanged(&self, path: &str, stamp: Stamp) -> bool {
        self.previous.as_ref().and_then(|m| m.get(path)) == Some(&stamp)
            && fs::symlink_metadata(self.out.join(path)).is_ok_and(|m| m.is_file() && m.len() == stamp.len)
    }

    /// The staging path for `path`, with its folder created.
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let target = self.staging.join(path);
        if let Some(dir) = target.parent() {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !dirs.contains(dir) {
                self.fs.create_dir_all(dir)?;
                dirs.insert(dir.to_path_buf());
            }
        }
        Ok(target)
    }

    /// Puts the staged build in place of the previous one.
    pub fn commit(mut self) -> io::Result<Written> {
        let stamps = std::mem::take(&mut *self.stamps.lock().unwrap_or_else(|e| e.into_inner()));
        let pages = stamps.keys().filter(|p| p.ends_with(".html")).count();
        let deleted = self.previous.as_ref().map_or(0, |m| m.keys().filter(|p| !stamps.contains_key(*p)).count());
        let written = Written { files: stamps.len(), pages, changed: *self.changed.get_mut(), deleted };
        self.fs.write(&self.staging.join(MANIFEST), &manifest_text(&stamps))?;
        keep_dotfiles(&*self.fs, &self.out, &self.staging)?;
        // The folder itself is replaced: it keeps its permissions.
        if let Ok(m) = fs::metadata(&self.out) {
            self.fs.set_permissions(&self.staging, m.permissions())?;
        }
        // A failed rename changes nothing, so on an error the staging folder
        // is still only that, and dropping `self` deletes it.
        self.cleanup = swap(&*self.fs, &self.out, &self.staging)?;
        // The new site is live. An old tree that cannot be deleted now is
        // deleted by the next build.
        if let Some(old) = self.cleanup.take() {
            let _ = self.fs.remove_dir_all(&old);
        }
        Ok(written)
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        if let Some(path) = self.cleanup.take() {
            let _ = self.fs.remove_dir_all(&path);
        }
    }
}

impl Emit for Disk {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        let stamp = Stamp::of(&bytes);
        let unchanged = self.unchanged(&path, stamp);
        let target = self.target(&path)?;
        // Where a link cannot be made, writing the bytes does as well.
        if !(unchanged && self.fs.hard_link(&self.out.join(&path), &target).is_ok()) {
            self.fs.write(&target, &bytes)?;
        }
        if !unchanged {
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        self.stamps.lock().unwrap_or_else(|e| e.into_inner()).insert(path, stamp);
        Ok(())
    }

    fn copy(&self, path: String, source: &Path) -> io::Result<()> {
        let bytes = fs::read(source)?;
        self.put(path, bytes)
    }
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn name_of(out: &Path) -> String {
    out.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned())
}

/// Where the fallback swap keeps the previous site between its two renames.
fn previous_path(out: &Path) -> PathBuf {
    parent_of(out).join(format!(".{}.previous", name_of(out)))
}

/// Undoes what a stopped build left: puts back a previous site that a swap
/// had moved aside when it was killed, and deletes staging folders and old
/// trees beside `out`. Fails only if the previous site cannot be put back.
fn recover(fs: &dyn Fs, out: &Path) -> io::Result<()> {
    let previous = previous_path(out);
    let is_dir = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
    let no_out = fs::symlink_metadata(out).is_err_and(|e| e.kind() == io::ErrorKind::NotFound);
    if no_out && is_dir(&previous) {
        fs.rename(&previous, out)?;
    }
    let prefix = format!(".{}.", name_of(out));
    let Ok(entries) = fs::read_dir(parent_of(out)) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        if rest.starts_with("new-") || rest.starts_with("old-") || rest == "previous" {
            let path = entry.path();
            let _ = if is_dir(&path) { fs.remove_dir_all(&path) } else { fs.remove_file(&path) };
        }
    }
    Ok(())
}

/// Puts the complete tree `staging` at `out`, in one atomic exchange where
/// the system has one. Returns where the old site went, to be deleted, if
/// there was one. On an error `out` is the previous site, or, if even
/// putting it back failed, it is in `.{name}.previous` and the next
/// `Disk::begin` puts it back.
fn swap(fs: &dyn Fs, out: &Path, staging: &Path) -> io::Result<Option<PathBuf>> {
    if fs::symlink_metadata(out).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
        return fs.rename(staging, out).map(|()| None);
    }
    match fs.exchange(staging, out) {
        Ok(()) => return Ok(Some(staging.to_path_buf())),
        Err(e) if e.kind() != io::ErrorKind::Unsupported => return Err(e),
        Err(_) => {}
    }
    let previous = previous_path(out);
    fs.rename(out, &previous)?;
    if let Err(e) = fs.rename(staging, out) {
        return Err(match fs.rename(&previous, out) {
            Ok(()) => e,
            Err(back) => io::Error::new(
                e.kind(),
                format!("{e}; the previous site is in {} ({back}), the next build puts it back", previous.display()),
            ),
        });
    }
    Ok(Some(previous))
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
/// which makes every file of the next build written again.
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
/// host's `.htaccess`) are not ours to delete: they go into the new tree too.
fn keep_dotfiles(fs: &dyn Fs, out: &Path, staging: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(out) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_ours = name.to_string_lossy().starts_with(MANIFEST);
        if name.to_string_lossy().starts_with('.') && !is_ours && entry.file_type()?.is_file() {
            let target = staging.join(&name);
            if fs::symlink_metadata(&target).is_err() && fs.hard_link(&entry.path(), &target).is_err() {
                fs.copy(&entry.path(), &target)?;
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

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_and_live_files_are_never_written_into() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("same.html", "same"), ("changes.html", "v1")]);
        let inode = |p: &str| fs::metadata(out.join(p)).unwrap().ino();
        let same = inode("same.html");
        // A second name for the live page shows whether its bytes are touched.
        let watch = dir.path().join("watch");
        fs::hard_link(out.join("changes.html"), &watch).unwrap();
        let w = build(&out, &[("same.html", "same"), ("changes.html", "v2")]);
        assert_eq!((w.files, w.changed), (2, 1));
        assert_eq!(inode("same.html"), same, "an unchanged file is the same file, linked");
        assert_eq!(fs::read_to_string(&watch).unwrap(), "v1", "the old page was replaced, not overwritten");
        assert_eq!(fs::read_to_string(out.join("changes.html")).unwrap(), "v2");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_folder_stays_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("site-2024");
        fs::create_dir(&real).unwrap();
        let out = dir.path().join("public");
        std::os::unix::fs::symlink(&real, &out).unwrap();
        build(&out, &[("index.html", "a")]);
        build(&out, &[("index.html", "b")]);
        assert!(fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(real.join("index.html")).unwrap(), "b");
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

/// Each operation of a build made to fail, or to stop as a killed process
/// would, in turn: the previous site must survive every one of them.
#[cfg(test)]
mod faults {
    use super::*;
    use std::sync::atomic::AtomicBool;

    #[derive(Clone, Copy, PartialEq, Debug)]
    enum Fault {
        /// Operation `n` fails (a full disk); the build goes on handling it.
        Fail,
        /// Operation `n` and every one after it never happen, as when the
        /// process is killed there.
        Kill,
    }

    /// Counts every change to the file system and breaks the `at`-th.
    struct Faulty {
        at: usize,
        fault: Fault,
        /// No `renameat2` exchange, as on macOS, Windows or an old kernel.
        no_exchange: bool,
        count: AtomicUsize,
        dead: AtomicBool,
    }

    impl Faulty {
        fn new(at: usize, fault: Fault, no_exchange: bool) -> Faulty {
            Faulty { at, fault, no_exchange, count: AtomicUsize::new(0), dead: AtomicBool::new(false) }
        }

        fn op(&self, then: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
            if self.dead.load(Ordering::SeqCst) {
                return Err(io::Error::other("killed"));
            }
            if self.count.fetch_add(1, Ordering::SeqCst) == self.at {
                if self.fault == Fault::Kill {
                    self.dead.store(true, Ordering::SeqCst);
                }
                return Err(io::Error::new(io::ErrorKind::StorageFull, "injected: no space left on device"));
            }
            then()
        }

        fn reached(&self) -> bool {
            self.count.load(Ordering::SeqCst) > self.at
        }
    }

    impl Fs for Faulty {
        fn create_dir(&self, path: &Path) -> io::Result<()> {
            self.op(|| RealFs.create_dir(path))
        }
        fn create_dir_all(&self, path: &Path) -> io::Result<()> {
            self.op(|| RealFs.create_dir_all(path))
        }
        fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            // A write that fails half-way leaves half a file behind.
            self.op(|| RealFs.write(path, bytes)).inspect_err(|_| {
                let _ = fs::write(path, &bytes[..bytes.len() / 2]);
            })
        }
        fn hard_link(&self, existing: &Path, new: &Path) -> io::Result<()> {
            self.op(|| RealFs.hard_link(existing, new))
        }
        fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.op(|| RealFs.copy(from, to))
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.op(|| RealFs.rename(from, to))
        }
        fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
            if self.no_exchange {
                return self.op(|| Err(io::Error::new(io::ErrorKind::Unsupported, "no exchange")));
            }
            self.op(|| RealFs.exchange(a, b))
        }
        fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
            self.op(|| RealFs.remove_dir_all(path))
        }
        fn remove_file(&self, path: &Path) -> io::Result<()> {
            self.op(|| RealFs.remove_file(path))
        }
        fn set_permissions(&self, path: &Path, permissions: fs::Permissions) -> io::Result<()> {
            self.op(|| RealFs.set_permissions(path, permissions))
        }
    }

    /// Every file under `dir` with its bytes, the manifest and dotfiles included.
    fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
            .collect()
    }

    const OLD: &[(&str, &str)] = &[
        ("index.html", "old front page"),
        ("kept/index.html", "the same in both builds"),
        ("gone/deep/index.html", "only in the old build"),
        ("moved", "a file that becomes a folder"),
    ];
    const NEW: &[(&str, &str)] = &[
        ("index.html", "new front page"),
        ("kept/index.html", "the same in both builds"),
        ("moved/index.html", "a folder where a file was"),
        ("added/a/b/index.html", "only in the new build"),
        ("data/site.json", "{}"),
    ];

    /// Builds `files` into `out` through `fs`, stopping at the first error
    /// as `build::build` does.
    fn build_with(out: &Path, files: &[(&str, &str)], fs: Arc<dyn Fs>) -> io::Result<Written> {
        let disk = Disk::begin_with(out, fs)?;
        for (path, text) in files {
            disk.put(path.to_string(), text.as_bytes().to_vec())?;
        }
        disk.commit()
    }

    type Files = BTreeMap<String, Vec<u8>>;

    /// A folder holding a previous site (with a committed dotfile), unless
    /// this is the `first` build, and what that site and the next one look like.
    fn previous_site(first: bool) -> (tempfile::TempDir, PathBuf, Files, Files) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let fresh = dir.path().join("fresh");
        build_with(&fresh, NEW, Arc::new(RealFs)).unwrap();
        let mut new = snapshot(&fresh);
        fs::remove_dir_all(&fresh).unwrap();
        if first {
            return (dir, out, Files::new(), new);
        }
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join(".htaccess"), "the host's").unwrap();
        build_with(&out, OLD, Arc::new(RealFs)).unwrap();
        let old = snapshot(&out);
        new.insert(".htaccess".into(), b"the host's".to_vec());
        (dir, out, old, new)
    }

    /// What is beside `out` in its folder, `out` itself excluded.
    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "public")
            .collect();
        names.sort();
        names
    }

    /// Runs the build with operation `at` broken; false once the build no
    /// longer reaches operation `at`.
    fn run(at: usize, fault: Fault, no_exchange: bool, first: bool) -> bool {
        let (dir, out, old, new) = previous_site(first);
        let faulty = Arc::new(Faulty::new(at, fault, no_exchange));
        let result = build_with(&out, NEW, faulty.clone());
        if !faulty.reached() {
            assert!(result.is_ok(), "{result:?}");
            assert_eq!(snapshot(&out), new);
            return false;
        }
        let case = format!("{fault:?} at operation {at} (no exchange: {no_exchange}, first build: {first})");
        let now = snapshot(&out);
        match fault {
            Fault::Fail if result.is_err() => {
                assert_eq!(now, old, "{case}: an error must leave the previous site exactly as it was");
                assert_eq!(out.exists(), !first, "{case}: a failed first build leaves no output folder");
                assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{case}: nothing is left beside the site");
            }
            // An error after the new site is in place (deleting the old tree) is not a failed build.
            Fault::Fail => assert_eq!(now, new, "{case}"),
            Fault::Kill => {
                // Killed between the two renames of the fallback, the old
                // site waits beside `out` for the next build to put it back.
                let live = if out.exists() { now } else { snapshot(&previous_path(&out)) };
                assert!(live == old || live == new, "{case}: the site must be the old one or the new one, never a mix");
            }
        }
        // The next build, on a healthy disk, works and cleans up.
        build_with(&out, NEW, Arc::new(RealFs)).unwrap_or_else(|e| panic!("{case}: the next build failed: {e}"));
        assert_eq!(snapshot(&out), new, "{case}: the next build");
        assert_eq!(
            leftovers(dir.path()),
            Vec::<String>::new(),
            "{case}: the next build leaves nothing beside the site"
        );
        true
    }

    fn every_operation(fault: Fault, no_exchange: bool) {
        for first in [false, true] {
            let mut at = 0;
            while run(at, fault, no_exchange, first) {
                at += 1;
            }
            assert!(at > 10, "only {at} operations: the test no longer covers the build");
        }
    }

    #[test]
    fn an_error_at_any_operation_leaves_the_previous_site() {
        every_operation(Fault::Fail, false);
    }

    #[test]
    fn an_error_at_any_operation_leaves_the_previous_site_without_exchange() {
        every_operation(Fault::Fail, true);
    }

    #[test]
    fn a_kill_at_any_operation_leaves_a_whole_site_and_the_next_build_recovers() {
        every_operation(Fault::Kill, false);
    }

    #[test]
    fn a_kill_at_any_operation_without_exchange_is_recovered_by_the_next_build() {
        every_operation(Fault::Kill, true);
    }
}
