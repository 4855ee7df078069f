# -*- coding: utf-8 -*-
"""The raw-cntk cases of bench/mlp.py and bench/models.py, in the CNTK engine's Python 2.7.

Each model is a C.Trainer graph written as a CNTK user writes it (C.layers,
the batch on CNTK's batch axis, a sequence axis for the text models):

    mlp      784-256(relu)-10, cross-entropy with softmax (CNTK's fused op),
             SGD lr 0.01, batch 128 (bench/mlp.py)
    cnn      channels-first 3x32x32: conv32-conv32-maxpool-conv64-maxpool-
             dense128-dense10, cross-entropy with softmax
    lstm     Embedding(20000, 64) (a gather of word indices) -> LSTM(64) over 80
             steps, its last output -> dense1 sigmoid, binary cross-entropy
    gru      the same with a GRU(64)
    bilstm   a forward and a backward LSTM(64), their final outputs spliced

bench/models.py's models (cnn ... bilstm) train with Adam as Keras 2.3 defines
it (lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7), batch 64. The rows are
those of the Python 3 benches' make_data (same seed, same draws). Batches come
from a fresh permutation every epoch, as fit() does. It speaks bench/mlp.py's
worker protocol: after an untimed warm-up it prints 'BENCH {"ready": true}',
then for each 'run' line on stdin it times one epoch and prints
'BENCH {"time": seconds}'.

    tools/cntk-python bench/cntk_raw.py [--model mlp] [--rows 60000]   (then type: run)
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

VOCAB, STEPS, EMBED, UNITS = 20000, 80, 64, 64
BATCH = {"mlp": 128}          # bench/models.py's models: 64
WARMUP_BATCHES = {"mlp": 10}  # bench/models.py's models: 4


def make_data(model, rows):
    """The rows of bench/mlp.py's or bench/models.py's make_data (same seed, same draws)."""
    rs = np.random.RandomState(0)
    if model == "mlp":
        x = rs.rand(rows, 784).astype(np.float32)
        labels = rs.randint(0, 10, size=rows)
        y = np.zeros((rows, 10), dtype=np.float32)
        y[np.arange(rows), labels] = 1.0
        return x, y
    if model == "cnn":
        x = rs.rand(rows, 32, 32, 3).astype(np.float32)
        y = np.eye(10, dtype=np.float32)[rs.randint(0, 10, rows)]
        return np.ascontiguousarray(x.transpose(0, 3, 1, 2)), y   # CNTK wants channels first
    x = rs.randint(1, VOCAB, size=(rows, STEPS)).astype(np.int32)
    y = rs.randint(0, 2, size=(rows, 1)).astype(np.float32)
    return x.astype(np.float32), y   # indices as CNTK's gather takes them


def network(model, x):
    """The model's output (logits for mlp and cnn, a probability for the others)."""
    init = C.glorot_uniform()
    if model == "mlp":
        return C.layers.Sequential([C.layers.Dense(256, activation=C.relu, init=init),
                                    C.layers.Dense(10, init=init)])(x)
    if model == "cnn":
        conv = lambda n: C.layers.Convolution2D((3, 3), n, activation=C.relu, init=init)  # noqa: E731
        pool = lambda: C.layers.MaxPooling((2, 2), strides=(2, 2))                        # noqa: E731
        return C.layers.Sequential([conv(32), conv(32), pool(), conv(64), pool(),
                                    C.layers.Dense(128, activation=C.relu, init=init),
                                    C.layers.Dense(10, init=init)])(x)
    cell = (lambda: C.layers.GRU(UNITS, init=init)) if model == "gru" else \
        (lambda: C.layers.LSTM(UNITS, init=init))
    # a gather from the table: CNTK's Embedding layer multiplies a sparse one-hot
    # input, whose sparse gradient CNTK's Adam rejects ("AdamUpdate: Feature Not
    # Implemented")
    embedded = C.gather(C.parameter((VOCAB, EMBED), init=C.uniform(0.05)), x)
    h = C.sequence.last(C.layers.Recurrence(cell())(embedded))
    if model == "bilstm":
        backward = C.sequence.first(C.layers.Recurrence(cell(), go_backwards=True)(embedded))
        h = C.splice(h, backward)
    return C.layers.Dense(1, activation=C.sigmoid, init=init)(h)


def make_step(model):
    """A function training one batch (x, y as numpy rows) with a C.Trainer."""
    if model in ("mlp", "cnn"):
        x = C.input_variable(784 if model == "mlp" else (3, 32, 32), dtype=np.float32)
        y = C.input_variable(10, dtype=np.float32)
        out = network(model, x)
        loss = C.cross_entropy_with_softmax(out, y)
    else:
        x = C.sequence.input_variable((), dtype=np.float32)   # word indices
        y = C.input_variable(1, dtype=np.float32)
        out = network(model, x)
        loss = C.binary_cross_entropy(out, y)
    if model == "mlp":
        learner = C.sgd(out.parameters, lr=C.learning_parameter_schedule(0.01))
    else:   # Keras 2.3's Adam defaults
        learner = C.adam(out.parameters, lr=C.learning_parameter_schedule(0.001),
                         momentum=C.momentum_schedule(0.9), variance_momentum=C.momentum_schedule(0.999),
                         epsilon=1e-7)
    trainer = C.Trainer(out, (loss, None), [learner])
    return lambda xb, yb: trainer.train_minibatch({x: xb, y: yb})


def epoch(step, x, y, rs, batch):
    index = rs.permutation(len(x))
    for start in range(0, len(x), batch):
        rows = index[start:start + batch]
        step(np.take(x, rows, axis=0), np.take(y, rows, axis=0))


def reply(obj):
    sys.stdout.write("BENCH " + json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="mlp", choices=["mlp", "cnn", "lstm", "gru", "bilstm"])
    ap.add_argument("--rows", type=int, default=60000)
    args = ap.parse_args()
    C.device.try_set_default_device(C.device.cpu())
    batch = BATCH.get(args.model, 64)
    x, y = make_data(args.model, args.rows)
    rs = np.random.RandomState(1)
    step = make_step(args.model)
    warmup = WARMUP_BATCHES.get(args.model, 4) * batch
    epoch(step, x[:warmup], y[:warmup], rs, batch)
    reply({"ready": True})
    for line in iter(sys.stdin.readline, ""):
        if line.strip() != "run":
            break
        start = time.time()
        epoch(step, x, y, rs, batch)
        reply({"time": time.time() - start})
    return 0


if __name__ == "__main__":
    sys.exit(main())
