package dev.jflow.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.testcontainers.DockerClientFactory;

/**
 * The jflow image of this test run: built FROM scratch from an {@link ImageContext} (there is no
 * registry to pull a base image from), tagged {@code jflow-it:<random>}, and removed by
 * {@link #close()}, which the test run calls at its end, passed or failed (and a shutdown hook
 * calls if the JVM is stopped first). Its entry point is the {@code jflow} command.
 */
final class JflowImage implements AutoCloseable {
  private final String name;
  private final List<String> jars;
  private final AtomicBoolean removed = new AtomicBoolean();
  private final Thread removeAtExit = new Thread(this::remove, "jflow-it-image-removal");

  private JflowImage(String name, List<String> jars) {
    this.name = name;
    this.jars = jars;
    Runtime.getRuntime().addShutdownHook(removeAtExit);
  }

  /** Builds the image of the jflow command in {@code app} ({@code jflow.jar}, {@code lib/}), using {@code work} for the context. */
  static JflowImage build(Path app, Path work) {
    long start = System.nanoTime();
    String name = "jflow-it:" + UUID.randomUUID().toString().substring(0, 8);
    try {
      ImageContext context = ImageContext.create(app, work);
      long laidOut = System.nanoTime();
      DockerClient docker = DockerClientFactory.instance().client();
      docker.buildImageCmd(context.dir.toFile())
          .withTags(Set.of(name))
          .withLabels(Map.of("dev.jflow.it", "true"))
          .withPull(false)
          .withRemove(true)
          .exec(new BuildImageResultCallback())
          .awaitImageId(5, TimeUnit.MINUTES);
      long size = docker.inspectImageCmd(name).exec().getSize();
      List<String> jars;
      try (var s = Files.list(context.dir.resolve("rootfs/app/lib"))) {
        jars = s.map(p -> p.getFileName().toString()).sorted().toList();
      }
      long built = System.nanoTime();
      System.out.printf(Locale.ROOT, "jflow-it: built image %s FROM scratch in %.1f s (jdeps, jlink, ldd %.1f s; docker build %.1f s), "
          + "%.1f MB%n  modules: %s%n  libraries: %s%n  app: jflow.jar + %d jars in lib/%n", name, (built - start) / 1e9,
          (laidOut - start) / 1e9, (built - laidOut) / 1e9, size / 1e6,
          String.join(",", context.modules), String.join(" ", context.libraries), jars.size());
      ImageContext.deleteRecursively(context.dir); // the image holds it now
      return new JflowImage(name, jars);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the image context in " + work, e);
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
      DockerClientFactory.instance().client().removeImageCmd(name).withForce(true).exec();
      System.out.println("jflow-it: removed image " + name);
    } catch (NotFoundException gone) {
      // removed already
    }
  }
}
