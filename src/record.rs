//! The `factx/1` JSON record: one per document, offsets in Unicode code points, end exclusive.
//!
//! This is the contract with downstream users (see DESIGN.md). Gold files use the same shape, with
//! ids optional and `aliases` allowed on speakers and sources.

use serde::{Deserialize, Serialize, Serializer};

use crate::{Approx, Doc, EntityLabel, Extraction, QuantityKind, QuoteKind, Span};

/// The schema version every record carries.
pub const SCHEMA: &str = "factx/1";

/// One document's extraction as written to JSON.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub schema: String,
    pub id: String,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub chars: usize,
    #[serde(default)]
    pub entities: Vec<EntityRecord>,
    #[serde(default)]
    pub quantities: Vec<QuantityRecord>,
    #[serde(default)]
    pub quotes: Vec<QuoteRecord>,
    #[serde(default)]
    pub claims: Vec<ClaimRecord>,
    #[serde(default)]
    pub errors: Vec<String>,
}

/// A text span in code points.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// An entity mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    #[serde(default)]
    pub id: String,
    pub text: String,
    pub label: EntityLabel,
    pub start: usize,
    pub end: usize,
}

/// A quantity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuantityRecord {
    #[serde(default)]
    pub id: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: QuantityKind,
    #[serde(serialize_with = "number_or_null")]
    pub value: Option<f64>,
    #[serde(default, serialize_with = "number_or_null")]
    pub low: Option<f64>,
    #[serde(default, serialize_with = "number_or_null")]
    pub high: Option<f64>,
    #[serde(default)]
    pub approx: Option<Approx>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub counted: Option<TextSpan>,
}

/// A quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    #[serde(default)]
    pub id: String,
    pub kind: QuoteKind,
    pub content: TextSpan,
    #[serde(default)]
    pub cue: Option<TextSpan>,
    #[serde(default)]
    pub speaker: Option<SpeakerRecord>,
}

/// A quote's speaker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeakerRecord {
    #[serde(deserialize_with = "string_or_null")]
    pub name: String,
    #[serde(deserialize_with = "string_or_null")]
    pub label: String,
    #[serde(default)]
    pub entity: Option<String>,
    #[serde(default)]
    pub mention: Option<TextSpan>,
    /// Other names for the same speaker (gold only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimRecord {
    #[serde(default)]
    pub id: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub quantities: Vec<String>,
    #[serde(default)]
    pub entities: Vec<String>,
    pub source: SourceRecord,
}

/// A claim's source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceRecord {
    #[serde(deserialize_with = "string_or_null")]
    pub name: String,
    #[serde(deserialize_with = "string_or_null")]
    pub label: String,
    #[serde(default)]
    pub quote: Option<String>,
    #[serde(default)]
    pub cue: Option<String>,
    /// Other names for the same source (gold only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// Read a string where gold files may write `null` (read as "").
fn string_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// Write whole numbers without a fraction (700000, not 700000.0).
fn number_or_null<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match *v {
        Some(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(x as i64),
        Some(x) if x.is_finite() => s.serialize_f64(x),
        _ => s.serialize_none(),
    }
}

fn text_span(doc: &Doc, span: Span) -> TextSpan {
    TextSpan {
        text: doc.slice(span).to_string(),
        start: doc.char_offset(span.start),
        end: doc.char_offset(span.end),
    }
}

impl Record {
    /// A record for a document that could not be processed.
    pub fn failed(id: impl Into<String>, error: impl Into<String>) -> Record {
        Record {
            schema: SCHEMA.to_string(),
            id: id.into(),
            errors: vec![error.into()],
            ..Record::default()
        }
    }

    /// The JSON record of an extraction, offsets converted to code points.
    pub fn from_extraction(id: impl Into<String>, sha256: Option<String>, x: &Extraction) -> Record {
        let doc = &x.doc;
        let eid = |i: usize| format!("e{}", i + 1);
        let qid = |i: usize| format!("q{}", i + 1);
        let uid = |i: usize| format!("u{}", i + 1);
        Record {
            schema: SCHEMA.to_string(),
            id: id.into(),
            sha256,
            chars: doc.char_len(),
            entities: x
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let s = text_span(doc, e.span);
                    EntityRecord {
                        id: eid(i),
                        text: s.text,
                        label: e.label,
                        start: s.start,
                        end: s.end,
                    }
                })
                .collect(),
            quantities: x
                .quantities
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let s = text_span(doc, q.span);
                    QuantityRecord {
                        id: qid(i),
                        text: s.text,
                        start: s.start,
                        end: s.end,
                        kind: q.kind,
                        value: q.value,
                        low: q.low,
                        high: q.high,
                        approx: q.approx,
                        unit: q.unit.clone(),
                        date: q.date.clone(),
                        counted: q.counted.map(|c| text_span(doc, c)),
                    }
                })
                .collect(),
            quotes: x
                .quotes
                .iter()
                .enumerate()
                .map(|(i, u)| QuoteRecord {
                    id: uid(i),
                    kind: u.kind,
                    content: text_span(doc, u.content),
                    cue: u.cue.map(|c| text_span(doc, c)),
                    speaker: u.speaker.as_ref().map(|s| SpeakerRecord {
                        name: s.name.clone(),
                        label: s.label.clone(),
                        entity: s.entity.map(eid),
                        mention: s.mention.map(|m| text_span(doc, m)),
                        aliases: Vec::new(),
                    }),
                })
                .collect(),
            claims: x
                .claims
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let s = text_span(doc, c.span);
                    ClaimRecord {
                        id: format!("c{}", i + 1),
                        text: s.text,
                        start: s.start,
                        end: s.end,
                        quantities: c.quantities.iter().map(|&q| qid(q)).collect(),
                        entities: c.entities.iter().map(|&e| eid(e)).collect(),
                        source: SourceRecord {
                            name: c.source.name.clone(),
                            label: c.source.label.clone(),
                            quote: c.source.quote.map(uid),
                            cue: c.source.cue.clone(),
                            aliases: Vec::new(),
                        },
                    }
                })
                .collect(),
            errors: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Entity, Quantity};

    #[test]
    fn record_offsets_are_code_points_and_numbers_print_whole() {
        let text = "“Nearly 700,000 people”, said Ahmad.";
        let doc = Doc::new(text);
        let start = text.find("Ahmad").unwrap();
        let q = text.find("700,000").unwrap();
        let x = Extraction {
            doc,
            entities: vec![Entity {
                span: Span::new(start, start + 5),
                label: EntityLabel::Per,
            }],
            quantities: vec![Quantity {
                span: Span::new(q, q + 7),
                kind: QuantityKind::Count,
                value: Some(700000.0),
                low: None,
                high: Some(700000.0),
                approx: Some(Approx::Nearly),
                unit: None,
                date: None,
                counted: None,
            }],
            quotes: vec![],
            claims: vec![],
        };
        let r = Record::from_extraction("a.txt", None, &x);
        assert_eq!(r.entities[0].start, 30);
        assert_eq!(r.entities[0].end, 35);
        let chars: Vec<char> = text.chars().collect();
        let s: String = chars[30..35].iter().collect();
        assert_eq!(s, "Ahmad");
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""value":700000,"#), "{json}");
        assert!(json.contains(r#""low":null"#));
        assert!(json.contains(r#""approx":"nearly""#));
        assert!(json.contains(r#""label":"PER""#));
        let back: Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn failed_record_has_every_field() {
        let json = serde_json::to_value(Record::failed("x.bin", "binary file")).unwrap();
        for key in [
            "schema",
            "id",
            "sha256",
            "chars",
            "entities",
            "quantities",
            "quotes",
            "claims",
            "errors",
        ] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        assert_eq!(json["errors"][0], "binary file");
    }
}
