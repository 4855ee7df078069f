# -*- coding: utf-8 -*-
"""Raw CNTK baseline (Python 2.7; run with tools/cntk-python):
one epoch of a 784-256(relu)-10(softmax) MLP on 60,000 synthetic float32
rows, batch 128, SGD lr 0.01, cross-entropy, C.Trainer. One warm-up epoch,
then the median of 3 timed epochs.

    tools/cntk-python bench/cntk_raw.py [--epochs 3] [--rows 60000]
"""
from __future__ import print_function

import argparse
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore", message="Unsupported Linux distribution")
warnings.filterwarnings("ignore", message=r"\s*#+ Missing optional dependency")
import cntk as C  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=60000)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=0.01)
    args = ap.parse_args()

    C.device.try_set_default_device(C.device.cpu())
    rng = np.random.RandomState(0)
    X = rng.rand(args.rows, 784).astype(np.float32)
    labels = rng.randint(0, 10, size=args.rows)
    Y = np.eye(10, dtype=np.float32)[labels]

    x = C.input_variable(784, dtype=np.float32)
    y = C.input_variable(10, dtype=np.float32)
    h = C.layers.Dense(256, activation=C.relu, init=C.glorot_uniform(seed=1))(x)
    z = C.layers.Dense(10, activation=None, init=C.glorot_uniform(seed=2))(h)
    # softmax output layer trained with cross-entropy: CNTK fuses the two
    loss = C.cross_entropy_with_softmax(z, y)
    err = C.classification_error(z, y)
    learner = C.sgd(z.parameters, lr=C.learning_parameter_schedule(args.lr))
    trainer = C.Trainer(z, (loss, err), [learner])

    def epoch():
        t0 = time.time()
        total, n = 0.0, 0
        for i in range(0, args.rows, args.batch):
            xb, yb = X[i:i + args.batch], Y[i:i + args.batch]
            trainer.train_minibatch({x: xb, y: yb})
            total += trainer.previous_minibatch_loss_average * len(xb)
            n += len(xb)
        return time.time() - t0, total / n

    wt, wl = epoch()
    print("warm-up epoch: %.3f s (loss %.4f)" % (wt, wl))
    times = []
    for e in range(args.epochs):
        t, l = epoch()
        times.append(t)
        print("epoch %d: %.3f s (loss %.4f)" % (e + 1, t, l))
    med = float(np.median(times))
    print("cntk %s raw MLP 784-256-10, %d rows, batch %d: %.3f s/epoch (median of %d)"
          % (C.__version__, args.rows, args.batch, med, args.epochs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
