package io.losseval.job.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.JobException;
import io.losseval.job.query.SqlStatements.Kind;
import io.losseval.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Statements told apart by the session's parser, before anything runs them. */
class SqlStatementsTest {
  static Kind kind(String sql) {
    return SqlStatements.parse(SharedSpark.get(), sql, "query").kind();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM t",
        "select a, mse_loss(a, b) FROM t GROUP BY a ORDER BY a LIMIT 3",
        "WITH x AS (SELECT * FROM t) SELECT * FROM x",
        "VALUES (1, 2), (3, 4)",
        "TABLE t",
        "FROM t SELECT a",
        "(SELECT a FROM t) UNION ALL (SELECT b FROM u)",
        "SELECT * FROM t -- a comment at the end",
        "SELECT * FROM parquet.`/data/scores`"
      })
  void queriesAreQueries(String sql) {
    assertEquals(Kind.QUERY, kind(sql));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE TEMPORARY VIEW v AS SELECT * FROM t",
        "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM t",
        "CREATE GLOBAL TEMPORARY VIEW v AS SELECT 1"
      })
  void temporaryViewsAreTemporaryViews(String sql) {
    assertEquals(Kind.TEMPORARY_VIEW, kind(sql));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT OVERWRITE DIRECTORY '/tmp/x' USING parquet SELECT * FROM t",
        "INSERT INTO t SELECT * FROM u",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
        "CREATE TABLE c USING parquet LOCATION '/tmp/c' AS SELECT * FROM t",
        "CREATE VIEW persisted AS SELECT * FROM t",
        "DROP VIEW predictions",
        "DROP TABLE t",
        "CACHE TABLE t",
        "UNCACHE TABLE t",
        "SET spark.sql.shuffle.partitions=1",
        "EXPLAIN SELECT * FROM t",
        "DESCRIBE TABLE t",
        "ADD JAR /tmp/x.jar",
        "USE other"
      })
  void everythingElseIsNot(String sql) {
    assertEquals(Kind.OTHER, kind(sql), sql);
  }

  @Test
  void aStatementIsDescribedByItsFirstLineAndItsPlan() {
    SqlStatements.Statement s =
        SqlStatements.parse(
            SharedSpark.get(),
            "-- a comment\nINSERT OVERWRITE DIRECTORY '/tmp/x' USING parquet\nSELECT * FROM t",
            "query");
    assertEquals(
        "'INSERT OVERWRITE DIRECTORY '/tmp/x' USING parquet' (InsertIntoDir)", s.describe());
  }

  @Test
  void aSyntaxErrorIsAConfigurationErrorNamingTheKey() {
    JobException e =
        assertThrows(
            JobException.class,
            () -> SqlStatements.parse(SharedSpark.get(), "SELEC * FROM t", "query"));
    assertTrue(e.getMessage().startsWith("query: "), e.getMessage());
    assertTrue(e.getMessage().contains("SELEC"), e.getMessage());
  }
}
