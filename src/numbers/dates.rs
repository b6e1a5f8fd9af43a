//! Dates: "June 24", "May 1, 2019", "24 June 2019", "December", "Monday", "last month",
//! "yesterday", "21 and 28 December", "3-10 June"; ISO where complete, partial ("XXXX-06-24") otherwise,
//! an ISO interval for a range of days ("XXXX-06-03/XXXX-06-10"), and resolved against a
//! reference date when one is given.

use chrono::{Datelike, Duration, Months, NaiveDate};

use super::lexicon as lx;
use super::{Mention, Sentence};
use crate::{Quantity, QuantityKind};

/// Words before a bare month name that make it a month ("in May", "since March").
fn month_context(w: &str) -> bool {
    matches!(
        w,
        "in" | "since"
            | "until"
            | "till"
            | "of"
            | "last"
            | "next"
            | "this"
            | "early"
            | "late"
            | "mid"
            | "by"
            | "from"
            | "through"
            | "during"
            | "on"
            | "before"
            | "after"
            | "end"
            | "start"
            | "beginning"
            | "to"
            | "between"
            | "and"
            | "or"
            | "every"
            | "each"
            | "mid-"
            | "around"
    )
}

fn day_number(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_number(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        return (1000..=2200).contains(&y).then_some(y);
    }
    None
}

/// Find the dates of a sentence.
pub(crate) fn find(s: &Sentence) -> Vec<Mention> {
    let reference = s.reference;
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        match date_at(s, i, reference) {
            Some((m, end)) => {
                out.push(m);
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

fn mention(s: &Sentence, a: usize, b: usize, iso: Option<String>) -> (Mention, usize) {
    let span = s.range(a, b);
    let quantity = Quantity {
        span,
        kind: QuantityKind::Date,
        value: None,
        low: None,
        high: None,
        approx: None,
        unit: None,
        date: iso,
        counted: None,
    };
    (
        Mention {
            quantity,
            measure: span,
            numbers: Vec::new(),
            qualifier: None,
        },
        b,
    )
}

fn date_at(s: &Sentence, i: usize, reference: Option<NaiveDate>) -> Option<(Mention, usize)> {
    let w = s.word(i as isize);
    let low = s.low(i as isize);
    // Weekday, optionally leading a full date: "Friday, July 21, 2017".
    if lx::weekday(w).is_some() && (w.len() > 3 || s.word(i as isize + 1) == ",") {
        let mut j = i + 1;
        if s.word(j as isize) == "," {
            j += 1;
        }
        if let Some((m, end)) = absolute(s, j, reference) {
            let iso = m.quantity.date.clone();
            return Some(mention(s, i, end, iso));
        }
        return Some(mention(s, i, part_of_day(s, i + 1), None));
    }
    if let Some(found) = absolute(s, i, reference) {
        return Some(found);
    }
    if let Some(iso) = numeric_date(w) {
        return Some(mention(s, i, i + 1, Some(iso)));
    }
    // Relative days.
    let days = match low {
        "yesterday" => Some(-1),
        "today" | "tonight" => Some(0),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let Some(d) = days {
        let iso = reference.map(|r| (r + Duration::days(d)).format("%Y-%m-%d").to_string());
        let end = if low == "tonight" {
            i + 1
        } else {
            part_of_day(s, i + 1)
        };
        return Some(mention(s, i, end, iso));
    }
    // Times of day with no clock time ("at midnight"): dates whose day is not given.
    if matches!(low, "midnight" | "noon" | "midday") {
        return Some(mention(s, i, i + 1, None));
    }
    // "the next day", "the following day": a day after the story's own events.
    if matches!(low, "next" | "following") && s.low(i as isize + 1) == "day" && s.low(i as isize - 1) == "the"
    {
        return Some(mention(s, i, i + 2, None));
    }
    // "this past week": the past week.
    if low == "this" && s.low(i as isize + 1) == "past" {
        let (m, end) = date_at(s, i + 1, reference)?;
        return Some(mention(s, i, end, m.quantity.date));
    }
    // last/this/next week, month, year, weekend, or a month or weekday name.
    if matches!(low, "last" | "this" | "next" | "coming" | "past") {
        let n = s.low(i as isize + 1);
        let nw = s.word(i as isize + 1);
        let shift: i32 = match low {
            "last" | "past" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        // "the last two weeks" is a duration, handled by the number scanner.
        if s.low(i as isize - 1) == "the" && low != "this" {
            return None;
        }
        let iso = match n {
            "week" | "weekend" => Some(reference.map(|r| {
                let d = r + Duration::weeks(shift as i64);
                let wk = d.iso_week();
                format!("{}-W{:02}", wk.year(), wk.week())
            })),
            "month" => Some(
                reference
                    .and_then(|r| shift_months(r, shift))
                    .map(|d| d.format("%Y-%m").to_string()),
            ),
            "year" => Some(reference.map(|r| format!("{:04}", r.year() + shift))),
            _ if lx::month(nw).is_some() => {
                let m = lx::month(nw)?;
                Some(Some(reference.map_or(format!("XXXX-{m:02}"), |r| {
                    let y = match shift {
                        -1 if m >= r.month() => r.year() - 1,
                        1 if m <= r.month() => r.year() + 1,
                        _ => r.year(),
                    };
                    format!("{y:04}-{m:02}")
                })))
            }
            "spring" | "summer" | "autumn" | "fall" | "winter" => Some(None),
            _ if lx::weekday(nw).is_some() => {
                return Some(mention(s, i, part_of_day(s, i + 2), None));
            }
            _ => None,
        }?;
        return Some(mention(s, i, i + 2, iso));
    }
    None
}

/// The token after a part of the day at token `j` ("Tuesday night", "yesterday afternoon"), or
/// `j` when there is none.
fn part_of_day(s: &Sentence, j: usize) -> usize {
    if matches!(s.low(j as isize), "morning" | "afternoon" | "evening" | "night") {
        j + 1
    } else {
        j
    }
}

/// A calendar date starting at token `i`: month-day[-year], day-month[-year], month-year, month.
fn absolute(s: &Sentence, i: usize, reference: Option<NaiveDate>) -> Option<(Mention, usize)> {
    let w = s.word(i as isize);
    if let Some(m) = lx::month(w) {
        let mut j = i + 1;
        // June 3-10[,] [2019]
        if let Some((d1, d2)) = day_range(s.word(j as isize)) {
            let (y, end) = year_after(s, j + 1);
            return Some(mention(s, i, end, interval(y, m, d1, d2, reference)));
        }
        // June 24[,] [2019]; "June 3 and 10, 2019" gives the first day the list's year.
        if let Some(d) = day_number(s.word(j as isize)) {
            let listed = end_of_days(s, j);
            if listed > j + 1 {
                let iso = match year_after(s, listed).0 {
                    Some(y) => full(y, m, d)?,
                    None => partial(m, d, reference),
                };
                return Some(mention(s, i, j + 1, Some(iso)));
            }
            j += 1;
            let comma = usize::from(s.word(j as isize) == ",");
            if let Some(y) = year_number(s.word((j + comma) as isize)) {
                j += comma + 1;
                return Some(mention(s, i, j, Some(full(y, m, d)?)));
            }
            return Some(mention(s, i, j, Some(partial(m, d, reference))));
        }
        // June 2019
        if let Some(y) = year_number(s.word(j as isize)) {
            j += 1;
            return Some(mention(s, i, j, Some(format!("{y:04}-{m:02}"))));
        }
        // A month alone: guard the verbs "may" and "march" and sentence-initial "May".
        let prev = s.low(i as isize - 1);
        let bare_ok = if matches!(w, "May" | "March") {
            month_context(prev)
        } else {
            w.len() > 3 || w.ends_with('.')
        };
        if bare_ok {
            let iso = match reference {
                Some(r) if prev == "last" || prev == "since" || prev == "in" => {
                    let y = if m > r.month() { r.year() - 1 } else { r.year() };
                    if prev == "in" {
                        format!("XXXX-{m:02}")
                    } else {
                        format!("{y:04}-{m:02}")
                    }
                }
                _ => format!("XXXX-{m:02}"),
            };
            return Some(mention(s, i, i + 1, Some(iso)));
        }
        return None;
    }
    // 3-10 June [2019]: one span, an ISO interval.
    if let Some((d1, d2)) = day_range(w) {
        let m = lx::month(s.word(i as isize + 1))?;
        let (y, end) = year_after(s, i + 2);
        return Some(mention(s, i, end, interval(y, m, d1, d2, reference)));
    }
    // 24 June [2019], the 1st of January 2020
    let (start, dtok) = (i, i);
    let d = day_number(s.word(dtok as isize))?;
    // "21 and 28 December", "3, 4 and 5 May": a day coordinated with a later day-month date
    // takes its month (and year); "June 3 and 10": a day coordinated with an earlier month-day.
    if let Some((m, y, end)) = coordinated_month_after(s, i).or_else(|| coordinated_month_before(s, i)) {
        let iso = match y {
            Some(y) => full(y, m, d)?,
            None => partial(m, d, reference),
        };
        return Some(mention(s, i, end, Some(iso)));
    }
    let mut j = dtok + 1;
    if s.low(j as isize) == "of" {
        j += 1;
    }
    let m = lx::month(s.word(j as isize))?;
    j += 1;
    let comma = usize::from(s.word(j as isize) == ",");
    if let Some(y) = year_number(s.word((j + comma) as isize)) {
        j += comma + 1;
        return Some(mention(s, start, j, Some(full(y, m, d)?)));
    }
    Some(mention(s, start, j, Some(partial(m, d, reference))))
}

/// Words that join the days of one month: "21 and 28 December", "3, 4 or 5 May", "3 to 10 June".
fn day_joiner(w: &str) -> bool {
    matches!(w, "," | "and" | "or" | "&" | "to" | "-" | "–" | "—")
}

/// The index after the list of joined days that starts with the day at `i` ("3, 4 and 5"); `i +
/// 1` when no list closes with a word ("May 5, 12 people" is no list).
fn end_of_days(s: &Sentence, i: usize) -> usize {
    let mut j = i + 1;
    while day_joiner(s.low(j as isize)) && day_number(s.word(j as isize + 1)).is_some() && j < i + 12 {
        j += 2;
    }
    if j > i + 1 && s.word(j as isize - 2) == "," {
        return i + 1;
    }
    j
}

/// The month and year of the day-first date closing a list of days that starts at `i`, with the
/// end of the day at `i`.
fn coordinated_month_after(s: &Sentence, i: usize) -> Option<(u32, Option<i32>, usize)> {
    let j = end_of_days(s, i);
    if j == i + 1 {
        return None;
    }
    let m = lx::month(s.word(j as isize))?;
    let (y, _) = year_after(s, j + 1);
    Some((m, y, i + 1))
}

/// The month and year of the month-first date opening a list of days that ends at `i` ("June 3
/// and 10, 2019"), with the end of the day at `i` (past the year that closes the list).
fn coordinated_month_before(s: &Sentence, i: usize) -> Option<(u32, Option<i32>, usize)> {
    let mut j = i as isize;
    while j >= 2 && day_joiner(s.low(j - 1)) && day_number(s.word(j - 2)).is_some() && (i as isize) - j < 12 {
        j -= 2;
    }
    if j == i as isize || end_of_days(s, j as usize) <= i {
        return None;
    }
    let m = lx::month(s.word(j - 1))?;
    let (y, end) = if end_of_days(s, i) == i + 1 {
        year_after(s, i + 1)
    } else {
        (year_after(s, end_of_days(s, i)).0, i + 1)
    };
    Some((m, y, end))
}

/// A year at token `j`, or after a comma there, with the token after it; `j` when there is none.
fn year_after(s: &Sentence, j: usize) -> (Option<i32>, usize) {
    let comma = usize::from(s.word(j as isize) == ",");
    match year_number(s.word((j + comma) as isize)) {
        Some(y) => (Some(y), j + comma + 1),
        None => (None, j),
    }
}

/// Two day numbers joined by a hyphen or dash in one token: "3-10", "21–28".
fn day_range(w: &str) -> Option<(u32, u32)> {
    let (a, b) = w.split_once(['-', '–'])?;
    let (d1, d2) = (day_number(a)?, day_number(b)?);
    (d1 < d2).then_some((d1, d2))
}

/// An ISO interval of days of one month: "XXXX-06-03/XXXX-06-10", "2019-06-03/2019-06-10".
fn interval(y: Option<i32>, m: u32, d1: u32, d2: u32, reference: Option<NaiveDate>) -> Option<String> {
    let day = |d| match y {
        Some(y) => full(y, m, d),
        None => Some(partial(m, d, reference)),
    };
    Some(format!("{}/{}", day(d1)?, day(d2)?))
}

/// "14/08/2018" (day first unless that cannot be), "2018-08-14".
fn numeric_date(w: &str) -> Option<String> {
    if !w.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut parts = w.split(['/', '-', '.']);
    let mut part = || {
        parts
            .next()
            .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let (a, b, c) = (part()?, part()?, part()?);
    if parts.next().is_some() {
        return None;
    }
    let n = [a.parse::<u32>().ok()?, b.parse().ok()?, c.parse().ok()?];
    if a.len() == 4 {
        return full(n[0] as i32, n[1], n[2]);
    }
    if c.len() != 4 {
        return None;
    }
    let y = n[2] as i32;
    if n[1] > 12 {
        full(y, n[0], n[1])
    } else {
        full(y, n[1], n[0])
    }
}

fn full(y: i32, m: u32, d: u32) -> Option<String> {
    NaiveDate::from_ymd_opt(y, m, d).map(|x| x.format("%Y-%m-%d").to_string())
}

/// A month-day date, completed with the year of the reference (the latest such date not after it).
fn partial(m: u32, d: u32, reference: Option<NaiveDate>) -> String {
    match reference {
        Some(r) => {
            let y = if (m, d) > (r.month(), r.day()) {
                r.year() - 1
            } else {
                r.year()
            };
            full(y, m, d).unwrap_or_else(|| format!("XXXX-{m:02}-{d:02}"))
        }
        None => format!("XXXX-{m:02}-{d:02}"),
    }
}

fn shift_months(r: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        r.checked_add_months(Months::new(n as u32))
    } else {
        r.checked_sub_months(Months::new((-n) as u32))
    }
}

/// The date `value` units before the sentence's reference date ("three years ago"), if it has one.
pub(crate) fn ago(s: &Sentence, value: f64, unit: Option<&str>) -> Option<String> {
    let reference = s.reference?;
    let n = value.round() as i64;
    Some(match unit? {
        "day" => (reference - Duration::days(n)).format("%Y-%m-%d").to_string(),
        "week" => (reference - Duration::weeks(n)).format("%Y-%m-%d").to_string(),
        "month" => shift_months(reference, -(n as i32))?.format("%Y-%m").to_string(),
        "year" => format!("{:04}", reference.year() - n as i32),
        _ => return None,
    })
}
