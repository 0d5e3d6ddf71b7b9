package io.losseval.job.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.job.JobRun;
import io.losseval.job.ReportFixtures;
import io.losseval.job.config.ConfigReader;
import io.losseval.job.config.JobConfig;
import io.losseval.job.result.ComparisonVerdict;
import io.losseval.testing.DocSnippets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run record (_summary.json) from run records made without Spark: its schema's fields, the
 * verdict of every threshold with its values and limits, intervals and comparisons when present,
 * exact doubles, NaN, and redacted secrets.
 */
class SummaryJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAGE = "docs/run-record.md";

  @TempDir Path dir;

  static JsonNode parse(RunRecord run) throws IOException {
    return JSON.readTree(SummaryJson.render(run));
  }

  @Test
  void theRecordHoldsTheHeaderAndTheVerdict() throws IOException {
    RunRecord run = ReportFixtures.withIntervals(dir);
    JsonNode s = parse(run);
    assertEquals(
        List.of(
            "schema_version",
            "title",
            "exit_code",
            "verdict",
            "started",
            "timings",
            "configuration",
            "inputs",
            "evaluated",
            "rows",
            "slices",
            "evaluations",
            "comparisons",
            "thresholds",
            "output",
            "report",
            "versions"),
        fieldNames(s));
    assertEquals(1, s.get("schema_version").asInt());
    assertEquals(3, s.get("exit_code").asInt());
    assertEquals("violated", s.get("verdict").asText());
    assertEquals("2026-03-01T08:30:00Z", s.get("started").asText());
    assertEquals(12.5, s.at("/timings/evaluation_seconds").asDouble());
    assertEquals(0.75, s.at("/timings/write_seconds").asDouble());
    assertEquals("conf/candidate.conf", s.at("/configuration/file").asText());
    assertEquals("output.path=target/x", s.at("/configuration/overrides/0").asText());
    assertEquals("target/x", s.at("/configuration/resolved/output/path").asText());
    assertEquals("data/scores.parquet", s.at("/inputs/0/path").asText());
    assertEquals("scores", s.at("/evaluated/from").asText());
    assertEquals(100_000, s.at("/rows/input").asLong());
    assertEquals(run.rows().size(), s.at("/rows/results").asInt());
    assertEquals("[[],[\"model_version\"],[\"country\"]]", s.get("slices").toString());
    assertEquals("4.2.0", s.at("/versions/spark").asText());
    assertEquals("file:/data/results/_report.html", s.get("report").asText());
    assertEquals("file:/data/results/_summary.json", s.at("/output/summary").asText());

    JsonNode ce = s.at("/evaluations/0");
    assertEquals("ce_new", ce.get("name").asText());
    assertEquals("cross_entropy", ce.get("loss").asText());
    assertEquals("[\"logits_new\",\"target\"]", ce.get("columns").toString());
    assertEquals("mean", ce.get("reduction").asText());
    assertEquals(0.41, ce.at("/overall/value").asDouble());
    assertEquals(
        Double.doubleToLongBits(0.41 - 0.01),
        Double.doubleToLongBits(ce.at("/overall/lower").asDouble()),
        "every bit kept");

    JsonNode change = s.at("/comparisons/0");
    assertEquals("ce_new", change.get("candidate").asText());
    assertEquals("ce_old", change.get("baseline").asText());
    assertEquals("unclear", change.get("conclusion").asText());
    ComparisonVerdict v = run.comparisonVerdicts().get(0);
    assertEquals(v.worse(), change.at("/slices/worse").asInt());
    assertEquals(v.better(), change.at("/slices/better").asInt());
    assertEquals(v.unclear(), change.at("/slices/unclear").asInt());
    assertEquals(run.rows().size() - 1, v.worse() + v.better() + v.unclear());
  }

  @Test
  void everyThresholdHasItsVerdictValueAndLimit() throws IOException {
    RunRecord run = ReportFixtures.withIntervals(dir);
    JsonNode thresholds = parse(run).get("thresholds");
    assertEquals(3, thresholds.size());

    JsonNode overall = thresholds.get(0);
    assertEquals("held", overall.get("verdict").asText());
    assertEquals("overall", overall.get("scope").asText());
    assertEquals(0.5, overall.get("max").asDouble());
    assertTrue(overall.get("min").isNull());
    assertEquals(1, overall.get("checked").asInt());
    assertEquals("overall", overall.at("/worst/slice").asText());
    assertEquals(0.41, overall.at("/worst/value").asDouble());
    assertEquals(0, overall.get("violations").size());

    JsonNode everySlice = thresholds.get(1);
    assertEquals("violated", everySlice.get("verdict").asText());
    assertEquals("ce_new <= 0.6 in every slice", everySlice.get("limit").asText());
    assertEquals(run.rows().size(), everySlice.get("checked").asInt());
    assertEquals("NaN", everySlice.at("/worst/value").asText(), "NaN is the worst, as a string");
    List<String> violated = everySlice.get("violations").findValuesAsText("slice");
    assertEquals(List.of("model_version", "country", "country"), violated);
    assertEquals("v1", everySlice.at("/violations/0/keys/model_version").asText());
    assertEquals(0.612, everySlice.at("/violations/0/lower").asDouble(), 1e-12);
    assertEquals("ZZ", everySlice.at("/violations/1/keys/country").asText());
    assertTrue(everySlice.at("/violations/1/lower").isNull(), "too few rows: NULL bounds");

    JsonNode bound = thresholds.get(2);
    assertEquals("ce_change", bound.get("result").asText());
    assertEquals("upper", bound.get("bound").asText());
    assertEquals("ce_change.upper <= 0.01 in every slice", bound.get("limit").asText());
    long expected =
        run.summary().violations().stream()
            .filter(o -> o.threshold() == ReportFixtures.CHANGE_UPPER)
            .count();
    assertEquals(expected, bound.get("violations").size());
    JsonNode first = bound.at("/violations/0");
    assertEquals("overall", first.get("slice").asText());
    assertEquals(
        first.get("upper").asDouble(),
        first.get("checked_value").asDouble(),
        "the checked number is the upper bound");
    assertEquals(
        run.overall().value("ce_change"),
        first.get("value").asDouble(),
        "the value is the result's own");
    JsonNode tooFew = null;
    for (JsonNode v : bound.get("violations")) {
      if (v.at("/keys/country").asText().equals("ZZ")) {
        tooFew = v;
      }
    }
    assertTrue(
        tooFew != null && tooFew.get("upper").isNull() && tooFew.get("checked_value").isNull(),
        "too few rows: no bound to check: " + tooFew);
    assertEquals(
        0.9 - 0.8,
        tooFew.get("value").asDouble(),
        1e-12,
        "the difference is still given where the bound is missing");
    // A limit on the value checks the value itself.
    JsonNode v1 = everySlice.at("/violations/0");
    assertEquals(v1.get("value"), v1.get("checked_value"));
  }

  @Test
  void withoutIntervalsResultsHaveOnlyValues() throws IOException {
    JsonNode s = parse(ReportFixtures.plain(dir));
    assertEquals(List.of("value"), fieldNames(s.at("/evaluations/0/overall")));
    assertEquals(0, s.get("comparisons").size());
    assertEquals(
        List.of("slice", "keys", "value", "checked_value"),
        fieldNames(s.at("/thresholds/1/violations/0")));
  }

  @Test
  void secretsInTheConfigurationAreRedacted() throws IOException {
    Path conf = dir.resolve("secret.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "inputs { s { path = \"s3a://bucket/x\", options { \"fs.s3a.secret.key\" = abc,",
            "  \"fs.s3a.access.key\" = def, mergeSchema = true } } }",
            "evaluations { e { loss = mse_loss, columns = [a, b] } }"));
    JobConfig config = ConfigReader.read(conf, List.of());
    String record = Json.write(config.resolved(), false);
    assertFalse(record.contains("abc") || record.contains("def"), record);
    assertTrue(record.contains("\"fs.s3a.secret.key\":\"" + JobConfig.REDACTED + "\""));
    assertTrue(record.contains("\"mergeSchema\":true"), "other values are kept");
  }

  /**
   * docs/run-record.md documents the record as it is: its example has the fields of a real record,
   * in order, at the top and in every threshold, and its schema table names every top-level field.
   */
  @Test
  void theDocsShowTheRecordAsItIs() throws IOException {
    String page = DocSnippets.page(PAGE);
    JsonNode example = JSON.readTree(DocSnippets.block(PAGE, "summary-json"));
    JsonNode real = parse(ReportFixtures.withIntervals(dir));
    assertEquals(fieldNames(real), fieldNames(example));
    assertEquals(SummaryJson.SCHEMA_VERSION, example.get("schema_version").asInt());
    assertEquals(fieldNames(real.at("/thresholds/0")), fieldNames(example.at("/thresholds/0")));
    assertEquals(
        fieldNames(real.at("/thresholds/0/worst")).subList(0, 4),
        fieldNames(example.at("/thresholds/0/worst")),
        "a checked slice's fields");
    assertEquals(fieldNames(real.at("/evaluations/0")), fieldNames(example.at("/evaluations/0")));
    assertEquals(fieldNames(real.at("/versions")), fieldNames(example.at("/versions")));
    String table =
        page.substring(
            page.indexOf("## The run record"), page.indexOf("<!-- snippet: summary-json -->"));
    for (String field : fieldNames(real)) {
      assertTrue(table.contains("`" + field + "`"), "the schema table lacks " + field);
    }
    for (String field : fieldNames(real.at("/thresholds/0/worst"))) {
      assertTrue(table.contains(field), "the schema table lacks the outcome's " + field);
    }
  }

  /** The page's report section is a valid configuration section. */
  @Test
  void theDocsReportSectionIsValid() throws IOException {
    Path conf = dir.resolve("report.conf");
    Files.writeString(
        conf, Files.readString(JobRun.EXAMPLE) + "\n" + DocSnippets.block(PAGE, "report-config"));
    assertEquals(
        "Validation losses of the ranking models",
        ConfigReader.read(conf, List.of()).report().title());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
