//! Extraction over the whole site, in passes so the per-episode work runs in parallel and
//! the catalogue-wide decisions are made once, between them:
//!
//! 1. pass 1, per episode: candidate phrases counted and name-like phrases tallied
//!    ([`topics::count_candidates`]), ad-read phrasing found;
//! 2. the catalogue of names and sponsors ([`Catalogue::discover`]), from the tallies,
//!    with `topics.toml`'s entries and the show notes' items ([`Catalogue::add_known`],
//!    [`Catalogue::add_item`]);
//! 3. pass 2, per episode, from one reading of its words: ad reads marked, the episode's
//!    own topic ranking ([`topics::extract`]), and the catalogue's entities found
//!    ([`Catalogue::occurrences`]);
//! 4. the catalogue completed with what only the rankings know: each episode's own best
//!    names and the ideas among the best topics of several episodes
//!    ([`Catalogue::add_episode_topics`]);
//! 5. pass 3, per episode: those new entities looked for where they are said
//!    ([`Catalogue::recheck`]), the episode's topics named by their entities, chapters and
//!    links.

use super::catalogue::{sound, Catalogue, CatalogueSettings, Occurrence, RankedName};
use super::glossary::{self, fold, Glossary, KnownTopic};
use super::own::{Own, OwnCounts};
use super::spans::Words;
use super::topics::{self, Ads, EpisodeInput, ExtraStops, Ranked, Reads, SiteStats};
use super::{chapters, links, memo, segment, sponsors};
use crate::cache::{Cache, Key};
use crate::config::Config;
use crate::metadata;
use crate::model::{Chapter, Cue, EntityMentions, Episode, EpisodeTopic, Link, NoteItem, Transcript};
use crate::notes::ShowNotes;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;

/// Everything known about one episode after parsing, before extraction.
pub struct ParsedEpisode {
    pub meta: metadata::Meta,
    pub transcript: Option<Transcript>,
    pub notes: Option<ShowNotes>,
    /// Source files, relative to the content folder.
    pub sources: Vec<PathBuf>,
    /// How many leading cues topic extraction reads (all but for a huge episode; the
    /// build's `[limits]`).
    pub topic_cues: usize,
}

/// The site's episodes with their topics, chapters and links, and the catalogue their
/// topics belong to.
pub struct Extracted {
    pub episodes: Vec<Episode>,
    pub catalogue: Catalogue,
    /// Episodes whose extraction came from the build cache ([`super::memo`]).
    pub reused: usize,
}

/// An episode between pass 2 and pass 3.
struct Ranking {
    parsed: ParsedEpisode,
    cues: Vec<Cue>,
    /// Cues of ad reads: where they use ad phrasing or name a sponsor (for chapters).
    ad: Vec<bool>,
    /// The whole of each ad read ([`sponsors::read_extent`]): no topic, mention or
    /// quoted moment comes from these cues.
    reads: Vec<bool>,
    ranked: Vec<Ranked>,
    stops: ExtraStops,
    /// Mentions of the entities known before pass 2.
    found: Vec<Occurrence>,
    /// Its segments and hand-offs, for what the show is ([`chapters::Show`]).
    shape: segment::Shape,
    /// Cues after the transcript's break markers.
    breaks: Vec<usize>,
}

/// What extraction knows of the whole catalogue besides the catalogue itself, kept by
/// `shownotes serve` to extract one saved episode again at once ([`extract_one`]).
pub struct Kept {
    glossary: Glossary,
    site_stops: ExtraStops,
    stats: SiteStats,
    sponsors: FxHashSet<u64>,
    show: chapters::Show,
    /// The entities each episode's show-notes items name, by the episode's first file.
    items: FxHashMap<PathBuf, Vec<Vec<usize>>>,
    /// The show's people and own names.
    own: Own,
}

impl Kept {
    /// The entities the items of the episode whose first file is `first` named, when
    /// its show notes had `items` items.
    pub fn items_of(&self, first: &std::path::Path, items: usize) -> Option<&Vec<Vec<usize>>> {
        self.items.get(first).filter(|v| v.len() == items)
    }
}

/// An episode after pass 2: ranked now, or its extraction found in the cache (with its
/// pass-1 counts when this build read them, for a ranking pass 3 cannot keep).
enum Step {
    Ranked(Box<Ranking>, Reads),
    Kept(Box<ParsedEpisode>, Box<memo::Entry>, Option<topics::Counted>),
}

/// Runs the extraction passes. `file_topics` are the entries of `topics.toml`;
/// `progress` hears one line per pass. Each episode's extraction is looked for in
/// `cache` and kept there ([`super::memo`]).
pub fn extract_site(
    parsed: Vec<ParsedEpisode>,
    config: &Config,
    file_topics: Vec<KnownTopic>,
    people_file: &[String],
    cache: &Cache,
    progress: impl Fn(String),
) -> Extracted {
    extract_site_keeping(parsed, config, file_topics, people_file, cache, progress, false).0
}

/// One episode extracted again against a catalogue already made (`shownotes serve`'s
/// quick path): its candidates ranked by the site's statistics as they were, the
/// catalogue's entities found in it, its chapters and links. The statistics and the
/// catalogue do not learn from it; the full build that follows does. `items` are the
/// entities its show notes' items name ([`Kept::items_of`]).
pub fn extract_one(
    parsed: ParsedEpisode,
    items: Vec<Vec<usize>>,
    kept: &Kept,
    catalogue: &Catalogue,
    config: &Config,
) -> Episode {
    let no_cues = Vec::new();
    let mut counted = topics::count_candidates(
        parsed.transcript.as_ref().map(|t| &t.cues[..parsed.topic_cues]).unwrap_or(&no_cues),
        &kept.site_stops,
        &kept.glossary,
        config.topics.from_transcripts,
    );
    counted.keys = Vec::new();
    counted.names = Vec::new();
    let r = rank_episode(
        parsed,
        &counted,
        &kept.stats,
        &kept.glossary,
        &kept.site_stops,
        &kept.sponsors,
        catalogue,
        config,
    );
    // The show's frame is hidden in the catalogue already ([`hide_frame`]), so no topic
    // names it.
    finish_episode(r, items, catalogue, config, kept.show, &kept.stats, &kept.own)
}

/// [`extract_site`], and with `keep` what [`extract_one`] needs.
pub fn extract_site_keeping(
    parsed: Vec<ParsedEpisode>,
    config: &Config,
    file_topics: Vec<KnownTopic>,
    people_file: &[String],
    cache: &Cache,
    progress: impl Fn(String),
    keep: bool,
) -> (Extracted, Option<Kept>) {
    // What every episode's extraction depends on besides its own input and the catalogue.
    let site_digest = memo::digest(|h| {
        // `base_url` is read only for its host's first label ([`Own`]): the label stands in
        // for it, so a preview served at another port keeps every episode's entry.
        let label = super::own::address_label(&config.base_url).unwrap_or_default();
        h.update(format!("{:?}", Config { base_url: label, ..config.clone() }).as_bytes());
        h.update(format!("{file_topics:?}").as_bytes());
    });
    let keys: Vec<Key> = parsed.par_iter().map(|p| memo::episode_key(&site_digest, p)).collect();
    let mut kept: Vec<Option<memo::Entry>> = keys.par_iter().map(|k| memo::get(cache, k)).collect();
    // Known topics: the glossary file plus every show-notes item, found in every transcript.
    let mut known = file_topics.clone();
    for p in &parsed {
        if let Some(n) = &p.notes {
            known.extend(glossary::from_note_items(&n.items));
        }
    }
    // (What the glossary is made of: an episode's known topics are kept in the cache
    // with it, [`memo::known_key`].)
    let glossary_digest = memo::digest(|h| {
        h.update(format!("{known:?}").as_bytes());
    });
    let glossary = Glossary::new(known);
    let site_stops = ExtraStops::new(
        std::iter::once(config.title.as_str())
            .chain(config.hosts.iter().map(String::as_str))
            .chain(config.topics.ignore.iter().map(String::as_str)),
    );
    // Pass 1: what the whole catalogue says, summed from each episode's counts (kept in
    // the cache, [`memo::pass1`]: one summary entry brought up to date by the episodes
    // that changed, else every episode's counts summed).
    fn cues_of(p: &ParsedEpisode) -> &[Cue] {
        p.transcript.as_ref().map_or(&[], |t| &t.cues[..p.topic_cues])
    }
    // One episode's own counts from the cache, else counted; its known topics (of every
    // episode's show notes) likewise, under the glossary's digest.
    let counts_of = |p: &ParsedEpisode, key: &Key| {
        memo::episode_counts(
            cache,
            key,
            &glossary_digest,
            || (topics::count_own(cues_of(p), &site_stops, config.topics.from_transcripts), OwnCounts::of(p)),
            || glossary.find(cues_of(p)),
        )
    };
    let pass1 = memo::pass1(cache, &site_digest, &keys, &glossary_digest, glossary.topics.len(), |i| {
        counts_of(&parsed[i], &keys[i])
    });
    let (stats, names, mut counted) = (pass1.stats, pass1.names, pass1.counted);
    // The show's people and its own name and address: no topics ([`Own`]).
    let own = Own::from_sums(&pass1.own, config, people_file);
    // Counted into the site's statistics: the per-episode keys are not needed again.
    for c in counted.iter_mut().flatten() {
        c.keys = Vec::new();
    }
    progress(if pass1.from_summary {
        format!(
            "counted terms in {} episodes (the counts of {} read again, the rest summed in the cache)",
            stats.episodes, pass1.read
        )
    } else {
        format!("counted terms in {} episodes", stats.episodes)
    });

    // The catalogue's names and sponsors, topics.toml's entries and the show notes' items.
    let settings = CatalogueSettings::default();
    let mut catalogue = Catalogue::discover(&names, &site_stops, &settings);
    catalogue.add_known(&file_topics);
    let item_entities: Vec<Vec<Vec<usize>>> = parsed
        .iter()
        .map(|p| notes_items(p).iter().map(|it| catalogue.add_item(it, &names, &site_stops)).collect())
        .collect();
    catalogue.seal();
    // After topics.toml and the notes: a name they list is a topic, never a sponsor.
    let sponsors = catalogue.sponsor_aliases();
    // The show's own address ("pythonbytes.fm") is no topic.
    let show = squashed(&config.title);
    for e in &mut catalogue.entities {
        if e.key.split(' ').any(|w| own_address(w, &show)) {
            e.hidden = true;
        }
    }
    // Nor are the show's people and its own name, unless the catalogue writes them as things.
    own.hide(&mut catalogue, &names);
    // Nor is general vocabulary (API, JSON, places), unless the notes list it as an item.
    let in_notes: FxHashSet<usize> = item_entities.iter().flatten().flatten().copied().collect();
    catalogue.hide_general(&in_notes);

    let firsts: Vec<PathBuf> = if keep { parsed.iter().map(|p| p.sources[0].clone()).collect() } else { Vec::new() };
    // Pass 2: each episode's ad reads, its own ranking, and the entities it says, unless
    // the cache holds it and all it read is as it was.
    let before = memo::digest(|h| {
        h.update(format!("{:?}|{}|", glossary.topics, stats.episodes).as_bytes());
        let mut s: Vec<&u64> = sponsors.iter().collect();
        s.sort_unstable();
        h.update(format!("{s:?}").as_bytes());
        own.digest(h);
        catalogue.digest(h);
    });
    for e in &mut kept {
        if e.as_ref().is_some_and(|e| e.before != before || !e.reads.hold(&stats)) {
            *e = None;
        }
    }
    let rank = |p: ParsedEpisode, c: &topics::Counted, catalogue: &Catalogue| {
        topics::recording(|| rank_episode(p, c, &stats, &glossary, &site_stops, &sponsors, catalogue, config))
    };
    let steps: Vec<Step> = parsed
        .into_par_iter()
        .zip(counted)
        .zip(kept)
        .zip(keys.par_iter())
        .map(|(((p, c), e), key)| match e {
            Some(e) => Step::Kept(Box::new(p), Box::new(e), c),
            None => {
                let c = c.unwrap_or_else(|| counts_of(&p, key).0);
                let (r, reads) = rank(p, &c, &catalogue);
                Step::Ranked(Box::new(r), reads)
            }
        })
        .collect();
    // The catalogue as pass 2 read it, for a kept episode pass 3 cannot keep.
    let catalogue_before = steps.iter().any(|s| matches!(s, Step::Kept(..))).then(|| catalogue.clone());

    // The catalogue completed with the rankings' own names and ideas.
    let names_ranked: Vec<Vec<RankedName>> = steps
        .iter()
        .map(|s| match s {
            Step::Ranked(r, _) => r
                .ranked
                .iter()
                .filter(|t| !t.from_notes)
                .map(|t| RankedName { key: &t.key, name_like: t.name_like, tf: t.tf })
                .collect(),
            Step::Kept(_, e, _) => e
                .ranked
                .iter()
                .map(|(k, name_like, tf)| RankedName { key: k, name_like: *name_like, tf: *tf })
                .collect(),
        })
        .collect();
    catalogue.add_episode_topics(&names_ranked, &names, &settings);
    drop(names_ranked);
    catalogue.seal();
    own.hide(&mut catalogue, &names);
    drop(names);
    catalogue.hide_general(&in_notes);

    // What the show is: an interview show or not, and its segments (a Joke or Extras
    // chapter only where it has them).
    let show = chapters::Show::of(steps.iter().map(|s| match s {
        Step::Ranked(r, _) => r.shape,
        Step::Kept(_, e, _) => e.shape,
    }));

    let items_kept =
        if keep { firsts.into_iter().zip(item_entities.iter().cloned()).collect() } else { Default::default() };

    // Pass 3: entities, topics, chapters and links of each episode; a kept episode's
    // when the catalogue, the show and its items' entities are as they were.
    let after = memo::digest(|h| {
        h.update(format!("{show:?}").as_bytes());
        own.digest(h);
        catalogue.digest(h);
    });
    let reused = std::sync::atomic::AtomicUsize::new(0);
    let finish = |r: Ranking, reads: Reads, items: Vec<Vec<usize>>, after: memo::Digest, key: &Key| {
        let ranked = r.ranked.iter().filter(|t| !t.from_notes).map(|t| (t.key.clone(), t.name_like, t.tf)).collect();
        let shape = r.shape;
        // The chapters read how many episodes say a title: kept with the ranking's reads.
        let (ep, more) = topics::recording(|| finish_episode(r, items, &catalogue, config, show, &stats, &own));
        let mut reads = reads;
        reads.df.extend(more.df);
        reads.tidy();
        let entry = memo::Entry {
            before,
            reads,
            ranked,
            shape,
            after,
            topics: ep.topics.clone(),
            entities: ep.entities.clone(),
            chapters: ep.chapters.clone(),
            links: ep.links.clone(),
        };
        memo::put(cache, key, &entry);
        ep
    };
    let mut episodes: Vec<Episode> = steps
        .into_par_iter()
        .zip(item_entities)
        .zip(keys.par_iter())
        .map(|((s, items), key)| {
            let mine = memo::digest(|h| {
                h.update(&after);
                h.update(format!("{items:?}").as_bytes());
            });
            match s {
                Step::Kept(p, e, _) if e.after == mine => {
                    reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    kept_episode(*p, *e, config)
                }
                Step::Kept(p, _, c) => {
                    let c = c.unwrap_or_else(|| counts_of(&p, key).0);
                    let (r, reads) = rank(*p, &c, catalogue_before.as_ref().expect("kept before pass 3"));
                    finish(r, reads, items, mine, key)
                }
                Step::Ranked(r, reads) => finish(*r, reads, items, mine, key),
            }
        })
        .collect();
    hide_frame(&mut episodes, &mut catalogue);
    // One page per thing: "Copilot" and "GitHub Copilot", "Fly" and "Fly.io".
    let folded = super::splits::fold(&mut episodes, &mut catalogue);
    if !folded.is_empty() {
        progress(format!("folded {} split things into one page each", folded.len()));
    }
    let reused = reused.into_inner();
    progress(format!(
        "found {} entities (extraction of {reused} of {} episodes reused from the cache)",
        catalogue.entities.len(),
        episodes.len()
    ));
    let kept = keep.then(|| Kept { glossary, site_stops, stats, sponsors, show, items: items_kept, own });
    (Extracted { episodes, catalogue, reused }, kept)
}

/// An episode whose extraction the cache held: its own input as parsed, the rest as kept.
fn kept_episode(parsed: ParsedEpisode, e: memo::Entry, config: &Config) -> Episode {
    let ParsedEpisode { meta, transcript, notes, sources, .. } = parsed;
    let mut cues = transcript.map(|t| t.cues).unwrap_or_default();
    metadata::canonical_speakers(&mut cues, &config.hosts);
    episode_of(meta, notes, sources, cues, e.links, e.topics, e.entities, e.chapters)
}

/// The episode made of its metadata, show notes and cues and what extraction found.
#[allow(clippy::too_many_arguments)]
fn episode_of(
    meta: metadata::Meta,
    notes: Option<ShowNotes>,
    sources: Vec<PathBuf>,
    cues: Vec<Cue>,
    links: Vec<Link>,
    topics: Vec<EpisodeTopic>,
    entities: Vec<EntityMentions>,
    chapters: Vec<Chapter>,
) -> Episode {
    let note_items = notes.as_ref().map(|n| n.items.clone()).unwrap_or_default();
    Episode {
        slug: meta.slug,
        number: meta.number,
        title: meta.title,
        title_source: meta.title_source,
        episode_type: meta.episode_type,
        date: meta.date,
        description: meta.description,
        hosts: meta.hosts,
        guests: meta.guests,
        duration: meta.duration,
        season: meta.season,
        audio_url: meta.audio_url,
        audio_type: meta.audio_type,
        audio_length: meta.audio_length,
        draft: meta.draft,
        people_given: meta.people_given,
        notes_html: notes.map(|n| n.html),
        note_items,
        cues,
        links,
        topics,
        entities,
        chapters,
        sources,
    }
}

/// How early in an episode a name is part of the show's introduction.
const FRAME_SECONDS: u32 = 90;

/// Hides the show's frame: a name first said in the introduction of nearly every
/// episode that says it, across many episodes (the co-host's employer, the network, the
/// name of the show's own episode format, "Welcome to another Fully Connected episode")
/// is how the show introduces itself, not what an episode is about. `topics.toml` and
/// the show notes win.
fn hide_frame(episodes: &mut [Episode], catalogue: &mut Catalogue) {
    let n = catalogue.entities.len();
    let (mut said, mut early, mut listed) = (vec![0usize; n], vec![0usize; n], vec![false; n]);
    for ep in episodes.iter() {
        for m in &ep.entities {
            listed[m.entity] |= m.in_notes;
            if let Some(&first) = m.cues.first() {
                said[m.entity] += 1;
                if ep.cues.get(first as usize).is_some_and(|c| c.start < FRAME_SECONDS) {
                    early[m.entity] += 1;
                }
            }
        }
    }
    let many = (episodes.len() / 10).max(5);
    let frame: FxHashSet<usize> = (0..n)
        .filter(|&e| {
            let ent = &catalogue.entities[e];
            // A sponsor thanked in every introduction stays a sponsor (its page lists it).
            said[e] >= many
                && early[e] * 5 >= said[e] * 4
                && !listed[e]
                && !matches!(ent.kind, super::catalogue::Kind::Known | super::catalogue::Kind::Sponsor)
        })
        .collect();
    if frame.is_empty() {
        return;
    }
    for &e in &frame {
        catalogue.entities[e].hidden = true;
    }
    for ep in episodes {
        ep.topics.retain(|t| t.entity.is_none_or(|e| !frame.contains(&e)));
        ep.entities.retain(|m| !frame.contains(&m.entity));
    }
}

fn notes_items(p: &ParsedEpisode) -> &[NoteItem] {
    p.notes.as_ref().map(|n| n.items.as_slice()).unwrap_or(&[])
}

/// Pass 2 for one episode: its ad reads, its own ranking and the entities it says, from
/// one reading of its words.
#[allow(clippy::too_many_arguments)]
fn rank_episode(
    mut parsed: ParsedEpisode,
    counted: &topics::Counted,
    stats: &SiteStats,
    glossary: &Glossary,
    site_stops: &ExtraStops,
    sponsors: &FxHashSet<u64>,
    catalogue: &Catalogue,
    config: &Config,
) -> Ranking {
    let (mut cues, breaks) = parsed.transcript.take().map(|t| (t.cues, t.breaks)).unwrap_or_default();
    metadata::canonical_speakers(&mut cues, &config.hosts);
    let people = ExtraStops::new(parsed.meta.hosts.iter().chain(parsed.meta.guests.iter()).map(String::as_str));
    let stops = site_stops.with(&people);
    let read = &cues[..parsed.topic_cues.min(cues.len())];
    let words = Words::new(read, &stops);
    let ad = sponsors::ad_reads(read, &words, &counted.ad_phrases, sponsors);
    let people = segment::People::new(
        parsed.meta.hosts.iter().chain(&parsed.meta.guests).chain(&config.hosts).map(String::as_str),
    );
    let reads = sponsors::read_extent(read, &words, &ad, sponsors, &people);
    let input = EpisodeInput {
        cues: read,
        words: &words,
        ads: Ads { phrases: &counted.ad_phrases, reads: &reads },
        items: notes_items(&parsed),
        known_hits: &counted.known,
        stops: &stops,
        title: &parsed.meta.title,
        // Room for the phrases that turn out not to be things of the catalogue.
        limit: config.topics.per_episode * 2,
        from_transcripts: config.topics.from_transcripts,
    };
    let ranked = topics::extract(&input, stats, glossary);
    let found = catalogue.occurrences(&words, &reads);
    drop(words);
    let shape = segment::shape(read, chapters::Show::FROM);
    Ranking { parsed, cues, ad, reads, ranked, stops, found, shape, breaks }
}

/// Pass 3 for one episode. Its topics are its own ranking, each named by the entity it
/// is (a phrase that is no entity is left out; a show-notes item that names none stays,
/// without a page), one topic per entity.
fn finish_episode(
    r: Ranking,
    item_entities: Vec<Vec<usize>>,
    catalogue: &Catalogue,
    config: &Config,
    kind: chapters::Show,
    stats: &SiteStats,
    own: &Own,
) -> Episode {
    let Ranking { parsed, cues, ad, reads, ranked, stops, mut found, breaks, .. } = r;
    let ParsedEpisode { meta, notes, sources, .. } = parsed;
    catalogue.recheck(&cues[..reads.len()], &stops, &reads, &mut found);
    let mut entities = catalogue.mentions(&found);
    let items = notes.as_ref().map(|n| n.items.clone()).unwrap_or_default();
    for e in item_entities.iter().flatten() {
        mention_of(&mut entities, *e).in_notes = true;
    }

    // A name the episode discusses can be misheard in it ("pullers" on the Polars
    // episode): a ranked word that sounds the same and names nothing is that name.
    let sounds: Vec<(String, usize, u32)> = entities
        .iter()
        .filter(|m| m.said >= 2)
        .filter_map(|m| {
            let e = &catalogue.entities[m.entity];
            let single = !e.key.contains(' ') && !e.hidden && e.kind != super::catalogue::Kind::Sponsor;
            single.then(|| (sound(&e.key), m.entity, m.said))
        })
        .collect();

    let show = squashed(&config.title);
    let mut topics: Vec<EpisodeTopic> = Vec::new();
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    // Fewer and better: past the first few, a topic the model gives poor odds of being an
    // item is left out, whatever room `per_episode` leaves (a known topic aside).
    let at_least = TOPICS_AT_LEAST.min(config.topics.per_episode);
    // Acronyms the episode says ("ASGI", "WSGI"): their spelled-out pieces ("Web Server
    // Gateway", "Async Gateway Interface") and the acronym with its own words ("WSGI
    // interface") are the acronym, one topic.
    let mut acronyms: Vec<String> = ranked
        .iter()
        .filter(|t| !t.from_notes)
        .flat_map(|t| t.name.split(' '))
        .filter(|w| is_acronym(w))
        .map(str::to_lowercase)
        .collect();
    acronyms.sort_unstable();
    acronyms.dedup();
    let mut said_as: FxHashSet<String> = FxHashSet::default();
    // Fewer and better: a phrase that names no thing of the catalogue is listed past the
    // first few only when the episode ranks it in the better half of its own candidates.
    let phrase_bar = odds_at(&ranked, PHRASE_BAR_QUANTILE);
    for t in &ranked {
        if topics.len() >= config.topics.per_episode.max(items.len()) {
            break;
        }
        let spelled;
        let t = match (!t.from_notes).then(|| acronym_of(&t.name, &acronyms)).flatten() {
            Some(a) => {
                spelled = Ranked { key: a.to_lowercase(), name: a, ..t.clone() };
                &spelled
            }
            None => t,
        };
        // One topic per name, a thing of the catalogue or not.
        if !said_as.insert(t.key.clone()) {
            continue;
        }
        let unlikely = t.odds < TOPIC_MIN_ODDS && topics.len() >= at_least;
        let key =
            if t.from_notes { super::catalogue::phrase_key(&glossary::item_name(&t.name)) } else { t.key.clone() };
        let multi_word = t.key.contains(' ');
        // Web addresses read out ("github.com tensorflow tensorflow") and the show's own
        // address are no topics.
        if !t.from_notes
            && t.key.split(' ').any(|w| is_address(w) && (multi_word || own.is_show(w)) || own_address(w, &show))
        {
            continue;
        }
        // General vocabulary ("API", "JSON") is no topic, a thing of the catalogue or not.
        if !t.from_notes && super::catalogue::is_general(&key) {
            continue;
        }
        let entity = catalogue
            .resolve_phrase(&key)
            .or_else(|| {
                (!t.from_notes && multi_word && !written_as_name(&t.name))
                    .then(|| catalogue.name_within(&key).map(|e| (e, false)))
                    .flatten()
            })
            .or_else(|| (!t.from_notes).then(|| thing_with_filler(&key, catalogue)).flatten().map(|e| (e, false)));
        // A phrase naming a hidden thing (general vocabulary, `hide = true`) is no topic.
        if entity.is_some_and(|(e, _)| catalogue.entities[e].hidden) {
            continue;
        }
        // Nor is a name of the show's people or of the show that names no thing.
        if entity.is_none()
            && !t.from_notes
            && (own.is_person(&t.key) || own.is_show(&t.key) || own.in_show_name(&t.key))
        {
            continue;
        }
        let entity = entity.filter(|&(e, _)| catalogue.entities[e].kind != super::catalogue::Kind::Sponsor);
        // `topics.toml` wins: a topic it lists is listed whenever said.
        if unlikely && entity.is_none_or(|(e, _)| catalogue.entities[e].kind != super::catalogue::Kind::Known) {
            continue;
        }
        let named_here = t.name_like && t.tf >= 2;
        if entity.is_none() && !t.from_notes && t.odds < phrase_bar && !named_here && topics.len() >= PHRASES_FREE {
            continue;
        }
        let mut topic = t.topic(&cues);
        match entity {
            Some((e, spelling)) => {
                if !seen.insert(e) {
                    continue;
                }
                let m = mention_of(&mut entities, e);
                m.ranked = true;
                // A phrase around a name ("Reflex apps", "config Modal", "Google Maps",
                // "GitHub API") is shown as the name, and merged with it when the list has
                // it already; a version ("LLaMA 2", "PEP 614") keeps its number, a name
                // written with another thing in it ("Flask SQLAlchemy", "Windows 10
                // Linux") keeps its words, and so do the hosts' own item titles.
                let edition = key.rsplit_once(' ').is_some_and(|(_, y)| is_year(y));
                let keeps_words =
                    catalogue.names_exactly(&key) || written_as_name(&t.name) && keeps_its_words(&t.name, e, catalogue);
                let as_name = spelling || (!t.from_notes && (edition || !keeps_words));
                if as_name && !m.cues.is_empty() {
                    topic.mentions =
                        m.cues.iter().map(|&c| crate::model::Mention { start: cues[c as usize].start }).collect();
                    topic.mentions.dedup();
                }
                topic.entity = Some(e);
                topic.spelling = as_name;
            }
            None if !t.from_notes && !t.key.contains(' ') => {
                let s = sound(&t.key);
                // The name is said more than what it is misheard as.
                let heard = sounds.iter().find(|(x, _, said)| t.key.len() >= 4 && *x == s && *said > t.tf);
                if let Some(&(_, e, _)) = heard {
                    let m = mention_of(&mut entities, e);
                    m.said += t.tf;
                    m.cues.extend(&t.cues);
                    m.cues.sort_unstable();
                    m.cues.dedup();
                    continue;
                }
                // A single word that is no thing of the catalogue is a topic only when
                // it is written as a name here (`pydoc.io`, "EasyArgs") or is a noun the
                // episode keeps saying ("burnout", "surveillance"); a word said in
                // passing ("spilled", "Wedding") or a mishearing never is.
                let written_as_name = t.name_like && !super::lexicon::is_english(&t.key);
                let verb_form = t.key.ends_with("ing") || t.key.ends_with("ed");
                if !written_as_name && (t.tf < CONCEPT_WORD_MIN_TF || verb_form) {
                    continue;
                }
                topic.slug = None;
            }
            None if !t.from_notes && (!stands_alone(t) || weak_phrase(t) && stats.df(&t.key) < 2) => continue,
            None => topic.slug = None,
        }
        topics.push(topic);
    }
    if items.is_empty() {
        subject_first(&mut topics, &mut entities, &meta.title, &cues, &reads, &stops, catalogue);
    }
    entities.retain(|m| !m.cues.is_empty() || m.in_notes || m.ranked);

    // Chapters: the episode's turns first, then the items aligned to them in order (or,
    // without show notes, each part titled by its topic).
    let people = segment::People::new(meta.hosts.iter().chain(&meta.guests).chain(&config.hosts).map(String::as_str));
    let mut turns = segment::Turns::new(&cues, &ad, &people);
    turns.breaks = breaks;
    let chapters = if items.is_empty() {
        // How many of the show's episodes say a title (its own name: all of them).
        let spread = |title: &str| {
            let words: Vec<String> = title.split_whitespace().map(squashed).collect();
            let own = squashed(title) == show
                || words.len() == 1
                    && !words[0].is_empty()
                    && config.title.split_whitespace().any(|w| squashed(w) == words[0]);
            if own {
                1.0
            } else {
                stats.df(&super::catalogue::phrase_key(title)) as f32 / stats.episodes.max(BROAD_FROM) as f32
            }
        };
        chapters::from_topics(&cues, &turns, &topics, &chapters::names_said(&entities, catalogue), kind, &spread)
    } else {
        // Each item's topic by its folded name: one lookup per item, not a pass over the
        // topics (an episode of thousands of items would cost items x topics).
        let mut topic_by_fold: FxHashMap<String, &str> = Default::default();
        for t in &topics {
            topic_by_fold.entry(fold(&t.name)).or_insert(&t.name);
        }
        let rows: Vec<chapters::ItemInput> = items
            .iter()
            .zip(item_entities.iter().map(Vec::as_slice).chain(std::iter::repeat(&[][..])))
            .map(|(it, ents)| {
                let fk = fold(&glossary::item_name(&it.title));
                let mut entity_cues: Vec<u32> = ents
                    .iter()
                    .filter(|&&e| catalogue.entities[e].kind != super::catalogue::Kind::Sponsor)
                    .filter_map(|&e| entities.binary_search_by_key(&e, |m| m.entity).ok())
                    .flat_map(|x| entities[x].cues.iter().copied())
                    .collect();
                entity_cues.sort_unstable();
                entity_cues.dedup();
                chapters::ItemInput { item: it, topic: topic_by_fold.get(&fk).map(|t| t.to_string()), entity_cues }
            })
            .collect();
        chapters::from_items(&cues, &turns, &ad, &rows, &stops)
    };

    // Links: show notes first (attached to their item), then those said aloud outside ad reads.
    let mut all_links: Vec<Link> = Vec::new();
    if let Some(n) = &notes {
        // The first item that holds a link names its topic: a map, not a search of every
        // item per link (show notes of thousands of links would cost links x items).
        let mut item_of: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, it) in items.iter().enumerate() {
            for u in &it.links {
                item_of.entry(u.as_str()).or_insert(i);
            }
        }
        for (url, text) in &n.links {
            let topic = item_of.get(url.as_str()).map(|&i| glossary::item_name(&items[i].title));
            all_links.push(Link { url: url.clone(), text: text.clone(), start: None, topic });
        }
    }
    let mut seen: FxHashSet<String> = all_links.iter().map(|l| url_key(&l.url)).collect();
    let folds: Vec<(String, &str)> = topics.iter().map(|t| (fold(&t.name), t.name.as_str())).collect();
    for mut l in links::transcript_links(&cues, &reads, |w| catalogue.resolve(w).is_some()) {
        if !seen.insert(url_key(&l.url)) {
            continue;
        }
        l.topic = link_topic(&l, &folds, &chapters);
        all_links.push(l);
    }
    drop(items);
    episode_of(meta, notes, sources, cues, all_links, topics, entities, chapters)
}

/// The topic model's log-odds (that the hosts would list a topic as an item) below which
/// a topic past the first [`TOPICS_AT_LEAST`] ends an episode's list. On Python Bytes
/// (transcripts alone) the topics it cuts from lists of fifteen matched a show-notes item
/// one time in eight, the ten above it one time in three.
const TOPIC_MIN_ODDS: f64 = -1.0;
/// Topics an episode lists whatever their odds (or `per_episode`, if fewer): the
/// per-episode recall and precision at ten stay as they were.
const TOPICS_AT_LEAST: usize = 10;

/// Where in the episode's own candidates (by the model's odds, lowest 0, highest 1) a
/// phrase that names no thing must rank to be listed past the first [`PHRASES_FREE`]
/// topics: the better half. On Practical AI the cut phrases were mostly small talk and
/// pieces of sentences; on Python Bytes the per-episode recall at ten stays as it was.
const PHRASE_BAR_QUANTILE: f64 = 0.5;
/// Topics an episode lists before [`PHRASE_BAR_QUANTILE`] applies.
const PHRASES_FREE: usize = 5;

/// Times an episode says an ordinary noun that names nothing of the catalogue before it
/// is one of its topics (a concept of the episode, not a word in passing).
const CONCEPT_WORD_MIN_TF: u32 = 4;

/// Words that make a phrase filler rather than a concept ("super-nice developer
/// experience", "current incident response", "commerce unintelligible").
const FILLER: &[&str] = &[
    "actual",
    "afterwards",
    "awesome",
    "basic",
    "big",
    "certain",
    "cool",
    "crosstalk",
    "current",
    "different",
    "entire",
    "everything",
    "folks",
    "gonna",
    "good",
    "great",
    "guy",
    "guys",
    "huge",
    "inaudible",
    "kind",
    "laughter",
    "little",
    "lot",
    "lots",
    "nearby",
    "new",
    "nice",
    "okay",
    "old",
    "people",
    "potential",
    "real",
    "simple",
    "something",
    "sort",
    "stuff",
    "super",
    "thing",
    "things",
    "typical",
    "unintelligible",
    "various",
    "versus",
    "vs",
    "way",
    "ways",
    "whole",
    "wanna",
    "yeah",
];

/// A phrase that is no thing of the catalogue is a topic only when it stands on its own
/// as a concept ("symbolic computation", "gene naming errors"): two to four words, with no
/// filler or adverb in it, not opening or closing like a piece of a sentence. (How often
/// it is said is the ranking's business: requiring two mentions lost real items.)
fn stands_alone(t: &Ranked) -> bool {
    let words: Vec<&str> = t.key.split(' ').collect();
    let adverb = |w: &str| w.len() > 5 && w.ends_with("ly") && !w.ends_with("ology") && !w.ends_with("ply");
    // A dictionary word with a verb's ending: "maintaining", "died".
    let verb_form = |w: &str, ending: &str| w.ends_with(ending) && super::lexicon::is_word(w);
    (2..=4).contains(&words.len())
        // "maintaining multiple", "covered Paya died": a piece of a sentence.
        && !verb_form(words[0], "ing")
        && !words.last().is_some_and(|w| verb_form(w, "ed"))
        && words.iter().all(|w| {
            let plain = w.trim_matches('-');
            !plain.is_empty()
                && !plain.chars().all(|c| c.is_ascii_digit())
                && !adverb(plain)
                && !plain.split('-').any(|p| FILLER.contains(&p))
        })
}

/// The odds at quantile `q` of the episode's own ranking (its candidates, not its
/// show-notes items).
fn odds_at(ranked: &[Ranked], q: f64) -> f64 {
    let mut odds: Vec<f64> = ranked.iter().filter(|t| !t.from_notes).map(|t| t.odds).collect();
    if odds.is_empty() {
        return f64::NEG_INFINITY;
    }
    odds.sort_unstable_by(f64::total_cmp);
    odds[((odds.len() as f64 * q) as usize).min(odds.len() - 1)]
}

/// A phrase said once, in lower case (words joined by hyphens are no name: "two-bedroom
/// two-bathroom rental"): unless it names a thing of the catalogue or another episode says
/// it too, a piece of a sentence ("diner coffee cup", "liability greater", "dark roast
/// coffee"), not a concept the episode stands on.
fn weak_phrase(t: &Ranked) -> bool {
    let plain_words = t.name == t.key && t.key.split([' ', '-']).all(super::lexicon::is_word);
    t.key.contains(' ') && t.tf <= 1 && (!t.name_like || plain_words)
}

/// An acronym as written: three to six capitals ("ASGI", "WSGI", "CNCF").
fn is_acronym(word: &str) -> bool {
    (3..=6).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase())
}

/// The acronym a phrase spells out or wraps: "WSGI interface" (the acronym and words
/// whose initials are its letters), "Web Server Gateway", "Async Gateway Interface"
/// (capitalised words whose initials, in order, are all but at most one of its letters).
fn acronym_of(name: &str, acronyms: &[String]) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 {
        return None;
    }
    let initial = |w: &str| w.chars().next().map(|c| c.to_ascii_lowercase());
    // "WSGI interface": the acronym and its own letters' words.
    if let Some(a) = words.iter().find(|w| is_acronym(w) && acronyms.contains(&w.to_lowercase())) {
        let lower = a.to_lowercase();
        let others_in = words.iter().filter(|w| *w != a).all(|w| initial(w).is_some_and(|c| lower.contains(c)));
        return others_in.then(|| a.to_string());
    }
    if !words.iter().all(|w| w.starts_with(|c: char| c.is_ascii_uppercase())) {
        return None;
    }
    let initials: String = words.iter().filter_map(|w| initial(w)).collect();
    acronyms
        .iter()
        .find(|a| {
            let mut letters = a.chars();
            initials.len() >= 3 && initials.len() + 1 >= a.len() && initials.chars().all(|c| letters.any(|l| l == c))
        })
        .map(|a| a.to_uppercase())
}

/// Endings that make a name describe the phrase around it: "Intel-based system",
/// "Jupyter-like notebook", "Dagger-related".
const NAME_SUFFIXES: &[&str] =
    &["based", "like", "related", "powered", "driven", "compatible", "exclusive", "specific", "style", "friendly"];

/// The thing a phrase is, when the phrase is things of the catalogue and filler: general
/// vocabulary ("GitHub API", "NVIDIA CEO", "Microsoft SQL"), numbers, filler words, or
/// another thing before it ("Microsoft Azure", "OpenAI Codex": the maker's prefix; the
/// last thing named wins). A name with an ending that makes it describe ("Intel-based
/// system") also takes ordinary words. A word that is none of these ("Guido van Rossum",
/// "Django MongoDB Connector") keeps the phrase as it is.
fn thing_with_filler(key: &str, catalogue: &Catalogue) -> Option<usize> {
    // A web address that is a thing's own ("home-assistant.io", "docs.pipinf.org").
    if !key.contains(' ') && is_address(key) {
        let host = key.split('/').next().unwrap_or(key);
        let labels: Vec<&str> = host.split('.').collect();
        let name = labels[..labels.len() - 1]
            .iter()
            .filter(|l| !matches!(**l, "www" | "docs" | "blog"))
            .map(|l| l.replace('-', " "))
            .collect::<Vec<_>>()
            .join(" ");
        return catalogue.names_exactly(&name).then(|| catalogue.resolve(&name)).flatten();
    }
    let mut words: Vec<&str> = Vec::new();
    let mut describes = false;
    for w in key.split(' ') {
        match w.rsplit_once('-') {
            Some((head, tail)) if !head.is_empty() && NAME_SUFFIXES.contains(&tail) => {
                words.push(head);
                describes = true;
            }
            _ => words.push(w),
        }
    }
    if words.len() < 2 && !describes {
        return None;
    }
    let thing = |span: &str| {
        catalogue
            .names_exactly(span)
            .then(|| catalogue.resolve(span))
            .flatten()
            .filter(|&e| !catalogue.entities[e].ambiguous)
    };
    let mut last = None;
    let mut i = 0;
    while i < words.len() {
        let found =
            (1..=(words.len() - i).min(4)).rev().find_map(|len| thing(&words[i..i + len].join(" ")).map(|e| (len, e)));
        match found {
            Some((len, e)) => {
                last = Some(e);
                i += len;
            }
            None => {
                let w = words[i];
                let filler = super::catalogue::is_general(w)
                    || w.chars().all(|c| c.is_ascii_digit() || c == '.')
                    || FILLER.contains(&w)
                    || describes && super::lexicon::is_word(w);
                if !filler {
                    return None;
                }
                i += 1;
            }
        }
    }
    last
}

/// A year: an event's edition ("PyCon 2017" is PyCon), not a release's number.
fn is_year(w: &str) -> bool {
    w.len() == 4 && (w.starts_with("19") || w.starts_with("20")) && w.parse::<u32>().is_ok()
}

/// Whether a name written around a thing of the catalogue says more than the thing: the
/// words left beside it are a number ("PEP 614"), an acronym ("Django REST"), or name
/// another thing ("Flask SQLAlchemy", "PSF JetBrains"), or the thing is a first name
/// ("Trey Hunter").
fn keeps_its_words(name: &str, entity: usize, catalogue: &Catalogue) -> bool {
    let own_key = &catalogue.entities[entity].key;
    if super::spans::GIVEN_NAMES.contains(&own_key.as_str()) {
        return true;
    }
    let own: Vec<&str> = own_key.split(' ').collect();
    let written: Vec<&str> =
        name.split(' ').filter(|w| !own.contains(&super::catalogue::phrase_key(w).as_str())).collect();
    let rest: Vec<String> = written.iter().map(|w| super::catalogue::phrase_key(w)).collect();
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    if rest.is_empty() {
        return false;
    }
    let acronym = |w: &&str| {
        w.len() >= 2
            && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && !super::catalogue::is_general(w)
    };
    written.iter().any(acronym)
        || rest.iter().all(|w| w.chars().all(|c| c.is_ascii_digit() || c == '.') && !is_year(w))
        || rest.iter().any(|w| {
            let thing = |x: usize| {
                let ent = &catalogue.entities[x];
                x != entity && !ent.ambiguous && !ent.hidden && ent.kind != super::catalogue::Kind::Sponsor
            };
            !super::catalogue::is_general(w) && catalogue.names_exactly(w) && catalogue.resolve(w).is_some_and(thing)
        })
}

/// Every word capitalised, a number or dotted ("Advent of Code", "PEP 8000",
/// "Django Hunter"): a name of its own, not a name with filler around it.
fn written_as_name(name: &str) -> bool {
    name.split(' ').all(|w| {
        w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            || matches!(w, "of" | "the" | "and" | "for" | "de" | "la")
            || w.contains('.')
    })
}

/// A title's letters and digits, lower case: "Python Bytes (sample)" -> "pythonbytessample".
pub(super) fn squashed(title: &str) -> String {
    title.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A show of fewer episodes says nothing in most of them: each title is weighed as if it
/// had this many.
const BROAD_FROM: u32 = 10;

/// The show's own web address: its host's first label begins the show's title
/// ("pythonbytes.fm" for "Python Bytes").
fn own_address(word: &str, show: &str) -> bool {
    let host = word.strip_prefix("www.").unwrap_or(word);
    is_address(word) && host.split('.').next().is_some_and(|label| label.len() >= 4 && show.starts_with(label))
}

/// A web address: `pythonbytes.fm`, `www.space.com`, `github.com/...` (not `TensorFlow.js`).
pub(super) fn is_address(word: &str) -> bool {
    const ENDS: &[&str] = &["com", "org", "io", "fm", "net", "dev", "edu", "gov", "co", "ai", "html", "us", "uk", "me"];
    word.starts_with("www.")
        || word.rsplit_once('.').is_some_and(|(head, tail)| {
            !head.is_empty() && ENDS.contains(&tail.trim_end_matches('/').to_ascii_lowercase().as_str())
        })
}

/// Cue words that say an introduction names the episode's subject: "here to talk about
/// X", "the creator of X", "today we're talking about X".
const INTRO_WORDS: &[&str] = &["about", "creator", "author", "maintainer", "founder", "introduce", "today", "built"];

/// How far into an episode its introduction runs (seconds).
const INTRO_SECONDS: u32 = 300;

/// Puts what the episode is about first: the things its title names, in the title's
/// order, then the thing its introduction names that the episode says most (said at
/// least three times, first in the introduction, outside ad reads).
fn subject_first(
    topics: &mut Vec<EpisodeTopic>,
    entities: &mut Vec<EntityMentions>,
    title: &str,
    cues: &[Cue],
    ad: &[bool],
    stops: &ExtraStops,
    catalogue: &Catalogue,
) {
    let usable = |e: usize| {
        let ent = &catalogue.entities[e];
        !ent.hidden && ent.kind != super::catalogue::Kind::Sponsor
    };
    let said = |e: usize| entities.binary_search_by_key(&e, |m| m.entity).is_ok_and(|i| !entities[i].cues.is_empty());
    let mut subjects: Vec<usize> =
        catalogue.named_in(title, stops).into_iter().filter(|&e| usable(e) && said(e)).collect();
    let intro = entities
        .iter()
        .filter(|m| m.said >= 3 && usable(m.entity) && !subjects.contains(&m.entity))
        .filter_map(|m| {
            let first = *m.cues.iter().find(|&&c| !ad.get(c as usize).copied().unwrap_or(false))?;
            let cue = cues.get(first as usize)?;
            if cue.start > INTRO_SECONDS {
                return None;
            }
            let lower = cue.text.to_lowercase();
            let named = INTRO_WORDS.iter().any(|w| lower.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w));
            Some((m.said.min(30) + if named { 10 } else { 0 }, std::cmp::Reverse(first), m.entity))
        })
        .max();
    // Where the title names nothing (or there is none), the introduction says it.
    if subjects.is_empty() {
        subjects.extend(intro.map(|(_, _, e)| e));
    }
    // The subject takes the best score, so the list stays sorted best first.
    let top = topics.iter().map(|t| t.score).fold(1.0f64, f64::max);
    for (at, &e) in subjects.iter().enumerate() {
        mention_of(entities, e).subject = true;
        let mut topic = match topics.iter().position(|t| t.entity == Some(e)) {
            Some(i) => topics.remove(i),
            None => {
                let m = mention_of(entities, e);
                m.ranked = true;
                let ent = &catalogue.entities[e];
                let name = ent.name.clone().unwrap_or_else(|| ent.key.clone());
                EpisodeTopic {
                    slug: Some(crate::slug::slugify(&name)),
                    name,
                    score: 1.0,
                    from_notes: false,
                    url: None,
                    mentions: m.cues.iter().map(|&c| crate::model::Mention { start: cues[c as usize].start }).collect(),
                    entity: Some(e),
                    spelling: true,
                }
            }
        };
        topic.score = top;
        topics.insert(at.min(topics.len()), topic);
    }
}

/// The episode's record of an entity, added when the entity was not said.
fn mention_of(entities: &mut Vec<EntityMentions>, entity: usize) -> &mut EntityMentions {
    let i = match entities.binary_search_by_key(&entity, |m| m.entity) {
        Ok(i) => i,
        Err(i) => {
            entities.insert(i, EntityMentions { entity, ..EntityMentions::default() });
            i
        }
    };
    &mut entities[i]
}

/// Two URLs with the same key are one link (a trailing slash, `www.` and case aside).
fn url_key(u: &str) -> String {
    u.trim_end_matches('/').replace("://www.", "://").to_ascii_lowercase()
}

/// The topic a spoken link belongs to: one named in the URL, else the chapter being
/// discussed when it was said. `topics`: each topic's folded name, and its name.
fn link_topic(l: &Link, topics: &[(String, &str)], chapters: &[Chapter]) -> Option<String> {
    let flat: String = l.url.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    if let Some((_, name)) = topics.iter().find(|(f, _)| f.len() >= 4 && flat.contains(f.as_str())) {
        return Some(name.to_string());
    }
    let start = l.start?;
    chapters.iter().rev().find(|c| c.start <= start).and_then(|c| c.topic.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(key: &str) -> Ranked {
        Ranked {
            key: key.to_string(),
            name: key.to_string(),
            score: 0.5,
            from_notes: false,
            url: None,
            cues: vec![0],
            name_like: false,
            tf: 2,
            odds: 0.0,
        }
    }

    #[test]
    fn a_phrase_said_once_in_plain_words_is_weak_and_a_name_is_not() {
        let once = |name: &str, name_like: bool| Ranked {
            key: name.to_lowercase(),
            name: name.to_string(),
            tf: 1,
            name_like,
            ..ranked("")
        };
        assert!(weak_phrase(&once("diner coffee cup", false)));
        assert!(weak_phrase(&once("two-bedroom two-bathroom rental", true)));
        assert!(!weak_phrase(&once("Quartz Composer", true)));
        assert!(!weak_phrase(&once("gpt4-vicuna merges", true)), "a coined word joined by a hyphen");
        assert!(!weak_phrase(&Ranked { tf: 2, ..once("feature flags", false) }));
        assert!(!weak_phrase(&once("burnout", false)), "one word: the concept-word rule's business");
    }

    #[test]
    fn the_bar_is_a_quantile_of_the_episodes_own_candidates() {
        let list: Vec<Ranked> = (0..10).map(|i| Ranked { odds: i as f64, ..ranked("x") }).collect();
        assert_eq!(odds_at(&list, 0.5), 5.0);
        assert_eq!(odds_at(&list, 0.0), 0.0);
        assert_eq!(odds_at(&list, 1.0), 9.0);
        let notes = Ranked { from_notes: true, odds: f64::INFINITY, ..ranked("item") };
        assert_eq!(odds_at(&[notes], 0.5), f64::NEG_INFINITY);
    }

    #[test]
    fn an_acronym_spelled_out_or_wrapped_is_the_acronym() {
        let acronyms = vec!["asgi".to_string(), "wsgi".to_string()];
        for (phrase, acronym) in
            [("WSGI interface", "WSGI"), ("Web Server Gateway", "WSGI"), ("Async Gateway Interface", "ASGI")]
        {
            assert_eq!(acronym_of(phrase, &acronyms).as_deref(), Some(acronym), "{phrase}");
        }
        // A piece of both is one of them: either way one topic, not a third.
        assert!(matches!(acronym_of("Server Gateway Interface", &acronyms).as_deref(), Some("ASGI" | "WSGI")));
        for other in ["ASGI", "WSGI servers today", "Machine Learning", "Gateway Interface", "web server gateway"] {
            assert_eq!(acronym_of(other, &acronyms), None, "{other}");
        }
        assert!(is_acronym("CNCF") && !is_acronym("API3") && !is_acronym("Ok") && !is_acronym("MLOps"));
    }

    #[test]
    fn concepts_stand_alone_and_filler_does_not() {
        assert!(stands_alone(&ranked("symbolic computation")));
        assert!(stands_alone(&ranked("gene naming errors")));
        for filler in ["super-nice developer experience", "current incident response", "commerce unintelligible"] {
            assert!(!stands_alone(&ranked(filler)), "{filler}");
        }
        assert!(!stands_alone(&ranked("gpu compute specifically")));
        assert!(!stands_alone(&ranked("temptation")), "one word is no concept");
        assert!(!stands_alone(&ranked("a b c d e")), "five words are a sentence");
    }

    #[test]
    fn names_of_their_own_and_web_addresses() {
        assert!(written_as_name("Advent of Code"));
        assert!(written_as_name("PEP 8000"));
        assert!(written_as_name("Django Hunter"));
        assert!(!written_as_name("Reflex apps"));
        assert!(!written_as_name("cutting edge Reflex"));
        assert!(!written_as_name("pre-trained Stable Diffusion"));
        assert!(is_address("pythonbytes.fm"));
        assert!(is_address("www.space.com"));
        assert!(is_address("github.com"));
        assert!(!is_address("TensorFlow.js"));
        assert!(!is_address("3.12"));
        assert!(own_address("pythonbytes.fm", &squashed("Python Bytes (sample)")));
        assert!(!own_address("talkpython.fm", &squashed("Python Bytes")));
        assert!(!stands_alone(&ranked("maintaining multiple")));
        assert!(!stands_alone(&ranked("covered paya died")));
        assert!(stands_alone(&ranked("machine learning")));
        assert!(stands_alone(&ranked("structured concurrency")));
    }
}
