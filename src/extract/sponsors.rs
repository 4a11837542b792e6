//! Ad reads. A sponsor is not a topic: the catalogue tells them apart by where a name is
//! said. Podcasts phrase their reads the same way every time ("this episode is brought
//! to you by", "visit <show>.fm/<sponsor>"), so a few general phrasings find the reads,
//! and a name said mostly in or right next to them, across several episodes, is a
//! sponsor ([`super::catalogue`] decides that from the whole catalogue's counts, never
//! from a list of sponsor names). Its reads are then cut out of each episode's topics,
//! chapters and links.

use super::spans::{for_each_candidate, hash_key, key_into, tokens_of, ExtraStops};
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

/// Cues that use ad phrasing or are said within [`AD_REACH`] seconds of one: where a
/// sponsor's name would be said.
pub fn near_ad_phrases(cues: &[Cue]) -> Vec<bool> {
    let phrases: Vec<bool> = cues.iter().map(|c| is_ad_phrase(&c.text)).collect();
    near(cues, &phrases)
}

/// Cues within [`AD_REACH`] seconds of a cue marked in `phrases`.
fn near(cues: &[Cue], phrases: &[bool]) -> Vec<bool> {
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

/// The cues of an episode's ad reads: ad phrasing, and cues near it that name a sponsor
/// (one of `sponsors`, hashed alias keys from the catalogue). These are left out of
/// topics, chapters and links.
pub fn ad_reads(cues: &[Cue], stops: &ExtraStops, sponsors: &FxHashSet<u64>) -> Vec<bool> {
    let phrases: Vec<bool> = cues.iter().map(|c| is_ad_phrase(&c.text)).collect();
    let near = near(cues, &phrases);
    let mut buf = String::new();
    cues.iter()
        .zip(near.iter().zip(&phrases))
        .map(|(c, (&near, &phrase))| {
            if phrase {
                return true;
            }
            if !near || sponsors.is_empty() {
                return false;
            }
            let toks = tokens_of(std::slice::from_ref(c));
            let mut named = false;
            for_each_candidate(&toks, stops, |span| {
                key_into(span, &mut buf);
                named |= sponsors.contains(&hash_key(&buf));
            });
            named
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let near = near_ad_phrases(&cues);
        assert_eq!(near.iter().positions(), vec![1, 2, 3, 4, 5]);
        let sponsors: FxHashSet<u64> = [hash_key("acme")].into_iter().collect();
        let ad = ad_reads(&cues, &ExtraStops::default(), &sponsors);
        // The read and the cue after it that names the sponsor; not the talk about it later.
        assert_eq!(ad.iter().positions(), vec![3, 4]);
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
