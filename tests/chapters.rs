//! Chapters against hand-placed starts: the 26 annotated Python Bytes dev episodes
//! (`tests/fixtures/chapters/`: 14 the chaptering was tuned on, 12 held out), built from
//! the shared corpus beside the repository, with and without their show notes, and
//! scored as `scripts/chapter_score.py` scores them. The bars, with show notes:
//! every item gets a chapter and 85% start within 30 s of the hand-off; from the
//! transcripts alone: 70% of item starts have a boundary within 30 s, and no more than
//! 1.5 boundaries per start.

mod common;
use common::*;
use serde_json::Value;

const CORPUS: &str = "../shared/corpus/python-bytes";
const WINDOW: i64 = 30;

fn annotated() -> Vec<Value> {
    ["annotations.json", "heldout.json"]
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(repo().join("tests/fixtures/chapters").join(f)).unwrap();
            serde_json::from_str::<Value>(&text).unwrap()["episodes"].as_array().unwrap().clone()
        })
        .collect()
}

/// The annotated episodes as one site (transcripts, and the notes when `notes`).
fn site(episodes: &[Value], notes: bool) -> Site {
    let corpus = repo().join(CORPUS);
    assert!(
        corpus.is_dir(),
        "{} is missing: this test reads the shared corpus beside the repository",
        corpus.display()
    );
    let site = Site::new(&format!("{PB_CONFIG}[search]\nenabled = false\n"));
    let transcripts: Vec<String> = std::fs::read_dir(corpus.join("transcripts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for ep in episodes {
        let n = ep["number"].as_u64().unwrap();
        let prefix = format!("{n:03}");
        let t = transcripts.iter().find(|t| t.starts_with(&prefix)).unwrap();
        site.copy(&format!("{CORPUS}/transcripts/{t}"), &format!("content/{t}"));
        if notes {
            site.copy(&format!("{CORPUS}/show_notes/{prefix}.md"), &format!("content/{prefix}.md"));
        }
    }
    site.build_ok(&["--quiet"]);
    site
}

/// Each built episode's chapters as (title, start), by number.
fn chapters(site: &Site) -> std::collections::BTreeMap<u64, Vec<(String, i64)>> {
    site.episodes_by_number()
        .into_iter()
        .map(|(n, e)| {
            let slug = e["slug"].as_str().unwrap();
            let json = site.json(&format!("api/episodes/{slug}.json"));
            let ch = json["chapters"].as_array().unwrap().iter();
            (n, ch.map(|c| (c["title"].as_str().unwrap().to_string(), c["start"].as_i64().unwrap())).collect())
        })
        .collect()
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[test]
fn with_show_notes_every_item_gets_a_chapter_at_its_hand_off() {
    let episodes = annotated();
    let built = chapters(&site(&episodes, true));
    let (mut items, mut titled, mut placed) = (0, 0, 0);
    let mut misses = Vec::new();
    for ep in &episodes {
        let n = ep["number"].as_u64().unwrap();
        let mut unused = built[&n].clone();
        for it in ep["items"].as_array().unwrap() {
            let (Some(title), Some(start)) = (it["title"].as_str(), it["start"].as_i64()) else { continue };
            items += 1;
            // The first unused chapter with the item's title.
            let Some(at) = unused.iter().position(|(t, _)| norm(t) == norm(title)) else {
                misses.push(format!("{n} {title:?}: no chapter"));
                continue;
            };
            let (_, s) = unused.remove(at);
            titled += 1;
            if (s - start).abs() <= WINDOW {
                placed += 1;
            } else {
                misses.push(format!("{n} {title:?}: chapter at {s}, hand-off at {start}"));
            }
        }
    }
    assert!(items > 150, "{items} items");
    assert_eq!(titled, items, "every item gets a chapter: {misses:#?}");
    assert!(placed as f64 >= 0.85 * items as f64, "{placed}/{items} within {WINDOW} s: {misses:#?}");
}

#[test]
fn from_transcripts_alone_the_boundaries_fall_at_the_hand_offs() {
    let episodes = annotated();
    let built = chapters(&site(&episodes, false));
    let (mut starts, mut found, mut boundaries) = (0, 0, 0);
    for ep in &episodes {
        let n = ep["number"].as_u64().unwrap();
        let at: Vec<i64> = built[&n].iter().map(|c| c.1).collect();
        boundaries += at.iter().filter(|&&s| s > 0).count();
        for it in ep["items"].as_array().unwrap() {
            let Some(start) = it["start"].as_i64() else { continue };
            starts += 1;
            found += usize::from(at.iter().any(|s| (s - start).abs() <= WINDOW));
        }
    }
    assert!(starts > 150, "{starts} starts");
    assert!(found as f64 >= 0.70 * starts as f64, "{found}/{starts} starts have a boundary within {WINDOW} s");
    assert!(boundaries as f64 <= 1.5 * starts as f64, "{boundaries} boundaries for {starts} starts");
}
