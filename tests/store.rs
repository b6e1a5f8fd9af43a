//! The SQLite sink on real files: idempotent reruns, changed inputs, and a run killed mid-batch.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

fn factx() -> Command {
    Command::new(env!("CARGO_BIN_EXE_factx"))
}

fn count(db: &Path, table: &str) -> i64 {
    let c = Connection::open(db).unwrap();
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn extract(args: &[&str], dir: &Path, db: &Path) -> std::process::Output {
    factx()
        .arg("extract")
        .args(args)
        .arg(dir)
        .arg("--db")
        .arg(db)
        .arg("--quiet")
        .output()
        .unwrap()
}

/// A folder of `n` distinct seed-like articles.
fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<String> = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for i in 0..n {
        let text = format!("{}\n\nReport number {i}.\n", seeds[i % seeds.len()]);
        std::fs::write(dir.path().join(format!("{i:05}.txt")), text).unwrap();
    }
    dir
}

#[test]
fn rerun_adds_nothing_and_changed_input_replaces_its_rows() {
    let dir = corpus(6);
    let db = dir.path().join("facts.sqlite");
    assert!(extract(&[], dir.path(), &db).status.success());
    let tables = [
        "documents",
        "sources",
        "entities",
        "quantities",
        "quotes",
        "claims",
    ];
    let first: Vec<i64> = tables.iter().map(|t| count(&db, t)).collect();
    assert_eq!(first[0], 6);
    assert!(first[2] > 0 && first[3] > 0, "{first:?}");
    assert!(extract(&[], dir.path(), &db).status.success());
    let second: Vec<i64> = tables.iter().map(|t| count(&db, t)).collect();
    assert_eq!(first, second, "an idempotent rerun adds nothing");

    // Change one file: its rows are replaced, the others stay.
    let changed = dir.path().join("00000.txt");
    std::fs::write(
        &changed,
        "Officials said 12 people were killed in Aleppo on Monday.\n",
    )
    .unwrap();
    assert!(extract(&[], dir.path(), &db).status.success());
    assert_eq!(count(&db, "documents"), 6);
    assert_eq!(count(&db, "sources"), 6);
    let c = Connection::open(&db).unwrap();
    let (chars, n): (i64, i64) = c
        .query_row(
            "SELECT d.chars, (SELECT count(*) FROM quantities q WHERE q.doc = d.id)
             FROM sources s JOIN documents d ON d.id = s.doc WHERE s.path LIKE '%00000.txt'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(chars, 58);
    assert!(n >= 2, "12 people and Monday");
    let orphans: i64 = c
        .query_row(
            "SELECT count(*) FROM entities WHERE doc NOT IN (SELECT id FROM documents)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn failures_are_recorded_and_cleared_when_fixed() {
    let dir = corpus(2);
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"caf\xe9").unwrap();
    let db = dir.path().join("facts.sqlite");
    let out = extract(&[], dir.path(), &db);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(count(&db, "failures"), 1);
    assert_eq!(count(&db, "documents"), 2);
    std::fs::write(&bad, "Café bombed.\n").unwrap();
    assert!(extract(&[], dir.path(), &db).status.success());
    assert_eq!(count(&db, "failures"), 0);
    assert_eq!(count(&db, "documents"), 3);
}

#[cfg(unix)]
#[test]
fn killed_run_leaves_a_consistent_database_and_the_rerun_completes_it() {
    let n = 900;
    let dir = corpus(n);
    let db = dir.path().join("facts.sqlite");
    // Reference: a clean run into another database.
    let clean = dir.path().join("clean.sqlite");
    assert!(extract(&["--threads", "1"], dir.path(), &clean).status.success());
    let want = (
        count(&clean, "documents"),
        count(&clean, "entities"),
        count(&clean, "quantities"),
    );
    assert_eq!(want.0, n as i64);

    let mut child = factx()
        .args(["extract", "--quiet", "--threads", "1"])
        .arg(dir.path())
        .arg("--db")
        .arg(&db)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL) once at least one batch is committed but before it finishes.
    let t0 = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let done = if db.exists() {
            Connection::open(&db)
                .and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0)))
                .unwrap_or(0)
        } else {
            0
        };
        if done > 0 || t0.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let partial = count(&db, "documents");
    assert!(
        partial > 0 && partial < n as i64,
        "killed mid-run: {partial} of {n}"
    );
    let c = Connection::open(&db).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(
        count(&db, "sources"),
        partial,
        "every stored document has its source"
    );
    drop(c);

    // The rerun with --resume completes it: nothing lost, nothing duplicated.
    assert!(extract(&["--resume"], dir.path(), &db).status.success());
    let got = (
        count(&db, "documents"),
        count(&db, "entities"),
        count(&db, "quantities"),
    );
    assert_eq!(got, want);
}

/// The README's SQL block, statement by statement.
fn readme_queries() -> Vec<String> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("```sql").expect("README has a ```sql block") + 6;
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end]
        .split(';')
        .map(|q| {
            q.lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|q| !q.trim().is_empty())
        .collect()
}

#[test]
fn readme_queries_run_as_shown_on_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("facts.sqlite");
    let out = factx()
        .args(["extract", "seeds/", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "with --db and no -o nothing is printed");
    let c = Connection::open(&db).unwrap();
    let queries = readme_queries();
    assert_eq!(queries.len(), 3);
    let mut rows = Vec::new();
    for q in &queries {
        let mut st = c.prepare(q).unwrap_or_else(|e| panic!("{e}: {q}"));
        let n = st.query_map([], |_| Ok(())).unwrap().count();
        rows.push(n);
    }
    assert_eq!(rows[0], 10, "the ten largest counts");
    let top: f64 = c.query_row(&queries[0], [], |r| r.get(1)).unwrap();
    assert_eq!(top, 4_000_000.0, "\"Four million people\" in seed 000");
}
