//! factx: fact extraction from news — entities, numbers, quotes with their speakers, claims with
//! their sources — with every span an offset into the original text.
//!
//! ```
//! let pipeline = factx::Pipeline::new(factx::Config::default()).unwrap();
//! let extraction = pipeline.run("Aid reached 440,000 civilians.\n");
//! assert_eq!(extraction.doc.sentences.len(), 1);
//! ```

pub mod chunk;
pub mod claims;
pub mod cli;
pub mod doc;
pub mod eval;
pub mod input;
pub mod ner;
pub mod numbers;
pub mod quotes;
pub mod record;
pub mod store;
pub mod tagger;
pub mod tokenize;

pub use doc::{Doc, Paragraph, Sentence, Span, Token, TokenKind};
pub use record::Record;

use serde::{Deserialize, Serialize};

/// Which NER model a pipeline uses.
#[derive(Clone, Debug, Default)]
pub enum NerChoice {
    /// The model compiled into factx (`models/ner.bin`), if it was built with one.
    #[default]
    BuiltIn,
    /// A model file written by `factx train ner`.
    File(std::path::PathBuf),
    /// No entity recognition.
    Off,
    /// A BERT token-classification model directory, run through libtorch (`bert` feature).
    #[cfg(feature = "bert")]
    Bert {
        dir: std::path::PathBuf,
        device: ner::bert::Device,
    },
}

/// The loaded entity recogniser: the built-in model or the transformer backend.
// One per pipeline, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum NerBackend {
    BuiltIn(ner::NerModel),
    #[cfg(feature = "bert")]
    Bert(ner::bert::BertNer),
}

impl NerBackend {
    fn recognize(&self, doc: &Doc) -> Vec<Entity> {
        match self {
            NerBackend::BuiltIn(m) => m.recognize(doc),
            #[cfg(feature = "bert")]
            NerBackend::Bert(m) => m.recognize(doc),
        }
    }
}

/// Which attribution tagger the quotes stage uses beside its rules.
#[derive(Clone, Debug, Default)]
pub enum QuotesChoice {
    /// The model compiled into factx (`models/quotes.bin`), if it was built with one.
    #[default]
    BuiltIn,
    /// A model file written by `factx train quotes`.
    File(std::path::PathBuf),
    /// Rules only.
    RulesOnly,
}

/// Settings that shape a pipeline; loaded once, shared by all threads.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub ner: NerChoice,
    pub quotes: QuotesChoice,
    /// Which attributions count as quotes: speech (default) or all, thoughts included.
    pub attributions: quotes::Scope,
    /// The date relative dates ("last month") are resolved against.
    pub reference_date: Option<chrono::NaiveDate>,
    /// The outlet that published the articles, the source of unattributed claims.
    pub publisher: Option<String>,
}

/// The loaded pipeline: `run` is pure and the pipeline is `Send + Sync`.
#[derive(Debug)]
pub struct Pipeline {
    ner: Option<NerBackend>,
    numbers: numbers::Numbers,
    quotes: quotes::Quotes,
    claims: claims::Claims,
}

impl Pipeline {
    /// Load every model the configuration names.
    pub fn new(config: Config) -> anyhow::Result<Pipeline> {
        let ner = match &config.ner {
            NerChoice::BuiltIn => ner::NerModel::embedded().transpose()?.map(NerBackend::BuiltIn),
            NerChoice::File(p) => Some(NerBackend::BuiltIn(ner::NerModel::load(p)?)),
            NerChoice::Off => None,
            #[cfg(feature = "bert")]
            NerChoice::Bert { dir, device } => {
                Some(NerBackend::Bert(ner::bert::BertNer::load(dir, *device)?))
            }
        };
        let tagger = match &config.quotes {
            QuotesChoice::BuiltIn => quotes::tagger::AttributionModel::embedded().transpose()?,
            QuotesChoice::File(p) => Some(quotes::tagger::AttributionModel::load(p)?),
            QuotesChoice::RulesOnly => None,
        };
        Ok(Pipeline {
            ner,
            numbers: numbers::Numbers::new(config.reference_date),
            quotes: quotes::Quotes::new(tagger, config.attributions),
            claims: claims::Claims {
                publisher: config.publisher.clone(),
            },
        })
    }

    /// Run every stage over one document's text.
    pub fn run(&self, text: &str) -> Extraction {
        let doc = Doc::new(text);
        let mut entities = self.ner.as_ref().map(|m| m.recognize(&doc)).unwrap_or_default();
        let quantities = self.numbers.recognize(&doc);
        let quotes = self.quotes.find(&doc, &entities);
        ner::drop_titles(&doc, &mut entities);
        let claims = self.claims.find(&doc, &entities, &quantities, &quotes);
        Extraction {
            doc,
            entities,
            quantities,
            quotes,
            claims,
        }
    }
}

/// Everything factx found in one document; spans are byte offsets into `doc`.
#[derive(Clone, Debug)]
pub struct Extraction {
    pub doc: Doc,
    pub entities: Vec<Entity>,
    pub quantities: Vec<Quantity>,
    pub quotes: Vec<Quote>,
    pub claims: Vec<Claim>,
}

/// CoNLL-2003 entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityLabel {
    /// All labels, in output order.
    pub const ALL: [EntityLabel; 4] = [
        EntityLabel::Per,
        EntityLabel::Org,
        EntityLabel::Loc,
        EntityLabel::Misc,
    ];

    /// The CoNLL name: PER, ORG, LOC or MISC.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Misc => "MISC",
        }
    }

    /// Parse PER/ORG/LOC/MISC (case-insensitive), also the long forms PERSON, ORGANIZATION, LOCATION.
    pub fn parse(s: &str) -> Option<EntityLabel> {
        match s.to_ascii_uppercase().as_str() {
            "PER" | "PERSON" => Some(EntityLabel::Per),
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(EntityLabel::Org),
            "LOC" | "LOCATION" => Some(EntityLabel::Loc),
            "MISC" => Some(EntityLabel::Misc),
            _ => None,
        }
    }
}

/// A named entity mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub span: Span,
    pub label: EntityLabel,
}

/// What a quantity measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    Count,
    Number,
    Ordinal,
    Percent,
    Money,
    Temperature,
    Duration,
    Date,
    Age,
    Dimension,
}

impl QuantityKind {
    /// The JSON name: count, number, ordinal, …
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityKind::Count => "count",
            QuantityKind::Number => "number",
            QuantityKind::Ordinal => "ordinal",
            QuantityKind::Percent => "percent",
            QuantityKind::Money => "money",
            QuantityKind::Temperature => "temperature",
            QuantityKind::Duration => "duration",
            QuantityKind::Date => "date",
            QuantityKind::Age => "age",
            QuantityKind::Dimension => "dimension",
        }
    }
}

/// How a qualifier bounds a quantity ("at least", "nearly", …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    AtLeast,
    MoreThan,
    Nearly,
    About,
    UpTo,
    LessThan,
    Over,
}

impl Approx {
    /// The JSON name: at_least, more_than, …
    pub fn as_str(self) -> &'static str {
        match self {
            Approx::AtLeast => "at_least",
            Approx::MoreThan => "more_than",
            Approx::Nearly => "nearly",
            Approx::About => "about",
            Approx::UpTo => "up_to",
            Approx::LessThan => "less_than",
            Approx::Over => "over",
        }
    }
}

/// A number or quantity with its normalised value.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub span: Span,
    pub kind: QuantityKind,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub approx: Option<Approx>,
    pub unit: Option<String>,
    /// ISO date, partial where the text is ("XXXX-06-24"), an interval for a range of days
    /// ("XXXX-06-03/XXXX-06-10"), for kind `date`.
    pub date: Option<String>,
    /// The head noun of what is counted.
    pub counted: Option<Span>,
}

/// How a quote is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    Direct,
    Indirect,
    AccordingTo,
    Mixed,
}

impl QuoteKind {
    /// The JSON name: direct, indirect, according_to, mixed.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::AccordingTo => "according_to",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// A quote: what was said, the cue that reports it and who said it.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    pub content: Span,
    pub cue: Option<Span>,
    pub speaker: Option<Speaker>,
}

/// Who said a quote, resolved within the article.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    /// Canonical name: the fullest name the article gives, without titles.
    pub name: String,
    /// PER, ORG, LOC or MISC.
    pub label: String,
    /// Index into `Extraction::entities` of the mention that names the speaker, if any.
    pub entity: Option<usize>,
    /// The mention nearest the quote ("he", "Abdulkafi", "One SAMS doctor").
    pub mention: Option<Span>,
}

/// A factual statement and the source that made it.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub span: Span,
    /// Indices into `Extraction::quantities`.
    pub quantities: Vec<usize>,
    /// Indices into `Extraction::entities`.
    pub entities: Vec<usize>,
    pub source: Source,
}

/// The source of a claim: a speaker, an attributed organisation, or the publisher.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub name: String,
    /// PER, ORG, LOC, MISC or PUBLISHER.
    pub label: String,
    /// Index into `Extraction::quotes` when the claim is a quote.
    pub quote: Option<usize>,
    /// The attribution cue as written ("found", "according to").
    pub cue: Option<String>,
}
