"""PyTorch peer of EncoderBenchmark and TrainingStepBenchmark: the same post-LN BERT (exact GELU,
LayerNorm eps 1e-12, no dropout), the same shapes and the same steps, timed in this process.

usage: torch_peer.py encode|train|cross small|minilm REPS   (prints one line: median ms, the spread,
       and the process's peak resident memory in MB)
"""
import resource
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

SIZES = {"small": (8000, 128, 2, 4, 512), "minilm": (30522, 384, 6, 12, 1536)}
BATCH = 64


class Block(nn.Module):
    def __init__(self, hidden, heads, ffn):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = (nn.Linear(hidden, hidden) for _ in range(3))
        self.out = nn.Linear(hidden, hidden)
        self.norm1 = nn.LayerNorm(hidden, eps=1e-12)
        self.up = nn.Linear(hidden, ffn)
        self.down = nn.Linear(ffn, hidden)
        self.norm2 = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x, bias):
        b, t, h = x.shape
        split = lambda y: y.view(b, t, self.heads, h // self.heads).transpose(1, 2)
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        weights = torch.softmax(q @ k.transpose(-1, -2) * (h // self.heads) ** -0.5 + bias, dim=-1)
        context = (weights @ v).transpose(1, 2).reshape(b, t, h)
        x = self.norm1(x + self.out(context))
        return self.norm2(x + self.down(F.gelu(self.up(x))))


class Encoder(nn.Module):
    def __init__(self, vocab, hidden, layers, heads, ffn):
        super().__init__()
        self.words = nn.Embedding(vocab, hidden)
        self.positions = nn.Embedding(512, hidden)
        self.types = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.blocks = nn.ModuleList(Block(hidden, heads, ffn) for _ in range(layers))

    def forward(self, ids, types, mask):
        x = self.norm(self.words(ids) + self.positions(torch.arange(ids.shape[1]))[None] + self.types(types))
        bias = (1.0 - mask[:, None, None, :].float()) * -1e9
        for block in self.blocks:
            x = block(x, bias)
        return x


def batch(vocab, seq, pairs, gen):
    ids = torch.randint(0, vocab, (BATCH, seq), generator=gen)
    mask = torch.ones(BATCH, seq, dtype=torch.long)
    mask[BATCH // 2:, seq // 2:] = 0
    types = torch.zeros(BATCH, seq, dtype=torch.long)
    if pairs:
        types[:, seq // 2:] = 1
    return ids, types, mask


def mean_pool(x, mask):
    m = mask[..., None].float()
    return F.normalize((x * m).sum(1) / m.sum(1), dim=-1)


def main():
    mode, size, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(2)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    cfg = SIZES[size]
    model = Encoder(*cfg)
    if mode == "encode":
        model.eval()
        ids, types, mask = batch(cfg[0], 32, False, gen)

        def step():
            with torch.no_grad():
                mean_pool(model(ids, types, mask), mask)
    elif mode == "train":
        model.train()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
        q, d = batch(cfg[0], 32, False, gen), batch(cfg[0], 32, False, gen)
        target = torch.arange(BATCH)

        def step():
            scores = 20.0 * mean_pool(model(*q), q[2]) @ mean_pool(model(*d), d[2]).T
            loss = F.cross_entropy(scores, target)
            opt.zero_grad()
            loss.backward()
            opt.step()
    else:
        model.train()
        head = nn.Linear(cfg[1], 1)
        opt = torch.optim.AdamW(list(model.parameters()) + list(head.parameters()), lr=1e-4)
        ids, types, mask = batch(cfg[0], 48, True, gen)
        labels = (torch.arange(BATCH) % 2).float()

        def step():
            loss = F.binary_cross_entropy_with_logits(head(model(ids, types, mask)[:, 0]).squeeze(-1), labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
    for _ in range(2):
        step()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"{statistics.median(times):.2f} {min(times):.2f} {max(times):.2f} {peak_mb:.0f}")


if __name__ == "__main__":
    main()
