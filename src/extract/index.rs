//! The topic index: one page per entity of the catalogue that some episode discusses,
//! listing every episode about it with how much it was discussed and the moments it came
//! up; episodes that only mention it in passing are kept apart. Names and slugs are
//! decided here, once for the whole site, and written back into each episode's topics,
//! chapters and links.
//!
//! The rule for "discussed" is sustained talk ([`discusses`]): the episode's show notes
//! list it, its title or introduction names it as the subject, or it is talked about
//! over minutes (several mentions in one stretch of talk, or said again and again). An
//! episode that says it in passing is "also mentioned in". Ad reads count for neither:
//! their cues hold no mentions (see [`super::sponsors::read_extent`]).

use super::catalogue::{Catalogue, Kind};
use crate::model::{Cue, EntityMentions, Episode};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Sustained talk: at least this many mentions in one stretch of talk...
pub const SUSTAINED_MENTIONS: usize = 3;
/// ...from the first to the last at least this long apart (seconds)...
pub const SUSTAINED_SECONDS: u32 = 60;
/// ...or the episode says it this many times, however close together.
pub const MANY_MENTIONS: u32 = 4;
/// Mentions further apart than this (seconds) are separate stretches of talk.
const STRETCH_GAP: u32 = 120;
/// What a lone mention is worth, in seconds of talk.
const MENTION_SECONDS: u32 = 30;

/// One episode on a topic's page.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    /// Index into the site's episodes (newest first).
    pub episode: usize,
    /// Times said.
    pub mentions: u32,
    /// About how long it was talked about: each stretch of mentions (no gap over two
    /// minutes) from first to last, plus half a minute.
    pub seconds: u32,
    /// The cue (index) that opens each stretch: the moments to link to.
    pub moments: Vec<u32>,
    /// Every cue (index) that says it.
    pub cues: Vec<u32>,
    /// The show notes list it.
    pub in_notes: bool,
}

#[derive(Debug, Clone)]
pub struct TopicEntry {
    pub name: String,
    pub slug: String,
    pub url: Option<String>,
    pub description: Option<String>,
    /// The topic this one is a compound of ("Django" for "Django REST framework").
    pub parent: Option<String>,
    /// Slugs of compounds of this one.
    pub children: Vec<String>,
    /// Episodes that discuss it, newest first.
    pub episodes: Vec<Membership>,
    /// Episodes that mention it once, newest first.
    pub also: Vec<Membership>,
    /// Slugs of co-occurring topics, most shared episodes first.
    pub related: Vec<String>,
}

impl TopicEntry {
    /// Times said, summed over the episodes that discuss it.
    pub fn mentions(&self) -> u32 {
        self.episodes.iter().map(|m| m.mentions).sum()
    }
}

#[derive(Debug, Default)]
pub struct TopicIndex {
    /// Sorted by name (case-insensitive), then slug.
    pub topics: Vec<TopicEntry>,
    /// Sponsors: names said in ad reads, each with the episodes it sponsored.
    pub sponsors: Vec<TopicEntry>,
}

/// Ad phrasing followed by who pays for the read ("brought to you by X", "thanks to X",
/// "let me tell you about X"), and how close after it the name is (characters): an
/// address's path ("pythonbytes.fm/X", "fm slash X") right after.
const PAID_BY: &[(&str, usize)] = &[
    ("brought to you by", PAID_BY_REACH),
    ("sponsored by", PAID_BY_REACH),
    ("thank you to", PAID_BY_REACH),
    ("thanks to", PAID_BY_REACH),
    ("tell you about", PAID_BY_REACH),
    ("promo code", PAID_BY_REACH),
    ("offer code", PAID_BY_REACH),
    (".fm/", 0),
    ("fm slash", 1),
];
/// Ad phrasing after who pays: "X for sponsoring the show", "they are a sponsor", "try X
/// with a free trial".
const PAYS_FOR: &[&str] = &["sponsoring", "a sponsor", "our sponsor", "sponsor of", "free trial"];
/// How close after most of `PAID_BY` the name is (characters)...
const PAID_BY_REACH: usize = 30;
/// ...or before `PAYS_FOR`.
const PAYS_FOR_REACH: usize = 80;

/// Does an episode name the sponsor (one of `names`, lower case) as who pays for a read,
/// at one of the cues in `said`: right after "brought to you by" or before "for
/// sponsoring"? A name said near a read for another reason ("this is PyCon Eve", a guest
/// greeted after the opening thanks) is no sponsor.
fn named_by_a_read(cues: &[Cue], said: &[u32], names: &[String]) -> bool {
    said.iter().any(|&c| {
        let c = c as usize;
        // A cue may end mid-sentence: read it with its neighbours.
        let text: String = (c.saturating_sub(1)..=c + 1)
            .filter_map(|i| cues.get(i))
            .map(|cue| cue.text.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        names.iter().filter(|n| !n.is_empty()).any(|n| {
            text.match_indices(n.as_str()).any(|(at, _)| {
                let before = &text[..at];
                let after = &text[at + n.len()..];
                PAID_BY.iter().any(|&(p, reach)| before.rfind(p).is_some_and(|i| before.len() - (i + p.len()) <= reach))
                    || PAYS_FOR.iter().any(|p| after.find(p).is_some_and(|i| i <= PAYS_FOR_REACH))
            })
        })
    })
}

/// Seconds of talk in a run of mention times (sorted), and the start of each stretch.
fn stretches(times: &[u32]) -> (u32, Vec<usize>) {
    let mut seconds = 0;
    let mut opens = Vec::new();
    let mut i = 0;
    while i < times.len() {
        let mut j = i;
        while j + 1 < times.len() && times[j + 1].saturating_sub(times[j]) <= STRETCH_GAP {
            j += 1;
        }
        seconds += times[j] - times[i] + MENTION_SECONDS;
        opens.push(i);
        i = j + 1;
    }
    (seconds, opens)
}

/// Does the episode discuss the entity, rather than mention it in passing? Its show notes
/// list it, or it is the episode's subject (named in the title or introduced as such), or
/// one of the episode's own topics said more than once, or it is said
/// [`SUSTAINED_MENTIONS`] times in one stretch of talk (no gap over two minutes) lasting
/// [`SUSTAINED_SECONDS`], or [`MANY_MENTIONS`] times in all.
pub fn discusses(m: &EntityMentions, cues: &[Cue]) -> bool {
    if m.in_notes || m.subject || m.said >= MANY_MENTIONS || (m.ranked && m.said >= 2) {
        return true;
    }
    if m.cues.len() < SUSTAINED_MENTIONS {
        return false;
    }
    let mut times: Vec<u32> = m.cues.iter().filter_map(|&c| cues.get(c as usize)).map(|c| c.start).collect();
    times.sort_unstable();
    let mut from = 0;
    for i in 0..times.len() {
        if i > 0 && times[i] - times[i - 1] > STRETCH_GAP {
            from = i;
        }
        if i + 1 - from >= SUSTAINED_MENTIONS && times[i] - times[from] >= SUSTAINED_SECONDS {
            return true;
        }
    }
    false
}
/// An episode's topics, chapters and links take their topics' names and slugs: `page`
/// gives an entity's (display name, when it replaces a topic's spelling; slug), or
/// `None` for an entity that has no page (its topic then links nowhere).
pub(crate) fn name_topics<'a>(ep: &mut Episode, page: impl Fn(usize) -> Option<(Option<&'a str>, &'a str)>) {
    let mut by_name: FxHashMap<String, String> = FxHashMap::default();
    for t in &mut ep.topics {
        match t.entity.and_then(&page) {
            Some((name, slug)) => {
                by_name.insert(t.name.clone(), slug.to_string());
                if let (true, Some(name)) = (t.spelling, name) {
                    t.name = name.to_string();
                }
                t.slug = Some(slug.to_string());
            }
            None => t.slug = None,
        }
    }
    let resolve = |name: &Option<String>| name.as_ref().and_then(|n| by_name.get(n)).cloned();
    for c in &mut ep.chapters {
        c.topic = resolve(&c.topic);
    }
    for l in &mut ep.links {
        l.topic = resolve(&l.topic);
    }
}

fn membership(episode: usize, m: &EntityMentions, cues: &[Cue]) -> Membership {
    // In time order: a transcript's times may go backwards (warned about, and kept).
    let mut timed: Vec<(u32, u32)> = m.cues.iter().map(|&c| (cues[c as usize].start, c)).collect();
    timed.sort_unstable();
    let times: Vec<u32> = timed.iter().map(|t| t.0).collect();
    let (seconds, opens) = stretches(&times);
    Membership {
        episode,
        mentions: m.said,
        seconds,
        moments: opens.into_iter().map(|i| timed[i].1).collect(),
        cues: m.cues.clone(),
        in_notes: m.in_notes,
    }
}

/// The name a topic goes by: the one the show notes or `topics.toml` give, else its most
/// common spelling mid-sentence. Speech-to-text writes a proper name in lower case as
/// often as not, so a capitalised spelling wins when it is a third of them ("Bleve");
/// a name nobody capitalises stays as written ("pytest").
fn display_name(catalogue: &Catalogue, entity: usize, spellings: &BTreeMap<&str, u32>) -> String {
    let e = &catalogue.entities[entity];
    if let Some(n) = &e.name {
        return n.clone();
    }
    let caps = |s: &str| s.chars().any(char::is_uppercase);
    let best = |capitalised: bool| {
        spellings
            .iter()
            .filter(|(s, _)| caps(s) == capitalised)
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, n)| (s.to_string(), *n))
    };
    let total: u32 = spellings.values().sum();
    match (best(true), best(false)) {
        (Some((c, n)), _) if n * 3 >= total => c,
        (_, Some((l, _))) => l,
        (Some((c, _)), None) => c,
        (None, None) => e.key.clone(),
    }
}

/// Builds the index and names every episode's topics, chapters and links by it.
/// `episodes` must be in display order (newest first).
pub fn build(episodes: &mut [Episode], catalogue: &Catalogue) -> TopicIndex {
    let n = catalogue.entities.len();
    let mut discussed: Vec<Vec<Membership>> = vec![Vec::new(); n];
    let mut passing: Vec<Vec<Membership>> = vec![Vec::new(); n];
    let mut spellings: Vec<BTreeMap<&str, u32>> = vec![BTreeMap::new(); n];
    let mut read_by_name = vec![false; n];
    for (ei, ep) in episodes.iter().enumerate() {
        for m in &ep.entities {
            if catalogue.entities[m.entity].kind == Kind::Sponsor && !read_by_name[m.entity] {
                let ent = &catalogue.entities[m.entity];
                let names: Vec<String> = std::iter::once(&ent.key)
                    .chain(&ent.aliases)
                    .chain(ent.name.as_ref())
                    .chain(m.spellings.iter().map(|(s, _)| s))
                    .map(|s| s.to_lowercase())
                    .collect();
                read_by_name[m.entity] = named_by_a_read(&ep.cues, &m.cues, &names);
            }
            for (s, n) in &m.spellings {
                *spellings[m.entity].entry(s.as_str()).or_default() += n;
            }
            let row = membership(ei, m, &ep.cues);
            if discusses(m, &ep.cues) {
                discussed[m.entity].push(row);
            } else {
                passing[m.entity].push(row);
            }
        }
    }

    // Names and slugs, in a fixed order (the entity's key) so slugs never depend on threads.
    // A sponsor is listed where a read names it as who pays; a known topic has its page
    // even when only mentioned in passing.
    let listed = |e: usize| {
        let ent = &catalogue.entities[e];
        !ent.hidden
            && match ent.kind {
                Kind::Sponsor => read_by_name[e],
                // `topics.toml` and the show notes name it a topic: a page wherever said.
                Kind::Known => !discussed[e].is_empty() || !passing[e].is_empty(),
                // An ordinary word the catalogue does not write as a name ("state",
                // "script") is no page, however often some episode capitalises it.
                _ => !discussed[e].is_empty() && !ent.plain_word,
            }
    };
    let mut order: Vec<usize> = (0..n).filter(|&e| listed(e)).collect();
    order.sort_by(|&a, &b| catalogue.entities[a].key.cmp(&catalogue.entities[b].key));
    let mut slug_of: FxHashMap<usize, (String, String)> = FxHashMap::default();
    let mut used: FxHashMap<String, u32> = FxHashMap::default();
    for &e in &order {
        let name = display_name(catalogue, e, &spellings[e]);
        let mut slug = crate::slug::slugify(&name);
        if slug.is_empty() {
            slug = crate::slug::slugify_or_hash(&catalogue.entities[e].key, "topic");
        }
        let k = used.entry(slug.clone()).or_default();
        *k += 1;
        if *k > 1 {
            slug = format!("{slug}-{k}");
        }
        slug_of.insert(e, (name, slug));
    }

    let mut topics = Vec::new();
    let mut sponsors = Vec::new();
    for &e in &order {
        let ent = &catalogue.entities[e];
        let (name, slug) = slug_of[&e].clone();
        let parent = ent.parent.and_then(|p| slug_of.get(&p)).map(|(_, s)| s.clone());
        let entry = TopicEntry {
            name,
            slug,
            url: ent.url.clone(),
            description: ent.description.clone(),
            parent,
            children: Vec::new(),
            episodes: std::mem::take(&mut discussed[e]),
            also: std::mem::take(&mut passing[e]),
            related: Vec::new(),
        };
        if ent.kind == Kind::Sponsor {
            sponsors.push(entry);
        } else {
            topics.push(entry);
        }
    }
    let pos: FxHashMap<String, usize> = topics.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
    for i in 0..topics.len() {
        if let Some(&p) = topics[i].parent.as_ref().and_then(|p| pos.get(p)) {
            let child = topics[i].slug.clone();
            topics[p].children.push(child);
        }
    }
    for t in &mut topics {
        t.children.sort();
    }

    // Each episode's topics, chapters and links take the index's names and slugs.
    for ep in episodes.iter_mut() {
        name_topics(ep, |e| slug_of.get(&e).map(|(name, slug)| (Some(name.as_str()), slug.as_str())));
    }

    // Related topics: those discussed in the most of the same episodes.
    let mut by_episode: Vec<Vec<usize>> = vec![Vec::new(); episodes.len()];
    for (ti, t) in topics.iter().enumerate() {
        for m in &t.episodes {
            by_episode[m.episode].push(ti);
        }
    }
    let mut co: Vec<FxHashMap<usize, u32>> = vec![FxHashMap::default(); topics.len()];
    for ids in &by_episode {
        // An episode that discusses a great many topics relates them only weakly; cap the
        // pairs so one long episode does not cost quadratic time.
        for &a in ids.iter().take(64) {
            for &b in ids.iter().take(64) {
                if a != b {
                    *co[a].entry(b).or_default() += 1;
                }
            }
        }
    }
    let slugs: Vec<String> = topics.iter().map(|t| t.slug.clone()).collect();
    for (i, t) in topics.iter_mut().enumerate() {
        let mut rel: Vec<(usize, u32)> = co[i].iter().map(|(k, v)| (*k, *v)).collect();
        rel.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| slugs[a.0].cmp(&slugs[b.0])));
        // One shared episode relates everything in it; ask for two when there are many.
        let min = if rel.iter().filter(|r| r.1 >= 2).count() >= 3 { 2 } else { 1 };
        t.related = rel.into_iter().filter(|r| r.1 >= min).take(8).map(|(k, _)| slugs[k].clone()).collect();
    }
    let by_name = |a: &TopicEntry, b: &TopicEntry| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.slug.cmp(&b.slug))
    };
    topics.sort_by(by_name);
    let mut sponsors = fold_sponsors(sponsors);
    sponsors.sort_by(by_name);
    TopicIndex { topics, sponsors }
}

/// One entry per sponsor: a sponsor whose name is a part of another's ("Tech Meme" of
/// "Tech Meme Ride", "Digital" of "Advanced Digital") is that sponsor, said shorter. The
/// episodes of both are listed under the longer name, each once.
fn fold_sponsors(mut sponsors: Vec<TopicEntry>) -> Vec<TopicEntry> {
    let words = |t: &TopicEntry| -> Vec<String> {
        t.name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let within = |short: &[String], long: &[String]| {
        short.len() < long.len() && long.windows(short.len()).any(|w| w == short)
            // Written together: "Datadog" in "Data Dog".
            || (short.len() == 1 && long.len() > 1 && long.concat() == short[0])
    };
    let names: Vec<Vec<String>> = sponsors.iter().map(words).collect();
    // Longest names first, so a part folds into the longest sponsor that holds it.
    let mut by_length: Vec<usize> = (0..sponsors.len()).collect();
    by_length.sort_by(|&a, &b| names[b].len().cmp(&names[a].len()).then(sponsors[a].slug.cmp(&sponsors[b].slug)));
    let mut into: Vec<Option<usize>> = vec![None; sponsors.len()];
    for &i in &by_length {
        if let Some(&j) = by_length.iter().find(|&&j| j != i && into[j].is_none() && within(&names[i], &names[j])) {
            into[i] = Some(j);
        }
    }
    for i in 0..sponsors.len() {
        if let Some(j) = into[i] {
            let (eps, also) = (std::mem::take(&mut sponsors[i].episodes), std::mem::take(&mut sponsors[i].also));
            let target = &mut sponsors[j];
            target.episodes.extend(eps);
            target.also.extend(also);
            target.episodes.sort_by_key(|m| m.episode);
            target.episodes.dedup_by_key(|m| m.episode);
            let discussed: Vec<usize> = target.episodes.iter().map(|m| m.episode).collect();
            target.also.retain(|m| !discussed.contains(&m.episode));
            target.also.sort_by_key(|m| m.episode);
            target.also.dedup_by_key(|m| m.episode);
        }
    }
    sponsors.into_iter().zip(into).filter(|(_, into)| into.is_none()).map(|(s, _)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discussed_means_sustained_talk() {
        let lines = vec![""; 40];
        let cues = Cue::every(15, &lines);
        let m = |at: &[u32], said: u32| EntityMentions { entity: 0, cues: at.to_vec(), said, ..Default::default() };
        assert!(discusses(&m(&[2, 5, 8], 3), &cues), "three mentions over 90 s");
        assert!(!discusses(&m(&[2], 2), &cues), "twice in one sentence");
        assert!(!discusses(&m(&[2, 3, 4], 3), &cues), "three within half a minute");
        assert!(!discusses(&m(&[2, 12, 22], 3), &cues), "three, minutes apart");
        assert!(discusses(&m(&[2, 12, 22, 32], 4), &cues), "four in all");
        assert!(discusses(&EntityMentions { subject: true, ..m(&[2], 1) }, &cues), "the title's subject");
        assert!(discusses(&EntityMentions { in_notes: true, ..m(&[], 0) }, &cues), "a show-notes item");
        assert!(discusses(&EntityMentions { ranked: true, ..m(&[2], 2) }, &cues));
        assert!(!discusses(&EntityMentions { ranked: true, ..m(&[2], 1) }, &cues), "its topic, said once");
    }

    #[test]
    fn a_sponsor_is_who_a_read_says_pays() {
        let cues = Cue::every(
            15,
            &[
                "This episode is brought to you by Acme Cloud.",
                "Check them out at theshow.fm/acme. Welcome, Vicki.",
                "Thanks for having me.",
            ],
        );
        let names = |n: &str| vec![n.to_string()];
        assert!(named_by_a_read(&cues, &[0], &names("acme cloud")));
        assert!(!named_by_a_read(&cues, &[1], &names("vicki")), "greeted after the read");
    }

    #[test]
    fn a_shorter_form_of_a_sponsors_name_is_that_sponsor() {
        let entry = |name: &str, eps: &[usize]| TopicEntry {
            name: name.to_string(),
            slug: crate::slug::slugify(name),
            url: None,
            description: None,
            parent: None,
            children: Vec::new(),
            episodes: eps
                .iter()
                .map(|&e| Membership {
                    episode: e,
                    mentions: 1,
                    seconds: 30,
                    moments: vec![],
                    cues: vec![],
                    in_notes: false,
                })
                .collect(),
            also: Vec::new(),
            related: Vec::new(),
        };
        let folded =
            fold_sponsors(vec![entry("Tech Meme", &[1, 2]), entry("Tech Meme Ride", &[2, 3]), entry("Linode", &[4])]);
        let names: Vec<(&str, Vec<usize>)> =
            folded.iter().map(|s| (s.name.as_str(), s.episodes.iter().map(|m| m.episode).collect())).collect();
        assert_eq!(names, vec![("Tech Meme Ride", vec![1, 2, 3]), ("Linode", vec![4])]);
    }

    #[test]
    fn stretches_of_talk() {
        // 10..70 is one stretch (gaps of 60 s), 500 another, 900..1000 a third.
        let (seconds, opens) = stretches(&[10, 40, 70, 500, 900, 1000]);
        assert_eq!(opens, vec![0, 3, 4]);
        assert_eq!(seconds, (60 + 30) + 30 + (100 + 30));
        assert_eq!(stretches(&[]), (0, vec![]));
    }
}
