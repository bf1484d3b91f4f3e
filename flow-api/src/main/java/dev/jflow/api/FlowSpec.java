package dev.jflow.api;

import java.time.Duration;
import java.util.List;

/**
 * Everything a Flow is made from: its pods in the order they were added, its gateway, timeouts and
 * Flow-wide defaults. Built by {@link FlowBuilder}; validated by the Flow implementation when created.
 *
 * @param name the Flow's name, used in thread names and messages
 * @param pods the pods, each with its needs resolved ({@code gateway} for the first pods)
 * @param gateway the gateway configuration
 * @param timeoutReady how long {@code start()} waits for every pod to open; default 60 s
 * @param inspectMode what happens to inspect pods; default COLLECT
 * @param onErrorStrategy the strategy of pods that set none; default IGNORE
 */
public record FlowSpec(String name, List<PodSpec> pods, GatewayConfig gateway, Duration timeoutReady,
    InspectMode inspectMode, OnErrorStrategy onErrorStrategy) {
  /** The name of the gateway node that the first pods need. */
  public static final String GATEWAY = "gateway";

  /** Copies the pod list and applies defaults. */
  public FlowSpec {
    name = name == null || name.isBlank() ? "flow" : name;
    pods = List.copyOf(pods);
    gateway = gateway == null ? GatewayConfig.defaults() : gateway;
    timeoutReady = timeoutReady == null ? Duration.ofSeconds(60) : timeoutReady;
    inspectMode = inspectMode == null ? InspectMode.COLLECT : inspectMode;
    onErrorStrategy = onErrorStrategy == null ? OnErrorStrategy.IGNORE : onErrorStrategy;
  }

  /** A spec with the default inspect mode and error strategy. */
  public FlowSpec(String name, List<PodSpec> pods, GatewayConfig gateway, Duration timeoutReady) {
    this(name, pods, gateway, timeoutReady, null, null);
  }

  /** This spec with other pods. */
  public FlowSpec withPods(List<PodSpec> pods) {
    return new FlowSpec(name, pods, gateway, timeoutReady, inspectMode, onErrorStrategy);
  }
}
