//! Scorers: CoNLL NER, and the shared precision/recall/F1 arithmetic and report tables.

pub mod conll;
pub mod gold;
pub mod numbers;
pub mod polnear;

use serde::Serialize;

/// Counts of a matching task and the precision, recall and F1 they give (in percent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// Scores from counts; an empty side scores 0 (or 100 when both sides are empty).
    pub fn new(gold: usize, predicted: usize, correct: usize) -> Prf {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                if a == 0 {
                    100.0
                } else {
                    0.0
                }
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let precision = if predicted == 0 && gold > 0 {
            0.0
        } else {
            pct(correct, predicted)
        };
        let recall = if gold == 0 && predicted > 0 {
            0.0
        } else {
            pct(correct, gold)
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            gold,
            predicted,
            correct,
            precision,
            recall,
            f1,
        }
    }

    /// Add another set of counts.
    pub fn add(&self, other: &Prf) -> Prf {
        Prf::new(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.correct + other.correct,
        )
    }
}

/// A printed table of named score rows.
pub fn table(title: &str, rows: &[(String, Prf)]) -> String {
    let mut s = format!(
        "{title}\n{:<28} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n",
        "", "gold", "pred", "correct", "P", "R", "F1"
    );
    for (name, p) in rows {
        s += &format!(
            "{:<28} {:>7} {:>7} {:>7} {:>7.2} {:>7.2} {:>7.2}\n",
            name, p.gold, p.predicted, p.correct, p.precision, p.recall, p.f1
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_arithmetic() {
        let p = Prf::new(10, 8, 6);
        assert!((p.precision - 75.0).abs() < 1e-9);
        assert!((p.recall - 60.0).abs() < 1e-9);
        assert!((p.f1 - 66.666_666_666).abs() < 1e-6);
        assert_eq!(Prf::new(0, 0, 0).f1, 100.0);
        assert_eq!(Prf::new(5, 0, 0).f1, 0.0);
        assert_eq!(Prf::new(0, 3, 0).f1, 0.0);
    }
}
