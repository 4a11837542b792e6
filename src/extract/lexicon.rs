//! Ordinary English words. A name that is also a dictionary word ("black", "rich",
//! "poetry") needs more evidence than a coined one ("pytest", "uvloop"): speech-to-text
//! writes most package names in lower case, so casing alone cannot tell them from words.
//!
//! The list is SCOWL's size-50 American English list (Debian's `wamerican`), lower-case
//! entries only: ordinary words with their inflections, no proper nouns. Its licence is
//! in `data/english-words.LICENSE`.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

static WORDS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("data/english-words.txt").lines().collect());

/// Is `lower` (a lower-case word) an ordinary English word?
pub fn is_word(lower: &str) -> bool {
    WORDS.contains(lower)
}

/// Endings that make a new English word of a word ("convolution" -> "convolutional",
/// "explain" -> "explainability"), longest first. SCOWL's list holds the common
/// derivations only.
const SUFFIXES: &[&str] = &[
    "ability", "ibility", "ization", "isation", "ational", "ality", "ities", "ation", "ness", "ment", "ship", "ally",
    "able", "ible", "ings", "ized", "izing", "ize", "ity", "ing", "ers", "ism", "ist", "ful", "less", "ous", "ive",
    "al", "er", "ic", "ly", "ed",
];

/// Prefixes written joined to English words ("pretrained", "multimodal").
const JOINED_PREFIXES: &[&str] = &["pre", "co", "non", "multi", "re", "sub", "un", "over", "under", "cyber", "bio"];

/// Is `lower` (a lower-case word) English even where the list does not have it: a
/// word with an English ending ("foundational", "inferencing", "scalable"), a prefix
/// ("pretrained"), or two words run together ("mindset", "chatbot", "runtime")? A coined
/// name ("pytest", "uvloop", "numpy") is none of these.
pub fn is_english(lower: &str) -> bool {
    if is_word(lower) {
        return true;
    }
    if !lower.chars().all(|c| c.is_ascii_lowercase()) || lower.len() < 5 {
        return false;
    }
    // A base the list knows, written as the ending needs it: "scal" + "able" is "scale",
    // "modal" + "ities", "happ" + "ily" is "happy".
    let base_known = |b: &str| {
        b.len() >= 3
            && (is_word(b)
                || is_word(&format!("{b}e"))
                || b.strip_suffix('i').is_some_and(|s| is_word(&format!("{s}y"))))
    };
    let derived = SUFFIXES
        .iter()
        .any(|suf| lower.strip_suffix(suf).is_some_and(|b| base_known(b) || b.len() > 4 && is_english_base(b)));
    let prefixed = JOINED_PREFIXES
        .iter()
        .any(|p| lower.strip_prefix(p).is_some_and(|rest| rest.len() >= 4 && (is_word(rest) || base_known(rest))));
    let compound = (2..lower.len() - 2).any(|i| {
        let (a, b) = lower.split_at(i);
        (a.len() >= 3 || matches!(a, "on" | "up" | "in"))
            && b.len() >= 3
            && is_word(a)
            && (is_word(b) || SUFFIXES.iter().any(|suf| b.strip_suffix(suf).is_some_and(base_known)))
    });
    derived || prefixed || compound
}

/// A base that is itself derived once more ("explain" + "abil" ... "reproduc" + "ibility").
fn is_english_base(b: &str) -> bool {
    SUFFIXES
        .iter()
        .any(|suf| b.strip_suffix(suf).is_some_and(|r| r.len() >= 3 && (is_word(r) || is_word(&format!("{r}e")))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_the_list_lacks_and_coined_names() {
        for w in [
            "convolutional",
            "foundational",
            "inferencing",
            "scalable",
            "mindset",
            "chatbot",
            "runtime",
            "endpoint",
            "pretrained",
            "recommender",
            "explainability",
            "modalities",
            "onboarding",
            "reproducibility",
        ] {
            assert!(is_english(w), "{w}");
        }
        for w in ["pytest", "uvloop", "numpy", "mypy", "pipenv", "django", "asyncio", "kubectl", "httpx", "pydantic"] {
            assert!(!is_english(w), "{w}");
        }
    }

    #[test]
    fn words_and_coined_names() {
        for w in ["black", "rich", "poetry", "library", "coverage", "cards", "interviews", "whatnot", "online"] {
            assert!(is_word(w), "{w}");
        }
        for w in ["pytest", "uvloop", "aiohttp", "django", "numpy", "mypy", "pipenv", "github"] {
            assert!(!is_word(w), "{w}");
        }
    }
}
