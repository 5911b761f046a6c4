//! `remiss serve`: a preview server for staff who edit content.
//!
//! It builds the site into memory with the same pipeline as `remiss build`
//! ([`build::check`] and [`build::render_site`]), serves it on loopback
//! unless `--bind` says otherwise (the HTTP side is in [`http`]), watches
//! `content/` and the themes folder, and rebuilds on every change.
//! Nothing is written to disk, so stopping it (Ctrl-C) leaves nothing behind.
//!
//! Each rebuild is compared file by file with the previous one, and only the
//! pages that changed are told to reload, over Server-Sent Events. While the
//! content has errors the last good site keeps being served, with an overlay
//! that lists the problems in the same `path:line:column` form as the
//! terminal. Everything the preview adds to a page is an external script or
//! stylesheet under `/__remiss/`, so it works under the site's strict CSP;
//! `remiss build` output never contains any of it.

use crate::build::{self, BuildOptions};
use crate::diagnostics::{Diagnostic, Severity};
use crate::incremental::{Change, DerivedTask, Session};
use crate::model::Date;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, new_debouncer};
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};
use std::time::{Duration, Instant};

mod http;

use http::{Body, Outcome, Response, Target};

/// The URL prefix of the preview's own files; no content path can start
/// with `__`, because ids are lowercase letters, digits and dashes.
const PREFIX: &str = "/__remiss/";
const LIVE_JS: &str = include_str!("serve/live.js");
const OVERLAY_CSS: &str = include_str!("serve/overlay.css");
/// Editors save in bursts (temporary file, rename, metadata): one rebuild per burst.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// How long after reading every file a dropped-events notice is put down
/// to those reads: the watcher hands on events a little after they happen.
const OWN_READS: Duration = Duration::from_secs(2);
/// How often an idle event stream is pinged, so threads of closed tabs end.
const PING: Duration = Duration::from_secs(15);

/// What to preview.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub content: PathBuf,
    pub themes: PathBuf,
    pub drafts: bool,
    /// `None` means the system date at each rebuild, so a server left
    /// running over midnight shows tomorrow's statuses after the next edit.
    pub today: Option<Date>,
    /// 0 lets the system pick a free port.
    pub port: u16,
    /// Loopback unless the user asks: the preview shows drafts and work in
    /// progress, and it is made for the machine it runs on.
    pub bind: IpAddr,
}

pub use crate::incremental::{Files, Source, Stored};

/// The state every request reads: the last good site and, when the latest
/// build failed, its diagnostics.
#[derive(Debug, Default)]
pub struct State {
    /// `None` only while no build has succeeded yet.
    pub files: Option<Arc<Files>>,
    /// What the pages in `files` that are kept as [`Stored::Page`] are
    /// rendered from.
    pub source: Option<Source>,
    /// Empty when the latest build succeeded.
    pub errors: Vec<Diagnostic>,
    /// Goes up with every rebuild that changed what pages show. Each page
    /// carries the number it was served at, so a page that missed an event
    /// (while loading, while hidden, or across a restart) notices and reloads.
    pub generation: u64,
}

/// What open pages must do after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// Nothing visible changed.
    None,
    /// These site paths were added, changed or removed.
    Paths(Vec<String>),
    /// Every page: the overlay appeared, changed or went away.
    All,
}

impl Reload {
    /// The `data` of the SSE event that `live.js` reads.
    fn event_data(&self, generation: u64) -> Option<String> {
        let json = match self {
            Reload::None => return None,
            Reload::All => serde_json::json!({ "generation": generation, "all": true }),
            Reload::Paths(paths) => serde_json::json!({ "generation": generation, "all": false, "paths": paths }),
        };
        Some(json.to_string())
    }
}

/// The site paths whose bytes differ between two builds, in order. Both
/// maps are sorted, so one walk over them suffices; files a rebuild did not
/// touch share their buffer and compare at once.
pub fn changed_paths(old: &Files, new: &Files) -> Vec<String> {
    use std::cmp::Ordering::*;
    let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
    let mut changed = Vec::new();
    loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => return changed,
            (Some(_), None) => Less,
            (None, Some(_)) => Greater,
            (Some((ka, _)), Some((kb, _))) => ka.cmp(kb),
        };
        match order {
            Less => changed.push(a.next().map(|(k, _)| k.clone()).unwrap_or_default()),
            Greater => changed.push(b.next().map(|(k, _)| k.clone()).unwrap_or_default()),
            Equal => {
                if let (Some((k, va)), Some((_, vb))) = (a.next(), b.next())
                    && !Arc::ptr_eq(va, vb)
                    && va != vb
                {
                    changed.push(k.clone());
                }
            }
        }
    }
}

/// Builds the whole site into memory: generated files plus attachments,
/// which are read so that a changed PDF is noticed like a changed page.
/// The server itself rebuilds incrementally ([`Session`]); this is the
/// reference it must equal.
pub fn render_files(opts: &BuildOptions) -> Result<(Files, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (site, warnings) = build::check(opts)?;
    let (generated, _) = build::render_site(&site, &opts.themes)?;
    let mut files: Files = generated
        .into_iter()
        .map(|(path, bytes)| (path, Arc::new(crate::output::Packed::new(&bytes).into())))
        .collect();
    crate::incremental::read_attachments(site.cases.values(), &mut files)?;
    Ok((files, warnings))
}

/// Applies a build result to the state and says what must reload. A new
/// `source` comes with every rebuild, but not with the site-wide files that
/// follow it.
pub fn apply(state: &mut State, result: Result<Arc<Files>, Vec<Diagnostic>>, source: Option<Source>) -> Reload {
    if result.is_ok() && source.is_some() {
        state.source = source;
    }
    let reload = update(state, result);
    if reload != Reload::None {
        state.generation += 1;
    }
    reload
}

fn update(state: &mut State, result: Result<Arc<Files>, Vec<Diagnostic>>) -> Reload {
    match result {
        Ok(files) => {
            let had_errors = !state.errors.is_empty();
            state.errors.clear();
            let reload = match &state.files {
                Some(old) if !had_errors => {
                    let paths = changed_paths(old, &files);
                    if paths.is_empty() { Reload::None } else { Reload::Paths(paths) }
                }
                _ => Reload::All,
            };
            state.files = Some(files);
            reload
        }
        Err(errors) => {
            if errors == state.errors {
                return Reload::None;
            }
            state.errors = errors;
            Reload::All
        }
    }
}

/// Shared between the connections, the rebuild thread and event streams.
struct Shared {
    opts: ServeOptions,
    base_url: String,
    state: RwLock<State>,
    /// One sender per open event stream; dropped ones are pruned on send.
    clients: Mutex<Vec<Sender<String>>>,
}

impl Shared {
    fn build_options(&self) -> BuildOptions {
        BuildOptions {
            content: self.opts.content.clone(),
            out: PathBuf::new(),
            themes: self.opts.themes.clone(),
            base_url: Some(self.base_url.clone()),
            drafts: self.opts.drafts,
            today: self.opts.today.unwrap_or_else(build::today_utc),
            strict: false,
        }
    }

    /// Rebuilds what `change` concerns, prints the outcome like `remiss
    /// build` does, updates the state and tells the open pages that must
    /// reload. Returns whether the site-wide files still lag behind.
    fn rebuild(&self, session: &mut Session, change: &Change) -> bool {
        let started = Instant::now();
        let result = session.rebuild(&self.build_options(), change);
        let ms = started.elapsed().as_millis();
        let cause = match change {
            Change::Paths(paths) => match paths.as_slice() {
                [] => String::new(),
                [one] => format!(" after a change to {}", one.display()),
                [one, rest @ ..] => format!(" after changes to {} and {} more", one.display(), rest.len()),
            },
            Change::Everything => String::new(),
        };
        let mut pending = false;
        let mut source = None;
        let result = match result {
            Ok(rebuilt) => {
                print_diagnostics(&rebuilt.warnings);
                let pages = rebuilt.files.keys().filter(|p| p.ends_with(".html")).count();
                let files = rebuilt.files.len();
                if rebuilt.full {
                    eprintln!("built {pages} pages ({files} files) in {ms} ms{cause}");
                } else {
                    eprintln!("built {} of {pages} pages again in {ms} ms{cause}", rebuilt.jobs);
                }
                pending = rebuilt.derived_pending;
                source = Some(rebuilt.source);
                Ok(rebuilt.files)
            }
            Err(diags) => {
                print_diagnostics(&diags);
                let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
                eprintln!("build failed{cause}: {errors} error(s); still serving the last good build");
                Err(diags)
            }
        };
        self.publish(result, source, matches!(change, Change::Paths(p) if !p.is_empty()));
        pending
    }

    /// Puts a build in place and tells the open pages what to reload.
    fn publish(&self, result: Result<Arc<Files>, Vec<Diagnostic>>, source: Option<Source>, report: bool) {
        let (reload, generation, old) = {
            let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
            let old = if result.is_ok() && source.is_some() { state.source.take() } else { None };
            (apply(&mut state, result, source), state.generation, old)
        };
        // This may hold the last reference to the previous site, and freeing
        // a national-size site takes a tenth of a second.
        if old.is_some() {
            std::thread::spawn(move || drop(old));
        }
        match &reload {
            _ if !report => {}
            Reload::Paths(paths) => eprintln!("{} file(s) changed; reloading the pages that show them", paths.len()),
            Reload::All => eprintln!("reloading every open page"),
            Reload::None => {}
        }
        if let Some(data) = reload.event_data(generation) {
            let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
            clients.retain(|c| c.send(data.clone()).is_ok());
        }
    }
}

/// What the rebuild thread waits for.
enum Message {
    Files(DebounceEventResult),
    /// The search index, feeds and open data of a rebuild, built in the background.
    Derived(DerivedTask, Result<Vec<(String, crate::output::Packed)>, Vec<Diagnostic>>, Instant),
}

/// Builds the site-wide files of the latest rebuild on another thread, so
/// the next edit is not kept waiting behind them. They get a pool of their
/// own that leaves a core free, so that next edit is not slowed down either.
fn start_derived(session: &Session, tx: &Sender<Message>) -> bool {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let Some(task) = session.derived() else { return false };
    let tx = tx.clone();
    std::thread::spawn(move || {
        let started = Instant::now();
        let pool = POOL.get_or_init(|| {
            let threads = rayon::current_num_threads().saturating_sub(1).max(1);
            rayon::ThreadPoolBuilder::new().num_threads(threads).stack_size(build::WORKER_STACK).build().ok()
        });
        let result = match pool {
            Some(pool) => pool.install(|| task.run()),
            None => task.run(),
        };
        let _ = tx.send(Message::Derived(task, result, started));
    });
    true
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

/// Builds, serves and watches until the process is stopped. Returns only on
/// a setup error (port in use, folder that cannot be watched), as a message
/// for the terminal.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = TcpListener::bind(addr).map_err(|e| match e.kind() {
        io::ErrorKind::AddrInUse => {
            format!(
                "cannot serve on {addr}: the port is already in use; choose another with --port (0 picks a free one)"
            )
        }
        _ => format!("cannot serve on {addr}: {e}"),
    })?;
    let local = listener.local_addr().map_err(|e| format!("cannot serve on {addr}: {e}"))?;
    if let Some(warning) = exposure_warning(local) {
        eprintln!("{warning}");
    }
    // The preview is the site's address, so canonical links, feeds and the
    // 404 page (whose links are absolute from base_url's path) work here.
    let base_url = format!("http://{}/", browse_addr(local));
    let shared = Arc::new(Shared {
        opts,
        base_url: base_url.clone(),
        // Starting from the clock keeps the numbers of two runs apart, so
        // pages left open across a restart reload.
        state: RwLock::new(State { generation: now_millis(), ..State::default() }),
        clients: Mutex::new(Vec::new()),
    });

    let (tx, rx) = mpsc::channel::<Message>();
    let events = tx.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |r| {
        let _ = events.send(Message::Files(r));
    })
    .map_err(|e| format!("cannot watch for changes: {e}"))?;
    let mut watched = vec![shared.opts.content.clone()];
    if shared.opts.themes.is_dir() {
        watched.push(shared.opts.themes.clone());
    }
    for dir in &watched {
        debouncer.watch(dir, RecursiveMode::Recursive).map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }

    let mut session = Session::new(shared.build_options());
    shared.rebuild(&mut session, &Change::Everything);
    let read_all = Instant::now();
    let list = watched.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(" and ");
    eprintln!("watching {list}; press Ctrl-C to stop");
    // Tests and scripts read this line to learn the port.
    println!("serving {base_url}");
    let _ = io::stdout().flush();

    let watcher_shared = Arc::clone(&shared);
    std::thread::spawn(move || {
        // Keeps the watcher alive as long as the thread runs.
        let _debouncer = debouncer;
        let mut deriving = false;
        // When the last reading of every file ended. inotify reports opening
        // a file as an event, so reading 100,000 files overflows its queue.
        let mut read_all = read_all;
        while let Ok(first) = rx.recv() {
            let mut paths = Vec::new();
            let mut everything = false;
            let mut take = |message: Message, session: &mut Session, deriving: &mut bool| match message {
                Message::Files(Ok(events)) => {
                    for event in events.into_iter().filter(is_change) {
                        // The system dropped events: read everything again,
                        // unless our own reading of everything made it drop them.
                        everything |= event.need_rescan() && event.time > read_all + OWN_READS;
                        paths.extend(event.event.paths);
                    }
                }
                Message::Files(Err(errors)) => {
                    errors.iter().for_each(|e| eprintln!("warning: watching for changes: {e}"));
                    everything = true;
                }
                Message::Derived(task, result, started) => {
                    *deriving = false;
                    match result {
                        Ok(derived) => {
                            if let Some(files) = session.apply_derived(&task, derived) {
                                let ms = started.elapsed().as_millis();
                                eprintln!("updated the search index, feeds and open data in {ms} ms");
                                watcher_shared.publish(Ok(files), None, true);
                            }
                        }
                        Err(diags) => print_diagnostics(&diags),
                    }
                }
            };
            take(first, &mut session, &mut deriving);
            // Changes that arrived during the last build go into this one.
            while let Ok(more) = rx.try_recv() {
                take(more, &mut session, &mut deriving);
            }
            paths.sort();
            paths.dedup();
            if everything {
                watcher_shared.rebuild(&mut session, &Change::Everything);
                read_all = Instant::now();
            } else if !paths.is_empty() {
                watcher_shared.rebuild(&mut session, &Change::Paths(paths));
            }
            if !deriving {
                deriving = start_derived(&session, &tx);
            }
        }
    });

    http::serve_forever(&listener, Arc::new(move |target: &Target| handle(&shared, target)));
    Ok(())
}

/// The address to open in a browser: a server listening on every address
/// is reached on this machine's loopback.
fn browse_addr(local: SocketAddr) -> SocketAddr {
    match local.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from((Ipv4Addr::LOCALHOST, local.port())),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::from((Ipv6Addr::LOCALHOST, local.port())),
        _ => local,
    }
}

/// What to tell the user who served the preview beyond this machine: it
/// has no password. Other devices must use an IP address, because the
/// server answers no other host name ([`http::host_allowed`]).
fn exposure_warning(local: SocketAddr) -> Option<String> {
    if local.ip().is_loopback() {
        return None;
    }
    let (whom, open) = if local.ip().is_unspecified() {
        ("any device that can reach this machine", format!(" by this machine's IP address, port {}", local.port()))
    } else {
        ("any device on that network", String::new())
    };
    Some(format!(
        "warning: listening on {local}, not only on loopback: {whom} can see the preview{open}, \
         without a password; without --bind it stays on this machine"
    ))
}

/// Whether an event can change the site. Reading a file is an event too
/// (inotify's open and close), and the build reads every file it watches:
/// without this filter each build would trigger the next.
fn is_change(event: &DebouncedEvent) -> bool {
    match event.event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

fn now_millis() -> u64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(0, |d| d.as_millis() as u64)
}

fn respond(status: u16, content_type: &str, body: Body) -> Outcome {
    Outcome::Respond(Response::new(status, content_type, body))
}

/// Answers a request for a site path, which [`http`] has checked and normalised.
fn handle(shared: &Arc<Shared>, target: &Target) -> Outcome {
    let rel = target.path.as_str();
    match rel.strip_prefix(&PREFIX[1..]) {
        Some("live.js") => return respond(200, "text/javascript; charset=utf-8", Body::Static(LIVE_JS.as_bytes())),
        Some("overlay.css") => return respond(200, "text/css; charset=utf-8", Body::Static(OVERLAY_CSS.as_bytes())),
        Some("events") => {
            let shared = Arc::clone(shared);
            return Outcome::TakeOver(Box::new(move |stream| events(&shared, stream)));
        }
        _ => {}
    }
    let (files, source, errors, generation) = {
        let state = shared.state.read().unwrap_or_else(PoisonError::into_inner);
        (state.files.clone(), state.source.clone(), state.errors.clone(), state.generation)
    };
    let (Some(files), Some(source)) = (files, source) else {
        return respond(500, "text/html; charset=utf-8", Body::Owned(error_page(&errors, generation)));
    };
    let read = |path: &str, stored: &Stored| {
        source.read(path, stored).map_err(|e| {
            let message = Diagnostic::about_file(path, format!("cannot render the page again: {e}"));
            respond(500, "text/html; charset=utf-8", Body::Owned(error_page(&[message], generation)))
        })
    };
    let key = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    if let Some(stored) = files.get(&key) {
        let bytes = match read(&key, stored) {
            Ok(bytes) => bytes,
            Err(outcome) => return outcome,
        };
        let body = if key.ends_with(".html") {
            Body::Owned(inject(&bytes, &key, &errors, generation))
        } else {
            Body::Owned(bytes)
        };
        return respond(200, content_type(&key), body);
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        // A folder without its slash: relative links need the slash.
        let location = format!("/{}/{}", http::encode_path(rel), target.query);
        return Outcome::Respond(Response::text(301, "moved").with_header("Location", location));
    }
    match files.get("404.html").map(|page| read("404.html", page)) {
        Some(Ok(page)) => {
            respond(404, "text/html; charset=utf-8", Body::Owned(inject(&page, &key, &errors, generation)))
        }
        Some(Err(outcome)) => outcome,
        None => Outcome::Respond(Response::text(404, "not found")),
    }
}

/// Holds one Server-Sent Events stream open and writes a `reload` event for
/// every rebuild that changed something. The stream has no length, so it
/// ends when the connection closes.
fn events(shared: &Shared, mut out: TcpStream) {
    let (tx, rx) = mpsc::channel::<String>();
    // Registered before the stream opens, so a client that has read the
    // opening comment is sure to get the next event.
    shared.clients.lock().unwrap_or_else(PoisonError::into_inner).push(tx);
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: close\r\n\r\nretry: 1000\n: connected\n\n";
    let generation = shared.state.read().unwrap_or_else(PoisonError::into_inner).generation;
    let mut send = |text: &str| out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_ok();
    if !send(&format!("{head}event: hello\ndata: {generation}\n\n")) {
        return;
    }
    loop {
        let ok = match rx.recv_timeout(PING) {
            Ok(data) => send(&format!("event: reload\ndata: {data}\n\n")),
            Err(RecvTimeoutError::Timeout) => send(": ping\n\n"),
            Err(RecvTimeoutError::Disconnected) => false,
        };
        if !ok {
            return;
        }
    }
}

/// Adds the live-reload script (and, while the build fails, the overlay)
/// to a page. `page` is the site path the browser asked for, so `live.js`
/// knows which changes concern it.
pub fn inject(html: &[u8], page: &str, errors: &[Diagnostic], generation: u64) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut head = script_tag(page, generation);
    if !errors.is_empty() {
        head.push_str(&format!(r#"<link rel="stylesheet" href="{PREFIX}overlay.css">"#));
    }
    let mut out = match html.find("</head>") {
        Some(at) => format!("{}{head}{}", &html[..at], &html[at..]),
        None => format!("{head}{html}"),
    };
    if !errors.is_empty() {
        let panel = overlay(errors);
        match out.rfind("</body>") {
            Some(at) => out.insert_str(at, &panel),
            None => out.push_str(&panel),
        }
    }
    out.into_bytes()
}

fn script_tag(page: &str, generation: u64) -> String {
    format!(
        r#"<script src="{PREFIX}live.js" data-page="{}" data-generation="{generation}" defer></script>"#,
        escape(page)
    )
}

/// The panel that lists the diagnostics of the failed build.
fn overlay(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let mut html = format!(
        "<aside id=\"remiss-overlay\" role=\"alert\" aria-labelledby=\"remiss-overlay-title\">\
         <h2 id=\"remiss-overlay-title\">remiss: the content has {errors} error{}</h2>\
         <p>This is the last good build. Fix the files below; the page reloads when the build succeeds.</p><ol>",
        if errors == 1 { "" } else { "s" }
    );
    for d in diags {
        html.push_str(&format!("<li><code>{}</code></li>", escape(&d.to_string())));
    }
    html.push_str("</ol></aside>");
    html
}

/// What every path shows while no build has succeeded yet.
fn error_page(errors: &[Diagnostic], generation: u64) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>remiss: the site cannot be built</title>\
         <link rel=\"stylesheet\" href=\"{PREFIX}overlay.css\">{}</head><body><main>{}</main></body></html>",
        script_tag("", generation),
        overlay(errors)
    )
    .into_bytes()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The media type for a site path, by extension; the site only produces a few kinds.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("feed.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> Files {
        entries
            .iter()
            .map(|(p, b)| (p.to_string(), Arc::new(crate::output::Packed::new(b.as_bytes()).into())))
            .collect()
    }

    fn error(message: &str) -> Diagnostic {
        Diagnostic {
            path: "content/x.md".into(),
            line: 3,
            column: 7,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    #[test]
    fn only_changed_files_reload() {
        let old = files(&[("a.html", "1"), ("b.html", "2"), ("gone.html", "x")]);
        let new = files(&[("a.html", "1"), ("b.html", "3"), ("new.html", "y")]);
        assert_eq!(changed_paths(&old, &new), ["b.html", "gone.html", "new.html"]);
        let mut state = State { files: Some(Arc::new(old)), errors: vec![], generation: 0, source: None };
        let new = Arc::new(new);
        assert_eq!(
            apply(&mut state, Ok(Arc::clone(&new)), None),
            Reload::Paths(vec!["b.html".into(), "gone.html".into(), "new.html".into()])
        );
        assert_eq!(apply(&mut state, Ok(new), None), Reload::None);
        assert_eq!(state.generation, 1, "only a visible change counts");
    }

    #[test]
    fn errors_keep_the_last_good_site_and_reload_everything() {
        let good = Arc::new(files(&[("index.html", "ok")]));
        let mut state = State { files: Some(Arc::clone(&good)), errors: vec![], generation: 0, source: None };
        assert_eq!(apply(&mut state, Err(vec![error("bad")]), None), Reload::All);
        assert_eq!(state.files.as_ref(), Some(&good));
        assert_eq!(apply(&mut state, Err(vec![error("bad")]), None), Reload::None, "same errors: nothing to redo");
        assert_eq!(apply(&mut state, Ok(good), None), Reload::All, "the overlay goes away everywhere");
        assert!(state.errors.is_empty());
    }

    #[test]
    fn injection_escapes_and_places_tags() {
        let page = b"<html><head><title>t</title></head><body><p>x</p></body></html>";
        let plain = String::from_utf8(inject(page, "a/index.html", &[], 7)).unwrap();
        assert!(plain.contains(
            r#"<script src="/__remiss/live.js" data-page="a/index.html" data-generation="7" defer></script></head>"#
        ));
        assert!(!plain.contains("remiss-overlay"));
        let failed = String::from_utf8(inject(page, "a/index.html", &[error("<img src=x>")], 7)).unwrap();
        assert!(failed.contains("overlay.css"));
        assert!(failed.contains("content/x.md:3:7: error: &lt;img src=x&gt;</code>"));
        assert!(failed.ends_with("</aside></body></html>"));
    }

    #[test]
    fn serve_warns_only_beyond_loopback() {
        let at = |addr: &str| addr.parse::<SocketAddr>().unwrap();
        assert_eq!(exposure_warning(at("127.0.0.1:1111")), None);
        assert_eq!(exposure_warning(at("127.0.0.2:1111")), None, "all of 127.0.0.0/8 is loopback");
        assert_eq!(exposure_warning(at("[::1]:1111")), None);
        let all = exposure_warning(at("0.0.0.0:1111")).unwrap();
        assert!(
            all.starts_with("warning: listening on 0.0.0.0:1111") && all.contains("IP address, port 1111"),
            "{all}"
        );
        assert!(exposure_warning(at("192.168.1.5:1111")).is_some());
        assert_eq!(browse_addr(at("0.0.0.0:1111")), at("127.0.0.1:1111"));
        assert_eq!(browse_addr(at("[::]:1111")), at("[::1]:1111"));
        assert_eq!(browse_addr(at("192.168.1.5:1111")), at("192.168.1.5:1111"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("feed.xml"), "application/atom+xml");
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
    }
}
