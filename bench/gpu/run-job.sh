#!/bin/bash
# Runs one job file in the plugin's worker on the GPU and prints its log lines, its wall time and the GPU memory
# nvidia-smi saw while it ran. Usage: run-job.sh KIT JOB_NAME (the job is KIT/jobs/JOB_NAME.json; JRE at /root/jre)
K=$1; job=$2
nvidia-smi --query-gpu=memory.used,utilization.gpu --format=csv,noheader,nounits -lms 100 > /tmp/smi-$job.csv &
SMI=$!; T0=$(date +%s.%N); echo "=== $job"
# The worker stops when its standard input closes (the build is gone): keep it open.
timeout 240 /root/jre/bin/java -Xmx8g -cp "$K/lib/*" dev.stellar.finetune.fork.WorkerMain $K/jobs/$job.json \
   < <(sleep 300) 2> /tmp/$job.err | python3 -c '
import sys, json
for line in sys.stdin:
    try: e = json.loads(line)
    except Exception: print("  [raw]", line.rstrip()[:300]); continue
    m = e.get("message")
    if m and not m.startswith(("=", "Layer", "encoder.layer", "embeddings", "classifier", "Total", "Trainable", "Non-")):
        print("  ", m[:400], flush=True)
'
echo "   rc=${PIPESTATUS[0]} wall $(python3 -c "import time;print(round(time.time()-$T0,1))") s"
kill $SMI; sleep 0.2
python3 -c "
rows=[l.split(',') for l in open('/tmp/smi-$job.csv') if l.strip() and l.split(',')[0].strip().isdigit()]
m=[int(r[0]) for r in rows]; u=[int(r[1]) for r in rows]
print('   GPU memory used: max %d MiB; utilisation mean %.0f%% over %d samples' % (max(m), sum(u)/len(u), len(m)))"
grep -i "exception\|error" /tmp/$job.err | head -5 | cut -c1-300
