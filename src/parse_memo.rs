//! Parse results kept in the build cache ([`crate::cache`]), keyed by the file's bytes.
//!
//! A rebuild reads every content file again (reading is cheap, and it is the only way
//! to know a file is unchanged: a stat can be fooled, bytes cannot), but parsing show
//! notes is not cheap: markdown rendered, the HTML sanitized (ammonia), the items and
//! links read, and the markdown parsed once more for the link rules ([`crate::rules`]:
//! malformed targets, references with no definition). That work is a function of the
//! file's bytes, its path (named in the warnings) and one setting (`unsafe_html`), so
//! its result, with the warnings it gave, is kept under a hash of exactly those
//! (`notes-` entries) and taken back when they are the same. The front matter is parsed
//! every time (it is small, and what it sets passes through checks of its own).
//!
//! An entry is trusted as every cache entry is (signed with the user's key, from this
//! binary, its own name signed with the rest, bounded), so an entry copied or renamed
//! onto another file's name is not taken for that file; one that does not
//! decode exactly, to its last byte, is not used either: the file is parsed again, as in
//! a clean build, and the entry written anew.

use crate::cache::{Cache, Key, KeyHasher};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::extract::memo::{R, W};
use crate::model::NoteItem;
use crate::notes::{self, Body};
use crate::write::Page;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const NOTES: &str = "notes";
/// The most an entry may hold (bytes): the file itself is bounded by `[limits]
/// file_bytes`, and what it gives is a few times its size at most.
const MAX_ENTRY: u64 = 256 << 20;

/// The build cache, as the reading of content files uses it, with counts for the log.
pub struct ParseMemo<'c> {
    cache: &'c Cache,
    taken: AtomicUsize,
    parsed: AtomicUsize,
}

impl<'c> ParseMemo<'c> {
    pub fn new(cache: &'c Cache) -> Self {
        ParseMemo { cache, taken: AtomicUsize::new(0), parsed: AtomicUsize::new(0) }
    }

    /// (taken from the cache, parsed) show-notes bodies so far.
    pub fn counts(&self) -> (usize, usize) {
        (self.taken.load(Ordering::Relaxed), self.parsed.load(Ordering::Relaxed))
    }

    /// The body of show notes `text` (decoded from `bytes`; the body from byte `body_at`)
    /// at `path`, and what [`crate::rules`] says about its links: from the cache when it
    /// holds them for these bytes, else worked out (and kept). The parse's warnings go
    /// to `diags` either way, the same as a parse gives.
    pub fn body(
        &self,
        path: &Path,
        bytes: &[u8],
        text: &str,
        body_at: usize,
        unsafe_html: bool,
        diags: &mut Diagnostics,
    ) -> (Body, Vec<Diagnostic>) {
        let key = notes_key(path, bytes, body_at, unsafe_html);
        if let Some((body, warnings, links)) =
            self.cache.get(&key, MAX_ENTRY).and_then(|pages| match pages.as_slice() {
                // (One renamed onto another file's name is refused by the cache, which
                // signs each entry's name with the rest.)
                [one] => decode(&one.content, path),
                _ => None,
            })
        {
            self.taken.fetch_add(1, Ordering::Relaxed);
            diags.0.extend(warnings);
            return (body, links);
        }
        let mut own = Diagnostics::default();
        let body = notes::parse_body(path, text, body_at, unsafe_html, &mut own);
        let links = crate::rules::notes_link_warnings(path, bytes);
        let content = encode(&body, &own.0, &links);
        self.cache.put(&key, &[Page { path: PathBuf::from(key.name()), content }], MAX_ENTRY);
        self.parsed.fetch_add(1, Ordering::Relaxed);
        diags.0.extend(own.0);
        (body, links)
    }
}

/// The entry's name: everything the body's parse and the link rules read (the text is
/// decoded from the bytes, and `body_at` found in it).
fn notes_key(path: &Path, bytes: &[u8], body_at: usize, unsafe_html: bool) -> Key {
    KeyHasher::new(NOTES)
        .add(path.as_os_str().as_encoded_bytes())
        .add(&[u8::from(unsafe_html)])
        .add(&(body_at as u64).to_le_bytes())
        .add(bytes)
        .finish(NOTES)
}

fn put_warnings(w: &mut W, warnings: &[Diagnostic]) {
    w.len(warnings.len());
    for d in warnings {
        w.bool(d.line.is_some());
        w.u64(d.line.unwrap_or(0) as u64);
        w.bool(d.severity == Severity::Error);
        w.str(&d.message);
    }
}

fn warnings_of(r: &mut R, path: &Path) -> Option<Vec<Diagnostic>> {
    r.list(|r| {
        let has_line = r.bool()?;
        let line = usize::try_from(r.u64()?).ok()?;
        let error = r.bool()?;
        let message = r.str()?;
        let line = has_line.then_some(line);
        Some(if error { Diagnostic::error(path, line, message) } else { Diagnostic::warning(path, line, message) })
    })
}

fn encode(b: &Body, warnings: &[Diagnostic], links: &[Diagnostic]) -> Vec<u8> {
    let mut w = W(Vec::with_capacity(b.html.len() + 1024));
    w.str(&b.html);
    w.opt_str(&b.heading);
    w.len(b.items.len());
    for it in &b.items {
        w.str(&it.title);
        w.opt_str(&it.url);
        w.len(it.links.len());
        for l in &it.links {
            w.str(l);
        }
        w.str(&it.text);
    }
    w.len(b.links.len());
    for (url, text) in &b.links {
        w.str(url);
        w.str(text);
    }
    put_warnings(&mut w, warnings);
    put_warnings(&mut w, links);
    w.0
}

/// The body, its warnings and its links' warnings kept, the warnings naming `path`;
/// `None` unless the bytes are exactly one entry.
fn decode(bytes: &[u8], path: &Path) -> Option<(Body, Vec<Diagnostic>, Vec<Diagnostic>)> {
    let mut r = R(bytes);
    let html = r.str()?;
    let heading = r.opt_str()?;
    let items =
        r.list(|r| Some(NoteItem { title: r.str()?, url: r.opt_str()?, links: r.list(R::str)?, text: r.str()? }))?;
    let links = r.list(|r| Some((r.str()?, r.str()?)))?;
    let warnings = warnings_of(&mut r, path)?;
    let link_warnings = warnings_of(&mut r, path)?;
    r.0.is_empty().then_some((Body { html, heading, items, links }, warnings, link_warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD: &str = "# Episode 7\n\n**Brian #1:** [**pyscript**](https://pyscript.net)\n\n- runs Python in the page <script>alert(1)</script>\n- see [the docs](https://docs.pyscript.net) and [this](javascript:alert(1)) and [nothing]\n";

    fn sample(path: &Path) -> (Body, Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut d = Diagnostics::default();
        let body = notes::parse_body(path, MD, 0, false, &mut d);
        (body, d.0, crate::rules::notes_link_warnings(path, MD.as_bytes()))
    }

    #[test]
    fn a_body_comes_back_exactly_with_its_warnings() {
        let path = Path::new("007.md");
        let (body, warnings, links) = sample(path);
        assert!(
            !body.items.is_empty() && !warnings.is_empty() && !links.is_empty(),
            "the sample has items and warnings"
        );
        let bytes = encode(&body, &warnings, &links);
        let back = decode(&bytes, path).expect("decodes");
        assert_eq!(back.0, body);
        assert_eq!(format!("{:?}", (back.1, back.2)), format!("{:?}", (warnings, links)));
    }

    #[test]
    fn a_cut_or_padded_body_is_refused() {
        let path = Path::new("007.md");
        let (body, warnings, links) = sample(path);
        let bytes = encode(&body, &warnings, &links);
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n], path).is_none(), "cut at {n}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert!(decode(&padded, path).is_none());
    }

    #[test]
    fn the_key_reads_path_setting_and_bytes() {
        let k = |p: &str, t: &str, at: usize, u: bool| notes_key(Path::new(p), t.as_bytes(), at, u);
        let base = k("a.md", "text", 0, false);
        assert_eq!(base, k("a.md", "text", 0, false));
        assert_ne!(base, k("b.md", "text", 0, false));
        assert_ne!(base, k("a.md", "text!", 0, false));
        assert_ne!(base, k("a.md", "text", 1, false));
        assert_ne!(base, k("a.md", "text", 0, true));
    }
}
