//! Proposing a stance from the wording of an answer.
//!
//! Minutes state a body's stance in set phrases: "ställer sig positiv",
//! "i huvudsak positiv", "ställer sig frågande till", "avstyrker". The
//! importer only proposes: every stance it writes is marked for review.

/// The stance a sentence or paragraph expresses, from the contract's
/// vocabulary, or `None` where the wording says nothing recognisable.
pub(crate) fn of(text: &str) -> Option<&'static str> {
    let t = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["avstår från att yttra", "avstår från att lämna", "inga synpunkter", "lämnar inget yttrande"]) {
        return Some("avstår");
    }
    let mostly = ["i huvudsak", "huvudsakligen", "överlag", "i stort sett", "i grunden", "i allt väsentligt"];
    let positive =
        has(&["positiv", "välkomna", "tillstyrk", "instämmer", "ställer sig bakom", "delar ", "bra att", "ser gärna"]);
    let negative =
        has(&["negativ", "avstyrk", "motsätter", "frågande", "kritisk", "instämmer inte", "invändning", "delar inte"]);
    let mostly_positive = mostly.iter().any(|m| t.contains(&format!("{m} positiv")));
    let mostly_negative = mostly.iter().any(|m| t.contains(&format!("{m} negativ")));
    Some(match (positive, negative) {
        _ if mostly_positive => "i huvudsak positiv",
        _ if mostly_negative => "i huvudsak negativ",
        (true, true) => "blandad",
        (true, false) => "positiv",
        (false, true) => "negativ",
        (false, false) => return None,
    })
}

/// Word stems of the content words of a text, for matching a passage to a
/// proposal: words of five letters or more, cut to their first six letters
/// so that inflections ("kommitté", "kommittén") meet.
fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .map(|w| w.to_lowercase().chars().take(6).collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A proposal's stance and the sentence it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalStance {
    pub id: String,
    pub stance: &'static str,
    pub note: String,
}

/// Reads a stance per proposal from an answer's paragraphs: each proposal
/// goes to the paragraph that shares most stems with its title (at least
/// half of them), and the stance is read from that paragraph's sentences
/// that mention the proposal, or the whole paragraph.
pub(crate) fn per_proposal(paragraphs: &[String], proposals: &[(String, String)]) -> Vec<ProposalStance> {
    let mut out = Vec::new();
    for (id, title) in proposals {
        let want = stems(title);
        if want.is_empty() {
            continue;
        }
        let score = |p: &str| {
            let have = stems(p);
            want.iter().filter(|w| have.contains(w)).count()
        };
        let Some((best, n)) = paragraphs.iter().map(|p| (p, score(p))).max_by_key(|&(_, n)| n) else { continue };
        if n * 2 < want.len() || n == 0 {
            continue;
        }
        let sentences = sentences(best);
        let mentioning: Vec<&str> = sentences.iter().copied().filter(|s| score(s) > 0).collect();
        let reading = if mentioning.is_empty() { best.as_str().to_string() } else { mentioning.join(" ") };
        let Some(stance) = of(&reading).or_else(|| of(best)) else { continue };
        let note = sentences
            .iter()
            .copied()
            .find(|s| of(s).is_some() && score(s) > 0)
            .or(mentioning.first().copied())
            .unwrap_or(best);
        out.push(ProposalStance { id: id.clone(), stance, note: note.to_string() });
    }
    out
}

/// Splits a paragraph into sentences at ". " before a capital letter,
/// leaving abbreviations such as "bl.a. " and "t.ex. " alone.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        let next = text[i + 2..].chars().next();
        let word_start = text[..i].rfind(' ').map_or(0, |p| p + 1);
        let word = &text[word_start..i];
        let abbreviation = word.contains('.') || word.chars().count() <= 2 && word.chars().all(char::is_lowercase);
        if next.is_some_and(char::is_uppercase) && !abbreviation && bytes[i.saturating_sub(1)] != b' ' {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    if start < text.len() {
        out.push(text[start..].trim());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_set_phrases() {
        assert_eq!(
            of("Socialnämnden ställer sig överlag positiv till beredningens förslag"),
            Some("i huvudsak positiv")
        );
        assert_eq!(of("Stadsledningskontoret ställer sig i huvudsak positiv till"), Some("i huvudsak positiv"));
        assert_eq!(of("Utbildningsnämnden ställer sig positiv till en nationell kraftsamling"), Some("positiv"));
        assert_eq!(of("ser positivt på ett förstärkt stöd men ställer sig frågande till om"), Some("blandad"));
        assert_eq!(of("Nämnden avstyrker förslaget."), Some("negativ"));
        assert_eq!(of("Nämnden avstår från att yttra sig."), Some("avstår"));
        assert_eq!(of("Ärendet har remitterats till nämnden."), None);
    }

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        let s = sentences("Det gäller bl.a. kunskap om brott. Beredningen ser t.ex. behov. Sista");
        assert_eq!(s, ["Det gäller bl.a. kunskap om brott.", "Beredningen ser t.ex. behov.", "Sista"]);
    }

    #[test]
    fn finds_the_paragraph_about_a_proposal() {
        let paragraphs = vec![
            "Inledning om annat.".to_string(),
            "Kontoret ser positivt på ett inriktningsdokument för den nationella kraftsamlingen.".to_string(),
            "Kontoret ställer sig frågande till om en tillfällig kommitté är bäst. Kontoret ser positivt på stödet."
                .to_string(),
        ];
        let proposals = vec![
            (
                "inriktningsdokument".to_string(),
                "Ett inriktningsdokument för den nationella kraftsamlingen".to_string(),
            ),
            ("kommitte".to_string(), "En särskild organisation i form av en nationell kommitté".to_string()),
            ("annat".to_string(), "Skatteväxling mellan region och kommun".to_string()),
        ];
        let got = per_proposal(&paragraphs, &proposals);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].id.as_str(), got[0].stance), ("inriktningsdokument", "positiv"));
    }
}
