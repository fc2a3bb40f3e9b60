//! Content hashes: the one SHA-256 helper, for saved pages (sidecars, the manifest) and
//! for output files alike, and `HashingWriter`, which hashes and counts an output file
//! on its way to disk so the manifest can list it without holding it or reading it back.

use std::io::{self, Write};

use sha2::{Digest, Sha256};

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex, two digits a byte: the one spelling of a digest, whether it was taken
/// of bytes in memory or of a stream.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Passes everything written to it on to `inner`, and hashes and counts what `inner`
/// accepted, so [`finish`](Self::finish) gives the same size and [`sha256_hex`] as the
/// bytes that were written.
///
/// It also keeps the first I/O error of `inner`: an encoder that fails to write reports
/// that as its own error, and [`take_error`](Self::take_error) lets the caller report a
/// full disk as a write failure rather than as a bug in the encoder.
pub(crate) struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
    error: Option<io::Error>,
}

impl<W> HashingWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            error: None,
        }
    }

    /// The first I/O error `inner` returned, if any.
    pub(crate) fn take_error(&mut self) -> Option<io::Error> {
        self.error.take()
    }

    /// `inner` back, with the number of bytes written and their hex SHA-256. Buffers of
    /// `inner` are not flushed here: flush first.
    pub(crate) fn finish(self) -> (W, u64, String) {
        (self.inner, self.bytes, hex(&self.hasher.finalize()))
    }

    /// Keeps `e` (the first one only) and hands the encoder a copy to fail with.
    fn keep(&mut self, e: io::Error) -> io::Error {
        // Interrupted is retried by the caller (`write_all`), so it is not a failure.
        if e.kind() == io::ErrorKind::Interrupted {
            return e;
        }
        let copy = io::Error::new(e.kind(), e.to_string());
        self.error.get_or_insert(e);
        copy
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.inner.write(buf) {
            Ok(n) => {
                self.hasher.update(&buf[..n]);
                self.bytes += n as u64;
                Ok(n)
            }
            Err(e) => Err(self.keep(e)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.keep(e))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn streamed_digest_equals_the_digest_of_the_bytes() {
        let mut out = HashingWriter::new(Vec::new());
        for piece in [&b"a"[..], b"", b"bc", &[0u8; 200_000]] {
            out.write_all(piece).unwrap();
        }
        out.flush().unwrap();
        let (bytes, len, sha256) = out.finish();
        assert_eq!(len, bytes.len() as u64);
        assert_eq!(sha256, sha256_hex(&bytes));
    }

    /// A sink that takes two bytes a call and then fails, like a disk filling up.
    struct Full(usize);

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            let n = buf.len().min(2).min(self.0);
            self.0 -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn counts_what_the_inner_writer_took_and_keeps_its_error() {
        let mut out = HashingWriter::new(Full(3));
        let e = out.write_all(b"abcdef").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert_eq!(out.take_error().unwrap().kind(), io::ErrorKind::StorageFull);
        assert!(out.take_error().is_none());
        let (_, len, sha256) = out.finish();
        assert_eq!((len, sha256), (3, sha256_hex(b"abc")));
    }
}
