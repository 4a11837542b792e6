//! Files opened without following a symbolic link. A site folder is untrusted (a cloned
//! repository, a shared content folder), so a name the build writes beside or in its
//! output (the lock, the cache, the staging folder) may be a link someone else made to a
//! file outside: the build never writes, creates or reads through one. The folders above
//! such a name are the user's choice or the build's own; only the last component is
//! checked. On Unix the check is the open itself (`O_NOFOLLOW`), so there is no moment
//! between a check and its use; elsewhere the name is looked at first.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// What is wrong with a name that is not a regular file the build may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Odd {
    Link,
    /// A FIFO, device, socket or folder.
    NotRegular,
    /// A regular file longer than the reader allows.
    TooLarge,
}

/// Why a name could not be read: it is missing or unreadable (`Io`), or it is something
/// the build does not read (`Odd`).
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    Odd(Odd),
}

/// The error inside an `io::Error` when a name is a symbolic link.
#[derive(Debug, thiserror::Error)]
#[error("{} is a symbolic link, which a build never writes through", .0.display())]
pub struct IsALink(pub PathBuf);

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn link_error(path: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, IsALink(path.to_path_buf()))
}

/// `options` opening `path` only if it is not a symbolic link.
fn open(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO does not wait for its other end.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        options.open(path).map_err(|e| if is_link(path) { link_error(path) } else { e })
    }
    #[cfg(not(unix))]
    {
        if is_link(path) {
            return Err(link_error(path));
        }
        options.open(path)
    }
}

/// Whether `e` says the name was a symbolic link (from [`create`], [`create_new`] or
/// [`open_lock`]).
pub fn is_link_error(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<IsALink>())
}

/// Creates (or truncates) `path` for writing; a symbolic link there is an error.
pub fn create(path: &Path) -> io::Result<File> {
    open(OpenOptions::new().write(true).create(true).truncate(true), path)
}

/// Creates `path`, which must not exist under any kind (a link to a missing file, too).
pub fn create_new(path: &Path) -> io::Result<File> {
    open(OpenOptions::new().write(true).create_new(true), path)
}

/// Creates `path` as [`create_new`] does, readable and writable by its owner alone.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    open(&mut options, path)
}

/// Writes `bytes` to `path` (created or truncated), never through a symbolic link.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create(path)?.write_all(bytes)
}

/// Opens (creating it if missing) a lock file for reading and writing, without
/// truncating it; a symbolic link there is an error.
pub fn open_lock(path: &Path) -> io::Result<File> {
    open(OpenOptions::new().read(true).write(true).create(true).truncate(false), path)
}

/// The bytes of `path` if it is a regular file of at most `max` bytes. A FIFO never
/// blocks the reader, a link to `/dev/zero` is never read, and a file that grows while
/// read is cut at `max + 1` bytes and refused.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    read_regular_opened(path, max).map(|(bytes, _)| bytes)
}

/// [`read_regular`], with the metadata of the file that was opened and read (its device
/// and inode say whether a name still points at it).
pub fn read_regular_opened(path: &Path, max: u64) -> Result<(Vec<u8>, std::fs::Metadata), ReadError> {
    let file = open(OpenOptions::new().read(true), path).map_err(|e| {
        if is_link_error(&e) {
            ReadError::Odd(Odd::Link)
        } else {
            ReadError::Io(e)
        }
    })?;
    // The opened file's own metadata (fstat): what was opened, not what the name is now.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::Odd(Odd::NotRegular));
    }
    if meta.len() > max {
        return Err(ReadError::Odd(Odd::TooLarge));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::Odd(Odd::TooLarge));
    }
    Ok((bytes, meta))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_neither_written_nor_read_through() {
        let dir = tempfile::tempdir().unwrap();
        let (target, link) = (dir.path().join("target"), dir.path().join("link"));
        symlink(&target, &link).unwrap();
        for result in [write(&link, b"x"), create_new(&link).map(drop), open_lock(&link).map(drop)] {
            assert!(is_link_error(&result.unwrap_err()));
        }
        assert!(!target.exists(), "a dangling link's target is not created");
        std::fs::write(&target, "mine").unwrap();
        assert!(write(&link, b"x").is_err());
        assert!(matches!(read_regular(&link, 100), Err(ReadError::Odd(Odd::Link))));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");

        assert_eq!(read_regular(&target, 4).unwrap(), b"mine");
        assert!(matches!(read_regular(&target, 3), Err(ReadError::Odd(Odd::TooLarge))));
        assert!(matches!(read_regular(dir.path(), 100), Err(ReadError::Odd(Odd::NotRegular))));
        assert!(matches!(read_regular(&dir.path().join("none"), 100), Err(ReadError::Io(_))));
        write(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }
}
