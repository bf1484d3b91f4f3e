package dev.jflow.cli.archfixture;

/** Classes that count as flow-cli's for the architecture rules; test code only. */
public final class CliFixtures {
  private CliFixtures() {}

  /** Breaks "flow-cli reaches the transports through flow-core's registry". */
  public static final class ImportsGrpc {
    io.grpc.Status status;
  }

  /** Keeps the rule: the CLI is the edge where the meters' registry, the tracing SDK and logback are wired. */
  public static final class WiresTheTelemetryBackends {
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry;
    io.opentelemetry.sdk.OpenTelemetrySdk sdk;
    ch.qos.logback.classic.LoggerContext logback;
  }
}
