//! Structured averaged-perceptron training for [`Model`](super::Model): seeded, deterministic.

use super::{viterbi, FeatureMatrix, Labels, Model};

/// One training sequence: feature buckets per token and the gold labels.
#[derive(Clone, Debug)]
pub struct Example {
    /// Bucket indices, token after token.
    pub buckets: Vec<u32>,
    /// `starts[i]..starts[i+1]` index token i's buckets.
    pub starts: Vec<u32>,
    /// Gold label per token.
    pub gold: Vec<usize>,
}

impl Example {
    /// Build an example from hashed features, folding hashes into `buckets` (a power of two).
    pub fn new(x: &FeatureMatrix, gold: Vec<usize>, buckets: usize) -> Example {
        debug_assert_eq!(x.len(), gold.len());
        Example {
            buckets: x
                .hashes
                .iter()
                .map(|&h| ((h as usize) & (buckets - 1)) as u32)
                .collect(),
            starts: x.starts.clone(),
            gold,
        }
    }

    fn token(&self, i: usize) -> &[u32] {
        &self.buckets[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.gold.len()
    }

    /// True when the example has no tokens.
    pub fn is_empty(&self) -> bool {
        self.gold.is_empty()
    }
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    pub buckets: usize,
}

/// A seeded xorshift64* generator: deterministic shuffles for training.
pub struct SeededRng(u64);

impl SeededRng {
    /// A generator started from `seed` (any value; zero is avoided).
    pub fn new(seed: u64) -> SeededRng {
        SeededRng(seed | 1)
    }

    /// The next pseudo-random number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Shuffle in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// A perceptron being trained, with the running sums needed for averaging.
pub struct Perceptron {
    model: Model,
    acc_weights: Vec<f32>,
    acc_transitions: Vec<f32>,
    acc_start: Vec<f32>,
    /// Number of examples seen so far (the averaging clock), starting at 1.
    clock: f32,
    rng: SeededRng,
}

impl Perceptron {
    /// A zero model over these labels.
    pub fn new(labels: Labels, opts: &TrainOptions) -> Perceptron {
        let model = Model::new(labels, opts.buckets);
        Perceptron {
            acc_weights: vec![0.0; model.weights.len()],
            acc_transitions: vec![0.0; model.transitions.len()],
            acc_start: vec![0.0; model.start.len()],
            model,
            clock: 1.0,
            rng: SeededRng::new(opts.seed),
        }
    }

    /// One pass over the examples in a seeded random order; returns the number of mistaken tokens.
    pub fn epoch(&mut self, examples: &[Example]) -> usize {
        let mut order: Vec<usize> = (0..examples.len()).collect();
        self.rng.shuffle(&mut order);
        let mut mistakes = 0;
        let mut scores = Vec::new();
        for &k in &order {
            mistakes += self.learn(&examples[k], &mut scores);
            self.clock += 1.0;
        }
        mistakes
    }

    fn learn(&mut self, ex: &Example, scores: &mut Vec<f32>) -> usize {
        let n = self.model.labels.len();
        let len = ex.len();
        if len == 0 {
            return 0;
        }
        scores.clear();
        scores.resize(len * n, 0.0);
        for i in 0..len {
            let row = &mut scores[i * n..(i + 1) * n];
            for &b in ex.token(i) {
                let w = &self.model.weights[b as usize * n..b as usize * n + n];
                for (s, w) in row.iter_mut().zip(w) {
                    *s += *w;
                }
            }
        }
        let pred = viterbi(
            &self.model.lattice,
            scores,
            &self.model.transitions,
            &self.model.start,
        );
        let c = self.clock;
        let mut mistakes = 0;
        for i in 0..len {
            let (g, p) = (ex.gold[i], pred[i]);
            if g != p {
                mistakes += 1;
                for &b in ex.token(i) {
                    let base = b as usize * n;
                    self.model.weights[base + g] += 1.0;
                    self.acc_weights[base + g] += c;
                    self.model.weights[base + p] -= 1.0;
                    self.acc_weights[base + p] -= c;
                }
            }
            let (gt, pt) = if i == 0 {
                (None, None)
            } else {
                (Some(ex.gold[i - 1] * n + g), Some(pred[i - 1] * n + p))
            };
            if gt != pt {
                if let (Some(gt), Some(pt)) = (gt, pt) {
                    self.model.transitions[gt] += 1.0;
                    self.acc_transitions[gt] += c;
                    self.model.transitions[pt] -= 1.0;
                    self.acc_transitions[pt] -= c;
                }
            }
        }
        if ex.gold[0] != pred[0] {
            self.model.start[ex.gold[0]] += 1.0;
            self.acc_start[ex.gold[0]] += c;
            self.model.start[pred[0]] -= 1.0;
            self.acc_start[pred[0]] -= c;
        }
        mistakes
    }

    /// The averaged model as of now (training can continue afterwards).
    pub fn averaged(&self) -> Model {
        let c = self.clock;
        let avg =
            |w: &[f32], acc: &[f32]| -> Vec<f32> { w.iter().zip(acc).map(|(w, a)| w - a / c).collect() };
        Model {
            lattice: self.model.lattice.clone(),
            labels: self.model.labels.clone(),
            buckets: self.model.buckets,
            weights: avg(&self.model.weights, &self.acc_weights),
            transitions: avg(&self.model.transitions, &self.acc_transitions),
            start: avg(&self.model.start, &self.acc_start),
            packed: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::{FeatureHash, Part};

    /// A toy task: capitalised words after "Mr" are PER. The perceptron must learn it exactly.
    #[test]
    fn learns_a_toy_tagging_task_deterministically() {
        let labels = Labels::new(&["PER"]);
        let sents: Vec<Vec<&str>> = vec![
            vec!["Mr", "Smith", "went", "home"],
            vec!["they", "saw", "Mr", "Jones", "today"],
            vec!["Mr", "Brown", "and", "Mr", "Green", "met"],
            vec!["nobody", "came"],
        ];
        let feats = |s: &[&str]| {
            let mut x = FeatureMatrix::new();
            for i in 0..s.len() {
                x.hashes.push(FeatureHash::new(0).finish());
                x.hashes.push(FeatureHash::new(1).str(s[i]).finish());
                let prev = if i > 0 { s[i - 1] } else { "<s>" };
                x.hashes.push(FeatureHash::new(2).str(prev).finish());
                x.end_token();
            }
            x
        };
        let gold = |s: &[&str]| -> Vec<usize> {
            (0..s.len())
                .map(|i| {
                    if i > 0 && s[i - 1] == "Mr" {
                        labels.index(Part::U, 0)
                    } else {
                        0
                    }
                })
                .collect()
        };
        let opts = TrainOptions {
            epochs: 10,
            seed: 7,
            buckets: 1 << 10,
        };
        let examples: Vec<Example> = sents
            .iter()
            .map(|s| Example::new(&feats(s), gold(s), opts.buckets))
            .collect();
        let mut p = Perceptron::new(labels.clone(), &opts);
        for _ in 0..opts.epochs {
            p.epoch(&examples);
        }
        let model = p.averaged();
        let test = ["yesterday", "Mr", "White", "spoke"];
        assert_eq!(model.predict(&feats(&test)), gold(&test));
        // Same seed, same weights.
        let mut q = Perceptron::new(labels, &opts);
        for _ in 0..opts.epochs {
            q.epoch(&examples);
        }
        assert_eq!(q.averaged().weights, model.weights);
    }
}
