package io.losseval.job.output;

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
 * readers skip names starting with '_'): the kind of result, its columns and the names of the
 * entries the job wrote into it. A later run replaces a directory only when it holds the same kind
 * of result and nothing but the entries listed, so that SQL mode never replaces evaluation results,
 * and nothing the job did not write (a directory it did not create, a file someone put into its
 * results) is ever deleted.
 *
 * @param kind what wrote it: {@code evaluation}, {@code sql} or {@code sample}
 * @param columns "name type" of each column, in order
 * @param files the names of the entries directly in the directory that the job wrote, sorted, the
 *     manifest's own included; empty until the directory is written, and null in a manifest of a
 *     version of the job that did not list them
 */
public record OutputManifest(String kind, List<String> columns, List<String> files) {
  /** The manifest's file name inside the output directory. */
  public static final String FILE = "_losseval.json";

  public OutputManifest {
    columns = List.copyOf(columns);
    files = files == null ? null : files.stream().sorted().toList();
  }

  public static OutputManifest of(String kind, StructType schema) {
    List<String> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      columns.add(f.name() + " " + f.dataType().catalogString());
    }
    return new OutputManifest(kind, columns, List.of());
  }

  /** This manifest listing {@code written} and itself as the directory's entries. */
  OutputManifest withFiles(List<String> written) {
    List<String> all = new ArrayList<>(written);
    all.remove(FILE);
    all.add(FILE);
    // Checksum files follow their file: listing them too would only make the list longer.
    List<String> listed = List.copyOf(all);
    all.removeIf(name -> checksummed(name) != null && listed.contains(checksummed(name)));
    return new OutputManifest(kind, columns, all);
  }

  /**
   * Whether the entry {@code name} of the directory is one the job wrote: listed, or the checksum
   * file Hadoop's local file system keeps beside a listed entry.
   */
  public boolean wrote(String name) {
    return files.contains(name) || (checksummed(name) != null && files.contains(checksummed(name)));
  }

  /** The file whose checksum {@code name} holds ({@code .NAME.crc}), or null. */
  private static String checksummed(String name) {
    return name.length() >= ".x.crc".length() && name.startsWith(".") && name.endsWith(".crc")
        ? name.substring(1, name.length() - ".crc".length())
        : null;
  }

  /**
   * How the columns {@code after} differ from {@code before}, for the console: "dropped A, B" and
   * "added C" (each "name type", in their order), or "the same columns in another order"; an empty
   * list when they are the same.
   */
  public static List<String> columnChanges(List<String> before, List<String> after) {
    List<String> dropped = before.stream().filter(c -> !after.contains(c)).toList();
    List<String> added = after.stream().filter(c -> !before.contains(c)).toList();
    List<String> out = new ArrayList<>();
    if (!dropped.isEmpty()) {
      out.add("dropped " + String.join(", ", dropped));
    }
    if (!added.isEmpty()) {
      out.add("added " + String.join(", ", added));
    }
    if (out.isEmpty() && !before.equals(after)) {
      out.add("the same columns in another order");
    }
    return out;
  }

  String toJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("kind", kind);
    fields.put("columns", columns);
    fields.put("files", files);
    return ConfigValueFactory.fromMap(fields).render(ConfigRenderOptions.concise()) + "\n";
  }

  /** The manifest in {@code json}, or null when it is not one. */
  public static OutputManifest parse(String json) {
    try {
      var c = ConfigFactory.parseString(json);
      return new OutputManifest(
          c.getString("kind"),
          c.getStringList("columns"),
          c.hasPath("files") ? c.getStringList("files") : null);
    } catch (ConfigException e) {
      return null;
    }
  }
}
