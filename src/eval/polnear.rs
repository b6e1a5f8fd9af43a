//! PolNeAR attribution scoring: source, cue and content spans, exact and token-overlap F1, split
//! into direct (content holds double quote marks) and indirect attributions.
//!
//! PolNeAR writes direct contents with their quote marks and indirect ones with their "that", and
//! a source with an apposition with its closing comma; factx writes none of these, so predictions
//! are widened to PolNeAR's convention before comparing.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use super::Prf;
use crate::doc::CharOffsets;
use crate::{Pipeline, Quote, Span};

/// One attribution: code-point spans (several fragments possible) per role.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attribution {
    pub source: Vec<(usize, usize)>,
    pub cue: Vec<(usize, usize)>,
    pub content: Vec<(usize, usize)>,
}

/// Parse a brat `.ann` file into attributions (entities joined through their `E` lines).
pub fn parse_ann(ann: &str) -> Vec<Attribution> {
    let mut spans: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut cols = line.splitn(3, '\t');
        let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let mut frags = Vec::new();
            let rest = body.split_once(' ').map_or("", |(_, r)| r);
            for part in rest.split(';') {
                let mut n = part.split_whitespace().filter_map(|x| x.parse::<usize>().ok());
                if let (Some(a), Some(b)) = (n.next(), n.next()) {
                    frags.push((a, b));
                }
            }
            frags.sort();
            spans.insert(id, frags);
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut out = Vec::new();
    for body in events {
        let mut a = Attribution::default();
        for arg in body.split_whitespace().skip(1) {
            let Some((role, t)) = arg.split_once(':') else {
                continue;
            };
            let frags = spans.get(t).cloned().unwrap_or_default();
            match role {
                "Source" => a.source.extend(frags),
                "Cue" => a.cue.extend(frags),
                r if r.starts_with("Content") => a.content.extend(frags),
                _ => {}
            }
        }
        if !a.content.is_empty() || !a.cue.is_empty() {
            a.content.sort();
            out.push(a);
        }
    }
    out
}

/// Articles of a split with their first annotator file (alphabetically): (text path, ann path).
pub fn split_files(dir: &Path) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    let adir = dir.join("attributions");
    let mut anns: Vec<String> = std::fs::read_dir(&adir)
        .with_context(|| format!("reading {}", adir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for a in anns {
        let stem = &a[..a.len() - 4];
        let Some((article, _annotator)) = stem.rsplit_once('_') else {
            continue;
        };
        if seen.insert(article.to_string()) {
            out.push((dir.join("text").join(format!("{article}.txt")), adir.join(&a)));
        }
    }
    Ok(out)
}

/// Word tokens (letters and digits, or one punctuation mark) of a code-point range, as offsets.
fn tokens(chars: &[char], (a, b): (usize, usize)) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b.min(chars.len()) {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        out.push(i);
        if chars[i].is_alphanumeric() {
            while i < b && chars[i].is_alphanumeric() {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Scores for one group of attributions (all, direct or indirect).
#[derive(Clone, Debug, Default, Serialize)]
pub struct RoleScores {
    pub source_exact: Prf,
    pub cue_exact: Prf,
    pub content_exact: Prf,
    pub source_overlap: Prf,
    pub cue_overlap: Prf,
    pub content_overlap: Prf,
}

/// The whole report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PolnearReport {
    pub articles: usize,
    pub all: RoleScores,
    pub direct: RoleScores,
    pub indirect: RoleScores,
}

fn is_direct(chars: &[char], content: &[(usize, usize)]) -> bool {
    content.iter().any(|&(a, b)| {
        let span = &chars[a.min(chars.len())..b.min(chars.len())];
        span.iter().any(|c| matches!(c, '"' | '“' | '”')) || span.windows(2).any(|w| w == ['\'', '\''])
    })
}

fn exact(gold: &[Vec<(usize, usize)>], pred: &[Vec<(usize, usize)>]) -> Prf {
    let g: Vec<&Vec<(usize, usize)>> = gold.iter().filter(|s| !s.is_empty()).collect();
    let p: Vec<&Vec<(usize, usize)>> = pred.iter().filter(|s| !s.is_empty()).collect();
    let mut used = vec![false; p.len()];
    let mut correct = 0;
    for s in &g {
        if let Some(k) = (0..p.len()).find(|&k| !used[k] && p[k] == *s) {
            used[k] = true;
            correct += 1;
        }
    }
    Prf::new(g.len(), p.len(), correct)
}

fn overlap(chars: &[char], gold: &[Vec<(usize, usize)>], pred: &[Vec<(usize, usize)>]) -> Prf {
    let toks = |spans: &[Vec<(usize, usize)>]| -> HashSet<usize> {
        spans.iter().flatten().flat_map(|&r| tokens(chars, r)).collect()
    };
    let (g, p) = (toks(gold), toks(pred));
    Prf::new(g.len(), p.len(), g.intersection(&p).count())
}

impl RoleScores {
    fn add(&mut self, chars: &[char], gold: &[Attribution], pred: &[Attribution]) {
        let roles = |xs: &[Attribution],
                     f: fn(&Attribution) -> &Vec<(usize, usize)>|
         -> Vec<Vec<(usize, usize)>> { xs.iter().map(|a| f(a).clone()).collect() };
        let (gs, ps) = (roles(gold, |a| &a.source), roles(pred, |a| &a.source));
        let (gc, pc) = (roles(gold, |a| &a.cue), roles(pred, |a| &a.cue));
        let (gt, pt) = (roles(gold, |a| &a.content), roles(pred, |a| &a.content));
        self.source_exact = self.source_exact.add(&exact(&gs, &ps));
        self.cue_exact = self.cue_exact.add(&exact(&gc, &pc));
        self.content_exact = self.content_exact.add(&exact(&gt, &pt));
        self.source_overlap = self.source_overlap.add(&overlap(chars, &gs, &ps));
        self.cue_overlap = self.cue_overlap.add(&overlap(chars, &gc, &pc));
        self.content_overlap = self.content_overlap.add(&overlap(chars, &gt, &pt));
    }
}

/// factx's quotes of one article as PolNeAR attributions (quote marks and "that" included);
/// quotes that share a cue are one attribution with several content fragments.
pub fn predict(pipeline: &Pipeline, text: &str) -> Vec<Attribution> {
    attributions(text, &pipeline.run(text).quotes)
}

/// Quotes of `text` as PolNeAR attributions (see [`predict`]).
fn attributions(text: &str, quotes: &[Quote]) -> Vec<Attribution> {
    let map = CharOffsets::new(text);
    let cp = |b: usize| map.char_of(b);
    let mut out: Vec<Attribution> = Vec::new();
    let mut by_cue: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
    // The attribution of the last quote with a cue, and where its content ended.
    let mut last: Option<(usize, usize)> = None;
    for q in quotes {
        let c = widened_content(text, q.content);
        let content = (cp(c.start), cp(c.end));
        if let Some(&k) = q.cue.and_then(|c| by_cue.get(&(c.start, c.end))) {
            out[k].content.push(content);
            out[k].content.sort();
            last = Some((k, q.content.end));
            continue;
        }
        // A quote that continues the speaker of the cued quote before it in the same paragraph
        // ("“…,” he said. “…”") is another fragment of that attribution, as PolNeAR writes it.
        let continues = q.cue.is_none() && q.speaker.as_ref().is_some_and(|s| s.mention.is_none());
        if let Some((k, end)) = last.filter(|&(_, end)| continues && end <= q.content.start) {
            if !text[end..q.content.start].contains('\n') {
                out[k].content.push(content);
                last = Some((k, q.content.end));
                continue;
            }
        }
        let source = q
            .speaker
            .as_ref()
            .and_then(|s| s.mention)
            .map(|m| {
                let m = with_apposition_comma(text, m);
                vec![(cp(m.start), cp(m.end))]
            })
            .unwrap_or_default();
        let cue = q.cue.map(|c| vec![(cp(c.start), cp(c.end))]).unwrap_or_default();
        if let Some(c) = q.cue {
            by_cue.insert((c.start, c.end), out.len());
            last = Some((out.len(), q.content.end));
        } else {
            last = None;
        }
        out.push(Attribution {
            source,
            cue,
            content: vec![content],
        });
    }
    out
}

/// A content widened as PolNeAR writes it: a direct quote to its marks, and either kind to a
/// "that" before it ("said that, “…”": PolNeAR includes it in 84 of 86 such quotes of train).
fn widened_content(text: &str, content: Span) -> Span {
    let (mut a, mut b) = (content.start, content.end);
    if text[..a].ends_with("''") || text[..a].ends_with("``") {
        a -= 2;
        if text[b..].starts_with("''") {
            b += 2;
        }
    } else if let Some(c) = text[..a]
        .chars()
        .next_back()
        .filter(|c| matches!(c, '"' | '“' | '”' | '‘' | '\''))
    {
        a -= c.len_utf8();
        if let Some(c) = text[b..]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '”' | '’' | '\''))
        {
            b += c.len_utf8();
        }
    }
    let before = &text[..a];
    if before.ends_with("that ") {
        a -= 5;
    } else if before.ends_with("that, ") {
        a -= 6;
    }
    Span::new(a, b)
}

/// A source with an apposition widened to its closing comma ("X, a historian who was there,"), as
/// PolNeAR writes 92 of the 97 such sources of dev.
fn with_apposition_comma(text: &str, m: Span) -> Span {
    let apposition = text[m.start..m.end].contains(", ") && text[m.end..].starts_with(',');
    Span::new(m.start, m.end + usize::from(apposition))
}

/// Score a PolNeAR split folder (`…/data/dev`).
pub fn score(dir: &Path, pipeline: &Pipeline) -> anyhow::Result<PolnearReport> {
    let mut report = PolnearReport::default();
    for (text_path, ann_path) in split_files(dir)? {
        let text = std::fs::read_to_string(&text_path)
            .with_context(|| format!("reading {}", text_path.display()))?;
        let ann =
            std::fs::read_to_string(&ann_path).with_context(|| format!("reading {}", ann_path.display()))?;
        let gold = parse_ann(&ann);
        let pred = predict(pipeline, &text);
        report.add_article(&text, &gold, &pred);
    }
    Ok(report)
}

/// Attributions of a PolNeAR split where factx and the gold disagree, at most `limit` of them:
/// each gold attribution not matched exactly in all three roles, next to the prediction whose cue
/// overlaps its cue (or "-"), then predictions that overlap no gold cue.
pub fn disagreements(dir: &Path, pipeline: &Pipeline, limit: usize) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for (text_path, ann_path) in split_files(dir)? {
        if out.len() >= limit {
            break;
        }
        let text = std::fs::read_to_string(&text_path)
            .with_context(|| format!("reading {}", text_path.display()))?;
        let ann =
            std::fs::read_to_string(&ann_path).with_context(|| format!("reading {}", ann_path.display()))?;
        let chars: Vec<char> = text.chars().collect();
        let show = |spans: &[(usize, usize)]| -> String {
            let parts: Vec<String> = spans
                .iter()
                .map(|&(a, b)| chars[a.min(chars.len())..b.min(chars.len())].iter().collect())
                .collect();
            if parts.is_empty() {
                "-".to_string()
            } else {
                format!("[{}]", parts.join(" | "))
            }
        };
        let overlaps = |x: &[(usize, usize)], y: &[(usize, usize)]| {
            x.iter().any(|&(a, b)| y.iter().any(|&(c, d)| a < d && c < b))
        };
        let article = text_path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().to_string());
        let gold = parse_ann(&ann);
        let pred = predict(pipeline, &text);
        for g in &gold {
            let p = pred.iter().find(|p| overlaps(&p.cue, &g.cue));
            if p.is_some_and(|p| p == g) {
                continue;
            }
            let role = |f: fn(&Attribution) -> &Vec<(usize, usize)>| match p {
                Some(p) if f(p) == f(g) => "=".to_string(),
                Some(p) => show(f(p)),
                None => "-".to_string(),
            };
            out.push(format!(
                "{article}\n  gold: source {} cue {} content {}\n  pred: source {} cue {} content {}",
                show(&g.source),
                show(&g.cue),
                show(&g.content),
                role(|a| &a.source),
                role(|a| &a.cue),
                role(|a| &a.content),
            ));
        }
        for p in pred
            .iter()
            .filter(|p| !gold.iter().any(|g| overlaps(&p.cue, &g.cue)))
        {
            out.push(format!(
                "{article}\n  spurious: source {} cue {} content {}",
                show(&p.source),
                show(&p.cue),
                show(&p.content)
            ));
        }
    }
    out.truncate(limit);
    Ok(out)
}

impl PolnearReport {
    /// Add one article's gold and predicted attributions.
    pub fn add_article(&mut self, text: &str, gold: &[Attribution], pred: &[Attribution]) {
        let chars: Vec<char> = text.chars().collect();
        self.articles += 1;
        self.all.add(&chars, gold, pred);
        let (gd, gi): (Vec<Attribution>, Vec<Attribution>) =
            gold.iter().cloned().partition(|a| is_direct(&chars, &a.content));
        let (pd, pi): (Vec<Attribution>, Vec<Attribution>) =
            pred.iter().cloned().partition(|a| is_direct(&chars, &a.content));
        self.direct.add(&chars, &gd, &pd);
        self.indirect.add(&chars, &gi, &pi);
    }

    /// A printed report.
    pub fn table(&self, title: &str) -> String {
        let mut rows = Vec::new();
        for (name, r) in [
            ("all", &self.all),
            ("direct", &self.direct),
            ("indirect", &self.indirect),
        ] {
            rows.push((format!("{name}: source exact"), r.source_exact));
            rows.push((format!("{name}: cue exact"), r.cue_exact));
            rows.push((format!("{name}: content exact"), r.content_exact));
            rows.push((format!("{name}: source tokens"), r.source_overlap));
            rows.push((format!("{name}: cue tokens"), r.cue_overlap));
            rows.push((format!("{name}: content tokens"), r.content_overlap));
        }
        super::table(&format!("{title} ({} articles)", self.articles), &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_events_join_their_entities() {
        let ann = "T1\tSource 0 3\tJoe\nT2\tCue 4 8\tsaid\nT3\tContent 9 20;25 30\tit was cold then\nT4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nT5\tDiscard 40 45\tx\nE2\tAttribution-no-source:T9 \n";
        let a = parse_ann(ann);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].source, vec![(0, 3)]);
        assert_eq!(a[0].cue, vec![(4, 8)]);
        assert_eq!(a[0].content, vec![(9, 20), (25, 30)]);
    }

    #[test]
    fn a_quote_continuing_its_speaker_in_the_paragraph_is_a_fragment_of_the_attribution() {
        use crate::{QuoteKind, Speaker};
        let text = "“It is cold,” he said. “It will snow.”\n“Stay in.”";
        let at = |s: &str| {
            let a = text.find(s).unwrap();
            Span::new(a, a + s.len())
        };
        let he = Speaker {
            name: "he".into(),
            label: "PRON".into(),
            entity: None,
            mention: Some(at("he")),
        };
        let quote = |content: &str, cue: Option<Span>, mention: Option<Span>| Quote {
            kind: QuoteKind::Direct,
            content: at(content),
            cue,
            speaker: Some(Speaker {
                mention,
                ..he.clone()
            }),
        };
        let quotes = [
            quote("It is cold,", Some(at("said")), Some(at("he"))),
            quote("It will snow.", None, None),
            quote("Stay in.", None, None),
        ];
        let a = attributions(text, &quotes);
        let chars = |s: &str| {
            let b = text.find(s).unwrap();
            let c = text[..b].chars().count();
            (c, c + s.chars().count())
        };
        // The next paragraph's quote stays an attribution of its own.
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[0].content,
            vec![chars("“It is cold,”"), chars("“It will snow.”")]
        );
        assert_eq!(a[1].content, vec![chars("“Stay in.”")]);
    }

    #[test]
    fn a_source_with_an_apposition_takes_its_closing_comma() {
        let text = "Douglas Brinkley, a historian, said so. O'Neill, too, said so.";
        let widened = |a: &str| {
            let start = text.find(a).unwrap();
            let m = with_apposition_comma(text, Span::new(start, start + a.len()));
            &text[m.start..m.end]
        };
        assert_eq!(
            widened("Douglas Brinkley, a historian"),
            "Douglas Brinkley, a historian,"
        );
        assert_eq!(widened("O'Neill"), "O'Neill");
    }

    #[test]
    fn a_content_is_widened_to_its_marks_and_its_that() {
        let text = "He said that “it is cold.” She said that, “no.” They said that it was.";
        let widened = |a: &str| {
            let start = text.find(a).unwrap();
            let c = widened_content(text, Span::new(start, start + a.len()));
            &text[c.start..c.end]
        };
        assert_eq!(widened("it is cold."), "that “it is cold.”");
        assert_eq!(widened("no."), "that, “no.”");
        assert_eq!(widened("it was"), "that it was");
        let typo = "”Fear, mostly.” ― Edwin Monroy";
        let c = widened_content(typo, Span::new(3, 3 + "Fear, mostly.".len()));
        assert_eq!(&typo[c.start..c.end], "”Fear, mostly.”");
        let text = "He said, ''It is cold,'' and left.";
        let start = text.find("It is").unwrap();
        let c = widened_content(text, Span::new(start, start + "It is cold,".len()));
        assert_eq!(&text[c.start..c.end], "''It is cold,''");
        let chars: Vec<char> = text.chars().collect();
        assert!(is_direct(&chars, &[(c.start, c.end)]));
    }

    #[test]
    fn exact_and_overlap_scores() {
        let chars: Vec<char> = "Joe said that it was very cold.".chars().collect();
        let gold = vec![vec![(9, 30)]];
        let pred = vec![vec![(14, 30)]];
        assert_eq!(exact(&gold, &pred).correct, 0);
        let o = overlap(&chars, &gold, &pred);
        assert_eq!((o.gold, o.predicted, o.correct), (5, 4, 4));
    }
}
