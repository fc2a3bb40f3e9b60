//! Pure parsing: bytes → UTF-8 text ([`decode`]), HTML → the article's head fields and raw
//! entries ([`page`]: the page is read in one pass by `sink`, which asks `select` what each
//! element matches, falls back to walking the whole tree in `tree`, flattens the body in
//! `flatten` and reads entries from the lines in `entries`), a heading → composer, title and releases ([`heading`]), part
//! numbers ([`part`]), and text cleaning and the one slug ([`text`]). No I/O.

pub mod decode;
mod entries;
mod flatten;
mod grammar;
pub mod heading;
pub mod page;
pub mod part;
mod scan;
mod select;
mod sink;
pub mod text;
mod tree;
