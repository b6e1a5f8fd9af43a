//! Finding input documents (files, directories, stdin) and reading them safely.

use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use sha2::{Digest, Sha256};

/// Where a document comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
}

/// One input document: its id (the path as given) and where to read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub id: String,
    pub source: Source,
}

/// Why an input could not be read; each message names the input.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{id}: no such file or directory")]
    NotFound { id: String },
    #[error("{id}: {message}")]
    Unreadable { id: String, message: String },
    #[error("{id}: binary file (NUL byte at offset {offset}), skipped")]
    Binary { id: String, offset: usize },
    #[error("{id}: invalid UTF-8 at byte {offset} (convert the file to UTF-8, or pass --lossy to replace bad bytes)")]
    InvalidUtf8 { id: String, offset: usize },
    #[error("{id}: empty document")]
    Empty { id: String },
    #[error("{id}: {size} bytes is over the limit of {limit} bytes (raise it with --max-size)")]
    TooLarge { id: String, size: u64, limit: u64 },
}

impl InputError {
    /// The id of the input the error is about.
    pub fn id(&self) -> &str {
        match self {
            InputError::NotFound { id }
            | InputError::Unreadable { id, .. }
            | InputError::Binary { id, .. }
            | InputError::InvalidUtf8 { id, .. }
            | InputError::Empty { id }
            | InputError::TooLarge { id, .. } => id,
        }
    }
}

/// A document's text, read and checked, with the SHA-256 of its bytes.
#[derive(Debug)]
pub struct Loaded {
    pub text: String,
    pub sha256: String,
    /// True when invalid UTF-8 was replaced (only with `lossy`).
    pub replaced: bool,
}

/// How inputs are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Largest document accepted, in bytes.
    pub max_size: u64,
    /// Replace invalid UTF-8 with U+FFFD instead of rejecting the document.
    pub lossy: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_size: 16 * 1024 * 1024,
            lossy: false,
        }
    }
}

/// Build a glob matcher for file names found while walking directories.
pub fn glob_set(patterns: &[String]) -> anyhow::Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| anyhow::anyhow!("bad --glob {p:?}: {e}"))?);
    }
    Ok(b.build()?)
}

/// Expand the command-line paths into inputs, in order; directories are walked recursively and
/// sorted by name, keeping the files whose name matches `glob`. Unreadable entries come back as errors.
pub fn collect(paths: &[String], glob: &GlobSet) -> Vec<Result<Input, InputError>> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(Ok(Input {
                id: "-".to_string(),
                source: Source::Stdin,
            }));
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.push(Err(InputError::NotFound { id: p.clone() }))
            }
            Err(e) => out.push(Err(InputError::Unreadable {
                id: p.clone(),
                message: e.to_string(),
            })),
            Ok(m) if m.is_dir() => walk(path, glob, &mut out),
            Ok(_) => out.push(Ok(Input {
                id: p.clone(),
                source: Source::File(path.to_path_buf()),
            })),
        }
    }
    out
}

fn walk(root: &Path, glob: &GlobSet, out: &mut Vec<Result<Input, InputError>>) {
    let matches = |path: &Path| path.file_name().is_some_and(|n| glob.is_match(n));
    for entry in walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() && matches(e.path()) => {
                let id = e.path().display().to_string();
                out.push(Ok(Input {
                    id,
                    source: Source::File(e.path().to_path_buf()),
                }));
            }
            Ok(_) => {}
            Err(err) => {
                let Some(path) = err.path() else { continue };
                let id = path.display().to_string();
                let broken_link = std::fs::symlink_metadata(path).is_ok() && std::fs::metadata(path).is_err();
                if broken_link && matches(path) {
                    out.push(Err(InputError::Unreadable {
                        id,
                        message: "broken symbolic link (its target does not exist)".to_string(),
                    }));
                } else if !broken_link {
                    let message = err.io_error().map_or_else(|| err.to_string(), |e| e.to_string());
                    out.push(Err(InputError::Unreadable { id, message }));
                }
            }
        }
    }
}

/// Read and check one input: size limit, binary content, UTF-8, emptiness.
pub fn read(input: &Input, opts: &ReadOptions) -> Result<Loaded, InputError> {
    let id = input.id.clone();
    let unreadable = |e: std::io::Error| InputError::Unreadable {
        id: id.clone(),
        message: e.to_string(),
    };
    let mut bytes = Vec::new();
    match &input.source {
        Source::Stdin => {
            std::io::stdin()
                .lock()
                .take(opts.max_size + 1)
                .read_to_end(&mut bytes)
                .map_err(unreadable)?;
        }
        Source::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => InputError::NotFound { id: id.clone() },
                _ => unreadable(e),
            })?;
            let size = file.metadata().map_err(unreadable)?.len();
            if size > opts.max_size {
                return Err(InputError::TooLarge {
                    id,
                    size,
                    limit: opts.max_size,
                });
            }
            file.take(opts.max_size + 1)
                .read_to_end(&mut bytes)
                .map_err(unreadable)?;
        }
    }
    decode(&input.id, bytes, opts)
}

/// Check and decode a document's bytes.
pub fn decode(id: &str, bytes: Vec<u8>, opts: &ReadOptions) -> Result<Loaded, InputError> {
    let id = id.to_string();
    if bytes.len() as u64 > opts.max_size {
        return Err(InputError::TooLarge {
            id,
            size: bytes.len() as u64,
            limit: opts.max_size,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::Binary { id, offset });
    }
    let sha256 = hex(&Sha256::digest(&bytes));
    let (text, replaced) = match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) if opts.lossy => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        Err(e) => {
            return Err(InputError::InvalidUtf8 {
                id,
                offset: e.utf8_error().valid_up_to(),
            })
        }
    };
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(InputError::Empty { id });
    }
    Ok(Loaded {
        text,
        sha256,
        replaced,
    })
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Parse a size such as `16M`, `500K`, `1G` or `1048576` into bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, mult) = match s.char_indices().last() {
        Some((i, c)) if c.eq_ignore_ascii_case(&'k') => (&s[..i], 1u64 << 10),
        Some((i, c)) if c.eq_ignore_ascii_case(&'m') => (&s[..i], 1 << 20),
        Some((i, c)) if c.eq_ignore_ascii_case(&'g') => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("not a size: {s:?} (examples: 16M, 500K, 1048576)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_bad_bytes_with_named_errors() {
        let opts = ReadOptions::default();
        let e = decode("a.txt", b"ok\x00no".to_vec(), &opts).unwrap_err();
        assert!(matches!(e, InputError::Binary { offset: 2, .. }));
        assert!(e.to_string().starts_with("a.txt: binary file"));
        let e = decode("b.txt", b"caf\xe9 au lait".to_vec(), &opts).unwrap_err();
        assert!(matches!(e, InputError::InvalidUtf8 { offset: 3, .. }));
        assert!(e.to_string().contains("b.txt"));
        let e = decode("c.txt", b" \n\t ".to_vec(), &opts).unwrap_err();
        assert!(matches!(e, InputError::Empty { .. }));
    }

    #[test]
    fn lossy_decode_replaces_and_flags() {
        let opts = ReadOptions {
            lossy: true,
            ..ReadOptions::default()
        };
        let l = decode("b.txt", b"caf\xe9 au lait".to_vec(), &opts).unwrap();
        assert_eq!(l.text, "caf\u{fffd} au lait");
        assert!(l.replaced);
    }

    #[test]
    fn sha256_is_of_the_bytes() {
        let l = decode("x", b"abc".to_vec(), &ReadOptions::default()).unwrap();
        assert_eq!(
            l.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("500k"), Ok(500 << 10));
        assert_eq!(parse_size("123"), Ok(123));
        assert!(parse_size("lots").is_err());
    }
}
