//! The document model: a `Doc` owns the text; paragraphs, sentences and tokens are byte spans into it.

use std::ops::Range;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets, end exclusive).
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies wholly inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Bytes shared by the two spans.
    pub fn overlap(&self, other: Span) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// What a token is, as the tokeniser saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with digits, hyphens, apostrophes or internal dots).
    Word,
    /// Starts with a digit: 33, 440,000, 2.5, 1.2m, 9-year.
    Number,
    /// A quote mark: " “ ” ‘ ’ ' « » `.
    Quote,
    /// Any other punctuation or symbol.
    Punct,
}

/// One word-level token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// One sentence: its span and the range of its tokens in `Doc::tokens`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
    pub paragraph: usize,
}

/// One paragraph: its span and the range of its sentences in `Doc::sentences`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
    pub sentences: Range<usize>,
}

/// A tokenised document that owns its text.
#[derive(Clone, Debug)]
pub struct Doc {
    text: String,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    offsets: CharOffsets,
}

impl Doc {
    /// Tokenise `text` into a document.
    pub fn new(text: impl Into<String>) -> Doc {
        let text = text.into();
        let layout = crate::tokenize::tokenize(&text);
        let offsets = CharOffsets::new(&text);
        Doc {
            text,
            paragraphs: layout.paragraphs,
            sentences: layout.sentences,
            tokens: layout.tokens,
            offsets,
        }
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        self.slice(self.tokens[i].span)
    }

    /// The tokens of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> &[Token] {
        &self.tokens[self.sentences[s].tokens.clone()]
    }

    /// Number of Unicode code points in the text.
    pub fn char_len(&self) -> usize {
        self.offsets.char_of(self.text.len())
    }

    /// Code-point offset of a byte offset (which must fall on a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        self.offsets.char_of(byte)
    }

    /// Byte offset of a code-point offset; `None` past the end.
    pub fn byte_offset(&self, ch: usize) -> Option<usize> {
        self.offsets.byte_of(ch, self.text.len())
    }

    /// Index of the sentence holding byte offset `byte`, if any.
    pub fn sentence_at(&self, byte: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= byte);
        (i < self.sentences.len() && self.sentences[i].span.start <= byte).then_some(i)
    }

    /// Index of the first token starting at or after byte offset `byte`.
    pub fn token_at_or_after(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < byte)
    }

    /// The tokens that lie inside `span` (byte offsets), as a range of token indices.
    pub fn tokens_in(&self, span: Span) -> Range<usize> {
        let first = self.token_at_or_after(span.start);
        let mut end = first;
        while end < self.tokens.len() && self.tokens[end].span.end <= span.end {
            end += 1;
        }
        first..end
    }
}

/// Maps byte offsets to Unicode code-point offsets and back, in O(log n) per lookup.
///
/// Only multi-byte characters are recorded, so an ASCII text costs nothing.
#[derive(Clone, Debug, Default)]
pub struct CharOffsets {
    /// For each multi-byte char: (byte offset just after it, extra bytes so far including it).
    wide: Vec<(usize, usize)>,
}

impl CharOffsets {
    /// Index the multi-byte characters of `text`.
    pub fn new(text: &str) -> CharOffsets {
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0;
            for (i, c) in text.char_indices() {
                let n = c.len_utf8();
                if n > 1 {
                    extra += n - 1;
                    wide.push((i + n, extra));
                }
            }
        }
        CharOffsets { wide }
    }

    /// Code-point offset of byte offset `byte` (a char boundary).
    pub fn char_of(&self, byte: usize) -> usize {
        let k = self.wide.partition_point(|&(after, _)| after <= byte);
        if k == 0 {
            byte
        } else {
            byte - self.wide[k - 1].1
        }
    }

    /// Byte offset of code-point offset `ch`, or `None` if it lies past `text_len`.
    pub fn byte_of(&self, ch: usize, text_len: usize) -> Option<usize> {
        // char_of is monotone in byte, so search on the char position of each wide char's end.
        let k = self.wide.partition_point(|&(after, extra)| after - extra <= ch);
        let byte = if k == 0 { ch } else { ch + self.wide[k - 1].1 };
        (byte <= text_len).then_some(byte)
    }
}

/// Spans sorted by start, to find those inside a span without a scan of them all.
#[derive(Clone, Debug)]
pub struct SpanIndex {
    /// (start, end, index in the original list), by start.
    sorted: Vec<(usize, usize, usize)>,
    /// The furthest end among `sorted[..=i]`.
    furthest_end: Vec<usize>,
}

impl SpanIndex {
    pub fn new(spans: impl Iterator<Item = Span>) -> SpanIndex {
        let mut sorted: Vec<(usize, usize, usize)> =
            spans.enumerate().map(|(i, s)| (s.start, s.end, i)).collect();
        sorted.sort_unstable();
        let furthest_end = sorted
            .iter()
            .scan(0, |far, &(_, end, _)| {
                *far = end.max(*far);
                Some(*far)
            })
            .collect();
        SpanIndex { sorted, furthest_end }
    }

    /// Indices (in the original list, ascending) of the spans that share a byte with `span`.
    pub fn overlapping(&self, span: Span) -> Vec<usize> {
        let before_end = self.sorted.partition_point(|&(start, _, _)| start < span.end);
        let mut out: Vec<usize> = (0..before_end)
            .rev()
            .take_while(|&k| self.furthest_end[k] > span.start)
            .filter(|&k| span.overlap(Span::new(self.sorted[k].0, self.sorted[k].1)) > 0)
            .map(|k| self.sorted[k].2)
            .collect();
        out.sort_unstable();
        out
    }

    /// Indices (in the original list, ascending) of the spans inside `span`.
    pub fn within(&self, span: Span) -> Vec<usize> {
        let from = self.sorted.partition_point(|&(start, _, _)| start < span.start);
        let mut out: Vec<usize> = self.sorted[from..]
            .iter()
            .take_while(|&&(start, _, _)| start <= span.end)
            .filter(|&&(start, end, _)| span.contains(Span::new(start, end)))
            .map(|&(_, _, i)| i)
            .collect();
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_index_finds_the_spans_inside_a_span() {
        let spans = [
            Span::new(30, 35),
            Span::new(0, 4),
            Span::new(10, 20),
            Span::new(12, 14),
            Span::new(18, 25),
        ];
        let index = SpanIndex::new(spans.iter().copied());
        // Original indices, ascending, whatever the order of the list.
        assert_eq!(index.within(Span::new(10, 20)), vec![2, 3]);
        assert_eq!(index.within(Span::new(0, 40)), vec![0, 1, 2, 3, 4]);
        assert_eq!(index.within(Span::new(13, 40)), vec![0, 4]);
        assert!(index.within(Span::new(5, 9)).is_empty());
        assert_eq!(index.overlapping(Span::new(13, 19)), vec![2, 3, 4]);
        assert_eq!(index.overlapping(Span::new(20, 31)), vec![0, 4]);
        assert!(index.overlapping(Span::new(25, 30)).is_empty());
    }

    #[test]
    fn char_offsets_round_trip_on_mixed_text() {
        let text = "a“b”c — £5 é😀z";
        let map = CharOffsets::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(map.char_of(bi), ci, "byte {bi}");
            assert_eq!(map.byte_of(ci, text.len()), Some(bi), "char {ci}");
        }
        let n = text.chars().count();
        assert_eq!(map.char_of(text.len()), n);
        assert_eq!(map.byte_of(n, text.len()), Some(text.len()));
        assert_eq!(map.byte_of(n + 1, text.len()), None);
    }

    #[test]
    fn tokens_in_a_span_are_the_whole_tokens_inside_it() {
        let doc = Doc::new("Sonia Khush, director, said it.");
        let words = |r: Range<usize>| r.map(|t| doc.token_text(t)).collect::<Vec<_>>();
        assert_eq!(words(doc.tokens_in(Span::new(0, 11))), ["Sonia", "Khush"]);
        // A token cut by the span's end is left out; an empty span holds none.
        assert_eq!(words(doc.tokens_in(Span::new(13, 20))), Vec::<&str>::new());
        assert_eq!(words(doc.tokens_in(Span::new(13, 21))), ["director"]);
        assert!(doc.tokens_in(Span::new(5, 5)).is_empty());
    }

    #[test]
    fn char_offsets_are_identity_on_ascii() {
        let map = CharOffsets::new("plain ascii");
        assert_eq!(map.char_of(5), 5);
        assert_eq!(map.byte_of(5, 11), Some(5));
    }

    #[test]
    fn span_arithmetic() {
        let a = Span::new(2, 8);
        let b = Span::new(5, 12);
        assert_eq!(a.overlap(b), 3);
        assert_eq!(a.cover(b), Span::new(2, 12));
        assert!(a.contains(Span::new(3, 8)));
        assert!(!a.contains(b));
        assert_eq!(Span::new(0, 1).overlap(Span::new(1, 2)), 0);
    }

    #[test]
    fn sentence_lookup_by_byte() {
        let doc = Doc::new("One here. Two there.\n\nThree.");
        assert_eq!(doc.sentences.len(), 3);
        assert_eq!(doc.sentence_at(0), Some(0));
        assert_eq!(doc.sentence_at(11), Some(1));
        assert_eq!(doc.sentence_at(23), Some(2));
        assert_eq!(doc.sentence_at(9), None); // the space between sentences
    }
}
