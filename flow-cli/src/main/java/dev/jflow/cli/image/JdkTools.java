package dev.jflow.cli.image;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

/** The JDK's jdeps and jlink (in this JVM, as tools) and the host's {@code ldd} (a process), failing with what to do. */
final class JdkTools {
  private JdkTools() {}

  /** Runs the JDK tool {@code name} with {@code args}; returns what it printed. */
  static String tool(String name, List<String> args) {
    ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new IllegalStateException(name + " is not in the Java runtime "
        + "running jflow (" + System.getProperty("java.home") + "); jflow image build needs a full JDK 17+ (with jdeps, jlink and "
        + "jmods): run jflow with one, e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status;
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      status = tool.run(o, e, args.toArray(String[]::new));
    }
    if (status != 0) {
      throw new IllegalStateException(name + " " + String.join(" ", args) + " failed with status " + status + " (a JDK without "
          + "jmods cannot jlink: use a full JDK):\n" + out + err);
    }
    return out.toString();
  }

  /** Runs {@code ldd binary} on the host and returns its output. */
  static String ldd(String binary) {
    List<String> command = List.of("ldd", binary);
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ldd (" + e.getMessage() + "); the image takes the JDK's shared libraries from "
          + "this host, which needs a glibc Linux host with ldd (Debian, Ubuntu, Fedora...)", e);
    }
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      p.destroyForcibly();
      throw new IllegalStateException("reading the output of " + String.join(" ", command) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }
}
