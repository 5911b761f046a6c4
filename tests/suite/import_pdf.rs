//! `remiss import` on a real PDF: the seed minutes are laid out as an A4 PDF
//! with a running header and "N (M)" page numbers on every page, as the
//! city's minutes have, and the import through poppler's `pdftotext` must
//! give the hand-made bundle's files and statements, with no header or page
//! number in the text.

use crate::common::{self, case_bundle as bundle, copy_dir, repo, scratch};
use printpdf::{BuiltinFont, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// The running header printed at the top of every page.
const HEADER: [&str; 2] = ["Stockholms stad", "Utlåtande 2023: RI (Dnr KS 2023/99-1.1)"];
/// Seed lines laid out on one page.
const LINES_PER_PAGE: usize = 50;
const FONT_SIZE: f32 = 9.0;
/// Line spacing, in points.
const LEADING: f32 = 14.0;
/// A4, in points.
const PAGE_HEIGHT: f32 = 841.89;
const LEFT: f32 = 56.0;
const RIGHT: f32 = 539.0;

/// One character as WinAnsiEncoding, the encoding of the built-in fonts, can
/// print it: bullets in the private-use area (U+F0B7 is Symbol's bullet)
/// become "•", other characters lose their accents or become a near
/// equivalent, and anything else "?".
fn winansi(c: char) -> String {
    const EXTRA: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
    let printable = |c: char| (' '..='~').contains(&c) || ('\u{A0}'..='\u{FF}').contains(&c) || EXTRA.contains(c);
    if printable(c) {
        return c.to_string();
    }
    match c {
        '\u{E000}'..='\u{F8FF}' | '▪' | '●' | '◦' | '○' | '■' | '□' => "•".into(),
        '\t' => " ".into(),
        '‐' | '‑' | '‒' | '−' => "-".into(),
        '′' => "'".into(),
        '″' => "\"".into(),
        '\u{2000}'..='\u{200A}' | '\u{202F}' => " ".into(),
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{AD}' => String::new(),
        _ => {
            use unicode_normalization::UnicodeNormalization;
            let base: String = c.nfkd().filter(|&d| printable(d)).collect();
            if base.is_empty() { "?".into() } else { base }
        }
    }
}

pub(crate) fn text_line(ops: &mut Vec<Op>, x: f32, y: f32, text: &str) {
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFont { font: PdfFontHandle::Builtin(BuiltinFont::Helvetica), size: Pt(FONT_SIZE) });
    ops.push(Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } });
    ops.push(Op::ShowText { items: vec![TextItem::Text(text.to_string())] });
    ops.push(Op::EndTextSection);
}

/// The seed's text as an A4 PDF in Helvetica: each non-blank seed line is one
/// line of the PDF, `LINES_PER_PAGE` to a page, under the running header and
/// over the page number "N (M)". Returns the PDF and its number of pages.
fn minutes_pdf(seed: &str) -> (Vec<u8>, usize) {
    let lines = printed_lines(seed);
    let chunks: Vec<&[String]> = lines.chunks(LINES_PER_PAGE).collect();
    let total = chunks.len();
    let pages = chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let mut ops = Vec::new();
            let top = PAGE_HEIGHT - 42.0;
            for (j, header) in HEADER.iter().enumerate() {
                text_line(&mut ops, LEFT, top - j as f32 * 12.0, header);
            }
            for (j, line) in chunk.iter().enumerate() {
                text_line(&mut ops, LEFT, top - 44.0 - j as f32 * LEADING, line);
            }
            let number = format!("{} ({total})", i + 1);
            // Right-aligned by eye: a digit of Helvetica is 0.556 em wide.
            let width = number.chars().count() as f32 * 0.556 * FONT_SIZE;
            text_line(&mut ops, RIGHT - width, 36.0, &number);
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    let mut warnings = Vec::new();
    let bytes =
        PdfDocument::new("Utlåtande 2023: RI").with_pages(pages).save(&PdfSaveOptions::default(), &mut warnings);
    assert!(warnings.is_empty(), "printpdf: {warnings:?}");
    (bytes, total)
}

fn remiss(args: &[&str], content: &Path) -> Output {
    common::remiss().args(args).arg("--content").arg(content).output().unwrap()
}

fn shows(out: &Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// Fails, never skips, without poppler's pdftotext.
pub(crate) fn require_pdftotext() {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(found, "pdftotext is missing: install Debian's poppler-utils (scripts/test does this)");
}

/// The seed's lines as the PDF prints them: trimmed, whitespace collapsed,
/// in WinAnsi.
pub(crate) fn printed_lines(seed: &str) -> Vec<String> {
    seed.lines()
        .map(|l| l.chars().map(winansi).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// A body's words without Markdown's heading and list markers, so that a
/// paragraph can be found in it however the importer split the paragraphs.
fn words(markdown: &str) -> String {
    let marker = |w: &str| w.chars().all(|c| c == '#') || matches!(w, "-" | "–" | "*");
    markdown.split_whitespace().filter(|w| !marker(w)).collect::<Vec<_>>().join(" ")
}

/// Where `paragraph` stops being found in `text`: the words that were
/// found last, the words that should follow, and those that follow in `text`.
fn divergence(paragraph: &str, text: &str) -> String {
    let ws: Vec<&str> = paragraph.split(' ').collect();
    let found = (1..=ws.len()).take_while(|&n| text.contains(&ws[..n].join(" "))).last().unwrap_or(0);
    let prefix = ws[..found].join(" ");
    let after: Vec<&str> = match text.find(&prefix) {
        Some(at) if found > 0 => text[at + prefix.len()..].split_whitespace().take(8).collect(),
        _ => Vec::new(),
    };
    let import =
        if after.is_empty() { "ends there".to_string() } else { format!("goes on \"{} …\"", after.join(" ")) };
    format!(
        "after \"…{}\" the hand-made case goes on \"{} …\", the import {import}",
        ws[found.saturating_sub(8)..found].join(" "),
        ws[found..(found + 8).min(ws.len())].join(" "),
    )
}

/// Imports `source` as ks-2023-99 into a fresh copy of the repository's
/// content without that case, and checks the drafts. Returns the case folder.
fn import_into_copy(name: &str, source: &Path) -> std::path::PathBuf {
    let content = scratch(name).join("content");
    copy_dir(&repo().join("content"), &content);
    std::fs::remove_dir_all(content.join("remisser/ks-2023-99")).unwrap();
    let import = remiss(&["import", source.to_str().unwrap(), "--case", "ks-2023-99"], &content);
    assert!(import.status.success(), "remiss import {} failed\n{}", source.display(), shows(&import));
    let check = remiss(&["check", "--drafts"], &content);
    assert!(
        check.status.success(),
        "remiss check --drafts failed on the case imported from {}\n{}",
        source.display(),
        shows(&check)
    );
    content.join("remisser/ks-2023-99")
}

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_pdf_of_the_minutes_imports_like_the_hand_made_case_without_headers_or_page_numbers() {
    require_pdftotext();
    let seed_path = repo().join("../shared/seeds/000_3831924caa83575d.txt");
    let seed = std::fs::read_to_string(&seed_path).expect("the seed is in ../shared/seeds");
    let dir = scratch("import-pdf");
    let (pdf, pages) = minutes_pdf(&seed);
    assert!(pages >= 20, "the seed fills {pages} pages");
    let pdf_path = dir.join("minutes.pdf");
    std::fs::write(&pdf_path, pdf).unwrap();

    // The PDF is faithful: pdftotext, in content order, reads back the header
    // and the page number of every page and each seed line as it was.
    let raw = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", "-eol", "unix"])
        .arg(&pdf_path)
        .arg("-")
        .output()
        .unwrap();
    assert!(raw.status.success(), "{}", shows(&raw));
    let raw = String::from_utf8(raw.stdout).unwrap();
    let raw: Vec<&str> = raw.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let numbers: Vec<String> = (1..=pages).map(|n| format!("{n} ({pages})")).collect();
    let header = raw.iter().filter(|l| **l == HEADER[1]).count();
    let read_numbers: Vec<&str> = raw.iter().copied().filter(|l| numbers.iter().any(|n| n == l)).collect();
    assert_eq!(header, pages, "pdftotext reads the header on every page:\n{}", raw.join("\n"));
    assert_eq!(read_numbers, numbers, "pdftotext reads the page numbers:\n{}", raw.join("\n"));
    let body: Vec<&str> =
        raw.iter().copied().filter(|l| !HEADER.contains(l) && !numbers.iter().any(|n| n == l)).collect();
    let printed = printed_lines(&seed);
    for (i, (got, want)) in body.iter().zip(&printed).enumerate() {
        assert_eq!(got, want, "pdftotext reads seed line {} (non-blank) back as printed", i + 1);
    }
    assert_eq!(body.len(), printed.len(), "pdftotext reads every seed line back");
    assert!(printed.iter().any(|l| l.starts_with("• Stöd till föräldrar")), "the bullets are printed as •");

    let case = import_into_copy("import-pdf-content", &pdf_path);

    // The same responses and statements as the hand-made case, placed alike.
    let expected = bundle(&repo().join("content/remisser/ks-2023-99"));
    let got = bundle(&case);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the same responses and statements"
    );
    for (rel, (want, _)) in &expected {
        let (have, _) = &got[rel];
        let keys: &[&str] = if rel.starts_with("svar/") {
            &["meeting", "drafted"]
        } else {
            &["kind", "body", "signatories", "joins", "same_as"]
        };
        for key in keys {
            assert_eq!(have.get(*key), want.get(*key), "{rel}: `{key}` differs from the hand-made case");
        }
    }

    // Neither the running header nor a page number got into the text. The
    // seed has "Stockholms stad" in its sentences, never as a line of its own.
    let page_number = regex::Regex::new(&format!(r"\b\d+ \({pages}\)")).unwrap();
    for (rel, text) in files(&case) {
        assert!(!text.contains("Utlåtande 2023: RI"), "{rel}: the running header leaked in:\n{text}");
        assert!(!text.contains("Dnr KS 2023/99"), "{rel}: the running header leaked in:\n{text}");
        let alone =
            text.lines().find(|l| l.trim_start_matches(['#', ' ', '"']).trim_end_matches(['"', ',']) == HEADER[0]);
        assert_eq!(alone, None, "{rel}: the running header leaked in:\n{text}");
        let leaked: Vec<&str> = page_number.find_iter(&text).map(|m| m.as_str()).collect();
        assert!(leaked.is_empty(), "{rel}: page numbers {leaked:?} leaked in:\n{text}");
    }

    // No text was lost or garbled: each paragraph of the hand-made bodies is
    // in the imported body, however the paragraphs were split.
    let mut lost = Vec::new();
    for (rel, (_, want)) in &expected {
        let have = words(&got[rel].1);
        for paragraph in want.split("\n\n").map(words).filter(|p| !p.is_empty()) {
            if !have.contains(&paragraph) {
                lost.push(format!("{rel}: {}", divergence(&paragraph, &have)));
            }
        }
    }
    assert!(lost.is_empty(), "text of the hand-made case is missing from the PDF's import:\n{}", lost.join("\n"));

    // And the PDF gives exactly what the seed's text gives.
    let from_text = files(&import_into_copy("import-pdf-text", &seed_path));
    let from_pdf = files(&case);
    assert_eq!(from_pdf.keys().collect::<Vec<_>>(), from_text.keys().collect::<Vec<_>>());
    for (rel, want) in &from_text {
        let have = &from_pdf[rel];
        let only = |a: &str, b: &str| -> Vec<String> {
            a.lines().filter(|l| !b.lines().any(|m| m == *l)).map(|l| format!("  {l}")).collect()
        };
        assert!(
            have == want,
            "{rel}: the PDF's import differs from the text's\nonly from the text:\n{}\nonly from the PDF:\n{}",
            only(want, have).join("\n"),
            only(have, want).join("\n")
        );
    }
}
