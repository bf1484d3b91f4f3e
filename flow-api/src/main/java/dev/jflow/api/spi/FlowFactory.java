package dev.jflow.api.spi;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowSpec;

/**
 * Makes Flows and clients from their specs; implemented by {@code flow-core} and found with
 * {@link java.util.ServiceLoader}, so that {@code Flow.builder()} works with only the API in view.
 */
public interface FlowFactory {

  /** A Flow (not yet started) for {@code spec}; validates the topology and names every problem. */
  AsyncFlow newFlow(FlowSpec spec);

  /** A client for the gateway {@code config} describes. */
  Client newClient(ClientConfig config);
}
