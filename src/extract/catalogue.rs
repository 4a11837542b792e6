//! The catalogue of names: topics as things of the whole site, not phrases of one
//! episode. A listener who opens "Django" expects every episode about Django, however
//! each one said it ("Django 3", "django's admin").
//!
//! 1. Pass 1 tallies, per episode, how every name-like phrase is said ([`tally_episode`]):
//!    capitalised mid-sentence, written as a name (`FastAPI`, `py-spy`), after "a"/"an",
//!    introduced as a name ("called X", "pip install X"), near an ad read. [`NameStats`]
//!    sums the tallies over the catalogue.
//! 2. [`Catalogue::discover`] decides which phrases are names of things. Catalogue
//!    frequency is not evidence of commonness for a name: Django said in most episodes
//!    is important. Names are told from words by how they are written and said across
//!    the whole catalogue (see [`judge`]); sponsors by being said in ad reads.
//! 3. [`Catalogue::add_episode_topics`] adds what the catalogue alone cannot see: each
//!    episode's own best names (a guest's project), ideas that are among the best topics
//!    of several episodes ("type hints"), and the show notes' and `topics.toml` names.
//! 4. [`Catalogue::find`] finds every entity in an episode (one hash lookup per phrase,
//!    the longest name winning), for topic pages and each episode's topic list.
//!
//! One thing is one entity: spellings that fold alike ("Py Test", "pytest"), plurals,
//! possessives and versions ("Django 3.0") are aliases of one entity; a compound that is
//! a name of its own ("Django REST framework") stays separate with the shorter name as
//! its parent; a fragment ("Django feeling rusty") is not an entity.

use super::glossary::{fold, item_name, project_from_url, spoken_forms, KnownTopic};
use super::lexicon;
use super::spans::{
    for_each_candidate, hash_key, key_into, stem_key, surface, ExtraStops, Words, GIVEN_NAMES, MIDDLE_OK,
};
use super::tokens::{tokenize, Token};
use crate::model::{Cue, EntityMentions, NoteItem};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// How one phrase is said: in one episode, or summed over the catalogue.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NameTally {
    /// Times said.
    pub tf: u32,
    /// Times said not at the start of a sentence or cue.
    pub mid: u32,
    /// Of those, times every word was capitalised.
    pub caps: u32,
    /// Times written as a name: CamelCase, dotted, hyphenated.
    pub shaped: u32,
    /// Times said right after "a" or "an" (an ordinary noun's company).
    pub article: u32,
    /// Times introduced as a name ("called X", "X library", "pip install X").
    pub naming: u32,
    /// Of the capitalised mid-sentence mentions of a single word, those right beside
    /// another capitalised word: "University" of "Stanford University", "Institute" of
    /// "National Institute of ...". An ordinary word capitalised only so is part of
    /// other names, not one itself.
    pub run: u32,
    /// Times said in or near an ad read.
    pub ad: u32,
    /// Episodes that say it, and episodes that say it at least twice.
    pub df: u32,
    pub df2: u32,
}

impl NameTally {
    fn add(&mut self, o: &NameTally) {
        self.tf += o.tf;
        self.mid += o.mid;
        self.caps += o.caps;
        self.shaped += o.shaped;
        self.article += o.article;
        self.naming += o.naming;
        self.run += o.run;
        self.ad += o.ad;
        self.df += o.df;
        self.df2 += o.df2;
    }

    /// Share of mid-sentence mentions that were capitalised.
    fn caps_ratio(&self) -> f64 {
        if self.mid == 0 {
            0.0
        } else {
            self.caps as f64 / self.mid as f64
        }
    }
}

/// Words right before a phrase that introduce it as a name: "a tool called X", "pip
/// install X", "import X".
const NAMING_BEFORE: &[&str] = &["called", "named", "install", "import"];
/// Words right after a phrase that say it is a tool's name: "pip install".
const NAMING_AFTER: &[&str] = &["install"];

/// Subcommands after a two-letter tool's name ("uv sync", "uv pip install").
const COMMANDS: &[&str] = &[
    "pip", "sync", "lock", "run", "add", "venv", "tool", "init", "build", "publish", "python", "remove", "tree",
    "export",
];

/// Words after which a noun phrase has ended ("a podcast that ...").
const PHRASE_ENDS: &[&str] =
    &["that", "which", "who", "for", "with", "to", "of", "and", "or", "is", "was", "in", "on", "you", "i", "it", "but"];

/// Every word of the span capitalised (digits and "of"/"the" inside a name allowed).
fn written_capitalised(span: &[Token]) -> bool {
    span.iter().enumerate().all(|(i, t)| {
        t.capitalised()
            || t.text.starts_with(|c: char| c.is_ascii_digit())
            || (i > 0 && i + 1 < span.len() && MIDDLE_OK.contains(&&*t.lower))
    })
}

/// The word at `at` has a capitalised word (not an acronym) right before or after it in
/// the same cue, with no punctuation between.
fn beside_capitalised(toks: &[Token], at: usize) -> bool {
    let cap = |t: &Token| t.capitalised() && t.text.chars().any(char::is_lowercase);
    let before = at > 0 && !toks[at - 1].break_after && toks[at - 1].cue == toks[at].cue && cap(&toks[at - 1]);
    let same = |i: usize| toks.get(i).is_some_and(|n| n.cue == toks[at].cue);
    // "Department of Defense", "University of Washington".
    let after = !toks[at].break_after
        && same(at + 1)
        && (cap(&toks[at + 1])
            || toks[at + 1].lower == "of" && !toks[at + 1].break_after && same(at + 2) && cap(&toks[at + 2]));
    before || after
}

/// Prefixes joined to ordinary words ("pre-trained", "co-founder", "multi-node").
const PREFIXES: &[&str] =
    &["pre", "co", "non", "multi", "re", "sub", "self", "semi", "anti", "post", "inter", "de", "bi", "tri", "uni"];

/// An ordinary English word, inflected ("entities") or joined ("trade-offs",
/// "pre-trained"): no coined name.
fn ordinary_word(w: &str) -> bool {
    w.split('-')
        .all(|p| !p.is_empty() && (lexicon::is_word(p) || lexicon::is_word(&stem_key(p)) || PREFIXES.contains(&p)))
}

/// An ordinary English word the catalogue does not write as a name: capitalised on its
/// own (not beside another capitalised word, as in "State of the Union") or written as a
/// name ("spaCy", "pre-commit") in under 15% of its mid-sentence mentions, seldom
/// introduced as one ("called X", "pip install X", "import X": fewer than twice, or in
/// under 5% of its mentions: "the install script" is no introduction), and said evenly
/// across the catalogue rather than in bursts (a topic word such as "pickle" is said
/// many times in the few episodes about it). "state", "script", "master": no page of
/// their own. Names that are words keep theirs: Flask (69% capitalised), Rich (25%),
/// Black (20%), pickle (bursty).
fn plain_word(key: &str, t: &NameTally, episodes: u32) -> bool {
    let written = t.caps.saturating_sub(t.run) + t.shaped;
    let introduced = t.naming >= 2 && t.naming * 20 >= t.mid;
    !key.contains(' ')
        && ordinary_word(key)
        && !introduced
        && written * 20 < t.mid * 3
        && burstiness(Some(t), episodes) < 1.0
}

/// [`plain_word`] by the catalogue's tallies, for the key or, when the key is mostly not
/// written as a name, the word it folds into when that is said more ("scripted" is
/// mostly "script"; "Rapids" is written as a name, and is not "rapid").
fn plain_in(key: &str, stats: &NameStats) -> bool {
    let stem = stem_key(key);
    let plain = |k: &str| stats.get(k).is_some_and(|t| plain_word(k, t, stats.episodes));
    let unwritten = stats.get(key).is_none_or(|t| (t.caps.saturating_sub(t.run) + t.shaped) * 2 < t.mid);
    plain(key) || (stem != key && unwritten && stats.tf(&stem) > stats.tf(key) && plain(&stem))
}

/// A word joined to a describing ending ("AI-related", "cloud-based", "data-driven"), or
/// vocabulary joined to a participle ("AI-generated", "AI-enabled", "GPU-accelerated"),
/// describes something; it names nothing.
fn describes(key: &str) -> bool {
    // The head is vocabulary, not a name: "pytest-picked" is a plugin.
    let participle = key.rsplit_once('-').is_some_and(|(head, last)| {
        (is_general(head) || ordinary_word(head)) && last.len() >= 4 && last.ends_with("ed") && lexicon::is_word(last)
    });
    const ENDINGS: &[&str] = &[
        "-related",
        "-based",
        "-driven",
        "-powered",
        "-focused",
        "-oriented",
        "-centric",
        "-specific",
        "-like",
        "-ish",
    ];
    !key.contains(' ') && (participle || ENDINGS.iter().any(|e| key.ends_with(e)))
}

/// An abbreviation written with dots ("U.S", "Ph.D", "e.g"): short parts, no name.
fn is_abbreviation(key: &str) -> bool {
    key.contains('.')
        && key.split('.').all(|p| (1..=2).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic))
}

/// Pass 1 for one episode: the hashed keys of every candidate phrase (sorted, for
/// document frequencies), and every name-like phrase with how it was said. Single words
/// are all kept (how they are written elsewhere in the catalogue decides whether they
/// are names); longer phrases only when written as a name at least once, from then on.
pub fn tally_episode(words: &Words, near_ad: &[bool]) -> (Vec<u64>, Vec<(Box<str>, NameTally)>) {
    let toks = &words.toks;
    // Keyed by hash while counting; a key's text is built once, for the phrases kept.
    let mut keys: Vec<u64> = Vec::with_capacity(toks.len() * 2);
    let mut index: FxHashMap<u64, u32> = FxHashMap::default();
    let mut tallies: Vec<(u32, u8, NameTally)> = Vec::new();
    words.for_each_candidate(|at, len| {
        let hash = words.hash(at, len);
        keys.push(hash);
        let span = &toks[at..at + len];
        // A longer phrase is tallied from its first use written as a name on (most are
        // never written so, and are only counted for document frequencies).
        let i = match index.get(&hash) {
            Some(&i) => i,
            None if len > 1 && !written_capitalised(span) && !span.iter().any(Token::name_shaped) => return,
            None => {
                tallies.push((at as u32, len as u8, NameTally::default()));
                index.insert(hash, tallies.len() as u32 - 1);
                tallies.len() as u32 - 1
            }
        };
        let t = &mut tallies[i as usize].2;
        t.tf += 1;
        let first = &span[0];
        if !first.sentence_start {
            t.mid += 1;
            if written_capitalised(span) {
                t.caps += 1;
                if len == 1 && beside_capitalised(toks, at) {
                    t.run += 1;
                }
            }
        }
        if span.iter().any(Token::name_shaped) {
            t.shaped += 1;
        }
        let prev = (at > 0 && !toks[at - 1].break_after && toks[at - 1].cue == first.cue).then(|| &*toks[at - 1].lower);
        let end = at + len;
        let next =
            (end < toks.len() && !span[len - 1].break_after && toks[end].cue == first.cue).then(|| &*toks[end].lower);
        // "a podcast." counts, "a pytest plugin" does not: there the name is a modifier.
        if matches!(prev, Some("a" | "an")) && next.is_none_or(|w| PHRASE_ENDS.contains(&w)) {
            t.article += 1;
        }
        // A short tool's name comes with its commands: "uv pip", "uv sync".
        let command = len == 1 && first.lower.len() == 2 && next.is_some_and(|w| COMMANDS.contains(&w));
        if prev.is_some_and(|w| NAMING_BEFORE.contains(&w))
            || next.is_some_and(|w| NAMING_AFTER.contains(&w))
            || command
        {
            t.naming += 1;
        }
        if near_ad.get(first.cue as usize).copied().unwrap_or(false) {
            t.ad += 1;
        }
    });
    keys.sort_unstable();
    keys.dedup();
    keys.shrink_to_fit();
    let mut buf = String::new();
    let mut out: Vec<(Box<str>, NameTally)> = tallies
        .into_iter()
        .map(|(at, len, mut t)| {
            key_into(&toks[at as usize..at as usize + len as usize], &mut buf);
            t.df = 1;
            t.df2 = (t.tf >= 2) as u32;
            (Box::from(buf.as_str()), t)
        })
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    (keys, out)
}

/// The tallies of the whole catalogue.
#[derive(Debug, Default)]
pub struct NameStats {
    pub episodes: u32,
    map: FxHashMap<Box<str>, NameTally>,
}

impl NameStats {
    pub fn add_episode(&mut self, names: Vec<(Box<str>, NameTally)>) {
        self.episodes += 1;
        for (k, t) in names {
            self.map.entry(k).or_default().add(&t);
        }
    }

    /// Sums two partial catalogues (from parallel workers); the result does not depend
    /// on how the episodes were split.
    pub fn merge(mut self, mut other: NameStats) -> NameStats {
        if other.map.len() > self.map.len() {
            std::mem::swap(&mut self, &mut other);
        }
        self.episodes += other.episodes;
        for (k, t) in other.map {
            self.map.entry(k).or_default().add(&t);
        }
        self
    }

    pub fn get(&self, key: &str) -> Option<&NameTally> {
        self.map.get(key)
    }

    /// Undoes an [`NameStats::add_episode`] of `names`: false (the tallies are then
    /// unusable) if they were not added. A name no episode says any more is dropped
    /// (each episode's tally of a name counts one in `df`), so the tallies equal a
    /// fresh sum of the episodes left ([`super::memo`]'s pass-1 summary).
    pub fn remove_episode(&mut self, names: &[(Box<str>, NameTally)]) -> bool {
        let Some(n) = self.episodes.checked_sub(1) else { return false };
        self.episodes = n;
        for (k, t) in names {
            let Some(sum) = self.map.get_mut(k) else { return false };
            let fields = |t: &NameTally| [t.tf, t.mid, t.caps, t.shaped, t.article, t.naming, t.run, t.ad, t.df, t.df2];
            let (have, take) = (fields(sum), fields(t));
            if have.iter().zip(&take).any(|(h, t)| h < t) {
                return false;
            }
            if take[8] == have[8] {
                if have != take {
                    return false;
                }
                self.map.remove(k);
                continue;
            }
            let [tf, mid, caps, shaped, article, naming, run, ad, df, df2]: [u32; 10] =
                std::array::from_fn(|i| have[i] - take[i]);
            *sum = NameTally { tf, mid, caps, shaped, article, naming, run, ad, df, df2 };
        }
        true
    }

    /// Every name's tally, in no particular order (for the cache).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NameTally)> {
        self.map.iter().map(|(k, t)| (&**k, t))
    }

    /// The tallies of `episodes` episodes, as [`NameStats::iter`] gave them.
    pub fn from_parts(episodes: u32, map: FxHashMap<Box<str>, NameTally>) -> NameStats {
        NameStats { episodes, map }
    }

    fn tf(&self, key: &str) -> u32 {
        self.map.get(key).map_or(0, |t| t.tf)
    }
}

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A name of a thing, found in what is said.
    Name,
    /// A phrase among the best topics of several episodes ("type hints").
    Idea,
    /// Named in show notes or `topics.toml`.
    Known,
    /// Said mostly in ad reads: listed as a sponsor, never a topic.
    Sponsor,
}

/// One thing of the catalogue.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Lower-case words, as phrases are keyed ("django rest framework").
    pub key: String,
    /// The written name, when the show notes or `topics.toml` give one; otherwise the
    /// index names it by its most common spelling.
    pub name: Option<String>,
    pub kind: Kind,
    /// Keys that mean it: spellings, spoken forms, versions.
    pub aliases: Vec<String>,
    /// Also an ordinary word ("black", "rich"): only its name-like mentions count.
    pub ambiguous: bool,
    /// The entity this one is a compound of ("Django" for "Django REST framework").
    pub parent: Option<usize>,
    pub url: Option<String>,
    pub description: Option<String>,
    /// `hide = true` in `topics.toml`: never a topic.
    pub hidden: bool,
    /// An ordinary English word that the catalogue never introduces as a name ("state",
    /// "party", "master"; not "a library called Rich"): it has no page of its own, however
    /// often it is said.
    pub plain_word: bool,
}

impl Entity {
    fn new(key: String, kind: Kind) -> Entity {
        Entity {
            aliases: vec![key.clone()],
            key,
            name: None,
            kind,
            ambiguous: false,
            parent: None,
            url: None,
            description: None,
            hidden: false,
            plain_word: false,
        }
    }
}

/// The identity of a phrase: spellings, spacing and a plural fold alike ("Py Test" =
/// "pytest", "type hints" = "type hint").
pub fn identity(key: &str) -> String {
    fold(&stem_key(key))
}

/// General vocabulary (`data/general-terms.txt`: API, JSON, CPU, places, languages, job
/// titles), by identity: every show says it, and a page of it helps no listener browse.
static GENERAL: LazyLock<FxHashSet<String>> =
    LazyLock::new(|| general_terms().map(|l| identity(&phrase_key(l))).collect());

/// The general terms as the data file writes them ("API", "New York", "MLOps").
pub fn general_terms() -> impl Iterator<Item = &'static str> {
    include_str!("data/general-terms.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

/// Is `key` (an entity's key) general vocabulary?
pub fn is_general(key: &str) -> bool {
    GENERAL.contains(&identity(key))
}

/// A version number or a release name's number: `3`, `3.12`, `v2`, `2.x`.
/// A pre-release may follow the last number: `19.10b0`, `3.0rc1`, `2.0a3`.
fn is_version(word: &str) -> bool {
    let w = word.strip_prefix('v').unwrap_or(word);
    let parts: Vec<&str> = w.split('.').collect();
    let number = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let last_ok = |p: &str| {
        p == "x" || number(p) || {
            let digits = p.trim_start_matches(|c: char| c.is_ascii_digit());
            let tag = digits.trim_end_matches(|c: char| c.is_ascii_digit());
            digits.len() < p.len() && matches!(tag, "a" | "b" | "rc" | "alpha" | "beta" | "dev")
        }
    };
    w.starts_with(|c: char| c.is_ascii_digit())
        && parts[..parts.len() - 1].iter().all(|p| number(p))
        && parts.last().is_some_and(|p| last_ok(p))
}

/// Whether `word` is an integer used as an identifier (`PEP 572`) rather than a version.
fn big_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit()) && word.len() >= 3
}

/// Settings of the catalogue, from the site's config.
#[derive(Debug, Clone)]
pub struct CatalogueSettings {
    /// A name said in at least this share of episodes is the show's own subject (the
    /// way its title is), not a topic: "Python" on a Python show.
    pub subject_share: f64,
    /// Best topics of an episode that become entities of their own when they are names.
    pub episode_names: usize,
    /// Best topics of an episode that count towards an idea.
    pub idea_rank: usize,
}

impl Default for CatalogueSettings {
    fn default() -> Self {
        CatalogueSettings { subject_share: 0.9, episode_names: 15, idea_rank: 10 }
    }
}

/// Why a phrase is, or is not, a name: the verdict of [`judge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Written or said as a name.
    Name,
    /// An ordinary word that is also a name: its capitalised mentions are the name.
    Ambiguous,
    NotAName,
}

/// Is this catalogue-wide tally the tally of a name? Casing where speech-to-text keeps it
/// (`Django`, `Flask`), shape (`FastAPI`, `pyproject.toml`), and for words in lower case,
/// whether it is an ordinary word at all: `pytest`, `uvloop` and `aiohttp` are written in
/// lower case but are no English words, and unlike nouns they are never "a pytest" nor
/// said in the plural. A dictionary word capitalised often enough mid-sentence ("Black",
/// "Rich", "Poetry") is a name when capitalised.
pub fn judge(key: &str, t: &NameTally, stats: &NameStats) -> Verdict {
    let words: Vec<&str> = key.split(' ').collect();
    if is_abbreviation(key) || describes(key) {
        return Verdict::NotAName;
    }
    // A web address is a word of a phrase, not part of a name ("pythonbytes.fm Datadog").
    if words.len() > 1 && words.iter().any(|w| w.contains('.') && !w.starts_with(|c: char| c.is_ascii_digit())) {
        return Verdict::NotAName;
    }
    // Written as a name: CamelCase, dotted, or joined parts one of which is no word
    // ("py-spy", "scikit-learn"; not "plug-in" or "real-time").
    let joined_words = key.contains(['-', '_'])
        && key.split([' ', '_']).all(|p| p.is_empty() || ordinary_word(p))
        && t.caps * 2 < t.mid.max(1);
    if t.shaped * 2 > t.tf && !joined_words {
        return Verdict::Name;
    }
    let caps_ratio = t.caps_ratio();
    if words.len() > 1 {
        // Longer phrases only by how they are written: "Visual Studio Code".
        return if t.caps >= 2 && caps_ratio >= 0.6 { Verdict::Name } else { Verdict::NotAName };
    }
    let w = words[0];
    // An ordinary word capitalised mostly beside other capitalised words ("Stanford
    // University", "New York Times") is a part of those names, unless it is introduced
    // as a name of its own ("a library called Rich").
    if ordinary_word(w) && t.run * 3 >= t.caps * 2 && t.naming * 4 < t.tf.max(4) {
        return Verdict::NotAName;
    }
    // A word capitalised only inside longer names ("York" of New York) is a part of them.
    if t.run * 10 >= t.caps * 9 && t.caps > 0 && t.naming == 0 {
        return Verdict::NotAName;
    }
    if t.mid >= 3 && caps_ratio >= 0.6 {
        return Verdict::Name;
    }
    // Introduced as a name over and over: "pip install", "the X library".
    // An ordinary noun is "named" too ("named entity") and takes an article ("an
    // entity"); a name introduced so does not ("import pickle").
    let article = t.article as f64 / t.tf.max(1) as f64;
    if t.naming as f64 >= 0.25 * t.tf as f64 && t.tf >= 4 && (!ordinary_word(w) || article <= 0.05) {
        return Verdict::Name;
    }
    // An ordinary word, inflected ("versioning"), derived ("convolutional"), run together
    // ("mindset") or joined to others ("decision-making"), is no coined name.
    let ordinary = |w: &str| lexicon::is_english(w) || lexicon::is_word(&stem_key(w));
    let joined_words = w.contains('-') && w.split('-').all(ordinary);
    if !ordinary(w) && !joined_words {
        // A coined word, unless it behaves like a noun: "a dataset.", "datasets".
        let plural_tf = match w.strip_suffix('s') {
            Some(single) => stats.tf(single),
            None => stats.tf(&format!("{w}s")),
        };
        let plural = plural_tf >= 2 && plural_tf as f64 >= 0.1 * t.tf as f64;
        return if !plural && article <= 0.05 && w.chars().count() >= 3 { Verdict::Name } else { Verdict::NotAName };
    }
    // An ordinary word written capitalised now and then ("Lab", "Defense", "Act") is a
    // name only where the catalogue also introduces it as one ("pip install black").
    if t.caps >= 3 && caps_ratio >= 0.15 && t.naming >= 1 {
        return Verdict::Ambiguous;
    }
    Verdict::NotAName
}

/// The most words of a name looked for inside a longer phrase (a fragment around a name,
/// a compound's parent, a phrase inside a longer one). Names found in speech are 1-3
/// words and show-notes items that are names at most three; a longer `topics.toml` name
/// is still found when spelled whole. Without a cap a phrase of n words costs n³ (every
/// span, joined): a show-notes title of 1,600 words took minutes.
pub const NAME_WORDS: usize = 8;

/// The site's entities and the index to find them.
#[derive(Debug, Default, Clone)]
pub struct Catalogue {
    pub entities: Vec<Entity>,
    /// Identity -> entity.
    by_identity: FxHashMap<String, usize>,
    /// Hash of an alias key -> entity; built by [`Catalogue::seal`].
    by_alias: FxHashMap<u64, u32>,
    /// Heads that number a series rather than versions ("pep" in "PEP 572").
    series: FxHashSet<String>,
    /// Identities of names said in nearly every episode: the show's own subject.
    subjects: FxHashSet<String>,
    /// Entities before this index have parents and aliases indexed ([`Catalogue::seal`]).
    sealed: usize,
    /// How many times the catalogue was sealed.
    seals: u32,
    /// Finds the cues that may say an entity added by the last seal.
    recheck: Option<aho_corasick::AhoCorasick>,
}

/// One mention of an entity, as found in a transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    pub cue: u32,
    pub entity: u32,
    /// Written as a name: capitalised mid-sentence, or name-shaped.
    pub named: bool,
    /// How it was written, when said mid-sentence and not as a version.
    pub spelling: Option<Box<str>>,
}

/// One ranked topic of an episode, as [`Catalogue::add_episode_topics`] reads it.
#[derive(Debug, Clone)]
pub struct RankedName<'a> {
    pub key: &'a str,
    /// Capitalised or name-shaped where this episode says it.
    pub name_like: bool,
    pub tf: u32,
}

impl Catalogue {
    /// Step 2: the names of the catalogue, from its tallies. `stops` are the show's own
    /// words (title, hosts, `[topics] ignore`).
    pub fn discover(stats: &NameStats, stops: &ExtraStops, settings: &CatalogueSettings) -> Catalogue {
        let mut keys: Vec<(&str, &NameTally)> = stats.map.iter().map(|(k, t)| (&**k, t)).collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let subject = (stats.episodes >= 20).then(|| (stats.episodes as f64 * settings.subject_share).ceil() as u32);

        // A phrase said mostly inside one longer name is part of it: "Shaw" of "Anthony
        // Shaw", "Actions" of "GitHub Actions", "Django REST" of "Django REST Framework".
        let mut dominated: FxHashSet<String> = FxHashSet::default();
        for (key, t) in &keys {
            if !key.contains(' ') || t.tf < 2 {
                continue;
            }
            let words: Vec<&str> = key.split(' ').collect();
            for len in 1..words.len().min(NAME_WORDS + 1) {
                for s in 0..=words.len() - len {
                    let part = words[s..s + len].join(" ");
                    if stats.tf(&part) as f64 <= t.tf as f64 * 1.4 {
                        dominated.insert(part);
                    }
                }
            }
        }
        // Numbers that follow a head: big ones number a series ("PEP 572").
        let mut series: FxHashMap<&str, u32> = FxHashMap::default();
        for (key, _) in &keys {
            if let Some((head, last)) = key.rsplit_once(' ') {
                if big_number(last) {
                    *series.entry(head).or_default() += 1;
                }
            }
        }
        let series: FxHashSet<String> = series.into_iter().filter(|(_, n)| *n >= 2).map(|(h, _)| identity(h)).collect();

        let mut cat = Catalogue { series, ..Catalogue::default() };
        for (key, t) in &keys {
            let words: Vec<&str> = key.split(' ').collect();
            if subject.is_some_and(|s| t.df >= s) {
                cat.subjects.insert(identity(key));
                continue;
            }
            if t.df2 < 2
                || dominated.contains(*key)
                || words.iter().any(|w| stops.contains(w))
                || GIVEN_NAMES.contains(&words[0])
                || !words[0].starts_with(char::is_alphabetic)
            {
                continue;
            }
            if words.len() > 1
                && words.last().is_some_and(|w| is_version(w))
                && !cat.series.contains(&identity(&words[..words.len() - 1].join(" ")))
            {
                continue; // a version of its head: an alias, added below
            }
            let verdict = judge(key, t, stats);
            if verdict == Verdict::NotAName {
                continue;
            }
            // A sponsor is a name said mostly in ad reads, in more than one episode.
            let kind =
                if t.ad * 2 >= t.tf && t.df >= 2 && verdict == Verdict::Name { Kind::Sponsor } else { Kind::Name };
            match cat.resolve_exact(key) {
                // Spellings of one name: the most said one is its key.
                Some(e) => {
                    let ent = &mut cat.entities[e];
                    ent.aliases.push(key.to_string());
                    if stats.tf(&ent.key) < t.tf {
                        ent.key = key.to_string();
                    }
                    ent.ambiguous &= verdict == Verdict::Ambiguous;
                    ent.plain_word = plain_in(&ent.key, stats);
                    if kind == Kind::Sponsor {
                        ent.kind = Kind::Sponsor;
                    }
                }
                None => {
                    let e = cat.push(Entity::new(key.to_string(), kind));
                    cat.entities[e].ambiguous = verdict == Verdict::Ambiguous;
                    cat.entities[e].plain_word = plain_in(key, stats);
                }
            }
        }
        // An acronym of a longer name is that name: "PSF" is the Python Software
        // Foundation when the catalogue says both.
        let mut acronyms: Vec<(usize, usize)> = Vec::new();
        for (i, e) in cat.entities.iter().enumerate() {
            let words: Vec<&str> = e.key.split(' ').filter(|w| !MIDDLE_OK.contains(w)).collect();
            if words.len() < 2 || e.kind == Kind::Sponsor {
                continue;
            }
            let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
            if let Some(&a) = cat.by_identity.get(&initials) {
                if a != i && stats.get(&cat.entities[a].key).is_some_and(|t| t.caps * 2 > t.mid) {
                    acronyms.push((a, i));
                }
            }
        }
        // "VS Code" of "Visual Studio Code": the first words' initials, then the rest.
        for (i, e) in cat.entities.iter().enumerate() {
            let words: Vec<&str> = e.key.split(' ').collect();
            if words.len() < 3 || e.kind == Kind::Sponsor {
                continue;
            }
            for k in 2..words.len() {
                let initials: String = words[..k].iter().filter_map(|w| w.chars().next()).collect();
                let short = format!("{initials} {}", words[k..].join(" "));
                if let Some(&a) = cat.by_identity.get(&identity(&short)) {
                    if a != i {
                        acronyms.push((a, i));
                    }
                }
            }
        }
        // A short form that is the name without its suffix: "Mongo" of "MongoDB",
        // "Postgres" of "PostgreSQL".
        for (i, e) in cat.entities.iter().enumerate() {
            if e.key.contains(' ') || e.kind == Kind::Sponsor {
                continue;
            }
            for suffix in ["db", "sql", "js", "hq", "lang"] {
                // "Postgres" + "SQL" is written "PostgreSQL": the suffix may swallow an "s".
                let longer =
                    [format!("{}{suffix}", e.key), format!("{}{suffix}", e.key.strip_suffix('s').unwrap_or(""))];
                for l in longer.iter().filter(|l| l.len() > suffix.len() + 2) {
                    if let Some(&long) = cat.by_identity.get(&identity(l)) {
                        if long != i && cat.entities[long].kind != Kind::Sponsor && !acronyms.contains(&(i, long)) {
                            acronyms.push((i, long));
                        }
                    }
                }
            }
        }
        for (a, long) in acronyms {
            cat.merge_into(a, long);
        }
        // Every spelling of an entity's identity, and its versions, are its aliases.
        // An ordinary word never written as a name is no spelling of one: "inform" and
        // "informed" are not INFORMS.
        for (key, t) in &keys {
            if let Some(e) = cat.resolve_exact(key) {
                let plain_word = t.caps == 0 && t.shaped == 0 && !key.contains(' ') && ordinary_word(key);
                if !plain_word || cat.entities[e].key == *key {
                    cat.entities[e].aliases.push(key.to_string());
                }
            }
        }
        cat
    }

    fn push(&mut self, e: Entity) -> usize {
        let i = self.entities.len();
        self.by_identity.insert(identity(&e.key), i);
        self.entities.push(e);
        i
    }

    /// The entity a key is a spelling of: the same identity, or the plural of a name
    /// the catalogue has ("APIs"), however short.
    fn spelling_of(&self, key: &str) -> Option<usize> {
        if let Some(&e) = self.by_identity.get(&identity(key)) {
            return Some(e);
        }
        let single = key.strip_suffix('s').filter(|s| !s.ends_with('s'))?;
        self.by_identity.get(&identity(single)).copied()
    }

    /// The entity a key is a spelling or a version of.
    fn resolve_exact(&self, key: &str) -> Option<usize> {
        if let Some(e) = self.spelling_of(key) {
            return Some(e);
        }
        let (head, last) = key.rsplit_once(' ')?;
        if is_version(last) && !self.series.contains(&identity(head)) {
            return self.by_identity.get(&identity(head)).copied();
        }
        None
    }

    /// The entity a ranked phrase means: a spelling or version of it, or a fragment
    /// around it ("Django feeling rusty": Django and words that name nothing). A phrase
    /// holding another name ("pytest VCR") is not a fragment.
    pub fn resolve(&self, key: &str) -> Option<usize> {
        self.resolve_phrase(key).map(|(e, _)| e)
    }

    /// [`Catalogue::resolve`], and whether the phrase is just a spelling of the entity's
    /// name (rather than a version, or a longer phrase around it).
    pub fn resolve_phrase(&self, key: &str) -> Option<(usize, bool)> {
        if let Some(e) = self.spelling_of(key) {
            return Some((e, true));
        }
        if let Some(e) = self.resolve_exact(key) {
            return Some((e, false));
        }
        let words: Vec<&str> = key.split(' ').collect();
        for len in (1..words.len().min(NAME_WORDS + 1)).rev() {
            for s in 0..=words.len() - len {
                let Some(e) = self.resolve_exact(&words[s..s + len].join(" ")) else { continue };
                let rest_is_plain = words[..s].iter().chain(&words[s + len..]).all(|w| {
                    lexicon::is_word(w) || w.chars().all(|c| c.is_ascii_digit() || c == '.') || MIDDLE_OK.contains(w)
                });
                if rest_is_plain {
                    return Some((e, false));
                }
            }
        }
        None
    }

    /// Whether a phrase is a spelling or a version of an entity's name ("LLaMA 2"), not
    /// a longer phrase around it ("Reflex apps").
    pub fn names_exactly(&self, key: &str) -> bool {
        self.resolve_exact(key).is_some()
    }

    /// The longest name inside a longer phrase ("Modal" in "config Modal"); never a
    /// name that is also an ordinary word ("black" in "black box").
    pub fn name_within(&self, key: &str) -> Option<usize> {
        let words: Vec<&str> = key.split(' ').collect();
        for len in (1..words.len().min(NAME_WORDS + 1)).rev() {
            for s in 0..=words.len() - len {
                let Some(e) = self.resolve_exact(&words[s..s + len].join(" ")) else { continue };
                let ent = &self.entities[e];
                if !ent.ambiguous && !ent.hidden && ent.kind != Kind::Sponsor {
                    return Some(e);
                }
            }
        }
        None
    }

    /// Is `key` a name said in nearly every episode (the show's own subject, "machine
    /// learning" on an AI show)?
    pub fn is_subject(&self, key: &str) -> bool {
        self.subjects.contains(&identity(key))
    }

    /// The entities a written text (an episode's title) names, in the order it names
    /// them; the show's own subject and hidden entities left out.
    pub fn named_in(&self, text: &str, stops: &ExtraStops) -> Vec<usize> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        let lower = text.to_lowercase();
        for key in title_names(text, stops) {
            if self.subjects.contains(&identity(&key)) {
                continue;
            }
            let Some(e) = self.resolve_exact(&key) else { continue };
            let ent = &self.entities[e];
            if ent.hidden || ent.kind == Kind::Sponsor || found.iter().any(|&(x, _)| x == e) {
                continue;
            }
            // A longer name already found holds this one ("Django REST framework").
            if found
                .iter()
                .any(|&(x, _)| self.entities[x].key.split(' ').count() > 1 && self.entities[x].key.contains(&key))
            {
                continue;
            }
            let at = lower.find(key.split(' ').next().unwrap_or_default()).unwrap_or(usize::MAX);
            found.push((e, at));
        }
        found.sort_by_key(|&(_, at)| at);
        found.into_iter().map(|(e, _)| e).collect()
    }

    /// Step 3, for `topics.toml`: its entries are always entities, and their name, link,
    /// description and `hide` win; their aliases fold into them.
    pub fn add_known(&mut self, glossary_entries: &[KnownTopic]) {
        for k in glossary_entries {
            // A name with no word in it ("#") is known by its first alias.
            let key = std::iter::once(&k.name)
                .chain(&k.aliases)
                .map(|n| phrase_key(n))
                .find(|k| !k.is_empty())
                .unwrap_or_default();
            if key.is_empty() {
                continue;
            }
            let e = match self.by_identity.get(&identity(&key)) {
                Some(&e) => e,
                None => self.push(Entity::new(key.clone(), Kind::Known)),
            };
            let ent = &mut self.entities[e];
            ent.name = Some(k.name.clone());
            ent.kind = Kind::Known;
            ent.ambiguous = false;
            ent.hidden = k.hidden;
            if k.url.is_some() {
                ent.url = k.url.clone();
            }
            if k.description.is_some() {
                ent.description = k.description.clone();
            }
            // An alias that is another entity's name merges that entity into this one.
            for alias in k.aliases.iter().map(|a| phrase_key(a)) {
                if let Some(other) = self.spelling_of(&alias).filter(|&o| o != e) {
                    self.merge_into(other, e);
                }
                self.entities[e].aliases.push(alias);
            }
        }
    }

    /// Hides the entities that are general vocabulary ([`is_general`]): no page, never an
    /// episode's topic. `topics.toml` and the show notes win: an entity they list (`keep`)
    /// stays.
    pub fn hide_general(&mut self, keep: &FxHashSet<usize>) {
        for (i, e) in self.entities.iter_mut().enumerate() {
            if e.kind != Kind::Known && !keep.contains(&i) && is_general(&e.key) {
                e.hidden = true;
            }
        }
    }

    /// Folds a split thing once every episode's entities are known
    /// ([`super::splits::fold`]): `from` has no page, its compounds belong to `into`.
    pub fn fold_into(&mut self, from: usize, into: usize) {
        self.merge_into(from, into);
        // Found from now on as `into` (`shownotes serve` extracts a saved episode again
        // against this catalogue).
        for e in self.by_alias.values_mut() {
            if *e as usize == from {
                *e = into as u32;
            }
        }
        for e in &mut self.entities {
            if e.parent == Some(from) {
                e.parent = Some(into);
            }
        }
        self.entities[into].parent = self.entities[into].parent.filter(|&p| p != from && p != into);
    }

    /// Makes `from` a part of `into`: its aliases and spellings mean `into` from now on.
    fn merge_into(&mut self, from: usize, into: usize) {
        let aliases = std::mem::take(&mut self.entities[from].aliases);
        self.entities[into].aliases.extend(aliases);
        self.entities[from].hidden = true;
        for e in self.by_identity.values_mut() {
            if *e == from {
                *e = into;
            }
        }
    }

    /// Step 3, for the show notes: the entities an item names, for the episode it
    /// belongs to. An item is an entity itself when its name is a name (short, and
    /// written as one or named by its link's project). A descriptive title ("Django 3.0
    /// is out", "Make each line count") is not, but the names it holds are (by how the
    /// catalogue says them), and so is the project its link names.
    pub fn add_item(&mut self, item: &NoteItem, stats: &NameStats, stops: &ExtraStops) -> Vec<usize> {
        let name = item_name(&item.title);
        let key = phrase_key(&name);
        let project = item.url.as_deref().and_then(project_from_url);
        let mut out = Vec::new();
        if let Some(e) = self.resolve(&key) {
            out.push(e);
        } else if item_is_a_name(&name, &key, project.as_deref()) {
            let e = self.push(Entity::new(key.clone(), Kind::Known));
            let ent = &mut self.entities[e];
            ent.name = Some(name.clone());
            ent.aliases.extend(spoken_forms(&name).iter().map(|a| phrase_key(a)));
            out.push(e);
        } else {
            let names = title_names(&name, stops);
            let versioned: Vec<String> = names
                .iter()
                .filter_map(|k| k.rsplit_once(' ').filter(|(_, v)| is_version(v)).map(|(h, _)| h.to_string()))
                .collect();
            for span_key in names {
                let e = match self.resolve_exact(&span_key) {
                    Some(e) => e,
                    None if self.subjects.contains(&identity(&span_key)) => continue,
                    // Named with a version in the title ("Coverage 4.5 adds ..."), or a name
                    // by how the catalogue says it.
                    None if versioned.contains(&span_key)
                        || stats.get(&span_key).is_some_and(|t| judge(&span_key, t, stats) == Verdict::Name) =>
                    {
                        self.push(Entity::new(span_key.clone(), Kind::Name))
                    }
                    None => continue,
                };
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        if let Some(p) = project {
            let pkey = phrase_key(&p);
            let e = match self.resolve_exact(&pkey) {
                Some(e) => e,
                None => {
                    let e = self.push(Entity::new(pkey.clone(), Kind::Known));
                    self.entities[e].aliases.extend(spoken_forms(&p).iter().map(|a| phrase_key(a)));
                    e
                }
            };
            if !out.contains(&e) {
                out.push(e);
            }
        }
        // Projects its bullets link to, where the catalogue knows them as names.
        for p in item.links.iter().filter_map(|u| project_from_url(u)) {
            let pkey = phrase_key(&p);
            let e = match self.resolve_exact(&pkey) {
                Some(e) => e,
                None if !self.subjects.contains(&identity(&pkey))
                    && stats.get(&pkey).is_some_and(|t| judge(&pkey, t, stats) == Verdict::Name) =>
                {
                    self.push(Entity::new(pkey, Kind::Name))
                }
                None => continue,
            };
            if !out.contains(&e) {
                out.push(e);
            }
        }
        for &e in &out {
            let ent = &mut self.entities[e];
            if ent.url.is_none() {
                ent.url = item.url.clone();
            }
            if ent.kind == Kind::Sponsor {
                // The hosts listed it as an item: it is a topic too.
                ent.kind = Kind::Name;
            }
        }
        out
    }

    /// Step 3, for what each episode's own ranking found: its best names become entities
    /// (a guest's project is a topic even when no other episode says it), and phrases
    /// among the best topics of two or more episodes become ideas ("type hints"). A single
    /// ordinary word is an idea only when it is bursty across the catalogue (said many
    /// times in the episodes that say it at all, as "pickle" or "recursion" are and
    /// "version" is not).
    pub fn add_episode_topics(
        &mut self,
        episodes: &[Vec<RankedName>],
        stats: &NameStats,
        settings: &CatalogueSettings,
    ) {
        let mut ideas: FxHashMap<String, (String, u32)> = FxHashMap::default();
        for ranked in episodes {
            let mut seen_here: FxHashSet<String> = FxHashSet::default();
            for (rank, r) in ranked.iter().take(settings.idea_rank).enumerate() {
                if r.key.is_empty() || self.resolve(r.key).is_some() || self.subjects.contains(&identity(r.key)) {
                    continue;
                }
                // A name of this episode, written as one here ("Cards" on the episode
                // about a project of that name); words joined by hyphens ("pre-allocated")
                // are no name.
                let joined_words = r.key.contains('-') && r.key.split([' ', '-']).all(lexicon::is_word);
                // An ordinary word capitalised mostly as a part of longer names ("York",
                // "Lab", "Defense") is no name of its own here either.
                let part_of_names = !r.key.contains(' ')
                    && ordinary_word(r.key)
                    && stats.get(r.key).is_some_and(|t| t.run * 3 >= t.caps * 2 && t.naming * 4 < t.tf.max(4));
                // An ordinary word the catalogue does not write as a name is no name
                // because one episode capitalised it ("Clinging", "Party").
                let unintroduced_word = plain_in(r.key, stats);
                if r.name_like
                    && rank < settings.episode_names
                    && !unintroduced_word
                    && r.tf >= 2
                    && !joined_words
                    && !part_of_names
                    && !describes(r.key)
                {
                    let e = self.push(Entity::new(r.key.to_string(), Kind::Name));
                    // An ordinary word written as a name in one episode ("Department" of
                    // Defense, a project called "Cards") is that name only where it is
                    // written so: elsewhere "department" is just the word.
                    self.entities[e].ambiguous = !r.key.contains(' ') && ordinary_word(r.key);
                } else if seen_here.insert(identity(r.key)) {
                    let e = ideas.entry(identity(r.key)).or_insert_with(|| (r.key.to_string(), 0));
                    e.1 += 1;
                }
            }
        }
        // A single word's burstiness needs a catalogue to be measured against; words
        // joined by hyphens ("long-term", "production-ready") describe, they name nothing.
        let measurable = stats.episodes >= 30;
        let mut ideas: Vec<(String, (String, u32))> = ideas
            .into_iter()
            .filter(|(_, (key, n))| {
                let joined_words = key.contains('-') && key.split([' ', '-']).all(lexicon::is_word);
                // A single word is never a page of its own ("state", "training",
                // "convolutional", "mindset") unless the catalogue introduces it as a name
                // ("import pickle"): a listener browses things and named ideas, and the
                // lexicon does not know every ordinary word.
                let single_ok = stats.get(key).is_some_and(|t| t.naming >= 2);
                *n >= 2
                    && !joined_words
                    && !describes(key)
                    && (key.contains(' ')
                        || measurable && single_ok && burstiness(stats.get(key), stats.episodes) >= 1.0)
            })
            .collect();
        ideas.sort_unstable();
        for (id, (key, _)) in ideas {
            if self.by_identity.contains_key(&id) {
                continue;
            }
            let e = self.push(Entity::new(key.clone(), Kind::Idea));
            let aliases = &mut self.entities[e].aliases;
            aliases.push(stem_key(&key));
            if !key.ends_with('s') {
                aliases.push(format!("{key}s"));
            }
        }
    }

    /// A hash of everything the catalogue is (its entities and every index built over
    /// them): two catalogues with the same digest answer every question alike. What an
    /// episode's extraction reads of the catalogue, for `crate::extract::memo`.
    pub fn digest(&self, h: &mut blake3::Hasher) {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = write!(s, "{:?}|{}|{}|", self.entities, self.sealed, self.seals);
        let mut ids: Vec<(&String, &usize)> = self.by_identity.iter().collect();
        ids.sort_unstable();
        let mut aliases: Vec<(&u64, &u32)> = self.by_alias.iter().collect();
        aliases.sort_unstable();
        let mut series: Vec<&String> = self.series.iter().collect();
        series.sort_unstable();
        let mut subjects: Vec<&String> = self.subjects.iter().collect();
        subjects.sort_unstable();
        let _ = write!(s, "{ids:?}|{aliases:?}|{series:?}|{subjects:?}|{}", self.recheck.is_some());
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }

    /// Compounds get their parents and aliases their index, for every entity added since
    /// the last seal (an earlier entity keeps its parent, so mentions already found stay
    /// right). Called before pass 2 and again once the rankings' entities are added.
    pub fn seal(&mut self) {
        for i in self.sealed..self.entities.len() {
            let words: Vec<&str> = self.entities[i].key.split(' ').collect();
            let mut parent = None;
            'outer: for len in (1..words.len().min(NAME_WORDS + 1)).rev() {
                for s in 0..=words.len() - len {
                    if let Some(&p) = self.by_identity.get(&identity(&words[s..s + len].join(" "))) {
                        if p != i && self.entities[p].kind != Kind::Sponsor {
                            parent = Some(p);
                            break 'outer;
                        }
                    }
                }
            }
            self.entities[i].parent = parent;
        }
        // Earlier entities keep an alias both claim (names found in speech come first).
        self.by_alias.clear();
        for (i, e) in self.entities.iter_mut().enumerate() {
            e.aliases.sort_unstable();
            e.aliases.dedup();
            e.aliases.retain(|a| !a.is_empty());
            for a in &e.aliases {
                self.by_alias.entry(hash_key(a)).or_insert(i as u32);
            }
        }
        // Entities added since the last seal are looked for again, in the cues that say
        // one of their aliases as written (found by one automaton over all of them).
        let added: Vec<&str> =
            self.entities[self.sealed..].iter().flat_map(|e| e.aliases.iter()).map(String::as_str).collect();
        self.recheck = (self.seals > 0 && !added.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&added)
                .expect("aliases make a valid automaton")
        });
        self.sealed = self.entities.len();
        self.seals += 1;
    }

    /// Step 4: every mention of an entity in an episode's words. A mention inside an ad
    /// read counts only for a sponsor. The longest name wins where names overlap
    /// ("Django REST framework" is not also a mention of Django, which is its parent).
    pub fn occurrences(&self, words: &Words, ad: &[bool]) -> Vec<Occurrence> {
        self.occurrences_from(words, ad, 0)
    }

    /// [`Catalogue::occurrences`] in words whose cue 0 is the episode's cue `first_cue`.
    fn occurrences_from(&self, words: &Words, ad: &[bool], first_cue: u32) -> Vec<Occurrence> {
        let toks = &words.toks;
        let mut found: Vec<(usize, usize, u32)> = Vec::new();
        words.for_each_candidate(|at, len| {
            if let Some(&e) = self.by_alias.get(&words.hash(at, len)) {
                found.push((at, len, e));
            }
        });
        // Leftmost, then longest.
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut next_free = 0;
        for (at, len, e) in found {
            if at < next_free {
                continue;
            }
            next_free = at + len;
            let span = &toks[at..at + len];
            let cue = span[0].cue + first_cue;
            let entity = &self.entities[e as usize];
            let in_ad = ad.get(cue as usize).copied().unwrap_or(false);
            if entity.hidden || in_ad != (entity.kind == Kind::Sponsor) {
                continue;
            }
            let named = (!span[0].sentence_start && written_capitalised(span)) || span.iter().any(Token::name_shaped);
            // How it is written mid-sentence votes for its name; its versions do not.
            let versioned = len > 1 && is_version(&span[len - 1].lower);
            let spelling = (!span[0].sentence_start && !versioned).then(|| surface(span).into_boxed_str());
            out.push(Occurrence { cue, entity: e, named, spelling });
        }
        out
    }

    /// After the last [`Catalogue::seal`]: looks for the entities it added in the cues
    /// that say one of their aliases as written, and replaces what was found there before
    /// (a longer new name wins over an old one inside it). A spelling that only
    /// tokenizing reveals ("FastAPI dash chameleon") is not looked for again.
    pub fn recheck(&self, cues: &[Cue], stops: &ExtraStops, ad: &[bool], found: &mut Vec<Occurrence>) {
        let Some(ac) = &self.recheck else { return };
        for (i, c) in cues.iter().enumerate() {
            if !ac.is_match(&c.text) {
                continue;
            }
            let words = Words::new(std::slice::from_ref(c), stops);
            found.retain(|o| o.cue != i as u32);
            found.extend(self.occurrences_from(&words, ad, i as u32));
        }
        found.sort_by_key(|o| o.cue);
    }

    /// An episode's occurrences, by entity. A compound's mention counts for its parent
    /// too, unless the parent is an ordinary word ("party" of "JS Party", "script" of
    /// "Titus scripts", "visual" of "Visual Studio"): a name that holds a word is no talk
    /// about the word, which is a page only where it is said itself (a show-notes or
    /// `topics.toml` name keeps its compounds). An ordinary word ("black") is the name
    /// only where it is written as one; when an episode writes it so twice, the episode
    /// is about the name and every mention counts (one sense per discourse).
    pub fn mentions(&self, found: &[Occurrence]) -> Vec<EntityMentions> {
        struct Acc {
            m: EntityMentions,
            named: Vec<u32>,
        }
        let mut hits: FxHashMap<usize, Acc> = FxHashMap::default();
        for o in found {
            let mut owner = Some(o.entity as usize);
            let mut depth = 0;
            while let Some(e) = owner.filter(|_| depth < 4) {
                let acc = hits.entry(e).or_insert_with(|| Acc {
                    m: EntityMentions { entity: e, ..EntityMentions::default() },
                    named: Vec::new(),
                });
                if o.named {
                    acc.named.push(o.cue);
                }
                acc.m.cues.push(o.cue);
                if depth == 0 {
                    if let Some(s) = &o.spelling {
                        match acc.m.spellings.iter_mut().find(|(x, _)| **x == **s) {
                            Some((_, n)) => *n += 1,
                            None => acc.m.spellings.push((s.to_string(), 1)),
                        }
                    }
                }
                owner = self.entities[e].parent.filter(|&p| !self.word_parent(p));
                depth += 1;
            }
        }
        let mut out: Vec<EntityMentions> = hits
            .into_values()
            .filter_map(|mut acc| {
                if self.entities[acc.m.entity].ambiguous && acc.named.len() < 2 {
                    acc.m.cues = std::mem::take(&mut acc.named);
                }
                acc.m.said = acc.m.cues.len() as u32;
                acc.m.cues.sort_unstable();
                acc.m.cues.dedup();
                (!acc.m.cues.is_empty()).then_some(acc.m)
            })
            .collect();
        out.sort_unstable_by_key(|m| m.entity);
        out
    }

    /// An ordinary word as a compound's parent: its compounds' mentions are not its own.
    fn word_parent(&self, e: usize) -> bool {
        let ent = &self.entities[e];
        ent.kind != Kind::Known && !ent.key.contains(' ') && ordinary_word(&ent.key)
    }

    /// [`Catalogue::occurrences`] and [`Catalogue::mentions`] of a transcript, in one go.
    pub fn find(&self, cues: &[Cue], stops: &ExtraStops, ad: &[bool]) -> Vec<EntityMentions> {
        self.mentions(&self.occurrences(&Words::new(cues, stops), ad))
    }

    /// The hashed aliases of the sponsors (known after [`Catalogue::discover`]), to find
    /// ad reads in pass 2.
    pub fn sponsor_aliases(&self) -> FxHashSet<u64> {
        self.entities
            .iter()
            .filter(|e| e.kind == Kind::Sponsor)
            .flat_map(|e| e.aliases.iter().map(|a| hash_key(a)))
            .collect()
    }
}

/// How much more a word clusters in few episodes than chance would put it: residual idf
/// (observed idf minus the idf a Poisson spread of the same count predicts), in bits.
/// Topic words score high ("pickle", "recursion"), everyday words near zero ("version").
pub fn burstiness(t: Option<&NameTally>, episodes: u32) -> f64 {
    let Some(t) = t.filter(|t| t.df > 0) else { return 0.0 };
    let n = episodes.max(1) as f64;
    let expected_df = n * (1.0 - (-(t.tf as f64) / n).exp());
    (expected_df / t.df as f64).log2()
}

/// The candidate phrases of a written title, longest first.
fn title_names(title: &str, stops: &ExtraStops) -> Vec<String> {
    let mut toks = Vec::new();
    tokenize(title, 0, &mut toks);
    let mut out: Vec<String> = Vec::new();
    let mut buf = String::new();
    for_each_candidate(&toks, stops, |span| {
        key_into(span, &mut buf);
        out.push(buf.clone());
    });
    out.sort_by(|a, b| b.split(' ').count().cmp(&a.split(' ').count()).then(a.cmp(b)));
    out
}

/// How a word sounds, roughly: its consonants in order, alike ones merged (`c`/`k`/`q`,
/// `s`/`z`, `ph`/`f`), doubles and a plural `s` dropped. "polars" and "pullers" sound
/// alike (`plr`), as do "memray" and "memory" (`mmr`); used to catch a name misheard
/// in the episode that discusses it.
pub fn sound(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    let w = w.strip_suffix('s').filter(|w| w.len() >= 3).unwrap_or(&w).replace("ph", "f");
    let mut out = String::new();
    for (i, c) in w.chars().enumerate() {
        let c = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'h' if i > 0 => continue,
            'c' | 'k' | 'q' => 'k',
            'z' => 's',
            c if c.is_ascii_alphabetic() => c,
            _ => continue,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The key of a written phrase, as transcripts are keyed: "Django REST Framework" ->
/// "django rest framework".
pub fn phrase_key(text: &str) -> String {
    let mut toks = Vec::new();
    tokenize(text, 0, &mut toks);
    let mut key = String::new();
    key_into(&toks, &mut key);
    key
}

/// A show-notes item's name is a name, not a descriptive title: at most three words,
/// and either its link's project or written as a name (a coined word, CamelCase, dotted,
/// hyphenated).
fn item_is_a_name(name: &str, key: &str, project: Option<&str>) -> bool {
    let words = key.split(' ').count();
    if key.is_empty() || words > 3 {
        return false;
    }
    if project.is_some_and(|p| fold(p) == fold(name)) {
        return true;
    }
    let mut toks = Vec::new();
    tokenize(name, 0, &mut toks);
    toks.iter().any(|t| {
        t.name_shaped()
            || (t.text.len() >= 3 && !lexicon::is_word(&t.lower) && !t.lower.chars().any(|c| c.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn abbreviations_and_joined_ordinary_words_are_no_names() {
        assert!(is_abbreviation("u.s"));
        assert!(is_abbreviation("ph.d"));
        assert!(!is_abbreviation("node.js"));
        assert!(!is_abbreviation("pyproject.toml"));
        assert!(ordinary_word("trade-offs"));
        assert!(ordinary_word("pre-trained"));
        assert!(ordinary_word("entities"));
        assert!(!ordinary_word("pytest"));
        assert!(!ordinary_word("py-spy"));
    }

    #[test]
    fn an_ordinary_word_capitalised_only_inside_other_names_is_no_name() {
        let stats = NameStats::default();
        // "University" of "Stanford University", "University of Washington" ...
        let university = NameTally { tf: 40, mid: 40, caps: 36, run: 34, df: 20, df2: 10, ..NameTally::default() };
        assert_eq!(judge("university", &university, &stats), Verdict::NotAName);
        // "Flask", "Black": capitalised on their own.
        let flask = NameTally { tf: 40, mid: 40, caps: 36, run: 4, df: 20, df2: 10, ..NameTally::default() };
        assert_eq!(judge("flask", &flask, &stats), Verdict::Name);
        // Introduced as a name ("a library called Rich"), even beside other names.
        let rich = NameTally { tf: 12, mid: 12, caps: 10, run: 8, naming: 6, df: 5, df2: 3, ..NameTally::default() };
        assert_ne!(judge("rich", &rich, &stats), Verdict::NotAName);
    }

    use super::*;
    use crate::extract::sponsors::{ad_phrases, ad_reads, near_ad};

    #[test]
    fn misheard_names_sound_alike() {
        assert_eq!(sound("polars"), sound("pullers"));
        assert_eq!(sound("memray"), sound("memory"));
        assert_ne!(sound("pandas"), sound("python"));
        assert_ne!(sound("pooch"), sound("hooch"), "a different first sound is another word");
    }

    #[test]
    fn versions_and_series() {
        assert!(is_version("3") && is_version("3.12") && is_version("v2") && is_version("2.x"));
        assert!(is_version("19.10b0") && is_version("3.0rc1"));
        assert!(!is_version("rusty") && !is_version("3d") && !is_version(".") && !is_version("2.0gamma"));
        assert!(big_number("572") && !big_number("8"));
    }

    /// The catalogue of a site whose episodes say these lines (10 seconds apart).
    fn site(episodes: &[Vec<String>]) -> (Catalogue, NameStats, Vec<Vec<Cue>>) {
        let stops = ExtraStops::new(["The Show", "Pat Host"]);
        let cues: Vec<Vec<Cue>> = episodes
            .iter()
            .map(|lines| Cue::every(10, &lines.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        let mut stats = NameStats::default();
        for c in &cues {
            let words = Words::new(c, &stops);
            stats.add_episode(tally_episode(&words, &near_ad(c, &ad_phrases(c))).1);
        }
        let mut cat = Catalogue::discover(&stats, &stops, &CatalogueSettings::default());
        cat.seal();
        (cat, stats, cues)
    }

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// Twelve episodes of chatter (so ordinary words are seen as ordinary), with `extra`
    /// said in the first ones.
    fn with_chatter(extra: &[Vec<String>]) -> Vec<Vec<String>> {
        let mut eps: Vec<Vec<String>> = extra.to_vec();
        for i in 0..12 {
            eps.push(lines(&[
                &format!("Welcome to episode {i}. We have a library and a podcast for you."),
                "This library is a podcast thing, and libraries and podcasts are everywhere.",
                "We use a library every day; the library is fine.",
                "The black cat sat on the mat.",
            ]));
        }
        eps
    }

    #[test]
    fn versions_spellings_and_plurals_fold_into_one_entity() {
        let eps = with_chatter(&[
            lines(&["Today Django 3.0 is out. Django is great, and django's admin too.", "More Django, Django."]),
            lines(&["We love Django 2.2 and Django forms.", "Django again, with the Py Test plugin."]),
            lines(&["And pytest, pytest everywhere, run pytest.", "The APIs and the API, API again."]),
            lines(&["More pytest with pytest today.", "An API here and an API there, APIs."]),
        ]);
        let (cat, _, _) = site(&eps);
        let django = cat.resolve("django").expect("Django is a name");
        for spelling in ["django 3.0", "django 2.2", "django's", "django 3"] {
            assert_eq!(cat.resolve(spelling), Some(django), "{spelling}");
        }
        let pytest = cat.resolve("pytest").expect("pytest is a coined name, though written in lower case");
        assert_eq!(cat.resolve("py test"), Some(pytest));
        assert_eq!(cat.resolve("apis"), cat.resolve("api"));
        assert!(cat.resolve("api").is_some());
        // An ordinary word, however often said, is no name.
        assert_eq!(cat.resolve("library"), None);
        assert_eq!(cat.resolve("podcast"), None);
    }

    #[test]
    fn an_ordinary_word_said_as_a_word_is_plain() {
        let t = |tf, mid, caps, run, shaped, naming, df| NameTally {
            tf,
            mid,
            caps,
            run,
            shaped,
            naming,
            df,
            ..NameTally::default()
        };
        // Tallies of Changelog & Friends (126 episodes) and Python Bytes (250).
        assert!(plain_word("state", &t(279, 275, 47, 24, 0, 1, 87), 126), "a word, capitalised at times");
        assert!(plain_word("script", &t(158, 157, 3, 1, 0, 2, 56), 126), "\"the install script\" introduces nothing");
        assert!(!plain_word("flask", &t(534, 534, 448, 80, 0, 0, 100), 250), "written as a name");
        assert!(!plain_word("pickle", &t(75, 75, 11, 2, 0, 1, 18), 250), "said in bursts: a topic word");
        assert!(!plain_word("spacy", &t(33, 30, 0, 0, 33, 0, 8), 250), "written as a name: spaCy");
        assert!(!plain_word("requests", &t(357, 357, 3, 2, 0, 20, 60), 250), "introduced: import requests");
        assert!(!plain_word("pytest", &t(300, 300, 0, 0, 0, 0, 200), 250), "no English word");
    }

    #[test]
    fn a_name_that_holds_an_ordinary_word_is_no_talk_about_the_word() {
        let mut cat = Catalogue::default();
        let party = cat.push(Entity { ambiguous: true, ..Entity::new("party".into(), Kind::Name) });
        let js_party = cat.push(Entity::new("js party".into(), Kind::Name));
        let django = cat.push(Entity::new("django".into(), Kind::Name));
        let drf = cat.push(Entity::new("django rest framework".into(), Kind::Name));
        cat.seal();
        assert_eq!(cat.entities[js_party].parent, Some(party));
        assert_eq!(cat.entities[drf].parent, Some(django));
        let at = |cue: u32, e: usize| Occurrence { cue, entity: e as u32, named: true, spelling: None };
        let said = |m: &[EntityMentions], e: usize| m.iter().find(|m| m.entity == e).map_or(0, |m| m.said);
        let m = cat.mentions(&[at(0, js_party), at(3, js_party), at(5, drf), at(9, drf)]);
        assert_eq!(said(&m, js_party), 2);
        assert_eq!(said(&m, party), 0, "JS Party is no talk about parties");
        assert_eq!(said(&m, django), 2, "Django REST framework is talk about Django");
        // A show-notes or topics.toml name keeps its compounds' mentions.
        cat.entities[party].kind = Kind::Known;
        assert_eq!(said(&cat.mentions(&[at(0, js_party)]), party), 1);
    }

    #[test]
    fn compounds_stay_apart_and_fragments_are_no_entities() {
        let eps = with_chatter(&[
            lines(&["Django REST Framework is here. We like Django REST Framework.", "Django is old, Django is fine."]),
            lines(&["Another Django REST Framework release, Django REST Framework 3.", "Django is big."]),
            lines(&["Django feeling rusty? Django.", "Just Django and Django."]),
        ]);
        let (cat, _, cues) = site(&eps);
        let django = cat.resolve("django").unwrap();
        let drf = cat.resolve("django rest framework").unwrap();
        assert_ne!(drf, django, "a compound that is a name of its own stays apart");
        assert_eq!(cat.entities[drf].parent, Some(django));
        // A fragment around a name is that name, not an entity of its own.
        assert_eq!(cat.resolve("django feeling rusty"), Some(django));
        assert!(cat.entities.iter().all(|e| !e.key.contains("rusty")));
        // The compound's mentions are talk about its parent too; the longest name wins.
        let found = cat.find(&cues[0], &ExtraStops::default(), &[]);
        let said = |e: usize| found.iter().find(|m| m.entity == e).map_or(0, |m| m.said);
        assert_eq!(said(drf), 2);
        assert_eq!(said(django), 4, "two of its own, two through the compound");
    }

    #[test]
    fn a_sponsor_read_is_found_in_a_catalogue_of_twenty_episodes() {
        let mut eps = Vec::new();
        for i in 0..20 {
            let topic = ["Flask", "Kubernetes", "Rust", "Postgres"][i % 4];
            let mut ep = lines(&[&format!("Welcome to episode {i}. Today we talk about {topic}.")]);
            for _ in 0..6 {
                ep.push(format!("{topic} is the thing: {topic} has a new release and {topic} docs."));
                ep.push("It is really good, the team did well.".to_string());
            }
            if i % 2 == 0 {
                // The read, in the show's own phrasing, in half of the episodes.
                ep.extend(lines(&[
                    "This episode is brought to you by Acme.",
                    "Acme makes anvils for developers; try Acme today.",
                    "Visit theshow.fm/acme to support the show.",
                ]));
            }
            ep.extend(lines(&[&format!("Back to {topic}: more {topic}, then goodbye.")]));
            eps.push(ep);
        }
        let (cat, _, cues) = site(&eps);
        let acme = cat.resolve("acme").expect("the sponsor is found");
        assert_eq!(cat.entities[acme].kind, Kind::Sponsor, "from where it is said, not from a list");
        let flask = cat.resolve("flask").unwrap();
        assert_eq!(cat.entities[flask].kind, Kind::Name);
        // Its read is cut out of the episode: no topic mention, the sponsor's own kept apart.
        let stops = ExtraStops::default();
        let words = Words::new(&cues[0], &stops);
        let ad = ad_reads(&cues[0], &words, &ad_phrases(&cues[0]), &cat.sponsor_aliases());
        let read: Vec<usize> = ad.iter().enumerate().filter(|(_, r)| **r).map(|(i, _)| i).collect();
        assert_eq!(read, vec![13, 14, 15]);
        let found = cat.find(&cues[0], &stops, &ad);
        assert!(found.iter().any(|m| m.entity == acme && m.cues == vec![13, 14, 15]), "{found:?}");
        assert!(found.iter().any(|m| m.entity == flask && m.cues.iter().all(|c| !read.contains(&(*c as usize)))));
    }

    #[test]
    fn names_are_told_from_words_by_how_the_catalogue_says_them() {
        let eps = with_chatter(&[
            lines(&["We pip install black to format. Black is a formatter, and Black is strict.", "I like Black."]),
            lines(&["Run Black on it. Black is great.", "The black background is nice, with Black."]),
            lines(&["The uvloop loop, uvloop is fast.", "Install uvloop."]),
            lines(&["We tried uvloop again.", "uvloop uvloop."]),
            lines(&[
                "The Media Lab at MIT, and the lab; the lab said so.",
                "Our lab, the Lab, a lab, then the Lab team and the lab.",
            ]),
        ]);
        let (cat, stats, _) = site(&eps);
        let t = |k: &str| *stats.get(k).unwrap_or_else(|| panic!("{k} tallied"));
        assert_eq!(judge("uvloop", &t("uvloop"), &stats), Verdict::Name, "a coined word in lower case");
        assert_eq!(judge("library", &t("library"), &stats), Verdict::NotAName);
        assert_eq!(judge("black", &t("black"), &stats), Verdict::Ambiguous, "a word capitalised as a name");
        // Capitalised now and then but never introduced as a name: the word.
        assert_eq!(judge("lab", &t("lab"), &stats), Verdict::NotAName);
        let black = cat.resolve("black").unwrap();
        assert!(cat.entities[black].ambiguous);
        // Only the name is counted where the episode does not write it as one twice.
        let one = Cue::every(30, &["The black background, and Black the formatter."]);
        let found = cat.find(&one, &ExtraStops::default(), &[]);
        assert_eq!(found.iter().find(|m| m.entity == black).map(|m| m.said), Some(1));
    }

    #[test]
    fn topics_toml_renames_merges_and_hides() {
        let eps = with_chatter(&[
            lines(&["We use pytest and pytest.", "More pytest. And Nox, Nox, Nox."]),
            lines(&["Again pytest, pytest.", "Nox is good, Nox."]),
        ]);
        let (mut cat, _, _) = site(&eps);
        let pytest = cat.resolve("pytest").unwrap();
        let entry = |name: &str, aliases: &[&str], hidden: bool| KnownTopic {
            name: name.into(),
            url: Some("https://example.com/".into()),
            description: Some("d".into()),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            hidden,
        };
        cat.add_known(&[entry("Testing with pytest", &["pytest"], false), entry("Nox", &[], true)]);
        cat.seal();
        let testing = cat.resolve("testing with pytest").unwrap();
        assert_eq!(cat.resolve("pytest"), Some(testing), "the alias merged the found entity into the entry");
        assert!(cat.entities[pytest].hidden || pytest == testing);
        assert_eq!(cat.entities[testing].name.as_deref(), Some("Testing with pytest"));
        assert_eq!(cat.entities[testing].description.as_deref(), Some("d"));
        let nox = cat.resolve("nox").unwrap();
        assert!(cat.entities[nox].hidden);
        let found = cat.find(&Cue::every(30, &["pytest, pytest and Nox, Nox."]), &ExtraStops::default(), &[]);
        assert!(found.iter().any(|m| m.entity == testing && m.said == 2));
        assert!(found.iter().all(|m| m.entity != nox), "a hidden topic is never found");
    }
}
