//! Open data: every entity as JSON and CSV under `data/`, the catalogue of
//! those files as a Frictionless Data Package (`data/datapackage.json`), and
//! [`schema`], the documentation of each field that the `/data/` page and the
//! package's Table Schemas are built from.
//!
//! Each dataset is one record struct, defined with `record!` in `records.rs`: serde writes
//! it as JSON, keeping the struct's field order, and the same field list
//! gives its CSV row, one [`Cell`] per field. [`csv`] checks that the fields
//! are the ones [`schema`] documents, in its order, so the JSON, the CSV and
//! the documentation cannot silently drift apart.
//!
//! The files are large (at 10,000 cases `data/responses.json` alone is
//! ~240 MB), so [`render`] builds the datasets in parallel, serialises straight
//! from the record structs, and hands each file to the output as soon as it is
//! done.
//!
//! Conventions, chosen for people opening the files in a spreadsheet as much
//! as for programs: dates are `YYYY-MM-DD` (JSON `null` / empty cell when
//! absent), vocabulary values are the Swedish terms staff write, every record
//! carries its absolute `url` and the ids of what it refers to, and Markdown
//! is given as its source. In CSV, lists are joined with `"; "` and an embedded
//! record (a statement's signatories) is shown by its `name`; the full
//! signatory rows are in `signatories.csv`.

use std::fmt::Write as _;
use std::io;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Attachment, Case, Date, Response, Signatory, Site, Statement, paths};
use crate::output::{Emit, StageError};
use crate::theme::Theme;

mod from_site;
mod records;
mod schema;

use from_site::*;
use records::*;
use schema::*;
pub(crate) use schema::{DatasetDoc, FieldDoc};

/// Writes every dataset as JSON and CSV, handing each file to `emit` as soon
/// as it is done, and then `data/datapackage.json`, which lists them all.
///
/// At 10,000 cases the dataset files are ~780 MB together, so the datasets
/// are built in parallel and each is freed as soon as its two files are
/// emitted; only their lengths are kept, for the package.
pub(crate) fn write(site: &Site, _theme: &Theme, emit: &dyn Emit) -> Result<(), StageError> {
    Ok(render_in_parts(site, emit, PART_BYTES)?)
}

/// [`render`], cutting files into parts of at most `limit` bytes.
fn render_in_parts(site: &Site, emit: &dyn Emit, limit: usize) -> io::Result<()> {
    let out = Out { emit, limit };
    let sizes = DATASETS.par_iter().map(|d| (d.write)(site, &out)).collect::<io::Result<Vec<_>>>()?;
    let docs = schema();
    emit.put(paths::DATA_PACKAGE.to_string(), json(&package(site, &docs, &sizes)))
}

/// The most bytes in one dataset file. A larger dataset is written in
/// parts, `responses.json`, `responses-2.json`, …, each a whole JSON array or
/// CSV file with its header: Cloudflare Pages takes no file over 25 MiB, and
/// at 5,000 cases the responses alone are 120 MB. 20 MiB keeps a margin.
pub(crate) const PART_BYTES: usize = 20 << 20;

/// The site path of part `n` (from 1) of a dataset file: the first part is
/// the file's own path, so a dataset that fits in one file keeps its name.
pub(crate) fn part_path(first: &str, n: usize) -> String {
    match (n, first.rsplit_once('.')) {
        (1, _) | (_, None) => first.to_string(),
        (n, Some((stem, ext))) => format!("{stem}-{n}.{ext}"),
    }
}

/// The files of a dataset, each as (site path, length in bytes), in order.
#[derive(Debug, Clone, Default)]
struct Sizes {
    json: Vec<(String, usize)>,
    csv: Vec<(String, usize)>,
}

/// A dataset: its documentation, and how the site's records of it are
/// written.
struct Dataset {
    doc: fn() -> DatasetDoc,
    write: fn(&Site, &Out) -> io::Result<Sizes>,
}

/// Every dataset, in the order the files are listed on the `/data/` page and
/// in `data/datapackage.json` ([`paths::DATA_PACKAGE`]).
const DATASETS: [Dataset; 13] = [
    Dataset {
        doc: CaseRecord::doc,
        write: |site, out| files(out, &site.cases.values().map(|c| case_record(site, c)).collect::<Vec<_>>()),
    },
    Dataset { doc: ResponseRecord::doc, write: |site, out| files(out, &response_records(site)) },
    Dataset { doc: StatementRecord::doc, write: |site, out| files(out, &statement_records(site)) },
    Dataset { doc: SignatoryRecord::doc, write: |site, out| files(out, &all_signatory_records(site)) },
    Dataset { doc: MotionRecord::doc, write: |site, out| files(out, &motion_records(site)) },
    Dataset { doc: VoteRecord::doc, write: |site, out| files(out, &vote_records(site)) },
    Dataset { doc: BallotRecord::doc, write: |site, out| files(out, &ballot_records(site)) },
    Dataset { doc: ProposalStanceRecord::doc, write: |site, out| files(out, &proposal_stance_records(site)) },
    Dataset { doc: BodyRecord::doc, write: |site, out| files(out, &body_records(site)) },
    Dataset { doc: PartyRecord::doc, write: |site, out| files(out, &party_records(site)) },
    Dataset { doc: PersonRecord::doc, write: |site, out| files(out, &person_records(site)) },
    Dataset { doc: DocumentRecord::doc, write: |site, out| files(out, &document_records(site)) },
    Dataset { doc: ProposalRecord::doc, write: |site, out| files(out, &proposal_records(site)) },
];

/// Every dataset and its fields, in Swedish, in the order of [`DATASETS`].
pub(crate) fn schema() -> Vec<DatasetDoc> {
    DATASETS.iter().map(|d| (d.doc)()).collect()
}

/// Writes a dataset's JSON and CSV files side by side and emits them.
fn files<T: Record + Sync>(emit: &Out, records: &[T]) -> io::Result<Sizes> {
    let doc = T::doc();
    let (json, csv) = rayon::join(|| json_parts(emit, &doc, records), || csv_parts(emit, &doc, records));
    Ok(Sizes { json: json?, csv: csv? })
}

/// Where dataset files go, and the most bytes in one.
#[derive(Clone, Copy)]
struct Out<'a> {
    emit: &'a dyn Emit,
    limit: usize,
}

/// Cuts a file into parts of at most `limit` bytes (a single item may
/// exceed it) at item boundaries, each part made of `head`, the items joined
/// by `separator`, and `tail`; emits each part as it is full.
struct Parts<'a> {
    out: Out<'a>,
    first: &'a str,
    head: Vec<u8>,
    separator: &'static [u8],
    tail: &'static [u8],
    part: Vec<u8>,
    items: usize,
    done: Vec<(String, usize)>,
}

impl<'a> Parts<'a> {
    fn new(out: Out<'a>, first: &'a str, head: Vec<u8>, separator: &'static [u8], tail: &'static [u8]) -> Self {
        Parts { out, first, part: head.clone(), head, separator, tail, items: 0, done: Vec::new() }
    }

    fn push(&mut self, item: &[u8]) -> io::Result<()> {
        if self.items > 0 && self.part.len() + self.separator.len() + item.len() + self.tail.len() > self.out.limit {
            self.flush()?;
        }
        if self.items > 0 {
            self.part.extend_from_slice(self.separator);
        }
        self.part.extend_from_slice(item);
        self.items += 1;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut part = std::mem::replace(&mut self.part, self.head.clone());
        part.extend_from_slice(self.tail);
        let path = part_path(self.first, self.done.len() + 1);
        self.done.push((path.clone(), part.len()));
        self.items = 0;
        self.out.emit.put(path, part)
    }

    /// Emits the last part (an empty dataset still gets its one file).
    fn finish(mut self) -> io::Result<Vec<(String, usize)>> {
        if self.items > 0 || self.done.is_empty() {
            self.flush()?;
        }
        Ok(self.done)
    }
}

/// The dataset as compact JSON arrays with a final newline, in parts.
/// Serialising from structs keeps keys in field order.
fn json_parts<T: Serialize>(out: &Out, doc: &DatasetDoc, records: &[T]) -> io::Result<Vec<(String, usize)>> {
    let mut parts = Parts::new(*out, &doc.json, b"[".to_vec(), b",", b"]\n");
    let mut item = Vec::new();
    for record in records {
        item.clear();
        serde_json::to_writer(&mut item, record)?;
        parts.push(&item)?;
    }
    parts.finish()
}

/// The dataset as CSV in parts, each with a header row of the documented
/// field names that are [`FieldDoc::in_csv`], RFC 4180 quoting and CRLF line
/// ends. Each row's cells are buffers reused from row to row.
fn csv_parts<T: Record>(out: &Out, doc: &DatasetDoc, records: &[T]) -> io::Result<Vec<(String, usize)>> {
    let wanted: Vec<bool> = doc.fields.iter().map(|f| f.in_csv).collect();
    let row = |cells: &mut dyn Iterator<Item = &str>| -> io::Result<Vec<u8>> {
        let mut w =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).buffer_capacity(1024).from_writer(Vec::new());
        w.write_record(cells)?;
        w.into_inner().map_err(|e| e.into_error())
    };
    let header = row(&mut doc.fields.iter().filter(|f| f.in_csv).map(|f| f.name))?;
    let mut parts = Parts::new(*out, &doc.csv, header, b"", b"");
    let mut cells = vec![String::new(); doc.fields.len()];
    for record in records {
        cells.iter_mut().for_each(String::clear);
        record.cells(&wanted, &mut cells);
        parts.push(&row(&mut cells.iter().zip(&wanted).filter(|(_, w)| **w).map(|(c, _)| c.as_str()))?)?;
    }
    parts.finish()
}

/// `data/datapackage.json`: a [Frictionless Data Package] (v1) that lists
/// every dataset file as a resource, so that tools can find, download and
/// type-check the data without reading the `/data/` page. Paths are relative
/// to `data/`, so the package works wherever the site is published.
///
/// Every CSV file is a Tabular Data Resource whose Table Schema is built from
/// [`schema`]. The JSON files hold the same fields (lists as arrays, absent
/// values as `null`, a statement's signatories as objects) and are listed
/// without a schema, since a v1 tabular resource on a path must be CSV.
///
/// Everything in it follows from the site, so it is the same bytes on every
/// build: no build date, and no licence unless the site states one (which
/// `site.toml` has no key for yet).
///
/// [Frictionless Data Package]: https://specs.frictionlessdata.io/data-package/
#[derive(Serialize)]
struct Package<'a> {
    name: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    homepage: &'a str,
    contributors: [Contributor<'a>; 1],
    resources: Vec<Resource>,
}

#[derive(Serialize)]
struct Contributor<'a> {
    title: &'a str,
    role: &'static str,
}

#[derive(Serialize)]
struct Resource {
    name: String,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'static str>,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<TableSchema>,
}

#[derive(Serialize, Clone)]
struct TableSchema {
    fields: Vec<TableField>,
}

#[derive(Serialize, Clone)]
struct TableField {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    description: String,
}

/// The Table Schema type and format of a CSV column of the given kind. Lists
/// are strings in CSV (values joined with `"; "`), not the JSON arrays that
/// Table Schema's `array` type would expect.
fn table_type(kind: &str) -> (&'static str, Option<&'static str>) {
    match kind {
        DATE => ("date", None),
        BOOL => ("boolean", None),
        INT => ("integer", None),
        URL => ("string", Some("uri")),
        _ => ("string", None),
    }
}

/// Whether a field of this kind holds a list, joined with `"; "` in CSV.
fn is_list(kind: &str) -> bool {
    kind.starts_with("lista")
}

fn package<'a>(site: &'a Site, docs: &'a [DatasetDoc], sizes: &[Sizes]) -> Package<'a> {
    let config = &site.config;
    let relative = |path: &str| path.strip_prefix(paths::DATA).expect("dataset files are under data/").to_string();
    // A dataset in parts is a resource per part, each complete on its own.
    let name = |base: String, n: usize| if n == 1 { base } else { format!("{base}-{n}") };
    let part_of = |text: String, n: usize, of: usize| {
        if of == 1 { text } else { format!("{text} Del {n} av {of}; delarna har samma fält.") }
    };
    let mut resources = Vec::with_capacity(2 * docs.len());
    for (doc, size) in docs.iter().zip(sizes) {
        for (i, (path, bytes)) in size.json.iter().enumerate() {
            resources.push(Resource {
                name: name(format!("{}-json", doc.name), i + 1),
                path: relative(path),
                profile: None,
                format: "json",
                mediatype: "application/json",
                encoding: "utf-8",
                bytes: *bytes,
                description: part_of(json_description(doc), i + 1, size.json.len()),
                schema: None,
            });
        }
        let fields: Vec<TableField> = doc
            .fields
            .iter()
            .filter(|f| f.in_csv)
            .map(|f| {
                let (kind, format) = table_type(f.kind);
                let description = if is_list(f.kind) {
                    format!("{} Värdena åtskiljs med \"; \".", f.description)
                } else {
                    f.description.to_string()
                };
                TableField { name: f.name, kind, format, description }
            })
            .collect();
        for (i, (path, bytes)) in size.csv.iter().enumerate() {
            resources.push(Resource {
                name: name(format!("{}-csv", doc.name), i + 1),
                path: relative(path),
                profile: Some("tabular-data-resource"),
                format: "csv",
                mediatype: "text/csv",
                encoding: "utf-8",
                bytes: *bytes,
                description: part_of(doc.description.to_string(), i + 1, size.csv.len()),
                schema: Some(TableSchema { fields: fields.clone() }),
            });
        }
    }
    let name = crate::model::slugify(&config.title);
    Package {
        name: if name.is_empty() { "remissvar".to_string() } else { name },
        title: &config.title,
        description: config.description.as_deref(),
        homepage: &config.base_url,
        contributors: [Contributor { title: &config.organisation, role: "publisher" }],
        resources,
    }
}

/// A JSON resource's description: how it differs from its CSV file.
fn json_description(doc: &DatasetDoc) -> String {
    let texts: Vec<&str> = doc.fields.iter().filter(|f| !f.in_csv).map(|f| f.name).collect();
    let extra = match texts.as_slice() {
        [] => String::new(),
        names => format!(" Har dessutom fulltexterna ({}), som bara finns i JSON.", names.join(", ")),
    };
    format!(
        "{} Samma fält som i {}-csv, men listor är JSON-arrayer och saknade värden null.{extra}",
        doc.description, doc.name
    )
}

/// Compact JSON with a final newline. Serialising from structs keeps keys in
/// field order.
fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).expect("records have string keys");
    bytes.push(b'\n');
    bytes
}

fn iso(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

/// Absolute URLs of attachments. Their paths are file names staff chose, so
/// anything outside the URL-safe set is percent-encoded.
fn attachment_urls(site: &Site, attachments: &[Attachment]) -> Vec<String> {
    attachments.iter().map(|a| site.absolute(&crate::url::encode_path(&a.path))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_site::test_site;
    use serde_json::Value;
    use std::collections::BTreeSet;

    fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
        let memory = crate::output::Memory::default();
        write(site, &crate::test_site::theme(site), &memory).unwrap();
        memory.into_sorted().0
    }

    fn file<'a>(files: &'a [(String, Vec<u8>)], path: &str) -> &'a [u8] {
        &files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("{path} was not written")).1
    }

    fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut r = csv::Reader::from_reader(bytes);
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let rows = r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect();
        (header, rows)
    }

    #[test]
    fn every_dataset_is_written_as_json_and_csv() {
        let site = test_site();
        let out = files(&site);
        let mut expected: BTreeSet<String> = schema().into_iter().flat_map(|d| [d.json, d.csv]).collect();
        expected.insert(paths::DATA_PACKAGE.to_string());
        let written: BTreeSet<String> = out.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(written, expected);
        assert_eq!(written.len(), out.len(), "no file written twice");
    }

    /// The schema documents exactly the columns and keys written, in order.
    #[test]
    fn schema_matches_csv_headers_and_json_keys() {
        let site = test_site();
        let out = files(&site);
        for doc in schema() {
            let names: Vec<String> = doc.fields.iter().map(|f| f.name.to_string()).collect();
            let unique: BTreeSet<&String> = names.iter().collect();
            assert_eq!(unique.len(), names.len(), "{}: duplicate field", doc.name);
            assert!(doc.fields.iter().all(|f| !f.description.is_empty() && !f.kind.is_empty()));

            let (header, rows) = read_csv(file(&out, &doc.csv));
            let in_csv: Vec<&str> = doc.fields.iter().filter(|f| f.in_csv).map(|f| f.name).collect();
            assert_eq!(header, in_csv, "{}: the CSV has the documented columns, in order", doc.name);

            let records: Vec<Value> = serde_json::from_slice(file(&out, &doc.json)).unwrap();
            assert!(!records.is_empty(), "{}: the test site should fill it", doc.name);
            assert_eq!(records.len(), rows.len(), "{}", doc.name);
            for record in &records {
                let keys: Vec<String> = record.as_object().unwrap().keys().cloned().collect();
                let keys: BTreeSet<String> = keys.into_iter().collect();
                let documented: BTreeSet<String> = names.iter().cloned().collect();
                assert_eq!(keys, documented, "{}: JSON keys differ from schema", doc.name);
            }
        }
    }

    #[test]
    fn json_keeps_field_order_and_iso_dates() {
        let site = test_site();
        let out = files(&site);
        let text = String::from_utf8(file(&out, "data/cases.json").to_vec()).unwrap();
        let id = text.find("\"id\"").unwrap();
        let url = text.find("\"url\"").unwrap();
        let title = text.find("\"title\"").unwrap();
        assert!(id < url && url < title);
        assert!(text.ends_with("]\n"));

        let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
        let case = cases.iter().find(|c| c["id"] == "ks-2023-99").unwrap();
        assert_eq!(case["url"], "https://example.org:8443/remissvar/remisser/ks-2023-99/");
        assert_eq!(case["decided"], "2023-04-26");
        assert_eq!(case["date"], "2023-04-26");
        assert_eq!(case["received"], "2024-01-10");
        assert_eq!(case["pm"], Value::Null);
        assert_eq!(case["status"], "besvarad");
        assert_eq!(case["documents"], serde_json::json!(["sou-2022-67"]));
        assert_eq!(case["responses"], serde_json::json!(["skarpnack", "socialnamnden"]));
        assert_eq!(case["rapporteur_person"], "alexander-ojanne");
        assert_eq!(
            case["attachments"],
            serde_json::json!(["https://example.org:8443/remissvar/remisser/ks-2023-99/beslut%201.pdf"])
        );
        assert_eq!(case["text"], "## Sammanfattning\n\nText, med komma; och semikolon.");
        let late = cases.iter().find(|c| c["id"] == "ks-2023-500").unwrap();
        assert_eq!(late["status"], "försenad");
        assert_eq!(late["decided"], Value::Null);

        let statements: Vec<Value> = serde_json::from_slice(file(&out, "data/statements.json")).unwrap();
        let res = statements.iter().find(|s| s["id"] == "reservation-m").unwrap();
        assert_eq!(res["kind"], "reservation");
        assert_eq!(res["signatories"][0]["name"], "Åsa Ärlig");
        assert_eq!(res["signatories"][0]["and_others"], true);
        assert_eq!(res["signatories"][0]["person"], "asa-arlig");
        assert_eq!(res["parties"], serde_json::json!(["m"]));
        assert_eq!(res["date"], "2023-03-21");
        let joining = statements.iter().find(|s| s["id"] == "uttalande-s").unwrap();
        assert_eq!(joining["kind"], "särskilt uttalande");
        assert_eq!(joining["joins"], serde_json::json!(["reservation-m"]));
        assert_eq!(joining["parties"], serde_json::json!(["s", "m"]));
    }

    #[test]
    fn csv_joins_lists_and_quotes_per_rfc_4180() {
        let site = test_site();
        let out = files(&site);
        let raw = file(&out, "data/cases.csv");
        assert!(!raw.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM");
        let text = std::str::from_utf8(raw).unwrap();
        assert!(text.starts_with("id,url,title,case_number,"));
        assert!(text.contains("\r\n"));
        let (header, rows) = read_csv(raw);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let case = rows.iter().find(|r| r[0] == "ks-2023-99").unwrap();
        assert_eq!(case[col("title")], "Vägar <till> ett tryggare & \"bättre\" samhälle");
        assert_eq!(case[col("referred_to")], "socialnamnden; skarpnack; utbildningsnamnden");
        assert_eq!(case[col("tags")], "barn; trygghet");
        assert_eq!(case[col("pm")], "");
        assert_eq!(case[col("answered")], "false");
        assert_eq!(case[col("deadline")], "2023-04-28");

        let (header, rows) = read_csv(file(&out, "data/statements.csv"));
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let res = rows.iter().find(|r| r[col("id")] == "reservation-m").unwrap();
        assert_eq!(res[col("signatories")], "Åsa Ärlig; Bo Björk");
        assert_eq!(res[col("order")], "1");

        let (header, rows) = read_csv(file(&out, "data/signatories.csv"));
        assert_eq!(rows.len(), 4);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let bo = rows.iter().find(|r| r[col("statement")] == "uttalande-s" && r[col("name")] == "Bo Björk").unwrap();
        assert_eq!(bo[col("position")], "2");
        assert_eq!(bo[col("party")], "m");
        assert_eq!(bo[col("person_url")], "https://example.org:8443/remissvar/personer/bo-bjork/");
    }

    /// Every CSV cell is its JSON value flattened, as the CSV export was first
    /// defined: null empty, scalars as JSON prints them (strings unquoted), a
    /// list joined with "; ", an object by its `name`.
    #[test]
    fn csv_cells_flatten_the_json() {
        fn flat(value: &Value) -> String {
            match value {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Array(items) => items.iter().map(flat).collect::<Vec<_>>().join("; "),
                Value::Object(map) => map.get("name").map(flat).unwrap_or_default(),
                other => other.to_string(),
            }
        }
        let out = files(&test_site());
        for doc in schema() {
            let records: Vec<Value> = serde_json::from_slice(file(&out, &doc.json)).unwrap();
            let (header, rows) = read_csv(file(&out, &doc.csv));
            assert_eq!(records.len(), rows.len(), "{}", doc.name);
            for (record, row) in records.iter().zip(&rows) {
                for (name, cell) in header.iter().zip(row) {
                    assert_eq!(cell, &flat(&record[name]), "{}.{name}", doc.name);
                }
            }
        }
    }

    #[test]
    fn proposal_stances_name_their_document_and_note() {
        let site = test_site();
        let out = files(&site);
        let (header, rows) = read_csv(file(&out, "data/proposal_stances.csv"));
        assert_eq!(header, ["case", "body", "document", "proposal", "stance", "note", "url"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            [
                "ks-2023-99",
                "socialnamnden",
                "sou-2022-67",
                "kommitte",
                "negativ",
                "Stärk befintliga strukturer; inte en \"ny\" kommitté.",
                "https://example.org:8443/remissvar/remisser/ks-2023-99/svar/socialnamnden/",
            ]
        );
        assert_eq!(rows[1][3], "kraftsamling");
        assert_eq!(rows[1][5], "");

        let proposals: Vec<Value> = serde_json::from_slice(file(&out, "data/proposals.json")).unwrap();
        assert_eq!(proposals[0]["url"], "https://example.org:8443/remissvar/dokument/sou-2022-67/#kraftsamling");
        let documents: Vec<Value> = serde_json::from_slice(file(&out, "data/documents.json")).unwrap();
        assert_eq!(documents[0]["cases"], serde_json::json!(["ks-2023-99"]));
        assert_eq!(documents[0]["kind"], "SOU");
        assert_eq!(documents[0]["source_url"], "https://www.regeringen.se/sou-2022-67");
        assert_eq!(documents[0]["feed"], "https://example.org:8443/remissvar/dokument/sou-2022-67/feed.xml");
    }

    /// Every member's vote is a row of `ballots`, the vote's counts are in
    /// `votes`, and cases, persons and reservations point at them.
    #[test]
    fn motions_votes_and_ballots_are_open_data() {
        let out = files(&test_site());
        let case_url = "https://example.org:8443/remissvar/remisser/ks-2023-99/";
        let (header, rows) = read_csv(file(&out, "data/ballots.csv"));
        assert_eq!(
            header,
            ["case", "vote", "url", "position", "name", "party", "ballot", "chair", "title", "person", "person_url"]
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0][..8],
            ["ks-2023-99", "1", &format!("{case_url}#votering-1"), "1", "Cecilia Çelik", "s", "ja", "true"]
        );
        assert_eq!(rows[1][6..9], ["nej", "false", "tjänstgörande ersättare"]);
        assert_eq!(rows[1][10], "https://example.org:8443/remissvar/personer/bo-bjork/");

        let votes: Vec<Value> = serde_json::from_slice(file(&out, "data/votes.json")).unwrap();
        assert_eq!(votes.len(), 1);
        assert_eq!(votes[0]["kind"], "huvudvotering");
        assert_eq!(votes[0]["winner"], "s");
        assert_eq!(votes[0]["date"], "2023-04-26");
        assert_eq!((votes[0]["yes_count"].as_u64(), votes[0]["no_count"].as_u64()), (Some(1), Some(1)));
        assert_eq!(votes[0]["casting_vote"], true);

        let motions: Vec<Value> = serde_json::from_slice(file(&out, "data/motions.json")).unwrap();
        assert_eq!(motions.len(), 2);
        assert_eq!(motions[1]["url"], format!("{case_url}#yrkande-m"));
        assert_eq!(motions[1]["proposes"], "eget förslag");
        assert_eq!(motions[1]["signatories"][0]["name"], "Bo Björk");
        assert_eq!(motions[0]["adopted"], true);
        let (_, motion_rows) = read_csv(file(&out, "data/motions.csv"));
        assert_eq!(motion_rows[1][5], "Bo Björk", "CSV names the movers");

        let cases: Vec<Value> = serde_json::from_slice(file(&out, "data/cases.json")).unwrap();
        let case = cases.iter().find(|c| c["id"] == "ks-2023-99").unwrap();
        assert_eq!(case["motions"], serde_json::json!(["s", "m"]));
        assert_eq!(case["votes"], serde_json::json!([1]));
        let persons: Vec<Value> = serde_json::from_slice(file(&out, "data/persons.json")).unwrap();
        let bo = persons.iter().find(|p| p["id"] == "bo-bjork").unwrap();
        assert_eq!(bo["motions"], serde_json::json!(["ks-2023-99/m"]));
        assert_eq!(bo["votes"], serde_json::json!(["ks-2023-99/1"]));
    }

    /// `data/datapackage.json` lists every dataset file, each once, with its
    /// length, and every path it lists is a file in the output.
    #[test]
    fn data_package_lists_every_file() {
        let site = test_site();
        let out = files(&site);
        let package: Value = serde_json::from_slice(file(&out, paths::DATA_PACKAGE)).unwrap();
        assert_eq!(package["name"], "stadens-remissvar-annat");
        assert_eq!(package["title"], "Stadens <remissvar> & annat");
        assert_eq!(package["homepage"], "https://example.org:8443/remissvar/");
        assert!(package.get("description").is_none(), "the test site has none");
        assert!(package.get("licenses").is_none() && package.get("created").is_none());

        let resources = package["resources"].as_array().unwrap();
        let mut listed = BTreeSet::new();
        for r in resources {
            let name = r["name"].as_str().unwrap();
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b)));
            let path = r["path"].as_str().unwrap();
            assert!(!path.starts_with('/') && !path.contains(".."), "{path}: relative to data/");
            let site_path = format!("data/{path}");
            let bytes =
                out.iter().find(|(p, _)| *p == site_path).unwrap_or_else(|| panic!("{path} is listed but missing"));
            assert_eq!(r["bytes"], bytes.1.len(), "{path}");
            assert_eq!(r["encoding"], "utf-8");
            assert!(listed.insert(site_path), "{path} listed twice");
        }
        let mut produced: BTreeSet<String> = out.iter().map(|(p, _)| p.clone()).collect();
        produced.remove(paths::DATA_PACKAGE);
        assert_eq!(listed, produced, "every dataset file is listed");
        let names: BTreeSet<&str> = resources.iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert_eq!(names.len(), resources.len(), "resource names are unique");

        for doc in schema() {
            let csv = resources.iter().find(|r| r["name"] == format!("{}-csv", doc.name)).unwrap();
            assert_eq!(csv["path"], format!("{}.csv", doc.name));
            assert_eq!((&csv["format"], &csv["mediatype"]), (&"csv".into(), &"text/csv".into()));
            assert_eq!(csv["profile"], "tabular-data-resource");
            let fields = csv["schema"]["fields"].as_array().unwrap();
            let (header, _) = read_csv(file(&out, &doc.csv));
            let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
            assert_eq!(names, header, "{}: the Table Schema names the CSV columns in order", doc.name);
            for f in fields {
                let kind = f["type"].as_str().unwrap();
                assert!(["string", "integer", "boolean", "date"].contains(&kind), "{kind}");
                assert!(!f["description"].as_str().unwrap().is_empty());
            }
            let json = resources.iter().find(|r| r["name"] == format!("{}-json", doc.name)).unwrap();
            assert_eq!(json["path"], format!("{}.json", doc.name));
            assert_eq!(json["mediatype"], "application/json");
        }
        let cases = resources.iter().find(|r| r["name"] == "cases-csv").unwrap();
        let field =
            |name: &str| cases["schema"]["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap();
        assert_eq!(field("decided")["type"], "date");
        assert_eq!(field("answered")["type"], "boolean");
        assert_eq!(field("url")["format"], "uri");
        assert_eq!(field("tags")["type"], "string");
        assert!(field("tags")["description"].as_str().unwrap().ends_with("Värdena åtskiljs med \"; \"."));
    }

    #[test]
    fn data_package_names_the_description_when_the_site_has_one() {
        let mut site = test_site();
        site.config.description = Some("Om <allt>.".to_string());
        let out = files(&site);
        let package: Value = serde_json::from_slice(file(&out, paths::DATA_PACKAGE)).unwrap();
        assert_eq!(package["description"], "Om <allt>.");
        assert_eq!(package["contributors"], serde_json::json!([{"title": "Stockholms stad", "role": "publisher"}]));
    }

    /// Each full text is in the open data once: in the JSON file, whose CSV
    /// row links to the page instead. The JSON is compact.
    #[test]
    fn full_texts_are_written_once_and_json_is_compact() {
        let out = files(&test_site());
        let mut left_out = 0;
        for doc in schema() {
            let json = std::str::from_utf8(file(&out, &doc.json)).unwrap();
            assert!(!json.contains("\n  "), "{}: compact JSON", doc.name);
            assert_eq!(json.matches('\n').count(), 1, "{}: one line and a final newline", doc.name);
            let records: Vec<Value> = serde_json::from_str(json).unwrap();
            let csv = std::str::from_utf8(file(&out, &doc.csv)).unwrap();
            for f in doc.fields.iter().filter(|f| !f.in_csv) {
                assert_eq!(f.kind, MARKDOWN, "{}.{}: only full texts are left out of CSV", doc.name, f.name);
                left_out += 1;
                for record in &records {
                    let text = record[f.name].as_str().unwrap_or_default();
                    let line = text.lines().find(|l| l.len() > 12).unwrap_or_default();
                    assert!(line.is_empty() || !csv.contains(line), "{}.{}: {line:?} is in the CSV", doc.name, f.name);
                }
            }
            if doc.fields.iter().any(|f| !f.in_csv) {
                assert!(
                    doc.fields.iter().any(|f| f.name == "url" && f.in_csv),
                    "{}: a CSV row links to its text",
                    doc.name
                );
            }
        }
        assert!(left_out >= 5, "cases, responses, statements, motions, bodies, … have texts");
        let (_, cases) = read_csv(file(&out, "data/cases.csv"));
        assert!(!cases.is_empty());
        let json: Vec<Value> = serde_json::from_slice(file(&out, "data/cases.json")).unwrap();
        assert!(json.iter().any(|c| c["text"].as_str().unwrap_or_default().contains("Sammanfattning")));
    }

    /// A dataset larger than the limit is written in parts, each a whole
    /// JSON array or CSV file with its header, that together hold every
    /// record once, in order; the package lists each part with its size.
    #[test]
    fn large_datasets_are_written_in_parts() {
        let site = test_site();
        let whole = files(&site);
        let limit = 400;
        let memory = crate::output::Memory::default();
        render_in_parts(&site, &memory, limit).unwrap();
        let parted = memory.into_sorted().0;
        let package: Value = serde_json::from_slice(file(&parted, paths::DATA_PACKAGE)).unwrap();
        let resources = package["resources"].as_array().unwrap();
        let mut split = 0;
        for doc in schema() {
            let paths = |first: &str| -> Vec<String> {
                (1..).map(|n| part_path(first, n)).take_while(|p| parted.iter().any(|(q, _)| q == p)).collect()
            };
            let (json_paths, csv_paths) = (paths(&doc.json), paths(&doc.csv));
            split += usize::from(json_paths.len() > 1);
            let expected: Vec<Value> = serde_json::from_slice(file(&whole, &doc.json)).unwrap();
            let mut records = Vec::new();
            for path in &json_paths {
                let bytes = file(&parted, path);
                let part: Vec<Value> = serde_json::from_slice(bytes).unwrap();
                assert!(bytes.len() <= limit || part.len() == 1, "{path}: {} bytes", bytes.len());
                assert!(!part.is_empty() || json_paths.len() == 1, "{path}: no empty part");
                records.extend(part);
            }
            assert_eq!(records, expected, "{}: the parts hold every record once, in order", doc.name);
            let (header, expected) = read_csv(file(&whole, &doc.csv));
            let mut rows = Vec::new();
            for path in &csv_paths {
                let (h, part) = read_csv(file(&parted, path));
                assert_eq!(h, header, "{path}: each part has the header");
                rows.extend(part);
            }
            assert_eq!(rows, expected, "{}", doc.name);
            for (n, path) in json_paths.iter().chain(&csv_paths).enumerate() {
                let listed = resources.iter().find(|r| format!("data/{}", r["path"].as_str().unwrap()) == *path);
                let listed = listed.unwrap_or_else(|| panic!("{path} (part {n}) is not in the package"));
                assert_eq!(listed["bytes"], file(&parted, path).len(), "{path}");
            }
        }
        assert!(split >= 3, "the test site has datasets larger than {limit} bytes");
        assert_eq!(part_path("data/responses.json", 1), "data/responses.json");
        assert_eq!(part_path("data/responses.json", 3), "data/responses-3.json");
        assert_eq!(files(&site), whole, "under the limit, one file each, as before");
    }

    #[test]
    fn status_terms_are_swedish() {
        assert_eq!(crate::model::Status::Oppen.term(), "öppen");
        assert_eq!(crate::model::Status::Forsenad.term(), "försenad");
        assert_eq!(crate::model::Status::Besvarad.term(), "besvarad");
    }

    #[test]
    fn empty_site_still_writes_headers() {
        let mut site = test_site();
        site.cases.clear();
        site.bodies.clear();
        site.parties.clear();
        site.persons.clear();
        site.documents.clear();
        let out = files(&site);
        for doc in schema() {
            let (header, rows) = read_csv(file(&out, &doc.csv));
            assert_eq!(header.len(), doc.fields.iter().filter(|f| f.in_csv).count());
            assert!(rows.is_empty());
            assert_eq!(file(&out, &doc.json), b"[]\n");
        }
    }

    #[test]
    fn output_is_deterministic() {
        let site = test_site();
        assert_eq!(files(&site), files(&site.clone()));
    }
}
