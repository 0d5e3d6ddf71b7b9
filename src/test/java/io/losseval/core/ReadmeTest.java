package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.loss.LossCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's function table lists exactly the catalog's losses, with every option. */
class ReadmeTest {
  @Test
  void functionTableMatchesTheCatalog() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String table = readme.substring(readme.indexOf("<!-- functions:start -->"),
        readme.indexOf("<!-- functions:end -->"));
    List<String> listed = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\|(.*)$").matcher(table);
    while (m.find()) {
      listed.add(m.group(1));
      LossDefinition d = LossCatalog.get(m.group(1));
      for (OptionSpec o : d.options()) {
        assertTrue(m.group(2).contains("`" + o.name() + "`"), d.name() + " row lacks " + o.name());
      }
    }
    assertEquals(LossCatalog.all().stream().map(LossDefinition::name).toList(), listed);
  }
}
