//! Linking: references between files checked, responses, statements and
//! attachments put on their cases, and the facts derived across the whole
//! site (person pages, backlinks).

use super::*;

pub(super) struct Known {
    pub(super) bodies: BTreeSet<String>,
    pub(super) parties: BTreeSet<String>,
    pub(super) documents: BTreeSet<String>,
    pub(super) cases: BTreeSet<String>,
    pub(super) drafts: BTreeSet<String>,
}

pub(super) fn check_refs(ck: &mut Checker, known: &Known) {
    let refs = std::mem::take(&mut ck.refs);
    for r in refs {
        let (set, what, folder) = match r.target {
            Target::Body => (&known.bodies, "body", layout::BODIES),
            Target::Party => (&known.parties, "party", layout::PARTIES),
            Target::Document => (&known.documents, "document", layout::DOCUMENTS),
            Target::Case => (&known.cases, "case", layout::CASES),
        };
        if set.contains(&r.id) {
            continue;
        }
        let file = &ck.content.files[r.file];
        let message = if r.target == Target::Case && known.drafts.contains(&r.id) {
            format!("`{}` names the case `{}`, which is a draft: publish it or build with --drafts", r.key, r.id)
        } else if r.key == "file name" {
            format!(
                "a response file is named after the body that answers, but there is no body `{}`{}: create {folder}/{}.md or rename this file",
                r.id,
                hint(&r.id, set.iter().map(String::as_str)),
                r.id
            )
        } else {
            format!(
                "`{}` names an unknown {what} `{}`{}: ids come from the files in {folder}/",
                r.key,
                r.id,
                hint(&r.id, set.iter().map(String::as_str))
            )
        };
        let d = if r.span.is_empty() && r.span.start == 0 {
            file.diag_at(0, Severity::Error, message)
        } else {
            file.error_in_front(r.span.start, message)
        };
        ck.diags.push(d);
    }
}

pub(super) fn attach_children(
    ck: &mut Checker,
    cases: &mut BTreeMap<String, (usize, Case)>,
    responses: Vec<Child<(Response, ProposalKeys)>>,
    statements: Vec<Child<(Statement, StatementKeys)>>,
    drafts: &BTreeSet<String>,
) -> Vec<(usize, String, ProposalKeys)> {
    let mut proposal_keys = Vec::new();
    for child in responses {
        if drafts.contains(&child.case) {
            continue;
        }
        let Some((_, case)) = cases.get_mut(&child.case) else {
            missing_case(ck, child.file);
            continue;
        };
        let (response, keys) = child.item;
        proposal_keys.push((child.file, child.case.clone(), keys));
        case.responses.insert(response.body.clone(), response);
    }
    let mut keys_by_case: BTreeMap<String, Vec<(usize, String, StatementKeys)>> = BTreeMap::new();
    for child in statements {
        if drafts.contains(&child.case) {
            continue;
        }
        let Some((_, case)) = cases.get_mut(&child.case) else {
            missing_case(ck, child.file);
            continue;
        };
        let (statement, keys) = child.item;
        keys_by_case.entry(child.case.clone()).or_default().push((child.file, statement.id.clone(), keys));
        case.statements.push(statement);
    }
    for (case_id, list) in keys_by_case {
        let case = &cases[&case_id].1;
        let ids: Vec<&str> = case.statements.iter().map(|s| s.id.as_str()).collect();
        let motions: Vec<&str> = case.motions.iter().map(|m| m.id.as_str()).collect();
        for (file, own, keys) in list {
            if let Some((id, span)) = &keys.favours
                && !motions.contains(&id.as_str())
            {
                let message = format!(
                    "`favours` names an unknown motion `{id}`{}: ids come from the [[motions]] in {}",
                    hint(id, motions.iter().copied()),
                    layout::case(&case_id)
                );
                ck.error(file, span.start, message);
            }
            let named = keys.joins.iter().map(|j| ("joins", j)).chain(keys.same_as.iter().map(|s| ("same_as", s)));
            for (key, (id, span)) in named {
                if id == &own {
                    ck.error(file, span.start, format!("`{key}` names this statement itself"));
                } else if !ids.contains(&id.as_str()) {
                    let message = format!(
                        "`{key}` names an unknown statement `{id}`{}: ids come from the files in {}/{}/",
                        hint(id, ids.iter().copied()),
                        layout::case_dir(&case_id),
                        layout::STATEMENTS
                    );
                    ck.error(file, span.start, message);
                }
            }
        }
    }
    for (_, case) in cases.values_mut() {
        case.statements.sort_by(|a, b| {
            (&a.body, a.order.unwrap_or(i64::MAX), &a.id).cmp(&(&b.body, b.order.unwrap_or(i64::MAX), &b.id))
        });
    }
    proposal_keys
}

/// A decided case whose referred body has no response is most often a
/// response not yet entered, so it is worth a warning; but a body may also
/// simply not have answered (the site then shows "Inget svar"), so it is not
/// an error. A body named in another response's `joint_with` has answered.
pub(super) fn unanswered_warnings(
    ck: &mut Checker,
    cases: &BTreeMap<String, (usize, Case)>,
    referred_spans: &BTreeMap<String, ReferredSpans>,
) {
    for (id, (idx, case)) in cases {
        if case.decided.is_none() && !case.answered {
            continue;
        }
        let answered: BTreeSet<&str> = case
            .responses
            .values()
            .flat_map(|r| std::iter::once(r.body.as_str()).chain(r.joint_with.iter().map(String::as_str)))
            .collect();
        let when = case.decided.map_or_else(|| "is answered".to_string(), |d| format!("was decided on {d}"));
        for (body, span) in referred_spans.get(id).into_iter().flatten() {
            if answered.contains(body.as_str()) {
                continue;
            }
            let offset = ck.content.files[*idx].front.start + span.start;
            ck.warn(
                *idx,
                offset,
                format!(
                    "the case {when}, but `{body}` in `referred_to` has no response: add {} (`remiss new svar {id} {body}`), or ignore this if it did not answer (the site shows \"Inget svar\")",
                    layout::response(id, body)
                ),
            );
        }
    }
}

pub(super) fn missing_case(ck: &mut Checker, file: usize) {
    let f = &ck.content.files[file];
    let case = f.rel.split('/').nth(1).unwrap_or("");
    let exists = ck.content.files.iter().any(|o| matches!(&o.kind, FileKind::Case { case: c } if c == case));
    if exists {
        return; // the case file itself has errors, reported there
    }
    let message =
        format!("this file belongs to the case folder `{case}`, which has no index.md: create {}", layout::case(case));
    ck.diags.push(f.diag_at(0, Severity::Error, message));
}

/// Attaches copied files to their case, response or statement, and refuses
/// any file that would overwrite a generated page.
pub(super) fn attach_files(
    ck: &mut Checker,
    cases: &mut BTreeMap<String, (usize, Case)>,
    files: Vec<(String, usize)>,
    drafts: &BTreeSet<String>,
) {
    for (case_id, idx) in files {
        if drafts.contains(&case_id) {
            continue;
        }
        let file = &ck.content.files[idx];
        let Some((_, case)) = cases.get_mut(&case_id) else {
            missing_case(ck, idx);
            continue;
        };
        let rel = file.rel.clone();
        // Attachments are copied to the same path in the site, beside the
        // case's pages: none may take a page's place or a folder's name.
        let case_page = paths::case(&case_id);
        let pages: Vec<String> = std::iter::once(format!("{case_page}index.html"))
            .chain(case.responses.keys().map(|b| paths::response(&case_id, b)))
            .chain(case.statements.iter().map(|s| paths::statement(&case_id, &s.id)))
            .collect();
        let as_folder = format!("{rel}/");
        if pages.iter().any(|p| *p == rel || p.starts_with(&as_folder) || rel.starts_with(p.as_str())) {
            let message = format!("this attachment would overwrite the generated page at {rel}: rename the file");
            ck.diags.push(file.diag_at(0, Severity::Error, message));
            continue;
        }
        let inner: Vec<&str> = rel.split('/').skip(2).collect();
        let name = inner.last().unwrap_or(&"").to_string();
        let attachment = Attachment { path: rel.clone(), file_name: name, bytes: file.bytes, source: file.abs.clone() };
        match inner.as_slice() {
            [layout::RESPONSES, _] => {
                if let Some(r) = case.responses.get_mut(&file.id) {
                    r.attachments.push(attachment.clone());
                }
            }
            [layout::STATEMENTS, _] => {
                if let Some(s) = case.statements.iter_mut().find(|s| s.id == file.id) {
                    s.attachments.push(attachment.clone());
                }
            }
            _ => {}
        }
        case.attachments.push(attachment);
    }
}

/// Checks that per-proposal stances name proposals of the case's documents.
pub(super) fn check_proposal_keys(
    ck: &mut Checker,
    keys: Vec<(usize, String, ProposalKeys)>,
    cases: &BTreeMap<String, (usize, Case)>,
    documents: &BTreeMap<String, (usize, Document)>,
) {
    for (idx, case_id, ProposalKeys(keys)) in keys {
        let Some((_, case)) = cases.get(&case_id) else { continue };
        let proposals: Vec<&str> = case
            .documents
            .iter()
            .filter_map(|d| documents.get(d))
            .flat_map(|(_, d)| d.proposals.iter().map(|p| p.id.as_str()))
            .collect();
        for (key, span) in keys {
            if proposals.contains(&key.as_str()) {
                continue;
            }
            let message = if case.documents.is_empty() {
                format!("stance on proposal `{key}`, but the case names no `document` with proposals")
            } else {
                format!(
                    "unknown proposal `{key}`{}: proposal ids come from `[[proposals]]` in the case's document ({})",
                    hint(&key, proposals.iter().copied()),
                    case.documents.join(", ")
                )
            };
            ck.error(idx, span.start, message);
        }
    }
}

/// One person page per distinct name; names that fold to the same slug get
/// `-2`, `-3` in sorted order of the names. Gives every rapporteur,
/// signatory and voting member the slug of their page.
pub(super) fn assign_person_slugs(site: &mut Site) {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for case in site.cases.values() {
        names.extend(case.rapporteur.iter().map(|r| r.name.as_str()));
        names.extend(case.statements.iter().flat_map(|s| s.signatories.iter().map(|g| g.name.as_str())));
        names.extend(case.motions.iter().flat_map(|m| m.signatories.iter().map(|g| g.name.as_str())));
        names.extend(case.votes.iter().flat_map(|v| v.members.iter().map(|m| m.name.as_str())));
    }
    let mut by_slug: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in names {
        by_slug.entry(slugify(name)).or_default().push(name);
    }
    let mut slug_of: FxHashMap<String, String> = FxHashMap::default();
    for (slug, names) in by_slug {
        for (i, name) in names.into_iter().enumerate() {
            let s = if i == 0 { slug.clone() } else { format!("{slug}-{}", i + 1) };
            slug_of.insert(name.to_string(), s);
        }
    }
    for case in site.cases.values_mut() {
        let people = case.rapporteur.iter_mut().map(|r| (&r.name, &mut r.person));
        let signatories = case.statements.iter_mut().flat_map(|s| &mut s.signatories);
        let movers = case.motions.iter_mut().flat_map(|m| &mut m.signatories);
        let people = people.chain(signatories.chain(movers).map(|g| (&g.name, &mut g.person)));
        let members = case.votes.iter_mut().flat_map(|v| &mut v.members).map(|m| (&m.name, &mut m.person));
        for (name, person) in people.chain(members) {
            person.clone_from(&slug_of[name]);
        }
    }
}

/// The person pages, from the slugs [`assign_person_slugs`] gave.
pub(super) fn persons(site: &Site) -> BTreeMap<String, Person> {
    let mut persons: BTreeMap<String, Person> = BTreeMap::new();
    fn entry<'p>(persons: &'p mut BTreeMap<String, Person>, slug: &str, name: &str) -> &'p mut Person {
        persons.entry(slug.to_string()).or_insert_with(|| Person {
            slug: slug.to_string(),
            name: name.to_string(),
            parties: BTreeSet::new(),
            titles: BTreeSet::new(),
            statements: Vec::new(),
            reported: Vec::new(),
            motions: Vec::new(),
            votes: Vec::new(),
        })
    }
    for case in site.cases.values() {
        if let Some(r) = &case.rapporteur {
            let p = entry(&mut persons, &r.person, &r.name);
            p.reported.push(case.id.clone());
            p.titles.extend(r.title.clone());
        }
        for s in &case.statements {
            for g in &s.signatories {
                let p = entry(&mut persons, &g.person, &g.name);
                p.parties.insert(g.party.clone());
                p.titles.extend(g.title.clone());
                let r = StatementRef { case: case.id.clone(), statement: s.id.clone() };
                if !p.statements.contains(&r) {
                    p.statements.push(r);
                }
            }
        }
        for m in &case.motions {
            for g in &m.signatories {
                let p = entry(&mut persons, &g.person, &g.name);
                p.parties.insert(g.party.clone());
                p.titles.extend(g.title.clone());
                let r = MotionRef { case: case.id.clone(), motion: m.id.clone() };
                if !p.motions.contains(&r) {
                    p.motions.push(r);
                }
            }
        }
        for v in &case.votes {
            for m in &v.members {
                let p = entry(&mut persons, &m.person, &m.name);
                p.parties.insert(m.party.clone());
                p.votes.push(VoteRef { case: case.id.clone(), vote: v.number });
            }
        }
    }
    persons
}

pub(super) fn backlinks(site: &Site) -> Backlinks {
    let mut l = Backlinks::default();
    for body in site.bodies.values() {
        if let Some(office) = &body.office {
            l.offices_of.entry(office.clone()).or_default().push(body.id.clone());
        }
    }
    for doc in site.documents.values() {
        for r in &doc.related {
            l.documents_related_from.entry(r.clone()).or_default().push(doc.id.clone());
        }
    }
    for case in site.cases.values() {
        for d in &case.documents {
            l.cases_by_document.entry(d.clone()).or_default().push(case.id.clone());
        }
        l.cases_decided_by.entry(case.decided_by.clone()).or_default().push(case.id.clone());
        for b in &case.referred_to {
            l.cases_referred_to.entry(b.clone()).or_default().push(case.id.clone());
        }
        for r in &case.related_cases {
            l.cases_related_from.entry(r.clone()).or_default().push(case.id.clone());
        }
        for body in case.responses.keys() {
            l.responses_by_body
                .entry(body.clone())
                .or_default()
                .push(ResponseRef { case: case.id.clone(), body: body.clone() });
        }
        for s in &case.statements {
            let r = StatementRef { case: case.id.clone(), statement: s.id.clone() };
            l.statements_by_body.entry(s.body.clone()).or_default().push(r.clone());
            for p in s.parties() {
                l.statements_by_party.entry(p.to_string()).or_default().push(r.clone());
            }
            for j in &s.joins {
                let target = StatementRef { case: case.id.clone(), statement: j.clone() };
                l.joined_by.entry(target).or_default().push(s.id.clone());
            }
            if let Some(same) = &s.same_as {
                let target = StatementRef { case: case.id.clone(), statement: same.clone() };
                l.same_as_from.entry(target).or_default().push(s.id.clone());
            }
        }
        for m in &case.motions {
            let r = MotionRef { case: case.id.clone(), motion: m.id.clone() };
            let mut parties: BTreeSet<&str> = m.parties.iter().map(String::as_str).collect();
            parties.extend(m.signatories.iter().map(|s| s.party.as_str()));
            for p in parties {
                l.motions_by_party.entry(p.to_string()).or_default().push(r.clone());
            }
        }
        for v in &case.votes {
            let r = VoteRef { case: case.id.clone(), vote: v.number };
            l.votes_by_body.entry(v.body.clone()).or_default().push(r.clone());
            let parties: BTreeSet<&str> = v.members.iter().map(|m| m.party.as_str()).collect();
            for p in parties {
                l.votes_by_party.entry(p.to_string()).or_default().push(r.clone());
            }
        }
    }
    l
}
