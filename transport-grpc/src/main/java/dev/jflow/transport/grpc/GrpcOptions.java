package dev.jflow.transport.grpc;

import dev.jflow.api.GatewayOption;
import java.time.Duration;
import java.util.List;

/**
 * The grpc gateway's own options, set on {@link dev.jflow.api.GatewayConfig} by name (code:
 * {@code option("grpc.readiness_interval", "1s")}; Flow YAML: {@code gateway: {grpc: {readiness_interval: 1s}}};
 * command line: {@code --gateway-option grpc.readiness_interval=1s}).
 */
public final class GrpcOptions {
  /**
   * {@code grpc.readiness_interval}: how often the health service's {@code jina.JinaRPC} status is
   * brought up to date with the Flow's readiness; default 250 ms.
   */
  public static final GatewayOption<Duration> READINESS_INTERVAL = GatewayOption.duration("grpc.readiness_interval",
      Duration.ofMillis(250), Duration.ofMillis(10),
      "how often the health service's jina.JinaRPC status follows the Flow's readiness");

  /** Every option, as {@link GrpcTransportProvider#options()} declares them. */
  public static final List<GatewayOption<?>> ALL = List.of(READINESS_INTERVAL);

  private GrpcOptions() {}
}
