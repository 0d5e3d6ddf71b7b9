package io.losseval.jmh;

import io.losseval.core.ArrayRowBatch;
import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;

/**
 * What reading cross-entropy rows costs on the row path and the columnar path, timed as {@link
 * KernelRounds} times kernels (thread CPU time, variants taking turns): a cached row's array of 10
 * doubles ({@link UnsafeArrayData}) read value by value or in one copy, the row path's kernel call
 * per row or through an {@link ArrayRowBatch}, and a column batch's array values read value by
 * value or in one call. Run: {@code mvn -B -q -Pjmh test-compile exec:java
 * -Dexec.mainClass=io.losseval.jmh.ArrayReadRounds -Dexec.classpathScope=test [-Drounds=N]}.
 */
public final class ArrayReadRounds {
  private static final int ROWS = 4096;
  private static final int CLASSES = 10;

  private ArrayReadRounds() {}

  /**
   * Reads {@code u} value by value, as the row path did, through {@link ArrayData} (a call site
   * that in Spark sees arrays of several kinds).
   */
  private static void readEach(ArrayData u, double[] out) {
    int n = u.numElements();
    for (int i = 0; i < n; i++) {
      out[i] = u.getDouble(i);
    }
  }

  /** Reads {@code u} as the row path does now: its NULL bits checked, its values in one copy. */
  private static void readBulk(UnsafeArrayData u, double[] out) {
    int n = u.numElements();
    Object base = u.getBaseObject();
    long bits = u.getBaseOffset() + 8;
    for (int w = 0; w < (n + 63) >>> 6; w++) {
      if (Platform.getLong(base, bits + 8L * w) != 0L) {
        throw new IllegalStateException("a NULL element");
      }
    }
    Platform.copyMemory(
        base,
        u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(n),
        out,
        Platform.DOUBLE_ARRAY_OFFSET,
        8L * n);
  }

  /** Reads {@code u}: its NULL bits checked, its values by Platform.getDouble in a loop. */
  private static void readLoop(UnsafeArrayData u, double[] out) {
    int n = u.numElements();
    Object base = u.getBaseObject();
    long bits = u.getBaseOffset() + 8;
    for (int w = 0; w < (n + 63) >>> 6; w++) {
      if (Platform.getLong(base, bits + 8L * w) != 0L) {
        throw new IllegalStateException("a NULL element");
      }
    }
    long at = u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(n);
    for (int i = 0; i < n; i++) {
      out[i] = Platform.getDouble(base, at + 8L * i);
    }
  }

  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 15);
    double[] logits = BenchData.logits(ROWS, CLASSES);
    double[] labels = BenchData.labels(ROWS, CLASSES);
    UnsafeArrayData[] cached = new UnsafeArrayData[ROWS];
    for (int r = 0; r < ROWS; r++) {
      double[] row = new double[CLASSES];
      System.arraycopy(logits, r * CLASSES, row, 0, CLASSES);
      cached[r] = UnsafeArrayData.fromPrimitiveArray(row);
    }
    OnHeapColumnVector column =
        new OnHeapColumnVector(ROWS, DataTypes.createArrayType(DataTypes.DoubleType, false));
    for (int r = 0; r < ROWS; r++) {
      column.putArray(r, r * CLASSES, CLASSES);
    }
    column.arrayData().reserve(ROWS * CLASSES);
    column.arrayData().putDoubles(0, ROWS * CLASSES, logits, 0);
    LossKernel ce =
        LossCatalog.get("cross_entropy").bind(Map.of(), List.of(Shape.ARRAY, Shape.SCALAR));
    Sample s = new Sample(2);
    double[] storage = new double[CLASSES];
    double[] label = new double[1];
    double[] flat = new double[ROWS * CLASSES];

    // In Spark the reader's call site sees arrays of several kinds (Spark's own format from a
    // cache or a shuffle, column batches' arrays under a row view, generic ones from
    // expressions): so it does here.
    double[] some = new double[CLASSES];
    ArrayData[] kinds = {
      new GenericArrayData(java.util.Arrays.copyOf(logits, CLASSES)), column.getArray(0), cached[0]
    };
    for (int i = 0; i < 100_000; i++) {
      readEach(kinds[i % kinds.length], some);
    }
    Map<String, DoubleSupplier> variants = new LinkedHashMap<>();
    variants.put(
        "cross_entropy kernel alone, add per row",
        () -> {
          LossState st = ce.newState();
          for (int r = 0; r < ROWS; r++) {
            ce.add(s.set(0, logits, r * CLASSES, CLASSES, 1).set(1, labels, r, 1, 1), st);
          }
          return ce.result(st, Reduction.SUM);
        });
    variants.put(
        "cross_entropy kernel alone, addArrayRows of 512 rows",
        () -> {
          LossState st = ce.newState();
          for (int r = 0; r < ROWS; r += 512) {
            s.set(0, logits, r * CLASSES, 512 * CLASSES, CLASSES).set(1, labels, r, 512, 1);
            ce.addArrayRows(s, 512, CLASSES, st);
          }
          return ce.result(st, Reduction.SUM);
        });
    variants.put(
        "a cached row's array, value by value (getDouble)",
        () -> {
          double sum = 0.0;
          for (UnsafeArrayData u : cached) {
            readEach(u, storage);
            sum += storage[CLASSES - 1];
          }
          return sum;
        });
    variants.put(
        "a cached row's array, NULL bits checked and one copyMemory (UnsafeDoubles, >= 64 values)",
        () -> {
          double sum = 0.0;
          for (UnsafeArrayData u : cached) {
            readBulk(u, storage);
            sum += storage[CLASSES - 1];
          }
          return sum;
        });
    variants.put(
        "cross_entropy row path before: value by value, add per row",
        () -> {
          LossState st = ce.newState();
          for (int r = 0; r < ROWS; r++) {
            readEach(cached[r], storage);
            label[0] = labels[r];
            ce.add(s.set(0, storage, 0, CLASSES, 1).set(1, label, 0, 1, 1), st);
          }
          return ce.result(st, Reduction.SUM);
        });
    variants.put(
        "cross_entropy row path now: read as UnsafeDoubles does, ArrayRowBatch",
        () -> {
          LossState st = ce.newState();
          ArrayRowBatch batch = new ArrayRowBatch(ce, new boolean[] {true, false});
          for (int r = 0; r < ROWS; r++) {
            readLoop(cached[r], storage);
            label[0] = labels[r];
            batch.add(s.set(0, storage, 0, CLASSES, 1).set(1, label, 0, 1, 1), st);
          }
          batch.flush();
          return ce.result(st, Reduction.SUM);
        });
    variants.put(
        "cross_entropy through an ArrayRowBatch, rows already read",
        () -> {
          LossState st = ce.newState();
          ArrayRowBatch batch = new ArrayRowBatch(ce, new boolean[] {true, false});
          for (int r = 0; r < ROWS; r++) {
            batch.add(s.set(0, logits, r * CLASSES, CLASSES, 1).set(1, labels, r, 1, 1), st);
          }
          batch.flush();
          return ce.result(st, Reduction.SUM);
        });
    variants.put(
        "a cached row's array, NULL bits checked, Platform.getDouble loop (UnsafeDoubles, < 64 values)",
        () -> {
          double sum = 0.0;
          for (UnsafeArrayData u : cached) {
            readLoop(u, storage);
            sum += storage[CLASSES - 1];
          }
          return sum;
        });
    variants.put(
        "a column batch's array values, getDouble per value",
        () -> {
          var values = column.arrayData();
          for (int r = 0; r < ROWS; r++) {
            int from = column.getArrayOffset(r);
            for (int c = 0; c < CLASSES; c++) {
              flat[r * CLASSES + c] = values.getDouble(from + c);
            }
          }
          return flat[ROWS * CLASSES - 1];
        });
    variants.put(
        "a column batch's array values, one getDoubles for the batch",
        () -> {
          double[] all = column.arrayData().getDoubles(column.getArrayOffset(0), ROWS * CLASSES);
          return all[ROWS * CLASSES - 1];
        });
    KernelRounds.run(variants, rounds, ROWS, CLASSES);
  }
}
