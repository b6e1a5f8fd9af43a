//! Readers for NER corpora: CoNLL-2003 (IOB1 or IOB2) and the Worldwide Newswire TSV files.

use std::path::Path;

use anyhow::Context;

use crate::EntityLabel;

/// One tokenised sentence with its entity spans over token indices (end exclusive).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaggedSentence {
    pub words: Vec<String>,
    pub spans: Vec<(usize, usize, EntityLabel)>,
}

/// A document: the unit for document-level features.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaggedDoc {
    pub name: String,
    pub sentences: Vec<TaggedSentence>,
}

/// Turn BIO tags (IOB1 or IOB2) into spans, as conlleval does: an entity starts at `B-X`, or at
/// `I-X` after anything but an `X` tag; `map` names the type of a tag suffix (`None` = outside).
pub fn spans_from_tags<'a, T: Copy>(
    tags: impl IntoIterator<Item = &'a str>,
    map: impl Fn(&str) -> Option<T>,
) -> Vec<(usize, usize, T)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, T, &str)> = None;
    let mut n = 0;
    for (i, tag) in tags.into_iter().enumerate() {
        n = i + 1;
        let (prefix, kind) = match tag.split_once('-') {
            Some((p, k)) => (p, k),
            None => ("O", ""),
        };
        let label = if prefix == "O" { None } else { map(kind) };
        let continues =
            matches!(open, Some((_, _, k)) if k == kind) && prefix != "B" && prefix != "S" && prefix != "U";
        if continues && label.is_some() {
            if prefix == "E" || prefix == "L" {
                if let Some((s, l, _)) = open.take() {
                    spans.push((s, i + 1, l));
                }
            }
            continue;
        }
        if let Some((s, l, _)) = open.take() {
            spans.push((s, i, l));
        }
        if let Some(l) = label {
            if prefix == "S" || prefix == "U" || prefix == "E" || prefix == "L" {
                spans.push((i, i + 1, l));
            } else {
                open = Some((i, l, kind));
            }
        }
    }
    if let Some((s, l, _)) = open {
        spans.push((s, n, l));
    }
    spans
}

/// CoNLL types map to themselves.
pub fn conll_type(kind: &str) -> Option<EntityLabel> {
    EntityLabel::parse(kind)
}

/// Worldwide Newswire's nine types onto CoNLL's four (DESIGN.md).
pub fn wnw_type(kind: &str) -> Option<EntityLabel> {
    match kind {
        "Person" => Some(EntityLabel::Per),
        "Organization" => Some(EntityLabel::Org),
        "Location" | "Facility" => Some(EntityLabel::Loc),
        "NORP" | "Misc" | "Product" => Some(EntityLabel::Misc),
        _ => None, // Date, Money
    }
}

/// One row of the Groningen Meaning Bank extract (`Sentence #,Word,POS,Tag`): whether it starts a
/// sentence, the word and the tag.
fn gmb_row(line: &str) -> Option<(bool, &str, &str)> {
    let (sentence, rest) = line.split_once(',')?;
    // The tag is the last field and the POS the one before; the word is what is left.
    let (rest, tag) = rest.rsplit_once(',')?;
    let (word, _pos) = rest.rsplit_once(',')?;
    let word = if word.len() >= 2 && word.starts_with('"') && word.ends_with('"') {
        &word[1..word.len() - 1]
    } else {
        word
    };
    Some((!sentence.is_empty(), word, tag))
}

/// GMB's types onto CoNLL's four: places LOC, organisations ORG, people PER, nationalities,
/// artefacts, events and natural phenomena MISC; times are no names.
fn gmb_type(kind: &str) -> Option<EntityLabel> {
    match kind {
        "geo" => Some(EntityLabel::Loc),
        "org" => Some(EntityLabel::Org),
        "per" => Some(EntityLabel::Per),
        "gpe" | "art" | "eve" | "nat" => Some(EntityLabel::Misc),
        _ => None,
    }
}

/// Titles GMB puts inside person spans ("President Bush") and CoNLL leaves out.
fn is_title(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.').to_lowercase().as_str(),
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "president"
            | "prime"
            | "minister"
            | "secretary"
            | "general"
            | "gen"
            | "senator"
            | "sen"
            | "king"
            | "queen"
            | "pope"
            | "chancellor"
            | "governor"
            | "gov"
            | "ambassador"
            | "judge"
            | "vice"
            | "foreign"
            | "defense"
            | "defence"
            | "chief"
            | "commander"
            | "colonel"
            | "col"
            | "lieutenant"
            | "lt"
            | "captain"
            | "capt"
            | "sheikh"
            | "ayatollah"
            | "cardinal"
            | "archbishop"
            | "bishop"
            | "prince"
            | "princess"
            | "sir"
            | "lord"
            | "representative"
            | "rep"
            | "deputy"
            | "spokesman"
            | "spokeswoman"
            | "premier"
            | "mayor"
            | "field"
            | "marshal"
            | "sergeant"
            | "sgt"
            | "admiral"
            | "adm"
            | "major"
            | "maj"
            | "former"
            | "opposition"
            | "leader"
            | "envoy"
            | "attorney"
            | "senior"
    )
}

/// Read the GMB extract as training documents of one sentence each (it marks no document
/// boundaries), its tags mapped onto CoNLL's types and titles cut from person spans.
pub fn read_gmb(path: &Path) -> anyhow::Result<Vec<TaggedDoc>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text: String = bytes.iter().map(|&b| b as char).collect(); // Latin-1
    Ok(parse_gmb(&text))
}

/// Parse the GMB extract's CSV text (header line first).
pub fn parse_gmb(text: &str) -> Vec<TaggedDoc> {
    let mut docs = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<String>| {
        if words.is_empty() {
            return;
        }
        let mut spans = spans_from_tags(tags.iter().map(String::as_str), gmb_type);
        for span in &mut spans {
            if span.2 == EntityLabel::Per {
                while span.0 + 1 < span.1 && is_title(&words[span.0]) {
                    span.0 += 1;
                }
            }
        }
        spans.retain(|s| !(s.2 == EntityLabel::Per && s.1 == s.0 + 1 && is_title(&words[s.0])));
        docs.push(TaggedDoc {
            name: format!("gmb:{}", docs.len() + 1),
            sentences: vec![TaggedSentence {
                words: std::mem::take(words),
                spans,
            }],
        });
        tags.clear();
    };
    for line in text.lines().skip(1) {
        let Some((starts, word, tag)) = gmb_row(line) else {
            continue;
        };
        if starts {
            flush(&mut words, &mut tags);
        }
        words.push(word.to_string());
        tags.push(tag.to_string());
    }
    flush(&mut words, &mut tags);
    docs
}

/// Read a CoNLL file (`word … tag` per line, blank lines between sentences, `-DOCSTART-` between
/// documents); the last column is the NER tag, IOB1 or IOB2.
pub fn read_conll(path: &Path) -> anyhow::Result<Vec<TaggedDoc>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(parse_conll(&text, &path.display().to_string()))
}

/// Parse CoNLL text (see [`read_conll`]).
pub fn parse_conll(text: &str, name: &str) -> Vec<TaggedDoc> {
    let mut docs = vec![TaggedDoc {
        name: format!("{name}#0"),
        sentences: Vec::new(),
    }];
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let flush = |words: &mut Vec<String>, tags: &mut Vec<String>, docs: &mut Vec<TaggedDoc>| {
        if !words.is_empty() {
            let spans = spans_from_tags(tags.iter().map(String::as_str), conll_type);
            let sentence = TaggedSentence {
                words: std::mem::take(words),
                spans,
            };
            if let Some(doc) = docs.last_mut() {
                doc.sentences.push(sentence);
            }
            tags.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut words, &mut tags, &mut docs);
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            flush(&mut words, &mut tags, &mut docs);
            if docs.last().is_some_and(|d| !d.sentences.is_empty()) {
                let k = docs.len();
                docs.push(TaggedDoc {
                    name: format!("{name}#{k}"),
                    sentences: Vec::new(),
                });
            }
            continue;
        }
        let mut cols = line.split_whitespace();
        let (Some(word), Some(tag)) = (cols.next(), line.split_whitespace().last()) else {
            continue;
        };
        words.push(word.to_string());
        tags.push(tag.to_string());
    }
    flush(&mut words, &mut tags, &mut docs);
    docs.retain(|d| !d.sentences.is_empty());
    docs
}

/// Read one Worldwide Newswire file: `word<TAB>tag[<TAB>inner…]`, the first column's tag is the
/// outermost entity; leading URL lines are dropped; a word holding spaces becomes several tokens.
pub fn read_wnw(path: &Path) -> anyhow::Result<TaggedDoc> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    Ok(parse_wnw(&text, &name))
}

/// Parse Worldwide Newswire TSV text (see [`read_wnw`]).
pub fn parse_wnw(text: &str, name: &str) -> TaggedDoc {
    let mut doc = TaggedDoc {
        name: name.to_string(),
        sentences: Vec::new(),
    };
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<String>| {
        // Drop a leading source URL.
        while words
            .first()
            .is_some_and(|w| w.starts_with("http://") || w.starts_with("https://"))
        {
            words.remove(0);
            tags.remove(0);
        }
        if !words.is_empty() {
            let spans = spans_from_tags(tags.iter().map(String::as_str), wnw_type);
            doc.sentences.push(TaggedSentence {
                words: std::mem::take(words),
                spans,
            });
        }
        words.clear();
        tags.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut words, &mut tags);
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(word), Some(tag)) = (cols.next(), cols.next()) else {
            continue;
        };
        let tag = tag.trim();
        for (k, piece) in word.split_whitespace().enumerate() {
            words.push(piece.to_string());
            let t = match (k, tag.split_once('-')) {
                (0, _) | (_, None) => tag.to_string(),
                (_, Some((_, kind))) => format!("I-{kind}"),
            };
            tags.push(t);
        }
    }
    flush(&mut words, &mut tags);
    doc
}

/// The Worldwide Newswire files, sorted by name, split into (train, held-out test): every tenth
/// file (positions 9, 19, 29, … in name order) is held out.
pub fn wnw_split(dir: &Path) -> anyhow::Result<(Vec<std::path::PathBuf>, Vec<std::path::PathBuf>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".tsv"))
        .collect();
    files.sort();
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (i, f) in files.into_iter().enumerate() {
        if i % 10 == 9 {
            test.push(f);
        } else {
            train.push(f);
        }
    }
    Ok((train, test))
}

/// The training nine-tenths of Worldwide Newswire split again for model selection: every ninth
/// training file (from the fifth) is a development file; the held-out tenth stays untouched.
pub fn wnw_dev_split(dir: &Path) -> anyhow::Result<(Vec<std::path::PathBuf>, Vec<std::path::PathBuf>)> {
    let (train, _held_out) = wnw_split(dir)?;
    let (mut rest, mut dev) = (Vec::new(), Vec::new());
    for (i, f) in train.into_iter().enumerate() {
        if i % 9 == 4 {
            dev.push(f);
        } else {
            rest.push(f);
        }
    }
    Ok((rest, dev))
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::*;

    #[test]
    fn iob1_and_iob2_give_the_same_spans() {
        let iob1 = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"];
        let iob2 = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-ORG"];
        let want = vec![(0, 2, Per), (3, 4, Loc), (4, 5, Loc), (5, 6, Org)];
        assert_eq!(spans_from_tags(iob1, conll_type), want);
        assert_eq!(spans_from_tags(iob2, conll_type), want);
    }

    #[test]
    fn i_after_o_starts_an_entity_and_type_change_splits() {
        let tags = ["O", "I-MISC", "I-PER", "I-PER"];
        assert_eq!(spans_from_tags(tags, conll_type), vec![(1, 2, Misc), (2, 4, Per)]);
    }

    #[test]
    fn conll_documents_and_sentences() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nBRUSSELS NNP I-NP I-LOC\n";
        let docs = parse_conll(text, "t");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[1].spans, vec![(0, 2, Per)]);
        assert_eq!(docs[1].sentences[0].spans, vec![(0, 1, Loc)]);
    }

    #[test]
    fn wnw_maps_types_drops_urls_and_splits_spaced_words() {
        let text = "http://www.afrol.com/articles/37145\tO\n\nafrol\tB-Organization\nNews\tI-Organization\n,\tO\n27\tB-Date\nJanuary\tI-Date\nat\tO\n8:43 p.m.\tB-Date\nin\tO\nKampala\tB-Facility\tB-Location\nUgandan\tB-NORP\n";
        let doc = parse_wnw(text, "x.tsv");
        assert_eq!(doc.sentences.len(), 1);
        let s = &doc.sentences[0];
        assert_eq!(s.words[0], "afrol");
        assert!(s.words.contains(&"p.m.".to_string()));
        assert_eq!(s.spans, vec![(0, 2, Org), (9, 10, Loc), (10, 11, Misc)]);
    }

    #[test]
    fn gmb_rows_become_one_sentence_documents_with_titles_cut() {
        let csv = "Sentence #,Word,POS,Tag\n\
                   Sentence: 1,President,NNP,B-per\n,George,NNP,I-per\n,Bush,NNP,I-per\n,visited,VBD,O\n\
                   ,New,NNP,B-geo\n,York,NNP,I-geo\n,\"10,000\",CD,O\n\
                   Sentence: 2,Iraqi,JJ,B-gpe\n,officials,NNS,O\n,on,IN,O\n,Monday,NNP,B-tim\n,Mr.,NNP,B-per\n";
        let docs = parse_gmb(csv);
        assert_eq!(docs.len(), 2);
        let s = &docs[0].sentences[0];
        assert_eq!(s.words[6], "10,000");
        assert_eq!(s.spans, vec![(1, 3, Per), (4, 6, Loc)]);
        // Nationalities are MISC, times are no names, and a title alone is no person.
        assert_eq!(docs[1].sentences[0].spans, vec![(0, 1, Misc)]);
    }
}
