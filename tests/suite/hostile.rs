//! Hostile but ordinary-looking content: pasted from Word, forwarded
//! e-mail threads, or a pull request from someone who means harm. Nothing
//! in it may put a live script on a page, crash the build or hang it.

use crate::common::{RESPONSE, RESPONSE_FRONT, diagnostics, minimal_copy, remiss, repo, write};
use crate::output_check::check_site;
use std::path::Path;
use std::process::Output;

/// The one error about a refused scheme, which must be at `place`.
fn assert_refused(errors: &[String], place: &str, scheme: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert!(e.starts_with(&format!("{place}: ")), "expected {place}: {e}");
    assert!(e.contains(&format!("`{scheme}:`")), "the message must name `{scheme}:`: {e}");
    assert!(e.contains("`https:`") && e.contains("`mailto:`") && e.contains("`tel:`") && e.contains("relative"), "{e}");
}

#[test]
fn script_links_in_markdown_are_errors_at_their_place() {
    // (body, line of the link in the file, column, scheme as a browser reads it)
    let cases = [
        ("Se [förslagen](javascript:alert(1)).", 9, 4, "javascript"),
        ("[x](JaVaScRiPt:alert(1))", 9, 1, "javascript"),
        ("Text\n\n[x]( javascript:alert(1))", 11, 1, "javascript"),
        ("[x](<\tjavascript:alert(1)>)", 9, 1, "javascript"),
        ("[x](<java\tscript:alert(1)>)", 9, 1, "javascript"),
        ("[x](&#106;avascript:alert(1))", 9, 1, "javascript"),
        ("[x](&#x6A;ava&#x73;cript:alert(1))", 9, 1, "javascript"),
        ("[x](vbscript:msgbox(1))", 9, 1, "vbscript"),
        ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", 9, 1, "data"),
        ("Skriv till <javascript:alert(1)>.", 9, 12, "javascript"),
        ("Se [a][r].\n\n[r]: javascript:alert(1)", 11, 1, "javascript"),
        ("Se [r].\n\n  [r]: <vbscript:x> \"titel\"", 11, 3, "vbscript"),
        ("![bild](javascript:alert(1))", 9, 1, "javascript"),
        ("> * Citat med [länk](javascript:alert(1))", 9, 15, "javascript"),
    ];
    for (i, (body, line, column, scheme)) in cases.into_iter().enumerate() {
        let c = minimal_copy(&format!("script-link-{i}"));
        write(&c, RESPONSE, &format!("{RESPONSE_FRONT}{body}\n"));
        let (errors, _) = diagnostics(&c);
        assert_refused(&errors, &format!("{RESPONSE}:{line}:{column}"), scheme);
    }
}

#[test]
fn ordinary_links_are_not_errors() {
    let c = minimal_copy("ordinary-links");
    let body = "[a](https://www.regeringen.se/) [b](mailto:registrator@stockholm.se) [c](tel:+468508000) \
        [d](#synpunkter) [e](../index.md) <https://www.riksdagen.se> registrator@stockholm.se\n\n[r]: HTTP://example.org\n";
    write(&c, RESPONSE, &format!("{RESPONSE_FRONT}{body}"));
    let (errors, warnings) = diagnostics(&c);
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(!warnings.iter().any(|w| w.contains("nested")), "{warnings:#?}");
}

#[test]
fn script_urls_in_front_matter_are_errors_at_the_value() {
    let c = minimal_copy("front-url-body");
    write(
        &c,
        "organ/socialnamnden.md",
        "+++\nname = \"Socialnämnden\"\nkind = \"nämnd\"\nurl = \" JavaScript:alert(1)\"\n+++\n",
    );
    assert_refused(&diagnostics(&c).0, "organ/socialnamnden.md:4:7", "javascript");

    let c = minimal_copy("front-url-document");
    let doc = std::fs::read_to_string(c.join("dokument/sou-2023-1.md")).unwrap();
    let doc =
        doc.replacen("kind = \"SOU\"\n", "kind = \"SOU\"\nurl = \"data:text/html,<script>alert(1)</script>\"\n", 1);
    write(&c, "dokument/sou-2023-1.md", &doc);
    assert_refused(&diagnostics(&c).0, "dokument/sou-2023-1.md:5:7", "data");

    let c = minimal_copy("front-decision");
    let case = std::fs::read_to_string(c.join("remisser/ks-2024-1/index.md")).unwrap();
    let case = case.replacen("+++\n##", "decision = [\"Se [svaret](vbscript:x).\"]\n+++\n##", 1);
    write(&c, "remisser/ks-2024-1/index.md", &case);
    assert_refused(&diagnostics(&c).0, "remisser/ks-2024-1/index.md:10:12", "vbscript");

    let c = minimal_copy("front-proposed-decision");
    let front = RESPONSE_FRONT.replacen("meeting", "proposed_decision = \"[x](javascript:1)\"\nmeeting", 1);
    write(&c, RESPONSE, &format!("{front}Text.\n"));
    assert_refused(&diagnostics(&c).0, &format!("{RESPONSE}:4:21"), "javascript");
}

#[test]
fn the_accessibility_contact_is_an_address_or_a_safe_url() {
    let site = std::fs::read_to_string(repo().join("tests/fixtures/minimal/content/site.toml")).unwrap();
    let c = minimal_copy("contact-script");
    write(&c, "site.toml", &site.replace("\"webb@example.org\"", "\"javascript:alert(1)\""));
    assert_refused(&diagnostics(&c).0, "site.toml:10:11", "javascript");

    let c = minimal_copy("contact-typo");
    write(&c, "site.toml", &site.replace("\"webb@example.org\"", "\"webb at example.org\""));
    let errors = diagnostics(&c).0;
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with("site.toml:10:11: ") && errors[0].contains("e-mail address"), "{errors:#?}");

    for (contact, href) in [
        ("webb@example.org", "mailto:webb@example.org"),
        ("https://example.org/tillganglighet", "https://example.org/tillganglighet"),
    ] {
        let c = minimal_copy("contact-ok");
        write(&c, "site.toml", &site.replace("\"webb@example.org\"", &format!("\"{contact}\"")));
        let out = c.parent().unwrap().join("public");
        crate::common::build_into(&c, &out, "2024-02-01").unwrap_or_else(|d| panic!("{d:?}"));
        let page = std::fs::read_to_string(out.join("tillganglighet/index.html")).unwrap();
        assert!(page.contains(&format!("href={href}>")) || page.contains(&format!("href=\"{href}\"")), "{page}");
    }
}

/// Content that once overflowed the stack, one file for each way of nesting.
fn deeply_nested(name: &str) -> std::path::PathBuf {
    let c = minimal_copy(name);
    let quotes = format!("{RESPONSE_FRONT}Vidarebefordrat:\n\n{}Hej!\n", ">".repeat(10_000));
    write(&c, RESPONSE, &quotes);
    let list: String = (0..3_000).map(|i| format!("{}- punkt {i}\n", "  ".repeat(i))).collect();
    let statement = std::fs::read_to_string(c.join("remisser/ks-2024-1/uttalanden/s-socialnamnden.md")).unwrap();
    let end = statement.rfind("+++\n").unwrap() + 4;
    write(&c, "remisser/ks-2024-1/uttalanden/s-socialnamnden.md", &format!("{}{list}", &statement[..end]));
    let stars = format!("{}ord{}\n\n", "*".repeat(20_000), "*".repeat(20_000));
    let links = format!("{}x{}\n\n", "[".repeat(5_000), "](a.md)".repeat(5_000));
    let mixed = "> * _[**~~x".repeat(2_000);
    let table = format!("{0}| a | b |\n{0}|---|---|\n{0}| *x* | y |\n", ">".repeat(40));
    write(
        &c,
        "organ/socialnamnden.md",
        &format!("+++\nname = \"Socialnämnden\"\nkind = \"nämnd\"\n+++\n{stars}{links}{mixed}\n\n{table}"),
    );
    c
}

fn build_with_threads(content: &Path, threads: &str) -> (Output, std::path::PathBuf) {
    let out = content.parent().unwrap().join(format!("public-{threads}"));
    let output = remiss()
        .env("RAYON_NUM_THREADS", threads)
        .args(["build", "--today", "2024-02-01", "--content"])
        .arg(content)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    (output, out)
}

#[test]
fn deep_nesting_builds_flat_with_a_warning_on_every_thread_count() {
    let c = deeply_nested("deep");
    for threads in ["1", "2"] {
        let (output, out) = build_with_threads(&c, threads);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "RAYON_NUM_THREADS={threads}: {:?}\n{stderr}", output.status);
        for place in [
            format!("{RESPONSE}:"),
            "remisser/ks-2024-1/uttalanden/s-socialnamnden.md:".to_string(),
            "organ/socialnamnden.md:".to_string(),
        ] {
            let warned = stderr.lines().any(|l| l.contains(&place) && l.contains("nested more than 32 levels"));
            assert!(warned, "no nesting warning for {place}:\n{stderr}");
        }
        let page = std::fs::read_to_string(out.join("remisser/ks-2024-1/svar/socialnamnden/index.html")).unwrap();
        assert!(page.contains("Hej!"), "the text past the limit is still on the page");
        let problems = check_site(&out, &repo().join("themes/default/static"));
        assert!(problems.is_empty(), "{problems:#?}");
    }
}

#[test]
fn huge_lines_and_files_build() {
    let c = minimal_copy("huge");
    let line = "Ordet upprepas utan radbrytning. ".repeat(300_000);
    let many = "Ett stycke med *betoning* och [en länk](../index.md).\n\n".repeat(50_000);
    let unclosed = "[".repeat(200_000) + &"*_".repeat(100_000) + &"`".repeat(50_000);
    write(&c, RESPONSE, &format!("{RESPONSE_FRONT}{line}\n\n{many}{unclosed}\n"));
    let (output, out) = build_with_threads(&c, "2");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let page = std::fs::read(out.join("remisser/ks-2024-1/svar/socialnamnden/index.html")).unwrap();
    assert!(page.len() > line.len(), "the whole text is on the page");
}

#[test]
fn deep_toml_is_an_error_not_a_crash() {
    for (i, value) in ["[".repeat(20_000) + &"]".repeat(20_000), "{ a = ".repeat(20_000) + "1" + &" }".repeat(20_000)]
        .into_iter()
        .enumerate()
    {
        let c = minimal_copy(&format!("deep-toml-{i}"));
        write(
            &c,
            "organ/socialnamnden.md",
            &format!("+++\nname = \"Socialnämnden\"\nkind = \"nämnd\"\nx = {value}\n+++\n"),
        );
        let (output, _) = build_with_threads(&c, "2");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "a content error, not a crash: {stderr}");
        assert!(stderr.contains("organ/socialnamnden.md:4:"), "{stderr}");
    }
}

#[test]
fn the_seed_passes_the_output_check() {
    let problems = check_site(&crate::common::seed().out, &repo().join("themes/default/static"));
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn attachment_names_are_one_path_in_the_link() {
    let c = minimal_copy("attachment-names");
    let names = ["javascript:alert(1).pdf", "bilaga #2 (slutlig)?.pdf", "\"><svg onload=alert(1)>.pdf", "ö & å.pdf"];
    for name in names {
        write(&c, &format!("remisser/ks-2024-1/{name}"), name);
    }
    let out = c.parent().unwrap().join("public");
    crate::common::build_into(&c, &out, "2024-02-01").unwrap_or_else(|d| panic!("{d:?}"));
    let page = std::fs::read_to_string(out.join("remisser/ks-2024-1/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let hrefs: Vec<String> = doc
        .select(&scraper::Selector::parse("a[href$='.pdf']").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(hrefs.len(), names.len(), "{hrefs:?}");
    for href in &hrefs {
        assert!(!href.contains(['#', '?', ':', ' ', '"', '<']), "{href}");
        let decoded = percent_decode(href);
        let file = out.join("remisser/ks-2024-1").join(&decoded);
        let body = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{href} → {}: {e}", file.display()));
        assert!(names.contains(&body.as_str()));
    }
    assert!(check_site(&out, &repo().join("themes/default/static")).is_empty());
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
