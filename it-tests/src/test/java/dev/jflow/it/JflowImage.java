package dev.jflow.it;

import dev.jflow.cli.image.ImageContext;
import dev.jflow.engine.docker.DockerImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The jflow image of this test run: built FROM scratch from an {@link ImageContext} (there is no
 * registry to pull a base image from; {@code jflow image build} lays out the same), tagged
 * {@code jflow-it:<random>}, and removed by {@link #close()}, which the test run calls at its end,
 * passed or failed (and a shutdown hook calls if the JVM is stopped first). Its entry point is the
 * {@code jflow} command.
 */
final class JflowImage implements AutoCloseable {
  /** The label of every image the integration tests build. */
  static final Map<String, String> LABELS = Map.of("dev.jflow.it", "true");

  private final String name;
  private final List<String> jars;
  private final DockerImages docker;
  private final AtomicBoolean removed = new AtomicBoolean();
  private final Thread removeAtExit = new Thread(this::remove, "jflow-it-image-removal");

  private JflowImage(String name, List<String> jars, DockerImages docker) {
    this.name = name;
    this.jars = jars;
    this.docker = docker;
    Runtime.getRuntime().addShutdownHook(removeAtExit);
  }

  /** Builds the image of the jflow command in {@code app} ({@code jflow.jar}, {@code lib/}), using {@code work} for the context. */
  static JflowImage build(Path app, Path work) {
    long start = System.nanoTime();
    String name = "jflow-it:" + UUID.randomUUID().toString().substring(0, 8);
    DockerImages docker = DockerImages.connect();
    try {
      ImageContext.Builder builder = ImageContext.builder(app);
      LABELS.forEach(builder::label);
      ImageContext context = builder.layOut(work);
      long laidOut = System.nanoTime();
      docker.build(context.dir(), name, LABELS);
      long size = docker.size(name);
      long built = System.nanoTime();
      System.out.printf(Locale.ROOT, "jflow-it: built image %s FROM scratch in %.1f s (jdeps, jlink, ldd %.1f s; docker build %.1f s), "
          + "%.1f MB%n  modules: %s%n  libraries: %s%n  app: jflow.jar + %d jars in lib/%n", name, (built - start) / 1e9,
          (laidOut - start) / 1e9, (built - laidOut) / 1e9, size / 1e6,
          String.join(",", context.modules()), String.join(" ", context.libraries()), context.libJars().size());
      context.delete(); // the image holds it now
      return new JflowImage(name, context.libJars(), docker);
    } catch (IOException e) {
      docker.close();
      throw new UncheckedIOException("cannot lay out the image context in " + work, e);
    } catch (RuntimeException e) {
      docker.close();
      throw e;
    }
  }

  /** The image's name, {@code jflow-it:<random>}. */
  String name() {
    return name;
  }

  /** Whether {@code /app/lib} holds a jar whose name starts with {@code prefix}. */
  boolean hasJar(String prefix) {
    return jars.stream().anyMatch(j -> j.startsWith(prefix));
  }

  /** Removes the image (forcing it: containers of it may remain after a failure). Idempotent. */
  @Override
  public void close() {
    remove();
    try {
      Runtime.getRuntime().removeShutdownHook(removeAtExit);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  private void remove() {
    if (!removed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (docker.remove(name)) {
        System.out.println("jflow-it: removed image " + name);
      }
    } finally {
      docker.close();
    }
  }
}
