//! The guide (docs/src) and README tell the truth: the CLI reference lists every flag
//! clap defines, every `shownotes` command they show parses, the configuration,
//! template and API references name every key and variable a real build has, the
//! troubleshooting page explains every message a real build prints, and the examples
//! parse.

mod common;
use clap::CommandFactory;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn doc(rel: &str) -> String {
    let p = repo().join("docs/src").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `## shownotes NAME` up to the next `## `.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(heading).unwrap_or_else(|| panic!("no `{heading}` in the CLI reference"));
    let rest = &text[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn cli_reference_lists_every_flag_clap_defines() {
    let cli = doc("cli.md");
    let mut cmd = shownotes::cli::Cli::command();
    cmd.build();
    for flag in ["--version", "-V", "--help"] {
        assert!(section(&cli, "# Command line").contains(&format!("`{flag}")) || cli.contains(flag), "{flag}");
    }
    let mut checked = 0;
    // Every command that runs, by its full name: `build`, `theme eject`.
    let mut leaves: Vec<(String, &clap::Command)> = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        if sub.has_subcommands() {
            for leaf in sub.get_subcommands().filter(|s| s.get_name() != "help") {
                leaves.push((format!("{} {}", sub.get_name(), leaf.get_name()), leaf));
            }
        } else {
            leaves.push((sub.get_name().to_string(), sub));
        }
    }
    assert!(leaves.iter().any(|(n, _)| n == "theme eject"), "{:?}", leaves.iter().map(|l| &l.0).collect::<Vec<_>>());
    for (name, sub) in leaves {
        let sec = section(&cli, &format!("## shownotes {name}\n"));
        let mut documented: BTreeSet<String> = BTreeSet::new();
        for arg in sub.get_arguments() {
            if let Some(l) = arg.get_long() {
                assert!(sec.contains(&format!("--{l}")), "`shownotes {name}`: --{l} is missing from cli.md");
                documented.insert(format!("--{l}"));
                checked += 1;
            }
            if let Some(s) = arg.get_short() {
                assert!(sec.contains(&format!("`-{s}")), "`shownotes {name}`: -{s} is missing from cli.md");
            }
            if arg.is_positional() {
                let v = arg.get_value_names().and_then(|v| v.first()).map(|s| s.to_string()).unwrap();
                assert!(sec.contains(&format!("`{v}`")), "`shownotes {name}`: {v} is missing");
                checked += 1;
            }
        }
        // And the reverse: the guide documents no flag that does not exist.
        for word in sec.split(|c: char| c.is_whitespace() || c == '`' || c == ',') {
            if word.starts_with("--") && word[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                assert!(documented.contains(word), "cli.md documents {word} for `shownotes {name}`, which has none");
            }
        }
    }
    assert!(checked >= 8, "only {checked} arguments checked");
}

/// Splits a shell command into words, keeping quoted strings whole.
fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() || any {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() || any {
        out.push(cur);
    }
    out
}

/// Every `shownotes ...` command in the code blocks of README.md and the guide (and
/// the workflow files it includes), as (file, command).
fn documented_commands() -> Vec<(String, String)> {
    let mut files: Vec<std::path::PathBuf> = vec![repo().join("README.md")];
    for e in walkdir::WalkDir::new(repo().join("docs/src")) {
        let p = e.unwrap().path().to_path_buf();
        if p.extension().is_some_and(|x| x == "md" || x == "yml") {
            files.push(p);
        }
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let yml = f.extension().is_some_and(|x| x == "yml");
        let mut in_code = yml;
        let mut text_block = false;
        for line in text.lines() {
            if !yml && line.trim_start().starts_with("```") {
                in_code = !in_code;
                text_block = in_code && line.trim() == "```text";
                continue;
            }
            if !in_code || text_block {
                continue;
            }
            let line = line.trim_start().trim_start_matches("- ").trim_start_matches("run: ").trim_start_matches("$ ");
            for seg in line.split("&&") {
                let seg = seg.trim().trim_start_matches("command = \"");
                if !(seg.starts_with("shownotes ") || seg == "shownotes") {
                    continue;
                }
                let seg = match seg.find(" #") {
                    Some(i) => &seg[..i],
                    None => seg,
                };
                let seg = if seg.matches('"').count() % 2 == 1 { seg.trim_end_matches('"') } else { seg };
                out.push((f.strip_prefix(repo()).unwrap().display().to_string(), seg.trim().to_string()));
            }
        }
    }
    out
}

#[test]
fn every_shownotes_command_in_the_guide_and_readme_parses() {
    let cmds = documented_commands();
    for (file, cmd) in &cmds {
        match shownotes::cli::Cli::try_parse_from(shell_words(cmd)) {
            Ok(_) => {}
            Err(e)
                if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            }
            Err(e) => panic!("{file}: `{cmd}` does not parse:\n{e}"),
        }
    }
    let files: BTreeSet<&str> = cmds.iter().map(|(f, _)| f.as_str()).collect();
    assert!(cmds.len() >= 15, "only {} commands found: {cmds:?}", cmds.len());
    for f in ["README.md", "docs/src/getting-started.md", "docs/src/deploy/github-pages.yml", "docs/src/deploying.md"] {
        assert!(files.contains(f), "no command found in {f}");
    }
}

use clap::Parser;

#[test]
fn configuration_reference_lists_every_key() {
    let page = doc("configuration.md");
    // As JSON, so keys whose default is "none" are listed too (TOML leaves them out).
    let all = serde_json::to_value(shownotes::Config::default()).unwrap();
    let mut keys = Vec::new();
    for (k, v) in all.as_object().unwrap() {
        match v {
            serde_json::Value::Object(t) => keys.extend(t.keys().cloned()),
            _ => keys.push(k.clone()),
        }
    }
    let rows: BTreeSet<String> = page
        .lines()
        .filter_map(|l| l.strip_prefix("| `").and_then(|r| r.split_once('`')).map(|(k, _)| k.to_string()))
        .collect();
    for k in &keys {
        assert!(rows.contains(k), "configuration.md has no row for `{k}`");
    }
    for r in &rows {
        assert!(keys.contains(r), "configuration.md documents `{r}`, which is not a setting");
    }
    // The example parses, and so does the file `init` writes.
    let example = page.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    shownotes::Config::parse(Path::new("configuration.md"), example).unwrap();
}

/// All key paths of a JSON value: `episode.topics[].mentions[].anchor`.
fn key_paths(v: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{prefix}{k}");
                out.insert(p.clone());
                key_paths(x, &format!("{p}."), out);
            }
        }
        serde_json::Value::Array(a) => {
            for x in a {
                key_paths(x, &format!("{}[].", prefix.trim_end_matches('.')), out);
            }
        }
        _ => {}
    }
}

/// A site with show notes, a glossary entry and a spoken link, so every optional part of
/// a page has a value.
fn rich_site() -> Site {
    let site = seed_site(PB_CONFIG);
    site.copy("content/000_a09f45d5618a526f.txt", "content/282/transcript.txt");
    std::fs::remove_file(site.root().join("content/000_a09f45d5618a526f.txt")).unwrap();
    site.write(
        "content/282/notes.md",
        "+++\naudio_url = \"https://example.com/282.mp3\"\ndescription = \"PyScript.\"\n+++\n**Brian #1:** [**pyscript**](https://pyscript.net)\n\n**Michael #2:** [**Memray**](https://github.com/bloomberg/memray)\n",
    );
    site.write("topics.toml", "[[topic]]\nname = \"Memray\"\ndescription = \"A memory profiler.\"\n");
    site.write("shownotes.toml", format!("{PB_CONFIG}paginate = 2\n"));
    site
}

fn documented(page: &str, path: &str) -> bool {
    let name = path.rsplit('.').next().unwrap().trim_end_matches("[]");
    page.contains(&format!("`{name}`"))
        || page.contains(&format!("`{name}[]"))
        || page.contains(&format!(".{name}`"))
        || page.contains(&format!(".{name}[]`"))
}

#[test]
fn templates_chapter_names_every_variable_a_template_gets() {
    let site = rich_site();
    for t in ["index", "episode", "topics", "topic", "404", "search", "people", "person"] {
        site.write(&format!("templates/{t}.html"), "{{ __tera_context | safe }}");
    }
    site.build_ok(&[]);
    let page = doc("templates.md");
    let mut pages =
        vec!["index.html".to_string(), "page/2/index.html".into(), "topics/index.html".into(), "404.html".into()];
    pages.push("episodes/282/index.html".into());
    pages.push("topics/memray/index.html".into());
    pages.push("search/index.html".into());
    pages.push("people/index.html".into());
    pages.push("people/brian-okken/index.html".into());
    let mut seen = 0;
    for p in pages {
        let ctx: serde_json::Value = serde_json::from_str(&site.read(&p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        let mut keys = BTreeSet::new();
        key_paths(&ctx, "", &mut keys);
        for k in keys {
            assert!(documented(&page, &k), "templates.md does not name `{k}` (given to {p})");
            seen += 1;
        }
    }
    assert!(seen > 80, "{seen}");
}

#[test]
fn api_chapter_names_every_json_field() {
    let site = rich_site();
    site.build_ok(&[]);
    let page = doc("api.md");
    let mut keys = BTreeSet::new();
    for e in std::fs::read_dir(site.out("api/episodes")).unwrap() {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap();
        key_paths(&v, "", &mut keys);
    }
    key_paths(&site.json("api/topics.json"), "", &mut keys);
    assert!(keys.len() > 25, "{keys:?}");
    for k in keys {
        assert!(documented(&page, &k), "api.md does not name `{k}`");
    }
    // The page map names every kind of file a build writes.
    for f in tree(&site.root().join("public")).keys() {
        let kind = if f.starts_with("episodes/") {
            "episodes/<slug>/index.html"
        } else if f.starts_with("topics/") && f != "topics/index.html" {
            "topics/<slug>/index.html"
        } else if f.starts_with("people/") && f != "people/index.html" {
            "people/<slug>/index.html"
        } else if f.starts_with("api/episodes/") {
            "api/episodes/<slug>.json"
        } else if f.starts_with("page/") {
            "page/N/index.html"
        } else if f.starts_with("pagefind/") {
            "pagefind/"
        } else {
            f.as_str()
        };
        assert!(page.contains(&format!("`{kind}`")), "api.md's page map lacks `{kind}`");
    }
}

/// A message as the troubleshooting headings write it: backticked values become `X`,
/// numbers N.
fn normalise(s: &str) -> String {
    let mut out = String::new();
    let mut in_tick = false;
    for c in s.chars() {
        if c == '`' {
            if in_tick {
                out.push_str("X`");
            } else {
                out.push('`');
            }
            in_tick = !in_tick;
        } else if !in_tick {
            if c.is_ascii_digit() {
                if !out.ends_with('N') {
                    out.push('N');
                }
            } else {
                out.push(c);
            }
        }
    }
    out
}

#[test]
fn troubleshooting_explains_every_message_a_build_prints() {
    let page = doc("troubleshooting.md");
    let headings: Vec<String> = page
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .flat_map(|h| h.split(" / ").map(normalise).collect::<Vec<_>>())
        .collect();

    // File-level errors and warnings, all in one build.
    let site = Site::new(PB_CONFIG);
    site.copy("content/002_c2930294541f7fc1.txt", "content/002_c2930294541f7fc1.txt");
    site.write("content/900-empty.txt", "");
    site.write("content/901-binary.txt", b"PK\x03\x04\x00\x00\x00binary");
    site.write("content/902-garbage.txt", "Some title\n00:99:99 nope\n");
    site.write("content/903-notimes.txt", "just words\n");
    site.write("content/904-broken.md", "+++\nnumber = \"nine hundred\"\n+++\nbody\n");
    site.write("content/905-open.md", "+++\ntitle = \"x\"\nbody\n");
    site.write("content/906-badvtt.vtt", "not a vtt\n");
    site.write("content/907-empty.vtt", "WEBVTT\n\nNOTE nothing here\n");
    site.write("content/908-cues.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThis is episode 908.\n\nno timing here\n\nxx:yy --> 00:00:09.000\nbad\n");
    site.write("content/909-subs.srt", "1\n00:00:01,000 --> 00:00:02,000\nThis is episode 909.\n\n2\nno timing\n");
    site.write("content/910-stamps.txt", "00:00:00 This is episode 910, recorded May 3, 2022.\n00:75:00 a\n00:76:00 b\n00:77:00 c\n00:78:00 d\n00:79:00 e\n00:80:00 f\n00:10:00 later\n00:00:05 backwards\n");
    site.write("content/911-latin1.txt", b"00:00:00 This is episode 911. Caf\xe9.\n");
    site.write("content/912-two.txt", "00:00:00 This is episode 912.\n");
    site.write("content/912-two.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nThis is episode 912.\n");
    site.write("content/913-fm.txt", "00:00:00 This is episode 913.\n");
    site.write("content/913-fm.md", "+++\ndate = \"someday\"\nduration = \"long\"\n+++\n");
    site.write("content/dup-claim.txt", "00:00:00 Hello, this is episode 217, a second claim.\n");
    site.write("content/a/intro.txt", "00:00:00 Hello from season one.\n");
    site.write("content/b/intro.txt", "00:00:00 Hello from season two.\n");
    site.write("content/914-word.docx", b"PK\x03\x04");
    site.write(
        "episodes.csv",
        "number,title,date,downloads\nforty,x,,\n910,Ten,someday,\n,no key,,\n910,again,,\n999,nothing,,\n",
    );
    let run = site.build(&[]);
    let mut seen = BTreeSet::new();
    for line in run.stderr.lines() {
        let Some(rest) = line.strip_prefix("error: ").or_else(|| line.strip_prefix("warning: ")) else { continue };
        let (_, message) = rest.split_once(": ").unwrap();
        let m = normalise(message);
        let head = headings.iter().find(|h| m.starts_with(h.as_str()));
        assert!(head.is_some(), "troubleshooting.md has no heading for:\n{line}\n(normalised: {m})");
        seen.insert(head.unwrap().clone());
    }
    assert!(seen.len() >= 25, "only {} kinds of message seen:\n{}", seen.len(), run.stderr);

    // Build errors: the build stops, and the guide explains each.
    let fatal = |site: &Site, args: &[&str], phrase: &str| {
        let run = site.build(args);
        assert_eq!(run.code, 1, "{phrase}: {}", run.stderr);
        assert!(run.stderr.contains(phrase), "`{phrase}` not in:\n{}", run.stderr);
        assert!(page.contains(phrase), "troubleshooting.md does not explain `{phrase}`");
    };
    let s = Site::new("titel = \"x\"\n");
    fatal(&s, &[], "(every setting is listed in the guide's Configuration chapter)");
    let s = Site::new("paginate = 0\n");
    fatal(&s, &[], "`paginate` is 0");
    let s = Site::new("content_dir = \"nowhere\"\n");
    fatal(&s, &[], "does not exist");
    let s = Site::new("");
    fatal(&s, &["--output", s.root().join("content").to_str().unwrap()], "refusing to build into");
    let s = Site::new("theme = \"fancy\"\n");
    fatal(&s, &[], "not found");
    let s = Site::new("");
    s.write("templates/index.html", "{% if %}");
    fatal(&s, &[], "template error");
    let s = Site::new("");
    s.write("topics.toml", "[[topic]]\nnam = \"x\"\n");
    fatal(&s, &[], "topics.toml:");
    let s = Site::new("");
    s.write("episodes.toml", "").write("episodes.csv", "number\n");
    fatal(&s, &[], "keep one of them");
    let s = Site::new("episodes_file = \"shows.csv\"\n");
    fatal(&s, &[], "names this file, but it does not exist");
    let s = Site::new("");
    s.write("episodes.csv", "title,date\n");
    fatal(&s, &[], "the header row has no `number` (or `file`) column");
    let s = Site::new("");
    s.write("content/001-x.txt", "00:00:00 This is episode 1.\n");
    fatal(&s, &["--strict"], "warning(s) fail the build");
    // An empty site is a warning the guide explains.
    let s = Site::new("");
    let run = s.build(&[]);
    let empty = run.stderr.lines().find(|l| l.contains("no episodes")).expect("a warning about the empty site");
    let (_, message) = empty.strip_prefix("warning: ").unwrap().split_once(": ").unwrap();
    assert!(headings.iter().any(|h| normalise(message).starts_with(h.as_str())), "{empty}");
    let s = Site::new("");
    std::fs::write(s.root().join("public"), "a file").unwrap();
    fatal(&s, &[], "exists and is not a folder");
    let out = s.build(&["--jobs", "0"]);
    assert!(out.stderr.contains("--jobs must be at least 1") && page.contains("--jobs must be at least 1"));
    let s = tempfile::tempdir().unwrap();
    let run =
        assert_cmd::Command::cargo_bin("shownotes").unwrap().args(["build", "--root"]).arg(s.path()).output().unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("is not a shownotes site: there is no shownotes.toml in it"), "{err}");
    assert!(page.contains("is not a shownotes site: there is no shownotes.toml in it"));
}

#[test]
fn the_guides_examples_parse() {
    // episodes.csv and episodes.toml examples in the metadata chapter.
    let page = doc("metadata.md");
    let csv = page.split("```text\nnumber,").nth(1).unwrap().split("```").next().unwrap();
    let toml_example = page.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    for (name, text, rows) in
        [("episodes.csv", format!("number,{csv}"), 3), ("episodes.toml", toml_example.to_string(), 2)]
    {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        let mut d = shownotes::diagnostics::Diagnostics::default();
        let f = shownotes::episodes_file::EpisodesFile::find(dir.path(), Path::new(""), &mut d).unwrap().unwrap();
        assert!(d.0.is_empty(), "{name}: {:?}", d.0);
        assert_eq!(f.rows.len(), rows, "{name}");
        assert_eq!(f.rows[0].title.as_deref(), Some("Migrating 3.8M lines"));
    }
    // Front matter in the content chapter.
    let page = doc("content.md");
    let fm = page.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    let mut d = shownotes::diagnostics::Diagnostics::default();
    let notes = shownotes::notes::parse(Path::new("notes.md"), fm, &mut d, false).expect("front matter parses");
    assert!(d.0.is_empty(), "{:?}", d.0);
    assert_eq!(notes.front.number, Some(233));
    // topics.toml in the topics chapter.
    let page = doc("topics.md");
    let topics = page.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    let known = shownotes::extract::glossary::load_file(Path::new("topics.toml"), topics).unwrap();
    assert_eq!(known.len(), 2);
}

/// What the topics chapter says topics.toml and `ignore` do, on a real transcript (seed
/// 000, Python Bytes 282: "pi script", "memory profile", "hooch").
#[test]
fn topics_toml_renames_merges_and_hides_as_the_guide_says() {
    let site = Site::new(&format!("{PB_CONFIG}[topics]\nper_episode = 40\nignore = [\"hooch\"]\n"));
    site.copy("content/000_a09f45d5618a526f.txt", "content/282.txt");
    site.build_ok(&[]);
    let names = |site: &Site| -> Vec<String> {
        site.json("api/episodes/282.json")["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    let before = names(&site);
    // Said as "pi script" and "py script", PyScript is no name yet: a phrase in the lower
    // half of the episode's own candidates (past its first five) is not listed either way.
    assert!(!before.iter().any(|n| n == "PyScript"), "{before:?}");
    assert!(!before.iter().any(|n| n == "hooch"), "ignored: {before:?}");
    site.write("topics.toml", doc("topics.md").split("```toml\n").nth(1).unwrap().split("```").next().unwrap());
    site.build_ok(&[]);
    let after = names(&site);
    assert!(after.iter().any(|n| n == "PyScript") && !after.iter().any(|n| n == "py script"), "renamed: {after:?}");
    let ep = site.json("api/episodes/282.json");
    let memray = ep["topics"].as_array().unwrap().iter().find(|t| t["name"] == "Memray").expect("Memray");
    let starts: Vec<u64> =
        memray["mentions"].as_array().unwrap().iter().map(|m| m["start"].as_u64().unwrap()).collect();
    assert!(starts.contains(&553), "\"It is a memory profile\" at 00:09:13 counts for Memray: {starts:?}");
    assert!(site.read("topics/memray/index.html").contains("A memory profiler for Python, from Bloomberg."));
}
