//! Transformer NER backend (the optional `bert` feature): a BERT token classifier run through
//! rust-bert and libtorch, loaded from a local model directory.
//!
//! The directory holds what a Hugging Face `BertForTokenClassification` checkpoint holds:
//!
//! ```text
//! config.json                  BERT hyper-parameters and `id2label`
//! rust_model.ot                weights (libtorch format, as rust-bert converts them), or
//! model.safetensors            weights (safetensors, as Hugging Face publishes them)
//! tokenizer.json               a Hugging Face tokenizer, or
//! vocab.txt                    a WordPiece vocabulary (one token per line)
//! ```
//!
//! Sentences come from factx's own tokeniser: the words of each sentence are fed to the model
//! pre-tokenised, the first word-piece of each word decides the word's label, and entities are
//! runs of words, so every entity span starts and ends on a word of the [`Doc`].
//!
//! Labels are read from `id2label` in IOB1, IOB2, BIOES/BILOU or plain (`PER`) form and mapped
//! onto CoNLL types by [`entity_label`]: person → PER, organisation → ORG, location, GPE and
//! facility → LOC; dates, times and numeric types (DATE, TIME, MONEY, PERCENT, QUANTITY,
//! ORDINAL, CARDINAL, …) are dropped (the numbers stage covers them); every other type → MISC.

use std::collections::HashMap;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;

use anyhow::{anyhow, bail, ensure, Context};
use rust_bert::bert::{BertConfig, BertForTokenClassification};
use tch::nn::VarStore;
use tch::{Kind, Tensor};
use tokenizers::Tokenizer;

use crate::{Doc, Entity, EntityLabel, Span};

/// Sentence windows per forward pass unless [`BertNer::with_batch_size`] says otherwise.
pub const DEFAULT_BATCH_SIZE: usize = 16;
/// Longest window (word-pieces plus `[CLS]` and `[SEP]`) fed to the model, whatever its config
/// allows: attention cost grows with the square of the length.
pub const MAX_WINDOW: usize = 512;

/// Where the model runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Device {
    #[default]
    Cpu,
    /// A CUDA GPU by ordinal (`cuda` is `cuda:0`); needs a libtorch built with CUDA.
    Cuda(usize),
}

impl FromStr for Device {
    type Err = String;

    fn from_str(s: &str) -> Result<Device, String> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "cpu" => Ok(Device::Cpu),
            "cuda" | "gpu" => Ok(Device::Cuda(0)),
            _ => s
                .strip_prefix("cuda:")
                .and_then(|n| n.parse().ok())
                .map(Device::Cuda)
                .ok_or_else(|| format!("unknown device `{s}` (use cpu, cuda or cuda:N)")),
        }
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Cpu => f.write_str("cpu"),
            Device::Cuda(i) => write!(f, "cuda:{i}"),
        }
    }
}

impl Device {
    fn to_tch(self) -> anyhow::Result<tch::Device> {
        match self {
            Device::Cpu => Ok(tch::Device::Cpu),
            Device::Cuda(i) => {
                ensure!(
                    tch::Cuda::is_available(),
                    "--device {self}: CUDA is not available (no GPU, or a CPU-only libtorch such as \
                     the one scripts/setup-libtorch.sh assembles); use --device cpu"
                );
                let n = tch::Cuda::device_count().max(0) as usize;
                ensure!(i < n, "--device {self}: only {n} CUDA device(s) visible");
                Ok(tch::Device::Cuda(i))
            }
        }
    }
}

/// Where a word's label sits inside its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagPosition {
    /// `B-`: begins an entity.
    Begin,
    /// `I-`: inside (in IOB1 it may also begin one).
    Inside,
    /// `E-` / `L-`: ends an entity.
    End,
    /// `S-` / `U-`: a one-word entity.
    Single,
    /// No prefix (`PER`): consecutive words of one type form one entity.
    Plain,
}

/// A model label decoded: its position and its factx type; `None` for `O` and dropped types.
pub fn parse_tag(label: &str) -> Option<(TagPosition, EntityLabel)> {
    let label = label.trim();
    if label.is_empty() || label.eq_ignore_ascii_case("O") {
        return None;
    }
    let bytes = label.as_bytes();
    let (pos, kind) = if bytes.len() > 2 && (bytes[1] == b'-' || bytes[1] == b'_') {
        let pos = match bytes[0].to_ascii_uppercase() {
            b'B' => Some(TagPosition::Begin),
            b'I' => Some(TagPosition::Inside),
            b'E' | b'L' => Some(TagPosition::End),
            b'S' | b'U' => Some(TagPosition::Single),
            _ => None,
        };
        match pos {
            Some(p) => (p, &label[2..]),
            None => (TagPosition::Plain, label),
        }
    } else {
        (TagPosition::Plain, label)
    };
    entity_label(kind).map(|l| (pos, l))
}

/// The factx type of a model's entity type: PER, ORG and LOC by name (with their OntoNotes and
/// GMB spellings), `None` for dates, times and numeric types, MISC for everything else.
pub fn entity_label(kind: &str) -> Option<EntityLabel> {
    let k = kind.trim().to_ascii_uppercase();
    match k.as_str() {
        "PER" | "PERS" | "PERSON" => Some(EntityLabel::Per),
        "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(EntityLabel::Org),
        "LOC" | "LOCATION" | "GPE" | "GEO" | "FAC" | "FACILITY" => Some(EntityLabel::Loc),
        "DATE" | "TIME" | "TIM" | "MONEY" | "PERCENT" | "QUANTITY" | "ORDINAL" | "CARDINAL" | "NUM"
        | "NUMBER" => None,
        "" => None,
        _ => Some(EntityLabel::Misc),
    }
}

/// Entity spans `[start, end)` over word indices from per-word tags. Tolerant: an `I-`/`E-`
/// that does not continue an entity of its type starts one (IOB1, and conlleval's reading of
/// broken IOB2).
pub fn decode_tags(tags: &[Option<(TagPosition, EntityLabel)>]) -> Vec<(usize, usize, EntityLabel)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, EntityLabel)> = None;
    for (i, tag) in tags.iter().enumerate() {
        match *tag {
            None => {
                if let Some((s, l)) = cur.take() {
                    out.push((s, i, l));
                }
            }
            Some((pos, label)) => {
                let continues = matches!(cur, Some((_, l)) if l == label)
                    && matches!(pos, TagPosition::Inside | TagPosition::End | TagPosition::Plain);
                if !continues {
                    if let Some((s, l)) = cur.take() {
                        out.push((s, i, l));
                    }
                    cur = Some((i, label));
                }
                if matches!(pos, TagPosition::End | TagPosition::Single) {
                    if let Some((s, l)) = cur.take() {
                        out.push((s, i + 1, l));
                    }
                }
            }
        }
    }
    if let Some((s, l)) = cur {
        out.push((s, tags.len(), l));
    }
    out
}

/// The model and the store that owns its weights; not `Sync`, hence behind a mutex.
struct Model {
    model: BertForTokenClassification,
    _vs: VarStore,
}

/// A BERT token-classification model loaded for NER; `Send + Sync` (forward passes are
/// serialised: libtorch already spreads one pass over the cores).
pub struct BertNer {
    model: Mutex<Model>,
    tokenizer: Tokenizer,
    /// `id2label`, by label id.
    labels: Vec<String>,
    tags: Vec<Option<(TagPosition, EntityLabel)>>,
    cls: i64,
    sep: i64,
    pad: i64,
    unk: i64,
    vocab_size: i64,
    /// Word-pieces per window, `[CLS]` and `[SEP]` excluded.
    window: usize,
    batch_size: usize,
    device: tch::Device,
    dir: PathBuf,
}

impl fmt::Debug for BertNer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BertNer")
            .field("dir", &self.dir)
            .field("labels", &self.labels)
            .field("device", &self.device)
            .field("batch_size", &self.batch_size)
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

/// A window's input ids and its logits (`[window length][labels]`).
pub type WindowLogits = (Vec<i64>, Vec<Vec<f32>>);

/// One window of a sentence: its word-pieces and, per piece, the word it came from.
struct Window {
    sentence: usize,
    ids: Vec<i64>,
    words: Vec<usize>,
}

impl BertNer {
    /// Load a model directory (see the module documentation for its layout). Every problem with
    /// the directory is an `Err` naming the file at fault.
    pub fn load(dir: &Path, device: Device) -> anyhow::Result<BertNer> {
        ensure!(
            dir.is_dir(),
            "BERT model directory {} does not exist (or is not a directory)",
            dir.display()
        );
        let config_path = dir.join("config.json");
        ensure!(
            config_path.is_file(),
            "{} has no config.json (a BERT token-classification model directory holds config.json, \
             rust_model.ot or model.safetensors, and tokenizer.json or vocab.txt)",
            dir.display()
        );
        let (config, labels, lowercase) = read_config(&config_path)?;
        let weights = ["rust_model.ot", "model.safetensors"]
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.is_file())
            .ok_or_else(|| {
                anyhow!(
                    "{} has no weights: expected rust_model.ot or model.safetensors{}",
                    dir.display(),
                    if dir.join("pytorch_model.bin").exists() {
                        " (pytorch_model.bin is not read: convert it to safetensors)"
                    } else {
                        ""
                    }
                )
            })?;
        let mut tokenizer = load_tokenizer(dir, lowercase)?;
        // factx windows the input itself: the tokenizer must neither truncate nor pad.
        tokenizer
            .with_truncation(None)
            .map_err(|e| anyhow!("{}: {e}", dir.display()))?;
        tokenizer.with_padding(None);
        let special = |name: &str| -> anyhow::Result<i64> {
            tokenizer.token_to_id(name).map(i64::from).ok_or_else(|| {
                anyhow!(
                    "the tokenizer in {} has no {name} token (a BERT WordPiece vocabulary is needed)",
                    dir.display()
                )
            })
        };
        let (cls, sep) = (special("[CLS]")?, special("[SEP]")?);
        let unk = special("[UNK]")?;
        let pad = tokenizer.token_to_id("[PAD]").map_or(0, i64::from);
        let max_id = tokenizer
            .get_vocab(true)
            .values()
            .copied()
            .max()
            .map_or(0, i64::from);
        ensure!(
            max_id < config.vocab_size,
            "the tokenizer in {} has token ids up to {max_id} but config.json says vocab_size {}",
            dir.display(),
            config.vocab_size
        );

        let tch_device = device.to_tch()?;
        let model = build_model(&config, tch_device, &weights)?;
        let window = (config.max_position_embeddings as usize).min(MAX_WINDOW) - 2;
        let tags = labels.iter().map(|l| parse_tag(l)).collect();
        Ok(BertNer {
            model: Mutex::new(model),
            tokenizer,
            labels,
            tags,
            cls,
            sep,
            pad,
            unk,
            vocab_size: config.vocab_size,
            window,
            batch_size: DEFAULT_BATCH_SIZE,
            device: tch_device,
            dir: dir.to_path_buf(),
        })
    }

    /// Sentence windows per forward pass (at least 1).
    pub fn with_batch_size(mut self, n: usize) -> BertNer {
        self.batch_size = n.max(1);
        self
    }

    /// Word-pieces per window, `[CLS]` and `[SEP]` excluded: longer sentences are cut into
    /// windows at word boundaries (at least 1, at most what the model's positions allow).
    pub fn with_window(mut self, n: usize) -> BertNer {
        self.window = n.clamp(1, self.window);
        self
    }

    /// Sentence windows per forward pass.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// The model's labels (`id2label`), by label id.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The model directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Recognise the entities of a document. Never panics: if the model fails (which a valid
    /// model directory should not), the reason goes to stderr and no entities are returned.
    pub fn recognize(&self, doc: &Doc) -> Vec<Entity> {
        self.try_recognize(doc).unwrap_or_else(|e| {
            eprintln!("factx: BERT NER failed: {e:#}");
            Vec::new()
        })
    }

    /// Recognise the entities of a document, reporting a model failure as an `Err`.
    pub fn try_recognize(&self, doc: &Doc) -> anyhow::Result<Vec<Entity>> {
        let sentences: Vec<Vec<&str>> = (0..doc.sentences.len())
            .map(|s| doc.sentence_tokens(s).iter().map(|t| doc.slice(t.span)).collect())
            .collect();
        let predicted = self.predict_words(&sentences)?;
        let mut out = Vec::new();
        for (s, labels) in predicted.iter().enumerate() {
            let toks = doc.sentence_tokens(s);
            let tags: Vec<_> = labels
                .iter()
                .map(|l| l.and_then(|l| self.tags.get(l).copied().flatten()))
                .collect();
            for (a, b, label) in decode_tags(&tags) {
                out.push(Entity {
                    span: Span::new(toks[a].span.start, toks[b - 1].span.end),
                    label,
                });
            }
        }
        Ok(out)
    }

    /// The model's label for every word of pre-tokenised sentences (`O` for a word the
    /// tokenizer turned into no word-piece, such as a lone control character).
    pub fn tag_sentences(&self, sentences: &[Vec<&str>]) -> anyhow::Result<Vec<Vec<String>>> {
        Ok(self
            .predict_words(sentences)?
            .into_iter()
            .map(|ls| {
                ls.into_iter()
                    .map(|l| l.map_or("O", |l| self.labels[l].as_str()).to_string())
                    .collect()
            })
            .collect())
    }

    /// Input ids and logits (`[window length][labels]`, `[CLS]` and `[SEP]` rows included) of
    /// each window of one pre-tokenised sentence, one window per forward pass.
    pub fn sentence_logits(&self, words: &[&str]) -> anyhow::Result<Vec<WindowLogits>> {
        let windows = self.windows(std::slice::from_ref(&words.to_vec()))?;
        let mut out = Vec::new();
        for w in &windows {
            let (input, mask, _) = self.batch_tensors(&[w])?;
            let logits = self
                .forward(&input, &mask)?
                .f_squeeze_dim(0)?
                .f_to_kind(Kind::Float)?
                .f_to_device(tch::Device::Cpu)?;
            let rows = Vec::<Vec<f32>>::try_from(&logits)?;
            let ids = Vec::<i64>::try_from(&input.f_squeeze_dim(0)?.f_to_device(tch::Device::Cpu)?)?;
            out.push((ids, rows));
        }
        Ok(out)
    }

    /// The predicted label id of every word (`None` for a word without word-pieces).
    fn predict_words(&self, sentences: &[Vec<&str>]) -> anyhow::Result<Vec<Vec<Option<usize>>>> {
        let mut out: Vec<Vec<Option<usize>>> = sentences.iter().map(|s| vec![None; s.len()]).collect();
        let windows = self.windows(sentences)?;
        // Longest first, so each batch pads little; results go back by sentence and word.
        let mut order: Vec<&Window> = windows.iter().collect();
        order.sort_by_key(|w| std::cmp::Reverse(w.ids.len()));
        for batch in order.chunks(self.batch_size) {
            let (input, mask, len) = self.batch_tensors(batch)?;
            let logits = self.forward(&input, &mask)?;
            let best = logits.f_argmax(-1, false)?.f_to_device(tch::Device::Cpu)?;
            let best = Vec::<Vec<i64>>::try_from(&best)?;
            for (w, row) in batch.iter().zip(&best) {
                ensure!(
                    row.len() == len,
                    "model returned {} positions for {len}",
                    row.len()
                );
                let words = &mut out[w.sentence];
                // Position 0 is [CLS]; the first piece of each word decides its label.
                let mut last = None;
                for (k, &word) in w.words.iter().enumerate() {
                    if last != Some(word) {
                        let label = usize::try_from(row[k + 1])
                            .ok()
                            .filter(|&l| l < self.labels.len());
                        words[word] = label;
                        last = Some(word);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Word-pieces of each sentence, cut at word boundaries into windows the model can take.
    fn windows(&self, sentences: &[Vec<&str>]) -> anyhow::Result<Vec<Window>> {
        let mut out = Vec::new();
        for (s, words) in sentences.iter().enumerate() {
            if words.is_empty() {
                continue;
            }
            let enc = match self.tokenizer.encode(words.as_slice(), false) {
                Ok(enc) => enc,
                Err(e) => {
                    eprintln!("factx: BERT NER: cannot tokenise a sentence ({e}); it gets no entities");
                    continue;
                }
            };
            // Pieces grouped by word, in order; a piece with no word (an added token) is dropped.
            let mut pieces: Vec<(usize, Vec<i64>)> = Vec::new();
            for (&id, word) in enc.get_ids().iter().zip(enc.get_word_ids()) {
                let Some(word) = word.map(|w| w as usize).filter(|&w| w < words.len()) else {
                    continue;
                };
                let id = i64::from(id);
                let id = if (0..self.vocab_size).contains(&id) {
                    id
                } else {
                    self.unk
                };
                match pieces.last_mut() {
                    Some((w, ids)) if *w == word => ids.push(id),
                    _ => pieces.push((word, vec![id])),
                }
            }
            let mut cur = Window {
                sentence: s,
                ids: Vec::new(),
                words: Vec::new(),
            };
            for (word, mut ids) in pieces {
                // A word longer than a window keeps its first pieces (its label is the first's).
                ids.truncate(self.window);
                if cur.ids.len() + ids.len() > self.window {
                    let full = std::mem::replace(
                        &mut cur,
                        Window {
                            sentence: s,
                            ids: Vec::new(),
                            words: Vec::new(),
                        },
                    );
                    out.push(full);
                }
                cur.words.extend(std::iter::repeat_n(word, ids.len()));
                cur.ids.extend(ids);
            }
            if !cur.ids.is_empty() {
                out.push(cur);
            }
        }
        Ok(out)
    }

    /// `[CLS] pieces [SEP] [PAD]…` ids and the attention mask of a batch, and its length.
    fn batch_tensors(&self, batch: &[&Window]) -> anyhow::Result<(Tensor, Tensor, usize)> {
        let len = batch.iter().map(|w| w.ids.len()).max().unwrap_or(0) + 2;
        let mut ids = Vec::with_capacity(batch.len() * len);
        let mut mask = Vec::with_capacity(batch.len() * len);
        for w in batch {
            ids.push(self.cls);
            ids.extend_from_slice(&w.ids);
            ids.push(self.sep);
            let used = w.ids.len() + 2;
            ids.extend(std::iter::repeat_n(self.pad, len - used));
            mask.extend(std::iter::repeat_n(1i64, used));
            mask.extend(std::iter::repeat_n(0i64, len - used));
        }
        let shape = [batch.len() as i64, len as i64];
        let ids = Tensor::from_slice(&ids).f_view(shape)?.f_to_device(self.device)?;
        let mask = Tensor::from_slice(&mask)
            .f_view(shape)?
            .f_to_device(self.device)?;
        Ok((ids, mask, len))
    }

    /// Logits `[batch, length, labels]` on the model's device, without gradients.
    fn forward(&self, input: &Tensor, mask: &Tensor) -> anyhow::Result<Tensor> {
        // A panic inside a forward pass leaves the model as it was (inference writes nothing).
        let model = self.model.lock().unwrap_or_else(|e| e.into_inner());
        let logits = catch_unwind(AssertUnwindSafe(|| {
            tch::no_grad(|| {
                model
                    .model
                    .forward_t(Some(input), Some(mask), None, None, None, false)
                    .logits
            })
        }))
        .map_err(|p| {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            anyhow!("forward pass failed: {msg}")
        })?;
        Ok(logits)
    }
}

/// Download rust-bert's default CoNLL-2003 NER model
/// ([dbmdz/bert-large-cased-finetuned-conll03-english](https://huggingface.co/dbmdz/bert-large-cased-finetuned-conll03-english),
/// about 1.3 GB) into rust-bert's cache (`RUSTBERT_CACHE`, else `~/.cache/.rustbert`) and lay it
/// out as a model directory at `dir` (`config.json`, `rust_model.ot`, `vocab.txt`, hard links
/// or copies) for [`BertNer::load`] and `factx extract --bert-model-dir`. Only with the `remote`
/// feature; the one place factx touches the network.
#[cfg(feature = "remote")]
pub fn fetch_default_model(dir: &Path) -> anyhow::Result<()> {
    use rust_bert::bert::{BertConfigResources, BertModelResources, BertVocabResources};
    use rust_bert::resources::{RemoteResource, ResourceProvider};
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (resource, name) in [
        (BertConfigResources::BERT_NER, "config.json"),
        (BertVocabResources::BERT_NER, "vocab.txt"),
        (BertModelResources::BERT_NER, "rust_model.ot"),
    ] {
        let src = RemoteResource::from_pretrained(resource)
            .get_local_path()
            .with_context(|| format!("downloading {}", resource.1))?;
        let dst = dir.join(name);
        let _ = std::fs::remove_file(&dst);
        if std::fs::hard_link(&src, &dst).is_err() {
            std::fs::copy(&src, &dst)
                .with_context(|| format!("copying {} to {}", src.display(), dst.display()))?;
        }
    }
    Ok(())
}

/// Parse and check config.json: the BERT config, `id2label` by id, and the tokenizer's case
/// setting if the file names one.
fn read_config(path: &Path) -> anyhow::Result<(BertConfig, Vec<String>, Option<bool>)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| anyhow!("{} is not valid JSON: {e}", path.display()))?;
    let obj = value
        .as_object()
        .ok_or_else(|| anyhow!("{} must hold a JSON object", path.display()))?;
    if let Some(kind) = obj.get("model_type").and_then(|v| v.as_str()) {
        ensure!(
            kind == "bert",
            "{}: model_type is {kind:?}; factx's transformer backend runs BERT models only",
            path.display()
        );
    }
    let id2label = match obj.get("id2label") {
        Some(serde_json::Value::Object(m)) if !m.is_empty() => m,
        Some(_) => bail!("{}: id2label must be a non-empty object", path.display()),
        None => bail!(
            "{} has no id2label: it is not a token-classification (NER) model",
            path.display()
        ),
    };
    let mut labels = vec![None; id2label.len()];
    for (k, v) in id2label {
        let id: usize = k.parse().ok().filter(|&i| i < labels.len()).ok_or_else(|| {
            anyhow!(
                "{}: id2label ids must be 0..{}, found {k:?}",
                path.display(),
                labels.len()
            )
        })?;
        let name = v
            .as_str()
            .ok_or_else(|| anyhow!("{}: id2label[{k}] must be a string", path.display()))?;
        labels[id] = Some(name.to_string());
    }
    let labels: Vec<String> = labels.into_iter().map(Option::unwrap_or_default).collect();
    let mut config: BertConfig =
        serde_json::from_str(&text).map_err(|e| anyhow!("{} is not a BERT config: {e}", path.display()))?;
    let c = &config;
    ensure!(
        c.hidden_size > 0 && c.num_attention_heads > 0 && c.hidden_size % c.num_attention_heads == 0,
        "{}: hidden_size ({}) must be a positive multiple of num_attention_heads ({})",
        path.display(),
        c.hidden_size,
        c.num_attention_heads
    );
    ensure!(
        c.num_hidden_layers >= 0 && c.intermediate_size > 0 && c.vocab_size > 0 && c.type_vocab_size > 0,
        "{}: num_hidden_layers, intermediate_size, vocab_size and type_vocab_size must be positive",
        path.display()
    );
    ensure!(
        c.max_position_embeddings >= 3,
        "{}: max_position_embeddings must be at least 3",
        path.display()
    );
    config.output_attentions = Some(false);
    config.output_hidden_states = Some(false);
    let lowercase = obj.get("do_lower_case").and_then(|v| v.as_bool());
    Ok((config, labels, lowercase))
}

/// tokenizer.json if present, else a BERT WordPiece tokenizer over vocab.txt.
fn load_tokenizer(dir: &Path, lowercase: Option<bool>) -> anyhow::Result<Tokenizer> {
    let json = dir.join("tokenizer.json");
    if json.is_file() {
        return Tokenizer::from_file(&json)
            .map_err(|e| anyhow!("{} is not a tokenizer: {e}", json.display()));
    }
    let vocab = dir.join("vocab.txt");
    ensure!(
        vocab.is_file(),
        "{} has no tokenizer: expected tokenizer.json or vocab.txt",
        dir.display()
    );
    let text = std::fs::read_to_string(&vocab).with_context(|| format!("reading {}", vocab.display()))?;
    ensure!(
        text.lines().any(|l| l == "[UNK]"),
        "{} has no [UNK] token",
        vocab.display()
    );
    let lowercase = match lowercase.or_else(|| tokenizer_config_lowercase(dir)) {
        Some(l) => l,
        // Neither file says: a vocabulary with capitalised words is cased.
        None => !text
            .lines()
            .filter(|l| !(l.starts_with('[') && l.ends_with(']')))
            .any(|l| l.chars().any(char::is_uppercase)),
    };
    bert_wordpiece(&vocab, lowercase).map_err(|e| anyhow!("{}: {e}", vocab.display()))
}

/// `do_lower_case` from tokenizer_config.json, if it is there.
fn tokenizer_config_lowercase(dir: &Path) -> Option<bool> {
    let text = std::fs::read_to_string(dir.join("tokenizer_config.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.get("do_lower_case")?.as_bool()
}

/// The BERT tokenizer pipeline (normaliser, pre-tokeniser, WordPiece) over a vocab.txt.
fn bert_wordpiece(vocab: &Path, lowercase: bool) -> tokenizers::Result<Tokenizer> {
    use tokenizers::models::wordpiece::WordPiece;
    use tokenizers::normalizers::bert::BertNormalizer;
    use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
    let path = vocab.to_str().ok_or("the vocab.txt path is not UTF-8")?;
    let wordpiece = WordPiece::from_file(path).unk_token("[UNK]".into()).build()?;
    let mut tok = Tokenizer::new(wordpiece);
    tok.with_normalizer(Some(BertNormalizer::new(true, true, None, lowercase)));
    tok.with_pre_tokenizer(Some(BertPreTokenizer));
    Ok(tok)
}

/// Build the network on `device` and fill it with the weights file, checking every tensor's
/// presence and shape first (libtorch would broadcast a mismatched one silently).
fn build_model(config: &BertConfig, device: tch::Device, weights: &Path) -> anyhow::Result<Model> {
    let vs = VarStore::new(device);
    let model = catch_unwind(AssertUnwindSafe(|| {
        BertForTokenClassification::new(vs.root(), config)
    }))
    .map_err(|_| anyhow!("config.json describes a BERT model that cannot be built"))?
    .map_err(|e| anyhow!("building the BERT model: {e}"))?;
    let file: HashMap<String, Tensor> = if weights.extension().is_some_and(|e| e == "safetensors") {
        Tensor::read_safetensors(weights)
    } else {
        Tensor::load_multi(weights)
    }
    .map_err(|e| anyhow!("reading weights {}: {e}", weights.display()))?
    .into_iter()
    .collect();
    let mut vars: Vec<(String, Tensor)> = vs.variables().into_iter().collect();
    vars.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, var) in &vars {
        let src = file.get(name).ok_or_else(|| {
            anyhow!(
                "weights {} lack tensor {name} (is this a BertForTokenClassification checkpoint?)",
                weights.display()
            )
        })?;
        ensure!(
            src.size() == var.size(),
            "weights {}: tensor {name} has shape {:?} but config.json implies {:?} \
             (check hidden_size, vocab_size, max_position_embeddings and the number of labels in id2label)",
            weights.display(),
            src.size(),
            var.size()
        );
    }
    tch::no_grad(|| -> anyhow::Result<()> {
        for (name, var) in &mut vars {
            // copy_ converts fp16/bf16 files to the model's float weights.
            var.f_copy_(&file[name.as_str()])
                .map_err(|e| anyhow!("loading tensor {name} from {}: {e}", weights.display()))?;
        }
        Ok(())
    })?;
    Ok(Model { model, _vs: vs })
}
