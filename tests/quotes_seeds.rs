//! Quotes, speakers and claims on the seed articles, checked against what the articles say.

use factx::eval::gold::GoldReport;
use factx::{Config, Pipeline, Record};

/// (seed, start of the quoted or reported words, speaker as the article names them), read off
/// the articles: pronouns ("He says", "she said") and short names ("Abdulkafi says") resolved.
const SPEAKERS: &[(&str, &str, &str)] = &[
    ("000", "those living in Idlib are enduring", "Abdulkafi Alhamdo"),
    ("000", "One family of four", "Abdulkafi Alhamdo"),
    ("000", "Four million people are in danger", "Abdulkafi Alhamdo"),
    ("000", "himself as", "Abdulkafi Alhamdo"),
    ("001", "at least 33 children have been killed", "Hurras Network"),
    (
        "001",
        "175 children have been killed",
        "Syrian American Medical Society",
    ),
    ("001", "There has been continuous bombing", "SAMS doctor"),
    ("001", "This week one massacre", "SAMS doctor"),
    ("001", "The bombardment is relentless", "Ahmad"),
    ("001", "I saw dozens of people killed", "Ahmad"),
    ("001", "The children of north-west Syria", "Sonia Khush"),
    ("001", "They have been denied education", "Sonia Khush"),
    (
        "001",
        "many medical facilities have suspended",
        "Syrian American Medical Society",
    ),
    ("002", "A rocket hit our home", "mother"),
    ("002", "I started counting my children", "mother"),
    ("002", "The airstrikes are targeting the towns", "Ahmad Tarakji"),
    ("002", "Since the UNSC 2286", "Ahmad Tarakji"),
    ("002", "Attacking hospitals and medical staff", "David Nott"),
    ("002", "If we are not prepared to stop this", "David Nott"),
    (
        "002",
        "There have been 29 attacks on hospitals",
        "Hamish de Bretton-Gordon",
    ),
    ("002", "We must do all we can", "Hamish de Bretton-Gordon"),
    ("002", "an estimated 330,000 people", "United Nations"),
    ("003", "there had been a marked rise", "Medical staff"),
    ("003", "a missile smashed into the road", "Mohammad Abrash"),
    ("003", "It's so difficult for us to work", "Mohammad Abrash"),
];

fn seed(prefix: &str) -> String {
    let path = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn seed_quotes_are_attributed_to_the_right_speaker() {
    let pipeline = Pipeline::new(Config::default()).unwrap();
    let mut wrong = Vec::new();
    for &(s, start, speaker) in SPEAKERS {
        let x = pipeline.run(&seed(s));
        let quote = x.quotes.iter().find(|q| {
            x.doc
                .slice(q.content)
                .trim_start_matches(['"', '“'])
                .starts_with(start)
        });
        match quote {
            None => wrong.push(format!("{s}: no quote starting {start:?}")),
            Some(q) => {
                let name = q.speaker.as_ref().map(|sp| sp.name.as_str()).unwrap_or("-");
                if name != speaker {
                    wrong.push(format!("{s}: {start:?} said by {name:?}, want {speaker:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn claim_sources_on_the_seeds_are_at_least_90_percent_right() {
    let mut report = GoldReport::default();
    for s in [
        "000_19ad30696a8a57cd",
        "001_38e36357d62ed8c8",
        "002_634aa533d44b387c",
        "003_a1bb1f2a413f0051",
    ] {
        let gold: Record =
            serde_json::from_str(&std::fs::read_to_string(format!("eval/gold/{s}.json")).unwrap()).unwrap();
        let pipeline = Pipeline::new(Config {
            publisher: Some("ITV News".into()),
            ..Config::default()
        })
        .unwrap();
        let text = std::fs::read_to_string(format!("eval/articles/{s}.txt")).unwrap();
        let pred = Record::from_extraction(format!("{s}.txt"), None, &pipeline.run(&text));
        report.add(&gold, &pred);
    }
    assert!(report.claims.f1 >= 85.0, "claims F1 {:.1}", report.claims.f1);
    assert!(
        report.claim_source >= 90.0,
        "claim-to-source accuracy {:.1}",
        report.claim_source
    );
}
