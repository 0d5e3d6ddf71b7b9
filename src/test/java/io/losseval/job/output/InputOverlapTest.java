package io.losseval.job.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.ExitCode;
import io.losseval.job.JobException;
import io.losseval.job.output.InputOverlap.Kind;
import io.losseval.job.output.InputOverlap.Location;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** Output paths against input locations: qualified Hadoop paths, no file system needed. */
class InputOverlapTest {
  static Location root(String path) {
    return new Location("input 'in'", Kind.ROOT, new Path(path));
  }

  static String overlap(String target, Location l) {
    return InputOverlap.overlap(new Path(target), l);
  }

  @Test
  void aRootOverlapsItselfItsAncestorsAndEverythingInside() {
    Location in = root("hdfs://nn:8020/lake/scores");
    assertEquals("is the path", overlap("hdfs://nn:8020/lake/scores", in));
    assertEquals("is the path", overlap("hdfs://nn:8020/lake/scores/", in));
    assertEquals("is the path", overlap("hdfs://nn:8020/lake//scores", in));
    assertEquals("holds the path", overlap("hdfs://nn:8020/lake", in));
    assertEquals("holds the path", overlap("hdfs://nn:8020/", in));
    assertEquals("is inside the path", overlap("hdfs://nn:8020/lake/scores/results", in));
    assertNull(overlap("hdfs://nn:8020/lake/scores-results", in));
    assertNull(overlap("hdfs://nn:8020/lake/results", in));
    assertNull(overlap("hdfs://other:8020/lake/scores", in), "another file system");
    assertNull(overlap("file:/lake/scores", in));
  }

  @Test
  void aFileOverlapsItselfAndItsAncestorsOnly() {
    Location file =
        new Location("the rows read", Kind.FILE, new Path("file:/data/in/part-0.parquet"));
    assertEquals("is a file", overlap("file:/data/in/part-0.parquet", file));
    assertEquals("holds a file", overlap("file:/data", file));
    assertNull(overlap("file:/data/in/results", file), "beside a file is not inside it");
  }

  @Test
  void aGlobOverlapsWhatItMatchesComponentByComponent() {
    Location glob =
        new Location("input 'in'", Kind.GLOB, new Path("file:/lake/day=2024-03-*/part-*.parquet"));
    assertEquals("matches the glob", overlap("file:/lake/day=2024-03-09/part-1.parquet", glob));
    assertEquals(
        "is inside a match of the glob",
        overlap("file:/lake/day=2024-03-09/part-1.parquet/x", glob));
    assertNull(overlap("file:/lake/day=2024-03-09/results", glob));
    assertNull(overlap("file:/lake/day=2024-04-01/part-1.parquet", glob));
    assertNull(
        overlap("file:/lake/day=2024-03-09/sub/part-1.parquet", glob),
        "* stays inside one component");
    Location braces = new Location("input 'in'", Kind.GLOB, new Path("file:/lake/{a,b}"));
    assertEquals("matches the glob", overlap("file:/lake/b", braces));
  }

  @Test
  void refusalNamesTheKeyTheInputAndThePath() {
    JobException e =
        assertThrows(
            JobException.class,
            () ->
                InputOverlap.refuse(
                    "output.path",
                    new Path("file:/data"),
                    new Path("file:/data"),
                    List.of(root("file:/x"), root("file:/data/in"))));
    assertEquals(ExitCode.CONFIG, e.code());
    assertTrue(
        e.getMessage()
            .startsWith(
                "output.path: 'file:/data' holds the path of input "
                    + "'in' (file:/data/in); writing there would replace or change an input"),
        e.getMessage());
    InputOverlap.refuse(
        "output.path",
        new Path("file:/results"),
        new Path("file:/results"),
        List.of(root("file:/data")));
    JobException linked =
        assertThrows(
            JobException.class,
            () ->
                InputOverlap.refuse(
                    "output.path",
                    new Path("file:/results"),
                    new Path("file:/data/results"),
                    List.of(root("file:/data"))));
    assertTrue(
        linked
            .getMessage()
            .startsWith(
                "output.path: 'file:/results' (a link to "
                    + "'file:/data/results') is inside the path of input 'in' (file:/data)"),
        linked.getMessage());
  }
}
