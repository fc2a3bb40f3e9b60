//! Fuzz target: any bytes through the sitemap and feed reader as `refresh` runs it (gzip
//! sniffing, the decompression cap, the XML parser), then through the discovery filters.
//! No panic allowed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use url::Url;
use soundtracks::refresh::discover;
use soundtracks::refresh::xml::{read, Item};

fuzz_target!(|data: &[u8]| {
    let base = Url::parse(
        "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/",
    )
    .expect("static URL");
    let stem = discover::series_stem(&base);
    let mut items = Vec::new();
    let _ = read(data, 1 << 20, |item| items.push(item));
    for item in &items {
        if let Item::Page { loc, .. } | Item::Sitemap { loc, .. } = item {
            let _ = discover::sitemap_page(&base, &stem, loc);
        }
    }
    let _ = discover::feed_posts(&items, &base, &base, &stem);
});
