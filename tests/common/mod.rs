//! Helpers for integration tests: fixture sites in temp folders, built with the real CLI.
#![allow(dead_code)]

pub mod browser;
pub mod search;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub struct Site {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Site {
    /// A new site with this `shownotes.toml`.
    pub fn new(config: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("shownotes.toml"), config).unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        Site { dir }
    }
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }
    /// Copies a file from the repository (seeds, fixtures) into the site.
    pub fn copy(&self, from_repo: &str, to: &str) -> &Self {
        let src = repo().join(from_repo);
        self.write(to, std::fs::read(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display())))
    }
    pub fn build(&self, args: &[&str]) -> Run {
        self.run("build", args)
    }
    /// `shownotes check --root SITE ARGS`.
    pub fn check(&self, args: &[&str]) -> Run {
        self.run("check", args)
    }
    /// `shownotes COMMAND --root SITE ARGS`, run to the end.
    pub fn run(&self, command: &str, args: &[&str]) -> Run {
        let out = Command::cargo_bin("shownotes")
            .unwrap()
            .arg(command)
            .arg("--root")
            .arg(self.root())
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
    /// Builds and insists on success without errors.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let r = self.build(args);
        assert_eq!(r.code, 0, "build failed\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
        r
    }
    pub fn out(&self, rel: &str) -> PathBuf {
        self.root().join("public").join(rel)
    }
    pub fn read(&self, rel: &str) -> String {
        let p = self.out(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }
    pub fn json(&self, rel: &str) -> serde_json::Value {
        serde_json::from_str(&self.read(rel)).unwrap()
    }
    /// Every episode JSON of the build, by episode number.
    pub fn episodes_by_number(&self) -> std::collections::BTreeMap<u64, serde_json::Value> {
        let mut out = std::collections::BTreeMap::new();
        for e in std::fs::read_dir(self.out("api/episodes")).unwrap() {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap();
            out.insert(v["number"].as_u64().expect("number"), v);
        }
        out
    }
}

/// `shownotes ARGS` run in `dir`, to the end.
pub fn shownotes(args: &[&str], dir: &Path) -> Run {
    let out = Command::cargo_bin("shownotes").unwrap().current_dir(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn html(s: &str) -> scraper::Html {
    scraper::Html::parse_document(s)
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&scraper::Selector::parse(css).unwrap()).collect()
}

pub fn text(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All files under `dir`, relative path -> bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            out.insert(e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap());
        }
    }
    out
}

pub const SEEDS: &[&str] = &[
    "000_a09f45d5618a526f.txt",
    "001_0b1090a70a28c12f.txt",
    "002_c2930294541f7fc1.txt",
    "003_c0e2eaecc80cc5e7.txt",
    "004_eb2a933e6b85e2e3.txt",
];

pub const PB_CONFIG: &str = "title = \"Python Bytes\"\nhosts = [\"Michael Kennedy\", \"Brian Okken\"]\n";

/// The sample podcast: the five seeds.
pub fn seed_site(config: &str) -> Site {
    let s = Site::new(config);
    for f in SEEDS {
        s.copy(&format!("content/{f}"), &format!("content/{f}"));
    }
    s
}

/// Nine episodes of real speech for rebuild tests: the five seeds, the first two three
/// times each (under other numbers, as a show's re-runs would be), show notes for two.
pub fn rerun_site() -> Site {
    let s = Site::new(PB_CONFIG);
    for (i, f) in SEEDS.iter().enumerate() {
        let text = std::fs::read_to_string(repo().join("content").join(f)).unwrap();
        s.write(&format!("content/{:03}-a.txt", i + 1), &text);
        if i < 2 {
            s.write(&format!("content/{:03}-b.txt", i + 101), &text);
            s.write(&format!("content/{:03}-c.txt", i + 201), &text);
        }
    }
    s.write(
        "content/001-a.md",
        "---\ntitle: PyScript and Memray\n---\n\n**Michael #1:** [**PyScript**](https://pyscript.net)\n\n* Python in the browser\n\n**Brian #2:** [**Memray**](https://github.com/bloomberg/memray)\n\n* a memory profiler\n",
    );
    s.write(
        "content/002-a.md",
        "---\ntitle: Episode two\n---\n\n**Brian #1:** [**pytest**](https://pytest.org)\n\n* fixtures\n",
    );
    s
}

/// A clean build of `site`'s content into a folder of its own (so with an empty build
/// cache and no previous site): its files, and what it printed.
pub fn clean_build(site: &Site) -> (std::collections::BTreeMap<String, Vec<u8>>, String) {
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("site");
    let run = site.build_ok(&["-o", out.to_str().unwrap()]);
    (tree(&out), run.stderr)
}

/// `site`'s output equals a clean build of its content, file for file, byte for byte.
pub fn assert_same_as_clean(site: &Site, what: &str) {
    let incremental = tree(&site.out(""));
    let (clean, _) = clean_build(site);
    assert_eq!(incremental.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>(), "{what}: the same files");
    for (path, bytes) in &clean {
        assert!(incremental[path] == *bytes, "{what}: {path} differs from a clean build");
    }
}

/// A static file server for a built site on 127.0.0.1 (a real HTTP server, with byte
/// ranges so a browser can seek in audio). Serves until the test process ends.
pub fn serve(dir: &Path) -> u16 {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let path = req.url().split(['?', '#']).next().unwrap_or("/").to_string();
            let mut file = dir.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let Ok(bytes) = std::fs::read(&file) else {
                let _ = req.respond(tiny_http::Response::from_string("not found").with_status_code(404));
                continue;
            };
            let mime = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
                "html" => "text/html; charset=utf-8",
                "css" => "text/css",
                "js" => "text/javascript",
                "json" => "application/json",
                "xml" => "application/xml",
                "vtt" => "text/vtt",
                "wav" => "audio/wav",
                "mp3" => "audio/mpeg",
                "png" => "image/png",
                _ => "application/octet-stream",
            };
            let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap();
            let range = req
                .headers()
                .iter()
                .find(|h| h.field.equiv("Range"))
                .and_then(|h| h.value.as_str().strip_prefix("bytes=").map(str::to_string));
            let total = bytes.len();
            let resp = match range.and_then(|r| {
                let (a, b) = r.split_once('-')?;
                let start: usize = a.parse().ok()?;
                let end: usize = if b.is_empty() { total - 1 } else { b.parse::<usize>().ok()?.min(total - 1) };
                (start <= end).then_some((start, end))
            }) {
                Some((start, end)) => tiny_http::Response::from_data(bytes[start..=end].to_vec())
                    .with_status_code(206)
                    .with_header(header("Content-Range", &format!("bytes {start}-{end}/{total}"))),
                None => tiny_http::Response::from_data(bytes),
            };
            let _ = req
                .respond(resp.with_header(header("Content-Type", mime)).with_header(header("Accept-Ranges", "bytes")));
        }
    });
    port
}

/// A WAV file: `seconds` of a quiet tone, 8 kHz, 8-bit mono.
pub fn wav(seconds: u32) -> Vec<u8> {
    let rate = 8000u32;
    let n = rate * seconds;
    let mut out = Vec::with_capacity(44 + n as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + n).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes()); // bytes per second
    out.extend_from_slice(&1u16.to_le_bytes()); // block align
    out.extend_from_slice(&8u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&n.to_le_bytes());
    for i in 0..n {
        let v = 128.0 + 8.0 * (i as f64 * 2.0 * std::f64::consts::PI * 220.0 / rate as f64).sin();
        out.push(v as u8);
    }
    out
}

/// A small site with audio: three speakers' worth of transcript about Django, Flask and
/// pytest over two and a half minutes, show notes whose items make the chapters, and a
/// generated WAV per episode from the `[podcast]` pattern.
pub fn audio_site(extra_config: &str) -> Site {
    let site = Site::new(&format!(
        "title = \"Audio Test\"\nbase_url = \"https://example.com/pod/\"\nhosts = [\"Ann Host\", \"Bob Host\"]\npaginate = 1\n\n[podcast]\naudio_url = \"audio/{{number:03}}.wav\"\nauthor = \"Ann Host\"\n{extra_config}"
    ));
    for n in [1u32, 2] {
        let mut t = String::new();
        let lines = [
            "ANN: Welcome to Audio Test, episode {n}. I'm Ann Host.",
            "BOB: And I'm Bob Host. Today: Django, Flask and pytest.",
            "ANN: First up, Django. Django 5 is out and Django has async views.",
            "BOB: Django's admin got a facelift too. Django, Django, Django.",
            "ANN: Next, Flask. Flask 3 dropped old Python versions.",
            "BOB: Flask blueprints are still the way to go. Flask is small.",
            "ANN: Finally pytest. pytest fixtures are great, pytest marks too.",
            "BOB: pytest 8 changed collection. That's pytest for this week.",
            "ANN: Thanks for listening to episode {n}.",
        ];
        for (i, l) in lines.iter().enumerate() {
            t.push_str(&format!("00:{:02}:{:02} {}\n", i * 17 / 60, i * 17 % 60, l.replace("{n}", &n.to_string())));
        }
        site.write(&format!("content/{n:03}-show.txt"), t);
        site.write(
            &format!("content/{n:03}-show.md"),
            format!(
                "+++\ntitle = \"Show {n}: Django, Flask & pytest\"\nnumber = {n}\ndate = 2024-0{n}-15\n+++\n\n**Ann #1:** [**Django**](https://www.djangoproject.com/)\n\n**Bob #2:** [**Flask**](https://flask.palletsprojects.com/)\n\n**Ann #3:** [**pytest**](https://docs.pytest.org/)\n"
            ),
        );
        site.write(&format!("static/audio/{n:03}.wav"), wav(150));
    }
    site
}

/// A catalogue of `n` short episodes (WebVTT, three cues each, numbered 1..=n), long
/// enough for the search index to come in shards. Episode 1 alone says "quokka" and
/// episode `n` alone says "zanzibar", each at 00:00:07.
pub fn long_site(n: usize) -> Site {
    let s = Site::new("title = \"Long Show\"\n");
    for i in 1..=n {
        let word = match i {
            1 => "quokka",
            _ if i == n => "zanzibar",
            _ => "weather",
        };
        s.write(
            &format!("content/{i:04}.vtt"),
            format!(
                "WEBVTT\n\n00:00:01.000 --> 00:00:06.000\n<v Ana>Welcome to episode {i} of the long show.\n\n\
                 00:00:07.000 --> 00:00:12.000\n<v Ben>Today we talk about the {word} and the garden.\n\n\
                 00:00:13.000 --> 00:00:20.000\n<v Ana>Thanks for listening to episode {i}.\n"
            ),
        );
    }
    s
}

/// A running `shownotes serve` (the real binary), on a port of its own choosing
/// (`--port 0` unless the arguments say otherwise). Stopped with SIGINT (Ctrl-C) when
/// dropped, if [`Preview::stop`] was not called.
pub struct Preview {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    /// Where the preview's files are (the server prints it).
    pub folder: PathBuf,
    stdout: std::sync::Arc<std::sync::Mutex<String>>,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

/// A real HTTP client that returns 4xx and 5xx answers and does not follow redirects.
pub fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .build()
        .into()
}

/// An answer: status, Content-Type, body.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn reader(from: impl std::io::Read + Send + 'static) -> std::sync::Arc<std::sync::Mutex<String>> {
    let buf = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let b = buf.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            let mut b = b.lock().unwrap();
            b.push_str(&line);
            b.push('\n');
        }
    });
    buf
}

impl Preview {
    /// Starts `shownotes serve --root ROOT --port 0 ARGS` and waits until it serves.
    pub fn start(root: &Path, args: &[&str]) -> Preview {
        Self::start_with(root, args, &[])
    }
    /// [`Preview::start`] with environment variables (`TMPDIR`: where the preview goes).
    pub fn start_with(root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Preview {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_shownotes"));
        cmd.arg("serve").arg("--root").arg(root);
        for (k, v) in env {
            cmd.env(k, v);
        }
        if !args.contains(&"--port") {
            cmd.args(["--port", "0"]);
        }
        cmd.args(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("shownotes serve starts");
        let stdout = reader(child.stdout.take().unwrap());
        let stderr = reader(child.stderr.take().unwrap());
        let started = std::time::Instant::now();
        loop {
            let out = stdout.lock().unwrap().clone();
            if let Some(line) = out.lines().find(|l| l.starts_with("Serving the preview at ")) {
                let url = line["Serving the preview at ".len()..].split(' ').next().unwrap().to_string();
                let folder = line.split("preview files in ").nth(1).unwrap().trim_end_matches(')').into();
                return Preview { child, url, folder, stdout, stderr };
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "shownotes serve exited ({status}) before serving\nstdout: {out}\nstderr: {}",
                    stderr.lock().unwrap()
                );
            }
            assert!(started.elapsed().as_secs() < 300, "shownotes serve did not start\nstdout: {out}");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
    /// GET (or another method) a path of the preview, e.g. `episodes/x/`.
    pub fn request(&self, method: &str, path: &str) -> Answer {
        let url = format!("{}{}", self.url, path.trim_start_matches('/'));
        let agent = http();
        let res = match method {
            "HEAD" => agent.head(&url).call(),
            _ => agent.get(&url).call(),
        };
        let mut res = res.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let headers: Vec<(String, String)> =
            res.headers().iter().map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string())).collect();
        let content_type =
            headers.iter().find(|(k, _)| k == "content-type").map(|(_, v)| v.clone()).unwrap_or_default();
        let body = if method == "HEAD" {
            Vec::new()
        } else {
            res.body_mut().with_config().limit(1 << 30).read_to_vec().unwrap()
        };
        Answer { status: res.status().as_u16(), content_type, headers, body }
    }
    pub fn get(&self, path: &str) -> Answer {
        self.request("GET", path)
    }
    /// The build status the pages see (`/__shownotes/status`).
    pub fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("__shownotes/status").body).unwrap()
    }
    /// Waits (up to two minutes) until `done` holds, and returns how long it took.
    pub fn wait_until(&self, what: &str, mut done: impl FnMut(&Preview) -> bool) -> std::time::Duration {
        let started = std::time::Instant::now();
        while !done(self) {
            assert!(
                started.elapsed().as_secs() < 120,
                "waited two minutes for {what}\nstdout: {}\nstderr: {}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        started.elapsed()
    }
    /// Waits until the server has finished build number `n` (the first build is 1).
    pub fn wait_for_build(&self, n: u64) -> serde_json::Value {
        let mut status = serde_json::Value::Null;
        self.wait_until(&format!("build {n}"), |p| {
            status = p.status();
            status["build"].as_u64().unwrap() >= n
        });
        status
    }
    /// Sends SIGINT (what Ctrl-C sends) and waits for the server to exit.
    pub fn stop(mut self) -> (std::process::ExitStatus, String, String) {
        let status = self.interrupt();
        // The reader threads finish when the pipes close.
        std::thread::sleep(std::time::Duration::from_millis(100));
        (status, self.stdout(), self.stderr())
    }
    fn interrupt(&mut self) -> std::process::ExitStatus {
        interrupt(&self.child);
        let started = std::time::Instant::now();
        loop {
            if let Ok(Some(s)) = self.child.try_wait() {
                return s;
            }
            if started.elapsed().as_secs() > 30 {
                let _ = self.child.kill();
                panic!("shownotes serve did not stop within 30 s of Ctrl-C\nstdout: {}", self.stdout());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            try_interrupt(&self.child);
            let started = std::time::Instant::now();
            while started.elapsed().as_secs() < 10 {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Sends SIGINT, what Ctrl-C sends (with the shell's own `kill`, which every system has).
pub fn interrupt(child: &std::process::Child) {
    assert!(try_interrupt(child), "cannot send SIGINT to {}", child.id());
}

fn try_interrupt(child: &std::process::Child) -> bool {
    let ok = std::process::Command::new("sh").arg("-c").arg(format!("kill -INT {}", child.id())).status();
    ok.is_ok_and(|s| s.success())
}

/// Replaces `path` the way editors that save atomically do: the new text goes to a
/// temporary file beside it, which is then renamed over it.
pub fn save_atomically(path: &Path, content: &str) {
    let tmp = path.with_file_name(format!(".{}.tmp-save", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&tmp, content).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// A site whose build takes a while (300 episodes of 120 lines): for what `serve` does
/// before its first build is done.
pub fn slow_site() -> Site {
    let site = Site::new("title = \"Big\"\n");
    for n in 1..=300 {
        let mut t = String::new();
        for i in 0..120 {
            t.push_str(&format!(
                "00:{:02}:{:02} Speaker {}: episode {n} line {i} about Django, pytest and Rust.\n",
                i / 60,
                i % 60,
                i % 3
            ));
        }
        site.write(&format!("content/{n:03}-episode.txt"), t);
    }
    site
}

/// A show of made-up episodes for topic tests: its settings.
pub const SHOW_CONFIG: &str = "title = \"The Show\"\nhosts = [\"Pat Host\", \"Sam Host\"]\n";

/// Chatter that makes ordinary words look ordinary, one line a cue.
pub const CHATTER: &[&str] = &[
    "That was a good week for everyone, I think.",
    "Yes, a very good week, and the weather helped.",
    "We had a lot of listeners write in this week.",
    "Thanks to everyone who wrote in, we read every message.",
];

/// An episode of "The Show" (hosts Pat and Sam), cues fifteen seconds apart: the introduction, then `talk` (a line per
/// cue; empty lines are chatter), then the goodbye.
pub fn show_episode(n: u32, talk: &[&str]) -> String {
    let mut lines = vec![
        format!("Hello and welcome to The Show, episode {n}, recorded May {}, 2022. I'm Pat Host.", n + 1),
        "And I'm Sam Host.".to_string(),
    ];
    for (i, t) in talk.iter().enumerate() {
        lines.push(if t.is_empty() { CHATTER[i % CHATTER.len()].to_string() } else { t.to_string() });
    }
    lines.push("That's it for this week, see you next time.".to_string());
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let s = i * 15;
            format!("00:{:02}:{:02} {l}\n", s / 60, s % 60)
        })
        .collect()
}

/// Settings of "Field Notes", the made-up interview show of the chapter tests.
pub const INTERVIEW_CONFIG: &str = "title = \"Field Notes\"\nhosts = [\"Ada Lovelace\"]\n\n[search]\nenabled = false\n";
/// Seconds a paragraph of a Field Notes interview takes (each is stamped).
pub const INTERVIEW_PARAGRAPH: u32 = 25;

/// The opening of a Field Notes interview with `guest`; the first part starts at 1:00.
pub fn interview_opening(guest: &str) -> String {
    format!(
        "**Ada Lovelace:** Welcome to another episode of Field Notes. This is Ada Lovelace, and today my guest is {guest}. Welcome to the show, {guest}.\n\n\
         **{guest}:** Thanks for having me, it's great to be here.\n\n"
    )
}

/// A part of the interview at `t`: the host's `question` (unstamped when `stamped` is
/// false, as a question right after a break is), then long answers made of every line of
/// `lines` (from a different one each time) and the host in turn.
pub fn interview_part(
    md: &mut String,
    t: &mut u32,
    guest: &str,
    question: &str,
    lines: &[&str],
    paragraphs: u32,
    stamped: bool,
) {
    for i in 0..paragraphs {
        let stamp = if i == 0 && !stamped { String::new() } else { format!("\\[{:02}:{:02}\\] ", *t / 60, *t % 60) };
        let (who, text) = if i == 0 {
            ("Ada Lovelace", question.to_string())
        } else if i % 2 == 1 {
            let k = i as usize / 2;
            let answer: Vec<&str> = (0..lines.len()).map(|j| lines[(k + j) % lines.len()]).collect();
            (guest, answer.join(" ") + " " + &answer.join(" "))
        } else {
            ("Ada Lovelace", "That makes sense. Go on, I want to hear the rest of it.".to_string())
        };
        md.push_str(&format!("**{who}:** {stamp}{text}\n\n"));
        *t += INTERVIEW_PARAGRAPH;
    }
}

/// The goodbyes of the interview, at `t`.
pub fn interview_goodbye(md: &mut String, t: u32, guest: &str) {
    md.push_str(&format!(
        "**Ada Lovelace:** \\[{m:02}:{s:02}\\] That's all the time we have. Thank you so much for coming on the show, {g}.\n\n\
         **{g}:** Thanks for having me, this was fun.\n\n\
         **Ada Lovelace:** Thanks, everyone, for listening. Talk to you next time. Bye.\n",
        m = t / 60,
        s = t % 60,
        g = guest,
    ));
}

/// A site of the files of `tests/fixtures/{fixture}` (in name order) under `content/`,
/// built with `config`.
pub fn fixture_site(config: &str, fixture: &str) -> Site {
    let site = Site::new(config);
    let dir = repo().join("tests/fixtures").join(fixture);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        site.write(&format!("content/{name}"), std::fs::read_to_string(&f).unwrap());
    }
    site.build_ok(&[]);
    site
}

/// Each topic page's name, as written, and the numbers of the episodes it lists (those
/// that discuss it and those that mention it).
pub fn topic_pages(site: &Site) -> std::collections::BTreeMap<String, Vec<u64>> {
    site.json("api/topics.json")
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let mut eps: Vec<u64> = t["episodes"]
                .as_array()
                .unwrap()
                .iter()
                .chain(t["also_mentioned"].as_array().unwrap())
                .map(|e| e["number"].as_u64().unwrap())
                .collect();
            eps.sort_unstable();
            (t["name"].as_str().unwrap().to_string(), eps)
        })
        .collect()
}

/// The two counts the build's parse line gives after `what` ("transcripts of 8 of 9 files
/// not read: ...", "show notes of 3 of 4 files taken from ..."), checking the words that
/// follow them are `then`; (0, 0) when the line names none.
pub fn parse_counts(stderr: &str, what: &str, then: [&str; 3]) -> (usize, usize) {
    let line =
        stderr.lines().find(|l| l.contains("parsed ") && l.contains(" episodes")).unwrap_or_else(|| panic!("{stderr}"));
    let Some(at) = line.find(what) else { return (0, 0) };
    let words: Vec<&str> = line[at + what.len()..].split_whitespace().collect();
    assert_eq!((words[1], &words[3..6]), ("of", &then[..]), "{line}");
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

/// The warnings a build printed, sorted (files are read in parallel).
pub fn sorted_warnings(stderr: &str) -> Vec<String> {
    let mut w: Vec<String> = stderr.lines().filter(|l| l.starts_with("warning: ")).map(str::to_string).collect();
    w.sort();
    w
}

/// [`topic_pages`] with the names in lower case.
pub fn topic_pages_lower(site: &Site) -> std::collections::BTreeMap<String, Vec<u64>> {
    topic_pages(site).into_iter().map(|(name, eps)| (name.to_lowercase(), eps)).collect()
}
