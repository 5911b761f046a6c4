//! How the site becomes records: the records of each dataset, in the order
//! of the site's maps, so the files are the same on every build.

use super::*;

pub(super) fn response_records(site: &Site) -> Vec<ResponseRecord<'_>> {
    site.cases.values().flat_map(|c| c.responses.values().map(move |r| response_record(site, c, r))).collect()
}

pub(super) fn proposal_stance_records(site: &Site) -> Vec<ProposalStanceRecord<'_>> {
    site.cases.values().flat_map(|c| c.responses.values().flat_map(move |r| proposal_stances(site, c, r))).collect()
}

pub(super) fn statement_records(site: &Site) -> Vec<StatementRecord<'_>> {
    site.cases.values().flat_map(|c| c.statements.iter().map(move |s| statement_record(site, c, s))).collect()
}

pub(super) fn all_signatory_records(site: &Site) -> Vec<SignatoryRecord<'_>> {
    site.cases.values().flat_map(|c| c.statements.iter().flat_map(move |s| signatory_records(site, c, s))).collect()
}

pub(super) fn body_records(site: &Site) -> Vec<BodyRecord<'_>> {
    site.bodies
        .values()
        .map(|body| BodyRecord {
            id: &body.id,
            url: site.absolute(&paths::body(&body.id)),
            name: &body.name,
            kind: body.kind.term(),
            office: body.office.as_deref(),
            website: body.url.as_deref(),
            feed: site.absolute(&paths::feed_of(&paths::body(&body.id))),
            text: &body.text.source,
        })
        .collect()
}

pub(super) fn party_records(site: &Site) -> Vec<PartyRecord<'_>> {
    site.parties
        .values()
        .map(|party| PartyRecord {
            id: &party.id,
            url: site.absolute(&paths::party(&party.id)),
            name: &party.name,
            abbreviation: &party.abbreviation,
            aliases: &party.aliases,
            color: party.color.as_deref(),
            feed: site.absolute(&paths::feed_of(&paths::party(&party.id))),
            text: &party.text.source,
        })
        .collect()
}

pub(super) fn person_records(site: &Site) -> Vec<PersonRecord<'_>> {
    site.persons
        .values()
        .map(|person| PersonRecord {
            id: &person.slug,
            url: site.absolute(&paths::person(&person.slug)),
            name: &person.name,
            parties: person.parties.iter().map(String::as_str).collect(),
            titles: person.titles.iter().map(String::as_str).collect(),
            statements: person.statements.iter().map(|r| format!("{}/{}", r.case, r.statement)).collect(),
            reported: &person.reported,
            motions: person.motions.iter().map(|r| format!("{}/{}", r.case, r.motion)).collect(),
            votes: person.votes.iter().map(|r| format!("{}/{}", r.case, r.vote)).collect(),
        })
        .collect()
}

pub(super) fn document_records(site: &Site) -> Vec<DocumentRecord<'_>> {
    site.documents
        .values()
        .map(|doc| DocumentRecord {
            id: &doc.id,
            url: site.absolute(&paths::document(&doc.id)),
            title: &doc.title,
            designation: &doc.designation,
            kind: doc.kind.term(),
            date: iso(doc.date),
            author: doc.author.as_deref(),
            source_url: doc.url.as_deref(),
            related: &doc.related,
            proposals: doc.proposals.iter().map(|p| p.id.as_str()).collect(),
            cases: site.links.cases_by_document.get(&doc.id).map_or(&[], Vec::as_slice),
            feed: site.absolute(&paths::feed_of(&paths::document(&doc.id))),
            text: &doc.text.source,
        })
        .collect()
}

pub(super) fn proposal_records(site: &Site) -> Vec<ProposalRecord<'_>> {
    site.documents
        .values()
        .flat_map(|doc| {
            let page = paths::document(&doc.id);
            doc.proposals.iter().map(move |p| ProposalRecord {
                document: &doc.id,
                id: &p.id,
                // The document page gives each proposal an element id equal
                // to the proposal id.
                url: site.absolute(&format!("{page}#{}", p.id)),
                title: &p.title,
                summary: p.summary.as_deref(),
            })
        })
        .collect()
}

pub(super) fn case_record<'a>(site: &Site, case: &'a Case) -> CaseRecord<'a> {
    let rapporteur = case.rapporteur.as_ref();
    CaseRecord {
        id: &case.id,
        url: site.absolute(&paths::case(&case.id)),
        title: &case.title,
        case_number: &case.case_number,
        pm: case.pm.as_deref(),
        documents: &case.documents,
        referrer: &case.referrer,
        date: case.date().to_string(),
        received: iso(case.received),
        deadline: case.deadline.to_string(),
        internal_deadline: iso(case.internal_deadline),
        decided_by: &case.decided_by,
        decided: iso(case.decided),
        answered: case.answered,
        status: case.status.term(),
        rapporteur: rapporteur.map(|r| r.name.as_str()),
        rapporteur_title: rapporteur.and_then(|r| r.title.as_deref()),
        rapporteur_person: rapporteur.map(|r| r.person.as_str()),
        rapporteur_date: iso(case.rapporteur_date),
        referred_to: &case.referred_to,
        responses: case.responses.keys().map(String::as_str).collect(),
        statements: case.statements.iter().map(|s| s.id.as_str()).collect(),
        motions: case.motions.iter().map(|m| m.id.as_str()).collect(),
        votes: case.votes.iter().map(|v| v.number).collect(),
        decision: &case.decision,
        related_cases: &case.related_cases,
        earlier_answers: &case.earlier_answers,
        tags: &case.tags,
        attachments: attachment_urls(site, &case.attachments),
        text: &case.text.source,
    }
}

pub(super) fn response_record<'a>(site: &Site, case: &'a Case, response: &'a Response) -> ResponseRecord<'a> {
    ResponseRecord {
        case: &case.id,
        body: &response.body,
        url: site.absolute(&paths::response(&case.id, &response.body)),
        stance: response.stance.term(),
        summary: &response.summary,
        date: iso(response.date()),
        meeting: iso(response.meeting),
        drafted: iso(response.drafted),
        drafted_by: response.drafted_by.as_deref(),
        proposed_decision: response.proposed_decision.as_deref(),
        decision: &response.decision,
        joint_with: &response.joint_with,
        proposals: response.proposals.keys().map(String::as_str).collect(),
        attachments: attachment_urls(site, &response.attachments),
        text: &response.text.source,
    }
}

/// One row per proposal the response takes a stance on. A response names
/// proposals by id only, so when a case covers several documents the
/// proposal's document is the first of them that has a proposal with that id.
pub(super) fn proposal_stances<'a>(
    site: &'a Site,
    case: &'a Case,
    response: &'a Response,
) -> Vec<ProposalStanceRecord<'a>> {
    let url = site.absolute(&paths::response(&case.id, &response.body));
    response
        .proposals
        .iter()
        .map(|(proposal, stance)| ProposalStanceRecord {
            case: &case.id,
            body: &response.body,
            document: case
                .documents
                .iter()
                .find(|d| site.documents.get(*d).is_some_and(|doc| doc.proposals.iter().any(|p| &p.id == proposal)))
                .map(String::as_str),
            proposal,
            stance: stance.term(),
            note: response.proposal_notes.get(proposal).map(String::as_str),
            url: url.clone(),
        })
        .collect()
}

pub(super) fn statement_record<'a>(site: &Site, case: &'a Case, statement: &'a Statement) -> StatementRecord<'a> {
    StatementRecord {
        case: &case.id,
        id: &statement.id,
        url: site.absolute(&paths::statement(&case.id, &statement.id)),
        kind: statement.kind.term(),
        body: &statement.body,
        date: case.statement_date(statement).to_string(),
        signatories: embedded(&statement.signatories),
        parties: statement.parties(),
        joins: &statement.joins,
        same_as: statement.same_as.as_deref(),
        favours: statement.favours.as_deref(),
        order: statement.order,
        attachments: attachment_urls(site, &statement.attachments),
        text: &statement.text.source,
    }
}

pub(super) fn embedded(signatories: &[Signatory]) -> Vec<EmbeddedSignatory<'_>> {
    signatories
        .iter()
        .map(|s| EmbeddedSignatory {
            name: &s.name,
            party: &s.party,
            and_others: s.and_others,
            title: s.title.as_deref(),
            person: &s.person,
        })
        .collect()
}

/// The URL of a fragment of a case page.
pub(super) fn on_case(site: &Site, case: &Case, anchor: &str) -> String {
    site.absolute(&format!("{}#{anchor}", paths::case(&case.id)))
}

pub(super) fn motion_records(site: &Site) -> Vec<MotionRecord<'_>> {
    site.cases
        .values()
        .flat_map(|case| {
            case.motions.iter().map(move |m| MotionRecord {
                case: &case.id,
                id: &m.id,
                url: on_case(site, case, &paths::motion_anchor(&m.id)),
                body: &m.body,
                date: iso(m.date),
                signatories: embedded(&m.signatories),
                parties: &m.parties,
                proposes: m.proposes.term(),
                supports: m.supports.as_deref(),
                adopted: m.adopted,
                text: m.text.as_deref(),
            })
        })
        .collect()
}

pub(super) fn vote_records(site: &Site) -> Vec<VoteRecord<'_>> {
    site.cases
        .values()
        .flat_map(|case| {
            case.votes.iter().map(move |v| VoteRecord {
                case: &case.id,
                number: v.number,
                url: on_case(site, case, &paths::vote_anchor(v.number)),
                body: &v.body,
                date: iso(case.decided),
                kind: v.kind.term(),
                proposition: v.proposition.as_deref(),
                yes: &v.yes,
                no: &v.no,
                winner: v.winner(),
                yes_won: v.yes_won,
                casting_vote: v.casting_vote,
                yes_count: v.counts.yes,
                no_count: v.counts.no,
                abstained_count: v.counts.abstained,
                absent_count: v.counts.absent,
            })
        })
        .collect()
}

pub(super) fn ballot_records(site: &Site) -> Vec<BallotRecord<'_>> {
    site.cases
        .values()
        .flat_map(|case| {
            case.votes.iter().flat_map(move |v| {
                let url = on_case(site, case, &paths::vote_anchor(v.number));
                v.members.iter().enumerate().map(move |(i, m)| BallotRecord {
                    case: &case.id,
                    vote: v.number,
                    url: url.clone(),
                    position: i + 1,
                    name: &m.name,
                    party: &m.party,
                    ballot: m.ballot.term(),
                    chair: m.chair,
                    title: m.title.as_deref(),
                    person: &m.person,
                    person_url: site.absolute(&paths::person(&m.person)),
                })
            })
        })
        .collect()
}

pub(super) fn signatory_records<'a>(site: &Site, case: &'a Case, statement: &'a Statement) -> Vec<SignatoryRecord<'a>> {
    let url = site.absolute(&paths::statement(&case.id, &statement.id));
    statement
        .signatories
        .iter()
        .enumerate()
        .map(|(i, s)| SignatoryRecord {
            case: &case.id,
            statement: &statement.id,
            url: url.clone(),
            position: i + 1,
            name: &s.name,
            party: &s.party,
            and_others: s.and_others,
            title: s.title.as_deref(),
            person: &s.person,
            person_url: site.absolute(&paths::person(&s.person)),
        })
        .collect()
}
