#!/usr/bin/python3
# A GPU variant of shared/bench/peer/bench_shapes.py (the PyTorch peer), changed only to put the model and the
# batch on --device and to report torch.cuda.max_memory_allocated.
"""(GPU variant for a side-by-side on a CUDA machine: --device cuda; timings end with a host sync.)
Steady-state throughput at fixed shapes (no padding): training step and no_grad inference batch.
Training step = zero_grad + forward + cross-entropy + backward + clip_grad_norm_(1.0) + AdamW step
(same model/head/optimizer code as peer_finetune.py; dropout active in training, as in fine-tuning).
Usage: OMP_NUM_THREADS=2 /usr/bin/python3 bench_shapes.py --model DIR [--model DIR ...] [--seqs 64 128] [--batch 32]
       [--freeze 0] [--train-steps 8] [--infer-batches 8] [--warmup 2] [--autocast-bf16] [--out results/shapes.jsonl]"""
import argparse, json, os, resource, statistics, time
import torch
import torch.nn.functional as F
from peer_finetune import (load_bert, Classifier, apply_freeze, make_optimizer, train_flops, infer_flops,
                           head_dims_of, blas_libs)

ap = argparse.ArgumentParser()
ap.add_argument("--model", action="append", required=True)
ap.add_argument("--seqs", type=int, nargs="+", default=[64, 128])
ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--freeze", type=int, default=0)
ap.add_argument("--head", default="mlp")
ap.add_argument("--train-steps", type=int, default=8)
ap.add_argument("--infer-batches", type=int, default=8)
ap.add_argument("--warmup", type=int, default=2)
ap.add_argument("--autocast-bf16", action="store_true", help="run forward+loss under torch.autocast('cpu', bfloat16)")
ap.add_argument("--peak", default="results/peak.json")
ap.add_argument("--device", default="cuda")
ap.add_argument("--out", default="results/shapes.jsonl")
args = ap.parse_args()
DEV = torch.device(args.device)
torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
peak = json.load(open(args.peak)) if os.path.exists(args.peak) else None


def ctx():
    return torch.autocast(DEV.type, dtype=torch.bfloat16) if args.autocast_bf16 else torch.autocast(DEV.type, enabled=False)


for mdir in args.model:
    for S in args.seqs:
        torch.manual_seed(0)
        bert, cfg, _ = load_bert(mdir, verbose=False)
        model = Classifier(bert, args.head, 2).to(DEV)
        torch.cuda.reset_peak_memory_stats()
        apply_freeze(bert, args.freeze)
        opt = make_optimizer(model, 5e-5, 0.01)
        trainable = [p for p in model.parameters() if p.requires_grad]
        B, V = args.batch, cfg["vocab_size"]
        ids = torch.randint(1000, V, (B, S)); ids[:, 0] = 101; ids[:, -1] = 102
        mask = torch.ones(B, S, dtype=torch.long); tt = torch.zeros(B, S, dtype=torch.long)
        y = torch.randint(0, 2, (B,))
        ids, mask, tt, y = ids.to(DEV), mask.to(DEV), tt.to(DEV), y.to(DEV)
        hd = head_dims_of(model)

        model.train()
        times, ph = [], {"fwd": [], "bwd": [], "opt": []}
        for i in range(args.warmup + args.train_steps):
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            with ctx():
                loss = F.cross_entropy(model(ids, mask, tt).float(), y)
            t1 = time.perf_counter()
            loss.backward()
            t2 = time.perf_counter()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            opt.step()
            loss.item()
            t3 = time.perf_counter()
            if i >= args.warmup:
                times.append(t3 - t0); ph["fwd"].append(t1 - t0); ph["bwd"].append(t2 - t1); ph["opt"].append(t3 - t2)
        tr = statistics.median(times)

        model.eval()
        itimes = []
        with torch.no_grad():
            for i in range(args.warmup + args.infer_batches):
                t0 = time.perf_counter()
                with ctx():
                    model(ids, mask, tt).float().argmax(-1).tolist()
                if i >= args.warmup:
                    itimes.append(time.perf_counter() - t0)
        inf = statistics.median(itimes)

        tf, inff = train_flops(cfg, B, S, args.freeze, hd), infer_flops(cfg, B, S, hd)
        mode = "bf16_autocast" if args.autocast_bf16 else "fp32"
        rec = dict(model=os.path.basename(mdir.rstrip("/")), mode=mode, batch=B, seq=S, freeze=args.freeze, head=args.head,
                   train_step_s_median=tr, train_step_s_min=min(times), train_samples_per_s=B / tr,
                   train_fwd_s=statistics.median(ph["fwd"]), train_bwd_s=statistics.median(ph["bwd"]),
                   train_opt_s=statistics.median(ph["opt"]),
                   train_gflop_per_step=tf / 1e9, train_gflops_per_s=tf / tr / 1e9,
                   infer_batch_s_median=inf, infer_samples_per_s=B / inf, infer_gflop_per_batch=inff / 1e9,
                   infer_gflops_per_s=inff / inf / 1e9, train_steps_timed=len(times), infer_batches_timed=len(itimes),
                   peak_rss_mib_process=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
                   peak_gpu_mib=torch.cuda.max_memory_allocated() / 1048576.0,
                   threads=torch.get_num_threads(), blas=blas_libs())
        if peak:
            c = peak["ceilings"]
            best = c.get(mode + "_best_any_shape")
            rec["frac_train_of_best_gemm"] = rec["train_gflops_per_s"] / best
            rec["frac_infer_of_best_gemm"] = rec["infer_gflops_per_s"] / best
            key = "%s_H%d_M%d_" % (mode, cfg["hidden_size"], B * S)
            if key + "train" in c:
                rec["frac_train_of_shape_ceiling"] = rec["train_gflops_per_s"] / c[key + "train"]
                rec["frac_infer_of_shape_ceiling"] = rec["infer_gflops_per_s"] / c[key + "infer"]
        print(("[%s %s B=%d S=%d freeze=%d] train %.2f samples/s (step %.3fs: fwd %.3f bwd %.3f opt %.3f; %.0f GFLOP/s)"
               " | infer %.2f samples/s (batch %.3fs; %.0f GFLOP/s) | peak GPU %.0f MiB")
              % (rec["model"], mode, B, S, args.freeze, rec["train_samples_per_s"], tr, rec["train_fwd_s"],
                 rec["train_bwd_s"], rec["train_opt_s"], rec["train_gflops_per_s"], rec["infer_samples_per_s"], inf,
                 rec["infer_gflops_per_s"], rec["peak_gpu_mib"]), flush=True)
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "a") as f:
            f.write(json.dumps(rec) + "\n")
        del model, opt, bert
