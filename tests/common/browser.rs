//! Helpers for real-browser tests: Debian's chromium driven by playwright-core from a
//! node script in tests/browser (run.mjs, reload.mjs).
//!
//! Needs `chromium` (or SHOWNOTES_CHROMIUM) and `node`; `.ci/run` installs both and the
//! npm packages. Set SHOWNOTES_SKIP_BROWSER=1 to skip on a machine without them: the
//! tests fail, loudly, rather than pass without a browser.

use super::repo;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn skip() -> bool {
    if std::env::var("SHOWNOTES_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("SHOWNOTES_SKIP_BROWSER=1: browser test skipped");
        return true;
    }
    false
}

pub fn chromium() -> String {
    let path = std::env::var("SHOWNOTES_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&path).exists(),
        "no Chromium at {path}: install Debian's `chromium` (as .ci/run does), set SHOWNOTES_CHROMIUM, or set SHOWNOTES_SKIP_BROWSER=1 to skip"
    );
    path
}

/// tests/browser with its npm packages installed (once per test run).
pub fn driver() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = repo().join("tests/browser");
        if !dir.join("node_modules/playwright-core").is_dir() || !dir.join("node_modules/axe-core").is_dir() {
            let ok = std::process::Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir)
                .status()
                .expect("npm runs (install node and npm, or set SHOWNOTES_SKIP_BROWSER=1)");
            assert!(ok.success(), "npm ci in tests/browser failed");
        }
        dir
    })
}

/// Runs `script` (a file in tests/browser) with node on `job`, a JSON file it reads,
/// and returns the JSON it prints.
pub fn run_node(script: &str, job: serde_json::Value) -> serde_json::Value {
    // One browser at a time: several at once on a small machine make the timings of the
    // pages (and so the tests) flaky.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = driver();
    let tmp = tempfile::tempdir().unwrap();
    let job_path = tmp.path().join("job.json");
    let mut job = job;
    job["chromium"] = serde_json::json!(chromium());
    std::fs::write(&job_path, job.to_string()).unwrap();
    let out = std::process::Command::new("node")
        .arg(dir.join(script))
        .arg(&job_path)
        .current_dir(dir)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "browser driver failed\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
