//! Markdown to HTML, as pulldown-cmark event passes: raw HTML is escaped
//! (never passed through), headings get ids, and relative links written
//! against the content folder are rewritten to work from the page's URL.

use crate::model::{Markdown, paths};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

fn is_relative(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with('/')
        || dest.starts_with("//")
        || dest.contains(':')
            && dest
                .split(':')
                .next()
                .is_some_and(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))))
}

/// Relative link and image destinations in `source`, with their byte offsets.
pub fn links(source: &str) -> Vec<(String, usize)> {
    Parser::new_ext(source, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) if is_relative(&dest_url) => {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

/// Resolves `dest` (relative to the content folder `dir`) to a
/// content-relative path, or `None` if it climbs out of the content folder.
pub fn resolve(dir: &str, dest: &str) -> Option<String> {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Rewrites a content-relative link so it works from the page in `page_dir`.
fn rewrite(md: &Markdown, page_dir: &str, dest: &str) -> String {
    let Some(target) = resolve(&md.dir, dest) else { return dest.to_string() };
    let fragment = dest.find('#').map_or("", |i| &dest[i..]);
    let site_path = paths::page_of_content(&target).unwrap_or(target);
    format!("{}{fragment}", paths::relative(page_dir, &site_path))
}

/// Renders to HTML for the page whose folder is `page_dir`.
pub fn render(md: &Markdown, page_dir: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(&md.source, options())
        .map(|event| match event {
            // Raw HTML from content is shown as text, never interpreted.
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) if is_relative(&dest_url) => {
                let dest_url = CowStr::from(rewrite(md, page_dir, &dest_url));
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) if is_relative(&dest_url) => {
                let dest_url = CowStr::from(rewrite(md, page_dir, &dest_url));
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            other => other,
        })
        .collect();
    let events = heading_ids(events);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Gives every heading an id from its text, so sections can be linked to.
/// Headings are also moved down a level when the text uses `#`, since the
/// page itself owns the only `h1`.
fn heading_ids(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, classes, attrs }) = &events[i] {
            let mut text = String::new();
            for e in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = crate::model::slugify(&text);
            let base = if base.is_empty() { "avsnitt".to_string() } else { base };
            let mut slug = base.clone();
            let mut n = 1;
            while used.contains(&slug) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            used.push(slug.clone());
            let level = if *level == HeadingLevel::H1 { HeadingLevel::H2 } else { *level };
            let id = id.clone().or(Some(CowStr::from(slug)));
            events[i] = Event::Start(Tag::Heading { level, id, classes: classes.clone(), attrs: attrs.clone() });
        }
        if let Event::End(TagEnd::Heading(HeadingLevel::H1)) = &events[i] {
            events[i] = Event::End(TagEnd::Heading(HeadingLevel::H2));
        }
        i += 1;
    }
    events
}

/// The text without markup, paragraphs separated by blank lines: for
/// feeds, data export and search.
pub fn plain_text(source: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push_str("\n\n"),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(source: &str, dir: &str) -> Markdown {
        Markdown { source: source.into(), dir: dir.into() }
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = render(&md("Hej <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n", ""), "");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn links_are_rewritten_for_the_page() {
        let m = md("[pdf](socialnamnden.pdf) [case](../index.md) [body](../../../organ/x.md#a)", "remisser/c/svar");
        let html = render(&m, "remisser/c/svar/socialnamnden/");
        assert!(html.contains(r#"href="../../../../remisser/c/svar/socialnamnden.pdf""#), "{html}");
        assert!(html.contains(r#"href="../../../../remisser/c/index.html""#), "{html}");
        assert!(html.contains(r#"href="../../../../organ/x/index.html#a""#), "{html}");
    }

    #[test]
    fn outside_links_are_found() {
        assert_eq!(resolve("remisser/c", "../../../etc/passwd"), None);
        assert_eq!(resolve("remisser/c", "a.pdf").as_deref(), Some("remisser/c/a.pdf"));
        let found = links("[a](https://x.se) [b](../x.pdf) [c](#top) [d](mailto:a@b.se)");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "../x.pdf");
    }

    #[test]
    fn headings_get_ids_and_no_h1() {
        let html = render(&md("# Sammanfattning\n\n## Sammanfattning\n", ""), "");
        assert!(html.contains(r#"<h2 id="sammanfattning">"#), "{html}");
        assert!(html.contains(r#"<h2 id="sammanfattning-2">"#), "{html}");
        assert!(!html.contains("<h1"));
    }
}
