//! One fixture per class of content error: each asserts the file, the
//! line and column, and the message a clerk would need to fix it.

use crate::common::{diagnostics, minimal_copy, write};
use std::path::Path;

/// Checks the content and returns the errors, each as
/// `relative/path:line:column: message`.
fn errors(content: &Path) -> Vec<String> {
    diagnostics(content).0
}

/// Asserts exactly one error, at `place`, whose message contains every part.
fn assert_one(errors: &[String], place: &str, parts: &[&str]) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with(&format!("{place}: ")), "expected {place}: {errors:#?}");
    for p in parts {
        assert!(errors[0].contains(p), "expected {p:?} in {:?}", errors[0]);
    }
}

#[test]
fn the_minimal_fixture_is_valid() {
    assert!(errors(&minimal_copy("valid")).is_empty());
}

#[test]
fn toml_syntax_error() {
    let c = minimal_copy("syntax");
    write(&c, "organ/socialnamnden.md", "+++\nname = \"Socialnämnden\nkind = \"nämnd\"\n+++\n");
    let e = errors(&c);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].starts_with("organ/socialnamnden.md:2:"), "{e:#?}");
    assert!(e[0].contains("TOML syntax error"), "{e:#?}");
}

#[test]
fn missing_front_matter() {
    let c = minimal_copy("nofront");
    write(&c, "organ/socialnamnden.md", "name = \"Socialnämnden\"\n");
    assert_one(&errors(&c), "organ/socialnamnden.md:1:1", &["must start with a line `+++`"]);
}

#[test]
fn unclosed_front_matter() {
    let c = minimal_copy("unclosed");
    write(&c, "organ/socialnamnden.md", "+++\nname = \"Socialnämnden\"\nkind = \"nämnd\"\n");
    assert_one(&errors(&c), "organ/socialnamnden.md:1:1", &["not closed", "add a line `+++`"]);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let c = minimal_copy("unknownkey");
    write(&c, "organ/socialnamnden.md", "+++\nname = \"Socialnämnden\"\nkind = \"nämnd\"\nofice = \"x\"\n+++\n");
    assert_one(&errors(&c), "organ/socialnamnden.md:4:1", &["unknown key `ofice`", "did you mean `office`?"]);
}

#[test]
fn unknown_key_in_a_nested_table() {
    let c = minimal_copy("nestedkey");
    write(
        &c,
        "remisser/ks-2024-1/uttalanden/s-socialnamnden.md",
        "+++\nkind = \"reservation\"\nbody = \"socialnamnden\"\nsignatories = [{ name = \"Anna Andersson\", parti = \"s\" }]\n+++\nText.\n",
    );
    let e = errors(&c);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e.iter().any(|m| m.contains("missing required key `party`")), "{e:#?}");
    assert!(
        e.iter().any(|m| m.starts_with("remisser/ks-2024-1/uttalanden/s-socialnamnden.md:4:43: ")
            && m.contains("unknown key `parti`")
            && m.contains("did you mean `party`?")),
        "{e:#?}"
    );
}

#[test]
fn missing_required_key() {
    let c = minimal_copy("missing");
    write(&c, "partier/m.md", "+++\nname = \"Moderaterna\"\n+++\n");
    assert_one(&errors(&c), "partier/m.md:1:1", &["missing required key `abbreviation`", "abbreviation = "]);
}

#[test]
fn quoted_date_is_a_type_error_with_the_fix() {
    let c = minimal_copy("quoteddate");
    let case = std::fs::read_to_string(c.join("remisser/ks-2024-1/index.md")).unwrap();
    write(&c, "remisser/ks-2024-1/index.md", &case.replace("deadline = 2024-03-01", "deadline = \"2024-03-01\""));
    assert_one(&errors(&c), "remisser/ks-2024-1/index.md:7:12", &["without quotes", "deadline = 2024-03-01"]);
}

#[test]
fn wrong_type() {
    let c = minimal_copy("wrongtype");
    let case = std::fs::read_to_string(c.join("remisser/ks-2024-1/index.md")).unwrap();
    write(&c, "remisser/ks-2024-1/index.md", &case.replace("referred_to = [\"socialnamnden\"]", "referred_to = 3"));
    assert_one(&errors(&c), "remisser/ks-2024-1/index.md:9:15", &["`referred_to` must be an id or a list of ids"]);
}

#[test]
fn misspelt_stance_suggests_the_term() {
    let c = minimal_copy("stance");
    let r = std::fs::read_to_string(c.join("remisser/ks-2024-1/svar/socialnamnden.md")).unwrap();
    write(&c, "remisser/ks-2024-1/svar/socialnamnden.md", &r.replace("stance = \"positiv\"", "stance = \"postiv\""));
    assert_one(
        &errors(&c),
        "remisser/ks-2024-1/svar/socialnamnden.md:2:10",
        &["cannot be \"postiv\"", "did you mean `positiv`?", "\"i huvudsak positiv\""],
    );
}

#[test]
fn unknown_reference_suggests_the_closest_id() {
    let c = minimal_copy("unknownref");
    let case = std::fs::read_to_string(c.join("remisser/ks-2024-1/index.md")).unwrap();
    write(
        &c,
        "remisser/ks-2024-1/index.md",
        &case.replace("decided_by = \"kommunstyrelsen\"", "decided_by = \"kommunstyrelsn\""),
    );
    assert_one(
        &errors(&c),
        "remisser/ks-2024-1/index.md:8:14",
        &["unknown body `kommunstyrelsn`", "did you mean `kommunstyrelsen`?"],
    );
}

#[test]
fn unknown_party_of_a_signatory() {
    let c = minimal_copy("unknownparty");
    let s = std::fs::read_to_string(c.join("remisser/ks-2024-1/uttalanden/s-socialnamnden.md")).unwrap();
    write(&c, "remisser/ks-2024-1/uttalanden/s-socialnamnden.md", &s.replace("party = \"s\"", "party = \"sd\""));
    assert_one(
        &errors(&c),
        "remisser/ks-2024-1/uttalanden/s-socialnamnden.md:4:51",
        &["unknown party `sd`", "did you mean `s`?"],
    );
}

#[test]
fn invalid_id_in_a_file_name() {
    let c = minimal_copy("badid");
    std::fs::rename(c.join("partier/m.md"), c.join("partier/Moderaterna.md")).unwrap();
    assert_one(&errors(&c), "partier/Moderaterna.md:1:1", &["not a valid id", "rename the file to `moderaterna`"]);
}

#[test]
fn reserved_case_id() {
    let c = minimal_copy("reserved");
    std::fs::rename(c.join("remisser/ks-2024-1"), c.join("remisser/filter")).unwrap();
    assert_one(&errors(&c), "remisser/filter/index.md:1:1", &["reserved"]);
}

#[test]
fn unknown_proposal_in_a_response() {
    let c = minimal_copy("proposal");
    let r = std::fs::read_to_string(c.join("remisser/ks-2024-1/svar/socialnamnden.md")).unwrap();
    write(&c, "remisser/ks-2024-1/svar/socialnamnden.md", &r.replace("forslag-ett =", "forslag-et ="));
    assert_one(
        &errors(&c),
        "remisser/ks-2024-1/svar/socialnamnden.md:7:1",
        &["unknown proposal `forslag-et`", "did you mean `forslag-ett`?"],
    );
}

#[test]
fn joins_names_an_unknown_statement() {
    let c = minimal_copy("joins");
    write(
        &c,
        "remisser/ks-2024-1/uttalanden/m-socialnamnden.md",
        "+++\nkind = \"ersättaryttrande\"\nbody = \"socialnamnden\"\nsignatories = [{ name = \"Bo Berg\", party = \"m\" }]\njoins = \"s-socialnamden\"\n+++\nText.\n",
    );
    assert_one(
        &errors(&c),
        "remisser/ks-2024-1/uttalanden/m-socialnamnden.md:5:9",
        &["unknown statement `s-socialnamden`", "did you mean `s-socialnamnden`?"],
    );
}

#[test]
fn response_file_named_after_an_unknown_body() {
    let c = minimal_copy("respbody");
    std::fs::rename(
        c.join("remisser/ks-2024-1/svar/socialnamnden.md"),
        c.join("remisser/ks-2024-1/svar/socialnamden.md"),
    )
    .unwrap();
    assert_one(
        &errors(&c),
        "remisser/ks-2024-1/svar/socialnamden.md:1:1",
        &["no body `socialnamden`", "did you mean `socialnamnden`?"],
    );
}

#[test]
fn attachment_that_would_overwrite_a_page() {
    let c = minimal_copy("overwrite");
    write(&c, "remisser/ks-2024-1/index.html", "<p>hijack</p>");
    assert_one(&errors(&c), "remisser/ks-2024-1/index.html:1:1", &["would overwrite the generated page"]);
}

#[test]
fn link_pointing_outside_content() {
    let c = minimal_copy("outside");
    write(
        &c,
        "organ/socialnamnden.md",
        "+++\nname = \"Socialnämnden\"\nkind = \"nämnd\"\n+++\nSe [lösenord](../../../etc/passwd).\n",
    );
    assert_one(&errors(&c), "organ/socialnamnden.md:5:4", &["points outside content/"]);
}

#[test]
fn file_with_no_place_in_the_layout() {
    let c = minimal_copy("stray");
    write(&c, "orgn/socialnamnden.md", "+++\n+++\n");
    assert_one(&errors(&c), "orgn/socialnamnden.md:1:1", &["no place in the content layout"]);
}

#[test]
fn statement_without_its_case() {
    let c = minimal_copy("nocase");
    write(
        &c,
        "remisser/ks-2024-2/uttalanden/x.md",
        "+++\nkind = \"reservation\"\nbody = \"socialnamnden\"\nsignatories = [{ name = \"A B\", party = \"s\" }]\n+++\nText.\n",
    );
    assert_one(&errors(&c), "remisser/ks-2024-2/uttalanden/x.md:1:1", &["no index.md", "remisser/ks-2024-2/index.md"]);
}

#[test]
fn bad_site_toml() {
    let c = minimal_copy("site");
    write(&c, "site.toml", "title = \"T\"\nbase_url = \"example.org\"\norganisation = \"O\"\nlanguage = \"de\"\n");
    let e = errors(&c);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e[0].starts_with("site.toml:2:12: ") && e[0].contains("absolute http(s) URL"), "{e:#?}");
    assert!(e[1].starts_with("site.toml:4:12: ") && e[1].contains("\"sv\" or \"en\""), "{e:#?}");
}

#[test]
fn missing_site_toml() {
    let c = minimal_copy("nosite");
    std::fs::remove_file(c.join("site.toml")).unwrap();
    assert_one(&errors(&c), "site.toml:1:1", &["missing site.toml"]);
}

#[test]
fn file_that_is_not_utf8() {
    let c = minimal_copy("latin1");
    std::fs::write(c.join("partier/m.md"), b"+++\nname = \"Moderaterna \xe4\"\nabbreviation = \"M\"\n+++\n").unwrap();
    assert_one(&errors(&c), "partier/m.md:2:21", &["not valid UTF-8"]);
}

#[test]
fn every_problem_is_reported_at_once_in_order() {
    let c = minimal_copy("many");
    write(&c, "partier/m.md", "+++\nname = \"Moderaterna\"\nabbreviation = \"M\"\ncolour = \"#123456\"\n+++\n");
    write(&c, "organ/socialnamnden.md", "+++\nname = \"Socialnämnden\"\nkind = \"namnd\"\n+++\n");
    let r = std::fs::read_to_string(c.join("remisser/ks-2024-1/svar/socialnamnden.md")).unwrap();
    write(
        &c,
        "remisser/ks-2024-1/svar/socialnamnden.md",
        &r.replace("stance = \"positiv\"", "stance = \"jätteglad\"")
            .replace("meeting = 2024-02-20", "meeting = \"2024-02-20\""),
    );
    let e = errors(&c);
    assert_eq!(e.len(), 4, "{e:#?}");
    assert!(e[0].starts_with("organ/socialnamnden.md:3:8: ") && e[0].contains("did you mean `nämnd`?"), "{e:#?}");
    assert!(e[1].starts_with("partier/m.md:4:1: ") && e[1].contains("did you mean `color`?"), "{e:#?}");
    assert!(e[2].starts_with("remisser/ks-2024-1/svar/socialnamnden.md:2:10: "), "{e:#?}");
    assert!(
        e[3].starts_with("remisser/ks-2024-1/svar/socialnamnden.md:4:11: ") && e[3].contains("without quotes"),
        "{e:#?}"
    );
}
