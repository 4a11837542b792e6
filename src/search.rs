//! Search: a static full-text index of every transcript, show notes and topic, built with
//! Pagefind at build time and written to `pagefind/`. The browser loads only the chunks a
//! query needs (`pagefind/pagefind.js`, driven by the theme's `search.js`); no server.
//!
//! Each episode is indexed from a compact document made for the index, not from its page:
//! the title, description, transcript and show notes, with an empty anchor
//! `<i id="t-80" data-pagefind-title="00:01:20">` before each cue that opens a second
//! (the ids the episode page gives its cues). Pagefind turns every anchor with a title
//! into a sub-result, so a match lands on the cue that says it: `/episodes/x/#t-80`.
//! Topics are not records: a record is a fragment file, and a site has thousands of
//! topics (three in ten of its files went to them); the search box finds topics by name in
//! `topics/names.json`, which the topic index's filter box reads too.
//!
//! Pagefind indexes one page at a time, so a long catalogue is cut into shards of about
//! [`SHARD_EPISODES`] episodes, indexed in parallel, each a bundle of its own
//! (`pagefind/`, `pagefind/shard-1/`, ...; how many depends only on the episode count, so
//! the output is the same on any machine). The browser searches the first and merges the
//! others into it (Pagefind's multisite search), listed in `pagefind/shards.json`.

use crate::cache::{Cache, KeyHasher};
use crate::config::Config;
use crate::model::Episode;
use crate::text::format_timestamp;
use crate::write::Page;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use rayon::prelude::*;
use std::path::PathBuf;

/// The folder of the output that holds the index and Pagefind's search script.
pub const BUNDLE_DIR: &str = "pagefind";
/// Episodes per shard of the index, about; at most [`MAX_SHARDS`] shards.
pub const SHARD_EPISODES: usize = 200;
/// A query loads a little of every shard: keep their number small.
pub const MAX_SHARDS: usize = 4;
/// Beyond `SHARD_EPISODES * MAX_SHARDS` episodes shards grow in steps of this many.
const SHARD_STEP: usize = 100;

/// The episodes (newest first) of each shard, the first shard first. Shards are cut from
/// the oldest episode on, a fixed number each, so that the newest episodes are in the
/// first shard (with the topics and Pagefind's script): a new episode changes only the
/// first shard and an edited one only its own, and the build cache keeps the others.
/// The size depends only on the number of episodes: [`SHARD_EPISODES`], or, past
/// [`MAX_SHARDS`] of those, a quarter of the catalogue rounded up to [`SHARD_STEP`].
fn shards_of(episodes: &[Episode]) -> Vec<Vec<&Episode>> {
    let n = episodes.len();
    let size = n.div_ceil(MAX_SHARDS).max(SHARD_EPISODES).div_ceil(SHARD_STEP) * SHARD_STEP;
    let count = n.div_ceil(size).max(1);
    let mut parts: Vec<Vec<&Episode>> = vec![Vec::new(); count];
    for (i, ep) in episodes.iter().enumerate() {
        let from_oldest = n - 1 - i;
        parts[count - 1 - from_oldest / size].push(ep);
    }
    parts
}

/// The files of Pagefind's bundle the site serves: its search API and worker, the
/// entry file, the WebAssembly for the language, and the index chunks, page metadata
/// and fragments, each named as Pagefind names them (`index/en_1a2b.pf_index`: one
/// folder deep at most). Pagefind's own UIs (default, modular, component) and
/// highlighter are left out: the theme's `search.js` is the UI.
fn served(path: &str) -> bool {
    let name = match path.split_once('/') {
        Some((folder, name)) if ["index", "fragment", "filter"].contains(&folder) => name,
        Some(_) => return false,
        None => path,
    };
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    plain
        && (path.contains('/')
            || matches!(path, "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json")
            || path.ends_with(".pf_meta")
            || path.ends_with(".pagefind"))
}

/// One record of the index: a site-relative URL (Pagefind prefixes the site's base path
/// in the browser) and the document it is read from.
struct Record {
    url: String,
    html: String,
}

/// The index for the whole site: files to write under [`BUNDLE_DIR`].
pub fn build(config: &Config, episodes: &[Episode], cache: &Cache) -> Result<Vec<Page>, String> {
    let lang = language(&config.language);
    let parts = shards_of(episodes);
    let shards = parts.len();
    // Every shard at once: indexing them one by one took peak memory from 1.5 to 1.1 GiB
    // at 2,000 episodes but the build's wall time from 21 to 28 s on two cores.
    let bundles: Vec<Vec<Page>> = parts
        .into_par_iter()
        .enumerate()
        .map(|(i, eps)| {
            let records: Vec<Record> = eps.iter().map(|e| episode_record(e, &lang)).collect();
            let dir =
                if i == 0 { PathBuf::from(BUNDLE_DIR) } else { PathBuf::from(BUNDLE_DIR).join(shard_dir(i, shards)) };
            bundle(records, &lang, &dir, i == 0, cache)
        })
        .collect::<Result<_, String>>()?;
    let mut pages: Vec<Page> = bundles.into_iter().flatten().collect();
    let others: Vec<String> = (1..shards).map(|i| format!("{}/", shard_dir(i, shards))).collect();
    pages.push(Page {
        path: PathBuf::from(BUNDLE_DIR).join("shards.json"),
        content: serde_json::to_vec(&others).map_err(|e| e.to_string())?,
    });
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

/// The folder of shard `i` of `shards` (the first is `pagefind/` itself): numbered from
/// the oldest, `shard-1/` first, so that a shard keeps its folder (and its cache entry)
/// when a new first shard is opened.
fn shard_dir(i: usize, shards: usize) -> String {
    format!("shard-{}", shards - i)
}

/// One Pagefind bundle of `records`, its files under `dir`. Only the first bundle keeps
/// Pagefind's scripts: the others are merged into it in the browser.
/// One shard's files: from the cache when an earlier build indexed exactly these records.
fn bundle(
    records: Vec<Record>,
    lang: &str,
    dir: &std::path::Path,
    scripts: bool,
    cache: &Cache,
) -> Result<Vec<Page>, String> {
    let mut key = KeyHasher::new("search");
    // (Another Pagefind is another binary: the cache does not use its entries.)
    key.add(lang.as_bytes()).add(dir.to_string_lossy().as_bytes());
    key.add(&[u8::from(scripts)]);
    for r in &records {
        key.add(r.url.as_bytes()).add(r.html.as_bytes());
    }
    let key = key.finish("search");
    let max = entry_limit(&records);
    // (An entry is authenticated, so it is one this code wrote; still, only what
    // `run_pagefind` keeps is taken from it: its shard's own files, as Pagefind names them.)
    let ours = |p: &Page| {
        p.path.strip_prefix(dir).ok().and_then(|r| r.to_str()).is_some_and(|r| served(r) && (scripts || !is_script(r)))
    };
    if let Some(files) = cache.get(&key, max).filter(|f| f.iter().all(ours)) {
        return Ok(files);
    }
    let files = run_pagefind(records, lang, dir, scripts)?;
    cache.put(&key, &files, max);
    Ok(files)
}

/// The most a shard's cache entry may hold, in bytes: Pagefind's script and WebAssembly
/// (about 200 KB) and an index smaller than the records it is made from (compressed text
/// and word positions: 0.5-0.6 of them on the Python Bytes transcripts), with room to
/// spare. An entry over it is not written, and a file over it is not read.
fn entry_limit(records: &[Record]) -> u64 {
    let input: usize = records.iter().map(|r| r.url.len() + r.html.len()).sum();
    (16 << 20) + 4 * input as u64
}

fn run_pagefind(records: Vec<Record>, lang: &str, dir: &std::path::Path, scripts: bool) -> Result<Vec<Page>, String> {
    let options = pagefind::options::PagefindServiceConfig::builder().force_language(lang.to_string()).build();
    let mut pf = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| format!("search index: {e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("search index: cannot start its runtime: {e}"))?;
    let files = runtime.block_on(async {
        for r in records {
            let url = r.url.clone();
            pf.add_html_file(None, Some(r.url), r.html).await.map_err(|e| format!("search index: {url}: {e}"))?;
        }
        pf.get_files().await.map_err(|e| format!("search index: {e}"))
    })?;
    Ok(files
        .into_iter()
        .filter_map(|f| {
            let rel = f.filename.to_string_lossy().replace('\\', "/");
            (served(&rel) && (scripts || !is_script(&rel))).then(|| Page { path: dir.join(rel), content: f.contents })
        })
        .collect())
}

/// Pagefind's search script, worker and WebAssembly: the first bundle's serve all shards.
fn is_script(path: &str) -> bool {
    matches!(path, "pagefind.js" | "pagefind-worker.js") || path.starts_with("wasm.")
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

fn episode_record(ep: &Episode, lang: &str) -> Record {
    Record { url: format!("/episodes/{}/", ep.slug), html: episode_document(ep, lang) }
}

/// The document an episode is indexed from. The title is the record's title (Pagefind
/// takes the first `h1`); the transcript comes before the show notes, so notes written
/// as raw HTML (`unsafe_html`) cannot swallow it.
fn episode_document(ep: &Episode, lang: &str) -> String {
    // Pagefind indexes metadata words for search too, so a record carries only what a
    // listener may search for: the date (`2021` finds the year's episodes).
    let date = match ep.date.as_deref() {
        Some(d) => format!(" data-date=\"{}\" data-pagefind-meta=\"date[data-date]\"", attr(d)),
        None => String::new(),
    };
    let title = match ep.number {
        Some(n) => format!("#{n} {}", ep.title),
        None => ep.title.clone(),
    };
    let mut html = String::with_capacity(ep.cues.iter().map(|c| c.text.len() + 48).sum::<usize>() + 512);
    html.push_str(&format!("<html lang=\"{}\"><body{date}><h1>{}</h1>", attr(lang), text(&title)));
    if let Some(d) = ep.description.as_deref().filter(|d| !d.trim().is_empty()) {
        html.push_str(&format!("<p>{}</p>", text(d)));
    }
    if !ep.cues.is_empty() {
        html.push_str("<p>");
        let mut last = None;
        for c in &ep.cues {
            // The page gives the id to the first cue of each second; so does the index.
            if last != Some(c.start) {
                html.push_str(&format!(
                    "<i id=\"t-{}\" data-pagefind-title=\"{}\"></i>",
                    c.start,
                    format_timestamp(c.start)
                ));
                last = Some(c.start);
            }
            html.push_str(&text(c.text.trim()));
            html.push(' ');
        }
        html.push_str("</p>");
    }
    if let Some(notes) = ep.notes_html.as_deref() {
        html.push_str("<section id=\"notes\" data-pagefind-title=\"Show notes\">");
        html.push_str(notes);
        html.push_str("</section>");
    }
    html.push_str("</body></html>");
    html
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
    fn an_episode_document_anchors_the_first_cue_of_each_second() {
        let html = episode_document(&episode(), "en");
        assert_eq!(html.matches("<i id=\"t-0\" data-pagefind-title=\"00:00:00\"></i>").count(), 1, "{html}");
        assert_eq!(html.matches("<i id=").count(), 2, "{html}");
        assert!(html.contains("<i id=\"t-10\" data-pagefind-title=\"00:00:10\"></i>Bye."), "{html}");
        assert!(html.contains("Welcome to the &lt;show&gt;. We talk about PyScript &amp; more."), "{html}");
        assert!(html.contains("<h1>#282 Pyscript &amp; friends</h1>"), "{html}");
        assert!(html.contains("<body data-date=\"2022-05-04\" data-pagefind-meta=\"date[data-date]\"><h1>"), "{html}");
        // The notes come last.
        assert!(html.find("id=\"notes\"").unwrap() > html.find("Bye.").unwrap());
    }

    #[test]
    fn shards_are_cut_from_the_oldest_so_a_new_episode_changes_only_the_first() {
        let catalogue = |n: usize| -> Vec<Episode> {
            // Newest first, as the build orders them.
            (0..n).rev().map(|i| Episode { slug: format!("{i}"), ..episode() }).collect()
        };
        let sizes = |n: usize| shards_of(&catalogue(n)).iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(sizes(0), [0]);
        assert_eq!(sizes(1), [1]);
        assert_eq!(sizes(200), [200]);
        assert_eq!(sizes(201), [1, 200]);
        assert_eq!(sizes(401), [1, 200, 200]);
        assert_eq!(sizes(800), [200, 200, 200, 200]);
        assert_eq!(sizes(801), [201, 300, 300]);
        assert_eq!(sizes(2000), [500, 500, 500, 500]);
        assert_eq!(sizes(2001), [201, 600, 600, 600]);
        for n in [1, 57, 799, 800, 801, 1234, 5000] {
            assert!(sizes(n).len() <= MAX_SHARDS, "{n}");
            assert_eq!(sizes(n).iter().sum::<usize>(), n);
        }
        let slugs = |n: usize| -> Vec<Vec<String>> {
            shards_of(&catalogue(n)).iter().map(|s| s.iter().map(|e| e.slug.clone()).collect()).collect()
        };
        let (before, after) = (slugs(450), slugs(451));
        assert_eq!(before[1..], after[1..], "the older shards stay as they were");
        assert_eq!(after[0][0], "450", "the new episode is in the first");
    }

    #[test]
    fn languages_are_primary_subtags() {
        assert_eq!(language("en-GB"), "en");
        assert_eq!(language("PT_br"), "pt");
        assert_eq!(language(""), "en");
        assert_eq!(language("x1"), "en");
    }

    #[test]
    fn only_the_search_api_and_index_are_served() {
        for p in
            ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind", "pagefind.en_1.pf_meta"]
        {
            assert!(served(p), "{p}");
        }
        assert!(served("fragment/en_1.pf_fragment") && served("index/en_1.pf_index"));
        for p in [
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-modular-ui.js",
            "pagefind-highlight.js",
            "shard-1/pagefind.js",
            "shard-1/x.pf_meta",
            "index/a/b.pf_index",
            "index/../pagefind.js",
            "fragment/",
            "index/.hidden",
            "extra.js",
        ] {
            assert!(!served(p), "{p}");
        }
    }
}
