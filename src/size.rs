//! The site's size against what free static hosts publish: GitHub Pages at most 1 GB,
//! Cloudflare Pages at most 20,000 files (`[output] max_bytes` and `max_files`). Counted
//! as the files are written, so checking costs no walk of the output folder.

use crate::build::size_shown;
use crate::config::OutputSettings;
use crate::diagnostics::Diagnostic;
use crate::write::{Page, Sink};
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// A [`Sink`] that counts the files and bytes passing through it.
pub struct Tally<'a> {
    inner: &'a dyn Sink,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl<'a> Tally<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Tally { inner, files: AtomicU64::new(0), bytes: AtomicU64::new(0) }
    }

    /// Counts a file written some other way (a static file streamed into the site).
    pub fn add(&self, bytes: u64) {
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(bytes, Relaxed);
    }

    /// (files, bytes) so far.
    pub fn totals(&self) -> (u64, u64) {
        (self.files.load(Relaxed), self.bytes.load(Relaxed))
    }
}

impl Sink for Tally<'_> {
    fn put(&self, page: Page) -> io::Result<()> {
        self.add(page.content.len() as u64);
        self.inner.put(page)
    }
    fn put_same(&self, page: Page, from: &Path, opened: &std::fs::Metadata) -> io::Result<()> {
        self.add(page.content.len() as u64);
        self.inner.put_same(page, from, opened)
    }
}

/// A warning for a site of more files or bytes than `[output]` allows, naming the host
/// whose limit the default is and the settings that make the site smaller.
pub fn warnings(output: &Path, files: u64, bytes: u64, limits: &OutputSettings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if files > limits.max_files {
        out.push(Diagnostic::warning(
            output,
            None,
            format!(
                "the site has more files than `[output] max_files` allows: {files}, over {} (Cloudflare Pages publishes at most {} files per site); write fewer transcript files per episode (`[output] transcripts`), turn search off (`[search] enabled = false`; its index is about a file per episode and a few hundred more), or raise `max_files` under `[output]` in shownotes.toml if your host takes more",
                limits.max_files,
                crate::config::CLOUDFLARE_PAGES_FILES
            ),
        ));
    }
    if bytes > limits.max_bytes {
        out.push(Diagnostic::warning(
            output,
            None,
            format!(
                "the site is bigger than `[output] max_bytes` allows: {}, over {} (GitHub Pages publishes at most {} per site); write fewer transcript files per episode (`[output] transcripts`) or fewer items per topic feed (`[feed] topic_feed_items`), or raise `max_bytes` under `[output]` in shownotes.toml if your host takes more",
                size_shown(bytes),
                size_shown(limits.max_bytes),
                size_shown(crate::config::GITHUB_PAGES_BYTES)
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_only_past_a_limit() {
        let limits = OutputSettings { max_files: 10, max_bytes: 1000, ..OutputSettings::default() };
        assert!(warnings(Path::new("public"), 10, 1000, &limits).is_empty());
        let w = warnings(Path::new("public"), 11, 1001, &limits);
        assert_eq!(w.len(), 2);
        assert!(w[0].message.contains("allows: 11, over 10 ("), "{}", w[0].message);
        assert!(w[1].message.contains("Pages publishes at most 1.0 GB"), "{}", w[1].message);
    }
}
