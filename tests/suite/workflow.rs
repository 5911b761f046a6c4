//! The staff workflow: `check` in every output format and with `--strict`,
//! the warnings a clerk should see before publishing, and `remiss new`
//! skeletons that pass `check` once their placeholders are filled.

use crate::common::{minimal_copy, options, remiss, repo, write};
use remiss::diagnostics::Severity;
use std::path::Path;
use std::process::Output;

fn check(content: &Path, extra: &[&str]) -> Output {
    remiss().args(["check", "--today", "2024-02-01"]).args(extra).arg("--content").arg(content).output().unwrap()
}

fn new(content: &Path, args: &[&str]) -> Output {
    remiss().arg("new").args(args).arg("--content").arg(content).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Warnings from the library, as `relative/path:line:column: message`.
fn warnings(content: &Path) -> Vec<String> {
    let out = content.parent().unwrap().join("public");
    let diags = match remiss::build::check(&options(content, &out, "2024-02-01")) {
        Ok((_, d)) | Err(d) => d,
    };
    let prefix = format!("{}/", content.display());
    diags
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| format!("{}:{}:{}: {}", d.path.trim_start_matches(&prefix), d.line, d.column, d.message))
        .collect()
}

fn edit(content: &Path, rel: &str, from: &str, to: &str) {
    let old = std::fs::read_to_string(content.join(rel)).unwrap();
    assert!(old.contains(from), "{rel} has no {from:?}");
    write(content, rel, &old.replace(from, to));
}

/// Two errors in two files: a misspelt stance (svar/socialnamnden.md:2:10)
/// and a misspelt key (organ/socialnamnden.md:4:1).
fn two_errors(name: &str) -> std::path::PathBuf {
    let c = minimal_copy(name);
    edit(&c, "remisser/ks-2024-1/svar/socialnamnden.md", "stance = \"positiv\"", "stance = \"postiv\"");
    write(&c, "organ/socialnamnden.md", "+++\nname = \"Socialnämnden\"\nkind = \"nämnd\"\nofice = \"x\"\n+++\n");
    c
}

#[test]
fn check_human_format_is_the_default() {
    let c = two_errors("fmt-human");
    let out = check(&c, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    let svar = c.join("remisser/ks-2024-1/svar/socialnamnden.md");
    assert!(stderr.contains(&format!("{}:2:10: error: `stance` cannot be", svar.display())), "{stderr}");
    assert!(stderr.trim_end().ends_with("check failed: 2 error(s), 0 warning(s)"), "{stderr}");
    let explicit = check(&c, &["--format", "human"]);
    assert_eq!(explicit.stderr, out.stderr);
}

#[test]
fn check_github_format_annotates_file_line_and_column() {
    let c = two_errors("fmt-github");
    let out = check(&c, &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    let organ = c.join("organ/socialnamnden.md").display().to_string();
    let svar = c.join("remisser/ks-2024-1/svar/socialnamnden.md").display().to_string();
    assert!(lines[0].starts_with(&format!("::error file={organ},line=4,col=1,title=remiss::unknown key `ofice`")));
    assert!(lines[1].starts_with(&format!("::error file={svar},line=2,col=10,title=remiss::`stance` cannot be")));
    assert_eq!(lines[2], "check failed: 2 error(s), 0 warning(s)");
}

#[test]
fn check_json_format_matches_the_human_diagnostics() {
    let c = two_errors("fmt-json");
    let human = text(&check(&c, &[]).stderr);
    let out = check(&c, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 2);
    assert_eq!(v["warnings"], 0);
    let diags = v["diagnostics"].as_array().unwrap();
    let human_lines: Vec<&str> = human.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(diags.len(), human_lines.len());
    for (d, line) in diags.iter().zip(&human_lines) {
        let as_human = format!(
            "{}:{}:{}: {}: {}",
            d["path"].as_str().unwrap(),
            d["line"],
            d["column"],
            d["severity"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert_eq!(&as_human, line);
    }

    let valid = check(&minimal_copy("fmt-json-ok"), &["--format", "json"]);
    assert_eq!(valid.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&valid.stdout).unwrap();
    assert_eq!(v, serde_json::json!({"ok": true, "errors": 0, "warnings": 0, "diagnostics": []}));
}

#[test]
fn strict_fails_on_warnings_only_content() {
    let c = minimal_copy("strict");
    edit(&c, "remisser/ks-2024-1/index.md", "deadline = 2024-03-01", "deadline = 2024-01-01");
    let lenient = check(&c, &[]);
    assert_eq!(lenient.status.code(), Some(0), "{}", text(&lenient.stderr));
    assert!(text(&lenient.stderr).contains("content is valid: 0 error(s), 1 warning(s)"));

    let strict = check(&c, &["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(text(&strict.stderr).contains(": warning: the deadline 2024-01-01 is before the received date"));

    let github = check(&c, &["--strict", "--format", "github"]);
    assert_eq!(github.status.code(), Some(1));
    let index = c.join("remisser/ks-2024-1/index.md").display().to_string();
    assert!(text(&github.stdout).starts_with(&format!("::warning file={index},line=7,col=12,title=remiss::")));

    let json = check(&c, &["--strict", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!((v["ok"].as_bool(), v["errors"].as_u64(), v["warnings"].as_u64()), (Some(false), Some(0), Some(1)));

    let out = c.parent().unwrap().join("public");
    let build = |strict: bool| {
        let mut cmd = remiss();
        cmd.args(["build", "--today", "2024-02-01", "--content"]).arg(&c).arg("--out").arg(&out);
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let failed = build(true);
    assert_eq!(failed.status.code(), Some(1));
    assert!(text(&failed.stderr).contains("build failed (--strict)"), "{}", text(&failed.stderr));
    assert!(!out.exists(), "a strict build that fails writes nothing");
    let built = build(false);
    assert_eq!(built.status.code(), Some(0), "warnings do not fail a normal build");
    assert!(text(&built.stderr).contains(": warning: the deadline"));
}

#[test]
fn warning_deadline_before_received() {
    let c = minimal_copy("warn-deadline");
    assert!(warnings(&c).is_empty(), "{:#?}", warnings(&c));
    edit(&c, "remisser/ks-2024-1/index.md", "deadline = 2024-03-01", "deadline = 2024-01-01");
    let w = warnings(&c);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].starts_with("remisser/ks-2024-1/index.md:7:12: the deadline 2024-01-01 is before the received date 2024-01-15: check both dates"), "{w:#?}");
}

#[test]
fn warning_referred_body_without_response_after_decision() {
    let c = minimal_copy("warn-unanswered");
    let rel = "remisser/ks-2024-1/index.md";
    let list = "referred_to = [\"socialnamnden\", \"kommunstyrelsen\"]";
    edit(&c, rel, "referred_to = [\"socialnamnden\"]", list);
    assert!(warnings(&c).is_empty(), "an open case may still wait for answers: {:#?}", warnings(&c));

    edit(&c, rel, "decided_by = ", "decided = 2024-02-25\ndecided_by = ");
    let w = warnings(&c);
    assert_eq!(w.len(), 1, "socialnamnden answered, kommunstyrelsen did not: {w:#?}");
    let column = list.find("\"kommunstyrelsen\"").unwrap() + 1;
    assert!(
        w[0].starts_with(&format!("{rel}:10:{column}: the case was decided on 2024-02-25, but `kommunstyrelsen`")),
        "{w:#?}"
    );
    assert!(w[0].contains("add remisser/ks-2024-1/svar/kommunstyrelsen.md"), "{w:#?}");

    edit(&c, rel, "decided = 2024-02-25", "answered = true");
    let w = warnings(&c);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("the case is answered, but `kommunstyrelsen`"), "{w:#?}");

    // A body that answered jointly in another body's response has answered.
    edit(
        &c,
        "remisser/ks-2024-1/svar/socialnamnden.md",
        "meeting = ",
        "joint_with = [\"kommunstyrelsen\"]\nmeeting = ",
    );
    assert!(warnings(&c).is_empty(), "{:#?}", warnings(&c));
}

#[test]
fn warning_statement_without_text_unless_same_as() {
    let c = minimal_copy("warn-empty");
    let statement = |same_as: &str| {
        format!(
            "+++\nkind = \"reservation\"\nbody = \"socialnamnden\"\nsignatories = [{{ name = \"Bo Berg\", party = \"m\" }}]\n{same_as}+++\n\n"
        )
    };
    write(&c, "remisser/ks-2024-1/uttalanden/m-socialnamnden.md", &statement(""));
    let w = warnings(&c);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].starts_with("remisser/ks-2024-1/uttalanden/m-socialnamnden.md:6:1: the statement has no text"),
        "{w:#?}"
    );
    assert!(w[0].contains("add `same_as`"), "{w:#?}");
    write(&c, "remisser/ks-2024-1/uttalanden/m-socialnamnden.md", &statement("same_as = \"s-socialnamnden\"\n"));
    assert!(warnings(&c).is_empty(), "{:#?}", warnings(&c));
}

#[test]
fn the_seed_content_has_no_warnings() {
    let content = repo().join("content");
    let out = crate::common::scratch("seed-warnings").join("public");
    let (_, w) = remiss::build::check(&options(&content, &out, "2023-05-01")).unwrap();
    assert!(w.is_empty(), "{w:#?}");
}

/// Replaces the placeholder value of each `key = "TODO: …"` line.
fn fill(content: &Path, rel: &str, values: &[(&str, &str)]) {
    let old = std::fs::read_to_string(content.join(rel)).unwrap();
    let mut new = String::new();
    for line in old.lines() {
        let filled = values.iter().find_map(|(key, value)| {
            line.strip_prefix(&format!("{key} = \"TODO:")).map(|_| format!("{key} = {value}"))
        });
        new.push_str(filled.as_deref().unwrap_or(line));
        new.push('\n');
    }
    write(content, rel, &new);
}

#[test]
fn new_skeletons_pass_check_once_filled() {
    let c = minimal_copy("new");
    let case = new(&c, &["case", "ks-2024-2", "--document", "sou-2023-1"]);
    assert_eq!(case.status.code(), Some(0), "{}", text(&case.stderr));
    let said = text(&case.stdout);
    let index = c.join("remisser/ks-2024-2/index.md");
    assert!(said.contains(&format!("wrote {}", index.display())), "{said}");
    assert!(said.contains("fill in: `title`, `case_number`, `referrer`, `deadline`"), "{said}");
    let written = std::fs::read_to_string(&index).unwrap();
    for key in ["# pm = ", "# received = ", "# decided = ", "# answered = ", "# referred_to = ", "# draft = "] {
        assert!(written.contains(key), "optional key shown as a comment: {key}\n{written}");
    }

    let svar = new(&c, &["svar", "ks-2024-2", "socialnamnden"]);
    assert_eq!(svar.status.code(), Some(0), "{}", text(&svar.stderr));
    assert!(text(&svar.stdout).contains("note: `socialnamnden` is not in `referred_to`"), "{}", text(&svar.stdout));
    let svar_rel = "remisser/ks-2024-2/svar/socialnamnden.md";
    let svar_text = std::fs::read_to_string(c.join(svar_rel)).unwrap();
    assert!(
        svar_text.contains("# forslag-ett = \"positiv\"    # Förslag ett"),
        "proposal ids from the document:\n{svar_text}"
    );

    let kind = "sarskilt-uttalande";
    let stmt = new(
        &c,
        &["uttalande", "ks-2024-2", "socialnamnden-m", "--body", "socialnamnden", "--kind", kind, "--party", "m"],
    );
    assert_eq!(stmt.status.code(), Some(0), "{}", text(&stmt.stderr));
    let stmt_rel = "remisser/ks-2024-2/uttalanden/socialnamnden-m.md";
    assert!(std::fs::read_to_string(c.join(stmt_rel)).unwrap().contains("kind = \"särskilt uttalande\""));

    // As written, check reports every placeholder, saying what to write.
    let unfilled = check(&c, &["--format", "json"]);
    assert_eq!(unfilled.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&unfilled.stdout).unwrap();
    let errors: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 7, "{errors:#?}");
    assert!(
        errors.iter().all(|m| m.contains("still holds a placeholder from `remiss new`: replace it with")),
        "{errors:#?}"
    );
    let messages = errors;
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("`deadline` still holds a placeholder") && m.contains("deadline = 2024-03-01"))
    );
    assert!(messages.iter().any(|m| m.starts_with("signatories[1]: `name` still holds a placeholder")));

    let idx_rel = "remisser/ks-2024-2/index.md";
    fill(
        &c,
        idx_rel,
        &[
            ("title", "\"En andra testutredning\""),
            ("case_number", "\"KS 2024/2\""),
            ("referrer", "\"Finansdepartementet\""),
            ("deadline", "2024-04-01"),
        ],
    );
    fill(&c, svar_rel, &[("stance", "\"blandad\""), ("summary", "\"Nämnden är tveksam.\"")]);
    edit(&c, stmt_rel, "name = \"TODO: first and last name\"", "name = \"Bo Berg\"");
    let stmt_text = std::fs::read_to_string(c.join(stmt_rel)).unwrap();
    write(&c, stmt_rel, &format!("{stmt_text}Vi vill något annat.\n"));

    let filled = check(&c, &["--strict"]);
    assert_eq!(filled.status.code(), Some(0), "{}", text(&filled.stderr));
}

#[test]
fn new_refuses_to_overwrite() {
    let c = minimal_copy("new-overwrite");
    let rel = "remisser/ks-2024-1/svar/socialnamnden.md";
    let before = std::fs::read_to_string(c.join(rel)).unwrap();
    let out = new(&c, &["svar", "ks-2024-1", "socialnamnden"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("already exists") && stderr.contains("never overwrites"), "{stderr}");
    assert_eq!(std::fs::read_to_string(c.join(rel)).unwrap(), before);
    let case = new(&c, &["case", "ks-2024-1"]);
    assert_eq!(case.status.code(), Some(1));
    assert!(text(&case.stderr).contains("already exists"));
}

#[test]
fn new_checks_ids_and_requires_the_case() {
    let c = minimal_copy("new-ids");
    let no_case = new(&c, &["svar", "ks-2024-9", "socialnamnden"]);
    assert_eq!(no_case.status.code(), Some(1));
    let stderr = text(&no_case.stderr);
    assert!(stderr.contains("there is no case `ks-2024-9` (did you mean `ks-2024-1`?)"), "{stderr}");
    assert!(stderr.contains("remiss new case ks-2024-9"), "{stderr}");
    assert!(!c.join("remisser/ks-2024-9").exists(), "nothing is created for a missing case");

    let bad_id = new(&c, &["case", "KS 2024/3"]);
    assert_eq!(bad_id.status.code(), Some(1));
    assert!(text(&bad_id.stderr).contains("`KS 2024/3` is not a valid id"), "{}", text(&bad_id.stderr));
    assert!(text(&bad_id.stderr).contains("`ks-2024-3`"));

    let kind = new(&c, &["uttalande", "ks-2024-1", "x-m", "--body", "socialnamnden", "--kind", "reservaton"]);
    assert_eq!(kind.status.code(), Some(1));
    assert!(text(&kind.stderr).contains("did you mean `reservation`?"), "{}", text(&kind.stderr));

    let unknown_doc = new(&c, &["case", "ks-2024-3", "--document", "sou-2023-2"]);
    assert_eq!(unknown_doc.status.code(), Some(0));
    assert!(
        text(&unknown_doc.stdout).contains("note: there is no document `sou-2023-2` yet"),
        "{}",
        text(&unknown_doc.stdout)
    );

    let missing_dir = new(&c.join("nope"), &["case", "ks-2024-4"]);
    assert_eq!(missing_dir.status.code(), Some(1));
    assert!(text(&missing_dir.stderr).contains("there is no content folder"), "{}", text(&missing_dir.stderr));
}

/// Every `remiss check` and `remiss build` line in the publishing guide and
/// in its CI files (docs/ci/) runs as written (with CI variables filled in)
/// on the seed content, so the guide cannot drift from the command line.
#[test]
fn publishing_guide_commands_run_on_the_seed() {
    let mut text_of_guide = std::fs::read_to_string(repo().join("docs/publishing.md")).unwrap();
    for ci in ["github-pages.yml", "gitlab-pages.yml"] {
        text_of_guide.push_str(&std::fs::read_to_string(repo().join("docs/ci").join(ci)).unwrap());
    }
    let scratch = crate::common::scratch("publishing-guide");
    let mut ran = 0;
    for line in text_of_guide.lines() {
        let line = line.trim();
        let Some(rest) = ["run: remiss ", "- remiss ", "remiss "].iter().find_map(|prefix| line.strip_prefix(prefix))
        else {
            continue;
        };
        if !(rest.starts_with("check") || rest.starts_with("build")) {
            continue;
        }
        let command = rest
            .replace("\"${{ steps.pages.outputs.base_url }}/\"", "https://owner.github.io/repo/")
            .replace("\"$CI_PAGES_URL/\"", "https://group.gitlab.io/project/");
        assert!(!command.contains('$'), "a variable the test does not know: {line}");
        let args: Vec<&str> = command.split_whitespace().collect();
        let out = remiss()
            .args(&args)
            .arg("--content")
            .arg(repo().join("content"))
            .arg("--out")
            .arg(scratch.join(format!("public-{ran}")))
            .output()
            .unwrap();
        assert!(out.status.success(), "`remiss {command}` failed:\n{}{}", text(&out.stdout), text(&out.stderr));
        ran += 1;
    }
    assert!(ran >= 5, "the guide and its CI files have {ran} remiss commands");
}
