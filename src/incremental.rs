//! Incremental rebuilds, for `remiss serve`: after an edit, read only the
//! files that changed, link the site again from cached parse results, and
//! render only the pages whose content the edit can have changed.
//!
//! Which pages an edit concerns follows from comparing the new site with
//! the previous one, never from the edit itself:
//! - a case that differs in any way renders its own pages again (the case,
//!   its responses and statements);
//! - if it differs in more than the Markdown texts of the case and its
//!   responses (the only things shown on no other page), so do the pages
//!   that list it: its bodies, parties, persons, documents and related
//!   cases, and the site-wide lists;
//! - a changed document renders its page, related documents' pages, and
//!   its cases as if they had changed in what lists show;
//! - a change to `site.toml`, a body or party, the theme, or the date
//!   renders every page again, since those show on (nearly) every page.
//!
//! The pages of one case, response, statement, document or person, nine in
//! ten of a site's pages, are kept as a [`Fingerprint`] only, and rendered
//! again from the current site when a browser asks for one ([`Source`]).
//! The plan above guarantees that this gives the bytes the fingerprint was
//! taken of; the tests check it after every kind of edit.
//!
//! The search index, feeds and open data are built from the whole site.
//! After an incremental rebuild they are built by [`Session::derived`],
//! which the server runs in the background, so an edit shows at once.
//! `tests/suite/incremental.rs` checks that the result always equals a
//! fresh full build.

use crate::build::{self, BuildOptions};
use crate::content::{self, Content, layout};
use crate::diagnostics::Diagnostic;
use crate::model::{Case, Site};
use crate::output::{Fingerprint, Packed};
use crate::render::{self, Job, Scale};
use crate::theme::Theme;
use crate::validate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every file of one build, by site path (`remisser/x/index.html`).
pub type Files = BTreeMap<String, Arc<Stored>>;

/// One file of a build, as the server keeps it.
#[derive(Debug)]
pub enum Stored {
    /// Deflated in memory: the site-wide pages, the search index, feeds,
    /// open data, theme files and attachments.
    Packed(Packed),
    /// A page of the given job, which [`Source::read`] renders again. At
    /// 10,000 cases, keeping these pages packed took 280 MB of the
    /// server's memory; rendering one takes a few milliseconds.
    Page(Fingerprint, Job),
}

impl Stored {
    pub fn fingerprint(&self) -> Fingerprint {
        match self {
            Stored::Packed(packed) => packed.fingerprint(),
            Stored::Page(fingerprint, _) => *fingerprint,
        }
    }

    /// How the server keeps a page of job `key` that was just rendered.
    fn page(job: &Job, bytes: Vec<u8>) -> Stored {
        match job.scale() {
            Scale::Many => Stored::Page(Fingerprint::of(&bytes), job.clone()),
            Scale::Site | Scale::Few => Stored::Packed(Packed::new(&bytes)),
        }
    }
}

impl PartialEq for Stored {
    fn eq(&self, other: &Stored) -> bool {
        self.fingerprint() == other.fingerprint()
    }
}

impl From<Packed> for Stored {
    fn from(packed: Packed) -> Stored {
        Stored::Packed(packed)
    }
}

/// The site and theme that a build's files come from, to render the pages
/// kept as [`Stored::Page`].
#[derive(Clone)]
pub struct Source {
    pub site: Arc<Site>,
    pub theme: Arc<Theme>,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Source({} cases)", self.site.cases.len())
    }
}

impl Source {
    /// The bytes of the file at `path`, which the build of this source holds as `stored`.
    pub fn read(&self, path: &str, stored: &Stored) -> Result<Vec<u8>, String> {
        match stored {
            Stored::Packed(packed) => Ok(packed.bytes()),
            Stored::Page(_, key) => render::render_job(&self.site, &self.theme, key)?
                .into_iter()
                .find_map(|(p, bytes)| (p == path).then_some(bytes))
                .ok_or_else(|| format!("{path} is no longer a page of the site")),
        }
    }
}

/// What changed on disk since the last rebuild.
#[derive(Debug, Clone)]
pub enum Change {
    /// Unknown: read and render everything.
    Everything,
    /// These files or folders were created, changed or removed.
    Paths(Vec<PathBuf>),
}

/// The outcome of a successful rebuild.
#[derive(Debug)]
pub struct Rebuilt {
    pub files: Arc<Files>,
    /// What the pages in `files` are rendered from.
    pub source: Source,
    pub warnings: Vec<Diagnostic>,
    /// Jobs rendered (a job is a page or a group of pages).
    pub jobs: usize,
    /// Whether every page was rendered.
    pub full: bool,
    /// Whether the search index, feeds and open data still show the
    /// previous site: [`Session::derived`] brings them up to date.
    pub derived_pending: bool,
}

/// The site-wide files ([`build::derived`]) for one rebuild, computed on
/// any thread and handed back with [`Session::apply_derived`].
pub struct DerivedTask {
    generation: u64,
    site: Arc<Site>,
    theme: Arc<Theme>,
}

impl DerivedTask {
    pub fn run(&self) -> Result<Vec<(String, Packed)>, Vec<Diagnostic>> {
        build::derived(&self.site, &self.theme).map_err(|e| {
            vec![Diagnostic::about_file("", format!("building the search index, feeds and open data: {e}"))]
        })
    }
}

/// Everything kept between rebuilds.
pub struct Session {
    opts: BuildOptions,
    content: Option<Content>,
    cache: validate::Cache,
    theme: Option<Arc<Theme>>,
    /// The last good site and the files built from it.
    site: Option<Arc<Site>>,
    files: Arc<Files>,
    /// The site paths of each job's pages in `files`.
    jobs: BTreeMap<Job, Vec<String>>,
    /// The site paths of the search index, feeds and open data.
    derived: BTreeSet<String>,
    derived_pending: bool,
    /// What a failed rebuild saw change, for the next one to render.
    pending_everything: bool,
    pending_cases: BTreeSet<String>,
    /// Goes up with every good rebuild, so a late [`DerivedTask`] is known.
    generation: u64,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            content: None,
            cache: validate::Cache::default(),
            theme: None,
            site: None,
            files: Arc::default(),
            jobs: BTreeMap::new(),
            derived: BTreeSet::new(),
            derived_pending: false,
            pending_everything: false,
            pending_cases: BTreeSet::new(),
            generation: 0,
        }
    }

    /// Brings the site up to date with `change`. `opts` may differ from the
    /// last call (a new day changes statuses); what it changes is rebuilt.
    /// On errors the last good files stay as they are.
    pub fn rebuild(&mut self, opts: &BuildOptions, change: &Change) -> Result<Rebuilt, Vec<Diagnostic>> {
        let mut everything =
            self.pending_everything || matches!(change, Change::Everything) || opts.themes != self.opts.themes;
        let mut touched_cases = std::mem::take(&mut self.pending_cases);
        let scopes = match change {
            Change::Everything => None,
            Change::Paths(paths) => {
                let (scopes, theme_changed) = scopes(&opts.content, &opts.themes, paths);
                everything |= theme_changed;
                Some(scopes)
            }
        };
        // Even when every page is rendered again (a theme edit), files that
        // did not change need not be read again.
        let read_all = self.content.as_ref().is_none_or(|c| c.root != opts.content);
        match (&mut self.content, scopes) {
            (Some(content), Some(scopes)) if !read_all => {
                for scope in &scopes {
                    let case = scope.strip_prefix(layout::CASES).and_then(|s| s.strip_prefix('/'));
                    touched_cases.extend(case.map(|s| s.split('/').next().unwrap_or("").to_string()));
                }
                let wide = scopes.iter().any(|s| s.is_empty() || s == layout::CASES);
                everything |= wide;
                content.reload(&scopes);
            }
            _ => {
                self.content = Some(content::load(&opts.content));
                everything = true;
            }
        }
        self.opts = opts.clone();
        // Kept until a rebuild succeeds, so nothing seen here is lost.
        self.pending_everything = everything;
        self.pending_cases = touched_cases.clone();
        let content = self.content.as_ref().expect("loaded above");
        let (site, warnings) = build::link(content, opts, Some(&mut self.cache))?;
        let site = Arc::new(site);
        let theme = match &self.theme {
            Some(theme) if !everything && self.site.as_ref().is_some_and(|old| same_theme_config(old, &site)) => {
                Arc::clone(theme)
            }
            _ => {
                everything = true;
                let theme = Theme::load(&opts.themes, &site.config)
                    .map_err(|m| vec![Diagnostic::about_file(opts.themes.display(), m)])?;
                Arc::new(theme)
            }
        };
        let plan = match &self.site {
            Some(old) if !everything => plan(old, &site, &touched_cases),
            _ => None,
        };
        let rendered = match plan {
            None => self.render_everything(&site, &theme)?,
            Some(plan) => self.render_some(&site, &theme, plan)?,
        };
        let source = Source { site: Arc::clone(&site), theme: Arc::clone(&theme) };
        self.theme = Some(theme);
        // Freeing a national-size site takes a tenth of a second: not while
        // the edit waits to be shown.
        if let Some(old) = self.site.replace(site) {
            std::thread::spawn(move || drop(old));
        }
        self.generation += 1;
        self.pending_everything = false;
        self.pending_cases.clear();
        Ok(Rebuilt {
            files: Arc::clone(&self.files),
            source,
            warnings,
            jobs: rendered.0,
            full: rendered.1,
            derived_pending: self.derived_pending,
        })
    }

    /// Renders every page and the site-wide files.
    fn render_everything(&mut self, site: &Site, theme: &Theme) -> Result<(usize, bool), Vec<Diagnostic>> {
        let error = |m: String| vec![Diagnostic::about_file(self.opts.themes.display(), m)];
        let (pages, derived) =
            rayon::join(|| render::render_jobs(site, theme, None, &Stored::page), || build::derived(site, theme));
        let pages = pages.map_err(error)?;
        let derived = derived.map_err(|e| error(format!("building the search index, feeds and open data: {e}")))?;
        let mut files = Files::new();
        for (path, bytes) in render::assets(site, theme) {
            files.insert(path, Arc::new(Packed::new(&bytes).into()));
        }
        read_attachments(site.cases.values(), &mut files)?;
        self.derived = derived.iter().map(|(p, _)| p.clone()).collect();
        files.extend(derived.into_iter().map(|(p, b)| (p, Arc::new(b.into()))));
        self.jobs.clear();
        let count = self.file_jobs(pages, &mut files);
        self.files = Arc::new(files);
        self.derived_pending = false;
        Ok((count, true))
    }

    /// Renders the jobs of `plan` and leaves every other file as it was.
    fn render_some(&mut self, site: &Site, theme: &Theme, plan: Plan) -> Result<(usize, bool), Vec<Diagnostic>> {
        let keys: Vec<Job> = plan.render.into_iter().collect();
        let pages = render::render_jobs(site, theme, Some(&keys), &Stored::page)
            .map_err(|m| vec![Diagnostic::about_file(self.opts.themes.display(), m)])?;
        let mut attachments = Files::new();
        read_attachments(plan.cases.iter().filter_map(|id| site.cases.get(id)), &mut attachments)?;
        let mut files = (*self.files).clone();
        for key in keys.iter().chain(&plan.gone) {
            for path in self.jobs.remove(key).unwrap_or_default() {
                files.remove(&path);
            }
        }
        for path in &plan.old_attachments {
            files.remove(path);
        }
        files.extend(attachments);
        let count = self.file_jobs(pages, &mut files);
        self.files = Arc::new(files);
        self.derived_pending = true;
        Ok((count, false))
    }

    /// Puts rendered jobs into `files`, noting which paths each job wrote.
    fn file_jobs(&mut self, rendered: render::Rendered<Stored>, files: &mut Files) -> usize {
        let count = rendered.len();
        for (key, pages) in rendered {
            self.jobs.insert(key, pages.iter().map(|(p, _)| p.clone()).collect());
            files.extend(pages.into_iter().map(|(p, b)| (p, Arc::new(b))));
        }
        count
    }

    /// The work that brings the site-wide files up to date, if they lag.
    pub fn derived(&self) -> Option<DerivedTask> {
        let (site, theme) = (self.site.as_ref()?, self.theme.as_ref()?);
        self.derived_pending.then(|| DerivedTask {
            generation: self.generation,
            site: Arc::clone(site),
            theme: Arc::clone(theme),
        })
    }

    /// Puts the result of a [`DerivedTask`] in place; `None` if a rebuild
    /// came in between, so the result is already out of date.
    pub fn apply_derived(&mut self, task: &DerivedTask, derived: Vec<(String, Packed)>) -> Option<Arc<Files>> {
        if task.generation != self.generation || !self.derived_pending {
            return None;
        }
        let old = Arc::clone(&self.files);
        let mut files = (*old).clone();
        for path in std::mem::take(&mut self.derived) {
            files.remove(&path);
        }
        for (path, bytes) in derived {
            // Unchanged files keep their buffer, so comparing builds stays cheap.
            let bytes = Stored::Packed(bytes);
            let bytes = match old.get(&path) {
                Some(same) if **same == bytes => Arc::clone(same),
                _ => Arc::new(bytes),
            };
            self.derived.insert(path.clone());
            files.insert(path, bytes);
        }
        self.files = Arc::new(files);
        self.derived_pending = false;
        Some(Arc::clone(&self.files))
    }
}

/// Reads the attachments of `cases` into `files`: a changed PDF must be
/// noticed like a changed page.
pub(crate) fn read_attachments<'a>(
    cases: impl Iterator<Item = &'a Case>,
    files: &mut Files,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for a in cases.flat_map(|c| &c.attachments) {
        match std::fs::read(&a.source) {
            Ok(bytes) => {
                files.insert(a.path.clone(), Arc::new(Packed::new(&bytes).into()));
            }
            Err(e) => {
                errors.push(Diagnostic::about_file(a.source.display(), format!("cannot read the attachment: {e}")))
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The content-relative paths of the changes under `content`, and whether
/// anything under `themes` changed.
fn scopes(content: &Path, themes: &Path, paths: &[PathBuf]) -> (Vec<String>, bool) {
    // The watcher reports full paths; the folders may have been given as
    // relative ones, or through a symbolic link.
    let forms = |dir: &Path| -> Vec<PathBuf> {
        let mut forms = vec![dir.to_path_buf()];
        forms.extend(std::path::absolute(dir).ok());
        forms.extend(dir.canonicalize().ok());
        forms
    };
    let (content, themes) = (forms(content), forms(themes));
    let mut scopes = Vec::new();
    let mut theme_changed = false;
    for path in paths {
        if let Some(rel) = content.iter().find_map(|c| path.strip_prefix(c).ok()) {
            let rel = rel.iter().map(|c| c.to_string_lossy()).collect::<Vec<_>>().join("/");
            scopes.push(rel);
        } else if themes.iter().any(|t| path.starts_with(t)) {
            theme_changed = true;
        } else {
            // A path the server did not ask about: read everything, to be safe.
            scopes.push(String::new());
        }
    }
    scopes.sort();
    scopes.dedup();
    (scopes, theme_changed)
}

/// Whether the theme loaded for `old` serves `new` too.
fn same_theme_config(old: &Site, new: &Site) -> bool {
    old.config.theme == new.config.theme && old.config.language == new.config.language
}

/// What an incremental rebuild must do.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    /// Jobs to render.
    pub render: BTreeSet<Job>,
    /// Jobs the site no longer has.
    pub gone: BTreeSet<Job>,
    /// Cases whose attachments are read again.
    pub cases: BTreeSet<String>,
    /// Their attachments' paths in the previous build.
    pub old_attachments: Vec<String>,
}

/// The jobs that differ between two sites, or `None` when every page must
/// be rendered. `touched` names case folders with changed files, whose
/// attachments may have changed without the site noticing.
pub fn plan(old: &Site, new: &Site, touched: &BTreeSet<String>) -> Option<Plan> {
    if old.config != new.config || old.today != new.today || old.bodies != new.bodies || old.parties != new.parties {
        return None;
    }
    let mut plan = Plan::default();
    let mut listed_changed = false;
    // A document shows on its own page, the pages of related documents,
    // and wherever its cases are listed: a few cases, not every page.
    let mut document_cases: BTreeSet<&String> = BTreeSet::new();
    let documents: BTreeSet<&String> = old.documents.keys().chain(new.documents.keys()).collect();
    for id in documents {
        if old.documents.get(id) == new.documents.get(id) {
            continue;
        }
        listed_changed = true;
        for site in [old, new] {
            document_cases.extend(site.links.cases_by_document.get(id).into_iter().flatten());
            plan.render.extend(Job::listing_document(site, id));
        }
        match new.documents.contains_key(id) {
            true => plan.render.insert(Job::Document(id.clone())),
            false => plan.gone.insert(Job::Document(id.clone())),
        };
    }
    let ids: BTreeSet<&String> = old.cases.keys().chain(new.cases.keys()).collect();
    for id in ids {
        let (before, after) = (old.cases.get(id), new.cases.get(id));
        let shows_document = document_cases.contains(id);
        if before == after && !touched.contains(id.as_str()) && !shows_document {
            continue;
        }
        plan.cases.insert(id.clone());
        let before_jobs: BTreeSet<Job> = before.into_iter().flat_map(Job::of_case).collect();
        let after_jobs: BTreeSet<Job> = after.into_iter().flat_map(Job::of_case).collect();
        plan.gone.extend(before_jobs.difference(&after_jobs).cloned());
        plan.render.extend(after_jobs);
        plan.old_attachments.extend(before.into_iter().flat_map(|c| c.attachments.iter().map(|a| a.path.clone())));
        if shows_document || before.map(Job::listed) != after.map(Job::listed) {
            listed_changed = true;
            for (site, case) in [(old, before), (new, after)] {
                if let Some(case) = case {
                    plan.render.extend(Job::listing_case(site, case));
                }
            }
        }
    }
    let slugs: BTreeSet<&String> = old.persons.keys().chain(new.persons.keys()).collect();
    for slug in slugs {
        match (old.persons.get(slug), new.persons.get(slug)) {
            (a, b) if a == b => {}
            (_, None) => {
                plan.gone.insert(Job::Person(slug.clone()));
                listed_changed = true;
            }
            (_, Some(_)) => {
                plan.render.insert(Job::Person(slug.clone()));
            }
        }
    }
    if listed_changed {
        plan.render.extend(Job::SITE_WIDE);
    }
    plan.render.retain(|k| !plan.gone.contains(k));
    Some(plan)
}
