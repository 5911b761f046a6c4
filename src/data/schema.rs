//! The documentation of every dataset and field: what the `/data/` page
//! shows and the Data Package's Table Schemas are built from.

use crate::model::paths;
use serde::Serialize;

/// Documentation of one dataset: its files and every field in them.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetDoc {
    pub name: &'static str,
    /// Site-relative path of the JSON file, e.g. `data/cases.json`.
    pub json: String,
    /// Site-relative path of the CSV file, e.g. `data/cases.csv`.
    pub csv: String,
    pub description: &'static str,
    /// In the order of the CSV columns and the JSON keys.
    pub fields: Vec<FieldDoc>,
}

/// Documentation of one field (JSON key, and CSV column unless it is a full
/// text).
#[derive(Debug, Clone, Serialize)]
pub struct FieldDoc {
    pub name: &'static str,
    /// The kind of value, in Swedish: "text", "id", "datum", "lista av id", ...
    pub kind: &'static str,
    pub description: &'static str,
    /// Whether the CSV file has this column. Full texts (Markdown) are written
    /// once, in the JSON file: in CSV they doubled the size of the open data
    /// (issue 18), and a spreadsheet cell holds at most 32,767 characters
    /// anyway. Each CSV row keeps its `url`, where the text is.
    pub in_csv: bool,
}

pub(super) const ID: &str = "id";
pub(super) const IDS: &str = "lista av id";
pub(super) const TEXT: &str = "text";
pub(super) const TEXTS: &str = "lista av text";
pub(super) const URL: &str = "url";
pub(super) const URLS: &str = "lista av url";
pub(super) const DATE: &str = "datum";
pub(super) const TERM: &str = "term";
pub(super) const BOOL: &str = "sant/falskt";
pub(super) const INT: &str = "heltal";
pub(super) const MARKDOWN: &str = "Markdown";

pub(super) fn field(name: &'static str, kind: &'static str, description: &'static str) -> FieldDoc {
    FieldDoc { name, kind, description, in_csv: kind != MARKDOWN }
}

pub(super) fn dataset(name: &'static str, description: &'static str, fields: Vec<FieldDoc>) -> DatasetDoc {
    DatasetDoc {
        name,
        json: format!("{}{name}.json", paths::DATA),
        csv: format!("{}{name}.csv", paths::DATA),
        description,
        fields,
    }
}

/// Every dataset and its fields, in Swedish, in the order the files are
/// listed on the `/data/` page and in `data/datapackage.json`
/// ([`paths::DATA_PACKAGE`]).
pub fn schema() -> Vec<DatasetDoc> {
    vec![
        cases_doc(),
        responses_doc(),
        statements_doc(),
        signatories_doc(),
        motions_doc(),
        votes_doc(),
        ballots_doc(),
        proposal_stances_doc(),
        bodies_doc(),
        parties_doc(),
        persons_doc(),
        documents_doc(),
        proposals_doc(),
    ]
}

pub(super) fn cases_doc() -> DatasetDoc {
    dataset(
        "cases",
        "Remissärenden: ett per ärende, med status räknad mot byggdatumet.",
        vec![
            field("id", ID, "Ärendets id (mappnamnet under remisser/)."),
            field("url", URL, "Ärendets sida."),
            field("title", TEXT, "Rubrik som i protokollet."),
            field("case_number", TEXT, "Diarienummer, t.ex. KS 2023/99-1.1."),
            field("pm", TEXT, "Stadens promemorianummer, där det finns."),
            field("documents", IDS, "Remitterade dokument (id i documents)."),
            field("referrer", TEXT, "Remittent, t.ex. Justitiedepartementet."),
            field(
                "date",
                DATE,
                "Ärendets datum: beslutsdatum, annars föredragandens datum, annars \
                 ankomstdatum, annars remisstiden. Används för sortering.",
            ),
            field("received", DATE, "Dag då remissen kom in."),
            field("deadline", DATE, "Remisstid: sista dag att svara."),
            field("internal_deadline", DATE, "Stadens egen sista dag för organens svar."),
            field("decided_by", ID, "Beslutande organ (id i bodies)."),
            field("decided", DATE, "Beslutsdatum; tomt om det saknas."),
            field("answered", BOOL, "Sant när ärendet är besvarat men beslutsdatumet inte är känt."),
            field("status", TERM, "Härledd status: öppen, försenad eller besvarad."),
            field("rapporteur", TEXT, "Föredragande, namn."),
            field("rapporteur_title", TEXT, "Föredragandes titel, t.ex. borgarråd."),
            field("rapporteur_person", ID, "Föredragandes personsida (id i persons)."),
            field("rapporteur_date", DATE, "Dag då föredraganden undertecknade."),
            field("referred_to", IDS, "Organ som ombetts svara (id i bodies)."),
            field("responses", IDS, "Organ som har svarat (id i bodies; se responses)."),
            field("statements", IDS, "Partiuttalanden i ärendet (id i statements, unika inom ärendet)."),
            field("motions", IDS, "Yrkanden på det beslutande sammanträdet (id i motions, unika inom ärendet)."),
            field("votes", "lista av heltal", "Voteringar på det beslutande sammanträdet (number i votes)."),
            field("decision", TEXTS, "Beslutspunkterna, i ordning."),
            field("related_cases", IDS, "Andra ärenden som hör ihop med detta (id i cases)."),
            field("earlier_answers", TEXTS, "Tidigare svar som inte finns på webbplatsen, t.ex. KS 2021/1622."),
            field("tags", TEXTS, "Ämnesord."),
            field("attachments", URLS, "Bifogade filer."),
            field("text", MARKDOWN, "Sammanfattning och föredragandens synpunkter, som Markdown."),
        ],
    )
}

pub(super) fn responses_doc() -> DatasetDoc {
    dataset(
        "responses",
        "Remissvar: ett per organ och ärende.",
        vec![
            field("case", ID, "Ärendet (id i cases)."),
            field("body", ID, "Det svarande organet (id i bodies)."),
            field("url", URL, "Svarets sida."),
            field(
                "stance",
                TERM,
                "Ställningstagande: positiv, i huvudsak positiv, blandad, i huvudsak \
                 negativ, negativ eller avstår.",
            ),
            field("summary", TEXT, "Svaret i en eller två meningar."),
            field("date", DATE, "Svarets datum: sammanträdesdagen, annars tjänsteutlåtandets datum."),
            field("meeting", DATE, "Dag för organets sammanträde som beslutade svaret."),
            field("drafted", DATE, "Tjänsteutlåtandets datum."),
            field("drafted_by", ID, "Förvaltningen som skrev utlåtandet (id i bodies)."),
            field("proposed_decision", TEXT, "Förvaltningens förslag till beslut, när organet beslutade annorlunda."),
            field("decision", TEXTS, "Organets beslutspunkter, i ordning."),
            field("joint_with", IDS, "Organ som lämnade samma svar gemensamt (id i bodies)."),
            field("proposals", IDS, "Förslag som svaret tar ställning till (id i proposals; se proposal_stances)."),
            field("attachments", URLS, "Bifogade filer."),
            field("text", MARKDOWN, "Svaret i sin helhet, som Markdown."),
        ],
    )
}

pub(super) fn statements_doc() -> DatasetDoc {
    dataset(
        "statements",
        "Partiuttalanden: särskilda uttalanden, reservationer, ersättaryttranden, \
         protokollsanteckningar och yttranden.",
        vec![
            field("case", ID, "Ärendet (id i cases)."),
            field("id", ID, "Uttalandets id, unikt inom ärendet."),
            field("url", URL, "Uttalandets sida."),
            field(
                "kind",
                TERM,
                "Slag: särskilt uttalande, reservation, ersättaryttrande, \
                 protokollsanteckning eller yttrande.",
            ),
            field("body", ID, "Organet vars sammanträde det gjordes i (id i bodies)."),
            field("date", DATE, "Sammanträdets datum: organets svarsdatum i ärendet, annars ärendets datum."),
            field(
                "signatories",
                "lista av objekt",
                "Undertecknare. I JSON objekt med name, party, and_others, title och \
                 person; i CSV bara namnen (se signatories).",
            ),
            field("parties", IDS, "Undertecknarnas partier (id i parties)."),
            field("joins", IDS, "Uttalanden i samma ärende som detta ställer sig bakom (id i statements)."),
            field("same_as", ID, "Uttalande i samma ärende med likalydande text (id i statements)."),
            field("favours", ID, "För en reservation: yrkandet den görs till förmån för (id i motions, samma ärende)."),
            field("order", INT, "Sorteringsnyckel bland organets uttalanden."),
            field("attachments", URLS, "Bifogade filer."),
            field("text", MARKDOWN, "Uttalandet, som Markdown; tomt när same_as pekar på texten."),
        ],
    )
}

pub(super) fn signatories_doc() -> DatasetDoc {
    dataset(
        "signatories",
        "Undertecknare: en rad per undertecknare av ett uttalande.",
        vec![
            field("case", ID, "Ärendet (id i cases)."),
            field("statement", ID, "Uttalandet (id i statements)."),
            field("url", URL, "Uttalandets sida."),
            field("position", INT, "Plats i undertecknarlistan, från 1."),
            field("name", TEXT, "Namn som i protokollet."),
            field("party", ID, "Parti (id i parties)."),
            field("and_others", BOOL, "Sant när protokollet skriver \"m.fl.\"."),
            field("title", TEXT, "Titel, t.ex. borgarråd, där protokollet anger den."),
            field("person", ID, "Personens sida (id i persons)."),
            field("person_url", URL, "Personens sida."),
        ],
    )
}

pub(super) fn motions_doc() -> DatasetDoc {
    dataset(
        "motions",
        "Yrkanden på det beslutande sammanträdet: ett per yrkande, i protokollets ordning.",
        vec![
            field("case", ID, "Ärendet (id i cases)."),
            field("id", ID, "Yrkandets id, unikt inom ärendet."),
            field("url", URL, "Yrkandet på ärendets sida."),
            field("body", ID, "Organet vars sammanträde det gjordes i (id i bodies)."),
            field("date", DATE, "Datum för det skriftliga yrkandet."),
            field(
                "signatories",
                "lista av objekt",
                "De som yrkade. I JSON objekt med name, party, and_others, title och person; \
                 i CSV bara namnen.",
            ),
            field("parties", IDS, "Partierna bakom yrkandet (id i parties)."),
            field(
                "proposes",
                TERM,
                "Vad som yrkas: bifall (till förvaltningens förslag), eget förslag, avslag, \
                 återremiss eller bordläggning.",
            ),
            field("supports", ID, "Yrkandet som detta yrkar bifall till (id i motions, samma ärende)."),
            field("adopted", BOOL, "Sant när sammanträdet biföll yrkandet."),
            field("text", MARKDOWN, "Yrkandets egen text, som Markdown, där protokollet återger den."),
        ],
    )
}

pub(super) fn votes_doc() -> DatasetDoc {
    dataset(
        "votes",
        "Voteringar: en per votering, i protokollets ordning.",
        vec![
            field("case", ID, "Ärendet (id i cases)."),
            field("number", INT, "Voteringens nummer i ärendet, från 1."),
            field("url", URL, "Voteringen på ärendets sida."),
            field("body", ID, "Organet som röstade (id i bodies)."),
            field("date", DATE, "Beslutsdatum."),
            field("kind", TERM, "Slag: huvudvotering, motförslag (omröstning om motförslag) eller votering."),
            field("proposition", TEXT, "Den godkända voteringspropositionen, som i protokollet."),
            field("yes", ID, "Yrkandet som Ja gällde (id i motions)."),
            field("no", ID, "Yrkandet som Nej gällde (id i motions)."),
            field("winner", ID, "Yrkandet som vann voteringen (id i motions)."),
            field("yes_won", BOOL, "Sant när Ja vann."),
            field("casting_vote", BOOL, "Sant när rösterna stod lika och ordförandens röst avgjorde."),
            field("yes_count", INT, "Antal Ja."),
            field("no_count", INT, "Antal Nej."),
            field("abstained_count", INT, "Antal som avstod."),
            field("absent_count", INT, "Antal frånvarande."),
        ],
    )
}

pub(super) fn ballots_doc() -> DatasetDoc {
    dataset(
        "ballots",
        "Röster: en rad per ledamot och votering.",
        vec![
            field("case", ID, "Ärendet (id i cases)."),
            field("vote", INT, "Voteringen (number i votes)."),
            field("url", URL, "Voteringen på ärendets sida."),
            field("position", INT, "Plats i protokollets uppräkning, från 1."),
            field("name", TEXT, "Namn som i protokollet."),
            field("party", ID, "Parti (id i parties)."),
            field("ballot", TERM, "Rösten: ja, nej, avstår eller frånvarande."),
            field("chair", BOOL, "Sant för ordföranden."),
            field("title", TEXT, "T.ex. tjänstgörande ersättare, där protokollet anger det."),
            field("person", ID, "Personens sida (id i persons)."),
            field("person_url", URL, "Personens sida."),
        ],
    )
}

pub(super) fn proposal_stances_doc() -> DatasetDoc {
    dataset(
        "proposal_stances",
        "Ställningstaganden till enskilda förslag: en rad per svar och förslag.",
        vec![
            field("case", ID, "Ärendet (id i cases)."),
            field("body", ID, "Det svarande organet (id i bodies)."),
            field("document", ID, "Dokumentet förslaget finns i (id i documents); tomt om det inte går att avgöra."),
            field("proposal", ID, "Förslaget (id i proposals, unikt inom dokumentet)."),
            field("stance", TERM, "Ställningstagande till förslaget."),
            field("note", TEXT, "Kommentar till förslaget, där svaret har en."),
            field("url", URL, "Svarets sida."),
        ],
    )
}

pub(super) fn bodies_doc() -> DatasetDoc {
    dataset(
        "bodies",
        "Organ: nämnder, styrelser, förvaltningar och bolag.",
        vec![
            field("id", ID, "Organets id."),
            field("url", URL, "Organets sida."),
            field("name", TEXT, "Namn, t.ex. Socialnämnden."),
            field(
                "kind",
                TERM,
                "Slag: kommunfullmäktige, kommunstyrelse, borgarrådsberedning, nämnd, \
                 stadsdelsnämnd, förvaltning, bolag eller annat.",
            ),
            field("office", ID, "Förvaltningen som bereder organets ärenden (id i bodies)."),
            field("website", URL, "Organets egen webbsida."),
            field("feed", URL, "Atomflöde med organets svar och uttalanden."),
            field("text", MARKDOWN, "Beskrivning, som Markdown."),
        ],
    )
}

pub(super) fn parties_doc() -> DatasetDoc {
    dataset(
        "parties",
        "Politiska partier.",
        vec![
            field("id", ID, "Partiets id."),
            field("url", URL, "Partiets sida."),
            field("name", TEXT, "Namn, t.ex. Moderaterna."),
            field("abbreviation", TEXT, "Förkortning som i protokollen, t.ex. M."),
            field("aliases", TEXTS, "Andra förkortningar partiet skrivits med."),
            field("color", TEXT, "Partifärg som #rrggbb."),
            field("feed", URL, "Atomflöde med partiets uttalanden."),
            field("text", MARKDOWN, "Beskrivning, som Markdown."),
        ],
    )
}

pub(super) fn persons_doc() -> DatasetDoc {
    dataset(
        "persons",
        "Personer: undertecknare, föredragande, de som yrkat och de som röstat.",
        vec![
            field("id", ID, "Personens id, namnet skrivet med a–z."),
            field("url", URL, "Personens sida."),
            field("name", TEXT, "Namn."),
            field("parties", IDS, "Partier personen undertecknat för (id i parties)."),
            field("titles", TEXTS, "Titlar, t.ex. borgarråd."),
            field("statements", IDS, "Undertecknade uttalanden, som ärende/uttalande (id i cases och statements)."),
            field("reported", IDS, "Ärenden personen varit föredragande i (id i cases)."),
            field("motions", IDS, "Yrkanden personen framställt, som ärende/yrkande (id i cases och motions)."),
            field("votes", IDS, "Voteringar personen deltagit i, som ärende/nummer (id i cases, number i votes)."),
        ],
    )
}

pub(super) fn documents_doc() -> DatasetDoc {
    dataset(
        "documents",
        "Remitterade dokument: SOU, Ds, propositioner, direktiv, skrivelser m.m.",
        vec![
            field("id", ID, "Dokumentets id."),
            field("url", URL, "Dokumentets sida."),
            field("title", TEXT, "Titel."),
            field("designation", TEXT, "Beteckning, t.ex. SOU 2022:67."),
            field("kind", TERM, "Slag: SOU, Ds, prop, dir, skr eller annat."),
            field("date", DATE, "Publiceringsdatum."),
            field("author", TEXT, "Utredning eller departement."),
            field("source_url", URL, "Officiell källa, t.ex. på regeringen.se."),
            field("related", IDS, "Relaterade dokument (id i documents)."),
            field("proposals", IDS, "Dokumentets förslag (id i proposals)."),
            field("cases", IDS, "Stadens ärenden om dokumentet (id i cases)."),
            field("feed", URL, "Atomflöde med stadens ärenden om dokumentet."),
            field("text", MARKDOWN, "Sammanfattning, som Markdown."),
        ],
    )
}

pub(super) fn proposals_doc() -> DatasetDoc {
    dataset(
        "proposals",
        "Förslag i remitterade dokument.",
        vec![
            field("document", ID, "Dokumentet (id i documents)."),
            field("id", ID, "Förslagets id, unikt inom dokumentet."),
            field("url", URL, "Förslaget på dokumentets sida."),
            field("title", TEXT, "Förslagets rubrik."),
            field("summary", TEXT, "Kort sammanfattning."),
        ],
    )
}
