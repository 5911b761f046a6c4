//! The one URL policy: which URLs that content supplies may reach a page.
//!
//! Every URL from content (Markdown links, images, autolinks, reference
//! definitions, front-matter `url` fields, the accessibility contact) goes
//! through [`check`]. It reads the URL the way a browser's URL parser does
//! (WHATWG URL: leading and trailing C0 controls and spaces stripped, tabs
//! and newlines removed anywhere, a scheme of ASCII letters, digits, `+`,
//! `-` and `.` before the first `:`), so `JaVaScRiPt:`, ` javascript:` and
//! `java\tscript:` are all seen as the `javascript:` scheme they would run
//! as. Character references are decoded before this: pulldown-cmark decodes
//! them in link destinations, and front matter is TOML, not HTML.

use std::fmt;

/// The schemes a link may use; every other one is refused. Relative URLs
/// and fragments have no scheme and are always allowed.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// A URL whose scheme is not allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The scheme as a browser reads it, lowercased (`javascript`).
    pub scheme: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let allowed: Vec<String> = ALLOWED_SCHEMES.iter().map(|s| format!("`{s}:`")).collect();
        write!(
            f,
            "links with the scheme `{}:` are not allowed on the site: link to a web page with `https://…`, \
             or to a file in the content folder with a relative path (allowed: relative links, #fragments, {})",
            self.scheme,
            allowed.join(", ")
        )
    }
}

/// What a browser would take as the URL's scheme, lowercased; `None` for a
/// relative URL or a fragment.
pub fn scheme(url: &str) -> Option<String> {
    let is_ignored_edge = |c: char| c <= ' ';
    let trimmed = url.trim_matches(is_ignored_edge);
    let mut scheme = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// Whether `url` may be put on a page; the refused scheme otherwise.
pub fn check(url: &str) -> Result<(), Refused> {
    match scheme(url) {
        Some(s) if !ALLOWED_SCHEMES.contains(&s.as_str()) => Err(Refused { scheme: s }),
        _ => Ok(()),
    }
}

/// Whether `url` is relative to the page (a path, not a fragment, not
/// site-absolute, no scheme): such links are written against the content
/// folder and rewritten for the page they end up on.
pub fn is_relative(url: &str) -> bool {
    !(url.is_empty() || url.starts_with(['#', '/', '\\']) || scheme(url).is_some())
}

/// `path` with every byte but unreserved ones and `/` percent-encoded, so
/// an attachment's file name (`bilaga #2 (slutlig)?.pdf`) is one path in an
/// `href` and never a fragment, a query or a scheme.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_schemes_are_refused_however_written() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\tjavascript:alert(1)",
            "\u{0}\u{1f} javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\r\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:image/svg+xml;base64,PHN2Zz4=",
            "file:///etc/passwd",
            "c:\\Users\\x.pdf",
        ] {
            assert!(check(url).is_err(), "{url:?} must be refused");
        }
        assert_eq!(check("JaVa\tScRiPt:x"), Err(Refused { scheme: "javascript".into() }));
    }

    #[test]
    fn ordinary_links_are_allowed() {
        for url in [
            "https://www.regeringen.se/remisser/",
            "HTTP://example.org",
            "mailto:registrator@stockholm.se",
            "tel:+468508000",
            "bilaga.pdf",
            "../svar/socialnamnden.md#synpunkter",
            "#forslag-1",
            "/om/",
            "?q=x",
            "",
            "a/b:c",
            "1password:x",
            "\u{200b}javascript:alert(1)",
            "./javascript:alert(1)",
        ] {
            assert!(check(url).is_ok(), "{url:?} must be allowed");
        }
    }

    #[test]
    fn file_names_are_encoded_whole() {
        assert_eq!(
            encode_path("remisser/a/bilaga #2 (slutlig)?.pdf"),
            "remisser/a/bilaga%20%232%20%28slutlig%29%3F.pdf"
        );
        assert_eq!(encode_path("javascript:alert(1).pdf"), "javascript%3Aalert%281%29.pdf");
        assert_eq!(encode_path("ö.pdf"), "%C3%B6.pdf");
        assert_eq!(scheme(&encode_path("javascript:x")), None);
    }

    #[test]
    fn relative_means_a_path() {
        assert!(is_relative("bilaga.pdf") && is_relative("../x.md") && is_relative("a/b:c"));
        assert!(!is_relative("#top") && !is_relative("/x") && !is_relative("//x.se") && !is_relative("\\\\x"));
        assert!(!is_relative("https://x.se") && !is_relative("mailto:a@b.se") && !is_relative(""));
    }

    #[test]
    fn the_message_names_the_scheme_and_the_allowed_ones() {
        let message = check("vbscript:x").unwrap_err().to_string();
        assert!(message.contains("`vbscript:`"), "{message}");
        assert!(message.contains("`https:`") && message.contains("`tel:`") && message.contains("relative"));
    }
}
