package dev.jflow.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.jflow.api.spi.RunningContainer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container {@link DockerEngine} started: {@link #close()} stops it (SIGTERM, so {@code jflow pod}
 * drains, then SIGKILL after {@value #STOP_SECONDS} s) and removes it with its anonymous volumes.
 */
final class DockerContainer implements RunningContainer {
  static final int STOP_SECONDS = 10;
  /** How long {@link #describe()} waits for the last lines of a container that stopped. */
  private static final Duration LAST_LINES = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(DockerContainer.class);

  private final DockerClients clients;
  private final DockerClient api;
  private final String id;
  private final String name;
  private final String image;
  private final int port;
  private final LogLines logs;
  private final AtomicBoolean closed = new AtomicBoolean();

  DockerContainer(DockerClients clients, String id, String name, String image, int port, LogLines logs) {
    this.clients = clients;
    this.api = clients.api();
    this.id = id;
    this.name = name;
    this.image = image;
    this.port = port;
    this.logs = logs;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public boolean isRunning() {
    if (closed.get()) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(api.inspectContainerCmd(id).exec().getState().getRunning());
    } catch (RuntimeException e) { // gone, or the engine does not answer: it cannot be counted on
      return false;
    }
  }

  @Override
  public String describe() {
    try {
      return describe(api, id, name, image, logs);
    } catch (RuntimeException e) {
      return "container " + name + " (" + image + ") cannot be described: " + e;
    }
  }

  /** The state of container {@code id} and the last lines {@code logs} holds (null: none followed). */
  static String describe(DockerClient api, String id, String name, String image, LogLines logs) {
    String state;
    boolean running = false;
    try {
      InspectContainerResponse.ContainerState s = api.inspectContainerCmd(id).exec().getState();
      running = Boolean.TRUE.equals(s.getRunning());
      state = running ? "runs (since " + s.getStartedAt() + ")" : "exited with code " + s.getExitCodeLong()
          + (Boolean.TRUE.equals(s.getOOMKilled()) ? ", killed for lack of memory" : "")
          + (s.getError() == null || s.getError().isEmpty() ? "" : " (" + s.getError() + ")");
    } catch (NotFoundException e) {
      state = "is gone";
    } catch (RuntimeException e) {
      state = "cannot be inspected (" + e.getMessage() + ")";
    }
    if (logs == null) {
      return "container " + name + " (" + image + ") " + state;
    }
    if (!running) {
      logs.awaitEnd(LAST_LINES); // the last lines may still be on their way
    }
    List<String> tail = logs.tail();
    return "container " + name + " (" + image + ") " + state + (tail.isEmpty() ? "; it logged nothing"
        : "; its last " + tail.size() + " log lines:\n  " + String.join("\n  ", tail));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean interrupted = Thread.interrupted(); // the engine's socket is an interruptible channel: clean up first
    try {
      try {
        api.stopContainerCmd(id).withTimeout(STOP_SECONDS).exec();
      } catch (NotModifiedException | NotFoundException alreadyStoppedOrGone) {
        // nothing to stop
      } catch (RuntimeException e) {
        LOG.warn("stopping container {} ({}) failed, removing it by force: {}", name, id, e.toString());
      }
      remove(api, id, name);
    } finally {
      quietly(logs);
      clients.release();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Removes container {@code id} by force with its anonymous volumes; logs a failure. */
  static void remove(DockerClient api, String id, String name) {
    try {
      api.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException gone) {
      // removed already
    } catch (RuntimeException e) {
      LOG.warn("removing container {} ({}) failed; remove it with `docker rm -f {}`: {}", name, id, id, e.toString());
    }
  }

  static void quietly(LogLines logs) {
    if (logs != null) {
      try {
        logs.close();
      } catch (java.io.IOException | RuntimeException e) {
        LOG.debug("closing a container's log stream failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "container " + name + " (" + image + ") at 127.0.0.1:" + port;
  }
}
