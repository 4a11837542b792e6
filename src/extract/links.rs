//! Links spoken or written in a transcript: full URLs and spoken web addresses
//! (`pythonbytes.fm/datadog`, `readme.so`), always emitted as `https://` links.

use crate::model::{Cue, Link};
use regex::Regex;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// Top-level domains a spoken address may end in. File extensions that look like TLDs
/// (`.py`, `.md`, `.toml`) are left out on purpose: "setup.py" is not a web address.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:https?://)?\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|org|net|io|fm|dev|so|ai|app|co|me|sh|tv|ly|gg|xyz|info|edu|gov|us|uk|de|ca|page|site|tech|cloud|codes|news|blog|live|to)\b(?:/[\w\-./~%#?=&+:@]*)?").unwrap()
});

/// Links in the transcript, first mention of each URL only, with the time it was said.
pub fn transcript_links(cues: &[Cue]) -> Vec<Link> {
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    for c in cues {
        if !c.text.contains('.') {
            continue;
        }
        for m in ADDRESS.find_iter(&c.text) {
            if c.text[..m.start()].ends_with(['@', '.', '/']) {
                continue; // an e-mail address or part of something longer
            }
            let raw = m.as_str().trim_end_matches(['.', ',', ':', ';', '?', '!', ')', '/']);
            let Some(url) = normalise(raw) else { continue };
            if seen.insert(url.clone()) {
                out.push(Link { url, text: raw.to_string(), start: Some(c.start), topic: None });
            }
        }
    }
    out
}

/// `PythonBytes.fm/datadog` -> `https://pythonbytes.fm/datadog`. Hosts are lowercased,
/// paths kept as spoken.
pub fn normalise(raw: &str) -> Option<String> {
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
        .or_else(|| raw.strip_prefix("HTTPS://"))
        .unwrap_or(raw);
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").map(|h| format!("www.{h}")).unwrap_or(host);
    if !host.contains('.') || host.starts_with('.') {
        return None;
    }
    Some(format!("https://{host}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_addresses() {
        let cues = vec![
            Cue {
                start: 14,
                speaker: None,
                text: "tell them thank you, pythonbytes.fm/datadog. Also readme.so is neat".into(),
                line: 1,
            },
            Cue {
                start: 20,
                speaker: None,
                text: "edit setup.py and pyproject.toml, see https://github.com/bloomberg/memray. Mail me@example.com"
                    .into(),
                line: 2,
            },
            Cue { start: 30, speaker: None, text: "again pythonbytes.fm/datadog".into(), line: 3 },
        ];
        let l = transcript_links(&cues);
        let urls: Vec<_> = l.iter().map(|l| (l.url.as_str(), l.start)).collect();
        assert_eq!(
            urls,
            vec![
                ("https://pythonbytes.fm/datadog", Some(14)),
                ("https://readme.so", Some(14)),
                ("https://github.com/bloomberg/memray", Some(20))
            ]
        );
    }
}
