//! Render: the HTML pages, one function per page kind of the site map,
//! through the theme.

mod pages;
pub(crate) use pages::{Job, Scale};
pub(crate) mod views;

use crate::model::Site;
use crate::output::{Emit, StageError};
use crate::theme::Theme;
use rayon::prelude::*;
use std::path::PathBuf;

/// Renders every HTML page and the theme's static files into `emit`, on
/// every core: each page is rendered, minified and handed on by itself, so
/// only the pages in flight are in memory.
pub(crate) fn write(site: &Site, theme: &Theme, emit: &dyn Emit) -> Result<(), StageError> {
    let io = |path: &str, e: std::io::Error| StageError::Message(format!("writing {path}: {e}"));
    for (path, bytes) in assets(site, theme) {
        emit.put(path.clone(), bytes).map_err(|e| io(&path, e))?;
    }
    Job::all(site).par_iter().try_for_each(|job| {
        for (path, bytes) in render_job(site, theme, job)? {
            emit.put(path.clone(), bytes).map_err(|e| io(&path, e))?;
        }
        Ok(())
    })
}

/// The files that are not pages: the theme's static files and the party colours.
pub(crate) fn assets(site: &Site, theme: &Theme) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = theme.statics.iter().map(|(p, b)| (p.clone(), b.clone())).collect();
    files.push(("parties.css".into(), party_css(site).into_bytes()));
    files
}

/// Each rendered job with what is kept of its pages, by site path.
pub(crate) type Rendered<T> = Vec<(Job, Vec<(String, T)>)>;

/// Renders the given jobs (every job for `None`) on every core; the
/// preview server keeps their files by job. Keys the site has no job for
/// are skipped. `keep` turns each page into what is kept of it (packed,
/// or just its fingerprint) as soon as it is rendered, so the whole site is
/// never in memory as text.
pub(crate) fn render_jobs<T: Send>(
    site: &Site,
    theme: &Theme,
    jobs: Option<&[Job]>,
    keep: &(dyn Fn(&Job, Vec<u8>) -> T + Sync),
) -> Result<Rendered<T>, String> {
    let all;
    let jobs = match jobs {
        None => {
            all = Job::all(site);
            &all[..]
        }
        Some(jobs) => jobs,
    };
    jobs.par_iter()
        .filter_map(|job| job.pages(site, theme).map(|pages| (job, pages)))
        .map(|(job, pages)| {
            let files = job_files(pages, theme)?;
            let kept = files.into_iter().map(|(path, bytes)| (path, keep(job, bytes))).collect();
            Ok((job.clone(), kept))
        })
        .collect()
}

/// The pages of one job, as bytes; nothing if the site has no such job.
pub(crate) fn render_job(site: &Site, theme: &Theme, job: &Job) -> Result<Vec<(String, Vec<u8>)>, String> {
    job_files(job.pages(site, theme).unwrap_or_default(), theme)
}

/// Renders pages through the theme, as bytes by output path.
fn job_files(pages: Vec<pages::Page>, theme: &Theme) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = Vec::new();
    // The UI strings (`t`) are the same on every page. They move into each
    // page's context for rendering and back out again: copying and freeing
    // the whole table for each of 100,000 pages cost 3 to 4 % of a build.
    let mut strings = theme.strings_context.clone();
    for mut page in pages {
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
pub(crate) fn copies(site: &Site) -> Vec<(String, PathBuf)> {
    site.cases.values().flat_map(|c| c.attachments.iter()).map(|a| (a.path.clone(), a.source.clone())).collect()
}

#[cfg(test)]
mod tests {
    use crate::theme::{BUILTIN, escape_markup, flatten};
    use std::collections::BTreeMap;

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
