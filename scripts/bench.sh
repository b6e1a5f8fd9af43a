#!/usr/bin/env bash
# Throughput / memory / start-up benchmark for `factx extract`.
#
# Usage: scripts/bench.sh [SIZE_MB]        (default 50)
#
# 1. Assembles (or reuses) a news-text corpus of at least SIZE_MB megabytes
#    (1 MB = 1,000,000 bytes) in "${FACTX_BENCH_DIR:-<repo>/scratch/bench-corpus}-SIZE_MB",
#    built from the raw text in <repo>/../shared/data: PolNeAR article texts,
#    Wikinews articles, and detokenised Worldwide Newswire, GMB and CoNLL-2003
#    documents. One article per NNNNNN.txt file, paragraphs separated by blank
#    lines; the article set is repeated (new file names) until the size is reached.
#    The corpus is generated on demand and never committed (scratch/ is gitignored).
# 2. Prints corpus statistics (files, MB, words).
# 3. Times `factx extract --quiet --threads N DIR > /dev/null` for N = 1 and 2 under
#    /usr/bin/time -v: wall seconds, maximum RSS, words/s, MB/s, 2-vs-1 thread scaling.
# 4. Times start-up (model load + one one-sentence document), median of several runs.
# 5. Prints a markdown summary suitable for BENCHMARKS.md.
#
# Environment:
#   FACTX_BENCH_DIR   corpus folder prefix (default <repo>/scratch/bench-corpus)
#   FACTX_BIN         binary to measure (default <repo>/target/release/factx)
#   FACTX_LOAD_RUNS   start-up runs for the median (default 5)
#   FACTX_EXTRACT_ARGS  extra arguments for every `factx extract` (e.g. "--quotes-model none")
#
# The script never builds factx; build it first with `cargo build --release`.
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$script_dir/.." && pwd)
shared="$root/../shared/data"

size_mb=${1:-50}
if ! [[ $size_mb =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [SIZE_MB]   (a positive whole number of megabytes, default 50)" >&2
    exit 2
fi
target_bytes=$((size_mb * 1000000))
corpus_dir="${FACTX_BENCH_DIR:-$root/scratch/bench-corpus}-$size_mb"
factx=${FACTX_BIN:-$root/target/release/factx}
load_runs=${FACTX_LOAD_RUNS:-5}
read -r -a extra_args <<< "${FACTX_EXTRACT_ARGS:-}"
# A panic backtrace is symbolised on the worker thread; keep that out of the timings.
export RUST_BACKTRACE=0

die() {
    echo "bench.sh: $*" >&2
    exit 2
}

[[ -x $factx ]] || die "no factx binary at $factx (run: cargo build --release)"
[[ -d $shared ]] || die "shared data not found at $shared"
command -v python3 > /dev/null || die "python3 is required"

if [[ ! -x /usr/bin/time ]]; then
    echo "== /usr/bin/time missing; installing the Debian 'time' package"
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get install -y time > /dev/null || die "could not install 'time' (apt-get install -y time)"
fi

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

# Sum of the sizes of the *.txt files under a folder (0 when it does not exist).
corpus_bytes() {
    if [[ -d $1 ]]; then
        find "$1" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { printf "%d\n", s }'
    else
        echo 0
    fi
}

# ---------------------------------------------------------------------------
# 1. Corpus
# ---------------------------------------------------------------------------
build_corpus() {
    local out=$1 staging="$1.partial.$$"
    rm -rf -- "$staging"
    mkdir -p -- "$staging"
    python3 - "$shared" "$staging" "$target_bytes" << 'PY'
import csv, glob, os, random, re, sys

shared, out, target = sys.argv[1], sys.argv[2], int(sys.argv[3])

BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]",
            "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"'}

def detok(tokens):
    """Join tokens with spaces, then undo the tokeniser's spacing."""
    s = " ".join(BRACKETS.get(t, t) for t in tokens if t)
    s = re.sub(r" ([,.;:!?%)\]}\u201d\u2019]|\.\.\.)", r"\1", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m|')(?![A-Za-z])", r"\1", s, flags=re.I)
    s = re.sub(r"([(\[{$\u201c\u2018]) ", r"\1", s)
    head = ""
    m = re.match(r'[^"]*?[,.!?] "', s)
    if s.count('"') % 2 and m:                   # odd count, first quote after punctuation:
        head, s = m.group(0)[:-2] + '"', s[m.end():]   # it closes an earlier quotation
    s = head + re.sub(r'" ?([^"]*?) ?"', r'"\1"', s)  # pair straight double quotes
    s = re.sub(r'^" ', '"', s)                   # unpaired: opens the sentence ...
    s = re.sub(r' "$', '"', s)                   # ... or closes it
    return s.strip()

def paragraphs(sentences, per_par=3):
    """Group sentences into paragraphs; a sentence without final punctuation
    (headline, byline, dateline) closes its paragraph."""
    pars, cur = [], []
    for s in sentences:
        if not s:
            continue
        cur.append(s)
        if len(cur) >= per_par or not re.search(r"[.!?\"')]$", s):
            pars.append(" ".join(cur))
            cur = []
    if cur:
        pars.append(" ".join(cur))
    return "\n\n".join(pars) + "\n" if pars else ""

def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        t = f.read().replace("\r\n", "\n").strip()
    return t + "\n" if t else ""

sources = {}

# Raw article texts.
sources["polnear"] = [read_text(p) for p in
                      sorted(glob.glob(os.path.join(shared, "quotes/polnear/data/*/text/*")))
                      if os.path.isfile(p)]
sources["wikinews"] = [read_text(p) for p in
                       sorted(glob.glob(os.path.join(shared, "articles/wikinews/*.txt")))]

# Worldwide Newswire: one article per TSV file, word in column 1, blank line between sentences.
wwn = []
for p in sorted(glob.glob(os.path.join(shared, "ner/worldwide_newswire/articles/*.tsv"))):
    sents, cur = [], []
    with open(p, encoding="utf-8", errors="replace") as f:
        for line in f:
            word = line.rstrip("\n").split("\t", 1)[0].strip()
            if word:
                cur.append(word)
            elif cur:
                sents.append(cur)
                cur = []
    if cur:
        sents.append(cur)
    sents = [s for s in sents if not (len(s) == 1 and re.match(r"https?://", s[0]))]
    wwn.append(paragraphs([detok(s) for s in sents]))
sources["worldwide_newswire"] = wwn

# GMB: sentences ("Sentence: N" starts one) grouped into ~30-sentence articles. cp1252 text.
gmb, sents, cur = [], [], []
with open(os.path.join(shared, "ner/gmb/ner_dataset.csv"), encoding="cp1252", errors="replace",
          newline="") as f:
    rows = csv.reader(f)
    next(rows, None)
    for row in rows:
        if len(row) < 2:
            continue
        if row[0].startswith("Sentence") and cur:
            sents.append(detok(cur))
            cur = []
            if len(sents) == 30:
                gmb.append(paragraphs(sents))
                sents = []
        cur.append(row[1])
if cur:
    sents.append(detok(cur))
if sents:
    gmb.append(paragraphs(sents))
sources["gmb"] = gmb

# CoNLL-2003 eng.train: documents split at -DOCSTART-, sentences at blank lines.
conll, sents, cur = [], [], []
with open(os.path.join(shared, "ner/conll2003/eng.train"), encoding="utf-8", errors="replace") as f:
    for line in f:
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            if cur:
                sents.append(detok(cur))
                cur = []
            if sents:
                conll.append(paragraphs(sents))
                sents = []
        elif parts:
            cur.append(parts[0])
        elif cur:
            sents.append(detok(cur))
            cur = []
if cur:
    sents.append(detok(cur))
if sents:
    conll.append(paragraphs(sents))
sources["conll2003"] = conll

articles = [a for docs in sources.values() for a in docs if a.strip()]
random.Random(20240601).shuffle(articles)   # mix sources, deterministically
unique = sum(len(a.encode("utf-8")) for a in articles)
for name, docs in sources.items():
    print(f"   {name:20s} {len(docs):6d} articles {sum(len(d.encode('utf-8')) for d in docs)/1e6:7.2f} MB")
print(f"   {'unique total':20s} {len(articles):6d} articles {unique/1e6:7.2f} MB")
if not articles:
    sys.exit("no source text found")

total, n, copy = 0, 0, 0
while total < target:
    for a in articles:
        data = a.encode("utf-8")
        with open(os.path.join(out, f"{n:06d}.txt"), "wb") as f:
            f.write(data)
        n += 1
        total += len(data)
        if total >= target:
            break
    copy += 1
print(f"   wrote {n} files, {total/1e6:.2f} MB ({copy} pass(es) over the unique articles)")
PY
    rm -rf -- "$out"
    mv -- "$staging" "$out"
}

echo "== Corpus: $corpus_dir (target >= $size_mb MB)"
have=$(corpus_bytes "$corpus_dir")
if ((have >= target_bytes)); then
    echo "   reusing cached corpus ($(awk -v b="$have" 'BEGIN { printf "%.2f", b / 1e6 }') MB)"
else
    echo "   building from $shared"
    mkdir -p -- "$(dirname -- "$corpus_dir")"
    build_corpus "$corpus_dir"
fi

# ---------------------------------------------------------------------------
# 2. Corpus statistics
# ---------------------------------------------------------------------------
files=$(find "$corpus_dir" -type f -name '*.txt' | wc -l)
bytes=$(corpus_bytes "$corpus_dir")
# wc -w also pulls the corpus into the page cache before the timed runs.
words=$(find "$corpus_dir" -type f -name '*.txt' -print0 | xargs -0 cat | wc -w)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }')
echo "== Corpus stats: $files files, $mb MB ($bytes bytes), $words words"

# ---------------------------------------------------------------------------
# Machine
# ---------------------------------------------------------------------------
cores=$(nproc)
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
cpu=${cpu:-unknown}
ram_gib=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)
if [[ $commit != unknown ]] && ! git -C "$root" diff --quiet HEAD -- 2> /dev/null; then
    commit="$commit (dirty)"
fi
version=$("$factx" --version 2> /dev/null || echo "factx (version unknown)")
echo "== Machine: $cores cores, $cpu, $ram_gib GiB RAM, load average $load_start"

if awk '{ exit !($1 >= 0.5) }' /proc/loadavg; then
    echo "   warning: load average $load_start before starting: other processes are using CPU," \
        "so timings (and 2-thread scaling above all) will be pessimistic"
fi

# Runs a command under /usr/bin/time -v, stdout to /dev/null and stderr to $tmp/stderr.txt;
# sets run_wall (s, from a ns clock), run_cpu (user + system s), run_rss_kb, run_rc, run_panics.
timed() {
    local tv="$tmp/time.txt" t0 t1
    t0=$(date +%s%N)
    if /usr/bin/time -v -o "$tv" "$@" > /dev/null 2> "$tmp/stderr.txt"; then run_rc=0; else run_rc=$?; fi
    t1=$(date +%s%N)
    run_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    run_rss_kb=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$tv")
    run_cpu=$(awk -F': *' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$tv")
    run_panics=$(grep -c 'panicked at' "$tmp/stderr.txt" || true)
}

# ---------------------------------------------------------------------------
# 4. Start-up (model load + one tiny document); also warms the binary's pages.
# ---------------------------------------------------------------------------
tiny="$tmp/tiny.txt"
echo "The mayor of Springfield said on Monday that property taxes would rise by 5% next year." > "$tiny"
echo "== Start-up: factx extract --quiet on a one-sentence file, 1 warm-up + $load_runs runs"
timed "$factx" extract --quiet "${extra_args[@]}" "$tiny"
((run_rc == 0)) || die "factx failed on the tiny file (exit $run_rc): $(head -c 2000 "$tmp/stderr.txt")"
echo "   warm-up (possibly cold page cache): ${run_wall}s"
load_times=()
for ((i = 1; i <= load_runs; i++)); do
    timed "$factx" extract --quiet "${extra_args[@]}" "$tiny"
    load_times+=("$run_wall")
done
load_rss_mib=$(awk -v k="$run_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
load_median=$(printf '%s\n' "${load_times[@]}" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "   runs: ${load_times[*]} s; median ${load_median}s; max RSS ${load_rss_mib} MiB"

# ---------------------------------------------------------------------------
# 3. Throughput, 1 and 2 threads
# ---------------------------------------------------------------------------
declare -A wall cpu_s cpu_wps rss_mib wps mbps dps failed
for n in 1 2; do
    echo "== factx extract --quiet ${extra_args[*]} --threads $n $corpus_dir > /dev/null"
    timed "$factx" extract --quiet "${extra_args[@]}" --threads "$n" "$corpus_dir"
    case $run_rc in
        0) ;;
        1)
            echo "   warning: factx exited 1: some documents failed ($run_panics panic(s) on stderr):"
            grep -A1 'panicked at' "$tmp/stderr.txt" | grep -v '^--$' | sed -E 's/ \([0-9]+\) / /' |
                sort | uniq -c | sort -rn | head -n 6 | sed 's/^/     /'
            ;;
        *) die "factx extract failed (exit $run_rc): $(head -c 2000 "$tmp/stderr.txt")" ;;
    esac
    failed[$n]=$run_panics
    wall[$n]=$run_wall
    cpu_s[$n]=$run_cpu
    cpu_wps[$n]=$(awk -v w="$words" -v t="$run_cpu" 'BEGIN { printf "%.0f", w / t }')
    rss_mib[$n]=$(awk -v k="$run_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
    wps[$n]=$(awk -v w="$words" -v t="$run_wall" 'BEGIN { printf "%.0f", w / t }')
    mbps[$n]=$(awk -v b="$bytes" -v t="$run_wall" 'BEGIN { printf "%.3f", b / 1e6 / t }')
    dps[$n]=$(awk -v d="$files" -v t="$run_wall" 'BEGIN { printf "%.1f", d / t }')
    echo "   wall ${wall[$n]}s, CPU ${cpu_s[$n]}s, max RSS ${rss_mib[$n]} MiB, ${wps[$n]} words/s, ${mbps[$n]} MB/s, ${dps[$n]} docs/s"
done
scaling=$(awk -v a="${wall[1]}" -v b="${wall[2]}" 'BEGIN { printf "%.2f", a / b }')
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== Scaling 2 threads / 1 thread: ${scaling}x (ideal 2.00x; load average now $load_end)"

# ---------------------------------------------------------------------------
# 5. Markdown summary
# ---------------------------------------------------------------------------
cat << EOF

### factx extract benchmark — $(date -u +%Y-%m-%d), ${size_mb} MB corpus

| Machine | |
|---|---|
| Cores (nproc) | $cores |
| CPU | $cpu |
| RAM | $ram_gib GiB |
| Load average at start / end | $load_start / $load_end |
| Binary | $version, commit $commit |
| Extract arguments | ${FACTX_EXTRACT_ARGS:-(defaults)} |
| Corpus | $files files, $mb MB, $words words (PolNeAR, Wikinews, detokenised WNN/GMB/CoNLL; repeated to size) |

| Threads | Wall (s) | Words/s | MB/s | Docs/s | CPU (s) | Words/CPU-s | Max RSS (MiB) |
|--:|--:|--:|--:|--:|--:|--:|--:|
| 1 | ${wall[1]} | ${wps[1]} | ${mbps[1]} | ${dps[1]} | ${cpu_s[1]} | ${cpu_wps[1]} | ${rss_mib[1]} |
| 2 | ${wall[2]} | ${wps[2]} | ${mbps[2]} | ${dps[2]} | ${cpu_s[2]} | ${cpu_wps[2]} | ${rss_mib[2]} |

- Scaling 2 threads / 1 thread: **${scaling}x**
- Start-up (model load + one one-sentence document), median of $load_runs: **${load_median} s** (max RSS $load_rss_mib MiB)
- MB = 10^6 bytes; wall time includes start-up; output to /dev/null; CPU = user + system time.
EOF
if ((failed[1] + failed[2] > 0)); then
    echo "- Documents that failed (panicked) per run: ${failed[1]} (1 thread), ${failed[2]} (2 threads)"
fi
