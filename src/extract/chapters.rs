//! Chapters. With show notes, each item becomes a chapter that starts where the
//! transcript begins discussing it (where its names cluster), in the hosts' order.
//! Without, the transcript is split at the places its main topics cluster, each chapter
//! titled by its topic.

use crate::model::{Chapter, EpisodeTopic};

/// A cluster: at least `min` mentions within `window` seconds of the first.
const WINDOW: u32 = 240;

/// The first mention at or after `from` that starts a cluster of mentions (the
/// discussion), else the first mention at or after `from`.
fn cluster_start(mentions: &[u32], from: u32, min: usize) -> Option<u32> {
    let after: Vec<u32> = mentions.iter().copied().filter(|&m| m >= from).collect();
    for (i, &m) in after.iter().enumerate() {
        let n = after[i..].iter().take_while(|&&x| x <= m + WINDOW).count();
        if n >= min {
            return Some(m);
        }
    }
    after.first().copied()
}

/// A show-notes item and the moments its names were said.
#[derive(Debug, Clone)]
pub struct ItemMentions {
    pub title: String,
    pub url: Option<String>,
    /// The item's topic name, when it became a topic.
    pub topic: Option<String>,
    /// Cue starts (seconds), in order.
    pub mentions: Vec<u32>,
}

/// Chapters from show-notes items, given in show-notes order. An item never said in the transcript gets no chapter.
pub fn from_items(items: &[ItemMentions]) -> Vec<Chapter> {
    let mut out: Vec<Chapter> = Vec::new();
    let mut from = 0;
    for ItemMentions { title, url, topic, mentions } in items {
        // Items are discussed in order: look after the previous chapter first, and
        // fall back to anywhere when the hosts reordered.
        let start = cluster_start(mentions, from, 2).or_else(|| cluster_start(mentions, 0, 2));
        let Some(start) = start else { continue };
        if out.iter().any(|c| c.start == start) {
            continue;
        }
        from = from.max(start + 1);
        out.push(Chapter { title: title.clone(), start, url: url.clone(), topic: topic.clone() });
    }
    out.sort_by_key(|c| c.start);
    with_intro(out)
}

/// Chapters from a transcript alone: each of the top topics opens a chapter where its
/// mentions cluster (3 within four minutes); chapters closer than two minutes merge.
pub fn from_topics(topics: &[EpisodeTopic]) -> Vec<Chapter> {
    // Best topic first: where two would open chapters within two minutes, the better
    // one (earlier in `topics`) keeps its chapter.
    let mut out: Vec<Chapter> = Vec::new();
    for t in topics.iter().take(10) {
        let m: Vec<u32> = t.mentions.iter().map(|m| m.start).collect();
        let Some(start) = dense_start(&m, 3) else { continue };
        if out.iter().any(|c| c.start.abs_diff(start) < 120) {
            continue;
        }
        out.push(Chapter { title: t.name.clone(), start, url: t.url.clone(), topic: Some(t.name.clone()) });
    }
    out.sort_by_key(|c| c.start);
    with_intro(out)
}

/// First mention of the densest cluster of at least `min` mentions.
fn dense_start(m: &[u32], min: usize) -> Option<u32> {
    let mut best: Option<(usize, u32)> = None;
    for (i, &s) in m.iter().enumerate() {
        let n = m[i..].iter().take_while(|&&x| x <= s + WINDOW).count();
        if n >= min && best.is_none_or(|b| n > b.0) {
            best = Some((n, s));
        }
    }
    best.map(|b| b.1)
}

fn with_intro(mut chapters: Vec<Chapter>) -> Vec<Chapter> {
    if chapters.first().is_some_and(|c| c.start > 30) {
        chapters.insert(0, Chapter { title: "Intro".into(), start: 0, url: None, topic: None });
    }
    chapters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_start_where_their_names_cluster() {
        let items = vec![
            ItemMentions {
                title: "pyscript".into(),
                url: None,
                topic: Some("pyscript".to_string()),
                mentions: vec![33, 60, 90],
            },
            // said once in the intro teaser, then discussed from 400
            ItemMentions {
                title: "Memray".into(),
                url: None,
                topic: Some("Memray".to_string()),
                mentions: vec![10, 400, 420, 500],
            },
            ItemMentions { title: "Never said".into(), url: None, topic: None, mentions: vec![] },
        ];
        let ch = from_items(&items);
        let view: Vec<(&str, u32)> = ch.iter().map(|c| (c.title.as_str(), c.start)).collect();
        assert_eq!(view, vec![("Intro", 0), ("pyscript", 33), ("Memray", 400)]);
    }

    #[test]
    fn without_notes_the_better_topic_keeps_a_contested_chapter() {
        let topic = |name: &str, starts: &[u32]| EpisodeTopic {
            name: name.into(),
            slug: Some(name.to_lowercase()),
            score: 1.0,
            from_notes: false,
            url: None,
            mentions: starts.iter().map(|&start| crate::model::Mention { start }).collect(),
            entity: None,
            spelling: false,
        };
        // The best topic clusters at 300; a weaker one at 250, too close to keep both.
        let topics =
            vec![topic("Best", &[300, 320, 340]), topic("Weaker", &[250, 260, 270]), topic("Later", &[900, 910, 920])];
        let view: Vec<(String, u32)> = from_topics(&topics).into_iter().map(|c| (c.title, c.start)).collect();
        assert_eq!(view, vec![("Intro".to_string(), 0), ("Best".to_string(), 300), ("Later".to_string(), 900)]);
    }
}
