package io.losseval.spark.columnar;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * What each task of a {@link ColumnarPartialAggregateExec} does, in a form that ships to executors:
 * read the child's column batches (through {@link ColumnarInput}'s views), give each row a group
 * number ({@link GroupKeys}), add whole batches to every function's per-group buffers, and emit one
 * row per group, {@code keys..., buffers...}, exactly as Spark's partial aggregate would, so
 * Spark's shuffle and final aggregate take them unchanged.
 *
 * <p>Memory is bounded: once a task holds {@code maxGroups} groups, or Spark's memory manager
 * grants no more memory for them, the task emits the rows of the groups it holds and starts again.
 * The final aggregate merges the groups that were emitted twice.
 */
final class ColumnarAggregation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ColumnarInput input;
  private final int[] keyColumns;
  private final DataType[] keyTypes;
  private final List<ColumnarCount.Spec> counts; // by position in functionOrder
  private final List<ColumnarLoss.Spec> losses;
  private final boolean[] isLoss; // per output function: a loss (else a count)
  private final DataType[] outputTypes;
  private final int maxGroups;

  ColumnarAggregation(
      ColumnarInput input,
      int[] keyColumns,
      DataType[] keyTypes,
      List<ColumnarCount.Spec> counts,
      List<ColumnarLoss.Spec> losses,
      boolean[] isLoss,
      DataType[] outputTypes,
      int maxGroups) {
    this.input = input;
    this.keyColumns = keyColumns;
    this.keyTypes = keyTypes;
    this.counts = List.copyOf(counts);
    this.losses = List.copyOf(losses);
    this.isLoss = isLoss;
    this.outputTypes = outputTypes;
    this.maxGroups = maxGroups;
  }

  /** One task: the partial rows of the batches {@code batches}. */
  Iterator<InternalRow> run(
      Iterator<ColumnarBatch> batches, SQLMetric outputRows, SQLMetric earlyEmits) {
    return new Task(batches, outputRows, earlyEmits);
  }

  private final class Task implements Iterator<InternalRow> {
    private final Iterator<ColumnarBatch> batches;
    private final SQLMetric outputRows;
    private final SQLMetric earlyEmits;
    private final ColumnarInput.Views views = input.newViews();
    private final GroupKeys keys;
    private final ColumnarFunction[] functions;
    private final GroupMemory memory;
    private final UnsafeProjection toUnsafe;
    private final GenericInternalRow row;
    private int[] groupOf = new int[0];
    private final BatchGroups batchGroups = new BatchGroups();
    private int emitted = -1; // next group to emit; -1 while reading input
    private boolean inputDone;
    private boolean finished;

    Task(Iterator<ColumnarBatch> batches, SQLMetric outputRows, SQLMetric earlyEmits) {
      this.batches = batches;
      this.outputRows = outputRows;
      this.earlyEmits = earlyEmits;
      keys = keyColumns.length == 0 ? null : new GroupKeys(keyColumns, keyTypes);
      functions = new ColumnarFunction[isLoss.length];
      int c = 0;
      int l = 0;
      long perGroup = keys == null ? 0 : keys.bytesPerGroup();
      long perTask = 0;
      for (int f = 0; f < functions.length; f++) {
        functions[f] = isLoss[f] ? losses.get(l++).create(keys != null) : counts.get(c++).create();
        perGroup += functions[f].bytesPerGroup();
        perTask += functions[f].bytesPerTask();
      }
      growFunctions(keys == null ? 1 : keys.capacity());
      memory = GroupMemory.forCurrentTask(perGroup, perTask);
      toUnsafe = UnsafeProjection.create(outputTypes);
      row = new GenericInternalRow(outputTypes.length);
    }

    private void growFunctions(int capacity) {
      for (ColumnarFunction f : functions) {
        f.grow(capacity);
      }
    }

    private int groups() {
      return keys == null ? 1 : keys.groups();
    }

    @Override
    public boolean hasNext() {
      while (!finished) {
        if (emitted >= 0) {
          if (emitted < groups()) {
            return true;
          }
          clear();
          if (inputDone) {
            finished = true;
            memory.release();
            break;
          }
        }
        if (!batches.hasNext()) {
          // Without GROUP BY Spark emits one row even for an empty partition (groups() is 1);
          // with GROUP BY, only the groups that rows reached.
          inputDone = true;
          emitted = 0;
        } else {
          add(batches.next());
          if (keys != null && (keys.groups() >= maxGroups || !memory.reserve(keys.capacity()))) {
            earlyEmits.add(1);
            emitted = 0;
          }
        }
      }
      return false;
    }

    private void add(ColumnarBatch batch) {
      int n = batch.numRows();
      if (n == 0) {
        return;
      }
      if (groupOf.length < n) {
        groupOf = new int[n];
      }
      for (int v = 0; v < input.views(); v++) {
        ColumnarBatch view = views.of(v, batch);
        if (keys == null) {
          batchGroups.single(n);
        } else {
          int capacity = keys.capacity();
          keys.assign(view, groupOf);
          if (keys.capacity() != capacity) {
            growFunctions(keys.capacity());
          }
          batchGroups.grouped(groupOf, n, keys.groups());
        }
        for (ColumnarFunction f : functions) {
          f.update(view, batchGroups);
        }
      }
    }

    private void clear() {
      int groups = groups();
      for (ColumnarFunction f : functions) {
        f.clear(groups);
      }
      if (keys != null) {
        keys.clear();
      }
      emitted = -1;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int g = emitted++;
      int k = keyColumns.length;
      for (int i = 0; i < k; i++) {
        row.update(i, keys.key(g, i));
      }
      for (int f = 0; f < functions.length; f++) {
        row.update(k + f, functions[f].partial(g));
      }
      outputRows.add(1);
      return toUnsafe.apply(row);
    }
  }
}
