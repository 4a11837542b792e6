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

/// Top-level domains that code and misheard names rarely end in. Any other listed TLD
/// (`.io`, `.info`, `.ai`, `.so`, ...) is also a file extension, an attribute or a
/// mishearing as often as a site: "logger.info", "flask.io", "creates.io".
const SITE_TLDS: &[&str] = &["com", "org", "net", "edu", "gov", "fm", "us", "uk", "de", "ca"];

/// Whether a spoken address is a plausible web address rather than code or a misheard
/// name. Said with `https://`, `www.` or a path, it is. Otherwise a site TLD
/// ([`SITE_TLDS`]) makes it one; with any other TLD the name before it must be neither an
/// ordinary word (`logger.info`, `creates.io`) nor, joined up, a name the catalogue knows
/// (`async.io` is asyncio).
pub fn plausible_address(raw: &str, is_name: impl Fn(&str) -> bool) -> bool {
    let lower = raw.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    if rest.is_some() || lower.starts_with("www.") {
        return true;
    }
    let (host, path) = lower.split_once('/').unwrap_or((&lower, ""));
    if !path.is_empty() {
        return true;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let [.., name, tld] = labels.as_slice() else { return false };
    if SITE_TLDS.contains(tld) {
        return true;
    }
    !super::lexicon::is_word(name) && !is_name(&format!("{name}{tld}"))
}

/// Links in the transcript outside the cues marked in `exclude` (ad reads), first
/// mention of each URL only, with the time it was said. Spoken addresses must be
/// [`plausible_address`]es; `is_name` says whether a word is a name of the catalogue.
pub fn transcript_links(cues: &[Cue], exclude: &[bool], is_name: impl Fn(&str) -> bool) -> Vec<Link> {
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    for (i, c) in cues.iter().enumerate() {
        if !c.text.contains('.') || exclude.get(i).copied().unwrap_or(false) {
            continue;
        }
        for m in ADDRESS.find_iter(&c.text) {
            if c.text[..m.start()].ends_with(['@', '.', '/']) {
                continue; // an e-mail address or part of something longer
            }
            let raw = m.as_str().trim_end_matches(['.', ',', ':', ';', '?', '!', ')', '/']);
            if !plausible_address(raw, &is_name) {
                continue;
            }
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
                estimated: false,
            },
            Cue {
                start: 20,
                speaker: None,
                text: "edit setup.py and pyproject.toml, see https://github.com/bloomberg/memray. Mail me@example.com"
                    .into(),
                line: 2,
                estimated: false,
            },
            Cue { start: 30, speaker: None, text: "again pythonbytes.fm/datadog".into(), line: 3, estimated: false },
            Cue { start: 40, speaker: None, text: "ad: go to example.com/offer".into(), line: 4, estimated: false },
        ];
        let l = transcript_links(&cues, &[false, false, false, true], |_| false);
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

    #[test]
    fn code_and_misheard_names_are_not_addresses() {
        let is_name = |w: &str| w == "asyncio";
        for code in ["logger.info", "flask.io", "creates.io", "self.logger.info", "async.io"] {
            assert!(!plausible_address(code, is_name), "{code}");
        }
        for site in [
            "readme.so",
            "python.org",
            "talkpython.fm",
            "docs.python.org",
            "h2o.ai",
            "www.flask.io",
            "https://flask.io",
            "crates.io/crates/serde",
        ] {
            assert!(plausible_address(site, is_name), "{site}");
        }
        let cues = Cue::every(10, &["Call logger.info here, or see flask.io and creates.io; readme.so is real"]);
        let urls: Vec<String> = transcript_links(&cues, &[], is_name).into_iter().map(|l| l.url).collect();
        assert_eq!(urls, vec!["https://readme.so"]);
    }
}
