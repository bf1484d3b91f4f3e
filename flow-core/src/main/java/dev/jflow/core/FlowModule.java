package dev.jflow.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TransportProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import java.util.Optional;

/**
 * Guice bindings for one Flow: its {@link FlowSpec}, the {@link TransportRegistry}, the
 * {@link TransportProvider} its gateway configuration selects, the {@link AsyncFlow} (started when
 * first injected; whoever owns the injector closes it), its blocking {@link Flow} view, and a
 * {@link Client} of its gateway. Guice is an optional dependency of flow-core: add
 * {@code com.google.inject:guice} to use this module.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(FlowModule.of(Flow.builder().add("enc", Encoder::new)));
 * Flow flow = injector.getInstance(Flow.class);
 * }</pre>
 *
 * <p>Telemetry comes from the injector when it has some, through optional bindings: a bound
 * {@link Telemetry} is the Flow's; otherwise, unless the spec already has its own, a bound
 * {@link MeterRegistry}, {@link OpenTelemetry} and {@link MetricsScrape} (any of them) make one with
 * {@link FlowTelemetry#builder()}:
 *
 * <pre>{@code
 * PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * Injector injector = Guice.createInjector(FlowModule.of(Flow.builder().add("enc", Encoder::new)),
 *     new AbstractModule() {
 *       protected void configure() {
 *         bind(MeterRegistry.class).toInstance(prometheus);
 *         bind(MetricsScrape.class).toInstance(prometheus::scrape); // GET /metrics on the monitoring port
 *       }
 *     });
 * }</pre>
 */
@SuppressWarnings("exports") // Guice is optional (requires static): whoever uses this class has it
public final class FlowModule extends AbstractModule {
  private final FlowSpec spec;
  private final TransportRegistry registry;

  private FlowModule(FlowSpec spec, TransportRegistry registry) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Bindings for the Flow {@code spec} describes, with the default transport registry. */
  public static FlowModule of(FlowSpec spec) {
    return new FlowModule(spec, TransportRegistry.getDefault());
  }

  /** Bindings for the Flow {@code builder} has composed so far. */
  public static FlowModule of(FlowBuilder<?> builder) {
    return of(builder.spec());
  }

  /** These bindings with another transport registry (e.g. one with discovery off, for tests). */
  public FlowModule withRegistry(TransportRegistry registry) {
    return new FlowModule(spec, registry);
  }

  @Override
  protected void configure() {
    bind(TransportRegistry.class).toInstance(registry);
    OptionalBinder.newOptionalBinder(binder(), Telemetry.class);
    OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class);
    OptionalBinder.newOptionalBinder(binder(), OpenTelemetry.class);
    OptionalBinder.newOptionalBinder(binder(), MetricsScrape.class);
  }

  /** The spec with the injector's telemetry (see the class comment). */
  @Provides
  @Singleton
  FlowSpec flowSpec(Optional<Telemetry> telemetry, Optional<MeterRegistry> meters, Optional<OpenTelemetry> openTelemetry,
      Optional<MetricsScrape> scrape) {
    if (telemetry.isPresent()) {
      return spec.toBuilder().telemetry(telemetry.get()).build();
    }
    if (spec.telemetry() != Telemetry.none() || (meters.isEmpty() && openTelemetry.isEmpty() && scrape.isEmpty())) {
      return spec;
    }
    return spec.toBuilder().telemetry(FlowTelemetry.builder().meterRegistry(meters.orElse(null))
        .openTelemetry(openTelemetry.orElse(null)).scrape(scrape.orElse(null)).build()).build();
  }

  @Provides
  @Singleton
  TransportProvider transportProvider(FlowSpec spec, TransportRegistry registry) {
    return registry.provider(spec.gateway().protocol());
  }

  @Provides
  @Singleton
  AsyncFlow asyncFlow(FlowSpec spec, TransportRegistry registry) {
    AsyncFlow flow = Flows.create(spec, registry);
    dev.jflow.api.internal.Futures.await(flow.start());
    return flow;
  }

  @Provides
  @Singleton
  Flow flow(AsyncFlow flow) {
    return Flow.blocking(flow);
  }

  @Provides
  @Singleton
  Client client(AsyncFlow flow, TransportRegistry registry) {
    GatewayAddress a = flow.gatewayAddress();
    String host = a.host().equals("0.0.0.0") ? "127.0.0.1" : a.host();
    return Flows.connect(ClientConfig.builder().protocol(a.protocol()).host(host).port(a.port())
        .tls(dev.jflow.api.internal.tls.Loopback.clientOf(flow.spec().gateway().tls())).build(), registry);
  }
}
