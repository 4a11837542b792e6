//! The people of the show, across the catalogue: who hosts (a name in many episodes),
//! who was a guest, one spelling per person (a misheard name folds into the spelling
//! the catalogue, `episodes.csv`, front matter or `people.toml` writes), never a
//! sponsor's or product's name, and where each is introduced or mentioned. Runs once the
//! catalogue is known; the people pages ([`crate::render`]) read what it returns.

use crate::extract::catalogue::{Catalogue, Kind};
use crate::model::Episode;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::path::Path;

/// Share of the catalogue's episodes a name must be heard in to be a host, and the
/// fewest episodes; below [`MIN_EPISODES_FOR_SHARE`] episodes a host is in every one.
const HOST_SHARE: f64 = 0.2;
const MIN_HOST_EPISODES: usize = 2;
const MIN_EPISODES_FOR_SHARE: usize = 5;
/// Seconds into an episode a guest's introduction is looked for.
const INTRO_WINDOW: u32 = 600;

/// One `[[person]]` of `people.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    /// The name the site shows.
    pub name: String,
    /// Other spellings (misheard, a nickname, a former name): merged into `name`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Never listed, nor given a page.
    #[serde(default)]
    pub hide: bool,
    /// A picture (URL or a path under the site's static files).
    pub img: Option<String>,
    /// Their own site.
    pub url: Option<String>,
    /// A sentence or two for their page.
    pub bio: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    #[serde(default)]
    person: Vec<PersonEntry>,
}

/// Reads `people.toml`: `[[person]]` tables with `name`, `aliases`, `hide`, `img`, `url`,
/// `bio`. The error names the file and line.
pub fn load_file(path: &Path, text: &str) -> Result<Vec<PersonEntry>, String> {
    let file: PeopleFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| crate::config::line_of(text, s.start)).unwrap_or(1);
        format!("{}:{line}: {}", path.display(), e.message())
    })?;
    Ok(file.person)
}

/// Where a person is introduced: an episode (index) and the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intro {
    pub episode: usize,
    pub start: u32,
}

/// One person with their episodes (indexes into the site's episodes, newest first).
#[derive(Debug, Clone, Default)]
pub struct Person {
    pub name: String,
    pub slug: String,
    pub hosted: Vec<usize>,
    pub guested: Vec<usize>,
    /// Episodes that say their full name without them on it, with the first moment.
    pub mentioned: Vec<Intro>,
    /// Where they are introduced as a guest.
    pub intros: Vec<Intro>,
    pub img: Option<String>,
    pub url: Option<String>,
    pub bio: Option<String>,
}

impl Person {
    pub fn appearances(&self) -> usize {
        self.hosted.len() + self.guested.len()
    }
}

/// Everyone with a page, most appearances first (then by name).
#[derive(Debug, Clone, Default)]
pub struct People {
    pub people: Vec<Person>,
    by_name: FxHashMap<String, usize>,
}

impl People {
    /// The person a name (as an episode lists it) is.
    pub fn get(&self, name: &str) -> Option<&Person> {
        self.by_name.get(name).map(|&i| &self.people[i])
    }
}

/// A name as compared: lower case, single spaces.
fn key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether `heard` is a misheard (or differently written) `known`: both full names, the
/// same last name and a close first name ("Ross"/"Russ"), or the same first name and a
/// close last name ("Diperson"/"DePerson").
fn same_person(heard: &str, known: &str) -> bool {
    let (a, b) = (key(heard), key(known));
    let (aw, bw): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if aw.len() < 2 || bw.len() < 2 {
        return false;
    }
    let (af, al) = (aw[0], aw[aw.len() - 1]);
    let (bf, bl) = (bw[0], bw[bw.len() - 1]);
    let close = |x: &str, y: &str| {
        let d = strsim::levenshtein(x, y);
        d <= 1 || (d <= 2 && x.len().min(y.len()) >= 6)
    };
    (al == bl && (close(af, bf) || strsim::jaro_winkler(af, bf) >= 0.9))
        || (af == bf && close(al, bl))
        || (a.replace(' ', "") == b.replace(' ', ""))
}

/// How many times more often a spelling must be heard to take in a name that only sounds
/// like it.
const FAR_MORE: u64 = 10;

/// The consonants of a word, each run once: "Okken" and "Akin" are both "kn".
fn skeleton(w: &str) -> String {
    let mut out = String::new();
    for c in w.chars().filter(|c| c.is_alphabetic() && !"aeiouyAEIOUY".contains(*c)) {
        let c = c.to_ascii_lowercase();
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Speech-to-text's versions of a name it hears often: the same first name, and a last
/// name of nearly the same consonants ("Brian Akin", "Brian Ecken" for "Brian Okken").
fn sounds_like(heard: &str, known: &str) -> bool {
    let (a, b) = (key(heard), key(known));
    let (aw, bw): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    aw.len() == 2
        && bw.len() == 2
        && aw[0] == bw[0]
        && strsim::levenshtein(&skeleton(aw[1]), &skeleton(bw[1])) <= 1
        && !skeleton(bw[1]).is_empty()
}

/// A heard name that is a thing of the catalogue: a sponsor, or a name the show notes or
/// `topics.toml` give a thing.
fn is_thing(name: &str, catalogue: &Catalogue) -> bool {
    catalogue.resolve(&key(name)).is_some_and(|e| {
        let ent = &catalogue.entities[e];
        matches!(ent.kind, Kind::Sponsor | Kind::Known) && catalogue.names_exactly(&key(name))
    })
}

/// Settles every episode's hosts and guests across the catalogue and gathers the people
/// pages. `episodes` are newest first; their lists are rewritten in place.
pub fn resolve(
    episodes: &mut [Episode],
    catalogue: &Catalogue,
    config_hosts: &[String],
    file: &[PersonEntry],
) -> People {
    // The spellings to fold into, most trusted first: people.toml, configured hosts,
    // names given by episodes.csv or front matter, then the catalogue's most said.
    let mut votes: FxHashMap<String, (u64, String)> = FxHashMap::default();
    let mut vote = |name: &str, w: u64| {
        let e = votes.entry(key(name)).or_insert((0, name.to_string()));
        e.0 += w;
    };
    for p in file {
        vote(&p.name, 1_000_000);
    }
    for h in config_hosts {
        vote(h, 100_000);
    }
    for ep in episodes.iter() {
        let w = if ep.people_given { 1_000 } else { 1 };
        for n in ep.hosts.iter().chain(&ep.guests) {
            vote(n, w);
        }
    }
    let mut ranked: Vec<(u64, String)> = votes.into_values().collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut canonical: FxHashMap<String, String> = FxHashMap::default();
    for p in file {
        for a in &p.aliases {
            canonical.insert(key(a), p.name.clone());
        }
        canonical.insert(key(&p.name), p.name.clone());
    }
    let mut kept: Vec<(u64, String)> = file.iter().filter(|p| !p.hide).map(|p| (u64::MAX, p.name.clone())).collect();
    for (w, name) in &ranked {
        if canonical.contains_key(&key(name)) {
            continue;
        }
        let into = kept
            .iter()
            .find(|(kw, k)| same_person(name, k) || (*kw >= FAR_MORE * w && *kw >= FAR_MORE && sounds_like(name, k)))
            .map(|(_, k)| k.clone())
            .unwrap_or_else(|| {
                kept.push((*w, name.clone()));
                name.clone()
            });
        canonical.insert(key(name), into);
    }
    let hidden: FxHashSet<String> = file.iter().filter(|p| p.hide).map(|p| key(&p.name)).collect();
    let fold = |n: &str| canonical.get(&key(n)).cloned().unwrap_or_else(|| n.to_string());

    // Fold each episode's names, drop things, and count the episodes each is heard in.
    let mut heard_in: FxHashMap<String, usize> = FxHashMap::default();
    let mut heard_episodes = 0;
    for ep in episodes.iter_mut() {
        let speakers: FxHashSet<String> = ep.cues.iter().filter_map(|c| c.speaker.as_deref()).map(key).collect();
        let clean = |names: &[String]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for n in names {
                if !ep.people_given && !speakers.contains(&key(n)) && is_thing(n, catalogue) {
                    continue;
                }
                let n = fold(n);
                if !hidden.contains(&key(&n)) && !out.contains(&n) {
                    out.push(n);
                }
            }
            out
        };
        ep.hosts = clean(&ep.hosts);
        ep.guests = clean(&ep.guests);
        ep.guests.retain(|g| !ep.hosts.contains(g));
        if !ep.people_given {
            heard_episodes += 1;
            for n in ep.hosts.iter().chain(&ep.guests) {
                *heard_in.entry(n.clone()).or_default() += 1;
            }
        }
    }
    // A host is in many episodes; everyone else heard is a guest.
    let needed = if heard_episodes >= MIN_EPISODES_FOR_SHARE {
        ((heard_episodes as f64 * HOST_SHARE).ceil() as usize).max(MIN_HOST_EPISODES)
    } else {
        heard_episodes.max(MIN_HOST_EPISODES)
    };
    let is_host = |n: &String| config_hosts.contains(n) || heard_in.get(n).is_some_and(|&c| c >= needed);
    if heard_episodes > 1 {
        for ep in episodes.iter_mut().filter(|e| !e.people_given) {
            let all: Vec<String> = ep.hosts.iter().chain(&ep.guests).cloned().collect();
            let (h, g): (Vec<String>, Vec<String>) = all.into_iter().partition(|n| is_host(n));
            // Without configured hosts, a lone episode's introduced names stay its hosts.
            if !h.is_empty() || !config_hosts.is_empty() {
                ep.hosts = h;
                ep.guests = g;
            }
        }
    }
    gather(episodes, file)
}

/// The people pages' records, from the settled episodes.
fn gather(episodes: &[Episode], file: &[PersonEntry]) -> People {
    let mut people: Vec<Person> = Vec::new();
    let mut by_name: FxHashMap<String, usize> = FxHashMap::default();
    for (i, ep) in episodes.iter().enumerate() {
        for (names, host) in [(&ep.hosts, true), (&ep.guests, false)] {
            for n in names {
                let at = *by_name.entry(n.clone()).or_insert_with(|| {
                    people.push(Person { name: n.clone(), ..Default::default() });
                    people.len() - 1
                });
                let p = &mut people[at];
                if host {
                    p.hosted.push(i);
                } else {
                    p.guested.push(i);
                    if let Some(start) = introduced_at(ep, n) {
                        p.intros.push(Intro { episode: i, start });
                    }
                }
            }
        }
    }
    mentions(episodes, &mut people);
    for p in &mut people {
        if let Some(e) = file.iter().find(|e| e.name == p.name) {
            p.img = e.img.clone();
            p.url = e.url.clone();
            p.bio = e.bio.clone();
        }
    }
    people.sort_by(|a, b| b.appearances().cmp(&a.appearances()).then_with(|| a.name.cmp(&b.name)));
    let mut slugs: FxHashSet<String> = FxHashSet::default();
    for p in &mut people {
        let base = crate::slug::slugify_or_hash(&p.name, "person");
        let mut slug = base.clone();
        let mut n = 2;
        while !slugs.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        p.slug = slug;
    }
    let by_name = people.iter().enumerate().map(|(i, p)| (p.name.clone(), i)).collect();
    People { people, by_name }
}

/// Where a guest is introduced: the first early cue that says their name (in full, else
/// their last, else first name), else the first they speak.
fn introduced_at(ep: &Episode, name: &str) -> Option<u32> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let says = |text: &str, w: &str| {
        text.match_indices(w).any(|(at, _)| {
            let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = text[at + w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            before && after
        })
    };
    let early = || ep.cues.iter().take_while(|c| c.start <= INTRO_WINDOW);
    let mut forms = vec![name];
    if words.len() > 1 {
        forms.extend([words[words.len() - 1], words[0]]);
    }
    forms
        .iter()
        .find_map(|f| early().find(|c| c.speaker.as_deref() != Some(name) && says(&c.text, f)).map(|c| c.start))
        .or_else(|| ep.cues.iter().find(|c| c.speaker.as_deref() == Some(name)).map(|c| c.start))
}

/// Episodes that say a person's full name without them on it: one pass of every
/// transcript against every name.
fn mentions(episodes: &[Episode], people: &mut [Person]) {
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    if names.iter().all(|n| !n.contains(' ')) {
        return;
    }
    let Ok(ac) = aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(&names) else { return };
    // Each episode scanned on its own (in parallel: this reads every transcript), the
    // finds gathered in episode order.
    use rayon::prelude::*;
    let heard: Vec<Vec<(usize, u32)>> = episodes
        .par_iter()
        .map(|ep| {
            let mut seen: FxHashSet<usize> = FxHashSet::default();
            let mut out = Vec::new();
            for c in &ep.cues {
                for m in ac.find_iter(&c.text) {
                    let p = m.pattern().as_usize();
                    // Full names only: a first name alone names too many.
                    if !names[p].contains(' ') || !seen.insert(p) {
                        continue;
                    }
                    if !ep.hosts.iter().chain(&ep.guests).any(|n| n == names[p]) {
                        out.push((p, c.start));
                    }
                }
            }
            out
        })
        .collect();
    let mut found: Vec<Vec<Intro>> = vec![Vec::new(); people.len()];
    for (i, finds) in heard.into_iter().enumerate() {
        for (p, start) in finds {
            found[p].push(Intro { episode: i, start });
        }
    }
    for (p, f) in people.iter_mut().zip(found) {
        p.mentioned = f;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misheard_names_are_the_same_person() {
        assert!(same_person("Gil Diperson", "Gil DePerson"));
        assert!(same_person("Ross Maschmeyer", "Russ Maschmeyer"));
        assert!(!same_person("Chris Benson", "Chris DeBellis"));
        assert!(!same_person("Paula Kennedy", "Michael Kennedy"));
        assert!(!same_person("Chris", "Chris Benson"));
        assert!(sounds_like("Brian Akin", "Brian Okken"));
        assert!(sounds_like("Brian Ecken", "Brian Okken"));
        assert!(!sounds_like("Brian Kernighan", "Brian Okken"));
    }

    #[test]
    fn people_toml_reads_and_names_its_line() {
        let p = load_file(Path::new("people.toml"), "[[person]]\nname = \"Ada\"\naliases = [\"Aida\"]\nhide = true\n")
            .unwrap();
        assert_eq!(p[0].aliases, vec!["Aida".to_string()]);
        assert!(p[0].hide);
        let e = load_file(Path::new("people.toml"), "[[person]]\nname = \"Ada\"\nnickname = \"A\"\n").unwrap_err();
        assert!(e.starts_with("people.toml:3:"), "{e}");
    }
}
