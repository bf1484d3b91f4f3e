package dev.jflow.cli;

import dev.jflow.api.GatewayConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The gateway's per-caller rate limit for {@code jflow flow} and {@code jflow pod}: each option, when
 * given, overrides the Flow YAML's {@code max_requests_per_second} / {@code rate_burst}; by default
 * there is no limit.
 */
final class GatewayRate {
  @Option(names = "--max-requests-per-second", paramLabel = "N",
      description = "requests per second each caller (token) may send; more are refused with RESOURCE_EXHAUSTED / HTTP 429; "
          + "0 is no limit (default: the YAML's max_requests_per_second, else 0)")
  Integer maxRequestsPerSecond;

  @Option(names = "--rate-burst", paramLabel = "N",
      description = "how many requests a quiet caller may send at once under the rate limit (default: the YAML's rate_burst, "
          + "else as many as --max-requests-per-second)")
  Integer burst;

  /** {@code gateway} with the limits given on the command line of {@code spec}. */
  GatewayConfig.Builder apply(CommandSpec spec, GatewayConfig.Builder gateway) {
    if (maxRequestsPerSecond != null && maxRequestsPerSecond < 0) {
      throw new ParameterException(spec.commandLine(), "--max-requests-per-second must be 0 (no limit) or more, got "
          + maxRequestsPerSecond);
    }
    if (burst != null && burst < 1) {
      throw new ParameterException(spec.commandLine(), "--rate-burst must be at least 1, got " + burst);
    }
    if (maxRequestsPerSecond != null) {
      gateway.maxRequestsPerSecond(maxRequestsPerSecond);
    }
    if (burst != null) {
      gateway.burst(burst);
    }
    return gateway;
  }
}
