//! Atomic replacement of files and directories: a failed run leaves what was there
//! byte-for-byte intact. Everything is written beside the target, then renamed into place.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A sibling path of `target` that no other run uses: `.<name>.<tag>-<pid>-<n>`.
pub fn sibling(target: &Path, tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let parent = target.parent().unwrap_or_else(|| Path::new("."));
    parent.join(format!(".{name}.{tag}-{}-{n}", std::process::id()))
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        if !parent.as_os_str().is_empty() {
            fs::create_dir_all(parent)?;
        }
    }
    let tmp = sibling(path, "tmp");
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Fills a fresh staging directory beside `target` with `fill`, then swaps it into place.
///
/// If `fill` fails, the staging directory is removed and `target` is untouched. The swap
/// renames the old directory aside before renaming the new one in, so at every moment one
/// complete version exists on disk.
/// `io_err` turns a failure of the directory operations themselves into the caller's error.
pub fn replace_dir<E, F, M>(target: &Path, fill: F, io_err: M) -> Result<(), E>
where
    F: FnOnce(&Path) -> Result<(), E>,
    M: Fn(io::Error) -> E,
{
    if let Some(parent) = target.parent() {
        if !parent.as_os_str().is_empty() {
            fs::create_dir_all(parent).map_err(&io_err)?;
        }
    }
    let staging = sibling(target, "new");
    fs::create_dir_all(&staging).map_err(&io_err)?;
    if let Err(e) = fill(&staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap_in(&staging, target).map_err(|e| {
        let _ = fs::remove_dir_all(&staging);
        io_err(e)
    })
}

/// Moves the complete directory `staging` to `target`, replacing what was there.
pub fn swap_in(staging: &Path, target: &Path) -> io::Result<()> {
    if target.exists() {
        let old = sibling(target, "old");
        fs::rename(target, &old)?;
        if let Err(e) = fs::rename(staging, target) {
            // Put the previous version back so nothing is lost.
            let _ = fs::rename(&old, target);
            return Err(e);
        }
        let _ = fs::remove_dir_all(&old);
        Ok(())
    } else {
        fs::rename(staging, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_fill_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("a.txt"), b"old").unwrap();
        let r: Result<(), io::Error> = replace_dir(
            &target,
            |staging| {
                fs::write(staging.join("a.txt"), b"new")?;
                Err(io::Error::other("boom"))
            },
            |e| e,
        );
        assert!(r.is_err());
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"old");
        // No staging directory is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn successful_fill_replaces_target_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("stale.txt"), b"old").unwrap();
        replace_dir(
            &target,
            |staging| fs::write(staging.join("a.txt"), b"new"),
            |e| e,
        )
        .unwrap();
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"new");
        assert!(!target.join("stale.txt").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_file_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/x.json");
        write_file(&p, b"1").unwrap();
        write_file(&p, b"2").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"2");
        assert_eq!(fs::read_dir(dir.path().join("sub")).unwrap().count(), 1);
    }
}
