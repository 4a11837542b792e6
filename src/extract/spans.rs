//! Candidate phrases of a transcript: the words, the 1-3 word spans that can name a
//! topic, and their keys. Shared by the per-episode ranking ([`super::topics`]) and the
//! catalogue of names ([`super::catalogue`]), so both always agree on what a phrase is.

use super::stopwords::{SPEECH_WORDS, STOPWORDS, VERBS};
use super::tokens::{join_spoken_joiners, tokenize, Token};
use crate::model::Cue;
use rustc_hash::{FxHashSet, FxHasher};
use std::hash::Hasher;
use std::sync::LazyLock;

pub static STOP: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    STOPWORDS.split_whitespace().chain(SPEECH_WORDS.split_whitespace()).chain(VERBS.split_whitespace()).collect()
});
/// [`STOP`] by word hash, so a token's stop test needs no second hash of its text.
static STOP_HASHES: LazyLock<FxHashSet<u64>> = LazyLock::new(|| STOP.iter().map(|w| word_hash(w)).collect());
/// Function words allowed inside a three-word name ("Zen of Python").
pub const MIDDLE_OK: &[&str] = &["of", "the", "for", "de", "on", "in"];

/// Words a site or an episode adds to the stop list: the show's name, hosts' and
/// guests' names, `[topics] ignore` from the config.
#[derive(Debug, Clone, Default)]
pub struct ExtraStops {
    words: FxHashSet<String>,
    /// The same words' hashes ([`word_hash`]).
    hashes: FxHashSet<u64>,
}

impl ExtraStops {
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> ExtraStops {
        let mut words = FxHashSet::default();
        for p in phrases {
            for w in p.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-').filter(|w| !w.is_empty()) {
                words.insert(w.to_lowercase());
            }
        }
        let hashes = words.iter().map(|w| word_hash(w)).collect();
        ExtraStops { words, hashes }
    }
    pub fn with(&self, more: &ExtraStops) -> ExtraStops {
        ExtraStops {
            words: self.words.union(&more.words).cloned().collect(),
            hashes: self.hashes.union(&more.hashes).copied().collect(),
        }
    }
    pub fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }
}

pub fn is_stop(lower: &str, extra: &ExtraStops) -> bool {
    // Contractions ("that'll", "we're") are never part of a name.
    STOP.contains(lower) || extra.contains(lower) || lower.contains(['\'', '\u{2019}'])
}

/// The lowercase key of a token: possessive `'s` dropped (`memray's` -> `memray`).
pub fn norm<'t>(t: &'t Token) -> &'t str {
    let l: &str = &t.lower;
    l.strip_suffix("'s").or_else(|| l.strip_suffix("\u{2019}s")).unwrap_or(l)
}

fn unigram_ok(t: &Token, key: &str) -> bool {
    let first = key.chars().next().unwrap_or('0');
    if !first.is_alphabetic() {
        return false;
    }
    key.chars().count() >= 3
        || (key.len() == 2
            && t.text.chars().nth(1).is_some_and(char::is_lowercase)
            && t.capitalised()
            && !NOT_SHORT_NAMES.contains(&key))
        || short_lowercase_name(t, key)
}

/// Two letters that are sounds, titles or articles, never names ("Hm", "Dr", "El").
const NOT_SHORT_NAMES: &[&str] = &[
    "uh", "um", "hm", "mm", "ah", "oh", "eh", "ok", "ya", "yo", "ha", "aw", "ow", "er", "dr", "mr", "ms", "st", "jr",
    "sr", "el", "la", "le", "de", "da", "du",
];

/// Two letters written in lower case that are no word ("uv"): a candidate, and how the
/// catalogue says it decides whether it is a name (`catalogue::judge`).
fn short_lowercase_name(t: &Token, key: &str) -> bool {
    key.len() == 2
        && t.text == key
        && key.bytes().all(|b| b.is_ascii_lowercase())
        && !NOT_SHORT_NAMES.contains(&key)
        && !super::lexicon::is_word(key)
}

/// A transcript's words with what every pass needs of each: its word hash (for
/// [`span_hash`]) and whether it is a stop word. Built once per pass over an episode.
pub struct Words<'a> {
    pub toks: Vec<Token<'a>>,
    pub hashes: Vec<u64>,
    stop: Vec<bool>,
}

impl<'a> Words<'a> {
    pub fn new(cues: &'a [Cue], extra: &ExtraStops) -> Words<'a> {
        let toks = tokens_of(cues);
        let hashes = word_hashes(&toks);
        let stop = toks
            .iter()
            .zip(&hashes)
            // Contractions ("that'll", "we're") are never part of a name.
            .map(|(t, h)| STOP_HASHES.contains(h) || extra.hashes.contains(h) || norm(t).contains(['\'', '\u{2019}']))
            .collect();
        Words { toks, hashes, stop }
    }

    /// Calls `f(at, len)` for every candidate phrase `toks[at..at + len]`: see
    /// [`for_each_candidate`].
    pub fn for_each_candidate(&self, f: impl FnMut(usize, usize)) {
        candidates(&self.toks, &self.stop, 0, f);
    }

    /// [`Words::for_each_candidate`], only for phrases starting in the tokens `range`
    /// (a cue's, say).
    pub fn for_each_candidate_in(&self, range: std::ops::Range<usize>, f: impl FnMut(usize, usize)) {
        let end = range.end;
        candidates(&self.toks[..end], &self.stop[..end], range.start, f);
    }

    /// The [`hash_key`] of the phrase `toks[at..at + len]`.
    pub fn hash(&self, at: usize, len: usize) -> u64 {
        span_hash(&self.hashes[at..at + len])
    }
}

/// Calls `f(span)` for every candidate phrase: 1-3 consecutive tokens in one cue, not
/// crossing punctuation, not starting or ending with a stop word. Every pass enumerates
/// phrases through this rule, so they always agree on what a candidate is.
pub fn for_each_candidate<'t, 'a>(tokens: &'t [Token<'a>], extra: &ExtraStops, mut f: impl FnMut(&'t [Token<'a>])) {
    let stop: Vec<bool> = tokens.iter().map(|t| is_stop(norm(t), extra)).collect();
    candidates(tokens, &stop, 0, |at, len| f(&tokens[at..at + len]));
}

/// The rule of [`for_each_candidate`], for phrases starting at `from` or later.
fn candidates(tokens: &[Token], stop: &[bool], from: usize, mut f: impl FnMut(usize, usize)) {
    for i in from..tokens.len() {
        if stop[i] {
            continue;
        }
        // A short word ("pi") is no topic alone but can start one ("pi script").
        if unigram_ok(&tokens[i], norm(&tokens[i])) {
            f(i, 1);
        }
        if !tokens[i].text.starts_with(char::is_alphabetic) {
            continue;
        }
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
            // "Django 2.0" is a name, "spend 15" is not; "Django and Django" is noise.
            let last = &tokens[end];
            if last.text.starts_with(|c: char| c.is_ascii_digit())
                && !(tokens[i].capitalised() || tokens[i].name_shaped())
            {
                continue;
            }
            if n == 3 && norm(&tokens[i]) == norm(last) {
                continue;
            }
            f(i, n);
        }
    }
}

/// Writes a span's key into `buf` (reused, so the hot loops do not allocate).
pub fn key_into(span: &[Token], buf: &mut String) {
    buf.clear();
    for (i, t) in span.iter().enumerate() {
        if i > 0 {
            buf.push(' ');
        }
        buf.push_str(norm(t));
    }
}

fn word_hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

fn combine(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// The hash of a key: its words' hashes combined in order, so that a span's hash is
/// built from its tokens' hashes ([`span_hash`]) without writing the key out.
pub fn hash_key(key: &str) -> u64 {
    key.split(' ').fold(0, |h, w| combine(h, word_hash(w)))
}

/// Each token's word hash (of its key form, [`norm`]), for [`span_hash`].
pub fn word_hashes(toks: &[Token]) -> Vec<u64> {
    toks.iter().map(|t| word_hash(norm(t))).collect()
}

/// [`hash_key`] of the span of tokens whose word hashes are `words`.
pub fn span_hash(words: &[u64]) -> u64 {
    words.iter().fold(0, |h, &w| combine(h, w))
}

/// The position of `span` (a sub-slice of `toks`, as [`for_each_candidate`] passes it).
pub fn offset(span: &[Token], toks: &[Token]) -> usize {
    (span.as_ptr() as usize - toks.as_ptr() as usize) / std::mem::size_of::<Token>()
}

pub fn tokens_of(cues: &[Cue]) -> Vec<Token<'_>> {
    let mut toks = Vec::with_capacity(cues.iter().map(|c| c.text.len() / 5).sum());
    for (i, c) in cues.iter().enumerate() {
        let from = toks.len();
        tokenize(&c.text, i as u32, &mut toks);
        join_spoken_joiners(&mut toks, from, |w| STOP.contains(w));
    }
    toks
}

/// Common given names (a general list): "Donald Stufft" is a person, not a topic.
pub const GIVEN_NAMES: &[&str] = &[
    "aaron",
    "adam",
    "alan",
    "alex",
    "alexander",
    "alice",
    "amanda",
    "amy",
    "andrew",
    "andy",
    "anna",
    "anne",
    "anthony",
    "ben",
    "benjamin",
    "bill",
    "bob",
    "brad",
    "brandon",
    "brett",
    "brian",
    "bruce",
    "carl",
    "carol",
    "charles",
    "charlie",
    "chris",
    "christian",
    "christopher",
    "dan",
    "daniel",
    "dave",
    "david",
    "dennis",
    "doug",
    "douglas",
    "ed",
    "eric",
    "emily",
    "emma",
    "frank",
    "fred",
    "gary",
    "george",
    "greg",
    "guido",
    "hannah",
    "harry",
    "henry",
    "ian",
    "jack",
    "jacob",
    "james",
    "jane",
    "jason",
    "jeff",
    "jennifer",
    "jeremy",
    "jessica",
    "jim",
    "joe",
    "john",
    "jon",
    "jonathan",
    "jordan",
    "joseph",
    "josh",
    "julia",
    "justin",
    "karen",
    "kate",
    "katie",
    "keith",
    "kelly",
    "ken",
    "kevin",
    "kim",
    "larry",
    "laura",
    "linda",
    "lisa",
    "luke",
    "mark",
    "martin",
    "mary",
    "matt",
    "matthew",
    "max",
    "michael",
    "michelle",
    "mike",
    "nancy",
    "nathan",
    "nick",
    "nicole",
    "paul",
    "peter",
    "phil",
    "rachel",
    "ray",
    "richard",
    "rick",
    "rob",
    "robert",
    "roger",
    "ron",
    "ryan",
    "sam",
    "samuel",
    "sarah",
    "scott",
    "sean",
    "simon",
    "stephen",
    "steve",
    "steven",
    "susan",
    "thomas",
    "tim",
    "tom",
    "tony",
    "victor",
    "will",
    "william",
    "donald",
    "raymond",
    "ned",
    "carlton",
    "jake",
    "nina",
    "sophia",
    "olivia",
    "oliver",
    "noah",
    "liam",
    "ethan",
    "lucas",
    "mia",
    "zoe",
    "rebecca",
    "ruth",
    "sara",
    "tracy",
];
pub fn surface(span: &[Token]) -> String {
    let mut s = String::new();
    for (i, t) in span.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let text = t.text.strip_suffix("'s").or_else(|| t.text.strip_suffix("\u{2019}s")).unwrap_or(&t.text);
        s.push_str(text);
    }
    s
}
/// The key with its last word's inflection removed: "coding interviews" -> "coding
/// interview", "interviewing" -> "interview". Only for grouping, never shown.
pub fn stem_key(key: &str) -> String {
    let (head, last) = match key.rfind(' ') {
        Some(i) => (&key[..=i], &key[i + 1..]),
        None => ("", key),
    };
    let alpha = last.chars().all(|c| c.is_ascii_lowercase());
    let stem = if !alpha || last.len() < 5 {
        last
    } else if let Some(s) = last.strip_suffix("ing").filter(|s| s.len() >= 4) {
        s
    } else if let Some(s) = last.strip_suffix("ed").filter(|s| s.len() >= 4) {
        s
    } else if let Some(s) = last.strip_suffix("ies") {
        return format!("{head}{s}y");
    } else if last.ends_with("ss") || last.ends_with("us") || last.ends_with("is") {
        last
    } else {
        last.strip_suffix('s').unwrap_or(last)
    };
    format!("{head}{stem}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_hashes_are_key_hashes() {
        let mut toks = Vec::new();
        tokenize("We use Django's REST framework, and pi script.", 0, &mut toks);
        let words = word_hashes(&toks);
        let mut buf = String::new();
        let mut spans = 0;
        for_each_candidate(&toks, &ExtraStops::default(), |span| {
            let at = offset(span, &toks);
            key_into(span, &mut buf);
            assert_eq!(span_hash(&words[at..at + span.len()]), hash_key(&buf), "{buf}");
            spans += 1;
        });
        assert!(spans > 5);
        // Words enumerates the same phrases with the same hashes, stop words by hash.
        let cues = Cue::every(10, &["We use Django's REST framework, and pi script."]);
        let w = Words::new(&cues, &ExtraStops::default());
        let mut by_words = Vec::new();
        w.for_each_candidate(|at, len| by_words.push(w.hash(at, len)));
        let mut by_fn = Vec::new();
        for_each_candidate(&toks, &ExtraStops::default(), |span| {
            by_fn.push(span_hash(&words[offset(span, &toks)..][..span.len()]))
        });
        assert_eq!(by_words, by_fn);
        assert_ne!(hash_key("django rest"), hash_key("djangorest"));
        assert_ne!(hash_key("a b"), hash_key("b a"));
    }
}
