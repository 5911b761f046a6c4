//! Validate and link: turn loaded files into the typed [`Site`], checking
//! every key, value and reference, and collecting every problem.

use crate::content::fields::{self, Fields};
use crate::content::{Content, FileKind, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, hint};
use crate::model::*;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

mod proceedings;

/// Build-wide choices that affect what the site contains.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub drafts: bool,
    /// The date statuses are computed against.
    pub today: Date,
    pub base_url: Option<String>,
}

const BODY_KEYS: &[&str] = &["name", "kind", "office", "url"];
const PARTY_KEYS: &[&str] = &["name", "abbreviation", "aliases", "color"];
const DOCUMENT_KEYS: &[&str] = &["title", "designation", "kind", "date", "author", "url", "related", "proposals"];
const PROPOSAL_KEYS: &[&str] = &["id", "title", "summary"];
const CASE_KEYS: &[&str] = &[
    "title",
    "case_number",
    "pm",
    "document",
    "referrer",
    "received",
    "deadline",
    "internal_deadline",
    "decided_by",
    "decided",
    "answered",
    "rapporteur",
    "rapporteur_date",
    "referred_to",
    "decision",
    "related_cases",
    "earlier_answers",
    "tags",
    "draft",
    "motions",
    "votes",
];
const RAPPORTEUR_KEYS: &[&str] = &["name", "title"];
const RESPONSE_KEYS: &[&str] = &[
    "stance",
    "summary",
    "meeting",
    "drafted",
    "drafted_by",
    "proposed_decision",
    "decision",
    "joint_with",
    "proposals",
    "proposal_notes",
];
const STATEMENT_KEYS: &[&str] = &["kind", "body", "signatories", "joins", "same_as", "favours", "order"];
const SIGNATORY_KEYS: &[&str] = &["name", "party", "and_others", "title"];

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
pub fn validate(content: &Content, opts: &Options) -> (Option<Site>, Vec<Diagnostic>) {
    validate_with(content, opts, None)
}

/// [`validate`], parsing only the files whose text is not in `cache` and
/// keeping every file's result there for the next run.
pub fn validate_cached(content: &Content, opts: &Options, cache: &mut Cache) -> (Option<Site>, Vec<Diagnostic>) {
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
            content.root.join("site.toml").display(),
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

fn parse_body(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<Body> {
    f = f.with_known(BODY_KEYS);
    let name = f.req_str("name");
    let kind = f.req_term("kind", BodyKind::ALL, BodyKind::term);
    let office = ck.refer(idx, "office", Target::Body, f.id("office"));
    let url = f.url("url");
    ck.errors(f.finish());
    Some(Body { id: ck.content.files[idx].id.clone(), name: name?, kind: kind?, office, url, text: ck.markdown(idx) })
}

fn parse_party(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<Party> {
    f = f.with_known(PARTY_KEYS);
    let name = f.req_str("name");
    let abbreviation = f.req_str("abbreviation");
    let aliases = f.str_list("aliases");
    let color = f.str("color");
    if let Some(c) = &color {
        let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            f.error_at("color", format!("`color` must be written `#rrggbb`, such as \"#1b49dd\", not \"{c}\""));
        }
    }
    ck.errors(f.finish());
    Some(Party {
        id: ck.content.files[idx].id.clone(),
        name: name?,
        abbreviation: abbreviation?,
        aliases,
        color: color.map(|c| c.to_ascii_lowercase()),
        text: ck.markdown(idx),
    })
}

fn parse_document(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<Document> {
    f = f.with_known(DOCUMENT_KEYS);
    let title = f.req_str("title");
    let designation = f.req_str("designation");
    let kind = f.req_term("kind", DocumentKind::ALL, DocumentKind::term);
    let date = f.date("date");
    let author = f.str("author");
    let url = f.url("url");
    let related = f.ids("related");
    let related = ck.refer_all(idx, "related", Target::Document, related);
    let mut proposals: Vec<Proposal> = Vec::new();
    for mut p in f.tables("proposals", PROPOSAL_KEYS) {
        let id = p.req_id("id");
        let title = p.req_str("title");
        let summary = p.str("summary");
        if let Some((id, span)) = &id
            && proposals.iter().any(|q| &q.id == id)
        {
            ck.error(
                idx,
                span.start,
                format!("proposal id `{id}` is used twice in this document: each proposal needs its own id"),
            );
        }
        f.absorb(p);
        if let (Some((id, _)), Some(title)) = (id, title) {
            proposals.push(Proposal { id, title, summary });
        }
    }
    ck.errors(f.finish());
    Some(Document {
        id: ck.content.files[idx].id.clone(),
        title: title?,
        designation: designation?,
        kind: kind?,
        date,
        author,
        url,
        related,
        proposals,
        text: ck.markdown(idx),
    })
}

/// Where each `referred_to` entry of a case is written, for warnings that
/// point at one entry of the list.
type ReferredSpans = Vec<(String, Range<usize>)>;

fn parse_case(ck: &mut Checker, idx: usize, mut f: Fields, today: Date) -> Option<(Case, ReferredSpans)> {
    f = f.with_known(CASE_KEYS);
    let title = f.req_str("title");
    let case_number = f.req_str("case_number");
    let pm = f.str("pm");
    let documents = f.ids("document");
    let documents = ck.refer_all(idx, "document", Target::Document, documents);
    let referrer = f.req_str("referrer");
    let received = f.date("received");
    let deadline = f.req_date("deadline");
    let internal_deadline = f.date("internal_deadline");
    let decided_by = f.req_id("decided_by");
    let decided_by = ck.refer(idx, "decided_by", Target::Body, decided_by);
    let decided = f.date("decided");
    let answered = f.bool("answered").unwrap_or(false);
    let rapporteur = f.table("rapporteur", RAPPORTEUR_KEYS).and_then(|mut r| {
        let name = r.req_str("name");
        let title = r.str("title");
        f.absorb(r);
        Some(Rapporteur { name: name?, title, person: String::new() })
    });
    let rapporteur_date = f.date("rapporteur_date");
    let referred_spans = f.ids("referred_to");
    let referred_to = ck.refer_all(idx, "referred_to", Target::Body, referred_spans.clone());
    let decision = f.str_list("decision");
    check_markdown_values(ck, idx, &mut f, "decision", &decision);
    let related_cases = f.ids("related_cases");
    let related_cases = ck.refer_all(idx, "related_cases", Target::Case, related_cases);
    let earlier_answers = f.str_list("earlier_answers");
    let tags = f.str_list("tags");
    let draft = f.bool("draft").unwrap_or(false);
    let (motions, votes) = proceedings::parse(ck, idx, &mut f, decided_by.as_deref().unwrap_or(""));
    if let (Some(r), Some(d)) = (received, deadline)
        && d < r
    {
        let at = f.span_of("deadline").map_or(0, |s| s.start);
        ck.warn(
            idx,
            ck.content.files[idx].front.start + at,
            format!(
                "the deadline {d} is before the received date {r}: check both dates (`deadline` is the last day to answer, `received` the day the referral arrived)"
            ),
        );
    }
    ck.errors(f.finish());
    let deadline = deadline?;
    let status = if decided.is_some() || answered {
        Status::Besvarad
    } else if today <= deadline {
        Status::Oppen
    } else {
        Status::Forsenad
    };
    let case = Case {
        id: ck.content.files[idx].id.clone(),
        title: title?,
        case_number: case_number?,
        pm,
        documents,
        referrer: referrer?,
        received,
        deadline,
        internal_deadline,
        decided_by: decided_by?,
        decided,
        answered,
        rapporteur,
        rapporteur_date,
        referred_to,
        decision,
        related_cases,
        earlier_answers,
        tags,
        draft,
        status,
        text: ck.markdown(idx),
        responses: BTreeMap::new(),
        statements: Vec::new(),
        attachments: Vec::new(),
        motions,
        votes,
    };
    Some((case, referred_spans))
}

/// Per-proposal stances are checked against the case's documents later, so
/// their spans are kept on the side.
#[derive(Clone)]
struct ProposalKeys(Vec<(String, Range<usize>)>);

fn parse_response(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<(Response, ProposalKeys)> {
    f = f.with_known(RESPONSE_KEYS);
    let body = ck.content.files[idx].id.clone();
    let span0 = 0..0;
    ck.refs.push(PendingRef { file: idx, span: span0, key: "file name", target: Target::Body, id: body.clone() });
    let stance = f.req_term("stance", Stance::ALL, Stance::term);
    let summary = f.req_str("summary");
    let meeting = f.date("meeting");
    let drafted = f.date("drafted");
    let drafted_by = f.id("drafted_by");
    let drafted_by = ck.refer(idx, "drafted_by", Target::Body, drafted_by);
    let proposed_decision = f.str("proposed_decision");
    check_markdown_values(ck, idx, &mut f, "proposed_decision", proposed_decision.as_slice());
    let decision = f.str_list("decision");
    check_markdown_values(ck, idx, &mut f, "decision", &decision);
    let joint_with = f.ids("joint_with");
    let joint_with = ck.refer_all(idx, "joint_with", Target::Body, joint_with);
    let mut proposals = BTreeMap::new();
    let mut keys = Vec::new();
    for (key, key_span, value) in f.entries("proposals") {
        keys.push((key.clone(), key_span));
        match value.get_ref().as_str().map(|s| (s, Stance::from_term(s))) {
            Some((_, Some(stance))) => {
                proposals.insert(key, stance);
            }
            Some((s, None)) => {
                let terms = Stance::ALL.iter().map(|t| t.term());
                let list = Stance::ALL.iter().map(|t| format!("\"{}\"", t.term())).collect::<Vec<_>>().join(", ");
                ck.error(
                    idx,
                    value.span().start,
                    format!("stance on proposal `{key}` cannot be \"{s}\"{}; allowed values: {list}", hint(s, terms)),
                );
            }
            None => ck.error(
                idx,
                value.span().start,
                format!("stance on proposal `{key}` must be a string such as \"positiv\""),
            ),
        }
    }
    let mut proposal_notes = BTreeMap::new();
    for (key, key_span, value) in f.entries("proposal_notes") {
        match value.get_ref().as_str() {
            Some(s) => {
                proposal_notes.insert(key.clone(), s.to_string());
            }
            None => ck.error(idx, value.span().start, format!("the note on proposal `{key}` must be a string")),
        }
        if !proposals.contains_key(&key) && !keys.iter().any(|(k, _)| k == &key) {
            ck.error(
                idx,
                key_span.start,
                format!("note on proposal `{key}` without a stance on it: add `{key} = \"...\"` under [proposals]"),
            );
        }
    }
    ck.errors(f.finish());
    let response = Response {
        body,
        stance: stance?,
        summary: summary?,
        meeting,
        drafted,
        drafted_by,
        proposed_decision,
        decision,
        joint_with,
        proposals,
        proposal_notes,
        text: ck.markdown(idx),
        attachments: Vec::new(),
    };
    Some((response, ProposalKeys(keys)))
}

/// Statement references inside the case, checked once all statements are known.
#[derive(Clone)]
struct StatementKeys {
    joins: Vec<(String, Range<usize>)>,
    same_as: Option<(String, Range<usize>)>,
    favours: Option<(String, Range<usize>)>,
}

fn parse_statement(ck: &mut Checker, idx: usize, mut f: Fields) -> Option<(Statement, StatementKeys)> {
    f = f.with_known(STATEMENT_KEYS);
    let kind = f.req_term("kind", StatementKind::ALL, StatementKind::term);
    let body = f.req_id("body");
    let body = ck.refer(idx, "body", Target::Body, body);
    let signatories = signatories(ck, idx, &mut f, "statement");
    let joins = f.ids("joins");
    let same_as = f.id("same_as");
    let favours = f.id("favours");
    if favours.is_some() && kind.is_some_and(|k| k != StatementKind::Reservation) {
        f.error_at(
            "favours",
            "`favours` names the motion a reservation is made in favour of: only a `kind = \"reservation\"` has one"
                .into(),
        );
    }
    let order = f.int("order");
    ck.errors(f.finish());
    let text = ck.markdown(idx);
    if text.is_empty() && same_as.is_none() {
        ck.warn(idx, ck.content.files[idx].body_start, "the statement has no text: write it below the front matter, or add `same_as` if it is worded like another statement".into());
    }
    let statement = Statement {
        id: ck.content.files[idx].id.clone(),
        kind: kind?,
        body: body?,
        signatories,
        joins: joins.iter().map(|(j, _)| j.clone()).collect(),
        same_as: same_as.as_ref().map(|(s, _)| s.clone()),
        favours: favours.as_ref().map(|(s, _)| s.clone()),
        order,
        text,
        attachments: Vec::new(),
    };
    Some((statement, StatementKeys { joins, same_as, favours }))
}

/// The `signatories` of a statement or a motion: required, at least one.
fn signatories(ck: &mut Checker, idx: usize, f: &mut Fields, what: &str) -> Vec<Signatory> {
    if !f.has("signatories") {
        f.error_at("signatories", format!("missing required key `signatories`: list who made the {what}, e.g. `signatories = [{{ name = \"Anna Andersson\", party = \"s\" }}]`"));
    }
    let mut signatories = Vec::new();
    let tables = f.tables("signatories", SIGNATORY_KEYS);
    if f.has("signatories") && tables.is_empty() {
        f.error_at("signatories", "`signatories` must list at least one person".into());
    }
    for mut s in tables {
        let name = s.req_str("name");
        let party = s.req_id("party");
        let party = ck.refer(idx, "party", Target::Party, party);
        let and_others = s.bool("and_others").unwrap_or(false);
        let title = s.str("title");
        f.absorb(s);
        if let (Some(name), Some(party)) = (name, party) {
            signatories.push(Signatory {
                name: name.trim().to_string(),
                party,
                and_others,
                title,
                person: String::new(),
            });
        }
    }
    signatories
}

struct Known {
    bodies: BTreeSet<String>,
    parties: BTreeSet<String>,
    documents: BTreeSet<String>,
    cases: BTreeSet<String>,
    drafts: BTreeSet<String>,
}

fn check_refs(ck: &mut Checker, known: &Known) {
    let refs = std::mem::take(&mut ck.refs);
    for r in refs {
        let (set, what, folder) = match r.target {
            Target::Body => (&known.bodies, "body", "organ/"),
            Target::Party => (&known.parties, "party", "partier/"),
            Target::Document => (&known.documents, "document", "dokument/"),
            Target::Case => (&known.cases, "case", "remisser/"),
        };
        if set.contains(&r.id) {
            continue;
        }
        let file = &ck.content.files[r.file];
        let message = if r.target == Target::Case && known.drafts.contains(&r.id) {
            format!("`{}` names the case `{}`, which is a draft: publish it or build with --drafts", r.key, r.id)
        } else if r.key == "file name" {
            format!(
                "a response file is named after the body that answers, but there is no body `{}`{}: create {folder}{}.md or rename this file",
                r.id,
                hint(&r.id, set.iter().map(String::as_str)),
                r.id
            )
        } else {
            format!(
                "`{}` names an unknown {what} `{}`{}: ids come from the files in {folder}",
                r.key,
                r.id,
                hint(&r.id, set.iter().map(String::as_str))
            )
        };
        let d = if r.span.is_empty() && r.span.start == 0 {
            file.diag_at(0, Severity::Error, message)
        } else {
            file.error_in_front(r.span.start, message)
        };
        ck.diags.push(d);
    }
}

fn attach_children(
    ck: &mut Checker,
    cases: &mut BTreeMap<String, (usize, Case)>,
    responses: Vec<Child<(Response, ProposalKeys)>>,
    statements: Vec<Child<(Statement, StatementKeys)>>,
    drafts: &BTreeSet<String>,
) -> Vec<(usize, String, ProposalKeys)> {
    let mut proposal_keys = Vec::new();
    for child in responses {
        if drafts.contains(&child.case) {
            continue;
        }
        let Some((_, case)) = cases.get_mut(&child.case) else {
            missing_case(ck, child.file);
            continue;
        };
        let (response, keys) = child.item;
        proposal_keys.push((child.file, child.case.clone(), keys));
        case.responses.insert(response.body.clone(), response);
    }
    let mut keys_by_case: BTreeMap<String, Vec<(usize, String, StatementKeys)>> = BTreeMap::new();
    for child in statements {
        if drafts.contains(&child.case) {
            continue;
        }
        let Some((_, case)) = cases.get_mut(&child.case) else {
            missing_case(ck, child.file);
            continue;
        };
        let (statement, keys) = child.item;
        keys_by_case.entry(child.case.clone()).or_default().push((child.file, statement.id.clone(), keys));
        case.statements.push(statement);
    }
    for (case_id, list) in keys_by_case {
        let case = &cases[&case_id].1;
        let ids: Vec<&str> = case.statements.iter().map(|s| s.id.as_str()).collect();
        let motions: Vec<&str> = case.motions.iter().map(|m| m.id.as_str()).collect();
        for (file, own, keys) in list {
            if let Some((id, span)) = &keys.favours
                && !motions.contains(&id.as_str())
            {
                let message = format!(
                    "`favours` names an unknown motion `{id}`{}: ids come from the [[motions]] in remisser/{case_id}/index.md",
                    hint(id, motions.iter().copied())
                );
                ck.error(file, span.start, message);
            }
            let named = keys.joins.iter().map(|j| ("joins", j)).chain(keys.same_as.iter().map(|s| ("same_as", s)));
            for (key, (id, span)) in named {
                if id == &own {
                    ck.error(file, span.start, format!("`{key}` names this statement itself"));
                } else if !ids.contains(&id.as_str()) {
                    let message = format!(
                        "`{key}` names an unknown statement `{id}`{}: ids come from the files in remisser/{case_id}/uttalanden/",
                        hint(id, ids.iter().copied())
                    );
                    ck.error(file, span.start, message);
                }
            }
        }
    }
    for (_, case) in cases.values_mut() {
        case.statements.sort_by(|a, b| {
            (&a.body, a.order.unwrap_or(i64::MAX), &a.id).cmp(&(&b.body, b.order.unwrap_or(i64::MAX), &b.id))
        });
    }
    proposal_keys
}

/// A decided case whose referred body has no response is most often a
/// response not yet entered, so it is worth a warning; but a body may also
/// simply not have answered (the site then shows "Inget svar"), so it is not
/// an error. A body named in another response's `joint_with` has answered.
fn unanswered_warnings(
    ck: &mut Checker,
    cases: &BTreeMap<String, (usize, Case)>,
    referred_spans: &BTreeMap<String, ReferredSpans>,
) {
    for (id, (idx, case)) in cases {
        if case.decided.is_none() && !case.answered {
            continue;
        }
        let answered: BTreeSet<&str> = case
            .responses
            .values()
            .flat_map(|r| std::iter::once(r.body.as_str()).chain(r.joint_with.iter().map(String::as_str)))
            .collect();
        let when = case.decided.map_or_else(|| "is answered".to_string(), |d| format!("was decided on {d}"));
        for (body, span) in referred_spans.get(id).into_iter().flatten() {
            if answered.contains(body.as_str()) {
                continue;
            }
            let offset = ck.content.files[*idx].front.start + span.start;
            ck.warn(
                *idx,
                offset,
                format!(
                    "the case {when}, but `{body}` in `referred_to` has no response: add remisser/{id}/svar/{body}.md (`remiss new svar {id} {body}`), or ignore this if it did not answer (the site shows \"Inget svar\")"
                ),
            );
        }
    }
}

fn missing_case(ck: &mut Checker, file: usize) {
    let f = &ck.content.files[file];
    let case = f.rel.split('/').nth(1).unwrap_or("");
    let exists = ck.content.files.iter().any(|o| matches!(&o.kind, FileKind::Case { case: c } if c == case));
    if exists {
        return; // the case file itself has errors, reported there
    }
    let message = format!(
        "this file belongs to the case folder `{case}`, which has no index.md: create remisser/{case}/index.md"
    );
    ck.diags.push(f.diag_at(0, Severity::Error, message));
}

/// Attaches copied files to their case, response or statement, and refuses
/// any file that would overwrite a generated page.
fn attach_files(
    ck: &mut Checker,
    cases: &mut BTreeMap<String, (usize, Case)>,
    files: Vec<(String, usize)>,
    drafts: &BTreeSet<String>,
) {
    for (case_id, idx) in files {
        if drafts.contains(&case_id) {
            continue;
        }
        let file = &ck.content.files[idx];
        let Some((_, case)) = cases.get_mut(&case_id) else {
            missing_case(ck, idx);
            continue;
        };
        let rel = file.rel.clone();
        let inner: Vec<&str> = rel.split('/').skip(2).collect();
        let page_dirs: Vec<String> = case
            .responses
            .keys()
            .map(|b| format!("svar/{b}"))
            .chain(case.statements.iter().map(|s| format!("uttalanden/{}", s.id)))
            .collect();
        let inner_path = inner.join("/");
        let conflict = inner_path == "index.html"
            || inner_path == "svar"
            || inner_path == "uttalanden"
            || page_dirs.iter().any(|d| inner_path == *d || inner_path.starts_with(&format!("{d}/")));
        if conflict {
            let message = format!(
                "this attachment would overwrite the generated page at remisser/{case_id}/{inner_path}: rename the file"
            );
            ck.diags.push(file.diag_at(0, Severity::Error, message));
            continue;
        }
        let name = inner.last().unwrap_or(&"").to_string();
        let attachment = Attachment { path: rel.clone(), file_name: name, bytes: file.bytes, source: file.abs.clone() };
        match inner.as_slice() {
            ["svar", _] => {
                if let Some(r) = case.responses.get_mut(&file.id) {
                    r.attachments.push(attachment.clone());
                }
            }
            ["uttalanden", _] => {
                if let Some(s) = case.statements.iter_mut().find(|s| s.id == file.id) {
                    s.attachments.push(attachment.clone());
                }
            }
            _ => {}
        }
        case.attachments.push(attachment);
    }
}

/// Checks that per-proposal stances name proposals of the case's documents.
fn check_proposal_keys(
    ck: &mut Checker,
    keys: Vec<(usize, String, ProposalKeys)>,
    cases: &BTreeMap<String, (usize, Case)>,
    documents: &BTreeMap<String, (usize, Document)>,
) {
    for (idx, case_id, ProposalKeys(keys)) in keys {
        let Some((_, case)) = cases.get(&case_id) else { continue };
        let proposals: Vec<&str> = case
            .documents
            .iter()
            .filter_map(|d| documents.get(d))
            .flat_map(|(_, d)| d.proposals.iter().map(|p| p.id.as_str()))
            .collect();
        for (key, span) in keys {
            if proposals.contains(&key.as_str()) {
                continue;
            }
            let message = if case.documents.is_empty() {
                format!("stance on proposal `{key}`, but the case names no `document` with proposals")
            } else {
                format!(
                    "unknown proposal `{key}`{}: proposal ids come from `[[proposals]]` in the case's document ({})",
                    hint(&key, proposals.iter().copied()),
                    case.documents.join(", ")
                )
            };
            ck.error(idx, span.start, message);
        }
    }
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

/// One person page per distinct name; names that fold to the same slug get
/// `-2`, `-3` in sorted order of the names. Gives every rapporteur,
/// signatory and voting member the slug of their page.
fn assign_person_slugs(site: &mut Site) {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for case in site.cases.values() {
        names.extend(case.rapporteur.iter().map(|r| r.name.as_str()));
        names.extend(case.statements.iter().flat_map(|s| s.signatories.iter().map(|g| g.name.as_str())));
        names.extend(case.motions.iter().flat_map(|m| m.signatories.iter().map(|g| g.name.as_str())));
        names.extend(case.votes.iter().flat_map(|v| v.members.iter().map(|m| m.name.as_str())));
    }
    let mut by_slug: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in names {
        by_slug.entry(slugify(name)).or_default().push(name);
    }
    let mut slug_of: FxHashMap<String, String> = FxHashMap::default();
    for (slug, names) in by_slug {
        for (i, name) in names.into_iter().enumerate() {
            let s = if i == 0 { slug.clone() } else { format!("{slug}-{}", i + 1) };
            slug_of.insert(name.to_string(), s);
        }
    }
    for case in site.cases.values_mut() {
        let people = case.rapporteur.iter_mut().map(|r| (&r.name, &mut r.person));
        let signatories = case.statements.iter_mut().flat_map(|s| &mut s.signatories);
        let movers = case.motions.iter_mut().flat_map(|m| &mut m.signatories);
        let people = people.chain(signatories.chain(movers).map(|g| (&g.name, &mut g.person)));
        let members = case.votes.iter_mut().flat_map(|v| &mut v.members).map(|m| (&m.name, &mut m.person));
        for (name, person) in people.chain(members) {
            person.clone_from(&slug_of[name]);
        }
    }
}

/// The person pages, from the slugs [`assign_person_slugs`] gave.
fn persons(site: &Site) -> BTreeMap<String, Person> {
    let mut persons: BTreeMap<String, Person> = BTreeMap::new();
    fn entry<'p>(persons: &'p mut BTreeMap<String, Person>, slug: &str, name: &str) -> &'p mut Person {
        persons.entry(slug.to_string()).or_insert_with(|| Person {
            slug: slug.to_string(),
            name: name.to_string(),
            parties: BTreeSet::new(),
            titles: BTreeSet::new(),
            statements: Vec::new(),
            reported: Vec::new(),
            motions: Vec::new(),
            votes: Vec::new(),
        })
    }
    for case in site.cases.values() {
        if let Some(r) = &case.rapporteur {
            let p = entry(&mut persons, &r.person, &r.name);
            p.reported.push(case.id.clone());
            p.titles.extend(r.title.clone());
        }
        for s in &case.statements {
            for g in &s.signatories {
                let p = entry(&mut persons, &g.person, &g.name);
                p.parties.insert(g.party.clone());
                p.titles.extend(g.title.clone());
                let r = StatementRef { case: case.id.clone(), statement: s.id.clone() };
                if !p.statements.contains(&r) {
                    p.statements.push(r);
                }
            }
        }
        for m in &case.motions {
            for g in &m.signatories {
                let p = entry(&mut persons, &g.person, &g.name);
                p.parties.insert(g.party.clone());
                p.titles.extend(g.title.clone());
                let r = MotionRef { case: case.id.clone(), motion: m.id.clone() };
                if !p.motions.contains(&r) {
                    p.motions.push(r);
                }
            }
        }
        for v in &case.votes {
            for m in &v.members {
                let p = entry(&mut persons, &m.person, &m.name);
                p.parties.insert(m.party.clone());
                p.votes.push(VoteRef { case: case.id.clone(), vote: v.number });
            }
        }
    }
    persons
}

fn backlinks(site: &Site) -> Backlinks {
    let mut l = Backlinks::default();
    for body in site.bodies.values() {
        if let Some(office) = &body.office {
            l.offices_of.entry(office.clone()).or_default().push(body.id.clone());
        }
    }
    for doc in site.documents.values() {
        for r in &doc.related {
            l.documents_related_from.entry(r.clone()).or_default().push(doc.id.clone());
        }
    }
    for case in site.cases.values() {
        for d in &case.documents {
            l.cases_by_document.entry(d.clone()).or_default().push(case.id.clone());
        }
        l.cases_decided_by.entry(case.decided_by.clone()).or_default().push(case.id.clone());
        for b in &case.referred_to {
            l.cases_referred_to.entry(b.clone()).or_default().push(case.id.clone());
        }
        for r in &case.related_cases {
            l.cases_related_from.entry(r.clone()).or_default().push(case.id.clone());
        }
        for body in case.responses.keys() {
            l.responses_by_body
                .entry(body.clone())
                .or_default()
                .push(ResponseRef { case: case.id.clone(), body: body.clone() });
        }
        for s in &case.statements {
            let r = StatementRef { case: case.id.clone(), statement: s.id.clone() };
            l.statements_by_body.entry(s.body.clone()).or_default().push(r.clone());
            for p in s.parties() {
                l.statements_by_party.entry(p.to_string()).or_default().push(r.clone());
            }
            for j in &s.joins {
                let target = StatementRef { case: case.id.clone(), statement: j.clone() };
                l.joined_by.entry(target).or_default().push(s.id.clone());
            }
            if let Some(same) = &s.same_as {
                let target = StatementRef { case: case.id.clone(), statement: same.clone() };
                l.same_as_from.entry(target).or_default().push(s.id.clone());
            }
        }
        for m in &case.motions {
            let r = MotionRef { case: case.id.clone(), motion: m.id.clone() };
            let mut parties: BTreeSet<&str> = m.parties.iter().map(String::as_str).collect();
            parties.extend(m.signatories.iter().map(|s| s.party.as_str()));
            for p in parties {
                l.motions_by_party.entry(p.to_string()).or_default().push(r.clone());
            }
        }
        for v in &case.votes {
            let r = VoteRef { case: case.id.clone(), vote: v.number };
            l.votes_by_body.entry(v.body.clone()).or_default().push(r.clone());
            let parties: BTreeSet<&str> = v.members.iter().map(|m| m.party.as_str()).collect();
            for p in parties {
                l.votes_by_party.entry(p.to_string()).or_default().push(r.clone());
            }
        }
    }
    l
}
