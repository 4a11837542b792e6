//! Hostile content, round two (issue 24), findings 5 and 8 to 11: what `serve` watches
//! and answers, `base_url`, `check --external`'s limits, and what feeds, show notes and
//! warnings say. Each test drives the real binary.

mod common;
use common::*;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// A tiny transcript: `n` is the episode number it states.
fn transcript(n: u32, word: &str) -> String {
    format!("00:00:01 Welcome to episode {n}. Today we talk about {word}.\n00:00:09 That is all for {word}.\n")
}

// 5. `serve` watches what the build reads, and nothing else.

#[cfg(unix)]
#[test]
fn serve_watches_no_folder_that_a_skipped_link_leads_to() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let ext = outside.path().join("ext");
    for sub in ["a", "b", "c"] {
        std::fs::create_dir_all(ext.join(sub)).unwrap();
    }
    std::fs::write(ext.join("a/800-outside.txt"), transcript(800, "OUTSIDE")).unwrap();

    let site = Site::new(PB_CONFIG);
    site.write("content/001-real.txt", transcript(1, "REAL"));
    // A link out of the site (the build skips it) and one inside it (the build reads it).
    symlink(&ext, site.root().join("content/ext")).unwrap();
    site.write("shared/002-shared.txt", transcript(2, "SHARED"));
    symlink(site.root().join("shared"), site.root().join("content/shared")).unwrap();

    let p = Preview::start(site.root(), &[]);
    // The warning is printed with the first build; stderr may reach us a moment later.
    p.wait_until("the symlink warning", |p| p.stderr().contains("content/ext: symbolic link to"));
    assert_eq!(p.status()["build"], 1);

    // A change out of the site: no rebuild.
    std::fs::write(ext.join("a/800-outside.txt"), transcript(800, "CHANGED")).unwrap();
    std::fs::write(ext.join("b/801-new.txt"), transcript(801, "NEW")).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // A change in the site's own linked folder, then in the content folder: one rebuild
    // each.
    save_atomically(&site.root().join("shared/002-shared.txt"), &transcript(2, "SHARED AGAIN"));
    p.wait_for_build(2);
    save_atomically(&site.root().join("content/001-real.txt"), &transcript(1, "REAL AGAIN"));
    p.wait_for_build(3);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(p.status()["build"], 3, "stdout: {}", p.stdout());
    let out = p.stdout();
    let rebuilds: Vec<&str> = out.lines().filter(|l| l.contains(" changed: ") || l.contains(" removed: ")).collect();
    assert_eq!(rebuilds.len(), 2, "{out}");
    assert!(rebuilds[0].starts_with("shared/002-shared.txt "), "{out}");
    assert!(rebuilds[1].starts_with("content/001-real.txt "), "{out}");
    assert!(!out.contains("ext/"), "{out}");
}

// 9. `serve` answers only this machine's names, closes slow clients, streams pages.

/// A request sent byte for byte, with this `Host`; the whole answer (status, text).
fn get_with_host(url: &str, path: &str, host: &str) -> (u16, String) {
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    (text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0), text)
}

#[test]
fn serve_refuses_foreign_host_names() {
    let site = Site::new(PB_CONFIG);
    site.write("content/001-real.txt", transcript(1, "REAL"));
    let p = Preview::start(site.root(), &[]);
    let port = p.url.trim_end_matches('/').rsplit(':').next().unwrap().to_string();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}"), "localhost".into()]
    {
        for path in ["/", "/__shownotes/status"] {
            let (status, text) = get_with_host(&p.url, path, &host);
            assert_eq!(status, 200, "{host} {path}: {text}");
        }
    }
    // A page that made its own name resolve to 127.0.0.1 (DNS rebinding), another port,
    // a name that merely starts like a loopback address.
    for host in [
        format!("evil.example:{port}"),
        "evil.example".into(),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        "localhost:1".into(),
    ] {
        for path in ["/", "/__shownotes/status", "/__shownotes/events", "/__shownotes/live.js"] {
            let (status, text) = get_with_host(&p.url, path, &host);
            assert_eq!(status, 403, "{host} {path}: {text}");
            assert!(text.contains("the preview answers only to this machine's names"), "{text}");
            assert!(!text.contains("generation"), "{text}");
        }
    }
}

#[test]
fn serve_closes_a_client_that_does_not_finish_its_request() {
    let site = Site::new(PB_CONFIG);
    site.write("content/001-real.txt", transcript(1, "REAL"));
    let p = Preview::start(site.root(), &[]);
    let addr = p.url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(25))).unwrap();
    slow.write_all(b"GET / HT").unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    let closed = loop {
        match slow.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue, // an error answer (408) before closing is fine
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
            Err(_) => break false,
        }
    };
    let took = started.elapsed();
    assert!(closed && took < Duration::from_secs(15), "still open after {took:?}");
    // The server still answers others.
    assert_eq!(p.get("").status, 200);
}

#[test]
fn serve_streams_a_large_page_with_the_script() {
    let site = Site::new(PB_CONFIG);
    site.write("content/001-real.txt", transcript(1, "REAL"));
    let p = Preview::start(site.root(), &[]);
    // A 32 MB page, planted in the preview folder.
    let mut page = b"<!doctype html><html><body>\n".to_vec();
    let line = b"<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n";
    while page.len() < 32 << 20 {
        page.extend_from_slice(line);
    }
    page.extend_from_slice(b"</body></html>\n");
    std::fs::write(p.folder.join("big.html"), &page).unwrap();
    let pid = p.child.id();
    let rss = || -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let kb = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap().split_whitespace().nth(1).unwrap();
        kb.parse::<u64>().unwrap() << 10
    };
    let before = rss();
    // Eight slow downloads: each reads the answer's first bytes, then waits.
    let addr = p.url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut slow = Vec::new();
    for _ in 0..8 {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(s, "GET /big.html HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut head = [0u8; 4096];
        s.read_exact(&mut head).unwrap();
        assert!(head.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&head));
        slow.push(s);
    }
    std::thread::sleep(Duration::from_millis(500));
    let grown = rss().saturating_sub(before);
    eprintln!("server RSS grew {} KB during 8 slow downloads", grown >> 10);
    assert!(grown < 64 << 20, "8 slow downloads of a 32 MB page grew the server by {} MB", grown >> 20);
    drop(slow);
    // Served whole, the script before the last `</body>`.
    let a = p.get("big.html");
    assert_eq!(a.status, 200);
    let at = page.len() - b"</body></html>\n".len();
    assert_eq!(&a.body[..at], &page[..at]);
    let rest = String::from_utf8_lossy(&a.body[at..]).into_owned();
    assert!(rest.starts_with("<script src=\"/__shownotes/live.js\" data-generation=\"1\"></script>\n"), "{rest}");
    assert!(rest.ends_with("</script>\n</body></html>\n"), "{rest}");
    assert_eq!(a.header("content-length"), Some(a.body.len().to_string().as_str()));
}

// 8. `base_url` is an absolute http(s) URL or a path from `/`.

#[test]
fn a_base_url_browsers_read_as_another_site_is_refused() {
    for (value, why) in [
        (r#""\\host/""#, "base_url `\\host/` holds a backslash"),
        (r#""//evil.example/""#, "base_url `//evil.example/` starts with `//`"),
        (r#""https:///x""#, "has no host name"),
        (r#""podcast/""#, "is neither an http(s) URL nor a path starting with `/`"),
    ] {
        let site = Site::new(&format!("title = \"x\"\nbase_url = {value}\n"));
        site.write("content/001-real.txt", transcript(1, "REAL"));
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{value}: {}", run.stdout);
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains("shownotes.toml:2: "))
            .unwrap_or_else(|| panic!("{value}: {}", run.stderr));
        assert!(line.contains(why), "{line}");
        assert!(
            line.contains("write an absolute URL like `https://example.com/podcast/`, or a path like `/podcast/`"),
            "{line}"
        );
        assert!(!site.out("index.html").exists(), "{value}: nothing is written");
    }
    // The command line's override too, and what is fine stays fine.
    let site = Site::new("title = \"x\"\n");
    site.write("content/001-real.txt", transcript(1, "REAL"));
    let run = site.build(&["--base-url", "//evil.example/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--base-url: base_url `//evil.example/` starts with `//`"), "{}", run.stderr);
    site.build_ok(&["--base-url", "/podcast/"]);
    let page = site.read("index.html");
    assert!(page.contains("\"/podcast/"), "links start with the path");
    assert!(!page.contains("\\"), "no backslash on the page");
}

// 10. `check --external`: no panic on a huge timeout; every redirect hop waits its turn.

/// `shownotes check` on the site.
fn check(site: &Site, args: &[&str]) -> Run {
    site.check(args)
}

#[test]
fn check_refuses_a_timeout_out_of_range() {
    let site = Site::new("title = \"x\"\n");
    site.write("content/001-real.txt", transcript(1, "REAL"));
    for t in ["1e20", "inf", "NaN", "0", "-1", "3601"] {
        let t = &format!("--timeout={t}");
        let run = check(&site, &["--external", t]);
        assert_eq!(run.code, 2, "--timeout {t}: {}", run.stderr);
        assert!(run.stderr.contains("is not a number of seconds between 0 and 3600"), "{t}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn check_follows_each_redirect_in_its_hosts_turn() {
    use std::sync::{Arc, Mutex};
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let log: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let url = req.url().to_string();
            seen.lock().unwrap().push((Instant::now(), url.clone()));
            let redirect = |to: &str| {
                tiny_http::Response::from_string("")
                    .with_status_code(302)
                    .with_header(tiny_http::Header::from_bytes("Location", to).unwrap())
            };
            let resp = match url.as_str() {
                "/hop1" => redirect("/hop2"),
                "/hop2" => redirect("hop3"),
                "/hop3" => redirect(&format!("http://127.0.0.1:{port}/ok")),
                "/ok" => tiny_http::Response::from_string("ok"),
                "/loop" => redirect("/loop"),
                "/to-file" => redirect("file:///etc/passwd"),
                _ => tiny_http::Response::from_string("gone").with_status_code(404),
            };
            let _ = req.respond(resp);
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let site = Site::new("title = \"Ext\"\nbase_url = \"https://example.com/\"\n");
    site.write("content/001-one.txt", transcript(1, "REDIRECTS"));
    site.write(
        "content/001-one.md",
        format!("+++\ntitle = \"One\"\nnumber = 1\n+++\n[a]({base}/hop1)\n\n[b]({base}/loop)\n\n[c]({base}/to-file)\n"),
    );
    let run = check(&site, &["--external", "--rate", "10", "--timeout", "5"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains(&format!("{base}/hop1")), "a redirect chain to a page is fine: {}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: {}/content/001-one.md:7: external link {base}/loop does not answer: more than 10 redirects",
            site.root().display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("which is not a web address"), "{}", run.stderr);
    let log = log.lock().unwrap();
    let urls: Vec<&str> = log.iter().map(|(_, u)| u.as_str()).collect();
    assert_eq!(&urls[..4], ["/hop1", "/hop2", "/hop3", "/ok"], "{urls:?}");
    assert_eq!(urls.iter().filter(|u| **u == "/loop").count(), 11, "{urls:?}");
    // One host, 10 a second: every request, hops included, 0.1 s after the last (less a
    // little for timer granularity; redirects the HTTP client followed came back to back).
    for w in log.windows(2) {
        let gap = w[1].0.duration_since(w[0].0);
        assert!(gap >= Duration::from_millis(75), "requests {gap:?} apart: {} then {}", w[0].1, w[1].1);
    }
}

// 11. Feeds, show-notes ids and warnings say what they mean.

#[test]
fn a_plain_text_description_stays_text_in_the_feed() {
    let site =
        Site::new("title = \"x\"\ndescription = \"News <i>weekly</i> & more\"\nbase_url = \"https://example.com/\"\n");
    site.write("content/001-real.txt", transcript(1, "REAL"));
    site.write("content/001-real.md", "+++\ntitle = \"One\"\ndescription = \"a <b>bold</b> & c\"\n+++\nNotes.\n");
    site.build_ok(&[]);
    let feed = site.read("feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let descriptions: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("description"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    assert_eq!(descriptions.len(), 2, "{feed}");
    // As a reader shows it: the description read as HTML.
    for (xml_text, plain) in descriptions.iter().zip(["News <i>weekly</i> & more", "a <b>bold</b> & c"]) {
        let shown = scraper::Html::parse_fragment(xml_text);
        let text: String = shown.root_element().text().collect();
        assert_eq!(text, plain, "{xml_text}");
        assert!(select(&shown, "b, i").is_empty(), "markup in a plain-text description: {xml_text}");
    }
}

#[test]
fn show_notes_ids_never_take_the_pages_own() {
    let site = Site::new(PB_CONFIG);
    site.write(
        "content/001-real.txt",
        "00:00:01 Welcome to episode 1.\n00:00:10 Ten seconds in.\n00:00:20 Twenty seconds in.\n",
    );
    site.write(
        "content/001-real.md",
        "+++\ntitle = \"One\"\n+++\n<p id=\"t-10\">Not the cue.</p> <p id=\"player\">nor the player</p>\n\nA footnote[^1], [ten seconds in](#t-20).\n\n[^1]: The note.\n",
    );
    site.build_ok(&[]);
    let page = site.read("episodes/001-real/index.html");
    let doc = html(&page);
    let mut ids = std::collections::BTreeMap::<String, usize>::new();
    for e in select(&doc, "[id]") {
        *ids.entry(e.value().attr("id").unwrap().to_string()).or_default() += 1;
    }
    let dups: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "duplicate ids {dups:?}");
    assert!(ids.contains_key("t-10") && ids.contains_key("notes-t-10"), "{ids:?}");
    // The footnote still leads to its note, and a link to a moment to the transcript.
    let footnote = select(&doc, "sup.footnote-reference a")[0].value().attr("href").unwrap().to_string();
    let target = footnote.trim_start_matches('#');
    assert!(target.starts_with("notes-") && ids.contains_key(target), "{footnote}: {ids:?}");
    assert!(page.contains("href=\"#t-20\""), "{page}");
}

#[cfg(unix)]
#[test]
fn a_warning_about_the_content_folder_names_it_while_the_sample_is_built() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.txt"), transcript(9, "OUTSIDE")).unwrap();
    let site = Site::new("title = \"x\"\nsample_dir = \"sample\"\n");
    site.write("sample/000-welcome.txt", transcript(0, "SAMPLE"));
    std::os::unix::fs::symlink(outside.path().join("x.txt"), site.root().join("content/009-link.txt")).unwrap();
    let run = site.build_ok(&[]);
    assert!(run.stdout.contains("Built 1 episode,"), "the sample: {}", run.stdout);
    assert!(run.stderr.contains("content/009-link.txt: symbolic link to"), "{}", run.stderr);
    assert!(!run.stderr.contains("sample/009-link.txt"), "{}", run.stderr);
}
