//! Training the attribution tagger (`factx train quotes`): PolNeAR in, `models/quotes.bin` out.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;

use super::tagger::{self, AttributionModel, CueLexicon, DocInfo, CONTENT, CUE, SOURCE};
use crate::chunk::ChunkModel;
use crate::doc::CharOffsets;
use crate::eval::polnear::{self, Attribution, PolnearReport};
use crate::ner::features::ClusterIndex;
use crate::ner::NerModel;
use crate::tagger::train::{Example, Perceptron, TrainOptions};
use crate::tagger::FeatureMatrix;
use crate::{Doc, Entity, Quote};

/// What to train on and how.
#[derive(Clone, Debug)]
pub struct QuotesTrainConfig {
    /// PolNeAR training split folder (text/ and attributions/).
    pub train: PathBuf,
    /// PolNeAR dev split folder, scored after every epoch; the best epoch is kept.
    pub dev: Option<PathBuf>,
    pub epochs: usize,
    /// Hash buckets (a power of two).
    pub buckets: usize,
    pub seed: u64,
    /// Epochs of the first-pass tagger.
    pub first_epochs: usize,
    /// Word-cluster file (`bitpath<TAB>word` lines), optional.
    pub clusters: Option<PathBuf>,
    /// Phrase chunker model file (`factx train chunks`), optional.
    pub chunker: Option<PathBuf>,
    /// Folds for the jack-knifed first pass that trains the second (below 2: no second pass).
    pub folds: usize,
    pub out: PathBuf,
    /// Print this many dev paragraphs where the kept model and the gold disagree.
    pub errors: usize,
}

/// One article of a PolNeAR split, tokenised, with its entities, the rules' quotes and gold
/// attributions.
pub struct Article {
    pub doc: Doc,
    pub entities: Vec<Entity>,
    pub rules: Vec<Quote>,
    pub gold: Vec<Attribution>,
}

/// Read a PolNeAR split (first annotator file per article) and run NER over it.
pub fn read_split(dir: &Path, ner: Option<&NerModel>) -> anyhow::Result<Vec<Article>> {
    let files = polnear::split_files(dir)?;
    files
        .par_iter()
        .map(|(text_path, ann_path)| {
            let text = std::fs::read_to_string(text_path)
                .with_context(|| format!("reading {}", text_path.display()))?;
            let ann = std::fs::read_to_string(ann_path)
                .with_context(|| format!("reading {}", ann_path.display()))?;
            let doc = Doc::new(text);
            let entities = ner.map(|m| m.recognize(&doc)).unwrap_or_default();
            let rules = super::rule_quotes(&doc, &entities);
            Ok(Article {
                gold: polnear::parse_ann(&ann),
                doc,
                entities,
                rules,
            })
        })
        .collect()
}

/// Gold typed token spans `(start, end, type)` of an article; spans stop at paragraph ends.
pub fn gold_spans(doc: &Doc, gold: &[Attribution]) -> Vec<(usize, usize, usize)> {
    let map = CharOffsets::new(doc.text());
    let len = doc.text().len();
    let para_of: Vec<usize> = {
        let mut v = vec![0; doc.tokens.len()];
        for s in &doc.sentences {
            for t in s.tokens.clone() {
                v[t] = s.paragraph;
            }
        }
        v
    };
    let mut out = Vec::new();
    for a in gold {
        for (frags, ty) in [(&a.source, SOURCE), (&a.cue, CUE), (&a.content, CONTENT)] {
            for &(cs, ce) in frags {
                let (Some(bs), Some(be)) = (map.byte_of(cs, len), map.byte_of(ce, len)) else {
                    continue;
                };
                // Tokens mostly inside the fragment.
                let inside: Vec<usize> = (doc.token_at_or_after(bs.saturating_sub(8))..doc.tokens.len())
                    .take_while(|&t| doc.tokens[t].span.start < be)
                    .filter(|&t| {
                        let sp = doc.tokens[t].span;
                        let ov = sp.end.min(be).saturating_sub(sp.start.max(bs));
                        ov * 2 > sp.len()
                    })
                    .collect();
                let mut run: Option<(usize, usize)> = None;
                for t in inside {
                    run = match run {
                        Some((s, e)) if e == t && para_of[s] == para_of[t] => Some((s, t + 1)),
                        Some((s, e)) => {
                            out.push((s, e, ty));
                            Some((t, t + 1))
                        }
                        None => Some((t, t + 1)),
                    };
                }
                if let Some((s, e)) = run {
                    out.push((s, e, ty));
                }
            }
        }
    }
    out.sort();
    out
}

/// How often each word is part of a gold cue, over some articles.
pub fn cue_lexicon(articles: &[Article]) -> CueLexicon {
    let mut counts: std::collections::HashMap<u64, (u32, u32)> = std::collections::HashMap::new();
    for art in articles {
        let mut is_cue = vec![false; art.doc.tokens.len()];
        for (a, b, t) in gold_spans(&art.doc, &art.gold) {
            if t == CUE {
                is_cue[a..b].iter_mut().for_each(|c| *c = true);
            }
        }
        for (t, &cue) in is_cue.iter().enumerate() {
            let w = crate::ner::features::word_hash(art.doc.token_text(t));
            let e = counts.entry(w).or_default();
            e.0 += 1;
            e.1 += u32::from(cue);
        }
    }
    CueLexicon::from_counts(&counts, 3)
}

/// Training sequences (one per paragraph) of some articles; `first_pass` holds the first
/// tagger's labels per article and paragraph when building the second pass's examples.
fn examples(
    articles: &[Article],
    lexicon: &CueLexicon,
    clusters: &ClusterIndex,
    chunker: Option<&ChunkModel>,
    buckets: usize,
    first_pass: Option<&[Vec<Vec<usize>>]>,
) -> Vec<Example> {
    let labels = tagger::labels();
    articles
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, art)| {
            // Only the second pass reads phrases, so only its examples need them.
            let chunker = chunker.filter(|_| first_pass.is_some());
            let info = DocInfo::with_phrases(&art.doc, &art.entities, &art.rules, lexicon, clusters, chunker);
            let spans = gold_spans(&art.doc, &art.gold);
            let mut x = FeatureMatrix::new();
            let mut x2 = FeatureMatrix::new();
            (0..art.doc.paragraphs.len())
                .filter_map(|p| {
                    let range = tagger::paragraph_tokens(&art.doc, p);
                    if range.is_empty() {
                        return None;
                    }
                    tagger::extract(&art.doc, &info, range.clone(), &mut x);
                    if let Some(f) = first_pass {
                        tagger::stack(&art.doc, &info, range.clone(), &f[d][p], &x, &mut x2);
                        std::mem::swap(&mut x, &mut x2);
                    }
                    let local: Vec<(usize, usize, usize)> = spans
                        .iter()
                        .filter(|s| s.0 >= range.start && s.1 <= range.end)
                        .map(|&(a, b, t)| (a - range.start, b - range.start, t))
                        .collect();
                    Some(Example::new(&x, labels.encode(range.len(), &local), buckets))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The tagger's attributions of a document in PolNeAR's form (code-point fragments).
pub fn as_polnear(doc: &Doc, found: &[tagger::TaggedAttribution]) -> Vec<Attribution> {
    let map = CharOffsets::new(doc.text());
    let span = |r: &std::ops::Range<usize>| {
        (
            map.char_of(doc.tokens[r.start].span.start),
            map.char_of(doc.tokens[r.end - 1].span.end),
        )
    };
    found
        .iter()
        .map(|a| Attribution {
            source: a.source.iter().map(span).collect(),
            cue: a.cue.iter().map(span).collect(),
            content: a.content.iter().map(span).collect(),
        })
        .collect()
}

/// Paragraphs where the model and the gold disagree, each shown twice with its spans bracketed
/// (`[S …]` source, `[C …]` cue, `[T …]` content).
pub fn disagreements(model: &AttributionModel, articles: &[Article], limit: usize) -> Vec<String> {
    let show = |doc: &Doc, range: std::ops::Range<usize>, spans: &[(usize, usize, usize)]| -> String {
        let mut out = String::new();
        for t in range {
            for &(a, _, ty) in spans.iter().filter(|s| s.0 == t) {
                let _ = a;
                out.push_str(["[S ", "[C ", "[T "][ty]);
            }
            out.push_str(doc.token_text(t));
            for _ in spans.iter().filter(|s| s.1 == t + 1) {
                out.push(']');
            }
            out.push(' ');
        }
        out
    };
    let mut out = Vec::new();
    for art in articles {
        let gold = gold_spans(&art.doc, &art.gold);
        let pred = model.tag_spans(&art.doc, &art.entities, &art.rules, true);
        for p in 0..art.doc.paragraphs.len() {
            let r = tagger::paragraph_tokens(&art.doc, p);
            let inside = |s: &&(usize, usize, usize)| s.0 >= r.start && s.1 <= r.end;
            let g: Vec<_> = gold.iter().filter(inside).copied().collect();
            let q: Vec<_> = pred.iter().filter(inside).copied().collect();
            if g != q && out.len() < limit {
                out.push(format!(
                    "gold: {}\npred: {}\n",
                    show(&art.doc, r.clone(), &g),
                    show(&art.doc, r.clone(), &q)
                ));
            }
        }
    }
    out
}

/// Score a model on articles of a PolNeAR split.
pub fn evaluate(model: &AttributionModel, articles: &[Article]) -> PolnearReport {
    let scored: Vec<(String, Vec<Attribution>, Vec<Attribution>)> = articles
        .par_iter()
        .map(|a| {
            let found = model.attributions(&a.doc, &a.entities, &a.rules, true);
            (
                a.doc.text().to_string(),
                a.gold.clone(),
                as_polnear(&a.doc, &found),
            )
        })
        .collect();
    let mut report = PolnearReport::default();
    for (text, gold, pred) in &scored {
        report.add_article(text, gold, pred);
    }
    report
}

/// Train, report dev scores per epoch, keep the best epoch, and write the model file.
pub fn train(cfg: &QuotesTrainConfig) -> anyhow::Result<AttributionModel> {
    let t0 = Instant::now();
    // Load the chunker first, so a bad file fails before the corpora are read and tagged.
    let chunker = cfg.chunker.as_deref().map(ChunkModel::load).transpose()?;
    let ner = NerModel::embedded().transpose()?;
    let train = read_split(&cfg.train, ner.as_ref())?;
    anyhow::ensure!(
        !train.is_empty(),
        "no PolNeAR articles under {}",
        cfg.train.display()
    );
    let dev = match &cfg.dev {
        Some(d) => read_split(d, ner.as_ref())?,
        None => Vec::new(),
    };
    let lexicon = cue_lexicon(&train);
    let clusters = match &cfg.clusters {
        Some(p) => ClusterIndex::from(&crate::ner::train::read_clusters(p)?),
        None => ClusterIndex::default(),
    };
    let first_examples = examples(&train, &lexicon, &clusters, chunker.as_ref(), cfg.buckets, None);
    let tokens: usize = first_examples.iter().map(Example::len).sum();
    eprintln!(
        "training on {} articles, {} paragraphs, {tokens} tokens; features ready in {:.1}s",
        train.len(),
        first_examples.len(),
        t0.elapsed().as_secs_f64()
    );
    let opts = TrainOptions {
        epochs: cfg.epochs,
        seed: cfg.seed,
        buckets: cfg.buckets,
    };
    let data = format!(
        "PolNeAR {} (first annotator file per article)",
        cfg.train.display()
    );
    let fit = |examples: &[Example]| {
        let mut p = Perceptron::new(tagger::labels(), &opts);
        for _ in 0..cfg.first_epochs {
            p.epoch(examples);
        }
        p.averaged()
    };
    let first = fit(&first_examples);
    let report = |model: &AttributionModel, epoch: usize| -> f64 {
        if dev.is_empty() {
            return 0.0;
        }
        let r = evaluate(model, &dev);
        eprintln!(
            "epoch {epoch}: dev exact F1 source {:.2} cue {:.2} content {:.2} ({:.0}s)",
            r.all.source_exact.f1,
            r.all.cue_exact.f1,
            r.all.content_exact.f1,
            t0.elapsed().as_secs_f64()
        );
        (r.all.source_exact.f1 + r.all.content_exact.f1) / 2.0
    };
    let first_only = AttributionModel::new(
        lexicon.clone(),
        clusters.clone(),
        first.clone(),
        None,
        chunker.clone(),
        String::new(),
    );
    eprint!("first pass alone, ");
    let first_score = report(&first_only, cfg.first_epochs);
    if cfg.folds < 2 {
        let about = format!(
            "factx attribution tagger, averaged perceptron, {} epochs, seed {}; {data}",
            cfg.first_epochs, cfg.seed
        );
        let model = first_only.with_about(about);
        model.save(&cfg.out)?;
        return Ok(model);
    }
    // Jack-knifed first-pass labels: each article is labelled by a tagger not trained on it.
    let folds = cfg.folds;
    let mut first_pass: Vec<Vec<Vec<usize>>> = vec![Vec::new(); train.len()];
    // Each article's first-pass examples (one per non-empty paragraph), to pick the folds from.
    let mut starts = Vec::with_capacity(train.len() + 1);
    let mut total = 0;
    starts.push(total);
    for a in &train {
        total += (0..a.doc.paragraphs.len())
            .filter(|&p| !tagger::paragraph_tokens(&a.doc, p).is_empty())
            .count();
        starts.push(total);
    }
    for k in 0..folds {
        let rest: Vec<Example> = (0..train.len())
            .filter(|d| d % folds != k)
            .flat_map(|d| first_examples[starts[d]..starts[d + 1]].iter().cloned())
            .collect();
        // A first pass alone, which reads no phrases.
        let fold_model = AttributionModel::new(
            lexicon.clone(),
            clusters.clone(),
            fit(&rest),
            None,
            None,
            String::new(),
        );
        let labelled: Vec<(usize, Vec<Vec<usize>>)> = (0..train.len())
            .into_par_iter()
            .filter(|d| d % folds == k)
            .map(|d| {
                let info = DocInfo::new(
                    &train[d].doc,
                    &train[d].entities,
                    &train[d].rules,
                    &lexicon,
                    &clusters,
                );
                (d, fold_model.first_pass(&train[d].doc, &info))
            })
            .collect();
        for (d, y) in labelled {
            first_pass[d] = y;
        }
        eprintln!(
            "fold {} of {folds} labelled ({:.0}s)",
            k + 1,
            t0.elapsed().as_secs_f64()
        );
    }
    let second_examples = examples(
        &train,
        &lexicon,
        &clusters,
        chunker.as_ref(),
        cfg.buckets,
        Some(&first_pass),
    );
    let mut perceptron = Perceptron::new(tagger::labels(), &opts);
    let mut best: Option<(f64, usize, AttributionModel)> = None;
    for epoch in 1..=cfg.epochs {
        perceptron.epoch(&second_examples);
        let about = format!(
            "factx attribution tagger, two stacked averaged perceptrons ({} + {epoch} epochs, {folds} folds), seed {}; {data}",
            cfg.first_epochs, cfg.seed
        );
        let model = AttributionModel::new(
            lexicon.clone(),
            clusters.clone(),
            first.clone(),
            Some(perceptron.averaged()),
            chunker.clone(),
            about,
        );
        let score = report(&model, epoch);
        if dev.is_empty() || best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, epoch, model));
        }
    }
    if best.as_ref().is_some_and(|b| b.0 < first_score) {
        eprintln!("note: the second pass scores below the first pass alone on dev");
    }
    let (_, epoch, model) = best.ok_or_else(|| anyhow::anyhow!("no epochs were run"))?;
    for d in disagreements(&model, &dev, cfg.errors) {
        println!("{d}");
    }
    model.save(&cfg.out)?;
    eprintln!(
        "kept epoch {epoch}; wrote {} in {:.0}s",
        cfg.out.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(model)
}
