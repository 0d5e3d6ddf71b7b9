package io.losseval.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.testing.DocSnippets.Snippet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every fenced block of README.md and of the docs is a named snippet that a test reads: it has a
 * {@code <!-- snippet: NAME -->} line before its fence, its name is unique in its page, and some
 * test source (src/test, python/tests) names it in quotes.
 */
class DocSnippetsTest {
  @Test
  void everyBlockIsANamedSnippetThatATestReads() throws IOException {
    String tests = testSources();
    List<String> problems = new ArrayList<>();
    int count = 0;
    for (Path page : DocSnippets.pages()) {
      Set<String> names = new HashSet<>();
      for (Snippet s : DocSnippets.snippets(page)) {
        count++;
        if (s.name() == null) {
          problems.add(s + ": a fenced block without a snippet marker");
        } else if (!names.add(s.name())) {
          problems.add(s + ": the name is used twice in the page");
        } else if (!tests.contains("\"" + s.name() + "\"")
            && !tests.contains("'" + s.name() + "'")) {
          problems.add(s + ": no test names it");
        }
      }
    }
    assertEquals(List.of(), problems, count + " blocks");
  }

  @Test
  void blockStripsTheFenceAndItsIndentation() throws IOException {
    Path page = Files.createTempFile("snippets", ".md");
    try {
      Files.writeString(
          page,
          "text\n<!-- snippet: one -->\n```sql\nSELECT 1\n```\n\n- item\n\n"
              + "  <!-- snippet: two -->\n  ```bash\n  ls\n    -l\n  ```\n```\nbare\n```\n");
      List<Snippet> all = DocSnippets.snippets(page);
      assertEquals(List.of("one", "two"), all.stream().limit(2).map(Snippet::name).toList());
      assertEquals(List.of("sql", "bash", ""), all.stream().map(Snippet::language).toList());
      assertEquals(
          List.of("SELECT 1", "ls\n  -l", "bare"), all.stream().map(Snippet::text).toList());
      assertEquals(null, all.get(2).name());
    } finally {
      Files.delete(page);
    }
  }

  private static String testSources() throws IOException {
    StringBuilder all = new StringBuilder();
    for (String root : List.of("src/test", "python/tests")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path f :
            files
                .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".py"))
                .toList()) {
          all.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
        }
      }
    }
    return all.toString();
  }
}
