package io.losseval.spark.columnar;

import io.losseval.core.Sample;
import java.util.Arrays;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * A loss over number columns that adds scalar rows in batches ({@code mse_loss} and the other
 * elementwise losses). The columns are read into arrays and added in one kernel call per batch
 * without GROUP BY, or per group when a batch holds long runs of each group; otherwise each row
 * goes to its group's slots in an arena ({@value #SLOTS} rows per group, argument by argument) and
 * a full group is added in one call straight from the arena, so that a group's state is touched
 * once per {@value #SLOTS} rows. The arena is pages of {@value #PAGE} groups: more groups add pages
 * rather than copy the arena into one twice as large.
 */
final class ColumnarNumberLoss extends ColumnarLoss {
  /** Rows a group's arena slots hold before they are added to its state. */
  static final int SLOTS = 16;

  private static final int PAGE_SHIFT = 10;

  /** Groups per arena page (256 KiB for two arguments, far below a large-object allocation). */
  static final int PAGE = 1 << PAGE_SHIFT;

  private final NumberColumn[] numbers; // per argument: how its column is read
  private final Sample sample;
  private final double[][] batchValues; // per argument, the values read from the batch
  // [group / PAGE][(group % PAGE) * SLOTS * arguments + argument * SLOTS + slot]; grouped only
  private double[][] arena;
  private byte[] held; // rows in each group's slots

  ColumnarNumberLoss(Spec spec, boolean grouped) {
    super(spec, false);
    numbers = NumberColumn.of(spec.types());
    sample = new Sample(arguments);
    batchValues = new double[arguments][];
    if (grouped) {
      arena = new double[][] {new double[SLOTS * arguments]};
      held = new byte[1];
    }
  }

  @Override
  public void grow(int capacity) {
    if (arena != null && held.length < capacity) {
      int perGroup = SLOTS * arguments;
      // the first page grows up to its full size; past it, whole pages are added
      arena[0] = Arrays.copyOf(arena[0], Math.min(capacity, PAGE) * perGroup);
      int pages = (capacity + PAGE - 1) >>> PAGE_SHIFT;
      int had = arena.length;
      if (pages > had) {
        arena = Arrays.copyOf(arena, pages);
        for (int p = had; p < pages; p++) {
          arena[p] = new double[PAGE * perGroup];
        }
      }
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
    double[][] pages = arena;
    int args = arguments;
    for (int j = 0; j < m; j++) {
      int g = groups.of[rows[j]];
      int k = held[g];
      // a group's slots of one argument side by side: a full group is the kernel's columns as they
      // are, with no copy
      double[] page = pages[g >>> PAGE_SHIFT];
      int at = (g & (PAGE - 1)) * SLOTS * args + k;
      for (int a = 0; a < args; a++) {
        page[at + a * SLOTS] = columnValues[a][j];
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
    double[] page = arena[g >>> PAGE_SHIFT];
    int base = (g & (PAGE - 1)) * SLOTS * arguments;
    for (int a = 0; a < arguments; a++) {
      sample.set(a, page, base + a * SLOTS, count, 1);
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
