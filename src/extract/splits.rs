//! One page per thing (issue 19, requirement 4): two entities of the catalogue that are
//! one thing said two ways fold into one, by general rules read from the catalogue, never
//! by a list of names:
//!
//! - a web address or `.js` ending of the same name: "Fly.io" and "Fly", "Electron.js"
//!   and "Electron" (where a third of the short form's episodes say the long one too:
//!   TensorFlow is not TensorFlow.js), "google.com" and "Google" (always);
//! - the same ending glued on or said apart: "asyncio" and "async", "Electron JS",
//!   "Travis CI" and "Travis";
//! - a maker's prefix: "GitHub Copilot" and "Copilot", "Google Colab" and "Colab", where
//!   the prefix is a thing of the catalogue itself and at least half the episodes that
//!   say the short form say the long one too ("Ingress NGINX" does not take NGINX, nor
//!   "Django ORM" ORM, said in many episodes without them).
//!
//! An ending glued on or said apart needs the two forms said in the same episodes: at
//! least one, and at least half of those of the form said in fewer episodes. "Swift" and
//! "SwiftUI", "Java" and "JavaScript" are two things and no rule joins them. Runs once pass 3 is done (every episode's entities
//! known), on every build, so the extraction cache does not hold its result.

use super::catalogue::{Catalogue, Kind};
use crate::model::{EntityMentions, Episode};
use rustc_hash::{FxHashMap, FxHashSet};

/// Endings of a web address or a JavaScript library's name, written after a dot.
const DOT_ENDINGS: &[&str] = &["js", "io", "com", "dev", "ai", "sh", "org", "net", "app", "fm"];
/// Endings also glued on ("asyncio", "nodejs") or said as a word ("Electron JS",
/// "Travis CI").
const WORD_ENDINGS: &[&str] = &["js", "io", "ci"];

/// Endings of a web site's address: "google.com" is Google, whatever else is said.
const SITE_ENDINGS: &[&str] = &["com", "org", "net", "fm"];

/// How a long form was found for a short one.
#[derive(Clone, Copy)]
enum Rule {
    /// "fly.io" for "fly": a third of the short form's episodes say the long one too
    /// (TensorFlow, said in many episodes, is not TensorFlow.js); "google.com" for
    /// "google" always.
    Dotted,
    /// "asyncio", "travis ci": said in the same episodes, half of them at least.
    Ending,
    /// "github copilot": half the short form's episodes say the long one too ("ORM" is
    /// not "Django ORM").
    Maker,
}

/// Folds the split things of the catalogue: each episode's topics and mentions of the
/// shorter form become the longer one's, and the shorter form has no page. Returns the
/// pairs folded (short key, long key), in the catalogue's order.
pub fn fold(episodes: &mut [Episode], catalogue: &mut Catalogue) -> Vec<(String, String)> {
    let n = catalogue.entities.len();
    let usable = |e: usize| {
        let ent = &catalogue.entities[e];
        !ent.hidden && ent.kind != Kind::Sponsor && !ent.plain_word
    };
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, e) in catalogue.entities.iter().enumerate() {
        if usable(i) {
            by_key.entry(e.key.as_str()).or_insert(i);
        }
    }
    // The episodes that say each entity.
    let mut said_in: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, ep) in episodes.iter().enumerate() {
        for m in ep.entities.iter().filter(|m| !m.cues.is_empty()) {
            said_in[m.entity].push(i as u32);
        }
    }
    let both = |a: usize, b: usize| {
        let set: FxHashSet<u32> = said_in[a].iter().copied().collect();
        said_in[b].iter().filter(|e| set.contains(e)).count()
    };

    // Each short form's best long form: (co-occurrence, long).
    let mut best: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
    for (long, ent) in catalogue.entities.iter().enumerate() {
        if !usable(long) || said_in[long].is_empty() {
            continue;
        }
        let key = ent.key.as_str();
        let words: Vec<&str> = key.split(' ').collect();
        let mut shorts: Vec<(usize, Rule)> = Vec::new();
        let mut add = |short: Option<&usize>, rule: Rule| {
            if let Some(&s) = short.filter(|&&s| s != long) {
                shorts.push((s, rule));
            }
        };
        if words.len() == 1 {
            // "fly.io", "electron.js"
            if let Some((head, tail)) = key.rsplit_once('.') {
                if DOT_ENDINGS.contains(&tail) && !head.contains('.') && head.chars().count() >= 2 {
                    add(by_key.get(head), Rule::Dotted);
                }
            }
            // "asyncio", "nodejs"
            for end in WORD_ENDINGS {
                if let Some(head) = key.strip_suffix(end) {
                    let head = head.trim_end_matches(['-', '_']);
                    if head.chars().count() >= 3 {
                        add(by_key.get(head), Rule::Ending);
                    }
                }
            }
        } else {
            // "travis ci", "electron js"
            if WORD_ENDINGS.contains(words.last().unwrap_or(&"")) {
                add(by_key.get(words[..words.len() - 1].join(" ").as_str()), Rule::Ending);
            }
            // "github copilot": the maker is a thing of its own.
            if by_key.contains_key(words[0]) {
                add(by_key.get(words[1..].join(" ").as_str()), Rule::Maker);
            }
        }
        for (short, rule) in shorts {
            let together = both(short, long);
            let fewer = said_in[short].len().min(said_in[long].len());
            let site = key.rsplit_once('.').is_some_and(|(_, t)| SITE_ENDINGS.contains(&t));
            let folds = match rule {
                Rule::Dotted if site => true,
                Rule::Dotted => together >= 1 && together * 3 >= said_in[short].len(),
                Rule::Ending => together >= 1 && together * 2 >= fewer,
                Rule::Maker => together >= 1 && together * 2 >= said_in[short].len(),
            };
            if folds {
                let e = best.entry(short).or_insert((together, long));
                if together > e.0 {
                    *e = (together, long);
                }
            }
        }
    }
    if best.is_empty() {
        return Vec::new();
    }
    // Where the long form folds on too, the longest end of the chain.
    let mut into: FxHashMap<usize, usize> = FxHashMap::default();
    let mut shorts: Vec<usize> = best.keys().copied().collect();
    shorts.sort_unstable();
    for &s in &shorts {
        let mut to = best[&s].1;
        let mut steps = 0;
        while let Some(&(_, next)) = best.get(&to) {
            if next == s || steps > 8 {
                break;
            }
            to = next;
            steps += 1;
        }
        if to != s {
            into.insert(s, to);
        }
    }

    // The page goes by the long form's name ("asyncio", "Fly.io", "GitHub Copilot"), as
    // the episodes write it most, capitalised when a third of them are.
    let mut votes: FxHashMap<usize, FxHashMap<&str, u32>> = FxHashMap::default();
    // (A web site's address is the site's name written out: "google.com" is Google.)
    let site = |e: usize| catalogue.entities[e].key.rsplit_once('.').is_some_and(|(_, t)| SITE_ENDINGS.contains(&t));
    let longs: FxHashSet<usize> = into.values().copied().filter(|&e| !site(e)).collect();
    for ep in episodes.iter() {
        for m in ep.entities.iter().filter(|m| longs.contains(&m.entity)) {
            for (s, c) in &m.spellings {
                *votes.entry(m.entity).or_default().entry(s.as_str()).or_default() += c;
            }
        }
    }
    let mut names: Vec<(usize, String)> = votes
        .into_iter()
        .filter_map(|(e, v)| {
            let total: u32 = v.values().sum();
            let best = |caps: bool| {
                v.iter()
                    .filter(|(s, _)| s.chars().any(char::is_uppercase) == caps)
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(s, n)| (s.to_string(), *n))
            };
            let name = match (best(true), best(false)) {
                (Some((c, n)), _) if n * 3 >= total => c,
                (_, Some((l, _))) => l,
                (Some((c, _)), None) => c,
                (None, None) => return None,
            };
            Some((e, name))
        })
        .collect();
    names.sort_unstable();
    for (e, name) in names {
        let ent = &mut catalogue.entities[e];
        if ent.name.is_none() {
            ent.name = Some(name);
        }
    }
    for ep in episodes.iter_mut() {
        fold_episode(ep, &into);
    }
    let mut folded = Vec::new();
    for &s in &shorts {
        if let Some(&to) = into.get(&s) {
            folded.push((catalogue.entities[s].key.clone(), catalogue.entities[to].key.clone()));
            catalogue.fold_into(s, to);
        }
    }
    folded
}

/// One episode's topics and mentions with the folded entities as the one they fold into.
fn fold_episode(ep: &mut Episode, into: &FxHashMap<usize, usize>) {
    if !ep.entities.iter().any(|m| into.contains_key(&m.entity)) {
        return;
    }
    let mut merged: Vec<EntityMentions> = Vec::with_capacity(ep.entities.len());
    let mut all = std::mem::take(&mut ep.entities);
    for m in &mut all {
        if let Some(&to) = into.get(&m.entity) {
            m.entity = to;
        }
    }
    all.sort_by_key(|m| m.entity);
    for m in all {
        match merged.last_mut() {
            Some(last) if last.entity == m.entity => {
                last.cues.extend(m.cues);
                last.cues.sort_unstable();
                last.cues.dedup();
                last.said += m.said;
                for (s, c) in m.spellings {
                    match last.spellings.iter_mut().find(|(x, _)| *x == s) {
                        Some(x) => x.1 += c,
                        None => last.spellings.push((s, c)),
                    }
                }
                last.spellings.sort();
                last.in_notes |= m.in_notes;
                last.ranked |= m.ranked;
                last.subject |= m.subject;
            }
            _ => merged.push(m),
        }
    }
    ep.entities = merged;

    // Topics: one per entity, where the first of the two forms stood; a chapter that
    // named the other form names the one kept.
    let mut kept_name: FxHashMap<usize, String> = FxHashMap::default();
    let mut renamed: Vec<(String, String)> = Vec::new();
    ep.topics.retain_mut(|t| {
        let Some(e) = t.entity else { return true };
        let to = into.get(&e).copied().unwrap_or(e);
        if to != e {
            t.entity = Some(to);
            t.spelling = true;
        }
        match kept_name.get(&to) {
            Some(name) => {
                renamed.push((t.name.clone(), name.clone()));
                false
            }
            None => {
                kept_name.insert(to, t.name.clone());
                true
            }
        }
    });
    for c in &mut ep.chapters {
        if let Some((_, to)) = renamed.iter().find(|(from, _)| c.topic.as_ref() == Some(from)) {
            c.topic = Some(to.clone());
        }
    }
    for l in &mut ep.links {
        if let Some((_, to)) = renamed.iter().find(|(from, _)| l.topic.as_ref() == Some(from)) {
            l.topic = Some(to.clone());
        }
    }
}
