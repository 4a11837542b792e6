//! `shownotes import FEED`: a podcast's own feed (RSS 2.0 with the iTunes and Podcasting
//! 2.0 tags, or Atom) into the site's `episodes.csv`, so the true titles, dates,
//! descriptions and audio need not be typed again.
//!
//! read (a file, or a URL) -> parse (feed-rs; roxmltree for the line of an XML error and
//! the few tags feed-rs leaves out) -> pair each item with an episode on disk (by number,
//! then by title against the file name) -> merge into the file's rows (a value the user
//! typed stays, unless `--overwrite`) -> write atomically.

use crate::build::{BuildError, EpisodeOnDisk};
use crate::episodes_file::format_duration;
use crate::model::EpisodeType;
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The largest feed read (a feed of thousands of episodes with full show notes is tens
/// of megabytes).
const MAX_FEED_BYTES: u64 = 256 * 1024 * 1024;

/// How alike a feed title and a file name must be to pair (Sørensen-Dice on letter
/// pairs, 0..1).
const TITLE_SIMILARITY: f64 = 0.6;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source} (FEED is the feed's file, or its http(s) URL)")]
    Read { path: String, source: std::io::Error },
    #[error("cannot fetch {url}: {message} (check the URL, or download the feed and import the file)")]
    Fetch { url: String, message: String },
    #[error("{0}")]
    TooBig(String),
    #[error("{shown}: {message}")]
    Feed { shown: String, message: String },
    #[error(transparent)]
    Site(#[from] BuildError),
    #[error(
        "{0}: this site keeps its episodes in a TOML file, and `shownotes import` writes episodes.csv; \
         move the rows to episodes.csv (or import into a copy of the site and move them back)"
    )]
    Toml(PathBuf),
    #[error("{path}:{line}: {message}")]
    Csv { path: PathBuf, line: usize, message: String },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

/// One feed item, as the episodes file's columns hold it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedItem {
    /// Line of the item in the feed, when it is XML.
    pub line: Option<usize>,
    pub number: Option<u32>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`, the date as the feed writes it (not moved to UTC).
    pub date: Option<String>,
    /// Plain text (the feed's HTML is reduced to its words).
    pub description: Option<String>,
    pub audio: Option<String>,
    pub audio_type: Option<String>,
    pub audio_length: Option<u64>,
    /// Seconds.
    pub duration: Option<u32>,
    pub season: Option<u32>,
    pub episode_type: Option<EpisodeType>,
    pub hosts: Vec<String>,
    pub guests: Vec<String>,
}

impl FeedItem {
    /// How the item is named in messages: `#12 "Title" (line 40)`.
    pub fn shown(&self) -> String {
        let mut s = String::new();
        if let Some(n) = self.number {
            s.push_str(&format!("#{n} "));
        }
        s.push_str(&format!("\"{}\"", self.title.as_deref().unwrap_or("(no title)")));
        if let Some(l) = self.line {
            s.push_str(&format!(" (line {l})"));
        }
        s
    }

    /// The item's values by column, as CSV cells.
    fn cells(&self) -> Vec<(&'static str, Option<String>)> {
        let names = |v: &[String]| (!v.is_empty()).then(|| v.join("; "));
        vec![
            ("number", self.number.map(|n| n.to_string())),
            ("title", self.title.clone()),
            ("date", self.date.clone()),
            ("hosts", names(&self.hosts)),
            ("guests", names(&self.guests)),
            ("audio", self.audio.clone()),
            ("audio_type", self.audio_type.clone()),
            ("audio_length", self.audio_length.map(|n| n.to_string())),
            ("duration", self.duration.map(format_duration)),
            ("season", self.season.map(|n| n.to_string())),
            ("episode_type", self.episode_type.map(|t| t.as_str().to_string())),
            ("description", self.description.clone()),
        ]
    }
}

/// Reads FEED: an http(s) URL is fetched, anything else is a file.
pub fn fetch(feed: &str) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let too_big = || ImportError::TooBig(format!("{feed}: more than {} MB; is this a feed?", MAX_FEED_BYTES >> 20));
    if feed.starts_with("http://") || feed.starts_with("https://") {
        let fail = |e: ureq::Error| ImportError::Fetch { url: feed.to_string(), message: e.to_string() };
        let agent: ureq::Agent =
            ureq::Agent::config_builder().timeout_global(Some(std::time::Duration::from_secs(60))).build().into();
        let mut resp = agent.get(feed).header("User-Agent", "shownotes import").call().map_err(fail)?;
        let bytes = resp.body_mut().with_config().limit(MAX_FEED_BYTES).read_to_vec().map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => too_big(),
            e => fail(e),
        })?;
        return Ok(bytes);
    }
    let read = |source| ImportError::Read { path: feed.to_string(), source };
    let mut bytes = Vec::new();
    std::fs::File::open(feed).map_err(read)?.take(MAX_FEED_BYTES + 1).read_to_end(&mut bytes).map_err(read)?;
    if bytes.len() as u64 > MAX_FEED_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// 1-based line of a byte offset.
fn line_at(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// What feed-rs leaves out, read from the XML tree: each item's line, its date as
/// written, `itunes:episodeType`, `itunes:duration` as written (feed-rs reads `47:12` as
/// 47 s) and `podcast:person` (feed-rs 3 drops an item's people when the item has no
/// other Podcasting 2.0 tag).
#[derive(Default)]
struct RawItem {
    line: usize,
    date: Option<String>,
    episode_type: Option<String>,
    duration: Option<u32>,
    /// (role, name)
    people: Vec<(String, String)>,
    /// Atom's `<link rel="enclosure">`: URL, type, length (feed-rs keeps no length).
    atom_enclosure: Option<(String, Option<String>, Option<u64>)>,
}

fn raw_items(text: &str, shown: &str) -> Result<Vec<RawItem>, ImportError> {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(text, opts).map_err(|e| ImportError::Feed {
        shown: format!("{shown}:{}", e.pos().row),
        message: format!(
            "not well-formed XML, so not a feed shownotes can read: {e}; fix the feed there (a podcast host's feed is usually fine: check that FEED is the feed, not a web page)"
        ),
    })?;
    let items = doc.descendants().filter(|n| n.is_element() && matches!(n.tag_name().name(), "item" | "entry"));
    Ok(items
        .map(|n| {
            let child = |names: &[&str]| {
                n.children()
                    .find(|c| c.is_element() && names.contains(&c.tag_name().name()) && !is_itunes(c))
                    .and_then(|c| c.text())
                    .map(|t| t.trim().to_string())
            };
            let itunes = |name: &str| {
                n.children()
                    .find(|c| c.is_element() && c.tag_name().name() == name && is_itunes(c))
                    .and_then(|c| c.text())
                    .map(|t| t.trim().to_string())
            };
            let people = n
                .children()
                .filter(|c| {
                    c.is_element()
                        && c.tag_name().name() == "person"
                        && c.tag_name().namespace().is_some_and(|ns| ns.contains("podcastindex"))
                })
                .filter_map(|c| {
                    let name = html_text(c.text()?);
                    let role = c.attribute("role").unwrap_or("host").trim().to_lowercase();
                    (!name.is_empty()).then_some((role, name))
                })
                .collect();
            let atom_enclosure = n
                .children()
                .find(|c| c.has_tag_name("link") && c.attribute("rel") == Some("enclosure"))
                .and_then(|c| {
                    Some((
                        c.attribute("href")?.trim().to_string(),
                        c.attribute("type").map(str::to_string),
                        c.attribute("length").and_then(|l| l.trim().parse().ok()),
                    ))
                });
            RawItem {
                atom_enclosure,
                line: doc.text_pos_at(n.range().start).row as usize,
                date: child(&["pubDate", "published", "updated", "date"]),
                episode_type: itunes("episodeType"),
                duration: itunes("duration")
                    .and_then(|d| crate::episodes_file::parse_duration(d.split('.').next().unwrap_or(""))),
                people,
            }
        })
        .collect())
}

fn is_itunes(n: &roxmltree::Node) -> bool {
    n.tag_name().namespace().is_some_and(|ns| ns.contains("itunes"))
}

/// Parses a feed; `shown` names it in errors.
pub fn parse(bytes: &[u8], shown: &str) -> Result<Vec<FeedItem>, ImportError> {
    let text = String::from_utf8_lossy(bytes);
    let json = text.trim_start_matches('\u{feff}').trim_start().starts_with('{');
    let raw = if json { Vec::new() } else { raw_items(&text, shown)? };
    let feed = feed_rs::parser::Builder::new().sanitize_content(false).build().parse(bytes).map_err(|e| {
        use feed_rs::parser::{ParseErrorKind as K, ParseFeedError as E};
        let at = match &e {
            E::ParseError(
                K::UnknownMimeType { position, .. }
                | K::MissingContent { position, .. }
                | K::UnknownEnumVariant { position, .. }
                | K::IllegalState { position, .. },
            ) => Some(line_at(bytes, *position as usize)),
            _ => None,
        };
        ImportError::Feed {
            shown: at.map_or_else(|| shown.to_string(), |l| format!("{shown}:{l}")),
            message: format!(
                "not a feed shownotes can read ({e}); FEED must be an RSS 2.0, Atom or JSON feed: fix the feed there"
            ),
        }
    })?;
    let same_order = raw.len() == feed.entries.len();
    Ok(feed.entries.into_iter().enumerate().map(|(i, e)| item(e, same_order.then(|| &raw[i]))).collect())
}

fn item(e: feed_rs::model::Entry, raw: Option<&RawItem>) -> FeedItem {
    let media = &e.media;
    // `itunes:title` is the title without the show's numbering; else the item's title.
    let title = media
        .iter()
        .find_map(|m| m.title.as_ref())
        .or(e.title.as_ref())
        .map(|t| html_text(&t.content))
        .filter(|t| !t.is_empty());
    let item_title = e.title.as_ref().map(|t| html_text(&t.content));
    let number = media
        .iter()
        .find_map(|m| m.episode.as_ref())
        .map(|ep| ep.number)
        .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n < u32::MAX as f32)
        .map(|n| n as u32)
        .or_else(|| item_title.as_deref().and_then(title_number));
    let content = media.iter().flat_map(|m| &m.content).find(|c| c.url.is_some());
    let atom = raw.and_then(|r| r.atom_enclosure.clone()).filter(|_| content.is_none());
    let enclosure_url =
        content.and_then(|c| c.url.as_ref()).map(|u| u.to_string()).or(atom.as_ref().map(|a| a.0.clone()));
    // `podcast:person`, from feed-rs where it kept them, else from the tree.
    let mut everyone: Vec<(String, String)> = media
        .iter()
        .flat_map(|m| &m.people)
        .map(|p| (format!("{:?}", p.role).to_lowercase(), p.name.trim().to_string()))
        .collect();
    if everyone.is_empty() {
        everyone = raw.map(|r| r.people.clone()).unwrap_or_default();
    }
    let people = |roles: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for (_, name) in everyone.iter().filter(|(r, _)| roles.contains(&r.as_str())) {
            if !name.is_empty() && !v.contains(name) {
                v.push(name.clone());
            }
        }
        v
    };
    let hosts = people(&["host", "cohost", "co-host"]);
    let description = e
        .summary
        .as_ref()
        .map(|s| s.content.clone())
        .or_else(|| e.content.as_ref().and_then(|c| c.body.clone()))
        .or_else(|| media.iter().find_map(|m| m.description.as_ref()).map(|d| d.content.clone()))
        .map(|h| html_text(&h))
        .filter(|d| !d.is_empty());
    let date = raw
        .and_then(|r| r.date.as_deref())
        .and_then(written_date)
        .or_else(|| e.published.or(e.updated).map(|d| d.format("%Y-%m-%d").to_string()));
    FeedItem {
        line: raw.map(|r| r.line),
        number,
        title,
        date,
        description,
        audio: enclosure_url,
        audio_type: content
            .and_then(|c| c.content_type.as_ref())
            .map(|t| t.to_string())
            .or(atom.as_ref().and_then(|a| a.1.clone())),
        audio_length: content.and_then(|c| c.size).or(atom.as_ref().and_then(|a| a.2)).filter(|&n| n > 0),
        duration: raw
            .and_then(|r| r.duration)
            .or_else(|| {
                media
                    .iter()
                    .find_map(|m| m.duration)
                    .or_else(|| content.and_then(|c| c.duration))
                    .map(|d| d.as_secs().min(u32::MAX as u64) as u32)
            })
            .filter(|&d| d > 0),
        season: media.iter().find_map(|m| m.season.as_ref()).map(|s| s.number),
        episode_type: raw.and_then(|r| r.episode_type.as_deref()).and_then(|t| match t.to_ascii_lowercase().as_str() {
            "full" => Some(EpisodeType::Full),
            "bonus" => Some(EpisodeType::Bonus),
            "trailer" => Some(EpisodeType::Trailer),
            _ => None,
        }),
        guests: people(&["guest"]).into_iter().filter(|g| !hosts.contains(g)).collect(),
        hosts,
    }
}

/// The words of an HTML fragment, one paragraph: what `description` holds (the site
/// escapes it; it is no markup).
pub fn html_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let frag = scraper::Html::parse_fragment(html);
    let mut out = String::new();
    for node in frag.tree.root().descendants() {
        match node.value() {
            scraper::Node::Text(t) => {
                let code = node
                    .parent()
                    .and_then(|p| p.value().as_element())
                    .is_some_and(|e| matches!(e.name(), "script" | "style"));
                if !code {
                    out.push_str(t)
                }
            }
            // Block ends and line breaks separate words.
            scraper::Node::Element(el)
                if matches!(el.name(), "p" | "br" | "li" | "div" | "h1" | "h2" | "h3" | "h4" | "tr" | "td") =>
            {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

static TITLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:episode|ep\.?)\s*#?\s*|#\s*)?(\d{1,5})\s*(?:[:.|\-\u{2013}\u{2014}]|$)|\b(?:episode|ep\.?)\s*#?\s*(\d{1,5})\b|#(\d{1,5})\b").unwrap()
});

/// The number a title states: `#217: ...`, `217 - ...`, `Episode 217`, `Ep. 217`.
pub fn title_number(title: &str) -> Option<u32> {
    let c = TITLE_NUMBER.captures(title)?;
    c.get(1).or(c.get(2)).or(c.get(3))?.as_str().parse().ok()
}

static RFC822_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4}|\d{2})\b").unwrap());

/// The date a feed writes, as written (an item published at 23:30 in -0700 is of that
/// day, not of the next one in UTC): RFC 822 (`Tue, 3 May 2022 23:30 PDT`, any zone,
/// seconds or not) or ISO 8601 (`2022-05-03T23:30:00-07:00`).
pub fn written_date(s: &str) -> Option<String> {
    if let Some(d) = crate::text::parse_iso_date(s) {
        return Some(d);
    }
    let c = RFC822_DATE.captures(s)?;
    let day: u32 = c[1].parse().ok()?;
    let month = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .iter()
        .position(|m| c[2].to_ascii_lowercase().starts_with(m))?
        + 1;
    let mut year: u32 = c[3].parse().ok()?;
    if year < 100 {
        year += if year < 70 { 2000 } else { 1900 };
    }
    crate::text::parse_iso_date(&format!("{year:04}-{month:02}-{day:02}"))
}

/// How an item found its episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PairedBy {
    Number,
    Title,
}

/// Feed items matched with the episodes on disk.
#[derive(Debug, Default)]
pub struct Pairing {
    /// (item, episode, how), in the items' order.
    pub pairs: Vec<(usize, usize, PairedBy)>,
    pub lone_items: Vec<usize>,
    pub lone_episodes: Vec<usize>,
}

/// Letters and digits of a title or file name, lower case, one space between words.
fn words(s: &str) -> String {
    let s: String = s.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { ' ' }).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pairs items with episodes: the same number first; then, among those left, the most
/// alike title and file name (best pairs first, each at least [`TITLE_SIMILARITY`]).
pub fn pair(items: &[FeedItem], episodes: &[EpisodeOnDisk]) -> Pairing {
    let mut item_done = vec![false; items.len()];
    let mut ep_done = vec![false; episodes.len()];
    let mut pairs = Vec::new();
    let mut by_number: std::collections::BTreeMap<u32, usize> = Default::default();
    for (j, e) in episodes.iter().enumerate() {
        if let Some(n) = e.number {
            by_number.entry(n).or_insert(j);
        }
    }
    for (i, it) in items.iter().enumerate() {
        if let Some(&j) = it.number.and_then(|n| by_number.get(&n)) {
            if !ep_done[j] {
                ep_done[j] = true;
                item_done[i] = true;
                pairs.push((i, j, PairedBy::Number));
            }
        }
    }
    // An episode whose file name is only a number or a hash has no words to compare.
    let name_words: Vec<String> = episodes
        .iter()
        .map(|e| {
            let rest = crate::discover::stem_rest(&e.stem);
            if crate::discover::hashlike(rest) {
                String::new()
            } else {
                words(rest)
            }
        })
        .collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, it) in items.iter().enumerate().filter(|(i, _)| !item_done[*i]) {
        let Some(t) = it.title.as_deref().map(words).filter(|t| !t.is_empty()) else { continue };
        for (j, w) in name_words.iter().enumerate().filter(|(j, w)| !ep_done[*j] && !w.is_empty()) {
            let score = strsim::sorensen_dice(&t, w);
            if score >= TITLE_SIMILARITY {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if !item_done[i] && !ep_done[j] {
            item_done[i] = true;
            ep_done[j] = true;
            pairs.push((i, j, PairedBy::Title));
        }
    }
    pairs.sort();
    Pairing {
        pairs,
        lone_items: (0..items.len()).filter(|&i| !item_done[i]).collect(),
        lone_episodes: (0..episodes.len()).filter(|&j| !ep_done[j]).collect(),
    }
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// The episodes file written, as shown.
    pub path: PathBuf,
    pub items: Vec<FeedItem>,
    pub episodes: Vec<EpisodeOnDisk>,
    pub pairing: Pairing,
    pub added_rows: usize,
    pub filled: usize,
    /// Cells the user had typed that differ from the feed and were kept.
    pub kept: usize,
    pub replaced: usize,
}

/// A CSV table kept as the user wrote it: every column and row, in order.
struct Table {
    delimiter: u8,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| {
            let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
            h == name || (name == "audio" && h == "audio_url")
        })
    }

    fn column_or_add(&mut self, name: &str) -> usize {
        self.column(name).unwrap_or_else(|| {
            self.header.push(name.to_string());
            self.header.len() - 1
        })
    }
}

fn read_table(path: &Path) -> Result<Table, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read { path: path.display().to_string(), source })?;
    let text = crate::text::decode(&bytes)
        .map_err(|e| ImportError::Csv { path: path.to_path_buf(), line: 1, message: e.to_string() })?
        .0;
    let first = text.lines().next().unwrap_or("");
    let delimiter = if !first.contains(',') && first.contains(';') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| ImportError::Csv {
            path: path.to_path_buf(),
            line: e.position().map_or(1, |p| p.line() as usize),
            message: format!("not valid CSV: {e}; fix it there, then import again"),
        })?;
        records.push(r.iter().map(String::from).collect::<Vec<_>>());
    }
    let mut rows = records.into_iter();
    let header = rows.next().unwrap_or_default();
    Ok(Table { delimiter, header, rows: rows.collect() })
}

/// Merges the paired items into the table: a row per episode (found by `file`, else by
/// number; added when there is none), each empty cell filled, a typed one replaced only
/// with `overwrite`.
fn merge(table: &mut Table, report: &mut ImportReport, overwrite: bool) {
    let width = |t: &Table| t.header.len();
    let number_col = table.column_or_add("number");
    let mut file_col = table.column("file");
    for &(i, j, by) in &report.pairing.pairs {
        let item = &report.items[i];
        let ep = &report.episodes[j];
        let file = ep.file.to_string_lossy().replace('\\', "/");
        let found = table.rows.iter().position(|r| {
            let cell = |c: Option<usize>| c.and_then(|c| r.get(c)).map(|s| s.trim()).unwrap_or("");
            let f = cell(file_col);
            if !f.is_empty() {
                return f.replace('\\', "/") == file;
            }
            let n = cell(Some(number_col)).trim_start_matches('#').trim().parse::<u32>().ok();
            n.is_some() && n == ep.number.or(item.number) && by == PairedBy::Number
        });
        let r = match found {
            Some(r) => r,
            None => {
                let mut row = vec![String::new(); width(table)];
                // Paired by title: the row names the file, whose number may differ.
                if by == PairedBy::Title {
                    let c = *file_col.get_or_insert_with(|| table.column_or_add("file"));
                    row.resize(width(table), String::new());
                    row[c] = file.clone();
                }
                table.rows.push(row);
                report.added_rows += 1;
                table.rows.len() - 1
            }
        };
        for (name, value) in item.cells() {
            let Some(value) = value else { continue };
            let c = table.column_or_add(name);
            let w = width(table);
            let row = &mut table.rows[r];
            if row.len() < w {
                row.resize(w, String::new());
            }
            let cell = row[c].trim();
            if cell.is_empty() {
                row[c] = value;
                report.filled += 1;
            } else if cell != value {
                if overwrite {
                    row[c] = value;
                    report.replaced += 1;
                } else {
                    report.kept += 1;
                }
            }
        }
    }
    let w = width(table);
    for row in &mut table.rows {
        row.resize(w.max(row.len()), String::new());
    }
}

/// Writes the table beside its path and renames it into place: a reader never sees half
/// a file, and an interrupted import leaves the old one.
fn write_table(path: &Path, table: &Table) -> Result<(), ImportError> {
    let err = |source| ImportError::Write { path: path.to_path_buf(), source };
    let mut w = csv::WriterBuilder::new().delimiter(table.delimiter).flexible(true).from_writer(Vec::new());
    for r in std::iter::once(&table.header).chain(&table.rows) {
        w.write_record(r).map_err(|e| err(e.into()))?;
    }
    let bytes = w.into_inner().map_err(|e| err(e.into_error()))?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    std::io::Write::write_all(&mut tmp, &bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// `shownotes import FEED [--overwrite]` for the site in `root`.
pub fn import(root: &Path, feed: &str, overwrite: bool) -> Result<ImportReport, ImportError> {
    let bytes = fetch(feed)?;
    let items = parse(&bytes, feed)?;
    let (config, episodes) = crate::build::episodes_on_disk(root)?;
    let path = if config.episodes_file.as_os_str().is_empty() {
        let toml = root.join("episodes.toml");
        if toml.is_file() {
            return Err(ImportError::Toml(crate::build::shown(&toml)));
        }
        root.join("episodes.csv")
    } else {
        root.join(&config.episodes_file)
    };
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        return Err(ImportError::Toml(crate::build::shown(&path)));
    }
    let mut table = if path.is_file() {
        read_table(&path)?
    } else {
        Table { delimiter: b',', header: vec!["number".into(), "title".into(), "date".into()], rows: Vec::new() }
    };
    let pairing = pair(&items, &episodes);
    let mut report = ImportReport { path: crate::build::shown(&path), items, episodes, pairing, ..Default::default() };
    merge(&mut table, &mut report, overwrite);
    write_table(&path, &table)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_written_in_any_zone() {
        assert_eq!(written_date("Tue, 03 May 2022 23:30:00 -0700").as_deref(), Some("2022-05-03"));
        assert_eq!(written_date("Tue, 3 May 2022 23:30 PDT").as_deref(), Some("2022-05-03"));
        assert_eq!(written_date("3 Sept 2021 10:00 EST").as_deref(), Some("2021-09-03"));
        assert_eq!(written_date("2022-05-03T23:30:00-07:00").as_deref(), Some("2022-05-03"));
        assert_eq!(written_date("Wed, 01 Jan 20 00:00 GMT").as_deref(), Some("2020-01-01"));
        assert_eq!(written_date("someday"), None);
    }

    #[test]
    fn numbers_in_titles() {
        assert_eq!(title_number("#217: Migrating 3.8M lines"), Some(217));
        assert_eq!(title_number("217 - Migrating"), Some(217));
        assert_eq!(title_number("Episode 42: the answer"), Some(42));
        assert_eq!(title_number("The show, Ep. 7"), Some(7));
        assert_eq!(title_number("Python 3.12 is here"), None);
        assert_eq!(title_number("3 ways to test"), None);
    }

    #[test]
    fn html_to_words() {
        assert_eq!(html_text("<p>Hello <b>there</b> &amp; welcome.</p><p>Second</p>"), "Hello there & welcome. Second");
        assert_eq!(html_text("plain   text"), "plain text");
        assert_eq!(html_text("a<br>b<script>x</script>"), "a b");
    }
}
