# -*- coding: utf-8 -*-
"""The CNTK engine program: builds graphs sent by `cntk_backend.py` and runs them.

Python 2.7 code (run by the private interpreter that setup-cntk.sh
installs); the only file of the project that imports cntk. It talks to its
parent over one Unix socket whose file descriptor is argv[1], and exits when
that socket closes, so it never outlives the parent.

Messages, both ways: 8 bytes (header length, number of arrays, uint32 little
endian), a JSON header, then each array's raw bytes (its dtype and shape are
in the header's "arrays" list). Every request gets one reply: {"ok": true, ...}
or {"error": message}. A request's large arrays (training batches) may instead
lie in a shared-memory file whose descriptor is argv[2]: their entry in
"arrays" then carries a third item, the byte offset, and no bytes follow on
the socket. That saves the two copies through the kernel that a socket makes.

Tensors here have no dynamic axes: Keras axis 0 (the batch) is a CNTK free
dimension, so every op has numpy's meaning on all axes. Convolution and
pooling, which CNTK applies per sample, move axis 0 into the batch axis
(`to_batch`) and back (`unpack_batch`); their batch-axis results are carried
through transposes and element-wise ops (`Graph.batched`), so the next
convolution or pooling of a stack reads them without moving axis 0 again. A graph sent with "specialize" (padding
or a recurrence that depends on sizes known only at run time) is built for each
shape of its inputs, with those sizes fixed.
"""
from __future__ import print_function

import json
import mmap
import os
import socket
import struct
import sys
import traceback
import warnings

import numpy as np

warnings.filterwarnings("ignore", message="Unsupported Linux distribution")
warnings.filterwarnings("ignore", message=r"\s*#+ Missing optional dependency")
import cntk as C  # noqa: E402

FREE = C.FreeDimension
_HEAD = struct.Struct("<II")


# -- transport ------------------------------------------------------------------

def _recv_exact(sock, n):
    buf = bytearray(n)
    view = memoryview(buf)
    pos = 0
    while pos < n:
        got = sock.recv_into(view[pos:], n - pos)
        if not got:
            raise EOFError("parent closed the socket")
        pos += got
    return buf


class SharedRequests(object):
    """The parent's shared-memory file, mapped read-only (and mapped again when
    the parent has grown it)."""

    def __init__(self, fd):
        self.fd, self.map, self.size = fd, None, 0

    def array(self, dtype, shape, offset):
        count = int(np.prod(shape))
        if offset + count * dtype.itemsize > self.size:
            # an older map stays alive as long as arrays made from it do
            self.size = os.fstat(self.fd).st_size
            self.map = mmap.mmap(self.fd, self.size, access=mmap.ACCESS_READ)
        return np.frombuffer(self.map, dtype=dtype, count=count, offset=offset).reshape(shape)


def recv(sock, shared=None):
    """One message. Arrays read from shared memory are views, valid until the
    reply is sent; only "run" uses them as they are, other commands get copies."""
    hlen, narr = _HEAD.unpack(bytes(_recv_exact(sock, _HEAD.size)))
    header = json.loads(bytes(_recv_exact(sock, hlen)).decode("utf-8"))
    arrays = []
    for spec in header.get("arrays", [])[:narr]:
        dtype, shape = np.dtype(str(spec[0])), spec[1]
        if len(spec) > 2:
            if shared is None:
                raise ValueError("protocol: an array in shared memory, but no shared file was given")
            a = shared.array(dtype, shape, spec[2])
            arrays.append(a if header.get("cmd") == "run" else a.copy())
            continue
        n = int(np.prod(shape)) * dtype.itemsize
        data = _recv_exact(sock, n) if n else bytearray()
        arrays.append(np.frombuffer(data, dtype=dtype).reshape(shape))
    return header, arrays


def send(sock, header, arrays=()):
    arrays = [np.ascontiguousarray(a) for a in arrays]
    header = dict(header)
    header["arrays"] = [[a.dtype.name, list(a.shape)] for a in arrays]
    data = json.dumps(header).encode("utf-8")
    sock.sendall(b"".join([_HEAD.pack(len(data), len(arrays)), data] +
                          [a.tobytes() for a in arrays]))


# -- building one graph -----------------------------------------------------------

def _np_dtype(name):
    return np.float64 if name == "float64" else np.float32


def _drop_axes(x, axes):
    """Remove the (size 1) axes `axes` of x, highest first."""
    for a in sorted(axes, reverse=True):
        x = C.reshape(x, (), begin_axis=a, end_axis=a + 1)
    return x


def _const(value, dtype):
    return C.constant(value=np.asarray(value, dtype=dtype))


def _reduce(x, kind, axes, keepdims, ndim):
    fn = {"sum": C.reduce_sum, "mean": C.reduce_mean, "max": C.reduce_max,
          "min": C.reduce_min, "prod": C.reduce_prod,
          "logsumexp": C.reduce_log_sum_exp}[kind]
    if axes is None:
        axes = list(range(ndim))
    if not axes:
        return x
    if len(axes) == ndim and not keepdims:
        return fn(x, axis=C.Axis.all_static_axes())
    y = fn(x, axis=tuple(axes)) if len(axes) > 1 else fn(x, axis=axes[0])
    return y if keepdims else _drop_axes(y, axes)


def _to_batch_channels_first(x, pads, value=0.0):
    """(N, C, *spatial) -> per-sample (C, *spatial) on the batch axis, padded."""
    y = C.to_batch(x)
    if any(b or a for b, a in pads):
        y = C.pad(y, [(0, 0)] + [tuple(p) for p in pads], constant_value=value)
    return y


def _pool_counts(spatial, size, strides, pads):
    """How many real (unpadded) cells each pooling window covers."""
    ones = np.pad(np.ones(spatial), [tuple(p) for p in pads], mode="constant")
    outs = [(ones.shape[i] - size[i]) // strides[i] + 1 for i in range(len(spatial))]
    counts = np.zeros(outs)
    for index in np.ndindex(*outs):
        window = tuple(slice(index[i] * strides[i], index[i] * strides[i] + size[i])
                       for i in range(len(spatial)))
        counts[index] = ones[window].sum()
    return counts


def _same_pads(spatial, size, strides):
    """TensorFlow's 'same' padding [(before, after)] for known spatial sizes."""
    pads = []
    for n, k, s in zip(spatial, size, strides):
        if n is None or n < 0:
            raise ValueError("padding='same' needs the spatial sizes (got %s)" % (spatial,))
        out = -(-n // s)
        total = max((out - 1) * s + k - n, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def _spatial(x):
    return [int(d) for d in x.shape[2:]]


class Graph(object):
    """The CNTK functions of one node list; parameters are shared engine-wide."""

    def __init__(self, engine, nodes, arrays, substitute=None):
        self.engine = engine
        self.nodes = {}
        self.inputs = {}          # node id -> input variable
        # node id -> (the same values on CNTK's batch axis, perm): the node equals
        # transpose(unpack_batch(values), perm). Set for convolution and pooling
        # outputs and carried through transposes and element-wise ops, so a stack
        # of them stays on the batch axis (see _batch_view)
        self.batched = {}
        self.chained = 0          # convolutions and poolings that read batched values
        self.lp = None
        substitute = substitute or {}
        self.nodes.update(substitute)
        for node in nodes:
            nid = node["id"]
            if nid in substitute:
                self.nodes[nid] = substitute[nid]
                continue
            try:
                self.nodes[nid] = self._build(node, arrays)
                try:
                    view = self._batch_view(node)
                except Exception:  # noqa: BLE001 - the node keeps its free-axis form only
                    view = None
                if view is not None:
                    self.batched[nid] = view
            except Exception as e:  # noqa: BLE001 - say which node and why
                raise ValueError("cntk engine: cannot build %s (node %d, inputs %s, "
                                 "shape %s): %s" % (node["op"], nid, node.get("in"),
                                                    node.get("shape"), _message(e)))

    def _build(self, node, arrays):
        op, a = node["op"], node.get("attrs", {})
        dtype = _np_dtype(node["edtype"])
        xs = [self.nodes[i] for i in node.get("in", [])]
        x = xs[0] if xs else None
        if op == "placeholder":
            shape = tuple(FREE if d is None else d for d in node["shape"])
            v = C.input_variable(shape, dtype=dtype, dynamic_axes=[],
                                 needs_gradient=bool(a.get("needs_gradient")),
                                 name=str(a.get("name") or "input"))
            self.inputs[node["id"]] = v
            return v
        if op == "learning_phase":
            v = C.input_variable((), dtype=dtype, dynamic_axes=[], name="learning_phase")
            self.inputs[node["id"]] = v
            self.lp = (node["id"], v)
            return v
        if op == "variable":
            return self.engine.params[a["vid"]]
        if op == "const":
            return _const(arrays[a["index"]], dtype)
        if op == "cast":
            if x.dtype != dtype:
                x = C.cast(x, dtype)
            kind = a["kind"]
            if kind == "bool":
                return C.not_equal(x, _const(0, dtype))
            if kind == "int":   # truncate toward zero, as numpy's astype does
                return C.element_select(C.less(x, _const(0, dtype)), C.negate(C.floor(C.negate(x))),
                                        C.floor(x))
            return x
        if op == "rnn":
            return self._rnn(xs, a)
        if op == "rnn_part":
            return x[a["index"]]
        # operands of binary ops: one engine dtype
        xs = [C.cast(v, dtype) if v.dtype != dtype and op not in ("where",) else v for v in xs]
        x = xs[0] if xs else None
        unary = {"neg": C.negate, "abs": C.abs, "square": C.square, "exp": C.exp, "log": C.log,
                 "sin": C.sin, "cos": C.cos, "tanh": C.tanh, "sigmoid": C.sigmoid,
                 "relu": C.relu, "softplus": C.softplus, "floor": C.floor,
                 "stop_gradient": C.stop_gradient, "identity": C.alias,
                 "zeros_like": C.zeros_like, "ones_like": C.ones_like}
        if op in unary:
            return unary[op](x)
        if op == "sqrt":
            return C.sqrt(C.relu(x))
        binary = {"add": C.plus, "sub": C.minus, "mul": C.element_times, "div": C.element_divide,
                  "pow": C.pow, "maximum": C.element_max, "minimum": C.element_min,
                  "eq": C.equal, "ne": C.not_equal, "gt": C.greater, "ge": C.greater_equal,
                  "lt": C.less, "le": C.less_equal}
        if op in binary:
            return binary[op](xs[0], xs[1])
        if op == "where":
            cond = xs[0]
            return C.element_select(cond, xs[1] if xs[1].dtype == dtype else C.cast(xs[1], dtype),
                                    xs[2] if xs[2].dtype == dtype else C.cast(xs[2], dtype))
        if op == "clip":
            return C.clip(x, _const(a["lo"], dtype), _const(a["hi"], dtype))
        if op == "reduce":
            return _reduce(x, a["kind"], a["axes"], a["keepdims"], len(node["in_shapes"][0]))
        if op in ("argmax", "argmin"):
            fn = C.argmax if op == "argmax" else C.argmin
            return _drop_axes(fn(x, axis=a["axis"]), [a["axis"]])
        if op == "softmax":
            return C.softmax(x, axis=a["axis"])
        if op == "softmax_xent":   # inputs: target, logits (one fused CNTK op)
            loss = C.cross_entropy_with_softmax(xs[1], xs[0], axis=a["axis"])
            return _drop_axes(loss, [a["axis"]])
        if op == "dot":
            xr, yr = len(node["in_shapes"][0]), len(node["in_shapes"][1])
            y = xs[1]
            if yr > 2:   # contract x's last axis with y's second-to-last
                perm = [yr - 2] + list(range(yr - 2)) + [yr - 1]
                y = C.transpose(y, perm)
            return C.times(x, y, output_rank=max(yr - 1, 0) if yr > 1 else 0)
        if op == "transpose":
            return C.transpose(x, tuple(a["perm"]))
        if op == "reshape":
            if a.get("begin_axis"):
                return C.reshape(x, tuple(a["shape"]), begin_axis=a["begin_axis"])
            return C.reshape(x, tuple(a["shape"]))
        if op == "expand_dims":
            return C.reshape(x, (1,), begin_axis=a["axis"], end_axis=a["axis"])
        if op == "squeeze":
            return _drop_axes(x, [a["axis"]])
        if op == "concat":
            if len(xs) == 1:
                return C.alias(x)
            return C.splice(*xs, axis=a["axis"])
        if op == "slice":
            y = x
            for axis, begin, end, step in a["specs"]:
                y = C.slice(y, axis, begin, end, step)
            return _drop_axes(y, a["drop"]) if a["drop"] else y
        if op == "gather":
            # Gather's backprop checks the layout of its own output, which an op
            # reading it as another shape (a reshape, a reduction) may share and
            # change: "Gather operation found to have incorrect Value() matrix
            # shape ... during backprop". An element-wise copy keeps it apart.
            return C.plus(C.gather(x, xs[1]), 0)
        if op == "one_hot":
            # a comparison with 0..n-1 on a new last axis: CNTK's OneHot op fails in backprop
            # ("incorrect Value() matrix shape ... during backprop") when a loss reads it
            rank = len(node["in_shapes"][0])
            y = C.reshape(C.stop_gradient(x), (1,), begin_axis=rank, end_axis=rank)
            return C.equal(y, _const(np.arange(a["num_classes"]), dtype))
        if op == "conv":
            return self._conv(x, xs[1], a, node)
        if op == "pool":
            return self._pool(x, a, node)
        if op == "random_uniform":
            return C.random.uniform(tuple(a["shape"]), dtype=dtype, low=a["low"], high=a["high"],
                                    seed=a["seed"])
        if op == "random_normal":
            return C.random.normal(tuple(a["shape"]), dtype=dtype, mean=a["mean"],
                                   scale=a["stddev"], seed=a["seed"])
        if op == "random_uniform_like":
            return C.random.uniform_like(x, low=a["low"], high=a["high"], seed=a["seed"])
        if op == "random_normal_like":
            return C.random.normal_like(x, mean=a["mean"], scale=a["stddev"], seed=a["seed"])
        if op == "pad":
            return C.pad(x, [tuple(p) for p in a["pattern"]])
        if op == "dim":   # the size of axis `axis` of x, as a scalar
            axis, rank = a["axis"], len(node["in_shapes"][0])
            y = x
            for i in range(rank):
                if i != axis:
                    y = C.slice(y, i, 0, 1)
            return C.reduce_sum(C.ones_like(C.stop_gradient(y)), axis=C.Axis.all_static_axes())
        if op == "stack_scalars":
            return C.splice(*[C.reshape(v, (1,)) for v in xs], axis=0)
        raise ValueError("unknown op %r" % (op,))

    def _batch_view(self, node):
        """(values on the batch axis, perm) for a transpose or an element-wise op of
        batched nodes (and of operands that do not vary along axis 0, such as a bias),
        else None."""
        op, ins = node["op"], node.get("in", [])
        first = self.batched.get(ins[0]) if ins else None
        if first is None:
            return None
        values, perm = first
        if op == "transpose":
            return values, [perm[i] for i in node["attrs"]["perm"]]
        if op in _BATCH_UNARY:
            return _BATCH_UNARY[op](values), perm
        if op not in _BATCH_BINARY or len(ins) != 2:
            return None
        other = self.batched.get(ins[1])
        if other is not None:
            if other[1] != perm:
                return None
            operand = other[0]
        else:   # a broadcast operand: axis 0 of size 1 (or absent) after numpy's alignment
            shape, rank = node["in_shapes"][1], len(perm)
            if len(shape) > rank or (len(shape) == rank and shape[0] != 1) or None in shape:
                return None
            operand = self.nodes[ins[1]]
            if operand.dtype != values.dtype:
                return None
            full = C.reshape(operand, (1,) * (rank - len(shape)) + tuple(operand.shape))
            inverse = [perm.index(i) for i in range(rank)]
            operand = C.reshape(C.transpose(full, inverse), (), begin_axis=0, end_axis=1)
        return _BATCH_BINARY[op](values, operand), perm

    def _on_batch(self, node, pads, value=0.0):
        """The channels-first input of a convolution or pooling on the batch axis, padded:
        the batched values of its input node when they are laid out channels first."""
        view = self.batched.get(node["in"][0])
        if view is None or view[1] != list(range(len(view[1]))):
            return _to_batch_channels_first(self.nodes[node["in"][0]], pads, value)
        y = view[0]
        self.chained += 1
        if any(b or a for b, a in pads):
            y = C.pad(y, [(0, 0)] + [tuple(p) for p in pads], constant_value=value)
        return y

    def _rnn(self, xs, a):
        """Unroll the recorded step over the (now known) number of steps."""
        ns, nc = len(a["states"]), len(a["consts"])
        inputs, states = xs[0], list(xs[1:1 + ns])
        consts = xs[1 + ns:1 + ns + nc]
        rest = xs[1 + ns + nc:]
        mask = rest[0] if a["mask"] else None
        outer = rest[1:] if a["mask"] else rest
        steps = int(inputs.shape[1])
        if steps < 0:
            raise ValueError("rnn: the number of steps is not known even for this input shape")
        base = dict(zip(a["outer"], outer))
        base.update(zip(a["consts"], consts))
        order = range(steps - 1, -1, -1) if a["go_backwards"] else range(steps)
        outputs, last = [], None
        for t in order:
            sub = dict(base)
            sub[a["x"]] = _drop_axes(C.slice(inputs, 1, t, t + 1), [1])
            sub.update(zip(a["states"], states))
            g = Graph(self.engine, a["step_nodes"], [], substitute=sub)
            output = g.nodes[a["output"]]
            new_states = [g.nodes[i] for i in a["new_states"]]
            if mask is not None:
                m = C.slice(mask, 1, t, t + 1)
                if last is None:
                    last = C.zeros_like(output)

                def keep(new, old, m=m):
                    cond = m
                    if len(new.shape) > 2:
                        cond = C.reshape(m, (1,) * (len(new.shape) - 2), begin_axis=2,
                                         end_axis=2)
                    elif len(new.shape) == 1:
                        cond = _drop_axes(m, [1])
                    return C.element_select(cond, new, old)
                output = keep(output, last)
                new_states = [keep(n, o) for n, o in zip(new_states, states)]
            outputs.append(output)
            states, last = new_states, output
        seq = C.splice(*[C.reshape(o, (1,), begin_axis=1, end_axis=1) for o in outputs], axis=1) \
            if len(outputs) > 1 else C.reshape(outputs[0], (1,), begin_axis=1, end_axis=1)
        return [last, seq] + list(states)

    def _conv(self, x, kernel, a, node):
        n = len(a["strides"])
        if a["pads"] is None:   # sizes known now: this graph is built for one input shape
            a = dict(a, pads=_same_pads(_spatial(x), [int(d) for d in kernel.shape[:n]],
                                        a["strides"]))
        # our kernels are (*spatial, in, out); CNTK wants (out, in, *spatial)
        kernel = C.transpose(kernel, tuple([n + 1, n] + list(range(n))))
        y = self._on_batch(node, a["pads"])
        strides, dilation, groups = list(a["strides"]), list(a["dilation"]), a.get("groups", 1)
        lift = groups > 1 and n == 1   # CNTK's grouped 1-D convolution fails in MKL (err -127)
        if lift:   # as 2-D, over a height of 1
            y = C.reshape(y, (1,), begin_axis=1, end_axis=1)
            kernel = C.reshape(kernel, (1,), begin_axis=2, end_axis=2)
            strides, dilation = [1] + strides, [1] + dilation
        y = C.convolution(kernel, y, strides=tuple([1] + strides),
                          auto_padding=[False] * (len(strides) + 1),
                          dilation=tuple([1] + dilation), groups=groups)
        if lift:
            y = C.reshape(y, (), begin_axis=1, end_axis=2)
        return self._from_batch(node, y)

    def _from_batch(self, node, y):
        self.batched[node["id"]] = (y, list(range(len(node["in_shapes"][0]))))
        return C.unpack_batch(y)

    def _pool(self, x, a, node):
        size, strides, pads = tuple(a["size"]), tuple(a["strides"]), a["pads"]
        spatial = node["in_shapes"][0][2:]
        if pads is None:   # sizes known now: this graph is built for one input shape
            spatial = _spatial(x)
            pads = _same_pads(spatial, size, strides)
        if a["mode"] == "max":
            y = self._on_batch(node, pads, value=-3.0e38)
            y = C.pooling(y, C.MAX_POOLING, size, strides=strides, auto_padding=[False])
            return self._from_batch(node, y)
        y = self._on_batch(node, pads)
        y = C.pooling(y, C.AVG_POOLING, size, strides=strides, auto_padding=[False])
        if any(b or e for b, e in pads):
            counts = _pool_counts(spatial, size, strides, pads)
            scale = float(np.prod(size)) / counts
            y = y * _const(scale.reshape((1,) + scale.shape), _np_dtype(node["edtype"]))
        return self._from_batch(node, y)


# element-wise ops that keep their meaning on the batch axis (_batch_view)
_BATCH_UNARY = {"relu": C.relu, "sigmoid": C.sigmoid, "tanh": C.tanh, "neg": C.negate,
                "identity": C.alias, "exp": C.exp, "softplus": C.softplus, "abs": C.abs,
                "square": C.square}
_BATCH_BINARY = {"add": C.plus, "sub": C.minus, "mul": C.element_times,
                 "maximum": C.element_max, "minimum": C.element_min}


def _message(e):
    """CNTK's own message, without its native call stack."""
    text = str(e)
    cut = text.find("[CALL STACK]")
    if cut >= 0:
        text = text[:cut]
    return text.strip()


def _sgd_step(by_id, vid, val):
    """(learning-rate variable id, gradient node id) when node `val` is the plain SGD
    step `p - lr * grad(loss, p)` of variable `vid` with a scalar variable lr."""
    step = by_id[val]
    if step["op"] != "sub":
        return None
    param, scaled = [by_id[i] for i in step["in"]]
    if scaled["op"] != "mul" or param["op"] != "variable" or param["attrs"]["vid"] != vid:
        return None
    rate, grad = [by_id[i] for i in scaled["in"]]
    if rate["op"] == "grad":
        rate, grad = grad, rate
    if grad["op"] != "grad" or grad["in"][1] != param["id"] or rate["op"] != "variable" \
            or rate["shape"]:
        return None
    return rate["attrs"]["vid"], grad["id"]


def _plain_sgd(by_id, deps, updates):
    """(lr variable id, {variable id: gradient node id}, other updates) when every
    update that reads a gradient is a plain SGD step with one learning-rate
    variable, which no update changes, and the other updates (the iteration
    count) read no stepped variable; else None.

    CNTK's own sgd learner then makes each step in one fused pass, where the
    recorded graph would make three (product, difference, assignment)."""
    lr, steps, others = None, {}, []
    for vid, val in updates:
        if not deps[val][0]:
            others.append((vid, val))
            continue
        match = _sgd_step(by_id, vid, val)
        if match is None or lr not in (None, match[0]):
            return None
        lr, steps[vid] = match
    if lr is None or lr in set(vid for vid, _ in updates) or \
            any(deps[val][2] & set(steps) for _, val in others):
        return None
    return lr, steps, others


def _as_output(v):
    """A function output computed during the forward pass (a copy for variables, so an
    output reads a variable's value from before the step's assignments)."""
    if isinstance(v, C.Variable):
        return C.plus(v, C.constant(np.zeros((), v.dtype)))
    return v


class Function(object):
    """A compiled K.function: stage A (forward, backward), stage B (gradient consumers).

    All values are computed from the variables' old values; CNTK assigns
    after a forward pass. Updates that depend only on variables and
    gradients run in stage B, after the backward pass; updates that read
    inputs (batch statistics) run in stage A.
    """

    def __init__(self, engine, h, arrays):
        nodes = h["nodes"]
        by_id = dict((n["id"], n) for n in nodes)
        self.input_ids = h["inputs"]
        self.output_ids = h["outputs"]
        updates = h["updates"]
        grads = [n for n in nodes if n["op"] == "grad"]
        deps = {}
        for n in nodes:   # which grad nodes / placeholders / variables each node reads
            g, p, v = set(), set(), set()
            if n["op"] == "grad":
                g.add(n["id"])
            elif n["op"] in ("placeholder", "learning_phase"):
                p.add(n["id"])
            elif n["op"] == "variable":
                v.add(n["attrs"]["vid"])
            else:
                for i in n.get("in", []):
                    g |= deps[i][0]
                    p |= deps[i][1]
                    v |= deps[i][2]
            deps[n["id"]] = (g, p, v)
        self.engine = engine
        self.two_stage = bool(grads)
        if not grads:
            self.a = Graph(engine, nodes, arrays)
            outs = [_as_output(self.a.nodes[i]) for i in self.output_ids]
            assigns = [self._assign(engine.params[vid], self.a.nodes[val]) for vid, val in updates]
            # outputs first, assignments in a second pass: CNTK may otherwise run an
            # assignment before an output that reads the same variable
            self.a_outputs = outs
            self.a_root = C.combine(outs) if outs else None
            self.u_root = C.combine(assigns) if assigns else None
            return
        loss_ids = sorted(set(n["in"][0] for n in grads))
        a_nodes = [n for n in nodes if not deps[n["id"]][0]]
        self.a = Graph(engine, a_nodes, arrays)
        self.losses = dict((i, _as_output(self.a.nodes[i])) for i in loss_ids)
        self.grad_loss = dict((n["id"], n["in"][0]) for n in grads)
        self.extra_roots = {}
        self.wrt = {}
        for n in grads:
            target = by_id[n["in"][1]]
            var = self.a.nodes[target["id"]]
            if target["op"] not in ("variable", "placeholder"):
                raise ValueError("cntk engine: gradients with respect to %s nodes are not "
                                 "supported (only variables and placeholders)" % target["op"])
            self.wrt[n["id"]] = var
        a_outs, a_upd, b_outs, b_upd = [], [], [], []
        for i in self.output_ids:
            (b_outs if deps[i][0] else a_outs).append(i)
        for vid, val in updates:
            g, p = deps[val][:2]
            (a_upd if (p and not g) else b_upd).append((vid, val))
        self.a_outputs = [_as_output(self.a.nodes[i]) for i in a_outs]
        self.a_ids = a_outs
        roots = self.a_outputs + [self._assign(engine.params[vid], self.a.nodes[val])
                                  for vid, val in a_upd]
        self.a_root = C.combine(list(self.losses.values()) + roots)
        self.learner = None
        b_nodes_ids = [n["id"] for n in nodes if deps[n["id"]][0]]
        if len(self.losses) == 1 and not b_outs and b_upd and all(by_id[n["in"][1]]["op"] == "variable" for n in grads) \
                and not any(deps[i][1] for i in b_nodes_ids):
            # the usual optimizer step: a CNTK learner runs the update graph
            try:
                sgd = _plain_sgd(by_id, deps, b_upd)
                if sgd:
                    read_in_a = set()
                    for i in loss_ids + a_outs + [val for _, val in a_upd]:
                        read_in_a |= deps[i][2]
                    self._make_sgd_learner(engine, sgd, read_in_a)
                else:
                    self._make_learner(engine, nodes, arrays, grads, b_upd)
                return
            except Exception as e:  # noqa: BLE001 - fall back to a graph of its own
                self.learner = None
                self.fallback = _message(e)
        # stage B: gradients are inputs of a graph of their own
        self.grad_inputs = {}
        for n in grads:
            self.grad_inputs[n["id"]] = C.input_variable(
                tuple(n["shape"]), dtype=_np_dtype(n["edtype"]), dynamic_axes=[])
        self.b = Graph(engine, [n for n in nodes if deps[n["id"]][0] or n["op"] != "grad"],
                       arrays, substitute=self.grad_inputs)
        self.b_ids = b_outs
        b_roots = [_as_output(self.b.nodes[i]) for i in b_outs] + \
            [self._assign(engine.params[vid], self.b.nodes[val]) for vid, val in b_upd]
        self.b_root = C.combine(b_roots) if b_roots else None
        self.b_outputs = b_roots[:len(b_outs)]
        self.b_args = None

    def _make_learner(self, engine, nodes, arrays, grads, b_upd):
        order = [n["id"] for n in grads]
        params = [self.wrt[i] for i in order]
        unique = []
        for p in params:
            if p not in unique:
                unique.append(p)

        def update_func(ps, gs):
            by_param = dict(zip(ps, gs))
            sub = dict((i, by_param[self.wrt[i]]) for i in order)
            graph = Graph(engine, nodes, arrays, substitute=sub)
            return C.combine([self._assign(engine.params[vid], graph.nodes[val])
                              for vid, val in b_upd])

        self.learner = C.learners.universal(update_func, unique)
        self.learner_params = unique
        self.lr_param = self.u_root = None
        self.b_root = None
        self.b_ids, self.b_outputs = [], []

    def _make_sgd_learner(self, engine, sgd, read_in_a):
        """CNTK's sgd learner for the steps, its rate read from the lr variable at each
        call; the other updates join the forward pass when it reads none of their
        variables, else run after the step."""
        lr_vid, steps, others = sgd
        self.learner_params = [self.wrt[g] for g in steps.values()]
        self.lr_param = engine.params[lr_vid]
        self.lr = float(self.lr_param.value)
        self.learner = C.sgd(self.learner_params, lr=C.learning_parameter_schedule(self.lr))
        assigns = [self._assign(engine.params[vid], self.a.nodes[val]) for vid, val in others]
        self.u_root = None
        if assigns and not read_in_a & set(vid for vid, _ in others):
            self.a_root = C.combine(list(self.a_root.outputs) + [a.output for a in assigns])
        elif assigns:
            self.u_root = C.combine(assigns)
        self.b_root = None
        self.b_ids, self.b_outputs = [], []

    def _assign(self, param, value):
        if value.dtype != param.dtype:
            value = C.cast(value, param.dtype)
        if tuple(value.shape) != tuple(param.shape):
            value = C.reshape(value, param.shape) if int(np.prod(value.shape)) == \
                int(np.prod(param.shape)) else value + C.constant(np.zeros(param.shape, param.dtype))
        return C.assign(param, value)

    def _feed(self, graph, values, root):
        feed = {}
        for nid, value in zip(self.input_ids, values):
            v = graph.inputs.get(nid)
            if v is not None:
                feed[v] = value
        if graph.lp is not None and graph.lp[1] not in feed:
            feed[graph.lp[1]] = np.zeros((), dtype=graph.lp[1].dtype)
        wanted = set(root.arguments)
        return dict((k, v) for k, v in feed.items() if k in wanted)

    def run(self, values):
        results = {}
        if not self.two_stage:
            result = []
            if self.a_root is not None:
                feed = self._feed(self.a, values, self.a_root)
                outs = self.a_root.forward(feed, outputs=self.a_root.outputs)[1]
                result = [np.array(outs[o.output if hasattr(o, "output") else o])
                          for o in self.a_outputs]
            if self.u_root is not None:
                self.u_root.forward(self._feed(self.a, values, self.u_root),
                                    outputs=self.u_root.outputs)
            return result
        feed = self._feed(self.a, values, self.a_root)
        loss_vars = dict((i, l.output) for i, l in self.losses.items())
        lids = sorted(loss_vars)
        state, outs = self.a_root.forward(feed, outputs=self.a_root.outputs,
                                          keep_for_backward=set([loss_vars[lids[0]]]))
        for i, o in zip(self.a_ids, self.a_outputs):
            results[i] = np.asarray(outs[o.output])
        by_grad = {}
        for lid in lids:
            loss_var = loss_vars[lid]
            graph = self.a_root
            if lid != lids[0]:   # CNTK backpropagates from one root per composite function
                graph = self.extra_roots.setdefault(lid, C.combine([self.losses[lid]]))
                loss_var = graph.outputs[0]
                state, _ = graph.forward(self._feed(self.a, values, graph),
                                         outputs=[loss_var], keep_for_backward=set([loss_var]))
            root = np.ones(loss_var.shape, dtype=loss_var.dtype)
            wanted = set(self.wrt[g] for g, l in self.grad_loss.items() if l == lid)
            got = graph.backward(state, {loss_var: root}, variables=wanted, as_numpy=False)
            for g, l in self.grad_loss.items():
                if l == lid:
                    by_grad[g] = got[self.wrt[g]]
        grads = dict((self.wrt[g], v) for g, v in by_grad.items())
        if self.learner is not None:
            if self.lr_param is not None:
                lr = float(self.lr_param.value)
                if lr != self.lr:
                    self.learner.reset_learning_rate(C.learning_parameter_schedule(lr))
                    self.lr = lr
            self.learner.update(dict((p, grads[p].data) for p in self.learner_params), 1)
            if self.u_root is not None:
                self.u_root.forward({}, outputs=self.u_root.outputs)
        elif self.b_root is not None:
            feed_b = self._feed(self.b, values, self.b_root)
            for gid in self.wrt:
                if self.grad_inputs[gid] in self.b_root.arguments:
                    feed_b[self.grad_inputs[gid]] = by_grad[gid]
            outs_b = self.b_root.forward(feed_b, outputs=self.b_root.outputs)[1]
            for i, o in zip(self.b_ids, self.b_outputs):
                results[i] = np.asarray(outs_b[o.output])
        return [results[i] for i in self.output_ids]


class Specialized(object):
    """A graph whose padding depends on spatial sizes known only at run time: built
    (and cached) for each shape of the inputs, the batch axis staying free."""

    two_stage = False
    learner = None

    def __init__(self, engine, h, arrays):
        self.engine, self.h, self.arrays = engine, h, arrays
        self.cache = {}

    def run(self, values):
        key = tuple(tuple(np.shape(v)[1:]) for v in values)
        f = self.cache.get(key)
        if f is None:
            shapes = dict((nid, [None] + list(np.shape(v)[1:]))
                          for nid, v in zip(self.h["inputs"], values))
            nodes = []
            for n in self.h["nodes"]:
                if n["id"] in shapes and n["op"] == "placeholder":
                    n = dict(n, shape=shapes[n["id"]])
                nodes.append(n)
            if len(self.cache) > 16:
                self.cache.clear()
            f = self.cache[key] = Function(self.engine, dict(self.h, nodes=nodes), self.arrays)
        return f.run(values)


class Engine(object):
    def __init__(self):
        self.params = {}
        self.functions = {}

    def handle(self, h, arrays):
        cmd = h["cmd"]
        if cmd == "run":
            return {}, self.functions[h["fid"]].run(arrays)
        if cmd == "build":
            self._declare(h.get("vars", []), arrays)
            if h.get("specialize"):
                self.functions[h["fid"]] = Specialized(self, h, arrays)
                return {"mode": "specialized", "fallback": None}, []
            f = self.functions[h["fid"]] = Function(self, h, arrays)
            mode = "single" if not f.two_stage else "graph" if f.learner is None else \
                "sgd" if f.lr_param is not None else "learner"
            return {"mode": mode, "fallback": getattr(f, "fallback", None),
                    "chained": f.a.chained}, []
        if cmd == "set":
            self._declare(h["vars"], arrays, overwrite=True)
            return {}, []
        if cmd == "get":
            return {}, [np.asarray(self.params[v].value) for v in h["vids"]]
        if cmd == "free":
            for fid in h["fids"]:
                self.functions.pop(fid, None)
            return {}, []
        if cmd == "reset":
            self.params.clear()
            self.functions.clear()
            return {}, []
        if cmd == "seed":
            # Reproducible runs: CNTK's own seed for ops without one, its
            # deterministic algorithms, and optionally one CPU thread.
            if h.get("seed") is not None:
                C.cntk_py.set_fixed_random_seed(int(h["seed"]))
                C.cntk_py.force_deterministic_algorithms()
            if h.get("threads"):
                C.cntk_py.set_max_num_cputhreads(int(h["threads"]))
            return {}, []
        if cmd == "ping":
            return {"cntk": C.__version__, "python": sys.version.split()[0]}, []
        raise ValueError("unknown command %r" % (cmd,))

    def _declare(self, specs, arrays, overwrite=False):
        for vid, index in specs:
            value = arrays[index]
            p = self.params.get(vid)
            if p is None:
                self.params[vid] = C.parameter(shape=value.shape, init=value,
                                               dtype=value.dtype, name="v%d" % vid)
            elif overwrite:
                p.value = value.astype(p.dtype)


def main():
    sock = socket.fromfd(int(sys.argv[1]), socket.AF_UNIX, socket.SOCK_STREAM)
    shared = SharedRequests(int(sys.argv[2])) if len(sys.argv) > 2 else None
    C.device.try_set_default_device(C.device.cpu())
    engine = Engine()
    send(sock, {"ok": True, "cntk": C.__version__})
    while True:
        try:
            h, arrays = recv(sock, shared)
        except (EOFError, socket.error):
            return 0
        try:
            reply, out = engine.handle(h, arrays)
            reply["ok"] = True
        except Exception as e:  # noqa: BLE001 - every error goes back to the client
            reply = {"error": _message(e), "type": type(e).__name__,
                     "trace": traceback.format_exc()[-2000:]}
            out = []
        try:
            send(sock, reply, out)
        except socket.error:
            return 0


if __name__ == "__main__":
    sys.exit(main())
