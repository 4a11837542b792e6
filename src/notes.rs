//! Show notes: a markdown file per episode, optionally opening with front matter: TOML
//! between `+++` lines, or YAML between `---` lines (what Hugo and Jekyll sites have).
//! From it come the front matter, the `# ` title, the hosts' list of news items (the
//! episode's own topics), every link, and the HTML (sanitized unless the site opts out).

use crate::config::line_of;
use crate::diagnostics::Diagnostics;
use crate::model::NoteItem;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// What front matter may set. Anything here wins over what is inferred.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub number: Option<u32>,
    pub date: Option<toml::Value>,
    #[serde(default)]
    pub guests: Vec<String>,
    #[serde(default)]
    pub hosts: Vec<String>,
    pub audio_url: Option<String>,
    /// The audio file's size in bytes (the feed's `enclosure length`).
    pub audio_length: Option<u64>,
    /// The audio's MIME type (`audio/mpeg`), when its extension does not tell.
    pub audio_type: Option<String>,
    /// Seconds, or `"HH:MM:SS"`.
    pub duration: Option<toml::Value>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ShowNotes {
    pub path: PathBuf,
    pub front: FrontMatter,
    /// ISO date from front matter, validated.
    pub date: Option<String>,
    pub duration: Option<u32>,
    /// The first `# ` heading.
    pub heading: Option<String>,
    pub items: Vec<NoteItem>,
    /// (url, link text) for every link, in order.
    pub links: Vec<(String, String)>,
    pub html: String,
    /// What `rules` says about its links (malformed, undefined references), when it was
    /// worked out as the file was read ([`crate::parse_memo`]); `None`: read the file
    /// again to say it.
    pub link_warnings: Option<Vec<crate::diagnostics::Diagnostic>>,
}

/// The longest believable duration: what a timestamp can say (`999:59:59`).
pub const MAX_DURATION: u32 = 999 * 3600 + 59 * 60 + 59;

/// The two front-matter syntaxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Toml,
    Yaml,
}

/// Splits front matter off: `+++` TOML `+++`, or `---` YAML `---` (or `...`). Returns the
/// syntax, the front matter, the body and the body's first line; `Err(fence)` when the
/// front matter is never closed; `Ok(None)` when there is none.
fn split_front_matter(text: &str) -> Result<Option<(Syntax, &str, &str, usize)>, &'static str> {
    let first = text.lines().next().unwrap_or("").trim_end();
    let (syntax, fence, ends): (Syntax, &'static str, &[&str]) = match first {
        "+++" => (Syntax::Toml, "+++", &["+++"]),
        "---" => (Syntax::Yaml, "---", &["---", "..."]),
        _ => return Ok(None),
    };
    let fm_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut pos = fm_start;
    for line in text[fm_start..].split_inclusive('\n') {
        if ends.contains(&line.trim_end()) {
            let body = &text[pos + line.len()..];
            return Ok(Some((syntax, &text[fm_start..pos], body, line_of(text, pos + line.len()))));
        }
        pos += line.len();
    }
    Err(fence)
}

/// The markdown body of show notes (after any front matter) and its byte offset in the file.
pub fn body_of(text: &str) -> (&str, usize) {
    match split_front_matter(text) {
        Ok(Some((_, _, body, _))) => (body, text.len() - body.len()),
        _ => (text, 0),
    }
}

/// The markdown extensions show notes are read with.
pub fn markdown_options() -> Options {
    options()
}

/// 1-based line (in the whole file) of `key` in front matter that starts on line 2.
fn key_line(fm: &str, key: &str) -> Option<usize> {
    fm.lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(['=', ':'])))
        .map(|i| i + 2)
}

fn parse_front(path: &Path, syntax: Syntax, fm: &str, diags: &mut Diagnostics) -> Option<FrontMatter> {
    let parsed = match syntax {
        Syntax::Toml => toml::from_str::<FrontMatter>(fm).map_err(|e| {
            // +1: the opening `+++` line.
            (e.span().map(|s| line_of(fm, s.start) + 1).unwrap_or(1), e.message().to_string())
        }),
        Syntax::Yaml => {
            // An empty block is no front matter, not an error.
            if fm.trim().is_empty() {
                return Some(FrontMatter::default());
            }
            let options = serde_saphyr::options! { with_snippet: false };
            serde_saphyr::from_str_with_options::<FrontMatter>(fm, options).map_err(|e| {
                let line = e.location().map(|l| l.line() as usize + 1).unwrap_or(1);
                (line, yaml_message(&e))
            })
        }
    };
    match parsed {
        Ok(mut f) => {
            clean_front(&mut f);
            Some(f)
        }
        Err((line, message)) => {
            diags.error(path, Some(line), format!("invalid front matter: {message}"));
            None
        }
    }
}

/// A YAML error's message without the position (the diagnostic gives the line).
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("").trim();
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    cut.trim_end_matches(['.', ',']).to_string()
}

/// Removes control characters that escapes (`"\u0007"`) can put in front-matter strings.
fn clean_front(f: &mut FrontMatter) {
    use crate::text::strip_controls_in;
    for s in [&mut f.title, &mut f.audio_url, &mut f.audio_type, &mut f.slug, &mut f.description].into_iter().flatten()
    {
        strip_controls_in(s);
    }
    for s in f.hosts.iter_mut().chain(f.guests.iter_mut()) {
        strip_controls_in(s);
    }
}

/// A duration from front matter: whole seconds, or a `HH:MM:SS` string.
fn duration_value(v: &toml::Value) -> Result<u32, String> {
    let secs = match v {
        toml::Value::Integer(i) if *i < 0 => return Err(format!("duration {i} is negative")),
        toml::Value::Integer(i) => u32::try_from(*i).unwrap_or(u32::MAX),
        toml::Value::Float(f) if *f >= 0.0 && f.fract() == 0.0 && *f <= MAX_DURATION as f64 => *f as u32,
        toml::Value::String(s) => match s.trim().parse::<i64>() {
            Ok(i) => return duration_value(&toml::Value::Integer(i)),
            Err(_) => crate::text::parse_timestamp(s)
                .ok_or_else(|| format!("duration `{s}` is not seconds or \"HH:MM:SS\""))?,
        },
        other => return Err(format!("duration `{other}` is not seconds or \"HH:MM:SS\"")),
    };
    if secs > MAX_DURATION {
        let said = match v {
            toml::Value::Integer(i) => i.to_string(),
            _ => secs.to_string(),
        };
        return Err(format!("duration {said} s is impossible (longer than 999:59:59)"));
    }
    Ok(secs)
}

/// Parses show notes. `unsafe_html` publishes their HTML as written instead of
/// sanitizing it. Links whose URL is not http, https, mailto or relative are dropped
/// with a warning.
pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics, unsafe_html: bool) -> Option<ShowNotes> {
    parse_kept(path, text, diags, unsafe_html, None)
}

/// [`parse`], the body taken from the build cache when `memo` holds it for the file's
/// `bytes` (which `text` was decoded from).
pub fn parse_kept(
    path: &Path,
    text: &str,
    diags: &mut Diagnostics,
    unsafe_html: bool,
    memo: Option<(&crate::parse_memo::ParseMemo, &[u8])>,
) -> Option<ShowNotes> {
    let mut notes = ShowNotes { path: path.to_path_buf(), ..Default::default() };
    let mut body = text;
    match split_front_matter(text) {
        Err(fence) => {
            diags.error(path, Some(1), format!("front matter opened with `{fence}` is never closed; the file is skipped (add a `{fence}` line where the front matter ends)"));
            return None;
        }
        Ok(None) => {}
        Ok(Some((syntax, fm, b, _))) => {
            notes.front = parse_front(path, syntax, fm, diags)?;
            body = b;
            if let Some(d) = &notes.front.date {
                let s = match d {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Datetime(dt) => dt.to_string(),
                    other => other.to_string(),
                };
                match crate::text::parse_iso_date(&s) {
                    Some(iso) => notes.date = Some(iso),
                    None => diags.warn(
                        path,
                        key_line(fm, "date"),
                        format!("front matter date `{s}` is not a YYYY-MM-DD date; it is ignored (write it as `date = 2022-05-03`)"),
                    ),
                }
            }
            if let Some(d) = &notes.front.duration {
                match duration_value(d) {
                    Ok(secs) => notes.duration = Some(secs),
                    Err(why) => diags.warn(path, key_line(fm, "duration"), format!("front matter {why}; it is ignored (write it as `duration = \"00:31:00\"` or `duration = 1860`)")),
                }
            }
            if let Some(u) = notes.front.audio_url.take() {
                if crate::sanitize::is_safe_url(&u) {
                    notes.front.audio_url = Some(u);
                } else {
                    diags.warn(
                        path,
                        key_line(fm, "audio_url"),
                        format!("audio_url `{}` is not an http, https or relative URL; ignored", shown(&u)),
                    );
                }
            }
        }
    }
    let body_at = text.len() - body.len();
    let b = match memo {
        Some((m, bytes)) => {
            let (b, links) = m.body(path, bytes, text, body_at, unsafe_html, diags);
            notes.link_warnings = Some(links);
            b
        }
        None => parse_body(path, text, body_at, unsafe_html, diags),
    };
    notes.html = b.html;
    notes.heading = b.heading;
    notes.items = b.items;
    notes.links = b.links;
    Some(notes)
}

/// What show notes' markdown body gives (everything but the front matter): the part of
/// [`parse`] worth keeping in the build cache ([`crate::parse_memo`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub html: String,
    pub heading: Option<String>,
    pub items: Vec<NoteItem>,
    pub links: Vec<(String, String)>,
}

/// The body of `text` (from byte `body_at`), rendered, sanitized unless `unsafe_html`,
/// its items and safe links; warnings name `path` and lines of `text`.
pub fn parse_body(path: &Path, text: &str, body_at: usize, unsafe_html: bool, diags: &mut Diagnostics) -> Body {
    let body = &text[body_at..];
    let mut notes = Body::default();
    let Rendered { html, heading, links, raw_html } = render_markdown(body);
    notes.html = if unsafe_html { html } else { crate::sanitize::clean_html(&html) };
    if !unsafe_html {
        let mut removed: Vec<String> = Vec::new();
        let mut first = None;
        for (at, h) in &raw_html {
            let r = crate::sanitize::removed_html(h);
            if !r.is_empty() && first.is_none() {
                first = Some(line_of(text, body_at + at));
            }
            for x in r {
                if !removed.contains(&x) {
                    removed.push(x);
                }
            }
        }
        if !removed.is_empty() {
            diags.warn(
                path,
                first,
                format!(
                    "HTML removed from the show notes by the sanitizer ({}); the first is on this line. Write `\\<` for a literal `<`, or set `unsafe_html = true` in shownotes.toml to publish HTML as written",
                    removed.join(", ")
                ),
            );
        }
    }
    notes.heading = heading.map(|h| crate::text::strip_controls(&h).into_owned());
    notes.items = items(body);
    // Links that could run script (`javascript:`) or smuggle a page (`data:`) are dropped
    // from the links, the items and so from chapters and topics, each named once.
    let mut refused: Vec<String> = Vec::new();
    let mut keep = |u: &str| {
        let ok = crate::sanitize::is_safe_url(u);
        if !ok && !refused.iter().any(|r| r == u) {
            refused.push(u.to_string());
        }
        ok
    };
    notes.links = links.into_iter().filter(|(u, _)| keep(u)).collect();
    for it in &mut notes.items {
        it.links.retain(|u| keep(u));
        if it.url.as_deref().is_some_and(|u| !keep(u)) {
            it.url = None;
        }
    }
    for u in refused {
        let line = body.find(&u).map(|at| line_of(text, body_at + at));
        diags.warn(
            path,
            line,
            format!("link to `{}` dropped: only http, https, mailto and relative links are published", shown(&u)),
        );
    }
    notes
}

/// A URL as quoted in a message: control characters removed, long ones cut.
fn shown(u: &str) -> String {
    let u = crate::text::strip_controls(u);
    if u.chars().count() > 80 {
        format!("{}...", u.chars().take(80).collect::<String>())
    } else {
        u.into_owned()
    }
}

/// Show notes rendered: the HTML (not yet sanitized), the title heading taken out of it,
/// (url, text) of every link, and the raw HTML written in the markdown, with offsets.
struct Rendered {
    html: String,
    heading: Option<String>,
    links: Vec<(String, String)>,
    raw_html: Vec<(usize, String)>,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Markdown -> HTML with pulldown-cmark. A leading `# ` heading is taken out (the page
/// shows the title itself) and returned; so are the links.
fn render_markdown(md: &str) -> Rendered {
    let mut raw_html = Vec::new();
    let mut heading = None;
    let mut links = Vec::new();
    let mut events = Vec::new();
    let mut in_h1 = false;
    let mut h1_text = String::new();
    let mut first_block = true;
    let mut skip_h1 = false;
    let mut link: Option<(String, String)> = None;
    for (ev, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match &ev {
            Event::Html(h) | Event::InlineHtml(h) => raw_html.push((range.start, h.to_string())),
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) if heading.is_none() => {
                in_h1 = true;
                skip_h1 = first_block;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_h1 => {
                in_h1 = false;
                heading = Some(h1_text.trim().to_string());
                if skip_h1 {
                    skip_h1 = false;
                    first_block = false;
                    continue;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => link = Some((dest_url.to_string(), String::new())),
            Event::End(TagEnd::Link) => {
                if let Some((u, t)) = link.take() {
                    links.push((u, t.trim().to_string()));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if in_h1 {
                    h1_text.push_str(t);
                }
                if let Some((_, lt)) = link.as_mut() {
                    lt.push_str(t);
                } else {
                    for m in BARE_URL.find_iter(t) {
                        links.push((m.as_str().trim_end_matches(['.', ',', ')', ';', ':']).to_string(), String::new()));
                    }
                }
            }
            _ => {}
        }
        if skip_h1 {
            continue;
        }
        if matches!(ev, Event::Start(_)) {
            first_block = false;
        }
        events.push(ev);
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, heading, links, raw_html }
}

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"https?://[^\s<>\)\]]+").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]+(?:\([^()\s]*\))?[^()\s<>]*)>?(?:\s+\x22[^\x22]*\x22)?\s*\)",
    )
    .unwrap()
});
/// `Brian #1: rest`, `(bonus) Matt #7 - rest`, `Brian#5: rest`
static ITEM_NAME_NUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(bonus\)\s*)?([A-Z][\w.'\x{2019}-]*(?:\s+[A-Z][\w.'\x{2019}-]*)?)\s*#\s*(\d{1,2})(?:\.\d+)?\s*(?:[:.)\x{2013}\x{2014}-]+\s*|\s+|$)(.*)$").unwrap()
});
/// `#1 (Brian): rest`, `#2 Michael: rest`, `#1 Title`
static ITEM_NUM_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#\s?(\d{1,2})\b\s*[:.]?\s*(?:\(([A-Z][a-z]+)\)\s*[:.]?\s*)?(.*)$").unwrap());
static NOT_ITEM_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:extras?\b|jokes?\b|our news|news from us|personal news|follow[- ]?ups?\b|sponsor(?:ed)?\b|connect with|special guest|links?\b|credits\b|transcript\b)").unwrap()
});
const NOT_A_NAME: &[&str] =
    &["Episode", "Issue", "PEP", "Python", "Number", "No", "Item", "Step", "Part", "Chapter", "Tip", "Rule"];

/// Markdown line -> plain text: links become their text, emphasis marks go.
pub fn plain(line: &str) -> String {
    let s = LINK.replace_all(line, "$1");
    let s: String = s.chars().filter(|c| !matches!(c, '*' | '`' | '\\')).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_bullet(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") || t.starts_with("• ") || {
        let d = t.trim_start_matches(|c: char| c.is_ascii_digit());
        d.len() < t.len() && (d.starts_with(". ") || d.starts_with(") "))
    }
}

fn line_links(line: &str) -> Vec<(String, String)> {
    LINK.captures_iter(line)
        .filter(|c| !line[..c.get(0).unwrap().start()].ends_with('!'))
        .map(|c| (plain(&c[1]), c[2].to_string()))
        .collect()
}

/// The news items of a show-notes file: numbered item headers (`**Brian #1:** [title](url)`,
/// `#2 Michael: title`), or standalone bold links (`[**easyargs**](url)`) in early
/// episodes; sponsor lines, Extras and Joke sections are not items.
pub fn items(md: &str) -> Vec<NoteItem> {
    let mut out: Vec<NoteItem> = Vec::new();
    let mut in_item_section = true;
    let mut pending_title = false;
    let mut in_code = false;
    for raw in md.lines() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code || line.is_empty() {
            continue;
        }
        let p = plain(line);
        let bare = p.trim_start_matches('#').trim();
        if pending_title {
            pending_title = false;
            // The title on the next line; a header with bullets right under it is named by
            // its first bullet. Never the next item's header or an Extras/Joke heading.
            let next_header = item_header(line, &p).is_some() || NOT_ITEM_SECTION.is_match(bare);
            if let (false, Some(item)) = (next_header, out.last_mut()) {
                let links = line_links(line);
                let bullet = is_bullet(line);
                let text = bare.trim_start_matches(['-', '*', '+', '\u{2022}', ' ']).trim_end_matches(':').trim();
                item.title = links
                    .first()
                    .filter(|_| !bullet)
                    .map(|l| l.0.clone())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| text.to_string());
                if !bullet {
                    item.url = links.first().map(|l| l.1.clone());
                    item.links.extend(links.into_iter().map(|l| l.1));
                    continue;
                }
            }
        }
        if let Some((rest_plain, rest_raw_links)) = item_header(line, &p) {
            in_item_section = true;
            let links = rest_raw_links;
            // The first link with words: a link on the header's colon alone is no title.
            let named = links.iter().find(|l| l.0.chars().any(char::is_alphanumeric));
            let title =
                named.map(|l| l.0.clone()).unwrap_or_else(|| rest_plain.trim_end_matches(':').trim().to_string());
            pending_title = title.is_empty();
            out.push(NoteItem {
                title,
                url: named.or(links.first()).map(|l| l.1.clone()),
                links: links.into_iter().map(|l| l.1).collect(),
                text: String::new(),
            });
            continue;
        }
        let heading_like =
            line.starts_with('#') || (line.starts_with("**") && !line.contains("](") && !is_bullet(line));
        if heading_like || (!is_bullet(line) && NOT_ITEM_SECTION.is_match(bare)) {
            if NOT_ITEM_SECTION.is_match(bare) || bare.to_ascii_lowercase().starts_with("sponsored by") {
                in_item_section = false;
            } else if bare.to_ascii_lowercase().contains("news") {
                in_item_section = true;
            }
            continue;
        }
        if is_bullet(line) {
            if let Some(item) = out.last_mut() {
                if in_item_section {
                    item.links.extend(line_links(line).into_iter().map(|l| l.1));
                    if !item.text.is_empty() {
                        item.text.push('\n');
                    }
                    item.text.push_str(p.trim_start_matches(['-', '*', '+', '\u{2022}', ' ']));
                }
            }
            continue;
        }
        // A paragraph that is only a (bold) link: an item in early show notes.
        if in_item_section {
            let links = line_links(line);
            if links.len() == 1 {
                let whole = LINK.replace_all(line, "").replace(['*', '_', ' '], "");
                if whole.is_empty() && line.contains("**") {
                    let (t, u) = links.into_iter().next().unwrap();
                    out.push(NoteItem { title: t, url: Some(u.clone()), links: vec![u], text: String::new() });
                }
            }
        }
    }
    for it in &mut out {
        it.title = it.title.trim().trim_end_matches(':').trim().to_string();
        it.links.dedup();
    }
    out.retain(|it| !it.title.is_empty());
    out
}

/// When `line` opens a numbered news item, returns the rest of the header as plain text
/// and the links in it.
fn item_header(line: &str, plain_line: &str) -> Option<(String, Vec<(String, String)>)> {
    if is_bullet(line) {
        return None;
    }
    let candidates = [plain_line, plain_line.trim_start_matches('#').trim_start()];
    for (i, s) in candidates.iter().enumerate() {
        if i == 0 {
            if let Some(c) = ITEM_NUM_FIRST.captures(s) {
                let rest = c.get(3).map_or("", |m| m.as_str());
                let rest = rest.strip_prefix("Brian:").or_else(|| rest.strip_prefix("Michael:")).unwrap_or(rest).trim();
                return Some((rest.to_string(), header_links(line)));
            }
        }
        if let Some(c) = ITEM_NAME_NUM.captures(s) {
            let name = c.get(1).map_or("", |m| m.as_str());
            if NOT_A_NAME.contains(&name.split_whitespace().next().unwrap_or("")) {
                continue;
            }
            return Some((c.get(3).map_or("", |m| m.as_str()).to_string(), header_links(line)));
        }
    }
    None
}

/// Links in an item header, ignoring a link on the host's name. Links to one URL with
/// nothing between them are one link (`[**A**](u)[**ndrew Godwin**](u)` is "Andrew Godwin").
fn header_links(line: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut last: Option<(usize, bool)> = None;
    for c in LINK.captures_iter(line) {
        let m = c.get(0).unwrap();
        if line[..m.start()].ends_with('!') {
            continue;
        }
        let raw = &c[1];
        let (text, url) = (plain(raw), c[2].to_string());
        let spaced = |s: &str| s.trim_matches(['*', '_']).chars().next().is_some_and(char::is_whitespace);
        let touching = last.filter(|(e, _)| line[*e..m.start()].chars().all(|ch| ch == '*' || ch == '_'));
        let ends_spaced = raw.trim_matches(['*', '_']).chars().next_back().is_some_and(char::is_whitespace);
        match (out.last_mut(), touching) {
            (Some(prev), Some((_, prev_spaced))) if prev.1 == url => {
                if (prev_spaced || spaced(raw)) && !text.is_empty() {
                    prev.0.push(' ');
                }
                prev.0.push_str(&text);
            }
            _ if text.contains('#') => {}
            _ => out.push((text, url)),
        }
        last = Some((m.end(), ends_spaced));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(md: &str) -> Vec<String> {
        items(md).into_iter().map(|i| i.title).collect()
    }

    #[test]
    fn python_bytes_items() {
        let md = "# Python Bytes 282\n\nSponsored by **us:**\n\n- Check out the [**courses**](https://training.talkpython.fm/)\n\n**Brian #1:** [**pyscript**](https://pyscript.net)\n\n- via [Jon](https://x.com/jon)\n- see [repo](https://github.com/pyscript/pyscript)\n\n**Michael #2:** [**Memray**](https://github.com/bloomberg/memray) is a memory profiler\n\n**Michael #****4****:** ****[**Pooch: A friend to fetch your data files**](https://www.fatiando.org/pooch)\n\n## Extras\n\n[**not an item**](https://example.com)\n\n**Joke:** [Wizards](https://x.com/j)\n";
        let it = items(md);
        assert_eq!(titles(md), vec!["pyscript", "Memray", "Pooch: A friend to fetch your data files"]);
        assert_eq!(it[0].url.as_deref(), Some("https://pyscript.net"));
        assert_eq!(
            it[0].links,
            vec!["https://pyscript.net", "https://x.com/jon", "https://github.com/pyscript/pyscript"]
        );
    }

    #[test]
    fn early_items_and_other_headers() {
        let md = "Intro text.\n\n## News items\n[**PyData DC 2016 videos are out**](https://youtube.com/x)\n\n- 64 videos\n\n[**easyargs**](https://github.com/stedmeister/easyargs)\n\n- A python module\n";
        assert_eq!(titles(md), vec!["PyData DC 2016 videos are out", "easyargs"]);
        assert_eq!(titles("**#1 (Brian):** [API Star](https://github.com/encode/apistar)\n"), vec!["API Star"]);
        assert_eq!(titles("**Brian #2:**\n[**Title on next line**](https://a.b/c)\n"), vec!["Title on next line"]);
        assert_eq!(titles("## **Calvin #2: [Rich](https://github.com/willmcgugan/rich)**\n"), vec!["Rich"]);
        // A link on the colon alone is not the title.
        let md = "**Michael #4**[**:**](https://e.db/blog) [**pypi.org officially launches**](https://p.org/new)\n";
        assert_eq!(titles(md), vec!["pypi.org officially launches"]);
        assert_eq!(items(md)[0].url.as_deref(), Some("https://p.org/new"));
    }

    #[test]
    fn untitled_headers_and_split_links() {
        // A header without a title is named by its first bullet, never by the next
        // item's header or an Extras heading; its bullets are its text.
        let md = "**Michael #4:** \n\n- These are cool examples.\n\t- [https://github.com/v/pt](https://github.com/v/pt)\n\n**Brian #5:** [**PEP Explorer**](https://x.io/pep)\n\n- by [Anthony](https://x.io/a), `pep` search\n\n**Jousef #6:** \n\n- Point Cloud operations \u{2192} [open3d](http://www.open3d.org/)\n\nExtras:\n\nMichael:\n\n- not an item\n";
        assert_eq!(
            titles(md),
            vec!["These are cool examples.", "PEP Explorer", "Point Cloud operations \u{2192} open3d"]
        );
        let it = items(md);
        assert_eq!(it[0].links, vec!["https://github.com/v/pt"]);
        assert_eq!(it[1].text, "by Anthony, pep search");
        assert_eq!(it[2].text, "Point Cloud operations \u{2192} open3d");
        // One link split in two by formatting.
        assert_eq!(
            titles("**Aly** **#1:** [**A**](https://y.t/v)[**ndrew Godwin - Just Add Await**](https://y.t/v)\n"),
            vec!["Andrew Godwin - Just Add Await"]
        );
        assert_eq!(
            titles("**#5 (Brian): [The Burnout](https://k.org/b)[ by ](https://k.org/b)[Kenneth](https://k.org/b)**\n"),
            vec!["The Burnout by Kenneth"]
        );
    }

    #[test]
    fn front_matter_and_errors() {
        let md = "+++\ntitle = \"Hello\"\nnumber = 42\ndate = 2021-05-12\nduration = \"00:36:04\"\n+++\n# Heading\n\nBody with [a link](https://example.com) and https://bare.example.org/x.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nfoo[^1]\n\n[^1]: note\n";
        let mut d = Diagnostics::default();
        let n = parse(Path::new("n.md"), md, &mut d, false).unwrap();
        assert!(d.0.is_empty(), "{:?}", d.0);
        assert_eq!(n.front.title.as_deref(), Some("Hello"));
        assert_eq!(n.front.number, Some(42));
        assert_eq!(n.date.as_deref(), Some("2021-05-12"));
        assert_eq!(n.duration, Some(2164));
        assert_eq!(n.heading.as_deref(), Some("Heading"));
        assert!(!n.html.contains("<h1>"));
        assert!(n.html.contains("<table>"));
        assert!(n.html.contains("footnote"));
        assert_eq!(n.links[0], ("https://example.com".into(), "a link".into()));
        assert_eq!(n.links[1].0, "https://bare.example.org/x");

        let mut d = Diagnostics::default();
        assert!(parse(Path::new("n.md"), "+++\ntitle = \"x\"\nnumber = \"forty\"\n+++\nbody", &mut d, false).is_none());
        assert_eq!(d.0[0].line, Some(3), "{}", d.0[0]);
        let mut d = Diagnostics::default();
        assert!(parse(Path::new("n.md"), "+++\ntitle = \"x\"\nbody", &mut d, false).is_none());
        assert!(d.0[0].message.contains("never closed"));
    }

    #[test]
    fn yaml_front_matter() {
        let md = "---\ntitle: \"Hello: YAML\"\nnumber: 42\ndate: 2021-05-12\ndraft: true\nhosts:\n  - Ann Host\nguests: [Bo Guest]\nduration: \"00:36:04\"\naudio_url: https://cdn.example.com/42.mp3\n---\n# Heading\n\nBody.\n";
        let mut d = Diagnostics::default();
        let n = parse(Path::new("n.md"), md, &mut d, false).unwrap();
        assert!(d.0.is_empty(), "{:?}", d.0);
        assert_eq!(n.front.title.as_deref(), Some("Hello: YAML"));
        assert_eq!(n.front.number, Some(42));
        assert!(n.front.draft);
        assert_eq!(n.date.as_deref(), Some("2021-05-12"));
        assert_eq!(n.duration, Some(2164));
        assert_eq!(n.front.hosts, vec!["Ann Host"]);
        assert_eq!(n.front.guests, vec!["Bo Guest"]);
        assert_eq!(n.front.audio_url.as_deref(), Some("https://cdn.example.com/42.mp3"));
        assert!(!n.html.contains("draft") && n.html.contains("Body."), "{}", n.html);

        let mut d = Diagnostics::default();
        assert!(parse(Path::new("n.md"), "---\ntitle: x\nnumber: forty\n---\nbody", &mut d, false).is_none());
        assert_eq!(d.0[0].line, Some(3), "{}", d.0[0]);
        assert!(d.0[0].message.starts_with("invalid front matter"), "{}", d.0[0]);
        let mut d = Diagnostics::default();
        assert!(parse(Path::new("n.md"), "---\ntitle: x\nbody", &mut d, false).is_none());
        assert!(d.0[0].message.contains("`---` is never closed"), "{}", d.0[0]);
        let mut d = Diagnostics::default();
        assert!(parse(Path::new("n.md"), "---\nlayout: post\n---\nbody", &mut d, false).is_none());
        assert!(d.0[0].message.contains("layout"), "{}", d.0[0]);
        // A billion laughs, and nesting deep enough to overflow a naive parser's stack.
        let mut laughs = vec![r#"&a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#.to_string()];
        for i in 1..10 {
            laughs.push(format!("&a{i} [{}]", vec![format!("*a{}", i - 1); 9].join(",")));
        }
        for fm in
            [format!("date: [{}]", laughs.join(", ")), format!("date: {}{}", "[".repeat(100_000), "]".repeat(100_000))]
        {
            let mut d = Diagnostics::default();
            assert!(parse(Path::new("n.md"), &format!("---\n{fm}\n---\nbody"), &mut d, false).is_none());
            assert!(d.0[0].message.starts_with("invalid front matter"), "{}", d.0[0]);
        }
    }

    #[test]
    fn impossible_durations_and_unsafe_urls_are_warned_with_lines() {
        let md = "+++\ntitle = \"x\"\nduration = 99999999999\naudio_url = \"javascript:alert(1)\"\n+++\n[ok](https://ok.example) [bad](javascript:alert(1))\n\n**Brian #1:** [Evil](vbscript:msgbox)\n";
        let mut d = Diagnostics::default();
        let n = parse(Path::new("n.md"), md, &mut d, false).unwrap();
        assert_eq!(n.duration, None);
        assert_eq!(n.front.audio_url, None);
        let lines: Vec<(Option<usize>, &str)> = d.0.iter().map(|x| (x.line, x.message.as_str())).collect();
        assert!(lines.iter().any(|(l, m)| *l == Some(3) && m.contains("99999999999 s is impossible")), "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == Some(4) && m.contains("audio_url")), "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == Some(6) && m.contains("javascript:alert(1)")), "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == Some(8) && m.contains("vbscript:msgbox")), "{lines:?}");
        assert_eq!(n.links, vec![("https://ok.example".to_string(), "ok".to_string())]);
        assert_eq!(n.items[0].title, "Evil");
        assert_eq!(n.items[0].url, None);
        assert!(!n.html.contains("javascript") && n.html.contains("https://ok.example"), "{}", n.html);
        let mut d = Diagnostics::default();
        let raw =
            parse(Path::new("n.md"), "<iframe src=\"https://player.example/1\"></iframe>\n", &mut d, true).unwrap();
        assert!(raw.html.contains("<iframe"), "unsafe_html keeps raw HTML: {}", raw.html);
    }
}
