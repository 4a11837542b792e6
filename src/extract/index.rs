//! The catalogue-wide topic index: one name, slug, link and description per topic
//! (spellings folded together), the episodes and moments it came up, and the topics
//! that co-occur with it.

use super::glossary::{fold, Glossary};
use crate::model::Episode;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct TopicEntry {
    pub name: String,
    pub slug: String,
    pub url: Option<String>,
    pub description: Option<String>,
    /// Indexes into the site's episodes, newest first.
    pub episodes: Vec<usize>,
    /// Slugs of co-occurring topics, most shared episodes first.
    pub related: Vec<String>,
}

#[derive(Debug, Default)]
pub struct TopicIndex {
    /// Sorted by name (case-insensitive), then slug.
    pub topics: Vec<TopicEntry>,
}

/// Gives every topic one identity across episodes and rewrites each episode's topic
/// names and slugs to it. `episodes` must be in display order (newest first).
pub fn build(episodes: &mut [Episode], glossary: &Glossary) -> TopicIndex {
    // fold key -> (name votes, url, description, episode indexes)
    struct Acc {
        votes: BTreeMap<String, (u32, u32)>,
        url: Option<String>,
        description: Option<String>,
        episodes: Vec<usize>,
    }
    let mut accs: BTreeMap<String, Acc> = BTreeMap::new();
    for (ei, ep) in episodes.iter().enumerate() {
        for t in &ep.topics {
            let a = accs.entry(fold(&t.name)).or_insert_with(|| Acc {
                votes: BTreeMap::new(),
                url: None,
                description: None,
                episodes: Vec::new(),
            });
            let v = a.votes.entry(t.name.clone()).or_default();
            // Names the hosts wrote outrank names heard in speech.
            if t.from_notes {
                v.0 += 1;
            }
            v.1 += 1;
            if a.url.is_none() {
                a.url = t.url.clone();
            }
            if a.episodes.last() != Some(&ei) {
                a.episodes.push(ei);
            }
        }
    }
    for k in &glossary.topics {
        if let Some(a) = accs.get_mut(&fold(&k.name)) {
            // The glossary's own name and link win.
            a.votes.insert(k.name.clone(), (u32::MAX / 2, 0));
            if k.url.is_some() {
                a.url = k.url.clone();
            }
            a.description = k.description.clone();
        }
    }
    let mut slug_of: FxHashMap<String, (String, String)> = FxHashMap::default();
    let mut used: FxHashMap<String, u32> = FxHashMap::default();
    let mut topics = Vec::new();
    for (key, a) in accs {
        let name = a
            .votes
            .iter()
            .max_by(|x, y| x.1.cmp(y.1).then_with(|| y.0.cmp(x.0)))
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let mut slug = crate::slug::slugify(&name);
        if slug.is_empty() {
            slug = crate::slug::slugify_or_hash(&key, "topic");
        }
        let n = used.entry(slug.clone()).or_default();
        *n += 1;
        if *n > 1 {
            slug = format!("{slug}-{n}");
        }
        slug_of.insert(key, (name.clone(), slug.clone()));
        topics.push(TopicEntry {
            name,
            slug,
            url: a.url,
            description: a.description,
            episodes: a.episodes,
            related: Vec::new(),
        });
    }
    for ep in episodes.iter_mut() {
        for t in &mut ep.topics {
            if let Some((name, slug)) = slug_of.get(&fold(&t.name)) {
                t.name = name.clone();
                t.slug = slug.clone();
            }
        }
        // Chapters and links name their topic until here; now they get its slug, and a
        // name the index does not know is dropped rather than left as a broken link.
        let resolve =
            |name: &Option<String>| name.as_ref().and_then(|n| slug_of.get(&fold(n))).map(|(_, slug)| slug.clone());
        for c in &mut ep.chapters {
            c.topic = resolve(&c.topic);
        }
        for l in &mut ep.links {
            l.topic = resolve(&l.topic);
        }
    }
    // Related topics: those sharing the most episodes.
    let pos: FxHashMap<String, usize> = topics.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
    let mut co: Vec<FxHashMap<usize, u32>> = vec![FxHashMap::default(); topics.len()];
    for ep in episodes.iter() {
        let ids: Vec<usize> = ep.topics.iter().filter_map(|t| pos.get(&t.slug).copied()).collect();
        for &a in &ids {
            for &b in &ids {
                if a != b {
                    *co[a].entry(b).or_default() += 1;
                }
            }
        }
    }
    let slugs: Vec<String> = topics.iter().map(|t| t.slug.clone()).collect();
    for (i, t) in topics.iter_mut().enumerate() {
        let mut rel: Vec<(usize, u32)> = co[i].iter().map(|(k, v)| (*k, *v)).collect();
        rel.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        // One shared episode relates everything in it; ask for two when there are many.
        let min = if rel.iter().filter(|r| r.1 >= 2).count() >= 3 { 2 } else { 1 };
        t.related = rel.into_iter().filter(|r| r.1 >= min).take(8).map(|(k, _)| slugs[k].clone()).collect();
    }
    topics.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.slug.cmp(&b.slug)));
    TopicIndex { topics }
}
