//! Asking a built site's search index, through Pagefind's own script in Node.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The site's answers to `words`, asked through its own Pagefind script in Node
/// (`tests/search_writer/query.mjs`); None when there is no Node to ask with.
pub fn ask(public: &Path, words: &[&str]) -> Option<Value> {
    let script = super::repo().join("tests/search_writer/query.mjs");
    let run = match Command::new("node").arg(script).arg(public).args(words).output() {
        Ok(run) => run,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: no `node` to run Pagefind's search script with");
            return None;
        }
        Err(e) => panic!("node: {e}"),
    };
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    Some(serde_json::from_slice(&run.stdout).unwrap())
}

/// The pages an answer lists for `word`, best first.
pub fn urls(answer: &Value, word: &str) -> Vec<String> {
    answer["queries"][word]["results"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap().into()).collect()
}

/// A show of `n` episodes of many different words (a pseudo-random vocabulary of the
/// `syllables`, drawn from `seed`), so that its index has several word chunks; episode 7
/// says "quokka" once.
pub fn wordy_site(n: usize, seed: u64, syllables: &[&str]) -> super::Site {
    let s = super::Site::new("title = \"Wordy Show\"\n");
    let mut x: u64 = seed;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let many = syllables.len() as u64;
    for i in 1..=n {
        let mut vtt = String::from("WEBVTT\n\n");
        for cue in 0..120 {
            let words: Vec<String> = (0..12)
                .map(|_| (0..2 + next() % 3).map(|_| syllables[(next() % many) as usize]).collect::<String>())
                .collect();
            let mut line = words.join(" ");
            if i == 7 && cue == 3 {
                line.push_str(" quokka");
            }
            let (a, b) = (cue * 5, cue * 5 + 4);
            vtt.push_str(&format!(
                "00:{:02}:{:02}.000 --> 00:{:02}:{:02}.000\n<v Ana>{line}.\n\n",
                a / 60,
                a % 60,
                b / 60,
                b % 60
            ));
        }
        s.write(&format!("content/{i:04}.vtt"), vtt);
    }
    s
}

/// "K of its C word chunks unchanged" of a build's progress line: (K, C).
pub fn chunks(stderr: &str) -> (usize, usize) {
    let line = stderr.lines().find(|l| l.contains("word chunks unchanged")).unwrap_or_else(|| panic!("{stderr}"));
    let head = &line[..line.find(" word chunks unchanged").unwrap()];
    let words: Vec<&str> = head.rsplit("; ").next().unwrap().split_whitespace().collect();
    (words[0].parse().unwrap(), words[3].parse().unwrap())
}
