//! Numbers and quantities: find number expressions, normalise their values, attach qualifiers,
//! units and the noun they count; dates, durations, ages, money, percentages, temperatures.

pub mod dates;
pub mod lexicon;
pub mod parse;

use chrono::NaiveDate;

use crate::{Approx, Doc, Quantity, QuantityKind, Span};
use lexicon as lx;
use parse::{Atom, Glued};

/// The numbers stage; `reference` resolves relative dates ("last month").
#[derive(Clone, Debug, Default)]
pub struct Numbers {
    pub reference: Option<NaiveDate>,
}

/// A quantity with the sub-spans scorers need besides the news span.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub quantity: Quantity,
    /// The number(s) with their unit, without qualifier or counted noun ("£5m", "30 per cent").
    pub measure: Span,
    /// Every atomic number inside, with its value ("20" and "30" of "between 20 and 30").
    pub numbers: Vec<(Span, f64)>,
    pub qualifier: Option<Span>,
}

impl Numbers {
    /// A numbers stage resolving relative dates against `reference`, when given.
    pub fn new(reference: Option<NaiveDate>) -> Numbers {
        Numbers { reference }
    }

    /// The quantities of a document, in text order.
    pub fn recognize(&self, doc: &Doc) -> Vec<Quantity> {
        self.mentions(doc).into_iter().map(|m| m.quantity).collect()
    }

    /// The quantities of a document with their sub-spans, in text order.
    pub fn mentions(&self, doc: &Doc) -> Vec<Mention> {
        let mut out = Vec::new();
        for s in 0..doc.sentences.len() {
            let mut sentence = Sentence::new(doc, s, self.reference);
            let mut found = dates::find(&sentence);
            for m in &found {
                sentence.claim(m.measure.cover(m.quantity.span));
            }
            found.extend(sentence.scan());
            found.sort_by_key(|m| (m.quantity.span.start, m.quantity.span.end));
            out.extend(found);
        }
        out
    }
}

/// The tokens of one sentence, as the scanner sees them.
pub(crate) struct Sentence<'d> {
    /// Token spans.
    pub spans: Vec<Span>,
    /// Token texts.
    pub words: Vec<&'d str>,
    /// Lower-cased token texts (borrowed when already lower case).
    pub lower: Vec<std::borrow::Cow<'d, str>>,
    /// Tokens already part of a mention.
    pub taken: Vec<bool>,
    /// The date relative dates are resolved against.
    pub reference: Option<NaiveDate>,
}

impl<'d> Sentence<'d> {
    fn new(doc: &'d Doc, s: usize, reference: Option<NaiveDate>) -> Sentence<'d> {
        let toks = doc.sentence_tokens(s);
        let spans: Vec<Span> = toks.iter().map(|t| t.span).collect();
        let words: Vec<&str> = spans.iter().map(|&sp| doc.slice(sp)).collect();
        let lower = words
            .iter()
            .map(|&w| {
                if w.chars().any(char::is_uppercase) {
                    std::borrow::Cow::Owned(w.to_lowercase())
                } else {
                    std::borrow::Cow::Borrowed(w)
                }
            })
            .collect();
        Sentence {
            taken: vec![false; spans.len()],
            spans,
            words,
            lower,
            reference,
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Lower-cased token `i`, or "" past either end.
    pub fn low(&self, i: isize) -> &str {
        if i < 0 {
            return "";
        }
        self.lower.get(i as usize).map_or("", |c| c.as_ref())
    }

    /// Token `i` as written, or "" past either end.
    pub fn word(&self, i: isize) -> &str {
        if i < 0 {
            return "";
        }
        self.words.get(i as usize).copied().unwrap_or("")
    }

    /// Span of tokens `a..b`.
    pub fn range(&self, a: usize, b: usize) -> Span {
        Span::new(self.spans[a].start, self.spans[b - 1].end)
    }

    /// Mark the tokens inside `span` as used.
    fn claim(&mut self, span: Span) {
        for (i, sp) in self.spans.iter().enumerate() {
            if span.contains(*sp) {
                self.taken[i] = true;
            }
        }
    }

    /// True when tokens `a..b` hold exactly these lower-case words.
    pub fn words_are(&self, a: usize, ws: &[&str]) -> bool {
        ws.iter()
            .enumerate()
            .all(|(k, w)| self.low((a + k) as isize) == *w)
    }

    /// Scan left to right for number mentions.
    fn scan(&mut self) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.len() {
            if self.taken[i] {
                i += 1;
                continue;
            }
            if let Some((m, end)) = self.vague(i) {
                for t in self.taken.iter_mut().take(end).skip(i) {
                    *t = true;
                }
                out.push(m);
                i = end;
                continue;
            }
            let atom = parse::atom(self, i);
            if let Some(atom) = atom.as_ref().filter(|a| self.is_identifier(a)) {
                // An identifier swallows the digit groups that follow it ("020 7946 0958").
                let mut j = atom.end;
                while j < self.len() && self.words[j].bytes().all(|c| c.is_ascii_digit()) {
                    j += 1;
                }
                for t in self.taken.iter_mut().take(j).skip(i) {
                    *t = true;
                }
                i = j;
                continue;
            }
            match atom.and_then(|atom| self.mention(atom)) {
                Some((m, end)) => {
                    for t in self.taken.iter_mut().take(end).skip(i) {
                        *t = true;
                    }
                    out.push(m);
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
        self.join_bounds(out)
    }

    /// Join a lower bound and an upper bound into one range ("above 1000 and below 1500").
    fn join_bounds(&self, mentions: Vec<Mention>) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if let Some(prev) = out.last_mut() {
                let (p, q) = (&prev.quantity, &m.quantity);
                let lower = matches!(p.approx, Some(Approx::AtLeast | Approx::MoreThan | Approx::Over));
                let upper = matches!(q.approx, Some(Approx::UpTo | Approx::LessThan | Approx::Nearly));
                let upper_first = matches!(p.approx, Some(Approx::UpTo | Approx::LessThan));
                let lower_second =
                    matches!(q.approx, Some(Approx::AtLeast | Approx::MoreThan | Approx::Over));
                let between = self.doc_text_between(p.span.end, q.span.start);
                let joined = matches!(between.trim(), "and" | "but" | "," | ", and" | ", but");
                let (lo, hi) = if lower { (p.low, q.high) } else { (q.low, p.high) };
                // "more than 40 and less than 10" are two bounds, not a range.
                let ordered = lo.zip(hi).is_some_and(|(l, h)| l < h);
                let counts = |k: QuantityKind| matches!(k, QuantityKind::Number | QuantityKind::Count);
                if joined
                    && ordered
                    && (p.kind == q.kind || (counts(p.kind) && counts(q.kind)))
                    && ((lower && upper) || (upper_first && lower_second))
                {
                    let span = p.span.cover(q.span);
                    let mut merged = prev.clone();
                    merged.quantity.span = span;
                    merged.quantity.value = None;
                    merged.quantity.low = lo;
                    merged.quantity.high = hi;
                    merged.quantity.approx = None;
                    merged.quantity.counted = q.counted.or(p.counted);
                    if merged.quantity.counted.is_some() {
                        merged.quantity.kind = QuantityKind::Count;
                    }
                    merged.measure = prev.measure.cover(m.measure);
                    merged.numbers.extend(m.numbers.iter().copied());
                    *prev = merged;
                    continue;
                }
            }
            out.push(m);
        }
        out
    }

    /// The text between two byte offsets of the sentence's document.
    fn doc_text_between(&self, a: usize, b: usize) -> String {
        if a >= b {
            return String::new();
        }
        let mut s = String::new();
        for (i, sp) in self.spans.iter().enumerate() {
            if sp.start >= a && sp.end <= b {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(self.words[i]);
            }
        }
        s.replace(" ,", ",")
    }

    /// "dozens of people", "hundreds of thousands of refugees": a count with no value.
    fn vague(&self, i: usize) -> Option<(Mention, usize)> {
        let is_vague = |w: &str| {
            matches!(
                w,
                "dozens" | "scores" | "hundreds" | "thousands" | "millions" | "billions" | "tens"
            )
        };
        if !is_vague(self.low(i as isize)) {
            return None;
        }
        let mut j = i + 1;
        while self.low(j as isize) == "of" && is_vague(self.low(j as isize + 1)) {
            j += 2;
        }
        // "tens of thousands more are on the move", "thousands more fled": a count of what the
        // sentence already names.
        let (counted, end) = if self.low(j as isize) == "of" {
            let (head, end) = self.counted_after(j + 1)?;
            (Some(self.spans[head]), end)
        } else if j > i + 1 || self.low(j as isize) == "more" {
            (None, j)
        } else {
            return None;
        };
        let span = self.range(i, end);
        let quantity = Quantity {
            span,
            kind: QuantityKind::Count,
            value: None,
            low: None,
            high: None,
            approx: None,
            unit: None,
            date: None,
            counted,
        };
        Some((
            Mention {
                quantity,
                measure: self.range(i, j),
                numbers: Vec::new(),
                qualifier: None,
            },
            end,
        ))
    }

    /// Grow an atomic number into a full mention; returns it and the token after it.
    fn mention(&self, atom: Atom) -> Option<(Mention, usize)> {
        let (a, mut b) = (atom.start, atom.end);
        if self.is_identifier(&atom) {
            return None;
        }
        // "the first half", "the second half of the year": a part of a period, not one half.
        if b == a + 1
            && self.low(a as isize) == "half"
            && lx::ordinal_word(self.low(a as isize - 1)).is_some()
        {
            return None;
        }
        let mut value = atom.value;
        let mut numbers = vec![(atom.span(self), atom.value)];
        let mut kind = if atom.ordinal {
            QuantityKind::Ordinal
        } else {
            QuantityKind::Number
        };
        let mut unit: Option<String> = None;
        let mut date: Option<String> = None;
        let mut low_high: Option<(f64, f64)> = None;
        let mut approx: Option<Approx> = None;
        // A bound written after the number ("or more"), as a qualifier span.
        let mut trailing: Option<Span> = None;
        let mut or_equal = false;
        let mut measure_end = atom.end_byte(self);
        let mut span_end_byte = measure_end;

        match &atom.glued {
            Glued::None => {}
            Glued::Temperature("°") if self.angle_context(a, b) => {
                kind = QuantityKind::Dimension;
                unit = Some("degree".into());
            }
            Glued::Temperature(u) => {
                kind = QuantityKind::Temperature;
                unit = Some(if *u == "°" { "C" } else { u }.to_string());
            }
            Glued::Dimension(u) => {
                kind = QuantityKind::Dimension;
                unit = Some(u.to_string());
            }
            Glued::Duration(u) => {
                kind = QuantityKind::Duration;
                unit = Some(u.to_string());
            }
            Glued::Age(u) => {
                kind = QuantityKind::Age;
                unit = Some(u.to_string());
            }
            Glued::Range(lo, hi) => {
                low_high = Some((*lo, *hi));
                // "2014-2016": a range of years is a date, an ISO interval.
                let year = |v: f64| v.fract() == 0.0 && (1800.0..=2100.0).contains(&v);
                let w = self.word(a as isize);
                if year(*lo)
                    && year(*hi)
                    && matches!(w.chars().count(), 7 | 9)
                    && self
                        .counted_after(b)
                        .is_none_or(|(h, _)| !is_plural_noun(self.low(h as isize)))
                {
                    kind = QuantityKind::Date;
                    date = Some(format!("{:04}/{:04}", *lo as i64, *hi as i64));
                }
            }
            Glued::Time => {
                kind = QuantityKind::Date;
            }
            Glued::Decade(iso) => {
                // "in his 60s", "in their early 20s": an age, not a decade.
                let possessive = |w: &str| matches!(w, "his" | "her" | "their" | "my" | "your" | "our");
                let before = self.low(a as isize - 1);
                let aged = value < 100.0
                    && (possessive(before)
                        || (matches!(before, "early" | "mid" | "late")
                            && possessive(self.low(a as isize - 2))));
                if aged {
                    kind = QuantityKind::Age;
                    unit = Some("year".into());
                    low_high = Some((value, value + 9.0));
                } else {
                    kind = QuantityKind::Date;
                    date = Some(iso.clone());
                }
            }
            Glued::Percent => {
                kind = QuantityKind::Percent;
                unit = Some("%".into());
            }
            Glued::Currency(iso) => {
                kind = QuantityKind::Money;
                unit = Some(iso.to_string());
            }
            Glued::Bound(bound) => approx = Some(*bound),
        }
        if atom.ordinal && !self.ordinal_allowed(&atom) {
            return None;
        }
        // "I'm 1.8m tall": a glued "m" before a size adjective is metres, not millions.
        if atom.scale == Some(1e6)
            && atom.end == atom.start + 1
            && self.word(a as isize).ends_with('m')
            && self.currency_before(a).is_none()
            && matches!(
                self.low(b as isize),
                "tall" | "long" | "high" | "wide" | "deep" | "thick" | "away" | "apart"
            )
        {
            value /= 1e6;
            numbers[0].1 = value;
            kind = QuantityKind::Dimension;
            unit = Some("metre".into());
        }
        // A mixed fraction: "10 1/2 miles", "2 1/4".
        if atom.digits && value.fract() == 0.0 && value >= 0.0 && atom.glued == Glued::None {
            let w = self.word(b as isize);
            if let Some((n, d)) = w.split_once('/') {
                if let (Ok(n), Ok(d)) = (n.parse::<f64>(), d.parse::<f64>()) {
                    if d > n && n > 0.0 && !self.taken[b] {
                        value += n / d;
                        numbers[0] = (numbers[0].0.cover(self.spans[b]), value);
                        b += 1;
                        measure_end = self.spans[b - 1].end;
                    }
                }
            }
        }
        // A separate scale token after digits: "3 million", "1.5 bn".
        if atom.digits && kind == QuantityKind::Number && low_high.is_none() {
            let dozen = matches!(
                self.low(b as isize),
                "dozen" | "dozens" | "dz" | "dzs" | "doz" | "dozs"
            );
            // An upper-case "M" or "MM" apart: millions ("1,674,200.5 M"); metres are lower case.
            let millions = matches!(self.word(b as isize), "M" | "MM").then_some(1e6);
            if let Some(m) = lx::scale_word(self.low(b as isize))
                .or(dozen.then_some(12.0))
                .or(millions)
            {
                let money_context = self.currency_before(a).is_some();
                if self.word(b as isize) != "m" || money_context {
                    value *= m;
                    numbers[0] = (numbers[0].0.cover(self.spans[b]), value);
                    b += 1;
                    measure_end = self.spans[b - 1].end;
                    if let Some((v, end)) = self.smaller_parts(b, m) {
                        value += v;
                        b = end;
                        numbers[0] = (numbers[0].0.cover(self.spans[b - 1]), value);
                        measure_end = self.spans[b - 1].end;
                    }
                }
            }
        }
        // "two thirds of a million": a fraction of a scale.
        if !atom.digits && value > 0.0 && value < 1.0 && kind == QuantityKind::Number {
            if let (true, Some(m)) = (
                self.low(b as isize) == "of" && matches!(self.low(b as isize + 1), "a" | "an"),
                lx::scale_word(self.low(b as isize + 2)).filter(|&m| m >= 1000.0),
            ) {
                value *= m;
                b += 3;
                numbers[0] = (numbers[0].0.cover(self.spans[b - 1]), value);
                measure_end = self.spans[b - 1].end;
            }
        }
        // A ratio: "one out of three", "1 in 5", "2000 over 3" (its value is the fraction).
        let mut ratio = false;
        if kind == QuantityKind::Number && low_high.is_none() && !atom.ordinal && value > 0.0 {
            let of = match (self.low(b as isize), self.low(b as isize + 1)) {
                ("out", "of") => 2,
                ("over" | "in", _) => 1,
                _ => 0,
            };
            if of > 0 {
                if let Some(den) = parse::atom(self, b + of) {
                    let whole = |x: f64| x.fract() == 0.0 && x >= 1.0;
                    let plain = !den.ordinal && den.glued == Glued::None && !den.is_year_like(self);
                    let ok = match self.low(b as isize) {
                        // "in" and "over" are also prepositions: only small whole ratios count.
                        "in" | "over" => {
                            whole(value) && whole(den.value) && den.value > value && den.value <= 1000.0
                        }
                        _ => whole(den.value) && den.value >= value,
                    };
                    if plain && ok {
                        ratio = true;
                        value /= den.value;
                        b = den.end;
                        numbers[0] = (numbers[0].0.cover(self.spans[b - 1]), value);
                        measure_end = self.spans[b - 1].end;
                    }
                }
            }
        }
        // Ranges and alternatives: "four or five", "20 to 30", "20 - 30", "between 20 and 30".
        // "between negative ten and fifteen": the sign is the first number's alone.
        let sign_at = self.currency_start(a);
        let signed = sign_at > 0 && matches!(self.low(sign_at as isize - 1), "minus" | "negative");
        let qual = self.qualifier_before(sign_at).or_else(|| {
            signed
                .then(|| self.qualifier_before(sign_at - 1))
                .flatten()
                .filter(|q| q.1.range)
        });
        let signed_first = signed && qual.as_ref().is_some_and(|q| q.1.range);
        let between = qual.as_ref().is_some_and(|q| q.1.words == ["between"]);
        // "30C to 35C", "between 4% and 5%": a unit glued to both ends; "from 3.9% to 4.2%" is
        // a change, two values, and "53% to 48%" a poll's score.
        let unit_on_both = match atom.glued {
            Glued::Percent => between && self.low(b as isize) == "and",
            Glued::Temperature(_) | Glued::Dimension(_) => {
                qual.as_ref().is_none_or(|q| q.1.words != ["from"])
            }
            _ => false,
        } && {
            let at = b + 1;
            parse::atom(self, at).is_some_and(|second| second.glued == atom.glued)
        };
        // "between 4% and 5%": the percent sign of the first end is repeated after the second.
        // Only after "between": "53 percent to 48 percent" is a poll's score.
        let before_sign = b;
        if kind == QuantityKind::Number && low_high.is_none() && !atom.ordinal && between {
            let sign = self.low(b as isize);
            if matches!(sign, "%" | "percent")
                && self.low(b as isize + 1) == "and"
                && parse::atom(self, b + 2).is_some_and(|second| {
                    second.glued == Glued::None && self.low(second.end as isize) == sign
                })
            {
                b += 1;
            }
        }
        if (kind == QuantityKind::Number || unit_on_both) && low_high.is_none() && !atom.ordinal {
            let joiner = self.low(b as isize).to_string();
            let joins = matches!(
                joiner.as_str(),
                "or" | "to" | "-" | "–" | "—" | "through" | "thru" | "~"
            ) || (joiner == "and" && qual.as_ref().is_some_and(|q| q.1.range));
            // "from 2004 to 2009", "between 2019 and 2022": two years, each a date, unless the
            // range counts something ("between 1900 and 2000 people").
            let years = atom.is_year_like(self)
                && parse::atom(self, b + 1).is_some_and(|second| {
                    second.is_year_like(self)
                        && self
                            .counted_after(second.end)
                            .is_none_or(|(h, _)| !is_plural_noun(self.low(h as isize)))
                });
            // "Tunisia lost 1 – 2 to England", "Sweden 1 – 0 Korea": a score is two numbers.
            let score = matches!(joiner.as_str(), "-" | "–" | "—") && a >= 1 && {
                let prev = self.word(a as isize - 1);
                score_figure(self.word(a as isize))
                    && score_figure(self.word(b as isize + 1))
                    && (matches!(
                        self.low(a as isize - 1),
                        "won"
                            | "win"
                            | "wins"
                            | "lost"
                            | "lose"
                            | "loses"
                            | "beat"
                            | "beats"
                            | "defeated"
                            | "drew"
                            | "draw"
                            | "ended"
                            | "ending"
                            | "winning"
                            | "losing"
                            | "leading"
                            | "trailing"
                    ) || (a >= 2 && prev.starts_with(char::is_uppercase) && lx::month(prev).is_none()))
            };
            if joins && !years && !score && b + 1 < self.len() && !self.taken[b + 1] {
                // "between minus 3 and minus 8": a sign on the second number too.
                let signed_second = signed_first && matches!(self.low(b as isize + 1), "minus" | "negative");
                let second_at = b + 1 + usize::from(signed_second);
                let skip_currency = usize::from(self.currency_at(second_at).is_some());
                if let Some(mut second) = parse::atom(self, second_at + skip_currency) {
                    if !second.ordinal && (second.glued == Glued::None || joiner != "or") {
                        let mut hi = second.value;
                        let mut end = second.end;
                        if second.digits {
                            if let Some(m) = lx::scale_word(self.low(end as isize)) {
                                if self.low(end as isize) != "m" || self.currency_before(a).is_some() {
                                    hi *= m;
                                    end += 1;
                                }
                            }
                        }
                        // "3 to 4 million": the scale applies to both ends.
                        if let (true, Some(m)) =
                            (second.digits || !atom.digits, self.scale_of_range(&atom, &second))
                        {
                            value *= m;
                        }
                        let lo = if signed_first { -value } else { value };
                        if signed_second {
                            hi = -hi;
                        }
                        if hi > lo || ((joiner == "or" || signed_second) && hi != lo) {
                            let from = if signed_second {
                                self.spans[b + 1]
                            } else {
                                second.span(self)
                            };
                            numbers.push((from.cover(self.spans[end - 1]), hi));
                            low_high = Some((lo.min(hi), lo.max(hi)));
                            second.end = end;
                            b = end;
                            measure_end = self.spans[b - 1].end;
                            if let Glued::Percent | Glued::Temperature(_) | Glued::Dimension(_) = second.glued
                            {
                                kind = glued_kind(&second.glued);
                                unit = glued_unit(&second.glued);
                            }
                        }
                    }
                }
            }
            if low_high.is_none() {
                b = before_sign;
            }
            // "less than 5000 or equal (to)": the bound before becomes inclusive.
            let strict_before = qual.as_ref().is_some_and(|q| {
                matches!(
                    q.1.approx,
                    Some(Approx::LessThan | Approx::MoreThan | Approx::Over)
                )
            });
            let equal_to_next = self.low(b as isize + 2) == "to" && parse::atom(self, b + 3).is_some();
            if low_high.is_none()
                && joiner == "or"
                && self.low(b as isize + 1) == "equal"
                && strict_before
                && !equal_to_next
            {
                let first = b;
                b += 2 + usize::from(self.low(b as isize + 2) == "to");
                span_end_byte = self.spans[b - 1].end;
                trailing = Some(self.range(first, b));
                or_equal = true;
            }
            // "or more", "and above", "or fewer": a bound written after the number.
            if low_high.is_none() && !or_equal && (joiner == "or" || joiner == "and") {
                let bound = match self.low(b as isize + 1) {
                    "more" | "above" | "over" | "greater" | "higher" | "larger" => Some(Approx::AtLeast),
                    "fewer" | "less" | "under" | "below" | "lower" | "smaller" if joiner == "or" => {
                        Some(Approx::UpTo)
                    }
                    _ => None,
                };
                // "12 and more than 194": that bound belongs to the next number.
                let compares_next = self.low(b as isize + 2) == "than" && parse::atom(self, b + 3).is_some()
                    || self.words_are(b + 2, &["than", "or", "equal", "to"]);
                if let (Some(bound), false) = (bound, compares_next) {
                    approx = Some(bound);
                    let first = b;
                    b += 2;
                    // "200 or greater than" with nothing compared after it.
                    if self.low(b as isize) == "than" && parse::atom(self, b + 1).is_none() {
                        b += 1;
                    }
                    span_end_byte = self.spans[b - 1].end;
                    trailing = Some(self.range(first, b));
                }
            }
        }
        // "30 MUSD", "120 MEUR": finance shorthand for millions of a currency.
        if kind == QuantityKind::Number && low_high.is_none() {
            if let Some(iso) = lx::million_code(self.word(b as isize)) {
                kind = QuantityKind::Money;
                unit = Some(iso.into());
                value *= 1e6;
                numbers[0].1 = value;
                b += 1;
                measure_end = self.spans[b - 1].end;
            }
        }
        // Units written after the number ("half an hour": the article is skipped).
        if kind == QuantityKind::Number {
            let skip = usize::from(
                value == 0.5
                    && matches!(self.low(b as isize), "a" | "an")
                    && lx::time_unit(self.low(b as isize + 1)).is_some(),
            );
            if let Some((k, u, end)) = self.unit_after(b + skip, a) {
                kind = k;
                unit = u;
                b = end;
                measure_end = self.spans[b - 1].end;
                // Feet and inches: "5 ft 2 in", "5 feet and 2 inches" are one length.
                if unit.as_deref() == Some("foot") && low_high.is_none() {
                    let and = usize::from(self.low(b as isize) == "and");
                    if let Some(inches) = parse::atom(self, b + and) {
                        if !inches.ordinal
                            && inches.glued == Glued::None
                            && inches.value < 12.0
                            && matches!(self.low(inches.end as isize), "in" | "in." | "inch" | "inches")
                        {
                            value += inches.value / 12.0;
                            b = inches.end + 1;
                            measure_end = self.spans[b - 1].end;
                        }
                    }
                }
                // "75 USD million": a scale after the currency code.
                if kind == QuantityKind::Money && low_high.is_none() && self.low(b as isize) != "m" {
                    if let Some(m) = lx::scale_word(self.low(b as isize)).filter(|&m| m >= 1e3) {
                        value *= m;
                        b += 1;
                        measure_end = self.spans[b - 1].end;
                    }
                }
                if kind == QuantityKind::Temperature
                    && (self.words_are(b, &["below", "zero"]) || self.words_are(b, &["below", "freezing"]))
                {
                    value = -value;
                    low_high = low_high.map(|(l, h)| (-h, -l));
                    b += 2;
                    measure_end = self.spans[b - 1].end;
                }
                if kind == QuantityKind::Duration {
                    match self.low(b as isize) {
                        "ago" => {
                            kind = QuantityKind::Date;
                            date = dates::ago(self, value, unit.as_deref());
                            b += 1;
                            measure_end = self.spans[b - 1].end;
                        }
                        "old" => {
                            kind = QuantityKind::Age;
                            b += 1;
                            measure_end = self.spans[b - 1].end;
                        }
                        "of" if self.low(b as isize + 1) == "age" => {
                            kind = QuantityKind::Age;
                            b += 2;
                            measure_end = self.spans[b - 1].end;
                        }
                        _ => {}
                    }
                }
            }
        }
        // "3 dollars 50 cents", "thirteen dollars and forty-five cents".
        if kind == QuantityKind::Money && matches!(unit.as_deref(), Some("USD" | "GBP" | "EUR")) {
            let and = usize::from(self.low(b as isize) == "and");
            if let Some(cents) = parse::atom(self, b + and) {
                if !cents.ordinal && cents.glued == Glued::None && cents.value < 100.0 {
                    let after = self.low(cents.end as isize);
                    if matches!(after, "cents" | "cent" | "pence" | "p") {
                        value += cents.value / 100.0;
                        b = cents.end + 1;
                        measure_end = self.spans[b - 1].end;
                    } else if cents.value.fract() == 0.0
                        && cents.value >= 1.0
                        && (!self.low(cents.end as isize).starts_with(char::is_alphanumeric)
                            || matches!(self.low(cents.end as isize), "and" | "or" | "more" | "each"))
                        && match unit.as_deref() {
                            Some("USD") => matches!(self.low(b as isize - 1), "dollar" | "dollars" | "usd"),
                            Some("EUR") => matches!(self.low(b as isize - 1), "euro" | "euros" | "eur"),
                            Some("GBP") => matches!(self.low(b as isize - 1), "pound" | "pounds" | "gbp"),
                            _ => false,
                        }
                    {
                        // "15 dollars 50", "thirteen dollars forty five", "15 USD 50 more": the
                        // cents, unnamed, with no noun after them.
                        value += cents.value / 100.0;
                        b = cents.end;
                        measure_end = self.spans[b - 1].end;
                    }
                }
            }
        }
        // Money written with a symbol before.
        let mut start = a;
        // "MAUD 60": millions of a currency, the shorthand before the amount.
        if let (QuantityKind::Number, Some(iso), None) = (kind, self.million_code_before(a), low_high) {
            kind = QuantityKind::Money;
            unit = Some(iso.into());
            value *= 1e6;
            numbers[0].1 = value;
            start = a - 1;
        }
        if let Some((iso, s)) = self.currency_before(a) {
            if matches!(kind, QuantityKind::Number)
                || (kind == QuantityKind::Money && unit.as_deref() == Some(iso))
            {
                kind = QuantityKind::Money;
                unit = Some(iso.to_string());
                start = s;
            }
        }
        // "minus 10 degrees", "negative five per cent" (not "6 minus 2"), "aged 12", "age 12".
        if start > 0
            && matches!(self.low(start as isize - 1), "minus" | "negative")
            && matches!(
                kind,
                QuantityKind::Temperature | QuantityKind::Number | QuantityKind::Percent
            )
            && (start < 2 || !(self.taken[start - 2] || parse::atom(self, start - 2).is_some()))
            && value > 0.0
        {
            value = -value;
            if signed_first && low_high.is_some() {
                numbers[0].1 = -numbers[0].1;
            } else {
                low_high = low_high.map(|(l, h)| (-h, -l));
                numbers.iter_mut().for_each(|n| n.1 = -n.1);
            }
            start -= 1;
            numbers[0].0 = self.range(start, start + 1).cover(numbers[0].0);
        }
        if start > 0 && matches!(self.low(start as isize - 1), "aged" | "age") && kind == QuantityKind::Number
        {
            kind = QuantityKind::Age;
            unit = Some("year".into());
            start -= 1;
        }
        // "aged 8–10 years", "at the age of four months": a time lived is an age.
        let aged_for = start > 0 && matches!(self.low(start as isize - 1), "aged" | "age");
        let age_of =
            start >= 2 && self.low(start as isize - 1) == "of" && self.low(start as isize - 2) == "age";
        if (aged_for || age_of)
            && kind == QuantityKind::Duration
            && matches!(unit.as_deref(), Some("year" | "month" | "week" | "day"))
        {
            kind = QuantityKind::Age;
            if aged_for {
                start -= 1;
            }
        }
        // "aged between 18 and 25": the range's qualifier stands between.
        let aged_range = qual.as_ref().is_some_and(|(q_start, q)| {
            q.range && *q_start > 0 && matches!(self.low(*q_start as isize - 1), "aged" | "age")
        }) && low_high.is_some()
            && kind == QuantityKind::Number;
        if aged_range {
            kind = QuantityKind::Age;
            unit = Some("year".into());
        }
        // "The victim, 23, was": a bare age between commas after a noun or name.
        if kind == QuantityKind::Number
            && atom.digits
            && atom.end == atom.start + 1
            && value.fract() == 0.0
            && (1.0..=110.0).contains(&value)
            && start >= 2
            && self.word(start as isize - 1) == ","
            && self.word(b as isize) == ","
            && self.word(start as isize - 2).chars().all(char::is_alphabetic)
            && !lx::stops_noun_phrase(self.low(start as isize - 2))
        {
            kind = QuantityKind::Age;
            unit = Some("year".into());
        }
        let measure = Span::new(self.spans[start].start, measure_end);
        span_end_byte = span_end_byte.max(measure_end);

        // A bare four-digit year is a date ("in 2018", "the 2019 election").
        if kind == QuantityKind::Number
            && atom.digits
            && low_high.is_none()
            && atom.is_year_like(self)
            && (self
                .counted_after(b)
                .is_none_or(|(h, _)| !is_plural_noun(self.low(h as isize)))
                || matches!(
                    self.low(a as isize - 1),
                    "the" | "this" | "last" | "its" | "their"
                ))
        {
            kind = QuantityKind::Date;
            date = Some(format!("{:04}", value as i64));
        }
        // "Nth century" is a date.
        if kind == QuantityKind::Ordinal && matches!(self.low(b as isize), "century" | "centuries") {
            kind = QuantityKind::Date;
            let c = value as i64 - 1;
            date = Some(format!("{c:02}XX"));
            b += 1;
            span_end_byte = self.spans[b - 1].end;
        }

        if atom.end == atom.start + 1
            && !ratio
            && kind == QuantityKind::Number
            && self.low(atom.start as isize) == "one"
            && !self.one_counts(atom.start)
        {
            return None;
        }
        // What is counted.
        let mut counted = None;
        // "twice denied visas": a number of times counts no noun.
        if kind == QuantityKind::Number && self.low(a as isize) != "twice" {
            if let Some((head, end)) = self.counted_after_value(b, value) {
                kind = QuantityKind::Count;
                counted = Some(self.spans[head]);
                span_end_byte = self.spans[end - 1].end;
                b = end;
            } else if let Some(head) = self.counted_of(b).filter(|_| value >= 1.0) {
                kind = QuantityKind::Count;
                counted = Some(self.spans[head]);
            }
        }

        // Qualifier before.
        let mut span_start = measure.start;
        let mut qualifier = None;
        if let Some((q_start, q)) = qual {
            let q_start_tok = q_start;
            if q.range {
                // "From 2019-20 to 2022-23": a span of years is a date of its own.
                if low_high.is_some() && kind != QuantityKind::Date {
                    span_start = self.spans[q_start_tok - usize::from(aged_range)].start;
                    qualifier = Some(self.range(q_start_tok, q_start_tok + q.words.len()));
                }
            } else if approx.is_none() || q.approx.is_none() {
                // An exact "equal to" keeps a bound written after ("equal to 5000 or less").
                approx = approx.or(q.approx);
                if or_equal {
                    approx = match approx {
                        Some(Approx::LessThan) => Some(Approx::UpTo),
                        _ => Some(Approx::AtLeast),
                    };
                }
                span_start = self.spans[q_start_tok].start;
                let before = self.range(q_start_tok, q_start_tok + q.words.len());
                qualifier = Some(trailing.map_or(before, |t| before.cover(t)));
            }
        }
        if qualifier.is_none() {
            qualifier = trailing;
        }
        if kind == QuantityKind::Date {
            approx = None;
        }

        let (value, low, high) = match (kind, low_high) {
            (QuantityKind::Date, _) => (None, None, None),
            (_, Some((lo, hi))) => (None, Some(lo), Some(hi)),
            (_, None) => bounds(value, approx),
        };
        let (value, low, high) = (value.map(tidy), low.map(tidy), high.map(tidy));
        let span = Span::new(span_start, span_end_byte);
        let quantity = Quantity {
            span,
            kind,
            value,
            low,
            high,
            approx,
            unit,
            date,
            counted,
        };
        Some((
            Mention {
                quantity,
                measure,
                numbers,
                qualifier,
            },
            b,
        ))
    }

    /// More of a number after "N <scale>", each part smaller than the scale before it: "3 hundred
    /// and 21", "4 thousand 3 hundred", "3 million and a half" (a fraction of the scale).
    fn smaller_parts(&self, mut b: usize, scale: f64) -> Option<(f64, usize)> {
        let mut scale = scale;
        let mut added = 0.0;
        let start = b;
        loop {
            let and = usize::from(self.low(b as isize) == "and");
            let Some(next) = parse::atom(self, b + and) else {
                break;
            };
            if next.ordinal || next.glued != Glued::None {
                break;
            }
            if and == 1 && next.value > 0.0 && next.value < 1.0 && !next.digits {
                // "and a half", "and three quarters"
                added += next.value * scale;
                b = next.end;
                break;
            }
            let (mut part, mut end, mut own) = (next.value, next.end, next.scale);
            if next.digits {
                if let Some(m) = lx::scale_word(self.low(end as isize)) {
                    if m >= scale {
                        break; // "3 million and 4 million": a number of its own
                    }
                    part *= m;
                    end += 1;
                    own = Some(m);
                }
            }
            if part <= 0.0 || part >= scale || part.fract() != 0.0 || (and == 0 && own.is_none()) {
                break;
            }
            added += part;
            b = end;
            match own {
                Some(m) if and == 0 => scale = m,
                _ => break,
            }
        }
        (b > start).then_some((added, b))
    }

    /// Whether degrees between tokens `a` and `b` measure an angle: "a 180 degree turn",
    /// "rotate 90 degrees", "a 45 degree angle".
    fn angle_context(&self, a: usize, b: usize) -> bool {
        let angle_word = |w: &str| {
            matches!(
                w,
                "turn"
                    | "turns"
                    | "turned"
                    | "turning"
                    | "rotate"
                    | "rotated"
                    | "rotates"
                    | "rotating"
                    | "rotation"
                    | "angle"
                    | "angles"
                    | "angled"
                    | "tilt"
                    | "tilted"
                    | "u-turn"
                    | "shift"
                    | "pivot"
                    | "view"
                    | "incline"
                    | "slope"
            )
        };
        angle_word(self.low(b as isize))
            || (1..=3).any(|k| a >= k && angle_word(self.low(a as isize - k as isize)))
    }

    /// True when a word of weighing, and none of paying, comes within six words before the
    /// number at token `a`.
    fn weight_context(&self, a: usize) -> bool {
        let before = |k: usize| self.low(a as isize - k as isize);
        let money = (1..=6).any(|k| {
            a >= k
                && matches!(
                    before(k),
                    "price"
                        | "prices"
                        | "cost"
                        | "costs"
                        | "paid"
                        | "pay"
                        | "fee"
                        | "fine"
                        | "fined"
                        | "worth"
                        | "spend"
                        | "spent"
                        | "ticket"
                        | "bill"
                        | "wage"
                        | "salary"
                        | "bet"
                        | "profit"
                )
        });
        !money
            && (1..=6).any(|k| {
                a >= k
                    && matches!(
                        before(k),
                        "weigh"
                            | "weighs"
                            | "weighed"
                            | "weighing"
                            | "weight"
                            | "heavy"
                            | "heavier"
                            | "lose"
                            | "loses"
                            | "losing"
                            | "shed"
                            | "shedding"
                            | "drop"
                            | "dropped"
                            | "gain"
                            | "gained"
                            | "gaining"
                            | "baby"
                            | "babies"
                            | "newborn"
                            | "born"
                    )
            })
    }

    /// The scale word shared by both ends of a word range ("three to four million").
    fn scale_of_range(&self, first: &Atom, second: &Atom) -> Option<f64> {
        // Only when the first number has no scale of its own and the second ends with one.
        if first.scaled || !second.scaled {
            return None;
        }
        second.scale
    }

    /// Is an ordinal word used as one here ("the first", "its second", "1st", "21st")?
    fn ordinal_allowed(&self, atom: &Atom) -> bool {
        if atom.digits {
            return true;
        }
        let prev = self.low(atom.start as isize - 1);
        let next = self.low(atom.end as isize);
        if matches!(self.low(atom.start as isize), "first" | "second") && next == "aid" {
            return false;
        }
        // "FIRST Global": an ordinal word in capitals before a capitalised word is a name.
        let word = self.word(atom.start as isize);
        if atom.end == atom.start + 1
            && word.len() > 1
            && word.chars().all(|c| c.is_uppercase())
            && self.word(atom.end as isize).starts_with(char::is_uppercase)
        {
            return false;
        }
        // "second to last", "third from the bottom": a place counted from the end.
        let after =
            self.low(atom.end as isize + 1 + usize::from(self.low(atom.end as isize + 1) == "the") as isize);
        if matches!(next, "to" | "from") && matches!(after, "last" | "bottom" | "end") {
            return false;
        }
        matches!(
            prev,
            "the"
                | "a"
                | "its"
                | "his"
                | "her"
                | "their"
                | "our"
                | "my"
                | "your"
                | "'s"
                | "’s"
                | "every"
                | "each"
                | "this"
                | "that"
                | "day"
                | "round"
                | "for"
        ) || (atom.start > 0 && self.word(atom.start as isize - 1).ends_with("'s"))
            || matches!(next, "century" | "centuries")
            || atom.hyphen_prefix
    }

    /// Does context show this number is an identifier (resolution 2286, Windows 7, 10 Downing St)?
    fn is_identifier(&self, atom: &Atom) -> bool {
        if !atom.digits {
            return false;
        }
        let a = atom.start as isize;
        let prev = self.word(a - 1);
        let prev_low = self.low(a - 1);
        if lx::introduces_identifier(prev_low) {
            return true;
        }
        // Leading zeros ("020 7946 0958", "0800") and emergency numbers ("a 999 call").
        let w = self.word(a);
        if w.len() > 1 && w.starts_with('0') && w.as_bytes()[1].is_ascii_digit() {
            return true;
        }
        if matches!(w, "999" | "911" | "112" | "101" | "111")
            && matches!(
                self.low(atom.end as isize),
                "call" | "calls" | "line" | "number" | "operator" | "operators"
            )
        {
            return true;
        }
        // A capitalised word or acronym right before a number names it ("UNSC 2286", "Euro 2020"),
        // unless it is a month, a qualifier, or the sentence's first word.
        let capitalised = prev.chars().next().is_some_and(char::is_uppercase);
        // "Sweden 1 – 0 Korea": a score after a team's name.
        let b = atom.end as isize;
        let score =
            score_figure(w) && matches!(self.word(b), "-" | "–" | "—") && score_figure(self.word(b + 1));
        let plural_name =
            prev.len() > 3 && prev.ends_with('s') && prev.chars().skip(1).any(char::is_lowercase);
        if capitalised
            && !plural_name
            && !score
            && a >= 1
            && lx::month(prev).is_none()
            && lx::weekday(prev).is_none()
            && !is_qualifier_word(prev_low)
            && !(a == 1 && prev.chars().skip(1).all(char::is_lowercase))
            && self.currency_before(atom.start).is_none()
            && lx::dollar_prefix(prev).is_none()
            && lx::million_code(prev).is_none()
        {
            return true;
        }
        // An address: "10 Downing Street".
        if self.word(b).starts_with(char::is_uppercase)
            && (0..3).any(|k| {
                matches!(
                    self.word(b + k),
                    "Street" | "St" | "Road" | "Rd" | "Avenue" | "Lane" | "Drive" | "Square" | "Place"
                )
            })
        {
            return true;
        }
        false
    }

    /// Where the number's currency symbol starts, if any (else `a`).
    fn currency_start(&self, a: usize) -> usize {
        match self.currency_before(a) {
            Some((_, s)) => s,
            None if self.million_code_before(a).is_some() => a - 1,
            None => a,
        }
    }

    /// A free "MAUD"-style shorthand for millions of a currency right before token `a`.
    fn million_code_before(&self, a: usize) -> Option<&'static str> {
        if a == 0 || self.taken[a - 1] {
            return None;
        }
        lx::million_code(self.word(a as isize - 1))
    }

    /// A currency symbol right before token `a`: its ISO code and first token.
    fn currency_before(&self, a: usize) -> Option<(&'static str, usize)> {
        if a == 0 || self.taken[a - 1] {
            return None;
        }
        let w = self.word(a as isize - 1);
        let iso = lx::currency_symbol(w)
            .or_else(|| lx::currency_code_before(w))
            .or_else(|| {
                w.strip_suffix('$')
                    .filter(|p| !p.is_empty())
                    .and_then(lx::dollar_prefix)
            })?;
        if w == "$" && a >= 2 {
            if let Some(iso) = lx::dollar_prefix(self.word(a as isize - 2)) {
                return Some((iso, a - 2));
            }
        }
        Some((iso, a - 1))
    }

    /// A currency symbol at token `i` (inside a range: "$5 to $10").
    fn currency_at(&self, i: usize) -> Option<&'static str> {
        lx::currency_symbol(self.word(i as isize))
    }

    /// The longest qualifier ending right before token `a`: (first token, qualifier).
    fn qualifier_before(&self, a: usize) -> Option<(usize, &'static lx::Qualifier)> {
        for q in lx::QUALIFIERS {
            let n = q.words.len();
            if a >= n && self.words_are(a - n, q.words) {
                // "talked about two cases", "is not about one minister": a preposition.
                if q.words == ["about"] && a > n && about_governed_by(self.low((a - n - 1) as isize)) {
                    return None;
                }
                return Some((a - n, q));
            }
        }
        None
    }

    /// A unit after the number at token `b`: (kind, unit, token after the unit).
    fn unit_after(&self, b: usize, a: usize) -> Option<(QuantityKind, Option<String>, usize)> {
        let w = self.low(b as isize);
        let w2 = self.low(b as isize + 1);
        if w == "%" || w == "percent" || w == "percentage" || w == "percents" || w == "pc" {
            let end = if w == "percentage" && w2 == "points" {
                b + 2
            } else {
                b + 1
            };
            return Some((QuantityKind::Percent, Some("%".into()), end));
        }
        if w == "per" && (w2 == "cent" || w2 == "centum") {
            return Some((QuantityKind::Percent, Some("%".into()), b + 2));
        }
        if matches!(w, "degrees" | "degree" | "°" | "deg" | "deg.") {
            let (u, end) = match w2 {
                "c" | "celsius" | "centigrade" | "celcius" | "centigrate" => ("C", b + 2),
                "f" | "fahrenheit" | "farenheit" => ("F", b + 2),
                _ if self.angle_context(a, b + 1) => {
                    return Some((QuantityKind::Dimension, Some("degree".into()), b + 1));
                }
                _ => ("C", b + 1),
            };
            return Some((QuantityKind::Temperature, Some(u.into()), end));
        }
        if matches!(
            w,
            "celsius" | "celcius" | "centigrade" | "centigrate" | "°c" | "ºc"
        ) {
            return Some((QuantityKind::Temperature, Some("C".into()), b + 1));
        }
        if matches!(w, "fahrenheit" | "farenheit" | "°f" | "ºf") {
            return Some((QuantityKind::Temperature, Some("F".into()), b + 1));
        }
        if let Some(iso) =
            lx::dollar_prefix(self.word(b as isize)).filter(|_| matches!(w2, "dollars" | "dollar" | "$"))
        {
            return Some((QuantityKind::Money, Some(iso.into()), b + 2));
        }
        // The currency written before the amount, if any.
        let before = self.currency_before(a).map(|(iso, _)| iso);
        // A symbol after the amount: "10 €", "100 $".
        if let Some(iso) = lx::currency_symbol(self.word(b as isize)).filter(|_| before.is_none()) {
            let next = self.word(b as isize + 1);
            // "10 $ 30 $": when the next amount has the symbol after it too, so has this one.
            let symbol_after_both = self.word(b as isize + 2) == self.word(b as isize);
            if !next.starts_with(|c: char| c.is_ascii_digit()) || symbol_after_both {
                return Some((QuantityKind::Money, Some(iso.into()), b + 1));
            }
        }
        // "australian dollars", "swiss francs", "us dollar".
        let mut k = b;
        while lx::currency_adjective(self.low(k as isize)) && k < b + 2 {
            k += 1;
        }
        if k > b {
            let adjective = (b..k).map(|i| self.low(i as isize)).collect::<Vec<_>>().join(" ");
            let national = lx::national_currency(&adjective, self.low(k as isize));
            if let Some(iso) = national.or(lx::currency_word(self.low(k as isize)).filter(|c| c.len() == 3)) {
                return Some((QuantityKind::Money, Some(iso.into()), k + 1));
            }
        }
        // "a baby of over two pounds", "to lose 25 pounds": pounds of weight, not sterling.
        if matches!(w, "pound" | "pounds") && before.is_none() && self.weight_context(a) {
            return Some((QuantityKind::Dimension, Some("lb".into()), b + 1));
        }
        if let Some(iso) = lx::currency_word(w) {
            // "$ 10 dollars": the currency written twice, once each side; "p" is money only
            // written plainly in lower case.
            let money = match before {
                Some(symbol) => symbol == iso,
                None => !(w == "p" && self.word(b as isize) != "p"),
            };
            if money {
                return Some((QuantityKind::Money, Some(iso.into()), b + 1));
            }
        }
        if let Some(u) = lx::time_unit(w) {
            // "a second time": a lone "second" after a number is still a unit ("30 seconds").
            return Some((QuantityKind::Duration, Some(u.into()), b + 1));
        }
        // "twenty working days", "three consecutive years": a time unit after a word that says
        // which of its kind count.
        if matches!(
            w,
            "working"
                | "business"
                | "calendar"
                | "school"
                | "consecutive"
                | "straight"
                | "successive"
                | "full"
        ) {
            if let Some(u) = lx::time_unit(w2) {
                return Some((QuantityKind::Duration, Some(u.into()), b + 2));
            }
        }
        if matches!(w, "square" | "sq" | "sq." | "cubic") {
            if let Some(u) = lx::dimension_unit(w2) {
                let power = if w == "cubic" { "cubic" } else { "square" };
                return Some((QuantityKind::Dimension, Some(format!("{power} {u}")), b + 2));
            }
        }
        // A rate written with a slash: "50 km/ms", "50 centimeters/millisecond".
        if let Some((num, den)) = w.split_once('/') {
            let per = lx::time_unit(den).or(match den {
                "ms" => Some("millisecond"),
                "s" => Some("second"),
                "h" => Some("hour"),
                _ => None,
            });
            if let (Some(u), Some(t)) = (lx::dimension_unit(num), per) {
                return Some((QuantityKind::Dimension, Some(format!("{u}/{t}")), b + 1));
            }
        }
        // A unit in brackets in one token: "20 <kg>", "20 (kg)".
        if let Some(inner) = ["()", "[]", "{}", "<>"]
            .iter()
            .find_map(|p| w.strip_prefix(&p[..1]).and_then(|x| x.strip_suffix(&p[1..])))
        {
            if let Some(u) = lx::dimension_unit(inner) {
                return Some((QuantityKind::Dimension, Some(u.into()), b + 1));
            }
        }
        // A unit in brackets: "20 (kg)", "20 [kg]".
        if let Some(close) = match w {
            "(" => Some(")"),
            "[" => Some("]"),
            "{" => Some("}"),
            "<" => Some(">"),
            _ => None,
        } {
            if let (Some(u), true) = (lx::dimension_unit(w2), self.word(b as isize + 2) == close) {
                return Some((QuantityKind::Dimension, Some(u.into()), b + 3));
            }
        }
        if w == "metric" && matches!(w2, "ton" | "tons" | "tonne" | "tonnes") {
            return Some((QuantityKind::Dimension, Some("tonne".into()), b + 2));
        }
        if let Some(u) = lx::dimension_unit(w) {
            // One- and two-letter units only when written so ("12 m" and "100 MB", not "12 M").
            let plain = self.word(b as isize);
            if w.len() > 2 || plain == w || plain == u {
                // A rate: "miles per hour", "miles an hour", "kilometres per hour".
                let per = match (w2, self.low(b as isize + 2)) {
                    ("per", t) | ("an" | "a", t @ ("hour" | "hr")) => lx::time_unit(t).map(|t| (t, b + 3)),
                    _ => None,
                };
                if let Some((t, end)) = per {
                    let rate = match (u, t) {
                        ("mile", "hour") => "mph".to_string(),
                        ("km", "hour") => "km/h".to_string(),
                        _ => format!("{u}/{t}"),
                    };
                    return Some((QuantityKind::Dimension, Some(rate), end));
                }
                return Some((QuantityKind::Dimension, Some(u.into()), b + 1));
            }
        }
        if w == "yo" || w == "y.o." {
            return Some((QuantityKind::Age, Some("year".into()), b + 1));
        }
        None
    }

    /// The noun counted by a number ending at token `b`: (head token, token after the phrase).
    fn counted_after(&self, b: usize) -> Option<(usize, usize)> {
        self.counted_after_value(b, 2.0)
    }

    /// As [`Self::counted_after`], knowing the number's value ("one" counts a singular noun).
    fn counted_after_value(&self, b: usize, value: f64) -> Option<(usize, usize)> {
        let mut head = None;
        let mut j = b;
        while j < self.len() && j < b + 5 {
            let w = self.word(j as isize);
            let l = self.low(j as isize);
            let next = self.low(j as isize + 1);
            let first = j == b;
            let alphabetic = w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’');
            // A model name may modify the noun ("19 F-16 jets").
            let model_name = !alphabetic
                && w.starts_with(char::is_uppercase)
                && w.chars().all(|c| c.is_alphanumeric() || c == '-');
            let more =
                first && matches!(l, "more" | "additional" | "extra" | "other" | "new") && next != "than";
            if !(alphabetic || model_name)
                || (lx::stops_noun_phrase(l) && !more)
                || lx::month(w).is_some()
                || lx::weekday(w).is_some()
                || lx::cardinal_word(l).is_some()
                || lx::scale_word(l).is_some()
            {
                break;
            }
            let next_continues = {
                let n = self.word(j as isize + 1);
                n.chars().next().is_some_and(char::is_alphabetic)
                    && n.chars().all(|c| c.is_alphabetic() || c == '-')
                    && !lx::stops_noun_phrase(next)
                    && lx::month(n).is_none()
            };
            if model_name || more {
                if !next_continues {
                    break;
                }
                j += 1;
                continue;
            }
            let capitalised = w.starts_with(char::is_uppercase);
            if capitalised {
                // A capitalised adjective may stand before the noun ("33 Syrian children"), and a
                // plural acronym may be the noun ("100 million PCs"); a name may not.
                let acronym_plural =
                    w.len() > 2 && w.ends_with('s') && w[..w.len() - 1].chars().all(|c| c.is_uppercase());
                // A capitalised plural right after the number and before no other plural noun is
                // the noun itself ("100,000 Greeks worship", "100 Polaroids selected").
                let plural_name =
                    first && w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !is_plural_noun(next);
                if acronym_plural || plural_name {
                    head = Some(j);
                    break;
                }
                if !(next_continues && self.word(j as isize + 1).starts_with(char::is_lowercase)) {
                    break;
                }
                j += 1;
                continue;
            }
            // Adverbs and participles modify ("newly qualified nurses"); they are no head.
            let modifier_only = (l.ends_with("ly") && l.len() > 4)
                || (l.ends_with("ed") && l.len() > 4)
                || (l.ends_with("ing") && !l.ends_with("ings"));
            if modifier_only {
                if head.is_some() || !next_continues {
                    break;
                }
                j += 1;
                continue;
            }
            // After "one" a word in -s is the verb ("one hospital remains").
            if value == 1.0 && head.is_some() && l.ends_with('s') {
                break;
            }
            head = Some(j);
            j += 1;
            // A plural noun ends the phrase ("400 people dead"), unless another noun follows
            // a collective one ("police officers", "crew jobs").
            if value != 1.0 && is_plural_noun(l) {
                let regular = l.ends_with('s');
                let n = self.low(j as isize);
                if regular || !(next_continues && n.ends_with('s') && !n.ends_with("ss")) {
                    break;
                }
            }
        }
        // Several of a singular word right after the number is no count of it: the word is a verb
        // ("children under five account for …").
        // A compound modifier ("a four-point lead", "a seven-member court") takes a singular noun.
        let compound = ends_in_hyphenated_word(self.word(b as isize - 1));
        // A fraction counts only plurals: "2.5 points", but "the magnitude 6.3 quake struck" counts
        // no quake.
        let whole_singular = |h: usize| h == b && value > 1.0 && value.fract() == 0.0 && !compound;
        if let Some(h) = head.filter(|&h| whole_singular(h) || (value.fract() != 0.0 && !compound)) {
            let l = self.low(h as isize);
            let plural_form = l.split('-').any(|p| p.ends_with('s'))
                || is_plural_noun(l)
                || matches!(
                    l,
                    "fold" | "aircraft" | "spacecraft" | "dead" | "offspring" | "deer"
                )
                || matches!(l.chars().last(), Some('a' | 'i' | 'e'));
            if !plural_form && self.word(h as isize).starts_with(char::is_lowercase) {
                return None;
            }
        }
        head.map(|h| (h, h + 1))
    }

    /// Whether "one" at token `i` counts something ("one massacre") rather than introducing a
    /// description ("One SAMS doctor said", "no one", "one of them").
    fn one_counts(&self, i: usize) -> bool {
        let first_word = (0..i).all(|k| self.words[k].chars().all(|c| !c.is_alphanumeric()));
        if first_word {
            return false;
        }
        if matches!(
            self.low(i as isize - 1),
            "the" | "no" | "any" | "every" | "each" | "some" | "which" | "this" | "that" | "another"
        ) {
            return false;
        }
        if matches!(
            self.low(i as isize + 1),
            "of" | "another" | "day" | "thing" | "way" | "side" | "that" | "which" | "who"
        ) {
            return false;
        }
        // "the current one.", "a new one where": a pronoun after a determiner and adjectives,
        // with no noun after it.
        let adjective = |k: usize| {
            self.words[k].chars().all(|c| c.is_lowercase()) && !lx::stops_noun_phrase(self.low(k as isize))
        };
        let next = self.low(i as isize + 1);
        let no_noun_after = !next.starts_with(char::is_alphanumeric)
            || matches!(
                next,
                "where"
                    | "when"
                    | "would"
                    | "will"
                    | "is"
                    | "was"
                    | "has"
                    | "had"
                    | "can"
                    | "could"
                    | "should"
                    | "to"
            );
        if no_noun_after
            && (2..=3).any(|back| {
                i >= back
                    && matches!(self.low((i - back) as isize), "the" | "a" | "an")
                    && (i - back + 1..i).all(adjective)
            })
        {
            return false;
        }
        // "one minister said": a described speaker.
        let mut j = i + 1;
        while j < self.len() && j < i + 6 {
            let w = self.low(j as isize);
            if matches!(
                w,
                "said" | "says" | "told" | "added" | "explained" | "warned" | "recalled" | "described"
            ) {
                return false;
            }
            if !w.chars().any(char::is_alphanumeric) {
                break;
            }
            j += 1;
        }
        true
    }

    /// "Four of the victims": the noun after "of the", counted but outside the span.
    fn counted_of(&self, b: usize) -> Option<usize> {
        if self.low(b as isize) != "of" {
            return None;
        }
        if !matches!(
            self.low(b as isize + 1),
            "the" | "his" | "her" | "their" | "its" | "these" | "those" | "our" | "my" | "your"
        ) {
            return None;
        }
        let (head, _) = self.counted_after(b + 2)?;
        Some(head)
    }
}

/// A value without the float noise of scaling ("34.2bn" is 34200000000, not 34200000000.000004):
/// rounded to 15 significant digits.
fn tidy(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let digits = 14 - v.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    if scale.is_finite() && (v * scale).is_finite() {
        (v * scale).round() / scale
    } else {
        v
    }
}

/// Whether a number word ends in a hyphenated word ("four-point", "seven-member"; not
/// "forty-eight").
fn ends_in_hyphenated_word(w: &str) -> bool {
    w.rsplit_once('-').is_some_and(|(_, tail)| {
        tail.starts_with(char::is_alphabetic) && lx::cardinal_word(&tail.to_lowercase()).is_none()
    })
}

/// A plural noun by its ending, or an irregular or collective plural.
fn is_plural_noun(w: &str) -> bool {
    matches!(
        w,
        "people"
            | "children"
            | "men"
            | "women"
            | "police"
            | "staff"
            | "personnel"
            | "cattle"
            | "sheep"
            | "fish"
            | "feet"
            | "teeth"
            | "mice"
            | "geese"
            | "data"
            | "media"
            | "crew"
            | "livestock"
            | "youth"
            | "clergy"
            | "troops"
            | "militia"
            | "civilians"
    ) || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
        // "schoolchildren", "townspeople", "gunmen", "policewomen".
        || w.ends_with("children")
        || w.ends_with("people")
        || (w.len() >= 6
            && w.ends_with("men")
            && !matches!(
                w,
                "specimen" | "regimen" | "abdomen" | "acumen" | "stamen" | "dolmen" | "albumen" | "bitumen" | "cyclamen"
            ))
}

fn is_qualifier_word(w: &str) -> bool {
    matches!(
        w,
        "about"
            | "around"
            | "over"
            | "nearly"
            | "almost"
            | "some"
            | "under"
            | "below"
            | "above"
            | "approximately"
            | "roughly"
            | "between"
            | "from"
            | "to"
            | "in"
            | "at"
            | "on"
            | "by"
            | "of"
            | "for"
            | "since"
            | "and"
            | "or"
            | "with"
            | "than"
            | "least"
            | "estimated"
            | "just"
            | "only"
            | "another"
            | "all"
            | "the"
    )
}

fn glued_kind(g: &Glued) -> QuantityKind {
    match g {
        Glued::Percent => QuantityKind::Percent,
        Glued::Temperature(_) => QuantityKind::Temperature,
        Glued::Dimension(_) => QuantityKind::Dimension,
        Glued::Currency(_) => QuantityKind::Money,
        _ => QuantityKind::Number,
    }
}

fn glued_unit(g: &Glued) -> Option<String> {
    match g {
        Glued::Percent => Some("%".into()),
        Glued::Temperature("°") => Some("C".into()),
        Glued::Temperature(u) | Glued::Dimension(u) | Glued::Currency(u) => Some(u.to_string()),
        _ => None,
    }
}

/// `value`, `low` and `high` for a single number with an optional qualifier (GUIDELINES.md).
pub fn bounds(v: f64, approx: Option<Approx>) -> (Option<f64>, Option<f64>, Option<f64>) {
    match approx {
        None => (Some(v), Some(v), Some(v)),
        Some(Approx::AtLeast | Approx::MoreThan | Approx::Over) => (Some(v), Some(v), None),
        Some(Approx::Nearly | Approx::UpTo | Approx::LessThan) => (Some(v), None, Some(v)),
        Some(Approx::About) => (Some(v), None, None),
    }
}

/// Whether `w` could be one side of a game's score: one or two digits ("1" of "1 – 0").
fn score_figure(w: &str) -> bool {
    (1..=2).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit())
}

/// Whether a word takes "about" as its preposition ("talked about", "worried about", "not about"),
/// so that a number after it is not an approximation.
fn about_governed_by(w: &str) -> bool {
    // Not verbs with an object ("asked about 2,000 people", "wrote about 200 letters").
    const STEMS: &[&str] = &[
        "talk", "speak", "spoke", "worr", "concern", "care", "complain", "debat", "argu", "joke", "joking",
    ];
    matches!(
        w,
        "not" | "news" | "information" | "details" | "story" | "stories" | "all"
    ) || STEMS.iter().any(|s| w.starts_with(s))
}

#[cfg(test)]
mod tests;
