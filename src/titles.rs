//! Titles the podcaster did not write, finished once the catalogue knows the show's
//! names: a title made from a file name writes each name as the catalogue writes it
//! ("Agentic Ai Workflows with Langgraph" -> "Agentic AI Workflows with LangGraph"),
//! and an episode whose file name has no words (`000_a09f45d5618a526f.txt`) is titled by
//! what its introduction is about rather than "Episode 282".

use crate::extract::catalogue::general_terms;
use crate::extract::index::TopicIndex;
use crate::extract::lexicon::is_word;
use crate::metadata::TitleSource;
use crate::model::Episode;
use rustc_hash::FxHashMap;

/// Short forms written in capitals wherever they stand, whether or not the catalogue
/// has them as topics: the general terms written so (AI, API, JSON, MLOps: they have no
/// page, so the catalogue does not spell them) and these (ML and REST are also words).
const ACRONYMS: &[&str] = &["AWS", "DB", "JVM", "ML", "PEP", "REST", "TDD", "VS", "WASM"];

/// A general term that is a short form: one word with a capital after its first letter,
/// and no English word ("US" would make "us" shout).
fn short_form(term: &str) -> bool {
    !term.contains(' ') && term.chars().skip(1).any(char::is_uppercase) && !is_word(&term.to_lowercase())
}

/// How many of the episode's topics a title without a file name's words names.
const SUBJECT_TOPICS: usize = 3;

/// Lower-case words, joined by one space: how titles and names are compared.
fn key(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric() && c != '.' && c != '+' && c != '#')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The catalogue's written names worth copying into a title: those with a capital
/// inside or all capitals (LangGraph, AI, PyScript), and lower-case names that are no
/// ordinary word (uv, pytest). Keyed by their lower-case words, and by the words run
/// together (`lang graph` and `langgraph`).
fn spellings(index: &TopicIndex) -> FxHashMap<String, String> {
    let mut out: FxHashMap<String, String> = FxHashMap::default();
    for a in ACRONYMS.iter().copied().chain(general_terms().filter(|t| short_form(t))) {
        out.insert(a.to_lowercase(), a.to_string());
    }
    for t in &index.topics {
        let name = t.name.trim();
        let k = key(name);
        let capital_inside = name.chars().skip(1).any(char::is_uppercase);
        let odd_lower = !k.contains(' ') && name.chars().all(|c| !c.is_uppercase()) && !is_word(&k);
        if k.is_empty() || !(capital_inside || odd_lower) {
            continue;
        }
        // `langgraph` (or `lang graph`) for LangGraph; a lower-case name only as written
        // (`python bytes` is not `pythonbytes`).
        if capital_inside && !k.contains(' ') {
            out.entry(k.replace(' ', "")).or_insert_with(|| name.to_string());
        }
        out.entry(k).or_insert_with(|| name.to_string());
    }
    out
}

/// A title from a file name with the catalogue's spellings: the longest run of words
/// (up to three) that names something is written as the catalogue writes it.
fn respell(title: &str, names: &FxHashMap<String, String>) -> String {
    let words: Vec<&str> = title.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = (1..=3.min(words.len() - i)).rev().find_map(|n| {
            let run = key(&words[i..i + n].join(" "));
            names
                .get(&run)
                .or_else(|| {
                    names
                        .get(&run.replace(' ', ""))
                        .filter(|name| !name.contains(' ') && name.chars().any(char::is_uppercase))
                })
                .map(|name| (n, name))
        });
        match found {
            Some((n, name)) => {
                out.push(name.clone());
                i += n;
            }
            None => {
                out.push(words[i].to_string());
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// "A", "A and B", "A, B and C".
fn listed(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Finishes the titles no one wrote (see the module's doc). Runs after the topic index,
/// whose names are the catalogue's spellings.
pub fn finish(episodes: &mut [Episode], index: &TopicIndex) {
    if !episodes.iter().any(|e| e.title_source != TitleSource::Given) {
        return;
    }
    let names = spellings(index);
    for e in episodes.iter_mut() {
        match e.title_source {
            TitleSource::Given => {}
            TitleSource::FileName => e.title = respell(&e.title, &names),
            TitleSource::Nothing => {
                // The subject comes first among the episode's topics; the next ones
                // are what else it covers.
                let subjects: Vec<&str> = e
                    .topics
                    .iter()
                    .filter(|t| t.slug.is_some())
                    .take(SUBJECT_TOPICS)
                    .map(|t| t.name.as_str())
                    .collect();
                if !subjects.is_empty() {
                    e.title = listed(&subjects);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_the_catalogue_writes_them() {
        let mut names = FxHashMap::default();
        for n in ["LangGraph", "uv", "Hugging Face"] {
            names.insert(key(n), n.to_string());
        }
        names.insert("pythonbytes".into(), "pythonbytes".into());
        names.insert("ai".into(), "AI".into());
        assert_eq!(respell("Agentic Ai Workflows with Langgraph", &names), "Agentic AI Workflows with LangGraph");
        assert_eq!(respell("Uv Is Fast", &names), "uv Is Fast");
        assert_eq!(respell("Models on Hugging Face", &names), "Models on Hugging Face");
        assert_eq!(respell("Python 3 Is Here", &names), "Python 3 Is Here");
        assert_eq!(respell("Python Bytes Moves", &names), "Python Bytes Moves");
        assert_eq!(respell("Lang Graph Agents", &names), "LangGraph Agents");
        assert_eq!(listed(&["Ruff", "Rust", "Python"]), "Ruff, Rust and Python");
        assert_eq!(listed(&["Ruff"]), "Ruff");
    }

    #[test]
    fn general_short_forms_are_written_in_capitals_but_words_are_not() {
        let names = spellings(&TopicIndex::default());
        assert_eq!(respell("Json Apis and Mlops on Iot", &names), "JSON APIs and MLOps on IoT");
        assert_eq!(respell("Come Work With Us", &names), "Come Work With Us");
    }
}
