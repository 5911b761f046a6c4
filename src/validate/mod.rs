//! Validate and link: turn loaded files into the typed [`Site`], checking
//! every key, value and reference, and collecting every problem.

use crate::content::fields::{self, Fields};
use crate::content::{Content, FileKind, SourceFile, layout};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, hint};
use crate::model::*;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

mod entities;
mod link;
mod proceedings;

use entities::*;
use link::*;

/// Build-wide choices that affect what the site contains.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Options {
    pub drafts: bool,
    /// The date statuses are computed against.
    pub today: Date,
    pub base_url: Option<String>,
}

/// What kind of entity a reference must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Body,
    Party,
    Document,
    Case,
}

/// A reference to check once every entity is known.
#[derive(Clone)]
struct PendingRef {
    file: usize,
    span: Range<usize>,
    key: &'static str,
    target: Target,
    id: String,
}

/// Collects problems and pending references while files are read.
struct Checker<'c> {
    content: &'c Content,
    diags: Diagnostics,
    refs: Vec<PendingRef>,
}

impl Checker<'_> {
    fn errors(&mut self, errors: Vec<Diagnostic>) {
        for e in errors {
            self.diags.push(e);
        }
    }

    fn error(&mut self, file: usize, span_start: usize, message: String) {
        let d = self.content.files[file].error_in_front(span_start, message);
        self.diags.push(d);
    }

    fn warn(&mut self, file: usize, offset: usize, message: String) {
        let d = self.content.files[file].diag_at(offset, Severity::Warning, message);
        self.diags.push(d);
    }

    fn refer(
        &mut self,
        file: usize,
        key: &'static str,
        target: Target,
        id: Option<(String, Range<usize>)>,
    ) -> Option<String> {
        let (id, span) = id?;
        self.refs.push(PendingRef { file, span, key, target, id: id.clone() });
        Some(id)
    }

    fn refer_all(
        &mut self,
        file: usize,
        key: &'static str,
        target: Target,
        ids: Vec<(String, Range<usize>)>,
    ) -> Vec<String> {
        ids.into_iter().filter_map(|i| self.refer(file, key, target, Some(i))).collect()
    }

    fn check_id(&mut self, idx: usize) -> bool {
        let file = &self.content.files[idx];
        if matches!(file.kind, FileKind::Case { .. }) && file.id == crate::model::paths::FILTER_DIR {
            let message = format!("`{}` is reserved for the filtered case lists: rename the case folder", file.id);
            self.diags.push(file.diag_at(0, Severity::Error, message));
            return false;
        }
        if is_slug(&file.id) {
            return true;
        }
        let what = if matches!(file.kind, FileKind::Case { .. }) { "folder" } else { "file" };
        let message = format!(
            "`{}` is not a valid id: rename the {what} to `{}` (lowercase a–z, 0–9 and single dashes)",
            file.id,
            slugify(&file.id)
        );
        self.diags.push(file.diag_at(0, Severity::Error, message));
        false
    }

    fn markdown(&self, idx: usize) -> Markdown {
        let file = &self.content.files[idx];
        Markdown {
            source: SharedText::slice(&file.text, file.body_start..file.text.len()),
            dir: file.dir().to_string(),
        }
    }
}

/// A response or statement before it is attached to its case.
struct Child<T> {
    case: String,
    file: usize,
    item: T,
}

/// One file, parsed on its own.
#[derive(Clone)]
enum Parsed {
    Config(Result<Config, Vec<Diagnostic>>),
    Attachment(String),
    Body(Body),
    Party(Party),
    Document(Document),
    Case(Box<Case>, ReferredSpans),
    Response(String, (Response, ProposalKeys)),
    Statement(String, (Statement, StatementKeys)),
    /// Broken, invalid, or nothing to keep; the problems are in the checker.
    Nothing,
}

/// Parses one file on its own; everything it finds goes into `ck`.
fn parse_file(ck: &mut Checker, idx: usize, file: &SourceFile, opts: &Options) -> Parsed {
    check_markdown(ck, file);
    if file.kind == FileKind::Site {
        return Parsed::Config(crate::config::parse(file, opts.base_url.as_deref()));
    }
    if file.broken {
        return Parsed::Nothing;
    }
    if let FileKind::Attachment { case } = &file.kind {
        return Parsed::Attachment(case.clone());
    }
    if !ck.check_id(idx) {
        return Parsed::Nothing;
    }
    let table = match fields::parse(file) {
        Ok(t) => t,
        Err(d) => {
            ck.diags.push(d);
            return Parsed::Nothing;
        }
    };
    let f = Fields::new(file, &table, &[]);
    let parsed = match &file.kind {
        FileKind::Body => parse_body(ck, idx, f).map(Parsed::Body),
        FileKind::Party => parse_party(ck, idx, f).map(Parsed::Party),
        FileKind::Document => parse_document(ck, idx, f).map(Parsed::Document),
        FileKind::Case { .. } => parse_case(ck, idx, f, opts.today).map(|(c, r)| Parsed::Case(Box::new(c), r)),
        FileKind::Response { case } => parse_response(ck, idx, f).map(|r| Parsed::Response(case.clone(), r)),
        FileKind::Statement { case } => parse_statement(ck, idx, f).map(|s| Parsed::Statement(case.clone(), s)),
        FileKind::Site | FileKind::Attachment { .. } => None,
    };
    parsed.unwrap_or(Parsed::Nothing)
}

/// What parsing one file found: kept by [`Cache`] to be merged again.
#[derive(Clone)]
struct FileResult {
    parsed: Parsed,
    diags: Vec<Diagnostic>,
    refs: Vec<PendingRef>,
}

/// Each file's parse result from the last run, so that a preview server
/// re-parses only the files that changed and merely links the rest again.
#[derive(Default)]
pub struct Cache {
    opts: Option<Options>,
    /// By content-relative path, with the text it was parsed from: a
    /// reloaded file has a new buffer, an unchanged one keeps its own.
    files: FxHashMap<String, (Arc<str>, FileResult)>,
}

impl Cache {
    fn get(&self, file: &SourceFile) -> Option<FileResult> {
        let (text, result) = self.files.get(&file.rel)?;
        Arc::ptr_eq(text, &file.text).then(|| result.clone())
    }
}

/// Validates and links the whole site. Returns `None` if any error was found;
/// all diagnostics (errors and warnings) come back either way.
pub(crate) fn validate(content: &Content, opts: &Options) -> (Option<Site>, Vec<Diagnostic>) {
    validate_with(content, opts, None)
}

/// [`validate`], parsing only the files whose text is not in `cache` and
/// keeping every file's result there for the next run.
pub(crate) fn validate_cached(content: &Content, opts: &Options, cache: &mut Cache) -> (Option<Site>, Vec<Diagnostic>) {
    validate_with(content, opts, Some(cache))
}

/// Every file's parse result, in file order: from `cache` where the file's
/// text is the one cached, else parsed now, on every core, each with its
/// own checker. The cache then holds exactly the files of `content`.
fn parse_all(content: &Content, opts: &Options, mut cache: Option<&mut Cache>) -> Vec<(usize, FileResult)> {
    if let Some(cache) = cache.as_deref_mut()
        && cache.opts.as_ref() != Some(opts)
    {
        cache.files.clear();
        cache.opts = Some(opts.clone());
    }
    let cached = cache.as_deref();
    let parsed: Vec<(usize, FileResult, bool)> = content
        .files
        .par_iter()
        .enumerate()
        .map(|(idx, file)| {
            if let Some(result) = cached.and_then(|c| c.get(file)) {
                return (idx, result, false);
            }
            let mut local = Checker { content, diags: Diagnostics::default(), refs: Vec::new() };
            let parsed = parse_file(&mut local, idx, file, opts);
            (idx, FileResult { parsed, diags: local.diags.into_sorted(), refs: local.refs }, true)
        })
        .collect();
    if let Some(cache) = cache {
        for (idx, result, fresh) in &parsed {
            if *fresh {
                let file = &content.files[*idx];
                cache.files.insert(file.rel.clone(), (file.text.clone(), result.clone()));
            }
        }
        // Every file is in the cache now, so it holds more only when files
        // were removed.
        if cache.files.len() > content.files.len() {
            let present: FxHashSet<&str> = content.files.iter().map(|f| f.rel.as_str()).collect();
            cache.files.retain(|rel, _| present.contains(rel.as_str()));
        }
    }
    parsed.into_iter().map(|(idx, result, _)| (idx, result)).collect()
}

fn validate_with(content: &Content, opts: &Options, cache: Option<&mut Cache>) -> (Option<Site>, Vec<Diagnostic>) {
    let parsed = parse_all(content, opts, cache);
    let mut ck = Checker { content, diags: Diagnostics::default(), refs: Vec::new() };
    let mut config = None;
    let mut bodies = BTreeMap::new();
    let mut parties = BTreeMap::new();
    let mut documents = BTreeMap::new();
    let mut cases: BTreeMap<String, (usize, Case)> = BTreeMap::new();
    let mut responses = Vec::new();
    let mut statements = Vec::new();
    let mut attachments: Vec<(String, usize)> = Vec::new();
    let mut referred_spans = BTreeMap::new();

    for (idx, FileResult { parsed, diags, refs }) in parsed {
        ck.diags.extend(diags);
        // A cached result was parsed when the file had another position.
        ck.refs.extend(refs.into_iter().map(|r| PendingRef { file: idx, ..r }));
        match parsed {
            Parsed::Config(Ok(c)) => config = Some(c),
            Parsed::Config(Err(e)) => ck.errors(e),
            Parsed::Attachment(case) => attachments.push((case, idx)),
            Parsed::Body(b) => {
                bodies.insert(b.id.clone(), b);
            }
            Parsed::Party(p) => {
                parties.insert(p.id.clone(), p);
            }
            Parsed::Document(d) => {
                documents.insert(d.id.clone(), (idx, d));
            }
            Parsed::Case(c, referred) => {
                referred_spans.insert(c.id.clone(), referred);
                cases.insert(c.id.clone(), (idx, *c));
            }
            Parsed::Response(case, r) => responses.push(Child { case, file: idx, item: r }),
            Parsed::Statement(case, s) => statements.push(Child { case, file: idx, item: s }),
            Parsed::Nothing => {}
        }
    }
    if config.is_none() && !content.files.iter().any(|f| f.kind == FileKind::Site) {
        ck.diags.push(Diagnostic::about_file(
            content.root.join(layout::SITE).display(),
            "missing site.toml: create it with at least `title`, `base_url` and `organisation`",
        ));
    }

    // Drafts leave the site (and reference checks) unless asked for.
    let drafts: BTreeSet<String> =
        cases.values().filter(|(_, c)| c.draft && !opts.drafts).map(|(_, c)| c.id.clone()).collect();
    cases.retain(|id, _| !drafts.contains(id));
    ck.refs.retain(|r| !matches!(&content.files[r.file].kind, FileKind::Case { case } | FileKind::Response { case } | FileKind::Statement { case } if drafts.contains(case)));

    // Every file that exists counts as a known id, even if it failed to
    // parse: one broken file must not cascade into errors everywhere else.
    let present = |pick: fn(&FileKind) -> bool| -> BTreeSet<String> {
        content.files.iter().filter(|f| pick(&f.kind)).map(|f| f.id.clone()).collect()
    };
    let known = Known {
        bodies: present(|k| *k == FileKind::Body),
        parties: present(|k| *k == FileKind::Party),
        documents: present(|k| *k == FileKind::Document),
        cases: present(|k| matches!(k, FileKind::Case { .. })).into_iter().filter(|c| !drafts.contains(c)).collect(),
        drafts: drafts.clone(),
    };
    check_refs(&mut ck, &known);

    let proposal_keys = attach_children(&mut ck, &mut cases, responses, statements, &drafts);
    attach_files(&mut ck, &mut cases, attachments, &drafts);
    unanswered_warnings(&mut ck, &cases, &referred_spans);
    check_proposal_keys(&mut ck, proposal_keys, &cases, &documents);

    let (Some(config), false) = (config, ck.diags.has_errors()) else {
        return (None, ck.diags.into_sorted());
    };
    site_warnings(&mut ck, &config, opts.today);
    let documents = documents.into_iter().map(|(k, (_, d))| (k, d)).collect();
    let cases = cases.into_iter().map(|(k, (_, c))| (k, c)).collect();
    let mut site = Site {
        config,
        today: opts.today,
        bodies,
        parties,
        documents,
        cases,
        persons: BTreeMap::new(),
        links: Backlinks::default(),
    };
    assign_person_slugs(&mut site);
    // Both only read the site; each takes a tenth of the relinking that
    // the preview server does after an edit at 10,000 cases.
    let (persons, links) = rayon::join(|| persons(&site), || backlinks(&site));
    site.persons = persons;
    site.links = links;
    (Some(site), ck.diags.into_sorted())
}

/// Checks a file's Markdown body as [`crate::markdown::render`] will treat
/// it: relative links must stay inside `content/`, no link may use a
/// refused scheme, and nesting too deep to render is flattened (a warning).
fn check_markdown(ck: &mut Checker, file: &SourceFile) {
    if matches!(file.kind, FileKind::Site | FileKind::Attachment { .. }) {
        return;
    }
    let found = crate::markdown::findings(file.body());
    let at = |offset: usize| file.body_start + offset;
    for (dest, offset) in &found.relative {
        if crate::markdown::resolve(file.dir(), dest).is_none() {
            let message = format!(
                "the link `{dest}` points outside content/: link to a file inside the content folder or to a full URL"
            );
            ck.diags.push(file.diag_at(at(*offset), Severity::Error, message));
        }
    }
    for (refused, offset) in &found.refused {
        ck.diags.push(file.diag_at(at(*offset), Severity::Error, refused.to_string()));
    }
    if let Some(first) = found.flattened.first() {
        ck.diags.push(file.diag_at(at(*first), Severity::Warning, flattened_message(found.flattened.len())));
    }
}

fn flattened_message(places: usize) -> String {
    let places = if places == 1 { String::new() } else { format!(" ({places} places in this text)") };
    format!(
        "quotes, lists, emphasis or links are nested more than {} levels deep here{places}: the site shows what is inside as plain text; remove the extra `>`, indentation or `*`",
        crate::markdown::MAX_DEPTH
    )
}

/// Front-matter strings that are rendered as Markdown (decisions) get the
/// checks a body gets, reported at the key's value.
fn check_markdown_values(ck: &mut Checker, idx: usize, f: &mut Fields, key: &str, values: &[String]) {
    let mut flattened = 0;
    for value in values {
        let found = crate::markdown::findings(value);
        for (refused, _) in found.refused {
            f.error_at(key, format!("`{key}`: {refused}"));
        }
        flattened += found.flattened.len();
    }
    if flattened > 0 {
        let at = ck.content.files[idx].front.start + f.span_of(key).map_or(0, |s| s.start);
        ck.warn(idx, at, format!("`{key}`: {}", flattened_message(flattened)));
    }
}

fn site_warnings(ck: &mut Checker, config: &Config, today: Date) {
    let Some(idx) = ck.content.files.iter().position(|f| f.kind == FileKind::Site) else { return };
    match &config.accessibility {
        None => ck.warn(
            idx,
            0,
            "no [accessibility] table: the accessibility statement will say the site has not been assessed".into(),
        ),
        Some(a) => {
            let stale = a.assessed.is_none_or(|d| Date { year: d.year + 1, ..d } < today);
            if stale {
                ck.warn(idx, 0, "the accessibility assessment (`assessed` under [accessibility]) is missing or more than a year old: assess the site again and update the date".into());
            }
        }
    }
}
