# Job files for the quick start on a GPU machine without Maven: the worker (dev.stellar.finetune.fork.WorkerMain)
# runs them directly. Made from the prepare-data job the plugin wrote for a copy of examples/quickstart whose
# <model> is the folder of the imported all-MiniLM-L6-v2 (config.json, model.safetensors, tokenizer.json), with
# the same absolute paths (/root/qs) on both machines, so the prepared data travels as it is.
import json, copy, sys
base = json.load(open('/root/qs/target/finetune/jobs/prepare-data.json'))
LIB = '/opt/torch/.venv/lib/python3.12/site-packages/torch/lib'  # pip's torch on the GPU machine
def job(steps, work, precision, bench=None):
    j = copy.deepcopy(base)
    j['steps'] = steps
    s = j['settings']
    s['workDirectory'] = '/root/qs/' + work
    s['threads'] = 16
    s['training']['speed']['precision'] = precision
    s['engine'] = {'device': {'kind': 'GPU', 'gpuIndex': 0}, 'engineDownload': False, 'libtorch': LIB}
    if bench: j['benchmark'] = bench
    return j
jobs = {'train-bf16': job(['FREEZE_AND_TRAIN', 'EVALUATE'], 'w-bf16', 'AUTO'),
        'train-fp32': job(['FREEZE_AND_TRAIN', 'EVALUATE'], 'w-fp32', 'FP32')}
for prec in ['FP32', 'BF16']:
    for seq in [64, 128]:
        jobs['bench-%s-%d' % (prec.lower(), seq)] = job(
            ['BENCHMARK'], 'b-%s-%d' % (prec.lower(), seq), prec, bench={'batchSize': 32, 'sequenceLength': seq, 'steps': 8})
for name, j in jobs.items():
    json.dump(j, open('%s/%s.json' % (sys.argv[1], name), 'w'), indent=1)
