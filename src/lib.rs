//! remiss turns a folder of referral cases into a static site.
//!
//! The pipeline runs one way: [`content`] walks `content/` and splits each file
//! into spanned TOML front matter and Markdown; [`validate`] turns that into the
//! typed, linked [`model::Site`] while collecting every problem as a
//! [`diagnostics::Diagnostic`]; [`render`] (pages, through the theme),
//! [`feeds`], [`data`] and [`search`] turn the site into output files; [`output`] minifies
//! them and swaps them into place atomically.

pub mod build;
pub(crate) mod config;
pub(crate) mod content;
pub(crate) mod data;
pub mod diagnostics;
pub(crate) mod feeds;
pub mod import;
pub mod incremental;
pub mod markdown;
pub mod model;
pub mod output;
pub(crate) mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
#[cfg(test)]
mod test_site;
pub(crate) mod theme;
pub mod url;
pub(crate) mod validate;
