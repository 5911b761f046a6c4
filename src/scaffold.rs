//! `remiss new`: writes skeleton files for a new case, response or statement.
//!
//! A clerk should not have to remember the contract's keys. A skeleton holds
//! every required key, with values the clerk must choose written as
//! `"TODO: …"` placeholders (which `check` reports as errors, so a skeleton is
//! never published half-filled), and every optional key as a TOML comment
//! with an example. Nothing is ever overwritten.

use crate::content::layout;
use crate::content::write::{self, todo};
use crate::diagnostics::hint;
use crate::model::{StatementKind, is_slug, slugify};
use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What to write.
#[derive(Debug, Clone)]
pub enum Skeleton {
    /// `remisser/<id>/index.md`.
    Case { id: String, documents: Vec<String>, title: Option<String>, decided_by: String },
    /// `remisser/<case>/svar/<body>.md`.
    Response { case: String, body: String },
    /// `remisser/<case>/uttalanden/<id>.md`; `kind` as typed by the clerk.
    Statement { case: String, id: String, body: String, kind: String, parties: Vec<String> },
}

/// The file written, and what the clerk still has to do.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    /// Keys whose value is still a `TODO` placeholder.
    pub fill_in: Vec<&'static str>,
    /// Other things to fill in or check, such as an empty text.
    pub also: Vec<String>,
    /// Referenced ids that do not exist yet, and similar hints.
    pub notes: Vec<String>,
}

impl fmt::Display for Written {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "wrote {}", self.path.display())?;
        if !self.fill_in.is_empty() {
            let keys = self.fill_in.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            writeln!(f, "fill in: {keys} (replace each \"TODO: ...\" value)")?;
        }
        for a in &self.also {
            writeln!(f, "also: {a}")?;
        }
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        write!(f, "optional keys are in the file as comments; run `remiss check` when done")
    }
}

/// Where a new site's repository is built and deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    /// `.github/workflows/site.yml`, deploying to GitHub Pages.
    Github,
    /// `.gitlab-ci.yml`, deploying to GitLab Pages.
    Gitlab,
    None,
}

/// The CI files a new site gets: the same files `docs/ci/` documents, so
/// the copy-paste examples and `remiss new site` cannot differ.
const GITHUB_WORKFLOW: &str = include_str!("../docs/ci/github-pages.yml");
const GITLAB_CI: &str = include_str!("../docs/ci/gitlab-pages.yml");

/// A new site's settings; `None` is written as a `TODO` placeholder.
#[derive(Debug, Clone)]
pub struct Site {
    pub title: Option<String>,
    pub organisation: Option<String>,
    pub base_url: Option<String>,
    pub ci: Ci,
}

/// `remiss new site <dir>`: a repository for a city's content, ready to push:
/// `content/site.toml`, the deciding body `content/organ/kommunstyrelsen.md`,
/// a `.gitignore` for the output, and the CI file that checks pull requests
/// and deploys the main branch. Refuses if any of them exists.
pub fn site(dir: &Path, site: &Site) -> Result<String, String> {
    let value = |v: &Option<String>, what: &str| v.as_deref().map_or_else(|| todo(what), write::string);
    let settings = format!(
        "# The site's settings: see \"site.toml\" in remiss's README.\n\
         title = {}\n\
         base_url = {}\n\
         organisation = {}\n\
         language = \"sv\"\n\
         \n\
         # The accessibility statement (tillgänglighetsredogörelse) that Swedish law asks of a\n\
         # public sector site: fill it in from an assessment of the site.\n\
         [accessibility]\n\
         compliance = {}\n\
         assessed = {}\n\
         method = {}\n\
         contact = {}\n",
        value(&site.title, "the site's title, e.g. Exempelstads remissvar"),
        value(&site.base_url, "the published address, e.g. https://www.example.se/remissvar/"),
        value(&site.organisation, "the city or region, e.g. Exempelstad"),
        todo("helt förenlig, delvis förenlig or inte förenlig"),
        todo("the date of the assessment, YYYY-MM-DD"),
        todo("how it was assessed, e.g. Självskattning med automatiska verktyg."),
        todo("an e-mail address for accessibility feedback"),
    );
    let body = "+++\nname = \"Kommunstyrelsen\"\nkind = \"kommunstyrelse\"\n+++\n";
    let mut files = vec![
        ("content/site.toml".to_string(), settings),
        ("content/organ/kommunstyrelsen.md".to_string(), body.to_string()),
        (".gitignore".to_string(), "# What `remiss build` writes.\npublic/\n".to_string()),
    ];
    match site.ci {
        Ci::Github => files.push((".github/workflows/site.yml".into(), GITHUB_WORKFLOW.into())),
        Ci::Gitlab => files.push((".gitlab-ci.yml".into(), GITLAB_CI.into())),
        Ci::None => {}
    }
    for (rel, _) in &files {
        if dir.join(rel).exists() {
            return Err(format!(
                "{} already exists, and `remiss new` never overwrites a file: start the site in a new folder",
                dir.join(rel).display()
            ));
        }
    }
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create the folder {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let mut report: String = files.iter().map(|(rel, _)| format!("wrote {}\n", dir.join(rel).display())).collect();
    let mut fill_in: Vec<&str> =
        [("title", &site.title), ("base_url", &site.base_url), ("organisation", &site.organisation)]
            .into_iter()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k)
            .collect();
    fill_in.extend(["[accessibility] compliance, assessed, method, contact"]);
    let _ =
        writeln!(report, "fill in, in content/site.toml: {} (replace each \"TODO: ...\" value)", fill_in.join(", "));
    if site.ci != Ci::None {
        report.push_str(
            "fill in, in the CI file: REMISS_RELEASES (replace OWNER) and REMISS_SHA256, from the line for \
             the x86_64-unknown-linux-musl archive in the release's SHA256SUMS\n",
        );
    }
    report.push_str("then run `remiss check --strict` in the folder, and commit");
    Ok(report)
}

/// Writes the skeleton under `content`. Refuses to overwrite, and refuses
/// ids that are not slugs; the error says what to do instead.
pub fn write(content: &Path, what: &Skeleton) -> Result<Written, String> {
    if !content.is_dir() {
        return Err(format!(
            "there is no content folder at {}: run this in the folder that holds `content/`, or pass --content DIR",
            content.display()
        ));
    }
    let (rel, text, fill_in, also, notes) = match what {
        Skeleton::Case { id, documents, title, decided_by } => {
            check_id("case id", id)?;
            if id == crate::model::paths::FILTER_DIR {
                return Err(format!("`{id}` is reserved for the filtered case lists: choose another case id"));
            }
            for d in documents {
                check_id("--document", d)?;
            }
            check_id("--decided-by", decided_by)?;
            let mut notes = missing(content, layout::DOCUMENTS, "document", documents);
            notes.extend(missing(content, layout::BODIES, "body", std::slice::from_ref(decided_by)));
            let (text, fill_in) = case_text(documents, title.as_deref(), decided_by);
            (layout::case(id), text, fill_in, Vec::new(), notes)
        }
        Skeleton::Response { case, body } => {
            check_id("body id", body)?;
            let case_front = existing_case(content, case)?;
            let mut notes = missing(content, layout::BODIES, "body", std::slice::from_ref(body));
            let referred = string_list(case_front.get("referred_to"));
            if !referred.contains(body) {
                notes.push(format!(
                    "`{body}` is not in `referred_to` of {}: add it there if the case was referred to it",
                    layout::case(case)
                ));
            }
            let proposals = proposals_of(content, &string_list(case_front.get("document")));
            let (text, fill_in) = response_text(&proposals);
            (layout::response(case, body), text, fill_in, Vec::new(), notes)
        }
        Skeleton::Statement { case, id, body, kind, parties } => {
            check_id("statement id", id)?;
            check_id("--body", body)?;
            for p in parties {
                check_id("--party", p)?;
            }
            let kind = statement_kind(kind)?;
            existing_case(content, case)?;
            let mut notes = missing(content, layout::BODIES, "body", std::slice::from_ref(body));
            notes.extend(missing(content, layout::PARTIES, "party", parties));
            let (text, fill_in) = statement_text(kind, body, parties);
            let also = vec!["the statement's text, below the closing `+++` (or set `same_as`)".to_string()];
            (layout::statement(case, id), text, fill_in, also, notes)
        }
    };
    let path = content.join(&rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} already exists, and `remiss new` never overwrites a file: edit it, or choose another id",
                path.display()
            )
        } else {
            format!("cannot create {}: {e}", path.display())
        }
    })?;
    file.write_all(text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Written { path, fill_in, also, notes })
}

fn check_id(what: &str, id: &str) -> Result<(), String> {
    if is_slug(id) {
        return Ok(());
    }
    let suggestion = slugify(id);
    let instead = if suggestion.is_empty() { String::new() } else { format!(", such as `{suggestion}`") };
    Err(format!("{what} `{id}` is not a valid id: use lowercase a–z, 0–9 and single dashes{instead}"))
}

/// Notes for ids that have no file in `folder` yet.
fn missing(content: &Path, folder: &str, what: &str, ids: &[String]) -> Vec<String> {
    ids.iter()
        .filter(|id| !content.join(folder).join(format!("{id}.md")).is_file())
        .map(|id| {
            let known = ids_in(&content.join(folder), false);
            format!(
                "there is no {what} `{id}` yet{}: create {folder}/{id}.md, or `remiss check` will report it",
                hint(id, known.iter().map(String::as_str))
            )
        })
        .collect()
}

/// The ids in a folder: `.md` file stems, or (for cases) sub-folder names.
fn ids_in(dir: &Path, folders: bool) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let p = e.path();
            if folders {
                p.is_dir().then(|| e.file_name().to_string_lossy().into_owned())
            } else {
                let stem = p.file_stem()?.to_string_lossy().into_owned();
                p.extension().is_some_and(|x| x == "md").then_some(stem)
            }
        })
        .collect();
    ids.sort();
    ids
}

/// The front matter of an existing case, for the ids it names. Responses and
/// statements need their case, so a missing one is an error here.
fn existing_case(content: &Path, case: &str) -> Result<toml::Table, String> {
    check_id("case id", case)?;
    let path = content.join(layout::case(case));
    if !path.is_file() {
        let known = ids_in(&content.join(layout::CASES), true);
        return Err(format!(
            "there is no case `{case}`{} (no {}): create it first with `remiss new case {case}`",
            hint(case, known.iter().map(String::as_str)),
            path.display()
        ));
    }
    // A case with broken front matter still gets its skeleton; `check` will
    // report the case's own problems.
    Ok(front_table(&path).unwrap_or_default())
}

fn front_table(path: &Path) -> Option<toml::Table> {
    let text = std::fs::read_to_string(path).ok()?;
    let (front, _) = crate::content::split_front_matter(&text).ok()?;
    text[front].parse::<toml::Table>().ok()
}

/// A string or a list of strings, as `document` and `referred_to` allow.
fn string_list(v: Option<&toml::Value>) -> Vec<String> {
    match v {
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// (id, title) of every proposal in the given documents, to pre-write the
/// `[proposals]` table as comments.
fn proposals_of(content: &Path, documents: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for d in documents {
        if !is_slug(d) {
            continue;
        }
        let Some(table) = front_table(&content.join(layout::document(d))) else { continue };
        let Some(toml::Value::Array(list)) = table.get("proposals") else { continue };
        for p in list {
            if let (Some(id), Some(title)) = (p.get("id").and_then(|v| v.as_str()), p.get("title")) {
                out.push((id.to_string(), title.as_str().unwrap_or("").to_string()));
            }
        }
    }
    out
}

/// Accepts the contract's terms, and ASCII spellings such as
/// `sarskilt-uttalande`, which are easier to type in a shell.
fn statement_kind(kind: &str) -> Result<StatementKind, String> {
    let wanted = slugify(kind);
    StatementKind::ALL.iter().copied().find(|k| k.term() == kind.trim() || slugify(k.term()) == wanted).ok_or_else(
        || {
            let list = StatementKind::ALL.iter().map(|k| format!("\"{}\"", k.term())).collect::<Vec<_>>().join(", ");
            format!(
                "--kind cannot be \"{kind}\"{}; allowed values: {list}",
                hint(kind, StatementKind::ALL.iter().map(|k| k.term()))
            )
        },
    )
}

fn case_text(documents: &[String], title: Option<&str>, decided_by: &str) -> (String, Vec<&'static str>) {
    let mut fill_in = Vec::new();
    let mut t = String::from("+++\n");
    t.push_str("# A new case. Replace every \"TODO: ...\" value, then run `remiss check`.\n");
    match title {
        Some(title) if !title.trim().is_empty() => {
            let _ = writeln!(t, "title = {}", write::string(title.trim()));
        }
        _ => {
            fill_in.push("title");
            let _ = writeln!(t, "title = {}", todo("the title as in the minutes"));
        }
    }
    fill_in.push("case_number");
    let _ = writeln!(t, "case_number = {}", todo("the diarienummer, e.g. KS 2024/12-1.1"));
    match documents {
        [] => t.push_str(
            "# document = \"sou-2023-1\"            # id of the referred document in dokument/, or a list; leave out for referrals that are not government papers\n",
        ),
        [one] => {
            let _ = writeln!(t, "document = {}", write::string(one));
        }
        many => {
            let _ = writeln!(t, "document = {}", write::list(many));
        }
    }
    fill_in.push("referrer");
    let _ = writeln!(t, "referrer = {}", todo("who referred it, e.g. Justitiedepartementet"));
    fill_in.push("deadline");
    let _ =
        writeln!(t, "deadline = {}", todo("the last day to answer, as a date without quotes: deadline = 2024-03-01"));
    let _ = writeln!(t, "decided_by = {}", write::string(decided_by));
    t.push_str(
        "\
# Optional keys: remove the `#` to use one.
# pm = \"PM 2024:12 RIX\"                 # the city's memo number
# received = 2024-01-15                 # the day the referral arrived
# internal_deadline = 2024-02-15        # the city's own last day for its bodies
# decided = 2024-03-12                  # the decision date; or, when it is not known:
# answered = true
# rapporteur = { name = \"Anna Andersson\", title = \"borgarråd\" }
# rapporteur_date = 2024-03-01
# referred_to = [\"stadsledningskontoret\", \"socialnamnden\"]   # each answers in svar/<body>.md (`remiss new svar`)
# decision = [\"Remissen besvaras med hänvisning till ...\", \"Paragrafen justeras omedelbart.\"]
# related_cases = [\"ks-2021-1622\"]      # ids of other cases
# earlier_answers = [\"KS 2021/1622\"]    # earlier answers that are not in the content, as free text
# tags = [\"barn och unga\"]
# draft = true                          # keeps the case out of the site until you remove it
#
# Below the closing +++: the summary (## Sammanfattning) and the rapporteur's
# views (## Föredragande borgarrådets synpunkter), in Markdown.
+++
",
    );
    (t, fill_in)
}

fn response_text(proposals: &[(String, String)]) -> (String, Vec<&'static str>) {
    let mut t = String::from("+++\n");
    t.push_str("# A body's response. Replace every \"TODO: ...\" value, then run `remiss check`.\n");
    let _ = writeln!(
        t,
        "stance = {}",
        todo("one of positiv, i huvudsak positiv, blandad, i huvudsak negativ, negativ, avstår")
    );
    let _ = writeln!(t, "summary = {}", todo("one or two sentences for overviews"));
    t.push_str(
        "\
# Optional keys: remove the `#` to use one.
# meeting = 2024-02-20                  # the body's meeting (leave out for a förvaltning)
# drafted = 2024-02-01                  # the date of the tjänsteutlåtande
# drafted_by = \"socialforvaltningen\"    # the förvaltning that drafted it
# proposed_decision = \"...\"             # the förvaltning's proposal, when the body decided otherwise
# decision = [\"Nämnden godkänner tjänsteutlåtandet som svar på remissen.\"]
# joint_with = []                       # bodies that gave this same answer jointly
#
# [proposals]                           # the stance on each proposal of the case's document
",
    );
    if proposals.is_empty() {
        t.push_str("# proposal-id = \"positiv\"\n");
    } else {
        for (id, title) in proposals {
            let _ = writeln!(t, "# {id} = \"positiv\"    # {}", title.replace('\n', " "));
        }
    }
    t.push_str(
        "#\n# [proposal_notes]                      # one sentence per proposal, for those with a stance above\n",
    );
    let first = proposals.first().map_or("proposal-id", |(id, _)| id.as_str());
    let _ = writeln!(t, "# {first} = \"...\"");
    t.push_str("#\n# Below the closing +++: the response as written, in Markdown.\n+++\n");
    (t, vec!["stance", "summary"])
}

fn statement_text(kind: StatementKind, body: &str, parties: &[String]) -> (String, Vec<&'static str>) {
    let mut t = String::from("+++\n");
    t.push_str("# A party statement. Replace every \"TODO: ...\" value, then run `remiss check`.\n");
    let _ = writeln!(t, "kind = {}", write::string(kind.term()));
    let _ = writeln!(t, "body = {}", write::string(body));
    t.push_str("signatories = [\n");
    let name = todo("first and last name");
    if parties.is_empty() {
        let _ = writeln!(t, "  {{ name = {name}, party = {} }},", todo("the party's id in partier/, e.g. s"));
    }
    for p in parties {
        let _ = writeln!(t, "  {{ name = {name}, party = {} }},", write::string(p));
    }
    t.push_str(
        "\
]
# A signatory may add `title = \"borgarråd\"`, and `and_others = true` to show \"m.fl.\".
# Optional keys: remove the `#` to use one.
# joins = \"other-statement\"             # statement(s) in this case it backs (\"ställde sig bakom\"), an id or a list
# same_as = \"other-statement\"           # a statement with the same wording (\"likalydande\"); the text may then be empty
# order = 1                             # sort key among the statements made in the body
#
# Below the closing +++: the statement, in Markdown.
+++
",
    );
    (t, vec!["signatories"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_accept_ascii_spellings() {
        assert_eq!(statement_kind("särskilt uttalande").unwrap(), StatementKind::ALL[0]);
        assert_eq!(statement_kind("sarskilt-uttalande").unwrap(), StatementKind::ALL[0]);
        assert_eq!(statement_kind("ersattaryttrande").unwrap().term(), "ersättaryttrande");
        let e = statement_kind("reservaton").unwrap_err();
        assert!(e.contains("did you mean `reservation`?") && e.contains("\"yttrande\""), "{e}");
    }

    #[test]
    fn skeletons_are_valid_toml() {
        let docs = ["a".to_string(), "b".to_string()];
        for text in [
            case_text(&docs, Some("T \"x\""), "kommunstyrelsen").0,
            case_text(&[], None, "kommunstyrelsen").0,
            response_text(&[("p".into(), "P".into())]).0,
            statement_text(StatementKind::ALL[1], "socialnamnden", &["m".into(), "l".into()]).0,
            statement_text(StatementKind::ALL[1], "socialnamnden", &[]).0,
        ] {
            let (front, _) = crate::content::split_front_matter(&text).unwrap();
            text[front].parse::<toml::Table>().unwrap_or_else(|e| panic!("{e}\n{text}"));
        }
    }
}
