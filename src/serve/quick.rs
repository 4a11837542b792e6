//! `shownotes serve`'s quick path: a saved episode is shown at once, before the full
//! build catches up.
//!
//! ```text
//! save -> re-parse the episode's files -> extract it against the catalogue in memory
//!      -> re-render its pages -> write them into the served folder -> pages reload
//!      -> full build (catalogue, other pages, search) -> reload again only what changed
//! ```
//!
//! It works from the [`Memory`] of the last written build: the catalogue, the site's
//! statistics, the topic index and the people are as that build left them (the full
//! build that follows brings them up to date). Only an edit of an episode's existing
//! files that still reads cleanly takes it: a new, removed or renamed file, an episode
//! that now has another page name or number (its place among the others), show notes
//! whose list of items changed in length, a symbolic link the build would not follow,
//! or any error leave the change to the full build (whose errors show over the page as
//! ever).

use crate::build::{self, Memory};
use crate::diagnostics::Severity;
use crate::model::Episode;
use crate::write::Page;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// At most this many episodes are updated at once; a larger change waits for the full
/// build.
const MAX_EPISODES: usize = 4;

/// Shows the `changed` files (absolute) at once, when they are edits of episodes the
/// last build made: their episodes are extracted again, `memory` learns them, and the
/// pages that show them are written into the served folder `site`. Returns the pages
/// written (paths in `site`), or `None` when the change is left to the full build.
pub(crate) fn update(root: &Path, memory: &mut Memory, site: &Path, changed: &BTreeSet<PathBuf>) -> Option<Vec<Page>> {
    let folder = std::path::absolute(&memory.folder).ok()?;
    let mut which: BTreeSet<usize> = BTreeSet::new();
    for path in changed {
        let rel = path.strip_prefix(&folder).ok()?;
        let i = memory.episodes.iter().position(|e| e.sources.iter().any(|s| s == rel))?;
        which.insert(i);
    }
    if which.is_empty() || which.len() > MAX_EPISODES {
        return None;
    }
    let mut fresh: Vec<(usize, Episode)> = Vec::new();
    for &i in &which {
        fresh.push((i, extract_again(root, memory, i)?));
    }
    let slugs = topic_slugs(&memory.episodes);
    let mut pages: Vec<Page> = Vec::new();
    for (i, mut ep) in fresh {
        let old = &memory.episodes[i];
        // The people are as the full build named them (it weighs every episode).
        ep.hosts = old.hosts.clone();
        ep.guests = old.guests.clone();
        crate::extract::index::name_topics(&mut ep, |e| {
            slugs.get(&e).map(|(name, slug)| (name.as_deref(), slug.as_str()))
        });
        crate::titles::finish(std::slice::from_mut(&mut ep), &memory.index);
        memory.episodes[i] = ep;
    }
    for &i in &which {
        let made = crate::render::single::episode_pages(
            &memory.theme,
            &memory.config,
            &memory.episodes,
            i,
            &memory.index,
            &memory.people,
        )
        .ok()?;
        for p in made {
            if !pages.iter().any(|q| q.path == p.path) {
                pages.push(p);
            }
        }
    }
    for p in &pages {
        put(site, p).ok()?;
    }
    Some(pages)
}

/// Episode `i` of `memory` read and extracted again, if it still reads cleanly and keeps
/// its place.
fn extract_again(root: &Path, memory: &Memory, i: usize) -> Option<Episode> {
    let old = &memory.episodes[i];
    let (parsed, diags) = build::reparse(root, memory, &old.sources);
    let mut parsed = parsed?;
    if diags.0.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    let same_place = parsed.meta.slug == old.slug
        && parsed.meta.number == old.number
        && parsed.sources == old.sources
        && (!parsed.meta.draft || memory.config.drafts);
    // The date stays as the full build left it: it weighs every episode's (a date out
    // of order is dropped, [`crate::dates`]); the full build that follows brings a
    // changed date.
    parsed.meta.date = old.date.clone();
    if !same_place {
        return None;
    }
    let items = parsed.notes.as_ref().map_or(0, |n| n.items.len());
    let item_entities = memory.kept.items_of(&parsed.sources[0], items)?.clone();
    Some(crate::extract::site::extract_one(parsed, item_entities, &memory.kept, &memory.catalogue, &memory.config))
}

/// The index's name and page of each entity that has one, as the episodes carry them.
fn topic_slugs(episodes: &[Episode]) -> FxHashMap<usize, (Option<String>, String)> {
    let mut out: FxHashMap<usize, (Option<String>, String)> = FxHashMap::default();
    for ep in episodes {
        for t in &ep.topics {
            if let (Some(e), Some(slug)) = (t.entity, &t.slug) {
                let entry = out.entry(e).or_insert_with(|| (None, slug.clone()));
                if t.spelling && entry.0.is_none() {
                    entry.0 = Some(t.name.clone());
                }
            }
        }
    }
    out
}

/// Writes a page into the served folder whole: under a new name, then renamed over the
/// old one, so a page being sent is never cut short.
fn put(site: &Path, page: &Page) -> std::io::Result<()> {
    let to = site.join(&page.path);
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = to.with_file_name(format!(
        ".{}.quick-{}",
        to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, &page.content)?;
    std::fs::rename(&tmp, &to).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
