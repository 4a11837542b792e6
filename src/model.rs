//! The plain data that flows through the pipeline. Each stage takes these structs and
//! returns new ones; nothing is shared mutably between stages.

use serde::Serialize;
use std::path::PathBuf;

/// One timed piece of a transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cue {
    /// Start time in whole seconds from the beginning of the episode.
    pub start: u32,
    /// The speaker, properly cased, when the transcript labels it.
    pub speaker: Option<String>,
    pub text: String,
    /// 1-based line in the source file, for diagnostics.
    #[serde(skip)]
    pub line: usize,
    /// The start is estimated from the words around it (a transcript stamped only every
    /// few minutes), not stated by the source.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

#[cfg(test)]
impl Cue {
    /// Cues for tests: one per line, `step` seconds apart.
    pub(crate) fn every(step: u32, lines: &[&str]) -> Vec<Cue> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| Cue {
                start: i as u32 * step,
                speaker: None,
                text: t.to_string(),
                line: i + 1,
                estimated: false,
            })
            .collect()
    }
}

/// Metadata a transcript states outright (a scraped page's header), as opposed to what
/// has to be inferred from speech.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TranscriptHeader {
    pub number: Option<u32>,
    pub title: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// A transcript in any input shape, parsed into one model.
#[derive(Debug, Clone, Default)]
pub struct Transcript {
    pub path: PathBuf,
    pub header: TranscriptHeader,
    pub cues: Vec<Cue>,
    /// Lines of timed cues that held no text (left out of `cues`; `shownotes check`
    /// reports them).
    pub empty_cues: Vec<usize>,
    /// Cues right after a break marker (`**Break:** \[13:19\]`, where an ad was cut
    /// in): the show's own mark of where one part of the talk ends.
    pub breaks: Vec<usize>,
}

/// A link with where it was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Link {
    pub url: String,
    pub text: String,
    /// Seconds into the episode when the link was spoken; `None` for show-notes links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<u32>,
    /// The topic this link belongs to, where that can be told: its name while the
    /// episode is extracted, its slug once the topic index has resolved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
}

/// A moment a topic came up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Mention {
    pub start: u32,
}

/// A topic of one episode, best first in [`Episode::topics`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpisodeTopic {
    pub name: String,
    /// Its topic page; `None` for a show-notes item that names nothing of the catalogue
    /// (a descriptive title such as "Make each line count").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub score: f64,
    /// True when the topic is an item of this episode's own show notes.
    pub from_notes: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub mentions: Vec<Mention>,
    /// The catalogue entity it is (an index into the catalogue's entities).
    #[serde(skip)]
    pub entity: Option<usize>,
    /// The phrase is a spelling of the entity's name, so it takes that name; a longer
    /// phrase ("Flask project structure") keeps its words and links to the entity.
    #[serde(skip)]
    pub spelling: bool,
}

/// An entity of the catalogue in one episode: where it was said, and whether the episode
/// is about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityMentions {
    pub entity: usize,
    /// Indexes of the cues that say it, in order, each once (ad reads left out).
    pub cues: Vec<u32>,
    /// Times said (a cue may say it more than once).
    pub said: u32,
    /// How it was written mid-sentence, with how many times (votes for its display name).
    pub spellings: Vec<(String, u32)>,
    /// Named by one of the episode's show-notes items.
    pub in_notes: bool,
    /// Among the episode's own topics.
    pub ranked: bool,
    /// What the episode is about: named in its title, or introduced as its subject.
    pub subject: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chapter {
    pub title: String,
    pub start: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The chapter's topic: its name during extraction, its slug once resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
}

/// One item of the hosts' show notes (`**Brian #1:** [**pyscript**](url)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteItem {
    pub title: String,
    pub url: Option<String>,
    /// Every URL in the item's own lines (header and bullets).
    pub links: Vec<String>,
    /// The plain text of its bullets, one per line: what the item is about, in the
    /// hosts' words (chapters look for it in the transcript).
    pub text: String,
}

/// What kind of episode it is, as podcast apps are told (`itunes:episodeType`): a bonus
/// or trailer is outside the numbered run, and says so in its file name or title.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EpisodeType {
    #[default]
    Full,
    Bonus,
    Trailer,
}

impl EpisodeType {
    pub fn as_str(self) -> &'static str {
        match self {
            EpisodeType::Full => "full",
            EpisodeType::Bonus => "bonus",
            EpisodeType::Trailer => "trailer",
        }
    }
}

/// A complete episode, ready to render.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Episode {
    pub slug: String,
    pub number: Option<u32>,
    pub title: String,
    /// What the title was made from (file name, nothing): [`crate::titles`] improves those.
    #[serde(skip)]
    pub title_source: crate::metadata::TitleSource,
    pub episode_type: EpisodeType,
    pub date: Option<String>,
    pub description: Option<String>,
    pub hosts: Vec<String>,
    pub guests: Vec<String>,
    /// Seconds.
    pub duration: Option<u32>,
    /// `itunes:season`, from the episodes file.
    pub season: Option<u32>,
    pub audio_url: Option<String>,
    /// The audio's MIME type and size in bytes, when known (the feed's `enclosure`).
    #[serde(skip)]
    pub audio_type: Option<String>,
    #[serde(skip)]
    pub audio_length: Option<u64>,
    pub draft: bool,
    /// Hosts or guests were given (front matter, the episodes file), not heard.
    #[serde(skip)]
    pub people_given: bool,
    /// Show notes rendered to HTML (trusted: the podcaster's own markdown).
    pub notes_html: Option<String>,
    #[serde(skip)]
    pub note_items: Vec<NoteItem>,
    pub cues: Vec<Cue>,
    pub links: Vec<Link>,
    pub topics: Vec<EpisodeTopic>,
    /// Every entity of the catalogue said in (or listed for) the episode, by entity.
    #[serde(skip)]
    pub entities: Vec<EntityMentions>,
    pub chapters: Vec<Chapter>,
    /// Source files (transcript first), relative to the content folder, for diagnostics.
    #[serde(skip)]
    pub sources: Vec<PathBuf>,
}
