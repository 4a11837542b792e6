//! The optional whole-show metadata file: `episodes.toml` or `episodes.csv` in the site
//! folder, one row per episode (number, title, date, hosts, guests, audio, description,
//! slug), for podcasters who keep a spreadsheet rather than a markdown file per episode.
//! A row applies to the episode with its `number`, or to the episode of its `file`.
//! Front matter still wins over it; it wins over everything inferred.

use crate::config::line_of;
use crate::diagnostics::Diagnostics;
use crate::model::EpisodeType;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What one row may set. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// 1-based line of the row in its file.
    pub line: usize,
    /// A content file of the episode (relative to the content folder), when the row is
    /// tied to a file rather than to a number.
    pub file: Option<PathBuf>,
    pub number: Option<u32>,
    pub title: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    pub hosts: Option<Vec<String>>,
    pub guests: Option<Vec<String>>,
    pub audio_url: Option<String>,
    /// The audio's MIME type (`audio/mpeg`) and size in bytes: the feed's `enclosure`.
    pub audio_type: Option<String>,
    pub audio_length: Option<u64>,
    /// Seconds.
    pub duration: Option<u32>,
    pub season: Option<u32>,
    pub episode_type: Option<EpisodeType>,
    pub description: Option<String>,
    pub slug: Option<String>,
}

/// The columns (CSV) or keys (TOML) a row may have.
pub const COLUMNS: &[&str] = &[
    "number",
    "file",
    "title",
    "date",
    "hosts",
    "guests",
    "audio",
    "audio_type",
    "audio_length",
    "duration",
    "season",
    "episode_type",
    "description",
    "slug",
];

#[derive(Debug, thiserror::Error)]
pub enum EpisodesFileError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Syntax { path: PathBuf, line: usize, message: String },
    #[error(
        "{path}: `episodes_file` in shownotes.toml names this file, but it does not exist; \
         create it, or remove the setting"
    )]
    Missing { path: PathBuf },
    #[error(
        "both {toml} and {csv} exist; keep one of them (or name the one to use with `episodes_file` in shownotes.toml)"
    )]
    Both { toml: PathBuf, csv: PathBuf },
    #[error("{path}: use a .toml or .csv file for `episodes_file`")]
    Extension { path: PathBuf },
}

/// The rows of the file, indexed by number and by file.
#[derive(Debug, Default)]
pub struct EpisodesFile {
    pub path: PathBuf,
    pub rows: Vec<Row>,
    by_number: FxHashMap<u32, usize>,
    by_file: FxHashMap<PathBuf, usize>,
}

impl EpisodesFile {
    /// Finds and reads the file: `configured` (from `episodes_file`, relative to `root`)
    /// when set, else `episodes.toml` or `episodes.csv` in `root`. `Ok(None)` when there
    /// is none. Rows that cannot be used are reported in `diags` and skipped.
    pub fn find(
        root: &Path,
        configured: &Path,
        diags: &mut Diagnostics,
    ) -> Result<Option<EpisodesFile>, EpisodesFileError> {
        let path = if configured.as_os_str().is_empty() {
            let (toml, csv) = (root.join("episodes.toml"), root.join("episodes.csv"));
            match (toml.is_file(), csv.is_file()) {
                (true, true) => return Err(EpisodesFileError::Both { toml, csv }),
                (true, false) => toml,
                (false, true) => csv,
                (false, false) => return Ok(None),
            }
        } else {
            let p = root.join(configured);
            if !p.is_file() {
                return Err(EpisodesFileError::Missing { path: p });
            }
            p
        };
        let bytes = std::fs::read(&path).map_err(|source| EpisodesFileError::Read { path: path.clone(), source })?;
        // Spreadsheets export UTF-8 with a BOM, or Windows-1252.
        let text = match crate::text::decode(&bytes) {
            Ok((t, _)) => t,
            Err(e) => return Err(EpisodesFileError::Syntax { path, line: 1, message: e.to_string() }),
        };
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let rows = match ext.as_str() {
            "toml" => parse_toml(&path, &text, diags)?,
            "csv" => parse_csv(&path, &text, diags)?,
            _ => return Err(EpisodesFileError::Extension { path }),
        };
        Ok(Some(EpisodesFile::new(path, rows, diags)))
    }

    /// Indexes rows; a second row for the same number or file is reported and skipped.
    pub fn new(path: PathBuf, rows: Vec<Row>, diags: &mut Diagnostics) -> EpisodesFile {
        let mut f = EpisodesFile { path, ..Default::default() };
        for row in rows {
            let i = f.rows.len();
            if let Some(file) = &row.file {
                if let Some(&j) = f.by_file.get(file) {
                    let msg = format!(
                        "a second row for file {}, which line {} already describes; this row is skipped (merge the two rows)",
                        file.display(),
                        f.rows[j].line
                    );
                    diags.error(&f.path, Some(row.line), msg);
                    continue;
                }
                f.by_file.insert(file.clone(), i);
            } else if let Some(n) = row.number {
                if let Some(&j) = f.by_number.get(&n) {
                    let msg = format!(
                        "a second row for episode {n}, which line {} already describes; this row is skipped (merge the two rows, or fix the number)",
                        f.rows[j].line
                    );
                    diags.error(&f.path, Some(row.line), msg);
                    continue;
                }
                f.by_number.insert(n, i);
            }
            f.rows.push(row);
        }
        f
    }

    /// The row tied to one of an episode's files, if any (its index and the row).
    pub fn for_files<'a>(&self, files: impl IntoIterator<Item = &'a Path>) -> Option<(usize, &Row)> {
        files.into_iter().find_map(|p| self.by_file.get(p)).map(|&i| (i, &self.rows[i]))
    }

    /// The row for an episode number (rows tied to a file are not found by number).
    pub fn for_number(&self, n: u32) -> Option<(usize, &Row)> {
        self.by_number.get(&n).map(|&i| (i, &self.rows[i]))
    }

    /// Reports rows that matched no episode, in one warning.
    pub fn report_unused(&self, used: &[bool], shown: &Path, diags: &mut Diagnostics) {
        let unused: Vec<&Row> = self.rows.iter().zip(used).filter(|(_, u)| !**u).map(|(r, _)| r).collect();
        let Some(first) = unused.first() else { return };
        let what = |r: &Row| match (&r.file, r.number) {
            (Some(f), _) => format!("file {}", f.display()),
            (None, Some(n)) => format!("episode {n}"),
            (None, None) => "no episode".into(),
        };
        let mut list: Vec<String> = unused.iter().take(5).map(|r| format!("line {} ({})", r.line, what(r))).collect();
        if unused.len() > 5 {
            list.push(format!("and {} more", unused.len() - 5));
        }
        diags.warn(
            shown,
            Some(first.line),
            format!(
                "{} row(s) match no episode in the content folder: {}. Check the numbers (or `file` paths, relative to the content folder), or delete the rows",
                unused.len(),
                list.join(", ")
            ),
        );
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    episode: Vec<toml::Spanned<TomlRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlRow {
    number: Option<u32>,
    file: Option<PathBuf>,
    title: Option<String>,
    date: Option<toml::Value>,
    hosts: Option<Vec<String>>,
    guests: Option<Vec<String>>,
    #[serde(alias = "audio_url")]
    audio: Option<String>,
    audio_type: Option<String>,
    audio_length: Option<u64>,
    duration: Option<toml::Value>,
    season: Option<u32>,
    episode_type: Option<String>,
    description: Option<String>,
    slug: Option<String>,
}

/// `[[episode]]` tables.
fn parse_toml(path: &Path, text: &str, diags: &mut Diagnostics) -> Result<Vec<Row>, EpisodesFileError> {
    let file: TomlFile = toml::from_str(text).map_err(|e| EpisodesFileError::Syntax {
        path: path.to_path_buf(),
        line: e.span().map(|s| line_of(text, s.start)).unwrap_or(1),
        message: format!(
            "{} (each episode is an `[[episode]]` table with any of: {})",
            e.message().trim_end(),
            COLUMNS.join(", ")
        ),
    })?;
    let mut rows = Vec::new();
    for spanned in file.episode {
        let line = line_of(text, spanned.span().start);
        let r = spanned.into_inner();
        let date = r.date.map(|d| match d {
            toml::Value::String(s) => s,
            toml::Value::Datetime(dt) => dt.to_string(),
            other => other.to_string(),
        });
        let row = Row {
            line,
            file: r.file,
            number: r.number,
            title: non_empty(r.title),
            date: date.and_then(|d| parse_date(&d, path, line, diags)),
            hosts: r.hosts,
            guests: r.guests,
            audio_url: non_empty(r.audio),
            audio_type: non_empty(r.audio_type),
            audio_length: r.audio_length,
            duration: r.duration.and_then(|d| {
                let s = match d {
                    toml::Value::String(s) => s,
                    other => other.to_string(),
                };
                cell_duration(&s, path, line, diags)
            }),
            season: r.season,
            episode_type: r.episode_type.and_then(|t| cell_episode_type(&t, path, line, diags)),
            description: non_empty(r.description),
            slug: non_empty(r.slug),
        };
        if keyless(&row, path, diags) {
            continue;
        }
        rows.push(row);
    }
    Ok(rows)
}

/// A spreadsheet export: a header row naming the columns (any order, any case), then one
/// row per episode. Empty cells set nothing. Names in `hosts` and `guests` are separated
/// by `;` (or `,`). Excel's `;`-separated exports are read too.
fn parse_csv(path: &Path, text: &str, diags: &mut Diagnostics) -> Result<Vec<Row>, EpisodesFileError> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if !first_line.contains(',') && first_line.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let syntax = |e: csv::Error| EpisodesFileError::Syntax {
        path: path.to_path_buf(),
        line: e.position().map(|p| p.line() as usize).unwrap_or(1),
        message: format!("not valid CSV: {e}"),
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(syntax)?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for h in &headers {
        let known = COLUMNS.iter().copied().find(|c| *c == h || (*c == "audio" && h == "audio_url"));
        if known.is_none() && !h.is_empty() {
            diags.warn(
                path,
                Some(1),
                format!("column `{h}` is not used (the columns shownotes reads are: {})", COLUMNS.join(", ")),
            );
        }
        columns.push(known);
    }
    if !columns.iter().any(|c| matches!(c, Some("number" | "file"))) {
        return Err(EpisodesFileError::Syntax {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "the header row has no `number` (or `file`) column, so no row can be matched to an episode; \
                 the first line must name the columns, e.g. `number,title,date` (found: {})",
                headers.join(", ")
            ),
        });
    }
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(syntax)?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = Row { line, ..Default::default() };
        let mut bad = false;
        for (cell, col) in rec.iter().zip(&columns) {
            let cell = cell.trim();
            let Some(col) = col else { continue };
            if cell.is_empty() {
                continue;
            }
            match *col {
                "number" => {
                    let digits = cell.trim_start_matches('#').trim();
                    match digits.parse::<u32>() {
                        Ok(n) => row.number = Some(n),
                        Err(_) => {
                            diags.error(
                                path,
                                Some(line),
                                format!("`{cell}` in the number column is not an episode number (write it as digits, e.g. 284); this row is skipped"),
                            );
                            bad = true;
                        }
                    }
                }
                "file" => row.file = Some(PathBuf::from(cell)),
                "title" => row.title = Some(cell.to_string()),
                "date" => row.date = parse_date(cell, path, line, diags),
                "hosts" => row.hosts = Some(names(cell)),
                "guests" => row.guests = Some(names(cell)),
                "audio" => row.audio_url = Some(cell.to_string()),
                "audio_type" => row.audio_type = Some(cell.to_string()),
                "audio_length" => {
                    row.audio_length =
                        cell_count(cell, "audio_length", "a size in bytes, e.g. 24312345", path, line, diags)
                }
                "duration" => row.duration = cell_duration(cell, path, line, diags),
                "season" => {
                    row.season = cell_count(cell, "season", "a season number, e.g. 2", path, line, diags)
                        .and_then(|n| u32::try_from(n).ok())
                }
                "episode_type" => row.episode_type = cell_episode_type(cell, path, line, diags),
                "description" => row.description = Some(cell.to_string()),
                "slug" => row.slug = Some(cell.to_string()),
                _ => unreachable!("COLUMNS"),
            }
        }
        if bad || keyless(&row, path, diags) {
            continue;
        }
        rows.push(row);
    }
    Ok(rows)
}

/// A row with neither a number nor a file cannot be matched: reported.
fn keyless(row: &Row, path: &Path, diags: &mut Diagnostics) -> bool {
    let none = row.number.is_none() && row.file.is_none();
    if none {
        diags.error(
            path,
            Some(row.line),
            "this row has no `number` and no `file`, so it matches no episode; add one of them (this row is skipped)",
        );
    }
    none
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// `Pablo Galindo; Ogie Moore` -> two names.
fn names(cell: &str) -> Vec<String> {
    let sep = if cell.contains(';') { ';' } else { ',' };
    cell.split(sep).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// A whole number in a column that holds one; anything else is a warning and ignored.
fn cell_count(
    cell: &str,
    column: &str,
    example: &str,
    path: &Path,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<u64> {
    let n = cell.replace([',', '_'], "").parse::<u64>().ok();
    if n.is_none() {
        diags.warn(
            path,
            Some(line),
            format!("`{cell}` in the {column} column is not a whole number; it is ignored (write {example})"),
        );
    }
    n
}

/// `5025`, `1:23:45` or `83:45`: seconds.
pub fn parse_duration(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    parts.iter().try_fold(0u32, |acc, p| acc.checked_mul(60)?.checked_add(p.parse().ok()?))
}

/// Seconds as `H:MM:SS`, as `duration` cells are written.
pub fn format_duration(secs: u32) -> String {
    format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

fn cell_duration(cell: &str, path: &Path, line: usize, diags: &mut Diagnostics) -> Option<u32> {
    let d = parse_duration(cell);
    if d.is_none() {
        diags.warn(
            path,
            Some(line),
            format!("duration `{cell}` is not a duration shownotes can read; it is ignored (write H:MM:SS or seconds, e.g. 1:02:03 or 3723)"),
        );
    }
    d
}

fn cell_episode_type(cell: &str, path: &Path, line: usize, diags: &mut Diagnostics) -> Option<EpisodeType> {
    let t = match cell.trim().to_ascii_lowercase().as_str() {
        "full" => Some(EpisodeType::Full),
        "bonus" => Some(EpisodeType::Bonus),
        "trailer" => Some(EpisodeType::Trailer),
        _ => None,
    };
    if t.is_none() {
        diags.warn(
            path,
            Some(line),
            format!("episode_type `{cell}` is not one podcast apps know; it is ignored (write full, bonus or trailer)"),
        );
    }
    t
}

/// `2022-05-03`, or a written date (`May 3, 2022`, `3 May 2022`).
fn parse_date(s: &str, path: &Path, line: usize, diags: &mut Diagnostics) -> Option<String> {
    let d = crate::text::parse_iso_date(s).or_else(|| crate::text::find_date(s).map(|(_, d)| d));
    if d.is_none() {
        diags.warn(
            path,
            Some(line),
            format!(
                "date `{s}` is not a date shownotes can read; it is ignored (write it as YYYY-MM-DD, e.g. 2022-05-03)"
            ),
        );
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_any_column_order_bom_and_semicolons() {
        let mut d = Diagnostics::default();
        let csv = "\u{feff}Title,Number,Date,Guests,Audio,Downloads\n\"Migrating 3.8M lines\",284,2018-03-02,\"Pablo Galindo; Ogie Moore\",https://x/284.mp3,12\n\"Agentic AI workflows\",#0,\"May 3, 2022\",,,\n";
        let rows = parse_csv(Path::new("episodes.csv"), csv, &mut d).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].title.as_deref(), Some("Migrating 3.8M lines"));
        assert_eq!(rows[0].number, Some(284));
        assert_eq!(rows[0].date.as_deref(), Some("2018-03-02"));
        assert_eq!(rows[0].guests, Some(vec!["Pablo Galindo".to_string(), "Ogie Moore".to_string()]));
        assert_eq!(rows[0].audio_url.as_deref(), Some("https://x/284.mp3"));
        assert_eq!(rows[1].number, Some(0));
        assert_eq!(rows[1].date.as_deref(), Some("2022-05-03"));
        assert_eq!(rows[1].guests, None);
        // The unknown column is a warning naming the columns that are read.
        assert_eq!(d.0.len(), 1);
        assert!(d.0[0].message.contains("`downloads`") && d.0[0].message.contains("number, file"), "{}", d.0[0]);

        let mut d = Diagnostics::default();
        let rows = parse_csv(Path::new("e.csv"), "number;title\n7;Seven\n", &mut d).unwrap();
        assert_eq!(rows[0].title.as_deref(), Some("Seven"));
    }

    #[test]
    fn csv_problems_name_the_line() {
        let mut d = Diagnostics::default();
        let rows =
            parse_csv(Path::new("e.csv"), "number,title,date\nforty,x,2020-01-01\n5,y,someday\n,z,\n", &mut d).unwrap();
        assert_eq!(rows.len(), 1);
        let lines: Vec<(Option<usize>, &str)> = d.0.iter().map(|x| (x.line, x.message.as_str())).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[0].0, Some(2));
        assert!(lines[0].1.contains("`forty`"));
        assert_eq!(lines[1].0, Some(3));
        assert!(lines[1].1.contains("`someday`") && lines[1].1.contains("YYYY-MM-DD"));
        assert_eq!(lines[2].0, Some(4));
        assert!(lines[2].1.contains("no `number` and no `file`"));
        let e = parse_csv(Path::new("e.csv"), "title,date\nx,2020-01-01\n", &mut d).unwrap_err();
        assert!(e.to_string().starts_with("e.csv:1: the header row has no `number`"), "{e}");
    }

    #[test]
    fn toml_rows_and_duplicates() {
        let mut d = Diagnostics::default();
        let text = "[[episode]]\nnumber = 284\ntitle = \"Migrating 3.8M lines\"\ndate = 2018-03-02\nguests = [\"Ann\"]\naudio = \"https://x/284.mp3\"\n\n[[episode]]\nfile = \"bonus/live.md\"\nnumber = 1000\n\n[[episode]]\nnumber = 284\n";
        let rows = parse_toml(Path::new("episodes.toml"), text, &mut d).unwrap();
        assert_eq!(rows[0].line, 1);
        assert_eq!(rows[1].line, 8);
        assert_eq!(rows[0].date.as_deref(), Some("2018-03-02"));
        let f = EpisodesFile::new("episodes.toml".into(), rows, &mut d);
        assert_eq!(f.rows.len(), 2);
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].line, Some(12));
        assert!(d.0[0].message.contains("line 1 already describes"), "{}", d.0[0]);
        assert_eq!(f.for_number(284).map(|r| r.1.line), Some(1));
        assert_eq!(f.for_number(1000), None, "a row tied to a file is found by its file");
        assert_eq!(f.for_files([Path::new("bonus/live.md")]).map(|r| r.1.number), Some(Some(1000)));
        let e = parse_toml(Path::new("episodes.toml"), "[[episode]]\nnumber = 1\ntitel = \"x\"\n", &mut d).unwrap_err();
        assert!(e.to_string().starts_with("episodes.toml:3:"), "{e}");
        assert!(e.to_string().contains("titel"), "{e}");
    }

    #[test]
    fn feed_columns() {
        let mut d = Diagnostics::default();
        let csv = "number,audio_type,audio_length,duration,season,episode_type\n1,audio/mpeg,\"24,312,345\",1:02:03,2,Bonus\n2,,lots,forever,x,special\n";
        let rows = parse_csv(Path::new("e.csv"), csv, &mut d).unwrap();
        assert_eq!(rows[0].audio_type.as_deref(), Some("audio/mpeg"));
        assert_eq!(rows[0].audio_length, Some(24_312_345));
        assert_eq!(rows[0].duration, Some(3723));
        assert_eq!(rows[0].season, Some(2));
        assert_eq!(rows[0].episode_type, Some(EpisodeType::Bonus));
        assert_eq!(
            (rows[1].audio_length, rows[1].duration, rows[1].season, rows[1].episode_type),
            (None, None, None, None)
        );
        let m: Vec<&str> = d.0.iter().map(|x| x.message.as_str()).collect();
        assert_eq!(m.len(), 4, "{m:?}");
        assert!(m[1].starts_with("duration `forever` is not a duration"), "{m:?}");
        assert_eq!(parse_duration("62:03"), Some(3723));
        assert_eq!(parse_duration("3723"), Some(3723));
        assert_eq!(format_duration(3723), "1:02:03");
    }
}
