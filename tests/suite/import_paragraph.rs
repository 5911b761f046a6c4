//! `remiss import` on minutes written paragraph by paragraph (§), as
//! Göteborg and most other municipalities write them: the two real
//! paragraphs in `../shared/minutes/` against bundles written by hand from
//! their text (`tests/fixtures/import/`), and a paragraph in another city's
//! words and layout.

use crate::common::{case_bundle, copy_dir, ok, repo, run, scratch, write};
use std::path::{Path, PathBuf};

/// The Göteborg fixture without its hand-made case: what a Göteborg clerk's
/// content folder holds before the import.
fn goteborg_content(name: &str) -> PathBuf {
    let content = scratch(name).join("content");
    copy_dir(&repo().join("tests/fixtures/goteborg/content"), &content);
    std::fs::remove_dir_all(content.join("remisser/slk-2025-00096")).unwrap();
    content
}

fn minutes(file: &str) -> PathBuf {
    repo().join("../shared/minutes").join(file)
}

fn import(source: &Path, case: &str, content: &Path) -> String {
    ok(&run(&["import", source.to_str().unwrap(), "--case", case, "--content", content.to_str().unwrap()]))
}

fn check_drafts(content: &Path) {
    ok(&run(&["check", "--drafts", "--content", content.to_str().unwrap()]));
}

/// The words of a Markdown text without heading and list markers.
fn words(markdown: &str) -> Vec<&str> {
    markdown.split_whitespace().filter(|w| !matches!(*w, "#" | "##" | "###" | "-")).collect()
}

/// A content file's front matter and Markdown text.
fn read(path: &Path) -> (toml::Table, String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rest = text.strip_prefix("+++\n").expect("front matter");
    let (front, body) = rest.split_once("\n+++\n").unwrap_or((rest.trim_end_matches("+++\n"), ""));
    (front.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display())), body.to_string())
}

/// Every file under `expected` was written under `content` with the same
/// front matter, key for key, and the same words; and nothing else was written.
fn assert_bundle(expected: &Path, content: &Path, report: &str) {
    let want = case_bundle(expected);
    let written: Vec<String> = report
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(|p| Path::new(p).strip_prefix(content).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    let mut names: Vec<String> = want.keys().cloned().collect();
    names.sort();
    let mut got_names = written.clone();
    got_names.sort();
    assert_eq!(got_names, names, "the files written: {report}");
    let mut problems = Vec::new();
    for (rel, (table, text)) in &want {
        let (have, have_text) = &read(&content.join(rel));
        for (key, value) in table {
            if have.get(key) != Some(value) {
                problems.push(format!("{rel}: `{key}` is {:?}, expected {value:?}", have.get(key)));
            }
        }
        for key in have.keys().filter(|k| !table.contains_key(*k)) {
            problems.push(format!("{rel}: `{key}` = {:?} is not in the expected file", have[key]));
        }
        if words(text) != words(have_text) {
            problems.push(format!("{rel}: the text differs:\n--- expected\n{text}\n--- written\n{have_text}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn each_goteborg_paragraph_imports_as_the_hand_made_bundle() {
    for (file, case, expected) in [
        ("gbg-ks-2025-03-26-p261.txt", "slk-2025-00096", "gbg-p261"),
        ("gbg-ks-2024-02-07-p102.txt", "slk-2023-01152", "gbg-p102"),
    ] {
        let content = goteborg_content(expected);
        let report = import(&minutes(file), case, &content);
        assert!(!report.contains("not placed"), "{file}: every line has a place:\n{report}");
        check_drafts(&content);
        assert_bundle(&repo().join("tests/fixtures/import").join(expected), &content, &report);
    }
}

#[test]
fn page_headers_inside_a_paragraph_are_removed_and_give_the_body_and_date() {
    let content = goteborg_content("gbg-headers");
    let report = import(&minutes("gbg-ks-2024-02-07-p102.txt"), "slk-2023-01152", &content);
    let mut all = String::new();
    for file in report.lines().filter_map(|l| l.strip_prefix("wrote ")) {
        all.push_str(&std::fs::read_to_string(file).unwrap());
    }
    for header in ["Göteborgs Stad Kommunstyrelsen, protokoll", "Protokoll nr 4", "Sammanträdesdatum"] {
        assert!(!all.contains(header), "{header:?} was written:\n{all}");
    }
    assert!(all.contains("decided = 2024-02-07"), "the header's date is the decision date:\n{all}");
}

#[test]
fn a_content_folder_without_the_parties_gets_them_proposed() {
    let content = scratch("gbg-new-parties").join("content");
    copy_dir(&repo().join("tests/fixtures/minimal/content"), &content);
    let report = import(&minutes("gbg-ks-2025-03-26-p261.txt"), "slk-2025-00096", &content);
    for file in ["partier/d.md", "partier/sd.md", "partier/kd.md", "dokument/sou-2025-1.md"] {
        assert!(report.contains(&format!("wrote {}", content.join(file).display())), "{file}: {report}");
    }
    let d = std::fs::read_to_string(content.join("partier/d.md")).unwrap();
    assert!(d.contains("# review:") && d.contains("abbreviation = \"D\""), "{d}");
    let doc = std::fs::read_to_string(content.join("dokument/sou-2025-1.md")).unwrap();
    assert!(
        doc.contains("title = \"Skärpta krav för svenskt medborgarskap\"") && doc.contains("kind = \"SOU\""),
        "{doc}"
    );
    assert!(report.contains("review: unknown party \"D\""), "{report}");
    check_drafts(&content);
}

/// Another city, another template: a header on every page, "Dnr", numbered
/// decision points, the remisstid in the text, a shared party, a motion to
/// send the case back, one that backs another, an absent member, a
/// särskilt yttrande, and a line that belongs nowhere.
const OTHER_CITY: &str = "Kommunstyrelsen
SAMMANTRÄDESPROTOKOLL
Sammanträdesdatum 2024-11-13

§ 45 Dnr KS 2024/812

Remiss från Socialdepartementet: En ny socialtjänstlag (Ds 2024:9)

Beslut
1. Kommunstyrelsen lämnar yttrande enligt bilaga 1.
2. Paragrafen justeras omedelbart.

Ärendet
Socialdepartementet har gett kommunen möjlighet att yttra sig över
promemorian. Yttrandet ska vara inkommet senast den 1 december 2024.

Yrkanden
Anna Ek och Bo Lind (båda C) yrkar att ärendet återremitteras.
Carl Berg (S) yrkar bifall till förslaget.
Dana Holm (V) instämmer i Carl Bergs yrkande.
Mötet ajourneras en kort stund.

Votering
Voteringsproposition: \"Ja för bifall till Carl Bergs yrkande, Nej för bifall till Anna Eks yrkande.\"
Carl Berg (S), Dana Holm (V) och ordföranden Eva Sten (S) röstar ja (3).
Anna Ek (C) och Bo Lind (C) röstar nej (2).
Fia Ström (M) är frånvarande (1).

Justerandes signatur Utdragsbestyrkande
\u{c}Kommunstyrelsen
SAMMANTRÄDESPROTOKOLL
Sammanträdesdatum 2024-11-13

Reservationer
Anna Ek (C) och Bo Lind (C) reserverar sig mot beslutet till förmån för eget yrkande.

Särskilt yttrande
Fia Ström (M) lämnar särskilt yttrande.

Beslutet skickas till
Socialdepartementet
Justerandes signatur Utdragsbestyrkande
";

#[test]
fn a_paragraph_in_another_citys_words_imports() {
    let content = goteborg_content("other-city");
    let source = content.parent().unwrap().join("ks-2024-11-13-p45.txt");
    write(source.parent().unwrap(), "ks-2024-11-13-p45.txt", OTHER_CITY);
    let report = import(&source, "ks-2024-812", &content);
    assert!(
        report
            .contains(":21: under \"Yrkanden\", but not \"Name (PARTY) yrkar …\": \"Mötet ajourneras en kort stund.\""),
        "the line that belongs nowhere is listed with its line number:\n{report}"
    );
    assert_eq!(report.matches("not placed: ").count(), 1, "{report}");
    check_drafts(&content);

    let bundle = case_bundle(&content.join("remisser/ks-2024-812"));
    let (case, text) = &bundle["index.md"];
    let get = |k: &str| case.get(k).map(ToString::to_string).unwrap_or_default();
    assert_eq!(get("case_number"), "\"KS 2024/812\"");
    assert_eq!(get("referrer"), "\"Socialdepartementet\"");
    assert_eq!(get("document"), "\"ds-2024-9\"", "an unknown document is proposed");
    assert_eq!(get("deadline"), "2024-12-01", "the remisstid from the text");
    assert_eq!(get("decided"), "2024-11-13", "the date from the page header");
    assert_eq!(get("decided_by"), "\"kommunstyrelsen\"");
    let decision = case["decision"].as_array().unwrap();
    assert_eq!(decision.len(), 2);
    assert_eq!(decision[0].as_str(), Some("Kommunstyrelsen lämnar yttrande enligt bilaga 1."));
    assert!(text.contains("senast den 1 december 2024") && text.contains("- Socialdepartementet"), "{text}");
    for header in ["SAMMANTRÄDESPROTOKOLL", "Justerandes", "Sammanträdesdatum"] {
        assert!(!text.contains(header), "{header} in {text}");
    }

    let motions = case["motions"].as_array().unwrap();
    let motion =
        |id: &str| motions.iter().find(|m| m["id"].as_str() == Some(id)).unwrap_or_else(|| panic!("{id}: {motions:?}"));
    assert_eq!(motion("c")["proposes"].as_str(), Some("återremiss"));
    assert_eq!(motion("c")["signatories"].as_array().unwrap().len(), 2, "both share (båda C)");
    assert_eq!(motion("s")["proposes"].as_str(), Some("bifall"));
    assert_eq!(motion("v")["supports"].as_str(), Some("s"), "instämmer i Carl Bergs yrkande");

    let vote = &case["votes"].as_array().unwrap()[0];
    assert_eq!(
        (vote["kind"].as_str(), vote["yes"].as_str(), vote["no"].as_str()),
        (Some("votering"), Some("s"), Some("c"))
    );
    assert_eq!(vote["counts"].to_string(), "{ absent = 1, no = 2, yes = 3 }");
    let members = vote["members"].as_array().unwrap();
    assert_eq!(members.len(), 6);
    let eva = members.iter().find(|m| m["name"].as_str() == Some("Eva Sten")).unwrap();
    assert_eq!(eva["chair"].as_bool(), Some(true));
    let fia = members.iter().find(|m| m["name"].as_str() == Some("Fia Ström")).unwrap();
    assert_eq!(fia["vote"].as_str(), Some("frånvarande"));

    let (reservation, _) = &bundle["uttalanden/reservation-c.md"];
    assert_eq!(reservation["favours"].as_str(), Some("c"), "till förmån för eget yrkande");
    let (yttrande, _) = &bundle["uttalanden/yttrande-m.md"];
    assert_eq!(yttrande["kind"].as_str(), Some("yttrande"));
    assert!(content.join("partier/c.md").exists(), "the unknown party C is proposed");
}

/// The Stockholm seed is not a § paragraph, so it still goes through the
/// reader of full decisions (its tests are in `import.rs`).
#[test]
fn the_seed_is_not_read_as_a_paragraph() {
    let seed = std::fs::read_to_string(repo().join("../shared/seeds/000_3831924caa83575d.txt")).unwrap();
    assert!(!remiss::import::paragraph::is_paragraph(&remiss::import::text::clean(&seed)));
    let gbg = std::fs::read_to_string(minutes("gbg-ks-2024-02-07-p102.txt")).unwrap();
    assert!(remiss::import::paragraph::is_paragraph(&remiss::import::text::clean(&gbg)));
}

/// A bounded fuzz test of the § reader and placer: the real minutes cut,
/// shuffled, doubled and salted with the characters they parse on must
/// never panic, and every file written must still be valid TOML front
/// matter. Fixed seed and rounds, so a red run is red everywhere.
#[test]
fn mangled_minutes_never_panic_and_write_valid_front_matter() {
    let sources: Vec<String> = ["gbg-ks-2025-03-26-p261.txt", "gbg-ks-2024-02-07-p102.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(minutes(f)).unwrap())
        .chain([OTHER_CITY.to_string(), WITHOUT_A_VOTE.to_string()])
        .collect();
    let content = goteborg_content("fuzz-paragraph");
    let salt = [
        "(",
        ")",
        "§ 1 ",
        " och ",
        ", ",
        " röstar Ja (",
        " yrkar bifall till ",
        "\"",
        "İ",
        "\u{c}",
        "\n\n",
        "Ä",
        " den 31 mars 2025",
    ];
    let mut state: u64 = 0x5eed_1152;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    for round in 0..400 {
        let mut lines: Vec<String> = sources[round % sources.len()].lines().map(str::to_string).collect();
        for _ in 0..1 + next(6) {
            let i = next(lines.len());
            match next(4) {
                0 => {
                    let j = next(lines.len());
                    lines.swap(i, j);
                }
                1 => {
                    let line = lines[i].clone();
                    lines.insert(next(lines.len()), line);
                }
                2 => {
                    let cut: String = lines[i].chars().take(next(lines[i].chars().count() + 1)).collect();
                    lines[i] = cut;
                }
                _ => {
                    let at = lines[i]
                        .char_indices()
                        .map(|(k, _)| k)
                        .nth(next(lines[i].chars().count() + 1))
                        .unwrap_or(lines[i].len());
                    lines[i].insert_str(at, salt[next(salt.len())]);
                }
            }
        }
        let text = lines.join("\n");
        let (draft, _) = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn({
                let content = content.clone();
                let text = text.clone();
                move || remiss::import::draft(&text, "fuzz", &content)
            })
            .unwrap()
            .join()
            .unwrap_or_else(|_| panic!("round {round} panicked on:\n{text}"));
        for (rel, file) in remiss::import::write::files(&draft) {
            let front = file.strip_prefix("+++\n").and_then(|r| r.split_once("\n+++").map(|(f, _)| f)).unwrap_or("");
            if let Err(e) = front.parse::<toml::Table>() {
                panic!("round {round}: {rel} is not valid TOML ({e}):\n{file}\nfrom:\n{text}");
            }
        }
    }
}

/// A Göteborg paragraph decided without a vote: the chair finds a motion
/// adopted, one member backs another's motion, the page header (with its
/// meeting date and page number) falls inside the paragraph, and a protocol
/// note runs over several lines, a motion is seconded ("med instämmande
/// av"), and a section has a heading the reader does not know.
const WITHOUT_A_VOTE: &str = "§ 310 Ärendenummer SLK-2024-00412

Remiss från Finansdepartementet - Kommunal redovisning i en ny tid (SOU 2024:12)
Beslut

Enligt yrkande från S, V och MP:
1. Yttrande enligt yrkande från S, V och MP den 10 april 2024 översänds till Finansdepartementet.
2. Paragrafen justeras omedelbart.

Handlingar

Stadsledningskontorets tjänsteutlåtande den 20 mars 2024.
Yrkande från S, V och MP den 10 april 2024.

Yrkanden

Jonas Attenius (S) yrkar bifall till yrkande från S, V och MP den 10 april 2024.
Axel Josefson (M) yrkar, med instämmande av Elisabet Lann (KD), bifall till
stadsledningskontorets förslag.
Martin Wannholt (D) instämmer i Axel Josefsons yrkande.

Propositionsordning

Ordföranden ställer proposition på yrkandena och finner att kommunstyrelsen bifallit Jonas
Attenius yrkande.

Dagens sammanträde
Ärendet behandlades efter en paus.

Göteborgs Stad Kommunstyrelsen, protokoll nr 12
Sammanträdesdatum: 2024-04-17
Sida 7 (31)

Protokollsanteckning

Axel Josefson (M) antecknar följande till protokollet:
Vi anser att stadens svar borde ha varit tydligare.
Det gäller särskilt avsnitt 4.

Protokollsutdrag skickas till
Skrivelse till Finansdepartementet
";

#[test]
fn a_paragraph_decided_without_a_vote_marks_the_adopted_motion() {
    let content = goteborg_content("without-vote");
    let source = content.parent().unwrap().join("p310.txt");
    write(source.parent().unwrap(), "p310.txt", WITHOUT_A_VOTE);
    let report = import(&source, "slk-2024-00412", &content);
    assert!(!report.contains("not placed: "), "{report}");
    check_drafts(&content);
    let bundle = case_bundle(&content.join("remisser/slk-2024-00412"));
    let (case, text) = &bundle["index.md"];
    assert_eq!(case["decided"].to_string(), "2024-04-17");
    assert_eq!(case["decided_by"].as_str(), Some("kommunstyrelsen"));
    assert_eq!(case["decision"].as_array().unwrap().len(), 2);
    assert!(case.get("votes").is_none());
    let motions = case["motions"].as_array().unwrap();
    let adopted: Vec<&str> =
        motions.iter().filter(|m| m.get("adopted").is_some()).map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(adopted, ["s-v-mp"], "{motions:?}");
    let d = motions.iter().find(|m| m["id"].as_str() == Some("d")).unwrap();
    assert_eq!(d["supports"].as_str(), Some("m-kd"), "{motions:?}");
    let m = motions.iter().find(|m| m["id"].as_str() == Some("m-kd")).unwrap();
    assert_eq!(m["signatories"].as_array().unwrap().len(), 2, "med instämmande av Elisabet Lann (KD)");
    assert!(
        text.contains("## Dagens sammanträde\n\nÄrendet behandlades efter en paus."),
        "a heading the reader does not know keeps its text: {text}"
    );
    for header in ["protokoll nr 12", "Sammanträdesdatum", "Sida 7"] {
        assert!(!text.contains(header), "{header} in {text}");
    }
    let (_, note) = &bundle["uttalanden/protokollsanteckning-m.md"];
    assert!(note.contains("tydligare.") && note.contains("avsnitt 4."), "the note keeps its lines: {note}");
}

/// § 102 printed as the meeting system prints it: an A4 PDF with the
/// running header ("Göteborgs Stad Kommunstyrelsen, protokoll nr 4",
/// "Sammanträdesdatum: 2024-02-07") on every page and "Sida N (M)" at the
/// foot, no blank lines between paragraphs. Read through pdftotext, it must
/// give the same hand-made bundle as the text.
#[test]
fn a_pdf_of_a_goteborg_paragraph_imports_as_the_hand_made_bundle() {
    use crate::import_pdf::{printed_lines, require_pdftotext, text_line};
    use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};
    require_pdftotext();
    let text = std::fs::read_to_string(minutes("gbg-ks-2024-02-07-p102.txt")).unwrap();
    let lines = printed_lines(&text);
    let chunks: Vec<&[String]> = lines.chunks(24).collect();
    let total = chunks.len();
    assert!(total >= 2, "the paragraph fills {total} pages");
    let pages = chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let mut ops = Vec::new();
            let top = 800.0;
            text_line(&mut ops, 56.0, top, "Göteborgs Stad Kommunstyrelsen, protokoll nr 4");
            text_line(&mut ops, 56.0, top - 12.0, "Sammanträdesdatum: 2024-02-07");
            for (j, line) in chunk.iter().enumerate() {
                text_line(&mut ops, 56.0, top - 44.0 - j as f32 * 14.0, line);
            }
            text_line(&mut ops, 480.0, 36.0, &format!("Sida {} ({total})", i + 1));
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    let mut warnings = Vec::new();
    let pdf = PdfDocument::new("Protokoll").with_pages(pages).save(&PdfSaveOptions::default(), &mut warnings);
    let content = goteborg_content("gbg-pdf");
    let source = content.parent().unwrap().join("protokoll.pdf");
    std::fs::write(&source, pdf).unwrap();
    let report = import(&source, "slk-2023-01152", &content);
    assert!(!report.contains("not placed: "), "{report}");
    check_drafts(&content);
    assert_bundle(&repo().join("tests/fixtures/import/gbg-p102"), &content, &report);
}

/// An imported § case, once the clerk removes `draft = true`, builds into a
/// case page with the vote table: every member, their title, the counts.
#[test]
fn an_imported_paragraph_builds_into_a_case_page_with_its_vote() {
    let content = goteborg_content("gbg-built");
    import(&minutes("gbg-ks-2024-02-07-p102.txt"), "slk-2023-01152", &content);
    let index = content.join("remisser/slk-2023-01152/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text.replacen("draft = true\n", "", 1)).unwrap();
    let out = content.parent().unwrap().join("public");
    let site = crate::common::build_into(&content, &out, "2024-03-01").unwrap_or_else(|d| panic!("{d:?}"));
    let page = crate::common::text_of(&site.page("remisser/slk-2023-01152/"));
    for expected in [
        "Karin Pleijel (MP) yrkade bifall till yrkande från MP, S och V den 1 februari 2024. Mötet biföll yrkandet.",
        "Ja vann, 7 röster mot 5; 1 avstod",
        "Daniel Bernmar (tjänstgörande ordförande) V Ja",
        "Johannes Hulter (tjänstgörande ersättare) S Ja",
        "Jörgen Fogelklou SD Avstår",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in {page}");
    }
    assert!(out.join("partier/c/index.html").exists(), "the proposed party C has its page");
}
