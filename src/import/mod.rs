//! `remiss import`: from the text of a city decision's minutes to a draft
//! case bundle.
//!
//! Four stages, one way: [`text`] reads the file (a PDF through
//! `pdftotext`) and rejoins its lines into paragraphs; [`parse`] reads the
//! minutes' layout into names and texts as written (or [`paragraph`], for
//! minutes written § by § with motions and votes); [`place`] (or
//! [`place_paragraph`]) matches names to the content's bodies and parties
//! and proposes stances; [`write`] turns the draft into content files
//! without overwriting any. The clerk then
//! reviews the files (every guess carries a `# review:` comment), runs
//! `remiss check --drafts`, and removes `draft = true`.

pub(crate) mod names;
pub mod paragraph;
pub(crate) mod parse;
pub(crate) mod place;
pub(crate) mod place_paragraph;
pub(crate) mod stance;
pub mod text;
pub mod write;

use crate::content::layout;
use std::fmt;
use std::path::{Path, PathBuf};

/// What an import did and what the clerk must look at.
#[derive(Debug, Clone)]
pub struct Report {
    pub written: Vec<PathBuf>,
    /// `--dry-run`: the files were listed, not written.
    pub dry_run: bool,
    /// How many guessed values carry a `# review:` comment in the files.
    pub review_marks: usize,
    /// Things placed by a guess, or not found.
    pub notes: Vec<String>,
    /// Source lines the importer could not place anywhere, with the reason.
    pub unplaced: Vec<parse::Unplaced>,
    pub source: PathBuf,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run { "would write" } else { "wrote" };
        for p in &self.written {
            writeln!(f, "{verb} {}", p.display())?;
        }
        if self.review_marks > 0 {
            writeln!(
                f,
                "review: {} guessed values (stances, dates, proposed parties, bodies and documents) are marked `# review:` in the files",
                self.review_marks
            )?;
        }
        for n in &self.notes {
            writeln!(f, "review: {n}")?;
        }
        for (line, text, why) in &self.unplaced {
            let short: String = text.chars().take(100).collect();
            let more = if text.chars().count() > 100 { "…" } else { "" };
            writeln!(f, "not placed: {}:{line}: {why}: \"{short}{more}\"", self.source.display())?;
        }
        if self.dry_run {
            return write!(f, "nothing was written (--dry-run)");
        }
        write!(
            f,
            "the case is a draft (`draft = true`): review the files, then run `remiss check --drafts`{}",
            if self.unplaced.is_empty() { "" } else { "; add the text that was not placed by hand" }
        )
    }
}

/// Reads and places the minutes, without writing anything. Minutes written
/// paragraph by paragraph ("§ 261 …") are read by [`paragraph`]; the
/// others by [`parse`], which knows the layout of a city's full decision.
pub fn draft(text: &str, case: &str, content: &Path) -> (place::Draft, Vec<parse::Unplaced>) {
    let lines = text::clean(text);
    if paragraph::is_paragraph(&lines) {
        let read = paragraph::parse(text);
        let dir = names::Directory::load(content);
        return (place_paragraph::place(&read, case, &dir), read.unplaced);
    }
    let blocks = text::blocks(&lines);
    let minutes = parse::parse(&blocks);
    let dir = names::Directory::load(content);
    (place::place(&minutes, case, &dir), minutes.unplaced)
}

/// Imports `source` as case `case` into the content folder; with `dry_run`,
/// reports what it would write and writes nothing.
pub fn import(source: &Path, case: &str, content: &Path, dry_run: bool) -> Result<Report, String> {
    if !crate::model::is_slug(case) {
        return Err(format!(
            "`{case}` is not a valid case id: use lowercase letters, digits and single hyphens, e.g. `{}`",
            crate::model::slugify(case)
        ));
    }
    if !content.is_dir() {
        return Err(format!(
            "there is no content folder at {}: run this in the folder that holds `content/`, or pass --content DIR",
            content.display()
        ));
    }
    let text = text::read(source)?;
    let (draft, unplaced) = draft(&text, case, content);
    let files = write::files(&draft);
    let review_marks = files.iter().map(|(_, text)| text.matches("# review:").count()).sum();
    let written = if dry_run {
        write::check_free(content, &files, &layout::case_dir(case))?;
        files.iter().map(|(rel, _)| content.join(rel)).collect()
    } else {
        write::write(content, &files, &layout::case_dir(case))?
    };
    Ok(Report { written, dry_run, review_marks, notes: draft.notes, unplaced, source: source.to_path_buf() })
}
