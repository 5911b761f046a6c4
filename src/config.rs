//! `site.toml`: the site's settings.

use crate::content::SourceFile;
use crate::content::fields::{self, Fields};
use crate::diagnostics::Diagnostic;
use crate::model::{Accessibility, Compliance, Config, Contact, HostLimits};

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "organisation",
    "language",
    "description",
    "theme",
    "accessibility",
    "content_language",
    "host",
    "limits",
    "feed_limit",
];

/// Entries per feed when `site.toml` does not say: a feed reader shows what
/// is new, and a feed of every case (6.8 MB at 10,000 cases) would be
/// fetched whole, every hour, by every subscriber. The pages and the open
/// data keep everything.
pub(crate) const FEED_LIMIT: usize = 100;
const LIMIT_KEYS: &[&str] = &["max_bytes", "max_files", "max_file_bytes"];

/// A static host `site.toml` can name, and its published limits.
struct Host {
    key: &'static str,
    name: &'static str,
    max_bytes: Option<u64>,
    max_files: Option<u64>,
    max_file_bytes: Option<u64>,
}

/// GitHub Pages: sites up to 1 GB, and no file over 100 MiB (git's limit);
/// GitLab Pages (gitlab.com): 1 GB and 200,000 files; Cloudflare Pages (free
/// plan): 20,000 files of up to 25 MiB.
const HOSTS: &[Host] = &[
    Host {
        key: "github-pages",
        name: "GitHub Pages",
        max_bytes: Some(1_000_000_000),
        max_files: None,
        max_file_bytes: Some(100 << 20),
    },
    Host {
        key: "gitlab-pages",
        name: "GitLab Pages",
        max_bytes: Some(1_000_000_000),
        max_files: Some(200_000),
        max_file_bytes: None,
    },
    Host {
        key: "cloudflare-pages",
        name: "Cloudflare Pages",
        max_bytes: None,
        max_files: Some(20_000),
        max_file_bytes: Some(25 << 20),
    },
];
const A11Y_KEYS: &[&str] = &["compliance", "assessed", "updated", "method", "contact", "shortcomings"];

/// UI languages the default theme ships strings for.
pub(crate) const LANGUAGES: &[&str] = &["sv", "en"];

/// Reads `site.toml`; `base_url` from the command line wins over the file.
pub(crate) fn parse(file: &SourceFile, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let table = fields::parse(file).map_err(|d| vec![d])?;
    let mut f = Fields::new(file, &table, KEYS);
    let title = f.req_str("title");
    let base_url = match base_url_override {
        Some(url) => {
            let _ = f.str("base_url");
            Some(url.to_string())
        }
        None => f.req_str("base_url"),
    };
    let base_url = base_url.and_then(|u| match normalise_base_url(&u) {
        Some(u) => Some(u),
        None => {
            f.error_at(
                "base_url",
                format!(
                    "`base_url` must be an absolute http(s) URL such as \"https://example.org/remissvar/\", not \"{u}\""
                ),
            );
            None
        }
    });
    let organisation = f.req_str("organisation");
    let language = f.str("language").unwrap_or_else(|| "sv".into());
    if !LANGUAGES.contains(&language.as_str()) {
        f.error_at("language", format!("`language` must be \"sv\" or \"en\", not \"{language}\""));
    }
    let content_language = f.str("content_language").unwrap_or_else(|| "sv".into());
    if !is_language_tag(&content_language) {
        f.error_at(
            "content_language",
            format!("`content_language` must be a language code such as \"sv\" or \"en\", not \"{content_language}\""),
        );
    }
    let description = f.str("description");
    let theme = f.str("theme").unwrap_or_else(|| "default".into());
    if !crate::model::is_slug(&theme) {
        f.error_at(
            "theme",
            format!("`theme` must be a folder name under themes/, such as \"default\", not \"{theme}\""),
        );
    }
    let accessibility = f.table("accessibility", A11Y_KEYS).map(|mut a| {
        let compliance = a.req_term("compliance", Compliance::ALL, Compliance::term);
        let result = Accessibility {
            compliance: compliance.unwrap_or(Compliance::Inte),
            assessed: a.date("assessed"),
            updated: a.date("updated"),
            method: a.str("method"),
            contact: contact(&mut a),
            shortcomings: a.str_list("shortcomings"),
        };
        f.absorb(a);
        result
    });
    let host = host(&mut f);
    let feed_limit = positive(&mut f, "feed_limit", &format!(" of entries per feed, such as {FEED_LIMIT}"))
        .map_or(FEED_LIMIT, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let errors = f.finish();
    match (title, base_url, organisation) {
        (Some(title), Some(base_url), Some(organisation)) if errors.is_empty() => Ok(Config {
            title,
            base_url,
            organisation,
            language,
            content_language,
            description,
            theme,
            accessibility,
            host,
            feed_limit,
        }),
        _ => Err(errors),
    }
}

/// `host = "github-pages"` names a host's limits; `[limits]` gives them, or
/// overrides some of the named host's (a paid plan's larger ones).
fn host(f: &mut Fields) -> Option<HostLimits> {
    let at = f.span_of("host").or_else(|| f.span_of("limits"));
    let named = f.str("host").and_then(|key| match HOSTS.iter().find(|h| h.key == key) {
        Some(h) => Some((h.name.to_string(), h.max_bytes, h.max_files, h.max_file_bytes)),
        None => {
            let known: Vec<&str> = HOSTS.iter().map(|h| h.key).collect();
            let message = format!(
                "`host` must be one of {} (or give the numbers under [limits]), not \"{key}\"{}",
                known.join(", "),
                crate::diagnostics::hint(&key, known.iter().copied())
            );
            f.error_at("host", message);
            None
        }
    });
    let mut limits = f.table("limits", LIMIT_KEYS).map(|mut t| {
        let given = (
            positive(&mut t, "max_bytes", ""),
            positive(&mut t, "max_files", ""),
            positive(&mut t, "max_file_bytes", ""),
        );
        f.absorb(t);
        given
    });
    if named.is_none() && limits.is_none() {
        return None;
    }
    let (name, bytes, files, file) = named.unwrap_or_else(|| ("the host".to_string(), None, None, None));
    let (b, n, one) = limits.take().unwrap_or((None, None, None));
    let place = f.file().diag_at(at.map_or(0, |s| s.start), crate::diagnostics::Severity::Warning, String::new());
    let at = (place.path, place.line, place.column);
    Some(HostLimits { name, max_bytes: b.or(bytes), max_files: n.or(files), max_file_bytes: one.or(file), at })
}

/// A BCP 47 tag of the simple kind: `sv`, `en`, `se-FI`.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Checks the URL is absolute http(s) and gives it a trailing slash.
fn normalise_base_url(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next()?;
    if host.is_empty() || url.contains(char::is_whitespace) || url.contains(['?', '#']) {
        return None;
    }
    Some(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}

/// The accessibility contact: an e-mail address becomes a `mailto:` link,
/// anything with a scheme must pass the URL policy like every other link.
fn contact(a: &mut Fields) -> Option<Contact> {
    let text = a.str("contact")?.trim().to_string();
    if crate::url::scheme(&text).is_some() {
        return a.url("contact").map(|_| Contact { href: text.clone(), text });
    }
    let is_address = text
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !text.contains(char::is_whitespace));
    if !is_address {
        let message = format!(
            "`contact` must be an e-mail address such as \"registrator@stad.se\" or a web address such as \"https://stad.se/tillganglighet\", not \"{text}\""
        );
        a.error_at("contact", message);
        return None;
    }
    Some(Contact { href: format!("mailto:{text}"), text })
}

/// An optional positive whole number; anything else is an error at its
/// line that says what is wanted (`what` follows "a positive number").
fn positive(f: &mut Fields, key: &str, what: &str) -> Option<u64> {
    match f.int(key) {
        Some(n) if n > 0 => Some(n as u64),
        Some(n) => {
            f.error_at(key, format!("`{key}` must be a positive number{what}, not {n}"));
            None
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_language_tag, normalise_base_url};

    #[test]
    fn language_tags() {
        assert!(is_language_tag("sv") && is_language_tag("se-FI") && is_language_tag("fit"));
        assert!(!is_language_tag("") && !is_language_tag("Svenska") && !is_language_tag("sv_SE"));
    }

    #[test]
    fn base_urls() {
        assert_eq!(normalise_base_url("https://x.se/a").as_deref(), Some("https://x.se/a/"));
        assert_eq!(normalise_base_url("http://x.se/").as_deref(), Some("http://x.se/"));
        assert_eq!(normalise_base_url("x.se"), None);
        assert_eq!(normalise_base_url("https:///a"), None);
    }
}
