//! Warnings and errors about input files. Every diagnostic names the file and, when it
//! can, the line, so a podcaster can find and fix the problem.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    /// The file was skipped; the rest of the site still builds.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line number, when the problem is on one line.
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.to_path_buf(), line, severity: Severity::Warning, message: message.into() }
    }
    pub fn error(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.to_path_buf(), line, severity: Severity::Error, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        // A file name may hold control characters: shown escaped, so a name cannot
        // drive the terminal the build runs in.
        let path = self.path.display().to_string();
        let path: String =
            path.chars().flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] }).collect();
        match self.line {
            Some(line) => write!(f, "{kind}: {path}:{line}: {}", self.message),
            None => write!(f, "{kind}: {path}: {}", self.message),
        }
    }
}

/// Diagnostics collected by one stage for one file.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn warn(&mut self, path: &Path, line: Option<usize>, msg: impl Into<String>) {
        self.0.push(Diagnostic::warning(path, line, msg));
    }
    pub fn error(&mut self, path: &Path, line: Option<usize>, msg: impl Into<String>) {
        self.0.push(Diagnostic::error(path, line, msg));
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
}
