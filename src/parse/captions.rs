//! Caption files: WebVTT (`.vtt`, with `<v Speaker>` voice spans) and SubRip (`.srt`).

use crate::diagnostics::Diagnostics;
use crate::model::{Cue, Transcript, TranscriptHeader};
use crate::text::{decode_entities, parse_timestamp};
use std::path::Path;

/// A block of non-blank lines with the 1-based line number of its first line.
fn blocks(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push((start, std::mem::take(&mut cur)));
            }
        } else {
            if cur.is_empty() {
                start = i + 1;
            }
            cur.push(line.trim_end());
        }
    }
    if !cur.is_empty() {
        out.push((start, cur));
    }
    out
}

/// Strips markup tags, remembering the first `<v Speaker>` voice.
fn strip_tags(s: &str) -> (Option<String>, String) {
    let mut voice = None;
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        if let Some(v) = tag.strip_prefix('v').filter(|v| v.starts_with([' ', '.'])) {
            // `<v Name>` or `<v.loud Name>`
            let name = v.split_once(' ').map(|(_, n)| n.trim()).unwrap_or("");
            if !name.is_empty() && voice.is_none() {
                voice = Some(name.to_string());
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (voice, decode_entities(&text).into_owned())
}

/// A cue, or `Err(line)` for a cue with no text.
fn cue_from(
    lines: &[&str],
    timing_idx: usize,
    path: &Path,
    first_line: usize,
    diags: &mut Diagnostics,
) -> Option<Result<Cue, usize>> {
    let timing = lines[timing_idx];
    let start_s = timing.split("-->").next().unwrap_or("").trim();
    let Some(start) = parse_timestamp(start_s) else {
        diags.warn(
            path,
            Some(first_line + timing_idx),
            format!(
                "invalid cue timing `{timing}`; this cue is skipped (write timings as `00:01:20.000 --> 00:01:24.000`)"
            ),
        );
        return None;
    };
    let (speaker, text) = strip_tags(&lines[timing_idx + 1..].join(" "));
    let line = first_line + timing_idx;
    Some(if text.is_empty() { Err(line) } else { Ok(Cue { start, speaker, text, line, estimated: false }) })
}

pub fn parse_vtt(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Transcript> {
    if !text.trim_start().starts_with("WEBVTT") {
        diags.error(path, Some(1), "not a WebVTT file: its first line must be `WEBVTT`; the file is skipped (add that line, or rename the file if it is not captions)");
        return None;
    }
    let mut cues = Vec::new();
    let mut empty = Vec::new();
    for (first_line, lines) in blocks(text).into_iter().skip(1) {
        let head = lines[0];
        if head.starts_with("NOTE") || head.starts_with("STYLE") || head.starts_with("REGION") {
            continue;
        }
        let Some(ti) = lines.iter().position(|l| l.contains("-->")) else {
            diags.warn(path, Some(first_line), "a caption block without a `-->` timing line; it is skipped (each block needs a line like `00:01:20.000 --> 00:01:24.000`)");
            continue;
        };
        match cue_from(&lines, ti, path, first_line, diags) {
            Some(Ok(c)) => cues.push(c),
            Some(Err(line)) => empty.push(line),
            None => {}
        }
    }
    finish(path, cues, empty, diags)
}

pub fn parse_srt(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Transcript> {
    let mut cues = Vec::new();
    let mut empty = Vec::new();
    for (first_line, lines) in blocks(text) {
        let Some(ti) = lines.iter().take(2).position(|l| l.contains("-->")) else {
            diags.warn(path, Some(first_line), "a subtitle block without a `-->` timing line; it is skipped (each block needs a line like `00:01:20,000 --> 00:01:24,000`)");
            continue;
        };
        match cue_from(&lines, ti, path, first_line, diags) {
            Some(Ok(c)) => cues.push(c),
            Some(Err(line)) => empty.push(line),
            None => {}
        }
    }
    finish(path, cues, empty, diags)
}

fn finish(path: &Path, cues: Vec<Cue>, empty_cues: Vec<usize>, diags: &mut Diagnostics) -> Option<Transcript> {
    if cues.is_empty() {
        diags.error(path, None, "not a transcript: no cues with valid timings, so the file is skipped (check that it is a caption file with `-->` timing lines)");
        return None;
    }
    Some(Transcript {
        path: path.to_path_buf(),
        header: TranscriptHeader::default(),
        cues,
        empty_cues,
        breaks: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vtt_with_voices() {
        let src = "WEBVTT\n\nNOTE a comment\n\n1\n00:00:00.260 --> 00:00:05.280\n<v Michael Kennedy>This is &amp; Python Bytes.</v>\n\n00:05.280 --> 00:09.800 align:start\n<v.loud Brian Okken><i>It's</i> episode 12\nrecorded</v>\n";
        let mut d = Diagnostics::default();
        let t = parse_vtt(Path::new("a.vtt"), src, &mut d).unwrap();
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.cues[0].speaker.as_deref(), Some("Michael Kennedy"));
        assert_eq!(t.cues[0].text, "This is & Python Bytes.");
        assert_eq!(t.cues[1].start, 5);
        assert_eq!(t.cues[1].speaker.as_deref(), Some("Brian Okken"));
        assert_eq!(t.cues[1].text, "It's episode 12 recorded");
    }

    #[test]
    fn srt() {
        let src =
            "1\n00:00:01,000 --> 00:00:04,000\nHello <i>there</i>\n\n2\n00:01:02,500 --> 00:01:04,000\nSecond\nline\n";
        let mut d = Diagnostics::default();
        let t = parse_srt(Path::new("a.srt"), src, &mut d).unwrap();
        assert_eq!(
            t.cues.iter().map(|c| (c.start, c.text.as_str())).collect::<Vec<_>>(),
            vec![(1, "Hello there"), (62, "Second line")]
        );
    }

    #[test]
    fn not_vtt() {
        let mut d = Diagnostics::default();
        assert!(parse_vtt(Path::new("a.vtt"), "hello", &mut d).is_none());
        assert_eq!(d.0[0].line, Some(1));
    }
}
