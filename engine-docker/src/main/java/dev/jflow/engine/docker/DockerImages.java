package dev.jflow.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds, inspects and removes images through the Docker Engine API, never the {@code docker} command:
 * the engine that {@code DOCKER_HOST} names (default {@code unix:///var/run/docker.sock}) with the other
 * {@code DOCKER_*} variables. Thread-safe; closing releases the connection and is idempotent.
 */
public final class DockerImages implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerImages.class);
  /** How long one build may take, the context's upload included. */
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

  private final DockerClient client;
  private final String host;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DockerImages(DockerClient client, String host) {
    this.client = client;
    this.host = host;
  }

  /**
   * Connects to the engine of this environment ({@code DOCKER_HOST}, default the local socket) and checks
   * that it answers; throws a {@link FlowException} (UNAVAILABLE) saying how to start one when it does not.
   */
  public static DockerImages connect() {
    return connect(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
  }

  /** Connects to the engine of {@code config} and checks that it answers. */
  static DockerImages connect(DockerClientConfig config) {
    DockerClient client = DockerClients.client(config, BUILD_TIMEOUT);
    String host = config.getDockerHost().toString();
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      closeQuietly(client);
      throw new FlowException(Status.Code.UNAVAILABLE, "no Docker engine answers at " + host + " (" + e.getMessage()
          + "); start one (sudo dockerd &, or Docker Desktop), or point DOCKER_HOST at one, e.g. DOCKER_HOST=tcp://host:2375", e);
    }
    return new DockerImages(client, host);
  }

  /**
   * Builds the image of {@code context} (a directory holding a {@code Dockerfile}) and tags it {@code tag},
   * with {@code labels}. Never pulls (the base must be local or {@code scratch}), removes the intermediate
   * containers, and waits up to 10 minutes. Returns the image's id.
   */
  public String build(Path context, String tag, Map<String, String> labels) {
    Objects.requireNonNull(tag, "tag");
    if (!Files.isRegularFile(context.resolve("Dockerfile"))) {
      throw new IllegalArgumentException("no Dockerfile in " + context + "; lay out the build context first");
    }
    Path tar = null;
    try {
      tar = Files.createTempFile("jflow-build-context", ".tar");
      try (OutputStream out = Files.newOutputStream(tar)) {
        ContextTar.write(context, out); // the files' modes as they are: docker-java's tar loses /tmp's 1777
      }
    } catch (IOException e) {
      deleteQuietly(tar);
      throw new UncheckedIOException("cannot pack the build context " + context + " into " + tar + ": " + e.getMessage(), e);
    }
    try (InputStream in = Files.newInputStream(tar)) {
      return client.buildImageCmd(in)
          .withTags(Set.of(tag))
          .withLabels(Map.copyOf(labels))
          .withPull(false)
          .withRemove(true)
          .exec(new Progress(tag))
          .awaitImageId(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (DockerClientException | DockerException e) {
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "building image " + tag + " from " + context + " on the Docker engine at "
          + host + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packed build context " + tar + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tar);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete the packed build context {}: {}", file, e.toString());
    }
  }

  /** Whether an image named {@code tag} ({@code NAME:TAG} or an id) exists on the engine. */
  public boolean exists(String tag) {
    try {
      client.inspectImageCmd(tag).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** The size of image {@code tag} in bytes, as the engine reports it (its layers, uncompressed). */
  public long size(String tag) {
    try {
      Long size = client.inspectImageCmd(tag).exec().getSize();
      return size == null ? 0 : size;
    } catch (NotFoundException e) {
      throw new FlowException(Status.Code.NOT_FOUND, "no image " + tag + " on the Docker engine at " + host, e);
    }
  }

  /**
   * Removes image {@code tag}, forcing it (stopped containers of it may remain after a failure); returns
   * false when there was no such image.
   */
  public boolean remove(String tag) {
    try {
      client.removeImageCmd(tag).withForce(true).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** The labels of image {@code tag} (for tests). */
  Map<String, String> labels(String tag) {
    Map<String, String> labels = client.inspectImageCmd(tag).exec().getConfig().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** The engine's address, e.g. {@code unix:///var/run/docker.sock}. */
  public String host() {
    return host;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(client);
    }
  }

  private static void closeQuietly(DockerClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing the Docker client failed", e);
    }
  }

  /** Logs the build's output at DEBUG, one line per step. */
  private static final class Progress extends BuildImageResultCallback {
    private final String tag;

    Progress(String tag) {
      this.tag = tag;
    }

    @Override
    public void onNext(BuildResponseItem item) {
      if (item.getStream() != null && !item.getStream().isBlank()) {
        log.debug("build {}: {}", tag, item.getStream().strip());
      }
      super.onNext(item);
    }
  }
}
