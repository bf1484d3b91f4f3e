package dev.jflow.benchmarks;

import dev.jflow.api.spi.Telemetry;
import dev.jflow.core.FlowTelemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The telemetry of a benchmark gateway ({@code Serve flow --telemetry none|metrics|tracing}, T1):
 * {@code none} is {@link Telemetry#none()}; {@code metrics} is a Prometheus registry with its scrape, as
 * the CLI serves by default; {@code tracing} adds the OpenTelemetry SDK (W3C trace-context propagation),
 * sampling every request, with a {@link BatchSpanProcessor} (its defaults) whose exporter counts the spans
 * and drops them: the spans are made, ended and batched, but never leave the process.
 */
final class BenchTelemetry implements AutoCloseable {
  /** The values {@code --telemetry} takes. */
  static final List<String> MODES = List.of("none", "metrics", "tracing");

  private final String mode;
  private final Telemetry telemetry;
  private final PrometheusMeterRegistry registry;
  private final SdkTracerProvider tracer;
  private final CountingExporter exported;

  private BenchTelemetry(String mode) {
    this.mode = mode;
    if (mode.equals("none")) {
      registry = null;
      tracer = null;
      exported = null;
      telemetry = Telemetry.none();
      return;
    }
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FlowTelemetry.Builder b = FlowTelemetry.builder().meterRegistry(registry).scrape(registry::scrape);
    if (mode.equals("tracing")) {
      exported = new CountingExporter();
      tracer = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
          .addSpanProcessor(BatchSpanProcessor.builder(exported).build()).build();
      b.openTelemetry(OpenTelemetrySdk.builder().setTracerProvider(tracer)
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build());
    } else {
      exported = null;
      tracer = null;
    }
    telemetry = b.build();
  }

  /**
   * The telemetry {@code mode} names.
   *
   * @throws IllegalArgumentException when it is not none, metrics or tracing
   */
  static BenchTelemetry of(String mode) {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("--telemetry must be none, metrics or tracing, got '" + mode + "'");
    }
    return new BenchTelemetry(mode);
  }

  /** What the Flow is built with. */
  Telemetry telemetry() {
    return telemetry;
  }

  /**
   * One line on what was recorded: the meters in the registry, the scrape's size and the spans exported
   * (after a flush), e.g. {@code telemetry tracing: 41 meters, scrape 9,120 bytes, 3,000 spans exported}.
   */
  String summary() {
    if (registry == null) {
      return "telemetry none";
    }
    String s = String.format(Locale.ROOT, "telemetry %s: %d meters, scrape %,d bytes", mode, registry.getMeters().size(),
        registry.scrape().length());
    if (tracer != null) {
      tracer.forceFlush().join(10, TimeUnit.SECONDS);
      s += String.format(Locale.ROOT, ", %,d spans exported", exported.spans.get());
    }
    return s;
  }

  /** Shuts the tracer provider down (waiting up to 10 s for its last batch) and closes the registry. */
  @Override
  public void close() {
    if (tracer != null) {
      tracer.shutdown().join(10, TimeUnit.SECONDS);
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** Counts the spans it is given and drops them. */
  private static final class CountingExporter implements SpanExporter {
    final AtomicLong spans = new AtomicLong();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAndGet(batch.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
