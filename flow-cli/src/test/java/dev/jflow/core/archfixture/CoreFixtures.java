package dev.jflow.core.archfixture;

/** Classes that count as flow-core's for the architecture rules; test code only. */
public final class CoreFixtures {
  private CoreFixtures() {}

  /** Keeps "meters and spans through the facades": Micrometer's registry and OpenTelemetry's API. */
  public static final class UsesTheTelemetryFacades {
    io.micrometer.core.instrument.MeterRegistry registry;
    io.opentelemetry.api.OpenTelemetry openTelemetry;
  }

  /** Breaks "flow-core wires no tracing backend": the SDK is the CLI's or the user's. */
  public static final class ImportsTheOpenTelemetrySdk {
    io.opentelemetry.sdk.OpenTelemetrySdk sdk;
  }

  /** Breaks "flow-core wires no metrics backend": the registry is the CLI's or the user's. */
  public static final class ImportsThePrometheusRegistry {
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry;
  }

  /** Breaks "flow-core never imports a transport". */
  public static final class ImportsATransport {
    dev.jflow.transport.grpc.GrpcTransportProvider provider;
  }

  /** Breaks "flow-core never imports flow-proto". */
  public static final class ImportsFlowProto {
    dev.jflow.proto.ProtoCodec codec;
  }

  /** Breaks "flow-core never imports protobuf". */
  public static final class ImportsProtobuf {
    com.google.protobuf.ByteString bytes;
  }

  /** Breaks "flow-core never imports grpc". */
  public static final class ImportsGrpc {
    io.grpc.Status status;
  }

  /** Breaks "flow-core never imports Grizzly". */
  public static final class ImportsGrizzly {
    org.glassfish.grizzly.http.server.HttpServer server;
  }

  /** Breaks "flow-core never imports Tyrus". */
  public static final class ImportsTyrus {
    org.glassfish.tyrus.client.ClientManager client;
  }

  /** Allowed: flow-api exports its internal package to flow-core. */
  public static final class UsesApiInternal {
    Object await() {
      return dev.jflow.api.internal.Futures.await(java.util.concurrent.CompletableFuture.completedFuture("done"));
    }
  }
}
