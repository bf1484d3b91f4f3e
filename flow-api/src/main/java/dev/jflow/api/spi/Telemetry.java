package dev.jflow.api.spi;

import java.util.Optional;

/**
 * Where a Flow reports what it does: meters for its gateways, pods and remote-pod connections,
 * spans for its requests, and the text a scrape endpoint serves. JDK types only, so the API carries
 * no metrics or tracing library: flow-core's {@code FlowTelemetry} implements it with Micrometer and
 * OpenTelemetry, and {@link #none()} (the default) records nothing at no cost. Implementations are
 * thread-safe; every method may be called on a request's hot path and must not block.
 */
public interface Telemetry {

  /** Records nothing; {@link #scrape()} is empty and tracing is off. */
  static Telemetry none() {
    return NoTelemetry.INSTANCE;
  }

  /** The meters of one gateway of Flow {@code flow} serving {@code protocol} ({@code grpc}, {@code websocket}, ...). */
  GatewayMetrics gateway(String flow, String protocol);

  /**
   * The meters of one replica of a pod: {@code replica} is the replica's label as routes show it
   * ({@code ""} for a pod of one replica, else e.g. {@code "1"}, {@code "shard-0/1"}, {@code "head"}).
   */
  PodMetrics pod(String flow, String pod, String replica);

  /**
   * Registers the queue gauges of one group of replicas (a shard, a head or a tail): its depth and
   * the requests running in it, read when meters are published. Closing the registration removes
   * them (the Flow closes it when the pod closes or is rescaled).
   */
  AutoCloseable queue(String flow, String pod, String group, java.util.function.LongSupplier depth,
      java.util.function.LongSupplier inFlight);

  /** The meters of one remote pod's connection to the gateway at {@code address} ({@code grpc://host:port}). */
  RemoteMetrics remote(String flow, String pod, String address);

  /** Spans for requests; {@link Tracing#none()} when tracing is off. */
  Tracing tracing();

  /** The meters in a scrape format (Prometheus text) for {@code /metrics}, when the meters are kept where one can be made. */
  Optional<MetricsScrape> scrape();
}
