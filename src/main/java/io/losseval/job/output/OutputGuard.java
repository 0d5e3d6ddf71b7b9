package io.losseval.job.output;

import io.losseval.job.JobException;
import io.losseval.job.config.JobConfig.ReportSpec;
import io.losseval.job.output.InputOverlap.Location;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where the job may write, checked before anything is written or deleted: the output and the report
 * page must not overlap an input or the rows read, the page must lie outside the output, and each
 * may replace only what the job wrote (the output a result of the same kind, the page an earlier
 * page).
 */
public final class OutputGuard {
  private OutputGuard() {}

  /**
   * Checks the {@code output} and the report {@code page} (either may be null) against the {@code
   * inputs} (asked for only when there is something to write) and what they would replace.
   *
   * @param isPage whether a file's head is one of the job's report pages
   * @param written the manifest of the results the output would hold
   * @return the replaced result's columns when they differ from the new ones, else null
   */
  public static List<String> check(
      Supplier<List<Location>> inputs,
      AtomicOutput output,
      AtomicOutput page,
      Predicate<String> isPage,
      OutputManifest written) {
    if (output == null && page == null) {
      return null;
    }
    List<Location> read = inputs.get();
    if (page != null) {
      InputOverlap.refuse(page.spec().pathKey(), page.targetPath(), page.realPath(), read);
      if (output != null
          && InputOverlap.overlap(
                  page.targetPath(),
                  new Location("the output", InputOverlap.Kind.ROOT, output.targetPath()))
              != null) {
        throw JobException.config(
            page.spec().pathKey()
                + ": '"
                + page.target()
                + "' is in the "
                + "output directory "
                + output.target()
                + "; leave report.path out to write the "
                + "page there as "
                + ReportSpec.IN_OUTPUT
                + ", or choose a path outside it");
      }
      page.checkReplaceableFile(isPage);
    }
    if (output == null) {
      return null;
    }
    InputOverlap.refuse(output.spec().pathKey(), output.targetPath(), output.realPath(), read);
    return output.checkReplaceable(written);
  }
}
