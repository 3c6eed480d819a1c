import json, copy
base = json.load(open('/root/qs/target/finetune/jobs/prepare-data.json'))
LIB = '/opt/torch/.venv/lib/python3.12/site-packages/torch/lib'
def job(steps, work, precision, kind='AUTO', freeze=0, epochs=1, cache=None, bench=None):
    j = copy.deepcopy(base)
    j['steps'] = steps
    s = j['settings']
    s['baseDirectory'] = '/root/rb'
    s['workDirectory'] = '/root/rb/' + work
    s['threads'] = 16
    s['training']['epochs'] = epochs
    s['training']['freezeLayerCount'] = freeze
    s['training']['speed']['precision'] = precision
    if cache is not None: s['training']['speed']['cacheFrozenActivations'] = cache
    s['gate'] = {'gateSplit': 'test', 'haltOnFailure': False}
    s['engine'] = {'device': {'kind': kind, 'gpuIndex': 0}, 'engineDownload': False, 'libtorch': LIB}
    if bench: j['benchmark'] = bench
    return j
jobs = {
  'freeze-cached': job(['FREEZE_AND_TRAIN', 'EVALUATE'], 'w-cached', 'AUTO', freeze=6, epochs=2),
  'freeze-recomputed': job(['FREEZE_AND_TRAIN', 'EVALUATE'], 'w-recomputed', 'AUTO', freeze=6, epochs=2, cache=False),
}
for prec in ['FP32', 'BF16']:
    for b, seq in [(32, 128), (64, 256)]:
        jobs['bench-%s-%dx%d' % (prec.lower(), b, seq)] = job(['BENCHMARK'], 'b-%s-%d' % (prec.lower(), seq), prec, kind='GPU',
            bench={'batchSize': b, 'sequenceLength': seq, 'steps': 8})
for name, j in jobs.items():
    json.dump(j, open('jobs/%s.json' % name, 'w'), indent=1)
print(sorted(jobs))
