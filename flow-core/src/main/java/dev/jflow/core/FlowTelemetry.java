package dev.jflow.core;

import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.core.internal.telemetry.Telemetries;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/**
 * The {@link Telemetry} of flow-core: meters through Micrometer into the caller's
 * {@link MeterRegistry}, spans through the OpenTelemetry API into the caller's {@link OpenTelemetry}.
 * Both are facades wired to a backend only at the edge (the CLI uses a Prometheus registry and, when
 * {@code OTEL_*} variables are set, the OpenTelemetry SDK):
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * Flow flow = Flow.builder().add("enc", Encoder::new)
 *     .telemetry(FlowTelemetry.builder().meterRegistry(registry).scrape(registry::scrape).build())
 *     .build();
 * }</pre>
 */
public final class FlowTelemetry {
  private FlowTelemetry() {}

  /** A builder with no registry, no OpenTelemetry and no scrape: {@link Builder#build()} then records nothing. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Telemetry}. */
  public static final class Builder {
    private MeterRegistry registry;
    private OpenTelemetry openTelemetry;
    private MetricsScrape scrape;
    private boolean jvmMetrics = true;

    private Builder() {}

    /** Where meters go; default none (no meters). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    /** Where spans go; default none (tracing off). {@code OpenTelemetry.noop()} also turns it off. */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
      return this;
    }

    /**
     * What {@code GET /metrics} serves (e.g. {@code prometheusRegistry::scrape}); default none: the
     * endpoint answers 404 saying no scrape is configured.
     */
    public Builder scrape(MetricsScrape scrape) {
      this.scrape = scrape;
      return this;
    }

    /** Whether the JVM's meters (memory, GC, threads, classes, CPU, uptime) are bound to the registry; default true. */
    public Builder jvmMetrics(boolean jvmMetrics) {
      this.jvmMetrics = jvmMetrics;
      return this;
    }

    /**
     * The telemetry, to share between Flows (Flows using the same names share their meters, which
     * leave the registry when the last of them closes); with a registry and {@link #jvmMetrics(boolean)},
     * binds the JVM's meters to it now, once per registry.
     * {@link Telemetry#none()} when neither a registry nor OpenTelemetry nor a scrape was given.
     */
    public Telemetry build() {
      if (registry == null && openTelemetry == null && scrape == null) {
        return Telemetry.none();
      }
      return Telemetries.of(registry, openTelemetry, scrape, jvmMetrics);
    }
  }
}
