#!/bin/bash
# Second GPU sitting: a BERT-base-shaped model (random weights, written here) with 6 of 12 layers frozen, the
# frozen-activation cache on the GPU against recomputing, device=auto, and the benchmark at BERT-base shapes beside
# the PyTorch peer on the same GPU.
HERE=$(cd "$(dirname "$0")" && pwd)
exec > >(tee ${OUT:-/tmp}/run2.log) 2>&1
D=${D:-$(pwd)/.gpuD}; K=$D/kit  # the kit as run-quickstart.sh describes, with jre.tar.xz and peer/random_bert.py
TORCH_LIB=/opt/torch/.venv/lib/python3.12/site-packages/torch/lib
tar xJf $D/jre.tar.xz -C /root && cp $K/libdjl_torch.so $TORCH_LIB/
python3 $K/peer/random_bert.py /root/rb/model $K/model | tail -1 && cp $K/model/tokenizer.json /root/rb/model/
for w in w-cached w-recomputed b-fp32-128 b-fp32-256 b-bf16-128 b-bf16-256; do mkdir -p /root/rb/$w && cp -r $K/data /root/rb/$w/; done
cd /root/rb
for job in freeze-cached freeze-recomputed bench-fp32-32x128 bench-bf16-32x128 bench-fp32-64x256 bench-bf16-64x256; do
  "$HERE"/run-job.sh $K $job
done
echo "=== peer (PyTorch $(python3 -c 'import torch;print(torch.__version__)') eager, same shapes, same GPU)"
cd $K/peer && for mode in "" "--autocast-bf16"; do for bs in "32 128" "64 256"; do set -- $bs
  timeout 200 python3 bench_shapes_gpu.py --model /root/rb/model --seqs $2 --batch $1 --freeze 0 --train-steps 8 \
     --infer-batches 8 --warmup 2 $mode --out ${OUT:-/tmp}/peer2.jsonl 2>&1 | grep -v Warning | tail -2
done; done
