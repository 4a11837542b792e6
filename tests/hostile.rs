//! Hostile content: nothing in a content folder can leak a file, run a script or break
//! the live site (issue 10). One test (or more) per finding: concurrent builds, symlinks,
//! live HTML in show notes, memory on huge text, a kill between the swap's renames, bad
//! files, and silent mistakes (YAML front matter, UTF-16, impossible times, control
//! characters, `#` in topic names).

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Stdio};

const NOTES_42: &str =
    "+++\ntitle = \"Memory\"\n+++\n**Brian #1:** [**Memray**](https://github.com/bloomberg/memray)\n";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_shownotes")
}

fn spawn_build(root: &Path) -> std::process::Child {
    Command::new(bin())
        .arg("build")
        .arg("--root")
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Names in the site folder other than the content and config: what builds leave there.
fn beside_output(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            !matches!(
                n.as_str(),
                "content"
                    | "shownotes.toml"
                    | "topics.toml"
                    | "templates"
                    | "ref"
                    | ".ref.shownotes-lock"
                    | ".ref.shownotes-cache"
            )
        })
        .collect();
    v.sort();
    v
}

// 1. Two builds at once.

#[test]
fn two_builds_at_once_both_finish_and_leave_a_complete_site() {
    let site = seed_site(PB_CONFIG);
    site.write("content/042-memory.md", NOTES_42);
    site.build_ok(&["--output", site.root().join("ref").to_str().unwrap()]);
    let reference = tree(&site.root().join("ref"));
    assert!(reference.len() > 20);
    let mut waited = 0;
    for round in 0..3 {
        let children: Vec<_> = (0..2).map(|_| spawn_build(site.root())).collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            assert!(out.status.success(), "round {round}: {stdout}\n{stderr}");
            assert!(stdout.contains("Built 6 episodes"), "{stdout}");
            waited += usize::from(stderr.contains("waiting for it to finish"));
        }
        assert_eq!(tree(&site.out("")), reference, "round {round}: the live site is complete");
        assert_eq!(
            beside_output(site.root()),
            vec![".public.shownotes-cache", ".public.shownotes-lock", "public"],
            "no leftovers"
        );
    }
    assert!(waited >= 1, "the builds overlapped, and one waited for the other");
    // Threads in one process take the same lock.
    std::thread::scope(|s| {
        let builds: Vec<_> = (0..2)
            .map(|_| s.spawn(|| shownotes::build_site(&shownotes::BuildOptions::new(site.root())).unwrap()))
            .collect();
        for b in builds {
            assert_eq!(b.join().unwrap().episodes, 6);
        }
    });
    assert_eq!(tree(&site.out("")), reference);
}

#[test]
fn a_build_waits_for_the_lock_and_says_so() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let before = tree(&site.out(""));
    let held = shownotes::write::OutputLock::acquire(&site.out(""), |_| panic!("nobody holds it")).unwrap();
    let mut child = spawn_build(site.root());
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    let said = loop {
        let line = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the build says it waits");
        if line.contains("waiting") {
            break line;
        }
    };
    assert!(said.contains("another shownotes build is writing") && said.contains(".public.shownotes-lock"), "{said}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "it waits while the lock is held");
    assert_eq!(tree(&site.out("")), before);
    drop(held);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Built 5 episodes"));
}

// 5. A kill between the two renames of the swap.

#[test]
fn a_build_killed_between_renames_is_restored_not_deleted() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let before = tree(&site.out(""));
    // What a build killed between `public -> old` and `staging -> public` leaves.
    std::fs::rename(site.out(""), site.root().join(".public.shownotes-old-4242-0-7")).unwrap();
    std::fs::create_dir_all(site.root().join(".public.shownotes-staging-4242-0-7/episodes")).unwrap();
    // The next build fails (a broken template), and still the old site is back.
    site.write("templates/episode.html", "{{ episode.title | no_such_filter }}");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert_eq!(tree(&site.out("")), before, "the previous site is restored");
    assert!(
        run.stderr.contains("note: the previous site was missing (an earlier build was interrupted); restored it from"),
        "{}",
        run.stderr
    );
    assert_eq!(beside_output(site.root()), vec![".public.shownotes-cache", ".public.shownotes-lock", "public"]);
    // And a good build replaces it as usual.
    std::fs::remove_dir_all(site.root().join("templates")).unwrap();
    site.build_ok(&[]);
    assert_eq!(tree(&site.out("")), before);
}

// 2 and 6. Symlinks out of the site; dangling links and loops.

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_and_bad_links_skipped() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "00:00:01 TOPSECRET payroll numbers, this is episode 700.\n").unwrap();
    std::fs::create_dir_all(outside.path().join("folder")).unwrap();
    std::fs::write(outside.path().join("folder/701-x.txt"), "00:00:01 FOLDERSECRET words.\n").unwrap();
    std::fs::write(outside.path().join("notes.md"), "+++\ntitle = \"NOTESECRET\"\n+++\nNOTESECRET body\n").unwrap();

    let site = seed_site(PB_CONFIG);
    let c = site.root().join("content");
    symlink(&secret, c.join("700-leak.txt")).unwrap();
    symlink(outside.path().join("folder"), c.join("linked-folder")).unwrap();
    symlink(outside.path().join("notes.md"), c.join("702-notes.md")).unwrap();
    if Path::new("/proc/self/status").exists() {
        symlink("/proc/self/status", c.join("703-status.md")).unwrap();
    }
    symlink(outside.path().join("gone.txt"), c.join("704-dangling.txt")).unwrap();
    symlink("705-b.txt", c.join("705-a.txt")).unwrap();
    symlink("705-a.txt", c.join("705-b.txt")).unwrap();
    symlink(".", c.join("loop")).unwrap();
    // A link that stays inside the site folder is fine.
    site.write("extra/706-inside.txt", "00:00:01 INSIDE the site, this is episode 706.\n");
    symlink(site.root().join("extra/706-inside.txt"), c.join("706-inside.txt")).unwrap();

    let run = site.build(&[]);
    assert_eq!(run.code, 0, "links are warnings, not errors\n{}", run.stderr);
    for (file, why) in [
        ("700-leak.txt", "outside the site folder; skipped (set `follow_symlinks = true`"),
        ("linked-folder", "outside the site folder"),
        ("702-notes.md", "outside the site folder"),
        ("704-dangling.txt", "dangling symbolic link"),
        ("705-a.txt", "cannot be followed"),
        ("loop", "symbolic link loop"),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains(&format!("content/{file}: ")))
            .unwrap_or_else(|| panic!("{file}: {}", run.stderr));
        assert!(line.starts_with("warning: ") && line.contains(why), "{line}");
    }
    if Path::new("/proc/self/status").exists() {
        assert!(run.stderr.contains("content/703-status.md: symbolic link to /proc/"), "{}", run.stderr);
    }
    assert!(run.stdout.contains("Built 6 episodes"), "the seeds and the inside link: {}", run.stdout);
    let published = tree(&site.out(""));
    for (path, bytes) in &published {
        let text = String::from_utf8_lossy(bytes);
        for secret in ["TOPSECRET", "FOLDERSECRET", "NOTESECRET", "VmRSS", "TracerPid"] {
            assert!(!text.contains(secret), "{secret} published in {path}");
        }
    }
    assert!(site.read("episodes/706-inside/index.html").contains("INSIDE the site"));

    // Opting in follows them.
    site.write("shownotes.toml", format!("{PB_CONFIG}follow_symlinks = true\n"));
    let run = site.build(&[]);
    assert!(site.read("episodes/700-leak/index.html").contains("TOPSECRET"), "{}", run.stderr);
    assert!(site.read("episodes/701-x/index.html").contains("FOLDERSECRET"));
    assert!(run.stderr.contains("704-dangling.txt: dangling symbolic link"), "still skipped: {}", run.stderr);
}

// 3. Show notes are sanitized; every href/src is http, https, mailto or relative.

const EVIL_NOTES: &str = r#"+++
title = "Evil notes"
audio_url = "javascript:alert('audio')"
+++
Plain **bold**, *em*, `code`, ~~gone~~, a [good link](https://ok.example/page), a
[relative one](/about/), [mail](mailto:me@example.com) and an image:
![logo](https://img.example/logo.png)

| a | b |
|:-:|---|
| 1 | 2 |

<script>alert('script')</script>
<img src="x" onerror="alert('onerror')">
<iframe src="https://evil.example/frame"></iframe>
<a href="JaVaScRiPt:alert('mixed')">mixed</a>
<a href="java&#x09;script:alert('tab')">tab</a>
<svg><script>alert('svg')</script></svg>
<form action="javascript:alert('form')"><button formaction="javascript:alert(1)">b</button></form>
<div style="background:url(javascript:alert('style'))" onclick="alert('click')">div</div>

[click](javascript:alert('md'))
[vb](vbscript:msgbox)
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
<javascript:alert('autolink')>

**Brian #1:** [**Evil item**](javascript:alert('item'))

**Michael #2:** [**Good item**](https://good.example/item)
"#;

/// Every element and attribute of a page that could run script or load a page.
fn live_markup(html: &str) -> Vec<String> {
    let doc = common::html(html);
    let mut bad = Vec::new();
    for el in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        let name = el.value().name();
        // The theme's own scripts are files of the site, loaded by path; nothing inline.
        let theme_script = name == "script"
            && el.value().attr("src").is_some_and(|s| s.starts_with('/') && s.ends_with(".js"))
            && el.text().next().is_none();
        // JSON-LD for search engines is data a browser never runs: allowed when it parses as JSON.
        let data_block = name == "script"
            && el.value().attr("type") == Some("application/ld+json")
            && el.value().attr("src").is_none()
            && serde_json::from_str::<serde_json::Value>(&el.text().collect::<String>()).is_ok();
        // The theme's search box: a GET form to the site's own search page.
        let search_form = name == "form"
            && el.value().attr("data-search").is_some()
            && el.value().attr("method") == Some("get")
            && el.value().attr("action").is_some_and(|a| a.starts_with('/') && a.ends_with("/search/"));
        let allowed = theme_script || data_block || search_form;
        if matches!(name, "script" | "iframe" | "object" | "embed" | "form" | "frame" | "base" | "meta")
            && !(name == "meta" && el.value().attr("http-equiv").is_none())
            && !allowed
        {
            bad.push(format!("<{name}>"));
        }
        for (attr, value) in el.value().attrs() {
            let v: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            let v = v.to_ascii_lowercase();
            if attr.starts_with("on") {
                bad.push(format!("{name} {attr}"));
            }
            if matches!(attr, "href" | "src" | "action" | "formaction" | "poster" | "srcset")
                && (v.contains(':') && !(v.starts_with("http:") || v.starts_with("https:") || v.starts_with("mailto:")))
                && v.split(['/', '?', '#']).next().is_some_and(|first| first.contains(':'))
            {
                bad.push(format!("{name} {attr}={value}"));
            }
            if attr == "style" && v.contains("url(") {
                bad.push(format!("{name} style={value}"));
            }
        }
    }
    bad
}

#[test]
fn show_notes_html_and_urls_come_out_inert() {
    let site = Site::new(PB_CONFIG);
    site.write("content/042-evil.txt", "00:00:00 This is episode 42. Evil item and Good item and Good item.\n00:01:00 The glossary topic Gloss comes up, Gloss again.\n");
    site.write("content/042-evil.md", EVIL_NOTES);
    site.write(
        "topics.toml",
        "[[topic]]\nname = \"Gloss\"\nurl = \"javascript:alert('glossary')\"\n\n[[topic]]\nname = \"Good item\"\nurl = \"https://good.example/item\"\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in tree(&site.out("")).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(page.1).unwrap();
        assert_eq!(live_markup(&html), Vec::<String>::new(), "in {}", page.0);
        for body in ["alert('script')", "alert('svg')", "alert('click')"] {
            assert!(!html.contains(body), "{body} in {}", page.0);
        }
    }
    // The JSON API carries no such URL either.
    for (path, bytes) in tree(&site.out("")).into_iter().filter(|(p, _)| p.ends_with(".json")) {
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        for scheme in ["javascript:", "vbscript:", "data:text"] {
            assert!(!text.contains(scheme), "{scheme} in {path}");
        }
    }
    // Ordinary formatting, links and images stay.
    let page = common::html(&site.read("episodes/042-evil/index.html"));
    let notes = select(&page, "section.notes")[0].html();
    for kept in [
        "<strong>bold</strong>",
        "<em>em</em>",
        "<code>code</code>",
        "<del>gone</del>",
        r#"href="https://ok.example/page""#,
        r#"href="/about/""#,
        r#"href="mailto:me@example.com""#,
        r#"src="https://img.example/logo.png""#,
        "<table>",
    ] {
        assert!(notes.contains(kept), "{kept} missing in {notes}");
    }
    assert!(select(&page, "audio").is_empty(), "the javascript: audio_url is dropped");
    let links: Vec<String> =
        select(&page, "section.links a").iter().filter_map(|a| a.value().attr("href").map(str::to_string)).collect();
    assert!(links.contains(&"https://ok.example/page".to_string()), "{links:?}");
    // Each dropped URL is named with its file and line.
    for (line, what) in [
        (3, "audio_url `javascript:alert('audio')`"),
        (22, "javascript:alert('md')"),
        (23, "vbscript:msgbox"),
        (24, "data:text/html;base64"),
        (25, "javascript:alert('autolink')"),
        (27, "javascript:alert('item')"),
    ] {
        let at = format!("content/042-evil.md:{line}: ");
        assert!(
            run.stderr.lines().any(|l| l.starts_with("warning: ") && l.contains(&at) && l.contains(what)),
            "{at}{what}\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("warning: topics.toml:3: url `javascript:alert('glossary')` of topic `Gloss` dropped"),
        "{}",
        run.stderr
    );
    let removed = run.stderr.lines().find(|l| l.contains("HTML removed")).unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(removed.starts_with("warning: ") && removed.contains("content/042-evil.md:13: "), "{removed}");
    for named in ["<script>", "onerror=", "<iframe>", "href=javascript", "<svg>", "<form>", "onclick="] {
        assert!(removed.contains(named), "{named} in {removed}");
    }
    let topic = site.json("api/episodes/042-evil.json");
    let evil = topic["topics"].as_array().unwrap().iter().find(|t| t["name"] == "Evil item").expect("the item stays");
    assert!(evil.get("url").is_none(), "{evil}");

    // Opting in to raw HTML keeps the notes as written; structured URLs stay filtered.
    site.write("shownotes.toml", format!("{PB_CONFIG}unsafe_html = true\n"));
    site.build(&[]);
    let page = site.read("episodes/042-evil/index.html");
    assert!(page.contains("<iframe src=\"https://evil.example/frame\">"), "raw HTML kept");
    assert!(!common::html(&page).select(&scraper::Selector::parse("audio").unwrap()).any(|_| true));
}

// 4. Bounded memory: a huge episode is built in full, its topics read from its start.

#[test]
fn an_episode_over_the_limits_is_built_with_topics_capped() {
    let mut transcript = String::from("00:00:00 This is episode 9. Today Quuxly, Quuxly and more Quuxly.\n");
    for i in 1..200 {
        transcript.push_str(&format!("00:{:02}:{:02} filler words number {i} go on and on.\n", i / 60, i % 60));
    }
    transcript.push_str("00:10:00 Now Zorblax. Zorblax is late. Zorblax at the end.\n");
    let notes = "**Brian #1:** [**Quuxly**](https://q.example/)\n\n**Brian #2:** [**Zorblax**](https://z.example/)\n";
    let mentions = |site: &Site, name: &str| -> usize {
        let ep = site.json("api/episodes/009-huge.json");
        let t = ep["topics"].as_array().unwrap().iter().find(|t| t["name"] == name).cloned().expect(name);
        t["mentions"].as_array().unwrap().len()
    };
    let free = Site::new(PB_CONFIG);
    free.write("content/009-huge.txt", &transcript).write("content/009-huge.md", notes);
    free.build_ok(&[]);
    assert!(mentions(&free, "Zorblax") > 0 && mentions(&free, "Quuxly") > 0);

    let capped = Site::new(&format!("{PB_CONFIG}[limits]\ntopic_text_bytes = 3000\ntopic_cues = 150\n"));
    capped.write("content/009-huge.txt", &transcript).write("content/009-huge.md", notes);
    let run = capped.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warning = run.stderr.lines().find(|l| l.contains("too long for topic extraction")).expect("a warning");
    assert!(warning.starts_with("warning: ") && warning.contains("content/009-huge.txt:81:"), "{warning}");
    assert!(warning.contains("topic_text_bytes = 3000"), "{warning}");
    assert!(capped.read("episodes/009-huge/index.html").contains("Zorblax at the end"), "published in full");
    assert!(mentions(&capped, "Quuxly") > 0);
    assert_eq!(mentions(&capped, "Zorblax"), 0, "said only past the limit");
    let cue_cap = Site::new(&format!("{PB_CONFIG}[limits]\ntopic_cues = 100\n"));
    cue_cap.write("content/009-huge.txt", &transcript).write("content/009-huge.md", notes);
    let run = cue_cap.build(&[]);
    assert!(run.stderr.contains("content/009-huge.txt:101: transcript too long"), "{}", run.stderr);
}

// 7. Silent mistakes.

#[test]
fn yaml_front_matter_is_read_and_sets_draft() {
    let site = Site::new(PB_CONFIG);
    site.write("content/050-yaml.txt", "00:00:00 Hello from episode 50.\n");
    site.write(
        "content/050-yaml.md",
        "---\ntitle: \"YAML: it works\"\ndate: 2022-03-04\ndraft: true\nguests:\n  - Yam Guest\n---\n# Heading\n\nNotes body.\n",
    );
    site.write("content/051-broken.md", "---\ntitle: Broken\nnumber: [1, 2\n---\nbody\n");
    let run = site.build(&[]);
    assert!(run.stderr.contains("content/051-broken.md:3: invalid front matter"), "{}", run.stderr);
    assert!(!site.out("episodes/050-yaml/index.html").exists(), "a draft is not published");
    let run = site.build(&["--drafts"]);
    assert!(run.stdout.contains("Built 1 episode,"), "{}", run.stdout);
    let ep = site.json("api/episodes/050-yaml.json");
    assert_eq!(ep["title"], "YAML: it works");
    assert_eq!(ep["date"], "2022-03-04");
    assert_eq!(ep["guests"], serde_json::json!(["Yam Guest"]));
    let page = site.read("episodes/050-yaml/index.html");
    assert!(page.contains("Notes body.") && !page.contains("draft: true") && !page.contains("title:"), "{page}");
}

#[test]
fn utf16_with_a_bom_decodes() {
    let text = "00:00:00 Caf\u{e9} talk, this is episode 60.\r\n00:00:05 More \u{201c}quoted\u{201d} words.\r\n";
    let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let notes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("+++\ntitle = \"\u{dc}nicode notes\"\n+++\nBody.\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let site = Site::new(PB_CONFIG);
    site.write("content/060-le.txt", le).write("content/061-be.txt", be).write("content/062-nobom.txt", no_bom);
    site.write("content/060-le.md", notes);
    let run = site.build(&[]);
    assert!(
        run.stderr.contains("content/062-nobom.txt: file looks like UTF-16 text without a byte-order mark"),
        "{}",
        run.stderr
    );
    assert!(site.read("episodes/060-le/index.html").contains("Caf\u{e9} talk"));
    assert!(site.read("episodes/061-be/index.html").contains("\u{201c}quoted\u{201d}"));
    assert_eq!(site.json("api/episodes/060-le.json")["title"], "\u{dc}nicode notes");
}

#[test]
fn impossible_durations_and_timestamps_are_warned_with_file_and_line() {
    let site = Site::new(PB_CONFIG);
    site.write(
        "content/070-times.txt",
        "00:00:00 This is episode 70.\n25:00:00:00 four parts\n-00:00:05 negative\n00:00:09 fine\n",
    );
    site.write("content/070-times.md", "+++\ntitle = \"Times\"\nduration = 99999999999\n+++\nBody\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0);
    for expect in [
        "content/070-times.txt:2: invalid timestamp `25:00:00:00`",
        "content/070-times.txt:3: invalid timestamp `-00:00:05`",
        "content/070-times.md:3: front matter duration 99999999999 s is impossible",
    ] {
        assert!(run.stderr.contains(expect), "{expect}\n{}", run.stderr);
    }
    let ep = site.json("api/episodes/070-times.json");
    assert_eq!(ep["duration"], 9, "from the last cue, not a wrapped-around number");
    assert!(site.read("episodes/070-times/index.html").contains("four parts"), "no text is lost");
}

#[cfg(unix)]
#[test]
fn control_characters_never_reach_pages() {
    let site = Site::new(PB_CONFIG);
    // A file name with a bell and a terminal escape; a NUL far past the first 8 KiB.
    let mut transcript = "00:00:00 This is episode 80. Hello there.\n".repeat(300);
    transcript.push_str("00:01:00 A NUL\u{0} here and an escape \u{1b}[31m there.\n");
    assert!(transcript.len() > 8192);
    site.write("content/080-bell\u{7}\u{1b}[2Jname.txt", transcript);
    site.write(
        "content/081-escapes.md",
        "+++\ntitle = \"Bell\\u0007 title\"\nguests = [\"Esc\\u001bape\"]\n+++\nEntity &#7; bell, &#27; escape.\n",
    );
    site.write("topics.toml", "[[topic]]\nname = \"Nul\\u0000Topic\"\ndescription = \"d\\u0008\"\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("control characters (NUL, escape, ...) removed"), "{}", run.stderr);
    assert!(run.stderr.contains("080-bell\\u{7}\\u{1b}[2Jname.txt"), "names are shown escaped: {}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'));
    let out = tree(&site.out(""));
    for (path, bytes) in &out {
        assert!(!path.chars().any(|c| c.is_control()), "{path:?}");
        if path == "favicon.ico" {
            continue; // the theme's icon: pixels, not text
        }
        // The search index is gzipped: its fragments (JSON) hold the transcripts' text.
        let unzipped;
        let bytes = if path.starts_with("pagefind/") && !path.ends_with(".js") && !path.ends_with(".json") {
            if !path.ends_with(".pf_fragment") {
                continue; // binary (CBOR, WebAssembly)
            }
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out).unwrap();
            unzipped = out;
            &unzipped
        } else {
            bytes
        };
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')).collect();
        assert!(bad.is_empty(), "{bad:?} in {path}");
        assert!(!text.contains("\\u0007") && !text.contains("\\u001b") && !text.contains("\\u0000"), "{path}");
    }
    let slug = site.episodes_by_number()[&80]["slug"].as_str().unwrap().to_string();
    assert_eq!(slug, "080-bell-2jname");
    let page = site.read(&format!("episodes/{slug}/index.html"));
    assert!(page.contains("A NUL here and an escape [31m there."), "the text around them stays");
    assert_eq!(site.json("api/episodes/081-escapes.json")["title"], "Bell title");
}

#[test]
fn odd_topic_names_make_working_links_and_slugs_are_url_safe() {
    let site = Site::new(&format!("{PB_CONFIG}[topics]\nper_episode = 40\n"));
    let names = ["#", "C#", "F# and C#", "#1 hashtag", "日本語", "100%", "a/b?c=d", "<b>"];
    let mut glossary = String::new();
    let mut said = String::from("00:00:00 This is episode 90.\n");
    for (i, n) in names.iter().enumerate() {
        glossary.push_str(&format!("[[topic]]\nname = {n:?}\naliases = [\"alias{i}x\"]\n\n"));
        said.push_str(&format!("00:{:02}:00 We like alias{i}x, alias{i}x and alias{i}x.\n", i + 1));
    }
    site.write("topics.toml", glossary);
    site.write("content/090-odd.txt", said);
    site.write(
        "content/091-odd.md",
        "**Brian #1:** [**C# 12 ###**](https://c.example/)\n\n**Brian #2:** [**#**](https://h.example/)\n",
    );
    site.build_ok(&[]);
    let out = tree(&site.out(""));
    for path in out.keys() {
        assert!(
            path.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./".contains(&b)),
            "URL-unsafe output path {path}"
        );
    }
    let index = site.json("api/topics.json");
    for n in ["#", "F# and C#", "日本語", "a/b?c=d"] {
        assert!(index.as_array().unwrap().iter().any(|t| t["name"] == n), "{n} missing from {index}");
    }
    // "C# 12 ###" is a version of C#: the item lists its episode on the C# page.
    let csharp = index.as_array().unwrap().iter().find(|t| t["name"] == "C#").unwrap();
    assert!(csharp["episodes"].as_array().unwrap().iter().any(|e| e["number"] == 91), "{csharp}");
    // Every internal link of every page leads to a file of the site.
    let mut checked = 0;
    for (path, bytes) in out.iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = common::html(&String::from_utf8_lossy(bytes));
        for a in select(&doc, "a[href]") {
            let href = a.value().attr("href").unwrap();
            let Some(local) = href.strip_prefix('/') else { continue };
            let file = local.split('#').next().unwrap();
            let target =
                if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.to_string() };
            assert!(out.contains_key(&target), "{path}: link {href} leads nowhere");
            checked += 1;
        }
    }
    assert!(checked > 50);
}
