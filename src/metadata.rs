//! Episode metadata: what front matter says, else what the transcript's header says,
//! else what is inferred from the speech ("This is episode 217, recorded January 19,
//! 2021. I'm Brian Okken.") and the file name.

use crate::discover::leading_number;
use crate::model::{Cue, Transcript};
use crate::notes::ShowNotes;
use crate::text::{find_date, spoken_number};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// Metadata for one episode; `None` where nothing could be found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub number: Option<u32>,
    pub title: String,
    pub date: Option<String>,
    pub hosts: Vec<String>,
    pub guests: Vec<String>,
    pub duration: Option<u32>,
    pub slug: String,
    pub description: Option<String>,
    pub audio_url: Option<String>,
    /// The audio's MIME type and size in bytes, when known.
    pub audio_type: Option<String>,
    pub audio_length: Option<u64>,
    pub draft: bool,
}

/// How far into an episode the introductions are looked for.
const INTRO_SECONDS: u32 = 150;
const INTRO_CUES: usize = 40;
const OUTRO_CUES: usize = 12;

fn intro(cues: &[Cue]) -> String {
    let mut s = String::new();
    for c in cues.iter().take(INTRO_CUES).take_while(|c| c.start <= INTRO_SECONDS) {
        s.push_str(&c.text);
        s.push(' ');
    }
    s
}

static EPISODE_NUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bepisode\s+(?:number\s+|no\.?\s+|#\s*)?([a-z0-9-]+(?:[\s,]+[a-z0-9-]+){0,4})").unwrap()
});
static INTRODUCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:I'm|I am|[Tt]his is|[Mm]y name is|[Mm]y co-?host|joined by|[Hh]ere with(?: my co-?host)?|[Ww]elcome(?: back)?,?|myself and)\s+(?:is\s+)?([A-Z][a-z]+(?:\s+(?:[A-Z][a-zA-Z'\x{2019}-]+|van|von|de|da)){1,2})").unwrap()
});
/// Words that can follow "this is" / "I'm" in a capitalised run without being a name.
const NOT_NAMES: &[&str] = &[
    "Python",
    "Episode",
    "Talk",
    "Bytes",
    "The",
    "Go",
    "Time",
    "Hello",
    "Welcome",
    "Thanks",
    "Thank",
    "And",
    "But",
    "So",
    "Yeah",
    "Okay",
    "Well",
    "Now",
    "Our",
    "My",
    "This",
    "That",
    "It",
    "Today",
    "Practical",
    "Podcast",
    "Show",
    "Party",
    "Changelog",
];

/// Names said in the introductions: "I'm Michael Kennedy", "And I'm Brian Okken".
pub fn introduced_names(cues: &[Cue], show_title: &str) -> Vec<String> {
    // The sign-off names people too: "On behalf of myself and Brian Okken, this is
    // Michael Kennedy."
    let mut text = intro(cues);
    for c in &cues[cues.len().saturating_sub(OUTRO_CUES).max(INTRO_CUES.min(cues.len()))..] {
        text.push_str(&c.text);
        text.push(' ');
    }
    let show_words: Vec<&str> = show_title.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    for c in INTRODUCTION.captures_iter(&text) {
        let name = c[1].trim().to_string();
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.iter().any(|w| NOT_NAMES.contains(w) || show_words.contains(w)) {
            continue;
        }
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Maps a heard or labelled name onto a configured host: "Brian Aachen" -> "Brian Okken"
/// (same first name, and no other host shares it), "OKKEN"/"Okken" -> "Brian Okken".
pub fn canonical_host<'a>(name: &str, hosts: &'a [String]) -> Option<&'a String> {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if let Some(h) = hosts.iter().find(|h| h.to_lowercase() == lower) {
        return Some(h);
    }
    let parts = |h: &String| -> (String, String) {
        let l = h.to_lowercase();
        let mut it = l.split_whitespace();
        let first = it.next().unwrap_or("").to_string();
        (first, it.last().unwrap_or("").to_string())
    };
    if words.len() == 1 {
        // A speaker label: a host's first or last name.
        let hits: Vec<&String> = hosts
            .iter()
            .filter(|h| {
                let (f, l) = parts(h);
                f == words[0] || l == words[0]
            })
            .collect();
        return (hits.len() == 1).then(|| hits[0]);
    }
    let (first, last) = (words[0], *words.last().unwrap_or(&""));
    let same_first: Vec<&String> = hosts.iter().filter(|h| parts(h).0 == first).collect();
    match same_first.as_slice() {
        [only] => Some(only),
        many => many.iter().copied().find(|h| edit_distance(&parts(h).1, last) <= 2),
    }
}

/// Infers an episode number from the intro: "This is episode 217", "Episode 95",
/// "episode number one", "episode two fifty".
pub fn spoken_episode_number(cues: &[Cue]) -> Option<u32> {
    let text = intro(cues);
    for c in EPISODE_NUM.captures_iter(&text) {
        let words: Vec<&str> =
            c[1].split(|ch: char| ch.is_whitespace() || ch == ',').filter(|w| !w.is_empty()).collect();
        if let Some((n, _)) = spoken_number(&words) {
            if n > 0 {
                return Some(n);
            }
        }
    }
    None
}

/// The recording date said in the intro, preferring one right after "recorded".
pub fn spoken_date(cues: &[Cue]) -> Option<String> {
    let text = intro(cues);
    let lower = text.to_lowercase();
    if let Some(pos) = lower.find("recorded") {
        let window: String = text[pos..].chars().take(90).collect();
        if let Some((_, d)) = find_date(&window) {
            return Some(d);
        }
    }
    find_date(&text).map(|(_, d)| d)
}

/// A number at the end of a file stem after a separator: `go-time-104` -> 104.
fn trailing_number(stem: &str) -> Option<u32> {
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let head = &stem[..stem.len() - digits];
    if digits == 0 || digits > 6 || !head.ends_with(['-', '_', ' ', '.']) {
        return None;
    }
    stem[head.len()..].parse().ok().filter(|n| *n > 0)
}

/// A title from a file name: `042-python-3-is-here` -> `Python 3 is here`.
/// A stem without its leading episode number: `042-title` -> `title`.
fn stem_rest(stem: &str) -> &str {
    match leading_number(stem) {
        Some(_) => stem.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['-', '_', ' ', '.']),
        None => stem,
    }
}

/// A machine-made name (a hash), not words.
fn hashlike(s: &str) -> bool {
    s.len() >= 8 && s.chars().all(|c| c.is_ascii_hexdigit())
}

fn title_from_stem(stem: &str, number: Option<u32>) -> String {
    let rest = stem_rest(stem);
    if rest.is_empty() || hashlike(rest) {
        return match number {
            Some(n) => format!("Episode {n}"),
            None => stem.to_string(),
        };
    }
    let words = rest.replace(['-', '_'], " ");
    let mut cs = words.trim().chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => stem.to_string(),
    }
}

/// All metadata for one episode. `rel` is the primary file's path relative to the
/// content folder; `folder_episode` says the episode has a folder of its own (the slug
/// is then the folder's name).
pub fn infer(
    transcript: Option<&Transcript>,
    notes: Option<&ShowNotes>,
    rel: &Path,
    folder_episode: bool,
    config_hosts: &[String],
    show_title: &str,
) -> Meta {
    let fm = notes.map(|n| &n.front);
    let cues: &[Cue] = transcript.map(|t| t.cues.as_slice()).unwrap_or(&[]);
    let header = transcript.map(|t| &t.header);
    let stem = if folder_episode { rel.parent().and_then(|p| p.file_name()) } else { rel.file_stem() }
        // A file name may hold control characters; they must not reach a title.
        .map(|s| crate::text::strip_controls(&s.to_string_lossy()).into_owned())
        .unwrap_or_default();

    // A file named by the podcaster (`099-parse-the-regex`, `099`) states its number;
    // a machine name (`000_a09f45d5618a526f`) does not, and speech wins over it.
    let named = leading_number(&stem).filter(|n| *n > 0 && !hashlike(stem_rest(&stem)));
    let number = fm
        .and_then(|f| f.number)
        .or_else(|| header.and_then(|h| h.number))
        .or(named)
        .or_else(|| spoken_episode_number(cues))
        .or_else(|| leading_number(&stem).filter(|n| *n > 0))
        .or_else(|| trailing_number(&stem));
    let title = fm
        .and_then(|f| f.title.clone())
        .or_else(|| header.and_then(|h| h.title.clone()))
        .or_else(|| notes.and_then(|n| n.heading.clone()))
        .unwrap_or_else(|| title_from_stem(&stem, number));
    let date = notes
        .and_then(|n| n.date.clone())
        .or_else(|| header.and_then(|h| h.date.clone()))
        .or_else(|| spoken_date(cues));

    let (mut hosts, mut guests) = people(cues, config_hosts, show_title);
    if let Some(f) = fm {
        if !f.hosts.is_empty() {
            hosts = f.hosts.clone();
        }
        if !f.guests.is_empty() {
            guests = f.guests.clone();
        }
    }
    guests.retain(|g| !hosts.contains(g));

    let duration = notes.and_then(|n| n.duration).or_else(|| cues.last().map(|c| c.start));
    let slug = fm
        .and_then(|f| f.slug.as_deref())
        .map(crate::slug::slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| crate::slug::slugify(&stem));
    let slug = if slug.is_empty() { format!("episode-{}", number.unwrap_or(0)) } else { slug };
    Meta {
        number,
        title,
        date,
        hosts,
        guests,
        duration,
        slug,
        description: fm.and_then(|f| f.description.clone()),
        audio_url: fm.and_then(|f| f.audio_url.clone()),
        audio_type: fm.and_then(|f| f.audio_type.clone()),
        audio_length: fm.and_then(|f| f.audio_length),
        draft: fm.is_some_and(|f| f.draft),
    }
}

/// Hosts and guests of an episode: everyone introduced or labelled as a speaker, with
/// configured hosts' spellings winning. Without configured hosts, everyone introduced
/// counts as a host.
fn people(cues: &[Cue], config_hosts: &[String], show_title: &str) -> (Vec<String>, Vec<String>) {
    let mut names = introduced_names(cues, show_title);
    for c in cues {
        if let Some(s) = &c.speaker {
            if !names.contains(s) {
                names.push(s.clone());
            }
        }
    }
    let mut hosts: Vec<String> = Vec::new();
    let mut guests: Vec<String> = Vec::new();
    for n in names {
        match canonical_host(&n, config_hosts) {
            Some(h) => {
                if !hosts.contains(h) {
                    hosts.push(h.clone());
                }
            }
            None if config_hosts.is_empty() => {
                if !hosts.contains(&n) {
                    hosts.push(n)
                }
            }
            None => {
                // A one-word speaker label that is part of an introduced full name is
                // the same person.
                if !n.contains(' ') && guests.iter().any(|g| g.split_whitespace().any(|w| w.eq_ignore_ascii_case(&n))) {
                    continue;
                }
                if !guests.contains(&n) {
                    guests.push(n)
                }
            }
        }
    }
    // Order hosts as configured, so every page lists them the same way.
    hosts.sort_by_key(|h| config_hosts.iter().position(|c| c == h).unwrap_or(usize::MAX));
    (hosts, guests)
}

/// Replaces speaker labels with configured hosts' full names ("Okken" -> "Brian Okken").
pub fn canonical_speakers(cues: &mut [Cue], config_hosts: &[String]) {
    if config_hosts.is_empty() {
        return;
    }
    for c in cues.iter_mut() {
        if let Some(s) = &c.speaker {
            if let Some(h) = canonical_host(s, config_hosts) {
                c.speaker = Some(h.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(lines: &[&str]) -> Vec<Cue> {
        Cue::every(5, lines)
    }

    #[test]
    fn numbers_from_speech() {
        assert_eq!(
            spoken_episode_number(&cues(&["This is Python Bytes, episode number one, recorded Monday"])),
            Some(1)
        );
        assert_eq!(spoken_episode_number(&cues(&["This is Episode 95, recorded September 12th 2018."])), Some(95));
        assert_eq!(spoken_episode_number(&cues(&["This is episode 282. Recorded may 3 2022."])), Some(282));
        assert_eq!(spoken_episode_number(&cues(&["no number here"])), None);
    }

    #[test]
    fn hosts_prefer_configured_spellings() {
        let hosts = vec!["Michael Kennedy".to_string(), "Brian Okken".to_string()];
        let c = cues(&["This is episode 282. I'm Michael Kennedy. And", "I am Brian Aachen.", "And I'm Ogie Moore."]);
        let (h, g) = people(&c, &hosts, "Python Bytes");
        assert_eq!(h, hosts);
        assert_eq!(g, vec!["Ogie Moore".to_string()]);
        assert_eq!(canonical_host("OKKEN", &hosts), Some(&hosts[1]));
        assert_eq!(canonical_host("Kennedy", &hosts), Some(&hosts[0]));
        assert_eq!(canonical_host("Marlene Mangami", &hosts), None);
    }

    #[test]
    fn show_name_is_not_a_person() {
        let c = cues(&["Hello, and welcome to python bytes. This is Python Bytes. I'm Brian Okken."]);
        assert_eq!(introduced_names(&c, "Python Bytes"), vec!["Brian Okken".to_string()]);
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_stem("042-python-3-is-here", Some(42)), "Python 3 is here");
        assert_eq!(title_from_stem("000_a09f45d5618a526f", Some(282)), "Episode 282");
        assert_eq!(trailing_number("gotime-go-time-104"), Some(104));
        assert_eq!(trailing_number("python3"), None);
    }
}
