package dev.jflow.it;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.testcontainers.DockerClientFactory;

/** The {@code docker} command, for what the tests ask the engine about the containers Compose and Swarm run. */
final class Docker {
  private static final Duration QUICK = Duration.ofSeconds(60);

  private Docker() {}

  /** Runs {@code docker args...}, killed after a minute. */
  static Cli.Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(Arrays.asList(args));
    return Cli.run(null, QUICK, command);
  }

  /** The ids of the containers, running or not, that carry every label {@code key=value} given. */
  static List<String> containers(String... labels) {
    List<String> command = new ArrayList<>(List.of("ps", "-aq", "--no-trunc"));
    for (String l : labels) {
      command.addAll(List.of("--filter", "label=" + l));
    }
    return lines(run(command.toArray(String[]::new)).check().output());
  }

  /** The ids of the running containers that carry every label {@code key=value} given. */
  static List<String> running(String... labels) {
    List<String> command = new ArrayList<>(List.of("ps", "-q", "--no-trunc", "--filter", "status=running"));
    for (String l : labels) {
      command.addAll(List.of("--filter", "label=" + l));
    }
    return lines(run(command.toArray(String[]::new)).check().output());
  }

  /** The health of a container: {@code starting}, {@code healthy}, {@code unhealthy}, or {@code ""} without a health check. */
  static String health(String container) {
    Cli.Result r = run("inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{end}}", container);
    return r.ok() ? r.output().trim() : "gone";
  }

  /** Kills a container's process at once (SIGKILL). */
  static void kill(String container) {
    run("kill", container).check();
  }

  /** Removes the containers (forced: running ones are killed) and says nothing about those already gone. */
  static void removeContainers(List<String> ids) {
    if (!ids.isEmpty()) {
      List<String> command = new ArrayList<>(List.of("rm", "-f", "-v"));
      command.addAll(ids);
      run(command.toArray(String[]::new));
    }
  }

  /** The ids of the networks that carry the label {@code key=value}. */
  static List<String> networks(String label) {
    return lines(run("network", "ls", "-q", "--filter", "label=" + label).check().output());
  }

  /**
   * The bytes a running container has sent over all its network interfaces (the engine's stats; the
   * loopback interface, where a health check's {@code jflow ping} talks, is not among them).
   */
  static long transmitted(String container) {
    // a loaded engine sometimes answers a one-shot stats request without network figures (a sample not
    // taken yet): ask again for up to 20 s before calling that a failure
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      Statistics s = stats(container);
      if (s != null && s.getNetworks() != null) {
        return s.getNetworks().values().stream().mapToLong(n -> n.getTxBytes() == null ? 0 : n.getTxBytes()).sum();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the engine gave no network stats for container " + container + " within 20 s");
      }
      try {
        Thread.sleep(500); // polling the engine, not waiting for our own code
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while asking for the stats of " + container, e);
      }
    }
  }

  /** One stats sample of {@code container}, or null when the engine sent none. */
  private static Statistics stats(String container) {
    AtomicReference<Statistics> last = new AtomicReference<>();
    ResultCallback.Adapter<Statistics> stats = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Statistics s) {
        last.set(s);
      }
    };
    try (stats) {
      DockerClientFactory.instance().client().statsCmd(container).withNoStream(true).exec(stats).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking for the stats of " + container, e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return last.get();
  }

  /** The non-blank lines of {@code text}, trimmed. */
  static List<String> lines(String text) {
    return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }
}
