//! Safe HTML and URLs. Show notes may be pasted from anywhere or come from guests, so
//! what they say reaches a page only as inert markup: their HTML goes through ammonia
//! (a whitelist sanitizer built on the browsers' own HTML parser), and every URL the
//! site writes into `href` or `src` is http, https, mailto or relative.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The URL schemes a link or image may use.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The scheme of `url` as a browser reads it (it ignores leading spaces and control
/// characters, and tabs and newlines anywhere: `java\tscript:` is `javascript:`),
/// lowercased; `None` for a relative URL.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|c| !matches!(c, '/' | '?' | '#'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Not a scheme ("a:b" with odd characters): browsers read it as a relative path,
    // but nothing good comes of such a URL, so it is refused like an unknown scheme.
    Some(if valid { scheme.to_ascii_lowercase() } else { String::new() })
}

/// True when `url` may be written into `href`/`src`: http, https, mailto or relative.
pub fn is_safe_url(url: &str) -> bool {
    match scheme(url) {
        None => !url.chars().any(crate::text::is_stray_control),
        Some(s) => SAFE_SCHEMES.contains(&s.as_str()),
    }
}

/// What every id in show notes starts with, so that none can take the page's own
/// (a transcript cue's `t-10`, the template's `player`): links point at the first
/// element with an id, which would then be the notes'.
pub const NOTES_ID_PREFIX: &str = "notes-";

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(SAFE_SCHEMES.iter().copied().collect::<HashSet<_>>())
        // Classes only style (footnotes, code languages); ids are the footnotes' targets,
        // prefixed (and the notes' links to them with them, in `clean_html`).
        .add_generic_attributes(["class", "id"])
        .id_prefix(Some(NOTES_ID_PREFIX))
        // Task lists and table column alignment, as pulldown-cmark writes them.
        .add_tags(["input"])
        .add_tag_attributes("input", ["checked", "disabled"])
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("input", "disabled", "")
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect());
    b
});

static TAG: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\x22']|\x22[^\x22]*\x22|'[^']*')*)>").unwrap()
});
static ATTR: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#).unwrap()
});

/// What [`clean_html`] will take out of a piece of raw HTML, for telling the podcaster:
/// `<script>`, `onerror=`, `href=javascript:...`. A quick look, not a parser: ammonia
/// does the real work either way.
pub fn removed_html(raw: &str) -> Vec<String> {
    let tags = CLEANER.clone_tags();
    let mut out = Vec::new();
    for t in TAG.captures_iter(raw) {
        let name = t[1].to_ascii_lowercase();
        if !tags.contains(name.as_str()) {
            out.push(format!("<{name}>"));
            continue;
        }
        for a in ATTR.captures_iter(&t[2]) {
            let attr = a[1].to_ascii_lowercase();
            let value = a.get(2).or(a.get(3)).or(a.get(4)).map_or("", |m| m.as_str());
            let value = html_escape::decode_html_entities(value);
            if attr.starts_with("on") || attr == "style" {
                out.push(format!("{attr}="));
            } else if matches!(attr.as_str(), "href" | "src" | "action" | "formaction" | "srcset")
                && !is_safe_url(&value)
            {
                out.push(format!("{attr}={}", scheme(&value).unwrap_or_default()));
            }
        }
    }
    out
}

/// Show-notes HTML with everything that could run or load something removed: scripts,
/// styles, iframes, forms, event handlers, and URLs other than http, https, mailto and
/// relative ones. Formatting, tables, lists, code, links and images stay.
pub fn clean_html(html: &str) -> String {
    let clean = CLEANER.clean(html).to_string();
    let clean = crate::text::strip_controls(&clean);
    follow_prefixed_ids(&clean).unwrap_or_else(|| clean.into_owned())
}

/// ammonia writes attributes one way (` id="..."`, ` href="..."`), so these find them all.
static ID_ATTR: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r#" id="([^"]*)""#).unwrap());
static FRAGMENT_LINK: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r##" href="#([^"]*)""##).unwrap());

/// Cleaned notes whose links to their own ids (`#1`, a footnote) follow the ids'
/// prefix (`#notes-1`); `None` when nothing changes. A link to an id the notes do not
/// have (`#t-80`, a moment of the transcript) is left alone.
fn follow_prefixed_ids(clean: &str) -> Option<String> {
    if !clean.contains(" id=\"") {
        return None;
    }
    let ids: HashSet<&str> = ID_ATTR.captures_iter(clean).filter_map(|c| c.get(1)).map(|m| m.as_str()).collect();
    let out = FRAGMENT_LINK.replace_all(clean, |c: &regex::Captures| {
        let target = &c[1];
        let prefixed = format!("{NOTES_ID_PREFIX}{target}");
        if ids.contains(prefixed.as_str()) && !ids.contains(target) {
            format!(" href=\"#{prefixed}\"")
        } else {
            c[0].to_string()
        }
    });
    Some(out.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://example.com/x",
            "HTTP://EXAMPLE.COM",
            "mailto:me@example.com",
            "/about/",
            "page.html",
            "#t-80",
            "//cdn.example.com/a.mp3",
            "?q=a:b",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "a b:c",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn what_is_removed_is_named() {
        assert_eq!(
            removed_html(r#"<img src="x.png" onerror='alert(1)'><a href=" javascript:x">a</a><script>"#),
            vec!["onerror=", "href=javascript", "<script>"]
        );
        assert!(removed_html(r#"<a href="https://ok.example/" title="a > b"><b>ok</b></a>"#).is_empty());
    }

    #[test]
    fn html_is_inert_but_formatting_stays() {
        let dirty = r##"<p><strong>bold</strong> <em>em</em> <a href="https://ok.example/">ok</a>
<a href="javascript:alert(1)">js</a> <img src="https://img.example/x.png" alt="x" onerror="alert(1)">
<script>alert(1)</script><iframe src="https://evil.example/"></iframe>
<a href="data:text/html,hi">data</a> <img src="x" style="position:fixed"></p>
<table><thead><tr><th style="text-align: center">h</th></tr></thead></table>
<ul><li><input disabled="" type="checkbox" checked=""> done</li></ul>
<sup class="footnote-reference"><a href="#1">1</a></sup><div class="footnote-definition" id="1">note</div>"##;
        let clean = clean_html(dirty);
        for gone in ["script", "iframe", "onerror", "javascript", "data:", "position"] {
            assert!(!clean.contains(gone), "{gone} in {clean}");
        }
        for kept in [
            "<strong>bold</strong>",
            "<em>em</em>",
            r#"href="https://ok.example/""#,
            r#"src="https://img.example/x.png""#,
            r#"style="text-align:center""#,
            r#"type="checkbox""#,
            r#"class="footnote-definition" id="notes-1""#,
            r##"<a href="#notes-1" rel="noopener noreferrer">1</a>"##,
        ] {
            assert!(clean.contains(kept), "{kept} missing in {clean}");
        }
    }
}
