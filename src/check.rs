//! `shownotes check`: the site built in memory, then looked over for what only the built
//! site can tell: broken internal links and anchors and, with `--external`, links to
//! other sites that do not answer. The rules about the sources themselves (transcripts,
//! show-notes links) are [`crate::rules`], which `build` and `check` share. Every finding
//! names a file and, where it can, a line.

use crate::build::SiteInMemory;
use crate::diagnostics::{Diagnostic, Diagnostics};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A link found in the built site.
#[derive(Debug, Clone)]
pub struct FoundLink {
    pub url: String,
    /// Where it is: a source file and line when it can be traced to one, else the page.
    pub path: PathBuf,
    pub line: Option<usize>,
}

/// What checking the built pages found.
pub struct LinkReport {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub internal: usize,
    /// External http(s) links, each once, with the first place it was found.
    pub external: Vec<FoundLink>,
}

/// Maps a site path (`episodes/x/`) to a file of the built site.
fn file_for(rel: &str, files: &FxHashSet<String>) -> Option<String> {
    let rel = rel.trim_start_matches('/');
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.to_string(), format!("{rel}/index.html")]
    };
    candidates.into_iter().find(|c| files.contains(c))
}

/// The line of the first occurrence of `needle` in `text`.
fn line_of_text(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|at| crate::config::line_of(text, at))
}

/// Checks every link of every built page: internal ones must reach a file of the site
/// (and an element with the fragment's id); external ones are collected.
pub fn check_links(site: &SiteInMemory) -> LinkReport {
    let config = &site.config;
    let base = if config.has_absolute_base() { url::Url::parse(&config.base_url_slash()).ok() } else { None }
        .unwrap_or_else(|| {
            url::Url::parse("http://site.invalid/").and_then(|u| u.join(&config.base_path())).expect("a valid URL")
        });
    let base_path = base.path().to_string();
    let norm = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let mut files: FxHashSet<String> = site.pages.iter().map(|p| norm(&p.path)).collect();
    files.extend(site.static_files.iter().map(|f| norm(&f.path)));
    let html: FxHashMap<String, &str> = site
        .pages
        .iter()
        .filter(|p| p.path.extension().is_some_and(|e| e == "html"))
        .filter_map(|p| Some((norm(&p.path), std::str::from_utf8(&p.content).ok()?)))
        .collect();
    // Which episode made which page, to trace a link back to its source file.
    let by_slug: FxHashMap<&str, &crate::model::Episode> = site.episodes.iter().map(|e| (e.slug.as_str(), e)).collect();
    let mut sources: FxHashMap<PathBuf, Option<String>> = FxHashMap::default();
    let mut ids: FxHashMap<String, FxHashSet<String>> = FxHashMap::default();
    let id_sel = scraper::Selector::parse("[id], a[name]").expect("valid selector");
    let link_sel = scraper::Selector::parse(
        "a[href], link[href], img[src], script[src], audio[src], video[src], source[src], track[src]",
    )
    .expect("valid selector");

    let mut d = Diagnostics::default();
    let mut external: Vec<FoundLink> = Vec::new();
    let mut seen_external: FxHashSet<String> = FxHashSet::default();
    let mut internal = 0usize;
    let mut pages: Vec<(&String, &&str)> = html.iter().collect();
    pages.sort();
    for (page, text) in &pages {
        let doc = scraper::Html::parse_document(text);
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        let page_url = base.join(&format!("{dir}{}", if dir.is_empty() { "" } else { "/" })).unwrap_or(base.clone());
        let episode = page.strip_prefix("episodes/").and_then(|r| r.split('/').next()).and_then(|s| by_slug.get(s));
        for el in doc.select(&link_sel) {
            let v = el.value();
            let Some(href) = v.attr("href").or_else(|| v.attr("src")) else { continue };
            let Ok(target) = page_url.join(href.trim()) else {
                let (path, line) = locate(page, text, href, episode.copied(), &site.content, &mut sources);
                d.error(&path, line, format!("malformed link `{href}`"));
                continue;
            };
            let same_site = target.origin() == base.origin() && target.path().starts_with(&base_path);
            if !same_site {
                if matches!(target.scheme(), "http" | "https") {
                    let mut u = target.clone();
                    u.set_fragment(None);
                    if seen_external.insert(u.to_string()) {
                        let (path, line) = locate(page, text, href, episode.copied(), &site.content, &mut sources);
                        external.push(FoundLink { url: u.to_string(), path, line });
                    }
                }
                continue;
            }
            internal += 1;
            let rel = percent_decode(&target.path()[base_path.len()..]);
            let Some(file) = file_for(&rel, &files) else {
                let (path, line) = locate(page, text, href, episode.copied(), &site.content, &mut sources);
                d.error(
                    &path,
                    line,
                    format!(
                        "broken link `{href}`: the site has no {}",
                        if rel.is_empty() { "home page".to_string() } else { rel.clone() }
                    ),
                );
                continue;
            };
            let Some(frag) = target.fragment().map(percent_decode) else { continue };
            // `#t=01:20` starts the player; `#` and `#top` are the top of the page.
            if frag.is_empty() || frag == "top" || frag.starts_with("t=") || !file.ends_with(".html") {
                continue;
            }
            let target_ids = ids.entry(file.clone()).or_insert_with(|| {
                let t = html.get(&file).copied().unwrap_or("");
                let doc = scraper::Html::parse_document(t);
                doc.select(&id_sel)
                    .filter_map(|e| e.value().attr("id").or_else(|| e.value().attr("name")).map(str::to_string))
                    .collect()
            });
            if !target_ids.contains(&frag) {
                let (path, line) = locate(page, text, href, episode.copied(), &site.content, &mut sources);
                d.error(&path, line, format!("broken anchor `{href}`: {file} has no element with id `{frag}`"));
            }
        }
    }
    LinkReport { diagnostics: d.0, pages: pages.len(), internal, external }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where a link on a built page comes from: the episode's show notes or transcript when
/// it is written there (with its line), else the built page itself.
fn locate(
    page: &str,
    html: &str,
    href: &str,
    episode: Option<&crate::model::Episode>,
    content: &Path,
    cache: &mut FxHashMap<PathBuf, Option<String>>,
) -> (PathBuf, Option<usize>) {
    if let Some(ep) = episode {
        for src in ep.sources.iter().rev() {
            let text = cache
                .entry(src.clone())
                .or_insert_with(|| {
                    std::fs::read(content.join(src)).ok().and_then(|b| crate::text::decode(&b).ok()).map(|(t, _)| t)
                })
                .as_deref();
            if let Some(line) = text.and_then(|t| line_of_text(t, href)) {
                // Named from the site root, as the build names content files.
                return (crate::build::shown(content).join(src), Some(line));
            }
        }
    }
    let attr = format!("=\"{}\"", href.replace('&', "&amp;").replace('"', "&quot;"));
    let line = line_of_text(html, &attr).or_else(|| line_of_text(html, href));
    (PathBuf::from(format!("(built page) {page}")), line)
}

/// How `--external` asks other sites.
#[derive(Debug, Clone, Copy)]
pub struct ExternalOptions {
    /// Requests per second to any one host.
    pub per_host_per_second: f64,
    /// For each request, connecting and reading included.
    pub timeout: Duration,
}

/// Redirects followed from one link before it is called broken.
pub const MAX_REDIRECTS: usize = 10;

/// Asks each external link's server whether it is there (`HEAD`, or `GET` where `HEAD`
/// is not allowed), one request at a time, no more than `per_host_per_second` to any
/// host, each bounded by the timeout. Redirects are followed here, not by the HTTP
/// client, so that each hop waits for its own host's turn (up to [`MAX_REDIRECTS`]).
/// `progress` hears each URL before it is asked.
pub fn check_external(links: &[FoundLink], opts: ExternalOptions, progress: impl Fn(&str)) -> Vec<Diagnostic> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("shownotes-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let gap = Duration::from_secs_f64(1.0 / opts.per_host_per_second.max(0.001));
    let mut turns = Turns { gap, last: FxHashMap::default() };
    let mut d = Diagnostics::default();
    // Round robin over hosts, so waiting for one host's turn rarely holds up the others.
    let mut by_host: Vec<(String, Vec<&FoundLink>)> = Vec::new();
    for l in links {
        let host = host_of(&l.url);
        match by_host.iter_mut().find(|(h, _)| *h == host) {
            Some((_, v)) => v.push(l),
            None => by_host.push((host, vec![l])),
        }
    }
    let mut order: Vec<&FoundLink> = Vec::new();
    let longest = by_host.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    for i in 0..longest {
        for (_, v) in &by_host {
            if let Some(l) = v.get(i) {
                order.push(l);
            }
        }
    }
    for l in order {
        progress(&l.url);
        match follow(&agent, &mut turns, &l.url) {
            Ok(s) if s < 400 => {}
            Ok(429) => d.warn(&l.path, l.line, format!("{} answers 429 Too Many Requests; not checked", l.url)),
            Ok(s) => d.error(&l.path, l.line, format!("broken external link {}: HTTP {s}", l.url)),
            Err(e) => d.error(&l.path, l.line, format!("external link {} does not answer: {e}", l.url)),
        }
    }
    d.0
}

fn host_of(url: &str) -> String {
    url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default()
}

/// When each host may be asked next.
struct Turns {
    gap: Duration,
    last: FxHashMap<String, Instant>,
}

impl Turns {
    /// Waits for `host`'s turn and takes it.
    fn wait(&mut self, host: &str) {
        if let Some(t) = self.last.get(host) {
            let since = t.elapsed();
            if since < self.gap {
                std::thread::sleep(self.gap - since);
            }
        }
        self.last.insert(host.to_string(), Instant::now());
    }
}

/// The status `url` ends at, its redirects followed hop by hop, each hop in its host's
/// turn.
fn follow(agent: &ureq::Agent, turns: &mut Turns, url: &str) -> Result<u16, String> {
    let mut url = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let host = host_of(&url);
        turns.wait(&host);
        let mut answer = request(agent, "HEAD", &url);
        if matches!(answer, Ok((405 | 403 | 501, _))) {
            turns.wait(&host);
            answer = request(agent, "GET", &url);
        }
        let (status, location) = answer?;
        let Some(location) = location.filter(|_| matches!(status, 301 | 302 | 303 | 307 | 308)) else {
            return Ok(status);
        };
        let next = url::Url::parse(&url).and_then(|u| u.join(&location)).ok();
        match next.filter(|n| matches!(n.scheme(), "http" | "https")) {
            Some(n) => url = n.to_string(),
            None => {
                return Err(format!(
                    "it redirects to `{}`, which is not a web address",
                    crate::text::strip_controls(&location)
                ))
            }
        }
    }
    Err(format!("more than {MAX_REDIRECTS} redirects"))
}

/// One request: its status, and where it redirects to.
fn request(agent: &ureq::Agent, method: &str, url: &str) -> Result<(u16, Option<String>), String> {
    let res = if method == "HEAD" { agent.head(url).call() } else { agent.get(url).call() };
    match res {
        Ok(r) => {
            let location = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
            Ok((r.status().as_u16(), location))
        }
        Err(ureq::Error::Timeout(_)) => Err("no answer within the timeout".into()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
    }
}
