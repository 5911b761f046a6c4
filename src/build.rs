//! The pipeline, end to end: load → validate → render → write.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::{Date, HostLimits, Site};
use crate::output::{Emit, StageError};
use crate::theme::Theme;
use crate::{content, data, feeds, output, render, search, validate};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Stack of each worker thread. Rust gives spawned threads 2 MiB, and a
/// stage that recurses over a page (the minifier over its elements) runs
/// on those threads. Nesting is bounded in Markdown
/// ([`crate::markdown::MAX_DEPTH`]), so this is headroom, not the limit:
/// the memory is only reserved, and pages are touched as they are used.
pub const WORKER_STACK: usize = 16 << 20;

/// Sets up rayon's global pool with [`WORKER_STACK`]; the thread count
/// stays rayon's (`RAYON_NUM_THREADS`, else one per core). Called once at
/// start; a second call (tests building in one process) keeps the first pool.
pub fn init_workers() {
    let _ = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK).build_global();
}

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
    /// Warnings fail the build too (`build --strict`), before anything is written.
    pub strict: bool,
}

/// The result of a successful run.
#[derive(Debug)]
pub struct Report {
    pub warnings: Vec<Diagnostic>,
    pub written: output::Written,
    pub timings: Timings,
}

/// Loads and validates; the site plus warnings, or every problem found.
pub fn check(opts: &BuildOptions) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    link(&content::load(&opts.content), opts, None)
}

/// Validates and links loaded content, re-parsing only what is not in
/// `cache` when there is one; the site plus warnings, or every problem found.
pub fn link(
    content: &content::Content,
    opts: &BuildOptions,
    cache: Option<&mut validate::Cache>,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Diagnostics::default();
    diags.extend(content.problems.iter().map(|(_, d)| d.clone()));
    let validate_opts = validate::Options { drafts: opts.drafts, today: opts.today, base_url: opts.base_url.clone() };
    let (site, mut found) = match cache {
        Some(cache) => validate::validate_cached(content, &validate_opts, cache),
        None => validate::validate(content, &validate_opts),
    };
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

/// Renders every output file of a validated site, in memory, sorted by path.
pub fn render_site(site: &Site, themes: &Path) -> Result<Rendered, Vec<Diagnostic>> {
    let memory = output::Memory::default();
    render_into(site, themes, &memory, &mut Timings::default())?;
    Ok(memory.into_sorted())
}

/// The shape of every output stage: it writes its files for the whole
/// site into `emit`.
pub type StageFn = fn(&Site, &Theme, &dyn Emit) -> Result<(), StageError>;

/// One output stage.
pub struct Stage {
    /// As `--timings` reports it.
    pub name: &'static str,
    /// What it writes, for its error messages.
    pub writes: &'static str,
    pub run: StageFn,
    /// Built from the whole site at once rather than page by page: the
    /// preview server renders pages itself, job by job, and runs these
    /// after them ([`derived`]).
    pub site_wide: bool,
}

/// Every output stage. `remiss build` runs them all at once; `remiss serve`
/// renders the pages itself and runs the site-wide ones.
pub const STAGES: [Stage; 4] = [
    Stage { name: "render pages", writes: "pages", run: render::write, site_wide: false },
    Stage { name: "search index (beside the pages)", writes: "the search index", run: search::write, site_wide: true },
    Stage { name: "feeds, calendar, sitemap (beside the pages)", writes: "feeds", run: feeds::write, site_wide: true },
    Stage { name: "open data (beside the pages)", writes: "open data", run: data::write, site_wide: true },
];

/// Renders every output file of a validated site into `emit`. Pages render
/// on every core while the other stages run beside them: the pages are
/// many small jobs that fill whatever cores the other stages leave idle.
pub fn render_into(site: &Site, themes: &Path, emit: &dyn Emit, timings: &mut Timings) -> Result<(), Vec<Diagnostic>> {
    let error = |m: String| vec![theme_error(themes, m)];
    let start = Instant::now();
    let theme = Theme::load(themes, &site.config).map_err(error)?;
    timings.add("load theme", start);
    let results: Vec<(Result<(), StageError>, Duration)> = STAGES
        .par_iter()
        .map(|stage| {
            let start = Instant::now();
            ((stage.run)(site, &theme, emit), start.elapsed())
        })
        .collect();
    for (stage, (result, time)) in STAGES.iter().zip(results) {
        timings.0.push((stage.name, time));
        result.map_err(|e| error(e.message(stage.writes)))?;
    }
    let start = Instant::now();
    for (path, source) in render::copies(site) {
        emit.copy(path.clone(), &source).map_err(|e| error(format!("writing {path}: {e}")))?;
    }
    timings.add("attachments", start);
    Ok(())
}

/// The files of the site-wide stages ([`Stage::site_wide`]): the search
/// index, feeds, calendar, sitemap and open data, packed as the preview
/// server keeps them. The server builds them after the pages, so an edit
/// shows without waiting.
pub fn derived(site: &Site, theme: &Theme) -> Result<Vec<(String, output::Packed)>, String> {
    let memory = output::PackedMemory::default();
    STAGES
        .par_iter()
        .filter(|stage| stage.site_wide)
        .try_for_each(|stage| (stage.run)(site, theme, &memory).map_err(|e| e.message(stage.writes)))?;
    let mut files = memory.files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

fn theme_error(themes: &Path, message: String) -> Diagnostic {
    Diagnostic::about_file(themes.display(), message)
}

/// How long each stage took, for `--timings` and the benchmark.
#[derive(Debug, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    fn add(&mut self, stage: &'static str, start: Instant) {
        self.0.push((stage, start.elapsed()));
    }
}

/// Builds the site into `opts.out`; on any error (and with `strict`, any
/// warning) nothing is written.
pub fn build(opts: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let mut timings = Timings::default();
    let start = Instant::now();
    let (site, warnings) = check(opts)?;
    if opts.strict && !warnings.is_empty() {
        return Err(warnings);
    }
    timings.add("load and validate", start);
    let write_error =
        |e: std::io::Error| vec![Diagnostic::about_file(opts.out.display(), format!("cannot write the site: {e}"))];
    let disk = output::Disk::begin(&opts.out).map_err(write_error)?;
    render_into(&site, &opts.themes, &disk, &mut timings)?;
    let host = site.config.host.clone();
    let start = Instant::now();
    drop(site);
    timings.add("free the model", start);
    let start = Instant::now();
    let written = disk.commit().map_err(write_error)?;
    timings.add("put in place", start);
    let mut warnings = warnings;
    if let Some(host) = host {
        warnings.extend(over_limits(&host, &written));
    }
    Ok(Report { warnings, written, timings })
}

/// A warning for each of the host's limits the written site is over.
fn over_limits(host: &HostLimits, w: &output::Written) -> Vec<Diagnostic> {
    let mut over = Vec::new();
    let name = &host.name;
    if let Some(max) = host.max_bytes.filter(|&m| w.bytes > m) {
        over.push(format!("the site is {}, and {name} takes at most {} for a whole site", size(w.bytes), size(max)));
    }
    if let Some(max) = host.max_files.filter(|&m| w.files as u64 > m) {
        over.push(format!("the site has {} files, and {name} takes at most {max}", w.files));
    }
    let (path, largest) = &w.largest;
    if let Some(max) = host.max_file_bytes.filter(|m| largest > m) {
        over.push(format!("{path} is {}, and {name} takes at most {} for one file", size(*largest), size(max)));
    }
    let (path, line, column) = &host.at;
    over.into_iter()
        .map(|message| Diagnostic {
            path: path.clone(),
            line: *line,
            column: *column,
            severity: Severity::Warning,
            message: format!("{message}: a deployment there would fail; see docs/publishing.md on sizes"),
        })
        .collect()
}

/// A size in decimal units, as hosts state their limits: "812.4 kB", "1,234.5 MB".
pub fn size(bytes: u64) -> String {
    if bytes < 1_000_000 {
        let tenths = (bytes + 50) / 100;
        return format!("{}.{} kB", tenths / 10, tenths % 10);
    }
    let tenths = (bytes + 50_000) / 100_000;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{tenth} MB")
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
