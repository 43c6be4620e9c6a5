#!/usr/bin/env python3
"""Independent correctness check of rnnscope's exported state (DESIGN §2, §6).

    python3 tests/check_export.py PATH/TO/rnnscope    run the self-test, then every case
    python3 tests/check_export.py --self-test         only the self-test of the autodiff

A tiny reverse-mode automatic differentiation (pure Python, standard library
only) rebuilds the forward graph of DESIGN §2 from the exported params, batch
and target, and differentiates it on a tape.  Nothing here derives BPTT by
hand: the loss, every parameter gradient and every ‖∂L/∂h_t‖ come out of the
generic tape, so this check shares no code and no derivation with the engine.
The autodiff itself is checked against central finite differences (and its
forward values against naive scalar formulas) before any case runs, and the
comparison logic is checked on a synthetic export that must pass and on
corrupted copies of it that must fail.
"""

import json
import math
import os
import random
import subprocess
import sys
import tempfile

# ----------------------------------------------------------------------------
# Matrices: lists of rows of Python floats (IEEE double).

def zeros(r, c):
    return [[0.0] * c for _ in range(r)]


def shape(m):
    return (len(m), len(m[0]) if m else 0)


def mat_T(m):
    return [list(col) for col in zip(*m)]


def mat_mul(a, b):
    # math.fsum: the sums are exact before the final rounding, so the
    # reference is at least as accurate as any BLAS summation order.
    bt = mat_T(b)
    return [[math.fsum(x * y for x, y in zip(row, col)) for col in bt] for row in a]


def mat_map(f, a):
    return [[f(v) for v in row] for row in a]


def mat_zip(f, a, b):
    return [[f(x, y) for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def frob(m):
    """Frobenius norm, scaled so that tiny (1e-200) and huge values neither
    underflow nor overflow when squared."""
    flat = [abs(v) for row in m for v in row]
    big = max(flat, default=0.0)
    if big == 0.0 or not math.isfinite(big):
        return big
    return big * math.sqrt(math.fsum((v / big) ** 2 for v in flat))


# ----------------------------------------------------------------------------
# Reverse-mode autodiff on a tape.

_TAPE = []


def new_tape():
    del _TAPE[:]


class Node:
    """A matrix-valued node.  Every node goes on the tape when it is made, so
    the tape is in topological order; backward() walks it in reverse."""
    __slots__ = ("value", "grad", "parents", "back", "op")

    def __init__(self, value, parents=(), back=None, op="leaf"):
        self.value = value
        self.grad = None
        self.parents = parents
        self.back = back      # g -> one gradient (or None) per parent
        self.op = op
        _TAPE.append(self)

    @property
    def shape(self):
        return shape(self.value)

    def grad_or_zeros(self):
        if self.grad is None:
            r, c = self.shape
            return zeros(r, c)
        return self.grad


def leaf(value):
    return Node([list(map(float, row)) for row in value])


def backward(out):
    if out.shape != (1, 1):
        raise ValueError("backward needs a scalar (1x1) node")
    for n in _TAPE:
        n.grad = None
    out.grad = [[1.0]]
    for n in reversed(_TAPE):
        if n.grad is None or n.back is None:
            continue
        for p, pg in zip(n.parents, n.back(n.grad)):
            if pg is None:
                continue
            if shape(pg) != p.shape:
                raise AssertionError("op %s: gradient shape %s for parent %s"
                                     % (n.op, shape(pg), p.shape))
            if p.grad is None:
                p.grad = [row[:] for row in pg]
            else:
                p.grad = mat_zip(lambda x, y: x + y, p.grad, pg)


def matmul(a, b):
    if a.shape[1] != b.shape[0]:
        raise ValueError("matmul %s x %s" % (a.shape, b.shape))
    return Node(mat_mul(a.value, b.value), (a, b),
                lambda g: (mat_mul(g, mat_T(b.value)), mat_mul(mat_T(a.value), g)),
                "matmul")


def transpose(a):
    return Node(mat_T(a.value), (a,), lambda g: (mat_T(g),), "transpose")


def _same(a, b, op):
    if a.shape != b.shape:
        raise ValueError("%s: shapes %s and %s" % (op, a.shape, b.shape))


def add(a, b):
    _same(a, b, "add")
    return Node(mat_zip(lambda x, y: x + y, a.value, b.value), (a, b),
                lambda g: (g, g), "add")


def sub(a, b):
    _same(a, b, "sub")
    return Node(mat_zip(lambda x, y: x - y, a.value, b.value), (a, b),
                lambda g: (g, mat_map(lambda v: -v, g)), "sub")


def mul(a, b):
    _same(a, b, "mul")
    return Node(mat_zip(lambda x, y: x * y, a.value, b.value), (a, b),
                lambda g: (mat_zip(lambda u, v: u * v, g, b.value),
                           mat_zip(lambda u, v: u * v, g, a.value)), "mul")


def add_row(a, b):
    """a [R×C] + b [1×C] broadcast over the rows (the bias over the batch)."""
    if b.shape != (1, a.shape[1]):
        raise ValueError("add_row %s + %s" % (a.shape, b.shape))
    brow = b.value[0]
    return Node([[x + y for x, y in zip(row, brow)] for row in a.value], (a, b),
                lambda g: (g, [[math.fsum(col) for col in zip(*g)]]), "add_row")


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sigmoid(a):
    s = mat_map(_sigmoid, a.value)
    return Node(s, (a,), lambda g: (mat_zip(lambda u, v: u * v * (1.0 - v), g, s),),
                "sigmoid")


def tanh(a):
    t = mat_map(math.tanh, a.value)
    return Node(t, (a,), lambda g: (mat_zip(lambda u, v: u * (1.0 - v * v), g, t),),
                "tanh")


def relu(a):
    # x > 0 strictly: f'(0) = 0 (DESIGN §2)
    return Node(mat_map(lambda x: x if x > 0 else 0.0, a.value), (a,),
                lambda g: (mat_zip(lambda u, x: u if x > 0 else 0.0, g, a.value),),
                "relu")


def leaky_relu(a, slope):
    # x > 0 strictly: f'(0) = slope (DESIGN §2)
    return Node(mat_map(lambda x: x if x > 0 else slope * x, a.value), (a,),
                lambda g: (mat_zip(lambda u, x: u if x > 0 else slope * u, g, a.value),),
                "leaky_relu")


def stop_gradient(a):
    return Node([row[:] for row in a.value], (a,), lambda g: (None,), "stop_gradient")


def sum_all(a):
    r, c = a.shape
    return Node([[math.fsum(v for row in a.value for v in row)]], (a,),
                lambda g: ([[g[0][0]] * c for _ in range(r)],), "sum_all")


def mean_sq(a):
    """Mean of the squares of all elements (the MSE of a difference)."""
    r, c = a.shape
    n = r * c
    return Node([[math.fsum(v * v for row in a.value for v in row) / n]], (a,),
                lambda g: (mat_map(lambda v: g[0][0] * 2.0 * v / n, a.value),), "mean_sq")


def _log_softmax_row(row):
    m = max(row)
    lse = m + math.log(math.fsum(math.exp(v - m) for v in row))
    return [v - lse for v in row]


def xent(a, labels):
    """Mean over the rows with label >= 0 of -log softmax(row)[label]."""
    if len(labels) != a.shape[0]:
        raise ValueError("xent: %d labels for %d rows" % (len(labels), a.shape[0]))
    rows = [i for i, l in enumerate(labels) if l >= 0]
    if not rows:
        raise ValueError("xent: no labelled row")
    n = len(rows)
    lsm = [_log_softmax_row(row) for row in a.value]
    val = math.fsum(-lsm[i][labels[i]] for i in rows) / n

    def back(g):
        out = zeros(*a.shape)
        for i in rows:
            for j, lv in enumerate(lsm[i]):
                out[i][j] = g[0][0] * (math.exp(lv) - (1.0 if j == labels[i] else 0.0)) / n
        return (out,)
    return Node([[val]], (a,), back, "xent")


def vstack(nodes):
    sizes = [n.shape[0] for n in nodes]
    cols = nodes[0].shape[1]
    for n in nodes:
        if n.shape[1] != cols:
            raise ValueError("vstack: column mismatch")
    val = [row[:] for n in nodes for row in n.value]

    def back(g):
        out, k = [], 0
        for s in sizes:
            out.append(g[k:k + s])
            k += s
        return out
    return Node(val, tuple(nodes), back, "vstack")


def activation(name, slope):
    if name == "sigmoid":
        return sigmoid
    if name == "tanh":
        return tanh
    if name == "relu":
        return relu
    if name == "leaky_relu":
        return lambda a: leaky_relu(a, slope)
    raise ValueError("unknown activation %r" % name)


# ----------------------------------------------------------------------------
# The model of DESIGN §2 (rnn cell), built as a graph and differentiated.

PARAMS = ("W_ih", "W_hh", "b_h", "W_hy", "b_y")


def bptt_cut(t, T, k):
    """True when the gradient does not flow from step t back to t-1 (1-based):
    chunks of k counted back from the end."""
    return k > 0 and t >= 2 and (T - t + 1) % k == 0


def model_grads(params, x, target, act, slope, loss, readout, tbptt):
    """Loss, parameter gradients (in the JSON's shapes) and ‖∂L/∂h_t‖_F, t=1..T."""
    B, T = len(x), len(x[0])
    new_tape()
    P = {k: leaf(params[k]) for k in ("W_ih", "W_hh", "W_hy")}
    P["b_h"] = leaf([params["b_h"]])
    P["b_y"] = leaf([params["b_y"]])
    H = P["W_hh"].shape[0]
    f = activation(act, slope)
    W_ihT, W_hhT, W_hyT = transpose(P["W_ih"]), transpose(P["W_hh"]), transpose(P["W_hy"])
    h = leaf(zeros(B, H))                       # h_0 = 0, batch-major: B × H
    hs = []
    for t in range(1, T + 1):
        xt = leaf([x[b][t - 1] for b in range(B)])
        hin = stop_gradient(h) if bptt_cut(t, T, tbptt) else h
        a = add_row(add(matmul(xt, W_ihT), matmul(hin, W_hhT)), P["b_h"])
        h = f(a)
        hs.append(h)
    if readout == "last":
        Y = add_row(matmul(h, W_hyT), P["b_y"])
        if loss == "mse":
            L = mean_sq(sub(Y, leaf(target)))
        else:
            L = xent(Y, [int(target[b]) for b in range(B)])
    else:
        # rows ordered t-major: row (t-1)*B + b holds y_t of sequence b
        Y = vstack([add_row(matmul(ht, W_hyT), P["b_y"]) for ht in hs])
        if loss == "mse":
            L = mean_sq(sub(Y, leaf([target[b][t] for t in range(T) for b in range(B)])))
        else:
            L = xent(Y, [int(target[b][t]) for t in range(T) for b in range(B)])
    backward(L)
    grads = {k: P[k].grad_or_zeros() for k in P}
    grads["b_h"] = grads["b_h"][0]
    grads["b_y"] = grads["b_y"][0]
    dL_dh = [frob(ht.grad_or_zeros()) for ht in hs]
    return L.value[0][0], grads, dL_dh


# ----------------------------------------------------------------------------
# Self-test of the autodiff: finite differences for every op, naive forward
# formulas, and the whole model.

def _rand(rng, r, c, lo=-1.0, hi=1.0):
    return [[rng.uniform(lo, hi) for _ in range(c)] for _ in range(r)]


def fd_derivative(f, v, eps=1e-3):
    """df/dv at v: central differences with one Richardson step, error
    O(eps^4) + rounding ~ 1e-13, so agreement to 1e-9 can be asked for."""
    d1 = (f(v + eps) - f(v - eps)) / (2 * eps)
    d2 = (f(v + eps / 2) - f(v - eps / 2)) / eps
    return (4 * d2 - d1) / 3


def _fd_check(name, build, inputs, rng, tol=1e-9, skip=None):
    """build(list of leaf nodes) -> node; checks d sum(R ⊙ out)/d inputs
    against finite differences.  Returns a list of failure strings."""
    new_tape()
    leaves = [leaf(v) for v in inputs]
    out = build(leaves)
    R = _rand(rng, *out.shape)
    backward(sum_all(mul(out, leaf(R))))
    auto = [l.grad_or_zeros() for l in leaves]

    def f(vals):
        new_tape()
        o = build([leaf(v) for v in vals])
        return math.fsum(u * v for ro, rr in zip(o.value, R) for u, v in zip(ro, rr))
    errs = []
    for k, v in enumerate(inputs):
        if skip and k in skip:
            continue
        for i in range(len(v)):
            for j in range(len(v[0])):
                def fk(val, k=k, i=i, j=j):
                    vs = [[row[:] for row in m] for m in inputs]
                    vs[k][i][j] = val
                    return f(vs)
                fd = fd_derivative(fk, inputs[k][i][j])
                a = auto[k][i][j]
                if abs(fd - a) > tol * max(1.0, abs(fd), abs(a)):
                    errs.append("%s: d/dinput%d[%d][%d] autodiff %.12g, finite difference %.12g"
                                % (name, k, i, j, a, fd))
    return errs


def _away_from_zero(rng, r, c):
    # inputs of relu/leaky kept away from the kink so differences are smooth
    return [[rng.choice((-1, 1)) * rng.uniform(0.1, 1.0) for _ in range(c)] for _ in range(r)]


def self_test():
    rng = random.Random(12345)
    errs = []
    A, Bm = _rand(rng, 3, 4), _rand(rng, 4, 2)
    C, D = _rand(rng, 3, 4), _rand(rng, 3, 4)
    brow = _rand(rng, 1, 4)
    errs += _fd_check("matmul", lambda l: matmul(l[0], l[1]), [A, Bm], rng)
    errs += _fd_check("transpose", lambda l: transpose(l[0]), [A], rng)
    errs += _fd_check("add", lambda l: add(l[0], l[1]), [C, D], rng)
    errs += _fd_check("sub", lambda l: sub(l[0], l[1]), [C, D], rng)
    errs += _fd_check("mul", lambda l: mul(l[0], l[1]), [C, D], rng)
    errs += _fd_check("add_row", lambda l: add_row(l[0], l[1]), [C, brow], rng)
    errs += _fd_check("sigmoid", lambda l: sigmoid(l[0]), [_rand(rng, 3, 4, -4, 4)], rng)
    errs += _fd_check("tanh", lambda l: tanh(l[0]), [_rand(rng, 3, 4, -3, 3)], rng)
    errs += _fd_check("relu", lambda l: relu(l[0]), [_away_from_zero(rng, 3, 4)], rng)
    errs += _fd_check("leaky_relu", lambda l: leaky_relu(l[0], 0.2),
                      [_away_from_zero(rng, 3, 4)], rng)
    errs += _fd_check("sum_all", lambda l: sum_all(l[0]), [C], rng)
    errs += _fd_check("mean_sq", lambda l: mean_sq(l[0]), [C], rng)
    labels = [2, -1, 0]
    errs += _fd_check("xent", lambda l: xent(l[0], labels), [_rand(rng, 3, 4, -3, 3)], rng)
    errs += _fd_check("vstack", lambda l: vstack([l[0], l[1], l[0]]),
                      [_rand(rng, 2, 3), _rand(rng, 1, 3)], rng)
    # stop_gradient: the gradient is that of the graph in which the stopped
    # branch is a constant; the forward value is unchanged.
    X = _rand(rng, 2, 3)
    new_tape()
    xl = leaf(X)
    sg = stop_gradient(xl)
    if sg.value != X:
        errs.append("stop_gradient changes the forward value")
    R = _rand(rng, 2, 3)
    backward(sum_all(mul(mul(tanh(xl), sg), leaf(R))))
    got = xl.grad_or_zeros()
    want = [[R[i][j] * (1 - math.tanh(X[i][j]) ** 2) * X[i][j] for j in range(3)] for i in range(2)]
    for i in range(2):
        for j in range(3):
            if abs(got[i][j] - want[i][j]) > 1e-14 * max(1.0, abs(want[i][j])):
                errs.append("stop_gradient: gradient %.17g, want %.17g" % (got[i][j], want[i][j]))
    new_tape()
    xl = leaf(X)
    backward(sum_all(stop_gradient(xl)))
    if xl.grad is not None:
        errs.append("stop_gradient lets a gradient through")

    # forward values against naive scalar formulas
    def close(a, b):
        return abs(a - b) <= 1e-13 * max(1.0, abs(a), abs(b))
    new_tape()
    mm = matmul(leaf(A), leaf(Bm)).value
    for i in range(3):
        for j in range(2):
            if not close(mm[i][j], sum(A[i][k] * Bm[k][j] for k in range(4))):
                errs.append("matmul forward wrong at [%d][%d]" % (i, j))
    for x in (-30.0, -2.5, -1e-3, 0.0, 0.7, 40.0):
        new_tape()
        l = leaf([[x]])
        if not close(sigmoid(l).value[0][0], 1.0 / (1.0 + math.exp(-x))):
            errs.append("sigmoid forward wrong at %g" % x)
        if not close(relu(l).value[0][0], max(x, 0.0)):
            errs.append("relu forward wrong at %g" % x)
        if not close(leaky_relu(l, 0.3).value[0][0], x if x > 0 else 0.3 * x):
            errs.append("leaky_relu forward wrong at %g" % x)
    for slope, want in ((None, 0.0), (0.25, 0.25)):     # derivative at exactly 0
        new_tape()
        l = leaf([[0.0]])
        backward(relu(l) if slope is None else leaky_relu(l, slope))
        if l.grad[0][0] != want:
            errs.append("f'(0) of %s is %g, want %g" % ("relu" if slope is None else "leaky_relu",
                                                         l.grad[0][0], want))
    Y = [[1.0, 2.0, 3.0], [1000.0, -1000.0, 999.0], [0.5, 0.5, 0.5]]
    lab = [2, 0, -1]
    naive = (-(3.0 - math.log(math.exp(1) + math.exp(2) + math.exp(3)))
             + math.log(1 + math.exp(-2000.0) + math.exp(-1.0))) / 2
    new_tape()
    if not close(xent(leaf(Y), lab).value[0][0], naive):
        errs.append("xent forward wrong: %r vs %r" % (xent(leaf(Y), lab).value[0][0], naive))
    new_tape()
    if not close(mean_sq(sub(leaf(C), leaf(D))).value[0][0],
                 sum((C[i][j] - D[i][j]) ** 2 for i in range(3) for j in range(4)) / 12):
        errs.append("mse forward wrong")
    for m in (C, [[3e-200, -4e-200]], [[3e200, 4e200]], [[0.0, 0.0]], [[1e-30], [-2e-31]]):
        want = math.hypot(*[v for row in m for v in row])
        if abs(frob(m) - want) > 1e-15 * want:
            errs.append("frob %r: %.17g, want %.17g" % (m, frob(m), want))
    new_tape()
    if add_row(leaf(C), leaf(brow)).value[1][2] != C[1][2] + brow[0][2]:
        errs.append("add_row forward wrong")

    # the whole model: gradients against finite differences of the loss, for
    # every activation, loss and readout; the forward against a scalar loop.
    for act in ("sigmoid", "tanh", "relu", "leaky_relu"):
        for loss, readout in (("mse", "last"), ("mse", "every"), ("xent", "last"), ("xent", "every")):
            errs += _model_fd(rng, act, loss, readout)
    errs += _tbptt_selftest(rng)
    errs += _compare_selftest(rng)
    return errs


def _tiny_problem(rng, loss, readout, B=2, T=4, I=3, H=3, O=3):
    params = {"W_ih": _rand(rng, H, I), "W_hh": _rand(rng, H, H), "b_h": _rand(rng, 1, H)[0],
              "W_hy": _rand(rng, O, H), "b_y": _rand(rng, 1, O)[0]}
    x = [[[rng.uniform(-1, 1) for _ in range(I)] for _ in range(T)] for _ in range(B)]
    if loss == "mse":
        target = ([[rng.uniform(-1, 1) for _ in range(O)] for _ in range(B)] if readout == "last"
                  else [[[rng.uniform(-1, 1) for _ in range(O)] for _ in range(T)] for _ in range(B)])
    else:
        target = ([rng.randrange(O) for _ in range(B)] if readout == "last"
                  else [[rng.choice((-1, rng.randrange(O))) for _ in range(T)] for _ in range(B)])
        if readout == "every":
            target[0][T - 1] = 1       # at least one label
    return params, x, target


def _naive_loss(params, x, target, act, slope, loss, readout):
    """Scalar loops straight from DESIGN §2, no graph."""
    f = {"sigmoid": lambda v: 1 / (1 + math.exp(-v)), "tanh": math.tanh,
         "relu": lambda v: v if v > 0 else 0.0,
         "leaky_relu": lambda v: v if v > 0 else slope * v}[act]
    W_ih, W_hh, b_h, W_hy, b_y = (params[k] for k in PARAMS)
    H, O = len(W_hh), len(W_hy)
    terms, n = [], 0
    for b, seq in enumerate(x):
        h = [0.0] * H
        ys = []
        for xt in seq:
            h = [f(sum(W_ih[i][j] * xt[j] for j in range(len(xt)))
                   + sum(W_hh[i][j] * h[j] for j in range(H)) + b_h[i]) for i in range(H)]
            ys.append([sum(W_hy[o][i] * h[i] for i in range(H)) + b_y[o] for o in range(O)])
        pairs = [(ys[-1], target[b])] if readout == "last" else list(zip(ys, target[b]))
        for y, tg in pairs:
            if loss == "mse":
                terms += [(y[o] - tg[o]) ** 2 for o in range(O)]
                n += O
            elif tg >= 0:
                terms.append(math.log(sum(math.exp(v) for v in y)) - y[tg])
                n += 1
    return sum(terms) / n


def _model_fd(rng, act, loss, readout):
    slope = 0.2
    params, x, target = _tiny_problem(rng, loss, readout)
    L, grads, _ = model_grads(params, x, target, act, slope, loss, readout, 0)
    name = "model %s/%s/%s" % (act, loss, readout)
    errs = []
    naive = _naive_loss(params, x, target, act, slope, loss, readout)
    if abs(L - naive) > 1e-12 * abs(naive):
        errs.append("%s: loss %.17g, naive loop %.17g" % (name, L, naive))
    for k in PARAMS:
        vec = not isinstance(params[k][0], list)
        rows = [params[k]] if vec else params[k]
        for i in range(len(rows)):
            for j in range(len(rows[0])):
                def fk(val, k=k, i=i, j=j):
                    p2 = json.loads(json.dumps(params))
                    (p2[k] if vec else p2[k][i])[j] = val
                    return _naive_loss(p2, x, target, act, slope, loss, readout)
                fd = fd_derivative(fk, rows[i][j])
                a = grads[k][j] if vec else grads[k][i][j]
                if abs(fd - a) > 1e-9 * max(1.0, abs(fd)):
                    errs.append("%s: d%s[%d][%d] autodiff %.12g, finite difference %.12g"
                                % (name, k, i, j, a, fd))
    return errs


def _tbptt_selftest(rng):
    """Truncation: forward unchanged; for readout last with T = 2k every step
    before the last chunk gets no gradient; dL/dh_t in the last chunk equals the
    full one; with k = 1 only h_T carries a gradient (readout last)."""
    errs = []
    params, x, target = _tiny_problem(rng, "mse", "last", T=6)
    L0, g0, d0 = model_grads(params, x, target, "tanh", 0.01, "mse", "last", 0)
    L3, g3, d3 = model_grads(params, x, target, "tanh", 0.01, "mse", "last", 3)
    L1, g1, d1 = model_grads(params, x, target, "tanh", 0.01, "mse", "last", 1)
    if not (L0 == L3 == L1):
        errs.append("tbptt changes the forward loss")
    if d3[:3] != [0.0] * 3 or d3[3:] != d0[3:] or min(d0[:3]) <= 0:
        errs.append("tbptt k=3, T=6: dL_dh %r vs full %r" % (d3, d0))
    if d1[:5] != [0.0] * 5 or d1[5] != d0[5]:
        errs.append("tbptt k=1: dL_dh %r" % d1)
    if g0["W_ih"] == g3["W_ih"]:
        errs.append("tbptt k=3 does not change the W_ih gradient")
    cuts = [t for t in range(1, 11) if bptt_cut(t, 10, 3)]
    if cuts != [2, 5, 8]:
        errs.append("tbptt cuts for T=10, k=3: %r" % cuts)
    return errs


def _compare_selftest(rng):
    """The comparison logic on a synthetic export: it must pass as written,
    and fail when a number is nudged or a field is missing or misshapen."""
    errs = []
    for loss, readout, clip in (("mse", "last", "norm"), ("xent", "every", "value"),
                                ("xent", "last", None), ("mse", "every", None)):
        doc = _synthetic_export(rng, loss, readout, clip)
        fails = check_doc(doc, expect={})
        if fails:
            errs.append("synthetic %s/%s export fails: %s" % (loss, readout, "; ".join(fails)))
        corruptions = [
            ("loss", lambda d: d["value"].__setitem__("loss", d["value"]["loss"] * (1 + 1e-8))),
            ("W_hh grad", lambda d: d["grads"]["W_hh"][1].__setitem__(
                2, d["grads"]["W_hh"][1][2] * (1 + 1e-7))),
            ("b_y grad", lambda d: d["grads"]["b_y"].__setitem__(0, d["grads"]["b_y"][0] + 1e-9)),
            ("dL_dh[1]", lambda d: d["dL_dh"].__setitem__(0, d["dL_dh"][0] * (1 + 1e-8))),
            ("dL_dh[T] tiny", lambda d: d["dL_dh"].__setitem__(-1, d["dL_dh"][-1] * (1 - 1e-8))),
            ("format", lambda d: d.__setitem__("format", "rnnscope-state/2")),
            ("missing grad", lambda d: d["grads"].pop("b_h")),
            ("x shape", lambda d: d["x"].pop()),
            ("target shape", lambda d: d.__setitem__("target", d["target"][:-1])),
            ("param shape", lambda d: d["params"]["W_hy"][0].pop()),
            ("null", lambda d: d["grads"]["W_ih"][0].__setitem__(0, None)),
            ("tbptt", lambda d: d.__setitem__("tbptt", 2)),
        ]
        if clip:
            corruptions.append(("grads_clipped", lambda d: d["grads_clipped"]["W_ih"][0].__setitem__(
                0, d["grads_clipped"]["W_ih"][0][0] * (1 + 1e-7) + 1e-300)))
            corruptions.append(("clip missing", lambda d: d.pop("grads_clipped")))
        else:
            corruptions.append(("clip unexpected", lambda d: d.__setitem__(
                "grads_clipped", json.loads(json.dumps(d["grads"])))))
        for what, corrupt in corruptions:
            d2 = json.loads(json.dumps(doc))
            corrupt(d2)
            if not check_doc(d2, expect={}):
                errs.append("synthetic %s/%s export with a corrupted %s passes"
                            % (loss, readout, what))
    return errs


def _synthetic_export(rng, loss, readout, clip):
    B, T, I, H, O = 2, 5, 3, 4, 3
    params, x, target = _tiny_problem(rng, loss, readout, B, T, I, H, O)
    L, grads, dh = model_grads(params, x, target, "tanh", 0.01, loss, readout, 0)
    doc = {"format": "rnnscope-state/1", "cell": "rnn", "activation": "tanh",
           "leaky_slope": 0.01, "sizes": {"batch": B, "steps": T, "input": I, "hidden": H,
                                          "output": O},
           "loss": loss, "readout": readout, "tbptt": 0, "step": 0, "params": params,
           "x": x, "target": target, "value": {"loss": L}, "grads": grads, "dL_dh": dh}
    if clip == "norm":
        g = _global_norm(grads)
        c = g / 3
        doc["clip"] = {"mode": "norm", "threshold": c}
        doc["grads_clipped"] = _map_tensors(lambda v: v * (c / g), grads)
    elif clip == "value":
        c = 0.05
        doc["clip"] = {"mode": "value", "threshold": c}
        doc["grads_clipped"] = _map_tensors(lambda v: max(-c, min(c, v)), grads)
    return json.loads(json.dumps(doc))    # through JSON, as the real thing


# ----------------------------------------------------------------------------
# Checking one export.

def _flat(t):
    if isinstance(t, list):
        return [v for e in t for v in _flat(e)]
    return [t]


def _map_tensors(f, d):
    def m(t):
        return [m(e) for e in t] if isinstance(t, list) else f(t)
    return {k: m(v) for k, v in d.items()}


def _global_norm(d):
    return frob([_flat(d[k]) for k in PARAMS if _flat(d[k])] or [[0.0]])


def _shape_of(t, dims):
    """True when t is nested lists of exactly the given dims, leaves numbers."""
    if not dims:
        return isinstance(t, (int, float)) and not isinstance(t, bool)
    return (isinstance(t, list) and len(t) == dims[0]
            and all(_shape_of(e, dims[1:]) for e in t))


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def rel_ok(a, b, rel=1e-9):
    """Strictly relative.  Used for the loss and dL_dh[t]: sums of squares
    and products, where no cancellation can hide an error."""
    return abs(a - b) <= rel * max(abs(a), abs(b))


def structure(doc, expect):
    """Structural problems of an export (a list of strings)."""
    p = []
    if not isinstance(doc, dict):
        return ["not a JSON object"]
    if doc.get("format") != "rnnscope-state/1":
        p.append("format is %r" % doc.get("format"))
    if doc.get("cell") != "rnn":
        p.append("cell is %r" % doc.get("cell"))
    if doc.get("activation") not in ("sigmoid", "tanh", "relu", "leaky_relu"):
        p.append("activation is %r" % doc.get("activation"))
    if not isinstance(doc.get("leaky_slope"), (int, float)):
        p.append("leaky_slope is %r" % doc.get("leaky_slope"))
    if doc.get("loss") not in ("mse", "xent"):
        p.append("loss is %r" % doc.get("loss"))
    if doc.get("readout") not in ("last", "every"):
        p.append("readout is %r" % doc.get("readout"))
    if not _is_int(doc.get("tbptt")) or doc["tbptt"] < 0:
        p.append("tbptt is %r" % doc.get("tbptt"))
    if not _is_int(doc.get("step")) or doc["step"] < 0:
        p.append("step is %r" % doc.get("step"))
    for k, v in expect.items():
        if doc.get(k) != v:
            p.append("%s is %r, expected %r" % (k, doc.get(k), v))
    sz = doc.get("sizes")
    names = ("batch", "steps", "input", "hidden", "output")
    if not isinstance(sz, dict) or not all(_is_int(sz.get(n)) and sz[n] > 0 for n in names):
        return p + ["sizes is %r" % sz]
    B, T, I, H, O = (sz[n] for n in names)
    pshapes = {"W_ih": (H, I), "W_hh": (H, H), "b_h": (H,), "W_hy": (O, H), "b_y": (O,)}
    groups = ["params", "grads"]
    clip = doc.get("clip")
    if clip is not None or "grads_clipped" in doc:
        groups.append("grads_clipped")
        if (not isinstance(clip, dict) or clip.get("mode") not in ("norm", "value")
                or not isinstance(clip.get("threshold"), (int, float)) or clip["threshold"] <= 0):
            p.append("clip is %r" % clip)
    for g in groups:
        d = doc.get(g)
        if not isinstance(d, dict):
            p.append("%s missing" % g)
            continue
        if set(d) != set(PARAMS):
            p.append("%s has keys %s" % (g, sorted(d)))
        for k, s in pshapes.items():
            if k in d and not _shape_of(d[k], s):
                p.append("%s.%s is not %s numbers" % (g, k, "×".join(map(str, s))))
    if not _shape_of(doc.get("x"), (B, T, I)):
        p.append("x is not [B=%d][T=%d][I=%d] numbers" % (B, T, I))
    loss, readout, tg = doc.get("loss"), doc.get("readout"), doc.get("target")
    if loss == "mse":
        ts = (B, O) if readout == "last" else (B, T, O)
        if not _shape_of(tg, ts):
            p.append("target is not %s numbers (mse, %s)" % ("×".join(map(str, ts)), readout))
    elif loss == "xent":
        ts = (B,) if readout == "last" else (B, T)
        if not _shape_of(tg, ts) or not all(_is_int(v) for v in _flat(tg)):
            p.append("target is not %s ints (xent, %s)" % ("×".join(map(str, ts)), readout))
        else:
            labels = _flat(tg)
            lo = 0 if readout == "last" else -1
            if not all(lo <= v < O for v in labels):
                p.append("labels out of range [%d, %d): %r" % (lo, O, sorted(set(labels))))
            if not any(v >= 0 for v in labels):
                p.append("no labelled step")
    v = doc.get("value")
    if not isinstance(v, dict) or not isinstance(v.get("loss"), (int, float)):
        p.append("value.loss is %r" % (v,))
    if not _shape_of(doc.get("dL_dh"), (T,)):
        p.append("dL_dh is not [T=%d] numbers" % T)
    return p


def check_doc(doc, expect, info=None):
    """All problems of one export (empty list = pass).  info, when a dict,
    receives the recomputation for the case's own assertions."""
    p = structure(doc, expect)
    if p:
        # Still compare the numbers when the shapes can be read unambiguously
        # (an n×1 matrix written as a flat [n]), so a report says whether
        # only the layout is wrong; the case fails on the structure anyway.
        fixed = _reshaped(doc)
        if fixed is not None and not structure(fixed, expect):
            try:
                q = _numbers(fixed, info)
            except Exception as e:
                q = ["%s: %s" % (type(e).__name__, e)]
            p.append("numbers after reading flat n×1 matrices as columns: %s"
                     % ("; ".join(q) if q else "all match"))
        return p
    p = _numbers(doc, info)
    if len(p) > 8:
        p = p[:8] + ["… %d more" % (len(p) - 8)]
    return p


def _reshaped(doc):
    """A copy of doc with every flat list that should be an n×1 matrix
    turned into one; None when there is nothing to reshape."""
    try:
        sz = doc["sizes"]
        B, I, H, O = sz["batch"], sz["input"], sz["hidden"], sz["output"]
        d = json.loads(json.dumps(doc))
        changed = False

        def col(t, n):
            nonlocal changed
            if isinstance(t, list) and len(t) == n and all(isinstance(v, (int, float)) for v in t):
                changed = True
                return [[v] for v in t]
            return t
        for g in ("params", "grads", "grads_clipped"):
            if isinstance(d.get(g), dict):
                if I == 1:
                    d[g]["W_ih"] = col(d[g]["W_ih"], H)
                if H == 1:
                    d[g]["W_hh"] = col(d[g]["W_hh"], 1)
                    d[g]["W_hy"] = col(d[g]["W_hy"], O)
        if O == 1 and d.get("loss") == "mse" and d.get("readout") == "last":
            d["target"] = col(d["target"], B)
        return d if changed else None
    except (KeyError, TypeError, ValueError):
        return None


def _numbers(doc, info):
    p = []
    L, grads, dh = model_grads(doc["params"], doc["x"], doc["target"], doc["activation"],
                               doc["leaky_slope"], doc["loss"], doc["readout"], doc["tbptt"])
    if info is not None:
        info.update(loss=L, grads=grads, dL_dh=dh)
    if not rel_ok(doc["value"]["loss"], L):
        p.append("loss %.17g, autodiff %.17g" % (doc["value"]["loss"], L))
    for t, (a, b) in enumerate(zip(doc["dL_dh"], dh), 1):
        if not rel_ok(a, b):
            p.append("dL_dh[%d] %.17g, autodiff %.17g (rel. err %.3g)"
                     % (t, a, b, abs(a - b) / max(abs(a), abs(b))))
    p += compare_tensors("grads", doc["grads"], grads)
    if "grads_clipped" in doc:
        c, mode = doc["clip"]["threshold"], doc["clip"]["mode"]
        if mode == "norm":
            g = _global_norm(grads)
            want = _map_tensors(lambda v: v * min(1.0, c / g), grads)
            got = _global_norm(doc["grads_clipped"])
            if g > c and not rel_ok(got, c):
                p.append("norm of grads_clipped %.17g, threshold %.17g" % (got, c))
            if info is not None:
                info.update(clip_norm=g, clipped=g > c)
        else:
            want = _map_tensors(lambda v: max(-c, min(c, v)), grads)
            if info is not None:
                info.update(clipped=any(abs(v) > c for k in PARAMS for v in _flat(grads[k])))
            over = [v for k in PARAMS for v in _flat(doc["grads_clipped"][k]) if abs(v) > c]
            if over:
                p.append("grads_clipped has %d elements beyond ±%g, e.g. %.17g"
                         % (len(over), c, over[0]))
        p += compare_tensors("grads_clipped", doc["grads_clipped"], want)
    return p


def compare_tensors(group, got, want):
    p = []
    for k in PARAMS:
        a, b = _flat(got[k]), _flat(want[k])
        # A gradient element is a sum over batch and timesteps of terms of both
        # signs; when they cancel, the result's rounding error is eps times the
        # size of the terms, not of the (small) result, and a different but
        # equally valid summation order (BLAS vs fsum) differs by that much.
        # The tensor's largest element bounds the size of such terms, so a
        # floor of 1e-12 of it absorbs cancellation (~1e-16 relative) while
        # staying 1e4 times below anything a wrong derivative would produce.
        scale = max([abs(v) for v in a + b], default=0.0)
        for i, (x, y) in enumerate(zip(a, b)):
            if abs(x - y) > 1e-9 * max(abs(x), abs(y)) + 1e-12 * scale:
                p.append("%s.%s[%d] %.17g, autodiff %.17g" % (group, k, i, x, y))
    return p


# ----------------------------------------------------------------------------
# Cases against the binary.

class Runner:
    def __init__(self, exe):
        self.exe = exe
        self.tmp = tempfile.mkdtemp(prefix="rnnscope-check-")
        self.n = 0

    def export(self, sets, steps=1, scenario=None):
        self.n += 1
        out = os.path.join(self.tmp, "state%d.json" % self.n)
        cmd = [self.exe, "run"] + ([scenario] if scenario else []) + [
            "--steps", str(steps), "--export-state", out]
        for k, v in sets.items():
            cmd += ["--set", "%s=%s" % (k, v)]
        try:
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=120, universal_newlines=True)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise CaseError("%s: %s" % (" ".join(cmd), e))
        if r.returncode != 0:
            raise CaseError("`%s` exited %d: %s" % (" ".join(cmd), r.returncode,
                                                     r.stderr.strip()[-400:]))
        try:
            with open(out) as fh:
                return json.load(fh)
        except (OSError, ValueError) as e:
            raise CaseError("`%s`: no readable export: %s" % (" ".join(cmd), e))


class CaseError(Exception):
    pass


TASKS = {   # task: (settings, expected loss, expected readout)
    "adding": ({"task.name": "adding", "task.length": 12}, "mse", "last"),
    "copy": ({"task.name": "copy", "task.length": 12, "task.copy_length": 3,
              "task.alphabet": 4}, "xent", "every"),
    "temporal": ({"task.name": "temporal", "task.length": 20}, "xent", "last"),
    "remember": ({"task.name": "remember", "task.length": 8, "task.keys": 4}, "xent", "last"),
}

ACTS = {    # activation: settings that make it interesting
    "sigmoid": {"init.recurrent": "xavier", "init.gain": 1.0},
    "tanh": {"init.recurrent": "orthogonal", "init.gain": 1.0},
    "relu": {"init.recurrent": "identity", "init.gain": 1.0},
    "leaky_relu": {"init.recurrent": "he", "init.gain": 1.0, "model.leaky_slope": 0.1},
}

SMALL = {"model.cell": "rnn", "model.hidden": 5, "train.batch": 3, "train.clip": "none",
         "train.tbptt": 0}


def setting(act, task, **extra):
    s = dict(SMALL)
    s.update({"model.activation": act})
    s.update(ACTS[act])
    s.update(TASKS[task][0])
    s.update({k.replace("__", "."): v for k, v in extra.items()})
    return s


def _expect(sets, task=None):
    e = {}
    if "model.activation" in sets:
        e["activation"] = sets["model.activation"]
    if "train.tbptt" in sets:
        e["tbptt"] = int(sets["train.tbptt"])
    if "train.batch" in sets:
        e["sizes.batch"] = int(sets["train.batch"])
    if "model.hidden" in sets:
        e["sizes.hidden"] = int(sets["model.hidden"])
    if "task.length" in sets:
        e["sizes.steps"] = int(sets["task.length"])
    if task:
        e["loss"], e["readout"] = TASKS[task][1], TASKS[task][2]
    return e


def _expect_problems(doc, expect):
    p = []
    for k, v in expect.items():
        if k.startswith("sizes."):
            got = (doc.get("sizes") or {}).get(k[6:])
        else:
            got = doc.get(k)
        if got != v:
            p.append("%s is %r, expected %r" % (k, got, v))
    return p


def verify(doc, sets, task=None, info=None):
    p = _expect_problems(doc, _expect(sets, task))
    if "model.leaky_slope" in sets and doc.get("leaky_slope") != float(sets["model.leaky_slope"]):
        p.append("leaky_slope is %r, expected %r" % (doc.get("leaky_slope"),
                                                     sets["model.leaky_slope"]))
    clip = sets.get("train.clip", "none")
    if clip == "none" and ("clip" in doc or "grads_clipped" in doc):
        p.append("clip/grads_clipped present with clipping off")
    if clip != "none":
        c = doc.get("clip") or {}
        if c.get("mode") != clip or c.get("threshold") != float(sets["train.clip_threshold"]):
            p.append("clip is %r, expected mode %s threshold %s" % (doc.get("clip"), clip,
                                                                   sets["train.clip_threshold"]))
        if "grads_clipped" not in doc:
            p.append("grads_clipped missing with clipping on")
    return p + check_doc(doc, {}, info)


def build_cases(run):
    cases = []

    def add_case(name, fn):
        cases.append((name, fn))

    seed = [100]
    for act in ACTS:
        for task in TASKS:
            seed[0] += 1
            sets = setting(act, task, train__seed=seed[0], task__seed=seed[0] + 50)

            def fn(sets=sets, task=task):
                return verify(run.export(sets), sets, task)
            add_case("%s-%s" % (act, task), fn)

    def clip_norm():
        sets = setting("tanh", "adding", train__clip="norm", train__clip_threshold=1e-3,
                       train__seed=7)
        info = {}
        p = verify(run.export(sets), sets, "adding", info)
        if not p and not info.get("clipped"):
            p.append("gradient norm %.3g is not above the threshold 1e-3: clipping not exercised"
                     % info.get("clip_norm", float("nan")))
        return p
    add_case("clip-norm", clip_norm)

    def clip_value():
        sets = setting("tanh", "copy", train__clip="value", train__clip_threshold=1e-3,
                       train__seed=8)
        info = {}
        p = verify(run.export(sets), sets, "copy", info)
        if not p and not info.get("clipped"):
            p.append("no gradient element beyond ±1e-3: clipping not exercised")
        return p
    add_case("clip-value", clip_value)

    for task in ("copy", "adding"):
        def tbptt(task=task):
            sets = setting("tanh", task, train__tbptt=3, task__length=10, train__seed=9)
            doc = run.export(sets)
            info = {}
            p = verify(doc, sets, task, info)
            if p:
                return p
            _, _, full = model_grads(doc["params"], doc["x"], doc["target"], doc["activation"],
                                     doc["leaky_slope"], doc["loss"], doc["readout"], 0)
            if all(rel_ok(a, b, 1e-6) for a, b in zip(doc["dL_dh"], full)):
                p.append("truncated dL_dh equals the full one: truncation not exercised")
            return p
        add_case("tbptt3-%s" % task, tbptt)

    def deep_sigmoid():
        sets = setting("sigmoid", "adding", init__recurrent="gaussian", init__std=0.1,
                       task__length=60, train__seed=3)
        doc = run.export(sets)
        p = verify(doc, sets, "adding")
        if p:
            return p
        dh = doc["dL_dh"]
        if not min(dh) < 1e-30:
            p.append("min dL_dh %.3g is not below 1e-30: the deep case does not vanish" % min(dh))
        if not min(dh) > 0:
            p.append("dL_dh reaches exactly 0 (%r): underflow, or not a vanishing case" % min(dh))
        return p
    add_case("deep-sigmoid-T60", deep_sigmoid)

    for task, opt in (("adding", "sgd"), ("copy", "adam"), ("temporal", "momentum")):
        def steps(task=task, opt=opt):
            sets = setting("tanh", task, train__optimizer=opt, train__lr=0.05, train__seed=11)
            d1 = run.export(sets, steps=1)
            d5 = run.export(sets, steps=5)
            p = verify(d1, sets, task) + verify(d5, sets, task)
            if not p and d1["params"] == d5["params"]:
                p.append("params after --steps 5 equal those after --steps 1: no training")
            return p
        add_case("steps5-%s-%s" % (task, opt), steps)

    def hidden1():
        sets = setting("tanh", "remember", model__hidden=1, train__seed=5)
        return verify(run.export(sets), sets, "remember")
    add_case("hidden1-remember", hidden1)

    # the bundled scenarios with the rnn cell, shrunk to small sizes
    sdir = os.environ.get("RNNSCOPE_SCENARIO_DIR")
    if sdir and os.path.isdir(sdir):
        for fn_ in sorted(os.listdir(sdir)):
            if not fn_.endswith(".scn"):
                continue
            keys = _scn_keys(os.path.join(sdir, fn_))
            if keys.get("model.cell", "rnn") != "rnn":
                continue
            name = fn_[:-4]

            def scn(name=name, keys=keys):
                task = keys.get("task.name", "adding")
                sets = {"model.hidden": 5, "train.batch": 3}
                tbptt = int(keys.get("train.tbptt", "0"))
                # long enough that a scenario's truncation window really cuts
                sets["task.length"] = max({"temporal": 20, "copy": 12}.get(task, 10),
                                          2 * tbptt + 3)
                if task == "copy":
                    sets["task.copy_length"] = 3
                expect = dict(sets)
                for k in ("train.clip", "train.clip_threshold", "train.tbptt",
                          "model.activation", "model.leaky_slope"):
                    if k in keys:
                        expect[k] = keys[k]
                return verify(run.export(sets, steps=2, scenario=name), expect,
                              task if task in TASKS else None)
            add_case("scenario-%s" % name, scn)
    return cases


def _scn_keys(path):
    """The dotted keys a scenario file sets ([section] key = value)."""
    keys, sect = {}, ""
    try:
        with open(path) as fh:
            for line in fh:
                line = line.strip()
                if line.startswith(("#", ";")) or not line:
                    continue
                if line.startswith("[") and line.endswith("]"):
                    sect = line[1:-1].strip()
                elif "=" in line:
                    k, v = (x.strip() for x in line.split("=", 1))
                    keys["%s.%s" % (sect, k)] = v.split(" ;")[0].split(" #")[0].strip()
    except OSError:
        pass
    return keys


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        errs = self_test()
        for e in errs:
            print("FAIL self-test: " + e)
        print("self-test: %s" % ("ok" if not errs else "%d failures" % len(errs)))
        return 1 if errs else 0
    if len(argv) != 2:
        print("usage: check_export.py PATH/TO/rnnscope | --self-test", file=sys.stderr)
        return 2
    passed = failed = 0

    def report(name, problems):
        nonlocal passed, failed
        if problems:
            failed += 1
            print("FAIL %s: %s" % (name, "; ".join(problems)))
        else:
            passed += 1
            print("ok %s" % name)
        sys.stdout.flush()

    report("autodiff-self-test", self_test())
    run = Runner(argv[1])
    for name, fn in build_cases(run):
        try:
            problems = fn()
        except CaseError as e:
            problems = [str(e)]
        except Exception as e:     # a malformed export must fail its case, not the script
            problems = ["%s: %s" % (type(e).__name__, e)]
        report(name, problems)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
