//! Atomic numbers: one number written in digits ("440,000", "1.2m", "21st", "30C", "9-year") or
//! in words ("seven hundred thousand", "half a dozen", "twenty-first", "two-thirds").

use super::lexicon as lx;
use super::Sentence;
use crate::{Approx, Span};

/// A unit or shape glued to a digit token.
#[derive(Clone, Debug, PartialEq)]
pub enum Glued {
    None,
    Temperature(&'static str),
    Dimension(&'static str),
    Duration(&'static str),
    Age(&'static str),
    Range(f64, f64),
    /// A time of day: 8:43, 16:00, 8am.
    Time,
    /// A decade: 1960s → "196X".
    Decade(String),
    Percent,
    /// A currency glued to the amount or joined by a hyphen: "100元", "12-cent", "one-yen", "USD50".
    Currency(&'static str),
    /// A comparison sign glued before the amount: ">30".
    Bound(Approx),
}

/// One number: its tokens, value and what is glued to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub ordinal: bool,
    pub digits: bool,
    pub glued: Glued,
    /// Ends with a scale word ("three million").
    pub scaled: bool,
    pub scale: Option<f64>,
    /// An ordinal written as the first part of a hyphenated word ("fifth-largest").
    pub hyphen_prefix: bool,
    /// Byte end inside the last token when the number is only its prefix.
    pub end_byte_override: Option<usize>,
}

impl Atom {
    fn new(start: usize, end: usize, value: f64, digits: bool) -> Atom {
        Atom {
            start,
            end,
            value,
            ordinal: false,
            digits,
            glued: Glued::None,
            scaled: false,
            scale: None,
            hyphen_prefix: false,
            end_byte_override: None,
        }
    }

    /// Byte end of the number.
    pub(crate) fn end_byte(&self, s: &Sentence) -> usize {
        self.end_byte_override.unwrap_or(s.spans[self.end - 1].end)
    }

    /// Span of the number.
    pub(crate) fn span(&self, s: &Sentence) -> Span {
        Span::new(s.spans[self.start].start, self.end_byte(s))
    }

    /// A plain four-digit number between 1800 and 2100 ("2018"), not "2,018" nor "2018.5".
    pub(crate) fn is_year_like(&self, s: &Sentence) -> bool {
        let w = s.word(self.start as isize);
        self.end == self.start + 1
            && w.len() == 4
            && w.bytes().all(|b| b.is_ascii_digit())
            && (1800.0..=2100.0).contains(&self.value)
    }
}

/// Parse the number starting at token `i`, if one does.
pub(crate) fn atom(s: &Sentence, i: usize) -> Option<Atom> {
    if i >= s.len() || s.taken[i] {
        return None;
    }
    let w = s.word(i as isize);
    let first = w.chars().next()?;
    let second = w.chars().nth(1);
    let signed = matches!(first, '-' | '−' | '+' | '.') && second.is_some_and(|c| c.is_ascii_digit());
    if first.is_ascii_digit() || signed || vulgar_fraction(first).is_some() {
        digit_atom(s, i)
    } else if let Some(atom) = prefixed_atom(s, i) {
        Some(atom)
    } else {
        word_atom(s, i)
    }
}

/// An amount glued after its currency or a comparison sign in one token: "USD115", "nzd$15",
/// "₿21,000,000", ">30", "<-30".
fn prefixed_atom(s: &Sentence, i: usize) -> Option<Atom> {
    let w = s.word(i as isize);
    let k = w.bytes().position(|b| b.is_ascii_digit())?;
    for (sign, bound) in [
        (">=", Approx::AtLeast),
        ("<=", Approx::UpTo),
        ("≥", Approx::AtLeast),
        ("≤", Approx::UpTo),
        (">", Approx::MoreThan),
        ("<", Approx::LessThan),
    ] {
        if let Some(number) = w.strip_prefix(sign) {
            let (value, used) = leading_number(number)?;
            let mut atom = Atom::new(i, i + 1, value, true);
            atom.glued = Glued::Bound(bound);
            return (used == number.len()).then_some(atom);
        }
    }
    let (prefix, number) = w.split_at(k);
    let iso = match prefix.strip_suffix('$') {
        Some("") => return None,
        Some(country) => {
            lx::dollar_prefix(country).or_else(|| lx::currency_code_before(&country.to_uppercase()))
        }
        None if prefix.len() == 3 && prefix.bytes().all(|b| b.is_ascii_uppercase()) => {
            lx::currency_code_before(prefix)
        }
        None => lx::currency_symbol(prefix),
    }?;
    let (value, used) = leading_number(number)?;
    let suffix = &number[used..];
    let (m, ok) = glued_multiplier(suffix);
    if !ok {
        return None;
    }
    let mut atom = Atom::new(i, i + 1, value * m, true);
    atom.glued = Glued::Currency(iso);
    Some(atom)
}

/// Leading number of a digit string: value and the bytes it used.
fn leading_number(t: &str) -> Option<(f64, usize)> {
    let b = t.as_bytes();
    let mut k = 0;
    let neg = if t.starts_with('−') {
        k = '−'.len_utf8();
        true
    } else if b.first() == Some(&b'-') {
        k = 1;
        true
    } else {
        if b.first() == Some(&b'+') {
            k = 1;
        }
        false
    };
    let start = k;
    // A decimal comma: "5,00", "1.111,11".
    if let Some(comma) = t[k..].find(',').map(|c| k + c) {
        if crate::tokenize::decimal_comma(&t[k..comma], &t[comma + 1..]) {
            let int: String = t[k..comma].chars().filter(char::is_ascii_digit).collect();
            let n = t[comma + 1..].bytes().take_while(u8::is_ascii_digit).count();
            let v: f64 = format!("{int}.{}", &t[comma + 1..comma + 1 + n]).parse().ok()?;
            return Some((if neg { -v } else { v }, comma + 1 + n));
        }
    }
    let mut int = String::new();
    while k < b.len() {
        match b[k] {
            d if d.is_ascii_digit() => int.push(d as char),
            b',' if !int.is_empty() && crate::tokenize::thousands_group(&t[k + 1..]) => {}
            _ => break,
        }
        k += 1;
    }
    // A fraction: 1/4, 3/4.
    if k < b.len() && b[k] == b'/' && !int.is_empty() {
        let mut j = k + 1;
        let mut den = String::new();
        while j < b.len() && b[j].is_ascii_digit() {
            den.push(b[j] as char);
            j += 1;
        }
        let (n, d): (f64, f64) = (int.parse().ok()?, den.parse().ok()?);
        if d == 0.0 || j == k + 1 {
            return None;
        }
        return Some((if neg { -n / d } else { n / d }, j));
    }
    let mut frac = String::new();
    if k + 1 < b.len() && b[k] == b'.' && b[k + 1].is_ascii_digit() {
        k += 1;
        while k < b.len() && b[k].is_ascii_digit() {
            frac.push(b[k] as char);
            k += 1;
        }
    }
    // A vulgar fraction, alone or after whole units: "½", "2½".
    let mut vulgar = 0.0;
    if frac.is_empty() {
        if let Some((f, n)) = t[k..]
            .chars()
            .next()
            .and_then(|c| vulgar_fraction(c).map(|f| (f, c.len_utf8())))
        {
            vulgar = f;
            k += n;
        }
    }
    if int.is_empty() && frac.is_empty() && vulgar == 0.0 {
        return None;
    }
    let _ = start;
    let text = format!(
        "{}.{}",
        if int.is_empty() { "0" } else { &int },
        if frac.is_empty() { "0" } else { &frac }
    );
    let mut v: f64 = text.parse::<f64>().ok()? + vulgar;
    // Scientific and power notation: "1.3e6", "12.32e+14", "1.3x10^6", "1.1^23".
    if vulgar == 0.0 {
        if let Some((exp, used)) = exponent(&t[k..]) {
            match exp {
                Exponent::Ten(e) => v *= 10f64.powi(e),
                Exponent::Power(e) => v = v.powi(e),
            }
            k += used;
        }
    }
    Some((if neg { -v } else { v }, k))
}

/// The value of a vulgar fraction character ("½" → 0.5).
pub(crate) fn vulgar_fraction(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        _ => return None,
    })
}

/// An exponent written after a mantissa.
enum Exponent {
    /// Times ten to this power: "e6", "x10^6".
    Ten(i32),
    /// The mantissa to this power: "^23".
    Power(i32),
}

/// An exponent at the start of `t` and the bytes it takes: `e[+-]N`, `x10^[+-]N`, `^[+-]N`
/// (repeated minus signs cancel out, as in "^--23"); the whole rest of the token must be used.
fn exponent(t: &str) -> Option<(Exponent, usize)> {
    let signed = |u: &str| -> Option<i32> {
        let digits = u.trim_start_matches(['+', '-']);
        let minus = u[..u.len() - digits.len()].matches('-').count();
        if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: i32 = digits.parse().ok()?;
        Some(if minus % 2 == 1 { -n } else { n })
    };
    if let Some(u) = t.strip_prefix(['e', 'E']) {
        return Some((Exponent::Ten(signed(u)?), t.len()));
    }
    for times in ["x10^", "X10^", "×10^"] {
        if let Some(u) = t.strip_prefix(times) {
            return Some((Exponent::Ten(signed(u)?), t.len()));
        }
    }
    let u = t.strip_prefix('^')?;
    Some((Exponent::Power(signed(u)?), t.len()))
}

fn digit_atom(s: &Sentence, i: usize) -> Option<Atom> {
    let w = s.word(i as isize);
    let (value, used) = leading_number(w)?;
    let rest = &w[used..];
    let mut atom = Atom::new(i, i + 1, value, true);
    let lower = rest.to_lowercase();
    match lower.as_str() {
        "" => {
            // Spaced thousands: "1 414 021 100".
            if w.len() <= 3 && w.bytes().all(|c| c.is_ascii_digit()) {
                let mut j = i + 1;
                let mut v = value;
                while j < s.len() {
                    let n = s.word(j as isize);
                    let group = n.len() >= 3 && n.as_bytes()[..3].iter().all(u8::is_ascii_digit);
                    let decimals = n.len() > 4
                        && n.as_bytes()[3] == b'.'
                        && n.as_bytes()[4..].iter().all(u8::is_ascii_digit);
                    if group && (n.len() == 3 || decimals) && !s.taken[j] {
                        v = v * 1000.0 + n.parse::<f64>().ok()?;
                        j += 1;
                        if decimals {
                            break; // "1 234 567.89": the decimals end the number.
                        }
                    } else {
                        break;
                    }
                }
                if j > i + 1 {
                    atom.end = j;
                    atom.value = v;
                }
            }
            // Times: "8 a.m.", "10 pm".
            if matches!(
                s.low(atom.end as isize),
                "a.m." | "p.m." | "am" | "pm" | "a.m" | "p.m"
            ) {
                atom.end += 1;
                atom.glued = Glued::Time;
            }
        }
        "st" | "nd" | "rd" | "th" => atom.ordinal = true,
        "s" | "'s" | "’s"
            if (1000.0..=2100.0).contains(&value) || value == 0.0 || (10.0..=90.0).contains(&value) =>
        {
            let digits: String = w[..used].chars().filter(char::is_ascii_digit).collect();
            let iso = if digits.len() == 4 {
                format!("{}X", &digits[..3])
            } else {
                format!("XX{}X", &digits[..1])
            };
            atom.glued = Glued::Decade(iso);
        }
        "%" => atom.glued = Glued::Percent,
        "°c" | "ºc" => atom.glued = Glued::Temperature("C"),
        // A bare degree sign: Celsius, unless the words around make it an angle.
        "°" => atom.glued = Glued::Temperature("°"),
        "c" if rest == "C" => atom.glued = Glued::Temperature("C"),
        "°f" | "ºf" => atom.glued = Glued::Temperature("F"),
        "f" if rest == "F" => atom.glued = Glued::Temperature("F"),
        "am" | "pm" | "a.m." | "p.m." | "a.m" | "p.m" | "h" | "hrs" | "gmt" | "bst" | "utc" => {
            atom.glued = Glued::Time
        }
        "yo" => atom.glued = Glued::Age("year"),
        _ if lx::currency_symbol(rest).is_some() => atom.glued = Glued::Currency(lx::currency_symbol(rest)?),
        _ if rest.starts_with(':') => {
            let tail = &rest[1..];
            let (mins, more) = tail.split_at(tail.find(|c: char| !c.is_ascii_digit()).unwrap_or(tail.len()));
            if mins.len() != 2
                || !(more.is_empty()
                    || matches!(
                        more.to_lowercase().as_str(),
                        "am" | "pm" | "a.m." | "p.m." | "h" | "hrs"
                    ))
            {
                return None;
            }
            atom.glued = Glued::Time;
            if matches!(s.low(atom.end as isize), "a.m." | "p.m." | "am" | "pm") {
                atom.end += 1;
            }
        }
        _ if rest.starts_with(['-', '–', '~']) || scaled_range(&lower) => {
            // The text after the dash ("5-year", "20-30", "5k-20k", "20~100").
            let at = rest.find(['-', '–', '~']).unwrap_or(0);
            let dash = rest[at..].chars().next().map_or(1, char::len_utf8);
            let tail = &rest[at + dash..];
            // "£40,000-a-year", "$1.2bn-a-year": the amount, its rate left out.
            if matches!(
                tail.to_lowercase().as_str(),
                "a-year" | "a-month" | "a-week" | "a-day" | "an-hour" | "a-head" | "a-share"
            ) {
                let (m, ok) = multiplier(&lower[..at]);
                if !ok {
                    return None;
                }
                if m != 1.0 {
                    atom.value = value * m;
                    atom.scaled = true;
                    atom.scale = Some(m);
                }
                atom.end_byte_override = Some(s.spans[i].start + used + at);
                return Some(atom);
            }
            if at > 0 && !tail.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            let tail_low = tail.to_lowercase();
            let parts: Vec<&str> = tail_low.split('-').collect();
            // Ages: 4-year-old, 5-years-old, 6-month-old.
            if parts.len() == 2 && parts[1] == "old" {
                let u = lx::time_unit(parts[0])?;
                atom.glued = Glued::Age(u);
            } else if parts.len() == 1 && lx::time_unit(parts[0]).is_some() {
                atom.glued = Glued::Duration(lx::time_unit(parts[0])?);
            } else if !parts.is_empty() && lx::currency_word(parts[0]).is_some() {
                // "a 12-cent-a-share dividend": the amount and its currency, the rest left out.
                atom.glued = Glued::Currency(lx::currency_word(parts[0])?);
                atom.end_byte_override = Some(s.spans[i].start + used + at + dash + parts[0].len());
            } else if parts.len() == 1
                && (lx::dimension_unit(parts[0]).is_some() || parts[0] == "bit")
                && parts[0].len() > 1
            {
                atom.glued = Glued::Dimension(lx::dimension_unit(parts[0]).unwrap_or("bit"));
            } else if let Some((hi, used2)) = leading_number(tail) {
                // A range 20-30 (or 5k-20k); a score "3-1" (falling) is no range.
                let suffix = &tail[used2..];
                let (mult_lo, lo_rest_ok) = multiplier(&lower[..lower.find(['-', '–', '~']).unwrap_or(0)]);
                let (mult_hi, hi_ok) = multiplier(&suffix.to_lowercase());
                if !lo_rest_ok || !hi_ok {
                    return None;
                }
                let mult_lo = if mult_lo == 1.0 { mult_hi } else { mult_lo };
                let (lo, mut hi) = (value * mult_lo, hi * mult_hi);
                // "2020-22", "1999-00": a span of years, the second written with two digits.
                let year = lo.fract() == 0.0 && (1800.0..=2100.0).contains(&lo) && used == 4;
                if year && mult_lo == 1.0 && used2 == 2 && suffix.is_empty() && hi < lo {
                    let mut h = (lo / 100.0).floor() * 100.0 + hi;
                    if h <= lo {
                        h += 100.0;
                    }
                    if h - lo <= 10.0 {
                        hi = h;
                    }
                }
                if hi <= lo {
                    return None;
                }
                atom.glued = Glued::Range(lo, hi);
                atom.value = lo;
            } else if parts.len() == 1 && (parts[0] == "member" || parts[0] == "strong") {
                // "a 12-strong team": a count-like number; keep the number alone.
                atom.end_byte_override = Some(s.spans[i].start + used);
            } else {
                return None;
            }
        }
        other => {
            let (m, ok) = glued_multiplier(rest);
            if ok && m != 1.0 {
                atom.value = value * m;
                atom.scaled = true;
                atom.scale = Some(m);
            } else if let Some(iso) = lx::currency_code_before(rest)
                .filter(|_| rest.len() == 3 && rest.bytes().all(|b| b.is_ascii_uppercase()))
            {
                // "115USD": an upper-case currency code glued after the amount.
                atom.glued = Glued::Currency(iso);
            } else if let Some(u) =
                lx::dimension_unit(other).filter(|_| !matches!(other, "m" | "t" | "l" | "g" | "p"))
            {
                atom.glued = Glued::Dimension(u);
            } else {
                return None;
            }
        }
    }
    Some(atom)
}

/// A scale suffix then a dash after digits: the "k-20k" of "5k-20k".
fn scaled_range(rest: &str) -> bool {
    rest.find(['-', '–', '~'])
        .is_some_and(|k| k > 0 && multiplier(&rest[..k]).0 != 1.0)
}

/// A scale suffix as written after digits, case kept: finance's "MM" is millions, while "mm"
/// (millimetres) and the rest go to [`multiplier`].
fn glued_multiplier(suffix: &str) -> (f64, bool) {
    if suffix == "MM" {
        (1e6, true)
    } else {
        multiplier(&suffix.to_lowercase())
    }
}

/// A scale suffix glued to digits ("m", "bn", "k"): (multiplier, recognised).
fn multiplier(suffix: &str) -> (f64, bool) {
    match suffix {
        "" => (1.0, true),
        "k" | "thousand" => (1e3, true),
        "m" | "mn" | "mln" | "mil" | "million" => (1e6, true),
        "b" | "bn" | "bln" | "billion" => (1e9, true),
        "tn" | "trn" | "tln" | "trillion" => (1e12, true),
        _ => (1.0, false),
    }
}

/// One word of a number-word sequence.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Word {
    Card(f64),
    Ord(f64),
    Scale(f64),
    A,
    And,
    Half,
    Dozen,
    Frac(f64),
    Point,
}

fn classify(w: &str) -> Option<Word> {
    if let Some(v) = lx::cardinal_word(w) {
        return Some(Word::Card(v));
    }
    if let Some(v) =
        lx::scale_word(w).filter(|_| !matches!(w, "k" | "mn" | "mln" | "bn" | "bln" | "tn" | "trn" | "tln"))
    {
        if !w.ends_with('s') {
            return Some(Word::Scale(v));
        }
    }
    match w {
        "a" | "an" | "one-" => return Some(Word::A),
        "and" => return Some(Word::And),
        "half" => return Some(Word::Half),
        "dozen" | "dozens" | "doz" | "dozs" => return Some(Word::Dozen),
        "point" => return Some(Word::Point),
        _ => {}
    }
    if let Some(v) = lx::ordinal_word(w) {
        return Some(Word::Ord(v));
    }
    if let Some(d) = lx::fraction_word(w) {
        return Some(Word::Frac(d));
    }
    // Hyphenated compounds: twenty-five, twenty-first.
    let (first, second) = w.split_once('-')?;
    let parts = [first, second];
    if !second.contains('-') {
        if let (Some(t), Some(u)) = (lx::cardinal_word(parts[0]), lx::cardinal_word(parts[1])) {
            if t >= 20.0 && t % 10.0 == 0.0 && u < 10.0 && u > 0.0 {
                return Some(Word::Card(t + u));
            }
        }
        if let (Some(t), Some(u)) = (lx::cardinal_word(parts[0]), lx::ordinal_word(parts[1])) {
            if t >= 20.0 && t % 10.0 == 0.0 && u < 10.0 {
                return Some(Word::Ord(t + u));
            }
        }
        // "thirty-fifths", "twenty-firsts": a compound denominator.
        let plural_unit = plural_unit_denominator(parts[1]).or((parts[1] == "seconds").then_some(2.0));
        if let (Some(t), Some(u)) = (lx::cardinal_word(parts[0]), plural_unit) {
            if is_tens(t) {
                return Some(Word::Frac(t + u));
            }
        }
    }
    None
}

/// The denominator of a plural fraction word below ten ("fifths" → 5, "firsts" → 1), the part
/// a tens word before it can join ("thirty fifths" = 1/35).
fn plural_unit_denominator(w: &str) -> Option<f64> {
    if w == "firsts" {
        return Some(1.0);
    }
    lx::fraction_word(w).filter(|&d| d < 10.0 && w.ends_with('s'))
}

/// A tens word: twenty, thirty, … ninety.
fn is_tens(v: f64) -> bool {
    (20.0..100.0).contains(&v) && v % 10.0 == 0.0
}

fn word_atom(s: &Sentence, i: usize) -> Option<Atom> {
    let w = s.low(i as isize);
    if w == "twice" || (w == "double" && s.low(i as isize - 1) == "at") {
        return Some(Atom::new(i, i + 1, 2.0, false));
    }
    // Single-token compounds: four-year-old, nine-year, two-thirds, fifth-largest.
    if let Some(a) = compound(s, i, w) {
        return Some(a);
    }
    // "quarter million", "half billion": a fraction of the scale word after it.
    if let ("quarter" | "half", Some(Word::Scale(m))) = (w, classify(s.low(i as isize + 1))) {
        if m >= 1000.0 {
            let mut atom = Atom::new(i, i + 2, m / if w == "half" { 2.0 } else { 4.0 }, false);
            atom.scaled = true;
            atom.scale = Some(m);
            return Some(atom);
        }
    }
    let first = classify(w)?;
    match first {
        // "hundred thousand dollars": a bare scale only before a larger one.
        Word::Scale(m) if matches!(classify(s.low(i as isize + 1)), Some(Word::Scale(n)) if n > m) => {}
        Word::And | Word::Point | Word::Scale(_) | Word::Frac(_) | Word::Dozen => return None,
        Word::A => {
            // "an hour later", "nearly a decade ago": one of a time unit, qualified or placed in
            // time ("twice a week" is a rate, left alone).
            let unit = s.low(i as isize + 1);
            if lx::time_unit(unit).is_some() && !unit.ends_with('s') {
                let placed = matches!(s.low(i as isize + 2), "ago" | "later" | "earlier");
                let qualified = matches!(
                    s.low(i as isize - 1),
                    "nearly" | "almost" | "about" | "around" | "roughly" | "over" | "than" | "under"
                );
                if placed || qualified {
                    return Some(Atom::new(i, i + 1, 1.0, false));
                }
            }
            // Only "a hundred", "a dozen", "a third", "a half", "a million".
            match classify(s.low(i as isize + 1)) {
                Some(Word::Scale(_) | Word::Dozen | Word::Frac(_) | Word::Half) => {}
                Some(Word::Ord(v)) if v >= 3.0 => {}
                _ => return None,
            }
        }
        _ => {}
    }
    // Longest run of number words, then the longest prefix of it that evaluates; `ends[k]` is
    // the token after word k (a spaced hyphen inside "fifty - two" takes a token of its own).
    let mut run = Vec::new();
    let mut ends = Vec::new();
    let mut j = i;
    while j < s.len() && !s.taken[j] {
        let mut next = classify(s.low(j as isize));
        // "fifty - two", "five - eighths": a hyphen written with spaces inside one number.
        if next.is_none() && s.low(j as isize) == "-" && j + 1 < s.len() && !s.taken[j + 1] {
            let after = classify(s.low(j as isize + 1));
            let joins = match (run.last(), after) {
                (Some(Word::Card(t)), Some(Word::Card(u))) => is_tens(*t) && u < 10.0 && u > 0.0,
                (Some(Word::Card(t)), Some(Word::Ord(u))) => (is_tens(*t) && u < 10.0 && u > 0.0) || u >= 3.0,
                (Some(Word::Card(_)), Some(Word::Frac(_))) => true,
                _ => false,
            };
            if joins {
                j += 1;
                next = after;
            }
        }
        // "one hundred thirty fifths" (100/35), "three twenty firsts" (3/21): a tens word before a
        // plural unit fraction is part of the denominator when a numerator precedes it and no
        // "and" binds it to that.
        let denominator = match (run.last(), plural_unit_denominator(s.low(j as isize))) {
            (Some(&Word::Card(t)), Some(d))
                if is_tens(t) && run.len() >= 2 && run[run.len() - 2] != Word::And =>
            {
                Some(t + d)
            }
            _ => None,
        };
        match next {
            _ if denominator.is_some() => {
                run.pop();
                ends.pop();
                run.extend(denominator.map(Word::Frac));
            }
            // "twenty fifth": a tens word and a unit ordinal are one ordinal.
            Some(Word::Ord(v)) if v < 10.0 && matches!(run.last(), Some(Word::Card(t)) if is_tens(*t)) => {
                run.push(Word::Ord(v));
            }
            // "a third night", "a fifth consecutive year": an ordinal before what it orders.
            Some(Word::Ord(_))
                if matches!(run.last(), Some(Word::A)) && lx::ordered_noun(s.low(j as isize + 1)) =>
            {
                break;
            }
            // "a third", "two fifths": an ordinal after "a" or a cardinal is a fraction.
            Some(Word::Ord(v)) if v >= 3.0 && matches!(run.last(), Some(Word::A | Word::Card(_))) => {
                run.push(Word::Frac(v));
            }
            Some(word) => run.push(word),
            None => break,
        }
        j += 1;
        ends.push(j);
        if matches!(run.last(), Some(Word::Ord(_))) {
            break;
        }
    }
    while !run.is_empty() {
        if let Some((value, ordinal)) = evaluate(&run) {
            let mut atom = Atom::new(i, ends[run.len() - 1], value, false);
            atom.ordinal = ordinal;
            if let Some(Word::Scale(m)) = run.last() {
                atom.scaled = true;
                atom.scale = Some(*m);
            }
            return Some(atom);
        }
        run.pop();
    }
    None
}

/// Value of a run of number words, or `None` when it is not a well-formed number.
fn evaluate(run: &[Word]) -> Option<(f64, bool)> {
    let mut total = 0.0;
    let mut cur = 0.0;
    let mut last: Option<Word> = None;
    let mut pending_a = false;
    let mut after_and = false;
    // Whether the "and" followed a scale word ("a hundred and …") or a tens word ("twenty and
    // three").
    let mut and_after_scale = false;
    let mut and_after_tens = false;
    // The number before the last "and" ("two" of "two and two thirds").
    let mut before_and = 0.0;
    // What the last scale word added ("3 lakh" of "three lakh crore").
    let mut last_group = 0.0;
    // "three million and a half": the fraction after "and" is of the scale before it.
    let mut fraction_of = 1.0;
    let mut k = 0;
    let mut ordinal = false;
    while k < run.len() {
        let w = run[k];
        match w {
            Word::Card(v) | Word::Ord(v) => {
                // After "and", a number continues a scale ("a hundred and five") or a tens word
                // ("twenty and three") or starts the fraction of a mixed number ("two and two
                // thirds"); "ten and fifteen" is two numbers.
                let continues_and = and_after_scale
                    || (and_after_tens && v < 10.0)
                    || matches!(run.get(k + 1), Some(Word::Frac(_) | Word::Half | Word::Dozen));
                match last {
                    None | Some(Word::Scale(_)) => cur += v,
                    Some(Word::And) if continues_and => cur += v,
                    Some(Word::Card(prev))
                        if prev >= 20.0 && prev % 10.0 == 0.0 && v < 10.0 && cur % 100.0 == prev % 100.0 =>
                    {
                        cur += v
                    }
                    _ => return None,
                }
                if matches!(w, Word::Ord(_)) {
                    ordinal = true;
                    if k + 1 != run.len() {
                        return None;
                    }
                }
            }
            Word::Scale(m) => {
                // "one billion and a half million": the fraction after "and" is of this scale.
                if after_and
                    && fraction_of > m
                    && matches!(last, Some(Word::Half | Word::Frac(_)))
                    && before_and == 0.0
                {
                    total += cur / fraction_of * m;
                    cur = 0.0;
                    last = Some(w);
                    k += 1;
                    continue;
                }
                if cur == 0.0 {
                    // "three lakh crore": a larger scale multiplies the group before it.
                    if let (Some(Word::Scale(m0)), false) = (last, pending_a) {
                        if m > m0 && last_group > 0.0 {
                            total += last_group * (m - 1.0);
                            last_group *= m;
                            last = Some(w);
                            k += 1;
                            continue;
                        }
                    }
                    if !pending_a && last.is_some() {
                        return None;
                    }
                    // A bare leading scale ("hundred thousand") counts one of it.
                    cur = 1.0;
                }
                if matches!(last, Some(Word::And)) {
                    return None;
                }
                if m == 100.0 {
                    cur *= 100.0;
                } else {
                    last_group = cur * m;
                    total += last_group;
                    cur = 0.0;
                }
                pending_a = false;
            }
            Word::A => {
                if !(last.is_none() || matches!(last, Some(Word::And | Word::Half))) {
                    return None;
                }
                pending_a = true;
            }
            Word::And => {
                if last.is_none() || k + 1 == run.len() {
                    return None;
                }
                after_and = true;
                and_after_scale = matches!(last, Some(Word::Scale(_)));
                and_after_tens = matches!(last, Some(Word::Card(t)) if is_tens(t));
                before_and = cur;
                if let (Some(Word::Scale(m)), 0.0) = (last, cur) {
                    if m >= 1000.0 {
                        fraction_of = m;
                    }
                }
            }
            Word::Half => {
                if after_and && pending_a {
                    cur += 0.5 * fraction_of;
                } else if let (true, Some(Word::Card(n))) = (after_and && fraction_of > 1.0, last) {
                    cur = cur - n + n * 0.5 * fraction_of; // "two million and one half"
                } else if last.is_none() {
                    cur = 0.5;
                } else if pending_a && last == Some(Word::A) && k == 1 {
                    cur = 0.5; // "a half"
                } else {
                    return None;
                }
                pending_a = false;
            }
            Word::Dozen => {
                let base = if cur == 0.0 {
                    if pending_a || last.is_none() {
                        1.0
                    } else {
                        return None;
                    }
                } else {
                    cur
                };
                // "three hundred and two dozen": only the part after "and" is in dozens.
                let kept = if after_and && cur > before_and {
                    before_and
                } else {
                    0.0
                };
                cur = kept + (base - kept) * 12.0;
                pending_a = false;
            }
            Word::Frac(d) => {
                if pending_a && after_and {
                    cur += fraction_of / d;
                } else if pending_a {
                    cur = 1.0 / d;
                } else if let (Some(Word::Card(_)), true) =
                    (last, after_and && (cur - before_and < d || fraction_of > 1.0))
                {
                    // A proper fraction after "and" is a mixed number's: "two and two thirds",
                    // "three million and two thirds" (of the million).
                    cur = before_and + (cur - before_and) * fraction_of / d;
                } else if matches!(last, Some(Word::Card(_) | Word::Scale(_))) {
                    // "twenty one fifths" is 21/5, "one hundred and thirty fifths" 130/5, "a
                    // hundred trillionths" 100/10^12: the whole number before is the numerator.
                    cur = (total + cur) / d;
                    total = 0.0;
                } else {
                    return None;
                }
                pending_a = false;
            }
            Word::Point => {
                // "two point five": single-digit words follow.
                let mut scale = 0.1;
                let mut frac = 0.0;
                let mut any = false;
                while k + 1 < run.len() {
                    match run[k + 1] {
                        Word::Card(d) if d < 10.0 => {
                            frac += d * scale;
                            scale /= 10.0;
                            any = true;
                            k += 1;
                        }
                        // "two hundred point seventy-one": one two-digit word, the last.
                        Word::Card(d) if !any && d < 100.0 && k + 2 == run.len() => {
                            frac = d / 100.0;
                            any = true;
                            k += 1;
                            break;
                        }
                        _ => break,
                    }
                }
                if !any || last.is_none() {
                    return None;
                }
                cur += frac;
                last = Some(Word::Point);
                k += 1;
                continue;
            }
        }
        if !matches!(w, Word::A | Word::And) {
            last = Some(w);
        } else if matches!(w, Word::And) {
            last = Some(Word::And);
        } else if last.is_none() {
            last = Some(Word::A);
        }
        k += 1;
    }
    if pending_a || matches!(last, Some(Word::And | Word::A)) {
        return None;
    }
    Some((total + cur, ordinal))
}

/// A number word joined by hyphens to a unit or suffix in one token.
fn compound(s: &Sentence, i: usize, w: &str) -> Option<Atom> {
    if !w.contains('-') {
        return None;
    }
    let parts: Vec<&str> = w.split('-').collect();
    // The number part: one or two leading pieces ("twenty-five-year-old").
    let (value, used) = if parts.len() >= 3 {
        match classify(&format!("{}-{}", parts[0], parts[1])) {
            Some(Word::Card(v)) => (v, 2),
            _ => match classify(parts[0]) {
                Some(Word::Card(v)) => (v, 1),
                Some(Word::Ord(v)) => (v, 1),
                _ => return None,
            },
        }
    } else {
        match classify(parts[0]) {
            Some(Word::Card(v)) => (v, 1),
            Some(Word::Ord(v)) => (v, 1),
            _ => return None,
        }
    };
    let rest = &parts[used..];
    let mut atom = Atom::new(i, i + 1, value, false);
    match rest {
        [u, "old"] => atom.glued = Glued::Age(lx::time_unit(u)?),
        [u] if lx::time_unit(u).is_some() => atom.glued = Glued::Duration(lx::time_unit(u)?),
        [u] if u.len() > 1 && lx::dimension_unit(u).is_some() && lx::ordinal_word(parts[0]).is_none() => {
            atom.glued = Glued::Dimension(lx::dimension_unit(u)?)
        }
        [c, ..] if lx::currency_word(c).is_some() && lx::ordinal_word(parts[0]).is_none() => {
            atom.glued = Glued::Currency(lx::currency_word(c)?);
            let len: usize = parts[..used + 1].iter().map(|p| p.len() + 1).sum::<usize>() - 1;
            atom.end_byte_override = Some(s.spans[i].start + len);
        }
        // "thirty-fifths" is a denominator (1/35), not 30/5: the word run reads it.
        [f] if lx::fraction_word(f).is_some_and(|d| d < 10.0) && is_tens(value) && used == 1 => return None,
        [f] if lx::fraction_word(f).is_some() && lx::ordinal_word(parts[0]).is_none() => {
            atom.value = value / lx::fraction_word(f)?;
        }
        [_, ..] if lx::ordinal_word(parts[0]).is_some() && used == 1 => {
            // "fifth-largest": the ordinal is the first part of the word.
            atom.ordinal = true;
            atom.hyphen_prefix = true;
            atom.end_byte_override = Some(s.spans[i].start + parts[0].len());
        }
        [] => return None,
        _ => {
            // "twenty-five" handled by classify; "six-member": keep the number part alone.
            if used == 1
                && matches!(
                    rest,
                    ["member" | "strong" | "nation" | "point" | "man" | "woman" | "day" | "week"]
                )
            {
                atom.end_byte_override = Some(s.spans[i].start + parts[0].len());
            } else {
                return None;
            }
        }
    }
    Some(atom)
}
