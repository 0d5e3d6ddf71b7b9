package io.losseval.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the documentation, by name. A block is named by the line directly
 * before its opening fence, {@code <!-- snippet: NAME -->}; {@link #block} returns its text,
 * without the fences and without the indentation of the fence (blocks inside list items are
 * indented). Pages are named by their path from the repository root: {@code "README.md"}, {@code
 * "docs/intervals.md"}.
 */
public final class DocSnippets {
  /** The marker line before a fence. */
  public static final Pattern MARKER = Pattern.compile("^\\s*<!-- snippet: ([a-z0-9-]+) -->\\s*$");

  private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+)(\\S*)\\s*$");

  private DocSnippets() {}

  /** One fenced block of a page: its name (null without a marker), language, text and line. */
  public record Snippet(String page, String name, String language, String text, int line) {
    @Override
    public String toString() {
      return page + ":" + line + (name == null ? " (no snippet marker)" : " snippet " + name);
    }
  }

  /**
   * The text of the block named {@code name} in {@code page}; fails the test when there is none.
   */
  public static String block(String page, String name) {
    List<Snippet> found =
        snippets(Path.of(page)).stream().filter(s -> name.equals(s.name())).toList();
    assertEquals(1, found.size(), page + " has no snippet (or several) named " + name);
    return found.get(0).text();
  }

  /** The text of the page, for tests that check prose (a table, a message quoted in a sentence). */
  public static String page(String page) {
    try {
      return Files.readString(Path.of(page), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The code a test runs for a page's snippet: the lines of {@code source} between {@code //
   * snippet: NAME start} and {@code // snippet: NAME end}, without the start marker's indentation.
   * A test compares it with {@link #block} so that the page shows what runs.
   */
  public static String code(Path source, String name) {
    List<String> lines = List.of(page(source.toString()).split("\n", -1));
    String start = "// snippet: " + name + " start";
    int from = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(start)) {
        from = i;
      }
    }
    assertTrue(from >= 0, source + " has no line " + start);
    int indent = lines.get(from).indexOf('/');
    List<String> code = new ArrayList<>();
    for (int i = from + 1; !lines.get(i).trim().equals("// snippet: " + name + " end"); i++) {
      code.add(lines.get(i).length() >= indent ? lines.get(i).substring(indent) : lines.get(i));
    }
    return String.join("\n", code);
  }

  /** Every fenced block of a page, in order, named or not. */
  public static List<Snippet> snippets(Path page) {
    List<String> lines = List.of(page(page.toString()).split("\n", -1));
    List<Snippet> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String indent = open.group(1);
      String fence = open.group(2);
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).equals(indent + fence)) {
        end++;
      }
      assertNotNull(end < lines.size() ? "" : null, page + ":" + (i + 1) + ": an unclosed fence");
      String text =
          lines.subList(i + 1, end).stream()
              .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
              .collect(Collectors.joining("\n"));
      Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
      String name = marker != null && marker.matches() ? marker.group(1) : null;
      out.add(new Snippet(page.toString(), name, open.group(3), text, i + 1));
      i = end;
    }
    return out;
  }

  /** README.md and every Markdown page under docs/, as paths from the repository root. */
  public static List<Path> pages() {
    try (Stream<Path> files = Files.walk(Path.of("docs"))) {
      List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
      return pages;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
