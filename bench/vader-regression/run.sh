#!/bin/bash
# VADER lexicon regression benchmark: builds the data if absent, trains and evaluates all-MiniLM-L6-v2 with
# `mvn verify` (finetune:train bound to verify), then prints the test figures next to the training-mean baseline.
# usage: bench/vader-regression/run.sh [extra Maven arguments, e.g. -o, -Dbench.learningRate=1e-4]
#        (after ./mvnw -B install -DskipTests -Dinvoker.skip)
# env: VADER_PACKAGE (see build.sh), FRESH=1 to delete target/finetune first (the plugin otherwise reuses a model
#      trained with the same settings).
set -eu -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
DATA=$HERE/target/vader
if [ ! -f "$DATA/train.csv" ] || [ ! -f "$DATA/test.csv" ]; then
    "$HERE/build.sh" "$DATA"
fi
[ "${FRESH:-0}" = 1 ] && rm -rf "$HERE/target/finetune"
(cd "$ROOT" && /usr/bin/time -v ./mvnw -B -f bench/vader-regression/pom.xml verify "$@") 2>&1 \
    | tee "$HERE/target/run.log"
grep -E "Elapsed \(wall clock\)|Maximum resident" "$HERE/target/run.log" || true
python3 "$HERE/summarize.py" "$HERE/target/finetune/evaluation.json" "$DATA"
