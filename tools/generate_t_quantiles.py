#!/usr/bin/env python3
"""Reference critical values of Student's t distribution, for StudentTTest.

What it does
    Writes src/test/resources/interval/t_quantiles.csv: for each whole number of degrees of
    freedom df and each two-sided confidence level c, the t with P(|T| <= t) = c for T ~ t(df),
    computed by SciPy (scipy.stats.t). For c >= 0.5 it is t.isf((1 - c) / 2, df), whose argument
    is exact in binary floating point (1 - c is exact there, and halving is exact), so the small
    tails of high confidence levels lose nothing; for c < 0.5 it is t.ppf(p, df) with
    p = 0.5 + c / 2 rounded to a double, and the file records the confidence SciPy was really
    asked for, 2 (p - 0.5) (exact), which differs from c in the last bits.
    The Java implementation (io.losseval.core.interval.StudentT) must agree to a relative 1e-12.

How to rerun
    From the repository root:
        python3 -m venv /tmp/venv-scipy && /tmp/venv-scipy/bin/pip install scipy
        /tmp/venv-scipy/bin/python tools/generate_t_quantiles.py
    The output is deterministic (Python's shortest round-trip float repr) and records the SciPy
    version in its first line.
"""

import os

import scipy
from scipy.stats import t

DEGREES_OF_FREEDOM = [1, 2, 3, 4, 5, 7, 9, 10, 14, 19, 29, 49, 99, 199, 499, 999]
# Not below 0.01: SciPy's t.ppf a hair above 1/2 is not accurate (at c = 1e-6, df = 4 it gives
# 1.33347e-6 where the density at 0, 3/8, implies c / 0.75 = 1.33333e-6); StudentTTest checks
# tiny levels against the closed forms for df 1 and 2 instead.
CONFIDENCE = [0.01, 0.1, 0.25, 0.5, 0.68, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999, 0.999999]
OUT = os.path.join("src", "test", "resources", "interval", "t_quantiles.csv")


def critical(c, df):
    """(the confidence SciPy was asked for, its critical value)"""
    if c >= 0.5:
        return c, float(t.isf((1.0 - c) / 2.0, df))
    p = 0.5 + c / 2.0
    return 2.0 * (p - 0.5), float(t.ppf(p, df))


def main():
    lines = ["# two-sided Student t critical values from scipy " + scipy.__version__
             + " (tools/generate_t_quantiles.py)", "df,confidence,critical"]
    for df in DEGREES_OF_FREEDOM:
        for c in CONFIDENCE:
            asked, value = critical(c, df)
            lines.append("%d,%r,%r" % (df, asked, value))
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", OUT, len(lines) - 2, "values")


if __name__ == "__main__":
    main()
