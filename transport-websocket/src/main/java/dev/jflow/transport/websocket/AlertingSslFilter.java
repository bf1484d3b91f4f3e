package dev.jflow.transport.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.ssl.SSLBaseFilter;
import org.glassfish.grizzly.ssl.SSLConnectionContext;

/**
 * Grizzly's TLS filter, except that a failed handshake sends the TLS alert saying why before the
 * connection closes (Grizzly drops it). A client whose certificate was refused then learns so at once,
 * as from the gRPC gateway, instead of seeing the connection vanish.
 */
final class AlertingSslFilter extends SSLBaseFilter {
  private AlertingSslFilter(SSLBaseFilter original) {
    super(original.getServerSSLEngineConfigurator(), original.isRenegotiateOnClientAuthWant());
    setHandshakeTimeout(original.getHandshakeTimeout(TimeUnit.MILLISECONDS), TimeUnit.MILLISECONDS);
  }

  @Override
  protected Buffer doHandshakeStep(SSLConnectionContext ssl, FilterChainContext ctx, Buffer input, Buffer output) throws IOException {
    try {
      return super.doHandshakeStep(ssl, ctx, input, output);
    } catch (SSLException e) {
      sendAlert(ssl.getSslEngine(), ctx);
      throw e;
    }
  }

  /** Writes what the engine holds after its failure: the alert. */
  private static void sendAlert(SSLEngine engine, FilterChainContext ctx) {
    try {
      ByteBuffer alert = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      engine.wrap(ByteBuffer.allocate(0), alert);
      alert.flip();
      if (alert.hasRemaining()) {
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), alert));
      }
    } catch (SSLException | RuntimeException e) {
      // nothing to send: the connection closes as before
    }
  }

  /** Puts this filter in place of the listener's TLS filter. */
  static final class Installer implements AddOn {
    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
      int i = builder.indexOfType(SSLBaseFilter.class);
      if (i >= 0) {
        builder.set(i, new AlertingSslFilter((SSLBaseFilter) builder.get(i)));
      }
    }
  }
}
