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

  /**
   * Where {@code u}'s values start, after checking its NULL bits a word at a time (as {@code
   * UnsafeDoubles} does).
   */
  private static long valuesWithoutNull(UnsafeArrayData u) {
    int n = u.numElements();
    long bits = u.getBaseOffset() + 8;
    for (int w = 0; w < (n + 63) >>> 6; w++) {
      if (Platform.getLong(u.getBaseObject(), bits + 8L * w) != 0L) {
        throw new IllegalStateException("a NULL element");
      }
    }
    return u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(n);
  }

  /**
   * Reads {@code u} in one copy after checking its NULL bits (longer arrays, as the reader does).
   */
  private static void readBulk(UnsafeArrayData u, double[] out) {
    long at = valuesWithoutNull(u);
    Platform.copyMemory(
        u.getBaseObject(), at, out, Platform.DOUBLE_ARRAY_OFFSET, 8L * u.numElements());
  }

  /** Reads {@code u} value by value from memory after checking its NULL bits (short arrays). */
  private static void readLoop(UnsafeArrayData u, double[] out) {
    long at = valuesWithoutNull(u);
    Object base = u.getBaseObject();
    for (int i = 0, n = u.numElements(); i < n; i++) {
      out[i] = Platform.getDouble(base, at + 8L * i);
    }
  }

  /** One way to read a cached row's array into {@code out}. */
  private interface Read {
    void read(UnsafeArrayData u, double[] out);
  }

  /** A variant reading every array of {@code cached} the way {@code how} does. */
  private static DoubleSupplier readAll(UnsafeArrayData[] cached, Read how) {
    double[] storage = new double[CLASSES];
    return () -> {
      double sum = 0.0;
      for (UnsafeArrayData u : cached) {
        how.read(u, storage);
        sum += storage[CLASSES - 1];
      }
      return sum;
    };
  }

  /**
   * A variant of the row path's work for cross entropy: each cached row read the way {@code how}
   * does into a reused sample, then added alone ({@code add}) or through an {@link ArrayRowBatch}.
   */
  private static DoubleSupplier rowPath(
      LossKernel ce, UnsafeArrayData[] cached, double[] labels, Read how, boolean batched) {
    Sample s = new Sample(2);
    double[] storage = new double[CLASSES];
    double[] label = new double[1];
    return () -> {
      LossState st = ce.newState();
      ArrayRowBatch batch = batched ? new ArrayRowBatch(ce, new boolean[] {true, false}) : null;
      for (int r = 0; r < ROWS; r++) {
        how.read(cached[r], storage);
        label[0] = labels[r];
        s.set(0, storage, 0, CLASSES, 1).set(1, label, 0, 1, 1);
        if (batched) {
          batch.add(s, st);
        } else {
          ce.add(s, st);
        }
      }
      if (batched) {
        batch.flush();
      }
      return ce.result(st, Reduction.SUM);
    };
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
        "cross_entropy kernel alone, add per row", KernelRounds.addEachRow(ce, s, logits, labels));
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
        readAll(cached, ArrayReadRounds::readEach));
    variants.put(
        "a cached row's array, NULL bits checked, Platform.getDouble loop (UnsafeDoubles, < 64 values)",
        readAll(cached, ArrayReadRounds::readLoop));
    variants.put(
        "a cached row's array, NULL bits checked and one copyMemory (UnsafeDoubles, >= 64 values)",
        readAll(cached, ArrayReadRounds::readBulk));
    variants.put(
        "cross_entropy row path before: value by value, add per row",
        rowPath(ce, cached, labels, ArrayReadRounds::readEach, false));
    variants.put(
        "cross_entropy row path now: read as UnsafeDoubles does, ArrayRowBatch",
        rowPath(ce, cached, labels, ArrayReadRounds::readLoop, true));
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
    KernelRounds.run(variants, rounds, ROWS, ROWS + " rows of " + CLASSES + " classes");
  }
}
