package dev.jflow.cli;

import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Secret;
import dev.jflow.api.spi.BearerTokens;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The gateway's bearer tokens for {@code jflow flow} and {@code jflow pod}, never on the command line
 * itself: each set from {@code --data-tokens-file} / {@code --admin-tokens-file}, else the Flow YAML's
 * {@code auth}, else the environment variables {@value #DATA_ENV} / {@value #ADMIN_ENV}. Without any,
 * data needs no token and control commands are refused over the network.
 */
final class GatewayTokens {
  static final String DATA_ENV = "JFLOW_DATA_TOKENS";
  static final String ADMIN_ENV = "JFLOW_ADMIN_TOKENS";

  @Option(names = "--data-tokens-file", paramLabel = "FILE",
      description = "bearer tokens that may send data, one a line (default: the YAML's auth, else $" + DATA_ENV + ")")
  Path dataTokensFile;

  @Option(names = "--admin-tokens-file", paramLabel = "FILE",
      description = "bearer tokens that may also control the Flow (reload, scale, dump), one a line (default: the YAML's auth, else $"
          + ADMIN_ENV + ")")
  Path adminTokensFile;

  /** {@code gateway} with the tokens these options and {@code env} name; the tokens are read now. */
  GatewayConfig apply(GatewayConfig gateway, Function<String, String> env) {
    Optional<BearerTokens> yaml = gateway.authenticator() instanceof BearerTokens
        ? Optional.of((BearerTokens) gateway.authenticator()) : Optional.empty();
    Secret data = pick(dataTokensFile, yaml.flatMap(BearerTokens::dataTokens), DATA_ENV, env);
    Secret admin = pick(adminTokensFile, yaml.flatMap(BearerTokens::adminTokens), ADMIN_ENV, env);
    if (data == null && admin == null) {
      return gateway;
    }
    return gateway.toBuilder().authenticator(BearerTokens.builder().dataTokens(data).adminTokens(admin).build()).build();
  }

  private static Secret pick(Path file, Optional<Secret> fromYaml, String variable, Function<String, String> env) {
    if (file != null) {
      return Secret.fromFile(file);
    }
    if (fromYaml.isPresent()) {
      return fromYaml.get();
    }
    String v = env.apply(variable);
    return v == null || v.isBlank() ? null : Secret.fromEnv(variable);
  }
}
