package dev.jflow.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An exported Flow run by {@code docker-compose} as a project of its own ({@code jflowit<random>}),
 * taken down with its volumes and network by {@link #close()}, which also removes any container or
 * network of the project that {@code down} left behind.
 */
final class ComposeProject implements AutoCloseable {
  private static final Duration UP = Duration.ofSeconds(180);
  private static final String PROJECT_LABEL = "com.docker.compose.project=";

  final String name;
  private final ComposeExport export;

  private ComposeProject(String name, ComposeExport export) {
    this.name = name;
    this.export = export;
  }

  /** Why {@code docker-compose} cannot be used here, or null when it can. */
  static String problem() {
    Cli.Result r = Cli.run(Duration.ofSeconds(30), "docker-compose", "version");
    return r.ok() ? null : "docker-compose version failed (" + r.status() + "): " + r.output().strip();
  }

  /** Starts every service of {@code export} ({@code up -d}); takes it all down again when that fails. */
  static ComposeProject up(ComposeExport export) {
    ComposeProject p = new ComposeProject("jflowit" + UUID.randomUUID().toString().substring(0, 8), export);
    try {
      p.compose(UP, "up", "-d", "--no-build").check();
      return p;
    } catch (RuntimeException | AssertionError e) {
      p.close();
      throw e;
    }
  }

  /** Runs {@code docker-compose -p <name> -f <file> args...} in the export's directory. */
  Cli.Result compose(Duration deadline, String... args) {
    List<String> command = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-p", name, "-f", export.file.toString()));
    command.addAll(Arrays.asList(args));
    return Cli.run(export.dir, deadline, command);
  }

  /** The running containers of {@code service}. */
  List<String> running(String service) {
    return Docker.running(PROJECT_LABEL + name, "com.docker.compose.service=" + service);
  }

  /** The last lines of every service's output, for failure messages. */
  String logs() {
    return compose(Duration.ofSeconds(60), "logs", "--no-color", "--tail", "60").output();
  }

  /** {@code down -v}, then removes whatever of the project is left; idempotent. */
  @Override
  public void close() {
    Cli.Result down = compose(Duration.ofSeconds(120), "down", "-v", "--remove-orphans", "--timeout", "5");
    if (!down.ok()) {
      System.err.println("ComposeProject: " + String.join(" ", down.command()) + " failed: " + down.output());
    }
    Docker.removeContainers(Docker.containers(PROJECT_LABEL + name));
    for (String network : Docker.networks(PROJECT_LABEL + name)) {
      Docker.run("network", "rm", network);
    }
  }
}
