//! A bounded fuzz test over the whole per-file path: generated hostile
//! front matter and Markdown go through loading (front matter split, TOML),
//! validation, rendering and minifying, and every page that comes out must
//! pass the output check and use no element that the theme and Markdown do
//! not make.
//!
//! It is deterministic (a fixed seed, a fixed number of rounds), so a red
//! run is a red run on every machine. `REMISS_FUZZ_ROUNDS` and
//! `REMISS_FUZZ_SEED` change both for a longer hunt. Before each round the
//! input is written to `target/tmp/fuzz-current/`, so even an input that
//! aborts the process (a stack overflow) is left to look at; every input
//! that ever failed belongs in `tests/fixtures/hostile/`, which
//! [`regression_fixtures_stay_fixed`] replays.

use crate::common::{RESPONSE, minimal_copy, options, repo, write};
use crate::output_check::check_page;
use std::collections::BTreeSet;
use std::path::Path;

const BODY: &str = "organ/socialnamnden.md";
const CASE: &str = "remisser/ks-2024-1/index.md";

/// Elements Markdown can produce: content may bring these and no others
/// beyond what the theme itself puts on its pages.
const MARKDOWN_ELEMENTS: &[&str] = &[
    "p",
    "blockquote",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "del",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "code",
    "pre",
    "hr",
    "br",
];

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Ways a URL that runs a script has been written.
const SCRIPT_URLS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "\u{0}javascript:alert(1)",
    "javascript&colon;alert(1)",
    "%6Aavascript:alert(1)",
    "//evil.example/x.js",
    "https://ok.example/\"onmouseover=\"alert(1)",
    "x' onerror='alert(1)",
];

/// Pieces of Markdown and HTML that have broken renderers before.
const PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content=0;url=//evil.example>",
    "<!--",
    "-->",
    "<![CDATA[",
    "</textarea></title></style>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "{{ config }}",
    "{% raw %}",
    "{#",
    "+++",
    "---",
    "\u{0}",
    "\u{feff}",
    "\r",
    "\r\n",
    "\u{2028}",
    "\u{202e}",
    "e\u{301}\u{301}\u{301}",
    "\u{1f600}",
    "&amp;&lt;&#0;&#xD800;&#1114112;",
    "\\",
    "`",
    "```",
    "~~~",
    "    ",
    "\t",
    "|",
    "|---|",
    "#",
    "######",
    "***",
    "___",
    "[^1]",
    "<https://x.se>",
    "<a@b.se>",
    "![",
    "](",
    ")",
    "[",
    "]",
    "[r]: ",
    "\n",
    "\n\n",
];

/// Openers that nest when repeated.
const NESTERS: &[&str] = &["> ", "- ", "1. ", "* ", "*", "_", "**", "~~", "[", "![", "`", "  ", "> - "];

/// Markdown from the pieces; with `urls`, also links to script URLs,
/// which validation must refuse.
fn markdown(rng: &mut Rng, urls: bool) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(24) + 1 {
        match rng.below(7) {
            0 if urls => {
                let url = rng.pick(SCRIPT_URLS);
                let link = match rng.below(6) {
                    0 => format!("[länk]({url})"),
                    1 => format!("![bild]({url})"),
                    2 => format!("<{url}>"),
                    3 => format!("[länk][r{0}]\n\n[r{0}]: {url}\n", rng.below(3)),
                    4 => format!("[länk](<{url}> \"titel\")"),
                    _ => format!("[r{}]\n\n[r{}]: {url}\n", rng.below(3), rng.below(3)),
                };
                out.push_str(&link);
            }
            1 => {
                let nester = rng.pick(NESTERS);
                let depth = [1, 3, 31, 32, 33, 64, 200, 2_000][rng.below(8)];
                out.push_str(&nester.repeat(depth));
                out.push_str("text");
                if rng.below(2) == 0 {
                    out.push_str(&nester.trim().repeat(depth));
                }
            }
            2 => {
                let depth = rng.below(80);
                out.push_str(&">".repeat(depth));
                out.push_str("| a | b |\n");
                out.push_str(&">".repeat(depth));
                out.push_str("|---|---|\n");
                out.push_str(&">".repeat(depth));
                out.push_str(if urls { "| *x* | [y](javascript:1) |\n" } else { "| *x* | [y](#y) |\n" });
            }
            3 => out.push_str(&"ord ".repeat(rng.below(5_000))),
            _ => out.push_str(rng.pick(PIECES)),
        }
        out.push_str(["", " ", "\n", "\n\n"][rng.below(4)]);
    }
    out
}

/// A TOML string literal holding `text`, as a clerk would quote it.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A short value: a script URL, a piece or some Markdown.
fn value(rng: &mut Rng, urls: bool) -> String {
    match rng.below(3) {
        0 if urls => rng.pick(SCRIPT_URLS).to_string(),
        1 => rng.pick(PIECES).to_string(),
        _ => markdown(rng, urls).chars().take(400).collect(),
    }
}

/// Front matter that is valid TOML around hostile values, or sometimes not
/// TOML at all.
fn response_front(rng: &mut Rng, urls: bool) -> String {
    if urls && rng.below(8) == 0 {
        let broken = ["x = [[[[[", "x = \"", "[proposals\n", "a = 1\na = 2", "x = { a = ", "x = 1979-05-27T07:32:00Z"];
        return format!("+++\n{}\n{}\n+++\n", rng.pick(&broken), value(rng, urls));
    }
    let stance = if urls { ["positiv", "<script>", ""][rng.below(3)] } else { "i huvudsak positiv" };
    format!(
        "+++\nstance = {}\nsummary = {}\nproposed_decision = {}\nmeeting = 2024-02-20\n\n[proposals]\nforslag-ett = \"positiv\"\n+++\n",
        toml_string(stance),
        toml_string(&value(rng, urls)),
        toml_string(&value(rng, urls)),
    )
}

fn body_file(rng: &mut Rng, urls: bool) -> String {
    let url = if urls { format!("url = {}\n", toml_string(&value(rng, urls))) } else { String::new() };
    format!("+++\nname = {}\nkind = \"nämnd\"\n{url}+++\n{}", toml_string(&value(rng, true)), markdown(rng, urls))
}

fn case_file(rng: &mut Rng, urls: bool) -> String {
    let case = std::fs::read_to_string(repo().join("tests/fixtures/minimal/content").join(CASE)).unwrap();
    let decision =
        format!("decision = [{}, {}]\n+++\n", toml_string(&value(rng, urls)), toml_string(&value(rng, urls)));
    case.replacen("+++\n##", &format!("{decision}{}\n\n##", markdown(rng, urls)), 1)
}

/// A page's path, what the output check found on it, its element names.
type Page = (String, Vec<String>, BTreeSet<String>);

/// Element names on the pages of `content`'s site, and problems the output
/// check finds on them; `None` when the content has errors (which is what
/// most hostile input should give).
fn pages_of(content: &Path) -> Option<Vec<Page>> {
    let out = content.parent().unwrap().join("public");
    let (site, _) = remiss::build::check(&options(content, &out, "2024-02-01")).ok()?;
    let (files, _) = remiss::build::render_site(&site, &repo().join("themes")).unwrap_or_else(|d| panic!("{d:?}"));
    let scripts: BTreeSet<String> = ["search.js".to_string()].into();
    let root = repo().join("themes/default/static");
    let mut pages = Vec::new();
    for (path, bytes) in files.into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8"));
        let problems = check_page(&path, &html, &root, &scripts);
        let doc = scraper::Html::parse_document(&html);
        let names = doc.tree.nodes().filter_map(|n| n.value().as_element().map(|e| e.name().to_string())).collect();
        pages.push((path, problems, names));
    }
    Some(pages)
}

/// Element names the theme uses on the minimal site, before any fuzzing.
fn theme_elements() -> BTreeSet<String> {
    let pages = pages_of(&minimal_copy("fuzz-baseline")).expect("the minimal fixture is valid");
    let mut names: BTreeSet<String> = pages.into_iter().flat_map(|(_, _, names)| names).collect();
    names.extend(MARKDOWN_ELEMENTS.iter().map(|s| s.to_string()));
    names
}

/// What is wrong with the site built from `content`: problems the output
/// check found, and elements no one but content could have put there.
/// `None` when the content did not validate, so nothing was rendered.
fn failures(content: &Path, allowed: &BTreeSet<String>) -> Option<Vec<String>> {
    let pages = pages_of(content)?;
    let mut failures = Vec::new();
    for (path, problems, names) in pages {
        failures.extend(problems.into_iter().map(|p| format!("{path}: {p}")));
        failures
            .extend(names.difference(allowed).map(|n| format!("{path}: <{n}> is neither the theme's nor Markdown's")));
    }
    Some(failures)
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs `f` on a thread with the 2 MiB stack rayon's workers get by
/// default, so the fuzz test is no kinder than the smallest stack it may
/// meet.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let thread = std::thread::Builder::new().stack_size(2 << 20).spawn(f).unwrap();
    thread.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
}

#[test]
fn generated_hostile_content_never_crashes_or_reaches_a_page() {
    on_small_stack(|| {
        let rounds = env_number("REMISS_FUZZ_ROUNDS", 800);
        let mut rng = Rng(env_number("REMISS_FUZZ_SEED", 0x7265_6d69_7373));
        let allowed = theme_elements();
        let current = repo().join("target/tmp/fuzz-current");
        let content = minimal_copy("fuzz");
        let mut built = 0;
        for round in 0..rounds {
            // Half the rounds bring script URLs (refused by validation), the
            // other half everything else, so it reaches the pages.
            let urls = round % 2 == 1;
            let files = [
                (RESPONSE, response_front(&mut rng, urls) + &markdown(&mut rng, urls)),
                (BODY, body_file(&mut rng, urls)),
                (CASE, case_file(&mut rng, urls)),
            ];
            for (rel, text) in &files {
                write(&current, rel, text);
                write(&content, rel, text);
            }
            let result = std::panic::catch_unwind(|| failures(&content, &allowed));
            let failed = match result {
                Ok(None) => None,
                Ok(Some(f)) if f.is_empty() => {
                    built += 1;
                    None
                }
                Ok(Some(f)) => Some(f.join("\n")),
                Err(_) => Some("the build panicked".to_string()),
            };
            if let Some(why) = failed {
                panic!(
                    "round {round} failed; its files are in {} (keep them in tests/fixtures/hostile/):\n{why}",
                    current.display()
                );
            }
        }
        // Hostile input mostly fails validation; some of it must get through
        // to rendering, or the test would check nothing after validation.
        assert!(built * 5 >= rounds as usize, "only {built} of {rounds} rounds reached rendering");
    });
}

/// Every input that once failed, replayed: each folder under
/// `tests/fixtures/hostile/` holds files to lay over the minimal site.
#[test]
fn regression_fixtures_stay_fixed() {
    on_small_stack(|| {
        let allowed = theme_elements();
        let root = repo().join("tests/fixtures/hostile");
        let mut fixtures: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
        fixtures.sort();
        assert!(!fixtures.is_empty());
        for fixture in fixtures {
            let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
            let content = minimal_copy(&format!("hostile-{name}"));
            crate::common::copy_dir(&fixture, &content);
            let result = std::panic::catch_unwind(|| failures(&content, &allowed));
            match result {
                Ok(Some(f)) => assert!(f.is_empty(), "{name}: {f:#?}"),
                Ok(None) => panic!("{name}: a regression fixture must validate, so its pages are checked"),
                Err(_) => panic!("{name}: the build panicked"),
            }
        }
    });
}
