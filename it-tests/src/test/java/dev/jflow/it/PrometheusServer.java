package dev.jflow.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jflow.api.testing.Ports;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Prometheus server in its own process, scraping its targets' {@code /metrics} every second:
 * the {@code prometheus} binary on the PATH (scripts/ensure-prometheus.sh installs it), its
 * configuration, data and log in a directory of the test's. Its first scrapes come about 6 s after it
 * starts (it gathers targets for 5 s), so a test class shares one. Close it to stop the process.
 */
final class PrometheusServer implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final URI base;

  private PrometheusServer(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** The executable {@code prometheus} on the PATH, if there is one. */
  static Optional<Path> binary() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code binary} on a free port of 127.0.0.1, scraping {@code http://<target>/metrics} every
   * second for each job name and target in {@code targets}, and returns once it answers
   * {@code /-/ready} (within 20 s, else fails with its log).
   */
  static PrometheusServer start(Path binary, Path dir, Map<String, String> targets) throws IOException {
    StringBuilder yaml = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
    targets.forEach((job, target) -> yaml.append("  - job_name: ").append(job).append("\n    metrics_path: /metrics\n")
        .append("    static_configs:\n      - targets: ['").append(target).append("']\n"));
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, yaml);
    int port = Ports.free();
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(List.of(binary.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=info"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port));
    try {
      server.await("Prometheus to answer /-/ready", Duration.ofSeconds(20), () -> server.get("/-/ready").statusCode() == 200);
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * Waits (up to {@code timeout}) until the targets API reports the target of {@code job} up; fails
   * with the target's last error and the end of Prometheus's log otherwise.
   */
  void awaitTargetUp(String job, Duration timeout) {
    AtomicReference<String> last = new AtomicReference<>("not among the active targets yet");
    try {
      await("the scrape target of job " + job + " to be up", timeout, () -> {
        JsonObject target = target(job).orElse(null);
        if (target == null) {
          return false;
        }
        last.set("health " + target.get("health").getAsString() + ", last error '" + target.get("lastError").getAsString()
            + "', scrape URL " + target.get("scrapeUrl").getAsString());
        return "up".equals(target.get("health").getAsString());
      });
    } catch (AssertionError e) {
      throw new AssertionError("Prometheus did not scrape job " + job + " within " + timeout.toSeconds() + " s: " + last.get()
          + "\n" + logTail(), e);
    }
  }

  /**
   * The value of an instant query whose answer is one sample ({@code sum(...)}), or empty when it
   * has none yet (no series of that name).
   */
  OptionalDouble query(String promql) {
    HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonObject answer = JsonParser.parseString(r.body()).getAsJsonObject();
    if (r.statusCode() != 200 || !"success".equals(answer.get("status").getAsString())) {
      throw new AssertionError("Prometheus refused the query " + promql + ": HTTP " + r.statusCode() + " " + r.body());
    }
    JsonArray result = answer.getAsJsonObject("data").getAsJsonArray("result");
    if (result.isEmpty()) {
      return OptionalDouble.empty();
    }
    if (result.size() > 1) {
      throw new AssertionError("the query " + promql + " has " + result.size() + " series, expected one: " + result);
    }
    return OptionalDouble.of(Double.parseDouble(result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsString()));
  }

  /** The last lines Prometheus logged, for a failure message. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return "the end of Prometheus's log (" + log + "):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read Prometheus's log " + log + ": " + e + ")";
    }
  }

  /** The active target of {@code job} from the targets API, once Prometheus has one. */
  private Optional<JsonObject> target(String job) {
    HttpResponse<String> r = get("/api/v1/targets?state=active");
    if (r.statusCode() != 200) {
      return Optional.empty();
    }
    JsonArray active = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("data").getAsJsonArray("activeTargets");
    for (JsonElement t : active) {
      if (job.equals(t.getAsJsonObject().getAsJsonObject("labels").get("job").getAsString())) {
        return Optional.of(t.getAsJsonObject());
      }
    }
    return Optional.empty();
  }

  private HttpResponse<String> get(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Prometheus at " + base + " did not answer " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Prometheus " + path, e);
    }
  }

  /** Polls {@code condition} every 200 ms until it holds; a dead Prometheus fails at once, with its log. */
  private void await(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
    try {
      Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class).until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("Prometheus exited with status " + process.exitValue());
            }
            return condition.call();
          });
    } catch (ConditionTimeoutException | IllegalStateException e) {
      String why = process.isAlive() ? "timed out after " + timeout.toSeconds() + " s" : "Prometheus exited with status " + process.exitValue();
      throw new AssertionError(why + " while waiting for " + what + "\n" + logTail(), e);
    }
  }

  /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
