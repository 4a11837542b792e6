//! Each episode's audio: its front matter's `audio_url`, else the site's pattern
//! (`[podcast] audio_url = "https://cdn.example.com/{number:03}.mp3"`), with the MIME
//! type and, for a file the site itself publishes, its length in bytes (the feed's
//! `enclosure` needs both).

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use std::path::Path;

/// A piece of an audio URL pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// `{number}` or `{number:03}` (zero-padded to the width).
    Number {
        width: usize,
    },
    Slug,
    Date,
}

/// A parsed `audio_url` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern(Vec<Piece>);

impl Pattern {
    /// Parses a pattern; the error says which placeholder is wrong.
    pub fn parse(s: &str) -> Result<Pattern, String> {
        let mut out = Vec::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                out.push(Piece::Text(rest[..open].to_string()));
            }
            let close =
                rest[open..].find('}').ok_or_else(|| format!("`{{` at `{}` is not closed", &rest[open..]))? + open;
            let name = &rest[open + 1..close];
            out.push(match name {
                "number" => Piece::Number { width: 0 },
                "slug" => Piece::Slug,
                "date" => Piece::Date,
                n if n.starts_with("number:") => {
                    let w = &n["number:".len()..];
                    let width = w
                        .strip_prefix('0')
                        .and_then(|d| d.parse::<usize>().ok())
                        .filter(|&d| (1..=9).contains(&d))
                        .ok_or_else(|| format!("`{{{n}}}`: the width is written `{{number:03}}` (0, then 1 to 9)"))?;
                    Piece::Number { width }
                }
                other => {
                    return Err(format!(
                        "unknown placeholder `{{{other}}}` (known: {{number}}, {{number:03}}, {{slug}}, {{date}})"
                    ))
                }
            });
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            return Err(format!("`}}` without `{{` in `{s}`"));
        }
        if !rest.is_empty() {
            out.push(Piece::Text(rest.to_string()));
        }
        Ok(Pattern(out))
    }

    /// The URL for one episode, or the placeholder it lacks.
    pub fn expand(&self, number: Option<u32>, slug: &str, date: Option<&str>) -> Result<String, &'static str> {
        let mut s = String::new();
        for p in &self.0 {
            match p {
                Piece::Text(t) => s.push_str(t),
                Piece::Number { width } => {
                    let n = number.ok_or("{number}")?;
                    s.push_str(&format!("{n:0width$}"));
                }
                Piece::Slug => s.push_str(slug),
                Piece::Date => s.push_str(date.ok_or("{date}")?),
            }
        }
        Ok(s)
    }
}

/// The MIME type of an audio or video file, from its extension.
pub fn mime_of(url: &str) -> Option<&'static str> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    Some(match ext.as_str() {
        "mp3" => "audio/mpeg",
        "m4a" | "aac" => "audio/mp4",
        "mp4" | "m4v" => "video/mp4",
        "ogg" | "oga" => "audio/ogg",
        "opus" => "audio/opus",
        "wav" => "audio/wav",
        "flac" => "audio/flac",
        "webm" => "audio/webm",
        _ => return None,
    })
}

/// True for a URL with a scheme (`https://...`), which is used as written.
pub fn is_absolute(url: &str) -> bool {
    crate::sanitize::scheme(url).is_some()
}

/// Where a site-relative URL (`audio/1.mp3`, `/podcast/audio/1.mp3`) points inside the
/// site: its path from the site root, without query or fragment. `None` for other sites.
pub fn site_path<'a>(url: &'a str, config: &Config) -> Option<&'a str> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    let base = config.base_url_slash();
    if let Some(rest) = url.strip_prefix(base.as_str()).filter(|_| config.has_absolute_base()) {
        return Some(rest);
    }
    if is_absolute(url) || url.starts_with("//") {
        return None;
    }
    match url.strip_prefix('/') {
        Some(abs) => abs.strip_prefix(config.base_path().trim_start_matches('/')),
        None => Some(url),
    }
}

/// An episode's audio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audio {
    /// As written in pages: absolute, or starting with the site's path (`/audio/1.mp3`).
    pub url: String,
    pub mime: Option<String>,
    /// Bytes, when known (front matter, or a file the site publishes).
    pub length: Option<u64>,
}

/// What front matter says about one episode's audio.
pub struct EpisodeAudio<'a> {
    pub url: Option<&'a str>,
    pub mime: Option<&'a str>,
    pub length: Option<u64>,
    pub number: Option<u32>,
    pub slug: &'a str,
    pub date: Option<&'a str>,
}

/// Resolves one episode's audio. `local_size` gives the size of a file the site
/// publishes, by its path from the site root. Problems (the pattern needs a number the
/// episode lacks) are warned against `source`.
pub fn resolve(
    ep: &EpisodeAudio,
    config: &Config,
    pattern: Option<&Pattern>,
    local_size: &dyn Fn(&str) -> Option<u64>,
    source: &Path,
    diags: &mut Diagnostics,
) -> Option<Audio> {
    let raw = match (ep.url, pattern) {
        (Some(u), _) => u.to_string(),
        (None, Some(p)) => match p.expand(ep.number, ep.slug, ep.date) {
            Ok(u) => u,
            Err(missing) => {
                diags.warn(
                    source,
                    None,
                    format!(
                        "no audio: [podcast] audio_url needs {missing}, which this episode lacks (set it, or `audio_url`, in front matter)"
                    ),
                );
                return None;
            }
        },
        (None, None) => return None,
    };
    if !crate::sanitize::is_safe_url(&raw) {
        diags.warn(
            source,
            None,
            format!("audio_url `{}` is not an http, https or relative URL; ignored", crate::text::strip_controls(&raw)),
        );
        return None;
    }
    let inside = site_path(&raw, config).map(str::to_string);
    let url =
        if is_absolute(&raw) || raw.starts_with('/') { raw.clone() } else { format!("{}{raw}", config.base_path()) };
    let length = ep.length.or_else(|| inside.as_deref().and_then(local_size));
    let mime = ep
        .mime
        .map(str::to_string)
        .or_else(|| config.podcast.audio_type.clone())
        .or_else(|| mime_of(&raw).map(str::to_string));
    Some(Audio { url, mime, length })
}

/// An absolute URL for feeds: a site path (`/audio/1.mp3`) joined to `base_url`.
pub fn absolute(url: &str, config: &Config) -> String {
    if is_absolute(url) || !config.has_absolute_base() {
        return url.to_string();
    }
    let base = config.base_url_slash();
    let path = config.base_path();
    match url.strip_prefix(path.as_str()) {
        Some(rest) => format!("{base}{rest}"),
        None => {
            // A root-relative URL outside the site's path: the base URL's origin.
            let origin_end = base.find("://").map(|i| i + 3).and_then(|i| base[i..].find('/').map(|j| i + j));
            format!("{}{url}", &base[..origin_end.unwrap_or(base.len())])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_each_placeholder() {
        let p = Pattern::parse("https://cdn.example.com/{number:03}-{slug}-{date}.mp3").unwrap();
        assert_eq!(
            p.expand(Some(7), "hello", Some("2021-05-12")).unwrap(),
            "https://cdn.example.com/007-hello-2021-05-12.mp3"
        );
        assert_eq!(Pattern::parse("/{number}.mp3").unwrap().expand(Some(1234), "", None).unwrap(), "/1234.mp3");
        assert_eq!(p.expand(None, "x", Some("2021-01-01")), Err("{number}"));
        assert!(Pattern::parse("/{episode}.mp3").unwrap_err().contains("unknown placeholder `{episode}`"));
        assert!(Pattern::parse("/{number:3}.mp3").is_err());
        assert!(Pattern::parse("/{number.mp3").is_err());
    }

    #[test]
    fn site_relative_urls_take_the_site_path() {
        let c = Config { base_url: "https://example.com/pod/".into(), ..Config::default() };
        let none = |_: &str| None;
        let ep = EpisodeAudio {
            url: Some("audio/1.ogg?x=1"),
            mime: None,
            length: None,
            number: None,
            slug: "a",
            date: None,
        };
        let a = resolve(&ep, &c, None, &none, Path::new("x"), &mut Diagnostics::default()).unwrap();
        assert_eq!(a.url, "/pod/audio/1.ogg?x=1");
        assert_eq!(a.mime.as_deref(), Some("audio/ogg"));
        assert_eq!(absolute(&a.url, &c), "https://example.com/pod/audio/1.ogg?x=1");
        assert_eq!(site_path("/pod/audio/1.ogg", &c), Some("audio/1.ogg"));
        assert_eq!(site_path("https://example.com/pod/audio/1.ogg", &c), Some("audio/1.ogg"));
        assert_eq!(site_path("https://cdn.example.com/1.ogg", &c), None);
        assert_eq!(absolute("https://cdn.example.com/1.mp3", &c), "https://cdn.example.com/1.mp3");
        assert_eq!(absolute("/other/1.mp3", &c), "https://example.com/other/1.mp3");
    }
}
