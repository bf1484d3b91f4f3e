package dev.jflow.transport.websocket;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outgoing side of one socket: counts the bytes handed to Tyrus and not yet written to the
 * network, so that a client that stops reading is noticed instead of being buffered for ever. One
 * message is always let through, whatever its size, when nothing else is waiting.
 */
final class Outbox {
  private final RemoteEndpoint.Async remote;
  private final long limit;
  private final AtomicLong queued = new AtomicLong();

  Outbox(RemoteEndpoint.Async remote, long limit) {
    this.remote = remote;
    this.limit = limit;
  }

  /** The limit of queued bytes. */
  long limit() {
    return limit;
  }

  /** Bytes handed over and not yet written. */
  long queued() {
    return queued.get();
  }

  /** Whether a message of {@code size} bytes fits: the queue is empty or stays within the limit. */
  boolean fits(long size) {
    long q = queued.get();
    return q == 0 || q + size <= limit;
  }

  /** Sends a binary message; {@code onFailure} runs if writing it fails. */
  void send(byte[] message, Runnable onFailure) {
    remote.sendBinary(ByteBuffer.wrap(message), track(message.length, onFailure));
  }

  /** Sends a text message of {@code size} UTF-8 bytes; {@code onFailure} runs if writing it fails. */
  void send(String message, long size, Runnable onFailure) {
    remote.sendText(message, track(size, onFailure));
  }

  private SendHandler track(long size, Runnable onFailure) {
    queued.addAndGet(size);
    return result -> {
      queued.addAndGet(-size);
      if (!result.isOK()) {
        onFailure.run();
      }
    };
  }
}
