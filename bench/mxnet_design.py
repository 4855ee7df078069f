"""How the mxnet backend runs a training step: one SGD step of an MLP
(784-256-10, batch 128) three ways in MXNet 1.9.1, each twice, in ms a step.

    executor    the loss bound as an executor (forward + backward), then an
                update executor fed the gradient arrays (the backend's design)
    imperative  mx.nd + autograd, every op dispatched from Python each step
    cached_op   the loss symbol as a CachedOp under autograd, updates in mx.nd

Usage: python bench/mxnet_design.py [steps]   (default 200)
"""
import time, sys
import numpy as np
import mxnet as mx
mx.util.set_np_shape(2)

rng = np.random.RandomState(0)
B, STEPS, LR = 128, int(sys.argv[1]) if len(sys.argv) > 1 else 200, 0.01
X = rng.rand(B * 20, 784).astype('float32')
Y = np.eye(10, dtype='float32')[rng.randint(0, 10, B * 20)]
init = {'w1': rng.randn(784, 256).astype('float32') * .05, 'b1': np.zeros(256, 'float32'),
        'w2': rng.randn(256, 10).astype('float32') * .05, 'b2': np.zeros(10, 'float32')}

def batches():
    for i in range(STEPS):
        j = (i % 20) * B
        yield X[j:j + B], Y[j:j + B]

def mlp(F, x, y, p):
    h = F.relu(F.broadcast_add(F.dot(x, p['w1']), p['b1']))
    z = F.broadcast_add(F.dot(h, p['w2']), p['b2'])
    s = F.softmax(z, axis=-1)
    s = F.clip(s, 1e-7, 1 - 1e-7)
    return F.mean(-F.sum(y * F.log(s), axis=-1))

def executor():
    """Keras-style symbolic: a loss executor (forward+backward), then an update executor fed the grads."""
    syms = {k: mx.sym.Variable(k) for k in init}
    x, y = mx.sym.Variable('x'), mx.sym.Variable('y')
    loss = mlp(mx.sym, x, y, syms)
    params = {k: mx.nd.array(v) for k, v in init.items()}
    grads = {k: mx.nd.zeros(v.shape) for k, v in init.items()}
    xin, yin = mx.nd.zeros((B, 784)), mx.nd.zeros((B, 10))
    ex = loss.bind(mx.cpu(), dict(params, x=xin, y=yin), args_grad=grads,
                   grad_req=dict([(k, 'write') for k in init] + [('x', 'null'), ('y', 'null')]))
    gs = {k: mx.sym.Variable('g_' + k) for k in init}
    upd = mx.sym.Group([syms[k] - LR * gs[k] for k in sorted(init)])
    ux = upd.bind(mx.cpu(), dict(list(params.items()) + [('g_' + k, grads[k]) for k in init]))
    one = mx.nd.ones((1,))
    for xb, yb in batches():
        xin[:] = xb; yin[:] = yb
        ex.forward(is_train=True); ex.backward(out_grads=[one])
        out = ex.outputs[0].asnumpy()
        ux.forward()
        for k, o in zip(sorted(init), ux.outputs):
            o.copyto(params[k])
    mx.nd.waitall()
    return out

def imperative():
    """mx.nd + autograd: every op dispatched from Python each step (a lazy graph replayed)."""
    params = {k: mx.nd.array(v) for k, v in init.items()}
    for p in params.values():
        p.attach_grad()
    for xb, yb in batches():
        x, y = mx.nd.array(xb), mx.nd.array(yb)
        with mx.autograd.record():
            loss = mlp(mx.nd, x, y, params)
        loss.backward()
        for k in init:
            params[k][:] = params[k] - LR * params[k].grad
        out = loss.asnumpy()
    return out

def cached_op():
    """The loss symbol as a CachedOp called under autograd, updates imperative."""
    syms = {k: mx.sym.Variable(k) for k in sorted(init)}
    x, y = mx.sym.Variable('x'), mx.sym.Variable('y')
    loss = mlp(mx.sym, x, y, syms)
    op = mx.nd.CachedOp(loss, flags=[('static_alloc', True), ('static_shape', True)])
    names = loss.list_inputs()
    params = {k: mx.nd.array(v) for k, v in init.items()}
    for p in params.values():
        p.attach_grad()
    for xb, yb in batches():
        feed = dict(params, x=mx.nd.array(xb), y=mx.nd.array(yb))
        with mx.autograd.record():
            l = op(*[feed[n] for n in names])
        l.backward()
        for k in init:
            params[k][:] = params[k] - LR * params[k].grad
        out = l.asnumpy()
    return out

for name, fn in [('executor', executor), ('imperative', imperative), ('cached_op', cached_op)] * 2:
    t = time.time(); v = fn(); dt = time.time() - t
    print('%-10s %.2f ms/step  loss %.5f' % (name, 1000 * dt / STEPS, float(v)))
