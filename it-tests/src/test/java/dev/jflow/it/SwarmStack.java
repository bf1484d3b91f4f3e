package dev.jflow.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An exported Flow deployed to Swarm as a stack of its own ({@code jflowit<random>}) with
 * {@code docker stack deploy} (the image is local: {@code --resolve-image never}, no registry is asked).
 * {@link #close()} runs {@code docker stack rm} and waits until its containers and network are gone.
 */
final class SwarmStack implements AutoCloseable {
  private static final Duration GONE = Duration.ofSeconds(90);
  private static final String STACK_LABEL = "com.docker.stack.namespace=";

  final String name;
  private final ComposeExport export;

  private SwarmStack(String name, ComposeExport export) {
    this.name = name;
    this.export = export;
  }

  /** Deploys {@code export}; removes the stack again when that fails. */
  static SwarmStack deploy(ComposeExport export) {
    SwarmStack s = new SwarmStack("jflowit" + UUID.randomUUID().toString().substring(0, 8), export);
    try {
      Cli.run(export.dir, Duration.ofSeconds(120), List.of("docker", "stack", "deploy", "--resolve-image", "never", "-c",
          export.file.toString(), s.name)).check();
      return s;
    } catch (RuntimeException | AssertionError e) {
      s.close();
      throw e;
    }
  }

  /** The running containers of the stack's {@code service} (a pod's service name, e.g. {@code encoder}). */
  List<String> running(String service) {
    return Docker.running("com.docker.swarm.service.name=" + name + "_" + service);
  }

  /** Asks Swarm for {@code replicas} tasks of {@code service}, without waiting for them. */
  void scale(String service, int replicas) {
    Docker.run("service", "scale", "--detach", name + "_" + service + "=" + replicas).check();
  }

  /** The stack's tasks and the last lines of each container's output, for failure messages. */
  String logs() {
    StringBuilder b = new StringBuilder(Docker.run("stack", "ps", "--no-trunc", name).output());
    for (String c : Docker.containers(STACK_LABEL + name)) {
      b.append("--- ").append(c, 0, 12).append('\n').append(Docker.run("logs", "--tail", "30", c).output());
    }
    return b.toString();
  }

  /** {@code docker stack rm}, then waits until its containers and network are gone (removing what is left); idempotent. */
  @Override
  public void close() {
    Cli.Result rm = Docker.run("stack", "rm", name);
    if (!rm.ok()) {
      System.err.println("jflow-it: docker stack rm " + name + " failed: " + rm.output());
    }
    try {
      Awaitility.await("stack " + name + " gone").atMost(GONE).pollInterval(Duration.ofMillis(500))
          .until(() -> Docker.containers(STACK_LABEL + name).isEmpty() && Docker.networks(STACK_LABEL + name).isEmpty());
    } catch (ConditionTimeoutException e) {
      List<String> left = new ArrayList<>(Docker.containers(STACK_LABEL + name));
      System.err.println("jflow-it: stack " + name + " not gone after " + GONE.toSeconds() + " s; removing " + left);
      Docker.removeContainers(left);
      Docker.networks(STACK_LABEL + name).forEach(n -> Docker.run("network", "rm", n));
    }
  }
}
