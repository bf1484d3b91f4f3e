package dev.jflow.cli;

import dev.jflow.api.FlowException;
import dev.jflow.api.TlsConfig;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The TLS options of a client command ({@code client}, {@code ping}): whom to trust, and a certificate for mutual TLS. */
final class ClientTls {
  @Option(names = "--tls", description = "connect with TLS, trusting the JDK's CAs unless --tls-ca is given")
  boolean tls;

  @Option(names = "--tls-ca", paramLabel = "PEM", description = "connect with TLS, trusting gateways these CA certificates signed")
  Path ca;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "the client certificate for mutual TLS (PEM; with --tls-key)")
  Path cert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "the client certificate's private key (PEM)")
  Path key;

  /** The TLS these options describe, or null for plaintext. */
  TlsConfig config(CommandLine line) {
    if (!tls && ca == null && cert == null && key == null) {
      return null;
    }
    try {
      return TlsConfig.builder().ca(ca).certificate(cert).privateKey(key).build();
    } catch (FlowException e) {
      throw new CommandLine.ParameterException(line, e.status().description());
    }
  }
}
