//! The show's own names: its people and its own name and web address are what the show
//! is and who makes it, not what an episode is about (issue 19). Read from every episode
//! before pass 2, so what they hide is part of the catalogue's digest and of the
//! extraction cache's key ([`super::memo`]).
//!
//! - People: every speaker label, every episode's hosts and guests as parsed, the
//!   configured `hosts` and the names and aliases of `people.toml`; their full names,
//!   first names and last names (and the full name as one word, "nicknisi"; a one-word
//!   label that is a word or a product, "Intro", `ChatGPT`, names no one). An entity made
//!   of those words only is hidden, unless the catalogue writes it as a thing: introduced
//!   as one ("a library called Rich", "pip install rich"), or named by the show notes or
//!   `topics.toml`.
//! - The show: its `title` when set, otherwise the name its episodes open with
//!   ("welcome to Ship It", "this is Python Bytes"); the host of `base_url`; and the web
//!   address said in the most episodes, when that is a good share of them
//!   (`changelog.com`, `pythonbytes.fm`). Those names, and their addresses, are hidden.

use super::catalogue::{Catalogue, Kind, NameStats};
use super::site::{squashed, ParsedEpisode};
use crate::config::Config;
use rustc_hash::{FxHashMap, FxHashSet};

/// Seconds into an episode its opening ("welcome to X") is looked for.
const OPENING_SECONDS: u32 = 300;
/// Share of episodes (and the fewest) that open with a name before it is the show's.
const OPENING_SHARE: f64 = 0.2;
const OPENING_MIN: usize = 3;
/// Share of episodes that say a web address before it is the show's own.
const ADDRESS_SHARE: f64 = 0.3;
/// Words that open a show's name in its introduction.
const OPENERS: &[&str] = &["welcome to", "welcome back to", "this is", "listening to", "episode of"];

/// The people and names of the show, as lower-case catalogue keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Own {
    /// Full names, first and last names of the show's people.
    people: FxHashSet<String>,
    /// The show's names, squashed ("pythonbytes"), and its addresses' first labels.
    show: Vec<String>,
    /// The words of the show's name ("deploy", "friday").
    show_words: Vec<String>,
}

/// The first label of a web address's host: "www.changelog.com/friends" -> "changelog".
pub(super) fn address_label(word: &str) -> Option<String> {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let w = w.split("://").last().unwrap_or(&w).to_string();
    let w = w.strip_prefix("www.").unwrap_or(&w);
    let host = w.split('/').next().unwrap_or(w);
    (host.contains('.') && super::site::is_address(host))
        .then(|| host.split('.').next().unwrap_or("").to_string())
        .filter(|l| l.len() >= 3)
}

/// What one episode tells of the show's own names, for [`Own`]: the people it names
/// (hosts and guests as parsed, speaker labels), the names it opens with ("welcome to
/// X") and the web addresses it says (first labels). A function of the episode alone, so
/// the build cache keeps it with the episode's pass-1 counts ([`super::memo`]) and an
/// edit reads only the edited episode's again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnCounts {
    /// Each once, sorted.
    pub people: Vec<String>,
    pub openings: Vec<String>,
    pub labels: Vec<String>,
}

impl OwnCounts {
    pub fn of(p: &ParsedEpisode) -> OwnCounts {
        let cues = p.transcript.as_ref().map_or(&[][..], |t| &t.cues[..]);
        let mut people: Vec<String> = p.meta.hosts.iter().chain(&p.meta.guests).cloned().collect();
        people.extend(cues.iter().filter_map(|c| c.speaker.clone()));
        let mut openings: Vec<String> = Vec::new();
        for c in cues.iter().take_while(|c| c.start <= OPENING_SECONDS) {
            openings.extend(opening_names(&c.text));
        }
        let mut labels: Vec<String> = Vec::new();
        for c in cues.iter().filter(|c| c.text.contains('.')) {
            labels.extend(c.text.split_whitespace().filter(|w| w.contains('.')).filter_map(address_label));
        }
        for v in [&mut people, &mut openings, &mut labels] {
            v.sort_unstable();
            v.dedup();
        }
        OwnCounts { people, openings, labels }
    }
}

/// [`OwnCounts`] summed over the catalogue: how many episodes name each person, open
/// with each name and say each address. Kept in the build cache's pass-1 summary and
/// changed by the episodes added and removed since: `remove` undoes `add` exactly (a
/// name no episode says any more is dropped), so the sums equal a fresh count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnSums {
    pub episodes: u32,
    pub people: FxHashMap<String, u32>,
    pub openings: FxHashMap<String, u32>,
    pub labels: FxHashMap<String, u32>,
}

impl OwnSums {
    pub fn add(&mut self, c: &OwnCounts) {
        self.episodes += 1;
        for (sums, words) in
            [(&mut self.people, &c.people), (&mut self.openings, &c.openings), (&mut self.labels, &c.labels)]
        {
            for w in words {
                *sums.entry(w.clone()).or_default() += 1;
            }
        }
    }

    /// Undoes an [`OwnSums::add`]; false (the sums are then unusable) if `c` was not added.
    pub fn remove(&mut self, c: &OwnCounts) -> bool {
        let Some(n) = self.episodes.checked_sub(1) else { return false };
        self.episodes = n;
        for (sums, words) in
            [(&mut self.people, &c.people), (&mut self.openings, &c.openings), (&mut self.labels, &c.labels)]
        {
            for w in words {
                match sums.get_mut(w.as_str()) {
                    Some(1) => {
                        sums.remove(w.as_str());
                    }
                    Some(v) => *v -= 1,
                    None => return false,
                }
            }
        }
        true
    }
}

impl Own {
    /// The show's people and names, from every episode as parsed, the config and the
    /// names of `people.toml` (`people_file`).
    pub fn of(parsed: &[ParsedEpisode], config: &Config, people_file: &[String]) -> Own {
        let mut sums = OwnSums::default();
        for p in parsed {
            sums.add(&OwnCounts::of(p));
        }
        Own::from_sums(&sums, config, people_file)
    }

    /// [`Own::of`] from the episodes' counts summed: the same result, without reading a
    /// transcript.
    pub fn from_sums(sums: &OwnSums, config: &Config, people_file: &[String]) -> Own {
        let mut own = Own::default();
        let mut add_person = |name: &str| {
            let words: Vec<&str> =
                name.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
            // A one-word label that is a word ("Break", "Intro", "Sample") or a product's
            // name (`ChatGPT`) names no person.
            if let [one] = words[..] {
                let camel = one.chars().skip(1).any(char::is_uppercase) && !one.starts_with("Mc");
                if camel || super::lexicon::is_english(&one.to_lowercase()) {
                    return;
                }
            }
            let words: Vec<String> =
                words.iter().map(|w| w.to_lowercase()).filter(|w| w.chars().count() >= 3).collect();
            if let (Some(first), Some(last)) = (words.first(), words.last()) {
                own.people.insert(first.clone());
                own.people.insert(last.clone());
                own.people.insert(words.join(" "));
                // Written as one word, as a handle or an address is: "nicknisi".
                own.people.insert(words.concat());
            }
        };
        for n in config.hosts.iter().chain(people_file).chain(sums.people.keys()) {
            add_person(n);
        }
        let episodes = sums.episodes as usize;

        // The show's name: the title, else what most episodes open with (a person's
        // name, "this is Daniel Whitenack", is no show's).
        let title = config.title.trim();
        let name = if !title.is_empty() && title != crate::config::Config::default().title {
            Some(title.to_string())
        } else {
            let count = sums
                .openings
                .iter()
                .filter(|(n, _)| !own.is_person(&n.to_lowercase()))
                .map(|(n, c)| (n.clone(), *c as usize))
                .collect();
            most_said(count, episodes, OPENING_SHARE)
        };
        if let Some(name) = name {
            own.show.push(squashed(&name));
            own.show_words = name
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
                .filter(|w| w.chars().count() >= 3)
                .collect();
            own.show_words.sort_unstable();
            own.show_words.dedup();
        }
        if let Some(label) = address_label(&config.base_url) {
            own.show.push(label);
        }
        // The first label of the web address said in the most episodes, when a good
        // share of them say it: the show's own site.
        let labels = sums.labels.iter().map(|(l, c)| (l.clone(), *c as usize)).collect();
        if let Some(label) = most_said(labels, episodes, ADDRESS_SHARE) {
            own.show.push(label);
        }
        own.show.retain(|s| !s.is_empty());
        own.show.sort_unstable();
        own.show.dedup();
        own
    }

    /// Every word of `key` is a word of a person's name ("jerod", "gerhard lazu").
    pub fn is_person(&self, key: &str) -> bool {
        !key.is_empty() && (self.people.contains(key) || key.split(' ').all(|w| self.people.contains(w)))
    }

    /// `key` is the show's own name or address ("changelog", "changelog.com",
    /// "python bytes").
    pub fn is_show(&self, key: &str) -> bool {
        if self.show.is_empty() {
            return false;
        }
        if let Some(label) = (!key.contains(' ')).then(|| address_label(key)).flatten() {
            if self.show.contains(&label) {
                return true;
            }
        }
        self.show.contains(&squashed(key))
    }

    /// `key` is made of words of the show's name ("deploy", "fridays" of Deploy
    /// Friday): for a phrase that names no thing of the catalogue.
    pub fn in_show_name(&self, key: &str) -> bool {
        let has = |w: &str| self.show_words.iter().any(|x| x == w || w.strip_suffix('s') == Some(x.as_str()));
        !key.is_empty() && key.split(' ').all(has)
    }

    /// Hides the entities that are the show's people or its own name (`topics.toml` and
    /// the show notes win, and so does a person's word the catalogue writes as a thing).
    pub fn hide(&self, catalogue: &mut Catalogue, stats: &NameStats) {
        for e in &mut catalogue.entities {
            if e.hidden || matches!(e.kind, Kind::Known | Kind::Sponsor) {
                continue;
            }
            if self.is_show(&e.key) || self.is_person(&e.key) && !written_as_thing(&e.key, stats) {
                e.hidden = true;
            }
        }
    }

    /// For the extraction cache's key.
    pub fn digest(&self, h: &mut blake3::Hasher) {
        let mut people: Vec<&String> = self.people.iter().collect();
        people.sort_unstable();
        h.update(format!("{people:?}|{:?}|{:?}", self.show, self.show_words).as_bytes());
    }
}

/// A person's word the catalogue also writes as a thing: introduced as a name at least
/// twice and in one mention of twenty ("a library called Rich", "pip install black").
/// (How a name is written says nothing here: "McQuaid" is as name-shaped as `ChatGPT`.)
fn written_as_thing(key: &str, stats: &NameStats) -> bool {
    stats.get(key).is_some_and(|t| t.naming >= 2 && t.naming * 20 >= t.mid)
}

/// Names right after an opener in a cue: "Welcome to Changelog & Friends." ->
/// "Changelog & Friends". Capitalised words, up to four, "&"/"and" between two of them.
fn opening_names(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for opener in OPENERS {
        for (at, _) in lower.match_indices(opener) {
            if lower[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let rest = &text[at + opener.len()..];
            let mut words = rest.split_whitespace().peekable();
            if words.peek().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
                words.next();
            }
            let mut name: Vec<&str> = Vec::new();
            for w in words {
                let word = if w == "&" { w } else { w.trim_end_matches(|c: char| !c.is_alphanumeric()) };
                let capital = word.starts_with(|c: char| c.is_uppercase());
                let joint = matches!(word, "&" | "and") && !name.is_empty();
                if !(capital || joint) || name.len() >= 4 {
                    break;
                }
                name.push(word);
                if word.len() < w.len() && word != "&" {
                    break;
                }
            }
            while name.last().is_some_and(|w| matches!(*w, "&" | "and")) {
                name.pop();
            }
            if !name.is_empty() {
                out.push(name.join(" "));
            }
        }
    }
    out
}

/// The word `count` finds in the most episodes, when that is at least `share` of the
/// `episodes` (and [`OPENING_MIN`]); ties go to the word first in order, so the choice
/// does not depend on the map's order.
fn most_said(count: FxHashMap<String, usize>, episodes: usize, share: f64) -> Option<String> {
    let need = ((episodes as f64 * share).ceil() as usize).max(OPENING_MIN);
    count
        .into_iter()
        .filter(|(_, c)| *c >= need)
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(w, _)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_show_opens_with_its_name() {
        assert_eq!(opening_names("Welcome to Changelog & Friends. Happy to have you."), vec!["Changelog & Friends"]);
        assert_eq!(opening_names("Hello and welcome to Python Bytes, where we"), vec!["Python Bytes"]);
        assert_eq!(opening_names("this is your seventh time on the show"), Vec::<String>::new());
        assert_eq!(opening_names("Welcome to another episode of Practical AI."), vec!["Practical AI"]);
    }

    #[test]
    fn addresses_and_names_of_the_show() {
        let own = Own {
            people: Default::default(),
            show: vec!["changelog".into(), "pythonbytes".into()],
            show_words: vec!["bytes".into(), "python".into()],
        };
        assert!(own.is_show("changelog"));
        assert!(own.is_show("changelog.com"));
        assert!(own.is_show("python bytes"));
        assert!(own.is_show("pythonbytes.fm"));
        assert!(!own.is_show("changelog nightly"));
        assert!(!own.is_show("python"));
        assert!(own.in_show_name("bytes"));
        assert!(!own.in_show_name("python speed"));
        assert_eq!(address_label("https://www.changelog.com/friends/"), Some("changelog".into()));
    }
}
