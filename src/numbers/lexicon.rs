//! Word tables for the numbers stage: number words, scales, qualifiers, units, months, weekdays.

use crate::Approx;

/// Value of a cardinal number word (zero … ninety, including hyphenated compounds' parts).
pub fn cardinal_word(w: &str) -> Option<f64> {
    Some(match w {
        "zero" | "nought" | "naught" | "nil" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" | "fourty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// Value of an ordinal number word (first … ninetieth, hundredth, thousandth).
pub fn ordinal_word(w: &str) -> Option<f64> {
    Some(match w {
        "first" => 1.0,
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "thirteenth" => 13.0,
        "fourteenth" => 14.0,
        "fifteenth" => 15.0,
        "sixteenth" => 16.0,
        "seventeenth" => 17.0,
        "eighteenth" => 18.0,
        "nineteenth" => 19.0,
        "twentieth" => 20.0,
        "thirtieth" => 30.0,
        "fortieth" => 40.0,
        "fiftieth" => 50.0,
        "sixtieth" => 60.0,
        "seventieth" => 70.0,
        "eightieth" => 80.0,
        "ninetieth" => 90.0,
        "hundredth" => 100.0,
        "thousandth" => 1000.0,
        "millionth" => 1e6,
        _ => return None,
    })
}

/// Multiplier of a scale word (hundred, thousand, million, …, and short forms).
pub fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" | "hundreds" => 100.0,
        "thousand" | "thousands" | "k" => 1e3,
        "million" | "millions" | "mn" | "mln" => 1e6,
        "billion" | "billions" | "bn" | "bln" => 1e9,
        "trillion" | "trillions" | "tn" | "trn" | "tln" => 1e12,
        "lakh" | "lakhs" => 1e5,
        "crore" | "crores" => 1e7,
        _ => return None,
    })
}

/// Denominator of a fraction word ("third" → 3, "quarters" → 4, "half" → 2).
pub fn fraction_word(w: &str) -> Option<f64> {
    Some(match w {
        "half" | "halves" => 2.0,
        "third" | "thirds" => 3.0,
        "quarter" | "quarters" | "fourth" | "fourths" => 4.0,
        "fifth" | "fifths" => 5.0,
        "sixth" | "sixths" => 6.0,
        "seventh" | "sevenths" => 7.0,
        "eighth" | "eighths" => 8.0,
        "ninth" | "ninths" => 9.0,
        "tenth" | "tenths" => 10.0,
        "twentieths" => 20.0,
        "thirtieths" => 30.0,
        "fortieths" => 40.0,
        "fiftieths" => 50.0,
        "sixtieths" => 60.0,
        "seventieths" => 70.0,
        "eightieths" => 80.0,
        "ninetieths" => 90.0,
        "hundredth" | "hundredths" => 100.0,
        "thousandth" | "thousandths" => 1000.0,
        "millionth" | "millionths" => 1e6,
        "billionth" | "billionths" => 1e9,
        "trillionth" | "trillionths" => 1e12,
        _ => return None,
    })
}

/// A qualifier phrase (lower-cased words) and what it means.
pub struct Qualifier {
    pub words: &'static [&'static str],
    pub approx: Option<Approx>,
    /// Starts a range ("between 20 and 30", "from 10 to 32").
    pub range: bool,
}

macro_rules! q {
    ($approx:expr, $($w:literal),+) => {
        Qualifier { words: &[$($w),+], approx: $approx, range: false }
    };
}

/// Qualifiers, longest first so the longest match wins.
pub const QUALIFIERS: &[Qualifier] = &[
    // Inclusive bounds, longest first: "less than or equal to", "equal to or more than".
    q!(Some(Approx::UpTo), "less", "than", "or", "equal", "to"),
    q!(Some(Approx::UpTo), "fewer", "than", "or", "equal", "to"),
    q!(Some(Approx::UpTo), "smaller", "than", "or", "equal", "to"),
    q!(Some(Approx::UpTo), "lower", "than", "or", "equal", "to"),
    q!(Some(Approx::UpTo), "equal", "to", "or", "less", "than"),
    q!(Some(Approx::UpTo), "equal", "to", "or", "fewer", "than"),
    q!(Some(Approx::UpTo), "equal", "to", "or", "lower", "than"),
    q!(Some(Approx::UpTo), "equal", "to", "or", "smaller", "than"),
    q!(Some(Approx::UpTo), "at", "most", "or", "equal", "to"),
    q!(Some(Approx::AtLeast), "greater", "than", "or", "equal", "to"),
    q!(Some(Approx::AtLeast), "more", "than", "or", "equal", "to"),
    q!(Some(Approx::AtLeast), "higher", "than", "or", "equal", "to"),
    q!(Some(Approx::AtLeast), "larger", "than", "or", "equal", "to"),
    q!(Some(Approx::AtLeast), "bigger", "than", "or", "equal", "to"),
    q!(Some(Approx::AtLeast), "equal", "to", "or", "greater", "than"),
    q!(Some(Approx::AtLeast), "equal", "to", "or", "more", "than"),
    q!(Some(Approx::AtLeast), "equal", "to", "or", "higher", "than"),
    q!(Some(Approx::AtLeast), "equal", "to", "or", "larger", "than"),
    q!(Some(Approx::AtLeast), "at", "least", "or", "equal", "to"),
    q!(Some(Approx::UpTo), "less", "or", "equal", "than"),
    q!(Some(Approx::UpTo), "smaller", "or", "equal", "than"),
    q!(Some(Approx::UpTo), "lower", "or", "equal", "than"),
    q!(Some(Approx::AtLeast), "greater", "or", "equal", "than"),
    q!(Some(Approx::AtLeast), "more", "or", "equal", "than"),
    q!(Some(Approx::AtLeast), "higher", "or", "equal", "than"),
    q!(Some(Approx::AtLeast), "larger", "or", "equal", "than"),
    q!(Some(Approx::AtLeast), "bigger", "or", "equal", "than"),
    q!(Some(Approx::AtLeast), ">", "="),
    q!(Some(Approx::UpTo), "<", "="),
    q!(Some(Approx::AtLeast), "no", "fewer", "than"),
    q!(Some(Approx::AtLeast), "no", "less", "than"),
    q!(Some(Approx::AtLeast), "a", "minimum", "of"),
    q!(Some(Approx::MoreThan), "in", "excess", "of"),
    q!(Some(Approx::MoreThan), "upwards", "of"),
    q!(Some(Approx::Nearly), "just", "under"),
    q!(Some(Approx::Nearly), "just", "shy", "of"),
    q!(Some(Approx::Nearly), "close", "to"),
    q!(Some(Approx::About), "closer", "to"),
    q!(Some(Approx::About), "an", "estimated"),
    q!(Some(Approx::UpTo), "as", "many", "as"),
    q!(Some(Approx::UpTo), "as", "much", "as"),
    // An exact comparison: "equal to 20", "equals 20" (no approximation, but a bound of both sides).
    q!(None, "equal", "to"),
    q!(None, "equals", "to"),
    q!(None, "equaling", "to"),
    q!(None, "equalling", "to"),
    q!(Some(Approx::UpTo), "up", "to"),
    q!(Some(Approx::AtLeast), "at", "least"),
    q!(Some(Approx::UpTo), "no", "more", "than"),
    q!(Some(Approx::UpTo), "not", "more", "than"),
    q!(Some(Approx::UpTo), "at", "most"),
    q!(Some(Approx::MoreThan), "greater", "than"),
    q!(Some(Approx::MoreThan), "larger", "than"),
    q!(Some(Approx::MoreThan), "bigger", "than"),
    q!(Some(Approx::MoreThan), "higher", "than"),
    q!(Some(Approx::LessThan), "lower", "than"),
    q!(Some(Approx::LessThan), "smaller", "than"),
    q!(Some(Approx::MoreThan), "more", "than"),
    q!(Some(Approx::LessThan), "fewer", "than"),
    q!(Some(Approx::LessThan), "less", "than"),
    q!(None, "equals"),
    q!(None, "equaling"),
    q!(None, "equalling"),
    q!(Some(Approx::Over), "over"),
    q!(Some(Approx::MoreThan), "above"),
    q!(Some(Approx::Nearly), "nearly"),
    q!(Some(Approx::Nearly), "almost"),
    q!(Some(Approx::About), "about"),
    q!(Some(Approx::About), "around"),
    q!(Some(Approx::About), "approximately"),
    q!(Some(Approx::About), "approx."),
    q!(Some(Approx::About), "roughly"),
    q!(Some(Approx::About), "some"),
    q!(Some(Approx::About), "estimated"),
    q!(Some(Approx::About), "circa"),
    q!(Some(Approx::About), "c."),
    q!(Some(Approx::LessThan), "under"),
    q!(Some(Approx::LessThan), "below"),
    q!(Some(Approx::MoreThan), "exceeding"),
    q!(Some(Approx::MoreThan), "exceeds"),
    q!(Some(Approx::MoreThan), "exceed"),
    q!(Some(Approx::MoreThan), "exceeded"),
    q!(Some(Approx::MoreThan), "surpassing"),
    q!(Some(Approx::MoreThan), "surpasses"),
    q!(Some(Approx::MoreThan), "surpass"),
    q!(Some(Approx::MoreThan), "surpassed"),
    q!(Some(Approx::AtLeast), ">="),
    q!(Some(Approx::AtLeast), "≥"),
    q!(Some(Approx::UpTo), "<="),
    q!(Some(Approx::UpTo), "≤"),
    q!(Some(Approx::MoreThan), ">"),
    q!(Some(Approx::LessThan), "<"),
    Qualifier {
        words: &["between"],
        approx: None,
        range: true,
    },
    Qualifier {
        words: &["from"],
        approx: None,
        range: true,
    },
];

/// ISO 4217 code of a currency symbol written before the amount.
pub fn currency_symbol(s: &str) -> Option<&'static str> {
    Some(match s {
        "£" => "GBP",
        "$" | "US$" => "USD",
        "€" => "EUR",
        "¥" => "JPY",
        "₹" => "INR",
        "₦" => "NGN",
        "₽" => "RUB",
        "A$" => "AUD",
        "C$" => "CAD",
        "NZ$" => "NZD",
        "HK$" => "HKD",
        "元" => "CNY",
        "₩" => "KRW",
        "₱" => "PHP",
        "₺" => "TRY",
        "₪" => "ILS",
        "₫" => "VND",
        "₴" => "UAH",
        "₡" => "CRC",
        "₾" => "GEL",
        "₭" => "LAK",
        "₿" => "BTC",
        "฿" => "THB",
        _ => return None,
    })
}

/// ISO code of a currency code written before the amount ("USD 200", "EUR 125", "Rs 500"):
/// upper-case codes, and the few common ones in lower case.
pub fn currency_code_before(s: &str) -> Option<&'static str> {
    Some(match s {
        "USD" | "usd" => "USD",
        "EUR" | "eur" => "EUR",
        "GBP" | "gbp" => "GBP",
        "JPY" | "jpy" => "JPY",
        "CNY" | "cny" | "RMB" | "rmb" => "CNY",
        "INR" | "Rs" | "Rs." => "INR",
        "CHF" => "CHF",
        "AUD" => "AUD",
        "CAD" => "CAD",
        "NZD" => "NZD",
        "HKD" => "HKD",
        "SGD" => "SGD",
        "SEK" => "SEK",
        "NOK" => "NOK",
        "DKK" => "DKK",
        "ZAR" => "ZAR",
        "NGN" => "NGN",
        "KES" | "KSh" => "KES",
        "RUB" => "RUB",
        "SAR" => "SAR",
        "AED" => "AED",
        "KRW" => "KRW",
        "MXN" => "MXN",
        "BRL" => "BRL",
        "PKR" => "PKR",
        "EGP" => "EGP",
        _ => return None,
    })
}

/// ISO code of a finance shorthand for millions of a currency: "MUSD", "MEUR".
pub fn million_code(w: &str) -> Option<&'static str> {
    let code = w
        .strip_prefix('M')
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))?;
    currency_code_before(code)
}

/// ISO code of a country prefix before `$` ("US $", "NZ $", "c $"); a lone "a" is the article.
pub fn dollar_prefix(s: &str) -> Option<&'static str> {
    Some(match s.to_ascii_lowercase().as_str() {
        "us" | "u.s" | "u.s." | "usd" => "USD",
        "nz" | "nzd" => "NZD",
        "au" | "aus" | "aud" => "AUD",
        "c" | "ca" | "can" | "cad" => "CAD",
        "hk" | "hkd" => "HKD",
        "sg" | "sgd" => "SGD",
        "mex" | "mx" | "mxn" => "MXN",
        _ if s == "A" => "AUD",
        _ => return None,
    })
}

/// Country adjectives that may stand between an amount and its currency word ("australian dollars").
pub fn currency_adjective(w: &str) -> bool {
    matches!(
        w,
        "us" | "u.s."
            | "american"
            | "australian"
            | "canadian"
            | "hong"
            | "kong"
            | "singapore"
            | "new"
            | "zealand"
            | "swiss"
            | "dutch"
            | "finnish"
            | "chinese"
            | "japanese"
            | "indian"
            | "mexican"
            | "brazilian"
            | "south"
            | "african"
            | "egyptian"
            | "syrian"
            | "turkish"
            | "russian"
            | "danish"
            | "swedish"
            | "norwegian"
            | "pakistani"
            | "nigerian"
            | "kenyan"
            | "british"
            | "french"
            | "german"
            | "italian"
            | "spanish"
            | "belgian"
            | "austrian"
            | "philippine"
            | "argentine"
            | "chilean"
            | "colombian"
            | "lebanese"
            | "sudanese"
            | "jordanian"
            | "iraqi"
            | "kuwaiti"
            | "saudi"
            | "iranian"
            | "yemeni"
            | "qatari"
            | "libyan"
            | "tunisian"
            | "algerian"
            | "moroccan"
            | "israeli"
    )
}

/// ISO code of a currency word after a country adjective ("syrian pounds" → SYP, "australian
/// dollars" → AUD), both lower-cased; the adjectives joined by a space ("hong kong").
pub fn national_currency(adjective: &str, word: &str) -> Option<&'static str> {
    let singular = word.strip_suffix('s').unwrap_or(word);
    Some(match (adjective, singular) {
        ("us" | "u.s." | "american", "dollar") => "USD",
        ("australian", "dollar") => "AUD",
        ("canadian", "dollar") => "CAD",
        ("hong kong", "dollar") => "HKD",
        ("singapore", "dollar") => "SGD",
        ("new zealand", "dollar") => "NZD",
        ("british", "pound") => "GBP",
        ("egyptian", "pound") => "EGP",
        ("syrian", "pound") => "SYP",
        ("lebanese", "pound") => "LBP",
        ("sudanese", "pound") => "SDG",
        ("mexican", "peso") => "MXN",
        ("argentine", "peso") => "ARS",
        ("chilean", "peso") => "CLP",
        ("colombian", "peso") => "COP",
        ("philippine", "peso") => "PHP",
        ("indian", "rupee") => "INR",
        ("pakistani", "rupee") => "PKR",
        ("chinese", "yuan") => "CNY",
        ("japanese", "yen") => "JPY",
        ("south african", "rand") => "ZAR",
        ("nigerian", "naira") => "NGN",
        ("kenyan", "shilling") => "KES",
        ("austrian", "shilling") => "ATS",
        ("turkish", "lira") => "TRY",
        ("italian", "lira") => "ITL",
        ("russian", "rouble" | "ruble") => "RUB",
        ("swiss", "franc") => "CHF",
        ("french", "franc") => "FRF",
        ("belgian", "franc") => "BEF",
        ("danish", "krone") => "DKK",
        ("norwegian", "krone") => "NOK",
        ("swedish", "krona") => "SEK",
        ("dutch", "guilder") => "NLG",
        ("german", "mark") => "DEM",
        ("finnish", "markka") => "FIM",
        ("spanish", "peseta") => "ESP",
        ("jordanian", "dinar") => "JOD",
        ("iraqi", "dinar") => "IQD",
        ("kuwaiti", "dinar") => "KWD",
        ("libyan", "dinar") => "LYD",
        ("tunisian", "dinar") => "TND",
        ("algerian", "dinar") => "DZD",
        ("saudi", "riyal") => "SAR",
        ("qatari", "riyal") => "QAR",
        ("iranian", "rial") => "IRR",
        ("yemeni", "rial") => "YER",
        ("moroccan", "dirham") => "MAD",
        ("israeli", "shekel") => "ILS",
        _ => return None,
    })
}

/// ISO code of a currency word or code written after the amount (lower-cased).
pub fn currency_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "dollar" | "dollars" | "usd" | "bucks" => "USD",
        "pound" | "pounds" | "sterling" | "gbp" | "quid" => "GBP",
        "euro" | "euros" | "eur" => "EUR",
        "yen" | "jpy" => "JPY",
        "yuan" | "renminbi" | "cny" | "rmb" => "CNY",
        "rupee" | "rupees" | "inr" => "INR",
        "naira" | "ngn" => "NGN",
        "rouble" | "roubles" | "ruble" | "rubles" | "rub" => "RUB",
        "franc" | "francs" | "chf" => "CHF",
        "pence" | "p" => "GBP-pence",
        "cent" | "cents" => "USD-cents",
        "shilling" | "shillings" | "kes" => "KES",
        "rand" | "zar" => "ZAR",
        "lira" | "liras" | "try" => "TRY",
        "dinar" | "dinars" => "DINAR",
        "riyal" | "riyals" | "sar" => "SAR",
        "dirham" | "dirhams" | "aed" => "AED",
        "peso" | "pesos" => "PESO",
        "won" | "krw" => "KRW",
        "markka" | "markkaa" => "FIM",
        "guilder" | "guilders" => "NLG",
        "peseta" | "pesetas" => "ESP",
        "mark" | "marks" | "deutschmark" | "deutschmarks" => "DEM",
        "lire" => "ITL",
        "krona" | "kronor" => "SEK",
        "krone" | "kroner" => "NOK",
        "zloty" | "zlotys" => "PLN",
        "baht" => "THB",
        "ringgit" => "MYR",
        "rupiah" => "IDR",
        "penny" | "pennies" => "GBP-pence",
        "bitcoin" | "bitcoins" | "btc" => "BTC",
        "satoshi" | "satoshis" => "BTC-satoshi",
        _ => return None,
    })
}

/// Time unit of a duration word, singular ("days" → "day").
pub fn time_unit(w: &str) -> Option<&'static str> {
    Some(match w {
        "millisecond" | "milliseconds" => "millisecond",
        "second" | "seconds" | "sec" | "secs" => "second",
        "minute" | "minutes" | "min" | "mins" => "minute",
        "hour" | "hours" | "hr" | "hrs" => "hour",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "fortnight" | "fortnights" => "fortnight",
        "month" | "months" => "month",
        "year" | "years" | "yr" | "yrs" => "year",
        "decade" | "decades" => "decade",
        "century" | "centuries" => "century",
        _ => return None,
    })
}

/// Unit of a dimension word, singular (lower-cased).
pub fn dimension_unit(w: &str) -> Option<&'static str> {
    Some(match w {
        "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "m" | "metre" | "metres" | "meter" | "meters" => "metre",
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => "cm",
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => "mm",
        "dm" | "decimetre" | "decimetres" | "decimeter" | "decimeters" => "dm",
        "micrometre" | "micrometres" | "micrometer" | "micrometers" | "micron" | "microns" => "micrometre",
        "nanometre" | "nanometres" | "nanometer" | "nanometers" => "nm",
        "picometre" | "picometres" | "picometer" | "picometers" => "pm",
        "mile" | "miles" | "mi" => "mile",
        "foot" | "feet" | "ft" => "foot",
        "inch" | "inches" => "inch",
        "yard" | "yards" | "yd" | "yds" => "yard",
        "kg" | "kgs" | "kilogram" | "kilograms" | "kilo" | "kilos" => "kg",
        "g" | "gram" | "grams" | "gramme" | "grammes" => "g",
        "mg" | "milligram" | "milligrams" => "mg",
        "μg" | "microgram" | "micrograms" => "microgram",
        "tonne" | "tonnes" | "ton" | "tons" | "t" => "tonne",
        "lb" | "lbs" => "lb",
        "ounce" | "ounces" | "oz" => "ounce",
        "litre" | "litres" | "liter" | "liters" | "l" => "litre",
        "ml" | "millilitre" | "millilitres" | "milliliter" | "milliliters" => "ml",
        "gallon" | "gallons" => "gallon",
        "barrel" | "barrels" => "barrel",
        "acre" | "acres" => "acre",
        "hectare" | "hectares" | "ha" => "hectare",
        "rad" | "radian" | "radians" => "radian",
        "mph" => "mph",
        "kph" | "km/h" | "kmh" | "kmph" | "km/hr" => "km/h",
        "m/s" => "m/s",
        "km2" | "sqkm" => "square km",
        "m2" => "square metre",
        "teaspoon" | "teaspoons" | "tsp" => "teaspoon",
        "tablespoon" | "tablespoons" | "tbsp" => "tablespoon",
        "cup" | "cups" => "cup",
        "pint" | "pints" => "pint",
        "quart" | "quarts" => "quart",
        "knot" | "knots" => "knot",
        "mb" | "megabyte" | "megabytes" => "MB",
        "gb" | "gigabyte" | "gigabytes" => "GB",
        "tb" | "terabyte" | "terabytes" => "TB",
        "kb" | "kilobyte" | "kilobytes" => "KB",
        "megabit" | "megabits" | "mbps" => "Mbit",
        "mw" | "megawatt" | "megawatts" => "MW",
        "kw" | "kilowatt" | "kilowatts" => "kW",
        "gw" | "gigawatt" | "gigawatts" => "GW",
        "kwh" => "kWh",
        _ => return None,
    })
}

/// Month number of a month name or abbreviation (case-sensitive: months are capitalised).
pub fn month(w: &str) -> Option<u32> {
    let w = w.strip_suffix('.').unwrap_or(w);
    Some(match w {
        "January" | "Jan" => 1,
        "February" | "Feb" => 2,
        "March" | "Mar" => 3,
        "April" | "Apr" => 4,
        "May" => 5,
        "June" | "Jun" => 6,
        "July" | "Jul" => 7,
        "August" | "Aug" => 8,
        "September" | "Sept" | "Sep" => 9,
        "October" | "Oct" => 10,
        "November" | "Nov" => 11,
        "December" | "Dec" => 12,
        _ => return None,
    })
}

/// Weekday index (Monday = 0) of a capitalised weekday name.
pub fn weekday(w: &str) -> Option<u32> {
    Some(match w {
        "Monday" | "Mon" => 0,
        "Tuesday" | "Tue" | "Tues" => 1,
        "Wednesday" | "Wed" => 2,
        "Thursday" | "Thu" | "Thurs" => 3,
        "Friday" | "Fri" => 4,
        "Saturday" | "Sat" => 5,
        "Sunday" | "Sun" => 6,
        _ => return None,
    })
}

/// Words that end a counted-noun phrase: function words, auxiliaries, reporting verbs.
pub fn stops_noun_phrase(w: &str) -> bool {
    matches!(
        w,
        "of" | "in"
            | "minus"
            | "plus"
            | "times"
            | "on"
            | "at"
            | "to"
            | "from"
            | "for"
            | "with"
            | "by"
            | "into"
            | "onto"
            | "over"
            | "under"
            | "since"
            | "during"
            | "after"
            | "before"
            | "across"
            | "through"
            | "between"
            | "among"
            | "amongst"
            | "against"
            | "per"
            | "than"
            | "as"
            | "about"
            | "around"
            | "near"
            | "within"
            | "without"
            | "via"
            | "and"
            | "or"
            | "but"
            | "nor"
            | "yet"
            | "so"
            | "if"
            | "because"
            | "while"
            | "when"
            | "where"
            | "who"
            | "whom"
            | "whose"
            | "which"
            | "that"
            | "this"
            | "these"
            | "those"
            | "the"
            | "a"
            | "an"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "am"
            | "has"
            | "have"
            | "had"
            | "having"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "said"
            | "say"
            | "says"
            | "told"
            | "more"
            | "less"
            | "fewer"
            | "each"
            | "every"
            | "a-day"
            | "ago"
            | "old"
            | "alone"
            | "only"
            | "too"
            | "also"
            | "still"
            | "now"
            | "then"
            | "here"
            | "there"
            | "all"
            | "both"
            | "them"
            | "they"
            | "it"
            | "its"
            | "their"
            | "his"
            | "her"
            | "he"
            | "she"
            | "we"
            | "you"
            | "i"
            | "not"
            | "no"
            | "out"
            | "up"
            | "down"
            | "off"
            | "away"
            | "back"
            | "last"
            | "next"
            | "later"
            | "earlier"
            | "ahead"
            | "apart"
            | "respectively"
            | "apiece"
            | "aboard"
            | "abroad"
            | "together"
            | "inside"
            | "outside"
    )
}

/// Words that introduce an identifier rather than an amount ("resolution 2286", "Section 230").
pub fn introduces_identifier(w: &str) -> bool {
    matches!(
        w,
        "resolution"
            | "article"
            | "section"
            | "chapter"
            | "number"
            | "no."
            | "nos."
            | "flight"
            | "route"
            | "room"
            | "page"
            | "pages"
            | "paragraph"
            | "clause"
            | "rule"
            | "line"
            | "platform"
            | "gate"
            | "bus"
            | "episode"
            | "version"
            | "model"
            | "type"
            | "category"
            | "grade"
            | "phase"
            | "code"
            | "tel"
            | "tel."
            | "phone"
            | "call"
            | "dial"
            | "ext"
            | "ext."
            | "unit"
            | "ward"
            | "bed"
            | "seat"
            | "row"
            | "block"
            | "building"
            | "house"
            | "apartment"
            | "flat"
            | "suite"
            | "box"
            | "po"
            | "#"
            | "iso"
            | "covid"
            | "windows"
            | "boeing"
            | "airbus"
            | "ps"
            | "iphone"
            | "galaxy"
            | "euro"
            | "level"
            | "exit"
            | "junction"
            | "channel"
            | "track"
            | "volume"
            | "vol."
            | "part"
            | "act"
            | "psalm"
            | "verse"
            | "number:"
            | "tier"
            | "figure"
            | "fig."
            | "table"
            | "item"
            | "note"
    )
}

/// Words an ordinal after "a" orders rather than divides ("a third night", "a second term").
pub fn ordered_noun(w: &str) -> bool {
    matches!(
        w,
        "time"
            | "night"
            | "day"
            | "week"
            | "month"
            | "year"
            | "term"
            | "round"
            | "wave"
            | "attempt"
            | "bid"
            | "season"
            | "straight"
            | "consecutive"
            | "successive"
            | "successful"
            | "victim"
            | "child"
            | "person"
            | "man"
            | "woman"
            | "case"
            | "death"
            | "strike"
            | "place"
            | "dose"
            | "vote"
            | "referendum"
            | "election"
            | "attack"
            | "explosion"
            | "suspect"
            | "hospital"
            | "party"
            | "option"
            | "phase"
            | "stage"
            | "generation"
            | "leg"
            | "game"
            | "match"
            | "goal"
            | "quarter"
            | "son"
            | "daughter"
            | "wife"
            | "husband"
            | "floor"
            | "world"
    )
}
