"""KV-cache decoding of a random Llama of the given shape in PyTorch eager mode, for `rlhf bench --pytorch`.

The same algorithm as rlhf4j's sampler: one position per step for every row, keys and values written into a cache
allocated for all positions, attention over the cached prefix, rotary embeddings, RMSNorm, SwiGLU, the head over the
whole vocabulary, a token drawn at temperature 1. Weights are normal with standard deviation 0.02; only the speed is
read. Prints "tok/s: X" (rows x steps per second of the timed steps) on standard output.
"""
import argparse
import time

import torch
import torch.nn.functional as F

p = argparse.ArgumentParser()
for name in ("dim", "layers", "heads", "kv-heads", "hidden", "vocab", "batch", "steps", "threads"):
    p.add_argument("--" + name, type=int, required=True)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.set_grad_enabled(False)
hd = a.dim // a.heads
groups = a.heads // a.kv_heads
gen = torch.Generator().manual_seed(42)


def weight(*shape):
    return torch.randn(*shape, generator=gen) * 0.02


embedding, head = weight(a.vocab, a.dim), weight(a.vocab, a.dim)
layers = [dict(qkv=weight((a.heads + 2 * a.kv_heads) * hd, a.dim), o=weight(a.dim, a.heads * hd),
               gate_up=weight(2 * a.hidden, a.dim), down=weight(a.dim, a.hidden),
               norm1=torch.ones(a.dim), norm2=torch.ones(a.dim)) for _ in range(a.layers)]
final_norm = torch.ones(a.dim)
warm_up = 8
angles = torch.outer(torch.arange(warm_up + a.steps + 1).float(),
                     1.0 / (10000.0 ** (torch.arange(0, hd, 2).float() / hd)))
cos, sin = angles.cos(), angles.sin()


def rms_norm(x, gain):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * gain


def rotary(x, position):  # (B, heads, 1, hd), interleaved pairs as in Meta's Llama
    even, odd = x[..., 0::2], x[..., 1::2]
    c, s = cos[position], sin[position]
    return torch.stack((even * c - odd * s, even * s + odd * c), -1).flatten(-2)


def decode(steps):
    b = a.batch
    capacity = warm_up + a.steps + 1
    keys = [torch.zeros(b, a.kv_heads, capacity, hd) for _ in range(a.layers)]
    values = [torch.zeros(b, a.kv_heads, capacity, hd) for _ in range(a.layers)]
    token = torch.randint(3, a.vocab, (b,), generator=gen)
    for position in range(steps):
        x = embedding[token].unsqueeze(1)  # (B, 1, d)
        for i, layer in enumerate(layers):
            qkv = F.linear(rms_norm(x, layer["norm1"]), layer["qkv"]).view(b, 1, a.heads + 2 * a.kv_heads, hd)
            q = rotary(qkv[:, :, :a.heads].transpose(1, 2), position)  # (B, H, 1, hd)
            k = rotary(qkv[:, :, a.heads:a.heads + a.kv_heads].transpose(1, 2), position)
            keys[i][:, :, position:position + 1] = k
            values[i][:, :, position:position + 1] = qkv[:, :, a.heads + a.kv_heads:].transpose(1, 2)
            cached_k = keys[i][:, :, :position + 1]
            cached_v = values[i][:, :, :position + 1]
            grouped = q.reshape(b, a.kv_heads, groups, hd) / hd ** 0.5  # (B, KV, G, hd)
            context = torch.softmax(grouped @ cached_k.transpose(-1, -2), -1) @ cached_v  # (B, KV, G, hd)
            x = x + F.linear(context.reshape(b, 1, a.heads * hd), layer["o"])
            gate, up = F.linear(rms_norm(x, layer["norm2"]), layer["gate_up"]).chunk(2, -1)
            x = x + F.linear(F.silu(gate) * up, layer["down"])
        logits = F.linear(rms_norm(x, final_norm), head)[:, 0]  # (B, V)
        token = torch.multinomial(torch.softmax(logits, -1), 1, generator=gen)[:, 0]


decode(warm_up)
start = time.perf_counter()
decode(a.steps)
print("tok/s: %f" % (a.batch * a.steps / (time.perf_counter() - start)), flush=True)
