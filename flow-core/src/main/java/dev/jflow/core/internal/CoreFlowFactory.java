package dev.jflow.core.internal;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Status;
import dev.jflow.api.spi.FlowFactory;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.TransportRegistry;
import dev.jflow.core.internal.telemetry.Telemetries;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** flow-core's {@link FlowFactory}, found by ServiceLoader; also used directly with a chosen registry. */
public final class CoreFlowFactory implements FlowFactory {
  private final TransportRegistry registry;
  private final Function<String, List<InetAddress>> resolver;

  /** A factory using the default transport registry (ServiceLoader). */
  public CoreFlowFactory() {
    this(null);
  }

  /** A factory using {@code registry}; null means the default registry. */
  public CoreFlowFactory(TransportRegistry registry) {
    this(registry, RemoteExecutor.DNS);
  }

  /** As above, its remote pods looking their names up with {@code resolver} (tests answer for names of their own). */
  CoreFlowFactory(TransportRegistry registry, Function<String, List<InetAddress>> resolver) {
    this.registry = registry;
    this.resolver = resolver;
  }

  private TransportRegistry registry() {
    return registry != null ? registry : TransportRegistry.getDefault();
  }

  @Override
  public AsyncFlow newFlow(FlowSpec spec) {
    Topology topology = Topology.of(spec);
    Map<String, PodExecutors> factories = new HashMap<>();
    List<String> problems = new ArrayList<>();
    Telemetry telemetry = Telemetries.guarded(spec.telemetry(), spec.name()); // once: what it throws never reaches a request
    ExecutorCatalog catalog = new ExecutorCatalog(registry(), spec.name(), telemetry, spec.timeoutReady(), resolver);
    for (PodSpec p : topology.pods().values()) {
      try {
        factories.put(p.name(), new PodExecutors(catalog.resolveShards(p.uses(), p),
            p.usesBefore() == null ? null : catalog.resolve(p.usesBefore(), p),
            p.usesAfter() == null ? null : catalog.resolve(p.usesAfter(), p)));
      } catch (ExecutorCatalog.Unusable e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid Flow '" + spec.name() + "': " + String.join("; ", problems));
    }
    return new CoreFlow(spec, telemetry, topology, factories, Gateways.of(spec.gateway(), registry()));
  }

  @Override
  public Client newClient(ClientConfig config) {
    TransportProvider provider = registry().provider(config.protocol());
    return new CoreClient(config, provider.newClientTransport(config));
  }
}
