//! Episode metadata, from the most trusted source that has it: front matter, then the
//! site's episodes file (`episodes.toml`/`episodes.csv`), then what the transcript's
//! header states, then the file name, and last what is said in the introduction ("This
//! is episode 217, recorded January 19, 2021. I'm Brian Okken."). The guide's
//! "Pairing and metadata" section lists the order for each field.

use crate::discover::{file_number, hashlike, stem_rest};
use crate::episodes_file::Row;
use crate::model::{Cue, EpisodeType, Transcript};
use crate::notes::ShowNotes;
use crate::text::{find_date, spoken_number};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// Where an episode's title came from: what [`crate::titles`] may still improve.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TitleSource {
    /// Written by the podcaster (front matter, episodes file, header, notes heading).
    #[default]
    Given,
    /// The words of the file name.
    FileName,
    /// Nothing: `Episode N`.
    Nothing,
}

/// Metadata for one episode; `None` where nothing could be found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub number: Option<u32>,
    pub title: String,
    pub title_source: TitleSource,
    pub episode_type: EpisodeType,
    pub date: Option<String>,
    /// The transcript line the date was said on, when it comes from the speech (the
    /// build checks such dates against the neighbouring episodes').
    pub date_line: Option<usize>,
    pub hosts: Vec<String>,
    pub guests: Vec<String>,
    pub duration: Option<u32>,
    pub season: Option<u32>,
    pub slug: String,
    pub description: Option<String>,
    pub audio_url: Option<String>,
    /// The audio's MIME type and size in bytes, when known.
    pub audio_type: Option<String>,
    pub audio_length: Option<u64>,
    pub draft: bool,
    /// Hosts or guests were given (front matter, the episodes file), not heard: the
    /// cross-episode pass ([`crate::people`]) leaves them as they are.
    pub people_given: bool,
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

/// A self-introduction that states the episode's number: "This is episode 217", "This
/// is Python Bytes, episode number one", "Welcome to episode 284 of the Changelog".
/// `between` is what stands between the opening words and "episode" (the show's name,
/// at most), `num` the number's words.
static SELF_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:this is|this's|it's|it is|welcome(?:\s+back)?\s+to|you're listening to|you are listening to|here's|here is|today is)\b(?P<between>[^.!?;:]{0,50}?)\bepisode\s+(?:number\s+|no\.?\s+|#\s*)?(?P<num>[a-z0-9-]+(?:[\s,]+[a-z0-9-]+){0,4})").unwrap()
});
/// A sentence that opens with "Episode 12" ("... to your earbuds. Episode number three,
/// recorded November 2016").
static OPENS_WITH_EPISODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[.!?]\s+)\W*episode\s+(?:number\s+|no\.?\s+|#\s*)?(?P<num>[a-z0-9-]+(?:[\s,]+[a-z0-9-]+){0,4})",
    )
    .unwrap()
});
/// Words that turn "episode N" into a reference to another episode ("this is like that
/// was episode 267", "it's back in episode 12").
const REFERENCE_WORDS: &[&str] = &[
    "was",
    "were",
    "in",
    "on",
    "from",
    "back",
    "last",
    "previous",
    "since",
    "about",
    "mentioned",
    "talked",
    "like",
    "remember",
    "before",
    "after",
    "next",
    "that",
    "see",
    "listen",
    "check",
    "go",
    "than",
];
/// How far into an episode a guest's introduction is looked for: after the hosts' own
/// banter, a guest may be introduced four or five minutes in.
const GUEST_SECONDS: u32 = 360;
const GUEST_CUES: usize = 100;
/// The hosts' own introductions, and a greeting: "I'm X", "this is your host X",
/// "welcome, X".
static INTRODUCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:I'm|I am|[Tt]his is|[Mm]y name is|[Mm]y co-?host(?: is)?|[Yy]our (?:co-?)?hosts?,?|[Hh]ere with(?: my co-?host)?|[Ww]elcome(?: back)?,?|myself and)\s+(?:is\s+)?{APPOSITION}{NAME}")).unwrap()
});
/// A person's name as transcripts write it: two or three capitalised words.
const NAME: &str = r"([A-Z][a-z]+(?:\s+(?:[A-Z][a-zA-Z'\x{2019}-]+|van|von|de|da)){1,2})";
/// What may stand between the words that introduce someone and their name: "we have
/// with us the creator of Burn, Nathaniel Simard".
const APPOSITION: &str = r"(?:(?:the|a|an|our|my) [^,.!?]{1,50},\s+)?";
/// A guest introduced: "my guest today is X", "joining me is X", "we're joined by X",
/// "excited to have with us X", "we've got the expert with us, X", and with the name
/// first or in the middle: "we have X here to introduce Ruff", "X is here to talk
/// about", "welcome X to the show". The words after a name in the middle keep a product
/// ("we have GitHub Copilot") out.
static GUEST_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:joined(?: today)? by|[Jj]oining (?:me|us)(?: today)?(?: is)?|[Ww]ith me(?: today)?(?: is)?|[MmOo](?:y|ur) (?:special )?guests? (?:today |this week |on the show )?(?:is|are)|to (?:have|welcome)(?: with us| on the show| here| back)?(?: today)?|(?:have|got) with us(?: today)?|[Ww]ith us(?: today)?,?|(?:I'm|I am|we're|we are) talking (?:with|to))\s+(?:is\s+)?{APPOSITION}{NAME}|\b[Ww]e(?: ?'ve| have)(?: got)?(?: with us)?\s+{NAME},?\s+(?:here|with us|on the show|joining|back|who|whom|from)\b|\b{NAME},?\s+(?:is|who is|who's) (?:here|with us|joining us|on the show)|\b[Ww]elcome,?\s+{NAME},?\s+to the (?:show|podcast|program)")).unwrap()
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
    "Your",
    "Host",
    "Me",
    "Today",
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
    // Guests are looked for further in, after the hosts' banter.
    let mut guest_text = String::new();
    for c in cues.iter().take(GUEST_CUES).take_while(|c| c.start <= GUEST_SECONDS) {
        guest_text.push_str(&c.text);
        guest_text.push(' ');
    }
    fn first(c: regex::Captures<'_>) -> Option<(usize, &str)> {
        c.iter().skip(1).flatten().next().map(|m| (m.start(), m.as_str()))
    }
    // In the order said: the hosts' introductions first, then the guests'.
    let said: Vec<&str> = INTRODUCTION
        .captures_iter(&text)
        .filter_map(first)
        .collect::<std::collections::BTreeMap<usize, &str>>()
        .into_values()
        .chain(
            GUEST_INTRO
                .captures_iter(&guest_text)
                .filter_map(first)
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_values(),
        )
        .collect();
    for name in said {
        let name = name.trim().to_string();
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

/// A word's consonants, each run once: "Okken" -> "kn", "Aachen" -> "chn".
fn consonants(w: &str) -> String {
    let mut out = String::new();
    for c in w.chars().filter(|c| c.is_alphabetic() && !"aeiouy".contains(*c)) {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
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
        // A misheard last name sounds alike ("Aachen", "Okken"); another last name
        // ("Chris DeBellis" beside the host Chris Benson) is another person.
        [only] => (edit_distance(&parts(only).1, last) <= 2
            || edit_distance(&consonants(&parts(only).1), &consonants(last)) <= 2)
            .then_some(*only),
        many => many.iter().copied().find(|h| edit_distance(&parts(h).1, last) <= 2),
    }
}

/// The episode number the hosts state when they introduce the episode: "This is
/// episode 217", "This is Python Bytes, episode number one", "Welcome to episode 284".
/// A reference to another episode ("that was episode 267", "since episode 318") is not
/// a number for this one.
pub fn spoken_episode_number(cues: &[Cue]) -> Option<u32> {
    let text = intro(cues);
    let number = |c: &regex::Captures| {
        let words: Vec<&str> =
            c["num"].split(|ch: char| ch.is_whitespace() || ch == ',').filter(|w| !w.is_empty()).collect();
        spoken_number(&words).map(|(n, _)| n)
    };
    // The earliest self-introduction wins: "This is episode 60 ... Episode 33 of Python
    // Bytes, actually" is episode 60.
    let opens = OPENS_WITH_EPISODE.captures_iter(&text).find_map(|c| Some((c.get(0)?.start(), number(&c)?)));
    let intro = SELF_INTRO.captures_iter(&text).find_map(|c| {
        let between = c["between"].to_lowercase();
        if between.split(|ch: char| !ch.is_alphanumeric() && ch != '\'').any(|w| REFERENCE_WORDS.contains(&w)) {
            return None;
        }
        Some((c.get(0)?.start(), number(&c)?))
    });
    match (opens, intro) {
        (Some(a), Some(b)) => Some(a.min(b).1),
        (a, b) => a.or(b).map(|x| x.1),
    }
}

/// How far after "recorded" its date may start, in bytes ("recorded on Wednesday, May
/// 12, 2021": the weekday and "on" between).
const RECORDED_GAP: usize = 40;

/// Words that may stand between a self-introduction and its date: "This is episode 112,
/// and it's Wednesday, January 9th, 2019".
const DATE_FILLER: &[&str] = &[
    "on",
    "the",
    "and",
    "it's",
    "its",
    "it",
    "is",
    "this",
    "today",
    "today's",
    "now",
    "we're",
    "live",
    "according",
    "to",
    "episode",
    "number",
    "of",
    "here",
    "so",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether the words before a date (from its sentence's start) make it the episode's
/// date: "recorded ..."/"recording ..." just before it, or a self-introduction that
/// ends in it ("This is February 21st, 2017", "This is episode 234, and it's May 19th",
/// "the headlines for November 14th, 2016").
fn dates_the_episode(before: &str) -> bool {
    let lower = before.to_ascii_lowercase();
    let words: Vec<&str> =
        lower.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}').filter(|w| !w.is_empty()).collect();
    let digits = |w: &str| w.bytes().all(|b| b.is_ascii_digit());
    let mut run: Vec<String> = Vec::new();
    let mut stop = None;
    for (i, w) in words.iter().enumerate().rev() {
        let w = w.replace('\u{2019}', "'");
        if DATE_FILLER.contains(&w.as_str()) || digits(&w) {
            run.push(w);
        } else {
            stop = Some((i, w));
            break;
        }
    }
    // "the headlines for <date>"
    if let Some((i, w)) = &stop {
        if w == "for" && *i > 0 && words[i - 1] == "headlines" {
            return true;
        }
    }
    run.reverse();
    let pair = |a: &str, b: &dyn Fn(&str) -> bool| run.windows(2).any(|x| x[0] == a && b(&x[1]));
    pair("this", &|w| w == "is")
        || pair("it", &|w| w == "is")
        || pair("today", &|w| w == "is")
        || run.iter().any(|w| w == "it's" || w == "its" || w == "today's")
        || pair("episode", &digits)
        || pair("number", &digits)
}

/// The recording date said in the intro, and the line it is said on: only where the
/// introduction says it is the episode's ("recorded May 3, 2022", "this is episode 217,
/// recorded January 19, 2021", "we're recording this on ...", "This is February 21st,
/// 2017"). Any other date said early (a birthday, a release, a conference) is not.
pub fn spoken_date(cues: &[Cue]) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for c in cues.iter().take(INTRO_CUES).take_while(|c| c.start <= INTRO_SECONDS) {
        starts.push((text.len(), c.line));
        text.push_str(&c.text);
        text.push(' ');
    }
    let mut from = 0;
    while let Some((at, d)) = text.get(from..).and_then(find_date) {
        let pos = from + at;
        let head = &text[..pos];
        // The date's sentence, at most 120 bytes of it.
        let mut start = head.rfind(['.', '!', '?']).map_or(0, |i| i + 1).max(pos.saturating_sub(120));
        while !text.is_char_boundary(start) {
            start += 1;
        }
        // "recorded" just before, even across a question ("recorded, when is it?
        // February 17th"); "reported" is how speech-to-text often hears it.
        let mut near = pos.saturating_sub(RECORDED_GAP);
        while !text.is_char_boundary(near) {
            near += 1;
        }
        let tail = text[near..pos].to_ascii_lowercase();
        let recorded = ["recorded", "recording", "reported"].iter().any(|w| tail.contains(w));
        if recorded || dates_the_episode(&text[start..pos]) {
            let line = starts.iter().rev().find(|(o, _)| *o <= pos).map_or(0, |x| x.1);
            return Some((d, line));
        }
        // On past the date's first word.
        from = pos + text[pos..].find(|c: char| !c.is_alphanumeric()).unwrap_or(text.len() - pos).max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// Words a title keeps in lower case, but first (English title case).
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "the", "to", "vs",
    "via", "with",
];

/// A title from a file name: `042-python-3-is-here` -> `Python 3 Is Here`, in title
/// case; [`crate::titles`] later writes the names the catalogue knows as it writes them
/// ("LangGraph", "AI", "uv"). A file name without words (`000_a09f45d5618a526f`) gives
/// `Episode N` until then.
fn title_from_stem(stem: &str, number: Option<u32>, show_title: &str) -> (String, TitleSource) {
    let rest = stem_rest(stem);
    // `practical-ai-42`, `the-changelog-284`, `episode-12`: the show's name and a number
    // say nothing of the episode.
    let show: Vec<String> = show_title.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
    let says_nothing = rest.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| {
        let w = w.to_lowercase();
        w.bytes().all(|b| b.is_ascii_digit())
            || show.contains(&w)
            || matches!(w.as_str(), "episode" | "ep" | "show" | "podcast" | "transcript" | "the")
    });
    if rest.is_empty() || hashlike(rest) || says_nothing {
        let t = match number {
            Some(n) => format!("Episode {n}"),
            None => stem.to_string(),
        };
        return (t, TitleSource::Nothing);
    }
    // `don-t-use`, `it-s-episode-200`: the apostrophe a file name cannot hold.
    let mut parts: Vec<String> = Vec::new();
    for w in rest.split(['-', '_', ' ']).filter(|w| !w.is_empty()) {
        match parts.last_mut() {
            Some(prev) if matches!(w, "s" | "t" | "re" | "ll" | "ve" | "d" | "m") => {
                prev.push('\'');
                prev.push_str(w);
            }
            _ => parts.push(w.to_string()),
        }
    }
    let words: Vec<String> = parts
        .iter()
        .map(String::as_str)
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && SMALL_WORDS.contains(&w.to_lowercase().as_str()) {
                return w.to_lowercase();
            }
            let mut cs = w.chars();
            cs.next().map(|c| c.to_uppercase().chain(cs).collect()).unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        return (stem.to_string(), TitleSource::Nothing);
    }
    (words.join(" "), TitleSource::FileName)
}

/// The name an episode's metadata is inferred from: the primary file's stem, or the
/// episode folder's name.
pub fn stem_of(rel: &Path, folder_episode: bool) -> String {
    if folder_episode { rel.parent().and_then(|p| p.file_name()) } else { rel.file_stem() }
        // A file name may hold control characters; they must not reach a title.
        .map(|s| crate::text::strip_controls(&s.to_string_lossy()).into_owned())
        .unwrap_or_default()
}

/// The episode's number, from the most trusted source: front matter, the episodes file
/// (a row tied to the file), the transcript's header (`Transcript #217`), the number a
/// podcaster put in a file name (`284-title`, `the-changelog-284`, `ep284`; checked on
/// each of the episode's files), then a self-introduction in the speech.
pub fn episode_number(
    transcript: Option<&Transcript>,
    notes: Option<&ShowNotes>,
    row: Option<&Row>,
    stems: &[String],
) -> Option<u32> {
    notes
        .and_then(|n| n.front.number)
        .or_else(|| row.and_then(|r| r.number))
        .or_else(|| transcript.and_then(|t| t.header.number))
        .or_else(|| stems.iter().find_map(|s| file_number(s)))
        .or_else(|| transcript.and_then(|t| spoken_episode_number(&t.cues)))
}

/// All metadata for one episode. `number` comes from [`episode_number`]; `stem` from
/// [`stem_of`]; `row` is the episodes file's row for the episode.
pub fn infer(
    transcript: Option<&Transcript>,
    notes: Option<&ShowNotes>,
    row: Option<&Row>,
    number: Option<u32>,
    stem: &str,
    config_hosts: &[String],
    show_title: &str,
) -> Meta {
    let fm = notes.map(|n| &n.front);
    let cues: &[Cue] = transcript.map(|t| t.cues.as_slice()).unwrap_or(&[]);
    let header = transcript.map(|t| &t.header);
    let (title, title_source) = fm
        .and_then(|f| f.title.clone())
        .or_else(|| row.and_then(|r| r.title.clone()))
        .or_else(|| header.and_then(|h| h.title.clone()))
        .or_else(|| notes.and_then(|n| n.heading.clone()))
        .map(|t| (t, TitleSource::Given))
        .unwrap_or_else(|| title_from_stem(stem, number, show_title));
    let stated = notes
        .and_then(|n| n.date.clone())
        .or_else(|| row.and_then(|r| r.date.clone()))
        .or_else(|| header.and_then(|h| h.date.clone()));
    let (date, date_line) = match stated {
        Some(d) => (Some(d), None),
        None => spoken_date(cues).map_or((None, None), |(d, line)| (Some(d), Some(line))),
    };

    let (mut hosts, mut guests) = people(cues, config_hosts, show_title);
    let mut people_given = false;
    if let Some(h) = row.and_then(|r| r.hosts.clone()) {
        hosts = h;
        people_given = true;
    }
    if let Some(g) = row.and_then(|r| r.guests.clone()) {
        guests = g;
        people_given = true;
    }
    if let Some(f) = fm {
        if !f.hosts.is_empty() {
            hosts = f.hosts.clone();
            people_given = true;
        }
        if !f.guests.is_empty() {
            guests = f.guests.clone();
            people_given = true;
        }
    }
    guests.retain(|g| !hosts.contains(g));

    let duration = notes
        .and_then(|n| n.duration)
        .or_else(|| row.and_then(|r| r.duration))
        .or_else(|| cues.last().map(|c| c.start));
    let slug = fm
        .and_then(|f| f.slug.as_deref())
        .or_else(|| row.and_then(|r| r.slug.as_deref()))
        .map(crate::slug::slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| crate::slug::slugify(stem));
    let slug = if slug.is_empty() { format!("episode-{}", number.unwrap_or(0)) } else { slug };
    // A bonus or trailer says so in its file name or title.
    let episode_type = row.and_then(|r| r.episode_type).unwrap_or_else(|| {
        match crate::discover::special_word(stem).or_else(|| crate::discover::special_word(&title)) {
            Some("trailer") => EpisodeType::Trailer,
            Some(_) => EpisodeType::Bonus,
            None => EpisodeType::Full,
        }
    });
    Meta {
        number,
        episode_type,
        title,
        title_source,
        date,
        date_line,
        hosts,
        guests,
        duration,
        season: row.and_then(|r| r.season),
        slug,
        description: fm.and_then(|f| f.description.clone()).or_else(|| row.and_then(|r| r.description.clone())),
        audio_url: fm.and_then(|f| f.audio_url.clone()).or_else(|| row.and_then(|r| r.audio_url.clone())),
        audio_type: fm.and_then(|f| f.audio_type.clone()).or_else(|| row.and_then(|r| r.audio_type.clone())),
        audio_length: fm.and_then(|f| f.audio_length).or_else(|| row.and_then(|r| r.audio_length)),
        draft: fm.is_some_and(|f| f.draft),
        people_given,
    }
}

/// Orders episodes newest first: numbered ones by number (then date, then slug), and
/// each unnumbered one (a bonus, a special) by its date among them, before the first
/// numbered episode older than it; unnumbered ones without a date go last, by slug.
/// Deterministic whatever is missing.
pub fn sort_newest_first(episodes: &mut Vec<crate::model::Episode>) {
    let by_number = |a: &crate::model::Episode, b: &crate::model::Episode| {
        b.number.cmp(&a.number).then_with(|| b.date.cmp(&a.date)).then_with(|| a.slug.cmp(&b.slug))
    };
    let (mut numbered, mut loose): (Vec<_>, Vec<_>) =
        std::mem::take(episodes).into_iter().partition(|e| e.number.is_some());
    numbered.sort_by(by_number);
    // Newest first; undated last.
    loose.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => y.cmp(x).then_with(|| a.slug.cmp(&b.slug)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.slug.cmp(&b.slug),
    });
    let mut out = Vec::with_capacity(numbered.len() + loose.len());
    let mut numbered = numbered.into_iter().peekable();
    for e in loose {
        if let Some(d) = e.date.clone() {
            // Numbered episodes not older than this one (or undated) come first.
            while numbered.peek().is_some_and(|n| n.date.as_ref().is_none_or(|nd| *nd >= d)) {
                out.extend(numbered.next());
            }
        } else {
            out.extend(numbered.by_ref());
        }
        out.push(e);
    }
    out.extend(numbered);
    *episodes = out;
}

/// Hosts and guests of an episode. Configured hosts are the hosts of every episode;
/// everyone else introduced ("I'm X", "your host X", "with me is X", "joined by X") or
/// labelled as a speaker is a guest, with configured hosts' spellings winning over
/// speech-to-text ones. Without configured hosts, everyone introduced or labelled is a
/// host.
fn people(cues: &[Cue], config_hosts: &[String], show_title: &str) -> (Vec<String>, Vec<String>) {
    let mut names = introduced_names(cues, show_title);
    // A label of one cue only (a clip played) is no one on the episode.
    let mut labels: Vec<(&String, usize)> = Vec::new();
    for s in cues.iter().filter_map(|c| c.speaker.as_ref()) {
        match labels.iter_mut().find(|(l, _)| *l == s) {
            Some((_, n)) => *n += 1,
            None => labels.push((s, 1)),
        }
    }
    for (s, n) in labels {
        if n >= 2 && !names.contains(s) {
            names.push(s.clone());
        }
    }
    if config_hosts.is_empty() {
        return (names, Vec::new());
    }
    // A transcript that labels its speakers says which hosts are there: one who neither
    // speaks nor is named is away this episode. Without labels, every host is assumed.
    let labelled = cues.iter().any(|c| c.speaker.is_some());
    let mut present: Vec<String> = Vec::new();
    let mut guests: Vec<String> = Vec::new();
    for n in names {
        if let Some(h) = canonical_host(&n, config_hosts) {
            if !present.contains(h) {
                present.push(h.clone());
            }
            continue;
        }
        // A one-word speaker label that is part of an introduced full name is the same
        // person.
        if !n.contains(' ') && guests.iter().any(|g| g.split_whitespace().any(|w| w.eq_ignore_ascii_case(&n))) {
            continue;
        }
        if !guests.contains(&n) {
            guests.push(n)
        }
    }
    let hosts = if labelled && !present.is_empty() {
        config_hosts.iter().filter(|h| present.contains(h)).cloned().collect()
    } else {
        config_hosts.to_vec()
    };
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
        assert_eq!(spoken_episode_number(&cues(&["Welcome to episode 284 of the Changelog."])), Some(284));
        assert_eq!(spoken_episode_number(&cues(&["Hello and welcome to Python Bytes episode 95."])), Some(95));
        assert_eq!(spoken_episode_number(&cues(&["Episode 12. Recorded May 3 2022."])), Some(12));
        assert_eq!(spoken_episode_number(&cues(&["This is episode zero, the trailer."])), Some(0));
    }

    #[test]
    fn only_a_recording_date_is_the_episodes_date() {
        let d = |lines: &[&str]| spoken_date(&cues(lines));
        assert_eq!(d(&["This is episode 282. Recorded may 3 2022."]), Some(("2022-05-03".to_string(), 1)));
        assert_eq!(
            d(&["Hello and welcome.", "This is episode 233, recorded on Wednesday, May 12, 2021."]),
            Some(("2021-05-12".to_string(), 2))
        );
        assert_eq!(
            d(&["We're recording this on January 19, 2021, a Tuesday."]).map(|x| x.0),
            Some("2021-01-19".into())
        );
        // A date said for another reason is not the recording's.
        assert_eq!(d(&["The show started on May 3, 2009, can you believe it?"]), None);
        assert_eq!(d(&["Python 3.10 comes out October 4, 2021. Recorded live, by the way."]), None);
        assert_eq!(d(&["This was recorded, as you know, long before what happened on March 3, 2020."]), None);
        // A self-introduction that ends in the date.
        for (line, date) in [
            ("Here we're going to cover the headlines for November 14th, 2016.", "2016-11-14"),
            ("This is February 21st, 2017. I'm Michael Kennedy.", "2017-02-21"),
            ("This is episode 112, according to January 9th, 2019.", "2019-01-09"),
            ("This is episode 234, and it's May 19th, 2021. I'm Michael Kennedy.", "2021-05-19"),
        ] {
            assert_eq!(d(&[line]).map(|x| x.0).as_deref(), Some(date), "{line}");
        }
        assert_eq!(d(&["It's been a while since May 3, 2009, when we started."]), None);
        assert_eq!(
            d(&["This is episode 221, I think, recorded, when is it? February 17th, 2021."]).map(|x| x.0),
            Some("2021-02-17".into())
        );
        assert_eq!(d(&["This is episode 242, reported July 14th, 2021."]).map(|x| x.0), Some("2021-07-14".into()));
        assert_eq!(
            d(&["On May 3, 2009 we started. This is episode 5, recorded June 1, 2010."]).map(|x| x.0),
            Some("2010-06-01".into())
        );
    }

    #[test]
    fn references_to_other_episodes_are_not_numbers() {
        for line in [
            "Welcome back! That was episode #267, and this one picks up where it left off.",
            "Since the last time we talked, which was episode 318, some big news.",
            "This is like what we covered in episode 267.",
            "It's back in episode 12 that we first met.",
            "We're getting close to episode number 200.",
            "This is a follow-up. Go listen to episode 150 first.",
        ] {
            assert_eq!(spoken_episode_number(&cues(&[line])), None, "{line}");
        }
        // A reference before the self-introduction does not hide it.
        assert_eq!(spoken_episode_number(&cues(&["That was episode 267. This is episode 284, welcome."])), Some(284));
    }

    #[test]
    fn file_names_beat_speech_and_zero_is_a_number() {
        let t = Transcript {
            cues: cues(&["Welcome back, that was episode #267. This is episode 267."]),
            ..Default::default()
        };
        assert_eq!(episode_number(Some(&t), None, None, &["the-changelog-284".into()]), Some(284));
        assert_eq!(episode_number(Some(&t), None, None, &["000_a09f45d5618a526f".into()]), Some(267));
        assert_eq!(episode_number(None, None, None, &["000-trailer".into()]), Some(0));
        let row = Row { number: Some(300), ..Default::default() };
        assert_eq!(episode_number(Some(&t), None, Some(&row), &["the-changelog-284".into()]), Some(300));
    }

    #[test]
    fn hosts_prefer_configured_spellings() {
        let hosts = vec!["Michael Kennedy".to_string(), "Brian Okken".to_string()];
        let c = cues(&["This is episode 282. I'm Michael Kennedy. And", "I am Brian Aachen.", "And I'm Ogie Moore."]);
        let (h, g) = people(&c, &hosts, "Python Bytes");
        assert_eq!(h, hosts);
        assert_eq!(g, vec!["Ogie Moore".to_string()]);
        // Configured hosts host every episode, introduced or not.
        let (h, g) = people(&cues(&["Hi, it's just me today, with me is Ada Lovelace."]), &hosts, "Python Bytes");
        assert_eq!(h, hosts);
        assert_eq!(g, vec!["Ada Lovelace".to_string()]);
        assert_eq!(canonical_host("OKKEN", &hosts), Some(&hosts[1]));
        assert_eq!(canonical_host("Kennedy", &hosts), Some(&hosts[0]));
        assert_eq!(canonical_host("Marlene Mangami", &hosts), None);
        assert_eq!(canonical_host("Brian Aachen", &hosts), Some(&hosts[1]));
        let hosts = vec!["Daniel Whitenack".to_string(), "Chris Benson".to_string()];
        assert_eq!(canonical_host("Chris DeBellis", &hosts), None, "a guest who shares a host's first name");
    }

    #[test]
    fn ways_people_are_introduced() {
        for (line, name) in [
            ("This is your host, Adam Stacoviak, and today", "Adam Stacoviak"),
            (
                "I am your host, Johnny Boursiquot, and joining me today is none other than Marty Schoch",
                "Johnny Boursiquot",
            ),
            ("And with me is Grace Hopper.", "Grace Hopper"),
            ("With me today is Grace Hopper.", "Grace Hopper"),
            ("Joining me today is Grace Hopper.", "Grace Hopper"),
            ("I'm Brian Okken.", "Brian Okken"),
            ("On this episode, we have Charlie Marsh here to introduce Ruff.", "Charlie Marsh"),
            ("Charlie Marsh is here to talk about Ruff.", "Charlie Marsh"),
            ("My guest today is Grace Hopper.", "Grace Hopper"),
            ("Please welcome Grace Hopper to the show.", "Grace Hopper"),
            ("Today we have with us the creator of Burn, Nathaniel Simard. Welcome.", "Nathaniel Simard"),
            ("Today we've got Tuhin Srivastava with us, who is co-founder of BaseTen.", "Tuhin Srivastava"),
            ("We're really excited today to have with us Chang She, who is the CEO.", "Chang She"),
            ("Today I'm talking with Grace Hopper about compilers.", "Grace Hopper"),
        ] {
            assert!(introduced_names(&cues(&[line]), "Go Time").contains(&name.to_string()), "{line}");
        }
        // A product where a guest could stand is no one.
        for line in [
            "We have GitHub Copilot in every editor now.",
            "Joining us is easy: visit the site.",
            "I was talking to Mahmoud Hashemi from one of the episodes I did.",
        ] {
            assert_eq!(introduced_names(&cues(&[line]), "Go Time"), Vec::<String>::new(), "{line}");
        }
    }

    #[test]
    fn show_name_is_not_a_person() {
        let c = cues(&["Hello, and welcome to python bytes. This is Python Bytes. I'm Brian Okken."]);
        assert_eq!(introduced_names(&c, "Python Bytes"), vec!["Brian Okken".to_string()]);
    }

    #[test]
    fn titles_from_file_names() {
        let t = |s, n| title_from_stem(s, n, "Python Bytes").0;
        assert_eq!(t("042-python-3-is-here", Some(42)), "Python 3 Is Here");
        assert_eq!(t("agentic-ai-workflows-with-langgraph", None), "Agentic Ai Workflows with Langgraph");
        assert_eq!(t("the-state-of-the-art", None), "The State of the Art");
        assert_eq!(
            title_from_stem("000_a09f45d5618a526f", Some(282), "Python Bytes"),
            ("Episode 282".to_string(), TitleSource::Nothing)
        );
        assert_eq!(t("000", Some(0)), "Episode 0");
        assert_eq!(t("200-no-dog-piling-please-it-s-episode-200", Some(200)), "No Dog Piling Please It's Episode 200");
        assert_eq!(t("112-don-t-use-the-greater-than-sign", Some(112)), "Don't Use the Greater Than Sign");
        assert_eq!(title_from_stem("practical-ai-42", Some(42), "Practical AI").1, TitleSource::Nothing);
        assert_eq!(title_from_stem("python-bytes-episode-7", Some(7), "Python Bytes").1, TitleSource::Nothing);
        assert_eq!(t("python-packaging-7", Some(7)), "Python Packaging 7");
    }
}
