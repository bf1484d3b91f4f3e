package dev.jflow.cli.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * Checks that an image's executor, when it is a class name, is in one of the image's jars: a typo found
 * now rather than when the first container starts. YAML files, built-ins ({@code _pass}) and anything
 * else that is not a Java name are left to {@code jflow pod}.
 */
final class ExecutorClass {
  /** Where jflow's own executors live, which {@code jflow pod} finds by short name. */
  private static final List<String> STANDARD_PACKAGES = List.of("dev.jflow.executors.", "dev.jflow.neural.");

  private ExecutorClass() {}

  /** Fails when {@code uses} names a class that none of the jars holds. */
  static void check(String uses, Path jflowJar, List<Path> lib, List<Path> ext, Path executors) {
    if (uses.startsWith("_") || !uses.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")
        || uses.endsWith(".yml") || uses.endsWith(".yaml")) {
      return;
    }
    List<String> candidates = new ArrayList<>(List.of(uses));
    if (!uses.contains(".")) {
      STANDARD_PACKAGES.forEach(p -> candidates.add(0, p + uses));
    }
    List<Path> jars = new ArrayList<>(ext);
    jars.add(jflowJar);
    jars.addAll(lib);
    for (Path jar : jars) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (String c : candidates) {
          if (zip.getEntry(c.replace('.', '/') + ".class") != null) {
            return;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + jar, e);
      }
    }
    throw new IllegalArgumentException("executor " + uses + " is a class in none of the image's jars ("
        + (executors == null ? "no executors directory" : "the executors in " + executors) + ", jflow.jar and its lib/); "
        + "check the name (a class name, or one of jflow's executors by short name), or put its jar in the executors directory");
  }
}
