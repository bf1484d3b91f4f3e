package dev.jflow.transport.grpc.archfixture;

/** Classes that count as transport-grpc's for the architecture rules; test code only. */
public final class GrpcFixtures {
  private GrpcFixtures() {}

  /** Breaks "a transport never imports flow-core". */
  public static final class ImportsCore {
    dev.jflow.core.Flows flows;
  }

  /** Breaks transport-grpc's module map row: Tyrus is the websocket transport's. */
  public static final class ImportsTyrus {
    org.glassfish.tyrus.client.ClientManager client;
  }

  /** Breaks "no module reaches into another's internal package": flow-core exports none. */
  public static final class UsesCoreInternal {
    dev.jflow.core.internal.CoreFlowFactory factory;
  }

  /** Allowed: flow-api exports its internal package to transport-grpc. */
  public static final class UsesApiInternal {
    Throwable unwrap(Throwable t) {
      return dev.jflow.api.internal.Futures.unwrap(t);
    }
  }
}
