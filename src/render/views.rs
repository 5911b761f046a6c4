//! View structs: what templates see. Built from the model for one page at a
//! time (links are relative to that page), holding only display-ready data.

use super::Theme;
use crate::model::*;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub(crate) struct DateView {
    pub iso: String,
    pub text: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct LinkView {
    pub href: String,
    pub text: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct StanceView {
    pub term: &'static str,
    pub key: &'static str,
    pub label: String,
    pub symbol: &'static str,
}

#[derive(Serialize, Clone)]
pub(crate) struct PartyView {
    pub id: String,
    pub href: String,
    pub name: String,
    pub abbreviation: String,
    /// Brand colour, and a text colour that keeps AA contrast on it.
    pub color: Option<String>,
    pub text_color: Option<&'static str>,
}

#[derive(Serialize, Clone)]
pub(crate) struct SignatoryView {
    pub name: String,
    pub href: String,
    pub party: PartyView,
    pub and_others: bool,
    pub title: Option<String>,
}

#[derive(Serialize, Clone)]
pub(crate) struct CaseRow {
    pub id: String,
    pub href: String,
    pub title: String,
    pub case_number: String,
    pub referrer: String,
    pub year: u16,
    pub deadline: DateView,
    pub decided: Option<DateView>,
    pub status_key: &'static str,
    pub status_label: String,
    pub documents: Vec<LinkView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct ResponseRow {
    pub href: String,
    pub case: LinkView,
    pub case_number: String,
    pub body: LinkView,
    pub stance: StanceView,
    pub summary: String,
    pub meeting: Option<DateView>,
    pub drafted: Option<DateView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct StatementRow {
    pub id: String,
    pub href: String,
    pub kind: String,
    /// The kind's vocabulary key: its entry in the glossary.
    pub kind_key: &'static str,
    pub body: LinkView,
    pub case: LinkView,
    pub signatories: Vec<SignatoryView>,
    pub joins: Vec<LinkView>,
    pub same_as: Option<LinkView>,
    pub excerpt: String,
}

/// A motion as the case page lists it.
#[derive(Serialize, Clone)]
pub(crate) struct MotionView {
    pub id: String,
    /// "Yrkande från M, D, L och KD", for links and vote tables.
    pub label: String,
    pub signatories: Vec<SignatoryView>,
    /// "yrkade bifall till yrkande från M, D, L och KD den 21 mars 2025".
    pub proposes: String,
    /// What it proposes, as a vocabulary key: its entry in the glossary.
    pub proposes_key: &'static str,
    /// What it proposes, as the minutes word it ("bifall"), naming the glossary entry.
    pub proposes_term: &'static str,
    /// The motion it backs, linked.
    pub supports: Option<LinkView>,
    pub adopted: bool,
    /// Its own wording, rendered.
    pub html: Option<String>,
}

#[derive(Serialize, Clone)]
pub(crate) struct MemberView {
    pub name: String,
    pub href: String,
    pub party: PartyView,
    pub ballot: String,
    pub ballot_key: &'static str,
    pub chair: bool,
    pub title: Option<String>,
}

#[derive(Serialize, Clone)]
pub(crate) struct VoteView {
    pub number: usize,
    pub kind: String,
    /// The kind's vocabulary key: its entry in the glossary.
    pub kind_key: &'static str,
    pub body: LinkView,
    pub proposition: Option<String>,
    /// The motions a Ja and a Nej vote are for, linked to the case page.
    pub yes: LinkView,
    pub no: LinkView,
    pub members: Vec<MemberView>,
    pub yes_count: u32,
    pub no_count: u32,
    pub abstained: u32,
    pub absent: u32,
    pub yes_won: bool,
    pub casting_vote: bool,
    /// "Ja vann, 4 röster mot 3; 6 avstod".
    pub result: String,
}

/// One vote in a list on a person's, party's or body's page.
#[derive(Serialize, Clone)]
pub(crate) struct VoteRow {
    pub case: LinkView,
    /// The vote's kind, linked to its table on the case page.
    pub vote: LinkView,
    /// The kind's vocabulary key: its entry in the glossary.
    pub kind_key: &'static str,
    pub date: Option<DateView>,
    pub result: String,
    /// How this person voted, or how this party's members did ("3 Ja, 1 Avstår").
    pub ballot: Option<String>,
    pub ballot_key: Option<&'static str>,
}

/// One motion in a list on a person's or party's page.
#[derive(Serialize, Clone)]
pub(crate) struct MotionRow {
    pub case: LinkView,
    pub motion: LinkView,
    pub signatories: Vec<SignatoryView>,
    pub proposes: String,
    pub proposes_key: &'static str,
    pub proposes_term: &'static str,
    pub adopted: bool,
}

/// Builds views for the page in folder `from`.
pub(crate) struct Views<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub from: &'a str,
}

impl<'a> Views<'a> {
    pub(crate) fn href(&self, to: &str) -> String {
        paths::relative(self.from, to)
    }

    pub(crate) fn date(&self, d: Date) -> DateView {
        DateView { iso: d.to_string(), text: self.theme.format_date(d) }
    }

    pub(crate) fn opt_date(&self, d: Option<Date>) -> Option<DateView> {
        d.map(|d| self.date(d))
    }

    pub(crate) fn stance(&self, s: Stance) -> StanceView {
        StanceView {
            term: s.term(),
            key: s.key(),
            label: self.theme.t(&format!("stance.{}", s.key())),
            symbol: s.symbol(),
        }
    }

    pub(crate) fn body(&self, id: &str) -> LinkView {
        let text = self.site.bodies.get(id).map_or_else(|| id.to_string(), |b| b.name.clone());
        LinkView { href: self.href(&paths::body(id)), text }
    }

    pub(crate) fn document(&self, id: &str) -> LinkView {
        let text =
            self.site.documents.get(id).map_or_else(|| id.to_string(), |d| format!("{} {}", d.designation, d.title));
        LinkView { href: self.href(&paths::document(id)), text }
    }

    pub(crate) fn case_link(&self, case: &Case) -> LinkView {
        LinkView { href: self.href(&paths::case(&case.id)), text: case.title.clone() }
    }

    pub(crate) fn party(&self, id: &str) -> PartyView {
        let p = self.site.parties.get(id);
        let color = p.and_then(|p| p.color.clone());
        PartyView {
            id: id.to_string(),
            href: self.href(&paths::party(id)),
            name: p.map_or_else(|| id.to_string(), |p| p.name.clone()),
            abbreviation: p.map_or_else(|| id.to_uppercase(), |p| p.abbreviation.clone()),
            text_color: color.as_deref().map(text_color_on),
            color,
        }
    }

    pub(crate) fn status_label(&self, s: Status) -> String {
        self.theme.t(&format!("status.{}", s.key()))
    }

    pub(crate) fn case_row(&self, case: &Case) -> CaseRow {
        CaseRow {
            id: case.id.clone(),
            href: self.href(&paths::case(&case.id)),
            title: case.title.clone(),
            case_number: case.case_number.clone(),
            referrer: case.referrer.clone(),
            year: case.date().year,
            deadline: self.date(case.deadline),
            decided: self.opt_date(case.decided),
            status_key: case.status.key(),
            status_label: self.status_label(case.status),
            documents: case.documents.iter().map(|d| self.document(d)).collect(),
        }
    }

    pub(crate) fn response_row(&self, case: &Case, r: &Response) -> ResponseRow {
        ResponseRow {
            href: self.href(&paths::response(&case.id, &r.body)),
            case: self.case_link(case),
            case_number: case.case_number.clone(),
            body: self.body(&r.body),
            stance: self.stance(r.stance),
            summary: r.summary.clone(),
            meeting: self.opt_date(r.meeting),
            drafted: self.opt_date(r.drafted),
        }
    }

    pub(crate) fn signatory(&self, s: &Signatory) -> SignatoryView {
        SignatoryView {
            name: s.name.clone(),
            href: self.href(&paths::person(&s.person)),
            party: self.party(&s.party),
            and_others: s.and_others,
            title: s.title.clone(),
        }
    }

    pub(crate) fn statement_link(&self, case: &Case, id: &str) -> LinkView {
        let text = case.statement(id).map_or_else(|| id.to_string(), |s| self.statement_title(s));
        LinkView { href: self.href(&paths::statement(&case.id, id)), text }
    }

    /// "Särskilt uttalande av Jan Jönsson (L), Andrea Hedin m.fl. (M)".
    pub(crate) fn statement_title(&self, s: &Statement) -> String {
        let names: Vec<String> = s
            .signatories
            .iter()
            .map(|g| {
                let abbr =
                    self.site.parties.get(&g.party).map_or_else(|| g.party.to_uppercase(), |p| p.abbreviation.clone());
                let others = if g.and_others { format!(" {}", self.theme.t("and_others")) } else { String::new() };
                format!("{}{others} ({abbr})", g.name)
            })
            .collect();
        format!("{} {} {}", self.kind_label(s.kind), self.theme.t("by"), join_names(&names, &self.theme.t("and")))
    }

    pub(crate) fn kind_label(&self, k: StatementKind) -> String {
        self.theme.t(&format!("kind.{}", k.key()))
    }

    pub(crate) fn statement_row(&self, case: &Case, s: &Statement) -> StatementRow {
        let excerpt_source = match &s.same_as {
            Some(other) if s.text.is_empty() => case.statement(other).map_or("", |o| o.text.source.as_str()),
            _ => s.text.source.as_str(),
        };
        StatementRow {
            id: s.id.clone(),
            href: self.href(&paths::statement(&case.id, &s.id)),
            kind: self.kind_label(s.kind),
            kind_key: s.kind.key(),
            body: self.body(&s.body),
            case: self.case_link(case),
            signatories: s.signatories.iter().map(|g| self.signatory(g)).collect(),
            joins: s.joins.iter().map(|j| self.statement_link(case, j)).collect(),
            same_as: s.same_as.as_ref().map(|o| self.statement_link(case, o)),
            excerpt: excerpt(&crate::markdown::plain_text(excerpt_source), 240),
        }
    }
}

impl Views<'_> {
    /// A motion's short name: "Yrkande från V och MP".
    pub(crate) fn motion_label(&self, m: &Motion) -> String {
        self.motion_named(m, "motion.label")
    }

    /// The label after the words in `key` ("Yrkande från", or "yrkande från" inside a sentence).
    fn motion_named(&self, m: &Motion, key: &str) -> String {
        let abbrs: Vec<String> = m.parties.iter().map(|p| self.party(p).abbreviation).collect();
        format!("{} {}", self.theme.t(key), join_names(&abbrs, &self.theme.t("and")))
    }

    /// A link to a motion on its case page.
    pub(crate) fn motion_link(&self, case: &Case, id: &str) -> LinkView {
        let text = case.motion(id).map_or_else(|| id.to_string(), |m| self.motion_label(m));
        LinkView { href: format!("{}#{}", self.href(&paths::case(&case.id)), paths::motion_anchor(id)), text }
    }

    /// What the motion asks for: "yrkade bifall till yrkande från V och MP den 21 mars 2025".
    pub(crate) fn proposes(&self, m: &Motion) -> String {
        let t = |k: &str| self.theme.t(k);
        match (m.proposes, &m.supports) {
            (_, Some(_)) => t("motion.supports"),
            (Proposes::EgetForslag, None) => {
                let date = m
                    .date
                    .map_or_else(String::new, |d| format!(" {} {}", t("motion.dated"), self.theme.format_date(d)));
                format!("{}{date}", self.motion_named(m, "motion.eget_forslag"))
            }
            (p, None) => t(&format!("motion.{}", p.key().replace('-', "_"))),
        }
    }

    /// The motion `m` backs, linked, named as inside a sentence.
    fn supports(&self, case: &Case, m: &Motion) -> Option<LinkView> {
        let other = case.motion(m.supports.as_deref()?)?;
        Some(LinkView {
            href: format!("{}#{}", self.href(&paths::case(&case.id)), paths::motion_anchor(&other.id)),
            text: self.motion_named(other, "motion.label_inline"),
        })
    }

    pub(crate) fn motion(&self, case: &Case, m: &Motion) -> MotionView {
        MotionView {
            id: m.id.clone(),
            label: self.motion_label(m),
            signatories: m.signatories.iter().map(|g| self.signatory(g)).collect(),
            proposes: self.proposes(m),
            proposes_key: m.proposes.key(),
            proposes_term: m.proposes.term(),
            supports: self.supports(case, m),
            adopted: m.adopted,
            html: m.text.as_ref().map(|text| {
                crate::markdown::render(&Markdown { source: text.as_str().into(), dir: String::new() }, self.from)
            }),
        }
    }

    /// A vote for a list; `ballot` is what to show in the vote column.
    pub(crate) fn vote_row(&self, case: &Case, v: &Vote, ballot: Option<(String, Option<&'static str>)>) -> VoteRow {
        let (ballot, ballot_key) = ballot.map_or((None, None), |(b, k)| (Some(b), k));
        VoteRow {
            case: self.case_link(case),
            vote: LinkView {
                href: format!("{}#{}", self.href(&paths::case(&case.id)), paths::vote_anchor(v.number)),
                text: self.theme.t(&format!("vote.{}", v.kind.key())),
            },
            kind_key: v.kind.key(),
            date: self.opt_date(case.decided),
            result: self.vote_result(v),
            ballot,
            ballot_key,
        }
    }

    /// The vote of the member whose person page is `slug`.
    pub(crate) fn person_ballot(&self, v: &Vote, slug: &str) -> Option<(String, Option<&'static str>)> {
        let m = v.members.iter().find(|m| m.person == slug)?;
        Some((self.theme.t(&format!("ballot.{}", m.ballot.key())), Some(m.ballot.key())))
    }

    /// How the members of `party` voted: "3 Ja, 1 Avstår".
    pub(crate) fn party_ballots(&self, v: &Vote, party: &str) -> Option<(String, Option<&'static str>)> {
        let members: Vec<Member> = v.members.iter().filter(|m| m.party == party).cloned().collect();
        let c = Counts::of(&members);
        let parts: Vec<String> =
            [(c.yes, Ballot::Ja), (c.no, Ballot::Nej), (c.abstained, Ballot::Avstar), (c.absent, Ballot::Franvarande)]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, b)| format!("{n} {}", self.theme.t(&format!("ballot.{}", b.key()))))
                .collect();
        (!parts.is_empty()).then(|| (parts.join(", "), None))
    }

    pub(crate) fn motion_row(&self, case: &Case, m: &Motion) -> MotionRow {
        let proposes = match self.supports(case, m) {
            Some(s) => format!("{} {}", self.proposes(m), s.text),
            None => self.proposes(m),
        };
        MotionRow {
            case: self.case_link(case),
            motion: self.motion_link(case, &m.id),
            signatories: m.signatories.iter().map(|g| self.signatory(g)).collect(),
            proposes,
            proposes_key: m.proposes.key(),
            proposes_term: m.proposes.term(),
            adopted: m.adopted,
        }
    }

    /// "Ja vann, 4 röster mot 3; 6 avstod".
    pub(crate) fn vote_result(&self, v: &Vote) -> String {
        let t = |k: &str| self.theme.t(k);
        let c = v.counts;
        let winner = t(if v.yes_won { "vote.yes_won" } else { "vote.no_won" });
        let mut result = if v.casting_vote {
            format!("{winner}, {}", t("vote.casting"))
        } else {
            format!("{winner}, {} {} {}", c.yes.max(c.no), t("vote.against"), c.yes.min(c.no))
        };
        if c.abstained > 0 {
            result.push_str(&format!("; {} {}", c.abstained, t("vote.abstained")));
        }
        if c.absent > 0 {
            result.push_str(&format!("; {} {}", c.absent, t("vote.absent")));
        }
        result
    }

    pub(crate) fn vote(&self, case: &Case, v: &Vote) -> VoteView {
        let t = |k: &str| self.theme.t(k);
        let c = v.counts;
        let result = self.vote_result(v);
        VoteView {
            number: v.number,
            kind: t(&format!("vote.{}", v.kind.key())),
            kind_key: v.kind.key(),
            body: self.body(&v.body),
            proposition: v.proposition.clone(),
            yes: self.motion_link(case, &v.yes),
            no: self.motion_link(case, &v.no),
            members: v
                .members
                .iter()
                .map(|m| MemberView {
                    name: m.name.clone(),
                    href: self.href(&paths::person(&m.person)),
                    party: self.party(&m.party),
                    ballot: t(&format!("ballot.{}", m.ballot.key())),
                    ballot_key: m.ballot.key(),
                    chair: m.chair,
                    title: m.title.clone(),
                })
                .collect(),
            yes_count: c.yes,
            no_count: c.no,
            abstained: c.abstained,
            absent: c.absent,
            yes_won: v.yes_won,
            casting_vote: v.casting_vote,
            result,
        }
    }
}

/// "a, b och c".
pub(crate) fn join_names(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// The first `max` characters of the first paragraph, cut at a word.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let first = text.split("\n\n").next().unwrap_or("").trim();
    if first.chars().count() <= max {
        return first.to_string();
    }
    let cut: String = first.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

/// Black or white, whichever contrasts more with the background `#rrggbb`
/// (WCAG relative luminance), so any party colour keeps text readable.
pub(crate) fn text_color_on(hex: &str) -> &'static str {
    if contrast(hex, "#000000") >= contrast(hex, "#ffffff") { "#000000" } else { "#ffffff" }
}

fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// WCAG contrast ratio between two `#rrggbb` colours.
pub(crate) fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_colours_keep_contrast() {
        for c in ["#e8112d", "#52bdec", "#dddd00", "#000077", "#009933", "#83cf39", "#6ab2e7", "#da291c"] {
            let fg = text_color_on(c);
            assert!(contrast(c, fg) >= 4.5, "{c} on {fg}: {}", contrast(c, fg));
        }
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("kort text", 100), "kort text");
        assert_eq!(excerpt("ett två tre fyra", 9), "ett två…");
        assert_eq!(join_names(&["a".into(), "b".into(), "c".into()], "och"), "a, b och c");
    }
}
