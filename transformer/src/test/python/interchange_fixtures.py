"""Reference fixtures for transformer's interchange tests (InterchangeFixtureTest), made once with
the real Hugging Face tools; CI has no Python and reads the committed results.

  python interchange_fixtures.py hf-made DIR     tiny random models saved by transformers and
                                                 sentence-transformers (DIR/hf-bi, DIR/hf-cross) and
                                                 what those libraries compute with them (DIR/hf-expected.json)
  python interchange_fixtures.py check-java DIR  loads the folders Java wrote (DIR/java-bi, DIR/java-bi-cls,
                                                 DIR/java-cross; see InterchangeFixtures.java) with
                                                 sentence-transformers and AutoModelForSequenceClassification
                                                 and writes what they compute to DIR/java-expected.json

Made with torch 2.13 (CPU), transformers 5.17.0, sentence-transformers 6.0.1 (docs/formats.md).
"""
import json
import os
import sys

import torch

VOCAB = (["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list("abcdefghijklmnopqrstuvwxyz0123456789")
         + [",", "-", ".", "red", "running", "shoe", "lamp", "brass", "table", "oak", "desk",
            "vin", "##tage", "for", "men", "cafe", "##ing", "##er"] + ["##" + c for c in "abcdefghijklmnopqrstuvwxyz"])

TEXTS = ["Red running shoes", "vintage brass desk lamp", "Café table, oak", "shoes",
         "a very long title for men: red oak table, brass lamp and running shoes for men",
         "ÜBER-lamp 42", "unknown ☃ token"]
PAIRS = [["red running shoes", "running shoes"], ["oak table", "brass lamp"],
         ["vintage desk lamp with a long description that runs past the length", "desk lamp"],
         ["Café", "cafe table"]]


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm.weight" in name:
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.2 * torch.randn(p.shape, generator=g))


def hf_made(out):
    from transformers import BertConfig, BertModel, BertTokenizerFast, BertForSequenceClassification
    from sentence_transformers import SentenceTransformer, CrossEncoder, models
    os.makedirs(out, exist_ok=True)
    vocab_file = os.path.join(out, "vocab.tmp")
    with open(vocab_file, "w") as f:
        f.write("\n".join(VOCAB) + "\n")
    tok = BertTokenizerFast(vocab_file, do_lower_case=True)
    os.remove(vocab_file)
    cfg = dict(vocab_size=len(VOCAB), hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
               intermediate_size=32, max_position_embeddings=40)
    bert = BertModel(BertConfig(**cfg), add_pooling_layer=False)
    randomize(bert, 1)
    tmp = os.path.join(out, "hf-bert.tmp")
    bert.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    t = models.Transformer(tmp, max_seq_length=10)
    dense = models.Dense(16, 8, activation_function=torch.nn.Identity())
    randomize(dense, 2)
    st = SentenceTransformer(modules=[t, models.Pooling(16, "mean"), dense, models.Normalize()], device="cpu")
    st.save(os.path.join(out, "hf-bi"))
    emb = st.encode(TEXTS, convert_to_numpy=True, normalize_embeddings=False)
    cross = BertForSequenceClassification(BertConfig(**cfg, num_labels=1))
    randomize(cross, 3)
    cross.save_pretrained(os.path.join(out, "hf-cross"))
    tok.model_max_length = 16
    tok.save_pretrained(os.path.join(out, "hf-cross"))
    ce = CrossEncoder(os.path.join(out, "hf-cross"), device="cpu")
    probs = ce.predict([tuple(p) for p in PAIRS])
    import shutil
    shutil.rmtree(tmp)
    for d in ("hf-bi", "hf-cross"):
        readme = os.path.join(out, d, "README.md")
        if os.path.exists(readme):
            os.remove(readme)
    ids = [tok(t_, truncation=True, max_length=10)["input_ids"] for t_ in TEXTS]
    pair_ids = [tok(a, b, truncation="longest_first", max_length=16) for a, b in PAIRS]
    write(os.path.join(out, "hf-expected.json"), {
        "texts": TEXTS, "bi_token_ids": ids, "bi_embeddings": emb.tolist(),
        "pairs": PAIRS, "cross_token_ids": [p["input_ids"] for p in pair_ids],
        "cross_type_ids": [p["token_type_ids"] for p in pair_ids], "cross_probabilities": [float(x) for x in probs]})


def check_java(d):
    from transformers import AutoTokenizer, AutoModelForSequenceClassification, AutoModel
    from sentence_transformers import SentenceTransformer, CrossEncoder
    result = {"texts": TEXTS, "pairs": PAIRS}
    for name in ("java-bi", "java-bi-cls"):
        st = SentenceTransformer(os.path.join(d, name), device="cpu")
        result[name] = {"max_seq_length": st.max_seq_length,
                        "embeddings": st.encode(TEXTS, convert_to_numpy=True).tolist(),
                        "token_ids": [st.tokenizer(t, truncation=True, max_length=st.max_seq_length)["input_ids"] for t in TEXTS]}
        # transformers alone reads the encoder: the last hidden state of the first text
        bert = AutoModel.from_pretrained(os.path.join(d, name)).eval()
        tok = AutoTokenizer.from_pretrained(os.path.join(d, name))
        with torch.no_grad():
            h = bert(**tok(TEXTS[:1], return_tensors="pt")).last_hidden_state[0]
        result[name]["first_hidden_state"] = h.tolist()
    path = os.path.join(d, "java-cross")
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path).eval()
    enc = tok([p[0] for p in PAIRS], [p[1] for p in PAIRS], padding=True, truncation="longest_first", return_tensors="pt")
    with torch.no_grad():
        logits = model(**enc).logits
    ce = CrossEncoder(path, device="cpu")
    result["java-cross"] = {
        "architecture": model.config.architectures, "num_labels": model.config.num_labels,
        "tokenizer_max_length": tok.model_max_length,
        "token_ids": enc["input_ids"].tolist(), "attention_mask": enc["attention_mask"].tolist(),
        "type_ids": enc["token_type_ids"].tolist(),
        "hf_probabilities": torch.sigmoid(logits[:, 0]).tolist(),
        "st_probabilities": [float(x) for x in ce.predict([tuple(p) for p in PAIRS])]}
    write(os.path.join(d, "java-expected.json"), result)


def write(path, obj):
    with open(path + ".tmp", "w") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    torch.manual_seed(0)
    {"hf-made": hf_made, "check-java": check_java}[sys.argv[1]](sys.argv[2])
