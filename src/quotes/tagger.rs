//! The learned attribution tagger (runtime half; training in [`super::train`]): source, cue and
//! content spans tagged over each paragraph with the shared sequence-tagger engine, then grouped
//! into attributions around their cues.

use std::ops::Range;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::speech_verbs;

/// Hashes of the speech verbs (lower case), for lookups by word hash.
fn speech_verb_hashes() -> &'static std::collections::HashSet<u64, Fast> {
    static HASHES: std::sync::OnceLock<std::collections::HashSet<u64, Fast>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| speech_verbs().iter().map(|w| word_hash(w)).collect())
}
use crate::chunk::ChunkModel;
use crate::doc::TokenKind;
use crate::ner::features::{mix, shape_hash, word_hash, ClusterIndex, Fast};
use crate::tagger::{FeatureMatrix, Labels, Model, QuantizedModel};
use crate::{Doc, Entity, EntityLabel, Quote, QuoteKind, Span};

/// First bytes of every factx attribution model file.
const MAGIC: &str = "factx-quotes";
/// Model file format version; bump when features or layout change.
pub const FORMAT_VERSION: u32 = 4;

/// Bytes of the model shipped in `models/quotes.bin`, compiled in when it exists.
#[cfg(factx_embedded_quotes)]
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/quotes.bin"));
#[cfg(not(factx_embedded_quotes))]
static EMBEDDED: &[u8] = &[];

/// Span types of the tagger, in label order.
pub const TYPES: [&str; 3] = ["SRC", "CUE", "CNT"];
/// Type index of a source span.
pub const SOURCE: usize = 0;
/// Type index of a cue span.
pub const CUE: usize = 1;
/// Type index of a content span.
pub const CONTENT: usize = 2;

/// The tagger's label set (BILOU over source, cue and content).
pub fn labels() -> Labels {
    Labels::new(&TYPES)
}

/// The model file's body (after its magic string and version).
#[derive(Serialize, Deserialize)]
struct ModelFile {
    about: String,
    lexicon: CueLexicon,
    clusters: ClusterIndex,
    tagger: QuantizedModel,
    stacked: Option<QuantizedModel>,
    /// The phrase chunker's model file, when the tagger uses phrases.
    chunker: Option<Vec<u8>>,
}

/// How often each word is (part of) a cue in the training data, as a bucket 1–3; learned by
/// `factx train quotes`, so cues beyond the speech-verb list ("has learned", "charges") count.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CueLexicon {
    /// Lower-case word hash → cue-rate bucket.
    #[serde(serialize_with = "crate::tagger::serialize_sorted")]
    rates: std::collections::HashMap<u64, u8, Fast>,
}

impl CueLexicon {
    /// Build from (word, was a cue) counts: words seen at least `min_count` times get a bucket.
    pub fn from_counts(counts: &std::collections::HashMap<u64, (u32, u32)>, min_count: u32) -> CueLexicon {
        let rates = counts
            .iter()
            .filter(|(_, &(n, _))| n >= min_count)
            .filter_map(|(&w, &(n, cue))| {
                let r = cue as f64 / n as f64;
                let b = match r {
                    r if r >= 0.5 => 3,
                    r if r >= 0.2 => 2,
                    r if r >= 0.05 => 1,
                    _ => return None,
                };
                Some((w, b))
            })
            .collect();
        CueLexicon { rates }
    }

    /// The cue-rate bucket of a lower-case word hash (0 when rare or never a cue).
    pub fn rate(&self, word: u64) -> u8 {
        self.rates.get(&word).copied().unwrap_or(0)
    }

    /// Number of words with a rate.
    pub fn len(&self) -> usize {
        self.rates.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }
}

/// One attribution found by the tagger, as token ranges of the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaggedAttribution {
    pub source: Option<Range<usize>>,
    pub cue: Option<Range<usize>>,
    /// Content fragments in text order (a quote interrupted by its cue has two).
    pub content: Vec<Range<usize>>,
}

/// A loaded attribution model; `Send + Sync`, shared by all threads.
pub struct AttributionModel {
    lexicon: CueLexicon,
    clusters: ClusterIndex,
    /// The first-pass tagger.
    model: Model,
    /// The second-pass tagger, which also sees the first pass's labels (stacking).
    stacked: Option<Model>,
    /// The phrase chunker whose phrases are features, if any.
    chunker: Option<ChunkModel>,
    about: String,
}

impl std::fmt::Debug for AttributionModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttributionModel")
            .field("about", &self.about)
            .finish_non_exhaustive()
    }
}

impl AttributionModel {
    /// Wrap a trained tagger into a model.
    pub fn new(
        lexicon: CueLexicon,
        clusters: ClusterIndex,
        model: Model,
        stacked: Option<Model>,
        chunker: Option<ChunkModel>,
        about: String,
    ) -> AttributionModel {
        AttributionModel {
            lexicon,
            clusters,
            model,
            stacked,
            chunker,
            about,
        }
    }

    /// The model compiled into the binary, if one was shipped when it was built.
    pub fn embedded() -> Option<anyhow::Result<AttributionModel>> {
        (!EMBEDDED.is_empty())
            .then(|| AttributionModel::from_bytes(EMBEDDED).context("embedded models/quotes.bin"))
    }

    /// Load a model file.
    pub fn load(path: &Path) -> anyhow::Result<AttributionModel> {
        let bytes =
            std::fs::read(path).with_context(|| format!("reading attribution model {}", path.display()))?;
        AttributionModel::from_bytes(&bytes)
            .with_context(|| format!("loading attribution model {}", path.display()))
    }

    /// Decode a model from its file bytes.
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<AttributionModel> {
        let file: ModelFile = crate::tagger::decode_model_file(
            bytes,
            MAGIC,
            FORMAT_VERSION,
            "attribution",
            "factx train quotes",
        )?;
        let model = file.tagger.into_model()?;
        let stacked = file.stacked.map(QuantizedModel::into_model).transpose()?;
        let chunker = file.chunker.as_deref().map(ChunkModel::from_bytes).transpose()?;
        anyhow::ensure!(
            model.labels == labels() && stacked.as_ref().is_none_or(|m| m.labels == labels()),
            "attribution model has unexpected labels"
        );
        Ok(AttributionModel {
            lexicon: file.lexicon,
            clusters: file.clusters,
            model,
            stacked,
            chunker,
            about: file.about,
        })
    }

    /// Write the model file (16-bit weights).
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let file = ModelFile {
            about: self.about.clone(),
            lexicon: self.lexicon.clone(),
            clusters: self.clusters.clone(),
            tagger: QuantizedModel::from(&self.model),
            stacked: self.stacked.as_ref().map(QuantizedModel::from),
            chunker: self.chunker.as_ref().map(ChunkModel::to_bytes).transpose()?,
        };
        let bytes = crate::tagger::encode_model_file(MAGIC, FORMAT_VERSION, &file)?;
        std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// The same model with another training note.
    pub fn with_about(self, about: String) -> AttributionModel {
        AttributionModel { about, ..self }
    }

    /// How the model was trained.
    pub fn about(&self) -> &str {
        &self.about
    }

    /// The phrase chunker the model reads, if it has one.
    pub fn chunker(&self) -> Option<&ChunkModel> {
        self.chunker.as_ref()
    }

    /// Typed spans `(start, end, type)` over the document's tokens, paragraph by paragraph;
    /// `both_passes: false` runs the first pass alone, on paragraphs with a speech verb, "according"
    /// or a colon only (for quotes of what people said: faster, a little less accurate).
    pub fn tag_spans(
        &self,
        doc: &Doc,
        entities: &[Entity],
        rules: &[Quote],
        both_passes: bool,
    ) -> Vec<(usize, usize, usize)> {
        let mut info = DocInfo::new(doc, entities, rules, &self.lexicon, &self.clusters);
        self.tag_with(doc, &mut info, both_passes)
    }

    /// [`Self::tag_spans`] over facts already computed (phrases are added where needed).
    fn tag_with(&self, doc: &Doc, info: &mut DocInfo, both_passes: bool) -> Vec<(usize, usize, usize)> {
        let mut x = FeatureMatrix::new();
        let mut x2 = FeatureMatrix::new();
        let mut out = Vec::new();
        for p in 0..doc.paragraphs.len() {
            let range = paragraph_tokens(doc, p);
            if range.is_empty() {
                continue;
            }
            // Without a cue word, quote mark or colon, or when the first pass finds nothing,
            // the tagger finds nothing either (checked on PolNeAR dev: identical scores). Speech
            // alone needs a speech verb, "according" or a colon (eval/README.md: what it costs).
            if !info.may_attribute(doc, range.clone())
                || (!both_passes && !range.clone().any(|t| info.speech[t]))
            {
                continue;
            }
            extract(doc, info, range.clone(), &mut x);
            let mut y = self.model.predict(&x);
            if y.iter().all(|&l| l == 0) {
                continue;
            }
            if let Some(stacked) = self.stacked.as_ref().filter(|_| both_passes) {
                // Phrases are second-pass features: only paragraphs the first pass found
                // something in are chunked, and speech (first pass alone) never is.
                if let Some(chunker) = &self.chunker {
                    info.add_phrases(doc, chunker, p, &mut x2);
                }
                stack(doc, info, range.clone(), &y, &x, &mut x2);
                y = stacked.predict(&x2);
            }
            for (a, b, t) in self.model.labels.decode(&y) {
                out.push((range.start + a, range.start + b, t));
            }
        }
        out
    }

    /// First-pass labels of every paragraph (for training the second pass).
    pub fn first_pass(&self, doc: &Doc, info: &DocInfo) -> Vec<Vec<usize>> {
        let mut x = FeatureMatrix::new();
        (0..doc.paragraphs.len())
            .map(|p| {
                let range = paragraph_tokens(doc, p);
                if range.is_empty() {
                    return Vec::new();
                }
                extract(doc, info, range, &mut x);
                self.model.predict(&x)
            })
            .collect()
    }

    /// The attributions of a document: tagged spans grouped around their cues. `rules` are the
    /// quotes the rules found in it (features of the tagger).
    pub fn attributions(
        &self,
        doc: &Doc,
        entities: &[Entity],
        rules: &[Quote],
        both_passes: bool,
    ) -> Vec<TaggedAttribution> {
        let mut info = DocInfo::new(doc, entities, rules, &self.lexicon, &self.clusters);
        let spans = self.tag_with(doc, &mut info, both_passes);
        let mut found = group_by(doc, &info.sentence, &spans);
        // Only for every attribution (measured: quotes of speech lose a little with it).
        if both_passes {
            extend_over_nested(doc, &info.sentence, &mut found);
            widen_sources_to_subjects(doc, &info, &mut found);
            end_before_coordinated_verb(doc, &info, &mut found);
            participle_subjects(doc, &info, &mut found);
        }
        found
    }
}

/// Token indices of paragraph `p`.
pub fn paragraph_tokens(doc: &Doc, p: usize) -> Range<usize> {
    let sents = &doc.paragraphs[p].sentences;
    if sents.is_empty() {
        return 0..0;
    }
    doc.sentences[sents.start].tokens.start..doc.sentences[sents.end - 1].tokens.end
}

/// Group typed spans into attributions: each content and each source joins the nearest cue of
/// its paragraph (same sentence first); a content with no cue stands alone.
pub fn group(doc: &Doc, spans: &[(usize, usize, usize)]) -> Vec<TaggedAttribution> {
    group_by(doc, &sentence_index(doc), spans)
}

/// [`group`], knowing the sentence index of every token.
fn group_by(doc: &Doc, sentence_of: &[usize], spans: &[(usize, usize, usize)]) -> Vec<TaggedAttribution> {
    let paragraph_of = |t: usize| doc.sentences[sentence_of[t]].paragraph;
    // A hedged number is no cue, nor the rest of the number after it its content.
    let hedges: Vec<usize> = spans
        .iter()
        .filter(|s| s.2 == CUE && hedges_a_number(doc, s.0..s.1))
        .map(|s| s.1)
        .collect();
    let spans: Vec<(usize, usize, usize)> = spans
        .iter()
        .copied()
        .filter(|s| !((s.2 == CUE && hedges.contains(&s.1)) || (s.2 == CONTENT && hedges.contains(&s.0))))
        .collect();
    let spans = &spans[..];
    let mut cues: Vec<Range<usize>> = spans
        .iter()
        .filter(|s| s.2 == CUE)
        .map(|&(a, b, _)| a..b)
        .collect();
    cues.sort_by_key(|c| c.start);
    // Paragraph of each cue, in text order: a span looks only at the cues of its paragraph.
    let cue_paragraph: Vec<usize> = cues.iter().map(|c| paragraph_of(c.start)).collect();
    let cues_of =
        |p: usize| cue_paragraph.partition_point(|&q| q < p)..cue_paragraph.partition_point(|&q| q <= p);
    let mut out: Vec<TaggedAttribution> = cues
        .iter()
        .map(|c| TaggedAttribution {
            cue: Some(c.clone()),
            ..TaggedAttribution::default()
        })
        .collect();
    // Distance from a span to a cue: the tokens between them, plus a penalty per sentence
    // boundary crossed; `None` across paragraphs.
    let distance = |a: usize, b: usize, cue: &Range<usize>| -> Option<usize> {
        if paragraph_of(a) != paragraph_of(cue.start) {
            return None;
        }
        let (gap, from, to) = if b <= cue.start {
            (cue.start - b, b.saturating_sub(1), cue.start)
        } else if cue.end <= a {
            (a - cue.end, cue.end - 1, a)
        } else {
            (0, a, a)
        };
        let crossed = sentence_of[to].abs_diff(sentence_of[from]);
        Some(gap + 1000 * crossed)
    };
    // The cues are disjoint and in text order, so the search walks out from the span on both
    // sides and stops where the gap alone exceeds the best distance (linear in a huge paragraph).
    let nearest = |a: usize, b: usize, taken: &dyn Fn(usize) -> bool| -> Option<usize> {
        let range = cues_of(paragraph_of(a));
        let split = range.start + cues[range.clone()].partition_point(|c| c.start < b);
        let gap = |k: usize| {
            let c = &cues[k];
            if b <= c.start {
                c.start - b
            } else {
                a.saturating_sub(c.end)
            }
        };
        let mut best: Option<(usize, usize)> = None;
        let mut consider = |k: usize| -> bool {
            // No cue further than a few thousand tokens away groups with the span, whatever else
            // is taken (a paragraph of a whole book would otherwise be searched for each span).
            if best.is_some_and(|(d, _)| gap(k) > d) || gap(k) > 3000 {
                return false;
            }
            if !taken(k) {
                if let Some(d) = distance(a, b, &cues[k]) {
                    best = Some(best.map_or((d, k), |x| x.min((d, k))));
                }
            }
            true
        };
        for k in (range.start..split).rev() {
            if !consider(k) {
                break;
            }
        }
        for k in split..range.end {
            if !consider(k) {
                break;
            }
        }
        best.map(|(_, k)| k)
    };
    let mut loose = Vec::new();
    for &(a, b, _) in spans.iter().filter(|s| s.2 == CONTENT) {
        match nearest(a, b, &|_| false) {
            Some(k) => out[k].content.push(a..b),
            None => loose.push(TaggedAttribution {
                content: std::iter::once(a..b).collect(),
                ..TaggedAttribution::default()
            }),
        }
    }
    for &(a, b, _) in spans.iter().filter(|s| s.2 == SOURCE) {
        // A cue has one source: prefer the nearest cue that has none yet.
        let k = nearest(a, b, &|k| out[k].source.is_some()).or_else(|| nearest(a, b, &|_| false));
        if let Some(k) = k {
            if out[k].source.is_none() {
                out[k].source = Some(a..b);
            }
        }
    }
    // Coordinated cues share their subject ("X complained …, even suggesting …").
    for k in 0..cues.len() {
        if out[k].source.is_some() {
            continue;
        }
        let s = sentence_of[cues[k].start];
        let shared = (0..k)
            .rev()
            .take_while(|&j| sentence_of[cues[j].start] == s)
            .find_map(|j| out[j].source.clone());
        out[k].source = shared;
    }
    // A cue with a quoted content fragment keeps only its quoted fragments: PolNeAR joins quoted
    // and unquoted fragments in 280 of its 3,149 many-fragment contents (train), while the
    // tagger's unquoted extras are mostly the narration around the quote.
    let quoted = |r: &Range<usize>| {
        let from = r.start.saturating_sub(1);
        (from..(r.end + 1).min(doc.tokens.len())).any(|t| doc.tokens[t].kind == TokenKind::Quote)
    };
    for a in out.iter_mut() {
        if a.content.len() > 1 && a.content.iter().any(quoted) {
            a.content.retain(quoted);
        }
    }
    // A cue with a content fragment in its own sentence drops its unquoted fragments from other
    // sentences: PolNeAR keeps such a fragment in 427 of 19,466 attributions (train).
    for a in out[..cues.len()].iter_mut() {
        let Some(s) = a.cue.as_ref().map(|c| sentence_of[c.start]) else {
            continue;
        };
        let here = |r: &Range<usize>| sentence_of[r.start] == s || sentence_of[r.end - 1] == s;
        if a.content.len() > 1 && a.content.iter().any(here) {
            a.content.retain(|r| here(r) || quoted(r));
        }
    }
    for a in out[..cues.len()].iter_mut() {
        keep_nearest_fragment(doc, a, quoted);
    }
    for a in out.iter_mut() {
        extend_reported_clause(doc, sentence_of, spans, a);
    }
    out.extend(loose);
    out.sort_by_key(|x| {
        x.content
            .first()
            .map(|c| c.start)
            .or(x.cue.as_ref().map(|c| c.start))
    });
    out
}

/// Whether a tagged cue holds a number's hedge ("leaving an estimated 12.1 million people", "a
/// reported 300 deaths"): a participle between a determiner and a number says how sure the
/// number is, not who said it.
fn hedges_a_number(doc: &Doc, cue: Range<usize>) -> bool {
    cue.clone().any(|t| {
        matches!(
            doc.token_text(t),
            "estimated"
                | "reported"
                | "expected"
                | "claimed"
                | "alleged"
                | "projected"
                | "rumoured"
                | "rumored"
        ) && t > 0
            && matches!(doc.token_text(t - 1), "an" | "a" | "the" | "An" | "A" | "The")
            && doc
                .tokens
                .get(t + 1)
                .is_some_and(|n| doc.slice(n.span).starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// A cue with several unquoted content fragments keeps the one nearest to it, and a relative
/// word before it ("which | she plans | to do …") or the subject of a raising verb ("Obama's
/// veto | is expected | to come …"), as PolNeAR writes them: the tagger's other fragments are
/// mostly objects and adjuncts around the cue ("I believe in [President Obama] | [the good sense
/// of the American people]").
fn keep_nearest_fragment(doc: &Doc, a: &mut TaggedAttribution, quoted: impl Fn(&Range<usize>) -> bool) {
    let Some(cue) = a.cue.clone() else {
        return;
    };
    if a.content.len() < 2 || a.content.iter().any(&quoted) {
        return;
    }
    let gap = |r: &Range<usize>| {
        if r.end <= cue.start {
            cue.start - r.end
        } else {
            r.start.saturating_sub(cue.end)
        }
    };
    let Some(nearest) = a.content.iter().min_by_key(|r| (gap(r), r.start)).cloned() else {
        return;
    };
    let word_is = |t: usize, words: &[&str]| words.iter().any(|w| doc.token_text(t).eq_ignore_ascii_case(w));
    let relative = |r: &Range<usize>| {
        r.len() == 1 && r.end <= cue.start && word_is(r.start, &["which", "what", "that", "who", "whom"])
    };
    let infinitive = |r: &Range<usize>| r.start >= cue.end && word_is(r.start, &["to"]);
    let infinitive_after = a.content.iter().any(infinitive);
    let raised = |r: &Range<usize>| infinitive_after && (r.end <= cue.start || infinitive(r));
    a.content.retain(|r| *r == nearest || relative(r) || raised(r));
}

/// Run a reported clause on to its sentence end or to the first aside in it: a cue's one unquoted
/// content that starts just after the cue and stops before its sentence does, with no tagged span
/// or quote mark left in the sentence, is cut short ("said [he plans to put to good use the
/// approximately $18 million] he says he raised …").
fn extend_reported_clause(
    doc: &Doc,
    sentence_of: &[usize],
    spans: &[(usize, usize, usize)],
    a: &mut TaggedAttribution,
) {
    let (Some(cue), [c]) = (&a.cue, a.content.as_slice()) else {
        return;
    };
    if c.start < cue.end || c.start - cue.end > 3 || sentence_of[c.start] != sentence_of[c.end - 1] {
        return;
    }
    let sentence_end = doc.sentences[sentence_of[c.start]].tokens.end;
    let mut end = (c.end..sentence_end)
        .find(|&t| clause_boundary(doc, t))
        .unwrap_or(sentence_end);
    while end > c.end && doc.tokens[end - 1].kind == TokenKind::Punct {
        end -= 1;
    }
    let quote_mark = |t: usize| doc.tokens[t].kind == TokenKind::Quote;
    if end <= c.end
        || (c.start.saturating_sub(1)..end).any(quote_mark)
        || spans.iter().any(|&(x, _, _)| x >= c.end && x < end)
    {
        return;
    }
    a.content[0] = c.start..end;
}

/// Whether token `t` opens an aside (a semicolon, a dash or a bracket), where a reported clause
/// run on to its sentence end stops.
fn clause_boundary(doc: &Doc, t: usize) -> bool {
    matches!(doc.token_text(t), ";" | "—" | "―" | "–" | "--" | "-" | "(")
}

/// A reported clause that holds an attribution of its own ("He notes that [the Commission
/// announced earlier Friday that there was an issue …]") runs on over it: the tagger gives each
/// word one label, so the outer content stops where the inner source or cue starts.
fn extend_over_nested(doc: &Doc, sentence_of: &[usize], out: &mut [TaggedAttribution]) {
    let quote_mark = |t: usize| doc.tokens.get(t).is_some_and(|t| t.kind == TokenKind::Quote);
    // The attribution whose source or cue starts at each token.
    let mut starts = std::collections::HashMap::new();
    for (j, a) in out.iter().enumerate() {
        for r in a.source.iter().chain(&a.cue) {
            starts.entry(r.start).or_insert(j);
        }
    }
    for k in 0..out.len() {
        let (Some(cue), [c]) = (&out[k].cue, out[k].content.as_slice()) else {
            continue;
        };
        let s = sentence_of[c.start];
        if c.start < cue.end || c.start - cue.end > 3 || sentence_of[cue.start] != s {
            continue;
        }
        let (start, end) = (c.start, c.end);
        // A quotation is not a reported clause.
        if (start.saturating_sub(1)..=end).any(quote_mark) {
            continue;
        }
        // An opening subordinate clause ends at a comma before its main clause ("worried that
        // if the state held up the deal, [Patriot could threaten] …").
        // Only after "that": "Asked if …, Carson said" asks, it does not report.
        let subordinate = start + 1 < end
            && doc.token_text(start) == "that"
            && SUBORDINATORS.contains(&doc.token_text(start + 1).to_lowercase().as_str());
        let inner_at = if subordinate && doc.tokens.get(end).is_some_and(|t| doc.slice(t.span) == ",") {
            end + 1
        } else {
            end
        };
        let Some(&inner) = starts
            .get(&inner_at)
            .filter(|&&j| j != k && sentence_of.get(inner_at) == Some(&s))
        else {
            continue;
        };
        // The inner attribution's content follows its cue, in the same sentence.
        let b = &out[inner];
        let Some(b_cue) = b.cue.as_ref() else {
            continue;
        };
        // It runs on only forwards: an inner attribution whose content lies before ("according to
        // x … that according to …") leaves it as it is.
        let Some(stop) = b
            .content
            .iter()
            .filter(|r| r.start >= b_cue.end && sentence_of[r.end - 1] == s)
            .map(|r| r.end)
            .max()
            .filter(|&stop| stop > end)
        else {
            continue;
        };
        out[k].content[0] = start..stop;
    }
}

/// An object content without a verb of its own ends before "and" and a finite verb: that is the
/// writer going on ("declined [that assignment] and has since left the network", "called
/// [Machado “disgusting”] and encouraged Americans to …").
fn end_before_coordinated_verb(doc: &Doc, info: &DocInfo, out: &mut [TaggedAttribution]) {
    // Phrase types of the chunk codes (see `ChunkCode`): 1 + 2 × type, + 1 inside a phrase.
    let vp = 1u8;
    let phrase = |t: usize| info.chunk.get(t).and_then(|c| c.checked_sub(1)).map(|c| c / 2);
    for a in out.iter_mut() {
        let (Some(cue), [c]) = (&a.cue, a.content.as_mut_slice()) else {
            continue;
        };
        if c.start < cue.end || c.start - cue.end > 3 || info.sentence[c.start] != info.sentence[c.end - 1] {
            continue;
        }
        let Some(and) = (c.start + 1..c.end).find(|&t| doc.token_text(t) == "and") else {
            continue;
        };
        let own_verb = (c.start..and).any(|t| {
            phrase(t) == Some(vp) || matches!(doc.token_text(t), "that" | "who" | "which" | "whose")
        });
        // Quoted words may hold a verb; an "and" after them closes nothing ("called her
        // “third-rate” and boycotted …"), but one inside them is quoted.
        let marks = (c.start..and)
            .filter(|&t| doc.tokens[t].kind == TokenKind::Quote)
            .count();
        if own_verb || marks % 2 == 1 || and + 1 >= c.end {
            continue;
        }
        // A finite verb: a past tense or an auxiliary ("and established", "and has since left").
        let next = and + 1;
        let word = doc.token_text(next);
        let finite = super::finite_verb_like(word)
            || matches!(
                word,
                "did" | "said" | "told" | "made" | "took" | "gave" | "went" | "left"
            );
        if phrase(next) == Some(vp) && finite {
            let mut end = and;
            while end > c.start + 1 && doc.token_text(end - 1) == "," {
                end -= 1;
            }
            c.end = end;
        }
    }
}

/// A participle after its clause's comma or dash ("Black voters have formed a coalition,
/// supporting her by 67 points") has no source of its own: its source is the clause's subject,
/// the noun phrase before the sentence's first verb (not one after a preposition or "that").
fn participle_subjects(doc: &Doc, info: &DocInfo, out: &mut [TaggedAttribution]) {
    let (np, vp, pp) = (0u8, 1u8, 2u8);
    let possessive = |u: usize| matches!(doc.token_text(u), "'s" | "’s" | "'" | "’");
    let phrase = |t: usize| info.chunk.get(t).and_then(|c| c.checked_sub(1)).map(|c| c / 2);
    let begins = |t: usize| info.chunk[t] % 2 == 1;
    for a in out.iter_mut() {
        let (None, Some(cue)) = (&a.source, &a.cue) else {
            continue;
        };
        let t = cue.start;
        let word = doc.token_text(t);
        if t == 0 || !word.ends_with("ing") || !word.starts_with(char::is_lowercase) {
            continue;
        }
        let before = doc.token_text(t - 1);
        if !matches!(before, "," | "–" | "—") {
            continue;
        }
        let s = info.sentence[t];
        let first = doc.sentences[s].tokens.start;
        // The first verb phrase of the sentence with a noun phrase right before it.
        let Some(verb) = (first + 1..t).find(|&u| phrase(u) == Some(vp) && begins(u)) else {
            continue;
        };
        if phrase(verb - 1) != Some(np) {
            continue;
        }
        let mut start = verb - 1;
        loop {
            while start > first && !begins(start) && phrase(start - 1) == Some(np) {
                start -= 1;
            }
            // A possessive joins the noun phrase before it ("Clinton 's father").
            let joins = start > first
                && phrase(start - 1) == Some(np)
                && (possessive(start) || possessive(start - 1));
            if !joins {
                break;
            }
            start -= 1;
        }
        if possessive(start) {
            continue;
        }
        // Not the object of a preposition or a subordinate clause's subject.
        if start > first {
            let opener = doc.token_text(start - 1).to_lowercase();
            let subordinate = SUBORDINATORS.contains(&opener.as_str())
                || matches!(opener.as_str(), "that" | "who" | "which" | "as");
            if subordinate || phrase(start - 1) == Some(pp) {
                continue;
            }
        }
        a.source = Some(start..verb);
    }
}

/// Words that open a subordinate clause ("if", "since", "because").
const SUBORDINATORS: &[&str] = &[
    "if", "since", "because", "although", "though", "while", "when", "unless", "after", "before", "once",
    "until", "whereas",
];

/// A source tagged as the object of a preposition inside its cue's subject ("The GOP's
/// complaint to [the D.C. Court …] says", "a 2014 study by [Harvard] found") widens to the whole
/// subject, as PolNeAR writes it: leftwards over noun and prepositional phrases (and a participle
/// before one: "an analysis released by …") to the start of the sentence or clause.
fn widen_sources_to_subjects(doc: &Doc, info: &DocInfo, out: &mut [TaggedAttribution]) {
    // Phrase types of the chunk codes (see `ChunkCode`): 1 + 2 × type, + 1 inside a phrase.
    let (np, vp, pp) = (0u8, 1u8, 2u8);
    let phrase = |t: usize| info.chunk[t].checked_sub(1).map(|c| c / 2);
    let begins = |t: usize| info.chunk[t] % 2 == 1;
    // A lower-case preposition that modifies nouns (not "after", "during", "since" …).
    let noun_modifier = |t: usize| {
        [
            "of", "to", "by", "for", "from", "at", "in", "on", "with", "between", "among", "about", "against",
        ]
        .contains(&doc.token_text(t))
    };
    let by_follows = |t: usize| t < doc.tokens.len() && doc.token_text(t) == "by";
    for a in out.iter_mut() {
        let (Some(source), Some(cue)) = (a.source.clone(), a.cue.as_ref()) else {
            continue;
        };
        let s = info.sentence[source.start];
        let first = doc.sentences[s].tokens.start;
        if source.start <= first
            || source.end > cue.start
            || cue.start - source.end > 1
            || info.sentence[cue.start] != s
        {
            continue;
        }
        // A possessive owns its cue ("Trump's claim"); it is not the subject.
        let last_word = doc.token_text(source.end - 1).to_lowercase();
        if matches!(
            last_word.as_str(),
            "'s" | "’s" | "'" | "’" | "his" | "her" | "their" | "its" | "my" | "our" | "your"
        ) || last_word.ends_with("'s")
            || last_word.ends_with("’s")
        {
            continue;
        }
        let before = source.start - 1;
        if phrase(before) != Some(pp)
            || !noun_modifier(before)
            || (before > first && doc.token_text(before - 1).eq_ignore_ascii_case("according"))
        {
            continue;
        }
        // Walk left phrase by phrase; `start` is the first word of the leftmost noun phrase.
        let mut t = source.start;
        let mut start = None;
        let mut last = None;
        let clause_edge = loop {
            if t == first {
                break true;
            }
            // The phrase ending at t - 1.
            let end = t;
            let kind = phrase(end - 1);
            let mut b = end - 1;
            while kind.is_some() && b > first && !begins(b) {
                b -= 1;
            }
            match kind {
                Some(k) if k == np => {}
                Some(k) if k == pp && noun_modifier(b) => {}
                Some(k)
                    if k == vp && b + 1 == end && by_follows(end) && doc.token_text(b).ends_with("ed") => {}
                Some(_) => {
                    break matches!(
                        doc.token_text(b).to_ascii_lowercase().as_str(),
                        "as" | "while" | "because"
                    )
                }
                // Coordinated nouns ("regulators and advisers to Patriot").
                None if b > first
                    && phrase(b - 1) == Some(np)
                    && ["and", "or"].contains(&doc.token_text(b)) => {}
                None => {
                    let w = doc.token_text(end - 1);
                    break matches!(w, "," | ";" | ":" | "(" | "—" | "–" | "-" | "--")
                        || ["and", "but", "or", "yet", "so"]
                            .iter()
                            .any(|c| w.eq_ignore_ascii_case(c));
                }
            }
            if kind == Some(np) {
                start = Some(b);
            }
            last = kind;
            t = b;
        };
        if let (true, Some(np_start), Some(k)) = (clause_edge, start, last) {
            if k == np && np_start < source.start {
                a.source = Some(np_start..source.end);
            }
        }
    }
}

/// The sentence index of every token.
fn sentence_index(doc: &Doc) -> Vec<usize> {
    let mut out = vec![0; doc.tokens.len()];
    for (s, sent) in doc.sentences.iter().enumerate() {
        for t in sent.tokens.clone() {
            out[t] = s;
        }
    }
    out
}

/// Per-token facts of a document that features are built from.
pub struct DocInfo {
    /// Lower-case word hash.
    low: Vec<u64>,
    /// Shape hash.
    shape: Vec<u64>,
    /// 3-character suffix hash.
    suffix: Vec<u64>,
    /// Speech verb, or a word that is often a cue.
    verb: Vec<bool>,
    /// A speech verb of the lexicon, "according" or a colon.
    speech: Vec<bool>,
    /// Cue-rate bucket (see [`CueLexicon`]).
    cue_rate: Vec<u8>,
    /// Word-cluster path prefixes of 6 and 10 bits (0 when the word has no cluster).
    cluster: Vec<(u64, u64)>,
    /// Entity tag: 0 none, else 1 + 2 × label + (1 when inside, 0 when first word).
    ner: Vec<u8>,
    /// Sentence index of each token.
    sentence: Vec<usize>,
    /// Phrase of each token (see [`crate::chunk::ChunkCode`]; all 0 without a chunker).
    chunk: Vec<u8>,
    /// Per token: the phrase type (1 + type, 0 outside) just before and just after its phrase,
    /// and the highest cue rate of a word in its phrase.
    phrase_context: Vec<(u8, u8, u8)>,
    /// The token's part in a quote the rules found: 0 none, else 1 + 4 × role (speaker, cue,
    /// quoted content, unquoted content) + place in the span (first, inside, last, alone).
    rule: Vec<u8>,
}

/// Each token's part in the quotes the rules found (see [`DocInfo::rule`]).
fn rule_parts(doc: &Doc, rules: &[Quote]) -> Vec<u8> {
    let mut parts = vec![0u8; doc.tokens.len()];
    let mut mark = |span: Span, role: u8| {
        let Range {
            start: first,
            end: last,
        } = doc.tokens_in(span);
        for (t, part) in parts.iter_mut().enumerate().take(last).skip(first) {
            let place = match (t == first, t + 1 == last) {
                (true, true) => 3,
                (true, false) => 0,
                (false, true) => 2,
                (false, false) => 1,
            };
            if *part == 0 {
                *part = 1 + 4 * role + place;
            }
        }
    };
    for q in rules {
        if let Some(m) = q.speaker.as_ref().and_then(|s| s.mention) {
            mark(m, 0);
        }
        if let Some(c) = q.cue {
            mark(c, 1);
        }
        mark(q.content, if q.kind == QuoteKind::Direct { 2 } else { 3 });
    }
    parts
}

impl DocInfo {
    /// Compute the per-token facts of a document.
    pub fn new(
        doc: &Doc,
        entities: &[Entity],
        rules: &[Quote],
        lexicon: &CueLexicon,
        clusters: &ClusterIndex,
    ) -> DocInfo {
        let verbs = speech_verb_hashes();
        let (according, colon) = (word_hash("according"), word_hash(":"));
        let n = doc.tokens.len();
        let mut low = Vec::with_capacity(n);
        let mut shape = Vec::with_capacity(n);
        let mut suffix = Vec::with_capacity(n);
        let mut verb = Vec::with_capacity(n);
        let mut speech = Vec::with_capacity(n);
        let mut cue_rate = Vec::with_capacity(n);
        let mut cluster = Vec::with_capacity(n);
        let mut buf = String::new();
        for t in 0..n {
            let w = doc.token_text(t);
            // `word_hash` lower-cases ASCII itself, so only other words need a lower-case copy.
            let lower: &str = if w.is_ascii() {
                w
            } else {
                buf.clear();
                buf.extend(w.chars().flat_map(char::to_lowercase));
                &buf
            };
            low.push(word_hash(lower));
            shape.push(shape_hash(w, true));
            let cut = lower.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            suffix.push(word_hash(&lower[cut..]));
        }
        // The table lookups in loops of their own: their cache misses overlap one another
        // instead of waiting behind each token's hashing.
        cue_rate.extend(low.iter().map(|&h| lexicon.rate(h)));
        cluster.extend(low.iter().map(|&h| {
            clusters.get(h).map_or((0, 0), |(bits, len)| {
                let prefix =
                    |k: u8| 1 + (u64::from(bits >> len.saturating_sub(k)) | u64::from(k.min(len)) << 32);
                (prefix(6), prefix(10))
            })
        }));
        for (&h, &rate) in low.iter().zip(&cue_rate) {
            let in_lexicon = verbs.contains(&h);
            verb.push(rate >= 2 || (rate >= 1 && in_lexicon));
            speech.push(in_lexicon || h == according || h == colon);
        }
        let mut ner = vec![0u8; n];
        for e in entities {
            let label = EntityLabel::ALL.iter().position(|&l| l == e.label).unwrap_or(0) as u8;
            let tokens = doc.tokens_in(e.span);
            let first = tokens.start;
            for t in tokens {
                ner[t] = 1 + 2 * label + u8::from(t > first);
            }
        }
        DocInfo {
            low,
            shape,
            suffix,
            verb,
            speech,
            cue_rate,
            cluster,
            ner,
            sentence: sentence_index(doc),
            chunk: vec![0; n],
            phrase_context: vec![(0, 0, 0); n],
            rule: rule_parts(doc, rules),
        }
    }
}

impl DocInfo {
    /// Whether tokens `range` hold anything an attribution needs: a word that is often a cue, a
    /// speech verb, a quote mark or a colon.
    pub fn may_attribute(&self, doc: &Doc, range: Range<usize>) -> bool {
        range.into_iter().any(|t| {
            self.verb[t]
                || self.cue_rate[t] > 0
                || doc.tokens[t].kind == TokenKind::Quote
                || matches!(doc.token_text(t), ":" | "―" | "—")
        })
    }
}

impl DocInfo {
    /// [`DocInfo::new`] with the phrases of every paragraph when there is a chunker.
    pub fn with_phrases(
        doc: &Doc,
        entities: &[Entity],
        rules: &[Quote],
        lexicon: &CueLexicon,
        clusters: &ClusterIndex,
        chunker: Option<&ChunkModel>,
    ) -> DocInfo {
        let mut info = DocInfo::new(doc, entities, rules, lexicon, clusters);
        if let Some(chunker) = chunker {
            let mut x = FeatureMatrix::new();
            for p in 0..doc.paragraphs.len() {
                info.add_phrases(doc, chunker, p, &mut x);
            }
        }
        info
    }

    /// Chunk the sentences of paragraph `p` into phrases (tokens outside it are untouched).
    pub fn add_phrases(&mut self, doc: &Doc, chunker: &ChunkModel, p: usize, x: &mut FeatureMatrix) {
        let kind = |c: u8| if c == 0 { 0 } else { 1 + (c - 1) / 2 };
        let mut words: Vec<&str> = Vec::new();
        for s in doc.paragraphs[p].sentences.clone() {
            let (a, b) = (doc.sentences[s].tokens.start, doc.sentences[s].tokens.end);
            words.clear();
            words.extend((a..b).map(|t| doc.token_text(t)));
            let chunk = &mut self.chunk[a..b];
            chunk.copy_from_slice(&chunker.codes(&words, x));
            let mut t = 0;
            while t < chunk.len() {
                // The phrase (or lone outside token) starting at t.
                let mut e = t + 1;
                if chunk[t] != 0 {
                    while e < chunk.len() && chunk[e] != 0 && chunk[e] % 2 == 0 {
                        e += 1;
                    }
                }
                let before = if t > 0 { kind(chunk[t - 1]) } else { 15 };
                let after = if e < chunk.len() { kind(chunk[e]) } else { 15 };
                let rate = self.cue_rate[a + t..a + e].iter().copied().max().unwrap_or(0);
                self.phrase_context[a + t..a + e].fill((before, after, rate));
                t = e;
            }
        }
    }
}

/// Where a token sits relative to quote marks in its paragraph.
#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    Outside = 0,
    Inside = 1,
    Open = 2,
    Close = 3,
}

fn quote_states(doc: &Doc, range: Range<usize>) -> Vec<QuoteState> {
    let mut inside = false;
    range
        .map(|t| {
            if doc.tokens[t].kind != TokenKind::Quote {
                return if inside {
                    QuoteState::Inside
                } else {
                    QuoteState::Outside
                };
            }
            let w = doc.token_text(t);
            let opens = match w {
                "“" | "«" | "``" => true,
                // A closing mark where none is open, glued to the word after it, opens a quote
                // (a mistyped "”Fear. I am …").
                "”" => {
                    !inside
                        && doc.tokens.get(t + 1).is_some_and(|n| {
                            n.span.start == doc.tokens[t].span.end && n.kind != TokenKind::Punct
                        })
                }
                "»" => false,
                "\"" | "''" => !inside,
                _ => {
                    return if inside {
                        QuoteState::Inside
                    } else {
                        QuoteState::Outside
                    }
                }
            };
            inside = opens;
            if opens {
                QuoteState::Open
            } else {
                QuoteState::Close
            }
        })
        .collect()
}

/// A distance bucket: 0, 1, 2, 3–4, 5–8, 9–16, more.
fn bucket(d: usize) -> u64 {
    match d {
        0..=2 => d as u64,
        3..=4 => 3,
        5..=8 => 4,
        9..=16 => 5,
        _ => 6,
    }
}

/// The span type of a label index: 0 for O, else 1 + type.
fn label_type(y: usize) -> u64 {
    if y == 0 {
        0
    } else {
        1 + ((y - 1) / 4) as u64
    }
}

/// Hash the first pass's features of paragraph tokens `range` into `x` (cleared first).
pub fn extract(doc: &Doc, info: &DocInfo, range: Range<usize>, x: &mut FeatureMatrix) {
    x.clear();
    let quotes = quote_states(doc, range.clone());
    let (first, end) = (range.start, range.end);
    let word = |t: isize| -> u64 {
        if t < first as isize {
            0xb0
        } else if t >= end as isize {
            0xe0
        } else {
            info.low[t as usize]
        }
    };
    let is_verb = |t: isize| t >= first as isize && t < end as isize && info.verb[t as usize];
    let ner = |t: isize| -> u64 {
        if t >= first as isize && t < end as isize {
            info.ner[t as usize] as u64
        } else {
            99
        }
    };
    let para_sentences = {
        let s0 = info.sentence[first];
        (s0, info.sentence[end - 1])
    };
    let geo = Geometry::new(doc, info, range.clone(), |t| info.verb[t]);
    let commas = |a: usize, b: usize| geo.commas(a, b);
    for t in range.clone() {
        let i = t as isize;
        let k = t - first;
        let s = info.sentence[t];
        let sent = &doc.sentences[s];
        let (s_first, s_end) = (sent.tokens.start, sent.tokens.end);
        let f = |template: u64, v: u64| mix(mix(template, v), 0x51);
        let mut push = |h: u64| x.hashes.push(h);
        let w = info.low[t];
        push(f(0, 0));
        push(f(1, w));
        push(f(2, info.shape[t]));
        push(f(3, word(i - 1)));
        push(f(4, word(i + 1)));
        push(f(5, word(i - 2)));
        push(f(6, word(i + 2)));
        push(f(7, mix(word(i - 1), w)));
        push(f(8, mix(w, word(i + 1))));
        push(f(9, info.suffix[t]));
        let verbs = u64::from(is_verb(i - 1)) | u64::from(is_verb(i)) << 1 | u64::from(is_verb(i + 1)) << 2;
        push(f(10, verbs));
        push(f(11, ner(i)));
        push(f(12, mix(ner(i - 1), ner(i + 1))));
        let q = quotes[k] as u64;
        push(f(13, q));
        push(f(14, mix(q, w)));
        let prev_q = if k > 0 { quotes[k - 1] as u64 } else { 9 };
        let next_q = quotes.get(k + 1).map_or(9, |&q| q as u64);
        push(f(15, mix(mix(prev_q, q), next_q)));
        // Position in the sentence and the paragraph.
        let from_start = t - s_first;
        let to_end = s_end - 1 - t;
        push(f(16, bucket(from_start)));
        push(f(17, bucket(to_end)));
        let sent_pos = (s - para_sentences.0).min(2) as u64 | u64::from(s == para_sentences.1) << 2;
        push(f(18, sent_pos));
        push(f(19, mix(sent_pos, q)));
        // The nearest speech verb of the sentence: side, distance, commas between, the verb.
        let (left, right) = (geo.left(t), geo.right(t));
        match left {
            Some(v) => {
                let c = commas(v + 1, t);
                push(f(20, mix(bucket(t - v), c)));
                push(f(21, mix(info.low[v], bucket(t - v))));
                push(f(22, mix(c, q)));
            }
            None => push(f(20, 99)),
        }
        match right {
            Some(v) => {
                let c = commas(t + 1, v);
                push(f(23, mix(bucket(v - t), c)));
                push(f(24, mix(info.low[v], bucket(v - t))));
                push(f(25, mix(c, q)));
            }
            None => push(f(23, 99)),
        }
        push(f(26, mix(u64::from(left.is_some()), u64::from(right.is_some()))));
        // Commas before and after in the sentence.
        let before = commas(s_first, t);
        let after = commas(t + 1, s_end);
        push(f(27, mix(before, after)));
        push(f(28, mix(mix(before, after), info.ner[t] as u64)));
        // "according to" just before.
        let according =
            (1..=3).any(|d| t >= first + d && doc.token_text(t - d).eq_ignore_ascii_case("according"));
        push(f(29, u64::from(according)));
        push(f(30, mix(word(i - 1), mix(w, word(i + 1)))));
        push(f(31, mix(info.shape[t], q)));
        let rate = info.cue_rate[t] as u64;
        push(f(32, rate));
        push(f(33, mix(rate, q)));
        let rates = |t: isize| -> u64 {
            if t >= first as isize && t < end as isize {
                info.cue_rate[t as usize] as u64
            } else {
                9
            }
        };
        push(f(34, mix(rates(i - 1), rates(i + 1))));
        push(f(35, mix(w, bucket(from_start))));
        push(f(36, mix(w, bucket(to_end))));
        push(f(37, mix(info.shape[t], bucket(from_start))));
        push(f(38, mix(rate, bucket(from_start))));
        let caps = doc.token_text(t).chars().next().is_some_and(char::is_uppercase);
        push(f(39, mix(u64::from(caps), mix(bucket(from_start), ner(i)))));
        let (c6, c10) = info.cluster[t];
        push(f(40, c6));
        push(f(41, c10));
        push(f(42, mix(c6, q)));
        let cl = |t: isize| -> u64 {
            if t >= first as isize && t < end as isize {
                info.cluster[t as usize].0
            } else {
                9
            }
        };
        push(f(43, mix(cl(i - 1), c6)));
        push(f(44, mix(c6, cl(i + 1))));
        // Headlines ("Pence: Flowers Won't Be at Debate") and first paragraphs.
        let para = sent.paragraph.min(2) as u64;
        let last = doc.token_text(s_end - 1);
        let unpunctuated = !matches!(last, "." | "?" | "!" | "\"" | "”" | "’");
        let shape_par = mix(para, u64::from(unpunctuated));
        push(f(45, shape_par));
        push(f(46, mix(shape_par, w)));
        // What the rules made of the token and its neighbours.
        let rule = |t: isize| -> u64 {
            if t >= first as isize && t < end as isize {
                info.rule[t as usize] as u64
            } else {
                99
            }
        };
        push(f(48, rule(i)));
        push(f(49, mix(rule(i), w)));
        push(f(50, mix(rule(i - 1), mix(rule(i), rule(i + 1)))));
        push(f(51, mix(rule(i), q)));
        x.end_token();
    }
}

/// Where the nearest marked token (a speech verb, a first-pass cue, …) lies on each side of every
/// token of a paragraph, within its sentence, and how many commas lie between tokens.
struct Geometry {
    first: usize,
    left: Vec<Option<usize>>,
    right: Vec<Option<usize>>,
    /// Commas, semicolons and colons before each token of the paragraph (and after the last).
    comma_prefix: Vec<u32>,
}

impl Geometry {
    fn new(doc: &Doc, info: &DocInfo, range: Range<usize>, marked: impl Fn(usize) -> bool) -> Geometry {
        let (first, n) = (range.start, range.len());
        let mut left = vec![None; n];
        let mut right = vec![None; n];
        let mut comma_prefix = Vec::with_capacity(n + 1);
        comma_prefix.push(0);
        let mut last: Option<usize> = None;
        for t in range.clone() {
            if t > first && info.sentence[t] != info.sentence[t - 1] {
                last = None;
            }
            left[t - first] = last;
            if marked(t) {
                last = Some(t);
            }
            let c = u32::from(matches!(doc.token_text(t), "," | ";" | ":"));
            comma_prefix.push(comma_prefix[t - first] + c);
        }
        let mut next: Option<usize> = None;
        for t in range.rev() {
            if t + 1 < first + n && info.sentence[t] != info.sentence[t + 1] {
                next = None;
            }
            right[t - first] = next;
            if marked(t) {
                next = Some(t);
            }
        }
        Geometry {
            first,
            left,
            right,
            comma_prefix,
        }
    }

    /// The nearest marked token before `t` in its sentence.
    fn left(&self, t: usize) -> Option<usize> {
        self.left[t - self.first]
    }

    /// The nearest marked token after `t` in its sentence.
    fn right(&self, t: usize) -> Option<usize> {
        self.right[t - self.first]
    }

    /// Commas in tokens `a..b` of the paragraph, capped at 2.
    fn commas(&self, a: usize, b: usize) -> u64 {
        if b <= a {
            return 0;
        }
        (self.comma_prefix[b - self.first] - self.comma_prefix[a - self.first]).min(2) as u64
    }
}

/// The second pass's features of paragraph tokens `range` into `out` (cleared first): the first
/// pass's features `base` plus what the first pass found (its labels `y`).
pub fn stack(
    doc: &Doc,
    info: &DocInfo,
    range: Range<usize>,
    y: &[usize],
    base: &FeatureMatrix,
    out: &mut FeatureMatrix,
) {
    out.clear();
    let first = range.start;
    let is = |ty: usize| move |t: usize| label_type(y[t - first]) == 1 + ty as u64;
    let cues = Geometry::new(doc, info, range.clone(), is(CUE));
    let sources = Geometry::new(doc, info, range.clone(), is(SOURCE));
    let quotes = quote_states(doc, range.clone());
    for t in range.clone() {
        out.hashes.extend_from_slice(base.token(t - first));
        let mut push = |h: u64| out.hashes.push(h);
        stacked_features(info, &range, y, &cues, &sources, t, &mut push);
        phrase_features(info, &range, quotes[t - first] as u64, t, &mut push);
        out.end_token();
    }
}

/// Phrase features of token `t` (a source is mostly a noun phrase, a cue a verb phrase): its
/// phrase code and its neighbours', the phrase types around its phrase, the phrase's cue rate.
fn phrase_features(info: &DocInfo, range: &Range<usize>, q: u64, t: usize, push: &mut impl FnMut(u64)) {
    let f = |template: u64, v: u64| mix(mix(template + 200, v), 0x54);
    let inside = |t: isize| t >= range.start as isize && t < range.end as isize;
    let chunk = |t: isize| -> u64 {
        if inside(t) {
            info.chunk[t as usize] as u64
        } else {
            99
        }
    };
    let is_verb = |t: isize| inside(t) && info.verb[t as usize];
    let i = t as isize;
    let verbs = u64::from(is_verb(i - 1)) | u64::from(is_verb(i)) << 1 | u64::from(is_verb(i + 1)) << 2;
    let c = chunk(i);
    push(f(0, c));
    push(f(1, mix(chunk(i - 1), c)));
    push(f(2, mix(c, chunk(i + 1))));
    push(f(3, mix(c, q)));
    push(f(4, mix(c, verbs)));
    push(f(5, mix(mix(chunk(i - 1), c), chunk(i + 1))));
    let (before, after, phrase_rate) = info.phrase_context[t];
    push(f(6, mix(c, after as u64)));
    push(f(7, mix(before as u64, c)));
    push(f(8, mix(c, phrase_rate as u64)));
    push(f(9, mix(mix(before as u64, c), mix(after as u64, q))));
}

/// Second-pass features of token `t`: the first pass's labels around it and the nearest cue and
/// source it found on each side in the sentence.
fn stacked_features(
    info: &DocInfo,
    range: &Range<usize>,
    y: &[usize],
    cues: &Geometry,
    sources: &Geometry,
    t: usize,
    push: &mut impl FnMut(u64),
) {
    let f = |template: u64, v: u64| mix(mix(template + 100, v), 0x52);
    let k = t - range.start;
    let at = |d: isize| -> u64 {
        let j = k as isize + d;
        if j < 0 || j as usize >= y.len() {
            99
        } else {
            y[j as usize] as u64
        }
    };
    push(f(0, at(0)));
    push(f(1, mix(at(-1), at(0))));
    push(f(2, mix(at(0), at(1))));
    push(f(3, mix(at(-2), at(2))));
    push(f(4, mix(at(0), info.low[t])));
    for (template, cue, source) in [
        (5u64, cues.left(t), sources.left(t)),
        (8, cues.right(t), sources.right(t)),
    ] {
        let between = |j: usize| {
            if j < t {
                cues.commas(j + 1, t)
            } else {
                cues.commas(t + 1, j)
            }
        };
        push(f(
            template,
            cue.map_or(99, |j| mix(bucket(j.abs_diff(t)), between(j))),
        ));
        push(f(template + 1, source.map_or(99, |j| bucket(j.abs_diff(t)))));
        push(f(
            template + 2,
            mix(cue.map_or(99, |j| bucket(j.abs_diff(t))), at(0)),
        ));
    }
    // What the first pass found around it in the sentence.
    let found = u64::from(cues.left(t).is_some() || cues.right(t).is_some())
        | u64::from(sources.left(t).is_some() || sources.right(t).is_some()) << 1;
    push(f(11, found));
    push(f(12, mix(found, at(0))));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Index of the first token that reads `w`.
    fn first_token(doc: &Doc, w: &str) -> usize {
        (0..doc.tokens.len()).find(|&t| doc.token_text(t) == w).unwrap()
    }

    #[test]
    fn quote_marks_open_and_close() {
        let doc = Doc::new("He said “it is cold” and \"so it is\" today.");
        let states = quote_states(&doc, 0..doc.tokens.len());
        let marks: Vec<(&str, bool)> = (0..doc.tokens.len())
            .filter(|&t| matches!(states[t], QuoteState::Open | QuoteState::Close))
            .map(|t| (doc.token_text(t), states[t] == QuoteState::Open))
            .collect();
        assert_eq!(
            marks,
            vec![("“", true), ("”", false), ("\"", true), ("\"", false)]
        );
        let cold = (0..doc.tokens.len())
            .find(|&t| doc.token_text(t) == "cold")
            .unwrap();
        assert!(states[cold] == QuoteState::Inside);
        // Doubled ASCII marks, and a closing mark typed where an opening one belongs.
        let doc = Doc::new("''Fine,'' he said. ”Fear. Mostly.” ― Ed");
        let states = quote_states(&doc, 0..doc.tokens.len());
        let opens: Vec<bool> = (0..doc.tokens.len())
            .filter(|&t| matches!(states[t], QuoteState::Open | QuoteState::Close))
            .map(|t| states[t] == QuoteState::Open)
            .collect();
        assert_eq!(opens, [true, false, true, false]);
        assert!(states[first_token(&doc, "Mostly")] == QuoteState::Inside);
    }

    #[test]
    fn rule_parts_mark_speaker_cue_and_content() {
        let doc = Doc::new("“It is cold,” said Ann Lee.");
        let rules = super::super::rule_quotes(&doc, &[]);
        let parts = rule_parts(&doc, &rules);
        let part = |w: &str| parts[first_token(&doc, w)];
        // Quoted content (role 2): first, inside, last; cue (role 1) alone; speaker (role 0).
        assert_eq!((part("It"), part("is"), part("cold")), (9, 10, 10));
        assert_eq!(part("said"), 1 + 4 + 3);
        assert_eq!((part("Ann"), part("Lee")), (1, 3));
        assert_eq!(part("“"), 0);
    }

    #[test]
    fn contents_and_sources_join_the_nearest_cue() {
        // “A,” he said. “B,” she said.
        let doc = Doc::new("“It is cold,” he said. “It is not,” she said.");
        let tok = |w: &str, nth: usize| {
            (0..doc.tokens.len())
                .filter(|&t| doc.token_text(t) == w)
                .nth(nth)
                .unwrap()
        };
        let spans = vec![
            (tok("It", 0), tok(",", 0) + 1, CONTENT),
            (tok("he", 0), tok("he", 0) + 1, SOURCE),
            (tok("said", 0), tok("said", 0) + 1, CUE),
            (tok("It", 1), tok(",", 1) + 1, CONTENT),
            (tok("she", 0), tok("she", 0) + 1, SOURCE),
            (tok("said", 1), tok("said", 1) + 1, CUE),
        ];
        let groups = group(&doc, &spans);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].source, Some(tok("he", 0)..tok("he", 0) + 1));
        assert_eq!(groups[1].source, Some(tok("she", 0)..tok("she", 0) + 1));
        assert_eq!(groups[1].content, vec![tok("It", 1)..tok(",", 1) + 1]);
    }

    #[test]
    fn a_hedged_number_is_no_cue() {
        let doc = Doc::new("Prices rose, the WFP said, leaving an estimated 12.1 million people hungry.");
        let t = |w: &str| first_token(&doc, w);
        let spans = vec![
            (t("Prices"), t(","), CONTENT),
            (t("WFP") - 1, t("WFP") + 1, SOURCE),
            (t("said"), t("said") + 1, CUE),
            (t("leaving"), t("12.1") + 1, CUE),
            (t("million"), t("hungry"), CONTENT),
        ];
        let groups = group(&doc, &spans);
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].cue, Some(t("said")..t("said") + 1));
        assert_eq!(groups[0].content, vec![t("Prices")..t(",")]);
    }

    #[test]
    fn a_quote_around_its_cue_is_one_attribution() {
        let doc = Doc::new("“It is cold,” he said, “and wet.”");
        let t = |w: &str| first_token(&doc, w);
        let spans = vec![
            (t("It"), t("cold") + 1, CONTENT),
            (t("he"), t("he") + 1, SOURCE),
            (t("said"), t("said") + 1, CUE),
            (t("and"), t("wet") + 1, CONTENT),
        ];
        let groups = group(&doc, &spans);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].content.len(), 2);
    }

    #[test]
    fn a_quote_keeps_only_its_quoted_fragments() {
        let doc = Doc::new("“It is cold,” she said several months later, and left.");
        let t = |w: &str| first_token(&doc, w);
        let spans = vec![
            (t("It"), t("cold") + 1, CONTENT),
            (t("she"), t("she") + 1, SOURCE),
            (t("said"), t("said") + 1, CUE),
            (t("several"), t("later") + 1, CONTENT),
        ];
        let groups = group(&doc, &spans);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].content, vec![t("It")..t("cold") + 1]);
    }

    #[test]
    fn a_cue_drops_unquoted_fragments_from_other_sentences() {
        let doc = Doc::new("Taxes rose. He said prices would fall.");
        let t = |w: &str| first_token(&doc, w);
        let spans = vec![
            (t("Taxes"), t("rose") + 1, CONTENT),
            (t("He"), t("He") + 1, SOURCE),
            (t("said"), t("said") + 1, CUE),
            (t("prices"), t("fall") + 1, CONTENT),
        ];
        let groups = group(&doc, &spans);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].content, vec![t("prices")..t("fall") + 1]);
    }

    #[test]
    fn a_cue_keeps_its_nearest_unquoted_fragment() {
        let doc = Doc::new("I believe in President Obama and in the good sense of the people.");
        let t = |w: &str| first_token(&doc, w);
        let spans = vec![
            (t("I"), t("I") + 1, SOURCE),
            (t("believe"), t("in") + 1, CUE),
            (t("President"), t("Obama") + 1, CONTENT),
            (t("the"), t("people") + 1, CONTENT),
        ];
        let groups = group(&doc, &spans);
        assert_eq!(groups[0].content, vec![t("President")..t("Obama") + 1]);
    }

    #[test]
    fn relative_words_and_raised_subjects_stay_with_the_content() {
        let doc = Doc::new("It is a cut which she plans to make soon. The veto is expected to come.");
        let t = |w: &str| first_token(&doc, w);
        let spans = vec![
            (t("which"), t("which") + 1, CONTENT),
            (t("she"), t("she") + 1, SOURCE),
            (t("plans"), t("plans") + 1, CUE),
            (t("to"), t("soon") + 1, CONTENT),
            (t("The"), t("veto") + 1, CONTENT),
            (t("expected") - 1, t("expected") + 1, CUE),
            (t("expected") + 1, t("come") + 1, CONTENT),
        ];
        let groups = group(&doc, &spans);
        assert_eq!(groups.len(), 2);
        assert_eq!(
            groups[0].content,
            vec![t("which")..t("which") + 1, t("to")..t("soon") + 1]
        );
        assert_eq!(
            groups[1].content,
            vec![t("The")..t("veto") + 1, t("expected") + 1..t("come") + 1]
        );
    }

    #[test]
    fn a_reported_clause_cut_short_runs_to_its_sentence_end() {
        let doc = Doc::new("He said he plans to spend the money he raised. She said “no” to it.");
        let t = |w: &str| first_token(&doc, w);
        let she = t("She");
        let said2 = she + 1;
        let spans = vec![
            (t("He"), t("He") + 1, SOURCE),
            (t("said"), t("said") + 1, CUE),
            (t("he"), t("money") + 1, CONTENT),
            (she, she + 1, SOURCE),
            (said2, said2 + 1, CUE),
            (t("no"), t("no") + 1, CONTENT),
        ];
        let groups = group(&doc, &spans);
        assert_eq!(groups[0].content, vec![t("he")..t("raised") + 1]);
        // A content followed by a quote mark in its sentence stays as it is.
        assert_eq!(groups[1].content, vec![t("no")..t("no") + 1]);
        // It stops where an aside opens.
        let doc = Doc::new("He said he plans to spend the money he raised; others disagree.");
        let t = |w: &str| first_token(&doc, w);
        let spans = vec![
            (t("He"), t("He") + 1, SOURCE),
            (t("said"), t("said") + 1, CUE),
            (t("he"), t("money") + 1, CONTENT),
        ];
        assert_eq!(group(&doc, &spans)[0].content, vec![t("he")..t("raised") + 1]);
    }

    #[test]
    fn a_reported_clause_runs_over_the_attribution_inside_it() {
        let doc = Doc::new("He notes that the panel announced on Friday that the microphone failed. She said “no” to it, they said.");
        let t = |w: &str| first_token(&doc, w);
        let sentence_of = sentence_index(&doc);
        let she = t("She");
        let they = t("they");
        let mut found = group(
            &doc,
            &[
                (t("He"), t("He") + 1, SOURCE),
                (t("notes"), t("notes") + 1, CUE),
                (t("that"), t("that") + 1, CONTENT),
                (t("that") + 1, t("announced"), SOURCE),
                (t("announced"), t("announced") + 1, CUE),
                (t("announced") + 3, t("failed") + 1, CONTENT),
                (she, she + 1, SOURCE),
                (she + 1, she + 2, CUE),
                (t("no"), t("no") + 1, CONTENT),
                (they, they + 1, SOURCE),
                (they + 1, they + 2, CUE),
            ],
        );
        extend_over_nested(&doc, &sentence_of, &mut found);
        assert_eq!(found[0].content, vec![t("that")..t("failed") + 1]);
        // The inner attribution keeps its own spans; a quotation is not extended.
        assert_eq!(found[1].source, Some(t("that") + 1..t("announced")));
        assert_eq!(found[1].content, vec![t("announced") + 3..t("failed") + 1]);
        let no = t("no")..t("no") + 1;
        assert!(found.iter().any(|a| a.content.len() == 1 && a.content[0] == no));
        // An attribution whose source starts where the content ends but whose cue and content
        // lie before it is not run over backwards (proptest: "according to x he … that
        // according to he Dr Ahmad Tarakji W").
        let doc = Doc::new("according to x he said it that according to he Dr Ahmad Tarakji W .");
        let sentence_of = sentence_index(&doc);
        let mut found = vec![
            TaggedAttribution {
                source: Some(10..13),
                cue: Some(0..2),
                content: std::iter::once(2..3).collect(),
            },
            TaggedAttribution {
                source: Some(6..7),
                cue: Some(7..9),
                content: std::iter::once(9..10).collect(),
            },
        ];
        extend_over_nested(&doc, &sentence_of, &mut found);
        assert_eq!(found[1].content, std::iter::once(9..10).collect::<Vec<_>>());
    }

    #[test]
    fn a_reported_clause_runs_over_its_opening_subordinate_clause() {
        let doc = Doc::new("Groups worried that if the state held up the deal, Patriot could threaten to sell. Asked if it was true, Smith said it was.");
        let t = |w: &str| first_token(&doc, w);
        let sentence_of = sentence_index(&doc);
        let mut found = group(
            &doc,
            &[
                (t("Groups"), t("Groups") + 1, SOURCE),
                (t("worried"), t("worried") + 1, CUE),
                (t("that"), t("deal") + 1, CONTENT),
                (t("Patriot"), t("Patriot") + 1, SOURCE),
                (t("could"), t("threaten") + 1, CUE),
                (t("to"), t("sell") + 1, CONTENT),
                (t("Asked"), t("Asked") + 1, CUE),
                (t("Asked") + 1, t("true") + 1, CONTENT),
                (t("Smith"), t("Smith") + 1, SOURCE),
                (t("said"), t("said") + 1, CUE),
                (t("said") + 1, t("said") + 3, CONTENT),
            ],
        );
        extend_over_nested(&doc, &sentence_of, &mut found);
        let cued = |w: &str| {
            found
                .iter()
                .find(|a| a.cue.as_ref().is_some_and(|c| c.start == t(w)))
                .unwrap()
        };
        assert_eq!(cued("worried").content, vec![t("that")..t("sell") + 1]);
        // A question is not a clause that opens a sentence.
        assert_eq!(cued("Asked").content, vec![t("Asked") + 1..t("true") + 1]);
    }

    /// A document's info with its phrases written as codes per token: N noun, V verb, P
    /// preposition phrase, lower case inside a phrase, "." outside any.
    fn phrased(doc: &Doc, codes: &str) -> DocInfo {
        let mut info = DocInfo::new(doc, &[], &[], &CueLexicon::default(), &ClusterIndex::default());
        assert_eq!(codes.len(), doc.tokens.len(), "{}", doc.text());
        for (t, c) in codes.chars().enumerate() {
            info.chunk[t] = match c {
                'N' => 1,
                'n' => 2,
                'V' => 3,
                'v' => 4,
                'P' => 5,
                _ => 0,
            };
        }
        info
    }

    #[test]
    fn a_source_inside_its_subject_widens_to_the_subject() {
        // Phrase codes per token as `phrased` reads them.
        let cases = [
            (
                "Yet a 2014 study by Harvard found that children fare better.",
                ".NnnPNV.NVV.",
                "Harvard",
                Some("a"),
            ),
            (
                "The senator spoke at a gathering of conservatives to discuss it.",
                "NnVPNnPNVvN.",
                "conservatives",
                None,
            ),
            (
                "In a meeting with Trump officials said no.",
                "PNnPNnV..",
                "Trump",
                None,
            ),
            (
                "An analysis released by the agency shows that it rose.",
                "NnVPNnV.NV.",
                "the",
                Some("An"),
            ),
        ];
        for (text, codes, source, widened) in cases {
            let doc = Doc::new(text);
            let info = phrased(&doc, codes);
            let start = first_token(&doc, source);
            let cue = (start..doc.tokens.len()).find(|&t| info.chunk[t] == 3).unwrap();
            let mut found = vec![TaggedAttribution {
                source: Some(start..cue),
                cue: Some(cue..cue + 1),
                content: std::iter::once(cue + 1..doc.tokens.len() - 1).collect(),
            }];
            widen_sources_to_subjects(&doc, &info, &mut found);
            let expected = widened.map_or(start, |w| first_token(&doc, w));
            assert_eq!(found[0].source, Some(expected..cue), "{text}");
        }
    }

    #[test]
    fn an_object_content_ends_before_a_coordinated_verb() {
        // The content runs from the word after the cue to the full stop.
        let cases = [
            ("She declined the job and has since left.", "NVNnPVvV.", "the job"),
            (
                "He cited the costs of coal and ordered cuts.",
                "NVNnPNPVN.",
                "the costs of coal",
            ),
            (
                "He opposed the plan that failed and stayed.",
                "NVNnNVPV.",
                "the plan that failed and stayed",
            ),
            (
                "It cited layoffs and continued cost-cutting.",
                "NVNnnn.",
                "layoffs and continued cost-cutting",
            ),
            // Quoted words before the "and" close; an "and" inside them is quoted.
            (
                "He called her “third-rate” and boycotted it.",
                "NVN.n.VVN.",
                "her “third-rate”",
            ),
            (
                "He called it “rude and offended everyone”.",
                "NVN.nnVN..",
                "it “rude and offended everyone”",
            ),
        ];
        for (text, codes, content) in cases {
            let doc = Doc::new(text);
            let info = phrased(&doc, codes);
            let mut found = vec![TaggedAttribution {
                source: Some(0..1),
                cue: Some(1..2),
                content: std::iter::once(2..doc.tokens.len() - 1).collect(),
            }];
            end_before_coordinated_verb(&doc, &info, &mut found);
            let c = &found[0].content[0];
            let span = Span::new(doc.tokens[c.start].span.start, doc.tokens[c.end - 1].span.end);
            assert_eq!(doc.slice(span), content, "{text}");
        }
    }

    #[test]
    fn a_trailing_participle_takes_its_clause_subject_as_source() {
        let cases = [
            (
                "Black voters have formed a coalition, supporting her.",
                "NnVvNn.VN.",
                Some("Black voters"),
            ),
            (
                "Clinton's aides were glad, hoping for more.",
                "NnNV..VPN.",
                Some("Clinton's aides"),
            ),
            ("After the debate ended, saying it.", "PNnV.VN.", None),
        ];
        for (text, codes, source) in cases {
            let doc = Doc::new(text);
            let info = phrased(&doc, codes);
            let cue = codes.rfind('V').unwrap();
            let mut found = vec![TaggedAttribution {
                source: None,
                cue: Some(cue..cue + 1),
                content: std::iter::once(cue + 1..doc.tokens.len() - 1).collect(),
            }];
            participle_subjects(&doc, &info, &mut found);
            let named = found[0].source.clone().map(|r| {
                doc.slice(Span::new(
                    doc.tokens[r.start].span.start,
                    doc.tokens[r.end - 1].span.end,
                ))
            });
            assert_eq!(named, source, "{text}");
        }
    }

    #[test]
    fn features_cover_every_token() {
        let doc = Doc::new("The minister said that taxes would rise.\n\n“No,” she added.");
        let info = DocInfo::new(&doc, &[], &[], &CueLexicon::default(), &ClusterIndex::default());
        let mut x = FeatureMatrix::new();
        for p in 0..doc.paragraphs.len() {
            let r = paragraph_tokens(&doc, p);
            extract(&doc, &info, r.clone(), &mut x);
            assert_eq!(x.len(), r.len());
            assert!((0..x.len()).all(|i| x.token(i).len() >= 25));
        }
    }
}
