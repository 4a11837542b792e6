//! Extraction: topics, chapters and links of each episode, using statistics of the
//! whole site. Split in two passes so the per-episode work runs in parallel:
//!
//! 1. [`topics::count_candidates`] per episode -> merged into [`topics::SiteStats`]
//!    (how many episodes say each candidate phrase);
//! 2. [`topics::extract`] per episode, with the site statistics and the
//!    [`glossary::Glossary`] of known topics (show-notes items and `topics.toml`).
//!
//! [`index::TopicIndex`] then gives every topic one name and slug across the catalogue.

pub mod catalogue;
pub mod chapters;
pub mod glossary;
pub mod index;
pub mod lexicon;
pub mod links;
pub mod memo;
pub mod own;
pub mod segment;
pub mod site;
pub mod spans;
pub mod splits;
pub mod sponsors;
pub mod stopwords;
pub mod tokens;
pub mod topic_model;
pub mod topics;
