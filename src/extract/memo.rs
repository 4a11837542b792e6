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

use super::catalogue::NameTally;
use super::segment::Shape;
use super::topics::{Counted, Reads};
use crate::cache::{Cache, Key, KeyHasher};
use crate::model::{Chapter, EntityMentions, EpisodeTopic, Link, Mention};
use crate::write::Page;
use std::path::PathBuf;

/// The most an entry may hold (bytes); a real one holds a few kilobytes per episode.
const MAX_ENTRY: u64 = 64 << 20;
const KIND: &str = "episode";
const COUNTED: &str = "counted";
const KNOWN: &str = "known";

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
        for c in &t.cues {
            cues.update(&c.start.to_le_bytes());
            cues.update(&(c.line as u64).to_le_bytes());
            cues.update(&[u8::from(c.estimated), u8::from(c.speaker.is_some())]);
            let speaker = c.speaker.as_deref().unwrap_or("");
            cues.update(&(speaker.len() as u64).to_le_bytes());
            cues.update(speaker.as_bytes());
            cues.update(&(c.text.len() as u64).to_le_bytes());
            cues.update(c.text.as_bytes());
        }
    }
    h.add(&[u8::from(p.transcript.is_some())]);
    h.add(cues.finalize().as_bytes());
    h.add(format!("{:?}", p.meta).as_bytes());
    h.add(format!("{:?}", p.notes).as_bytes());
    h.add(format!("{:?}", p.sources).as_bytes());
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
    KeyHasher::new(COUNTED).add(episode.name().as_bytes()).finish(COUNTED)
}

/// An episode's pass-1 counts ([`super::topics::count_own`]), when the cache holds them.
pub fn get_counted(cache: &Cache, key: &Key) -> Option<Counted> {
    let pages = cache.get(key, MAX_ENTRY)?;
    match pages.as_slice() {
        [one] if one.path == std::path::Path::new(COUNTED) => decode_counted(&one.content),
        _ => None,
    }
}

pub fn put_counted(cache: &Cache, key: &Key, c: &Counted) {
    cache.put(key, &[Page { path: PathBuf::from(COUNTED), content: encode_counted(c) }], MAX_ENTRY);
}

/// The name of an episode's known topics ([`super::glossary::Glossary::find`] over its
/// cues): the episode's own input and the settings ([`episode_key`]) and the glossary
/// (`topics.toml` and every episode's show-notes items, digest `glossary`).
pub fn known_key(episode: &Key, glossary: &Digest) -> Key {
    KeyHasher::new(KNOWN).add(episode.name().as_bytes()).add(glossary).finish(KNOWN)
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

fn encode_counted(c: &Counted) -> Vec<u8> {
    let mut w = W(Vec::with_capacity(16 * c.keys.len() + 64 * c.names.len() + c.ad_phrases.len() + 64));
    w.len(c.keys.len());
    for &k in &c.keys {
        w.u64(k);
    }
    w.len(c.names.len());
    for (name, t) in &c.names {
        w.str(name);
        for v in [t.tf, t.mid, t.caps, t.shaped, t.article, t.naming, t.run, t.ad, t.df, t.df2] {
            w.u32(v);
        }
    }
    w.len(c.ad_phrases.len());
    for &a in &c.ad_phrases {
        w.bool(a);
    }
    w.0
}

fn decode_counted(bytes: &[u8]) -> Option<Counted> {
    let mut r = R(bytes);
    let keys = r.list(R::u64)?;
    let names = r.list(|r| {
        let name = r.str()?.into_boxed_str();
        let mut v = [0u32; 10];
        for x in &mut v {
            *x = r.u32()?;
        }
        let [tf, mid, caps, shaped, article, naming, run, ad, df, df2] = v;
        Some((name, NameTally { tf, mid, caps, shaped, article, naming, run, ad, df, df2 }))
    })?;
    let ad_phrases = r.list(R::bool)?;
    r.0.is_empty().then_some(Counted { keys, names, known: Vec::new(), ad_phrases })
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
        let bytes = encode_counted(&c);
        let back = decode_counted(&bytes).unwrap();
        assert_eq!((back.keys, back.names, back.ad_phrases), (c.keys, c.names, c.ad_phrases));
        assert!(decode_counted(&encode_counted(&Counted::default())).is_some());
        assert!(decode_counted(&bytes[..bytes.len() - 1]).is_none());
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
