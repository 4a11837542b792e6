//! The rules about the sources (transcripts and show notes) that `build` and `check`
//! both apply, so the two report the same problems with the same severity: cues whose
//! time goes backwards, cues with no text, speaker labels that name no known host or
//! guest, malformed show-notes links. None of them skips a file, so all are warnings
//! (an error means a file was skipped). `check` adds what needs the built site.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::extract::site::ParsedEpisode;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::path::Path;

/// Problems of one kind reported per file before a summary line.
const MAX_PER_FILE: usize = 10;

/// Cues from which a full-name speaker label nobody introduced is taken for a guest.
const GUEST_CUES: usize = 3;

/// The rules both commands apply to each episode's transcript and show notes. Paths are
/// relative to `content`, like every diagnostic of a content file until the build names
/// them from the site root.
pub fn inspect_sources(episodes: &[ParsedEpisode], content: &Path, config: &Config) -> Vec<Diagnostic> {
    episodes
        .par_iter()
        .flat_map_iter(|p| {
            let mut d = Diagnostics::default();
            if let Some(t) = &p.transcript {
                transcript_problems(p, t, config, &mut d);
            }
            if let Some(n) = &p.notes {
                notes_links(n, content, &mut d);
            }
            d.0
        })
        .collect()
}

fn transcript_problems(p: &ParsedEpisode, t: &crate::model::Transcript, config: &Config, d: &mut Diagnostics) {
    let path = &t.path;
    // Out of order: a cue that starts before one above it.
    let mut latest: Option<&crate::model::Cue> = None;
    let mut reported = 0usize;
    let mut more = 0usize;
    for c in &t.cues {
        match latest {
            Some(l) if c.start < l.start => {
                if reported < MAX_PER_FILE {
                    d.warn(
                        path,
                        Some(c.line),
                        format!(
                            "timestamp goes backwards: this cue starts at {}, before the cue on line {} ({}); a typo in a time, or two transcripts in one file? The cues are kept as they are",
                            crate::text::format_timestamp(c.start),
                            l.line,
                            crate::text::format_timestamp(l.start)
                        ),
                    );
                    reported += 1;
                } else {
                    more += 1;
                }
            }
            Some(l) if l.start >= c.start => {}
            _ => latest = Some(c),
        }
    }
    if more > 0 {
        d.warn(path, None, format!("{more} more timestamps go backwards (the first {MAX_PER_FILE} are listed above)"));
    }
    for (i, &line) in t.empty_cues.iter().enumerate() {
        if i == MAX_PER_FILE {
            d.warn(
                path,
                None,
                format!(
                    "{} more cues with no text (the first {MAX_PER_FILE} are listed above)",
                    t.empty_cues.len() - MAX_PER_FILE
                ),
            );
            break;
        }
        d.warn(
            path,
            Some(line),
            "cue with a timestamp but no text: it is left out of the site (write its text, or delete the timestamp)",
        );
    }
    speaker_labels(p, t, config, d);
}

/// Speaker labels: each must name a host (shownotes.toml), a host or guest of the
/// episode's front matter, or someone introduced in the episode ("I'm joined by ...").
fn speaker_labels(p: &ParsedEpisode, t: &crate::model::Transcript, config: &Config, d: &mut Diagnostics) {
    // A transcript without labels has nothing to check (and its introductions are not
    // read for it: that read is a few percent of a rebuild).
    if t.cues.iter().all(|c| c.speaker.is_none()) {
        return;
    }
    let path = &t.path;
    let mut known: Vec<String> = config.hosts.clone();
    if let Some(n) = &p.notes {
        known.extend(n.front.hosts.iter().cloned());
        known.extend(n.front.guests.iter().cloned());
    }
    known.extend(crate::metadata::introduced_names(&t.cues, &config.title));
    // Each name once, as first written: a host may also be introduced in the episode.
    let mut names: FxHashSet<String> = FxHashSet::default();
    known.retain(|k| names.insert(k.to_lowercase()));
    if known.is_empty() {
        return; // nothing to tell a label from a typo by
    }
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    for c in &t.cues {
        let Some(s) = c.speaker.as_deref() else { continue };
        if !seen.insert(s) {
            continue;
        }
        let matches = crate::metadata::canonical_host(s, &known).is_some()
            || known.iter().any(|k| k.split_whitespace().any(|w| w.eq_ignore_ascii_case(s)));
        if matches {
            continue;
        }
        let count = t.cues.iter().filter(|x| x.speaker.as_deref() == Some(s)).count();
        if taken_for_guest(s, count, &known) {
            continue;
        }
        d.warn(
            path,
            Some(c.line),
            format!(
                "unknown speaker label `{s}` ({count} cue{}): not a host in shownotes.toml, a host or guest in the episode's front matter, nor anyone introduced in it (known: {}); correct the label, or add the name to `hosts` in shownotes.toml or to `guests` in the episode's front matter",
                if count == 1 { "" } else { "s" },
                known.join(", ")
            ),
        );
    }
}

/// A full name that speaks often is a guest introduced in words the metadata does not
/// read ("joining me today is none other than ..."); a single word, a rare label or one
/// a letter or two from a known name (four fifths the same) is more likely a typo.
fn taken_for_guest(label: &str, cues: usize, known: &[String]) -> bool {
    let near_known =
        known.iter().any(|k| strsim::normalized_damerau_levenshtein(&k.to_lowercase(), &label.to_lowercase()) >= 0.8);
    label.split_whitespace().count() >= 2 && cues >= GUEST_CUES && !near_known
}

/// Malformed links in one show-notes file: an empty target, a URL that does not parse,
/// a web address without `https://` (which would be a relative link), a reference link
/// with no definition, `[text] (url)` with a space.
fn notes_links(notes: &crate::notes::ShowNotes, content: &Path, d: &mut Diagnostics) {
    if let Some(kept) = &notes.link_warnings {
        d.0.extend(kept.iter().cloned());
        return;
    }
    let Ok(bytes) = std::fs::read(content.join(&notes.path)) else { return };
    d.0.extend(notes_link_warnings(&notes.path, &bytes));
}

/// What [`inspect_sources`] says about the links of show notes `rel` holding `bytes`:
/// malformed targets, references with no definition, `[text] (url)` with a space.
pub fn notes_link_warnings(rel: &Path, bytes: &[u8]) -> Vec<crate::diagnostics::Diagnostic> {
    let mut d = Diagnostics::default();
    notes_links_of(rel, bytes, &mut d);
    d.0
}

fn notes_links_of(rel: &Path, bytes: &[u8], d: &mut Diagnostics) {
    let Ok(text) = crate::text::decode(bytes).map(|(t, _)| t) else { return };
    let (body, offset) = crate::notes::body_of(&text);
    let line_at = |at: usize| crate::config::line_of(&text, offset + at);
    let mut broken: Vec<(usize, String)> = Vec::new();
    let mut cb = |b: pulldown_cmark::BrokenLink| {
        broken.push((b.span.start, b.reference.to_string()));
        None
    };
    let parser =
        pulldown_cmark::Parser::new_with_broken_link_callback(body, crate::notes::markdown_options(), Some(&mut cb));
    for (ev, range) in parser.into_offset_iter() {
        let url = match &ev {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. })
            | pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        if let Some(why) = malformed(&url) {
            d.warn(
                rel,
                Some(line_at(range.start)),
                format!("malformed link `{}`: {why}", crate::text::strip_controls(&url)),
            );
        }
    }
    for (at, reference) in broken {
        // `[x]` alone is ordinary text; a reference that looks like one is a mistake.
        if reference.is_empty() || reference.contains(' ') && !reference.contains("://") {
            continue;
        }
        d.warn(
            rel,
            Some(line_at(at)),
            format!("link `[{reference}]` has no definition (`[{reference}]: https://...`)"),
        );
    }
    static SPACED: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\[[^\]\n]+\] \((?:https?://|www\.)[^)\s]*\)").unwrap());
    for m in SPACED.find_iter(body) {
        d.warn(
            rel,
            Some(line_at(m.start())),
            format!("`{}` is not a link: remove the space between `]` and `(`", m.as_str()),
        );
    }
}

/// Why a show-notes link target is malformed, if it is.
pub fn malformed(url: &str) -> Option<String> {
    let u = url.trim();
    if u.is_empty() {
        return Some("the link has no target".into());
    }
    if u.starts_with('#') || u.starts_with('/') || u.starts_with("./") || u.starts_with("../") {
        return None; // relative: checked as an internal link once built
    }
    match crate::sanitize::scheme(u) {
        Some(s) if s == "http" || s == "https" => match url::Url::parse(u) {
            Err(e) => Some(format!("not a valid URL ({e})")),
            Ok(parsed) if parsed.host_str().is_none_or(|h| !h.contains('.') && h != "localhost") => {
                Some("the address has no domain".into())
            }
            Ok(_) if u.contains(' ') => Some("it contains a space (write %20)".into()),
            Ok(_) => None,
        },
        Some(s) if s == "mailto" => (!u.contains('@')).then(|| "a mailto: link needs an address".into()),
        Some(_) => None, // other schemes are dropped with a warning by the build
        None => {
            let first = u.split(['/', '?', '#']).next().unwrap_or("");
            let domain_like = first.starts_with("www.")
                || (first.contains('.')
                    && first.rsplit('.').next().is_some_and(|tld| {
                        ["com", "org", "net", "io", "dev", "fm", "co", "app", "ai", "me", "edu", "gov", "info", "tv"]
                            .contains(&tld)
                    }));
            if domain_like {
                Some(format!("a web address without `https://` is a relative link; write `https://{u}`"))
            } else if u.contains(' ') {
                Some("it contains a space (write %20)".into())
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guests_and_typos() {
        let known = vec!["Michael Kennedy".to_string()];
        assert!(taken_for_guest("Marty Schoch", 12, &known));
        assert!(!taken_for_guest("Marty Schoch", 2, &known), "rare");
        assert!(!taken_for_guest("Zorro", 12, &known), "one word");
        assert!(!taken_for_guest("Micheal Kenedy", 12, &known), "a typo of a known name");
    }

    #[test]
    fn malformed_links() {
        assert_eq!(malformed("https://example.com/a"), None);
        assert_eq!(malformed("/episodes/x/"), None);
        assert_eq!(malformed("#t-80"), None);
        assert!(malformed("").unwrap().contains("no target"));
        assert!(malformed("www.example.com/x").unwrap().contains("https://www.example.com/x"));
        assert!(malformed("github.com/x/y").unwrap().contains("without `https://`"));
        assert!(malformed("https://exa mple.com").is_some());
        assert!(malformed("https:/example").is_some());
        assert!(malformed("mailto:nobody").is_some());
    }
}
