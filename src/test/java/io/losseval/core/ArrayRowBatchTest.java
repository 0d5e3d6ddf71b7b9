package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.loss.LossCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Array rows added through an {@link ArrayRowBatch} leave every state exactly as adding them one by
 * one does, when the batch's owner flushes before it reads, however rows of several states and
 * widths mix (ignored targets, class weights, rows wider than the batch holds); and a row the loss
 * rejects fails with the message and argument of the row-by-row path, the first bad row first.
 */
class ArrayRowBatchTest {
  private static final List<Shape> LOGITS_AND_LABEL = List.of(Shape.ARRAY, Shape.SCALAR);
  private static final boolean[] ARRAY_THEN_NUMBER = {true, false};

  private static LossKernel kernel(String function, Map<String, ?> options) {
    return LossCatalog.get(function).bind(options, LOGITS_AND_LABEL);
  }

  /** One row: logits at an offset of a larger array (as a reader's storage may be), a label. */
  private static Sample row(double[] logits, double label) {
    double[] padded = new double[logits.length + 3];
    java.util.Arrays.fill(padded, Double.NaN); // reading outside the row shows
    System.arraycopy(logits, 0, padded, 2, logits.length);
    return new Sample(2).set(0, padded, 2, logits.length, 1).set(1, new double[] {label});
  }

  private static double[] logits(Random r, int classes) {
    double[] x = new double[classes];
    for (int c = 0; c < classes; c++) {
      x[c] = r.nextGaussian() * Math.scalb(1.0, r.nextInt(12) - 4);
    }
    return x;
  }

  /** Adds {@code row} to {@code state} through {@code batch} when it accepts, else at once. */
  private static void addBatched(
      LossKernel kernel, ArrayRowBatch batch, Sample row, LossState state) {
    if (batch.accepts(state)) {
      batch.add(row, state);
    } else {
      kernel.add(row, state);
    }
  }

  @Test
  void batchedRowsGiveTheStatesOfRowByRowAdditions() {
    List<LossKernel> kernels =
        List.of(
            kernel("cross_entropy", Map.of()),
            kernel("nll_loss", Map.of()),
            kernel("cross_entropy", Map.of("label_smoothing", 0.1)));
    for (LossKernel kernel : kernels) {
      Random r = new Random(17);
      // State g's rows have width[g] classes; state 3's are wider than the batch holds at once
      // for more than a few rows, state 4's wider than it holds at all.
      int[] width = {10, 3, 1, 5000, ArrayRowBatch.VALUE_CAPACITY + 1};
      LossState[] direct = new LossState[width.length];
      LossState[] batched = new LossState[width.length];
      for (int g = 0; g < width.length; g++) {
        direct[g] = kernel.newState();
        batched[g] = kernel.newState();
      }
      ArrayRowBatch batch = new ArrayRowBatch(kernel, ARRAY_THEN_NUMBER);
      for (int i = 0; i < 4000; i++) {
        // Long runs of state 0, as without GROUP BY, broken by rows of the others.
        int g = r.nextInt(10) < 7 ? 0 : r.nextInt(100) < 97 ? 1 + r.nextInt(2) : 3 + r.nextInt(2);
        int c = width[g];
        int label = r.nextInt(20) == 0 ? -100 : r.nextInt(c); // -100: ignored
        Sample row = row(logits(r, c), label);
        kernel.add(row, direct[g]);
        addBatched(kernel, batch, row, batched[g]);
        if (i % 777 == 0 && batch.holds(batched[g])) { // a read in between: the owner flushes
          batch.flush();
          assertArrayEquals(direct[g].toBytes(), batched[g].toBytes(), kernel + " row " + i);
        }
      }
      batch.flush();
      for (int g = 0; g < width.length; g++) {
        assertTrue(direct[g].rows() > 0, "state " + g + " has rows");
        assertArrayEquals(direct[g].toBytes(), batched[g].toBytes(), "state " + g);
        assertEquals(
            kernel.result(direct[g], Reduction.MEAN), kernel.result(batched[g], Reduction.MEAN));
      }
    }
  }

  @Test
  void classWeightsAndEveryRowOfAFullBatchCount() {
    double[] weight = {0.5, 2.0, 1.0, 3.0};
    LossKernel kernel = kernel("cross_entropy", Map.of("weight", weight));
    Random r = new Random(3);
    LossState direct = kernel.newState();
    LossState batched = kernel.newState();
    ArrayRowBatch batch = new ArrayRowBatch(kernel, ARRAY_THEN_NUMBER);
    for (int i = 0; i < 3 * ArrayRowBatch.CAPACITY + 7; i++) {
      Sample row = row(logits(r, 4), r.nextInt(4));
      kernel.add(row, direct);
      batch.add(row, batched);
      assertEquals((i + 1) % ArrayRowBatch.CAPACITY, batch.size(), "a full batch is added");
    }
    assertTrue(batch.holds(batched));
    assertEquals(3 * ArrayRowBatch.CAPACITY, batched.rows()); // held rows are not added yet
    batch.flush();
    assertFalse(batch.holds(batched));
    assertArrayEquals(direct.toBytes(), batched.toBytes());
  }

  /** The error adding {@code rows} one by one raises, and the one the batch raises, in order. */
  private static void assertSameError(LossKernel kernel, List<Sample> rows) {
    LossDataException direct =
        assertThrows(
            LossDataException.class,
            () -> {
              LossState state = kernel.newState();
              rows.forEach(s -> kernel.add(s, state));
            });
    LossDataException batched =
        assertThrows(
            LossDataException.class,
            () -> {
              LossState state = kernel.newState();
              ArrayRowBatch batch = new ArrayRowBatch(kernel, ARRAY_THEN_NUMBER);
              rows.forEach(s -> batch.add(s, state));
              batch.flush();
            });
    assertEquals(direct.getMessage(), batched.getMessage());
    assertEquals(direct.argument(), batched.argument());
  }

  @Test
  void aRowOfAnotherWidthFailsAtOnceWithTheRowByRowMessage() {
    LossKernel kernel = kernel("cross_entropy", Map.of());
    Random r = new Random(9);
    List<Sample> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(row(logits(r, 4), 1));
    }
    rows.add(row(logits(r, 5), 1));
    assertSameError(kernel, rows);
    // The batch raises it on the row itself, not later at a flush.
    LossState state = kernel.newState();
    ArrayRowBatch batch = new ArrayRowBatch(kernel, ARRAY_THEN_NUMBER);
    rows.subList(0, 5).forEach(s -> batch.add(s, state));
    LossDataException e =
        assertThrows(LossDataException.class, () -> batch.add(rows.get(5), state));
    assertTrue(e.getMessage().contains("a row has 5 classes but earlier rows"), e.getMessage());
    assertEquals(0, e.argument());
  }

  @Test
  void theFirstBadRowFailsFirst() {
    LossKernel kernel = kernel("nll_loss", Map.of());
    Random r = new Random(4);
    BiConsumer<List<Sample>, Integer> addRows =
        (rows, n) -> {
          for (int i = 0; i < n; i++) {
            rows.add(row(logits(r, 3), r.nextInt(3)));
          }
        };
    // A target out of range held in the batch, then a row of another width: the target's error.
    List<Sample> rows = new ArrayList<>();
    addRows.accept(rows, 4);
    rows.add(row(logits(r, 3), 7));
    addRows.accept(rows, 2);
    rows.add(row(logits(r, 6), 0));
    assertSameError(kernel, rows);
    // Two bad targets in one batch: the first one's value is named.
    rows.clear();
    addRows.accept(rows, 3);
    rows.add(row(logits(r, 3), 2.5));
    rows.add(row(logits(r, 3), -3));
    assertSameError(kernel, rows);
  }

  @Test
  void onlyKernelsThatAddArrayRowsInBatchesBatch() {
    LossKernel probabilities =
        LossCatalog.get("cross_entropy").bind(Map.of(), List.of(Shape.ARRAY, Shape.ARRAY));
    assertFalse(probabilities.batchesArrayRows());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ArrayRowBatch(probabilities, new boolean[] {true, true}));
    LossKernel ce = kernel("cross_entropy", Map.of());
    assertThrows(IllegalArgumentException.class, () -> new ArrayRowBatch(ce, new boolean[2]));
  }
}
