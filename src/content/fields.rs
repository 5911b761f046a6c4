//! Typed access to one TOML table with spans, collecting every problem.
//!
//! serde's derive stops at the first error and reports unknown keys without
//! their line; staff need all problems of a file at once, each pointing at
//! the key or value to fix. So front matter is parsed into toml's spanned
//! `DeTable` and read through [`Fields`], which records what was read and
//! reports, at the end, every key nobody asked for.

use super::SourceFile;
use crate::diagnostics::{Diagnostic, hint};
use crate::model::{Date, is_slug};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The prefix of the placeholders `remiss new` writes (`"TODO: the title"`),
/// which are reported wherever a value is read, so a half-filled skeleton
/// never reaches the site.
pub(crate) const TODO: &str = "TODO:";

/// Parses the front matter of `file`, or returns the TOML syntax error.
pub(crate) fn parse(file: &SourceFile) -> Result<Spanned<DeTable<'_>>, Diagnostic> {
    DeTable::parse(file.front_matter()).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().trim_end_matches('.').to_string();
        file.error_in_front(offset, format!("TOML syntax error: {message}"))
    })
}

/// A view of one table of `file`'s front matter.
pub(crate) struct Fields<'f, 'i> {
    file: &'f SourceFile,
    table: &'f DeTable<'i>,
    /// Span of the table itself, where "missing key" errors point.
    span: Range<usize>,
    /// "site.toml", "[accessibility]", "signatories[2]": prefixed to messages in nested tables.
    context: String,
    known: &'static [&'static str],
    pub errors: Vec<Diagnostic>,
}

impl<'f, 'i> Fields<'f, 'i> {
    pub(crate) fn new(file: &'f SourceFile, table: &'f Spanned<DeTable<'i>>, known: &'static [&'static str]) -> Self {
        // The top-level table spans the whole front matter: point missing
        // keys at the opening `+++` line instead (offset 0 of the file).
        Fields { file, table: table.get_ref(), span: 0..0, context: String::new(), known, errors: Vec::new() }
    }

    /// Sets the keys this table may have.
    pub(crate) fn with_known(mut self, known: &'static [&'static str]) -> Self {
        self.known = known;
        self
    }

    fn get(&self, key: &str) -> Option<&'f Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// The value of `key`, unless it is still a `"TODO: …"` placeholder
    /// from `remiss new`: that is reported instead (whatever type the key
    /// wants), so a half-filled skeleton can never reach the site.
    fn value(&mut self, key: &str) -> Option<&'f Spanned<DeValue<'i>>> {
        let v = self.get(key)?;
        if self.placeholder(key, v) { None } else { Some(v) }
    }

    /// Reports `v` if it is a placeholder string; true if it was.
    fn placeholder(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> bool {
        let DeValue::String(s) = v.get_ref() else { return false };
        let Some(what) = s.trim_start().strip_prefix(TODO) else { return false };
        let what = if what.trim().is_empty() { "the real value" } else { what.trim() };
        self.error(v.span(), format!("`{key}` still holds a placeholder from `remiss new`: replace it with {what}"));
        true
    }

    fn error(&mut self, span: Range<usize>, message: String) {
        let message = if self.context.is_empty() { message } else { format!("{}: {message}", self.context) };
        let d = if span.is_empty() && span.start == 0 && self.context.is_empty() {
            self.file.diag_at(0, crate::diagnostics::Severity::Error, message)
        } else {
            self.file.error_in_front(span.start, message)
        };
        self.errors.push(d);
    }

    /// An error pointing at the value of `key`.
    pub(crate) fn error_at(&mut self, key: &str, message: String) {
        let span = self.get(key).map_or(self.span.clone(), |v| v.span());
        self.error(span, message);
    }

    /// Span of a key's value (for callers that check references later).
    pub(crate) fn span_of(&self, key: &str) -> Option<Range<usize>> {
        self.get(key).map(|v| v.span())
    }

    fn missing(&mut self, key: &str, example: &str) {
        self.error(self.span.clone(), format!("missing required key `{key}`: add a line such as `{key} = {example}`"));
    }

    fn wrong_type(&mut self, key: &str, value: &Spanned<DeValue<'_>>, expected: &str, example: &str) {
        let found = value.get_ref().type_str();
        self.error(value.span(), format!("`{key}` must be {expected}, not a {found}: write e.g. `{key} = {example}`"));
    }

    /// An optional string.
    pub(crate) fn str(&mut self, key: &str) -> Option<String> {
        let v = self.value(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(key, v, "a string", "\"...\"");
                None
            }
        }
    }

    /// An optional link to put on a page: a string that passes [`crate::url::check`].
    pub(crate) fn url(&mut self, key: &str) -> Option<String> {
        let url = self.str(key)?;
        if let Err(refused) = crate::url::check(&url) {
            self.error_at(key, format!("`{key}`: {refused}"));
            return None;
        }
        Some(url)
    }

    /// A required, non-empty string.
    pub(crate) fn req_str(&mut self, key: &str) -> Option<String> {
        if self.get(key).is_none() {
            self.missing(key, "\"...\"");
            return None;
        }
        let s = self.str(key)?;
        if s.trim().is_empty() {
            self.error_at(key, format!("`{key}` must not be empty"));
            return None;
        }
        Some(s)
    }

    /// An optional id reference (a slug).
    pub(crate) fn id(&mut self, key: &str) -> Option<(String, Range<usize>)> {
        let span = self.span_of(key)?;
        let s = self.str(key)?;
        self.check_slug(key, &s, span.clone()).then_some((s, span))
    }

    fn check_slug(&mut self, key: &str, s: &str, span: Range<usize>) -> bool {
        if is_slug(s) {
            return true;
        }
        let suggestion = crate::model::slugify(s);
        self.error(
            span,
            format!(
                "`{key}` must be an id (lowercase a–z, 0–9 and single dashes), not `{s}`: did you mean `{suggestion}`?"
            ),
        );
        false
    }

    /// A required id reference.
    pub(crate) fn req_id(&mut self, key: &str) -> Option<(String, Range<usize>)> {
        if self.get(key).is_none() {
            self.missing(key, "\"some-id\"");
            return None;
        }
        self.id(key)
    }

    /// An id or a list of ids; a single string is accepted where the contract
    /// says "id, or list of ids".
    pub(crate) fn ids(&mut self, key: &str) -> Vec<(String, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::String(_) => self.id(key).into_iter().collect(),
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(_) if self.placeholder(key, item) => {}
                        DeValue::String(s) => {
                            if self.check_slug(key, s, item.span()) {
                                out.push((s.to_string(), item.span()));
                            }
                        }
                        _ => self.wrong_type(key, item, "a list of ids", "[\"id-one\", \"id-two\"]"),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(key, v, "an id or a list of ids", "[\"id-one\", \"id-two\"]");
                Vec::new()
            }
        }
    }

    /// An optional list of strings.
    pub(crate) fn str_list(&mut self, key: &str) -> Vec<String> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "a list of strings", "[\"...\", \"...\"]");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(_) if self.placeholder(key, item) => {}
                DeValue::String(s) => out.push(s.to_string()),
                _ => self.wrong_type(key, item, "a list of strings", "[\"...\", \"...\"]"),
            }
        }
        out
    }

    /// An optional TOML date (`2023-04-28`, unquoted).
    pub(crate) fn date(&mut self, key: &str) -> Option<Date> {
        let v = self.value(key)?;
        match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                let date = dt.date?;
                Date::parse(&date.to_string()).or_else(|| {
                    self.error(v.span(), format!("`{key}` is not a valid date"));
                    None
                })
            }
            DeValue::Datetime(_) => {
                self.error(v.span(), format!("`{key}` must be a date without a time: write e.g. `{key} = 2023-04-28`"));
                None
            }
            DeValue::String(s) if Date::parse(s).is_some() => {
                self.error(v.span(), format!("`{key}` must be a TOML date without quotes: write `{key} = {s}`"));
                None
            }
            _ => {
                self.wrong_type(key, v, "a date", "2023-04-28");
                None
            }
        }
    }

    /// A required TOML date.
    pub(crate) fn req_date(&mut self, key: &str) -> Option<Date> {
        if self.get(key).is_none() {
            self.missing(key, "2023-04-28");
            return None;
        }
        self.date(key)
    }

    /// An optional boolean.
    pub(crate) fn bool(&mut self, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            DeValue::String(s) if s == "true" || s == "false" => {
                self.error(v.span(), format!("`{key}` must be a boolean without quotes: write `{key} = {s}`"));
                None
            }
            _ => {
                self.wrong_type(key, v, "true or false", "true");
                None
            }
        }
    }

    /// An optional integer.
    pub(crate) fn int(&mut self, key: &str) -> Option<i64> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().or_else(|| {
                self.error(v.span(), format!("`{key}` is too large"));
                None
            }),
            _ => {
                self.wrong_type(key, v, "a whole number", "1");
                None
            }
        }
    }

    /// An optional value from a closed vocabulary, with a suggestion on a typo.
    pub(crate) fn term<T: Copy>(&mut self, key: &str, all: &[T], term: impl Fn(T) -> &'static str) -> Option<T> {
        let v = self.get(key)?;
        let s = self.str(key)?;
        if let Some(found) = all.iter().copied().find(|t| term(*t) == s) {
            return Some(found);
        }
        let terms: Vec<&str> = all.iter().map(|t| term(*t)).collect();
        let list = terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
        self.error(
            v.span(),
            format!("`{key}` cannot be \"{s}\"{}; allowed values: {list}", hint(&s, terms.iter().copied())),
        );
        None
    }

    /// A required vocabulary value.
    pub(crate) fn req_term<T: Copy>(&mut self, key: &str, all: &[T], term: impl Fn(T) -> &'static str) -> Option<T> {
        if self.get(key).is_none() {
            let example = format!("\"{}\"", term(all[0]));
            self.missing(key, &example);
            return None;
        }
        self.term(key, all, term)
    }

    /// A nested table (`[accessibility]`, `rapporteur = { ... }`).
    pub(crate) fn table(&mut self, key: &str, known: &'static [&'static str]) -> Option<Fields<'f, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(self.child(t, v.span(), key.to_string(), known)),
            _ => {
                self.wrong_type(key, v, "a table", "{ ... }");
                None
            }
        }
    }

    /// The entries of a table whose keys are free (ids), e.g. `[proposals]`:
    /// (key, key span, value).
    pub(crate) fn entries(&mut self, key: &str) -> Vec<(String, Range<usize>, &'f Spanned<DeValue<'i>>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::Table(t) => t.iter().map(|(k, v)| (k.get_ref().to_string(), k.span(), v)).collect(),
            _ => {
                self.wrong_type(key, v, "a table", "{ ... }");
                Vec::new()
            }
        }
    }

    /// A list of tables (`[[proposals]]` or `[{...}, {...}]`).
    pub(crate) fn tables(&mut self, key: &str, known: &'static [&'static str]) -> Vec<Fields<'f, 'i>> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "a list of tables", "[{ ... }]");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(self.child(t, item.span(), format!("{key}[{}]", i + 1), known)),
                _ => self.wrong_type(key, item, "a list of tables", "[{ ... }]"),
            }
        }
        out
    }

    /// Whether `key` is present at all.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn child(
        &self,
        table: &'f DeTable<'i>,
        span: Range<usize>,
        name: String,
        known: &'static [&'static str],
    ) -> Fields<'f, 'i> {
        let context = if self.context.is_empty() { name } else { format!("{}.{name}", self.context) };
        Fields { file: self.file, table, span, context, known, errors: Vec::new() }
    }

    /// Reports every key that is not in the known list, and returns all errors.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if !self.known.contains(&name) {
                let allowed = self.known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                let message = format!(
                    "unknown key `{name}`{}; allowed keys here: {allowed}",
                    hint(name, self.known.iter().copied())
                );
                self.error(key.span(), message);
            }
        }
        self.errors
    }

    /// Merges a child's errors into this table's.
    pub(crate) fn absorb(&mut self, child: Fields<'_, '_>) {
        self.errors.extend(child.finish());
    }

    pub(crate) fn file(&self) -> &'f SourceFile {
        self.file
    }
}
