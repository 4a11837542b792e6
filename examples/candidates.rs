//! Dumps each episode's topic candidates with their features, as JSON lines, for
//! studying and fitting the topic score (scripts/fit_topic_score.py).
//!
//!     cargo run --release --example candidates -- CONTENT_DIR "Show title" "Host One,Host Two" > cands.jsonl
//!
//! Transcripts only (`.txt`, `.vtt`, `.srt`); the same parsing, metadata and candidate
//! code as `shownotes build`. With `SITES_OF=N`, the transcripts (in file-name order) are
//! cut into sites of N episodes each, and each episode's features are those it would have
//! in its small site: the data the small-catalogue model is fitted on.

use rayon::prelude::*;
use shownotes::extract::catalogue::{Catalogue, CatalogueSettings, NameStats};
use shownotes::extract::glossary::Glossary;
use shownotes::extract::spans::Words;
use shownotes::extract::sponsors;
use shownotes::extract::topics::{self, ExtraStops, SiteStats};
use shownotes::parse;
use std::io::Write;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).expect("CONTENT_DIR"));
    let title = args.get(2).cloned().unwrap_or_default();
    let hosts: Vec<String> = args.get(3).map(|h| h.split(',').map(str::to_string).collect()).unwrap_or_default();
    let per_episode: usize = std::env::var("PER_EPISODE").ok().and_then(|v| v.parse().ok()).unwrap_or(400);
    let sites_of: usize = std::env::var("SITES_OF").ok().and_then(|v| v.parse().ok()).unwrap_or(usize::MAX);
    let files = shownotes::discover::discover(dir, dir, true).expect("readable folder").files;
    let eps: Vec<_> = files
        .par_iter()
        .filter_map(|f| {
            let fmt = match f.kind {
                shownotes::discover::FileKind::Transcript(fmt) => fmt,
                _ => return None,
            };
            let (text, _) = shownotes::text::decode(&std::fs::read(&f.path).ok()?).ok()?;
            let (t, _) = parse::parse_transcript(&f.rel, &text, fmt);
            let t = t?;
            let stem = shownotes::metadata::stem_of(&f.rel, false);
            let number = shownotes::metadata::episode_number(Some(&t), None, None, std::slice::from_ref(&stem));
            let meta = shownotes::metadata::infer(Some(&t), None, None, number, &stem, &hosts, &title);
            Some((meta, t))
        })
        .collect();
    let glossary = Glossary::new(Vec::new());
    let site = ExtraStops::new(std::iter::once(title.as_str()).chain(hosts.iter().map(String::as_str)));
    let mut counted: Vec<_> =
        eps.par_iter().map(|(_, t)| topics::count_candidates(&t.cues, &site, &glossary, true)).collect();
    let mut lines = Vec::new();
    for (group, group_counted) in eps.chunks(sites_of).zip(counted.chunks_mut(sites_of)) {
        // As the build does: ad reads (found with the site's sponsors) are left out.
        let mut names = NameStats::default();
        for c in group_counted.iter_mut() {
            names.add_episode(std::mem::take(&mut c.names));
        }
        let sponsors = Catalogue::discover(&names, &site, &CatalogueSettings::default()).sponsor_aliases();
        let stats = SiteStats::new(&*group_counted, 0);
        lines.par_extend(group.par_iter().map(|(meta, t)| {
            let people = ExtraStops::new(meta.hosts.iter().chain(meta.guests.iter()).map(String::as_str));
            let stops = site.with(&people);
            let words = Words::new(&t.cues, &stops);
            let phrases = sponsors::ad_phrases(&t.cues);
            let ad = sponsors::ad_reads(&t.cues, &words, &phrases, &sponsors);
            let ads = topics::Ads { phrases: &phrases, reads: &ad };
            let mut cands = topics::gather_with_context(&t.cues, &words, ads, &stats, &meta.title);
            cands.sort_by(|a, b| topics::score(&b.features).total_cmp(&topics::score(&a.features)).then(a.key.cmp(&b.key)));
            cands.truncate(per_episode);
            let rows: Vec<serde_json::Value> = cands
                .iter()
                .map(|c| serde_json::json!({"key": c.key, "fold": c.fold, "name": c.name, "f": c.features, "x": topics::feature_vector(&c.features), "c": c.context_words}))
                .collect();
            serde_json::json!({"number": meta.number, "candidates": rows}).to_string()
        }));
    }
    let mut out = std::io::stdout().lock();
    for l in lines {
        writeln!(out, "{l}").unwrap();
    }
}
