//! Phrase chunking (runtime half; training in [`train`]): noun, verb and other phrases over a
//! sentence's words, tagged by the shared sequence-tagger engine. The attribution tagger reads
//! them: a source is mostly a noun phrase, a cue a verb phrase, a content a clause.

pub mod train;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::ner::features::{mix, shape_hashes, word_hash, ClusterIndex};
use crate::tagger::{FeatureMatrix, Labels, Model, QuantizedModel};

/// First bytes of every factx chunk model file.
const MAGIC: &str = "factx-chunks";
/// Model file format version; bump when features or layout change.
pub const FORMAT_VERSION: u32 = 1;

/// Phrase types, in label order (CoNLL-2000 chunk types; rarer ones are left out).
pub const TYPES: [&str; 7] = ["NP", "VP", "PP", "ADVP", "ADJP", "SBAR", "PRT"];

/// The chunker's label set (BILOU over the phrase types).
pub fn labels() -> Labels {
    Labels::new(&TYPES)
}

/// The model file's body (after its magic string and version).
#[derive(Serialize, Deserialize)]
struct ModelFile {
    about: String,
    clusters: ClusterIndex,
    tagger: QuantizedModel,
}

/// A loaded chunker; `Send + Sync`.
#[derive(Clone)]
pub struct ChunkModel {
    clusters: ClusterIndex,
    model: Model,
    about: String,
}

impl std::fmt::Debug for ChunkModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChunkModel")
            .field("about", &self.about)
            .finish_non_exhaustive()
    }
}

/// A token's phrase: 0 outside any phrase, else `1 + 2 × type + (1 when not the phrase's first word)`.
pub type ChunkCode = u8;

impl ChunkModel {
    /// Wrap a trained tagger into a model.
    pub fn new(clusters: ClusterIndex, model: Model, about: String) -> ChunkModel {
        ChunkModel {
            clusters,
            model,
            about,
        }
    }

    /// Load a model file.
    pub fn load(path: &std::path::Path) -> anyhow::Result<ChunkModel> {
        let bytes = std::fs::read(path).with_context(|| format!("reading chunk model {}", path.display()))?;
        ChunkModel::from_bytes(&bytes).with_context(|| format!("loading chunk model {}", path.display()))
    }

    /// Decode a model from its file bytes.
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<ChunkModel> {
        let file: ModelFile =
            crate::tagger::decode_model_file(bytes, MAGIC, FORMAT_VERSION, "chunk", "factx train chunks")?;
        let model = file.tagger.into_model()?;
        anyhow::ensure!(model.labels == labels(), "chunk model has unexpected labels");
        Ok(ChunkModel {
            clusters: file.clusters,
            model,
            about: file.about,
        })
    }

    /// The model file's bytes (16-bit weights).
    pub fn to_bytes(&self) -> anyhow::Result<Vec<u8>> {
        let file = ModelFile {
            about: self.about.clone(),
            clusters: self.clusters.clone(),
            tagger: QuantizedModel::from(&self.model),
        };
        crate::tagger::encode_model_file(MAGIC, FORMAT_VERSION, &file)
    }

    /// Write the model file.
    pub fn save(&self, path: &std::path::Path) -> anyhow::Result<()> {
        std::fs::write(path, self.to_bytes()?).with_context(|| format!("writing {}", path.display()))
    }

    /// How the model was trained.
    pub fn about(&self) -> &str {
        &self.about
    }

    /// Phrase spans `(start, end, type)` of one sentence's words.
    pub fn spans(&self, words: &[&str], x: &mut FeatureMatrix) -> Vec<(usize, usize, usize)> {
        if words.is_empty() {
            return Vec::new();
        }
        extract(words, &self.clusters, x);
        self.model.labels.decode(&self.model.predict(x))
    }

    /// The phrase code of every word of one sentence.
    pub fn codes(&self, words: &[&str], x: &mut FeatureMatrix) -> Vec<ChunkCode> {
        let mut out = vec![0; words.len()];
        for (a, b, t) in self.spans(words, x) {
            for (k, code) in out[a..b].iter_mut().enumerate() {
                *code = 1 + 2 * t as u8 + u8::from(k > 0);
            }
        }
        out
    }
}

/// Hash the chunker's features of one sentence's words into `x` (cleared first): the word, its
/// shape and affixes, a ±2 window, and word-cluster prefixes.
pub fn extract(words: &[&str], clusters: &ClusterIndex, x: &mut FeatureMatrix) {
    x.clear();
    let n = words.len();
    let mut low = Vec::with_capacity(n);
    let mut shape = Vec::with_capacity(n);
    let mut brief = Vec::with_capacity(n);
    let mut suffixes = Vec::with_capacity(n);
    let mut buf = String::new();
    for w in words {
        // `word_hash` lower-cases ASCII itself, so only other words need a lower-case copy.
        let lower: &str = if w.is_ascii() {
            w
        } else {
            buf.clear();
            buf.extend(w.chars().flat_map(char::to_lowercase));
            &buf
        };
        let suffix = |k: usize| {
            let cut = lower.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i);
            word_hash(&lower[cut..])
        };
        suffixes.push([suffix(1), suffix(2), suffix(3)]);
        low.push(word_hash(lower));
        let (full, short) = shape_hashes(w);
        shape.push(full);
        brief.push(short);
    }
    let cluster: Vec<(u64, u64)> = low
        .iter()
        .map(|&h| {
            clusters.get(h).map_or((0, 0), |(bits, len)| {
                let prefix =
                    |k: u8| 1 + (u64::from(bits >> len.saturating_sub(k)) | u64::from(k.min(len)) << 32);
                (prefix(8), prefix(16))
            })
        })
        .collect();
    let at = |i: isize, v: &[u64]| -> u64 {
        if i < 0 {
            0xb0
        } else if i as usize >= n {
            0xe0
        } else {
            v[i as usize]
        }
    };
    let c8: Vec<u64> = cluster.iter().map(|c| c.0).collect();
    for t in 0..n {
        let i = t as isize;
        let f = |template: u64, v: u64| mix(mix(template, v), 0x53);
        let mut push = |h: u64| x.hashes.push(h);
        let [s1, s2, s3] = suffixes[t];
        push(f(0, 0));
        push(f(1, low[t]));
        push(f(2, shape[t]));
        push(f(3, s1));
        push(f(4, s2));
        push(f(5, s3));
        push(f(6, at(i - 1, &low)));
        push(f(7, at(i + 1, &low)));
        push(f(8, at(i - 2, &low)));
        push(f(9, at(i + 2, &low)));
        push(f(10, mix(at(i - 1, &low), low[t])));
        push(f(11, mix(low[t], at(i + 1, &low))));
        push(f(12, mix(at(i - 1, &brief), at(i + 1, &brief))));
        push(f(13, cluster[t].0));
        push(f(14, cluster[t].1));
        push(f(15, at(i - 1, &c8)));
        push(f(16, at(i + 1, &c8)));
        push(f(17, mix(at(i - 1, &c8), c8[t])));
        push(f(18, mix(s2, at(i - 1, &low))));
        push(f(19, u64::from(t == 0)));
        x.end_token();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_mark_each_phrase_start_and_inside() {
        // A model that knows nothing tags nothing: every word is outside.
        let model = ChunkModel::new(
            ClusterIndex::default(),
            Model::new(labels(), 1 << 8),
            String::new(),
        );
        let mut x = FeatureMatrix::new();
        assert_eq!(model.codes(&["The", "cat", "sat"], &mut x), vec![0, 0, 0]);
        assert!(model.codes(&[], &mut x).is_empty());
    }

    #[test]
    fn features_cover_every_word() {
        let mut x = FeatureMatrix::new();
        extract(&["He", "said", "so", "."], &ClusterIndex::default(), &mut x);
        assert_eq!(x.len(), 4);
        assert!((0..4).all(|i| x.token(i).len() == 20));
    }
}
