//! Topic extraction. Candidates are names and phrases said in the transcript (1-3 words
//! that neither start nor end with a stop word, CamelCase / dotted / hyphenated names);
//! they are scored by how typical they are of this episode against the whole catalogue
//! (tf-idf), by how often they are capitalised mid-sentence (names are), by their shape,
//! and by whether the show notes or glossary know them. Spoken variants of one name are
//! folded together ("pi script" = "PyScript").

use super::glossary::{fold, Glossary};
use super::stopwords::{SPEECH_WORDS, STOPWORDS};
use super::tokens::{tokenize, Token};
use crate::model::{Cue, EpisodeTopic, Mention, NoteItem};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::Hasher;
use std::sync::LazyLock;

static STOP: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.split_whitespace().chain(SPEECH_WORDS.split_whitespace()).collect());
/// Function words allowed inside a three-word name ("Zen of Python").
const MIDDLE_OK: &[&str] = &["of", "the", "and", "for", "de", "on", "in", "to", "a"];

/// Words a site or an episode adds to the stop list: the show's name, hosts' and
/// guests' names, `[topics] ignore` from the config.
#[derive(Debug, Clone, Default)]
pub struct ExtraStops(FxHashSet<String>);

impl ExtraStops {
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> ExtraStops {
        let mut s = FxHashSet::default();
        for p in phrases {
            for w in p.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-').filter(|w| !w.is_empty()) {
                s.insert(w.to_lowercase());
            }
        }
        ExtraStops(s)
    }
    pub fn with(&self, more: &ExtraStops) -> ExtraStops {
        ExtraStops(self.0.union(&more.0).cloned().collect())
    }
    fn contains(&self, w: &str) -> bool {
        self.0.contains(w)
    }
}

fn is_stop(lower: &str, extra: &ExtraStops) -> bool {
    STOP.contains(lower) || extra.contains(lower)
}

/// The lowercase key of a token: possessive `'s` dropped (`memray's` -> `memray`).
fn norm<'t>(t: &'t Token) -> &'t str {
    let l = t.lower.as_str();
    l.strip_suffix("'s").or_else(|| l.strip_suffix("\u{2019}s")).unwrap_or(l)
}

fn unigram_ok(t: &Token, key: &str) -> bool {
    let first = key.chars().next().unwrap_or('0');
    if !first.is_alphabetic() {
        return false;
    }
    key.chars().count() >= 3
        || (key.len() == 2 && t.text.chars().nth(1).is_some_and(char::is_lowercase) && t.capitalised())
}

/// Calls `f(span, n)` for every candidate phrase: 1-3 consecutive tokens in one cue,
/// not crossing punctuation, not starting or ending with a stop word. Pass 1 and pass 2
/// share this function, so they always agree on what a candidate is.
fn for_each_candidate<'t, 'a>(tokens: &'t [Token<'a>], extra: &ExtraStops, mut f: impl FnMut(&'t [Token<'a>])) {
    let stop: Vec<bool> = tokens.iter().map(|t| is_stop(norm(t), extra)).collect();
    for i in 0..tokens.len() {
        if stop[i] || !unigram_ok(&tokens[i], norm(&tokens[i])) {
            continue;
        }
        f(&tokens[i..=i]);
        let mut end = i;
        for n in 2..=3 {
            if tokens[end].break_after {
                break;
            }
            end = i + n - 1;
            if end >= tokens.len() || tokens[end].cue != tokens[i].cue {
                break;
            }
            if stop[end] || tokens[end].text.starts_with(|c: char| c.is_ascii_digit()) && n == 3 {
                // "Zen of Python": a function word may sit in the middle of a
                // capitalised three-word name.
                if n == 2 && MIDDLE_OK.contains(&norm(&tokens[end])) {
                    continue;
                }
                if stop[end] {
                    break;
                }
            }
            if n == 3 && stop[i + 1] && !(tokens[i].capitalised() && tokens[end].capitalised()) {
                continue;
            }
            if n == 2 && stop[end] {
                continue;
            }
            f(&tokens[i..=end]);
        }
    }
}

fn key_of(span: &[Token]) -> String {
    let mut k = String::new();
    for (i, t) in span.iter().enumerate() {
        if i > 0 {
            k.push(' ');
        }
        k.push_str(norm(t));
    }
    k
}

pub fn hash_key(key: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(key.as_bytes());
    h.finish()
}

fn tokens_of(cues: &[Cue]) -> Vec<Token<'_>> {
    let mut toks = Vec::with_capacity(cues.iter().map(|c| c.text.len() / 5).sum());
    for (i, c) in cues.iter().enumerate() {
        tokenize(&c.text, i as u32, &mut toks);
    }
    toks
}

/// Pass 1 for one episode: the hashed keys of its distinct candidates (for document
/// frequencies) and the known topics it says.
#[derive(Debug, Default, Clone)]
pub struct Counted {
    pub keys: Vec<u64>,
    pub known: Vec<(usize, Vec<u32>)>,
}

pub fn count_candidates(cues: &[Cue], site_stops: &ExtraStops, glossary: &Glossary) -> Counted {
    let toks = tokens_of(cues);
    let mut keys = Vec::with_capacity(toks.len());
    for_each_candidate(&toks, site_stops, |span| keys.push(hash_key(&key_of(span))));
    keys.sort_unstable();
    keys.dedup();
    Counted { keys, known: glossary.find(cues) }
}

/// How many episodes say each candidate, and each known topic.
#[derive(Debug, Default)]
pub struct SiteStats {
    pub episodes: u32,
    df: FxHashMap<u64, u32>,
    known_df: Vec<u32>,
}

impl SiteStats {
    pub fn new<'a>(counted: impl IntoIterator<Item = &'a Counted>, known_topics: usize) -> SiteStats {
        let mut s = SiteStats { episodes: 0, df: FxHashMap::default(), known_df: vec![0; known_topics] };
        for c in counted {
            s.episodes += 1;
            for k in &c.keys {
                *s.df.entry(*k).or_default() += 1;
            }
            for (i, _) in &c.known {
                s.known_df[*i] += 1;
            }
        }
        s
    }
    pub fn df(&self, key: &str) -> u32 {
        self.df.get(&hash_key(key)).copied().unwrap_or(0)
    }
    fn idf(&self, df: u32) -> f64 {
        let n = self.episodes.max(1) as f64;
        ((n + 1.0) / (df.max(1) as f64)).ln()
    }
}

/// One candidate's evidence in one episode.
#[derive(Debug, Default, Clone)]
struct Cand {
    n: usize,
    tf: u32,
    /// Occurrences capitalised although not at the start of a sentence.
    caps: u32,
    /// Occurrences not at the start of a sentence.
    mid: u32,
    shaped: bool,
    cues: Vec<u32>,
    surfaces: FxHashMap<String, u32>,
}

/// What pass 2 needs to know about one episode besides its cues.
pub struct EpisodeInput<'a> {
    pub cues: &'a [Cue],
    /// The episode's own show-notes items, in order.
    pub items: &'a [NoteItem],
    /// Known topics said in the transcript (from pass 1).
    pub known_hits: &'a [(usize, Vec<u32>)],
    /// Hosts', guests' and the show's names: never topics of the episode.
    pub stops: &'a ExtraStops,
    pub limit: usize,
}

#[derive(Default)]
struct Scored {
    key: String,
    fold: String,
    name: String,
    score: f64,
    cues: Vec<u32>,
    url: Option<String>,
    from_notes: bool,
}

/// Pass 2: the episode's topics, best first. Show-notes items come first, in the hosts'
/// order; then the best of what the transcript says.
pub fn extract(input: &EpisodeInput, stats: &SiteStats, glossary: &Glossary) -> Vec<EpisodeTopic> {
    let toks = tokens_of(input.cues);
    let mut cands: FxHashMap<String, Cand> = FxHashMap::default();
    for_each_candidate(&toks, input.stops, |span| {
        let key = key_of(span);
        let c = cands.entry(key).or_default();
        c.n = span.len();
        c.tf += 1;
        let first = &span[0];
        if !first.sentence_start {
            c.mid += 1;
            if span.iter().all(|t| {
                t.capitalised()
                    || t.text.chars().next().is_some_and(|ch| ch.is_ascii_digit())
                    || MIDDLE_OK.contains(&norm(t))
            }) {
                c.caps += 1;
            }
        }
        if span.iter().any(Token::name_shaped) {
            c.shaped = true;
        }
        let cue = first.cue;
        if c.cues.last() != Some(&cue) {
            c.cues.push(cue);
        }
        if c.surfaces.len() < 8 || c.surfaces.contains_key(&surface(span)) {
            *c.surfaces.entry(surface(span)).or_default() += 1;
        }
    });

    // A phrase always said inside a longer one adds nothing: "Peter Wang" beats "Wang".
    let mut dominated: FxHashSet<String> = FxHashSet::default();
    for (key, c) in &cands {
        if c.n < 2 || c.tf < 2 {
            continue;
        }
        let words: Vec<&str> = key.split(' ').collect();
        for len in 1..words.len() {
            for s in 0..=(words.len() - len) {
                let sub = words[s..s + len].join(" ");
                if let Some(sc) = cands.get(&sub) {
                    if (sc.tf as f64) <= c.tf as f64 * 1.3 {
                        dominated.insert(sub);
                    }
                }
            }
        }
    }

    // Score every candidate; fold spoken variants into one topic.
    let mut by_fold: FxHashMap<String, Scored> = FxHashMap::default();
    for (key, c) in &cands {
        if dominated.contains(key) {
            continue;
        }
        let df = stats.df(key);
        let s = score(c, stats.idf(df));
        let fk = fold_with_evidence(key, stats);
        let name = display_name(c);
        merge(
            &mut by_fold,
            Scored { key: key.clone(), fold: fk, name, score: s, cues: c.cues.clone(), url: None, from_notes: false },
        );
    }

    // Known topics (other episodes' show notes, topics.toml) said here.
    for (ti, starts) in input.known_hits {
        let kt = &glossary.topics[*ti];
        let tf = starts.len() as u32;
        let idf = stats.idf(stats.known_df.get(*ti).copied().unwrap_or(1));
        let s = (1.0 + (tf as f64).ln()) * idf * 1.3 * 1.6;
        let cues = starts_to_cues(input.cues, starts);
        merge(
            &mut by_fold,
            Scored {
                key: kt.name.to_lowercase(),
                fold: fold(&kt.name),
                name: kt.name.clone(),
                score: s,
                cues,
                url: kt.url.clone(),
                from_notes: false,
            },
        );
    }

    let mut ranked: Vec<Scored> = by_fold.into_values().collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));

    // The episode's own items first.
    let mut out: Vec<Scored> = Vec::new();
    for item in input.items {
        let name = super::glossary::item_name(&item.title);
        let fk = fold(&name);
        let mut cues = Vec::new();
        if let Some(gi) = glossary.topics.iter().position(|t| fold(&t.name) == fk) {
            if let Some((_, starts)) = input.known_hits.iter().find(|(i, _)| *i == gi) {
                cues = starts_to_cues(input.cues, starts);
            }
        }
        if out.iter().any(|o| o.fold == fk) || fk.is_empty() {
            continue;
        }
        out.push(Scored {
            key: name.to_lowercase(),
            fold: fk,
            name,
            score: 1.0,
            cues,
            url: item.url.clone(),
            from_notes: true,
        });
    }
    let max = ranked.first().map(|r| r.score).unwrap_or(1.0).max(1e-9);
    for r in ranked {
        if out.len() >= input.limit.max(input.items.len()) {
            break;
        }
        if r.score <= 0.0 || out.iter().any(|o| overlaps(o, &r)) {
            continue;
        }
        let s = r.score / max * if input.items.is_empty() { 1.0 } else { 0.99 };
        out.push(Scored { score: s, ..r });
    }
    out.into_iter()
        .map(|s| {
            let mut mentions: Vec<Mention> =
                s.cues.iter().map(|&ci| Mention { start: input.cues[ci as usize].start }).collect();
            mentions.dedup();
            EpisodeTopic {
                slug: crate::slug::slugify(&s.name),
                name: s.name,
                score: (s.score * 1000.0).round() / 1000.0,
                from_notes: s.from_notes,
                url: s.url,
                mentions,
            }
        })
        .collect()
}

fn starts_to_cues(cues: &[Cue], starts: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut j = 0;
    for (i, c) in cues.iter().enumerate() {
        while j < starts.len() && starts[j] < c.start {
            j += 1;
        }
        if j < starts.len()
            && starts[j] == c.start
            && out.last().map(|&l: &u32| cues[l as usize].start) != Some(c.start)
        {
            out.push(i as u32);
        }
    }
    out
}

fn surface(span: &[Token]) -> String {
    let mut s = String::new();
    for (i, t) in span.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let text = t.text.strip_suffix("'s").or_else(|| t.text.strip_suffix("\u{2019}s")).unwrap_or(t.text);
        s.push_str(text);
    }
    s
}

/// The usual written form: the most frequent capitalised spelling said mid-sentence,
/// else the most frequent spelling.
fn display_name(c: &Cand) -> String {
    let mut forms: Vec<(&String, &u32)> = c.surfaces.iter().collect();
    forms.sort_by(|a, b| {
        let cap = |s: &str| s.chars().any(char::is_uppercase) as u32;
        (cap(b.0) * 1000 + b.1).cmp(&(cap(a.0) * 1000 + a.1)).then_with(|| a.0.cmp(b.0))
    });
    // An all-lowercase name at a sentence start gets "So" casing; prefer the form
    // written mid-sentence when it was ever said there.
    if c.caps == 0 && c.mid > 0 {
        if let Some((f, _)) = c
            .surfaces
            .iter()
            .filter(|(s, _)| !s.chars().next().is_some_and(char::is_uppercase))
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        {
            return f.clone();
        }
    }
    forms.first().map(|f| f.0.clone()).unwrap_or_default()
}

fn score(c: &Cand, idf: f64) -> f64 {
    let tf = c.tf as f64;
    let proper = (c.caps as f64 + 0.5) / (c.mid as f64 + 1.0);
    let shape = if c.shaped { 1.6 } else { 1.0 };
    let len = match c.n {
        1 => 1.0,
        2 => 1.4,
        _ => 1.2,
    };
    let once = if c.tf == 1 && !c.shaped { 0.5 } else { 1.0 };
    (1.0 + tf.ln()) * idf * (0.3 + proper) * shape * len * once
}

/// The fold key of a candidate; "pi script" becomes "pyscript" only when the catalogue
/// has evidence for the joined name (someone said or wrote "pyscript").
fn fold_with_evidence(key: &str, stats: &SiteStats) -> String {
    let f = fold(key);
    if f.starts_with("py") && !key.starts_with("py") {
        if stats.df(&f) > 0 {
            return f;
        }
        return key.split(|c: char| !c.is_alphanumeric()).collect::<String>();
    }
    f
}

fn merge(map: &mut FxHashMap<String, Scored>, s: Scored) {
    let Some(e) = map.get_mut(&s.fold) else {
        map.insert(s.fold.clone(), s);
        return;
    };
    let old = std::mem::take(e);
    let (mut better, weaker) =
        if s.score > old.score || (s.score == old.score && s.key < old.key) { (s, old) } else { (old, s) };
    better.score += weaker.score * 0.5;
    better.cues.extend(weaker.cues);
    better.cues.sort_unstable();
    better.cues.dedup();
    if better.url.is_none() {
        better.url = weaker.url;
    }
    // Prefer a single-word spelling ("PyScript" over "pi script").
    if !weaker.name.contains(' ') && better.name.contains(' ') {
        better.name = weaker.name;
    }
    *e = better;
}

/// Two topics overlap when one's words are a run of the other's ("memray" and "memray
/// profiler"), or they fold to the same name.
fn overlaps(a: &Scored, b: &Scored) -> bool {
    if a.fold == b.fold {
        return true;
    }
    let (short, long) = if a.key.len() <= b.key.len() { (&a.key, &b.key) } else { (&b.key, &a.key) };
    let padded = format!(" {long} ");
    padded.contains(&format!(" {short} "))
}
