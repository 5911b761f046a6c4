//! Writing: minify, write everything into a fresh folder beside the output,
//! then swap it into place, so a failed build never leaves a half-written
//! site and the old one stays served until the new one is complete.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One file of the site: its site-relative path (`/`-separated) and bytes.
pub type OutputFile = (String, Vec<u8>);

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

/// Writes `files` and copies `copies` (site path, source file) into `out`,
/// replacing what was there only once everything is written.
pub fn write_site(out: &Path, files: &[OutputFile], copies: &[(String, PathBuf)]) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = out.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let staging = tempfile::Builder::new().prefix(&format!(".{name}.new-")).tempdir_in(&parent)?;
    for (path, bytes) in files {
        let target = staging.path().join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(target, bytes)?;
    }
    for (path, source) in copies {
        let target = staging.path().join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::copy(source, target)?;
    }
    keep_dotfiles(out, staging.path())?;
    let staging = staging.keep();
    if out.exists() {
        let old = tempfile::Builder::new().prefix(&format!(".{name}.old-")).tempdir_in(&parent)?;
        let old_path = old.keep();
        fs::remove_dir(&old_path)?;
        fs::rename(out, &old_path)?;
        if let Err(e) = fs::rename(&staging, out) {
            fs::rename(&old_path, out)?;
            return Err(e);
        }
        fs::remove_dir_all(&old_path)?;
    } else {
        fs::rename(&staging, out)?;
    }
    Ok(())
}

/// Dotfiles at the top of the output folder (a committed `.gitkeep`, a
/// host's `.htaccess`) are not ours to delete.
fn keep_dotfiles(out: &Path, staging: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(out) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') && entry.file_type()?.is_file() {
            let target = staging.join(&name);
            if !target.exists() {
                fs::copy(entry.path(), target)?;
            }
        }
    }
    Ok(())
}
