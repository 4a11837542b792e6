//! Where an episode's talk turns from one thing to the next. Chapters
//! ([`super::chapters`]) are placed on these turns: a chapter starts at the hand-off line
//! ("Brian, what's your next item?"), not where the next thing's name is first said.
//!
//! Every cue gets a turn strength from general signs of a turn:
//! - a hand-off phrase: passing the word ("over to you", "what have you got?"), opening
//!   the next thing ("next up", "my last item", "speaking of", "I want to talk about"),
//!   or a host or guest addressed by name at a sentence's edge ("Brian, ...", "..., Kelly?");
//! - a change of vocabulary: lexical cohesion as in TextTiling (Hearst, 1997), the words
//!   of the 90 s before a cue against the 90 s after it, smoothed over 20 s and scaled to
//!   the episode, so a dip stands out by how unusual it is for this episode;
//! - a change of speaker, where the transcript names them;
//! - a pause, where the timestamps leave more time than the words before need.
//!
//! It also finds what has a plain chapter of its own: the sponsor reads (around the cues
//! [`super::sponsors::ad_reads`] marks, from where the read is announced; ad phrasing that
//! puts the read off, "more on them later", is no read), and the
//! Extras and the joke (said as such: "anything extra?", "time for a joke").

use super::spans::STOP;
use crate::model::Cue;
use regex::RegexSet;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Seconds of talk compared on each side of a cue (TextTiling's block).
const COHESION_WINDOW: u32 = 90;
/// Seconds over which the cohesion curve is smoothed, and within which a dip counts
/// for a cue (a dip is rarely exactly on the hand-off line).
const COHESION_SMOOTH: u32 = 20;
/// A turn's vocabulary change weighs half a hand-off per standard deviation.
const SHIFT_WEIGHT: f32 = 0.5;
/// A new speaker after another's turn, and a pause, are weak signs on their own.
const SPEAKER_WEIGHT: f32 = 0.2;
const PAUSE_WEIGHT: f32 = 0.2;
/// Seconds of silence beyond what the previous cue's words need, to be a pause.
const PAUSE_SECONDS: f32 = 2.0;
/// Ad cues closer than this are one read.
pub(super) const READ_GAP: u32 = 45;
/// How far before a read's first ad cue its announcement may be ("before we move on,
/// let me tell you about ...": ad phrasing often comes only at the end of the read).
pub(super) const READ_ANNOUNCED_WITHIN: u32 = 120;
/// Without an announcement, the read starts at a hand-off at most this long before it.
const READ_BACK: u32 = 40;
/// The read ends at a turn at most this long after its last ad cue.
const READ_AHEAD: u32 = 100;
/// Mentions of a sponsor in the introduction ("brought to you by ...") are no read.
const INTRO_SECONDS: u32 = 60;
/// Putting the read off ("more on that later", "listen to what we have to say about them
/// later in the show"): ad phrasing that only announces a later read.
const DEFERRED: &str = r"\blater\b|\bin a (?:bit|moment|minute)\b";
/// An announcement of a later read this early ends the introduction.
const INTRO_DEFERRED: u32 = 180;
/// Ad cues that span no longer than this and put the read off are no read.
const DEFERRAL_SPAN: u32 = 30;
/// The show's self-introductions ("This is episode 216, I'm ...") are in the first 90 s.
const INTRO_SEARCH: u32 = 90;

/// Passing the word or opening the next thing.
const STRONG: &[&str] = &[
    r"\b(?:the|my|our|your|this|his|her) (?:next|last|final|first) (?:one|item|topic|thing|story|article|pick|project|library)\b",
    r"\bnext (?:one|item|topic|thing|story|up)\b",
    r"\bup next\b",
    r"\bwhat(?:'s| is| do| have| did|'d)? (?:you|ya) (?:got|have|bring|brought)\b",
    r"\bwhat(?:'s| is) (?:next|your next|the next|up next)\b",
    r"\b(?:over|off|back) to you\b",
    r"\btake (?:us|it) away\b",
    r"\bkick (?:us|it|things) off\b",
    r"\byou(?:'re| are) up\b",
    r"\bam i up\b",
    r"\byour turn\b",
    r"\btell us (?:about|more)\b",
    r"\b(?:let's|let us|we'll|we will) (?:move on|talk about|switch|jump|start|round)\b",
    r"\bmov(?:e|ing) (?:on|along)\b",
    r"\bi(?: want| wanted|'d like| would like|'m going| am going) to (?:talk|tell you|tell|bring|share|start|cover|highlight|mention|round|kick|give)\b",
    r"\bspeaking of\b",
    r"\bkeep(?:ing)? (?:with|going with) (?:the|this|that)\b",
    r"\b(?:round|wrap|finish|close) (?:it|this|us|things|the show) (?:out|up|off)\b",
    r"\b(?:first|next|last|final) (?:thing|one|item|topic) (?:i|we)\b",
    r"\bso (?:the )?(?:first|next|last|final) (?:thing|one|item|topic)\b",
    r"\bi (?:found|ran across|came across|saw|stumbled)\b",
    r"\bthis (?:next|last|final) (?:one|item|thing)\b",
    r"\banother (?:thing|one|item|topic|story|article|project|library|tool)\b",
    r"\bi(?:'ve)? (?:have|got) (?:something|one|a (?:cool|fun|neat|quick|nice))\b",
];
/// A sentence that opens with a filler often turns the talk, but weakly.
const WEAK: &str = r"^(?:all right|alright|okay,? so|ok,? so|now|anyway|so)\b";
/// Handing over to a sponsor read rather than to the next thing.
const SPONSOR_INTRO: &str = r"\bbefore we (?:move on|get to|get on|go on|jump|move|get into|continue)\b|\b(?:let me|i want to|i'd like to) (?:just )?(?:tell you|say thank|thank)|\bthank(?:s| you) to\b|\bour sponsor\b";
const EXTRAS: &str = r"\bextras\b|\bany(?:thing)? extras?\b|\bextra (?:items?|stuff|things?|news)\b|\b(?:a quick|one|an) extra(?: (?:thing|item|one)s?)?(?:[.,!?;:]|$)|\bthat(?:'s| is) (?:it|all) for (?:all of )?(?:our|the|my) (?:main|six|official|normal|news|topics|items)|\bthose (?:are|were) (?:our|the) (?:six|main) (?:items|topics)|\bthat(?:'s| is) (?:our|all of our|all our) (?:main|six|news|official|normal|items|topics)|\b(?:our|the) (?:six|main|official) (?:items|topics)\b";
/// The joke as a segment ("time for a joke", "our joke section", "a quick joke for
/// you"), not a joke talked about ("the worst jokes", "a Billy Joel joke").
const JOKE: &str = r"\b(?:a|the|our|some|two|another|this|that|my|your)(?: (?:quick|little|short|good|bad|fun|funny|great))? jokes?\b|\bjokes? (?:for (?:you|us|everyone)|of the (?:week|day)|section|time)\b|\bspeaking of jokes?\b|\bready for (?:a|some|the|our)(?: \w+)? jokes?\b|\bsomething funny\b|\bpunchline\b";
const INTRO: &str = r"welcome to|\bepisode (?:number )?\d+|\brecorded\b";

/// Words every phrase of [`PHRASES`] holds one of (the weak openings aside): a cue with
/// none of them skips the patterns.
const TRIGGERS: &[&str] = &[
    "next",
    "last",
    "final",
    "first",
    "what",
    "to you",
    "away",
    "kick",
    "re up",
    "am i up",
    "your turn",
    "tell us",
    "let",
    "we'll",
    "we will",
    "mov",
    "i want",
    "i'd like",
    "i would",
    "i'm going",
    "i am going",
    "speaking of",
    "keep",
    "round",
    "wrap",
    "finish",
    "close",
    "i found",
    "i ran",
    "i came",
    "i saw",
    "i stumbled",
    "another",
    "i have",
    "i've",
    "i got",
    "before we",
    "thank",
    "sponsor",
    "extra",
    "main",
    "six",
    "official",
    "normal",
    "news",
    "topics",
    "items",
    "joke",
    "funny",
    "punchline",
    "welcome to",
    "episode",
    "recorded",
];
static TRIGGER_AC: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(TRIGGERS)
        .expect("valid trigger words")
});
const WEAK_OPENINGS: &[&str] = &["all right", "alright", "okay", "ok", "now", "anyway", "so"];

/// The phrase kinds a lowercased cue holds, into `found`; false when it holds none.
fn phrases(t: &str, found: &mut [bool; PHRASE_KINDS]) -> bool {
    found.fill(false);
    let weak = WEAK_OPENINGS.iter().any(|w| t.strip_prefix(w).is_some_and(|r| !r.starts_with(char::is_alphanumeric)));
    (weak || TRIGGER_AC.is_match(t)) && PHRASES.matches_read_at(found, t, 0)
}

/// Every kind of phrase in one automaton: one pass over each cue.
static PHRASES: LazyLock<RegexSet> = LazyLock::new(|| {
    let strong = STRONG.iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>().join("|");
    RegexSet::new([SPONSOR_INTRO, &strong, WEAK, EXTRAS, JOKE, INTRO].map(|p| format!("(?-u:{p})")))
        .expect("valid phrase patterns")
});
const SPONSOR_INTRO_AT: usize = 0;
const STRONG_AT: usize = 1;
const WEAK_AT: usize = 2;
const EXTRAS_AT: usize = 3;
const JOKE_AT: usize = 4;
const INTRO_AT: usize = 5;
const PHRASE_KINDS: usize = 6;

/// Lowercase with typographic apostrophes straightened, as the patterns expect.
fn lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    lower_into(text, &mut out);
    out
}

fn lower_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\u{2019}' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The first names of the people on the show, lowercased: addressing one of them by
/// name hands over the word.
#[derive(Debug, Clone, Default)]
pub struct People {
    names: Vec<String>,
    /// Finds any of the names in one pass.
    finder: Option<aho_corasick::AhoCorasick>,
}

impl People {
    pub fn new<'a>(full_names: impl IntoIterator<Item = &'a str>) -> People {
        let mut names: Vec<String> = full_names
            .into_iter()
            .filter_map(|n| n.split_whitespace().next())
            .map(lower)
            .filter(|n| n.chars().count() >= 2)
            .collect();
        names.sort();
        names.dedup();
        let finder = (!names.is_empty()).then(|| aho_corasick::AhoCorasick::new(&names).expect("plain names"));
        People { names, finder }
    }

    /// Is someone addressed by name: "Brian, ..." or "So Brian, ..." opening a
    /// sentence, or "..., Brian?" closing one.
    fn addressed(&self, t: &str) -> bool {
        let Some(finder) = &self.finder else { return false };
        finder.find_iter(t).any(|m| {
            let (before, after) = (&t[..m.start()], &t[m.end()..]);
            if before.chars().next_back().is_some_and(char::is_alphanumeric)
                || after.chars().next().is_some_and(char::is_alphanumeric)
            {
                return false;
            }
            let after = after.trim_start();
            let closes = after.starts_with([',', '?', '!', '.']);
            let b = before.trim_end();
            let soft = b.trim_end_matches(',').trim_end();
            let opens = b.is_empty()
                || b.ends_with(['.', '?', '!'])
                || ["so", "now", "okay", "ok", "alright", "all right", "well", "hey", "and"].iter().any(|w| {
                    soft.strip_suffix(w).is_some_and(|r| !r.ends_with(|c: char| c.is_alphanumeric() || c == '\''))
                });
            (opens && closes) || (b.ends_with(',') && after.starts_with(['?', '!', '.']))
        })
    }

    /// "I'm Brian Okken", "this is Michael": the show introducing itself.
    fn introduced(&self, t: &str) -> bool {
        self.names.iter().any(|n| t.contains(&format!("i'm {n}")) || t.contains(&format!("this is {n}")))
    }
}

/// The strength of the strongest hand-off in a cue's lowercased text: 1 for a phrase
/// that passes the word or opens the next thing, 0.6 for a person addressed by name,
/// 0.2 for a sentence opening with a filler ("All right, ...", "So ...").
pub fn handoff(t: &str, people: &People) -> f32 {
    let mut found = [false; PHRASE_KINDS];
    let m = phrases(t, &mut found).then_some(&found);
    handoff_of(m, t, people)
}

fn handoff_of(m: Option<&[bool; PHRASE_KINDS]>, t: &str, people: &People) -> f32 {
    let has = |k: usize| m.is_some_and(|m| m[k]);
    if has(SPONSOR_INTRO_AT) {
        // A hand-off to a sponsor read: the next thing starts after it.
        0.1
    } else if has(STRONG_AT) {
        1.0
    } else if people.addressed(t) {
        0.6
    } else if has(WEAK_AT) {
        0.2
    } else {
        0.0
    }
}

/// Is the cue handing over to a sponsor read?
pub(super) fn announces_read(text: &str) -> bool {
    let mut found = [false; PHRASE_KINDS];
    phrases(&lower(text), &mut found) && found[SPONSOR_INTRO_AT]
}

/// What an episode says of its shape, for decisions made over the whole show
/// ([`super::chapters::Show`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Shape {
    /// The Extras and the joke said as segments in its latter part (from `from` of its
    /// length on): a show has such segments when many of its episodes say them; one
    /// interview saying "a joke" near its end has none.
    pub extras: bool,
    pub joke: bool,
    /// Strong hand-offs ("what's your next item?") per ten minutes: a news show passes
    /// the word every few minutes, an interview seldom.
    pub handoffs: f32,
}

/// The [`Shape`] of an episode: one pass of the phrase patterns over its cues (a strong
/// hand-off is a phrase, never a name: no need to know who speaks).
pub fn shape(cues: &[Cue], from: f32) -> Shape {
    let end = cues.last().map_or(0, |c| c.start);
    let mut shape = Shape::default();
    let mut found = [false; PHRASE_KINDS];
    let mut one = String::new();
    let mut strong = 0u32;
    for c in cues {
        lower_into(&c.text, &mut one);
        if !phrases(&one, &mut found) {
            continue;
        }
        strong += (found[STRONG_AT] && !found[SPONSOR_INTRO_AT]) as u32;
        if c.start as f32 > from * end as f32 {
            shape.extras |= found[EXTRAS_AT];
            shape.joke |= found[JOKE_AT];
        }
    }
    shape.handoffs = strong as f32 * 600.0 / end.max(1) as f32;
    shape
}

/// A sponsor read: where the ad cues are, and where the read may start and end.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// First and last ad cue.
    pub first: usize,
    pub last: usize,
    /// Cues the read may start at: where it is announced, else the first ad cue or a
    /// hand-off shortly before it.
    pub starts: Vec<usize>,
    /// Cues the talk may resume at, after its last ad cue.
    pub ends: Vec<usize>,
    /// Announced ("before we move on, let me tell you about ..."): certainly a read, no
    /// item runs across it.
    pub announced: bool,
}

/// The content words of every cue, as ids into [`Turns::vocab`], in one buffer.
#[derive(Debug, Clone, Default)]
pub struct CueWords {
    ids: Vec<u32>,
    /// Where each cue's words start in `ids` (one more than there are cues).
    at: Vec<u32>,
}

impl CueWords {
    pub fn of(&self, cue: usize) -> &[u32] {
        &self.ids[self.at[cue] as usize..self.at[cue + 1] as usize]
    }
    pub fn iter(&self) -> impl Iterator<Item = &[u32]> {
        self.at.windows(2).map(|w| &self.ids[w[0] as usize..w[1] as usize])
    }
}

/// An episode's turns, cue by cue.
#[derive(Debug, Clone, Default)]
pub struct Turns {
    /// How strongly a new part starts at each cue.
    pub strength: Vec<f32>,
    /// The same, with the change of vocabulary within [`COHESION_SMOOTH`] seconds
    /// counted for every cue: where a turn can only be placed that closely.
    pub strength_near: Vec<f32>,
    /// The strength of the hand-off phrase in each cue ([`handoff`]).
    pub handoff: Vec<f32>,
    /// How unusual the change of vocabulary at each cue is (standard deviations).
    pub shift: Vec<f32>,
    /// The largest change within [`COHESION_SMOOTH`] seconds: a hand-off line near a
    /// dip gets the dip's credit.
    pub shift_near: Vec<f32>,
    pub extras: Vec<bool>,
    pub joke: Vec<bool>,
    /// The first cue after the show's self-introductions: nothing starts before it.
    pub intro_end: usize,
    /// The cue after an announcement of a later read in the opening minutes ("sponsored
    /// by X, more on them later"): with show notes, the first item starts no earlier.
    pub deferral_end: Option<usize>,
    pub reads: Vec<Read>,
    /// A question put after another speaker's long answer: where an interview turns to
    /// its next part ("So how is Dagger different from Terraform?").
    pub question: Vec<bool>,
    /// Cues right after the transcript's break markers (set by the caller: the
    /// transcript's [`crate::model::Transcript::breaks`]).
    pub breaks: Vec<usize>,
    /// Content words of each cue, for telling what is talked about.
    pub words: CueWords,
    pub vocab: Vec<String>,
}

impl Turns {
    /// `ad` marks the cues of ad reads (it may be shorter than `cues`: the rest are not).
    pub fn new(cues: &[Cue], ad: &[bool], people: &People) -> Turns {
        let n = cues.len();
        let mut t = Turns { intro_end: 1.min(n), ..Turns::default() };
        // The whole transcript lowercased once, so words can be looked up by slices of it.
        let mut all = String::new();
        let mut spans = Vec::with_capacity(n);
        let mut one = String::new();
        for c in cues {
            lower_into(&c.text, &mut one);
            let from = all.len();
            all.push_str(&one);
            spans.push(from..all.len());
        }
        let mut seen: FxHashMap<&str, Option<u32>> = FxHashMap::default();
        let mut vocab_ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut found = [false; PHRASE_KINDS];
        for (i, (c, span)) in cues.iter().zip(spans).enumerate() {
            let l = &all[span];
            let m = phrases(l, &mut found).then_some(&found);
            let has = |k: usize| m.is_some_and(|m| m[k]);
            t.handoff.push(handoff_of(m, l, people));
            t.extras.push(has(EXTRAS_AT));
            t.joke.push(has(JOKE_AT));
            if c.start <= INTRO_SEARCH && (has(INTRO_AT) || people.introduced(l)) {
                t.intro_end = i + 1;
            }
            t.words.at.push(t.words.ids.len() as u32);
            for word in words(l) {
                // One lookup per word said: its id, or that it is a stop word.
                let id = *seen.entry(word).or_insert_with(|| {
                    (!STOP.contains(word)).then(|| {
                        let folded = fold_plural(word);
                        *vocab_ids.entry(folded).or_insert_with(|| {
                            t.vocab.push(folded.to_string());
                            t.vocab.len() as u32 - 1
                        })
                    })
                });
                t.words.ids.extend(id);
            }
        }
        t.words.at.push(t.words.ids.len() as u32);
        t.intro_end = t.intro_end.min(n);
        t.shift = shifts(cues, &t.words, t.vocab.len());
        t.shift_near = window_max(cues, &t.shift, COHESION_SMOOTH);
        let pauses = pauses(cues);
        for i in 0..n {
            let speaker = i > 0
                && cues[i].speaker.is_some()
                && cues[i - 1].speaker.is_some()
                && cues[i].speaker != cues[i - 1].speaker;
            let h = t.handoff[i];
            let other = if speaker { SPEAKER_WEIGHT } else { 0.0 } + if pauses[i] { PAUSE_WEIGHT } else { 0.0 };
            let near = h + SHIFT_WEIGHT * t.shift_near[i].max(0.0) + other;
            t.strength_near.push(near);
            // A hand-off line near a dip gets the dip's credit; other cues only their own.
            t.strength.push(if h > 0.0 { near } else { h + SHIFT_WEIGHT * t.shift[i].max(0.0) + other });
        }
        (t.reads, t.deferral_end) = reads(cues, ad, &t);
        t.question = questions(cues);
        t
    }
}

/// Words another speaker must have said since one last spoke for a question to open a
/// new part: a long answer, not an exchange.
const ANSWER_WORDS: usize = 80;

/// Per cue: a new speaker asking a question (in this cue or the next of theirs) after
/// the others said at least [`ANSWER_WORDS`] (where the transcript names speakers).
fn questions(cues: &[Cue]) -> Vec<bool> {
    let mut out = vec![false; cues.len()];
    // Words of the run of cues the last speaker said.
    let mut run = 0usize;
    for (i, c) in cues.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| &cues[p]);
        let changed = c.speaker.is_some() && prev.is_some_and(|p| p.speaker.is_some() && p.speaker != c.speaker);
        if changed {
            let next_asks = cues.get(i + 1).is_some_and(|n| n.speaker == c.speaker && asks(&n.text));
            out[i] = (asks(&c.text) || next_asks) && run >= ANSWER_WORDS;
            run = 0;
        }
        run += c.text.split_whitespace().count();
    }
    out
}

/// A text that asks something: a sentence of three words or more ending in a question
/// mark that is not a tag ("..., right?", "you know?").
fn asks(text: &str) -> bool {
    const TAGS: &[&str] =
        &["right", "you know", "yeah", "no", "correct", "huh", "okay", "ok", "isn't it", "aren't they"];
    let mut rest = text;
    while let Some(q) = rest.find('?') {
        let sentence = rest[..q].rsplit(['.', '!', '?']).next().unwrap_or("").trim();
        let lower = sentence.to_lowercase();
        let tag =
            TAGS.iter().any(|t| lower == *t || lower.ends_with(&format!(", {t}")) || lower.ends_with(&format!(" {t}")));
        if !tag && sentence.split_whitespace().count() >= 3 {
            return true;
        }
        rest = &rest[q + 1..];
    }
    false
}

/// Words that say what a cue is about: not function words or fillers, not numbers,
/// plurals folded. `lowered` is lowercase ([`lower`]).
pub fn content_words(lowered: &str) -> impl Iterator<Item = &str> {
    words(lowered).filter(|w| !STOP.contains(w)).map(fold_plural)
}

/// The words of a lowercased text that can say something: three letters or more, not
/// contractions or numbers (stop words not yet removed, plurals not yet folded).
fn words(lowered: &str) -> impl Iterator<Item = &str> {
    let ascii = lowered.is_ascii();
    let separates = move |c: char| {
        let word = if ascii { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() };
        !(word || matches!(c, '\'' | '+' | '#'))
    };
    lowered
        .split(separates)
        .filter(|w| w.len() >= 3)
        .map(|w| w.trim_matches('\''))
        .map(|w| w.strip_suffix("'s").unwrap_or(w))
        .filter(|w| w.len() >= 3 && (w.is_ascii() || w.chars().count() >= 3) && !w.contains('\''))
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
}

/// "containers" -> "container"; "class", "pandas"-like short words stay.
pub fn fold_plural(w: &str) -> &str {
    match w.strip_suffix('s') {
        Some(stem) if w.len() > 4 && !stem.ends_with('s') => stem,
        _ => w,
    }
}

/// Change of vocabulary at each cue, in standard deviations of the episode's own:
/// TextTiling's depth score (how far the similarity of the words before and after a cue
/// dips below the peaks around it).
fn shifts(cues: &[Cue], words: &CueWords, vocab: usize) -> Vec<f32> {
    let n = cues.len();
    if n < 3 {
        return vec![0.0; n];
    }
    // Words said in one cue only carry no cohesion.
    let mut df = vec![0u32; vocab];
    let mut last_cue = vec![u32::MAX; vocab];
    for (i, w) in words.iter().enumerate() {
        for &x in w {
            if last_cue[x as usize] != i as u32 {
                last_cue[x as usize] = i as u32;
                df[x as usize] += 1;
            }
        }
    }
    let keep: Vec<bool> = df.iter().map(|&d| d >= 2).collect();
    // Cosine similarity of the windows before and after each cue, updated as cues move
    // from one window to the other.
    let (mut a, mut b) = (vec![0i64; vocab], vec![0i64; vocab]);
    let (mut dot, mut na, mut nb) = (0i64, 0i64, 0i64);
    let mut sims = vec![0f32; n];
    let mut right = 0;
    let mut left = 0;
    for i in 0..n {
        let t = cues[i].start;
        if i > 0 {
            for &w in words.of(i - 1) {
                let w = w as usize;
                if keep[w] {
                    // out of `b`, into `a`
                    b[w] -= 1;
                    nb -= 2 * b[w] + 1;
                    dot -= a[w];
                    dot += b[w];
                    na += 2 * a[w] + 1;
                    a[w] += 1;
                }
            }
        }
        while right < n && cues[right].start < t + COHESION_WINDOW {
            for &w in words.of(right) {
                let w = w as usize;
                if keep[w] {
                    dot += a[w];
                    nb += 2 * b[w] + 1;
                    b[w] += 1;
                }
            }
            right += 1;
        }
        while left < i && cues[left].start + COHESION_WINDOW < t {
            for &w in words.of(left) {
                let w = w as usize;
                if keep[w] {
                    a[w] -= 1;
                    na -= 2 * a[w] + 1;
                    dot -= b[w];
                }
            }
            left += 1;
        }
        sims[i] = if na > 0 && nb > 0 { dot as f32 / ((na as f32).sqrt() * (nb as f32).sqrt()) } else { 0.0 };
    }
    let sims = window_mean(cues, &sims, COHESION_SMOOTH);
    // Depth: the climb to the highest point on each side.
    let mut up_left = sims.clone();
    for i in 1..n {
        if sims[i - 1] >= sims[i] {
            up_left[i] = up_left[i - 1];
        }
    }
    let mut up_right = sims.clone();
    for i in (0..n - 1).rev() {
        if sims[i + 1] >= sims[i] {
            up_right[i] = up_right[i + 1];
        }
    }
    let depth: Vec<f32> = (0..n).map(|i| (up_left[i] - sims[i]) + (up_right[i] - sims[i])).collect();
    let mean = depth.iter().sum::<f32>() / n as f32;
    let sd = (depth.iter().map(|d| (d - mean) * (d - mean)).sum::<f32>() / n as f32).sqrt();
    depth.iter().map(|d| if sd > 0.0 { (d - mean) / sd } else { 0.0 }).collect()
}

/// Mean of `v` over the cues within `reach` seconds of each cue.
fn window_mean(cues: &[Cue], v: &[f32], reach: u32) -> Vec<f32> {
    let (mut lo, mut hi, mut sum) = (0, 0, 0f32);
    let mut out = Vec::with_capacity(v.len());
    for c in cues {
        while hi < cues.len() && cues[hi].start <= c.start + reach {
            sum += v[hi];
            hi += 1;
        }
        while cues[lo].start + reach < c.start {
            sum -= v[lo];
            lo += 1;
        }
        out.push(sum / (hi - lo) as f32);
    }
    out
}

/// Largest of `v` over the cues within `reach` seconds of each cue.
fn window_max(cues: &[Cue], v: &[f32], reach: u32) -> Vec<f32> {
    let mut lo = 0;
    let mut out = Vec::with_capacity(v.len());
    for c in cues {
        while cues[lo].start + reach < c.start {
            lo += 1;
        }
        let mut m = f32::MIN;
        for j in lo..cues.len() {
            if cues[j].start > c.start + reach {
                break;
            }
            m = m.max(v[j]);
        }
        out.push(m);
    }
    out
}

/// Cues that follow a pause: more time since the previous cue than its words need, at
/// the episode's own speaking rate.
fn pauses(cues: &[Cue]) -> Vec<bool> {
    let mut rates: Vec<f32> = cues
        .windows(2)
        .filter(|w| w[1].start > w[0].start && w[1].start - w[0].start <= 30 && w[0].text.len() > 20)
        .map(|w| w[0].text.len() as f32 / (w[1].start - w[0].start) as f32)
        .collect();
    let mut out = vec![false; cues.len()];
    if rates.len() < 10 {
        return out;
    }
    let mid = rates.len() / 2;
    let rate = *rates.select_nth_unstable_by(mid, f32::total_cmp).1;
    for i in 1..cues.len() {
        let gap = cues[i].start.saturating_sub(cues[i - 1].start) as f32;
        out[i] = gap - cues[i - 1].text.len() as f32 / rate >= PAUSE_SECONDS;
    }
    out
}

/// The sponsor reads around the ad cues after the introduction, and the cue after an
/// announcement of a later read in the opening minutes (where the introduction ends).
fn reads(cues: &[Cue], ad: &[bool], turns: &Turns) -> (Vec<Read>, Option<usize>) {
    let mut clusters: Vec<(usize, usize)> = Vec::new();
    for (i, _) in ad.iter().enumerate().filter(|(_, a)| **a) {
        match clusters.last_mut() {
            Some(c) if cues[i].start <= cues[c.1].start + READ_GAP => c.1 = i,
            _ => clusters.push((i, i)),
        }
    }
    let n = cues.len();
    let mut out = Vec::new();
    static DEFERS: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(&format!("(?i){DEFERRED}")).expect("valid pattern"));
    let mut deferral_end = None;
    for (first, last) in clusters {
        // "Sponsored by X, more on them later": an announcement, the read comes later; in
        // the opening minutes it is the last thing said before the first item.
        let near_end = |j: &usize| cues[*j].start <= cues[last].start + super::sponsors::AD_REACH;
        let deferred = (cues[last].start - cues[first].start <= DEFERRAL_SPAN)
            .then(|| (first..n).take_while(near_end).filter(|&j| DEFERS.is_match(&cues[j].text)).last())
            .flatten();
        if let Some(j) = deferred.filter(|&j| cues[j].start <= INTRO_DEFERRED && out.is_empty()) {
            deferral_end = Some(j + 1);
        }
        if cues[first].start <= INTRO_SECONDS || last + 1 >= n || deferred.is_some() {
            continue;
        }
        let within = |j: usize, secs: u32| cues[first].start.saturating_sub(cues[j].start) <= secs;
        let announced = (0..=first)
            .rev()
            .take_while(|&j| within(j, READ_ANNOUNCED_WITHIN))
            .find(|&j| announces_read(&cues[j].text));
        let starts = match announced {
            Some(j) => vec![j],
            None => std::iter::once(first)
                .chain((0..first).rev().take_while(|&j| within(j, READ_BACK)).filter(|&j| turns.handoff[j] >= 0.6))
                .collect(),
        };
        let mut ends: Vec<usize> = (last + 1..n)
            .take_while(|&j| cues[j].start <= cues[last].start + READ_AHEAD)
            .filter(|&j| turns.strength[j] > 0.15)
            .collect();
        if !ends.contains(&(last + 1)) {
            ends.insert(0, last + 1);
        }
        // Announced within the previous read: ad phrasing again in the same read ("our
        // sponsor ... brought to you by", then a minute later the offer code). Two reads
        // would share an announcement, and no item could be placed across them.
        let within_previous =
            |p: &&mut Read| starts.iter().any(|&s| cues[s].start <= cues[p.last].start + super::sponsors::AD_REACH);
        if let Some(prev) = out.last_mut().filter(within_previous) {
            prev.last = last;
            prev.ends = ends;
            prev.announced |= announced.is_some();
            continue;
        }
        out.push(Read { first, last, starts, ends, announced: announced.is_some() });
    }
    (out, deferral_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> People {
        People::new(["Michael Kennedy", "Brian Okken"])
    }

    fn strength(text: &str) -> f32 {
        handoff(&lower(text), &people())
    }

    #[test]
    fn hand_off_lines() {
        for line in [
            "Brian, what's your next item?",
            "All right, what do you got for us next?",
            "Well, that's it for that one. Off to you.",
            "Speaking of tools that are cool, I like Postman.",
            "So the next thing I want to talk about is desktop notifications.",
            "Next up, a faster Python.",
            "Kelly, tell us about Mu.",
            "I want to talk about something fun.",
        ] {
            assert_eq!(strength(line), 1.0, "{line}");
        }
        // Addressing a host by name at a sentence's edge.
        assert_eq!(strength("Brian, have we talked about GUIs?"), 0.6);
        assert_eq!(strength("What do you think, Michael?"), 0.6);
        // A name said in passing is no hand-off; nor is ordinary talk.
        assert_eq!(strength("I read Brian's article on this."), 0.0);
        assert_eq!(strength("It's also Brian, the one from the meetup, who wrote it."), 0.0);
        assert_eq!(strength("The coverage report shows every line."), 0.0);
        assert_eq!(strength("So that is the idea."), 0.2);
        // Handing over to a sponsor read is not handing over to the next item.
        assert_eq!(strength("Before we get on to the next one, let me tell you about Acme."), 0.1);
    }

    #[test]
    fn the_joke_and_the_extras_as_segments_not_as_words() {
        let kind = |l: &str, at: usize| {
            let mut found = [false; PHRASE_KINDS];
            phrases(l, &mut found) && found[at]
        };
        for l in [
            "all right, time for a joke.",
            "i have a quick joke for you",
            "speaking of jokes, we've got two.",
            "we've come to our joke section, right?",
            "you ready for some jokes",
            "are you ready for a pie joke?",
        ] {
            assert!(kind(l, JOKE_AT), "{l}");
        }
        for l in [
            "and he's got the worst jokes; he wins there",
            "i was gonna make a billy joel joke",
            "making programming jokes or something?",
            "that's my unpopular joke",
        ] {
            assert!(!kind(l, JOKE_AT), "{l}");
        }
        for l in ["do you have any extras?", "i have one extra.", "i've got a quick extra", "any extra stuff?"] {
            assert!(kind(l, EXTRAS_AT), "{l}");
        }
        for l in ["it's okay, sam has an extra four for you.", "they've inserted an extra bit into your clipboard"] {
            assert!(!kind(l, EXTRAS_AT), "{l}");
        }
    }

    #[test]
    fn segments_are_looked_for_in_the_latter_part() {
        let cue = |start: u32, text: &str| Cue { start, speaker: None, text: text.into(), line: 1, estimated: false };
        let early = [cue(0, "Welcome."), cue(60, "Time for a joke."), cue(600, "Thanks for listening.")];
        let got = shape(&early, 0.55);
        assert!(!got.extras && !got.joke, "{got:?}");
        let late = [
            cue(0, "Welcome."),
            cue(300, "What's your next item?"),
            cue(500, "Anything extra, Brian?"),
            cue(550, "Time for a joke."),
            cue(600, "Bye."),
        ];
        let got = shape(&late, 0.55);
        assert!(got.extras && got.joke, "{got:?}");
        assert_eq!(got.handoffs, 1.0, "one strong hand-off in ten minutes");
    }

    #[test]
    fn the_trigger_words_let_every_phrase_through() {
        // Each pattern's alternatives, as said; the prefilter must never hide one.
        let lines = [
            "so my next item is this",
            "the first one",
            "next up",
            "what's next",
            "what have you got",
            "what'd you got",
            "over to you",
            "take us away",
            "kick things off",
            "you're up",
            "you are up",
            "am i up",
            "your turn",
            "tell us more",
            "let's move on",
            "we will talk about",
            "moving along",
            "i'd like to share",
            "i would like to cover",
            "i'm going to start",
            "i am going to give",
            "speaking of which",
            "keeping with the theme",
            "round it out",
            "wrap things up",
            "close the show out",
            "last thing i",
            "so the final topic",
            "i ran across",
            "i came across",
            "i stumbled on",
            "this last item",
            "another library",
            "i've got something",
            "i got a cool one",
            "before we get into it",
            "let me tell you",
            "thanks to datadog",
            "our sponsor",
            "any extras",
            "one extra",
            "that's it for our main items",
            "those are our six items",
            "that's our news",
            "the official topics",
            "time for a joke",
            "something funny",
            "the punchline",
            "welcome to the show",
            "episode 12",
            "recorded today",
            "all right, so",
            "alright",
            "okay so",
            "ok so",
            "now",
            "anyway",
            "so",
        ];
        for l in lines {
            assert!(PHRASES.matches(l).matched_any(), "{l} matches no phrase");
            assert!(phrases(l, &mut [false; PHRASE_KINDS]), "{l} is hidden by the trigger words");
        }
        assert!(!phrases("the coverage report shows every line", &mut [false; PHRASE_KINDS]));
    }

    #[test]
    fn a_question_after_a_long_answer_opens_a_part() {
        let long = "We built the whole pipeline on one machine first. ".repeat(12);
        let cue = |start: u32, who: &str, text: &str| Cue {
            start,
            speaker: Some(who.into()),
            text: text.into(),
            line: 1,
            estimated: false,
        };
        let cues = [
            cue(0, "Host", "Welcome to the show. How did it all start?"),
            cue(10, "Guest", &long),
            // After a long answer: a question (in the next cue of the same speaker too).
            cue(60, "Host", "That's great. So how did you scale it to a cluster?"),
            cue(65, "Guest", "Slowly."),
            // After a short answer: an exchange, no new part.
            cue(70, "Host", "Why slowly?"),
            cue(75, "Guest", &format!("{long} It was hard to get right, right?")),
            // A tag question only ("..., right?") asks nothing.
            cue(130, "Host", "It sounds like it was painful, right?"),
            cue(135, "Guest", &long),
            cue(190, "Host", "Fair enough."),
            cue(195, "Host", "And where does the project go from here?"),
        ];
        assert_eq!(questions(&cues), [false, false, true, false, false, false, false, false, true, false]);
    }

    #[test]
    fn vocabulary_changes_where_the_subject_does() {
        // Two minutes about gardening, then two about databases, in 10 s cues.
        let garden = [
            "tomatoes need sunlight and compost",
            "compost the garden soil for tomatoes",
            "water the garden tomatoes at sunrise",
        ];
        let data = [
            "the database index speeds queries",
            "queries scan the database table rows",
            "an index on table rows helps queries",
        ];
        let cues: Vec<Cue> = (0..24)
            .map(|i| Cue {
                start: i * 10,
                speaker: None,
                text: if i < 12 { garden[i as usize % 3] } else { data[i as usize % 3] }.into(),
                line: i as usize + 1,
                estimated: false,
            })
            .collect();
        let t = Turns::new(&cues, &[], &People::default());
        let best = (0..cues.len()).max_by(|&a, &b| t.shift[a].total_cmp(&t.shift[b])).unwrap();
        assert!((100..=140).contains(&cues[best].start), "deepest change at {}", cues[best].start);
        assert!(t.shift_near[12] > 1.0);
    }

    #[test]
    fn sponsor_reads_start_where_they_are_announced() {
        let lines = [
            "Welcome to the show, this is episode 5.",
            "Brian, what's your first item?",
            "I found a neat library for parsing dates.",
            "It parses dates.",
            "Before we move on, let me tell you about Acme.",
            "Acme makes anvils for everyone.",
            "Visit acme.fm/anvils for a free trial.",
            "Brian, what's next?",
            "Another library, for times.",
        ];
        let cues = Cue::every(30, &lines);
        let ad: Vec<bool> = (0..lines.len()).map(|i| i == 6).collect();
        let t = Turns::new(&cues, &ad, &people());
        assert_eq!(t.intro_end, 1);
        assert_eq!(t.reads.len(), 1);
        let r = &t.reads[0];
        assert!(r.announced);
        assert_eq!(r.starts, vec![4]);
        assert!(r.ends.contains(&7));
    }

    #[test]
    fn an_announcement_of_a_later_read_is_no_read_and_ends_the_introduction() {
        let lines = [
            "Welcome to the show, this is episode 5.",
            "We had snow all week.",
            "This episode is sponsored by Acme, more on them later in the show.",
            "Brian, what's your first item?",
            "A library for parsing dates.",
            "It parses dates well.",
            "And times, too.",
            "Brian, what's next?",
        ];
        let cues = Cue::every(30, &lines);
        let ad: Vec<bool> = (0..lines.len()).map(|i| i == 2).collect();
        let t = Turns::new(&cues, &ad, &people());
        assert!(t.reads.is_empty());
        assert_eq!(t.deferral_end, Some(3));
    }

    #[test]
    fn ad_phrasing_twice_in_one_read_is_one_read() {
        let lines = [
            "Welcome to the show, this is episode 5.",
            "Brian, what's your first item?",
            "A library for parsing dates.",
            "It parses dates well.",
            "Before we move on, let me tell you about our sponsor, Acme.",
            "Acme makes anvils for everyone.",
            "Anvils of every size.",
            "Visit acme.fm/anvils for a free trial.",
            "Brian, what's next?",
            "Another library, for times.",
        ];
        let cues = Cue::every(30, &lines);
        // Ad phrasing at the read's start and, a minute and a half later, its offer.
        let ad: Vec<bool> = (0..lines.len()).map(|i| i == 4 || i == 7).collect();
        let t = Turns::new(&cues, &ad, &people());
        assert_eq!(t.reads.len(), 1, "{:?}", t.reads);
        let r = &t.reads[0];
        assert!(r.announced);
        assert_eq!((r.first, r.last, r.starts.clone()), (4, 7, vec![4]));
        assert!(r.ends.contains(&8));
    }
}
