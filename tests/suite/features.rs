//! Behaviour on small fixture sites: escaping, status, drafts, attachments,
//! language, sub-paths and the command line.

use crate::common::{build_into, minimal_copy, remiss, scratch, text_of, write};

#[test]
fn raw_html_and_hostile_titles_are_shown_as_text() {
    let content = minimal_copy("escape");
    write(
        &content,
        "remisser/ks-2024-1/index.md",
        "+++\ntitle = \"<img src=x onerror=alert(1)>\"\ncase_number = \"KS 2024/1\"\ndocument = \"sou-2023-1\"\nreferrer = \"R & co\"\ndeadline = 2024-03-01\ndecided_by = \"kommunstyrelsen\"\n+++\n<script>alert(1)</script>\n\nText <b>fet</b>.\n",
    );
    let site = build_into(&content, &scratch("escape").join("public"), "2024-02-01").unwrap();
    let page = site.page("remisser/ks-2024-1/");
    let html = &page[page.find("<body").unwrap()..];
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<b>fet"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)>") || html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;script>") || html.contains("&lt;script&gt;"), "{html}");
    let feed = site.file("feed.xml");
    assert!(!feed.contains("<img"), "{feed}");
}

#[test]
fn status_follows_the_build_date() {
    let content = minimal_copy("status");
    let before = build_into(&content, &scratch("status-a").join("public"), "2024-02-01").unwrap();
    assert!(before.main_text("remisser/ks-2024-1/").contains("Öppen"));
    assert!(before.file("kalender.ics").contains("DTSTART;VALUE=DATE:20240301"), "open cases are in the calendar");
    assert!(before.main_text("").contains("Pågående remisser"));
    let after = build_into(&content, &scratch("status-b").join("public"), "2024-03-02").unwrap();
    assert!(after.main_text("remisser/ks-2024-1/").contains("Försenad"));
    let listed = after.main_text("remisser/filter/status-forsenad/");
    assert!(listed.contains("En testutredning"), "pre-filtered list works without JavaScript: {listed}");
}

#[test]
fn referred_body_without_answer_is_shown_as_no_answer() {
    let content = minimal_copy("noanswer");
    std::fs::remove_file(content.join("remisser/ks-2024-1/svar/socialnamnden.md")).unwrap();
    let site = build_into(&content, &scratch("noanswer").join("public"), "2024-02-01").unwrap();
    let stances = text_of(&site.section("remisser/ks-2024-1/", "stances-heading"));
    assert!(stances.contains("Socialnämnden Inget svar"), "{stances}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let content = minimal_copy("drafts");
    let case = std::fs::read_to_string(content.join("remisser/ks-2024-1/index.md")).unwrap();
    write(&content, "remisser/ks-2024-1/index.md", &case.replacen("+++\n", "+++\ndraft = true\n", 1));
    let out = scratch("drafts").join("public");
    let site = build_into(&content, &out, "2024-02-01").unwrap();
    assert!(!site.out.join("remisser/ks-2024-1").exists());
    let mut opts = crate::common::options(&content, &out, "2024-02-01");
    opts.drafts = true;
    remiss::build::build(&opts).unwrap();
    assert!(out.join("remisser/ks-2024-1/index.html").exists());
}

#[test]
fn attachments_are_copied_and_linked() {
    let content = minimal_copy("attach");
    write(&content, "remisser/ks-2024-1/protokoll.pdf", "%PDF-1.4 test");
    write(&content, "remisser/ks-2024-1/svar/socialnamnden.pdf", "%PDF-1.4 svar");
    let site = build_into(&content, &scratch("attach").join("public"), "2024-02-01").unwrap();
    assert_eq!(site.file("remisser/ks-2024-1/protokoll.pdf"), "%PDF-1.4 test");
    assert!(site.page("remisser/ks-2024-1/").contains("href=../../remisser/ks-2024-1/protokoll.pdf"));
    let response = site.page("remisser/ks-2024-1/svar/socialnamnden/");
    assert!(response.contains("href=../../../../remisser/ks-2024-1/svar/socialnamnden.pdf"), "{response}");
}

#[test]
fn english_ui_strings_come_from_the_language_setting() {
    let content = minimal_copy("english");
    let site_toml = std::fs::read_to_string(content.join("site.toml")).unwrap();
    write(&content, "site.toml", &site_toml.replacen("organisation", "language = \"en\"\norganisation", 1));
    let site = build_into(&content, &scratch("english").join("public"), "2024-02-01").unwrap();
    let html = site.page("remisser/ks-2024-1/");
    assert!(html.starts_with("<!doctype html><html lang=en>"));
    let text = site.main_text("remisser/ks-2024-1/");
    assert!(text.contains("1 March 2024"), "{text}");
    assert!(!text.contains("Remisstid"), "no Swedish UI strings: {text}");
    assert!(text.contains("Nämnden är positiv."), "content stays as written");
    // WCAG 3.1.2: the Swedish content is marked so screen readers switch voice.
    assert!(html.contains("<h1 lang=sv>"), "{html}");
    assert!(html.contains("<td data-label=Summary lang=sv>Nämnden är positiv.</td>"), "{html}");
    let home = site.page("");
    assert!(!home.contains("lang=sv"), "UI text is not marked");
}

#[test]
fn content_in_the_ui_language_is_not_marked() {
    let site = build_into(&minimal_copy("svonly"), &scratch("svonly").join("public"), "2024-02-01").unwrap();
    let html = site.page("remisser/ks-2024-1/");
    assert!(html.starts_with("<!doctype html><html lang=sv>"));
    assert_eq!(html.matches("lang=").count(), 1, "only the html element has a lang: {html}");
}

#[test]
fn base_url_flag_overrides_site_toml_and_links_stay_relative() {
    let content = minimal_copy("baseurl");
    let out = scratch("baseurl").join("public");
    let mut opts = crate::common::options(&content, &out, "2024-02-01");
    opts.base_url = Some("https://stad.example.se/sub/path".into());
    remiss::build::build(&opts).unwrap();
    let html = std::fs::read_to_string(out.join("organ/socialnamnden/index.html")).unwrap();
    assert!(html.contains("https://stad.example.se/sub/path/organ/socialnamnden/"), "canonical uses the override");
    assert!(html.contains("href=../../remisser/ks-2024-1/index.html"), "{html}");
    assert!(!html.contains("href=/"), "no root-relative links: {html}");
}

#[test]
fn check_and_build_exit_codes_and_failed_build_leaves_public_untouched() {
    let content = minimal_copy("cli");
    let dir = content.parent().unwrap().to_path_buf();
    let ok = remiss().args(["check", "--today", "2024-02-01", "--content"]).arg(&content).output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));

    let out = dir.join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("old.html"), "old site").unwrap();
    write(&content, "organ/socialnamnden.md", "+++\nname = \"Socialnämnden\"\nkind = \"nämd\"\n+++\n");
    let failed = remiss()
        .args(["build", "--today", "2024-02-01", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("organ/socialnamnden.md:3:8: error:"), "{stderr}");
    assert_eq!(std::fs::read_to_string(out.join("old.html")).unwrap(), "old site");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1, "nothing was written");
    let siblings: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(siblings.len(), 2, "no staging folders left behind: {siblings:?}");

    let check = remiss().args(["check", "--today", "2024-02-01", "--content"]).arg(&content).output().unwrap();
    assert!(!check.status.success(), "check fails on bad content too");
}

#[test]
fn successful_build_replaces_the_old_site_and_keeps_dotfiles() {
    let content = minimal_copy("swap");
    let out = content.parent().unwrap().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("stale.html"), "stale").unwrap();
    std::fs::write(out.join(".gitkeep"), "").unwrap();
    build_into(&content, &out, "2024-02-01").unwrap();
    assert!(!out.join("stale.html").exists(), "pages of the old site are gone");
    assert!(out.join(".gitkeep").exists());
    assert!(out.join("index.html").exists());
}
