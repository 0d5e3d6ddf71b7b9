package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An option outside its catalog range stops the job at configuration time, before Spark starts,
 * with the core's message and the file and line of the options.
 */
class ConfigOptionsRangeTest {

  @Test
  void labelSmoothingTwoIsAConfigurationError() {
    JobException e = assertThrows(JobException.class, () -> ConfigReader.read(
        JobConfigTest.EXAMPLE, List.of("evaluations.val_ce.options.label_smoothing=2")));
    assertEquals(ExitCode.CONFIG, e.code());
    assertTrue(e.getMessage().contains("evaluations.val_ce.options: cross_entropy: option "
        + "'label_smoothing' = 2.0 is not allowed; it must be between 0.0 and 1.0"),
        e.getMessage());
  }
}
