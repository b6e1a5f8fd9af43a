//! Writes 1,024 seed-sized records to a fresh SQLite file per round and prints the best and median
//! rate and the rate per CPU second (for comparing store settings on a busy machine).
//!
//! `store_writes [ROUNDS]` (default 30), run from the repository root.
#[path = "../benches/support/mod.rs"]
mod support;

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(30);
    let pipeline = factx::Pipeline::new(factx::Config::default()).unwrap();
    let seeds = support::seed_records(&pipeline, &support::eval_texts());
    let cpu = || {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
        let f: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
        (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
    };
    let mut times = Vec::new();
    let mut cpu_total = 0.0;
    for _ in 0..rounds {
        let dir = tempfile::tempdir().unwrap();
        let mut store = factx::store::Store::open(&dir.path().join("b.sqlite")).unwrap();
        let records = support::store_input(&seeds);
        let c0 = cpu();
        let t = std::time::Instant::now();
        for batch in records.chunks(256) {
            store.write_batch(batch).unwrap();
        }
        drop(store);
        times.push(t.elapsed().as_secs_f64());
        cpu_total += cpu() - c0;
        drop(records);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "best {:.0} docs/s, median {:.0} docs/s, per CPU second {:.0} docs",
        1024.0 / times[0],
        1024.0 / times[times.len() / 2],
        1024.0 * rounds as f64 / cpu_total
    );
}
