//! conlleval-equivalent NER scoring: exact span and label, per label and micro-averaged.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::{table, Prf};
use crate::EntityLabel;

/// Typed spans of one sentence: `(start, end, label)` over token indices.
pub type Spans = Vec<(usize, usize, EntityLabel)>;

/// Scores per label and overall.
#[derive(Clone, Debug, Default, Serialize)]
pub struct NerReport {
    pub per_label: BTreeMap<String, Prf>,
    pub micro: Prf,
}

impl NerReport {
    /// A printed table.
    pub fn table(&self, title: &str) -> String {
        let mut rows: Vec<(String, Prf)> = self.per_label.iter().map(|(k, v)| (k.clone(), *v)).collect();
        rows.push(("micro".to_string(), self.micro));
        table(title, &rows)
    }
}

/// Score predicted spans against gold, sentence by sentence (the two slices align).
pub fn score(gold: &[Spans], predicted: &[Spans]) -> NerReport {
    let mut counts: BTreeMap<EntityLabel, (usize, usize, usize)> = BTreeMap::new();
    for (g, p) in gold.iter().zip(predicted) {
        let gs: HashSet<_> = g.iter().collect();
        for s in g {
            counts.entry(s.2).or_default().0 += 1;
        }
        for s in p {
            let c = counts.entry(s.2).or_default();
            c.1 += 1;
            if gs.contains(s) {
                c.2 += 1;
            }
        }
    }
    let per_label: BTreeMap<String, Prf> = counts
        .iter()
        .map(|(l, &(g, p, c))| (l.as_str().to_string(), Prf::new(g, p, c)))
        .collect();
    let micro = per_label.values().fold(Prf::new(0, 0, 0), |a, b| a.add(b));
    NerReport { per_label, micro }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::corpus::{conll_type, spans_from_tags};
    use EntityLabel::*;

    fn spans(tags: &[&str]) -> Spans {
        spans_from_tags(tags.iter().copied(), conll_type)
    }

    #[test]
    fn exact_spans_only_count() {
        let gold = vec![spans(&["B-PER", "I-PER", "O", "B-LOC"])];
        let pred = vec![spans(&["B-PER", "O", "O", "B-LOC"])];
        let r = score(&gold, &pred);
        assert_eq!(r.micro.correct, 1);
        assert_eq!(r.per_label["PER"].correct, 0);
        assert_eq!(r.per_label["LOC"].f1, 100.0);
        assert!((r.micro.f1 - 50.0).abs() < 1e-9);
    }

    #[test]
    fn iob1_gold_against_iob2_prediction() {
        // Same entities written in both schemes score perfectly.
        let gold = vec![spans(&["I-ORG", "I-ORG", "B-ORG", "O", "I-MISC"])];
        let pred = vec![spans(&["B-ORG", "I-ORG", "B-ORG", "O", "B-MISC"])];
        assert_eq!(score(&gold, &pred).micro.f1, 100.0);
    }

    #[test]
    fn adjacent_entities_of_one_type_are_two() {
        let gold = vec![vec![(0, 1, Loc), (1, 2, Loc)]];
        let merged = vec![vec![(0, 2, Loc)]];
        let r = score(&gold, &merged);
        assert_eq!((r.micro.gold, r.micro.predicted, r.micro.correct), (2, 1, 0));
    }

    #[test]
    fn i_after_o_and_wrong_type() {
        let gold = vec![spans(&["O", "I-PER", "I-PER"])];
        let pred = vec![spans(&["O", "B-ORG", "I-ORG"])];
        let r = score(&gold, &pred);
        assert_eq!(r.micro.correct, 0);
        assert_eq!(r.per_label["PER"].gold, 1);
        assert_eq!(r.per_label["ORG"].predicted, 1);
    }
}
