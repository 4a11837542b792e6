//! Real-browser tests in headless Chromium (Debian's `chromium`, driven by playwright-core
//! from tests/browser/run.mjs): clicking a chapter seeks the audio player, `#t=MM:SS`
//! starts there, Chromium's own WebVTT parser reads transcript.vtt, and axe-core finds no
//! serious accessibility violation on the sample site and a site with audio.
//!
//! Needs `chromium` (or SHOWNOTES_CHROMIUM) and `node`; `.ci/run` installs both and the
//! npm packages. Set SHOWNOTES_SKIP_BROWSER=1 to skip on a machine without them: the
//! tests fail, loudly, rather than pass without a browser.

mod common;
use common::browser::*;
use common::*;

/// Runs tests/browser/run.mjs on `job` and returns its result.
fn run_browser(job: serde_json::Value) -> serde_json::Value {
    run_node("run.mjs", job)
}

/// Violations axe calls serious or critical, and the moderate ones issue 12 fixed.
fn bad_violations(result: &serde_json::Value) -> Vec<String> {
    let mut bad = Vec::new();
    for page in result["axe"].as_array().unwrap() {
        for v in page["violations"].as_array().unwrap() {
            let impact = v["impact"].as_str().unwrap_or("");
            let id = v["id"].as_str().unwrap_or("");
            eprintln!("axe: {} {impact} {id} ({} nodes)", page["url"], v["nodes"].as_array().map_or(0, Vec::len));
            if matches!(impact, "serious" | "critical") || matches!(id, "landmark-unique" | "page-has-heading-one") {
                bad.push(format!("{} {impact} {id}: {} {}", page["url"], v["help"], v["nodes"]));
            }
        }
    }
    bad
}

#[test]
fn clicking_a_chapter_seeks_the_player_and_t_starts_there() {
    if skip() {
        return;
    }
    let site = audio_site("");
    let port = serve(&site.out(""));
    let base = format!("http://127.0.0.1:{port}/");
    site.build_ok(&["--base-url", &base]);
    let eps = site.episodes_by_number();
    let slug = eps[&2]["slug"].as_str().unwrap().to_string();
    let chapters = site.json(&format!("episodes/{slug}/chapters.json"));
    let chapter = chapters["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["startTime"].as_u64().unwrap())
        .find(|&s| s > 20)
        .expect("a chapter past the start");
    let segments = site.json(&format!("episodes/{slug}/transcript.json"))["segments"].as_array().unwrap().clone();
    let page = format!("{base}episodes/{slug}/");
    let topic = site.json("api/topics.json")[0]["slug"].as_str().unwrap().to_string();
    let result = run_browser(serde_json::json!({
        "seek": {"url": page, "selector": format!(".chapters a.time[href='#t-{chapter}']"), "start": chapter},
        "fragment": {"url": format!("{page}#t=01:50"), "start": 110},
        "axe": [base.clone(), format!("{base}page/2/"), page.clone(), format!("{page}transcript.html"),
                format!("{base}topics/"), format!("{base}topics/{topic}/")],
    }));

    // The click set the player's position to the chapter's start (it then plays on).
    let seek = &result["seek"];
    let t = seek["currentTime"].as_f64().unwrap();
    assert!(t >= chapter as f64 && t < chapter as f64 + 1.5, "chapter at {chapter} s, player at {t} s: {seek}");
    assert!((seek["duration"].as_f64().unwrap() - 150.0).abs() < 0.5, "{seek}");
    // The click plays from there (without the script the link would only scroll).
    assert_eq!(seek["paused"], false, "{seek}");
    // The link still went to the text.
    assert_eq!(seek["hash"], format!("#t-{chapter}"));
    assert_eq!(seek["errors"], serde_json::json!([]));
    // #t=01:50 in the address starts the player there.
    let f = result["fragment"]["currentTime"].as_f64().unwrap();
    assert!((f - 110.0).abs() < 0.5, "player at {f} s for #t=01:50");

    // Chromium's WebVTT parser reads every cue of transcript.vtt, with the same times as
    // transcript.json and the speaker's voice span.
    let cues = seek["cues"].as_array().expect("the player's captions track loaded");
    assert_eq!(cues.len(), segments.len());
    for (c, s) in cues.iter().zip(&segments) {
        assert_eq!(c[0].as_f64(), s["startTime"].as_f64());
        assert_eq!(c[1].as_f64(), s["endTime"].as_f64());
        assert!(c[2].as_str().unwrap().starts_with(&format!("<v {}>", s["speaker"].as_str().unwrap())), "{c}");
    }

    assert_eq!(bad_violations(&result), Vec::<String>::new());
}

#[test]
fn the_sample_site_passes_the_accessibility_audit() {
    if skip() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let port = serve(&public);
    let base = format!("http://127.0.0.1:{port}/");
    let run = assert_cmd::Command::cargo_bin("shownotes")
        .unwrap()
        .args(["build", "--quiet", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&public)
        .args(["--base-url", &base])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut pages = vec![base.clone(), format!("{base}topics/"), format!("{base}sponsors/")];
    let mut episodes: Vec<String> = std::fs::read_dir(public.join("episodes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    episodes.sort();
    for slug in &episodes {
        pages.push(format!("{base}episodes/{slug}/"));
    }
    pages.push(format!("{base}episodes/{}/transcript.html", episodes[0]));
    let topics: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("api/topics.json")).unwrap()).unwrap();
    for t in topics.as_array().unwrap().iter().take(3) {
        pages.push(format!("{base}topics/{}/", t["slug"].as_str().unwrap()));
    }
    pages.retain(|p| !p.ends_with("sponsors/") || public.join("sponsors/index.html").exists());
    let result = run_browser(serde_json::json!({ "axe": pages }));
    assert_eq!(result["axe"].as_array().unwrap().len(), pages.len());
    assert_eq!(bad_violations(&result), Vec::<String>::new());
    // The sample's episode pages have the player.
    let ep = std::fs::read_to_string(public.join(format!("episodes/{}/index.html", episodes[0]))).unwrap();
    assert!(ep.contains("id=\"player\""));
}
