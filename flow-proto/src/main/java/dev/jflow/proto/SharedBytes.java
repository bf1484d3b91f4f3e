package dev.jflow.proto;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Moves array bytes between NdArrays and ByteStrings without copying where protobuf allows it: a heap
 * buffer is wrapped as it is, and a flat ByteString lends its backing array. Both sides are immutable,
 * so sharing is safe; anything else (direct buffers, rope strings) is copied once.
 */
final class SharedBytes {
  private SharedBytes() {}

  /** {@code bytes} as a ByteString, sharing a heap buffer's array. */
  static ByteString wrap(ByteBuffer bytes) {
    if (bytes.hasArray()) {
      return UnsafeByteOperations.unsafeWrap(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    }
    return ByteString.copyFrom(bytes);
  }

  /** A buffer over {@code s}'s bytes, positioned at 0, sharing its backing array when it has a single one. */
  static ByteBuffer view(ByteString s) {
    Capture c = new Capture();
    try {
      UnsafeByteOperations.unsafeWriteTo(s, c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (c.single && c.array != null) {
      return ByteBuffer.wrap(c.array, c.offset, c.length).slice();
    }
    return s.asReadOnlyByteBuffer().slice();
  }

  /** Records the one array a flat ByteString writes; anything more means it is not flat. */
  private static final class Capture extends ByteOutput {
    byte[] array;
    int offset;
    int length;
    boolean single = true;

    @Override
    public void writeLazy(byte[] value, int off, int len) {
      if (array == null && single) {
        array = value;
        offset = off;
        length = len;
      } else {
        single = false;
      }
    }

    @Override
    public void write(byte value) {
      single = false;
    }

    @Override
    public void write(byte[] value, int off, int len) {
      single = false;
    }

    @Override
    public void write(ByteBuffer value) {
      single = false;
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      single = false;
    }
  }
}
