//! Issue 23's finding 4: a Changelog-style transcript stamped only every few minutes
//! (`\[01:33\]`) gives its unstamped paragraphs estimated times, by their words, so the
//! captions in `transcript.vtt` (read back with aspasia) no longer stack on the last
//! stamp; the page and `transcript.json` mark which times are estimates.

mod common;
use aspasia::{Subtitle, WebVttSubtitle};
use common::*;
use std::collections::BTreeSet;

const CORPUS: &str = "../shared/corpus/changelog-sample";
const FILES: &[&str] = &["gotime-go-time-104.md", "jsparty-js-party-24.md", "podcast-the-changelog-170.md"];

/// Three episodes of the sample, copied from the shared corpus beside the repository.
fn changelog_site() -> Site {
    let corpus = repo().join(CORPUS);
    assert!(
        corpus.is_dir(),
        "{} is missing: this test reads the shared corpus beside the repository",
        corpus.display()
    );
    let site = Site::new("title = \"Changelog sample\"\n\n[search]\nenabled = false\n\n[output]\ntranscripts = [\"vtt\", \"json\", \"html\"]\n");
    for f in FILES {
        site.copy(&format!("{CORPUS}/{f}"), &format!("content/{f}"));
    }
    site.build_ok(&["--quiet"]);
    site
}

#[test]
fn sparse_stamps_give_captions_their_own_time() {
    let site = changelog_site();
    let episodes = site.episodes_by_number();
    assert_eq!(episodes.len(), FILES.len(), "{:?}", episodes.keys());
    let (mut cues, mut shared) = (0usize, 0usize);
    for (n, ep) in episodes {
        let dir = format!("episodes/{}", ep["slug"].as_str().unwrap());
        let vtt: WebVttSubtitle = site.read(&format!("{dir}/transcript.vtt")).parse().unwrap();
        let events = vtt.events();
        assert!(events.len() > 50, "episode {n}: {} cues", events.len());
        let spans: Vec<(i64, i64)> = events.iter().map(|e| (i64::from(e.start), i64::from(e.end))).collect();
        let distinct: BTreeSet<_> = spans.iter().collect();
        cues += spans.len();
        shared += spans.len() - distinct.len();
        for (i, w) in spans.windows(2).enumerate() {
            assert!(w[1].0 > w[0].0, "episode {n}: cue {} starts at {} ms, not after {} ms", i + 2, w[1].0, w[0].0);
            assert!(w[0].1 <= w[1].0, "episode {n}: cue {} overlaps the next", i + 1);
        }

        // The JSON transcript says which starts are estimates, and most are here.
        let json = site.json(&format!("{dir}/transcript.json"));
        let segments = json["segments"].as_array().unwrap();
        let estimated = segments.iter().filter(|s| s["estimated"] == true).count();
        assert!(estimated > segments.len() / 2, "episode {n}: {estimated} of {} estimated", segments.len());
        assert!(segments.iter().any(|s| s.get("estimated").is_none()), "episode {n}: stamped times are not estimates");

        // The page marks them, and the stamps before the first one are not all 00:00:00.
        let doc = html(&site.read(&format!("{dir}/index.html")));
        let marked = select(&doc, ".transcript p > span > a.estimated");
        assert_eq!(marked.len(), estimated, "episode {n}");
        assert!(marked.iter().all(|a| text(a).starts_with('~') && a.value().attr("title") == Some("estimated time")));
        let zeros = select(&doc, ".transcript p > span > a")
            .iter()
            .filter(|a| text(a).trim_start_matches('~') == "00:00:00")
            .count();
        assert_eq!(zeros, 1, "episode {n}: {zeros} cues at 00:00:00");
        let page = html(&site.read(&format!("{dir}/transcript.html")));
        assert!(!select(&page, "time.estimated").is_empty(), "episode {n}: transcript.html marks no estimate");
    }
    assert!(shared * 100 < cues, "{shared} of {cues} cues share a time span");
}
