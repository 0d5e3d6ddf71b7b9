package io.losseval.streaming;

import io.losseval.core.LossDefinition;
import io.losseval.core.loss.LossCatalog;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.Fixtures;
import io.losseval.fixtures.SparkFrames;
import io.losseval.fixtures.SparkFrames.ArrayStorage;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scored rows for every loss of the catalog in one table, timestamped and sliced for windowed
 * aggregations: each loss's largest PyTorch fixture case, its rows repeated three times, in columns
 * {@code <loss>_a0, <loss>_a1, ...} that are NULL on the other losses' rows (a NULL row is skipped,
 * so each loss sees only its own rows). Columns {@code ts} (event time, within the first 30 minutes
 * after {@link #T0}), {@code slice} ('a' or 'b') and {@code arrival} (which of {@link #ARRIVALS}
 * files the row comes in; rows of one window arrive in several files).
 */
final class EveryLossTable {
  /** Event times start here: 2026-01-01T00:00:00Z. */
  static final long T0 = 1_767_225_600_000L;

  static final int ARRIVALS = 4;
  private static final int REPEATS = 3;

  private final List<FixtureCase> cases = new ArrayList<>();

  EveryLossTable() {
    for (LossDefinition d : LossCatalog.all()) {
      cases.add(
          Fixtures.load(d.name()).stream()
              .max(Comparator.comparingInt(FixtureCase::rows))
              .orElseThrow());
    }
  }

  List<FixtureCase> cases() {
    return cases;
  }

  StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("ts", DataTypes.TimestampType, false));
    fields.add(DataTypes.createStructField("slice", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("arrival", DataTypes.IntegerType, false));
    // A row id, the intervals' bucketing key: each fixture row is repeated, and without a key a
    // group of repeated rows gets no bounds ("few distinct rows; pass a key").
    fields.add(DataTypes.createStructField("rid", DataTypes.LongType, true));
    for (FixtureCase c : cases) {
      for (StructField f : SparkFrames.argumentFields(c, ArrayStorage.ARRAY)) {
        fields.add(DataTypes.createStructField(c.function() + "_" + f.name(), f.dataType(), true));
      }
    }
    return DataTypes.createStructType(fields);
  }

  /** Every row, in no particular order. */
  Dataset<Row> frame(SparkSession spark) {
    StructType schema = schema();
    List<Row> rows = new ArrayList<>();
    int column = 4;
    for (int l = 0; l < cases.size(); l++) {
      FixtureCase c = cases.get(l);
      for (int k = 0; k < REPEATS; k++) {
        for (int r = 0; r < c.rows(); r++) {
          Object[] values = new Object[schema.size()];
          // Spread over 30 minutes (three 10-minute windows), both slices and every arrival file,
          // differently for each loss and repeat.
          long minute = (7L * r + 13L * k + l) % 30;
          values[0] = new Timestamp(T0 + minute * 60_000 + (r % 60) * 1000);
          values[1] = (r + k + l) % 2 == 0 ? "a" : "b";
          values[2] = (3 * r + k + l) % ARRIVALS;
          values[3] = (long) rows.size();
          Object[] args = SparkFrames.argumentValues(c, r, ArrayStorage.ARRAY);
          System.arraycopy(args, 0, values, column, args.length);
          rows.add(RowFactory.create(values));
        }
      }
      column += c.argKinds().size();
    }
    return spark.createDataFrame(rows, schema);
  }

  /** One row at {@code T0 + minutes} with every loss column NULL: it only moves event time on. */
  Dataset<Row> clockRow(SparkSession spark, long minutes) {
    Object[] values = new Object[schema().size()];
    values[0] = new Timestamp(T0 + minutes * 60_000);
    values[1] = "a";
    values[2] = ARRIVALS;
    return spark.createDataFrame(List.of(RowFactory.create(values)), schema());
  }

  /**
   * The select list of every loss: {@code <loss>} ('mean' with the case's options), {@code
   * <loss>_sum} and {@code <loss>_ci} (the interval aggregate, 'mean', 3 buckets, the row id as its
   * key).
   */
  String aggregates() {
    List<String> calls = new ArrayList<>();
    for (FixtureCase c : cases) {
      List<String> args = new ArrayList<>();
      for (int a = 0; a < c.argKinds().size(); a++) {
        args.add(c.function() + "_a" + a);
      }
      String a = String.join(", ", args);
      String o = SparkFrames.sqlOptions(c.options());
      calls.add(c.function() + "(" + a + ", 'mean'" + o + ") AS " + c.function());
      calls.add(c.function() + "(" + a + ", 'sum'" + o + ") AS " + c.function() + "_sum");
      // Few buckets, so that every bucket of a window's 6 to 21 rows of a loss has rows and the
      // interval is not NULL.
      Map<String, Object> ci = new LinkedHashMap<>(c.options());
      ci.put("buckets", 3L);
      String ciOptions = SparkFrames.sqlOptions(ci);
      ciOptions = ciOptions.substring(0, ciOptions.length() - 1) + ", 'key', rid)";
      calls.add(
          c.function() + "_ci(" + a + ", 'mean'" + ciOptions + ") AS " + c.function() + "_ci");
    }
    return String.join(",\n  ", calls);
  }
}
