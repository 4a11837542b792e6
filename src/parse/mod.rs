//! Transcript parsers. Every input shape becomes the same [`Transcript`]: a list of cues
//! {start, optional speaker, text} plus whatever header metadata the file states.
//!
//! | shape | module |
//! | --- | --- |
//! | `HH:MM:SS text`, `MM:SS text`, `00:00:09 OKKEN: text`, scraped pages | [`timed_text`] |
//! | `**Speaker Name:** text` markdown with sparse `\[01:33\]` stamps | [`markdown`] |
//! | WebVTT (`.vtt`) and SubRip (`.srt`) | [`captions`] |

pub mod captions;
pub mod markdown;
pub mod timed_text;

use crate::diagnostics::Diagnostics;
use crate::model::Transcript;
use std::path::Path;

/// The input shapes a transcript file can have, told from its extension and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TranscriptFormat {
    Vtt,
    Srt,
    Markdown,
    Text,
}

impl TranscriptFormat {
    /// Preference when one episode has the same transcript in several formats: caption
    /// files carry exact timings, so they win.
    pub fn rank(self) -> u8 {
        match self {
            TranscriptFormat::Vtt => 0,
            TranscriptFormat::Srt => 1,
            TranscriptFormat::Text => 2,
            TranscriptFormat::Markdown => 3,
        }
    }
}

/// Parses one transcript. `None` means the file could not be used; the diagnostics then
/// hold an error that says why.
pub fn parse_transcript(path: &Path, text: &str, format: TranscriptFormat) -> (Option<Transcript>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let t = match format {
        TranscriptFormat::Vtt => captions::parse_vtt(path, text, &mut diags),
        TranscriptFormat::Srt => captions::parse_srt(path, text, &mut diags),
        TranscriptFormat::Markdown => markdown::parse(path, text, &mut diags),
        TranscriptFormat::Text => timed_text::parse(path, text, &mut diags),
    };
    (t, diags)
}

/// Splits a speaker label off a cue's text: `"OKKEN: And I'm Brian"` -> `("OKKEN", "And
/// I'm Brian")`. Labels are one to three capitalised words; the caller decides whether
/// to trust them (an all-caps label, or one seen several times in the file).
pub fn split_label(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    if colon == 0 || colon > 40 {
        return None;
    }
    let label = &text[..colon];
    let rest = &text[colon + 1..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None; // "http://..." or "10:30"
    }
    let words: Vec<&str> = label.split(' ').collect();
    if words.len() > 3 {
        return None;
    }
    let ok = words.iter().all(|w| {
        let mut cs = w.chars();
        matches!(cs.next(), Some(c) if c.is_uppercase())
            && w.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
    });
    ok.then(|| (label, rest.trim_start()))
}

/// `"OKKEN"` -> `"Okken"`, `"BRIAN OKKEN"` -> `"Brian Okken"`, `"Adam Stacoviak"` unchanged.
pub fn case_speaker(label: &str) -> String {
    let label = label.trim();
    let letters: Vec<char> = label.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
    if !all_caps {
        return label.to_string();
    }
    let mut out = String::with_capacity(label.len());
    let mut start_of_word = true;
    for c in label.chars() {
        if start_of_word {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start_of_word = !c.is_alphabetic() || c == '\'';
        if c == '\'' {
            start_of_word = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(split_label("OKKEN: And I'm Brian"), Some(("OKKEN", "And I'm Brian")));
        assert_eq!(split_label("Adam Stacoviak: hi"), Some(("Adam Stacoviak", "hi")));
        assert_eq!(split_label("see https://x.y"), None);
        assert_eq!(split_label("so here is the thing: it works"), None);
        assert_eq!(split_label("It: works"), Some(("It", "works")));
    }

    #[test]
    fn speaker_casing() {
        assert_eq!(case_speaker("OKKEN"), "Okken");
        assert_eq!(case_speaker("BRIAN OKKEN"), "Brian Okken");
        assert_eq!(case_speaker("O'BRIEN"), "O'brien");
        assert_eq!(case_speaker("Adam Stacoviak"), "Adam Stacoviak");
    }
}
