package dev.jflow.transport.websocket;

/** Size limits shared by the gateway and the client. */
final class Limits {
  private static final long SLACK = 64 * 1024;

  private Limits() {}

  /**
   * The read buffer Tyrus gets for a message limit of {@code maxMessageSize}: twice the limit plus some
   * slack, so that a frame somewhat over the limit still reaches our own check and is refused with a
   * clear 1009, rather than being cut by Tyrus with a bare 1011 "Buffer overflow." (frames over twice
   * the limit still are).
   */
  static int bufferFor(int maxMessageSize) {
    return (int) Math.min(Integer.MAX_VALUE - 16L, 2L * maxMessageSize + SLACK);
  }
}
