//! Shows how the catalogue of names sees a folder of transcripts: each phrase's tally
//! across the catalogue and the verdict on it, for studying the rules in
//! `src/extract/catalogue.rs`.
//!
//!     cargo run --release --example catalogue -- CONTENT_DIR "Show title" "Host One,Host Two" [KEY ...]
//!
//! With keys: one line per key (its tally and verdict). Without: every entity the
//! catalogue discovers from the tallies alone, by kind, most said first.

use rayon::prelude::*;
use shownotes::extract::catalogue::{judge, Catalogue, CatalogueSettings, NameStats};
use shownotes::extract::glossary::Glossary;
use shownotes::extract::topics::{self, ExtraStops};
use shownotes::parse;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).expect("CONTENT_DIR"));
    let title = args.get(2).cloned().unwrap_or_default();
    let hosts: Vec<String> = args.get(3).map(|h| h.split(',').map(str::to_string).collect()).unwrap_or_default();
    let files = shownotes::discover::discover(dir, dir, true).expect("readable folder").files;
    let site = ExtraStops::new(std::iter::once(title.as_str()).chain(hosts.iter().map(String::as_str)));
    let glossary = Glossary::new(Vec::new());
    let stats = files
        .par_iter()
        .filter_map(|f| {
            let shownotes::discover::FileKind::Transcript(fmt) = f.kind else { return None };
            let (text, _) = shownotes::text::decode(&std::fs::read(&f.path).ok()?).ok()?;
            parse::parse_transcript(&f.rel, &text, fmt).0
        })
        .fold(NameStats::default, |mut s, t| {
            s.add_episode(topics::count_candidates(&t.cues, &site, &glossary, true).names);
            s
        })
        .reduce(NameStats::default, NameStats::merge);
    if args.len() > 4 {
        for key in &args[4..] {
            match stats.get(key) {
                Some(t) => println!("{key}: {t:?} -> {:?}", judge(key, t, &stats)),
                None => println!("{key}: never a candidate"),
            }
        }
        return;
    }
    let cat = Catalogue::discover(&stats, &site, &CatalogueSettings::default());
    let mut rows: Vec<_> =
        cat.entities.iter().map(|e| (e.kind, stats.get(&e.key).map_or(0, |t| t.df), &e.key, e.ambiguous)).collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    for (kind, df, key, ambiguous) in rows {
        println!("{kind:?}\t{df}\t{key}{}", if ambiguous { "\t(ambiguous)" } else { "" });
    }
}
