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

#[cfg(test)]
mod tests {
    use super::*;

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
