package dev.jflow.executors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Reads what {@link BinaryOut} wrote, checking the CRC-32 at the end. A short or damaged file fails
 * with an {@link IllegalStateException} naming the file, never with garbage.
 */
final class BinaryIn {
  private final InputStream in;
  private final String file;
  private final CRC32 crc = new CRC32();
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private int mark; // buf index of the first byte not yet added to the CRC

  BinaryIn(InputStream in, String file) {
    this.in = in;
    this.file = file;
    buf.flip();
  }

  void magic(String fourAscii) throws IOException {
    byte[] b = bytes(4);
    String got = new String(b, StandardCharsets.ISO_8859_1);
    if (!got.equals(fourAscii)) {
      throw damaged("it does not start with " + fourAscii + " (not a file of this kind)");
    }
  }

  int i32() throws IOException {
    need(4);
    return buf.getInt();
  }

  long i64() throws IOException {
    need(8);
    return buf.getLong();
  }

  void floats(float[] a, int from, int count) throws IOException {
    for (int i = from, end = from + count; i < end; i++) {
      need(4);
      a[i] = buf.getFloat();
    }
  }

  byte[] bytes(int n) throws IOException {
    byte[] b = new byte[n];
    int at = 0;
    while (at < n) {
      need(1);
      int k = Math.min(buf.remaining(), n - at);
      buf.get(b, at, k);
      at += k;
    }
    return b;
  }

  /** An int32 length (at most {@code max}) and that many bytes; -1 means null. */
  byte[] sized(int max) throws IOException {
    int n = i32();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > max) {
      throw damaged("a record claims " + n + " bytes");
    }
    return bytes(n);
  }

  String string(int maxBytes) throws IOException {
    byte[] b = sized(maxBytes);
    if (b == null) {
      throw damaged("a string is missing");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Checks the trailing CRC-32 and that nothing follows it. */
  void finish() throws IOException {
    consumed();
    int expected = (int) crc.getValue();
    need(4);
    int stored = buf.getInt();
    if (stored != expected || buf.hasRemaining() || in.read() != -1) {
      throw damaged("its checksum does not match (a torn or altered file)");
    }
  }

  IllegalStateException damaged(String why) {
    return new IllegalStateException(file + " is damaged: " + why
        + "; restore it from a dump (load_path) or move it away to start empty");
  }

  private void need(int n) throws IOException {
    if (buf.remaining() >= n) {
      return;
    }
    consumed();
    buf.compact();
    while (buf.position() < n) {
      int r = in.read(buf.array(), buf.position(), buf.capacity() - buf.position());
      if (r < 0) {
        buf.flip();
        mark = 0;
        throw damaged("it ends early (truncated)");
      }
      buf.position(buf.position() + r);
    }
    buf.flip();
    mark = 0;
  }

  /** Adds the bytes read since the last call to the CRC. */
  private void consumed() {
    crc.update(buf.array(), mark, buf.position() - mark);
    mark = buf.position();
  }
}
