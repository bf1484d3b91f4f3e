package dev.jflow.transport.websocket;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext for one client call whose engines report their failures to the call (see {@link
 * ReportingSslEngine}) and, when the call connects to one address of a name, verify that name.
 */
final class ReportingSslContext extends SSLContextSpi {
  private final SSLContext context;
  private final Consumer<SSLException> failed;
  private final String peerName;

  private ReportingSslContext(SSLContext context, String peerName, Consumer<SSLException> failed) {
    this.context = context;
    this.peerName = peerName;
    this.failed = failed;
  }

  /**
   * {@code context}, whose engines report failures to {@code failed} and take {@code peerName} (null: the
   * host connected to) as the peer's name, which SNI sends and the certificate must carry.
   */
  static SSLContext of(SSLContext context, String peerName, Consumer<SSLException> failed) {
    return new SSLContext(new ReportingSslContext(context, peerName, failed), context.getProvider(), context.getProtocol()) {};
  }

  @Override
  protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
    throw new KeyManagementException("already initialized");
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    return context.getSocketFactory();
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    return context.getServerSocketFactory();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine() {
    return new ReportingSslEngine(context.createSSLEngine(), failed);
  }

  @Override
  protected SSLEngine engineCreateSSLEngine(String host, int port) {
    return new ReportingSslEngine(context.createSSLEngine(peerName != null ? peerName : host, port), failed);
  }

  @Override
  protected SSLSessionContext engineGetServerSessionContext() {
    return context.getServerSessionContext();
  }

  @Override
  protected SSLSessionContext engineGetClientSessionContext() {
    return context.getClientSessionContext();
  }

  @Override
  protected javax.net.ssl.SSLParameters engineGetDefaultSSLParameters() {
    return context.getDefaultSSLParameters();
  }

  @Override
  protected javax.net.ssl.SSLParameters engineGetSupportedSSLParameters() {
    return context.getSupportedSSLParameters();
  }
}
