//! Numbers scorers: the news spec (`eval/numbers_news.jsonl`) and Microsoft Recognizers-Text.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::Prf;
use crate::numbers::{Mention, Numbers};
use crate::record::QuantityRecord;
use crate::{Doc, QuantityKind};

/// Values agree within a relative tolerance of 1e-9 (both absent also agrees).
pub fn same_value(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        _ => false,
    }
}

/// One case of the news spec.
#[derive(Debug, Deserialize)]
pub struct NewsCase {
    pub id: String,
    pub text: String,
    pub quantities: Vec<QuantityRecord>,
    #[serde(default)]
    pub note: String,
}

/// Scores on the news spec.
#[derive(Debug, Default, Serialize)]
pub struct NewsReport {
    pub cases: usize,
    /// Cases whose quantities all came out exactly right (span, kind, value, bounds, qualifier, unit, counted).
    pub cases_exact: usize,
    pub span: Prf,
    pub span_value: Prf,
    /// Full match: span, kind, value, low, high, approx, unit, date and counted noun.
    pub full: Prf,
    /// Among span matches, the share with each field right (percent).
    pub field_accuracy: BTreeMap<String, f64>,
    pub failures: Vec<String>,
}

fn char_span(doc: &Doc, s: crate::Span) -> (usize, usize) {
    (doc.char_offset(s.start), doc.char_offset(s.end))
}

/// Score the numbers stage on the news spec file.
pub fn score_news(path: &Path, numbers: &Numbers) -> anyhow::Result<NewsReport> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut report = NewsReport::default();
    let (mut gold_n, mut pred_n, mut span_ok, mut value_ok, mut full_ok) = (0, 0, 0, 0, 0);
    let mut fields: BTreeMap<&str, usize> = BTreeMap::new();
    for (ln, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: NewsCase =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), ln + 1))?;
        let doc = Doc::new(case.text.clone());
        let pred = numbers.recognize(&doc);
        report.cases += 1;
        gold_n += case.quantities.len();
        pred_n += pred.len();
        let mut exact = pred.len() == case.quantities.len();
        let mut used = HashSet::new();
        for g in &case.quantities {
            let hit = pred
                .iter()
                .enumerate()
                .find(|(k, p)| !used.contains(k) && char_span(&doc, p.span) == (g.start, g.end));
            let Some((k, p)) = hit else {
                exact = false;
                report
                    .failures
                    .push(format!("{} missed {:?} in {:?}", case.id, g.text, case.text));
                continue;
            };
            used.insert(k);
            span_ok += 1;
            let counted = p.counted.map(|c| char_span(&doc, c));
            let checks = [
                ("kind", p.kind == g.kind),
                (
                    "value",
                    same_value(p.value, g.value) && same_value(p.low, g.low) && same_value(p.high, g.high),
                ),
                ("approx", p.approx == g.approx),
                ("unit", p.unit == g.unit),
                ("date", p.date == g.date),
                ("counted", counted == g.counted.as_ref().map(|c| (c.start, c.end))),
            ];
            for (name, ok) in checks {
                *fields.entry(name).or_default() += usize::from(ok);
            }
            if checks[1].1 {
                value_ok += 1;
            }
            if checks.iter().all(|c| c.1) {
                full_ok += 1;
            } else {
                exact = false;
                let wrong: Vec<&str> = checks.iter().filter(|c| !c.1).map(|c| c.0).collect();
                report.failures.push(format!(
                    "{} {:?}: wrong {:?} (got kind {:?} value {:?} low {:?} high {:?} approx {:?} unit {:?} date {:?} counted {:?})",
                    case.id, g.text, wrong, p.kind, p.value, p.low, p.high, p.approx, p.unit, p.date,
                    p.counted.map(|c| doc.slice(c))
                ));
            }
        }
        for (k, p) in pred.iter().enumerate() {
            if !used.contains(&k) {
                exact = false;
                report.failures.push(format!(
                    "{} spurious {:?} in {:?}",
                    case.id,
                    doc.slice(p.span),
                    case.text
                ));
            }
        }
        report.cases_exact += usize::from(exact);
    }
    report.span = Prf::new(gold_n, pred_n, span_ok);
    report.span_value = Prf::new(gold_n, pred_n, value_ok);
    report.full = Prf::new(gold_n, pred_n, full_ok);
    report.field_accuracy = fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), 100.0 * v as f64 / span_ok.max(1) as f64))
        .collect();
    Ok(report)
}

/// The Recognizers-Text spec files in scope, by suite name.
pub const RECOGNIZERS_SUITES: &[&str] = &[
    "Number/NumberModel",
    "Number/OrdinalModelSuppressExtendedTypes",
    "Number/PercentModel",
    "Number/NumberRangeModel",
    "NumberWithUnit/CurrencyModel",
    "NumberWithUnit/TemperatureModel",
    "NumberWithUnit/DimensionModel",
    "NumberWithUnit/AgeModel",
];

#[derive(Debug, Deserialize)]
struct RecCase {
    suite: String,
    idx: usize,
    input: String,
    gold: Vec<RecGold>,
}

#[derive(Debug, Deserialize)]
struct RecGold {
    start: usize,
    end: usize,
    value: Option<f64>,
    interval: Option<RecInterval>,
}

#[derive(Debug, Deserialize)]
struct RecInterval {
    lo: Option<f64>,
    hi: Option<f64>,
}

/// A case we score differently from the spec, with the reason.
#[derive(Debug, Deserialize, Serialize, Clone)]
pub struct Waiver {
    pub suite: String,
    pub idx: usize,
    pub reason: String,
}

/// Scores per Recognizers suite and overall.
#[derive(Debug, Default, Serialize)]
pub struct RecognizersReport {
    pub per_suite: BTreeMap<String, Prf>,
    pub overall: Prf,
    /// Cases per suite whose entities all matched exactly.
    pub cases: BTreeMap<String, (usize, usize)>,
    pub waived: Vec<Waiver>,
    pub failures: Vec<String>,
}

/// A prediction in Recognizers' terms: code-point span, value, interval.
type RecPred = ((usize, usize), Option<f64>, Option<(Option<f64>, Option<f64>)>);

/// What factx predicts for one Recognizers suite on one input.
fn predict(suite: &str, doc: &Doc, mentions: &[Mention]) -> Vec<RecPred> {
    let cs = |s: crate::Span| char_span(doc, s);
    let mut out = Vec::new();
    for m in mentions {
        let q = &m.quantity;
        let v = q.value.or(q.low);
        match suite {
            "Number/NumberModel" if !matches!(q.kind, QuantityKind::Ordinal | QuantityKind::Date) => {
                // Recognizers' number model leaves out a number glued to its unit ("the 180ml
                // liquid"): it is a dimension there, not a number.
                let glued_unit = |s: crate::Span| {
                    q.kind == QuantityKind::Dimension
                        && doc.slice(s).trim_end().ends_with(|c: char| c.is_alphabetic())
                };
                out.extend(
                    m.numbers
                        .iter()
                        .filter(|n| !glued_unit(n.0))
                        .map(|&(s, v)| (cs(s), Some(v), None)),
                );
            }
            "Number/OrdinalModelSuppressExtendedTypes" if q.kind == QuantityKind::Ordinal => {
                out.push((cs(m.measure), v, None));
            }
            "Number/PercentModel" if q.kind == QuantityKind::Percent => out.push((cs(m.measure), v, None)),
            "Number/NumberRangeModel" if q.low != q.high || q.approx.is_some() || m.qualifier.is_some() => {
                // The numbers without their unit, and the qualifier before ("more than 20") or
                // after ("20 or more").
                let numbers = m
                    .numbers
                    .iter()
                    .map(|n| n.0)
                    .reduce(|a, b| a.cover(b))
                    .unwrap_or(m.measure);
                let start = m.qualifier.map_or(numbers.start, |s| s.start.min(numbers.start));
                let end = m.qualifier.map_or(numbers.end, |s| s.end.max(numbers.end));
                out.push((cs(crate::Span::new(start, end)), None, Some((q.low, q.high))));
            }
            "NumberWithUnit/CurrencyModel" if q.kind == QuantityKind::Money => {
                out.push((cs(m.measure), v, None))
            }
            "NumberWithUnit/TemperatureModel" if q.kind == QuantityKind::Temperature => {
                out.push((cs(m.measure), v, None))
            }
            "NumberWithUnit/DimensionModel" if q.kind == QuantityKind::Dimension => {
                out.push((cs(m.measure), v, None))
            }
            "NumberWithUnit/AgeModel" if q.kind == QuantityKind::Age => out.push((cs(m.measure), v, None)),
            _ => {}
        }
    }
    out
}

/// Score the in-scope Recognizers-Text suites from `DIR/gold_en.jsonl`, skipping waived cases.
pub fn score_recognizers(
    dir: &Path,
    waivers: &[Waiver],
    numbers: &Numbers,
) -> anyhow::Result<RecognizersReport> {
    let path = dir.join("gold_en.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut report = RecognizersReport::default();
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: RecCase = serde_json::from_str(line)?;
        if !RECOGNIZERS_SUITES.contains(&case.suite.as_str()) {
            continue;
        }
        if let Some(w) = waivers
            .iter()
            .find(|w| w.suite == case.suite && w.idx == case.idx)
        {
            report.waived.push(w.clone());
            continue;
        }
        let doc = Doc::new(case.input.clone());
        let mentions = numbers.mentions(&doc);
        let pred = predict(&case.suite, &doc, &mentions);
        let c = counts.entry(case.suite.clone()).or_default();
        c.0 += case.gold.len();
        c.1 += pred.len();
        let mut used = HashSet::new();
        let mut all = pred.len() == case.gold.len();
        for g in &case.gold {
            let hit = pred.iter().enumerate().find(|(k, p)| {
                !used.contains(k)
                    && p.0 == (g.start, g.end)
                    && match (&g.interval, p.2) {
                        (Some(iv), Some((lo, hi))) => same_value(iv.lo, lo) && same_value(iv.hi, hi),
                        (None, _) => same_value(g.value, p.1),
                        _ => false,
                    }
            });
            match hit {
                Some((k, _)) => {
                    used.insert(k);
                    c.2 += 1;
                }
                None => all = false,
            }
        }
        let cc = report.cases.entry(case.suite.clone()).or_default();
        cc.1 += 1;
        if all {
            cc.0 += 1;
        } else {
            let show: Vec<String> = pred
                .iter()
                .map(|p| {
                    let t: String = case.input.chars().skip(p.0 .0).take(p.0 .1 - p.0 .0).collect();
                    format!("{t:?}={:?}/{:?}", p.1, p.2)
                })
                .collect();
            let gold: Vec<String> = case
                .gold
                .iter()
                .map(|g| {
                    let t: String = case.input.chars().skip(g.start).take(g.end - g.start).collect();
                    format!(
                        "{t:?}={:?}/{:?}",
                        g.value,
                        g.interval.as_ref().map(|i| (i.lo, i.hi))
                    )
                })
                .collect();
            report.failures.push(format!(
                "{} #{} {:?}\n  gold {gold:?}\n  got  {show:?}",
                case.suite, case.idx, case.input
            ));
        }
    }
    for (suite, (g, p, c)) in counts {
        let prf = Prf::new(g, p, c);
        report.overall = report.overall.add(&prf);
        report.per_suite.insert(suite, prf);
    }
    Ok(report)
}

/// Read the waiver list (JSON lines of `{suite, idx, reason}`); a missing file is an empty list.
pub fn read_waivers(path: &Path) -> anyhow::Result<Vec<Waiver>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(path)?;
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| serde_json::from_str(l).with_context(|| format!("bad waiver line {l:?}")))
        .collect()
}
