//! Show notes: a markdown file per episode, optionally opening with TOML front matter
//! between `+++` lines. From it come the front matter, the `# ` title, the hosts' list of
//! news items (the episode's own topics), every link, and the rendered HTML.

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
}

/// Splits `+++ toml +++` front matter off; returns (front matter, body, body's first line).
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest.strip_prefix('\n')?;
    let end = rest.find("\n+++").map(|i| i + 1).or_else(|| rest.starts_with("+++").then_some(0))?;
    let fm = &rest[..end];
    let after = &rest[end + 3..];
    let body = after.strip_prefix('\n').unwrap_or(after);
    Some((fm, body, line_of(text, text.len() - body.len())))
}

pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<ShowNotes> {
    let mut notes = ShowNotes { path: path.to_path_buf(), ..Default::default() };
    let mut body = text;
    if text.starts_with("+++") {
        let Some((fm, b, _)) = split_front_matter(text) else {
            diags.error(path, Some(1), "front matter opened with `+++` is never closed; the file is skipped (add a `+++` line where the front matter ends)");
            return None;
        };
        match toml::from_str::<FrontMatter>(fm) {
            Ok(f) => notes.front = f,
            Err(e) => {
                // +1: the opening `+++` line.
                let line = e.span().map(|s| line_of(fm, s.start) + 1).unwrap_or(1);
                diags.error(path, Some(line), format!("invalid front matter: {}; the file is skipped (the guide's Content chapter lists every front matter key)", e.message().trim_end()));
                return None;
            }
        }
        body = b;
        if let Some(d) = &notes.front.date {
            let s = match d {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(dt) => dt.to_string(),
                other => other.to_string(),
            };
            match crate::text::parse_iso_date(&s) {
                Some(iso) => notes.date = Some(iso),
                None => diags.warn(path, None, format!("front matter date `{s}` is not a YYYY-MM-DD date; it is ignored (write it as `date = 2022-05-03`)")),
            }
        }
        if let Some(d) = &notes.front.duration {
            notes.duration = match d {
                toml::Value::Integer(i) if *i >= 0 => Some(*i as u32),
                toml::Value::String(s) => crate::text::parse_timestamp(s),
                _ => None,
            };
            if notes.duration.is_none() {
                diags.warn(path, None, "front matter duration must be seconds or \"HH:MM:SS\"; it is ignored (write it as `duration = \"00:31:00\"` or `duration = 1860`)");
            }
        }
    }
    let (html, heading, links) = render_markdown(body);
    notes.html = html;
    notes.heading = heading;
    notes.links = links;
    notes.items = items(body);
    Some(notes)
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Markdown -> HTML with pulldown-cmark. A leading `# ` heading is taken out (the page
/// shows the title itself) and returned; so are the links.
fn render_markdown(md: &str) -> (String, Option<String>, Vec<(String, String)>) {
    let mut heading = None;
    let mut links = Vec::new();
    let mut events = Vec::new();
    let mut in_h1 = false;
    let mut h1_text = String::new();
    let mut first_block = true;
    let mut skip_h1 = false;
    let mut link: Option<(String, String)> = None;
    for ev in Parser::new_ext(md, options()) {
        match &ev {
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
    (html, heading, links)
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
        if pending_title && !is_bullet(line) {
            pending_title = false;
            if let Some(item) = out.last_mut() {
                let links = line_links(line);
                item.title = links
                    .first()
                    .map(|l| l.0.clone())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| bare.trim_end_matches(':').to_string());
                item.url = links.first().map(|l| l.1.clone());
                item.links.extend(links.into_iter().map(|l| l.1));
                continue;
            }
        }
        if let Some((rest_plain, rest_raw_links)) = item_header(line, &p) {
            in_item_section = true;
            let links = rest_raw_links;
            let title = links
                .first()
                .map(|l| l.0.clone())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| rest_plain.trim_end_matches(':').trim().to_string());
            pending_title = title.is_empty();
            out.push(NoteItem {
                title,
                url: links.first().map(|l| l.1.clone()),
                links: links.into_iter().map(|l| l.1).collect(),
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
                    out.push(NoteItem { title: t, url: Some(u.clone()), links: vec![u] });
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

/// Links in an item header, ignoring a link on the host's name.
fn header_links(line: &str) -> Vec<(String, String)> {
    line_links(line).into_iter().filter(|(t, _)| !t.contains('#')).collect()
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
    }

    #[test]
    fn front_matter_and_errors() {
        let md = "+++\ntitle = \"Hello\"\nnumber = 42\ndate = 2021-05-12\nduration = \"00:36:04\"\n+++\n# Heading\n\nBody with [a link](https://example.com) and https://bare.example.org/x.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nfoo[^1]\n\n[^1]: note\n";
        let mut d = Diagnostics::default();
        let n = parse(Path::new("n.md"), md, &mut d).unwrap();
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
        assert!(parse(Path::new("n.md"), "+++\ntitle = \"x\"\nnumber = \"forty\"\n+++\nbody", &mut d).is_none());
        assert_eq!(d.0[0].line, Some(3), "{}", d.0[0]);
        let mut d = Diagnostics::default();
        assert!(parse(Path::new("n.md"), "+++\ntitle = \"x\"\nbody", &mut d).is_none());
        assert!(d.0[0].message.contains("never closed"));
    }
}
