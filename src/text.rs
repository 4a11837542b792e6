//! Small text utilities shared by the parsers: decoding bytes, timestamps, dates,
//! spoken numbers.

use std::borrow::Cow;

/// How a file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-16 with a byte-order mark (what some Windows tools save "Unicode" text as).
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8; decoded as Windows-1252 (a superset of printable Latin-1).
    Windows1252,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("file is empty; it is skipped (delete it, or fill it in)")]
    Empty,
    #[error(
        "file looks binary (NUL byte at offset {0}), not a text transcript; it is skipped (export the transcript as text, or move this file out of the content folder)"
    )]
    Binary(usize),
    #[error("file looks like UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM)")]
    Utf16WithoutBom,
}

/// A decoded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// Control characters removed (NUL, escape, bell, ...), and the line of the first.
    pub controls_removed: usize,
    pub first_control_line: Option<usize>,
}

/// How much of a file is looked at to tell text from binary.
pub const SNIFF: usize = 8192;

/// Tells binary from text by a file's first bytes (its first [`SNIFF`] or more): a NUL
/// byte in them, unless the file is UTF-16 with a byte-order mark.
pub fn sniff(head: &[u8]) -> Result<(), DecodeError> {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Ok(());
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let head = &head[..head.len().min(SNIFF)];
    match head.iter().position(|&b| b == 0) {
        None => Ok(()),
        Some(_) if looks_utf16(head) => Err(DecodeError::Utf16WithoutBom),
        Some(pos) => Err(DecodeError::Binary(pos)),
    }
}

/// Bytes -> text: strips a UTF-8 BOM, decodes UTF-16 with a BOM, normalises CRLF and lone
/// CR to LF, removes control characters (other than tab and newline), and falls back to
/// Windows-1252 for files that are not UTF-8 (old Latin-1 exports).
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    decode_file(bytes).map(|d| (d.text, d.encoding))
}

/// [`decode`], also saying how many control characters were removed and where.
pub fn decode_file(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let utf16 = if bytes.starts_with(b"\xFF\xFE") {
        Some((encoding_rs::UTF_16LE, Encoding::Utf16Le))
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some((encoding_rs::UTF_16BE, Encoding::Utf16Be))
    } else {
        None
    };
    let (text, enc) = if let Some((codec, enc)) = utf16 {
        let (s, _) = codec.decode_with_bom_removal(bytes);
        (s, enc)
    } else {
        sniff(bytes)?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
            Err(_) => {
                let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                (s, Encoding::Windows1252)
            }
        }
    };
    let text = if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")) } else { text };
    let (controls_removed, first_control_line) = match text.char_indices().find(|(_, c)| is_stray_control(*c)) {
        None => (0, None),
        Some((at, _)) => {
            (text.chars().filter(|c| is_stray_control(*c)).count(), Some(text[..at].matches('\n').count() + 1))
        }
    };
    let text = if controls_removed > 0 { strip_controls(&text).into_owned() } else { text.into_owned() };
    if text.chars().all(char::is_whitespace) {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding: enc, controls_removed, first_control_line })
}

/// ASCII text saved as UTF-16 without a BOM: NULs in every other byte.
fn looks_utf16(head: &[u8]) -> bool {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return false;
    }
    let zero_at = |parity: usize| head.chunks_exact(2).filter(|p| p[parity] == 0 && p[1 - parity] != 0).count();
    zero_at(0).max(zero_at(1)) * 10 >= pairs * 9
}

/// A control character that has no place in text: everything in Unicode's `Cc` category
/// but tab and newline.
pub fn is_stray_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Removes control characters (see [`is_stray_control`]) from text that may have come
/// from anywhere: file names, escapes in TOML or YAML strings.
pub fn strip_controls(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_stray_control) {
        Cow::Owned(s.chars().filter(|c| !is_stray_control(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// [`strip_controls`] in place.
pub fn strip_controls_in(s: &mut String) {
    if s.chars().any(is_stray_control) {
        s.retain(|c| !is_stray_control(c));
    }
}

/// Decodes HTML entities (`&amp;`, `&#39;`) that scraped transcripts carry.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if s.contains('&') {
        html_escape::decode_html_entities(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// Parses `H:MM:SS`, `HH:MM:SS`, `MM:SS` (optionally with `.mmm` / `,mmm` fractions)
/// into whole seconds. Returns `None` for anything out of range (`00:75:00`).
pub fn parse_timestamp(s: &str) -> Option<u32> {
    let s = s.trim();
    let main = s.split(['.', ',']).next()?;
    if s.len() > main.len() {
        let frac = &s[main.len() + 1..];
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let parts: Vec<&str> = main.split(':').collect();
    let num = |p: &str, max_len: usize| -> Option<u32> {
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            p.parse().ok()
        }
    };
    let (h, m, sec) = match parts.as_slice() {
        [m, s] => (0, num(m, 3)?, num(s, 2)?),
        [h, m, s] => (num(h, 3)?, num(m, 2)?, num(s, 2)?),
        _ => return None,
    };
    if sec > 59 || (parts.len() == 3 && m > 59) || (parts[1].len() != 2) || parts.last()?.len() != 2 {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

/// Seconds -> `HH:MM:SS`.
pub fn format_timestamp(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    format!("{h:02}:{m:02}:{s:02}")
}

/// Seconds -> `1 h 05 min` / `36 min`, for people.
pub fn format_duration(secs: u32) -> String {
    let mins = (secs + 30) / 60;
    if mins >= 60 {
        format!("{} h {:02} min", mins / 60, mins % 60)
    } else {
        format!("{mins} min")
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `"Sept"`, `"august"`, `"Aug."` -> 8.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|m| *m == w || (w.len() == 3 && m.starts_with(&w))).map(|i| i as u32 + 1)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Builds an ISO date, checking that the day exists.
pub fn iso_date(year: u32, month: u32, day: u32) -> Option<String> {
    if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// Accepts `YYYY-MM-DD` (what front matter holds) and returns it normalised.
pub fn parse_iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let date = s.get(..10)?;
    let mut it = date.split('-');
    let (y, m, d) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
    if it.next().is_some() {
        return None;
    }
    iso_date(y, m, d)
}

/// Days from 1970-01-01 to an ISO `YYYY-MM-DD` date (Howard Hinnant's days_from_civil).
pub fn days_since_epoch(date: &str) -> Option<i64> {
    let mut it = date.get(..10)?.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    Some(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
}

/// Finds the first date written in words in `s`: "May 3 2022", "September 12th 2018",
/// "Wednesday, May 12, 2021", "Aug 27, 2020", "12 March 2019".
pub fn find_date(s: &str) -> Option<(usize, String)> {
    let words: Vec<(usize, &str)> = word_spans(s);
    for i in 0..words.len() {
        let Some(month) = month_number(words[i].1) else { continue };
        // Month Day Year
        if i + 2 < words.len() {
            if let (Some(day), Some(year)) = (day_number(words[i + 1].1), year_number(words[i + 2].1)) {
                if let Some(d) = iso_date(year, month, day) {
                    return Some((words[i].0, d));
                }
            }
        }
        // Day Month Year
        if i >= 1 && i + 1 < words.len() {
            if let (Some(day), Some(year)) = (day_number(words[i - 1].1), year_number(words[i + 1].1)) {
                if let Some(d) = iso_date(year, month, day) {
                    return Some((words[i - 1].0, d));
                }
            }
        }
    }
    None
}

fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            out.push((st, &s[st..i]));
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

fn day_number(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..].to_ascii_lowercase();
    if !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok()
}

fn year_number(w: &str) -> Option<u32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        w.parse().ok()
    } else {
        None
    }
}

/// Parses a spoken number at the start of `words`: "217", "ninety five", "one hundred
/// and twelve", "two fifty". Returns the value and how many words it used.
pub fn spoken_number(words: &[&str]) -> Option<(u32, usize)> {
    let first = words.first()?.trim_end_matches(['.', ',', '?', '!']);
    if !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) {
        return first.parse().ok().map(|n| (n, 1));
    }
    let unit = |w: &str| -> Option<u32> {
        Some(match w {
            "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            _ => return None,
        })
    };
    let teen = |w: &str| -> Option<u32> {
        Some(match w {
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            "thirteen" => 13,
            "fourteen" => 14,
            "fifteen" => 15,
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            _ => return None,
        })
    };
    let tens = |w: &str| -> Option<u32> {
        Some(match w {
            "twenty" => 20,
            "thirty" => 30,
            "forty" => 40,
            "fifty" => 50,
            "sixty" => 60,
            "seventy" => 70,
            "eighty" => 80,
            "ninety" => 90,
            _ => return None,
        })
    };
    let norm: Vec<String> =
        words.iter().take(6).map(|w| w.trim_end_matches(['.', ',', '?', '!']).to_ascii_lowercase()).collect();
    // Parses a number below 100 at position i.
    let below_100 = |i: usize| -> Option<(u32, usize)> {
        let w = norm.get(i)?;
        if let Some(t) = teen(w) {
            return Some((t, 1));
        }
        if let Some(u) = unit(w) {
            return Some((u, 1));
        }
        let parts: Vec<&str> = w.split('-').collect();
        if parts.len() == 2 {
            if let (Some(t), Some(u)) = (tens(parts[0]), unit(parts[1])) {
                return Some((t + u, 1));
            }
        }
        let t = tens(w)?;
        match norm.get(i + 1).and_then(|n| unit(n)) {
            Some(u) => Some((t + u, 2)),
            None => Some((t, 1)),
        }
    };
    if norm.first().map(String::as_str) == Some("zero") {
        return Some((0, 1));
    }
    let (first_val, used) = below_100(0)?;
    let mut i = used;
    if norm.get(i).map(String::as_str) == Some("hundred") && first_val < 10 {
        let mut total = first_val * 100;
        i += 1;
        if norm.get(i).map(String::as_str) == Some("and") {
            i += 1;
        }
        if let Some((rest, u)) = below_100(i) {
            total += rest;
            i += u;
        } else if norm.get(i - 1).map(String::as_str) == Some("and") {
            i -= 1;
        }
        return Some((total, i));
    }
    // "two fifty" = 250, "two seventeen" = 217
    if first_val < 10 && used == 1 {
        if let Some((rest, u)) = below_100(i) {
            if rest >= 10 {
                return Some((first_val * 100 + rest, i + u));
            }
        }
    }
    Some((first_val, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("00:01:20"), Some(80));
        assert_eq!(parse_timestamp("1:00:00"), Some(3600));
        assert_eq!(parse_timestamp("38:20"), Some(2300));
        assert_eq!(parse_timestamp("01:07:19.21"), Some(4039));
        assert_eq!(parse_timestamp("00:00:05,280"), Some(5));
        assert_eq!(parse_timestamp("00:75:00"), None);
        assert_eq!(parse_timestamp("12:7"), None);
        assert_eq!(parse_timestamp("ab:cd"), None);
        assert_eq!(format_timestamp(4039), "01:07:19");
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(find_date("Recorded may 3 2022. I'm").map(|d| d.1), Some("2022-05-03".into()));
        assert_eq!(find_date("recorded September 12th 2018.").map(|d| d.1), Some("2018-09-12".into()));
        assert_eq!(find_date("what is it, January 19, 2021.").map(|d| d.1), Some("2021-01-19".into()));
        assert_eq!(find_date("Recorded on Thursday, Aug 27, 2020.").map(|d| d.1), Some("2020-08-27".into()));
        assert_eq!(find_date("on 12 March 2019").map(|d| d.1), Some("2019-03-12".into()));
        assert_eq!(find_date("February 30, 2021"), None);
        assert_eq!(find_date("may I say 3 things"), None);
    }

    #[test]
    fn spoken_numbers() {
        let n = |s: &str| spoken_number(&s.split_whitespace().collect::<Vec<_>>()).map(|x| x.0);
        assert_eq!(n("217, recorded"), Some(217));
        assert_eq!(n("one recorded"), Some(1));
        assert_eq!(n("ninety five"), Some(95));
        assert_eq!(n("one hundred and twelve"), Some(112));
        assert_eq!(n("two fifty"), Some(250));
        assert_eq!(n("twenty-three"), Some(23));
        assert_eq!(n("hello"), None);
    }

    #[test]
    fn decoding() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi\r\nthere").unwrap(), ("hi\nthere".to_string(), Encoding::Utf8));
        assert_eq!(decode(b"caf\xe9").unwrap(), ("café".to_string(), Encoding::Windows1252));
        assert_eq!(decode(b"  \n"), Err(DecodeError::Empty));
        assert!(matches!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::Binary(4))));
        let utf16le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain("00:00:01 h\u{e9}llo\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16le).unwrap(), ("00:00:01 h\u{e9}llo\n".to_string(), Encoding::Utf16Le));
        let utf16be: Vec<u8> =
            b"\xFE\xFF".iter().copied().chain("hi \u{1F600}".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&utf16be).unwrap(), ("hi \u{1F600}".to_string(), Encoding::Utf16Be));
        let no_bom: Vec<u8> = "00:00:01 hello there".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&no_bom), Err(DecodeError::Utf16WithoutBom));
        // A NUL past the sniffed head, and other controls, are removed and counted.
        let mut late_nul = "00:00:01 a\n".repeat(1000).into_bytes();
        late_nul.extend_from_slice(b"00:00:02 b\x00c\x1b[31m\x07\tok\n");
        let d = decode_file(&late_nul).unwrap();
        assert!(d.text.ends_with("00:00:02 bc[31m\tok\n"), "{:?}", &d.text[d.text.len() - 30..]);
        assert_eq!((d.controls_removed, d.first_control_line), (3, Some(1001)));
        assert_eq!(strip_controls("a\u{85}b\u{7f}c\n"), "abc\n");
        assert_eq!(decode_entities("A &amp; B"), "A & B");
    }
}
