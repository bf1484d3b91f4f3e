package dev.jflow.cli.image;

import dev.jflow.api.FlowException;
import dev.jflow.engine.docker.DockerImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jflow image build}: lays out an {@link ImageContext} of the running jflow and builds it through the Docker Engine API. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = {"Build a container image of this jflow FROM scratch, with your executors' jars.",
        "It holds a jlink runtime of the running JDK, the host libraries that runtime links to and jflow's jars; its entry point is "
            + "the jflow command (e.g. pod --port-expose 8081).",
        "Built through the Docker Engine API (DOCKER_HOST, default the local socket); needs a glibc Linux host and a full JDK."})
final class ImageBuildCommand implements Callable<Integer> {
  /** NAME[:TAG] as Docker takes it: an optional registry host, lowercase path components, an optional tag. */
  private static final Pattern REFERENCE = Pattern.compile("(?:[a-zA-Z0-9.-]+(?::\\d+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
      + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\\w[\\w.-]{0,127})?");

  @Spec
  CommandSpec spec;

  @Option(names = "--tag", paramLabel = "NAME:TAG", description = "the image's name (default: jflow:<jflow version>)")
  String tag;

  @Option(names = "--executors", paramLabel = "DIR",
      description = "a directory of jars (your executors and their libraries) to put on the image's class path, as /app/ext/*.jar")
  Path executors;

  @Option(names = "--uses", paramLabel = "EXECUTOR",
      description = "the executor that `jflow pod` serves in the image by default (sets JFLOW_USES): a class name, or one of jflow's")
  String uses;

  @Option(names = "--context", paramLabel = "DIR",
      description = "where to lay out the build context (Dockerfile and rootfs/), kept after the build; a new or empty directory, "
          + "or one laid out before, which is replaced (default: a temporary one, deleted after the build)")
  Path context;

  @Option(names = "--no-build", description = "only lay out the context in --context, for building it yourself (docker build -t TAG DIR)")
  boolean noBuild;

  @Option(names = "--jvm-option", paramLabel = "OPT",
      description = "a JVM option of the image's entry point, after the defaults (-XX:+UseSerialGC -Xmx256m ...), e.g. "
          + "--jvm-option=-Xmx1g; may repeat")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--app", paramLabel = "DIR",
      description = "the jflow to put in the image: a directory with jflow.jar and lib/ (default: the running jflow's)")
  Path app;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = tag == null ? "jflow:" + RunningJflow.version() : tag;
    if (!REFERENCE.matcher(name).matches()) {
      throw usage("--tag '" + name + "' is not an image name NAME[:TAG] (lowercase letters, digits and . _ - in the name; e.g. my-pods:1.0)");
    }
    if (noBuild && context == null) {
      throw usage("--no-build only lays out the build context: give --context DIR, where to write it");
    }
    ImageContext.Builder builder;
    try {
      builder = ImageContext.builder(app != null ? app : RunningJflow.app()).label("dev.jflow.version", RunningJflow.version());
      if (executors != null) {
        builder.executors(executors);
      }
      if (uses != null) {
        builder.uses(uses);
      }
      jvmOptions.forEach(builder::jvmOption);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    try {
      return noBuild ? layOut(builder, name, out) : build(builder, name, out);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    } catch (FlowException e) {
      err.println("jflow image build: " + e.status().description());
      return 1;
    } catch (IllegalStateException e) {
      err.println("jflow image build: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("jflow image build: cannot lay out the build context: " + e);
      return 1;
    }
  }

  private int layOut(ImageContext.Builder builder, String name, PrintWriter out) throws IOException {
    long start = System.nanoTime();
    ImageContext c = builder.layOut(context);
    out.printf(Locale.ROOT, "jflow image build: laid out the context of %s in %s in %.1f s (jdeps, jlink, ldd), %.1f MB%n", name,
        context, seconds(start, System.nanoTime()), c.bytes() / 1e6);
    describe(c, out);
    out.println("  build it: docker build -t " + name + " " + context);
    return 0;
  }

  private int build(ImageContext.Builder builder, String name, PrintWriter out) throws IOException {
    long start = System.nanoTime();
    // connect first: without an engine, fail before the slow part
    try (DockerImages images = DockerImages.connect()) {
      Path dir = context != null ? context : Files.createTempDirectory("jflow-image-");
      try {
        ImageContext c = builder.layOut(dir);
        long laidOut = System.nanoTime();
        images.build(dir, name, Map.of());
        long built = System.nanoTime();
        out.printf(Locale.ROOT, "jflow image build: built %s in %.1f s (jdeps, jlink, ldd %.1f s; docker build %.1f s), %.1f MB%n",
            name, seconds(start, built), seconds(start, laidOut), seconds(laidOut, built), images.size(name) / 1e6);
        describe(c, out);
        if (context != null) {
          out.println("  context: " + context);
        }
        out.println("  try: docker run --rm -p 8081:8081 " + name + " pod --port-expose 8081" + (uses == null ? " --uses EXECUTOR" : ""));
        return 0;
      } finally {
        if (context == null) {
          ImageContext.deleteRecursively(dir);
        }
      }
    }
  }

  private static void describe(ImageContext c, PrintWriter out) {
    out.println("  modules: " + String.join(",", c.modules()));
    out.println("  jars: /app/jflow.jar, " + c.libJars().size() + " in /app/lib, " + c.executorJars().size() + " in /app/ext"
        + (c.executorJars().isEmpty() ? "" : " (" + String.join(", ", c.executorJars()) + ")"));
    c.dockerfile().lines().filter(l -> l.startsWith("ENV JFLOW_USES=")).forEach(l -> out.println("  default executor: " + l.substring(4)));
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
