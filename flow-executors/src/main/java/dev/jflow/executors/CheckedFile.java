package dev.jflow.executors;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The executors' own files, little-endian: a 4-byte ASCII magic, an int32 format version, the body,
 * and a CRC-32 of every byte before it. A file is written to a temporary sibling and moved into place,
 * so a reader sees the old file or the new one. Reading refuses a file that is not of its kind, torn,
 * truncated or altered with an {@link IllegalStateException} naming it, and one of an older format
 * version with a {@link FlowException} (FAILED_PRECONDITION) saying so.
 */
final class CheckedFile {
  private static final int BUFFER = 1 << 16;

  private CheckedFile() {}

  /** Writes the body of a file. */
  interface Body {
    void write(Out out) throws IOException;
  }

  /** Reads the body of a file. */
  interface Reader<T> {
    T read(In in) throws IOException;
  }

  /** Writes {@code file}: header, {@code body}, checksum. */
  static void write(Path file, String magic, int version, Body body) throws IOException {
    Workspace.writeAtomically(file, os -> {
      CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(os, BUFFER), new CRC32());
      Out out = new Out(new DataOutputStream(checked));
      out.data.writeBytes(magic);
      out.i32(version);
      body.write(out);
      out.i32((int) checked.getChecksum().getValue());
      out.data.flush();
    });
  }

  /**
   * Reads {@code file} with {@code body}, checking its header first and its checksum last: whatever
   * the body took from the file may be used only once this returns.
   */
  static <T> T read(Path file, String magic, int version, Reader<T> body) throws IOException {
    try (InputStream is = Files.newInputStream(file)) {
      CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(is, BUFFER), new CRC32());
      In in = new In(new DataInputStream(checked), file);
      if (!Arrays.equals(in.bytes(4), magic.getBytes(StandardCharsets.US_ASCII))) {
        throw in.damaged("it does not start with " + magic + " (not a file of this kind)");
      }
      int found = in.i32();
      if (found > 0 && found < version) {
        throw new FlowException(Status.Code.FAILED_PRECONDITION, file + " was written by an older JFlow in format version "
            + found + "; this JFlow reads version " + version + " only and leaves the file untouched: index the data again, "
            + "or load a dump this version wrote (load_path)");
      } else if (found != version) {
        throw new IllegalStateException(file + " has format version " + found + "; this JFlow reads version " + version);
      }
      T result = body.read(in);
      int expected = (int) checked.getChecksum().getValue();
      if (in.i32() != expected || in.data.read() != -1) {
        throw in.damaged("its checksum does not match (a torn or altered file)");
      }
      return result;
    } catch (EOFException e) {
      throw damaged(file, "it ends early (truncated)");
    }
  }

  static IllegalStateException damaged(Path file, String why) {
    return new IllegalStateException(file + " is damaged: " + why
        + "; JFlow leaves it untouched: load a dump (load_path) or give the pod an empty workspace");
  }

  /** Writes little-endian values. */
  static final class Out {
    private final DataOutputStream data;
    private ByteBuffer scratch = ByteBuffer.allocate(0);

    private Out(DataOutputStream data) {
      this.data = data;
    }

    void i32(int v) throws IOException {
      data.writeInt(Integer.reverseBytes(v));
    }

    void i64(long v) throws IOException {
      data.writeLong(Long.reverseBytes(v));
    }

    void floats(float[] a, int from, int count) throws IOException {
      ByteBuffer b = scratch(count * 4);
      b.asFloatBuffer().put(a, from, count);
      data.write(b.array(), 0, count * 4);
    }

    /** An int32 byte length, then the bytes. */
    void sized(byte[] b) throws IOException {
      i32(b.length);
      data.write(b);
    }

    void string(String s) throws IOException {
      sized(s.getBytes(StandardCharsets.UTF_8));
    }

    private ByteBuffer scratch(int bytes) {
      if (scratch.capacity() < bytes) {
        scratch = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
      }
      return scratch.clear();
    }
  }

  /** Reads little-endian values; a short file fails as truncated. */
  static final class In {
    private final DataInputStream data;
    private final Path file;
    private ByteBuffer scratch = ByteBuffer.allocate(0);

    private In(DataInputStream data, Path file) {
      this.data = data;
      this.file = file;
    }

    int i32() throws IOException {
      return Integer.reverseBytes(data.readInt());
    }

    long i64() throws IOException {
      return Long.reverseBytes(data.readLong());
    }

    void floats(float[] a, int from, int count) throws IOException {
      if (scratch.capacity() < count * 4) {
        scratch = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
      }
      data.readFully(scratch.array(), 0, count * 4);
      scratch.clear().asFloatBuffer().get(a, from, count);
    }

    byte[] bytes(int n) throws IOException {
      byte[] b = new byte[n];
      data.readFully(b);
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

    IllegalStateException damaged(String why) {
      return CheckedFile.damaged(file, why);
    }
  }
}
