//! `cargo run --example check-output -- SITE [THEME_STATIC]`: the output
//! check of the test suite, over any built site. Lists every event handler,
//! script URL, embedded document and script not from the theme, and exits
//! non-zero if there is one.

#[path = "../tests/suite/output_check.rs"]
#[allow(dead_code)]
mod output_check;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args_os().skip(1);
    let site = std::path::PathBuf::from(args.next().unwrap_or_else(|| "public".into()));
    let theme = std::path::PathBuf::from(args.next().unwrap_or_else(|| "themes/default/static".into()));
    let problems = output_check::check_site(&site, &theme);
    for p in &problems {
        println!("{p}");
    }
    if problems.is_empty() {
        println!("{}: no scripts, handlers or embeds that the theme did not put there", site.display());
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
