package dev.jflow.it;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The build context of the jflow image, laid out in a directory: {@code rootfs/} becomes the image's
 * whole file system (FROM scratch) and {@code Dockerfile} copies it and sets the entry point.
 * <ul>
 *   <li>{@code /jre}: a jlink runtime of the JDK running the tests, with the modules {@code jdeps}
 *       finds in the jars plus {@link #REFLECTIVE_MODULES}, a CDS archive for a faster start, and
 *       without java.desktop's native (AWT, sound) libraries, which a server never loads;
 *   <li>the shared libraries {@code ldd} lists for {@code /jre/bin/java} and every {@code .so} of the
 *       runtime (libc, libm, libz, libstdc++, libgcc_s, the dynamic loader...), at their host paths;
 *   <li>{@code /app/jflow.jar} and {@code /app/lib/*.jar}: the jflow command and its libraries;
 *   <li>an empty {@code /tmp} (the JVM and Netty write there).
 * </ul>
 */
final class ImageContext {
  /** Modules loaded by reflection or service lookup (Netty, protobuf, gRPC), which jdeps cannot see. */
  static final Set<String> REFLECTIVE_MODULES = Set.of("jdk.unsupported", "java.naming", "java.management", "java.logging");
  /** The entry point's JVM options: a small, quick-starting JVM (2 cores run several of them). */
  static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m",
      "-XX:-UsePerfData");
  private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

  final Path dir;
  final List<String> modules;
  final List<String> libraries;

  private ImageContext(Path dir, List<String> modules, List<String> libraries) {
    this.dir = dir;
    this.modules = modules;
    this.libraries = libraries;
  }

  /** Lays out the context of an image running the jars in {@code app} ({@code jflow.jar}, {@code lib/}) in {@code dir}. */
  static ImageContext create(Path app, Path dir) throws IOException {
    Path jar = app.resolve("jflow.jar");
    List<Path> lib;
    try (Stream<Path> s = Files.list(app.resolve("lib"))) {
      lib = s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
    }
    if (!Files.isRegularFile(jar) || lib.isEmpty()) {
      throw new IllegalStateException("no jflow.jar and lib/ in " + app + "; run the integration tests through Maven "
          + "(./mvnw -B -ntp -pl it-tests -am verify), whose pre-integration-test phase copies them there");
    }
    deleteRecursively(dir);
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("app/lib"));
    Files.createDirectories(rootfs.resolve("tmp"));

    List<String> modules = modules(jar, lib);
    Path jre = rootfs.resolve("jre");
    List<String> jlink = new ArrayList<>(List.of("--add-modules", String.join(",", modules), "--strip-debug",
        "--no-header-files", "--no-man-pages", "--generate-cds-archive", "--exclude-files=/java.desktop/lib/*",
        Runtime.version().feature() >= 21 ? "--compress=zip-6" : "--compress=2", "--output", jre.toString()));
    tool("jlink", jlink);

    List<String> libraries = sharedLibraries(jre);
    for (String l : libraries) {
      Path target = rootfs.resolve(l.substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(Path.of(l), target); // follows symbolic links: the library itself under the name the loader asks for
    }
    Files.copy(jar, rootfs.resolve("app/jflow.jar"));
    for (Path p : lib) {
      Files.copy(p, rootfs.resolve("app/lib").resolve(p.getFileName()));
    }
    Files.writeString(dir.resolve("Dockerfile"), dockerfile(), StandardCharsets.UTF_8);
    return new ImageContext(dir, modules, libraries);
  }

  /** The Dockerfile: the whole file system from {@code rootfs/}, the jflow command as entry point. */
  static String dockerfile() {
    List<String> entry = new ArrayList<>();
    entry.add("/jre/bin/java");
    entry.addAll(JVM_OPTIONS);
    // the manifest of jflow.jar lists flow-cli's own dependencies; lib/ may hold more (transport-websocket)
    entry.addAll(List.of("-cp", "/app/jflow.jar:/app/lib/*", "dev.jflow.cli.Main"));
    return "FROM scratch\n"
        + "LABEL dev.jflow.it=true\n"
        + "COPY rootfs/ /\n"
        + "ENTRYPOINT [" + entry.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")) + "]\n";
  }

  /** What {@code jdeps} says the jars need, plus the modules they load reflectively. */
  private static List<String> modules(Path jar, List<Path> lib) {
    String path = lib.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    // the jflow jars are modular: jdeps analyses them as modules and resolves their requires on the module path
    List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps", "-q", "--multi-release",
        Integer.toString(Runtime.version().feature()), "--module-path", path, "--class-path", path, jar.toString()));
    lib.forEach(p -> args.add(p.toString()));
    String out = tool("jdeps", args).trim();
    String last = out.substring(out.lastIndexOf('\n') + 1).trim();
    Set<String> modules = new TreeSet<>(REFLECTIVE_MODULES);
    for (String m : last.split(",")) {
      if (!m.isBlank()) {
        modules.add(m.trim());
      }
    }
    return List.copyOf(modules);
  }

  /** The host paths of the shared libraries the runtime's launcher and native libraries link to. */
  private static List<String> sharedLibraries(Path jre) throws IOException {
    List<Path> binaries = new ArrayList<>();
    binaries.add(jre.resolve("bin/java"));
    try (Stream<Path> s = Files.walk(jre.resolve("lib"))) {
      s.filter(p -> p.getFileName().toString().endsWith(".so")).sorted().forEach(binaries::add);
    }
    Set<String> libraries = new TreeSet<>();
    for (Path b : binaries) {
      for (String line : run(List.of("ldd", b.toString())).split("\n")) {
        Matcher m = LDD_PATH.matcher(line);
        // "not found" lines are libjvm.so, which the JVM has loaded before these libraries
        if (m.find() && !m.group(1).startsWith(jre.toString()) && !line.contains("not found")) {
          libraries.add(m.group(1));
        }
      }
    }
    if (libraries.stream().noneMatch(l -> l.contains("libc.so"))) {
      throw new IllegalStateException("ldd found no libc for " + jre + "; the image needs a glibc Linux host: " + libraries);
    }
    return List.copyOf(libraries);
  }

  private static String tool(String name, List<String> args) {
    ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new IllegalStateException(
        name + " is not in this Java runtime (" + System.getProperty("java.home") + "); the integration tests need a full JDK"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status;
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      status = tool.run(o, e, args.toArray(String[]::new));
    }
    if (status != 0) {
      throw new IllegalStateException(name + " " + String.join(" ", args) + " failed with status " + status + ":\n" + out + err);
    }
    return out.toString();
  }

  private static String run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
    return out;
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
