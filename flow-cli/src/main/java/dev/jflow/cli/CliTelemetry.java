package dev.jflow.cli;

import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.core.FlowTelemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The telemetry of a Flow the CLI runs: meters in a Prometheus registry (what {@code /metrics}
 * serves) unless metrics are off, and spans through the OpenTelemetry SDK when the {@code OTEL_*}
 * variables configure an exporter ({@link OtelSettings}). Closing flushes the spans still buffered
 * (at most 10 s) and closes the registry; it is idempotent.
 */
final class CliTelemetry implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final OpenTelemetrySdk sdk;
  private final Telemetry telemetry;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CliTelemetry(PrometheusMeterRegistry registry, OpenTelemetrySdk sdk, Telemetry telemetry) {
    this.registry = registry;
    this.sdk = sdk;
    this.telemetry = telemetry;
  }

  /**
   * The telemetry of Flow {@code flow}: a Prometheus registry when {@code metrics}, the SDK when
   * {@code env} (the environment, see {@link OtelSettings#current()}) asks for traces.
   *
   * @throws IllegalArgumentException when the {@code OTEL_*} settings are invalid, saying which
   */
  static CliTelemetry create(boolean metrics, String flow, Map<String, String> env) {
    OpenTelemetrySdk sdk = null;
    if (OtelSettings.enabled(env)) {
      Map<String, String> properties = OtelSettings.properties(env, flow);
      try {
        // the CLI closes the SDK itself after the drain (Serving): the SDK's own shutdown hook could run after the halt
        sdk = AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> properties).disableShutdownHook().build()
            .getOpenTelemetrySdk();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("OpenTelemetry cannot be set up from the OTEL_* variables: " + e.getMessage(), e);
      }
    }
    PrometheusMeterRegistry registry = metrics ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
    FlowTelemetry.Builder b = FlowTelemetry.builder();
    if (registry != null) {
      b.meterRegistry(registry).scrape(scrape(registry));
    }
    if (sdk != null) {
      b.openTelemetry(sdk);
    }
    return new CliTelemetry(registry, sdk, b.build());
  }

  /**
   * What {@code GET /metrics} serves: {@code registry.scrape()}, which writes Prometheus text format
   * 0.0.4, {@link MetricsScrape}'s default content type.
   */
  static MetricsScrape scrape(PrometheusMeterRegistry registry) {
    return registry::scrape;
  }

  /** What the Flow reports to. */
  Telemetry telemetry() {
    return telemetry;
  }

  /** The meters' registry; empty when metrics are off. */
  Optional<PrometheusMeterRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  /** The OpenTelemetry SDK; empty unless the {@code OTEL_*} variables ask for traces. */
  Optional<OpenTelemetrySdk> openTelemetry() {
    return Optional.ofNullable(sdk);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (sdk != null) {
        sdk.close(); // flushes the span processor, bounded by the SDK (10 s)
      }
    } finally {
      if (registry != null) {
        registry.close();
      }
    }
  }
}
