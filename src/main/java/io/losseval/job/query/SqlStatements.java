package io.losseval.job.query;

import io.losseval.job.Failures;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.PersistedView$;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.CreateViewCommand;
import org.apache.spark.sql.internal.SessionState;

/**
 * Tells what a SQL statement does before anything runs it, from the session's own parser (which
 * never executes): a query, the definition of a temporary view, or any other statement (one that
 * may write tables or files, drop or cache something, or change the session).
 *
 * <p>A statement counts as a query only when Spark's grammar accepts it as the subquery of a SELECT
 * ({@link #asSubquery}): a whitelist by the grammar itself, so that statement kinds added by later
 * Spark versions (scripts, EXECUTE IMMEDIATE, ...) are never mistaken for queries.
 */
final class SqlStatements {
  /** What a statement does. */
  public enum Kind {
    QUERY,
    TEMPORARY_VIEW,
    OTHER
  }

  /**
   * A parsed statement.
   *
   * @param plan the name of its parsed plan's root, e.g. InsertIntoStatement: names the statement's
   *     kind in messages
   */
  record Statement(String text, Kind kind, String plan) {

    /** "'first words ...' (InsertIntoStatement)" for messages. */
    public String describe() {
      String line =
          text.strip()
              .lines()
              .filter(l -> !l.isBlank() && !l.strip().startsWith("--"))
              .findFirst()
              .orElse(text.strip())
              .strip();
      String shown = line.length() > 60 ? line.substring(0, 57) + "..." : line;
      return "'" + shown + "' (" + plan + ")";
    }
  }

  private SqlStatements() {}

  /** Parses {@code sql} without running it; a syntax error is a configuration error. */
  public static Statement parse(SparkSession spark, String sql, String where) {
    ParserInterface parser = parser(spark);
    LogicalPlan plan;
    try {
      plan = parser.parsePlan(sql);
    } catch (Exception e) { // ParseException, checked in Java
      throw Failures.asConfig(e, where);
    }
    Kind kind;
    if (plan instanceof CreateViewCommand view && view.viewType() != PersistedView$.MODULE$) {
      kind = Kind.TEMPORARY_VIEW;
    } else if (!(plan instanceof Command) && parsesAsQuery(parser, sql)) {
      kind = Kind.QUERY;
    } else {
      kind = Kind.OTHER;
    }
    return new Statement(sql, kind, statementName(plan));
  }

  /** The plan's root, under any WITH clause: what the statement does, e.g. InsertIntoStatement. */
  private static String statementName(LogicalPlan plan) {
    LogicalPlan p = plan;
    while (p.nodeName().equals("UnresolvedWith") && !p.children().isEmpty()) {
      p = p.children().head();
    }
    return p.nodeName();
  }

  /**
   * {@code query} as the subquery of a {@code SELECT *}: the text the job runs for its {@code
   * query} key, so that whatever the text holds, Spark runs a SELECT and nothing else. The newlines
   * keep a trailing line comment from swallowing the closing parenthesis.
   */
  static String asSubquery(String query) {
    return "SELECT * FROM (\n" + query + "\n)";
  }

  private static boolean parsesAsQuery(ParserInterface parser, String sql) {
    try {
      parser.parsePlan(asSubquery(sql));
      return true;
    } catch (Exception e) { // ParseException: not something a SELECT can read from
      return false;
    }
  }

  /**
   * The session's SQL parser. {@code sessionState} is a member of the classic session on Spark 4.x
   * and of {@code SparkSession} itself on 3.5, so one source reaches it by name.
   */
  private static ParserInterface parser(SparkSession spark) {
    try {
      return ((SessionState) spark.getClass().getMethod("sessionState").invoke(spark)).sqlParser();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot reach the session's SQL parser", e);
    }
  }
}
