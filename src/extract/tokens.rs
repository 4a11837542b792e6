//! Tokenising transcript text for topic extraction. One pass over each cue; tokens keep
//! their original spelling (casing is a signal) and where they were said.

use std::borrow::Cow;

/// A word of the transcript.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    /// As said; owned only when rewritten to its written form (a spelled-out name, or
    /// words joined by [`join_spoken_joiners`]).
    pub text: Cow<'a, str>,
    /// Lowercased; borrowed when the word has no capitals (most words).
    pub lower: Cow<'a, str>,
    /// Index of the cue it is in.
    pub cue: u32,
    /// First word of a sentence (its capital letter says nothing).
    pub sentence_start: bool,
    /// Punctuation (other than a joiner inside a name) follows: phrases do not cross it.
    pub break_after: bool,
}

impl Token<'_> {
    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// CamelCase, dotted, hyphenated or alphanumeric names: `CuPy`, `py-spy`,
    /// `pyproject.toml`, `Python3`.
    pub fn name_shaped(&self) -> bool {
        let t = &self.text;
        let inner_upper = t.chars().skip(1).any(char::is_uppercase) && t.chars().any(char::is_lowercase);
        let joined = t.contains(['.', '-', '_']) && t.len() > 3;
        inner_upper || joined
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Splits `text` into tokens. A token is a run of letters/digits, possibly joined by
/// `.`, `-`, `_`, `'` or `+` between word characters (`py-spy`, `Node.js`, `it's`), with
/// trailing `+`/`#` kept (`C++`, `C#`).
pub fn tokenize<'a>(text: &'a str, cue: u32, out: &mut Vec<Token<'a>>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut sentence_start = true;
    let n = text.len();
    while i < n {
        let (c, len) = char_at(text, i);
        if !is_word_char(c) {
            if matches!(c, '.' | '?' | '!' | ';' | ':') {
                sentence_start = matches!(c, '.' | '?' | '!');
                if let Some(last) = out.last_mut() {
                    if last.cue == cue {
                        last.break_after = true;
                    }
                }
            } else if matches!(c, ',' | '(' | ')' | '"' | '\u{201c}' | '\u{201d}' | '-' | '\u{2014}' | '\u{2013}') {
                if let Some(last) = out.last_mut() {
                    if last.cue == cue {
                        last.break_after = true;
                    }
                }
            }
            i += len;
            continue;
        }
        let start = i;
        let mut j = i;
        loop {
            while j < n {
                let (ch, len) = char_at(text, j);
                if is_word_char(ch) {
                    j += len;
                } else {
                    break;
                }
            }
            // A joiner followed by a word character continues the token.
            if j + 1 < n
                && matches!(bytes[j], b'.' | b'-' | b'_' | b'\'' | b'+')
                && is_word_char(char_at(text, j + 1).0)
            {
                j += 1;
                continue;
            }
            break;
        }
        while j < n && matches!(bytes[j], b'+' | b'#') && (j + 1 == n || !is_word_char(char_at(text, j + 1).0)) {
            j += 1;
        }
        let word = &text[start..j];
        let text = spelled_out(word).map_or(Cow::Borrowed(word), Cow::Owned);
        let lower = if text.is_ascii() {
            // Most words: ASCII, and most of those already lower case (no allocation).
            if text.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(text.to_ascii_lowercase())
            } else {
                text.clone()
            }
        } else if text.chars().any(char::is_uppercase) {
            Cow::Owned(text.to_lowercase())
        } else {
            text.clone()
        };
        out.push(Token { text, lower, cue, sentence_start, break_after: false });
        sentence_start = false;
        i = j;
    }
    if let Some(last) = out.last_mut() {
        if last.cue == cue {
            last.break_after = true;
        }
    }
}

/// The character at byte `i` of `text` and its length, without decoding ASCII.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().expect("a char boundary");
        (c, c.len_utf8())
    }
}

/// A name spelled out letter by letter, as speech-to-text writes it ("P-Y-S-T-O-N"), as a
/// word ("Pyston"). Spelling a name out is how hosts make sure listeners can find it.
fn spelled_out(word: &str) -> Option<String> {
    if word.as_bytes().get(1) != Some(&b'-') {
        return None; // almost every word: no work on the hot path
    }
    let mut letters = String::new();
    for (i, part) in word.split('-').enumerate() {
        let mut chars = part.chars();
        let c = chars.next().filter(|c| c.is_alphabetic() && chars.next().is_none())?;
        if i == 0 {
            letters.extend(c.to_uppercase());
        } else {
            letters.extend(c.to_lowercase());
        }
    }
    (letters.chars().count() >= 3).then_some(letters)
}

/// Joins names whose punctuation was spoken, as speech-to-text writes them ("FastAPI dash
/// chameleon", "time underscore ns"), into their written form (`FastAPI-chameleon`,
/// `time_ns`): one name-shaped token, like the name typed in the show notes. Only the tokens
/// from `from` on are looked at (the cue just tokenised). Left alone: command-line flags
/// ("python dash m": a dashed part of one or two letters), phrases that cross punctuation, and
/// parts that `skip` rejects (function words: "the dash character", "say dash m").
pub fn join_spoken_joiners(toks: &mut Vec<Token<'_>>, from: usize, skip: impl Fn(&str) -> bool) {
    let mut i = from;
    while i + 2 < toks.len() {
        let sep = match &*toks[i + 1].lower {
            "dash" | "hyphen" => '-',
            "underscore" => '_',
            _ => {
                i += 1;
                continue;
            }
        };
        let (a, b) = (&toks[i], &toks[i + 2]);
        // Dashes also start flags ("-m", "-OO"); an underscore part may be short ("time_ns").
        let min_len = if sep == '-' { 3 } else { 2 };
        let part = |t: &Token| {
            t.text.chars().count() >= min_len
                && t.text.starts_with(|c: char| c.is_alphanumeric())
                && !matches!(&*t.lower, "dash" | "hyphen" | "underscore")
                && !skip(&t.lower)
        };
        if a.break_after || toks[i + 1].break_after || !part(a) || !part(b) {
            i += 1;
            continue;
        }
        let text = format!("{}{sep}{}", a.text, b.text);
        let lower = Cow::Owned(text.to_lowercase());
        let joined = Token {
            text: Cow::Owned(text),
            lower,
            cue: a.cue,
            sentence_start: a.sentence_start,
            break_after: b.break_after,
        };
        toks.splice(i..i + 3, [joined]);
        // Stay on the joined token: "pytest dash xdist dash plugin" joins again.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_whole() {
        let mut v = Vec::new();
        tokenize("So, um, pi script. Use py-spy with pyproject.toml and C++ in CuPy, it's fine.", 3, &mut v);
        let words: Vec<&str> = v.iter().map(|t| &*t.text).collect();
        assert_eq!(
            words,
            vec![
                "So",
                "um",
                "pi",
                "script",
                "Use",
                "py-spy",
                "with",
                "pyproject.toml",
                "and",
                "C++",
                "in",
                "CuPy",
                "it's",
                "fine"
            ]
        );
        assert!(v[0].sentence_start && v[0].break_after);
        assert!(v[4].sentence_start);
        assert!(!v[2].sentence_start && v[3].break_after);
        assert!(v[5].name_shaped() && v[7].name_shaped() && v[11].name_shaped());
        assert!(!v[6].name_shaped());
    }

    #[test]
    fn spelled_out_names_become_words() {
        let mut v = Vec::new();
        tokenize("It's P-Y-S-T-O-N, or p-y-p-y. Not C-I, not D-E-A-D-Pendency or 3-D-X.", 0, &mut v);
        let words: Vec<&str> = v.iter().map(|t| &*t.text).collect();
        assert_eq!(words, vec!["It's", "Pyston", "or", "Pypy", "Not", "C-I", "not", "D-E-A-D-Pendency", "or", "3-D-X"]);
        assert!(v[1].capitalised() && v[1].lower == "pyston" && v[1].break_after);
    }

    #[test]
    fn spoken_joiners_become_the_written_name() {
        let stop = |w: &str| matches!(w, "the" | "say" | "and");
        let mut v = Vec::new();
        tokenize("Try FastAPI dash chameleon and time underscore ns.", 0, &mut v);
        let first = v.len();
        tokenize("Run python dash m, say dash dash help, the dash character. pytest dash xdist dash plugin", 1, &mut v);
        join_spoken_joiners(&mut v, 0, stop);
        let words: Vec<&str> = v.iter().map(|t| &*t.text).collect();
        assert_eq!(
            words,
            vec![
                "Try",
                "FastAPI-chameleon",
                "and",
                "time_ns",
                "Run",
                "python",
                "dash",
                "m",
                "say",
                "dash",
                "dash",
                "help",
                "the",
                "dash",
                "character",
                "pytest-xdist-plugin"
            ]
        );
        assert!(first == 8 && v[1].name_shaped() && v[1].lower == "fastapi-chameleon" && v[1].cue == 0);
        assert!(v[3].break_after && v[15].break_after && v[15].cue == 1);
    }
}
