package dev.jflow.cli;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.core.FlowYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jflow flow}: serves a Flow from YAML until stopped. */
@Command(name = "flow", mixinStandardHelpOptions = true,
    description = {"Serve a Flow from YAML until stopped; prints one line with the gateway addresses when ready, then for a",
        "restful gateway where its /docs and /metrics are (docs: http://127.0.0.1:1234/docs).",
        "SIGTERM / Ctrl-C drain the gateway: new calls are refused, accepted requests finish within the drain grace period.",
        "Bearer tokens come from files or the environment, never the command line; without admin tokens, control commands",
        "(reload, scale, dump) are refused over the network."},
    exitCodeListHeading = "Exit status after SIGTERM / Ctrl-C:%n",
    exitCodeList = {"0:every accepted request was answered", "3:the drain grace period ran out and requests were cut",
        "1:the Flow failed to start or to close", "2:bad usage"})
final class FlowCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--uses", required = true, description = "the Flow YAML file")
  Path uses;

  @Option(names = "--port-expose", split = ",", paramLabel = "PORT",
      description = "the gateway port, or one per protocol: 45678,45679 (default: the YAML's, else free ports)")
  List<Integer> ports;

  @Option(names = "--host", description = "the interface to bind (default: the YAML's, else 0.0.0.0)")
  String host;

  @Option(names = "--restful", description = "serve over WebSocket/HTTP instead of gRPC")
  boolean restful;

  @Option(names = "--protocol", split = ",", paramLabel = "NAME",
      description = "the gateway transport by name (grpc, websocket, inprocess), or several, one gateway each: grpc,websocket")
  List<String> protocols;

  @Option(names = "--gateway-option", paramLabel = "NAME=VALUE",
      description = "a transport's gateway option, e.g. websocket.cors=https://app.example; may repeat (overrides the YAML's gateway: section)")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--drain-grace", paramLabel = "MS",
      description = "how long SIGTERM lets accepted requests finish before cutting them, in ms (default: the YAML's drain_grace, else 30000)")
  Long drainGraceMs;

  @Mixin
  GatewayTokens tokens = new GatewayTokens();
  @Option(names = "--max-top-k", paramLabel = "K",
      description = "the largest top_k a request may ask for; more is refused (default: the YAML's max_top_k, else 10000)")
  Integer maxTopK;
  @Mixin
  GatewayRate rate = new GatewayRate();
  @picocli.CommandLine.Mixin
  ServerTls tls;
  @Mixin
  Monitoring monitoring = new Monitoring();

  @Override
  public Integer call() {
    if (drainGraceMs != null && drainGraceMs < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--drain-grace must be 0 or more milliseconds, got " + drainGraceMs);
    }
    if (maxTopK != null && maxTopK < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-top-k must be at least 1, got " + maxTopK);
    }
    monitoring.check(spec);
    FlowSpec s = withOverrides(FlowYaml.load(uses));
    CliTelemetry telemetry = monitoring.telemetry(s.name());
    AsyncFlow flow = start(s, telemetry);
    return Serving.until(flow, telemetry, "flow '" + flow.spec().name() + "'", links(flow), spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  /** The lines after the ready line: where the started {@code flow}'s restful gateway serves {@code /docs} and {@code /metrics}. */
  List<String> links(AsyncFlow flow) {
    GatewayConfig g = flow.spec().gateway();
    return WebLinks.of(flow.gatewayAddresses(), g.tls() != null, monitoring.metricsOn(), g.host(), g.monitoringPort());
  }

  /** Starts the Flow of {@code s} reporting to {@code telemetry}; the caller closes both, and {@code telemetry} too when this fails. */
  static AsyncFlow start(FlowSpec s, CliTelemetry telemetry) {
    return start(() -> AsyncFlow.of(s.toBuilder().telemetry(telemetry.telemetry()).build()), telemetry);
  }

  /** Makes the Flow that reports to {@code telemetry} and starts it; the caller closes both, and {@code telemetry} too when this fails. */
  static AsyncFlow start(java.util.function.Supplier<AsyncFlow> make, CliTelemetry telemetry) {
    try {
      AsyncFlow flow = make.get();
      dev.jflow.api.internal.Futures.await(flow.start());
      return flow;
    } catch (RuntimeException e) {
      telemetry.close();
      throw e;
    }
  }

  /** {@code s} with the command line's gateway settings over the YAML's. */
  FlowSpec withOverrides(FlowSpec s) {
    GatewayConfig.Builder g = s.gateway().toBuilder();
    if (restful) {
      g.protocol("websocket");
    }
    if (protocols != null) {
      g.protocols(protocols);
    }
    if (ports != null) {
      g.ports(ports);
    }
    if (host != null) {
      g.host(host);
    }
    if (drainGraceMs != null) {
      g.drainGrace(Duration.ofMillis(drainGraceMs));
    }
    if (maxTopK != null) {
      g.maxTopK(maxTopK);
    }
    rate.apply(spec, g);
    monitoring.apply(spec, g);
    g.options(options);
    g.tls(tls.config(spec.commandLine(), s.gateway().tls())); // TLS options override the YAML's
    return s.toBuilder().gateway(tokens.apply(g.build(), System::getenv)).build();
  }
}
