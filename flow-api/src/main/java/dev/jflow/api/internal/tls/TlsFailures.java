package dev.jflow.api.internal.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Says in words why a TLS connection failed, from the exceptions the JDK and the transports raise. */
public final class TlsFailures {
  private TlsFailures() {}

  /** A sentence for the TLS failure among {@code t}'s causes, or null when none is a TLS failure. */
  public static String describe(Throwable t) {
    SSLException ssl = null;
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof CertificateExpiredException) {
        return "TLS handshake failed: the gateway's certificate has expired (" + c.getMessage() + ")";
      }
      if (c instanceof CertificateNotYetValidException) {
        return "TLS handshake failed: the gateway's certificate is not valid yet (" + c.getMessage() + ")";
      }
      if (c instanceof CertPathValidatorException && ((CertPathValidatorException) c).getReason()
          == CertPathValidatorException.BasicReason.EXPIRED) {
        return "TLS handshake failed: the gateway's certificate has expired (" + c.getMessage() + ")";
      }
      if (c instanceof SSLException && ssl == null) {
        ssl = (SSLException) c;
      }
    }
    if (ssl == null) {
      return null;
    }
    String m = String.valueOf(ssl.getMessage());
    String l = m.toLowerCase(Locale.ROOT);
    String why;
    if (l.contains("expired") || l.contains("notafter")) {
      why = "the gateway's certificate has expired";
    } else if (l.contains("unable to find valid certification path") || l.contains("path building failed")
        || l.contains("path validation failed") || l.contains("signature check failed")) {
      why = "the gateway's certificate is not signed by a CA this client trusts (set the CA file: TlsConfig ca, --tls-ca)";
    } else if (l.contains("no subject alternative") || l.contains("no name matching")) {
      why = "the gateway's certificate does not name the host connected to";
    } else if (l.contains("certificate_required") || l.contains("bad_certificate") || l.contains("certificate_unknown")
        || l.contains("unknown_ca") || l.contains("empty client certificate")) {
      why = "the gateway refused this client's certificate, or its lack of one: it requires a client certificate its CA "
          + "signed (TlsConfig certificate and privateKey, --tls-cert and --tls-key)";
    } else if (l.contains("unrecognized ssl message") || l.contains("not an ssl/tls record")) {
      why = "the peer does not speak TLS (is it a plaintext gateway?)";
    } else {
      why = "TLS failed";
    }
    return "TLS handshake failed: " + why + " (" + m + ")";
  }
}
