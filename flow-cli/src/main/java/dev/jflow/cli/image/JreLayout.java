package dev.jflow.cli.image;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Java runtime of an image: the modules jdeps finds in the jars, a jlink runtime of the JDK running
 * jflow with them, and the host's shared libraries that runtime links to (which is why the host must be a
 * glibc Linux: the image has no other libc).
 */
final class JreLayout {
  /** Modules loaded by reflection or service lookup (Netty, protobuf, gRPC, JNDI, JMX), which jdeps cannot see. */
  static final Set<String> REFLECTIVE_MODULES = Set.of("jdk.unsupported", "java.naming", "java.management", "java.logging");
  private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

  private JreLayout() {}

  /** What jdeps says {@code jar} and the {@code classPath} jars need, plus {@link #REFLECTIVE_MODULES}. */
  static List<String> modules(Path jar, List<Path> modulePath, List<Path> classPath) {
    String modules = modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    String path = Stream.concat(modulePath.stream(), classPath.stream()).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    // the jflow jars are modular: jdeps analyses them as modules and resolves their requires on the module path
    List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps", "-q", "--multi-release",
        Integer.toString(Runtime.version().feature()), "--module-path", modules, "--class-path", path, jar.toString()));
    Stream.concat(modulePath.stream(), classPath.stream()).forEach(p -> args.add(p.toString()));
    String out = JdkTools.tool("jdeps", args).trim();
    String last = out.substring(out.lastIndexOf('\n') + 1).trim();
    Set<String> found = new TreeSet<>(REFLECTIVE_MODULES);
    for (String m : last.split(",")) {
      if (!m.isBlank()) {
        found.add(m.trim());
      }
    }
    return List.copyOf(found);
  }

  /**
   * A jlink runtime with {@code modules} in {@code jre}: no debug symbols, headers or man pages, a CDS
   * archive for a faster start, and without java.desktop's native (AWT, sound) libraries, which a server never loads.
   */
  static void jlink(List<String> modules, Path jre) {
    JdkTools.tool("jlink", List.of("--add-modules", String.join(",", modules), "--strip-debug", "--no-header-files",
        "--no-man-pages", "--generate-cds-archive", "--exclude-files=/java.desktop/lib/*",
        Runtime.version().feature() >= 21 ? "--compress=zip-6" : "--compress=2", "--output", jre.toString()));
  }

  /** Fails, saying why, unless this is a Linux host whose libraries can go into an image. */
  static void checkHost() {
    String os = System.getProperty("os.name", "?");
    if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
      throw new IllegalStateException("this host runs " + os + "; the image is made of the running JDK and its shared libraries, "
          + "which needs a glibc Linux host (Debian, Ubuntu, Fedora...): run jflow image build there, e.g. in a Linux VM or CI job");
    }
  }

  /** The host paths of the shared libraries that the runtime's launcher and native libraries link to. */
  static List<String> sharedLibraries(Path jre) throws IOException {
    List<Path> binaries = new ArrayList<>();
    binaries.add(jre.resolve("bin/java"));
    try (Stream<Path> s = Files.walk(jre.resolve("lib"))) {
      s.filter(p -> p.getFileName().toString().endsWith(".so")).sorted().forEach(binaries::add);
    }
    Set<String> libraries = new TreeSet<>();
    for (Path b : binaries) {
      for (String line : JdkTools.ldd(b.toString()).split("\n")) {
        Matcher m = LDD_PATH.matcher(line);
        // "not found" lines are libjvm.so, which the JVM has loaded before these libraries
        if (m.find() && !m.group(1).startsWith(jre.toString()) && !line.contains("not found")) {
          libraries.add(m.group(1));
        }
      }
    }
    if (libraries.stream().noneMatch(l -> l.matches(".*/libc\\.so(\\.\\d+)*"))) {
      throw new IllegalStateException("ldd found no glibc (libc.so.6) for " + jre.resolve("bin/java") + " but " + libraries
          + "; the image needs a glibc Linux host and JDK (not musl, as on Alpine)");
    }
    return List.copyOf(libraries);
  }
}
