//! NER features: word, case, shape, affixes, a ±2 window, gazetteers, word clusters and
//! document-level case evidence, hashed into a [`FeatureMatrix`].

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::tagger::{FeatureHash, FeatureMatrix};
use crate::EntityLabel;

/// Longest phrase (in tokens) a gazetteer holds.
pub const MAX_GAZ_LEN: usize = 6;

/// Entity phrases seen in training data, keyed by the hash of their lower-cased tokens.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Gazetteer {
    /// Phrase hash → bit set of entity labels (bit = label index in `EntityLabel::ALL`).
    entries: HashMap<u64, u8>,
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
        *self
            .entries
            .entry(phrase_hash(words.iter().map(String::as_str)))
            .or_insert(0) |= bit;
    }

    /// Labels of a phrase, as a bit set.
    pub fn get<'a>(&self, words: impl Iterator<Item = &'a str>) -> u8 {
        self.entries.get(&phrase_hash(words)).copied().unwrap_or(0)
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

fn phrase_hash<'a>(words: impl Iterator<Item = &'a str>) -> u64 {
    let mut h = FeatureHash::new(200);
    for w in words {
        for c in w.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            h = h.bytes(c.encode_utf8(&mut buf).as_bytes());
        }
        h = h.bytes(b" ");
    }
    h.finish()
}

/// Word clusters learned from unlabelled text: word → bit-string path in a binary hierarchy.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Clusters {
    pub paths: HashMap<String, String>,
}

/// Document-level evidence about case: which words the document also writes in lower case, and
/// which capitalised words it writes capitalised mid-sentence.
#[derive(Debug, Default)]
pub struct DocContext {
    lower_seen: HashSet<String>,
    cap_inside: HashSet<String>,
    /// For each capitalised word (lower-cased): the words before and after its mentions.
    neighbours: HashMap<String, (HashSet<String>, HashSet<String>)>,
}

/// Most neighbour words aggregated per word, so a frequent word does not flood the features.
const MAX_NEIGHBOURS: usize = 12;

impl DocContext {
    /// Gather the evidence from every sentence of a document.
    pub fn new<'a, S, W>(sentences: S) -> DocContext
    where
        S: IntoIterator<Item = W>,
        W: IntoIterator<Item = &'a str>,
    {
        let mut ctx = DocContext::default();
        for sentence in sentences {
            let words: Vec<&str> = sentence.into_iter().collect();
            for (i, w) in words.iter().enumerate() {
                let first = w.chars().next();
                if first.is_some_and(char::is_lowercase) {
                    ctx.lower_seen.insert(w.to_string());
                } else if first.is_some_and(char::is_uppercase) {
                    let lower = w.to_lowercase();
                    if i > 0 {
                        ctx.cap_inside.insert(lower.clone());
                    }
                    let (before, after) = ctx.neighbours.entry(lower).or_default();
                    let prev = if i > 0 {
                        words[i - 1].to_lowercase()
                    } else {
                        BOS.to_string()
                    };
                    let next = words.get(i + 1).map_or(EOS.to_string(), |n| n.to_lowercase());
                    if before.len() < MAX_NEIGHBOURS {
                        before.insert(prev);
                    }
                    if after.len() < MAX_NEIGHBOURS {
                        after.insert(next);
                    }
                }
            }
        }
        ctx
    }
}

/// Word shape: X for upper case, x lower, d digit, other characters kept; runs longer than 3 cut.
fn shape(w: &str, short: bool) -> String {
    let mut out = String::with_capacity(w.len().min(12));
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
            if short || run >= 3 {
                continue;
            }
        } else {
            run = 0;
            last = s;
        }
        out.push(s);
        if out.len() >= 12 {
            break;
        }
    }
    out
}

/// The feature set of the built-in NER model.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct NerFeatures {
    pub gazetteer: Gazetteer,
    pub clusters: Clusters,
}

const BOS: &str = "<s>";
const EOS: &str = "</s>";

impl NerFeatures {
    /// Hash the features of every token of one sentence into `out` (cleared first).
    /// `gazetteer` overrides the model's own (used for jack-knifed training).
    pub fn extract(
        &self,
        words: &[&str],
        ctx: &DocContext,
        gazetteer: Option<&Gazetteer>,
        out: &mut FeatureMatrix,
    ) {
        out.clear();
        let n = words.len();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let shapes: Vec<String> = words.iter().map(|w| shape(w, false)).collect();
        let gaz = self.gazetteer_tags(words, gazetteer.unwrap_or(&self.gazetteer));
        let low = |i: isize| -> &str {
            if i < 0 {
                BOS
            } else if i as usize >= n {
                EOS
            } else {
                &lower[i as usize]
            }
        };
        let shp = |i: isize| -> &str {
            if i < 0 {
                BOS
            } else if i as usize >= n {
                EOS
            } else {
                &shapes[i as usize]
            }
        };
        let all_caps_sentence = words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .all(|w| !w.chars().any(char::is_lowercase));
        for i in 0..n {
            let ii = i as isize;
            let w = words[i];
            let l = &lower[i];
            let mut f = |h: FeatureHash| out.hashes.push(h.finish());
            f(FeatureHash::new(0));
            f(FeatureHash::new(1).str(l));
            f(FeatureHash::new(2).str(w));
            f(FeatureHash::new(3).str(&shapes[i]));
            f(FeatureHash::new(4).str(&shape(w, true)));
            let chars: Vec<(usize, char)> = l.char_indices().collect();
            for k in 1..=4.min(chars.len()) {
                let end = chars.get(k).map_or(l.len(), |&(b, _)| b);
                f(FeatureHash::new(5).bytes(&[k as u8]).str(&l[..end]));
                let start = chars[chars.len() - k].0;
                f(FeatureHash::new(6).bytes(&[k as u8]).str(&l[start..]));
            }
            f(FeatureHash::new(7).str(low(ii - 1)));
            f(FeatureHash::new(8).str(low(ii + 1)));
            f(FeatureHash::new(9).str(low(ii - 2)));
            f(FeatureHash::new(10).str(low(ii + 2)));
            f(FeatureHash::new(11).str(shp(ii - 1)).str(&shapes[i]));
            f(FeatureHash::new(12).str(&shapes[i]).str(shp(ii + 1)));
            f(FeatureHash::new(13).str(low(ii - 1)).str(l));
            f(FeatureHash::new(14).str(l).str(low(ii + 1)));
            f(FeatureHash::new(15).str(low(ii - 1)).str(&shapes[i]));
            f(FeatureHash::new(16).str(&shapes[i]).str(low(ii + 1)));
            let cap = w.starts_with(char::is_uppercase);
            f(FeatureHash::new(17).bytes(&[i == 0, cap, all_caps_sentence].map(u8::from)));
            if cap && ctx.lower_seen.contains(l.as_str()) {
                f(FeatureHash::new(18).str("lower-elsewhere"));
            }
            if cap && ctx.cap_inside.contains(l.as_str()) {
                f(FeatureHash::new(18).str("cap-inside").bytes(&[u8::from(i == 0)]));
            }
            if cap {
                if let Some((before, after)) = ctx.neighbours.get(l.as_str()) {
                    for b in before {
                        f(FeatureHash::new(21).str(b));
                    }
                    for a in after {
                        f(FeatureHash::new(22).str(a));
                    }
                }
            }
            for (bits, part) in gaz[i].iter() {
                f(FeatureHash::new(19).bytes(&[*bits, *part]));
            }
            for (k, which) in [(0isize, 0u8), (-1, 1), (1, 2)] {
                let j = ii + k;
                if j < 0 || j as usize >= n {
                    continue;
                }
                if let Some(path) = self.clusters.paths.get(&lower[j as usize]) {
                    for p in [4usize, 8, 12, 16, 20] {
                        if p <= path.len() || p == 4 {
                            f(FeatureHash::new(20)
                                .bytes(&[which, p as u8])
                                .str(&path[..p.min(path.len())]));
                        }
                    }
                }
            }
            out.end_token();
        }
    }

    /// For each token, the gazetteer matches covering it: (label bits, position B/I/L/U).
    fn gazetteer_tags(&self, words: &[&str], gaz: &Gazetteer) -> Vec<Vec<(u8, u8)>> {
        let n = words.len();
        let mut tags = vec![Vec::new(); n];
        if gaz.is_empty() {
            return tags;
        }
        for s in 0..n {
            for len in 1..=MAX_GAZ_LEN.min(n - s) {
                let bits = gaz.get(words[s..s + len].iter().copied());
                if bits == 0 {
                    continue;
                }
                for (k, tag) in tags[s..s + len].iter_mut().enumerate() {
                    let part = match (len, k) {
                        (1, _) => b'U',
                        (_, 0) => b'B',
                        (_, k) if k == len - 1 => b'L',
                        _ => b'I',
                    };
                    tag.push((bits, part));
                }
            }
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Idlib", false), "Xxxx");
        assert_eq!(shape("Idlib", true), "Xx");
        assert_eq!(shape("440,000", false), "ddd,ddd");
        assert_eq!(shape("U.S.", true), "X.X.");
    }

    #[test]
    fn gazetteer_matches_case_insensitively_and_tags_positions() {
        let mut g = Gazetteer::default();
        g.insert(
            &["Save".into(), "the".into(), "Children".into()],
            EntityLabel::Org,
        );
        g.insert(&["the".into()], EntityLabel::Org);
        assert_eq!(g.len(), 1, "lone lower-case words are not names");
        let f = NerFeatures {
            gazetteer: g,
            clusters: Clusters::default(),
        };
        let tags = f.gazetteer_tags(&["from", "save", "the", "children", "today"], &f.gazetteer);
        assert!(tags[0].is_empty());
        assert_eq!(tags[1], vec![(2, b'B')]);
        assert_eq!(tags[2], vec![(2, b'I')]);
        assert_eq!(tags[3], vec![(2, b'L')]);
    }

    #[test]
    fn features_are_extracted_per_token() {
        let f = NerFeatures::default();
        let words = ["Abdulkafi", "says", "it", "is", "cold", "."];
        let ctx = DocContext::new([words.iter().copied()]);
        let mut x = FeatureMatrix::new();
        f.extract(&words, &ctx, None, &mut x);
        assert_eq!(x.len(), 6);
        assert!(x.token(0).len() > 15);
    }
}
