//! The folder layout of `content/`: the one place that knows where each
//! kind of file lives. `classify` reads a path as the entity it holds;
//! the other functions write the path of an entity. `remiss build`,
//! `remiss new` and `remiss import` all go through here.

use super::FileKind;

/// The settings of the site.
pub(crate) const SITE: &str = "site.toml";
/// One file per body: `organ/<id>.md`.
pub(crate) const BODIES: &str = "organ";
/// One file per party: `partier/<id>.md`.
pub(crate) const PARTIES: &str = "partier";
/// One file per document (an SOU, a Ds, …): `dokument/<id>.md`.
pub(crate) const DOCUMENTS: &str = "dokument";
/// One folder per case: `remisser/<id>/index.md`, its responses, its
/// statements and its attachments.
pub(crate) const CASES: &str = "remisser";
/// In a case's folder: one file per body's answer.
pub(crate) const RESPONSES: &str = "svar";
/// In a case's folder: one file per statement.
pub(crate) const STATEMENTS: &str = "uttalanden";

/// The layout in a sentence, for the error on a file that has no place in it.
pub(crate) const EXPECTED: &str = "site.toml, organ/<id>.md, partier/<id>.md, dokument/<id>.md, remisser/<case>/index.md, remisser/<case>/svar/<body>.md, remisser/<case>/uttalanden/<id>.md or an attachment inside a case folder";

pub(crate) fn body(id: &str) -> String {
    format!("{BODIES}/{id}.md")
}

pub(crate) fn party(id: &str) -> String {
    format!("{PARTIES}/{id}.md")
}

pub(crate) fn document(id: &str) -> String {
    format!("{DOCUMENTS}/{id}.md")
}

/// The folder of a case, which holds everything of it.
pub(crate) fn case_dir(case: &str) -> String {
    format!("{CASES}/{case}")
}

pub(crate) fn case(case: &str) -> String {
    format!("{CASES}/{case}/index.md")
}

pub(crate) fn response(case: &str, body: &str) -> String {
    format!("{CASES}/{case}/{RESPONSES}/{body}.md")
}

pub(crate) fn statement(case: &str, id: &str) -> String {
    format!("{CASES}/{case}/{STATEMENTS}/{id}.md")
}

/// What a content-relative path holds, and the entity's id, or `None` if
/// nothing belongs there.
pub(crate) fn classify(rel: &str) -> Option<(FileKind, String)> {
    let parts: Vec<&str> = rel.split('/').collect();
    let md_stem = |name: &str| name.strip_suffix(".md").map(str::to_string);
    match parts.as_slice() {
        [SITE] => Some((FileKind::Site, String::new())),
        [BODIES, f] => Some((FileKind::Body, md_stem(f)?)),
        [PARTIES, f] => Some((FileKind::Party, md_stem(f)?)),
        [DOCUMENTS, f] => Some((FileKind::Document, md_stem(f)?)),
        [CASES, case, "index.md"] => Some((FileKind::Case { case: case.to_string() }, case.to_string())),
        [CASES, case, RESPONSES, f] if f.ends_with(".md") => {
            Some((FileKind::Response { case: case.to_string() }, md_stem(f)?))
        }
        [CASES, case, STATEMENTS, f] if f.ends_with(".md") => {
            Some((FileKind::Statement { case: case.to_string() }, md_stem(f)?))
        }
        [CASES, case, rest @ ..] if !rest.is_empty() && !rest.last()?.ends_with(".md") => {
            let stem = rest.last()?.split('.').next().unwrap_or("").to_string();
            Some((FileKind::Attachment { case: case.to_string() }, stem))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_layout() {
        assert_eq!(classify("organ/x.md"), Some((FileKind::Body, "x".into())));
        assert_eq!(classify("organ/x.txt"), None);
        assert_eq!(classify("remisser/c/svar/b.md"), Some((FileKind::Response { case: "c".into() }, "b".into())));
        assert_eq!(classify("remisser/c/svar/b.pdf"), Some((FileKind::Attachment { case: "c".into() }, "b".into())));
        assert_eq!(classify("remisser/c/other.md"), None);
        assert_eq!(classify("foo.md"), None);
    }

    /// Every path written here is read back as the entity it was written for.
    #[test]
    fn every_path_written_is_read_back_as_its_entity() {
        let case = || "ks-2024-1".to_string();
        let written = [
            (SITE.to_string(), FileKind::Site, ""),
            (body("socialnamnden"), FileKind::Body, "socialnamnden"),
            (party("s"), FileKind::Party, "s"),
            (document("sou-2022-67"), FileKind::Document, "sou-2022-67"),
            (super::case("ks-2024-1"), FileKind::Case { case: case() }, "ks-2024-1"),
            (response("ks-2024-1", "socialnamnden"), FileKind::Response { case: case() }, "socialnamnden"),
            (statement("ks-2024-1", "s-1"), FileKind::Statement { case: case() }, "s-1"),
            (format!("{}/bilaga.pdf", case_dir("ks-2024-1")), FileKind::Attachment { case: case() }, "bilaga"),
        ];
        for (path, kind, id) in written {
            assert_eq!(classify(&path), Some((kind, id.to_string())), "{path}");
        }
    }
}
