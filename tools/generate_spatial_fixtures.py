#!/usr/bin/env python3
"""PyTorch reference values for inputs with spatial dimensions (docs/spatial.md).

What it does
    PyTorch's cross_entropy and nll_loss accept an input of shape (N, C, d1, d2, ...) with a
    target of shape (N, d1, d2, ...): a segmentation model's scores, one class per position. The
    docs show how to evaluate such data here: one SQL row per position. This script makes two
    seeded data sets of shape (N, C, H, W) (a few images, a few classes, fixed class weights),
    with some target positions set to ignore_index, and computes with real PyTorch (float64
    tensors, int64 targets) the 'mean' and 'sum' of cross_entropy (class weights, ignore_index,
    label smoothing) and of nll_loss (weights, ignore_index) on the whole 4-D tensor, in one call
    each, as a training script would. The expected values are never re-derived here: torch is the oracle.

    Output: src/test/resources/spatial/segmentation.json, with per image the logits and their
    log_softmax (nll_loss's input) as nested lists [C][H][W], the labels [H][W], and the
    expected values per call.

How to rerun
    From the repository root, with PyTorch 2.x:
        <venv with torch>/bin/python tools/generate_spatial_fixtures.py
    Deterministic: fixed seeds, one thread, sorted keys; rerunning gives identical bytes.
"""

import json
import os
import sys

import torch
import torch.nn.functional as F

if int(torch.__version__.split(".")[0]) < 2:
    sys.exit("generate_spatial_fixtures.py needs PyTorch 2 or newer (found %s)" % torch.__version__)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO_ROOT, "src", "test", "resources", "spatial", "segmentation.json")
GENERATOR = "tools/generate_spatial_fixtures.py"
IGNORE = 255  # the usual "void" label of segmentation data sets (PASCAL VOC)


def data_set(seed, weight, n, c, h, w):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(n, c, h, w, generator=g, dtype=torch.float64) * 2.0
    labels = torch.randint(0, c, (n, h, w), generator=g, dtype=torch.int64)
    void = torch.rand(n, h, w, generator=g, dtype=torch.float64) < 0.15
    labels[void] = IGNORE
    return logits, labels, torch.tensor(weight, dtype=torch.float64)


def rounded(x):
    """A double from a 0-d tensor, through Python's shortest round-trip repr."""
    return float(x.item())


def expected(logits, labels, weight):
    log_probs = F.log_softmax(logits, dim=1)
    calls = {}
    for reduction in ("mean", "sum"):
        calls["cross_entropy_" + reduction] = rounded(F.cross_entropy(
            logits, labels, weight=weight, ignore_index=IGNORE, reduction=reduction))
        calls["cross_entropy_smoothed_" + reduction] = rounded(F.cross_entropy(
            logits, labels, weight=weight, ignore_index=IGNORE, label_smoothing=0.1,
            reduction=reduction))
        calls["nll_loss_" + reduction] = rounded(F.nll_loss(
            log_probs, labels, weight=weight, ignore_index=IGNORE, reduction=reduction))
    return calls


def main():
    torch.set_num_threads(1)
    sets = []
    # Class weights with short decimals, so that the docs' SQL can write them out.
    for name, seed, weight, shape in (
            ("small", 19, [1.0, 2.0, 0.5, 1.5], (3, 4, 5, 6)),
            ("wide", 1919, [1.0, 0.5, 2.0, 1.5, 1.0, 3.0, 0.25], (2, 7, 9, 4))):
        logits, labels, weight = data_set(seed, weight, *shape)
        sets.append({
            "name": name,
            "shape": list(shape),
            "ignore_index": IGNORE,
            "weight": weight.tolist(),
            "images": [{"id": i, "logits": logits[i].tolist(),
                        "log_probs": F.log_softmax(logits, dim=1)[i].tolist(),
                        "label": labels[i].tolist()}
                       for i in range(shape[0])],
            "expected": expected(logits, labels, weight),
        })
    document = {"generator": GENERATOR, "torch_version": torch.__version__, "sets": sets}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(document, f, sort_keys=True, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(OUT, REPO_ROOT))


if __name__ == "__main__":
    main()
