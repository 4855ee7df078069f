# -*- coding: utf-8 -*-
"""The raw-cntk case of bench/mlp.py, in the CNTK engine's Python 2.7.

A 784-256(relu)-10 MLP trained by a C.Trainer: cross-entropy with softmax
(CNTK's fused op), SGD lr 0.01, batch 128, on the same synthetic rows as
bench/mlp.py, batches drawn from a fresh permutation every epoch as fit()
does. It speaks bench/mlp.py's worker protocol: after an untimed warm-up of
10 batches it prints 'BENCH {"ready": true}', then for each 'run' line on
stdin it times one epoch and prints 'BENCH {"time": seconds}'.

    tools/cntk-python bench/cntk_raw.py [--rows 60000]     (then type: run)
"""
from __future__ import print_function

import argparse
import json
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore", message="Unsupported Linux distribution")
warnings.filterwarnings("ignore", message=r"\s*#+ Missing optional dependency")
import cntk as C  # noqa: E402

BATCH = 128
LR = 0.01
WARMUP_ROWS = 10 * BATCH


def make_data(rows):
    """The rows of bench/mlp.py's make_data (same seed, same draws)."""
    rs = np.random.RandomState(0)
    x = rs.rand(rows, 784).astype(np.float32)
    labels = rs.randint(0, 10, size=rows)
    y = np.zeros((rows, 10), dtype=np.float32)
    y[np.arange(rows), labels] = 1.0
    return x, y


def make_step():
    """A function training one batch with a C.Trainer."""
    x = C.input_variable(784, dtype=np.float32)
    y = C.input_variable(10, dtype=np.float32)
    hidden = C.layers.Dense(256, activation=C.relu, init=C.glorot_uniform(seed=1))(x)
    logits = C.layers.Dense(10, activation=None, init=C.glorot_uniform(seed=2))(hidden)
    loss = C.cross_entropy_with_softmax(logits, y)
    learner = C.sgd(logits.parameters, lr=C.learning_parameter_schedule(LR))
    trainer = C.Trainer(logits, (loss, None), [learner])
    return lambda xb, yb: trainer.train_minibatch({x: xb, y: yb})


def epoch(step, x, y, rs):
    index = rs.permutation(len(x))
    for start in range(0, len(x), BATCH):
        batch = index[start:start + BATCH]
        step(np.take(x, batch, axis=0), np.take(y, batch, axis=0))


def reply(obj):
    sys.stdout.write("BENCH " + json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=60000)
    args = ap.parse_args()
    C.device.try_set_default_device(C.device.cpu())
    x, y = make_data(args.rows)
    rs = np.random.RandomState(1)
    step = make_step()
    epoch(step, x[:WARMUP_ROWS], y[:WARMUP_ROWS], rs)
    reply({"ready": True})
    for line in iter(sys.stdin.readline, ""):
        if line.strip() != "run":
            break
        start = time.time()
        epoch(step, x, y, rs)
        reply({"time": time.time() - start})
    return 0


if __name__ == "__main__":
    sys.exit(main())
