//! The preview's HTTP server (axum's router on hyper, on tokio; files through tower-http's
//! `ServeFile`, which answers byte ranges, so a browser can seek in audio). Every request
//! path is checked here before a file is opened: no `..` or `.` segment (raw or
//! percent-encoded), no encoded slash or backslash, no NUL, and the file, once symbolic
//! links are resolved, must be inside the site folder. HTML pages get the live-reload
//! script as they are streamed; the files on disk never contain it.
//!
//! Only this machine's names are answered ([`host_allowed`]): a web page that makes its
//! own domain resolve to 127.0.0.1 (DNS rebinding) would otherwise read the preview. A
//! client gets [`HEADER_TIMEOUT`] to send a request's headers, so slow or idle
//! connections are closed rather than held forever. The connections are served by hyper
//! directly (not `axum::serve`, which has no header timeout).

use super::keep::Kept;
use super::Status;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio::sync::watch;
use tower::ServiceExt;

/// Where the preview's own endpoints live; no site file has this name.
pub const PREFIX: &str = "/__shownotes/";
const LIVE_JS: &str = include_str!("live.js");
/// How long a client may take to send a request's headers (from when the server is
/// ready to read them: on a new or an idle kept-alive connection) before it is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of a page's end is searched for its last `</body>`; pages are streamed in
/// pieces this size.
const CHUNK: usize = 64 * 1024;

struct App {
    /// The folder being served.
    site: PathBuf,
    /// The address the server listens on (its port, and its IP for `--bind`).
    bound: SocketAddr,
    status: watch::Receiver<Status>,
    /// Becomes true when the server stops: open event streams end.
    stop: watch::Receiver<bool>,
    /// The preview kept from the last run, served until the first build is written.
    kept: Option<Arc<Kept>>,
}

/// Serves `site` on `listener` until `shutdown` completes; then event streams are closed
/// and open requests get a moment to finish.
pub async fn serve(
    listener: std::net::TcpListener,
    site: PathBuf,
    status: watch::Receiver<Status>,
    kept: Option<Arc<Kept>>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let (stop_tx, stop) = watch::channel(false);
    let app = Arc::new(App { site, bound, status, stop: stop.clone(), kept });
    let router = Router::new()
        .route("/__shownotes/live.js", get(live_js))
        .route("/__shownotes/events", get(events))
        .route("/__shownotes/status", get(status_json))
        .fallback(files)
        .layer(axum::middleware::from_fn_with_state(app.clone(), only_this_machine))
        .with_state(app);
    // Every connection holds a receiver; once all are dropped, all have finished.
    let (open_tx, open_rx) = watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                // Out of file descriptors, or a connection reset before it was taken:
                // wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let mut stopping = stop.clone();
        let open = open_rx.clone();
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            let stopped = async move {
                let _ = stopping.wait_for(|s| *s).await;
            };
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopped => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(open);
        });
    }
    let _ = stop_tx.send(true);
    drop(open_rx);
    // A request that outlives the shutdown (a slow client) is not waited for long.
    let _ = tokio::time::timeout(Duration::from_secs(3), open_tx.closed()).await;
    Ok(())
}

/// Is `host` (a request's `Host`, `name[:port]`) a name of the preview? The loopback
/// names (`localhost`, `127.0.0.1`, `[::1]`, any 127.x address) and the address given
/// to `--bind`; when that is every address (`0.0.0.0`, `::`), any IP address, since a
/// rebinding page always comes with a domain name. A port, when given, must be ours.
pub fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let (name, port) = match host.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((ip, rest)) => (ip, rest.strip_prefix(':')),
            None => return false,
        },
        None => match host.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        },
    };
    if port.is_some_and(|p| p.parse::<u16>().ok() != Some(bound.port())) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// Refuses a request whose `Host` is not one of the preview's names.
async fn only_this_machine(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let host = req.uri().authority().map(|a| a.as_str()).or_else(|| req.headers().get(header::HOST)?.to_str().ok());
    if host.is_some_and(|h| host_allowed(h, app.bound)) {
        return next.run(req).await;
    }
    let text = format!(
        "forbidden: the preview answers only to this machine's names (localhost, 127.0.0.1, [::1], or the --bind address); open {}\n",
        super::preview_url(app.bound)
    );
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

async fn live_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], LIVE_JS)
        .into_response()
}

async fn status_json(State(app): State<Arc<App>>) -> Response {
    let body = serde_json::to_string(&*app.status.borrow()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// Server-sent events: the build status now, then after every build.
async fn events(State(app): State<Arc<App>>) -> impl IntoResponse {
    let rx = app.status.clone();
    let stop = app.stop.clone();
    let stream = futures_util::stream::unfold((rx, stop, true), |(mut rx, mut stop, first)| async move {
        if !first {
            tokio::select! {
                r = rx.changed() => r.ok()?,
                _ = stop.wait_for(|s| *s) => return None,
            }
        }
        let data = serde_json::to_string(&*rx.borrow_and_update()).unwrap_or_default();
        Some((Ok::<_, Infallible>(Event::default().data(data)), (rx, stop, false)))
    });
    ([(header::CACHE_CONTROL, "no-store")], Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// What a request path names in the site folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file, its symbolic links resolved.
    File(PathBuf),
    /// A folder asked for without its trailing slash: where to redirect.
    Folder(String),
    NotFound,
    /// A path that tries to leave the site folder or is malformed (`..`, encoded
    /// slashes, NUL): 400.
    Malformed,
    /// A symbolic link that leads out of the site folder: 403.
    Outside,
}

/// Resolves the path of a request (as sent, percent-encoded, without the query) in the
/// folder `site`. Nothing outside `site` can be named: segments are checked after
/// decoding, and the file is checked again once its links are resolved.
pub fn resolve(site: &Path, uri_path: &str) -> Resolved {
    if !uri_path.starts_with('/') {
        return Resolved::Malformed;
    }
    let mut rel = PathBuf::new();
    let raw: Vec<&str> = uri_path[1..].split('/').collect();
    for (i, seg) in raw.iter().enumerate() {
        let Ok(seg) = percent_encoding::percent_decode_str(seg).decode_utf8() else {
            return Resolved::Malformed;
        };
        if seg.is_empty() {
            // `//` or the trailing slash: only the last may be empty.
            if i + 1 == raw.len() {
                continue;
            }
            return Resolved::Malformed;
        }
        // A decoded segment is one plain name: no `/` (from `%2F`), no `\`, no NUL,
        // not `.` or `..`, nothing a system would read as a root or a drive.
        let mut comps = Path::new(seg.as_ref()).components();
        let plain = matches!(comps.next(), Some(Component::Normal(_))) && comps.next().is_none();
        if !plain || seg.contains(['/', '\\', '\0']) || seg == "." || seg == ".." {
            return Resolved::Malformed;
        }
        rel.push(seg.as_ref());
    }
    let Ok(root) = site.canonicalize() else { return Resolved::NotFound };
    let wanted = root.join(&rel);
    let target = if uri_path.ends_with('/') { wanted.join("index.html") } else { wanted };
    let Ok(real) = target.canonicalize() else { return Resolved::NotFound };
    if !real.starts_with(&root) {
        return Resolved::Outside;
    }
    if real.is_dir() {
        return if real.join("index.html").is_file() {
            Resolved::Folder(format!("{uri_path}/"))
        } else {
            Resolved::NotFound
        };
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// The Content-Type of every kind of file a site holds: what the build writes (pages,
/// feeds, the sitemap, transcript and chapter files, JSON, SVG) and what themes and
/// `static/` usually bring (styles, scripts, images, audio, fonts). `None`: let the
/// file server guess from the extension.
pub fn content_type(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let name = path.file_name()?.to_str()?;
    Some(match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        // The show's feed and each topic's are RSS; the sitemap is plain XML.
        "xml" if name == "feed.xml" => "application/rss+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "srt" => "application/x-subrip; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "mp3" => "audio/mpeg",
        "m4a" | "m4b" => "audio/mp4",
        "aac" => "audio/aac",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "wav" => "audio/wav",
        "flac" => "audio/flac",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        // The search index (Pagefind): compressed chunks its script fetches and unpacks.
        "pf_meta" | "pf_index" | "pf_fragment" | "pagefind" => "application/octet-stream",
        _ => return None,
    })
}

/// The live-reload script's tag: `step` is the [`Status::step`] the page was served at.
fn live_tag(step: u64) -> String {
    format!("<script src=\"{PREFIX}live.js\" data-generation=\"{step}\"></script>\n")
}

/// The tag of a page that stands for no file of the site (the 404 page, "being
/// built"): it reloads on every step.
fn live_tag_any(step: u64) -> String {
    format!("<script src=\"{PREFIX}live.js\" data-generation=\"{step}\" data-any></script>\n")
}

/// Where the last `</body>` of `html` starts.
fn body_end(html: &[u8]) -> Option<usize> {
    html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
}

/// `html` with the live-reload script before its last `</body>` (or at its end).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    inject_tag(html, &live_tag(generation))
}

fn inject_tag(html: &[u8], tag: &str) -> Vec<u8> {
    let at = body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A page file streamed with the live-reload script before its last `</body>` (looked
/// for in its last [`CHUNK`]; a page whose end is further away gets it at its end, which
/// browsers run all the same), a piece at a time: however large the page and however
/// slow the client, a request holds one piece in memory, never the page.
async fn stream_page(path: &Path, generation: u64, head: bool) -> std::io::Result<Response> {
    let mut file = tokio::fs::File::open(path).await?;
    let len = file.metadata().await?.len();
    let start = len.saturating_sub(CHUNK as u64);
    file.seek(std::io::SeekFrom::Start(start)).await?;
    let mut tail = Vec::with_capacity((len - start) as usize);
    (&mut file).take(len - start).read_to_end(&mut tail).await?;
    let at = start + body_end(&tail).unwrap_or(tail.len()) as u64;
    file.seek(std::io::SeekFrom::Start(0)).await?;
    let tag = Bytes::from(live_tag(generation));
    let total = len + tag.len() as u64;
    let body = if head {
        Body::empty()
    } else {
        let pieces = futures_util::stream::try_unfold(
            (file, at, Some(tag), len - at),
            |(mut file, head_left, tag, tail_left)| async move {
                if head_left == 0 {
                    if let Some(t) = tag {
                        return Ok(Some((t, (file, 0, None, tail_left))));
                    }
                }
                let left = if head_left > 0 { head_left } else { tail_left };
                if left == 0 {
                    return Ok(None);
                }
                let mut piece = vec![0; left.min(CHUNK as u64) as usize];
                // A page cut short while it is sent (a rebuild rewrote it) ends the answer.
                file.read_exact(&mut piece).await?;
                let n = piece.len() as u64;
                let state =
                    if head_left > 0 { (file, head_left - n, tag, tail_left) } else { (file, 0, None, tail_left - n) };
                Ok::<_, std::io::Error>(Some((Bytes::from(piece), state)))
            },
        );
        Body::from_stream(pieces)
    };
    let mut resp = Response::new(body);
    page_headers(&mut resp, StatusCode::OK, total);
    Ok(resp)
}

fn page_headers(resp: &mut Response, code: StatusCode, len: u64) {
    *resp.status_mut() = code;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

fn html_response(code: StatusCode, body: Vec<u8>, head: bool) -> Response {
    let len = body.len() as u64;
    let mut resp = if head { Response::new(Body::empty()) } else { Response::new(Body::from(body)) };
    page_headers(&mut resp, code, len);
    resp
}

fn plain(code: StatusCode, text: &'static str) -> Response {
    (code, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// The path a request names in the site folder (`/` separated, `index.html` for a
/// folder), checked as [`resolve`] checks it; `None` when it is malformed.
fn request_rel(uri_path: &str) -> Option<String> {
    if !uri_path.starts_with('/') {
        return None;
    }
    let mut rel: Vec<String> = Vec::new();
    let raw: Vec<&str> = uri_path[1..].split('/').collect();
    for (i, seg) in raw.iter().enumerate() {
        let seg = percent_encoding::percent_decode_str(seg).decode_utf8().ok()?;
        if seg.is_empty() {
            if i + 1 == raw.len() {
                continue;
            }
            return None;
        }
        let mut comps = Path::new(seg.as_ref()).components();
        let plain = matches!(comps.next(), Some(Component::Normal(_))) && comps.next().is_none();
        if !plain || seg.contains(['/', '\\', '\0']) || seg == "." || seg == ".." {
            return None;
        }
        rel.push(seg.into_owned());
    }
    if uri_path.ends_with('/') {
        rel.push("index.html".into());
    }
    Some(rel.join("/"))
}

/// A file of the preview kept from the last run, while the first build runs: `None`
/// when it is not kept (the caller waits for the build).
fn from_kept(kept: &Kept, uri: &axum::http::Uri, step: u64, head: bool) -> Option<Response> {
    let Some(rel) = request_rel(uri.path()) else {
        return Some(plain(StatusCode::BAD_REQUEST, "bad path: the preview serves only files of the site\n"));
    };
    if !kept.has(&rel) && kept.has(&format!("{rel}/index.html")) {
        let to = format!("{}/", uri.path());
        let to = match uri.query() {
            Some(q) => format!("{to}?{q}"),
            None => to,
        };
        let loc = HeaderValue::from_str(&to).ok()?;
        return Some((StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, loc)]).into_response());
    }
    let bytes = kept.get(&rel)?;
    let path = Path::new(&rel);
    let ty = content_type(path);
    let mut resp = if ty.is_some_and(|t| t.starts_with("text/html")) {
        html_response(StatusCode::OK, inject(&bytes, step), head)
    } else {
        let len = bytes.len();
        let mut r = if head { Response::new(Body::empty()) } else { Response::new(Body::from(bytes)) };
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ty.unwrap_or("application/octet-stream")));
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        r
    };
    // Says where the answer came from (for scripts and tests).
    resp.headers_mut().insert("x-shownotes-preview", HeaderValue::from_static("kept"));
    Some(resp)
}

/// Every other path: a file of the site.
async fn files(State(app): State<Arc<App>>, req: Request) -> Response {
    let head = req.method() == Method::HEAD;
    if req.method() != Method::GET && !head {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "the preview serves GET and HEAD only\n");
    }
    // The step is read before the file, so a page is never older than the step it
    // claims (at worst it reloads once more).
    let now = |app: &App| {
        let s = app.status.borrow();
        (s.step, s.generation > 0, s.build == 0)
    };
    let (mut generation, mut built, mut building) = now(&app);
    if !built {
        if let Some(kept) = &app.kept {
            if let Some(resp) = from_kept(kept, req.uri(), generation, head) {
                return resp;
            }
            // Not kept (a feed, the search index): wait for the first build.
            let mut status = app.status.clone();
            let _ = tokio::time::timeout(Duration::from_secs(600), status.wait_for(|s| s.build > 0)).await;
            (generation, built, building) = now(&app);
        }
    }
    if !built {
        let page: &[u8] = if building {
            b"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Being built</title></head>\n<body><h1>The site is being built</h1>\n<p>This page reloads when it is ready.</p>\n</body></html>\n"
        } else {
            b"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\n<body><h1>The site has not been built yet</h1>\n<p>The build failed; its errors are shown above and in the terminal. This page reloads when they are fixed.</p>\n</body></html>\n"
        };
        return html_response(StatusCode::SERVICE_UNAVAILABLE, inject_tag(page, &live_tag_any(generation)), head);
    }
    match resolve(&app.site, req.uri().path()) {
        Resolved::File(path) => serve_file(path, req, generation, head).await,
        Resolved::Folder(to) => {
            let to = match req.uri().query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            match HeaderValue::from_str(&to) {
                Ok(loc) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, loc)]).into_response(),
                Err(_) => plain(StatusCode::BAD_REQUEST, "bad path\n"),
            }
        }
        Resolved::NotFound => not_found(&app.site, generation, head).await,
        Resolved::Malformed => plain(StatusCode::BAD_REQUEST, "bad path: the preview serves only files of the site\n"),
        Resolved::Outside => plain(StatusCode::FORBIDDEN, "forbidden: that link leads out of the site\n"),
    }
}

/// The site's own 404 page, with status 404.
async fn not_found(site: &Path, generation: u64, head: bool) -> Response {
    match tokio::fs::read(site.join("404.html")).await {
        Ok(page) => html_response(StatusCode::NOT_FOUND, inject_tag(&page, &live_tag_any(generation)), head),
        Err(_) => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

async fn serve_file(path: PathBuf, req: Request, generation: u64, head: bool) -> Response {
    let ty = content_type(&path);
    if ty.is_some_and(|t| t.starts_with("text/html")) {
        return match stream_page(&path, generation, head).await {
            Ok(resp) => resp,
            Err(_) => plain(StatusCode::NOT_FOUND, "not found\n"),
        };
    }
    let Ok(mut resp) = tower_http::services::ServeFile::new(&path).oneshot(req).await;
    if let Some(t) = ty {
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(t));
    }
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    resp.map(Body::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_outside_the_site_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("episodes/a")).unwrap();
        std::fs::write(site.join("episodes/a/index.html"), "a").unwrap();
        std::fs::write(site.join("style.css"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = site.canonicalize().unwrap();
        assert_eq!(resolve(&site, "/style.css"), Resolved::File(root.join("style.css")));
        assert_eq!(resolve(&site, "/episodes/a/"), Resolved::File(root.join("episodes/a/index.html")));
        assert_eq!(resolve(&site, "/episodes/a"), Resolved::Folder("/episodes/a/".into()));
        assert_eq!(resolve(&site, "/episodes/%61/"), Resolved::File(root.join("episodes/a/index.html")));
        assert_eq!(resolve(&site, "/nope.html"), Resolved::NotFound);
        for bad in [
            "/../secret.txt",
            "/episodes/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/episodes%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/./style.css",
            "//etc/passwd",
            "/%2fetc%2fpasswd",
            "/style.css%00.html",
            "/%ff.html",
            "secret.txt",
        ] {
            assert_eq!(resolve(&site, bad), Resolved::Malformed, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("leak.txt")).unwrap();
            std::os::unix::fs::symlink(dir.path(), site.join("up")).unwrap();
            std::os::unix::fs::symlink(site.join("style.css"), site.join("alias.css")).unwrap();
            assert_eq!(resolve(&site, "/leak.txt"), Resolved::Outside);
            assert_eq!(resolve(&site, "/up/secret.txt"), Resolved::Outside);
            assert_eq!(resolve(&site, "/alias.css"), Resolved::File(root.join("style.css")));
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = inject(b"<html><body><p>x</p></BODY></html>", 7);
        let s = String::from_utf8(page).unwrap();
        assert!(
            s.contains("<p>x</p><script src=\"/__shownotes/live.js\" data-generation=\"7\"></script>\n</BODY>"),
            "{s}"
        );
        let bare = String::from_utf8(inject(b"<p>no body</p>", 1)).unwrap();
        assert!(bare.starts_with("<p>no body</p><script"), "{bare}");
    }

    #[test]
    fn only_this_machines_names_are_answered() {
        let local: SocketAddr = "127.0.0.1:8000".parse().unwrap();
        for ok in ["localhost:8000", "LOCALHOST", "127.0.0.1:8000", "[::1]:8000", "127.0.0.2:8000"] {
            assert!(host_allowed(ok, local), "{ok}");
        }
        for bad in ["evil.example:8000", "localhost:8001", "localhost.evil.example", "[::1", "192.168.1.5:8000", ""] {
            assert!(!host_allowed(bad, local), "{bad}");
        }
        let lan: SocketAddr = "192.168.1.5:8000".parse().unwrap();
        assert!(host_allowed("192.168.1.5:8000", lan) && !host_allowed("10.0.0.1:8000", lan));
        let all: SocketAddr = "0.0.0.0:8000".parse().unwrap();
        assert!(host_allowed("10.0.0.1:8000", all) && !host_allowed("evil.example:8000", all));
    }

    #[test]
    fn types_of_the_files_a_site_holds() {
        for (f, t) in [
            ("index.html", "text/html; charset=utf-8"),
            ("feed.xml", "application/rss+xml; charset=utf-8"),
            ("topics/x/feed.xml", "application/rss+xml; charset=utf-8"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("t.vtt", "text/vtt; charset=utf-8"),
            ("t.SRT", "application/x-subrip; charset=utf-8"),
            ("a.mp3", "audio/mpeg"),
            ("pagefind/fragment/en_1.pf_fragment", "application/octet-stream"),
            ("pagefind/wasm.en.pagefind", "application/octet-stream"),
            ("robots.txt", "text/plain; charset=utf-8"),
        ] {
            assert_eq!(content_type(Path::new(f)), Some(t), "{f}");
        }
        assert_eq!(content_type(Path::new("noext")), None);
    }
}
