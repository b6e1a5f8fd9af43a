//! The JSON-lines sink: stdout, or a file written beside its final name and moved into place.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::record::Record;

/// Writes one JSON record per line (or indented records with `pretty`).
pub struct JsonLines {
    out: Box<dyn Write>,
    /// (partial file, final file) when writing to a file.
    target: Option<(PathBuf, PathBuf)>,
    pretty: bool,
}

impl JsonLines {
    /// Write to `path` (via `path.partial`, renamed on `finish`), or to stdout when `None`.
    pub fn open(path: Option<&Path>, pretty: bool) -> anyhow::Result<JsonLines> {
        match path {
            None => Ok(JsonLines {
                out: Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
                target: None,
                pretty,
            }),
            Some(p) => {
                let mut partial = p.as_os_str().to_owned();
                partial.push(".partial");
                let partial = PathBuf::from(partial);
                let file = std::fs::File::create(&partial)
                    .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", partial.display()))?;
                Ok(JsonLines {
                    out: Box::new(std::io::BufWriter::new(file)),
                    target: Some((partial, p.to_path_buf())),
                    pretty,
                })
            }
        }
    }

    /// Write one record.
    pub fn write(&mut self, record: &Record) -> std::io::Result<()> {
        if self.pretty {
            serde_json::to_writer_pretty(&mut self.out, record)?;
        } else {
            serde_json::to_writer(&mut self.out, record)?;
        }
        self.out.write_all(b"\n")
    }

    /// Flush, and move a file into place.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()?;
        drop(self.out);
        if let Some((partial, target)) = self.target.take() {
            std::fs::rename(partial, target)?;
        }
        Ok(())
    }
}
