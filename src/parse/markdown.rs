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
                }
                continue;
            }
            speaker = Some(case_speaker(&unmark(label)));
            body = rest;
        }
        if let Some((t, rest)) = leading_stamp(body) {
            if t + 5 < time {
                diags.warn(path, Some(start_line), format!("timestamp goes backwards ({t} s after {time} s): a typo in a time? The paragraphs are kept as they are"));
            }
            time = t;
            body = rest;
        }
        let text = unmark(body);
        if text.is_empty() {
            empty_cues.push(start_line);
            continue;
        }
        cues.push(Cue { start: time, speaker: speaker.clone(), text, line: start_line });
    }
    if cues.is_empty() {
        diags.error(path, Some(1), "not a transcript: no `**Speaker:** text` paragraphs found; the file is skipped");
        return None;
    }
    Some(Transcript { path: path.to_path_buf(), header, cues, empty_cues })
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
        assert_eq!(t.cues[0].start, 0);
        assert_eq!(t.cues[1].start, 239);
        assert_eq!(t.cues[1].text, "...in October, 2018 I left *Couchbase*.");
        assert_eq!(t.cues[2].speaker.as_deref(), Some("Marty Schoch"));
        assert_eq!(t.cues[2].start, 482);
        assert_eq!(t.cues[3].start, 799);
        assert_eq!(t.cues[3].line, 9);
    }

    #[test]
    fn show_notes_are_not_transcripts() {
        assert!(!looks_like_transcript(
            "# Episode 1\n\n**Brian #1:** [**pyscript**](https://pyscript.net)\n\n- a bullet\n"
        ));
    }
}
