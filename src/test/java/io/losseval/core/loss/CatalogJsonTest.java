package io.losseval.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.core.LossDefinition;
import io.losseval.core.interval.IntervalOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed catalog.json is the catalog rendered now, and the jar's copy is that file. With
 * {@code -Dcatalog.rewrite=true} the test writes the rendering instead of failing. The interval
 * options it lists are those {@link IntervalOptions} enforces.
 */
class CatalogJsonTest {
  static final Path FILE = Path.of("src/main/resources").resolve(CatalogJson.RESOURCE);
  static final String REWRITE = "mvn -B -q -o test -Dtest=CatalogJsonTest -Dcatalog.rewrite=true";

  @Test
  void committedFileIsTheCatalog() throws IOException {
    String rendered = CatalogJson.render();
    if (Boolean.getBoolean("catalog.rewrite")) {
      Files.writeString(FILE, rendered, StandardCharsets.UTF_8);
      return;
    }
    String committed = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
    assertEquals(
        rendered, committed, FILE + " differs from the catalog; rewrite it with: " + REWRITE);
  }

  @Test
  void theClassPathCopyIsTheCommittedFile() throws IOException {
    assumeFalse(Boolean.getBoolean("catalog.rewrite"), "the copy is refreshed by the next build");
    try (InputStream in = getClass().getResourceAsStream("/" + CatalogJson.RESOURCE)) {
      assertNotNull(in, CatalogJson.RESOURCE + " is not on the class path");
      assertEquals(
          Files.readString(FILE, StandardCharsets.UTF_8),
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "the class path holds a stale copy; run the build again");
    }
  }

  @Test
  void intervalOptionsAreListedAsIntervalOptionsEnforcesThem() throws IOException {
    JsonNode options = new ObjectMapper().readTree(CatalogJson.render()).get("interval_options");
    assertEquals(2, options.size());
    JsonNode confidence = options.get(0);
    assertEquals(IntervalOptions.CONFIDENCE, confidence.get("name").asText());
    assertEquals("double", confidence.get("type").asText());
    assertEquals(IntervalOptions.DEFAULT.confidence(), confidence.get("default").asDouble());
    assertRange(confidence.get("allowed"), 0, false, 1, false);
    JsonNode buckets = options.get(1);
    assertEquals(IntervalOptions.BUCKETS, buckets.get("name").asText());
    assertEquals("integer", buckets.get("type").asText());
    assertEquals(IntervalOptions.DEFAULT.buckets(), buckets.get("default").asInt());
    assertRange(
        buckets.get("allowed"),
        IntervalOptions.MIN_BUCKETS,
        true,
        IntervalOptions.MAX_BUCKETS,
        true);
    for (JsonNode option : options) {
      assertFalse(option.get("description").asText().isBlank(), option.toString());
    }
  }

  @Test
  void noLossHasAnOptionNamedAsAnIntervalOption() {
    // Other languages list a loss's options and the interval's side by side, as SQL takes them.
    for (LossDefinition d : LossCatalog.all()) {
      assertEquals(
          d.options().size() + IntervalOptions.SPECS.size(),
          IntervalOptions.specs(d.options()).size(),
          d.name());
    }
  }

  private static void assertRange(
      JsonNode allowed, double min, boolean minIncluded, double max, boolean maxIncluded) {
    assertEquals(min, allowed.get("min").asDouble(), allowed.toString());
    assertEquals(minIncluded, allowed.get("min_included").asBoolean(), allowed.toString());
    assertEquals(max, allowed.get("max").asDouble(), allowed.toString());
    assertEquals(maxIncluded, allowed.get("max_included").asBoolean(), allowed.toString());
  }
}
