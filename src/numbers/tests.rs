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
fn ranges_with_a_unit_on_both_ends() {
    let r = q("Inflation will fall to between 4% and 5% by January.");
    assert_eq!(r[0].0, "between 4% and 5%");
    assert_eq!(
        (r[0].1, r[0].3, r[0].4),
        (QuantityKind::Percent, Some(4.0), Some(5.0))
    );
    let r = q("Highs of 30C to 35C are expected.");
    assert_eq!(
        (r[0].1, r[0].3, r[0].4),
        (QuantityKind::Temperature, Some(30.0), Some(35.0))
    );
    // A poll's score and a change are two values, not a range.
    let r = q("Clinton leads 53 percent to 48 percent.");
    assert_eq!((r[0].0.as_str(), r[1].0.as_str()), ("53 percent", "48 percent"));
    let r = q("Unemployment rose from 3.9% to 4.2%.");
    assert_eq!((r[0].2, r[1].2), (Some(3.9), Some(4.2)));
}

#[test]
fn years_written_short_and_ages_in_ranges_and_decades() {
    let r = q("Spending rose from 2019-20 to 2022-23, and fell in 1999-00.");
    let dates: Vec<(&str, Option<&str>)> = r.iter().map(|x| (x.0.as_str(), x.7.as_deref())).collect();
    assert_eq!(
        dates,
        [
            ("2019-20", Some("2019/2020")),
            ("2022-23", Some("2022/2023")),
            ("1999-00", Some("1999/2000"))
        ]
    );
    let r = q("A man aged between 18 and 25 was held.");
    assert_eq!(r[0].0, "aged between 18 and 25");
    assert_eq!(
        (r[0].1, r[0].3, r[0].4),
        (QuantityKind::Age, Some(18.0), Some(25.0))
    );
    let r = q("He is in his 60s; the 1960s were wild.");
    assert_eq!(
        (r[0].1, r[0].3, r[0].4),
        (QuantityKind::Age, Some(60.0), Some(69.0))
    );
    assert_eq!((r[1].1, r[1].7.as_deref()), (QuantityKind::Date, Some("196X")));
}

#[test]
fn an_ordinal_after_a_orders_what_follows() {
    let r = q("Rescuers worked through a third night. A third of the town was destroyed.");
    assert_eq!(
        (r[0].0.as_str(), r[0].1, r[0].2),
        ("third", QuantityKind::Ordinal, Some(3.0))
    );
    assert_eq!(r[1].0, "A third");
    assert!((r[1].2.unwrap() - 1.0 / 3.0).abs() < 1e-9);
}

#[test]
fn a_score_is_two_numbers() {
    let r = q("Sweden beat Korea 1 – 0, and Tunisia lost 1 – 2 to England. It took 1 – 2 days.");
    let texts: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(texts, vec!["1", "0", "1", "2", "1 – 2 days"]);
}

#[test]
fn a_third_party_is_ordered_not_divided() {
    let r = q("A third party won a third of the vote in the third quarter.");
    assert_eq!((r[0].0.as_str(), r[0].1), ("third", QuantityKind::Ordinal));
    assert_eq!(r[1].0, "a third");
    assert!((r[1].2.unwrap() - 1.0 / 3.0).abs() < 1e-9);
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

/// The spans and ISO dates of a text's dates.
fn dates_of(text: &str) -> Vec<(String, Option<String>)> {
    q(text)
        .into_iter()
        .filter(|r| r.1 == QuantityKind::Date)
        .map(|r| (r.0, r.7))
        .collect()
}

#[test]
fn days_listed_or_ranged_take_their_month() {
    let d = |s: &str, iso: &str| (s.to_string(), Some(iso.to_string()));
    assert_eq!(
        dates_of("Nurses will strike on 21 and 28 December."),
        vec![d("21", "XXXX-12-21"), d("28 December", "XXXX-12-28")]
    );
    assert_eq!(
        dates_of("Talks were held on 3, 4 and 5 May 2020."),
        vec![
            d("3", "2020-05-03"),
            d("4", "2020-05-04"),
            d("5 May 2020", "2020-05-05")
        ]
    );
    assert_eq!(
        dates_of("Votes were held on June 3 and 10, 2019."),
        vec![d("June 3", "2019-06-03"), d("10, 2019", "2019-06-10")]
    );
    assert_eq!(
        dates_of("The festival runs 21-28 December."),
        vec![d("21-28 December", "XXXX-12-21/XXXX-12-28")]
    );
    assert_eq!(
        dates_of("The poll was conducted Feb. 11-15, 2016."),
        vec![d("Feb. 11-15, 2016", "2016-02-11/2016-02-15")]
    );
    // A comma alone joins no days: the second number counts people.
    assert_eq!(
        dates_of("On May 5, 12 people died."),
        vec![d("May 5", "XXXX-05-05")]
    );
    assert_eq!(dates_of("On 3, 4 May."), vec![d("4 May", "XXXX-05-04")]);
}

#[test]
fn years_joined_are_two_dates() {
    let d = |s: &str, iso: &str| (s.to_string(), Some(iso.to_string()));
    assert_eq!(
        dates_of("Between 2019 and 2022, the number tripled."),
        vec![d("2019", "2019"), d("2022", "2022")]
    );
    assert_eq!(
        dates_of("Taxes rose from 2004 to 2009."),
        vec![d("2004", "2004"), d("2009", "2009")]
    );
    assert_eq!(
        dates_of("In 2014-2016 it fell."),
        vec![d("2014-2016", "2014/2016")]
    );
    // A range that counts something stays a range.
    let r = q("Between 1900 and 2000 people came.");
    assert_eq!(r[0].0, "Between 1900 and 2000 people");
    assert_eq!((r[0].3, r[0].4), (Some(1900.0), Some(2000.0)));
}

#[test]
fn a_singular_word_after_several_is_no_counted_noun() {
    let r = q("Children under five account for a third of cases.");
    assert_eq!(r[0].0, "under five");
    assert_eq!(r[0].8, None);
    let r = q("Forty-eight remain in custody.");
    assert_eq!(r[0].8, None);
    // Invariant plurals and compound modifiers still count.
    assert_eq!(q("Five aircraft were lost.")[0].8.as_deref(), Some("aircraft"));
    assert_eq!(q("It had a four-point lead.")[0].8.as_deref(), Some("lead"));
    assert_eq!(
        q("Some 1709 schoolchildren took part.")[0].8.as_deref(),
        Some("schoolchildren")
    );
}

#[test]
fn scaled_values_carry_no_float_noise() {
    assert_eq!(q("The damage was $34.2bn.")[0].2, Some(34_200_000_000.0));
    assert_eq!(q("It was 1.1m euros.")[0].2, Some(1_100_000.0));
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

#[test]
fn negatives_fractions_and_notation() {
    assert_eq!(one("Growth was minus 5 per cent.").2, Some(-5.0));
    assert_eq!(one("The answer is negative one.").2, Some(-1.0));
    // Arithmetic is no negative number.
    assert!(q("six minus two").iter().all(|r| r.2.is_none_or(|v| v >= 0.0)));
    assert_eq!(one("the result is ¾").2, Some(0.75));
    assert_eq!(one("a 2½ hour wait").2, Some(2.5));
    assert_eq!(one("about 1.3e6 cells").2.map(|v| v.round()), Some(1_300_000.0));
    assert_eq!(
        one("a density of 6.23x10^-4").2.map(|v| (v * 1e6).round()),
        Some(623.0)
    );
}

#[test]
fn scales_with_smaller_parts_and_fractions() {
    assert_eq!(one("The population is 3 million and a half").2, Some(3_500_000.0));
    assert_eq!(one("They have two million and one half").2, Some(2_500_000.0));
    assert_eq!(one("five billion and three quarters").2, Some(5_750_000_000.0));
    assert_eq!(one("4 thousand 3 hundred and 21 ballots").2, Some(4321.0));
    assert_eq!(one("a quarter million visitors").2, Some(250_000.0));
    // A larger number after a scale starts a new number.
    assert_eq!(q("3 million and 4 million").len(), 2);
}

#[test]
fn bounds_written_around_the_number() {
    let r = q("Find sales less than or equal to 40 and 200 or greater.");
    assert_eq!((r[0].4, r[0].5), (Some(40.0), Some(Approx::UpTo)));
    assert_eq!(r[1].0, "200 or greater");
    assert_eq!((r[1].3, r[1].5), (Some(200.0), Some(Approx::AtLeast)));
    let r = one("Horsepower exceeding 150 is rare.");
    assert_eq!(r.2, Some(150.0));
    assert_eq!(
        q("Horsepower exceeding 150 is rare.")[0].5,
        Some(Approx::MoreThan)
    );
}

#[test]
fn currency_codes_and_compound_units() {
    let r = q("I would like to buy it for USD 200 or EUR 125.");
    assert_eq!((r[0].1, r[0].6.as_deref()), (QuantityKind::Money, Some("USD")));
    assert_eq!((r[1].1, r[1].6.as_deref()), (QuantityKind::Money, Some("EUR")));
    let units = |t: &str| q(t).into_iter().map(|r| (r.2, r.6)).collect::<Vec<_>>();
    assert_eq!(
        units("16,000 metric tons"),
        vec![(Some(16000.0), Some("tonne".into()))]
    );
    assert_eq!(
        units("0.9 trillion cubic feet"),
        vec![(Some(9e11), Some("cubic foot".into()))]
    );
    assert_eq!(
        units("188 miles an hour"),
        vec![(Some(188.0), Some("mph".into()))]
    );
    assert_eq!(units("a 100 MB file"), vec![(Some(100.0), Some("MB".into()))]);
    let r = units("he is 5 feet 2 inches");
    assert_eq!(r.len(), 1);
    assert!((r[0].0.unwrap() - (5.0 + 2.0 / 12.0)).abs() < 1e-9);
}

#[test]
fn ratios_and_digit_groupings() {
    assert!((one("one out of three voters").2.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(one("1 in 5 children").2, Some(0.2));
    // A year after "in" is no ratio.
    assert_eq!(q("5 people died in 2019").len(), 2);
    assert_eq!(one("a loan of 12,34,567 rupees").2, Some(1_234_567.0));
    assert_eq!(
        q("Exercises 22,24,26 and 31").len(),
        4,
        "a list is no thousands number"
    );
    assert_eq!(one("two thirds of a million").2.map(f64::round), Some(666_667.0));
}

#[test]
fn glued_currencies_cents_and_angles() {
    let units = |t: &str| q(t).into_iter().map(|r| (r.1, r.2, r.6)).collect::<Vec<_>>();
    assert_eq!(
        units("the cost is 100元"),
        vec![(QuantityKind::Money, Some(100.0), Some("CNY".into()))]
    );
    assert_eq!(
        units("a 12-cent-a-share dividend")[0],
        (QuantityKind::Money, Some(12.0), Some("USD-cents".into()))
    );
    assert_eq!(
        units("it costs 15 dollars 50."),
        vec![(QuantityKind::Money, Some(15.5), Some("USD".into()))]
    );
    assert_eq!(
        units("He made a 180 degree turn on immigration."),
        vec![(QuantityKind::Dimension, Some(180.0), Some("degree".into()))]
    );
    assert_eq!(units("Rotate 90°")[0].0, QuantityKind::Dimension);
    assert_eq!(
        units("It was 30° in Madrid")[0],
        (QuantityKind::Temperature, Some(30.0), Some("C".into()))
    );
}

#[test]
fn fractions_take_the_whole_number_before_as_numerator() {
    let v = |t: &str| one(t).2.unwrap();
    assert!((v("twenty one fifths") - 21.0 / 5.0).abs() < 1e-12);
    assert!((v("one hundred thirty two fifths") - 132.0 / 5.0).abs() < 1e-12);
    // "and" after a scale belongs to the number; after a unit it starts a mixed number.
    assert!((v("one hundred and thirty fifths") - 130.0 / 5.0).abs() < 1e-12);
    assert!((v("two and two thirds") - (2.0 + 2.0 / 3.0)).abs() < 1e-12);
    // A tens word before a plural unit fraction is part of the denominator.
    assert!((v("one hundred thirty fifths") - 100.0 / 35.0).abs() < 1e-12);
    assert!((v("three twenty-firsts") - 3.0 / 21.0).abs() < 1e-12);
    assert!((v("a hundred trillionths") - 1e-10).abs() < 1e-22);
    assert!((v("five - eighths") - 0.625).abs() < 1e-12);
    assert_eq!(v("fifty - two"), 52.0);
    // A singular ordinal after a tens word is one ordinal, not a fraction.
    let r = q("the twenty fifth anniversary");
    assert_eq!((r[0].1, r[0].2), (QuantityKind::Ordinal, Some(25.0)));
}

#[test]
fn currencies_glued_to_codes_and_finance_shorthand() {
    let money = |t: &str| q(t).into_iter().map(|r| (r.0, r.2, r.6)).collect::<Vec<_>>();
    assert_eq!(
        money("USD115.5"),
        vec![("USD115.5".into(), Some(115.5), Some("USD".into()))]
    );
    assert_eq!(
        money("115USD"),
        vec![("115USD".into(), Some(115.0), Some("USD".into()))]
    );
    assert_eq!(
        money("nzd$15"),
        vec![("nzd$15".into(), Some(15.0), Some("NZD".into()))]
    );
    assert_eq!(
        money("aud$ 15"),
        vec![("aud$ 15".into(), Some(15.0), Some("AUD".into()))]
    );
    assert_eq!(money("They lost 75 USD million.")[0].1, Some(75e6));
    assert_eq!(money("losses in excess of 30 MUSD")[0].1, Some(30e6));
    assert_eq!(money("an increase to 17 USD 25.")[0].1, Some(17.25));
    // A lower-case word before digits is no currency code.
    assert!(q("abc123").is_empty());
}

#[test]
fn exact_and_symbolic_comparisons() {
    let r = q("His score is equal to 5000 or less");
    assert_eq!(r[0].0, "equal to 5000 or less");
    assert_eq!((r[0].4, r[0].5), (Some(5000.0), Some(Approx::UpTo)));
    let r = q("His score is less than 5000 or equal");
    assert_eq!(r[0].0, "less than 5000 or equal");
    assert_eq!(r[0].5, Some(Approx::UpTo));
    let r = q("The number equals 20.");
    assert_eq!(
        (r[0].0.as_str(), r[0].3, r[0].4),
        ("equals 20", Some(20.0), Some(20.0))
    );
    let r = q("when >30 or <-30");
    assert_eq!((r[0].3, r[0].5), (Some(30.0), Some(Approx::MoreThan)));
    assert_eq!((r[1].4, r[1].5), (Some(-30.0), Some(Approx::LessThan)));
    let r = q("between 5k-20k and 20~100");
    assert_eq!((r[0].3, r[0].4), (Some(5000.0), Some(20000.0)));
    assert_eq!((r[1].3, r[1].4), (Some(20.0), Some(100.0)));
    // "at most 100 and at least 20 apples" is one range of apples.
    let r = q("There are at most 100 and at least 20 apples.");
    assert_eq!((r.len(), r[0].3, r[0].4), (1, Some(20.0), Some(100.0)));
    assert_eq!(r[0].8.as_deref(), Some("apples"));
}

#[test]
fn a_glued_m_before_a_size_adjective_is_metres() {
    let r = q("I'm 1.8m tall.");
    assert_eq!(
        (r[0].1, r[0].2, r[0].6.as_deref()),
        (QuantityKind::Dimension, Some(1.8), Some("metre"))
    );
    assert_eq!(q("a £1.8m grant")[0].2, Some(1_800_000.0));
}

#[test]
fn scales_dozens_points_and_bracketed_units() {
    let v = |t: &str| one(t).2.unwrap();
    assert_eq!(v("The total is three lakh crore"), 3e12);
    assert_eq!(v("hundred thousand dollars"), 100_000.0);
    assert_eq!(v("three hundred and two dozens"), 324.0);
    assert_eq!(v("five dozs"), 60.0);
    assert!((v("two hundred point seventy-one") - 200.71).abs() < 1e-9);
    let r = q("either 10 bln or 10 tln");
    assert_eq!((r.len(), r[0].3, r[0].4), (1, Some(1e10), Some(1e13)));
    let units = |t: &str| q(t).into_iter().map(|r| (r.0, r.2, r.6)).collect::<Vec<_>>();
    assert_eq!(
        units("The weight is 20 (kg)"),
        vec![("20 (kg)".into(), Some(20.0), Some("kg".into()))]
    );
    assert_eq!(units("The angle is 0.8rad")[0].2.as_deref(), Some("radian"));
    // A currency word already used by one amount does not start the next.
    assert_eq!(
        units("10 rmb 20 usd"),
        vec![
            ("10 rmb".into(), Some(10.0), Some("CNY".into())),
            ("20 usd".into(), Some(20.0), Some("USD".into()))
        ]
    );
}

#[test]
fn fractions_of_a_later_scale_and_spaced_decimals() {
    let v = |t: &str| one(t).2.unwrap();
    assert_eq!(v("one billion and a half million"), 1_000_500_000.0);
    assert_eq!(v("one billion and three quarters million"), 1_000_750_000.0);
    assert!((v("three twenty firsts") - 3.0 / 21.0).abs() < 1e-12);
    assert!((v("1\u{202f}234\u{202f}567.89 is a valid number format.") - 1_234_567.89).abs() < 1e-6);
}

#[test]
fn slashed_rates_bracketed_units_and_millions_before_the_amount() {
    let units = |t: &str| q(t).into_iter().map(|r| (r.0, r.2, r.6)).collect::<Vec<_>>();
    assert_eq!(
        units("at 50 km/ms"),
        vec![("50 km/ms".into(), Some(50.0), Some("km/millisecond".into()))]
    );
    assert_eq!(
        units("The weight is 20 <kg>"),
        vec![("20 <kg>".into(), Some(20.0), Some("kg".into()))]
    );
    assert_eq!(
        units("annual revenues of about MAUD 60"),
        vec![("about MAUD 60".into(), Some(60e6), Some("AUD".into()))]
    );
}

#[test]
fn and_joins_numbers_only_after_a_scale_or_tens_word() {
    let values = |t: &str| q(t).into_iter().map(|r| (r.0, r.2)).collect::<Vec<_>>();
    assert_eq!(
        values("ten and fifteen"),
        vec![("ten".into(), Some(10.0)), ("fifteen".into(), Some(15.0))]
    );
    assert_eq!(one("a hundred and fifteen").2, Some(115.0));
    assert_eq!(one("twenty and three").2, Some(23.0));
    assert!((one("two and two thirds").2.unwrap() - 8.0 / 3.0).abs() < 1e-12);
}

#[test]
fn a_sign_inside_a_between_range_belongs_to_its_number() {
    let r = q("He scores between negative ten and fifteen.");
    assert_eq!((r.len(), r[0].3, r[0].4), (1, Some(-10.0), Some(15.0)));
    assert_eq!(r[0].0, "between negative ten and fifteen");
    let r = q("between minus 3 and minus 8 degrees");
    assert_eq!(
        (r[0].1, r[0].3, r[0].4),
        (QuantityKind::Temperature, Some(-8.0), Some(-3.0))
    );
    // Without "between", the sign still covers both ends of an alternative.
    let r = q("minus four or five degrees");
    assert_eq!((r[0].3, r[0].4), (Some(-5.0), Some(-4.0)));
}

#[test]
fn decimal_commas_finance_millions_and_pounds_of_weight() {
    let v = |t: &str| one(t).2.unwrap();
    assert!((v("The number is 1,3.") - 1.3).abs() < 1e-12);
    assert!((v("1.111,11") - 1111.11).abs() < 1e-9);
    assert_eq!(one("revenue target is US$ 1MM").2, Some(1e6));
    let unit = |t: &str| q(t)[0].6.clone();
    assert_eq!(unit("a 5mm gap"), Some("mm".into()));
    assert_eq!(unit("She wanted to lose 25 pounds."), Some("lb".into()));
    assert_eq!(unit("The baby weighed 7 pounds."), Some("lb".into()));
    assert_eq!(unit("Tickets cost 25 pounds."), Some("GBP".into()));
    assert_eq!(unit("the price dropped 5 pounds"), Some("GBP".into()));
}

#[test]
fn a_country_adjective_names_its_own_currency() {
    let unit = |t: &str| q(t)[0].6.clone();
    assert_eq!(unit("bread costs 600 Syrian pounds"), Some("SYP".into()));
    assert_eq!(unit("a fine of 50 Australian dollars"), Some("AUD".into()));
    assert_eq!(unit("10 Hong Kong dollars"), Some("HKD".into()));
    assert_eq!(unit("3 Pakistani rupees"), Some("PKR".into()));
    assert_eq!(unit("4 Jordanian dinars"), Some("JOD".into()));
    assert_eq!(unit("9 US dollars"), Some("USD".into()));
    assert_eq!(unit("5 Swiss francs"), Some("CHF".into()));
}

#[test]
fn currencies_on_both_sides_unnamed_cents_and_spaced_millions() {
    let money = |t: &str| q(t).into_iter().map(|r| (r.0, r.2, r.6)).collect::<Vec<_>>();
    assert_eq!(
        money("a $ 10 dollars bill"),
        vec![("$ 10 dollars".into(), Some(10.0), Some("USD".into()))]
    );
    assert_eq!(
        money("10 $ 30 $"),
        vec![
            ("10 $".into(), Some(10.0), Some("USD".into())),
            ("30 $".into(), Some(30.0), Some("USD".into()))
        ]
    );
    assert_eq!(money("if they had 15 USD 50 more")[0].1, Some(15.5));
    assert_eq!(money("a budget of €1.5 M")[0].1, Some(1.5e6));
    // "5 m" apart and lower case stays metres.
    assert_eq!(money("a wall 5 m high")[0].2.as_deref(), Some("metre"));
}

#[test]
fn places_counted_from_the_end_and_glued_comparisons() {
    assert!(q("Show me the second to last.").is_empty());
    assert!(q("They finished third from the bottom.").is_empty());
    let r = q("x>10 and y<20");
    assert_eq!((r[0].3, r[0].5), (Some(10.0), Some(Approx::MoreThan)));
    assert_eq!((r[1].4, r[1].5), (Some(20.0), Some(Approx::LessThan)));
}

#[test]
fn working_days_are_a_duration() {
    let r = q("Officials have twenty working days to reply, after 14 straight years.");
    assert_eq!(
        (r[0].0.as_str(), r[0].1),
        ("twenty working days", QuantityKind::Duration)
    );
    assert_eq!(
        (r[1].0.as_str(), r[1].1),
        ("14 straight years", QuantityKind::Duration)
    );
}

#[test]
fn a_time_lived_is_an_age() {
    let r = q("Pupils aged 8–10 years took part. Eczema began at the age of four months.");
    assert_eq!((r[0].0.as_str(), r[0].1), ("aged 8–10 years", QuantityKind::Age));
    assert_eq!(
        (r[1].0.as_str(), r[1].1, r[1].2),
        ("four months", QuantityKind::Age, Some(4.0))
    );
}

#[test]
fn times_of_day_and_days_after_the_events_are_dates() {
    let r = q("They met at midnight. The next day, it rained. This past week was busy.");
    let found: Vec<(&str, QuantityKind)> = r.iter().map(|x| (x.0.as_str(), x.1)).collect();
    assert_eq!(
        found,
        vec![
            ("midnight", QuantityKind::Date),
            ("next day", QuantityKind::Date),
            ("This past week", QuantityKind::Date)
        ]
    );
}

#[test]
fn parts_of_days_halves_of_periods_and_pronoun_ones() {
    let texts = |t: &str| q(t).into_iter().map(|r| r.0).collect::<Vec<_>>();
    assert_eq!(texts("A storm hit on Sunday night."), ["Sunday night"]);
    assert_eq!(texts("It happened yesterday afternoon."), ["yesterday afternoon"]);
    assert_eq!(texts("I went back the next Tuesday night."), ["Tuesday night"]);
    assert!(q("They scored in the first half and the second half.")
        .iter()
        .all(|r| r.0 != "half"));
    assert!(q("The new flag would replace the current one.").is_empty());
    assert!(q("It was a difficult decision, but one that was made carefully.").is_empty());
    assert!(q("the FIRST Global Challenge").is_empty());
    assert_eq!(one("before the 2014 protests").1, QuantityKind::Date);
    assert_eq!(one("the number is closer to 40,000").0, "closer to 40,000");
}

#[test]
fn one_of_a_time_unit_seasons_and_counted_names() {
    let r = q("Had it happened an hour later it would have been worse.");
    assert_eq!(
        (r[0].0.as_str(), r[0].1, r[0].2),
        ("an hour", QuantityKind::Duration, Some(1.0))
    );
    assert!(q("They meet twice a week.").iter().all(|r| r.0 != "a week"));
    assert_eq!(q("who applied before last summer")[0].1, QuantityKind::Date);
    assert_eq!(
        one("About 100,000 Greeks worship the old gods.").3.as_deref(),
        Some("Greeks")
    );
    assert_eq!(one("They were twice denied visas.").3, None);
    assert_eq!(one("killing all six aboard").3, None);
}

#[test]
fn a_rate_glued_to_an_amount_is_left_out() {
    let m = one("She earns £40,000-a-year as a nurse.");
    assert_eq!(
        (m.0.as_str(), m.1, m.2),
        ("£40,000", QuantityKind::Money, Some(40000.0))
    );
    let m = one("It costs $1.2bn-a-year to run.");
    assert_eq!((m.0.as_str(), m.2), ("$1.2bn", Some(1.2e9)));
}

#[test]
fn a_fraction_counts_no_singular_noun() {
    let m = one("The magnitude 6.3 quake struck at night.");
    assert_eq!((m.0.as_str(), m.1, m.3), ("6.3", QuantityKind::Number, None));
    assert_eq!(one("The index rose 2.5 points.").3.as_deref(), Some("points"));
}

#[test]
fn vague_plurals_are_counts_without_a_value() {
    assert_eq!(
        one("Hundreds of thousands of refugees fled."),
        (
            "Hundreds of thousands of refugees".into(),
            QuantityKind::Count,
            None,
            Some("refugees".into())
        )
    );
    // With no noun after them: a chain, or "more".
    assert_eq!(
        one("Tens of thousands more are on the move."),
        ("Tens of thousands".into(), QuantityKind::Count, None, None)
    );
    assert_eq!(one("Thousands more fled.").0, "Thousands");
    assert!(q("It ran into the thousands.").is_empty());
    assert!(q("He paid thousands.").is_empty());
}

#[test]
fn about_after_a_verb_that_takes_it_is_no_approximation() {
    for (text, span, approx) in [
        ("They talked about two cases of fraud.", "two cases", None),
        ("This is not about one minister.", "one minister", None),
        ("She worried about 40 families.", "40 families", None),
        (
            "The survey asked about 2,000 people.",
            "about 2,000 people",
            Some(Approx::About),
        ),
        (
            "About 200 people attended.",
            "About 200 people",
            Some(Approx::About),
        ),
    ] {
        let r = q(text);
        assert_eq!((r[0].0.as_str(), r[0].5), (span, approx), "{text}");
    }
}
