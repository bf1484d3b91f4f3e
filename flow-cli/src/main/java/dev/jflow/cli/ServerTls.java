package dev.jflow.cli;

import dev.jflow.api.FlowException;
import dev.jflow.api.TlsConfig;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The TLS options of a serving command ({@code flow}, {@code pod}): the gateway's certificate and client authentication. */
final class ServerTls {
  @Option(names = "--tls-cert", paramLabel = "PEM", description = "serve TLS with this certificate chain (PEM; with --tls-key)")
  Path cert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "the certificate's private key (PEM: PKCS#8, or RSA/EC traditional)")
  Path key;

  @Option(names = "--tls-keystore", paramLabel = "P12", description = "serve TLS with this PKCS#12 keystore instead of --tls-cert/--tls-key")
  Path keyStore;

  @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "the file whose first line is the keystore's password")
  Path keyStorePasswordFile;

  @Option(names = "--tls-keystore-password-env", paramLabel = "VAR", description = "the environment variable holding the keystore's password")
  String keyStorePasswordEnv;

  @Option(names = "--tls-ca", paramLabel = "PEM", description = "the CA certificates that sign client certificates (for --tls-client-auth)")
  Path ca;

  @Option(names = "--tls-client-auth", paramLabel = "MODE",
      description = "ask clients for a certificate: none (default), optional or require (mutual TLS)")
  String clientAuth;

  /** The TLS these options describe, or null when none is given. */
  TlsConfig config(CommandLine line) {
    return config(line, null);
  }

  /** {@code base} (the Flow YAML's TLS, may be null) with these options in place of its settings. */
  TlsConfig config(CommandLine line, TlsConfig base) {
    if (cert == null && key == null && keyStore == null && keyStorePasswordFile == null && keyStorePasswordEnv == null
        && ca == null && clientAuth == null) {
      return base;
    }
    try {
      TlsConfig.Builder b = base == null ? TlsConfig.builder() : base.toBuilder();
      if (cert != null || key != null || keyStore != null || keyStorePasswordFile != null || keyStorePasswordEnv != null) {
        // key material from the command line replaces the YAML's as a whole
        b.certificate(cert).privateKey(key).keyStore(keyStore).keyStorePasswordFile(keyStorePasswordFile)
            .keyStorePasswordEnv(keyStorePasswordEnv);
      }
      if (ca != null) {
        b.ca(ca);
      }
      if (clientAuth != null) {
        b.clientAuth(mode(line));
      }
      TlsConfig tls = b.build();
      if (!tls.hasKeyMaterial()) {
        throw new CommandLine.ParameterException(line, "TLS needs the gateway's certificate: --tls-cert and --tls-key, or --tls-keystore");
      }
      return tls;
    } catch (FlowException e) {
      throw new CommandLine.ParameterException(line, e.status().description());
    }
  }

  private TlsConfig.ClientAuth mode(CommandLine line) {
    try {
      return TlsConfig.ClientAuth.valueOf(clientAuth.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(line, "--tls-client-auth must be none, optional or require, got '" + clientAuth + "'");
    }
  }
}
