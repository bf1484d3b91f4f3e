package dev.jflow.cli.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The build context of a jflow image, laid out in a directory: {@code rootfs/} becomes the image's whole
 * file system (FROM scratch) and {@code Dockerfile} copies it and sets the entry point, the {@code jflow}
 * command ({@code /jre/bin/java <jvm options> -cp /app/jflow.jar:/app/lib/*:/app/ext/* dev.jflow.cli.Main}).
 * <ul>
 *   <li>{@code /jre}: a jlink runtime of the JDK running this code, with the modules {@code jdeps} finds in
 *       all the jars plus those loaded reflectively, and a CDS archive for a faster start;
 *   <li>the shared libraries {@code ldd} lists for it (libc, libm, libz, the dynamic loader...) and for the Linux
 *       native libraries inside the jars (ONNX Runtime's: libstdc++, libdl, librt...), at their host paths;
 *   <li>{@code /app/jflow.jar} and {@code /app/lib/*.jar}: the jflow command and its libraries;
 *   <li>{@code /app/ext/*.jar}: the user's executors, if any;
 *   <li>{@code /app/native}: ONNX Runtime's native libraries when a jar holds ONNX Runtime, and the entry
 *       point's {@code -Donnxruntime.native.path=/app/native}, so that they are not copied to {@code /tmp} at
 *       every start;
 *   <li>an empty {@code /tmp} of mode 1777 (as on any Linux), writable by any user the container runs as: the JVM,
 *       Netty and ONNX Runtime write there.
 * </ul>
 * Needs a glibc Linux host and a full JDK (jdeps, jlink). Start with {@link #builder(Path)}.
 */
public final class ImageContext {
  /**
   * The entry point's JVM options unless more are added: a small, quick-starting JVM, and DNS answers
   * cached for 2 s, so that a gateway in a container follows Docker's DNS as services scale.
   */
  public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m",
      "-XX:-UsePerfData", "-Dsun.net.inetaddr.ttl=2");
  /** The image's class path: jflow, its libraries and the executors' jars. */
  static final String CLASS_PATH = "/app/jflow.jar:/app/lib/*:/app/ext/*";

  /**
   * The {@code jflow} command inside an image laid out here, with {@code jvmOptions}: the entry point's
   * form ({@code /jre/bin/java <options> -cp <the image's class path> dev.jflow.cli.Main}); the image has
   * no shell, so health checks run this.
   */
  public static List<String> command(List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add("/jre/bin/java");
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", CLASS_PATH, "dev.jflow.cli.Main"));
    return List.copyOf(command);
  }
  /** The file that marks a directory as a context laid out here, which may be replaced; an empty file. */
  static final String MARKER = ".jflow-image-context";
  /** What a context directory holds besides {@link #MARKER}; a marked directory holding only these may be laid out again. */
  private static final Set<String> ENTRIES = Set.of("Dockerfile", "rootfs");
  /** {@code /tmp}'s mode: anyone may write, only a file's owner may delete it (the sticky bit). */
  static final int TMP_MODE = 01777;

  private final Path dir;
  private final List<String> modules;
  private final List<String> libraries;
  private final List<String> libJars;
  private final List<String> executorJars;
  private final String dockerfile;

  private ImageContext(Path dir, List<String> modules, List<String> libraries, List<String> libJars, List<String> executorJars,
      String dockerfile) {
    this.dir = dir;
    this.modules = modules;
    this.libraries = libraries;
    this.libJars = libJars;
    this.executorJars = executorJars;
    this.dockerfile = dockerfile;
  }

  /** A context of the jflow in {@code app}: a directory holding {@code jflow.jar} and {@code lib/*.jar}. */
  public static Builder builder(Path app) {
    return new Builder(app);
  }

  /** The directory it was laid out in. */
  public Path dir() {
    return dir;
  }

  /** The runtime's modules, sorted. */
  public List<String> modules() {
    return modules;
  }

  /** The host's shared libraries copied into the image, by path, sorted. */
  public List<String> libraries() {
    return libraries;
  }

  /** The file names of the jars in {@code /app/lib}, sorted. */
  public List<String> libJars() {
    return libJars;
  }

  /** The file names of the executor jars in {@code /app/ext}, sorted; empty without executors. */
  public List<String> executorJars() {
    return executorJars;
  }

  /** The Dockerfile's text. */
  public String dockerfile() {
    return dockerfile;
  }

  /** The bytes of {@code rootfs/}: about the image's size. */
  public long bytes() throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("rootfs"))) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Deletes the context directory and everything in it (an image built from it keeps its own copy). */
  public void delete() throws IOException {
    deleteRecursively(dir);
  }

  /** What goes into the image; {@link #layOut} writes it. */
  public static final class Builder {
    private final Path app;
    private final List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Path executors;
    private String uses;

    private Builder(Path app) {
      this.app = app;
    }

    /** Puts the jars in {@code dir} (at least one) into {@code /app/ext} on the image's class path; none by default. */
    public Builder executors(Path dir) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("executors directory " + dir + " does not exist or is not a directory");
      }
      if (jars(dir).isEmpty()) {
        throw new IllegalArgumentException("executors directory " + dir + " holds no .jar files; put the jars of your executors "
            + "(and the libraries they need) there");
      }
      this.executors = dir;
      return this;
    }

    /** Sets {@code JFLOW_USES}, the executor that {@code jflow pod} serves in the image without {@code --uses}; unset by default. */
    public Builder uses(String executor) {
      this.uses = Dockerfile.checked("executor", executor);
      return this;
    }

    /** Adds a JVM option of the entry point, after {@link #JVM_OPTIONS} (so a later {@code -Xmx} wins). */
    public Builder jvmOption(String option) {
      jvmOptions.add(Dockerfile.checked("JVM option", option));
      return this;
    }

    /** Adds a label to the Dockerfile; none by default. */
    public Builder label(String key, String value) {
      labels.put(Dockerfile.checked("label", key), Dockerfile.checked("label " + key, value));
      return this;
    }

    /**
     * Lays the context out in {@code dir}, which must be absent, empty, or a context laid out before (then
     * replaced; it carries the empty file {@value ImageContext#MARKER}, which every context gets). Throws IllegalArgumentException for a bad input (no jflow jars, an executor class in none
     * of the jars, a directory holding other files), IllegalStateException when the host or JDK cannot make images.
     */
    public ImageContext layOut(Path dir) throws IOException {
      Path jar = app.resolve("jflow.jar");
      List<Path> lib = Files.isDirectory(app.resolve("lib")) ? jars(app.resolve("lib")) : List.of();
      if (!Files.isRegularFile(jar) || lib.isEmpty()) {
        throw new IllegalArgumentException("no jflow.jar and lib/*.jar in " + app + "; point at the directory of a packaged jflow "
            + "(./mvnw -pl flow-cli -am package lays one out in flow-cli/target)");
      }
      List<Path> ext = executors == null ? List.of() : jars(executors);
      if (uses != null) {
        ExecutorClass.check(uses, jar, lib, ext, executors);
      }
      checkContextDir(dir);
      JreLayout.checkHost();

      Files.createDirectories(dir);
      Files.writeString(dir.resolve(MARKER), "", StandardCharsets.UTF_8); // first: a layout that fails half-way is still ours
      for (String entry : ENTRIES) {
        deleteRecursively(dir.resolve(entry));
      }
      Path rootfs = dir.resolve("rootfs");
      Files.createDirectories(rootfs.resolve("app/lib"));
      Files.createDirectories(rootfs.resolve("app/ext"));
      Files.createDirectories(rootfs.resolve("tmp"));
      // COPY keeps the mode; the host is Linux (checkHost), whose file system has the unix view
      Files.setAttribute(rootfs.resolve("tmp"), "unix:mode", TMP_MODE);
      List<String> modules = JreLayout.modules(jar, lib, ext);
      Path jre = rootfs.resolve("jre");
      JreLayout.jlink(modules, jre);
      Set<String> needed = new TreeSet<>(JreLayout.sharedLibraries(jre));
      needed.addAll(JreLayout.nativeLibraryNeeds(Stream.concat(lib.stream(), ext.stream()).toList()));
      List<String> libraries = List.copyOf(needed);
      for (String l : libraries) {
        Path target = rootfs.resolve(l.substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(Path.of(l), target); // follows symbolic links: the library itself under the name the loader asks for
      }
      Files.copy(jar, rootfs.resolve("app/jflow.jar"));
      for (Path p : lib) {
        Files.copy(p, rootfs.resolve("app/lib").resolve(p.getFileName()));
      }
      for (Path p : ext) {
        Files.copy(p, rootfs.resolve("app/ext").resolve(p.getFileName()));
      }
      List<String> options = jvmOptions;
      if (!OnnxRuntimeNatives.extract(Stream.concat(lib.stream(), ext.stream()).toList(), rootfs.resolve("app/native")).isEmpty()) {
        options = OnnxRuntimeNatives.withOption(jvmOptions, JVM_OPTIONS.size());
      }
      String dockerfile = Dockerfile.of(labels, uses, options);
      Files.writeString(dir.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
      return new ImageContext(dir, modules, libraries, names(lib), names(ext), dockerfile);
    }
  }

  /**
   * Refuses a directory that is not empty unless it is an earlier context (marked with {@link #MARKER}, holding
   * nothing else), so that laying out never deletes the user's files, not even their own Dockerfile and rootfs/.
   */
  private static void checkContextDir(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("context directory " + dir + " is a file; name a new or empty directory");
    }
    List<String> names;
    try (Stream<Path> s = Files.list(dir)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    if (names.isEmpty()) {
      return;
    }
    if (!names.contains(MARKER)) {
      throw new IllegalArgumentException("context directory " + dir + " holds " + names + " but is not a context jflow image build"
          + " laid out (it has no " + MARKER + " file), so it is kept; name a new or empty directory");
    }
    List<String> others = names.stream().filter(n -> !n.equals(MARKER) && !ENTRIES.contains(n)).toList();
    if (!others.isEmpty()) {
      throw new IllegalArgumentException("context directory " + dir + " holds other files " + others + " besides an earlier"
          + " context, so it is kept; name a new or empty directory, or remove them");
    }
  }

  private static List<Path> jars(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static List<String> names(List<Path> jars) {
    return jars.stream().map(p -> p.getFileName().toString()).sorted().collect(Collectors.toUnmodifiableList());
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
