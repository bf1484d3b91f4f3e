package dev.jflow.junit.archfixture;

/** Classes that count as jflow-junit's for the architecture rules; test code only. */
public final class JunitFixtures {
  private JunitFixtures() {}

  /** Breaks jflow-junit's module map row: it reaches transports through flow-core's registry, never directly. */
  public static final class ImportsATransport {
    dev.jflow.transport.grpc.GrpcTransportProvider provider;
  }

  /** Keeps to the row: flow-api, flow-core and JUnit. */
  public static final class UsesCoreAndJunit {
    dev.jflow.api.AsyncFlow flow;
    dev.jflow.core.FlowYaml yaml;
    org.junit.jupiter.api.extension.ExtensionContext context;
  }
}
