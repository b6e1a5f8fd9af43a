//! Throughput of the transformer NER backend with a BERT-base-sized model (random weights:
//! speed does not depend on them) over the seed articles.
//!
//! ```text
//! source ~/.cache/factx/libtorch-2.4.0/env.sh
//! cargo run --release --features bert --example bert_throughput -- [--batch 1,16,32] [--rounds 2] [--threads N]
//! ```
//!
//! It writes the model (hidden 768, 12 layers, 12 heads, intermediate 3072, a generated
//! 30,522-entry WordPiece vocabulary) into a temporary directory, loads it through
//! `BertNer::load` exactly as a user's model is loaded, and times `recognize` per batch size.

#[cfg(not(feature = "bert"))]
fn main() {
    eprintln!("bert_throughput needs the bert feature: cargo run --release --features bert --example bert_throughput");
    std::process::exit(2);
}

#[cfg(feature = "bert")]
fn main() -> anyhow::Result<()> {
    bench::main()
}

#[cfg(feature = "bert")]
mod bench {
    use std::collections::BTreeSet;
    use std::path::Path;
    use std::time::Instant;

    use anyhow::Context;
    use factx::ner::bert::{BertNer, Device};
    use factx::Doc;
    use rust_bert::bert::{BertConfig, BertForTokenClassification};

    const LABELS: [&str; 9] = [
        "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
    ];
    const VOCAB_SIZE: usize = 30522;

    pub fn main() -> anyhow::Result<()> {
        let mut batches = vec![1usize, 16, 32];
        let mut rounds = 2usize;
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            let v = args.next().context("every option takes a value")?;
            match a.as_str() {
                "--batch" => batches = v.split(',').map(|b| b.parse()).collect::<Result<_, _>>()?,
                "--rounds" => rounds = v.parse()?,
                "--threads" => tch::set_num_threads(v.parse()?),
                _ => anyhow::bail!("unknown option {a} (--batch 1,16,32 --rounds 2 --threads N)"),
            }
        }
        let seeds_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut files: Vec<_> = std::fs::read_dir(&seeds_dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        let docs: Vec<Doc> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).map(Doc::new))
            .collect::<Result<_, _>>()?;

        let dir = tempfile::tempdir()?;
        let t = Instant::now();
        let vocab = write_vocab(&docs, &dir.path().join("vocab.txt"))?;
        let config = config_json(vocab);
        std::fs::write(dir.path().join("config.json"), config.to_string())?;
        let bert_config: BertConfig = serde_json::from_str(&config.to_string())?;
        tch::manual_seed(0);
        let vs = tch::nn::VarStore::new(tch::Device::Cpu);
        let _model = BertForTokenClassification::new(vs.root(), &bert_config)?;
        vs.save(dir.path().join("rust_model.ot"))?;
        drop(vs);
        let size = std::fs::metadata(dir.path().join("rust_model.ot"))?.len();
        eprintln!(
            "wrote a BERT-base token classifier ({:.0} MB, {vocab} word-pieces) in {:.1} s",
            size as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );

        let t = Instant::now();
        let ner = BertNer::load(dir.path(), Device::Cpu)?;
        eprintln!("BertNer::load: {:.2} s", t.elapsed().as_secs_f64());

        let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
        let words: usize = docs.iter().map(|d| d.tokens.len()).sum();
        let pieces = count_pieces(&docs, &dir.path().join("vocab.txt"))?;
        println!(
            "corpus: {} seed articles, {sentences} sentences, {words} words, {pieces} word-pieces; torch threads {}",
            docs.len(),
            tch::get_num_threads()
        );
        // Warm-up (allocator, OpenMP pool).
        ner.recognize(&docs[0]);
        let mut ner = Some(ner);
        for &b in &batches {
            let n = ner.take().unwrap().with_batch_size(b);
            let mut best = f64::MAX;
            let mut entities = 0;
            for _ in 0..rounds.max(1) {
                let t = Instant::now();
                entities = docs.iter().map(|d| n.recognize(d).len()).sum::<usize>();
                best = best.min(t.elapsed().as_secs_f64());
            }
            println!(
                "batch {b:>3}: {best:.2} s per pass (best of {rounds}): {:.1} sentences/s, {:.0} words/s, {:.0} word-pieces/s ({entities} entities)",
                sentences as f64 / best,
                words as f64 / best,
                pieces as f64 / best
            );
            ner = Some(n);
        }
        Ok(())
    }

    fn config_json(vocab: usize) -> serde_json::Value {
        let id2label: serde_json::Map<_, _> = LABELS
            .iter()
            .enumerate()
            .map(|(i, l)| (i.to_string(), serde_json::Value::from(*l)))
            .collect();
        serde_json::json!({
            "model_type": "bert", "hidden_act": "gelu",
            "attention_probs_dropout_prob": 0.1, "hidden_dropout_prob": 0.1,
            "hidden_size": 768, "initializer_range": 0.02, "intermediate_size": 3072,
            "max_position_embeddings": 512, "num_attention_heads": 12, "num_hidden_layers": 12,
            "type_vocab_size": 2, "vocab_size": vocab, "id2label": id2label,
        })
    }

    /// A cased WordPiece vocabulary of BERT-base size: the special tokens, every word of the
    /// seed articles, single characters and generated pieces, so the seed text splits into
    /// word-pieces about as a real vocabulary splits news.
    fn write_vocab(docs: &[Doc], path: &Path) -> anyhow::Result<usize> {
        let mut v: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut seen: BTreeSet<String> = v.iter().cloned().collect();
        let mut add = |w: String, v: &mut Vec<String>| {
            if v.len() < VOCAB_SIZE && seen.insert(w.clone()) {
                v.push(w);
            }
        };
        for c in (b'!'..=b'~').map(char::from) {
            add(c.to_string(), &mut v);
            add(format!("##{c}"), &mut v);
        }
        for d in docs {
            for t in &d.tokens {
                let w = d.slice(t.span);
                if w.chars().all(char::is_alphanumeric) {
                    add(w.to_string(), &mut v);
                }
            }
        }
        let letters: Vec<char> = ('a'..='z').collect();
        'fill: for a in &letters {
            for b in &letters {
                for c in &letters {
                    if v.len() >= VOCAB_SIZE {
                        break 'fill;
                    }
                    add(format!("##{a}{b}{c}"), &mut v);
                    add(format!("{a}{b}{c}"), &mut v);
                }
            }
        }
        std::fs::write(path, v.join("\n") + "\n")?;
        Ok(v.len())
    }

    /// Word-pieces the backend feeds the model for the documents (without [CLS]/[SEP]).
    fn count_pieces(docs: &[Doc], vocab: &Path) -> anyhow::Result<usize> {
        use tokenizers::models::wordpiece::WordPiece;
        use tokenizers::normalizers::bert::BertNormalizer;
        use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
        let wp = WordPiece::from_file(vocab.to_str().context("path")?)
            .unk_token("[UNK]".into())
            .build()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut tok = tokenizers::Tokenizer::new(wp);
        tok.with_normalizer(Some(BertNormalizer::new(true, true, None, false)));
        tok.with_pre_tokenizer(Some(BertPreTokenizer));
        let mut n = 0;
        for d in docs {
            for s in 0..d.sentences.len() {
                let words: Vec<&str> = d.sentence_tokens(s).iter().map(|t| d.slice(t.span)).collect();
                if !words.is_empty() {
                    n += tok
                        .encode(words, false)
                        .map_err(|e| anyhow::anyhow!("{e}"))?
                        .len();
                }
            }
        }
        Ok(n)
    }
}
