#!/bin/bash
# Issue 16's fixed shapes, the PyTorch peer (../shared/bench/peer) and finetune:benchmark alternately, in one
# sitting: all-MiniLM-L6-v2 at 32 x 64 and a random checkpoint of bert-base's shape at 32 x 128, fp32 and bf16
# (the peer under autocast), nothing frozen, MLP head.
# usage: bench/peer-bert/run.sh [ROUNDS]   (after ./mvnw -B install -DskipTests -Dinvoker.skip)
# env: SHARED (default ../shared from the project root), OUT (default /tmp/bert-bench), CASES (default
# "minilm:64 bertbase:128"), PRECISIONS ("fp32 bf16"), STEPS (8 timed steps after 2 warm-up steps, the median
# reported, on both sides), MVN_ARGS (extra Maven options, e.g. -o).
# Each run appends to $OUT/peer.jsonl or copies benchmark.json to $OUT/plugin-<case>-<precision>-<round>.json;
# summarize.py $OUT prints the medians, the ratios and the targets.
set -eu -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}; OUT=${OUT:-/tmp/bert-bench}; ROUNDS=${1:-2}
CASES=${CASES:-minilm:64 bertbase:128}; PRECISIONS=${PRECISIONS:-fp32 bf16}; STEPS=${STEPS:-8}; MVN_ARGS=${MVN_ARGS:-}
PEER=$SHARED/bench/peer; MINILM=$SHARED/models/all-MiniLM-L6-v2; BERTBASE=${BERTBASE:-/tmp/bert-base-shape}
[ -f "$PEER/bench_shapes.py" ] || { echo "no PyTorch peer at $PEER (set SHARED)"; exit 2; }
mkdir -p "$OUT"
[ -f "$BERTBASE/model.safetensors" ] || /usr/bin/python3 "$PEER/tools/random_bert.py" "$BERTBASE" "$MINILM"
model() { case $1 in minilm) echo "$MINILM" ;; bertbase) echo "$BERTBASE" ;; esac; }
# Debian's torch with OpenBLAS, 2 threads; SKYLAKEX because this CPU reports a generic model name and OpenBLAS
# would otherwise fall back to a kernel six times slower.
peer() {
    (cd "$PEER" && OMP_NUM_THREADS=2 OPENBLAS_CORETYPE=SKYLAKEX LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
        /usr/bin/python3 bench_shapes.py --model "$(model "$1")" --seqs "$2" --batch 32 --freeze 0 --head mlp \
        --train-steps "$STEPS" --infer-batches "$STEPS" --warmup 2 $([ "$3" = bf16 ] && echo --autocast-bf16) \
        --out "$OUT/peer.jsonl" | sed "s/^/peer: /")
}
# cls pooling: the peer's MLP head reads the first token.
plugin() {
    rm -f "$ROOT/target/finetune/benchmark.json"
    (cd "$ROOT" && ./mvnw -B $MVN_ARGS dev.stellar:finetune-maven-plugin:0.1.0-SNAPSHOT:benchmark \
        -Dfinetune.model="$(model "$1")" -Dfinetune.benchmarkBatchSize=32 -Dfinetune.benchmarkSequenceLength="$2" \
        -Dfinetune.benchmarkSteps="$STEPS" -Dfinetune.freezeLayerCount=0 -Dfinetune.precision="$3" \
        -Dfinetune.pooling=cls -Dfinetune.exportFormats=none | grep -E '\] (Train|Infer|GEMM)|ERROR' | sed "s/^/plugin: /") &&
        cp "$ROOT/target/finetune/benchmark.json" "$OUT/plugin-$1-$3-$4.json"
}
for round in $(seq 1 "$ROUNDS"); do
    for precision in $PRECISIONS; do
        for c in $CASES; do
            name=${c%%:*}; seq=${c##*:}
            echo "== round $round, $name 32 x $seq, $precision, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
            peer "$name" "$seq" "$precision"
            plugin "$name" "$seq" "$precision" "$round"
        done
    done
done
/usr/bin/python3 "$HERE/summarize.py" "$OUT"
