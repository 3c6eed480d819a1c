#!/usr/bin/env python3
"""Write a randomly initialised RoBERTa of any shape in Hugging Face layout, for speed runs: config.json
(model_type roberta), model.safetensors with RobertaModel's tensor names under "roberta." and no pooler (as
roberta-base's checkpoint), and the tokenizer files copied from TOKENIZER_FROM (the plugin wants a tokenizer
beside the weights; finetune:benchmark never reads it: it feeds random ids. Any byte-level BPE tokenizer.json
whose ids fit vocab_size will do, e.g. src/test/resources/tiny-roberta).
Adapted from shared/bench/peer/tools/random_bert.py (normal(0, 0.02) weights, LayerNorm 1/0, numpy seed 0).
usage: random_roberta.py OUT_DIR TOKENIZER_FROM [--hidden 768 --layers 12 --heads 12 --intermediate 3072
       --vocab 50265 --positions 514]   (the defaults are roberta-base's shape)"""
import argparse, json, os, shutil, struct
import numpy as np

ap = argparse.ArgumentParser(); ap.add_argument("out"); ap.add_argument("tokenizer_from")
ap.add_argument("--hidden", type=int, default=768); ap.add_argument("--layers", type=int, default=12)
ap.add_argument("--heads", type=int, default=12); ap.add_argument("--intermediate", type=int, default=3072)
ap.add_argument("--vocab", type=int, default=50265); ap.add_argument("--positions", type=int, default=514)
a = ap.parse_args()
V, H, I, P, PAD = a.vocab, a.hidden, a.intermediate, a.positions, 1
tok = json.load(open(os.path.join(a.tokenizer_from, "tokenizer.json"), encoding="utf-8"))
largest = max(list(tok["model"]["vocab"].values()) + [t["id"] for t in tok.get("added_tokens", [])])
assert largest < V, "the tokenizer has id %d, beyond vocab %d" % (largest, V)
rng = np.random.default_rng(0); n = lambda *s: rng.normal(0, 0.02, s).astype(np.float32)
ones, zeros = (lambda: np.ones(H, np.float32)), (lambda: np.zeros(H, np.float32))
e = "roberta.embeddings."
t = {e + "word_embeddings.weight": n(V, H), e + "position_embeddings.weight": n(P, H),
     e + "token_type_embeddings.weight": n(1, H), e + "LayerNorm.weight": ones(), e + "LayerNorm.bias": zeros()}
t[e + "word_embeddings.weight"][PAD] = 0; t[e + "position_embeddings.weight"][PAD] = 0  # padding_idx rows
for l in range(a.layers):
    p = "roberta.encoder.layer.%d." % l
    for m in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
        t[p + m + ".weight"] = n(H, H); t[p + m + ".bias"] = zeros()
    t[p + "intermediate.dense.weight"] = n(I, H); t[p + "intermediate.dense.bias"] = np.zeros(I, np.float32)
    t[p + "output.dense.weight"] = n(H, I); t[p + "output.dense.bias"] = zeros()
    for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
        t[p + ln + ".weight"] = ones(); t[p + ln + ".bias"] = zeros()
os.makedirs(a.out, exist_ok=True)
hdr, off = {"__metadata__": {"format": "pt"}}, 0
for k, v in t.items():
    hdr[k] = {"dtype": "F32", "shape": list(v.shape), "data_offsets": [off, off + v.nbytes]}; off += v.nbytes
h = json.dumps(hdr, separators=(",", ":")).encode(); h += b" " * ((8 - len(h) % 8) % 8)
with open(os.path.join(a.out, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(h))); f.write(h)
    for v in t.values(): f.write(v.tobytes())
json.dump({"architectures": ["RobertaForMaskedLM"], "model_type": "roberta", "vocab_size": V, "hidden_size": H,
           "num_hidden_layers": a.layers, "num_attention_heads": a.heads, "intermediate_size": I, "hidden_act": "gelu",
           "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "max_position_embeddings": P,
           "type_vocab_size": 1, "initializer_range": 0.02, "layer_norm_eps": 1e-5, "pad_token_id": PAD,
           "bos_token_id": 0, "eos_token_id": 2, "position_embedding_type": "absolute"},
          open(os.path.join(a.out, "config.json"), "w"), indent=2)
for f in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
    if os.path.exists(os.path.join(a.tokenizer_from, f)): shutil.copy(os.path.join(a.tokenizer_from, f), a.out)
print("wrote", a.out, sum(v.size for v in t.values()), "parameters")
