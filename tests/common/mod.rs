//! Helpers for integration tests: fixture sites in temp folders, built with the real CLI.
#![allow(dead_code)]

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
        let out = Command::cargo_bin("shownotes")
            .unwrap()
            .arg("build")
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
