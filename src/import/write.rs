//! Writes a draft bundle as content files, never over an existing file.
//!
//! The files look like hand-written ones: keys in the contract's order, one
//! signatory per line, and a `# review:` comment above every value the
//! importer guessed, so the clerk knows what to check before removing
//! `draft = true`.

use super::place::{Case, Draft, Motion, NewDocument, NewParty, Response, Signatory, Statement, Vote};
use crate::content::layout;
use crate::content::write::{file, list, long_list, string};
use crate::model::Date;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn date(key: &str, d: Option<Date>, out: &mut String) {
    if let Some(d) = d {
        let _ = writeln!(out, "{key} = {d}");
    }
}

pub fn case_file(c: &Case) -> String {
    let mut f = String::new();
    let _ = writeln!(f, "title = {}", string(&c.title));
    let _ = writeln!(f, "case_number = {}", string(&c.case_number));
    if let Some(d) = &c.document {
        let _ = writeln!(f, "document = {}", string(d));
    }
    let _ = writeln!(f, "referrer = {}", string(&c.referrer));
    if let Some(why) = &c.deadline_guess {
        let _ = writeln!(f, "# review: {why}");
    }
    match c.deadline {
        Some(d) => {
            let _ = writeln!(f, "deadline = {d}");
        }
        None => f.push_str("deadline = \"TODO: remisstid, YYYY-MM-DD\"\n"),
    }
    let _ = writeln!(f, "decided_by = {}", string(&c.decided_by));
    date("decided", c.decided, &mut f);
    if c.answered {
        f.push_str("# review: set `decided` to the date of the decision if you know it\n");
        f.push_str("answered = true\n");
    }
    if let Some((name, title)) = &c.rapporteur {
        let _ = writeln!(f, "rapporteur = {{ name = {}, title = {} }}", string(name), string(title));
    }
    date("rapporteur_date", c.rapporteur_date, &mut f);
    if !c.referred_to.is_empty() {
        let _ = writeln!(f, "referred_to = {}", list(&c.referred_to));
    }
    if !c.decision.is_empty() {
        let _ = writeln!(f, "decision = {}", long_list(&c.decision));
    }
    if !c.earlier_answers.is_empty() {
        let _ = writeln!(f, "earlier_answers = {}", list(&c.earlier_answers));
    }
    f.push_str("draft = true\n");
    for m in &c.motions {
        motion(m, &mut f);
    }
    for v in &c.votes {
        vote(v, &mut f);
    }
    file(&f, &c.text)
}

/// `{ name = "…", party = "…" }`, with the optional keys that are set.
fn signatory(x: &Signatory) -> String {
    let mut fields = vec![format!("name = {}", string(&x.name)), format!("party = {}", string(&x.party))];
    if x.and_others {
        fields.push("and_others = true".into());
    }
    if let Some(t) = &x.title {
        fields.push(format!("title = {}", string(t)));
    }
    format!("{{ {} }}", fields.join(", "))
}

fn motion(m: &Motion, f: &mut String) {
    let _ = writeln!(f, "\n[[motions]]\nid = {}", string(&m.id));
    let signatories: Vec<String> = m.signatories.iter().map(signatory).collect();
    let _ = writeln!(f, "signatories = [{}]", signatories.join(", "));
    match &m.supports {
        Some(other) => {
            let _ = writeln!(f, "supports = {}", string(other));
        }
        None => {
            let _ = writeln!(f, "proposes = {}", string(m.proposes));
        }
    }
    if !m.parties.is_empty() {
        let _ = writeln!(f, "parties = {}", list(&m.parties));
    }
    date("date", m.date, f);
    if let Some(t) = &m.text {
        let _ = writeln!(f, "text = {}", string(t));
    }
    if m.adopted {
        f.push_str("adopted = true\n");
    }
}

fn vote(v: &Vote, f: &mut String) {
    let _ = writeln!(f, "\n[[votes]]\nkind = {}", string(v.kind));
    if let Some(p) = &v.proposition {
        let _ = writeln!(f, "proposition = {}", string(p));
    }
    let _ = writeln!(f, "yes = {}\nno = {}", string(&v.yes), string(&v.no));
    let counts: Vec<String> = ["yes", "no", "abstained", "absent"]
        .iter()
        .zip(v.counts)
        .filter_map(|(k, n)| n.map(|n| format!("{k} = {n}")))
        .collect();
    if !counts.is_empty() {
        let _ = writeln!(f, "counts = {{ {} }}", counts.join(", "));
    }
    f.push_str("members = [\n");
    for m in &v.members {
        let mut fields = vec![
            format!("name = {}", string(&m.name)),
            format!("party = {}", string(&m.party)),
            format!("vote = {}", string(m.vote)),
        ];
        if m.chair {
            fields.push("chair = true".into());
        }
        if let Some(t) = &m.title {
            fields.push(format!("title = {}", string(t)));
        }
        let _ = writeln!(f, "  {{ {} }},", fields.join(", "));
    }
    f.push_str("]\n");
}

pub fn response_file(r: &Response) -> String {
    let mut f = String::new();
    let _ = writeln!(f, "# review: stance proposed by `remiss import` from: {}", r.stance_from.replace('\n', " "));
    let _ = writeln!(f, "stance = {}", string(r.stance));
    let _ = writeln!(f, "summary = {}", string(&r.summary));
    date("meeting", r.meeting, &mut f);
    date("drafted", r.drafted, &mut f);
    if let Some(d) = &r.drafted_by {
        let _ = writeln!(f, "drafted_by = {}", string(d));
    }
    if let Some(p) = &r.proposed_decision {
        let _ = writeln!(f, "proposed_decision = {}", string(p));
    }
    if !r.decision.is_empty() {
        let _ = writeln!(f, "decision = {}", long_list(&r.decision));
    }
    if !r.proposals.is_empty() {
        f.push_str("\n# review: stances per proposal proposed by `remiss import` from the sentences in [proposal_notes]\n[proposals]\n");
        for p in &r.proposals {
            let _ = writeln!(f, "{} = {}", p.id, string(p.stance));
        }
        f.push_str("\n[proposal_notes]\n");
        for p in &r.proposals {
            let _ = writeln!(f, "{} = {}", p.id, string(&p.note));
        }
    }
    file(&f, &r.text)
}

pub fn statement_file(st: &Statement) -> String {
    let mut f = String::new();
    let _ = writeln!(f, "kind = {}", string(st.kind));
    let _ = writeln!(f, "body = {}", string(&st.body));
    f.push_str("signatories = [\n");
    for x in &st.signatories {
        let _ = writeln!(f, "  {},", signatory(x));
    }
    f.push_str("]\n");
    if let Some(j) = &st.joins {
        let _ = writeln!(f, "joins = {}", string(j));
    }
    if let Some(j) = &st.same_as {
        let _ = writeln!(f, "same_as = {}", string(j));
    }
    if let Some(m) = &st.favours {
        let _ = writeln!(f, "favours = {}", string(m));
    }
    let _ = writeln!(f, "order = {}", st.order);
    file(&f, &st.text)
}

pub fn body_file(b: &super::names::Body) -> String {
    let mut f = format!(
        "# review: proposed by `remiss import` for a body the minutes name; check the name and kind\nname = {}\nkind = {}\n",
        string(&b.name),
        string(&b.kind)
    );
    if let Some(o) = &b.office {
        let _ = writeln!(f, "office = {}", string(o));
    }
    file(&f, "")
}

pub fn party_file(p: &NewParty) -> String {
    let front = format!(
        "# review: proposed by `remiss import` for a party the minutes write as \"{}\"; write its full name\nname = {}\nabbreviation = {}\n",
        p.abbreviation,
        string(&p.abbreviation),
        string(&p.abbreviation)
    );
    file(&front, "")
}

pub fn document_file(d: &NewDocument) -> String {
    let front = format!(
        "# review: proposed by `remiss import` for the document the minutes name; check the title and add its proposals\ntitle = {}\ndesignation = {}\nkind = {}\n",
        string(&d.title),
        string(&d.designation),
        string(d.kind)
    );
    file(&front, "")
}

/// Every file of the bundle, as (path relative to the content folder, text).
pub fn files(d: &Draft) -> Vec<(String, String)> {
    let case = &d.case.id;
    let mut out = vec![(layout::case(case), case_file(&d.case))];
    for r in &d.responses {
        out.push((layout::response(case, &r.body), response_file(r)));
    }
    for st in &d.statements {
        out.push((layout::statement(case, &st.id), statement_file(st)));
    }
    for b in &d.new_bodies {
        out.push((layout::body(&b.id), body_file(b)));
    }
    for p in &d.new_parties {
        out.push((layout::party(&p.id), party_file(p)));
    }
    for doc in &d.new_documents {
        out.push((layout::document(&doc.id), document_file(doc)));
    }
    out
}

/// Writes the files under `content`. Refuses, before writing anything, if
/// the case folder or any file exists.
pub fn write(content: &Path, files: &[(String, String)], case_dir: &str) -> Result<Vec<PathBuf>, String> {
    check_free(content, files, case_dir)?;
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = content.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: cannot create: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// Fails if the case folder or any of the files already exists.
pub fn check_free(content: &Path, files: &[(String, String)], case_dir: &str) -> Result<(), String> {
    let dir = content.join(case_dir);
    if dir.exists() {
        return Err(format!(
            "{} already exists; the importer never overwrites. Import under another --case id, or move the folder away first",
            dir.display()
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (rel, _) in files {
        if !seen.insert(rel) {
            return Err(format!("two drafts would be written to {rel}; this is a bug in the importer"));
        }
        if content.join(rel).exists() {
            return Err(format!("{} already exists; the importer never overwrites", content.join(rel).display()));
        }
    }
    Ok(())
}
