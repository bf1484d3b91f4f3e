package dev.jflow.transport.grpc;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Tls;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * Netty TLS contexts for the gRPC gateway and client, over {@link Tls}'s key and trust managers, so
 * renewed certificate files are used by new connections. The JDK's TLS (not OpenSSL) runs them: the
 * managers then see every handshake, and failures read the same on every transport.
 */
final class GrpcTls {
  private GrpcTls() {}

  /**
   * The gateway's context.
   *
   * @throws FlowException INVALID_ARGUMENT naming the files that cannot be used
   */
  static SslContext server(TlsConfig config) {
    Tls tls = Tls.forServer(config);
    SslContextBuilder b = SslContextBuilder.forServer(tls.keyManager());
    if (tls.trustManager() != null) {
      b.trustManager(tls.trustManager());
    }
    b.clientAuth(tls.clientAuth() == TlsConfig.ClientAuth.REQUIRE ? ClientAuth.REQUIRE
        : tls.clientAuth() == TlsConfig.ClientAuth.OPTIONAL ? ClientAuth.OPTIONAL : ClientAuth.NONE);
    return build(GrpcSslContexts.configure(b, SslProvider.JDK));
  }

  /**
   * A client's context.
   *
   * @throws FlowException INVALID_ARGUMENT naming the files that cannot be used
   */
  static SslContext client(TlsConfig config) {
    Tls tls = Tls.forClient(config);
    SslContextBuilder b = SslContextBuilder.forClient().trustManager(tls.trustManager());
    if (tls.keyManager() != null) {
      b.keyManager(tls.keyManager());
    }
    return build(GrpcSslContexts.configure(b, SslProvider.JDK));
  }

  private static SslContext build(SslContextBuilder b) {
    try {
      return b.build();
    } catch (SSLException | RuntimeException e) {
      throw new FlowException(Status.Code.INTERNAL, "TLS: cannot set up gRPC's TLS: " + e.getMessage(), e);
    }
  }
}
