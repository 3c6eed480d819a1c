#!/bin/bash
# The quick start (freeze-and-train + evaluate) and finetune:benchmark on the GPU, then the PyTorch peer's shapes
# benchmark on the same GPU and model. Expects the kit in $K (default /root/stash/kit, where the 2026-12-01 run had
# parked it over three calls, the device tool moving at most 64 MiB a call): lib/ (the plugin's jar and its
# dependencies, no native jar), jobs/ (jobs-quickstart.py), data/ (the prepared quick-start data), model/
# (config.json, tokenizer.json), libdjl_torch.so (build-djl-jni.sh), peer/ (peer_finetune.py and
# bench_shapes_gpu.py), a JRE at /root/jre, and the model's weights at /root/qs/model/model.safetensors.
HERE=$(cd "$(dirname "$0")" && pwd)
exec > >(tee ${OUT:-/tmp}/run.log) 2>&1
K=${K:-/root/stash/kit}
TORCH_LIB=/opt/torch/.venv/lib/python3.12/site-packages/torch/lib
cp $K/libdjl_torch.so $TORCH_LIB/
cp $K/model/* /root/qs/model/
for w in w-bf16 w-fp32 b-fp32-64 b-fp32-128 b-bf16-64 b-bf16-128; do mkdir -p /root/qs/$w && cp -r $K/data /root/qs/$w/; done
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv,noheader
cd /root/qs
for job in train-bf16 train-fp32 bench-fp32-64 bench-fp32-128 bench-bf16-64 bench-bf16-128; do
  "$HERE"/run-job.sh $K $job
done
echo "=== peer (PyTorch $(python3 -c 'import torch;print(torch.__version__)') eager, same model, same GPU)"
cd $K/peer && for mode in "" "--autocast-bf16"; do
  timeout 200 python3 bench_shapes_gpu.py --model /root/qs/model --seqs 64 128 --batch 32 --freeze 0 --train-steps 8 \
     --infer-batches 8 --warmup 2 $mode --out ${OUT:-/tmp}/peer-shapes.jsonl 2>&1 | grep -v Warning | tail -4
done
