//! One page per thing (issue 19, requirement 4): two entities of the catalogue that are
//! one thing said two ways fold into one, by general rules read from the catalogue, never
//! by a list of names:
//!
//! - a web address or `.js` ending of the same name: "Fly.io" and "Fly", "Electron.js"
//!   and "Electron" (where a third of the short form's episodes say the long one too:
//!   TensorFlow is not TensorFlow.js), "google.com" and "Google" (always);
//! - the same ending glued on or said apart: "asyncio" and "async", "Electron JS",
//!   "Travis CI" and "Travis";
//! - a name and its address said together in two episodes or more, half of the fewer's
//!   ("Fly" and "Fly.io"): the page goes by the name where most of its episodes say it
//!   alone;
//! - a numeronym: "K8s" of "Kubernetes" (k, eight letters, s), said in the same episodes;
//! - a maker's prefix: "GitHub Copilot" and "Copilot", "Google Colab" and "Colab", where
//!   the prefix is a thing of the catalogue itself and at least half the episodes that
//!   say the short form say the long one too ("Ingress NGINX" does not take NGINX, nor
//!   "Django ORM" ORM, said in many episodes without them), or the product is the long
//!   form's last word where two thirds do; never a product said with two prefixes or
//!   more ("VS Code", "Claude Code");
//! - the long form's first words: "Jupyter" of "Jupyter Notebook", "Elon" of "Elon
//!   Musk", where two thirds of the short form's episodes say the long one too (not
//!   "Google" of "Google Colab"); where the long form's other words are filler written in
//!   lower case ("Jupyter notebooks") and it is said in fewer episodes, the page goes by
//!   the short form;
//! - the long form with an ending glued on, written in capitals, that is no word of its
//!   own: "Postgres" of "PostgreSQL", "Influx" of "InfluxDB" (not "Java" of "JavaScript",
//!   "Git" of "GitHub" nor "Swift" of "SwiftUI": "script" and "hub" are words, "UI" is
//!   general vocabulary), where half the short form's episodes say the long one too;
//! - an acronym of the long form's words or syllables: "DoD" of "Department of Defense",
//!   "WASM" of "WebAssembly", "GANs" of "generative adversarial networks", written in
//!   capitals and said in the same episodes (two at least, and half of the acronym's);
//!   syllables only of a name written as one word ("GDPR" is not "General Data
//!   Protection").
//!
//! A multi-word name nearly always said inside the same longer one ("York City" in "New
//! York City", "series forecasting" in "time series forecasting") is a fragment: it folds
//! into the longer name where the catalogue has it, and has no page otherwise
//! ([`fragments`]).
//!
//! An ending glued on or said apart needs the two forms said in the same episodes: at
//! least one, and at least half of those of the form said in fewer episodes. "Swift" and
//! "SwiftUI", "Java" and "JavaScript" are two things and no rule joins them. Runs once pass 3 is done (every episode's entities
//! known), on every build, so the extraction cache does not hold its result.

use super::catalogue::{is_general, Catalogue, Kind};
use super::lexicon;
use super::spans::STOP;
use crate::model::{EntityMentions, Episode};
use rustc_hash::{FxHashMap, FxHashSet};

/// Endings of a web address or a JavaScript library's name, written after a dot.
const DOT_ENDINGS: &[&str] = &["js", "io", "com", "dev", "ai", "sh", "org", "net", "app", "fm"];
/// Endings also glued on ("asyncio", "nodejs") or said as a word ("Electron JS",
/// "Travis CI").
const WORD_ENDINGS: &[&str] = &["js", "io", "ci"];

/// Endings of a web site's address: "google.com" is Google, whatever else is said.
const SITE_ENDINGS: &[&str] = &["com", "org", "net", "fm"];

/// How a long form was found for a short one.
#[derive(Clone, Copy)]
enum Rule {
    /// "fly.io" for "fly": a third of the short form's episodes say the long one too
    /// (TensorFlow, said in many episodes, is not TensorFlow.js); "google.com" for
    /// "google" always.
    Dotted,
    /// "asyncio", "travis ci": said in the same episodes, half of them at least.
    Ending,
    /// "github copilot": half the short form's episodes say the long one too ("ORM" is
    /// not "Django ORM").
    Maker,
    /// "jupyter notebook" for "jupyter": two thirds of the short form's episodes say the
    /// long one too.
    Head,
    /// "postgresql" for "postgres": half the short form's episodes say the long one too.
    Glued,
    /// "department of defense" for "dod": said together in two episodes at least, and in
    /// half of the acronym's ("PEP" is not "pytest-Picked").
    Acronym,
    /// "kubernetes" for "k8s": the first and last letters and the count between them.
    Numeronym,
}

/// Folds the split things of the catalogue: each episode's topics and mentions of the
/// shorter form become the longer one's, and the shorter form has no page; then the
/// fragments of longer names ([`fragments`]). Returns the pairs folded (short key, long
/// key), in the catalogue's order, then the fragments (key, and the longer name's key or
/// nothing when it has no page), then the first names with no page (key, nothing).
pub fn fold(episodes: &mut [Episode], catalogue: &mut Catalogue) -> Vec<(String, String)> {
    let people = first_names(episodes, catalogue);
    let mut folded = fold_splits(episodes, catalogue, &people);
    folded.extend(fragments(episodes, catalogue));
    // A first name left unfolded (no full name said in most of its episodes) names no one
    // in particular: no page.
    let mut gone: FxHashSet<usize> = FxHashSet::default();
    let mut people: Vec<usize> = people.into_iter().collect();
    people.sort_unstable();
    for e in people {
        let ent = &mut catalogue.entities[e];
        if !ent.hidden {
            folded.push((ent.key.clone(), String::new()));
            ent.hidden = true;
            gone.insert(e);
        }
    }
    // Nor is it an episode's topic (requirement 2). A fragment without a page stays one:
    // it often holds the words of a show-notes item ("web conference").
    if !gone.is_empty() {
        for ep in episodes.iter_mut() {
            drop_topics(ep, &gone);
        }
    }
    folded
}

/// Takes the entities `gone` off an episode's topics; a chapter or link that named one
/// names no topic.
fn drop_topics(ep: &mut Episode, gone: &FxHashSet<usize>) {
    let mut dropped: Vec<String> = Vec::new();
    ep.topics.retain(|t| match t.entity {
        Some(e) if gone.contains(&e) => {
            dropped.push(t.name.clone());
            false
        }
        _ => true,
    });
    if dropped.is_empty() {
        return;
    }
    for c in &mut ep.chapters {
        if c.topic.as_ref().is_some_and(|t| dropped.contains(t)) {
            c.topic = None;
        }
    }
    for l in &mut ep.links {
        if l.topic.as_ref().is_some_and(|t| dropped.contains(t)) {
            l.topic = None;
        }
    }
}

/// The split things: see the module's rules.
fn fold_splits(
    episodes: &mut [Episode],
    catalogue: &mut Catalogue,
    people: &FxHashSet<usize>,
) -> Vec<(String, String)> {
    let n = catalogue.entities.len();
    let usable = |e: usize| {
        let ent = &catalogue.entities[e];
        !ent.hidden && ent.kind != Kind::Sponsor && !ent.plain_word
    };
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, e) in catalogue.entities.iter().enumerate() {
        if usable(i) {
            by_key.entry(e.key.as_str()).or_insert(i);
        }
    }
    // How many names of several words each head of words starts ("apple" starts "apple
    // music" and "apple tv").
    let mut heads: FxHashMap<String, usize> = FxHashMap::default();
    for key in by_key.keys() {
        let words: Vec<&str> = key.split(' ').collect();
        for k in 1..words.len() {
            *heads.entry(words[..k].join(" ")).or_default() += 1;
        }
    }
    let starts_names = |head: &str| heads.get(head).copied().unwrap_or(0);
    // How many names of several words end with each word ("code" ends "vs code" and
    // "claude code": a product of no one maker in particular).
    let mut ends: FxHashMap<&str, usize> = FxHashMap::default();
    for key in by_key.keys() {
        if let Some((_, last)) = key.rsplit_once(' ') {
            *ends.entry(last).or_default() += 1;
        }
    }
    // The episodes that say each entity.
    let mut said_in: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, ep) in episodes.iter().enumerate() {
        for m in ep.entities.iter().filter(|m| !m.cues.is_empty()) {
            said_in[m.entity].push(i as u32);
        }
    }
    let both = |a: usize, b: usize| {
        let set: FxHashSet<u32> = said_in[a].iter().copied().collect();
        said_in[b].iter().filter(|e| set.contains(e)).count()
    };
    // How each entity is written most (its capitals: "DoD", "WebAssembly").
    let written = most_written(episodes, n);
    // Acronyms: keys of two to six letters or digits written with two capitals or more.
    let acronyms: Vec<usize> = (0..n)
        .filter(|&e| usable(e) && !said_in[e].is_empty())
        .filter(|&e| {
            let k = &catalogue.entities[e].key;
            (2..=6).contains(&k.len())
                && k.chars().all(|c| c.is_ascii_alphanumeric())
                && written[e].as_deref().is_some_and(|w| w.chars().filter(char::is_ascii_uppercase).count() >= 2)
        })
        .collect();

    // Each short form's best long form: (co-occurrence, long).
    let mut best: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
    for (long, ent) in catalogue.entities.iter().enumerate() {
        if !usable(long) || said_in[long].is_empty() {
            continue;
        }
        let key = ent.key.as_str();
        let words: Vec<&str> = key.split(' ').collect();
        let mut shorts: Vec<(usize, Rule)> = Vec::new();
        let mut add = |short: Option<&usize>, rule: Rule| {
            if let Some(&s) = short.filter(|&&s| s != long) {
                shorts.push((s, rule));
            }
        };
        if words.len() == 1 {
            // "fly.io", "electron.js"
            if let Some((head, tail)) = key.rsplit_once('.') {
                if DOT_ENDINGS.contains(&tail) && !head.contains('.') && head.chars().count() >= 2 {
                    add(by_key.get(head), Rule::Dotted);
                }
            }
            if key.len() >= 4 && key.chars().all(|c| c.is_ascii_lowercase()) {
                // "k8s" for "kubernetes", "a11y" for "accessibility".
                let (first, last) = (&key[..1], &key[key.len() - 1..]);
                add(by_key.get(format!("{first}{}{last}", key.len() - 2).as_str()), Rule::Numeronym);
            }
            // "asyncio", "nodejs"
            for end in WORD_ENDINGS {
                if let Some(head) = key.strip_suffix(end) {
                    let head = head.trim_end_matches(['-', '_']);
                    if head.chars().count() >= 3 {
                        add(by_key.get(head), Rule::Ending);
                    }
                }
            }
        } else {
            // "travis ci", "electron js"
            if WORD_ENDINGS.contains(words.last().unwrap_or(&"")) {
                add(by_key.get(words[..words.len() - 1].join(" ").as_str()), Rule::Ending);
            }
            // "github copilot": the maker is a thing of its own, or the product is the long
            // form's last word and ends no other name ("Code" ends "VS Code" and "Claude
            // Code": it folds into neither).
            let last = words[words.len() - 1];
            if by_key.contains_key(words[0]) || ends.get(last).copied().unwrap_or(0) == 1 {
                let product = words[1..].join(" ");
                if !product.contains(' ') || by_key.contains_key(words[0]) {
                    add(by_key.get(product.as_str()), Rule::Maker);
                }
            }
            if words.len() > 2 && ends.get(last).copied().unwrap_or(0) == 1 {
                add(by_key.get(last), Rule::Maker);
            }
            // "jupyter notebook", "elon musk": its first words. Not a maker's name before a
            // product that is a thing of its own ("GitHub Copilot", "AWS Lambda": the maker
            // rule's), nor a head that starts two names or more ("Apple Music", "Apple TV":
            // Apple is their maker), nor a head of one or two letters ("R Studio").
            for k in 1..words.len() {
                let head = words[..k].join(" ");
                if !words[k..].iter().any(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                    && head.chars().count() >= 3
                    && !by_key.contains_key(words[k..].join(" ").as_str())
                    && starts_names(&head) < 2
                {
                    add(by_key.get(head.as_str()), Rule::Head);
                }
            }
        }
        // "postgresql": a short form and an ending written in capitals ("QL") that is no
        // word, nor a thing ("FluPyde" is no long form of flupy, but a mishearing).
        let written_caps = written[long].as_deref().unwrap_or("");
        if words.len() == 1 && key.chars().all(|c| c.is_ascii_alphanumeric()) {
            for (at, _) in key.char_indices().skip(3) {
                let (head, tail) = key.split_at(at);
                if tail.len() >= 2
                    && tail.chars().all(|c| c.is_ascii_lowercase())
                    && written_caps.len() == key.len()
                    && written_caps.get(at..).is_some_and(|t| t.chars().all(|c| c.is_ascii_uppercase()))
                    && !lexicon::is_word(tail)
                    && !is_general(tail)
                    && !by_key.contains_key(tail)
                {
                    add(by_key.get(head), Rule::Glued);
                }
            }
        }
        // "dod" of "department of defense", "wasm" of "webassembly".
        if let Some(parts) = written[long].as_deref().map(name_parts).filter(|p| p.len() >= 2) {
            // A name of several words gives its initials ("GDPR" is not "General Data
            // Protection", "CNI" not "cloud-native"); one word written in parts gives
            // syllables ("WASM").
            let syllables = !written[long]
                .as_deref()
                .is_some_and(|w| w.contains(|c: char| c.is_whitespace() || c == '-' || c == '_'));
            for &a in &acronyms {
                let short = catalogue.entities[a].key.as_str();
                let letters: Vec<char> = short.chars().collect();
                // "GANs": a plural written in lower case after the capitals ("CMS" is none).
                let plural = written[a]
                    .as_deref()
                    .filter(|w| w.ends_with('s'))
                    .and_then(|_| short.strip_suffix('s'))
                    .map(|s| s.chars().collect::<Vec<char>>());
                if !key.starts_with(short)
                    && (spells(&letters, &parts, syllables)
                        || plural.is_some_and(|p| p.len() >= 2 && spells(&p, &parts, syllables)))
                {
                    add(Some(&a), Rule::Acronym);
                }
            }
        }
        for (short, rule) in shorts {
            let together = both(short, long);
            let fewer = said_in[short].len().min(said_in[long].len());
            let site = key.rsplit_once('.').is_some_and(|(_, t)| SITE_ENDINGS.contains(&t));
            // A web address ("fly.io", "render.com"), not a library's ".js" name.
            let address = key.rsplit_once('.').is_some_and(|(_, t)| t != "js");
            // A product's name of one word after a maker's: it is that maker's where the
            // maker prefixes no other product said as it.
            let maker_only = catalogue.entities[short].key.contains(' ')
                || ends.get(catalogue.entities[short].key.as_str()).copied().unwrap_or(0) <= 1;
            // Where the maker is no thing of the catalogue ("San Jose"), two thirds of the
            // product's episodes say the long form ("Jose" is mostly a person).
            let maker_thing = by_key.contains_key(words[0]);
            // `topics.toml` and the show notes name a thing as they mean it.
            let known = catalogue.entities[short].kind == Kind::Known;
            // A person's first name folds only into a full name ("Elon Musk"), never into a
            // product ("Maria" is not "MariaDB").
            let person = people.contains(&short) && !matches!(rule, Rule::Head);
            // A two-letter acronym stands for many things ("TS", "ML"): it folds only where
            // the long form is said in most of its episodes.
            let two = catalogue.entities[short].key.chars().count() <= 2;
            let folds = match rule {
                _ if person => false,
                Rule::Head | Rule::Glued | Rule::Acronym | Rule::Numeronym if known => false,
                // A name of three words or more ends in a product only where the product is
                // no name of `topics.toml` or the notes ("C#" is not "F# and C#"); a name
                // of the notes and its address ("Locust", "locust.io") stay one thing.
                Rule::Maker if known && words.len() > 2 => false,
                Rule::Acronym if two => together >= 2 && together * 2 > said_in[short].len(),
                Rule::Dotted if site => true,
                // A name and its address said in the same episodes, half of the fewer's;
                // an address said in a sliver of the name's episodes is another product on
                // its maker's domain ("GitHub.dev").
                Rule::Dotted
                    if address
                        && together >= 2
                        && together * 2 >= fewer
                        && said_in[short].len() <= said_in[long].len() * 4 =>
                {
                    true
                }
                Rule::Dotted => together >= 1 && together * 3 >= said_in[short].len(),
                Rule::Ending => together >= 1 && together * 2 >= fewer,
                Rule::Maker if !maker_only => false,
                Rule::Maker if !maker_thing => together >= 1 && together * 3 >= said_in[short].len() * 2,
                Rule::Maker | Rule::Glued => together >= 1 && together * 2 >= said_in[short].len(),
                Rule::Numeronym => together >= 1 && together * 2 >= said_in[short].len(),

                Rule::Head => together >= 2 && together * 3 >= said_in[short].len() * 2,
                Rule::Acronym => together >= 2 && together * 2 >= said_in[short].len(),
            };
            // The long form of a name's first words and filler written in lower case
            // ("Jupyter notebooks"), said in fewer episodes than the name, is the name: it
            // folds the other way ("Visual Studio code", said in more, is VS Code).
            let filler = matches!(rule, Rule::Head)
                && catalogue.entities[long].kind != Kind::Known
                && said_in[long].len() <= said_in[short].len()
                && written[long].as_deref().is_some_and(|w| {
                    // Written most as the name and filler, and always as the name and more
                    // words ("VS Code" is a name of its own, not "Visual Studio" and filler).
                    let head: Vec<&str> = catalogue.entities[short].key.split(' ').collect();
                    let starts = |w: &str| {
                        let words: Vec<&str> = w.split_whitespace().collect();
                        words.len() > head.len() && words.iter().zip(&head).all(|(a, b)| a.to_lowercase() == *b)
                    };
                    let filler_after = starts(w)
                        && w.split_whitespace().skip(head.len()).all(|x| {
                            x.chars().all(|c| c.is_lowercase()) && (lexicon::is_word(x) || lexicon::is_english(x))
                        });
                    filler_after
                        && episodes.iter().all(|ep| {
                            ep.entities
                                .iter()
                                .filter(|m| m.entity == long)
                                .all(|m| m.spellings.iter().all(|(s, _)| starts(s)))
                        })
                });
            // A name and its address, joined because the address is said in the name's
            // episodes (not the name in the address's), go by the name where it is said in
            // more episodes ("Fly" takes "Fly.io" where most of its episodes say "Fly" alone).
            let by_address = matches!(rule, Rule::Dotted)
                && address
                && !site
                && catalogue.entities[long].kind != Kind::Known
                && said_in[short].len() > said_in[long].len()
                && together * 3 < said_in[short].len();
            let (from, to) = if filler || by_address { (long, short) } else { (short, long) };
            if folds {
                let e = best.entry(from).or_insert((together, to));
                if together > e.0 {
                    *e = (together, to);
                }
            }
        }
    }
    if best.is_empty() {
        return Vec::new();
    }
    // Where the long form folds on too, the longest end of the chain.
    let mut into: FxHashMap<usize, usize> = FxHashMap::default();
    let mut shorts: Vec<usize> = best.keys().copied().collect();
    shorts.sort_unstable();
    for &s in &shorts {
        let mut to = best[&s].1;
        let mut steps = 0;
        while let Some(&(_, next)) = best.get(&to) {
            if next == s || steps > 8 {
                break;
            }
            to = next;
            steps += 1;
        }
        if to != s {
            into.insert(s, to);
        }
    }

    // The page goes by the long form's name ("asyncio", "Fly.io", "GitHub Copilot"), as
    // the episodes write it most, capitalised when a third of them are.
    let mut votes: FxHashMap<usize, FxHashMap<&str, u32>> = FxHashMap::default();
    // (A web site's address is the site's name written out: "google.com" is Google.)
    let site = |e: usize| catalogue.entities[e].key.rsplit_once('.').is_some_and(|(_, t)| SITE_ENDINGS.contains(&t));
    let longs: FxHashSet<usize> = into.values().copied().filter(|&e| !site(e)).collect();
    for ep in episodes.iter() {
        for m in ep.entities.iter().filter(|m| longs.contains(&m.entity)) {
            for (s, c) in &m.spellings {
                *votes.entry(m.entity).or_default().entry(s.as_str()).or_default() += c;
            }
        }
    }
    let mut names: Vec<(usize, String)> = votes
        .into_iter()
        .filter_map(|(e, v)| {
            let total: u32 = v.values().sum();
            let best = |caps: bool| {
                v.iter()
                    .filter(|(s, _)| s.chars().any(char::is_uppercase) == caps)
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(s, n)| (s.to_string(), *n))
            };
            let name = match (best(true), best(false)) {
                (Some((c, n)), _) if n * 3 >= total => c,
                (_, Some((l, _))) => l,
                (Some((c, _)), None) => c,
                (None, None) => return None,
            };
            Some((e, name))
        })
        .collect();
    names.sort_unstable();
    for (e, name) in names {
        let ent = &mut catalogue.entities[e];
        if ent.name.is_none() {
            ent.name = Some(name);
        }
    }
    for ep in episodes.iter_mut() {
        fold_episode(ep, &into);
    }
    let mut folded = Vec::new();
    for &s in &shorts {
        if let Some(&to) = into.get(&s) {
            folded.push((catalogue.entities[s].key.clone(), catalogue.entities[to].key.clone()));
            catalogue.fold_into(s, to);
        }
    }
    folded
}

/// One episode's topics and mentions with the folded entities as the one they fold into.
fn fold_episode(ep: &mut Episode, into: &FxHashMap<usize, usize>) {
    if !ep.entities.iter().any(|m| into.contains_key(&m.entity)) {
        return;
    }
    let mut merged: Vec<EntityMentions> = Vec::with_capacity(ep.entities.len());
    let mut all = std::mem::take(&mut ep.entities);
    for m in &mut all {
        if let Some(&to) = into.get(&m.entity) {
            m.entity = to;
        }
    }
    all.sort_by_key(|m| m.entity);
    for m in all {
        match merged.last_mut() {
            Some(last) if last.entity == m.entity => {
                last.cues.extend(m.cues);
                last.cues.sort_unstable();
                last.cues.dedup();
                last.said += m.said;
                for (s, c) in m.spellings {
                    match last.spellings.iter_mut().find(|(x, _)| *x == s) {
                        Some(x) => x.1 += c,
                        None => last.spellings.push((s, c)),
                    }
                }
                last.spellings.sort();
                last.in_notes |= m.in_notes;
                last.ranked |= m.ranked;
                last.subject |= m.subject;
            }
            _ => merged.push(m),
        }
    }
    ep.entities = merged;

    // Topics: one per entity, where the first of the two forms stood; a chapter that
    // named the other form names the one kept.
    let mut kept_name: FxHashMap<usize, String> = FxHashMap::default();
    let mut renamed: Vec<(String, String)> = Vec::new();
    ep.topics.retain_mut(|t| {
        let Some(e) = t.entity else { return true };
        let to = into.get(&e).copied().unwrap_or(e);
        if to != e {
            t.entity = Some(to);
            t.spelling = true;
        }
        match kept_name.get(&to) {
            Some(name) => {
                renamed.push((t.name.clone(), name.clone()));
                false
            }
            None => {
                kept_name.insert(to, t.name.clone());
                true
            }
        }
    });
    for c in &mut ep.chapters {
        if let Some((_, to)) = renamed.iter().find(|(from, _)| c.topic.as_ref() == Some(from)) {
            c.topic = Some(to.clone());
        }
    }
    for l in &mut ep.links {
        if let Some((_, to)) = renamed.iter().find(|(from, _)| l.topic.as_ref() == Some(from)) {
            l.topic = Some(to.clone());
        }
    }
}

/// Each entity's spelling most written in the episodes (capitals kept), if any.
fn most_written(episodes: &[Episode], n: usize) -> Vec<Option<String>> {
    let mut votes: Vec<FxHashMap<&str, u32>> = vec![FxHashMap::default(); n];
    for ep in episodes {
        for m in &ep.entities {
            for (s, c) in &m.spellings {
                *votes[m.entity].entry(s.as_str()).or_default() += c;
            }
        }
    }
    votes
        .into_iter()
        .map(|v| v.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0))).map(|(s, _)| s.to_string()))
        .collect()
}

/// The parts of a written name, lower case: its words, and the capitalised parts of a
/// word written in CamelCase ("WebAssembly" is "web", "assembly").
fn name_parts(written: &str) -> Vec<String> {
    let mut parts = Vec::new();
    for word in written.split(|c: char| c.is_whitespace() || c == '-' || c == '_').filter(|w| !w.is_empty()) {
        let mut cur = String::new();
        let chars: Vec<char> = word.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            // A new part at a capital after a small letter ("bA"), or at the last capital
            // of a run before small letters ("MLCommons": "ML", "Commons").
            let next_small = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let cut = c.is_uppercase() && prev.is_some_and(|p| p.is_lowercase() || (p.is_uppercase() && next_small));
            if cut && !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
            if c.is_alphanumeric() {
                cur.extend(c.to_lowercase());
            }
        }
        if !cur.is_empty() {
            parts.push(cur);
        }
    }
    parts
}

/// Function words an acronym may skip ("Department of Defense" is "DoD" or "DD").
const SKIPPED: &[&str] = &["of", "for", "and", "the", "a", "an", "to", "in", "on"];

/// Do `letters` spell an acronym of `parts`: each part (a skipped function word may give
/// none) gives its first letter and, with `syllables`, maybe more of its letters in
/// order, never all of a part of two letters or more ("WASM" of "web", "assembly"; "PYC"
/// is not "PyCon")?
fn spells(letters: &[char], parts: &[String], syllables: bool) -> bool {
    fn go(letters: &[char], parts: &[String], syllables: bool, i: usize, j: usize) -> bool {
        let Some(part) = parts.get(j) else { return i == letters.len() };
        if SKIPPED.contains(&part.as_str()) && go(letters, parts, syllables, i, j + 1) {
            return true;
        }
        let p: Vec<char> = part.chars().collect();
        if letters.get(i) != p.first() {
            return false;
        }
        // Take the first letter, then k more letters of the part, in order.
        let (mut k, mut from, mut taken) = (i + 1, 1, 1);
        loop {
            if (taken < p.len() || p.len() == 1) && go(letters, parts, syllables, k, j + 1) {
                return true;
            }
            if !syllables {
                return false;
            }
            let Some(&c) = letters.get(k) else { return false };
            let Some(at) = p[from..].iter().position(|&x| x == c) else { return false };
            from += at + 1;
            k += 1;
            taken += 1;
        }
    }
    !letters.is_empty() && go(letters, parts, syllables, 0, 0)
}

/// Words of a sentence that speaks to someone: "Welcome to the show, Raj", "if you
/// agree, Raj, ...", "How're you doing Raj?".
const ADDRESSING: &[&str] = &["you", "your", "welcome", "thanks", "thank", "hey", "hi", "hello", "appreciate", "glad"];

/// Words right before a name that greet or thank its bearer: "Welcome Raj.", "Thanks Raj."
/// ("Back up your Postgres." and "Are you doing GraphQL?" speak to someone too, not to
/// the thing named.)
const GREETING: &[&str] = &["welcome", "thanks", "thank", "hey", "hi", "hello"];

/// How one mention of a one-word name is said.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Said {
    /// To the person: "Welcome, Raj.", "Raj, what do you think?".
    Address,
    /// As the start of a full name: "Sebastian Thrun".
    FullName,
    /// Any other way ("Kubeflow runs on...", "Raj said").
    Other,
}

/// How the mention of a name at `at..end` of a cue's text is said.
fn said_as(text: &str, at: usize, end: usize) -> Said {
    let before = text[..at].trim_end();
    let after = &text[end..];
    // The sentence around it.
    let from = before.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    let to = after.find(['.', '!', '?']).map_or(text.len(), |i| end + i);
    let sentence = text[from..to].to_lowercase();
    let speaks_to = sentence
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| ADDRESSING.contains(&w) || w.starts_with("you'"));
    let mut words_before = before.rsplit(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty());
    let last_before = words_before.next().unwrap_or("").to_lowercase();
    let greeted = GREETING.contains(&last_before.as_str())
        || (last_before == "you" && words_before.next().is_some_and(|w| w.eq_ignore_ascii_case("thank")));
    let after_t = after.trim_start();
    let ends = after_t.is_empty() || after_t.starts_with([',', '.', '!', '?', ';']);
    let starts = before.is_empty() || before.ends_with(['.', '!', '?', ':']);
    // An item of a list is said to no one: "use MySQL, Postgres, or SQLite", "Redis,
    // Postgres and Kafka"; nor is a name that opens a thought ("Kubernetes, you know, ...").
    let listed = {
        let next_word = after_t.trim_start_matches(',').split_whitespace().next().unwrap_or("").to_lowercase();
        // The word before a comma before the name, when it opens no sentence ("Thanks,
        // Raj" and "So, Raj" greet; "MySQL, Postgres" lists).
        let previous_item = before.strip_suffix(',').map(str::trim_end).and_then(|b| {
            let w = b.rsplit(char::is_whitespace).next()?;
            let rest = b[..b.len() - w.len()].trim_end();
            (!rest.is_empty() && !rest.ends_with(['.', '!', '?', ':'])).then_some(w)
        });
        next_word == "and"
            || next_word == "or"
            || previous_item
                .is_some_and(|w| w.starts_with(char::is_uppercase) && !ADDRESSING.contains(&w.to_lowercase().as_str()))
            || after_t.trim_start_matches(',').trim_start().to_lowercase().starts_with("you know")
    };
    if speaks_to && !listed && ((ends && (before.ends_with(',') || greeted)) || (starts && after_t.starts_with(','))) {
        return Said::Address;
    }
    if after.starts_with(' ') {
        let next: String = after_t.chars().take_while(|c| c.is_alphanumeric()).collect();
        // A surname is no word: "Grafana Cloud", "Grafana Labs" are a maker's products.
        let lower = next.to_lowercase();
        if next.starts_with(char::is_uppercase)
            && next.chars().all(char::is_alphabetic)
            && !STOP.contains(lower.as_str())
            && !lexicon::is_word(&lower)
            && !lexicon::is_english(&lower)
        {
            return Said::FullName;
        }
    }
    Said::Other
}

/// First names: a name of one word, written with a capital, that the episodes say to a
/// person ("Welcome to the show, Raj") at least once, and at least half the times as
/// that or as the start of a full name ("Raj Patel"). A page of one's first name tells no
/// one apart: it folds into the full name where the first-words rule finds one, and
/// has no page otherwise ([`fold`]); it never folds into a product ("Maria" is not
/// "MariaDB"). `topics.toml` and the show notes name a thing as they mean it.
fn first_names(episodes: &[Episode], catalogue: &Catalogue) -> FxHashSet<usize> {
    let n = catalogue.entities.len();
    let candidate = |e: usize| {
        let ent = &catalogue.entities[e];
        !ent.hidden
            && ent.kind == Kind::Name
            && !ent.plain_word
            && ent.key.len() >= 2
            && ent.key.chars().all(|c| c.is_ascii_lowercase())
    };
    // Per entity: (times found, said to someone, said as a full name's start).
    let mut counts: Vec<(u32, u32, u32)> = vec![(0, 0, 0); n];
    for ep in episodes {
        for m in ep.entities.iter().filter(|m| candidate(m.entity)) {
            let key = catalogue.entities[m.entity].key.as_str();
            let c = &mut counts[m.entity];
            for &i in &m.cues {
                let Some(cue) = ep.cues.get(i as usize) else { continue };
                let text = cue.text.as_str();
                let mut from = 0;
                while let Some(pos) = text[from..].find(|ch: char| ch.is_uppercase()) {
                    let at = from + pos;
                    let end = at + key.len();
                    let word_end = |t: &str| !t.starts_with(|ch: char| ch.is_alphanumeric() || ch == '-');
                    let word_start = at == 0 || !text[..at].ends_with(|ch: char| ch.is_alphanumeric());
                    if word_start
                        && text.get(at..end).is_some_and(|w| w.eq_ignore_ascii_case(key))
                        && word_end(&text[end..])
                    {
                        c.0 += 1;
                        match said_as(text, at, end) {
                            Said::Address => c.1 += 1,
                            Said::FullName => c.2 += 1,
                            Said::Other => {}
                        }
                    }
                    from = at + text[at..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
    }
    (0..n)
        .filter(|&e| {
            let (found, address, full) = counts[e];
            address >= 1 && (address + full) * 2 >= found
        })
        .collect()
}

/// Words beside a phrase that make no longer phrase with it ("the", "using"). Narrower
/// than [`STOP`] on purpose: "time" before "series forecasting" and "learning" after
/// "deep reinforcement" are common words that make the longer phrase.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "with", "about", "that", "this", "these", "those",
    "our", "your", "their", "its", "his", "her", "my", "some", "any", "from", "by", "at", "as", "is", "are", "was",
    "be", "into", "called", "like", "using", "doing", "use", "do", "it", "we", "you", "they", "what", "how", "so",
    "but", "not", "no", "more", "most", "very", "really", "just", "also", "all", "other", "new", "good", "great",
    "again", "too", "here", "there", "now", "then", "today", "anyway", "though", "right", "well", "yet",
];

/// A name said this many times at least...
const FRAGMENT_MIN: usize = 3;
/// ...with the same word beside it this share of the times or more...
const FRAGMENT_SHARE: f64 = 0.9;

/// Fragments of longer names: a name of two words or more that the episodes nearly
/// always say with the same word beside it ("York City" after "New", "deep
/// reinforcement" before "learning", "series forecasting" after "time") names a part of
/// that longer name. It folds into the longer name where the catalogue has it, and has no
/// page of its own otherwise. The word beside it is a word of its own (no function word
/// such as "the" or "from", unless capitalised as part of the name, as "New" is) and no
/// number. Returns the fragments: (key, the longer name's key, or empty when it has no
/// page).
pub fn fragments(episodes: &mut [Episode], catalogue: &mut Catalogue) -> Vec<(String, String)> {
    let n = catalogue.entities.len();
    let candidate = |e: usize| {
        let ent = &catalogue.entities[e];
        !ent.hidden && ent.kind != Kind::Sponsor && ent.kind != Kind::Known && ent.key.contains(' ')
    };
    // Per entity: times found, and the words before and after it each time.
    #[derive(Default, Clone)]
    struct Beside {
        found: usize,
        /// Episodes that say it.
        episodes: usize,
        before: FxHashMap<String, usize>,
        after: FxHashMap<String, usize>,
        /// Of those words beside it, the times each was written with a capital.
        capitals: FxHashMap<String, usize>,
        /// Times written in lower case, of all its spellings' times: a phrase
        /// ("series forecasting"), not a name.
        lower: u32,
        written: u32,
    }
    let mut beside: Vec<Beside> = vec![Beside::default(); n];
    for ep in episodes.iter() {
        for m in ep.entities.iter().filter(|m| candidate(m.entity)) {
            let b = &mut beside[m.entity];
            b.episodes += 1;
            for (sp, c) in &m.spellings {
                b.written += c;
                if !sp.chars().any(char::is_uppercase) {
                    b.lower += c;
                }
            }
            let mut forms: Vec<String> = m.spellings.iter().map(|(s, _)| s.to_lowercase()).collect();
            forms.push(catalogue.entities[m.entity].key.clone());
            forms.sort();
            forms.dedup();
            for &c in &m.cues {
                let Some(cue) = ep.cues.get(c as usize) else { continue };
                let words: Vec<&str> = cue
                    .text
                    .split(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '\'' || ch == '.'))
                    .map(|w| w.trim_matches('.'))
                    .filter(|w| !w.is_empty())
                    .collect();
                let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
                for form in &forms {
                    let f: Vec<&str> = form.split(' ').collect();
                    if f.len() > lower.len() {
                        continue;
                    }
                    for at in 0..=lower.len() - f.len() {
                        if lower[at..at + f.len()].iter().zip(&f).all(|(a, w)| a.as_str() == *w) {
                            b.found += 1;
                            let word = |i: usize| {
                                let w = words[i];
                                let caps = w.starts_with(char::is_uppercase);
                                let l = &lower[i];
                                (l.chars().all(char::is_alphabetic) && l.len() >= 2).then(|| (l.clone(), caps))
                            };
                            let mut count = |side: fn(&mut Beside) -> &mut FxHashMap<String, usize>, i: usize| {
                                if let Some((w, caps)) = word(i) {
                                    if caps {
                                        *b.capitals.entry(w.clone()).or_default() += 1;
                                    }
                                    *side(b).entry(w).or_default() += 1;
                                }
                            };
                            if let Some(i) = at.checked_sub(1) {
                                count(|b| &mut b.before, i);
                            }
                            if at + f.len() < words.len() {
                                count(|b| &mut b.after, at + f.len());
                            }
                        }
                    }
                }
            }
        }
    }
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, e) in catalogue.entities.iter().enumerate() {
        if !e.hidden && e.kind != Kind::Sponsor {
            by_key.entry(e.key.as_str()).or_insert(i);
        }
    }
    // Every name and phrase of the catalogue, with a page or not ("time series").
    let all_keys: FxHashSet<&str> = catalogue
        .entities
        .iter()
        .flat_map(|e| std::iter::once(e.key.as_str()).chain(e.aliases.iter().map(String::as_str)))
        .collect();
    let mut into: FxHashMap<usize, usize> = FxHashMap::default();
    let mut hide: Vec<usize> = Vec::new();
    for (e, b) in beside.iter().enumerate() {
        if b.found < FRAGMENT_MIN {
            continue;
        }
        let most = |m: &FxHashMap<String, usize>| {
            m.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(w, &c)| (w.clone(), c))
        };
        let key = &catalogue.entities[e].key;
        let longer = [
            most(&b.before).map(|(w, c)| (format!("{w} {key}"), c)),
            most(&b.after).map(|(w, c)| (format!("{key} {w}"), c)),
        ]
        .into_iter()
        .flatten()
        .filter(|(_, c)| *c as f64 >= FRAGMENT_SHARE * b.found as f64)
        .max_by_key(|(_, c)| *c);
        if let Some((long, c)) = longer {
            // Without a page of the longer name, a fragment loses its own only when the
            // word beside it is part of a name (written with a capital, as "New" in "New
            // York City") and more than one episode says it: "Vision Pro" said before
            // "headset" keeps its page.
            let word = long.strip_prefix(key.as_str()).unwrap_or(&long).trim();
            let word = word.strip_suffix(key.as_str()).unwrap_or(word).trim();
            let capital = b.capitals.get(word).copied().unwrap_or(0) * 2 >= c;
            // Or the word beside it makes a name of the catalogue with the fragment's
            // word next to it: "deep reinforcement" before "learning" cuts "reinforcement
            // learning" in two, "series forecasting" after "time" cuts "time series".
            let words: Vec<&str> = key.split(' ').collect();
            let cut = if long.starts_with(key.as_str()) {
                format!("{} {word}", words[words.len() - 1])
            } else {
                format!("{word} {}", words[0])
            };
            // A phrase written in lower case ("series forecasting" after "time", "deep
            // reinforcement" before "learning") with a word of its own always beside it
            // is cut from a longer phrase, and the word beside it a part of that phrase
            // ("Vision Pro", a name, said before "headset", is whole).
            let phrase = b.lower * 10 >= b.written * 9 && !FUNCTION_WORDS.contains(&word);
            let cuts_a_name =
                phrase || all_keys.contains(cut.as_str()) || is_general(&cut) || catalogue.is_subject(&cut);
            // A function word beside it ("the", "from") makes no longer name, unless
            // capitalised as part of one ("New") or the two make a name.
            if STOP.contains(word) && !capital && !cuts_a_name {
                continue;
            }
            match by_key.get(long.as_str()) {
                Some(&l) if l != e => {
                    into.insert(e, l);
                }
                _ if (capital || cuts_a_name) && b.episodes >= 2 => hide.push(e),
                _ => {}
            }
        }
    }
    // A fragment of a fragment stays as it is (one step only), and nothing folds into a
    // fragment that has no page.
    let sources: FxHashSet<usize> = into.keys().copied().collect();
    into.retain(|_, to| !sources.contains(to) && !hide.contains(to));
    let mut out: Vec<(String, String)> = Vec::new();
    if !into.is_empty() {
        for ep in episodes.iter_mut() {
            fold_episode(ep, &into);
        }
    }
    let mut folded: Vec<(usize, usize)> = into.into_iter().collect();
    folded.sort_unstable();
    for (from, to) in folded {
        out.push((catalogue.entities[from].key.clone(), catalogue.entities[to].key.clone()));
        catalogue.fold_into(from, to);
    }
    for e in hide {
        out.push((catalogue.entities[e].key.clone(), String::new()));
        catalogue.entities[e].hidden = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_said_to_someone_only_when_greeted_thanked_or_called() {
        let said = |text: &str, name: &str| {
            let at = text.find(name).expect("name in text");
            said_as(text, at, at + name.len())
        };
        for text in [
            "Welcome to the show, Raj.",
            "Thanks, Raj.",
            "Thank you Raj.",
            "Raj, what do you think?",
            "So if you agree, Raj, we can go on.",
            "Hey Raj!",
        ] {
            assert_eq!(said(text, "Raj"), Said::Address, "{text}");
        }
        for text in [
            "Back up your Postgres.",
            "Are you doing Postgres?",
            "You could use MySQL, Postgres, or SQLite.",
            "You can pick Redis, Postgres and Kafka.",
            "Postgres, you know, is everywhere.",
        ] {
            assert_ne!(said(text, "Postgres"), Said::Address, "{text}");
        }
    }

    fn acronym(short: &str, written: &str) -> bool {
        let letters: Vec<char> = short.chars().collect();
        let syllables = !written.contains(|c: char| c.is_whitespace() || c == '-' || c == '_');
        spells(&letters, &name_parts(written), syllables)
    }

    #[test]
    fn a_name_is_cut_into_words_and_capitalised_parts() {
        assert_eq!(name_parts("WebAssembly"), ["web", "assembly"]);
        assert_eq!(name_parts("MLCommons"), ["ml", "commons"]);
        assert_eq!(name_parts("Department of Defense"), ["department", "of", "defense"]);
        assert_eq!(name_parts("cloud-native"), ["cloud", "native"]);
    }

    #[test]
    fn acronyms_of_words_and_of_syllables() {
        assert!(acronym("dod", "Department of Defense"));
        assert!(acronym("gan", "generative adversarial networks"));
        assert!(acronym("wasm", "WebAssembly"));
        assert!(acronym("wasi", "WebAssembly System Interface"));
        assert!(!acronym("gdpr", "General Data Protection"), "initials only, of words");
        assert!(!acronym("cni", "cloud-native"), "initials only, of words joined by a hyphen");
        assert!(!acronym("pyc", "PyCon"), "a part is never taken whole");
        assert!(!acronym("pep", "pytest-Picked"));
    }
}
