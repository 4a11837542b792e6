//! Property tests of the parsers on hostile input: they never panic, never let a control
//! character or live markup through, and keep their promises about slugs, URLs and
//! times. 256 cases per property by default (a few seconds); for a long fuzzing run:
//!
//!     PROPTEST_CASES=100000 cargo test --release --test fuzz

use proptest::prelude::*;
use shownotes::diagnostics::Diagnostics;
use shownotes::parse::{parse_transcript, TranscriptFormat};
use shownotes::sanitize::{is_safe_url, scheme, SAFE_SCHEMES};
use shownotes::{notes, slug, text};
use std::path::Path;

/// Pieces transcripts, captions and show notes are made of, good and bad, so random
/// sequences of them reach deep into the parsers.
const PIECES: &[&str] = &[
    "00:00:01 ",
    "01:02:03 ",
    "1:00:00 ",
    "12:34 ",
    "-00:00:05 ",
    "25:00:00:00 ",
    "00:75:00 ",
    "999:59:59 ",
    "9999:00:00 ",
    "[00:01] ",
    "\\[01:33\\] ",
    "**Brian Okken:** ",
    "**Break:** ",
    "OKKEN: ",
    "WEBVTT\n",
    "00:00:01.000 --> 00:00:02.000\n",
    "00:01,000 --> nope\n",
    "<v Michael Kennedy>",
    "</v>",
    "NOTE x\n",
    "Transcript #217: ",
    "Recorded on May 12, 2021.",
    "Return to episode page view on github",
    "&amp;",
    "&#0;",
    "&#7;",
    "+++\n",
    "---\n",
    "...\n",
    "title = \"x\"\n",
    "draft: true\n",
    "duration = 99999999999\n",
    "number: [1, 2\n",
    "a: &a [*a]\n",
    "**Brian #1:** ",
    "[link](javascript:alert(1))",
    "[ok](https://ok.example/)",
    "<javascript:alert(1)>",
    "![i](data:image/png;base64,AA==)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<iframe src=//evil.example></iframe>",
    "<svg><g onload=alert(1)>",
    "<!--",
    "```\n",
    "| a | b |\n|---|---|\n",
    "[^1]\n\n[^1]: note\n",
    "# Heading\n",
    "- bullet\n",
    "\n",
    "\n\n",
    " ",
    "\t",
    "\r\n",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7}",
    "\u{85}",
    "\u{feff}",
    "\u{202e}",
    "日本語",
    "C#",
    "pytest-xdist",
    "words and more words. ",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![prop::sample::select(PIECES).prop_map(str::to_string), "\\PC{0,12}"], 0..40)
        .prop_map(|v| v.concat())
}

fn no_stray_controls(s: &str) -> bool {
    !s.chars().any(text::is_stray_control)
}

/// Script-running markup in an HTML fragment, parsed as a browser would.
fn live_markup(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let mut bad = Vec::new();
    for el in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        let name = el.value().name();
        if matches!(name, "script" | "iframe" | "object" | "embed" | "form" | "style" | "svg" | "math" | "base") {
            bad.push(format!("<{name}>"));
        }
        for (attr, value) in el.value().attrs() {
            if attr.starts_with("on")
                || (matches!(attr, "href" | "src" | "action" | "formaction") && !is_safe_url(value))
            {
                bad.push(format!("{name} {attr}={value}"));
            }
        }
    }
    bad
}

proptest! {
    #[test]
    fn transcript_parsers_never_panic_and_keep_their_promises(src in pieces()) {
        for fmt in [TranscriptFormat::Text, TranscriptFormat::Vtt, TranscriptFormat::Srt, TranscriptFormat::Markdown] {
            let (t, diags) = parse_transcript(Path::new("t"), &src, fmt);
            let lines = src.lines().count().max(1);
            for d in &diags.0 {
                prop_assert!(d.line.is_none_or(|l| l >= 1 && l <= lines + 1), "{fmt:?}: {d}");
            }
            match t {
                Some(t) => {
                    prop_assert!(!t.cues.is_empty());
                    for c in &t.cues {
                        prop_assert!(c.start <= 999 * 3600 + 59 * 60 + 59, "{fmt:?}: {}", c.start);
                        prop_assert!(c.line >= 1 && c.line <= lines + 1, "{fmt:?}: line {}", c.line);
                    }
                }
                None => prop_assert!(diags.0.iter().any(|d| d.severity == shownotes::Severity::Error), "{fmt:?}: no reason given"),
            }
        }
    }

    #[test]
    fn decoding_never_panics_and_removes_control_characters(bytes in prop::collection::vec(any::<u8>(), 0..400), src in pieces()) {
        for input in [bytes, src.into_bytes()] {
            if let Ok(d) = text::decode_file(&input) {
                prop_assert!(no_stray_controls(&d.text), "{:?}", d.text);
                prop_assert!(!d.text.contains('\r'));
                prop_assert!(!d.text.trim().is_empty());
            }
        }
    }

    #[test]
    fn show_notes_never_panic_and_their_html_is_inert(src in pieces()) {
        let mut diags = Diagnostics::default();
        if let Some(n) = notes::parse(Path::new("n.md"), &src, &mut diags, false) {
            prop_assert_eq!(live_markup(&n.html), Vec::<String>::new(), "{}", n.html);
            prop_assert!(no_stray_controls(&n.html));
            for (url, _) in &n.links {
                prop_assert!(is_safe_url(url), "{url}");
            }
            for it in &n.items {
                prop_assert!(it.url.as_deref().is_none_or(is_safe_url));
                prop_assert!(it.links.iter().all(|u| is_safe_url(u)));
            }
            prop_assert!(n.front.audio_url.as_deref().is_none_or(is_safe_url));
            prop_assert!(n.duration.is_none_or(|d| d <= notes::MAX_DURATION));
        } else {
            prop_assert!(diags.0.iter().any(|d| d.severity == shownotes::Severity::Error && d.line.is_some()));
        }
    }

    #[test]
    fn slugs_are_url_safe(s in "\\PC{0,40}|[#+/.?%& a-zA-Z0-9\u{e9}\u{65e5}-]{0,40}") {
        for sl in [slug::slugify(&s), slug::slugify_or_hash(&s, "topic")] {
            prop_assert!(sl.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{sl}");
            prop_assert!(!sl.starts_with('-') && !sl.ends_with('-') && sl.len() <= 80, "{sl}");
        }
        prop_assert!(!slug::slugify_or_hash(&s, "topic").is_empty());
    }

    #[test]
    fn safe_urls_have_a_safe_scheme_or_none(u in "[ \t\n\u{0}-\u{1f}]{0,2}[a-zA-Z\t]{0,12}[:/?#]{0,2}\\PC{0,20}") {
        if is_safe_url(&u) {
            prop_assert!(scheme(&u).is_none_or(|s| SAFE_SCHEMES.contains(&s.as_str())), "{u:?}");
            let squashed: String = u.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
            for bad in ["javascript:", "vbscript:", "data:"] {
                prop_assert!(!squashed.starts_with(bad), "{u:?}");
            }
        }
    }

    #[test]
    fn timestamps_are_in_range_and_round_trip(h in 0u32..1200, m in 0u32..100, s in 0u32..100, frac in "(\\.[0-9]{1,3})?") {
        let stamp = format!("{h:02}:{m:02}:{s:02}{frac}");
        match text::parse_timestamp(&stamp) {
            Some(secs) => {
                prop_assert!(h <= 999 && m <= 59 && s <= 59);
                prop_assert_eq!(secs, h * 3600 + m * 60 + s);
                prop_assert_eq!(text::parse_timestamp(&text::format_timestamp(secs)), Some(secs));
            }
            None => prop_assert!(h > 999 || m > 59 || s > 59),
        }
    }
}
