//! Bad input is reported with its file and line and skipped while the rest builds; the
//! output folder is the only thing a build ever writes, and only when it is safe.

mod common;
use common::*;

#[test]
fn bad_files_are_reported_and_skipped_while_the_rest_builds() {
    let site = seed_site(PB_CONFIG);
    site.write("content/900-empty.txt", "");
    site.write("content/901-binary.txt", b"PK\x03\x04\x00\x00\x00binary");
    site.write("content/902-garbage.txt", "Some title\n00:99:99 nope\n99:99 still no\n");
    site.write("content/903-notimes.txt", "just words\nand more words\n");
    site.write("content/904-broken.md", "+++\ntitle = \"Broken\"\nnumber = \"nine hundred\"\n+++\nbody\n");
    site.write("content/dup-claim.txt", "00:00:00 Hello, this is episode 217, a second claim.\n00:00:05 more\n");
    site.write("content/906-badvtt.vtt", "not a vtt\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "errors fail the exit code\n{}", run.stderr);
    let err = &run.stderr;
    let expect = [
        "content/900-empty.txt: file is empty",
        "content/901-binary.txt: file looks binary",
        "content/902-garbage.txt:2: not a transcript: no valid timestamps (the first, `00:99:99`, is out of range)",
        "content/903-notimes.txt:1: not a transcript",
        "content/904-broken.md:3: invalid front matter",
        "content/906-badvtt.vtt:1: not a WebVTT file",
    ];
    for e in expect {
        let line = err.lines().find(|l| l.contains(e)).unwrap_or_else(|| panic!("missing `{e}` in:\n{err}"));
        assert!(line.starts_with("error: "), "{line}");
    }
    // Duplicate numbers name both files.
    let dup = err.lines().find(|l| l.contains("duplicate episode number 217")).unwrap_or_else(|| panic!("{err}"));
    assert!(dup.contains("dup-claim.txt") && dup.contains("002_c2930294541f7fc1.txt"), "{dup}");
    // The rest is built.
    assert!(run.stdout.contains("Built 5 episodes"), "{}", run.stdout);
    assert_eq!(site.episodes_by_number().keys().copied().collect::<Vec<_>>(), vec![95, 197, 217, 233, 282]);
    assert!(site.out("episodes/002-c2930294541f7fc1/index.html").exists());
}

#[test]
fn garbage_timestamps_inside_a_good_file_are_warnings_with_lines() {
    let site = Site::new(PB_CONFIG);
    site.write("content/010-ok.txt", "00:00:00 This is episode 10.\n00:75:00 bad stamp\n00:00:09 fine\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("content/010-ok.txt:2: invalid timestamp `00:75:00`"), "{}", run.stderr);
    assert!(site.read("episodes/010-ok/index.html").contains("bad stamp"), "no text is lost");
}

#[test]
fn refuses_output_paths_that_would_destroy_sources() {
    let site = seed_site(PB_CONFIG);
    std::fs::create_dir_all(site.root().join("themes/default/templates")).unwrap();
    let before = tree(site.root());
    let root = site.root().to_path_buf();
    let parent = root.parent().unwrap().to_path_buf();
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (root.join("content"), "is the content folder"),
        (root.join("content/sub"), "is inside the content folder"),
        (root.clone(), "is the site root"),
        (root.join("."), "is the site root"),
        (root.join("public/.."), "is the site root"),
        (parent, "contains the site root"),
        (root.join("themes/default"), "is the theme"),
        (root.join("themes"), "contains the theme"),
    ];
    for (out, why) in cases {
        let run = site.build(&["--output", out.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}", out.display());
        assert!(run.stderr.contains(why), "{}: {}", out.display(), run.stderr);
    }
    assert_eq!(tree(site.root()), before, "nothing was touched");
}

#[test]
fn never_replaces_a_folder_it_did_not_build() {
    let site = seed_site(PB_CONFIG);
    site.write("public/family-photos/1.jpg", "precious");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not built by shownotes"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.out("family-photos/1.jpg")).unwrap(), "precious");
}

#[test]
fn slugs_cannot_escape_the_output_folder() {
    let site = Site::new(PB_CONFIG);
    site.write("content/evil.md", "+++\nslug = \"../../../../tmp/owned\"\ntitle = \"Evil\"\n+++\nhi\n");
    site.write("content/evil2.md", "+++\nslug = \"/etc/passwd\"\ntitle = \"Evil 2\"\n+++\nhi\n");
    site.write("content/weird..name.txt", "00:00:00 hi there\n");
    site.build_ok(&[]);
    let files = tree(&site.out(""));
    for f in files.keys() {
        assert!(!f.contains(".."), "{f}");
    }
    assert!(site.out("episodes/tmp-owned/index.html").exists());
    assert!(site.out("episodes/etc-passwd/index.html").exists());
    assert!(site.out("episodes/weird-name/index.html").exists());
    assert!(!site.root().join("tmp").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let before = tree(&site.out(""));
    site.write(
        "templates/episode.html",
        "{% extends \"base.html\" %}{% block content %}{{ episode.title | no_such_filter }}{% endblock content %}",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("episode.html"), "the error names the template: {}", run.stderr);
    assert!(run.stderr.contains("no_such_filter"), "{}", run.stderr);
    assert_eq!(tree(&site.out("")), before, "previous site intact");
    // A render-time error (not a parse error) too.
    site.write(
        "templates/episode.html",
        "{% extends \"base.html\" %}{% block content %}{{ episode.nope.deeper }}{% endblock content %}",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("template episode.html"), "{}", run.stderr);
    assert_eq!(tree(&site.out("")), before);
}

/// `serve` holds a build back (keeps the last good pages) while a file is broken; a
/// template broken at the same time is still reported, and nothing is written.
#[test]
fn a_held_build_writes_nothing_and_still_reports_a_broken_template() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let before = tree(&site.out(""));
    let opts = shownotes::build::BuildOptions::new(site.root());
    let held = shownotes::build::build_site_unless(&opts, |_| true).unwrap();
    assert!(!held.written && held.pages == 0);
    assert_eq!(tree(&site.out("")), before);
    site.write(
        "templates/episode.html",
        "{% extends \"base.html\" %}{% block content %}{{ episode.nope.deeper }}{% endblock content %}",
    );
    let err = shownotes::build::build_site_unless(&opts, |_| true).unwrap_err().to_string();
    assert!(err.contains("episode.html"), "{err}");
    assert_eq!(tree(&site.out("")), before);
}

#[test]
fn config_errors_name_the_line_and_usage_errors_exit_2() {
    let site = Site::new("title = \"x\"\npaginate = \"lots\"\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("shownotes.toml:2:"), "{}", run.stderr);
    let site = Site::new("");
    assert_eq!(site.build(&["--no-such-flag"]).code, 2);
    assert_eq!(site.build(&["--jobs", "zero"]).code, 2);
    assert_eq!(site.build(&["--jobs", "0"]).code, 2);
}

#[test]
fn ci_gets_plain_progress_lines_and_a_summary() {
    let site = seed_site(PB_CONFIG);
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("parsed 5 episodes"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "no terminal escapes when not a terminal");
    let summary = run.stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("Built 5 episodes, ")
            && summary.contains(" topics, ")
            && summary.contains(" pages, 1 warning, 0 errors in "),
        "{summary}"
    );
    assert!(run.stderr.contains("podcast apps would refuse feed.xml"), "the one warning is the feed's");
}

#[test]
fn duplicate_slugs_name_both_files() {
    let site = Site::new(PB_CONFIG);
    site.write("content/season-1/intro.txt", "00:00:00 Hello from season one.\n");
    site.write("content/season-2/intro.txt", "00:00:00 Hello from season two.\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    let line =
        run.stderr.lines().find(|l| l.contains("duplicate slug `intro`")).unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(line.contains("season-1/intro.txt") && line.contains("season-2/intro.txt"), "{line}");
    assert!(site.out("episodes/intro/index.html").exists(), "the first is built");
}
