//! Property tests: arbitrary text and bytes never panic the tokeniser, the reader or the pipeline.

use factx::input::{decode, ReadOptions};
use factx::{Config, Pipeline, Record};
use proptest::prelude::*;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Config::default()).unwrap())
}

/// The pipeline reporting every attribution (both passes of the attribution tagger).
fn all_attributions() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        Pipeline::new(Config {
            attributions: factx::quotes::Scope::All,
            ..Config::default()
        })
        .unwrap()
    })
}

fn newsy() -> impl Strategy<Value = String> {
    // Words, numbers, quote marks of every kind, abbreviations, line breaks and odd characters.
    let piece = prop_oneof![
        Just("“".to_string()),
        Just("”".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("U.S.".to_string()),
        Just("Dr.".to_string()),
        Just("...".to_string()),
        Just("…".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("440,000".to_string()),
        Just("2.5".to_string()),
        Just("n't".to_string()),
        Just("'s".to_string()),
        Just(" – ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(".".to_string()),
        "[A-Za-z]{1,8}",
        "[0-9]{1,4}",
        " ",
        "\\PC{1,3}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn attributed_news() -> impl Strategy<Value = String> {
    // Speakers, cues, quote marks and clauses in any order, over one or more paragraphs.
    let piece = prop_oneof![
        Just("said".to_string()),
        Just("told ITV News:".to_string()),
        Just("according to".to_string()),
        Just("wants".to_string()),
        Just("that".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just(",".to_string()),
        Just(".".to_string()),
        Just("\n\n".to_string()),
        Just("Dr Ahmad Tarakji".to_string()),
        Just("he".to_string()),
        "[A-Z][a-z]{0,6}",
        "[a-z]{1,7}",
        "\\PC{1,2}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
}

fn spaced_news() -> impl Strategy<Value = String> {
    // Space-separated words, numbers, units and non-ASCII words, as the numbers stage sees them.
    let piece = prop_oneof![
        "[A-Z][a-z]{0,6}",
        "[a-z]{1,7}",
        "[0-9]{1,6}",
        "[0-9]{1,3},[0-9]{3}",
        "[0-9]\\.[0-9]",
        Just("’s".to_string()),
        Just("York’s".to_string()),
        Just("Ünal".to_string()),
        Just("£".to_string()),
        Just("$".to_string()),
        Just("per cent".to_string()),
        Just("degrees".to_string()),
        Just("-".to_string()),
        Just("million".to_string()),
        Just("at least".to_string()),
        Just("four-year-old".to_string()),
        Just("June".to_string()),
        Just("May".to_string()),
        Just(",".to_string()),
        Just(".".to_string()),
        Just("one".to_string()),
        Just("a".to_string()),
        Just("third".to_string()),
        Just("1/2".to_string()),
        Just("US$5".to_string()),
        Just("−3C".to_string()),
        Just("\u{feff}".to_string()),
        "\\PC{1,2}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

fn check_doc(text: &str) {
    let doc = factx::Doc::new(text);
    let mut last = 0;
    for t in &doc.tokens {
        assert!(t.span.start >= last && t.span.start < t.span.end);
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        last = t.span.end;
    }
    let joined: String = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(joined, squeezed);
    for s in &doc.sentences {
        assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn tokeniser_never_panics_and_loses_nothing(text in "\\PC{0,200}") {
        check_doc(&text);
    }

    #[test]
    fn tokeniser_handles_news_shaped_noise(text in newsy()) {
        check_doc(&text);
    }

    #[test]
    fn pipeline_never_panics_on_any_text(text in newsy()) {
        let x = pipeline().run(&text);
        let record = Record::from_extraction("p", None, &x);
        prop_assert_eq!(record.chars, text.chars().count());
        serde_json::to_string(&record).unwrap();
    }

    #[test]
    fn pipeline_never_panics_on_spaced_news(text in spaced_news()) {
        let x = pipeline().run(&text);
        for q in &x.quantities {
            prop_assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
        }
        Record::from_extraction("p", None, &x);
    }

    #[test]
    fn every_attribution_mode_never_panics(text in attributed_news()) {
        let x = all_attributions().run(&text);
        for q in &x.quotes {
            prop_assert!(q.content.start < q.content.end && q.content.end <= text.len());
            prop_assert!(text.is_char_boundary(q.content.start) && text.is_char_boundary(q.content.end));
        }
        serde_json::to_string(&Record::from_extraction("p", None, &x)).unwrap();
    }

    #[test]
    fn reader_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let pipeline = pipeline();
        for lossy in [false, true] {
            let opts = ReadOptions { lossy, ..ReadOptions::default() };
            if let Ok(loaded) = decode("p", bytes.clone(), &opts) {
                let x = pipeline.run(&loaded.text);
                let _ = Record::from_extraction("p", Some(loaded.sha256), &x);
            }
        }
    }
}
