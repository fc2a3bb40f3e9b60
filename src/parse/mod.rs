//! Pure parsing: bytes → UTF-8 text ([`decode`]), HTML → the article's head fields and raw
//! entries ([`page`]: scraper's tree, the body flattened into lines in `flatten`, entries
//! read from the lines in `entries`), a heading → composer, title and releases
//! ([`heading`]), part numbers ([`part`]), and text cleaning and the one slug ([`text`]).
//! No I/O.

pub mod decode;
mod entries;
mod flatten;
mod grammar;
pub mod heading;
pub mod page;
pub mod part;
pub mod text;
