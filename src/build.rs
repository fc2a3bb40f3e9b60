//! The `build` job: find saved pages on disk, read and decode them, run them through
//! parse → normalize, give the rows their links from the enrichment cache of each input
//! folder (offline), and write every output atomically into the output directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::dataset::{apply_links, assemble, SourcePage};
use crate::digest::sha256_hex;
use crate::enrich::error::EnrichError;
use crate::enrich::Links;
use crate::error::InputProblem;
use crate::error::{Error, Result};
use crate::meta::FixtureMeta;
use crate::model::Dataset;
use crate::parse::decode::decode;
use crate::parse::page::parse_page;
use crate::write::render_each;

/// Settings for one build, validated once by the CLI.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Fail (after reporting, before writing) when any heading did not parse fully.
    pub strict: bool,
    /// Pages larger than this are rejected before they are read.
    pub max_input_bytes: u64,
}

/// The default input size cap: far above any real article page (Part One is ~45 KB).
pub(crate) const DEFAULT_MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            strict: false,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

/// A page file to read, and the name it is recorded under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InputFile {
    pub path: PathBuf,
    /// Relative to the folder it was found in (or the file name), `/`-separated.
    pub display: String,
}

/// Expands inputs: files are taken as given, folders are searched recursively for
/// `*.html` / `*.htm` (hidden entries skipped). The result is sorted for determinism.
pub(crate) fn discover(inputs: &[PathBuf]) -> Result<Vec<InputFile>> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = fs::metadata(input).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: input.clone(),
            },
            _ => Error::Read {
                path: input.clone(),
                source: e,
            },
        })?;
        if meta.is_dir() {
            let before = files.len();
            walk(input, &mut files)?;
            if files.len() == before {
                return Err(Error::NoInputs {
                    path: input.clone(),
                });
            }
        } else {
            let display = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| input.display().to_string());
            files.push(InputFile {
                path: input.clone(),
                display,
            });
        }
    }
    files.sort_by(|a, b| a.display.cmp(&b.display).then_with(|| a.path.cmp(&b.path)));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}

fn walk(root: &Path, out: &mut Vec<InputFile>) -> Result<()> {
    for entry in crate::atomic::visible_entries(root) {
        let entry = entry.map_err(|e| Error::Read {
            path: e.path().unwrap_or(root).to_path_buf(),
            source: e.into(),
        })?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir() || !(name.ends_with(".html") || name.ends_with(".htm")) {
            continue;
        }
        let path = entry.path().to_path_buf();
        let rel = path.strip_prefix(root).unwrap_or(&path);
        let display = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.push(InputFile { path, display });
    }
    Ok(())
}

/// Reads, decodes and parses one page.
pub(crate) fn load(file: &InputFile, opts: &BuildOptions) -> Result<SourcePage> {
    let path = &file.path;
    let read_err = |source| Error::Read {
        path: path.clone(),
        source,
    };
    let size = fs::metadata(path).map_err(read_err)?.len();
    if size > opts.max_input_bytes {
        return Err(Error::Input {
            path: path.clone(),
            problem: InputProblem::TooLarge {
                size,
                limit: opts.max_input_bytes,
            },
        });
    }
    let bytes = fs::read(path).map_err(read_err)?;
    let meta = FixtureMeta::read_beside(path)?;
    let decoded = decode(
        &bytes,
        meta.as_ref().and_then(|m| m.content_type.as_deref()),
    )
    .map_err(|problem| Error::Input {
        path: path.clone(),
        problem,
    })?;
    let page = parse_page(&decoded.text).map_err(|source| Error::Page {
        path: path.clone(),
        source,
    })?;
    let encoding = decoded.encoding;
    let sha256 = sha256_hex(&bytes);
    Ok(SourcePage {
        file: file.display.clone(),
        path: path.clone(),
        sha256,
        encoding: encoding.to_string(),
        meta,
        page,
    })
}

/// Reads every page under `inputs` and returns the dataset, without writing anything. Each
/// input folder is a fixtures root: its rows get their links from the enrichment cache in
/// it (`<root>/enrichment/`, read offline).
pub fn collect(inputs: &[PathBuf], opts: &BuildOptions) -> Result<Dataset> {
    let files = discover(inputs)?;
    let pages = files
        .iter()
        .map(|f| load(f, opts))
        .collect::<Result<Vec<_>>>()?;
    let mut dataset = assemble(pages)?;
    apply_links(&mut dataset.rows, &cached_links(inputs)?);
    Ok(dataset)
}

/// The links of the enrichment caches of the input folders. A row linked in two of them
/// must be linked alike.
fn cached_links(inputs: &[PathBuf]) -> Result<BTreeMap<String, Links>> {
    let mut all: BTreeMap<String, Links> = BTreeMap::new();
    let mut from: BTreeMap<String, PathBuf> = BTreeMap::new();
    for root in inputs.iter().filter(|p| p.is_dir()) {
        for (id, links) in crate::enrich::cache::links(root)? {
            if all.get(&id).is_some_and(|l| *l != links) {
                let first = from.get(&id).cloned().unwrap_or_default();
                return Err(EnrichError::Cache {
                    path: root.join(crate::enrich::cache::DIR),
                    problem: format!(
                        "row `{id}` is linked differently in {}; keep one cache's decision \
                         and override for it",
                        first.join(crate::enrich::cache::DIR).display()
                    ),
                }
                .into());
            }
            from.entry(id.clone()).or_insert_with(|| root.clone());
            all.insert(id, links);
        }
    }
    Ok(all)
}

/// Writes every output file for `dataset` into `out_dir`, replacing it atomically: the
/// files are written to a staging folder beside it, which is then renamed into place.
///
/// Each file is encoded straight into its staging file, one at a time, and hashed on the
/// way for the manifest, so no output is ever held whole in memory.
pub(crate) fn write_outputs(dataset: &Dataset, out_dir: &Path) -> Result<()> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Error::Write {
            path: out_dir.to_path_buf(),
            source: std::io::Error::other("it is a file, not a directory; pass a folder to --out"),
        });
    }
    crate::atomic::replace_dir(
        out_dir,
        |staging| {
            render_each(
                dataset,
                |file| {
                    let path = staging.join(file.name);
                    match fs::File::create(&path) {
                        Ok(f) => Ok((path, f)),
                        Err(source) => Err(Error::Write { path, source }),
                    }
                },
                // `render_each` has flushed it; `replace_dir` counts on each file being
                // synced here and syncs only the folder before the rename.
                |written, file| {
                    file.sync_all().map_err(|source| Error::Write {
                        path: staging.join(written.name),
                        source,
                    })
                },
            )
        },
        |source| Error::Write {
            path: out_dir.to_path_buf(),
            source,
        },
    )
}

/// The one "strict, then write": with `strict`, any heading problem fails the run before
/// anything is written; otherwise every output is written into `out_dir` (atomically).
pub fn write_checked(dataset: &Dataset, out_dir: &Path, opts: &BuildOptions) -> Result<()> {
    if opts.strict && !dataset.problems.is_empty() {
        return Err(Error::Strict {
            count: dataset.problems.len(),
        });
    }
    write_outputs(dataset, out_dir)
}

/// `collect` then `write_checked`.
pub fn build(inputs: &[PathBuf], out_dir: &Path, opts: &BuildOptions) -> Result<Dataset> {
    let dataset = collect(inputs, opts)?;
    write_checked(&dataset, out_dir, opts)?;
    Ok(dataset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing;
    use crate::schema::{FILES, MANIFEST_JSON};

    /// A page's recorded hash is that of the file's bytes, for a large page as for a small.
    #[test]
    fn pages_large_and_small_are_hashed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = fs::read_to_string("fixtures/acloserlisten/part-one.html").unwrap();
        let padding = format!("<!-- {} -->", "x".repeat(1 << 20));
        let large = fixture.replacen("</body>", &format!("{padding}</body>"), 1);
        for (name, html) in [("small.html", &fixture), ("large.html", &large)] {
            let path = dir.path().join(name);
            fs::write(&path, html).unwrap();
            let file = InputFile {
                path,
                display: name.to_string(),
            };
            let page = load(&file, &BuildOptions::default()).unwrap();
            assert_eq!(page.sha256, sha256_hex(html.as_bytes()), "{name}");
            assert!(!page.page.entries.is_empty(), "{name}");
        }
    }

    /// The manifest's size and hash of every file are those of the file on disk, and the
    /// files on disk are what `render_all` renders in memory: the hashes taken while
    /// streaming cannot drift from the bytes written.
    #[test]
    fn manifest_lists_the_files_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let rows = (0..3).map(|i| testing::row(&format!("r{i}"))).collect();
        let dataset = testing::dataset(rows);
        write_outputs(&dataset, &out).unwrap();

        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join(MANIFEST_JSON)).unwrap()).unwrap();
        let listed = manifest["files"].as_array().unwrap();
        let others: Vec<&str> = FILES
            .iter()
            .map(|f| f.name)
            .filter(|&n| n != MANIFEST_JSON)
            .collect();
        let names: Vec<&str> = listed.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, others);
        for record in listed {
            let name = record["name"].as_str().unwrap();
            let bytes = fs::read(out.join(name)).unwrap();
            assert_eq!(record["bytes"], bytes.len(), "{name}");
            assert_eq!(record["sha256"], sha256_hex(&bytes), "{name}");
        }

        let rendered = crate::write::render_all(&dataset).unwrap();
        assert_eq!(rendered.len(), FILES.len());
        for file in rendered {
            let on_disk = fs::read(out.join(file.name)).unwrap();
            assert!(
                on_disk == file.bytes,
                "{} differs from render_all",
                file.name
            );
        }
        let mut on_disk: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut want: Vec<&str> = FILES.iter().map(|f| f.name).collect();
        want.sort();
        assert_eq!(on_disk, want);
    }
}
