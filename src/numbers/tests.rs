//! Unit tests of the numbers stage on news phrasing.

use super::*;

type Row = (
    String,
    QuantityKind,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<Approx>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn q(text: &str) -> Vec<Row> {
    let doc = Doc::new(text);
    Numbers::default()
        .recognize(&doc)
        .into_iter()
        .map(|x| {
            (
                doc.slice(x.span).to_string(),
                x.kind,
                x.value,
                x.low,
                x.high,
                x.approx,
                x.unit,
                x.date,
                x.counted.map(|c| doc.slice(c).to_string()),
            )
        })
        .collect()
}

fn one(text: &str) -> (String, QuantityKind, Option<f64>, Option<String>) {
    let all = q(text);
    assert_eq!(all.len(), 1, "{text}: {all:?}");
    let x = &all[0];
    (x.0.clone(), x.1, x.2, x.8.clone())
}

#[test]
fn counts_with_qualifiers_and_counted_nouns() {
    let r = q("The escalation has left at least 400 people dead, another 440,000 civilians displaced.");
    assert_eq!(r[0].0, "at least 400 people");
    assert_eq!(
        (r[0].2, r[0].3, r[0].4, r[0].5),
        (Some(400.0), Some(400.0), None, Some(Approx::AtLeast))
    );
    assert_eq!(r[0].8.as_deref(), Some("people"));
    assert_eq!(r[1].0, "440,000 civilians");
    assert_eq!(r[1].8.as_deref(), Some("civilians"));
}

#[test]
fn number_words() {
    assert_eq!(one("nearly seven hundred thousand people fled").2, Some(700000.0));
    assert_eq!(
        one("half a dozen other children").0,
        "half a dozen other children"
    );
    assert_eq!(one("half a dozen other children").2, Some(6.0));
    assert_eq!(one("a hundred and twenty-five houses").2, Some(125.0));
    assert_eq!(one("half a million refugees").2, Some(500000.0));
    assert_eq!(one("three quarters of voters").2, Some(0.75));
    assert_eq!(one("It was the twenty-first attack").1, QuantityKind::Ordinal);
}

#[test]
fn digits_with_scales() {
    assert_eq!(one("The scheme reached 1.2m households").2, Some(1_200_000.0));
    assert_eq!(one("It cost 3 million dollars").2, Some(3_000_000.0));
    let m = one("The government pledged £5m to repair defences");
    assert_eq!((m.0.as_str(), m.1, m.2), ("£5m", QuantityKind::Money, Some(5e6)));
    assert_eq!(one("a $1.2 billion deal").2, Some(1.2e9));
}

#[test]
fn percentages_temperatures_durations_ages() {
    assert_eq!(one("Prices rose 30 per cent").1, QuantityKind::Percent);
    assert_eq!(one("Prices rose 30%").0, "30%");
    let t = q("temperatures of four or five degrees below zero");
    assert_eq!(t[0].0, "four or five degrees below zero");
    assert_eq!((t[0].3, t[0].4), (Some(-5.0), Some(-4.0)));
    assert_eq!(one("The siege has lasted 80 days").1, QuantityKind::Duration);
    assert_eq!(one("for almost three months now").0, "almost three months");
    let a = one("Sleeping four-year-old amongst casualties");
    assert_eq!((a.1, a.2), (QuantityKind::Age, Some(4.0)));
    assert_eq!(one("the country's 9-year conflict").1, QuantityKind::Duration);
}

#[test]
fn ranges_and_alternatives() {
    let r = q("between 20 and 30 people");
    assert_eq!(r[0].0, "between 20 and 30 people");
    assert_eq!((r[0].2, r[0].3, r[0].4), (None, Some(20.0), Some(30.0)));
    let r = q("Witnesses heard six or seven explosions.");
    assert_eq!((r[0].3, r[0].4), (Some(6.0), Some(7.0)));
    let r = q("talks will last three to four days");
    assert_eq!(
        (r[0].1, r[0].3, r[0].4),
        (QuantityKind::Duration, Some(3.0), Some(4.0))
    );
}

#[test]
fn dates() {
    let r = q("killed since June 24, compared to 31 children killed during all of 2018");
    assert_eq!(r[0].0, "June 24");
    assert_eq!(r[0].7.as_deref(), Some("XXXX-06-24"));
    assert_eq!(r[2].0, "2018");
    assert_eq!(r[2].1, QuantityKind::Date);
    assert_eq!(one("It opened on May 1, 2019 in Idlib").3, None);
    assert_eq!(
        q("It opened on May 1, 2019 in Idlib")[0].7.as_deref(),
        Some("2019-05-01")
    );
    assert_eq!(q("since December")[0].7.as_deref(), Some("XXXX-12"));
    assert_eq!(q("You may go.").len(), 0);
}

#[test]
fn relative_dates_resolve_against_a_reference() {
    let doc = Doc::new("Prices rose last month and yesterday, after June 24.");
    let n = Numbers::new(NaiveDate::from_ymd_opt(2019, 7, 20));
    let r = n.recognize(&doc);
    let dates: Vec<Option<String>> = r.iter().map(|x| x.date.clone()).collect();
    assert_eq!(
        dates,
        vec![
            Some("2019-06".into()),
            Some("2019-07-19".into()),
            Some("2019-06-24".into())
        ]
    );
}

#[test]
fn identifiers_are_not_quantities() {
    for text in [
        "The attack breached UNSC 2286 again.",
        "It breached resolution 2286.",
        "The COVID-19 pandemic spread.",
        "Leaders met at the G7.",
        "He flew an F-16.",
        "One SAMS doctor said it.",
        "One of the doctors said it.",
        "PCs still run Windows 7.",
        "The prime minister lives at 10 Downing Street.",
    ] {
        let found = q(text);
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}

#[test]
fn one_counts_after_a_verb() {
    let r = q("This week one massacre caused more damage");
    assert_eq!(r[0].1, QuantityKind::Date);
    assert_eq!((r[1].0.as_str(), r[1].2), ("one massacre", Some(1.0)));
}

#[test]
fn multibyte_words_before_numbers_do_not_panic() {
    assert_eq!(q("She performed at New York’s 54 Below last week.").len(), 2);
    for text in [
        "É 5",
        "’s 54",
        "Ü2 3",
        "ﬁ 10 km",
        "–5 degrees",
        "−3C",
        "№ 5",
        "İstanbul’s 3 bridges",
    ] {
        let _ = q(text);
    }
}
