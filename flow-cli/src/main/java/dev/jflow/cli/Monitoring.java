package dev.jflow.cli;

import dev.jflow.api.GatewayConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Meters and traces for {@code jflow flow} and {@code jflow pod}: meters in a Prometheus registry by
 * default (the restful gateway serves them at {@code /metrics}, {@code --monitoring-port} on a port of
 * their own), off with {@code --no-metrics}; traces when the {@code OTEL_*} variables configure them.
 */
final class Monitoring {
  @Option(names = "--monitoring-port", paramLabel = "PORT",
      description = "serve GET /metrics (Prometheus text) on this port as well, e.g. for a gRPC gateway or a pod; 0 picks a free "
          + "port, -1 is none (default: none, or for jflow flow the YAML's gateway: monitoring_port); the restful gateway "
          + "serves /metrics on its own port either way")
  Integer port;

  @Option(names = "--no-metrics", description = "record no meters: /metrics answers 404 (default: meters on, in a Prometheus registry)")
  boolean off;

  /** {@code gateway} with the monitoring port given on the command line of {@code spec}; checks the options. */
  GatewayConfig.Builder apply(CommandSpec spec, GatewayConfig.Builder gateway) {
    check(spec);
    if (port != null) {
      gateway.monitoringPort(port);
    }
    return gateway;
  }

  /** Checks the options given on the command line of {@code spec}, naming a bad value. */
  void check(CommandSpec spec) {
    if (port != null && (port < -1 || port > 65535)) {
      throw new ParameterException(spec.commandLine(),
          "--monitoring-port must be -1 (none), 0 (a free port) or a port up to 65535, got " + port);
    }
    if (off && port != null && port != -1) {
      throw new ParameterException(spec.commandLine(), "--monitoring-port " + port
          + " serves the meters that --no-metrics turns off; give one of them");
    }
  }

  /** Whether meters are recorded (not {@code --no-metrics}). */
  boolean metricsOn() {
    return !off;
  }

  /** The telemetry of Flow {@code flow}, from these options and the process's {@code OTEL_*} settings. */
  CliTelemetry telemetry(String flow) {
    return CliTelemetry.create(!off, flow, OtelSettings.current());
  }
}
