//! `shownotes check`: builds in memory (writes nothing), reports broken internal links and
//! anchors (errors) and, as the build does, malformed show-notes links and transcript
//! problems (warnings), with file and line; exits 1 on an error; `--external` asks a local HTTP server, with a rate limit and a timeout.

mod common;
use common::*;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `shownotes check` on the site.
fn check(site: &Site, args: &[&str]) -> Run {
    site.check(args)
}

#[test]
fn a_clean_site_checks_clean_and_nothing_is_written() {
    let site = seed_site("title = \"Python Bytes\"\nbase_url = \"https://example.com/\"\nhosts = [\"Michael Kennedy\", \"Brian Okken\"]\n");
    let run = check(&site, &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Checked 5 episodes") && run.stdout.contains("0 errors"), "{}", run.stdout);
    assert!(!site.out("").exists(), "check wrote the site");
    // A relative base_url is warned about: feeds and the sitemap need an absolute one.
    let rel = seed_site(PB_CONFIG);
    let run = check(&rel, &[]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("shownotes.toml: base_url `/` is not absolute"), "{}", run.stderr);
}

#[test]
fn broken_links_malformed_links_and_transcript_problems_name_file_and_line() {
    let site = Site::new("title = \"Check\"\nbase_url = \"https://example.com/\"\nhosts = [\"Ann Host\"]\n");
    site.write(
        "content/001-one.txt",
        "00:00:00 ANN: Welcome, episode 1. I'm Ann Host.\n00:00:30 ANN: Django today.\n00:00:20 ANN: This cue goes back in time.\n00:00:40\n00:00:50 ZORRO: Who am I?\n00:01:00 ANN: Bye, Django.\n",
    );
    site.write(
        "content/001-one.md",
        "+++\ntitle = \"One\"\nnumber = 1\n+++\nIntro.\n\n[gone](/episodes/nope/)\n\n[bad anchor](/episodes/001-one/#t-9999)\n\n[no scheme](www.example.com/page)\n\n[ref link][nowhere]\n\n[spaced] (https://spaced.example/x)\n\n[fine](/episodes/001-one/#t-30) [fine too](https://ok.example/)\n",
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let e = &run.stderr;
    for want in [
        "error: content/001-one.md:7: broken link `/episodes/nope/`",
        "error: content/001-one.md:9: broken anchor `/episodes/001-one/#t-9999`",
        "warning: content/001-one.md:11: malformed link `www.example.com/page`",
        "warning: content/001-one.md:13: link `[nowhere]` has no definition",
        "warning: content/001-one.md:15: `[spaced] (https://spaced.example/x)` is not a link",
        "warning: content/001-one.txt:3: timestamp goes backwards: this cue starts at 00:00:20, before the cue on line 2 (00:00:30)",
        "warning: content/001-one.txt:4: cue with a timestamp but no text",
        "warning: content/001-one.txt:5: unknown speaker label `Zorro`",
    ] {
        // Named from the site root: `--root` and then `content/`.
        let want = want.replacen(": content/", &format!(": {}/content/", site.root().display()), 1);
        assert!(e.contains(&want), "missing `{want}` in:\n{e}");
    }
    assert!(!e.contains("fine"), "{e}");
    assert!(run.stdout.contains("errors"), "{}", run.stdout);
    assert!(!site.out("").exists());
}

#[test]
fn a_broken_link_made_by_a_theme_names_the_built_page() {
    let site = seed_site(PB_CONFIG);
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>Lost</h1>\n<p><a href=\"{{ root }}missing/\">x</a> <a href=\"#nowhere\">y</a></p>{% endblock content %}");
    let run = check(&site, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("(built page) 404.html:") && run.stderr.contains("broken link `/missing/`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("broken anchor `#nowhere`"), "{}", run.stderr);
}

#[test]
fn external_links_are_asked_over_http_with_a_rate_limit_and_a_timeout() {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let log: Arc<Mutex<Vec<(Instant, String, String)>>> = Arc::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let url = req.url().to_string();
            seen.lock().unwrap().push((Instant::now(), req.method().to_string(), url.clone()));
            // One thread per request, so a slow answer holds up no other.
            std::thread::spawn(move || {
                let resp = match url.as_str() {
                    "/ok" | "/ok2" | "/ok3" => tiny_http::Response::from_string("ok"),
                    "/head-not-allowed" if req.method() == &tiny_http::Method::Head => {
                        tiny_http::Response::from_string("").with_status_code(405)
                    }
                    "/head-not-allowed" => tiny_http::Response::from_string("ok"),
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(3));
                        tiny_http::Response::from_string("late")
                    }
                    _ => tiny_http::Response::from_string("gone").with_status_code(404),
                };
                let _ = req.respond(resp);
            });
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let site = Site::new("title = \"Ext\"\nbase_url = \"https://example.com/\"\n");
    site.write("content/001-one.txt", "00:00:00 Welcome to episode 1.\n00:00:10 The end.\n");
    site.write(
        "content/001-one.md",
        format!("+++\ntitle = \"One\"\nnumber = 1\n+++\n[a]({base}/ok)\n\n[b]({base}/gone)\n\n[c]({base}/slow)\n\n[d]({base}/head-not-allowed)\n\n[e]({base}/ok2) [f]({base}/ok3)\n"),
    );
    // Without --external nothing is asked.
    let run = check(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(log.lock().unwrap().is_empty());
    assert!(run.stdout.contains("6 external links not checked"), "{}", run.stdout);

    let started = Instant::now();
    let run = check(&site, &["--external", "--rate", "4", "--timeout", "1"]);
    let took = started.elapsed();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: {}/content/001-one.md:7: broken external link {base}/gone: HTTP 404",
            site.root().display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "error: {}/content/001-one.md:9: external link {base}/slow does not answer",
            site.root().display()
        )),
        "{}",
        run.stderr
    );
    for fine in ["/ok ", "/ok2", "/ok3", "/head-not-allowed"] {
        assert!(!run.stderr.contains(&format!("{base}{fine}")), "{fine}: {}", run.stderr);
    }
    let log = log.lock().unwrap();
    // HEAD first; GET where HEAD is not allowed.
    assert!(log.iter().any(|(_, m, u)| m == "GET" && u == "/head-not-allowed"));
    assert!(log.iter().filter(|(_, m, _)| m == "HEAD").count() >= 6);
    // One host: requests at least 1/4 s apart (a little slack for timer granularity).
    for w in log.windows(2) {
        let gap = w[1].0.duration_since(w[0].0);
        assert!(gap >= Duration::from_millis(230), "requests {gap:?} apart: {:?} then {:?}", w[0].2, w[1].2);
    }
    // The slow link was given up on at the timeout, not waited out.
    assert!(took < Duration::from_secs(8), "{took:?}");
}
