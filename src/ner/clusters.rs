//! Word clusters from unlabelled text (`factx train clusters`), used as NER features.
//!
//! Each word is described by the PPMI-weighted counts of its left and right neighbours among the
//! most frequent words, projected to a dense vector; bisecting spherical 2-means then builds a
//! binary hierarchy, and a word's cluster is its bit path from the root (as Brown clusters are).

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::corpus;

/// Settings for cluster induction.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    /// Corpus files or folders: CoNLL (`*.train`, `*.testa`, `*.txt` with columns), Worldwide
    /// Newswire (`*.tsv`), GMB (`*.csv`), or plain text (`*.txt` without columns, tokenised by factx).
    pub inputs: Vec<PathBuf>,
    /// Words seen fewer times get no cluster.
    pub min_count: usize,
    /// Most frequent words used as context dimensions.
    pub contexts: usize,
    /// Dense dimensions after random projection.
    pub dims: usize,
    /// Deepest path length in bits.
    pub depth: usize,
    pub seed: u64,
    pub out: PathBuf,
}

/// Read every input into sentences of lower-cased words.
fn read_sentences(inputs: &[PathBuf]) -> anyhow::Result<Vec<Vec<String>>> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            for e in walkdir::WalkDir::new(p).sort_by_file_name() {
                let e = e?;
                if e.file_type().is_file() {
                    files.push(e.path().to_path_buf());
                }
            }
        } else {
            files.push(p.clone());
        }
    }
    let mut out = Vec::new();
    for f in files {
        let name = f.to_string_lossy().to_string();
        let bytes = std::fs::read(&f).with_context(|| format!("reading {name}"))?;
        let text = String::from_utf8_lossy(&bytes);
        let lower = |w: &str| w.to_lowercase();
        if name.ends_with(".tsv") {
            for s in corpus::parse_wnw(&text, &name).sentences {
                out.push(s.words.iter().map(|w| lower(w)).collect());
            }
        } else if name.ends_with(".csv") {
            // GMB: "Sentence #,Word,POS,Tag"; a new sentence where the first column is filled.
            let mut cur: Vec<String> = Vec::new();
            for line in text.lines().skip(1) {
                let (head, rest) = line.split_once(',').unwrap_or(("", line));
                if !head.is_empty() && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                // The word may itself be a comma: take all but the last two columns.
                let cols: Vec<&str> = rest.rsplitn(3, ',').collect();
                if cols.len() == 3 {
                    cur.push(lower(cols[2]));
                }
            }
            out.push(cur);
        } else if text
            .lines()
            .take(50)
            .any(|l| l.split(' ').count() >= 4 && l.ends_with(" O") || l.starts_with("-DOCSTART-"))
        {
            for d in corpus::parse_conll(&text, &name) {
                for s in d.sentences {
                    out.push(s.words.iter().map(|w| lower(w)).collect());
                }
            }
        } else if name.ends_with(".txt") {
            let doc = crate::Doc::new(text.to_string());
            for i in 0..doc.sentences.len() {
                out.push(
                    doc.sentence_tokens(i)
                        .iter()
                        .map(|t| lower(doc.slice(t.span)))
                        .collect(),
                );
            }
        }
    }
    out.retain(|s| !s.is_empty());
    Ok(out)
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Induce clusters and write `path<TAB>word<TAB>count` lines; returns the number of words.
pub fn train(cfg: &ClusterConfig) -> anyhow::Result<usize> {
    let sentences = read_sentences(&cfg.inputs)?;
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    eprintln!("clusters: {} sentences, {tokens} tokens", sentences.len());
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for s in &sentences {
        for w in s {
            *freq.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&str, usize)> = freq.iter().map(|(w, c)| (*w, *c)).collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let context_index: HashMap<&str, usize> = by_freq
        .iter()
        .take(cfg.contexts)
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    let vocab: Vec<(&str, usize)> = by_freq
        .iter()
        .copied()
        .filter(|&(_, c)| c >= cfg.min_count)
        .collect();
    let word_index: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, (w, _))| (*w, i)).collect();
    eprintln!("clusters: {} words with count >= {}", vocab.len(), cfg.min_count);

    // Sparse co-occurrence counts: left neighbours in dims [0, C), right neighbours in [C, 2C).
    let c = cfg.contexts;
    let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    let mut ctx_totals = vec![0f32; 2 * c];
    for s in &sentences {
        for (i, w) in s.iter().enumerate() {
            let Some(&wi) = word_index.get(w.as_str()) else {
                continue;
            };
            if i > 0 {
                if let Some(&ci) = context_index.get(s[i - 1].as_str()) {
                    *counts[wi].entry(ci as u32).or_default() += 1.0;
                    ctx_totals[ci] += 1.0;
                }
            }
            if let Some(next) = s.get(i + 1) {
                if let Some(&ci) = context_index.get(next.as_str()) {
                    *counts[wi].entry((c + ci) as u32).or_default() += 1.0;
                    ctx_totals[c + ci] += 1.0;
                }
            }
        }
    }
    let total: f32 = ctx_totals.iter().sum::<f32>().max(1.0);

    // PPMI weights, then a seeded random ±1 projection to `dims`, normalised.
    let d = cfg.dims;
    let mut rng = Rng(cfg.seed | 1);
    let projection: Vec<f32> = (0..2 * c * d)
        .map(|_| if rng.next() & 1 == 0 { 1.0 } else { -1.0 })
        .collect();
    let vectors: Vec<Vec<f32>> = counts
        .iter()
        .map(|row| {
            let row_total: f32 = row.values().sum::<f32>().max(1.0);
            let mut v = vec![0f32; d];
            for (&k, &n) in row {
                let pmi = ((n * total) / (row_total * ctx_totals[k as usize]).max(1e-9)).ln();
                if pmi > 0.0 {
                    let p = &projection[k as usize * d..(k as usize + 1) * d];
                    v.iter_mut().zip(p).for_each(|(x, s)| *x += pmi * s);
                }
            }
            normalise(&mut v);
            v
        })
        .collect();

    // Bisecting spherical 2-means.
    let mut paths = vec![String::new(); vocab.len()];
    let mut stack: Vec<Vec<usize>> = vec![(0..vocab.len()).collect()];
    while let Some(members) = stack.pop() {
        let depth = paths[members[0]].len();
        if members.len() < 8 || depth >= cfg.depth {
            continue;
        }
        let (left, right) = split(&members, &vectors, &mut rng);
        if left.is_empty() || right.is_empty() {
            continue;
        }
        for &m in &left {
            paths[m].push('0');
        }
        for &m in &right {
            paths[m].push('1');
        }
        stack.push(left);
        stack.push(right);
    }
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&cfg.out).with_context(|| format!("creating {}", cfg.out.display()))?,
    );
    let mut written = 0;
    for (i, (w, n)) in vocab.iter().enumerate() {
        if !paths[i].is_empty() && !w.contains(['\t', '\n']) {
            writeln!(out, "{}\t{w}\t{n}", paths[i])?;
            written += 1;
        }
    }
    out.flush()?;
    Ok(written)
}

/// Split members into two by spherical 2-means (seeded, ten rounds).
fn split(members: &[usize], vectors: &[Vec<f32>], rng: &mut Rng) -> (Vec<usize>, Vec<usize>) {
    let d = vectors[members[0]].len();
    let a = members[(rng.next() % members.len() as u64) as usize];
    // Second centre: the member least similar to the first.
    let b = *members
        .iter()
        .min_by(|&&x, &&y| dot(&vectors[a], &vectors[x]).total_cmp(&dot(&vectors[a], &vectors[y])))
        .unwrap_or(&a);
    let mut centres = [vectors[a].clone(), vectors[b].clone()];
    let mut assign = vec![false; members.len()];
    for _ in 0..10 {
        for (k, &m) in members.iter().enumerate() {
            assign[k] = dot(&vectors[m], &centres[1]) > dot(&vectors[m], &centres[0]);
        }
        let mut sums = [vec![0f32; d], vec![0f32; d]];
        for (k, &m) in members.iter().enumerate() {
            let s = &mut sums[usize::from(assign[k])];
            s.iter_mut().zip(&vectors[m]).for_each(|(x, y)| *x += y);
        }
        for (centre, mut s) in centres.iter_mut().zip(sums) {
            normalise(&mut s);
            *centre = s;
        }
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (k, &m) in members.iter().enumerate() {
        if assign[k] {
            right.push(m);
        } else {
            left.push(m);
        }
    }
    (left, right)
}
