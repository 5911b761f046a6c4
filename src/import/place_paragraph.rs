//! From a § paragraph as read to a draft case: names become ids, motions
//! get ids and point at each other, each side of a vote is matched to its
//! motion, and a reservation to the motion it favours.
//!
//! What cannot be placed goes into the draft's notes: a vote whose sides
//! name no motion, a motion that backs one that is not there.

use super::names::Directory;
use super::paragraph::{Asks, Paragraph, Person, Side, same_person};
use super::place::{Case, Draft, Member, Motion, NewDocument, Placer, Signatory, Statement, Vote, escape};
use crate::content::layout;
use crate::model::{distinct, slugify};

/// Places the paragraph into a draft case `id`.
pub(crate) fn place(p: &Paragraph, id: &str, dir: &Directory) -> Draft {
    let mut pl = Placer::new(dir);
    let mut c = Case { id: id.to_string(), ..Case::default() };
    let missing = |pl: &mut Placer, what: &str| {
        pl.draft.notes.push(format!("index.md: no {what} found in the minutes; fill it in"));
        format!("TODO: {what}")
    };
    c.title = p.title.clone().unwrap_or_else(|| missing(&mut pl, "title"));
    c.case_number = p.case_number.clone().unwrap_or_else(|| missing(&mut pl, "case number"));
    c.referrer = p.referrer.clone().unwrap_or_else(|| missing(&mut pl, "referrer (\"Remiss från …\")"));
    c.decided_by = decided_by(&mut pl, p);
    c.decided = p.meeting;
    if c.decided.is_none() {
        c.answered = true;
        pl.draft.notes.push("index.md: the paragraph gives no meeting date; set `decided` if you know it".into());
    }
    c.deadline = p.deadline;
    if c.deadline.is_none() {
        let (date, from) = match (p.meeting, p.latest_date) {
            (Some(d), _) => (Some(d), "the date of the meeting"),
            (None, Some(d)) => (Some(d), "the latest date in the paragraph"),
            (None, None) => (None, ""),
        };
        c.deadline = date;
        c.deadline_guess = date.map(|_| format!("the minutes give no remisstid; {from} is written, set the deadline"));
    }
    c.document = document(&mut pl, p);
    c.decision = p.decision.clone();
    c.text = text(p);
    let (motions, chair) = motions(&mut pl, p);
    c.motions = motions;
    c.votes = votes(&mut pl, p, &c.motions, chair.as_deref());
    // Without a main vote, the motion the chair found adopted, else the one
    // the decision follows ("Enligt yrkande från MP, S och V:").
    if !c.votes.iter().any(|v| v.kind == "huvudvotering") {
        let side = p.found_adopted.clone().or_else(|| p.decided_on.as_deref().and_then(decided_on_side));
        if let Some(m) = side.and_then(|s| find(&c.motions, &s, chair.as_deref()))
            && let Some(m) = c.motions.iter_mut().find(|x| x.id == m)
        {
            m.adopted = true;
        }
    }
    pl.draft.statements = statements(&mut pl, p, &c.motions, &c.decided_by);
    pl.draft.case = c;
    pl.draft
}

/// The body whose minutes these are: the running header's name, else
/// kommunstyrelsen.
fn decided_by(pl: &mut Placer, p: &Paragraph) -> String {
    if let Some(id) = p.body_hints.iter().find_map(|h| pl.known_body(h)) {
        return id;
    }
    let name = p.body_hints.first().cloned().unwrap_or_else(|| {
        pl.draft.notes.push(
            "index.md: the paragraph does not name its body (no running header); `decided_by` set to kommunstyrelsen"
                .into(),
        );
        "Kommunstyrelsen".to_string()
    });
    pl.body(&name)
}

/// The referred document, when the title names it; an unknown one is
/// proposed as a new file.
fn document(pl: &mut Placer, p: &Paragraph) -> Option<String> {
    let designation = p.designation.as_ref()?;
    if let Some(d) = pl.dir.document(designation) {
        return Some(d.id.clone());
    }
    let id = slugify(designation);
    let kind = match designation.split_whitespace().next().unwrap_or("") {
        "SOU" => "SOU",
        "Ds" => "Ds",
        "Prop." | "prop." => "prop",
        "Dir." | "dir." => "dir",
        "Skr." => "skr",
        _ => "annat",
    };
    // The title without "Remiss från X - " and the designation in parentheses.
    let title = p.title.as_deref().unwrap_or(designation);
    let title = [" - ", " – ", ": "].iter().find_map(|s| title.split_once(s).map(|(_, t)| t)).unwrap_or(title);
    let title = title.replace(&format!("({designation})"), "").trim().to_string();
    pl.draft.notes.push(format!(
        "new document `{id}` ({designation}): not in {}/; proposed as {}, check its title and add its proposals",
        layout::DOCUMENTS,
        layout::document(&id)
    ));
    pl.draft.new_documents.push(NewDocument { id: id.clone(), title, designation: designation.clone(), kind });
    Some(id)
}

/// The sections kept as the case's text, in the order of the minutes.
fn text(p: &Paragraph) -> String {
    let mut out = String::new();
    if let Some(on) = &p.decided_on {
        out.push_str(&format!("## Beslut\n\n{}.\n\n", on.trim_end_matches(':')));
    }
    for (heading, paras) in &p.sections {
        if paras.is_empty() {
            continue;
        }
        out.push_str(&format!("## {heading}\n\n"));
        // Documents and recipients, or lines without a full stop, read as a list.
        let h = heading.to_lowercase();
        let list = ["handling", "underlag", "skickas", "expedier"].iter().any(|w| h.contains(w))
            || paras.iter().all(|t| !t.ends_with('.'));
        for t in paras {
            out.push_str(if list { "- " } else { "" });
            out.push_str(&escape(t));
            out.push_str(if list { "\n" } else { "\n\n" });
        }
        if list {
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

fn signatory(pl: &mut Placer, x: &Person) -> Signatory {
    let title = x.title.clone().or_else(|| x.chair.then(|| "ordförande".to_string()));
    Signatory { name: x.name.clone(), party: pl.party(&x.party, &x.name), and_others: false, title }
}

/// `base`, or `base-2`, `base-3`, … : the first that is not `taken`.
fn unique(base: String, taken: impl Fn(&str) -> bool) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The distinct parties of the signatories, in order.
fn parties(signatories: &[Signatory]) -> Vec<String> {
    distinct(signatories.iter().map(|s| s.party.as_str())).into_iter().map(String::from).collect()
}

/// A motion id from its parties ("m-d-l-kd"), unique in the case.
fn motion_id(parties: &[String], taken: &[Motion]) -> String {
    let base = match slugify(&parties.join("-")) {
        s if s.is_empty() => "yrkande".to_string(),
        s => s,
    };
    unique(base, |id| taken.iter().any(|m| m.id == id))
}

/// The motions, and the id of the chair's.
fn motions(pl: &mut Placer, p: &Paragraph) -> (Vec<Motion>, Option<String>) {
    let mut out: Vec<Motion> = Vec::new();
    let mut chair = None;
    let mut backs: Vec<(usize, &Vec<String>)> = Vec::new();
    for read in &p.motions {
        let signatories: Vec<Signatory> = read.movers.iter().map(|x| signatory(pl, x)).collect();
        let mut m = Motion { signatories: signatories.clone(), ..Motion::default() };
        match &read.asks {
            Asks::Written { parties, date } => {
                let who = read.movers.first().map_or("", |x| x.name.as_str());
                let ids: Vec<String> = parties.iter().map(|a| pl.party(a, who)).collect();
                // Two sentences backing one written motion make one motion.
                if let Some(same) = out.iter_mut().find(|x| x.parties == ids && x.date == *date && x.supports.is_none())
                {
                    same.signatories.extend(signatories);
                    continue;
                }
                m.proposes = "eget förslag";
                m.parties = ids;
                m.date = *date;
            }
            Asks::Proposal => m.proposes = "bifall",
            Asks::Avslag => m.proposes = "avslag",
            Asks::Aterremiss => m.proposes = "återremiss",
            Asks::Bordlaggning => m.proposes = "bordläggning",
            Asks::Own(text) => {
                m.proposes = "eget förslag";
                m.text = Some(text.clone());
            }
            Asks::Backs(names) => backs.push((out.len(), names)),
        }
        let parties = if m.parties.is_empty() { parties(&signatories) } else { m.parties.clone() };
        m.id = motion_id(&parties, &out);
        if read.movers.iter().any(|x| x.chair) && chair.is_none() {
            chair = Some(m.id.clone());
        }
        out.push(m);
    }
    for (i, names) in backs {
        let target = out.iter().find(|m| names.iter().all(|n| m.signatories.iter().any(|s| same_person(n, &s.name))));
        match target.map(|m| m.id.clone()) {
            Some(t) if t != out[i].id => out[i].supports = Some(t),
            _ => {
                pl.draft.notes.push(format!(
                    "motion `{}`: backs the motion of {}, which is not among the motions; written as its own",
                    out[i].id,
                    names.join(", ")
                ));
                out[i].proposes = "eget förslag";
                out[i].text = Some(format!("Bifall till {} yrkande.", names.join(" och ")));
            }
        }
    }
    (out, chair)
}

/// "Enligt yrkande från MP, S och V:" → that written motion; "Enligt
/// stadsledningskontorets förslag:" → the proposal.
fn decided_on_side(text: &str) -> Option<Side> {
    let t = text.trim_end_matches(':');
    super::paragraph::side(t.strip_prefix("Enligt ")?)
}

/// The motion a side names.
fn find(motions: &[Motion], side: &Side, chair: Option<&str>) -> Option<String> {
    let found = match side {
        Side::Chair => return chair.map(str::to_string),
        Side::Proposal => motions.iter().find(|m| m.proposes == "bifall" && m.supports.is_none()),
        Side::Movers(names) => motions
            .iter()
            .find(|m| names.iter().all(|n| m.signatories.iter().any(|s| same_person(n, &s.name))))
            .filter(|_| !names.is_empty())
            .or_else(|| {
                let first = names.first()?;
                motions.iter().find(|m| m.signatories.iter().any(|s| same_person(first, &s.name)))
            }),
        Side::Written(abbrs) => {
            let want: Vec<String> = abbrs.iter().map(|a| slugify(a)).collect();
            motions.iter().find(|m| {
                let mut have = m.parties.clone();
                have.sort();
                let mut w = want.clone();
                w.sort();
                have == w
            })
        }
    };
    found.map(|m| m.id.clone())
}

fn votes(pl: &mut Placer, p: &Paragraph, motions: &[Motion], chair: Option<&str>) -> Vec<Vote> {
    let mut out = Vec::new();
    for v in &p.votes {
        // Without a quoted proposition, a main vote's sides are those the
        // order of propositions names.
        let (yes, no) = match (&v.yes, &v.no, v.kind) {
            (None, None, "huvudvotering") => (p.main_vote_yes.as_ref(), p.main_vote_no.as_ref()),
            (yes, no, _) => (yes.as_ref(), no.as_ref()),
        };
        let yes = yes.and_then(|s| find(motions, s, chair));
        let no = no.and_then(|s| find(motions, s, chair));
        let (Some(yes), Some(no)) = (yes, no) else {
            pl.draft.notes.push(format!(
                "line {}: a {} whose Ja and Nej could not both be matched to motions ({}); add it to [[votes]] by hand",
                v.line,
                v.kind,
                v.proposition.as_deref().unwrap_or("no voteringsproposition")
            ));
            continue;
        };
        let members = v
            .members
            .iter()
            .map(|(x, vote)| Member {
                name: x.name.clone(),
                party: pl.party(&x.party, &x.name),
                vote,
                chair: x.chair,
                title: x.title.clone(),
            })
            .collect();
        out.push(Vote { kind: v.kind, proposition: v.proposition.clone(), yes, no, counts: v.counts, members });
    }
    out
}

fn statements(pl: &mut Placer, p: &Paragraph, motions: &[Motion], body: &str) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    for (i, s) in p.statements.iter().enumerate() {
        let signatories: Vec<Signatory> = s.signers.iter().map(|x| signatory(pl, x)).collect();
        let parties = parties(&signatories);
        let id = unique(format!("{}-{}", slugify(s.kind), parties.join("-")), |id| out.iter().any(|x| x.id == id));
        // "till förmån för det egna yrkandet": the motion its signatories moved.
        let favours = match &s.favours {
            Some(None) => motions
                .iter()
                .find(|m| m.signatories.iter().any(|x| s.signers.iter().any(|y| y.name == x.name)))
                .or_else(|| motions.iter().find(|m| m.parties.iter().any(|q| parties.contains(q))))
                .map(|m| m.id.clone()),
            Some(Some(side)) => find(motions, side, None),
            None => None,
        };
        if s.favours.is_some() && favours.is_none() {
            pl.draft.notes.push(format!(
                "{}/{id}.md: the motion it favours was not found; set `favours` by hand",
                layout::STATEMENTS
            ));
        }
        out.push(Statement {
            id,
            kind: s.kind,
            body: body.to_string(),
            signatories,
            joins: None,
            same_as: None,
            favours,
            order: i + 1,
            text: escape(&s.text),
        });
    }
    out
}
