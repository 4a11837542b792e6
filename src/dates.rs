//! Recording dates said in the speech, checked against the neighbouring episodes: a date
//! far out of order with the episodes numbered around it is a misheard or misread date
//! (an intro that mentions the show's birthday), so it is reported and not published.

use crate::diagnostics::Diagnostics;
use crate::extract::site::ParsedEpisode;
use crate::text::days_since_epoch;

/// How many dated episodes on each side (by number) an episode's date is compared with.
const NEIGHBOURS: usize = 3;
/// A date is far out of order when it is further than this from its neighbours' median
/// date, and further than their own spread.
const FAR_DAYS: i64 = 365;

/// Unpublishes each date from speech that is far out of order with the dates of its
/// neighbours by number, with a warning naming the file and the line it was said on.
/// Dates the podcaster wrote (front matter, the episodes file, a transcript's header) are
/// trusted and only serve as neighbours.
pub fn drop_out_of_order(episodes: &mut [ParsedEpisode], diags: &mut Diagnostics) {
    // (number, day, index), by number.
    let mut dated: Vec<(u32, i64, usize)> = episodes
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((p.meta.number?, days_since_epoch(p.meta.date.as_deref()?)?, i)))
        .collect();
    dated.sort_unstable();
    let mut wrong = Vec::new();
    for (at, &(number, day, i)) in dated.iter().enumerate() {
        let Some(line) = episodes[i].meta.date_line else { continue };
        let around: Vec<&(u32, i64, usize)> =
            dated[at.saturating_sub(NEIGHBOURS)..at].iter().chain(dated.iter().skip(at + 1).take(NEIGHBOURS)).collect();
        if around.len() < 2 {
            continue;
        }
        let mut days: Vec<i64> = around.iter().map(|x| x.1).collect();
        days.sort_unstable();
        let median = days[days.len() / 2];
        let spread = days[days.len() - 1] - days[0];
        if (day - median).abs() > FAR_DAYS.max(spread) {
            let (lo, hi) = (
                around.iter().map(|x| x.0).min().unwrap_or(number),
                around.iter().map(|x| x.0).max().unwrap_or(number),
            );
            wrong.push((i, line, lo, hi, median));
        }
    }
    for (i, line, lo, hi, median) in wrong {
        let p = &mut episodes[i];
        let date = p.meta.date.take().unwrap_or_default();
        diags.warn(
            &p.sources[0],
            Some(line),
            format!(
                "the date said here ({date}) is far out of order with episodes {lo} to {hi} (around {}), so it is not published; if it is the recording date, set it with a `date` column in episodes.csv or `date =` in the show notes' front matter",
                civil(median)
            ),
        );
    }
}

/// `YYYY-MM-DD` of a day number (Howard Hinnant's civil_from_days).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::Meta;

    fn ep(number: u32, date: &str, line: Option<usize>) -> ParsedEpisode {
        ParsedEpisode {
            meta: Meta { number: Some(number), date: Some(date.into()), date_line: line, ..Default::default() },
            transcript: None,
            notes: None,
            sources: vec![format!("{number}.txt").into()],
            topic_cues: 0,
        }
    }

    #[test]
    fn a_date_far_from_its_neighbours_is_dropped() {
        let mut eps = vec![
            ep(98, "2020-05-01", Some(1)),
            ep(99, "2020-05-08", None),
            ep(100, "2009-05-15", Some(4)),
            ep(101, "2020-05-22", Some(2)),
            ep(102, "2020-05-29", None),
        ];
        let mut d = Diagnostics::default();
        drop_out_of_order(&mut eps, &mut d);
        assert_eq!(eps[2].meta.date, None);
        assert!(eps.iter().enumerate().all(|(i, e)| i == 2 || e.meta.date.is_some()));
        assert_eq!(d.0.len(), 1, "{:?}", d.0);
        assert_eq!((d.0[0].path.to_str(), d.0[0].line), (Some("100.txt"), Some(4)));
        assert!(d.0[0].message.contains("(2009-05-15) is far out of order with episodes 98 to 102"), "{}", d.0[0]);
        assert_eq!(civil(days_since_epoch("2020-05-22").unwrap()), "2020-05-22");
        // A date the podcaster wrote is kept, however odd.
        let mut eps = vec![ep(1, "2020-01-01", None), ep(2, "1999-01-01", None), ep(3, "2020-01-15", None)];
        drop_out_of_order(&mut eps, &mut d);
        assert!(eps[1].meta.date.is_some());
    }
}
