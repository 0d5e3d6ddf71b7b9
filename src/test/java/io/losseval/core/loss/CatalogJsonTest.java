package io.losseval.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed catalog.json is the catalog rendered now, and the jar's copy is that file. With
 * {@code -Dcatalog.rewrite=true} the test writes the rendering instead of failing.
 */
class CatalogJsonTest {
  static final Path FILE = Path.of("src/main/resources").resolve(CatalogJson.RESOURCE);
  static final String REWRITE =
      "mvn -B -q -o test -Dtest=CatalogJsonTest -Dcatalog.rewrite=true";

  @Test
  void committedFileIsTheCatalog() throws IOException {
    String rendered = CatalogJson.render();
    if (Boolean.getBoolean("catalog.rewrite")) {
      Files.writeString(FILE, rendered, StandardCharsets.UTF_8);
      return;
    }
    String committed = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
    assertEquals(rendered, committed, FILE + " differs from the catalog; rewrite it with: "
        + REWRITE);
  }

  @Test
  void theClassPathCopyIsTheCommittedFile() throws IOException {
    assumeFalse(Boolean.getBoolean("catalog.rewrite"), "the copy is refreshed by the next build");
    try (InputStream in = getClass().getResourceAsStream("/" + CatalogJson.RESOURCE)) {
      assertNotNull(in, CatalogJson.RESOURCE + " is not on the class path");
      assertEquals(Files.readString(FILE, StandardCharsets.UTF_8),
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "the class path holds a stale copy; run the build again");
    }
  }
}
