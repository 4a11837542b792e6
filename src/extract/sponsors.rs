//! Ad reads. A sponsor is not a topic: the catalogue tells them apart by where a name is
//! said. Podcasts phrase their reads the same way every time ("this episode is brought
//! to you by", "visit <show>.fm/<sponsor>"), so a few general phrasings find the reads,
//! and a name said mostly in or right next to them, across several episodes, is a
//! sponsor ([`super::catalogue`] decides that from the whole catalogue's counts, never
//! from a list of sponsor names). Its reads are then cut out of each episode's topics,
//! chapters and links.

use super::segment;
use super::spans::Words;
use crate::model::Cue;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// How podcasts phrase an ad read; general, not one show's.
const AD_PHRASES: &[&str] =
    &["sponsor", "brought to you by", ".fm/", "fm slash", "promo code", "offer code", "coupon code", "free trial"];

/// Seconds either side of an ad phrase that still belong to the read.
pub const AD_REACH: u32 = 20;

/// Does this cue use ad-read phrasing?
pub fn is_ad_phrase(text: &str) -> bool {
    static READS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(AD_PHRASES).expect("valid patterns")
    });
    READS.is_match(text)
}

/// Which cues use ad-read phrasing.
pub fn ad_phrases(cues: &[Cue]) -> Vec<bool> {
    cues.iter().map(|c| is_ad_phrase(&c.text)).collect()
}

/// Cues that use ad phrasing (`phrases`) or are said within [`AD_REACH`] seconds of one:
/// where a sponsor's name would be said.
pub fn near_ad(cues: &[Cue], phrases: &[bool]) -> Vec<bool> {
    let seeds: Vec<u32> = cues.iter().zip(phrases).filter(|(_, &p)| p).map(|(c, _)| c.start).collect();
    let mut near = vec![false; cues.len()];
    if seeds.is_empty() {
        return near;
    }
    let mut j = 0;
    for (i, c) in cues.iter().enumerate() {
        // `seeds` is sorted as cues are; move to the first seed that is not too early.
        while j < seeds.len() && seeds[j] + AD_REACH < c.start {
            j += 1;
        }
        near[i] = j < seeds.len() && seeds[j] <= c.start + AD_REACH;
    }
    near
}

/// The cues of an episode's ad reads: ad phrasing (`phrases`), and cues near it that
/// name a sponsor (one of `sponsors`, hashed alias keys from the catalogue). These are
/// left out of topics, chapters and links.
pub fn ad_reads(cues: &[Cue], words: &Words, phrases: &[bool], sponsors: &FxHashSet<u64>) -> Vec<bool> {
    let mut read = phrases.to_vec();
    if sponsors.is_empty() {
        return read;
    }
    let near = near_ad(cues, phrases);
    // Each cue's tokens, to look at the near ones only.
    let mut at = 0;
    for (i, is_near) in near.iter().enumerate() {
        let from = at;
        while at < words.toks.len() && words.toks[at].cue as usize == i {
            at += 1;
        }
        if *is_near && !read[i] {
            let mut named = false;
            words.for_each_candidate_in(from..at, |a, len| named |= sponsors.contains(&words.hash(a, len)));
            read[i] = named;
        }
    }
    read
}

/// A read ending on its opening words ("this episode is brought to you by us") runs on
/// to the next hand-off within this many seconds (else [`AD_REACH`]): the copy follows.
const READ_RUNS_ON: u32 = 60;
/// Ad phrasing in the introduction ("brought to you by X, more on them later") is no read.
const READ_INTRO: u32 = 60;
/// Thanks that open a read without ad phrasing ("X is supporting our show, so let me
/// tell you about them").
const SUPPORT: &[&str] = &["supporting our show", "supporting the show", "supports the show", "supports our show"];
/// The opening words of a read, after which the copy follows.
const READ_OPENINGS: &[&str] = &["brought to you by", "sponsored by"];

/// The whole of each ad read, for what topics, mentions and quoted moments leave out: the
/// ad cues ([`ad_reads`]) of one read (no more than [`segment::READ_GAP`] seconds apart)
/// and every cue between them; back to the read's announcement ("before we move on, let
/// me tell you about ...") when it or a cue beside it names a sponsor, uses ad phrasing
/// or thanks for support; and, when the read ends on its opening words ("... is brought to you by
/// us"), on to the next hand-off. Chapters keep `ad` itself: they place a read's edges
/// on the episode's turns.
pub fn read_extent(
    cues: &[Cue],
    words: &Words,
    ad: &[bool],
    sponsors: &FxHashSet<u64>,
    people: &segment::People,
) -> Vec<bool> {
    let n = ad.len().min(cues.len());
    let mut out = ad.to_vec();
    let mut clusters: Vec<(usize, usize)> = Vec::new();
    for i in (0..n).filter(|&i| ad[i]) {
        match clusters.last_mut() {
            Some(c) if cues[i].start <= cues[c.1].start + segment::READ_GAP => c.1 = i,
            _ => clusters.push((i, i)),
        }
    }
    let names_sponsor = |i: usize| {
        let from = words.toks.partition_point(|t| (t.cue as usize) < i);
        let to = words.toks.partition_point(|t| (t.cue as usize) <= i);
        let mut named = false;
        words.for_each_candidate_in(from..to, |a, len| named |= sponsors.contains(&words.hash(a, len)));
        named
    };
    let opens = |j: usize| {
        j < n && (ad[j] || names_sponsor(j) || SUPPORT.iter().any(|p| cues[j].text.to_lowercase().contains(p)))
    };
    for (first, last) in clusters {
        let within = |j: &usize| cues[first].start.saturating_sub(cues[*j].start) <= segment::READ_ANNOUNCED_WITHIN;
        let start = (0..first)
            .rev()
            .take_while(within)
            .find(|&j| segment::announces_read(&cues[j].text))
            .filter(|&j| (j > 0 && opens(j - 1)) || opens(j) || opens(j + 1))
            .unwrap_or(first);
        let text = cues[last].text.to_ascii_lowercase();
        let runs_on = cues[last].start > READ_INTRO
            && READ_OPENINGS.iter().any(|o| text.contains(o))
            && !text.contains("not ")
            && !text.contains("n't ");
        let end = if runs_on {
            let after = |secs: u32| (last + 1..n).take_while(move |&j| cues[j].start <= cues[last].start + secs);
            match after(READ_RUNS_ON).find(|&j| segment::handoff(&cues[j].text.to_lowercase(), people) >= 0.6) {
                Some(j) => j - 1,
                None => after(AD_REACH).last().unwrap_or(last),
            }
        } else {
            last
        };
        out[start..=end].fill(true);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::spans::{hash_key, ExtraStops};

    #[test]
    fn cues_near_an_ad_phrase() {
        let cues = Cue::every(
            10,
            &[
                "Welcome to the show.",
                "",
                "",
                "This episode is brought to you by Acme.",
                "Acme makes anvils.",
                "I like anvils.",
                "",
                "",
                "",
                "",
                "Now, Acme the library.",
            ],
        );
        let phrases = ad_phrases(&cues);
        let near = near_ad(&cues, &phrases);
        assert_eq!(near.iter().positions(), vec![1, 2, 3, 4, 5]);
        let sponsors: FxHashSet<u64> = [hash_key("acme")].into_iter().collect();
        let words = Words::new(&cues, &ExtraStops::default());
        let ad = ad_reads(&cues, &words, &phrases, &sponsors);
        // The read and the cue after it that names the sponsor; not the talk about it later.
        assert_eq!(ad.iter().positions(), vec![3, 4]);
    }

    #[test]
    fn a_read_is_whole_from_its_announcement_and_runs_on_after_its_opening() {
        let people = segment::People::new(["Michael Kennedy", "Brian Okken"]);
        let sponsors: FxHashSet<u64> = [hash_key("acme")].into_iter().collect();
        let extent = |lines: &[&str]| {
            let cues = Cue::every(15, lines);
            let words = Words::new(&cues, &ExtraStops::default());
            let ad = ad_reads(&cues, &words, &ad_phrases(&cues), &sponsors);
            read_extent(&cues, &words, &ad, &sponsors, &people).iter().positions()
        };
        // Announced a minute before its offer, with a framework in its copy.
        let announced = extent(&[
            "Welcome to the show.",
            "",
            "",
            "",
            "First, Django news.",
            "Before we move on, let me tell you about Acme.",
            "Whether you deploy Django or Flask, it scales.",
            "They keep apps running.",
            "They also do backups.",
            "Visit theshow.fm/acme for a free trial.",
            "Back to Django now.",
        ]);
        assert_eq!(announced, vec![5, 6, 7, 8, 9]);
        // "I want to tell you about" a library, a minute before a read: no announcement.
        let not_announced = extent(&[
            "Welcome to the show.",
            "",
            "",
            "",
            "I want to tell you about Django today.",
            "Django has a new release.",
            "It is big.",
            "Really big.",
            "And fast.",
            "Visit theshow.fm/acme for a free trial.",
            "Back to Django now.",
        ]);
        assert_eq!(not_announced, vec![9]);
        // "Brought to you by us": the copy follows, up to the next hand-off.
        let runs_on = extent(&[
            "Welcome to the show.",
            "",
            "",
            "",
            "",
            "This episode is brought to you by us, and our courses.",
            "We have a ton of courses on Django.",
            "Team plans too.",
            "Brian, what's your next item?",
            "Django news.",
        ]);
        assert_eq!(runs_on, vec![5, 6, 7]);
    }

    trait Positions {
        fn positions(self) -> Vec<usize>;
    }
    impl<'a, I: Iterator<Item = &'a bool>> Positions for I {
        fn positions(self) -> Vec<usize> {
            self.enumerate().filter(|(_, b)| **b).map(|(i, _)| i).collect()
        }
    }
}
