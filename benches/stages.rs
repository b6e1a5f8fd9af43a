//! Criterion benches: each stage and the whole pipeline on the seeds and the Wikinews articles,
//! and SQLite writes of seed-sized records.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use factx::claims::Claims;
use factx::ner::NerModel;
use factx::numbers::Numbers;
use factx::quotes::tagger::AttributionModel;
use factx::quotes::{Quotes, Scope};
use factx::{Config, Doc, Pipeline};

mod support;

fn stages(c: &mut Criterion) {
    let texts = support::eval_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let docs: Vec<Doc> = texts.iter().map(|t| Doc::new(t.as_str())).collect();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| Doc::new(t.as_str()).tokens.len())
                .sum::<usize>()
        })
    });
    let numbers = Numbers::default();
    g.bench_function("numbers", |b| {
        b.iter(|| docs.iter().map(|d| numbers.recognize(d).len()).sum::<usize>())
    });
    g.finish();

    let ner = NerModel::embedded().expect("built with models/ner.bin").unwrap();
    let mut g = c.benchmark_group("ner");
    g.throughput(Throughput::Elements(tokens as u64));
    g.bench_function("tag (tokens/s)", |b| {
        b.iter(|| docs.iter().map(|d| ner.recognize(d).len()).sum::<usize>())
    });
    g.finish();

    // Quotes and claims read the earlier stages' output, computed once here.
    let entities: Vec<_> = docs.iter().map(|d| ner.recognize(d)).collect();
    let quantities: Vec<_> = docs.iter().map(|d| numbers.recognize(d)).collect();
    let rules = Quotes::new(None, Scope::Speech);
    let tagged = Quotes::new(AttributionModel::embedded().transpose().unwrap(), Scope::Speech);
    let mut g = c.benchmark_group("quotes");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("rules", |b| {
        b.iter(|| {
            docs.iter()
                .zip(&entities)
                .map(|(d, e)| rules.find(d, e).len())
                .sum::<usize>()
        })
    });
    g.bench_function("rules + attribution tagger", |b| {
        b.iter(|| {
            docs.iter()
                .zip(&entities)
                .map(|(d, e)| tagged.find(d, e).len())
                .sum::<usize>()
        })
    });
    g.finish();
    let quotes: Vec<_> = docs
        .iter()
        .zip(&entities)
        .map(|(d, e)| tagged.find(d, e))
        .collect();
    let claims = Claims::default();
    let mut g = c.benchmark_group("claims");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("claims", |b| {
        b.iter(|| {
            (0..docs.len())
                .map(|i| {
                    claims
                        .find(&docs[i], &entities[i], &quantities[i], &quotes[i])
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("ner_load");
    g.sample_size(10);
    g.bench_function("load embedded model", |b| {
        b.iter(|| NerModel::embedded().unwrap().unwrap())
    });
    g.bench_function("load embedded attribution tagger", |b| {
        b.iter(|| AttributionModel::embedded().unwrap().unwrap())
    });
    g.bench_function("load the whole pipeline", |b| {
        b.iter(|| Pipeline::new(Config::default()).unwrap())
    });
    g.finish();

    let pipeline = Pipeline::new(Config::default()).unwrap();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(words as u64));
    g.bench_function("whole pipeline (words/s, 1 thread)", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| pipeline.run(t).quantities.len())
                .sum::<usize>()
        })
    });
    g.finish();

    // Seed-sized records written to SQLite, one transaction per batch of 256.
    let seeds = support::seed_records(&pipeline, &texts);
    let mut g = c.benchmark_group("store");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1024));
    g.bench_function("sqlite write (docs/s)", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = factx::store::Store::open(&dir.path().join("b.sqlite")).unwrap();
                (dir, store, support::store_input(&seeds))
            },
            |(dir, mut store, records)| {
                for batch in records.chunks(256) {
                    store.write_batch(batch).unwrap();
                }
                drop(store);
                // Freeing the records and the temporary folder is no part of the writes.
                (dir, records)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
