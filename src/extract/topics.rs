//! Topic extraction. Candidates are names and phrases said in the transcript (1-3 words
//! that neither start nor end with a stop word, CamelCase / dotted / hyphenated names);
//! they are scored by how typical they are of this episode against the whole catalogue
//! (tf-idf), by how often they are capitalised mid-sentence (names are), by their shape,
//! and by whether the show notes or glossary know them. Spoken variants of one name are
//! folded together ("pi script" = "PyScript").

use super::catalogue::{tally_episode, NameTally};
use super::glossary::{fold, Glossary};
pub use super::spans::ExtraStops;
use super::spans::{hash_key, key_into, norm, stem_key, surface, Words, GIVEN_NAMES, MIDDLE_OK};
use super::sponsors::{ad_phrases, near_ad};
use super::tokens::Token;
use super::topic_model::{self, Model};
use crate::model::{Cue, EpisodeTopic, Mention, NoteItem};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// Pass 1 for one episode: the hashed keys of its distinct candidates (for document
/// frequencies), how its name-like phrases are said (for the catalogue of names), and
/// the known topics it says.
#[derive(Debug, Default, Clone)]
pub struct Counted {
    pub keys: Vec<u64>,
    /// Taken by the build into [`super::catalogue::NameStats`] right away.
    pub names: Vec<(Box<str>, NameTally)>,
    pub known: Vec<(usize, Vec<u32>)>,
    /// Which cues use ad-read phrasing (found once, here, for every later pass).
    pub ad_phrases: Vec<bool>,
}

/// `extract = false` skips the candidates (only known topics are looked for).
pub fn count_candidates(cues: &[Cue], site_stops: &ExtraStops, glossary: &Glossary, extract: bool) -> Counted {
    Counted { known: glossary.find(cues), ..count_own(cues, site_stops, extract) }
}

/// [`count_candidates`] but the known topics: what depends on the episode (and the
/// site's stop words) alone, so the build cache can keep it (`crate::extract::memo`).
pub fn count_own(cues: &[Cue], site_stops: &ExtraStops, extract: bool) -> Counted {
    let ad_phrases = ad_phrases(cues);
    let (keys, names) = if extract {
        tally_episode(&Words::new(cues, site_stops), &near_ad(cues, &ad_phrases))
    } else {
        Default::default()
    };
    Counted { keys, names, known: Vec::new(), ad_phrases }
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
    /// The statistics from their sums, as [`super::memo`]'s pass-1 summary keeps them:
    /// (key hash, episodes that say it) and each known topic's count of episodes.
    pub fn from_sums(episodes: u32, df: FxHashMap<u64, u32>, known_df: Vec<u32>) -> SiteStats {
        SiteStats { episodes, df, known_df }
    }
    pub fn df(&self, key: &str) -> u32 {
        let h = hash_key(key);
        let v = self.df.get(&h).copied().unwrap_or(0);
        record(|r| r.df.push((h, v)));
        v
    }
    /// How many episodes say the known topic `i` (`None` past the glossary).
    pub fn known_df(&self, i: usize) -> Option<u32> {
        let v = self.known_df.get(i).copied();
        record(|r| r.known.push((i, v)));
        v
    }
    /// The df of a key hash, as [`Reads`] recorded it (for checking a recording).
    pub fn df_of_hash(&self, h: u64) -> u32 {
        self.df.get(&h).copied().unwrap_or(0)
    }
}

/// What one episode's ranking read of the site's statistics: each df it looked up (by key
/// hash) and each known topic's df, with the values it saw. The ranking is a function of
/// the episode's own input, the catalogue and these values, so an earlier ranking whose
/// recorded values all still hold is today's ranking (see `crate::extract::memo`).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Reads {
    pub df: Vec<(u64, u32)>,
    pub known: Vec<(usize, Option<u32>)>,
}

impl Reads {
    /// Sorted and without repeats: the same reads make the same recording.
    pub fn tidy(&mut self) {
        self.df.sort_unstable();
        self.df.dedup();
        self.known.sort_unstable();
        self.known.dedup();
    }
    /// Whether `stats` still gives every value recorded.
    pub fn hold(&self, stats: &SiteStats) -> bool {
        self.df.iter().all(|&(h, v)| stats.df_of_hash(h) == v)
            && self.known.iter().all(|&(i, v)| stats.known_df.get(i).copied() == v)
    }
}

thread_local! {
    static READS: std::cell::RefCell<Option<Reads>> = const { std::cell::RefCell::new(None) };
}

fn record(f: impl FnOnce(&mut Reads)) {
    READS.with(|r| {
        if let Some(r) = r.borrow_mut().as_mut() {
            f(r)
        }
    })
}

/// Runs `f` (on this thread, no parallelism inside), recording what it reads of any
/// [`SiteStats`].
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Reads) {
    READS.with(|r| *r.borrow_mut() = Some(Reads::default()));
    let out = f();
    let mut reads = READS.with(|r| r.borrow_mut().take()).unwrap_or_default();
    reads.tidy();
    (out, reads)
}

impl SiteStats {
    pub fn idf(&self, df: u32) -> f64 {
        let n = self.episodes.max(1) as f64;
        ((n + 1.0) / (df.max(1) as f64)).ln()
    }
}

/// One candidate's evidence in one episode, while counting.
#[derive(Debug, Default, Clone)]
struct Cand {
    n: usize,
    tf: u32,
    /// Occurrences capitalised although not at the start of a sentence.
    caps: u32,
    /// Occurrences not at the start of a sentence.
    mid: u32,
    /// Occurrences introduced as a name ("a library called X", "X is a package").
    ctx: u32,
    sponsor: u32,
    shaped: bool,
    cues: Vec<u32>,
    /// Distinct spellings: (token position of the first use, times used).
    forms: Vec<(u32, u32)>,
    caps_first: bool,
    /// Sum over mentions of the learned weights of the words around them.
    context: f64,
    /// The words around each mention, counted ("L1 called"); only when asked for.
    context_words: FxHashMap<String, u32>,
}

/// The four context slots around a mention: two words before it, two after.
pub const CONTEXT_SLOTS: [&str; 4] = ["L2", "L1", "R1", "R2"];
/// Mentions' worth of "nothing special" added to every candidate's context evidence, so
/// a phrase said once in a lucky context does not outrank a name discussed at length.
const CONTEXT_PRIOR: u32 = 2;
/// Stands for punctuation or a cue boundary in a context slot.
const BOUNDARY: &str = "<b>";

/// What fills a context slot: a token (by index) or punctuation / a cue boundary.
#[derive(Clone, Copy)]
enum Slot {
    Word(usize),
    Boundary,
}

/// The context slots of the mention `toks[at..end]`. A slot past punctuation or a cue
/// boundary is [`Slot::Boundary`]; the slot beyond that is empty.
fn slot_positions(toks: &[Token], at: usize, end: usize) -> [Option<Slot>; 4] {
    let joined = |a: usize, b: usize| !toks[a].break_after && toks[a].cue == toks[b].cue;
    let mut slots = [None; 4];
    // Left: L1 is the word before, L2 the one before that.
    if at == 0 || !joined(at - 1, at) {
        slots[1] = Some(Slot::Boundary);
    } else {
        slots[1] = Some(Slot::Word(at - 1));
        slots[0] = Some(if at < 2 || !joined(at - 2, at - 1) { Slot::Boundary } else { Slot::Word(at - 2) });
    }
    // Right: R1 is the word after, R2 the one after that.
    if end >= toks.len() || !joined(end - 1, end) {
        slots[2] = Some(Slot::Boundary);
    } else {
        slots[2] = Some(Slot::Word(end));
        slots[3] =
            Some(if end + 1 >= toks.len() || !joined(end, end + 1) { Slot::Boundary } else { Slot::Word(end + 1) });
    }
    slots
}

/// The words in the context slots of a mention ([`BOUNDARY`] for a boundary).
fn context_slots<'t>(toks: &'t [Token], at: usize, end: usize) -> [Option<&'t str>; 4] {
    slot_positions(toks, at, end).map(|s| {
        s.map(|s| match s {
            Slot::Word(i) => &*toks[i].lower,
            Slot::Boundary => BOUNDARY,
        })
    })
}

/// The learned weights of each context word, by slot (from the topic model).
static CONTEXT_WEIGHTS: LazyLock<FxHashMap<&'static str, [f64; 4]>> = LazyLock::new(|| {
    let mut map: FxHashMap<&'static str, [f64; 4]> = FxHashMap::default();
    for (key, w) in topic_model::context() {
        let (slot, word) = key.split_once(' ').expect("context keys are \"SLOT word\"");
        let i = CONTEXT_SLOTS.iter().position(|s| *s == slot).expect("a known slot");
        map.entry(word).or_default()[i] = *w;
    }
    map
});

/// How strongly the words around a mention say "this is a name being introduced"
/// ("a library called X", "X is a ..."), as learned from show notes.
#[cfg(test)]
fn context_weight(slots: &[Option<&str>; 4]) -> f64 {
    let map = &*CONTEXT_WEIGHTS;
    slots.iter().enumerate().filter_map(|(i, w)| w.and_then(|w| map.get(w)).map(|ws| ws[i])).sum()
}

/// [`context_weight`] of every mention of an episode, with one table lookup per token
/// instead of four per mention (the hot loop sees every 1-3 word span).
struct ContextScorer {
    /// Each token's weight in each slot.
    word: Vec<[f64; 4]>,
    boundary: [f64; 4],
}

impl ContextScorer {
    fn new(toks: &[Token]) -> ContextScorer {
        let map = &*CONTEXT_WEIGHTS;
        let word = toks.iter().map(|t| map.get(&*t.lower).copied().unwrap_or_default()).collect();
        ContextScorer { word, boundary: map.get(BOUNDARY).copied().unwrap_or_default() }
    }

    /// The summed weights of the mention `toks[at..end]`.
    fn score(&self, toks: &[Token], at: usize, end: usize) -> f64 {
        let mut sum = 0.0;
        for (i, slot) in slot_positions(toks, at, end).into_iter().enumerate() {
            sum += match slot {
                Some(Slot::Word(t)) => self.word[t][i],
                Some(Slot::Boundary) => self.boundary[i],
                None => 0.0,
            };
        }
        sum
    }
}

/// Words that introduce or describe a name: "a project called X", "X is a library".
const NAMING_WORDS: &[&str] = &[
    "called",
    "named",
    "library",
    "package",
    "project",
    "tool",
    "module",
    "framework",
    "app",
    "api",
    "extension",
    "plugin",
    "service",
    "site",
    "article",
    "paper",
    "talk",
    "book",
    "repo",
    "release",
    "version",
];

/// The evidence for one candidate topic of one episode: what the score is made of.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Features {
    /// Words in the phrase (1-3).
    pub n: usize,
    /// Times said.
    pub tf: u32,
    /// Episodes of the catalogue that say it.
    pub df: u32,
    /// Episodes in the catalogue.
    pub episodes: u32,
    /// Times capitalised mid-sentence, and times said mid-sentence.
    pub caps: u32,
    pub mid: u32,
    /// Times introduced as a name ("called X", "X is a library").
    pub ctx: u32,
    /// CamelCase, dotted or hyphenated.
    pub shaped: bool,
    /// Most cues mentioning it within five minutes: a topic is discussed, not dropped.
    pub burst: u32,
    /// Distinct cues that say it.
    pub cues: u32,
    /// Episode length in seconds.
    pub duration: u32,
    /// Every word of it is in the episode's title.
    pub in_title: bool,
    /// Times said in a sponsor read ("brought to you by", "sponsor", "pythonbytes.fm/x").
    pub sponsor: u32,
    /// A web address or part of one ("talkpython.fm", "slash").
    pub url_like: bool,
    /// Two capitalised words starting with a common given name: a person, rarely a topic.
    pub person: bool,
    /// Starts or ends with an adverb or participle ("specifically PyData", "Bader titled").
    pub loose_edge: bool,
    /// First and last mention (seconds).
    pub first: u32,
    pub last: u32,
    /// Highest and lowest idf of its single words.
    pub word_idf_max: f64,
    pub word_idf_min: f64,
    /// Candidates of the episode that share its rarest word ("Trio", "Trio Async IO").
    pub family: u32,
    /// Characters in the phrase, and whether it holds a digit.
    pub chars: u32,
    pub digit: bool,
    /// The first time it was said, it was capitalised (a title read aloud).
    pub caps_first: bool,
    /// Learned weight of the words around its mentions ([`CONTEXT_SLOTS`]), summed and
    /// divided by tf + [`CONTEXT_PRIOR`].
    pub context: f64,
}

/// A candidate topic with its evidence.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    pub key: String,
    pub fold: String,
    pub name: String,
    /// Indexes of the cues that say it.
    pub cue_ids: Vec<u32>,
    pub features: Features,
    /// The words around its mentions, counted by slot ("L1 called"); filled only by
    /// [`gather_with_context`], for fitting the model.
    pub context_words: FxHashMap<String, u32>,
}

const BURST_WINDOW: u32 = 300;

/// Most mentions within any five minutes: a topic is discussed, not dropped in passing.
fn burst(times: &[u32]) -> u32 {
    times
        .iter()
        .enumerate()
        .map(|(i, &t)| times[i..].iter().take_while(|&&x| x < t + BURST_WINDOW).count() as u32)
        .max()
        .unwrap_or(0)
}

fn is_url_like(key: &str) -> bool {
    key.split(' ').any(|w| {
        w == "slash" || w == "dot" || {
            let host = w.split('/').next().unwrap_or(w);
            [".com", ".fm", ".io", ".org", ".net", ".dev"].iter().any(|tld| host.ends_with(tld))
        }
    })
}

fn loose_edge(key: &str) -> bool {
    let words: Vec<&str> = key.split(' ').collect();
    let bad = |w: &str| w.len() > 4 && (w.ends_with("ly") || w.ends_with("ed"));
    words.len() > 1 && (bad(words[0]) || bad(words[words.len() - 1]))
}

/// Where an episode's ad reads are, by cue: ad-read phrasing, and the whole reads (what
/// [`super::sponsors::ad_reads`] found). The reads are not looked at; the phrasing is a
/// feature of the candidates around it.
#[derive(Clone, Copy)]
pub struct Ads<'a> {
    pub phrases: &'a [bool],
    pub reads: &'a [bool],
}

/// Every candidate phrase of an episode (its `words`) with its features (phrases always
/// said inside a longer one are left out: "Peter Wang" covers "Wang"), sorted by key.
pub fn gather(cues: &[Cue], words: &Words, ads: Ads, stats: &SiteStats, title: &str) -> Vec<Candidate> {
    gather_impl(cues, words, ads, stats, title, false, None)
}

/// The `n` best candidates by the first, linear ranking ([`score`]), best first: only
/// these get a written name and a fold key, which most candidates never need.
fn gather_best(cues: &[Cue], words: &Words, ads: Ads, stats: &SiteStats, title: &str, n: usize) -> Vec<Candidate> {
    gather_impl(cues, words, ads, stats, title, false, Some(n))
}

/// [`gather`], also counting the words around each mention (for `examples/candidates.rs`).
pub fn gather_with_context(cues: &[Cue], words: &Words, ads: Ads, stats: &SiteStats, title: &str) -> Vec<Candidate> {
    gather_impl(cues, words, ads, stats, title, true, None)
}

fn gather_impl(
    cues: &[Cue],
    words: &Words,
    ads: Ads,
    stats: &SiteStats,
    title: &str,
    record: bool,
    best: Option<usize>,
) -> Vec<Candidate> {
    let toks = &words.toks;
    let context = ContextScorer::new(toks);
    // Which tokens introduce a name, decided once per token rather than per mention.
    let naming: Vec<bool> = toks.iter().map(|t| NAMING_WORDS.contains(&&*t.lower)).collect();
    let title_words: FxHashSet<String> = title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    // Cues in (or right after) a sponsor read.
    let mut sponsor_cue: Vec<bool> = ads.phrases.to_vec();
    sponsor_cue.resize(cues.len(), false);
    for i in (1..sponsor_cue.len()).rev() {
        if sponsor_cue[i - 1] {
            sponsor_cue[i] = true;
        }
    }
    // Candidates are interned by key: one allocation per distinct phrase, not per mention.
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut list: Vec<Cand> = Vec::new();
    let mut buf = String::new();
    words.for_each_candidate(|at, len| {
        let span = &toks[at..at + len];
        if ads.reads.get(span[0].cue as usize).copied().unwrap_or(false) {
            return;
        }
        key_into(span, &mut buf);
        let ci = match index.get(buf.as_str()) {
            Some(&i) => i,
            None => {
                index.insert(buf.clone(), list.len());
                list.push(Cand::default());
                list.len() - 1
            }
        };
        let c = &mut list[ci];
        c.n = span.len();
        if c.tf == 0 {
            c.caps_first = span[0].capitalised();
        }
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
        let end = at + span.len();
        let before = &naming[at.saturating_sub(3)..at];
        let after = &naming[end.min(toks.len())..(end + 3).min(toks.len())];
        if before.iter().chain(after).any(|&n| n) {
            c.ctx += 1;
        }
        c.context += context.score(toks, at, end);
        if record {
            for (slot, w) in CONTEXT_SLOTS.iter().zip(context_slots(toks, at, end)) {
                if let Some(w) = w {
                    *c.context_words.entry(format!("{slot} {w}")).or_default() += 1;
                }
            }
        }
        if span.iter().any(Token::name_shaped) {
            c.shaped = true;
        }
        if sponsor_cue[first.cue as usize] {
            c.sponsor += 1;
        }
        let cue = first.cue;
        if c.cues.last() != Some(&cue) {
            c.cues.push(cue);
        }
        // Spellings are kept as the token position of their first use, compared in place.
        match c.forms.iter().position(|(p, _)| same_surface(&toks[*p as usize..*p as usize + span.len()], span)) {
            Some(i) => c.forms[i].1 += 1,
            None if c.forms.len() < 8 => c.forms.push((at as u32, 1)),
            None => {}
        }
    });
    let mut cands: FxHashMap<String, Cand> = FxHashMap::default();
    // Inflections of one phrase are one candidate ("interviews", "interviewing" ->
    // "interview"): the most said form keeps its key, the evidence adds up.
    let mut by_stem: FxHashMap<String, Vec<(String, Cand)>> = FxHashMap::default();
    for (k, i) in index {
        by_stem.entry(stem_key(&k)).or_default().push((k, std::mem::take(&mut list[i])));
    }
    for (_, mut group) in by_stem {
        group.sort_by(|a, b| b.1.tf.cmp(&a.1.tf).then_with(|| a.0.cmp(&b.0)));
        let mut it = group.into_iter();
        let (key, mut c) = it.next().expect("non-empty group");
        for (_, o) in it {
            c.tf += o.tf;
            c.caps += o.caps;
            c.mid += o.mid;
            c.ctx += o.ctx;
            c.sponsor += o.sponsor;
            c.shaped |= o.shaped;
            c.cues.extend(o.cues);
            c.context += o.context;
            for (k, v) in o.context_words {
                *c.context_words.entry(k).or_default() += v;
            }
        }
        c.cues.sort_unstable();
        c.cues.dedup();
        cands.insert(key, c);
    }

    // A phrase always said inside a longer one adds nothing: "Peter Wang" beats "Wang".
    let mut dominated: FxHashSet<&str> = FxHashSet::default();
    let mut sub = String::new();
    for (key, c) in &cands {
        if c.n < 2 || c.tf < 2 {
            continue;
        }
        let words: Vec<&str> = key.split(' ').collect();
        for len in 1..words.len().min(super::catalogue::NAME_WORDS + 1) {
            for s in 0..=(words.len() - len) {
                sub.clear();
                for (i, w) in words[s..s + len].iter().enumerate() {
                    if i > 0 {
                        sub.push(' ');
                    }
                    sub.push_str(w);
                }
                if let Some((k, sc)) = cands.get_key_value(sub.as_str()) {
                    if (sc.tf as f64) <= c.tf as f64 * 1.3 {
                        dominated.insert(k.as_str());
                    }
                }
            }
        }
    }
    let dominated: FxHashSet<String> = dominated.into_iter().map(str::to_string).collect();
    let duration = cues.last().map(|c| c.start).unwrap_or(0);
    // How many candidates contain each word: a name said in many phrases is central.
    let mut word_count: FxHashMap<&str, u32> = FxHashMap::default();
    for k in cands.keys() {
        for w in k.split(' ') {
            *word_count.entry(w).or_default() += 1;
        }
    }
    let word_idf: FxHashMap<&str, f64> = word_count.keys().map(|w| (*w, stats.idf(stats.df(w)))).collect();
    let word_count: FxHashMap<String, (u32, f64)> =
        word_count.into_iter().map(|(w, n)| (w.to_string(), (n, word_idf[w]))).collect();
    let mut scored: Vec<(f64, String, Cand, Features)> = cands
        .into_iter()
        .filter(|(k, _)| !dominated.contains(k))
        .map(|(key, c)| {
            let times: Vec<u32> = c.cues.iter().map(|&i| cues[i as usize].start).collect();
            let burst = burst(&times);
            let features = Features {
                n: c.n,
                tf: c.tf,
                df: stats.df(&key).max(1),
                episodes: stats.episodes.max(1),
                caps: c.caps,
                mid: c.mid,
                ctx: c.ctx,
                shaped: c.shaped,
                burst,
                cues: c.cues.len() as u32,
                duration,
                in_title: key.split(' ').all(|w| title_words.contains(w)),
                sponsor: c.sponsor,
                url_like: is_url_like(&key),
                person: c.n <= 2
                    && c.caps * 2 >= c.mid.max(1)
                    && key.split(' ').next().is_some_and(|w| GIVEN_NAMES.contains(&w)),
                loose_edge: loose_edge(&key),
                first: times.first().copied().unwrap_or(0),
                last: times.last().copied().unwrap_or(0),
                word_idf_max: key.split(' ').map(|w| word_count[w].1).fold(0.0, f64::max),
                word_idf_min: key.split(' ').map(|w| word_count[w].1).fold(f64::INFINITY, f64::min),
                family: key
                    .split(' ')
                    .max_by(|a, b| word_count[*a].1.total_cmp(&word_count[*b].1).then_with(|| b.cmp(a)))
                    .map(|w| word_count[w].0)
                    .unwrap_or(1),
                chars: key.chars().count() as u32,
                digit: key.chars().any(|ch| ch.is_ascii_digit()),
                caps_first: c.caps_first,
                context: c.context / (c.tf.max(1) + CONTEXT_PRIOR) as f64,
            };
            (if best.is_some() { score(&features) } else { 0.0 }, key, c, features)
        })
        .collect();
    match best {
        Some(n) => {
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            scored.truncate(n);
        }
        None => scored.sort_by(|a, b| a.1.cmp(&b.1)),
    }
    scored
        .into_iter()
        .map(|(_, key, c, features)| Candidate {
            fold: fold_with_evidence(&key, stats),
            name: display_name(&c, toks),
            key,
            cue_ids: c.cues,
            features,
            context_words: c.context_words,
        })
        .collect()
}

/// What pass 2 needs to know about one episode besides its cues.
pub struct EpisodeInput<'a> {
    pub cues: &'a [Cue],
    /// The cues' words ([`Words`], with the episode's stop words).
    pub words: &'a Words<'a>,
    pub ads: Ads<'a>,
    /// The episode's own show-notes items, in order.
    pub items: &'a [NoteItem],
    /// Known topics said in the transcript (from pass 1).
    pub known_hits: &'a [(usize, Vec<u32>)],
    /// Hosts', guests' and the show's names: never topics of the episode.
    pub stops: &'a ExtraStops,
    /// The episode's title: names in it are very likely its topics.
    pub title: &'a str,
    pub limit: usize,
    /// Look for topics in what is said, not only known ones.
    pub from_transcripts: bool,
}

/// Times an episode says a name on its own before a phrase around it (said at most half
/// as often) is taken for the name plus filler.
const NAME_OVER_PHRASE_TF: u32 = 6;

/// Every word capitalised or a number: a name of its own ("Visual Studio Code", "PEP 8"),
/// not a name with words around it ("SQLite query planning").
fn written_as_name(name: &str) -> bool {
    name.split(' ').all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
}

#[derive(Default, Clone)]
struct Scored {
    key: String,
    fold: String,
    name: String,
    score: f64,
    cues: Vec<u32>,
    url: Option<String>,
    from_notes: bool,
    name_like: bool,
    tf: u32,
    /// The model's log-odds that it is an item of the episode (after [`extract`]'s cut).
    odds: f64,
}

/// One topic of an episode's own ranking, before the catalogue names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Lower-case words, as phrases are keyed.
    pub key: String,
    pub name: String,
    /// Between 0 and 1, best first; show-notes items 1.0.
    pub score: f64,
    pub from_notes: bool,
    pub url: Option<String>,
    /// Indexes of the cues that say it.
    pub cues: Vec<u32>,
    /// Capitalised or written as a name where this episode says it, or a coined word.
    pub name_like: bool,
    /// Times said.
    pub tf: u32,
    /// The topic model's log-odds that the hosts would list it as an item of the
    /// episode (infinite for the show notes' own items): what the episode's list is cut
    /// on.
    pub odds: f64,
}

impl Ranked {
    /// As the episode's topic, with its mentions.
    pub fn topic(&self, cues: &[Cue]) -> EpisodeTopic {
        let mut mentions: Vec<Mention> =
            self.cues.iter().map(|&ci| Mention { start: cues[ci as usize].start }).collect();
        mentions.dedup();
        EpisodeTopic {
            slug: Some(crate::slug::slugify(&self.name)),
            name: self.name.clone(),
            score: self.score,
            from_notes: self.from_notes,
            url: self.url.clone(),
            mentions,
            entity: None,
            spelling: false,
        }
    }
}

/// A candidate reads as a name: written capitalised or as a name, or a coined word.
fn name_like(key: &str, f: &Features) -> bool {
    f.shaped || (f.caps > 0 && f.caps * 2 >= f.mid) || (f.n == 1 && !super::lexicon::is_english(key))
}

/// Pass 2: the episode's topics, best first. Show-notes items come first, in the hosts'
/// order; then the best of what the transcript says.
pub fn extract(input: &EpisodeInput, stats: &SiteStats, glossary: &Glossary) -> Vec<Ranked> {
    // Score every candidate; fold spoken variants into one topic.
    let mut by_fold: FxHashMap<String, Scored> = FxHashMap::default();
    // The best by the linear score, best first; the trees re-rank them.
    let cands = if input.from_transcripts {
        gather_best(input.cues, input.words, input.ads, stats, input.title, RERANK)
    } else {
        Vec::new()
    };
    for c in cands {
        // Tree scores are log-odds; shift them positive so merging can add them up.
        let s = rerank(&c.features) + SCORE_SHIFT;
        merge(
            &mut by_fold,
            Scored {
                name_like: name_like(&c.key, &c.features),
                tf: c.features.tf,
                key: c.key,
                fold: c.fold,
                name: c.name,
                score: s,
                cues: c.cue_ids,
                url: None,
                from_notes: false,
                odds: 0.0,
            },
        );
    }

    // Known topics (other episodes' show notes, topics.toml) said here.
    for (ti, starts) in input.known_hits {
        let kt = &glossary.topics[*ti];
        let cues = starts_to_cues(input.cues, starts);
        let f = known_features(&kt.name, starts, cues.len() as u32, stats.known_df(*ti).unwrap_or(1), stats, input);
        // Known names are names: trust them a little more than a phrase heard once.
        let s = rerank(&f) + SCORE_SHIFT + KNOWN_BONUS;
        merge(
            &mut by_fold,
            Scored {
                key: kt.name.to_lowercase(),
                fold: fold(&kt.name),
                name: kt.name.clone(),
                score: s,
                tf: cues.len() as u32,
                cues,
                url: kt.url.clone(),
                from_notes: false,
                name_like: true,
                odds: 0.0,
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
        if let Some(gi) = glossary.position(&name) {
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
            tf: cues.len() as u32,
            cues,
            url: item.url.clone(),
            from_notes: true,
            name_like: true,
            odds: f64::INFINITY,
        });
    }
    let max = ranked.first().map(|r| r.score).unwrap_or(1.0).max(1e-9);
    // A phrase around a name the episode says far more often on its own ("SQLite query
    // planning", "Kubernetes labels" in an episode that says SQLite or Kubernetes all
    // the time) is that name plus filler: the name takes the phrase's place, and the
    // other phrases around it ("SQLite file") then overlap it and go.
    let names: FxHashMap<&str, (u32, usize)> = ranked
        .iter()
        .enumerate()
        .filter(|(_, r)| r.name_like && !r.key.contains(' ') && r.score > 0.0)
        .map(|(i, r)| (r.key.as_str(), (r.tf, i)))
        .collect();
    let name_in = |r: &Scored| -> Option<usize> {
        if !r.key.contains(' ') || written_as_name(&r.name) {
            return None;
        }
        let best = r
            .key
            .split(' ')
            .filter_map(|w| names.get(w).map(|&(tf, i)| (w, tf, i)))
            .filter(|&(_, tf, _)| tf >= NAME_OVER_PHRASE_TF.max(r.tf * 2))
            .max_by_key(|&(_, tf, i)| (tf, std::cmp::Reverse(i)))?;
        // Words around the name are plain words, not part of another name ("Black Sheep
        // web framework" is no filler around Black).
        let plain = r.name.split(' ').all(|w| w.to_lowercase() == best.0 || !w.starts_with(char::is_uppercase));
        plain.then_some(best.2)
    };
    let swaps: Vec<Option<usize>> = ranked.iter().map(name_in).collect();
    let named: Vec<Scored> = swaps
        .iter()
        .zip(&ranked)
        .map(|(swap, r)| match swap {
            Some(i) => Scored { score: r.score, ..ranked[*i].clone() },
            None => Scored::default(),
        })
        .collect();
    drop(names);
    for ((r, swap), name) in ranked.into_iter().zip(swaps).zip(named) {
        if out.len() >= input.limit.max(input.items.len()) {
            break;
        }
        let r = if swap.is_some() { name } else { r };
        if r.score <= 0.0 || out.iter().any(|o| overlaps(o, &r)) {
            continue;
        }
        let s = r.score / max * if input.items.is_empty() { 1.0 } else { 0.99 };
        out.push(Scored { score: s, odds: r.score - SCORE_SHIFT, ..r });
    }
    out.into_iter()
        .map(|s| Ranked {
            key: s.key,
            name: s.name,
            score: (s.score * 1000.0).round() / 1000.0,
            from_notes: s.from_notes,
            url: s.url,
            cues: s.cues,
            name_like: s.name_like,
            tf: s.tf,
            odds: s.odds,
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

/// Same spelling, token by token.
fn same_surface(a: &[Token], b: &[Token]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.text == y.text)
}

/// The usual written form: the most frequent capitalised spelling said mid-sentence,
/// else the most frequent spelling.
fn display_name(c: &Cand, toks: &[Token]) -> String {
    let surfaces: Vec<(String, u32)> =
        c.forms.iter().map(|&(p, n)| (surface(&toks[p as usize..p as usize + c.n]), n)).collect();
    let mut forms: Vec<&(String, u32)> = surfaces.iter().collect();
    forms.sort_by(|a, b| {
        let cap = |s: &str| s.chars().any(char::is_uppercase) as u32;
        (cap(&b.0) * 1000 + b.1).cmp(&(cap(&a.0) * 1000 + a.1)).then_with(|| a.0.cmp(&b.0))
    });
    // An all-lowercase name at a sentence start gets "So" casing; prefer the form
    // written mid-sentence when it was ever said there.
    if c.caps == 0 && c.mid > 0 {
        if let Some((f, _)) = surfaces
            .iter()
            .filter(|(s, _)| !s.chars().next().is_some_and(char::is_uppercase))
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        {
            return f.clone();
        }
    }
    forms.first().map(|f| f.0.clone()).unwrap_or_default()
}

/// The inputs of the topic model, in [`topic_model::FEATURES`] order.
pub fn feature_vector(f: &Features) -> [f64; topic_model::N_FEATURES] {
    let idf = ((f.episodes as f64 + 1.0) / f.df.max(1) as f64).ln();
    let tf = f.tf.max(1) as f64;
    let once = if f.tf <= 1 { 1.0 } else { 0.0 };
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    [
        tf.ln(),
        idf,
        (f.burst.max(1) as f64).ln(),
        (f.caps as f64 + 0.5) / (f.mid as f64 + 1.0),
        flag(f.shaped),
        flag(f.n == 2),
        flag(f.n == 3),
        f.ctx as f64 / tf,
        once,
        f.burst as f64 / f.cues.max(1) as f64,
        once * idf,
        flag(f.in_title),
        f.sponsor as f64 / tf,
        flag(f.url_like),
        flag(f.person),
        flag(f.loose_edge),
        f.first as f64 / f.duration.max(1) as f64,
        (f.last.saturating_sub(f.first)) as f64 / f.duration.max(1) as f64,
        f.word_idf_max,
        f.word_idf_min,
        (f.family.max(1) as f64).ln(),
        (f.chars.max(1) as f64).ln(),
        flag(f.digit),
        flag(f.caps_first),
        f.context,
    ]
}

/// Catalogues with fewer episodes than this are scored by the small-catalogue model. With
/// a handful of episodes idf cannot tell a topic from a common word, and the model fitted
/// on a whole catalogue leans on it. Held-out recall@10 on Python Bytes built as sites of
/// N (`scripts/topic-eval.sh --held-out --sites-of N`), small model against large, when
/// this threshold was chosen: N=5 0.48/0.35, N=10 0.49/0.47, N=25 0.49/0.48, N=50
/// 0.50/0.50, N=250 0.49/0.50.
pub const SMALL_CATALOGUE: u32 = 30;

fn model(f: &Features) -> &'static Model {
    if f.episodes < SMALL_CATALOGUE {
        topic_model::small()
    } else {
        topic_model::large()
    }
}

/// A cheap first ranking (linear), so the trees only look at the best few.
pub fn score(f: &Features) -> f64 {
    model(f).linear(&feature_vector(f))
}

/// The final score (log-odds, from the trees) of a candidate that passed [`score`]'s cut.
pub fn rerank(f: &Features) -> f64 {
    model(f).trees(&feature_vector(f))
}

/// Added to the trees' log-odds so that merging spellings can add them up as positives.
const SCORE_SHIFT: f64 = 20.0;

/// Log-odds added to a topic the show notes or glossary already know.
const KNOWN_BONUS: f64 = 1.0;

/// Features of a known topic said in this episode, as if it were a candidate.
fn known_features(name: &str, starts: &[u32], cues: u32, df: u32, stats: &SiteStats, input: &EpisodeInput) -> Features {
    let words = name.split_whitespace().count();
    let burst = burst(starts);
    let title = input.title.to_lowercase();
    Features {
        n: words.clamp(1, 3),
        tf: cues.max(1),
        df: df.max(1),
        episodes: stats.episodes.max(1),
        caps: cues,
        mid: cues,
        ctx: 0,
        shaped: name.contains(['-', '.', '_']) || name.chars().skip(1).any(char::is_uppercase),
        burst,
        cues,
        duration: input.cues.last().map(|c| c.start).unwrap_or(0),
        in_title: title.contains(&name.to_lowercase()),
        sponsor: 0,
        url_like: false,
        person: false,
        loose_edge: false,
        first: starts.first().copied().unwrap_or(0),
        last: starts.last().copied().unwrap_or(0),
        word_idf_max: stats.idf(df),
        word_idf_min: stats.idf(df),
        family: 1,
        chars: name.chars().count() as u32,
        digit: name.chars().any(|ch| ch.is_ascii_digit()),
        caps_first: true,
        context: 0.0,
    }
}

/// Candidates the tree model re-ranks; the rest keep their linear order behind them.
const RERANK: usize = 150;

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
    // Scores are log-odds: two pieces of evidence for one topic combine as a log-sum.
    let (hi, lo) = (better.score.max(weaker.score), better.score.min(weaker.score));
    better.score = hi + (1.0 + (lo - hi).exp()).ln();
    better.cues.extend(weaker.cues);
    better.cues.sort_unstable();
    better.cues.dedup();
    better.tf = better.tf.max(weaker.tf).max(better.cues.len() as u32);
    better.name_like |= weaker.name_like;
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
    // `short` is a whole-word run of `long`: check at each word start.
    let (lb, sb) = (long.as_bytes(), short.as_bytes());
    (0..=lb.len().saturating_sub(sb.len())).any(|i| {
        (i == 0 || lb[i - 1] == b' ')
            && lb[i..].starts_with(sb)
            && (i + sb.len() == lb.len() || lb[i + sb.len()] == b' ')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::glossary::{from_note_items, Glossary};
    use crate::extract::tokens::tokenize;

    fn cues(lines: &[&str]) -> Vec<Cue> {
        Cue::every(30, lines)
    }

    /// A small catalogue: one episode about PyScript (said three ways), others not.
    fn catalogue() -> Vec<Vec<Cue>> {
        vec![
            cues(&[
                "Hello and welcome to Python Bytes. I'm Michael Kennedy and I'm Brian Okken.",
                "Yeah, pretty cool. So, um, pi script. Right, it's Python in the browser.",
                "PyScript runs on Pyodide. Yeah, right, pretty cool.",
                "And py script has a REPL. PyScript is a framework from Anaconda.",
                "This episode is brought to you by Datadog. Visit pythonbytes.fm/datadog for Datadog.",
            ]),
            cues(&[
                "Hello and welcome to Python Bytes. Yeah, right, pretty cool. We talk about pytest today.",
                "pytest fixtures, yeah.",
            ]),
            cues(&[
                "Hello and welcome to Python Bytes. Right. Today it's Django, Django forms, Django admin.",
                "Yeah, pretty cool.",
            ]),
        ]
    }

    #[test]
    fn the_catalogue_size_picks_the_model() {
        let f = |episodes| Features { episodes, tf: 3, df: 1, n: 1, caps: 3, mid: 3, ..Features::default() };
        assert!(std::ptr::eq(model(&f(5)), topic_model::small()));
        assert!(std::ptr::eq(model(&f(SMALL_CATALOGUE - 1)), topic_model::small()));
        assert!(std::ptr::eq(model(&f(SMALL_CATALOGUE)), topic_model::large()));
        // And they are different models: the same feature vector scores differently.
        let x = feature_vector(&f(250));
        assert_ne!(topic_model::small().trees(&x), topic_model::large().trees(&x));
        assert_ne!(topic_model::small().linear(&x), topic_model::large().linear(&x));
    }

    fn topics_of(i: usize, eps: &[Vec<Cue>], glossary: &Glossary, items: &[NoteItem]) -> Vec<EpisodeTopic> {
        let site = ExtraStops::new(["Python Bytes", "Michael Kennedy", "Brian Okken"]);
        let counted: Vec<Counted> = eps.iter().map(|c| count_candidates(c, &site, glossary, true)).collect();
        let stats = SiteStats::new(&counted, glossary.topics.len());
        let words = Words::new(&eps[i], &site);
        let input = EpisodeInput {
            cues: &eps[i],
            words: &words,
            ads: Ads { phrases: &counted[i].ad_phrases, reads: &[] },
            items,
            known_hits: &counted[i].known,
            stops: &site,
            title: "",
            limit: 10,
            from_transcripts: true,
        };
        extract(&input, &stats, glossary).iter().map(|r| r.topic(&eps[i])).collect()
    }

    #[test]
    fn spoken_variants_fold_into_one_topic() {
        let eps = catalogue();
        let t = topics_of(0, &eps, &Glossary::new(Vec::new()), &[]);
        let py: Vec<&EpisodeTopic> = t
            .iter()
            .filter(|t| t.slug.as_deref().is_some_and(|s| s.starts_with("py") && s.contains("script")))
            .collect();
        assert_eq!(py.len(), 1, "one topic for pi script / py script / PyScript: {t:?}");
        assert_eq!(py[0].name, "PyScript");
        assert_eq!(py[0].mentions.iter().map(|m| m.start).collect::<Vec<_>>(), vec![30, 60, 90]);
    }

    #[test]
    fn names_read_aloud_become_their_written_form() {
        let mut eps = catalogue();
        eps.push(cues(&[
            "Our first item is FastAPI dash chameleon, a template library.",
            "It's P-Y-S-T-O-N, a faster Python. Run it with python dash m.",
            "FastAPI dash chameleon works with Chameleon templates. Pyston is from Dropbox.",
        ]));
        let t = topics_of(3, &eps, &Glossary::new(Vec::new()), &[]);
        let starts = |name: &str| {
            let topic = t.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no {name} in {t:?}"));
            topic.mentions.iter().map(|m| m.start).collect::<Vec<_>>()
        };
        assert_eq!(starts("FastAPI-chameleon"), vec![0, 60]);
        assert_eq!(
            t.iter().find(|t| t.name == "FastAPI-chameleon").unwrap().slug.as_deref(),
            Some("fastapi-chameleon")
        );
        assert_eq!(starts("Pyston"), vec![30, 60]);
        assert!(t.iter().all(|t| !t.name.contains("dash")), "{t:?}");
    }

    #[test]
    fn boilerplate_is_never_a_topic() {
        let eps = catalogue();
        for i in 0..eps.len() {
            for t in topics_of(i, &eps, &Glossary::new(Vec::new()), &[]) {
                let n = t.name.to_lowercase();
                for bad in [
                    "python bytes",
                    "michael",
                    "kennedy",
                    "brian",
                    "okken",
                    "yeah",
                    "right",
                    "pretty cool",
                    "hello",
                    "welcome",
                    "um",
                ] {
                    assert!(
                        !n.split_whitespace().any(|w| w == bad) && n != bad,
                        "episode {i}: `{}` is boilerplate",
                        t.name
                    );
                }
            }
        }
        // The sponsor read ranks below the episode's real topics.
        let t = topics_of(0, &eps, &Glossary::new(Vec::new()), &[]);
        let pos = |s: &str| t.iter().position(|x| x.slug.as_deref() == Some(s));
        assert!(pos("pyscript") < pos("datadog").or(Some(usize::MAX)), "{t:?}");
    }

    #[test]
    fn show_notes_items_come_first_and_are_found_in_other_episodes() {
        let eps = catalogue();
        let items = vec![NoteItem {
            title: "Django".into(),
            url: Some("https://djangoproject.com".into()),
            links: vec![],
            ..Default::default()
        }];
        let glossary = Glossary::new(from_note_items(&items));
        let t = topics_of(2, &eps, &glossary, &items);
        assert_eq!(t[0].name, "Django");
        assert!(t[0].from_notes);
        assert_eq!(t[0].mentions, vec![Mention { start: 0 }]);
        // Episode 0 has no notes and never says Django: no false hit.
        assert!(topics_of(0, &eps, &glossary, &[]).iter().all(|t| t.slug.as_deref() != Some("django")));
    }

    #[test]
    fn inflections_group_together() {
        assert_eq!(stem_key("interviews"), "interview");
        assert_eq!(stem_key("interviewing"), "interview");
        assert_eq!(stem_key("coding interviews"), "coding interview");
        assert_eq!(stem_key("libraries"), "library");
        assert_eq!(stem_key("asyncio"), "asyncio");
        assert_eq!(stem_key("class"), "class");
        assert_eq!(stem_key("py-spy"), "py-spy");
    }

    #[test]
    fn context_slots_stop_at_punctuation_and_cue_ends() {
        let mut toks = Vec::new();
        tokenize("There's a library called Memray, which is great.", 0, &mut toks);
        tokenize("Memray is a profiler", 1, &mut toks);
        let at = toks.iter().position(|t| t.text == "Memray").unwrap();
        assert_eq!(context_slots(&toks, at, at + 1), [Some("library"), Some("called"), Some(BOUNDARY), None]);
        let second = toks.iter().rposition(|t| t.text == "Memray").unwrap();
        assert_eq!(context_slots(&toks, second, second + 1), [None, Some(BOUNDARY), Some("is"), Some("a")]);
        let last = toks.len() - 1;
        assert_eq!(context_slots(&toks, last, last + 1)[2], Some(BOUNDARY));
    }

    #[test]
    fn fast_context_scores_agree_with_the_slots() {
        let mut toks = Vec::new();
        tokenize("So there's a library called Memray. It is a memory profiler, called memray too", 0, &mut toks);
        tokenize("and the tool called Flowmill is new", 1, &mut toks);
        let scorer = ContextScorer::new(&toks);
        for at in 0..toks.len() {
            for end in at + 1..=(at + 3).min(toks.len()) {
                let slow = context_weight(&context_slots(&toks, at, end));
                assert!((scorer.score(&toks, at, end) - slow).abs() < 1e-12, "span {at}..{end}");
            }
        }
    }

    #[test]
    fn naming_contexts_outweigh_chatter() {
        // Learned from show notes, not written by hand: "a tool called X" introduces a
        // topic, "it's like X" does not.
        let named = context_weight(&[Some("tool"), Some("called"), Some(BOUNDARY), None]);
        let chatter = context_weight(&[Some("it's"), Some("like"), Some(BOUNDARY), None]);
        assert!(named > chatter + 1.0, "{named} vs {chatter}");
        // The same phrase scores higher when it is introduced by name.
        let glossary = Glossary::new(Vec::new());
        let counted: Vec<Counted> =
            catalogue().iter().map(|c| count_candidates(c, &ExtraStops::default(), &glossary, true)).collect();
        let stats = SiteStats::new(&counted, 0);
        let score_of = |text: &str| {
            let cues = cues(&[text]);
            let words = Words::new(&cues, &ExtraStops::default());
            let c = gather(&cues, &words, Ads { phrases: &[], reads: &[] }, &stats, "");
            c.iter().find(|c| c.key == "flowmill").map(|c| c.features.context).unwrap()
        };
        assert!(score_of("We found a tool called Flowmill today.") > score_of("It's like Flowmill, I guess."));
    }
}
