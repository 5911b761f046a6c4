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

/// The shell words of a command line, quotes removed ("a b" is one word).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// Every string in a YAML document.
fn strings(yaml: &yaml_rust2::Yaml, out: &mut Vec<String>) {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::String(s) => out.push(s.clone()),
        Yaml::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Yaml::Hash(map) => map.iter().for_each(|(k, v)| {
            strings(k, out);
            strings(v, out);
        }),
        _ => {}
    }
}

/// The `remiss …` command lines of a CI file: every line of every string
/// in it whose first word is `remiss`.
fn remiss_commands(file: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(file).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut all = Vec::new();
    docs.iter().for_each(|d| strings(d, &mut all));
    all.iter()
        .flat_map(|s| s.lines().map(words).collect::<Vec<_>>())
        .filter(|w| w.first().map(String::as_str) == Some("remiss"))
        .collect()
}

/// The copy-paste CI files in docs/ci/ use only commands, flags and values
/// that this version of the CLI has, pin this version, check the download
/// against its SHA-256, check pull requests with --strict and build.
#[test]
fn the_ci_examples_use_only_what_this_cli_has() {
    for name in ["github-pages.yml", "gitlab-pages.yml"] {
        let file = repo().join("docs/ci").join(name);
        let commands = remiss_commands(&file);
        let subcommands: Vec<&str> =
            commands.iter().filter_map(|c| c.get(1)).map(String::as_str).filter(|w| !w.starts_with('-')).collect();
        for wanted in ["check", "build"] {
            assert!(subcommands.contains(&wanted), "{name}: no `remiss {wanted}` in {commands:?}");
        }
        assert!(commands.iter().any(|c| c[1..].contains(&"--strict".to_string())), "{name}: check --strict");
        for command in &commands {
            let sub: Vec<&str> = command[1..].iter().map(String::as_str).take_while(|w| !w.starts_with('-')).collect();
            let mut args = sub.clone();
            // -h: the short help, one line a flag with its "[possible values: …]".
            args.push("-h");
            let help = ok(&run(&args));
            let mut rest = command[1 + sub.len()..].iter().peekable();
            while let Some(word) = rest.next() {
                let Some(flag) = word.strip_prefix("--") else { continue };
                let (flag, inline) = flag.split_once('=').map_or((flag, None), |(f, v)| (f, Some(v.to_string())));
                if flag == "version" && sub.is_empty() {
                    continue;
                }
                let line = help.lines().find(|l| l.split([' ', ',']).any(|w| w == format!("--{flag}")));
                let line =
                    line.unwrap_or_else(|| panic!("{name}: `remiss {}` has no --{flag}:\n{help}", sub.join(" ")));
                // A flag with possible values: the value used must be one of them.
                if let Some(values) = line.split("[possible values: ").nth(1).and_then(|v| v.split(']').next()) {
                    let value = inline.or_else(|| rest.next().cloned()).unwrap_or_default();
                    assert!(values.split(", ").any(|v| v == value), "{name}: --{flag} {value} is not one of {values}");
                }
            }
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let pin = format!("REMISS_VERSION: v{}", env!("CARGO_PKG_VERSION"));
        assert!(text.contains(&pin), "{name}: pins this version ({pin})");
        assert!(text.contains("sha256sum --check --strict"), "{name}: checks the download");
    }
}

/// `remiss new site` writes a repository that checks and builds once the
/// people have filled in what only they know, with the same CI file as
/// docs/ci/; it never overwrites.
#[test]
fn new_site_writes_a_content_repository_with_its_ci_file() {
    let dir = crate::common::scratch("new-site").join("stadens-remissvar");
    let d = dir.to_str().unwrap();
    let report = ok(&run(&[
        "new",
        "site",
        d,
        "--title",
        "Exempelstads remissvar",
        "--organisation",
        "Exempelstad",
        "--base-url",
        "https://example.org/remissvar/",
    ]));
    assert!(report.contains("REMISS_SHA256") && report.contains("[accessibility]"), "{report}");
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/site.yml")).unwrap();
    assert_eq!(workflow, std::fs::read_to_string(repo().join("docs/ci/github-pages.yml")).unwrap());
    assert_eq!(std::fs::read_to_string(dir.join(".gitignore")).unwrap().lines().last(), Some("public/"));

    // The accessibility statement is what only people can write: until then
    // `check` names each placeholder.
    let content = dir.join("content");
    let c = content.to_str().unwrap();
    let out = run(&["check", "--strict", "--content", c]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    for key in ["compliance", "assessed", "method", "contact"] {
        assert!(stdout.contains(&format!("`{key}` still holds a placeholder")), "{key}: {stdout}");
    }
    let settings = content.join("site.toml");
    let filled = std::fs::read_to_string(&settings)
        .unwrap()
        .lines()
        .map(|l| match l.split_once(" = \"TODO:").map(|(k, _)| k) {
            Some("compliance") => "compliance = \"delvis förenlig\"".to_string(),
            Some("assessed") => "assessed = 2026-12-01".to_string(),
            Some("method") => "method = \"Självskattning.\"".to_string(),
            Some("contact") => "contact = \"webb@example.org\"".to_string(),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&settings, filled).unwrap();
    ok(&run(&["check", "--strict", "--today", "2026-12-06", "--content", c]));
    let public = dir.join("public");
    ok(&run(&["build", "--today", "2026-12-06", "--content", c, "--out", public.to_str().unwrap()]));
    assert!(public.join("index.html").exists() && public.join("organ/kommunstyrelsen/index.html").exists());

    // Again into the same folder: refused, nothing overwritten.
    let again = run(&["new", "site", d]);
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
    let gitlab = crate::common::scratch("new-site-gitlab").join("site");
    ok(&run(&["new", "site", gitlab.to_str().unwrap(), "--ci", "gitlab"]));
    assert_eq!(
        std::fs::read_to_string(gitlab.join(".gitlab-ci.yml")).unwrap(),
        std::fs::read_to_string(repo().join("docs/ci/gitlab-pages.yml")).unwrap()
    );
    let title = std::fs::read_to_string(gitlab.join("content/site.toml")).unwrap();
    assert!(title.contains("title = \"TODO:"), "{title}");
}

/// The Dockerfile builds the dist binary in one stage and ships it alone,
/// on an empty base, as a non-root user, in the folder a site is mounted at.
/// (Its build and run are emulated by scripts/static-build, which this
/// machine can run without a container daemon: the same static binary, an
/// empty environment, user 65532.)
#[test]
fn the_dockerfile_ships_the_static_binary_alone_as_a_non_root_user() {
    let text = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let stages: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with("FROM ")).collect();
    assert!(stages.len() >= 2, "multi-stage: {stages:?}");
    let build = &lines[stages[0]..*stages.last().unwrap()];
    let image = &lines[*stages.last().unwrap()..];
    assert!(build.iter().any(|l| l.contains("cargo build --locked --profile dist")), "{build:?}");
    let base = image[0].split_whitespace().nth(1).unwrap();
    assert!(base == "scratch" || base.starts_with("gcr.io/distroless/static"), "final base {base}");
    let copies: Vec<&&str> = image.iter().filter(|l| l.starts_with("COPY")).collect();
    assert_eq!(copies.len(), 1, "only the binary: {copies:?}");
    let user = image.iter().find_map(|l| l.strip_prefix("USER ")).expect("a USER");
    let uid: u32 = user.split(':').next().unwrap().parse().expect("a numeric user: scratch has no /etc/passwd");
    assert!(uid != 0, "not root");
    assert!(image.contains(&"WORKDIR /site"));
    assert!(image.contains(&"ENTRYPOINT [\"/remiss\"]"));
    let ignore = std::fs::read_to_string(repo().join(".dockerignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "target/"), "the build context leaves out target/");
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("-v \"$PWD:/site\""), "the README shows the mount the image works in");
}

/// Every build says how big the site is; `host` in site.toml makes it warn,
/// with the numbers, when the site is over that host's limits.
#[test]
fn the_build_reports_its_size_and_warns_over_a_hosts_limits() {
    let content = crate::common::minimal_copy("host-limits");
    let settings = content.join("site.toml");
    let original = std::fs::read_to_string(&settings).unwrap();
    // `host` among the top keys, `tables` at the end of the file.
    let set = |host: &str, tables: &str| {
        let text = original.replacen("organisation = ", &format!("{host}\norganisation = "), 1);
        std::fs::write(&settings, format!("{text}\n{tables}")).unwrap();
    };
    let out = content.parent().unwrap().join("public");
    let (c, o) = (content.to_str().unwrap(), out.to_str().unwrap());
    let build = || {
        let r = run(&["build", "--today", "2024-02-01", "--content", c, "--out", o]);
        let text = String::from_utf8_lossy(&r.stdout).into_owned() + &String::from_utf8_lossy(&r.stderr);
        assert!(r.status.success(), "{text}");
        text
    };

    // Within GitHub Pages' limits: the size, and no warning about it.
    set("host = \"github-pages\"", "");
    let text = build();
    assert!(text.contains(" files, ") && text.contains(" kB; "), "the summary gives the size: {text}");
    assert!(!text.contains("takes at most"), "{text}");

    // Cloudflare Pages' limits, lowered by [limits] for the test: a warning at
    // `host` with the numbers, and the build still succeeds.
    set("host = \"cloudflare-pages\"", "[limits]\nmax_files = 10\nmax_file_bytes = 20000\n");
    let text = build();
    let files = walkdir::WalkDir::new(&out).into_iter().filter(|e| e.as_ref().unwrap().file_type().is_file()).count();
    // The output folder also holds the build's manifest, which is not part of the site.
    let warning =
        format!("site.toml:3:8: warning: the site has {} files, and Cloudflare Pages takes at most 10", files - 1);
    assert!(text.contains(&warning), "{warning} in {text}");
    assert!(text.contains("and Cloudflare Pages takes at most 20.0 kB for one file"), "{text}");

    // A host remiss does not know: an error that names the ones it does.
    set("host = \"github\"", "");
    let wrong = run(&["check", "--content", c]);
    let text = String::from_utf8_lossy(&wrong.stdout).into_owned() + &String::from_utf8_lossy(&wrong.stderr);
    assert!(!wrong.status.success());
    assert!(
        text.contains("`host` must be one of github-pages, gitlab-pages, cloudflare-pages")
            && text.contains("did you mean `github-pages`?"),
        "{text}"
    );
}

/// A feed holds the newest `feed_limit` entries (100 by default), so feed
/// readers do not fetch every case of a large site each hour; a limit that
/// is not a positive number is an error at its line.
#[test]
fn feeds_hold_the_newest_entries_up_to_feed_limit() {
    let content = crate::common::minimal_copy("feed-limit");
    let settings = content.join("site.toml");
    let original = std::fs::read_to_string(&settings).unwrap();
    let out = content.parent().unwrap().join("public");
    let (c, o) = (content.to_str().unwrap(), out.to_str().unwrap());
    // Every feed's entry titles, by path.
    let entries = || {
        let r = run(&["build", "--today", "2024-02-01", "--content", c, "--out", o]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let mut feeds = std::collections::BTreeMap::new();
        for e in walkdir::WalkDir::new(&out).into_iter().map(Result::unwrap) {
            if e.file_name() == "feed.xml" {
                let feed = std::fs::read_to_string(e.path()).unwrap();
                let titles: Vec<String> = feed
                    .split("<entry>")
                    .skip(1)
                    .map(|e| e.split("<title>").nth(1).unwrap().split("</title>").next().unwrap().to_string())
                    .collect();
                feeds.insert(e.path().to_path_buf(), titles);
            }
        }
        feeds
    };
    let all = entries();
    assert!(all.values().any(|t| t.len() >= 2), "some feed of the minimal site has several entries: {all:?}");
    let newest: std::collections::BTreeMap<_, _> =
        all.iter().map(|(path, titles)| (path.clone(), titles[..titles.len().min(1)].to_vec())).collect();
    std::fs::write(&settings, original.replacen("organisation = ", "feed_limit = 1\norganisation = ", 1)).unwrap();
    assert_eq!(entries(), newest, "only the newest entry of each feed");

    std::fs::write(&settings, original.replacen("organisation = ", "feed_limit = 0\norganisation = ", 1)).unwrap();
    let wrong = run(&["check", "--content", c]);
    let text = String::from_utf8_lossy(&wrong.stdout).into_owned() + &String::from_utf8_lossy(&wrong.stderr);
    assert!(!wrong.status.success(), "{text}");
    assert!(text.contains("site.toml:3:") && text.contains("`feed_limit` must be a positive number"), "{text}");
}

/// The release workflow builds the five platforms the issue names with the
/// dist profile on a version tag, checks that the Linux ones are static,
/// publishes them with SHA256SUMS, and the image for amd64 and arm64.
#[test]
fn the_release_workflow_covers_every_platform() {
    let path = repo().join(".github/workflows/release.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = &yaml_rust2::YamlLoader::load_from_str(&text).unwrap()[0];
    // YAML 1.2: `on` is a string, not the boolean of YAML 1.1.
    assert_eq!(doc["on"]["push"]["tags"][0].as_str(), Some("v*"), "runs on a version tag");
    let include = doc["jobs"]["binaries"]["strategy"]["matrix"]["include"].as_vec().unwrap();
    let mut targets: Vec<&str> = include.iter().map(|m| m["target"].as_str().unwrap()).collect();
    targets.sort();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-musl"
        ]
    );
    let mut all = Vec::new();
    strings(doc, &mut all);
    let all = all.join("\n");
    for wanted in [
        "cargo build --locked --profile dist --target",
        "program interpreter",
        "(NEEDED)",
        "sha256sum -- * > SHA256SUMS",
        "gh release create",
        "REMISS_COMMIT",
        "linux/amd64",
        "linux/arm64",
        "docker buildx imagetools create",
    ] {
        assert!(all.contains(wanted), "the release workflow has no {wanted:?}");
    }
}
