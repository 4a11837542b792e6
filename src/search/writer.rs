//! A writer of the files Pagefind 1.6's search script and WebAssembly read, so that the
//! index is made from each page's own words, kept per page, rather than by indexing every
//! page again: a page's share (its words with their positions and weights, and its
//! fragment) depends only on that page, and the index is merged from the shares.
//!
//! The format, as Pagefind's reader takes it (every file but the entry is gzip of the
//! signature `pagefind_dcd` then the data):
//! - `pagefind-entry.json`: the version, and per language the metadata file's name, the
//!   WebAssembly's language (none: no stemming) and the page count;
//! - `pagefind.<lang>_<hash>.pf_meta`: CBOR, an array of the version, the pages (each its
//!   fragment's name, word count and group, empty here), the index chunks (each the first
//!   and last word it holds, shortened to what tells it from its neighbours, and its file
//!   name), the filters and sorts (none here) and the names of the metadata fields;
//! - `index/<lang>_<hash>.pf_index`: CBOR, the words of a range, each with its pages
//!   (numbers delta-coded), each page with the word's positions (delta-coded; a negative
//!   number `-w-1` sets the weight `w` of the positions after it, the next one absolute)
//!   and its positions in the metadata fields (`-f-1` opens field `f`);
//! - `fragment/<lang>_<hash>.pf_fragment`: JSON, a page's URL, text, word count, filters,
//!   metadata and anchors (an element id, its title, the position of the word it opens).
//!
//! The words are found as Pagefind finds them in a page, so that a query (split, folded
//! and stemmed by the WebAssembly) meets them: a word is a run of non-space characters;
//! it is indexed as its letters and digits (and `_`) in lower case, without diacritics,
//! stemmed; a word with punctuation or inner capitals (`asyncio.run`, `PyScript`) also
//! as each part of two characters or more, at a share of its weight. A heading's words
//! weigh seven times a paragraph's.

use crate::cache::{Cache, KeyHasher};
use pagefind_stem::{Algorithm, Stemmer};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Bumped whenever what a page's share holds or how it is made changes: the cache keys
/// of the shares include it.
pub(super) const FORMAT: &[u8] = b"shownotes-search-writer 2";
/// Every compressed file starts with this, inside the gzip.
pub(super) const SIGNATURE: &[u8] = b"pagefind_dcd";
/// Pagefind's weight of an ordinary word (1.0 in its units of 24).
pub const BODY: u8 = 24;
/// A top-level heading's: seven times an ordinary word's.
pub const HEADING: u8 = 7 * 24;
/// Bumped whenever how the index's chunks are cut, named or encoded changes: a chunk's
/// name is a hash of what it is made from and this, and a kept index of another format
/// is not taken.
pub(super) const INDEX_FORMAT: &[u8] = b"shownotes-search-index 2: content-defined cuts";
/// A chunk holds at least this many positions (a word's pages and positions), then ends
/// after a word whose hash says so ([`cut_after`]): on average this many positions later.
/// About as many chunks as Pagefind's own running count of 20,000 makes (2,000 episodes:
/// 494 against 460).
const CHUNK_MIN: usize = 12_000;
const CHUNK_CUT_EVERY: u64 = 12_000;
/// A chunk ends after the word that takes it to this many positions whatever the hashes
/// say (e^-4: one chunk in fifty or so; a single word may hold more).
const CHUNK_MAX: usize = 60_000;
/// The deflate level of a fragment, compressed once per episode (then kept in the cache):
/// Pagefind's level 9 took half as long again for no fewer bytes.
pub(super) const FRAGMENT_LEVEL: u32 = 6;
/// The deflate level of the index chunks, compressed again every build: on the
/// 2,000-episode index (42 MB of chunks) level 3 took 0.34 s for 8.2 MB, level 6 0.82 s for
/// 7.7 MB, level 9 1.26 s for 7.7 MB (measurements.md, "Search written by shownotes").
pub(super) const CHUNK_LEVEL: u32 = 3;
/// Hex digits of a content hash in a file name.
pub(super) const HASH_DIGITS: usize = 16;

/// The stemmer Pagefind's WebAssembly for `lang` uses for queries.
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let a = match lang {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(a))
}

/// An anchor of a page: a sub-result opens at its id.
#[derive(Serialize, Debug, Clone, PartialEq)]
struct Anchor {
    element: &'static str,
    id: String,
    text: String,
    title: String,
    location: u32,
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: &'a [Anchor],
}

/// One page as it is read: blocks of text, anchors between them, and its metadata.
pub struct PageBuilder<'a> {
    stemmer: Option<&'a Stemmer>,
    url: String,
    content: String,
    position: u32,
    /// Each word's (position, weight) in the text.
    words: FxHashMap<String, Vec<(u32, u8)>>,
    /// Each distinct word as written, as the index holds it ([`indexable`]): a transcript
    /// says each word four times on average, and stemming was a fifth of the index's
    /// time.
    seen: FxHashMap<String, (Option<String>, Vec<String>)>,
    anchors: Vec<Anchor>,
    meta: BTreeMap<String, String>,
}

impl<'a> PageBuilder<'a> {
    pub fn new(url: &str, stemmer: Option<&'a Stemmer>) -> Self {
        PageBuilder {
            stemmer,
            url: url.to_string(),
            content: String::new(),
            position: 0,
            words: FxHashMap::default(),
            seen: FxHashMap::default(),
            anchors: Vec::new(),
            meta: BTreeMap::new(),
        }
    }

    /// A metadata field (`title`, `date`): shown with a result, and searched.
    pub fn meta(&mut self, key: &str, value: &str) {
        self.meta.insert(key.to_string(), value.to_string());
    }

    /// An anchor at the next word: a match after it opens `#id`, titled `title`.
    pub fn anchor(&mut self, element: &'static str, id: &str, title: &str) {
        self.anchors.push(Anchor {
            element,
            id: id.to_string(),
            text: String::new(),
            title: title.to_string(),
            location: self.position,
        });
    }

    /// Words of running text, at `weight`.
    pub fn text(&mut self, text: &str, weight: u8) {
        for word in text.split_whitespace() {
            self.word(word, weight);
        }
    }

    /// Ends a block (a heading, a paragraph): as Pagefind does, a full stop after it unless
    /// it ends in punctuation, so that excerpts read as sentences.
    pub fn end_block(&mut self) {
        if self.content.ends_with(' ') {
            self.content.pop();
            let last = self.content.chars().last();
            if last.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '\'' | '"' | ')' | '$' | '*')) {
                self.content.push('.');
            }
            self.content.push(' ');
        }
    }

    fn word(&mut self, raw: &str, weight: u8) {
        let raw: std::borrow::Cow<str> =
            if raw.contains('\u{200B}') { raw.replace('\u{200B}', "").into() } else { raw.into() };
        if raw.is_empty() {
            return;
        }
        self.content.push_str(&raw);
        self.content.push(' ');
        let position = self.position;
        self.position += 1;
        if !self.seen.contains_key(raw.as_ref()) {
            self.seen.insert(raw.to_string(), indexable(&raw, self.stemmer));
        }
        let (main, parts) = &self.seen[raw.as_ref()];
        let mut add = |w: &String, at: (u32, u8)| match self.words.get_mut(w.as_str()) {
            Some(v) => v.push(at),
            None => {
                self.words.insert(w.clone(), vec![at]);
            }
        };
        if let Some(main) = main {
            add(main, (position, weight));
        }
        if !parts.is_empty() {
            let share = (weight / u8::try_from(parts.len()).unwrap_or(u8::MAX)).max(1);
            for p in parts {
                add(p, (position, share));
            }
        }
    }

    /// The page's share of the index.
    pub fn finish(mut self, lang: &str) -> Result<Share, String> {
        if self.content.ends_with(' ') {
            self.content.pop();
        }
        let word_count = self.position as usize;
        let fragment = Fragment {
            url: &self.url,
            content: &self.content,
            word_count,
            filters: BTreeMap::new(),
            meta: &self.meta,
            anchors: &self.anchors,
        };
        let json = serde_json::to_vec(&fragment).map_err(|e| format!("search index: {}: {e}", self.url))?;
        let fragment_name = format!("{lang}_{}", &blake3::hash(&json).to_hex()[..HASH_DIGITS]);
        let fragment = gzip(&json, FRAGMENT_LEVEL);
        // Metadata words: their field (by its place among this page's fields) and
        // position in the field.
        let mut meta_words: FxHashMap<String, Vec<(u16, u32)>> = FxHashMap::default();
        let fields: Vec<String> = self.meta.keys().cloned().collect();
        for (f, value) in self.meta.values().enumerate() {
            for (i, raw) in value.split_whitespace().enumerate() {
                let (main, parts) = indexable(raw, self.stemmer);
                for w in main.into_iter().chain(parts) {
                    meta_words.entry(w).or_default().push((f as u16, i as u32));
                }
            }
        }
        let mut words: Vec<ShareWord> = Vec::with_capacity(self.words.len() + meta_words.len());
        for (word, positions) in std::mem::take(&mut self.words) {
            let meta = meta_words.remove(&word).unwrap_or_default();
            words.push(ShareWord { word, locs: pack_positions(positions), meta });
        }
        for (word, meta) in meta_words {
            words.push(ShareWord { word, locs: Vec::new(), meta });
        }
        words.sort_unstable_by(|a, b| a.word.cmp(&b.word));
        for w in &mut words {
            w.meta.sort_unstable();
            w.meta.dedup();
        }
        let data = encode(word_count as u32, &fields, &words);
        parse(data, fragment_name, fragment).ok_or_else(|| format!("search index: {}: too long to index", self.url))
    }
}

/// A word of a page's share: its positions in the text, packed as Pagefind packs them,
/// and in the metadata fields (field, position).
#[derive(Debug, Clone, PartialEq)]
struct ShareWord {
    word: String,
    locs: Vec<i32>,
    meta: Vec<(u16, u32)>,
}

/// What one page adds to the index, a function of that page alone (kept in the build
/// cache under a hash of the page's record).
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// `<lang>_<hash of the fragment's JSON>`.
    pub(super) fragment_name: String,
    /// The fragment file: gzip, signature, JSON.
    pub(super) fragment: Vec<u8>,
    pub(super) word_count: u32,
    /// The page's metadata field names, sorted.
    pub(super) fields: Vec<String>,
    /// The words, positions and metadata positions, encoded (see [`encode`]) as the cache
    /// keeps them: one buffer, read in place by the merge (a share of 2,000 words as
    /// separate strings and vectors cost the merge most of its time and memory).
    data: Vec<u8>,
    /// Where each word's record starts in `data`, sorted by word: four bytes a word (the
    /// merge holds every page's, four million at 2,000 episodes; the record's parts as
    /// offsets were 64 bytes a word, 250 MB of a full build's peak).
    pub(super) words: Vec<u32>,
}

/// A word's record in [`Share::data`]: its bytes, its positions (zigzag varints, and how
/// many) and its metadata positions (pairs of varints: field, position; how many pairs).
pub(super) struct Entry<'a> {
    pub(super) word: &'a str,
    /// The record's count, byte length and varints of the positions, as they are in the
    /// share: what a chunk's name is hashed from.
    locs_raw: &'a [u8],
    locs: &'a [u8],
    n_locs: usize,
    meta: &'a [u8],
    n_meta: usize,
}

impl Share {
    /// The record at `at` (an offset checked when the share was parsed; a bad one reads
    /// as an empty word).
    pub(super) fn entry(&self, at: u32) -> Entry<'_> {
        let data = &self.data[..];
        let part = || -> Option<Entry<'_>> {
            let mut r = Reader(data, at as usize);
            let n = r.var()?;
            let start = r.1;
            r.bytes(n)?;
            let word = std::str::from_utf8(&data[start..start + n]).ok()?;
            let from = r.1;
            let (l0, l1, n_locs) = r.varints(1)?;
            let (m0, m1, n_meta) = r.varints(2)?;
            Some(Entry { word, locs_raw: &data[from..l1], locs: &data[l0..l1], n_locs, meta: &data[m0..m1], n_meta })
        };
        part().unwrap_or(Entry { word: "", locs_raw: &[], locs: &[], n_locs: 0, meta: &[], n_meta: 0 })
    }
    /// The record of `word`, if the page has it.
    pub(super) fn find(&self, word: &str) -> Option<Entry<'_>> {
        let i = self.words.binary_search_by(|&at| self.entry(at).word.cmp(word)).ok()?;
        Some(self.entry(self.words[i]))
    }
    /// Takes the fragment file's bytes out (the merge reads only the words).
    pub(super) fn take_fragment(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.fragment)
    }
}

impl Entry<'_> {
    pub(super) fn locs(&self) -> impl Iterator<Item = i32> + '_ {
        Varints(self.locs).map(unzigzag)
    }
    pub(super) fn meta(&self) -> impl Iterator<Item = (u16, u32)> + '_ {
        let mut v = Varints(self.meta);
        std::iter::from_fn(move || Some((v.next()? as u16, v.next()?)))
    }
    /// How many metadata positions it has.
    pub(super) fn n_meta(&self) -> usize {
        self.n_meta
    }
    /// What the word weighs in a chunk: its positions, its metadata positions and one.
    pub(super) fn size(&self) -> usize {
        self.n_locs + self.n_meta + 1
    }
}

/// The LEB128 varints of a slice (a share's positions: most are deltas under 128, one
/// byte each instead of four). A varint cut short ends the iteration.
struct Varints<'a>(&'a [u8]);
impl Iterator for Varints<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let (mut n, mut shift) = (0u64, 0u32);
        while let Some((&b, rest)) = self.0.split_first() {
            self.0 = rest;
            if shift < 64 {
                n |= u64::from(b & 0x7f) << shift;
            }
            shift += 7;
            if b & 0x80 == 0 {
                return Some(n as u32);
            }
        }
        None
    }
}

pub(super) fn put_var(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(super) fn zigzag(n: i32) -> u32 {
    ((n << 1) ^ (n >> 31)) as u32
}
fn unzigzag(n: u32) -> i32 {
    ((n >> 1) as i32) ^ -((n & 1) as i32)
}

/// Positions sorted by weight then position, delta-coded, each change of weight marked by
/// `-weight-1` followed by an absolute position (the reader's starting weight is 25, so
/// the first position always carries a marker).
fn pack_positions(mut positions: Vec<(u32, u8)>) -> Vec<i32> {
    positions.sort_unstable_by_key(|&(p, w)| (w, p));
    positions.dedup();
    let mut out = Vec::with_capacity(positions.len() + 2);
    let (mut weight, mut last) = (25u8, 0u32);
    for (p, w) in positions {
        if w != weight {
            out.push(-i32::from(w) - 1);
            out.push(p as i32);
            weight = w;
        } else {
            out.push((p - last) as i32);
        }
        last = p;
    }
    out
}

/// A word as the index holds it: letters, digits and `_`, lower case, diacritics off,
/// stemmed; and the parts of a compound word (`asyncio.run`, `PyScript`, `2020-10-28`),
/// each of two characters or more.
fn indexable(raw: &str, stemmer: Option<&Stemmer>) -> (Option<String>, Vec<String>) {
    let normalized: String =
        raw.chars().filter(|c| c.is_alphanumeric() || *c == '_').flat_map(char::to_lowercase).collect();
    let main = (!normalized.is_empty()).then(|| stem(&normalized, stemmer)).filter(|s| !s.is_empty());
    let compound = raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(char::is_uppercase);
    let mut parts = Vec::new();
    if compound && !normalized.is_empty() {
        let joined = discrete_words(raw);
        if joined.contains(' ') || !normalized.starts_with(&joined) {
            for part in joined.split(' ').filter(|p| p.len() > 1) {
                let s = stem(part, stemmer);
                if !s.is_empty() && Some(&s) != main.as_ref() && !parts.contains(&s) {
                    parts.push(s);
                }
            }
        }
    }
    (main, parts)
}

fn stem(word: &str, stemmer: Option<&Stemmer>) -> String {
    let plain = fold_diacritics(word);
    let w = plain.as_deref().unwrap_or(word);
    match stemmer {
        Some(s) => s.stem(w).into_owned(),
        None => w.to_string(),
    }
}

/// `café` -> `cafe` (kana sound marks kept: they tell words apart).
fn fold_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let kana = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String =
        word.nfd().filter(|&c| !unicode_normalization::char::is_combining_mark(c) || kana(c)).collect();
    let folded = if stripped.chars().any(kana) { stripped.nfc().collect() } else { stripped };
    (folded != word).then_some(folded)
}

/// The parts of a compound word, lower case, one space between them: split at ASCII
/// punctuation, at a small letter followed by a capital, at the last capital of a run of
/// capitals followed by a small letter (`HTTPServer`), and between letters and digits.
fn discrete_words(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len() + 4);
    let sep = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_punctuation() || c.is_whitespace() {
            sep(&mut out);
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).map(|j| &chars[j]) {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase() && c.is_uppercase() && next.is_some_and(char::is_lowercase))
                || (prev.is_alphabetic() && c.is_numeric())
                || (prev.is_numeric() && c.is_alphabetic());
            if boundary {
                sep(&mut out);
            }
        }
        out.extend(c.to_lowercase());
    }
    out.trim_end().to_string()
}

pub(super) fn gzip(data: &[u8], level: u32) -> Vec<u8> {
    let mut gz =
        flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 3 + 64), flate2::Compression::new(level));
    // (Writing to a Vec cannot fail.)
    let _ = gz.write_all(SIGNATURE);
    let _ = gz.write_all(data);
    gz.finish().unwrap_or_default()
}

/// A share kept in the build cache: its page's fragment, and its words in a compact form.
pub fn share_from_cache(cache: &Cache, key: &crate::cache::Key, max: u64) -> Option<Share> {
    let files = cache.get(key, max)?;
    let [words, fragment] = <[crate::write::Page; 2]>::try_from(files).ok()?;
    let fragment_name = fragment.path.file_stem()?.to_str()?.to_string();
    parse(words.content, fragment_name, fragment.content)
}

pub fn share_to_cache(cache: &Cache, key: &crate::cache::Key, share: &Share, max: u64) {
    let files = [
        crate::write::Page { path: PathBuf::from("words"), content: share.data.clone() },
        crate::write::Page {
            path: PathBuf::from(format!("{}.pf_fragment", share.fragment_name)),
            content: share.fragment.clone(),
        },
    ];
    cache.put(key, &files, max);
}

/// The key of a page's share: the writer's format, the language and whether it is stemmed,
/// and whatever the caller adds (the page's record).
pub fn share_key(lang: &str, stemmed: bool) -> KeyHasher {
    let mut k = KeyHasher::new("search");
    k.add(b"page").add(FORMAT).add(lang.as_bytes()).add(&[u8::from(stemmed)]);
    k
}

/// The key of the share of the page whose record (a hash of the page, made with
/// [`share_key`]) is named `record`.
pub fn share_key_named(record: &str) -> crate::cache::Key {
    KeyHasher::new("search").add(b"share").add(record.as_bytes()).finish("search")
}

pub(super) fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}
pub(super) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// The word count, the field names, then each word: its bytes, its positions (count,
/// byte length, zigzag varints) and its metadata positions (count, byte length, varint
/// pairs of field and position).
fn encode(word_count: u32, fields: &[String], words: &[ShareWord]) -> Vec<u8> {
    let mut out = Vec::with_capacity(words.iter().map(|w| w.word.len() + 8 + 2 * w.locs.len()).sum::<usize>() + 64);
    put_u32(&mut out, word_count);
    put_u32(&mut out, fields.len() as u32);
    for f in fields {
        put_str(&mut out, f);
    }
    put_u32(&mut out, words.len() as u32);
    let mut buf = Vec::new();
    for w in words {
        put_var(&mut out, w.word.len() as u32);
        out.extend_from_slice(w.word.as_bytes());
        buf.clear();
        for &l in &w.locs {
            put_var(&mut buf, zigzag(l));
        }
        put_var(&mut out, w.locs.len() as u32);
        put_var(&mut out, buf.len() as u32);
        out.extend_from_slice(&buf);
        buf.clear();
        for &(f, p) in &w.meta {
            put_var(&mut buf, u32::from(f));
            put_var(&mut buf, p);
        }
        put_var(&mut out, w.meta.len() as u32);
        put_var(&mut out, buf.len() as u32);
        out.extend_from_slice(&buf);
    }
    out
}

/// Reads an encoded share: `.0` the bytes, `.1` how far it has read.
pub(super) struct Reader<'a>(pub(super) &'a [u8], pub(super) usize);
impl Reader<'_> {
    pub(super) fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let rest = &self.0[self.1..];
        if rest.len() < n {
            return None;
        }
        self.1 += n;
        Some(&rest[..n])
    }
    pub(super) fn left(&self) -> usize {
        self.0.len() - self.1
    }
    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }
    pub(super) fn var(&mut self) -> Option<usize> {
        let mut v = Varints(&self.0[self.1..]);
        let before = v.0.len();
        let n = v.next()?;
        self.1 += before - v.0.len();
        Some(n as usize)
    }
    /// A count then a byte length of exactly that many varints: (start, end, count).
    fn varints(&mut self, per_item: usize) -> Option<(usize, usize, usize)> {
        let count = self.var()?;
        let len = self.var()?;
        let start = self.1;
        let bytes = self.bytes(len)?;
        // Each varint ends in the one byte of it without the high bit.
        let ends = bytes.iter().filter(|&&b| b & 0x80 == 0).count();
        (ends == count.checked_mul(per_item)? && bytes.last().is_none_or(|&b| b & 0x80 == 0)).then_some((
            start,
            start + len,
            count,
        ))
    }
    pub(super) fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.bytes(n)?.to_vec()).ok()
    }
    /// A count of items of at least `size` bytes each: never more than the bytes left.
    pub(super) fn count(&mut self, size: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(size) <= self.left()).then_some(n)
    }
}

/// A share from its encoded words (checked whole: every count within the bytes, every
/// word UTF-8, every metadata field one of the page's) and its fragment.
fn parse(data: Vec<u8>, fragment_name: String, fragment: Vec<u8>) -> Option<Share> {
    // (Records are found by four-byte offsets.)
    u32::try_from(data.len()).ok()?;
    let mut r = Reader(&data, 0);
    let word_count = r.u32()?;
    let nf = r.count(4)?;
    let fields = (0..nf).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
    let nw = r.count(5)?;
    let mut words = Vec::with_capacity(nw);
    let mut last: Option<(usize, usize)> = None;
    for _ in 0..nw {
        let at = r.1 as u32;
        let n = r.var()?;
        let start = r.1;
        r.bytes(n)?;
        let word = &data[start..start + n];
        std::str::from_utf8(word).ok()?;
        // Sorted and each word once.
        if last.is_some_and(|(a, b)| &data[a..b] >= word) {
            return None;
        }
        last = Some((start, start + n));
        r.varints(1)?;
        let meta = r.varints(2)?;
        let mut v = Varints(&data[meta.0..meta.1]);
        while let (Some(f), Some(_)) = (v.next(), v.next()) {
            if f as usize >= fields.len() {
                return None;
            }
        }
        words.push(at);
    }
    if r.left() != 0 {
        return None;
    }
    Some(Share { fragment_name, fragment, word_count, fields, data, words })
}

/// A word on a page: the page's number (its share's place in the shares), and where the
/// word's record starts in that share's data. (Eight bytes: the merge holds one for every
/// word of every page, four million at 2,000 episodes.)
type Posting = (u32, u32);

/// A file of the previous site, as [`crate::write::Sink::put_same`] takes it: its path
/// there and the metadata of the file that was read.
pub type Previous = (PathBuf, std::fs::Metadata);
/// A file of the previous site, if it is the one the last build wrote at a path: its
/// bytes, and where it is.
pub type Old<'a> = dyn Fn(&Path) -> Option<(Vec<u8>, Previous)> + Sync + 'a;
/// Puts a file of the index into the site (taken from the previous site, when given).
pub type Put<'a> = dyn Fn(crate::write::Page, Option<Previous>) -> Result<(), String> + Sync + 'a;

/// Puts `share`'s fragment file through `put` (taken out of the share: the merge reads
/// only its words), unless `seen` has its name (two pages of the same text): whether it
/// was put.
pub fn write_fragment(
    share: &mut Share,
    dir: &Path,
    seen: &std::sync::Mutex<rustc_hash::FxHashSet<String>>,
    put: &Put,
) -> Result<bool, String> {
    let fragment = share.take_fragment();
    if !seen.lock().unwrap_or_else(|e| e.into_inner()).insert(share.fragment_name.clone()) {
        return Ok(false);
    }
    let path = dir.join(format!("fragment/{}.pf_fragment", share.fragment_name));
    put(crate::write::Page { path, content: fragment }, None)?;
    Ok(true)
}

/// Writes the index of `shares` (page numbers in their order; their fragments written
/// by [`write_fragment`]) under `dir` through `put`: the index chunks, the metadata and
/// the entry file. A chunk whose name (a hash of what it is made from, [`chunk_name`])
/// the previous build wrote is taken from there when `old` has it (checked against the
/// hash of the bytes written), rather than encoded and compressed again. Returns what it
/// put ([`Merged`]: its chunks' words, kept for the next build's patch).
/// `version` is the Pagefind version of the script that reads them, `wasm` whether there
/// is WebAssembly for the language (else the words are not stemmed).
#[allow(clippy::too_many_arguments)]
pub fn write_index(
    shares: &[Share],
    lang: &str,
    version: &str,
    wasm: bool,
    dir: &Path,
    old: &Old,
    put: &Put,
) -> Result<Merged, String> {
    // The metadata fields of every page, sorted; each page's own numbered into them.
    let mut all_fields: Vec<&str> = shares.iter().flat_map(|s| s.fields.iter().map(String::as_str)).collect();
    all_fields.sort_unstable();
    all_fields.dedup();

    // Every word's pages, in page order.
    let mut by_word: FxHashMap<&str, Vec<Posting>> = FxHashMap::default();
    for (page, s) in shares.iter().enumerate() {
        for &at in &s.words {
            by_word.entry(s.entry(at).word).or_default().push((page as u32, at));
        }
    }
    let mut words: Vec<(&str, Vec<Posting>)> = by_word.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let sizes: Vec<usize> = words
        .par_iter()
        .map(|(_, pages)| pages.iter().map(|&(p, at)| shares[p as usize].entry(at).size()).sum())
        .collect();
    let chunks = cut_chunks(&words, &sizes);

    let field_ids: FxHashMap<&str, u16> = all_fields.iter().enumerate().map(|(i, f)| (*f, i as u16)).collect();
    let reused = std::sync::atomic::AtomicUsize::new(0);
    let names: Vec<String> = chunks
        .par_iter()
        .map(|range| {
            let slice = &words[range.clone()];
            // Named by what it is made from, so that a chunk whose words did not change
            // is found in the previous site without encoding it again.
            let name = chunk_name(lang, slice, shares, &field_ids);
            let path = dir.join(format!("index/{name}.pf_index"));
            if let Some((content, from)) = old(&path) {
                reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                put(crate::write::Page { path, content }, Some(from))?;
                return Ok(name);
            }
            let mut e = minicbor::Encoder::new(Vec::new());
            cbor(|| {
                e.array(1)?.array(slice.len() as u64)?;
                for (word, pages) in slice {
                    e.array(3)?.str(word)?.array(pages.len() as u64)?;
                    let mut last = 0;
                    for &(page, at) in pages {
                        let share = &shares[page as usize];
                        let w = share.entry(at);
                        e.array(3)?.u32(page - last)?;
                        last = page;
                        e.array(w.n_locs as u64)?;
                        for l in w.locs() {
                            e.i32(l)?;
                        }
                        let meta = pack_meta(w.meta(), &share.fields, &field_ids);
                        e.array(meta.len() as u64)?;
                        for m in meta {
                            e.i32(m)?;
                        }
                    }
                    e.array(0)?;
                }
                Ok(())
            })?;
            let raw = e.into_writer();
            put(crate::write::Page { path, content: gzip(&raw, CHUNK_LEVEL) }, None)?;
            Ok(name)
        })
        .collect::<Result<_, String>>()?;

    let pages: Vec<(&str, u32)> = shares.iter().map(|s| (s.fragment_name.as_str(), s.word_count)).collect();
    let bounds = chunk_bounds(&words, &chunks);
    write_meta(&pages, &bounds, &names, &all_fields, lang, version, wasm, dir, put)?;
    let kept = chunks
        .iter()
        .zip(names)
        .map(|(range, name)| ChunkWords {
            name,
            words: words[range.clone()]
                .iter()
                .zip(&sizes[range.clone()])
                .map(|((w, _), &n)| (w.to_string(), n as u64))
                .collect(),
        })
        .collect::<Vec<_>>();
    Ok(Merged { files: kept.len() + 2, chunks: kept, reused: reused.into_inner() })
}

/// What a merge wrote: how many files, and each chunk's name and words with their sizes
/// (what [`super::patch`] needs to patch the index after an edit, and how it was cut).
pub struct Merged {
    pub files: usize,
    pub chunks: Vec<ChunkWords>,
    /// How many chunks were taken from the previous site rather than compressed again.
    pub reused: usize,
}

/// A chunk of the index: its name, and its words in order, each with its size (the
/// positions, metadata positions and pages it holds, as [`cut_chunks`] weighs it).
#[derive(Debug, Clone, PartialEq)]
pub struct ChunkWords {
    pub name: String,
    pub words: Vec<(String, u64)>,
}

/// Writes the metadata file (the pages' fragments and word counts, the chunks' bounds and
/// names, the metadata fields) and the entry file that names it.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_meta(
    pages: &[(&str, u32)],
    bounds: &[(String, String)],
    names: &[String],
    all_fields: &[&str],
    lang: &str,
    version: &str,
    wasm: bool,
    dir: &Path,
    put: &Put,
) -> Result<(), String> {
    let mut meta = minicbor::Encoder::new(Vec::new());
    cbor(|| {
        meta.array(6)?.str(version)?;
        meta.array(pages.len() as u64)?;
        for (fragment, word_count) in pages {
            meta.array(3)?.str(fragment)?.u32(*word_count)?.str("")?;
        }
        meta.array(names.len() as u64)?;
        for ((from, to), name) in bounds.iter().zip(names) {
            meta.array(3)?.str(from)?.str(to)?.str(name)?;
        }
        meta.array(0)?.array(0)?;
        meta.array(all_fields.len() as u64)?;
        for f in all_fields {
            meta.str(f)?;
        }
        Ok(())
    })?;
    let meta = meta.into_writer();
    let meta_name = format!("{lang}_{}", &blake3::hash(&meta).to_hex()[..HASH_DIGITS]);

    let entry = serde_json::json!({
        "version": version,
        "languages": { lang: { "hash": meta_name, "wasm": wasm.then_some(lang), "page_count": pages.len() } },
        "include_characters": ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'],
    });
    let meta_path = dir.join(format!("pagefind.{meta_name}.pf_meta"));
    put(crate::write::Page { path: meta_path, content: gzip(&meta, FRAGMENT_LEVEL) }, None)?;
    let entry = serde_json::to_vec(&entry).map_err(|e| e.to_string())?;
    put(crate::write::Page { path: dir.join("pagefind-entry.json"), content: entry }, None)?;
    Ok(())
}

/// Cuts the sorted words into chunks where their contents say, not by a running count,
/// so that an edit that changes a few words' pages changes the chunks that hold those
/// words and not the cuts of every chunk after them: a chunk of at least [`CHUNK_MIN`]
/// positions ends after a word that [`cut_after`] picks, or at [`CHUNK_MAX`].
pub(super) fn cut_chunks<T>(words: &[(&str, T)], sizes: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut chunks = Vec::new();
    let (mut start, mut running) = (0, 0);
    for (i, ((word, _), &size)) in words.iter().zip(sizes).enumerate() {
        running += size;
        if running >= CHUNK_MAX || (running >= CHUNK_MIN && cut_after(word, size)) {
            chunks.push(start..i + 1);
            start = i + 1;
            running = 0;
        }
    }
    if start < words.len() {
        chunks.push(start..words.len());
    }
    chunks
}

/// Whether a chunk past its minimum ends after `word`, of `size` positions: with a chance
/// of `size` in [`CHUNK_CUT_EVERY`] (one cut per that many positions on average), decided
/// by a hash of the word alone, the same on every machine and in every build (FNV-1a,
/// then SplitMix64's mixer). A word whose size changes a little keeps its answer unless
/// its hash falls between the two sizes.
fn cut_after(word: &str, size: usize) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h % CHUNK_CUT_EVERY < size as u64
}

/// A chunk's file name: a hash of everything its bytes are made from (the writer's
/// format, the language, each word with its pages, positions and metadata positions as
/// numbered in the index), so equal names mean equal bytes and a chunk whose words did
/// not change keeps its name without being encoded.
fn chunk_name(
    lang: &str,
    words: &[(&str, Vec<Posting>)],
    shares: &[Share],
    field_ids: &FxHashMap<&str, u16>,
) -> String {
    let mut buf = Vec::with_capacity(4096);
    put_str(&mut buf, std::str::from_utf8(INDEX_FORMAT).unwrap_or(""));
    put_str(&mut buf, lang);
    let mut h = blake3::Hasher::new();
    for (word, pages) in words {
        put_var(&mut buf, word.len() as u32);
        buf.extend_from_slice(word.as_bytes());
        put_var(&mut buf, pages.len() as u32);
        for &(page, at) in pages {
            let share = &shares[page as usize];
            let w = share.entry(at);
            put_var(&mut buf, page);
            buf.extend_from_slice(w.locs_raw);
            let meta = if w.n_meta == 0 { Vec::new() } else { pack_meta(w.meta(), &share.fields, field_ids) };
            put_var(&mut buf, meta.len() as u32);
            for m in meta {
                put_var(&mut buf, zigzag(m));
            }
        }
        if buf.len() > 1 << 16 {
            h.update(&buf);
            buf.clear();
        }
    }
    h.update(&buf);
    format!("{lang}_{}", &h.finalize().to_hex()[..HASH_DIGITS])
}

pub(super) fn cbor(
    f: impl FnOnce() -> Result<(), minicbor::encode::Error<std::convert::Infallible>>,
) -> Result<(), String> {
    f().map_err(|e| format!("search index: {e}"))
}

/// A word's metadata positions, fields numbered among every page's fields: `-f-1` opens
/// field `f`, then positions delta-coded from the field's start.
pub(super) fn pack_meta(
    meta: impl Iterator<Item = (u16, u32)>,
    fields: &[String],
    ids: &FxHashMap<&str, u16>,
) -> Vec<i32> {
    let mut m: Vec<(u16, u32)> =
        meta.map(|(f, p)| (ids.get(fields[f as usize].as_str()).copied().unwrap_or(0), p)).collect();
    m.sort_unstable();
    let mut out = Vec::with_capacity(m.len() + 2);
    let (mut field, mut last) = (None, 0);
    for (f, p) in m {
        if field != Some(f) {
            out.push(-i32::from(f) - 1);
            field = Some(f);
            last = 0;
        }
        out.push((p - last) as i32);
        last = p;
    }
    out
}

/// Each chunk's first and last word, shortened to the prefix that tells it from the next
/// chunk's (the first word of the next chunk likewise from this one's last), as the
/// reader expects: it loads the chunks whose range holds a query word or its prefix.
pub(super) fn chunk_bounds<T>(words: &[(&str, T)], chunks: &[std::ops::Range<usize>]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        chunks.iter().map(|r| (words[r.start].0.to_string(), words[r.end - 1].0.to_string())).collect();
    for i in 1..out.len() {
        let (to, from) = (out[i - 1].1.clone(), out[i].0.clone());
        let common = from.chars().zip(to.chars()).take_while(|(a, b)| a == b).count();
        let to_short: String = to.chars().take(common + 1).collect();
        let from_short: String = from.chars().take(common + 1).collect();
        if to_short >= out[i - 1].0 {
            out[i - 1].1 = to_short;
        }
        out[i].0 = from_short;
    }
    out
}

/// A share's fragment, read back (for tests).
#[cfg(test)]
pub fn fragment_json(share: &Share) -> serde_json::Value {
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&share.fragment[..]), &mut raw).unwrap();
    serde_json::from_slice(raw.strip_prefix(SIGNATURE).unwrap()).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_stemmed_and_split_as_pagefind_splits_them() {
        let en = stemmer("en");
        let s = en.as_ref();
        assert_eq!(indexable("Running,", s), (Some("run".into()), vec![]));
        assert_eq!(indexable("PyScript", s), (Some("pyscript".into()), vec!["py".into(), "script".into()]));
        assert_eq!(indexable("2020-10-28", s).1, vec!["2020".to_string(), "10".into(), "28".into()]);
        assert_eq!(indexable("café", s).0.as_deref(), Some("cafe"));
        assert_eq!(indexable("HTTPServer", s).1, vec!["http".to_string(), "server".into()]);
        assert_eq!(indexable("—", s), (None, vec![]));
        assert_eq!(discrete_words("asyncio.run()"), "asyncio run");
    }

    #[test]
    fn positions_are_packed_by_weight_then_delta() {
        assert_eq!(pack_positions(vec![(9, BODY), (0, HEADING), (3, BODY), (4, 12)]), [-13, 4, -25, 3, 6, -169, 0]);
        assert_eq!(pack_positions(vec![]), Vec::<i32>::new());
    }

    #[test]
    fn varints_round_trip_and_a_section_cut_short_is_refused() {
        let numbers = [0i32, 1, -1, 127, 128, -169, 20_000, i32::MAX, i32::MIN];
        let mut out = Vec::new();
        for n in numbers {
            put_var(&mut out, zigzag(n));
        }
        assert_eq!(out[..4], [0, 2, 1, 0xfe]);
        assert_eq!(Varints(&out).map(unzigzag).collect::<Vec<_>>(), numbers);
        // Two varints in three bytes: 0x81 0x01 (129), 0x05.
        let mut r = Reader(&[2, 3, 0x81, 0x01, 0x05][..], 0);
        assert_eq!(r.varints(1), Some((2, 5, 2)));
        assert_eq!(Varints(&[0x81, 0x01, 0x05]).collect::<Vec<_>>(), [129, 5]);
        for bad in [&[2, 2, 0x81, 0x81][..], &[3, 3, 0x81, 0x01, 0x05], &[1, 3, 0x01, 0x02, 0x03], &[1, 9, 0]] {
            assert_eq!(Reader(bad, 0).varints(1), None, "{bad:?}");
        }
    }

    #[test]
    fn chunk_bounds_are_the_shortest_telling_prefixes() {
        let words: Vec<(&str, ())> = ["apple", "apricot", "banana", "peach"].into_iter().map(|w| (w, ())).collect();
        let b = chunk_bounds(&words, &[0..1, 1..3, 3..4]);
        assert_eq!(b[0], ("apple".into(), "apple".into()));
        assert_eq!(b[1], ("apr".into(), "b".into()));
        assert_eq!(b[2], ("p".into(), "peach".into()));
    }

    #[test]
    fn chunks_are_cut_by_their_words_so_a_change_moves_no_later_cut() {
        // 3,000 words of 20 positions each: about 20,000 positions a chunk.
        let names: Vec<String> = (0..3000).map(|i| format!("w{i:05}")).collect();
        let words: Vec<(&str, ())> = names.iter().map(|n| (n.as_str(), ())).collect();
        let mut sizes = vec![20; words.len()];
        let before = cut_chunks(&words, &sizes);
        assert!((2..=6).contains(&before.len()), "{before:?}");
        assert!(before.iter().all(|r| r.len() * 20 >= CHUNK_MIN || r.end == words.len()));
        assert!(before.iter().all(|r| r.len() * 20 < CHUNK_MAX + 20));
        // One word early on gains a few positions: every later cut stays where it was
        // (a running count would move them all).
        sizes[10] += 7;
        let after = cut_chunks(&words, &sizes);
        assert_eq!(before, after);
        // A cut by a running count is a different thing: no word's hash in it.
        assert!(!cut_after("w00010", 0) && cut_after("w00010", CHUNK_CUT_EVERY as usize));
    }

    #[test]
    fn a_share_survives_the_cache_encoding_and_a_damaged_one_is_refused() {
        let en = stemmer("en");
        let mut p = PageBuilder::new("/episodes/x/", en.as_ref());
        p.meta("title", "#1 Hello PyScript");
        p.text("#1 Hello PyScript", HEADING);
        p.end_block();
        p.anchor("i", "t-0", "00:00:00");
        p.text("Hello and welcome, PyScript people.", BODY);
        p.end_block();
        let share = p.finish("en").unwrap();
        let back = parse(share.data.clone(), share.fragment_name.clone(), share.fragment.clone()).unwrap();
        assert_eq!(back, share);
        assert_eq!(share.word_count, 8);
        let bytes = &share.data;
        assert!(parse(bytes[..bytes.len() - 1].to_vec(), String::new(), Vec::new()).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(parse(longer, String::new(), Vec::new()).is_none());
        let hello = share.words.iter().map(|&at| share.entry(at)).find(|w| w.word == "hello").unwrap();
        assert_eq!(hello.locs().collect::<Vec<_>>(), [-25, 3, -169, 1]);
        assert_eq!(hello.meta().collect::<Vec<_>>(), [(0, 1)]);
        assert_eq!(hello.size(), 4 + 1 + 1);
        let words: Vec<&str> = share.words.iter().map(|&at| share.entry(at).word).collect();
        assert_eq!(words, ["1", "and", "hello", "peopl", "py", "pyscript", "script", "welcom"]);
    }
}
