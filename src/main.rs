//! The `remiss` command line: parse arguments, run the library, print
//! diagnostics, set the exit code.

use clap::{Args, Parser, Subcommand, ValueEnum};
use remiss::build::{self, BuildOptions};
use remiss::diagnostics::{self, Diagnostic, Format, Severity};
use remiss::model::Date;
use remiss::scaffold::{self, Skeleton};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc: a site build makes millions of small, short-lived allocations
/// from two threads; glibc malloc spent a quarter of the build in `_int_malloc`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// "0.1.0 (commit 1a2b3c4d5e6f)": the version and the commit it was built from (see build.rs).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("REMISS_COMMIT"), ")");

#[derive(Parser)]
#[command(name = "remiss", version = VERSION, about = "Builds a static site of a city's answers to government referrals")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build content/ into public/.
    Build(BuildArgs),
    /// Validate content/ and report every problem; writes nothing.
    Check(CheckArgs),
    /// Write a skeleton file for a new case, response or statement.
    New(NewArgs),
    /// Preview the site on 127.0.0.1 (or --bind), rebuilding and reloading pages on every change.
    Serve(ServeArgs),
    /// Import a city decision's minutes (PDF or extracted text) as a draft case.
    Import(ImportArgs),
}

#[derive(Args)]
struct ImportArgs {
    /// The minutes: a .pdf (read with poppler's pdftotext) or a .txt extracted from one.
    file: PathBuf,
    /// The id of the new case, e.g. ks-2023-99; its folder must not exist yet.
    #[arg(long = "case", value_name = "ID")]
    case: String,
    /// Print what would be written and what to review, and write nothing.
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    target: Target,
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

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: Common,
    /// Fail on warnings too, before anything is written.
    #[arg(long)]
    strict: bool,
    /// Print how long each stage took, on stderr.
    #[arg(long)]
    timings: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// How to report: for people (on stderr), as GitHub Actions annotations, or as JSON (both on stdout).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct NewArgs {
    #[command(subcommand)]
    what: New,
}

#[derive(Subcommand)]
enum New {
    /// A case: remisser/<ID>/index.md.
    Case {
        /// The case id, e.g. ks-2024-12 (lowercase a–z, 0–9 and single dashes).
        id: String,
        /// Id of a referred document in dokument/; repeat for several.
        #[arg(long = "document", value_name = "DOC")]
        documents: Vec<String>,
        /// The case title, as in the minutes.
        #[arg(long)]
        title: Option<String>,
        /// Id of the deciding body.
        #[arg(long, default_value = "kommunstyrelsen", value_name = "BODY")]
        decided_by: String,
        #[command(flatten)]
        target: Target,
    },
    /// A body's response: remisser/<CASE>/svar/<BODY>.md.
    Svar {
        /// The case id (its folder must exist).
        case: String,
        /// Id of the body that answers, from organ/.
        body: String,
        #[command(flatten)]
        target: Target,
    },
    /// A new site's repository: content/site.toml, content/organ/kommunstyrelsen.md, .gitignore and the CI
    /// file that checks pull requests and deploys the main branch.
    Site {
        /// The folder of the new repository (created if missing).
        dir: PathBuf,
        /// The site's title; without it, a TODO placeholder.
        #[arg(long)]
        title: Option<String>,
        /// The city or region that publishes it.
        #[arg(long)]
        organisation: Option<String>,
        /// The published address, e.g. https://www.example.se/remissvar/.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Where it is built and deployed: github (GitHub Pages), gitlab (GitLab Pages) or none.
        #[arg(long, value_enum, default_value_t = CiArg::Github)]
        ci: CiArg,
    },
    /// A party statement: remisser/<CASE>/uttalanden/<ID>.md.
    Uttalande {
        /// The case id (its folder must exist).
        case: String,
        /// The statement id, by custom the body and the parties: socialnamnden-m-l.
        id: String,
        /// Id of the body in whose meeting it was made.
        #[arg(long, value_name = "BODY")]
        body: String,
        /// särskilt uttalande | reservation | ersättaryttrande | protokollsanteckning | yttrande
        /// (sarskilt-uttalande and other ASCII spellings work too).
        #[arg(long)]
        kind: String,
        /// Id of a signing party; repeat for several, one signatory line each.
        #[arg(long = "party", value_name = "PARTY")]
        parties: Vec<String>,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CiArg {
    Github,
    Gitlab,
    None,
}

#[derive(Args)]
struct Target {
    /// The content folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
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
            strict: false,
        }
    }
}

#[derive(Args)]
struct ServeArgs {
    /// The content folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Folder of themes; the built-in default theme is used if it lacks the configured one.
    #[arg(long, default_value = "themes")]
    themes: PathBuf,
    /// The port; 0 picks a free one (the URL is printed on stdout).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. 127.0.0.1 lets only this machine in; 0.0.0.0 lets in every device that can
    /// reach it (a phone on the same network, the host of a container), without a password.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Include cases marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// The date case status is computed against (YYYY-MM-DD); by default the system date at each rebuild.
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

/// mimalloc hands freed memory back to the system after 10 ms, and the next
/// allocation faults it in again, zeroed by the kernel. A build frees and
/// allocates pages, minifier trees and search batches all the time: keeping
/// freed memory makes a 10,000-case build 6 to 8 % faster, for about 200 MB
/// more peak memory (1.6 GiB). The preview server lives long and frees a
/// whole site's worth of memory on every rebuild: keeping it makes a rebuild
/// about a third faster, for about 15 % more peak memory.
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc.h (the same value in v2 and v3);
    // -1 means never purge.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an option is a plain store that mimalloc allows at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn run_serve(args: ServeArgs) -> ExitCode {
    let opts = remiss::serve::ServeOptions {
        content: args.content,
        themes: args.themes,
        drafts: args.drafts,
        today: args.today,
        port: args.port,
        bind: args.bind,
    };
    match remiss::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints already rendered output. A closed pipe (`remiss check | head`) is
/// not worth a panic, so write errors are ignored.
fn emit(r: &diagnostics::Rendered) {
    let _ = std::io::stdout().write_all(r.stdout.as_bytes());
    let _ = std::io::stderr().write_all(r.stderr.as_bytes());
}

fn human(diags: &[Diagnostic], summary_line: &str) {
    emit(&diagnostics::render(diags, Format::Human, summary_line, true));
}

fn exit(failed: bool) -> ExitCode {
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn run_build(args: BuildArgs) -> ExitCode {
    let opts = BuildOptions { strict: args.strict, ..args.common.options() };
    match build::build(&opts) {
        Ok(report) => {
            let w = report.written;
            let line = format!(
                "built {} pages ({} files, {}; {} written, {} deleted, the rest unchanged) into {}",
                w.pages,
                w.files,
                build::size(w.bytes),
                w.changed,
                w.deleted,
                opts.out.display()
            );
            human(&report.warnings, &line);
            if args.timings {
                for (stage, time) in &report.timings.0 {
                    eprintln!("{:>9.3} s  {stage}", time.as_secs_f64());
                }
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let only_warnings = diags.iter().all(|d| d.severity == Severity::Warning);
            let strict = if args.strict && only_warnings { " (--strict)" } else { "" };
            let line = format!(
                "build failed{strict}: {}; {} was left untouched",
                diagnostics::summary(&diags),
                opts.out.display()
            );
            human(&diags, &line);
            ExitCode::FAILURE
        }
    }
}

fn run_check(args: CheckArgs) -> ExitCode {
    let opts = args.common.options();
    let diags = match build::check(&opts) {
        Ok((_, warnings)) => warnings,
        Err(diags) => diags,
    };
    let failed = diagnostics::fails(&diags, args.strict);
    let counts = diagnostics::summary(&diags);
    let line = match (failed, args.strict) {
        (false, _) => format!("content is valid: {counts}"),
        (true, true) => format!("check failed (--strict fails on warnings too): {counts}"),
        (true, false) => format!("check failed: {counts}"),
    };
    emit(&diagnostics::render(&diags, args.format, &line, !failed));
    exit(failed)
}

fn run_new(args: NewArgs) -> ExitCode {
    let written = match args.what {
        New::Site { dir, title, organisation, base_url, ci } => {
            let ci = match ci {
                CiArg::Github => scaffold::Ci::Github,
                CiArg::Gitlab => scaffold::Ci::Gitlab,
                CiArg::None => scaffold::Ci::None,
            };
            scaffold::site(&dir, &scaffold::Site { title, organisation, base_url, ci })
        }
        New::Case { id, documents, title, decided_by, target } => {
            scaffold::write(&target.content, &Skeleton::Case { id, documents, title, decided_by })
                .map(|w| w.to_string())
        }
        New::Svar { case, body, target } => {
            scaffold::write(&target.content, &Skeleton::Response { case, body }).map(|w| w.to_string())
        }
        New::Uttalande { case, id, body, kind, parties, target } => {
            let skeleton = Skeleton::Statement { case, id, body, kind, parties };
            scaffold::write(&target.content, &skeleton).map(|w| w.to_string())
        }
    };
    match written {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    remiss::build::init_workers();
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(args),
        Command::Check(args) => run_check(args),
        Command::New(args) => run_new(args),
        Command::Serve(args) => run_serve(args),
        Command::Import(args) => run_import(args),
    }
}

fn run_import(args: ImportArgs) -> ExitCode {
    match remiss::import::import(&args.file, &args.case, &args.target.content, args.dry_run) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
