#!/usr/bin/python3
"""Checks roberta_peer.py against a fixture's float64 golden (transformers' RobertaModel last_hidden_state and
RobertaForSequenceClassification logits), so the peer is known to compute RoBERTa before it is timed.
usage: check_golden.py FIXTURE_DIR   (e.g. src/test/resources/tiny-roberta)"""
import json, os, sys
import torch
from roberta_peer import load_roberta, load_safetensors, Classifier

d = sys.argv[1]
golden = json.load(open(os.path.join(d, "golden.json")))
roberta, cfg = load_roberta(d, verbose=False)
model = Classifier(roberta, "roberta", len(cfg["id2label"])).double().eval()
sd = load_safetensors(os.path.join(d, "model.safetensors"))
with torch.no_grad():
    for mine, theirs in ((model.head[1], "classifier.dense"), (model.head[4], "classifier.out_proj")):
        mine.weight.copy_(sd[theirs + ".weight"]); mine.bias.copy_(sd[theirs + ".bias"])
    worst = 0.0
    for case in golden["cases"]:
        ids, mask, types = (torch.tensor(case[k]) for k in ("input_ids", "attention_mask", "token_type_ids"))
        hidden = roberta(ids, mask, types)
        d_hidden = (hidden - torch.tensor(case["last_hidden_state"], dtype=torch.float64)).abs().max().item()
        d_logits = (model(ids, mask, types) - torch.tensor(case["logits"], dtype=torch.float64)).abs().max().item()
        print("%s: last_hidden_state max |diff| %.2e, logits %.2e" % (case["name"], d_hidden, d_logits))
        worst = max(worst, d_hidden, d_logits)
sys.exit(0 if worst < 1e-5 else 1)
