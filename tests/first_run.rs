//! A new user's first hour: `init`, then real episodes; numbers from file names over
//! speech; notes paired by their final number; configured hosts on every episode;
//! whole-show metadata in episodes.csv / episodes.toml; episode 0.

mod common;
use common::*;
use std::path::Path;

/// No warning but the one about the feed (these sites have no audio and no base_url).
fn only_feed_warnings(r: &Run) -> bool {
    r.stderr.lines().filter(|l| l.starts_with("warning: ")).all(|l| l.contains("podcast apps would refuse feed.xml"))
}

fn read_json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

#[test]
fn init_then_a_real_episode_1_builds_without_error() {
    let tmp = tempfile::tempdir().unwrap();
    let r = shownotes(&["init", "mypodcast"], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = tmp.path().join("mypodcast");
    for f in ["shownotes.toml", "README.md", ".gitignore", "sample/000-welcome.txt", "sample/000-welcome.md"] {
        assert!(site.join(f).is_file(), "init made no {f}");
    }
    assert!(site.join("content").is_dir());
    let config = std::fs::read_to_string(site.join("shownotes.toml")).unwrap();
    assert!(config.contains("\nsample_dir = \"sample\""), "the config names the sample folder");
    assert!(config.lines().filter(|l| l.starts_with('#')).count() >= 20, "the config is commented");
    let readme = std::fs::read_to_string(site.join("README.md")).unwrap();
    assert!(readme.contains("shownotes build") && readme.contains("sample/"), "{readme}");

    // The fresh site builds, showing the sample as episode 0, marked as a sample.
    let r = shownotes(&["build"], &site);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // One warning: the feed podcast apps would refuse until base_url and [podcast] are set.
    assert!(r.stdout.contains("Built 1 episode,") && r.stdout.contains("1 warning, 0 errors"), "{}", r.stdout);
    assert!(only_feed_warnings(&r), "{}", r.stderr);
    let sample = read_json(&site.join("public/api/episodes/000-welcome.json"));
    assert_eq!(sample["number"], 0);
    assert!(sample["title"].as_str().unwrap().starts_with("Sample episode"), "{}", sample["title"]);
    assert_eq!(sample["hosts"], serde_json::json!(["Alex Host"]));

    // The podcaster adds their real episode 1 (and 0, a trailer): no clash, no error,
    // and the sample is no longer built.
    std::fs::write(site.join("content/001-first-steps.txt"), "00:00:00 Welcome to My Podcast, this is episode 1, recorded March 3, 2026. I'm Alex Host.\n00:00:30 Today: Rust and Tera.\n").unwrap();
    std::fs::write(
        site.join("content/000-trailer.txt"),
        "00:00:00 This is the trailer for My Podcast, recorded March 1, 2026.\n",
    )
    .unwrap();
    let r = shownotes(&["build"], &site);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(only_feed_warnings(&r), "{}", r.stderr);
    assert!(r.stdout.contains("Built 2 episodes") && r.stdout.contains("0 errors"), "{}", r.stdout);
    let ep1 = read_json(&site.join("public/api/episodes/001-first-steps.json"));
    assert_eq!(ep1["number"], 1);
    assert_eq!(read_json(&site.join("public/api/episodes/000-trailer.json"))["number"], 0);
    assert!(!site.join("public/episodes/000-welcome").exists(), "the sample is gone once there are real episodes");

    // init never overwrites: a second init is refused and says why.
    let again = shownotes(&["init", "mypodcast"], tmp.path());
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already a shownotes site"), "{}", again.stderr);
}

#[test]
fn init_turns_a_folder_of_transcripts_into_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    std::fs::write(tmp.path().join("content/ep12.txt"), "00:00:00 This is episode 12.\n00:00:05 Hello.\n").unwrap();
    std::fs::write(tmp.path().join("README.md"), "my notes\n").unwrap();
    let r = shownotes(&["init", "."], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("kept your"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(tmp.path().join("README.md")).unwrap(), "my notes\n");
    let r = shownotes(&["build"], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Built 1 episode,"), "{}", r.stdout);
    assert_eq!(read_json(&tmp.path().join("public/api/episodes/ep12.json"))["number"], 12);
}

#[test]
fn build_outside_a_site_says_to_run_init() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    let r = shownotes(&["build"], tmp.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("the current folder is not a shownotes site") && r.stderr.contains("shownotes init"),
        "{}",
        r.stderr
    );
    assert!(!tmp.path().join("public").exists());
}

/// Changelog transcripts are named `podcast-the-changelog-348.md` and open by referring
/// to an older episode ("the last time we talked, which was episode 318"). Each keeps
/// the number its file name gives, so none is rejected as a duplicate.
#[test]
fn changelog_style_files_keep_their_own_numbers() {
    let site = Site::new("title = \"The Changelog\"\nhosts = [\"Adam Stacoviak\", \"Jerod Santo\"]\n");
    site.write(
        "content/podcast-the-changelog-318.md",
        "**Adam Stacoviak:** Welcome back everyone, this is the Changelog and I am your host, Adam Stacoviak. This is episode 318.\n\n**Jerod Santo:** \\[00:45\\] Happy to be here.\n\n**Brett Cannon:** Thanks for having me.\n",
    );
    site.write(
        "content/podcast-the-changelog-348.md",
        "**Adam Stacoviak:** Alright, we're back. Since the last time we talked, which was episode 318, some big news.\n\n**Brett Cannon:** \\[01:10\\] Yes, that was episode #318, and this is the follow-up.\n\n**Jerod Santo:** Welcome back, Brett.\n",
    );
    site.write(
        "content/the-changelog-284.md",
        "**Jerod Santo:** That was episode #267, wasn't it? Anyway, welcome.\n\n**Adam Stacoviak:** \\[00:30\\] It was.\n\n**Jerod Santo:** Let's go.\n",
    );
    site.write(
        "content/gotime-ep267.md",
        "**Mat Ryer:** Hello, welcome to Go Time. I'm Mat Ryer.\n\n**Johnny Boursiquot:** \\[00:20\\] Hello.\n\n**Mat Ryer:** Let's go.\n",
    );
    let run = site.build_ok(&[]);
    assert!(run.stdout.contains("Built 4 episodes") && run.stdout.contains(" 0 errors"), "{}", run.stdout);
    assert!(!run.stderr.contains("duplicate"), "{}", run.stderr);
    let eps = site.episodes_by_number();
    assert_eq!(eps.keys().copied().collect::<Vec<_>>(), vec![267, 284, 318, 348]);
    assert_eq!(eps[&348]["slug"], "podcast-the-changelog-348");
}

/// The real Changelog sample from ../shared, one site per show: every file keeps the
/// number in its name.
#[test]
fn the_changelog_sample_corpus_keeps_every_files_number() {
    let corpus = repo().join("../shared/corpus/changelog-sample");
    assert!(
        corpus.is_dir(),
        "{} is missing: this test reads the shared corpus beside the repository",
        corpus.display()
    );
    let mut shows: std::collections::BTreeMap<String, Vec<(u64, String)>> = Default::default();
    for e in std::fs::read_dir(&corpus).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let n: u64 = stem.rsplit('-').next().unwrap().parse().unwrap();
            shows.entry(stem.split('-').next().unwrap().to_string()).or_default().push((n, stem));
        }
    }
    assert_eq!(shows.values().map(Vec::len).sum::<usize>(), 14);
    for (show, eps) in shows {
        let site = Site::new(&format!("title = \"{show}\"\n"));
        for (_, stem) in &eps {
            site.copy(&format!("../shared/corpus/changelog-sample/{stem}.md"), &format!("content/{stem}.md"));
        }
        let run = site.build(&[]);
        assert!(!run.stderr.contains("error:"), "{show}: {}", run.stderr);
        for (n, stem) in eps {
            assert_eq!(site.json(&format!("api/episodes/{stem}.json"))["number"], n, "{stem}");
        }
    }
}

/// Show notes named by number (`282.md`) pair with a transcript whose file name is a
/// machine name and whose number comes from its speech ("this is episode 282").
#[test]
fn notes_named_by_number_pair_with_transcripts_numbered_from_speech() {
    let site = Site::new(PB_CONFIG);
    site.copy("content/000_a09f45d5618a526f.txt", "content/transcripts/000_a09f45d5618a526f.txt");
    site.copy("content/002_c2930294541f7fc1.txt", "content/transcripts/002_c2930294541f7fc1.txt");
    site.write(
        "content/notes/282.md",
        "+++\ndate = 2022-05-03\n+++\n# Python Bytes 282: PyScript and Memray\n\n**Brian #1:** [**pyscript**](https://pyscript.net)\n",
    );
    site.write(
        "content/notes/217.md",
        "# Cloud SSDs\n\n**Michael #1:** [**DiskCache**](https://grantjenks.com/docs/diskcache/)\n",
    );
    let run = site.build_ok(&[]);
    assert!(only_feed_warnings(&run), "{}", run.stderr);
    assert!(run.stdout.contains("Built 2 episodes"), "{}\n{}", run.stdout, run.stderr);
    let eps = site.episodes_by_number();
    assert_eq!(eps.keys().copied().collect::<Vec<_>>(), vec![217, 282]);
    assert_eq!(eps[&282]["title"], "Python Bytes 282: PyScript and Memray", "the notes' heading");
    assert_eq!(eps[&282]["topics"][0]["name"], "pyscript");
    assert_eq!(eps[&282]["topics"][0]["from_notes"], true);
    // The header's title ("Transcript #217: ...") outranks the notes' heading.
    assert_eq!(eps[&217]["title"], "Use your cloud SSD for fast, cross-process caching");
    assert_eq!(eps[&217]["topics"][0]["name"], "DiskCache");
}

#[test]
fn configured_hosts_are_on_every_episode_page_and_in_the_api() {
    let site = Site::new("title = \"Go Time\"\nhosts = [\"Mat Ryer\", \"Johnny Boursiquot\"]\n");
    // Johnny alone, with a guest: the labelled transcript says Mat is away (issue 21).
    site.copy("tests/fixtures/changelog/gotime-104.md", "content/gotime-104.md");
    site.write("content/105-quiet.txt", "00:00:00 Welcome to Go Time.\n00:00:10 Today, generics.\n"); // nobody named
    site.write("content/106-named.txt", "00:00:00 This is your host, Mat Ryer, and with me is Kat Zien.\n");
    site.write("content/107-solo.txt", "00:00:00 A solo one.\n");
    site.write("content/107-solo.md", "+++\nhosts = [\"Johnny Boursiquot\"]\n+++\nJust Johnny this week.\n");
    site.build_ok(&[]);
    let both = serde_json::json!(["Mat Ryer", "Johnny Boursiquot"]);
    let eps = site.episodes_by_number();
    assert_eq!(eps.keys().copied().collect::<Vec<_>>(), vec![104, 105, 106, 107]);
    assert_eq!(eps[&104]["hosts"], serde_json::json!(["Johnny Boursiquot"]));
    for n in [105, 106] {
        assert_eq!(eps[&n]["hosts"], both, "episode {n}");
        let slug = eps[&n]["slug"].as_str().unwrap();
        let doc = html(&site.read(&format!("episodes/{slug}/index.html")));
        let people = select(&doc, ".people").first().map(text).unwrap_or_default();
        assert!(people.starts_with("Hosts: Mat Ryer, Johnny Boursiquot"), "episode {n}: {people}");
    }
    assert_eq!(eps[&104]["guests"], serde_json::json!(["Marty Schoch"]));
    assert_eq!(eps[&106]["guests"], serde_json::json!(["Kat Zien"]));
    // Front matter says otherwise for 107.
    assert_eq!(eps[&107]["hosts"], serde_json::json!(["Johnny Boursiquot"]));
    // The front page lists the hosts too.
    let index = site.read("index.html");
    assert_eq!(index.matches("Mat Ryer, Johnny Boursiquot").count(), 2, "{index}");
}

#[test]
fn episodes_csv_sets_titles_dates_and_more_and_front_matter_still_wins() {
    let site = Site::new(PB_CONFIG);
    site.write("content/284-migrating-3-8m-lines.txt", "00:00:00 This is episode 284.\n00:00:10 Migrating.\n");
    site.write("content/285-agentic-ai-workflows.txt", "00:00:00 This is episode 285.\n00:00:10 Agents.\n");
    site.write("content/286-fm.txt", "00:00:00 This is episode 286.\n");
    site.write("content/286-fm.md", "+++\ntitle = \"Front matter wins\"\ndate = 2024-02-02\n+++\nNotes.\n");
    site.write("content/bonus-live.txt", "00:00:00 A live bonus, no number.\n");
    site.write(
        "episodes.csv",
        "number,title,date,guests,audio,description,slug,file\n\
         284,Migrating 3.8M lines,2024-01-05,\"Ann Example; Bo Example\",https://cdn.example.com/284.mp3,How we moved,migrating,\n\
         285,Agentic AI workflows,\"January 12, 2024\",,,,,\n\
         286,CSV loses,2024-01-19,,,,,\n\
         ,Live Q&A (bonus),2024-01-20,,,,,bonus-live.txt\n",
    );
    let run = site.build_ok(&[]);
    assert!(only_feed_warnings(&run), "{}", run.stderr);
    assert!(run.stdout.contains("Built 4 episodes"), "{}", run.stdout);
    let ep = site.json("api/episodes/migrating.json");
    assert_eq!(ep["number"], 284);
    assert_eq!(ep["title"], "Migrating 3.8M lines");
    assert_eq!(ep["date"], "2024-01-05");
    assert_eq!(ep["guests"], serde_json::json!(["Ann Example", "Bo Example"]));
    assert_eq!(ep["audio_url"], "https://cdn.example.com/284.mp3");
    assert_eq!(ep["description"], "How we moved");
    assert_eq!(ep["hosts"], serde_json::json!(["Michael Kennedy", "Brian Okken"]));
    let doc = html(&site.read("episodes/migrating/index.html"));
    assert_eq!(select(&doc, "h1").first().map(text).unwrap(), "#284 Migrating 3.8M lines");
    let ep = site.json("api/episodes/285-agentic-ai-workflows.json");
    assert_eq!(ep["title"], "Agentic AI workflows");
    assert_eq!(ep["date"], "2024-01-12");
    let ep = site.json("api/episodes/286-fm.json");
    assert_eq!(ep["title"], "Front matter wins");
    assert_eq!(ep["date"], "2024-02-02");
    let ep = site.json("api/episodes/bonus-live.json");
    assert_eq!(ep["title"], "Live Q&A (bonus)");
    assert_eq!(ep["number"], serde_json::Value::Null);
}

#[test]
fn episodes_toml_and_its_problems_with_lines() {
    let site = Site::new(PB_CONFIG);
    site.write("content/010-ten.txt", "00:00:00 This is episode 10.\n");
    site.write(
        "episodes.toml",
        "[[episode]]\nnumber = 10\ntitle = \"Ten: the TOML one\"\ndate = 2023-03-03\nguests = [\"Cy Example\"]\n\n[[episode]]\nnumber = 11\ntitle = \"No such episode\"\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ep = site.json("api/episodes/010-ten.json");
    assert_eq!(ep["title"], "Ten: the TOML one");
    assert_eq!(ep["date"], "2023-03-03");
    assert_eq!(ep["guests"], serde_json::json!(["Cy Example"]));
    let warn = run.stderr.lines().find(|l| l.contains("episodes.toml:7:")).unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        warn.starts_with("warning: ") && warn.contains("match no episode") && warn.contains("episode 11"),
        "{warn}"
    );
    assert_eq!(site.build(&["--strict"]).code, 1, "the unused row fails a strict build");

    // A syntax error stops the build before anything is written, naming file and line.
    site.write("episodes.toml", "[[episode]]\nnumber = 10\ntitel = \"typo\"\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("episodes.toml:3:") && run.stderr.contains("titel"), "{}", run.stderr);
    // Both files: which one?
    site.write("episodes.toml", "").write("episodes.csv", "number,title\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("keep one of them"), "{}", run.stderr);
}

#[test]
fn episode_0_keeps_its_number() {
    let site = Site::new(PB_CONFIG);
    site.write("content/000-trailer.txt", "00:00:00 This is the trailer.\n");
    site.write("content/001-first.txt", "00:00:00 This is episode 1.\n");
    site.write("content/zero-said.txt", "00:00:00 Welcome to episode zero of the other feed.\n");
    site.write("content/zero-said.md", "+++\nnumber = 0\nslug = \"zero-fm\"\n+++\n");
    let run = site.build(&[]);
    // Two claims on number 0: the duplicate is named, and 0 is a number like any other.
    assert!(run.stderr.contains("duplicate episode number 0"), "{}", run.stderr);
    let eps = site.episodes_by_number();
    assert!(eps.contains_key(&0) && eps.contains_key(&1), "{:?}", eps.keys());
    let slug = eps[&0]["slug"].as_str().unwrap();
    let doc = html(&site.read(&format!("episodes/{slug}/index.html")));
    assert!(select(&doc, "h1").first().map(text).unwrap().starts_with("#0 "));
    let index = html(&site.read("index.html"));
    assert!(select(&index, ".num").iter().map(text).any(|t| t == "#0"), "the front page shows #0");
}
