//! `shownotes serve` in headless Chromium (tests/browser/reload.mjs): an episode page
//! open in the preview reloads by itself when its transcript is saved and shows the new
//! text; a broken template's error (file, line, message) shows over the page, which
//! keeps the last good content; once fixed, the page reloads without it.
//!
//! Needs chromium and node, as tests/browser.rs does (SHOWNOTES_SKIP_BROWSER=1 skips).

mod common;
use common::browser::*;
use common::*;

#[test]
fn an_open_episode_page_reloads_itself_after_its_transcript_is_saved() {
    if skip() {
        return;
    }
    let site = Site::new(PB_CONFIG);
    let seed = "000_a09f45d5618a526f.txt";
    site.copy(&format!("content/{seed}"), &format!("content/{seed}"));
    let p = Preview::start(site.root(), &[]);
    let slug = std::fs::read_dir(p.folder.join("episodes")).unwrap().next().unwrap().unwrap().file_name();
    let url = format!("{}episodes/{}/", p.url, slug.to_string_lossy());
    let transcript = site.root().join("content").join(seed);
    let text = std::fs::read_to_string(&transcript).unwrap();
    let edited = text.replace("It's great to have you here.", "It's great to have you here, said the QUOKKA.");
    assert_ne!(edited, text);
    let template = site.root().join("templates/episode.html");
    let result = run_node(
        "reload.mjs",
        serde_json::json!({
            "url": url,
            "expect": "QUOKKA",
            "transcript": transcript,
            "transcriptText": edited,
            "template": template,
            "brokenTemplate": "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ episode.title }</p>\n{% endblock content %}\n",
            "screenshot": std::env::var("SHOWNOTES_SCREENSHOT").ok(),
        }),
    );
    eprintln!("{result}");
    assert_eq!(result["before"], false, "{result}");
    // The page reloaded by itself and shows the saved text.
    assert_eq!(result["edit"], serde_json::json!({"reloaded": true, "shows": true}), "{result}");
    // The broken template: its file, line and message over the page, which was not
    // reloaded and still shows the last good content.
    let broken = &result["broken"];
    let overlay = broken["overlay"].as_str().unwrap();
    assert!(overlay.contains("templates/episode.html:3: template error"), "{overlay}");
    assert!(overlay.contains("Failed to parse 'episode.html'"), "{overlay}");
    assert!(overlay.contains("last good build"), "{overlay}");
    assert_eq!(broken["role"], "alert");
    assert_eq!(broken["visible"], true);
    assert_eq!(broken["reloaded"], false);
    assert_eq!(broken["reloads"], 0);
    assert_eq!(broken["stillShows"], true);
    // Fixed: the overlay gone, the text still there; not reloaded, as the fixed build's
    // page is the one shown (the last good build's).
    assert_eq!(result["fixed"], serde_json::json!({"reloaded": false, "overlay": false, "shows": true}), "{result}");
    assert_eq!(result["errors"], serde_json::json!([]));
    // The preview's search finds the saved word, on this episode's page.
    let slug = slug.to_string_lossy();
    let hits = result["search"].as_array().unwrap();
    assert!(hits.iter().any(|h| h.as_str().unwrap().contains(&format!("/episodes/{slug}/"))), "{result}");
    // Nine more tabs of the preview load (a browser keeps six connections to a server:
    // tabs in the background let theirs go), and one brought back listens again.
    assert_eq!(result["tabs"], 9);
    assert_eq!(result["backListening"], true);
    let out = p.stdout();
    assert!(out.contains(&format!("content/{seed} changed: rebuilt")), "{out}");
    assert!(out.contains("templates/episode.html removed: rebuilt"), "{out}");
}
