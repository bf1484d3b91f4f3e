package dev.jflow.cli;

import dev.jflow.api.Client;
import dev.jflow.api.FlowStatus;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jflow ping}: exit 0 when the gateway is ready, 1 otherwise (a readiness probe). */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Exit 0 when the gateway is ready, 1 otherwise.")
final class PingCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Endpoint endpoint;

  @Option(names = "--timeout", defaultValue = "5", description = "seconds to wait for an answer (default: ${DEFAULT-VALUE})")
  int timeout;

  @Override
  public Integer call() {
    try (Client c = endpoint.connect()) {
      FlowStatus s = c.status().get(timeout, TimeUnit.SECONDS);
      spec.commandLine().getOut().println((s.ready() ? "ready: " : "not ready: ") + "Flow '" + s.flow() + "', " + s.pods().size() + " pods");
      return s.ready() ? 0 : 1;
    } catch (Exception e) {
      spec.commandLine().getOut().println("not ready: " + dev.jflow.api.internal.Futures.toFlowException(e).getMessage());
      return 1;
    }
  }
}
