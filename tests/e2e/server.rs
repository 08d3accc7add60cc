//! The only network the browser under test has: a tiny HTTP/1.1 server on 127.0.0.1
//! that is at once the page's web server and the browser's proxy, and records every
//! request it sees.
//!
//! Chromium is started with `--proxy-server` pointing here and `--proxy-bypass-list=<-loopback>`
//! (which removes the implicit loopback bypass), so every request it makes, for any host,
//! any port, `http:` or `https:` (a `CONNECT`) or `ws:`, arrives here first. The page is
//! loaded from [`PAGE_ORIGIN`], a made-up host that exists only inside this server, which
//! answers it from `dist/`. Every other request is recorded and refused. A request that
//! is not a successful `GET` of a file of `dist/` on the page's own origin is foreign
//! ([`Recorded::is_foreign`]).

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The page's made-up origin. `.test` is reserved (RFC 6761): it never resolves, so the
/// page loads only through this server.
pub const PAGE_HOST: &str = "saml-inspector.test";
pub const PAGE_ORIGIN: &str = "http://saml-inspector.test";

/// Where the harness points Chromium's own service endpoints that no flag switches off
/// (its sign-in account check). `.invalid` never resolves (RFC 6761), so what goes there
/// would reach nobody outside this test either; the proxy refuses it like any other and
/// lists it as "browser", not foreign. The page has no reason to name this host.
pub const BROWSER_SINK_HOST: &str = "chromium-internal.invalid";

/// Longest request head (request line and headers) we read before giving up.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// One request as the proxy saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The request target as sent: an absolute URL (`http://host/path`), `host:port` for
    /// `CONNECT`, or a path when the client talked to us as a plain server.
    pub target: String,
    /// The host (and port, if any) the request was for.
    pub authority: String,
    /// Path without the query, for requests to a host; empty for `CONNECT`.
    pub path: String,
    pub status: u16,
}

impl Recorded {
    /// A successful `GET`/`HEAD` of one of `dist/`'s files on the page's origin.
    pub fn is_own_file(&self) -> bool {
        matches!(self.method.as_str(), "GET" | "HEAD")
            && self.authority == PAGE_HOST
            && self.status == 200
    }

    /// Chromium's own background request, sent to [`BROWSER_SINK_HOST`] by our flags.
    pub fn is_browser_internal(&self) -> bool {
        self.authority == BROWSER_SINK_HOST
    }

    /// Anything else: a request the page must never cause.
    pub fn is_foreign(&self) -> bool {
        !self.is_own_file() && !self.is_browser_internal()
    }
}

impl fmt::Display for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} -> {}", self.method, self.target, self.status)
    }
}

/// The running server. Dropping it stops accepting connections.
pub struct RecordingProxy {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
    accept_loop: JoinHandle<()>,
}

impl RecordingProxy {
    /// Serves the files of `dist` (read once, now) on [`PAGE_ORIGIN`] from a free port.
    pub async fn start(dist: &Path) -> io::Result<Self> {
        let files = Arc::new(read_tree(dist)?);
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let accept_loop = tokio::spawn({
            let log = Arc::clone(&log);
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let (files, log) = (Arc::clone(&files), Arc::clone(&log));
                    tokio::spawn(async move {
                        // A connection the browser drops half-way is not our concern; the
                        // requests it did send are already recorded.
                        let _ = serve_connection(stream, &files, &log).await;
                    });
                }
            }
        });
        Ok(Self {
            addr,
            log,
            accept_loop,
        })
    }

    /// `http://127.0.0.1:PORT`, for Chromium's `--proxy-server`.
    pub fn proxy_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.log).clone()
    }
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

fn lock(log: &Mutex<Vec<Recorded>>) -> std::sync::MutexGuard<'_, Vec<Recorded>> {
    // A panic elsewhere while holding the lock leaves the log itself intact.
    log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Every file under `root`, keyed by its URL path (`/index.html`).
fn read_tree(root: &Path) -> io::Result<HashMap<String, Vec<u8>>> {
    let mut files = HashMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(root).map_err(io::Error::other)?;
            let url_path = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(format!("/{url_path}"), std::fs::read(&path)?);
        }
    }
    Ok(files)
}

struct Request {
    method: String,
    target: String,
    host_header: Option<String>,
    content_length: usize,
    chunked: bool,
    close: bool,
}

async fn serve_connection(
    stream: TcpStream,
    files: &HashMap<String, Vec<u8>>,
    log: &Mutex<Vec<Recorded>>,
) -> io::Result<()> {
    let mut stream = BufReader::new(stream);
    loop {
        let Some(request) = read_head(&mut stream).await? else {
            return Ok(());
        };
        // Request bodies are not for us; read past one so keep-alive stays in step.
        let mut body = vec![0; request.content_length];
        stream.read_exact(&mut body).await?;

        let (authority, path) = split_target(&request);
        let (status, content_type, content) = if request.method == "CONNECT" {
            (403, "text/plain", &b"no tunnels from this page\n"[..])
        } else if authority != PAGE_HOST {
            (403, "text/plain", &b"foreign request refused\n"[..])
        } else if !matches!(request.method.as_str(), "GET" | "HEAD") {
            (405, "text/plain", &b"method not allowed\n"[..])
        } else {
            let file_path = if path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.clone()
            };
            match files.get(&file_path) {
                Some(content) => (200, content_type_of(&file_path), &content[..]),
                None => (404, "text/plain", &b"not found\n"[..]),
            }
        };
        lock(log).push(Recorded {
            method: request.method.clone(),
            target: request.target.clone(),
            authority,
            path,
            status,
        });

        let close = request.close || request.chunked || request.method == "CONNECT";
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\n\
             Content-Type: {content_type}\r\n\
             Content-Length: {length}\r\n\
             Cache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\n\
             Connection: {connection}\r\n\r\n",
            reason = reason_phrase(status),
            length = content.len(),
            connection = if close { "close" } else { "keep-alive" },
        );
        let writer = stream.get_mut();
        writer.write_all(head.as_bytes()).await?;
        if request.method != "HEAD" {
            writer.write_all(content).await?;
        }
        writer.flush().await?;
        if close {
            return writer.shutdown().await;
        }
    }
}

/// Reads one request head; `None` at a clean end of the connection.
async fn read_head(stream: &mut BufReader<TcpStream>) -> io::Result<Option<Request>> {
    let mut line = String::new();
    let mut head_bytes = 0;
    // Tolerate blank lines between pipelined requests (RFC 9112 §2.2).
    loop {
        line.clear();
        let read = stream.read_line(&mut line).await?;
        if read == 0 {
            return Ok(None);
        }
        head_bytes += read;
        if !line.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("bad request line {line:?}"),
        ));
    };
    let mut request = Request {
        method: method.to_owned(),
        target: target.to_owned(),
        host_header: None,
        content_length: 0,
        chunked: false,
        close: false,
    };
    loop {
        line.clear();
        let read = stream.read_line(&mut line).await?;
        head_bytes += read;
        if read == 0 || head_bytes > MAX_HEAD_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "request head truncated or too long",
            ));
        }
        let header = line.trim_end();
        if header.is_empty() {
            return Ok(Some(request));
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "host" => request.host_header = Some(value.to_ascii_lowercase()),
            "content-length" => request.content_length = value.parse().unwrap_or(0),
            "transfer-encoding" => request.chunked = true,
            "connection" | "proxy-connection" => {
                request.close |= value.eq_ignore_ascii_case("close");
            }
            _ => {}
        }
    }
}

/// The authority a request was for, and its path without query or fragment.
fn split_target(request: &Request) -> (String, String) {
    if request.method == "CONNECT" {
        return (request.target.to_ascii_lowercase(), String::new());
    }
    let (authority, path_and_query) = match request.target.split_once("://") {
        // Absolute form, as sent to a proxy: http://host[:port]/path?query
        Some((_scheme, rest)) => match rest.find('/') {
            Some(slash) => (rest[..slash].to_ascii_lowercase(), &rest[slash..]),
            None => (rest.to_ascii_lowercase(), "/"),
        },
        // Origin form, as sent to a server: /path?query (then Host says which host).
        None => (
            request.host_header.clone().unwrap_or_default(),
            request.target.as_str(),
        ),
    };
    let path = path_and_query
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    let authority = authority
        .strip_suffix(":80")
        .map(str::to_owned)
        .unwrap_or(authority);
    (authority, path)
}

fn content_type_of(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, target: &str, host: Option<&str>) -> Request {
        Request {
            method: method.to_owned(),
            target: target.to_owned(),
            host_header: host.map(str::to_owned),
            content_length: 0,
            chunked: false,
            close: false,
        }
    }

    #[test]
    fn targets_split_into_authority_and_path() {
        let cases = [
            (
                request("GET", "http://saml-inspector.test/", None),
                ("saml-inspector.test", "/"),
            ),
            (
                request("GET", "http://saml-inspector.test:80/a.js?v=1", None),
                ("saml-inspector.test", "/a.js"),
            ),
            (
                request("GET", "http://Example.ORG", None),
                ("example.org", "/"),
            ),
            (
                request("CONNECT", "example.org:443", None),
                ("example.org:443", ""),
            ),
            (
                request("GET", "/index.html", Some("127.0.0.1:4000")),
                ("127.0.0.1:4000", "/index.html"),
            ),
        ];
        for (request, (authority, path)) in cases {
            assert_eq!(
                split_target(&request),
                (authority.to_owned(), path.to_owned()),
                "{}",
                request.target
            );
        }
    }
}
