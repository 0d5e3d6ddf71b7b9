package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.loss.LossCatalog;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rows added through a {@link RowBatch} leave every state exactly as adding them one by one does,
 * when the batch's owner flushes before it reads (results, merges, bytes), however rows of several
 * states mix; reads of a state never add rows by themselves.
 */
class RowBatchTest {
  private static final List<Shape> SCALARS = List.of(Shape.SCALAR, Shape.SCALAR);

  @Test
  void batchedRowsGiveTheStatesOfRowByRowAdditions() {
    LossKernel kernel = LossCatalog.get("mse_loss").bind(Map.of(), SCALARS);
    assertTrue(kernel.batchesScalarRows());
    Random r = new Random(11);
    LossState[] direct = {kernel.newState(), kernel.newState(), kernel.newState()};
    LossState[] batched = {kernel.newState(), kernel.newState(), kernel.newState()};
    RowBatch batch = new RowBatch(kernel, 2);
    Sample sample = new Sample(2);
    for (int row = 0; row < 5000; row++) {
      // Long runs of one state, as without GROUP BY, broken by rows of the others.
      int g = r.nextInt(10) < 8 ? 0 : 1 + r.nextInt(2);
      double x = r.nextGaussian() * Math.scalb(1.0, r.nextInt(40) - 20);
      double y = r.nextGaussian();
      sample.set(0, new double[] {x}).set(1, new double[] {y});
      kernel.add(sample, direct[g]);
      if (batch.accepts(batched[g])) {
        batch.column(0)[batch.size()] = x;
        batch.column(1)[batch.size()] = y;
        batch.commit(batched[g]);
      } else {
        kernel.add(sample, batched[g]);
      }
      if (row % 777 == 0) { // a read in between: the owner adds the held rows first
        if (batch.holds(batched[g])) {
          batch.flush();
        }
        assertEquals(direct[g].rows(), batched[g].rows());
      }
    }
    batch.flush();
    for (int g = 0; g < 3; g++) {
      assertEquals(
          kernel.result(direct[g], Reduction.MEAN), kernel.result(batched[g], Reduction.MEAN));
      assertArrayEquals(direct[g].toBytes(), batched[g].toBytes());
    }
  }

  @Test
  void heldRowsReachTheStateOnlyWhenTheOwnerFlushes() {
    LossKernel kernel = LossCatalog.get("mse_loss").bind(Map.of(), SCALARS);
    RowBatch batch = new RowBatch(kernel, 2);
    LossState held = kernel.newState();
    batch.column(0)[0] = 3.0;
    batch.column(1)[0] = 1.0;
    batch.commit(held);
    assertFalse(batch.accepts(kernel.newState()));
    assertTrue(batch.holds(held));
    byte[] before = held.toBytes();
    assertEquals(0, held.rows()); // reads are pure: nothing was added behind the reader's back
    assertArrayEquals(before, held.toBytes());
    batch.flush();
    assertFalse(batch.holds(held));
    LossState total = kernel.newState();
    total.merge(held);
    assertEquals(1, total.rows());
    assertEquals(4.0, kernel.result(total, Reduction.SUM));
    assertTrue(batch.accepts(kernel.newState()));
    assertEquals(1, kernel.stateFromBytes(held.toBytes()).rows());
  }

  @Test
  void dataErrorsOfHeldRowsSurfaceWhenTheBatchIsFlushed() {
    LossKernel kernel = LossCatalog.get("binary_cross_entropy").bind(Map.of(), SCALARS);
    RowBatch batch = new RowBatch(kernel, 2);
    LossState state = kernel.newState();
    batch.column(0)[0] = 1.5; // not a probability
    batch.column(1)[0] = 1.0;
    batch.commit(state);
    assertEquals(0, state.rows());
    LossDataException e = assertThrows(LossDataException.class, batch::flush);
    assertTrue(e.getMessage().startsWith("binary_cross_entropy: input value 1.5"), e.getMessage());
  }

  @Test
  void kernelsOfArrayRowsDoNotBatch() {
    LossKernel arrays =
        LossCatalog.get("mse_loss").bind(Map.of(), List.of(Shape.ARRAY, Shape.ARRAY));
    assertFalse(arrays.batchesScalarRows());
    assertThrows(IllegalArgumentException.class, () -> new RowBatch(arrays, 2));
  }
}
