//! A reusable sequence tagger: hashed sparse features, BILOU labels, first-order Viterbi with
//! valid-transition constraints, and a quantised model file. Training lives in [`train`].

pub mod train;

use anyhow::Context;

use serde::{Deserialize, Serialize};

/// Serialize a hash map in key order, so that a model trained twice is written byte for byte the
/// same (the wire format is a map either way).
pub fn serialize_sorted<S, K, V, H>(map: &std::collections::HashMap<K, V, H>, s: S) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    K: Ord + Serialize,
    V: Serialize,
{
    map.iter()
        .collect::<std::collections::BTreeMap<&K, &V>>()
        .serialize(s)
}

/// Feature hashes of every token of one sequence, flattened.
#[derive(Clone, Debug, Default)]
pub struct FeatureMatrix {
    /// Feature hashes, token after token.
    pub hashes: Vec<u64>,
    /// `starts[i]..starts[i+1]` are token i's features; `starts.len() == tokens + 1`.
    pub starts: Vec<u32>,
}

impl FeatureMatrix {
    /// An empty matrix ready for `push_token`.
    pub fn new() -> FeatureMatrix {
        FeatureMatrix {
            hashes: Vec::new(),
            starts: vec![0],
        }
    }

    /// Clear for reuse.
    pub fn clear(&mut self) {
        self.hashes.clear();
        self.starts.clear();
        self.starts.push(0);
    }

    /// Close the current token's feature list.
    pub fn end_token(&mut self) {
        self.starts.push(self.hashes.len() as u32);
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Token i's feature hashes.
    pub fn token(&self, i: usize) -> &[u64] {
        &self.hashes[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// Encode a model file: its magic string and format version, then the model itself.
pub fn encode_model_file<T: Serialize>(magic: &str, version: u32, model: &T) -> anyhow::Result<Vec<u8>> {
    let mut bytes = postcard::to_stdvec(&(magic, version))?;
    bytes.extend(postcard::to_stdvec(model)?);
    Ok(bytes)
}

/// Decode a model file written by [`encode_model_file`], checking its magic string and format
/// version first; `kind` names the model in errors ("NER", "attribution") and `train` the
/// command that writes a current one.
pub fn decode_model_file<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    magic: &str,
    version: u32,
    kind: &str,
    train: &str,
) -> anyhow::Result<T> {
    let not_a_model = || format!("not a factx {kind} model file");
    let ((found_magic, found_version), rest): ((String, u32), &[u8]) =
        postcard::take_from_bytes(bytes).with_context(not_a_model)?;
    anyhow::ensure!(found_magic == magic, not_a_model());
    anyhow::ensure!(
        found_version == version,
        "{kind} model format {found_version} is not supported by this factx (wants {version}); retrain with `{train}`"
    );
    postcard::from_bytes(rest).with_context(|| format!("{kind} model file is corrupt"))
}

/// Hashes feature strings: template id plus parts, FNV-1a 64 (stable across runs and machines).
#[derive(Clone, Copy, Debug)]
pub struct FeatureHash(u64);

impl FeatureHash {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    /// Start a feature of template `template`.
    pub fn new(template: u8) -> FeatureHash {
        FeatureHash((Self::OFFSET ^ template as u64).wrapping_mul(Self::PRIME))
    }

    /// Mix in some bytes, followed by a separator.
    pub fn bytes(mut self, bytes: &[u8]) -> FeatureHash {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(Self::PRIME);
        }
        self.0 = (self.0 ^ 0xff).wrapping_mul(Self::PRIME);
        self
    }

    /// Mix in a string.
    pub fn str(self, s: &str) -> FeatureHash {
        self.bytes(s.as_bytes())
    }

    /// The final hash.
    pub fn finish(self) -> u64 {
        // One extra avalanche step so the low bits (used as the bucket) depend on every byte.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

/// BILOU labels over a set of entity types: O, then B-, I-, L-, U- for each type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    pub types: Vec<String>,
}

/// The position part of a BILOU label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    O,
    B,
    I,
    L,
    U,
}

impl Labels {
    /// Labels for these entity types.
    pub fn new(types: &[&str]) -> Labels {
        Labels {
            types: types.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Number of labels: 1 + 4 per type.
    pub fn len(&self) -> usize {
        1 + 4 * self.types.len()
    }

    /// Always false: there is at least O.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The label index of `part` for type `t` (ignored for O).
    pub fn index(&self, part: Part, t: usize) -> usize {
        match part {
            Part::O => 0,
            Part::B => 1 + 4 * t,
            Part::I => 2 + 4 * t,
            Part::L => 3 + 4 * t,
            Part::U => 4 + 4 * t,
        }
    }

    /// The part and type of label `y`.
    pub fn part(&self, y: usize) -> (Part, usize) {
        if y == 0 {
            return (Part::O, 0);
        }
        let t = (y - 1) / 4;
        let p = match (y - 1) % 4 {
            0 => Part::B,
            1 => Part::I,
            2 => Part::L,
            _ => Part::U,
        };
        (p, t)
    }

    /// Whether label `b` may follow label `a` (`None` = sequence start).
    pub fn allowed(&self, a: Option<usize>, b: usize) -> bool {
        let (pb, tb) = self.part(b);
        match a.map(|a| self.part(a)) {
            None | Some((Part::O | Part::L | Part::U, _)) => matches!(pb, Part::O | Part::B | Part::U),
            Some((Part::B | Part::I, ta)) => matches!(pb, Part::I | Part::L) && ta == tb,
        }
    }

    /// Whether label `a` may end a sequence.
    pub fn may_end(&self, a: usize) -> bool {
        matches!(self.part(a).0, Part::O | Part::L | Part::U)
    }

    /// Encode typed spans `(start, end, type)` over `n` tokens as label indices.
    pub fn encode(&self, n: usize, spans: &[(usize, usize, usize)]) -> Vec<usize> {
        let mut y = vec![0; n];
        for &(s, e, t) in spans {
            if e <= s || e > n {
                continue;
            }
            if e - s == 1 {
                y[s] = self.index(Part::U, t);
            } else {
                y[s] = self.index(Part::B, t);
                for v in y.iter_mut().take(e - 1).skip(s + 1) {
                    *v = self.index(Part::I, t);
                }
                y[e - 1] = self.index(Part::L, t);
            }
        }
        y
    }

    /// Decode label indices into typed spans `(start, end, type)`; ill-formed runs are repaired.
    pub fn decode(&self, y: &[usize]) -> Vec<(usize, usize, usize)> {
        let mut spans = Vec::new();
        let mut open: Option<(usize, usize)> = None;
        for (i, &label) in y.iter().enumerate() {
            let (p, t) = self.part(label);
            match p {
                Part::O => {
                    if let Some((s, ot)) = open.take() {
                        spans.push((s, i, ot));
                    }
                }
                Part::B | Part::U => {
                    if let Some((s, ot)) = open.take() {
                        spans.push((s, i, ot));
                    }
                    if p == Part::U {
                        spans.push((i, i + 1, t));
                    } else {
                        open = Some((i, t));
                    }
                }
                Part::I | Part::L => {
                    match open {
                        Some((_, ot)) if ot == t => {}
                        Some((s, ot)) => {
                            spans.push((s, i, ot));
                            open = Some((i, t));
                        }
                        None => open = Some((i, t)),
                    }
                    if p == Part::L {
                        if let Some((s, ot)) = open.take() {
                            spans.push((s, i + 1, ot));
                        }
                    }
                }
            }
        }
        if let Some((s, t)) = open {
            spans.push((s, y.len(), t));
        }
        spans
    }
}

/// The valid transitions of a label set, precomputed for decoding.
#[derive(Clone, Debug, Default)]
pub struct Lattice {
    n: usize,
    /// For each label, the labels that may precede it.
    preds: Vec<Vec<usize>>,
    start_ok: Vec<bool>,
    end_ok: Vec<bool>,
}

impl Lattice {
    /// The lattice of a label set.
    pub fn new(labels: &Labels) -> Lattice {
        let n = labels.len();
        Lattice {
            n,
            preds: (0..n)
                .map(|b| (0..n).filter(|&a| labels.allowed(Some(a), b)).collect())
                .collect(),
            start_ok: (0..n).map(|b| labels.allowed(None, b)).collect(),
            end_ok: (0..n).map(|a| labels.may_end(a)).collect(),
        }
    }
}

/// One bucket's weights for up to 16 labels, on a 32-byte boundary (half a cache line).
#[derive(Clone, Copy, Debug)]
#[repr(C, align(32))]
struct Row16([i16; 16]);

/// One bucket's weights for up to 32 labels, on a 64-byte boundary (one cache line).
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
struct Row32([i16; 32]);

/// A fixed-width, aligned row of 16-bit weights.
trait PackedRow: Copy + Send + Sync + 'static {
    fn zero() -> Self;
    fn weights_mut(&mut self) -> &mut [i16];
    /// Add the row to the first labels of `acc` (a fixed-length loop, so it vectorises).
    fn add_to(&self, acc: &mut [i32; 32]);
}

impl PackedRow for Row16 {
    fn zero() -> Self {
        Row16([0; 16])
    }
    #[inline(always)]
    fn add_to(&self, acc: &mut [i32; 32]) {
        for (a, &w) in acc.iter_mut().zip(&self.0) {
            *a += i32::from(w);
        }
    }
    fn weights_mut(&mut self) -> &mut [i16] {
        &mut self.0
    }
}

impl PackedRow for Row32 {
    fn zero() -> Self {
        Row32([0; 32])
    }
    #[inline(always)]
    fn add_to(&self, acc: &mut [i32; 32]) {
        for (a, &w) in acc.iter_mut().zip(&self.0) {
            *a += i32::from(w);
        }
    }
    fn weights_mut(&mut self) -> &mut [i16] {
        &mut self.0
    }
}

/// Inference weights: 16-bit, one aligned row per bucket, so a feature reads one aligned block
/// instead of a row of f32 that straddles cache lines.
#[derive(Clone, Debug)]
enum PackedRows {
    W16(HugeRows<Row16>),
    /// 17 labels (the NER model's): the first 16 in a 32-byte row, the 17th in a column of its
    /// own, which takes half the memory of 64-byte rows and so stays in cache more often.
    W16Plus(HugeRows<Row16>, HugeRows<i16>),
    W32(HugeRows<Row32>),
}

/// Bytes in one huge page (x86-64 and most Linux configurations).
const HUGE_PAGE: usize = 2 << 20;

/// A weight table laid out on 2 MiB boundaries and offered to the kernel for huge pages, so the
/// random reads of hashed features miss the TLB far less often than over 4 KiB pages.
#[derive(Clone, Debug)]
struct HugeRows<R> {
    buf: Vec<R>,
    start: usize,
    len: usize,
}

impl<R: Copy> HugeRows<R> {
    /// The rows `items` (exactly `len` of them), padded with `zero` up to a huge-page boundary.
    fn new(len: usize, zero: R, items: impl Iterator<Item = R>) -> HugeRows<R> {
        let size = std::mem::size_of::<R>().max(1);
        // A table smaller than one huge page is left as it is, unpadded.
        let huge = len * size >= HUGE_PAGE;
        let mut buf: Vec<R> = Vec::with_capacity(len + if huge { HUGE_PAGE / size } else { 0 });
        // Each row type's alignment is its size, so the gap to the boundary is whole rows.
        let addr = buf.as_ptr() as usize;
        let start = if huge {
            (HUGE_PAGE - addr % HUGE_PAGE) % HUGE_PAGE / size
        } else {
            0
        };
        advise_huge_pages(addr + start * size, len * size);
        buf.resize(start, zero);
        buf.extend(items.take(len));
        buf.resize(start + len, zero);
        HugeRows { buf, start, len }
    }
}

impl<R> std::ops::Deref for HugeRows<R> {
    type Target = [R];
    fn deref(&self) -> &[R] {
        &self.buf[self.start..self.start + self.len]
    }
}

/// Ask Linux to back `len` bytes from the huge-page boundary `addr` with huge pages (a hint:
/// nothing changes where transparent huge pages are off).
fn advise_huge_pages(addr: usize, len: usize) {
    let whole = len / HUGE_PAGE * HUGE_PAGE;
    #[cfg(target_os = "linux")]
    if whole > 0 && addr % HUGE_PAGE == 0 {
        // SAFETY: the range lies inside one live allocation (the caller's spare capacity and
        // rows), and MADV_HUGEPAGE changes no contents, only how the pages are backed.
        unsafe {
            libc::madvise(addr as *mut libc::c_void, whole, libc::MADV_HUGEPAGE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (addr, whole);
}

/// The 16-bit inference copy of a model's weights and the factor that turns them back into f32.
#[derive(Clone, Debug)]
struct Packed {
    scale: f32,
    rows: PackedRows,
}

impl Packed {
    /// Pack `n` labels per bucket from little-endian i16 bytes; `None` beyond 32 labels.
    fn from_le_bytes(bytes: &[u8], buckets: usize, n: usize, scale: f32) -> Option<Packed> {
        fn fill<R: PackedRow>(bytes: &[u8], buckets: usize, n: usize) -> HugeRows<R> {
            let rows = bytes.chunks_exact(2 * n).map(|chunk| {
                let mut row = R::zero();
                for (w, c) in row.weights_mut().iter_mut().zip(chunk.chunks_exact(2)) {
                    *w = i16::from_le_bytes([c[0], c[1]]);
                }
                row
            });
            HugeRows::new(buckets, R::zero(), rows)
        }
        let rows = match n {
            0..=16 => PackedRows::W16(fill(bytes, buckets, n)),
            17 => PackedRows::W16Plus(
                fill(bytes, buckets, n),
                HugeRows::new(
                    buckets,
                    0,
                    bytes
                        .chunks_exact(2 * n)
                        .map(|c| i16::from_le_bytes([c[32], c[33]])),
                ),
            ),
            18..=32 => PackedRows::W32(fill(bytes, buckets, n)),
            _ => return None,
        };
        Some(Packed { scale, rows })
    }

    /// Bucket `b`'s weight for label `l`.
    fn weight(&self, b: usize, l: usize) -> i16 {
        match &self.rows {
            PackedRows::W16(r) => r[b].0[l],
            PackedRows::W16Plus(r, extra) => {
                if l < 16 {
                    r[b].0[l]
                } else {
                    extra[b]
                }
            }
            PackedRows::W32(r) => r[b].0[l],
        }
    }
}

/// Trained weights: `buckets × labels` feature weights plus label-to-label transitions.
#[derive(Clone, Debug)]
pub struct Model {
    pub labels: Labels,
    /// Number of hash buckets (a power of two).
    pub buckets: usize,
    /// Feature weights, row-major by bucket: `weights[bucket * labels + label]`.
    pub weights: Vec<f32>,
    /// `transitions[a * labels + b]`: score of label b after label a.
    pub transitions: Vec<f32>,
    /// Score of each label at the start of a sequence.
    pub start: Vec<f32>,
    /// Valid transitions of `labels`.
    pub lattice: Lattice,
    /// The 16-bit inference copy of `weights`, when the model was loaded from a file.
    packed: Option<Packed>,
}

impl Model {
    /// A zero model.
    pub fn new(labels: Labels, buckets: usize) -> Model {
        assert!(buckets.is_power_of_two());
        let n = labels.len();
        Model {
            lattice: Lattice::new(&labels),
            labels,
            buckets,
            weights: vec![0.0; buckets * n],
            transitions: vec![0.0; n * n],
            start: vec![0.0; n],
            packed: None,
        }
    }

    /// The mean of models trained on the same features and labels (a weight average, so one
    /// model's cost at run time): float weights, quantised again when saved.
    pub fn average(models: &[&Model]) -> anyhow::Result<Model> {
        let first = models.first().context("no models to average")?;
        let n = first.labels.len();
        anyhow::ensure!(
            models
                .iter()
                .all(|m| m.labels == first.labels && m.buckets == first.buckets),
            "models to average differ in labels or hash buckets"
        );
        let k = models.len() as f32;
        let mut avg = Model::new(first.labels.clone(), first.buckets);
        for m in models {
            for b in 0..m.buckets {
                for l in 0..n {
                    avg.weights[b * n + l] += m.weight(b, l) / k;
                }
            }
            for (a, t) in avg.transitions.iter_mut().zip(&m.transitions) {
                *a += t / k;
            }
            for (a, t) in avg.start.iter_mut().zip(&m.start) {
                *a += t / k;
            }
        }
        Ok(avg)
    }

    /// Bucket `b`'s weight for label `l`, from the packed or the float weights.
    fn weight(&self, b: usize, l: usize) -> f32 {
        match &self.packed {
            Some(p) => f32::from(p.weight(b, l)) * p.scale,
            None => self.weights[b * self.labels.len() + l],
        }
    }

    /// The weight row index of a feature hash.
    #[inline]
    pub fn bucket(&self, hash: u64) -> usize {
        (hash as usize) & (self.buckets - 1)
    }

    /// Per-token label scores from the features, into `scores` (tokens × labels).
    pub fn emissions(&self, x: &FeatureMatrix, scores: &mut Vec<f32>) {
        match &self.packed {
            Some(Packed {
                scale,
                rows: PackedRows::W16(rows),
            }) => self.packed_emissions_dispatch(rows, &[], *scale, x, scores),
            Some(Packed {
                scale,
                rows: PackedRows::W32(rows),
            }) => self.packed_emissions_dispatch(rows, &[], *scale, x, scores),
            Some(Packed {
                scale,
                rows: PackedRows::W16Plus(rows, extra),
            }) => self.packed_emissions_dispatch(rows, extra, *scale, x, scores),
            None => self.float_emissions(x, scores),
        }
    }

    /// [`Self::packed_emissions`] compiled for AVX2 where the CPU has it (a row is then two
    /// widening loads and two adds): the same integer sums, so the same scores.
    fn packed_emissions_dispatch<R: PackedRow>(
        &self,
        rows: &[R],
        extra: &[i16],
        scale: f32,
        x: &FeatureMatrix,
        scores: &mut Vec<f32>,
    ) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            return unsafe { self.packed_emissions_avx2(rows, extra, scale, x, scores) };
        }
        self.packed_emissions(rows, extra, scale, x, scores)
    }

    /// [`Self::packed_emissions`] with AVX2 enabled.
    ///
    /// # Safety
    /// The CPU must support AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn packed_emissions_avx2<R: PackedRow>(
        &self,
        rows: &[R],
        extra: &[i16],
        scale: f32,
        x: &FeatureMatrix,
        scores: &mut Vec<f32>,
    ) {
        self.packed_emissions(rows, extra, scale, x, scores)
    }

    /// Emissions from the 16-bit rows (and, for 17 labels, the column of the 17th), summed as
    /// integers (exact), then scaled.
    #[inline(always)]
    fn packed_emissions<R: PackedRow>(
        &self,
        rows: &[R],
        extra: &[i16],
        scale: f32,
        x: &FeatureMatrix,
        scores: &mut Vec<f32>,
    ) {
        let n = self.labels.len();
        scores.clear();
        scores.resize(x.len() * n, 0.0);
        // The rows of the token PREFETCH_AHEAD tokens on are prefetched while this token's are
        // summed, so the loads of one overlap the adds of the others.
        let prefetch_token = |i: usize| {
            if i < x.len() {
                for &h in x.token(i) {
                    let b = self.bucket(h);
                    prefetch(&rows[b]);
                    if let Some(e) = extra.get(b) {
                        prefetch(e);
                    }
                }
            }
        };
        for i in 0..PREFETCH_AHEAD.min(x.len()) {
            prefetch_token(i);
        }
        for i in 0..x.len() {
            prefetch_token(i + PREFETCH_AHEAD);
            let mut acc = [0i32; 32];
            let token = x.token(i);
            for &h in token {
                rows[self.bucket(h)].add_to(&mut acc);
            }
            if !extra.is_empty() {
                acc[16] = token.iter().map(|&h| i32::from(extra[self.bucket(h)])).sum();
            }
            for (s, a) in scores[i * n..(i + 1) * n].iter_mut().zip(&acc) {
                *s = *a as f32 * scale;
            }
        }
    }

    /// Emissions from the f32 weights (models being trained).
    fn float_emissions(&self, x: &FeatureMatrix, scores: &mut Vec<f32>) {
        let n = self.labels.len();
        scores.clear();
        scores.resize(x.len() * n, 0.0);
        for i in 0..x.len() {
            let row = &mut scores[i * n..(i + 1) * n];
            for &h in x.token(i) {
                let b = self.bucket(h) * n;
                for (s, w) in row.iter_mut().zip(&self.weights[b..b + n]) {
                    *s += *w;
                }
            }
        }
    }

    /// The best valid label sequence for these features.
    pub fn predict(&self, x: &FeatureMatrix) -> Vec<usize> {
        thread_local! {
            /// Each thread's emission scores, kept between sentences.
            static SCORES: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        SCORES.with_borrow_mut(|scores| {
            self.emissions(x, scores);
            viterbi(&self.lattice, scores, &self.transitions, &self.start)
        })
    }
}

/// How many tokens ahead of the one being summed the emission rows are prefetched.
const PREFETCH_AHEAD: usize = 1;

/// Ask the CPU to start loading a row into cache.
#[inline(always)]
fn prefetch<R>(row: &R) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is only a hint, and the pointer comes from a live reference.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((row as *const R).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = row;
}

/// First-order Viterbi over `scores` (tokens × labels), allowing only valid transitions.
pub fn viterbi(lattice: &Lattice, scores: &[f32], transitions: &[f32], start: &[f32]) -> Vec<usize> {
    #[cfg(target_arch = "x86_64")]
    if lattice.n <= avx2::MAX_LABELS && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above).
        return unsafe { avx2::viterbi(lattice, scores, transitions, start) };
    }
    viterbi_scalar(lattice, scores, transitions, start)
}

/// [`viterbi`] one label pair at a time, on any CPU.
fn viterbi_scalar(lattice: &Lattice, scores: &[f32], transitions: &[f32], start: &[f32]) -> Vec<usize> {
    let n = lattice.n;
    let len = scores.len() / n;
    if len == 0 {
        return Vec::new();
    }
    let mut delta = vec![f32::NEG_INFINITY; len * n];
    let mut back = vec![0u16; len * n];
    for y in 0..n {
        if lattice.start_ok[y] {
            delta[y] = scores[y] + start[y];
        }
    }
    for i in 1..len {
        let (done, rest) = delta.split_at_mut(i * n);
        let prev_row = &done[(i - 1) * n..];
        let row = &mut rest[..n];
        for b in 0..n {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for &a in &lattice.preds[b] {
                let s = prev_row[a] + transitions[a * n + b];
                let better = s > best;
                best = if better { s } else { best };
                arg = if better { a } else { arg };
            }
            if best > f32::NEG_INFINITY {
                row[b] = best + scores[i * n + b];
                back[i * n + b] = arg as u16;
            }
        }
    }
    let last = len - 1;
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for y in 0..n {
        let s = delta[last * n + y];
        if lattice.end_ok[y] && s > best_score {
            best_score = s;
            best = y;
        }
    }
    let mut path = vec![0; len];
    path[last] = best;
    for i in (1..len).rev() {
        path[i - 1] = back[i * n + path[i]] as usize;
    }
    path
}

/// [`viterbi`] with eight labels per AVX2 instruction: the same sums, comparisons and ties as
/// [`viterbi_scalar`], so the same paths.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use super::Lattice;

    /// Most labels the kernel handles (four blocks of eight).
    pub const MAX_LABELS: usize = 32;

    /// Viterbi over dense blocks of eight labels, invalid transitions at -inf.
    ///
    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn viterbi(
        lattice: &Lattice,
        scores: &[f32],
        transitions: &[f32],
        start: &[f32],
    ) -> Vec<usize> {
        let n = lattice.n;
        assert!(n <= MAX_LABELS);
        let len = scores.len() / n;
        if len == 0 {
            return Vec::new();
        }
        let blocks = n.div_ceil(8);
        // Row a: the score of every label after a, padded to whole blocks.
        let mut allowed = [f32::NEG_INFINITY; MAX_LABELS * MAX_LABELS];
        for (b, preds) in lattice.preds.iter().enumerate() {
            for &a in preds {
                allowed[a * blocks * 8 + b] = transitions[a * n + b];
            }
        }
        let mut prev = [f32::NEG_INFINITY; MAX_LABELS];
        for y in 0..n {
            if lattice.start_ok[y] {
                prev[y] = scores[y] + start[y];
            }
        }
        let mut back = vec![0u8; len * n];
        let mut best_out = [0f32; MAX_LABELS];
        let mut arg_out = [0i32; MAX_LABELS];
        for i in 1..len {
            let mut best = [_mm256_set1_ps(f32::NEG_INFINITY); MAX_LABELS / 8];
            let mut arg = [_mm256_setzero_si256(); MAX_LABELS / 8];
            for (a, &p) in prev[..n].iter().enumerate() {
                if p == f32::NEG_INFINITY {
                    continue;
                }
                let pv = _mm256_set1_ps(p);
                let av = _mm256_set1_epi32(a as i32);
                let row = &allowed[a * blocks * 8..(a + 1) * blocks * 8];
                for c in 0..blocks {
                    // SAFETY: `row` holds `blocks` whole blocks of eight.
                    let t = unsafe { _mm256_loadu_ps(row.as_ptr().add(c * 8)) };
                    let s = _mm256_add_ps(pv, t);
                    let better = _mm256_cmp_ps::<_CMP_GT_OQ>(s, best[c]);
                    best[c] = _mm256_blendv_ps(best[c], s, better);
                    arg[c] = _mm256_castps_si256(_mm256_blendv_ps(
                        _mm256_castsi256_ps(arg[c]),
                        _mm256_castsi256_ps(av),
                        better,
                    ));
                }
            }
            for c in 0..blocks {
                // SAFETY: both outputs hold MAX_LABELS ≥ 8 × blocks lanes.
                unsafe {
                    _mm256_storeu_ps(best_out.as_mut_ptr().add(c * 8), best[c]);
                    _mm256_storeu_si256(arg_out.as_mut_ptr().add(c * 8).cast(), arg[c]);
                }
            }
            let emit = &scores[i * n..(i + 1) * n];
            for b in 0..n {
                let s = best_out[b];
                prev[b] = if s > f32::NEG_INFINITY {
                    s + emit[b]
                } else {
                    f32::NEG_INFINITY
                };
                back[i * n + b] = arg_out[b] as u8;
            }
        }
        let mut last = 0;
        let mut best_score = f32::NEG_INFINITY;
        for (y, (&s, &ok)) in prev.iter().zip(&lattice.end_ok).enumerate() {
            if ok && s > best_score {
                best_score = s;
                last = y;
            }
        }
        let mut path = vec![0; len];
        path[len - 1] = last;
        for i in (1..len).rev() {
            path[i - 1] = usize::from(back[i * n + path[i]]);
        }
        path
    }
}

/// A model stored with 16-bit weights: about half the size of f32, no measurable loss.
#[derive(Serialize, Deserialize)]
pub struct QuantizedModel {
    labels: Labels,
    buckets: usize,
    scale: f32,
    #[serde(with = "serde_bytes")]
    weights: Vec<u8>,
    transitions: Vec<f32>,
    start: Vec<f32>,
}

impl From<&Model> for QuantizedModel {
    fn from(m: &Model) -> QuantizedModel {
        if let Some(p) = &m.packed {
            // A loaded model: its 16-bit weights as they are.
            let n = m.labels.len();
            let mut weights = Vec::with_capacity(m.buckets * n * 2);
            for b in 0..m.buckets {
                for l in 0..n {
                    weights.extend_from_slice(&p.weight(b, l).to_le_bytes());
                }
            }
            return QuantizedModel {
                labels: m.labels.clone(),
                buckets: m.buckets,
                scale: p.scale,
                weights,
                transitions: m.transitions.clone(),
                start: m.start.clone(),
            };
        }
        let max = m.weights.iter().fold(0f32, |a, w| a.max(w.abs()));
        let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
        let mut weights = Vec::with_capacity(m.weights.len() * 2);
        for w in &m.weights {
            let q = (w / scale).round().clamp(i16::MIN as f32, i16::MAX as f32) as i16;
            weights.extend_from_slice(&q.to_le_bytes());
        }
        QuantizedModel {
            labels: m.labels.clone(),
            buckets: m.buckets,
            scale,
            weights,
            transitions: m.transitions.clone(),
            start: m.start.clone(),
        }
    }
}

impl QuantizedModel {
    /// Expand back to f32 weights, checking the shapes.
    pub fn into_model(self) -> anyhow::Result<Model> {
        let n = self.labels.len();
        anyhow::ensure!(
            self.buckets.is_power_of_two()
                && self.weights.len() == self.buckets * n * 2
                && self.transitions.len() == n * n
                && self.start.len() == n,
            "model file is corrupt: shapes do not match"
        );
        let (weights, packed) = match Packed::from_le_bytes(&self.weights, self.buckets, n, self.scale) {
            Some(p) => (Vec::new(), Some(p)),
            None => {
                let weights = self
                    .weights
                    .chunks_exact(2)
                    .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 * self.scale)
                    .collect();
                (weights, None)
            }
        };
        Ok(Model {
            lattice: Lattice::new(&self.labels),
            labels: self.labels,
            buckets: self.buckets,
            weights,
            transitions: self.transitions,
            start: self.start,
            packed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_round_trip_and_constraints() {
        let l = Labels::new(&["PER", "ORG"]);
        assert_eq!(l.len(), 9);
        let spans = vec![(0, 2, 0), (2, 3, 1), (5, 8, 0)];
        let y = l.encode(9, &spans);
        assert_eq!(l.decode(&y), spans);
        let b_per = l.index(Part::B, 0);
        let i_org = l.index(Part::I, 1);
        assert!(!l.allowed(Some(b_per), i_org));
        assert!(!l.allowed(None, i_org));
        assert!(l.allowed(Some(b_per), l.index(Part::L, 0)));
        assert!(!l.may_end(b_per));
    }

    #[test]
    fn decode_repairs_ill_formed_sequences() {
        let l = Labels::new(&["PER", "ORG"]);
        // I-PER I-PER O B-ORG (unterminated)
        let y = vec![l.index(Part::I, 0), l.index(Part::I, 0), 0, l.index(Part::B, 1)];
        assert_eq!(l.decode(&y), vec![(0, 2, 0), (3, 4, 1)]);
    }

    #[test]
    fn viterbi_respects_transitions() {
        let l = Labels::new(&["PER"]);
        let n = l.len();
        // Token 0 prefers I-PER (invalid at start); token 1 prefers L-PER.
        let mut scores = vec![0.0; 2 * n];
        scores[l.index(Part::I, 0)] = 5.0;
        scores[l.index(Part::B, 0)] = 1.0;
        scores[n + l.index(Part::L, 0)] = 3.0;
        let path = viterbi(&Lattice::new(&l), &scores, &vec![0.0; n * n], &vec![0.0; n]);
        assert_eq!(path, vec![l.index(Part::B, 0), l.index(Part::L, 0)]);
    }

    #[test]
    fn every_viterbi_kernel_finds_the_same_path() {
        // Scores from a fixed pseudo-random sequence, ties included (values on a coarse grid).
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 41) as f32 / 4.0 - 5.0
        };
        for types in [
            &["PER", "ORG", "LOC", "MISC"][..],
            &["SOURCE", "CUE", "CONTENT"][..],
            &["X"][..],
        ] {
            let l = Labels::new(types);
            let n = l.len();
            let lattice = Lattice::new(&l);
            for len in [1, 2, 3, 17, 60] {
                let scores: Vec<f32> = (0..len * n).map(|_| next()).collect();
                let transitions: Vec<f32> = (0..n * n).map(|_| next()).collect();
                let start: Vec<f32> = (0..n).map(|_| next()).collect();
                let fast = viterbi(&lattice, &scores, &transitions, &start);
                assert_eq!(
                    fast,
                    viterbi_scalar(&lattice, &scores, &transitions, &start),
                    "{n} labels, {len} tokens"
                );
                assert!(l.allowed(None, fast[0]) && fast.windows(2).all(|w| l.allowed(Some(w[0]), w[1])));
            }
        }
    }

    #[test]
    fn averaged_models_hold_the_mean_weights() {
        let labels = Labels::new(&["PER"]);
        let mut a = Model::new(labels.clone(), 16);
        let mut b = Model::new(labels.clone(), 16);
        a.weights[3] = 2.0;
        b.weights[3] = 4.0;
        b.weights[5] = -1.0;
        a.transitions[1] = 1.0;
        b.start[0] = 3.0;
        let avg = Model::average(&[&a, &b]).unwrap();
        assert_eq!((avg.weights[3], avg.weights[5]), (3.0, -0.5));
        assert_eq!((avg.transitions[1], avg.start[0]), (0.5, 1.5));
        // A loaded (packed) model averages through its 16-bit weights, within their rounding.
        let loaded = QuantizedModel::from(&b).into_model().unwrap();
        let mixed = Model::average(&[&a, &loaded]).unwrap();
        assert!((mixed.weights[3] - 3.0).abs() < 1e-3 && (mixed.weights[5] + 0.5).abs() < 1e-3);
        let other = Model::new(Labels::new(&["ORG", "LOC"]), 16);
        assert!(
            Model::average(&[&a, &other]).is_err(),
            "different labels cannot be averaged"
        );
        assert!(Model::average(&[]).is_err());
    }

    #[test]
    fn huge_rows_hold_their_rows_from_a_huge_page_boundary() {
        let rows = HugeRows::new(
            100_000,
            Row16::zero(),
            (0..100_000).map(|i| Row16([i as i16; 16])),
        );
        assert_eq!(rows.len(), 100_000);
        assert_eq!(rows.as_ptr() as usize % HUGE_PAGE, 0);
        assert!(rows.iter().enumerate().all(|(i, r)| r.0 == [i as i16; 16]));
        // Fewer items than rows: the rest are zero; a small table gets no padding.
        let short = HugeRows::new(4, 0i16, [7, 8].into_iter());
        assert_eq!(&short[..], &[7, 8, 0, 0]);
        assert!(short.start == 0 && short.buf.capacity() < HUGE_PAGE / 2);
    }

    #[test]
    fn quantised_model_round_trips() {
        let mut m = Model::new(Labels::new(&["PER"]), 16);
        m.weights[3] = 2.5;
        m.weights[7] = -1.25;
        m.transitions[1] = 0.5;
        let q = QuantizedModel::from(&m);
        let back = q.into_model().unwrap();
        // Loaded models score with packed 16-bit rows: the same emissions, within rounding.
        let mut x = FeatureMatrix::new();
        x.hashes.extend([0u64, 1]);
        x.end_token();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        m.emissions(&x, &mut a);
        back.emissions(&x, &mut b);
        assert!(
            a.iter().zip(&b).all(|(a, b)| (a - b).abs() < 1e-3),
            "{a:?} vs {b:?}"
        );
        assert!((b[3] - 2.5).abs() < 1e-3 && (b[2] + 1.25).abs() < 1e-3);
        // Saving a loaded model writes the same weights back.
        let again = QuantizedModel::from(&back).into_model().unwrap();
        let mut c = Vec::new();
        again.emissions(&x, &mut c);
        assert_eq!(b, c);
        assert_eq!(back.transitions, m.transitions);
    }

    #[test]
    fn every_packed_layout_scores_like_the_float_weights() {
        // 1 type: 5 labels (W16); 4 types: 17 (split rows); 5 types: 21 (W32).
        for types in [&["A"][..], &["A", "B", "C", "D"], &["A", "B", "C", "D", "E"]] {
            let mut m = Model::new(Labels::new(types), 64);
            for (k, w) in m.weights.iter_mut().enumerate() {
                *w = ((k * 37 % 101) as f32 - 50.0) / 8.0;
            }
            let back = QuantizedModel::from(&m).into_model().unwrap();
            let mut x = FeatureMatrix::new();
            x.hashes.extend([3u64, 17, 40]);
            x.end_token();
            x.hashes.extend([63u64]);
            x.end_token();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            m.emissions(&x, &mut a);
            back.emissions(&x, &mut b);
            assert_eq!(a.len(), b.len());
            assert!(
                a.iter().zip(&b).all(|(a, b)| (a - b).abs() < 1e-2),
                "{types:?}: {a:?} vs {b:?}"
            );
            let again = QuantizedModel::from(&back).into_model().unwrap();
            let mut c = Vec::new();
            again.emissions(&x, &mut c);
            assert_eq!(b, c, "{types:?}: saving a loaded model keeps its weights");
        }
    }

    #[test]
    fn feature_hash_is_stable_and_separates_templates() {
        let a = FeatureHash::new(1).str("Idlib").finish();
        assert_eq!(a, FeatureHash::new(1).str("Idlib").finish());
        assert_ne!(a, FeatureHash::new(2).str("Idlib").finish());
        assert_ne!(
            FeatureHash::new(1).str("ab").str("c").finish(),
            FeatureHash::new(1).str("a").str("bc").finish()
        );
    }
}
