#!/usr/bin/env python3
"""Reference-value fixture generator for spark-loss-evaluator.

What it does
    For each of the 21 torch.nn loss functions that the library re-implements as Spark SQL
    aggregates, this script builds a list of test cases (hand-written edge cases plus seeded
    random cases), evaluates every case with real PyTorch (torch.nn.functional.<name>, float64
    tensors, int64 class indices) under reduction='none', 'mean' and 'sum', and writes
    src/test/resources/fixtures/<function>.json.  Expected values are never re-derived from the
    formulas: the only numeric oracle is torch.  A few self-checks (sum == sum of per-row values,
    mean == sum / element count, kl_div batchmean == sum / N, ...) catch wiring mistakes.

    One case = one SQL group: args[k][i] is the value of tensor argument k in row i; a row value
    of None (JSON null) is a SQL NULL and the row is skipped (torch sees only the other rows).
    'batchmean' is torch's 'sum' divided by the number of non-NULL rows, except for kl_div where
    torch's own reduction='batchmean' is used (and checked to be equal).

    The contract (which argument kinds each loss takes, which losses are elementwise, option names,
    types and allowed values) is read from the project's catalog,
    src/main/resources/io/losseval/catalog.json, which the Java build keeps equal to LossCatalog;
    nothing of it is declared here. Every catalog signature must have a case.

    Two kinds of cases beside the plain ones: "errors" (rows PyTorch rejects, with its message,
    which the Java core must reject too), and cases marked "exact_sum" where PyTorch's float sum
    overflows or cancels: their expected reductions are PyTorch's own per-row values summed
    exactly (fractions) and rounded once, and "torch_expected" keeps PyTorch's float results.

How to rerun
    With a current PyTorch 2.x (CPU is enough; the script refuses torch < 2), from the repository
    root, for example:
        python3 -m venv /tmp/venv-torch && /tmp/venv-torch/bin/pip install torch numpy
        /tmp/venv-torch/bin/python tools/generate_fixtures.py
    Every fixture file records torch.__version__. The output is deterministic: fixed seeds, one
    thread, sorted keys, Python's shortest round-trip float repr; running it twice gives identical
    bytes.
"""

import json
import math
import os
import sys
import warnings
import zlib
from fractions import Fraction

import numpy as np
import torch
import torch.nn.functional as F

if int(torch.__version__.split(".")[0]) < 2:
    sys.exit("generate_fixtures.py needs PyTorch 2 or newer (found %s): the fixtures follow "
             "PyTorch 2.x semantics" % torch.__version__)

F64 = torch.float64
I64 = torch.int64

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(REPO_ROOT, "src", "test", "resources", "fixtures")
CATALOG = os.path.join(REPO_ROOT, "src", "main", "resources", "io", "losseval", "catalog.json")
GENERATOR = "tools/generate_fixtures.py"
MAX_FILE_BYTES = 300 * 1024

torch.set_num_threads(1)  # reductions must not depend on the machine's core count
torch.use_deterministic_algorithms(True)
# kl_div(reduction='mean') warns on every call; the warning is about torch's API, not our data.
warnings.filterwarnings("ignore", message=".*reduction: 'mean' divides the total loss.*")

INF = math.inf
NAN = math.nan

# ----------------------------------------------------------------------------------------------
# The contract, read from the project's catalog (src/main/resources/io/losseval/catalog.json, which
# the Java build keeps equal to LossCatalog): allowed argument kinds, elementwise losses, options.
# ----------------------------------------------------------------------------------------------

S, A, L, LS, M = "scalar", "array", "label", "labels", "matrix"
T_TENSOR = "tensor"  # weight / pos_weight: a float (0-d tensor) or a list of floats (1-d tensor)
_PYTHON_TYPES = {"double": float, "integer": int, "boolean": bool, "string": str,
                 "double_array": T_TENSOR}


def load_catalog(path=CATALOG):
    with open(path, encoding="utf-8") as fh:
        losses = json.load(fh)["losses"]
    arg_kinds = {d["name"]: [tuple(sig) for sig in d["signatures"]] for d in losses}
    # Losses whose reduction='none' output has the shape of the input (one value per element);
    # all others give one value per sample (row).
    elementwise = {d["name"] for d in losses if d["none"] == "per_element"}
    option_types = {d["name"]: {o["name"]: _PYTHON_TYPES[o["type"]] for o in d["options"]}
                    for d in losses}
    allowed = {d["name"]: {o["name"]: o["allowed"] for o in d["options"] if o["allowed"]}
               for d in losses}
    return arg_kinds, elementwise, option_types, allowed


ARG_KINDS, ELEMENTWISE, OPTION_TYPES, ALLOWED = load_catalog()


def check_allowed(fname, key, value):
    """A case's option must be one the Java catalog accepts (or the case tests nothing)."""
    rule = ALLOWED[fname].get(key)
    if rule is None:
        return
    if "one_of" in rule:
        ok = value in rule["one_of"]
    else:
        lo, hi = rule["min"], rule["max"]
        ok = not math.isnan(value)
        if lo is not None:
            ok = ok and (value >= lo if rule["min_included"] else value > lo)
        if hi is not None:
            ok = ok and (value <= hi if rule["max_included"] else value < hi)
    if not ok:
        raise ValueError("%s: option %s = %r is outside the catalog's %s" % (fname, key, value,
                                                                           rule["text"]))


# ----------------------------------------------------------------------------------------------
# JSON normalisation (floats stay floats, labels stay ints)
# ----------------------------------------------------------------------------------------------

def _num(v):
    v = float(v)
    return v


def _int(v):
    assert float(v) == int(v), v
    return int(v)


def normalise_row(kind, v):
    if v is None:
        return None
    if kind == S:
        return _num(v)
    if kind == A:
        return [_num(x) for x in v]
    if kind == L:
        return _int(v)
    if kind == LS:
        return [_int(x) for x in v]
    if kind == M:
        return [[_num(x) for x in step] for step in v]
    raise ValueError(kind)


def normalise_options(fname, options):
    types = OPTION_TYPES[fname]
    out = {}
    for key, value in options.items():
        if key not in types:
            raise ValueError("%s: unknown option %r" % (fname, key))
        t = types[key]
        if t is float:
            out[key] = _num(value)
        elif t is int:
            out[key] = _int(value)
        elif t is bool:
            assert isinstance(value, bool), (key, value)
            out[key] = value
        elif t is str:
            out[key] = value
        elif t == T_TENSOR:
            out[key] = [_num(x) for x in value] if isinstance(value, (list, tuple)) else _num(value)
        else:
            raise ValueError(t)
        check_allowed(fname, key, out[key])
    return out


# ----------------------------------------------------------------------------------------------
# Calling torch
# ----------------------------------------------------------------------------------------------

def _cosine_distance(a, b):
    return 1.0 - F.cosine_similarity(a, b)


def torch_options(options):
    kw = {}
    for key, value in options.items():
        if key in ("weight", "pos_weight"):
            kw[key] = torch.tensor(value, dtype=F64)
        elif key == "distance_function":
            if value == "cosine":
                kw[key] = _cosine_distance
            # 'pairwise' = torch's default: pass no distance_function at all
        else:
            kw[key] = value
    return kw


def to_tensor(kind, rows):
    if kind in (S, A):
        return torch.tensor(rows, dtype=F64)
    if kind in (L, LS):
        return torch.tensor(rows, dtype=I64)
    raise ValueError(kind)


def ctc_call(rows, options, reduction):
    log_prob_rows, target_rows = rows
    n = len(log_prob_rows)
    lengths_t = [len(m) for m in log_prob_rows]
    n_classes = len(log_prob_rows[0][0])
    t_max = max(lengths_t)
    blank = options.get("blank", 0)
    # (T_max, N, C) zero-padded beyond each row's T (never read: input_lengths bound it)
    log_probs = torch.zeros((t_max, n, n_classes), dtype=F64)
    for b, m in enumerate(log_prob_rows):
        log_probs[: len(m), b, :] = torch.tensor(m, dtype=F64)
    target_lengths = [len(t) for t in target_rows]
    s_max = max(target_lengths)
    targets = torch.full((n, s_max), blank, dtype=I64)  # padding is never read
    for b, t in enumerate(target_rows):
        if t:
            targets[b, : len(t)] = torch.tensor(t, dtype=I64)
    return F.ctc_loss(log_probs, targets, torch.tensor(lengths_t, dtype=I64),
                      torch.tensor(target_lengths, dtype=I64), reduction=reduction,
                      **torch_options(options))


def torch_call(fname, kinds, rows, options, reduction, float_var=False):
    if fname == "ctc_loss":
        return ctc_call(rows, options, reduction)
    tensors = [to_tensor(k, r) for k, r in zip(kinds, rows)]
    if fname == "gaussian_nll_loss" and kinds[0] == A and kinds[2] == S:
        # one variance per row of arrays: PyTorch's var (N, 1), a size-1 dimension
        tensors[2] = tensors[2].unsqueeze(-1)
    if float_var:
        # the same variance for every element: PyTorch's var given as a Python float
        assert len(set(rows[2])) == 1, "a float var must be the same in every row"
        tensors[2] = float(rows[2][0])
    return getattr(F, fname)(*tensors, reduction=reduction, **torch_options(options))


def torch_error(fname, kinds, rows, options):
    """The message PyTorch raises for these rows (every reduction raises alike), or None."""
    messages = set()
    for reduction in ("none", "mean", "sum"):
        try:
            torch_call(fname, kinds, rows, options, reduction)
        except (RuntimeError, ValueError, IndexError) as e:
            messages.add(str(e).splitlines()[0])
        else:
            return None
    assert len(messages) == 1, messages
    return messages.pop()


# ----------------------------------------------------------------------------------------------
# Self-checks
# ----------------------------------------------------------------------------------------------

def _flatten(values):
    out = []
    for v in values:
        if isinstance(v, list):
            out.extend(_flatten(v))
        else:
            out.append(v)
    return out


def _close(a, b, scale, what):
    if math.isnan(a) or math.isnan(b):
        ok = math.isnan(a) and math.isnan(b)
    elif math.isinf(a) or math.isinf(b):
        ok = a == b
    else:
        ok = abs(a - b) <= 1e-12 * max(abs(scale), abs(a), abs(b))
    if not ok:
        raise AssertionError("self-check failed (%s): %r vs %r" % (what, a, b))


def _sum(values):
    if all(math.isfinite(v) for v in values):
        return math.fsum(values)
    return sum(values)


def self_check(fname, kinds, rows, options, per_row, total, mean, batchmean, n_rows):
    flat = _flatten(per_row)
    numel = len(flat)
    scale = _sum([abs(v) for v in flat]) if flat else 0.0
    _close(total, _sum(flat), scale, "%s sum vs sum of rows" % fname)
    if fname in ("nll_loss",) or (fname == "cross_entropy" and kinds[1] == L):
        # weighted mean over non-ignored targets
        weight = options.get("weight")
        ignore = options.get("ignore_index", -100)
        denom = _sum([(weight[y] if weight is not None else 1.0)
                      for y in rows[1] if y != ignore])
        expected_mean = total / denom if denom != 0 else NAN
        _close(mean, expected_mean, scale / denom if denom else 0.0, "%s weighted mean" % fname)
    elif fname == "cross_entropy":
        # probability targets: PyTorch divides by numel(input) / C, which is 0 / 0 when C = 0
        classes = len(rows[0][0])
        expected_mean = total / (n_rows * classes / classes) if classes else NAN
        _close(mean, expected_mean, scale / n_rows, "cross_entropy probability mean")
    elif fname == "ctc_loss":
        scaled = [v / max(len(t), 1) for v, t in zip(per_row, rows[1])]
        _close(mean, _sum(scaled) / n_rows, _sum([abs(v) for v in scaled]) / n_rows,
               "ctc mean")
    else:
        # no element at all (a row of empty arrays): PyTorch's mean is 0 / 0
        _close(mean, total / numel if numel else NAN, scale / numel if numel else 0.0,
               "%s mean == sum / numel" % fname)
    if fname == "kl_div":
        expected_bm = total / n_rows
        if not (batchmean == expected_bm or (math.isnan(batchmean) and math.isnan(expected_bm))):
            raise AssertionError("kl_div batchmean %r != sum/N %r" % (batchmean, expected_bm))
    if fname in ELEMENTWISE and kinds[0] == A:
        d = len(rows[0][0])
        assert all(isinstance(r, list) and len(r) == d for r in per_row), fname
    else:
        assert all(not isinstance(r, list) for r in per_row), fname


# ----------------------------------------------------------------------------------------------
# Building cases
# ----------------------------------------------------------------------------------------------

def _mean_denominator(fname, kinds, rows, options, per_row):
    """What PyTorch's 'mean' divides by: summed weight of non-ignored targets, elements or rows."""
    if fname == "nll_loss" or (fname == "cross_entropy" and kinds[1] == L):
        weight = options.get("weight")
        ignore = options.get("ignore_index", -100)
        return math.fsum([(weight[y] if weight is not None else 1.0)
                          for y in rows[1] if y != ignore])
    if fname in ELEMENTWISE:
        return len(_flatten(per_row))
    return len(per_row)


def exact_reductions(fname, kinds, rows, options, per_row):
    """The reductions of PyTorch's own per-row values with the sum exact, rounded once."""
    assert fname != "ctc_loss" and fname != "kl_div", "their 'mean' is not sum / denominator"
    total = float(sum(Fraction(v) for v in _flatten(per_row)))
    return {"mean": total / _mean_denominator(fname, kinds, rows, options, per_row),
            "sum": total, "batchmean": total / len(per_row)}


def _rows_of(kinds, args, options, fname):
    kinds = tuple(kinds)
    if kinds not in ARG_KINDS[fname]:
        raise ValueError("%s: arg kinds %r not allowed by the catalog" % (fname, kinds))
    assert len(args) == len(kinds)
    n = len(args[0])
    assert all(len(a) == n for a in args), fname
    args = [[normalise_row(k, v) for v in a] for k, a in zip(kinds, args)]
    return kinds, args, normalise_options(fname, options)


def build_case(fname, cid, kinds, args, options, float_var=False, exact_sum=False):
    kinds, args, options = _rows_of(kinds, args, options, fname)
    n = len(args[0])
    valid = [i for i in range(n) if all(a[i] is not None for a in args)]
    extra = {}
    if not valid:
        expected = {"mean": None, "sum": None, "batchmean": None}
        expected_rows = [None] * n
    else:
        rows = [[a[i] for i in valid] for a in args]

        def call(reduction):
            return torch_call(fname, kinds, rows, options, reduction, float_var)
        none_out = call("none")
        mean = float(call("mean"))
        total = float(call("sum"))
        n_rows = len(valid)
        if fname == "kl_div":
            batchmean = float(call("batchmean"))
        else:
            batchmean = total / n_rows
        per_row = none_out.tolist()
        assert len(per_row) == n_rows, (fname, cid)
        expected = {"mean": mean, "sum": total, "batchmean": batchmean}
        if exact_sum:
            exact = exact_reductions(fname, kinds, rows, options, per_row)
            assert exact["sum"] != total, "%s/%s: torch's sum is exact here" % (fname, cid)
            extra = {"exact_sum": True, "torch_expected": expected,
                     "note": "expected = PyTorch's own per-row values summed exactly and rounded "
                             "once; PyTorch's float sum gives torch_expected"}
            expected = exact
        else:
            self_check(fname, kinds, rows, options, per_row, total, mean, batchmean, n_rows)
        expected_rows = [None] * n
        for j, i in enumerate(valid):
            expected_rows[i] = per_row[j]
        if float_var:
            extra["note"] = "var is passed to PyTorch as the float %r" % rows[2][0]
    case = {
        "id": cid,
        "arg_kinds": list(kinds),
        "args": args,
        "options": options,
        "expected": expected,
        "expected_rows": expected_rows,
    }
    case.update(extra)
    return case


def build_error(fname, cid, kinds, args, options):
    """Rows PyTorch rejects: the case records PyTorch's message, and the Java side must fail too."""
    kinds, args, options = _rows_of(kinds, args, options, fname)
    assert all(v is not None for a in args for v in a), "error cases have no NULL rows"
    message = torch_error(fname, kinds, args, options)
    if message is None:
        raise AssertionError("%s/%s: PyTorch accepts these rows" % (fname, cid))
    return {"id": cid, "arg_kinds": list(kinds), "args": args, "options": options,
            "torch_error": message}


class Cases:
    def __init__(self, fname):
        self.fname = fname
        self.cases = []
        self.errors = []
        self.ids = set()

    def _new_id(self, cid):
        if cid in self.ids:
            raise ValueError("%s: duplicate case id %s" % (self.fname, cid))
        self.ids.add(cid)

    def add(self, cid, kinds, args, options=None, float_var=False, exact_sum=False):
        """A group of rows with PyTorch's values; exact_sum: reductions from the exact sum."""
        self._new_id(cid)
        self.cases.append(build_case(self.fname, cid, kinds, args, options or {}, float_var,
                                     exact_sum))

    def add_error(self, cid, kinds, args, options=None):
        """Rows PyTorch rejects with an error (recorded), which the Java side must reject."""
        self._new_id(cid)
        self.errors.append(build_error(self.fname, cid, kinds, args, options or {}))

    def add_edges(self, kinds, sample_args, options=None, suffix=""):
        """Empty group and all-NULL group (every row has a NULL in some argument)."""
        self.add("empty_group" + suffix, kinds, [[] for _ in kinds], options)
        nulled = [list(a) for a in sample_args]
        n = len(nulled[0])
        for i in range(n):
            nulled[i % len(kinds)][i] = None
        for a in nulled:
            a[n - 1] = None
        self.add("all_null_group" + suffix, kinds, nulled, options)


# ----------------------------------------------------------------------------------------------
# Random data helpers (numpy RandomState, seeded per case from its name)
# ----------------------------------------------------------------------------------------------

def rng_for(fname, tag):
    return np.random.RandomState(zlib.crc32(("%s/%s" % (fname, tag)).encode("ascii")))


def r6(arr):
    """Round to 6 decimals and return (nested) Python floats; keeps the JSON short."""
    return np.round(np.asarray(arr, dtype=np.float64), 6).tolist()


def rnormal(rng, shape, scale=1.0, loc=0.0):
    return r6(rng.normal(loc, scale, shape))


def runiform(rng, lo, hi, shape):
    return r6(rng.uniform(lo, hi, shape))


def rsigns(rng, shape):
    return (rng.randint(0, 2, shape) * 2.0 - 1.0).tolist()


def log_softmax_np(x):
    x = np.asarray(x, dtype=np.float64)
    m = x.max(axis=-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))


def sizes(rng, n_lo=5, n_hi=40, d_lo=2, d_hi=12):
    return int(rng.randint(n_lo, n_hi + 1)), int(rng.randint(d_lo, d_hi + 1))


def inject_nulls(rng, args, count):
    n = len(args[0])
    out = [list(a) for a in args]
    for i in rng.choice(n, size=min(count, n - 1), replace=False):
        out[int(rng.randint(len(args)))][int(i)] = None
    return out


def null_rows(args, spec):
    """spec: list of (arg_index, row_index) to set to NULL."""
    out = [list(a) for a in args]
    for k, i in spec:
        out[k][i] = None
    return out


# ----------------------------------------------------------------------------------------------
# Per-function case lists
# ----------------------------------------------------------------------------------------------

def add_random_elementwise(c, make_args, option_draws, count_scalar=3, count_array=3,
                           n_args=2, null_every=2):
    """make_args(rng, shape) -> list of n_args row lists; option_draws(rng, d) -> options."""
    for kind, count in ((S, count_scalar), (A, count_array)):
        for k in range(count):
            tag = "random_%s_%d" % (kind, k)
            rng = rng_for(c.fname, tag)
            n, d = sizes(rng)
            shape = (n,) if kind == S else (n, d)
            args = make_args(rng, shape)
            options = option_draws(rng, None if kind == S else d)
            if k % null_every == 1:
                args = inject_nulls(rng, args, int(rng.randint(1, 4)))
                tag += "_with_nulls"
            c.add(tag, (kind,) * n_args, args, options)


def no_options(rng, d):
    return {}


def regression_common(c, options=None, suffix=""):
    """Shared hand-written cases for the plain regression losses."""
    options = options or {}
    x = [0.5, -1.25, 3.0, 0.0, 2.5, -0.75]
    y = [1.0, -1.0, -2.0, 0.0, 2.5, 0.5]
    c.add("scalar_basic" + suffix, (S, S), [x, y], options)
    xa = [[0.5, -1.0, 2.0], [0.0, 0.25, -3.5], [4.0, 1.0, 1.0], [-2.0, -2.0, 0.125]]
    ya = [[1.0, -1.0, 0.0], [0.5, 0.0, -1.5], [1.0, 1.0, 3.5], [-2.0, 0.0, 0.125]]
    c.add("array_basic" + suffix, (A, A), [xa, ya], options)
    return (x, y), (xa, ya)


def cases_mse_l1(fname):
    c = Cases(fname)
    (x, y), (xa, ya) = regression_common(c)
    c.add("single_row_scalar", (S, S), [[2.0], [-1.5]])
    c.add("single_row_array", (A, A), [[[2.0, -3.0, 0.5, 1e-3]], [[-1.5, -3.0, 1.5, 0.0]]])
    c.add("null_rows_scalar", (S, S), null_rows([x, y], [(0, 1), (1, 3), (0, 5)]))
    c.add("null_rows_array", (A, A), null_rows([xa, ya], [(1, 0), (0, 2)]))
    c.add("large_magnitude", (S, S), [[1e150, -1e150, 1e-150, 3e100], [0.0, 1e150, -1e-150, 3e100]])
    c.add("overflow_to_inf", (S, S), [[1e200, 1.0], [-1e200, 0.0]])
    c.add("infinite_input", (S, S), [[INF, 1.0, 2.0], [0.0, 1.0, 4.0]])
    c.add_edges((S, S), [x[:4], y[:4]], suffix="_scalar")
    c.add_edges((A, A), [xa, ya], suffix="_array")

    def make(rng, shape):
        return [rnormal(rng, shape, 2.0), rnormal(rng, shape, 2.0)]
    add_random_elementwise(c, make, no_options)
    return c


def cases_smooth_l1():
    c = Cases("smooth_l1_loss")
    # |x - y| = 0, 0.3, 0.9, 1.0 (boundary), 1.5, 3.0, 0.49, 0.5, 0.51, 2.0 : both sides of beta
    x = [0.0, 0.3, -0.9, 1.0, 2.5, -3.0, 0.49, 0.5, 0.51, 4.0]
    y = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 2.0]
    c.add("beta_default_both_sides", (S, S), [x, y])
    c.add("beta_zero_is_l1_scalar", (S, S), [x, y], {"beta": 0.0})
    c.add("beta_half_both_sides", (S, S), [x, y], {"beta": 0.5})
    c.add("beta_two_both_sides", (S, S), [x, y], {"beta": 2.0})
    c.add("beta_tiny", (S, S), [x, y], {"beta": 1e-9})
    c.add("beta_explicit_default", (S, S), [x, y], {"beta": 1.0})
    xa = [[0.0, 0.3, -0.9], [1.0, 2.5, -3.0], [0.49, 0.5, 0.51], [4.0, -0.2, 7.5]]
    ya = [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [2.0, 0.2, 7.0]]
    c.add("array_beta_default", (A, A), [xa, ya])
    c.add("array_beta_zero_is_l1", (A, A), [xa, ya], {"beta": 0.0})
    c.add("array_beta_half", (A, A), [xa, ya], {"beta": 0.5})
    c.add("null_rows_scalar_beta_half", (S, S), null_rows([x, y], [(0, 2), (1, 4)]), {"beta": 0.5})
    c.add("null_rows_array_beta_zero", (A, A), null_rows([xa, ya], [(0, 1), (1, 3)]), {"beta": 0.0})
    c.add_edges((S, S), [x[:4], y[:4]], {"beta": 0.5}, suffix="_scalar")
    c.add_edges((A, A), [xa, ya], suffix="_array")

    def make(rng, shape):
        return [rnormal(rng, shape, 1.5), rnormal(rng, shape, 1.5)]

    def opts(rng, d):
        return {"beta": [0.0, 0.25, 1.0, 1.7][int(rng.randint(4))]}
    add_random_elementwise(c, make, opts)
    return c


def cases_huber():
    c = Cases("huber_loss")
    x = [0.0, 0.3, -0.9, 1.0, 2.5, -3.0, 0.49, 0.5, 0.51, 4.0]
    y = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 2.0]
    c.add("delta_default_both_sides", (S, S), [x, y])
    c.add("delta_half_both_sides", (S, S), [x, y], {"delta": 0.5})
    c.add("delta_two_both_sides", (S, S), [x, y], {"delta": 2.0})
    c.add("delta_tiny", (S, S), [x, y], {"delta": 1e-6})
    c.add("delta_large", (S, S), [x, y], {"delta": 100.0})
    xa = [[0.0, 0.3, -0.9], [1.0, 2.5, -3.0], [0.49, 0.5, 0.51], [4.0, -0.2, 7.5]]
    ya = [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [2.0, 0.2, 7.0]]
    c.add("array_delta_default", (A, A), [xa, ya])
    c.add("array_delta_half", (A, A), [xa, ya], {"delta": 0.5})
    c.add("array_delta_three", (A, A), [xa, ya], {"delta": 3.0})
    c.add("null_rows_scalar_delta_half", (S, S), null_rows([x, y], [(1, 0), (0, 9)]), {"delta": 0.5})
    c.add("null_rows_array", (A, A), null_rows([xa, ya], [(0, 0), (1, 2)]), {"delta": 2.0})
    c.add_edges((S, S), [x[:4], y[:4]], suffix="_scalar")
    c.add_edges((A, A), [xa, ya], {"delta": 0.5}, suffix="_array")

    def make(rng, shape):
        return [rnormal(rng, shape, 1.5), rnormal(rng, shape, 1.5)]

    def opts(rng, d):
        return {"delta": [0.1, 0.5, 1.0, 2.3][int(rng.randint(4))]}
    add_random_elementwise(c, make, opts)
    return c


def cases_soft_margin():
    c = Cases("soft_margin_loss")
    x = [0.5, -0.5, 2.0, -3.0, 0.0, 10.0]
    y = [1.0, 1.0, -1.0, -1.0, 1.0, -1.0]
    c.add("scalar_basic", (S, S), [x, y])
    xa = [[0.5, -0.5, 2.0], [-3.0, 0.0, 10.0], [1.5, 1.5, -0.25]]
    ya = [[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0], [-1.0, 1.0, -1.0]]
    c.add("array_basic", (A, A), [xa, ya])
    # -y*x = 700 / 709: exp() still finite, loss ~ -y*x; y*x = 1000: exp underflows, loss 0
    c.add("large_margin_finite", (S, S), [[-700.0, 709.0, 1000.0, -1000.0], [1.0, -1.0, 1.0, -1.0]])
    # -y*x = 710 > log(DBL_MAX) ~ 709.78: torch computes log1p(exp(710)) = inf
    c.add("overflow_to_inf", (S, S), [[-710.0, 0.5, 2.0], [1.0, 1.0, -1.0]])
    c.add("overflow_to_inf_array", (A, A), [[[710.0, 0.5], [0.1, -0.2]], [[-1.0, 1.0], [1.0, 1.0]]])
    c.add("null_rows_scalar", (S, S), null_rows([x, y], [(0, 1), (1, 4)]))
    c.add("null_rows_array", (A, A), null_rows([xa, ya], [(1, 1)]))
    c.add_edges((S, S), [x[:4], y[:4]], suffix="_scalar")
    c.add_edges((A, A), [xa, ya], suffix="_array")

    def make(rng, shape):
        return [rnormal(rng, shape, 2.0), rsigns(rng, shape)]
    add_random_elementwise(c, make, no_options)
    return c


def cases_bce():
    c = Cases("binary_cross_entropy")
    x = [0.1, 0.9, 0.5, 0.25, 0.999, 0.3]
    y = [0.0, 1.0, 1.0, 0.0, 0.0, 0.7]
    c.add("scalar_basic", (S, S), [x, y])
    c.add("scalar_weight", (S, S), [x, y], {"weight": 2.5})
    c.add("scalar_weight_zero", (S, S), [x, y], {"weight": 0.0})
    # probabilities exactly 0 and 1: log clamped at -100 -> wrong label costs exactly 100*w
    c.add("exact_zero_one_matching_labels", (S, S), [[0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    c.add("exact_zero_one_wrong_labels", (S, S), [[0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0, 0.0]])
    c.add("exact_zero_one_soft_labels", (S, S), [[0.0, 1.0, 0.0, 1.0], [0.3, 0.3, 0.5, 0.99]])
    c.add("exact_zero_one_weighted", (S, S), [[0.0, 1.0, 0.0, 1.0, 0.5], [1.0, 0.0, 0.0, 1.0, 0.5]],
          {"weight": 0.5})
    c.add("near_zero_one", (S, S), [[1e-300, 1.0 - 1e-16, 1e-50, 0.9999999], [1.0, 0.0, 0.0, 0.0]])
    # PyTorch 2 computes log(1 - x) as log1p(-x): tiny probabilities with label 0 keep their digits
    c.add("tiny_probabilities_log1p", (S, S), [[1e-10, 1e-12, 3e-17, 2.5e-9, 0.5],
                                               [0.0, 0.0, 0.0, 0.25, 1.0]])
    # PyTorch 2 rejects targets outside [0, 1] (NaN included), as it rejects such inputs
    c.add_error("target_above_one", (S, S), [[0.5, 0.25], [1.0, 1.5]])
    c.add_error("target_negative", (A, A), [[[0.5, 0.25]], [[0.0, -0.5]]])
    c.add_error("target_nan", (S, S), [[0.5], [NAN]])
    c.add_error("input_above_one", (S, S), [[1.5], [1.0]])
    c.add_error("input_nan", (A, A), [[[0.5, NAN]], [[1.0, 0.0]]])
    xa = [[0.1, 0.9, 0.0], [0.5, 1.0, 0.25], [0.75, 0.05, 0.6], [1.0, 0.0, 0.5]]
    ya = [[0.0, 1.0, 1.0], [0.2, 0.0, 1.0], [1.0, 0.0, 0.5], [1.0, 0.0, 0.0]]
    c.add("array_basic", (A, A), [xa, ya])
    c.add("array_weight", (A, A), [xa, ya], {"weight": [0.5, 2.0, 1.0]})
    c.add("array_weight_with_zero", (A, A), [xa, ya], {"weight": [0.0, 3.0, 1.5]})
    c.add("null_rows_scalar_weight", (S, S), null_rows([x, y], [(0, 0), (1, 3)]), {"weight": 1.5})
    c.add("null_rows_array_weight", (A, A), null_rows([xa, ya], [(1, 1), (0, 3)]),
          {"weight": [0.5, 2.0, 1.0]})
    c.add_edges((S, S), [x[:4], y[:4]], {"weight": 2.0}, suffix="_scalar")
    c.add_edges((A, A), [xa, ya], {"weight": [0.5, 2.0, 1.0]}, suffix="_array")

    def make(rng, shape):
        probs = runiform(rng, 0.0, 1.0, shape)
        hard = rng.randint(0, 2, shape).astype(np.float64)
        soft = runiform(rng, 0.0, 1.0, shape)
        use_soft = rng.uniform(size=shape) < 0.3
        return [probs, np.where(use_soft, soft, hard).tolist()]

    def opts(rng, d):
        if rng.uniform() < 0.3:
            return {}
        return {"weight": runiform(rng, 0.1, 3.0, ()) if d is None else runiform(rng, 0.1, 3.0, (d,))}
    add_random_elementwise(c, make, opts)
    return c


def cases_bce_logits():
    c = Cases("binary_cross_entropy_with_logits")
    x = [0.5, -1.5, 3.0, -0.25, 0.0, 8.0]
    y = [1.0, 0.0, 1.0, 1.0, 0.5, 0.0]
    c.add("scalar_basic", (S, S), [x, y])
    c.add("scalar_weight", (S, S), [x, y], {"weight": 0.75})
    c.add("scalar_pos_weight", (S, S), [x, y], {"pos_weight": 3.0})
    c.add("scalar_weight_and_pos_weight", (S, S), [x, y], {"weight": 2.0, "pos_weight": 0.5})
    c.add("scalar_pos_weight_zero", (S, S), [x, y], {"pos_weight": 0.0})
    big_x = [1e3, -1e3, 1e3, -1e3, 5e3, -2e4]
    big_y = [1.0, 0.0, 0.0, 1.0, 0.3, 0.5]
    c.add("large_logits", (S, S), [big_x, big_y])
    c.add("large_logits_pos_weight", (S, S), [big_x, big_y], {"pos_weight": 4.0})
    c.add("large_logits_weight_pos_weight", (S, S), [big_x, big_y], {"weight": 0.5, "pos_weight": 2.0})
    # PyTorch 2's log_sigmoid form (PR 115539): losses that underflowed to 0 keep their digits
    tiny_x = [100.0, -100.0, 40.0, -40.0, 708.0, -708.0, 36.5]
    tiny_y = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    c.add("log_sigmoid_small_losses", (S, S), [tiny_x, tiny_y])
    c.add("log_sigmoid_small_losses_pos_weight", (S, S), [tiny_x, tiny_y], {"pos_weight": 1.0})
    xa = [[0.5, -1.5, 3.0], [-0.25, 0.0, 8.0], [1e3, -1e3, 0.1], [2.0, -2.0, -1e3]]
    ya = [[1.0, 0.0, 1.0], [1.0, 0.5, 0.0], [0.0, 1.0, 1.0], [0.25, 1.0, 0.0]]
    c.add("array_basic", (A, A), [xa, ya])
    c.add("array_weight", (A, A), [xa, ya], {"weight": [0.5, 2.0, 1.0]})
    c.add("array_pos_weight_last_axis", (A, A), [xa, ya], {"pos_weight": [1.0, 3.0, 0.25]})
    c.add("array_weight_and_pos_weight", (A, A), [xa, ya],
          {"weight": [2.0, 0.0, 1.5], "pos_weight": [0.5, 4.0, 1.0]})
    c.add("null_rows_scalar", (S, S), null_rows([x, y], [(0, 2), (1, 5)]), {"pos_weight": 2.0})
    c.add("null_rows_array", (A, A), null_rows([xa, ya], [(1, 0)]),
          {"weight": [0.5, 2.0, 1.0], "pos_weight": [1.0, 3.0, 0.25]})
    c.add_edges((S, S), [x[:4], y[:4]], {"pos_weight": 2.0}, suffix="_scalar")
    c.add_edges((A, A), [xa, ya], {"weight": [0.5, 2.0, 1.0]}, suffix="_array")

    def make(rng, shape):
        logits = rnormal(rng, shape, 3.0)
        hard = rng.randint(0, 2, shape).astype(np.float64)
        soft = runiform(rng, 0.0, 1.0, shape)
        return [logits, np.where(rng.uniform(size=shape) < 0.25, soft, hard).tolist()]

    def opts(rng, d):
        shape = () if d is None else (d,)
        o = {}
        if rng.uniform() < 0.6:
            o["weight"] = runiform(rng, 0.1, 3.0, shape)
        if rng.uniform() < 0.6:
            o["pos_weight"] = runiform(rng, 0.1, 5.0, shape)
        return o
    add_random_elementwise(c, make, opts, count_scalar=3, count_array=4)
    return c


def cases_kl_div():
    c = Cases("kl_div")
    x = [-0.5, -1.2, -2.0, -0.1, -3.0]
    y = [0.6, 0.3, 0.1, 0.9, 0.05]
    c.add("scalar_basic", (S, S), [x, y])
    c.add("scalar_log_target", (S, S), [x, [-0.5, -1.0, -2.5, 0.0, -4.0]], {"log_target": True})
    la = log_softmax_np([[1.0, 2.0, 0.5], [0.0, 0.0, 0.0], [3.0, -1.0, 0.25], [-2.0, 1.0, 1.0]])
    pa = np.exp(log_softmax_np([[0.5, 2.5, 0.0], [1.0, 0.0, -1.0], [0.0, 0.0, 0.0], [2.0, 2.0, -3.0]]))
    xa, ya = r6(la), r6(pa)
    c.add("array_basic", (A, A), [xa, ya])
    c.add("array_log_target", (A, A), [xa, r6(np.log(pa))], {"log_target": True})
    # zero target probabilities contribute exactly 0 (xlogy(0, 0) = 0)
    xz = [[-1.0, -0.5, -2.0], [-0.1, -3.0, -1.5], [-1.1, -1.1, -1.1]]
    yz = [[0.0, 1.0, 0.0], [0.5, 0.0, 0.5], [0.0, 0.0, 0.0]]
    c.add("zero_targets", (A, A), [xz, yz])
    c.add("zero_targets_scalar", (S, S), [[-1.0, -0.5, -2.0, 0.0], [0.0, 0.0, 0.7, 0.0]])
    # log_target=True with finite log-targets (including a very small probability)
    c.add("log_target_small_probabilities", (A, A),
          [xz, [[-50.0, 0.0, -30.0], [-0.6931471805599453, -700.0, -0.6931471805599453],
                [-1.0986122886681098, -1.0986122886681098, -1.0986122886681098]]],
          {"log_target": True})
    # torch: log-target -inf gives exp(-inf) * (-inf - x) = 0 * -inf = NaN
    c.add("log_target_neg_inf_target_nan", (S, S), [[-1.0, -2.0, -0.5], [-INF, -1.0, -0.25]],
          {"log_target": True})
    # torch uses xlogy(y, y) - y * x: target 0 with input -inf gives 0 - 0*(-inf) = NaN,
    # target > 0 with input -inf gives +inf
    c.add("zero_target_neg_inf_input_nan", (S, S), [[-INF, -1.0, -0.5], [0.0, 0.0, 0.25]])
    c.add("positive_target_neg_inf_input_inf", (S, S), [[-INF, -1.0], [0.5, 0.5]])
    # PyTorch 2: xlogy(t, t) of a negative target is NaN
    c.add("negative_target_nan", (S, S), [[-1.0, -0.5, -2.0], [-0.5, 0.25, -1e-3]])
    c.add("negative_target_nan_array", (A, A), [[[-1.0, -0.5], [-2.0, -0.1]], [[0.75, -0.25], [0.5, 0.5]]])
    c.add("null_rows_scalar", (S, S), null_rows([x, y], [(0, 1), (1, 3)]))
    c.add("null_rows_array_log_target", (A, A), null_rows([xa, r6(np.log(pa))], [(0, 0), (1, 2)]),
          {"log_target": True})
    c.add_edges((S, S), [x[:4], y[:4]], suffix="_scalar")
    c.add_edges((A, A), [xa, ya], {"log_target": True}, suffix="_array")

    def make(rng, shape):
        if len(shape) == 1:
            return [r6(-rng.exponential(1.0, shape)), runiform(rng, 0.0, 1.0, shape)]
        logq = log_softmax_np(rng.normal(0, 2.0, shape))
        p = np.exp(log_softmax_np(rng.normal(0, 2.0, shape)))
        p = np.where(rng.uniform(size=shape) < 0.15, 0.0, p)
        return [r6(logq), r6(p)]

    def make_log(rng, shape):
        if len(shape) == 1:
            return [r6(-rng.exponential(1.0, shape)), r6(-rng.exponential(1.0, shape))]
        return [r6(log_softmax_np(rng.normal(0, 2.0, shape))),
                r6(log_softmax_np(rng.normal(0, 2.0, shape)))]
    add_random_elementwise(c, make, no_options, count_scalar=2, count_array=2)
    for kind in (S, A):
        for k in range(2):
            tag = "random_log_target_%s_%d" % (kind, k)
            rng = rng_for(c.fname, tag)
            n, d = sizes(rng)
            args = make_log(rng, (n,) if kind == S else (n, d))
            if k == 1:
                args = inject_nulls(rng, args, 2)
                tag += "_with_nulls"
            c.add(tag, (kind, kind), args, {"log_target": True})
    return c


def cases_hinge_embedding():
    c = Cases("hinge_embedding_loss")
    x = [0.3, -0.5, 1.5, 0.3, 2.0, -0.25]
    y = [1.0, 1.0, 1.0, -1.0, -1.0, -1.0]
    c.add("scalar_basic", (S, S), [x, y])
    c.add("scalar_margin_two", (S, S), [x, y], {"margin": 2.0})
    c.add("scalar_margin_zero", (S, S), [x, y], {"margin": 0.0})
    c.add("scalar_margin_negative", (S, S), [x, y], {"margin": -0.5})
    # labels other than +-1 add both terms: x + max(0, margin - x)
    c.add("other_labels_zero_and_two", (S, S),
          [[0.3, 1.5, -0.5, 0.3, 2.0, 0.7], [0.0, 0.0, 2.0, 2.0, 1.0, -1.0]])
    c.add("other_labels_margin_half", (S, S),
          [[0.3, 1.5, -0.5, 0.3, 2.0, 0.7], [0.0, 0.0, 2.0, 2.0, 1.0, -1.0]], {"margin": 0.5})
    xa = [[0.3, -0.5, 1.5], [0.3, 2.0, -0.25], [0.8, 0.0, 1.0]]
    ya = [[1.0, -1.0, 1.0], [-1.0, -1.0, 0.0], [2.0, 1.0, -1.0]]
    c.add("array_basic", (A, A), [xa, ya])
    c.add("array_margin_three", (A, A), [xa, ya], {"margin": 3.0})
    # target 1 passes the input through: PyTorch's float sum overflows or cancels, ours is exact
    c.add("exact_sum_overflow", (S, S), [[1e308, 1e308, -1e308], [1.0, 1.0, 1.0]], exact_sum=True)
    c.add("exact_sum_cancellation", (S, S), [[1e100, 1.0, -1e100], [1.0, 1.0, 1.0]], exact_sum=True)
    c.add("null_rows_scalar", (S, S), null_rows([x, y], [(0, 0), (1, 4)]), {"margin": 1.5})
    c.add("null_rows_array", (A, A), null_rows([xa, ya], [(1, 1)]))
    c.add_edges((S, S), [x[:4], y[:4]], suffix="_scalar")
    c.add_edges((A, A), [xa, ya], {"margin": 2.0}, suffix="_array")

    def make(rng, shape):
        labels = np.array([-1.0, 1.0, -1.0, 1.0, 0.0, 2.0])[rng.randint(0, 6, shape)]
        return [r6(np.abs(rng.normal(0, 1.5, shape)) * np.where(rng.uniform(size=shape) < 0.1, -1, 1)),
                labels.tolist()]

    def opts(rng, d):
        return {"margin": [0.5, 1.0, 2.0, 0.0][int(rng.randint(4))]}
    add_random_elementwise(c, make, opts)
    return c


def cases_poisson():
    c = Cases("poisson_nll_loss")
    xl = [-1.0, 0.0, 0.5, 2.0, 3.9, -3.0, 0.25]        # log-rates
    yt = [0.0, 1.0, 2.0, 50.0, 0.5, 1.5, 7.0]          # counts below, at, above 1
    c.add("log_input_default", (S, S), [xl, yt])
    c.add("log_input_full_stirling", (S, S), [xl, yt], {"full": True})
    c.add("log_input_eps_has_no_effect", (S, S), [xl, yt], {"eps": 0.5})
    xr = [0.5, 1.0, 2.0, 50.0, 0.0, 1e-9, 3.0]          # rates (0.0 needs eps)
    c.add("rate_input", (S, S), [xr, yt], {"log_input": False})
    c.add("rate_input_full", (S, S), [xr, yt], {"log_input": False, "full": True})
    c.add("rate_input_eps", (S, S), [xr, yt], {"log_input": False, "eps": 1e-3})
    c.add("rate_input_full_eps", (S, S), [xr, yt], {"log_input": False, "full": True, "eps": 0.25})
    c.add("stirling_targets_0_1_2_50", (S, S), [[0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 2.0, 50.0]],
          {"full": True})
    c.add("stirling_targets_just_above_one", (S, S), [[0.1, 0.1, 0.1], [1.0, 1.000001, 0.999999]],
          {"full": True})
    xa = [[-1.0, 0.0, 0.5], [2.0, 3.9, -3.0], [0.25, 1.0, -0.5]]
    ya = [[0.0, 1.0, 2.0], [50.0, 0.5, 1.5], [7.0, 3.0, 0.0]]
    c.add("array_log_input", (A, A), [xa, ya])
    c.add("array_log_input_full", (A, A), [xa, ya], {"full": True})
    xra = [[0.5, 1.0, 2.0], [50.0, 0.0, 1e-9], [3.0, 0.75, 4.5]]
    c.add("array_rate_input_full_eps", (A, A), [xra, ya], {"log_input": False, "full": True, "eps": 1e-4})
    c.add("null_rows_scalar_full", (S, S), null_rows([xl, yt], [(0, 3), (1, 0)]), {"full": True})
    c.add("null_rows_array_rate", (A, A), null_rows([xra, ya], [(1, 1)]), {"log_input": False})
    c.add_edges((S, S), [xl[:4], yt[:4]], {"full": True}, suffix="_scalar")
    c.add_edges((A, A), [xa, ya], {"log_input": False}, suffix="_array")

    def make(rng, shape):
        return [rnormal(rng, shape, 1.0, 0.5), rng.poisson(2.5, shape).astype(np.float64).tolist()]

    def opts(rng, d):
        o = {"full": bool(rng.randint(2))}
        if rng.uniform() < 0.3:
            o["eps"] = 1e-4
        return o
    add_random_elementwise(c, make, opts, count_scalar=2, count_array=2)

    def make_rate(rng, shape):
        return [runiform(rng, 0.0, 6.0, shape), rng.poisson(2.5, shape).astype(np.float64).tolist()]

    def opts_rate(rng, d):
        return {"log_input": False, "full": bool(rng.randint(2)), "eps": [1e-8, 1e-3][int(rng.randint(2))]}
    for kind in (S, A):
        tag = "random_rate_input_%s" % kind
        rng = rng_for(c.fname, tag)
        n, d = sizes(rng)
        c.add(tag, (kind, kind), make_rate(rng, (n,) if kind == S else (n, d)), opts_rate(rng, d))
    return c


def cases_gaussian():
    c = Cases("gaussian_nll_loss")
    x = [1.0, 2.0, -0.5, 0.0, 3.0, 1.5]
    y = [1.5, 2.0, 0.5, 0.0, -1.0, 1.5]
    v = [1.0, 0.5, 2.0, 0.25, 4.0, 1.0]
    c.add("scalar_basic", (S, S, S), [x, y, v])
    c.add("scalar_full", (S, S, S), [x, y, v], {"full": True})
    # var = 0 and tiny var are clamped at eps (max, not +)
    vz = [0.0, 1e-10, 1e-6, 5e-7, 2e-6, 0.0]
    c.add("var_zero_and_tiny_clamped", (S, S, S), [x, y, vz])
    c.add("var_zero_and_tiny_clamped_full", (S, S, S), [x, y, vz], {"full": True})
    c.add("eps_custom_clamps", (S, S, S), [x, y, [0.0, 5e-4, 1e-3, 2e-3, 0.5, 1e-12]], {"eps": 1e-3})
    c.add("eps_custom_full", (S, S, S), [x, y, v], {"eps": 0.75, "full": True})
    xa = [[1.0, 2.0, -0.5], [0.0, 3.0, 1.5], [-2.0, 0.25, 0.75]]
    ya = [[1.5, 2.0, 0.5], [0.0, -1.0, 1.5], [-1.0, 0.0, 0.0]]
    va = [[1.0, 0.0, 2.0], [0.25, 1e-9, 1.0], [3.0, 0.5, 1e-7]]
    c.add("array_basic", (A, A, A), [xa, ya, va])
    c.add("array_full_eps", (A, A, A), [xa, ya, va], {"full": True, "eps": 1e-4})
    # one variance per row of arrays (PyTorch's var of shape (N, 1)), and a float var
    vr = [0.5, 2.0, 1e-9]
    c.add("array_var_per_row", (A, A, S), [xa, ya, vr])
    c.add("array_var_per_row_full_eps", (A, A, S), [xa, ya, vr], {"full": True, "eps": 1e-3})
    c.add("array_var_float", (A, A, S), [xa, ya, [0.75] * 3], float_var=True)
    c.add("scalar_var_float", (S, S, S), [x, y, [2.5] * 6], {"full": True}, float_var=True)
    c.add("null_rows_array_var_per_row", (A, A, S), null_rows([xa, ya, vr], [(2, 0), (0, 2)]))
    c.add_error("negative_var", (S, S, S), [x[:2], y[:2], [1.0, -0.5]])
    c.add_error("negative_var_array", (A, A, A), [xa[:1], ya[:1], [[1.0, -2.5, 0.0]]])
    c.add_error("negative_var_per_row", (A, A, S), [xa[:2], ya[:2], [1.0, -1.0]])
    c.add("null_rows_scalar", (S, S, S), null_rows([x, y, v], [(0, 0), (1, 2), (2, 4)]))
    c.add("null_rows_array_full", (A, A, A), null_rows([xa, ya, va], [(2, 1)]), {"full": True})
    c.add_edges((S, S, S), [x[:4], y[:4], v[:4]], suffix="_scalar")
    c.add_edges((A, A, A), [xa, ya, va], {"full": True}, suffix="_array")

    def make(rng, shape):
        var = runiform(rng, 0.05, 3.0, shape)
        var = np.where(rng.uniform(size=shape) < 0.1, 0.0, var).tolist()
        return [rnormal(rng, shape, 2.0), rnormal(rng, shape, 2.0), var]

    def opts(rng, d):
        o = {"full": bool(rng.randint(2))}
        if rng.uniform() < 0.4:
            o["eps"] = 1e-3
        return o
    add_random_elementwise(c, make, opts, n_args=3)
    for k in range(2):
        tag = "random_var_per_row_%d" % k
        rng = rng_for(c.fname, tag)
        n, d = sizes(rng)
        args = [rnormal(rng, (n, d), 2.0), rnormal(rng, (n, d), 2.0), runiform(rng, 0.05, 3.0, (n,))]
        if k == 1:
            args = inject_nulls(rng, args, 2)
            tag += "_with_nulls"
        c.add(tag, (A, A, S), args, opts(rng, d))
    return c


def cases_cross_entropy():
    c = Cases("cross_entropy")
    x = [[1.0, 2.0, 3.0], [0.5, 0.1, -1.0], [-2.0, 0.0, 2.0], [0.3, 0.3, 0.3], [4.0, -1.0, 0.5]]
    t = [2, 0, 1, 1, 0]
    w = [1.0, 2.0, 0.5]
    c.add("index_basic", (A, L), [x, t])
    c.add("index_weight", (A, L), [x, t], {"weight": w})
    c.add("index_default_ignore_index", (A, L), [x, [2, -100, 1, -100, 0]])
    c.add("index_ignore_index_valid_class", (A, L), [x, t], {"ignore_index": 1})
    c.add("index_ignore_index_negative", (A, L), [x, [2, -1, 1, -1, 0]], {"ignore_index": -1})
    c.add("index_label_smoothing", (A, L), [x, t], {"label_smoothing": 0.1})
    c.add("index_label_smoothing_one", (A, L), [x, t], {"label_smoothing": 1.0})
    c.add("index_weight_ignore", (A, L), [x, t], {"weight": w, "ignore_index": 0})
    c.add("index_weight_smoothing", (A, L), [x, t], {"weight": w, "label_smoothing": 0.2})
    c.add("index_ignore_smoothing", (A, L), [x, [2, -100, 1, -100, 0]], {"label_smoothing": 0.3})
    c.add("index_weight_ignore_smoothing", (A, L), [x, t],
          {"weight": w, "ignore_index": 1, "label_smoothing": 0.15})
    c.add("index_weight_default_ignore_smoothing", (A, L), [x, [2, -100, 1, 1, -100]],
          {"weight": w, "label_smoothing": 0.05})
    # every target ignored: mean = 0/0 = NaN, sum = 0
    c.add("index_all_ignored", (A, L), [x[:3], [-100, -100, -100]])
    c.add("index_all_ignored_weight_smoothing", (A, L), [x[:3], [1, 1, 1]],
          {"weight": w, "ignore_index": 1, "label_smoothing": 0.1})
    # all selected weights zero: mean = 0/0 = NaN as well
    c.add("index_zero_weight_sum_nan", (A, L), [x[:3], [0, 0, 1]], {"weight": [0.0, 0.0, 1.0]})
    # huge logits: log_softmax must be computed stably
    big = [[1000.0, -1000.0, 5e3], [1e4, 1e4, -1e4], [-5e3, 2e3, 2e3], [1e5, 0.0, -1e5]]
    c.add("index_large_logits", (A, L), [big, [0, 1, 2, 2]])
    c.add("index_large_logits_smoothing_weight", (A, L), [big, [0, 1, 2, 0]],
          {"label_smoothing": 0.1, "weight": w})
    # probability targets
    p = [[0.2, 0.3, 0.5], [1.0, 0.0, 0.0], [0.0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3], [0.1, 0.8, 0.1]]
    c.add("prob_basic", (A, A), [x, p])
    c.add("prob_weight", (A, A), [x, p], {"weight": w})
    c.add("prob_label_smoothing", (A, A), [x, p], {"label_smoothing": 0.1})
    c.add("prob_weight_label_smoothing", (A, A), [x, p], {"weight": w, "label_smoothing": 0.25})
    c.add("prob_not_normalised", (A, A), [x[:3], [[0.5, 0.5, 0.5], [0.0, 0.0, 0.0], [2.0, 0.0, 1.0]]])
    c.add("prob_large_logits_smoothing", (A, A), [big, [[1.0, 0.0, 0.0], [0.0, 0.5, 0.5],
                                                       [0.2, 0.2, 0.6], [0.0, 0.0, 1.0]]],
          {"label_smoothing": 0.1})
    # no classes at all: each row's loss is -0 and 'mean' divides by numel / C = 0 / 0
    c.add("prob_empty_classes_nan_mean", (A, A), [[[], [], []], [[], [], []]])
    c.add_error("index_empty_classes", (A, L), [[[], []], [0, 0]])
    c.add("prob_one_hot_equals_index", (A, A), [x, [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0],
                                                   [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]])
    c.add("null_rows_index_weight", (A, L), null_rows([x, t], [(0, 1), (1, 3)]), {"weight": w})
    c.add("null_rows_index_ignore_smoothing", (A, L), null_rows([x, [2, -100, 1, 0, 0]], [(1, 0)]),
          {"label_smoothing": 0.2})
    c.add("null_rows_prob", (A, A), null_rows([x, p], [(1, 2), (0, 4)]), {"weight": w})
    c.add_edges((A, L), [x, t], {"weight": w}, suffix="_index")
    c.add_edges((A, A), [x, p], {"label_smoothing": 0.1}, suffix="_prob")

    for k in range(5):
        tag = "random_index_%d" % k
        rng = rng_for(c.fname, tag)
        n, cc = sizes(rng)
        logits = rnormal(rng, (n, cc), 3.0)
        labels = rng.randint(0, cc, n)
        opts = {}
        if k in (1, 3, 4):
            opts["weight"] = runiform(rng, 0.1, 3.0, (cc,))
        if k in (2, 3):
            opts["label_smoothing"] = [0.05, 0.3][k % 2]
        if k in (3, 4):
            opts["ignore_index"] = int(rng.randint(0, cc))
        else:
            labels = np.where(rng.uniform(size=n) < 0.15, -100, labels)
        args = [logits, labels.tolist()]
        if k % 2 == 1:
            args = inject_nulls(rng, args, 3)
            tag += "_with_nulls"
        c.add(tag, (A, L), args, opts)
    for k in range(3):
        tag = "random_prob_%d" % k
        rng = rng_for(c.fname, tag)
        n, cc = sizes(rng)
        logits = rnormal(rng, (n, cc), 3.0)
        probs = r6(np.exp(log_softmax_np(rng.normal(0, 2.0, (n, cc)))))
        opts = {}
        if k >= 1:
            opts["weight"] = runiform(rng, 0.1, 3.0, (cc,))
        if k != 1:
            opts["label_smoothing"] = 0.1 * (k + 1)
        args = [logits, probs]
        if k == 1:
            args = inject_nulls(rng, args, 2)
            tag += "_with_nulls"
        c.add(tag, (A, A), args, opts)
    return c


def cases_nll():
    c = Cases("nll_loss")
    x = r6(log_softmax_np([[1.0, 2.0, 3.0, 0.0], [0.5, 0.1, -1.0, 2.0], [-2.0, 0.0, 2.0, 1.0],
                           [0.3, 0.3, 0.3, 0.3], [4.0, -1.0, 0.5, 0.0]]))
    t = [2, 0, 1, 3, 0]
    w = [1.0, 2.0, 0.5, 0.25]
    c.add("basic", (A, L), [x, t])
    c.add("weight", (A, L), [x, t], {"weight": w})
    c.add("default_ignore_index", (A, L), [x, [2, -100, 1, 3, -100]])
    c.add("ignore_index_valid_class", (A, L), [x, t], {"ignore_index": 0})
    c.add("weight_ignore_index", (A, L), [x, t], {"weight": w, "ignore_index": 3})
    c.add("weight_default_ignore_index", (A, L), [x, [2, -100, 1, 3, 0]], {"weight": w})
    c.add("all_ignored", (A, L), [x[:3], [-100, -100, -100]])
    c.add("all_ignored_weight", (A, L), [x[:3], [2, 2, 2]], {"weight": w, "ignore_index": 2})
    c.add("zero_weight_sum_nan", (A, L), [x[:3], [0, 0, 1]], {"weight": [0.0, 0.0, 1.0, 1.0]})
    # nll_loss takes the input as given: raw (non-normalised) values of large magnitude
    big = [[1000.0, -1000.0, 5e3, 0.0], [1e4, 1e4, -1e4, 1.0], [-5e3, 2e3, 2e3, 3.0]]
    c.add("large_magnitude_inputs", (A, L), [big, [0, 1, 2]])
    c.add("large_magnitude_inputs_weight", (A, L), [big, [2, 0, 1]], {"weight": w})
    # per-row losses 1e308 (three times), -1e308 (twice) and 1e100, 1, -1e100: PyTorch's float sum
    # overflows (cancels); the exact sum does not
    c.add("exact_sum_overflow", (A, L), [[[-1e308, 0.0], [0.0, -1e308], [-1e308, 0.0], [1e308, 0.0],
                                          [0.0, 1e308]], [0, 1, 0, 0, 1]], exact_sum=True)
    c.add("exact_sum_cancellation", (A, L), [[[-1e100, 0.0], [0.0, -1.0], [1e100, 0.0]], [0, 1, 0]],
          exact_sum=True)
    c.add("null_rows_weight", (A, L), null_rows([x, t], [(0, 0), (1, 2)]), {"weight": w})
    c.add("null_rows_ignore", (A, L), null_rows([x, [2, -100, 1, 3, 0]], [(1, 4)]))
    c.add_edges((A, L), [x, t], {"weight": w})

    for k in range(5):
        tag = "random_%d" % k
        rng = rng_for(c.fname, tag)
        n, cc = sizes(rng)
        logp = r6(log_softmax_np(rng.normal(0, 2.0, (n, cc))))
        labels = rng.randint(0, cc, n)
        opts = {}
        if k in (1, 3):
            opts["weight"] = runiform(rng, 0.1, 3.0, (cc,))
        if k in (2, 3):
            opts["ignore_index"] = int(rng.randint(0, cc))
        else:
            labels = np.where(rng.uniform(size=n) < 0.15, -100, labels)
        args = [logp, labels.tolist()]
        if k % 2 == 1:
            args = inject_nulls(rng, args, 3)
            tag += "_with_nulls"
        c.add(tag, (A, L), args, opts)
    return c


def cases_margin_ranking():
    c = Cases("margin_ranking_loss")
    x1 = [1.0, 0.5, -2.0, 3.0, 0.0, 0.25]
    x2 = [0.5, 1.0, -1.0, 3.0, 2.0, -0.25]
    y = [1.0, 1.0, -1.0, -1.0, 1.0, -1.0]
    c.add("basic", (S, S, S), [x1, x2, y])
    c.add("margin_half", (S, S, S), [x1, x2, y], {"margin": 0.5})
    c.add("margin_two", (S, S, S), [x1, x2, y], {"margin": 2.0})
    c.add("margin_negative", (S, S, S), [x1, x2, y], {"margin": -1.0})
    c.add("large_values", (S, S, S), [[1e300, -1e300, 1e10], [-1e300, 1e300, 1e10], [-1.0, 1.0, 1.0]])
    # (N, D) tensors of the same size: elementwise over every position
    xa1 = [[1.0, 0.5, -2.0], [3.0, 0.0, 0.25]]
    xa2 = [[0.5, 1.0, -1.0], [3.0, 2.0, -0.25]]
    ya = [[1.0, 1.0, -1.0], [-1.0, 1.0, -1.0]]
    c.add("array_basic", (A, A, A), [xa1, xa2, ya])
    c.add("array_margin", (A, A, A), [xa1, xa2, ya], {"margin": 0.75})
    c.add("null_rows_array", (A, A, A), null_rows([xa1, xa2, ya], [(1, 0)]), {"margin": 0.25})
    c.add("null_rows", (S, S, S), null_rows([x1, x2, y], [(0, 0), (1, 2), (2, 5)]), {"margin": 0.5})
    c.add_edges((S, S, S), [x1, x2, y], {"margin": 0.5})
    for k in range(4):
        tag = "random_%d" % k
        rng = rng_for(c.fname, tag)
        n, _ = sizes(rng)
        args = [rnormal(rng, (n,), 2.0), rnormal(rng, (n,), 2.0), rsigns(rng, (n,))]
        if k % 2 == 1:
            args = inject_nulls(rng, args, 3)
            tag += "_with_nulls"
        c.add(tag, (S, S, S), args, {"margin": [0.0, 0.3, 1.0, -0.2][k]})
    for k in range(2):
        tag = "random_array_%d" % k
        rng = rng_for(c.fname, tag)
        n, d = sizes(rng)
        args = [rnormal(rng, (n, d), 2.0), rnormal(rng, (n, d), 2.0), rsigns(rng, (n, d))]
        if k == 1:
            args = inject_nulls(rng, args, 2)
            tag += "_with_nulls"
        c.add(tag, (A, A, A), args, {"margin": [0.4, 0.0][k]})
    return c


def cases_cosine_embedding():
    c = Cases("cosine_embedding_loss")
    a = [[1.0, 2.0, 3.0], [0.5, -1.0, 0.0], [1.0, 0.0, 0.0], [2.0, 2.0, -1.0], [-1.0, 0.5, 0.25]]
    b = [[1.0, 2.0, 3.5], [-0.5, 1.0, 0.0], [0.0, 1.0, 0.0], [1.0, -1.0, 3.0], [0.5, 0.5, 0.5]]
    y = [1.0, -1.0, 1.0, -1.0, 1.0]
    c.add("basic", (A, A, S), [a, b, y])
    c.add("margin_half", (A, A, S), [a, b, [-1.0, -1.0, 1.0, -1.0, -1.0]], {"margin": 0.5})
    c.add("margin_negative", (A, A, S), [a, b, [-1.0, -1.0, 1.0, -1.0, -1.0]], {"margin": -0.5})
    # a label other than +-1 contributes 0
    c.add("label_zero_gives_zero", (A, A, S), [a, b, [0.0, 1.0, 0.0, -1.0, 0.0]], {"margin": 0.1})
    # zero vectors: 1e-12 is added to the squared norms, cos = 0
    c.add("zero_vectors", (A, A, S), [[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]],
                                      [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
                                      [1.0, -1.0, -1.0]], {"margin": -0.25})
    c.add("identical_and_opposite", (A, A, S), [[[1.0, 2.0], [1.0, 2.0], [3.0, -4.0], [3.0, -4.0]],
                                                [[1.0, 2.0], [1.0, 2.0], [-3.0, 4.0], [-3.0, 4.0]],
                                                [1.0, -1.0, 1.0, -1.0]])
    c.add("tiny_vectors", (A, A, S), [[[1e-7, 0.0], [1e-7, 2e-7]], [[1e-7, 1e-7], [3e-7, -1e-7]],
                                      [1.0, -1.0]], {"margin": -0.5})
    c.add("null_rows", (A, A, S), null_rows([a, b, y], [(0, 1), (2, 3)]))
    c.add_edges((A, A, S), [a, b, y], {"margin": 0.2})
    for k in range(4):
        tag = "random_%d" % k
        rng = rng_for(c.fname, tag)
        n, d = sizes(rng)
        labels = np.array([1.0, -1.0, 1.0, -1.0, 0.0])[rng.randint(0, 5, n)].tolist()
        args = [rnormal(rng, (n, d)), rnormal(rng, (n, d)), labels]
        if k % 2 == 1:
            args = inject_nulls(rng, args, 3)
            tag += "_with_nulls"
        c.add(tag, (A, A, S), args, {"margin": [0.0, 0.2, 0.5, -0.3][k]})
    return c


def cases_multi_margin():
    c = Cases("multi_margin_loss")
    x = [[0.1, 0.2, 0.4, 0.8], [1.0, -1.0, 0.5, 0.0], [0.3, 0.3, 0.3, 0.3], [2.0, 0.0, 1.5, -0.5]]
    t = [3, 0, 2, 1]
    w = [1.0, 2.0, 0.5, 3.0]
    c.add("basic", (A, L), [x, t])
    c.add("p2", (A, L), [x, t], {"p": 2})
    c.add("margin_half", (A, L), [x, t], {"margin": 0.5})
    c.add("margin_zero", (A, L), [x, t], {"margin": 0.0})
    c.add("weight", (A, L), [x, t], {"weight": w})
    c.add("p2_weight_after_power", (A, L), [x, t], {"p": 2, "weight": w})
    c.add("p2_margin_weight", (A, L), [x, t], {"p": 2, "margin": 2.5, "weight": w})
    c.add("p1_margin_weight", (A, L), [x, t], {"p": 1, "margin": 1.5, "weight": w})
    c.add("large_values", (A, L), [[[1000.0, -1000.0, 5e3, 0.0], [1e4, 1e4, -1e4, 1.0]], [0, 3]],
          {"p": 2})
    c.add("null_rows", (A, L), null_rows([x, t], [(0, 1), (1, 3)]), {"p": 2, "weight": w})
    c.add_edges((A, L), [x, t], {"weight": w})
    for k in range(5):
        tag = "random_%d" % k
        rng = rng_for(c.fname, tag)
        n, cc = sizes(rng)
        args = [rnormal(rng, (n, cc), 1.5), rng.randint(0, cc, n).tolist()]
        opts = {"p": 1 + k % 2}
        if k >= 2:
            opts["margin"] = [0.5, 1.0, 2.0][k - 2]
        if k in (1, 3, 4):
            opts["weight"] = runiform(rng, 0.1, 3.0, (cc,))
        if k % 2 == 1:
            args = inject_nulls(rng, args, 3)
            tag += "_with_nulls"
        c.add(tag, (A, L), args, opts)
    return c


def cases_multilabel_margin():
    c = Cases("multilabel_margin_loss")
    x = [[0.1, 0.2, 0.4, 0.8], [1.0, -1.0, 0.5, 0.0], [0.3, 0.3, 0.3, 0.3], [2.0, 0.0, 1.5, -0.5]]
    c.add("doc_vector", (A, LS), [x[:1], [[3, 0, -1, 1]]])
    t = [[3, 0, -1, 1], [1, -1, -1, -1], [0, 1, 2, -1], [2, 3, -1, -1]]
    c.add("basic", (A, LS), [x, t])
    # only the prefix before the first -1 counts
    c.add("entries_after_padding_ignored", (A, LS), [x, [[3, -1, 0, 1], [1, -1, 2, 3], [-1, 0, 1, 2],
                                                        [2, -1, -1, 0]]])
    # empty target set (loss 0) and all classes targets (no non-target, loss 0)
    c.add("empty_and_full_target_sets", (A, LS), [x, [[-1, -1, -1, -1], [0, 1, 2, 3], [3, 2, 1, 0],
                                                     [0, -1, -1, -1]]])
    # a repeated target index is counted twice (torch accepts it)
    c.add("duplicate_target_counted_twice", (A, LS), [x[:2], [[3, 3, -1, 1], [0, 0, 0, -1]]])
    c.add("large_values", (A, LS), [[[1000.0, -1000.0, 5e3], [1e4, 1e4, -1e4]], [[0, -1, -1], [2, 1, -1]]])
    c.add("null_rows", (A, LS), null_rows([x, t], [(0, 0), (1, 2)]))
    c.add_edges((A, LS), [x, t])
    for k in range(5):
        tag = "random_%d" % k
        rng = rng_for(c.fname, tag)
        n, cc = sizes(rng)
        targets = []
        for _ in range(n):
            m = int(rng.randint(0, cc + 1))
            row = rng.permutation(cc)[:m].tolist() + [-1] * (cc - m)
            targets.append(row)
        args = [rnormal(rng, (n, cc), 1.0), targets]
        if k % 2 == 1:
            args = inject_nulls(rng, args, 3)
            tag += "_with_nulls"
        c.add(tag, (A, LS), args)
    return c


def cases_multilabel_soft_margin():
    c = Cases("multilabel_soft_margin_loss")
    x = [[0.1, 0.2, 0.4, 0.8], [1.0, -1.0, 0.5, 0.0], [0.3, 0.3, 0.3, 0.3], [2.0, 0.0, 1.5, -0.5]]
    y = [[0.0, 0.0, 1.0, 1.0], [1.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]]
    w = [1.0, 2.0, 0.5, 0.0]
    c.add("basic", (A, A), [x, y])
    c.add("weight", (A, A), [x, y], {"weight": w})
    c.add("large_logits", (A, A), [[[1e3, -1e3, 5e3], [-2e4, 2e4, 0.0]], [[1.0, 0.0, 0.0], [1.0, 0.0, 1.0]]])
    c.add("large_logits_weight", (A, A), [[[1e3, -1e3, 5e3], [-2e4, 2e4, 0.0]],
                                          [[0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]], {"weight": [0.5, 2.0, 1.0]})
    c.add("null_rows", (A, A), null_rows([x, y], [(0, 1), (1, 3)]), {"weight": w})
    c.add_edges((A, A), [x, y], {"weight": w})
    for k in range(4):
        tag = "random_%d" % k
        rng = rng_for(c.fname, tag)
        n, cc = sizes(rng)
        args = [rnormal(rng, (n, cc), 2.0), rng.randint(0, 2, (n, cc)).astype(np.float64).tolist()]
        opts = {}
        if k >= 2:
            opts["weight"] = runiform(rng, 0.1, 3.0, (cc,))
        if k % 2 == 1:
            args = inject_nulls(rng, args, 3)
            tag += "_with_nulls"
        c.add(tag, (A, A), args, opts)
    return c


def cases_triplet():
    c = Cases("triplet_margin_loss")
    a = [[1.0, 2.0, 3.0], [0.5, -1.0, 0.0], [1.0, 0.0, 0.0], [2.0, 2.0, -1.0]]
    p = [[1.0, 2.5, 3.0], [0.0, -1.0, 0.5], [0.0, 1.0, 0.0], [2.0, 1.0, -1.0]]
    n = [[0.0, 2.0, 3.0], [0.5, -0.5, 0.0], [1.0, 0.5, 0.0], [-2.0, 2.0, 1.0]]
    c.add("basic", (A, A, A), [a, p, n])
    c.add("margin_half", (A, A, A), [a, p, n], {"margin": 0.5})
    c.add("margin_three", (A, A, A), [a, p, n], {"margin": 3.0})
    c.add("p1", (A, A, A), [a, p, n], {"p": 1.0})
    c.add("p3", (A, A, A), [a, p, n], {"p": 3.0})
    c.add("p_fractional", (A, A, A), [a, p, n], {"p": 1.5})
    c.add("eps_zero", (A, A, A), [a, p, n], {"eps": 0.0})
    c.add("eps_large", (A, A, A), [a, p, n], {"eps": 0.1})
    c.add("swap", (A, A, A), [a, p, [[1.0, 2.5, 3.5], [0.0, -1.0, 0.75], [5.0, 0.0, 0.0], [2.0, 1.0, 0.0]]],
          {"swap": True})
    c.add("swap_p1_margin", (A, A, A), [a, p, [[1.0, 2.5, 3.5], [0.0, -1.0, 0.75], [5.0, 0.0, 0.0],
                                              [2.0, 1.0, 0.0]]],
          {"swap": True, "p": 1.0, "margin": 0.25})
    # identical vectors: d = ||eps||_p = eps * D^(1/p), not 0
    same = [[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0]]
    c.add("identical_vectors", (A, A, A), [same, same, same])
    c.add("identical_vectors_p1_eps", (A, A, A), [same, same, same], {"p": 1.0, "eps": 0.01})
    c.add("identical_vectors_p3_swap", (A, A, A), [same, same, same], {"p": 3.0, "swap": True, "margin": 0.5})
    c.add("null_rows", (A, A, A), null_rows([a, p, n], [(0, 0), (1, 1), (2, 3)]), {"swap": True})
    c.add_edges((A, A, A), [a, p, n], {"p": 1.0})
    for k in range(5):
        tag = "random_%d" % k
        rng = rng_for(c.fname, tag)
        nn_, d = sizes(rng)
        args = [rnormal(rng, (nn_, d)), rnormal(rng, (nn_, d)), rnormal(rng, (nn_, d))]
        opts = [{}, {"swap": True}, {"p": 1.0, "margin": 0.5}, {"p": 3.0, "eps": 1e-3, "swap": True},
                {"margin": 2.0, "p": 1.5}][k]
        if k % 2 == 1:
            args = inject_nulls(rng, args, 3)
            tag += "_with_nulls"
        c.add(tag, (A, A, A), args, opts)
    return c


def cases_triplet_distance():
    c = Cases("triplet_margin_with_distance_loss")
    a = [[1.0, 2.0, 3.0], [0.5, -1.0, 0.0], [1.0, 0.0, 0.0], [2.0, 2.0, -1.0]]
    p = [[1.0, 2.5, 3.0], [0.0, -1.0, 0.5], [0.0, 1.0, 0.0], [2.0, 1.0, -1.0]]
    n = [[0.0, 2.0, 3.0], [0.5, -0.5, 0.0], [1.0, 0.5, 0.0], [-2.0, 2.0, 1.0]]
    n_swap = [[1.0, 2.5, 3.5], [0.0, -1.0, 0.75], [5.0, 0.0, 0.0], [2.0, 1.0, 0.0]]
    c.add("pairwise_default", (A, A, A), [a, p, n])
    c.add("pairwise_explicit", (A, A, A), [a, p, n], {"distance_function": "pairwise"})
    c.add("pairwise_margin_swap", (A, A, A), [a, p, n_swap],
          {"distance_function": "pairwise", "margin": 0.5, "swap": True})
    c.add("pairwise_swap", (A, A, A), [a, p, n_swap], {"swap": True})
    c.add("cosine", (A, A, A), [a, p, n], {"distance_function": "cosine"})
    c.add("cosine_margin", (A, A, A), [a, p, n], {"distance_function": "cosine", "margin": 0.2})
    c.add("cosine_swap", (A, A, A), [a, p, n_swap], {"distance_function": "cosine", "swap": True})
    c.add("cosine_margin_swap", (A, A, A), [a, p, n_swap],
          {"distance_function": "cosine", "margin": 1.5, "swap": True})
    same = [[1.0, 2.0, 3.0, 4.0], [0.5, 0.0, 0.0, 0.0]]
    # pairwise distance has the eps=1e-6 shift: identical vectors are 2e-6 apart (D = 4)
    c.add("identical_vectors_pairwise", (A, A, A), [same, same, same])
    c.add("identical_vectors_cosine", (A, A, A), [same, same, same], {"distance_function": "cosine"})
    c.add("null_rows", (A, A, A), null_rows([a, p, n], [(0, 1), (2, 2)]), {"distance_function": "cosine"})
    c.add("null_rows_pairwise_swap", (A, A, A), null_rows([a, p, n_swap], [(1, 0)]), {"swap": True})
    c.add_edges((A, A, A), [a, p, n], {"distance_function": "cosine"})
    for k in range(5):
        tag = "random_%d" % k
        rng = rng_for(c.fname, tag)
        nn_, d = sizes(rng)
        args = [rnormal(rng, (nn_, d)), rnormal(rng, (nn_, d)), rnormal(rng, (nn_, d))]
        opts = [{}, {"distance_function": "cosine"}, {"swap": True, "margin": 0.5},
                {"distance_function": "cosine", "swap": True, "margin": 0.3},
                {"distance_function": "pairwise", "margin": 2.0}][k]
        if k % 2 == 1:
            args = inject_nulls(rng, args, 3)
            tag += "_with_nulls"
        c.add(tag, (A, A, A), args, opts)
    return c


def cases_ctc():
    c = Cases("ctc_loss")

    def lp(seed, t, cc, scale=1.0):
        rng = np.random.RandomState(seed)
        return r6(log_softmax_np(rng.normal(0, scale, (t, cc))))

    # C = 4 classes, blank = 0 by default; rows with different T
    rows = [lp(1, 5, 4), lp(2, 3, 4), lp(3, 6, 4), lp(4, 4, 4)]
    tg = [[1, 2], [3], [1, 2, 3], [2, 2]]
    c.add("basic_varying_t", (M, LS), [rows, tg])
    c.add("basic_zero_infinity", (M, LS), [rows, tg], {"zero_infinity": True})
    # mean divides each loss by its target length (clamped to >= 1 for empty targets)
    c.add("empty_target", (M, LS), [rows, [[], [3], [], [2]]])
    c.add("all_targets_empty", (M, LS), [rows[:3], [[], [], []]])
    # infeasible: T shorter than the target / repeats needing a separating blank -> +inf
    inf_rows = [lp(5, 2, 4), lp(6, 2, 4), lp(7, 3, 4), lp(8, 3, 4)]
    inf_tg = [[1, 2, 3], [1, 1], [1, 1], [2, 2, 2]]
    c.add("infeasible_alignments_inf", (M, LS), [inf_rows, inf_tg])
    c.add("infeasible_alignments_zero_infinity", (M, LS), [inf_rows, inf_tg], {"zero_infinity": True})
    c.add("repeat_exactly_feasible", (M, LS), [[lp(9, 3, 4), lp(10, 5, 4)], [[1, 1], [2, 2, 2]]])
    c.add("single_step", (M, LS), [[lp(11, 1, 4), lp(12, 1, 4), lp(13, 1, 4)], [[], [2], [1, 2]]],
          {"zero_infinity": False})
    # blank at the last class index
    rows_b = [lp(14, 5, 5), lp(15, 4, 5), lp(16, 6, 5)]
    tg_b = [[0, 1], [3, 3], [2, 0, 1]]
    c.add("blank_last_class", (M, LS), [rows_b, tg_b], {"blank": 4})
    c.add("blank_middle_class_zero_infinity", (M, LS),
          [rows_b, [[0, 1, 3], [3, 3], [1, 0, 1]]], {"blank": 2, "zero_infinity": True})
    c.add("blank_middle_class_inf", (M, LS),
          [rows_b, [[0, 1, 3], [3, 3, 3], [1, 0, 1]]], {"blank": 2})
    # log-probabilities are used as given (no log_softmax): peaked and non-normalised inputs
    peaked = [[[0.0, -1e3, -1e3], [-1e3, 0.0, -1e3], [0.0, -1e3, -1e3]],
              [[-1e3, 0.0, -1e3], [-1e3, -1e3, 0.0], [-1e3, -1e3, 0.0]]]
    c.add("peaked_log_probs", (M, LS), [peaked, [[1], [1, 2]]])
    c.add("non_normalised_inputs", (M, LS), [[[[0.5, -0.25, 1.0], [-2.0, 0.0, 0.3]],
                                              [[1.0, 1.0, 1.0], [-1.0, -3.0, 0.0], [0.1, 0.2, 0.3]]],
                                             [[2], [1, 2]]])
    c.add("null_rows", (M, LS), null_rows([rows, tg], [(0, 1), (1, 3)]))
    # log_probs without classes: PyTorch rejects them (no blank is in label range)
    c.add_error("zero_classes", (M, LS), [[[[], [], []]], [[]]])
    c.add_error("zero_classes_blank_one", (M, LS), [[[[], []], [[], []]], [[], []]], {"blank": 1})
    c.add_error("blank_out_of_range", (M, LS), [[lp(17, 3, 4)], [[1, 2]]], {"blank": 4})
    c.add("null_rows_zero_infinity", (M, LS), null_rows([inf_rows, inf_tg], [(1, 2)]),
          {"zero_infinity": True})
    c.add_edges((M, LS), [rows, tg], {"blank": 0})
    for k in range(6):
        tag = "random_%d" % k
        rng = rng_for(c.fname, tag)
        n = int(rng.randint(5, 21 if k < 4 else 41))
        cc = int(rng.randint(2, 9 if k < 4 else 6))
        blank = 0 if k % 3 == 0 else int(rng.randint(0, cc))
        non_blank = [v for v in range(cc) if v != blank]
        mats, targets = [], []
        for _ in range(n):
            t = int(rng.randint(1, 11 if k < 4 else 7))
            mats.append(r6(log_softmax_np(rng.normal(0, 1.5, (t, cc)))))
            length = int(rng.randint(0, min(t, 5) + 2))  # sometimes longer than feasible
            targets.append([non_blank[int(i)] for i in rng.randint(0, len(non_blank), length)])
        args = [mats, targets]
        opts = {"blank": blank}
        if k in (1, 2, 5):
            opts["zero_infinity"] = True
        if k % 2 == 1:
            args = inject_nulls(rng, args, 2)
            tag += "_with_nulls"
        c.add(tag, (M, LS), args, opts)
    return c


ALL = [
    lambda: cases_mse_l1("mse_loss"),
    lambda: cases_mse_l1("l1_loss"),
    cases_smooth_l1,
    cases_huber,
    cases_soft_margin,
    cases_bce,
    cases_bce_logits,
    cases_kl_div,
    cases_hinge_embedding,
    cases_poisson,
    cases_gaussian,
    cases_cross_entropy,
    cases_nll,
    cases_margin_ranking,
    cases_cosine_embedding,
    cases_multi_margin,
    cases_multilabel_margin,
    cases_multilabel_soft_margin,
    cases_triplet,
    cases_triplet_distance,
    cases_ctc,
]


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------

def render(fname, cases, errors):
    """One JSON object; keys sorted; one case per line for readable diffs."""
    dump = lambda v: json.dumps(v, sort_keys=True, allow_nan=True)
    lines = ['{"cases": [']
    for i, case in enumerate(cases):
        lines.append(dump(case) + ("," if i + 1 < len(cases) else ""))
    lines.append('], "errors": [')
    for i, error in enumerate(errors):
        lines.append(dump(error) + ("," if i + 1 < len(errors) else ""))
    lines.append('], "function": %s, "generator": %s, "torch_version": %s}'
                 % (dump(fname), dump(GENERATOR), dump(torch.__version__)))
    text = "\n".join(lines) + "\n"
    parsed = json.loads(text)  # must be valid JSON (with NaN/Infinity tokens)
    assert parsed["function"] == fname and len(parsed["cases"]) == len(cases)
    return text


def add_empty_rows(c):
    """A row whose arrays are all empty (zero classes or elements), for every signature with an
    array or a label list: PyTorch's value (a case) or its error (an error case), so that the
    core's behaviour on an empty row is PyTorch's for every loss. CTC's log-probability matrix
    is left out: its zero-class errors are cases of their own."""
    empty = {S: 1.0, A: [], LS: [], L: 0}
    for kinds in ARG_KINDS[c.fname]:
        if M in kinds or not any(k in (A, LS) for k in kinds):
            continue
        cid = "empty_row_" + "_".join(kinds)
        args = [[empty[k]] for k in kinds]
        rows = _rows_of(kinds, args, {}, c.fname)[1]
        if torch_error(c.fname, kinds, rows, {}) is None:
            c.add(cid, kinds, args)
        else:
            c.add_error(cid, kinds, args)


def check_coverage(fname, cases):
    ids = [c["id"] for c in cases]
    assert any(i.startswith("empty_group") for i in ids), fname
    assert any(i.startswith("all_null_group") for i in ids), fname
    assert any(i.startswith("null_rows") for i in ids), fname
    assert any(i.startswith("random") for i in ids), fname
    missing_signatures = set(ARG_KINDS[fname]) - {tuple(c["arg_kinds"]) for c in cases}
    assert not missing_signatures, (fname, "catalog signatures without a case", missing_signatures)
    used = set()
    for case in cases:
        used.update(case["options"].keys())
    missing = set(OPTION_TYPES[fname]) - used
    assert not missing, (fname, missing)
    for case in cases:
        rows = len(case["args"][0])
        if case["id"].startswith("random"):
            assert 5 <= rows <= 40, (fname, case["id"], rows)
        if any(r is None for a in case["args"] for r in a) and case["expected"]["sum"] is not None:
            assert any(r is None for r in case["expected_rows"])


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    total = errors = 0
    for make in ALL:
        c = make()
        add_empty_rows(c)
        check_coverage(c.fname, c.cases)
        text = render(c.fname, c.cases, c.errors)
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            raise AssertionError("%s.json is %d bytes (limit %d)" % (c.fname, size, MAX_FILE_BYTES))
        path = os.path.join(OUT_DIR, c.fname + ".json")
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        total += len(c.cases)
        errors += len(c.errors)
        print("%-40s %3d cases %2d errors %7d bytes" % (c.fname + ".json", len(c.cases),
                                                       len(c.errors), size))
    print("%d files, %d cases, %d error cases, torch %s" % (len(ALL), total, errors,
                                                          torch.__version__))


if __name__ == "__main__":
    sys.exit(main())
