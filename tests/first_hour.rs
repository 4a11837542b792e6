//! The first hour with a real archive (issue 23, findings 1-3 and 7-9): files we do not
//! read and empty sites say so; the feed's problems are named by `build` and checked by
//! `check --feed`; a year in a file name is no episode number; the README is for users;
//! `theme eject`; and the small things (favicon, `.gitignore`, plurals, the site found
//! from a subfolder, where `-o` puts its lock and cache, the meta line, the sample clip).
//! Each test drives the real binary.

mod common;
use common::*;
use std::path::Path;

fn doc(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

// 1. Silent nothing.

#[test]
fn files_we_do_not_read_and_an_empty_site_are_named() {
    let site = Site::new("title = \"Docs\"\n");
    site.write("content/001-first-episode.docx", b"PK\x03\x04 word");
    site.write("content/002-second.pdf", b"%PDF-1.4");
    site.write("content/cover.jpg", b"\xff\xd8\xff");
    site.write("content/001.mp3", b"ID3");
    site.write("content/.hidden.docx", b"x");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docx = run
        .stderr
        .lines()
        .find(|l| l.starts_with("warning: ") && l.contains("content/001-first-episode.docx: "))
        .unwrap_or_else(|| panic!("no warning names the .docx:\n{}", run.stderr));
    for format in [".txt", ".vtt", ".srt", ".md"] {
        assert!(docx.contains(format), "the warning lists {format}: {docx}");
    }
    assert!(docx.contains("plain text"), "the fix for a Word file: {docx}");
    assert!(run.stderr.contains("content/002-second.pdf: skipped"), "{}", run.stderr);
    // Pictures and audio beside episodes, and hidden files, are no transcripts: no word.
    for quiet in ["cover.jpg", "001.mp3", ".hidden.docx"] {
        assert!(!run.stderr.contains(quiet), "{quiet}:\n{}", run.stderr);
    }
    let empty = run
        .stderr
        .lines()
        .find(|l| l.starts_with("warning: ") && l.contains("content: no episodes"))
        .unwrap_or_else(|| panic!("no warning about the empty site:\n{}", run.stderr));
    assert!(empty.contains("content_dir"), "{empty}");
    assert!(run.stdout.contains("Built 0 episodes"), "{}", run.stdout);
    assert_eq!(site.build(&["--strict"]).code, 1, "an empty site fails a strict build");

    // A folder with nothing at all says the same.
    let site = Site::new("");
    let run = site.build(&[]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("content: no episodes"), "{}", run.stderr);
}

// 2. A feed apps reject.

/// A site a podcast directory accepts: absolute base URL, cover, category, owner e-mail,
/// audio of known size.
fn complete_site() -> Site {
    let site = audio_site(
        "email = \"ann@example.com\"\nimage = \"cover.png\"\ncategories = [\"Technology\", \"Education > How To\"]\nexplicit = false\n",
    );
    site.copy("static/cover.png", "static/cover.png");
    site
}

#[test]
fn a_complete_feed_passes_check_feed_and_a_default_site_is_told_what_to_fix() {
    let site = complete_site();
    let run = site.build_ok(&["--strict"]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let check = shownotes(&["check", "--feed", "--root", site.root().to_str().unwrap()], site.root());
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    assert!(!check.stderr.contains("warning") && !check.stderr.contains("error"), "{}", check.stderr);
    assert!(check.stdout.contains("feed.xml"), "the summary says the feed was checked: {}", check.stdout);
    // A real feed parser reads it, with every episode's enclosure.
    let feed = feed_rs::parser::parse(site.read("feed.xml").as_bytes()).unwrap();
    assert_eq!(feed.entries.len(), 2);
    for e in &feed.entries {
        let m = &e.media[0].content[0];
        assert!(m.size.unwrap() > 0 && m.url.as_ref().unwrap().as_str().starts_with("https://"), "{m:?}");
    }

    // The site `init` makes: `build` warns once, `check --feed` names each problem.
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(shownotes(&["init", "pod"], tmp.path()).code, 0);
    let pod = tmp.path().join("pod");
    let run = shownotes(&["build"], &pod);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let feed_warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("podcast apps")).collect();
    assert_eq!(feed_warnings.len(), 1, "one warning about the feed:\n{}", run.stderr);
    let w = feed_warnings[0];
    assert!(w.starts_with("warning: shownotes.toml: "), "{w}");
    for problem in ["base_url", "image", "categories", "email", "check --feed"] {
        assert!(w.contains(problem), "the warning names `{problem}`: {w}");
    }
    let check = shownotes(&["check", "--feed"], &pod);
    let lines: Vec<&str> = check.stderr.lines().filter(|l| l.contains("public/feed.xml")).collect();
    for (problem, fix) in [
        ("<link>", "base_url"),
        ("itunes:image", "[podcast] image"),
        ("itunes:category", "[podcast] categories"),
        ("itunes:email", "[podcast] email"),
        ("guid", "base_url"),
        ("podcast:transcript", "base_url"),
    ] {
        assert!(
            lines.iter().any(|l| l.contains(problem) && l.contains(fix)),
            "check --feed names {problem} with the fix ({fix}):\n{}",
            check.stderr
        );
    }
    // No audio: apps have nothing to play.
    assert!(lines.iter().any(|l| l.contains("enclosure") && l.contains("audio_url")), "{}", check.stderr);
}

#[test]
fn check_feed_applies_the_published_rules() {
    let site = complete_site();
    // An unknown Apple category, an audio file of unknown size.
    site.write(
        "shownotes.toml",
        std::fs::read_to_string(site.root().join("shownotes.toml"))
            .unwrap()
            .replace("\"Education > How To\"", "\"Technology > Software How-To\"")
            .replace("audio/{number:03}.wav", "https://cdn.example.com/{number:03}.mp3"),
    );
    let run = site.build(&[]);
    let w = run.stderr.lines().find(|l| l.contains("podcast apps")).unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(w.contains("Software How-To") && w.contains("length"), "{w}");
    let check = shownotes(&["check", "--feed", "--root", site.root().to_str().unwrap()], site.root());
    assert!(
        check.stderr.contains("`Software How-To` is not an Apple Podcasts category under `Technology`"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("enclosure length 0"), "{}", check.stderr);
}

// 3. A year in a file name is not an episode number.

#[test]
fn a_year_in_a_file_name_is_no_episode_number_and_bonus_episodes_say_so() {
    let site = Site::new("title = \"The Changelog\"\nbase_url = \"https://changelog.example/\"\n");
    site.write("content/the-changelog-001.txt", "00:00:00 Welcome to the Changelog, recorded January 10, 2018.\n");
    site.write("content/the-changelog-002.txt", "00:00:00 Welcome to the Changelog, recorded June 1, 2018.\n");
    site.write(
        "content/the-changelog-bonus-sustainoss-2018.txt",
        "00:00:00 A bonus from Sustain OSS, recorded March 5, 2018.\n",
    );
    site.write("content/2019-recap.txt", "00:00:00 Our year, recorded December 20, 2019.\n");
    site.build_ok(&[]);
    let bonus = site.json("api/episodes/the-changelog-bonus-sustainoss-2018.json");
    assert_eq!(bonus["number"], serde_json::Value::Null, "{bonus}");
    assert_eq!(bonus["episode_type"], "bonus");
    assert_eq!(site.json("api/episodes/2019-recap.json")["number"], serde_json::Value::Null);
    assert_eq!(site.json("api/episodes/the-changelog-002.json")["number"], 2);
    let feed = site.read("feed.xml");
    assert!(!feed.contains("<itunes:episode>2018<") && !feed.contains("<itunes:episode>2019<"), "{feed}");
    assert!(feed.contains("<itunes:episodeType>bonus</itunes:episodeType>"), "{feed}");
    assert_eq!(feed.matches("<itunes:episodeType>full</itunes:episodeType>").count(), 3);
    // Newest first, the unnumbered ones by their dates among the numbered.
    let doc = html(&site.read("index.html"));
    let order: Vec<String> =
        select(&doc, "ol.episodes h2 a").iter().map(|a| a.value().attr("href").unwrap().to_string()).collect();
    assert_eq!(
        order,
        vec![
            "/episodes/2019-recap/",
            "/episodes/the-changelog-002/",
            "/episodes/the-changelog-bonus-sustainoss-2018/",
            "/episodes/the-changelog-001/"
        ]
    );
}

// 7. The README is for users.

#[test]
fn the_readme_is_for_users_and_init_points_at_serve() {
    let readme = doc("README.md");
    assert!(!readme.contains("../shared"), "no paths to data users do not have");
    assert!(!readme.contains("| --- |"), "no measurement tables");
    assert!(!readme.to_lowercase().contains("issue 1"), "no issue numbers");
    assert!(readme.starts_with("# shownotes\n\n```sh\ncargo install --locked --path ."), "the opening commands stay");
    assert!(readme.contains("cargo install --locked --git https://github.com/"), "the --git line is a real URL");
    let summary = doc("docs/src/SUMMARY.md");
    assert!(summary.contains("(contributing/measurements.md)"), "{summary}");
    let page = doc("docs/src/contributing/measurements.md");
    assert!(page.contains("| --- |") && page.contains("2,000"), "the measurements moved to the guide");

    let tmp = tempfile::tempdir().unwrap();
    let run = shownotes(&["init", "pod"], tmp.path());
    assert!(run.stdout.contains("shownotes serve"), "{}", run.stdout);
    let site_readme = std::fs::read_to_string(tmp.path().join("pod/README.md")).unwrap();
    assert!(site_readme.contains("shownotes serve") && !site_readme.contains("http.server"), "{site_readme}");
}

// 8. Themes you can change.

#[test]
fn theme_eject_copies_the_built_in_theme_to_edit() {
    let site = seed_site(PB_CONFIG);
    let root = site.root().to_str().unwrap();
    let run = shownotes(&["theme", "eject", "--root", root], site.root());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let builtin: Vec<String> = std::fs::read_dir(repo().join("themes/default/templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(builtin.len() >= 10);
    for t in &builtin {
        assert!(site.root().join("templates").join(t).is_file(), "ejected {t}");
    }
    for s in ["style.css", "player.js", "favicon.ico"] {
        assert!(site.root().join("static").join(s).is_file(), "ejected {s}");
    }
    // Edit a template: the build uses the edit.
    let base = site.root().join("templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, text.replace("<body", "<!-- my edit --><body")).unwrap();
    site.build_ok(&[]);
    assert!(site.read("index.html").contains("<!-- my edit -->"));
    // Twice: refused, naming a file and the way to overwrite.
    let again = shownotes(&["theme", "eject", "--root", root], site.root());
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("templates/base.html") && again.stderr.contains("--force"), "{}", again.stderr);
    assert!(std::fs::read_to_string(&base).unwrap().contains("my edit"), "nothing was overwritten");
    assert_eq!(shownotes(&["theme", "eject", "--force", "--root", root], site.root()).code, 0);
    assert!(!std::fs::read_to_string(&base).unwrap().contains("my edit"), "--force overwrites");

    // The templates chapter lists every template of the theme.
    let chapter = doc("docs/src/templates.md");
    for t in &builtin {
        assert!(chapter.contains(&format!("`{t}`")), "templates.md lists {t}");
    }
}

// 9. Small things.

#[test]
fn every_page_has_a_favicon() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let ico = std::fs::read(site.out("favicon.ico")).expect("favicon.ico");
    assert_eq!(&ico[..4], b"\x00\x00\x01\x00", "an ICO file");
    let doc = html(&site.read("index.html"));
    let icon = select(&doc, "link[rel=icon]");
    assert_eq!(icon.first().and_then(|l| l.value().attr("href")), Some("/favicon.ico"));
}

#[test]
fn init_ignores_everything_a_build_leaves_beside_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(shownotes(&["init", "pod"], tmp.path()).code, 0);
    let pod = tmp.path().join("pod");
    let before: Vec<String> =
        std::fs::read_dir(&pod).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(shownotes(&["build"], &pod).code, 0);
    let ignore = std::fs::read_to_string(pod.join(".gitignore")).unwrap();
    let ignored: Vec<&str> = ignore.lines().map(|l| l.trim_matches('/')).collect();
    for e in std::fs::read_dir(&pod).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if !before.contains(&name) {
            assert!(ignored.contains(&name.as_str()), "the build made {name}, which .gitignore misses:\n{ignore}");
        }
    }
}

#[test]
fn counts_are_singular_when_there_is_one() {
    let site = Site::new("");
    site.write("content/001-one.txt", "00:00:00 This is episode 1.\n");
    let run = site.build(&[]);
    assert!(run.stdout.starts_with("Built 1 episode, "), "{}", run.stdout);
    assert!(run.stdout.contains(" 1 warning, ") || !run.stdout.contains(" 1 warnings"), "{}", run.stdout);
    site.write("content/002-bad.txt", b"PK\x03\x04\x00\x00binary");
    let run = site.build(&[]);
    assert!(run.stdout.contains(", 1 error in "), "{}", run.stdout);
    let check = shownotes(&["check", "--root", site.root().to_str().unwrap()], site.root());
    assert!(check.stdout.starts_with("Checked 1 episode, ") && check.stdout.contains(" 1 error, "), "{}", check.stdout);
}

#[test]
fn commands_find_the_site_from_a_folder_inside_it() {
    let site = Site::new("title = \"Up\"\n");
    site.write("content/season-1/001-one.txt", "00:00:00 This is episode 1.\n");
    let run = shownotes(&["build"], &site.root().join("content/season-1"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.out("index.html").is_file(), "built into the site's own public/");
    assert!(!site.root().join("content/season-1/public").exists());
    let check = shownotes(&["check"], &site.root().join("content"));
    assert_eq!(check.code, 0, "{}", check.stderr);
    // Outside any site the error stays as it was.
    let tmp = tempfile::tempdir().unwrap();
    assert!(shownotes(&["build"], tmp.path()).stderr.contains("is not a shownotes site"));
}

#[test]
fn the_guide_says_where_an_output_folders_lock_and_cache_go() {
    let site = seed_site(PB_CONFIG);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("x");
    site.build_ok(&["-o", target.to_str().unwrap()]);
    let beside: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "x")
        .collect();
    assert!(!beside.is_empty());
    let cli = doc("docs/src/cli.md");
    for name in &beside {
        let general = name.replacen(".x.", ".<name>.", 1);
        assert!(cli.contains(&general), "cli.md does not say that `-o DIR` leaves {general} beside DIR");
    }
}

#[test]
fn the_meta_line_starts_with_what_there_is() {
    let site = Site::new("hosts = [\"Ann Host\"]\n");
    site.write("content/001-undated.txt", "00:00:00 Hello.\n00:01:10 Bye.\n");
    site.build_ok(&[]);
    for page in ["index.html", "episodes/001-undated/index.html"] {
        let doc = html(&site.read(page));
        for m in select(&doc, ".meta") {
            let t = text(&m);
            assert!(!t.starts_with('·') && !t.starts_with("&middot;"), "{page}: `{t}`");
        }
    }
}

#[test]
fn the_sample_says_it_plays_a_short_clip() {
    let config = shownotes::Config::parse(Path::new("shownotes.toml"), &doc("shownotes.toml")).unwrap();
    assert!(config.description.contains("clip"), "{}", config.description);
}
