//! The pages that show one episode, rendered on their own: `shownotes serve` shows a
//! saved episode with them at once, before the full build catches up. Each page is made
//! exactly as [`super::render_site`] makes it (the serve tests compare the two), so a
//! full build that agrees with the quick one changes none of these pages.

use super::*;

/// The pages of episode `i` of `episodes` (newest first) that a reader sees it on: its
/// page, its transcript page (when the site writes one), and the front page that lists
/// it. (Paths in the output folder, bytes.)
pub(crate) fn episode_pages(
    theme: &Theme,
    config: &Config,
    episodes: &[Episode],
    i: usize,
    index: &TopicIndex,
    cast: &crate::people::People,
) -> Result<Vec<Page>, String> {
    let Some(ep) = episodes.get(i) else { return Ok(Vec::new()) };
    let fsite = site_feed(config, cast);
    let site = site_view(config, &fsite);
    let mut out = Vec::new();

    // The front page that lists it.
    let per = config.paginate.max(1);
    let n_pages = episodes.len().div_ceil(per).max(1);
    let chunk_at = i / per;
    let chunk = &episodes[chunk_at * per..((chunk_at + 1) * per).min(episodes.len())];
    let (path, content) = front_page(theme, &site, &fsite, episodes.len(), chunk, chunk_at, n_pages, index, cast)?;
    out.push(Page { path, content });

    // Its page and its transcript page.
    let (ctx, html) = episode_page(theme, config, &site, &fsite, episodes, i, cast)?;
    let dir = format!("episodes/{}", ep.slug);
    out.push(Page { path: PathBuf::from(format!("{dir}/index.html")), content: html.into_bytes() });
    if !ep.cues.is_empty() && config.output.transcripts.contains(&TranscriptFile::Html) {
        out.push(Page {
            path: PathBuf::from(format!("{dir}/transcript.html")),
            content: transcript_page(theme, ctx, &fsite, ep)?,
        });
    }
    Ok(out)
}
