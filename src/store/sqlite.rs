//! The SQLite sink: documents keyed by the SHA-256 of their content, one transaction per batch.
//!
//! Rerunning the same input adds nothing; an input whose content changed replaces its rows; a run
//! killed mid-batch leaves the last committed batch and nothing half-written.

use std::path::Path;

use anyhow::Context;
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};

use crate::record::{Record, TextSpan};

/// Version of the database layout, kept in the `meta` table.
pub const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
-- Foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED): a multi-row INSERT that
-- cannot abort halfway needs no statement journal. (Files made before keep immediate checks.)
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
    doc  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
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
    doc   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    id    TEXT NOT NULL,
    text  TEXT NOT NULL,
    label TEXT NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    PRIMARY KEY (doc, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_label ON entities(label, text);
CREATE TABLE IF NOT EXISTS quantities (
    doc    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
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
    doc           INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
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
    doc          INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
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
    FOREIGN KEY (doc, claim) REFERENCES claims(doc, id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc, quantity) REFERENCES quantities(doc, id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claim_entities (
    doc    INTEGER NOT NULL,
    claim  TEXT NOT NULL,
    entity TEXT NOT NULL,
    PRIMARY KEY (doc, claim, entity),
    FOREIGN KEY (doc, claim) REFERENCES claims(doc, id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc, entity) REFERENCES entities(doc, id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
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
    inserts: Inserts,
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
        // A multi-row INSERT keeps a statement journal (to undo its own rows if one fails): in
        // memory, not in a temporary file written page by page.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
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
        // Room for every statement a batch runs (the default holds 16).
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Store {
            conn,
            failures,
            inserts: Inserts::new(),
        })
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
            write_record(&tx, &self.inserts, r, self.failures, &mut stats)
                .with_context(|| format!("storing {}", r.id))?;
        }
        // Foreign keys are checked here (they are deferred to the end of the transaction).
        tx.commit().context("committing a batch")?;
        self.failures |= stats.failed > 0;
        Ok(stats)
    }
}

fn write_record(
    tx: &Transaction,
    inserts: &Inserts,
    r: &Record,
    failures: bool,
    stats: &mut BatchStats,
) -> anyhow::Result<()> {
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
        insert_annotations(tx, inserts, doc, r)?;
        doc
    } else {
        tx.prepare_cached("SELECT id FROM documents WHERE sha256 = ?1")?
            .query_row([sha], |row| row.get(0))?
    };
    // An UPDATE or a plain INSERT, not INSERT OR REPLACE: a REPLACE may delete, so SQLite would
    // keep a statement journal for it.
    let source = if old.is_some() {
        "UPDATE OR FAIL sources SET doc = ?2 WHERE path = ?1"
    } else {
        "INSERT OR FAIL INTO sources (path, doc) VALUES (?1, ?2)"
    };
    tx.prepare_cached(source)?.execute(params![r.id, doc])?;
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

/// Rows bound in one multi-row `INSERT`, largest first: one statement's setup (cursors on the
/// table, its indexes and its foreign keys' parents) is shared by its rows.
const ROWS_PER_INSERT: [usize; 5] = [16, 8, 4, 2, 1];

/// One table's `INSERT` statements, one for each of `ROWS_PER_INSERT`.
struct RowsInsert {
    sql: Vec<String>,
    width: usize,
}

impl RowsInsert {
    fn new(head: &str, width: usize) -> RowsInsert {
        let row = format!("({})", vec!["?"; width].join(", "));
        let sql = ROWS_PER_INSERT
            .iter()
            .map(|&n| format!("{head} VALUES {}", vec![row.as_str(); n].join(", ")))
            .collect();
        RowsInsert { sql, width }
    }

    /// Insert rows laid out one after another in `values`, `width` values a row.
    fn run(&self, tx: &Transaction, mut values: &[ToSqlOutput]) -> rusqlite::Result<()> {
        for (&rows, sql) in ROWS_PER_INSERT.iter().zip(&self.sql) {
            let size = rows * self.width;
            if values.len() < size {
                continue;
            }
            let mut insert = tx.prepare_cached(sql)?;
            let mut chunks = values.chunks_exact(size);
            for chunk in &mut chunks {
                insert.execute(params_from_iter(chunk))?;
            }
            values = chunks.remainder();
        }
        Ok(())
    }
}

/// The `INSERT`s of every annotation table.
struct Inserts {
    entities: RowsInsert,
    quantities: RowsInsert,
    quotes: RowsInsert,
    claims: RowsInsert,
    claim_quantities: RowsInsert,
    claim_entities: RowsInsert,
}

impl Inserts {
    fn new() -> Inserts {
        Inserts {
            entities: RowsInsert::new("INSERT OR FAIL INTO entities (doc, id, text, label, start, end)", 6),
            quantities: RowsInsert::new(
                "INSERT OR FAIL INTO quantities (doc, id, text, start, end, kind, value, low, high, approx, unit, date, \
                 counted, counted_start, counted_end)",
                15,
            ),
            quotes: RowsInsert::new(
                "INSERT OR FAIL INTO quotes (doc, id, kind, content, content_start, content_end, cue, cue_start, cue_end, \
                 speaker, speaker_label, speaker_entity, mention, mention_start, mention_end)",
                15,
            ),
            claims: RowsInsert::new(
                "INSERT OR FAIL INTO claims (doc, id, text, start, end, source, source_label, source_quote, source_cue)",
                9,
            ),
            claim_quantities: RowsInsert::new(
                "INSERT OR IGNORE INTO claim_quantities (doc, claim, quantity)",
                3,
            ),
            claim_entities: RowsInsert::new("INSERT OR IGNORE INTO claim_entities (doc, claim, entity)", 3),
        }
    }
}

/// A text value, or NULL.
fn text_or_null(s: Option<&str>) -> ToSqlOutput<'_> {
    s.map_or(ToSqlOutput::Owned(Value::Null), ToSqlOutput::from)
}

/// An integer value, or NULL.
fn int_or_null<'a>(n: Option<usize>) -> ToSqlOutput<'a> {
    ToSqlOutput::Owned(n.map_or(Value::Null, |n| Value::Integer(n as i64)))
}

/// A span's text, start and end, or three NULLs.
fn span_or_null(span: Option<&TextSpan>) -> [ToSqlOutput<'_>; 3] {
    [
        text_or_null(span.map(|s| s.text.as_str())),
        int_or_null(span.map(|s| s.start)),
        int_or_null(span.map(|s| s.end)),
    ]
}

/// A real value, or NULL.
fn real_or_null<'a>(x: Option<f64>) -> ToSqlOutput<'a> {
    ToSqlOutput::Owned(x.map_or(Value::Null, Value::Real))
}

fn insert_annotations(tx: &Transaction, inserts: &Inserts, doc: i64, r: &Record) -> anyhow::Result<()> {
    let doc = || ToSqlOutput::from(doc);
    let int = |n: usize| ToSqlOutput::from(n as i64);
    let mut values: Vec<ToSqlOutput> = Vec::new();
    for e in &r.entities {
        values.extend([
            doc(),
            ToSqlOutput::from(e.id.as_str()),
            ToSqlOutput::from(e.text.as_str()),
            ToSqlOutput::from(e.label.as_str()),
            int(e.start),
            int(e.end),
        ]);
    }
    inserts.entities.run(tx, &values)?;
    values.clear();
    for q in &r.quantities {
        values.extend([
            doc(),
            ToSqlOutput::from(q.id.as_str()),
            ToSqlOutput::from(q.text.as_str()),
            int(q.start),
            int(q.end),
            ToSqlOutput::from(q.kind.as_str()),
            real_or_null(q.value),
            real_or_null(q.low),
            real_or_null(q.high),
            text_or_null(q.approx.map(|a| a.as_str())),
            text_or_null(q.unit.as_deref()),
            text_or_null(q.date.as_deref()),
        ]);
        values.extend(span_or_null(q.counted.as_ref()));
    }
    inserts.quantities.run(tx, &values)?;
    values.clear();
    for u in &r.quotes {
        let sp = u.speaker.as_ref();
        values.extend([
            doc(),
            ToSqlOutput::from(u.id.as_str()),
            ToSqlOutput::from(u.kind.as_str()),
        ]);
        values.extend(span_or_null(Some(&u.content)));
        values.extend(span_or_null(u.cue.as_ref()));
        values.extend([
            text_or_null(sp.map(|s| s.name.as_str())),
            text_or_null(sp.map(|s| s.label.as_str())),
            text_or_null(sp.and_then(|s| s.entity.as_deref())),
        ]);
        values.extend(span_or_null(sp.and_then(|s| s.mention.as_ref())));
    }
    inserts.quotes.run(tx, &values)?;
    values.clear();
    for c in &r.claims {
        values.extend([
            doc(),
            ToSqlOutput::from(c.id.as_str()),
            ToSqlOutput::from(c.text.as_str()),
            int(c.start),
            int(c.end),
            ToSqlOutput::from(c.source.name.as_str()),
            ToSqlOutput::from(c.source.label.as_str()),
            text_or_null(c.source.quote.as_deref()),
            text_or_null(c.source.cue.as_deref()),
        ]);
    }
    inserts.claims.run(tx, &values)?;
    values.clear();
    for c in &r.claims {
        for q in &c.quantities {
            values.extend([
                doc(),
                ToSqlOutput::from(c.id.as_str()),
                ToSqlOutput::from(q.as_str()),
            ]);
        }
    }
    inserts.claim_quantities.run(tx, &values)?;
    values.clear();
    for c in &r.claims {
        for e in &c.entities {
            values.extend([
                doc(),
                ToSqlOutput::from(c.id.as_str()),
                ToSqlOutput::from(e.as_str()),
            ]);
        }
    }
    inserts.claim_entities.run(tx, &values)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_size(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap()
    }

    /// A record with `n` rows in every annotation table, each claim linked to its entity and quantity.
    fn record_with_rows(n: usize) -> Record {
        use crate::record::{ClaimRecord, EntityRecord, QuantityRecord, QuoteRecord, SourceRecord, TextSpan};
        let span = |i: usize| TextSpan {
            text: format!("text {i}"),
            start: i,
            end: i + 1,
        };
        Record {
            schema: crate::record::SCHEMA.into(),
            id: format!("doc-{n}"),
            sha256: Some(format!("{n:064x}")),
            chars: 10 * n,
            entities: (0..n)
                .map(|i| EntityRecord {
                    id: format!("e{i}"),
                    text: format!("Name {i}"),
                    label: crate::EntityLabel::ALL[i % 4],
                    start: i,
                    end: i + 1,
                })
                .collect(),
            quantities: (0..n)
                .map(|i| QuantityRecord {
                    id: format!("q{i}"),
                    text: format!("{i} people"),
                    start: i,
                    end: i + 1,
                    kind: crate::QuantityKind::Count,
                    value: Some(i as f64),
                    low: None,
                    high: None,
                    approx: None,
                    unit: None,
                    date: None,
                    counted: Some(span(i)),
                })
                .collect(),
            quotes: (0..n)
                .map(|i| QuoteRecord {
                    id: format!("u{i}"),
                    kind: crate::QuoteKind::Direct,
                    content: span(i),
                    cue: (i % 2 == 0).then(|| span(i)),
                    speaker: None,
                })
                .collect(),
            claims: (0..n)
                .map(|i| ClaimRecord {
                    id: format!("c{i}"),
                    text: format!("claim {i}"),
                    start: i,
                    end: i + 1,
                    quantities: vec![format!("q{i}")],
                    entities: vec![format!("e{i}")],
                    source: SourceRecord {
                        name: format!("Name {i}"),
                        label: "PER".into(),
                        quote: Some(format!("u{i}")),
                        cue: None,
                        aliases: Vec::new(),
                    },
                })
                .collect(),
            errors: Vec::new(),
        }
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn every_row_count_is_stored_whole_across_multi_row_inserts() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("rows.sqlite")).unwrap();
        // 0, 1, one full statement, and sizes that leave every smaller statement a remainder.
        let sizes = [0, 1, ROWS_PER_INSERT[0], 31, 37];
        let records: Vec<Record> = sizes.iter().map(|&n| record_with_rows(n)).collect();
        store.write_batch(&records).unwrap();
        let conn = store.connection();
        for table in [
            "entities",
            "quantities",
            "quotes",
            "claims",
            "claim_quantities",
            "claim_entities",
        ] {
            for &n in &sizes {
                let sql = format!(
                    "SELECT count(*) FROM {table} t JOIN sources s ON s.doc = t.doc WHERE s.path = 'doc-{n}'"
                );
                assert_eq!(count(conn, &sql), n as i64, "{table} rows of a record with {n}");
            }
        }
        let (text, label, value, counted, cue): (String, String, f64, String, Option<String>) = conn
            .query_row(
                "SELECT e.text, e.label, q.value, q.counted, u.cue
                 FROM entities e
                 JOIN quantities q ON q.doc = e.doc AND q.id = 'q36'
                 JOIN quotes u ON u.doc = e.doc AND u.id = 'u35'
                 JOIN sources s ON s.doc = e.doc AND s.path = 'doc-37'
                 WHERE e.id = 'e33'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            (text.as_str(), label.as_str(), value, counted.as_str(), cue),
            ("Name 33", "ORG", 36.0, "text 36", None)
        );
    }

    #[test]
    fn a_claim_linking_a_missing_entity_fails_its_whole_batch() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("fk.sqlite")).unwrap();
        let good = record_with_rows(3);
        let mut bad = record_with_rows(20);
        bad.claims[17].entities.push("e999".into());
        let err = store.write_batch(&[good.clone(), bad]).unwrap_err();
        assert!(format!("{err:#}").contains("FOREIGN KEY"), "{err:#}");
        assert_eq!(count(store.connection(), "SELECT count(*) FROM documents"), 0);
        assert_eq!(count(store.connection(), "SELECT count(*) FROM entities"), 0);
        // The connection is usable afterwards.
        store.write_batch(&[good]).unwrap();
        assert_eq!(count(store.connection(), "SELECT count(*) FROM entities"), 3);
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
