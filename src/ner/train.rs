//! Training the built-in NER model (`factx train ner`): corpora in, `models/ner.bin` out.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;

use super::corpus::{self, TaggedDoc};
use super::features::{ClusterIndex, Clusters, DocContext, Gazetteer, History, NerFeatures};
use super::{labels, NerModel};
use crate::eval::conll::{self, NerReport, Spans};
use crate::tagger::train::{Example, Perceptron, SeededRng, TrainOptions};
use crate::tagger::{FeatureMatrix, Labels};
use crate::EntityLabel;

/// What to train on and how.
#[derive(Clone, Debug)]
pub struct NerTrainConfig {
    /// CoNLL training files (IOB1 or IOB2).
    pub conll: Vec<PathBuf>,
    /// Worldwide Newswire article folder; its held-out tenth is never trained on.
    pub wnw: Option<PathBuf>,
    /// CoNLL dev file scored after every epoch; the best epoch is kept.
    pub dev: Option<PathBuf>,
    /// Word-cluster file (`path<TAB>word` lines), optional.
    pub clusters: Option<PathBuf>,
    pub epochs: usize,
    /// Hash buckets (a power of two).
    pub buckets: usize,
    /// Folds for the jack-knifed training gazetteer.
    pub folds: usize,
    /// One model is trained per seed; several are averaged into the model written.
    pub seeds: Vec<u64>,
    /// How many times each Worldwide Newswire sentence is presented per epoch.
    pub wnw_weight: usize,
    /// Epochs of the jack-knifed models whose predictions make the training prediction history
    /// (0: no prediction-history features).
    pub history_epochs: usize,
    /// Hold a ninth of the Worldwide Newswire training files out as a second dev set (for
    /// choosing settings; the epoch is then chosen on the mean of both dev F1s).
    pub wnw_dev: bool,
    /// GMB `ner_dataset.csv`, trained on as one-sentence documents.
    pub gmb: Option<PathBuf>,
    pub out: PathBuf,
}

/// Load the training documents the configuration names; the second value counts the CoNLL ones
/// (they come first).
pub fn training_docs(cfg: &NerTrainConfig) -> anyhow::Result<(Vec<TaggedDoc>, usize)> {
    let mut docs = Vec::new();
    for path in &cfg.conll {
        docs.extend(corpus::read_conll(path)?);
    }
    if let Some(path) = &cfg.gmb {
        docs.extend(corpus::read_gmb(path)?);
    }
    // CoNLL and GMB come first: `--wnw-weight` repeats only what follows.
    let conll = docs.len();
    if let Some(dir) = &cfg.wnw {
        let train = if cfg.wnw_dev {
            corpus::wnw_dev_split(dir)?.0
        } else {
            corpus::wnw_split(dir)?.0
        };
        for f in train {
            docs.push(corpus::read_wnw(&f)?);
        }
    }
    Ok((docs, conll))
}

fn add_doc(gaz: &mut Gazetteer, doc: &TaggedDoc) {
    for s in &doc.sentences {
        for &(a, b, l) in &s.spans {
            gaz.insert(&s.words[a..b], l);
        }
    }
}

/// Read a cluster file: one `bitpath<TAB>word[<TAB>count]` per line (the Brown-cluster format).
pub fn read_clusters(path: &std::path::Path) -> anyhow::Result<Clusters> {
    let text = std::fs::read_to_string(path)?;
    let mut c = Clusters::default();
    for line in text.lines() {
        let mut cols = line.split('\t');
        if let (Some(p), Some(w)) = (cols.next(), cols.next()) {
            c.paths.insert(w.to_lowercase(), p.to_string());
        }
    }
    Ok(c)
}

/// Training sequences, one per sentence; `predicted` holds other models' spans for every
/// sentence of every document, from which the prediction history is built.
fn examples(
    feats: &NerFeatures,
    docs: &[TaggedDoc],
    gazetteers: &[Gazetteer],
    fold_of: &[usize],
    labels: &Labels,
    buckets: usize,
    predicted: Option<&[Vec<Spans>]>,
) -> Vec<Example> {
    docs.par_iter()
        .enumerate()
        .flat_map_iter(|(d, doc)| {
            let gaz = &gazetteers[fold_of[d] % gazetteers.len()];
            let ctx = DocContext::new(doc.sentences.iter().map(|s| s.words.iter().map(String::as_str)));
            let mut x = FeatureMatrix::new();
            let mut history = History::default();
            doc.sentences
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                    feats.extract(&words, &ctx, Some(gaz), &history, &mut x);
                    if let Some(p) = predicted {
                        history.add(&words, &p[d][k]);
                    }
                    let spans: Vec<(usize, usize, usize)> = s
                        .spans
                        .iter()
                        .map(|&(a, b, l)| (a, b, EntityLabel::ALL.iter().position(|&x| x == l).unwrap_or(0)))
                        .collect();
                    Example::new(&x, labels.encode(words.len(), &spans), buckets)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Sentences where the model and the gold disagree, as `words | gold | predicted` lines.
pub fn disagreements(model: &NerModel, docs: &[TaggedDoc], limit: usize) -> Vec<String> {
    let show = |words: &[String], spans: &Spans| -> String {
        spans
            .iter()
            .map(|&(a, b, l)| format!("[{} {}]", words[a..b].join(" "), l.as_str()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = Vec::new();
    for doc in docs {
        let sentences: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        for (s, pred) in doc.sentences.iter().zip(model.tag_document(&sentences)) {
            if s.spans != pred && out.len() < limit {
                out.push(format!(
                    "{}\n  gold: {}\n  pred: {}",
                    s.words.join(" "),
                    show(&s.words, &s.spans),
                    show(&s.words, &pred)
                ));
            }
        }
    }
    out
}

/// Score a model on tagged documents (CoNLL dev, a held-out split).
pub fn evaluate(model: &NerModel, docs: &[TaggedDoc]) -> NerReport {
    let (gold, pred): (Vec<Vec<Spans>>, Vec<Vec<Spans>>) = docs
        .par_iter()
        .map(|doc| {
            let sentences: Vec<Vec<&str>> = doc
                .sentences
                .iter()
                .map(|s| s.words.iter().map(String::as_str).collect())
                .collect();
            let pred = model.tag_document(&sentences);
            (doc.sentences.iter().map(|s| s.spans.clone()).collect(), pred)
        })
        .unzip();
    let gold: Vec<Spans> = gold.into_iter().flatten().collect();
    let pred: Vec<Spans> = pred.into_iter().flatten().collect();
    conll::score(&gold, &pred)
}

/// Train, report dev F1 per epoch, keep the best epoch, and write the model file.
pub fn train(cfg: &NerTrainConfig) -> anyhow::Result<NerModel> {
    let t0 = Instant::now();
    anyhow::ensure!(!cfg.seeds.is_empty(), "no seeds to train with");
    let mut models = Vec::with_capacity(cfg.seeds.len());
    for &seed in &cfg.seeds {
        if cfg.seeds.len() > 1 {
            eprintln!("seed {seed}:");
        }
        models.push(train_seed(cfg, seed)?);
    }
    let model = if models.len() == 1 {
        models.pop().context("no model trained")?
    } else {
        // Seeds differ in the order of the examples and so in the weights each model ends with;
        // their mean scores better on both dev sets than the mean of their scores (models/README.md).
        let about = format!(
            "factx NER: the weight average of {} averaged perceptrons, seeds {:?}; {}",
            models.len(),
            cfg.seeds,
            models.iter().map(NerModel::about).collect::<Vec<_>>().join(" | ")
        );
        let model = NerModel::average(&models, about)?;
        if let Some(p) = &cfg.dev {
            let f1 = evaluate(&model, &corpus::read_conll(p)?).micro.f1;
            eprintln!("average of {} seeds: dev F1 {f1:.2}", models.len());
        }
        if let (Some(dir), true) = (&cfg.wnw, cfg.wnw_dev) {
            let docs = corpus::wnw_dev_split(dir)?
                .1
                .iter()
                .map(|f| corpus::read_wnw(f))
                .collect::<anyhow::Result<Vec<_>>>()?;
            eprintln!(
                "average of {} seeds: Worldwide Newswire dev F1 {:.2}",
                models.len(),
                evaluate(&model, &docs).micro.f1
            );
        }
        model
    };
    model.save(&cfg.out)?;
    eprintln!(
        "wrote {} in {:.0}s",
        cfg.out.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(model)
}

/// Each document's jack-knife fold: a seeded shuffle dealt round-robin, so models trained with
/// different seeds see different folds (and differ more than in example order alone).
fn seeded_folds(docs: usize, folds: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs).collect();
    SeededRng::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)).shuffle(&mut order);
    let mut fold_of = vec![0; docs];
    for (k, &d) in order.iter().enumerate() {
        fold_of[d] = k % folds.max(1);
    }
    fold_of
}

/// Train one model with one seed, keeping its best epoch on the dev set(s).
fn train_seed(cfg: &NerTrainConfig, seed: u64) -> anyhow::Result<NerModel> {
    let t0 = Instant::now();
    let (docs, conll_docs) = training_docs(cfg)?;
    anyhow::ensure!(
        !docs.is_empty(),
        "no training documents: pass --conll FILE and/or --wnw DIR"
    );
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let tokens: usize = docs
        .iter()
        .flat_map(|d| &d.sentences)
        .map(|s| s.words.len())
        .sum();
    eprintln!(
        "training on {} documents, {sentences} sentences, {tokens} tokens",
        docs.len()
    );

    // Jack-knifed gazetteers: each training document sees one built without its own fold.
    let folds = cfg.folds.max(1);
    let fold_of = seeded_folds(docs.len(), folds, seed);
    let fold_gaz: Vec<Gazetteer> = (0..folds)
        .map(|k| {
            let mut g = Gazetteer::default();
            for (d, doc) in docs.iter().enumerate() {
                if folds == 1 || fold_of[d] != k {
                    add_doc(&mut g, doc);
                }
            }
            g
        })
        .collect();
    let mut full_gaz = Gazetteer::default();
    for doc in &docs {
        add_doc(&mut full_gaz, doc);
    }
    let clusters = match &cfg.clusters {
        Some(p) => read_clusters(p)?,
        None => Clusters::default(),
    };
    eprintln!(
        "gazetteer: {} phrases; clusters: {} words",
        full_gaz.len(),
        clusters.paths.len()
    );
    let feats = NerFeatures {
        gazetteer: Gazetteer::default(),
        clusters: ClusterIndex::from(&clusters),
        history: false,
    };
    let labels = labels();
    let opts = TrainOptions {
        epochs: cfg.epochs,
        seed,
        buckets: cfg.buckets,
    };
    // Prediction history: each training document's earlier sentences as a model that never saw
    // the document tags them (jack-knifed over the gazetteer's folds), as noisy as at run time.
    let predicted = if cfg.history_epochs > 0 {
        let base = examples(&feats, &docs, &fold_gaz, &fold_of, &labels, cfg.buckets, None);
        let mut first = Vec::with_capacity(docs.len() + 1);
        let mut total = 0;
        first.push(total);
        for doc in &docs {
            total += doc.sentences.len();
            first.push(total);
        }
        let mut predicted: Vec<Vec<Spans>> = vec![Vec::new(); docs.len()];
        for (k, gazetteer) in fold_gaz.iter().enumerate() {
            let rest: Vec<Example> = (0..docs.len())
                .filter(|&d| folds == 1 || fold_of[d] != k)
                .flat_map(|d| base[first[d]..first[d + 1]].iter().cloned())
                .collect();
            let mut p = Perceptron::new(labels.clone(), &opts);
            for _ in 0..cfg.history_epochs {
                p.epoch(&rest);
            }
            let fold_feats = NerFeatures {
                gazetteer: gazetteer.clone(),
                ..feats.clone()
            };
            let model = NerModel::new(fold_feats, p.averaged(), String::new());
            let tagged: Vec<(usize, Vec<Spans>)> = (0..docs.len())
                .into_par_iter()
                .filter(|&d| folds == 1 || fold_of[d] == k)
                .map(|d| {
                    let sentences: Vec<Vec<&str>> = docs[d]
                        .sentences
                        .iter()
                        .map(|s| s.words.iter().map(String::as_str).collect())
                        .collect();
                    (d, model.tag_sentences(&sentences))
                })
                .collect();
            for (d, spans) in tagged {
                predicted[d] = spans;
            }
            eprintln!(
                "prediction history: fold {} of {folds} tagged ({:.0}s)",
                k + 1,
                t0.elapsed().as_secs_f64()
            );
        }
        Some(predicted)
    } else {
        None
    };
    let feats = NerFeatures {
        history: predicted.is_some(),
        ..feats
    };
    let mut train_examples = examples(
        &feats,
        &docs,
        &fold_gaz,
        &fold_of,
        &labels,
        cfg.buckets,
        predicted.as_deref(),
    );
    let conll_sentences: usize = docs[..conll_docs].iter().map(|d| d.sentences.len()).sum();
    let wnw_examples = train_examples[conll_sentences..].to_vec();
    for _ in 1..cfg.wnw_weight.max(1) {
        train_examples.extend(wnw_examples.iter().cloned());
    }
    let feats = NerFeatures {
        gazetteer: full_gaz,
        ..feats
    };
    let dev = match &cfg.dev {
        Some(p) => corpus::read_conll(p)?,
        None => Vec::new(),
    };
    let wnw_dev = match (&cfg.wnw, cfg.wnw_dev) {
        (Some(dir), true) => corpus::wnw_dev_split(dir)?
            .1
            .iter()
            .map(|f| corpus::read_wnw(f))
            .collect::<anyhow::Result<Vec<_>>>()?,
        _ => Vec::new(),
    };
    eprintln!("features ready in {:.1}s", t0.elapsed().as_secs_f64());

    let mut perceptron = Perceptron::new(labels, &opts);
    let mut best: Option<(f64, usize, NerModel)> = None;
    let data = format!(
        "conll: {:?}; wnw: {:?} (train split)",
        cfg.conll
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>(),
        cfg.wnw.as_ref().map(|p| p.display().to_string())
    );
    for epoch in 1..=cfg.epochs {
        let mistakes = perceptron.epoch(&train_examples);
        let about = format!("factx NER averaged perceptron, epoch {epoch}, seed {seed}; {data}");
        let model = NerModel::new(feats.clone(), perceptron.averaged(), about);
        if dev.is_empty() {
            eprintln!(
                "epoch {epoch}: {mistakes} token mistakes ({:.0}s)",
                t0.elapsed().as_secs_f64()
            );
            best = Some((0.0, epoch, model));
            continue;
        }
        let report = evaluate(&model, &dev);
        let mut f1 = report.micro.f1;
        eprintln!(
            "epoch {epoch}: {mistakes} token mistakes, dev F1 {f1:.2} (P {:.2} R {:.2}) ({:.0}s)",
            report.micro.precision,
            report.micro.recall,
            t0.elapsed().as_secs_f64()
        );
        if !wnw_dev.is_empty() {
            let w = evaluate(&model, &wnw_dev).micro.f1;
            eprintln!(
                "         Worldwide Newswire dev F1 {w:.2}; mean {:.2}",
                (f1 + w) / 2.0
            );
            f1 = (f1 + w) / 2.0;
        }
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            let about = format!("{}; dev F1 {f1:.2}", model.about);
            best = Some((f1, epoch, NerModel { about, ..model }));
        }
    }
    let (f1, epoch, model) = best.ok_or_else(|| anyhow::anyhow!("no epochs were run"))?;
    eprintln!(
        "kept epoch {epoch} (dev F1 {f1:.2}) in {:.0}s",
        t0.elapsed().as_secs_f64()
    );
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_twice_writes_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let conll = dir.path().join("train.conll");
        let sentences = [
            "Abdulkafi B-PER\nAlhamdo I-PER\nlives O\nin O\nIdlib B-LOC\n. O",
            "Save B-ORG\nthe I-ORG\nChildren I-ORG\nworks O\nin O\nSyria B-LOC\n. O",
            "Sonia B-PER\nKhush I-PER\nleads O\nSave B-ORG\nthe I-ORG\nChildren I-ORG\n. O",
        ];
        let text: String = (0..40)
            .map(|i| format!("-DOCSTART- O\n\n{}\n\n", sentences[i % 3]))
            .collect();
        std::fs::write(&conll, text).unwrap();
        let clusters = dir.path().join("clusters.tsv");
        // Enough words for the order they are read in to show in a hash map's layout.
        let paths: String = (0..5000).map(|i| format!("{:b}\tword{i}\n", i % 64)).collect();
        std::fs::write(&clusters, paths).unwrap();
        let bytes = |name: &str| {
            let cfg = NerTrainConfig {
                conll: vec![conll.clone()],
                wnw: None,
                dev: None,
                clusters: Some(clusters.clone()),
                epochs: 2,
                buckets: 1 << 12,
                folds: 2,
                seeds: vec![1, 2],
                wnw_weight: 1,
                history_epochs: 1,
                wnw_dev: false,
                gmb: None,
                out: dir.path().join(name),
            };
            train(&cfg).unwrap().save(&cfg.out).unwrap();
            std::fs::read(&cfg.out).unwrap()
        };
        let (a, b) = (bytes("a.bin"), bytes("b.bin"));
        assert!(a == b, "two trainings wrote different model files");
    }

    #[test]
    fn seeded_folds_are_balanced_deterministic_and_differ_by_seed() {
        let a = seeded_folds(103, 5, 1);
        assert_eq!(a, seeded_folds(103, 5, 1));
        for k in 0..5 {
            let size = a.iter().filter(|&&f| f == k).count();
            assert!((20..=21).contains(&size), "fold {k} has {size} documents");
        }
        assert_ne!(a, seeded_folds(103, 5, 3));
        assert!(seeded_folds(7, 1, 9).iter().all(|&f| f == 0));
    }
}
