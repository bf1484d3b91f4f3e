package dev.jflow.api.internal;

import dev.jflow.api.NdArray;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Lets JFlow's codecs reach an {@link NdArray}'s bytes as they were handed to it (a heap buffer when
 * the array was made from a Java array), so encoding can wrap them instead of copying. The buffer must
 * never be written to: arrays are immutable.
 */
public final class ArrayBytes {
  private static volatile Function<NdArray, ByteBuffer> access;

  private ArrayBytes() {}

  /** Called once, by NdArray's class initializer. */
  public static synchronized void install(Function<NdArray, ByteBuffer> accessor) {
    if (access != null) {
      throw new IllegalStateException("ArrayBytes is already installed");
    }
    access = accessor;
  }

  /** {@code array}'s bytes, shared, little-endian, positioned at its first byte. */
  public static ByteBuffer shared(NdArray array) {
    return access.apply(array); // an instance exists, so NdArray's initializer has run
  }
}
