//! End-to-end scoring against hand-labelled gold (`eval/gold/*.json`), layer by layer.
//!
//! Entities: exact span and label. Quantities: exact span (also any-overlap), then value, kind,
//! qualifier and counted noun on the matched ones. Quotes (GenderGapTracker protocol): a
//! prediction matches a gold quote when it covers more than 30 % (lenient) or 80 % (strict) of the
//! gold content's characters, one to one, greedily; speaker and cue accuracy on lenient matches.
//! Claims: matched when the spans overlap by at least half of the longer one; source accuracy.

use std::collections::BTreeMap;

use serde::Serialize;

use super::numbers::same_value;
use super::Prf;
use crate::record::{Record, SourceRecord, SpeakerRecord};

/// Scores of one layer or of all documents together.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GoldReport {
    pub documents: usize,
    pub entities: BTreeMap<String, Prf>,
    pub entities_micro: Prf,
    pub quantities_span: Prf,
    pub quantities_overlap: Prf,
    /// Share (percent) of exact-span quantity matches with the right value/bounds, kind, qualifier, counted noun.
    pub quantities_value: f64,
    pub quantities_kind: f64,
    pub quantities_approx: f64,
    pub quantities_counted: f64,
    pub quotes_lenient: Prf,
    pub quotes_strict: Prf,
    pub quotes_exact: Prf,
    /// Share (percent) of lenient quote matches whose speaker (or cue) is right.
    pub quote_speaker: f64,
    pub quote_cue: f64,
    pub claims: Prf,
    pub claim_source: f64,
    /// Counts behind the shares: (right, matched).
    #[serde(skip)]
    counts: BTreeMap<&'static str, (usize, usize)>,
}

fn fold(s: &str) -> String {
    let s = s.trim().to_lowercase();
    s.strip_prefix("the ").unwrap_or(&s).to_string()
}

/// Whether a predicted name names the gold speaker or source (case-folded, aliases allowed).
pub fn same_name(pred: Option<&str>, gold: Option<&str>, aliases: &[String]) -> bool {
    match (pred, gold) {
        (None, None) => true,
        (Some(p), Some(g)) => {
            let p = fold(p);
            p == fold(g) || aliases.iter().any(|a| fold(a) == p)
        }
        _ => false,
    }
}

fn speaker_name(s: Option<&SpeakerRecord>) -> Option<&str> {
    s.map(|s| s.name.as_str()).filter(|n| !n.is_empty())
}

fn source_matches(p: &SourceRecord, g: &SourceRecord) -> bool {
    if g.label == "PUBLISHER" || p.label == "PUBLISHER" {
        return p.label == g.label && same_name(Some(&p.name), Some(&g.name), &g.aliases);
    }
    let gname = (!g.name.is_empty()).then_some(g.name.as_str());
    same_name(Some(&p.name), gname, &g.aliases)
}

/// Greedy one-to-one matching of gold and predicted items by a score (higher is better); pairs
/// scoring `None` never match. Returns (gold index, predicted index) pairs.
fn greedy(n_gold: usize, n_pred: usize, score: impl Fn(usize, usize) -> Option<f64>) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for g in 0..n_gold {
        for p in 0..n_pred {
            if let Some(s) = score(g, p) {
                pairs.push((s, g, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut gu, mut pu) = (vec![false; n_gold], vec![false; n_pred]);
    let mut out = Vec::new();
    for (_, g, p) in pairs {
        if !gu[g] && !pu[p] {
            gu[g] = true;
            pu[p] = true;
            out.push((g, p));
        }
    }
    out
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

impl GoldReport {
    fn share(&mut self, key: &'static str, right: bool) {
        let c = self.counts.entry(key).or_default();
        c.0 += usize::from(right);
        c.1 += 1;
    }

    fn pct(&self, key: &str) -> f64 {
        self.counts.get(key).map_or(
            0.0,
            |&(r, n)| if n == 0 { 0.0 } else { 100.0 * r as f64 / n as f64 },
        )
    }

    /// Add one document's gold and prediction.
    pub fn add(&mut self, gold: &Record, pred: &Record) {
        self.documents += 1;
        // Entities: exact span and label.
        let mut per: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        for e in &gold.entities {
            per.entry(e.label.as_str().to_string()).or_default().0 += 1;
        }
        for e in &pred.entities {
            let c = per.entry(e.label.as_str().to_string()).or_default();
            c.1 += 1;
            if gold
                .entities
                .iter()
                .any(|g| g.start == e.start && g.end == e.end && g.label == e.label)
            {
                c.2 += 1;
            }
        }
        for (label, (g, p, c)) in per {
            let prf = self.entities.entry(label).or_default();
            *prf = prf.add(&Prf::new(g, p, c));
        }
        self.entities_micro = self.entities.values().fold(Prf::new(0, 0, 0), |a, b| a.add(b));

        // Quantities.
        let (gq, pq) = (&gold.quantities, &pred.quantities);
        let exact = greedy(gq.len(), pq.len(), |g, p| {
            (gq[g].start == pq[p].start && gq[g].end == pq[p].end).then_some(1.0)
        });
        self.quantities_span = self
            .quantities_span
            .add(&Prf::new(gq.len(), pq.len(), exact.len()));
        let lenient = greedy(gq.len(), pq.len(), |g, p| {
            let o = overlap((gq[g].start, gq[g].end), (pq[p].start, pq[p].end));
            (o > 0).then_some(o as f64)
        });
        self.quantities_overlap = self
            .quantities_overlap
            .add(&Prf::new(gq.len(), pq.len(), lenient.len()));
        for &(g, p) in &exact {
            let (g, p) = (&gq[g], &pq[p]);
            self.share(
                "q_value",
                same_value(g.value, p.value) && same_value(g.low, p.low) && same_value(g.high, p.high),
            );
            self.share("q_kind", g.kind == p.kind);
            self.share("q_approx", g.approx == p.approx);
            let counted = |c: &Option<crate::record::TextSpan>| c.as_ref().map(|c| (c.start, c.end));
            self.share("q_counted", counted(&g.counted) == counted(&p.counted));
        }

        // Quotes: coverage of the gold content's characters.
        let (gu, pu) = (&gold.quotes, &pred.quotes);
        let coverage = |g: usize, p: usize| {
            let gs = (gu[g].content.start, gu[g].content.end);
            let len = (gs.1 - gs.0).max(1);
            overlap(gs, (pu[p].content.start, pu[p].content.end)) as f64 / len as f64
        };
        let len_m = greedy(gu.len(), pu.len(), |g, p| {
            Some(coverage(g, p)).filter(|&c| c > 0.3)
        });
        let strict_m = greedy(gu.len(), pu.len(), |g, p| {
            Some(coverage(g, p)).filter(|&c| c > 0.8)
        });
        let exact_m = greedy(gu.len(), pu.len(), |g, p| {
            (gu[g].content.start == pu[p].content.start && gu[g].content.end == pu[p].content.end)
                .then_some(1.0)
        });
        self.quotes_lenient = self
            .quotes_lenient
            .add(&Prf::new(gu.len(), pu.len(), len_m.len()));
        self.quotes_strict = self
            .quotes_strict
            .add(&Prf::new(gu.len(), pu.len(), strict_m.len()));
        self.quotes_exact = self
            .quotes_exact
            .add(&Prf::new(gu.len(), pu.len(), exact_m.len()));
        for &(g, p) in &len_m {
            let (g, p) = (&gu[g], &pu[p]);
            let aliases = g.speaker.as_ref().map(|s| s.aliases.clone()).unwrap_or_default();
            self.share(
                "u_speaker",
                same_name(
                    speaker_name(p.speaker.as_ref()),
                    speaker_name(g.speaker.as_ref()),
                    &aliases,
                ),
            );
            let cue = |c: &Option<crate::record::TextSpan>| c.as_ref().map(|c| c.text.to_lowercase());
            self.share("u_cue", cue(&g.cue) == cue(&p.cue));
        }

        // Claims: overlap of at least half the longer span.
        let (gc, pc) = (&gold.claims, &pred.claims);
        let claim_m = greedy(gc.len(), pc.len(), |g, p| {
            let (a, b) = ((gc[g].start, gc[g].end), (pc[p].start, pc[p].end));
            let o = overlap(a, b);
            let longer = (a.1 - a.0).max(b.1 - b.0).max(1);
            (o * 2 >= longer && o > 0).then_some(o as f64 / longer as f64)
        });
        self.claims = self.claims.add(&Prf::new(gc.len(), pc.len(), claim_m.len()));
        for &(g, p) in &claim_m {
            self.share("c_source", source_matches(&pc[p].source, &gc[g].source));
        }

        self.quantities_value = self.pct("q_value");
        self.quantities_kind = self.pct("q_kind");
        self.quantities_approx = self.pct("q_approx");
        self.quantities_counted = self.pct("q_counted");
        self.quote_speaker = self.pct("u_speaker");
        self.quote_cue = self.pct("u_cue");
        self.claim_source = self.pct("c_source");
    }

    /// A printed report.
    pub fn table(&self, title: &str) -> String {
        let mut rows: Vec<(String, Prf)> = self
            .entities
            .iter()
            .map(|(k, v)| (format!("entities {k}"), *v))
            .collect();
        rows.push(("entities (micro)".into(), self.entities_micro));
        rows.push(("quantities exact span".into(), self.quantities_span));
        rows.push(("quantities any overlap".into(), self.quantities_overlap));
        rows.push(("quotes lenient (>30%)".into(), self.quotes_lenient));
        rows.push(("quotes strict (>80%)".into(), self.quotes_strict));
        rows.push(("quotes exact span".into(), self.quotes_exact));
        rows.push(("claims (overlap >= 50%)".into(), self.claims));
        let mut s = super::table(&format!("{title} ({} documents)", self.documents), &rows);
        s += &format!(
            "quantities on exact spans: value {:.1} %, kind {:.1} %, qualifier {:.1} %, counted noun {:.1} %\n",
            self.quantities_value, self.quantities_kind, self.quantities_approx, self.quantities_counted
        );
        s += &format!(
            "quotes on lenient matches: speaker {:.1} %, cue {:.1} %\nclaims on matches: source {:.1} %\n",
            self.quote_speaker, self.quote_cue, self.claim_source
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{ClaimRecord, EntityRecord, QuoteRecord, TextSpan};
    use crate::{EntityLabel, QuoteKind};

    fn span(text: &str, start: usize, end: usize) -> TextSpan {
        TextSpan {
            text: text.into(),
            start,
            end,
        }
    }

    fn quote(start: usize, end: usize, speaker: &str) -> QuoteRecord {
        QuoteRecord {
            id: String::new(),
            kind: QuoteKind::Direct,
            content: span("q", start, end),
            cue: Some(span("said", end + 2, end + 6)),
            speaker: Some(SpeakerRecord {
                name: speaker.into(),
                label: "PER".into(),
                entity: None,
                mention: None,
                aliases: vec![],
            }),
        }
    }

    fn claim(start: usize, end: usize, source: &str) -> ClaimRecord {
        ClaimRecord {
            id: String::new(),
            text: "c".into(),
            start,
            end,
            quantities: vec![],
            entities: vec![],
            source: SourceRecord {
                name: source.into(),
                label: "PER".into(),
                quote: None,
                cue: None,
                aliases: vec![],
            },
        }
    }

    fn doc(quotes: Vec<QuoteRecord>, claims: Vec<ClaimRecord>) -> Record {
        Record {
            schema: "factx/1".into(),
            id: "d".into(),
            quotes,
            claims,
            ..Record::default()
        }
    }

    #[test]
    fn perfect_prediction_scores_100() {
        let g = doc(
            vec![quote(0, 50, "Ann Lee"), quote(60, 100, "Bob Ray")],
            vec![claim(0, 50, "Ann Lee")],
        );
        let mut r = GoldReport::default();
        r.add(&g, &g.clone());
        assert_eq!(r.quotes_strict.f1, 100.0);
        assert_eq!(r.quote_speaker, 100.0);
        assert_eq!(r.claims.f1, 100.0);
        assert_eq!(r.claim_source, 100.0);
    }

    #[test]
    fn partial_overlap_is_lenient_but_not_strict() {
        let g = doc(vec![quote(0, 100, "Ann Lee")], vec![]);
        let p = doc(vec![quote(0, 50, "ann lee")], vec![]);
        let mut r = GoldReport::default();
        r.add(&g, &p);
        assert_eq!(r.quotes_lenient.correct, 1);
        assert_eq!(r.quotes_strict.correct, 0);
        assert_eq!(r.quote_speaker, 100.0, "names are case-folded");
    }

    #[test]
    fn swapped_speakers_match_the_quotes_but_not_the_speakers() {
        let g = doc(vec![quote(0, 50, "Ann Lee"), quote(60, 100, "Bob Ray")], vec![]);
        let p = doc(vec![quote(0, 50, "Bob Ray"), quote(60, 100, "Ann Lee")], vec![]);
        let mut r = GoldReport::default();
        r.add(&g, &p);
        assert_eq!(r.quotes_strict.f1, 100.0);
        assert_eq!(r.quote_speaker, 0.0);
    }

    #[test]
    fn off_by_one_spans_fail_exact_but_pass_overlap() {
        let mut g = Record {
            schema: "factx/1".into(),
            ..Record::default()
        };
        g.entities.push(EntityRecord {
            id: String::new(),
            text: "Idlib".into(),
            label: EntityLabel::Loc,
            start: 10,
            end: 15,
        });
        let mut p = g.clone();
        p.entities[0].end = 16;
        g.claims.push(claim(0, 100, "X"));
        p.claims.push(claim(1, 100, "X"));
        let mut r = GoldReport::default();
        r.add(&g, &p);
        assert_eq!(r.entities_micro.correct, 0);
        assert_eq!(r.claims.correct, 1);
    }

    #[test]
    fn unmatched_prediction_costs_precision_only() {
        let g = doc(vec![quote(0, 50, "Ann Lee")], vec![]);
        let p = doc(vec![quote(0, 50, "Ann Lee"), quote(200, 250, "Bob Ray")], vec![]);
        let mut r = GoldReport::default();
        r.add(&g, &p);
        assert_eq!(r.quotes_lenient.recall, 100.0);
        assert_eq!(r.quotes_lenient.precision, 50.0);
    }

    #[test]
    fn empty_document_scores_cleanly() {
        let mut r = GoldReport::default();
        r.add(&doc(vec![], vec![]), &doc(vec![], vec![]));
        assert_eq!(r.documents, 1);
        assert_eq!(r.quotes_lenient.f1, 100.0);
        assert_eq!(r.claims.f1, 100.0);
        assert_eq!(r.quote_speaker, 0.0, "no matches, no speaker share");
    }

    #[test]
    fn aliases_and_publishers() {
        assert!(same_name(
            Some("SAMS"),
            Some("Syrian American Medical Society"),
            &["SAMS".into()]
        ));
        assert!(same_name(Some("The United Nations"), Some("United Nations"), &[]));
        assert!(!same_name(Some("UN"), Some("United Nations"), &[]));
        let publisher = |n: &str| SourceRecord {
            name: n.into(),
            label: "PUBLISHER".into(),
            quote: None,
            cue: None,
            aliases: vec![],
        };
        assert!(source_matches(&publisher("ITV News"), &publisher("itv news")));
        let mut person = publisher("ITV News");
        person.label = "ORG".into();
        assert!(!source_matches(&person, &publisher("ITV News")));
    }
}
