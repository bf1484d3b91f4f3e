package dev.jflow.executors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Little-endian writer for the executors' files, keeping a CRC-32 of everything written. */
final class BinaryOut {
  private final OutputStream out;
  private final CRC32 crc = new CRC32();
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

  BinaryOut(OutputStream out) {
    this.out = out;
  }

  void magic(String fourAscii) throws IOException {
    bytes(fourAscii.getBytes(StandardCharsets.US_ASCII));
  }

  void i32(int v) throws IOException {
    room(4);
    buf.putInt(v);
  }

  void i64(long v) throws IOException {
    room(8);
    buf.putLong(v);
  }

  void floats(float[] a, int from, int count) throws IOException {
    for (int i = from, end = from + count; i < end; i++) {
      room(4);
      buf.putFloat(a[i]);
    }
  }

  void bytes(byte[] b) throws IOException {
    int at = 0;
    while (at < b.length) {
      room(1);
      int n = Math.min(buf.remaining(), b.length - at);
      buf.put(b, at, n);
      at += n;
    }
  }

  /** An int32 byte length, then the bytes. */
  void sized(byte[] b) throws IOException {
    i32(b.length);
    bytes(b);
  }

  void string(String s) throws IOException {
    sized(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the CRC-32 of everything before it (not itself covered) and flushes. */
  void finish() throws IOException {
    drain();
    buf.putInt((int) crc.getValue());
    out.write(buf.array(), 0, buf.position());
    buf.clear();
    out.flush();
  }

  private void room(int n) throws IOException {
    if (buf.remaining() < n) {
      drain();
    }
  }

  private void drain() throws IOException {
    crc.update(buf.array(), 0, buf.position());
    out.write(buf.array(), 0, buf.position());
    buf.clear();
  }
}
