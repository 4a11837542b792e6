//! Chapters: where each part of an episode starts and what it is called. The episode is
//! segmented first ([`super::segment`]): every cue gets a turn strength (hand-off lines,
//! changes of vocabulary, speakers, pauses), and the sponsor reads, the Extras and the
//! joke are parts of their own, titled plainly.
//!
//! With show notes, the items keep the hosts' order. They are aligned to the episode in
//! sequence (dynamic programming over the cues where a turn can start): each item pulls
//! the talk about it into its chapter by its evidence, and each boundary falls on the
//! strongest turn between two items' talk, so a chapter starts at the hand-off line. An
//! item's evidence is what the catalogue finds said of its entities, its title's words,
//! its link's project, and the names and words of its bullets, each weighted by how
//! concentrated it is in the episode: a word said all through the episode ("python", a
//! bare site name) tells nothing. Every item gets a chapter: one nobody names goes
//! between its neighbours, at the strongest turn there.
//!
//! Without show notes, each part is a chapter, titled by the topic it discusses most.
//! Turns are kept where they are strong: a hand-off, an unusual change of vocabulary, or
//! one of the episode's topics starting to be discussed; at least a minute apart, or 90 s
//! when no hand-off says so. A conversation with few hand-offs (an interview) gets its
//! chapters at topic shifts at least four minutes apart, at a host's question after a
//! long answer and at the transcript's breaks, at most ten an hour; a part no thing of
//! the catalogue names is titled by a phrase it keeps saying.

use super::catalogue::{Catalogue, Kind};
use super::glossary::project_from_url;
use super::segment::{content_words, fold_plural, Shape, Turns};
use super::spans::ExtraStops;
use crate::model::{Chapter, Cue, EntityMentions, EpisodeTopic, NoteItem};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Each chapter boundary costs this much: a turn must be worth more to be one.
const SWITCH: f32 = 0.6;
/// The shortest part, in seconds.
const MIN_PART: u32 = 30;
/// Worth of a read covering its ad cues, over and above its two turns.
const READ_BONUS: f32 = 1.0;
/// An item resumed after a sponsor read repeats its chapter: a third boundary.
const RESUME: f32 = SWITCH;
/// Worth of opening the Extras or the joke where they are named.
const SECTION_OPENS: f32 = 1.5;
/// Evidence is counted in blocks of this many seconds: a word said in most blocks of an
/// episode tells nothing about where one item is discussed.
const BLOCK: u32 = 60;
/// Below this concentration (ln of blocks over blocks that say it), a word is no evidence.
const MIN_IDF: f32 = 0.3;
/// Weights of an item's evidence.
const TITLE_WORD: f32 = 1.0;
const LINK_PROJECT: f32 = 0.7;
const BULLET_NAME: f32 = 0.4;
const BULLET_WORD: f32 = 0.15;
const ENTITY: f32 = 1.0;
/// Words that never tell one item from another, however written.
const GENERIC: &[&str] =
    &["python", "com", "org", "net", "www", "http", "https", "github", "pypi", "html", "io", "dev"];
/// Without show notes: what a turn must be worth to be a chapter boundary.
const TURN_COST: f32 = 1.5;
/// Worth of one of the episode's topics starting to be discussed within a minute.
const ONSET_WEIGHT: f32 = 0.5;
const ONSET_AHEAD: u32 = 60;
/// Topics whose first discussions are looked for, and how close mentions must be to be
/// one discussion.
const ONSET_TOPICS: usize = 15;
const DISCUSSION_GAP: u32 = 120;
/// Seconds between boundaries: after a hand-off, without one, and in a conversation.
const GAP_HANDOFF: u32 = 60;
const GAP_SHIFT: u32 = 90;
const GAP_CONVERSATION: u32 = 240;
/// A conversation's longest part without a chapter, and its last seconds, where none
/// starts.
const CONVERSATION_PART: u32 = 720;
const OUTRO: u32 = 180;
/// A read's start and end, the Extras and the joke are always kept: only this apart.
const GAP_FIXED: u32 = 20;
/// A conversation: fewer strong hand-offs than this per ten minutes.
const CONVERSATION_HANDOFFS: f32 = 1.0;
/// An interview show: most episodes pass the word fewer times than this per ten minutes
/// (Python Bytes 2.3 times or more in nine episodes of ten, Practical AI under 1.7).
const INTERVIEW_HANDOFFS: f32 = 1.5;
/// Without show notes, the first thing starts at most this long after the introductions.
const FIRST_WITHIN: u32 = 120;
/// Without show notes, the Extras and the joke are looked for in the latter part.
const EXTRAS_FROM: f32 = 0.55;
const JOKE_FROM: f32 = 0.6;
/// A show has a segment (the Extras, the joke) when at least this share of its episodes
/// says it in their latter part: Python Bytes in most, an interview show "a joke" in
/// passing in a few.
const SEGMENT_SHARE: f32 = 0.3;
/// A part titled by one name also names the next thing it discusses, when that is said
/// at least this much (of the first's share) here.
const PAIR_SHARE: f32 = 0.5;
/// A conversation's most chapters an hour, and the fewest it is cut to.
const PER_HOUR: usize = 10;
const MIN_CHAPTERS: usize = 2;
/// Worth of a question put after a long answer, in a conversation.
const QUESTION_WEIGHT: f32 = 1.5;
/// An interview's shortest part, in seconds: a turn closer than this to the last one is
/// no new chapter for a listener.
const SHORTEST_TALK: u32 = 120;

/// A show-notes item, with what is known of where it is said.
#[derive(Debug, Clone)]
pub struct ItemInput<'a> {
    pub item: &'a NoteItem,
    /// The item's topic name, when it became a topic.
    pub topic: Option<String>,
    /// Cues where the catalogue finds the item's entities said.
    pub entity_cues: Vec<u32>,
}

/// A thing of the catalogue said in the episode: a title for a part that discusses
/// none of the episode's topics.
#[derive(Debug, Clone)]
pub struct Named {
    /// The entity of the catalogue.
    pub entity: usize,
    pub name: String,
    /// The cues that say it.
    pub cues: Vec<u32>,
}

/// The things of the catalogue said at least twice in an episode (not sponsors, not
/// hidden), each by how the episode writes it most.
pub fn names_said(said: &[EntityMentions], catalogue: &Catalogue) -> Vec<Named> {
    said.iter()
        .filter(|m| m.cues.len() >= 2)
        .filter_map(|m| {
            let e = &catalogue.entities[m.entity];
            if e.hidden || e.kind == Kind::Sponsor {
                return None;
            }
            // The spelling written most (ties to the first in byte order).
            let written = m.spellings.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(s, _)| s.clone());
            let name = e.name.clone().or(written).unwrap_or_else(|| e.key.clone());
            Some(Named { entity: m.entity, name, cues: m.cues.clone() })
        })
        .collect()
}

/// What a show is, decided over all its episodes ([`Show::of`]): an interview show
/// (most episodes a conversation with few hand-offs), and the segments it has. Without
/// show notes, a Joke or Extras chapter only in a show that has that segment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Show {
    pub interview: bool,
    pub extras: bool,
    pub joke: bool,
}

impl Show {
    /// From each episode's [`Shape`].
    pub fn of(shapes: impl IntoIterator<Item = Shape>) -> Show {
        let (mut n, mut talks, mut extras, mut joke) = (0u32, 0u32, 0u32, 0u32);
        for s in shapes {
            n += 1;
            talks += (s.handoffs < INTERVIEW_HANDOFFS) as u32;
            extras += s.extras as u32;
            joke += s.joke as u32;
        }
        let has = |k: u32| k > 0 && k as f32 >= SEGMENT_SHARE * n as f32;
        Show { interview: talks > 0 && 2 * talks >= n, extras: has(extras), joke: has(joke) }
    }

    /// The share of an episode after which its segments are looked for.
    pub const FROM: f32 = EXTRAS_FROM;
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Item(usize),
    Extras,
    Joke,
}

/// Chapters from show-notes items, in the hosts' order: one per item, plus the sponsor
/// reads, the Extras and the joke where the episode has them.
pub fn from_items(cues: &[Cue], turns: &Turns, ad: &[bool], items: &[ItemInput], stops: &ExtraStops) -> Vec<Chapter> {
    if items.is_empty() || cues.is_empty() {
        return Vec::new();
    }
    let evidence = item_evidence(cues, turns, ad, items, stops);
    let Some(aligned) = align(cues, turns, &evidence, true).or_else(|| align(cues, turns, &evidence, false)) else {
        // Fewer cues than items (a stub transcript): one item per cue, the rest at the last.
        let mut out: Vec<Chapter> =
            items.iter().enumerate().map(|(k, it)| item_chapter(it, cues[k.min(cues.len() - 1)].start)).collect();
        out.sort_by_key(|c| c.start);
        return with_intro(out);
    };
    let mut out: Vec<Chapter> = Vec::new();
    for (part, cue, read) in aligned {
        if let Some(s) = read {
            out.push(plain("Sponsor", cues[s].start));
        }
        let start = cues[cue].start;
        out.push(match part {
            Part::Item(k) => item_chapter(&items[k], start),
            Part::Extras => plain("Extras", start),
            Part::Joke => plain("Joke", start),
        });
    }
    out.sort_by_key(|c| c.start);
    with_intro(out)
}

fn item_chapter(it: &ItemInput, start: u32) -> Chapter {
    Chapter { title: it.item.title.clone(), start, url: it.item.url.clone(), topic: it.topic.clone() }
}

fn plain(title: &str, start: u32) -> Chapter {
    Chapter { title: title.into(), start, url: None, topic: None }
}

/// Per item, per cue: how much the cue says about the item (0 in ad reads).
fn item_evidence(cues: &[Cue], turns: &Turns, ad: &[bool], items: &[ItemInput], stops: &ExtraStops) -> Vec<Vec<f32>> {
    let n = cues.len();
    let nv = turns.vocab.len();
    // In how many blocks of the episode each word is said.
    let blocks = cues.last().map_or(1, |c| c.start / BLOCK + 1);
    let mut df = vec![0u32; nv];
    let mut last_block = vec![u32::MAX; nv];
    for (c, words) in cues.iter().zip(turns.words.iter()) {
        let b = c.start / BLOCK;
        for &w in words {
            if last_block[w as usize] != b {
                last_block[w as usize] = b;
                df[w as usize] += 1;
            }
        }
    }
    let idf = |count: u32| if count == 0 { 0.0 } else { (blocks as f32 / count as f32).ln() };
    let ids: FxHashMap<&str, u32> = turns.vocab.iter().enumerate().map(|(i, w)| (w.as_str(), i as u32)).collect();
    let terms: Vec<FxHashMap<String, f32>> = items.iter().map(|it| item_terms(it.item, stops)).collect();
    // A term several items list tells them apart less.
    let mut owners: FxHashMap<&str, f32> = FxHashMap::default();
    for t in &terms {
        for k in t.keys() {
            *owners.entry(k.as_str()).or_default() += 1.0;
        }
    }
    let mut out = Vec::with_capacity(items.len());
    for (it, t) in items.iter().zip(&terms) {
        // word id -> weight; compounds said as two words -> weight
        let mut by_word: FxHashMap<u32, f32> = FxHashMap::default();
        let mut by_pair: FxHashMap<(u32, u32), f32> = FxHashMap::default();
        for (term, &w) in t {
            let share = w / owners[term.as_str()];
            // (Misheard forms come with the entities: the catalogue folds them in.)
            if let Some(&f) = ids.get(term.as_str()) {
                let v = share * idf(df[f as usize]);
                if v > MIN_IDF * share {
                    let e = by_word.entry(f).or_default();
                    *e = e.max(v);
                }
            }
            // "sortedcontainers" said "sorted containers"
            for cut in 3..term.len().saturating_sub(2) {
                if !term.is_char_boundary(cut) {
                    continue;
                }
                let (a, b) = (&term[..cut], fold_plural(&term[cut..]));
                if let (Some(&x), Some(&y)) = (ids.get(a), ids.get(b)) {
                    let v = share * idf(df[x as usize].min(df[y as usize]));
                    if v > MIN_IDF * share {
                        by_pair.insert((x, y), v);
                    }
                }
            }
        }
        let mut ev = vec![0f32; n];
        let mut seen: Vec<u32> = Vec::new();
        for (i, words) in turns.words.iter().enumerate() {
            seen.clear();
            let mut s = 0.0;
            for &w in words {
                if let Some(&v) = by_word.get(&w) {
                    if !seen.contains(&w) {
                        seen.push(w);
                        s += v;
                    }
                }
            }
            for p in words.windows(2) {
                if let Some(&v) = by_pair.get(&(p[0], p[1])) {
                    s += v;
                }
            }
            ev[i] = s;
        }
        // The catalogue's finds: names as they are said, misheard forms folded in.
        let mut entity_blocks: Vec<u32> =
            it.entity_cues.iter().filter_map(|&c| cues.get(c as usize)).map(|c| c.start / BLOCK).collect();
        entity_blocks.dedup();
        let v = ENTITY * idf(entity_blocks.len() as u32);
        if v > MIN_IDF {
            let mut last = None;
            for &c in &it.entity_cues {
                if last != Some(c) && (c as usize) < n {
                    ev[c as usize] += v;
                }
                last = Some(c);
            }
        }
        for (e, &is_ad) in ev.iter_mut().zip(ad) {
            if is_ad {
                *e = 0.0;
            }
        }
        out.push(ev);
    }
    out
}

/// The words an item is known by, with how much each says: its title's words (and
/// adjacent ones joined: "sorted containers"), its link's project, the names in its
/// bullets (capitalised mid-sentence, or shaped like code), and their other words.
fn item_terms(item: &NoteItem, stops: &ExtraStops) -> FxHashMap<String, f32> {
    let mut terms: FxHashMap<String, f32> = FxHashMap::default();
    let mut add = |w: &str, weight: f32| {
        let w = fold_plural(w);
        if w.chars().count() < 3 || GENERIC.contains(&w) || stops.contains(w) || w.chars().all(|c| c.is_ascii_digit()) {
            return;
        }
        match terms.get_mut(w) {
            Some(e) => *e = e.max(weight),
            None => {
                terms.insert(w.to_string(), weight);
            }
        }
    };
    let title = item.title.to_lowercase().replace('\u{2019}', "'");
    for w in content_words(&title) {
        add(w, TITLE_WORD);
    }
    // Adjacent words joined, as a name may be written or said either way.
    let raw: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for p in raw.windows(2) {
        if content_words(p[0]).next().is_some() && content_words(p[1]).next().is_some() {
            add(&format!("{}{}", p[0], p[1]), TITLE_WORD);
        }
    }
    for (i, url) in item.url.iter().chain(&item.links).enumerate() {
        if let Some(project) = project_from_url(url) {
            let weight = if i == 0 && item.url.is_some() { LINK_PROJECT } else { BULLET_NAME };
            let p = project.to_lowercase();
            let words: Vec<&str> = content_words(&p).collect();
            for w in &words {
                add(w, weight);
            }
            add(&words.concat(), weight);
        }
    }
    for line in item.text.lines() {
        let lowered = line.to_lowercase();
        let mut first = true;
        for (raw, low) in line.split_whitespace().zip(lowered.split_whitespace()) {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            let name_like = (!first && word.chars().next().is_some_and(char::is_uppercase))
                || word.chars().skip(1).any(char::is_uppercase)
                || word.contains(['.', '_']) && word.len() > 3;
            first = raw.ends_with(['.', '?', '!', ':']);
            for w in content_words(low) {
                add(w, if name_like { BULLET_NAME } else { BULLET_WORD });
            }
        }
    }
    terms
}

/// The order-keeping alignment: for each part (item, Extras, joke), the cue it starts at
/// and the start of a sponsor read just before it. `strict` keeps parts at least
/// [`MIN_PART`] long, on turns, and no item across an announced read; when that cannot
/// place every item, any cue will do.
fn align(
    cues: &[Cue],
    turns: &Turns,
    evidence: &[Vec<f32>],
    strict: bool,
) -> Option<Vec<(Part, usize, Option<usize>)>> {
    let n = cues.len();
    let k = evidence.len();
    let parts: Vec<Part> = (0..k).map(Part::Item).chain([Part::Extras, Part::Joke]).collect();
    let nl = parts.len();
    let t = |i: usize| cues[i].start;
    let min_part = if strict { MIN_PART } else { 0 };
    let intro_end = turns.intro_end.max(turns.deferral_end.unwrap_or(0));
    let intro_end = if strict { intro_end } else { intro_end.min(n.saturating_sub(k)) };
    let entry = |p: Part, i: usize| -> Option<f32> {
        match p {
            Part::Item(_) => Some(turns.strength[i]),
            Part::Extras => turns.extras[i].then_some(SECTION_OPENS),
            Part::Joke => turns.joke[i].then_some(SECTION_OPENS),
        }
    };
    let reads: Vec<&super::segment::Read> = if strict { turns.reads.iter().collect() } else { Vec::new() };
    let mut is_cand = vec![false; n];
    for (i, c) in is_cand.iter_mut().enumerate().skip(intro_end) {
        *c = !strict || turns.strength[i] > 0.15 || turns.extras[i] || turns.joke[i];
    }
    for r in &reads {
        for &e in &r.ends {
            is_cand[e] = true;
        }
    }
    // The first item may start right after the introductions.
    if let Some(c) = is_cand.get_mut(intro_end) {
        *c = true;
    }
    let cand: Vec<usize> = (0..n).filter(|&i| is_cand[i]).collect();
    let m = cand.len();
    if m < k {
        return None;
    }
    // Announced reads: no part runs across one (epoch = announced reads begun before).
    let mut epoch = vec![0u32; n + 1];
    {
        let musts: Vec<usize> = reads.iter().filter(|r| r.announced).map(|r| r.first).collect();
        let mut e = 0;
        for (i, ep) in epoch.iter_mut().enumerate() {
            while (e as usize) < musts.len() && musts[e as usize] < i {
                e += 1;
            }
            *ep = e;
        }
    }
    // Evidence so far, per part.
    let pre: Vec<Vec<f32>> = (0..nl)
        .map(|l| match evidence.get(l) {
            Some(ev) => std::iter::once(0.0)
                .chain(ev.iter().scan(0.0, |s, x| {
                    *s += x;
                    Some(*s)
                }))
                .collect(),
            None => vec![0.0; n + 1],
        })
        .collect();
    // Items follow items; the Extras follow the last item; the joke either.
    let pred_parts = |l: usize| -> (usize, Option<usize>) {
        if l < k {
            (l.wrapping_sub(1), None)
        } else if l == k {
            (k - 1, None)
        } else {
            (k - 1, Some(k))
        }
    };
    let preds = |l: usize| {
        let (a, b) = pred_parts(l);
        (l > 0).then_some(a).into_iter().chain(b)
    };
    #[derive(Clone, Copy)]
    enum Back {
        Start,
        Direct(usize, usize),
        Read(usize, usize, usize),
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let mut f = vec![vec![NEG; m]; nl];
    let mut back = vec![vec![Back::Start; m]; nl];
    // Running best of f - evidence so far, per part, over candidates far enough back.
    let mut best: Vec<(u32, f32, usize)> = vec![(0, NEG, 0); nl];
    let mut pool = 0;
    let mut before_read: FxHashMap<(usize, usize), Option<(f32, usize)>> = FxHashMap::default();
    let ends_of: FxHashMap<usize, Vec<(usize, usize)>> = {
        let mut map: FxHashMap<usize, Vec<(usize, usize)>> = FxHashMap::default();
        for (ri, r) in reads.iter().enumerate() {
            for &e in &r.ends {
                for &s in &r.starts {
                    if s < e {
                        map.entry(e).or_default().push((ri, s));
                    }
                }
            }
        }
        map
    };
    for c in 0..m {
        let i = cand[c];
        while pool < c && t(cand[pool]) + min_part <= t(i) {
            let j = cand[pool];
            for l in 0..nl {
                let v = f[l][pool] - pre[l][j];
                if f[l][pool] > NEG && (epoch[j] > best[l].0 || v > best[l].1) {
                    best[l] = (epoch[j], v, pool);
                }
            }
            pool += 1;
        }
        for l in 0..nl {
            let Some(enter) = entry(parts[l], i) else { continue };
            let mut v = if l == 0 { enter - SWITCH } else { NEG };
            let mut b = Back::Start;
            for pl in preds(l) {
                let (e, bv, arg) = best[pl];
                if bv > NEG && e == epoch[i] {
                    let x = bv + pre[pl][i] + enter - SWITCH;
                    if x > v {
                        v = x;
                        b = Back::Direct(pl, arg);
                    }
                }
            }
            // After a sponsor read [s, i): the next part, or the same one resumed.
            for &(ri, s) in ends_of.get(&i).map(Vec::as_slice).unwrap_or(&[]) {
                let r = reads[ri];
                if epoch[i] - epoch[s] != r.announced as u32 {
                    continue;
                }
                let opens = if r.announced { 1.0 } else { turns.handoff[s] };
                let bonus = READ_BONUS + opens + turns.strength[i] - 2.0 * SWITCH;
                for pl in preds(l).chain([l]) {
                    // The best part `pl` ending where the read starts (all before it are done).
                    let before = *before_read.entry((s, pl)).or_insert_with(|| {
                        (0..c)
                            .filter(|&pc| {
                                let j = cand[pc];
                                j < s && t(j) + min_part <= t(s) && epoch[j] == epoch[s] && f[pl][pc] > NEG
                            })
                            .map(|pc| (f[pl][pc] - pre[pl][cand[pc]], pc))
                            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                    });
                    if let Some((bv, pc)) = before {
                        let x = bv + pre[pl][s] + bonus + if pl == l { -RESUME } else { enter };
                        if x > v {
                            v = x;
                            b = Back::Read(pl, pc, s);
                        }
                    }
                }
            }
            f[l][c] = v;
            back[l][c] = b;
        }
    }
    // The end: every item placed, and no announced read left inside the last part.
    let mut end: Option<(f32, usize, usize)> = None;
    for l in k - 1..nl {
        for c in 0..m {
            let i = cand[c];
            if f[l][c] == NEG || epoch[i] != epoch[n] {
                continue;
            }
            let v = f[l][c] + pre[l][n] - pre[l][i];
            if end.is_none_or(|e| v > e.0) {
                end = Some((v, l, c));
            }
        }
    }
    let (_, mut l, mut c) = end?;
    let mut out = Vec::new();
    loop {
        let (read, next) = match back[l][c] {
            Back::Start => (None, None),
            Back::Direct(pl, pc) => (None, Some((pl, pc))),
            Back::Read(pl, pc, s) => (Some(s), Some((pl, pc))),
        };
        out.push((parts[l], cand[c], read));
        match next {
            Some((pl, pc)) => (l, c) = (pl, pc),
            None => break,
        }
    }
    out.reverse();
    Some(out)
}

/// Chapters from a transcript alone: each part is a chapter, titled by its main topic;
/// the sponsor reads, the Extras and the joke are titled plainly.
pub fn from_topics(
    cues: &[Cue],
    turns: &Turns,
    topics: &[EpisodeTopic],
    names: &[Named],
    show: Show,
    spread: Spread,
) -> Vec<Chapter> {
    let n = cues.len();
    if n == 0 {
        return Vec::new();
    }
    let t = |i: usize| cues[i].start;
    let duration = t(n - 1).max(1);
    // Sponsor reads: from the announcement (or the strongest hand-off before the ad
    // cues) to the first hand-off after them (or the strongest turn).
    let mut reads: Vec<(usize, usize)> = Vec::new();
    // Without items to weigh against, a read is one announced or marked twice: the
    // word "sponsored" said once in passing is none.
    for r in turns.reads.iter().filter(|r| r.announced || r.first < r.last) {
        let s = if r.announced {
            r.starts[0]
        } else {
            *r.starts.iter().max_by(|&&a, &&b| turns.handoff[a].total_cmp(&turns.handoff[b]).then(b.cmp(&a))).unwrap()
        };
        let ends = || r.ends.iter().copied().filter(|&e| e > s);
        let e = ends()
            .filter(|&e| turns.handoff[e] >= 0.6)
            .min()
            .or_else(|| ends().max_by(|&a, &b| turns.strength[a].total_cmp(&turns.strength[b]).then(b.cmp(&a))))
            .unwrap_or(r.last + 1);
        if reads.last().is_none_or(|&(_, pe)| s >= pe) {
            reads.push((s, e));
        }
    }
    let extras = (0..n).find(|&i| show.extras && t(i) as f32 > EXTRAS_FROM * duration as f32 && turns.extras[i]);
    let joke =
        (extras.unwrap_or(0)..n).find(|&i| show.joke && t(i) as f32 > JOKE_FROM * duration as f32 && turns.joke[i]);
    let end = extras.or(joke).unwrap_or(n);
    let mut in_read = vec![false; n];
    let mut fixed: Vec<usize> = Vec::new();
    for &(s, e) in &reads {
        in_read[s..e.min(n)].iter_mut().for_each(|x| *x = true);
        fixed.push(s);
        if e < end {
            fixed.push(e);
        }
    }
    fixed.extend(extras);
    fixed.extend(joke);
    // A break the transcript marks (an ad cut in) ends a part: the talk after it is a
    // chapter of its own, unless the introduction or the goodbyes are all there is.
    let breaks: Vec<usize> = turns
        .breaks
        .iter()
        .copied()
        .filter(|&i| i >= turns.intro_end && i < end && !in_read[i] && t(i) + OUTRO <= duration && !fixed.contains(&i))
        .collect();
    fixed.extend(breaks);
    // The first thing starts at the first hand-off after the introductions.
    let intro = turns.intro_end.saturating_sub(1);
    if let Some(first) = (turns.intro_end..end)
        .take_while(|&i| t(i) <= t(intro) + FIRST_WITHIN)
        .find(|&i| !in_read[i] && turns.handoff[i] >= 0.6)
    {
        fixed.push(first);
    }
    // Where the episode's topics start being discussed.
    let mut onsets: Vec<(u32, f32)> = Vec::new();
    for topic in topics.iter().take(ONSET_TOPICS) {
        let mut ms: Vec<u32> = topic.mentions.iter().map(|m| m.start).collect();
        ms.sort_unstable();
        let mut run_start = None;
        let mut run_len = 0;
        let mut prev = 0;
        for &m in &ms {
            if run_start.is_some() && m <= prev + DISCUSSION_GAP {
                run_len += 1;
            } else {
                if run_len >= 2 {
                    onsets.push((run_start.unwrap(), topic.score as f32));
                }
                run_start = Some(m);
                run_len = 1;
            }
            prev = m;
        }
        if run_len >= 2 {
            onsets.push((run_start.unwrap(), topic.score as f32));
        }
    }
    let onset = |i: usize| {
        onsets.iter().filter(|(o, _)| *o >= t(i) && *o - t(i) <= ONSET_AHEAD).map(|&(_, w)| w).fold(0.0f32, f32::max)
    };
    // A conversation with few hand-offs gets its chapters further apart.
    let strong = turns.handoff.iter().filter(|&&h| h >= 1.0).count() as f32;
    let conversation = show.interview || strong * 600.0 / (duration as f32) < CONVERSATION_HANDOFFS;
    // In a conversation, a question after a long answer is where the next part starts.
    let asks =
        |i: usize| if conversation && turns.question.get(i).copied().unwrap_or(false) { QUESTION_WEIGHT } else { 0.0 };
    let gap_of = |i: usize, is_fixed: bool| {
        // A break keeps a conversation's parts two minutes long: a turn just before it
        // gives way.
        if is_fixed && conversation && turns.breaks.contains(&i) {
            SHORTEST_TALK
        } else if is_fixed {
            GAP_FIXED
        } else if turns.handoff[i] >= 0.6 {
            if conversation {
                SHORTEST_TALK
            } else {
                GAP_HANDOFF
            }
        } else if conversation {
            GAP_CONVERSATION
        } else {
            GAP_SHIFT
        }
    };
    // Weighted interval scheduling: the most valuable set of boundaries, each at least
    // its gap after the one before; the reads, Extras and joke always kept.
    let mut order: Vec<(usize, f32, bool)> = (turns.intro_end..end)
        .filter(|&i| !in_read[i] && !fixed.contains(&i))
        .filter_map(|i| {
            // Without items to pull it, a turn is only placed as closely as the change
            // of vocabulary shows it.
            let v = turns.strength_near[i] + ONSET_WEIGHT * onset(i) + asks(i) - TURN_COST;
            (v > 0.0).then_some((i, v, false))
        })
        .chain(fixed.iter().map(|&i| (i, 1e6, true)))
        .collect();
    order.sort_by_key(|x| x.0);
    let mut g = vec![0f32; order.len() + 1];
    let mut take = vec![(false, 0usize); order.len() + 1];
    for (idx, &(i, v, is_fixed)) in order.iter().enumerate() {
        let gap = gap_of(i, is_fixed);
        let mut p = idx;
        while p > 0 && t(order[p - 1].0) + gap > t(i) {
            p -= 1;
        }
        if g[p] + v > g[idx] {
            g[idx + 1] = g[p] + v;
            take[idx + 1] = (true, p);
        } else {
            g[idx + 1] = g[idx];
            take[idx + 1] = (false, idx);
        }
    }
    let mut chosen: Vec<usize> = Vec::new();
    let mut idx = order.len();
    while idx > 0 {
        let (took, p) = take[idx];
        if took {
            chosen.push(order[idx - 1].0);
            idx = p;
        } else {
            idx -= 1;
        }
    }
    chosen.reverse();
    split_long_parts(
        &mut chosen,
        &fixed,
        n,
        duration,
        |i| {
            (i >= turns.intro_end && i < end && !in_read[i])
                .then(|| turns.strength_near[i] + ONSET_WEIGHT * onset(i) + asks(i))
        },
        t,
    );
    // Before the first chapter: the introduction, or a first part of its own when it
    // runs long (a conversation that starts straight away).
    let opening =
        chosen.first().is_none_or(|&i| t(i) > 30 && t(i) > t(turns.intro_end.saturating_sub(1)) + FIRST_WITHIN);
    if opening {
        chosen.insert(0, 0);
    }
    let mut starts: Vec<u32> = chosen.iter().map(|&i| cues[i].start).collect();
    if opening {
        starts[0] = 0;
    }
    // An interview's subject names its first part; no other part takes its name. (A
    // news show has no one subject: its first item is its own.)
    // What tells a listener little in a conversation's title: a thing most of the show's
    // episodes say (the show's own name among them), a speaker's name.
    let speakers = speaker_words(cues);
    let says_little = |title: &str| conversation && (spread(title) >= BROAD || is_speaker(title, &speakers));
    // How much a title tells a listener, falling smoothly the more of the show's episodes
    // say it (no cliff at [`BROAD`]: "Data science" in 49.8% of them tells little too).
    let tells = |title: &str| {
        if says_little(title) {
            0.0
        } else if conversation {
            1.0 - (spread(title) / BROAD).powi(2)
        } else {
            1.0
        }
    };
    // A conversation's part is titled by a thing said across it, not in one passage.
    let across = if conversation { ACROSS } else { 0.0 };
    let judge = Judge {
        says_little: &says_little,
        tells: &tells,
        across,
        moved: std::cell::Cell::new(false),
        must_title: false,
    };
    // Whether the last part titled took a title other than the thing it says most.
    let mut moved = false;
    // The subject leads the topics (the thing the title names or the introduction
    // introduces); when that says little (the show's name said all through the welcome),
    // it is the thing the introduction introduces: said in its first minutes, at least
    // three times, most, and first where a word introduces it ("here to tell us about").
    // A subject is discussed: said in at least [`SUBJECT_SAID`] passages of the talk, not
    // only named in the welcome and the goodbyes ("another Fully Connected episode", a
    // segment's name) or in one passage (a topic said twice in a minute). A passage
    // runs while the thing is said again within [`PASSAGE`] seconds.
    let welcome_end = t(turns.intro_end.min(n - 1));
    let discussed = |times: &mut dyn Iterator<Item = u32>| {
        let mut times: Vec<u32> = times.collect();
        times.sort_unstable();
        let mut passages = 0;
        for (k, &m) in times.iter().enumerate() {
            let opens = k == 0 || m > times[k - 1] + PASSAGE;
            if opens && m >= welcome_end && m + OUTRO <= duration {
                passages += 1;
            }
        }
        passages >= SUBJECT_SAID
    };
    // (`talk`: whether the subject must be discussed; without, the rule of session 31.)
    let subject_like = |t: &EpisodeTopic, talk: bool| {
        t.entity.is_some()
            && may_title(shown(t, names), true, names)
            && !says_little(shown(t, names))
            && (!talk || discussed(&mut t.mentions.iter().map(|m| m.start)))
    };
    let first_said = |t: &EpisodeTopic| t.mentions.iter().map(|m| m.start).min();
    let introduces = |at: u32| {
        cues[cues.partition_point(|c| c.start < at)..].iter().take_while(|c| c.start == at).any(|c| {
            c.text.split(|ch: char| !ch.is_alphanumeric()).any(|w| INTRO_WORDS.contains(&w.to_lowercase().as_str()))
        })
    };
    // The subject's chapter: its title, and the topic's page when it is one.
    let of_topic = |t: &EpisodeTopic| Chapter {
        title: shown(t, names).to_string(),
        start: 0,
        url: t.url.clone(),
        topic: Some(t.name.clone()),
    };
    let subject_of = |talk: bool| match topics.first().filter(|_| conversation) {
        Some(first) if subject_like(first, talk) => Some(of_topic(first)),
        Some(_) => {
            // (times said, first said, the chapter): the topics, and the things of the
            // catalogue said that are none (a topic list the show's name pushed out of).
            let of_topics =
                topics.iter().filter(|t| subject_like(t, talk)).map(|t| (t.mentions.len(), first_said(t), of_topic(t)));
            let of_names = names
                .iter()
                .filter(|n| !topics.iter().any(|t| t.entity == Some(n.entity)))
                .filter(|n| may_title(&n.name, true, names) && !says_little(&n.name))
                .filter(|n| {
                    !talk || discussed(&mut n.cues.iter().filter_map(|&c| cues.get(c as usize)).map(|c| c.start))
                })
                .map(|n| {
                    let at = n.cues.iter().filter_map(|&c| cues.get(c as usize)).map(|c| c.start).min();
                    (n.cues.len(), at, plain(&n.name, 0))
                });
            of_topics
                .chain(of_names)
                .filter(|(said, at, _)| *said >= 3 && at.is_some_and(|s| s <= INTRODUCED_BY))
                .max_by_key(|(said, at, _)| {
                    let at = at.unwrap_or(0);
                    ((*said).min(30) + if introduces(at) { 10 } else { 0 }, std::cmp::Reverse(at))
                })
                .map(|(.., c)| c)
        }
        None => None,
    };
    let subject = subject_of(true);
    let mut used: Vec<Vec<String>> = subject.iter().map(|c| title_key(&c.title)).collect();
    // A conversation's parts may also be titled by a phrase said in them.
    let phrases = if conversation { phrases_said(cues, names) } else { Vec::new() };
    let mut out: Vec<Chapter> = Vec::new();
    for (x, &i) in chosen.iter().enumerate() {
        let was = std::mem::take(&mut moved);
        let start = starts[x];
        let stop = starts.get(x + 1).copied().unwrap_or(u32::MAX);
        if reads.iter().any(|&(s, _)| s == i) && !(opening && x == 0) {
            out.push(plain("Sponsor", start));
        } else if Some(i) == extras {
            out.push(plain("Extras", start));
        } else if Some(i) == joke {
            out.push(plain("Joke", start));
        } else if let Some(subject) =
            subject.as_ref().filter(|_| out.iter().all(|c| SEGMENT_TITLES.contains(&c.title.as_str())))
        {
            out.push(Chapter { start, ..subject.clone() });
        } else {
            // (Not when the part before took a title other than what it says most: it
            // is about that still.)
            let before = out
                .last()
                .map(|c| title_key(&c.title))
                .filter(|_| conversation && !fixed.contains(&i) && x > 0 && !was);
            // The same thing on both sides of a turn, or nothing nameable: one part with
            // the one before after all.
            let closing = x + 1 == chosen.len();
            // A part opened by a question or a break stays one when it goes on about
            // the same thing: it is titled by what else it says.
            let keep = fixed.contains(&i) || asks(i) > 0.0;
            let mut r = titled(cues, topics, names, &phrases, (start, stop, closing, keep), &mut used, before, &judge);
            moved = if matches!(r, Some(Titled::Part(_))) { judge.moved.get() } else { was };
            // The first part after the welcome that the subject does not title is no part
            // of the introduction (a 15-minute Intro of news): it is titled with the parts
            // after it that nothing names either (a long first part split in two, each
            // half saying its thing once), by the best thing it says that tells
            // something; else by the subject the welcome names, discussed or not, so
            // that an Intro runs no longer than the rule before this one made it.
            if r.is_none() && conversation && out.iter().all(|c| SEGMENT_TITLES.contains(&c.title.as_str())) {
                let segment = |j: usize| reads.iter().any(|&(s, _)| s == j) || Some(j) == extras || Some(j) == joke;
                let mut y = x + 1;
                while y < chosen.len() && !segment(chosen[y]) {
                    let part = (starts[y], starts.get(y + 1).copied().unwrap_or(u32::MAX), y + 1 == chosen.len(), true);
                    if titled(cues, topics, names, &phrases, part, &mut used.clone(), None, &judge).is_some() {
                        break;
                    }
                    y += 1;
                }
                let must = Judge { must_title: true, moved: std::cell::Cell::new(false), ..judge };
                let part = (start, starts.get(y).copied().unwrap_or(u32::MAX), y == chosen.len(), true);
                r = titled(cues, topics, names, &phrases, part, &mut used, None, &must);
                if r.is_none() {
                    r = subject_of(false).map(|c| {
                        used.push(title_key(&c.title));
                        Titled::Part(Chapter { start, ..c })
                    });
                }
                moved = false;
            }
            match r {
                Some(Titled::Part(part)) => out.push(part),
                Some(Titled::SameAsBefore) => continue,
                None if out.is_empty() && start == 0 => out.push(plain("Intro", 0)),
                // A news show's hand-off stays a boundary; an interview's part that nothing
                // names joins the one before.
                None if !conversation => out.push(plain(&telling_word(cues, turns, start, stop), start)),
                // The talk after a read is no part of it: at the close, the wrap-up.
                None if closing && start + OUTRO < duration && out.last().is_some_and(|c| c.title == "Sponsor") => {
                    out.push(plain(WRAP_UP, start))
                }
                None => continue,
            }
        }
    }
    let titled_by_subject = subject.as_ref().is_some_and(|s| out.iter().any(|c| c.title == s.title));
    if out.first().is_none_or(|c| c.start > 30) {
        out.insert(0, plain("Intro", 0));
    }
    // A read in a conversation's last minutes is part of its goodbyes, not a chapter.
    if conversation && out.len() > 1 && out.last().is_some_and(|c| c.title == "Sponsor" && c.start + OUTRO > duration) {
        out.pop();
    }
    // No more than ten chapters an hour in a conversation: the weakest turns join the
    // part before them (the intro, reads and breaks stay).
    if conversation {
        let most = (PER_HOUR * duration as usize / 3600).max(MIN_CHAPTERS);
        let worth = |c: &Chapter| {
            let i = cues.partition_point(|q| q.start < c.start).min(n - 1);
            if c.start == 0 || fixed.contains(&i) || SEGMENT_TITLES.contains(&c.title.as_str()) {
                f32::INFINITY
            } else {
                turns.strength_near[i] + ONSET_WEIGHT * onset(i) + asks(i)
            }
        };
        while out.len() > most {
            let Some((k, _)) = out
                .iter()
                .enumerate()
                .map(|(k, c)| (k, worth(c)))
                .filter(|(_, w)| w.is_finite())
                .min_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            else {
                break;
            };
            out.remove(k);
        }
    }
    // An interview's closing part that looks ahead, and that no more than a lone name
    // would title, is what comes next for its subject: "What's next for Ruff". One that
    // does not, in the closing minutes, is an aside as the talk winds down ("Tron", a
    // film said in the goodbyes): it joins the part before, which then runs to the end
    // and may look ahead in turn; after the introduction or a read, it is the wrap-up.
    loop {
        let talks = out.iter().filter(|c| !SEGMENT_TITLES.contains(&c.title.as_str())).count();
        let Some(last) = out.last_mut().filter(|c| talks > 1 && !c.title.contains(' ')) else { break };
        if SEGMENT_TITLES.contains(&last.title.as_str()) || last.title == WRAP_UP {
            break;
        }
        let ahead = cues.iter().filter(|c| c.start >= last.start && LOOKS_AHEAD.is_match(&c.text)).count();
        if ahead >= LOOKS_AHEAD_MIN {
            // (The subject only when it titles a part: one no part discusses is none.)
            let what = subject
                .as_ref()
                .filter(|s| titled_by_subject && s.title != last.title)
                .map_or(last.title.as_str(), |s| s.title.as_str());
            last.title = format!("What's next for {what}");
            break;
        }
        if !conversation {
            break;
        }
        // Titled again as the closing part it now is (the parts after it may have
        // joined it): two things it discusses, "React and Remix".
        let own = title_key(&last.title);
        used.retain(|u| *u != own);
        if let Some(Titled::Part(part)) =
            titled(cues, topics, names, &phrases, (last.start, u32::MAX, true, true), &mut used, None, &judge)
                .filter(|r| matches!(r, Titled::Part(p) if p.title.contains(' ')))
        {
            *last = part;
            break;
        }
        if last.start + CLOSING < duration {
            break;
        }
        let k = out.len() - 1;
        if SEGMENT_TITLES.contains(&out[k - 1].title.as_str()) {
            out[k] = plain(WRAP_UP, out[k].start);
            break;
        }
        out.pop();
    }
    // A listener's title starts with a capital ("Product discovery"); a name written in
    // lower case keeps its case ("pytest", "gan.style").
    if conversation {
        for c in &mut out {
            let first = c.title.split(' ').next().unwrap_or("");
            if first.chars().all(|ch| ch.is_ascii_lowercase()) && super::lexicon::is_word(first) {
                c.title = capitalised(&c.title);
            }
        }
    }
    out
}

/// Looking ahead, said in a closing part: "the future", "what's next", "excited about".
static LOOKS_AHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bfuture\b|\blook(?:ing)? (?:forward|ahead)\b|\bexcited about\b|\bnext (?:year|few years|five years|ten years|steps?)\b|\bwhat'?s next\b|\bgoing forward\b")
        .expect("valid pattern")
});
/// Times a closing part looks ahead to be about what comes next.
const LOOKS_AHEAD_MIN: usize = 2;

/// A topic's name as its page will show it: a phrase that is a spelling of a thing's
/// name ("rules inside Ruff" for Ruff) takes the thing's name.
fn shown<'a>(topic: &'a EpisodeTopic, names: &'a [Named]) -> &'a str {
    let named = || names.iter().find(|n| Some(n.entity) == topic.entity);
    match named() {
        Some(n) if topic.spelling => &n.name,
        _ => &topic.name,
    }
}

/// The closing minutes of a conversation, where a part a lone name titles is an aside.
const CLOSING: u32 = 600;
/// The title of a conversation's closing talk that nothing names.
const WRAP_UP: &str = "Wrap-up";

/// Titles of the parts that are no talk about a thing.
const SEGMENT_TITLES: &[&str] = &["Intro", "Sponsor", "Extras", "Joke"];

/// A long talk still gets a chapter every so often: nothing but a fixed part (a read,
/// the Extras, the joke) starts in its last minutes, where the talk winds down, and a
/// part longer than [`CONVERSATION_PART`] is split at its strongest turn at least
/// [`GAP_CONVERSATION`] from either end, until none is or none can be. `worth` is a
/// cue's value as a turn, `None` where no chapter may start.
fn split_long_parts(
    chosen: &mut Vec<usize>,
    fixed: &[usize],
    n: usize,
    duration: u32,
    worth: impl Fn(usize) -> Option<f32>,
    t: impl Fn(usize) -> u32,
) {
    let last = duration.saturating_sub(OUTRO);
    chosen.retain(|i| fixed.contains(i) || t(*i) <= last);
    let mut unsplittable: Vec<u32> = Vec::new();
    for _ in 0..=duration / CONVERSATION_PART {
        let mut bounds: Vec<u32> = std::iter::once(0).chain(chosen.iter().map(|&i| t(i))).collect();
        bounds.push(last.max(bounds[bounds.len() - 1]));
        let longest = bounds
            .windows(2)
            .map(|w| (w[0], w[1]))
            .filter(|&(a, b)| b - a > CONVERSATION_PART && !unsplittable.contains(&a))
            .max_by_key(|&(a, b)| (b - a, std::cmp::Reverse(a)));
        let Some((a, b)) = longest else { break };
        let inside = chosen.partition_point(|&i| t(i) <= a);
        let from = chosen.get(inside.wrapping_sub(1)).copied().unwrap_or(0);
        let best = (from..n)
            .take_while(|&i| t(i) + GAP_CONVERSATION <= b)
            .filter(|&i| t(i) >= a + GAP_CONVERSATION)
            .filter_map(|i| worth(i).map(|w| (i, w)))
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        match best {
            Some((i, _)) => chosen.insert(inside, i),
            None => unsplittable.push(a),
        }
    }
}

/// A part titled by what it discusses most and mostly here: one of the episode's topics
/// or a thing of the catalogue said at least twice in it, or (`phrases`, a
/// conversation's) a phrase said at least three times, not yet a title of the episode
/// (near-duplicates included). `None` when nothing is, or when the thing it discusses
/// most is the one before's (`before`, the key of the previous chapter's title): the
/// turn between them is no new part (unless the part is kept: opened by a question or a
/// break). `part`: its start, its stop, whether it is the episode's closing part, and
/// whether it is kept.
#[allow(clippy::too_many_arguments)]
fn titled(
    cues: &[Cue],
    topics: &[EpisodeTopic],
    names: &[Named],
    phrases: &[Phrase],
    part: (u32, u32, bool, bool),
    used: &mut Vec<Vec<String>>,
    before: Option<Vec<String>>,
    judge: &Judge,
) -> Option<Titled> {
    let (start, stop, _, keep) = part;
    let says_little = judge.says_little;
    // Said across the part: its first and last mention here this share of the part apart
    // (at least a minute), not in one passage ("Harry Potter" in one story).
    let end = stop.min(cues.last().map_or(stop, |c| c.start.saturating_add(1))).max(start);
    let across = if judge.across > 0.0 { ((end - start) as f32 * judge.across).max(ACROSS_MIN as f32) } else { 0.0 };
    // How much a thing said at these times is this part's: said here, and mostly here.
    let share = |times: &mut dyn Iterator<Item = u32>, rank: usize| {
        let (mut inside, mut all) = (0f32, 0f32);
        let (mut first, mut last) = (u32::MAX, 0u32);
        for t in times {
            all += 1.0;
            if t >= start && t < stop {
                inside += 1.0;
                first = first.min(t);
                last = last.max(t);
            }
        }
        // A thing the episode names in one passage only (an aside) counts for little as
        // a title: it titles a part nothing else does (its score, then that factor). One
        // said elsewhere in the episode too is one of its threads.
        let aside = if (last.saturating_sub(first)) as f32 >= across || all > inside { 1.0 } else { ASIDE };
        (inside >= 2.0).then(|| (inside * inside / all.max(1.0) / (1.0 + 0.1 * rank as f32), aside))
    };
    // (score, title, the topic it is, a phrase, the aside factor): topics before names
    // before phrases at equal scores.
    let mut candidates: Vec<(f32, &str, Option<&EpisodeTopic>, bool, f32)> = Vec::new();
    for (rank, topic) in topics.iter().enumerate() {
        if let Some((s, aside)) = share(&mut topic.mentions.iter().map(|m| m.start), rank) {
            let name = shown(topic, names);
            if may_title(name, topic.entity.is_some(), names) {
                candidates.push((s, name, Some(topic), false, aside));
            }
        }
    }
    for named in names {
        if let Some((s, aside)) = share(&mut named.cues.iter().map(|&c| cues[c as usize].start), 0) {
            let key = title_key(&named.name);
            if may_title(&named.name, true, names) && !candidates.iter().any(|c| title_key(c.1) == key) {
                candidates.push((s, &named.name, None, false, aside));
            }
        }
    }
    for p in phrases {
        // A phrase is said at least three times in the part.
        let said = share(&mut p.times.iter().copied(), 0).filter(|&(s, _)| s * p.times.len() as f32 >= 9.0);
        if let Some((s, aside)) = said {
            let key = title_key(&p.text);
            // A topic of that name is said as often as the phrase is.
            match candidates.iter_mut().find(|c| title_key(c.1) == key) {
                Some(c) if PHRASE_WORTH * s > c.0 => (c.0, c.4) = (PHRASE_WORTH * s, aside),
                Some(_) => {}
                None => candidates.push((PHRASE_WORTH * s, &p.text, None, true, aside)),
            }
        }
    }
    // Whether the part goes on about the thing the part before is about: by what it
    // says most, asides or not (a turn is kept or dropped as before).
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best = candidates.first()?;
    let best_key = title_key(best.1);
    if !keep && before.as_ref().is_some_and(|k| *k == title_key(best.1)) {
        return Some(Titled::SameAsBefore);
    }
    // Its title: a thing said across it before one said in a passage.
    let mut fresh: Vec<_> = candidates
        .into_iter()
        .filter(|c| !used.contains(&title_key(c.1)))
        .map(|(s, name, topic, phrase, aside)| (s * aside, name, topic, phrase))
        .collect();
    fresh.sort_by(|a, b| b.0.total_cmp(&a.0));
    // Of the things the part discusses nearly as much as its most, the one that tells the
    // most leads: a thing fewer of the show's episodes say.
    let top = fresh.first()?.0;
    let rank = |c: &(f32, &str, Option<&EpisodeTopic>, bool)| {
        if c.0 >= SPECIFIC_SHARE * top {
            (1, c.0 * (judge.tells)(c.1))
        } else {
            (0, c.0)
        }
    };
    // Each candidate ranked once (the judge reads the catalogue), then sorted stably.
    let mut ranked: Vec<_> = fresh.into_iter().map(|c| (rank(&c), c)).collect();
    ranked.sort_by(|(ra, _), (rb, _)| rb.0.cmp(&ra.0).then(rb.1.total_cmp(&ra.1)));
    let fresh: Vec<_> = ranked.into_iter().map(|(_, c)| c).collect();
    let &(score, first, topic, _) = fresh.first()?;
    judge.moved.set(title_key(first) != best_key);
    // A thing the whole show says ("Kubernetes" on an infrastructure show, its own name)
    // titles no part alone: the part's own more specific thing said nearly as much, or
    // the phrase the part says it in ("Kubernetes upgrades"); else nothing names it.
    if says_little(first) {
        let least = if judge.must_title { 0.0 } else { SPECIFIC_SHARE * score };
        if let Some(c) = fresh.iter().find(|c| c.0 >= least && !says_little(c.1)) {
            let (score, first, topic) = (c.0, c.1, c.2);
            return Some(Titled::Part(named_part(first, score, topic, &fresh, part, used, says_little)));
        }
        let phrase = phrase_around(cues, first, start, stop, names).filter(|p| !used.contains(&title_key(p)))?;
        used.push(title_key(&phrase));
        return Some(Titled::Part(match topic {
            Some(t) => Chapter { title: phrase, start, url: t.url.clone(), topic: Some(t.name.clone()) },
            None => plain(&phrase, start),
        }));
    }
    // A person's first name says little: a person the part is about is titled by the
    // full name the episode gives ("Brendan Gregg" for "Brendan").
    if judge.across > 0.0 {
        if let Some(full) = full_name(cues, first, names).filter(|f| !used.contains(&title_key(f))) {
            used.push(title_key(first));
            used.push(title_key(&full));
            return Some(Titled::Part(match topic {
                Some(t) => Chapter { title: full, start, url: t.url.clone(), topic: Some(t.name.clone()) },
                None => plain(&full, start),
            }));
        }
    }
    let mut chapter = named_part(first, score, topic, &fresh, part, used, says_little);
    // And so is a second thing that is a first name: "Ghostty and Mitchell Hashimoto".
    if judge.across > 0.0 {
        if let Some(full) = chapter
            .title
            .strip_prefix(first)
            .and_then(|r| r.strip_prefix(" and "))
            .and_then(|second| full_name(cues, second, names))
        {
            used.push(title_key(&full));
            chapter.title = format!("{first} and {full}");
        }
    }
    Some(Titled::Part(chapter))
}

/// The longer name a lone name is the first word of, as the episode says it: the name
/// followed by a capitalised word that is no English word ("Brendan Gregg", "Andreas
/// Kling"; not "Claude Code", "Makerere University"), the one said most (ties to the
/// first said). A lone name is never the last word of a name: a first name.
fn full_name(cues: &[Cue], name: &str, names: &[Named]) -> Option<String> {
    // Written as a person's name is: a capital, then lower-case letters ("Brendan"; not
    // "TensorFlow", "WASM").
    let person_shaped = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && w.chars().count() >= 3
            && chars.all(|ch| ch.is_lowercase() || ch == '-')
    };
    if !person_shaped(name) {
        return None;
    }
    // A word of another thing the episode names is no surname ("WASM Kubernetes").
    let thing =
        |w: &str| names.iter().any(|n| n.name != name && n.name.split_whitespace().any(|x| x.eq_ignore_ascii_case(w)));
    let mut counts: Vec<(String, usize)> = Vec::new();
    for c in cues {
        let words: Vec<&str> = c.text.split_whitespace().collect();
        for w in words.windows(2) {
            if w[0] != name {
                continue;
            }
            let next = w[1].trim_end_matches(|ch: char| !ch.is_alphanumeric());
            let lower = next.to_lowercase();
            if person_shaped(next)
                && !thing(next)
                && !super::lexicon::is_word(&lower)
                && !super::lexicon::is_word(fold_plural(&lower))
            {
                match counts.iter_mut().find(|(n, _)| n == next) {
                    Some(e) => e.1 += 1,
                    None => counts.push((next.to_string(), 1)),
                }
            }
        }
    }
    // A surname is said mostly after the first name ("Doctorow"); a word that names a
    // thing of its own is said alone as well ("a T-shirt", "Canada").
    let alone = |last: &str| {
        cues.iter()
            .flat_map(|c| c.text.split_whitespace())
            .filter(|w| w.trim_end_matches(|ch: char| !ch.is_alphanumeric()) == last)
            .count()
    };
    counts.retain(|(last, after)| alone(last) <= 2 * after);
    let most = counts.iter().map(|c| c.1).max()?;
    counts.into_iter().find(|c| c.1 == most).map(|(last, _)| format!("{name} {last}"))
}

/// A part titled by `first` (with its `score` and its topic), a lone name joined by a
/// second thing the part discusses (`fresh`, the candidates not yet titles) when it
/// discusses two.
fn named_part(
    first: &str,
    score: f32,
    topic: Option<&EpisodeTopic>,
    fresh: &[(f32, &str, Option<&EpisodeTopic>, bool)],
    part: (u32, u32, bool, bool),
    used: &mut Vec<Vec<String>>,
    says_little: &dyn Fn(&str) -> bool,
) -> Chapter {
    let (start, _, closing, _) = part;
    used.push(title_key(first));
    // A lone name says little of a part that discusses two things: "Astral and uv". The
    // closing part, where an interview looks back and ahead, names any second thing.
    let mut title = first.to_string();
    let pair = if closing { 0.0 } else { PAIR_SHARE };
    if !first.contains(' ') {
        // A phrase joins a name only in the closing part, which would else end the
        // episode on one word.
        let words =
            |t: &str| -> Vec<String> { t.split(' ').map(|w| fold_plural(&w.to_lowercase()).to_string()).collect() };
        let own = words(first);
        let second = fresh.iter().find(|c| {
            c.1 != first
                && c.0 >= pair * score
                && (!c.3 || closing)
                && !says_little(c.1)
                && !used.contains(&title_key(c.1))
                && !words(c.1).iter().any(|w| own.contains(w))
        });
        if let Some((_, second, ..)) = second {
            used.push(title_key(second));
            title = format!("{first} and {second}");
        }
    }
    match topic {
        Some(t) => Chapter { title, start, url: t.url.clone(), topic: Some(t.name.clone()) },
        None => plain(&title, start),
    }
}

/// How widely a show says a title: the share of its episodes that say it (1 for the
/// show's own name).
pub type Spread<'a> = &'a dyn Fn(&str) -> f32;

/// How [`titled`] weighs a title: whether it says little of a part (a broad name, a
/// speaker's), how much it tells (0 to 1), and the share of a part it must be said
/// across (0: anywhere in it).
struct Judge<'a> {
    says_little: &'a dyn Fn(&str) -> bool,
    tells: &'a dyn Fn(&str) -> f32,
    across: f32,
    /// Set by [`titled`]: the part it titled leads with a thing other than the one it
    /// says most (an aside that part said most, a broad name).
    moved: std::cell::Cell<bool>,
    /// A part that must have a title (the first after the welcome): any thing it says
    /// that tells something titles it when the one it says most says little.
    must_title: bool,
}

/// In a conversation, a title is said across this share of its part (its first and last
/// mention there this far apart), and at least [`ACROSS_MIN`] seconds: a thing named in
/// one passage is an aside.
const ACROSS: f32 = 0.25;
const ACROSS_MIN: u32 = 60;
/// How much a thing said in one passage of a part counts against one said across it:
/// next to nothing, so that it titles a part only when nothing said across it can (a
/// quarter let an aside said four times more win: "Human calculators" in a part about
/// computer vision).
const ASIDE: f32 = 0.05;

/// A title said in this share of a show's episodes or more tells a listener little of a
/// part ("Kubernetes" on Ship It, "Changelog" on Changelog & Friends).
const BROAD: f32 = 0.5;
/// A more specific thing titles a part that a broad one would, when the part discusses
/// it this much of the broad one's score.
const SPECIFIC_SHARE: f32 = 0.3;
/// Passages of an episode's talk (after the welcome, before the goodbyes) that say its
/// subject.
const SUBJECT_SAID: usize = 2;
/// Seconds within which a thing said again is said in the same passage.
const PASSAGE: u32 = 60;
/// Seconds into an episode within which its introduction names its subject.
const INTRODUCED_BY: u32 = 300;
/// Words that introduce an episode's subject where it is first said (as the topics'
/// subject is found).
const INTRO_WORDS: &[&str] = &["about", "creator", "author", "maintainer", "founder", "introduce", "today", "built"];
/// Times a part says a broad name with the same word after it to be titled so.
const PHRASE_AROUND_MIN: usize = 2;

/// The words of the speakers' names (lower case): "Chad" is no title.
fn speaker_words(cues: &[Cue]) -> Vec<String> {
    let mut words: Vec<String> = cues
        .iter()
        .filter_map(|c| c.speaker.as_deref())
        .flat_map(|s| s.split_whitespace().map(str::to_lowercase))
        .filter(|w| w.chars().count() >= 3)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// A title that is a speaker's name or holds one as a word of its own ("Kurt and GitHub"),
/// or a short form of one.
fn is_speaker(title: &str, speakers: &[String]) -> bool {
    title.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).any(|w| {
        let w = w.to_lowercase();
        // A short form of a longer name: "Ganesh" for Ganeshkumar.
        speakers.binary_search(&w).is_ok() || w.chars().count() >= 5 && speakers.iter().any(|s| s.starts_with(&w))
    })
}

/// A broad name as the part says it with a word after it, said at least
/// [`PHRASE_AROUND_MIN`] times in the part: "Kubernetes upgrades", "Docker images".
fn phrase_around(cues: &[Cue], name: &str, start: u32, stop: u32, names: &[Named]) -> Option<String> {
    // A person's name said with a word after it is no subject ("Chad said").
    if is_speaker(name, &speaker_words(cues)) {
        return None;
    }
    let own: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let k = own.len();
    let mut counts: FxHashMap<String, (usize, String)> = FxHashMap::default();
    for c in cues.iter().filter(|c| c.start >= start && c.start < stop) {
        for sentence in c.text.split(['.', ',', '?', '!', ';', ':', '"', '(', ')']) {
            let words: Vec<&str> = sentence.split_whitespace().collect();
            for x in 0..words.len().saturating_sub(k) {
                let said = words[x..x + k].iter().zip(&own).all(|(w, o)| {
                    let w = w.trim_matches(|ch: char| !ch.is_alphanumeric()).to_lowercase();
                    w == *o || fold_plural(&w) == fold_plural(o)
                });
                if !said {
                    continue;
                }
                let next = words[x + k];
                let lower = next.to_lowercase();
                let content = lower.chars().count() >= 3
                    && lower.chars().all(char::is_alphabetic)
                    && !super::spans::STOP.contains(lower.as_str())
                    && !FUNCTION_WORDS.contains(lower.as_str())
                    && !lower.ends_with("ly")
                    && !lower.ends_with("ed")
                    && (super::lexicon::is_word(&lower) || super::lexicon::is_word(fold_plural(&lower)));
                if content {
                    let e = counts.entry(fold_plural(&lower).to_string()).or_insert((0, lower.clone()));
                    e.0 += 1;
                }
            }
        }
    }
    let (_, (n, word)) = counts.into_iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(&a.0)))?;
    let phrase = format!("{name} {word}");
    (n >= PHRASE_AROUND_MIN && may_title(&phrase, true, names)).then_some(phrase)
}

/// A two-word phrase of ordinary words said in an episode ("town planners", "product
/// discovery"), as first written, with when it is said.
struct Phrase {
    text: String,
    times: Vec<u32>,
}

/// How much a phrase counts against a topic or a name said as much in a part.
const PHRASE_WORTH: f32 = 0.5;

/// The two-word phrases an episode says at least twice: two English words of three
/// letters or more, neither a function word, a filler or a common verb, the first no
/// adverb, within one sentence.
fn phrases_said(cues: &[Cue], names: &[Named]) -> Vec<Phrase> {
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    // Each phrase's words said before and after it, each time.
    let mut out: Vec<(Phrase, Vec<(String, String)>)> = Vec::new();
    let plain = |w: &str| {
        let lower = w.to_lowercase();
        let ok = lower.chars().count() >= 3
            && lower.chars().all(|c| c.is_alphabetic() || c == '-')
            && !super::spans::STOP.contains(lower.as_str())
            && (super::lexicon::is_word(&lower) || super::lexicon::is_word(fold_plural(&lower)));
        ok.then_some(lower)
    };
    for c in cues {
        for sentence in c.text.split(['.', ',', '?', '!', ';', ':', '"', '(', ')']) {
            let words: Vec<&str> = sentence.split_whitespace().collect();
            for (x, p) in words.windows(2).enumerate() {
                let (Some(a), Some(b)) = (plain(p[0]), plain(p[1])) else { continue };
                // An adverb, a verb's past ("businesses decreased"): no name of a thing.
                if a.ends_with("ly") || b.ends_with("ed") || a == b {
                    continue;
                }
                let key = format!("{a} {}", fold_plural(&b));
                let at = *by_key.entry(key).or_insert_with(|| {
                    out.push((Phrase { text: format!("{} {}", p[0], p[1]), times: Vec::new() }, Vec::new()));
                    out.len() - 1
                });
                out[at].0.times.push(c.start);
                let around = |w: Option<&&str>| w.map_or_else(String::new, |w| w.to_lowercase());
                out[at].1.push((around(x.checked_sub(1).and_then(|y| words.get(y))), around(words.get(x + 2))));
            }
        }
    }
    out.into_iter()
        .filter(|(p, _)| p.times.len() >= 2)
        .map(|(mut p, around)| {
            // Part of a longer name said whole nearly every time: "deep reinforcement
            // learning", "open source tool".
            let whole = |side: &dyn Fn(&(String, String)) -> &String| {
                let first = side(&around[0]);
                let same = around.iter().filter(|a| side(a) == first).count();
                let word = first.chars().count() >= 3
                    && first.chars().all(char::is_alphabetic)
                    && (!FUNCTION_WORDS.contains(first.as_str()) || MODIFIERS.contains(&first.as_str()))
                    && super::lexicon::is_word(first);
                (word && 4 * same >= 3 * around.len()).then(|| first.clone())
            };
            if let Some(w) = whole(&|a| &a.0).filter(|w| !w.ends_with('s')) {
                p.text = format!("{w} {}", p.text);
            }
            // (No verb: "query planner picks", "gathers faint galaxies".)
            if let Some(w) = whole(&|a| &a.1).filter(|w| !w.ends_with('s')) {
                p.text = format!("{} {w}", p.text);
            }
            p
        })
        .filter(|p| may_title(&p.text, false, names))
        .collect()
}

/// Words of the stop list that do begin a name ("open source model", "big data").
const MODIFIERS: &[&str] = &["open", "big", "real", "new", "large", "high", "low", "free", "general", "deep"];

/// Function words and fillers: never the edge of a phrase ([`super::stopwords`]
/// without its common verbs, which may end a name: "deep reinforcement learning").
static FUNCTION_WORDS: LazyLock<rustc_hash::FxHashSet<&'static str>> = LazyLock::new(|| {
    super::stopwords::STOPWORDS.split_whitespace().chain(super::stopwords::SPEECH_WORDS.split_whitespace()).collect()
});

/// What [`titled`] finds a part to be.
enum Titled {
    Part(Chapter),
    /// About the thing the part before is about.
    SameAsBefore,
}

/// The word said most in a part and seldom elsewhere, as written: the title of a news
/// show's part that nothing else names (its boundary is the hosts' hand-off, too good to
/// drop).
fn telling_word(cues: &[Cue], turns: &Turns, start: u32, stop: u32) -> String {
    let mut counts: FxHashMap<u32, (u32, u32)> = FxHashMap::default();
    for (c, words) in cues.iter().zip(turns.words.iter()) {
        let here = c.start >= start && c.start < stop;
        for &w in words {
            let e = counts.entry(w).or_default();
            if here {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    let word = counts
        .iter()
        .filter(|(_, &(here, _))| here >= 2)
        .max_by(|a, b| {
            let s = |&(h, o): &(u32, u32)| h as f32 * h as f32 / (h + o) as f32;
            s(a.1).total_cmp(&s(b.1)).then(b.0.cmp(a.0))
        })
        .map(|(&w, _)| turns.vocab[w as usize].as_str());
    word.map_or_else(|| "Talk".to_string(), |w| written_as(cues, w, start, stop))
}

/// A word as the transcript writes it (its casing), else capitalised.
fn written_as(cues: &[Cue], word: &str, start: u32, stop: u32) -> String {
    for c in cues.iter().filter(|c| c.start >= start && c.start < stop) {
        for raw in c.text.split(|ch: char| !ch.is_alphanumeric()) {
            if raw.len() == word.len()
                && raw.to_lowercase() == word
                && raw.chars().next().is_some_and(char::is_uppercase)
            {
                return raw.to_string();
            }
        }
    }
    capitalised(word)
}

/// The text with its first letter a capital.
fn capitalised(text: &str) -> String {
    let mut ch = text.chars();
    ch.next().map_or_else(String::new, |f| f.to_uppercase().chain(ch).collect())
}

/// May this name title a part? Never a web address; one word only as a thing of the
/// catalogue (`entity`) written as a name ("Kenya", "MLOps", "pytest"): a lone ordinary
/// word ("viability", "anchors") says too little; and every word an English one or
/// a name the episode says: a word neither knows is misheard.
fn may_title(name: &str, entity: bool, names: &[Named]) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let lone_word = |w: &str| {
        !entity
            || (!w.contains(char::is_uppercase)
                && (super::lexicon::is_word(w) || super::lexicon::is_word(fold_plural(w))))
    };
    if words.iter().any(|w| is_address(w)) || (words.len() < 2 && words.first().is_none_or(|w| lone_word(w))) {
        return false;
    }
    entity
        || words.iter().all(|w| {
            let lower = w.to_lowercase();
            !lower.chars().any(char::is_alphabetic)
                || super::lexicon::is_word(&lower)
                || super::lexicon::is_word(fold_plural(&lower))
                || names.iter().any(|n| n.name.split_whitespace().any(|x| x.eq_ignore_ascii_case(w)))
        })
}

/// A web address read out, as a title would hold it: `docs.astral.sh`, `pola.rs`,
/// `github.com/...` (not `Node.js`).
fn is_address(word: &str) -> bool {
    const MORE: &[&str] = &["sh", "rs", "ly", "tv", "app", "so", "gg", "xyz", "info", "cloud", "ca", "de"];
    super::site::is_address(word)
        || word.contains('/')
        || ["http", "https", "www"].contains(&word.to_ascii_lowercase().as_str())
        || word
            .rsplit_once('.')
            .is_some_and(|(head, tail)| !head.is_empty() && MORE.contains(&tail.to_ascii_lowercase().as_str()))
}

/// A title's words folded so that near-duplicates are one ("democratize VR",
/// "democratizing VR"): lower case, the plural dropped, six letters, in order.
fn title_key(title: &str) -> Vec<String> {
    let mut key: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| fold_plural(&w.to_lowercase()).chars().take(6).collect())
        .collect();
    key.sort_unstable();
    key
}

fn with_intro(mut chapters: Vec<Chapter>) -> Vec<Chapter> {
    if chapters.first().is_some_and(|c| c.start > 30) {
        chapters.insert(0, plain("Intro", 0));
    }
    chapters
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::segment::People;
    use crate::extract::sponsors::ad_phrases;
    use crate::model::Mention;

    /// A transcript from (start, line) pairs, spoken every 5 s until the next start.
    fn script(parts: &[(u32, &str)]) -> Vec<Cue> {
        let mut cues = Vec::new();
        for (x, &(start, text)) in parts.iter().enumerate() {
            let stop = parts.get(x + 1).map_or(start + 5, |p| p.0);
            let lines: Vec<&str> = text.split(" | ").collect();
            for (i, s) in (start..stop).step_by(5).enumerate() {
                cues.push(Cue {
                    start: s,
                    speaker: None,
                    text: lines[i % lines.len()].into(),
                    line: cues.len() + 1,
                    estimated: false,
                });
            }
        }
        cues
    }

    fn item(title: &str, text: &str) -> NoteItem {
        NoteItem { title: title.into(), text: text.into(), ..NoteItem::default() }
    }

    fn chapters_of(cues: &[Cue], items: &[NoteItem]) -> Vec<(String, u32)> {
        let ad = ad_phrases(cues);
        let turns = Turns::new(cues, &ad, &People::new(["Michael Kennedy", "Brian Okken"]));
        let rows: Vec<ItemInput> =
            items.iter().map(|it| ItemInput { item: it, topic: None, entity_cues: vec![] }).collect();
        from_items(cues, &turns, &ad, &rows, &ExtraStops::default()).into_iter().map(|c| (c.title, c.start)).collect()
    }

    const INTRO: (u32, &str) =
        (0, "Hello and welcome to Python Bytes, this is episode 5. | I'm Michael Kennedy. | And I'm Brian Okken.");
    const PYSCRIPT: &str = "It runs in the browser with WebAssembly. | The PyScript tags go right in the page. | PyScript loads Pyodide first. | Browser apps without JavaScript, with PyScript.";
    /// A sponsor read from 200 s to 240 s, announced.
    const SPONSOR_READ: [(u32, &str); 3] = [
        (200, "Before we move on, let me tell you about our sponsor, Acme."),
        (205, "Acme makes anvils for every workshop. | Acme anvils never break. | Their anvils ship worldwide."),
        (230, "Visit pythonbytes.fm/acme for a free trial."),
    ];
    const MEMRAY: &str = "Memray is a memory profiler from Bloomberg. | Memray tracks every allocation. | The flame graphs Memray draws are great. | Native allocations show up in Memray too.";

    #[test]
    fn an_item_starts_at_the_hand_off_not_at_its_name() {
        let cues = script(&[
            INTRO,
            (15, "Brian, what's your first item?"),
            // The name comes a minute into the talk about it.
            (20, "I want to talk about a new project from Anaconda."),
            (25, "They announced it at the conference keynote. | It got a lot of attention that week. | Everyone was surprised by the demo."),
            (80, PYSCRIPT),
            (200, "Nice. Michael, what do you have for us?"),
            (205, MEMRAY),
            (400, "That's it, thanks for listening."),
        ]);
        let got = chapters_of(&cues, &[item("PyScript", ""), item("Memray", "")]);
        assert_eq!(got, vec![("PyScript".to_string(), 15), ("Memray".to_string(), 200)]);
    }

    #[test]
    fn an_item_nobody_names_goes_between_its_neighbours() {
        let cues = script(&[
            INTRO,
            (15, "Brian, what's your first item?"),
            (20, PYSCRIPT),
            (200, "Very cool. Brian, what's next?"),
            (205, "Write one message per event. | Keep every logging message short. | A logging message should say what happened. | Structured logging helps searching."),
            (380, "Good advice. Michael, over to you."),
            (385, MEMRAY),
            (560, "That's it, thanks for listening."),
        ]);
        let items =
            [item("PyScript", ""), item("Make each line count", "Advice for writing good output"), item("Memray", "")];
        let got = chapters_of(&cues, &items);
        let titles: Vec<&str> = got.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(titles, vec!["PyScript", "Make each line count", "Memray"], "{got:?}");
        assert_eq!(got[1].1, 200);
        assert_eq!(got[2].1, 380);
    }

    #[test]
    fn a_sponsor_read_is_its_own_chapter() {
        let cues = script(&[
            INTRO,
            (15, "Brian, what's your first item?"),
            (20, PYSCRIPT),
            SPONSOR_READ[0],
            SPONSOR_READ[1],
            SPONSOR_READ[2],
            (240, "Michael, what do you have for us?"),
            (245, MEMRAY),
            (420, "That's it, thanks for listening."),
        ]);
        let got = chapters_of(&cues, &[item("PyScript", ""), item("Memray", "")]);
        assert_eq!(got, vec![("PyScript".to_string(), 15), ("Sponsor".to_string(), 200), ("Memray".to_string(), 240)]);
    }

    #[test]
    fn extras_and_the_joke_follow_the_items() {
        let cues = script(&[
            INTRO,
            (15, "Brian, what's your first item?"),
            (20, PYSCRIPT),
            (200, "Michael, what do you have for us?"),
            (205, MEMRAY),
            (400, "Well, that's it for our main items. Brian, anything extra?"),
            (405, "My book has a new chapter. | The conference talks are online."),
            (460, "All right, time for a joke."),
            (465, "Why do programmers prefer dark mode? | Because light attracts bugs."),
            (500, "Thanks for listening."),
        ]);
        let got = chapters_of(&cues, &[item("PyScript", ""), item("Memray", "")]);
        let titles: Vec<(&str, u32)> = got.iter().map(|c| (c.0.as_str(), c.1)).collect();
        assert_eq!(titles, vec![("PyScript", 15), ("Memray", 200), ("Extras", 400), ("Joke", 460)]);
    }

    fn topic(name: &str, starts: impl IntoIterator<Item = u32>) -> EpisodeTopic {
        EpisodeTopic {
            name: name.into(),
            slug: Some(name.to_lowercase()),
            score: 1.0,
            from_notes: false,
            url: None,
            mentions: starts.into_iter().map(|start| Mention { start }).collect(),
            // A thing of the catalogue: a one-word title only names one.
            entity: Some(0),
            spelling: false,
        }
    }

    #[test]
    fn without_notes_each_part_is_a_chapter_with_plain_titles_for_the_rest() {
        let cues = script(&[
            INTRO,
            (15, "Brian, what's your first item?"),
            (20, PYSCRIPT),
            SPONSOR_READ[0],
            SPONSOR_READ[1],
            SPONSOR_READ[2],
            (240, "Michael, what do you have for us?"),
            (245, MEMRAY),
            (420, "Well, that's it for our main items. Brian, anything extra?"),
            (425, "My book has a new chapter. | The conference talks are online. | The sprints were fun."),
            (500, "All right, time for a joke."),
            (505, "Why do programmers prefer dark mode? | Because light attracts bugs."),
            (560, "Thanks for listening."),
        ]);
        let ad = ad_phrases(&cues);
        let turns = Turns::new(&cues, &ad, &People::new(["Michael Kennedy", "Brian Okken"]));
        let topics = [topic("PyScript", (80..200).step_by(20)), topic("Memray", (245..420).step_by(20))];
        let got: Vec<(String, u32)> =
            from_topics(&cues, &turns, &topics, &[], Show { interview: false, extras: true, joke: true }, &|_| 0.0)
                .into_iter()
                .map(|c| (c.title, c.start))
                .collect();
        let want = [("PyScript", 15), ("Sponsor", 200), ("Memray", 240), ("Extras", 420), ("Joke", 500)];
        assert_eq!(got, want.map(|(t, s)| (t.to_string(), s)).to_vec());
    }

    #[test]
    fn a_show_has_the_segments_many_of_its_episodes_say() {
        // Python Bytes: the joke in half the episodes, the Extras in most, the word passed
        // every few minutes.
        let news = Show::of((0..10).map(|i| Shape { extras: i < 8, joke: i % 2 == 0, handoffs: 3.0 }));
        assert_eq!(news, Show { interview: false, extras: true, joke: true });
        // An interview show: "a joke" near the end of one episode in ten.
        let interviews =
            Show::of((0..10).map(|i| Shape { extras: false, joke: i == 3, handoffs: 0.5 + i as f32 / 10.0 }));
        assert_eq!(interviews, Show { interview: true, extras: false, joke: false });
        assert_eq!(Show::of([]), Show::default());
    }

    #[test]
    fn titles_are_names_or_phrases_never_addresses_or_lone_words() {
        let names = [Named { entity: 0, name: "Pydantic".into(), cues: vec![] }];
        assert!(may_title("Ruff", true, &names));
        assert!(may_title("product discovery", false, &names));
        assert!(may_title("Pydantic models", false, &names));
        assert!(!may_title("viability", false, &names), "a lone ordinary word");
        assert!(!may_title("anchors", true, &names), "a lone ordinary word, even as a thing");
        assert!(may_title("pytest", true, &names), "a coined name");
        assert!(!may_title("Pydonic style classes", false, &names), "misheard");
        for address in ["github.com apple swift-evolution", "biz.yelp.com", "docs.astral.sh ruff", "pola.rs"] {
            assert!(!may_title(address, true, &names), "{address}");
        }
        assert!(may_title("Node.js", true, &names));
        assert_eq!(title_key("democratize VR"), title_key("democratizing VR"));
        assert_eq!(title_key("Maturin"), title_key("maturin"));
        assert_ne!(title_key("Ruff"), title_key("Ruff rules"));
    }

    #[test]
    fn a_long_talk_gets_a_chapter_every_so_often_but_none_at_its_end() {
        // A cue every 10 s for an hour; turns are worth more at :00 of each 7th minute.
        let t = |i: usize| i as u32 * 10;
        let n = 360;
        let worth = |i: usize| Some(if t(i) % 420 == 0 { 2.0 } else { 0.1 });
        // One chosen turn at 20:00 and one 60 s before the end.
        let mut chosen = vec![120, 354];
        split_long_parts(&mut chosen, &[], n, 3600, worth, t);
        let times: Vec<u32> = chosen.iter().map(|&i| t(i)).collect();
        assert!(!times.contains(&3540), "nothing starts in the last minutes: {times:?}");
        let mut bounds = vec![0];
        bounds.extend(&times);
        bounds.push(3600 - OUTRO);
        for w in bounds.windows(2) {
            assert!(w[1] - w[0] <= CONVERSATION_PART, "{times:?}");
            assert!(w[1] - w[0] >= GAP_CONVERSATION || w[0] == 0, "{times:?}");
        }
        assert!(times.iter().filter(|&&x| x != 1200).all(|x| x % 420 == 0), "at the strongest turns: {times:?}");
        // Nowhere to split (no turn may start): the part stays whole, and it ends.
        let mut none = vec![];
        split_long_parts(&mut none, &[], n, 3600, |_| None, t);
        assert!(none.is_empty());
    }

    #[test]
    fn a_break_the_transcript_marks_starts_a_part() {
        // Twenty minutes on one subject; the transcript marks a break at 10:00.
        let lines = [
            "the query planner picks an index scan",
            "a btree index keeps the rows sorted",
            "vacuum reclaims dead rows in postgres",
            "the planner estimates rows from statistics",
        ];
        let cues: Vec<Cue> = (0..240u32)
            .map(|i| Cue {
                start: i * 5,
                speaker: Some(if (i / 3) % 2 == 0 { "Host" } else { "Guest" }.into()),
                text: lines[i as usize % lines.len()].into(),
                line: i as usize + 1,
                estimated: false,
            })
            .collect();
        let mut turns = Turns::new(&cues, &[], &People::new(["Ada Host", "Grace Guest"]));
        let topics = [topic("Databases", (10..1190).step_by(30))];
        let without = from_topics(&cues, &turns, &topics, &[], Show { interview: true, ..Show::default() }, &|_| 0.0);
        assert!(without.iter().all(|c| c.start != 600), "{without:?}");
        turns.breaks = vec![120];
        let got = from_topics(&cues, &turns, &topics, &[], Show { interview: true, ..Show::default() }, &|_| 0.0);
        let at = got.iter().find(|c| c.start == 600).unwrap_or_else(|| panic!("no chapter at the break: {got:?}"));
        // Titled by what else the part says, not by the name before it.
        assert_ne!(at.title, "Databases", "{got:?}");
        assert!(at.title.contains(' ') && at.title.chars().next().unwrap().is_uppercase(), "{got:?}");
        let ends: Vec<u32> = got.iter().skip(1).map(|c| c.start).chain([1200]).collect();
        assert!(got.iter().zip(ends).all(|(c, e)| e - c.start >= SHORTEST_TALK), "{got:?}");
    }

    #[test]
    fn an_interview_gets_chapters_at_topic_shifts_minutes_apart() {
        // Twenty minutes of conversation, no hand-off phrases, three subjects in turn.
        let subjects = [
            ("Gardening", "tomatoes want full sunlight and rich compost | we mulch the vegetable beds with straw | the compost heap feeds the tomatoes all summer | seedlings go out after the last frost"),
            ("Databases", "the query planner picks an index scan | a btree index keeps the rows sorted | vacuum reclaims dead rows in postgres | the planner estimates rows from statistics"),
            ("Telescopes", "a refractor telescope uses lenses | the mirror of a reflector telescope gathers faint galaxies | dark skies matter for nebulae and galaxies | the eyepiece sets the magnification"),
        ];
        let mut cues = Vec::new();
        for (x, (_, lines)) in subjects.iter().enumerate() {
            let lines: Vec<&str> = lines.split(" | ").collect();
            for i in 0..84u32 {
                let start = x as u32 * 420 + i * 5;
                let speaker = if (i / 3) % 2 == 0 { "Host" } else { "Guest" };
                cues.push(Cue {
                    start,
                    speaker: Some(speaker.into()),
                    text: lines[i as usize % lines.len()].into(),
                    line: cues.len() + 1,
                    estimated: false,
                });
            }
        }
        let turns = Turns::new(&cues, &[], &People::new(["Ada Host", "Grace Guest"]));
        let topics: Vec<EpisodeTopic> = subjects
            .iter()
            .enumerate()
            .map(|(x, (name, _))| topic(name, (x as u32 * 420 + 10..x as u32 * 420 + 410).step_by(30)))
            .collect();
        let got = from_topics(&cues, &turns, &topics, &[], Show::default(), &|_| 0.0);
        let view: Vec<(&str, u32)> = got.iter().map(|c| (c.title.as_str(), c.start)).collect();
        assert_eq!(view.len(), 3, "{view:?}");
        assert_eq!(view[0], ("Gardening", 0));
        assert_eq!(view[1].0, "Databases");
        assert!(view[1].1.abs_diff(420) <= 30, "{view:?}");
        // The closing part names a second thing said in it, if any.
        assert!(view[2].0.starts_with("Telescopes"), "{view:?}");
        assert!(view[2].1.abs_diff(840) <= 30, "{view:?}");
        assert!(got.windows(2).all(|w| w[1].start - w[0].start >= 240));
    }

    #[test]
    fn an_interviews_talk_after_a_read_at_its_close_is_the_wrap_up() {
        // Two subjects, a read at 14:00, then four minutes of goodbyes nothing names.
        let subjects = [
            ("Gardening", "tomatoes want full sunlight and rich compost | we mulch the vegetable beds with straw | the compost heap feeds the tomatoes all summer | seedlings go out after the last frost"),
            ("Databases", "the query planner picks an index scan | a btree index keeps the rows sorted | vacuum reclaims dead rows in postgres | the planner estimates rows from statistics"),
        ];
        let read = [
            "Before we move on, let me tell you about our sponsor, Acme.",
            "Acme makes anvils for every workshop, and Acme anvils never break.",
            "Visit acme.com/podcast for a free trial of Acme.",
        ];
        let goodbyes = [
            "so that was a lot of fun for me",
            "thank you again for being here with us",
            "we should do this again some time soon",
            "and it was so good to see you",
        ];
        let mut cues = Vec::new();
        let mut say = |start: u32, speaker: &str, text: &str| {
            let line = cues.len() + 1;
            cues.push(Cue { start, speaker: Some(speaker.into()), text: text.into(), line, estimated: false });
        };
        for (x, (_, lines)) in subjects.iter().enumerate() {
            let lines: Vec<&str> = lines.split(" | ").collect();
            for i in 0..84u32 {
                say(
                    x as u32 * 420 + i * 5,
                    if (i / 3) % 2 == 0 { "Host" } else { "Guest" },
                    lines[i as usize % lines.len()],
                );
            }
        }
        for (i, text) in read.iter().enumerate() {
            say(840 + i as u32 * 20, "Host", text);
        }
        for i in 0..48u32 {
            say(900 + i * 5, if (i / 3) % 2 == 0 { "Host" } else { "Guest" }, goodbyes[i as usize % goodbyes.len()]);
        }
        let ad = ad_phrases(&cues);
        let turns = Turns::new(&cues, &ad, &People::new(["Ada Host", "Grace Guest"]));
        let topics: Vec<EpisodeTopic> = subjects
            .iter()
            .enumerate()
            .map(|(x, (name, _))| topic(name, (x as u32 * 420 + 10..x as u32 * 420 + 410).step_by(30)))
            .collect();
        let got = from_topics(&cues, &turns, &topics, &[], Show { interview: true, ..Show::default() }, &|_| 0.0);
        let view: Vec<(&str, u32)> = got.iter().map(|c| (c.title.as_str(), c.start)).collect();
        let read_at = view.iter().position(|c| c.0 == "Sponsor").unwrap_or_else(|| panic!("no read: {view:?}"));
        assert!(view[read_at].1.abs_diff(840) <= 10, "{view:?}");
        // The goodbyes are no part of the read: the episode ends on the wrap-up.
        assert_eq!(view.len(), read_at + 2, "{view:?}");
        assert_eq!(view[read_at + 1].0, WRAP_UP, "{view:?}");
        assert!(view[read_at + 1].1.abs_diff(900) <= 10, "{view:?}");
    }
}
