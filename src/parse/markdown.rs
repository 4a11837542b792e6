//! Markdown transcripts in the Changelog style: `**Speaker Name:** text` paragraphs,
//! continuation paragraphs without a label, sparse `\[01:33\]` timestamps, and
//! `**Break:** \[13:19\]` markers. A paragraph without a timestamp starts where the
//! last stamped one did, so every cue still has a time to link to.

use super::case_speaker;
use crate::diagnostics::Diagnostics;
use crate::model::{Cue, Transcript, TranscriptHeader};
use crate::text::{decode_entities, parse_timestamp};
use std::path::Path;

/// `**Name:** rest` -> (Name, rest)
fn speaker_label(p: &str) -> Option<(&str, &str)> {
    let rest = p.strip_prefix("**")?;
    let end = rest.find("**")?;
    let label = rest[..end].trim();
    let label = label.strip_suffix(':')?;
    // A speaker is a name: "Adam Stacoviak", not a show-notes item header "Brian #1".
    let name_like = label.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'' | '\u{2019}'));
    if label.is_empty() || label.len() > 60 || !name_like {
        return None;
    }
    let after = rest[end + 2..].trim_start();
    // Also accept `**Name**: text`.
    let after = after.strip_prefix(':').map(str::trim_start).unwrap_or(after);
    Some((label.trim(), after))
}

/// `\[01:33\] rest` or `[01:33] rest` -> (93, rest)
fn leading_stamp(p: &str) -> Option<(u32, &str)> {
    let body = p.strip_prefix("\\[").or_else(|| p.strip_prefix('['))?;
    let close = body.find(']')?;
    let stamp = body[..close].trim_end_matches('\\');
    let t = parse_timestamp(stamp)?;
    Some((t, body[close + 1..].trim_start()))
}

/// True when a markdown file is a transcript rather than show notes: most of its
/// paragraphs open with a `**Speaker:**` label.
pub fn looks_like_transcript(text: &str) -> bool {
    let mut labelled = 0usize;
    let mut paragraphs = 0usize;
    for p in text.split("\n\n") {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        paragraphs += 1;
        if speaker_label(p).is_some() {
            labelled += 1;
        }
    }
    labelled >= 3 && labelled * 4 >= paragraphs
}

/// Removes markdown escapes and emphasis so the cue text reads as speech.
fn unmark(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(&n) = chars.peek() {
                    if n.is_ascii_punctuation() {
                        out.push(n);
                        chars.next();
                        continue;
                    }
                }
                out.push(c);
            }
            '*' => {}
            _ => out.push(c),
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    decode_entities(&out).into_owned()
}

pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Transcript> {
    let mut header = TranscriptHeader::default();
    let mut cues = Vec::new();
    let mut empty_cues = Vec::new();
    let mut speaker: Option<String> = None;
    let mut time = 0u32;
    // Known times, as (cue index they precede, seconds): stamped paragraphs and breaks.
    let mut anchors: Vec<(usize, u32)> = Vec::new();
    let mut breaks: Vec<usize> = Vec::new();
    let mut line = 1usize;
    for chunk in text.split("\n\n") {
        let start_line = line + chunk.len() - chunk.trim_start_matches('\n').len();
        line += chunk.matches('\n').count() + 2;
        let p = chunk.trim();
        if p.is_empty() {
            continue;
        }
        if let Some(title) = p.strip_prefix("# ") {
            header.title.get_or_insert_with(|| unmark(title));
            continue;
        }
        let mut body = p;
        if let Some((label, rest)) = speaker_label(p) {
            if label.eq_ignore_ascii_case("break") {
                if let Some((t, _)) = leading_stamp(rest) {
                    time = time.max(t);
                    anchors.push((cues.len(), t));
                }
                if breaks.last() != Some(&cues.len()) {
                    breaks.push(cues.len());
                }
                continue;
            }
            speaker = Some(case_speaker(&unmark(label)));
            body = rest;
        }
        let mut stamped = false;
        if let Some((t, rest)) = leading_stamp(body) {
            // A time that goes backwards is kept; `rules` reports it.
            stamped = true;
            time = t;
            body = rest;
        }
        let text = unmark(body);
        if text.is_empty() {
            empty_cues.push(start_line);
            continue;
        }
        if stamped {
            anchors.push((cues.len(), time));
        }
        cues.push(Cue { start: time, speaker: speaker.clone(), text, line: start_line, estimated: !stamped });
    }
    if cues.is_empty() {
        diags.error(path, Some(1), "not a transcript: no `**Speaker:** text` paragraphs found; the file is skipped");
        return None;
    }
    if anchors.first().is_none_or(|a| a.0 > 0) {
        // A transcript starts with the episode: its first words are said at 0:00 (and
        // the page's `#t-0` links, such as an "Intro" chapter, have their cue).
        anchors.insert(0, (0, 0));
    }
    estimate_times(&mut cues, &anchors);
    // A break after the last words marks nothing.
    breaks.retain(|&b| b < cues.len());
    Some(Transcript { path: path.to_path_buf(), header, cues, empty_cues, breaks })
}

/// Words a second when the transcript's own stamps cannot tell: about 150 a minute.
const DEFAULT_RATE: f64 = 2.5;

/// Gives every unstamped paragraph an estimated time, so captions do not stack on the
/// last stamp: between two known times in proportion to the words before it, after the
/// last at the episode's own speaking rate. Estimates keep whole
/// seconds strictly increasing where the interval has room, so no two cues share a span.
fn estimate_times(cues: &mut [Cue], anchors: &[(usize, u32)]) {
    if cues.iter().all(|c| !c.estimated) {
        return;
    }
    // Words spoken before each cue.
    let mut offset = Vec::with_capacity(cues.len() + 1);
    let mut words = 0usize;
    for c in cues.iter() {
        offset.push(words as f64);
        words += c.text.split_whitespace().count().max(1);
    }
    offset.push(words as f64);
    let at = |(i, t): (usize, u32)| (offset[i], t as f64);
    let rate = match (anchors.first(), anchors.last()) {
        (Some(&a), Some(&b)) if b.1 > a.1 && b.0 > a.0 => {
            let ((w0, t0), (w1, t1)) = (at(a), at(b));
            ((w1 - w0) / (t1 - t0)).clamp(1.5, 4.0)
        }
        _ => DEFAULT_RATE,
    };
    // Each stretch of unstamped cues lies between the anchor before it (if any) and the
    // one after it (if any).
    let mut i = 0;
    while i < cues.len() {
        if !cues[i].estimated {
            i += 1;
            continue;
        }
        let end =
            (i + 1..cues.len()).find(|&j| !cues[j].estimated || anchors.iter().any(|a| a.0 == j)).unwrap_or(cues.len());
        let before = anchors.iter().rev().find(|a| a.0 <= i).copied();
        let after = anchors.iter().find(|a| a.0 >= end).copied();
        let time_of = |w: f64| -> f64 {
            match (before.map(at), after.map(at)) {
                (Some((w0, t0)), Some((w1, t1))) if w1 > w0 && t1 >= t0 => t0 + (t1 - t0) * (w - w0) / (w1 - w0),
                (Some((w0, t0)), _) => t0 + (w - w0) / rate,
                (None, Some((w1, t1))) => (t1 - (w1 - w) / rate).max(0.0),
                (None, None) => w / rate,
            }
        };
        let floor = before.map_or(0, |a| a.1);
        let mut prev: Option<u32> = (i > 0).then(|| cues[i - 1].start);
        for j in i..end {
            let lowest = prev.map_or(floor, |p| p.saturating_add(1).max(floor));
            let mut t = (time_of(offset[j]).round() as u32).max(lowest);
            if let Some((_, c)) = after {
                // Leave a second for each cue still to come before the next known time;
                // where there is no room, share a second rather than go back in time.
                t = t.min(c.saturating_sub((end - j) as u32)).max(prev.unwrap_or(floor));
            }
            cues[j].start = t;
            prev = Some(t);
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changelog_shape() {
        let src = "**Johnny Boursiquot:** Hello, and welcome.\n\n**Marty Schoch:** \\[03:59\\] ...in October, 2018 I left \\*Couchbase\\*.\n\n\\[08:02\\] And again, you can debate.\n\n**Break:** \\[13:19\\]\n\n**Johnny Boursiquot:** Let's talk.\n";
        let mut d = Diagnostics::default();
        assert!(looks_like_transcript(src));
        let t = parse(Path::new("x.md"), src, &mut d).unwrap();
        assert_eq!(t.cues.len(), 4);
        // Before the first stamp: from the start of the episode.
        assert!(t.cues[0].estimated && t.cues[0].start == 0, "{:?}", t.cues[0]);
        assert_eq!(t.cues[1].start, 239);
        assert!(!t.cues[1].estimated);
        assert_eq!(t.cues[1].text, "...in October, 2018 I left *Couchbase*.");
        assert_eq!(t.cues[2].speaker.as_deref(), Some("Marty Schoch"));
        assert_eq!(t.cues[2].start, 482);
        // Right after the break, the last known time.
        assert!(t.cues[3].estimated && t.cues[3].start == 799);
        assert_eq!(t.cues[3].line, 9);
    }

    #[test]
    fn unstamped_paragraphs_share_the_interval_by_words() {
        let mut src = String::from("**A:** \\[01:00\\] one two three four\n\n");
        for i in 0..10 {
            src.push_str(&format!(
                "**{}:** {}\n\n",
                if i % 2 == 0 { "B" } else { "A" },
                "word ".repeat(if i == 4 { 40 } else { 4 })
            ));
        }
        src.push_str("**A:** \\[02:00\\] the end\n");
        let t = parse(Path::new("x.md"), &src, &mut Diagnostics::default()).unwrap();
        let starts: Vec<u32> = t.cues.iter().map(|c| c.start).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
        assert_eq!((starts[0], starts[11]), (60, 120));
        // The long paragraph takes its share: 40 of 80 words.
        assert!(starts[6] - starts[5] > 20, "{starts:?}");
        assert_eq!(t.cues.iter().filter(|c| c.estimated).count(), 10);
    }

    #[test]
    fn show_notes_are_not_transcripts() {
        assert!(!looks_like_transcript(
            "# Episode 1\n\n**Brian #1:** [**pyscript**](https://pyscript.net)\n\n- a bullet\n"
        ));
    }
}
