//! Plain-text transcripts with a timestamp at the start of each cue:
//! `HH:MM:SS text`, `H:MM:SS text`, `MM:SS text`, blank-line separated or not, with an
//! optional `SPEAKER:` label, and the boilerplate of transcripts scraped from web pages
//! (`Transcript #217: title`, `Recorded on ...`, `Return to episode page view on github`
//! glued to the first cue, `Back to show page`).

use super::{case_speaker, split_label};
use crate::diagnostics::Diagnostics;
use crate::model::{Cue, Transcript, TranscriptHeader};
use crate::text::{decode_entities, find_date, parse_timestamp};
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::LazyLock;

/// Boilerplate that scraped pages glue onto or around the transcript.
const GLUED_BOILERPLATE: &[&str] = &["Return to episode page view on github", "Back to show page"];
const HEADER_BOILERPLATE: &[&str] = &["Brought to you by", "Return to episode page", "Back to show page"];

/// Splits a leading timestamp off a line: `"00:01:20 text"` -> `Ok(Some((80, "text")))`.
/// `Err(stamp)` when the line starts like a timestamp that is impossible: out of range
/// (`00:75:00`), negative (`-00:00:05`) or with too many parts (`25:00:00:00`).
fn leading_timestamp(line: &str) -> Result<Option<(u32, &str)>, &str> {
    let body = line.strip_prefix('[').unwrap_or(line);
    let sign = usize::from(body.starts_with('-'));
    let end = body[sign..]
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .map_or(body.len(), |i| i + sign);
    let stamp = body[..end].trim_end_matches([',', '.']);
    if stamp.len() <= sign || !stamp.contains(':') || !stamp.as_bytes()[sign].is_ascii_digit() {
        return Ok(None);
    }
    let mut rest = &body[stamp.len()..];
    if line.starts_with('[') {
        match rest.strip_prefix(']') {
            Some(r) => rest = r,
            None => return Ok(None),
        }
    }
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return Ok(None);
    }
    match parse_timestamp(stamp) {
        Some(t) if sign == 0 => Ok(Some((t, rest.trim()))),
        _ => Err(stamp),
    }
}

pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Transcript> {
    let mut header = TranscriptHeader::default();
    let mut cues: Vec<Cue> = Vec::new();
    let mut first_text_line = None;
    let mut first_bad_stamp: Option<(usize, String)> = None;
    let mut bad_stamps = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let mut line = raw.trim();
        // One automaton for the boilerplate, not a substring search set up per line.
        static GLUED: LazyLock<aho_corasick::AhoCorasick> =
            LazyLock::new(|| aho_corasick::AhoCorasick::new(GLUED_BOILERPLATE).expect("valid patterns"));
        while let Some(m) = GLUED.find(line) {
            line = line[m.end()..].trim();
        }
        if line.is_empty() {
            continue;
        }
        first_text_line.get_or_insert(lineno);
        match leading_timestamp(line) {
            Ok(Some((start, rest))) => {
                cues.push(Cue { start, speaker: None, text: rest.to_string(), line: lineno, estimated: false });
                continue;
            }
            Ok(None) => {}
            Err(stamp) => {
                bad_stamps += 1;
                if first_bad_stamp.is_none() {
                    first_bad_stamp = Some((lineno, stamp.to_string()));
                }
                if bad_stamps <= 5 {
                    diags.warn(
                        path,
                        Some(lineno),
                        format!("invalid timestamp `{stamp}`; the line is kept as text of the previous cue (fix the time, e.g. `00:01:20`, to make it a cue of its own)"),
                    );
                }
            }
        }
        if cues.is_empty() {
            read_header_line(line, &mut header);
        } else if !HEADER_BOILERPLATE.iter().any(|b| line.starts_with(b)) {
            let last = cues.last_mut().expect("non-empty");
            if !last.text.is_empty() {
                last.text.push(' ');
            }
            last.text.push_str(line);
        }
    }
    if bad_stamps > 5 {
        diags.warn(path, None, format!("{bad_stamps} invalid timestamps in all (the first five are listed above)"));
    }
    if cues.is_empty() {
        let (line, why) = match first_bad_stamp {
            Some((l, s)) => (Some(l), format!("no valid timestamps (the first, `{s}`, is out of range)")),
            None => (
                first_text_line,
                "no timestamped lines found (expected lines like `00:01:20 text` or `01:20 text`)".to_string(),
            ),
        };
        diags.error(path, line, format!("not a transcript: {why}; the file is skipped"));
        return None;
    }
    assign_speakers(&mut cues);
    // A time that goes backwards is kept as it is; `rules` reports it.
    for c in &mut cues {
        if let std::borrow::Cow::Owned(s) = decode_entities(&c.text) {
            c.text = s;
        }
    }
    let empty_cues: Vec<usize> = cues.iter().filter(|c| c.text.is_empty()).map(|c| c.line).collect();
    cues.retain(|c| !c.text.is_empty());
    if cues.is_empty() {
        diags.error(path, first_text_line, "not a transcript: its timestamped lines hold no text");
        return None;
    }
    Some(Transcript { path: path.to_path_buf(), header, cues, empty_cues, breaks: Vec::new() })
}

/// Reads what a scraped page's header says: `Transcript #217: <title>`,
/// `Recorded on Wednesday, May 12, 2021.`
fn read_header_line(line: &str, header: &mut TranscriptHeader) {
    if let Some(rest) = line.strip_prefix("Transcript #") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            header.number = Some(n);
            let title = rest[digits.len()..].trim_start_matches([':', ' ', '-']).trim();
            if !title.is_empty() {
                header.title = Some(decode_entities(title).into_owned());
            }
        }
    } else if let Some(rest) = line.strip_prefix("Recorded on") {
        if let Some((_, d)) = find_date(rest) {
            header.date = Some(d);
        }
    }
}

/// Trusts a `LABEL:` prefix as a speaker when it is all caps or recurs in the file, so a
/// sentence like "Note: ..." said once is left alone.
fn assign_speakers(cues: &mut [Cue]) {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for c in cues.iter() {
        if let Some((label, _)) = split_label(&c.text) {
            *counts.entry(label).or_default() += 1;
        }
    }
    let trusted: FxHashMap<String, String> = counts
        .into_iter()
        .filter(|(label, n)| {
            let caps = label.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) && label.len() > 1;
            caps || *n >= 3
        })
        .map(|(l, _)| (l.to_string(), case_speaker(l)))
        .collect();
    if trusted.is_empty() {
        return;
    }
    for c in cues.iter_mut() {
        if let Some((label, rest)) = split_label(&c.text) {
            if let Some(name) = trusted.get(label) {
                let rest = rest.to_string();
                c.speaker = Some(name.clone());
                c.text = rest;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> (Option<Transcript>, Diagnostics) {
        let mut d = Diagnostics::default();
        (parse(Path::new("t.txt"), s, &mut d), d)
    }

    #[test]
    fn blank_separated_with_speakers_and_entities() {
        let (t, d) = parse_str(
            "00:00:00 KENNEDY: Hello &amp; welcome.\n \n00:00:09 OKKEN: And I'm Brian.\n \n00:00:11 KENNEDY: Hey\n",
        );
        let t = t.unwrap();
        assert!(d.0.is_empty());
        assert_eq!(t.cues.len(), 3);
        assert_eq!(t.cues[0].speaker.as_deref(), Some("Kennedy"));
        assert_eq!(t.cues[0].text, "Hello & welcome.");
        assert_eq!(t.cues[1].start, 9);
        assert_eq!(t.cues[1].speaker.as_deref(), Some("Okken"));
    }

    #[test]
    fn scraped_page() {
        let src = "Brought to you by Michael and Brian\n\n\nTranscript #233: RaaS: Readme as a Service\n\nReturn to episode page view on github\nRecorded on Wednesday, May 12, 2021.\n\n00:00 Hello and welcome\n\n01:05 more\nwrapped line\n\nBack to show page\n";
        let t = parse_str(src).0.unwrap();
        assert_eq!(t.header.number, Some(233));
        assert_eq!(t.header.title.as_deref(), Some("RaaS: Readme as a Service"));
        assert_eq!(t.header.date.as_deref(), Some("2021-05-12"));
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.cues[1].start, 65);
        assert_eq!(t.cues[1].text, "more wrapped line");
    }

    #[test]
    fn glued_first_cue() {
        let t = parse_str("Transcript #217: Use your cloud SSD\nReturn to episode page view on github00:00 Hello and welcome.\n00:05 This is episode 217").0.unwrap();
        assert_eq!(t.cues[0].text, "Hello and welcome.");
        assert_eq!(t.cues[0].start, 0);
        assert_eq!(t.cues[1].start, 5);
    }

    #[test]
    fn garbage_timestamps_are_reported_with_line() {
        let (t, d) = parse_str("hello\n00:99:99 nope\n");
        assert!(t.is_none());
        let e = d.0.iter().find(|d| d.severity == crate::Severity::Error).unwrap();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("00:99:99"), "{}", e.message);
        let (t, d) = parse_str("00:00:01 ok\n00:75:00 bad\n00:00:09 fine");
        assert_eq!(t.unwrap().cues.len(), 2);
        assert_eq!(d.0[0].line, Some(2));
    }

    #[test]
    fn impossible_timestamps_are_warned_not_merged_silently() {
        let (t, d) =
            parse_str("00:00:01 ok\n25:00:00:00 four parts\n-00:00:05 negative\n[-00:00:06] bracketed\n00:00:09 fine");
        let t = t.unwrap();
        assert_eq!(t.cues.len(), 2);
        let warned: Vec<(Option<usize>, &str)> = d.0.iter().map(|x| (x.line, x.message.as_str())).collect();
        assert_eq!(
            warned,
            vec![
                (Some(2), "invalid timestamp `25:00:00:00`; the line is kept as text of the previous cue (fix the time, e.g. `00:01:20`, to make it a cue of its own)"),
                (Some(3), "invalid timestamp `-00:00:05`; the line is kept as text of the previous cue (fix the time, e.g. `00:01:20`, to make it a cue of its own)"),
                (Some(4), "invalid timestamp `-00:00:06`; the line is kept as text of the previous cue (fix the time, e.g. `00:01:20`, to make it a cue of its own)"),
            ]
        );
        assert!(t.cues[0].text.contains("four parts"), "no text is lost");
        // Not timestamps at all: left alone.
        let (_, d) = parse_str("00:00:01 ok\n- a bullet\n-5 degrees\n2021-05-12 was a day");
        assert!(d.0.is_empty(), "{:?}", d.0);
    }

    #[test]
    fn no_timestamps_is_an_error() {
        let (t, d) = parse_str("just some notes\nwith no times");
        assert!(t.is_none());
        assert_eq!(d.0[0].line, Some(1));
    }

    #[test]
    fn one_off_label_is_not_a_speaker() {
        let t = parse_str("00:01 Note: this is fine\n00:02 more").0.unwrap();
        assert_eq!(t.cues[0].speaker, None);
        assert_eq!(t.cues[0].text, "Note: this is fine");
    }
}
