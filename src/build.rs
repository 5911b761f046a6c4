//! The pipeline, end to end: load → validate → render → write.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::{Date, Site};
use crate::{content, data, feeds, output, render, search, validate};
use std::path::{Path, PathBuf};

/// What to build, from where, to where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    /// Folder holding `<theme>/`; the built-in default theme is used when it
    /// has no folder for the configured theme.
    pub themes: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub today: Date,
}

/// The result of a successful run.
#[derive(Debug)]
pub struct Report {
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    pub files: usize,
}

/// Loads and validates; the site plus warnings, or every problem found.
pub fn check(opts: &BuildOptions) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Diagnostics::default();
    let content = content::load(&opts.content, &mut diags);
    let validate_opts = validate::Options { drafts: opts.drafts, today: opts.today, base_url: opts.base_url.clone() };
    let (site, mut found) = validate::validate(&content, &validate_opts);
    let mut all = diags.into_sorted();
    all.append(&mut found);
    all.sort();
    match site {
        Some(site) if !all.iter().any(|d| d.severity == Severity::Error) => Ok((site, all)),
        _ => Err(all),
    }
}

/// Generated files, and attachments to copy as (site path, source file).
pub type Rendered = (Vec<output::OutputFile>, Vec<(String, PathBuf)>);

/// Renders every output file of a validated site, in memory.
pub fn render_site(site: &Site, themes: &Path) -> Result<Rendered, Vec<Diagnostic>> {
    let theme = render::Theme::load(themes, &site.config).map_err(|m| vec![theme_error(themes, m)])?;
    let mut files = render::render(site, &theme).map_err(|m| vec![theme_error(themes, m)])?;
    files.extend(feeds::render(site));
    files.extend(data::render(site));
    files.extend(search::render(site, &theme));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let copies = render::copies(site, &theme);
    Ok((files, copies))
}

fn theme_error(themes: &Path, message: String) -> Diagnostic {
    Diagnostic { path: themes.display().to_string(), line: 1, column: 1, severity: Severity::Error, message }
}

/// Builds the site into `opts.out`; on any error nothing is written.
pub fn build(opts: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let (site, warnings) = check(opts)?;
    let (files, copies) = render_site(&site, &opts.themes)?;
    let pages = files.iter().filter(|(p, _)| p.ends_with(".html")).count();
    output::write_site(&opts.out, &files, &copies).map_err(|e| {
        vec![Diagnostic {
            path: opts.out.display().to_string(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            message: format!("cannot write the site: {e}"),
        }]
    })?;
    Ok(Report { warnings, pages, files: files.len() + copies.len() })
}

/// Today's date in UTC, from the system clock (only used when `--today` is not given).
pub fn today_utc() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}
