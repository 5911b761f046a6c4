//! The page kinds of the site: the one list of what pages there are, what
//! each shows, and the function that builds each one's context. Adding a
//! page kind means a variant of [`Job`] and an arm in each `match` below;
//! the incremental planner and the preview server ask this registry which
//! pages an edit concerns and which pages there are many of.

use super::Theme;
use super::views::*;
use crate::markdown;
use crate::model::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod cases;
mod common;
mod entities;
mod site;

use cases::*;
use common::*;
use entities::*;
use site::*;

/// A page to render.
pub struct Page {
    pub template: &'static str,
    /// Site-relative folder ending in `/` (written as `index.html`), or a file path.
    pub path: String,
    pub context: tera::Context,
}

/// One unit of rendering work, named by the entity it shows: a page, or a
/// group of pages built from the same data (the case lists). Jobs are
/// independent, so they render on any thread; the preview server files
/// each job's pages under its name, to render again only the jobs an edit
/// concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    Home,
    /// Every case, and the lists filtered by year, status and referrer.
    CaseLists,
    /// The case's own page.
    Case(String),
    /// (case, body).
    Response(String, String),
    /// (case, statement).
    Statement(String, String),
    Bodies,
    Body(String),
    Parties,
    Party(String),
    Persons,
    /// By the person's slug.
    Person(String),
    Documents,
    Document(String),
    Search,
    Data,
    Accessibility,
    Glossary,
    NotFound,
}

/// How many pages of a kind a site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One page (or one group) for the whole site, showing lists and counts
    /// of it: rendered again whenever what lists show changes.
    Site,
    /// One page per body or party: tens.
    Few,
    /// One page per case, response, statement, document or person: nine in
    /// ten of a site's pages. The preview server keeps only their
    /// fingerprint and renders them again on request.
    Many,
}

impl Job {
    /// The jobs with one page that shows the whole site.
    pub const SITE_WIDE: [Job; 11] = [
        Job::Home,
        Job::CaseLists,
        Job::Bodies,
        Job::Parties,
        Job::Persons,
        Job::Documents,
        Job::Search,
        Job::Data,
        Job::Accessibility,
        Job::Glossary,
        Job::NotFound,
    ];

    /// Every job of the site, cheap to list: the work happens in [`Job::pages`].
    pub fn all(site: &Site) -> Vec<Job> {
        let mut jobs = Job::SITE_WIDE.to_vec();
        jobs.extend(site.cases.values().flat_map(Job::of_case));
        jobs.extend(site.bodies.keys().map(|id| Job::Body(id.clone())));
        jobs.extend(site.parties.keys().map(|id| Job::Party(id.clone())));
        jobs.extend(site.persons.keys().map(|slug| Job::Person(slug.clone())));
        jobs.extend(site.documents.keys().map(|id| Job::Document(id.clone())));
        jobs
    }

    pub fn scale(&self) -> Scale {
        match self {
            Job::Home
            | Job::CaseLists
            | Job::Bodies
            | Job::Parties
            | Job::Persons
            | Job::Documents
            | Job::Search
            | Job::Data
            | Job::Accessibility
            | Job::Glossary
            | Job::NotFound => Scale::Site,
            Job::Body(_) | Job::Party(_) => Scale::Few,
            Job::Case(_) | Job::Response(..) | Job::Statement(..) | Job::Person(_) | Job::Document(_) => Scale::Many,
        }
    }

    /// The pages of this job, with their contexts; `None` when the site has
    /// no such entity.
    pub fn pages(&self, site: &Site, theme: &Theme) -> Option<Vec<Page>> {
        let case = |id: &str| site.cases.get(id);
        Some(match self {
            Job::Home => vec![home(site, theme)],
            Job::CaseLists => case_lists(site, theme),
            Job::Case(c) => vec![case_page(site, theme, case(c)?)],
            Job::Response(c, b) => {
                let case = case(c)?;
                vec![response_page(site, theme, case, case.responses.get(b)?)]
            }
            Job::Statement(c, s) => {
                let case = case(c)?;
                vec![statement_page(site, theme, case, case.statement(s)?)]
            }
            Job::Bodies => vec![bodies(site, theme)],
            Job::Body(b) => vec![body_page(site, theme, site.bodies.get(b)?)],
            Job::Parties => vec![parties(site, theme)],
            Job::Party(p) => vec![party_page(site, theme, site.parties.get(p)?)],
            Job::Persons => vec![persons(site, theme)],
            Job::Person(p) => vec![person_page(site, theme, site.persons.get(p)?)],
            Job::Documents => vec![documents(site, theme)],
            Job::Document(d) => vec![document_page(site, theme, site.documents.get(d)?)],
            Job::Search => vec![simple(site, theme, "search.html", paths::SEARCH, "search", "nav.search")],
            Job::Data => vec![data_page(site, theme)],
            Job::Accessibility => {
                vec![simple(site, theme, "accessibility.html", paths::ACCESSIBILITY, "", "a11y.title")]
            }
            Job::Glossary => vec![simple(site, theme, "glossary.html", paths::GLOSSARY, "glossary", "glossary.title")],
            Job::NotFound => vec![not_found(site, theme)],
        })
    }

    /// The pages that show `case` in full, with the Markdown texts of the
    /// case and its responses: its own page and those of its responses and
    /// statements.
    pub fn of_case(case: &Case) -> impl Iterator<Item = Job> + '_ {
        let id = &case.id;
        std::iter::once(Job::Case(id.clone()))
            .chain(case.responses.keys().map(move |b| Job::Response(id.clone(), b.clone())))
            .chain(case.statements.iter().map(move |s| Job::Statement(id.clone(), s.id.clone())))
    }

    /// A case as every page but [`Job::of_case`]'s shows it: without the
    /// Markdown texts of the case and its responses. (Statement texts show
    /// as excerpts in lists, so they stay.) When this is unchanged by an
    /// edit, only the case's own pages change.
    pub fn listed(case: &Case) -> Case {
        let mut case = case.clone();
        case.text = Default::default();
        for r in case.responses.values_mut() {
            r.text = Default::default();
        }
        case
    }

    /// The pages, other than the site-wide ones and the case's own, that
    /// list `case`: the bodies it concerns, the parties and persons who
    /// signed its statements, its rapporteurs, its documents and its
    /// related cases (both ways).
    pub fn listing_case(site: &Site, case: &Case) -> Vec<Job> {
        let mut jobs = Vec::new();
        let bodies = case
            .referred_to
            .iter()
            .chain([&case.decided_by])
            .chain(
                case.responses
                    .values()
                    .flat_map(|r| std::iter::once(&r.body).chain(&r.joint_with).chain(r.drafted_by.as_ref())),
            )
            .chain(case.statements.iter().map(|s| &s.body));
        jobs.extend(bodies.map(|b| Job::Body(b.clone())));
        for s in &case.statements {
            for g in &s.signatories {
                jobs.push(Job::Party(g.party.clone()));
                jobs.push(Job::Person(g.person.clone()));
            }
        }
        jobs.extend(case.rapporteur.iter().map(|r| Job::Person(r.person.clone())));
        jobs.extend(case.documents.iter().map(|d| Job::Document(d.clone())));
        let related_from = site.links.cases_related_from.get(&case.id).into_iter().flatten();
        jobs.extend(case.related_cases.iter().chain(related_from).map(|c| Job::Case(c.clone())));
        jobs
    }

    /// The pages of the documents related to document `id`, both ways,
    /// which list it. (Its own page, the site-wide ones and the pages of
    /// the cases that cite it show it too.)
    pub fn listing_document<'a>(site: &'a Site, id: &'a String) -> impl Iterator<Item = Job> + 'a {
        let related = site.documents.get(id).into_iter().flat_map(|d| &d.related);
        let related_from = site.links.documents_related_from.get(id).into_iter().flatten();
        related.chain(related_from).map(|d| Job::Document(d.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_site::{test_site, theme};
    use std::collections::BTreeSet;

    #[test]
    fn every_job_renders_pages_of_its_own() {
        let site = test_site();
        let theme = theme(&site);
        let mut paths = BTreeSet::new();
        for job in Job::all(&site) {
            let pages = job.pages(&site, &theme).unwrap_or_else(|| panic!("{job:?} is listed but has no entity"));
            assert!(!pages.is_empty(), "{job:?} renders no page");
            for page in pages {
                assert!(paths.insert(page.path.clone()), "{job:?} renders {} again", page.path);
            }
        }
        assert!(Job::Case("no-such-case".into()).pages(&site, &theme).is_none());
    }

    #[test]
    fn the_site_wide_list_is_the_jobs_of_site_scale() {
        let site = test_site();
        let site_scale: Vec<Job> = Job::all(&site).into_iter().filter(|j| j.scale() == Scale::Site).collect();
        assert_eq!(site_scale, Job::SITE_WIDE.to_vec());
        for case in site.cases.values() {
            assert!(Job::of_case(case).all(|j| j.scale() == Scale::Many));
        }
    }

    #[test]
    fn a_listed_case_keeps_everything_but_the_texts_of_its_own_pages() {
        let site = test_site();
        let case = site.cases.values().find(|c| !c.text.is_empty()).expect("a case with text");
        let listed = Job::listed(case);
        assert!(listed.text.is_empty());
        assert!(listed.responses.values().all(|r| r.text.is_empty()));
        assert_eq!((&listed.id, &listed.title, &listed.statements), (&case.id, &case.title, &case.statements));
    }
}
