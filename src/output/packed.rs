//! Files as the preview server keeps them in memory: deflated, or only
//! their fingerprint.

use super::Emit;
use std::io;
use std::path::Path;
use std::sync::Mutex;

/// What identifies a file's bytes: their length and BLAKE3 hash. The
/// preview server compares builds by it, and keeps nothing more of the
/// pages it renders again when asked for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fingerprint {
    len: usize,
    hash: blake3::Hash,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint { len: bytes.len(), hash: blake3::hash(bytes) }
    }

    /// The length of the file's bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A file kept in memory deflated, as the preview server keeps the files
/// it does not render again on request: pages and data shrink about 3.9
/// times. Two packed files are equal when their bytes are: the deflated
/// form depends on how the bytes came in, so they are compared by their
/// [`Fingerprint`], taken on the way in.
#[derive(Clone)]
pub struct Packed {
    deflated: Vec<u8>,
    fingerprint: Fingerprint,
}

impl PartialEq for Packed {
    fn eq(&self, other: &Packed) -> bool {
        self.fingerprint == other.fingerprint
    }
}

impl Eq for Packed {}

impl Packed {
    pub fn new(bytes: &[u8]) -> Packed {
        Packed::written(bytes.len() / 3 + 64, &mut |w| w.write_all(bytes)).expect("writing to memory cannot fail")
    }

    /// The file that `write` writes, packed as it comes. `capacity` is a
    /// guess of the packed length.
    pub fn written(capacity: usize, write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) -> io::Result<Packed> {
        /// Counts and hashes the bytes on their way into the encoder.
        struct Counted<W> {
            inner: W,
            len: usize,
            hasher: blake3::Hasher,
        }
        impl<W: io::Write> io::Write for Counted<W> {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                let n = self.inner.write(buf)?;
                self.len += n;
                self.hasher.update(&buf[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> io::Result<()> {
                self.inner.flush()
            }
        }
        // Level 1 is zlib-rs's quick strategy: at 10,000 cases it left the
        // files at 636 MB; level 2 packs them into 476 MB in about the same
        // time, and level 6 into 428 MB but 40 % slower.
        let encoder = flate2::write::DeflateEncoder::new(Vec::with_capacity(capacity), flate2::Compression::new(2));
        let mut counted = Counted { inner: encoder, len: 0, hasher: blake3::Hasher::new() };
        write(&mut counted)?;
        let mut deflated = counted.inner.finish()?;
        deflated.shrink_to_fit();
        Ok(Packed { deflated, fingerprint: Fingerprint { len: counted.len, hash: counted.hasher.finalize() } })
    }

    /// The file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        use std::io::Read as _;
        let mut bytes = Vec::with_capacity(self.fingerprint.len);
        flate2::read::DeflateDecoder::new(self.deflated.as_slice())
            .read_to_end(&mut bytes)
            .expect("inflating what was deflated in memory cannot fail");
        bytes
    }

    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// What it takes in memory.
    pub fn packed_len(&self) -> usize {
        self.deflated.len()
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes in {})", self.fingerprint.len, self.deflated.len())
    }
}

/// Collects files in memory, packed as they come, for the preview server.
#[derive(Default)]
pub struct PackedMemory {
    pub files: Mutex<Vec<(String, Packed)>>,
}

impl Emit for PackedMemory {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        let packed = Packed::new(&bytes);
        drop(bytes);
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push((path, packed));
        Ok(())
    }
    fn copy(&self, path: String, source: &Path) -> io::Result<()> {
        let bytes = std::fs::read(source)?;
        self.put(path, bytes)
    }
}
