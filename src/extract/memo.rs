//! Incremental extraction: each episode's extraction kept in the build cache
//! ([`crate::cache`]) with what it read of the rest of the site, and used again while
//! all of that still holds.
//!
//! An episode's extraction (pass 2: its ranking; pass 3: its topics, entities, chapters
//! and links; see [`super::site`]) is a function of
//! - its own input: its transcript's cues, metadata, show notes, files (the entry's
//!   key: [`episode_key`], with the site's settings and `topics.toml`);
//! - the catalogue as pass 2 sees it, the glossary, the sponsors and the number of
//!   episodes ([`Digest`] `before`);
//! - the df values its ranking looked up ([`Reads`]: recorded while it ran);
//! - the catalogue as pass 3 sees it, what the show is, and which entities its show
//!   notes' items name (`after`).
//!
//! An entry is used only when every one of these is as it was: the result is then
//! exactly what extracting the episode again would give, so an incremental build is
//! byte-identical to a clean one. One edited transcript changes its own key and, unless
//! it changes the catalogue, only the df of the words it gained or lost: the episodes
//! whose rankings looked those up are extracted again, the others are not.

use super::catalogue::{NameStats, NameTally};
use super::own::{OwnCounts, OwnSums};
use super::segment::Shape;
use super::topics::{Counted, Reads, SiteStats};
use crate::cache::{Cache, Key, KeyHasher};
use crate::model::{Chapter, EntityMentions, EpisodeTopic, Link, Mention};
use crate::write::Page;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::PathBuf;

/// The most an entry may hold (bytes); a real one holds a few kilobytes per episode.
const MAX_ENTRY: u64 = 64 << 20;
const KIND: &str = "episode";
const COUNTED: &str = "counted";
const KNOWN: &str = "known";
const SUMMARY: &str = "summary";
/// The most the pass-1 summary may hold: its sums grow with the catalogue's distinct
/// words and names (a few megabytes at 2,000 episodes), not with its episodes' text.
const MAX_SUMMARY: u64 = 1 << 30;
/// The pass-1 summary is brought up to date (the episodes gone since subtracted, the new
/// ones added) while at most this share of the episodes changed; past it, every
/// episode's counts are summed afresh.
const MOST_CHANGED: f64 = 0.25;

/// A hash of the parts of the site every episode's extraction reads.
pub type Digest = [u8; 32];

pub fn digest(f: impl FnOnce(&mut blake3::Hasher)) -> Digest {
    let mut h = blake3::Hasher::new();
    f(&mut h);
    *h.finalize().as_bytes()
}

/// One episode's extraction, as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// What pass 2 read of the site, and what it read of the statistics.
    pub before: Digest,
    pub reads: Reads,
    /// Its ranking, as the catalogue completes itself from it: (key, name-like, tf).
    pub ranked: Vec<(String, bool, u32)>,
    pub shape: Shape,
    /// What pass 3 read of the site.
    pub after: Digest,
    pub topics: Vec<EpisodeTopic>,
    pub entities: Vec<EntityMentions>,
    pub chapters: Vec<Chapter>,
    pub links: Vec<Link>,
}

/// The entry's name: the episode's own input and the site's settings.
pub fn episode_key(site: &Digest, p: &super::site::ParsedEpisode) -> Key {
    let mut h = KeyHasher::new(KIND);
    h.add(site);
    let mut cues = blake3::Hasher::new();
    if let Some(t) = &p.transcript {
        crate::render::reuse::hash_cues(&mut cues, &t.cues);
    }
    h.add(&[u8::from(p.transcript.is_some())]);
    h.add(cues.finalize().as_bytes());
    // Hashed as written, not collected into strings first (show notes hold their HTML).
    let debug = crate::render::reuse::debug_hash;
    h.add(&debug(&p.meta));
    h.add(&debug(&p.notes));
    h.add(&debug(&p.sources));
    h.add(&(p.topic_cues as u64).to_le_bytes());
    h.finish(KIND)
}

pub fn get(cache: &Cache, key: &Key) -> Option<Entry> {
    let pages = cache.get(key, MAX_ENTRY)?;
    match pages.as_slice() {
        [one] if one.path == std::path::Path::new(KIND) => decode(&one.content),
        _ => None,
    }
}

pub fn put(cache: &Cache, key: &Key, entry: &Entry) {
    cache.put(key, &[Page { path: PathBuf::from(KIND), content: encode(entry) }], MAX_ENTRY);
}

/// The name of an episode's pass-1 counts: the episode's own input and the settings
/// (its key, [`episode_key`]), nothing else.
pub fn counted_key(episode: &Key) -> Key {
    counted_key_named(episode.name())
}

/// An episode's pass-1 counts ([`super::topics::count_own`]) and what it tells of the
/// show's own names ([`OwnCounts`]), when the cache holds them.
pub fn get_counted(cache: &Cache, key: &Key) -> Option<(Counted, OwnCounts)> {
    let pages = cache.get(key, MAX_ENTRY)?;
    match pages.as_slice() {
        [one] if one.path == std::path::Path::new(COUNTED) => {
            let mut r = R(&one.content);
            let c = decode_counted(&mut r)?;
            let mut words = || r.list(R::str);
            let own = OwnCounts { people: words()?, openings: words()?, labels: words()? };
            r.0.is_empty().then_some((c, own))
        }
        _ => None,
    }
}

pub fn put_counted(cache: &Cache, key: &Key, c: &Counted, own: &OwnCounts) {
    let mut w = encode_counted(c);
    for words in [&own.people, &own.openings, &own.labels] {
        w.len(words.len());
        for s in words {
            w.str(s);
        }
    }
    cache.put(key, &[Page { path: PathBuf::from(COUNTED), content: w.0 }], MAX_ENTRY);
}

/// The name of an episode's known topics ([`super::glossary::Glossary::find`] over its
/// cues): the episode's own input and the settings ([`episode_key`]) and the glossary
/// (`topics.toml` and every episode's show-notes items, digest `glossary`).
pub fn known_key(episode: &Key, glossary: &Digest) -> Key {
    known_key_named(episode.name(), glossary)
}

/// An episode's known topics (glossary index, cue indices), when the cache holds them.
pub fn get_known(cache: &Cache, key: &Key) -> Option<Vec<(usize, Vec<u32>)>> {
    let pages = cache.get(key, MAX_ENTRY)?;
    let [one] = pages.as_slice() else { return None };
    if one.path != std::path::Path::new(KNOWN) {
        return None;
    }
    let mut r = R(&one.content);
    let known = r.list(|r| Some((usize::try_from(r.u64()?).ok()?, r.list(R::u32)?)))?;
    r.0.is_empty().then_some(known)
}

pub fn put_known(cache: &Cache, key: &Key, known: &[(usize, Vec<u32>)]) {
    let mut w = W(Vec::with_capacity(16 + 16 * known.len()));
    w.len(known.len());
    for (topic, cues) in known {
        w.u64(*topic as u64);
        w.len(cues.len());
        for &c in cues {
            w.u32(c);
        }
    }
    cache.put(key, &[Page { path: PathBuf::from(KNOWN), content: w.0 }], MAX_ENTRY);
}

/// What the catalogue is made of after pass 1: every episode's counts summed.
pub struct Pass1 {
    /// Each candidate's and known topic's count of episodes.
    pub stats: SiteStats,
    /// The name tallies of the whole catalogue.
    pub names: NameStats,
    /// What the episodes tell of the show's own names.
    pub own: OwnSums,
    /// Each episode's own counts (with its known topics), where this build read or made
    /// them: every episode's when it summed them all, else the episodes added since the
    /// summary. The rest are read when an episode is ranked again ([`episode_counts`]).
    pub counted: Vec<Option<Counted>>,
    /// How many episodes' counts were read or made (the rest came summed).
    pub read: usize,
    /// Whether the sums came from the cache's summary, brought up to date.
    pub from_summary: bool,
}

/// The sums pass 1 makes of every episode's counts, as the summary keeps them.
struct Sums {
    df: FxHashMap<u64, u32>,
    known_df: Vec<u32>,
    names: NameStats,
    own: OwnSums,
}

impl Sums {
    fn new(known_topics: usize) -> Sums {
        Sums {
            df: FxHashMap::default(),
            known_df: vec![0; known_topics],
            names: NameStats::default(),
            own: OwnSums::default(),
        }
    }

    /// Adds one episode's counts (its `names` taken).
    fn add(&mut self, c: &mut Counted, own: &OwnCounts) {
        for &k in &c.keys {
            *self.df.entry(k).or_default() += 1;
        }
        self.add_known(&c.known);
        self.names.add_episode(std::mem::take(&mut c.names));
        self.own.add(own);
    }

    fn add_known(&mut self, known: &[(usize, Vec<u32>)]) {
        for (i, _) in known {
            if let Some(v) = self.known_df.get_mut(*i) {
                *v += 1;
            }
        }
    }

    /// Undoes [`Sums::add`] of these counts: false if they were not added (a summary
    /// that does not hold what it says it holds is not used).
    fn remove(&mut self, c: &Counted, own: &OwnCounts) -> bool {
        for k in &c.keys {
            match self.df.get_mut(k) {
                Some(1) => {
                    self.df.remove(k);
                }
                Some(v) => *v -= 1,
                None => return false,
            }
        }
        for (i, _) in &c.known {
            match self.known_df.get_mut(*i) {
                Some(v) if *v > 0 => *v -= 1,
                _ => return false,
            }
        }
        self.names.remove_episode(&c.names) && self.own.remove(own)
    }

    fn merge(mut self, other: Sums) -> Sums {
        for (k, v) in other.df {
            *self.df.entry(k).or_default() += v;
        }
        for (a, b) in self.known_df.iter_mut().zip(&other.known_df) {
            *a += b;
        }
        self.names = self.names.merge(other.names);
        for (mine, theirs) in [
            (&mut self.own.people, other.own.people),
            (&mut self.own.openings, other.own.openings),
            (&mut self.own.labels, other.own.labels),
        ] {
            for (w, n) in theirs {
                *mine.entry(w).or_default() += n;
            }
        }
        self.own.episodes += other.own.episodes;
        self
    }
}

/// The name of the pass-1 summary: the site's settings (`site`, as in every episode's
/// key). Its content says which episodes it sums (their keys) and with which glossary.
fn summary_key(site: &Digest) -> Key {
    KeyHasher::new(SUMMARY).add(site).finish(SUMMARY)
}

/// The counted entry of the episode whose key is named `episode` ([`counted_key`]).
/// (By the episode key's name: the summary keeps names, and the two must agree or every
/// subtraction falls back to a full sum.)
fn counted_key_named(episode: &str) -> Key {
    KeyHasher::new(COUNTED).add(episode.as_bytes()).finish(COUNTED)
}

fn known_key_named(episode: &str, glossary: &Digest) -> Key {
    KeyHasher::new(KNOWN).add(episode.as_bytes()).add(glossary).finish(KNOWN)
}

/// One episode's pass-1 counts with its known topics and own names: from the cache, else
/// made (`count`, `find`) and kept there.
pub fn episode_counts(
    cache: &Cache,
    episode: &Key,
    glossary: &Digest,
    count: impl FnOnce() -> (Counted, OwnCounts),
    find: impl FnOnce() -> Vec<(usize, Vec<u32>)>,
) -> (Counted, OwnCounts) {
    let key = counted_key(episode);
    let (mut c, own) = get_counted(cache, &key).unwrap_or_else(|| {
        let (c, own) = count();
        put_counted(cache, &key, &c, &own);
        (c, own)
    });
    let known = known_key(episode, glossary);
    c.known = get_known(cache, &known).unwrap_or_else(|| {
        let k = find();
        put_known(cache, &known, &k);
        k
    });
    (c, own)
}

/// Pass 1's sums over the episodes whose keys are `keys`: from the cache's one summary
/// entry when it holds them (the episodes gone since subtracted, by their own kept
/// counts, and the new ones added: a one-edit rebuild reads three entries, not three
/// per episode), else every episode's counts summed. `counts(i)` gives episode `i`'s
/// ([`episode_counts`]). The result is the same either way: every sum is of whole
/// numbers, and a subtraction that finds less than it takes refuses the summary.
pub fn pass1(
    cache: &Cache,
    site: &Digest,
    keys: &[Key],
    glossary: &Digest,
    known_topics: usize,
    counts: impl Fn(usize) -> (Counted, OwnCounts) + Sync,
) -> Pass1 {
    let key = summary_key(site);
    let names: Vec<&str> = keys.iter().map(Key::name).collect();
    let kept = get_summary(cache, &key);
    if let Some(p) = kept.and_then(|kept| update(cache, &names, glossary, known_topics, &counts, kept)) {
        let (sums, counted, read, changed) = p;
        if changed {
            put_summary(cache, &key, &names, glossary, &sums);
        }
        // The entries of the episodes summed stay in the cache: a later edit subtracts
        // them, and an episode ranked again reads them.
        for n in &names {
            cache.keep(&counted_key_named(n));
            cache.keep(&known_key_named(n, glossary));
        }
        return finish(sums, keys.len(), counted, read, true);
    }
    let (counted, sums) = (0..keys.len())
        .into_par_iter()
        .fold(
            || (Vec::new(), Sums::new(known_topics)),
            |(mut v, mut sums), i| {
                let (mut c, own) = counts(i);
                sums.add(&mut c, &own);
                v.push((i, c));
                (v, sums)
            },
        )
        .reduce(
            || (Vec::new(), Sums::new(known_topics)),
            |(mut a, sa), (b, sb)| {
                a.extend(b);
                (a, sa.merge(sb))
            },
        );
    put_summary(cache, &key, &names, glossary, &sums);
    let mut all: Vec<Option<Counted>> = (0..keys.len()).map(|_| None).collect();
    for (i, c) in counted {
        all[i] = Some(c);
    }
    finish(sums, keys.len(), all, keys.len(), false)
}

fn finish(sums: Sums, episodes: usize, counted: Vec<Option<Counted>>, read: usize, from_summary: bool) -> Pass1 {
    let n = u32::try_from(episodes).unwrap_or(u32::MAX);
    Pass1 {
        stats: SiteStats::from_sums(n, sums.df, sums.known_df),
        names: sums.names,
        own: sums.own,
        counted,
        read,
        from_summary,
    }
}

/// The summary `sums` (of the episodes named `from`, known topics found with glossary
/// `was`) brought to the episodes named `now`: `None` when too many changed, the glossary
/// changed, or an entry it needs is missing or does not add up. Returns the sums, the
/// counts read, how many, and whether the summary changed.
#[allow(clippy::type_complexity)]
fn update(
    cache: &Cache,
    now: &[&str],
    glossary: &Digest,
    known_topics: usize,
    counts: &(impl Fn(usize) -> (Counted, OwnCounts) + Sync),
    (mut from, was, mut sums): (Vec<String>, Digest, Sums),
) -> Option<(Sums, Vec<Option<Counted>>, usize, bool)> {
    // Both as sorted multisets of key names: what is gone and what is new.
    let mut order: Vec<usize> = (0..now.len()).collect();
    order.sort_unstable_by_key(|&i| now[i]);
    from.sort_unstable();
    let (mut gone, mut added) = (Vec::new(), Vec::new());
    let (mut a, mut b) = (0, 0);
    while a < from.len() || b < order.len() {
        match (from.get(a), order.get(b).map(|&i| now[i])) {
            (Some(x), Some(y)) if x.as_str() == y => {
                a += 1;
                b += 1;
            }
            (Some(x), Some(y)) if x.as_str() < y => {
                gone.push(x.as_str());
                a += 1;
            }
            (Some(x), None) => {
                gone.push(x.as_str());
                a += 1;
            }
            _ => {
                added.push(order[b]);
                b += 1;
            }
        }
    }
    if (gone.len() + added.len()) as f64 > MOST_CHANGED * now.len().max(1) as f64 {
        return None;
    }
    // Another glossary (a show-notes item changed) changes every episode's ranking, which
    // reads every episode's counts: summing them all afresh costs nothing more.
    if was != *glossary || sums.known_df.len() != known_topics {
        return None;
    }
    for old in &gone {
        let (mut c, own) = get_counted(cache, &counted_key_named(old))?;
        c.known = get_known(cache, &known_key_named(old, glossary))?;
        if !sums.remove(&c, &own) {
            return None;
        }
    }
    let made: Vec<(usize, Counted, OwnCounts)> = added
        .par_iter()
        .map(|&i| {
            let (c, own) = counts(i);
            (i, c, own)
        })
        .collect();
    let read = made.len();
    let mut counted: Vec<Option<Counted>> = (0..now.len()).map(|_| None).collect();
    for (i, mut c, own) in made {
        sums.add(&mut c, &own);
        counted[i] = Some(c);
    }
    let n = now.len();
    if sums.names.episodes as usize != n || sums.own.episodes as usize != n {
        return None;
    }
    Some((sums, counted, read, !gone.is_empty() || read > 0))
}

fn put_summary(cache: &Cache, key: &Key, episodes: &[&str], glossary: &Digest, s: &Sums) {
    let mut w = W(Vec::with_capacity(64 * episodes.len() + 12 * s.df.len() + 64 * s.names.iter().size_hint().0));
    w.len(episodes.len());
    for e in episodes {
        w.str(e);
    }
    w.0.extend(glossary);
    w.len(s.df.len());
    for (&k, &v) in &s.df {
        w.u64(k);
        w.u32(v);
    }
    w.len(s.known_df.len());
    for &v in &s.known_df {
        w.u32(v);
    }
    w.u32(s.names.episodes);
    let names: Vec<(&str, &NameTally)> = s.names.iter().collect();
    w.len(names.len());
    for (k, t) in names {
        w.str(k);
        put_tally(&mut w, t);
    }
    w.u32(s.own.episodes);
    for m in [&s.own.people, &s.own.openings, &s.own.labels] {
        w.len(m.len());
        for (k, &v) in m {
            w.str(k);
            w.u32(v);
        }
    }
    cache.put(key, &[Page { path: PathBuf::from(SUMMARY), content: w.0 }], MAX_SUMMARY);
}

fn get_summary(cache: &Cache, key: &Key) -> Option<(Vec<String>, Digest, Sums)> {
    let pages = cache.get(key, MAX_SUMMARY)?;
    let [one] = pages.as_slice() else { return None };
    if one.path != std::path::Path::new(SUMMARY) {
        return None;
    }
    let mut r = R(&one.content);
    let episodes = r.list(R::str)?;
    let glossary = r.digest()?;
    let n = r.len()?;
    let mut df = FxHashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        df.insert(r.u64()?, r.u32()?);
    }
    let known_df = r.list(R::u32)?;
    let named = r.u32()?;
    let n = r.len()?;
    let mut map = FxHashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        map.insert(r.str()?.into_boxed_str(), tally(&mut r)?);
    }
    let mut own = OwnSums { episodes: r.u32()?, ..OwnSums::default() };
    for m in [&mut own.people, &mut own.openings, &mut own.labels] {
        let n = r.len()?;
        for _ in 0..n {
            m.insert(r.str()?, r.u32()?);
        }
    }
    let sums = Sums { df, known_df, names: NameStats::from_parts(named, map), own };
    r.0.is_empty().then_some((episodes, glossary, sums))
}

fn encode_counted(c: &Counted) -> W {
    let mut w = W(Vec::with_capacity(16 * c.keys.len() + 64 * c.names.len() + c.ad_phrases.len() + 64));
    w.len(c.keys.len());
    for &k in &c.keys {
        w.u64(k);
    }
    w.len(c.names.len());
    for (name, t) in &c.names {
        w.str(name);
        put_tally(&mut w, t);
    }
    w.len(c.ad_phrases.len());
    for &a in &c.ad_phrases {
        w.bool(a);
    }
    w
}

fn decode_counted(r: &mut R) -> Option<Counted> {
    let keys = r.list(R::u64)?;
    let names = r.list(|r| Some((r.str()?.into_boxed_str(), tally(r)?)))?;
    let ad_phrases = r.list(R::bool)?;
    Some(Counted { keys, names, known: Vec::new(), ad_phrases })
}

fn put_tally(w: &mut W, t: &NameTally) {
    for v in [t.tf, t.mid, t.caps, t.shaped, t.article, t.naming, t.run, t.ad, t.df, t.df2] {
        w.u32(v);
    }
}

fn tally(r: &mut R) -> Option<NameTally> {
    let mut v = [0u32; 10];
    for x in &mut v {
        *x = r.u32()?;
    }
    let [tf, mid, caps, shaped, article, naming, run, ad, df, df2] = v;
    Some(NameTally { tf, mid, caps, shaped, article, naming, run, ad, df, df2 })
}

// A plain binary form: every number little-endian, every string and list length-first.

pub(crate) struct W(pub(crate) Vec<u8>);

impl W {
    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend(v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.0.extend(v.to_le_bytes());
    }
    pub(crate) fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend(s.as_bytes());
    }
    pub(crate) fn opt_str(&mut self, s: &Option<String>) {
        self.bool(s.is_some());
        if let Some(s) = s {
            self.str(s);
        }
    }
    pub(crate) fn opt_u32(&mut self, v: Option<u32>) {
        self.bool(v.is_some());
        self.u32(v.unwrap_or(0));
    }
    pub(crate) fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
}

pub(crate) struct R<'a>(pub(crate) &'a [u8]);

impl R<'_> {
    pub(crate) fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    pub(crate) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(crate) fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    /// A length, no more than the bytes left could hold (so a bad one allocates nothing).
    pub(crate) fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok().filter(|&n| n <= self.0.len())
    }
    pub(crate) fn str(&mut self) -> Option<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    pub(crate) fn opt_str(&mut self) -> Option<Option<String>> {
        Some(if self.bool()? { Some(self.str()?) } else { None })
    }
    pub(crate) fn opt_u32(&mut self) -> Option<Option<u32>> {
        let some = self.bool()?;
        let v = self.u32()?;
        Some(some.then_some(v))
    }
    pub(crate) fn digest(&mut self) -> Option<Digest> {
        self.take(32)?.try_into().ok()
    }
    pub(crate) fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.len()?;
        (0..n).map(|_| item(self)).collect()
    }
}

fn encode(e: &Entry) -> Vec<u8> {
    let mut w = W(Vec::with_capacity(4096));
    w.0.extend(e.before);
    w.len(e.reads.df.len());
    for &(h, v) in &e.reads.df {
        w.u64(h);
        w.u32(v);
    }
    w.len(e.reads.known.len());
    for &(i, v) in &e.reads.known {
        w.u64(i as u64);
        w.opt_u32(v);
    }
    w.len(e.ranked.len());
    for (k, name_like, tf) in &e.ranked {
        w.str(k);
        w.bool(*name_like);
        w.u32(*tf);
    }
    w.bool(e.shape.extras);
    w.bool(e.shape.joke);
    w.u32(e.shape.handoffs.to_bits());
    w.0.extend(e.after);
    w.len(e.topics.len());
    for t in &e.topics {
        // Every field, by name: a field added to the model fails to compile here.
        let EpisodeTopic { name, slug, score, from_notes, url, mentions, entity, spelling } = t;
        w.str(name);
        w.opt_str(slug);
        w.u64(score.to_bits());
        w.bool(*from_notes);
        w.opt_str(url);
        w.len(mentions.len());
        for m in mentions {
            w.u32(m.start);
        }
        w.bool(entity.is_some());
        w.u64(entity.unwrap_or(0) as u64);
        w.bool(*spelling);
    }
    w.len(e.entities.len());
    for m in &e.entities {
        let EntityMentions { entity, cues, said, spellings, in_notes, ranked, subject } = m;
        w.u64(*entity as u64);
        w.len(cues.len());
        for &c in cues {
            w.u32(c);
        }
        w.u32(*said);
        w.len(spellings.len());
        for (s, n) in spellings {
            w.str(s);
            w.u32(*n);
        }
        w.bool(*in_notes);
        w.bool(*ranked);
        w.bool(*subject);
    }
    w.len(e.chapters.len());
    for c in &e.chapters {
        let Chapter { title, start, url, topic } = c;
        w.str(title);
        w.u32(*start);
        w.opt_str(url);
        w.opt_str(topic);
    }
    w.len(e.links.len());
    for l in &e.links {
        let Link { url, text, start, topic } = l;
        w.str(url);
        w.str(text);
        w.opt_u32(*start);
        w.opt_str(topic);
    }
    w.0
}

/// The entry [`encode`] wrote, or `None` for anything else.
fn decode(bytes: &[u8]) -> Option<Entry> {
    let mut r = R(bytes);
    let before = r.digest()?;
    let df = r.list(|r| Some((r.u64()?, r.u32()?)))?;
    let known = r.list(|r| Some((usize::try_from(r.u64()?).ok()?, r.opt_u32()?)))?;
    let ranked = r.list(|r| Some((r.str()?, r.bool()?, r.u32()?)))?;
    let shape = Shape { extras: r.bool()?, joke: r.bool()?, handoffs: f32::from_bits(r.u32()?) };
    let after = r.digest()?;
    let topics = r.list(|r| {
        Some(EpisodeTopic {
            name: r.str()?,
            slug: r.opt_str()?,
            score: f64::from_bits(r.u64()?),
            from_notes: r.bool()?,
            url: r.opt_str()?,
            mentions: r.list(|r| Some(Mention { start: r.u32()? }))?,
            entity: {
                let some = r.bool()?;
                let e = usize::try_from(r.u64()?).ok()?;
                some.then_some(e)
            },
            spelling: r.bool()?,
        })
    })?;
    let entities = r.list(|r| {
        Some(EntityMentions {
            entity: usize::try_from(r.u64()?).ok()?,
            cues: r.list(R::u32)?,
            said: r.u32()?,
            spellings: r.list(|r| Some((r.str()?, r.u32()?)))?,
            in_notes: r.bool()?,
            ranked: r.bool()?,
            subject: r.bool()?,
        })
    })?;
    let chapters =
        r.list(|r| Some(Chapter { title: r.str()?, start: r.u32()?, url: r.opt_str()?, topic: r.opt_str()? }))?;
    let links = r.list(|r| Some(Link { url: r.str()?, text: r.str()?, start: r.opt_u32()?, topic: r.opt_str()? }))?;
    r.0.is_empty().then_some(Entry {
        before,
        reads: Reads { df, known },
        ranked,
        shape,
        after,
        topics,
        entities,
        chapters,
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            before: [1; 32],
            reads: Reads { df: vec![(7, 3), (9, 0)], known: vec![(2, Some(5)), (4, None)] },
            ranked: vec![("polars".into(), true, 6), ("data frames".into(), false, 3)],
            shape: Shape { extras: true, joke: false, handoffs: 1.25 },
            after: [2; 32],
            topics: vec![EpisodeTopic {
                name: "Polars".into(),
                slug: Some("polars".into()),
                score: 0.1 + 0.2,
                from_notes: false,
                url: None,
                mentions: vec![Mention { start: 12 }, Mention { start: 90 }],
                entity: Some(41),
                spelling: true,
            }],
            entities: vec![EntityMentions {
                entity: 41,
                cues: vec![3, 8],
                said: 4,
                spellings: vec![("Polars".into(), 2)],
                in_notes: true,
                ranked: true,
                subject: true,
            }],
            chapters: vec![Chapter {
                title: "Polars".into(),
                start: 0,
                url: Some("https://pola.rs".into()),
                topic: None,
            }],
            links: vec![Link { url: "https://pola.rs".into(), text: "Polars".into(), start: Some(12), topic: None }],
        }
    }

    #[test]
    fn an_entry_comes_back_exactly() {
        let e = entry();
        assert_eq!(decode(&encode(&e)), Some(e.clone()));
        let mut empty = e;
        empty.topics.clear();
        empty.links.clear();
        assert_eq!(decode(&encode(&empty)), Some(empty));
    }

    #[test]
    fn counts_come_back_exactly() {
        let tally =
            NameTally { tf: 1, mid: 2, caps: 3, shaped: 4, article: 5, naming: 6, run: 7, ad: 8, df: 9, df2: 10 };
        let c = Counted {
            keys: vec![1, u64::MAX],
            names: vec![("polars".into(), tally)],
            known: Vec::new(),
            ad_phrases: vec![true, false],
        };
        let bytes = encode_counted(&c).0;
        let back = decode_counted(&mut R(&bytes)).unwrap();
        assert_eq!((back.keys.clone(), back.names.clone(), back.ad_phrases.clone()), (c.keys, c.names, c.ad_phrases));
        assert!(decode_counted(&mut R(&encode_counted(&Counted::default()).0)).is_some());
        assert!(decode_counted(&mut R(&bytes[..bytes.len() - 1])).is_none());
    }

    fn counted(keys: &[u64], names: &[(&str, u32)], known: &[usize]) -> Counted {
        Counted {
            keys: keys.to_vec(),
            names: names
                .iter()
                .map(|&(n, tf)| {
                    (n.into(), NameTally { tf, mid: tf, df: 1, df2: u32::from(tf >= 2), ..NameTally::default() })
                })
                .collect(),
            known: known.iter().map(|&i| (i, vec![0])).collect(),
            ad_phrases: Vec::new(),
        }
    }

    fn own(people: &[&str]) -> OwnCounts {
        OwnCounts { people: people.iter().map(|p| p.to_string()).collect(), ..OwnCounts::default() }
    }

    /// The sums of three episodes, less one, are the sums of the other two, to the map
    /// entry: what is no longer said is gone, not kept at zero.
    #[test]
    fn a_subtraction_equals_a_fresh_sum() {
        let eps = [
            (counted(&[1, 2, 3], &[("polars", 3), ("rich", 1)], &[0]), own(&["Brian Okken"])),
            (counted(&[2, 3, 4], &[("polars", 1)], &[0, 1]), own(&["Brian Okken", "Ada"])),
            (counted(&[5], &[("flask", 2)], &[]), own(&["Ada"])),
        ];
        let sum = |which: &[usize]| {
            let mut s = Sums::new(2);
            for &i in which {
                let (mut c, o) = eps[i].clone();
                s.add(&mut c, &o);
            }
            s
        };
        let names = |s: &Sums| {
            let mut v: Vec<(String, NameTally)> = s.names.iter().map(|(k, t)| (k.to_string(), *t)).collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        for (gone, (c, o)) in eps.iter().enumerate() {
            let mut s = sum(&[0, 1, 2]);
            assert!(s.remove(c, o));
            let rest: Vec<usize> = (0..3).filter(|&i| i != gone).collect();
            let fresh = sum(&rest);
            assert_eq!(s.df, fresh.df, "without episode {gone}");
            assert_eq!(s.known_df, fresh.known_df);
            assert_eq!(names(&s), names(&fresh));
            assert_eq!(s.names.episodes, fresh.names.episodes);
            assert_eq!(s.own, fresh.own);
        }
        // Counts that were never added are refused, not subtracted into nonsense.
        let mut s = sum(&[2]);
        assert!(!s.remove(&eps[0].0, &eps[0].1));
    }

    #[test]
    fn a_cut_or_padded_entry_is_refused() {
        let bytes = encode(&entry());
        for cut in [0, 31, 40, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        // A length past the end allocates nothing and is refused.
        let mut huge = bytes;
        huge[32..40].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode(&huge).is_none());
    }
}
