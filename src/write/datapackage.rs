//! `datapackage.json`: a Frictionless Data Package describing every other output file — for
//! each, its format and media type and, for the tables, every field with its type,
//! description, example and whether it may be null, and the tables' keys (`soundtracks.id`,
//! and `releases.id` referring to it). Derived from the files, tables and columns of
//! [`crate::schema`] that the writers derive from too, so it cannot drift from them; only the
//! prose of the package and of the manifest resource is written here.
//!
//! Which resources are tabular (validated row by row by `frictionless validate`) and which are
//! plain files: frictionless reads Parquet through pyarrow → pandas, which turns list columns
//! into numpy arrays its type detection cannot handle, so `soundtracks.parquet` (lists and a
//! list of structs) is described as a file resource (`type: file`): format, media type and its
//! schema for readers, but frictionless only checks that the file is there. The same rows are
//! validated through the JSON, JSON Lines and CSV resources. `release_labels.parquet` is flat, so it
//! is a tabular resource, and frictionless checks its foreign key into `soundtracks`.

use arrow_schema::DataType;
use serde::Serialize;

use super::{csv, Sink};
use crate::about;
use crate::error::Result;
use crate::model::Dataset;
use crate::schema::{ColumnDoc, Contents, File, Format, Table, FILES, TABLES};

#[derive(Serialize)]
struct Package<'a> {
    profile: &'static str,
    name: &'static str,
    title: &'static str,
    description: String,
    licenses: Vec<License>,
    sources: Vec<Source<'a>>,
    contributors: Vec<Contributor>,
    resources: Vec<Resource>,
}

#[derive(Serialize)]
struct Source<'a> {
    title: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct License {
    name: &'static str,
    path: &'static str,
    title: &'static str,
}

#[derive(Serialize)]
struct Contributor {
    title: String,
    role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

#[derive(Serialize)]
struct Resource {
    name: String,
    /// frictionless's resource kind: `table` is read and validated row by row, `file` and
    /// `json` only checked to be there and well-formed.
    #[serde(rename = "type")]
    kind: &'static str,
    /// The Data Package v1 profile, for readers that do not know `type`.
    profile: &'static str,
    path: &'static str,
    title: String,
    description: String,
    format: &'static str,
    mediatype: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dialect: Option<Dialect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<TableSchema>,
}

/// The CSV dialect of `soundtracks.csv` (RFC 4180 with a header row), as its writer uses it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dialect {
    delimiter: char,
    line_terminator: &'static str,
    quote_char: char,
    double_quote: bool,
    header: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableSchema {
    fields: Vec<FieldDescriptor>,
    /// Which cell texts mean null: none in JSON (null is `null`, `""` is a value), the empty
    /// field in CSV.
    missing_values: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    primary_key: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    foreign_keys: Vec<ForeignKey>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FieldDescriptor {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    example: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    array_item: Option<ArrayItem>,
    constraints: Constraints,
}

#[derive(Serialize)]
struct ArrayItem {
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Constraints {
    required: bool,
    /// The regular expression every value matches in full (anchored by readers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<&'static str>,
}

#[derive(Serialize)]
struct ForeignKey {
    fields: Vec<&'static str>,
    reference: Reference,
}

#[derive(Serialize)]
struct Reference {
    resource: &'static str,
    fields: Vec<&'static str>,
}

/// The Table Schema type of an Arrow type, as the value appears in `format`: lists are
/// `array` and structs `object`, except in CSV, where every list is flattened to a string.
fn field_type(dt: &DataType, format: Format) -> &'static str {
    match dt {
        DataType::Int16 | DataType::Int32 | DataType::Int64 => "integer",
        DataType::List(_) | DataType::Struct(_) if format == Format::Csv => "string",
        DataType::List(_) => "array",
        DataType::Struct(_) => "object",
        _ => "string",
    }
}

fn field(column: &ColumnDoc, format: Format) -> FieldDescriptor {
    let flattening = match format {
        Format::Csv => csv::flattening(&column.data_type),
        _ => None,
    };
    let flattened = flattening.is_some();
    let array_item = match (&column.data_type, flattened) {
        (DataType::List(item), false) => Some(ArrayItem {
            kind: field_type(item.data_type(), format),
        }),
        _ => None,
    };
    let mut description = column.description.to_string();
    if let Some(note) = flattening {
        description.push(' ');
        description.push_str(&note);
    }
    FieldDescriptor {
        name: column.name,
        kind: field_type(&column.data_type, format),
        description,
        // A list's example is JSON text, which is not what a flattened CSV cell holds.
        example: (!flattened).then_some(column.example),
        array_item,
        // An empty list is an empty CSV field, which reads as null.
        constraints: Constraints {
            required: !column.nullable && !flattened,
            pattern: column.pattern,
        },
    }
}

fn table_schema(table: &Table, format: Format) -> TableSchema {
    let foreign_keys = table
        .foreign_key
        .iter()
        .map(|fk| ForeignKey {
            fields: vec![fk.column],
            reference: Reference {
                resource: fk.table.name,
                fields: fk.table.primary_key.to_vec(),
            },
        })
        .collect();
    TableSchema {
        fields: table.docs().iter().map(|c| field(c, format)).collect(),
        missing_values: if format == Format::Csv {
            vec![""]
        } else {
            vec![]
        },
        primary_key: table.primary_key.to_vec(),
        foreign_keys,
    }
}

/// The resources of one table, one per file in the order [`Table::files`] gives: the first is
/// named after the table, the others `<table>-<format>`.
fn table_resources(table: &Table) -> Vec<Resource> {
    let nested = table
        .docs()
        .iter()
        .any(|c| matches!(c.data_type, DataType::List(_) | DataType::Struct(_)));
    table
        .files()
        .into_iter()
        .enumerate()
        .map(|(i, file)| {
            let format = file.format;
            // See the module comment: frictionless cannot read nested Parquet columns.
            let tabular = !(format == Format::Parquet && nested);
            let name = if i == 0 {
                table.name.to_string()
            } else {
                format!("{}-{}", table.name, format.name())
            };
            Resource {
                name,
                kind: if tabular { "table" } else { "file" },
                profile: if tabular {
                    "tabular-data-resource"
                } else {
                    "data-resource"
                },
                path: file.name,
                title: format!("{} ({})", table.name, format.label()),
                description: table.description.to_string(),
                format: format.name(),
                mediatype: format.media_type(),
                encoding: format.is_text().then_some("utf-8"),
                dialect: (format == Format::Csv).then_some(Dialect {
                    delimiter: csv::DELIMITER,
                    line_terminator: csv::LINE_TERMINATOR,
                    quote_char: csv::QUOTE,
                    double_quote: true,
                    header: true,
                }),
                schema: Some(table_schema(table, format)),
            }
        })
        .collect()
}

/// The resource of the manifest: a JSON file, checked to be there and well-formed.
fn manifest_resource(file: &File) -> Resource {
    Resource {
        name: "manifest".into(),
        kind: "json",
        profile: "data-resource",
        path: file.name,
        title: "Build manifest".into(),
        description: "Provenance of the build: tool and schema version, how many rows are \
                      linked to Wikidata and MusicBrainz, every source article (url, part, \
                      title, published date, fetched_at, sha256, entry count), problems found, \
                      and the sha256 of every other output file."
            .into(),
        format: file.format.name(),
        mediatype: file.format.media_type(),
        encoding: file.format.is_text().then_some("utf-8"),
        dialect: None,
        schema: None,
    }
}

/// Renders the descriptor of every file of [`FILES`] but itself: the files of each table of
/// [`TABLES`], in table order, then the manifest, into `out`. `name` is its own file name,
/// for errors.
pub(crate) fn datapackage_json(dataset: &Dataset, name: &str, out: Sink<'_>) -> Result<()> {
    let mut resources: Vec<Resource> = TABLES.iter().flat_map(|t| table_resources(t)).collect();
    resources.extend(
        FILES
            .iter()
            .filter(|f| matches!(f.contents, Contents::Manifest))
            .map(manifest_resource),
    );
    let package = Package {
        profile: "data-package",
        name: "soundtracks",
        title: "The Best Film & TV Soundtracks of All Time (A Closer Listen)",
        description: format!(
            "One row per entry of A Closer Listen's feature \"The Best Film & TV Soundtracks \
             of All Time\": composer, title, film, releases with labels, years and editions, \
             reviewer and write-up. Built by the `soundtracks` tool from the saved article \
             pages. Covers {}. {}",
            about::coverage(dataset).summary,
            about::RIGHTS
        ),
        licenses: vec![License {
            name: about::LICENSE_ID,
            path: about::RIGHTS_URL,
            title: about::LICENSE_TITLE,
        }],
        sources: dataset
            .articles
            .iter()
            .map(|a| Source {
                title: &a.title,
                path: &a.url,
            })
            .collect(),
        contributors: about::contributors(dataset)
            .into_iter()
            .map(|(title, role, path)| Contributor { title, role, path })
            .collect(),
        resources,
    };
    super::json::to_pretty(&package, name, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{DATAPACKAGE_JSON, SOUNDTRACKS_PARQUET};

    #[test]
    fn every_output_is_a_resource_and_keys_are_declared() {
        let dataset = crate::write::parquet::tests::dataset();
        let files = crate::write::render_all(&dataset).unwrap();
        let package = files.iter().find(|f| f.name == DATAPACKAGE_JSON).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&package.bytes).unwrap();
        let resources = value["resources"].as_array().unwrap();
        let paths: Vec<&str> = resources
            .iter()
            .map(|r| r["path"].as_str().unwrap())
            .collect();
        for file in &files {
            if file.name != DATAPACKAGE_JSON {
                assert!(paths.contains(&file.name), "{} not in {paths:?}", file.name);
            }
        }
        let soundtracks = &resources[0];
        assert_eq!(soundtracks["name"], "soundtracks");
        assert_eq!(soundtracks["type"], "table");
        assert_eq!(
            soundtracks["schema"]["primaryKey"],
            serde_json::json!(["id"])
        );
        let releases = resources
            .iter()
            .find(|r| r["name"] == "release_labels")
            .unwrap();
        assert_eq!(
            releases["schema"]["primaryKey"],
            serde_json::json!(["id", "release_index", "label_index"])
        );
        assert_eq!(
            releases["schema"]["foreignKeys"][0]["reference"],
            serde_json::json!({"resource": "soundtracks", "fields": ["id"]})
        );
        let parquet = resources
            .iter()
            .find(|r| r["path"] == SOUNDTRACKS_PARQUET)
            .unwrap();
        assert_eq!(parquet["type"], "file");
    }

    #[test]
    fn field_types_per_format() {
        let cases = [
            (DataType::Int16, Format::Json, "integer"),
            (DataType::Int32, Format::Csv, "integer"),
            (DataType::Utf8, Format::Jsonl, "string"),
            (
                DataType::List(crate::schema::string_item()),
                Format::Json,
                "array",
            ),
            (
                DataType::List(crate::schema::string_item()),
                Format::Csv,
                "string",
            ),
            (
                DataType::Struct(crate::schema::release_fields()),
                Format::Json,
                "object",
            ),
        ];
        for (dt, format, want) in cases {
            assert_eq!(field_type(&dt, format), want, "{dt:?} in {format:?}");
        }
    }
}
