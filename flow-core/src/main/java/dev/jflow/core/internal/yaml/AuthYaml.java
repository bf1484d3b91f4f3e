package dev.jflow.core.internal.yaml;

import dev.jflow.api.FlowException;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Authenticator;
import dev.jflow.api.spi.BearerTokens;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Tokens in Flow YAML, by where they are read from, never by value: the gateway's
 * {@code with: {auth: {data_tokens_file|data_tokens_env, admin_tokens_file|admin_tokens_env}}} and a
 * remote pod's {@code token_file|token_env}. Files are relative to the YAML file.
 */
final class AuthYaml {
  static final String AUTH = "auth";
  static final String DATA = "data_tokens";
  static final String ADMIN = "admin_tokens";
  static final String POD_TOKEN = "token";
  static final Set<String> KEYS = new TreeSet<>(List.of(DATA + "_file", DATA + "_env", ADMIN + "_file", ADMIN + "_env"));
  static final Set<String> POD_KEYS = Set.of(POD_TOKEN + "_file", POD_TOKEN + "_env");

  private AuthYaml() {}

  /** The gateway's token sets from the {@code auth} mapping {@code node}; the tokens are read now. */
  static BearerTokens read(YamlDoc doc, Node node, Path baseDir) {
    Map<String, Node> m = doc.mapping(node, "'auth'", KEYS);
    Secret data = secret(doc, node, m, DATA, baseDir);
    Secret admin = secret(doc, node, m, ADMIN, baseDir);
    try {
      return BearerTokens.builder().dataTokens(data).adminTokens(admin).build();
    } catch (FlowException e) {
      throw doc.error(node, "'auth': " + e.status().description());
    }
  }

  /** A remote pod's token from its keys {@code p}, or null when it has none. */
  static Secret podToken(YamlDoc doc, Node pod, Map<String, Node> p, Path baseDir) {
    return secret(doc, pod, p, POD_TOKEN, baseDir);
  }

  /** {@code <name>_file} or {@code <name>_env} of {@code m}, or null when neither is there. */
  private static Secret secret(YamlDoc doc, Node at, Map<String, Node> m, String name, Path baseDir) {
    Node file = m.get(name + "_file");
    Node env = m.get(name + "_env");
    if (file != null && env != null) {
      throw doc.error(at, "set either '" + name + "_file' or '" + name + "_env', not both");
    }
    if (file != null) {
      String path = doc.string(file, name + "_file");
      return Secret.fromFile(baseDir == null ? Path.of(path) : baseDir.resolve(path));
    }
    return env == null ? null : Secret.fromEnv(doc.string(env, name + "_env"));
  }

  /** The {@code auth} mapping for {@code a}, or null for the default. */
  static Map<String, Object> write(Authenticator a) {
    if (a.equals(Authenticator.anonymous())) {
      return null;
    }
    if (!(a instanceof BearerTokens)) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "the gateway's authenticator " + a + " is made by Java code, "
          + "which YAML cannot hold; only BearerTokens read from files or environment variables can be written");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    ((BearerTokens) a).dataTokens().ifPresent(s -> put(m, DATA, s));
    ((BearerTokens) a).adminTokens().ifPresent(s -> put(m, ADMIN, s));
    return m;
  }

  /** Adds {@code p}'s token to its YAML mapping {@code m}, if it has one. */
  static void writePodToken(PodSpec p, Map<String, Object> m) {
    if (p.token() != null) {
      put(m, POD_TOKEN, p.token());
    }
  }

  private static void put(Map<String, Object> m, String name, Secret s) {
    if (s.variable().isPresent()) {
      m.put(name + "_env", s.variable().get());
    } else if (s.file().isPresent()) {
      m.put(name + "_file", s.file().get().toString());
    } else {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "'" + name + "' is a secret set in code, which a YAML file "
          + "must not hold; read it from a file or an environment variable (Secret.fromFile, Secret.fromEnv)");
    }
  }
}
