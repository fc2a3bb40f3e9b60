//! Fuzz target: any bytes through the enrichment readers of Wikidata's and MusicBrainz's
//! JSON (issue 21): the error readers, the search readers and the entity and release-group
//! readers, then the matcher on whatever they read. No panic allowed; proptest runs the
//! readers on the same kind of input in `tests/enrich_readers.rs`.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use soundtracks::enrich::matching::{self, Classes};
use soundtracks::enrich::{musicbrainz, wikidata, RowQuery};

fuzz_target!(|data: &[u8]| {
    let _ = wikidata::api_error(data);
    let _ = wikidata::read_search(data);
    let _ = wikidata::read_cirrus(data);
    let _ = musicbrainz::api_error(data);
    let row = RowQuery {
        id: "fuzz".into(),
        title: String::from_utf8_lossy(data).into_owned(),
        alt_title: None,
        film_title: String::from_utf8_lossy(data).into_owned(),
        composers: vec!["Fuzz Composer".into()],
        film_year: None,
        release_year: Some(2000),
    };
    if let Ok(items) = wikidata::read_entities(data) {
        let mut classes = Classes::new();
        for item in &items {
            classes.learn(item);
        }
        let _ = classes.unknown(&items);
        let people: BTreeMap<String, _> = items.iter().map(|i| (i.id.clone(), i.clone())).collect();
        let film = matching::decide_film(&row, &items, &classes, &people);
        let _ = matching::notes(&row, &film);
    }
    let film = matching::decide_film(&row, &[], &Classes::new(), &BTreeMap::new());
    if let Ok(groups) = musicbrainz::read_search(data) {
        let _ = matching::decide_release_group(&row, &film, &groups, false);
    }
    if let Ok(group) = musicbrainz::read_lookup(data) {
        let _ = matching::decide_release_group(&row, &film, &[group], true);
    }
    let _ = matching::search_texts(&row);
    let _ = matching::is_compilation(&row);
});
