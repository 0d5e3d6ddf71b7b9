package io.losseval.spark.columnar;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.BasePredicate;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Predicate;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * {@code count(...)} beside the losses (the batch job always counts rows): per group, the rows
 * where every argument is non-NULL, as Spark's partial {@code count} buffer (a long). Arguments
 * that are columns are tested on the column vectors; any other argument is tested row by row by a
 * generated predicate ({@code arg IS NOT NULL}).
 */
final class ColumnarCount implements ColumnarFunction {
  /**
   * What to count, resolved when the plan is made.
   *
   * @param never an argument is the NULL literal: nothing is counted
   * @param columns view columns that must all be non-NULL
   * @param notNull bound {@code arg IS NOT NULL} tests for arguments that are not columns
   */
  record Spec(boolean never, int[] columns, Expression[] notNull) implements Serializable {
    ColumnarCount create() {
      return new ColumnarCount(this);
    }
  }

  private final Spec spec;
  private final BasePredicate[] tests;
  private long[] counts = new long[1];
  private boolean[] counted = new boolean[0]; // per row of the batch, when arguments are tested

  private ColumnarCount(Spec spec) {
    this.spec = spec;
    tests = new BasePredicate[spec.notNull().length];
    for (int t = 0; t < tests.length; t++) {
      tests[t] = Predicate.create(spec.notNull()[t]);
      tests[t].initialize(0); // deterministic expressions only (checked when planned)
    }
  }

  @Override
  public void grow(int capacity) {
    if (counts.length < capacity) {
      counts = Arrays.copyOf(counts, capacity);
    }
  }

  @Override
  public void update(ColumnarBatch view, BatchGroups groups) {
    int n = view.numRows();
    if (spec.never() || n == 0) {
      return;
    }
    boolean everyRow = spec.columns().length == 0 && tests.length == 0;
    if (!everyRow) {
      test(view, n);
    }
    boolean[] ok = counted;
    if (groups.sorted) {
      for (int r = 0; r < groups.runs; r++) {
        long c = 0;
        if (everyRow) {
          c = groups.start[r + 1] - groups.start[r];
        } else {
          for (int k = groups.start[r]; k < groups.start[r + 1]; k++) {
            c += ok[groups.order[k]] ? 1 : 0;
          }
        }
        counts[groups.group[r]] += c;
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      if (everyRow || ok[i]) {
        counts[groups.of(i)]++;
      }
    }
  }

  /** Whether each row is counted, into {@link #counted}. */
  private void test(ColumnarBatch view, int n) {
    if (counted.length < n) {
      counted = new boolean[n];
    }
    boolean[] ok = counted;
    Arrays.fill(ok, 0, n, true);
    for (int c : spec.columns()) {
      ColumnVector v = view.column(c);
      if (v.hasNull()) {
        for (int i = 0; i < n; i++) {
          ok[i] &= !v.isNullAt(i);
        }
      }
    }
    for (BasePredicate test : tests) {
      for (int i = 0; i < n; i++) {
        ok[i] = ok[i] && test.eval(view.getRow(i));
      }
    }
  }

  @Override
  public Object partial(int g) {
    return counts[g];
  }

  @Override
  public void clear(int groups) {
    Arrays.fill(counts, 0, Math.max(groups, 1), 0L);
  }

  @Override
  public long bytesPerGroup() {
    return 8;
  }
}
