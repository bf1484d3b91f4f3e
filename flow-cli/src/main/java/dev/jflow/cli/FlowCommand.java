package dev.jflow.cli;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.core.FlowYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jflow flow}: serves a Flow from YAML until stopped. */
@Command(name = "flow", mixinStandardHelpOptions = true,
    description = {"Serve a Flow from YAML until stopped; prints one line with the gateway address when ready.",
        "SIGTERM / Ctrl-C drain the gateway: new calls are refused, accepted requests finish within the drain grace period."},
    exitCodeListHeading = "Exit status after SIGTERM / Ctrl-C:%n",
    exitCodeList = {"0:every accepted request was answered", "3:the drain grace period ran out and requests were cut",
        "1:the Flow failed to start or to close", "2:bad usage"})
final class FlowCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--uses", required = true, description = "the Flow YAML file")
  Path uses;

  @Option(names = "--port-expose", description = "the gateway port (default: the YAML's, else a free port)")
  Integer port;

  @Option(names = "--host", description = "the interface to bind (default: the YAML's, else 0.0.0.0)")
  String host;

  @Option(names = "--restful", description = "serve over WebSocket/HTTP instead of gRPC")
  boolean restful;

  @Option(names = "--protocol", description = "the gateway transport by name: grpc, websocket, inprocess")
  String protocol;

  @Option(names = "--drain-grace", paramLabel = "MS",
      description = "how long SIGTERM lets accepted requests finish before cutting them, in ms (default: the YAML's drain_grace, else 30000)")
  Long drainGraceMs;

  @picocli.CommandLine.Mixin
  ServerTls tls;

  @Override
  public Integer call() {
    if (drainGraceMs != null && drainGraceMs < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--drain-grace must be 0 or more milliseconds, got " + drainGraceMs);
    }
    AsyncFlow flow = AsyncFlow.of(withOverrides(FlowYaml.load(uses)));
    dev.jflow.api.internal.Futures.await(flow.start());
    return Serving.until(flow, "flow '" + flow.spec().name() + "'", spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  private FlowSpec withOverrides(FlowSpec s) {
    GatewayConfig g = s.gateway();
    if (port != null) {
      g = g.withPort(port);
    }
    if (host != null) {
      g = g.withHost(host);
    }
    if (restful) {
      g = g.withProtocol("websocket");
    }
    if (protocol != null) {
      g = g.withProtocol(protocol);
    }
    if (drainGraceMs != null) {
      g = g.withDrainGrace(Duration.ofMillis(drainGraceMs));
    }
    g = g.toBuilder().tls(tls.config(spec.commandLine(), g.tls())).build(); // TLS options override the YAML's
    return s.toBuilder().gateway(g).build();
  }
}
