package dev.jflow.engine.docker;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Skips a test, saying why, when `docker info` does not answer. */
final class DockerAvailable {
  private static String problem;

  private DockerAvailable() {
  }

  static synchronized void assume() {
    if (problem == null) {
      problem = ask();
    }
    Assumptions.assumeTrue(problem.isEmpty(), "Skipping a test that needs a Docker engine: " + problem
        + ". Run scripts/ensure-docker.sh as root (./run-tests does), or point DOCKER_HOST at one.");
  }

  private static String ask() {
    try {
      Process p = new ProcessBuilder("docker", "info").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "`docker info` did not answer within 30 s";
      }
      return p.exitValue() == 0 ? "" : "`docker info` failed with exit code " + p.exitValue();
    } catch (IOException e) {
      return "`docker info` cannot run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
