package dev.jflow.transport.websocket;

import dev.jflow.core.testing.TlsConformanceSuite;

/** TLS and mutual TLS on the websocket gateway (WSS) and client, over real sockets on 127.0.0.1. */
class WebSocketTlsTest extends TlsConformanceSuite {
  @Override
  protected String protocol() {
    return "websocket";
  }
}
