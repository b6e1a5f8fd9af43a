//! The numbers stage on the seeds and on the news spec (`eval/numbers_news.jsonl`).

use factx::eval::numbers::{same_value, score_news};
use factx::numbers::Numbers;
use factx::{Approx, Doc, QuantityKind};

/// Key quantities of the four seeds, read off the articles: (sentence fragment, span, kind, value,
/// low, high, approx, counted).
#[allow(clippy::type_complexity)]
const SEED_QUANTITIES: &[(
    &str,
    &str,
    QuantityKind,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<Approx>,
    Option<&str>,
)] = &[
    (
        "confirmed at least 33 children have been killed",
        "at least 33 children",
        QuantityKind::Count,
        Some(33.0),
        Some(33.0),
        None,
        Some(Approx::AtLeast),
        Some("children"),
    ),
    (
        "killed since June 24, compared",
        "June 24",
        QuantityKind::Date,
        None,
        None,
        None,
        None,
        None,
    ),
    (
        "compared to 31 children killed",
        "31 children",
        QuantityKind::Count,
        Some(31.0),
        Some(31.0),
        Some(31.0),
        None,
        Some("children"),
    ),
    (
        "show 175 children have been killed",
        "175 children",
        QuantityKind::Count,
        Some(175.0),
        Some(175.0),
        Some(175.0),
        None,
        Some("children"),
    ),
    (
        "and 827 children have been admitted",
        "827 children",
        QuantityKind::Count,
        Some(827.0),
        Some(827.0),
        Some(827.0),
        None,
        Some("children"),
    ),
    (
        "killing eight children on Monday",
        "eight children",
        QuantityKind::Count,
        Some(8.0),
        Some(8.0),
        Some(8.0),
        None,
        Some("children"),
    ),
    (
        "has left at least 400 people dead",
        "at least 400 people",
        QuantityKind::Count,
        Some(400.0),
        Some(400.0),
        None,
        Some(Approx::AtLeast),
        Some("people"),
    ),
    (
        "another 440,000 civilians displaced",
        "440,000 civilians",
        QuantityKind::Count,
        Some(440000.0),
        Some(440000.0),
        Some(440000.0),
        None,
        Some("civilians"),
    ),
    (
        "for almost three months now",
        "almost three months",
        QuantityKind::Duration,
        Some(3.0),
        None,
        Some(3.0),
        Some(Approx::Nearly),
        None,
    ),
    (
        "caused more than 100 casualties",
        "more than 100 casualties",
        QuantityKind::Count,
        Some(100.0),
        Some(100.0),
        None,
        Some(Approx::MoreThan),
        Some("casualties"),
    ),
    (
        "Sleeping four-year-old amongst",
        "four-year-old",
        QuantityKind::Age,
        Some(4.0),
        Some(4.0),
        Some(4.0),
        None,
        None,
    ),
    (
        "violent conflict for 80 days with",
        "80 days",
        QuantityKind::Duration,
        Some(80.0),
        Some(80.0),
        Some(80.0),
        None,
        None,
    ),
    (
        "serving more than 80,000 people",
        "more than 80,000 people",
        QuantityKind::Count,
        Some(80000.0),
        Some(80000.0),
        None,
        Some(Approx::MoreThan),
        Some("people"),
    ),
    (
        "at least 44 schools have been damaged",
        "at least 44 schools",
        QuantityKind::Count,
        Some(44.0),
        Some(44.0),
        None,
        Some(Approx::AtLeast),
        Some("schools"),
    ),
];

#[test]
fn key_seed_quantities_have_the_right_value_qualifier_and_counted_noun() {
    let texts: Vec<String> = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let numbers = Numbers::default();
    for &(fragment, span, kind, value, low, high, approx, counted) in SEED_QUANTITIES {
        let text = texts
            .iter()
            .find(|t| t.contains(fragment))
            .unwrap_or_else(|| panic!("no seed holds {fragment:?}"));
        let doc = Doc::new(text.clone());
        let at = text.find(fragment).unwrap();
        let q = numbers
            .recognize(&doc)
            .into_iter()
            .find(|q| q.span.start >= at && q.span.end <= at + fragment.len() && doc.slice(q.span) == span)
            .unwrap_or_else(|| panic!("{span:?} not found in {fragment:?}"));
        assert_eq!(q.kind, kind, "{span}");
        assert!(
            same_value(q.value, value) && same_value(q.low, low) && same_value(q.high, high),
            "{span}: {q:?}"
        );
        assert_eq!(q.approx, approx, "{span}");
        assert_eq!(q.counted.map(|c| doc.slice(c)), counted, "{span}");
    }
}

#[test]
fn every_seed_case_of_the_news_spec_is_exactly_right() {
    let numbers = Numbers::default();
    let dir = tempfile::tempdir().unwrap();
    let seeds_only = dir.path().join("seed_cases.jsonl");
    let all = std::fs::read_to_string("eval/numbers_news.jsonl").unwrap();
    let lines: Vec<&str> = all
        .lines()
        .filter(|l| l.contains("\"note\": \"seed") || l.contains("\"note\":\"seed"))
        .collect();
    assert!(
        lines.len() >= 40,
        "the spec holds every seed sentence with a quantity ({})",
        lines.len()
    );
    std::fs::write(&seeds_only, lines.join("\n")).unwrap();
    let report = score_news(&seeds_only, &numbers).unwrap();
    assert_eq!(report.cases_exact, report.cases, "{:#?}", report.failures);
}

#[test]
fn news_spec_scores_at_least_98_percent() {
    let report = score_news(
        std::path::Path::new("eval/numbers_news.jsonl"),
        &Numbers::default(),
    )
    .unwrap();
    assert!(report.cases >= 150);
    assert!(
        report.full.f1 >= 98.0,
        "F1 {:.2}: {:#?}",
        report.full.f1,
        report.failures
    );
}
