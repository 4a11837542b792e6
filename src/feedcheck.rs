//! The rules podcast apps apply to a feed, checked on the feed a build writes
//! (`feed.xml`): Apple Podcasts' required and recommended tags and the Podcasting 2.0
//! namespace's. `build` sums up what apps would refuse in one warning; `check --feed`
//! names each problem with its line and fix. The feed is read back with a real XML
//! parser (roxmltree, namespaces resolved), so the rules hold whatever wrote the XML.

use crate::render::feed::{ITUNES, PODCAST};
use roxmltree::{Document, Node};
use std::collections::BTreeMap;

/// One problem with the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the feed.
    pub line: usize,
    /// What is wrong, and the fix.
    pub message: String,
    /// The same in a few words, for `build`'s summary.
    pub short: String,
    /// Apps refuse the feed (or the episode) for it; otherwise it is a recommendation.
    pub refused: bool,
}

/// What a `build` warning about the feed starts with.
pub const SUMMARY: &str = "podcast apps would refuse feed.xml";

/// Apple Podcasts' categories and their subcategories (the list Apple publishes, and
/// the Podcasting 2.0 namespace reuses).
const CATEGORIES: &[(&str, &[&str])] = &[
    ("Arts", &["Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"]),
    ("Business", &["Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"]),
    ("Comedy", &["Comedy Interviews", "Improv", "Stand-Up"]),
    ("Education", &["Courses", "How To", "Language Learning", "Self-Improvement"]),
    ("Fiction", &["Comedy Fiction", "Drama", "Science Fiction"]),
    ("Government", &[]),
    ("History", &[]),
    ("Health & Fitness", &["Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"]),
    ("Kids & Family", &["Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"]),
    (
        "Leisure",
        &["Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden", "Video Games"],
    ),
    ("Music", &["Music Commentary", "Music History", "Music Interviews"]),
    (
        "News",
        &[
            "Business News",
            "Daily News",
            "Entertainment News",
            "News Commentary",
            "Politics",
            "Sports News",
            "Tech News",
        ],
    ),
    (
        "Religion & Spirituality",
        &["Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"],
    ),
    (
        "Science",
        &[
            "Astronomy",
            "Chemistry",
            "Earth Sciences",
            "Life Sciences",
            "Mathematics",
            "Natural Sciences",
            "Nature",
            "Physics",
            "Social Sciences",
        ],
    ),
    ("Society & Culture", &["Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"]),
    (
        "Sports",
        &[
            "Baseball",
            "Basketball",
            "Cricket",
            "Fantasy Sports",
            "Football",
            "Golf",
            "Hockey",
            "Rugby",
            "Running",
            "Soccer",
            "Softball",
            "Swimming",
            "Tennis",
            "Volleyball",
            "Wilderness",
            "Wrestling",
        ],
    ),
    ("Technology", &[]),
    ("True Crime", &[]),
    ("TV & Film", &["After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"]),
];

/// The Podcasting 2.0 transcript types podcast apps play.
const TRANSCRIPT_TYPES: &[&str] =
    &["text/vtt", "application/x-subrip", "application/srt", "application/json", "text/html", "text/plain"];

const BASE_URL_FIX: &str =
    "set `base_url = \"https://example.com/\"` (where the site is published) in shownotes.toml, or pass --base-url";
/// The summary of every problem a relative `base_url` makes.
const BASE_SHORT: &str = "base_url is not an absolute URL, so neither are the feed's links, guids and files (set `base_url = \"https://...\"`)";

fn absolute(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// `x` when it is one spelling away from a name in `names` (case, `-` for a space).
fn spelled<'a>(x: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let fold = |s: &str| s.to_lowercase().replace('-', " ");
    let want = fold(x);
    names.into_iter().find(|n| fold(n) == want)
}

/// A problem items share: how many items have it, and the first one's line and title.
struct ItemProblem {
    count: usize,
    line: usize,
    title: String,
    message: String,
    short: String,
    refused: bool,
    /// The last item counted (an item is counted once, whatever number of its elements
    /// have the problem).
    last: usize,
}

struct Checker<'a> {
    doc: &'a Document<'a>,
    out: Vec<Problem>,
    /// Problems of items, by rule: how many items, the first one's line and title.
    items: BTreeMap<&'static str, ItemProblem>,
    item_count: usize,
}

impl<'a> Checker<'a> {
    fn line(&self, n: Node) -> usize {
        self.doc.text_pos_at(n.range().start).row as usize
    }
    fn channel(&mut self, line: usize, refused: bool, message: String, short: impl Into<String>) {
        self.out.push(Problem { line, message, short: short.into(), refused });
    }
    /// An item's problem: reported once per rule, counting the items that have it.
    fn item(&mut self, rule: &'static str, n: Node, title: &str, message: String, short: String, refused: bool) {
        let item = self.item_count;
        // The line only for the first item with it: finding a line reads the feed from
        // its start.
        let e = self.items.entry(rule).or_insert_with(|| ItemProblem {
            count: 0,
            line: self.doc.text_pos_at(n.range().start).row as usize,
            title: title.to_string(),
            message,
            short,
            refused,
            last: 0,
        });
        if e.last != item {
            e.count += 1;
            e.last = item;
        }
    }
}

fn child<'a, 'i>(n: Node<'a, 'i>, ns: Option<&str>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == ns)
}

fn text<'a>(n: Option<Node<'a, '_>>) -> &'a str {
    n.and_then(|n| n.text()).map(str::trim).unwrap_or("")
}

/// Checks a podcast feed. `Err` when it is not XML or not an RSS feed.
pub fn validate(xml: &str) -> Result<Vec<Problem>, String> {
    let doc = Document::parse(xml).map_err(|e| format!("not well-formed XML: {e}"))?;
    let rss = doc.root_element();
    let channel = (rss.tag_name().name() == "rss")
        .then(|| child(rss, None, "channel"))
        .flatten()
        .ok_or("not an RSS feed: no <rss><channel>")?;
    let mut c = Checker { doc: &doc, out: Vec::new(), items: BTreeMap::new(), item_count: 0 };
    let at = c.line(channel);
    let line_of = |c: &Checker, n: Option<Node>| n.map_or(at, |n| c.line(n));

    if text(child(channel, None, "title")).is_empty() {
        c.channel(
            at,
            true,
            "the channel has no <title>: set `title` in shownotes.toml".into(),
            "no title (set `title`)",
        );
    }
    if text(child(channel, None, "description")).is_empty() {
        let l = line_of(&c, child(channel, None, "description"));
        c.channel(
            l,
            true,
            "the channel's <description> is empty, and Apple Podcasts requires one: set `description` in shownotes.toml".into(),
            "no description (set `description`)",
        );
    }
    let link = child(channel, None, "link");
    if !absolute(text(link)) {
        let l = line_of(&c, link);
        c.channel(
            l,
            true,
            format!(
                "the channel's <link> `{}` is not an absolute URL, so podcast apps cannot follow it or any link of the feed; {BASE_URL_FIX}",
                text(link)
            ),
            BASE_SHORT,
        );
    }
    let lang = text(child(channel, None, "language"));
    let lang_ok = !lang.is_empty()
        && lang.split('-').enumerate().all(|(i, p)| {
            (if i == 0 { (2..=3).contains(&p.len()) } else { (1..=8).contains(&p.len()) })
                && p.chars().all(|ch| ch.is_ascii_alphanumeric())
        });
    if !lang_ok {
        let l = line_of(&c, child(channel, None, "language"));
        c.channel(
            l,
            true,
            format!("the channel's <language> `{lang}` is not a language code: set `language = \"en\"` (an ISO 639 code, such as `en`, `de`, `pt-BR`) in shownotes.toml"),
            "no language code (set `language`)",
        );
    }
    match child(channel, Some(ITUNES), "image") {
        None => c.channel(
            at,
            true,
            "no <itunes:image>: Apple Podcasts and Spotify need cover art; set `[podcast] image = \"cover.jpg\"` in shownotes.toml (a square JPEG or PNG of 1400 to 3000 pixels, in static/)".into(),
            "no cover image (set `[podcast] image`)",
        ),
        Some(img) => {
            let href = img.attribute("href").unwrap_or("").trim();
            let l = c.line(img);
            if !absolute(href) {
                c.channel(
                    l,
                    true,
                    format!("<itunes:image> `{href}` is not an absolute http(s) URL; {BASE_URL_FIX}, or give `[podcast] image` as a full URL"),
                    BASE_SHORT,
                );
            } else {
                let path = url::Url::parse(href).map(|u| u.path().to_ascii_lowercase()).unwrap_or_default();
                if ![".jpg", ".jpeg", ".png"].iter().any(|e| path.ends_with(e)) {
                    // Apple takes JPEG and PNG; a URL without the extension may still
                    // serve one, so this is advice, not a refusal.
                    c.channel(
                        l,
                        false,
                        format!("<itunes:image> `{href}` is not a .jpg or .png file, the formats Apple Podcasts takes: set `[podcast] image` to a square JPEG or PNG of 1400 to 3000 pixels"),
                        "the cover image is not a .jpg or .png (set `[podcast] image`)",
                    );
                }
            }
        }
    }
    let cats: Vec<Node> = channel
        .children()
        .filter(|n| n.is_element() && n.tag_name().namespace() == Some(ITUNES) && n.tag_name().name() == "category")
        .collect();
    if cats.is_empty() {
        c.channel(
            at,
            true,
            "no <itunes:category>: Apple Podcasts lists a show under at least one; set `[podcast] categories = [\"Technology\"]` in shownotes.toml (the guide's Feeds chapter lists Apple's categories)".into(),
            "no category (set `[podcast] categories`)",
        );
    }
    for cat in cats {
        let name = cat.attribute("text").unwrap_or("");
        let l = c.line(cat);
        let Some((top, subs)) = CATEGORIES.iter().find(|(t, _)| *t == name) else {
            let hint = spelled(name, CATEGORIES.iter().map(|(t, _)| *t))
                .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
            c.channel(
                l,
                true,
                format!("`{name}` is not an Apple Podcasts category{hint}: fix `[podcast] categories` in shownotes.toml (the guide's Feeds chapter lists them)"),
                format!("`{name}` is not an Apple category (fix `[podcast] categories`)"),
            );
            continue;
        };
        for sub in cat.children().filter(|n| n.is_element()) {
            let s = sub.attribute("text").unwrap_or("");
            if !subs.contains(&s) {
                let hint =
                    spelled(s, subs.iter().copied()).map_or(String::new(), |x| format!(" (did you mean `{x}`?)"));
                let l = c.line(sub);
                c.channel(
                    l,
                    true,
                    format!("`{s}` is not an Apple Podcasts category under `{top}`{hint}: fix `[podcast] categories` in shownotes.toml (`\"{top}\"` alone is valid; the guide's Feeds chapter lists the subcategories)"),
                    format!("`{s}` is not an Apple category under `{top}` (fix `[podcast] categories`)"),
                );
            }
        }
    }
    let explicit = child(channel, Some(ITUNES), "explicit");
    if !matches!(text(explicit), "true" | "false") {
        let l = line_of(&c, explicit);
        c.channel(
            l,
            true,
            "<itunes:explicit> is missing or not `true`/`false`: set `[podcast] explicit` in shownotes.toml".into(),
            "no explicit flag (set `[podcast] explicit`)",
        );
    }
    let email = child(channel, Some(ITUNES), "owner").and_then(|o| child(o, Some(ITUNES), "email"));
    if !text(email).contains('@') {
        c.channel(
            at,
            true,
            "no <itunes:owner> with an <itunes:email>: Apple Podcasts and Spotify send the e-mail that proves the show is yours there; set `[podcast] email = \"you@example.com\"` in shownotes.toml".into(),
            "no owner e-mail (set `[podcast] email`)",
        );
    }
    if let Some(guid) = child(channel, Some(PODCAST), "guid") {
        let g = text(Some(guid));
        if uuid_shape(g).is_none() {
            let l = c.line(guid);
            c.channel(l, false, format!("<podcast:guid> `{g}` is not a UUID (the Podcasting 2.0 namespace wants a UUIDv5 of the feed's URL)"), "podcast:guid is not a UUID");
        }
    }

    for item in channel
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "item" && n.tag_name().namespace().is_none())
    {
        c.item_count += 1;
        check_item(&mut c, item);
    }
    if c.item_count == 0 {
        c.channel(
            at,
            true,
            "the feed has no episodes (no <item>): add episodes to the content folder".into(),
            "no episodes",
        );
    }
    let total = c.item_count;
    for (_, ItemProblem { count, line, title, message, short, refused, .. }) in std::mem::take(&mut c.items) {
        let which = if count == 1 {
            format!("episode \"{title}\"")
        } else {
            format!("{count} of {total} episodes (the first: \"{title}\")")
        };
        c.out.push(Problem {
            line,
            message: format!("{which}: {message}"),
            short: if count == 1 || short == BASE_SHORT { short } else { format!("{short} in {count} episodes") },
            refused,
        });
    }
    c.out.sort_by_key(|p| p.line);
    Ok(c.out)
}

/// `8-4-4-4-12` hex digits.
fn uuid_shape(s: &str) -> Option<()> {
    let parts: Vec<&str> = s.split('-').collect();
    let ok = parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()));
    ok.then_some(())
}

fn check_item(c: &mut Checker, item: Node) {
    let title = text(child(item, None, "title")).to_string();
    if title.is_empty() {
        c.item(
            "title",
            item,
            "(untitled)",
            "the <item> has no <title>: give the episode a title (front matter `title`, or episodes.csv)".into(),
            "an episode without a title".into(),
            true,
        );
    }
    match child(item, None, "enclosure") {
        None => c.item(
            "enclosure",
            item,
            &title,
            "no <enclosure>, so podcast apps have no audio to play and leave the episode out: set `[podcast] audio_url` in shownotes.toml (a pattern such as `https://cdn.example.com/{number:03}.mp3`) or `audio_url` in the episode's front matter".into(),
            "no audio (set `[podcast] audio_url`)".into(),
            true,
        ),
        Some(enc) => {
            let url = enc.attribute("url").unwrap_or("");
            if !absolute(url) {
                c.item("enclosure-url", enc, &title, format!("the <enclosure> url `{url}` is not an absolute http(s) URL; {BASE_URL_FIX}"), BASE_SHORT.into(), true);
            }
            let ty = enc.attribute("type").unwrap_or("");
            if !(ty.starts_with("audio/") || ty.starts_with("video/")) {
                c.item("enclosure-type", enc, &title, format!("the <enclosure> type `{ty}` is not an audio or video MIME type: set `[podcast] audio_type` (`audio/mpeg`) or `audio_type` in front matter"), "audio without a MIME type (set `audio_type`)".into(), true);
            }
            let len = enc.attribute("length").unwrap_or("");
            if len.parse::<u64>().map_or(true, |n| n == 0) {
                c.item(
                    "enclosure-length",
                    enc,
                    &title,
                    format!("enclosure length {} (the audio file's size in bytes is unknown), which Apple Podcasts refuses: publish the audio from static/ (its size is measured), or set `audio_length` (bytes) in the episode's front matter", if len.is_empty() { "missing" } else { len }),
                    "enclosure length 0 (set `audio_length`)".into(),
                    true,
                );
            }
        }
    }
    match child(item, None, "guid") {
        None => c.item(
            "guid",
            item,
            &title,
            "no <guid>: podcast apps tell episodes apart by it; the episode's page URL is used when it has one".into(),
            "an episode without a guid".into(),
            true,
        ),
        Some(g) => {
            let permalink = g.attribute("isPermaLink").is_none_or(|v| v == "true");
            if permalink && !absolute(text(Some(g))) {
                c.item("guid-url", g, &title, format!("the <guid> `{}` is a permalink but not an absolute URL, so apps cannot tell the episodes of two sites apart; {BASE_URL_FIX}", text(Some(g))), BASE_SHORT.into(), true);
            }
        }
    }
    if let Some(l) = child(item, None, "link") {
        if !absolute(text(Some(l))) {
            c.item(
                "link",
                l,
                &title,
                format!("the item's <link> `{}` is not an absolute URL; {BASE_URL_FIX}", text(Some(l))),
                BASE_SHORT.into(),
                true,
            );
        }
    }
    if child(item, None, "pubDate").is_none() {
        c.item(
            "pubDate",
            item,
            &title,
            "no <pubDate>, so apps cannot order it by date: set `date` in its front matter or episodes.csv".into(),
            "episodes without a date".into(),
            false,
        );
    }
    if let Some(t) = child(item, Some(ITUNES), "episodeType") {
        if !matches!(text(Some(t)), "full" | "trailer" | "bonus") {
            c.item(
                "episodeType",
                t,
                &title,
                format!("<itunes:episodeType> `{}` is none of full, trailer, bonus", text(Some(t))),
                "a wrong itunes:episodeType".into(),
                false,
            );
        }
    }
    if let Some(n) = child(item, Some(ITUNES), "episode") {
        if text(Some(n)).parse::<u32>().is_err() {
            c.item(
                "episode",
                n,
                &title,
                format!("<itunes:episode> `{}` is not a whole number: fix the episode's `number`", text(Some(n))),
                "a wrong itunes:episode".into(),
                false,
            );
        }
    }
    for el in item.children().filter(|n| n.is_element() && n.tag_name().namespace() == Some(PODCAST)) {
        match el.tag_name().name() {
            "transcript" => {
                let url = el.attribute("url").unwrap_or("");
                let ty = el.attribute("type").unwrap_or("");
                if !absolute(url) {
                    c.item("transcript-url", el, &title, format!("<podcast:transcript> url `{url}` is not an absolute http(s) URL, so apps cannot fetch the transcript; {BASE_URL_FIX}"), BASE_SHORT.into(), false);
                }
                if !TRANSCRIPT_TYPES.contains(&ty) {
                    c.item(
                        "transcript-type",
                        el,
                        &title,
                        format!(
                            "<podcast:transcript> type `{ty}` is not a transcript type apps read ({})",
                            TRANSCRIPT_TYPES.join(", ")
                        ),
                        "a wrong podcast:transcript type".into(),
                        false,
                    );
                }
            }
            "chapters" => {
                let url = el.attribute("url").unwrap_or("");
                if !absolute(url) {
                    c.item("chapters-url", el, &title, format!("<podcast:chapters> url `{url}` is not an absolute http(s) URL, so apps cannot fetch the chapters; {BASE_URL_FIX}"), BASE_SHORT.into(), false);
                }
                if el.attribute("type") != Some("application/json+chapters") {
                    c.item(
                        "chapters-type",
                        el,
                        &title,
                        "<podcast:chapters> type is not `application/json+chapters`".into(),
                        "a wrong podcast:chapters type".into(),
                        false,
                    );
                }
            }
            "person" if text(Some(el)).is_empty() => {
                c.item(
                    "person",
                    el,
                    &title,
                    "<podcast:person> has no name: fix the episode's `hosts` or `guests`".into(),
                    "a podcast:person without a name".into(),
                    false,
                );
            }
            _ => {}
        }
    }
}

/// `build`'s one warning about the feed: what apps would refuse, in a few words each
/// with its fix, or `None` when they would take it.
pub fn summary(problems: &[Problem]) -> Option<String> {
    let mut shorts: Vec<&str> = Vec::new();
    // The base URL first: it makes most of the others.
    let base = problems.iter().filter(|p| p.short == BASE_SHORT);
    for p in base.chain(problems.iter()).filter(|p| p.refused) {
        if !shorts.contains(&p.short.as_str()) {
            shorts.push(&p.short);
        }
    }
    (!shorts.is_empty()).then(|| {
        format!("{SUMMARY}: {}; `shownotes check --feed` names each problem with its line and fix", shorts.join("; "))
    })
}

/// A sink that passes every file on and keeps a copy of `feed.xml`, so that a build
/// checks the very feed it writes.
pub struct Tap<'a> {
    inner: &'a dyn crate::write::Sink,
    feed: std::sync::Mutex<Option<Vec<u8>>>,
}

impl<'a> Tap<'a> {
    pub fn new(inner: &'a dyn crate::write::Sink) -> Self {
        Tap { inner, feed: std::sync::Mutex::new(None) }
    }
    /// `build`'s warning about the feed it wrote, if apps would refuse it ([`build_warning`]),
    /// the check's outcome kept in the build cache under a hash of the
    /// feed's bytes (a `feedcheck-` entry): a rebuild that writes the same feed does not
    /// parse its megabytes again. An entry that does not decode exactly is not used.
    pub fn warning_kept(&self, root: &std::path::Path, cache: &crate::cache::Cache) -> Option<crate::Diagnostic> {
        const FEEDCHECK: &str = "feedcheck";
        /// The most a kept outcome may hold: one summary line.
        const MAX_KEPT: u64 = 1 << 20;
        let feed = self.feed.lock().unwrap_or_else(|e| e.into_inner());
        let feed = feed.as_deref()?;
        let key = crate::cache::KeyHasher::new(FEEDCHECK).add(feed).finish(FEEDCHECK);
        let kept = cache.get(&key, MAX_KEPT).and_then(|pages| match pages.as_slice() {
            [one] => match one.content.split_first() {
                Some((0, [])) => Some(None),
                Some((1, m)) => String::from_utf8(m.to_vec()).ok().map(Some),
                _ => None,
            },
            _ => None,
        });
        let message = kept.unwrap_or_else(|| {
            let message = feed_message(feed);
            let content = message.as_ref().map_or_else(|| vec![0], |m| [&[1u8][..], m.as_bytes()].concat());
            cache.put(&key, &[crate::write::Page { path: std::path::PathBuf::from(key.name()), content }], MAX_KEPT);
            message
        })?;
        Some(feed_warning(root, message))
    }
}

impl crate::write::Sink for Tap<'_> {
    fn put(&self, page: crate::write::Page) -> std::io::Result<()> {
        if page.path == std::path::Path::new("feed.xml") {
            *self.feed.lock().unwrap_or_else(|e| e.into_inner()) = Some(page.content.clone());
        }
        self.inner.put(page)
    }
    fn put_same(
        &self,
        page: crate::write::Page,
        from: &std::path::Path,
        opened: &std::fs::Metadata,
    ) -> std::io::Result<()> {
        if page.path == std::path::Path::new("feed.xml") {
            *self.feed.lock().unwrap_or_else(|e| e.into_inner()) = Some(page.content.clone());
        }
        self.inner.put_same(page, from, opened)
    }
}

/// The one warning a build gives about its feed (named after shownotes.toml, where the
/// fixes go), or `None` when podcast apps would take it.
pub fn build_warning(root: &std::path::Path, feed: Option<&[u8]>) -> Option<crate::Diagnostic> {
    feed_message(feed?).map(|m| feed_warning(root, m))
}

/// What is wrong with `feed` for podcast apps, in one line; `None` when nothing is.
fn feed_message(feed: &[u8]) -> Option<String> {
    validate(&String::from_utf8_lossy(feed)).ok().and_then(|p| summary(&p))
}

/// The warning `build` gives about its feed, named after the settings that shape it.
fn feed_warning(root: &std::path::Path, message: String) -> crate::Diagnostic {
    crate::Diagnostic::warning(&crate::build::shown(&root.join("shownotes.toml")), None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>T</title><link>https://e.com/</link><description>D</description><language>en</language>
<itunes:image href="https://e.com/c.png"/><itunes:category text="Education"><itunes:category text="How To"/></itunes:category>
<itunes:explicit>false</itunes:explicit><itunes:owner><itunes:name>A</itunes:name><itunes:email>a@e.com</itunes:email></itunes:owner>
<item><title>One</title><link>https://e.com/1/</link><guid>https://e.com/1/</guid><pubDate>Tue, 03 May 2022 00:00:00 +0000</pubDate>
<enclosure url="https://e.com/1.mp3" length="12" type="audio/mpeg"/>
<podcast:transcript url="https://e.com/1/t.vtt" type="text/vtt"/><podcast:person role="host">A</podcast:person></item>
</channel></rss>"#;

    #[test]
    fn a_good_feed_has_no_problem_and_each_rule_names_its_line() {
        assert_eq!(validate(GOOD).unwrap(), vec![]);
        let bad = GOOD
            .replace("https://e.com/1/t.vtt", "/1/t.vtt")
            .replace("How To", "How-To")
            .replace(r#"length="12""#, r#"length="0""#);
        let p = validate(&bad).unwrap();
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].message.contains("did you mean `How To`") && p[0].line == 4, "{p:?}");
        assert!(p.iter().any(|x| x.message.contains("enclosure length 0") && x.line == 7), "{p:?}");
        assert!(p.iter().any(|x| x.message.contains("podcast:transcript") && x.line == 8 && !x.refused), "{p:?}");
        assert!(summary(&p).unwrap().contains("How-To"));
        assert!(validate("<html/>").is_err());
    }
}
