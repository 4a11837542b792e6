//! The podcast feeds: `feed.xml` for the whole show and `topics/<slug>/feed.xml` for one
//! topic. RSS 2.0 with the iTunes tags podcast directories read and the Podcasting 2.0
//! namespace (transcripts, chapters, people), written with quick-xml so any text (`&`,
//! `<`, emoji) is escaped; characters XML cannot hold at all are dropped.

use super::files::{self, CHAPTERS, CHAPTERS_TYPE};
use crate::config::Config;
use crate::model::Episode;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::borrow::Cow;
use std::io::{self, Write};

pub const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
pub const PODCAST: &str = "https://podcastindex.org/namespace/1.0";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";

/// A character XML 1.0 may hold: not a control character (but tab and line feed), not
/// U+FFFE or U+FFFF.
fn xml_char(c: char) -> bool {
    !crate::text::is_stray_control(c) && c != '\u{FFFE}' && c != '\u{FFFF}'
}

/// `s` without characters that XML cannot hold.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| xml_char(c)).collect())
    }
}

/// `2022-05-03` -> `Tue, 03 May 2022 00:00:00 +0000` (RFC 822, as RSS wants).
pub fn rfc822(date: &str) -> Option<String> {
    let mut it = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = crate::text::days_since_epoch(&format!("{y:04}-{m:02}-{d:02}"))?;
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    Some(format!(
        "{}, {d:02} {} {y:04} 00:00:00 +0000",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize]
    ))
}

type W = Writer<Vec<u8>>;

fn text_el(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&xml_safe(text)))?;
    Ok(())
}

/// What the feeds need to know about the site, worked out once.
pub struct FeedSite<'a> {
    pub config: &'a Config,
    /// `https://example.com/podcast/` (or the site's path when `base_url` is relative).
    pub base: String,
    /// The cover art's absolute URL.
    pub image: Option<String>,
    /// The people pages, when the site has them (`podcast:person`'s `href`).
    pub people: Option<&'a crate::people::People>,
}

impl<'a> FeedSite<'a> {
    pub fn new(config: &'a Config) -> Self {
        let base = if config.has_absolute_base() { config.base_url_slash() } else { config.base_path() };
        let image = config.podcast.image.as_deref().map(|i| {
            if crate::audio::is_absolute(i) {
                i.to_string()
            } else {
                format!("{base}{}", i.trim_start_matches('/'))
            }
        });
        FeedSite { config, base, image, people: None }
    }

    /// A person's page (absolute), and their picture from `people.toml`.
    pub fn person(&self, name: &str) -> Option<(String, Option<String>)> {
        let p = self.people?.get(name)?;
        let img = p.img.as_deref().map(|i| {
            if crate::audio::is_absolute(i) {
                i.to_string()
            } else {
                format!("{}{}", self.base, i.trim_start_matches('/'))
            }
        });
        Some((format!("{}people/{}/", self.base, p.slug), img))
    }

    pub fn episode_url(&self, ep: &Episode) -> String {
        format!("{}episodes/{}/", self.base, ep.slug)
    }
}

/// A short description for an episode with none: its top topics.
pub fn summary(ep: &Episode) -> String {
    if let Some(d) = &ep.description {
        return d.clone();
    }
    let names: Vec<&str> = ep.topics.iter().take(6).map(|t| t.name.as_str()).collect();
    if names.is_empty() {
        ep.title.clone()
    } else {
        format!("Topics: {}.", names.join(", "))
    }
}

/// The longest description of an item in a topic's feed, in characters.
pub const SHORT_DESCRIPTION: usize = 300;

/// `s` cut to at most `max` characters, at a word where there is one, with `...`.
pub fn shortened(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((end, _)) => {
            let head = &s[..end];
            let head = head.rfind(char::is_whitespace).filter(|&i| i > end / 2).map_or(head, |i| &head[..i]);
            Cow::Owned(format!("{}...", head.trim_end()))
        }
    }
}

/// One episode's `<item>` in the show's feed, with its full show notes; written once.
pub fn item(site: &FeedSite, ep: &Episode) -> io::Result<Vec<u8>> {
    item_with(site, ep, true)
}

/// One episode's `<item>` in a topic's feed: a short plain-text description and no show
/// notes, so that the site's size does not grow with its notes times its topics.
pub fn short_item(site: &FeedSite, ep: &Episode) -> io::Result<Vec<u8>> {
    item_with(site, ep, false)
}

fn item_with(site: &FeedSite, ep: &Episode, full: bool) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let url = site.episode_url(ep);
    let lang = site.config.language.as_str();
    w.create_element("item").write_inner_content(|w| {
        text_el(w, "title", &ep.title)?;
        text_el(w, "link", &url)?;
        w.create_element("guid").with_attribute(("isPermaLink", "true")).write_text_content(BytesText::new(&url))?;
        if let Some(d) = ep.date.as_deref().and_then(rfc822) {
            text_el(w, "pubDate", &d)?;
        }
        // RSS readers take a description for HTML: plain text goes in as HTML text.
        if full {
            text_el(w, "description", &html_escape::encode_text(&summary(ep)))?;
            if let Some(html) = &ep.notes_html {
                text_el(w, "content:encoded", html)?;
            }
        } else {
            text_el(w, "description", &html_escape::encode_text(&shortened(&summary(ep), SHORT_DESCRIPTION)))?;
        }
        if let Some(audio) = &ep.audio_url {
            let abs = crate::audio::absolute(audio, site.config);
            let length = ep.audio_length.unwrap_or(0).to_string();
            let mime = ep.audio_type.as_deref().unwrap_or("audio/mpeg");
            w.create_element("enclosure")
                .with_attribute(("url", xml_safe(&abs).as_ref()))
                .with_attribute(("length", length.as_str()))
                .with_attribute(("type", xml_safe(mime).as_ref()))
                .write_empty()?;
        }
        if let Some(d) = ep.duration {
            text_el(w, "itunes:duration", &d.to_string())?;
        }
        text_el(w, "itunes:title", &ep.title)?;
        if let Some(s) = ep.season {
            text_el(w, "itunes:season", &s.to_string())?;
        }
        if let Some(n) = ep.number {
            text_el(w, "itunes:episode", &n.to_string())?;
            text_el(w, "podcast:episode", &n.to_string())?;
        }
        text_el(w, "itunes:episodeType", ep.episode_type.as_str())?;
        if !ep.cues.is_empty() {
            for (file, mime) in files::written(&site.config.output) {
                if *file == "transcript.txt" {
                    continue; // not a Podcasting 2.0 transcript format
                }
                let mut el = w
                    .create_element("podcast:transcript")
                    .with_attribute(("url", xml_safe(&format!("{url}{file}")).as_ref()))
                    .with_attribute(("type", *mime))
                    .with_attribute(("language", xml_safe(lang).as_ref()));
                if *file == "transcript.vtt" || *file == "transcript.srt" {
                    el = el.with_attribute(("rel", "captions"));
                }
                el.write_empty()?;
            }
        }
        if !ep.chapters.is_empty() {
            w.create_element("podcast:chapters")
                .with_attribute(("url", xml_safe(&format!("{url}{CHAPTERS}")).as_ref()))
                .with_attribute(("type", CHAPTERS_TYPE))
                .write_empty()?;
        }
        for (people, role) in [(&ep.hosts, "host"), (&ep.guests, "guest")] {
            for p in people {
                let page = site.person(p);
                let mut el =
                    w.create_element("podcast:person").with_attribute(("role", role)).with_attribute(("group", "cast"));
                if let Some((href, img)) = &page {
                    el = el.with_attribute(("href", xml_safe(href).as_ref()));
                    if let Some(img) = img {
                        el = el.with_attribute(("img", xml_safe(img).as_ref()));
                    }
                }
                el.write_text_content(BytesText::new(&xml_safe(p)))?;
            }
        }
        Ok(())
    })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

/// What one feed is about.
pub struct Channel<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The page the feed is of (absolute).
    pub link: String,
    /// The feed's own URL (absolute).
    pub self_url: String,
}

/// A whole feed: the channel, then the items (already written by [`item`]) in order.
pub fn feed(site: &FeedSite, channel: &Channel, items: &[&[u8]], newest_date: Option<&str>) -> io::Result<Vec<u8>> {
    let c = site.config;
    let p = &c.podcast;
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("rss")
        .with_attribute(("version", "2.0"))
        .with_attribute(("xmlns:itunes", ITUNES))
        .with_attribute(("xmlns:podcast", PODCAST))
        .with_attribute(("xmlns:atom", ATOM))
        .with_attribute(("xmlns:content", CONTENT))
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                text_el(w, "title", channel.title)?;
                text_el(w, "link", &channel.link)?;
                text_el(w, "description", &html_escape::encode_text(channel.description))?;
                text_el(w, "language", &c.language)?;
                text_el(w, "generator", "shownotes")?;
                // The newest episode's date, so the same input gives the same file.
                if let Some(d) = newest_date.and_then(rfc822) {
                    text_el(w, "lastBuildDate", &d)?;
                }
                w.create_element("atom:link")
                    .with_attribute(("href", xml_safe(&channel.self_url).as_ref()))
                    .with_attribute(("rel", "self"))
                    .with_attribute(("type", "application/rss+xml"))
                    .write_empty()?;
                let author = p.author.as_deref().unwrap_or(c.title.as_str());
                text_el(w, "itunes:author", author)?;
                if let Some(email) = &p.email {
                    w.create_element("itunes:owner").write_inner_content(|w| {
                        text_el(w, "itunes:name", author)?;
                        text_el(w, "itunes:email", email)
                    })?;
                }
                text_el(w, "itunes:summary", channel.description)?;
                if let Some(img) = &site.image {
                    w.create_element("itunes:image").with_attribute(("href", xml_safe(img).as_ref())).write_empty()?;
                    w.create_element("image").write_inner_content(|w| {
                        text_el(w, "url", img)?;
                        text_el(w, "title", channel.title)?;
                        text_el(w, "link", &channel.link)
                    })?;
                }
                for cat in &p.categories {
                    let mut parts = cat.split('>').map(str::trim).filter(|s| !s.is_empty());
                    let Some(top) = parts.next() else { continue };
                    let sub = parts.next();
                    let el = w.create_element("itunes:category").with_attribute(("text", xml_safe(top).as_ref()));
                    match sub {
                        Some(s) => {
                            el.write_inner_content(|w| {
                                w.create_element("itunes:category")
                                    .with_attribute(("text", xml_safe(s).as_ref()))
                                    .write_empty()?;
                                Ok(())
                            })?;
                        }
                        None => {
                            el.write_empty()?;
                        }
                    }
                }
                text_el(w, "itunes:explicit", if p.explicit { "true" } else { "false" })?;
                text_el(w, "itunes:type", "episodic")?;
                for it in items {
                    let out = w.get_mut();
                    out.push(b'\n');
                    out.write_all(it)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc822_with_the_right_weekday() {
        assert_eq!(rfc822("2022-05-03").unwrap(), "Tue, 03 May 2022 00:00:00 +0000");
        assert_eq!(rfc822("1970-01-01").unwrap(), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc822("2000-02-29").unwrap(), "Tue, 29 Feb 2000 00:00:00 +0000");
        assert_eq!(rfc822("2021-13-01"), None);
    }

    #[test]
    fn short_descriptions_end_at_a_word() {
        assert_eq!(shortened("short", 10), "short");
        assert_eq!(shortened("one two three four", 12), "one two...");
        assert_eq!(shortened(&"\u{e9}".repeat(20), 5), format!("{}...", "\u{e9}".repeat(5)));
    }

    #[test]
    fn text_xml_cannot_hold_is_dropped() {
        assert_eq!(xml_safe("a\u{0}b\u{1b}c\u{FFFF}d\te\u{1F600}"), "abcd\te\u{1F600}");
    }
}
