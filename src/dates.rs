//! Recording dates said in the speech, checked against the neighbouring episodes: a date
//! far out of order with the episodes numbered around it is a misheard or misread date
//! (an intro that mentions the show's birthday), so it is reported and not published.

use crate::diagnostics::Diagnostics;
use crate::extract::site::ParsedEpisode;
use crate::text::days_since_epoch;

/// How many dated episodes on each side (by number) an episode's date is compared with.
const NEIGHBOURS: usize = 3;
/// How far before an earlier-numbered episode (or after a later-numbered one) a date
/// must be to be out of order: shows reorder and delay episodes by weeks, not years.
const FAR_DAYS: i64 = 365;

/// Unpublishes each date from speech that is far out of order with the dates of its
/// neighbours by number (years before most of the episodes numbered just below it, or
/// after most of those just above), with a warning naming the file and the line it was
/// said on. Dates the podcaster wrote (front matter, the episodes file, a transcript's
/// header) are trusted and only serve as neighbours. Episodes far apart in number may be
/// far apart in time: only order counts, not distance.
pub fn drop_out_of_order(episodes: &mut [ParsedEpisode], diags: &mut Diagnostics) {
    // (number, day, index), by number.
    let mut dated: Vec<(u32, i64, usize)> = episodes
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((p.meta.number?, days_since_epoch(p.meta.date.as_deref()?)?, i)))
        .collect();
    dated.sort_unstable();
    let mut wrong = Vec::new();
    for (at, &(_, day, i)) in dated.iter().enumerate() {
        let Some(line) = episodes[i].meta.date_line else { continue };
        let before = &dated[at.saturating_sub(NEIGHBOURS)..at];
        let after: Vec<_> = dated.iter().skip(at + 1).take(NEIGHBOURS).collect();
        // Most of the side's episodes contradict the date.
        let most = |against: usize, of: usize| of >= 2 && against * 2 > of;
        let too_early = most(before.iter().filter(|x| x.1 - day > FAR_DAYS).count(), before.len());
        let too_late = most(after.iter().filter(|x| day - x.1 > FAR_DAYS).count(), after.len());
        if too_early || too_late {
            let side: Vec<(u32, i64)> = if too_early {
                before.iter().map(|x| (x.0, x.1)).collect()
            } else {
                after.iter().map(|x| (x.0, x.1)).collect()
            };
            wrong.push((i, line, side));
        }
    }
    for (i, line, side) in wrong {
        let p = &mut episodes[i];
        let date = p.meta.date.take().unwrap_or_default();
        let (lo, hi) = (side[0], side[side.len() - 1]);
        diags.warn(
            &p.sources[0],
            Some(line),
            format!(
                "the date said here ({date}) is far out of order with episodes {} to {} ({} to {}), so it is not published; if it is the recording date, set it with a `date` column in episodes.csv or `date =` in the show notes' front matter",
                lo.0,
                hi.0,
                civil(lo.1),
                civil(hi.1)
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
        assert!(
            d.0[0]
                .message
                .contains("(2009-05-15) is far out of order with episodes 98 to 99 (2020-05-01 to 2020-05-08)"),
            "{}",
            d.0[0]
        );
        assert_eq!(civil(days_since_epoch("2020-05-22").unwrap()), "2020-05-22");
        // Far apart in number, far apart in time: in order.
        let mut eps = vec![ep(95, "2018-09-12", Some(1)), ep(197, "2020-08-27", None), ep(217, "2021-01-19", None)];
        drop_out_of_order(&mut eps, &mut d);
        assert!(eps[0].meta.date.is_some());
        // One wrong neighbour does not condemn a right date; the wrong one is found.
        let mut eps: Vec<ParsedEpisode> =
            (96..=103).map(|n| ep(n, &format!("2020-05-{:02}", n - 90), Some(1))).collect();
        eps[3].meta.date = Some("2030-01-01".into());
        let mut d = Diagnostics::default();
        drop_out_of_order(&mut eps, &mut d);
        assert_eq!(eps.iter().filter(|e| e.meta.date.is_none()).count(), 1);
        assert_eq!(eps[3].meta.date, None);
        // A date the podcaster wrote is kept, however odd.
        let mut eps = vec![ep(1, "2020-01-01", None), ep(2, "1999-01-01", None), ep(3, "2020-01-15", None)];
        drop_out_of_order(&mut eps, &mut d);
        assert!(eps[1].meta.date.is_some());
    }
}
