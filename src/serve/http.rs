//! The preview's HTTP/1.1 server: `std::net`, one thread per connection,
//! and `httparse` for the request head.
//!
//! It replaces tiny_http 0.12, which cannot be made to hold up from the
//! outside: it reads a request line or header into a `Vec` that grows until
//! a CRLF arrives, sets no timeout on the sockets it accepts (and has no
//! hook to), starts a thread for every connection without a limit, and
//! queues pipelined requests without one. Here a request head must fit in
//! [`MAX_HEAD`] bytes and arrive within [`HEAD_TIMEOUT`], a write that makes
//! no progress for [`WRITE_TIMEOUT`] ends its connection, and at most
//! [`MAX_CONNECTIONS`] connections are served at once, room being made by
//! closing the one that has waited longest for a request ([`Places`]). So a
//! client that holds connections open, sends an endless line or never
//! reads its response ties up a bounded number of threads and amount of
//! memory, and the other clients go on being answered.
//!
//! This module also decides which site path a request is for
//! ([`Request::site_target`]): the site is served from memory, so no path
//! can reach the disk, but a path that tries to climb out is refused rather
//! than looked up, so that stays true whatever serves the bytes.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

/// Connections served at once, one thread each. A browser opens about six
/// per site plus one event stream per open tab, so this is far beyond what
/// a preview needs, and it bounds the threads one client can hold.
pub(super) const MAX_CONNECTIONS: usize = 512;
/// The request line and headers together. Browsers send well under 8 KiB,
/// and RFC 9112 asks servers to take request lines of 8,000 octets.
pub(super) const MAX_HEAD: usize = 16 * 1024;
/// Header fields per request; browsers send about twenty.
const MAX_HEADERS: usize = 64;
/// How long a connection may take to deliver its next request head,
/// counted from when the server starts waiting for it: an idle keep-alive
/// connection is closed after this, and so is a client that trickles its
/// head a byte at a time to hold a thread.
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(20);
/// How long one write may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// What is read and thrown away before closing a connection whose client
/// may still be sending ([`linger`]).
const LINGER_TIME: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 1 << 20;
/// A connection thread keeps little on its stack (heads and bodies live on
/// the heap), so 512 of them reserve 128 MiB of address space, not 1 GiB.
const STACK: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    Get,
    Head,
    Other,
}

/// A request head, as far as the preview cares.
#[derive(Debug)]
pub(super) struct Request {
    pub method: Method,
    /// The request target as sent: `/path?query` or `http://host/path`.
    pub target: String,
    host: Option<String>,
    http11: bool,
    /// Whether another request may follow on the connection. A request
    /// with a body ends it: the preview reads no bodies, so it could not
    /// tell where the next request starts.
    keep_alive: bool,
}

/// Why a request is not served, as the status and a line for the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Refusal {
    pub status: u16,
    pub why: &'static str,
}

const fn refuse(status: u16, why: &'static str) -> Refusal {
    Refusal { status, why }
}

/// The site path a request is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Target {
    /// Decoded, without the leading slash and without empty or `.`
    /// segments; a trailing slash is kept. "" is the home page.
    pub path: String,
    /// The query with its `?` (or ""), with every byte outside ASCII
    /// percent-encoded, so it can go into a `Location` header.
    pub query: String,
}

impl Request {
    /// Which site path the request is for, or why it is refused. RFC 9112
    /// (3.2.2) has a server accept the absolute form (`GET http://host/path`)
    /// and take the host from it instead of from the Host header; either
    /// way the host must be one [`host_allowed`] accepts.
    pub(super) fn site_target(&self) -> Result<Target, Refusal> {
        let (authority, path) = split_target(&self.target)?;
        match authority.or(self.host.as_deref()) {
            Some(host) if !host_allowed(host) => {
                Err(refuse(400, "this server answers only to an IP address or localhost"))
            }
            None if self.http11 => Err(refuse(400, "no Host header")),
            _ => parse_path(path),
        }
    }
}

/// Splits a request target into the authority of the absolute form (if it
/// is one) and the path with its query.
fn split_target(target: &str) -> Result<(Option<&str>, &str), Refusal> {
    if target.starts_with('/') {
        return Ok((None, target));
    }
    let Some((scheme, rest)) = target.split_once("://") else {
        return Err(refuse(400, "the request target must be a path or an http:// URL"));
    };
    if !scheme.eq_ignore_ascii_case("http") {
        return Err(refuse(400, "the request target must be a path or an http:// URL"));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if authority.is_empty() {
        return Err(refuse(400, "no host in the request target"));
    }
    Ok((Some(authority), path))
}

/// Whether a Host header (or an absolute-form authority) names this
/// machine by an address or as `localhost`. Any other name is refused: a
/// web page whose own name is made to resolve to 127.0.0.1 (DNS
/// rebinding) could otherwise read the preview, drafts included, through
/// the browser of whoever visits it. The port is not checked, so the
/// preview works behind a port forward (a container's `-p 8080:1111`).
pub(super) fn host_allowed(authority: &str) -> bool {
    let (host, port) = match authority.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, port)) => return v6.parse::<Ipv6Addr>().is_ok() && (port.is_empty() || is_port(port)),
            None => return false,
        },
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let port_ok = port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()));
    port_ok && (host.eq_ignore_ascii_case("localhost") || host.parse::<Ipv4Addr>().is_ok())
}

/// `:` and digits (RFC 3986 allows an empty port).
fn is_port(text: &str) -> bool {
    text.strip_prefix(':').is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// Turns the path of a request target into a site path. Everything that
/// could climb out of the site or mean something else on another system is
/// refused, after decoding, so an encoded form is refused like the plain
/// one: a `..` segment, a backslash, a NUL or other control character, a
/// malformed escape, bytes that are not UTF-8. An encoded slash (`%2F`)
/// separates segments like a plain one.
pub(super) fn parse_path(path_and_query: &str) -> Result<Target, Refusal> {
    let without_fragment = path_and_query.split('#').next().unwrap_or_default();
    let (path, query) = match without_fragment.find('?') {
        Some(at) => without_fragment.split_at(at),
        None => (without_fragment, ""),
    };
    let Some(decoded) = percent_decode(path) else {
        return Err(refuse(400, "the path has a malformed %-escape or is not UTF-8"));
    };
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Err(refuse(400, "the path has a control character or a backslash"));
    }
    let mut segments = Vec::new();
    let mut folder = true;
    for segment in decoded.split('/') {
        match segment {
            "" | "." => folder = true,
            ".." => return Err(refuse(400, "the path has a `..` segment")),
            name => {
                segments.push(name);
                folder = false;
            }
        }
    }
    let mut path = segments.join("/");
    if folder && !path.is_empty() {
        path.push('/');
    }
    Ok(Target { path, query: encode(query, |b| b.is_ascii_graphic()) })
}

/// Decodes `%XX` escapes (attachment names may have å, ä, ö); `None` when
/// an escape is malformed or the result is not UTF-8.
pub(super) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A site path as a URL path: what RFC 3986 allows in a path stays, the
/// rest is percent-encoded.
pub(super) fn encode_path(path: &str) -> String {
    encode(path, |b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b))
}

fn encode(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What a response carries: the preview's own files are static, and a
/// site file is shared with the build, so neither is copied per request.
#[derive(Debug)]
pub(super) enum Body {
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Static(b) => b,
            Body::Owned(b) => b,
        }
    }
}

#[derive(Debug)]
pub(super) struct Response {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

impl Response {
    pub(super) fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response { status, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    pub(super) fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", Body::Owned(format!("{text}\n").into_bytes()))
    }

    /// `value` must not contain CR or LF; the callers pass constants and encoded paths.
    pub(super) fn with_header(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

/// What the site does with a request.
pub(super) enum Outcome {
    Respond(Response),
    /// Takes the connection over (an event stream), writing its own head.
    TakeOver(Box<dyn FnOnce(TcpStream) + Send>),
}

/// Answers the site requests that pass the checks here.
pub(super) type Handler = dyn Fn(&Target) -> Outcome + Send + Sync;

/// Accepts connections until the process ends.
pub(super) fn serve_forever(listener: &TcpListener, handler: Arc<Handler>) {
    let places = Arc::new(Places::default());
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => admit(stream, &places, &handler),
            // Out of file descriptors, say: waiting lets connections end
            // instead of spinning on the same error.
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// The connections being served, and those of them that wait for a
/// request head, oldest wait first. When all [`MAX_CONNECTIONS`] places are
/// taken, the connection that has waited longest is closed to make room:
/// a browser opens a new connection when an idle one closes, and a client
/// that holds connections open or trickles its heads cannot keep others out.
#[derive(Default)]
struct Places {
    open: AtomicUsize,
    tickets: AtomicU64,
    waiting: Mutex<BTreeMap<u64, Arc<TcpStream>>>,
}

impl Places {
    fn waiting(&self) -> MutexGuard<'_, BTreeMap<u64, Arc<TcpStream>>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Closes the connection that has waited longest for a request head;
    /// its thread sees the end of the stream and gives its place back.
    fn evict_oldest(&self) -> bool {
        let oldest = self.waiting().pop_first();
        oldest.map(|(_, stream)| stream.shutdown(Shutdown::Both)).is_some()
    }
}

/// Holds a place until dropped.
struct Place(Arc<Places>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Lists a connection as waiting for a request head until dropped.
struct Waiting<'a> {
    places: &'a Places,
    ticket: u64,
}

impl<'a> Waiting<'a> {
    fn new(places: &'a Places, stream: Option<&Arc<TcpStream>>) -> Waiting<'a> {
        let ticket = places.tickets.fetch_add(1, Ordering::SeqCst);
        if let Some(stream) = stream {
            places.waiting().insert(ticket, Arc::clone(stream));
        }
        Waiting { places, ticket }
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.places.waiting().remove(&self.ticket);
    }
}

fn admit(stream: TcpStream, places: &Arc<Places>, handler: &Arc<Handler>) {
    // Only this thread adds places, so the count cannot pass the limit
    // between the check and the addition (except by the evicted ones, which
    // are on their way out).
    if places.open.load(Ordering::SeqCst) >= MAX_CONNECTIONS && !places.evict_oldest() {
        return refuse_busy(stream);
    }
    places.open.fetch_add(1, Ordering::SeqCst);
    let place = Place(Arc::clone(places));
    let handler = Arc::clone(handler);
    let spawned = std::thread::Builder::new().name("remiss-http".into()).stack_size(STACK).spawn(move || {
        connection(stream, &place.0, &*handler);
        drop(place);
    });
    // Without a thread, the closure is dropped: the connection closes and
    // its place is given back.
    drop(spawned);
}

/// Says 503 without waiting: the accept loop must not block on one client.
fn refuse_busy(mut stream: TcpStream) {
    if stream.set_nonblocking(true).is_ok() {
        let response = Response::text(503, "too many connections; try again").with_header("Retry-After", "1".into());
        let _ = write_response(&mut stream, &response, false, false);
    }
}

/// Serves the requests of one connection in order, until the client closes
/// it, a request asks to, or a limit is reached.
fn connection(stream: TcpStream, places: &Places, handler: &Handler) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    // A second handle on the socket, for closing it from the accept thread.
    let watch = stream.try_clone().ok().map(Arc::new);
    let mut conn = Connection { stream, buf: Vec::new() };
    loop {
        let waiting = Waiting::new(places, watch.as_ref());
        let next = conn.next_request(Instant::now() + HEAD_TIMEOUT);
        drop(waiting);
        let request = match next {
            Ok(request) => request,
            Err(None) => return,
            Err(Some(refusal)) => {
                let _ = write_response(&mut conn.stream, &Response::text(refusal.status, refusal.why), false, false);
                return linger(conn.stream);
            }
        };
        let outcome = match (request.method, request.site_target()) {
            (Method::Other, _) => {
                Outcome::Respond(Response::text(405, "only GET and HEAD").with_header("Allow", "GET, HEAD".into()))
            }
            (_, Err(refusal)) => Outcome::Respond(Response::text(refusal.status, refusal.why)),
            (_, Ok(target)) => handler(&target),
        };
        let head_only = request.method == Method::Head;
        let response = match outcome {
            Outcome::Respond(response) => response,
            Outcome::TakeOver(take) if !head_only => return take(conn.stream),
            Outcome::TakeOver(_) => Response::new(200, "text/event-stream", Body::Static(b"")),
        };
        if write_response(&mut conn.stream, &response, head_only, request.keep_alive).is_err() {
            return;
        }
        if !request.keep_alive {
            return linger(conn.stream);
        }
    }
}

/// A connection and the bytes read from it that no request has used yet
/// (the start of a pipelined next request).
struct Connection {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Connection {
    /// Reads the next request head. `Err(None)`: the connection is done
    /// (closed, broken, or idle too long), with nothing to answer;
    /// `Err(Some(_))`: answer that and close.
    fn next_request(&mut self, deadline: Instant) -> Result<Request, Option<Refusal>> {
        let mut chunk = [0u8; 4096];
        // Bytes left from the previous read may already hold a whole head.
        let mut parse = !self.buf.is_empty();
        loop {
            if parse && let Some((request, len)) = parse_head(&self.buf).map_err(Some)? {
                self.buf.drain(..len);
                return Ok(request);
            }
            if self.buf.len() >= MAX_HEAD {
                return Err(Some(if self.buf.contains(&b'\n') {
                    refuse(431, "the request's header fields are too large")
                } else {
                    refuse(414, "the request line is too long")
                }));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.stream.set_read_timeout(Some(left)).is_err() {
                return Err(self.timed_out());
            }
            let room = (MAX_HEAD - self.buf.len()).min(chunk.len());
            match self.stream.read(&mut chunk[..room]) {
                Ok(0) => return Err(None),
                Ok(n) => {
                    // A head ends with a line feed: parsing before one
                    // arrives is wasted, and a client sending a byte at a
                    // time would make the server parse its head each time.
                    parse = chunk[..n].contains(&b'\n');
                    self.buf.extend_from_slice(&chunk[..n]);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                    return Err(self.timed_out());
                }
                Err(_) => return Err(None),
            }
        }
    }

    /// An idle keep-alive connection is closed silently (browsers expect
    /// that); a request that stopped halfway gets a 408.
    fn timed_out(&self) -> Option<Refusal> {
        let idle = self.buf.iter().all(|b| b.is_ascii_whitespace());
        (!idle).then_some(refuse(408, "the request took too long to arrive"))
    }
}

/// Parses a request head from the start of `buf`: `None` while it is incomplete.
fn parse_head(buf: &[u8]) -> Result<Option<(Request, usize)>, Refusal> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(buf) {
        Ok(httparse::Status::Complete(len)) => Ok(Some((request_from(&parsed)?, len))),
        Ok(httparse::Status::Partial) => Ok(None),
        Err(httparse::Error::TooManyHeaders) => Err(refuse(431, "the request has too many header fields")),
        Err(httparse::Error::Version) => Err(refuse(505, "only HTTP/1.0 and HTTP/1.1")),
        Err(_) => Err(refuse(400, "malformed request")),
    }
}

fn request_from(parsed: &httparse::Request<'_, '_>) -> Result<Request, Refusal> {
    let method = match parsed.method {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        _ => Method::Other,
    };
    let http11 = parsed.version == Some(1);
    let (mut host, mut close, mut body) = (None, !http11, false);
    // Only the fields read here must be UTF-8: a browser may send others
    // (a cookie, a referrer) in Latin-1, and they do not concern the preview.
    for header in parsed.headers.iter() {
        let name = header.name;
        if name.eq_ignore_ascii_case("host") {
            let value = text(header.value).ok_or(refuse(400, "the Host header is not UTF-8"))?;
            if host.replace(value.to_string()).is_some() {
                return Err(refuse(400, "more than one Host header"));
            }
        } else if name.eq_ignore_ascii_case("connection") {
            let options = text(header.value).unwrap_or_default().split(',');
            close |= options.map(str::trim).any(|o| o.eq_ignore_ascii_case("close"));
        } else if name.eq_ignore_ascii_case("content-length") {
            let length = text(header.value).and_then(|v| v.parse::<u64>().ok());
            body |= length.ok_or(refuse(400, "a malformed Content-Length"))? > 0;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            body = true;
        }
    }
    let target = parsed.path.unwrap_or_default().to_string();
    Ok(Request { method, target, host, http11, keep_alive: !close && !body })
}

fn text(value: &[u8]) -> Option<&str> {
    std::str::from_utf8(value).map(str::trim).ok()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Every response says `no-store`, so a reload always shows the latest build.
fn write_response(stream: &mut TcpStream, response: &Response, head_only: bool, keep_alive: bool) -> io::Result<()> {
    let body = response.body.bytes();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nDate: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\n",
        response.status,
        reason(response.status),
        httpdate::fmt_http_date(SystemTime::now()),
        body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !keep_alive {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Closes a connection whose client may still be sending. Closing a socket
/// with unread data makes the system reset the connection, and the client
/// may then lose the response before reading it; so, as web servers do, the
/// rest is read and thrown away first, up to a limit in time and bytes.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER_TIME;
    let mut left = LINGER_BYTES;
    let mut chunk = [0u8; 4096];
    while left > 0 {
        let time = deadline.saturating_duration_since(Instant::now());
        if time.is_zero() || stream.set_read_timeout(Some(time)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn path(target: &str) -> Result<String, u16> {
        parse_path(target).map(|t| t.path).map_err(|r| r.status)
    }

    #[test]
    fn serve_paths_normalise_to_site_paths() {
        assert_eq!(path("/"), Ok(String::new()));
        assert_eq!(path(""), Ok(String::new()), "absolute form without a path");
        assert_eq!(path("/remisser/ks-2024-1/"), Ok("remisser/ks-2024-1/".into()));
        assert_eq!(path("/remisser/ks-2024-1"), Ok("remisser/ks-2024-1".into()));
        assert_eq!(path("//remisser//./ks-2024-1/."), Ok("remisser/ks-2024-1/".into()));
        assert_eq!(path("/bilaga%20%C3%A5.pdf?x=1#top"), Ok("bilaga å.pdf".into()));
        assert_eq!(path("/a%2Fb"), Ok("a/b".into()), "an encoded slash separates segments");
        assert_eq!(parse_path("/?q=å&x").map(|t| t.query), Ok("?q=%C3%A5&x".into()));
    }

    #[test]
    fn serve_paths_that_climb_or_smuggle_are_refused() {
        for target in [
            "/..",
            "/../Cargo.toml",
            "/remisser/../../Cargo.toml",
            "/%2e%2e/%2e%2e/Cargo.toml",
            "/%2E%2E/",
            "/.%2e/Cargo.toml",
            "/..%2f..%2fCargo.toml",
            "/..\\..\\Cargo.toml",
            "/%5c..%5c..%5cCargo.toml",
            "/index.html%00.css",
            "/%00",
            "/a%0d%0aSet-Cookie:%20x",
            "/%c0%ae%c0%ae/Cargo.toml",
            "/%ff",
            "/x%2",
            "/x%zz",
            "/x%+1",
        ] {
            assert_eq!(path(target), Err(400), "{target}");
        }
    }

    fn request(target: &str, host: Option<&str>) -> Request {
        let host = host.map(str::to_string);
        Request { method: Method::Get, target: target.into(), host, http11: true, keep_alive: true }
    }

    #[test]
    fn serve_absolute_form_takes_the_host_from_the_target() {
        let own = request("http://127.0.0.1:1111/remisser/?x", Some("evil.example"));
        assert_eq!(own.site_target(), Ok(Target { path: "remisser/".into(), query: "?x".into() }));
        assert_eq!(request("HTTP://localhost:1111", None).site_target().map(|t| t.path), Ok(String::new()));
        for target in [
            "http://evil.example/",
            "http://127.0.0.1:1111/../../etc/passwd",
            "http://user@127.0.0.1:1111/",
            "https://127.0.0.1:1111/",
            "http:///etc/passwd",
            "file:///etc/passwd",
            "*",
            "../Cargo.toml",
        ] {
            assert_eq!(request(target, Some("127.0.0.1")).site_target().map_err(|r| r.status), Err(400), "{target}");
        }
        assert_eq!(request("/", Some("evil.example")).site_target().map_err(|r| r.status), Err(400));
        assert_eq!(request("/", None).site_target().map_err(|r| r.status), Err(400), "HTTP/1.1 needs a Host");
    }

    #[test]
    fn serve_hosts_are_addresses_or_localhost() {
        for host in
            ["127.0.0.1:1111", "127.0.0.1", "LOCALHOST:80", "localhost:", "192.168.1.5:1111", "[::1]:1111", "[::]"]
        {
            assert!(host_allowed(host), "{host}");
        }
        for host in
            ["evil.example", "evil.example:1111", "127.0.0.1.nip.io", "[::1", "[::1]x", "1.2.3.4:x", "", "a@1.2.3.4"]
        {
            assert!(!host_allowed(host), "{host}");
        }
    }

    #[test]
    fn serve_locations_are_encoded() {
        assert_eq!(encode_path("remisser/bilaga å.pdf/"), "remisser/bilaga%20%C3%A5.pdf/");
        assert_eq!(encode_path("a\r\nb"), "a%0D%0Ab");
    }

    /// A connected pair on loopback: the test's end and the server's.
    fn pair() -> (TcpStream, Connection) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (client, Connection { stream: server, buf: Vec::new() })
    }

    fn soon() -> Instant {
        Instant::now() + Duration::from_millis(300)
    }

    fn status(result: Result<Request, Option<Refusal>>) -> Option<u16> {
        result.err().flatten().map(|r| r.status)
    }

    #[test]
    fn serve_reads_pipelined_requests_in_order() {
        let (mut client, mut conn) = pair();
        client
            .write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let first = conn.next_request(soon()).unwrap();
        assert_eq!((first.method, first.target.as_str(), first.keep_alive), (Method::Get, "/a", true));
        let second = conn.next_request(soon()).unwrap();
        assert_eq!((second.method, second.target.as_str(), second.keep_alive), (Method::Head, "/b", false));
        drop(client);
        assert!(matches!(conn.next_request(soon()), Err(None)), "a closed connection ends quietly");
    }

    #[test]
    fn serve_heads_over_the_limit_are_refused_without_reading_on() {
        let (mut client, mut conn) = pair();
        client.write_all(b"GET /").unwrap();
        client.write_all(&vec![b'a'; MAX_HEAD]).unwrap();
        assert_eq!(status(conn.next_request(soon())), Some(414));
        assert_eq!(conn.buf.len(), MAX_HEAD, "no more than the limit is kept");

        let (mut client, mut conn) = pair();
        client.write_all(b"GET / HTTP/1.1\r\nCookie: ").unwrap();
        client.write_all(&vec![b'a'; MAX_HEAD]).unwrap();
        assert_eq!(status(conn.next_request(soon())), Some(431));

        let (mut client, mut conn) = pair();
        client.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        client.write_all(&b"X: y\r\n".repeat(MAX_HEADERS + 1)).unwrap();
        client.write_all(b"\r\n").unwrap();
        assert_eq!(status(conn.next_request(soon())), Some(431));
    }

    #[test]
    fn serve_stalled_requests_time_out() {
        let (mut client, mut conn) = pair();
        client.write_all(b"GET /remisser/").unwrap();
        assert_eq!(status(conn.next_request(soon())), Some(408), "half a request line");
        let (_client, mut conn) = pair();
        assert!(matches!(conn.next_request(soon()), Err(None)), "an idle connection is closed quietly");
    }

    #[test]
    fn serve_malformed_heads_are_refused() {
        for (head, expected) in [
            (&b"GET / HTTP/2.0\r\n\r\n"[..], 505),
            (b"G\x01T / HTTP/1.1\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost: \xff\r\n\r\n", 400),
        ] {
            let (mut client, mut conn) = pair();
            client.write_all(head).unwrap();
            assert_eq!(status(conn.next_request(soon())), Some(expected), "{}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn serve_a_request_with_a_body_ends_the_connection() {
        let (mut client, mut conn) = pair();
        client.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc").unwrap();
        assert!(!conn.next_request(soon()).unwrap().keep_alive);
        let (mut client, mut conn) = pair();
        client.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nReferer: \xe5\r\n\r\n").unwrap();
        assert!(conn.next_request(soon()).unwrap().keep_alive, "a Latin-1 field the preview does not read is fine");
        let (mut client, mut conn) = pair();
        client.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        let old = conn.next_request(soon()).unwrap();
        assert!(!old.keep_alive, "HTTP/1.0 closes");
        assert_eq!(old.site_target().map(|t| t.path), Ok(String::new()), "and needs no Host");
    }
}
