//! Motions (yrkanden) and votes (voteringar): the Göteborg fixture, written
//! by hand from § 261 of kommunstyrelsen's minutes of 2025-03-26, builds into
//! readable pages, and every mistake in them is an error at its place.

use crate::common::{build_into, copy_dir, diagnostics, repo, scratch, text_of};
use std::path::{Path, PathBuf};

const CASE: &str = "remisser/slk-2025-00096/index.md";

/// A copy of the Göteborg fixture that a test may change.
fn goteborg(name: &str) -> PathBuf {
    let dir = scratch(name).join("content");
    copy_dir(&repo().join("tests/fixtures/goteborg/content"), &dir);
    dir
}

/// Replaces `from` (which must occur once) in the case file.
fn edit(content: &Path, from: &str, to: &str) {
    let path = content.join(CASE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `path:line:column` of the first occurrence of `needle` in the file.
fn place(content: &Path, rel: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(content.join(rel)).unwrap();
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {rel}"));
    place_at(&text, rel, at)
}

/// `path:line:column` of byte `at` of `text`.
fn place_at(text: &str, rel: &str, at: usize) -> String {
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{rel}:{line}:{column}")
}

/// Asserts an error at `at` whose message has every part.
fn has_error(errors: &[String], at: &str, parts: &[&str]) {
    let found = errors.iter().any(|e| e.starts_with(&format!("{at}: ")) && parts.iter().all(|p| e.contains(p)));
    assert!(found, "no error at {at} with {parts:?} in {errors:#?}");
}

#[test]
fn the_goteborg_fixture_is_valid() {
    let (errors, warnings) = diagnostics(&goteborg("gbg-valid"));
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn the_case_page_shows_motions_and_each_vote_as_a_table() {
    let content = goteborg("gbg-pages");
    let out = content.parent().unwrap().join("public");
    let site = build_into(&content, &out, "2025-04-10").unwrap_or_else(|d| panic!("{d:?}"));
    let html = site.page("remisser/slk-2025-00096/");
    let text = text_of(&html);
    for expected in [
        "Axel Josefson (M) och Jörgen Fogelklou (SD) yrkade bifall till yrkande från M, D, L och KD den 21 mars 2025.",
        "Daniel Bernmar (V) och Karin Pleijel (MP) yrkade bifall till yrkande från V och MP den 21 mars 2025.",
        "Jonas Attenius (ordförande) (S) yrkade bifall till förslaget. Mötet biföll yrkandet.",
        "Omröstning om motförslag",
        "Ja vann, 7 röster mot 6",
        "Huvudvotering",
        "Ja vann, 4 röster mot 3; 6 avstod",
        "Ja för Yrkande från S",
        "Nej för Yrkande från V och MP",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    // Every member's vote, in a table with a header cell per row.
    assert_eq!(html.matches("class=\"ballot ballot-").count() + html.matches("class=ballot ballot-").count(), 26);
    assert!(html.contains("id=yrkande-m-d-l-kd") || html.contains("id=\"yrkande-m-d-l-kd\""), "{html}");
    assert!(html.contains("id=votering-2") || html.contains("id=\"votering-2\""));
    assert!(html.contains("#yrkande-v-mp"), "vote sides link to the motions");
    // No body answered: a sentence says so, instead of table headers over nothing.
    assert!(text.contains("Inga organ har lämnat remissvar i ärendet. Kommunstyrelsen beslutade utifrån ett tjänsteutlåtande från Stadsledningskontoret"), "{text}");
    assert!(!html.contains("stances stack"), "no empty stance table");
    // Only one motion is adopted: the winner of the main vote.
    assert_eq!(text.matches("Mötet biföll yrkandet.").count(), 1);

    // Everyone who voted has a person page; the local party D is a party.
    assert!(out.join("personer/martin-wannholt/index.html").exists());
    assert!(out.join("personer/viktoria-tryggvadottir-rolka/index.html").exists());
    assert!(out.join("partier/d/index.html").exists());

    // A person's votes, with how they voted; a party's members' votes and
    // its motions; the deciding body's votes.
    let person = text_of(&site.page("personer/martin-wannholt/"));
    assert!(
        person.contains("Omröstning om motförslag ? Vad betyder omröstning om motförslag? Nej Ja vann, 7 röster mot 6"),
        "{person}"
    );
    assert!(
        person.contains("Huvudvotering ? Vad betyder huvudvotering? Avstår Ja vann, 4 röster mot 3; 6 avstod"),
        "{person}"
    );
    let mover = text_of(&site.page("personer/karin-pleijel/"));
    assert!(mover.contains("Yrkanden (1)"), "{mover}");
    let party = text_of(&site.page("partier/s/"));
    assert!(party.contains("Omröstning om motförslag ? Vad betyder omröstning om motförslag? 4 Ja"), "{party}");
    assert!(party.contains("yrkade bifall till förslaget ( Yrkande från S ) Mötet biföll yrkandet."), "{party}");
    let d = text_of(&site.page("partier/d/"));
    assert!(d.contains("Yrkanden (1)") && d.contains("Huvudvotering ? Vad betyder huvudvotering? 1 Avstår"), "{d}");
    let board = text_of(&site.page("organ/kommunstyrelsen/"));
    assert!(board.contains("Omröstningar (2)"), "{board}");

    let problems = crate::output_check::check_site(&out, &repo().join("themes/default/static"));
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Votes and motions reach the open data, the feeds and the search index,
/// with every member's vote and the counts.
#[test]
fn votes_and_motions_reach_open_data_feeds_and_search() {
    let content = goteborg("gbg-data");
    let out = content.parent().unwrap().join("public");
    let site = build_into(&content, &out, "2025-04-10").unwrap_or_else(|d| panic!("{d:?}"));

    let ballots = site.file("data/ballots.csv");
    assert_eq!(ballots.lines().count(), 1 + 26, "a row per member and vote:\n{ballots}");
    assert!(ballots.contains("slk-2025-00096,2,https://example.org/goteborg/remisser/slk-2025-00096/#votering-2,8,Axel Josefson,m,avstår,false,"), "{ballots}");
    let votes: serde_json::Value = serde_json::from_str(&site.file("data/votes.json")).unwrap();
    let counts = |i: usize| ["yes_count", "no_count", "abstained_count"].map(|k| votes[i][k].as_u64().unwrap());
    assert_eq!((votes[0]["kind"].as_str(), counts(0)), (Some("motförslag"), [7, 6, 0]));
    assert_eq!((votes[1]["kind"].as_str(), counts(1)), (Some("huvudvotering"), [4, 3, 6]));
    assert_eq!(votes[1]["winner"], "s");
    let motions: serde_json::Value = serde_json::from_str(&site.file("data/motions.json")).unwrap();
    assert_eq!(motions.as_array().unwrap().len(), 3);
    assert_eq!(motions[0]["parties"], serde_json::json!(["m", "d", "l", "kd"]));
    let statements = site.file("data/statements.json");
    assert!(statements.contains("\"favours\":\"m-d-l-kd\""), "{statements}");
    let package = site.file("data/datapackage.json");
    for name in ["motions-csv", "votes-csv", "ballots-csv"] {
        assert!(package.contains(&format!("\"name\":\"{name}\"")), "{name} in {package}");
    }

    let board = site.file("organ/kommunstyrelsen/feed.xml");
    assert!(board.contains("<title>Huvudvotering – Kommunstyrelsen: Remiss från Justitiedepartementet"), "{board}");
    assert!(board.contains("Ja 4 (S 4), Nej 3 (V 2, MP 1), Avstår 6 (M 2, D 1, SD 1, L 1, KD 1). Ja vann."), "{board}");
    let d = site.file("partier/d/feed.xml");
    assert!(d.contains("<title>Yrkande – Axel Josefson (M), Jörgen Fogelklou (SD):"), "{d}");
    assert!(d.contains("#votering-1</id>") && d.contains("#votering-2</id>"), "{d}");

    // The search index has a document per motion and per vote, opening at
    // its place on the case page.
    let manifest = site.file("sok/index.json");
    assert!(manifest.contains("\"motion\",\"vote\"") || manifest.contains("\"motion\", \"vote\""), "{manifest}");
    let meta: String = std::fs::read_dir(out.join("sok"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('m'))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for expected in [
        "remisser/slk-2025-00096/index.html#votering-1",
        "remisser/slk-2025-00096/index.html#votering-2",
        "remisser/slk-2025-00096/index.html#yrkande-m-d-l-kd",
        "Huvudvotering: Remiss från Justitiedepartementet",
        "Yrkande från V och MP: Remiss från",
    ] {
        assert!(meta.contains(expected), "{expected} in {meta}");
    }
}

#[test]
fn a_count_that_differs_from_the_members_is_an_error_at_the_count() {
    let c = goteborg("gbg-count");
    edit(&c, "counts = { yes = 4, no = 3, abstained = 6 }", "counts = { yes = 4, no = 3, abstained = 5 }");
    let (errors, _) = diagnostics(&c);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    has_error(
        &errors,
        &place(&c, CASE, "5 }"),
        &["votes[2].counts", "the minutes count 5 here, but 6 of the members vote \"avstår\""],
    );
}

#[test]
fn every_mistake_in_motions_and_votes_is_reported_at_once_with_its_place() {
    let c = goteborg("gbg-errors");
    edit(&c, "yes = \"v-mp\"\nno = \"m-d-l-kd\"", "yes = \"v-m\"\nno = \"m-d-l-kd\"");
    edit(
        &c,
        "{ name = \"Hampus Magnusson\", party = \"m\", vote = \"nej\" }",
        "{ name = \"Hampus Magnusson\", party = \"mm\", vote = \"nej\" }",
    );
    edit(
        &c,
        "{ name = \"Axel Darvik\", party = \"l\", vote = \"avstår\" }",
        "{ name = \"Axel Darvik\", party = \"l\", vote = \"avstar\" }",
    );
    edit(
        &c,
        "{ name = \"Blerta Hoti\", party = \"s\", vote = \"ja\" },\n  { name = \"Marina",
        "{ name = \"Blerta Hoti\", party = \"s\", vote = \"ja\" },\n  { name = \"Blerta Hoti\", party = \"s\", vote = \"ja\" },\n  { name = \"Marina",
    );
    edit(&c, "proposes = \"bifall\"", "proposes = \"bifal\"");
    edit(&c, "id = \"v-mp\"\nsignatories", "id = \"m-d-l-kd\"\nsignatories");
    let (errors, _) = diagnostics(&c);
    has_error(&errors, &place(&c, CASE, "\"v-m\"\n"), &["`yes` names an unknown motion `v-m`"]);
    has_error(&errors, &place(&c, CASE, "\"mm\""), &["unknown party `mm`", "did you mean `m`?"]);
    has_error(&errors, &place(&c, CASE, "\"avstar\""), &["`vote` cannot be \"avstar\"", "did you mean `avstår`?"]);
    let second_hoti = {
        let text = std::fs::read_to_string(c.join(CASE)).unwrap();
        // The copy comes right after the original in the second vote: the last one.
        place_at(&text, CASE, text.rfind("\"Blerta Hoti\"").unwrap())
    };
    has_error(&errors, &second_hoti, &["Blerta Hoti is listed twice in this vote"]);
    has_error(&errors, &place(&c, CASE, "\"bifal\""), &["`proposes` cannot be \"bifal\"", "did you mean `bifall`?"]);
    has_error(
        &errors,
        &place(&c, CASE, "\"m-d-l-kd\"\nsignatories = [{ name = \"Daniel"),
        &["two motions in this case have the id `m-d-l-kd`"],
    );
}

#[test]
fn a_tie_needs_the_chair_and_the_chair_decides_it() {
    let c = goteborg("gbg-tie");
    // 6–6 once the chair's Ja becomes an abstention... then the chair is gone too.
    edit(
        &c,
        "{ name = \"Daniel Bernmar\", party = \"v\", vote = \"ja\" },\n  { name = \"Viktoria",
        "{ name = \"Daniel Bernmar\", party = \"v\", vote = \"frånvarande\" },\n  { name = \"Viktoria",
    );
    edit(&c, "counts = { yes = 7, no = 6 }", "counts = { yes = 6, no = 6, absent = 1 }");
    let content = c.clone();
    let out = content.parent().unwrap().join("public");
    let site = build_into(&content, &out, "2025-04-10").unwrap_or_else(|d| panic!("{d:?}"));
    let text = text_of(&site.page("remisser/slk-2025-00096/"));
    assert!(text.contains("Ja vann, lika röstetal, ordförandens utslagsröst avgjorde; 1 frånvarande"), "{text}");

    edit(
        &c,
        "{ name = \"Jonas Attenius\", party = \"s\", vote = \"ja\", chair = true },\n  { name = \"Axel Josefson\", party = \"m\", vote = \"nej\" }",
        "{ name = \"Jonas Attenius\", party = \"s\", vote = \"ja\" },\n  { name = \"Axel Josefson\", party = \"m\", vote = \"nej\" }",
    );
    let (errors, _) = diagnostics(&c);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("the vote is tied 6–6: the chair's vote decides"), "{errors:#?}");
}

#[test]
fn adopted_must_agree_with_the_main_vote() {
    let c = goteborg("gbg-adopted");
    edit(&c, "parties = [\"v\", \"mp\"]", "parties = [\"v\", \"mp\"]\nadopted = true");
    let (errors, _) = diagnostics(&c);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    has_error(
        &errors,
        &place(&c, CASE, "true\ndate = 2025-03-21"),
        &["motions[2]: `adopted = true`, but the main vote (vote 2) was won by `s`"],
    );
}

#[test]
fn a_reservation_favours_a_motion_of_its_case() {
    let c = goteborg("gbg-favours");
    let rel = "remisser/slk-2025-00096/uttalanden/reservation-m-d-l-kd.md";
    let path = c.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("favours = \"m-d-l-kd\"", "favours = \"m-d-l\"")).unwrap();
    let note = c.join("remisser/slk-2025-00096/uttalanden/protokollsanteckning-sd.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("body = \"kommunstyrelsen\"", "body = \"kommunstyrelsen\"\nfavours = \"m-d-l-kd\""),
    )
    .unwrap();
    let (errors, _) = diagnostics(&c);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    has_error(
        &errors,
        &place(&c, rel, "\"m-d-l\""),
        &["`favours` names an unknown motion `m-d-l`", "did you mean `m-d-l-kd`?"],
    );
    has_error(
        &errors,
        &place(&c, "remisser/slk-2025-00096/uttalanden/protokollsanteckning-sd.md", "\"m-d-l-kd\""),
        &["only a `kind = \"reservation\"` has one"],
    );
}

#[test]
fn motions_and_votes_that_do_not_name_each_other_properly_are_errors() {
    let c = goteborg("gbg-refs");
    edit(&c, "proposes = \"bifall\"", "supports = \"s\"");
    edit(
        &c,
        "id = \"v-mp\"\nsignatories = [{ name = \"Daniel Bernmar\", party = \"v\" }, { name = \"Karin Pleijel\", party = \"mp\" }]\nproposes = \"eget förslag\"",
        "id = \"v-mp\"\nsignatories = [{ name = \"Daniel Bernmar\", party = \"v\" }, { name = \"Karin Pleijel\", party = \"mp\" }]\nsupports = \"s-typo\"",
    );
    edit(&c, "yes = \"s\"\nno = \"v-mp\"", "yes = \"s\"\nno = \"s\"");
    edit(
        &c,
        "{ name = \"Daniel Bernmar\", party = \"v\", vote = \"ja\" },",
        "{ name = \"Daniel Bernmar\", party = \"v\", vote = \"ja\", chair = true },",
    );
    let (errors, _) = diagnostics(&c);
    has_error(&errors, &place(&c, CASE, "\"s\"\n\n[[votes]]"), &["motions[3]", "`supports` names this motion itself"]);
    has_error(
        &errors,
        &place(&c, CASE, "\"s-typo\""),
        &["`supports` names an unknown motion `s-typo`", "did you mean `s`?"],
    );
    has_error(&errors, &place(&c, CASE, "\"s\"\ncounts"), &["`yes` and `no` name the same motion"]);
    assert!(errors.iter().any(|e| e.contains("2 members are marked `chair = true`")), "{errors:#?}");
}

#[test]
fn a_motion_needs_what_it_proposes_and_a_vote_its_members() {
    let c = goteborg("gbg-missing");
    edit(&c, "proposes = \"bifall\"", "");
    edit(&c, "parties = [\"v\", \"mp\"]", "parties = [\"v\", \"mp\"]\nadopted = true");
    edit(&c, "parties = [\"m\", \"d\", \"l\", \"kd\"]", "parties = [\"m\", \"d\", \"l\", \"kd\"]\nadopted = true");
    let text = std::fs::read_to_string(c.join(CASE)).unwrap();
    let main = text.find("kind = \"huvudvotering\"").unwrap();
    let cut = text[main..].find("members = [").unwrap() + main;
    let end = text[cut..].find("]\n+++").unwrap() + cut;
    std::fs::write(c.join(CASE), format!("{}members = []\n{}", &text[..cut], &text[end + 2..])).unwrap();
    let (errors, _) = diagnostics(&c);
    assert!(errors.iter().any(|e| e.contains("motions[3]: missing required key `proposes`")), "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("`adopted = true` on a second motion")), "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("`members` must list at least one member's vote")), "{errors:#?}");
}

/// Every `ordlista/…#key` link on every page, as (page, key).
fn glossary_links(out: &Path) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_name() != "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let page = entry.path().strip_prefix(out).unwrap().display().to_string();
        for (at, _) in html.match_indices("ordlista/index.html#") {
            let rest = &html[at + "ordlista/index.html#".len()..];
            let key: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            links.push((page.clone(), key));
        }
    }
    links
}

#[test]
fn every_kind_a_page_names_links_to_its_glossary_entry_in_both_languages() {
    use remiss::model::{Proposes, StatementKind, VoteKind};
    for language in ["sv", "en"] {
        let content = goteborg(&format!("gbg-glossary-{language}"));
        if language == "en" {
            let site_toml = std::fs::read_to_string(content.join("site.toml")).unwrap();
            std::fs::write(
                content.join("site.toml"),
                site_toml.replacen("organisation", "language = \"en\"\norganisation", 1),
            )
            .unwrap();
        }
        let out = content.parent().unwrap().join("public");
        let site = build_into(&content, &out, "2025-04-10").unwrap_or_else(|d| panic!("{d:?}"));
        let glossary = site.page("ordlista/");
        let has_entry = |key: &str| {
            glossary.contains(&format!("<dt id={key}>")) || glossary.contains(&format!("<dt id=\"{key}\">"))
        };
        // Every kind of statement, vote and motion the model knows has an entry.
        let kinds = StatementKind::ALL.iter().map(|k| k.key());
        let kinds = kinds.chain(Proposes::ALL.iter().map(|k| k.key())).chain(VoteKind::ALL.iter().map(|k| k.key()));
        for key in kinds {
            assert!(has_entry(key), "{language}: no glossary entry for {key}");
        }
        // Every link to the glossary lands on an entry, and the kinds on this case's pages link.
        let links = glossary_links(&out);
        for (page, key) in &links {
            assert!(has_entry(key), "{language}: {page} links to ordlista/#{key}, which is not there");
        }
        let case = "remisser/slk-2025-00096/index.html";
        for key in [
            "reservation",
            "protokollsanteckning",
            "huvudvotering",
            "motforslag",
            "eget-forslag",
            "bifall",
            "yrkande",
            "votering",
            "voteringsproposition",
            "remisstid",
        ] {
            assert!(
                links.contains(&(case.to_string(), key.to_string())),
                "{language}: the case page does not link {key}"
            );
        }
        let statement = "remisser/slk-2025-00096/uttalanden/reservation-sd/index.html";
        assert!(links.contains(&(statement.to_string(), "reservation".to_string())), "{language}: {links:?}");
        let text = site.main_text("ordlista/");
        let expected = if language == "sv" {
            "Reservation En ledamot som inte håller med"
        } else {
            "Dissent (reservation) A member who disagrees"
        };
        assert!(text.contains(expected), "{text}");
    }
}
