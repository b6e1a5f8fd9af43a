//! The learned attribution tagger: trained end to end on a tiny PolNeAR-shaped corpus written
//! here, saved and loaded, and the shipped model run through the pipeline.

use std::path::Path;

use factx::quotes::tagger::AttributionModel;
use factx::quotes::train::{train, QuotesTrainConfig};
use factx::quotes::Scope;
use factx::{Config, Pipeline, QuotesChoice};

/// Speakers, verbs and reported clauses combined into attribution sentences.
const WHO: &[&str] = &[
    "The minister",
    "A spokesman",
    "Local officials",
    "The mayor",
    "Her lawyer",
];
const VERB: &[&str] = &["said", "told reporters", "argued", "insisted", "claimed"];
const WHAT: &[&str] = &[
    "the bridge would reopen next month",
    "prices had risen again",
    "the talks had failed",
    "nobody was hurt in the fire",
];

/// Write one brat article: text plus Source/Cue/Content annotations (code-point offsets).
fn write_article(dir: &Path, name: &str, k: usize) {
    let mut text = String::from("Headline about the week\n\n");
    let mut ann = String::new();
    let mut t = 0;
    let mut e = 0;
    let mut add = |text: &mut String, ann: &mut String, ty: &str, s: &str| {
        let start = text.chars().count();
        text.push_str(s);
        t += 1;
        ann.push_str(&format!(
            "T{t}\t{ty} {start} {}\t{s}\n",
            start + s.chars().count()
        ));
        t
    };
    for i in 0..6 {
        let who = WHO[(k + i) % WHO.len()];
        let verb = VERB[(k * 3 + i) % VERB.len()];
        let what = WHAT[(k + 2 * i) % WHAT.len()];
        let s = add(&mut text, &mut ann, "Source", who);
        text.push(' ');
        let c = add(&mut text, &mut ann, "Cue", verb);
        text.push_str(" that ");
        let o = add(&mut text, &mut ann, "Content", what);
        text.push_str(".\n\nThe weather was mild and the streets were quiet.\n\n");
        e += 1;
        ann.push_str(&format!(
            "E{e}\tAttribution:T{c} Source:T{s} Cue:T{c} Content:T{o}\n"
        ));
    }
    std::fs::write(dir.join("text").join(format!("{name}.txt")), text).unwrap();
    std::fs::write(
        dir.join("attributions").join(format!("{name}_annotator1.ann")),
        ann,
    )
    .unwrap();
}

fn corpus(dir: &Path, articles: usize, offset: usize) {
    std::fs::create_dir_all(dir.join("text")).unwrap();
    std::fs::create_dir_all(dir.join("attributions")).unwrap();
    for k in 0..articles {
        write_article(dir, &format!("article{k:03}"), k + offset);
    }
}

#[test]
fn training_learns_attributions_and_the_model_file_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let (train_dir, dev_dir) = (tmp.path().join("train"), tmp.path().join("dev"));
    corpus(&train_dir, 12, 0);
    corpus(&dev_dir, 3, 40);
    // A tiny chunker, so the phrase features and the chunker inside the model file are exercised.
    let chunk_text = "The DT I-NP O\nminister NN I-NP O\nsaid VBD I-VP O\nthat IN I-SBAR O\n\
                      prices NNS I-NP O\nhad VBD I-VP O\nrisen VBN I-VP O\n. . O O\n\n";
    std::fs::write(tmp.path().join("chunks.conll"), chunk_text.repeat(4)).unwrap();
    let chunker = tmp.path().join("chunks.bin");
    factx::chunk::train::train(&factx::chunk::train::ChunkTrainConfig {
        conll: vec![tmp.path().join("chunks.conll")],
        dev: None,
        epochs: 3,
        buckets: 1 << 10,
        seed: 1,
        clusters: None,
        out: chunker.clone(),
    })
    .unwrap();
    let out = tmp.path().join("quotes.bin");
    let cfg = QuotesTrainConfig {
        train: train_dir,
        dev: Some(dev_dir.clone()),
        epochs: 4,
        buckets: 1 << 14,
        seed: 1,
        first_epochs: 4,
        clusters: None,
        chunker: Some(chunker),
        folds: 3,
        out: out.clone(),
        errors: 0,
    };
    let model = train(&cfg).unwrap();
    let dev = factx::quotes::train::read_split(&dev_dir, None).unwrap();
    let report = factx::quotes::train::evaluate(&model, &dev);
    assert!(
        report.all.source_exact.f1 > 95.0,
        "source F1 {}",
        report.all.source_exact.f1
    );
    assert!(
        report.all.content_exact.f1 > 95.0,
        "content F1 {}",
        report.all.content_exact.f1
    );

    // The saved file tags exactly as the model in memory does.
    let loaded = AttributionModel::load(&out).unwrap();
    for a in &dev {
        assert_eq!(
            model.tag_spans(&a.doc, &a.entities, &a.rules, true),
            loaded.tag_spans(&a.doc, &a.entities, &a.rules, true)
        );
    }
    // A file that is not a model is an error, not a panic.
    std::fs::write(tmp.path().join("bad.bin"), b"not a model").unwrap();
    assert!(AttributionModel::load(&tmp.path().join("bad.bin")).is_err());
}

#[test]
fn the_shipped_tagger_finds_reported_speech_the_rules_miss() {
    if AttributionModel::embedded().is_none() {
        eprintln!("factx was built without models/quotes.bin; nothing to check");
        return;
    }
    // "indicated" is no reporting verb of the rules; the tagger learned the pattern.
    let text = "Senator Maria Lopez indicated that the new budget would cut school funding by a third.";
    let run = |quotes: QuotesChoice, attributions: Scope| {
        let p = Pipeline::new(Config {
            quotes,
            attributions,
            ..Config::default()
        })
        .unwrap();
        let x = p.run(text);
        x.quotes
            .iter()
            .map(|q| {
                (
                    x.doc.slice(q.content).to_string(),
                    q.speaker.as_ref().map(|s| s.name.clone()),
                )
            })
            .collect::<Vec<_>>()
    };
    assert!(run(QuotesChoice::RulesOnly, Scope::Speech).is_empty());
    for scope in [Scope::Speech, Scope::All] {
        let found = run(QuotesChoice::BuiltIn, scope);
        assert_eq!(
            found,
            vec![(
                "the new budget would cut school funding by a third".to_string(),
                Some("Maria Lopez".to_string())
            )],
            "{scope:?}"
        );
    }
}

#[test]
fn thoughts_are_attributions_only_in_the_all_scope() {
    if AttributionModel::embedded().is_none() {
        return;
    }
    let text = "The governor wants to raise the minimum wage to fifteen dollars next year.";
    let count = |attributions: Scope| {
        let p = Pipeline::new(Config {
            attributions,
            ..Config::default()
        })
        .unwrap();
        p.run(text).quotes.len()
    };
    assert_eq!(count(Scope::Speech), 0);
    assert_eq!(count(Scope::All), 1);
}

#[test]
fn the_shipped_chunker_finds_the_phrases_of_a_plain_sentence() {
    let Some(model) = AttributionModel::embedded() else {
        eprintln!("factx was built without models/quotes.bin; nothing to check");
        return;
    };
    let model = model.unwrap();
    let chunker = model.chunker().expect("the shipped tagger reads phrases");
    let words = [
        "The", "aid", "agency", "said", "on", "Monday", "that", "hundreds", "of", "families", "had", "fled",
        ".",
    ];
    let spans = chunker.spans(&words, &mut factx::tagger::FeatureMatrix::new());
    let found: Vec<(usize, usize, &str)> = spans
        .iter()
        .map(|&(a, b, t)| (a, b, factx::chunk::TYPES[t]))
        .collect();
    assert!(found.contains(&(0, 3, "NP")), "{found:?}");
    assert!(found.contains(&(3, 4, "VP")), "{found:?}");
    assert!(found.contains(&(10, 12, "VP")), "{found:?}");
    assert!(found.contains(&(6, 7, "SBAR")), "{found:?}");
}
