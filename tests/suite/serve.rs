//! `remiss serve` as a clerk uses it: a child process on a free loopback
//! port, edited content, and pages that follow. Waits poll with a generous
//! deadline; nothing here measures speed. Clients that misbehave on
//! purpose do so on loopback, with bounded loops.

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
        Server::start_with(content, &[], "127.0.0.1:")
    }

    /// Starts with more arguments, and checks the printed address starts with `host`.
    fn start_with(content: &Path, args: &[&str], host: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_remiss"))
            .args(["serve", "--port", "0", "--today", "2024-02-01"])
            .args(args)
            .arg("--content")
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
        assert!(server.addr.starts_with(host), "{line}");
        server
    }

    fn port(&self) -> u16 {
        self.addr.rsplit(':').next().and_then(|p| p.parse().ok()).unwrap()
    }

    /// The server process's resident memory, in bytes.
    fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
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

/// Sends `request` as it is on a fresh connection and reads until the server
/// closes it: the status (0 if there was none) and the body as text.
fn raw(addr: &str, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream.set_write_timeout(Some(DEADLINE)).unwrap();
    // The server may refuse before it has read everything.
    let _ = stream.write_all(request);
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply).into_owned();
    let status = reply.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = reply.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_string();
    (status, body)
}

/// Text that only the files outside the site have.
fn leaks(body: &str) -> bool {
    ["[package]", "name = \"remiss\"", "root:x:0:0", "[dependencies]"].iter().any(|s| body.contains(s))
}

#[test]
fn serve_never_answers_with_files_outside_the_site() {
    let content = minimal_copy("serve-paths");
    let server = Server::start(&content);
    let addr = server.addr.as_str();
    // The server runs in the repository, so ../../Cargo.toml and
    // /etc/passwd exist for a server that would look on disk.
    let long = format!("/{}", "a/".repeat(3000));
    let targets = [
        "/../Cargo.toml",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/%2E%2E%2F%2E%2E%2FCargo.toml",
        "/..%2f..%2fCargo.toml",
        "/.%2e/.%2e/Cargo.toml",
        "/remisser/ks-2024-1/../../../Cargo.toml",
        "/remisser/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..\\..\\Cargo.toml",
        "/%5c..%5c..%5cCargo.toml",
        "/%2e%2e%5c%2e%2e%5cCargo.toml",
        "/%c0%ae%c0%ae/Cargo.toml",
        "/index.html%00",
        "/%00../Cargo.toml",
        "/Cargo.toml",
        "//etc/passwd",
        "/etc/passwd",
        "../Cargo.toml",
        "*",
        &format!("http://{addr}/../../etc/passwd"),
        &format!("http://{addr}/%2e%2e/Cargo.toml"),
        "http://evil.example/",
        "http://evil.example/../Cargo.toml",
        "https://evil.example/",
        "file:///etc/passwd",
        &long,
    ];
    for target in targets {
        let (status, body) =
            raw(addr, format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes());
        assert!(matches!(status, 400 | 404), "{target}: {status} {body}");
        assert!(!leaks(&body), "{target}: {body}");
        if status == 404 {
            assert!(body.contains("/__remiss/live.js"), "{target}: the site's own 404 page");
        }
    }

    // RFC 9112: the absolute form with this server's address is served
    // like the path, whatever the Host header says.
    let (status, body) = raw(
        addr,
        format!("GET http://{addr}/remisser/ks-2024-1/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(body.contains("En testutredning"), "{body}");
    // A page of another name that points at 127.0.0.1 (DNS rebinding) gets nothing.
    let (status, body) = raw(addr, b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 400, "{body}");
    let (status, _) = raw(addr, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 400, "HTTP/1.1 without Host");
    let (status, _) = raw(addr, format!("POST / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes());
    assert_eq!(status, 405);

    // A request line over the limit is refused before it is read whole.
    let huge = format!("GET /{} HTTP/1.1\r\nHost: {addr}\r\n\r\n", "a".repeat(100_000));
    let (status, body) = raw(addr, huge.as_bytes());
    assert!(matches!(status, 0 | 414), "{status} {body}");
    let cookie = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\n\r\n", "a".repeat(100_000));
    let (status, body) = raw(addr, cookie.as_bytes());
    assert!(matches!(status, 0 | 431), "{status} {body}");
    assert_eq!(server.get("/").status, 200, "and the server goes on");
}

/// The listening sockets on `port` in the system's table, as hex
/// `ADDRESS:PORT` (127.0.0.1 is `0100007F`).
fn listening(table: &str, port: u16) -> Vec<String> {
    let text = std::fs::read_to_string(table).unwrap_or_default();
    let port = format!(":{port:04X}");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            (fields.get(3) == Some(&"0A") && fields[1].ends_with(&port)).then(|| fields[1].to_string())
        })
        .collect()
}

#[test]
fn serve_listens_on_loopback_only_unless_told_otherwise() {
    let content = minimal_copy("serve-bind");
    let server = Server::start(&content);
    let port = server.port();
    assert_eq!(listening("/proc/net/tcp", port), [format!("0100007F:{port:04X}")]);
    assert!(listening("/proc/net/tcp6", port).is_empty());
    // Another loopback address: a server on every address would answer it.
    assert!(TcpStream::connect(("127.0.0.2", port)).is_err());
    assert!(!server.stderr().contains("warning"), "{}", server.stderr());
    drop(server);

    let other = Server::start_with(&content, &["--bind", "127.0.0.2"], "127.0.0.2:");
    let home = other.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Testkommunens remissvar"));
    assert!(TcpStream::connect(("127.0.0.1", other.port())).is_err());
    assert!(!other.stderr().contains("warning"), "127.0.0.0/8 is all loopback: {}", other.stderr());

    let out = crate::common::remiss().args(["serve", "--bind", "not-an-address"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bind"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn serve_keeps_answering_while_clients_misbehave() {
    let content = minimal_copy("serve-abuse");
    // The biggest file by far, more than the sockets' buffers hold, so a
    // client that does not read keeps its response from being written.
    const BIG: usize = 48 << 20;
    let big = "/remisser/ks-2024-1/stor.pdf";
    std::fs::write(content.join("remisser/ks-2024-1/stor.pdf"), vec![b'%'; BIG]).unwrap();
    let server = Server::start(&content);
    let addr = server.addr.clone();
    let request = |path: &str| format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");

    // More idle connections than the server serves at once (512); every
    // third has sent half a request line and stalls.
    let idle: Vec<TcpStream> = (0..600)
        .map(|i| {
            let mut stream = TcpStream::connect(&addr).unwrap();
            if i % 3 == 0 {
                stream.write_all(b"GET /remisser/").unwrap();
            }
            stream
        })
        .collect();
    assert_eq!(server.get("/").status, 200, "with 600 idle connections");
    let before = server.rss();

    // One client asks for the big file twice and never reads.
    let mut stalled = TcpStream::connect(&addr).unwrap();
    stalled.write_all(format!("{}{}", request(big), request(big)).as_bytes()).unwrap();
    // One sends a request line that does not end, up to 256 MiB, more than
    // the memory bound below.
    let flood = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(&addr).unwrap();
            stream.set_write_timeout(Some(DEADLINE)).unwrap();
            let chunk = vec![b'a'; 1 << 20];
            let mut sent = 0;
            if stream.write_all(b"GET /").is_ok() {
                while sent < 256 && stream.write_all(&chunk).is_ok() {
                    sent += 1;
                }
            }
            sent
        })
    };
    // One sends huge headers.
    let mut headers = TcpStream::connect(&addr).unwrap();
    headers.set_write_timeout(Some(DEADLINE)).unwrap();
    let _ = headers.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\n").as_bytes());
    for _ in 0..1000 {
        if headers.write_all(b"X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n").is_err() {
            break;
        }
    }

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Testkommunens remissvar"));
    let case = server.get(CASE_PAGE);
    assert_eq!(case.status, 200);

    let sent = flood.join().unwrap();
    assert!(sent < 256, "the server stopped reading the endless line, after {sent} MiB");
    let after = server.rss();
    assert!(after < before + (200 << 20), "memory grew from {before} to {after} bytes");

    // A client that reads gets the big file whole, all the while.
    let file = server.get(big);
    assert_eq!((file.status, file.body.len()), (200, BIG));
    drop((idle, stalled, headers));
    assert_eq!(server.get("/").status, 200);
}
