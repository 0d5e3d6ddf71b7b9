package io.losseval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link PublicApi}: the classes it marks are the ones {@code docs/api.md} lists, and each is
 * public. (The annotation is kept in the class files only, so the marks are read from them.)
 */
class PublicApiTest {
  static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importUrl(PublicApi.class.getProtectionDomain().getCodeSource().getLocation());

  /** A table row of the page that names a class: {@code | `io.losseval....` | ... |}. */
  private static final Pattern LISTED = Pattern.compile("^\\| `(io\\.losseval\\.[\\w.]+)` \\|");

  /** The classes marked {@link PublicApi} among the main classes. */
  static Set<String> marked() {
    Set<String> out = new TreeSet<>();
    for (JavaClass c : MAIN) {
      if (c.isAnnotatedWith(PublicApi.class)) {
        out.add(c.getName());
      }
    }
    return out;
  }

  @Test
  void theApiPageListsExactlyTheMarkedClasses() throws IOException {
    Set<String> listed = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("docs/api.md"), StandardCharsets.UTF_8)) {
      Matcher m = LISTED.matcher(line);
      if (m.find()) {
        listed.add(m.group(1));
      }
    }
    Set<String> marked = marked();
    assertTrue(marked.contains("io.losseval.spark.LossColumns"), marked.toString());
    assertEquals(marked, listed, "docs/api.md against the classes marked @PublicApi");
  }

  @Test
  void everyMarkedClassIsPublic() {
    for (String name : marked()) {
      assertTrue(MAIN.get(name).getModifiers().contains(JavaModifier.PUBLIC), name);
    }
  }
}
