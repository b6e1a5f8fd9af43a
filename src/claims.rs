//! Claims: every quote, and every sentence that carries a quantity, with the source that made it
//! (the quote's speaker, or the publisher when the article attributes it to no one).

use crate::doc::SpanIndex;
use crate::{Claim, Doc, Entity, EntityLabel, Quantity, QuantityKind, Quote, Source, Span};

/// Quantities that make a sentence a claim (a date or a rank alone does not).
pub fn claim_bearing(kind: QuantityKind) -> bool {
    !matches!(kind, QuantityKind::Date | QuantityKind::Ordinal)
}

/// The claims stage; `publisher` names the outlet when the caller knows it.
#[derive(Clone, Debug, Default)]
pub struct Claims {
    pub publisher: Option<String>,
}

/// Whether an organisation's name is a news outlet's: the names NER knows as outlets, and last
/// words that name one only among organisations ("Washington Post", "Daily Mail", "AP").
fn outlet_like(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let last = words.last().copied().unwrap_or("");
    crate::ner::outlet_name(&words)
        || matches!(
            last,
            "News"
                | "Post"
                | "Guardian"
                | "Independent"
                | "AP"
                | "Press"
                | "Mail"
                | "Express"
                | "Observer"
                | "Standard"
                | "Mirror"
                | "Sun"
                | "Today"
                | "Bloomberg"
                | "Economist"
        )
}

impl Claims {
    /// The publisher: given, or the outlet the article names as its own ("told ITV News",
    /// "Video report by ITV News …"; not "told the BBC"), or "the publisher".
    pub fn publisher(&self, doc: &Doc, entities: &[Entity]) -> String {
        if let Some(p) = &self.publisher {
            return p.clone();
        }
        // The first outlet spoken to or reporting; one only named ("The BBC reported",
        // "Faisal Edhi told the BBC") may be another outlet than the article's.
        let own = |e: &&Entity| {
            let head = &doc.text()[..e.span.start];
            let cut = head.char_indices().rev().nth(23).map_or(0, |(i, _)| i);
            let before = &head[cut..];
            e.label == EntityLabel::Org
                && outlet_like(doc.slice(e.span))
                && ["told ", "to ", "by ", "spoke to ", "for "]
                    .iter()
                    .any(|w| before.ends_with(w))
        };
        entities
            .iter()
            .find(own)
            .map_or_else(|| "the publisher".to_string(), |e| doc.slice(e.span).to_string())
    }

    /// Claims of a document, in text order.
    pub fn find(
        &self,
        doc: &Doc,
        entities: &[Entity],
        quantities: &[Quantity],
        quotes: &[Quote],
    ) -> Vec<Claim> {
        let publisher = self.publisher(doc, entities);
        let quantity_spans = SpanIndex::new(quantities.iter().map(|q| q.span));
        let entity_spans = SpanIndex::new(entities.iter().map(|e| e.span));
        let inside = |span: Span| (quantity_spans.within(span), entity_spans.within(span));
        // Quote contents by start, with the furthest end so far: does a sentence overlap one?
        let mut contents: Vec<Span> = quotes.iter().map(|q| q.content).collect();
        contents.sort_by_key(|c| c.start);
        let furthest_end: Vec<usize> = contents
            .iter()
            .scan(0, |end, c| {
                *end = c.end.max(*end);
                Some(*end)
            })
            .collect();
        let quoted = |s: Span| {
            let before = contents.partition_point(|c| c.start < s.end);
            before > 0 && furthest_end[before - 1] > s.start
        };
        let mut claims = Vec::new();
        for (k, quote) in quotes.iter().enumerate() {
            let (qs, es) = inside(quote.content);
            let source = match &quote.speaker {
                Some(s) => Source {
                    name: s.name.clone(),
                    label: s.label.clone(),
                    quote: Some(k),
                    cue: quote.cue.map(|c| doc.slice(c).to_string()),
                },
                None => Source {
                    name: publisher.clone(),
                    label: "PUBLISHER".into(),
                    quote: Some(k),
                    cue: None,
                },
            };
            claims.push(Claim {
                span: quote.content,
                quantities: qs,
                entities: es,
                source,
            });
        }
        for s in &doc.sentences {
            if quoted(s.span) {
                continue;
            }
            let (qs, es) = inside(s.span);
            if !qs.iter().any(|&i| claim_bearing(quantities[i].kind)) {
                continue;
            }
            let source = Source {
                name: publisher.clone(),
                label: "PUBLISHER".into(),
                quote: None,
                cue: None,
            };
            claims.push(Claim {
                span: s.span,
                quantities: qs,
                entities: es,
                source,
            });
        }
        claims.sort_by_key(|c| c.span.start);
        claims
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Pipeline};

    #[test]
    fn quotes_and_quantity_sentences_become_claims() {
        let text =
            "Aid groups said 400 people died.\n\nThe town has 3,000 residents.\n\nIt rained on Monday.\n";
        let p = Pipeline::new(Config {
            publisher: Some("Daily Example".into()),
            ..Config::default()
        })
        .unwrap();
        let x = p.run(text);
        let claims: Vec<(&str, &str, &str)> = x
            .claims
            .iter()
            .map(|c| {
                (
                    x.doc.slice(c.span),
                    c.source.name.as_str(),
                    c.source.label.as_str(),
                )
            })
            .collect();
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(claims[0].0, "400 people died");
        assert_eq!(
            claims[1],
            ("The town has 3,000 residents.", "Daily Example", "PUBLISHER")
        );
    }

    #[test]
    fn the_publisher_is_the_outlet_the_article_speaks_to() {
        let text = "Video report by ITV News Correspondent Dan Rivers.\n\nA doctor told ITV News: \"We lost 30 patients.\"\n";
        let p = Pipeline::new(Config::default()).unwrap();
        let x = p.run(text);
        let c = Claims::default();
        assert_eq!(c.publisher(&x.doc, &x.entities), "ITV News");
        // An outlet only named may be another's.
        let x = p.run("Faisal Edhi told the BBC that many of the dead were homeless.\n");
        assert_eq!(c.publisher(&x.doc, &x.entities), "the publisher");
    }
}
