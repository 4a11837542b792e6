//! The people pages: the index (`/people/`, most appearances first, then A-Z) and one
//! page per host and guest (`/people/<slug>/`): their episodes as host, as guest and
//! where they are mentioned, the topics of those episodes, and the moments they are
//! introduced.

use super::feed::FeedSite;
use super::{context, episode_url, page_meta, seo, topic_url, Theme};
use crate::model::Episode;
use crate::people::{Intro, People, Person};
use crate::text::format_timestamp;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::path::PathBuf;

/// Topics listed on a person's page.
const PERSON_TOPICS: usize = 15;

/// A link to a person's page, as the episode pages and the index show it.
#[derive(Serialize)]
pub struct PersonLink<'a> {
    pub name: &'a str,
    pub url: String,
    /// `host` or `guest`.
    pub role: &'static str,
    /// Episodes they host or are a guest on.
    pub appearances: usize,
}

pub fn person_url(root: &str, slug: &str) -> String {
    format!("{root}people/{slug}/")
}

/// An episode's hosts, then guests, each linked to their page.
pub fn links<'a>(ep: &'a Episode, people: &People, root: &str) -> Vec<PersonLink<'a>> {
    let mut out = Vec::new();
    for (names, role) in [(&ep.hosts, "host"), (&ep.guests, "guest")] {
        for n in names {
            if let Some(p) = people.get(n) {
                out.push(PersonLink { name: n, url: person_url(root, &p.slug), role, appearances: p.appearances() });
            }
        }
    }
    out
}

#[derive(Serialize)]
struct EpisodeRow<'a> {
    title: &'a str,
    number: Option<u32>,
    date: Option<&'a str>,
    url: String,
    /// Where they are introduced (or, for a mention, first named): `{stamp, url}`.
    moment: Option<Moment>,
}

#[derive(Serialize)]
struct Moment {
    stamp: String,
    url: String,
}

#[derive(Serialize)]
struct PersonView<'a> {
    name: &'a str,
    url: String,
    img: Option<&'a str>,
    link: Option<&'a str>,
    bio: Option<&'a str>,
    appearances: usize,
}

#[derive(Serialize)]
struct TopicCount<'a> {
    name: &'a str,
    url: String,
    episodes: usize,
}

fn row<'a>(ep: &'a Episode, root: &str, at: Option<u32>) -> EpisodeRow<'a> {
    let url = episode_url(root, &ep.slug);
    EpisodeRow {
        title: &ep.title,
        number: ep.number,
        date: ep.date.as_deref(),
        moment: at.map(|s| Moment { stamp: format_timestamp(s), url: format!("{url}#t-{s}") }),
        url,
    }
}

fn view<'a>(p: &'a Person, root: &str) -> PersonView<'a> {
    PersonView {
        name: &p.name,
        url: person_url(root, &p.slug),
        img: p.img.as_deref(),
        link: p.url.as_deref(),
        bio: p.bio.as_deref(),
        appearances: p.appearances(),
    }
}

/// The topics of a person's episodes, in most of them first.
fn topics<'a>(p: &Person, episodes: &'a [Episode], root: &str) -> Vec<TopicCount<'a>> {
    let mut counts: FxHashMap<&str, (usize, &'a str)> = FxHashMap::default();
    for &i in p.guested.iter().chain(&p.hosted) {
        for t in &episodes[i].topics {
            if let Some(s) = t.slug.as_deref() {
                counts.entry(s).or_insert((0, &t.name)).0 += 1;
            }
        }
    }
    let mut v: Vec<(&str, usize, &str)> = counts.into_iter().map(|(s, (n, name))| (s, n, name)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter()
        .take(PERSON_TOPICS)
        .map(|(s, n, name)| TopicCount { name, url: topic_url(root, s), episodes: n })
        .collect()
}

/// Every people page.
pub fn render(
    theme: &Theme,
    site: &super::SiteView,
    fsite: &FeedSite,
    episodes: &[Episode],
    people: &People,
    out: &super::Out,
) -> Result<(), String> {
    if people.people.is_empty() {
        return Ok(());
    }
    let root = site.root.as_str();
    let ranked: Vec<PersonView> = people.people.iter().map(|p| view(p, root)).collect();
    let mut az: Vec<&PersonView> = ranked.iter().collect();
    az.sort_by_key(|p| (p.name.to_lowercase(), p.name));
    let mut ctx = context(site);
    ctx.insert("people", &ranked);
    ctx.insert("people_az", &az);
    ctx.insert("page", &page_meta(site, "people/", Some("People".into()), None));
    out.put(PathBuf::from("people/index.html"), theme.render("people.html", &ctx)?.into_bytes())?;

    for p in &people.people {
        let intro_at = |i: usize| p.intros.iter().find(|m| m.episode == i).map(|m| m.start);
        let guest: Vec<EpisodeRow> = p.guested.iter().map(|&i| row(&episodes[i], root, intro_at(i))).collect();
        let host: Vec<EpisodeRow> = p.hosted.iter().map(|&i| row(&episodes[i], root, None)).collect();
        let mentioned: Vec<EpisodeRow> =
            p.mentioned.iter().map(|&Intro { episode, start }| row(&episodes[episode], root, Some(start))).collect();
        let mut ctx = context(site);
        ctx.insert("person", &view(p, root));
        ctx.insert("guest_episodes", &guest);
        ctx.insert("host_episodes", &host);
        ctx.insert("mentioned_episodes", &mentioned);
        ctx.insert("topics", &topics(p, episodes, root));
        let description = match (p.bio.as_deref(), p.guested.len(), p.hosted.len()) {
            (Some(b), _, _) => b.to_string(),
            (None, g, 0) => format!("{} on {}: {g} episode{}.", p.name, site.title, if g == 1 { "" } else { "s" }),
            (None, _, h) => {
                format!("{}, host of {}: {h} episode{}.", p.name, site.title, if h == 1 { "" } else { "s" })
            }
        };
        let mut meta = page_meta(site, &format!("people/{}/", p.slug), Some(p.name.clone()), Some(description));
        meta.og_type = "profile";
        meta.jsonld = Some(seo::person_jsonld(fsite, p));
        ctx.insert("page", &meta);
        out.put(
            PathBuf::from(format!("people/{}/index.html", p.slug)),
            theme.render("person.html", &ctx)?.into_bytes(),
        )?;
    }
    Ok(())
}
