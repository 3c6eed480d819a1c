#!/bin/bash
# Debtags multi-label benchmark: builds the data if absent, trains and evaluates all-MiniLM-L6-v2 with
# `mvn verify` (finetune:train bound to verify), then prints the test figures next to the trivial baselines.
# usage: bench/debtags-multilabel/run.sh [extra Maven arguments, e.g. -Pcsv, -o, -Dbench.learningRate=3e-5]
#        (after ./mvnw -B install -DskipTests -Dinvoker.skip)
# env: MAX_TRAIN (build.py's --max-train, default 6000, used only when the data are built), FRESH=1 to delete
#      target/finetune first (the plugin otherwise reuses a model trained with the same settings).
set -eu -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
DATA=$HERE/target/debtags
if [ ! -f "$DATA/train.jsonl" ] || [ ! -f "$DATA/test.csv" ]; then
    python3 "$HERE/build.py" "$DATA" --max-train "${MAX_TRAIN:-6000}"
fi
[ "${FRESH:-0}" = 1 ] && rm -rf "$HERE/target/finetune"
(cd "$ROOT" && /usr/bin/time -v ./mvnw -B -f bench/debtags-multilabel/pom.xml verify "$@") 2>&1 \
    | tee "$HERE/target/run.log"
grep -E "Elapsed \(wall clock\)|Maximum resident" "$HERE/target/run.log" || true
python3 "$HERE/summarize.py" "$HERE/target/finetune/evaluation.json" "$DATA"
