package dev.jflow.core;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowSpec;
import dev.jflow.core.internal.CoreFlowFactory;

/**
 * Entry points of flow-core for callers that choose the transport registry themselves (tests, DI).
 * {@code Flow.builder()} and {@code AsyncFlow.builder()} use the default registry.
 */
public final class Flows {
  private Flows() {}

  /** An async Flow for {@code spec}, picking its gateway transport from {@code registry}. */
  public static AsyncFlow create(FlowSpec spec, TransportRegistry registry) {
    return new CoreFlowFactory(registry).newFlow(spec);
  }

  /** A client for {@code config}, picking its transport from {@code registry}. */
  public static Client connect(ClientConfig config, TransportRegistry registry) {
    return new CoreFlowFactory(registry).newClient(config);
  }
}
