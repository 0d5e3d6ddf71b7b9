package io.losseval.core.loss;

import io.losseval.core.ArgumentKind;
import io.losseval.core.LossDefinition;
import io.losseval.core.OptionSpec;
import io.losseval.core.OptionSpec.OneOf;
import io.losseval.core.OptionSpec.Range;
import io.losseval.core.TensorArgument;
import io.losseval.core.interval.IntervalOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog as JSON, the form other languages read (the fixture generator, the Python API): the
 * committed {@code io/losseval/catalog.json}, shipped in the jar. It lists the losses, then the
 * options the interval and comparison forms of every loss add ({@link IntervalOptions#SPECS}).
 * Stable text: declaration order, 2-space indent, arrays of plain values on one line, ASCII only, a
 * trailing newline.
 */
final class CatalogJson {
  /** Where the committed file lives in the source tree and on the class path. */
  public static final String RESOURCE = "io/losseval/catalog.json";

  private CatalogJson() {}

  /** The whole catalog as JSON text. */
  public static String render() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", 1);
    List<Object> losses = new ArrayList<>();
    for (LossDefinition d : LossCatalog.all()) {
      losses.add(loss(d));
    }
    root.put("losses", losses);
    root.put("interval_options", IntervalOptions.SPECS.stream().map(CatalogJson::option).toList());
    StringBuilder out = new StringBuilder();
    write(root, "", out);
    return out.append('\n').toString();
  }

  private static Map<String, Object> loss(LossDefinition d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.name());
    m.put("torch_class", d.torchClass());
    m.put("summary", d.summary());
    m.put("formula", d.formula());
    List<Object> arguments = new ArrayList<>();
    for (int a = 0; a < d.tensorArguments().size(); a++) {
      TensorArgument t = d.tensorArguments().get(a);
      Map<String, Object> arg = new LinkedHashMap<>();
      arg.put("name", t.name());
      arg.put("description", t.description());
      int at = a;
      arg.put("kinds", d.signatures().stream().map(s -> s.get(at).jsonName()).distinct().toList());
      arguments.add(arg);
    }
    m.put("arguments", arguments);
    m.put(
        "signatures",
        d.signatures().stream().map(s -> s.stream().map(ArgumentKind::jsonName).toList()).toList());
    m.put("none", d.elementwise() ? "per_element" : "per_sample");
    List<Object> options = new ArrayList<>();
    for (OptionSpec o : d.options()) {
      options.add(option(o));
    }
    m.put("options", options);
    m.put("example", d.exampleSql());
    return m;
  }

  private static Map<String, Object> option(OptionSpec o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", o.name());
    m.put("type", o.type().jsonName());
    m.put("default", o.defaultValue());
    m.put("allowed", o.allowed() == null ? null : allowed(o.allowed()));
    m.put("description", o.description());
    return m;
  }

  private static Map<String, Object> allowed(OptionSpec.Allowed allowed) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (allowed instanceof Range r) {
      // JSON has no infinity: an open end is null
      m.put("min", Double.isInfinite(r.min()) ? null : r.min());
      m.put("min_included", r.minIncluded());
      m.put("max", Double.isInfinite(r.max()) ? null : r.max());
      m.put("max_included", r.maxIncluded());
    } else {
      m.put("one_of", ((OneOf) allowed).values());
    }
    m.put("text", allowed.notation());
    return m;
  }

  private static void write(Object v, String indent, StringBuilder out) {
    if (v instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      String inner = indent + "  ";
      int k = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(inner);
        string((String) e.getKey(), out);
        out.append(": ");
        write(e.getValue(), inner, out);
        out.append(++k < map.size() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (v instanceof List<?> list) {
      boolean plain = list.stream().noneMatch(x -> x instanceof Map || x instanceof List);
      if (plain || list.isEmpty()) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          out.append(i == 0 ? "" : ", ");
          write(list.get(i), indent, out);
        }
        out.append(']');
        return;
      }
      out.append("[\n");
      String inner = indent + "  ";
      for (int i = 0; i < list.size(); i++) {
        out.append(inner);
        write(list.get(i), inner, out);
        out.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else if (v instanceof String s) {
      string(s, out);
    } else {
      out.append(v); // null, Boolean, Integer, Long, and finite Double ("1.0E-8" is JSON)
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
