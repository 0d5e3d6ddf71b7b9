package io.losseval.spark.columnar;

import io.losseval.core.Sample;
import java.util.Arrays;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * A loss over number columns that adds scalar rows in batches ({@code mse_loss} and the other
 * elementwise losses). The columns are read into arrays and added in one kernel call per batch
 * without GROUP BY, or per group when a batch holds long runs of each group; otherwise each row
 * goes to its group's slots in a flat arena ({@value #SLOTS} rows per group) and a full group is
 * added in one call, so that a group's state is touched once per {@value #SLOTS} rows.
 */
final class ColumnarNumberLoss extends ColumnarLoss {
  /** Rows a group's arena slots hold before they are added to its state. */
  static final int SLOTS = 16;

  private final NumberColumn[] numbers; // per argument: how its column is read
  private final Sample sample;
  private final double[][] batchValues; // per argument, the values read from the batch
  private double[] arena; // [group][argument][slot]; grouped only
  private byte[] held; // rows in each group's slots

  ColumnarNumberLoss(Spec spec, boolean grouped) {
    super(spec, false);
    numbers = NumberColumn.of(spec.types());
    sample = new Sample(arguments);
    batchValues = new double[arguments][];
    if (grouped) {
      arena = new double[SLOTS * arguments];
      held = new byte[1];
    }
  }

  @Override
  public void grow(int capacity) {
    if (arena != null && held.length < capacity) {
      arena = Arrays.copyOf(arena, capacity * SLOTS * arguments);
      held = Arrays.copyOf(held, capacity);
    }
    super.grow(capacity);
  }

  @Override
  void add(ColumnarBatch view, BatchGroups groups) {
    if (groups.sorted) {
      for (int r = 0; r < groups.runs; r++) {
        int m = completeRows(view, groups.order, groups.start[r], groups.start[r + 1]);
        for (int a = 0; a < arguments; a++) {
          double[] v = values(a, m);
          numbers[a].read(view.column(columns[a]), rows, 0, m, v);
          sample.set(a, v, 0, m, 1);
        }
        kernel.addBatch(sample, m, state(groups.group[r]));
      }
      return;
    }
    int m = completeRows(view, null, 0, view.numRows());
    double[][] columnValues = batchValues;
    for (int a = 0; a < arguments; a++) {
      columnValues[a] = values(a, m);
      numbers[a].read(view.column(columns[a]), rows, 0, m, columnValues[a]);
    }
    double[] slots = arena;
    int args = arguments;
    for (int j = 0; j < m; j++) {
      int g = groups.of[rows[j]];
      int k = held[g];
      // a group's slots of one argument side by side: a full group is the kernel's columns as they
      // are, with no copy
      int at = g * SLOTS * args + k;
      for (int a = 0; a < args; a++) {
        slots[at + a * SLOTS] = columnValues[a][j];
      }
      if (++k == SLOTS) {
        addHeld(g, SLOTS);
        k = 0;
      }
      held[g] = (byte) k;
    }
  }

  /** Adds the {@code count} rows held in group {@code g}'s slots to its state. */
  private void addHeld(int g, int count) {
    int base = g * SLOTS * arguments;
    for (int a = 0; a < arguments; a++) {
      sample.set(a, arena, base + a * SLOTS, count, 1);
    }
    kernel.addBatch(sample, count, state(g));
  }

  @Override
  void settle(int g) {
    if (held != null && held[g] > 0) {
      addHeld(g, held[g]);
      held[g] = 0;
    }
  }

  @Override
  public void clear(int groups) {
    super.clear(groups);
    if (held != null) {
      Arrays.fill(held, 0, Math.max(groups, 1), (byte) 0);
    }
  }

  @Override
  public long bytesPerGroup() {
    // plus the arena's slots
    return super.bytesPerGroup() + (arena == null ? 0 : 1 + 8L * SLOTS * arguments);
  }
}
