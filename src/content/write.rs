//! Writes the content format, for `remiss new` and `remiss import`: TOML
//! values escaped by the `toml` crate, so a title with quotes, backslashes
//! or pasted control characters is read back as it was written, and files
//! in the `+++` front matter shape the loader splits.

use std::fmt::Write as _;

/// A TOML string.
pub(crate) fn string(v: &str) -> String {
    toml::Value::String(v.to_string()).to_string()
}

/// A list of short strings on one line: `["a", "b"]`.
pub(crate) fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| string(i)).collect::<Vec<_>>().join(", "))
}

/// A list of long strings, one per line.
pub(crate) fn long_list(items: &[String]) -> String {
    let mut out = String::from("[\n");
    for i in items {
        let _ = writeln!(out, "  {},", string(i));
    }
    out.push(']');
    out
}

/// A placeholder that `remiss check` reports until it is replaced:
/// `"TODO: the case's title"`.
pub(crate) fn todo(what: &str) -> String {
    string(&format!("{} {what}", super::fields::TODO))
}

/// A content file: the front matter between `+++` lines, then the Markdown.
pub(crate) fn file(front: &str, body: &str) -> String {
    let body = body.trim();
    if body.is_empty() { format!("+++\n{front}+++\n") } else { format!("+++\n{front}+++\n\n{body}\n") }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever a clerk types or pastes is read back as it was.
    #[test]
    fn values_are_read_back_as_written() {
        let hostile =
            ["a \"b\" \\ c\n", "it's 'quoted'", "'''", "\"\"\"", "tab\there", "nul\u{0}bell\u{7}", "å ä ö – ”citat”"];
        for v in hostile {
            let front =
                format!("title = {}\nids = {}\nlong = {}\n", string(v), list(&[v.into()]), long_list(&[v.into()]));
            let text = file(&front, "Text.");
            let (range, _) = super::super::split_front_matter(&text).unwrap();
            let table: toml::Table = text[range].parse().unwrap_or_else(|e| panic!("{v:?}: {e}\n{text}"));
            assert_eq!(table["title"].as_str(), Some(v));
            assert_eq!(table["ids"][0].as_str(), Some(v));
            assert_eq!(table["long"][0].as_str(), Some(v));
        }
    }

    #[test]
    fn an_empty_body_leaves_no_blank_lines() {
        assert_eq!(file("a = 1\n", " \n"), "+++\na = 1\n+++\n");
        assert_eq!(file("a = 1\n", "Text"), "+++\na = 1\n+++\n\nText\n");
    }
}
