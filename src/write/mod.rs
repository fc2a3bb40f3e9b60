//! The writers: one module per output format, each encoding a table's records straight into
//! a [`Write`] sink as it is handed them, block by block, so no output file and no derived
//! table (the releases) is ever held whole in memory. `render_file` is the one place that
//! decides which writer renders which file of [`FILES`] (the output folder as `src/schema.rs`
//! lists it); `render_each` walks them in order, hashing each on its way to the sink its
//! caller opens for it, and gives the manifest those sizes and hashes. `build` writes the
//! files into a staging folder with it, and [`render_all`] into memory.

pub mod csv;
pub mod datapackage;
pub mod json;
pub mod jsonl;
pub mod manifest;
pub mod parquet;
pub mod releases;

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::digest::HashingWriter;
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::schema::{Column, Columns, Contents, File, Format, Table, FILES};

/// The tool's name and version as recorded in outputs.
pub(crate) const TOOL: &str = env!("CARGO_PKG_NAME");
pub(crate) const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The sink every writer encodes into. `Send` because parquet's `ArrowWriter` requires it.
pub(crate) type Sink<'a> = &'a mut (dyn Write + Send);

/// One output file: its name inside the output directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// What the manifest records of a file rendered before it, taken as the file was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Written {
    pub name: &'static str,
    pub bytes: u64,
    pub sha256: String,
}

/// Renders every file of [`FILES`] into memory, through the same writers and hashes as a
/// build writes them to disk.
pub fn render_all(dataset: &Dataset) -> Result<Vec<OutputFile>> {
    let mut files = Vec::with_capacity(FILES.len());
    render_each(
        dataset,
        |file| Ok((PathBuf::from(file.name), Vec::new())),
        |file, bytes| {
            files.push(OutputFile {
                name: file.name,
                bytes,
            });
            Ok(())
        },
    )?;
    Ok(files)
}

/// Renders every file of [`FILES`], one at a time and in that order, which puts the
/// manifest, listing every other file's size and hash, last.
///
/// `open` gives the sink of a file and the path its write errors name; each file is
/// rendered, hashed on the way and flushed, and its sink handed to `close`. An I/O error of
/// a sink is an [`Error::Write`] of that path, whichever encoder met it.
pub(crate) fn render_each<W: Write + Send>(
    dataset: &Dataset,
    mut open: impl FnMut(&File) -> Result<(PathBuf, W)>,
    mut close: impl FnMut(&File, W) -> Result<()>,
) -> Result<()> {
    let mut written: Vec<Written> = Vec::with_capacity(FILES.len());
    for file in &FILES {
        let (path, sink) = open(file)?;
        let (sink, w) = render_one(dataset, file, path, sink, &written)?;
        close(file, sink)?;
        written.push(w);
    }
    Ok(())
}

/// Renders `file` into `sink` (whose write errors name `path`), hashing it on the way, and
/// gives the sink back with what the manifest records of it.
fn render_one<W: Write + Send>(
    dataset: &Dataset,
    file: &File,
    path: PathBuf,
    sink: W,
    written: &[Written],
) -> Result<(W, Written)> {
    // Buffered before the hash: the encoders write a few bytes at a time, and each
    // write reaching the hasher directly showed up in profiles of large builds.
    let mut out = BufWriter::with_capacity(BUFFER, HashingWriter::new(sink));
    let rendered = render_file(dataset, file, &mut out, written).and_then(|()| {
        out.flush().map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })
    });
    if let Some(source) = out.get_mut().take_error() {
        return Err(Error::Write { path, source });
    }
    rendered?;
    let hashed = out.into_inner().map_err(|e| Error::Write {
        path: path.clone(),
        source: e.into_error(),
    })?;
    let (sink, bytes, sha256) = hashed.finish();
    let w = Written {
        name: file.name,
        bytes,
        sha256,
    };
    Ok((sink, w))
}

/// Renders one file of [`FILES`] into `out`; `written` is what the files before it were
/// (the manifest lists them).
pub(crate) fn render_file(
    dataset: &Dataset,
    file: &File,
    out: Sink<'_>,
    written: &[Written],
) -> Result<()> {
    match file.contents {
        Contents::Table(table) => render_table(dataset, table, file, out),
        Contents::DataPackage => datapackage::datapackage_json(dataset, file.name, out),
        Contents::Manifest => manifest::manifest_json(dataset, written, file.name, out),
    }
}

/// The buffer between the encoders and the hash (and the file behind it).
pub(crate) const BUFFER: usize = 1 << 16;

/// How many rows of the dataset the writers are handed at a time. A derived table is made
/// one block of rows at a time, so it never exists whole beside the dataset.
const BLOCK_ROWS: usize = 2048;

/// One file of a table: its records, read from the dataset, in the file's format.
fn render_table(dataset: &Dataset, table: &Table, file: &File, out: Sink<'_>) -> Result<()> {
    let blocks = dataset.rows.chunks(BLOCK_ROWS);
    match table.columns {
        Columns::Rows(columns) => render_records(dataset, blocks, columns, file, out),
        Columns::Releases(columns) => {
            let blocks = blocks.map(releases::release_rows);
            render_records(dataset, blocks, columns, file, out)
        }
    }
}

/// `blocks` are the table's records in order, in blocks of any size.
fn render_records<R: Serialize, B: AsRef<[R]>>(
    dataset: &Dataset,
    blocks: impl IntoIterator<Item = B>,
    columns: &[Column<R>],
    file: &File,
    out: Sink<'_>,
) -> Result<()> {
    match file.format {
        Format::Json => json::records_json(blocks, file.name, out),
        Format::Jsonl => jsonl::records_jsonl(blocks, file.name, out),
        Format::Csv => csv::records_csv(blocks, columns, file.name, out),
        Format::Parquet => parquet::records_parquet(dataset, blocks, columns, file.name, out),
    }
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;
    use crate::model::testing;

    /// Each file rendered through `render_all` (buffered and hashed) is the same bytes as
    /// rendered alone, the files come back in [`FILES`] order, and the manifest's sizes and
    /// hashes are those of the files.
    #[test]
    fn files_rendered_together_equal_files_rendered_alone() {
        let rows = (0..5000).map(|i| testing::row(&format!("r{i}"))).collect();
        let dataset = testing::dataset(rows);
        let files = render_all(&dataset).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.name).collect();
        let expected: Vec<&str> = FILES.iter().map(|f| f.name).collect();
        assert_eq!(names, expected);
        let mut written = Vec::new();
        for (file, rendered) in FILES.iter().zip(&files) {
            let mut alone = Vec::new();
            render_file(&dataset, file, &mut alone, &written).unwrap();
            assert!(alone == rendered.bytes, "{} differs", file.name);
            written.push(Written {
                name: file.name,
                bytes: alone.len() as u64,
                sha256: crate::digest::sha256_hex(&alone),
            });
        }
    }

    /// A sink that takes `room` bytes and then fails as a full disk does.
    struct Filling {
        room: usize,
    }

    impl Write for Filling {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Whichever encoder meets a full disk, the build reports a write failure naming the
    /// file, not an encoding bug.
    #[test]
    fn a_full_disk_is_a_write_error_of_that_file() {
        let dataset = testing::dataset(vec![testing::row("a"), testing::row("b")]);
        for failing in &FILES {
            let result = render_each(
                &dataset,
                |file| {
                    let room = if file.name == failing.name {
                        10
                    } else {
                        usize::MAX
                    };
                    Ok((PathBuf::from(file.name), Filling { room }))
                },
                |_, _| Ok(()),
            );
            match result {
                Err(Error::Write { path, source }) => {
                    assert_eq!(path, PathBuf::from(failing.name));
                    assert_eq!(
                        source.kind(),
                        io::ErrorKind::StorageFull,
                        "{}",
                        failing.name
                    );
                }
                other => panic!("{}: {other:?}", failing.name),
            }
        }
    }
}
