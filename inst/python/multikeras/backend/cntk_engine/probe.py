# -*- coding: utf-8 -*-
"""Smoke test of the CNTK engine interpreter (Python 2.7, run it with
tools/cntk-python). Imports cntk, builds a tiny graph, evaluates it on numpy
input and takes a gradient with respect to a parameter. Exit status 0 = ok.

This file is Python 2.7 code (it also runs on Python 3): the engine side of
the CNTK backend stays 2.7-compatible.
"""
from __future__ import print_function

import sys
import warnings

import numpy as np

# cntk warns at import about the Linux distribution (it checks for Ubuntu)
# and about optional GPU libraries; neither matters for the CPU engine.
warnings.filterwarnings("ignore", message="Unsupported Linux distribution")
warnings.filterwarnings("ignore", message=r"\s*#+ Missing optional dependency")
import cntk as C  # noqa: E402


def main():
    print("python", sys.version.split()[0])
    print("cntk", C.__version__)
    print("numpy", np.__version__)
    print("device", C.device.use_default_device())

    x = C.input_variable(4, dtype=np.float32, name="x")
    dense = C.layers.Dense(3, init=C.glorot_uniform(seed=1), name="dense")
    z = dense(x)
    y = C.softmax(z)

    data = np.arange(8, dtype=np.float32).reshape(2, 4) / 8.0
    out = y.eval({x: data})
    print("softmax output", out.shape, out.dtype)
    print(np.array2string(out, precision=5))
    assert out.shape == (2, 3)
    assert np.allclose(out.sum(axis=1), 1.0, atol=1e-5)

    # the same forward pass with numpy, from the learned parameters
    W, b = dense.W.value, dense.b.value
    logits = data.dot(W) + b
    ref = np.exp(logits - logits.max(axis=1, keepdims=True))
    ref /= ref.sum(axis=1, keepdims=True)
    assert np.allclose(out, ref, atol=1e-5), "cntk and numpy disagree"

    # gradient of sum(softmax[:, 0]) with respect to W and b
    loss = C.reduce_sum(y[0])
    grads = loss.grad({x: data}, wrt=[dense.W, dense.b])
    gW, gb = grads[dense.W], grads[dense.b]
    print("d sum(softmax[:,0]) / dW", gW.shape)
    print(np.array2string(gW, precision=5))
    print("d sum(softmax[:,0]) / db", np.array2string(gb, precision=5))
    # analytic: dp0/dlogit_j = p0 (delta_0j - p_j), summed over the batch
    dlog = ref[:, :1] * (np.eye(3)[0][None, :] - ref)
    assert np.allclose(gW, data.T.dot(dlog), atol=1e-5), "dW disagrees"
    assert np.allclose(gb, dlog.sum(axis=0), atol=1e-5), "db disagrees"
    print("probe ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
