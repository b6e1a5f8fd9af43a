//! News-aware tokeniser: paragraphs, sentences and Penn-Treebank-style word tokens as byte spans.
//!
//! Paragraphs are blocks separated by blank lines; a single line break also starts a paragraph
//! unless the next line begins with a lower-case letter (a hard-wrapped line). Word tokens follow
//! the CoNLL/PTB conventions of the NER training data: `'s` and `n't` split off, `U.S.` one token,
//! `440,000` and `2.5` one token, hyphenated words one token, quotes, brackets and punctuation
//! separate.

use crate::doc::{Paragraph, Sentence, Span, Token, TokenKind};

/// The result of tokenising a text: every span is a byte range into it.
#[derive(Debug, Default)]
pub struct Layout {
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
}

/// Split `text` into paragraphs, sentences and tokens.
pub fn tokenize(text: &str) -> Layout {
    let mut layout = Layout::default();
    for para in paragraph_spans(text) {
        let first_token = layout.tokens.len();
        for (start, end) in chunks(text, para) {
            split_chunk(text, start, end, &mut layout.tokens);
        }
        if layout.tokens.len() == first_token {
            continue;
        }
        let first_sentence = layout.sentences.len();
        let index = layout.paragraphs.len();
        split_sentences(text, first_token, index, &layout.tokens, &mut layout.sentences);
        layout.paragraphs.push(Paragraph {
            span: para,
            sentences: first_sentence..layout.sentences.len(),
        });
    }
    layout
}

/// Word tokens of a single string, ignoring paragraph and sentence structure.
pub fn words(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for (start, end) in chunks(text, Span::new(0, text.len())) {
        split_chunk(text, start, end, &mut tokens);
    }
    tokens
}

/// Paragraph spans, trimmed of surrounding white space.
fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut current: Option<Span> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            spans.extend(current.take());
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let start = line_start + lead;
        let end = start + trimmed.len();
        let continues = trimmed.chars().next().is_some_and(char::is_lowercase);
        current = match current {
            Some(open) if continues => Some(Span::new(open.start, end)),
            Some(open) => {
                spans.push(open);
                Some(Span::new(start, end))
            }
            None => Some(Span::new(start, end)),
        };
    }
    spans.extend(current);
    spans
}

/// White-space separated chunks inside `span`.
fn chunks(text: &str, span: Span) -> impl Iterator<Item = (usize, usize)> + '_ {
    let s = &text[span.start..span.end];
    let base = span.start;
    let mut iter = s.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = iter.peek() {
            if c.is_whitespace() {
                iter.next();
            } else {
                break;
            }
        }
        let &(start, _) = iter.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = iter.peek() {
            if c.is_whitespace() {
                break;
            }
            end = i + c.len_utf8();
            iter.next();
        }
        Some((base + start, base + end))
    })
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '`' | '„' | '‹' | '›'
    )
}

fn is_opener(c: char) -> bool {
    is_quote(c) || matches!(c, '(' | '[' | '{' | '•' | '·' | '*')
}

fn is_trailing_punct(c: char) -> bool {
    is_quote(c) || matches!(c, ')' | ']' | '}' | ',' | ';' | ':' | '!' | '?' | '…' | '%' | '.')
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn kind_of(s: &str) -> TokenKind {
    match s.chars().find(|c| c.is_alphanumeric()) {
        Some(_) if s.starts_with(|c: char| c.is_ascii_digit()) => TokenKind::Number,
        Some(_) => TokenKind::Word,
        None if s.chars().all(is_quote) => TokenKind::Quote,
        None => TokenKind::Punct,
    }
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    if start < end {
        out.push(Token {
            span: Span::new(start, end),
            kind: kind_of(&text[start..end]),
        });
    }
}

/// Titles and other abbreviations that keep their full stop and never end a sentence.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "Gen", "Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Maj",
    "Rev", "Sen", "Rep", "Gov", "Pres", "Supt", "Det", "Insp", "Cpl", "Pte", "Fr", "Hon", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "Fig", "Vol", "pp", "Ave",
    "Rd", "Blvd", "approx", "Gov't", "Messrs", "Mme", "Mlle", "Brig", "Pvt", "Spc", "Cdr", "Lieut", "Atty",
    "Sens", "Reps", "Gens", "Msgr", "Rt",
];

/// Abbreviations that keep their full stop but may also end a sentence.
const ENDING_ABBREVIATIONS: &[&str] = &[
    "Inc", "Ltd", "Co", "Corp", "Bros", "Jr", "Sr", "etc", "Plc", "plc", "LLC", "est", "Dept",
];

/// Capitalised words that, after an ambiguous abbreviation, signal a new sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "But",
    "And",
    "However",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "As",
    "For",
    "So",
    "Some",
    "Many",
    "Most",
    "All",
    "Meanwhile",
    "Officials",
    "According",
    "Last",
    "Earlier",
    "Later",
];

/// True when `core` (the text before a full stop) is an abbreviation whose stop belongs to it.
fn keeps_stop(core: &str, after: &str) -> bool {
    if core.is_empty() || !core.chars().all(|c| c.is_alphabetic() || c == '.' || c == '\'') {
        return false;
    }
    if core.contains('.') {
        // Initialisms: U.S, U.N, e.g, a.m, D.C
        return core
            .split('.')
            .all(|p| (1..=2).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic));
    }
    let mut chars = core.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase(); // an initial: "J. K. Rowling"
    }
    if matches!(core, "No" | "no" | "Nos" | "nos") {
        return after.trim_start().starts_with(|c: char| c.is_ascii_digit());
    }
    TITLES.contains(&core) || ENDING_ABBREVIATIONS.contains(&core)
}

/// True when a token that keeps its stop may still end a sentence (U.S., Inc., etc.).
fn stop_may_end_sentence(token: &str) -> bool {
    let core = token.strip_suffix('.').unwrap_or(token);
    core.contains('.') || ENDING_ABBREVIATIONS.contains(&core)
}

/// Split one white-space-free chunk into tokens.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    // Most chunks are plain words or numbers: one token, nothing to split.
    let bytes = &text.as_bytes()[start..end];
    if !bytes.is_empty() && bytes.iter().all(u8::is_ascii_alphanumeric) {
        let kind = if bytes[0].is_ascii_digit() {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        out.push(Token {
            span: Span::new(start, end),
            kind,
        });
        return;
    }
    let mut a = start;
    let mut b = end;
    // Leading quotes, brackets and bullets.
    while a < b {
        let c = text[a..b].chars().next().unwrap_or(' ');
        let rest = &text[a + c.len_utf8()..b];
        let elision = is_apostrophe(c) && rest.starts_with(|d: char| d.is_ascii_digit());
        // A doubled ASCII mark ('' or ``) is one double quote mark, as typewriter-era news writes it.
        if matches!(c, '\'' | '`') && rest.starts_with(c) {
            push(text, a, a + 2, out);
            a += 2;
        } else if is_opener(c) && !elision && !rest.is_empty() {
            push(text, a, a + c.len_utf8(), out);
            a += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, collected right to left.
    let mut trail: Vec<(usize, usize)> = Vec::new();
    while a < b {
        let word = &text[a..b];
        if word.len() > 3 && (word.ends_with("...")) {
            trail.push((b - 3, b));
            b -= 3;
            continue;
        }
        let Some(c) = word.chars().next_back() else {
            break;
        };
        let n = c.len_utf8();
        if c == '\'' && word.len() > 2 && word.ends_with("''") {
            trail.push((b - 2, b));
            b -= 2;
            continue;
        }
        if b - a == n || !is_trailing_punct(c) {
            break;
        }
        if c == '.' && keeps_stop(&text[a..b - 1], &text[end..]) {
            break;
        }
        trail.push((b - n, b));
        b -= n;
    }
    split_core(text, a, b, out);
    for &(s, e) in trail.iter().rev() {
        push(text, s, e, out);
    }
}

fn looks_like_url(word: &str) -> bool {
    word.contains("://")
        || word.starts_with("www.")
        || (word.contains('@') && word.contains('.') && !word.starts_with('@'))
}

/// Split the core of a chunk at internal punctuation, then split off clitics.
fn split_core(text: &str, a: usize, b: usize, out: &mut Vec<Token>) {
    if a >= b {
        return;
    }
    let word = &text[a..b];
    if looks_like_url(word) {
        push(text, a, b, out);
        return;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut piece_start = 0; // relative byte offset
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let digit_both = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        // Three dots in a row: an ellipsis token.
        if c == '.' && word[pos..].starts_with("...") {
            split_word(text, a + piece_start, a + pos, out);
            push(text, a + pos, a + pos + 3, out);
            i += 3;
            piece_start = pos + 3;
            continue;
        }
        if c == '-' && next == Some('-') {
            split_word(text, a + piece_start, a + pos, out);
            push(text, a + pos, a + pos + 2, out);
            i += 2;
            piece_start = pos + 2;
            continue;
        }
        // "x>10": a comparison sign after a letter starts a token of its own (">10").
        if matches!(c, '<' | '>' | '≤' | '≥')
            && prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(|n| n.is_ascii_digit() || n == '=' || n == '-')
        {
            split_word(text, a + piece_start, a + pos, out);
            piece_start = pos;
            i += 1;
            continue;
        }
        let is_currency = matches!(c, '£' | '$' | '€' | '¥' | '₹') && i == 0 && chars.len() > 1;
        // "US$40", "NZ$26": the prefixed dollar sign stays with its prefix, the amount goes apart.
        if c == '$'
            && i > 0
            && i <= 3
            && chars[..i].iter().all(|&(_, p)| p.is_ascii_uppercase())
            && next.is_some_and(|n| n.is_ascii_digit())
        {
            push(text, a, a + pos + 1, out);
            piece_start = pos + 1;
            i += 1;
            continue;
        }
        let splits = is_currency
            || match c {
                '—' | '–' | '…' | ';' | '!' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '"' | '“' | '”'
                | '«' | '»' | '„' => true,
                ':' => !digit_both,
                // A comma stays inside a number as a thousands separator ("440,000") or a
                // decimal comma ("5,00", "1.111,11"); "22,24,26,31" is a list to its end.
                ',' => {
                    !(digit_both
                        && (thousands_group(&word[pos + 1..])
                            || (!word[..piece_start].ends_with(',')
                                && decimal_comma(&word[piece_start..pos], &word[pos + 1..]))))
                }
                '‘' => i > 0,
                _ => false,
            };
        if splits {
            split_word(text, a + piece_start, a + pos, out);
            push(text, a + pos, a + pos + c.len_utf8(), out);
            piece_start = pos + c.len_utf8();
        }
        i += 1;
    }
    split_word(text, a + piece_start, b, out);
}

/// True when `rest` (what follows a comma) continues a digit grouping: three digits ("440,000"),
/// or pairs then three (Indian "12,34,567").
pub(crate) fn thousands_group(rest: &str) -> bool {
    let mut b = rest.as_bytes();
    let digit = |b: &[u8], n: usize| b.len() >= n && b[..n].iter().all(u8::is_ascii_digit);
    while digit(b, 2) && b.get(2) == Some(&b',') {
        b = &b[3..];
    }
    digit(b, 3) && !b.get(3).is_some_and(u8::is_ascii_digit)
}

/// True when a comma between `before` and `rest` is a decimal comma: one to three digits (or
/// dotted thousands, "1.111") before, one or two digits after and no further digit group.
pub(crate) fn decimal_comma(before: &str, rest: &str) -> bool {
    let mut groups = before.split('.');
    let lead = groups.next().unwrap_or("");
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let before_ok =
        (1..=3).contains(&lead.len()) && digits(lead) && groups.all(|g| g.len() == 3 && digits(g));
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    let tail = &rest.as_bytes()[n..];
    let another_group =
        tail.first().is_some_and(|&c| c == b',' || c == b'.') && tail.get(1).is_some_and(u8::is_ascii_digit);
    before_ok && (1..=2).contains(&n) && !another_group
}

/// Emit one word, splitting off English clitics ('s, n't, 're, 've, 'll, 'd, 'm).
fn split_word(text: &str, a: usize, b: usize, out: &mut Vec<Token>) {
    if a >= b {
        return;
    }
    let word = &text[a..b];
    if let Some(cut) = clitic_start(word) {
        push(text, a, a + cut, out);
        push(text, a + cut, b, out);
    } else {
        push(text, a, b, out);
    }
}

/// Byte offset at which a clitic begins, if the word ends with one.
fn clitic_start(word: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let n = chars.len();
    if n < 3 {
        return None;
    }
    // n't
    let (_, last) = chars[n - 1];
    if (last == 't' || last == 'T') && is_apostrophe(chars[n - 2].1) {
        let (npos, nc) = chars[n - 3];
        if (nc == 'n' || nc == 'N') && n > 3 {
            return Some(npos);
        }
    }
    for k in 1..=2 {
        if n <= k + 1 {
            continue;
        }
        let (apos, ap) = chars[n - 1 - k];
        if !is_apostrophe(ap) {
            continue;
        }
        let tail: String = chars[n - k..]
            .iter()
            .map(|&(_, c)| c.to_ascii_lowercase())
            .collect();
        let before = chars[n - 2 - k].1;
        if matches!(tail.as_str(), "s" | "d" | "m" | "re" | "ve" | "ll") && before.is_alphanumeric() {
            return Some(apos);
        }
    }
    None
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…" | "...")
        || (!s.is_empty() && s.chars().all(|c| matches!(c, '!' | '?' | '.')))
}

fn is_closer_token(s: &str) -> bool {
    s.chars().all(|c| is_quote(c) || matches!(c, ')' | ']' | '}'))
}

/// Split the tokens of one paragraph (from `first` to the end of `tokens`) into sentences.
fn split_sentences(text: &str, first: usize, paragraph: usize, tokens: &[Token], out: &mut Vec<Sentence>) {
    let n = tokens.len();
    let mut start = first;
    let mut i = first;
    let push_sentence = |from: usize, to: usize, out: &mut Vec<Sentence>| {
        if from < to {
            out.push(Sentence {
                span: Span::new(tokens[from].span.start, tokens[to - 1].span.end),
                tokens: from..to,
                paragraph,
            });
        }
    };
    while i < n {
        let t = &text[tokens[i].span.start..tokens[i].span.end];
        let next_text = |j: usize| (j < n).then(|| &text[tokens[j].span.start..tokens[j].span.end]);
        let ambiguous_abbrev = t.len() > 1
            && t.ends_with('.')
            && stop_may_end_sentence(t)
            && next_text(i + 1).is_some_and(|w| SENTENCE_STARTERS.contains(&w));
        if !(is_terminal(t) || ambiguous_abbrev) {
            i += 1;
            continue;
        }
        // Absorb adjacent closing quotes and brackets, and further terminal marks.
        let mut j = i + 1;
        while j < n && tokens[j].span.start == tokens[j - 1].span.end {
            let s = &text[tokens[j].span.start..tokens[j].span.end];
            if is_closer_token(s) || is_terminal(s) {
                j += 1;
            } else {
                break;
            }
        }
        let boundary = match next_text(j) {
            None => false, // the paragraph's end closes the sentence below
            // No sentence opens with a lower-case word or a comma ("(D-Wis.), head of …").
            Some(w) => !w.starts_with(char::is_lowercase) && !w.starts_with([',', ';']),
        };
        if boundary {
            push_sentence(start, j, out);
            start = j;
        }
        i = j;
    }
    push_sentence(start, n, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        words(s).iter().map(|t| &s[t.span.start..t.span.end]).collect()
    }

    fn sents(s: &str) -> Vec<&str> {
        tokenize(s)
            .sentences
            .iter()
            .map(|x| &s[x.span.start..x.span.end])
            .collect()
    }

    #[test]
    fn ptb_clitics_split() {
        assert_eq!(
            toks("President Bashar al-Assad's regime"),
            ["President", "Bashar", "al-Assad", "'s", "regime"]
        );
        assert_eq!(toks("It’s just senseless"), ["It", "’s", "just", "senseless"]);
        assert_eq!(toks("they don't know"), ["they", "do", "n't", "know"]);
        assert_eq!(
            toks("We're here, you'll see"),
            ["We", "'re", "here", ",", "you", "'ll", "see"]
        );
    }

    #[test]
    fn doubled_ascii_marks_are_one_token() {
        assert_eq!(
            toks("''It works,'' he said. ``Yes.''"),
            ["''", "It", "works", ",", "''", "he", "said", ".", "``", "Yes", ".", "''"]
        );
        assert_eq!(toks("a '' b"), ["a", "''", "b"]);
        assert_eq!(toks("'Tis the '90s"), ["'", "Tis", "the", "'90s"]);
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            toks("another 440,000 civilians"),
            ["another", "440,000", "civilians"]
        );
        assert_eq!(toks("a 2.5% rise"), ["a", "2.5", "%", "rise"]);
        assert_eq!(toks("at 8:43 today"), ["at", "8:43", "today"]);
        assert_eq!(toks("£5m and $1.2bn"), ["£", "5m", "and", "$", "1.2bn"]);
        assert_eq!(
            toks("the country's 9-year conflict"),
            ["the", "country", "'s", "9-year", "conflict"]
        );
        // Decimal commas stay; a list of numbers splits to its end.
        assert_eq!(toks("5,00 or 1.111,11"), ["5,00", "or", "1.111,11"]);
        assert_eq!(toks("22,24,26,31"), ["22", ",", "24", ",", "26", ",", "31"]);
        assert_eq!(toks("x>10 and y<=20"), ["x", ">10", "and", "y", "<=20"]);
    }

    #[test]
    fn abbreviations_keep_their_stop() {
        assert_eq!(
            toks("the U.S. and U.N. said"),
            ["the", "U.S.", "and", "U.N.", "said"]
        );
        assert_eq!(
            toks("Dr. Nott met Prof. Smith"),
            ["Dr.", "Nott", "met", "Prof.", "Smith"]
        );
        assert_eq!(toks("at No. 10 today"), ["at", "No.", "10", "today"]);
        assert_eq!(toks("he said no."), ["he", "said", "no", "."]);
    }

    #[test]
    fn quotes_and_brackets_separate() {
        assert_eq!(
            toks("Society (SAMS) put “nightmare”."),
            ["Society", "(", "SAMS", ")", "put", "“", "nightmare", "”", "."]
        );
        assert_eq!(
            toks("told ITV News: \"There"),
            ["told", "ITV", "News", ":", "\"", "There"]
        );
        assert_eq!(toks("'bloody week' of"), ["'", "bloody", "week", "'", "of"]);
        assert_eq!(toks("rubble – some"), ["rubble", "–", "some"]);
        assert_eq!(toks("four-year-old"), ["four-year-old"]);
    }

    #[test]
    fn sentences_survive_abbreviations_and_decimals() {
        assert_eq!(
            sents("Dr. Smith met Mr. Jones at No. 10 on Jan. 5. They spent 2.5 hours there."),
            [
                "Dr. Smith met Mr. Jones at No. 10 on Jan. 5.",
                "They spent 2.5 hours there."
            ]
        );
        assert_eq!(
            sents("He moved to the U.S. The move was costly."),
            ["He moved to the U.S.", "The move was costly."]
        );
        assert_eq!(
            sents("She works for the U.N. in Geneva."),
            ["She works for the U.N. in Geneva."]
        );
        // A stop inside brackets before a comma ends no sentence.
        assert_eq!(
            sents("Rep. Gwen Moore (D-Wis.), a member, spoke. Others left."),
            ["Rep. Gwen Moore (D-Wis.), a member, spoke.", "Others left."]
        );
        // Military and plural titles.
        assert_eq!(
            sents("Brig. Gen. Nabil Abdallah and Sens. Jo Ray spoke. Others left."),
            [
                "Brig. Gen. Nabil Abdallah and Sens. Jo Ray spoke.",
                "Others left."
            ]
        );
    }

    #[test]
    fn quote_marks_close_after_the_stop() {
        assert_eq!(
            sents("“The bombardment is relentless. It seems senseless,” he said. Next one."),
            [
                "“The bombardment is relentless.",
                "It seems senseless,” he said.",
                "Next one."
            ]
        );
        assert_eq!(
            sents("He said: \"Go.\" Then he left."),
            ["He said: \"Go.\"", "Then he left."]
        );
        assert_eq!(sents("“Why?” he asked."), ["“Why?” he asked."]);
    }

    #[test]
    fn headlines_and_bylines_are_their_own_sentences() {
        let text = "Idlib towns destroyed as forces move\nVideo report by ITV News Correspondent Dan Rivers\nThe war goes on.";
        assert_eq!(
            sents(text),
            [
                "Idlib towns destroyed as forces move",
                "Video report by ITV News Correspondent Dan Rivers",
                "The war goes on."
            ]
        );
        let layout = tokenize(text);
        assert_eq!(layout.paragraphs.len(), 3);
    }

    #[test]
    fn hard_wrapped_lines_join_and_blank_lines_split() {
        let text = "The bombing went on for\nmany weeks in the north.\n\nA new paragraph.";
        let layout = tokenize(text);
        assert_eq!(layout.paragraphs.len(), 2);
        assert_eq!(
            sents(text),
            [
                "The bombing went on for\nmany weeks in the north.",
                "A new paragraph."
            ]
        );
    }

    #[test]
    fn ellipses_and_lists() {
        assert_eq!(
            sents("He paused... and went on. Then..."),
            ["He paused... and went on.", "Then..."]
        );
        assert_eq!(sents("Wait… What happened?"), ["Wait…", "What happened?"]);
        let list = "Needs:\n• food\n• water\n";
        assert_eq!(tokenize(list).paragraphs.len(), 3);
    }

    #[test]
    fn empty_and_blank_texts_have_no_tokens() {
        for s in ["", " ", "\n\n\t", "\u{feff}"] {
            let l = tokenize(s);
            assert!(l.sentences.is_empty() || s == "\u{feff}");
            for t in &l.tokens {
                assert!(s.is_char_boundary(t.span.start) && s.is_char_boundary(t.span.end));
            }
        }
    }
}
