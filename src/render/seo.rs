//! What search engines and link previews read: each page's canonical URL, description
//! and Open Graph / Twitter card tags (the `page` every template sees), JSON-LD
//! (`PodcastSeries`, `PodcastEpisode` with chapters as `Clip`s), `sitemap.xml` and
//! `robots.txt`.

use super::feed::{summary, xml_safe, FeedSite};
use crate::model::Episode;
use crate::write::Page;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde::Serialize;
use serde_json::json;
use std::path::PathBuf;

/// The head tags of one page.
#[derive(Serialize, Default)]
pub struct PageMeta {
    /// The page's own name (`og:title`), without the site's.
    pub title: Option<String>,
    pub description: Option<String>,
    /// Absolute when `base_url` is.
    pub canonical: String,
    /// `website` or `article`.
    pub og_type: &'static str,
    /// JSON-LD, ready to sit inside `<script type="application/ld+json">`.
    pub jsonld: Option<String>,
}

impl PageMeta {
    /// A page at `path` (relative to the site root: `topics/django/`).
    pub fn new(base: &str, path: &str, title: Option<String>, description: Option<String>) -> PageMeta {
        PageMeta { title, description, canonical: format!("{base}{path}"), og_type: "website", jsonld: None }
    }
}

/// JSON for a `<script>` element: `<`, `>` and `&` escaped so no text can close it.
fn script_json(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .expect("plain data serializes")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// ISO 8601 duration: `PT28M28S`.
pub fn iso_duration(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
}

fn series(site: &FeedSite) -> serde_json::Value {
    let c = site.config;
    let mut v = json!({
        "@type": "PodcastSeries",
        "name": c.title,
        "url": site.base,
        "webFeed": format!("{}feed.xml", site.base),
        "inLanguage": c.language,
    });
    if !c.description.is_empty() {
        v["description"] = json!(c.description);
    }
    if let Some(i) = &site.image {
        v["image"] = json!(i);
    }
    if let Some(a) = &c.podcast.author {
        v["author"] = json!({"@type": "Person", "name": a});
    }
    v
}

/// The home page's JSON-LD.
pub fn series_jsonld(site: &FeedSite) -> String {
    let mut v = series(site);
    v["@context"] = json!("https://schema.org");
    script_json(&v)
}

/// A `Person`, with their page where the site has one.
fn person(site: &FeedSite, name: &str) -> serde_json::Value {
    let mut v = json!({"@type": "Person", "name": name});
    if let Some((url, img)) = site.person(name) {
        v["url"] = json!(url);
        if let Some(i) = img {
            v["image"] = json!(i);
        }
    }
    v
}

/// A person page's JSON-LD: the person, their link and bio, and the show.
pub fn person_jsonld(site: &FeedSite, p: &crate::people::Person) -> String {
    let mut v = person(site, &p.name);
    v["@context"] = json!("https://schema.org");
    if let Some(u) = &p.url {
        v["sameAs"] = json!(u);
    }
    if let Some(b) = &p.bio {
        v["description"] = json!(b);
    }
    script_json(&v)
}

/// An episode page's JSON-LD: the episode, its series, its audio and its chapters.
pub fn episode_jsonld(site: &FeedSite, ep: &Episode) -> String {
    let url = site.episode_url(ep);
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": ep.title,
        "url": url,
        "description": summary(ep),
        "partOfSeries": series(site),
    });
    if let Some(d) = &ep.date {
        v["datePublished"] = json!(d);
    }
    if let Some(n) = ep.number {
        v["episodeNumber"] = json!(n);
    }
    if let Some(d) = ep.duration {
        v["timeRequired"] = json!(iso_duration(d));
    }
    if let Some(a) = &ep.audio_url {
        let mut media = json!({"@type": "MediaObject", "contentUrl": crate::audio::absolute(a, site.config)});
        if let Some(t) = &ep.audio_type {
            media["encodingFormat"] = json!(t);
        }
        if let Some(d) = ep.duration {
            media["duration"] = json!(iso_duration(d));
        }
        v["associatedMedia"] = media;
    }
    let people: Vec<serde_json::Value> = ep.hosts.iter().chain(&ep.guests).map(|p| person(site, p)).collect();
    if !people.is_empty() {
        v["actor"] = json!(people);
    }
    if !ep.chapters.is_empty() {
        let end = ep.duration.unwrap_or(0);
        let clips: Vec<serde_json::Value> = ep
            .chapters
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut clip = json!({
                    "@type": "Clip", "name": c.title, "startOffset": c.start,
                    "url": format!("{url}#t-{}", c.start),
                });
                let next = ep.chapters.get(i + 1).map_or(end, |n| n.start);
                if next > c.start {
                    clip["endOffset"] = json!(next);
                }
                clip
            })
            .collect();
        v["hasPart"] = json!(clips);
    }
    script_json(&v)
}

/// `sitemap.xml`: every page worth finding (not the 404 page, nor a second ordering of
/// a page that has a canonical one), with the episode dates as `lastmod`.
pub fn sitemap(site: &FeedSite, files: &[PathBuf], dates: &rustc_hash::FxHashMap<String, String>) -> Vec<u8> {
    let mut paths: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let s = p.to_str()?.replace('\\', "/");
            let dir = s.strip_suffix("index.html")?;
            // Alternate orders and the search page are not pages to list.
            (!dir.ends_with("/newest/") && dir != "search/").then(|| dir.to_string())
        })
        .collect();
    paths.sort();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let res: std::io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("urlset")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .write_inner_content(|w| {
                for p in &paths {
                    w.create_element("url").write_inner_content(|w| {
                        w.create_element("loc")
                            .write_text_content(BytesText::new(&xml_safe(&format!("{}{p}", site.base))))?;
                        if let Some(d) = dates.get(p) {
                            w.create_element("lastmod").write_text_content(BytesText::new(d))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    res.expect("writing to memory");
    let mut out = w.into_inner();
    out.push(b'\n');
    out
}

/// `robots.txt`: everything may be crawled; where the sitemap is.
pub fn robots(site: &FeedSite) -> Page {
    Page {
        path: PathBuf::from("robots.txt"),
        content: format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", site.base).into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations() {
        assert_eq!(iso_duration(1708), "PT28M28S");
        assert_eq!(iso_duration(3600), "PT1H");
        assert_eq!(iso_duration(0), "PT0S");
    }

    #[test]
    fn jsonld_cannot_close_its_script() {
        let s = script_json(&json!({"name": "</script><script>alert(1)</script> & co"}));
        assert!(!s.contains('<') && !s.contains('&'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & co");
    }
}
