//! The dataset's shape, written down once. Each table's columns ([`COLUMNS`],
//! [`RELEASE_COLUMNS`]): name, how its value is read from a record (which fixes its type and
//! whether it may be null), meaning and example. The output files ([`FILES`]): name, format
//! and media type, and what each one holds.
//!
//! Everything else derives from these: the CSV and Parquet writers iterate the columns,
//! `write::render_all`, the manifest and the Data Package descriptor walk the files, and the
//! data dictionary in docs/dataset.md is [`markdown_dictionary`] (`tests/readme.rs` keeps them equal).
//! How a value is spelled in each format (flattening, encodings) is left to `src/write/`.

use std::sync::Arc;

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};

use crate::enrich::cache::{IMDB_PATTERN, MBID_PATTERN, QID_PATTERN};
use crate::model::{FilmYearSource, Release, ReleaseRow, Row, YearBasis};

/// Bumped when a column is added, removed, renamed or changes type.
pub const SCHEMA_VERSION: u32 = 3;

/// The output files, by name: use these instead of spelling a name out.
pub const SOUNDTRACKS_JSON: &str = "soundtracks.json";
pub const SOUNDTRACKS_JSONL: &str = "soundtracks.jsonl";
pub const SOUNDTRACKS_CSV: &str = "soundtracks.csv";
pub const SOUNDTRACKS_PARQUET: &str = "soundtracks.parquet";
pub const RELEASE_LABELS_PARQUET: &str = "release_labels.parquet";
pub const DATAPACKAGE_JSON: &str = "datapackage.json";
pub const MANIFEST_JSON: &str = "manifest.json";

/// How a file is encoded. The variants are in the order a table's files are described (the
/// data dictionary, `datapackage.json`): the text formats frictionless reads row by row first,
/// so that the resource named after a table is one it validates; Parquet last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Parquet,
}

impl Format {
    /// The short name `datapackage.json` gives the format (also used in resource names).
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Jsonl => "application/jsonl",
            Format::Csv => "text/csv",
            Format::Parquet => "application/vnd.apache.parquet",
        }
    }

    /// How a table's rows are laid out in this format, for titles.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "JSON array of row objects",
            Format::Jsonl => "JSON Lines, one row object per line",
            Format::Csv => "CSV (RFC 4180)",
            Format::Parquet => "Parquet",
        }
    }

    /// Whether files of this format are UTF-8 text.
    pub fn is_text(self) -> bool {
        self != Format::Parquet
    }
}

/// What an output file holds.
#[derive(Debug, Clone, Copy)]
pub enum Contents {
    /// The rows of a table.
    Table(&'static Table),
    /// The Frictionless Data Package descriptor of the other files.
    DataPackage,
    /// The build's provenance and the hash of every other file.
    Manifest,
}

/// One file of the output folder.
#[derive(Debug)]
pub struct File {
    pub name: &'static str,
    pub format: Format,
    pub contents: Contents,
}

/// Every output file, in the order they are rendered and listed in `manifest.json`: the
/// descriptor after the files it describes, the manifest last, as it hashes all the others.
#[rustfmt::skip]
pub static FILES: [File; 7] = [
    file(SOUNDTRACKS_JSON,    Format::Json,    Contents::Table(&SOUNDTRACKS)),
    file(SOUNDTRACKS_PARQUET, Format::Parquet, Contents::Table(&SOUNDTRACKS)),
    file(SOUNDTRACKS_JSONL,   Format::Jsonl,   Contents::Table(&SOUNDTRACKS)),
    file(SOUNDTRACKS_CSV,     Format::Csv,     Contents::Table(&SOUNDTRACKS)),
    file(RELEASE_LABELS_PARQUET, Format::Parquet, Contents::Table(&RELEASE_LABELS)),
    file(DATAPACKAGE_JSON,    Format::Json,    Contents::DataPackage),
    file(MANIFEST_JSON,       Format::Json,    Contents::Manifest),
];

const fn file(name: &'static str, format: Format, contents: Contents) -> File {
    File {
        name,
        format,
        contents,
    }
}

/// How a column's value is read from a record of its table. The variant fixes the column's
/// type and whether it may be null ([`Column::data_type`], [`Column::nullable`]).
#[derive(Debug)]
pub enum Get<R> {
    /// `string`, never null.
    Str(fn(&R) -> &str),
    /// `string` or null.
    OptStr(fn(&R) -> Option<&str>),
    /// `int32`, never null.
    Int32(fn(&R) -> i32),
    /// `int32` or null.
    OptInt32(fn(&R) -> Option<i32>),
    /// `list<string>`, never null (empty when there is nothing).
    Strings(fn(&R) -> &[String]),
    /// `list<struct<labels, year, edition>>`, never null (empty when there is nothing).
    Releases(fn(&R) -> &[Release]),
}

/// One column of a table whose records are `R`.
#[derive(Debug)]
pub struct Column<R> {
    pub name: &'static str,
    pub get: Get<R>,
    pub description: &'static str,
    pub example: &'static str,
    /// The values repeat across rows (two sections, a few reviewers, shared labels), so
    /// Parquet stores them dictionary-encoded.
    pub repeats: bool,
    /// The regular expression every (non-null) value matches in full, declared in
    /// `datapackage.json`.
    pub pattern: Option<&'static str>,
}

const fn col<R>(
    name: &'static str,
    get: Get<R>,
    description: &'static str,
    example: &'static str,
) -> Column<R> {
    Column {
        name,
        get,
        description,
        example,
        repeats: false,
        pattern: None,
    }
}

/// `column`, whose values match `pattern` in full.
const fn patterned<R>(column: Column<R>, pattern: &'static str) -> Column<R> {
    Column {
        pattern: Some(pattern),
        ..column
    }
}

/// `column`, marked as one whose values repeat across rows.
const fn repeating<R>(column: Column<R>) -> Column<R> {
    Column {
        repeats: true,
        ..column
    }
}

impl<R> Column<R> {
    pub fn data_type(&self) -> DataType {
        match self.get {
            Get::Str(_) | Get::OptStr(_) => DataType::Utf8,
            Get::Int32(_) => DataType::Int32,
            Get::OptInt32(_) => DataType::Int32,
            Get::Strings(_) => DataType::List(string_item()),
            Get::Releases(_) => DataType::List(release_item()),
        }
    }

    pub fn nullable(&self) -> bool {
        matches!(self.get, Get::OptStr(_) | Get::OptInt32(_))
    }

    pub fn field(&self) -> Field {
        Field::new(self.name, self.data_type(), self.nullable())
    }

    /// The column as the data dictionary and `datapackage.json` describe it.
    pub fn doc(&self) -> ColumnDoc {
        ColumnDoc {
            name: self.name,
            data_type: self.data_type(),
            nullable: self.nullable(),
            description: self.description,
            example: self.example,
            pattern: self.pattern,
        }
    }
}

/// A column as documented, whatever the record type of its table.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDoc {
    pub name: &'static str,
    pub data_type: DataType,
    pub nullable: bool,
    pub description: &'static str,
    pub example: &'static str,
    pub pattern: Option<&'static str>,
}

/// The element field of a `list<string>` column: values are never null.
pub fn string_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Utf8, false))
}

/// The fields of one release: `struct<labels: list<string>, year: int32, edition: string>`.
pub fn release_fields() -> Fields {
    Fields::from(vec![
        Field::new("labels", DataType::List(string_item()), false),
        Field::new("year", DataType::Int32, true),
        Field::new("edition", DataType::Utf8, true),
    ])
}

/// The element field of the `releases` column.
pub fn release_item() -> Arc<Field> {
    Arc::new(Field::new(
        "item",
        DataType::Struct(release_fields()),
        false,
    ))
}

/// The Arrow schema of a table with these columns.
pub fn arrow_schema<R>(columns: &[Column<R>]) -> SchemaRef {
    Arc::new(Schema::new(
        columns.iter().map(Column::field).collect::<Vec<_>>(),
    ))
}

/// Every column of `soundtracks`, in order: one row per list entry.
#[rustfmt::skip]
pub static COLUMNS: [Column<Row>; 24] = [
    col("id", Get::Str(|r| &r.id), "Stable ASCII slug of the composer credit and title; unique. The same entry parsed from different markup gets the same id.", "bebe-and-louis-barron-forbidden-planet"),
    col("part", Get::Int32(|r| r.part), "Which part of the feature the entry is in (1 for Part One, 2 for Part Two …), read from the article title.", "1"),
    col("position", Get::Int32(|r| r.position), "1-based order of the entry within its part, honourable mentions included.", "4"),
    repeating(col("section", Get::Str(|r| r.section.as_str()), "`main` for the list proper, `honourable_mention` for the mentions before it.", "main")),
    col("heading", Get::Str(|r| &r.heading), "The entry heading as printed (entities decoded, NFC, whitespace collapsed).", "Bebe and Louis Barron ~ Forbidden Planet (1956; soundtrack: Planet Records, 1976)"),
    col("composer", Get::OptStr(|r| r.composer.as_deref()), "The credit as printed before ` ~ `; null when the heading has none.", "Bebe and Louis Barron"),
    col("composers", Get::Strings(|r| &r.composers), "The individuals in the credit.", "[\"Bebe Barron\", \"Louis Barron\"]"),
    col("title", Get::Str(|r| &r.title), "The title as printed, without the `[…]` part.", "Forbidden Planet"),
    col("alt_title", Get::OptStr(|r| r.alt_title.as_deref()), "The `[…]` text after the title, if any.", "Music for The Last Temptation Of Christ"),
    col("film_title", Get::Str(|r| &r.film_title), "The film or show scored: X from `[Music for (the Film) X]`, otherwise the title.", "The Last Temptation Of Christ"),
    col("film_year", Get::OptInt32(|r| r.film_year), "The film's year: where the heading states it apart from the release, that year; else the earliest publication year of the film's Wikidata item (`film_wikidata`); null when neither is known.", "1956"),
    repeating(patterned(col("film_year_source", Get::OptStr(|r| r.film_year_source.map(FilmYearSource::as_str)), "Where `film_year` comes from: `heading` or `wikidata`; null when `film_year` is.", "heading"), "(heading|wikidata)")),
    col("release_year", Get::OptInt32(|r| r.release_year), "Year of the first listed release.", "1976"),
    col("year", Get::OptInt32(|r| r.year), "The year to group by: `film_year` where known, else `release_year`; null when neither is.", "1956"),
    repeating(col("year_basis", Get::OptStr(|r| r.year_basis.map(YearBasis::as_str)), "Which year `year` is: `film` or `release`; null when `year` is.", "film")),
    col("decade", Get::OptInt32(|r| r.decade), "`year` rounded down to its decade.", "1950"),
    repeating(col("labels", Get::Strings(|r| &r.labels), "Distinct labels across all releases, in order.", "[\"Nonesuch\", \"Warners\"]")),
    col("releases", Get::Releases(|r| &r.releases), "One struct per release: its labels, year and edition (null when the heading names none).", "[{\"labels\": [\"Island Records\"], \"year\": 1983, \"edition\": null}, {\"labels\": [\"Orange Mountain Music\"], \"year\": 2009, \"edition\": \"Full version\"}]"),
    repeating(col("reviewer", Get::OptStr(|r| r.reviewer.as_deref()), "The write-up's trailing `(Name)` attribution; null where there is none.", "Jeremy Bye")),
    col("review", Get::Str(|r| &r.review), "The write-up without the attribution; paragraphs joined by a blank line.", "Sci-fi has always been fertile ground for avant-gardism, …"),
    col("source_url", Get::Str(|r| &r.source_url), "The article's canonical URL.", "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/"),
    patterned(col("film_wikidata", Get::OptStr(|r| r.film_wikidata.as_deref()), "The film or series' Wikidata item id, from the reviewed enrichment cache (`fixtures/enrichment/`); null when not linked.", "Q675031"), QID_PATTERN),
    patterned(col("film_imdb", Get::OptStr(|r| r.film_imdb.as_deref()), "The film or series' IMDb title id (the linked item's IMDb id, or an override's); null when not linked.", "tt0038419"), IMDB_PATTERN),
    // The example is a real release group's id (The Dark Side of the Moon, recorded in
    // tests/enrich/recorded/musicbrainz): the format, not a soundtrack of this list.
    patterned(col("release_group_mbid", Get::OptStr(|r| r.release_group_mbid.as_deref()), "The soundtrack's MusicBrainz release group id (a lowercase UUID), from the same cache; null when not linked.", "f5093c06-23e3-404f-aeaa-40f72885ee3a"), MBID_PATTERN),
];

/// Every column of `release_labels`, in order: one row per entry × release × label, keyed
/// by (`id`, `release_index`, `label_index`). No column shares a name with `soundtracks` but
/// `id`, the one to join on.
#[rustfmt::skip]
pub static RELEASE_COLUMNS: [Column<ReleaseRow>; 6] = [
    col("id", Get::Str(|r| &r.id), "The entry's `id` in `soundtracks`; the key to join on.", "jon-brion-punch-drunk-love"),
    col("release_index", Get::Int32(|r| r.release_index), "1-based order of the release within the entry's `releases`.", "1"),
    col("label_index", Get::Int32(|r| r.label_index), "1-based order of the label within the release (1 for the one row of a release that names no label).", "1"),
    repeating(col("label", Get::OptStr(|r| r.label.as_deref()), "One label of the release; null only for a release that names none.", "Nonesuch")),
    col("edition", Get::OptStr(|r| r.edition.as_deref()), "The release's edition (`Full version`, `Symphonic Suite`); null when the heading names none.", "Full version"),
    col("released", Get::OptInt32(|r| r.released), "The release's year.", "2002"),
];

/// A table's columns, typed by the record they are read from.
#[derive(Debug, Clone, Copy)]
pub enum Columns {
    Rows(&'static [Column<Row>]),
    Releases(&'static [Column<ReleaseRow>]),
}

/// A column that refers to another table's primary key.
#[derive(Debug, Clone, Copy)]
pub struct ForeignKey {
    pub column: &'static str,
    pub table: &'static Table,
}

/// One table of the dataset.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub description: &'static str,
    pub columns: Columns,
    /// The columns that together identify a row (unique, never null).
    pub primary_key: &'static [&'static str],
    pub foreign_key: Option<ForeignKey>,
}

impl Table {
    /// Each column as documented, in order.
    pub fn docs(&self) -> Vec<ColumnDoc> {
        match self.columns {
            Columns::Rows(columns) => columns.iter().map(Column::doc).collect(),
            Columns::Releases(columns) => columns.iter().map(Column::doc).collect(),
        }
    }

    pub fn arrow_schema(&self) -> SchemaRef {
        match self.columns {
            Columns::Rows(columns) => arrow_schema(columns),
            Columns::Releases(columns) => arrow_schema(columns),
        }
    }

    /// The files of [`FILES`] holding this table, in the order they are described ([`Format`]).
    pub fn files(&self) -> Vec<&'static File> {
        let mut files: Vec<&'static File> = FILES
            .iter()
            .filter(|f| matches!(f.contents, Contents::Table(t) if t.name == self.name))
            .collect();
        files.sort_by_key(|f| f.format);
        files
    }
}

/// One row per list entry.
pub static SOUNDTRACKS: Table = Table {
    name: "soundtracks",
    description: "One row per list entry.",
    columns: Columns::Rows(&COLUMNS),
    primary_key: &["id"],
    foreign_key: None,
};

/// One row per entry × release × label.
pub static RELEASE_LABELS: Table = Table {
    name: "release_labels",
    description: "One row per entry × release × label: the `releases` column unnested, keyed by (`id`, `release_index`, `label_index`), to join back to `soundtracks` on `id`.",
    columns: Columns::Releases(&RELEASE_COLUMNS),
    primary_key: &["id", "release_index", "label_index"],
    foreign_key: Some(ForeignKey {
        column: "id",
        table: &SOUNDTRACKS,
    }),
};

/// Every table, in the order they are documented.
pub static TABLES: [&Table; 2] = [&SOUNDTRACKS, &RELEASE_LABELS];

/// A short type name for documentation: `list<struct<labels: list<string>, …>>`.
pub fn type_name(dt: &DataType) -> String {
    match dt {
        DataType::Utf8 => "string".into(),
        DataType::Int32 => "int32".into(),
        DataType::List(f) => format!("list<{}>", type_name(f.data_type())),
        DataType::Struct(fields) => format!(
            "struct<{}>",
            fields
                .iter()
                .map(|f| format!("{}: {}", f.name(), type_name(f.data_type())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string().to_lowercase(),
    }
}

/// The data dictionary of every table as Markdown: per table a heading naming its files, a
/// sentence, and a table of columns (pasted into docs/dataset.md; `tests/readme.rs` keeps them equal).
pub fn markdown_dictionary() -> String {
    let mut out = String::new();
    for (i, table) in TABLES.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let files: Vec<String> = table
            .files()
            .iter()
            .map(|f| format!("`{}`", f.name))
            .collect();
        out.push_str(&format!(
            "### `{}` ({})\n\n{}\n\n",
            table.name,
            files.join(", "),
            table.description
        ));
        out.push_str("| column | type | null | meaning | example |\n|---|---|---|---|---|\n");
        for c in table.docs() {
            out.push_str(&format!(
                "| `{}` | `{}` | {} | {} | `{}` |\n",
                c.name,
                type_name(&c.data_type),
                if c.nullable { "yes" } else { "no" },
                c.description.replace('|', "\\|"),
                c.example.replace('|', "\\|"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::row;
    use serde::Serialize;

    #[test]
    fn type_names() {
        let names: Vec<String> = COLUMNS.iter().map(|c| type_name(&c.data_type())).collect();
        assert_eq!(names[0], "string");
        assert_eq!(names[6], "list<string>");
        assert_eq!(names[13], "int32", "year");
        assert_eq!(
            names[17],
            "list<struct<labels: list<string>, year: int32, edition: string>>"
        );
    }

    /// The keys of `record` as JSON, in serde's order.
    fn keys(record: &impl Serialize) -> Vec<String> {
        let value = serde_json::to_value(record).unwrap();
        value.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn row_fields_match_columns() {
        // serde's field order for Row is the JSON key order; it must equal the column list.
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(keys(&row("a")), names);
        let long = crate::write::releases::release_rows(&[row("a")]);
        let names: Vec<&str> = RELEASE_COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(keys(&long[0]), names);
    }

    /// The value a column reads, as JSON.
    fn json_of(row: &Row, get: &Get<Row>) -> serde_json::Value {
        use serde_json::json;
        match *get {
            Get::Str(f) => json!(f(row)),
            Get::OptStr(f) => json!(f(row)),
            Get::Int32(f) => json!(f(row)),
            Get::OptInt32(f) => json!(f(row)),
            Get::Strings(f) => json!(f(row)),
            Get::Releases(f) => serde_json::to_value(f(row)).unwrap(),
        }
    }

    #[test]
    fn each_column_reads_the_field_of_its_name() {
        let row = Row {
            position: 2,
            heading: "H".into(),
            composers: vec!["C1".into(), "C2".into()],
            title: "T".into(),
            alt_title: Some("A".into()),
            film_title: "F".into(),
            film_year: Some(1999),
            review: "V".into(),
            ..row("a")
        };
        let value = serde_json::to_value(&row).unwrap();
        for column in &COLUMNS {
            assert_eq!(
                json_of(&row, &column.get),
                value[column.name],
                "{}",
                column.name
            );
        }
    }

    #[test]
    fn every_table_file_is_in_a_table_of_tables() {
        let mut names: Vec<&str> = FILES.iter().map(|f| f.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), FILES.len(), "file names are unique");
        for file in &FILES {
            if let Contents::Table(table) = file.contents {
                assert!(TABLES.iter().any(|t| t.name == table.name), "{}", file.name);
            }
        }
        for table in TABLES {
            assert!(!table.files().is_empty(), "{} has no file", table.name);
        }
        assert!(matches!(FILES.last().unwrap().contents, Contents::Manifest));
    }

    #[test]
    fn a_tables_files_are_described_text_first() {
        let names: Vec<&str> = SOUNDTRACKS.files().iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                SOUNDTRACKS_JSON,
                SOUNDTRACKS_JSONL,
                SOUNDTRACKS_CSV,
                SOUNDTRACKS_PARQUET
            ]
        );
    }
}
