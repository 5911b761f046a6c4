//! Integration tests: build real content into temporary folders and assert
//! on the produced files, as a citizen or a clerk would see them.

mod atomic;
mod common;
mod errors;
mod features;
mod fuzz;
mod hostile;
mod import;
mod import_paragraph;
pub(crate) mod import_pdf;
mod incremental;
mod layers;
mod output_check;
mod proceedings;
mod search_vectors;
mod seed;
mod serve;
mod ship;
mod site_checks;
mod workflow;
