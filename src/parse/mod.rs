//! Pure parsing: bytes → UTF-8 text ([`decode`]), HTML → the article's head fields and raw
//! entries ([`page`]: the page is read by the tokenizer of our own in `fast` when its
//! markup allows, else in one pass through html5ever by `sink`, else over the whole tree in
//! `tree`; the first two drive the same walk, which asks `select` what each element matches,
//! flattens the body in `flatten` and reads entries from the lines in `entries`), a heading
//! → composer, title and releases ([`heading`]), part numbers ([`part`]), and text cleaning
//! and the one slug ([`text`]). No I/O.

pub mod decode;
mod entries;
mod fast;
mod flatten;
mod grammar;
pub mod heading;
pub mod page;
pub mod part;
mod scan;
mod select;
mod sink;
pub mod text;
mod tokens;
mod tree;
