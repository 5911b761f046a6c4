//! Motions (yrkanden) and votes (voteringar): the `[[motions]]` and
//! `[[votes]]` of a case. Everything they name inside the case (other
//! motions) is checked here, with the front matter still at hand so that
//! each problem points at its own key; bodies and parties go through the
//! checker's pending references like every other id.

use super::{Checker, Target, check_markdown_values, signatories};
use crate::content::fields::Fields;
use crate::diagnostics::hint;
use crate::model::{Ballot, Counts, Member, Motion, Proposes, Vote, VoteKind};
use std::collections::BTreeSet;

const MOTION_KEYS: &[&str] =
    &["id", "body", "signatories", "parties", "date", "proposes", "supports", "text", "adopted"];
const VOTE_KEYS: &[&str] = &["kind", "body", "proposition", "yes", "no", "counts", "members"];
const MEMBER_KEYS: &[&str] = &["name", "party", "vote", "chair", "title"];
const COUNT_KEYS: &[&str] = &["yes", "no", "abstained", "absent"];

/// The motions and votes of the case whose front matter is `f`; `decided_by`
/// is the body their meeting belongs to unless one names another.
pub(super) fn parse(ck: &mut Checker, idx: usize, f: &mut Fields, decided_by: &str) -> (Vec<Motion>, Vec<Vote>) {
    let mut tables = f.tables("motions", MOTION_KEYS);
    let ids: Vec<Option<String>> = tables.iter_mut().map(|m| m.str("id")).collect();
    let known: Vec<&str> = ids.iter().flatten().map(String::as_str).collect();
    let mut motions = Vec::new();
    let mut adopted_at = Vec::new();
    let mut seen = BTreeSet::new();
    for (mut m, id) in tables.into_iter().zip(&ids) {
        let motion = motion(ck, idx, &mut m, id.as_deref(), &known, decided_by);
        if let Some(id) = id
            && !seen.insert(id.clone())
        {
            m.error_at("id", format!("two motions in this case have the id `{id}`: give each its own"));
        }
        let adopted_span = m.span_of("adopted");
        f.absorb(m);
        if let Some(motion) = motion {
            adopted_at.push(adopted_span);
            motions.push(motion);
        }
    }
    let mut votes = Vec::new();
    for (i, mut v) in f.tables("votes", VOTE_KEYS).into_iter().enumerate() {
        votes.extend(vote(ck, idx, &mut v, i + 1, &known, decided_by));
        f.absorb(v);
    }
    adopt(ck, idx, &mut motions, &adopted_at, &votes);
    (motions, votes)
}

fn motion(
    ck: &mut Checker,
    idx: usize,
    m: &mut Fields,
    id: Option<&str>,
    known: &[&str],
    decided_by: &str,
) -> Option<Motion> {
    if id.is_none() && !m.has("id") {
        m.error_at("id", "missing required key `id`: add e.g. `id = \"m-kd\"`, unique in the case".into());
    }
    let id_ok = id.is_some_and(crate::model::is_slug);
    if let Some(id) = id.filter(|_| !id_ok) {
        let slug = crate::model::slugify(id);
        m.error_at("id", format!("`{id}` is not a valid id: write `{slug}` (lowercase a–z, 0–9 and single dashes)"));
    }
    let body = m.id("body");
    let body = ck.refer(idx, "body", Target::Body, body).unwrap_or_else(|| decided_by.to_string());
    let signatories = signatories(ck, idx, m, "motion");
    let parties = m.ids("parties");
    let parties = ck.refer_all(idx, "parties", Target::Party, parties);
    let date = m.date("date");
    let proposes = m.term("proposes", Proposes::ALL, Proposes::term);
    let supports = m.id("supports");
    if let Some((s, _)) = &supports {
        if Some(s.as_str()) == id {
            m.error_at("supports", "`supports` names this motion itself: name the motion it backs".into());
        } else if !known.contains(&s.as_str()) {
            let message = format!(
                "`supports` names an unknown motion `{s}`{}: ids come from the `id` of each [[motions]]",
                hint(s, known.iter().copied())
            );
            m.error_at("supports", message);
        }
    }
    let proposes = match (proposes, &supports) {
        (Some(Proposes::Bifall) | None, Some(_)) => Some(Proposes::Bifall),
        (Some(p), Some(_)) => {
            let message = format!(
                "a motion that `supports` another is for bifall to it, not \"{}\": remove `proposes`",
                p.term()
            );
            m.error_at("proposes", message);
            None
        }
        (Some(p), None) => Some(p),
        (None, None) => {
            if !m.has("proposes") {
                m.error_at(
                    "proposes",
                    "missing required key `proposes`: write `proposes = \"bifall\"` (to the proposal), \"eget förslag\", \"avslag\", \"återremiss\" or \"bordläggning\", or name the motion it backs with `supports`".into(),
                );
            }
            None
        }
    };
    let text = m.str("text");
    check_markdown_values(ck, idx, m, "text", text.as_slice());
    let adopted = m.bool("adopted").unwrap_or(false);
    let parties = if parties.is_empty() {
        crate::model::parties_of(&signatories).into_iter().map(String::from).collect()
    } else {
        parties
    };
    Some(Motion {
        id: id.filter(|_| id_ok)?.to_string(),
        body,
        signatories,
        parties,
        date,
        proposes: proposes?,
        supports: supports.map(|(s, _)| s),
        text,
        adopted,
    })
}

fn vote(ck: &mut Checker, idx: usize, v: &mut Fields, number: usize, known: &[&str], decided_by: &str) -> Option<Vote> {
    let kind = v.req_term("kind", VoteKind::ALL, VoteKind::term);
    let body = v.id("body");
    let body = ck.refer(idx, "body", Target::Body, body).unwrap_or_else(|| decided_by.to_string());
    let proposition = v.str("proposition");
    let side = |v: &mut Fields, key: &str, what: &str| {
        let id = v.req_id(key);
        if let Some((id, _)) = &id
            && !known.contains(&id.as_str())
        {
            let message = format!(
                "`{key}` names an unknown motion `{id}`{}: a vote is between two motions, so name the `id` of the [[motions]] a {what} vote is for",
                hint(id, known.iter().copied())
            );
            v.error_at(key, message);
            return None;
        }
        id.map(|(id, _)| id)
    };
    let yes = side(v, "yes", "Ja");
    let no = side(v, "no", "Nej");
    if yes.is_some() && yes == no {
        v.error_at("no", "`yes` and `no` name the same motion: a vote is between two motions".into());
    }
    let members = members(ck, idx, v);
    let counts = Counts::of(&members);
    if let Some(mut c) = v.table("counts", COUNT_KEYS) {
        let derived = [
            ("yes", counts.yes, "ja"),
            ("no", counts.no, "nej"),
            ("abstained", counts.abstained, "avstår"),
            ("absent", counts.absent, "frånvarande"),
        ];
        for (key, have, ballot) in derived {
            let Some(written) = c.int(key) else { continue };
            if written != i64::from(have) {
                let message = format!(
                    "the minutes count {written} here, but {have} of the members vote \"{ballot}\": check each member's `vote` against the minutes"
                );
                c.error_at(key, message);
            }
        }
        v.absorb(c);
    }
    let chairs: Vec<&Member> = members.iter().filter(|m| m.chair).collect();
    if chairs.len() > 1 {
        v.error_at(
            "members",
            format!("{} members are marked `chair = true`: only the one who chaired the vote is", chairs.len()),
        );
    }
    let (yes_won, casting_vote) = if counts.yes != counts.no {
        (counts.yes > counts.no, false)
    } else {
        match chairs.first().map(|c| c.ballot) {
            Some(Ballot::Ja) => (true, true),
            Some(Ballot::Nej) => (false, true),
            _ => {
                if !members.is_empty() {
                    let message = format!(
                        "the vote is tied {}–{}: the chair's vote decides (utslagsröst), so mark the chair with `chair = true` and give their `vote` as \"ja\" or \"nej\"",
                        counts.yes, counts.no
                    );
                    v.error_at("members", message);
                }
                (false, false)
            }
        }
    };
    Some(Vote { number, kind: kind?, body, proposition, yes: yes?, no: no?, members, counts, yes_won, casting_vote })
}

fn members(ck: &mut Checker, idx: usize, v: &mut Fields) -> Vec<Member> {
    if !v.has("members") {
        v.error_at(
            "members",
            "missing required key `members`: list every member's vote, e.g. `members = [{ name = \"Anna Andersson\", party = \"s\", vote = \"ja\" }]`".into(),
        );
        return Vec::new();
    }
    let tables = v.tables("members", MEMBER_KEYS);
    if tables.is_empty() {
        v.error_at("members", "`members` must list at least one member's vote".into());
    }
    let mut members: Vec<Member> = Vec::new();
    for mut m in tables {
        let name = m.req_str("name").map(|n| n.trim().to_string());
        let party = m.req_id("party");
        let party = ck.refer(idx, "party", Target::Party, party);
        let ballot = m.req_term("vote", Ballot::ALL, Ballot::term);
        let chair = m.bool("chair").unwrap_or(false);
        let title = m.str("title");
        if let Some(n) = &name
            && members.iter().any(|o| &o.name == n)
        {
            m.error_at("name", format!("{n} is listed twice in this vote: each member votes once"));
        }
        v.absorb(m);
        if let (Some(name), Some(party), Some(ballot)) = (name, party, ballot) {
            members.push(Member { name, party, ballot, chair, title, person: String::new() });
        }
    }
    members
}

/// The main vote decides which motion was adopted; without one, the motion
/// marked `adopted = true` was. A marked motion that lost is an error.
fn adopt(
    ck: &mut Checker,
    idx: usize,
    motions: &mut [Motion],
    adopted_at: &[Option<std::ops::Range<usize>>],
    votes: &[Vote],
) {
    let main = votes.iter().rev().find(|v| v.kind == VoteKind::Huvudvotering);
    let mut marked = 0;
    for (i, m) in motions.iter_mut().enumerate() {
        let at = adopted_at[i].as_ref().map_or(0, |s| s.start);
        if m.adopted {
            marked += 1;
            if marked == 2 {
                ck.error(
                    idx,
                    at,
                    format!("motions[{}]: `adopted = true` on a second motion: the meeting adopts one", i + 1),
                );
            }
        }
        if let Some(main) = main {
            let won = main.winner() == m.id;
            if m.adopted && !won {
                let message = format!(
                    "motions[{}]: `adopted = true`, but the main vote (vote {}) was won by `{}`: remove `adopted`, or check the vote",
                    i + 1,
                    main.number,
                    main.winner()
                );
                ck.error(idx, at, message);
            }
            m.adopted = won;
        }
    }
}
