package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.report.ReportBrowserTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/install-chromium, the first step of tools/test-all, run by bash with a PATH that has no
 * Chromium: {@code id} and {@code apt-get} are stand-ins in that PATH, so that the test sees what
 * the script does as a user and as root without changing the machine. On a laptop without root the
 * step passes and says how to install; in CI it installs, and fails without a browser.
 */
class InstallChromiumTest {
  @TempDir Path bin;

  record Result(int code, String out, String err) {}

  private Result run(int uid, boolean ci) throws IOException, InterruptedException {
    script("id", "echo " + uid);
    script("apt-get", "echo \"$*\" >> " + bin.resolve("apt-get.calls"));
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", "tools/install-chromium");
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", bin.toString());
    if (ci) {
      env.put("CI", "true");
    }
    Path out = bin.resolve("out");
    Path err = bin.resolve("err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    int code = p.waitFor();
    return new Result(code, Files.readString(out), Files.readString(err));
  }

  private void script(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/bash\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void withoutRootOutsideCiItSaysHowToInstallAndPasses() throws Exception {
    Result r = run(1000, false);
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.err()
            .contains(
                "Chromium is not installed; not root, so not installing it; "
                    + "ReportBrowserTest will be skipped. To run it, "
                    + ReportBrowserTest.HOW_TO_INSTALL),
        r.err());
    assertEquals("", r.out());
    assertFalse(Files.exists(bin.resolve("apt-get.calls")), "nothing installed");
  }

  @Test
  void withoutRootInCiItFails() throws Exception {
    Result r = run(1000, true);
    assertEquals(1, r.code(), r.toString());
    assertTrue(
        r.err()
            .contains(
                "CI is set, so the browser test needs it: run as root, or "
                    + ReportBrowserTest.HOW_TO_INSTALL),
        r.err());
  }

  @Test
  void asRootItInstallsAndFailsWhenNoBrowserAppears() throws Exception {
    Result r = run(0, true);
    assertEquals(1, r.code(), r.toString());
    String calls = Files.readString(bin.resolve("apt-get.calls"));
    assertTrue(calls.contains("install -y -qq --no-install-recommends chromium"), calls);
    assertTrue(
        r.err().contains("apt-get installed chromium, but no chromium is on the PATH"), r.err());
  }

  @Test
  void aBrowserOnThePathIsAllItNeeds() throws Exception {
    script("chromium", "exit 0");
    Result r = run(1000, true);
    assertEquals(0, r.code(), r.toString());
    assertEquals(bin.resolve("chromium") + "\n", r.out());
  }
}
