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
