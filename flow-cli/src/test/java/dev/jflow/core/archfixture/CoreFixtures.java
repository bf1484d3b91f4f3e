package dev.jflow.core.archfixture;

/** Classes that count as flow-core's for the architecture rules; test code only. */
public final class CoreFixtures {
  private CoreFixtures() {}

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
