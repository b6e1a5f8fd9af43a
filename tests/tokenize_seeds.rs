//! The tokeniser on the four seed articles: spans slice back exactly and nothing is lost.

use factx::Doc;

fn seeds() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir("seeds")
        .expect("seeds/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn four_seeds_are_present() {
    assert_eq!(seeds().len(), 4);
}

#[test]
fn every_token_and_sentence_slices_back_and_covers_the_text() {
    for (name, text) in seeds() {
        let doc = Doc::new(text.clone());
        assert!(!doc.tokens.is_empty(), "{name}");
        let mut last_end = 0;
        for t in &doc.tokens {
            assert!(
                t.span.start >= last_end && t.span.start < t.span.end,
                "{name}: {t:?}"
            );
            let s = doc.slice(t.span);
            assert!(
                !s.chars().any(char::is_whitespace),
                "{name}: token {s:?} holds white space"
            );
            last_end = t.span.end;
        }
        // Tokens cover every non-space character: nothing dropped, nothing invented.
        let joined: String = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, squeezed, "{name}");
        // Sentences tile their paragraph's tokens in order, and each slices to its own tokens.
        let mut next_token = 0;
        for (i, s) in doc.sentences.iter().enumerate() {
            assert_eq!(s.tokens.start, next_token, "{name}: sentence {i}");
            next_token = s.tokens.end;
            let toks = doc.sentence_tokens(i);
            assert_eq!(s.span.start, toks[0].span.start);
            assert_eq!(s.span.end, toks[toks.len() - 1].span.end);
            assert!(
                doc.paragraphs[s.paragraph].span.contains(s.span),
                "{name}: sentence {i}"
            );
            assert_eq!(&text[s.span.start..s.span.end], doc.slice(s.span));
        }
        assert_eq!(next_token, doc.tokens.len(), "{name}");
    }
}

/// Counted by hand from the article: 30 lines, three of which hold two sentences
/// ("... at least 30 were children. The medical staff ...", "... women and children. ITV News
/// filmed ...", "“The bombardment is relentless. It seems ...").
#[test]
fn seed_001_has_33_sentences() {
    let text = std::fs::read_to_string("seeds/001_38e36357d62ed8c8.txt").unwrap();
    let doc = Doc::new(text);
    assert_eq!(doc.sentences.len(), 33);
    assert_eq!(doc.paragraphs.len(), 30);
    let starts: Vec<&str> = doc
        .sentences
        .iter()
        .map(|s| doc.slice(s.span).split_whitespace().next().unwrap())
        .collect();
    assert_eq!(&starts[8..10], ["\"This", "The"]);
    assert_eq!(&starts[17..19], ["“The", "It"]);
}

#[test]
fn code_point_offsets_match_python_slicing() {
    for (name, text) in seeds() {
        let doc = Doc::new(text.clone());
        let chars: Vec<char> = text.chars().collect();
        for t in &doc.tokens {
            let (a, b) = (doc.char_offset(t.span.start), doc.char_offset(t.span.end));
            let s: String = chars[a..b].iter().collect();
            assert_eq!(s, doc.slice(t.span), "{name}");
            assert_eq!(doc.byte_offset(a), Some(t.span.start));
        }
    }
}
