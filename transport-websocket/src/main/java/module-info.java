/** The {@code websocket} transport (WebSocket and Jina's HTTP API on Tyrus/Grizzly), found by flow-core with ServiceLoader. */
@SuppressWarnings("requires-automatic") // protobuf-java names its modules in its manifests only
module dev.jflow.transport.websocket {
  requires transitive dev.jflow.api;
  requires dev.jflow.proto;
  requires com.google.protobuf;
  requires com.google.protobuf.util;
  requires org.slf4j;
  // StreamEndpoint and ClientStream are public (Tyrus calls them) and extend jakarta.websocket.Endpoint
  requires transitive jakarta.websocket;
  requires org.glassfish.grizzly;
  requires org.glassfish.grizzly.http;
  requires org.glassfish.grizzly.http.server;
  requires org.glassfish.tyrus.spi;
  requires org.glassfish.tyrus.core;
  requires org.glassfish.tyrus.server;
  requires org.glassfish.tyrus.client;
  requires org.glassfish.tyrus.container.grizzly.server;

  exports dev.jflow.transport.websocket;

  provides dev.jflow.api.spi.TransportProvider with dev.jflow.transport.websocket.WebSocketTransportProvider;
}
