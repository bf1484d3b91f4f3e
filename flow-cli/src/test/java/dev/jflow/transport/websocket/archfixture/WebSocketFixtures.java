package dev.jflow.transport.websocket.archfixture;

/** Classes that count as transport-websocket's for the architecture rules; test code only. */
public final class WebSocketFixtures {
  private WebSocketFixtures() {}

  /** Breaks "a transport never imports flow-core". */
  public static final class ImportsCore {
    dev.jflow.core.Flows flows;
  }

  /** Breaks transport-websocket's module map row: grpc is the grpc transport's. */
  public static final class ImportsGrpc {
    io.grpc.Status status;
  }
}
