//! The SQLite sink: documents keyed by the SHA-256 of their content, one transaction per batch.
//!
//! Rerunning the same input adds nothing; an input whose content changed replaces its rows; a run
//! killed mid-batch leaves the last committed batch and nothing half-written.

use std::path::Path;

use anyhow::Context;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::record::Record;

/// Version of the database layout, kept in the `meta` table.
pub const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT NOT NULL UNIQUE,
    chars        INTEGER NOT NULL,
    schema       TEXT NOT NULL,
    extracted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    doc  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS sources_doc ON sources(doc);
CREATE TABLE IF NOT EXISTS failures (
    path  TEXT PRIMARY KEY,
    error TEXT NOT NULL,
    at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
-- Tables of small rows (entities, claim links) are stored in their key's B-tree (WITHOUT ROWID):
-- one insert per row instead of one into the table and one into its key's index.
CREATE TABLE IF NOT EXISTS entities (
    doc   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id    TEXT NOT NULL,
    text  TEXT NOT NULL,
    label TEXT NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    PRIMARY KEY (doc, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_label ON entities(label, text);
CREATE TABLE IF NOT EXISTS quantities (
    doc    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id     TEXT NOT NULL,
    text   TEXT NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    value  REAL,
    low    REAL,
    high   REAL,
    approx TEXT,
    unit   TEXT,
    date   TEXT,
    counted       TEXT,
    counted_start INTEGER,
    counted_end   INTEGER,
    PRIMARY KEY (doc, id)
);
CREATE INDEX IF NOT EXISTS quantities_kind ON quantities(kind, value);
CREATE TABLE IF NOT EXISTS quotes (
    doc           INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    kind          TEXT NOT NULL,
    content       TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end   INTEGER NOT NULL,
    cue           TEXT,
    cue_start     INTEGER,
    cue_end       INTEGER,
    speaker       TEXT,
    speaker_label TEXT,
    speaker_entity TEXT,
    mention       TEXT,
    mention_start INTEGER,
    mention_end   INTEGER,
    PRIMARY KEY (doc, id)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE TABLE IF NOT EXISTS claims (
    doc          INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    text         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    source       TEXT NOT NULL,
    source_label TEXT NOT NULL,
    source_quote TEXT,
    source_cue   TEXT,
    PRIMARY KEY (doc, id)
);
CREATE INDEX IF NOT EXISTS claims_source ON claims(source, source_label);
CREATE TABLE IF NOT EXISTS claim_quantities (
    doc      INTEGER NOT NULL,
    claim    TEXT NOT NULL,
    quantity TEXT NOT NULL,
    PRIMARY KEY (doc, claim, quantity),
    FOREIGN KEY (doc, claim) REFERENCES claims(doc, id) ON DELETE CASCADE,
    FOREIGN KEY (doc, quantity) REFERENCES quantities(doc, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claim_entities (
    doc    INTEGER NOT NULL,
    claim  TEXT NOT NULL,
    entity TEXT NOT NULL,
    PRIMARY KEY (doc, claim, entity),
    FOREIGN KEY (doc, claim) REFERENCES claims(doc, id) ON DELETE CASCADE,
    FOREIGN KEY (doc, entity) REFERENCES entities(doc, id) ON DELETE CASCADE
) WITHOUT ROWID;
";

/// What writing a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Documents written for the first time.
    pub added: usize,
    /// Inputs whose content changed, so their rows were replaced.
    pub replaced: usize,
    /// Inputs already stored with the same content.
    pub unchanged: usize,
    /// Inputs recorded as failed.
    pub failed: usize,
}

/// An open factx database.
pub struct Store {
    conn: Connection,
    /// Whether the failures table may hold rows (a stored input clears its own failure).
    failures: bool,
}

impl Store {
    /// Open (creating if needed) a database file and check its layout version.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let conn = Connection::open(path).with_context(|| format!("opening database {}", path.display()))?;
        // A rollback journal rather than WAL: a batch's new pages are written once, not once to
        // the log and again at each checkpoint (BENCHMARKS.md, "SQLite"); FULL syncs make each
        // commit durable and the file safe from power loss, and a killed run's hot journal
        // rolls its half-written batch back on the next open.
        // 16 KiB pages for a new file (an existing one keeps its own): fewer B-tree splits and
        // page writes per batch, 6–8 % more documents per second (BENCHMARKS.md, "SQLite").
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "TRUNCATE")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA).context("creating tables")?;
        let version: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match version {
            None => {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?1), ('record_schema', ?2)",
                    params![SCHEMA_VERSION.to_string(), crate::record::SCHEMA],
                )?;
            }
            Some(v) if v == SCHEMA_VERSION.to_string() => {}
            Some(v) => anyhow::bail!(
                "{} has database layout {v}; this factx writes layout {SCHEMA_VERSION} (use a new file)",
                path.display()
            ),
        }
        let failures = conn.query_row("SELECT EXISTS (SELECT 1 FROM failures)", [], |r| r.get(0))?;
        Ok(Store { conn, failures })
    }

    /// The underlying connection, for queries.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// True when `path` is stored with its extraction (used by `--resume`).
    pub fn has_source(&self, path: &str) -> anyhow::Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM sources WHERE path = ?1", [path], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Write a batch of records in one transaction.
    pub fn write_batch(&mut self, records: &[Record]) -> anyhow::Result<BatchStats> {
        let tx = self.conn.transaction()?;
        let mut stats = BatchStats::default();
        for r in records {
            write_record(&tx, r, self.failures, &mut stats).with_context(|| format!("storing {}", r.id))?;
        }
        tx.commit()?;
        self.failures |= stats.failed > 0;
        Ok(stats)
    }
}

fn write_record(tx: &Transaction, r: &Record, failures: bool, stats: &mut BatchStats) -> anyhow::Result<()> {
    let Some(sha) = r.sha256.as_deref().filter(|_| r.errors.is_empty()) else {
        tx.prepare_cached("INSERT OR REPLACE INTO failures (path, error) VALUES (?1, ?2)")?
            .execute(params![r.id, r.errors.join("; ")])?;
        stats.failed += 1;
        return Ok(());
    };
    if failures || stats.failed > 0 {
        tx.prepare_cached("DELETE FROM failures WHERE path = ?1")?
            .execute([&r.id])?;
    }
    let old: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT d.id, d.sha256 FROM sources s JOIN documents d ON d.id = s.doc WHERE s.path = ?1",
        )?
        .query_row([&r.id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    if old.as_ref().is_some_and(|(_, s)| s == sha) {
        stats.unchanged += 1;
        return Ok(());
    }
    let inserted = tx
        .prepare_cached("INSERT OR IGNORE INTO documents (sha256, chars, schema) VALUES (?1, ?2, ?3)")?
        .execute(params![sha, r.chars as i64, r.schema])?;
    let doc: i64 = if inserted == 1 {
        let doc = tx.last_insert_rowid();
        insert_annotations(tx, doc, r)?;
        doc
    } else {
        tx.prepare_cached("SELECT id FROM documents WHERE sha256 = ?1")?
            .query_row([sha], |row| row.get(0))?
    };
    tx.prepare_cached("INSERT OR REPLACE INTO sources (path, doc) VALUES (?1, ?2)")?
        .execute(params![r.id, doc])?;
    if let Some((old, _)) = old {
        // The old content goes when no other input still has it.
        tx.prepare_cached(
            "DELETE FROM documents WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM sources WHERE doc = ?1)",
        )?
        .execute([old])?;
        stats.replaced += 1;
    } else {
        stats.added += 1;
    }
    Ok(())
}

fn insert_annotations(tx: &Transaction, doc: i64, r: &Record) -> anyhow::Result<()> {
    let mut ent = tx.prepare_cached(
        "INSERT INTO entities (doc, id, text, label, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for e in &r.entities {
        ent.execute(params![
            doc,
            e.id,
            e.text,
            e.label.as_str(),
            e.start as i64,
            e.end as i64
        ])?;
    }
    let mut qty = tx.prepare_cached(
        "INSERT INTO quantities (doc, id, text, start, end, kind, value, low, high, approx, unit, date, counted, counted_start, counted_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for q in &r.quantities {
        qty.execute(params![
            doc,
            q.id,
            q.text,
            q.start as i64,
            q.end as i64,
            q.kind.as_str(),
            q.value,
            q.low,
            q.high,
            q.approx.map(|a| a.as_str()),
            q.unit,
            q.date,
            q.counted.as_ref().map(|c| c.text.as_str()),
            q.counted.as_ref().map(|c| c.start as i64),
            q.counted.as_ref().map(|c| c.end as i64),
        ])?;
    }
    let mut quo = tx.prepare_cached(
        "INSERT INTO quotes (doc, id, kind, content, content_start, content_end, cue, cue_start, cue_end,
                             speaker, speaker_label, speaker_entity, mention, mention_start, mention_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for u in &r.quotes {
        let sp = u.speaker.as_ref();
        let mention = sp.and_then(|s| s.mention.as_ref());
        quo.execute(params![
            doc,
            u.id,
            u.kind.as_str(),
            u.content.text,
            u.content.start as i64,
            u.content.end as i64,
            u.cue.as_ref().map(|c| c.text.as_str()),
            u.cue.as_ref().map(|c| c.start as i64),
            u.cue.as_ref().map(|c| c.end as i64),
            sp.map(|s| s.name.as_str()),
            sp.map(|s| s.label.as_str()),
            sp.and_then(|s| s.entity.as_deref()),
            mention.map(|m| m.text.as_str()),
            mention.map(|m| m.start as i64),
            mention.map(|m| m.end as i64),
        ])?;
    }
    let mut cla = tx.prepare_cached(
        "INSERT INTO claims (doc, id, text, start, end, source, source_label, source_quote, source_cue)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut cq = tx.prepare_cached(
        "INSERT OR IGNORE INTO claim_quantities (doc, claim, quantity) VALUES (?1, ?2, ?3)",
    )?;
    let mut ce =
        tx.prepare_cached("INSERT OR IGNORE INTO claim_entities (doc, claim, entity) VALUES (?1, ?2, ?3)")?;
    for c in &r.claims {
        cla.execute(params![
            doc,
            c.id,
            c.text,
            c.start as i64,
            c.end as i64,
            c.source.name,
            c.source.label,
            c.source.quote,
            c.source.cue
        ])?;
        for q in &c.quantities {
            cq.execute(params![doc, c.id, q])?;
        }
        for e in &c.entities {
            ce.execute(params![doc, c.id, e])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_size(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn new_files_get_16_kib_pages_and_older_files_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = Store::open(&dir.path().join("new.sqlite")).unwrap();
        assert_eq!(page_size(fresh.connection()), 16384);

        let old = dir.path().join("old.sqlite");
        let conn = Connection::open(&old).unwrap();
        conn.pragma_update(None, "page_size", 4096).unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        drop(conn);
        let reopened = Store::open(&old).unwrap();
        assert_eq!(page_size(reopened.connection()), 4096);
        let tables: i64 = reopened
            .connection()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'documents'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 1);
    }
}
