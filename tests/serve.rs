//! `shownotes serve`, driven as a user would: the real binary on a port of its own,
//! fetched with a real HTTP client (ureq) and, for requests a client would tidy up
//! first, raw HTTP over a socket. Files are edited the way editors save them.

mod common;
use common::*;
use std::io::{Read, Write};

const SEED: &str = "000_a09f45d5618a526f.txt";

/// One real episode (Python Bytes 282).
fn one_episode_site() -> Site {
    let site = Site::new(PB_CONFIG);
    site.copy(&format!("content/{SEED}"), &format!("content/{SEED}"));
    site
}

/// The only episode's page path in the preview, e.g. `episodes/282/`.
fn episode_path(p: &Preview) -> String {
    let eps: Vec<String> = std::fs::read_dir(p.folder.join("episodes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(eps.len(), 1, "{eps:?}");
    format!("episodes/{}/", eps[0])
}

/// A request as sent, byte for byte (clients tidy `/../` away before sending).
fn raw_get(url: &str, target: &str) -> (u16, String) {
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

/// What each kind of file in a site must be served as.
fn expected_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap();
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("feed.xml") => "application/rss+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "srt" => "application/x-subrip; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        // The search index's chunks, which its script fetches and unpacks.
        "pf_meta" | "pf_index" | "pf_fragment" | "pagefind" => "application/octet-stream",
        _ => panic!("{path}: a kind of file this test does not know; add the type it must be served as"),
    }
}

#[test]
fn every_file_is_served_with_its_type_and_missing_pages_get_the_sites_404() {
    let site = audio_site("\n[output]\ntranscripts = [\"vtt\", \"json\", \"srt\", \"txt\", \"html\"]\n");
    site.copy("static/cover.png", "static/cover.png");
    site.copy("static/audio/sample.mp3", "static/audio/sample.mp3");
    site.write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>");
    let p = Preview::start(site.root(), &[]);
    assert!(p.url.starts_with("http://127.0.0.1:"), "{}", p.url);

    let files = tree(&p.folder);
    let mut kinds = std::collections::BTreeSet::new();
    for (path, bytes) in &files {
        if path.starts_with('.') {
            continue;
        }
        let a = p.get(path);
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.content_type, expected_type(path), "{path}");
        kinds.insert(
            path.rsplit('.').next().unwrap().to_string() + if path.ends_with("feed.xml") { "(feed)" } else { "" },
        );
        if path.ends_with(".html") {
            // Served pages carry the reload script; the rest are the files as built.
            assert!(a.text().contains("/__shownotes/live.js"), "{path}");
        } else {
            assert_eq!(&a.body, bytes, "{path}");
        }
    }
    for k in [
        "html",
        "css",
        "js",
        "json",
        "xml",
        "xml(feed)",
        "vtt",
        "srt",
        "txt",
        "svg",
        "png",
        "mp3",
        "wav",
        "pf_meta",
        "pf_index",
        "pf_fragment",
        "pagefind",
    ] {
        assert!(kinds.contains(k), "no .{k} file was served: {kinds:?}");
    }

    // Folders: the page in them; without the slash, a redirect to it.
    let ep = files.keys().find(|k| k.starts_with("episodes/") && k.ends_with("/index.html")).unwrap();
    let folder = ep.trim_end_matches("index.html");
    let a = p.get(folder);
    assert_eq!((a.status, a.content_type.as_str()), (200, "text/html; charset=utf-8"));
    let a = p.get(folder.trim_end_matches('/'));
    assert_eq!(a.status, 301);
    assert_eq!(a.header("location"), Some(format!("/{folder}").as_str()));
    // HEAD, and byte ranges for the audio player.
    assert_eq!(p.request("HEAD", "feed.xml").content_type, "application/rss+xml; charset=utf-8");
    let range = http().get(format!("{}audio/001.wav", p.url)).header("Range", "bytes=100-199").call().unwrap();
    assert_eq!(range.status(), 206);
    assert_eq!(range.headers()["content-type"], "audio/wav");

    // A missing page: the site's own 404 page, with status 404.
    let built_404 = std::fs::read_to_string(p.folder.join("404.html")).unwrap();
    for missing in ["no/such/page/", "episodes/999/", "nothing.css"] {
        let a = p.get(missing);
        assert_eq!(a.status, 404, "{missing}");
        assert_eq!(a.content_type, "text/html; charset=utf-8");
        let title = select(&html(&built_404), "h1").first().map(text).unwrap();
        assert_eq!(select(&html(&a.text()), "h1").first().map(text).unwrap(), title);
    }
}

#[test]
fn no_path_leads_out_of_the_site_folder() {
    let site = one_episode_site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP-SECRET-OUTSIDE").unwrap();
    // A link in static/ to a file outside: the build does not copy links.
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.root().join("static/leak.txt")).unwrap();
    let p = Preview::start(site.root(), &[]);
    // A secret beside the preview folder, and links planted inside it.
    let beside = p.folder.parent().unwrap().join("secret.txt");
    std::fs::write(&beside, "TOP-SECRET-BESIDE").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), p.folder.join("planted.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.folder.join("planted-dir")).unwrap();
    std::os::unix::fs::symlink("/etc", p.folder.join("etc")).unwrap();
    let abs = outside.path().join("secret.txt").display().to_string();
    let targets = [
        "/../secret.txt".to_string(),
        "/episodes/../../secret.txt".into(),
        "/%2e%2e/secret.txt".into(),
        "/%2E%2E/secret.txt".into(),
        "/.%2e/secret.txt".into(),
        "/..%2fsecret.txt".into(),
        "/..%2Fsecret.txt".into(),
        "/episodes%2F..%2F..%2Fsecret.txt".into(),
        "/..%5csecret.txt".into(),
        "/..\\secret.txt".into(),
        "/%252e%252e/secret.txt".into(),
        "//etc/passwd".into(),
        "/%2Fetc%2Fpasswd".into(),
        format!("/{}", abs.trim_start_matches('/')),
        format!("/%2F{}", abs.trim_start_matches('/').replace('/', "%2F")),
        format!("{}../secret.txt", p.url),
        "/index.html%00.txt".into(),
        "/static/leak.txt".into(),
        "/leak.txt".into(),
        "/planted.txt".into(),
        "/planted-dir/secret.txt".into(),
        "/etc/passwd".into(),
        "/etc/".into(),
    ];
    for t in &targets {
        let (status, answer) = raw_get(&p.url, t);
        assert!(matches!(status, 400 | 403 | 404), "{t}: {status}\n{answer}");
        assert!(!answer.contains("TOP-SECRET"), "{t} leaked a file outside the site:\n{answer}");
        assert!(!answer.contains("root:"), "{t} leaked /etc/passwd");
    }
    assert_eq!(raw_get(&p.url, "/planted.txt").0, 403, "a link out of the site is forbidden");
    assert_eq!(raw_get(&p.url, "/../secret.txt").0, 400);
    // The server still serves the site.
    assert_eq!(raw_get(&p.url, "/").0, 200);
}

#[test]
fn an_edited_transcript_is_rebuilt_and_served_and_built_files_lack_the_script() {
    let site = one_episode_site();
    let p = Preview::start(site.root(), &[]);
    let page = episode_path(&p);
    let before = p.get(&page);
    assert_eq!(before.status, 200);
    assert!(!before.text().contains("ZEBRAFINCH"));
    let generation = p.status()["generation"].as_u64().unwrap();
    assert_eq!(generation, 1);

    // An editor that saves atomically (a new file renamed over the old one).
    let file = site.root().join("content").join(SEED);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("It's great to have you here."));
    save_atomically(&file, &text.replace("It's great to have you here.", "It's great to have you here, ZEBRAFINCH."));
    p.wait_until("the edited transcript on the page", |p| p.get(&page).text().contains("ZEBRAFINCH"));
    let s = p.wait_for_build(2);
    assert_eq!(s["generation"], 2, "{s}");
    assert_eq!(s["problems"], serde_json::json!([]));
    // One line: what changed, how long it took (read from the pipe by a thread of the
    // test, so it may arrive a moment after the status says the build is done).
    let said = format!("content/{SEED} changed: rebuilt 1 episode,");
    p.wait_until("the line saying what changed", |p| p.stdout().lines().any(|l| l.starts_with(&said)));
    let out = p.stdout();
    let line = out.lines().find(|l| l.starts_with(&said)).unwrap();
    assert!(line.ends_with(" s"), "{line}");

    // Saved in place, as a plain `write`.
    std::fs::write(&file, text.replace("It's great to have you here.", "It's great to have you here, OKAPI.")).unwrap();
    p.wait_until("the second edit", |p| p.get(&page).text().contains("OKAPI"));
    // Saved the way vim does: the old file renamed to a backup, a new one written, the
    // backup deleted.
    let backup = file.with_file_name(format!("{SEED}~"));
    std::fs::rename(&file, &backup).unwrap();
    std::fs::write(&file, text.replace("It's great to have you here.", "It's great to have you here, NARWHAL."))
        .unwrap();
    std::fs::remove_file(&backup).unwrap();
    p.wait_until("the third edit", |p| p.get(&page).text().contains("NARWHAL"));
    assert!(!p.get(&page).text().contains("OKAPI"));

    // Served pages carry the reload script; the preview's files on disk do not, and
    // neither does anything `shownotes build` writes.
    assert!(p.get(&page).text().contains("<script src=\"/__shownotes/live.js\""));
    for (path, bytes) in tree(&p.folder) {
        assert!(!String::from_utf8_lossy(&bytes).contains("__shownotes"), "preview file {path} has the script");
    }
    let (status, out, _) = p.stop();
    assert!(status.success());
    assert!(out.contains("Stopped"), "{out}");
    site.build_ok(&[]);
    let built = tree(&site.root().join("public"));
    assert!(built.keys().any(|k| k.ends_with(".html")));
    for (path, bytes) in built {
        assert!(!String::from_utf8_lossy(&bytes).contains("__shownotes"), "built file {path} has the script");
    }
}

#[test]
fn a_broken_template_shows_its_error_until_fixed_and_the_last_good_pages_stay() {
    let site = one_episode_site();
    let p = Preview::start(site.root(), &[]);
    let page = episode_path(&p);
    let good = p.get(&page).text();
    let edit = p.status()["build"].as_u64().unwrap();

    // A template with a syntax error on line 3.
    site.write(
        "templates/episode.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ episode.title }</h1>\n{% endblock content %}\n",
    );
    let s = p.wait_for_build(edit + 1);
    assert_eq!(s["failed"], true, "{s}");
    assert_eq!(s["generation"], 1, "nothing new is served: {s}");
    let problem = &s["problems"][0];
    assert_eq!(problem["file"], "templates/episode.html", "{s}");
    assert_eq!(problem["line"], 3, "{s}");
    assert!(problem["message"].as_str().unwrap().contains("template error"), "{s}");
    // In the terminal, with file and line.
    p.wait_until("the error in the terminal", |p| p.stderr().contains("/templates/episode.html:3: template error"));
    // The last good page is still served, with the script that shows the overlay.
    assert_eq!(p.get(&page).text(), good);
    // The event stream a page listens to says the same at once.
    let mut events = http().get(format!("{}__shownotes/events", p.url)).call().unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut first = String::new();
    let mut reader = std::io::BufReader::new(events.body_mut().as_reader());
    while !first.starts_with("data:") {
        first.clear();
        std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    }
    let event: serde_json::Value = serde_json::from_str(first["data:".len()..].trim()).unwrap();
    assert_eq!(event["problems"][0]["file"], "templates/episode.html");
    drop(reader);

    // A runtime error (an unknown variable) names its line too.
    site.write(
        "templates/episode.html",
        "{% extends \"base.html\" %}\n{% block content %}\n\n<h1>{{ episode.titel }}</h1>\n{% endblock content %}\n",
    );
    let s = p.wait_for_build(edit + 2);
    assert_eq!(
        (s["problems"][0]["file"].as_str(), s["problems"][0]["line"].as_u64()),
        (Some("templates/episode.html"), Some(4)),
        "{s}"
    );
    assert_eq!(p.get(&page).text(), good);

    // Fixed: a new site, no problems, the page as the template says.
    site.write("templates/episode.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>FIXED {{ episode.title }}</h1>\n{% endblock content %}\n");
    let s = p.wait_for_build(edit + 3);
    assert_eq!((s["failed"].as_bool(), s["generation"].as_u64()), (Some(false), Some(2)), "{s}");
    assert_eq!(s["problems"], serde_json::json!([]));
    assert!(p.get(&page).text().contains("<h1>FIXED "));
}

#[test]
fn a_change_that_breaks_a_file_is_held_back_until_fixed() {
    let site = seed_site(PB_CONFIG);
    let p = Preview::start(site.root(), &[]);
    let slugs: Vec<String> = std::fs::read_dir(p.folder.join("episodes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(slugs.len(), 5);
    let pages: Vec<String> = slugs.iter().map(|s| p.get(&format!("episodes/{s}/")).text()).collect();
    let file = site.root().join("content").join(SEED);
    let text = std::fs::read_to_string(&file).unwrap();

    // The transcript becomes unreadable (binary): the build would drop the episode.
    save_atomically(&file, "PK\u{3}\u{4}\u{0}\u{0}\u{0}binary");
    let s = p.wait_for_build(2);
    assert_eq!((s["held"].as_bool(), s["generation"].as_u64()), (Some(true), Some(1)), "{s}");
    assert_eq!(s["problems"][0]["file"], format!("content/{SEED}"), "{s}");
    // The status is set before the line is printed: wait for the line.
    p.wait_until("the held-back line", |p| p.stdout().contains("still serving the last good build"));
    // Every page is still the last good one, this episode's included.
    for (slug, before) in slugs.iter().zip(&pages) {
        assert_eq!(&p.get(&format!("episodes/{slug}/")).text(), before, "{slug}");
    }
    // Fixed, with an edit: served.
    save_atomically(&file, &text.replace("It's great to have you here.", "It's great to have you here, IBEX."));
    let s = p.wait_for_build(3);
    assert_eq!((s["held"].as_bool(), s["generation"].as_u64()), (Some(false), Some(2)), "{s}");
    assert_eq!(s["problems"], serde_json::json!([]));
    assert!(slugs.iter().any(|slug| p.get(&format!("episodes/{slug}/")).text().contains("IBEX")));
}

#[test]
fn broken_settings_at_start_are_shown_and_the_server_waits_for_the_fix() {
    let site = one_episode_site();
    site.write("shownotes.toml", "title = \"Broken\nhosts = 3\n");
    let p = Preview::start(site.root(), &[]);
    let s = p.status();
    assert_eq!((s["failed"].as_bool(), s["generation"].as_u64()), (Some(true), Some(0)), "{s}");
    assert!(s["problems"][0]["file"].as_str().unwrap().ends_with("shownotes.toml"), "{s}");
    assert!(s["problems"][0]["line"].as_u64().is_some(), "{s}");
    // Every page says so (and carries the script that shows the error).
    let a = p.get("");
    assert_eq!(a.status, 503);
    assert!(a.text().contains("/__shownotes/live.js"));
    site.write("shownotes.toml", PB_CONFIG);
    let s = p.wait_for_build(2);
    assert_eq!((s["failed"].as_bool(), s["generation"].as_u64()), (Some(false), Some(1)), "{s}");
    assert_eq!(p.get("").status, 200);
}

#[test]
fn a_busy_port_is_reported_and_the_next_free_one_used() {
    let site = one_episode_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let p = Preview::start(site.root(), &["--port", &port.to_string()]);
    let out = p.stdout();
    let line = out.lines().find(|l| l.starts_with(&format!("Port {port} is in use"))).expect(&out);
    let used: u16 = line.split("using port ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert_ne!(used, port);
    assert_eq!(p.url, format!("http://127.0.0.1:{used}/"));
    assert_eq!(p.get("").status, 200);
}

#[test]
fn the_preview_listens_on_loopback_unless_asked_and_stops_cleanly_on_ctrl_c() {
    let site = one_episode_site();
    let p = Preview::start(site.root(), &[]);
    let port = p.url.rsplit(':').next().unwrap().trim_end_matches('/');
    // Bound to 127.0.0.1 only: another address of this machine is not answered.
    assert!(std::net::TcpStream::connect(format!("127.0.0.2:{port}")).is_err());
    let folder = p.folder.clone();
    assert!(folder.join("index.html").is_file());
    let (status, out, _) = p.stop();
    assert!(status.success(), "{status}");
    assert!(out.contains("Stopped"), "{out}");
    assert!(!folder.exists(), "the preview folder is removed");
    assert!(!folder.parent().unwrap().exists());

    let p = Preview::start(site.root(), &["--bind", "0.0.0.0"]);
    let port = p.url.rsplit(':').next().unwrap().trim_end_matches('/');
    assert!(p.stdout().contains("Listening on every address"), "{}", p.stdout());
    assert!(std::net::TcpStream::connect(format!("127.0.0.2:{port}")).is_ok());
}

#[test]
fn not_a_site_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shownotes"))
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a shownotes site"));
}

#[test]
fn ctrl_c_during_the_first_build_still_removes_the_preview_and_abandoned_ones_are_removed() {
    // A site whose first build takes a while: 300 episodes.
    let site = slow_site();
    let tmp = tempfile::tempdir().unwrap();
    // A preview folder whose server was killed (its process is gone), and one whose
    // server still runs (this test's process): only the first is removed.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    for (name, pid) in [("shownotes-serve-killed", gone.id()), ("shownotes-serve-running", std::process::id())] {
        std::fs::create_dir_all(tmp.path().join(name).join("site")).unwrap();
        std::fs::write(tmp.path().join(name).join(".shownotes-serve-pid"), pid.to_string()).unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shownotes"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .env("TMPDIR", tmp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut head = String::new();
    while !head.contains("Building") {
        assert!(std::io::BufRead::read_line(&mut out, &mut head).unwrap() > 0, "{head}");
    }
    // Ctrl-C while it builds.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let built_yet = std::fs::read_dir(tmp.path()).unwrap().flatten().any(|e| e.path().join("site/index.html").exists());
    interrupt(&child);
    let status = child.wait().unwrap();
    let mut rest = head;
    out.read_to_string(&mut rest).unwrap();
    assert!(status.success(), "{status}\n{rest}");
    assert!(rest.contains("Stopped"), "{rest}");
    assert!(!built_yet, "the first build was over before Ctrl-C: make the site bigger");
    let left: Vec<String> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, vec!["shownotes-serve-running".to_string()], "{rest}");
    assert!(rest.contains("shownotes-serve-killed, left behind by a preview that was killed"), "{rest}");
}
