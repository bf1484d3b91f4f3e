package dev.jflow.cli.image;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/** The jflow running this code: where its jar and {@code lib/} are, and its version. */
final class RunningJflow {
  private RunningJflow() {}

  /**
   * The directory holding the running jflow's jar and its {@code lib/} (as {@code flow-cli/target} and an
   * unpacked distribution do); fails saying so when jflow runs from classes or without {@code lib/} beside it.
   */
  static Path app() {
    Path jar = location();
    if (jar == null || !Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
      throw new IllegalArgumentException("the running jflow is not a packaged jar (it runs from " + jar + "), so its jars cannot go "
          + "into an image; run the packaged one (./jflow, or java -jar flow-cli/target/jflow.jar) or give --app DIR (jflow.jar and lib/)");
    }
    Path dir = jar.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir.resolve("lib"))) {
      throw new IllegalArgumentException("no lib/ beside the running " + jar + "; the jflow jar needs its libraries in lib/ "
          + "(as flow-cli/target/lib), or give --app DIR (jflow.jar and lib/)");
    }
    if (!jar.getFileName().toString().equals("jflow.jar")) {
      throw new IllegalArgumentException("the running jflow jar is " + jar + ", not jflow.jar; give --app DIR, a directory with jflow.jar and lib/");
    }
    return dir;
  }

  /** The jflow version: the jar manifest's, else the module's, else {@code dev}. */
  static String version() {
    String v = RunningJflow.class.getPackage().getImplementationVersion();
    Module m = RunningJflow.class.getModule();
    if (v == null && m.isNamed() && m.getDescriptor() != null) {
      v = m.getDescriptor().rawVersion().orElse(null);
    }
    return v == null ? "dev" : v;
  }

  private static Path location() {
    CodeSource source = RunningJflow.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
