//! Quotes and their speakers: direct quotes in quote marks, reported speech ("X said that …"),
//! "according to X", with speakers resolved within the article (pronouns, short names, acronyms).

pub mod speakers;

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::{Doc, Entity, Quote, QuoteKind, Span, Speaker};
use speakers::Resolver;

/// Speech and attribution verbs in all their forms (lower case).
pub fn speech_verbs() -> &'static HashSet<&'static str> {
    static VERBS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    VERBS.get_or_init(|| {
        include_str!("speech_verbs.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Verbs that introduce reported speech even without quote marks (a narrower set than all cues).
fn reporting_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "warned"
            | "warns"
            | "confirmed"
            | "confirms"
            | "claimed"
            | "claims"
            | "stated"
            | "states"
            | "explained"
            | "explains"
            | "insisted"
            | "insists"
            | "denied"
            | "denies"
            | "announced"
            | "announces"
            | "reported"
            | "reports"
            | "argued"
            | "argues"
            | "believes"
            | "believed"
            | "noted"
            | "notes"
            | "estimated"
            | "estimates"
            | "found"
            | "finds"
            | "show"
            | "shows"
            | "showed"
            | "revealed"
            | "reveals"
            | "suggested"
            | "suggests"
            | "described"
            | "describes"
            | "called"
            | "calls"
            | "accused"
            | "accuses"
            | "urged"
            | "urges"
            | "admitted"
            | "admits"
            | "acknowledged"
            | "acknowledges"
            | "alleged"
            | "alleges"
            | "predicted"
            | "predicts"
            | "wrote"
            | "writes"
            | "tweeted"
            | "declared"
            | "declares"
            | "concluded"
            | "concludes"
            | "thinks"
            | "thought"
            | "feared"
            | "fears"
            | "hoped"
            | "hopes"
            | "promised"
            | "promises"
            | "pledged"
    )
}

/// A word in lower case, borrowed when it already is.
fn lower(w: &str) -> std::borrow::Cow<'_, str> {
    if w.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(w.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(w)
    }
}

/// A quote-mark segment of a paragraph.
#[derive(Clone, Copy, Debug)]
struct Marked {
    /// The opening mark.
    open: usize,
    /// Content between the marks.
    content: Span,
    /// End of the closing mark (or of the paragraph when unclosed).
    close_end: usize,
}

/// Find quote-mark segments in one paragraph (byte offsets into the document).
fn marked_segments(text: &str, para: Span) -> Vec<Marked> {
    let s = &text[para.start..para.end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None; // (byte offset in s, mark)
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let at_word_start = prev.is_none_or(|p| p.is_whitespace() || "([{—–-:".contains(p));
        let at_word_end = next.is_none_or(|n| n.is_whitespace() || ",.;:!?)]}—–-".contains(n));
        match (open, c) {
            (None, '“') | (None, '«') => open = Some((i, c)),
            (None, '"') if at_word_start || next.is_some_and(char::is_alphanumeric) => open = Some((i, c)),
            (None, '‘') | (None, '\'') if at_word_start && next.is_some_and(char::is_alphanumeric) => {
                open = Some((i, c))
            }
            (Some((o, m)), '”' | '"' | '»') if matches!(m, '“' | '"' | '«') => {
                push_segment(&mut out, para, s, o, m, i, c);
                open = None;
            }
            (Some((o, m)), '’' | '\'')
                if matches!(m, '‘' | '\'') && at_word_end && !next.is_some_and(char::is_alphanumeric) =>
            {
                push_segment(&mut out, para, s, o, m, i, c);
                open = None;
            }
            // A new double opening mark inside an open single quote: the single one was an apostrophe.
            (Some((_, '‘' | '\'')), '“') => open = Some((i, c)),
            _ => {}
        }
    }
    // Unclosed double quotes run to the end of the paragraph (news style).
    if let Some((o, m)) = open {
        if matches!(m, '“' | '"' | '«') {
            let start = o + m.len_utf8();
            let content = trim(s, start, s.len());
            if content.1 > content.0 {
                out.push(Marked {
                    open: para.start + o,
                    content: Span::new(para.start + content.0, para.start + content.1),
                    close_end: para.end,
                });
            }
        }
    }
    out
}

fn push_segment(out: &mut Vec<Marked>, para: Span, s: &str, o: usize, m: char, close: usize, c: char) {
    let (a, b) = trim(s, o + m.len_utf8(), close);
    if b > a {
        out.push(Marked {
            open: para.start + o,
            content: Span::new(para.start + a, para.start + b),
            close_end: para.start + close + c.len_utf8(),
        });
    }
}

fn trim(s: &str, a: usize, b: usize) -> (usize, usize) {
    let t = &s[a..b];
    let lead = t.len() - t.trim_start().len();
    let t2 = t.trim();
    (a + lead, a + lead + t2.len())
}

/// The quotes stage.
#[derive(Debug, Default, Clone)]
pub struct Quotes;

impl Quotes {
    /// Find the quotes of a document, using its entities to name speakers.
    pub fn find(&self, doc: &Doc, entities: &[Entity]) -> Vec<Quote> {
        let resolver = Resolver::new(doc, entities);
        let text = doc.text();
        let mut quotes: Vec<Quote> = Vec::new();
        let mut covered: Vec<Span> = Vec::new();
        for (p, para) in doc.paragraphs.iter().enumerate() {
            let segments = marked_segments(text, para.span);
            for seg in &segments {
                let words = text[seg.content.start..seg.content.end]
                    .split_whitespace()
                    .count();
                let sentence_like =
                    words >= 4 || text[seg.content.start..seg.content.end].ends_with(['.', '!', '?', ',']);
                if !sentence_like {
                    continue; // scare quotes; reported speech around them is found below
                }
                let attribution = self.attribute_direct(doc, &resolver, seg, &quotes, p);
                covered.push(Span::new(seg.open, seg.close_end));
                quotes.push(Quote {
                    kind: QuoteKind::Direct,
                    content: seg.content,
                    cue: attribution.0,
                    speaker: attribution.1,
                });
            }
        }
        // Reported speech and "according to", in sentences not already a direct quote.
        for s in 0..doc.sentences.len() {
            let sent = doc.sentences[s].span;
            if covered.iter().any(|c| c.overlap(sent) * 2 > sent.len()) {
                continue;
            }
            if let Some(q) = self.reported(doc, &resolver, s, &covered) {
                quotes.push(q);
            }
        }
        // A quoted phrase inside reported speech is part of that mixed quote, not a quote of its own.
        let mixed: Vec<Span> = quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Mixed)
            .map(|q| q.content)
            .collect();
        quotes.retain(|q| q.kind != QuoteKind::Direct || !mixed.iter().any(|m| m.contains(q.content)));
        quotes.sort_by_key(|q| q.content.start);
        resolver.resolve_pronouns(doc, &mut quotes);
        resolver.continue_speakers(doc, &mut quotes);
        quotes
    }

    /// Cue and speaker of a direct quote: after it ("…," he said), before it ("X said:"), or the
    /// previous quote's speaker when it continues a quote from an earlier paragraph.
    fn attribute_direct(
        &self,
        doc: &Doc,
        resolver: &Resolver,
        seg: &Marked,
        earlier: &[Quote],
        paragraph: usize,
    ) -> (Option<Span>, Option<Speaker>) {
        let para = doc.paragraphs[paragraph].span;
        // After: tokens from the closing mark to the end of its sentence.
        let after_start = doc.token_at_or_after(seg.close_end);
        let sent_end = doc
            .sentence_at(seg.close_end.saturating_sub(1))
            .map_or(para.end, |s| doc.sentences[s].span.end);
        let after: Vec<usize> = (after_start..doc.tokens.len())
            .take_while(|&t| doc.tokens[t].span.end <= sent_end.max(para.end).min(para.end))
            .collect();
        if let Some((cue, speaker)) = self.cue_after(doc, resolver, &after) {
            return (Some(cue), speaker);
        }
        // Before: tokens of the same sentence before the opening mark.
        let before_start = doc
            .sentence_at(seg.open)
            .map_or(para.start, |s| doc.sentences[s].span.start)
            .max(para.start);
        let first = doc.token_at_or_after(before_start);
        let last = doc.token_at_or_after(seg.open);
        if let Some((cue, speaker)) = self.cue_before(doc, resolver, first, last) {
            return (Some(cue), speaker);
        }
        let _ = earlier;
        (None, None)
    }

    /// "…," he said / "…," said Abdulkafi / "…," Sonia Khush, director, said.
    fn cue_after(&self, doc: &Doc, resolver: &Resolver, toks: &[usize]) -> Option<(Span, Option<Speaker>)> {
        let verbs = speech_verbs();
        // Look only at the first few words after the quote.
        let window: Vec<usize> = toks.iter().copied().take(12).collect();
        for (k, &t) in window.iter().enumerate() {
            let w = lower(doc.token_text(t));
            if !verbs.contains(w.as_ref()) {
                continue;
            }
            // Subject before the verb (within the window) or after it ("said Abdulkafi").
            let subject = resolver.noun_phrase_before(doc, window[0], t);
            let speaker = subject
                .or_else(|| resolver.noun_phrase_after(doc, t + 1, window.last().map_or(t + 1, |&l| l + 1)));
            if speaker.is_none() && k > 0 {
                continue;
            }
            return Some((doc.tokens[t].span, speaker));
        }
        None
    }

    /// X said: "…" / X told ITV News: "…" / Speaking to ITV News, X, director of Y, said: "…".
    fn cue_before(
        &self,
        doc: &Doc,
        resolver: &Resolver,
        first: usize,
        last: usize,
    ) -> Option<(Span, Option<Speaker>)> {
        let verbs = speech_verbs();
        for t in (first..last).rev() {
            let w = lower(doc.token_text(t));
            if !verbs.contains(w.as_ref()) {
                continue;
            }
            let speaker = resolver.noun_phrase_before(doc, first, t);
            return Some((doc.tokens[t].span, speaker));
        }
        None
    }

    /// Reported speech in sentence `s`: "X said (that) …", "…, X said.", "according to X".
    fn reported(&self, doc: &Doc, resolver: &Resolver, s: usize, covered: &[Span]) -> Option<Quote> {
        let range = doc.sentences[s].tokens.clone();
        let toks: Vec<usize> = range.clone().collect();
        let low = |t: usize| lower(doc.token_text(t));
        let end_tok = |toks: &[usize]| {
            let mut e = *toks.last()?;
            while e > toks[0] && matches!(doc.token_text(e), "." | "!" | "?" | "\"" | "”" | "’") {
                e -= 1;
            }
            Some(e)
        };
        let kind_of = |content: Span| {
            if covered.iter().any(|c| c.overlap(content) > 0) || doc.slice(content).contains(['"', '“', '”'])
            {
                QuoteKind::Mixed
            } else {
                QuoteKind::Indirect
            }
        };
        // according to X
        for (k, &t) in toks.iter().enumerate() {
            if low(t) == "according" && toks.get(k + 1).is_some_and(|&n| low(n) == "to") {
                let src_start = toks.get(k + 2).copied()?;
                let src_end = toks[k + 2..]
                    .iter()
                    .copied()
                    .find(|&x| matches!(doc.token_text(x), "," | "." | ";"))
                    .unwrap_or(*toks.last()? + 1);
                let speaker = resolver.noun_phrase(doc, src_start, src_end);
                let content = if k > 1 {
                    // "…, according to X."
                    let mut e = toks[k - 1];
                    if doc.token_text(e) == "," {
                        e -= 1;
                    }
                    Span::new(doc.tokens[toks[0]].span.start, doc.tokens[e].span.end)
                } else {
                    // "According to X, …"
                    let after = toks.iter().position(|&x| x == src_end)? + 1;
                    let e = end_tok(&toks)?;
                    let first = *toks.get(after)?;
                    if first > e {
                        return None;
                    }
                    Span::new(doc.tokens[first].span.start, doc.tokens[e].span.end)
                };
                let cue = Span::new(doc.tokens[t].span.start, doc.tokens[toks[k + 1]].span.end);
                return Some(Quote {
                    kind: QuoteKind::AccordingTo,
                    content,
                    cue: Some(cue),
                    speaker,
                });
            }
        }
        // X said (that) …  — the first reporting verb with a subject before it.
        for (k, &t) in toks.iter().enumerate() {
            let w = low(t);
            if !reporting_verb(&w) {
                continue;
            }
            // A passive ("were found", "is described") reports nobody's words.
            if k > 0
                && matches!(
                    low(toks[k - 1]).as_ref(),
                    "was" | "were" | "been" | "being" | "be" | "is" | "are"
                )
            {
                continue;
            }
            // "…, the UN said." — the verb closes the sentence.
            let rest: Vec<usize> = toks[k + 1..]
                .iter()
                .copied()
                .filter(|&x| !matches!(doc.token_text(x), "." | "!" | "?"))
                .collect();
            if rest.is_empty() && k >= 3 {
                let comma = toks[..k].iter().rposition(|&x| doc.token_text(x) == ",")?;
                let speaker = resolver.noun_phrase(doc, toks[comma + 1], t);
                let content = Span::new(
                    doc.tokens[toks[0]].span.start,
                    doc.tokens[toks[comma - 1]].span.end,
                );
                if comma < 3 {
                    return None;
                }
                return Some(Quote {
                    kind: kind_of(content),
                    content,
                    cue: Some(doc.tokens[t].span),
                    speaker,
                });
            }
            let speaker = resolver.noun_phrase_before(doc, toks[0], t)?;
            // Skip an object ("told ITV News that"): a few words, up to "that", a comma or a colon.
            let mut c = k + 1;
            if matches!(w.as_ref(), "told" | "tells") {
                while c < toks.len()
                    && c < k + 4
                    && !matches!(low(toks[c]).as_ref(), "that" | "," | ":" | "\"" | "“")
                {
                    c += 1;
                }
            }
            if toks
                .get(c)
                .is_some_and(|&x| matches!(doc.token_text(x), ":" | "\"" | "“"))
            {
                return None; // a direct quote follows; it has its own attribution
            }
            if toks.get(c).is_some_and(|&x| low(x) == "that") {
                c += 1;
            }
            let e = end_tok(&toks)?;
            let first = *toks.get(c)?;
            if first > e || e + 1 - first < 3 {
                return None;
            }
            let mut content = Span::new(doc.tokens[first].span.start, doc.tokens[e].span.end);
            if doc.slice(content).starts_with(['"', '“', ':']) {
                return None;
            }
            // A mixed quote ends with its quoted words when a coordinated clause follows
            // ("describes himself as "a father" and spoke to ITV News …").
            if let Some(close) = covered
                .iter()
                .filter(|c| content.contains(**c))
                .map(|c| c.end)
                .max()
            {
                let rest = &doc.text()[close..content.end];
                if rest.trim_start().starts_with("and ") || rest.trim_start().starts_with("but ") {
                    content = Span::new(content.start, close);
                }
            }
            return Some(Quote {
                kind: kind_of(content),
                content,
                cue: Some(doc.tokens[t].span),
                speaker: Some(speaker),
            });
        }
        let _ = range;
        None
    }
}
