#!/usr/bin/python3
"""The debtags fine-tune in plain PyTorch eager: an independent check of the plugin's multi-label path.

It reuses the team's PyTorch peer (../shared/bench/peer/peer_finetune.py: the BERT model, the WordPiece tokenizer,
AdamW without decay on biases and LayerNorm, linear warm-up then decay, clipping at 1.0) and swaps in what multi-label
needs: 18 sigmoid outputs, BCEWithLogitsLoss (transformers' multi_label_classification), micro-F1 at threshold 0.5.
It carves no validation split and keeps the last epoch, so compare its test figures with the plugin's last epoch.

usage (Debian's torch, see the peer's run.sh setup):
  OMP_NUM_THREADS=2 /usr/bin/python3 bench/debtags-multilabel/peer_multilabel.py \
      --peer ../shared/bench/peer --model ../shared/models/all-MiniLM-L6-v2 \
      --data bench/debtags-multilabel/target/debtags --pooling mean --lr 1e-4 --epochs 5
"""
import argparse, json, math, os, random, sys, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", required=True, help="folder of peer_finetune.py")
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True, help="folder with train.jsonl and test.jsonl from build.py")
    ap.add_argument("--pooling", choices=["pooler", "mean"], default="mean")
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    sys.path.insert(0, os.path.abspath(args.peer))
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import peer_finetune as peer

    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    bert, cfg, _ = peer.load_bert(args.model)
    train_rows = peer.read_table(os.path.join(args.data, "train.jsonl"))
    test_rows = peer.read_table(os.path.join(args.data, "test.jsonl"))
    labels = sorted({l for r in train_rows for l in r["labels"]})
    index = {l: i for i, l in enumerate(labels)}
    tok = peer.WordPieceTokenizer(os.path.join(args.model, "vocab.txt"), lowercase=True)

    def encode(rows):
        out = []
        for r in rows:
            ids, tt = tok.encode(r["text"], None, args.max_length)
            y = [0.0] * len(labels)
            for l in r["labels"]:
                if l in index:
                    y[index[l]] = 1.0
            out.append((ids, tt, y))
        return out

    train, test = encode(train_rows), encode(test_rows)
    H = cfg["hidden_size"]
    # the plugin's default head: Linear(H,256)-ReLU-Dropout-Linear(256,C)
    head = nn.Sequential(nn.Linear(H, 256), nn.ReLU(), nn.Dropout(0.1), nn.Linear(256, len(labels)))
    model = nn.ModuleDict(dict(bert=bert, head=head))

    def forward(ids, mask, tt):
        states, pooled = bert(ids, mask, tt)
        if args.pooling == "mean":
            m = mask.unsqueeze(-1).to(states.dtype)
            pooled = (states * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return head(pooled)

    def collate(batch):
        ids, mask, tt, _ = peer.collate([(a, t, 0) for a, t, _ in batch], tok.pad)
        return ids, mask, tt, torch.tensor([y for _, _, y in batch])

    opt = peer.make_optimizer(model, args.lr, 0.01)
    steps = math.ceil(len(train) / args.batch_size) * args.epochs
    sched = peer.linear_warmup_decay(opt, math.ceil(0.1 * steps), steps)
    rng = random.Random(args.seed)
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0, total = time.perf_counter(), 0.0
        for b in peer.make_batches(len(train), args.batch_size, rng):
            ids, mask, tt, y = collate([train[i] for i in b])
            loss = F.binary_cross_entropy_with_logits(forward(ids, mask, tt), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item() * len(b)
        model.eval()
        tp = fp = fn = exact = 0
        test_loss = 0.0
        with torch.no_grad():
            for b in peer.make_batches(len(test), 64, None, shuffle=False):
                ids, mask, tt, y = collate([test[i] for i in b])
                logits = forward(ids, mask, tt)
                test_loss += F.binary_cross_entropy_with_logits(logits, y, reduction="sum").item() / len(labels)
                p = (torch.sigmoid(logits) >= args.threshold).float()
                tp += int((p * y).sum())
                fp += int((p * (1 - y)).sum())
                fn += int(((1 - p) * y).sum())
                exact += int((p == y).all(dim=1).sum())
        print(json.dumps(dict(epoch=epoch, train_loss=round(total / len(train), 4),
                              test_loss=round(test_loss / len(test), 4),
                              test_micro_f1=round(2 * tp / max(1, 2 * tp + fp + fn), 4),
                              test_subset_accuracy=round(exact / len(test), 4),
                              seconds=round(time.perf_counter() - t0, 1))), flush=True)


if __name__ == "__main__":
    main()
