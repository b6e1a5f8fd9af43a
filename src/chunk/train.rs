//! Training the chunker (`factx train chunks`): the chunk column of CoNLL-2003 in, a model file out.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;

use super::{extract, labels, ChunkModel, TYPES};
use crate::eval::Prf;
use crate::ner::corpus::spans_from_tags;
use crate::ner::features::ClusterIndex;
use crate::tagger::train::{Example, Perceptron, TrainOptions};
use crate::tagger::FeatureMatrix;

/// What to train on and how.
#[derive(Clone, Debug)]
pub struct ChunkTrainConfig {
    /// CoNLL files (`word POS chunk NER`) to train on.
    pub conll: Vec<PathBuf>,
    /// A CoNLL file scored after every epoch; the best epoch is kept.
    pub dev: Option<PathBuf>,
    pub epochs: usize,
    /// Hash buckets (a power of two).
    pub buckets: usize,
    pub seed: u64,
    /// Word-cluster file (`bitpath<TAB>word` lines), optional.
    pub clusters: Option<PathBuf>,
    pub out: PathBuf,
}

/// One sentence: its words and phrase spans `(start, end, type)`.
pub type ChunkedSentence = (Vec<String>, Vec<(usize, usize, usize)>);

/// The sentences of a CoNLL file with the phrases of its third column (IOB1 or IOB2).
pub fn parse_chunks(text: &str) -> Vec<ChunkedSentence> {
    let kind = |k: &str| TYPES.iter().position(|&t| t == k);
    let mut out = Vec::new();
    let (mut words, mut tags): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<String>| {
        if !words.is_empty() {
            let spans = spans_from_tags(tags.iter().map(String::as_str), kind);
            out.push((std::mem::take(words), spans));
            tags.clear();
        }
    };
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() || cols[0] == "-DOCSTART-" {
            flush(&mut words, &mut tags);
            continue;
        }
        if cols.len() < 3 {
            continue;
        }
        words.push(cols[0].to_string());
        tags.push(cols[2].to_string());
    }
    flush(&mut words, &mut tags);
    out
}

fn read_chunks(path: &Path) -> anyhow::Result<Vec<ChunkedSentence>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(parse_chunks(&text))
}

/// Exact-span micro P/R/F1 of a chunker on chunked sentences.
pub fn evaluate(model: &ChunkModel, sentences: &[ChunkedSentence]) -> Prf {
    sentences
        .par_iter()
        .map_init(FeatureMatrix::new, |x, (words, gold)| {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let pred = model.spans(&words, x);
            let correct = pred.iter().filter(|p| gold.contains(p)).count();
            Prf::new(gold.len(), pred.len(), correct)
        })
        .reduce(Prf::default, |a, b| a.add(&b))
}

/// Train, report dev F1 per epoch, keep the best epoch, and write the model file.
pub fn train(cfg: &ChunkTrainConfig) -> anyhow::Result<ChunkModel> {
    let t0 = Instant::now();
    let mut sentences = Vec::new();
    for p in &cfg.conll {
        sentences.extend(read_chunks(p)?);
    }
    anyhow::ensure!(
        !sentences.is_empty(),
        "no chunked sentences in the training files"
    );
    let dev = cfg
        .dev
        .as_deref()
        .map(read_chunks)
        .transpose()?
        .unwrap_or_default();
    let clusters = match &cfg.clusters {
        Some(p) => ClusterIndex::from(&crate::ner::train::read_clusters(p)?),
        None => ClusterIndex::default(),
    };
    let labels = labels();
    let examples: Vec<Example> = sentences
        .par_iter()
        .map_init(FeatureMatrix::new, |x, (words, spans)| {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            extract(&words, &clusters, x);
            Example::new(x, labels.encode(words.len(), spans), cfg.buckets)
        })
        .collect();
    eprintln!(
        "training on {} sentences; features ready in {:.1}s",
        examples.len(),
        t0.elapsed().as_secs_f64()
    );
    let opts = TrainOptions {
        epochs: cfg.epochs,
        seed: cfg.seed,
        buckets: cfg.buckets,
    };
    let data: Vec<String> = cfg.conll.iter().map(|p| p.display().to_string()).collect();
    let mut perceptron = Perceptron::new(labels.clone(), &opts);
    let mut best: Option<(f64, usize, ChunkModel)> = None;
    for epoch in 1..=cfg.epochs {
        let mistakes = perceptron.epoch(&examples);
        let about = format!(
            "factx chunker, averaged perceptron, {epoch} epochs, seed {}; chunk column of {}",
            cfg.seed,
            data.join(", ")
        );
        let model = ChunkModel::new(clusters.clone(), perceptron.averaged(), about);
        let f1 = if dev.is_empty() {
            0.0
        } else {
            evaluate(&model, &dev).f1
        };
        eprintln!(
            "epoch {epoch}: {mistakes} training mistakes, dev F1 {f1:.2} ({:.0}s)",
            t0.elapsed().as_secs_f64()
        );
        if dev.is_empty() || best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, epoch, model));
        }
    }
    let (_, epoch, model) = best.ok_or_else(|| anyhow::anyhow!("no epochs were run"))?;
    model.save(&cfg.out)?;
    eprintln!(
        "kept epoch {epoch}; wrote {} in {:.0}s",
        cfg.out.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chunk_column_becomes_phrases() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\
                    lamb NN I-NP O\n. . O O\n\nHe PRP B-NP O\nwent VBD B-VP O\n";
        let s = parse_chunks(text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].1, vec![(0, 1, 0), (1, 2, 1), (2, 4, 0)]);
        assert_eq!(s[1].1, vec![(0, 1, 0), (1, 2, 1)]);
    }

    #[test]
    fn a_tiny_chunker_learns_its_data() {
        let text =
            "The DT I-NP O\ncat NN I-NP O\nsat VBD I-VP O\non IN I-PP O\nthe DT I-NP O\nmat NN I-NP O\n\n";
        let sentences = parse_chunks(&text.repeat(3));
        let labels = labels();
        let opts = TrainOptions {
            epochs: 5,
            seed: 1,
            buckets: 1 << 10,
        };
        let mut x = FeatureMatrix::new();
        let examples: Vec<Example> = sentences
            .iter()
            .map(|(w, s)| {
                let w: Vec<&str> = w.iter().map(String::as_str).collect();
                extract(&w, &ClusterIndex::default(), &mut x);
                Example::new(&x, labels.encode(w.len(), s), opts.buckets)
            })
            .collect();
        let mut p = Perceptron::new(labels, &opts);
        for _ in 0..opts.epochs {
            p.epoch(&examples);
        }
        let model = ChunkModel::new(ClusterIndex::default(), p.averaged(), String::new());
        assert_eq!(evaluate(&model, &sentences).f1, 100.0);
    }
}
