//! A small but complete site for the unit tests of the output stages
//! (feeds, open data), built in code so that each test can change it.

use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

pub(crate) fn md(s: &str) -> Markdown {
    Markdown { source: s.into(), dir: String::new() }
}

pub(crate) fn sign(name: &str, party: &str, and_others: bool) -> Signatory {
    Signatory { name: name.to_string(), party: party.to_string(), and_others, title: None, person: slugify(name) }
}

pub(crate) fn response(body: &str, stance: Stance, meeting: Option<&str>) -> Response {
    Response {
        body: body.to_string(),
        stance,
        summary: format!("Svar från {body}."),
        meeting: meeting.map(date),
        drafted: Some(date("2023-03-01")),
        drafted_by: None,
        proposed_decision: None,
        decision: vec![],
        joint_with: vec![],
        proposals: BTreeMap::new(),
        proposal_notes: BTreeMap::new(),
        text: md("Svaret."),
        attachments: vec![],
    }
}

pub(crate) fn open_case(id: &str, title: &str, deadline: &str, internal: Option<&str>) -> Case {
    Case {
        id: id.to_string(),
        title: title.to_string(),
        case_number: format!("KS {id}"),
        pm: None,
        documents: vec![],
        referrer: "Huddinge kommun, planenheten; avd. 2".to_string(),
        received: Some(date("2024-01-10")),
        deadline: date(deadline),
        internal_deadline: internal.map(date),
        decided_by: "kommunstyrelsen".to_string(),
        decided: None,
        answered: false,
        rapporteur: None,
        rapporteur_date: None,
        referred_to: vec![],
        decision: vec![],
        related_cases: vec![],
        earlier_answers: vec![],
        tags: vec![],
        draft: false,
        status: Status::Oppen,
        text: md(""),
        responses: BTreeMap::new(),
        statements: vec![],
        attachments: vec![],
        motions: vec![],
        votes: vec![],
    }
}

/// A small but complete site: one answered case on a document with two
/// proposals, two responses (one with proposal stances), a reservation
/// and a statement joining it from two parties, plus two open cases
/// (one overdue) for the calendar.
#[expect(clippy::too_many_lines, reason = "one literal site, read as a whole")]
pub(crate) fn test_site() -> Site {
    let config = Config {
        title: "Stadens <remissvar> & annat".to_string(),
        base_url: "https://example.org:8443/remissvar/".to_string(),
        organisation: "Stockholms stad".to_string(),
        language: "sv".to_string(),
        content_language: "sv".to_string(),
        description: None,
        theme: "default".to_string(),
        accessibility: None,
        host: None,
        feed_limit: crate::config::FEED_LIMIT,
    };
    let mut bodies = BTreeMap::new();
    for (id, name, kind) in [
        ("kommunstyrelsen", "Kommunstyrelsen", BodyKind::Kommunstyrelse),
        ("socialnamnden", "Socialnämnden", BodyKind::Namnd),
        ("skarpnack", "Skarpnäcks stadsdelsnämnd", BodyKind::Stadsdelsnamnd),
        ("utbildningsnamnden", "Utbildningsnämnden", BodyKind::Namnd),
    ] {
        bodies.insert(
            id.to_string(),
            Body { id: id.to_string(), name: name.to_string(), kind, office: None, url: None, text: md("") },
        );
    }
    let mut parties = BTreeMap::new();
    for (id, name, abbr) in [("m", "Moderaterna", "M"), ("s", "Socialdemokraterna", "S")] {
        parties.insert(
            id.to_string(),
            Party {
                id: id.to_string(),
                name: name.to_string(),
                abbreviation: abbr.to_string(),
                aliases: vec![],
                color: Some("#1b49dd".to_string()),
                text: md(""),
            },
        );
    }
    let mut documents = BTreeMap::new();
    documents.insert(
        "sou-2022-67".to_string(),
        Document {
            id: "sou-2022-67".to_string(),
            title: "Vägar till ett tryggare samhälle".to_string(),
            designation: "SOU 2022:67".to_string(),
            kind: DocumentKind::Sou,
            date: Some(date("2022-11-30")),
            author: Some("Trygghetsberedningen".to_string()),
            url: Some("https://www.regeringen.se/sou-2022-67".to_string()),
            related: vec![],
            proposals: vec![
                Proposal {
                    id: "kraftsamling".to_string(),
                    title: "En nationell kraftsamling".to_string(),
                    summary: Some("Staten och kommunerna, tillsammans.".to_string()),
                },
                Proposal { id: "kommitte".to_string(), title: "En kommitté".to_string(), summary: None },
            ],
            text: md("Betänkandet handlar om *barn och unga*."),
        },
    );

    let mut social = response("socialnamnden", Stance::IHuvudsakPositiv, Some("2023-03-21"));
    social.proposals.insert("kraftsamling".to_string(), Stance::Positiv);
    social.proposals.insert("kommitte".to_string(), Stance::Negativ);
    social
        .proposal_notes
        .insert("kommitte".to_string(), "Stärk befintliga strukturer; inte en \"ny\" kommitté.".to_string());
    social.decision = vec!["Nämnden överlämnar svaret.".to_string()];
    let skarp = response("skarpnack", Stance::Blandad, None);

    let reservation = Statement {
        id: "reservation-m".to_string(),
        kind: StatementKind::Reservation,
        body: "socialnamnden".to_string(),
        signatories: vec![sign("Åsa Ärlig", "m", true), sign("Bo Björk", "m", false)],
        joins: vec![],
        same_as: None,
        favours: None,
        order: Some(1),
        text: md("Vi yrkar avslag."),
        attachments: vec![],
    };
    let joining = Statement {
        id: "uttalande-s".to_string(),
        kind: StatementKind::SarskiltUttalande,
        body: "kommunstyrelsen".to_string(),
        signatories: vec![sign("Cecilia Çelik", "s", false), sign("Bo Björk", "m", false)],
        joins: vec!["reservation-m".to_string()],
        same_as: None,
        favours: None,
        order: None,
        text: md("Vi instämmer."),
        attachments: vec![],
    };

    let mut answered =
        open_case("ks-2023-99", "Vägar <till> ett tryggare & \"bättre\" samhälle", "2023-04-28", Some("2023-03-31"));
    answered.case_number = "KS 2023/99".to_string();
    answered.referrer = "Justitiedepartementet".to_string();
    answered.documents = vec!["sou-2022-67".to_string()];
    answered.decided = Some(date("2023-04-26"));
    answered.status = Status::Besvarad;
    answered.rapporteur = Some(Rapporteur {
        name: "Alexander Ojanne".to_string(),
        title: Some("borgarråd".to_string()),
        person: "alexander-ojanne".to_string(),
    });
    answered.rapporteur_date = Some(date("2023-04-12"));
    answered.referred_to = vec!["socialnamnden".to_string(), "skarpnack".to_string(), "utbildningsnamnden".to_string()];
    answered.decision = vec![
        "Remissen besvaras med hänvisning till promemorian.".to_string(),
        "Paragrafen justeras omedelbart.".to_string(),
    ];
    answered.tags = vec!["barn".to_string(), "trygghet".to_string()];
    answered.text = md("## Sammanfattning\n\nText, med komma; och semikolon.");
    answered.attachments = vec![Attachment {
        path: "remisser/ks-2023-99/beslut 1.pdf".to_string(),
        file_name: "beslut 1.pdf".to_string(),
        bytes: 1234,
        source: std::path::PathBuf::from("content/remisser/ks-2023-99/beslut 1.pdf"),
    }];
    answered.responses.insert("socialnamnden".to_string(), social);
    answered.responses.insert("skarpnack".to_string(), skarp);
    answered.statements = vec![joining, reservation];
    answered.motions = vec![
        Motion {
            id: "s".to_string(),
            body: "kommunstyrelsen".to_string(),
            signatories: vec![sign("Cecilia Çelik", "s", false)],
            parties: vec!["s".to_string()],
            date: None,
            proposes: Proposes::Bifall,
            supports: None,
            text: None,
            adopted: true,
        },
        Motion {
            id: "m".to_string(),
            body: "kommunstyrelsen".to_string(),
            signatories: vec![sign("Bo Björk", "m", false)],
            parties: vec!["m".to_string()],
            date: Some(date("2023-04-20")),
            proposes: Proposes::EgetForslag,
            supports: None,
            text: Some("Avslag på \"kommitté\"; i övrigt bifall.".to_string()),
            adopted: false,
        },
    ];
    let members = vec![
        Member {
            name: "Cecilia Çelik".to_string(),
            party: "s".to_string(),
            ballot: Ballot::Ja,
            chair: true,
            title: None,
            person: "cecilia-celik".to_string(),
        },
        Member {
            name: "Bo Björk".to_string(),
            party: "m".to_string(),
            ballot: Ballot::Nej,
            chair: false,
            title: Some("tjänstgörande ersättare".to_string()),
            person: "bo-bjork".to_string(),
        },
    ];
    answered.votes = vec![Vote {
        number: 1,
        kind: VoteKind::Huvudvotering,
        body: "kommunstyrelsen".to_string(),
        proposition: Some("Ja för bifall till S yrkande och Nej för bifall till M yrkande.".to_string()),
        yes: "s".to_string(),
        no: "m".to_string(),
        counts: Counts::of(&members),
        members,
        yes_won: true,
        casting_vote: true,
    }];

    let long_title = "Samråd om förslag till översiktsplan för Huddinge kommun, \
                      med särskilt fokus på Flemingsbergs centrum; del två";
    let open = open_case("ks-2024-7", long_title, "2024-02-29", Some("2024-02-15"));
    let mut late = open_case("ks-2023-500", "Sen remiss", "2023-12-31", None);
    late.received = Some(date("2023-11-01"));
    late.status = Status::Forsenad;

    let mut cases = BTreeMap::new();
    for case in [answered, open, late] {
        cases.insert(case.id.clone(), case);
    }

    let mut persons = BTreeMap::new();
    let stmt = |case: &str, s: &str| StatementRef { case: case.to_string(), statement: s.to_string() };
    for (name, parties, statements, reported) in [
        ("Åsa Ärlig", vec!["m"], vec![stmt("ks-2023-99", "reservation-m")], vec![]),
        ("Bo Björk", vec!["m"], vec![stmt("ks-2023-99", "reservation-m"), stmt("ks-2023-99", "uttalande-s")], vec![]),
        ("Cecilia Çelik", vec!["s"], vec![stmt("ks-2023-99", "uttalande-s")], vec![]),
        ("Alexander Ojanne", vec![], vec![], vec!["ks-2023-99".to_string()]),
    ] {
        let slug = slugify(name);
        persons.insert(
            slug.clone(),
            Person {
                slug,
                name: name.to_string(),
                parties: parties.into_iter().map(String::from).collect(),
                titles: BTreeSet::new(),
                motions: match name {
                    "Cecilia Çelik" => vec![MotionRef { case: "ks-2023-99".to_string(), motion: "s".to_string() }],
                    "Bo Björk" => vec![MotionRef { case: "ks-2023-99".to_string(), motion: "m".to_string() }],
                    _ => vec![],
                },
                votes: if statements.iter().any(|s| s.statement == "uttalande-s") {
                    vec![VoteRef { case: "ks-2023-99".to_string(), vote: 1 }]
                } else {
                    vec![]
                },
                statements,
                reported,
            },
        );
    }

    let mut links = Backlinks::default();
    for body in ["socialnamnden", "skarpnack"] {
        links
            .responses_by_body
            .insert(body.to_string(), vec![ResponseRef { case: "ks-2023-99".to_string(), body: body.to_string() }]);
    }
    links.statements_by_body.insert("socialnamnden".to_string(), vec![stmt("ks-2023-99", "reservation-m")]);
    links.statements_by_body.insert("kommunstyrelsen".to_string(), vec![stmt("ks-2023-99", "uttalande-s")]);
    links
        .statements_by_party
        .insert("m".to_string(), vec![stmt("ks-2023-99", "reservation-m"), stmt("ks-2023-99", "uttalande-s")]);
    links.statements_by_party.insert("s".to_string(), vec![stmt("ks-2023-99", "uttalande-s")]);
    links.cases_by_document.insert("sou-2022-67".to_string(), vec!["ks-2023-99".to_string()]);
    links.joined_by.insert(stmt("ks-2023-99", "reservation-m"), vec!["uttalande-s".to_string()]);
    let vote = VoteRef { case: "ks-2023-99".to_string(), vote: 1 };
    links.votes_by_body.insert("kommunstyrelsen".to_string(), vec![vote.clone()]);
    for party in ["m", "s"] {
        links.votes_by_party.insert(party.to_string(), vec![vote.clone()]);
        links
            .motions_by_party
            .insert(party.to_string(), vec![MotionRef { case: "ks-2023-99".to_string(), motion: party.to_string() }]);
    }

    Site { config, today: date("2024-01-15"), bodies, parties, documents, cases, persons, links }
}

/// The built-in theme in the site's language.
pub(crate) fn theme(site: &Site) -> crate::theme::Theme {
    crate::theme::Theme::load(std::path::Path::new("no-themes-folder"), &site.config).expect("the built-in theme loads")
}
