//! Problems found in content, reported to people as `path:line:column: message`,
//! and, for CI and editors, as GitHub Actions annotations or JSON.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one place. Lines and columns are 1-based and counted in
/// the whole file (not from the start of the front matter), columns in
/// characters, so editors jump straight to the spot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path as the user gave it (e.g. `content/organ/x.md`).
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    /// An error about a whole file or folder (it cannot be read, it is
    /// missing), pointing at its first line.
    pub fn about_file(path: impl fmt::Display, message: impl Into<String>) -> Diagnostic {
        Diagnostic { path: path.to_string(), line: 1, column: 1, severity: Severity::Error, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.path, self.line, self.column, self.severity.label(), self.message)
    }
}

/// Collects diagnostics for the whole run, so every problem is reported at once.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Sorted by file and position, so output is stable and easy to follow.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

/// How `check` reports: to a person in a terminal, to GitHub Actions (which
/// turns workflow commands into annotations on the changed lines of a pull
/// request), or to a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// `path:line:column: error: message` on standard error, then a summary.
    #[default]
    Human,
    /// One JSON document on standard output.
    Json,
    /// `::error file=…,line=…,col=…::message` workflow commands on standard output.
    Github,
}

/// Text to print, already split by stream, so the caller only prints it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub stdout: String,
    pub stderr: String,
}

/// (errors, warnings).
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    (errors, diags.len() - errors)
}

/// "2 error(s), 1 warning(s)".
pub fn summary(diags: &[Diagnostic]) -> String {
    let (errors, warnings) = counts(diags);
    format!("{errors} error(s), {warnings} warning(s)")
}

/// Whether the run fails: on any error, and with `strict` on any warning too,
/// so CI can hold content to a higher bar than a local build.
pub fn fails(diags: &[Diagnostic], strict: bool) -> bool {
    let (errors, warnings) = counts(diags);
    errors > 0 || (strict && warnings > 0)
}

/// The JSON shape of `check --format json`; field order is the output order.
#[derive(Serialize)]
struct JsonReport<'a> {
    ok: bool,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    severity: &'static str,
    message: &'a str,
}

/// Renders `diags` (already sorted) in `format`. `summary_line` closes the
/// human and GitHub output; `ok` is the verdict the JSON reports.
pub fn render(diags: &[Diagnostic], format: Format, summary_line: &str, ok: bool) -> Rendered {
    let mut out = Rendered::default();
    match format {
        Format::Human => {
            for d in diags {
                out.stderr.push_str(&format!("{d}\n"));
            }
            out.stderr.push_str(summary_line);
            out.stderr.push('\n');
        }
        Format::Github => {
            for d in diags {
                out.stdout.push_str(&github_command(d));
                out.stdout.push('\n');
            }
            out.stdout.push_str(summary_line);
            out.stdout.push('\n');
        }
        Format::Json => {
            let (errors, warnings) = counts(diags);
            let report = JsonReport {
                ok,
                errors,
                warnings,
                diagnostics: diags
                    .iter()
                    .map(|d| JsonDiagnostic {
                        path: &d.path,
                        line: d.line,
                        column: d.column,
                        severity: d.severity.label(),
                        message: &d.message,
                    })
                    .collect(),
            };
            // Serialising plain strings and numbers cannot fail.
            out.stdout = serde_json::to_string_pretty(&report).unwrap_or_default();
            out.stdout.push('\n');
        }
    }
    out
}

/// One GitHub Actions workflow command, escaped as the runner expects:
/// `%`, CR and LF everywhere, and also `:` and `,` inside property values.
pub fn github_command(d: &Diagnostic) -> String {
    format!(
        "::{} file={},line={},col={},title=remiss::{}",
        d.severity.label(),
        escape_property(&d.path),
        d.line,
        d.column,
        escape_data(&d.message)
    )
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Maps byte offsets in a file's text to 1-based line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// The known value closest to `wrong`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for k in known {
        let score = strsim::normalized_damerau_levenshtein(&wrong.to_lowercase(), &k.to_lowercase());
        let prefix = k.starts_with(wrong) || wrong.starts_with(k);
        let score = if prefix { score.max(0.8) } else { score };
        if score >= 0.5 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, k));
        }
    }
    best.map(|(_, k)| k)
}

/// " (did you mean `x`?)" or "".
pub fn hint<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(wrong, known).map_or_else(String::new, |k| format!(" (did you mean `{k}`?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "ab\nåäö x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x), (2, 5));
    }

    fn diag(path: &str, severity: Severity, message: &str) -> Diagnostic {
        Diagnostic { path: path.into(), line: 3, column: 8, severity, message: message.into() }
    }

    #[test]
    fn github_commands_are_escaped() {
        let d = diag("content/a,b:c.md", Severity::Error, "100% wrong: `x`,\nsecond line\r");
        assert_eq!(
            github_command(&d),
            "::error file=content/a%2Cb%3Ac.md,line=3,col=8,title=remiss::100%25 wrong: `x`,%0Asecond line%0D"
        );
        let w = diag("p.md", Severity::Warning, "w");
        assert_eq!(github_command(&w), "::warning file=p.md,line=3,col=8,title=remiss::w");
    }

    #[test]
    fn json_report_counts_and_keeps_order() {
        let diags = [diag("a.md", Severity::Error, "e"), diag("b.md", Severity::Warning, "w")];
        let r = render(&diags, Format::Json, "ignored", false);
        assert!(r.stderr.is_empty());
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["errors"], 1);
        assert_eq!(v["warnings"], 1);
        assert_eq!(v["diagnostics"][0]["path"], "a.md");
        assert_eq!(v["diagnostics"][1]["severity"], "warning");
        assert!(r.stdout.find("\"ok\"").unwrap() < r.stdout.find("\"diagnostics\"").unwrap());
    }

    #[test]
    fn strict_fails_on_warnings() {
        let w = [diag("a.md", Severity::Warning, "w")];
        assert!(!fails(&w, false));
        assert!(fails(&w, true));
        assert!(fails(&[diag("a.md", Severity::Error, "e")], false));
        assert!(!fails(&[], true));
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("socialnamden", ["socialnamnden", "stadsledningskontoret"]), Some("socialnamnden"));
        assert_eq!(did_you_mean("qqq", ["socialnamnden"]), None);
    }
}
