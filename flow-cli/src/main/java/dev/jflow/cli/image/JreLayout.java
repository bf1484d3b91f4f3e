package dev.jflow.cli.image;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
      linked(b, jre, libraries);
    }
    if (libraries.stream().noneMatch(l -> l.matches(".*/libc\\.so(\\.\\d+)*"))) {
      throw new IllegalStateException("ldd found no glibc (libc.so.6) for " + jre.resolve("bin/java") + " but " + libraries
          + "; the image needs a glibc Linux host and JDK (not musl, as on Alpine)");
    }
    return List.copyOf(libraries);
  }

  /**
   * The host paths of the shared libraries that the Linux native libraries of this host's architecture
   * inside {@code jars} link to (ONNX Runtime's needs libstdc++, libdl, librt...), found with ldd on
   * copies of them; none for jars without native libraries.
   */
  static List<String> nativeLibraryNeeds(List<Path> jars) throws IOException {
    Path copies = Files.createTempDirectory("jflow-native");
    try {
      Set<String> libraries = new TreeSet<>();
      int n = 0;
      for (Path jar : jars) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          for (ZipEntry e : Collections.list(zip.entries())) {
            if (!e.isDirectory() && isHostNative(e.getName())) {
              Path copy = copies.resolve(n++ + "-" + e.getName().substring(e.getName().lastIndexOf('/') + 1));
              try (InputStream in = zip.getInputStream(e)) {
                Files.copy(in, copy);
              }
              linked(copy, copies, libraries);
            }
          }
        }
      }
      return List.copyOf(libraries);
    } finally {
      ImageContext.deleteRecursively(copies);
    }
  }

  /** Whether a jar entry is a shared library for Linux on this host's architecture ({@code .../linux-x64/libx.so}). */
  static boolean isHostNative(String entry) {
    String name = entry.toLowerCase(Locale.ROOT);
    if (!name.contains("linux") || !(name.endsWith(".so") || name.matches(".*\\.so\\.\\d+(\\.\\d+)*"))) {
      return false;
    }
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    List<String> aliases = arch.equals("amd64") || arch.equals("x86_64") ? List.of("x64", "x86_64", "x86-64", "amd64")
        : arch.equals("aarch64") || arch.equals("arm64") ? List.of("aarch64", "arm64") : List.of(arch);
    return aliases.stream().anyMatch(name::contains);
  }

  /** Adds to {@code into} what ldd says {@code binary} links to, except libraries under {@code own} and those it cannot find. */
  private static void linked(Path binary, Path own, Set<String> into) {
    for (String line : JdkTools.ldd(binary.toString()).split("\n")) {
      Matcher m = LDD_PATH.matcher(line);
      // "not found" lines name libraries loaded before these (libjvm.so; a JNI library's own engine beside it)
      if (m.find() && !m.group(1).startsWith(own.toString()) && !line.contains("not found")) {
        into.add(m.group(1));
      }
    }
  }
}
