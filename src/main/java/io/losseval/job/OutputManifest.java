package io.losseval.job;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What an output directory written by the job holds, recorded in it as {@link #FILE} (Spark's
 * readers skip names starting with '_'): the kind of result and its columns. A later run
 * replaces a directory only when it holds the same kind of result, so that SQL mode never
 * replaces evaluation results, and a directory the job did not write is never replaced.
 *
 * @param kind what wrote it: {@code evaluation}, {@code sql} or {@code sample}
 * @param columns "name type" of each column, in order
 */
record OutputManifest(String kind, List<String> columns) {
  /** The manifest's file name inside the output directory. */
  static final String FILE = "_losseval.json";

  OutputManifest {
    columns = List.copyOf(columns);
  }

  static OutputManifest of(String kind, StructType schema) {
    List<String> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      columns.add(f.name() + " " + f.dataType().catalogString());
    }
    return new OutputManifest(kind, columns);
  }

  String toJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("kind", kind);
    fields.put("columns", columns);
    return ConfigValueFactory.fromMap(fields).render(ConfigRenderOptions.concise()) + "\n";
  }

  /** The manifest in {@code json}, or null when it is not one. */
  static OutputManifest parse(String json) {
    try {
      var c = ConfigFactory.parseString(json);
      return new OutputManifest(c.getString("kind"), c.getStringList("columns"));
    } catch (ConfigException e) {
      return null;
    }
  }
}
