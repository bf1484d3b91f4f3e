package dev.jflow.api.internal.tls;

import dev.jflow.api.TlsConfig;

/** The TLS of a Flow's client of its own gateway (the Flow's calls go through the gateway as everyone's do). */
public final class Loopback {
  private Loopback() {}

  /**
   * The client side of {@code gateway}'s TLS, or null for a plaintext gateway: it trusts exactly the
   * gateway's certificate, without a host name check, and presents that certificate when the gateway
   * asks for one (the gateway accepts its own; see {@link ReloadingTrustManager}).
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT when the gateway's files cannot be used
   */
  public static TlsConfig clientOf(TlsConfig gateway) {
    if (gateway == null) {
      return null;
    }
    return gateway.toBuilder().ca(null).trustManager(new PinnedTrustManager(ReloadingKeyManager.of(gateway)))
        .clientAuth(TlsConfig.ClientAuth.NONE).build();
  }
}
