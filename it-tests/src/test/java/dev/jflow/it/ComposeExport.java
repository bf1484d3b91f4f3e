package dev.jflow.it;

import dev.jflow.api.Client;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A Flow YAML of the test resources exported by {@code jflow export compose} to a directory: its
 * {@code docker-compose.yml} (one service per pod or shard, and a gateway publishing {@link #port}) and
 * {@code flow.gateway.yml}, the same file for {@code docker-compose} and {@code docker stack deploy}.
 * The tests set how often the health checks run and give them time for a JVM starting on a busy machine.
 */
final class ComposeExport {
  private static final Duration EXPORT = Duration.ofSeconds(60);

  final Path dir;
  final Path file;
  final int port;

  private ComposeExport(Path dir, int port) {
    this.dir = dir;
    this.file = dir.resolve("docker-compose.yml");
    this.port = port;
  }

  /**
   * Exports the Flow in the class path resource {@code flowResource} with {@code image} to {@code dir},
   * the gateway published on {@code port}; every health check then runs every {@code healthInterval}.
   */
  static ComposeExport of(String flowResource, JflowImage image, Path dir, int port, Duration healthInterval) {
    try {
      Files.createDirectories(dir);
      Path flow = dir.resolve("flow.yml");
      try (InputStream in = ComposeExport.class.getResourceAsStream("/" + flowResource)) {
        if (in == null) {
          throw new IllegalStateException("no class path resource " + flowResource);
        }
        Files.write(flow, in.readAllBytes());
      }
      JflowProcess.run(EXPORT, "export", "compose", flow.toString(), "--out", dir.toString(), "--image", image.name(), "--port",
          Integer.toString(port)).check();
      ComposeExport export = new ComposeExport(dir, port);
      export.healthEvery(healthInterval);
      return export;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export " + flowResource + " to " + dir, e);
    }
  }

  /**
   * Waits until the gateway, published on 127.0.0.1:{@link #port}, answers a status request saying it
   * is ready (every pod reached); fails with {@code logs} (the services' output) when it does not within
   * {@code within}.
   */
  void awaitReady(Duration within, Supplier<String> logs) {
    long start = System.nanoTime();
    try {
      Awaitility.await("the gateway on port " + port + " ready").atMost(within).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions().until(() -> {
            try (Client c = Client.connect("grpc", "127.0.0.1", port)) {
              return c.status().get(5, TimeUnit.SECONDS).ready();
            }
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the gateway did not answer ready within " + within.toSeconds() + " s; the services said:\n"
          + logs.get() + "\nThe Compose file:\n" + text(), e);
    }
    System.out.printf(Locale.ROOT, "jflow-it: the exported Flow's gateway answered ready after %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /** The Compose file as it is now, for failure messages. */
  String text() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /**
   * Sets every service's health check to run every {@code interval}, with a timeout of 30 s (a JVM
   * starting on a busy machine): a container is healthy at its first passing check, so Swarm puts a new
   * task in the service's DNS name within about {@code interval} of its pod serving.
   */
  @SuppressWarnings("unchecked")
  private void healthEvery(Duration interval) throws IOException {
    Yaml yaml = new Yaml();
    Map<String, Object> compose = yaml.load(Files.readString(file, StandardCharsets.UTF_8));
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    for (Map<String, Object> service : services.values()) {
      Map<String, Object> check = (Map<String, Object>) service.get("healthcheck");
      if (check != null) {
        check.put("interval", interval.toMillis() + "ms");
        check.put("timeout", "30s");
        check.put("start_period", "120s"); // failures while the JVM starts do not count; the first success counts
      }
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.writeString(file, new Yaml(options).dump(compose), StandardCharsets.UTF_8);
  }
}
