//! Facts from the seed case (KS 2023/99) on the pages where a citizen
//! would look for them.

use crate::common::{seed, text_of};

#[test]
fn socialnamnden_lists_its_answer_with_stance_and_meeting_date() {
    let site = seed();
    let html = site.section("organ/socialnamnden/", "responses-heading");
    let text = text_of(&html);
    assert!(html.contains("../../remisser/ks-2023-99/svar/socialnamnden/index.html"), "{html}");
    assert!(text.contains("KS 2023/99-1.1"), "{text}");
    assert!(text.contains("I huvudsak positiv"), "{text}");
    assert!(html.contains("datetime=2023-03-21"), "{html}");
    assert!(text.contains("21 mars 2023"), "{text}");
}

#[test]
fn kd_party_page_lists_both_deputy_statements_and_what_they_joined() {
    let site = seed();
    let html = site.section("partier/kd/", "statements-heading");
    let text = text_of(&html);
    assert_eq!(text.matches("Ersättaryttrande").count(), 4, "two statements, each titled and quoted: {text}");
    assert!(text.contains("Michaela Hollis") && text.contains("Frida Bondesson"), "{text}");
    for joined in ["socialnamnden-l-m-c", "utbildningsnamnden-l-m-c"] {
        let href = format!("../../remisser/ks-2023-99/uttalanden/{joined}/index.html");
        assert!(html.contains(&href), "KD page links to the joined statement {joined}: {html}");
    }
    assert!(text.contains("Ställde sig bakom"), "{text}");
}

#[test]
fn document_page_shows_committee_proposal_with_stadsledningskontorets_stance() {
    let site = seed();
    let proposal = site.section("dokument/sou-2022-67/", "nationell-kommitte");
    let text = text_of(&proposal);
    assert!(text.contains("Stadsledningskontoret"), "{text}");
    assert!(text.contains("Blandad"), "{text}");
    assert!(text.contains("tillfällig kommitté"), "the note explains the stance: {text}");
    for id in [
        "sprida-kunskap",
        "socialstyrelsen-kartlaggning",
        "inriktningsdokument",
        "nationell-kommitte",
        "lokala-overenskommelser",
    ] {
        site.section("dokument/sou-2022-67/", id);
    }
    // Under a proposal the bodies are grouped by stance, most positive first.
    let text = text_of(&site.section("dokument/sou-2022-67/", "sprida-kunskap"));
    let at = |name: &str| text.find(name).unwrap_or_else(|| panic!("{name} in {text}"));
    assert!(at("Utbildningsnämnden") < at("Socialnämnden"), "++ before +: {text}");
    assert!(at("Spånga-Tensta stadsdelsnämnd") < at("Socialnämnden"), "++ before +: {text}");
}

#[test]
fn document_page_has_a_readable_stance_matrix() {
    let site = seed();
    let html = site.section("dokument/sou-2022-67/", "matrix-heading");
    assert!(html.contains("<table class=\"matrix stack\">"), "{html}");
    // Each cell carries its proposal's title, shown as the cell's label where the rows become cards.
    assert!(
        html.contains("data-label=\"Uppdrag att sprida kunskap om våld i barns och ungas nära relationer\""),
        "{html}"
    );
    assert!(html.contains("<caption>"), "a caption names the table");
    assert!(html.contains("scope=col") && html.contains("scope=row"), "headers are marked up");
    let text = text_of(&html);
    for body in [
        "Stadsledningskontoret",
        "Socialnämnden",
        "Utbildningsnämnden",
        "Skarpnäcks stadsdelsnämnd",
        "Spånga-Tensta stadsdelsnämnd",
        "Södermalms stadsdelsnämnd",
    ] {
        assert!(text.contains(body), "matrix row for {body}: {text}");
    }
    assert!(text.contains("Ej angivet"), "unstated cells say so in text, not colour: {text}");
    assert!(text.contains("±"), "stances carry a symbol as well as colour");
}

#[test]
fn case_page_has_facts_timeline_and_every_referred_body() {
    let site = seed();
    let text = site.main_text("remisser/ks-2023-99/");
    for fact in [
        "KS 2023/99-1.1",
        "Justitiedepartementet",
        "28 april 2023",
        "Alexander Ojanne",
        "borgarråd",
        "26 april 2023",
        "KS 2021/1622",
        "Remissen besvaras med hänvisning till vad som sägs i stadens promemoria.",
        "Paragrafen justeras omedelbart.",
        "SOU 2022:67",
    ] {
        assert!(text.contains(fact), "case page shows {fact:?}");
    }
    let timeline = text_of(&site.section("remisser/ks-2023-99/", "timeline-heading"));
    for date in [
        "31 januari 2023",
        "21 mars 2023",
        "22 mars 2023",
        "23 mars 2023",
        "30 mars 2023",
        "12 april 2023",
        "26 april 2023",
        "28 april 2023",
    ] {
        assert!(timeline.contains(date), "timeline has {date}: {timeline}");
    }
    let stances = text_of(&site.section("remisser/ks-2023-99/", "stances-heading"));
    for (body, stance) in [
        ("Stadsledningskontoret", "I huvudsak positiv"),
        ("Socialnämnden", "I huvudsak positiv"),
        ("Utbildningsnämnden", "Positiv"),
        ("Skarpnäcks stadsdelsnämnd", "Positiv"),
        ("Spånga-Tensta stadsdelsnämnd", "I huvudsak positiv"),
        ("Södermalms stadsdelsnämnd", "Positiv"),
    ] {
        let at = stances.find(body).unwrap_or_else(|| panic!("{body} in stance table: {stances}"));
        assert!(stances[at..].starts_with(&format!("{body} ")) && stances[at..].contains(stance), "{body}: {stance}");
    }
    let statements = text_of(&site.section("remisser/ks-2023-99/", "statements-heading"));
    for who in [
        "Christofer Fjellner",
        "Henrietta Ludwig",
        "Michaela Hollis",
        "Frida Bondesson",
        "Jonas Naddebo",
        "Kristin Jacobsson",
        "Claes Nyberg",
    ] {
        assert!(statements.contains(who), "{who} among the case's statements");
    }
}

#[test]
fn kommunstyrelsen_statement_shows_the_borgarradsberedning_text() {
    let site = seed();
    let text = site.main_text("remisser/ks-2023-99/uttalanden/kommunstyrelsen-m-l-c/");
    assert!(text.contains("Likalydande med"), "{text}");
    assert!(text.contains("Christofer Fjellner") && text.contains("Annika Friberg") && text.contains("Jonas Nilsson"));
    assert!(text.contains("Jonas Naddebo"));
    assert!(text.contains("behandlingsmetoden TFCO"), "the shared text is shown: {text}");
    let brb = site.main_text("remisser/ks-2023-99/uttalanden/borgarradsberedningen-m-l/");
    assert!(brb.contains("Likalydande uttalanden"), "backlink from the original: {brb}");
}

#[test]
fn skarpnack_response_has_its_own_decision_and_the_reservation() {
    let site = seed();
    let text = site.main_text("remisser/ks-2023-99/svar/skarpnacks-stadsdelsnamnd/");
    assert!(text.contains("30 mars 2023") && text.contains("31 januari 2023"), "{text}");
    assert!(text.contains("Ett tryggare samhälle skapas i gemenskap"), "the body's added text");
    assert!(text.contains("Förvaltningens förslag till beslut"));
    assert!(text.contains("Reservation") && text.contains("Henrietta Ludwig"));
    let person = site.main_text("personer/henrietta-ludwig/");
    assert!(person.contains("Reservation") && person.contains("Centerpartiet"), "{person}");
}

#[test]
fn jan_jonsson_has_one_person_page_with_all_his_statements() {
    let site = seed();
    let html = site.section("personer/jan-jonsson/", "statements-heading");
    assert!(text_of(&html).contains("(4)"), "BRB, KS, Socialnämnden, Utbildningsnämnden: {}", text_of(&html));
    assert!(site.main_text("personer/jan-jonsson/").contains("Liberalerna"));
    let rapporteur = site.main_text("personer/alexander-ojanne/");
    assert!(rapporteur.contains("KS 2023/99-1.1"), "cases reported: {rapporteur}");
}

#[test]
fn every_sentence_of_the_seed_reaches_the_site() {
    let site = seed();
    let seed_path = crate::common::repo().join("../shared/seeds/000_3831924caa83575d.txt");
    let raw = std::fs::read_to_string(&seed_path).expect("the seed is in ../shared/seeds");
    let mut corpus = String::new();
    for entry in walkdir::WalkDir::new(&site.out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            corpus.push_str(&text_of(&html));
            corpus.push(' ');
        }
    }
    // Compare as overlapping runs of six words, so that line breaks, page
    // numbers and where a heading was placed do not matter, but every
    // sentence's wording does.
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let shingles = |w: &[String]| -> std::collections::BTreeSet<String> { w.windows(6).map(|w| w.join(" ")).collect() };
    let site_shingles = shingles(&words(&corpus));
    let seed_text: String = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.ends_with("(30)") && !l.contains("...."))
        // Numbers of numbered lists are markup on the site, not words.
        .map(|l| l.split_once(". ").filter(|(n, _)| n.parse::<u8>().is_ok()).map_or(l, |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join(" ");
    let seed_words = words(&seed_text);
    let seed_shingles = shingles(&seed_words);
    let missing = seed_shingles.iter().filter(|s| !site_shingles.contains(*s)).count();
    let coverage = 1.0 - missing as f64 / seed_shingles.len() as f64;
    // Where the minutes' wording was turned into structure (a meeting date,
    // a signatory list, a heading), short stretches are not found verbatim;
    // a dropped sentence or paragraph shows up as a long stretch.
    let mut longest: (usize, usize) = (0, 0);
    let mut run_start = None;
    for (i, window) in seed_words.windows(6).enumerate() {
        if site_shingles.contains(&window.join(" ")) {
            if let Some(start) = run_start.take() {
                longest = longest.max((i - start, start));
            }
        } else if run_start.is_none() {
            run_start = Some(i);
        }
    }
    let (len, at) = longest;
    let stretch = seed_words[at..(at + len + 5).min(seed_words.len())].join(" ");
    assert!(len <= 30, "{len} words in a row of the seed are missing from the site: {stretch}");
    assert!(coverage >= 0.96, "{coverage:.3} of {} runs of six words found", seed_shingles.len());
}

#[test]
fn data_feeds_and_calendar_carry_the_case() {
    let site = seed();
    let cases: serde_json::Value = serde_json::from_str(&site.file("data/cases.json")).unwrap();
    let text = cases.to_string();
    assert!(text.contains("KS 2023/99-1.1") && text.contains("2023-04-28"), "{text}");
    let responses = site.file("data/responses.csv");
    let mut csv = csv::Reader::from_reader(responses.as_bytes());
    assert_eq!(csv.records().count(), 6, "one row per response");
    let feed = site.file("feed.xml");
    assert!(feed.contains("https://example.org/remissvar/remisser/ks-2023-99/"), "{feed}");
    let body_feed = site.file("organ/socialnamnden/feed.xml");
    assert!(body_feed.contains("svar/socialnamnden/"), "{body_feed}");
    let party_feed = site.file("partier/kd/feed.xml");
    assert_eq!(party_feed.matches("<entry>").count(), 2, "{party_feed}");
    assert!(site.file("kalender.ics").starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(site.file("sitemap.xml").contains("https://example.org/remissvar/personer/jan-jonsson/"));
    assert!(site.file("robots.txt").contains("Sitemap: https://example.org/remissvar/sitemap.xml"));
    assert!(site.file("404.html").contains("/remissvar/index.html"));
}

/// The site-wide feed is linked once from every page; a body's page adds its
/// own feed, once. (The case list and the data page used to name the
/// site-wide feed twice, in the head and in the footer.)
#[test]
fn every_page_links_each_feed_once() {
    let site = seed();
    for (path, own) in [
        ("index.html", None),
        ("remisser/index.html", None),
        ("data/index.html", None),
        ("remisser/ks-2023-99/index.html", None),
        ("organ/socialnamnden/index.html", Some("organ/socialnamnden/feed.xml")),
    ] {
        let html = site.file(path);
        let alternates: Vec<&str> = html.split("<link").skip(1).filter(|l| l.contains("rel=alternate")).collect();
        assert_eq!(alternates.len(), 1 + usize::from(own.is_some()), "{path}: {alternates:?}");
        let footer = html.split("<footer").nth(1).unwrap_or_default();
        let root = "../".repeat(path.matches('/').count());
        assert_eq!(footer.matches(&format!("href={root}feed.xml>")).count(), 1, "{path}: {footer}");
        if let Some(own) = own {
            assert!(footer.contains(&format!("href={root}{own}>")), "{path}: {footer}");
        }
    }
}
