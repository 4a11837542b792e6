//! Known topics: every item of any episode's show notes, and every entry of the site's
//! optional `topics.toml`. Their names and aliases are matched in every transcript with
//! one Aho-Corasick automaton, so thousands of names cost one pass over the text.

use crate::config::line_of;
use crate::model::{Cue, NoteItem};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::path::Path;

/// A topic known before any transcript is read.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownTopic {
    pub name: String,
    pub url: Option<String>,
    pub description: Option<String>,
    /// Lowercased strings that, said in a transcript, mean this topic.
    pub aliases: Vec<String>,
    /// `hide = true` in `topics.toml`: never a topic.
    pub hidden: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    topic: Vec<GlossaryEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    url: Option<String>,
    description: Option<String>,
    #[serde(default)]
    hide: bool,
}

/// Reads `topics.toml`: `[[topic]]` tables with `name`, `aliases`, `url`, `description`,
/// `hide`.
pub fn load_file(path: &Path, text: &str) -> Result<Vec<KnownTopic>, String> {
    let file: GlossaryFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        format!("{}:{line}: {}", path.display(), e.message())
    })?;
    Ok(file
        .topic
        .into_iter()
        .map(|e| {
            let mut aliases = spoken_forms(&e.name);
            for a in &e.aliases {
                aliases.extend(spoken_forms(a));
            }
            if let Some(u) = &e.url {
                aliases.extend(project_from_url(u).map(|p| spoken_forms(&p)).unwrap_or_default());
            }
            dedup(&mut aliases);
            KnownTopic { name: e.name, url: e.url, description: e.description, aliases, hidden: e.hide }
        })
        .collect())
}

fn dedup(v: &mut Vec<String>) {
    let mut seen = rustc_hash::FxHashSet::default();
    v.retain(|a| a.chars().filter(|c| c.is_alphanumeric()).count() >= 3 && seen.insert(a.clone()));
}

/// The ways a name is said aloud: `pytest-parallel` -> {"pytest-parallel", "pytest
/// parallel", "pytestparallel"}; `PyScript` -> {"pyscript", "py script", "pi script"}.
pub fn spoken_forms(name: &str) -> Vec<String> {
    let lower = name.trim().to_lowercase();
    let mut out = vec![lower.clone()];
    if lower.contains(['-', '_', '.']) && !lower.contains(' ') {
        out.push(lower.replace(['-', '_', '.'], " "));
        out.push(lower.replace(['-', '_', '.'], ""));
    }
    // Speech-to-text splits "py" names: "pi script", "py script".
    if let Some(rest) = lower.strip_prefix("py") {
        if rest.len() >= 4 && rest.chars().all(|c| c.is_ascii_alphabetic()) {
            out.push(format!("py {rest}"));
            out.push(format!("pi {rest}"));
        }
    }
    out
}

/// The project a URL names: GitHub/GitLab repository, PyPI/npm/crates.io package,
/// Read the Docs subdomain, or a bare home page's site name (`pyscript.net`).
pub fn project_from_url(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let mut parts = rest.split(['/', '?', '#']).filter(|p| !p.is_empty());
    let host = parts.next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let path: Vec<&str> = parts.collect();
    let name = match host.as_str() {
        "github.com" | "gitlab.com" | "bitbucket.org" | "codeberg.org" if path.len() >= 2 => {
            path[1].trim_end_matches(".git").to_string()
        }
        "pypi.org" | "pypi.python.org" if path.len() >= 2 && path[0] == "project" || path.first() == Some(&"pypi") => {
            path.get(1)?.to_string()
        }
        "npmjs.com" if path.len() >= 2 && path[0] == "package" => path[1].to_string(),
        "crates.io" if path.len() >= 2 && path[0] == "crates" => path[1].to_string(),
        h if h.ends_with(".readthedocs.io")
            || h.ends_with(".readthedocs.org")
            || h.ends_with(".github.io") && path.is_empty() =>
        {
            h.split('.').next()?.to_string()
        }
        h if path.is_empty() && h.matches('.').count() == 1 => h.split('.').next()?.to_string(),
        _ => return None,
    };
    (name.len() >= 3).then_some(name)
}

/// Known topics from one episode's show-notes items.
pub fn from_note_items(items: &[NoteItem]) -> Vec<KnownTopic> {
    items.iter().map(note_topic).collect()
}

/// The short name of an item: `Pooch: A friend to fetch your data files` -> `Pooch`.
pub fn item_name(title: &str) -> String {
    let head = [": ", " - ", " \u{2013} ", " \u{2014} ", " | "]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min()
        .map(|i| title[..i].trim())
        .unwrap_or(title);
    if !head.is_empty() && head.split_whitespace().count() <= 6 {
        head.to_string()
    } else {
        title.to_string()
    }
}

fn note_topic(item: &NoteItem) -> KnownTopic {
    let name = item_name(&item.title);
    let mut aliases = Vec::new();
    if name.split_whitespace().count() <= 6 {
        aliases.extend(spoken_forms(&name));
    }
    if item.title.split_whitespace().count() <= 6 {
        aliases.extend(spoken_forms(&item.title));
    }
    for u in item.url.iter().chain(item.links.iter().take(3)) {
        if let Some(p) = project_from_url(u) {
            aliases.extend(spoken_forms(&p));
        }
    }
    dedup(&mut aliases);
    KnownTopic { name, url: item.url.clone(), description: None, aliases, hidden: false }
}

/// The automaton over every alias of every known topic.
pub struct Glossary {
    pub topics: Vec<KnownTopic>,
    matcher: Option<AhoCorasick>,
    /// Pattern index -> topic index.
    owner: Vec<usize>,
    /// Fold key of a topic's name -> topic index.
    by_key: FxHashMap<String, usize>,
}

impl Glossary {
    /// Builds the automaton. Topics with the same name (the same project in several
    /// episodes' notes) are merged, first one's url and description winning.
    pub fn new(known: Vec<KnownTopic>) -> Glossary {
        let mut topics: Vec<KnownTopic> = Vec::new();
        let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
        for k in known {
            let key = fold(&k.name);
            if key.is_empty() {
                continue;
            }
            match by_key.get(&key) {
                Some(&i) => {
                    let t = &mut topics[i];
                    t.aliases.extend(k.aliases);
                    dedup(&mut t.aliases);
                    if t.url.is_none() {
                        t.url = k.url;
                    }
                    if t.description.is_none() {
                        t.description = k.description;
                    }
                }
                None => {
                    by_key.insert(key, topics.len());
                    topics.push(k);
                }
            }
        }
        // An alias claimed by several topics belongs to the first; patterns must be unique.
        let mut owner = Vec::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        for (i, t) in topics.iter().enumerate() {
            for a in &t.aliases {
                if seen.insert(a.as_str()) {
                    patterns.push(a);
                    owner.push(i);
                }
            }
        }
        let matcher = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("glossary automaton")
        });
        Glossary { topics, matcher, owner, by_key }
    }

    /// The known topic with this name (any spelling that folds the same).
    pub fn position(&self, name: &str) -> Option<usize> {
        self.by_key.get(&fold(name)).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// Every known topic said in the transcript, with the start of each cue that says it.
    /// Matches must sit on word boundaries: "rich" is not found in "enriched".
    pub fn find(&self, cues: &[Cue]) -> Vec<(usize, Vec<u32>)> {
        let Some(ac) = &self.matcher else { return Vec::new() };
        let mut hits: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
        let mut lower = String::new();
        for c in cues {
            lower.clear();
            lower.extend(c.text.chars().flat_map(char::to_lowercase));
            let bytes = lower.as_bytes();
            for m in ac.find_iter(&lower) {
                let before_ok = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
                let after_ok = m.end() == bytes.len()
                    || !is_word_byte(bytes[m.end()])
                    || (bytes[m.end()] == b'\''
                        || bytes[m.end()] == b's' && (m.end() + 1 == bytes.len() || !is_word_byte(bytes[m.end() + 1])));
                if before_ok && after_ok {
                    let v = hits.entry(self.owner[m.pattern().as_usize()]).or_default();
                    if v.last() != Some(&c.start) {
                        v.push(c.start);
                    }
                }
            }
        }
        let mut out: Vec<(usize, Vec<u32>)> = hits.into_iter().collect();
        out.sort_by_key(|(i, _)| *i);
        out
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The identity of a topic name across spellings: lowercase letters and digits only,
/// with a spoken "pi"/"py" prefix word joined on (`Pi Script` = `pyscript`).
pub fn fold(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut words =
        lower.split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#').filter(|w| !w.is_empty()).peekable();
    let mut out = String::new();
    if let Some(first) = words.next() {
        let multi = words.peek().is_some();
        if multi && matches!(first, "pi" | "pie" | "pye" | "pai") {
            out.push_str("py");
        } else {
            out.push_str(first);
        }
    }
    for w in words {
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start: u32, text: &str) -> Cue {
        Cue { start, speaker: None, text: text.into(), line: 1, estimated: false }
    }

    #[test]
    fn folding_joins_spoken_variants() {
        assert_eq!(fold("PyScript"), "pyscript");
        assert_eq!(fold("pi script"), "pyscript");
        assert_eq!(fold("py script"), "pyscript");
        assert_eq!(fold("pytest-parallel"), "pytestparallel");
        assert_eq!(fold("pytest parallel"), "pytestparallel");
        assert_eq!(fold("Raspberry Pi"), "raspberrypi");
        assert_eq!(fold("pi"), "pi");
    }

    #[test]
    fn projects_from_urls() {
        assert_eq!(project_from_url("https://github.com/bloomberg/memray").as_deref(), Some("memray"));
        assert_eq!(project_from_url("https://pypi.org/project/pytest-parallel/").as_deref(), Some("pytest-parallel"));
        assert_eq!(project_from_url("https://www.pyscript.net/").as_deref(), Some("pyscript"));
        assert_eq!(project_from_url("https://pooch.readthedocs.io/en/latest/").as_deref(), Some("pooch"));
        assert_eq!(project_from_url("https://example.com/some/article"), None);
    }

    #[test]
    fn finds_known_topics_on_word_boundaries() {
        let items = vec![
            NoteItem {
                title: "pyscript".into(),
                url: Some("https://pyscript.net".into()),
                links: vec![],
                ..Default::default()
            },
            NoteItem {
                title: "Memray: a memory profiler".into(),
                url: Some("https://github.com/bloomberg/memray".into()),
                links: vec![],
                ..Default::default()
            },
            NoteItem { title: "Rich".into(), url: None, links: vec![], ..Default::default() },
        ];
        let g = Glossary::new(from_note_items(&items));
        let cues = vec![
            cue(33, "So, um, pi script. This was announced"),
            cue(60, "PyScript runs in the browser, enriched"),
            cue(90, "memray's flame graphs"),
        ];
        let found = g.find(&cues);
        assert_eq!(found, vec![(0, vec![33, 60]), (1, vec![90])]);
        assert_eq!(g.topics[1].name, "Memray");
    }

    #[test]
    fn glossary_file_errors_name_the_line() {
        let ok = load_file(Path::new("topics.toml"), "[[topic]]\nname = \"Memray\"\naliases = [\"memory profiler memray\"]\nurl = \"https://github.com/bloomberg/memray\"\ndescription = \"A memory profiler\"\n").unwrap();
        assert_eq!(ok[0].aliases, vec!["memray", "memory profiler memray"]);
        let err = load_file(Path::new("topics.toml"), "[[topic]]\nname = \"x\"\nalias = 3\n").unwrap_err();
        assert!(err.starts_with("topics.toml:3:"), "{err}");
    }
}
