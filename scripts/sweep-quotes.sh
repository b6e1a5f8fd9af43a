#!/usr/bin/env bash
# Train the attribution tagger under several settings side by side and score each on PolNeAR dev.
#
#   bash scripts/sweep-quotes.sh SETTINGS [POLNEAR_DATA_DIR]
#
# SETTINGS has one setting per line: a name, then `factx train quotes` options
# ("fe14f10 --first-epochs 14 --folds 10"). JOBS settings train at once (default 8), each on two
# threads; FACTX names the binary (default target/release/factx); results go to OUT (default
# scratch/sweep): per setting its training log and `eval quotes` tables, and one summary line
# (name, seconds, source / cue / content exact F1 with --attributions all) in summary.txt.
set -u
export FACTX=${FACTX:-target/release/factx}
export POLNEAR=${2:-../shared/data/quotes/polnear/data}
export RESULTS=${OUT:-scratch/sweep}
mkdir -p "$RESULTS"
run() {
  name=$1
  shift
  start=$(date +%s)
  RAYON_NUM_THREADS=2 "$FACTX" train quotes --train "$POLNEAR/train" --dev "$POLNEAR/dev" \
    --clusters models/clusters.tsv --chunker models/chunks.bin --out "$RESULTS/$name.bin" "$@" \
    > "$RESULTS/$name.train.log" 2>&1
  "$FACTX" eval quotes --polnear "$POLNEAR/dev" --attributions all --quotes-model "$RESULTS/$name.bin" \
    > "$RESULTS/$name.all.txt" 2>&1
  "$FACTX" eval quotes --polnear "$POLNEAR/dev" --quotes-model "$RESULTS/$name.bin" \
    > "$RESULTS/$name.speech.txt" 2>&1
  f1=$(sed -n 3,5p "$RESULTS/$name.all.txt" | awk '{print $NF}' | tr '\n' ' ')
  echo "$name $(($(date +%s) - start))s $f1" >> "$RESULTS/summary.txt"
}
export -f run
xargs -P "${JOBS:-8}" -L 1 bash -c 'run "$@"' _ < "$1"
cat "$RESULTS/summary.txt"
