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
    let root = config.base_path();
    let mut fsite = feed::FeedSite::new(config);
    fsite.people = Some(cast);
    let site = SiteView {
        title: &config.title,
        description: &config.description,
        base_url: config.base_url_slash(),
        root: root.clone(),
        language: &config.language,
        feed_url: format!("{root}feed.xml"),
        image: fsite.image.clone(),
        search_url: config.search.enabled.then(|| format!("{root}search/")),
        people_url: (!cast.people.is_empty()).then(|| format!("{root}people/")),
        canonical_base: fsite.base.clone(),
    };
    let mut out = Vec::new();

    // The front page that lists it.
    let per = config.paginate.max(1);
    let n_pages = episodes.len().div_ceil(per).max(1);
    let chunk_at = i / per;
    let chunk = &episodes[chunk_at * per..((chunk_at + 1) * per).min(episodes.len())];
    let mut ctx = context(&site);
    let views: Vec<EpisodeView> = chunk.iter().map(|e| episode_view(e, &root, false, false, cast)).collect();
    ctx.insert("episodes", &views);
    let page_url = |n: usize| if n == 1 { root.clone() } else { format!("{root}page/{n}/") };
    ctx.insert(
        "paginator",
        &serde_json::json!({
            "current": chunk_at + 1, "pages": n_pages, "total_episodes": episodes.len(),
            "previous": (chunk_at > 0).then(|| page_url(chunk_at)), "next": (chunk_at + 1 < n_pages).then(|| page_url(chunk_at + 2)),
        }),
    );
    ctx.insert("topic_count", &index.topics.len());
    let (path, rel) = if chunk_at == 0 {
        (PathBuf::from("index.html"), String::new())
    } else {
        (PathBuf::from(format!("page/{}/index.html", chunk_at + 1)), format!("page/{}/", chunk_at + 1))
    };
    let mut meta = seo::PageMeta::new(
        &fsite.base,
        &rel,
        (chunk_at > 0).then(|| format!("Episodes, page {} of {n_pages}", chunk_at + 1)),
        None,
    );
    if chunk_at == 0 {
        meta.jsonld = Some(seo::series_jsonld(&fsite));
    }
    ctx.insert("page", &meta);
    out.push(Page { path, content: theme.render("index.html", &ctx)?.into_bytes() });

    // Its page and its transcript page.
    let mut ctx = context(&site);
    let mut view = episode_view(ep, &root, true, theme.wants_paragraphs, cast);
    view.files = episode_files(ep, &root, &config.output);
    ctx.insert("episode", &view);
    let newer = i.checked_sub(1).map(|j| &episodes[j]);
    let older = episodes.get(i + 1);
    ctx.insert("newer", &newer.map(|e| serde_json::json!({"title": e.title, "url": episode_url(&root, &e.slug)})));
    ctx.insert("older", &older.map(|e| serde_json::json!({"title": e.title, "url": episode_url(&root, &e.slug)})));
    let mut meta = seo::PageMeta::new(
        &fsite.base,
        &format!("episodes/{}/", ep.slug),
        Some(ep.title.clone()),
        Some(feed::summary(ep)),
    );
    meta.og_type = "article";
    meta.jsonld = Some(seo::episode_jsonld(&fsite, ep));
    ctx.insert("page", &meta);
    let dir = format!("episodes/{}", ep.slug);
    out.push(Page {
        path: PathBuf::from(format!("{dir}/index.html")),
        content: theme.render("episode.html", &ctx)?.into_bytes(),
    });
    if !ep.cues.is_empty() && config.output.transcripts.contains(&TranscriptFile::Html) {
        let mut tmeta = seo::PageMeta::new(
            &fsite.base,
            &format!("episodes/{}/transcript.html", ep.slug),
            Some(format!("{}: transcript", ep.title)),
            Some(feed::summary(ep)),
        );
        tmeta.og_type = "article";
        ctx.insert("page", &tmeta);
        out.push(Page {
            path: PathBuf::from(format!("{dir}/transcript.html")),
            content: theme.render("transcript.html", &ctx)?.into_bytes(),
        });
    }
    Ok(out)
}
