//! Named-entity recognition: the built-in averaged-perceptron model (runtime half; training in
//! [`train`]) tagging PER, ORG, LOC and MISC.

#[cfg(feature = "bert")]
pub mod bert;
pub mod clusters;
pub mod corpus;
pub mod features;
pub mod train;

use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::tagger::{FeatureMatrix, Labels, Model, QuantizedModel};
use crate::{Doc, Entity, EntityLabel, Span};
use features::{DocContext, History, NerFeatures};

/// First bytes of every factx NER model file.
const MAGIC: &str = "factx-ner";
/// Model file format version; bump when features or layout change.
pub const FORMAT_VERSION: u32 = 3;

/// Bytes of the model shipped in `models/ner.bin`, compiled in when it exists.
#[cfg(factx_embedded_ner)]
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/ner.bin"));
#[cfg(not(factx_embedded_ner))]
static EMBEDDED: &[u8] = &[];

/// The model file's body (after its magic string and version).
#[derive(Serialize, Deserialize)]
struct ModelFile {
    /// How the model was trained (data, epochs, dev score), for `models/README.md`.
    about: String,
    features: NerFeatures,
    tagger: QuantizedModel,
}

/// A loaded NER model; `Send + Sync`, shared by all threads.
pub struct NerModel {
    features: NerFeatures,
    model: Model,
    about: String,
}

impl std::fmt::Debug for NerModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NerModel")
            .field("about", &self.about)
            .finish_non_exhaustive()
    }
}

/// The label set of the built-in model, in `EntityLabel::ALL` order.
pub fn labels() -> Labels {
    Labels::new(&EntityLabel::ALL.map(EntityLabel::as_str))
}

impl NerModel {
    /// Wrap trained parts into a model.
    pub fn new(features: NerFeatures, model: Model, about: String) -> NerModel {
        NerModel {
            features,
            model,
            about,
        }
    }

    /// The model compiled into the binary, if one was shipped when it was built.
    pub fn embedded() -> Option<anyhow::Result<NerModel>> {
        (!EMBEDDED.is_empty()).then(|| NerModel::from_bytes(EMBEDDED).context("embedded models/ner.bin"))
    }

    /// Load a model file.
    pub fn load(path: &Path) -> anyhow::Result<NerModel> {
        let bytes = std::fs::read(path).with_context(|| format!("reading NER model {}", path.display()))?;
        NerModel::from_bytes(&bytes).with_context(|| format!("loading NER model {}", path.display()))
    }

    /// Decode a model from its file bytes.
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<NerModel> {
        let file: ModelFile =
            crate::tagger::decode_model_file(bytes, MAGIC, FORMAT_VERSION, "NER", "factx train ner")?;
        let model = file.tagger.into_model()?;
        anyhow::ensure!(model.labels == labels(), "NER model has unexpected labels");
        Ok(NerModel {
            features: file.features,
            model,
            about: file.about,
        })
    }

    /// Write the model file (16-bit weights).
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let file = ModelFile {
            about: self.about.clone(),
            features: self.features.clone(),
            tagger: QuantizedModel::from(&self.model),
        };
        let bytes = crate::tagger::encode_model_file(MAGIC, FORMAT_VERSION, &file)?;
        std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// The weight average of models trained on the same data and features with different seeds.
    pub fn average(models: &[NerModel], about: String) -> anyhow::Result<NerModel> {
        let first = models.first().context("no NER models to average")?;
        anyhow::ensure!(
            models.iter().all(|m| m.features == first.features),
            "NER models to average differ in gazetteer, clusters or history"
        );
        let model = Model::average(&models.iter().map(|m| &m.model).collect::<Vec<_>>())?;
        Ok(NerModel::new(first.features.clone(), model, about))
    }

    /// How the model was trained.
    pub fn about(&self) -> &str {
        &self.about
    }

    /// Tag pre-tokenised sentences of one document: entity spans over token indices per sentence.
    pub fn tag_sentences(&self, sentences: &[Vec<&str>]) -> Vec<Vec<(usize, usize, EntityLabel)>> {
        let ctx = DocContext::new(sentences.iter().map(|s| s.iter().copied()));
        let mut history = History::default();
        let mut x = FeatureMatrix::new();
        sentences
            .iter()
            .map(|words| {
                if words.is_empty() {
                    return Vec::new();
                }
                self.features.extract(words, &ctx, None, &history, &mut x);
                let y = self.model.predict(&x);
                let spans: Vec<(usize, usize, EntityLabel)> = self
                    .model
                    .labels
                    .decode(&y)
                    .into_iter()
                    .map(|(s, e, t)| (s, e, EntityLabel::ALL[t]))
                    .collect();
                if self.features.history {
                    history.add(words, &spans);
                }
                spans
            })
            .collect()
    }

    /// Tag the sentences of one document, make its names agree (see [`surnames_agree`]) and split
    /// "town, region" places (see [`split_comma_places`]).
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<(usize, usize, EntityLabel)>> {
        let mut tagged = self.tag_sentences(sentences);
        let gazetteer = &self.features.gazetteer;
        surnames_agree(sentences, &mut tagged, |w| {
            gazetteer.only_other_than(std::iter::once(w), EntityLabel::Per)
        });
        people_by_role(sentences, &mut tagged, |w| {
            gazetteer.only_other_than(std::iter::once(w), EntityLabel::Per)
        });
        split_comma_places(sentences, &mut tagged);
        organisations_by_role(sentences, &mut tagged, |w| {
            gazetteer.only_other_than(std::iter::once(w), EntityLabel::Org)
        });
        places_by_role(sentences, &mut tagged, |w| {
            gazetteer.only_other_than(std::iter::once(w), EntityLabel::Loc)
        });
        peoples_by_role(sentences, &mut tagged, |w| {
            gazetteer.only_other_than(std::iter::once(w), EntityLabel::Misc)
        });
        storms_are_events(sentences, &mut tagged);
        outlets_are_organisations(sentences, &mut tagged);
        untagged_organisations_by_role(sentences, &mut tagged);
        lists_agree(&mut tagged, sentences);
        names_agree(sentences, &mut tagged);
        drop_lower_case_names(sentences, &mut tagged);
        arabic_articles_join(sentences, &mut tagged);
        arabic_organisations(sentences, &mut tagged);
        common_abbreviations(sentences, &mut tagged);
        kinds_by_head(sentences, &mut tagged);
        split_organisation_from_person(sentences, &mut tagged);
        spans_agree(sentences, &mut tagged);
        tagged
    }

    /// Recognise the entities of a document.
    pub fn recognize(&self, doc: &Doc) -> Vec<Entity> {
        let sentences: Vec<Vec<&str>> = (0..doc.sentences.len())
            .map(|s| doc.sentence_tokens(s).iter().map(|t| doc.slice(t.span)).collect())
            .collect();
        let tagged = self.tag_document(&sentences);
        let mut out = Vec::new();
        for (s, spans) in tagged.into_iter().enumerate() {
            let toks = doc.sentence_tokens(s);
            for (a, b, label) in spans {
                let (from, to) = name_only(&sentences[s][a..b], label);
                let (a, mut b) = (a + from, a + to);
                // A dash set off by spaces ends a name ("Dan Rivers - warning: …"), but for a
                // hyphen between two names ("Reynolds - Santilli").
                let dash_ends = |t: usize| {
                    spaced_dash(doc, &toks[t])
                        && (doc.slice(toks[t].span) != "-"
                            || toks
                                .get(t + 1)
                                .is_some_and(|n| doc.slice(n.span).starts_with(char::is_lowercase)))
                };
                if let Some(dash) = (a + 1..b).find(|&t| dash_ends(t)) {
                    b = dash;
                }
                out.push(Entity {
                    span: Span::new(toks[a].span.start, toks[b - 1].span.end),
                    label,
                });
            }
        }
        out
    }
}

/// A one-word name that is the last word of a longer person's name in the same document is that
/// person ("Andy Warhol" … "Warhol's Polaroids"), whatever type the tagger gave it, unless
/// `known_other` knows the word as another kind of name ("Egypt" after a mistaken "Jumia Egypt").
pub fn surnames_agree(
    sentences: &[Vec<&str>],
    tagged: &mut [Vec<(usize, usize, EntityLabel)>],
    known_other: impl Fn(&str) -> bool,
) {
    let mut surnames: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (words, spans) in sentences.iter().zip(tagged.iter()) {
        for &(a, b, label) in spans {
            let last = words[b - 1];
            if label == EntityLabel::Per
                && b - a > 1
                && last.chars().count() > 1
                && last.starts_with(char::is_uppercase)
                && last.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            {
                surnames.insert(last);
            }
        }
    }
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        for (a, b, label) in spans.iter_mut() {
            if *b - *a == 1 && surnames.contains(words[*a]) && !known_other(words[*a]) {
                *label = EntityLabel::Per;
            }
        }
    }
}

/// Nouns for people, by which a name described as one is a person ("Ikram is one of three
/// doctors", "Khaled, a teacher,"), singular and plural.
const PERSON_NOUNS: &[&str] = &[
    "doctor",
    "nurse",
    "surgeon",
    "midwife",
    "midwives",
    "paramedic",
    "medic",
    "pharmacist",
    "teacher",
    "student",
    "pupil",
    "mother",
    "father",
    "wife",
    "husband",
    "son",
    "daughter",
    "brother",
    "sister",
    "grandmother",
    "grandfather",
    "widow",
    "widower",
    "farmer",
    "worker",
    "resident",
    "refugee",
    "volunteer",
    "activist",
    "journalist",
    "reporter",
    "photographer",
    "lawyer",
    "engineer",
    "soldier",
    "fighter",
    "pilot",
    "driver",
    "shopkeeper",
    "mechanic",
    "survivor",
    "patient",
    "man",
    "men",
    "woman",
    "women",
    "boy",
    "girl",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "professor",
    "scientist",
    "researcher",
    "economist",
    "analyst",
    "singer",
    "actor",
    "actress",
    "artist",
    "writer",
    "novelist",
    "poet",
    "player",
    "coach",
];

/// Whether `w` names a person ("doctor", "doctors").
pub fn person_noun(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    PERSON_NOUNS.contains(&w.as_str()) || w.strip_suffix('s').is_some_and(|s| PERSON_NOUNS.contains(&s))
}

/// A name described as a person ("Ikram is one of three doctors", "Khaled, a teacher, said",
/// "Khaled, 28, said") is a person wherever it is named in the document, whatever type the
/// tagger gave it, unless `known_other` knows the word as another kind of name.
pub fn people_by_role(
    sentences: &[Vec<&str>],
    tagged: &mut [Vec<(usize, usize, EntityLabel)>],
    known_other: impl Fn(&str) -> bool,
) {
    let mut people: std::collections::HashSet<&[&str]> = std::collections::HashSet::new();
    for (words, spans) in sentences.iter().zip(tagged.iter()) {
        for &(a, b, label) in spans {
            if label == EntityLabel::Per || b >= words.len() {
                continue;
            }
            // The words after the name up to the next punctuation, at most six.
            let after: Vec<&str> = words[b + 1..]
                .iter()
                .take(6)
                .take_while(|w| w.chars().any(char::is_alphanumeric))
                .copied()
                .collect();
            let described = match words[b] {
                // "is a …", "was one of three doctors": the name's predicate, not "was told by soldiers".
                "is" | "was" => {
                    matches!(after.first(), Some(&("a" | "an" | "the" | "one")))
                        && after.iter().any(|w| person_noun(w))
                }
                "," => {
                    let closed = words.get(b + 1 + after.len()).is_some_and(|w| *w == ",");
                    let age = matches!(after.as_slice(), [n] if n.parse::<u32>().is_ok_and(|n| (1..120).contains(&n)));
                    let role = matches!(after.first(), Some(&("a" | "an")))
                        && after.iter().skip(1).any(|w| person_noun(w));
                    closed && (age || role)
                }
                _ => false,
            };
            if described {
                people.insert(&words[a..b]);
            }
        }
    }
    relabel_mentions(
        sentences,
        tagged,
        &people,
        EntityLabel::Per,
        |_| true,
        known_other,
    );
}

/// Every mention of one of `names` takes `to`, where `may_change` allows its label and
/// `known_other` does not know a one-word name as another kind.
fn relabel_mentions(
    sentences: &[Vec<&str>],
    tagged: &mut [Vec<(usize, usize, EntityLabel)>],
    names: &std::collections::HashSet<&[&str]>,
    to: EntityLabel,
    may_change: impl Fn(EntityLabel) -> bool,
    known_other: impl Fn(&str) -> bool,
) {
    if names.is_empty() {
        return;
    }
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        for (a, b, label) in spans.iter_mut() {
            let name = &words[*a..*b];
            if names.contains(name) && may_change(*label) && !(name.len() == 1 && known_other(name[0])) {
                *label = to;
            }
        }
    }
}

/// Nouns that say a name is an organisation ("the charity Shelter", "Shelter, a charity,").
const ORGANISATION_NOUNS: &[&str] = &[
    "charity",
    "organisation",
    "organization",
    "group",
    "company",
    "firm",
    "agency",
    "ngo",
    "broadcaster",
    "newspaper",
    "network",
    "bank",
    "retailer",
    "airline",
    "carmaker",
    "insurer",
    "lender",
    "supermarket",
    "union",
    "party",
    "militia",
    "ministry",
    "university",
    "hospital",
    "club",
    "foundation",
    "institute",
    "think-tank",
    "thinktank",
    "watchdog",
    "regulator",
    "publisher",
    "startup",
    "start-up",
    "conglomerate",
    "nonprofit",
    "non-profit",
    "chipmaker",
    "drugmaker",
    "automaker",
    "alliance",
    "coalition",
    "consortium",
    "association",
];

/// Whether the name starting at word `a` follows "the" and an organisation noun ("the charity
/// Shelter", "the aid group Mercy Corps").
fn after_organisation_noun(words: &[&str], a: usize) -> bool {
    a >= 2
        && ORGANISATION_NOUNS.contains(&words[a - 1].to_lowercase().as_str())
        && words[..a - 1]
            .iter()
            .rev()
            .take(3)
            .any(|w| matches!(*w, "the" | "The"))
}

/// A name described as an organisation ("the charity Shelter", "Shelter, a charity,"), named as
/// the maker of a poll or a study ("a poll by YouGov") or, taken for another kind of name, as
/// where someone holds a post ("a spokesman for Save the Children") is one wherever it is named
/// in the document, unless `known_other` knows the word as another kind.
pub fn organisations_by_role(
    sentences: &[Vec<&str>],
    tagged: &mut [Vec<(usize, usize, EntityLabel)>],
    known_other: impl Fn(&str) -> bool,
) {
    let mut organisations: std::collections::HashSet<&[&str]> = std::collections::HashSet::new();
    let mut organisations_taken_for_people: std::collections::HashSet<&[&str]> =
        std::collections::HashSet::new();
    for (words, spans) in sentences.iter().zip(tagged.iter()) {
        for &(a, b, label) in spans {
            // "Oxfam's country director": a name with a chief executive or a board is none of
            // the people the tagger may have taken it for.
            // "Hayat Tahrir al-Sham (HTS), a militant group,": so is one described as one.
            if label == EntityLabel::Per
                && (heads_organisation(words.get(b..).unwrap_or(&[]))
                    || headed_by(&words[..a])
                    || described_as_organisation(words, a, b))
            {
                organisations_taken_for_people.insert(&words[a..b]);
            }
            if matches!(label, EntityLabel::Org | EntityLabel::Per) {
                continue;
            }
            // "the charity Shelter", "the aid group Mercy Corps".
            let before = after_organisation_noun(words, a);
            // "Shelter, a housing charity, said".
            let appositive = described_as_organisation(words, a, b);
            // Not a piece of a longer name ("Working [America], a labor group", "group
            // [America]'s Renewable Future").
            let capitalised = |w: &&str| w.starts_with(char::is_uppercase);
            let fragment = (!before && a > 0 && capitalised(&words[a - 1]))
                || words
                    .get(b)
                    .is_some_and(|w| matches!(*w, "'s" | "’s") || capitalised(w));
            // "a poll by YouGov", "figures compiled by the Pew Research Center": who made them.
            let by = if a >= 1 && matches!(words[a - 1], "the" | "The") {
                a - 1
            } else {
                a
            };
            let made_by = by >= 2
                && words[by - 1] == "by"
                // The name ends its phrase ("a poll by YouGov suggests"), not a word modifying a
                // noun ("estimates by the South Korean government").
                && words.get(b).is_none_or(|w| {
                    !w.starts_with(char::is_lowercase)
                        || matches!(
                            *w,
                            "suggests" | "suggested" | "found" | "finds" | "shows" | "showed" | "show"
                                | "says" | "said" | "indicates" | "indicated" | "puts" | "put" | "in" | "of"
                                | "for" | "on" | "and" | "published" | "released"
                        )
                })
                && words[by.saturating_sub(4)..by - 1].iter().any(|w| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "poll"
                            | "polls"
                            | "polling"
                            | "survey"
                            | "surveys"
                            | "study"
                            | "studies"
                            | "analysis"
                            | "research"
                            | "figures"
                            | "data"
                            | "estimates"
                            | "report"
                            | "reports"
                    )
                });
            // "a spokesman for Save the Children": a post in it (not a place's).
            let post = label == EntityLabel::Misc
                && a >= 2
                && matches!(words[a - 1], "for" | "of" | "at")
                && post_word(words[a - 2]);
            if (before || appositive || made_by || post) && !fragment {
                organisations.insert(&words[a..b]);
            }
        }
    }
    relabel_mentions(
        sentences,
        tagged,
        &organisations,
        EntityLabel::Org,
        |label| label != EntityLabel::Per,
        &known_other,
    );
    relabel_mentions(
        sentences,
        tagged,
        &organisations_taken_for_people,
        EntityLabel::Org,
        |_| true,
        &known_other,
    );
}

/// Whether the name at words `a..b` has an apposition that calls it an organisation ("Shelter,
/// a housing charity,", "Hayat Tahrir al-Sham (HTS), a militant group formerly linked to …";
/// not "In San Francisco, a group dressed in …", "Alan Abramowitz, a demographer at Emory
/// University", "the Oromos, a minority group").
fn described_as_organisation(words: &[&str], a: usize, b: usize) -> bool {
    const PREPOSITIONS: &[&str] = &[
        "in", "at", "on", "from", "for", "by", "to", "with", "of", "across", "near",
    ];
    // Not after a preposition or closing a list ("in Paris and New York, the … Network").
    if a > 0
        && (PREPOSITIONS.contains(&words[a - 1].to_lowercase().as_str())
            || matches!(words[a - 1], "and" | "or"))
    {
        return false;
    }
    // A bracketed short name between ("(HTS)").
    let b = if words.get(b) == Some(&"(") && words.get(b + 2) == Some(&")") {
        b + 3
    } else {
        b
    };
    if words.get(b) != Some(&",") || !words.get(b + 1).is_some_and(|w| matches!(*w, "a" | "an" | "the")) {
        return false;
    }
    // The noun heads the apposition: no preposition before it, and a comma, a full stop or a
    // participle or relative clause after it.
    let ends_phrase = |w: &str| {
        matches!(
            w,
            "," | "."
                | ";"
                | ")"
                | "that"
                | "which"
                | "whose"
                | "formerly"
                | "once"
                | "based"
                | "known"
                | "linked"
        )
    };
    let plain = |w: &str| w.chars().all(|c| c.is_alphanumeric() || c == '-') && !PREPOSITIONS.contains(&w);
    (b + 2..words.len().min(b + 6))
        .take_while(|&t| plain(words[t]))
        .any(|t| {
            ORGANISATION_NOUNS.contains(&words[t].to_lowercase().as_str())
                && !matches!(
                    words[t - 1],
                    "minority" | "ethnic" | "age" | "religious" | "tribal" | "income" | "focus" | "blood"
                )
                // Or a participle's phrase ("a group representing survivors").
                && words.get(t + 1).is_some_and(|w| {
                    ends_phrase(w) || (w.len() > 5 && w.ends_with("ing") && w.starts_with(char::is_lowercase))
                })
        })
}

/// Whether the words after a name are a possessive and a post only an organisation has
/// ("'s chief executive", "'s country director", "'s board"; not "'s spokesman" nor "'s campaign
/// chairman", which a person has too).
fn heads_organisation(after: &[&str]) -> bool {
    let word = |i: usize| after.get(i).map(|w| w.to_lowercase());
    if !matches!(after.first(), Some(&("'s" | "’s"))) {
        return false;
    }
    matches!(
        (word(1).as_deref(), word(2).as_deref()),
        (Some("chief"), Some("executive" | "operating" | "financial"))
            | (
                Some("country" | "executive" | "managing" | "medical" | "regional"),
                Some("director" | "directors"),
            )
            | (Some("director" | "secretary"), Some("general"))
            | (
                Some(
                    "ceo"
                        | "chairman"
                        | "chairwoman"
                        | "founder"
                        | "co-founder"
                        | "director-general"
                        | "secretary-general"
                        | "board",
                ),
                _,
            )
    )
}

/// Whether the words before a name end in a post only an organisation has and "of" ("the
/// founder and CEO of", "chief executive of"; not "president of", which a country has too).
fn headed_by(before: &[&str]) -> bool {
    let n = before.len();
    if n < 2 || before[n - 1] != "of" {
        return false;
    }
    let word = |i: usize| before[i].to_lowercase();
    match word(n - 2).as_str() {
        "ceo" | "chairman" | "chairwoman" | "chairperson" | "co-founder" | "board" => true,
        "executive" => n >= 3 && word(n - 3) == "chief",
        "officer" => n >= 3 && matches!(word(n - 3).as_str(), "chief" | "executive"),
        "director" => n >= 3 && matches!(word(n - 3).as_str(), "managing" | "executive" | "country"),
        _ => false,
    }
}

/// A name followed by "tribe", "language", "indigenous" or (not a place's) "people" names a
/// people, which is neither a place nor a person ("the Mizo people", "the Arhuaca indigenous
/// community", "the Quechua language"), in every mention of the document, unless `known_other`
/// knows the word as another kind.
pub fn peoples_by_role(
    sentences: &[Vec<&str>],
    tagged: &mut [Vec<(usize, usize, EntityLabel)>],
    known_other: impl Fn(&str) -> bool,
) {
    let mut peoples: std::collections::HashSet<&[&str]> = std::collections::HashSet::new();
    for (words, spans) in sentences.iter().zip(tagged.iter()) {
        for &(a, b, label) in spans {
            // A place's people are its residents ("Hong Kong people").
            let people_noun = words.get(b).is_some_and(|w| {
                matches!(
                    *w,
                    "tribe" | "tribes" | "tribesmen" | "language" | "languages" | "indigenous"
                ) || (matches!(*w, "people" | "peoples") && label != EntityLabel::Loc)
            });
            if label != EntityLabel::Misc && b - a <= 2 && people_noun {
                peoples.insert(&words[a..b]);
            }
        }
    }
    relabel_mentions(
        sentences,
        tagged,
        &peoples,
        EntityLabel::Misc,
        |_| true,
        &known_other,
    );
}

/// Nouns of settlements and divisions that name a place after "of" ("the village of Moulay
/// Brahim", "the province of Idlib").
const PLACE_NOUNS: &[&str] = &[
    "village",
    "town",
    "city",
    "province",
    "district",
    "region",
    "county",
    "island",
    "state",
    "port",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "municipality",
    "governorate",
    "capital",
];

/// Whether `w` is a point of the compass in lower case ("north", "south-west", "northeast").
fn compass_point(w: &str) -> bool {
    let w = w.replace('-', "");
    ["north", "south", "east", "west"]
        .iter()
        .any(|p| w == *p || ["north", "south"].iter().any(|q| w == format!("{q}{p}")))
}

/// A name after "the village of", "the town of", "the province of", or a person's name taken
/// for where a person is from ("a farmer from Sindh"), is a place wherever it is named in the
/// document, unless `known_other` knows the word as another kind.
pub fn places_by_role(
    sentences: &[Vec<&str>],
    tagged: &mut [Vec<(usize, usize, EntityLabel)>],
    known_other: impl Fn(&str) -> bool,
) {
    let mut places: std::collections::HashSet<&[&str]> = std::collections::HashSet::new();
    let mut here = Vec::new();
    for (s, (words, spans)) in sentences.iter().zip(tagged.iter()).enumerate() {
        for (i, &(a, b, label)) in spans.iter().enumerate() {
            // "a mother of four from Hama", "a farmer from Sindh": where a person is from, when
            // the tagger took it for a person.
            let from_place = label == EntityLabel::Per
                && a >= 2
                && words[a - 1] == "from"
                && words[a.saturating_sub(5)..a - 1]
                    .iter()
                    .rev()
                    .take_while(|w| !w.starts_with(char::is_uppercase) && **w != ",")
                    .any(|w| person_noun(w));
            if from_place {
                places.insert(&words[a..b]);
                here.push((s, i));
                continue;
            }
            if label == EntityLabel::Loc || a < 2 || words[a - 1] != "of" {
                continue;
            }
            // Lower case: "the City of London Corporation" is a name of its own.
            // "the city of Marib", "the Yemeni city of Marib", "the rebel-held town of Saraqeb".
            let settlement = a >= 3
                && PLACE_NOUNS.contains(&words[a - 2])
                && words[a.saturating_sub(5)..a - 2]
                    .iter()
                    .rev()
                    .take_while(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
                    .any(|w| matches!(*w, "the" | "The"));
            let possessive = words
                .get(b)
                .is_some_and(|w| matches!(*w, "'s" | "’s" | "'" | "’"));
            if (settlement || compass_point(words[a - 2])) && !possessive {
                places.insert(&words[a..b]);
                here.push((s, i));
            }
        }
    }
    relabel_mentions(
        sentences,
        tagged,
        &places,
        EntityLabel::Loc,
        |_| true,
        known_other,
    );
    // The mention itself is a place even where `known_other` kept the others ("south-west of
    // Marrakesh"); the document's majority has the last word (see [`names_agree`]).
    for (s, i) in here {
        tagged[s][i].2 = EntityLabel::Loc;
    }
}

/// Whether a word is an Arabic name's article joined to the next part ("al-Numan", "ez-Zor").
fn arabic_article(w: &str) -> bool {
    [
        "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "ez-", "an-", "ed-", "en-", "es-",
    ]
    .iter()
    .any(|p| {
        w.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(char::is_uppercase))
    })
}

/// A name runs on over an Arabic article and its word right after it ("Maarat al-Numan", "Abu
/// Arabic nouns that open the names of armed groups and parties ("Jabhat al-Nusra", "Jaish
/// al-Islam", "Harakat Nour al-Din al-Zenki", "Hizb ut-Tahrir", "Liwa al-Quds").
fn arabic_organisation_opener(w: &str) -> bool {
    matches!(
        w,
        "Jabhat"
            | "Jaish"
            | "Jaysh"
            | "Harakat"
            | "Hay'at"
            | "Hay’at"
            | "Liwa"
            | "Ahrar"
            | "Faylaq"
            | "Hizb"
            | "Kataib"
            | "Kata'ib"
            | "Tanzim"
            | "Saraya"
    )
}

/// A name opened by an Arabic word for a front, army, movement, brigade or party is an
/// organisation, and takes that word where the tagger left it out ("Jabhat al-Nusra" had been a
/// person).
pub fn arabic_organisations(sentences: &[Vec<&str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        for i in 0..spans.len() {
            let (a, _, _) = spans[i];
            let free = |t: usize| !spans.iter().any(|s| s.0 <= t && t < s.1);
            if a > 0 && arabic_organisation_opener(words[a - 1]) && free(a - 1) {
                spans[i].0 = a - 1;
            }
            if arabic_organisation_opener(words[spans[i].0]) {
                spans[i].2 = EntityLabel::Org;
            }
        }
    }
}

/// Bakr al-Baghdadi"), joining the name tagged there if any, as CoNLL writes them.
pub fn arabic_articles_join(sentences: &[Vec<&str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        spans.sort_by_key(|s| s.0);
        let mut i = 0;
        while i < spans.len() {
            while spans[i].1 < words.len() && arabic_article(words[spans[i].1]) {
                let end = spans[i].1;
                match spans.get(i + 1) {
                    Some(&(a, b, _)) if a == end => {
                        spans[i].1 = b;
                        spans.remove(i + 1);
                    }
                    _ => spans[i].1 = end + 1,
                }
            }
            i += 1;
        }
    }
}

/// A person, organisation or place written all in lower case ("the interior ministry said") is
/// a description, not a name: Worldwide Newswire tags 27 such among 28,000 of these names.
pub fn drop_lower_case_names(sentences: &[Vec<&str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        spans.retain(|&(a, b, label)| {
            label == EntityLabel::Misc
                || words[a..b]
                    .iter()
                    .any(|w| w.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()))
        });
    }
}

/// A name is of one kind in a document: mentions tagged otherwise than most of its mentions take
/// the kind most of them have ("Idlib" LOC four times, ORG three).
pub fn names_agree<'a>(sentences: &'a [Vec<&'a str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    let mut counts: std::collections::HashMap<&[&str], [usize; 4]> = std::collections::HashMap::new();
    let index = |l: EntityLabel| match l {
        EntityLabel::Per => 0,
        EntityLabel::Org => 1,
        EntityLabel::Loc => 2,
        EntityLabel::Misc => 3,
    };
    const KINDS: [EntityLabel; 4] = [
        EntityLabel::Per,
        EntityLabel::Org,
        EntityLabel::Loc,
        EntityLabel::Misc,
    ];
    // The name without a title before it ("Mr. Trump" is "Trump").
    let key = |words: &'a [&'a str]| {
        let titled = words.len() > 1
            && matches!(
                words[0],
                "Mr." | "Mrs." | "Ms." | "Dr." | "Mr" | "Mrs" | "Ms" | "Dr"
            );
        &words[usize::from(titled)..]
    };
    // A name after a title of address is a person's ("Mr. Sanders").
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        for (a, b, label) in spans.iter_mut() {
            let name = key(&words[*a..*b]);
            let short = name.len() <= 3 && name.iter().all(|w| w.starts_with(char::is_uppercase));
            if name.len() < *b - *a && short {
                *label = EntityLabel::Per;
            }
        }
    }
    for (words, spans) in sentences.iter().zip(tagged.iter()) {
        for &(a, b, label) in spans {
            counts.entry(key(&words[a..b])).or_default()[index(label)] += 1;
        }
    }
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        for (a, b, label) in spans.iter_mut() {
            let name = key(&words[*a..*b]);
            if name.len() < *b - *a {
                continue;
            }
            let c = counts[name];
            let best = (0..4).max_by_key(|&k| c[k]).unwrap_or(0);
            if c[best] > c[index(*label)] && c[best] * 2 > c.iter().sum::<usize>() {
                *label = KINDS[best];
            }
        }
    }
}

/// Whether a word names a post someone holds in an organisation ("director", "spokesman").
pub fn post_word(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "director"
            | "head"
            | "chief"
            | "president"
            | "founder"
            | "co-founder"
            | "chairman"
            | "chairwoman"
            | "chair"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "executive"
            | "coordinator"
            | "manager"
            | "secretary-general"
            | "ceo"
            | "officer"
    )
}

/// A capitalised name the tagger left out is an organisation when someone holds a post in it
/// ("Director of Doctors Under Fire", "Save the Children Syria response director"), wherever it is
/// named in the document.
pub fn untagged_organisations_by_role(
    sentences: &[Vec<&str>],
    tagged: &mut [Vec<(usize, usize, EntityLabel)>],
) {
    let capitalised =
        |w: &str| w.starts_with(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || c == '-');
    let inner = |w: &str| {
        matches!(
            w,
            "the" | "of" | "for" | "and" | "&" | "on" | "in" | "without" | "under"
        )
    };
    let mut names: Vec<Vec<&str>> = Vec::new();
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        let tagged_at =
            |t: usize, spans: &[(usize, usize, EntityLabel)]| spans.iter().position(|s| s.0 <= t && t < s.1);
        let mut a = 1;
        while a < words.len() {
            if !capitalised(words[a]) || tagged_at(a, spans).is_some() || post_word(words[a]) {
                a += 1;
                continue;
            }
            // The run of capitalised words (and the small words inside names) from `a`.
            let mut b = a + 1;
            while b < words.len()
                && tagged_at(b, spans).is_none()
                && (capitalised(words[b])
                    || (inner(words[b])
                        && words.get(b + 1).is_some_and(|w| capitalised(w))
                        && tagged_at(b + 1, spans).is_none()))
                && !post_word(words[b])
            {
                b += 1;
            }
            let run = a..b;
            a = b;
            if run.len() < 2 {
                continue;
            }
            // A place the tagger found right after it belongs to the name ("Save the Children
            // Syria", "Human Rights in China").
            let place_at =
                |t: usize| tagged_at(t, spans).filter(|&i| spans[i].0 == t && spans[i].2 == EntityLabel::Loc);
            let place_after = place_at(run.end).or_else(|| {
                words
                    .get(run.end)
                    .filter(|w| matches!(**w, "in" | "of"))
                    .and_then(|_| place_at(run.end + 1))
            });
            let end = place_after.map_or(run.end, |i| spans[i].1);
            // "Director of X," or "X response director".
            // Not "head of Finance and Wealth", "Chief of General Staff": a department or a rank.
            let post_before = run.start >= 2
                && matches!(words[run.start - 1], "of" | "at")
                && post_word(words[run.start - 2])
                && !matches!(
                    words[run.start - 2].to_lowercase().as_str(),
                    "head" | "chief" | "officer" | "executive"
                );
            let post_after = (end..words.len().min(end + 3))
                .take_while(|&t| words[t].starts_with(char::is_lowercase))
                .any(|t| post_word(words[t]));
            // "the charity Save the Children", "the vaccine alliance Gavi".
            let noun_before = after_organisation_noun(words, run.start);
            // "The White Helmets, a volunteer rescue group,".
            if !(post_before || post_after || noun_before || described_as_organisation(words, run.start, end))
            {
                continue;
            }
            if let Some(i) = place_after {
                spans.remove(i);
            }
            spans.push((run.start, end, EntityLabel::Org));
            spans.sort_by_key(|s| s.0);
            names.push(words[run.clone()].to_vec());
        }
    }
    // Its other mentions, where the tagger found nothing.
    let mut by_first: std::collections::HashMap<&str, Vec<&[&str]>> = std::collections::HashMap::new();
    for name in &names {
        by_first.entry(name[0]).or_default().push(name);
    }
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        let mut t = 0;
        while t < words.len() {
            let found = by_first.get(words[t]).and_then(|candidates| {
                candidates.iter().find(|name| {
                    let end = t + name.len();
                    words.get(t..end) == Some(&name[..])
                        && !spans.iter().any(|s| s.0 < end && t < s.1)
                        && !words.get(end).is_some_and(|w| capitalised(w))
                })
            });
            match found {
                Some(name) => {
                    spans.push((t, t + name.len(), EntityLabel::Org));
                    t += name.len();
                }
                None => t += 1,
            }
        }
        spans.sort_by_key(|s| s.0);
    }
}

/// The names of a list ("Rome, Florence and Bologna") are of one kind: in three or more names
/// joined by commas and a last "and" or "or", one name of another kind than all the rest takes
/// theirs, unless it opens the list ("For New York, Garret Anderson and Gary DiSarcina homered").
pub fn lists_agree(tagged: &mut [Vec<(usize, usize, EntityLabel)>], sentences: &[Vec<&str>]) {
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        spans.sort_by_key(|s| s.0);
        let mut start = 0;
        while start < spans.len() {
            let between = |k: usize| &words[spans[k - 1].1..spans[k].0];
            let mut end = start + 1;
            while end < spans.len() && between(end) == [","] {
                end += 1;
            }
            let closes =
                end < spans.len() && matches!(between(end), ["and"] | ["or"] | [",", "and"] | [",", "or"]);
            if !closes {
                start = end;
                continue;
            }
            end += 1;
            let run = &mut spans[start..end];
            // The one name of another kind than all the rest, not the first.
            let odd = (1..run.len()).find(|&k| {
                let rest = run[if k == 1 { 0 } else { 1 }].2;
                run[k].2 != rest && run.iter().enumerate().all(|(j, s)| j == k || s.2 == rest)
            });
            if let Some(k) = odd.filter(|_| run.len() >= 3) {
                run[k].2 = run[0].2;
            }
            start = end;
        }
    }
}

/// Whether a word is written as an abbreviation ("TB", "SAMS", "SEZs").
fn abbreviation(w: &str) -> bool {
    let stem = w.strip_suffix('s').unwrap_or(w);
    (2..=8).contains(&stem.chars().count())
        && stem.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && stem.chars().filter(char::is_ascii_uppercase).count() >= 2
}

/// Where the long form of an abbreviation defined in brackets starts among the words before the
/// bracket: its letters in order, the first one starting a word (Schwartz and Hearst's rule).
fn long_form_start(before: &[&str], short: &str) -> Option<usize> {
    let letters: Vec<char> = short
        .strip_suffix('s')
        .unwrap_or(short)
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let most = before.len().min(letters.len() + 5).min(letters.len() * 2);
    let words = &before[before.len() - most..];
    // The words' characters, last first, each with its word and whether it starts that word.
    let mut chars = words.iter().enumerate().rev().flat_map(|(k, w)| {
        let lower: Vec<char> = w.chars().flat_map(char::to_lowercase).collect();
        (0..lower.len()).rev().map(move |j| (k, lower[j], j == 0))
    });
    let mut start = None;
    for (i, &want) in letters.iter().enumerate().rev() {
        let first = i == 0;
        let (k, _, _) = chars.find(|&(_, c, word_start)| c == want && (!first || word_start))?;
        start = Some(k);
    }
    let k = start?;
    let plain = words[k..]
        .iter()
        .all(|w| w.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '\''));
    plain.then_some(before.len() - most + k)
}

/// An abbreviation defined in brackets after a common noun is no person, organisation or place
/// in any of its mentions in the document ("tuberculosis (TB)", "special economic zones
/// (SEZs)"); the long form is found by Schwartz and Hearst's rule.
pub fn common_abbreviations(sentences: &[Vec<&str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    let mut common = std::collections::HashSet::new();
    for words in sentences {
        for i in 1..words.len().saturating_sub(2) {
            let short = words[i + 1];
            if words[i] != "(" || words[i + 2] != ")" || !abbreviation(short) {
                continue;
            }
            let lower_case = |k: usize| words[k..i].iter().all(|w| !w.chars().any(char::is_uppercase));
            if long_form_start(&words[..i], short).is_some_and(lower_case) {
                common.insert(short);
            }
        }
    }
    if common.is_empty() {
        return;
    }
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        spans.retain(|&(a, b, label)| label == EntityLabel::Misc || b - a > 1 || !common.contains(words[a]));
    }
}

/// A storm's name is an event, without the kind of storm ("Hurricane Edouard" → "Edouard" MISC,
/// as CoNLL writes it; "Cyclone Freddy" is no person).
pub fn storms_are_events(sentences: &[Vec<&str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    let storm = |w: &str| matches!(w, "Hurricane" | "Cyclone" | "Typhoon" | "Storm");
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        for (a, b, label) in spans.iter_mut() {
            let kind_inside = storm(words[*a])
                && *b - *a == 2
                && *label != EntityLabel::Org
                && words[*a + 1].starts_with(char::is_uppercase);
            let kind_before = *a > 0 && storm(words[*a - 1]) && *b - *a == 1;
            if kind_inside {
                *a += 1;
            }
            if kind_inside || kind_before {
                *label = EntityLabel::Misc;
            }
        }
    }
}

/// Whether a name is a news outlet's, by its last word ("ITV News", "The Saudi Gazette", "Reuters").
pub fn outlet_name(words: &[&str]) -> bool {
    let Some(&last) = words.last() else {
        return false;
    };
    matches!(
        last,
        "Wikinews"
            | "Reuters"
            | "AFP"
            | "BBC"
            | "CNN"
            | "Times"
            | "Herald"
            | "Gazette"
            | "Tribune"
            | "Chronicle"
            | "Journal"
            | "Telegraph"
    ) || (words.len() >= 2 && last == "News")
}

/// A news outlet is an organisation ("Wikinews spoke with …" is no person).
pub fn outlets_are_organisations(sentences: &[Vec<&str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        for (a, b, label) in spans.iter_mut() {
            if outlet_name(&words[*a..*b]) {
                *label = EntityLabel::Org;
            }
        }
    }
}

/// A place written "town, region" is two places ("Idlib, Syria" → "Idlib", "Syria"), as CoNLL
/// writes them.
pub fn split_comma_places(sentences: &[Vec<&str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        let mut out = Vec::with_capacity(spans.len());
        for &(a, b, label) in spans.iter() {
            let commas: Vec<usize> = (a..b).filter(|&k| words[k] == ",").collect();
            match commas[..] {
                [k] if label == EntityLabel::Loc
                    && k > a
                    && k + 1 < b
                    && words[k + 1].starts_with(char::is_uppercase) =>
                {
                    out.push((a, k, label));
                    out.push((k + 1, b, label));
                }
                _ => out.push((a, b, label)),
            }
        }
        *spans = out;
    }
}

/// Whether a token is a dash with white space on both sides.
fn spaced_dash(doc: &Doc, token: &crate::doc::Token) -> bool {
    let text = doc.text();
    matches!(doc.slice(token.span), "-" | "–" | "—" | "--")
        && text[..token.span.start].ends_with(char::is_whitespace)
        && text[token.span.end..].starts_with(char::is_whitespace)
}

/// The part of a tagged name that names it, as eval/GUIDELINES.md writes names: no leading
/// determiner ("The White Helmets" → "White Helmets") and no post-nominal honours after a person
/// ("David Nott OBE"). Applied to the pipeline's entities only; `factx eval ner` scores the tagger
/// on the corpora's own conventions.
fn name_only(words: &[&str], label: EntityLabel) -> (usize, usize) {
    let (mut a, mut b) = (0, words.len());
    if b - a > 1 && matches!(words[a], "The" | "the") {
        a += 1;
    }
    while label == EntityLabel::Per && b - a > 1 && POST_NOMINALS.contains(&words[b - 1]) {
        b -= 1;
    }
    (a, b)
}

/// People's names without the abbreviated titles and ranks the tagger took into them ("Brig. Gen.
/// Nabil Abdallah" → "Nabil Abdallah"), as eval/GUIDELINES.md writes names. The pipeline applies it after
/// the quote stage, whose tagger was trained on names as the tagger gives them.
pub fn drop_titles(doc: &Doc, entities: &mut [Entity]) {
    for e in entities.iter_mut().filter(|e| e.label == EntityLabel::Per) {
        let tokens = doc.tokens_in(e.span);
        let first = tokens
            .clone()
            .take_while(|&t| t + 1 < tokens.end && title_abbreviation(doc.token_text(t)))
            .count();
        if first > 0 {
            e.span = Span::new(doc.tokens[tokens.start + first].span.start, e.span.end);
        }
    }
}

/// Whether a word is an abbreviated title or rank ("Mr.", "Brig.", "Sgt").
fn title_abbreviation(word: &str) -> bool {
    TITLE_ABBREVIATIONS.contains(&word.trim_end_matches('.')) || RANKS.contains(&word)
}

/// Police and military ranks written out ("Detective Constable Emma Price" → "Emma Price").
const RANKS: &[&str] = &[
    "Constable",
    "Sergeant",
    "Inspector",
    "Superintendent",
    "Detective",
    "Corporal",
    "Lieutenant",
    "Colonel",
    "Brigadier",
];

/// Abbreviated titles and ranks, and the knightly honorifics, that go before a person's name but
/// are not part of it ("Brig. Gen. Nabil Abdallah", "Sgt. Maj. Tom Brown", "Dame Clare Moriarty",
/// as CoNLL writes "Sir Mark Prescott").
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Sgt", "Capt", "Cmdr", "Cdr", "Adm", "Maj", "Brig",
    "Rev", "Sen", "Sens", "Rep", "Reps", "Gov", "Supt", "Det", "Insp", "Cpl", "Pte", "Pvt", "Spc", "Lieut",
    "Atty", "Msgr", "Fr", "Sir", "Dame",
];

/// Honours and post-nominal letters that follow a name but are not part of it.
const POST_NOMINALS: &[&str] = &[
    "OBE", "MBE", "CBE", "KBE", "DBE", "GBE", "QC", "KC", "MP", "MEP", "MSP", "FRS", "PhD", "MD", "Jr", "Jr.",
];

/// A name of several words is one name wherever its words recur in the document: pieces the
/// tagger found inside it ("NHS" and "England" where "NHS England" is named elsewhere) join into
/// it, with the kind its whole mentions have.
pub fn spans_agree(sentences: &[Vec<&str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    // The document's names of several words by their first word, longest first.
    let mut by_first: std::collections::HashMap<&str, Vec<(&[&str], EntityLabel)>> =
        std::collections::HashMap::new();
    for (words, spans) in sentences.iter().zip(tagged.iter()) {
        for &(a, b, label) in spans {
            let name = &words[a..b];
            if name.len() >= 2 {
                let known = by_first.entry(name[0]).or_default();
                if !known.iter().any(|(n, _)| *n == name) {
                    known.push((name, label));
                }
            }
        }
    }
    if by_first.is_empty() {
        return;
    }
    for known in by_first.values_mut() {
        known.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    }
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        let mut t = 0;
        while t < words.len() {
            let found = by_first.get(words[t]).and_then(|known| {
                known.iter().find_map(|&(name, label)| {
                    let end = t + name.len();
                    if words.get(t..end) != Some(name) {
                        return None;
                    }
                    let inside: Vec<usize> = (0..spans.len())
                        .filter(|&i| spans[i].0 < end && t < spans[i].1)
                        .collect();
                    let pieces = !inside.is_empty()
                        && inside.iter().all(|&i| spans[i].0 >= t && spans[i].1 <= end)
                        && !inside.iter().any(|&i| spans[i].0 == t && spans[i].1 == end);
                    pieces.then_some((end, label, inside))
                })
            });
            match found {
                Some((end, label, inside)) => {
                    for i in inside.into_iter().rev() {
                        spans.remove(i);
                    }
                    spans.push((t, end, label));
                    spans.sort_by_key(|s| s.0);
                    t = end;
                }
                None => t += 1,
            }
        }
    }
}

/// Last words that make a name an organisation's ("Refugee Council", "Cold Spring Harbor
/// Laboratory").
const ORGANISATION_HEADS: &[&str] = &[
    "University",
    "College",
    "Institute",
    "Laboratory",
    "Ministry",
    "Council",
    "Committee",
    "Commission",
    "Agency",
    "Association",
    "Foundation",
    "Corporation",
    "Party",
    "Inc",
    "Inc.",
    "Ltd",
    "Ltd.",
    "Corp",
    "Corp.",
];

/// Common nouns that head names of things, not people ("Conference Centre", "Annual Report").
const NAME_HEAD_NOUNS: &[&str] = &[
    "council",
    "committee",
    "commission",
    "society",
    "trust",
    "department",
    "office",
    "centre",
    "center",
    "conference",
    "hall",
    "house",
    "building",
    "headquarters",
    "stadium",
    "school",
    "college",
    "press",
    "news",
    "times",
    "post",
    "street",
    "square",
    "park",
    "board",
    "forum",
    "summit",
    "congress",
    "convention",
    "report",
    "award",
    "awards",
    "prize",
    "league",
    "cup",
    "day",
    "week",
    "act",
    "bill",
    "fund",
    "service",
    "services",
    "programme",
    "program",
    "project",
    "plan",
    "strategy",
    "review",
];

/// An organisation run together with the person after it, as headlines and some styles write a
/// post ("CEO of the [Refugee Council][Enver Solomon]"): split after the organisation's head when
/// two or three capitalised words follow it.
pub fn split_organisation_from_person(
    sentences: &[Vec<&str>],
    tagged: &mut [Vec<(usize, usize, EntityLabel)>],
) {
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        let mut out = Vec::with_capacity(spans.len());
        for &(a, b, label) in spans.iter() {
            let split = (label == EntityLabel::Org && b - a >= 3)
                .then(|| (a + 1..b).find(|&i| ORGANISATION_HEADS.contains(&words[i])))
                .flatten()
                .filter(|&i| {
                    let tail = &words[i + 1..b];
                    (2..=3).contains(&tail.len())
                        && tail.iter().all(|w| {
                            let lower = w.to_lowercase();
                            w.len() > 1
                                && w.starts_with(char::is_uppercase)
                                && w.chars().skip(1).all(char::is_lowercase)
                                && !ORGANISATION_NOUNS.contains(&lower.as_str())
                                && !PLACE_NOUNS.contains(&lower.as_str())
                                && !NAME_HEAD_NOUNS.contains(&lower.as_str())
                        })
                });
            match split {
                Some(i) => {
                    out.push((a, i + 1, EntityLabel::Org));
                    out.push((i + 1, b, EntityLabel::Per));
                }
                None => out.push((a, b, label)),
            }
        }
        *spans = out;
    }
}

/// A name of two or more words whose last word is a kind of place ("Hancock Brook") or of
/// organisation ("Cold Spring Harbor Laboratory") is of that kind ("County" and "Federation" are
/// not: "Notts County" plays football, the "Russian Federation" is a country).
pub fn kinds_by_head(sentences: &[Vec<&str>], tagged: &mut [Vec<(usize, usize, EntityLabel)>]) {
    for (words, spans) in sentences.iter().zip(tagged.iter_mut()) {
        for (a, b, label) in spans.iter_mut() {
            // "The Island" is more often a title than a place.
            if *b - *a < 2 || words[*a] == "The" {
                continue;
            }
            let head = words[*b - 1];
            let place = matches!(
                head,
                "River"
                    | "Creek"
                    | "Brook"
                    | "Reservoir"
                    | "Mountains"
                    | "Valley"
                    | "Desert"
                    | "Ocean"
                    | "Gulf"
                    | "Peninsula"
                    | "Canyon"
                    | "Island"
                    | "Islands"
                    | "Strait"
                    | "Province"
                    | "Street"
                    | "Avenue"
                    | "Road"
                    | "Boulevard"
                    | "Square"
                    | "Bridge"
            );
            let org = ORGANISATION_HEADS.contains(&head);
            if place {
                *label = EntityLabel::Loc;
            } else if org {
                *label = EntityLabel::Org;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_of_a_people_is_neither_place_nor_person() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            "the Arhuaca indigenous community met".split(' ').collect(),
            "Arhuaca leaders and Quechua people spoke".split(' ').collect(),
            "many Hong Kong people left".split(' ').collect(),
        ];
        let mut tagged = vec![
            vec![(1, 2, Loc)],
            vec![(0, 1, Loc), (3, 4, Per)],
            vec![(1, 3, Loc)],
        ];
        peoples_by_role(&sentences, &mut tagged, |_| false);
        // Every mention; not a place's residents.
        assert_eq!(
            tagged,
            vec![
                vec![(1, 2, Misc)],
                vec![(0, 1, Misc), (3, 4, Misc)],
                vec![(1, 3, Loc)]
            ]
        );
    }

    #[test]
    fn an_abbreviation_of_a_common_noun_is_no_name() {
        use EntityLabel::*;
        let split = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        // Its letters in order from the start of a word; a capitalised long form is a name's.
        assert_eq!(long_form_start(&split("people with tuberculosis"), "TB"), Some(2));
        assert_eq!(
            long_form_start(&split("set up special economic zones"), "SEZs"),
            Some(2)
        );
        assert_eq!(
            long_form_start(&split("the Syrian American Medical Society"), "SAMS"),
            Some(1)
        );
        assert_eq!(long_form_start(&split("the opposition party"), "PDP"), None);
        assert!(!abbreviation("Tb") && !abbreviation("A") && abbreviation("UNHCR") && abbreviation("NGOs"));
        let sentences = vec![
            split("cases of tuberculosis ( TB ) rose"),
            split("TB clinics and the Syrian American Medical Society ( SAMS ) said"),
            split("the ruling party ( ANC ) won"),
        ];
        let mut tagged = vec![
            vec![(4, 5, Org)],
            vec![(0, 1, Org), (4, 8, Org), (9, 10, Org)],
            vec![(4, 5, Org)],
        ];
        common_abbreviations(&sentences, &mut tagged);
        // Every "TB" of the document loses its tag; the names' abbreviations keep theirs.
        assert_eq!(
            tagged,
            vec![vec![], vec![(4, 8, Org), (9, 10, Org)], vec![(4, 5, Org)]]
        );
        let mut misc = vec![vec![(4, 5, Misc)], vec![], vec![]];
        common_abbreviations(&sentences, &mut misc);
        assert_eq!(misc[0], vec![(4, 5, Misc)]);
    }

    #[test]
    fn a_name_described_as_a_person_is_a_person() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Ikram", "is", "one", "of", "three", "doctors", "left", "."],
            vec!["Jordan", "was", "also", "told", "by", "soldiers", "."],
            vec![
                "Khaled", ",", "28", ",", "said", "Ikram", "and", "Idlib", ",", "a", "city", ",", "agree",
                ".",
            ],
            vec!["Egypt", ",", "a", "farmer", ",", "left", "."],
        ];
        let mut tagged = vec![
            vec![(0, 1, Org)],
            vec![(0, 1, Loc)],
            vec![(0, 1, Loc), (5, 6, Org), (7, 8, Loc)],
            vec![(0, 1, Loc)],
        ];
        people_by_role(&sentences, &mut tagged, |w| w == "Egypt");
        // Every mention of a name described as a person; not a place "told by soldiers", nor
        // "a city", nor a name known as another type.
        assert_eq!(tagged[0], vec![(0, 1, Per)]);
        assert_eq!(tagged[1], vec![(0, 1, Loc)]);
        assert_eq!(tagged[2], vec![(0, 1, Per), (5, 6, Per), (7, 8, Loc)]);
        assert_eq!(tagged[3], vec![(0, 1, Loc)]);
    }

    #[test]
    fn an_untagged_name_someone_holds_a_post_in_is_an_organisation() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec![
                "It", "was", "found", "by", "Save", "the", "Children", "and", "others", ".",
            ],
            vec![
                "Ms", "Khush", ",", "Save", "the", "Children", "Syria", "response", "director", ",", "said",
                ".",
            ],
            vec![
                "Mr", "Nott", ",", "Director", "of", "Doctors", "Under", "Fire", ",", "said", ".",
            ],
            vec![
                "Ms", "Keenan", ",", "head", "of", "Finance", "and", "Wealth", ",", "said", ".",
            ],
        ];
        let mut tagged = vec![
            vec![],
            vec![(0, 2, Per), (6, 7, Loc)],
            vec![(0, 2, Per)],
            vec![(0, 2, Per)],
        ];
        untagged_organisations_by_role(&sentences, &mut tagged);
        assert_eq!(tagged[1], vec![(0, 2, Per), (3, 7, Org)]);
        assert_eq!(tagged[2], vec![(0, 2, Per), (5, 8, Org)]);
        assert_eq!(tagged[0], vec![(4, 7, Org)], "its other mentions");
        // A department is no organisation of its own.
        assert_eq!(tagged[3], vec![(0, 2, Per)]);
        // Nor one described as an organisation.
        let sentences: Vec<Vec<&str>> = vec![
            vec![
                "The",
                "White",
                "Helmets",
                ",",
                "a",
                "volunteer",
                "rescue",
                "group",
                ",",
                "said",
                ".",
            ],
            vec![
                "The", "Oromos", ",", "a", "minority", "group", ",", "marched", ".",
            ],
        ];
        let mut tagged = vec![vec![], vec![]];
        untagged_organisations_by_role(&sentences, &mut tagged);
        assert_eq!(tagged, vec![vec![(1, 3, Org)], vec![]]);
    }

    #[test]
    fn an_untagged_name_after_an_organisation_noun_is_an_organisation() {
        use EntityLabel::*;
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        let sentences = vec![
            words("Staff at the charity Save the Children said so ."),
            words("Xiao Qiang of the group Human Rights in China said so ."),
            words("They met the Prime Minister ."),
        ];
        let mut tagged = vec![vec![], vec![(0, 2, Per), (8, 9, Loc)], vec![]];
        untagged_organisations_by_role(&sentences, &mut tagged);
        assert_eq!(tagged[0], vec![(4, 7, Org)]);
        assert_eq!(
            tagged[1],
            vec![(0, 2, Per), (5, 9, Org)],
            "with the place after 'in'"
        );
        assert_eq!(tagged[2], vec![]);
    }

    #[test]
    fn an_apposition_naming_an_organisation_is_headed_by_its_noun() {
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        let described = |s: &'static str, a: usize, b: usize| described_as_organisation(&words(s), a, b);
        assert!(described("Teck , the Canadian mining company , agreed", 0, 1));
        assert!(described(
            "Hayat Tahrir al-Sham ( HTS ) , a militant group formerly linked to al-Qaeda",
            0,
            3
        ));
        assert!(described("L.H. Meyer , a research firm .", 0, 2));
        assert!(described(
            "Grenfell United , a group representing survivors , said",
            0,
            2
        ));
        assert!(!described("Smith , a group leader , said", 0, 1));
        assert!(!described(
            "Alan Abramowitz , a demographer at Emory University , said",
            0,
            2
        ));
        assert!(!described(
            "In San Francisco , a group dressed in white marched",
            1,
            3
        ));
        assert!(!described(
            "in Paris and New York , the Solutions Network , that",
            3,
            5
        ));
        assert!(!described(
            "Louisiana , a Baton Rouge newspaper called for it",
            0,
            1
        ));
    }

    #[test]
    fn an_arabic_word_for_a_front_or_an_army_opens_an_organisation() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec![
                "held", "by", "Jabhat", "al-Nusra", "and", "Jaish", "al-Islam", ".",
            ],
            vec!["Hayat", "Boumeddiene", "fled", "."],
        ];
        let mut tagged = vec![vec![(2, 4, Per), (6, 7, Per)], vec![(0, 2, Per)]];
        arabic_organisations(&sentences, &mut tagged);
        assert_eq!(
            tagged[0],
            vec![(2, 4, Org), (5, 7, Org)],
            "the opener joins the name"
        );
        assert_eq!(tagged[1], vec![(0, 2, Per)]);
    }

    #[test]
    fn a_name_is_of_the_kind_most_of_its_mentions_have() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Idlib", "'s", "crisis", ":", "Idlib", "and", "Idlib", "."],
            vec!["in", "Idlib", "and", "Paris", "."],
            vec!["Mr.", "Sanders", "met", "Sanders", "fans", "."],
            vec!["Mr.", "Sanders", "and", "Mr.", "Sanders", "."],
        ];
        let mut tagged = vec![
            vec![(0, 1, Org), (4, 5, Org), (6, 7, Loc)],
            vec![(1, 2, Loc), (3, 4, Loc)],
            vec![(0, 2, Org), (3, 4, Per)],
            vec![(0, 2, Org), (3, 5, Org)],
        ];
        let mut more_places = tagged.clone();
        names_agree(&sentences, &mut tagged);
        // Two of four mentions are no majority: "Idlib" stays as tagged.
        assert_eq!(tagged[0], vec![(0, 1, Org), (4, 5, Org), (6, 7, Loc)]);
        // Three of four are.
        more_places[0][0].2 = Loc;
        names_agree(&sentences, &mut more_places);
        assert_eq!(more_places[0], vec![(0, 1, Loc), (4, 5, Loc), (6, 7, Loc)]);
        // A name after a title of address is a person's, and its bare mentions vote with it.
        assert_eq!(tagged[2], vec![(0, 2, Per), (3, 4, Per)]);
        assert_eq!(tagged[3], vec![(0, 2, Per), (3, 5, Per)]);
    }

    #[test]
    fn a_news_outlet_is_an_organisation() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Wikinews", "spoke", "with", "her", "."],
            vec![
                "the", "Saudi", "Gazette", "and", "Fox", "News", "reported", "it", ".",
            ],
            vec!["News", "from", "home", "."],
        ];
        let mut tagged = vec![
            vec![(0, 1, Per)],
            vec![(1, 3, Loc), (4, 6, Per)],
            vec![(0, 1, Misc)],
        ];
        outlets_are_organisations(&sentences, &mut tagged);
        assert_eq!(tagged[0], vec![(0, 1, Org)]);
        assert_eq!(tagged[1], vec![(1, 3, Org), (4, 6, Org)]);
        // A lone "News" names nothing.
        assert_eq!(tagged[2], vec![(0, 1, Misc)]);
    }

    #[test]
    fn a_name_described_as_an_organisation_is_one() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["the", "charity", "Shelter", "estimates", "it", "."],
            vec!["Shelter", "said", "so", "."],
            vec!["Teck", ",", "a", "mining", "company", ",", "agreed", "."],
            vec![
                "Working", "America", ",", "a", "labor", "group", ",", "found", "it", "in", "America", ".",
            ],
        ];
        let mut tagged = vec![
            vec![(2, 3, Misc)],
            vec![(0, 1, Misc)],
            vec![(0, 1, Loc)],
            vec![(1, 2, Loc), (10, 11, Loc)],
        ];
        organisations_by_role(&sentences, &mut tagged, |_| false);
        assert_eq!(tagged[0], vec![(2, 3, Org)]);
        assert_eq!(tagged[1], vec![(0, 1, Org)], "every mention of the name");
        assert_eq!(tagged[2], vec![(0, 1, Org)]);
        assert_eq!(
            tagged[3],
            vec![(1, 2, Loc), (10, 11, Loc)],
            "a piece of a longer name stays"
        );
        // Who made a poll or a study.
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Polling", "by", "YouGov", "suggests", "so", "."],
            vec!["estimates", "by", "the", "South", "Korean", "government", "."],
        ];
        let mut tagged = vec![vec![(2, 3, Misc)], vec![(3, 5, Misc)]];
        organisations_by_role(&sentences, &mut tagged, |_| false);
        assert_eq!(tagged, vec![vec![(2, 3, Org)], vec![(3, 5, Misc)]]);
        // A name with a chief executive or a country director, taken for a person.
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Oxfam", "warned", "of", "cuts", "."],
            vec![
                "Ferran", "Puig", ",", "Oxfam", "'s", "country", "director", ",", "said", "so", ".",
            ],
            vec![
                "Trump",
                "'s",
                "campaign",
                "chairman",
                "and",
                "Clinton",
                "'s",
                "spokesman",
                "spoke",
                ".",
            ],
        ];
        let mut tagged = vec![
            vec![(0, 1, Per)],
            vec![(0, 2, Per), (3, 4, Per)],
            vec![(0, 1, Per), (5, 6, Per)],
        ];
        organisations_by_role(&sentences, &mut tagged, |_| false);
        assert_eq!(tagged[0], vec![(0, 1, Org)], "every mention of the name");
        assert_eq!(tagged[1], vec![(0, 2, Per), (3, 4, Org)]);
        assert_eq!(
            tagged[2],
            vec![(0, 1, Per), (5, 6, Per)],
            "posts a person has too"
        );
        // Or called one after its short name.
        let sentences: Vec<Vec<&str>> = vec![vec![
            "Tahrir", "al-Sham", "(", "HTS", ")", ",", "a", "militant", "group", ",", "denied", "it", ".",
        ]];
        let mut tagged = vec![vec![(0, 2, Per), (3, 4, Org)]];
        organisations_by_role(&sentences, &mut tagged, |_| false);
        assert_eq!(tagged[0], vec![(0, 2, Org), (3, 4, Org)]);
        // Or with its chief executive named before it; not a country's president.
        let sentences: Vec<Vec<&str>> = vec![
            "Hesham Safwat , CEO of Jumia Egypt , spoke ."
                .split(' ')
                .collect(),
            "the chief executive of Acumen and the president of Georgia"
                .split(' ')
                .collect(),
        ];
        let mut tagged = vec![vec![(0, 2, Per), (5, 7, Per)], vec![(4, 5, Per), (9, 10, Per)]];
        organisations_by_role(&sentences, &mut tagged, |_| false);
        assert_eq!(
            tagged,
            vec![vec![(0, 2, Per), (5, 7, Org)], vec![(4, 5, Org), (9, 10, Per)]]
        );
        // A name taken for another kind of name where someone holds a post in it.
        let sentences: Vec<Vec<&str>> = vec![
            "A spokesman for Save the Children said so .".split(' ').collect(),
            "Then Save the Children left .".split(' ').collect(),
        ];
        let mut tagged = vec![vec![(3, 6, Misc)], vec![(1, 4, Misc)]];
        organisations_by_role(&sentences, &mut tagged, |_| false);
        assert_eq!(tagged, vec![vec![(3, 6, Org)], vec![(1, 4, Org)]]);
    }

    #[test]
    fn a_name_after_the_village_of_is_a_place() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec![
                "In", "the", "village", "of", "Moulay", "Brahim", ",", "people", "dug", ".",
            ],
            vec!["Moulay", "Brahim", "was", "cut", "off", "."],
            vec!["It", "is", "the", "state", "of", "Sanders", "’", "youth", "."],
        ];
        let mut tagged = vec![vec![(4, 6, Per)], vec![(0, 2, Per)], vec![(5, 6, Per)]];
        places_by_role(&sentences, &mut tagged, |_| false);
        assert_eq!(tagged[0], vec![(4, 6, Loc)]);
        assert_eq!(tagged[1], vec![(0, 2, Loc)], "every mention of the name");
        assert_eq!(tagged[2], vec![(5, 6, Per)], "a possessive is no place's name");
        // Adjectives between ("the Yemeni city of Marib"); not without "the".
        let sentences: Vec<Vec<&str>> = vec![
            "near the Yemeni city of Marib".split(' ').collect(),
            "a city of Hope".split(' ').collect(),
        ];
        let mut tagged = vec![vec![(5, 6, Per)], vec![(3, 4, Org)]];
        places_by_role(&sentences, &mut tagged, |_| false);
        assert_eq!(tagged, vec![vec![(5, 6, Loc)], vec![(3, 4, Org)]]);
        // A point of the compass: the mention itself even for a name known as another kind.
        let sentences: Vec<Vec<&str>> = vec![
            vec!["It", "hit", "72km", "south-west", "of", "Marrakesh", "."],
            vec!["Marrakesh", "won", "."],
        ];
        let mut tagged = vec![vec![(5, 6, Org)], vec![(0, 1, Org)]];
        places_by_role(&sentences, &mut tagged, |w| w == "Marrakesh");
        assert_eq!(tagged, vec![vec![(5, 6, Loc)], vec![(0, 1, Org)]]);
        // Where a person is from, taken for a person.
        let sentences: Vec<Vec<&str>> = vec![
            vec![
                "Um", "Mahmoud", ",", "a", "mother", "of", "four", "from", "Hama", ",", "fled", ".",
            ],
            vec!["A", "letter", "from", "John", "Smith", "came", "."],
        ];
        let mut tagged = vec![vec![(0, 2, Per), (8, 9, Per)], vec![(3, 5, Per)]];
        places_by_role(&sentences, &mut tagged, |_| false);
        assert_eq!(tagged, vec![vec![(0, 2, Per), (8, 9, Loc)], vec![(3, 5, Per)]]);
    }

    #[test]
    fn a_lower_case_organisation_is_no_name() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![vec![
            "the",
            "interior",
            "ministry",
            "said",
            "the",
            "coronavirus",
            "reached",
            "Rabat",
            "and",
            "G7",
        ]];
        let mut tagged = vec![vec![(1, 3, Org), (5, 6, Misc), (7, 8, Loc), (9, 10, Org)]];
        drop_lower_case_names(&sentences, &mut tagged);
        assert_eq!(tagged[0], vec![(5, 6, Misc), (7, 8, Loc), (9, 10, Org)]);
    }

    #[test]
    fn a_name_runs_on_over_an_arabic_article() {
        use EntityLabel::*;
        let words = "near Maarat al-Numan and Deir ez-Zor , said al-Assad"
            .split(' ')
            .collect::<Vec<_>>();
        let sentences = vec![words];
        // "al-Numan" tagged apart, "ez-Zor" left out, "al-Assad" alone.
        let mut tagged = vec![vec![(1, 2, Loc), (2, 3, Misc), (4, 5, Loc), (8, 9, Per)]];
        arabic_articles_join(&sentences, &mut tagged);
        assert_eq!(tagged[0], vec![(1, 3, Loc), (4, 6, Loc), (8, 9, Per)]);
    }

    #[test]
    fn a_storm_is_an_event_without_its_kind() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Cyclone", "Freddy", "hit", "."],
            vec![
                "Hurricane",
                "Edouard",
                "hit",
                "the",
                "National",
                "Hurricane",
                "Center",
                ".",
            ],
        ];
        let mut tagged = vec![vec![(0, 2, Per)], vec![(1, 2, Per), (4, 7, Org)]];
        storms_are_events(&sentences, &mut tagged);
        assert_eq!(tagged[0], vec![(1, 2, Misc)]);
        assert_eq!(tagged[1], vec![(1, 2, Misc), (4, 7, Org)]);
    }

    #[test]
    fn a_name_of_several_words_joins_its_pieces_elsewhere_in_the_document() {
        use EntityLabel::*;
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        let sentences = vec![
            words("NHS England 's director spoke ."),
            words("Figures from NHS England show it ."),
            words("The NHS is under strain in England ."),
        ];
        let mut tagged = vec![
            vec![(0, 2, Org)],
            vec![(2, 3, Org), (3, 4, Loc)],
            vec![(1, 2, Org), (6, 7, Loc)],
        ];
        spans_agree(&sentences, &mut tagged);
        assert_eq!(tagged[1], vec![(2, 4, Org)]);
        assert_eq!(
            tagged[2],
            vec![(1, 2, Org), (6, 7, Loc)],
            "the words apart are no mention"
        );
    }

    #[test]
    fn a_place_or_organisation_head_word_decides_the_kind() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Hancock", "Brook", "feeds", "the", "Lincoln", "Reservoir", "."],
            vec![
                "Cold",
                "Spring",
                "Harbor",
                "Laboratory",
                "and",
                "Notts",
                "County",
                ".",
            ],
            vec!["The", "Island", "opened", "."],
        ];
        let mut tagged = vec![
            vec![(0, 2, Per), (4, 6, Misc)],
            vec![(0, 4, Misc), (5, 7, Org)],
            vec![(0, 2, Org)],
        ];
        kinds_by_head(&sentences, &mut tagged);
        assert_eq!(tagged[0], vec![(0, 2, Loc), (4, 6, Loc)]);
        assert_eq!(
            tagged[1],
            vec![(0, 4, Org), (5, 7, Org)],
            "a county is no head word"
        );
        assert_eq!(tagged[2], vec![(0, 2, Org)], "a title, not a place");
    }

    #[test]
    fn an_organisation_run_into_a_persons_name_is_split() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            "CEO of the Refugee Council Enver Solomon told Sky News"
                .split(' ')
                .collect(),
            "The Labour Party Conference Centre opened".split(' ').collect(),
            "The Democratic Party said".split(' ').collect(),
        ];
        let mut tagged = vec![
            vec![(3, 7, Org), (8, 10, Org)],
            vec![(1, 5, Org)],
            vec![(1, 3, Org)],
        ];
        split_organisation_from_person(&sentences, &mut tagged);
        assert_eq!(tagged[0], vec![(3, 5, Org), (5, 7, Per), (8, 10, Org)]);
        assert_eq!(
            tagged[1],
            vec![(1, 5, Org)],
            "two capitalised words after a head are no person here"
        );
        assert_eq!(tagged[2], vec![(1, 3, Org)]);
    }

    #[test]
    fn a_lone_surname_takes_the_type_of_the_full_name() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Andy", "Warhol", "took", "photos", "."],
            vec!["The", "Andy", "Warhol", "Foundation", "gave", "them", "."],
            vec!["Warhol", "'s", "Polaroids", "and", "Jordan", "."],
        ];
        let mut tagged = vec![
            vec![(0, 2, Per)],
            vec![(1, 4, Org)],
            vec![(0, 1, Org), (4, 5, Loc)],
        ];
        surnames_agree(&sentences, &mut tagged, |_| false);
        assert_eq!(tagged[2], vec![(0, 1, Per), (4, 5, Loc)]);
        assert_eq!(tagged[1], vec![(1, 4, Org)], "longer names keep their type");
    }

    #[test]
    fn a_name_goes_without_its_determiner_and_honours() {
        use EntityLabel::*;
        assert_eq!(name_only(&["The", "White", "Helmets"], Org), (1, 3));
        assert_eq!(name_only(&["the", "Home", "Office"], Org), (1, 3));
        assert_eq!(name_only(&["The"], Misc), (0, 1), "a lone word stays");
        assert_eq!(name_only(&["David", "Nott", "OBE"], Per), (0, 2));
        assert_eq!(
            name_only(&["Bank", "OBE"], Org),
            (0, 2),
            "honours follow people only"
        );
    }

    #[test]
    fn a_person_goes_without_abbreviated_titles_and_ranks() {
        let doc = Doc::new(
            "Brig. Gen. Nabil Abdallah met Maj Tom Brown and Gen. on Fr. Street with Dame Clare Moriarty \
             and Constable Emma Price.",
        );
        let entity = |text: &str, label| {
            let start = doc.text().find(text).unwrap();
            Entity {
                span: Span::new(start, start + text.len()),
                label,
            }
        };
        let mut entities = vec![
            entity("Brig. Gen. Nabil Abdallah", EntityLabel::Per),
            entity("Maj Tom Brown", EntityLabel::Per),
            entity("Gen.", EntityLabel::Per),
            entity("Fr. Street", EntityLabel::Loc),
            entity("Dame Clare Moriarty", EntityLabel::Per),
            entity("Constable Emma Price", EntityLabel::Per),
        ];
        drop_titles(&doc, &mut entities);
        let names: Vec<&str> = entities.iter().map(|e| doc.slice(e.span)).collect();
        assert_eq!(
            names,
            [
                "Nabil Abdallah",
                "Tom Brown",
                "Gen.",
                "Fr. Street",
                "Clare Moriarty",
                "Emma Price"
            ]
        );
    }

    #[test]
    fn a_town_and_its_region_are_two_places() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["In", "Idlib", ",", "Syria", ",", "and", "Paris", "."],
            vec![
                "Pan", "Am", ",", "Inc", ".", "in", "Chicago", ",", "the", "city", ".",
            ],
        ];
        let mut tagged = vec![vec![(1, 4, Loc), (6, 7, Loc)], vec![(0, 5, Org), (6, 9, Loc)]];
        split_comma_places(&sentences, &mut tagged);
        assert_eq!(tagged[0], vec![(1, 2, Loc), (3, 4, Loc), (6, 7, Loc)]);
        assert_eq!(
            tagged[1],
            vec![(0, 5, Org), (6, 9, Loc)],
            "only places; a lower-case word stays"
        );
    }

    #[test]
    fn the_names_of_a_list_are_of_one_kind() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Alerts", "in", "Rome", ",", "Florence", "and", "Bologna", "."],
            vec![
                "For",
                "Minnesota",
                ",",
                "Marty",
                "Cordova",
                "and",
                "Matt",
                "Lawton",
                "hit",
                ".",
            ],
            vec!["Rome", "and", "Bologna", "met", "."],
        ];
        let mut tagged = vec![
            vec![(2, 3, Loc), (4, 5, Loc), (6, 7, Org)],
            vec![(1, 2, Loc), (3, 5, Per), (6, 8, Per)],
            vec![(0, 1, Loc), (2, 3, Org)],
        ];
        lists_agree(&mut tagged, &sentences);
        assert_eq!(tagged[0], vec![(2, 3, Loc), (4, 5, Loc), (6, 7, Loc)]);
        assert_eq!(tagged[1][0], (1, 2, Loc), "the first name may introduce the list");
        assert_eq!(tagged[2][1], (2, 3, Org), "two names are no list");
    }

    #[test]
    fn a_known_place_keeps_its_type_after_a_mistaken_person() {
        use EntityLabel::*;
        let sentences: Vec<Vec<&str>> = vec![
            vec!["CEO", "of", "Jumia", "Egypt", "spoke", "."],
            vec!["Sales", "in", "Egypt", "and", "by", "Ashmawy", "."],
            vec!["Ibrahim", "Ashmawy", "came", "."],
        ];
        let mut tagged = vec![
            vec![(2, 4, Per)],
            vec![(2, 3, Loc), (5, 6, Org)],
            vec![(0, 2, Per)],
        ];
        surnames_agree(&sentences, &mut tagged, |w| w == "Egypt");
        assert_eq!(tagged[1], vec![(2, 3, Loc), (5, 6, Per)]);
    }

    #[test]
    fn the_gazetteer_tells_which_names_are_only_other_kinds() {
        let mut g = features::Gazetteer::default();
        g.insert(&["Egypt".into()], EntityLabel::Loc);
        g.insert(&["Jordan".into()], EntityLabel::Loc);
        g.insert(&["Jordan".into()], EntityLabel::Per);
        assert!(g.only_other_than(["Egypt"].into_iter(), EntityLabel::Per));
        assert!(!g.only_other_than(["Jordan"].into_iter(), EntityLabel::Per));
        assert!(!g.only_other_than(["Ashmawy"].into_iter(), EntityLabel::Per));
    }
}
