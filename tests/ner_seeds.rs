//! The built-in NER model on the seed articles.

use factx::{Config, EntityLabel, Pipeline};

fn entities() -> Vec<(String, EntityLabel)> {
    let pipeline = Pipeline::new(Config::default()).unwrap();
    let mut out = Vec::new();
    for e in std::fs::read_dir("seeds").unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let x = pipeline.run(&text);
        for ent in &x.entities {
            out.push((x.doc.slice(ent.span).to_string(), ent.label));
        }
    }
    out
}

#[test]
fn seed_people_and_organisations_are_found_with_their_labels() {
    let found = entities();
    let want = [
        ("Abdulkafi Alhamdo", EntityLabel::Per),
        ("Hurras Network", EntityLabel::Org),
        ("Save the Children", EntityLabel::Org),
        ("Doctors Under Fire", EntityLabel::Org),
        ("White Helmets", EntityLabel::Org),
        ("Syrian American Medical Society", EntityLabel::Org),
        ("SAMS", EntityLabel::Org),
        ("Ahmad Tarakji", EntityLabel::Per),
        ("David Nott", EntityLabel::Per),
        ("Hamish de Bretton-Gordon", EntityLabel::Per),
        ("ITV News", EntityLabel::Org),
        ("Sonia Khush", EntityLabel::Per),
        ("Bashar al-Assad", EntityLabel::Per),
        ("UN", EntityLabel::Org),
        ("Idlib", EntityLabel::Loc),
        ("Syria", EntityLabel::Loc),
        ("Syrian", EntityLabel::Misc),
    ];
    let missing: Vec<_> = want
        .iter()
        .filter(|(t, l)| !found.iter().any(|(ft, fl)| ft == t && fl == l))
        .collect();
    assert!(missing.is_empty(), "not found: {missing:?}");
}

#[test]
fn every_entity_span_is_a_whole_token_run() {
    let pipeline = Pipeline::new(Config::default()).unwrap();
    let text = std::fs::read_to_string("seeds/002_634aa533d44b387c.txt").unwrap();
    let x = pipeline.run(&text);
    assert!(x.entities.len() > 20);
    for e in &x.entities {
        let s = x.doc.slice(e.span);
        assert_eq!(s.trim(), s);
        assert!(x.doc.tokens.iter().any(|t| t.span.start == e.span.start));
        assert!(x.doc.tokens.iter().any(|t| t.span.end == e.span.end));
    }
}

#[test]
fn model_file_round_trips() {
    let model = factx::ner::NerModel::load(std::path::Path::new("models/ner.bin")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.bin");
    model.save(&path).unwrap();
    let copy = factx::ner::NerModel::load(&path).unwrap();
    let words = vec![
        "Sonia", "Khush", "of", "Save", "the", "Children", "spoke", "in", "Idlib", ".",
    ];
    assert_eq!(
        model.tag_sentences(std::slice::from_ref(&words)),
        copy.tag_sentences(&[words])
    );
    assert!(factx::ner::NerModel::from_bytes(b"not a model").is_err());
}

#[test]
fn a_dash_set_off_by_spaces_ends_a_name() {
    let pipeline = Pipeline::new(Config::default()).unwrap();
    let x = pipeline
        .run("Video report by ITV News Correspondent Dan Rivers - warning: contains disturbing images");
    let names: Vec<&str> = x.entities.iter().map(|e| x.doc.slice(e.span)).collect();
    assert!(names.contains(&"Dan Rivers"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains(" - ")), "{names:?}");
}
