//! A build killed at any moment (SIGKILL, so nothing of ours runs after it)
//! leaves a whole site, the old one or the new one, and the next build puts
//! things right. The fault-injecting tests in `src/output.rs` break each file
//! system operation in turn; this one kills the real binary at spread-out
//! moments of a real build.

use crate::common::{corpus, remiss, write};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn build(content: &Path, out: &Path) -> std::process::Command {
    let mut cmd = remiss();
    cmd.args(["build", "--today", "2024-06-01", "--content"]).arg(content).arg("--out").arg(out);
    cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    cmd
}

fn build_ok(content: &Path, out: &Path) {
    assert!(build(content, out).status().unwrap().success(), "build into {}", out.display());
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one_and_the_next_build_recovers() {
    let content = corpus("killed", 20);
    let dir = content.parent().unwrap().to_path_buf();
    let out = dir.join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".htaccess"), "the host's").unwrap();
    build_ok(&content, &out);
    let old = snapshot(&out);

    // The next version of the content: one new body changes most pages.
    write(&content, "organ/ny-namnd.md", "+++\nname = \"Nya nämnden\"\nkind = \"nämnd\"\n+++\n");
    let fresh = dir.join("fresh");
    let start = Instant::now();
    build_ok(&content, &fresh);
    let duration = start.elapsed();
    let mut new = snapshot(&fresh);
    new.insert(".htaccess".into(), b"the host's".to_vec());
    assert_ne!(old, new);

    // Kill moments spread over a whole build (and a little past it).
    let kills = 10;
    for i in 0..=kills {
        let delay = duration.mul_f64(1.2 * f64::from(i) / f64::from(kills));
        let mut child = build(&content, &out).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();

        let previous = dir.join(".public.swap");
        let live = if out.exists() { snapshot(&out) } else { snapshot(&previous) };
        assert!(live == old || live == new, "killed after {delay:?}: the site is neither the old nor the new one");

        build_ok(&content, &out);
        assert!(snapshot(&out) == new, "killed after {delay:?}: the next build is not the new site");
        let beside: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public") && n != ".public.spare")
            .collect();
        assert!(beside.is_empty(), "killed after {delay:?}: left beside the site: {beside:?}");

        // Back to the old site for the next round, built over the new one,
        // so that later rounds start with a spare, as a city's rebuilds do.
        std::fs::remove_file(content.join("organ/ny-namnd.md")).unwrap();
        build_ok(&content, &out);
        assert!(snapshot(&out) == old);
        write(&content, "organ/ny-namnd.md", "+++\nname = \"Nya nämnden\"\nkind = \"nämnd\"\n+++\n");
    }
}

#[test]
fn an_output_folder_that_cannot_be_created_is_a_clear_error() {
    let content = crate::common::minimal_copy("uncreatable");
    let dir = content.parent().unwrap().to_path_buf();
    std::fs::write(dir.join("a-file"), "not a folder").unwrap();
    let out = dir.join("a-file/public");
    let result = build(&content, &out).stderr(std::process::Stdio::piped()).output().unwrap();
    assert_eq!(result.status.code(), Some(1), "an error, not a crash");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("cannot write the site"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("a-file")).unwrap(), "not a folder");
}
