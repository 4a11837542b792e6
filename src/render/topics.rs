//! The topic pages: the index (most covered first, paginated; A-Z by letter; a filter box
//! fed by a small JSON file), one page per topic (its episodes by how much they discuss
//! it, each with quoted moments, re-sorted newest first by a small script; passing
//! mentions apart), the sponsors page, and `api/topics.json`.

use super::memo::{ContextHasher, PageMemo};
use super::{context, episode_url, page_meta, timeline, topic_url, Theme};
use crate::extract::index::{Membership, TopicEntry, TopicIndex};
use crate::model::{Cue, Episode, Mention};
use crate::text::{format_duration, format_timestamp};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::json;
use std::path::PathBuf;

/// Topics per page of the "most covered" index.
pub const INDEX_PAGE: usize = 100;
/// Moments quoted per episode on a topic page.
const QUOTED_MOMENTS: usize = 3;
/// Episodes with quoted moments on a topic page (the most discussed); the rest are listed
/// without quotes, so a topic of a thousand episodes stays a page of a few hundred KB.
const QUOTED_EPISODES: usize = 50;
/// Episodes that mention a topic in passing listed on its page (the newest; each with its
/// moment quoted); the rest are counted, linked to the search and in `api/topics.json`.
/// A name said in passing in 700 episodes would otherwise be 100 KB of links per page.
const ALSO_LISTED: usize = 50;
/// Characters of a quote.
const QUOTE_CHARS: usize = 160;

/// A short quote of what was said at a cue: its text, and the next cue's when it is short,
/// cut at a word boundary.
pub fn quote(cues: &[Cue], at: usize) -> String {
    let mut text = cues[at].text.trim().to_string();
    if text.chars().count() < QUOTE_CHARS / 2 {
        if let Some(next) = cues.get(at + 1) {
            text.push(' ');
            text.push_str(next.text.trim());
        }
    }
    if text.chars().count() <= QUOTE_CHARS {
        return text;
    }
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > QUOTE_CHARS / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}\u{2026}", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// "about 4 min", or "under a minute".
fn talk_time(seconds: u32) -> String {
    if seconds < 60 {
        "under a minute".to_string()
    } else {
        format!("about {}", format_duration(seconds))
    }
}

#[derive(Serialize)]
struct MomentQuote {
    stamp: String,
    url: String,
    quote: String,
}

#[derive(Serialize)]
struct EpisodeRow<'a> {
    /// Position in the newest-first order (0 = newest).
    newest: usize,
    title: &'a str,
    number: Option<u32>,
    date: Option<&'a str>,
    url: String,
    mentions: u32,
    talk: String,
    in_notes: bool,
    moments: Vec<MomentQuote>,
    /// Moments not quoted.
    more: usize,
    /// Listed in full (with its moments); the rest of a long list is one line each.
    quoted: bool,
}

#[derive(Serialize)]
struct TopicLink<'a> {
    name: &'a str,
    url: String,
    episode_count: usize,
}

fn row<'a>(m: &Membership, episodes: &'a [Episode], root: &str, quoted: usize) -> EpisodeRow<'a> {
    let ep = &episodes[m.episode];
    let url = episode_url(root, &ep.slug);
    let moments: Vec<MomentQuote> = m
        .moments
        .iter()
        .take(quoted)
        .map(|&c| {
            let start = ep.cues[c as usize].start;
            MomentQuote {
                stamp: format_timestamp(start),
                url: format!("{url}#t-{start}"),
                quote: quote(&ep.cues, c as usize),
            }
        })
        .collect();
    EpisodeRow {
        newest: m.episode,
        title: &ep.title,
        number: ep.number,
        date: ep.date.as_deref(),
        more: m.moments.len().saturating_sub(moments.len()),
        quoted: quoted > 0,
        url,
        mentions: m.mentions,
        talk: talk_time(m.seconds),
        in_notes: m.in_notes,
        moments,
    }
}

/// Most discussed first: mentions, then talk time, then newest.
fn by_coverage(a: &Membership, b: &Membership) -> std::cmp::Ordering {
    b.mentions.cmp(&a.mentions).then(b.seconds.cmp(&a.seconds)).then(a.episode.cmp(&b.episode))
}

/// The first letter a topic is filed under in the A-Z index: `a`-`z`, else `0-9`.
pub fn letter_of(name: &str) -> String {
    match crate::slug::slugify(name).chars().next() {
        Some(c) if c.is_ascii_lowercase() => c.to_string(),
        _ => "0-9".to_string(),
    }
}

/// Every page and file of the topic index.
pub fn render(
    theme: &Theme,
    site: &super::SiteView,
    episodes: &[Episode],
    index: &TopicIndex,
    feeds: &crate::config::FeedSettings,
    out: &super::Out,
    memo: Option<&PageMemo>,
) -> Result<(), String> {
    let root = site.root.as_str();
    // What every topic page reads of the site beyond its own topic: the site's view, and
    // every episode's label (its timeline names the first, the last and any at a bar's
    // edge). Hashed once, and only when pages are kept.
    let shared = memo.map(|_| {
        let mut h = ContextHasher::new("topic-pages");
        h.json(site).bytes(site.canonical_base.as_bytes()).bytes(&(episodes.len() as u64).to_le_bytes());
        for ep in episodes {
            h.json(&(&ep.slug, &ep.title, ep.number, &ep.date));
        }
        h.finish()
    });
    let by_slug: FxHashMap<&str, &TopicEntry> = index.topics.iter().map(|t| (t.slug.as_str(), t)).collect();
    let link = |slug: &str| {
        by_slug.get(slug).map(|t| TopicLink {
            name: &t.name,
            url: topic_url(root, &t.slug),
            episode_count: t.episodes.len(),
        })
    };

    // Most covered first, paginated.
    let mut covered: Vec<&TopicEntry> = index.topics.iter().collect();
    covered.sort_by(|a, b| {
        b.episodes.len().cmp(&a.episodes.len()).then(b.mentions().cmp(&a.mentions())).then(a.slug.cmp(&b.slug))
    });
    let chunks: Vec<&[&TopicEntry]> =
        if covered.is_empty() { vec![&[][..]] } else { covered.chunks(INDEX_PAGE).collect() };
    let n_pages = chunks.len();
    let page_url = |n: usize| if n == 1 { format!("{root}topics/") } else { format!("{root}topics/page/{n}/") };
    let letters = letters(&index.topics);
    for (i, chunk) in chunks.iter().enumerate() {
        let mut ctx = context(site);
        let rows: Vec<TopicLink> = chunk.iter().filter_map(|t| link(&t.slug)).collect();
        ctx.insert("topics", &rows);
        ctx.insert("topic_count", &index.topics.len());
        ctx.insert("sponsor_count", &index.sponsors.len());
        ctx.insert("letters", &letters);
        ctx.insert(
            "paginator",
            &json!({
                "current": i + 1, "pages": n_pages, "first": i * INDEX_PAGE + 1,
                "previous": (i > 0).then(|| page_url(i)), "next": (i + 1 < n_pages).then(|| page_url(i + 2)),
            }),
        );
        let path = if i == 0 {
            PathBuf::from("topics/index.html")
        } else {
            PathBuf::from(format!("topics/page/{}/index.html", i + 1))
        };
        let rel = path.parent().map(|p| format!("{}/", p.display())).unwrap_or_default();
        ctx.insert("page", &page_meta(site, &rel, Some("Topics".into()), None));
        out.put(path, theme.render("topics.html", &ctx)?.into_bytes())?;
    }

    // A-Z: one page per letter.
    for l in &letters {
        let mut ctx = context(site);
        let rows: Vec<TopicLink> =
            index.topics.iter().filter(|t| letter_of(&t.name) == l.letter).filter_map(|t| link(&t.slug)).collect();
        ctx.insert("letter", &l.letter);
        ctx.insert("letters", &letters);
        ctx.insert("topics", &rows);
        ctx.insert("topic_count", &index.topics.len());
        let rel = format!("topics/a-z/{}/", l.letter);
        ctx.insert("page", &page_meta(site, &rel, Some(format!("Topics: {}", l.letter.to_uppercase())), None));
        out.put(
            PathBuf::from(format!("topics/a-z/{}/index.html", l.letter)),
            theme.render("topics_letter.html", &ctx)?.into_bytes(),
        )?;
    }
    // The filter box's data: every topic, most covered first, as [name, slug, episodes].
    let names: Vec<(&str, &str, usize)> =
        covered.iter().map(|t| (t.name.as_str(), t.slug.as_str(), t.episodes.len())).collect();
    out.put(PathBuf::from("topics/names.json"), serde_json::to_vec(&names).map_err(|e| e.to_string())?)?;

    // One page per topic, most discussed first (the page's script re-sorts it by date).
    let topic_pages: Result<(), String> = index
        .topics
        .par_iter()
        .map(|t| {
            let mut members: Vec<&Membership> = t.episodes.iter().collect();
            members.sort_by(|a, b| by_coverage(a, b));
            let rows: Vec<EpisodeRow> = members
                .iter()
                .enumerate()
                .map(|(i, m)| row(m, episodes, root, if i < QUOTED_EPISODES { QUOTED_MOMENTS } else { 0 }))
                .collect();
            let also: Vec<EpisodeRow> = t
                .also
                .iter()
                .take(ALSO_LISTED)
                .enumerate()
                .map(|(i, m)| row(m, episodes, root, usize::from(i < QUOTED_EPISODES)))
                .collect();
            let path = PathBuf::from(format!("topics/{}/index.html", t.slug));
            let make = || topic_page(theme, site, t, episodes, feeds, &link, &rows, &also);
            match (memo, shared) {
                (Some(memo), Some(shared)) => {
                    // Everything the page reads: the site and the labels (`shared`), the
                    // topic itself, the topics it links to, and its rows (titles, quotes).
                    let mut h = ContextHasher::new("topic");
                    h.bytes(&shared);
                    topic_hash(&mut h, t);
                    for s in t.parent.iter().chain(&t.children).chain(&t.related) {
                        h.json(&link(s));
                    }
                    h.json(&rows).json(&also);
                    memo.put(out, path, h.finish(), || make().map(String::into_bytes))
                }
                _ => out.put(path, make()?.into_bytes()),
            }
        })
        .collect();
    topic_pages?;

    // Sponsors.
    if !index.sponsors.is_empty() {
        let rows: Vec<serde_json::Value> = index
            .sponsors
            .iter()
            .map(|s| {
                let eps: Vec<serde_json::Value> = s
                    .episodes
                    .iter()
                    .chain(&s.also)
                    .map(|m| {
                        let ep = &episodes[m.episode];
                        json!({"title": ep.title, "number": ep.number, "url": episode_url(root, &ep.slug)})
                    })
                    .collect();
                json!({"name": s.name, "episode_count": eps.len(), "episodes": eps})
            })
            .collect();
        let mut ctx = context(site);
        ctx.insert("sponsors", &rows);
        ctx.insert("page", &page_meta(site, "sponsors/", Some("Sponsors".into()), None));
        out.put(PathBuf::from("sponsors/index.html"), theme.render("sponsors.html", &ctx)?.into_bytes())?;
    }

    out.put(PathBuf::from("api/topics.json"), topics_json(index, episodes)?)
}

/// Hashes every field of a topic a topic page reads: all of them but each episode's list
/// of cues (the page quotes the moments). The patterns name every field, so a field added
/// to [`TopicEntry`] or [`Membership`] does not compile until it is added here too.
fn topic_hash(h: &mut ContextHasher, t: &TopicEntry) {
    let TopicEntry { name, slug, url, description, parent, children, episodes, also, related } = t;
    h.json(&(name, slug, url, description, parent, children, related));
    for list in [episodes, also] {
        h.bytes(&(list.len() as u64).to_le_bytes());
        for m in list {
            let Membership { episode, mentions, seconds, moments, cues: _, in_notes } = m;
            h.json(&(episode, mentions, seconds, moments, in_notes));
        }
    }
}

/// A topic's page (`topic.html`), its rows made.
#[allow(clippy::too_many_arguments)]
fn topic_page<'a>(
    theme: &Theme,
    site: &super::SiteView,
    t: &TopicEntry,
    episodes: &[Episode],
    feeds: &crate::config::FeedSettings,
    link: &impl Fn(&str) -> Option<TopicLink<'a>>,
    rows: &[EpisodeRow],
    also: &[EpisodeRow],
) -> Result<String, String> {
    let root = site.root.as_str();
    let page = topic_url(root, &t.slug);
    let meta = page_meta(
        site,
        &format!("topics/{}/", t.slug),
        Some(t.name.clone()),
        Some(t.description.clone().unwrap_or_else(|| {
            format!("Every episode of {} that discusses {}, and when it came up.", site.title, t.name)
        })),
    );
    let mut ctx = context(site);
    ctx.insert(
        "topic",
        &json!({
            "name": t.name, "slug": t.slug, "link": t.url, "description": t.description,
            "url": page, "episode_count": t.episodes.len(), "also_count": t.also.len(),
        }),
    );
    ctx.insert("parent", &t.parent.as_deref().and_then(link));
    ctx.insert("children", &t.children.iter().filter_map(|s| link(s)).collect::<Vec<_>>());
    ctx.insert("episodes", &rows);
    ctx.insert("also", &also);
    let also_more = t.also.len().saturating_sub(also.len());
    ctx.insert("also_more", &also_more);
    // The search finds the rest: the topic's name as the query.
    let also_search = site.search_url.as_ref().filter(|_| also_more > 0).map(|s| {
        format!("{s}?q={}", percent_encoding::utf8_percent_encode(&t.name, percent_encoding::NON_ALPHANUMERIC))
    });
    ctx.insert("also_search", &also_search);
    ctx.insert("related", &t.related.iter().filter_map(|s| link(s)).collect::<Vec<_>>());
    ctx.insert("timeline", &timeline::topic(&t.name, &t.slug, &t.episodes, &t.also, episodes));
    let has_feed = feeds.topic_has_feed(t.episodes.len());
    ctx.insert("feed_url", &has_feed.then(|| format!("{page}feed.xml")));
    ctx.insert("page", &meta);
    theme.render("topic.html", &ctx)
}

#[derive(Serialize)]
struct Letter {
    letter: String,
    count: usize,
}

fn letters(topics: &[TopicEntry]) -> Vec<Letter> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for t in topics {
        *counts.entry(letter_of(&t.name)).or_default() += 1;
    }
    counts.into_iter().map(|(letter, count)| Letter { letter, count }).collect()
}

/// `api/topics.json`: every topic, sorted by name. The schema is in the guide
/// (docs/src/api.md). Written from typed rows (no `serde_json::Value` tree in between):
/// the fields in alphabetical order, the order a `json!` object prints its keys in, so
/// the bytes are what they were.
fn topics_json(index: &TopicIndex, episodes: &[Episode]) -> Result<Vec<u8>, String> {
    #[derive(Serialize)]
    struct Member<'a> {
        in_notes: bool,
        mention_count: u32,
        moments: Vec<Mention>,
        number: Option<u32>,
        seconds: u32,
        slug: &'a str,
        title: &'a str,
    }
    #[derive(Serialize)]
    struct Also<'a> {
        number: Option<u32>,
        slug: &'a str,
    }
    #[derive(Serialize)]
    struct Row<'a> {
        also_mentioned: Vec<Also<'a>>,
        children: &'a [String],
        description: &'a Option<String>,
        episode_count: usize,
        episodes: Vec<Member<'a>>,
        name: &'a str,
        parent: &'a Option<String>,
        related: &'a [String],
        slug: &'a str,
        url: &'a Option<String>,
    }
    let member = |m: &Membership| {
        let ep = &episodes[m.episode];
        Member {
            in_notes: m.in_notes,
            mention_count: m.mentions,
            moments: m.moments.iter().map(|&c| Mention { start: ep.cues[c as usize].start }).collect(),
            number: ep.number,
            seconds: m.seconds,
            slug: &ep.slug,
            title: &ep.title,
        }
    };
    let rows: Vec<Row> = index
        .topics
        .iter()
        .map(|t| Row {
            also_mentioned: t
                .also
                .iter()
                .map(|m| {
                    let ep = &episodes[m.episode];
                    Also { number: ep.number, slug: &ep.slug }
                })
                .collect(),
            children: &t.children,
            description: &t.description,
            episode_count: t.episodes.len(),
            episodes: t.episodes.iter().map(member).collect(),
            name: &t.name,
            parent: &t.parent,
            related: &t.related,
            slug: &t.slug,
            url: &t.url,
        })
        .collect();
    serde_json::to_vec(&rows).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_short_and_cut_at_words() {
        let cues =
            Cue::every(10, &["So Django", "is a web framework that we talk about a lot on this show, really a lot."]);
        assert_eq!(
            quote(&cues, 0),
            "So Django is a web framework that we talk about a lot on this show, really a lot."
        );
        let long = "word ".repeat(60);
        let cues = Cue::every(10, &[long.as_str()]);
        let q = quote(&cues, 0);
        assert!(q.ends_with('\u{2026}') && q.chars().count() <= QUOTE_CHARS + 1, "{q}");
        assert_eq!(letter_of("Django"), "d");
        assert_eq!(letter_of("3D printing"), "0-9");
    }
}
