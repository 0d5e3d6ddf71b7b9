package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The function reference under docs/functions/ is generated from catalog.json (which {@code
 * CatalogJsonTest} keeps equal to {@code LossCatalog}) and the PyTorch fixtures: the index table,
 * and one page per loss with its formula, arguments, options and an example whose rows and expected
 * values are a fixture case's (PyTorch's own numbers; {@code FunctionExamplesTest} runs each
 * example in Spark). With {@code -Ddocs.rewrite=true} the test writes the pages instead of failing.
 */
class FunctionPagesTest {
  static final Path DIR = Path.of("docs/functions");
  private static final Path CATALOG = Path.of("src/main/resources/io/losseval/catalog.json");
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
  private static final String START = "<!-- functions:start -->\n";
  private static final String END = "<!-- functions:end -->";
  private static final String REWRITE =
      "mvn -B -q -o test -Dtest=FunctionPagesTest " + "-Ddocs.rewrite=true";
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  @Test
  void pagesAreTheCatalog() throws IOException {
    JsonNode catalog = JSON.readTree(CATALOG.toFile());
    Map<Path, String> pages = new LinkedHashMap<>();
    Path index = DIR.resolve("index.md");
    String current = Files.readString(index, StandardCharsets.UTF_8);
    int from = current.indexOf(START) + START.length();
    int to = current.indexOf(END);
    assertTrue(from > START.length() - 1 && to > from, index + " has no function table markers");
    pages.put(index, current.substring(0, from) + table(catalog) + current.substring(to));
    for (JsonNode loss : catalog.get("losses")) {
      pages.put(DIR.resolve(loss.get("name").asText() + ".md"), page(loss));
    }
    boolean rewrite = Boolean.getBoolean("docs.rewrite");
    for (Map.Entry<Path, String> p : pages.entrySet()) {
      if (rewrite) {
        Files.writeString(p.getKey(), p.getValue(), StandardCharsets.UTF_8);
      } else {
        assertTrue(Files.exists(p.getKey()), p.getKey() + " is missing; write it with: " + REWRITE);
        assertEquals(
            p.getValue(),
            Files.readString(p.getKey(), StandardCharsets.UTF_8),
            p.getKey() + " differs from the catalog; rewrite it with: " + REWRITE);
      }
    }
    try (var files = Files.list(DIR)) {
      List<Path> extra = files.filter(f -> !pages.containsKey(f)).toList();
      assertEquals(List.of(), extra, "pages of no loss in the catalog");
    }
  }

  /** The index table: every loss in declaration order, linked to its page. */
  static String table(JsonNode catalog) {
    StringBuilder b =
        new StringBuilder()
            .append(
                "| SQL function | tensor arguments (per row) | options (PyTorch names = defaults) "
                    + "| torch.nn |\n")
            .append("|---|---|---|---|\n");
    for (JsonNode d : catalog.get("losses")) {
      String name = d.get("name").asText();
      String arguments =
          stream(d.get("arguments"))
              .map(a -> "`" + a.get("name").asText() + "`: " + a.get("description").asText())
              .collect(Collectors.joining("; "));
      String options =
          stream(d.get("options")).map(FunctionPagesTest::option).collect(Collectors.joining(", "));
      String row =
          "| [`"
              + name
              + "`]("
              + name
              + ".md) | "
              + arguments
              + " | "
              + options
              + " | "
              + d.get("torch_class").asText()
              + " |";
      assertFalse(
          row.substring(1, row.length() - 1).replace(" | ", "").contains("|"),
          name + ": a '|' in a description would break the table");
      b.append(row.replace("|  |", "| |")).append('\n');
    }
    return b.toString();
  }

  /** "`label_smoothing` = 0.0 ([0, 1])", "`eps` = 1e-8", "`weight` = none". */
  private static String option(JsonNode o) {
    String allowed =
        o.get("allowed").isNull() ? "" : " (" + o.get("allowed").get("text").asText() + ")";
    return "`" + o.get("name").asText() + "` = " + value(o) + allowed;
  }

  private static String value(JsonNode o) {
    JsonNode d = o.get("default");
    return d.isNull()
        ? "none"
        : d.isTextual()
            ? "'" + d.asText() + "'"
            : d.isDouble()
                ? Double.toString(d.asDouble()).replace(".0E", "e").replace("E", "e")
                : d.asText();
  }

  /** One loss's page. */
  static String page(JsonNode loss) throws IOException {
    String name = loss.get("name").asText();
    String torch = loss.get("torch_class").asText();
    List<String> args = stream(loss.get("arguments")).map(a -> a.get("name").asText()).toList();
    String tensors = String.join(", ", args);
    StringBuilder b = new StringBuilder();
    b.append(
            "<!-- Generated from catalog.json and the PyTorch fixtures by FunctionPagesTest; do not "
                + "edit: ")
        .append(REWRITE)
        .append(" -->\n");
    b.append("# ").append(name).append("\n\n");
    b.append(capitalized(loss.get("summary").asText()))
        .append(". PyTorch: [`torch.nn.")
        .append(torch)
        .append("`](https://docs.pytorch.org/docs/stable/generated/torch.nn.")
        .append(torch)
        .append(".html), `torch.nn.functional.")
        .append(name)
        .append("`.\n\n");
    b.append("## Definition\n\n");
    boolean perElement = loss.get("none").asText().equals("per_element");
    b.append("The loss of one ").append(perElement ? "element" : "row (sample)").append(":\n\n");
    b.append("> ").append(loss.get("formula").asText()).append("\n\n");
    b.append(
        perElement
            ? "It is elementwise: a row of arrays is D elements. `'mean'` divides the sum by the "
                + "number of elements, `'batchmean'` by the number of rows, and `"
                + name
                + "_none` gives each row's value (an array for a row of arrays).\n\n"
            : "It gives one value per row. `'mean'` is PyTorch's mean for this loss, `'batchmean'` "
                + "the sum over the number of rows, and `"
                + name
                + "_none` gives each row's "
                + "value.\n\n");
    b.append("## Arguments\n\n| argument | a row holds | kinds |\n|---|---|---|\n");
    for (JsonNode a : loss.get("arguments")) {
      b.append("| `")
          .append(a.get("name").asText())
          .append("` | ")
          .append(a.get("description").asText())
          .append(" | ")
          .append(stream(a.get("kinds")).map(JsonNode::asText).collect(Collectors.joining(", ")))
          .append(" |\n");
    }
    b.append("\nAccepted combinations, in argument order: ")
        .append(
            stream(loss.get("signatures"))
                .map(
                    s ->
                        "("
                            + stream(s).map(JsonNode::asText).collect(Collectors.joining(", "))
                            + ")")
                .collect(Collectors.joining(", ")))
        .append(". The kinds are described in [Inputs](../getting-started.md#inputs).\n\n");
    b.append("## Options\n\n");
    if (loss.get("options").isEmpty()) {
      b.append("None besides the reduction.\n\n");
    } else {
      b.append("| option | type | default | allowed | meaning |\n|---|---|---|---|---|\n");
      for (JsonNode o : loss.get("options")) {
        b.append("| `")
            .append(o.get("name").asText())
            .append("` | ")
            .append(o.get("type").asText())
            .append(" | ")
            .append(value(o))
            .append(" | ")
            .append(o.get("allowed").isNull() ? "any" : o.get("allowed").get("text").asText())
            .append(" | ")
            .append(o.get("description").asText())
            .append(" |\n");
      }
      b.append('\n');
    }
    b.append("## Calls\n\n");
    b.append("- SQL: `")
        .append(name)
        .append("(")
        .append(tensors)
        .append(", [reduction], [options])` (reduction `'mean'`, `'sum'` or `'batchmean'`), `")
        .append(name)
        .append("_none(")
        .append(tensors)
        .append(", [options])`.\n");
    b.append("- Intervals: `")
        .append(name)
        .append("_ci` and `")
        .append(name)
        .append(
            "_compare` take the options above and `confidence` and `buckets` "
                + "(see [Intervals and comparisons](../intervals.md)).\n");
    b.append("- Dataset API: `LossColumns.loss(\"")
        .append(name)
        .append("\", ...)`; Python: `")
        .append("losseval.functions.")
        .append(name)
        .append("(")
        .append(tensors)
        .append(", reduction=..., ...)` (see [the Python guide](../python.md)).\n\n");
    example(b, loss, args);
    return b.toString();
  }

  /** A fixture case as a query over VALUES, and PyTorch's 'mean' and 'sum' of it. */
  private static void example(StringBuilder b, JsonNode loss, List<String> args)
      throws IOException {
    String name = loss.get("name").asText();
    JsonNode fixture = JSON.readTree(FIXTURES.resolve(name + ".json").toFile());
    JsonNode chosen = exampleCase(fixture);
    String options = "";
    if (!chosen.get("options").isEmpty()) {
      List<String> fields = new ArrayList<>();
      chosen
          .get("options")
          .fields()
          .forEachRemaining(e -> fields.add("'" + e.getKey() + "', " + literal(e.getValue())));
      options = ", named_struct(" + String.join(", ", fields) + ")";
    }
    String tensors = String.join(", ", args);
    b.append("## Example\n\nA fixture case (`")
        .append(chosen.get("id").asText())
        .append("` of `src/test/resources/fixtures/")
        .append(name)
        .append(".json`), run by a test:\n\n<!-- snippet: example -->\n```sql\n");
    b.append("SELECT ")
        .append(name)
        .append("(")
        .append(tensors)
        .append(", 'mean'")
        .append(options)
        .append(") AS mean,\n       ")
        .append(name)
        .append("(")
        .append(tensors)
        .append(", 'sum'")
        .append(options)
        .append(") AS sum\nFROM VALUES\n");
    int rows = chosen.get("args").get(0).size();
    for (int r = 0; r < rows; r++) {
      List<String> row = new ArrayList<>();
      for (JsonNode argument : chosen.get("args")) {
        row.add(literal(argument.get(r)));
      }
      b.append("  (").append(String.join(", ", row)).append(r + 1 < rows ? "),\n" : ")\n");
    }
    b.append("  AS scores(").append(tensors).append(")\n```\n\n");
    b.append("PyTorch ")
        .append(fixture.get("torch_version").asText().replaceAll("\\+.*", ""))
        .append(
            " gives, in float64, on the same tensors:\n\n<!-- snippet: example-output -->\n"
                + "```text\n");
    b.append("mean ").append(chosen.get("expected").get("mean").asText()).append('\n');
    b.append("sum  ").append(chosen.get("expected").get("sum").asText()).append("\n```\n");
  }

  /**
   * The first case that reads well on a page: a few short rows, finite values, no NULL row, not one
   * of the cases whose expected value PyTorch's float sum would lose; one with options if there is
   * one.
   */
  private static JsonNode exampleCase(JsonNode fixture) {
    List<JsonNode> fit =
        stream(fixture.get("cases"))
            .filter(
                c -> {
                  String args = c.get("args").toString();
                  JsonNode mean = c.get("expected").get("mean");
                  return !c.path("exact_sum").asBoolean(false)
                      && !args.contains("null")
                      && !args.contains("NaN")
                      && !args.contains("Infinity")
                      && args.length() < 400
                      && c.get("args").get(0).size() <= 6
                      && mean.isNumber()
                      && Double.isFinite(mean.asDouble());
                })
            .toList();
    assertFalse(fit.isEmpty(), fixture.get("function") + " has no case for an example");
    return fit.stream().filter(c -> !c.get("options").isEmpty()).findFirst().orElse(fit.get(0));
  }

  /** A SQL literal: doubles as DOUBLE, whole numbers as INT, arrays as array(...). */
  private static String literal(JsonNode v) {
    if (v.isArray()) {
      return "array("
          + stream(v).map(FunctionPagesTest::literal).collect(Collectors.joining(", "))
          + ")";
    }
    if (v.isBoolean()) {
      return v.asText();
    }
    if (v.isTextual()) {
      return "'" + v.asText() + "'";
    }
    return v.isIntegralNumber() ? v.asText() : Double.toString(v.asDouble()) + "D";
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }
}
