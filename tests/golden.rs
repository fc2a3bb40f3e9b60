//! Golden test of Part One: every column of its 27 rows, against values written out here,
//! and every write-up against the article's reference text. Other parts may sit beside it in
//! `fixtures/`; only Part One's rows are compared (dataset-wide checks: `tests/parts.rs`).

use std::path::PathBuf;

use soundtracks::build::{collect, BuildOptions};
use soundtracks::model::{FilmYearSource, Row};

const URL: &str =
    "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";

type ReleaseSpec = (&'static [&'static str], Option<i32>, Option<&'static str>);

/// One expected row. The review is checked by its first and last words here, and in full
/// against the reference text in `reviews_match_the_reference_text`.
struct E {
    id: &'static str,
    position: i32,
    section: &'static str,
    heading: &'static str,
    composer: Option<&'static str>,
    composers: &'static [&'static str],
    title: &'static str,
    alt_title: Option<&'static str>,
    film_title: &'static str,
    film_year: Option<i32>,
    release_year: Option<i32>,
    labels: &'static [&'static str],
    releases: &'static [ReleaseSpec],
    reviewer: Option<&'static str>,
    review_starts: &'static str,
    review_ends: &'static str,
}

#[rustfmt::skip]
const EXPECTED: &[E] = &[
    E {
        id: "elton-john-tim-rice-hans-zimmer-the-lion-king",
        position: 1,
        section: "honourable_mention",
        heading: "Elton John, Tim Rice, Hans Zimmer ~ The Lion King (Walt Disney Records, 1994)",
        composer: Some("Elton John, Tim Rice, Hans Zimmer"),
        composers: &["Elton John", "Tim Rice", "Hans Zimmer"],
        title: "The Lion King",
        alt_title: None,
        film_title: "The Lion King",
        film_year: None,
        release_year: Some(1994),
        labels: &["Walt Disney Records"],
        releases: &[(&["Walt Disney Records"], Some(1994), None)],
        reviewer: None,
        review_starts: "If this existed as just",
        review_ends: "didn’t make the cut.",
    },
    E {
        id: "walt-disneys-fantasia",
        position: 2,
        section: "honourable_mention",
        heading: "Walt Disney’s Fantasia (Disneyland Records, 1940 / 1957 / 1982 / 1986)",
        composer: None,
        composers: &[],
        title: "Walt Disney’s Fantasia",
        alt_title: None,
        film_title: "Walt Disney’s Fantasia",
        film_year: None,
        release_year: Some(1940),
        labels: &["Disneyland Records"],
        releases: &[(&["Disneyland Records"], Some(1940), None), (&["Disneyland Records"], Some(1957), None), (&["Disneyland Records"], Some(1982), None), (&["Disneyland Records"], Some(1986), None)],
        reviewer: None,
        review_starts: "As pure cinema – an",
        review_ends: "than the abridged versions.",
    },
    E {
        id: "angelo-badalamenti-twin-peaks",
        position: 3,
        section: "main",
        heading: "Angelo Badalamenti ~ Twin Peaks (Warner Bros, 1990)",
        composer: Some("Angelo Badalamenti"),
        composers: &["Angelo Badalamenti"],
        title: "Twin Peaks",
        alt_title: None,
        film_title: "Twin Peaks",
        film_year: None,
        release_year: Some(1990),
        labels: &["Warner Bros"],
        releases: &[(&["Warner Bros"], Some(1990), None)],
        reviewer: Some("Jeremy Bye"),
        review_starts: "“She’s dead. Wrapped in plastic.”",
        review_ends: "makes it more complete.",
    },
    E {
        id: "bebe-and-louis-barron-forbidden-planet",
        position: 4,
        section: "main",
        heading: "Bebe and Louis Barron ~ Forbidden Planet (1956; soundtrack: Planet Records, 1976)",
        composer: Some("Bebe and Louis Barron"),
        composers: &["Bebe Barron", "Louis Barron"],
        title: "Forbidden Planet",
        alt_title: None,
        film_title: "Forbidden Planet",
        film_year: Some(1956),
        release_year: Some(1976),
        labels: &["Planet Records"],
        releases: &[(&["Planet Records"], Some(1976), None)],
        reviewer: Some("David Murrieta Flores"),
        review_starts: "Sci-fi has always been fertile",
        review_ends: "a film can feel.",
    },
    E {
        id: "john-barry-walkabout",
        position: 5,
        section: "main",
        heading: "John Barry ~ Walkabout (1971; soundtrack: The Roundtable, 2016)",
        composer: Some("John Barry"),
        composers: &["John Barry"],
        title: "Walkabout",
        alt_title: None,
        film_title: "Walkabout",
        film_year: Some(1971),
        release_year: Some(2016),
        labels: &["The Roundtable"],
        releases: &[(&["The Roundtable"], Some(2016), None)],
        reviewer: Some("Jeremy Bye"),
        review_starts: "John Barry is best known",
        review_ends: "price of admission alone.",
    },
    E {
        id: "marco-beltrami-a-quiet-place",
        position: 6,
        section: "main",
        heading: "Marco Beltrami ~ A Quiet Place (Milan, 2018)",
        composer: Some("Marco Beltrami"),
        composers: &["Marco Beltrami"],
        title: "A Quiet Place",
        alt_title: None,
        film_title: "A Quiet Place",
        film_year: None,
        release_year: Some(2018),
        labels: &["Milan"],
        releases: &[(&["Milan"], Some(2018), None)],
        reviewer: Some("Richard Allen"),
        review_starts: "When composing the score to",
        review_ends: "cutting loose at once.",
    },
    E {
        id: "jon-brion-punch-drunk-love",
        position: 7,
        section: "main",
        heading: "Jon Brion ~ Punch-Drunk Love (Nonesuch / Warners, 2002)",
        composer: Some("Jon Brion"),
        composers: &["Jon Brion"],
        title: "Punch-Drunk Love",
        alt_title: None,
        film_title: "Punch-Drunk Love",
        film_year: None,
        release_year: Some(2002),
        labels: &["Nonesuch", "Warners"],
        releases: &[(&["Nonesuch", "Warners"], Some(2002), None)],
        reviewer: Some("Jeremy Bye"),
        review_starts: "Punch-Drunk Love was, until Uncut",
        review_ends: "that is simply sumptuous.",
    },
    E {
        id: "nicholas-britell-moonlight",
        position: 8,
        section: "main",
        heading: "Nicholas Britell ~ Moonlight (Lakeshore Records, 2016)",
        composer: Some("Nicholas Britell"),
        composers: &["Nicholas Britell"],
        title: "Moonlight",
        alt_title: None,
        film_title: "Moonlight",
        film_year: None,
        release_year: Some(2016),
        labels: &["Lakeshore Records"],
        releases: &[(&["Lakeshore Records"], Some(2016), None)],
        reviewer: Some("Garreth Brooke"),
        review_starts: "There are a great many",
        review_ends: "power of the movie.",
    },
    E {
        id: "wendy-carlos-tron",
        position: 9,
        section: "main",
        heading: "Wendy Carlos ~ Tron (CBS, 1982)",
        composer: Some("Wendy Carlos"),
        composers: &["Wendy Carlos"],
        title: "Tron",
        alt_title: None,
        film_title: "Tron",
        film_year: None,
        release_year: Some(1982),
        labels: &["CBS"],
        releases: &[(&["CBS"], Some(1982), None)],
        reviewer: Some("David Murrieta Flores"),
        review_starts: "The meeting between cutting-edge technology",
        review_ends: "ending all at once.",
    },
    E {
        id: "miles-davis-ascenseur-pour-lechafaud",
        position: 10,
        section: "main",
        heading: "Miles Davis ~ Ascenseur Pour L’Échafaud [Lift To The Scaffold] (Fontana, 1958)",
        composer: Some("Miles Davis"),
        composers: &["Miles Davis"],
        title: "Ascenseur Pour L’Échafaud",
        alt_title: Some("Lift To The Scaffold"),
        film_title: "Ascenseur Pour L’Échafaud",
        film_year: None,
        release_year: Some(1958),
        labels: &["Fontana"],
        releases: &[(&["Fontana"], Some(1958), None)],
        reviewer: Some("Jeremy Bye"),
        review_starts: "Louis Malle’s debut film is",
        review_ends: "an understated jazz quintet.",
    },
    E {
        id: "marius-de-vries-coda",
        position: 11,
        section: "main",
        heading: "Marius De Vries ~ CODA (Republic Records, 2022)",
        composer: Some("Marius De Vries"),
        composers: &["Marius De Vries"],
        title: "CODA",
        alt_title: None,
        film_title: "CODA",
        film_year: None,
        release_year: Some(2022),
        labels: &["Republic Records"],
        releases: &[(&["Republic Records"], Some(2022), None)],
        reviewer: Some("Garreth Brooke"),
        review_starts: "This film follows a similar",
        review_ends: "the power of music.",
    },
    E {
        id: "disasterpeace-it-follows",
        position: 12,
        section: "main",
        heading: "Disasterpeace ~ It Follows (Milan, 2015)",
        composer: Some("Disasterpeace"),
        composers: &["Disasterpeace"],
        title: "It Follows",
        alt_title: None,
        film_title: "It Follows",
        film_year: None,
        release_year: Some(2015),
        labels: &["Milan"],
        releases: &[(&["Milan"], Some(2015), None)],
        reviewer: Some("Richard Allen"),
        review_starts: "The music is propulsive because",
        review_ends: "when the music ends.",
    },
    E {
        id: "simon-fisher-turner-the-garden",
        position: 13,
        section: "main",
        heading: "Simon Fisher Turner ~ The Garden (Mute, 1990)",
        composer: Some("Simon Fisher Turner"),
        composers: &["Simon Fisher Turner"],
        title: "The Garden",
        alt_title: None,
        film_title: "The Garden",
        film_year: None,
        release_year: Some(1990),
        labels: &["Mute"],
        releases: &[(&["Mute"], Some(1990), None)],
        reviewer: Some("Jeremy Bye"),
        review_starts: "Derek Jarman worked with many",
        review_ends: "everything in the film.",
    },
    E {
        id: "peter-gabriel-passion",
        position: 14,
        section: "main",
        heading: "Peter Gabriel ~ Passion [Music for The Last Temptation Of Christ] (Real World, 1989)",
        composer: Some("Peter Gabriel"),
        composers: &["Peter Gabriel"],
        title: "Passion",
        alt_title: Some("Music for The Last Temptation Of Christ"),
        film_title: "The Last Temptation Of Christ",
        film_year: None,
        release_year: Some(1989),
        labels: &["Real World"],
        releases: &[(&["Real World"], Some(1989), None)],
        reviewer: Some("Richard Allen"),
        review_starts: "Passion epitomizes the idea that",
        review_ends: "close as humanly possible.",
    },
    E {
        id: "geinoh-yamashirogumi-akira",
        position: 15,
        section: "main",
        heading: "Geinoh Yamashirogumi ~ Akira (Victor, 1988 / Symphonic Suite: Invitation, 1990)",
        composer: Some("Geinoh Yamashirogumi"),
        composers: &["Geinoh Yamashirogumi"],
        title: "Akira",
        alt_title: None,
        film_title: "Akira",
        film_year: None,
        release_year: Some(1988),
        labels: &["Victor", "Invitation"],
        releases: &[(&["Victor"], Some(1988), None), (&["Invitation"], Some(1990), Some("Symphonic Suite"))],
        reviewer: Some("Jeremy Bye"),
        review_starts: "We didn’t get much preparation",
        review_ends: "is more widely available.",
    },
    E {
        id: "philip-glass-koyaanisqatsi",
        position: 16,
        section: "main",
        heading: "Philip Glass ~ Koyaanisqatsi (Island Records, 1983 / Full version: Orange Mountain Music, 2009)",
        composer: Some("Philip Glass"),
        composers: &["Philip Glass"],
        title: "Koyaanisqatsi",
        alt_title: None,
        film_title: "Koyaanisqatsi",
        film_year: None,
        release_year: Some(1983),
        labels: &["Island Records", "Orange Mountain Music"],
        releases: &[(&["Island Records"], Some(1983), None), (&["Orange Mountain Music"], Some(2009), Some("Full version"))],
        reviewer: Some("Jeremy Bye"),
        review_starts: "Philip Glass already had Music",
        review_ends: "the wider public consciousness.",
    },
    E {
        id: "jonny-greenwood-phantom-thread",
        position: 17,
        section: "main",
        heading: "Jonny Greenwood ~ Phantom Thread (Nonesuch, 2018)",
        composer: Some("Jonny Greenwood"),
        composers: &["Jonny Greenwood"],
        title: "Phantom Thread",
        alt_title: None,
        film_title: "Phantom Thread",
        film_year: None,
        release_year: Some(2018),
        labels: &["Nonesuch"],
        releases: &[(&["Nonesuch"], Some(2018), None)],
        reviewer: Some("Jeremy Bye"),
        review_starts: "There are no credits at",
        review_ends: "seamlessly with his own.",
    },
    E {
        id: "jonny-greenwood-there-will-be-blood",
        position: 18,
        section: "main",
        heading: "Jonny Greenwood ~ There Will Be Blood (Nonesuch, 2007)",
        composer: Some("Jonny Greenwood"),
        composers: &["Jonny Greenwood"],
        title: "There Will Be Blood",
        alt_title: None,
        film_title: "There Will Be Blood",
        film_year: None,
        release_year: Some(2007),
        labels: &["Nonesuch"],
        releases: &[(&["Nonesuch"], Some(2007), None)],
        reviewer: Some("Chris Redfearn-Murray"),
        review_starts: "Many soundtracks deserve to be",
        review_ends: "erupting at any moment.",
    },
    E {
        id: "hildur-gudnadottir-chernobyl",
        position: 19,
        section: "main",
        heading: "Hildur Guðnadóttir ~ Chernobyl (Deutsche Grammafon, 2019)",
        composer: Some("Hildur Guðnadóttir"),
        composers: &["Hildur Guðnadóttir"],
        title: "Chernobyl",
        alt_title: None,
        film_title: "Chernobyl",
        film_year: None,
        release_year: Some(2019),
        labels: &["Deutsche Grammafon"],
        releases: &[(&["Deutsche Grammafon"], Some(2019), None)],
        reviewer: Some("Jeremy Bye"),
        review_starts: "Chernobyl was a bravura piece",
        review_ends: "beyond the TV show.",
    },
    E {
        id: "joe-hisaishi-nausicaa-of-the-valley-of-the-wind",
        position: 20,
        section: "main",
        heading: "Joe Hisaishi ~ Nausicaä Of The Valley Of The Wind (Animage, 1984)",
        composer: Some("Joe Hisaishi"),
        composers: &["Joe Hisaishi"],
        title: "Nausicaä Of The Valley Of The Wind",
        alt_title: None,
        film_title: "Nausicaä Of The Valley Of The Wind",
        film_year: None,
        release_year: Some(1984),
        labels: &["Animage"],
        releases: &[(&["Animage"], Some(1984), None)],
        reviewer: Some("Garreth Brooke"),
        review_starts: "Although this isn’t technically a",
        review_ends: "This is essential Hisaishi.",
    },
    E {
        id: "joe-hisaishi-spirited-away",
        position: 21,
        section: "main",
        heading: "Joe Hisaishi ~ Spirited Away (Studio Ghibli / Milan, 2001)",
        composer: Some("Joe Hisaishi"),
        composers: &["Joe Hisaishi"],
        title: "Spirited Away",
        alt_title: None,
        film_title: "Spirited Away",
        film_year: None,
        release_year: Some(2001),
        labels: &["Studio Ghibli", "Milan"],
        releases: &[(&["Studio Ghibli", "Milan"], Some(2001), None)],
        reviewer: Some("Chris Redfearn-Murray"),
        review_starts: "Hisaishi strides hand in hand",
        review_ends: "adventure we never had.",
    },
    E {
        id: "eiko-ishibashi-drive-my-car",
        position: 22,
        section: "main",
        heading: "Eiko Ishibashi ~ Drive My Car (Newhere Music / Space Shower Music, 2021)",
        composer: Some("Eiko Ishibashi"),
        composers: &["Eiko Ishibashi"],
        title: "Drive My Car",
        alt_title: None,
        film_title: "Drive My Car",
        film_year: None,
        release_year: Some(2021),
        labels: &["Newhere Music", "Space Shower Music"],
        releases: &[(&["Newhere Music", "Space Shower Music"], Some(2021), None)],
        reviewer: Some("David Murrieta Flores"),
        review_starts: "As recent as this soundtrack",
        review_ends: "get to move on.",
    },
    E {
        id: "chu-ishikawa-tetsuo",
        position: 23,
        section: "main",
        heading: "Chu Ishikawa ~ Tetsuo (1989; soundtrack: Adisc, 1992)",
        composer: Some("Chu Ishikawa"),
        composers: &["Chu Ishikawa"],
        title: "Tetsuo",
        alt_title: None,
        film_title: "Tetsuo",
        film_year: Some(1989),
        release_year: Some(1992),
        labels: &["Adisc"],
        releases: &[(&["Adisc"], Some(1992), None)],
        reviewer: Some("David Murrieta Flores"),
        review_starts: "If there exists a “total",
        review_ends: "steel and copper wires.",
    },
    E {
        id: "johann-johannsson-and-in-the-endless-pause-there-came-the-sound-of-bees",
        position: 24,
        section: "main",
        heading: "Jóhann Jóhannsson ~ and in the endless pause there came the sound of bees [Music for the Film Varmints] (NTOV / Type / 12 Tónar, 2009)",
        composer: Some("Jóhann Jóhannsson"),
        composers: &["Jóhann Jóhannsson"],
        title: "and in the endless pause there came the sound of bees",
        alt_title: Some("Music for the Film Varmints"),
        film_title: "Varmints",
        film_year: None,
        release_year: Some(2009),
        labels: &["NTOV", "Type", "12 Tónar"],
        releases: &[(&["NTOV", "Type", "12 Tónar"], Some(2009), None)],
        reviewer: Some("Richard Allen"),
        review_starts: "Jóhann Jóhannsson composed over a",
        review_ends: "a time of elegy?",
    },
    E {
        id: "johann-johannsson-the-miners-hymns",
        position: 25,
        section: "main",
        heading: "Jóhann Jóhannsson ~ The Miners’ Hymns (130701 / 12 Tónar, 2011)",
        composer: Some("Jóhann Jóhannsson"),
        composers: &["Jóhann Jóhannsson"],
        title: "The Miners’ Hymns",
        alt_title: None,
        film_title: "The Miners’ Hymns",
        film_year: None,
        release_year: Some(2011),
        labels: &["130701", "12 Tónar"],
        releases: &[(&["130701", "12 Tónar"], Some(2011), None)],
        reviewer: Some("Richard Allen"),
        review_starts: "The 2011 documentary “The Miners’",
        review_ends: "Hope of the World.”",
    },
    E {
        id: "yoko-kanno-terror-in-resonance",
        position: 26,
        section: "main",
        heading: "Yoko Kanno ~ Terror In Resonance (Aniplex, 2014)",
        composer: Some("Yoko Kanno"),
        composers: &["Yoko Kanno"],
        title: "Terror In Resonance",
        alt_title: None,
        film_title: "Terror In Resonance",
        film_year: None,
        release_year: Some(2014),
        labels: &["Aniplex"],
        releases: &[(&["Aniplex"], Some(2014), None)],
        reviewer: Some("David Murrieta Flores"),
        review_starts: "Kanno’s long trajectory of adventurous",
        review_ends: "for us in real-time.",
    },
    E {
        id: "eleni-karaindro-music-for-films",
        position: 27,
        section: "main",
        heading: "Eleni Karaindro ~ Music For Films (ECM, 1991)",
        composer: Some("Eleni Karaindro"),
        composers: &["Eleni Karaindro"],
        title: "Music For Films",
        alt_title: None,
        film_title: "Music For Films",
        film_year: None,
        release_year: Some(1991),
        labels: &["ECM"],
        releases: &[(&["ECM"], Some(1991), None)],
        reviewer: Some("David Murrieta Flores"),
        review_starts: "A regular collaborator of filmmaker",
        review_ends: "landscape, wherever you’re from.",
    },
];

/// Part One's rows, built from the bundled fixtures (with whatever other parts are there).
fn part_one_rows() -> Vec<Row> {
    let ds = collect(&[PathBuf::from("fixtures")], &BuildOptions::default())
        .expect("the bundled fixtures build");
    assert!(ds.problems.is_empty(), "{:?}", ds.problems);
    ds.rows.into_iter().filter(|r| r.part == 1).collect()
}

#[test]
fn every_column_of_every_part_one_row() {
    let rows = part_one_rows();
    assert_eq!(rows.len(), EXPECTED.len());
    assert_eq!(EXPECTED.len(), 27, "Part One has 27 entries");
    for (row, e) in rows.iter().zip(EXPECTED) {
        let at = &e.id;
        assert_eq!(row.id, e.id);
        assert_eq!(row.part, 1, "{at}");
        assert_eq!(row.position, e.position, "{at}");
        assert_eq!(row.section.as_str(), e.section, "{at}");
        assert_eq!(row.heading, e.heading, "{at}");
        assert_eq!(row.composer.as_deref(), e.composer, "{at}");
        assert_eq!(row.composers, e.composers, "{at}");
        assert_eq!(row.title, e.title, "{at}");
        assert_eq!(row.alt_title.as_deref(), e.alt_title, "{at}");
        assert_eq!(row.film_title, e.film_title, "{at}");
        assert_eq!(row.film_year, e.film_year, "{at}");
        // Only the heading's year: no enrichment decisions are committed.
        let source = e.film_year.map(|_| FilmYearSource::Heading);
        assert_eq!(row.film_year_source, source, "{at}");
        let links = (&row.film_wikidata, &row.film_imdb, &row.release_group_mbid);
        assert_eq!(links, (&None, &None, &None), "{at}: no links are committed");
        assert_eq!(row.release_year, e.release_year, "{at}");
        assert_eq!(row.labels, e.labels, "{at}");
        let releases: Vec<(Vec<&str>, Option<i32>, Option<&str>)> = row
            .releases
            .iter()
            .map(|r| {
                (
                    r.labels.iter().map(String::as_str).collect(),
                    r.year,
                    r.edition.as_deref(),
                )
            })
            .collect();
        let expected: Vec<(Vec<&str>, Option<i32>, Option<&str>)> = e
            .releases
            .iter()
            .map(|(l, y, ed)| (l.to_vec(), *y, *ed))
            .collect();
        assert_eq!(releases, expected, "{at}");
        assert_eq!(row.reviewer.as_deref(), e.reviewer, "{at}");
        assert!(
            row.review.starts_with(e.review_starts),
            "{at}: {:?}",
            row.review
        );
        assert!(
            row.review.ends_with(e.review_ends),
            "{at}: {:?}",
            row.review
        );
        assert_eq!(row.source_url, URL, "{at}");
    }
}

/// Collapses whitespace (non-breaking spaces included) the simple way.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads each entry's write-up straight from the article text: the rest of the heading's
/// line, or the next line, less the `(Name)` at its end.
#[test]
fn reviews_match_the_reference_text() {
    let text = std::fs::read_to_string("fixtures/reference/part-one.txt").unwrap();
    let lines: Vec<String> = text.lines().map(collapse).collect();
    for row in part_one_rows() {
        let i = lines
            .iter()
            .position(|l| l.starts_with(&row.heading))
            .unwrap_or_else(|| panic!("heading of {} not in the reference text", row.id));
        let rest = lines[i][row.heading.len()..].trim_start_matches(['.', ' ']);
        let writeup = if rest.is_empty() {
            lines[i + 1].as_str()
        } else {
            rest
        };
        let (review, reviewer) = match row.reviewer.as_deref() {
            Some(name) => {
                let suffix = format!("({name})");
                assert!(writeup.ends_with(&suffix), "{}: {writeup:?}", row.id);
                (
                    writeup[..writeup.len() - suffix.len()].trim_end(),
                    Some(name),
                )
            }
            None => (writeup, None),
        };
        assert_eq!(row.review, review, "{}", row.id);
        assert_eq!(row.reviewer.as_deref(), reviewer);
    }
}

/// `year` is the film's year where the heading states it, else the release year: the three
/// Part One headings that state a film year group by it, the others by their release.
#[test]
fn year_columns_of_part_one() {
    use soundtracks::model::YearBasis;
    let rows: Vec<Row> = part_one_rows()
        .into_iter()
        .filter(|r| r.part == 1)
        .collect();
    let by_id = |id: &str| rows.iter().find(|r| r.id == id).unwrap();
    let planet = by_id("bebe-and-louis-barron-forbidden-planet");
    assert_eq!(
        (planet.year, planet.year_basis, planet.decade),
        (Some(1956), Some(YearBasis::Film), Some(1950))
    );
    assert_eq!(planet.release_year, Some(1976));
    let film_based: Vec<&str> = rows
        .iter()
        .filter(|r| r.year_basis == Some(YearBasis::Film))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(film_based.len(), 3, "{film_based:?}");
    for row in &rows {
        let want = row.film_year.or(row.release_year);
        assert_eq!(row.year, want, "{}", row.id);
        assert_eq!(row.decade, want.map(|y| y / 10 * 10), "{}", row.id);
    }
}
