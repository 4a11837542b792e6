//! The index patched after an edit, reading only the changed episodes' shares: the last
//! merge keeps (in its `searchindex-` entry, [`super::kept`]) each page's record, fragment,
//! word count and fields, and each chunk's words with their sizes. A build whose pages are
//! the last build's, in the same order, with a few of them changed, reads the changed
//! pages' old shares (still in the cache) and new ones, works out every word's new size
//! and cuts the chunks again exactly as the merge would ([`writer::cut_chunks`]); a chunk
//! whose words none of the changed pages had nor has is taken whole from the previous
//! site, and any other is made from the previous chunks that held its words (decoded,
//! the changed pages' postings dropped and their new ones added). Page numbers do not
//! move (same pages, same order), so the result is the index a clean build writes, byte
//! for byte; anything that does not add up (an entry missing, a previous file not as
//! written, an old posting that is not the old share's, a page added or removed) gives
//! `None`, and the caller merges every share.

use super::kept::{Kept, PreviousSite};
use super::writer::{self, ChunkWords, Put, Reader, Share};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Patch only when at most this share of the pages changed (else the merge, which reads
/// every share once, costs about the same).
const MAX_CHANGED_SHARE: usize = 8;
/// The most bytes a previous chunk may decompress to (the largest at 2,000 episodes:
/// about 2 MB).
const CHUNK_RAW_MAX: u64 = 256 << 20;

/// A page of the last merge.
#[derive(Debug, Clone, PartialEq)]
pub struct PageState {
    /// The name of its record's hash (its share's cache key is made from it).
    pub record: String,
    pub fragment: String,
    pub word_count: u32,
    /// Its metadata fields, sorted.
    pub fields: Vec<String>,
}

/// What the last merge was made of: its pages in order and its chunks.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub pages: Vec<PageState>,
    pub chunks: Vec<ChunkWords>,
}

impl State {
    /// The pages' records, fragments, word counts and fields, then each chunk's name and
    /// words (a varint length, the bytes, a varint size).
    pub fn encode(&self) -> Vec<u8> {
        let words: usize = self.chunks.iter().map(|c| c.words.len()).sum();
        let mut out = Vec::with_capacity(160 * self.pages.len() + 16 * words + 64);
        writer::put_u32(&mut out, self.pages.len() as u32);
        for p in &self.pages {
            writer::put_str(&mut out, &p.record);
            writer::put_str(&mut out, &p.fragment);
            writer::put_u32(&mut out, p.word_count);
            writer::put_u32(&mut out, p.fields.len() as u32);
            for f in &p.fields {
                writer::put_str(&mut out, f);
            }
        }
        writer::put_u32(&mut out, self.chunks.len() as u32);
        for c in &self.chunks {
            writer::put_str(&mut out, &c.name);
            writer::put_u32(&mut out, c.words.len() as u32);
            for (w, size) in &c.words {
                writer::put_var(&mut out, w.len() as u32);
                out.extend_from_slice(w.as_bytes());
                writer::put_var(&mut out, u32::try_from(*size).unwrap_or(u32::MAX));
            }
        }
        out
    }

    /// The state encoded by [`State::encode`], checked whole: every count within the
    /// bytes, every chunk some words, every word once and in order.
    pub fn decode(bytes: &[u8]) -> Option<State> {
        let mut r = Reader(bytes, 0);
        let np = r.count(16)?;
        let mut pages = Vec::with_capacity(np);
        for _ in 0..np {
            let record = r.str()?;
            let fragment = r.str()?;
            let word_count = r.u32()?;
            let nf = r.count(4)?;
            let fields = (0..nf).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
            pages.push(PageState { record, fragment, word_count, fields });
        }
        let nc = r.count(12)?;
        let mut chunks = Vec::with_capacity(nc);
        let mut last: Option<String> = None;
        for _ in 0..nc {
            let name = r.str()?;
            let nw = r.count(2)?;
            if nw == 0 {
                return None;
            }
            let mut words = Vec::with_capacity(nw);
            for _ in 0..nw {
                let n = r.var()?;
                let w = std::str::from_utf8(r.bytes(n)?).ok()?.to_string();
                let size = r.var()? as u64;
                if size == 0 || last.as_ref().is_some_and(|l| *l >= w) {
                    return None;
                }
                last = Some(w.clone());
                words.push((w, size));
            }
            chunks.push(ChunkWords { name, words });
        }
        (r.left() == 0).then_some(State { pages, chunks })
    }
}

/// What a patch wrote.
pub struct Patched {
    /// Files put (fragments, chunks, the metadata and entry files).
    pub files: usize,
    pub chunks: usize,
    /// Chunks taken from the previous site.
    pub reused: usize,
    /// Each file's path and hash, for the kept index.
    pub written: Vec<(PathBuf, [u8; 32])>,
    pub state: State,
}

/// Where to find things: the build's settings and what the last build left.
pub struct Inputs<'a> {
    pub lang: &'a str,
    pub version: &'a str,
    pub wasm: bool,
    pub dir: &'a Path,
    pub last: &'a Kept,
    pub previous: &'a PreviousSite,
}

/// A word of the patched index.
struct Word<'a> {
    word: &'a str,
    size: u64,
    /// Its chunk and place there in the last index.
    old: Option<(u32, u32)>,
    /// Whether a changed page had it or has it.
    touched: bool,
}

/// A decoded chunk of the last index: its words with their postings (pages absolute).
struct Decoded {
    words: Vec<(String, Range<usize>)>,
    posts: Vec<Post>,
    nums: Vec<i32>,
}

/// A posting of a decoded chunk: its page, and where its positions (`start..mid`) and
/// metadata positions (`mid..end`) are in the chunk's numbers. (Sixteen bytes: a patch
/// after an edit that moves many words decodes half the index, two million of them.)
struct Post {
    page: u32,
    start: u32,
    mid: u32,
    end: u32,
}

/// A posting of a chunk to write: the page, the word's positions and its metadata
/// positions as the chunk holds them (packed).
#[derive(Clone, Copy)]
struct PostRef<'a> {
    page: u32,
    locs: &'a [i32],
    meta: &'a [i32],
}

impl PostRef<'_> {
    /// What it weighs in a chunk ([`writer::Entry`]'s size).
    fn size(&self) -> u64 {
        (self.locs.len() + self.meta.iter().filter(|&&m| m >= 0).count() + 1) as u64
    }
}

/// A chunk of the patched index: taken from the previous site (by name) or made.
enum Out {
    Taken(String),
    Made(String, Vec<u8>),
}

/// The index after an edit, from the last merge's `state`: `records` are this build's
/// pages' records in order, `new_share(i)` gives page `i`'s share (from the cache or
/// made), `old_share(i, record)` the share of page `i`'s last record from the cache.
/// `Ok(None)`: not patched (nothing put; the caller merges).
pub fn patch(
    state: &State,
    records: &[String],
    new_share: &(dyn Fn(usize) -> Result<Share, String> + Sync),
    old_share: &(dyn Fn(usize, &str) -> Option<Share> + Sync),
    at: &Inputs,
    put: &Put,
) -> Result<Option<Patched>, String> {
    let n = records.len();
    if state.pages.len() != n || n == 0 {
        return Ok(None);
    }
    let changed: Vec<usize> = (0..n).filter(|&i| state.pages[i].record != records[i]).collect();
    if changed.is_empty() || changed.len() > (n / MAX_CHANGED_SHARE).max(1) {
        return Ok(None);
    }
    let mut which: FxHashMap<u32, usize> = FxHashMap::default();
    for (k, &i) in changed.iter().enumerate() {
        which.insert(i as u32, k);
    }
    let olds: Option<Vec<Share>> = changed.par_iter().map(|&i| old_share(i, &state.pages[i].record)).collect();
    let Some(olds) = olds else { return Ok(None) };
    for (s, &i) in olds.iter().zip(&changed) {
        let p = &state.pages[i];
        if s.fragment_name != p.fragment || s.word_count != p.word_count || s.fields != p.fields {
            return Ok(None);
        }
    }
    let news: Vec<Share> = changed.par_iter().map(|&i| new_share(i)).collect::<Result<_, String>>()?;

    // The metadata fields are numbered among every page's: the same numbers, or merge.
    let mut fields_before: Vec<&str> = state.pages.iter().flat_map(|p| p.fields.iter().map(String::as_str)).collect();
    fields_before.sort_unstable();
    fields_before.dedup();
    let mut all_fields: Vec<&str> = (0..n)
        .filter(|i| !which.contains_key(&(*i as u32)))
        .flat_map(|i| state.pages[i].fields.iter().map(String::as_str))
        .chain(news.iter().flat_map(|s| s.fields.iter().map(String::as_str)))
        .collect();
    all_fields.sort_unstable();
    all_fields.dedup();
    if all_fields != fields_before {
        return Ok(None);
    }
    let field_ids: FxHashMap<&str, u16> = all_fields.iter().enumerate().map(|(i, f)| (*f, i as u16)).collect();

    // Every word's new size: the old one, less what the changed pages' old shares gave
    // it, plus what their new ones give.
    let mut delta: FxHashMap<&str, i64> = FxHashMap::default();
    for (s, sign) in olds.iter().map(|s| (s, -1i64)).chain(news.iter().map(|s| (s, 1))) {
        for &a in &s.words {
            let e = s.entry(a);
            *delta.entry(e.word).or_default() += sign * e.size() as i64;
        }
    }
    let old_words: Vec<(&str, u64, (u32, u32))> = state
        .chunks
        .iter()
        .enumerate()
        .flat_map(|(c, ch)| ch.words.iter().enumerate().map(move |(j, (w, s))| (w.as_str(), *s, (c as u32, j as u32))))
        .collect();
    let mut fresh: Vec<&str> =
        delta.keys().copied().filter(|w| old_words.binary_search_by(|o| o.0.cmp(w)).is_err()).collect();
    fresh.sort_unstable();
    let mut words: Vec<Word> = Vec::with_capacity(old_words.len() + fresh.len());
    let mut fresh_iter = fresh.into_iter().peekable();
    for &(w, size, old) in &old_words {
        while let Some(f) = fresh_iter.next_if(|f| *f < w) {
            let d = delta[f];
            if d <= 0 {
                return Ok(None);
            }
            words.push(Word { word: f, size: d as u64, old: None, touched: true });
        }
        match delta.get(w) {
            None => words.push(Word { word: w, size, old: Some(old), touched: false }),
            Some(&d) => {
                let s = size as i64 + d;
                if s < 0 {
                    return Ok(None);
                }
                if s > 0 {
                    words.push(Word { word: w, size: s as u64, old: Some(old), touched: true });
                }
            }
        }
    }
    for f in fresh_iter {
        let d = delta[f];
        if d <= 0 {
            return Ok(None);
        }
        words.push(Word { word: f, size: d as u64, old: None, touched: true });
    }

    let list: Vec<(&str, ())> = words.iter().map(|w| (w.word, ())).collect();
    let sizes: Vec<usize> = words.iter().map(|w| w.size as usize).collect();
    let ranges = writer::cut_chunks(&list, &sizes);

    // A chunk of exactly one old chunk's words, none touched, is that chunk.
    let whole = |r: &Range<usize>| -> Option<u32> {
        let (c, _) = words[r.start].old?;
        (r.len() == state.chunks[c as usize].words.len()
            && words[r.clone()].iter().all(|w| !w.touched && w.old.is_some_and(|(k, _)| k == c)))
        .then_some(c)
    };
    let plan: Vec<Option<u32>> = ranges.iter().map(whole).collect();
    let chunk_path = |name: &str| at.dir.join(format!("index/{name}.pf_index"));

    // An old chunk, read (checked against the kept hash) and decoded: it must hold
    // exactly the words the state says, at their sizes.
    let decode_old = |c: u32| -> Option<Decoded> {
        let ch = &state.chunks[c as usize];
        let (page, _, _) = at.last.take(at.previous, &chunk_path(&ch.name))?;
        let d = decode_chunk(&page.content, n as u32)?;
        let agrees = d.words.len() == ch.words.len()
            && d.words.iter().zip(&ch.words).all(|((w, posts), (sw, size))| {
                w == sw && d.posts[posts.clone()].iter().map(|p| d.post(p).size()).sum::<u64>() == *size
            });
        agrees.then_some(d)
    };

    // Each chunk to make: its words' postings (from the old chunks its words were in,
    // decoded for it alone: never half the index decoded at once), its name, and its
    // bytes unless the previous site has a chunk of that name.
    let made: Option<Vec<Out>> = ranges
        .par_iter()
        .zip(&plan)
        .map(|(r, p)| {
            if let Some(c) = p {
                return Some(Out::Taken(state.chunks[*c as usize].name.clone()));
            }
            let mut decoded: FxHashMap<u32, Decoded> = FxHashMap::default();
            for w in &words[r.clone()] {
                if let Some((c, _)) = w.old {
                    if let std::collections::hash_map::Entry::Vacant(v) = decoded.entry(c) {
                        v.insert(decode_old(c)?);
                    }
                }
            }
            make_chunk(&words[r.clone()], &decoded, &changed, &which, &olds, &news, &field_ids, at)
        })
        .collect();
    let Some(made) = made else { return Ok(None) };

    // Every file taken from the previous site checked before any is put.
    let mut fragments: Vec<(&str, Option<usize>)> = Vec::with_capacity(n);
    let mut seen = rustc_hash::FxHashSet::default();
    for i in 0..n {
        let k = which.get(&(i as u32)).copied();
        let name = match k {
            Some(k) => news[k].fragment_name.as_str(),
            None => state.pages[i].fragment.as_str(),
        };
        if seen.insert(name) {
            fragments.push((name, k));
        }
    }
    let fragment_path = |name: &str| at.dir.join(format!("fragment/{name}.pf_fragment"));
    let mut taken: Vec<PathBuf> =
        fragments.iter().filter(|(_, k)| k.is_none()).map(|(f, _)| fragment_path(f)).collect();
    taken.extend(made.iter().filter_map(|o| match o {
        Out::Taken(name) => Some(chunk_path(name)),
        Out::Made(..) => None,
    }));
    if !taken.par_iter().all(|p| at.last.take(at.previous, p).is_some()) {
        return Ok(None);
    }

    let written = std::sync::Mutex::new(Vec::with_capacity(n + made.len() + 2));
    let record = |path: PathBuf, hash: [u8; 32]| written.lock().unwrap_or_else(|e| e.into_inner()).push((path, hash));
    let put_made = |page: crate::write::Page| {
        record(page.path.clone(), *blake3::hash(&page.content).as_bytes());
        put(page, None)
    };
    // (A file that changed since its check: the caller merges and puts every path again.)
    let whole_put = taken.par_iter().try_fold(
        || true,
        |ok, p| -> Result<bool, String> {
            if !ok {
                return Ok(false);
            }
            let Some((page, from, opened)) = at.last.take(at.previous, p) else { return Ok(false) };
            let Some(hash) = at.last.hash(p) else { return Ok(false) };
            record(p.clone(), hash);
            put(page, Some((from, opened)))?;
            Ok(true)
        },
    );
    let whole_put: Vec<bool> = whole_put.collect::<Result<_, String>>()?;
    if !whole_put.into_iter().all(|b| b) {
        return Ok(None);
    }
    let mut reused = 0;
    for o in &made {
        match o {
            Out::Taken(_) => reused += 1,
            Out::Made(name, content) => {
                put_made(crate::write::Page { path: chunk_path(name), content: content.clone() })?;
            }
        }
    }
    for (name, k) in &fragments {
        if let Some(k) = k {
            put_made(crate::write::Page { path: fragment_path(name), content: news[*k].fragment.clone() })?;
        }
    }

    let pages: Vec<PageState> = (0..n)
        .map(|i| match which.get(&(i as u32)) {
            Some(&k) => PageState {
                record: records[i].clone(),
                fragment: news[k].fragment_name.clone(),
                word_count: news[k].word_count,
                fields: news[k].fields.clone(),
            },
            None => state.pages[i].clone(),
        })
        .collect();
    let names: Vec<String> = made
        .iter()
        .map(|o| match o {
            Out::Taken(name) | Out::Made(name, _) => name.clone(),
        })
        .collect();
    let page_list: Vec<(&str, u32)> = pages.iter().map(|p| (p.fragment.as_str(), p.word_count)).collect();
    let bounds = writer::chunk_bounds(&list, &ranges);
    let put_meta = |page: crate::write::Page, _: Option<writer::Previous>| put_made(page);
    writer::write_meta(&page_list, &bounds, &names, &all_fields, at.lang, at.version, at.wasm, at.dir, &put_meta)?;
    let chunks: Vec<ChunkWords> = ranges
        .iter()
        .zip(names)
        .map(|(r, name)| ChunkWords {
            name,
            words: words[r.clone()].iter().map(|w| (w.word.to_string(), w.size)).collect(),
        })
        .collect();
    let files = fragments.len() + chunks.len() + 2;
    Ok(Some(Patched {
        files,
        chunks: chunks.len(),
        reused,
        written: written.into_inner().unwrap_or_else(|e| e.into_inner()),
        state: State { pages, chunks },
    }))
}

/// One chunk of the patched index (`words`, not whole an old chunk): each word's
/// postings from its old chunk, the changed pages' old ones dropped (each checked to be
/// its old share's) and their new ones added; named and, unless the previous site has it,
/// encoded and compressed, as [`writer::write_index`] does.
#[allow(clippy::too_many_arguments)]
fn make_chunk(
    words: &[Word],
    decoded: &FxHashMap<u32, Decoded>,
    changed: &[usize],
    which: &FxHashMap<u32, usize>,
    olds: &[Share],
    news: &[Share],
    field_ids: &FxHashMap<&str, u16>,
    at: &Inputs,
) -> Option<Out> {
    // The changed pages' new postings of the touched words: (word index, page, locs, meta).
    let mut fresh: Vec<(usize, u32, Vec<i32>, Vec<i32>)> = Vec::new();
    for (i, w) in words.iter().enumerate().filter(|(_, w)| w.touched) {
        for (k, s) in news.iter().enumerate() {
            if let Some(e) = s.find(w.word) {
                let meta = if e.n_meta() == 0 { Vec::new() } else { writer::pack_meta(e.meta(), &s.fields, field_ids) };
                fresh.push((i, changed[k] as u32, e.locs().collect(), meta));
            }
        }
    }
    let mut fresh_at = 0;
    let mut lists: Vec<(&str, Vec<PostRef>)> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let mut posts: Vec<PostRef> = Vec::new();
        let mut dropped = 0;
        if let Some((c, j)) = w.old {
            let d = decoded.get(&c)?;
            let (dw, range) = &d.words[j as usize];
            if dw != w.word {
                return None;
            }
            for p in &d.posts[range.clone()] {
                let p = d.post(p);
                match which.get(&p.page) {
                    None => posts.push(p),
                    Some(&k) => {
                        // A changed page's old posting: exactly its old share's.
                        let s = &olds[k];
                        let e = s.find(w.word)?;
                        let meta = if e.n_meta() == 0 {
                            Vec::new()
                        } else {
                            writer::pack_meta(e.meta(), &s.fields, field_ids)
                        };
                        if !w.touched || !e.locs().eq(p.locs.iter().copied()) || meta != p.meta {
                            return None;
                        }
                        dropped += 1;
                    }
                }
            }
        }
        if w.touched && dropped != olds.iter().filter(|s| s.find(w.word).is_some()).count() {
            return None;
        }
        let start = fresh_at;
        while fresh_at < fresh.len() && fresh[fresh_at].0 == i {
            fresh_at += 1;
        }
        for (_, page, locs, meta) in &fresh[start..fresh_at] {
            posts.push(PostRef { page: *page, locs, meta });
        }
        posts.sort_by_key(|p| p.page);
        if posts.is_empty() || posts.windows(2).any(|p| p[0].page == p[1].page) {
            return None;
        }
        if posts.iter().map(PostRef::size).sum::<u64>() != w.size {
            return None;
        }
        lists.push((w.word, posts));
    }
    let name = chunk_name(at.lang, &lists);
    let path = at.dir.join(format!("index/{name}.pf_index"));
    if at.last.hash(&path).is_some() {
        return Some(Out::Taken(name));
    }
    let mut e = minicbor::Encoder::new(Vec::new());
    writer::cbor(|| {
        e.array(1)?.array(lists.len() as u64)?;
        for (word, posts) in &lists {
            e.array(3)?.str(word)?.array(posts.len() as u64)?;
            let mut last = 0;
            for p in posts {
                e.array(3)?.u32(p.page - last)?;
                last = p.page;
                e.array(p.locs.len() as u64)?;
                for &l in p.locs {
                    e.i32(l)?;
                }
                e.array(p.meta.len() as u64)?;
                for &m in p.meta {
                    e.i32(m)?;
                }
            }
            e.array(0)?;
        }
        Ok(())
    })
    .ok()?;
    let raw = e.into_writer();
    Some(Out::Made(name, writer::gzip(&raw, writer::CHUNK_LEVEL)))
}

/// A chunk's name as [`writer::write_index`] names it (`chunk_name` there): the same bytes
/// hashed, made from the postings as the chunk holds them.
fn chunk_name(lang: &str, words: &[(&str, Vec<PostRef>)]) -> String {
    let mut buf = Vec::with_capacity(4096);
    writer::put_str(&mut buf, std::str::from_utf8(writer::INDEX_FORMAT).unwrap_or(""));
    writer::put_str(&mut buf, lang);
    let mut h = blake3::Hasher::new();
    let mut locs = Vec::new();
    for (word, posts) in words {
        writer::put_var(&mut buf, word.len() as u32);
        buf.extend_from_slice(word.as_bytes());
        writer::put_var(&mut buf, posts.len() as u32);
        for p in posts {
            writer::put_var(&mut buf, p.page);
            locs.clear();
            for &l in p.locs {
                writer::put_var(&mut locs, writer::zigzag(l));
            }
            writer::put_var(&mut buf, p.locs.len() as u32);
            writer::put_var(&mut buf, locs.len() as u32);
            buf.extend_from_slice(&locs);
            writer::put_var(&mut buf, p.meta.len() as u32);
            for &m in p.meta {
                writer::put_var(&mut buf, writer::zigzag(m));
            }
        }
        if buf.len() > 1 << 16 {
            h.update(&buf);
            buf.clear();
        }
    }
    h.update(&buf);
    format!("{lang}_{}", &h.finalize().to_hex()[..writer::HASH_DIGITS])
}

impl Decoded {
    fn post(&self, p: &Post) -> PostRef<'_> {
        let (start, mid, end) = (p.start as usize, p.mid as usize, p.end as usize);
        PostRef { page: p.page, locs: &self.nums[start..mid], meta: &self.nums[mid..end] }
    }
}

/// A chunk file of the last index (gzip, signature, CBOR), decoded; `None` if it is not
/// one (pages out of order or past `pages`, anything left over).
fn decode_chunk(file: &[u8], pages: u32) -> Option<Decoded> {
    let mut raw = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(flate2::read::GzDecoder::new(file), CHUNK_RAW_MAX + 1),
        &mut raw,
    )
    .ok()?;
    if raw.len() as u64 > CHUNK_RAW_MAX {
        return None;
    }
    let body = raw.strip_prefix(writer::SIGNATURE)?;
    let mut d = minicbor::Decoder::new(body);
    // (Every item is at least a byte: no count is taken past the bytes.)
    let array = |d: &mut minicbor::Decoder| -> Option<usize> {
        let n = d.array().ok()?? as usize;
        (n <= body.len()).then_some(n)
    };
    if array(&mut d)? != 1 {
        return None;
    }
    let nw = array(&mut d)?;
    let mut out = Decoded { words: Vec::new(), posts: Vec::new(), nums: Vec::new() };
    for _ in 0..nw {
        if array(&mut d)? != 3 {
            return None;
        }
        let word = d.str().ok()?.to_string();
        let np = array(&mut d)?;
        let from = out.posts.len();
        let mut page: Option<u32> = None;
        for _ in 0..np {
            if array(&mut d)? != 3 {
                return None;
            }
            let delta = d.u32().ok()?;
            let p = match page {
                None => delta,
                Some(_) if delta == 0 => return None,
                Some(last) => last.checked_add(delta)?,
            };
            if p >= pages {
                return None;
            }
            page = Some(p);
            let list = |d: &mut minicbor::Decoder, nums: &mut Vec<i32>| -> Option<u32> {
                let k = array(d)?;
                for _ in 0..k {
                    nums.push(d.i32().ok()?);
                }
                u32::try_from(nums.len()).ok()
            };
            let start = u32::try_from(out.nums.len()).ok()?;
            let mid = list(&mut d, &mut out.nums)?;
            let end = list(&mut d, &mut out.nums)?;
            out.posts.push(Post { page: p, start, mid, end });
        }
        if array(&mut d)? != 0 {
            return None;
        }
        out.words.push((word, from..out.posts.len()));
    }
    (d.position() == body.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_survives_its_encoding_and_a_damaged_one_is_refused() {
        let state = State {
            pages: vec![PageState {
                record: "searchrecord-00".into(),
                fragment: "en_abc".into(),
                word_count: 12,
                fields: vec!["date".into(), "title".into()],
            }],
            chunks: vec![
                ChunkWords { name: "en_1".into(), words: vec![("apple".into(), 3), ("pear".into(), 400)] },
                ChunkWords { name: "en_2".into(), words: vec![("plum".into(), 1)] },
            ],
        };
        let bytes = state.encode();
        assert_eq!(State::decode(&bytes), Some(state.clone()));
        assert_eq!(State::decode(&bytes[..bytes.len() - 1]), None);
        let mut unsorted = state;
        unsorted.chunks[1].words[0].0 = "banana".into();
        assert_eq!(State::decode(&unsorted.encode()), None, "words out of order");
    }
}
