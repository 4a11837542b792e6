//! Tokenising transcript text for topic extraction. One pass over each cue; tokens keep
//! their original spelling (casing is a signal) and where they were said.

/// A word of the transcript.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Lowercased; borrowed when the word has no capitals (most words).
    pub lower: std::borrow::Cow<'a, str>,
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
        let t = self.text;
        let inner_upper = t.chars().skip(1).any(char::is_uppercase) && t.chars().any(char::is_lowercase);
        let joined = t.contains(['.', '-', '_']) && t.len() > 3;
        inner_upper || joined
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
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
        let c = text[i..].chars().next().unwrap();
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
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut j = i;
        loop {
            while j < n {
                let ch = text[j..].chars().next().unwrap();
                if is_word_char(ch) {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            // A joiner followed by a word character continues the token.
            if j + 1 < n && matches!(bytes[j], b'.' | b'-' | b'_' | b'\'' | b'+') {
                let next = text[j + 1..].chars().next().unwrap();
                if is_word_char(next) {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        while j < n
            && matches!(bytes[j], b'+' | b'#')
            && (j + 1 == n || !is_word_char(text[j + 1..].chars().next().unwrap()))
        {
            j += 1;
        }
        let word = &text[start..j];
        let lower = if word.chars().any(char::is_uppercase) {
            std::borrow::Cow::Owned(word.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(word)
        };
        out.push(Token { text: word, lower, cue, sentence_start, break_after: false });
        sentence_start = false;
        i = j;
    }
    if let Some(last) = out.last_mut() {
        if last.cue == cue {
            last.break_after = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_whole() {
        let mut v = Vec::new();
        tokenize("So, um, pi script. Use py-spy with pyproject.toml and C++ in CuPy, it's fine.", 3, &mut v);
        let words: Vec<&str> = v.iter().map(|t| t.text).collect();
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
}
