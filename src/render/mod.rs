//! Render: the theme (Tera templates, UI strings, static files) and one
//! function per page kind of the site map.

mod hyphenate;
mod pages;
pub use pages::{Job, JobKey, jobs};
pub mod views;

use crate::model::{Config, Date, Site};
use crate::output::{Emit, minify_html};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

/// The default theme, compiled into the binary so `remiss` works from any
/// folder; a `themes/default/` on disk overrides it file by file.
const BUILTIN: &[(&str, &str)] = &[
    ("templates/base.html", include_str!("../../themes/default/templates/base.html")),
    ("templates/macros.html", include_str!("../../themes/default/templates/macros.html")),
    ("templates/home.html", include_str!("../../themes/default/templates/home.html")),
    ("templates/cases.html", include_str!("../../themes/default/templates/cases.html")),
    ("templates/case.html", include_str!("../../themes/default/templates/case.html")),
    ("templates/response.html", include_str!("../../themes/default/templates/response.html")),
    ("templates/statement.html", include_str!("../../themes/default/templates/statement.html")),
    ("templates/bodies.html", include_str!("../../themes/default/templates/bodies.html")),
    ("templates/body.html", include_str!("../../themes/default/templates/body.html")),
    ("templates/parties.html", include_str!("../../themes/default/templates/parties.html")),
    ("templates/party.html", include_str!("../../themes/default/templates/party.html")),
    ("templates/persons.html", include_str!("../../themes/default/templates/persons.html")),
    ("templates/person.html", include_str!("../../themes/default/templates/person.html")),
    ("templates/documents.html", include_str!("../../themes/default/templates/documents.html")),
    ("templates/document.html", include_str!("../../themes/default/templates/document.html")),
    ("templates/search.html", include_str!("../../themes/default/templates/search.html")),
    ("templates/data.html", include_str!("../../themes/default/templates/data.html")),
    ("templates/accessibility.html", include_str!("../../themes/default/templates/accessibility.html")),
    ("templates/glossary.html", include_str!("../../themes/default/templates/glossary.html")),
    ("templates/404.html", include_str!("../../themes/default/templates/404.html")),
    ("i18n/sv.toml", include_str!("../../themes/default/i18n/sv.toml")),
    ("i18n/en.toml", include_str!("../../themes/default/i18n/en.toml")),
    ("static/style.css", include_str!("../../themes/default/static/style.css")),
    ("static/search.js", include_str!("../../themes/default/static/search.js")),
];

/// A loaded theme.
pub struct Theme {
    tera: Tera,
    /// UI strings, flattened to dotted keys (`stance.positiv`).
    strings: BTreeMap<String, String>,
    /// The same strings as nested values, for templates (`t.stance.positiv`).
    /// A context holding only `t`, lent to each page as it is rendered.
    strings_context: tera::Context,
    months: Vec<String>,
    /// Static files: site path → bytes.
    statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Loads `themes/<name>/`, falling back to the built-in default theme
    /// for every file the folder does not have.
    pub fn load(themes: &Path, config: &Config) -> Result<Theme, String> {
        let dir = themes.join(&config.theme);
        if config.theme != "default" && !dir.is_dir() {
            return Err(format!("theme `{}` not found: there is no folder {}", config.theme, dir.display()));
        }
        let read = |rel: &str| -> Result<Option<String>, String> {
            let on_disk = dir.join(rel);
            if on_disk.is_file() {
                return std::fs::read_to_string(&on_disk).map(Some).map_err(|e| format!("{}: {e}", on_disk.display()));
            }
            Ok(BUILTIN.iter().find(|(p, _)| *p == rel).map(|(_, s)| s.to_string()))
        };
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // `{{ title | hyphenate(lang=content_lang) }}`: soft hyphens in long words.
        tera.register_filter(
            "hyphenate",
            |value: &tera::Value, args: &std::collections::HashMap<String, tera::Value>| {
                let text = tera::try_get_value!("hyphenate", "value", String, value);
                let lang = args.get("lang").and_then(tera::Value::as_str).unwrap_or_default();
                Ok(tera::Value::String(hyphenate::soft_hyphens(&text, lang)))
            },
        );
        tera.set_escape_fn(escape_markup);
        let mut templates = Vec::new();
        for (rel, _) in BUILTIN.iter().filter(|(p, _)| p.starts_with("templates/")) {
            let source = read(rel)?.unwrap_or_default();
            templates.push((rel.trim_start_matches("templates/").to_string(), source));
        }
        tera.add_raw_templates(templates).map_err(|e| format!("theme templates: {}", error_chain(&e)))?;
        let lang_file = format!("i18n/{}.toml", config.language);
        let lang = read(&lang_file)?
            .ok_or_else(|| format!("the theme has no UI strings for language `{}`", config.language))?;
        let value: toml::Value = toml::from_str(&lang).map_err(|e| format!("{lang_file}: {e}"))?;
        let mut strings = BTreeMap::new();
        flatten("", &value, &mut strings);
        let months = value
            .get("months")
            .and_then(|m| m.as_array())
            .map(|a| a.iter().filter_map(|m| m.as_str().map(str::to_string)).collect::<Vec<_>>())
            .filter(|m| m.len() == 12)
            .ok_or_else(|| format!("{lang_file}: `months` must list the 12 month names"))?;
        let mut strings_context = tera::Context::new();
        strings_context.insert("t", &value);
        let mut statics = BTreeMap::new();
        for (rel, builtin) in BUILTIN.iter().filter(|(p, _)| p.starts_with("static/")) {
            statics.insert(rel.trim_start_matches("static/").to_string(), builtin.as_bytes().to_vec());
        }
        let static_dir = dir.join("static");
        if static_dir.is_dir() {
            for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
                let entry = entry.map_err(|e| e.to_string())?;
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(&static_dir).map_err(|e| e.to_string())?;
                    let rel = rel.iter().map(|c| c.to_string_lossy()).collect::<Vec<_>>().join("/");
                    let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
                    statics.insert(rel, bytes);
                }
            }
        }
        Ok(Theme { tera, strings, strings_context, months, statics })
    }

    /// A UI string; a missing key shows as itself so it is noticed, never panics.
    pub fn t(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// "21 mars 2023" / "21 March 2023".
    pub fn format_date(&self, d: Date) -> String {
        let month = self.months.get(usize::from(d.month) - 1).map_or("", String::as_str);
        format!("{} {month} {}", d.day, d.year)
    }

    fn render(&self, template: &str, context: &tera::Context) -> Result<Vec<u8>, String> {
        let html =
            self.tera.render(template, context).map_err(|e| format!("rendering {template}: {}", error_chain(&e)))?;
        Ok(minify_html(html.as_bytes()))
    }
}

/// Escapes text for HTML and XML, in element content and quoted attributes.
///
/// Tera's default also writes every `/` as `&#x2F;`: that makes each relative
/// link six times longer on the way to the minifier, which then decodes it
/// again, and a page has hundreds of them. Every attribute in our templates is
/// quoted, and in a quoted attribute or in text only these five characters
/// can end the value or start markup.
fn escape_markup(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&input[start..]);
    out
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        _ => {}
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// Renders every HTML page and the theme's static files into `emit`, on
/// every core: each page is rendered, minified and handed on by itself, so
/// only the pages in flight are in memory.
pub fn render(site: &Site, theme: &Theme, emit: &dyn Emit) -> Result<(), String> {
    let io = |path: &str, e: std::io::Error| format!("writing {path}: {e}");
    for (path, bytes) in assets(site, theme) {
        emit.put(path.clone(), bytes).map_err(|e| io(&path, e))?;
    }
    jobs(site).par_iter().try_for_each(|job| {
        for (path, bytes) in job_files(job, site, theme)? {
            emit.put(path.clone(), bytes).map_err(|e| io(&path, e))?;
        }
        Ok(())
    })
}

/// The files that are not pages: the theme's static files and the party colours.
pub fn assets(site: &Site, theme: &Theme) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = theme.statics.iter().map(|(p, b)| (p.clone(), b.clone())).collect();
    files.push(("parties.css".into(), party_css(site).into_bytes()));
    files
}

/// Each rendered job with what is kept of its pages, by site path.
pub type Rendered<T> = Vec<(JobKey, Vec<(String, T)>)>;

/// Renders the given jobs (every job for `None`) on every core; the
/// preview server keeps their files by job. Keys the site has no job for
/// are skipped. `keep` turns each page into what is kept of it (packed,
/// or just its fingerprint) as soon as it is rendered, so the whole site is
/// never in memory as text.
pub fn render_jobs<T: Send>(
    site: &Site,
    theme: &Theme,
    keys: Option<&[JobKey]>,
    keep: &(dyn Fn(&JobKey, Vec<u8>) -> T + Sync),
) -> Result<Rendered<T>, String> {
    let jobs: Vec<Job> = match keys {
        None => jobs(site),
        Some(keys) => keys.iter().filter_map(|k| pages::job(site, k)).collect(),
    };
    jobs.into_par_iter()
        .map(|job| {
            let key = job.key();
            let files = job_files(&job, site, theme)?;
            let kept = files.into_iter().map(|(path, bytes)| (path, keep(&key, bytes))).collect();
            Ok((key, kept))
        })
        .collect()
}

/// The pages of one job, as bytes; nothing if the site has no such job.
pub fn render_job(site: &Site, theme: &Theme, key: &JobKey) -> Result<Vec<(String, Vec<u8>)>, String> {
    match pages::job(site, key) {
        Some(job) => job_files(&job, site, theme),
        None => Ok(Vec::new()),
    }
}

fn job_files(job: &Job, site: &Site, theme: &Theme) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = Vec::new();
    // The UI strings (`t`) are the same on every page. They move into each
    // page's context for rendering and back out again: copying and freeing
    // the whole table for each of 100,000 pages cost 3 to 4 % of a build.
    let mut strings = theme.strings_context.clone();
    for mut page in job.pages(site, theme) {
        page.context.extend(strings);
        let rendered = theme.render(page.template, &page.context);
        strings = take_strings(&mut page.context);
        let bytes = rendered?;
        let path = if page.path.ends_with(".html") { page.path } else { format!("{}index.html", page.path) };
        files.push((path, bytes));
    }
    Ok(files)
}

/// Moves the UI strings out of a rendered page's context, into a context of
/// their own.
fn take_strings(context: &mut tera::Context) -> tera::Context {
    let mut strings = serde_json::Map::new();
    if let Some(t) = context.remove("t") {
        strings.insert("t".to_string(), t);
    }
    tera::Context::from_value(serde_json::Value::Object(strings)).unwrap_or_default()
}

/// Party colours as classes, so pages need no inline styles (which a strict
/// Content-Security-Policy would block). Text colour is chosen for contrast.
fn party_css(site: &Site) -> String {
    let mut css = String::new();
    for p in site.parties.values() {
        if let Some(color) = &p.color {
            let fg = views::text_color_on(color);
            css.push_str(&format!(".party-{}{{--party-bg:{color};--party-fg:{fg}}}\n", p.id));
        }
    }
    css
}

/// Attachments to copy as they are: (site path, source file).
pub fn copies(site: &Site) -> Vec<(String, PathBuf)> {
    site.cases.values().flat_map(|c| c.attachments.iter()).map(|a| (a.path.clone(), a.source.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(lang: &str) -> toml::Value {
        let source = BUILTIN.iter().find(|(p, _)| *p == format!("i18n/{lang}.toml")).unwrap().1;
        toml::from_str(source).unwrap()
    }

    fn keys(lang: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        flatten("", &raw(lang), &mut out);
        out
    }

    /// The ids of the glossary's entries, each with its term and text filled in.
    fn glossary_ids(lang: &str) -> Vec<String> {
        let raw = raw(lang);
        let terms = raw["glossary"]["terms"].as_array().unwrap();
        let mut ids: Vec<String> = terms
            .iter()
            .map(|e| {
                assert!(!e["term"].as_str().unwrap().is_empty() && !e["text"].as_str().unwrap().is_empty(), "{e}");
                e["id"].as_str().unwrap().to_string()
            })
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn every_language_has_every_glossary_entry() {
        assert_eq!(glossary_ids("sv"), glossary_ids("en"));
        let ids = glossary_ids("sv");
        use crate::model::{Proposes, StatementKind, VoteKind};
        let kinds = StatementKind::ALL.iter().map(|k| k.key());
        for key in kinds.chain(Proposes::ALL.iter().map(|k| k.key())).chain(VoteKind::ALL.iter().map(|k| k.key())) {
            assert!(ids.iter().any(|id| id == key), "no glossary entry `{key}`, which pages link to");
        }
    }

    #[test]
    fn escapes_what_can_end_a_quoted_value_or_start_markup() {
        assert_eq!(
            escape_markup(r#"<a href="x">'s & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;s &amp; co&lt;/a&gt;"
        );
        assert_eq!(escape_markup("../../organ/å/"), "../../organ/å/");
        assert_eq!(escape_markup(""), "");
    }

    #[test]
    fn every_language_has_every_string() {
        let sv: Vec<String> = keys("sv").into_keys().collect();
        let en: Vec<String> = keys("en").into_keys().collect();
        assert_eq!(sv, en);
    }

    /// Every `t.x.y` a template uses exists, so no page shows a bare key.
    #[test]
    fn templates_use_only_defined_strings() {
        // Looked up in the TOML itself, so strings, tables and lists (the glossary) all count.
        let raw = raw("sv");
        for (path, source) in BUILTIN.iter().filter(|(p, _)| p.starts_with("templates/")) {
            for (i, _) in source.match_indices("t.") {
                let before = source[..i].chars().last().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' || before == '.' {
                    continue;
                }
                let key: String = source[i + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                    .collect();
                let key = key.trim_end_matches('.');
                let defined = key.split('.').try_fold(&raw, |value, part| value.get(part)).is_some();
                assert!(defined, "{path} uses t.{key}, missing from sv.toml");
            }
        }
    }

    /// Strings looked up from Rust (vocabulary labels and page titles) exist.
    #[test]
    fn code_uses_only_defined_strings() {
        use crate::model::*;
        let sv = keys("sv");
        let mut needed: Vec<String> = Vec::new();
        needed.extend(Stance::ALL.iter().map(|v| format!("stance.{}", v.key())));
        needed.extend(StatementKind::ALL.iter().map(|v| format!("kind.{}", v.key())));
        needed.extend(BodyKind::ALL.iter().map(|v| format!("body_kind.{}", v.key())));
        needed.extend(BodyKind::ALL.iter().map(|v| format!("body_kind_plural.{}", v.key())));
        needed.extend(DocumentKind::ALL.iter().map(|v| format!("document_kind.{}", v.key())));
        needed.extend(Compliance::ALL.iter().map(|v| format!("a11y.compliance_{}", v.key())));
        needed
            .extend([Status::Oppen, Status::Forsenad, Status::Besvarad].iter().map(|v| format!("status.{}", v.key())));
        let code = [
            include_str!("pages/mod.rs"),
            include_str!("pages/cases.rs"),
            include_str!("pages/entities.rs"),
            include_str!("views.rs"),
        ]
        .concat();
        for (i, _) in code.match_indices("theme.t(\"") {
            let key: String = code[i + 9..].chars().take_while(|c| *c != '"').collect();
            needed.push(key);
        }
        for key in needed {
            assert!(sv.contains_key(&key), "missing UI string {key}");
        }
    }
}
