//! `remiss import` on the seed's minutes, compared with the hand-made case,
//! and on another decision laid out the same way with other bodies, people,
//! dates and case number.

use crate::common::{case_bundle as bundle, copy_dir, ok, repo, run as remiss, scratch};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

fn seed_text() -> String {
    std::fs::read_to_string(repo().join("../shared/seeds/000_3831924caa83575d.txt"))
        .expect("the seed comes with ../shared")
}

/// The repository's content without the hand-made case.
fn content_without_seed_case(name: &str) -> PathBuf {
    let content = scratch(name).join("content");
    copy_dir(&repo().join("content"), &content);
    std::fs::remove_dir_all(content.join("remisser/ks-2023-99")).unwrap();
    content
}

fn import(source: &Path, case: &str, content: &Path) -> Output {
    remiss(&["import", source.to_str().unwrap(), "--case", case, "--content", content.to_str().unwrap()])
}

/// The words of a Markdown text, without heading and list markers: what a
/// reader reads, whatever the paragraph breaks and heading levels.
fn words(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .map(|l| {
            l.trim_start_matches('#').trim_start().strip_prefix("- ").unwrap_or(l.trim_start_matches('#').trim_start())
        })
        .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// Word-level similarity of two texts (2 × matching words / all words).
fn similarity(a: &str, b: &str) -> f32 {
    let (a, b) = (words(a), words(b));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    similar::TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_slices(&a, &b).ratio()
}

/// The keys the issue names as structure, per kind of file.
const CASE_KEYS: [&str; 12] = [
    "title",
    "case_number",
    "document",
    "referrer",
    "deadline",
    "decided_by",
    "rapporteur",
    "rapporteur_date",
    "referred_to",
    "decision",
    "earlier_answers",
    "answered",
];
const RESPONSE_KEYS: [&str; 6] = ["stance", "meeting", "drafted", "drafted_by", "proposed_decision", "decision"];
const STATEMENT_KEYS: [&str; 6] = ["kind", "body", "signatories", "joins", "same_as", "order"];

/// Compares an imported bundle with the expected one: the same files, the
/// same structural keys, and each text at least 95 % similar. Returns the
/// similarity table for the test's output.
fn compare(
    expected: &BTreeMap<String, (toml::Table, String)>,
    got: &BTreeMap<String, (toml::Table, String)>,
) -> String {
    let names = |m: &BTreeMap<String, (toml::Table, String)>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(got), names(expected), "the same files: the same responses and statements");
    let mut problems = Vec::new();
    let mut table = String::from("similarity per file (words of the Markdown text):\n");
    for (rel, (want, want_text)) in expected {
        let (have, have_text) = &got[rel];
        let keys: &[&str] = if rel == "index.md" {
            &CASE_KEYS
        } else if rel.starts_with("svar/") {
            &RESPONSE_KEYS
        } else {
            &STATEMENT_KEYS
        };
        for key in keys {
            if want.get(*key) != have.get(*key) {
                problems.push(format!("{rel}: `{key}` is {:?}, expected {:?}", have.get(*key), want.get(*key)));
            }
        }
        assert_eq!(
            have.get("draft").and_then(|v| v.as_bool()),
            (rel == "index.md").then_some(true),
            "{rel}: only the case has draft = true"
        );
        let s = similarity(want_text, have_text);
        table.push_str(&format!("  {s:.3}  {rel}\n"));
        if s < 0.95 {
            problems.push(format!("{rel}: text similarity {s:.3} < 0.95"));
        }
    }
    assert!(problems.is_empty(), "{}\n{table}", problems.join("\n"));
    table
}

/// Shows the similarity table in every test run, not only with
/// `--nocapture`: libtest captures `println!`, not writes to the stderr handle.
fn report_table(table: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{table}");
}

#[test]
fn importing_the_seed_gives_the_hand_made_case() {
    let content = content_without_seed_case("import-seed");
    let seed = repo().join("../shared/seeds/000_3831924caa83575d.txt");
    let report = ok(&import(&seed, "ks-2023-99", &content));
    assert!(report.contains("remisser/ks-2023-99/svar/socialnamnden.md"), "{report}");
    assert!(!report.contains("not placed"), "every line of the seed has a place: {report}");
    // Six stances, five tables of proposal stances, the decision date.
    assert!(report.contains("review: 12 guessed values"), "{report}");
    ok(&remiss(&["check", "--drafts", "--content", content.to_str().unwrap()]));

    let expected = bundle(&repo().join("content/remisser/ks-2023-99"));
    let got = bundle(&content.join("remisser/ks-2023-99"));
    let table = compare(&expected, &got);
    report_table(&format!("remiss import of the seed vs content/remisser/ks-2023-99, {table}"));

    // Every guess is marked for review.
    let (_, _) = &got["svar/socialnamnden.md"];
    let text = std::fs::read_to_string(content.join("remisser/ks-2023-99/svar/socialnamnden.md")).unwrap();
    assert!(
        text.contains("# review: stance proposed by `remiss import` from: Socialnämnden ställer sig överlag positiv"),
        "{text}"
    );
    // A draft stays out of a normal build and check.
    let out = remiss(&["check", "--content", content.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The seed with other bodies, people, dates and case number, as another
/// city decision laid out the same way would have them. Each pair replaces
/// single words or word stems, so it also holds where the PDF broke a line
/// between two words of a name.
const VARIANT: [(&str, &str); 24] = [
    ("Skarpnäcks", "Kungsholms"),
    ("Socialnämnd", "Kulturnämnd"),
    ("socialnämnd", "kulturnämnd"),
    ("Socialförvaltning", "Kulturförvaltning"),
    ("socialförvaltning", "kulturförvaltning"),
    ("Justitiedepartementet", "Kulturdepartementet"),
    ("Ojanne", "Karlsson"),
    ("Jönsson", "Lindqvist"),
    ("Jacobsson", "Berglund"),
    ("Hedin", "Sandberg"),
    ("Hollis", "Ekström"),
    ("Bondesson", "Holm"),
    ("Nyberg", "Wallin"),
    ("Ludwig", "Åberg"),
    ("Fjellner", "Strand"),
    ("Friberg", "Dahl"),
    ("Naddebo", "Forsberg"),
    ("/99-1.1", "/512-1.2"),
    ("2023/512", "2024/512"),
    (" 2023", " 2024"),
    ("2023-", "2024-"),
    ("ks-2023-99", "ks-2024-512"),
    ("skarpnacks", "kungsholms"),
    ("social", "kultur"),
];

/// Applies the variant to seed text; `ids` also maps ids and dates in TOML.
fn vary(text: &str, ids: bool) -> String {
    let mut out = text.to_string();
    for (from, to) in VARIANT {
        let is_id_rule = from.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit());
        if is_id_rule && !ids {
            continue;
        }
        if from == "social" {
            // Only as the start of an id ("socialnamnden"), not in words
            // such as "socialtjänsten".
            for id in ["socialnamnden", "socialforvaltningen"] {
                out = out.replace(id, &id.replace("social", "kultur"));
            }
            continue;
        }
        out = out.replace(from, to);
    }
    out
}

#[test]
fn another_decision_laid_out_the_same_way_imports_as_well() {
    // The hand-made case stays in the folder: the new one is imported beside it.
    let content = scratch("import-variant").join("content");
    copy_dir(&repo().join("content"), &content);
    let source = content.parent().unwrap().join("protokoll.txt");
    std::fs::write(&source, vary(&seed_text(), false)).unwrap();
    let report = ok(&import(&source, "ks-2024-512", &content));
    for body in ["kulturnamnden", "kulturforvaltningen", "kungsholms-stadsdelsnamnd", "kungsholms-stadsdelsforvaltning"]
    {
        assert!(report.contains(&format!("new body `{body}`")), "{body} proposed as a new body: {report}");
        assert!(content.join(format!("organ/{body}.md")).is_file(), "organ/{body}.md written");
    }
    assert!(!report.contains("not placed"), "{report}");
    ok(&remiss(&["check", "--drafts", "--content", content.to_str().unwrap()]));

    // The hand-made case with the same changes is what the import must give.
    let expected_dir = scratch("import-variant-expected");
    for (rel, (front, text)) in bundle(&repo().join("content/remisser/ks-2023-99")) {
        let front = vary(&toml::to_string(&front).unwrap(), true);
        let rel = vary(&rel, true);
        let path = expected_dir.join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("+++\n{front}+++\n{}", vary(&text, false))).unwrap();
    }
    let table = compare(&bundle(&expected_dir), &bundle(&content.join("remisser/ks-2024-512")));
    report_table(&format!("remiss import of the variant minutes vs the varied hand-made case, {table}"));
    let body = std::fs::read_to_string(content.join("organ/kungsholms-stadsdelsnamnd.md")).unwrap();
    assert!(
        body.contains("name = \"Kungsholms stadsdelsnämnd\"") && body.contains("kind = \"stadsdelsnämnd\""),
        "{body}"
    );
    assert!(
        body.contains("office = \"kungsholms-stadsdelsforvaltning\""),
        "the office that drafted its answer: {body}"
    );
}

#[test]
fn what_cannot_be_placed_is_listed_and_nothing_is_overwritten() {
    let content = content_without_seed_case("import-report");
    let dir = content.parent().unwrap();
    // A stray line in the case head, and a party the content does not know.
    let text = seed_text().replacen(
        "Remisstid den 28 april 2023",
        "Remisstid den 28 april 2023 \n\nEn rad som inte hör hemma här.",
        1,
    );
    let text = text.replacen("Michaela Hollis (KD)", "Michaela Hollis (XP)", 1);
    let source = dir.join("protokoll.txt");
    std::fs::write(&source, &text).unwrap();
    let report = ok(&import(&source, "ks-2023-99", &content));
    let line = text.lines().position(|l| l.starts_with("En rad som inte")).unwrap() + 1;
    assert!(
        report.contains(&format!("not placed: {}:{line}: in the case head", source.display()))
            && report.contains("En rad som inte hör hemma här."),
        "the stray line is listed with its line number: {report}"
    );
    assert!(report.contains("unknown party \"XP\" (for Michaela Hollis)"), "{report}");

    // --dry-run lists the files and writes nothing.
    let fresh = content_without_seed_case("import-dry-run");
    let out = remiss(&[
        "import",
        source.to_str().unwrap(),
        "--case",
        "ks-2023-99",
        "--dry-run",
        "--content",
        fresh.to_str().unwrap(),
    ]);
    let listed = ok(&out);
    assert!(
        listed.contains("would write ")
            && listed.contains("svar/socialnamnden.md")
            && listed.contains("nothing was written (--dry-run)"),
        "{listed}"
    );
    assert!(!fresh.join("remisser/ks-2023-99").exists(), "--dry-run wrote nothing");

    // A second import of the same case writes nothing and says why.
    let index = content.join("remisser/ks-2023-99/index.md");
    std::fs::write(&index, "+++\ntitle = \"edited by hand\"\n+++\n").unwrap();
    let out = import(&source, "ks-2023-99", &content);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already exists; the importer never overwrites"), "{err}");
    assert_eq!(std::fs::read_to_string(&index).unwrap(), "+++\ntitle = \"edited by hand\"\n+++\n");

    // A name spelled almost like someone who signs in other cases is flagged.
    let full = scratch("import-report-full").join("content");
    copy_dir(&repo().join("content"), &full);
    std::fs::write(&source, seed_text().replacen("Michaela Hollis", "Michaela Holis", 1)).unwrap();
    let report = ok(&import(&source, "ks-2023-99-kopia", &full));
    assert!(report.contains("signatory \"Michaela Holis\" is spelled almost like \"Michaela Hollis\""), "{report}");

    let out = import(&dir.join("saknas.txt"), "ks-2023-100", &content);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("saknas.txt: cannot read"), "{out:?}");
    let out = import(&source, "KS 2023/99", &content);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a valid case id"), "{out:?}");
}
