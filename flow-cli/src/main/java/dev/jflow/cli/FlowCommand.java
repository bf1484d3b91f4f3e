package dev.jflow.cli;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.core.FlowYaml;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jflow flow}: serves a Flow from YAML until stopped. */
@Command(name = "flow", mixinStandardHelpOptions = true,
    description = "Serve a Flow from YAML until stopped; prints one line with the gateway address when ready.")
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

  @Override
  public Integer call() {
    AsyncFlow flow = AsyncFlow.of(withOverrides(FlowYaml.load(uses)));
    dev.jflow.api.internal.Futures.await(flow.start());
    return Serving.until(flow, "flow '" + flow.spec().name() + "'", spec.commandLine().getOut());
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
    return new FlowSpec(s.name(), s.pods(), g, s.timeoutReady(), s.inspectMode(), s.onErrorStrategy());
  }
}
