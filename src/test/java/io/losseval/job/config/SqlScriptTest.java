package io.losseval.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    String sql =
        "-- a comment; not a split\n"
            + "CREATE TEMPORARY VIEW v AS SELECT ';' AS a, \"x;y\" AS `b;c`;\n"
            + "/* block; comment */ SELECT 'it''s', 'a\\';b' FROM v ;\n"
            + "-- only a comment;\n"
            + ";\n";
    assertEquals(
        List.of(
            "-- a comment; not a split\nCREATE TEMPORARY VIEW v AS SELECT ';' AS a, \"x;y\" AS `b;c`",
            "/* block; comment */ SELECT 'it''s', 'a\\';b' FROM v"),
        SqlScript.split(sql));
  }

  @Test
  void aFileWithoutStatementsGivesNone() {
    assertEquals(List.of(), SqlScript.split("-- nothing\n/* here */\n ; \n"));
  }
}
