//! Markdown to HTML, as pulldown-cmark event passes: raw HTML is escaped
//! (never passed through), links with a refused scheme lose their target,
//! nesting past [`MAX_DEPTH`] is flattened, headings get ids, and relative
//! links written against the content folder are rewritten to work from the
//! page's URL.
//!
//! The flattening is there because every later stage that reads the HTML
//! (the minifier, a browser, a screen reader) walks it recursively: 10,000
//! nested `>` from a forwarded e-mail thread overflowed the minifier's
//! stack. [`findings`] runs the same passes without rendering, so
//! validation reports exactly what rendering will do.

use crate::content::{FileKind, layout};
use crate::model::{Markdown, paths};
use crate::url;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

/// How deeply elements may nest inside one text (quotes, lists, emphasis,
/// links, tables). Real minutes stay far below it; past it the rest of the
/// element is shown as plain text.
pub const MAX_DEPTH: usize = 32;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// What validation needs to know about a text, with byte offsets into it.
#[derive(Debug, Default)]
pub struct Findings {
    /// Relative link and image destinations, to check they stay in `content/`.
    pub relative: Vec<(String, usize)>,
    /// Destinations (links, images, autolinks, reference definitions) whose
    /// scheme may not reach a page.
    pub refused: Vec<(url::Refused, usize)>,
    /// Where an element nested past [`MAX_DEPTH`] begins, once per flattened element.
    pub flattened: Vec<usize>,
}

/// Checks `source` the way [`render`] will treat it.
pub fn findings(source: &str) -> Findings {
    let Findings { mut relative, mut refused, mut flattened } = Findings::default();
    let mut parser = Parser::new_ext(source, options()).into_offset_iter();
    let links = parser.by_ref().inspect(|(event, range)| {
        if let Event::Start(Tag::Link { link_type, dest_url, .. } | Tag::Image { link_type, dest_url, .. }) = event {
            if url::is_relative(dest_url) {
                relative.push((dest_url.to_string(), range.start));
            }
            // A reference's destination is its definition's, reported there.
            if !is_reference(*link_type)
                && let Err(r) = url::check(dest_url)
            {
                refused.push((r, range.start));
            }
        }
    });
    flatten(links, &mut flattened);
    let definitions = parser.reference_definitions().iter();
    refused.extend(definitions.filter_map(|(_, def)| url::check(&def.dest).err().map(|r| (r, def.span.start))));
    refused.sort_by_key(|(_, offset)| *offset);
    Findings { relative, refused, flattened }
}

fn is_reference(link_type: LinkType) -> bool {
    !matches!(link_type, LinkType::Inline | LinkType::Autolink | LinkType::Email)
}

/// Elements that only exist as the child of another (a list's items, a
/// table's rows and cells): they are never cut off from their parent, so
/// the flattened HTML keeps a valid structure.
fn is_required_child(tag: &Tag) -> bool {
    matches!(tag, Tag::Item | Tag::TableHead | Tag::TableRow | Tag::TableCell)
}

/// Whether an element is inline (its text runs on with its neighbours')
/// rather than a block of its own.
fn is_inline(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Passes `events` through, except that an element starting deeper than
/// [`MAX_DEPTH`] is replaced by its text: a paragraph for a block, bare
/// text inline. Records where each flattened element began. One pass, no
/// recursion, so its cost is linear in the text whatever the nesting.
fn flatten<'a>(
    mut events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    flattened: &mut Vec<usize>,
) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(tag) if depth >= MAX_DEPTH && !is_required_child(&tag) => {
                flattened.push(range.start);
                let mut text = String::new();
                let mut open = 1usize;
                for (inner, _) in events.by_ref() {
                    match inner {
                        Event::Start(inner) => {
                            open += 1;
                            if !is_inline(inner.to_end()) {
                                text.push(' ');
                            }
                        }
                        Event::End(end) => {
                            open -= 1;
                            if open == 0 {
                                break;
                            }
                            if !is_inline(end) {
                                text.push(' ');
                            }
                        }
                        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => text.push_str(&t),
                        Event::SoftBreak | Event::HardBreak => text.push(' '),
                        _ => {}
                    }
                }
                let text = Event::Text(CowStr::from(text.split_whitespace().collect::<Vec<_>>().join(" ")));
                if !is_inline(tag.to_end()) {
                    out.extend([Event::Start(Tag::Paragraph), text, Event::End(TagEnd::Paragraph)]);
                } else {
                    out.push(text);
                }
            }
            Event::Start(tag) => {
                depth += 1;
                out.push(Event::Start(tag));
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                out.push(Event::End(end));
            }
            other => out.push(other),
        }
    }
    out
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

/// The page a content Markdown file becomes, if it is one.
fn page_of_content(rel: &str) -> Option<String> {
    Some(match layout::classify(rel)? {
        (FileKind::Body, id) => paths::body(&id),
        (FileKind::Party, id) => paths::party(&id),
        (FileKind::Document, id) => paths::document(&id),
        (FileKind::Case { case: c }, _) => paths::case(&c),
        (FileKind::Response { case: c }, id) => paths::response(&c, &id),
        (FileKind::Statement { case: c }, id) => paths::statement(&c, &id),
        (FileKind::Site | FileKind::Attachment { .. }, _) => return None,
    })
}

/// Rewrites a content-relative link so it works from the page in `page_dir`.
fn rewrite(md: &Markdown, page_dir: &str, dest: &str) -> String {
    let Some(target) = resolve(&md.dir, dest) else { return dest.to_string() };
    let fragment = dest.find('#').map_or("", |i| &dest[i..]);
    let site_path = page_of_content(&target).unwrap_or(target);
    format!("{}{fragment}", paths::relative(page_dir, &site_path))
}

/// Renders to HTML for the page whose folder is `page_dir`.
pub fn render(md: &Markdown, page_dir: &str) -> String {
    let events = Parser::new_ext(&md.source, options()).into_offset_iter().map(|(event, range)| {
        let event = match event {
            // Raw HTML from content is shown as text, never interpreted.
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = destination(md, page_dir, dest_url);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = destination(md, page_dir, dest_url);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            other => other,
        };
        (event, range)
    });
    let events = heading_ids(flatten(events, &mut Vec::new()));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// The `href` or `src` a destination gets on the page: relative ones
/// rewritten, refused ones emptied. Validation has already reported the
/// refused ones as errors; emptying them here is the second line, so no
/// path around validation (a preview, a future caller) can put one on a page.
fn destination<'a>(md: &Markdown, page_dir: &str, dest: CowStr<'a>) -> CowStr<'a> {
    let dest = if url::is_relative(&dest) { CowStr::from(rewrite(md, page_dir, &dest)) } else { dest };
    if url::check(&dest).is_err() { CowStr::from("") } else { dest }
}

/// Gives every heading an id from its text, so sections can be linked to.
/// Headings are also moved down a level when the text uses `#`, since the
/// page itself owns the only `h1`.
fn heading_ids(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: HashSet<String> = HashSet::new();
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
            used.insert(slug.clone());
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
        let found = findings("[a](https://x.se) [b](../x.pdf) [c](#top) [d](mailto:a@b.se)").relative;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "../x.pdf");
    }

    #[test]
    fn refused_destinations_never_reach_the_html() {
        let source = "[a](javascript:alert(1)) [b](&#106;avascript:x) <vbscript:x> ![c](data:text/html,x) [d][r]\n\n[r]: JaVaScRiPt:x\n";
        let html = render(&md(source, ""), "");
        assert_eq!((html.matches("href=").count(), html.matches("href=\"\"").count()), (4, 4), "{html}");
        assert_eq!((html.matches("src=").count(), html.matches("src=\"\"").count()), (1, 1), "{html}");
        assert_eq!(findings(source).refused.len(), 5);
    }

    #[test]
    fn nesting_past_the_limit_is_flat_text() {
        let html = render(&md(&format!("{}Hej *du*\n", "> ".repeat(100)), ""), "");
        assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
        assert!(html.contains("<p>Hej du</p>"), "{html}");
        let items: String = (0..100).map(|i| format!("{}- {i}\n", "  ".repeat(i))).collect();
        let html = render(&md(&items, ""), "");
        assert_eq!(html.matches("<ul>").count(), html.matches("</ul>").count());
        assert!(html.contains(&format!(" {} ", 99 - 1)), "every item's text is kept: {html}");
        assert_eq!(findings(&items).flattened.len(), 1);
    }

    #[test]
    fn headings_get_ids_and_no_h1() {
        let html = render(&md("# Sammanfattning\n\n## Sammanfattning\n", ""), "");
        assert!(html.contains(r#"<h2 id="sammanfattning">"#), "{html}");
        assert!(html.contains(r#"<h2 id="sammanfattning-2">"#), "{html}");
        assert!(!html.contains("<h1"));
    }
}
