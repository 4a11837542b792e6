//! Search: a static full-text index of every transcript and its show notes, written at
//! build time to `pagefind/` in the format Pagefind 1.6 reads, and searched in the browser
//! by Pagefind's own script (`pagefind/pagefind.js`, driven by the theme's `search.js`),
//! which loads only the chunks a query needs; no server.
//!
//! Each episode is a record: its title (a heading), description, transcript and show
//! notes, with an anchor before each cue that opens a second, `t-80` titled `00:01:20`
//! (the ids the episode page gives its cues), and one before the notes, `notes`. Pagefind
//! turns every anchor into a sub-result, so a match lands on the cue that says it:
//! `/episodes/x/#t-80`. Topics are not records: a record is a fragment file, and a site
//! has thousands of topics; the search box finds topics by name in `topics/names.json`,
//! which the topic index's filter box reads too.
//!
//! The index is written by [`writer`], not by Pagefind's indexer: each episode's share
//! (its words, positions and weights, and its fragment file) is a function of that
//! episode alone, kept in the build cache under a hash of its record, and the index is
//! merged from the shares, or, after a few edits, the last index is patched with the
//! edited episodes' shares ([`patch`]). An edited transcript costs its own episode's
//! words and the chunks they are in, not an index of its neighbours. One index for the whole catalogue: a
//! query fetches one metadata file and one chunk per word (`pagefind/shards.json`, which
//! the theme's script reads for bundles to merge, lists none). Pagefind's library is
//! still what supplies its search script, worker and WebAssembly (indexing a one-line
//! page, once per Pagefind version and language, kept in the cache).

mod kept;
mod patch;
mod writer;

use crate::cache::{Cache, Key, KeyHasher};
use crate::config::Config;
use crate::model::Episode;
use crate::text::format_timestamp;
use crate::write::{Page, Sink};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use writer::{PageBuilder, Share, BODY, HEADING};

/// The folder of the output that holds the index and Pagefind's search script.
pub const BUNDLE_DIR: &str = "pagefind";

/// Pagefind's search script, worker and WebAssembly, each as Pagefind names it: made by
/// Pagefind's library from a one-line page (the index it makes of that page is dropped),
/// and kept in the cache. Also the version the script reads and whether there is
/// WebAssembly for the language (with the language's stemmer), from Pagefind's entry file.
fn scripts(lang: &str, dir: &Path, cache: &Cache) -> Result<(Vec<Page>, String, bool), String> {
    let mut key = KeyHasher::new("search");
    // (Another Pagefind is another binary: the cache does not use its entries.)
    key.add(b"scripts").add(lang.as_bytes());
    let key = key.finish("search");
    let max = 16 << 20;
    let ours = |p: &Page| {
        p.path
            .strip_prefix(dir)
            .ok()
            .and_then(|r| r.to_str())
            .is_some_and(|r| is_script(r) || r == "pagefind-entry.json")
    };
    let files = match cache.get(&key, max).filter(|f| f.iter().all(ours)) {
        Some(files) => files,
        None => {
            let page = format!("<html lang=\"{lang}\"><body><h1>search</h1></body></html>");
            let files: Vec<Page> = run_pagefind(page, lang, dir)?.into_iter().filter(ours).collect();
            cache.put(&key, &files, max);
            files
        }
    };
    let entry = files
        .iter()
        .find(|p| p.path.ends_with("pagefind-entry.json"))
        .ok_or("search index: Pagefind wrote no entry file")?;
    let entry: serde_json::Value =
        serde_json::from_slice(&entry.content).map_err(|e| format!("search index: Pagefind's entry file: {e}"))?;
    let version = entry["version"].as_str().ok_or("search index: no version in Pagefind's entry file")?.to_string();
    let wasm = entry["languages"][lang]["wasm"].is_string();
    let scripts = files.into_iter().filter(|p| !p.path.ends_with("pagefind-entry.json")).collect();
    Ok((scripts, version, wasm))
}

/// What [`build`] wrote.
pub struct Written {
    /// Files of the index (the search script's included).
    pub files: usize,
    /// Parts of the index found in the cache and looked for: each episode's share and
    /// the search script; with `kept`, the search script and the kept index (the
    /// shares are not read).
    pub found: usize,
    pub sought: usize,
    /// Whether the whole index was taken from the previous site, nothing in it changed
    /// ([`kept`]).
    pub kept: bool,
    /// The index's word chunks, and how many of them were taken from the previous site
    /// (their bytes unchanged) rather than compressed again.
    pub chunks: usize,
    pub chunks_unchanged: usize,
}

/// The index for the whole site, put into `sink` under [`BUNDLE_DIR`]: taken whole from
/// `previous` (the site being replaced) when it was merged from the same shares, else
/// merged from the shares.
pub fn build(
    config: &Config,
    episodes: &[Episode],
    cache: &Cache,
    previous: Option<&Path>,
    sink: &dyn Sink,
) -> Result<Written, String> {
    let (found_before, sought_before) = cache.hits_of("search");
    let lang = language(&config.language);
    let dir = PathBuf::from(BUNDLE_DIR);
    let (scripts, version, wasm) = scripts(&lang, &dir, cache)?;
    let stemmer = if wasm { writer::stemmer(&lang) } else { None };
    let put = |page: Page, from: Option<writer::Previous>| {
        let path = page.path.clone();
        match from {
            Some((from, opened)) => sink.put_same(page, &from, &opened),
            None => sink.put(page),
        }
        .map_err(|e| format!("search index: writing {}: {e}", path.display()))
    };
    let mut files = scripts.len() + 1;
    for page in scripts {
        put(page, None)?;
    }
    put(Page { path: dir.join("shards.json"), content: b"[]".to_vec() }, None)?;

    // Each page's record (a hash of what its share is made from), and its share's key
    // made from that: the kept index names the records, so a patch finds a changed
    // page's old share.
    let records: Vec<String> = episodes
        .par_iter()
        .map(|ep| {
            let mut key = writer::share_key(&lang, stemmer.is_some());
            record_key(ep, &mut key);
            key.finish("searchrecord").name().to_string()
        })
        .collect();
    let keys: Vec<Key> = records.iter().map(|r| writer::share_key_named(r)).collect();
    let inputs = kept::inputs(writer::FORMAT, writer::INDEX_FORMAT, &lang, &version, wasm, &keys);
    let previous = previous.and_then(kept::PreviousSite::new);
    // (A bound on the index's files: a fragment per episode, and chunks, which a long
    // transcript can have dozens of.)
    let last = kept::Kept::load(cache, &lang, 64 * episodes.len() + 16);
    if let (Some(last), Some(previous)) = (&last, &previous) {
        if last.same_inputs(&inputs) {
            let put_taken = |page: Page, from: PathBuf, opened: std::fs::Metadata| put(page, Some((from, opened)));
            if last.put_all(previous, &put_taken)? {
                // The shares stay in the cache (the next edit merges from them), unread.
                keys.par_iter().for_each(|k| {
                    cache.keep(k);
                });
                files += last.len();
                let (found, sought) = cache.hits_of("search");
                return Ok(Written {
                    files,
                    found: found - found_before + 1,
                    sought: sought - sought_before + 1,
                    kept: true,
                    chunks: 0,
                    chunks_unchanged: 0,
                });
            }
        }
    }

    // A share of this build's: from the cache, else made and kept there.
    let share_of = |i: usize| -> Result<Share, String> {
        let (ep, key) = (&episodes[i], &keys[i]);
        let max = entry_limit(ep);
        Ok(match writer::share_from_cache(cache, key, max) {
            Some(share) => share,
            None => {
                let share = episode_share(ep, &lang, stemmer.as_ref())?;
                writer::share_to_cache(cache, key, &share, max);
                share
            }
        })
    };

    // A few pages changed: the last index patched, reading only their shares.
    if let (Some(last), Some(previous)) = (&last, &previous) {
        if let Some(state) = last.state() {
            // (A changed page's old share may be longer than its new one.)
            let old_share = |i: usize, record: &str| {
                writer::share_from_cache(cache, &writer::share_key_named(record), 4 * entry_limit(&episodes[i]))
            };
            let at = patch::Inputs { lang: &lang, version: &version, wasm, dir: &dir, last, previous };
            if let Some(p) = patch::patch(&state, &records, &share_of, &old_share, &at, &put)? {
                // The unchanged shares stay in the cache, unread.
                keys.par_iter().for_each(|k| {
                    cache.keep(k);
                });
                kept::store(cache, &lang, &inputs, p.written, p.state.encode());
                let (found, sought) = cache.hits_of("search");
                return Ok(Written {
                    files: files + p.files,
                    found: found - found_before,
                    sought: sought - sought_before,
                    kept: false,
                    chunks: p.chunks,
                    chunks_unchanged: p.reused,
                });
            }
        }
    }

    let written = std::sync::Mutex::new(Vec::new());
    let old = |path: &Path| {
        let (page, from, opened) = last.as_ref()?.take(previous.as_ref()?, path)?;
        Some((page.content, (from, opened)))
    };
    let put_kept = |page: Page, from: Option<writer::Previous>| {
        let hash = *blake3::hash(&page.content).as_bytes();
        written.lock().unwrap_or_else(|e| e.into_inner()).push((page.path.clone(), hash));
        put(page, from)
    };
    // Each fragment is written as soon as its share is had, not held through the merge.
    let seen = std::sync::Mutex::new(rustc_hash::FxHashSet::default());
    let fragments = std::sync::atomic::AtomicUsize::new(0);
    let shares: Vec<Share> = (0..episodes.len())
        .into_par_iter()
        .map(|i| {
            let mut share = share_of(i)?;
            if writer::write_fragment(&mut share, &dir, &seen, &put_kept)? {
                fragments.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(share)
        })
        .collect::<Result<_, String>>()?;
    files += fragments.into_inner();
    let merged = writer::write_index(&shares, &lang, &version, wasm, &dir, &old, &put_kept)?;
    files += merged.files;
    let (chunks, chunks_unchanged) = (merged.chunks.len(), merged.reused);
    let state = patch::State {
        pages: shares
            .iter()
            .zip(records)
            .map(|(s, record)| patch::PageState {
                record,
                fragment: s.fragment_name.clone(),
                word_count: s.word_count,
                fields: s.fields.clone(),
            })
            .collect(),
        chunks: merged.chunks,
    };
    drop(shares);
    let written = written.into_inner().unwrap_or_else(|e| e.into_inner());
    kept::store(cache, &lang, &inputs, written, state.encode());
    let (found, sought) = cache.hits_of("search");
    Ok(Written {
        files,
        found: found - found_before,
        sought: sought - sought_before,
        kept: false,
        chunks,
        chunks_unchanged,
    })
}

/// The most a share's cache entry may hold, in bytes: its fragment (the text, anchors and
/// notes, compressed) and its words (eight bytes a position at most), with room to spare.
fn entry_limit(ep: &Episode) -> u64 {
    let text: usize = ep.cues.iter().map(|c| c.text.len() + 64).sum::<usize>()
        + ep.notes_html.as_deref().map_or(0, str::len)
        + ep.description.as_deref().map_or(0, str::len)
        + ep.title.len();
    (1 << 20) + 16 * text as u64
}

/// Everything an episode's share is made from.
fn record_key(ep: &Episode, key: &mut KeyHasher) {
    key.add(ep.slug.as_bytes()).add(ep.title.as_bytes());
    key.add(&ep.number.map_or(u64::MAX, u64::from).to_le_bytes());
    key.add(ep.date.as_deref().unwrap_or("\0").as_bytes());
    key.add(ep.description.as_deref().unwrap_or("\0").as_bytes());
    key.add(ep.notes_html.as_deref().unwrap_or("\0").as_bytes());
    key.add(&(ep.cues.len() as u64).to_le_bytes());
    for c in &ep.cues {
        key.add(&c.start.to_le_bytes()).add(c.text.as_bytes());
    }
}

/// An episode's share of the index: the title is the record's title and weighs as a
/// heading; the transcript comes before the show notes.
fn episode_share(ep: &Episode, lang: &str, stemmer: Option<&pagefind_stem::Stemmer>) -> Result<Share, String> {
    let mut page = PageBuilder::new(&format!("/episodes/{}/", ep.slug), stemmer);
    let title = match ep.number {
        Some(n) => format!("#{n} {}", ep.title),
        None => ep.title.clone(),
    };
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    page.meta("title", &title);
    // Metadata words are searched too, so a record carries only what a listener may search
    // for: the date (`2021` finds the year's episodes).
    if let Some(d) = ep.date.as_deref() {
        page.meta("date", d);
    }
    page.text(&title, HEADING);
    page.end_block();
    if let Some(d) = ep.description.as_deref().filter(|d| !d.trim().is_empty()) {
        page.text(d, BODY);
        page.end_block();
    }
    let mut last = None;
    for c in &ep.cues {
        // The page gives the id to the first cue of each second; so does the index.
        if last != Some(c.start) {
            page.anchor("i", &format!("t-{}", c.start), &format_timestamp(c.start));
            last = Some(c.start);
        }
        page.text(c.text.trim(), BODY);
    }
    page.end_block();
    if let Some(notes) = ep.notes_html.as_deref() {
        page.anchor("section", "notes", "Show notes");
        notes_text(notes, &mut page);
    }
    page.finish(lang)
}

/// The words of the show notes (HTML), each block ended as a sentence; scripts, styles
/// and forms are not read.
fn notes_text(html: &str, page: &mut PageBuilder) {
    fn walk(node: scraper::ElementRef, page: &mut PageBuilder) {
        for child in node.children() {
            if let Some(t) = child.value().as_text() {
                page.text(t, BODY);
            } else if let Some(el) = scraper::ElementRef::wrap(child) {
                {
                    let name = el.value().name();
                    if matches!(name, "script" | "style" | "form" | "noscript" | "template" | "svg") {
                        continue;
                    }
                    walk(el, page);
                    if matches!(
                        name,
                        "p" | "div"
                            | "li"
                            | "ul"
                            | "ol"
                            | "h1"
                            | "h2"
                            | "h3"
                            | "h4"
                            | "h5"
                            | "h6"
                            | "blockquote"
                            | "pre"
                            | "tr"
                            | "td"
                            | "th"
                            | "table"
                            | "section"
                            | "article"
                            | "dd"
                            | "dt"
                            | "br"
                    ) {
                        page.end_block();
                    }
                }
            }
        }
    }
    let frag = scraper::Html::parse_fragment(html);
    walk(frag.root_element(), page);
    page.end_block();
}

fn run_pagefind(html: String, lang: &str, dir: &Path) -> Result<Vec<Page>, String> {
    let options = pagefind::options::PagefindServiceConfig::builder().force_language(lang.to_string()).build();
    let mut pf = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| format!("search index: {e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("search index: cannot start its runtime: {e}"))?;
    let files = runtime.block_on(async {
        pf.add_html_file(None, Some("/".into()), html).await.map_err(|e| format!("search index: {e}"))?;
        pf.get_files().await.map_err(|e| format!("search index: {e}"))
    })?;
    Ok(files
        .into_iter()
        .map(|f| Page { path: dir.join(f.filename.to_string_lossy().replace('\\', "/")), content: f.contents })
        .collect())
}

/// Pagefind's search script, worker and WebAssembly (its UIs and highlighter are left
/// out: the theme's `search.js` is the UI).
fn is_script(path: &str) -> bool {
    matches!(path, "pagefind.js" | "pagefind-worker.js")
        || (path.starts_with("wasm.") && path.ends_with(".pagefind") && !path.contains('/'))
}

/// The language Pagefind stems words for: the primary subtag of `language`, lowercased
/// (`en-GB` -> `en`); Pagefind indexes an unknown one without stemming.
fn language(tag: &str) -> String {
    let primary = tag.split(['-', '_']).next().unwrap_or("").trim().to_ascii_lowercase();
    if primary.is_empty() || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        "en".into()
    } else {
        primary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cue;

    fn episode() -> Episode {
        let mut cues = Cue::every(5, &["Welcome to the <show>.", "We talk about PyScript & more.", "Bye."]);
        cues[1].start = 0; // two cues in one second: one anchor
        Episode {
            slug: "282".into(),
            number: Some(282),
            title: "Pyscript & friends".into(),
            date: Some("2022-05-04".into()),
            notes_html: Some("<p>Notes</p>".into()),
            cues,
            ..Episode::default()
        }
    }

    #[test]
    fn an_episode_share_anchors_the_first_cue_of_each_second_and_ends_with_the_notes() {
        let en = writer::stemmer("en");
        let share = episode_share(&episode(), "en", en.as_ref()).unwrap();
        let json = writer::fragment_json(&share);
        let anchors: Vec<(&str, &str, u64)> = json["anchors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["id"].as_str().unwrap(), a["title"].as_str().unwrap(), a["location"].as_u64().unwrap()))
            .collect();
        // Title (4 words), then "Welcome to the <show>." at 00:00:00 with the second cue
        // of that second, "Bye." at 00:00:10, then the notes.
        assert_eq!(anchors, [("t-0", "00:00:00", 4), ("t-10", "00:00:10", 14), ("notes", "Show notes", 15)]);
        assert_eq!(
            json["content"],
            "#282 Pyscript & friends. Welcome to the <show>. We talk about PyScript & more. Bye. Notes."
        );
        assert_eq!(json["meta"]["title"], "#282 Pyscript & friends");
        assert_eq!(json["meta"]["date"], "2022-05-04");
        assert_eq!(json["url"], "/episodes/282/");
    }

    #[test]
    fn languages_are_primary_subtags() {
        assert_eq!(language("en-GB"), "en");
        assert_eq!(language("PT_br"), "pt");
        assert_eq!(language(""), "en");
        assert_eq!(language("x1"), "en");
    }

    #[test]
    fn only_the_search_api_is_kept_of_pagefind_s_files() {
        for p in ["pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "wasm.unknown.pagefind"] {
            assert!(is_script(p), "{p}");
        }
        for p in [
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-highlight.js",
            "pagefind.en_1.pf_meta",
            "index/wasm.x.pagefind",
        ] {
            assert!(!is_script(p), "{p}");
        }
    }
}
