//! Pictures drawn at build time, as inline SVG (no script, no external service): when a
//! topic came up across the catalogue, and where an episode's chapters and top topics
//! fall along it. Each is an image with a title and a description that says in words
//! what it shows, for screen readers.

use crate::extract::index::Membership;
use crate::model::Episode;
use crate::text::format_timestamp;
use quick_xml::events::BytesText;
use quick_xml::Writer;
use std::io;

type W = Writer<Vec<u8>>;

const WIDTH: f64 = 640.0;

fn text(w: &mut W, name: &str, s: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&super::feed::xml_safe(s)))?;
    Ok(())
}

fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// `<svg role="img">` with its title and description; `body` draws the rest.
fn svg(
    id: &str,
    height: f64,
    title: &str,
    desc: &str,
    body: impl FnOnce(&mut W) -> io::Result<()>,
) -> io::Result<String> {
    let mut w = Writer::new(Vec::new());
    let (tid, did) = (format!("{id}-title"), format!("{id}-desc"));
    let view = format!("0 0 {} {}", num(WIDTH), num(height));
    w.create_element("svg")
        .with_attribute(("xmlns", "http://www.w3.org/2000/svg"))
        .with_attribute(("class", "timeline"))
        .with_attribute(("viewBox", view.as_str()))
        .with_attribute(("role", "img"))
        .with_attribute(("aria-labelledby", format!("{tid} {did}").as_str()))
        .write_inner_content(|w| {
            w.create_element("title")
                .with_attribute(("id", tid.as_str()))
                .write_text_content(BytesText::new(&super::feed::xml_safe(title)))?;
            w.create_element("desc")
                .with_attribute(("id", did.as_str()))
                .write_text_content(BytesText::new(&super::feed::xml_safe(desc)))?;
            body(w)
        })?;
    Ok(String::from_utf8(w.into_inner()).expect("written from str"))
}

fn rect(w: &mut W, class: &str, x: f64, y: f64, width: f64, height: f64, tip: Option<&str>) -> io::Result<()> {
    let el = w
        .create_element("rect")
        .with_attribute(("class", class))
        .with_attribute(("x", num(x).as_str()))
        .with_attribute(("y", num(y).as_str()))
        .with_attribute(("width", num(width.max(0.5)).as_str()))
        .with_attribute(("height", num(height).as_str()));
    match tip {
        Some(t) => {
            el.write_inner_content(|w| text(w, "title", t))?;
        }
        None => {
            el.write_empty()?;
        }
    }
    Ok(())
}

fn label(w: &mut W, x: f64, y: f64, anchor: &str, s: &str) -> io::Result<()> {
    w.create_element("text")
        .with_attribute(("x", num(x).as_str()))
        .with_attribute(("y", num(y).as_str()))
        .with_attribute(("text-anchor", anchor))
        .write_text_content(BytesText::new(&super::feed::xml_safe(s)))?;
    Ok(())
}

/// How an episode is named in a picture: `#282 (2022-05-03)`, or its title.
fn episode_label(ep: &Episode) -> String {
    match (ep.number, ep.date.as_deref()) {
        (Some(n), Some(d)) => format!("#{n} ({d})"),
        (Some(n), None) => format!("#{n}"),
        (None, Some(d)) => d.to_string(),
        (None, None) => ep.title.clone(),
    }
}

/// When a topic came up: the whole catalogue, oldest to newest, left to right; a bar for
/// each episode that discusses it (taller for more mentions) and a short mark for each
/// that only mentions it.
pub fn topic(name: &str, slug: &str, discussed: &[Membership], also: &[Membership], episodes: &[Episode]) -> String {
    let n = episodes.len().max(1);
    let (left, right, base, top) = (8.0, WIDTH - 8.0, 64.0, 8.0);
    // Episodes are newest first: the oldest is drawn at the left.
    let x_of = |i: usize| {
        let pos = (n - 1 - i.min(n - 1)) as f64;
        let slot = (right - left) / n as f64;
        left + pos * slot + slot / 2.0
    };
    let bar = ((right - left) / n as f64 * 0.8).clamp(1.0, 12.0);
    let most = discussed.iter().map(|m| m.mentions).max().unwrap_or(1).max(1) as f64;
    let best = discussed.iter().max_by(|a, b| a.mentions.cmp(&b.mentions).then(b.episode.cmp(&a.episode)));
    let oldest = episodes.last();
    let newest = episodes.first();
    let span = match (oldest, newest) {
        (Some(o), Some(nw)) if n > 1 => {
            format!(" Oldest episode at the left ({}), newest at the right ({}).", episode_label(o), episode_label(nw))
        }
        _ => String::new(),
    };
    let desc = format!(
        "{name} is discussed in {} of {} episodes{}{}.{span}",
        discussed.len(),
        episodes.len(),
        if also.is_empty() { String::new() } else { format!(" and mentioned in passing in {} more", also.len()) },
        best.map(|m| format!(", most in {} ({} mentions)", episode_label(&episodes[m.episode]), m.mentions))
            .unwrap_or_default(),
    );
    if n > MAX_BARS {
        return binned(name, slug, discussed, also, episodes, &desc);
    }
    svg(&format!("when-{slug}"), 84.0, &format!("When {name} came up"), &desc, |w| {
        rect(w, "axis", left, base, right - left, 1.0, None)?;
        for m in also {
            let ep = &episodes[m.episode];
            let tip = format!("{}: mentioned once", episode_label(ep));
            rect(w, "passing", x_of(m.episode) - bar / 2.0, base - 6.0, bar, 6.0, Some(&tip))?;
        }
        for m in discussed {
            let ep = &episodes[m.episode];
            let h = 10.0 + (base - top - 10.0) * (m.mentions as f64 / most).sqrt();
            let tip = format!(
                "{} {}: {} mention{}",
                episode_label(ep),
                ep.title,
                m.mentions,
                if m.mentions == 1 { "" } else { "s" }
            );
            rect(w, "discussed", x_of(m.episode) - bar / 2.0, base - h, bar, h, Some(&tip))?;
        }
        if let (Some(o), Some(nw)) = (oldest, newest) {
            label(w, left, 80.0, "start", &episode_label(o))?;
            if n > 1 {
                label(w, right, 80.0, "end", &episode_label(nw))?;
            }
        }
        Ok(())
    })
    .expect("writing to memory")
}

/// Bars of a topic's timeline at most: a catalogue of more episodes is drawn in runs of
/// neighbouring episodes, one bar each, so the picture stays small on a long-running show.
const MAX_BARS: usize = 160;

/// [`topic`] for a long catalogue: each bar is a run of episodes, as high as the most any
/// of them says the topic, with how many discuss it in the tooltip.
fn binned(
    name: &str,
    slug: &str,
    discussed: &[Membership],
    also: &[Membership],
    episodes: &[Episode],
    desc: &str,
) -> String {
    let n = episodes.len();
    let (left, right, base, top) = (8.0, WIDTH - 8.0, 64.0, 8.0);
    // Bin 0 holds the oldest episodes (drawn at the left); episodes are newest first.
    let bin_of = |i: usize| (n - 1 - i.min(n - 1)) * MAX_BARS / n;
    let mut bins: Vec<(u32, u32, usize)> = vec![(0, 0, 0); MAX_BARS]; // (most mentions, episodes discussing, passing)
    for m in discussed {
        let b = &mut bins[bin_of(m.episode)];
        b.0 = b.0.max(m.mentions);
        b.1 += 1;
    }
    for m in also {
        bins[bin_of(m.episode)].2 += 1;
    }
    let most = bins.iter().map(|b| b.0).max().unwrap_or(1).max(1) as f64;
    let slot = (right - left) / MAX_BARS as f64;
    // The episodes of a bin, oldest to newest, for its tooltip.
    let range = |b: usize| {
        let first = (b * n).div_ceil(MAX_BARS);
        let last = ((b + 1) * n).div_ceil(MAX_BARS).saturating_sub(1).max(first);
        (&episodes[n - 1 - first], &episodes[n - 1 - last.min(n - 1)])
    };
    svg(&format!("when-{slug}"), 84.0, &format!("When {name} came up"), desc, |w| {
        rect(w, "axis", left, base, right - left, 1.0, None)?;
        for (b, &(most_here, discussing, passing)) in bins.iter().enumerate() {
            if discussing == 0 && passing == 0 {
                continue;
            }
            let (from, to) = range(b);
            let span = format!("{} to {}", episode_label(from), episode_label(to));
            let x = left + b as f64 * slot + slot * 0.1;
            if discussing == 0 {
                let tip = format!("{span}: mentioned in passing in {passing}");
                rect(w, "passing", x, base - 6.0, slot * 0.8, 6.0, Some(&tip))?;
                continue;
            }
            let h = 10.0 + (base - top - 10.0) * (most_here as f64 / most).sqrt();
            let tip = format!("{span}: discussed in {discussing}, up to {most_here} mentions");
            rect(w, "discussed", x, base - h, slot * 0.8, h, Some(&tip))?;
        }
        label(w, left, 80.0, "start", &episode_label(&episodes[n - 1]))?;
        label(w, right, 80.0, "end", &episode_label(&episodes[0]))?;
        Ok(())
    })
    .expect("writing to memory")
}

/// An episode on one bar as long as the episode: its chapters as segments, and a lane per
/// top topic with a mark at each mention.
pub fn episode(ep: &Episode, top_topics: usize) -> Option<String> {
    let end = ep.duration.unwrap_or(0).max(ep.cues.last().map_or(0, |c| c.start)).max(1);
    let topics: Vec<_> = ep.topics.iter().filter(|t| !t.mentions.is_empty()).take(top_topics).collect();
    if ep.chapters.is_empty() && topics.is_empty() {
        return None;
    }
    let (left, right) = (150.0, WIDTH - 8.0);
    let x_of = |s: u32| left + (right - left) * (s.min(end) as f64 / end as f64);
    let lane = 16.0;
    let bar_y = 4.0;
    let bar_h = 20.0;
    let lanes_y = bar_y + bar_h + 8.0;
    let axis_y = lanes_y + lane * topics.len() as f64 + 4.0;
    let height = axis_y + 18.0;
    let chapters: Vec<String> =
        ep.chapters.iter().map(|c| format!("{} at {}", c.title, format_timestamp(c.start))).collect();
    let lanes: Vec<String> = topics
        .iter()
        .map(|t| {
            let times: Vec<String> = t.mentions.iter().take(5).map(|m| format_timestamp(m.start)).collect();
            format!("{} ({}{})", t.name, times.join(", "), if t.mentions.len() > 5 { ", ..." } else { "" })
        })
        .collect();
    let mut desc = format!("The episode runs {}.", format_timestamp(end));
    if !chapters.is_empty() {
        desc.push_str(&format!(" Chapters: {}.", chapters.join("; ")));
    }
    if !lanes.is_empty() {
        desc.push_str(&format!(" Top topics: {}.", lanes.join("; ")));
    }
    let out = svg(&format!("map-{}", ep.slug), height, "Chapters and topics along the episode", &desc, |w| {
        label(w, left - 8.0, bar_y + 14.0, "end", "Chapters")?;
        rect(w, "track", left, bar_y, right - left, bar_h, None)?;
        for (i, c) in ep.chapters.iter().enumerate() {
            let next = ep.chapters.get(i + 1).map_or(end, |n| n.start);
            let tip = format!("{} {}", format_timestamp(c.start), c.title);
            let class = if i % 2 == 0 { "chapter" } else { "chapter alt" };
            rect(w, class, x_of(c.start), bar_y, x_of(next) - x_of(c.start), bar_h, Some(&tip))?;
        }
        for (k, t) in topics.iter().enumerate() {
            let y = lanes_y + lane * k as f64;
            let name: String = if t.name.chars().count() > 22 {
                format!("{}\u{2026}", t.name.chars().take(21).collect::<String>())
            } else {
                t.name.clone()
            };
            label(w, left - 8.0, y + 11.0, "end", &name)?;
            rect(w, "lane", left, y + 6.0, right - left, 1.0, None)?;
            for m in &t.mentions {
                let tip = format!("{} {}", format_timestamp(m.start), t.name);
                rect(w, "mention", x_of(m.start) - 1.5, y + 1.0, 3.0, 11.0, Some(&tip))?;
            }
        }
        // Ticks: the shortest round step whose labels ("10:00", about 28 units wide) stand at
        // least 44 units apart, so they never run into each other.
        let step = [60, 120, 300, 600, 900, 1200, 1800, 3600]
            .into_iter()
            .find(|&st| (right - left) * st as f64 / end as f64 >= 44.0)
            .unwrap_or(7200);
        let mut t = 0;
        while t <= end {
            rect(w, "tick", x_of(t), axis_y - 3.0, 1.0, 4.0, None)?;
            let m = t / 60;
            let stamp = if m >= 60 { format!("{}:{:02}:00", m / 60, m % 60) } else { format!("{m}:00") };
            let anchor = if t == 0 { "start" } else { "middle" };
            if x_of(t) < right - 20.0 || t == 0 {
                label(w, x_of(t), axis_y + 12.0, anchor, &stamp)?;
            }
            t += step;
        }
        Ok(())
    })
    .expect("writing to memory");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn episode(n: u32) -> Episode {
        Episode { slug: format!("{n:04}"), number: Some(n), title: format!("Episode {n}"), ..Episode::default() }
    }

    fn member(episode: usize, mentions: u32) -> Membership {
        Membership { episode, mentions, seconds: 30, moments: vec![], cues: vec![], in_notes: false }
    }

    #[test]
    fn a_long_catalogue_is_drawn_in_runs_of_episodes() {
        // 1,000 episodes, newest first; the topic is discussed in every other one.
        let episodes: Vec<Episode> = (1..=1000).rev().map(episode).collect();
        let discussed: Vec<Membership> = (0..1000).step_by(2).map(|i| member(i, 1 + (i % 7) as u32)).collect();
        let also = vec![member(1, 1)];
        let svg = topic("Django", "django", &discussed, &also, &episodes);
        let bars = svg.matches("class=\"discussed\"").count();
        assert!(bars > 100 && bars <= MAX_BARS, "{bars} bars");
        assert!(svg.len() < 40_000, "{} bytes", svg.len());
        assert!(svg.contains("discussed in 500 of 1000 episodes"), "the description counts every episode");
        // A short catalogue keeps a bar per episode.
        let few: Vec<Episode> = (1..=10).rev().map(episode).collect();
        let svg = topic("Django", "django", &[member(0, 2), member(3, 1)], &[], &few);
        assert_eq!(svg.matches("class=\"discussed\"").count(), 2);
    }
}
