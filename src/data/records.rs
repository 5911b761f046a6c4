//! The record of each dataset, one struct per dataset with the
//! documentation of its fields (see [`record!`]); `from_site` fills them.

use super::*;

/// Defines a dataset: its record struct, which serde writes as JSON, and its
/// [`Record`] impl, from one list that gives each field with its kind and
/// its description. A CSV row holds the struct's fields in the struct's
/// order, each as its [`Cell`], and the documentation (the `/data/` page,
/// `datapackage.json`) is made from the same list, so the JSON keys, the
/// CSV columns and the documented fields cannot differ.
macro_rules! record {
    (
        $dataset:literal, $description:expr;
        struct $name:ident<'a> { $($field:ident: $ty:ty => $kind:expr, $doc:expr;)* }
    ) => {
        #[derive(Serialize)]
        pub(super) struct $name<'a> {
            $(pub(super) $field: $ty,)*
        }

        impl Record for $name<'_> {
            fn doc() -> DatasetDoc {
                dataset($dataset, $description, vec![$(field(stringify!($field), $kind, $doc)),*])
            }

            fn cells(&self, columns: &[bool], cells: &mut [String]) {
                let mut cells = cells.iter_mut().zip(columns);
                $(
                    let (cell, wanted) = cells.next().expect("a cell for every field");
                    if *wanted {
                        self.$field.cell(cell);
                    }
                )*
            }
        }
    };
}

/// The record of a dataset: one JSON object, one CSV row; see [`record!`].
pub(super) trait Record: Serialize {
    /// The dataset's files, and every field in the order of the struct.
    fn doc() -> DatasetDoc;
    /// Appends each field's cell to the cell of its field, for the fields
    /// whose entry in `columns` is true.
    fn cells(&self, columns: &[bool], cells: &mut [String]);
}

/// A value as a CSV cell, appended to `out`: an absent value is empty, a list
/// is its items joined with "; ", and an embedded signatory shows its `name`.
pub(super) trait Cell {
    fn cell(&self, out: &mut String);
}

impl Cell for str {
    fn cell(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Cell for String {
    fn cell(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Cell for bool {
    fn cell(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl Cell for usize {
    fn cell(&self, out: &mut String) {
        write!(out, "{self}").expect("writing to a String cannot fail");
    }
}

impl Cell for u32 {
    fn cell(&self, out: &mut String) {
        write!(out, "{self}").expect("writing to a String cannot fail");
    }
}

impl Cell for i64 {
    fn cell(&self, out: &mut String) {
        write!(out, "{self}").expect("writing to a String cannot fail");
    }
}

impl<T: Cell + ?Sized> Cell for &T {
    fn cell(&self, out: &mut String) {
        (**self).cell(out);
    }
}

impl<T: Cell> Cell for Option<T> {
    fn cell(&self, out: &mut String) {
        if let Some(value) = self {
            value.cell(out);
        }
    }
}

impl<T: Cell> Cell for [T] {
    fn cell(&self, out: &mut String) {
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            item.cell(out);
        }
    }
}

impl<T: Cell> Cell for Vec<T> {
    fn cell(&self, out: &mut String) {
        self.as_slice().cell(out);
    }
}

impl Cell for EmbeddedSignatory<'_> {
    fn cell(&self, out: &mut String) {
        out.push_str(self.name);
    }
}

record! {
    "cases",
    "Remissärenden: ett per ärende, med status räknad mot byggdatumet.";
    struct CaseRecord<'a> {
        id: &'a str => ID, "Ärendets id (mappnamnet under remisser/).";
        url: String => URL, "Ärendets sida.";
        title: &'a str => TEXT, "Rubrik som i protokollet.";
        case_number: &'a str => TEXT, "Diarienummer, t.ex. KS 2023/99-1.1.";
        pm: Option<&'a str> => TEXT, "Stadens promemorianummer, där det finns.";
        documents: &'a [String] => IDS, "Remitterade dokument (id i documents).";
        referrer: &'a str => TEXT, "Remittent, t.ex. Justitiedepartementet.";
        date: String => DATE,
            "Ärendets datum: beslutsdatum, annars föredragandens datum, annars \
            ankomstdatum, annars remisstiden. Används för sortering.";
        received: Option<String> => DATE, "Dag då remissen kom in.";
        deadline: String => DATE, "Remisstid: sista dag att svara.";
        internal_deadline: Option<String> => DATE, "Stadens egen sista dag för organens svar.";
        decided_by: &'a str => ID, "Beslutande organ (id i bodies).";
        decided: Option<String> => DATE, "Beslutsdatum; tomt om det saknas.";
        answered: bool => BOOL, "Sant när ärendet är besvarat men beslutsdatumet inte är känt.";
        status: &'static str => TERM, "Härledd status: öppen, försenad eller besvarad.";
        rapporteur: Option<&'a str> => TEXT, "Föredragande, namn.";
        rapporteur_title: Option<&'a str> => TEXT, "Föredragandes titel, t.ex. borgarråd.";
        rapporteur_person: Option<&'a str> => ID, "Föredragandes personsida (id i persons).";
        rapporteur_date: Option<String> => DATE, "Dag då föredraganden undertecknade.";
        referred_to: &'a [String] => IDS, "Organ som ombetts svara (id i bodies).";
        responses: Vec<&'a str> => IDS, "Organ som har svarat (id i bodies; se responses).";
        statements: Vec<&'a str> => IDS, "Partiuttalanden i ärendet (id i statements, unika inom ärendet).";
        motions: Vec<&'a str> => IDS, "Yrkanden på det beslutande sammanträdet (id i motions, unika inom ärendet).";
        votes: Vec<usize> => "lista av heltal", "Voteringar på det beslutande sammanträdet (number i votes).";
        decision: &'a [String] => TEXTS, "Beslutspunkterna, i ordning.";
        related_cases: &'a [String] => IDS, "Andra ärenden som hör ihop med detta (id i cases).";
        earlier_answers: &'a [String] => TEXTS, "Tidigare svar som inte finns på webbplatsen, t.ex. KS 2021/1622.";
        tags: &'a [String] => TEXTS, "Ämnesord.";
        attachments: Vec<String> => URLS, "Bifogade filer.";
        text: &'a str => MARKDOWN, "Sammanfattning och föredragandens synpunkter, som Markdown.";
    }
}

record! {
    "responses",
    "Remissvar: ett per organ och ärende.";
    struct ResponseRecord<'a> {
        case: &'a str => ID, "Ärendet (id i cases).";
        body: &'a str => ID, "Det svarande organet (id i bodies).";
        url: String => URL, "Svarets sida.";
        stance: &'static str => TERM,
            "Ställningstagande: positiv, i huvudsak positiv, blandad, i huvudsak \
            negativ, negativ eller avstår.";
        summary: &'a str => TEXT, "Svaret i en eller två meningar.";
        date: Option<String> => DATE, "Svarets datum: sammanträdesdagen, annars tjänsteutlåtandets datum.";
        meeting: Option<String> => DATE, "Dag för organets sammanträde som beslutade svaret.";
        drafted: Option<String> => DATE, "Tjänsteutlåtandets datum.";
        drafted_by: Option<&'a str> => ID, "Förvaltningen som skrev utlåtandet (id i bodies).";
        proposed_decision: Option<&'a str> => TEXT,
            "Förvaltningens förslag till beslut, när organet beslutade annorlunda.";
        decision: &'a [String] => TEXTS, "Organets beslutspunkter, i ordning.";
        joint_with: &'a [String] => IDS, "Organ som lämnade samma svar gemensamt (id i bodies).";
        proposals: Vec<&'a str> => IDS, "Förslag som svaret tar ställning till (id i proposals; se proposal_stances).";
        attachments: Vec<String> => URLS, "Bifogade filer.";
        text: &'a str => MARKDOWN, "Svaret i sin helhet, som Markdown.";
    }
}

/// A signatory as embedded in its statement's JSON record.
#[derive(Serialize)]
pub(super) struct EmbeddedSignatory<'a> {
    pub(super) name: &'a str,
    pub(super) party: &'a str,
    pub(super) and_others: bool,
    pub(super) title: Option<&'a str>,
    pub(super) person: &'a str,
}

record! {
    "statements",
    "Partiuttalanden: särskilda uttalanden, reservationer, ersättaryttranden, \
    protokollsanteckningar och yttranden.";
    struct StatementRecord<'a> {
        case: &'a str => ID, "Ärendet (id i cases).";
        id: &'a str => ID, "Uttalandets id, unikt inom ärendet.";
        url: String => URL, "Uttalandets sida.";
        kind: &'static str => TERM,
            "Slag: särskilt uttalande, reservation, ersättaryttrande, \
            protokollsanteckning eller yttrande.";
        body: &'a str => ID, "Organet vars sammanträde det gjordes i (id i bodies).";
        date: String => DATE, "Sammanträdets datum: organets svarsdatum i ärendet, annars ärendets datum.";
        signatories: Vec<EmbeddedSignatory<'a>> => "lista av objekt",
            "Undertecknare. I JSON objekt med name, party, and_others, title och \
            person; i CSV bara namnen (se signatories).";
        parties: Vec<&'a str> => IDS, "Undertecknarnas partier (id i parties).";
        joins: &'a [String] => IDS, "Uttalanden i samma ärende som detta ställer sig bakom (id i statements).";
        same_as: Option<&'a str> => ID, "Uttalande i samma ärende med likalydande text (id i statements).";
        favours: Option<&'a str> => ID,
            "För en reservation: yrkandet den görs till förmån för (id i motions, samma ärende).";
        order: Option<i64> => INT, "Sorteringsnyckel bland organets uttalanden.";
        attachments: Vec<String> => URLS, "Bifogade filer.";
        text: &'a str => MARKDOWN, "Uttalandet, som Markdown; tomt när same_as pekar på texten.";
    }
}

record! {
    "signatories",
    "Undertecknare: en rad per undertecknare av ett uttalande.";
    struct SignatoryRecord<'a> {
        case: &'a str => ID, "Ärendet (id i cases).";
        statement: &'a str => ID, "Uttalandet (id i statements).";
        url: String => URL, "Uttalandets sida.";
        position: usize => INT, "Plats i undertecknarlistan, från 1.";
        name: &'a str => TEXT, "Namn som i protokollet.";
        party: &'a str => ID, "Parti (id i parties).";
        and_others: bool => BOOL, "Sant när protokollet skriver \"m.fl.\".";
        title: Option<&'a str> => TEXT, "Titel, t.ex. borgarråd, där protokollet anger den.";
        person: &'a str => ID, "Personens sida (id i persons).";
        person_url: String => URL, "Personens sida.";
    }
}

record! {
    "motions",
    "Yrkanden på det beslutande sammanträdet: ett per yrkande, i protokollets ordning.";
    struct MotionRecord<'a> {
        case: &'a str => ID, "Ärendet (id i cases).";
        id: &'a str => ID, "Yrkandets id, unikt inom ärendet.";
        url: String => URL, "Yrkandet på ärendets sida.";
        body: &'a str => ID, "Organet vars sammanträde det gjordes i (id i bodies).";
        date: Option<String> => DATE, "Datum för det skriftliga yrkandet.";
        signatories: Vec<EmbeddedSignatory<'a>> => "lista av objekt",
            "De som yrkade. I JSON objekt med name, party, and_others, title och person; \
            i CSV bara namnen.";
        parties: &'a [String] => IDS, "Partierna bakom yrkandet (id i parties).";
        proposes: &'static str => TERM,
            "Vad som yrkas: bifall (till förvaltningens förslag), eget förslag, avslag, \
            återremiss eller bordläggning.";
        supports: Option<&'a str> => ID, "Yrkandet som detta yrkar bifall till (id i motions, samma ärende).";
        adopted: bool => BOOL, "Sant när sammanträdet biföll yrkandet.";
        text: Option<&'a str> => MARKDOWN, "Yrkandets egen text, som Markdown, där protokollet återger den.";
    }
}

record! {
    "votes",
    "Voteringar: en per votering, i protokollets ordning.";
    struct VoteRecord<'a> {
        case: &'a str => ID, "Ärendet (id i cases).";
        number: usize => INT, "Voteringens nummer i ärendet, från 1.";
        url: String => URL, "Voteringen på ärendets sida.";
        body: &'a str => ID, "Organet som röstade (id i bodies).";
        date: Option<String> => DATE, "Beslutsdatum.";
        kind: &'static str => TERM, "Slag: huvudvotering, motförslag (omröstning om motförslag) eller votering.";
        proposition: Option<&'a str> => TEXT, "Den godkända voteringspropositionen, som i protokollet.";
        yes: &'a str => ID, "Yrkandet som Ja gällde (id i motions).";
        no: &'a str => ID, "Yrkandet som Nej gällde (id i motions).";
        winner: &'a str => ID, "Yrkandet som vann voteringen (id i motions).";
        yes_won: bool => BOOL, "Sant när Ja vann.";
        casting_vote: bool => BOOL, "Sant när rösterna stod lika och ordförandens röst avgjorde.";
        yes_count: u32 => INT, "Antal Ja.";
        no_count: u32 => INT, "Antal Nej.";
        abstained_count: u32 => INT, "Antal som avstod.";
        absent_count: u32 => INT, "Antal frånvarande.";
    }
}

record! {
    "ballots",
    "Röster: en rad per ledamot och votering.";
    struct BallotRecord<'a> {
        case: &'a str => ID, "Ärendet (id i cases).";
        vote: usize => INT, "Voteringen (number i votes).";
        url: String => URL, "Voteringen på ärendets sida.";
        position: usize => INT, "Plats i protokollets uppräkning, från 1.";
        name: &'a str => TEXT, "Namn som i protokollet.";
        party: &'a str => ID, "Parti (id i parties).";
        ballot: &'static str => TERM, "Rösten: ja, nej, avstår eller frånvarande.";
        chair: bool => BOOL, "Sant för ordföranden.";
        title: Option<&'a str> => TEXT, "T.ex. tjänstgörande ersättare, där protokollet anger det.";
        person: &'a str => ID, "Personens sida (id i persons).";
        person_url: String => URL, "Personens sida.";
    }
}

record! {
    "proposal_stances",
    "Ställningstaganden till enskilda förslag: en rad per svar och förslag.";
    struct ProposalStanceRecord<'a> {
        case: &'a str => ID, "Ärendet (id i cases).";
        body: &'a str => ID, "Det svarande organet (id i bodies).";
        document: Option<&'a str> => ID,
            "Dokumentet förslaget finns i (id i documents); tomt om det inte går att avgöra.";
        proposal: &'a str => ID, "Förslaget (id i proposals, unikt inom dokumentet).";
        stance: &'static str => TERM, "Ställningstagande till förslaget.";
        note: Option<&'a str> => TEXT, "Kommentar till förslaget, där svaret har en.";
        url: String => URL, "Svarets sida.";
    }
}

record! {
    "bodies",
    "Organ: nämnder, styrelser, förvaltningar och bolag.";
    struct BodyRecord<'a> {
        id: &'a str => ID, "Organets id.";
        url: String => URL, "Organets sida.";
        name: &'a str => TEXT, "Namn, t.ex. Socialnämnden.";
        kind: &'static str => TERM,
            "Slag: kommunfullmäktige, kommunstyrelse, borgarrådsberedning, nämnd, \
            stadsdelsnämnd, förvaltning, bolag eller annat.";
        office: Option<&'a str> => ID, "Förvaltningen som bereder organets ärenden (id i bodies).";
        website: Option<&'a str> => URL, "Organets egen webbsida.";
        feed: String => URL, "Atomflöde med organets svar och uttalanden.";
        text: &'a str => MARKDOWN, "Beskrivning, som Markdown.";
    }
}

record! {
    "parties",
    "Politiska partier.";
    struct PartyRecord<'a> {
        id: &'a str => ID, "Partiets id.";
        url: String => URL, "Partiets sida.";
        name: &'a str => TEXT, "Namn, t.ex. Moderaterna.";
        abbreviation: &'a str => TEXT, "Förkortning som i protokollen, t.ex. M.";
        aliases: &'a [String] => TEXTS, "Andra förkortningar partiet skrivits med.";
        color: Option<&'a str> => TEXT, "Partifärg som #rrggbb.";
        feed: String => URL, "Atomflöde med partiets uttalanden.";
        text: &'a str => MARKDOWN, "Beskrivning, som Markdown.";
    }
}

record! {
    "persons",
    "Personer: undertecknare, föredragande, de som yrkat och de som röstat.";
    struct PersonRecord<'a> {
        id: &'a str => ID, "Personens id, namnet skrivet med a–z.";
        url: String => URL, "Personens sida.";
        name: &'a str => TEXT, "Namn.";
        parties: Vec<&'a str> => IDS, "Partier personen undertecknat för (id i parties).";
        titles: Vec<&'a str> => TEXTS, "Titlar, t.ex. borgarråd.";
        statements: Vec<String> => IDS, "Undertecknade uttalanden, som ärende/uttalande (id i cases och statements).";
        reported: &'a [String] => IDS, "Ärenden personen varit föredragande i (id i cases).";
        motions: Vec<String> => IDS, "Yrkanden personen framställt, som ärende/yrkande (id i cases och motions).";
        votes: Vec<String> => IDS, "Voteringar personen deltagit i, som ärende/nummer (id i cases, number i votes).";
    }
}

record! {
    "documents",
    "Remitterade dokument: SOU, Ds, propositioner, direktiv, skrivelser m.m.";
    struct DocumentRecord<'a> {
        id: &'a str => ID, "Dokumentets id.";
        url: String => URL, "Dokumentets sida.";
        title: &'a str => TEXT, "Titel.";
        designation: &'a str => TEXT, "Beteckning, t.ex. SOU 2022:67.";
        kind: &'static str => TERM, "Slag: SOU, Ds, prop, dir, skr eller annat.";
        date: Option<String> => DATE, "Publiceringsdatum.";
        author: Option<&'a str> => TEXT, "Utredning eller departement.";
        source_url: Option<&'a str> => URL, "Officiell källa, t.ex. på regeringen.se.";
        related: &'a [String] => IDS, "Relaterade dokument (id i documents).";
        proposals: Vec<&'a str> => IDS, "Dokumentets förslag (id i proposals).";
        cases: &'a [String] => IDS, "Stadens ärenden om dokumentet (id i cases).";
        feed: String => URL, "Atomflöde med stadens ärenden om dokumentet.";
        text: &'a str => MARKDOWN, "Sammanfattning, som Markdown.";
    }
}

record! {
    "proposals",
    "Förslag i remitterade dokument.";
    struct ProposalRecord<'a> {
        document: &'a str => ID, "Dokumentet (id i documents).";
        id: &'a str => ID, "Förslagets id, unikt inom dokumentet.";
        url: String => URL, "Förslaget på dokumentets sida.";
        title: &'a str => TEXT, "Förslagets rubrik.";
        summary: Option<&'a str> => TEXT, "Kort sammanfattning.";
    }
}
