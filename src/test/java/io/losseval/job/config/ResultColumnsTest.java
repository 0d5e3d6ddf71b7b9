package io.losseval.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.ExitCode;
import io.losseval.job.JobException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultColumnsTest {
  /** One evaluation e without an interval. */
  private static final Map<String, List<String>> E =
      Map.of("evaluations.e", ResultColumns.ofEvaluation("e", false));

  @Test
  void sliceNamesAreThePlainNamesUnlessTheyCouldBeMisread() {
    assertEquals("overall", ResultColumns.sliceName(List.of()));
    assertEquals(
        "model_version,country", ResultColumns.sliceName(List.of("model_version", "country")));
    assertEquals("`overall`", ResultColumns.sliceName(List.of("overall")));
    assertEquals("`Overall`", ResultColumns.sliceName(List.of("Overall")));
    assertEquals("`a,b`", ResultColumns.sliceName(List.of("a,b")));
    assertEquals("`a``b`,a.b", ResultColumns.sliceName(List.of("a`b", "a.b")));
    assertEquals("` x`", ResultColumns.sliceName(List.of(" x")));
  }

  @Test
  void differentSlicesNeverShareAName() {
    List<List<String>> slices =
        List.of(
            List.of(),
            List.of("overall"),
            List.of("a,b"),
            List.of("a", "b"),
            List.of("a`,`b"),
            List.of("a`", "`b"),
            List.of("`a`"),
            List.of("a"));
    Set<String> names = new HashSet<>();
    slices.forEach(s -> names.add(ResultColumns.sliceName(s)));
    assertEquals(slices.size(), names.size(), names.toString());
  }

  @Test
  void aSliceColumnNamedLikeAResultColumnIsRejectedWithAWayOut() {
    JobException rows =
        assertThrows(
            JobException.class,
            () -> ResultColumns.checkDistinct(List.of(List.of(), List.of("rows")), E));
    assertEquals(ExitCode.CONFIG, rows.code());
    assertTrue(
        rows.getMessage()
            .startsWith(
                "slices[1]: column 'rows' would clash with the "
                    + "rows column of the results; rename it in a query, e.g. query = \"SELECT *, `rows` AS "
                    + "rows_key FROM ...\""),
        rows.getMessage());
    assertThrows(
        JobException.class, () -> ResultColumns.checkDistinct(List.of(List.of("Slice")), E));
    JobException result =
        assertThrows(
            JobException.class, () -> ResultColumns.checkDistinct(List.of(List.of("e_rows")), E));
    assertTrue(
        result
            .getMessage()
            .startsWith(
                "evaluations.e: output column 'e_rows' clashes " + "with slice column 'e_rows'"),
        result.getMessage());
  }

  @Test
  void aColumnSpelledTwoWaysIsRejected() {
    JobException e =
        assertThrows(
            JobException.class,
            () ->
                ResultColumns.checkDistinct(
                    List.of(List.of("Country"), List.of("country", "day")), E));
    assertTrue(
        e.getMessage().startsWith("slices[1]: column 'country' is also written " + "'Country'"),
        e.getMessage());
    ResultColumns.checkDistinct(
        List.of(List.of("country"), List.of("country", "day")),
        E); // the same spelling twice is fine
  }

  @Test
  void intervalAndComparisonColumnsTakePartInTheCheck() {
    assertEquals(
        List.of("e", "e_lower", "e_upper", "e_rows", "e_skipped"),
        ResultColumns.ofEvaluation("e", true));
    assertEquals(List.of("c", "c_lower", "c_upper"), ResultColumns.ofComparison("c"));
    Map<String, List<String>> results = new LinkedHashMap<>();
    results.put("evaluations.e", ResultColumns.ofEvaluation("e", true));
    results.put("evaluations.e_upper", ResultColumns.ofEvaluation("e_upper", false));
    JobException bound =
        assertThrows(
            JobException.class, () -> ResultColumns.checkDistinct(List.of(List.of()), results));
    assertTrue(
        bound
            .getMessage()
            .startsWith(
                "evaluations.e_upper: output column 'e_upper' "
                    + "clashes with evaluations.e; rename the result"),
        bound.getMessage());

    results.remove("evaluations.e_upper");
    results.put("comparisons.c", ResultColumns.ofComparison("c"));
    ResultColumns.checkDistinct(List.of(List.of()), results);
    results.put("comparisons.e_rows", ResultColumns.ofComparison("e_rows"));
    JobException rows =
        assertThrows(
            JobException.class, () -> ResultColumns.checkDistinct(List.of(List.of()), results));
    assertTrue(
        rows.getMessage()
            .startsWith(
                "comparisons.e_rows: output column 'e_rows' clashes " + "with evaluations.e"),
        rows.getMessage());
  }
}
