/**
 * Test helpers that are not about one part of the code, so that a class's test sits in the package
 * of the class and its helpers sit here: the one Spark session of a test JVM ({@link
 * io.losseval.testing.SharedSpark}) and temporary session settings ({@link
 * io.losseval.testing.SessionSettings}); Spark processes started on 127.0.0.1 ({@link
 * io.losseval.testing.SparkProcesses}); a real Kafka broker in its own JVM ({@link
 * io.losseval.testing.KafkaBroker}); a headless Chromium driven over DevTools ({@link
 * io.losseval.testing.Chromium}); captured log lines ({@link io.losseval.testing.CapturedLogs});
 * the documentation's code snippets ({@link io.losseval.testing.DocSnippets}), so that tests run
 * what the pages show; which path a query's partial aggregate took, row or columnar ({@link
 * io.losseval.testing.ColumnarPlans}); a dictionary of strings for dictionary-encoded column
 * vectors ({@link io.losseval.testing.StringDictionary}). Helpers may use Spark, Log4j, the Kafka
 * client and the main code; they hold no assertions of their own about the main code
 * (ColumnarPlans' checks assert what the calling test asks of a plan).
 */
package io.losseval.testing;
