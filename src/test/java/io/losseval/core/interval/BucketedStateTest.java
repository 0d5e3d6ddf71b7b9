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
  private static final LossKernel MSE =
      LossCatalog.get("mse_loss").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));

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
  void anEmptyStateTakesOneByteABucketAndOneForItsSketch() {
    assertEquals(5 + 20 + 1, estimator(20).newState().toBytes().length);
    IntervalEstimator c =
        IntervalEstimator.comparison(MSE, MSE, Reduction.MEAN, IntervalOptions.DEFAULT);
    assertEquals(5 + 40 + 1, c.newState().toBytes().length);
    IntervalEstimator keyed =
        IntervalEstimator.interval(MSE, Reduction.MEAN, IntervalOptions.DEFAULT, true);
    assertEquals(5 + 20, keyed.newState().toBytes().length, "a keyed state counts nothing");
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
    assertTrue(
        merge.getMessage().contains("50 buckets into one of 20 buckets"), merge.getMessage());
    LossStateException read =
        assertThrows(LossStateException.class, () -> estimator(20).stateFromBytes(fifty.toBytes()));
    assertTrue(
        read.getMessage().contains("20 buckets of mse_loss")
            && read.getMessage().contains("another bucket count"),
        read.getMessage());
  }

  @Test
  void statesOfOtherLossesOrOptionsDoNotMerge() {
    LossKernel l1 = LossCatalog.get("l1_loss").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
    BucketedState other =
        IntervalEstimator.interval(l1, Reduction.MEAN, IntervalOptions.DEFAULT).newState();
    LossStateException e =
        assertThrows(LossStateException.class, () -> estimator(20).newState().merge(other));
    assertTrue(
        e.getMessage().contains("l1_loss") && e.getMessage().contains("mse_loss"), e.getMessage());
  }

  @Test
  void keyedAndUnkeyedStatesDoNotMerge() {
    BucketedState keyed =
        IntervalEstimator.interval(MSE, Reduction.MEAN, IntervalOptions.DEFAULT, true).newState();
    LossStateException e =
        assertThrows(LossStateException.class, () -> estimator(20).newState().merge(keyed));
    assertTrue(e.getMessage().contains("20 keyed buckets of mse_loss"), e.getMessage());
    assertThrows(LossStateException.class, () -> estimator(20).stateFromBytes(keyed.toBytes()));
  }

  @Test
  void aKeyedStateRoundTrips() {
    IntervalEstimator e =
        IntervalEstimator.interval(MSE, Reduction.MEAN, IntervalOptions.DEFAULT, true);
    BucketedState s = e.newState();
    for (int i = 0; i < 1000; i++) {
      e.add(
          new Sample(2).set(0, new double[] {i % 3}).set(1, new double[] {0}),
          BucketHash.keyHash(i),
          s);
    }
    BucketedState back = e.stateFromBytes(s.toBytes());
    assertArrayEquals(s.toBytes(), back.toBytes());
    assertEquals(e.interval(s), e.interval(back));
    assertTrue(Double.isNaN(back.distinctRows()), "a keyed state counts no distinct rows");
  }

  @Test
  void theDistinctRowCountSurvivesBytesAndMerges() {
    IntervalEstimator e = estimator(20);
    BucketedState whole = filled(e, 100);
    assertEquals(100.0, whole.distinctRows(), "all 100 rows differ: exact below the capacity");
    BucketedState back = e.stateFromBytes(whole.toBytes());
    assertEquals(100.0, back.distinctRows());
    BucketedState twice = filled(e, 100);
    twice.merge(back);
    assertEquals(100.0, twice.distinctRows(), "the same rows again add no distinct row");
    assertEquals(200, twice.rows());
  }

  /** A state of format 1 (before the distinct-row sketch) is refused by name, not misread. */
  @Test
  void aStateOfTheFirstFormatIsRefused() {
    byte[] bytes = estimator(20).newState().toBytes();
    bytes[0] = 1;
    LossStateException v =
        assertThrows(LossStateException.class, () -> estimator(20).stateFromBytes(bytes));
    assertTrue(
        v.getMessage().contains("serial format 1 (this version reads format 2)"), v.getMessage());
  }

  @Test
  void corruptBytesFailWithAStateError() {
    IntervalEstimator e = estimator(20);
    byte[] bytes = filled(e, 200).toBytes();
    assertThrows(
        LossStateException.class, () -> e.stateFromBytes(Arrays.copyOf(bytes, bytes.length - 3)));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(LossStateException.class, () -> e.stateFromBytes(longer));
    byte[] version = bytes.clone();
    version[0] = 9;
    LossStateException v = assertThrows(LossStateException.class, () -> e.stateFromBytes(version));
    assertTrue(v.getMessage().contains("serial format 9"), v.getMessage());
  }
}
