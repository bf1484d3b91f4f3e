package dev.jflow.api.testing;

import dev.jflow.api.spi.Executor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A user's executor jar made in a test: Java sources compiled (against flow-api) and packed into a jar,
 * as a user would ship one to {@code jflow image build --executors}.
 */
public final class ExecutorJars {
  /** A class {@code example.Shout} whose executor upper-cases each document's text and appends "!". */
  public static final String SHOUT = "example.Shout";
  /** The source of {@link #SHOUT}. */
  public static final String SHOUT_SOURCE = String.join("\n",
      "package example;",
      "public class Shout implements dev.jflow.api.spi.Executor {",
      "  @Override",
      "  public void handle(dev.jflow.api.Request request) {",
      "    request.docs().forEach(d -> d.text(d.text() == null ? \"!\" : d.text().toUpperCase(java.util.Locale.ROOT) + \"!\"));",
      "  }",
      "}",
      "");

  private ExecutorJars() {}

  /** Writes {@code jar} holding {@link #SHOUT}; returns it. */
  public static Path shout(Path jar) throws IOException {
    return compile(jar, Map.of(SHOUT, SHOUT_SOURCE));
  }

  /** Compiles {@code sources} (class name to source) with flow-api on the class path into {@code jar}; returns it. */
  public static Path compile(Path jar, Map<String, String> sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home") + "; run the tests with a JDK");
    }
    Path work = Files.createTempDirectory("executor-jar");
    Path src = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-cp", flowApi()));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    if (javac.run(null, err, err, args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("javac " + args + " failed:\n" + err.toString(StandardCharsets.UTF_8));
    }
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> s = Files.walk(classes)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(p));
        out.closeEntry();
      }
    } finally {
      try (Stream<Path> s = Files.walk(work)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return jar;
  }

  /** Where flow-api's classes are: a jar or a directory. */
  private static String flowApi() {
    try {
      return Path.of(Executor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
