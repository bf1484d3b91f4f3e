package dev.jflow.core.internal.telemetry;

import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/** The entry point {@code FlowTelemetry} builds through. */
public final class Telemetries {
  private Telemetries() {}

  /**
   * A telemetry recording meters into {@code registry} (none when null) and spans through
   * {@code openTelemetry} (off when null or {@link OpenTelemetry#noop()}), serving {@code scrape} (may
   * be null); with {@code jvmMetrics}, the JVM's meters are bound to the registry once.
   */
  public static Telemetry of(MeterRegistry registry, OpenTelemetry openTelemetry, MetricsScrape scrape, boolean jvmMetrics) {
    if (registry != null && jvmMetrics) {
      JvmMeters.bindOnce(registry);
    }
    return new DefaultTelemetry(registry, OtelTracing.of(openTelemetry), scrape);
  }

  /**
   * {@code telemetry} as Flow {@code flow} uses it, every call (and every call on its meters and spans)
   * guarded: what it throws is logged once per call and Flow at WARN and swallowed, so it can never
   * fail or hang a request. {@link Telemetry#none()} (and null) give {@code Telemetry.none()} itself, at no cost.
   */
  public static Telemetry guarded(Telemetry telemetry, String flow) {
    return GuardedTelemetry.of(telemetry, flow);
  }
}
