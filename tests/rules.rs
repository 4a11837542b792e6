//! Issue 23's finding 5: `build` and `check` apply one set of rules to the sources, so
//! they report the same transcript and show-notes problems, with the same severity and
//! the same path (from the site root, `content/` included); `check` adds only what needs
//! the built site (broken links and anchors, a relative `base_url`).

mod common;
use common::*;
use std::collections::BTreeSet;

/// Runs a command in the site's folder, as a podcaster would: `shownotes build`.
fn run_in(site: &Site, command: &str) -> Run {
    let out =
        assert_cmd::Command::cargo_bin("shownotes").unwrap().arg(command).current_dir(site.root()).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The `warning: ...` and `error: ...` lines of a run.
fn reported(run: &Run) -> BTreeSet<String> {
    run.stderr.lines().filter(|l| l.starts_with("warning: ") || l.starts_with("error: ")).map(str::to_string).collect()
}

/// What only the built site can tell.
fn needs_the_built_site(line: &str) -> bool {
    line.contains("broken link `") || line.contains("broken anchor `") || line.contains("base_url `")
}

#[test]
fn build_and_check_report_the_same_source_problems() {
    let site = Site::new("title = \"Rules\"\nhosts = [\"Ann Host\"]\n");
    site.write(
        "content/001-one.txt",
        "00:00:00 ANN: Welcome, episode 1. I'm Ann Host.\n00:00:30 ANN: Django today.\n00:00:20 ANN: This cue goes back in time.\n00:00:40\n00:00:50 ZORRO: Who am I?\n00:01:00 ANN: Bye, Django.\n",
    );
    site.write(
        "content/001-one.md",
        "+++\ntitle = \"One\"\nnumber = 1\n+++\nIntro.\n\n[gone](/episodes/nope/)\n\n[no scheme](www.example.com/page)\n\n[ref link][nowhere]\n\n[spaced] (https://spaced.example/x)\n",
    );
    site.write(
        "content/002-two.md",
        "**Ann Host:** Hello, this is episode 2.\n\n**Bob Guest:** \\[01:00\\] Hi.\n\n**Ann Host:** \\[00:30\\] Back in time.\n\n**Ann Host:** \\[02:00\\] Bye.\n\n\
         **Carol Speaker:** One.\n\n**Ann Host:** Two.\n\n**Carol Speaker:** Three.\n\n**Ann Host:** Four.\n\n\
         **Carol Speaker:** Five.\n\n**Ann Host:** Six.\n",
    );
    let build = run_in(&site, "build");
    let check = run_in(&site, "check");
    let (b, c) = (reported(&build), reported(&check));
    let from_sources: BTreeSet<String> = c.iter().filter(|l| !needs_the_built_site(l)).cloned().collect();
    assert_eq!(b, from_sources, "build:\n{}\ncheck:\n{}", build.stderr, check.stderr);

    // The problems themselves, named from the site root with their lines.
    for want in [
        "warning: content/001-one.txt:3: timestamp goes backwards: this cue starts at 00:00:20, before the cue on line 2 (00:00:30)",
        "warning: content/001-one.txt:4: cue with a timestamp but no text",
        "warning: content/001-one.txt:5: unknown speaker label `Zorro` (1 cue)",
        "warning: content/001-one.md:9: malformed link `www.example.com/page`",
        "warning: content/001-one.md:11: link `[nowhere]` has no definition",
        "warning: content/001-one.md:13: `[spaced] (https://spaced.example/x)` is not a link",
        "warning: content/002-two.md:5: timestamp goes backwards",
        "warning: content/002-two.md:3: unknown speaker label `Bob Guest`",
    ] {
        assert!(b.iter().any(|l| l.starts_with(want)), "build does not report `{want}`:\n{}", build.stderr);
    }
    // Every path is written one way, and each known name once.
    for l in b.iter().chain(&c) {
        assert!(l.contains(": content/") || l.contains(": shownotes.toml"), "{l}");
    }
    assert!(b.iter().any(|l| l.contains("(known: Ann Host)")), "{}", build.stderr);
    // A full name that speaks in three cues is a guest the episode introduced in words
    // the metadata does not read; one that speaks once is more likely a typo.
    assert!(!b.iter().any(|l| l.contains("`Carol Speaker`")), "{}", build.stderr);
    assert!(
        c.iter().any(|l| l.starts_with("error: content/001-one.md:7: broken link `/episodes/nope/`")),
        "{}",
        check.stderr
    );
    // Warnings alone do not fail a build; the broken link fails the check.
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(check.code, 1, "{}", check.stderr);
}
