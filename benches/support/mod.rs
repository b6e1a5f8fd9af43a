//! Inputs shared by the criterion benches and `examples/store_writes.rs`.

use factx::{Pipeline, Record};

/// Texts of the hand-labelled articles in `eval/articles`, in name order (the four seeds first).
pub fn eval_texts() -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir("eval/articles")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Records of the four seed articles.
pub fn seed_records(pipeline: &Pipeline, texts: &[String]) -> Vec<Record> {
    texts[..4]
        .iter()
        .enumerate()
        .map(|(i, t)| Record::from_extraction(format!("seed{i}"), None, &pipeline.run(t)))
        .collect()
}

/// 1,024 seed-sized records with distinct ids and content hashes.
pub fn store_input(seeds: &[Record]) -> Vec<Record> {
    (0..1024)
        .map(|i| {
            let mut r = seeds[i % seeds.len()].clone();
            r.id = format!("doc{i}");
            r.sha256 = Some(format!("{i:064x}"));
            r
        })
        .collect()
}
