//! NER features: word, case, shape, affixes, a ±2 window, gazetteers, word clusters and
//! document-level case evidence, hashed into a [`FeatureMatrix`].
//!
//! Every word is hashed once (lower-cased) and features combine those hashes with a template id,
//! so extraction allocates nothing per feature.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::tagger::FeatureMatrix;
use crate::EntityLabel;

/// Longest phrase (in tokens) a gazetteer holds.
pub const MAX_GAZ_LEN: usize = 6;

/// A hasher for keys that are already hashes: passes the u64 through.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64 ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash-map builder for keys that are already hashes.
pub type Fast = BuildHasherDefault<PassThrough>;

/// Mix a value into a hash (a multiply-xorshift round; stable across runs and machines).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    let mut x = (h ^ v.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xd6e8_feb8_6659_fd93);
    x ^= x >> 32;
    x = x.wrapping_mul(0xd6e8_feb8_6659_fd93);
    x ^ (x >> 29)
}

/// FNV-1a of some bytes, finished with a mix.
#[inline]
pub fn bytes_hash(b: &[u8]) -> u64 {
    fnv_hash(b.iter().copied(), b.len())
}

/// FNV-1a of `len` bytes, finished with a mix.
#[inline]
fn fnv_hash(bytes: impl Iterator<Item = u8>, len: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in bytes {
        h = (h ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h, len as u64)
}

/// Lower-case `w` into `buf` (cleared first).
fn lower_into(w: &str, buf: &mut String) {
    buf.clear();
    if w.is_ascii() {
        buf.extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        buf.extend(w.chars().flat_map(char::to_lowercase));
    }
}

/// Hash of a word's lower-case form.
pub fn word_hash(w: &str) -> u64 {
    if w.is_ascii() {
        return fnv_hash(w.bytes().map(|b| b.to_ascii_lowercase()), w.len());
    }
    let mut buf = String::with_capacity(w.len());
    lower_into(w, &mut buf);
    bytes_hash(buf.as_bytes())
}

fn phrase_start() -> u64 {
    mix(0x5eed, 200)
}

/// Entity phrases seen in training data, keyed by the hash of their lower-cased words.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Gazetteer {
    /// Phrase hash → bit set of entity labels (bit = label index in `EntityLabel::ALL`).
    #[serde(serialize_with = "crate::tagger::serialize_sorted")]
    entries: HashMap<u64, u8, Fast>,
    /// One bit per slot of the phrase hashes present (built on the first lookup): most phrases
    /// looked up are absent, and this answers them from a table small enough for the L2 cache.
    #[serde(skip)]
    present: std::sync::OnceLock<Vec<u64>>,
}

impl PartialEq for Gazetteer {
    fn eq(&self, other: &Gazetteer) -> bool {
        self.entries == other.entries
    }
}

impl Gazetteer {
    /// Add a phrase with its label.
    pub fn insert(&mut self, words: &[String], label: EntityLabel) {
        if words.is_empty() || words.len() > MAX_GAZ_LEN {
            return;
        }
        // A lone lower-case word ("the", "government") is no name.
        if words.len() == 1 && !words[0].starts_with(|c: char| c.is_uppercase()) {
            return;
        }
        let bit = 1u8 << label_index(label);
        let h = words.iter().fold(phrase_start(), |h, w| mix(h, word_hash(w)));
        *self.entries.entry(h).or_insert(0) |= bit;
        self.present = std::sync::OnceLock::new();
    }

    /// Labels of a phrase, as a bit set.
    pub fn get<'a>(&self, words: impl Iterator<Item = &'a str>) -> u8 {
        let h = words.fold(phrase_start(), |h, w| mix(h, word_hash(w)));
        self.lookup(h)
    }

    fn lookup(&self, h: u64) -> u8 {
        let present = self.present.get_or_init(|| {
            // About 16 bits per phrase: an absent phrase finds its bit set 1 time in 16.
            let bits = (self.entries.len() * 16).next_power_of_two().max(64);
            let mut present = vec![0u64; bits / 64];
            for &k in self.entries.keys() {
                let slot = (k >> 7) as usize & (bits - 1);
                present[slot / 64] |= 1 << (slot % 64);
            }
            present
        });
        let slot = (h >> 7) as usize & (present.len() * 64 - 1);
        if present[slot / 64] & (1 << (slot % 64)) == 0 {
            return 0;
        }
        self.entries.get(&h).copied().unwrap_or(0)
    }

    /// True when the phrase is listed, but never as `label`.
    pub fn only_other_than<'a>(&self, words: impl Iterator<Item = &'a str>, label: EntityLabel) -> bool {
        let bits = self.get(words);
        bits != 0 && bits & (1 << label_index(label)) == 0
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn label_index(l: EntityLabel) -> usize {
    EntityLabel::ALL.iter().position(|&x| x == l).unwrap_or(0)
}

/// Word clusters as read from a cluster file: word → bit-string path.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Clusters {
    #[serde(serialize_with = "crate::tagger::serialize_sorted")]
    pub paths: HashMap<String, String>,
}

/// Word clusters as the model holds them: word hash → (path bits, path length).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterIndex {
    #[serde(serialize_with = "crate::tagger::serialize_sorted")]
    map: HashMap<u64, (u32, u8), Fast>,
}

impl From<&Clusters> for ClusterIndex {
    fn from(c: &Clusters) -> ClusterIndex {
        let mut map = HashMap::default();
        for (w, p) in &c.paths {
            let len = p.len().min(32);
            let bits = p
                .bytes()
                .take(len)
                .fold(0u32, |acc, b| (acc << 1) | u32::from(b == b'1'));
            map.insert(word_hash(w), (bits, len as u8));
        }
        ClusterIndex { map }
    }
}

impl ClusterIndex {
    /// The cluster path (bits, length) of a lower-case word hash.
    pub fn get(&self, word: u64) -> Option<(u32, u8)> {
        self.map.get(&word).copied()
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when there are no clusters.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Document-level evidence about case: which words the document also writes in lower case, which
/// capitalised words it writes capitalised mid-sentence, and the neighbours of each capitalised word.
#[derive(Debug, Default)]
pub struct DocContext {
    lower_seen: HashSet<u64, Fast>,
    cap_inside: HashSet<u64, Fast>,
    neighbours: HashMap<u64, (Vec<u64>, Vec<u64>), Fast>,
}

/// Most neighbour words aggregated per word, so a frequent word does not flood the features.
const MAX_NEIGHBOURS: usize = 12;

const BOS: u64 = 0x0b05;
const EOS: u64 = 0x0e05;

impl DocContext {
    /// Gather the evidence from every sentence of a document.
    pub fn new<'a, S, W>(sentences: S) -> DocContext
    where
        S: IntoIterator<Item = W>,
        W: IntoIterator<Item = &'a str>,
    {
        let mut ctx = DocContext::default();
        let mut hashes: Vec<u64> = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        for sentence in sentences {
            words.clear();
            words.extend(sentence);
            hashes.clear();
            hashes.extend(words.iter().map(|w| word_hash(w)));
            for (i, w) in words.iter().enumerate() {
                let first = w.chars().next();
                if first.is_some_and(char::is_lowercase) {
                    ctx.lower_seen.insert(hashes[i]);
                } else if first.is_some_and(char::is_uppercase) {
                    if i > 0 {
                        ctx.cap_inside.insert(hashes[i]);
                    }
                    let (before, after) = ctx.neighbours.entry(hashes[i]).or_default();
                    let prev = if i > 0 { hashes[i - 1] } else { BOS };
                    let next = hashes.get(i + 1).copied().unwrap_or(EOS);
                    if before.len() < MAX_NEIGHBOURS && !before.contains(&prev) {
                        before.push(prev);
                    }
                    if after.len() < MAX_NEIGHBOURS && !after.contains(&next) {
                        after.push(next);
                    }
                }
            }
        }
        ctx
    }
}

/// A character's shape symbol: X for upper case, x lower, d digit, any other character itself.
#[inline]
fn shape_symbol(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else {
        c
    }
}

/// Shape hash: X for upper case, x lower, d digit, other characters kept; runs cut at 3 (or 1
/// when `short`), at most 12 symbols.
pub fn shape_hash(w: &str, short: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut last = '\0';
    let mut run = 0;
    let mut n = 0;
    for c in w.chars() {
        let s = shape_symbol(c);
        if s == last {
            run += 1;
            if short || run >= 3 {
                continue;
            }
        } else {
            run = 0;
            last = s;
        }
        h = (h ^ s as u64).wrapping_mul(0x0000_0100_0000_01b3);
        n += 1;
        if n >= 12 {
            break;
        }
    }
    mix(h, u64::from(short))
}

/// Both shape hashes of a word ([`shape_hash`] with `short` false, then true) in one pass.
pub fn shape_hashes(w: &str) -> (u64, u64) {
    const FNV: u64 = 0xcbf2_9ce4_8422_2325;
    let step = |h: u64, s: char| (h ^ s as u64).wrapping_mul(0x0000_0100_0000_01b3);
    let (mut full, mut brief) = (FNV, FNV);
    let (mut n_full, mut n_brief) = (0, 0);
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let s = shape_symbol(c);
        let repeat = s == last;
        if repeat {
            run += 1;
        } else {
            run = 0;
            last = s;
        }
        if n_full < 12 && !(repeat && run >= 3) {
            full = step(full, s);
            n_full += 1;
        }
        if n_brief < 12 && !repeat {
            brief = step(brief, s);
            n_brief += 1;
        }
        if n_full >= 12 && n_brief >= 12 {
            break;
        }
    }
    (mix(full, 0), mix(brief, 1))
}

/// The feature set of the built-in NER model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NerFeatures {
    pub gazetteer: Gazetteer,
    pub clusters: ClusterIndex,
    /// Whether the model reads the prediction history of the document ([`History`]).
    pub history: bool,
}

/// The entity types given to each word earlier in the same document (Ratinov & Roth's
/// prediction history): a name tagged LOC twice before is likely LOC again.
#[derive(Clone, Debug, Default)]
pub struct History {
    seen: HashMap<u64, [u16; 4], Fast>,
}

impl History {
    /// Record the entity spans found in one sentence.
    pub fn add(&mut self, words: &[&str], spans: &[(usize, usize, EntityLabel)]) {
        for &(a, b, label) in spans {
            for w in &words[a..b.min(words.len())] {
                let counts = self.seen.entry(word_hash(w)).or_default();
                let k = label_index(label);
                counts[k] = counts[k].saturating_add(1);
            }
        }
    }

    /// The feature value of a word: its most frequent type so far and whether it had others.
    fn feature(&self, word: u64) -> Option<u64> {
        let counts = self.seen.get(&word)?;
        let (best, _) = counts
            .iter()
            .enumerate()
            .max_by_key(|&(k, &c)| (c, std::cmp::Reverse(k)))?;
        let kinds = counts.iter().filter(|&&c| c > 0).count();
        Some(best as u64 | u64::from(kinds > 1) << 3)
    }
}

/// Per-token values every feature is built from.
struct TokenInfo {
    low: u64,
    raw: u64,
    shape: u64,
    short: u64,
    cap: bool,
    /// The word's cluster path (bits, length), looked up once for the word and its neighbours.
    cluster: Option<(u32, u8)>,
}

impl NerFeatures {
    /// Hash the features of every token of one sentence into `out` (cleared first).
    /// `gazetteer` overrides the model's own (used for jack-knifed training); `history` holds
    /// the types given to words in earlier sentences (read only when the model uses it).
    pub fn extract(
        &self,
        words: &[&str],
        ctx: &DocContext,
        gazetteer: Option<&Gazetteer>,
        history: &History,
        out: &mut FeatureMatrix,
    ) {
        out.clear();
        let n = words.len();
        let mut lower = String::new();
        let mut infos: Vec<TokenInfo> = words
            .iter()
            .map(|w| {
                let (shape, short) = shape_hashes(w);
                TokenInfo {
                    low: word_hash(w),
                    raw: bytes_hash(w.as_bytes()),
                    shape,
                    short,
                    cap: w.starts_with(char::is_uppercase),
                    cluster: None,
                }
            })
            .collect();
        // Cluster lookups in a loop of their own, so their cache misses overlap.
        for info in &mut infos {
            info.cluster = self.clusters.map.get(&info.low).copied();
        }
        let gaz = self.gazetteer_matches(&infos, gazetteer.unwrap_or(&self.gazetteer));
        let low = |i: isize| -> u64 {
            if i < 0 {
                BOS
            } else if i as usize >= n {
                EOS
            } else {
                infos[i as usize].low
            }
        };
        let shp = |i: isize| -> u64 {
            if i < 0 {
                BOS
            } else if i as usize >= n {
                EOS
            } else {
                infos[i as usize].shape
            }
        };
        let all_caps_sentence = words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .all(|w| !w.chars().any(char::is_lowercase));
        let t = |id: u64| mix(0xfac7, id);
        for i in 0..n {
            let ii = i as isize;
            let info = &infos[i];
            let h = &mut out.hashes;
            h.push(t(0));
            h.push(mix(t(1), info.low));
            h.push(mix(t(2), info.raw));
            h.push(mix(t(3), info.shape));
            h.push(mix(t(4), info.short));
            lower_into(words[i], &mut lower);
            let lb = lower.as_bytes();
            // Prefixes and suffixes of 1 to 4 characters.
            for (k, (end, _)) in lower
                .char_indices()
                .skip(1)
                .chain(std::iter::once((lower.len(), ' ')))
                .take(4)
                .enumerate()
            {
                h.push(mix(mix(t(5), k as u64 + 1), bytes_hash(&lb[..end])));
            }
            for (k, (start, _)) in lower.char_indices().rev().take(4).enumerate() {
                h.push(mix(mix(t(6), k as u64 + 1), bytes_hash(&lb[start..])));
            }
            h.push(mix(t(7), low(ii - 1)));
            h.push(mix(t(8), low(ii + 1)));
            h.push(mix(t(9), low(ii - 2)));
            h.push(mix(t(10), low(ii + 2)));
            h.push(mix(mix(t(11), shp(ii - 1)), info.shape));
            h.push(mix(mix(t(12), info.shape), shp(ii + 1)));
            h.push(mix(mix(t(13), low(ii - 1)), info.low));
            h.push(mix(mix(t(14), info.low), low(ii + 1)));
            h.push(mix(mix(t(15), low(ii - 1)), info.shape));
            h.push(mix(mix(t(16), info.shape), low(ii + 1)));
            let flags = u64::from(i == 0) | u64::from(info.cap) << 1 | u64::from(all_caps_sentence) << 2;
            h.push(mix(t(17), flags));
            if info.cap && ctx.lower_seen.contains(&info.low) {
                h.push(mix(t(18), 1));
            }
            if info.cap && ctx.cap_inside.contains(&info.low) {
                h.push(mix(t(18), 2 + u64::from(i == 0)));
            }
            if self.history && info.cap {
                if let Some(v) = history.feature(info.low) {
                    h.push(mix(t(23), v));
                    h.push(mix(mix(t(24), v), u64::from(i == 0)));
                }
            }
            if info.cap {
                if let Some((before, after)) = ctx.neighbours.get(&info.low) {
                    h.extend(before.iter().map(|&b| mix(t(21), b)));
                    h.extend(after.iter().map(|&a| mix(t(22), a)));
                }
            }
            for &(s, len, bits) in &gaz {
                if s <= i && i < s + len {
                    let part = match (len, i - s) {
                        (1, _) => 0,
                        (_, 0) => 1,
                        (_, k) if k == len - 1 => 3,
                        _ => 2,
                    };
                    h.push(mix(t(19), u64::from(bits) << 8 | part));
                }
            }
            for (which, k) in [(0u64, 0isize), (1, -1), (2, 1)] {
                let j = ii + k;
                if j < 0 || j as usize >= n {
                    continue;
                }
                if let Some((bits, len)) = infos[j as usize].cluster {
                    for p in [4u8, 8, 12, 16, 20] {
                        if p <= len || p == 4 {
                            let take = p.min(len);
                            let prefix = if take == 0 { 0 } else { bits >> (len - take) };
                            h.push(mix(
                                mix(t(20), which << 8 | u64::from(p)),
                                u64::from(prefix) << 8 | u64::from(take),
                            ));
                        }
                    }
                }
            }
            out.end_token();
        }
    }

    /// Gazetteer phrases in the sentence: (start, length, label bits).
    fn gazetteer_matches(&self, infos: &[TokenInfo], gaz: &Gazetteer) -> Vec<(usize, usize, u8)> {
        let mut out = Vec::new();
        if gaz.is_empty() {
            return out;
        }
        let n = infos.len();
        for s in 0..n {
            let mut h = phrase_start();
            for len in 1..=MAX_GAZ_LEN.min(n - s) {
                h = mix(h, infos[s + len - 1].low);
                let bits = gaz.lookup(h);
                if bits != 0 {
                    out.push((s, len, bits));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_hash_is_the_hash_of_the_lower_case_word() {
        for w in ["Idlib", "SAMS", "people", "Ünal", "ÉCOLE", "x-Ray"] {
            assert_eq!(word_hash(w), bytes_hash(w.to_lowercase().as_bytes()), "{w}");
        }
        assert_ne!(word_hash("Idlib"), word_hash("Idlibs"));
    }

    #[test]
    fn shapes_hash_alike_for_alike_words() {
        assert_eq!(shape_hash("Idlib", false), shape_hash("Aleppo", false));
        assert_eq!(shape_hash("Idlib", true), shape_hash("Aleppo", true));
        assert_ne!(shape_hash("Idlib", true), shape_hash("idlib", true));
        assert_eq!(shape_hash("440,000", false), shape_hash("123,456", false));
    }

    #[test]
    fn gazetteer_lookups_stay_right_after_more_phrases_are_added() {
        let mut g = Gazetteer::default();
        g.insert(&["Idlib".into()], EntityLabel::Loc);
        assert_eq!(g.get(["idlib"].into_iter()), 1 << label_index(EntityLabel::Loc));
        assert_eq!(g.get(["aleppo"].into_iter()), 0);
        // The presence bits were built by the lookups above; a new phrase must still be found.
        for i in 0..1000 {
            g.insert(&[format!("Town{i}")], EntityLabel::Loc);
        }
        g.insert(&["Aleppo".into()], EntityLabel::Loc);
        assert_eq!(g.get(["aleppo"].into_iter()), 1 << label_index(EntityLabel::Loc));
        assert!((0..1000).all(|i| g.get([format!("town{i}").as_str()].into_iter()) != 0));
        assert!((0..1000).all(|i| g.get([format!("city{i}").as_str()].into_iter()) == 0));
    }

    #[test]
    fn both_shapes_in_one_pass_match_each_shape_alone() {
        for w in [
            "",
            "a",
            "Idlib",
            "440,000",
            "aaaaaaaaaaaaaaaaaaaa",
            "AbCdEfGhIjKlMnOpQr",
            "ÉLAN-vital",
            "a-b-c-d-e-f-g-h-i-j",
            "x1x1x1x1x1x1x1x1x1",
        ] {
            assert_eq!(
                shape_hashes(w),
                (shape_hash(w, false), shape_hash(w, true)),
                "{w}"
            );
        }
    }

    #[test]
    fn gazetteer_matches_case_insensitively() {
        let mut g = Gazetteer::default();
        g.insert(
            &["Save".into(), "the".into(), "Children".into()],
            EntityLabel::Org,
        );
        g.insert(&["the".into()], EntityLabel::Org);
        assert_eq!(g.len(), 1, "lone lower-case words are not names");
        assert_eq!(g.get(["save", "THE", "children"].into_iter()), 2);
        let f = NerFeatures {
            gazetteer: g,
            clusters: ClusterIndex::default(),
            history: false,
        };
        let words = ["from", "save", "the", "children", "today"];
        let infos: Vec<TokenInfo> = words
            .iter()
            .map(|w| TokenInfo {
                low: word_hash(w),
                raw: 0,
                shape: 0,
                short: 0,
                cap: false,
                cluster: None,
            })
            .collect();
        assert_eq!(f.gazetteer_matches(&infos, &f.gazetteer), vec![(1, 3, 2)]);
    }

    #[test]
    fn clusters_index_by_word_hash() {
        let mut c = Clusters::default();
        c.paths.insert("idlib".into(), "0110".into());
        let idx = ClusterIndex::from(&c);
        assert_eq!(idx.map.get(&word_hash("Idlib")), Some(&(0b0110, 4)));
    }

    #[test]
    fn features_are_extracted_per_token() {
        let f = NerFeatures::default();
        let words = ["Abdulkafi", "says", "it", "is", "cold", "."];
        let ctx = DocContext::new([words.iter().copied()]);
        let mut x = FeatureMatrix::new();
        f.extract(&words, &ctx, None, &History::default(), &mut x);
        assert_eq!(x.len(), 6);
        assert!(x.token(0).len() > 15);
    }

    #[test]
    fn prediction_history_counts_types_and_feeds_features_only_when_enabled() {
        let mut h = History::default();
        h.add(&["Beau", "Vallon", "beach"], &[(0, 2, EntityLabel::Loc)]);
        h.add(&["Beau", "Vallon"], &[(0, 2, EntityLabel::Loc)]);
        h.add(&["Vallon"], &[(0, 1, EntityLabel::Per)]);
        let loc = label_index(EntityLabel::Loc) as u64;
        assert_eq!(h.feature(word_hash("Beau")), Some(loc));
        assert_eq!(
            h.feature(word_hash("vallon")),
            Some(loc | 8),
            "mostly LOC, once PER"
        );
        assert_eq!(h.feature(word_hash("beach")), None);
        let words = ["In", "Beau", "Vallon", "today"];
        let ctx = DocContext::new([words.iter().copied()]);
        let count = |history_on: bool| {
            let f = NerFeatures {
                history: history_on,
                ..NerFeatures::default()
            };
            let mut x = FeatureMatrix::new();
            f.extract(&words, &ctx, None, &h, &mut x);
            x.hashes.len()
        };
        assert_eq!(
            count(true),
            count(false) + 4,
            "two history features for each of two names"
        );
    }
}
