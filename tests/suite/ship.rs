//! What IT needs to install and run remiss: the version it reports.

use crate::common::{ok, repo, run};

/// `remiss --version` names the version and the commit the binary was
/// built from, so that a city can tell which build it runs.
#[test]
fn version_names_the_release_and_the_commit() {
    let out = ok(&run(&["--version"]));
    let want = format!("remiss {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(out.starts_with(&want), "{out}");
    let commit = out.trim().strip_prefix(&want).and_then(|r| r.strip_suffix(')')).unwrap_or_else(|| panic!("{out}"));
    let head = std::process::Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).current_dir(repo()).output();
    match head {
        Ok(h) if h.status.success() => {
            assert_eq!(commit, String::from_utf8_lossy(&h.stdout).trim(), "the commit of HEAD")
        }
        _ => assert!(commit == "unknown" || commit.chars().all(|c| c.is_ascii_hexdigit()), "{out}"),
    }
}
