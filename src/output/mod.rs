//! Writing: files arrive from many threads as they are rendered, and reach
//! the output folder only once the whole site has been rendered.
//!
//! The previous site has to survive whatever stops a build half-way: an
//! error (a full disk, a folder that cannot be created) or the process being
//! killed. So the live folder is never changed file by file. A build brings
//! a second, complete tree beside it up to date (`.{name}.spare`), and the
//! two trade places in one `renameat2(RENAME_EXCHANGE)`, which the kernel
//! does atomically: at every moment `out` is either the whole old site or the
//! whole new one. The old site is then the spare of the next build. Where
//! there is no exchange (not Linux, or a file system without it) the swap is
//! three renames, `out` to `.{name}.swap`, the spare to `out`, and the old
//! site to the spare's name; a build killed between them leaves a complete
//! site under one of those names, which the next build puts back before
//! anything else.
//!
//! Keeping the spare is what makes this cheap: a rebuild touches only the
//! files that differ from the spare, instead of staging and deleting a whole
//! tree (which cost 18 s of a 47 s rebuild at 10,000 cases on this disk,
//! `benches/results-build-10000.md`). Both trees keep a manifest
//! (`.remiss-manifest`: path, length and BLAKE3 hash of every file). A spare
//! whose manifest matches a file is left alone; otherwise the file is
//! hard-linked from the live site when the live one has the same bytes (a
//! directory entry, not a copy), and written only when neither has it. The
//! spare's manifest is deleted before the spare is changed, so a spare that
//! a stopped build left half-updated is never trusted: the next build links
//! or writes every file of it again. Files in the spare that the new site no
//! longer has are deleted before the swap. Linked files share their inode
//! with the live site, so nothing here ever opens a staged path to write
//! into it: a write replaces the directory entry.
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

mod packed;

pub use packed::{Fingerprint, Packed, PackedMemory};

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

/// Why an output stage stopped.
#[derive(Debug)]
pub enum StageError {
    /// Said in full: a template that cannot render a page, with its page.
    Message(String),
    /// A file that could not be handed on.
    Io(io::Error),
}

impl From<String> for StageError {
    fn from(message: String) -> StageError {
        StageError::Message(message)
    }
}

impl From<io::Error> for StageError {
    fn from(e: io::Error) -> StageError {
        StageError::Io(e)
    }
}

impl StageError {
    /// The message for a person, `what` naming what the stage writes.
    pub fn message(&self, what: &str) -> String {
        match self {
            StageError::Message(message) => message.clone(),
            StageError::Io(e) => format!("writing {what}: {e}"),
        }
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
#[derive(Debug, Default, Clone)]
pub struct Written {
    /// Files produced by this build.
    pub files: usize,
    /// Of those, HTML pages.
    pub pages: usize,
    /// Of those, files whose bytes were written (new or changed).
    pub changed: usize,
    /// Files of the previous build that this one no longer produces.
    pub deleted: usize,
    /// The size of the whole site, in bytes.
    pub bytes: u64,
    /// The largest file: its site path and size in bytes.
    pub largest: (String, u64),
}

/// Every operation by which [`Disk`] changes the file system. [`RealFs`] is
/// the one builds use; tests put one in between that fails or stops.
pub(crate) trait Fs: Send + Sync {
    fn create_dir_all(&self, path: &Path) -> io::Result<()>;
    /// Writes a new file at `path`, replacing (not writing into) any file there.
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    fn hard_link(&self, existing: &Path, new: &Path) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Swaps two paths atomically; `ErrorKind::Unsupported` where the system
    /// or the file system cannot.
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()>;
    fn remove_dir_all(&self, path: &Path) -> io::Result<()>;
    /// Removes an empty folder.
    fn remove_dir(&self, path: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    fn set_permissions(&self, path: &Path, permissions: fs::Permissions) -> io::Result<()>;
}

/// The file system itself.
pub(crate) struct RealFs;

impl Fs for RealFs {
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::create_dir_all(path)
    }
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        create_new(path)?.write_all(bytes)
    }
    fn hard_link(&self, existing: &Path, new: &Path) -> io::Result<()> {
        fs::hard_link(existing, new)
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
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        fs::remove_dir(path)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
    fn set_permissions(&self, path: &Path, permissions: fs::Permissions) -> io::Result<()> {
        fs::set_permissions(path, permissions)
    }
}

/// A new file at `path`. A file already there may be a hard link to a live
/// file, so it is unlinked, never truncated.
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

/// Removes the file at `path` if there is one.
fn remove_if_present(fs: &dyn Fs, path: &Path) -> io::Result<()> {
    match fs.remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn is_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

fn is_missing(path: &Path) -> bool {
    fs::symlink_metadata(path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
}

/// Whether `path` is a file of `stamp`'s length, as its manifest says.
fn matches(manifest: Option<&HashMap<String, Stamp>>, root: &Path, path: &str, stamp: Stamp) -> bool {
    manifest.and_then(|m| m.get(path)) == Some(&stamp)
        && fs::symlink_metadata(root.join(path)).is_ok_and(|m| m.is_file() && m.len() == stamp.len)
}

/// Brings the spare tree beside `out` up to date; `commit` swaps it in.
pub struct Disk {
    out: PathBuf,
    fs: Arc<dyn Fs>,
    /// The spare tree, complete once every file has been put.
    staging: PathBuf,
    /// The spare was made by this build: deleted again if the build fails,
    /// so that a failed first build leaves nothing behind.
    made: bool,
    committed: bool,
    /// The live site's manifest, if it has a readable one.
    previous: Option<HashMap<String, Stamp>>,
    /// What the spare held when it had a manifest.
    spare: Option<HashMap<String, Stamp>>,
    stamps: Mutex<BTreeMap<String, Stamp>>,
    changed: AtomicUsize,
    dirs: Mutex<HashSet<PathBuf>>,
    /// What the spare held when the build began, listed while pages render:
    /// on a cold disk cache, reading the 200,000 folder entries of a large
    /// site took 15 s here, longer than rendering it.
    listing: Option<std::thread::JoinHandle<io::Result<Listing>>>,
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
        fs.create_dir_all(&parent_of(&out))?;
        recover(&*fs, &out)?;
        let staging = beside(&out, "spare");
        let made = !is_dir(&staging);
        let spare = if made {
            remove_if_present(&*fs, &staging)?;
            fs.create_dir_all(&staging)?;
            None
        } else {
            let spare = read_manifest(&staging);
            // From here on the spare may be half-updated: without a manifest
            // no later build trusts what it holds.
            remove_if_present(&*fs, &staging.join(MANIFEST))?;
            spare
        };
        let previous = read_manifest(&out);
        let listing = (!made).then(|| {
            let root = staging.clone();
            std::thread::spawn(move || list(&root))
        });
        Ok(Disk {
            out,
            fs,
            staging,
            made,
            committed: false,
            previous,
            spare,
            stamps: Mutex::default(),
            changed: AtomicUsize::new(0),
            dirs: Mutex::default(),
            listing,
        })
    }

    /// The staging path for `path`, with its folder created and nothing in
    /// the way: a file where a folder must be, or a folder where the file must be.
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let target = self.staging.join(path);
        if let Some(dir) = target.parent() {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !dirs.contains(dir) {
                if self.fs.create_dir_all(dir).is_err() {
                    let mut at = self.staging.clone();
                    for part in Path::new(path).parent().into_iter().flat_map(Path::components) {
                        at.push(part);
                        if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                            self.fs.remove_file(&at)?;
                        }
                    }
                    self.fs.create_dir_all(dir)?;
                }
                dirs.insert(dir.to_path_buf());
            }
        }
        if is_dir(&target) {
            self.fs.remove_dir_all(&target)?;
        }
        Ok(target)
    }

    /// Swaps the brought-up-to-date spare in place of the previous site.
    pub fn commit(mut self) -> io::Result<Written> {
        let stamps = std::mem::take(&mut *self.stamps.lock().unwrap_or_else(|e| e.into_inner()));
        let pages = stamps.keys().filter(|p| p.ends_with(".html")).count();
        let deleted = self.previous.as_ref().map_or(0, |m| m.keys().filter(|p| !stamps.contains_key(*p)).count());
        let bytes = stamps.values().map(|s| s.len).sum();
        let largest = stamps.iter().max_by_key(|(_, s)| s.len).map(|(p, s)| (p.clone(), s.len)).unwrap_or_default();
        let written = Written { files: stamps.len(), pages, changed: *self.changed.get_mut(), deleted, bytes, largest };
        if let Some(listing) = self.listing.take() {
            // Should the listing have failed, list again now.
            let listing = listing.join().unwrap_or_else(|_| Err(io::Error::other("listing failed")));
            let listing = listing.or_else(|_| list(&self.staging))?;
            prune(&*self.fs, &self.staging, &listing, &stamps)?;
        }
        keep_dotfiles(&*self.fs, &self.out, &self.staging)?;
        self.fs.write(&self.staging.join(MANIFEST), &manifest_text(&stamps))?;
        // The folder itself is replaced: it keeps its permissions.
        if let Ok(m) = fs::metadata(&self.out) {
            self.fs.set_permissions(&self.staging, m.permissions())?;
        }
        swap(&*self.fs, &self.out, &self.staging)?;
        self.committed = true;
        Ok(written)
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        if self.made && !self.committed {
            let _ = self.fs.remove_dir_all(&self.staging);
        }
    }
}

impl Emit for Disk {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        let stamp = Stamp::of(&bytes);
        let live = matches(self.previous.as_ref(), &self.out, &path, stamp);
        if !matches(self.spare.as_ref(), &self.staging, &path, stamp) {
            let target = self.target(&path)?;
            remove_if_present(&*self.fs, &target)?;
            // Where a link cannot be made, writing the bytes does as well.
            if !(live && self.fs.hard_link(&self.out.join(&path), &target).is_ok()) {
                self.fs.write(&target, &bytes)?;
            }
        }
        if !live {
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

/// `.{name}.{what}` beside `out`: the spare tree, or the old site during a
/// fallback swap.
fn beside(out: &Path, what: &str) -> PathBuf {
    let name = out.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    parent_of(out).join(format!(".{name}.{what}"))
}

/// Undoes what a build killed during a fallback swap left: the site moved
/// aside goes back to `out` if `out` is missing, else it becomes the spare.
/// Also deletes the staging folders that earlier versions of remiss left.
fn recover(fs: &dyn Fs, out: &Path) -> io::Result<()> {
    let aside = beside(out, "swap");
    let spare = beside(out, "spare");
    if is_dir(&aside) {
        if is_missing(out) {
            fs.rename(&aside, out)?;
        } else if is_missing(&spare) {
            fs.rename(&aside, &spare)?;
        } else {
            fs.remove_dir_all(&aside)?;
        }
    }
    let name = out.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(parent_of(out)) else { return Ok(()) };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        if (rest.starts_with("new-") || rest.starts_with("old-")) && is_dir(&entry.path()) {
            fs.remove_dir_all(&entry.path())?;
        }
    }
    Ok(())
}

/// Paths under a folder, true for folders.
type Listing = Vec<(String, bool)>;

/// Every file and folder under `root` (site-relative, `/`-separated; true
/// for folders), contents before their folder. Entries that this build
/// removes while the listing runs are skipped.
fn list(root: &Path) -> io::Result<Listing> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1).contents_first(true) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.io_error().is_some_and(|e| e.kind() == io::ErrorKind::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        let Ok(rel) = entry.path().strip_prefix(root) else { continue };
        let rel = rel.to_string_lossy();
        let rel = if std::path::MAIN_SEPARATOR == '/' {
            rel.into_owned()
        } else {
            rel.replace(std::path::MAIN_SEPARATOR, "/")
        };
        out.push((rel, entry.file_type().is_dir()));
    }
    Ok(out)
}

/// Deletes from the spare every file the new site does not have, and the
/// folders it does not need. Top-level dotfiles go too: [`keep_dotfiles`]
/// links the live site's back. `listing` is what the spare held when the
/// build began; what this build put there since is all in `stamps`.
fn prune(fs: &dyn Fs, staging: &Path, listing: &[(String, bool)], stamps: &BTreeMap<String, Stamp>) -> io::Result<()> {
    let mut needed: HashSet<&str> = HashSet::new();
    for path in stamps.keys() {
        let mut at = path.as_str();
        while let Some(end) = at.rfind('/') {
            at = &at[..end];
            if !needed.insert(at) {
                break;
            }
        }
    }
    for (rel, was_dir) in listing {
        let path = staging.join(rel);
        // This build may have put a folder where a file was, or the other way round.
        let is_dir = match fs::symlink_metadata(&path) {
            Ok(m) => m.is_dir(),
            Err(_) => continue,
        };
        if *was_dir && is_dir && !needed.contains(rel.as_str()) {
            fs.remove_dir(&path)?;
        } else if !was_dir && !is_dir && !stamps.contains_key(rel) {
            remove_if_present(fs, &path)?;
        }
    }
    Ok(())
}

/// Puts the complete tree `staging` at `out`, in one atomic exchange where
/// the system has one; the old site takes the staging name. On an error `out`
/// is the previous site, or, if even putting it back failed, the next
/// `Disk::begin` puts it back from `.{name}.swap`.
fn swap(fs: &dyn Fs, out: &Path, staging: &Path) -> io::Result<()> {
    if is_missing(out) {
        return fs.rename(staging, out);
    }
    match fs.exchange(staging, out) {
        Err(e) if e.kind() == io::ErrorKind::Unsupported => {}
        r => return r,
    }
    let aside = beside(out, "swap");
    fs.rename(out, &aside)?;
    if let Err(e) = fs.rename(staging, out) {
        return Err(match fs.rename(&aside, out) {
            Ok(()) => e,
            Err(back) => io::Error::new(
                e.kind(),
                format!("{e}; the previous site is in {} ({back}), the next build puts it back", aside.display()),
            ),
        });
    }
    // The new site is live: should this fail, the next build does it.
    let _ = fs.rename(&aside, staging);
    Ok(())
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
            if is_missing(&target) && fs.hard_link(&entry.path(), &target).is_err() {
                fs.write(&target, &std::fs::read(entry.path())?)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A packed file gives back its bytes, and equals another exactly when
    /// the bytes are the same, however they were written.
    #[test]
    fn packed_files_round_trip_and_compare_by_their_bytes() {
        let text: Vec<u8> = (0..200_000u32).flat_map(|i| format!("<p>rad {}</p>", i % 977).into_bytes()).collect();
        let whole = Packed::new(&text);
        assert_eq!(whole.bytes(), text);
        assert_eq!(whole.fingerprint(), Fingerprint::of(&text));
        assert_eq!(whole.fingerprint().len(), text.len());
        assert!(whole.packed_len() * 3 < text.len(), "{whole:?}");
        let piecewise = Packed::written(16, &mut |w| text.chunks(7).try_for_each(|c| w.write_all(c))).unwrap();
        assert_eq!(piecewise, whole);
        assert_eq!(piecewise.bytes(), text);
        let mut other = text.clone();
        other[100_000] ^= 1;
        assert_ne!(Packed::new(&other), whole);
        assert!(Packed::new(b"").fingerprint().is_empty() && Packed::new(b"").bytes().is_empty());
    }

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
        let mut beside: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        beside.sort();
        assert_eq!(beside, [".public.spare", "public"], "only the spare is kept beside the output");
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
        fn remove_dir(&self, path: &Path) -> io::Result<()> {
            self.op(|| RealFs.remove_dir(path))
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

    /// A third version, which the spare holds when the build starts.
    const MID: &[(&str, &str)] = &[
        // As long as NEW's front page.
        ("index.html", "mid front page"),
        ("kept/index.html", "the same in both builds"),
        ("added", "a file where the new build has a folder"),
        ("moved/index.html", "an older version of the folder"),
        ("only/in/mid.html", "in neither the old nor the new build"),
    ];

    type Files = BTreeMap<String, Vec<u8>>;

    /// What the output folder has been through before the build under test.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Before {
        /// Nothing: this is the first build.
        Nothing,
        /// One build: there is a site but no spare yet.
        OneBuild,
        /// Two builds: the spare holds `MID`, which differs from both.
        TwoBuilds,
    }

    /// What `files` look like built on their own into a new folder.
    fn fresh_site(dir: &Path, files: &[(&str, &str)], dotfile: bool) -> Files {
        let fresh = dir.join("fresh");
        build_with(&fresh, files, Arc::new(RealFs)).unwrap();
        let mut site = snapshot(&fresh);
        fs::remove_dir_all(&fresh).unwrap();
        if dotfile {
            site.insert(".htaccess".into(), b"the host's".to_vec());
        }
        site
    }

    /// A folder holding the previous site (with a committed dotfile) as
    /// `before` says, and what the old and the new site look like.
    fn previous_site(before: Before) -> (tempfile::TempDir, PathBuf, Files, Files) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = before == Before::Nothing;
        let old = if first { Files::new() } else { fresh_site(dir.path(), OLD, true) };
        let new = fresh_site(dir.path(), NEW, !first);
        if first {
            return (dir, out, old, new);
        }
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join(".htaccess"), "the host's").unwrap();
        if before == Before::TwoBuilds {
            build_with(&out, MID, Arc::new(RealFs)).unwrap();
        }
        build_with(&out, OLD, Arc::new(RealFs)).unwrap();
        assert_eq!(snapshot(&out), old);
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
    fn run(at: usize, fault: Fault, no_exchange: bool, before: Before) -> bool {
        let (dir, out, old, new) = previous_site(before);
        let beside_before = leftovers(dir.path());
        let faulty = Arc::new(Faulty::new(at, fault, no_exchange));
        let result = build_with(&out, NEW, faulty.clone());
        if !faulty.reached() {
            assert!(result.is_ok(), "{result:?}");
            assert_eq!(snapshot(&out), new);
            return false;
        }
        let case = format!("{fault:?} at operation {at} (no exchange: {no_exchange}, before: {before:?})");
        let now = snapshot(&out);
        match fault {
            Fault::Fail if result.is_err() => {
                assert_eq!(now, old, "{case}: an error must leave the previous site exactly as it was");
                assert_eq!(
                    out.exists(),
                    before != Before::Nothing,
                    "{case}: a failed first build leaves no output folder"
                );
                assert_eq!(leftovers(dir.path()), beside_before, "{case}: nothing new is left beside the site");
            }
            // An error after the new site is live (putting the old one aside) is not a failed build.
            Fault::Fail => assert_eq!(now, new, "{case}"),
            Fault::Kill => {
                // Killed in the middle of the fallback swap, a whole site
                // waits beside `out` for the next build to put it back.
                let live = if out.exists() { now } else { snapshot(&beside(&out, "swap")) };
                assert!(live == old || live == new, "{case}: the site must be the old one or the new one, never a mix");
            }
        }
        // The next builds, on a healthy disk, work and clean up, and the
        // spare that the broken build left is not trusted for what it holds.
        let spare = [".public.spare".to_string()];
        // MID first: its front page is as long as NEW's, so a spare that
        // the broken build changed but still trusted would show NEW's.
        let mid = fresh_site(dir.path(), MID, before != Before::Nothing);
        for (files, expected) in [(MID, &mid), (NEW, &new), (OLD, &old), (NEW, &new)] {
            if files == OLD && before == Before::Nothing {
                continue;
            }
            build_with(&out, files, Arc::new(RealFs)).unwrap_or_else(|e| panic!("{case}: a later build failed: {e}"));
            assert_eq!(&snapshot(&out), expected, "{case}: a later build");
            let beside = leftovers(dir.path());
            assert!(beside.is_empty() || beside == spare, "{case}: a later build leaves {beside:?} beside the site");
        }
        true
    }

    fn every_operation(fault: Fault, no_exchange: bool) {
        for before in [Before::Nothing, Before::OneBuild, Before::TwoBuilds] {
            let mut at = 0;
            while run(at, fault, no_exchange, before) {
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
