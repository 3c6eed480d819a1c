#!/bin/bash
# all-MiniLM-L6-v2 on UCI sentiment, whole processes, the PyTorch peer (../shared/bench/peer, with the same length
# grouping and 240 carved validation rows evaluated each epoch) and `mvn finetune:train` alternately in one
# sitting, at freeze 0 and 3; then the plugin over more seeds in fp32 and bf16 (does bf16 cost accuracy?).
# usage: bench/minilm-uci-sentiment/side-by-side.sh   (after ./mvnw -B install -DskipTests -Dinvoker.skip)
# env: SHARED (default ../shared from the project root), OUT (default /tmp/uci-bench), FREEZES ("0 3"),
# PRECISIONS ("fp32 bf16"), SEEDS (more seeds for the accuracy check, default "1 2", "" for none; seed 42 is the
# first run),
# MVN_ARGS (e.g. -o). summarize.py $OUT prints the table.
set -eu -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}; OUT=${OUT:-/tmp/uci-bench}; FREEZES=${FREEZES:-0 3}
PRECISIONS=${PRECISIONS:-fp32 bf16}; SEEDS=${SEEDS-1 2}; MVN_ARGS=${MVN_ARGS:-}
PEER=$SHARED/bench/peer; M=$SHARED/models/all-MiniLM-L6-v2; D=$SHARED/data/uci-sentiment
[ -f "$PEER/peer_finetune.py" ] || { echo "no PyTorch peer at $PEER (set SHARED)"; exit 2; }
mkdir -p "$OUT"
peer() {
    (cd "$PEER" && OMP_NUM_THREADS=2 OPENBLAS_CORETYPE=SKYLAKEX LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
        /usr/bin/time -v /usr/bin/python3 peer_finetune.py --model "$M" --train "$D/uci_sentiment_train.csv" \
        --test "$D/uci_sentiment_test.csv" --head mlp --freeze "$1" --max-length 64 --batch-size 32 --lr 5e-5 \
        --weight-decay 0.01 --epochs 3 --seed 42 --sort-by-length --val-rows 240 --eval-val \
        --tag "peer-f$1" --results "$OUT/peer.jsonl") > "$OUT/peer-f$1.log" 2>&1
}
plugin() { # freeze precision seed
    local tag=plugin-f$1-$2-s$3
    rm -rf "$HERE/target" # a fresh build: the plugin would otherwise reuse a model trained with the same settings
    (cd "$ROOT" && /usr/bin/time -v ./mvnw -B $MVN_ARGS -f bench/minilm-uci-sentiment/pom.xml finetune:train \
        -Dbench.model="$M" -Dbench.data="$D" -Dbench.freeze="$1" -Dfinetune.precision="$2" -Dfinetune.seed="$3") \
        > "$OUT/$tag.log" 2>&1
    cp "$HERE/target/finetune/evaluation.json" "$OUT/$tag.json"
}
for f in $FREEZES; do
    echo "== freeze $f, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
    peer "$f"
    for p in $PRECISIONS; do plugin "$f" "$p" 42; done
done
for s in $SEEDS; do
    for p in $PRECISIONS; do
        echo "== seed $s, $p, $(date -u +%H:%M:%S) UTC"
        plugin 0 "$p" "$s"
    done
done
/usr/bin/python3 "$HERE/summarize.py" "$OUT"
