//! The documentation of every dataset and field: what the `/data/` page
//! shows and the Data Package's Table Schemas are built from.

use crate::model::paths;
use serde::Serialize;

/// Documentation of one dataset: its files and every field in them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DatasetDoc {
    pub name: &'static str,
    /// Site-relative path of the JSON file, e.g. `data/cases.json`.
    pub json: String,
    /// Site-relative path of the CSV file, e.g. `data/cases.csv`.
    pub csv: String,
    pub description: &'static str,
    /// In the order of the CSV columns and the JSON keys.
    pub fields: Vec<FieldDoc>,
}

/// Documentation of one field (JSON key, and CSV column unless it is a full
/// text).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FieldDoc {
    pub name: &'static str,
    /// The kind of value, in Swedish: "text", "id", "datum", "lista av id", ...
    pub kind: &'static str,
    pub description: &'static str,
    /// Whether the CSV file has this column. Full texts (Markdown) are written
    /// once, in the JSON file: in CSV they doubled the size of the open data
    /// (issue 18), and a spreadsheet cell holds at most 32,767 characters
    /// anyway. Each CSV row keeps its `url`, where the text is.
    pub in_csv: bool,
}

pub(super) const ID: &str = "id";
pub(super) const IDS: &str = "lista av id";
pub(super) const TEXT: &str = "text";
pub(super) const TEXTS: &str = "lista av text";
pub(super) const URL: &str = "url";
pub(super) const URLS: &str = "lista av url";
pub(super) const DATE: &str = "datum";
pub(super) const TERM: &str = "term";
pub(super) const BOOL: &str = "sant/falskt";
pub(super) const INT: &str = "heltal";
pub(super) const MARKDOWN: &str = "Markdown";

pub(super) fn field(name: &'static str, kind: &'static str, description: &'static str) -> FieldDoc {
    FieldDoc { name, kind, description, in_csv: kind != MARKDOWN }
}

pub(super) fn dataset(name: &'static str, description: &'static str, fields: Vec<FieldDoc>) -> DatasetDoc {
    DatasetDoc {
        name,
        json: format!("{}{name}.json", paths::DATA),
        csv: format!("{}{name}.csv", paths::DATA),
        description,
        fields,
    }
}
