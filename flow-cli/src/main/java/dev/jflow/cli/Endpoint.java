package dev.jflow.cli;

import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where a client command connects: {@code --host}, {@code --port-expose}, {@code --restful} or {@code --protocol}, and its TLS. */
final class Endpoint {
  @Spec(Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec command;

  @Mixin
  ClientTls tls;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "the gateway host (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port-expose", required = true, description = "the gateway port")
  int port;

  @Option(names = "--restful", description = "the gateway speaks WebSocket/HTTP")
  boolean restful;

  @Option(names = "--protocol", description = "the gateway transport by name (default grpc, or websocket with --restful)")
  String protocol;

  Client connect() {
    String p = protocol != null ? protocol : restful ? "websocket" : "grpc";
    return Client.connect(ClientConfig.builder().protocol(p).host(host).port(port).tls(tls.config(command.commandLine())).build());
  }
}
