//! `shownotes init`: a new site that builds straight away.

use std::path::Path;

const CONFIG: &str = r#"# shownotes site settings. Every setting is optional; see the guide for all of them.
title = "My Podcast"
description = "Episodes, transcripts and topics."
# Where the site will live. A sub-path works: "https://example.com/podcast/"
base_url = "/"
# Your regular hosts: their spelling wins over speech-to-text guesses.
hosts = ["Alex Host"]
paginate = 20

[topics]
per_episode = 15
# Words that are never topics for this show (a sponsor, an in-joke).
ignore = []
"#;

const TRANSCRIPT: &str = "00:00:00 Welcome to My Podcast, this is episode 1, recorded January 5, 2026. I'm Alex Host.
00:00:08 And today we talk about Tera, the template engine, and about pulldown-cmark.
00:00:20 Tera templates look like Jinja2. You can find it at keats.github.io/tera.
00:01:05 Next up, pulldown-cmark parses Markdown fast. pulldown-cmark is a pull parser.
";

const NOTES: &str = "+++
title = \"Hello, world\"
+++
# Hello, world

Our first episode.

**#1:** [**Tera**](https://keats.github.io/tera/)

- A template engine for Rust.

**#2:** [**pulldown-cmark**](https://github.com/pulldown-cmark/pulldown-cmark)

- A Markdown parser.
";

/// Creates `dir` with `shownotes.toml` and a first episode in `content/`. Refuses a
/// folder that already has files in it.
pub fn init(dir: &Path) -> std::io::Result<()> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(std::io::Error::other(format!("{} already exists and is not empty", dir.display())));
    }
    std::fs::create_dir_all(dir.join("content"))?;
    std::fs::write(dir.join("shownotes.toml"), CONFIG)?;
    std::fs::write(dir.join("content/001-hello-world.txt"), TRANSCRIPT)?;
    std::fs::write(dir.join("content/001-hello-world.md"), NOTES)?;
    std::fs::write(dir.join(".gitignore"), "/public/\n")?;
    Ok(())
}
