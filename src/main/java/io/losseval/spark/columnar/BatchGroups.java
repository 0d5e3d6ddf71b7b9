package io.losseval.spark.columnar;

import java.util.Arrays;

/**
 * The groups of the rows of one view of a batch, as every function of a columnar partial aggregate
 * reads them: each row's group number and, when the batch has many more rows than the task has
 * groups, the rows sorted into runs of one group each (a counting sort, groups in order of first
 * appearance), so that a group's rows reach its state in one kernel call. Without GROUP BY the
 * whole batch is one run of group 0.
 */
final class BatchGroups {
  /** Runs shorter than this on average are not worth sorting. */
  static final int MIN_RUN = 16;

  /** Per row, its group; null without GROUP BY. */
  int[] of;

  /** Groups the task has: every group number is below it. */
  int count = 1;

  /** Whether the rows are sorted into runs ({@link #order}, {@link #start}, {@link #group}). */
  boolean sorted;

  /** The rows, run after run. */
  int[] order = new int[0];

  /** Run {@code r} is {@code order[start[r] .. start[r + 1])}. */
  int[] start = new int[2];

  /** The group of each run. */
  int[] group = new int[1];

  /** Number of runs. */
  int runs;

  private int[] runOf = new int[0]; // per group: its run in the batch being sorted, or -1
  private int[] next = new int[0];

  /** The group of row {@code i}. */
  int of(int i) {
    return of == null ? 0 : of[i];
  }

  /** All {@code n} rows in one run of group 0 (no GROUP BY). */
  void single(int n) {
    of = null;
    count = 1;
    ensure(n);
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    sorted = true;
    runs = 1;
    start[0] = 0;
    start[1] = n;
    group[0] = 0;
  }

  /**
   * Rows {@code 0 .. n} of groups {@code groupOf} among {@code groups}: sorted into runs when runs
   * would be long enough on average.
   */
  void grouped(int[] groupOf, int n, int groups) {
    of = groupOf;
    count = groups;
    sorted = (long) groups * MIN_RUN <= n;
    if (sorted) {
      sort(n);
    }
  }

  private void ensure(int n) {
    if (order.length < n) {
      order = new int[n];
      next = new int[n];
      group = new int[n];
      start = new int[n + 1];
    }
  }

  private void sort(int n) {
    ensure(n);
    if (runOf.length < count) {
      int old = runOf.length;
      runOf = Arrays.copyOf(runOf, count);
      Arrays.fill(runOf, old, count, -1);
    }
    runs = 0;
    for (int i = 0; i < n; i++) {
      int g = of[i];
      int r = runOf[g];
      if (r < 0) {
        r = runs++;
        runOf[g] = r;
        group[r] = g;
        next[r] = 0;
      }
      next[r]++;
    }
    start[0] = 0;
    for (int r = 0; r < runs; r++) {
      start[r + 1] = start[r] + next[r];
      next[r] = start[r]; // from here on: the next free position of run r
    }
    for (int i = 0; i < n; i++) {
      order[next[runOf[of[i]]]++] = i;
    }
    for (int r = 0; r < runs; r++) {
      runOf[group[r]] = -1;
    }
  }
}
