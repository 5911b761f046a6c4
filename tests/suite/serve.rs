//! `remiss serve` as a clerk uses it: a child process on a free loopback
//! port, edited content, and pages that follow. Waits poll with a generous
//! deadline; nothing here measures speed.

use crate::common::{minimal_copy, repo, seed, write};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Long enough for a debug build of the site on a busy machine.
const DEADLINE: Duration = Duration::from_secs(60);
const CASE: &str = "remisser/ks-2024-1/index.md";
const CASE_PAGE: &str = "/remisser/ks-2024-1/";

/// A running `remiss serve`; killed when dropped, even if the test fails.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(content: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_remiss"))
            .args(["serve", "--port", "0", "--today", "2024-02-01", "--content"])
            .arg(content)
            .arg("--themes")
            .arg(repo().join("themes"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start remiss serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server { child, addr: String::new(), stderr };
        let line = rx.recv_timeout(DEADLINE).unwrap_or_else(|_| panic!("no URL printed: {}", server.stderr()));
        let url = line.strip_prefix("serving http://").unwrap_or_else(|| panic!("unexpected stdout line {line:?}"));
        server.addr = url.trim_end_matches('/').to_string();
        assert!(server.addr.starts_with("127.0.0.1:"), "{line}");
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Reply {
        get(&self.addr, path)
    }

    /// Polls `path` until `done` holds for the reply, or fails with the last reply.
    fn wait_for(&self, path: &str, what: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let start = Instant::now();
        loop {
            let reply = self.get(path);
            if done(&reply) {
                return reply;
            }
            if start.elapsed() > DEADLINE {
                panic!("{path}: never {what}; last reply {} {}\nstderr:\n{}", reply.status, reply.body, self.stderr());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map_or("", |(_, v)| v)
    }
}

fn connect(addr: &str, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    stream
}

/// Reads the status line and headers, byte by byte so nothing of the body is lost.
fn read_head(stream: &mut TcpStream) -> (u16, Vec<(String, String)>) {
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("response head");
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    (status, headers)
}

/// A minimal HTTP/1.1 GET, so the test needs no HTTP client crate.
fn get(addr: &str, path: &str) -> Reply {
    let mut stream = connect(addr, path);
    let (status, headers) = read_head(&mut stream);
    let mut reply = Reply { status, headers, body: String::new() };
    let mut body = Vec::new();
    match reply.header("Content-Length").parse::<usize>() {
        Ok(len) => {
            body.resize(len, 0);
            stream.read_exact(&mut body).unwrap();
        }
        Err(_) => {
            stream.read_to_end(&mut body).unwrap();
        }
    }
    reply.body = String::from_utf8_lossy(&body).into_owned();
    reply
}

fn edit(content: &Path, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(content.join(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    write(content, rel, &text.replacen(from, to, 1));
}

#[test]
fn serve_answers_pages_assets_and_404_with_the_live_reload_script() {
    let content = minimal_copy("serve-pages");
    let server = Server::start(&content);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.header("Content-Type").starts_with("text/html"), "{:?}", home.headers);
    assert!(home.body.contains(r#"<script src="/__remiss/live.js" data-page="index.html" data-generation="#));
    assert!(home.body.contains("Testkommunens remissvar"));
    assert!(!home.body.contains("remiss-overlay"), "no overlay while the content is valid");

    let case = server.get(CASE_PAGE);
    assert_eq!(case.status, 200);
    assert!(case.body.contains("En testutredning"), "{}", case.body);
    let explicit = server.get("/remisser/ks-2024-1/index.html");
    assert_eq!(explicit.status, 200);
    let bare = server.get("/remisser/ks-2024-1");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("Location"), "/remisser/ks-2024-1/");

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("Content-Type").starts_with("text/css"));
    assert!(!css.body.contains("__remiss"), "only HTML is changed");
    let js = server.get("/__remiss/live.js");
    assert_eq!(js.status, 200);
    assert!(js.header("Content-Type").starts_with("text/javascript"));
    assert!(js.body.contains("EventSource"));
    assert!(server.get("/feed.xml").header("Content-Type").contains("xml"));

    let missing = server.get("/finns/inte/");
    assert_eq!(missing.status, 404);
    assert!(missing.header("Content-Type").starts_with("text/html"));
    assert!(missing.body.contains("/__remiss/live.js"), "the 404 page reloads too");

    let built = seed().file("index.html");
    assert!(!built.contains("__remiss"), "`remiss build` output never has the preview script");
}

#[test]
fn serve_rebuilds_on_change_overlays_errors_and_recovers() {
    let content = minimal_copy("serve-edit");
    let server = Server::start(&content);
    assert!(server.get(CASE_PAGE).body.contains("En testutredning"));

    edit(&content, CASE, "En testutredning", "En omdöpt utredning");
    server.wait_for(CASE_PAGE, "showed the new title", |r| r.body.contains("En omdöpt utredning"));
    // Only the pages the edit concerns were rendered; the feeds, search
    // index and open data follow in the background.
    assert!(server.stderr().contains(" pages again in "), "an incremental rebuild: {}", server.stderr());
    server.wait_for("/feed.xml", "showed the new title", |r| r.body.contains("En omdöpt utredning"));

    // A quoted date is an error on line 7; the last good site stays up under the overlay.
    edit(&content, CASE, "deadline = 2024-03-01", "deadline = \"2024-03-01\"");
    let broken = server.wait_for(CASE_PAGE, "showed the overlay", |r| r.body.contains("remiss-overlay"));
    assert_eq!(broken.status, 200);
    assert!(broken.body.contains("En omdöpt utredning"), "the last good build is still served");
    assert!(broken.body.contains("/__remiss/overlay.css"));
    let line = format!("{CASE}:7:");
    assert!(broken.body.contains(&line), "overlay names {line}: {}", broken.body);
    assert!(server.stderr().contains(&line), "the terminal reports it too: {}", server.stderr());
    let home = server.get("/");
    assert!(home.body.contains(&line), "every page has the overlay");

    edit(&content, CASE, "deadline = \"2024-03-01\"", "deadline = 2024-03-01");
    let fixed = server.wait_for(CASE_PAGE, "dropped the overlay", |r| !r.body.contains("remiss-overlay"));
    assert_eq!(fixed.status, 200);
    assert!(fixed.body.contains("En omdöpt utredning"));

    // Reading files is a file event too: a build must not trigger the next.
    // (This waits for something not to happen, so it can only wait a while.)
    let builds = || server.stderr().matches("built ").count();
    let before = builds();
    std::thread::sleep(Duration::from_secs(2));
    assert!(builds() <= before + 1, "rebuilds without edits:\n{}", server.stderr());
}

#[test]
fn serve_streams_a_reload_event_naming_the_changed_page() {
    let content = minimal_copy("serve-events");
    let server = Server::start(&content);
    let mut stream = connect(&server.addr, "/__remiss/events");
    let (status, headers) = read_head(&mut stream);
    assert_eq!(status, 200);
    let kind = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("Content-Type")).map(|(_, v)| v.as_str());
    assert_eq!(kind, Some("text/event-stream"));
    let mut events = BufReader::new(stream);
    let mut line = String::new();
    while line.trim() != ": connected" {
        line.clear();
        assert!(events.read_line(&mut line).unwrap() > 0, "stream ended early");
    }

    // A page that connects late learns the current build from "hello".
    let page = server.get(CASE_PAGE).body;
    let served_at = page.split("data-generation=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
    let mut next = || {
        let mut line = String::new();
        while line.trim().is_empty() {
            line.clear();
            assert!(events.read_line(&mut line).unwrap() > 0, "stream ended early");
        }
        line.trim().to_string()
    };
    assert_eq!(next(), "event: hello");
    assert_eq!(next(), format!("data: {served_at}"));

    edit(&content, CASE, "En testutredning", "En ändrad utredning");
    let mut seen = String::new();
    loop {
        line.clear();
        let n = events.read_line(&mut line).unwrap_or_else(|e| panic!("no reload event ({e}); got {seen:?}"));
        assert!(n > 0, "stream ended before a reload event: {seen:?}");
        seen.push_str(&line);
        if line.starts_with("data:") && seen.contains("event: reload") {
            break;
        }
    }
    assert!(line.contains("remisser/ks-2024-1/index.html"), "the changed page is named: {line}");
}

#[test]
fn serve_shows_the_errors_when_the_first_build_fails_and_keeps_watching() {
    let content = minimal_copy("serve-first");
    edit(&content, CASE, "deadline = 2024-03-01", "deadline = \"2024-03-01\"");
    let server = Server::start(&content);
    let page = server.get("/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("remiss-overlay"));
    assert!(page.body.contains(&format!("{CASE}:7:")), "{}", page.body);
    assert!(page.body.contains("/__remiss/live.js"), "it reloads once fixed");

    edit(&content, CASE, "deadline = \"2024-03-01\"", "deadline = 2024-03-01");
    server.wait_for(CASE_PAGE, "served the fixed site", |r| r.status == 200 && !r.body.contains("remiss-overlay"));
}

#[test]
fn serve_reports_a_port_in_use() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let content = minimal_copy("serve-port");
    let out = Command::new(env!("CARGO_BIN_EXE_remiss"))
        .args(["serve", "--port", &port, "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already in use") && stderr.contains(&port), "{stderr}");
}
