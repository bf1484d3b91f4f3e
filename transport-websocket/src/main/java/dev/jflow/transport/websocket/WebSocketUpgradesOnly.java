package dev.jflow.transport.websocket;

import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.ContentEncoding;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Grizzly's HTTP codec, except that it honours only WebSocket upgrades. Clients such as the JDK's
 * HttpClient offer {@code Upgrade: h2c} on plain HTTP; Grizzly would then treat the request body as
 * the raw stream of the new protocol and never find its end. A server may ignore an upgrade it does not
 * speak (RFC 9110, section 7.8), so other upgrades are dropped and the request is read as HTTP/1.1.
 */
final class WebSocketUpgradesOnly extends HttpServerFilter {
  @SuppressWarnings("deprecation") // Grizzly offers no other constructor; its own HttpServer uses this one
  private WebSocketUpgradesOnly(NetworkListener listener, HttpServerFilter original) {
    super(listener.isChunkingEnabled(), listener.getMaxHttpHeaderSize() == -1 ? DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE
        : listener.getMaxHttpHeaderSize(), null, listener.getKeepAlive(), null, listener.getMaxRequestHeaders(),
        listener.getMaxResponseHeaders());
    for (ContentEncoding e : original.getContentEncodings()) {
      addContentEncoding(e);
    }
    setAllowPayloadForUndefinedHttpMethods(original.isAllowPayloadForUndefinedHttpMethods());
    setMaxPayloadRemainderToSkip(original.getMaxPayloadRemainderToSkip());
    getMonitoringConfig().addProbes(original.getMonitoringConfig().getProbes());
  }

  @Override
  protected void onIncomingUpgrade(FilterChainContext ctx, HttpHeader header) {
    if ("websocket".equalsIgnoreCase(header.getUpgrade())) {
      super.onIncomingUpgrade(ctx, header);
    } else {
      header.getUpgradeDC().recycle();
    }
  }

  /** The add-on that puts this codec in place of Grizzly's. */
  static final class Installer implements AddOn {
    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
      int i = builder.indexOfType(HttpServerFilter.class);
      if (i >= 0) {
        builder.set(i, new WebSocketUpgradesOnly(listener, (HttpServerFilter) builder.get(i)));
      }
    }
  }
}
