package dev.jflow.core;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.core.internal.CoreFlowFactory;
import java.util.List;

/**
 * Entry points of flow-core for callers that choose the transport registry themselves (tests, DI),
 * and for serving a single executor as a remote pod. {@code Flow.builder()} and
 * {@code AsyncFlow.builder()} use the default registry.
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

  /**
   * A Flow (not started) that serves one pod behind a gateway, so that another Flow can use it as a
   * remote pod with {@code uses("grpc://host:port")} or {@code host(...).portExpose(...)}.
   *
   * @param pod the pod to serve; its needs are ignored
   * @param gateway where and how to serve it (e.g. {@code GatewayConfig.defaults().withProtocol("grpc").withPort(p)})
   */
  public static AsyncFlow servePod(PodSpec pod, GatewayConfig gateway) {
    return servePod(pod, gateway, Telemetry.none());
  }

  /**
   * As {@link #servePod(PodSpec, GatewayConfig)}, reporting the pod's and the gateway's meters and
   * spans to {@code telemetry} (see {@link FlowSpec#telemetry()}), as Flow {@code pod-<name>}.
   *
   * @param telemetry where to report; {@link Telemetry#none()} (the two-argument form's, and what null means) records nothing
   */
  public static AsyncFlow servePod(PodSpec pod, GatewayConfig gateway, Telemetry telemetry) {
    return AsyncFlow.of(FlowSpec.builder().name("pod-" + pod.name()).pods(List.of(pod.withNeeds(List.of(FlowSpec.GATEWAY))))
        .gateway(gateway).telemetry(telemetry).build());
  }
}
