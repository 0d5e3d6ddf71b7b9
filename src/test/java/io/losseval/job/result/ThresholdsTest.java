package io.losseval.job.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.ExitCode;
import io.losseval.job.config.JobConfig.Bound;
import io.losseval.job.config.JobConfig.Threshold;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The threshold check as a pure function of result rows and thresholds, without Spark. */
class ThresholdsTest {
  static final List<String> ODD = List.of("overall", "a,b");

  static ResultRow row(SliceKey slice, long rows, Double loss) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("loss", loss);
    return new ResultRow(slice, rows, values, Map.of("loss", 0L));
  }

  /** Slices [], [overall] and [overall, "a,b"]: a column spelled like the overall slice. */
  static List<ResultRow> rows() {
    return List.of(
        row(SliceKey.overall(0), 10, 0.5),
        row(new SliceKey(1, List.of("overall"), List.of("x")), 6, 0.2),
        row(new SliceKey(1, List.of("overall"), Arrays.asList((Object) null)), 4, 0.9),
        row(new SliceKey(2, ODD, List.of("x", "p")), 6, null),
        row(new SliceKey(2, ODD, List.of("x", "q")), 0, Double.NaN));
  }

  @Test
  void anOverallThresholdSeesOnlyTheOverallRowWhateverTheColumnsAreNamed() {
    Threshold max = new Threshold("loss", null, 0.6, false);
    List<ThresholdOutcome> outcomes = Thresholds.check(rows(), List.of(max));
    assertEquals(1, outcomes.size(), "only the row of the slice without columns");
    assertTrue(outcomes.get(0).slice().overall());
    assertTrue(outcomes.get(0).held());
    assertEquals(0.5, outcomes.get(0).value());
  }

  @Test
  void anEverySliceThresholdSeesEveryRowAndNullAndNanViolate() {
    Threshold max = new Threshold("loss", null, 0.6, true);
    List<ThresholdOutcome> outcomes = Thresholds.check(rows(), List.of(max));
    assertEquals(5, outcomes.size());
    assertEquals(
        List.of(true, true, false, false, false),
        outcomes.stream().map(ThresholdOutcome::held).toList());
    assertEquals(
        List.of(
            "THRESHOLD VIOLATED: loss <= 0.6 in every slice: loss = 0.9 in slice `overall`=NULL",
            "THRESHOLD VIOLATED: loss <= 0.6 in every slice: loss = null (no row aggregated) in "
                + "slice `overall`=x, `a,b`=p",
            "THRESHOLD VIOLATED: loss <= 0.6 in every slice: loss = NaN in slice `overall`=x, "
                + "`a,b`=q"),
        outcomes.stream().filter(o -> !o.held()).map(ThresholdOutcome::violation).toList());
  }

  @Test
  void minMaxAndBothLimitsInThresholdThenRowOrder() {
    List<Threshold> thresholds =
        List.of(new Threshold("loss", 0.3, null, true), new Threshold("loss", 0.1, 0.4, true));
    List<ResultRow> rows = rows().subList(0, 2);
    List<ThresholdOutcome> outcomes = Thresholds.check(rows, thresholds);
    assertEquals(
        List.of(true, false, false, true), outcomes.stream().map(ThresholdOutcome::held).toList());
    assertEquals(thresholds.get(1), outcomes.get(2).threshold());
    assertEquals("0.1 <= loss <= 0.4 in every slice", thresholds.get(1).describe());
  }

  @Test
  void theRunSummaryExitsWithThreeOnlyWhenAThresholdBroke() {
    List<ThresholdOutcome> held =
        Thresholds.check(rows(), List.of(new Threshold("loss", null, 1.0, false)));
    List<ThresholdOutcome> broke =
        Thresholds.check(rows(), List.of(new Threshold("loss", null, 1.0, true)));
    RunSummary ok = new RunSummary(10, 1, 3, 5, 1.0, null, null, null, 1, held);
    RunSummary violated = new RunSummary(10, 1, 3, 5, 1.0, null, null, null, 1, broke);
    assertEquals(ExitCode.OK, ok.exitCode());
    assertEquals(ExitCode.THRESHOLD, violated.exitCode());
    assertEquals(2, violated.violations().size());
    assertFalse(violated.violations().get(0).held());
  }

  /** A row whose result "change" has the value {@code change} and the interval [lower, upper]. */
  static ResultRow withInterval(
      SliceKey slice, long rows, Double change, Double lower, Double upper) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("change", change);
    Map<String, Double> lowers = new LinkedHashMap<>();
    lowers.put("change", lower);
    Map<String, Double> uppers = new LinkedHashMap<>();
    uppers.put("change", upper);
    return new ResultRow(slice, rows, values, Map.of(), lowers, uppers);
  }

  @Test
  void aBoundIsLimitedInsteadOfTheValueAndAMissingBoundNeverPasses() {
    SliceKey de = new SliceKey(1, List.of("country"), List.of("DE"));
    SliceKey fr = new SliceKey(1, List.of("country"), List.of("FR"));
    SliceKey zz = new SliceKey(1, List.of("country"), List.of("ZZ"));
    List<ResultRow> rows =
        List.of(
            withInterval(SliceKey.overall(0), 1000, -0.02, -0.03, -0.01),
            withInterval(de, 500, 0.004, -0.002, 0.01),
            withInterval(fr, 497, 0.005, -0.004, 0.014),
            withInterval(zz, 3, 0.2, null, null));
    Threshold notWorse = new Threshold("change", null, 0.01, true, Bound.UPPER);
    List<ThresholdOutcome> outcomes = Thresholds.check(rows, List.of(notWorse));
    assertEquals(
        List.of(true, true, false, false),
        outcomes.stream().map(ThresholdOutcome::held).toList(),
        "0.01 itself holds");
    assertEquals(0.014, outcomes.get(2).value(), "the upper bound, not the value, is limited");
    assertEquals(0.005, outcomes.get(2).estimate());
    assertEquals(
        List.of(
            "THRESHOLD VIOLATED: change.upper <= 0.01 in every slice: change.upper = 0.014 (change = "
                + "0.005, interval [-0.004, 0.014]) in slice country=FR",
            "THRESHOLD VIOLATED: change.upper <= 0.01 in every slice: change.upper = null (no "
                + "interval here: a hash bucket of the slice holds no row, as with fewer rows than "
                + "buckets, or the jackknife's estimates are not finite; a missing bound never "
                + "passes) (change = 0.2, interval [null, null]) in slice country=ZZ"),
        outcomes.stream().filter(o -> !o.held()).map(ThresholdOutcome::violation).toList());

    // The value of the same result, with its interval shown; the lower bound with a minimum.
    List<ThresholdOutcome> value =
        Thresholds.check(rows, List.of(new Threshold("change", null, 0.0, false)));
    assertTrue(value.get(0).held());
    List<ThresholdOutcome> lower =
        Thresholds.check(rows, List.of(new Threshold("change", -0.005, null, true, Bound.LOWER)));
    assertEquals(
        List.of(false, true, true, false), lower.stream().map(ThresholdOutcome::held).toList());
    assertEquals(
        "THRESHOLD VIOLATED: change.lower >= -0.005 in every slice: change.lower = -0.03"
            + " (change = -0.02, interval [-0.03, -0.01]) in slice overall",
        lower.get(0).violation());
    List<ThresholdOutcome> valueEverywhere =
        Thresholds.check(rows, List.of(new Threshold("change", null, 0.1, true)));
    assertEquals(
        "THRESHOLD VIOLATED: change <= 0.1 in every slice: change = 0.2 (change "
            + "interval [null, null]) in slice country=ZZ",
        valueEverywhere.get(3).violation());
  }
}
