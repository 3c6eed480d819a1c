#!/bin/bash
# RoBERTa at roberta-base's shape, the PyTorch peer and finetune:benchmark alternately, in one sitting.
# usage: bench/peer-roberta/run.sh [ROUNDS]   (after ./mvnw -B install -DskipTests -Dinvoker.skip)
# env: MODEL (default /tmp/roberta-base-shape, written by random_roberta.py when missing), OUT (default
# /tmp/roberta-bench), SEQS ("128 64"), PRECISIONS ("fp32 bf16"), STEPS (8: timed steps after 2 warm-up steps,
# the median reported, on both sides), MVN_ARGS (extra Maven options, e.g. -o or -Dmaven.repo.local=...).
# Each run appends to $OUT/peer.jsonl or copies benchmark.json to $OUT/plugin-<precision>-<seq>-<round>.json;
# summarize.py $OUT prints the medians and the ratios.
set -eu -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
MODEL=${MODEL:-/tmp/roberta-base-shape}; OUT=${OUT:-/tmp/roberta-bench}; ROUNDS=${1:-2}
SEQS=${SEQS:-128 64}; PRECISIONS=${PRECISIONS:-fp32 bf16}; STEPS=${STEPS:-8}; MVN_ARGS=${MVN_ARGS:-}
mkdir -p "$OUT"
[ -f "$MODEL/model.safetensors" ] || /usr/bin/python3 "$HERE/random_roberta.py" "$MODEL" "$ROOT/src/test/resources/tiny-roberta"
# Debian's torch with OpenBLAS, 2 threads; SKYLAKEX because this CPU reports a generic model name and OpenBLAS
# would otherwise fall back to a kernel six times slower.
peer() {
    (cd "$HERE" && OMP_NUM_THREADS=2 OPENBLAS_CORETYPE=SKYLAKEX LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
        /usr/bin/python3 bench_shapes.py --model "$MODEL" --seqs "$2" --batch 32 --freeze 0 --head mlp \
        --train-steps "$STEPS" --infer-batches "$STEPS" --warmup 2 $([ "$1" = bf16 ] && echo --autocast-bf16) \
        --out "$OUT/peer.jsonl")
}
plugin() {
    rm -f "$ROOT/target/finetune/benchmark.json"
    (cd "$ROOT" && ./mvnw -B $MVN_ARGS dev.stellar:finetune-maven-plugin:0.1.0-SNAPSHOT:benchmark \
        -Dfinetune.model="$MODEL" -Dfinetune.benchmarkBatchSize=32 -Dfinetune.benchmarkSequenceLength="$2" \
        -Dfinetune.benchmarkSteps="$STEPS" -Dfinetune.freezeLayerCount=0 -Dfinetune.precision="$1" \
        -Dfinetune.exportFormats=none | grep -E '\] (Benchmark|Train|Infer|GEMM)|ERROR') &&
        cp "$ROOT/target/finetune/benchmark.json" "$OUT/plugin-$1-$2-$3.json"
}
for round in $(seq 1 "$ROUNDS"); do
    for precision in $PRECISIONS; do
        for seq in $SEQS; do
            echo "== round $round, $precision, 32 x $seq, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
            peer "$precision" "$seq"
            plugin "$precision" "$seq" "$round"
        done
    done
done
/usr/bin/python3 "$HERE/summarize.py" "$OUT"
