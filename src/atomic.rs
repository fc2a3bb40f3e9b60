//! Atomic, durable replacement of files and directories, implemented once: a failed run
//! leaves what was there byte-for-byte intact, and a power cut after a successful one
//! leaves the new version whole. Everything is written beside the target, flushed to disk
//! (files, then their folders), renamed into place, and the folder holding the rename is
//! flushed too, as git and SQLite do.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A sibling path of `target` that no other run uses: `.<name>.<tag>-<pid>-<n>`.
pub(crate) fn sibling(target: &Path, tag: &str) -> PathBuf {
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
        fs::rename(&tmp, path)?;
        sync_parent(path)
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
///
/// `fill` leaves every file it writes flushed to disk (`File::sync_all`); only the staging
/// folder itself is flushed here: a build syncs each output as its writer finishes it,
/// so opening each file again here would only find it clean.
/// `io_err` turns a failure of the directory operations themselves into the caller's error.
pub(crate) fn replace_dir<E, F, M>(target: &Path, fill: F, io_err: M) -> Result<(), E>
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
    sync_dir(&staging)
        .and_then(|()| swap_synced(&[(&staging, target)]))
        .map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            io_err(e)
        })
}

/// Moves each complete staging folder onto its target, together: the staging trees are
/// flushed to disk first; each old version is renamed aside before the new one is renamed
/// in, so one complete version exists at every moment; if any rename fails, the ones
/// already done are undone, so either every target is new or every one is as it was. The
/// parent folders are flushed after the renames, and the old versions removed last.
#[cfg(feature = "net")]
pub(crate) fn swap_all(pairs: &[(&Path, &Path)]) -> io::Result<()> {
    for (staging, _) in pairs {
        sync_tree(staging)?;
    }
    swap_synced(pairs)
}

/// [`swap_all`] for staging folders already flushed to disk, files and folders.
fn swap_synced(pairs: &[(&Path, &Path)]) -> io::Result<()> {
    // (target, the old version moved aside)
    let mut done: Vec<(&Path, Option<PathBuf>)> = Vec::new();
    let mut failure = None;
    for &(staging, target) in pairs {
        match swap_one(staging, target) {
            Ok(old) => done.push((target, old)),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    if let Some(e) = failure {
        for (target, old) in done.into_iter().rev() {
            let discard = sibling(target, "undo");
            if fs::rename(target, &discard).is_ok() {
                if let Some(old) = old {
                    let _ = fs::rename(old, target);
                }
                let _ = fs::remove_dir_all(discard);
            }
        }
        return Err(e);
    }
    for (target, _) in &done {
        sync_parent(target)?;
    }
    for (_, old) in done {
        if let Some(old) = old {
            let _ = fs::remove_dir_all(old);
        }
    }
    Ok(())
}

/// Renames `target` aside (if it exists) and `staging` onto it; returns where the old
/// version went. On failure the old version is put back.
fn swap_one(staging: &Path, target: &Path) -> io::Result<Option<PathBuf>> {
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let old = if target.exists() {
        let old = sibling(target, "old");
        fs::rename(target, &old)?;
        Some(old)
    } else {
        None
    };
    if let Err(e) = fs::rename(staging, target) {
        if let Some(old) = &old {
            let _ = fs::rename(old, target);
        }
        return Err(e);
    }
    Ok(old)
}

#[cfg(feature = "net")]
/// Copies a folder tree (files and folders; symlinks are copied as what they point to).
pub(crate) fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in walkdir::WalkDir::new(from).min_depth(1).follow_links(true) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let dst = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dst)?;
        } else {
            fs::copy(entry.path(), &dst)?;
        }
    }
    Ok(())
}

/// The entries under `root`, depth-first in file-name order, leaving out hidden ones
/// (`.name`) and everything under them: the one folder walk of the saved pages.
pub(crate) fn visible_entries(
    root: &Path,
) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    let hidden = |e: &walkdir::DirEntry| e.file_name().to_string_lossy().starts_with('.');
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| !hidden(e))
}

/// Flushes every file and folder of a tree to disk.
#[cfg(feature = "net")]
fn sync_tree(root: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(root).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            fs::File::open(entry.path())?.sync_all()?;
        } else if entry.file_type().is_dir() {
            sync_dir(entry.path())?;
        }
    }
    Ok(())
}

/// Flushes the folder that holds `path`, so a rename into it survives a power cut.
fn sync_parent(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => sync_dir(p),
        _ => sync_dir(Path::new(".")),
    }
}

/// Flushes a folder's entries. Only Unix can open a folder to sync it; elsewhere a rename
/// is as durable as the file system makes it.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
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
    fn swap_all_replaces_every_target_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        for t in [&a, &b] {
            fs::create_dir(t).unwrap();
            fs::write(t.join("v"), b"old").unwrap();
        }
        let (sa, sb) = (dir.path().join("sa"), dir.path().join("sb"));
        copy_tree(&a, &sa).unwrap();
        fs::write(sa.join("v"), b"new").unwrap();
        // The second staging folder does not exist: the swap fails and undoes the first.
        assert!(swap_all(&[(&sa, &a), (&sb, &b)]).is_err());
        assert_eq!(fs::read(a.join("v")).unwrap(), b"old");
        assert_eq!(fs::read(b.join("v")).unwrap(), b"old");
        copy_tree(&b, &sb).unwrap();
        fs::write(sb.join("v"), b"new").unwrap();
        swap_all(&[(&sa, &a), (&sb, &b)]).unwrap();
        assert_eq!(fs::read(a.join("v")).unwrap(), b"new");
        assert_eq!(fs::read(b.join("v")).unwrap(), b"new");
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["a", "b"], "no staging or old folder left behind");
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
