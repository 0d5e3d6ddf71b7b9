package io.losseval.core.interval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossKernel;
import io.losseval.core.LossStateException;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bucketed state's bytes, and merges and reads between states that do not belong together. */
class BucketedStateTest {
  private static final LossKernel MSE = LossCatalog.get("mse_loss").bind(Map.of(),
      List.of(Shape.SCALAR, Shape.SCALAR));

  private static IntervalEstimator estimator(int buckets) {
    return IntervalEstimator.interval(MSE, Reduction.MEAN, new IntervalOptions(0.95, buckets));
  }

  private static BucketedState filled(IntervalEstimator e, int rows) {
    BucketedState s = e.newState();
    for (int i = 0; i < rows; i++) {
      e.add(new Sample(2).set(0, new double[] {i * 0.37}).set(1, new double[] {i % 7}), s);
    }
    return s;
  }

  @Test
  void anEmptyStateTakesOneByteABucket() {
    assertEquals(5 + 20, estimator(20).newState().toBytes().length);
    IntervalEstimator c = IntervalEstimator.comparison(MSE, MSE, Reduction.MEAN,
        IntervalOptions.DEFAULT);
    assertEquals(5 + 40, c.newState().toBytes().length);
  }

  @Test
  void bytesRoundTripToTheSameBytesAndResult() {
    IntervalEstimator e = estimator(20);
    BucketedState s = filled(e, 1000);
    byte[] bytes = s.toBytes();
    BucketedState back = e.stateFromBytes(bytes);
    assertArrayEquals(bytes, back.toBytes());
    assertEquals(e.interval(s), e.interval(back));
    assertEquals(1000, back.rows());
  }

  @Test
  void statesOfOtherBucketCountsNeitherMergeNorRead() {
    BucketedState twenty = filled(estimator(20), 100);
    BucketedState fifty = filled(estimator(50), 100);
    LossStateException merge = assertThrows(LossStateException.class, () -> twenty.merge(fifty));
    assertTrue(merge.getMessage().contains("50 buckets into one of 20 buckets"),
        merge.getMessage());
    LossStateException read = assertThrows(LossStateException.class,
        () -> estimator(20).stateFromBytes(fifty.toBytes()));
    assertTrue(read.getMessage().contains("20 buckets of mse_loss")
        && read.getMessage().contains("another bucket count"), read.getMessage());
  }

  @Test
  void statesOfOtherLossesOrOptionsDoNotMerge() {
    LossKernel l1 = LossCatalog.get("l1_loss").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
    BucketedState other = IntervalEstimator.interval(l1, Reduction.MEAN, IntervalOptions.DEFAULT)
        .newState();
    LossStateException e = assertThrows(LossStateException.class,
        () -> estimator(20).newState().merge(other));
    assertTrue(e.getMessage().contains("l1_loss") && e.getMessage().contains("mse_loss"),
        e.getMessage());
  }

  @Test
  void corruptBytesFailWithAStateError() {
    IntervalEstimator e = estimator(20);
    byte[] bytes = filled(e, 200).toBytes();
    assertThrows(LossStateException.class,
        () -> e.stateFromBytes(Arrays.copyOf(bytes, bytes.length - 3)));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(LossStateException.class, () -> e.stateFromBytes(longer));
    byte[] version = bytes.clone();
    version[0] = 9;
    LossStateException v = assertThrows(LossStateException.class,
        () -> e.stateFromBytes(version));
    assertTrue(v.getMessage().contains("serial format 9"), v.getMessage());
  }
}
