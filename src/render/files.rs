//! Per-episode files for podcast apps and players, next to the episode's page:
//! `transcript.vtt` (WebVTT with `<v Speaker>` voice spans), `transcript.srt`,
//! `transcript.json` (the Podcasting 2.0 JSON transcript), `transcript.txt` and
//! `chapters.json` (JSON Chapters 1.2). A cue ends when the next one starts.

use crate::config::OutputSettings;
use crate::model::{Chapter, Cue, Episode};
use serde::Serialize;
use std::fmt::Write;

/// The transcript files an episode with cues can get: (file name, MIME type), in the order
/// the feed lists them; `[output] transcripts` says which it gets ([`written`]).
pub const TRANSCRIPTS: &[(&str, &str)] = &[
    ("transcript.vtt", "text/vtt"),
    ("transcript.srt", "application/x-subrip"),
    ("transcript.json", "application/json"),
    ("transcript.html", "text/html"),
    ("transcript.txt", "text/plain"),
];
pub const CHAPTERS: &str = "chapters.json";

/// The transcript files the site writes for an episode with cues, in [`TRANSCRIPTS`] order.
pub fn written(output: &OutputSettings) -> impl Iterator<Item = &'static (&'static str, &'static str)> + '_ {
    TRANSCRIPTS.iter().filter(|(f, _)| output.writes(f))
}
pub const CHAPTERS_TYPE: &str = "application/json+chapters";

/// Seconds a last cue lasts: its reading time (15 characters a second), 2 to 30 s.
fn reading_time(text: &str) -> u32 {
    (text.chars().count() as u32 / 15).clamp(2, 30)
}

/// Each cue's end: the start of the next cue that starts later (the transcript's
/// granularity is whole seconds, so several cues can share a start), or for the last
/// ones their reading time.
pub fn cue_ends(cues: &[Cue]) -> Vec<u32> {
    let mut ends = vec![0; cues.len()];
    for i in (0..cues.len()).rev() {
        let start = cues[i].start;
        ends[i] = match cues.get(i + 1) {
            Some(next) if next.start > start => next.start,
            Some(next) if next.start == start && ends[i + 1] > start => ends[i + 1],
            _ => start + reading_time(&cues[i].text),
        };
    }
    ends
}

/// `HH:MM:SS.mmm` (VTT) or `HH:MM:SS,mmm` (SRT).
fn stamp(secs: u32, sep: char) -> String {
    format!("{:02}:{:02}:{:02}{sep}000", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Text for a VTT cue payload: `&`, `<` and `>` escaped (so `-->` cannot appear).
fn vtt_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A WebVTT time: `MM:SS.mmm` within the first hour (the hours are optional), else
/// `HH:MM:SS.mmm`.
fn vtt_stamp(secs: u32) -> String {
    if secs < 3600 {
        format!("{:02}:{:02}.000", secs / 60, secs % 60)
    } else {
        stamp(secs, '.')
    }
}

/// WebVTT, one cue per transcript cue, the speaker in a voice span. Lean: no cue
/// identifiers (optional, and nothing reads them) and no hours in the first hour.
pub fn vtt(cues: &[Cue]) -> String {
    let ends = cue_ends(cues);
    let mut out = String::with_capacity(cues.iter().map(|c| c.text.len() + 32).sum::<usize>() + 8);
    out.push_str("WEBVTT\n");
    for (i, c) in cues.iter().enumerate() {
        let _ = write!(out, "\n{} --> {}\n", vtt_stamp(c.start), vtt_stamp(ends[i]));
        if let Some(s) = &c.speaker {
            // A voice annotation ends at `>` and may not hold a line break.
            let _ = write!(out, "<v {}>", vtt_escape(&s.replace(['\n', '\r'], " ")));
        }
        out.push_str(&vtt_escape(&c.text));
        out.push('\n');
    }
    out
}

/// SubRip: numbered cues; the speaker, which SRT has no markup for, before a colon.
pub fn srt(cues: &[Cue]) -> String {
    let ends = cue_ends(cues);
    let mut out = String::with_capacity(cues.iter().map(|c| c.text.len() + 64).sum::<usize>());
    for (i, c) in cues.iter().enumerate() {
        let _ = write!(out, "{}\n{} --> {}\n", i + 1, stamp(c.start, ','), stamp(ends[i], ','));
        if let Some(s) = &c.speaker {
            let _ = write!(out, "{s}: ");
        }
        // A line holding only `-->` or a blank line would end the cue early.
        out.push_str(&c.text.replace("-->", "->"));
        out.push_str("\n\n");
    }
    out
}

#[derive(Serialize)]
struct Segment<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
    /// Whole seconds, written as integers (`80`, not `80.0`): the same JSON numbers.
    #[serde(rename = "startTime")]
    start_time: u32,
    #[serde(rename = "endTime")]
    end_time: u32,
    body: &'a str,
    /// The start is an estimate (the source stamps only some paragraphs).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    estimated: bool,
}

#[derive(Serialize)]
struct TranscriptJson<'a> {
    version: &'static str,
    segments: Vec<Segment<'a>>,
}

/// The Podcasting 2.0 JSON transcript: `{"version": "1.0.0", "segments": [{"speaker",
/// "startTime", "endTime", "body"}]}`.
pub fn json(cues: &[Cue]) -> Vec<u8> {
    let ends = cue_ends(cues);
    let segments = cues
        .iter()
        .zip(&ends)
        .map(|(c, &e)| Segment {
            speaker: c.speaker.as_deref(),
            start_time: c.start,
            end_time: e,
            body: &c.text,
            estimated: c.estimated,
        })
        .collect();
    // Compact: a transcript is large, and apps read it, not people.
    serde_json::to_vec(&TranscriptJson { version: "1.0.0", segments }).expect("plain data serializes")
}

/// Plain text: a line per cue, `00:01:20 Speaker Name: text`, the speaker named when it
/// changes (a shape shownotes itself reads back).
pub fn txt(cues: &[Cue]) -> String {
    let mut out = String::with_capacity(cues.iter().map(|c| c.text.len() + 32).sum());
    let mut last: Option<&str> = None;
    for c in cues {
        out.push_str(&crate::text::format_timestamp(c.start));
        out.push(' ');
        if c.speaker.is_some() && c.speaker.as_deref() != last {
            let _ = write!(out, "{}: ", c.speaker.as_deref().unwrap_or(""));
        }
        last = c.speaker.as_deref().or(last);
        out.push_str(&c.text);
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct ChapterJson<'a> {
    #[serde(rename = "startTime")]
    start_time: u32,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct ChaptersJson<'a> {
    version: &'static str,
    title: &'a str,
    #[serde(rename = "podcastName")]
    podcast_name: &'a str,
    chapters: Vec<ChapterJson<'a>>,
}

/// JSON Chapters 1.2: `{"version": "1.2.0", "chapters": [{"startTime", "title", "url"}]}`.
pub fn chapters(ep: &Episode, podcast: &str, chapters: &[Chapter]) -> Vec<u8> {
    let doc = ChaptersJson {
        version: "1.2.0",
        title: &ep.title,
        podcast_name: podcast,
        chapters: chapters
            .iter()
            .map(|c| ChapterJson { start_time: c.start, title: &c.title, url: c.url.as_deref() })
            .collect(),
    };
    serde_json::to_vec_pretty(&doc).expect("plain data serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start: u32, speaker: Option<&str>, text: &str) -> Cue {
        Cue { start, speaker: speaker.map(str::to_string), text: text.to_string(), line: 1, estimated: false }
    }

    #[test]
    fn a_cue_ends_when_a_later_one_starts() {
        let cues = vec![cue(0, None, "a"), cue(5, None, "b"), cue(5, None, "c"), cue(9, None, "d")];
        assert_eq!(cue_ends(&cues), vec![5, 9, 9, 11]);
        // Out of order input never makes an end before its start.
        let cues = vec![cue(10, None, "a"), cue(4, None, "b"), cue(20, None, "c")];
        let ends = cue_ends(&cues);
        assert!(ends.iter().zip(&cues).all(|(e, c)| *e > c.start), "{ends:?}");
    }

    #[test]
    fn vtt_escapes_markup_and_names_voices() {
        let v = vtt(&[cue(0, Some("Ann <A&B>"), "1 < 2 --> 3 & done")]);
        assert!(v.contains("<v Ann &lt;A&amp;B&gt;>1 &lt; 2 --&gt; 3 &amp; done\n"), "{v}");
        assert!(v.starts_with("WEBVTT\n\n00:00.000 --> 00:02.000\n"), "{v}");
    }

    #[test]
    fn vtt_times_carry_hours_only_past_the_first_hour() {
        let v = vtt(&[cue(3590, None, "a"), cue(3600, None, "b"), cue(3725, None, "c")]);
        assert!(v.contains("\n59:50.000 --> 01:00:00.000\na\n"), "{v}");
        assert!(v.contains("\n01:00:00.000 --> 01:02:05.000\nb\n"), "{v}");
        assert!(v.contains("\n01:02:05.000 --> 01:02:07.000\nc\n"), "{v}");
    }

    #[test]
    fn json_times_are_whole_numbers() {
        let j = String::from_utf8(json(&[cue(80, Some("Ann"), "hi"), cue(85, None, "there")])).unwrap();
        assert_eq!(
            j,
            r#"{"version":"1.0.0","segments":[{"speaker":"Ann","startTime":80,"endTime":85,"body":"hi"},{"startTime":85,"endTime":87,"body":"there"}]}"#
        );
    }
}
