//! Records the commit a binary was built from, for `remiss --version`, so
//! that a city's IT can tell which build runs. A build outside a git
//! checkout (a source tarball) says "unknown", unless the packager sets
//! `REMISS_COMMIT`.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=REMISS_COMMIT");
    let commit = std::env::var("REMISS_COMMIT").ok().filter(|c| !c.is_empty()).or_else(git_commit);
    println!("cargo:rustc-env=REMISS_COMMIT={}", commit.as_deref().unwrap_or("unknown"));
}

/// The short hash of HEAD; rebuilds when HEAD moves.
fn git_commit() -> Option<String> {
    let git = Path::new(".git");
    if git.is_dir() {
        println!("cargo:rerun-if-changed=.git/HEAD");
        // HEAD names a branch; the branch's file changes with each commit.
        // (Only files that exist: cargo reruns a script on every build for
        // a path that is missing.)
        if let Ok(head) = std::fs::read_to_string(git.join("HEAD"))
            && let Some(branch) = head.trim().strip_prefix("ref: ")
        {
            for file in [branch, "packed-refs"] {
                if git.join(file).is_file() {
                    println!("cargo:rerun-if-changed=.git/{file}");
                }
            }
        }
    }
    let out = Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().ok()?;
    let hash = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !hash.is_empty()).then_some(hash)
}
