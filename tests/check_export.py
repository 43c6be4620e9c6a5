#!/usr/bin/env python3
"""Independent correctness check of rnnscope's exported state (DESIGN §2, §6).

    python3 tests/check_export.py PATH/TO/rnnscope    run the self-test, then every case
    python3 tests/check_export.py --self-test         only the self-test of the autodiff

A tiny reverse-mode automatic differentiation (pure Python, standard library
only) rebuilds the forward graph of DESIGN §2 from the exported params, batch
and target -- for every cell: rnn, lstm, gru and skip -- and differentiates it
on a tape.  Nothing here derives BPTT by hand: the loss, every parameter
gradient, every ‖∂L/∂h_t‖ and (lstm) every ‖∂L/∂c_t‖ come out of the generic
tape, so this check shares no code and no derivation with the engine.
Truncated BPTT is stop_gradient on every path that crosses a chunk boundary.
The autodiff itself is checked before any case runs: every op and every cell
against central finite differences of naive scalar loops (with truncation,
of the loss in which the cut states are frozen), the forward values against
those loops; and the comparison logic is checked on synthetic exports of
every cell that must pass and on corrupted or wrongly computed copies of
them that must fail.  A setting the binary rejects (a cell it does not have
yet) fails its cases by name; nothing is skipped.
"""

import json
import math
import os
import random
import re
import shlex
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


def cols(a, lo, hi):
    """Columns lo..hi-1 of a (a gate's block of the batch-major pre-activation)."""
    r, c = a.shape
    if not 0 <= lo < hi <= c:
        raise ValueError("cols %d:%d of %s" % (lo, hi, a.shape))

    def back(g):
        out = zeros(r, c)
        for i in range(r):
            out[i][lo:hi] = g[i]
        return (out,)
    return Node([row[lo:hi] for row in a.value], (a,), back, "cols")


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
# The models of DESIGN §2 (cells rnn, lstm, gru, skip), built as graphs and
# differentiated.

CELLS = ("rnn", "lstm", "gru", "skip")
GATES = {"rnn": 1, "lstm": 4, "gru": 3, "skip": 1}   # row blocks of H in W_ih, W_hh


def param_shapes(cell, I, H, O):
    """Name -> shape of every parameter (and gradient) of a cell, in export order."""
    G = GATES[cell] * H
    s = {"W_ih": (G, I), "W_hh": (G, H)}
    if cell == "skip":
        s["W_sk"] = (H, H)
    if cell in ("rnn", "skip"):
        s["b_h"] = (H,)
    elif cell == "lstm":
        s["b"] = (G,)
    else:
        s["b_ih"] = (G,)
        s["b_hh"] = (G,)
    s["W_hy"] = (O, H)
    s["b_y"] = (O,)
    return s


CELL_PARAMS = {c: tuple(param_shapes(c, 1, 1, 1)) for c in CELLS}
PARAMS = CELL_PARAMS["rnn"]


def chunk(t, T, k):
    """Truncation chunk of step t (1-based), chunks of k counted back from T."""
    return (T - t) // k


def crosses(t, s, T, k):
    """True when, with tbptt = k, no gradient flows from step t back to the
    earlier step s: they lie in different chunks (k = 0: never)."""
    return k > 0 and s >= 1 and chunk(t, T, k) != chunk(s, T, k)


def bptt_cut(t, T, k):
    """True when the gradient does not flow from step t back to t-1 (1-based)."""
    return crosses(t, t - 1, T, k)


# Deliberately wrong models, used only by the self-test to make plausible
# engine bugs that the comparison must catch.
VARIANTS = (None, "c-not-cut", "skip-not-cut", "skip-not-backpropagated")


def model_eval(params, x, target, m, variant=None):
    """Loss, parameter gradients (in the JSON's shapes), ‖∂L/∂h_t‖_F and, for
    lstm, ‖∂L/∂c_t‖_F (t = 1..T), plus the per-step gradient matrices.

    m holds the model's settings under the export's own key names: cell,
    activation, leaky_slope, loss, readout, tbptt, skip (an export is one)."""
    if variant not in VARIANTS:
        raise ValueError("unknown variant %r" % variant)
    cell = m.get("cell", "rnn")
    if cell not in CELLS:
        raise ValueError("unknown cell %r" % cell)
    loss, readout, k = m["loss"], m["readout"], m["tbptt"]
    ks = m["skip"] if cell == "skip" else None
    B, T = len(x), len(x[0])
    new_tape()
    # biases are rows [1×n], broadcast over the batch
    P = {n: leaf([params[n]] if n.startswith("b") else params[n]) for n in CELL_PARAMS[cell]}
    H = P["W_hy"].shape[1]
    WT = {n: transpose(P[n]) for n in P if n.startswith("W")}
    f = activation(m["activation"], m["leaky_slope"]) if cell in ("rnn", "skip") else None
    zero = leaf(zeros(B, H))                    # h_0 = c_0 = 0, batch-major: B × H
    ones = leaf([[1.0] * H for _ in range(B)])
    hs, cs = [zero], [zero]                     # hs[t] = h_t
    for t in range(1, T + 1):
        xt = leaf([x[b][t - 1] for b in range(B)])
        cut = bptt_cut(t, T, k)
        hp = stop_gradient(hs[t - 1]) if cut else hs[t - 1]
        xi, hh = matmul(xt, WT["W_ih"]), matmul(hp, WT["W_hh"])
        c = None
        if cell in ("rnn", "skip"):
            a = add(xi, hh)
            if cell == "skip" and t - ks >= 1:           # no skip term while t-k < 1
                hk = hs[t - ks]
                stop = crosses(t, t - ks, T, k) and variant != "skip-not-cut"
                if stop or variant == "skip-not-backpropagated":
                    hk = stop_gradient(hk)
                a = add(a, matmul(hk, WT["W_sk"]))
            h = f(add_row(a, P["b_h"]))
        elif cell == "lstm":
            cp = stop_gradient(cs[t - 1]) if cut and variant != "c-not-cut" else cs[t - 1]
            z = add_row(add(xi, hh), P["b"])
            i_g = sigmoid(cols(z, 0, H))
            f_g = sigmoid(cols(z, H, 2 * H))
            g_g = tanh(cols(z, 2 * H, 3 * H))
            o_g = sigmoid(cols(z, 3 * H, 4 * H))
            c = add(mul(f_g, cp), mul(i_g, g_g))
            h = mul(o_g, tanh(c))
        else:   # gru
            gi, gh = add_row(xi, P["b_ih"]), add_row(hh, P["b_hh"])
            r = sigmoid(add(cols(gi, 0, H), cols(gh, 0, H)))
            z = sigmoid(add(cols(gi, H, 2 * H), cols(gh, H, 2 * H)))
            n = tanh(add(cols(gi, 2 * H, 3 * H), mul(r, cols(gh, 2 * H, 3 * H))))
            h = add(mul(sub(ones, z), n), mul(z, hp))
        hs.append(h)
        cs.append(c)
    W_hyT = WT["W_hy"]
    if readout == "last":
        Y = add_row(matmul(hs[T], W_hyT), P["b_y"])
        if loss == "mse":
            L = mean_sq(sub(Y, leaf(target)))
        else:
            L = xent(Y, [int(target[b]) for b in range(B)])
    else:
        # rows ordered t-major: row (t-1)*B + b holds y_t of sequence b
        Y = vstack([add_row(matmul(ht, W_hyT), P["b_y"]) for ht in hs[1:]])
        if loss == "mse":
            L = mean_sq(sub(Y, leaf([target[b][t] for t in range(T) for b in range(B)])))
        else:
            L = xent(Y, [int(target[b][t]) for t in range(T) for b in range(B)])
    backward(L)
    grads = {}
    for n in P:
        g = P[n].grad_or_zeros()
        grads[n] = g[0] if n.startswith("b") else g
    gh = [ht.grad_or_zeros() for ht in hs[1:]]
    res = {"loss": L.value[0][0], "grads": grads, "gh": gh, "dL_dh": [frob(g) for g in gh],
           "gc": None, "dL_dc": None}
    if cell == "lstm":
        res["gc"] = [ct.grad_or_zeros() for ct in cs[1:]]
        res["dL_dc"] = [frob(g) for g in res["gc"]]
    return res


def model_grads(params, x, target, act, slope, loss, readout, tbptt, cell="rnn", skip=None):
    """(loss, grads, dL_dh) of model_eval, for positional callers."""
    r = model_eval(params, x, target, {"cell": cell, "activation": act, "leaky_slope": slope,
                                       "loss": loss, "readout": readout, "tbptt": tbptt,
                                       "skip": skip})
    return r["loss"], r["grads"], r["dL_dh"]



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
    errs += _fd_check("cols", lambda l: add(cols(l[0], 0, 2), cols(l[0], 3, 5)),
                      [_rand(rng, 2, 5)], rng)
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

    new_tape()
    if cols(leaf(C), 1, 3).value != [row[1:3] for row in C]:
        errs.append("cols forward wrong")

    errs += _model_selftests(rng)
    errs += _compare_selftest(rng)
    return errs


ACT_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu")
LOSS_READOUT = (("mse", "last"), ("mse", "every"), ("xent", "last"), ("xent", "every"))


def _m(cell, act, loss, readout, tbptt=0, skip=None, slope=0.2):
    """Model settings under the export's key names."""
    m = {"cell": cell, "activation": act, "leaky_slope": slope, "loss": loss,
         "readout": readout, "tbptt": tbptt}
    if cell == "skip":
        m["skip"] = skip
    return m


def _mname(m):
    return "model %s%s/%s/%s/%s tbptt=%d" % (
        m["cell"], "(k=%d)" % m["skip"] if m["cell"] == "skip" else "",
        m["activation"] if m["cell"] in ("rnn", "skip") else "-", m["loss"], m["readout"],
        m["tbptt"])


def _tiny_problem(rng, loss, readout, cell="rnn", B=2, T=4, I=3, H=3, O=3):
    params = {}
    for n, s in param_shapes(cell, I, H, O).items():
        params[n] = _rand(rng, 1, s[0])[0] if len(s) == 1 else _rand(rng, *s)
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


def _naive_run(params, x, m, frozen=None, inject=None):
    """Scalar loops straight from DESIGN §2 and the cell equations, no graph,
    sharing nothing with model_eval.  Per sequence: (outputs y_1..y_T,
    states h_0..h_T, cell states c_0..c_T).

    frozen (the states of an earlier run, per sequence (hs, cs)): wherever
    truncation cuts the graph, the recurrence reads the frozen state instead
    of the live one, so the derivative of the loss w.r.t. the parameters is
    the truncated gradient (the frozen states are constants).  inject =
    (kind "h"|"c", t, b, i, delta) adds delta to h_t (c_t) of sequence b
    right after it is computed: d loss/d delta is the total derivative."""
    cell, k = m["cell"], m["tbptt"]
    ks = m.get("skip")
    f = {"sigmoid": lambda v: 1 / (1 + math.exp(-v)), "tanh": math.tanh,
         "relu": lambda v: v if v > 0 else 0.0,
         "leaky_relu": lambda v: v if v > 0 else m["leaky_slope"] * v}[m["activation"]]
    sg = lambda v: 1 / (1 + math.exp(-v))
    W_ih, W_hh, W_hy, b_y = params["W_ih"], params["W_hh"], params["W_hy"], params["b_y"]
    H, O = len(W_hy[0]), len(W_hy)
    T = len(x[0])

    def dot(u, v):
        return sum(p * q for p, q in zip(u, v))

    def frozen_here(t, s):
        # the gradient does not flow from step t back to step s
        return frozen is not None and k > 0 and (T - t) // k != (T - s) // k

    out = []
    for b, seq in enumerate(x):
        hs, cs, ys = [[0.0] * H], [[0.0] * H], []
        for t in range(1, T + 1):
            xt = seq[t - 1]
            hp, cp = hs[t - 1], cs[t - 1]
            if t >= 2 and frozen_here(t, t - 1):
                hp, cp = frozen[b][0][t - 1], frozen[b][1][t - 1]
            c = [0.0] * H
            if cell in ("rnn", "skip"):
                a = [dot(W_ih[i], xt) + dot(W_hh[i], hp) + params["b_h"][i] for i in range(H)]
                if cell == "skip" and t - ks >= 1:
                    hk = frozen[b][0][t - ks] if frozen_here(t, t - ks) else hs[t - ks]
                    a = [a[i] + dot(params["W_sk"][i], hk) for i in range(H)]
                h = [f(v) for v in a]
            elif cell == "lstm":
                bb = params["b"]
                z = [dot(W_ih[r], xt) + dot(W_hh[r], hp) + bb[r] for r in range(4 * H)]
                for i in range(H):
                    ig, fg = sg(z[i]), sg(z[H + i])
                    gg = math.tanh(z[2 * H + i])
                    c[i] = fg * cp[i] + ig * gg
                if inject and inject[0] == "c" and inject[1] == t and inject[2] == b:
                    c[inject[3]] += inject[4]
                h = [sg(z[3 * H + i]) * math.tanh(c[i]) for i in range(H)]
            else:
                bi, bh = params["b_ih"], params["b_hh"]
                h = []
                for i in range(H):
                    r = sg(dot(W_ih[i], xt) + bi[i] + dot(W_hh[i], hp) + bh[i])
                    u = sg(dot(W_ih[H + i], xt) + bi[H + i] + dot(W_hh[H + i], hp) + bh[H + i])
                    n = math.tanh(dot(W_ih[2 * H + i], xt) + bi[2 * H + i]
                                  + r * (dot(W_hh[2 * H + i], hp) + bh[2 * H + i]))
                    h.append((1 - u) * n + u * hp[i])
            if inject and inject[0] == "h" and inject[1] == t and inject[2] == b:
                h[inject[3]] += inject[4]
            hs.append(h)
            cs.append(c)
            ys.append([dot(W_hy[o], h) + b_y[o] for o in range(O)])
        out.append((ys, hs, cs))
    return out


def _naive_loss(params, x, target, m, frozen=None, inject=None):
    terms, n = [], 0
    for b, (ys, _, _) in enumerate(_naive_run(params, x, m, frozen, inject)):
        pairs = [(ys[-1], target[b])] if m["readout"] == "last" else list(zip(ys, target[b]))
        for y, tg in pairs:
            if m["loss"] == "mse":
                terms += [(y[o] - tg[o]) ** 2 for o in range(len(y))]
                n += len(y)
            elif tg >= 0:
                terms.append(math.log(sum(math.exp(v) for v in y)) - y[tg])
                n += 1
    return sum(terms) / n


def _cell_fd(rng, m, B=2, T=5, I=2, H=2, O=3):
    """The autodiff of one model against the naive loops: loss; every
    parameter gradient and every element of ∂L/∂h_t (and ∂L/∂c_t) against
    central finite differences.  With truncation the differences are taken of
    the loss in which the cut states are frozen at their current values."""
    params, x, target = _tiny_problem(rng, m["loss"], m["readout"], m["cell"], B, T, I, H, O)
    res = model_eval(params, x, target, m)
    name = _mname(m)
    errs = []
    frozen = [(hs, cs) for _, hs, cs in _naive_run(params, x, m)]
    naive = _naive_loss(params, x, target, m)
    if abs(res["loss"] - naive) > 1e-12 * abs(naive):
        errs.append("%s: loss %.17g, naive loop %.17g" % (name, res["loss"], naive))

    def check(what, a, fd):
        if abs(fd - a) > 1e-9 * max(1.0, abs(fd)):
            errs.append("%s: %s autodiff %.12g, finite difference %.12g" % (name, what, a, fd))
    for k in CELL_PARAMS[m["cell"]]:
        vec = k.startswith("b")
        rows = [params[k]] if vec else params[k]
        for i, row in enumerate(rows):
            for j, v0 in enumerate(row):
                def fk(val, row=row, j=j, v0=v0):
                    row[j] = val
                    try:
                        return _naive_loss(params, x, target, m, frozen)
                    finally:
                        row[j] = v0
                a = res["grads"][k][j] if vec else res["grads"][k][i][j]
                check("d%s[%d][%d]" % (k, i, j), a, fd_derivative(fk, v0))
    for kind, got in (("h", res["gh"]), ("c", res["gc"])):
        if got is None:
            continue
        for t in range(1, T + 1):
            for b in range(B):
                for i in range(H):
                    fd = fd_derivative(lambda d: _naive_loss(params, x, target, m, frozen,
                                                             (kind, t, b, i, d)), 0.0)
                    check("dL/d%s_%d[%d][%d]" % (kind, t, b, i), got[t - 1][b][i], fd)
    if m["cell"] == "skip" and m["skip"] >= T and any(_flat(res["grads"]["W_sk"])):
        errs.append("%s: k >= T but the W_sk gradient is not zero" % name)
    return errs


def _model_selftests(rng):
    """The whole models against finite differences and naive loops: rnn for
    every activation × loss × readout; lstm and gru for every loss × readout,
    with and without truncation; skip for every loss × readout (activations
    rotated) at skip distances inside a chunk, across chunks, 1 and >= T."""
    errs = []
    for act in ACT_NAMES:
        for loss, readout in LOSS_READOUT:
            errs += _cell_fd(rng, _m("rnn", act, loss, readout), T=4, I=3, H=3)
    errs += _cell_fd(rng, _m("rnn", "tanh", "mse", "every", tbptt=2))
    errs += _cell_fd(rng, _m("rnn", "sigmoid", "xent", "every", tbptt=3), T=7)
    for cell in ("lstm", "gru"):
        for loss, readout in LOSS_READOUT:
            for tb in (0, 2):
                errs += _cell_fd(rng, _m(cell, "tanh", loss, readout, tbptt=tb))
    for n, (loss, readout) in enumerate(LOSS_READOUT):
        for ks, tb in ((2, 0), (2, 3), (1, 2), (3, 1), (6, 0), (9, 2)):
            errs += _cell_fd(rng, _m("skip", ACT_NAMES[n], loss, readout, tbptt=tb, skip=ks),
                             T=6)
    errs += _tbptt_selftest(rng)
    errs += _lstm_tbptt_selftest(rng)
    errs += _skip_selftest(rng)
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
    # skip paths (t -> t-k) that cross a chunk boundary, T = 6, tbptt = 3:
    # chunks {4,5,6}, {1,2,3}
    got = [(t, t - 2) for t in range(3, 7) if crosses(t, t - 2, 6, 3)]
    if got != [(4, 2), (5, 3)]:
        errs.append("crossing skip paths for T=6, tbptt=3, k=2: %r" % got)
    return errs


def _lstm_tbptt_selftest(rng):
    """lstm truncation cuts both h and c: readout last, T = 6, k = 3: no
    gradient on h_t nor c_t before the last chunk, the full one inside it;
    k = 1: only h_T, c_T.  Cutting h alone would leave c_3 a gradient."""
    errs = []
    params, x, target = _tiny_problem(rng, "mse", "last", "lstm", T=6, I=2, H=2, O=2)
    m = _m("lstm", "tanh", "mse", "last")
    r0 = model_eval(params, x, target, m)
    r3 = model_eval(params, x, target, dict(m, tbptt=3))
    r1 = model_eval(params, x, target, dict(m, tbptt=1))
    rv = model_eval(params, x, target, dict(m, tbptt=3), variant="c-not-cut")
    if not r0["loss"] == r3["loss"] == r1["loss"] == rv["loss"]:
        errs.append("lstm: tbptt changes the forward loss")
    for key in ("dL_dh", "dL_dc"):
        if r3[key][:3] != [0.0] * 3 or r3[key][3:] != r0[key][3:] or min(r0[key][:3]) <= 0:
            errs.append("lstm tbptt k=3, T=6: %s %r vs full %r" % (key, r3[key], r0[key]))
        if r1[key][:5] != [0.0] * 5 or r1[key][5] != r0[key][5]:
            errs.append("lstm tbptt k=1: %s %r" % (key, r1[key]))
    if rv["dL_dc"][2] == 0 or rv["grads"]["W_hh"] == r3["grads"]["W_hh"]:
        errs.append("lstm: cutting c at the boundary makes no difference: not exercised")
    if r3["grads"]["b"] == r0["grads"]["b"]:
        errs.append("lstm tbptt k=3 does not change the b gradient")
    return errs


def _skip_selftest(rng):
    """skip with k >= T is the rnn cell (no skip term, zero W_sk gradient);
    truncation cuts the skip path where it crosses a chunk boundary and only
    there."""
    errs = []
    params, x, target = _tiny_problem(rng, "xent", "every", "skip", T=5)
    rparams = {k: params[k] for k in PARAMS}
    for tb in (0, 2):
        for ks in (5, 8):
            rs = model_eval(params, x, target, _m("skip", "tanh", "xent", "every", tb, ks))
            rr = model_eval(rparams, x, target, _m("rnn", "tanh", "xent", "every", tb))
            if (rs["loss"] != rr["loss"] or rs["dL_dh"] != rr["dL_dh"]
                    or any(rs["grads"][k] != rr["grads"][k] for k in PARAMS)):
                errs.append("skip k=%d >= T=5 (tbptt %d) differs from rnn" % (ks, tb))
            if any(_flat(rs["grads"]["W_sk"])):
                errs.append("skip k=%d >= T=5: W_sk gradient not zero" % ks)
    rs = model_eval(params, x, target, _m("skip", "tanh", "xent", "every", 0, 2))
    if rs["loss"] == rr["loss"] or not any(_flat(rs["grads"]["W_sk"])):
        errs.append("skip k=2 < T: the skip term changes nothing")

    # T = 6, tbptt = 3, k = 2, readout last: chunks {1,2,3} {4,5,6}.  h_2 reaches
    # a_4 only through the skip path, which crosses the boundary (cut); h_4
    # reaches a_6 through it inside the last chunk (not cut).
    params, x, target = _tiny_problem(rng, "mse", "last", "skip", T=6)
    m = _m("skip", "tanh", "mse", "last", 3, 2)
    r = model_eval(params, x, target, m)
    nc = model_eval(params, x, target, m, variant="skip-not-cut")
    nb = model_eval(params, x, target, m, variant="skip-not-backpropagated")
    full = model_eval(params, x, target, dict(m, tbptt=0))
    if not r["loss"] == nc["loss"] == nb["loss"] == full["loss"]:
        errs.append("skip: truncation changes the forward loss")
    if r["dL_dh"][:3] != [0.0] * 3:
        errs.append("skip tbptt=3, k=2: gradient before the last chunk: %r" % r["dL_dh"])
    if nc["dL_dh"][1] == 0.0:
        errs.append("skip: leaving the crossing skip path uncut makes no difference")
    if r["dL_dh"][3] == nb["dL_dh"][3] or r["dL_dh"][3] == 0.0:
        errs.append("skip: the skip path inside a chunk carries no gradient")
    if r["grads"]["W_sk"] == full["grads"]["W_sk"]:
        errs.append("skip: truncation does not change the W_sk gradient")
    return errs


def _compare_selftest(rng):
    """The comparison logic on synthetic exports of every cell: each must pass
    as written, and fail when a number is nudged, a field is missing,
    misshapen or extra, or when the numbers come from a plausible wrong
    model (truncation not cutting c or the skip path, skip path not
    backpropagated)."""
    errs = []
    configs = (   # cell, loss, readout, clip, tbptt, skip, activation
        ("rnn", "mse", "last", "norm", 0, None, "tanh"),
        ("rnn", "xent", "every", "value", 0, None, "tanh"),
        ("rnn", "xent", "last", None, 0, None, "tanh"),
        ("rnn", "mse", "every", None, 2, None, "tanh"),
        ("lstm", "mse", "last", None, 2, None, "tanh"),
        ("lstm", "xent", "every", "norm", 0, None, "relu"),
        ("lstm", "mse", "every", "value", 3, None, "tanh"),
        ("gru", "mse", "every", "value", 2, None, "tanh"),
        ("gru", "xent", "last", None, 0, None, "sigmoid"),
        ("gru", "mse", "last", "norm", 0, None, "tanh"),
        ("skip", "mse", "last", None, 2, 2, "tanh"),
        ("skip", "xent", "every", "norm", 0, 3, "leaky_relu"),
        ("skip", "mse", "every", "value", 3, 1, "relu"),
        ("skip", "xent", "last", None, 3, 2, "sigmoid"),
    )
    for cell, loss, readout, clip, tbptt, ks, act in configs:
        label = "synthetic %s/%s/%s%s tbptt=%d" % (cell, loss, readout,
                                                   " clip " + clip if clip else "", tbptt)
        doc = _synthetic_export(rng, cell, loss, readout, clip, tbptt, ks, act)
        fails = check_doc(doc, expect={})
        if fails:
            errs.append("%s export fails: %s" % (label, "; ".join(fails)))
        H = doc["sizes"]["hidden"]
        bias = {"rnn": "b_h", "skip": "b_h", "lstm": "b", "gru": "b_ih"}[cell]
        extra = {"rnn": "W_sk", "skip": "b", "lstm": "b_h", "gru": "b"}[cell]
        corruptions = [
            ("loss", lambda d: d["value"].__setitem__("loss", d["value"]["loss"] * (1 + 1e-8))),
            ("W_hh grad", lambda d: d["grads"]["W_hh"][1].__setitem__(
                2, d["grads"]["W_hh"][1][2] * (1 + 1e-7))),
            ("b_y grad", lambda d: d["grads"]["b_y"].__setitem__(0, d["grads"]["b_y"][0] + 1e-9)),
            ("dL_dh[first nonzero]", lambda d: d["dL_dh"].__setitem__(
                _first_nonzero(d["dL_dh"]), d["dL_dh"][_first_nonzero(d["dL_dh"])] * (1 + 1e-8))),
            ("dL_dh[T] tiny", lambda d: d["dL_dh"].__setitem__(-1, d["dL_dh"][-1] * (1 - 1e-8))),
            ("format", lambda d: d.__setitem__("format", "rnnscope-state/2")),
            ("missing grad", lambda d: d["grads"].pop(bias)),
            ("missing param", lambda d: d["params"].pop("W_hh")),
            ("extra grad %s" % extra, lambda d: d["grads"].__setitem__(
                extra, json.loads(json.dumps(d["grads"]["W_hh" if extra[0] == "W" else "b_y"])))),
            ("x shape", lambda d: d["x"].pop()),
            ("target shape", lambda d: d.__setitem__("target", d["target"][:-1])),
            ("param shape", lambda d: d["params"]["W_hy"][0].pop()),
            ("null", lambda d: d["grads"]["W_ih"][0].__setitem__(0, None)),
            ("tbptt", lambda d: d.__setitem__("tbptt", 2 if d["tbptt"] != 2 else 1)),
            ("cell", lambda d: d.__setitem__("cell", "transformer")),
            ("activation", lambda d: d.__setitem__("activation", "softplus")),
        ]
        if clip:
            corruptions.append(("grads_clipped", lambda d: d["grads_clipped"]["W_ih"][0].__setitem__(
                0, d["grads_clipped"]["W_ih"][0][0] * (1 + 1e-7) + 1e-300)))
            corruptions.append(("clip missing", lambda d: d.pop("grads_clipped")))
        else:
            corruptions.append(("clip unexpected", lambda d: d.__setitem__(
                "grads_clipped", json.loads(json.dumps(d["grads"])))))
        for key in ("dL_dh", "dL_dc"):
            if doc.get(key) and doc[key][0] == 0.0:     # cut off by truncation
                corruptions.append(("%s[1] not 0" % key, lambda d, key=key: d[key].__setitem__(
                    0, 1e-300)))
        if cell != "lstm":
            corruptions.append(("dL_dc present", lambda d: d.__setitem__("dL_dc", d["dL_dh"][:])))
        if cell in ("rnn", "skip"):
            corruptions.append(("cell lstm", lambda d: d.__setitem__("cell", "lstm")))
        if cell == "lstm":
            corruptions += [
                ("dL_dc[first nonzero]", lambda d: d["dL_dc"].__setitem__(
                    _first_nonzero(d["dL_dc"]), d["dL_dc"][_first_nonzero(d["dL_dc"])] * (1 + 1e-8))),
                ("dL_dc[T] tiny", lambda d: d["dL_dc"].__setitem__(-1, d["dL_dc"][-1] * (1 - 1e-8))),
                ("dL_dc missing", lambda d: d.pop("dL_dc")),
                ("dL_dc short", lambda d: d["dL_dc"].pop()),
                ("dL_dc = dL_dh", lambda d: d.__setitem__("dL_dc", d["dL_dh"][:])),
                ("forget-bias grad", lambda d: d["grads"]["b"].__setitem__(
                    H, d["grads"]["b"][H] * (1 + 1e-7))),
                ("gate order i,f,o,g", lambda d: [d["params"][n].__setitem__(slice(2 * H, 4 * H),
                    d["params"][n][3 * H:] + d["params"][n][2 * H:3 * H])
                    for n in ("W_ih", "W_hh", "b")]),
                ("W_ih with 3H rows", lambda d: d["params"]["W_ih"].__delitem__(slice(3 * H, None))),
                ("cell gru", lambda d: d.__setitem__("cell", "gru")),
            ]
        if cell == "gru":
            corruptions += [
                ("b_hh grad", lambda d: d["grads"]["b_hh"].__setitem__(
                    2 * H, d["grads"]["b_hh"][2 * H] * (1 + 1e-7))),
                ("b_ih/b_hh swapped", lambda d: d["params"].update(
                    b_ih=d["params"]["b_hh"], b_hh=d["params"]["b_ih"])),
                ("gate order z,r,n", lambda d: [d["params"][n].__setitem__(slice(0, 2 * H),
                    d["params"][n][H:2 * H] + d["params"][n][:H])
                    for n in ("W_ih", "W_hh", "b_ih", "b_hh")]),
                ("cell lstm", lambda d: d.__setitem__("cell", "lstm")),
            ]
        if cell == "skip":
            corruptions += [
                ("W_sk grad", lambda d: d["grads"]["W_sk"][0].__setitem__(
                    1, d["grads"]["W_sk"][0][1] * (1 + 1e-7))),
                ("skip missing", lambda d: d.pop("skip")),
                ("skip k+1", lambda d: d.__setitem__("skip", d["skip"] + 1)),
                ("skip 0", lambda d: d.__setitem__("skip", 0)),
                ("skip as string", lambda d: d.__setitem__("skip", str(d["skip"]))),
                ("W_sk missing", lambda d: d["params"].pop("W_sk")),
                ("cell rnn", lambda d: d.__setitem__("cell", "rnn")),
            ]
        for what, corrupt in corruptions:
            d2 = json.loads(json.dumps(doc))
            corrupt(d2)
            if not check_doc(d2, expect={}):
                errs.append("%s export with a corrupted %s passes" % (label, what))
        # plausible engine bugs: the numbers of a wrong model must fail
        wrong = []
        if cell == "lstm" and tbptt:
            wrong.append("c-not-cut")
        if cell == "skip":
            paths = [crosses(t, t - ks, 5, tbptt) for t in range(ks + 1, 6)]   # T = 5
            if not all(paths):
                wrong.append("skip-not-backpropagated")
            if any(paths):
                wrong.append("skip-not-cut")
        for variant in wrong:
            d2 = _synthetic_export(random.Random(0), cell, loss, readout, clip, tbptt, ks, act,
                                   variant=variant, like=doc)
            if not check_doc(d2, expect={}):
                errs.append("%s export computed with %s passes" % (label, variant))
    # a skip field in a cell that has no skip distance is ignored
    doc = _synthetic_export(rng, "gru", "mse", "last", None, 0, None, "tanh")
    doc["skip"] = 3
    if check_doc(doc, expect={}):
        errs.append("a gru export with a (meaningless) skip field fails")
    return errs


def _first_nonzero(v):
    return next(i for i, e in enumerate(v) if e != 0.0)


def _synthetic_export(rng, cell, loss, readout, clip, tbptt=0, skip=None, act="tanh",
                      variant=None, like=None):
    """An export made by the autodiff itself (as the engine should make it).
    like: take params, batch and target from this export (for variants)."""
    B, T, I, H, O = 2, 5, 3, 3, 3
    if like is not None:
        params, x, target = like["params"], like["x"], like["target"]
    else:
        params, x, target = _tiny_problem(rng, loss, readout, cell, B, T, I, H, O)
    m = _m(cell, act, loss, readout, tbptt, skip, slope=0.01)
    r = model_eval(params, x, target, m, variant)
    doc = {"format": "rnnscope-state/1", "cell": cell, "activation": act,
           "leaky_slope": 0.01, "sizes": {"batch": B, "steps": T, "input": I, "hidden": H,
                                          "output": O},
           "loss": loss, "readout": readout, "tbptt": tbptt, "step": 0, "params": params,
           "x": x, "target": target, "value": {"loss": r["loss"]}, "grads": r["grads"],
           "dL_dh": r["dL_dh"]}
    if cell == "lstm":
        doc["dL_dc"] = r["dL_dc"]
    if cell == "skip":
        doc["skip"] = skip
    grads = r["grads"]
    if clip == "norm":
        g = _global_norm(grads)
        c = g / 3
        doc["clip"] = {"mode": "norm", "threshold": c}
        doc["grads_clipped"] = _map_tensors(lambda v: v * (c / g), grads)
    elif clip == "value":
        mags = sorted(abs(v) for k in grads for v in _flat(grads[k]))
        c = mags[len(mags) // 2]        # half the elements are clipped
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


def _global_norm(d, names=None):
    names = list(d) if names is None else names
    return frob([_flat(d[k]) for k in names if _flat(d[k])] or [[0.0]])


def _shape_of(t, dims):
    """True when t is nested lists of exactly the given dims, leaves numbers."""
    if not dims:
        return isinstance(t, (int, float)) and not isinstance(t, bool)
    return (isinstance(t, list) and len(t) == dims[0]
            and all(_shape_of(e, dims[1:]) for e in t))


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def rel_ok(a, b, rel=1e-9):
    """Strictly relative.  Used for the loss, dL_dh[t] and dL_dc[t]: sums of
    squares and products, where no cancellation can hide an error."""
    return abs(a - b) <= rel * max(abs(a), abs(b))


def structure(doc, expect):
    """Structural problems of an export (a list of strings)."""
    p = []
    if not isinstance(doc, dict):
        return ["not a JSON object"]
    if doc.get("format") != "rnnscope-state/1":
        p.append("format is %r" % doc.get("format"))
    cell = doc.get("cell")
    if cell not in CELLS:
        p.append("cell is %r, not one of %s" % (cell, ", ".join(CELLS)))
    # present for every cell (for lstm and gru it plays no part)
    if doc.get("activation") not in ACT_NAMES:
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
    if cell == "skip" and (not _is_int(doc.get("skip")) or doc["skip"] < 1):
        p.append("skip is %r; cell skip needs the integer skip distance k >= 1"
                 % (doc.get("skip", "missing"),))
    for k, v in expect.items():
        if doc.get(k) != v:
            p.append("%s is %r, expected %r" % (k, doc.get(k), v))
    sz = doc.get("sizes")
    names = ("batch", "steps", "input", "hidden", "output")
    if not isinstance(sz, dict) or not all(_is_int(sz.get(n)) and sz[n] > 0 for n in names):
        return p + ["sizes is %r" % sz]
    B, T, I, H, O = (sz[n] for n in names)
    if cell not in CELLS:
        return p
    pshapes = param_shapes(cell, I, H, O)
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
        if set(d) != set(pshapes):
            p.append("%s has keys %s, cell %s needs %s" % (g, sorted(d), cell, sorted(pshapes)))
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
    if cell == "lstm":
        if not _shape_of(doc.get("dL_dc"), (T,)):
            p.append("dL_dc is not [T=%d] numbers (cell lstm)" % T)
    elif "dL_dc" in doc:
        p.append("dL_dc present for cell %s (only lstm has a cell state)" % cell)
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
        pshapes = param_shapes(doc["cell"], I, H, O)
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
                for k, s in pshapes.items():
                    if len(s) == 2 and s[1] == 1 and k in d[g]:
                        d[g][k] = col(d[g][k], s[0])
        if O == 1 and d.get("loss") == "mse" and d.get("readout") == "last":
            d["target"] = col(d["target"], B)
        return d if changed else None
    except (KeyError, TypeError, ValueError):
        return None


def _numbers(doc, info):
    p = []
    names = CELL_PARAMS[doc["cell"]]
    r = model_eval(doc["params"], doc["x"], doc["target"], doc)
    L, grads = r["loss"], r["grads"]
    if info is not None:
        info.update(loss=L, grads=grads, dL_dh=r["dL_dh"], dL_dc=r["dL_dc"])
    if not rel_ok(doc["value"]["loss"], L):
        p.append("loss %.17g, autodiff %.17g" % (doc["value"]["loss"], L))
    for key in ("dL_dh", "dL_dc"):
        if r[key] is None:
            continue
        for t, (a, b) in enumerate(zip(doc[key], r[key]), 1):
            if not rel_ok(a, b):
                p.append("%s[%d] %.17g, autodiff %.17g (rel. err %.3g)"
                         % (key, t, a, b, abs(a - b) / max(abs(a), abs(b))))
    p += compare_tensors("grads", doc["grads"], grads)
    if "grads_clipped" in doc:
        c, mode = doc["clip"]["threshold"], doc["clip"]["mode"]
        if mode == "norm":
            g = _global_norm(grads, names)
            want = _map_tensors(lambda v: v * min(1.0, c / g), grads)
            got = _global_norm(doc["grads_clipped"], names)
            if g > c and not rel_ok(got, c):
                p.append("norm of grads_clipped %.17g, threshold %.17g" % (got, c))
            if info is not None:
                info.update(clip_norm=g, clipped=g > c)
        else:
            want = _map_tensors(lambda v: max(-c, min(c, v)), grads)
            if info is not None:
                info.update(clipped=any(abs(v) > c for k in names for v in _flat(grads[k])))
            over = [v for k in names for v in _flat(doc["grads_clipped"][k]) if abs(v) > c]
            if over:
                p.append("grads_clipped has %d elements beyond ±%g, e.g. %.17g"
                         % (len(over), c, over[0]))
        p += compare_tensors("grads_clipped", doc["grads_clipped"], want)
    return p


def compare_tensors(group, got, want):
    p = []
    for k in want:
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

class CaseError(Exception):
    pass


class Rejected(CaseError):
    """The binary refused a setting a case needs (e.g. a cell it does not
    have yet).  The case fails; main() also counts these per setting."""
    def __init__(self, setting, msg):
        CaseError.__init__(self, msg)
        self.setting = setting


def _rejected_setting(err, sets):
    """The setting the binary's error message names, or None."""
    for k, v in sets.items():
        kv = "%s=%s" % (k, v)
        if kv in err:
            return kv
    mo = re.search(r"([a-z_]+\.[a-z_]+): '([^']*)' is not allowed", err)
    if mo:
        return "%s=%s" % mo.groups()
    mo = re.search(r"([a-z_]+\.[a-z_]+): unknown key", err)
    if mo:
        return "%s (unknown key)" % mo.group(1)
    return None


class Runner:
    def __init__(self, exe):
        self.exe = exe
        self.tmp = tempfile.mkdtemp(prefix="rnnscope-check-")
        self.n = 0
        self.cmds = []      # the commands run by the current case, for its report

    def export(self, sets, steps=1, scenario=None):
        self.n += 1
        out = os.path.join(self.tmp, "state%d.json" % self.n)
        cmd = [self.exe, "run"] + ([scenario] if scenario else []) + [
            "--steps", str(steps), "--export-state", out]
        for k, v in sets.items():
            cmd += ["--set", "%s=%s" % (k, v)]
        self.cmds.append(" ".join(shlex.quote(c) for c in cmd))
        try:
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=120, universal_newlines=True)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise CaseError(str(e))
        if r.returncode != 0:
            err = r.stderr.strip()
            bad = _rejected_setting(err, sets)
            if bad:
                raise Rejected(bad, "%s rejected by the binary (exit %d): %s"
                               % (bad, r.returncode, err[-400:]))
            raise CaseError("rnnscope run exited %d: %s" % (r.returncode, err[-400:]))
        try:
            with open(out) as fh:
                return json.load(fh)
        except (OSError, ValueError) as e:
            raise CaseError("no readable export: %s" % e)


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

NEW_CELLS = ("lstm", "gru", "skip")     # the cells beyond rnn, each with its own cases


def setting(act, task, **extra):
    s = dict(SMALL)
    s.update({"model.activation": act})
    s.update(ACTS[act])
    s.update(TASKS[task][0])
    s.update({k.replace("__", "."): v for k, v in extra.items()})
    return s


def cell_setting(cell, task, act="tanh", **extra):
    """Small settings for a new cell; act (and its init) only for skip, whose
    skip distance defaults to 3 here."""
    s = dict(SMALL)
    s["model.cell"] = cell
    s["model.hidden"] = 4
    if cell == "skip":
        s["model.activation"] = act
        s.update(ACTS[act])
        s["model.skip"] = 3
    s.update(TASKS[task][0])
    s.update({k.replace("__", "."): v for k, v in extra.items()})
    return s


def _expect(sets, task=None):
    e = {}
    cell = sets.get("model.cell", "rnn")
    if "model.cell" in sets:
        e["cell"] = cell
    if "model.activation" in sets and cell in ("rnn", "skip"):
        e["activation"] = sets["model.activation"]
    if "model.skip" in sets and cell == "skip":
        e["skip"] = int(sets["model.skip"])
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
    if ("model.leaky_slope" in sets and sets.get("model.cell", "rnn") in ("rnn", "skip")
            and doc.get("leaky_slope") != float(sets["model.leaky_slope"])):
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


def _truncation_exercised(doc):
    """Problems when truncation made no difference to dL_dh (and dL_dc)."""
    full = model_eval(doc["params"], doc["x"], doc["target"], dict(doc, tbptt=0))
    p = []
    for key in ("dL_dh", "dL_dc"):
        if full[key] is not None and all(rel_ok(a, b, 1e-6) for a, b in zip(doc[key], full[key])):
            p.append("truncated %s equals the full one: truncation not exercised" % key)
    return p


def build_cases(run):
    """(cases, notes): cases are (name, fn) with fn() -> list of problems."""
    cases, notes = [], []

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
            p = verify(doc, sets, task)
            return p or _truncation_exercised(doc)
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

    for cell in NEW_CELLS:
        _cell_cases(run, add_case, cell)
    _scenario_cases(run, add_case, notes)
    return cases, notes


def _cell_cases(run, add_case, cell):
    """The cases of one new cell (lstm, gru, skip): every task; clipping by
    norm and by value; truncation; 1 and 5 training steps under each
    optimiser with clipping and truncation mixed in; hidden size 1; and the
    cell's own features (lstm forget bias, skip distances)."""
    base = {"lstm": 300, "gru": 400, "skip": 500}[cell]
    skip_acts = ("tanh", "relu", "sigmoid", "leaky_relu")

    def plain(task, sets):
        return lambda: verify(run.export(sets), sets, task)

    for n, task in enumerate(TASKS):
        act = skip_acts[n]
        extra = {}
        if cell in ("lstm", "gru") and task == "remember":
            # the activation setting must play no part in lstm and gru
            extra = {"model__activation": "relu", "init__recurrent": "orthogonal"}
        if cell in ("lstm", "gru") and task == "temporal":
            extra = {"init__recurrent": "xavier"}
        sets = cell_setting(cell, task, act, train__seed=base + n, task__seed=base + n + 50,
                            **extra)
        name = "%s-%s" % (cell, task)
        if cell == "skip":
            name += "-" + act
        if "model.activation" in sets and cell != "skip":
            name += "-activation-relu-ignored"
        add_case(name, plain(task, sets))

    def clip_norm():
        sets = cell_setting(cell, "adding", train__clip="norm", train__clip_threshold=1e-3,
                            train__seed=base + 7)
        info = {}
        p = verify(run.export(sets), sets, "adding", info)
        if not p and not info.get("clipped"):
            p.append("gradient norm %.3g is not above the threshold 1e-3: clipping not exercised"
                     % info.get("clip_norm", float("nan")))
        return p
    add_case("%s-clip-norm-adding" % cell, clip_norm)

    def clip_value():
        sets = cell_setting(cell, "copy", train__clip="value", train__clip_threshold=1e-3,
                            train__seed=base + 8)
        info = {}
        p = verify(run.export(sets), sets, "copy", info)
        if not p and not info.get("clipped"):
            p.append("no gradient element beyond ±1e-3: clipping not exercised")
        return p
    add_case("%s-clip-value-copy" % cell, clip_value)

    for task in ("copy", "adding"):
        def tbptt(task=task):
            extra = {"model__skip": 2} if cell == "skip" else {}   # skip paths within and across chunks
            sets = cell_setting(cell, task, train__tbptt=3, task__length=10,
                                train__seed=base + 9, **extra)
            doc = run.export(sets)
            return verify(doc, sets, task) or _truncation_exercised(doc)
        add_case("%s-tbptt3-%s" % (cell, task), tbptt)

    # 1 and 5 steps: task, optimiser, clipping, threshold, truncation
    for task, opt, clip, thr, tb in (("adding", "sgd", "none", None, 0),
                                     ("copy", "adam", "norm", 1.0, 4),
                                     ("temporal", "momentum", "value", 0.05, 0),
                                     ("remember", "adam", "norm", 0.5, 3)):
        def steps(task=task, opt=opt, clip=clip, thr=thr, tb=tb):
            extra = {"train__clip_threshold": thr} if thr is not None else {}
            sets = cell_setting(cell, task, train__optimizer=opt, train__lr=0.05,
                                train__clip=clip, train__tbptt=tb, train__seed=base + 11,
                                **extra)
            d1 = run.export(sets, steps=1)
            d5 = run.export(sets, steps=5)
            p = (["after 1 step: " + s for s in verify(d1, sets, task)]
                 + ["after 5 steps: " + s for s in verify(d5, sets, task)])
            if not p and d1["params"] == d5["params"]:
                p.append("params after --steps 5 equal those after --steps 1: no training")
            return p
        add_case("%s-steps5-%s-%s-clip-%s-tbptt%d" % (cell, task, opt, clip, tb), steps)

    add_case("%s-hidden1-remember" % cell,
             plain("remember", cell_setting(cell, "remember", model__hidden=1,
                                            train__seed=base + 5)))

    if cell == "lstm":
        def forget_bias():
            sets = cell_setting(cell, "adding", init__bias=0.0, init__forget_bias=1.5,
                                train__seed=base + 13)
            doc = run.export(sets, steps=1)     # the params the first step ran with
            p = verify(doc, sets, "adding")
            if p:
                return p
            H, b = doc["sizes"]["hidden"], doc["params"]["b"]
            if b[H:2 * H] != [1.5] * H:
                p.append("forget-gate block b[H:2H] = %r, expected init.forget_bias 1.5" % b[H:2 * H])
            if b[:H] + b[2 * H:] != [0.0] * (3 * H):
                p.append("i, g, o blocks of b = %r, expected init.bias 0" % (b[:H] + b[2 * H:]))
            return p
        add_case("lstm-forget-bias", forget_bias)
        add_case("lstm-deep-adding-T40",
                 plain("adding", cell_setting(cell, "adding", task__length=40,
                                              init__forget_bias=1.0, train__seed=base + 14)))

    if cell == "skip":
        T = 10
        for k, tb in [(k, tb) for k in (1, 2, 5, T - 1, T, T + 4) for tb in (0, 3)] + [(1, 1)]:
            def skip_k(k=k, tb=tb):
                sets = cell_setting(cell, "adding", model__skip=k, train__tbptt=tb,
                                    task__length=T, train__seed=base + 20 + k)
                doc = run.export(sets)
                p = verify(doc, sets, "adding")
                if p:
                    return p
                nonzero = any(_flat(doc["grads"]["W_sk"]))
                if k >= T and nonzero:
                    p.append("k = %d >= T = %d: there is no skip term, yet the W_sk gradient "
                             "is not zero" % (k, T))
                if k < T and not nonzero:
                    p.append("k = %d < T = %d: the W_sk gradient is zero" % (k, T))
                return p
            add_case("skip-k%d-tbptt%d-adding-T%d" % (k, tb, T), skip_k)
        add_case("skip-k1-tbptt1-copy",
                 plain("copy", cell_setting(cell, "copy", model__skip=1, train__tbptt=1,
                                            train__seed=base + 40)))


# Scenarios the new cells are expected to bring (noted when absent).
NEW_SCENARIOS = ("lstm-remembers", "gru-adding", "skip-connections")


def _scenario_cases(run, add_case, notes):
    """Every bundled scenario (any cell), shrunk to small sizes."""
    sdir = os.environ.get("RNNSCOPE_SCENARIO_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), os.pardir, "scenarios")
    if not os.path.isdir(sdir):
        notes.append("no scenario directory %s: no scenario cases" % sdir)
        return
    names = sorted(f[:-4] for f in os.listdir(sdir) if f.endswith(".scn"))
    for want in NEW_SCENARIOS:
        if want not in names:
            notes.append("scenario %s.scn is not in %s (yet): no case for it" % (want, sdir))
    for name in names:
        keys = _scn_keys(os.path.join(sdir, name + ".scn"))

        def scn(name=name, keys=keys):
            task = keys.get("task.name", "adding")
            cell = keys.get("model.cell", "rnn")
            sets = {"model.hidden": 5 if cell in ("rnn", "skip") else 4, "train.batch": 3}
            tbptt = int(keys.get("train.tbptt", "0"))
            k = int(keys.get("model.skip", "0")) if cell == "skip" else 0
            # long enough that a scenario's truncation window and skip distance really act
            sets["task.length"] = max({"temporal": 20, "copy": 12}.get(task, 10),
                                      2 * tbptt + 3, k + 3)
            if task == "copy":
                sets["task.copy_length"] = 3
            expect = dict(sets)
            for key in ("model.cell", "model.skip", "train.clip", "train.clip_threshold",
                        "train.tbptt", "model.activation", "model.leaky_slope"):
                if key in keys:
                    expect[key] = keys[key]
            problems = verify(run.export(sets, steps=2, scenario=name), expect,
                              task if task in TASKS else None)
            # A scenario with [compare] also exports its right side, to FILE-right.json.
            right = os.path.join(run.tmp, "state%d-right.json" % run.n)
            compare = {key[len("compare."):]: v for key, v in keys.items() if key.startswith("compare.")}
            if compare and not os.path.exists(right):
                problems.append("a [compare] scenario exported no right side (%s)" % right)
            if compare and os.path.exists(right):
                rexpect = dict(expect)
                rexpect.update({key: v for key, v in compare.items() if key in expect or key in (
                    "model.cell", "model.skip", "model.activation")})
                with open(right) as fh:
                    problems += ["right side: " + x for x in verify(json.load(fh), rexpect,
                                                                     task if task in TASKS else None)]
            return problems
        add_case("scenario-%s" % name, scn)


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

    def report(name, problems, cmds=()):
        nonlocal passed, failed
        if problems:
            failed += 1
            print("FAIL %s: %s" % (name, "; ".join(problems)))
            for c in cmds:
                print("    $ %s" % c)
        else:
            passed += 1
            print("ok %s" % name)
        sys.stdout.flush()

    report("autodiff-self-test", self_test())
    run = Runner(argv[1])
    cases, notes = build_cases(run)
    for n in notes:
        print("note: %s" % n)
    rejected = {}
    for name, fn in cases:
        run.cmds = []
        try:
            problems = fn()
        except Rejected as e:
            problems = [str(e)]
            rejected.setdefault(e.setting, []).append(name)
        except CaseError as e:
            problems = [str(e)]
        except Exception as e:     # a malformed export must fail its case, not the script
            problems = ["%s: %s" % (type(e).__name__, e)]
        report(name, problems, run.cmds)
    for setting_, names in sorted(rejected.items()):
        print("FAILED, not skipped: %d case%s need %s, which the binary rejects: %s"
              % (len(names), "s" if len(names) > 1 else "", setting_, ", ".join(names)))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
