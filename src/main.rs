//! The `remiss` command line: parse arguments, run the library, print
//! diagnostics, set the exit code.

use clap::{Args, Parser, Subcommand};
use remiss::build::{self, BuildOptions};
use remiss::diagnostics::Diagnostic;
use remiss::model::Date;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "remiss", version, about = "Builds a static site of a city's answers to government referrals")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build content/ into public/.
    Build(Common),
    /// Validate content/ and report every problem; writes nothing.
    Check(Common),
    /// Preview the site on 127.0.0.1, rebuilding and reloading pages on every change.
    Serve(ServeArgs),
}

#[derive(Args)]
struct Common {
    /// The content folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The output folder (replaced atomically on success).
    #[arg(long, default_value = "public")]
    out: PathBuf,
    /// Folder of themes; the built-in default theme is used if it lacks the configured one.
    #[arg(long, default_value = "themes")]
    themes: PathBuf,
    /// Absolute URL the site is served at; overrides base_url in site.toml.
    #[arg(long)]
    base_url: Option<String>,
    /// Include cases marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// The date case status is computed against (YYYY-MM-DD), for reproducible builds.
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD, e.g. 2023-04-28"))
}

impl Common {
    fn options(self) -> BuildOptions {
        BuildOptions {
            content: self.content,
            out: self.out,
            themes: self.themes,
            base_url: self.base_url,
            drafts: self.drafts,
            today: self.today.unwrap_or_else(build::today_utc),
        }
    }
}

fn print(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.severity == remiss::diagnostics::Severity::Error).count();
    let warnings = diags.len() - errors;
    format!("{errors} error(s), {warnings} warning(s)")
}

#[derive(Args)]
struct ServeArgs {
    /// The content folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Folder of themes; the built-in default theme is used if it lacks the configured one.
    #[arg(long, default_value = "themes")]
    themes: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one (the URL is printed on stdout).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Include cases marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// The date case status is computed against (YYYY-MM-DD); by default the system date at each rebuild.
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

fn run_serve(args: ServeArgs) -> ExitCode {
    let opts = remiss::serve::ServeOptions {
        content: args.content,
        themes: args.themes,
        drafts: args.drafts,
        today: args.today,
        port: args.port,
    };
    match remiss::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(common) => {
            let opts = common.options();
            match build::build(&opts) {
                Ok(report) => {
                    print(&report.warnings);
                    eprintln!("built {} pages ({} files) into {}", report.pages, report.files, opts.out.display());
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print(&diags);
                    eprintln!("build failed: {}; {} was left untouched", summary(&diags), opts.out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check(common) => {
            let opts = common.options();
            match build::check(&opts) {
                Ok((_, warnings)) => {
                    print(&warnings);
                    eprintln!("content is valid: {}", summary(&warnings));
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print(&diags);
                    eprintln!("check failed: {}", summary(&diags));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve(args) => run_serve(args),
    }
}
