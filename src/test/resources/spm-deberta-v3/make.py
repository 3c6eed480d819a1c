"""Makes the spm-deberta-v3 fixture: a tiny SentencePiece Unigram model set up the way microsoft/deberta-v3-*
ship theirs ([PAD]=0 [CLS]=1 [SEP]=2 [UNK]=3, nmt_nfkc normalization, no tokenizer.json) and the ids
sentencepiece itself gives for a set of texts. Dev-time only (python with sentencepiece 0.2.2); the plugin's tests
read the files it writes and never run it. Usage: python make.py  (writes into this script's folder)."""

import io
import json
import os

import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))

# Training text written for this fixture (no third-party text): plain sentences, some accented, Greek and
# Cyrillic words, digits and punctuation, so that the pieces cover more than ASCII.
CORPUS = """
The plugin fine-tunes an encoder on labelled sentences and writes a model that other programs can load.
A small model trains quickly on a laptop, and a larger one learns more from the same examples.
Every review in the data set says whether the reader liked the film, the book or the restaurant.
The weather was cold in the morning, warm at noon and windy again in the evening.
She walked to the station, bought a ticket and waited for the train that never came.
Numbers such as 12, 345 and 6789 appear in prices, dates and addresses.
Questions end with a question mark? Exclamations end with an exclamation mark!
The café served a naïve crème brûlée, and the garçon smiled at the façade.
Über den Straßen Münchens schien die Sonne, und die Kinder spielten im Garten.
El niño comió una manzana mientras la señora leía el periódico en el jardín.
Η γλώσσα είναι ένα εργαλείο, και το κείμενο είναι μια σειρά από λέξεις.
Язык и текст: слова, предложения и абзацы составляют документ.
Tokenizers split words into pieces; frequent words stay whole, rare words break into smaller parts.
Training, evaluation and prediction read the same tokenizer, so the ids never drift apart.
Good films, bad films, long books, short books: people write about all of them with passion.
An unknown character becomes one unknown token, and a run of them is fused into one.
""".strip().splitlines()

TEXTS = [
    "The film was good.",
    "a naïve café crème",
    "  leading and trailing spaces  ",
    "many    spaces   between    words",
    "tabs\tand\nnew lines",
    "Über Straßen und Gärten",
    "Η γλώσσα και το κείμενο",
    "Язык и текст",
    "ＦＵＬＬ ｗｉｄｔｈ and ﬁne ligatures ①②",
    "unknown 漢字 and emoji 🙂🙂 here",
    "Numbers: 12,345.67 and 8/9",
    "UPPER lower MiXeD",
    "",
    "   ",
    "x",
    "non\u00a0breaking space and zero\u200bwidth",
]

PAIRS = [
    ("Is the film good?", "The film was good."),
    ("  spaced   question ", " an answer "),
    ("café", "Язык 漢字"),
    ("", "only the second"),
]


# microsoft/deberta-v3-base's tokenizer_config.json, and special_tokens_map.json as DebertaV2Tokenizer saves it.
TOKENIZER_CONFIG = {"do_lower_case": False, "vocab_type": "spm"}
SPECIAL_TOKENS_MAP = {
    "bos_token": "[CLS]",
    "eos_token": "[SEP]",
    "unk_token": "[UNK]",
    "sep_token": "[SEP]",
    "pad_token": "[PAD]",
    "cls_token": "[CLS]",
    "mask_token": "[MASK]",
}


# DeBERTa-v3's layout: the special pieces first, [UNK] the unknown piece.
SPECIAL_PIECES = dict(
    pad_id=0, pad_piece="[PAD]", bos_id=1, bos_piece="[CLS]", eos_id=2, eos_piece="[SEP]", unk_id=3, unk_piece="[UNK]"
)


def main():
    # As microsoft/deberta-v3-* are trained: nmt_nfkc normalization, dummy prefix, no byte fallback.
    make(HERE, vocab_size=400, character_coverage=1.0, seed_sentencepiece_size=2000)
    # The options DeBERTa-v3 does not use, each with its own tokenizer.json setting: no character map
    # (identity), no dummy prefix, unknown characters spelled as UTF-8 byte pieces.
    make(
        os.path.join(HERE, "byte-fallback"),
        vocab_size=500,
        character_coverage=0.98,
        byte_fallback=True,
        normalization_rule_name="identity",
        add_dummy_prefix=False,
    )


def make(folder, **options):
    os.makedirs(folder, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS),
        model_writer=model,
        model_type="unigram",
        hard_vocab_limit=False,
        num_threads=1,
        **SPECIAL_PIECES,
        **options,
    )
    with open(os.path.join(folder, "spm.model"), "wb") as f:
        f.write(model.getvalue())
    for name, content in (("tokenizer_config.json", TOKENIZER_CONFIG), ("special_tokens_map.json", SPECIAL_TOKENS_MAP)):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            json.dump(content, f, indent=2)
            f.write("\n")
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    cls, sep = sp.piece_to_id("[CLS]"), sp.piece_to_id("[SEP]")

    cases = []
    for text in TEXTS:
        ids = sp.encode(text)
        cases.append(
            {
                "text": text,
                "pieces": [sp.id_to_piece(i) for i in ids],
                "input_ids": [cls] + ids + [sep],
                "token_type_ids": [0] * (len(ids) + 2),
            }
        )
    for first, second in PAIRS:
        a, b = sp.encode(first), sp.encode(second)
        cases.append(
            {
                "text": first,
                "pair": second,
                "input_ids": [cls] + a + [sep] + b + [sep],
                "token_type_ids": [0] * (len(a) + 2) + [1] * (len(b) + 1),
            }
        )
    golden = {
        "made_with": "sentencepiece " + spm.__version__,
        "vocab_size": sp.get_piece_size(),
        "cases": cases,
    }
    # One case a line, so that a diff shows which text changed.
    lines = [json.dumps(case, ensure_ascii=False) for case in cases]
    head = json.dumps({k: v for k, v in golden.items() if k != "cases"}, ensure_ascii=False)[:-1]
    with open(os.path.join(folder, "golden.json"), "w", encoding="utf-8") as f:
        f.write(head + ', "cases": [\n' + ",\n".join(lines) + "\n]}\n")


if __name__ == "__main__":
    main()
