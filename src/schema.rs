//! The dataset's columns, in one place: names, Arrow types, nullability, descriptions and
//! examples. The Parquet writers, the JSON key order check, the data dictionary in the
//! README and the Frictionless descriptor are all generated from [`COLUMNS`] (one row per
//! entry) and [`RELEASE_COLUMNS`] (the long `releases.parquet` table), listed in [`TABLES`].

use std::sync::{Arc, LazyLock};

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};

/// Bumped when a column is added, removed, renamed or changes type.
pub const SCHEMA_VERSION: u32 = 1;

/// One column of `soundtracks`.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: &'static str,
    pub data_type: DataType,
    pub nullable: bool,
    pub description: &'static str,
    pub example: &'static str,
}

/// The element field of a `list<string>` column: values are never null.
pub fn string_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Utf8, false))
}

/// The fields of one release: `struct<labels: list<string>, year: int16, edition: string>`.
pub fn release_fields() -> Fields {
    Fields::from(vec![
        Field::new("labels", DataType::List(string_item()), false),
        Field::new("year", DataType::Int16, true),
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

fn col(
    name: &'static str,
    data_type: DataType,
    nullable: bool,
    description: &'static str,
    example: &'static str,
) -> Column {
    Column {
        name,
        data_type,
        nullable,
        description,
        example,
    }
}

/// Every column, in order.
pub static COLUMNS: LazyLock<Vec<Column>> = LazyLock::new(|| {
    use DataType::*;
    vec![
        col("id", Utf8, false, "Stable ASCII slug of the composer credit and title; unique. The same entry parsed from different markup gets the same id.", "bebe-and-louis-barron-forbidden-planet"),
        col("part", Int32, false, "Which part of the feature the entry is in (1 for Part One, 2 for Part Two …), read from the article title.", "1"),
        col("position", Int32, false, "1-based order of the entry within its part, honourable mentions included.", "4"),
        col("section", Utf8, false, "`main` for the list proper, `honourable_mention` for the mentions before it.", "main"),
        col("heading", Utf8, false, "The entry heading as printed (entities decoded, NFC, whitespace collapsed).", "Bebe and Louis Barron ~ Forbidden Planet (1956; soundtrack: Planet Records, 1976)"),
        col("composer", Utf8, true, "The credit as printed before ` ~ `; null when the heading has none.", "Bebe and Louis Barron"),
        col("composers", List(string_item()), false, "The individuals in the credit.", "[\"Bebe Barron\", \"Louis Barron\"]"),
        col("title", Utf8, false, "The title as printed, without the `[…]` part.", "Forbidden Planet"),
        col("alt_title", Utf8, true, "The `[…]` text after the title, if any.", "Music for The Last Temptation Of Christ"),
        col("film_title", Utf8, false, "The film or show scored: X from `[Music for (the Film) X]`, otherwise the title.", "The Last Temptation Of Christ"),
        col("film_year", Int16, true, "The film's year, only where the heading states it apart from the release.", "1956"),
        col("release_year", Int16, true, "Year of the first listed release.", "1976"),
        col("labels", List(string_item()), false, "Distinct labels across all releases, in order.", "[\"Nonesuch\", \"Warners\"]"),
        col("releases", List(release_item()), false, "One struct per release: its labels, year and edition (null when the heading names none).", "[{\"labels\": [\"Island Records\"], \"year\": 1983, \"edition\": null}, {\"labels\": [\"Orange Mountain Music\"], \"year\": 2009, \"edition\": \"Full version\"}]"),
        col("reviewer", Utf8, true, "The write-up's trailing `(Name)` attribution; null where there is none.", "Jeremy Bye"),
        col("review", Utf8, false, "The write-up without the attribution; paragraphs joined by a blank line.", "Sci-fi has always been fertile ground for avant-gardism, …"),
        col("source_url", Utf8, false, "The article's canonical URL.", "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/"),
    ]
});

/// Every column of `releases.parquet`, in order: one row per entry × release × label.
pub static RELEASE_COLUMNS: LazyLock<Vec<Column>> = LazyLock::new(|| {
    use DataType::*;
    vec![
        col("id", Utf8, false, "The entry's `id` in `soundtracks`; the key to join on.", "jon-brion-punch-drunk-love"),
        col("part", Int32, false, "The entry's part, as in `soundtracks`.", "1"),
        col("position", Int32, false, "The entry's position within its part, as in `soundtracks`.", "7"),
        col("composer", Utf8, true, "The entry's composer credit, as in `soundtracks`.", "Jon Brion"),
        col("title", Utf8, false, "The entry's title, as in `soundtracks`.", "Punch-Drunk Love"),
        col("label", Utf8, true, "One label of the release; null only for a release that names none.", "Nonesuch"),
        col("year", Int16, true, "The release's year.", "2002"),
        col("edition", Utf8, true, "The release's edition (`Full version`, `Symphonic Suite`); null when the heading names none.", "Full version"),
        col("release_index", Int32, false, "1-based order of the release within the entry's `releases`.", "1"),
    ]
});

/// One table of the dataset: the files it is written to and its columns.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    /// The files holding this table, in the order they are described.
    pub files: &'static [&'static str],
    pub description: &'static str,
    pub columns: &'static LazyLock<Vec<Column>>,
}

impl Table {
    /// The table's columns as an Arrow schema.
    pub fn arrow_schema(&self) -> SchemaRef {
        Arc::new(Schema::new(
            self.columns
                .iter()
                .map(|c| Field::new(c.name, c.data_type.clone(), c.nullable))
                .collect::<Vec<_>>(),
        ))
    }
}

/// One row per list entry.
pub static SOUNDTRACKS: Table = Table {
    name: "soundtracks",
    // JSON first: the Data Package resource named `soundtracks` (the foreign key's target)
    // must be one frictionless can read row by row; see src/write/datapackage.rs.
    files: &[
        "soundtracks.json",
        "soundtracks.jsonl",
        "soundtracks.csv",
        "soundtracks.parquet",
    ],
    description: "One row per list entry.",
    columns: &COLUMNS,
};

/// One row per entry × release × label.
pub static RELEASES: Table = Table {
    name: "releases",
    files: &["releases.parquet"],
    description: "One row per entry × release × label: the `releases` column unnested, ready to join back to `soundtracks` on `id`.",
    columns: &RELEASE_COLUMNS,
};

/// Every table, in the order they are documented.
pub static TABLES: [&Table; 2] = [&SOUNDTRACKS, &RELEASES];

/// The Arrow schema of `soundtracks.parquet`.
pub fn arrow_schema() -> SchemaRef {
    SOUNDTRACKS.arrow_schema()
}

/// The Arrow schema of `releases.parquet`.
pub fn releases_arrow_schema() -> SchemaRef {
    RELEASES.arrow_schema()
}

/// A short type name for documentation: `list<struct<labels: list<string>, …>>`.
pub fn type_name(dt: &DataType) -> String {
    match dt {
        DataType::Utf8 => "string".into(),
        DataType::Int16 => "int16".into(),
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
/// sentence, and a table of columns (pasted into the README; `tests/readme.rs` keeps them equal).
pub fn markdown_dictionary() -> String {
    let mut out = String::new();
    for (i, table) in TABLES.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let files: Vec<String> = table.files.iter().map(|f| format!("`{f}`")).collect();
        out.push_str(&format!(
            "### `{}` ({})\n\n{}\n\n",
            table.name,
            files.join(", "),
            table.description
        ));
        out.push_str("| column | type | null | meaning | example |\n|---|---|---|---|---|\n");
        for c in table.columns.iter() {
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

    #[test]
    fn type_names() {
        let names: Vec<String> = COLUMNS.iter().map(|c| type_name(&c.data_type)).collect();
        assert_eq!(names[0], "string");
        assert_eq!(names[6], "list<string>");
        assert_eq!(
            names[13],
            "list<struct<labels: list<string>, year: int16, edition: string>>"
        );
    }

    #[test]
    fn row_fields_match_columns() {
        // serde's field order for Row is the JSON key order; it must equal the column list.
        let row = crate::model::testing::row("a");
        let value = serde_json::to_value(&row).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(keys, names);
    }
}
