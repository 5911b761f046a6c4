//! Content text as the model holds it: shared with the loaded file, and
//! Markdown with the folder its relative links start from.

/// Text that shares the buffer of the file it was read from: the Markdown
/// body of a content file is a range of the file's text, not a copy, so a
/// national-size corpus is held in memory once.
#[derive(Clone)]
pub struct SharedText {
    all: std::sync::Arc<str>,
    range: std::ops::Range<usize>,
}

impl SharedText {
    /// `range` of `all`; it must lie on character boundaries.
    pub fn slice(all: &std::sync::Arc<str>, range: std::ops::Range<usize>) -> SharedText {
        debug_assert!(all.get(range.clone()).is_some());
        SharedText { all: all.clone(), range }
    }

    pub fn as_str(&self) -> &str {
        &self.all[self.range.clone()]
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Default for SharedText {
    fn default() -> SharedText {
        SharedText::from("")
    }
}

impl From<String> for SharedText {
    fn from(s: String) -> SharedText {
        let range = 0..s.len();
        SharedText { all: s.into(), range }
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> SharedText {
        SharedText { all: s.into(), range: 0..s.len() }
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        (std::sync::Arc::ptr_eq(&self.all, &other.all) && self.range == other.range) || self.as_str() == other.as_str()
    }
}

/// Markdown source together with where it came from, so that relative links
/// in it can be resolved against the content folder when rendering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markdown {
    pub source: SharedText,
    /// Content-relative folder of the file the text was written in, `/`-separated.
    pub dir: String,
}

impl Markdown {
    pub fn is_empty(&self) -> bool {
        self.source.trim().is_empty()
    }
}
