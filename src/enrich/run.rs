//! The enrichment job behind `soundtracks enrich` and `refresh`: for each row without a
//! current decision, ask Wikidata and MusicBrainz (cache first), decide, record, and
//! rebuild the output (issue 21, filled on the run branch).
