#!/usr/bin/python3
"""The PyTorch peer's model code for RoBERTa (stdlib + numpy + torch only), for bench_shapes.py.

Adapted from shared/bench/peer/peer_finetune.py (safetensors reader, BERT layers, heads, freezing, AdamW
groups, FLOP model), with transformers' RobertaEmbeddings: positions counted from pad_token_id + 1 over
the non-pad tokens (create_position_ids_from_input_ids), one token type, weights under "roberta.".
Parameter names are those of transformers' RobertaModel, so a checkpoint's state_dict loads as it is.
"""
import json, math, os, struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

_ST_DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64,
              "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


def load_safetensors(path):
    """u64 LE header length, JSON header, raw little-endian tensor bytes (BF16 widened to F32)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        if info["dtype"] == "BF16":
            arr = (np.frombuffer(data[a:b], dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(data[a:b], dtype=np.dtype(_ST_DTYPES[info["dtype"]]).newbyteorder("<"))
        out[name] = torch.from_numpy(arr.reshape(info["shape"]).copy())
    return out


class RobertaEmbeddings(nn.Module):
    """transformers' RobertaEmbeddings: BERT's, with positions pad+1.. over non-pad tokens (pads get pad)."""

    def __init__(self, c):
        super().__init__()
        self.padding_idx = c["pad_token_id"]
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"], padding_idx=self.padding_idx)
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["hidden_size"],
                                                padding_idx=self.padding_idx)
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, input_ids, token_type_ids):
        real = input_ids.ne(self.padding_idx).int()
        pos = (torch.cumsum(real, dim=1).type_as(real) * real).long() + self.padding_idx
        x = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)  # same order as HF
        x = x + self.position_embeddings(pos)
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        H = c["hidden_size"]
        self.nh = c["num_attention_heads"]
        self.hd = H // self.nh
        self.query = nn.Linear(H, H)
        self.key = nn.Linear(H, H)
        self.value = nn.Linear(H, H)
        self.dropout = nn.Dropout(c["attention_probs_dropout_prob"])

    def forward(self, x, ext_mask):
        B, S, H = x.shape
        split = lambda t: t.view(B, S, self.nh, self.hd).transpose(1, 2)
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.hd) + ext_mask
        probs = self.dropout(F.softmax(scores, dim=-1))
        return torch.matmul(probs, v).transpose(1, 2).reshape(B, S, H)


class DenseResidualNorm(nn.Module):
    """BertSelfOutput / BertOutput: LayerNorm(dropout(dense(h)) + input)."""

    def __init__(self, c, inp):
        super().__init__()
        self.dense = nn.Linear(inp, c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, h, inp):
        return self.LayerNorm(self.dropout(self.dense(h)) + inp)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = SelfAttention(c)
        self.output = DenseResidualNorm(c, c["hidden_size"])

    def forward(self, x, ext_mask):
        return self.output(self.self(x, ext_mask), x)


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        assert c.get("hidden_act", "gelu") == "gelu", "only exact (erf) gelu implemented"
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])

    def forward(self, x):
        return F.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = DenseResidualNorm(c, c["intermediate_size"])

    def forward(self, x, ext_mask):
        a = self.attention(x, ext_mask)
        return self.output(self.intermediate(a), a)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])

    def forward(self, x, ext_mask):
        for l in self.layer:
            x = l(x, ext_mask)
        return x


class RobertaModel(nn.Module):
    """RobertaModel without its pooler (RobertaForSequenceClassification has none): last_hidden_state."""

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.embeddings = RobertaEmbeddings(c)
        self.encoder = Encoder(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        x = self.embeddings(input_ids, token_type_ids)
        ext = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        return self.encoder(x, ext)


def load_roberta(model_dir, verbose=True):
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    assert cfg.get("model_type") in ("roberta", "xlm-roberta"), cfg.get("model_type")
    assert cfg.get("position_embedding_type", "absolute") == "absolute"
    cfg.setdefault("layer_norm_eps", 1e-5)
    cfg.setdefault("type_vocab_size", 1)
    model = RobertaModel(cfg)
    sd = load_safetensors(os.path.join(model_dir, "model.safetensors"))
    sd = {(k[len("roberta."):] if k.startswith("roberta.") else k): v for k, v in sd.items()}
    own = model.state_dict()
    used = {k: v for k, v in sd.items() if k in own}
    missing = sorted(k for k in own if k not in used)
    assert not missing, missing
    for k, v in used.items():
        assert tuple(v.shape) == tuple(own[k].shape), (k, v.shape, own[k].shape)
    model.load_state_dict(used, strict=False)
    if verbose:
        print("[load] %s: %d tensors used, ignored %s" % (model_dir, len(used), sorted(k for k in sd if k not in own)))
    return model, cfg


class Classifier(nn.Module):
    """`mlp`: the plugin's default head, Linear(H,256)-ReLU-Dropout-Linear on the first token (<s>), which is
    the plugin's default pooling for RoBERTa; `roberta`: RobertaClassificationHead (dropout, dense, tanh,
    dropout, out_proj), the plugin's classifierHiddenSizes=none."""

    def __init__(self, roberta, head, num_labels, dropout=0.1):
        super().__init__()
        self.roberta = roberta
        H = roberta.config["hidden_size"]
        if head == "mlp":
            self.head = nn.Sequential(nn.Linear(H, 256), nn.ReLU(), nn.Dropout(dropout), nn.Linear(256, num_labels))
        elif head == "roberta":
            self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(H, H), nn.Tanh(), nn.Dropout(dropout),
                                      nn.Linear(H, num_labels))
        else:
            raise ValueError(head)

    def forward(self, ids, mask, types):
        return self.head(self.roberta(ids, mask, types)[:, 0])


def apply_freeze(roberta, n):
    """0: nothing; -1: embeddings only; N>0: embeddings + encoder layers 0..N-1 (the plugin's freezeLayerCount)."""
    if n == 0:
        return
    for p in roberta.embeddings.parameters():
        p.requires_grad_(False)
    for i in range(max(n, 0)):
        for p in roberta.encoder.layer[i].parameters():
            p.requires_grad_(False)


def make_optimizer(model, lr, wd):
    """AdamW without decay on biases and LayerNorm weights."""
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if (n.endswith(".bias") or "LayerNorm.weight" in n) else decay).append(p)
    return torch.optim.AdamW([{"params": decay, "weight_decay": wd}, {"params": no_decay, "weight_decay": 0.0}],
                             lr=lr, betas=(0.9, 0.999), eps=1e-8)


def layer_fwd_flops(cfg, B, S):
    H, I = cfg["hidden_size"], cfg["intermediate_size"]
    return 2 * B * S * (4 * H * H + 2 * H * I), 2 * 2 * B * S * S * H  # Linears; QK^T and P.V


def head_dims_of(model):
    return [(m.in_features, m.out_features) for m in model.head if isinstance(m, nn.Linear)]


def train_flops(cfg, B, S, freeze, head_dims):
    """Matmul FLOPs of a step: a trained layer 3x its forward, a frozen one 1x; the head on B rows (no pooler)."""
    H, L = cfg["hidden_size"], cfg["num_hidden_layers"]
    nfrozen = 0 if freeze == 0 else max(freeze, 0)
    lin, att = layer_fwd_flops(cfg, B, S)
    f = nfrozen * (lin + att) + (L - nfrozen) * 3 * (lin + att)
    if freeze != 0 and nfrozen < L:
        f -= 2 * B * S * 3 * H * H
    return f + 3 * 2 * B * sum(a * b for a, b in head_dims)


def infer_flops(cfg, B, S, head_dims):
    lin, att = layer_fwd_flops(cfg, B, S)
    return cfg["num_hidden_layers"] * (lin + att) + 2 * B * sum(a * b for a, b in head_dims)


def blas_libs():
    try:
        return sorted(set(x.split()[-1] for x in open("/proc/self/maps")
                          if any(s in x for s in ("blas", "lapack", "mkl", "dnnl"))))
    except OSError:
        return []
