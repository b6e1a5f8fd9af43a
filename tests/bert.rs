//! The transformer NER backend (`bert` feature), end to end and offline: each test writes a tiny
//! BERT token classifier (random or rigged weights, a small vocab.txt, a config.json with every
//! key rust-bert 0.23 needs) into a temporary directory and loads it the way a user's model is
//! loaded.
#![cfg(feature = "bert")]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use factx::ner::bert::{decode_tags, parse_tag, BertNer, Device, TagPosition};
use factx::{Config, Doc, EntityLabel, NerChoice, Pipeline};
use rust_bert::bert::{BertConfig, BertForTokenClassification};
use tch::nn::VarStore;
use tch::Tensor;

const CONLL: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seed articles in {}", dir.display());
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

/// Every sentence of the seed articles as words.
fn seed_sentences() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (_, text) in seeds() {
        let doc = Doc::new(text);
        for s in 0..doc.sentences.len() {
            out.push(
                doc.sentence_tokens(s)
                    .iter()
                    .map(|t| doc.slice(t.span).to_string())
                    .collect(),
            );
        }
    }
    out
}

fn as_strs(sentences: &[Vec<String>]) -> Vec<Vec<&str>> {
    sentences
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect()
}

/// A small cased vocabulary: the special tokens, the 300 commonest words of the seed articles
/// and a few word-pieces (so "Alhamdo" is Al ##ham ##do).
fn vocab() -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for s in seed_sentences() {
        for w in s {
            // the BERT pre-tokeniser splits on punctuation, so keep whole words and single marks
            if w.chars().all(char::is_alphanumeric) || w.chars().count() == 1 {
                *counts.entry(w).or_default() += 1;
            }
        }
    }
    let mut words: Vec<(String, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut v: Vec<String> = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "Al", "##ham", "##do", "##s",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (w, _) in words.into_iter().take(300) {
        if !v.contains(&w) {
            v.push(w);
        }
    }
    v
}

/// config.json with every key rust-bert 0.23's BertConfig requires.
fn config_json(vocab_size: usize, labels: &[&str], max_positions: usize) -> serde_json::Value {
    let id2label: serde_json::Map<String, serde_json::Value> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (i.to_string(), (*l).into()))
        .collect();
    let label2id: serde_json::Map<String, serde_json::Value> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.to_string(), i.into()))
        .collect();
    serde_json::json!({
        "model_type": "bert",
        "architectures": ["BertForTokenClassification"],
        "hidden_act": "gelu",
        "attention_probs_dropout_prob": 0.1,
        "hidden_dropout_prob": 0.1,
        "hidden_size": 32,
        "initializer_range": 0.02,
        "intermediate_size": 37,
        "max_position_embeddings": max_positions,
        "num_attention_heads": 2,
        "num_hidden_layers": 2,
        "type_vocab_size": 2,
        "vocab_size": vocab_size,
        "id2label": id2label,
        "label2id": label2id,
    })
}

/// How the classifier of a written model is set.
#[derive(Clone, Copy)]
enum Weights {
    /// Random, from this seed.
    Random(i64),
    /// Random encoder, but the classifier always says this label.
    Always(usize),
}

struct TinyModel {
    dir: tempfile::TempDir,
    /// The in-memory network the files were written from.
    model: BertForTokenClassification,
    vs: VarStore,
}

impl TinyModel {
    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn load(&self) -> BertNer {
        BertNer::load(self.path(), Device::Cpu).unwrap()
    }

    /// The same network written again into a new directory, its weights in `weights_file`.
    fn rewritten(&self, weights_file: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in ["vocab.txt", "config.json"] {
            std::fs::copy(self.path().join(file), dir.path().join(file)).unwrap();
        }
        self.vs.save(dir.path().join(weights_file)).unwrap();
        dir
    }
}

/// Held while a test seeds libtorch's global generator and draws a model's weights from it.
///
/// `BertNer::load` draws from the same generator (it builds a network before reading weights)
/// without this lock, so one seed is not sure to give one model twice: a test that needs the
/// same network in two places writes it once (`TinyModel::rewritten`).
static TORCH_RNG: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Write a model directory: config.json, vocab.txt and weights in `weights_file`.
fn write_model(labels: &[&str], weights: Weights, weights_file: &str, max_positions: usize) -> TinyModel {
    let dir = tempfile::tempdir().unwrap();
    let vocab = vocab();
    std::fs::write(dir.path().join("vocab.txt"), vocab.join("\n") + "\n").unwrap();
    let config = config_json(vocab.len(), labels, max_positions);
    std::fs::write(
        dir.path().join("config.json"),
        serde_json::to_string_pretty(&config).unwrap(),
    )
    .unwrap();
    let bert_config: BertConfig = serde_json::from_str(&config.to_string()).unwrap();
    // libtorch's random generator is global and tests run in parallel: seeding and initialising
    // must not interleave with another test's.
    let (vs, model) = {
        let _rng = TORCH_RNG.lock().unwrap_or_else(|e| e.into_inner());
        tch::manual_seed(match weights {
            Weights::Random(seed) => seed,
            Weights::Always(_) => 7,
        });
        let vs = VarStore::new(tch::Device::Cpu);
        let model = BertForTokenClassification::new(vs.root(), &bert_config).unwrap();
        (vs, model)
    };
    if let Weights::Always(k) = weights {
        let vars = vs.variables();
        tch::no_grad(|| {
            let _ = vars["classifier.weight"].shallow_clone().zero_();
            let mut bias = vars["classifier.bias"].shallow_clone();
            let _ = bias.zero_();
            let _ = bias.get(k as i64).fill_(10.0);
        });
    }
    vs.save(dir.path().join(weights_file)).unwrap();
    TinyModel { dir, model, vs }
}

fn random_model(seed: i64) -> TinyModel {
    write_model(&CONLL, Weights::Random(seed), "rust_model.ot", 64)
}

fn max_abs_diff(a: &[Vec<f32>], b: &[Vec<f32>]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .flat_map(|(x, y)| {
            assert_eq!(x.len(), y.len());
            x.iter().zip(y).map(|(p, q)| (p - q).abs())
        })
        .fold(0.0, f32::max)
}

/// Logits of the in-memory network for the given input ids.
fn direct_logits(model: &BertForTokenClassification, ids: &[i64]) -> Vec<Vec<f32>> {
    let input = Tensor::from_slice(ids).view([1, ids.len() as i64]);
    let logits = tch::no_grad(|| {
        model
            .forward_t(Some(&input), None, None, None, None, false)
            .logits
    });
    Vec::<Vec<f32>>::try_from(&logits.squeeze_dim(0)).unwrap()
}

/// Spans are whole words of the document: each starts where a token of one sentence starts and
/// ends where a token of the same sentence ends.
fn assert_whole_words(doc: &Doc, entities: &[factx::Entity]) {
    for e in entities {
        let s = doc
            .sentence_at(e.span.start)
            .expect("entity outside every sentence");
        let toks = doc.sentence_tokens(s);
        assert!(
            toks.iter().any(|t| t.span.start == e.span.start),
            "{:?} starts mid-word",
            e
        );
        assert!(
            toks.iter().any(|t| t.span.end == e.span.end),
            "{:?} ends mid-word or in another sentence",
            e
        );
        assert!(!doc.slice(e.span).trim().is_empty());
    }
}

#[test]
fn labels_map_to_factx_types_through_saved_weights() {
    let text = "Abdulkafi Alhamdo said Save the Children reached Idlib.\n\nAid arrived.";
    let doc = Doc::new(text);
    let words: Vec<_> = doc.tokens.iter().map(|t| t.span).collect();
    for (label, expected) in [
        ("B-ORG", Some(EntityLabel::Org)),
        ("B-LOC", Some(EntityLabel::Loc)),
        ("B-MISC", Some(EntityLabel::Misc)),
        ("B-PER", Some(EntityLabel::Per)),
        ("O", None),
    ] {
        let k = CONLL.iter().position(|l| *l == label).unwrap();
        let ner = write_model(&CONLL, Weights::Always(k), "rust_model.ot", 64).load();
        let entities = ner.recognize(&doc);
        match expected {
            // B- on every word: one one-word entity per token.
            Some(kind) => {
                assert_eq!(
                    entities.iter().map(|e| e.span).collect::<Vec<_>>(),
                    words,
                    "{label}"
                );
                assert!(entities.iter().all(|e| e.label == kind), "{label}: {entities:?}");
            }
            None => assert!(entities.is_empty(), "{label}: {entities:?}"),
        }
    }
    // I- on every word (IOB1): one entity per sentence, from its first word to its last.
    let k = CONLL.iter().position(|l| *l == "I-PER").unwrap();
    let ner = write_model(&CONLL, Weights::Always(k), "rust_model.ot", 64).load();
    let entities = ner.recognize(&doc);
    let sentences: Vec<_> = doc.sentences.iter().map(|s| s.span).collect();
    assert_eq!(entities.iter().map(|e| e.span).collect::<Vec<_>>(), sentences);
    assert!(entities.iter().all(|e| e.label == EntityLabel::Per));
    assert_eq!(doc.slice(entities[1].span), "Aid arrived.");
}

#[test]
fn ontonotes_style_labels_are_mapped_or_dropped() {
    let labels = [
        "O", "B-PERSON", "I-PERSON", "B-GPE", "B-NORP", "B-DATE", "S-FAC", "EVENT",
    ];
    let doc = Doc::new("Syrian doctors met in Idlib on Monday.");
    for (label, expected) in [
        ("B-PERSON", Some(EntityLabel::Per)),
        ("B-GPE", Some(EntityLabel::Loc)),
        ("S-FAC", Some(EntityLabel::Loc)),
        ("B-NORP", Some(EntityLabel::Misc)),
        ("EVENT", Some(EntityLabel::Misc)),
        ("B-DATE", None),
    ] {
        let k = labels.iter().position(|l| *l == label).unwrap();
        let ner = write_model(&labels, Weights::Always(k), "rust_model.ot", 64).load();
        assert_eq!(ner.labels(), labels);
        let entities = ner.recognize(&doc);
        match expected {
            Some(kind) => {
                assert!(!entities.is_empty(), "{label}");
                assert!(entities.iter().all(|e| e.label == kind), "{label}: {entities:?}");
            }
            None => assert!(entities.is_empty(), "{label}: {entities:?}"),
        }
    }
    // A plain label runs over consecutive words: the whole sentence is one event.
    let k = labels.iter().position(|l| *l == "EVENT").unwrap();
    let ner = write_model(&labels, Weights::Always(k), "rust_model.ot", 64).load();
    let entities = ner.recognize(&doc);
    assert_eq!(entities.len(), 1);
    assert_eq!(doc.slice(entities[0].span), doc.text());
}

#[test]
fn entity_spans_are_whole_words_on_the_seed_articles() {
    let ner = random_model(1).load();
    let mut kinds = std::collections::BTreeSet::new();
    let mut total = 0;
    for (name, text) in seeds() {
        let doc = Doc::new(text);
        let entities = ner.recognize(&doc);
        assert_whole_words(&doc, &entities);
        for w in entities.windows(2) {
            assert!(w[0].span.end <= w[1].span.start, "{name}: overlapping {w:?}");
        }
        total += entities.len();
        kinds.extend(entities.iter().map(|e| e.label));
    }
    // A random 9-label classifier tags most words as something.
    assert!(total > 100, "only {total} entities");
    assert_eq!(kinds.len(), 4, "{kinds:?}");
}

#[test]
fn multi_piece_words_get_one_label_and_whole_spans() {
    let k = CONLL.iter().position(|l| *l == "B-PER").unwrap();
    let model = write_model(&CONLL, Weights::Always(k), "rust_model.ot", 64);
    let ner = model.load();
    // Al ##ham ##ham ##do: four pieces, one word, one entity.
    let windows = ner.sentence_logits(&["Alhamhamdo", "said"]).unwrap();
    assert_eq!(windows.len(), 1);
    assert_eq!(windows[0].0.len(), 2 + 4 + 1, "{:?}", windows[0].0);
    let doc = Doc::new("Alhamhamdo said.");
    let spans: Vec<&str> = ner.recognize(&doc).iter().map(|e| doc.slice(e.span)).collect();
    assert_eq!(spans, ["Alhamhamdo", "said", "."]);
}

#[test]
fn batching_gives_the_same_result_as_one_by_one() {
    let model = random_model(3);
    let ner = model.load();
    let sentences = seed_sentences();
    let sentences = as_strs(&sentences);
    let one = ner.tag_sentences(&sentences).unwrap();
    let ner = ner.with_batch_size(1);
    let single = ner.tag_sentences(&sentences).unwrap();
    assert_eq!(one, single);
    let ner = ner.with_batch_size(7);
    assert_eq!(one, ner.tag_sentences(&sentences).unwrap());
    assert_eq!(
        one.iter().map(Vec::len).collect::<Vec<_>>(),
        sentences.iter().map(Vec::len).collect::<Vec<_>>()
    );
    let doc = Doc::new(seeds()[0].1.clone());
    let batched = ner.with_batch_size(16).recognize(&doc);
    let ner = model.load().with_batch_size(1);
    assert_eq!(batched, ner.recognize(&doc));
}

#[test]
fn weights_are_really_loaded() {
    let a = random_model(11);
    let b = random_model(12);
    let (ner_a, ner_b) = (a.load(), b.load());
    let words = [
        "Abdulkafi",
        "Alhamdo",
        "told",
        "ITV",
        "News",
        "that",
        "the",
        "children",
        "were",
        "safe",
        ".",
    ];
    // save -> load -> same logits as the network that was saved
    let windows = ner_a.sentence_logits(&words).unwrap();
    assert_eq!(windows.len(), 1);
    let (ids, logits) = &windows[0];
    assert_eq!(logits.len(), ids.len());
    assert_eq!(logits[0].len(), CONLL.len());
    let direct = direct_logits(&a.model, ids);
    assert!(
        max_abs_diff(logits, &direct) < 1e-4,
        "diff {}",
        max_abs_diff(logits, &direct)
    );
    // a differently seeded model computes something else
    let (ids_b, logits_b) = &ner_b.sentence_logits(&words).unwrap()[0];
    assert_eq!(ids, ids_b);
    assert!(max_abs_diff(logits, logits_b) > 1e-2);
    let direct_b = direct_logits(&b.model, ids);
    assert!(max_abs_diff(logits_b, &direct_b) < 1e-4);
    // and predicts differently on the seed articles
    let sentences = seed_sentences();
    let sentences = as_strs(&sentences);
    let (pa, pb) = (
        ner_a.tag_sentences(&sentences).unwrap(),
        ner_b.tag_sentences(&sentences).unwrap(),
    );
    let differ = pa
        .iter()
        .flatten()
        .zip(pb.iter().flatten())
        .filter(|(x, y)| x != y)
        .count();
    let n = pa.iter().map(Vec::len).sum::<usize>();
    assert!(differ * 4 > n, "only {differ} of {n} word labels differ");
    // loading the same directory twice is deterministic
    assert_eq!(pa, a.load().tag_sentences(&sentences).unwrap());
}

#[test]
fn safetensors_weights_and_tokenizer_json_load_too() {
    let ot = write_model(&CONLL, Weights::Random(5), "rust_model.ot", 64);
    let st = ot.rewritten("model.safetensors");
    assert!(!st.path().join("rust_model.ot").exists());
    let load_st = || BertNer::load(st.path(), Device::Cpu).unwrap();
    let words = ["Save", "the", "Children", "works", "in", "Idlib", "."];
    let (ids, from_ot) = ot.load().sentence_logits(&words).unwrap().remove(0);
    let (_, from_st) = load_st().sentence_logits(&words).unwrap().remove(0);
    assert!(max_abs_diff(&from_ot, &from_st) < 1e-5);
    assert!(max_abs_diff(&from_st, &direct_logits(&ot.model, &ids)) < 1e-4);

    // The same vocabulary as a Hugging Face tokenizer.json, instead of vocab.txt.
    use tokenizers::models::wordpiece::WordPiece;
    use tokenizers::normalizers::bert::BertNormalizer;
    use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
    use tokenizers::processors::bert::BertProcessing;
    let vocab = ot.path().join("vocab.txt");
    let wp = WordPiece::from_file(vocab.to_str().unwrap())
        .unk_token("[UNK]".into())
        .build()
        .unwrap();
    let mut tok = tokenizers::Tokenizer::new(wp);
    tok.with_normalizer(Some(BertNormalizer::new(true, true, None, false)));
    tok.with_pre_tokenizer(Some(BertPreTokenizer));
    tok.with_post_processor(Some(BertProcessing::new(
        ("[SEP]".into(), 3),
        ("[CLS]".into(), 2),
    )));
    tok.save(st.path().join("tokenizer.json"), false).unwrap();
    std::fs::remove_file(st.path().join("vocab.txt")).unwrap();
    let (ids_json, from_json) = load_st().sentence_logits(&words).unwrap().remove(0);
    assert_eq!(ids, ids_json);
    assert!(max_abs_diff(&from_ot, &from_json) < 1e-5);
}

#[test]
fn long_sentences_are_cut_into_windows() {
    // 16 positions: 14 word-pieces per window.
    let k = CONLL.iter().position(|l| *l == "I-PER").unwrap();
    let ner = write_model(&CONLL, Weights::Always(k), "rust_model.ot", 16).load();
    let mut text = vec!["the"; 60].join(" ");
    text.push_str(" Alhamdo.");
    let doc = Doc::new(text.clone());
    assert_eq!(doc.sentences.len(), 1);
    let entities = ner.recognize(&doc);
    // Windows are joined before decoding: one entity over the whole sentence.
    assert_eq!(entities.len(), 1, "{entities:?}");
    assert_eq!(doc.slice(entities[0].span), text);
    let windows = ner
        .sentence_logits(&doc.tokens.iter().map(|t| doc.slice(t.span)).collect::<Vec<_>>())
        .unwrap();
    assert!(windows.len() >= 5);
    assert!(windows.iter().all(|(ids, _)| ids.len() <= 16));

    // A random model on long sentences and a word longer than a window: labels for every word.
    let ner = write_model(&CONLL, Weights::Random(9), "rust_model.ot", 16).load();
    // 31 pieces (WordPiece turns words over 100 characters into one [UNK]).
    let long_word = format!("Al{}", "ham".repeat(30));
    let words: Vec<&str> = std::iter::repeat_n("Idlib", 30)
        .chain([long_word.as_str(), "."])
        .collect();
    let tags = ner.tag_sentences(std::slice::from_ref(&words)).unwrap();
    assert_eq!(tags[0].len(), words.len());
    let tags_small = ner
        .with_batch_size(1)
        .tag_sentences(std::slice::from_ref(&words))
        .unwrap();
    assert_eq!(tags, tags_small);
}

#[test]
fn odd_input_never_panics() {
    let ner = random_model(2).load();
    for text in [
        "",
        " \n\n \t",
        ".",
        "\u{0}\u{1}\u{7f}",
        "“Quoted” — dash… 😀 é ñ 北京 مرحبا",
        &"x".repeat(5000),
        &"word ".repeat(3000),
        "\u{200b}\u{feff}",
    ] {
        let doc = Doc::new(text);
        let entities = ner.recognize(&doc);
        assert_whole_words(&doc, &entities);
    }
}

#[test]
fn bad_model_directories_are_errors_not_panics() {
    fn err(dir: &Path) -> String {
        match BertNer::load(dir, Device::Cpu) {
            Ok(_) => panic!("{} loaded", dir.display()),
            Err(e) => format!("{e:#}"),
        }
    }
    let good = random_model(1);
    let copy = |skip: &str| {
        let d = tempfile::tempdir().unwrap();
        for f in ["config.json", "vocab.txt", "rust_model.ot"] {
            if f != skip {
                std::fs::copy(good.path().join(f), d.path().join(f)).unwrap();
            }
        }
        d
    };

    let missing = good.path().join("no-such-model");
    assert!(err(&missing).contains("does not exist"), "{}", err(&missing));

    let d = copy("config.json");
    assert!(err(d.path()).contains("has no config.json"), "{}", err(d.path()));

    let d = copy("");
    std::fs::write(d.path().join("config.json"), "{\"hidden_size\": 32,").unwrap();
    assert!(err(d.path()).contains("not valid JSON"), "{}", err(d.path()));

    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(good.path().join("config.json")).unwrap()).unwrap();
    let write_config =
        |d: &Path, c: &serde_json::Value| std::fs::write(d.join("config.json"), c.to_string()).unwrap();

    let mut c = config.clone();
    c.as_object_mut().unwrap().remove("id2label");
    write_config(d.path(), &c);
    assert!(err(d.path()).contains("no id2label"), "{}", err(d.path()));

    let mut c = config.clone();
    c["id2label"] = serde_json::json!({"0": "O", "5": "B-PER"});
    write_config(d.path(), &c);
    assert!(err(d.path()).contains("id2label ids"), "{}", err(d.path()));

    let mut c = config.clone();
    c.as_object_mut().unwrap().remove("hidden_act");
    write_config(d.path(), &c);
    assert!(err(d.path()).contains("hidden_act"), "{}", err(d.path()));

    let mut c = config.clone();
    c["num_attention_heads"] = 5.into();
    write_config(d.path(), &c);
    assert!(err(d.path()).contains("num_attention_heads"), "{}", err(d.path()));

    let mut c = config.clone();
    c["model_type"] = "roberta".into();
    write_config(d.path(), &c);
    assert!(err(d.path()).contains("BERT models only"), "{}", err(d.path()));

    // weights for 9 labels, config with 3
    let mut c = config.clone();
    c["id2label"] = serde_json::json!({"0": "O", "1": "B-PER", "2": "I-PER"});
    write_config(d.path(), &c);
    let e = err(d.path());
    assert!(e.contains("classifier") && e.contains("shape"), "{e}");

    // a vocabulary larger than the embedding table
    config["vocab_size"] = 20.into();
    write_config(d.path(), &config);
    assert!(err(d.path()).contains("vocab_size"), "{}", err(d.path()));

    let d = copy("rust_model.ot");
    assert!(err(d.path()).contains("has no weights"), "{}", err(d.path()));
    std::fs::write(d.path().join("rust_model.ot"), b"not a libtorch archive").unwrap();
    assert!(err(d.path()).contains("reading weights"), "{}", err(d.path()));

    let d = copy("vocab.txt");
    assert!(err(d.path()).contains("has no tokenizer"), "{}", err(d.path()));
    std::fs::write(d.path().join("tokenizer.json"), "{}").unwrap();
    assert!(err(d.path()).contains("tokenizer.json"), "{}", err(d.path()));

    if !tch::Cuda::is_available() {
        let e = BertNer::load(good.path(), Device::Cuda(0))
            .unwrap_err()
            .to_string();
        assert!(e.contains("CUDA is not available"), "{e}");
    }
}

#[test]
fn the_pipeline_runs_the_bert_backend() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Pipeline>();
    let k = CONLL.iter().position(|l| *l == "B-ORG").unwrap();
    let model = write_model(&CONLL, Weights::Always(k), "rust_model.ot", 64);
    let pipeline = Pipeline::new(Config {
        ner: NerChoice::Bert {
            dir: model.path().to_path_buf(),
            device: Device::Cpu,
        },
        ..Config::default()
    })
    .unwrap();
    let text = "Save the Children found that 440,000 people fled Idlib.\n";
    let x = pipeline.run(text);
    assert_eq!(x.entities.len(), x.doc.tokens.len());
    assert!(x.entities.iter().all(|e| e.label == EntityLabel::Org));
    assert_eq!(x.doc.slice(x.entities[0].span), "Save");

    // The same pipeline over the seed articles, in parallel as `factx extract` runs it.
    let random = random_model(4);
    let pipeline = Pipeline::new(Config {
        ner: NerChoice::Bert {
            dir: random.path().to_path_buf(),
            device: Device::Cpu,
        },
        ..Config::default()
    })
    .unwrap();
    let texts: Vec<String> = seeds().into_iter().map(|(_, t)| t).collect();
    let parallel: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .iter()
            .map(|t| s.spawn(|| pipeline.run(t).entities))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (t, entities) in texts.iter().zip(parallel) {
        assert_eq!(entities, pipeline.run(t).entities);
    }

    let missing = Pipeline::new(Config {
        ner: NerChoice::Bert {
            dir: model.path().join("nothing-here"),
            device: Device::Cpu,
        },
        ..Config::default()
    });
    assert!(missing.is_err());
}

#[test]
fn factx_extract_takes_a_bert_model_dir() {
    let k = CONLL.iter().position(|l| *l == "B-LOC").unwrap();
    let model = write_model(&CONLL, Weights::Always(k), "rust_model.ot", 64);
    let seed = &seeds()[0].0;
    // Without LD_LIBRARY_PATH: the binary finds libtorch through its rpath.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factx"))
        .args(["extract", "--quiet", "--device", "cpu", "--bert-model-dir"])
        .arg(model.path())
        .arg(seed)
        .env_remove("LD_LIBRARY_PATH")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entities = record["entities"].as_array().unwrap();
    assert!(!entities.is_empty());
    assert!(entities.iter().all(|e| e["label"] == "LOC"));

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factx"))
        .args(["extract", "--bert-model-dir"])
        .arg(model.path().join("missing"))
        .arg(seed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));

    // --device needs --bert-model-dir
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factx"))
        .args(["extract", "--device", "cpu"])
        .arg(seed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// Label schemes and devices: pure parsing, no model needed.

fn tags(labels: &[&str]) -> Vec<Option<(TagPosition, EntityLabel)>> {
    labels.iter().map(|l| parse_tag(l)).collect()
}

#[test]
fn label_schemes_map_to_conll_types() {
    assert_eq!(parse_tag("B-PER"), Some((TagPosition::Begin, EntityLabel::Per)));
    assert_eq!(parse_tag("I-ORG"), Some((TagPosition::Inside, EntityLabel::Org)));
    assert_eq!(parse_tag("S-GPE"), Some((TagPosition::Single, EntityLabel::Loc)));
    assert_eq!(parse_tag("L-FAC"), Some((TagPosition::End, EntityLabel::Loc)));
    assert_eq!(parse_tag("B-NORP"), Some((TagPosition::Begin, EntityLabel::Misc)));
    assert_eq!(parse_tag("LOC"), Some((TagPosition::Plain, EntityLabel::Loc)));
    assert_eq!(parse_tag("person"), Some((TagPosition::Plain, EntityLabel::Per)));
    assert_eq!(parse_tag("B-DATE"), None);
    assert_eq!(parse_tag("CARDINAL"), None);
    assert_eq!(parse_tag("O"), None);
    assert_eq!(parse_tag(""), None);
}

#[test]
fn decoding_reads_iob1_iob2_bioes_and_plain() {
    let p = EntityLabel::Per;
    let l = EntityLabel::Loc;
    // IOB2
    assert_eq!(
        decode_tags(&tags(&["B-PER", "I-PER", "O", "B-LOC"])),
        vec![(0, 2, p), (3, 4, l)]
    );
    // IOB1: I- starts an entity, B- splits two adjacent ones of one type.
    assert_eq!(
        decode_tags(&tags(&["I-PER", "I-PER", "B-PER", "I-LOC"])),
        vec![(0, 2, p), (2, 3, p), (3, 4, l)]
    );
    // BIOES
    assert_eq!(
        decode_tags(&tags(&["B-PER", "E-PER", "S-PER", "S-LOC"])),
        vec![(0, 2, p), (2, 3, p), (3, 4, l)]
    );
    // plain
    assert_eq!(
        decode_tags(&tags(&["PER", "PER", "O", "LOC", "LOC"])),
        vec![(0, 2, p), (3, 5, l)]
    );
    // a type change inside an entity starts a new one; dropped types end one
    assert_eq!(
        decode_tags(&tags(&["B-PER", "I-LOC", "B-DATE", "I-PER"])),
        vec![(0, 1, p), (1, 2, l), (3, 4, p)]
    );
}

#[test]
fn devices_parse() {
    assert_eq!("cpu".parse::<Device>(), Ok(Device::Cpu));
    assert_eq!("CUDA".parse::<Device>(), Ok(Device::Cuda(0)));
    assert_eq!("cuda:1".parse::<Device>(), Ok(Device::Cuda(1)));
    assert!("tpu".parse::<Device>().is_err());
}
