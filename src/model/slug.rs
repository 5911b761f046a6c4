//! Slugs: the ids of content files and the path segments of person pages.

/// Folds a name to an ASCII slug: å→a, ä→a, ö→o, é→e, and every other
/// letter to its base letter, runs of anything else to one `-`.
pub fn slugify(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in name.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if !c.is_alphanumeric() || !c.is_ascii() {
            dash = true;
        }
    }
    out
}

/// Whether `s` is a valid id: `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}
