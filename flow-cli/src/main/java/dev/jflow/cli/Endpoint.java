package dev.jflow.cli;

import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Secret;
import dev.jflow.api.internal.TokenSet;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a client command connects: {@code --host}, {@code --port-expose}, {@code --restful} or
 * {@code --protocol}, its TLS, and with which bearer token: {@code --token-file}, else {@code $JFLOW_TOKEN}.
 */
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

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "a file holding the bearer token to send (default: $" + TOKEN_ENV + "; none when unset)")
  Path tokenFile;

  /** The environment variable holding the client's token when there is no {@code --token-file}. */
  static final String TOKEN_ENV = "JFLOW_TOKEN";

  Client connect() {
    String p = protocol != null ? protocol : restful ? "websocket" : "grpc";
    return Client.connect(ClientConfig.builder().protocol(p).host(host).port(port).token(token(System::getenv))
        .tls(tls.config(command.commandLine())).build());
  }

  /** The token from {@code --token-file}, else from {@value #TOKEN_ENV} in {@code env}, or null; never from the command line. */
  String token(Function<String, String> env) {
    if (tokenFile != null) {
      Secret s = Secret.fromFile(tokenFile);
      return TokenSet.first(s.read(), s.source());
    }
    String v = env.apply(TOKEN_ENV);
    return v == null || v.isBlank() ? null : TokenSet.first(v, "environment variable " + TOKEN_ENV);
  }
}
