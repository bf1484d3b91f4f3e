package dev.jflow.core.internal.yaml;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The {@code tls:} mapping of a Flow's {@code with} (the gateway's TLS) and of a remote pod (how the
 * Flow reaches it): {@code certificate}, {@code private_key}, {@code key_store},
 * {@code key_store_password_file}, {@code key_store_password_env}, {@code ca}, {@code client_auth}
 * (none, optional, require). Relative paths are relative to the YAML file.
 */
final class TlsYaml {
  static final Set<String> KEYS = new TreeSet<>(List.of("certificate", "private_key", "key_store", "key_store_password_file",
      "key_store_password_env", "ca", "client_auth"));

  private TlsYaml() {}

  static TlsConfig read(YamlDoc doc, Node node, Path baseDir) {
    Map<String, Node> m = doc.mapping(node, "'tls'", KEYS);
    TlsConfig.Builder b = TlsConfig.builder();
    m.forEach((k, v) -> {
      switch (k) {
        case "certificate": b.certificate(path(doc, v, k, baseDir)); break;
        case "private_key": b.privateKey(path(doc, v, k, baseDir)); break;
        case "key_store": b.keyStore(path(doc, v, k, baseDir)); break;
        case "key_store_password_file": b.keyStorePasswordFile(path(doc, v, k, baseDir)); break;
        case "key_store_password_env": b.keyStorePasswordEnv(doc.string(v, "tls." + k)); break;
        case "ca": b.ca(path(doc, v, k, baseDir)); break;
        default: b.clientAuth(doc.choice(v, "tls." + k, TlsConfig.ClientAuth.class)); break;
      }
    });
    try {
      return b.build();
    } catch (FlowException e) {
      throw doc.error(node, e.status().description());
    }
  }

  private static Path path(YamlDoc doc, Node n, String key, Path baseDir) {
    Path p = Path.of(doc.string(n, "tls." + key));
    return baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p).normalize();
  }

  /** The {@code tls:} mapping of {@code tls}; {@code where} names its owner in the error for a trust manager, which YAML cannot hold. */
  static Map<String, Object> write(TlsConfig tls, String where) {
    if (tls.trustManager() != null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, where + " trusts through a TrustManager object, which YAML cannot hold; "
          + "name a CA file instead");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "certificate", tls.certificate());
    put(m, "private_key", tls.privateKey());
    put(m, "key_store", tls.keyStore());
    put(m, "key_store_password_file", tls.keyStorePasswordFile());
    if (tls.keyStorePasswordEnv() != null) {
      m.put("key_store_password_env", tls.keyStorePasswordEnv());
    }
    put(m, "ca", tls.ca());
    if (tls.clientAuth() != TlsConfig.ClientAuth.NONE) {
      m.put("client_auth", tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT));
    }
    return m;
  }

  private static void put(Map<String, Object> m, String key, Path p) {
    if (p != null) {
      m.put(key, p.toString());
    }
  }
}
