package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.JobConfig.Threshold;
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
    assertEquals(List.of(true, true, false, false, false),
        outcomes.stream().map(ThresholdOutcome::held).toList());
    assertEquals(List.of(
        "THRESHOLD VIOLATED: loss <= 0.6 in every slice: loss = 0.9 in slice `overall`=NULL",
        "THRESHOLD VIOLATED: loss <= 0.6 in every slice: loss = null in slice `overall`=x, "
            + "`a,b`=p",
        "THRESHOLD VIOLATED: loss <= 0.6 in every slice: loss = NaN in slice `overall`=x, "
            + "`a,b`=q"),
        outcomes.stream().filter(o -> !o.held()).map(ThresholdOutcome::violation).toList());
  }

  @Test
  void minMaxAndBothLimitsInThresholdThenRowOrder() {
    List<Threshold> thresholds = List.of(new Threshold("loss", 0.3, null, true),
        new Threshold("loss", 0.1, 0.4, true));
    List<ResultRow> rows = rows().subList(0, 2);
    List<ThresholdOutcome> outcomes = Thresholds.check(rows, thresholds);
    assertEquals(List.of(true, false, false, true),
        outcomes.stream().map(ThresholdOutcome::held).toList());
    assertEquals(thresholds.get(1), outcomes.get(2).threshold());
    assertEquals("0.1 <= loss <= 0.4 in every slice", thresholds.get(1).describe());
  }

  @Test
  void theRunSummaryExitsWithThreeOnlyWhenAThresholdBroke() {
    List<ThresholdOutcome> held = Thresholds.check(rows(),
        List.of(new Threshold("loss", null, 1.0, false)));
    List<ThresholdOutcome> broke = Thresholds.check(rows(),
        List.of(new Threshold("loss", null, 1.0, true)));
    RunSummary ok = new RunSummary(10, 1, 3, 5, 1.0, null, null, null, 1, held);
    RunSummary violated = new RunSummary(10, 1, 3, 5, 1.0, null, null, null, 1, broke);
    assertEquals(ExitCode.OK, ok.exitCode());
    assertEquals(ExitCode.THRESHOLD, violated.exitCode());
    assertEquals(2, violated.violations().size());
    assertFalse(violated.violations().get(0).held());
  }
}
