//! `shownotes serve`, the page you are looking at first: a saved episode is on its page
//! before the full build has caught up, and a start answers at once from the preview
//! the last run kept. The real binary, a real HTTP client, a site large enough that its
//! build takes a while.

mod common;
use common::*;
use std::io::BufRead;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The page of the episode made from `content/150-episode.txt`, as the preview names it.
fn page_of_150(folder: &std::path::Path) -> String {
    for e in std::fs::read_dir(folder.join("episodes")).unwrap() {
        let e = e.unwrap();
        let html = std::fs::read_to_string(e.path().join("index.html")).unwrap();
        if html.contains("episode 150 line 3 ") {
            return format!("episodes/{}/", e.file_name().to_string_lossy());
        }
    }
    panic!("no page of episode 150 in {}", folder.display());
}

#[test]
fn a_saved_transcript_is_on_its_page_before_the_full_build_and_only_changed_pages_reload() {
    let site = slow_site();
    let p = Preview::start(site.root(), &[]);
    let page = page_of_150(&p.folder);
    let s = p.status();
    assert_eq!((s["step"].as_u64(), s["ready"].as_bool(), s["build"].as_u64()), (Some(1), Some(true), Some(1)), "{s}");

    let file = site.root().join("content/150-episode.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    let saved = Instant::now();
    save_atomically(&file, &text.replace("episode 150 line 3 about", "episode 150 line 3 ZEBRAFINCH about"));
    let mut when = serde_json::Value::Null;
    p.wait_until("the saved word on the episode's page", |p| {
        let on_page = p.get(&page).text().contains("ZEBRAFINCH");
        if on_page {
            when = p.status();
        }
        on_page
    });
    let took = saved.elapsed();
    // The full build had not caught up: the page came from the quick path.
    assert_eq!(when["build"].as_u64(), Some(1), "the full build was over first: {when}");
    assert_eq!(when["ready"].as_bool(), Some(false), "{when}");
    assert_eq!(when["step"].as_u64(), Some(2), "{when}");
    let pages: Vec<&str> = when["pages"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(pages.contains(&format!("/{page}").as_str()), "{pages:?}");
    // Newest first, 20 to a page: the front page that lists episode 150 is the 8th.
    assert!(pages.contains(&"/page/8/"), "the front page that lists it: {pages:?}");
    eprintln!("save -> page served with the change: {took:?} (debug build)");

    // The full build catches up; the page it made is the one the quick path made, so the
    // open page does not reload again.
    let s = p.wait_for_build(2);
    assert_eq!(
        (s["step"].as_u64(), s["ready"].as_bool(), s["generation"].as_u64()),
        (Some(3), Some(true), Some(2)),
        "{s}"
    );
    let pages: Vec<&str> =
        s["pages"].as_array().expect("a list of the pages changed").iter().map(|v| v.as_str().unwrap()).collect();
    assert!(!pages.contains(&format!("/{page}").as_str()), "the full build changed the page again: {pages:?}");
    assert!(p.get(&page).text().contains("ZEBRAFINCH"));
    // The lines are read from the pipe by a thread of the test: they may arrive a moment
    // after the status says the build is done.
    p.wait_until("the full build's line", |p| p.stdout().contains("content/150-episode.txt changed: rebuilt"));
    let out = p.stdout();
    let quick = out
        .lines()
        .find(|l| l.starts_with("content/150-episode.txt saved: 2 pages updated in "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(quick.ends_with("; the rest of the site is catching up"), "{quick}");
    assert!(out.lines().any(|l| l.starts_with("content/150-episode.txt changed: rebuilt 300 episodes,")), "{out}");

    // A save that breaks the file is not shown at once: the last good page stays, with
    // the error over it (the full build holds it back).
    let mut bytes = text.clone().into_bytes();
    bytes.extend_from_slice(&[0, 0, 0, 0]);
    bytes.splice(0..0, [0u8, 0, 0, 0]);
    std::fs::write(file.with_extension("tmp"), &bytes).unwrap();
    std::fs::rename(file.with_extension("tmp"), &file).unwrap();
    let s = p.wait_for_build(3);
    assert_eq!((s["held"].as_bool(), s["step"].as_u64()), (Some(true), Some(3)), "{s}");
    assert!(s["problems"][0]["file"].as_str().unwrap().ends_with("150-episode.txt"), "{s}");
    assert!(p.get(&page).text().contains("ZEBRAFINCH"));
}

/// A `shownotes serve` started by hand: its output as it comes.
struct Started {
    child: std::process::Child,
    out: Arc<Mutex<String>>,
}

impl Started {
    fn new(site: &Site) -> Started {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shownotes"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        let o = out.clone();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let mut o = o.lock().unwrap();
                o.push_str(&line);
                o.push('\n');
            }
        });
        Started { child, out }
    }
    /// Waits for a line starting with `prefix` and returns it.
    fn line(&self, prefix: &str) -> String {
        let started = Instant::now();
        loop {
            let out = self.out.lock().unwrap().clone();
            if let Some(l) = out.lines().find(|l| l.starts_with(prefix)) {
                return l.to_string();
            }
            assert!(started.elapsed() < Duration::from_secs(120), "no line `{prefix}`: {out}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        interrupt(&self.child);
        let _ = self.child.wait();
    }
}

/// GET, waiting as long as a first build may take in a debug build on a busy machine.
fn get(url: &str) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(600)))
        .build()
        .into();
    let mut res = agent.get(url).call().unwrap();
    let headers: Vec<(String, String)> =
        res.headers().iter().map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string())).collect();
    let content_type = headers.iter().find(|(k, _)| k == "content-type").map(|(_, v)| v.clone()).unwrap_or_default();
    let body = res.body_mut().with_config().limit(1 << 30).read_to_vec().unwrap();
    Answer { status: res.status().as_u16(), content_type, headers, body }
}

fn status(url: &str) -> serde_json::Value {
    serde_json::from_slice(&get(&format!("{url}__shownotes/status")).body).unwrap()
}

#[test]
fn a_start_answers_at_once_from_the_kept_preview_and_never_after_the_build() {
    let site = slow_site();
    // A first run builds the site and keeps its preview.
    let first = Preview::start(site.root(), &[]);
    let page = page_of_150(&first.folder);
    let (code, out, _) = first.stop();
    assert!(code.success(), "{out}");
    let kept = site.root().join(".public.shownotes-cache/serve-preview");
    assert!(kept.join("CACHEDIR.TAG").is_file(), "no kept preview in {}", kept.display());

    // Edited while no server runs: the kept preview is stale.
    let file = site.root().join("content/150-episode.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("episode 150 line 3 about", "episode 150 line 3 OKAPI about")).unwrap();

    let started = Instant::now();
    let run = Started::new(&site);
    let line = run.line("Answering at ");
    let url = line["Answering at ".len()..].split(' ').next().unwrap().to_string();
    let a = get(&format!("{url}{page}"));
    let answered = started.elapsed();
    let s = status(&url);
    assert_eq!(a.status, 200);
    assert_eq!(a.header("x-shownotes-preview"), Some("kept"));
    assert!(a.text().contains("episode 150 line 3 about"), "the kept page");
    assert!(a.text().contains("/__shownotes/live.js"));
    // Its links point at this run's address, not the last run's.
    assert!(!a.text().contains(&first_url(&out)), "links to the last run's address");
    assert_eq!(
        (s["generation"].as_u64(), s["kept"].as_bool(), s["ready"].as_bool()),
        (Some(0), Some(true), Some(false)),
        "the first build was over first: {s}"
    );
    eprintln!("start -> first page answered: {answered:?} (debug build)");
    // A file the preview does not keep (the feed) waits for the build.
    let feed = get(&format!("{url}feed.xml"));
    assert_eq!(feed.status, 200);
    assert_eq!(feed.header("x-shownotes-preview"), None);

    // Once built, the fresh pages and never the kept ones; the terminal says so.
    run.line("Serving the preview at ");
    run.line("The site is built: the preview kept from the last run is no longer served.");
    let s = status(&url);
    assert_eq!(
        (s["generation"].as_u64(), s["kept"].as_bool(), s["ready"].as_bool()),
        (Some(1), Some(false), Some(true)),
        "{s}"
    );
    // Only the edited episode's pages changed from the kept ones: the other open pages
    // do not reload.
    let pages: Vec<&str> = s["pages"]
        .as_array()
        .expect("pages compared with the kept preview")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(pages.contains(&format!("/{page}").as_str()), "{pages:?}");
    assert!(pages.len() < 10, "{pages:?}");
    let a = get(&format!("{url}{page}"));
    assert_eq!(a.header("x-shownotes-preview"), None);
    assert!(a.text().contains("episode 150 line 3 OKAPI about"));
}

/// The address the first run served at, from its output.
fn first_url(out: &str) -> String {
    let line = out.lines().find(|l| l.starts_with("Serving the preview at ")).unwrap();
    line["Serving the preview at ".len()..].split(' ').next().unwrap().to_string()
}

#[test]
fn a_kept_preview_that_was_tampered_with_is_not_served() {
    let site = slow_site();
    let first = Preview::start(site.root(), &[]);
    let page = page_of_150(&first.folder);
    first.stop();
    // Every kept entry altered by someone who can write the site folder but has not
    // the user's key.
    let kept = site.root().join(".public.shownotes-cache/serve-preview");
    let mut altered = 0;
    for e in std::fs::read_dir(&kept).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("page-") {
            let mut bytes = std::fs::read(&path).unwrap();
            let at = bytes.len() / 2;
            bytes[at] ^= 0x20;
            std::fs::write(&path, bytes).unwrap();
            altered += 1;
        }
    }
    assert!(altered > 300, "{altered}");
    let run = Started::new(&site);
    let line = run.line("Answering at ");
    let url = line["Answering at ".len()..].split(' ').next().unwrap().to_string();
    // The page is not served from the altered entry: the answer waits for the build.
    let a = get(&format!("{url}{page}"));
    assert_eq!(a.status, 200);
    assert_eq!(a.header("x-shownotes-preview"), None);
    assert!(status(&url)["generation"].as_u64().unwrap() >= 1);
}
