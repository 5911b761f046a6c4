//! The theme: Tera templates, UI strings and static files, the built-in
//! default overridden file by file by a theme folder. Every output stage
//! gets it, for the words it adds around the content.

mod hyphenate;

use crate::model::{Config, Date};
use crate::output::minify_html;
use std::collections::BTreeMap;
use std::path::Path;
use tera::Tera;

/// The default theme, compiled into the binary so `remiss` works from any
/// folder; a `themes/default/` on disk overrides it file by file.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
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
    pub(crate) strings_context: tera::Context,
    months: Vec<String>,
    /// Static files: site path → bytes.
    pub(crate) statics: BTreeMap<String, Vec<u8>>,
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

    pub(crate) fn render(&self, template: &str, context: &tera::Context) -> Result<Vec<u8>, String> {
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
pub(crate) fn escape_markup(input: &str) -> String {
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

pub(crate) fn flatten(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
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
