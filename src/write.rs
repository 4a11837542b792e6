//! Writing the site safely. Pages are written to a staging folder next to the output
//! and swapped in only when everything is written, so a failed build leaves the previous
//! site intact. Output paths that would overwrite the site's own sources are refused.

use std::io;
use std::path::{Component, Path, PathBuf};

/// A file of the built site, relative to the output folder.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: PathBuf,
    pub content: Vec<u8>,
}

/// A file in the output that marks it as ours: only a folder holding it (or an empty
/// one) is ever replaced.
pub const MARKER: &str = ".shownotes-output";

/// Resolves `p` to an absolute path without requiring it to exist: the longest existing
/// ancestor is canonicalised (following symlinks) and the rest appended.
pub fn resolve(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    // `.` and `..` first, lexically: `public/../content` is `content`.
    let mut norm = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                norm.pop();
            }
            Component::CurDir => {}
            other => norm.push(other),
        }
    }
    let mut existing = norm.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(mut out) = existing.canonicalize() {
            for r in rest.iter().rev() {
                out.push(r);
            }
            return out;
        }
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return norm,
        }
    }
}

/// Refuses an output folder that is, contains, or is inside one of `protected` (the
/// site root may contain the output, never the other way round).
pub fn check_output_path(output: &Path, protected: &[(&str, &Path)]) -> Result<(), String> {
    let out = resolve(output);
    if out.parent().is_none() {
        return Err(format!("refusing to build into {}: it is a filesystem root; choose an output folder of its own with --output or `output_dir`", output.display()));
    }
    for (what, p) in protected {
        let p = resolve(p);
        let why = if out == p {
            Some("is")
        } else if p.starts_with(&out) {
            Some("contains")
        } else if out.starts_with(&p) && *what != "site root" {
            Some("is inside")
        } else {
            None
        };
        if let Some(why) = why {
            return Err(format!("refusing to build into {}: it {why} the {what} ({}), which a build would replace; choose an output folder of its own with --output or `output_dir`", output.display(), p.display()));
        }
    }
    Ok(())
}

fn safe_relative(p: &Path) -> bool {
    p.components().all(|c| matches!(c, Component::Normal(_))) && p.components().next().is_some()
}

/// Writes `pages` and `static_files` as the new content of `output`.
pub fn write_site(output: &Path, pages: &[Page], static_files: &[(PathBuf, Vec<u8>)]) -> io::Result<()> {
    let name = output
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} has no folder name", output.display())))?
        .to_string_lossy()
        .into_owned();
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if output.exists() {
        if !output.is_dir() {
            return Err(io::Error::other(format!("{} exists and is not a folder", output.display())));
        }
        let ours = output.join(MARKER).is_file() || std::fs::read_dir(output)?.next().is_none();
        if !ours {
            return Err(io::Error::other(format!(
                "{} exists and was not built by shownotes (no {MARKER} file); refusing to replace it. Move it away or choose another --output",
                output.display()
            )));
        }
    }
    std::fs::create_dir_all(&parent)?;
    let staging = parent.join(format!(".{name}.shownotes-staging"));
    let old = parent.join(format!(".{name}.shownotes-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)?;
        }
    }
    let result = (|| -> io::Result<()> {
        std::fs::create_dir_all(&staging)?;
        for (rel, bytes) in static_files
            .iter()
            .map(|(p, b)| (p, b.as_slice()))
            .chain(pages.iter().map(|p| (&p.path, p.content.as_slice())))
        {
            if !safe_relative(rel) {
                return Err(io::Error::other(format!(
                    "refusing to write outside the output folder: {}",
                    rel.display()
                )));
            }
            let dest = staging.join(rel);
            if let Some(d) = dest.parent() {
                std::fs::create_dir_all(d)?;
            }
            std::fs::write(&dest, bytes)?;
        }
        std::fs::write(staging.join(MARKER), "Built by shownotes. This folder is replaced on every build.\n")?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if output.exists() {
        std::fs::rename(output, &old)?;
    }
    if let Err(e) = std::fs::rename(&staging, output) {
        if old.exists() {
            let _ = std::fs::rename(&old, output);
        }
        return Err(e);
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/eps")).unwrap();
        let content = root.join("content");
        let prot = [("site root", root), ("content folder", content.as_path())];
        assert!(check_output_path(&root.join("public"), &prot).is_ok());
        assert!(check_output_path(root, &prot).unwrap_err().contains("is the site root"));
        assert!(check_output_path(&content, &prot).unwrap_err().contains("is the content"));
        assert!(check_output_path(&content.join("eps/out"), &prot).unwrap_err().contains("is inside the content"));
        assert!(check_output_path(&root.join("public/../content"), &prot).unwrap_err().contains("is the content"));
        assert!(check_output_path(root.parent().unwrap(), &prot).unwrap_err().contains("contains"));
    }

    #[test]
    fn never_writes_outside_and_never_replaces_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let bad = [Page { path: PathBuf::from("../escape.html"), content: vec![] }];
        assert!(write_site(&out, &bad, &[]).is_err());
        assert!(!dir.path().join("escape.html").exists());
        assert!(!out.exists(), "a failed build leaves nothing behind");

        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "mine").unwrap();
        let ok = [Page { path: PathBuf::from("index.html"), content: b"hi".to_vec() }];
        assert!(write_site(&out, &ok, &[]).unwrap_err().to_string().contains("not built by shownotes"));
        assert!(out.join("precious.txt").exists());

        std::fs::remove_file(out.join("precious.txt")).unwrap();
        write_site(&out, &ok, &[]).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"hi");
        let ok2 = [Page { path: PathBuf::from("other.html"), content: b"x".to_vec() }];
        write_site(&out, &ok2, &[]).unwrap();
        assert!(!out.join("index.html").exists(), "the old site is replaced whole");
    }
}
