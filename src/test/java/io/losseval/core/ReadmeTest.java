package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.losseval.core.loss.LossCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's function table is the catalog's: every loss in declaration order, its tensor
 * arguments with what a row holds, its options with PyTorch's defaults and allowed values, its
 * torch.nn class. With {@code -Dreadme.rewrite=true} the test writes the table instead of failing.
 */
class ReadmeTest {
  private static final Path README = Path.of("README.md");
  private static final String START = "<!-- functions:start -->\n";
  private static final String END = "<!-- functions:end -->";

  @Test
  void functionTableIsTheCatalog() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int from = readme.indexOf(START) + START.length();
    int to = readme.indexOf(END);
    String rendered = table();
    if (Boolean.getBoolean("readme.rewrite")) {
      Files.writeString(README, readme.substring(0, from) + rendered + readme.substring(to),
          StandardCharsets.UTF_8);
      return;
    }
    assertEquals(rendered, readme.substring(from, to), "README.md's function table differs from "
        + "the catalog; rewrite it with: "
        + "mvn -B -q -o test -Dtest=ReadmeTest -Dreadme.rewrite=true");
  }

  static String table() {
    StringBuilder b = new StringBuilder()
        .append("| SQL function | tensor arguments (per row) | options (PyTorch names = defaults) "
            + "| torch.nn |\n")
        .append("|---|---|---|---|\n");
    for (LossDefinition d : LossCatalog.all()) {
      String arguments = d.tensorArguments().stream()
          .map(a -> "`" + a.name() + "`: " + a.description()).collect(Collectors.joining("; "));
      String options = d.options().stream().map(ReadmeTest::option)
          .collect(Collectors.joining(", "));
      String row = "| `" + d.name() + "` | " + arguments + " | " + options + " | "
          + d.torchClass() + " |";
      assertFalse(row.substring(1, row.length() - 1).replace(" | ", "").contains("|"),
          d.name() + ": a '|' in a description would break the table");
      b.append(row.replace("|  |", "| |")).append('\n');
    }
    return b.toString();
  }

  /** "`label_smoothing` = 0.0 ([0, 1])", "`eps` = 1e-8", "`weight` = none". */
  private static String option(OptionSpec o) {
    Object d = o.defaultValue();
    String value = d == null ? "none"
        : d instanceof String s ? "'" + s + "'"
        : d instanceof Double x ? Double.toString(x).replace(".0E", "e").replace("E", "e")
        : d.toString();
    return "`" + o.name() + "` = " + value
        + (o.allowed() == null ? "" : " (" + o.allowed().notation() + ")");
  }
}
