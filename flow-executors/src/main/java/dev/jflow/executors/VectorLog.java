package dev.jflow.executors;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The write-ahead log beside {@code vectors.bin}: every change since the snapshot, appended (and forced
 * to disk) before a write request is answered. Little-endian:
 * <pre>
 * "JFVL"                    4 bytes, magic
 * version                   int32, 2 (1: a development build's, one change a frame; read the same way)
 * base size, base crc       int64, int32: the snapshot this log continues (-1, 0 without one)
 * frames, one a request:    int32 n (payload bytes, 1 .. 1 GiB), int32 CRC-32 of the payload, the payload
 * payload, changes:         byte op (1 put, 2 delete), int32 n + UTF-8 id, and for a put: int32 dim,
 *                           dim float32, int32 n or -1 + a {@link DocumentRecord} (the kept document)
 * </pre>
 * The header is written atomically (a temporary sibling moved into place), so it is whole or absent.
 * A request's changes are one frame under one checksum, so an append cut short (a killed process, a
 * power loss) is replayed whole or not at all. Replay applies the changes in order, by id, onto the
 * snapshot the header names: a log whose base is not the snapshot on disk was written before that
 * snapshot was saved (a save cut short between writing the snapshot and starting a new log), is already
 * in it, and is dropped; so a log is never replayed onto a snapshot it does not continue (where, say, a
 * put of another dimension would fail). A bad frame at the end (an append cut short, never
 * acknowledged) is cut off and reported; a bad frame followed by more bytes is damage, refused with an
 * {@link IllegalStateException} naming the file.
 */
final class VectorLog implements Closeable {
  static final String NAME = "vectors.log";
  private static final System.Logger LOG = System.getLogger(VectorLog.class.getName());
  private static final String MAGIC = "JFVL";
  private static final int VERSION = 2;
  private static final int HEADER = 20;
  static final int MAX_RECORD = 256 << 20;
  static final int MAX_FRAME = 1 << 30;
  private static final int SCAN_WINDOW = 1 << 20;
  private static final byte PUT = 1;
  private static final byte DELETE = 2;

  private final Path file;
  private final boolean fsync;
  private FileChannel channel; // null when not started, or when starting it again failed (see append)
  private Base base = Base.NONE; // what the log continues (or, after a failed reset, should)
  private long size;

  private VectorLog(Path file, boolean fsync) {
    this.file = file;
    this.fsync = fsync;
  }

  /** A log not yet started: {@link #reset} starts it. */
  static VectorLog unopened(Path dir, boolean fsync) {
    return new VectorLog(dir.resolve(NAME), fsync);
  }

  /** Where the log continues from: a snapshot's size and stored checksum, or none. */
  record Base(long size, int crc) {
    static final Base NONE = new Base(-1, 0);

    /** The base of {@code snapshot} as it is on disk now. */
    static Base of(Path snapshot) throws IOException {
      if (!Files.exists(snapshot)) {
        return NONE;
      }
      try (FileChannel ch = FileChannel.open(snapshot, StandardOpenOption.READ)) {
        long n = ch.size();
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        if (n >= 4) {
          ch.read(b, n - 4);
        }
        return new Base(n, b.getInt(0));
      }
    }
  }

  /**
   * Opens the log in {@code dir} continuing {@code base}, replaying into {@code into} every record it
   * holds (none when it belongs to an older snapshot, or there is none yet).
   *
   * @throws IllegalStateException naming the file when it is damaged before its end
   */
  static VectorLog open(Path dir, boolean fsync, Base base, VectorStore into) throws IOException {
    VectorLog log = new VectorLog(dir.resolve(NAME), fsync);
    log.base = base;
    if (!Files.exists(log.file)) {
      log.reset(base);
      return log;
    }
    log.channel = FileChannel.open(log.file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (!log.replay(base, into)) {
        log.reset(base);
      }
      log.channel.position(log.size);
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
    return log;
  }

  /** Replays the records when the log continues {@code base}; false when it must start over. */
  private boolean replay(Base base, VectorStore into) throws IOException {
    long end = channel.size();
    InputStream is = new BufferedInputStream(Channels.newInputStream(channel.position(0)), 1 << 16);
    DataInputStream in = new DataInputStream(is);
    byte[] header = new byte[HEADER];
    try {
      in.readFully(header);
    } catch (EOFException e) {
      LOG.log(System.Logger.Level.WARNING, "{0} has no whole header ({1} bytes); starting it again", file, end);
      return false;
    }
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    if (!MAGIC.equals(new String(header, 0, 4, StandardCharsets.US_ASCII))) {
      throw CheckedFile.damaged(file, "it does not start with " + MAGIC + " (not a vectors log)");
    }
    if (h.getInt(4) != VERSION && h.getInt(4) != 1) { // version 1 is one change a frame: read the same
      throw new IllegalStateException(file + " has format version " + h.getInt(4) + "; this JFlow reads versions 1 and "
          + VERSION + ": open it with the JFlow that wrote it, or load a DUMP of that index (load_path)");
    }
    if (h.getLong(8) != base.size() || h.getInt(16) != base.crc()) {
      LOG.log(System.Logger.Level.INFO, "{0} continues an older {1}, which already holds its records; starting it again",
          file, VectorFile.NAME);
      return false;
    }
    long at = HEADER;
    ByteBuffer frame = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    while (at < end) {
      long left = end - at;
      String bad = null;
      boolean followed = false; // more bytes after a bad frame whose length is plausible: damage
      byte[] payload = null;
      if (left < 8) {
        bad = "a frame header of " + left + " bytes";
      } else {
        in.readFully(frame.array());
        int n = frame.getInt(0);
        if (n <= 0 || n > MAX_FRAME || n > left - 8) {
          bad = "a frame claiming " + n + " bytes with " + (left - 8) + " left";
        } else {
          payload = new byte[n];
          in.readFully(payload);
          if (crc(payload, 0, n) != frame.getInt(4)) {
            bad = "a frame of " + n + " bytes whose checksum does not match";
            followed = 8L + n < left; // an append cut short ends the file: this one does not
          }
        }
      }
      if (bad != null) {
        cutTornTail(at, end, bad, followed);
        return true;
      }
      applyAll(payload, into, at);
      at += 8 + payload.length;
    }
    size = end;
    return true;
  }

  /** Cuts the log at {@code at} when nothing good follows (a torn append); else fails: the log is damaged. */
  private void cutTornTail(long at, long end, String bad, boolean followed) throws IOException {
    long left = end - at;
    if (followed || left > MAX_FRAME + 8L || goodFrameWithin(at, end)) {
      throw CheckedFile.damaged(file, bad + " at byte " + at + ", followed by more records (damage, not a torn append)");
    }
    LOG.log(System.Logger.Level.WARNING, "{0} ends with {1} at byte {2} (an append cut short, never acknowledged): "
        + "cutting the last {3} bytes off", file, bad, at, left);
    channel.truncate(at);
    channel.force(true);
    size = at;
  }

  /**
   * Whether a whole frame with a matching checksum (and a known first change) starts anywhere after
   * {@code at}: the file is read a window at a time, and checksums are computed as they are read.
   */
  private boolean goodFrameWithin(long at, long end) throws IOException {
    ByteBuffer window = ByteBuffer.allocate(SCAN_WINDOW + 9).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    for (long from = at + 1; from + 9 <= end; from += SCAN_WINDOW) {
      window.clear().limit((int) Math.min(window.capacity(), end - from));
      while (window.hasRemaining() && channel.read(window, from + window.position()) >= 0) {
        // fills the window
      }
      int got = window.position();
      for (int i = 0; i < SCAN_WINDOW && i + 9 <= got; i++) {
        long q = from + i;
        int n = window.getInt(i);
        byte op = window.get(i + 8);
        if (n > 0 && n <= MAX_FRAME && n <= end - q - 8 && (op == PUT || op == DELETE)
            && crcOf(q + 8, n, chunk) == window.getInt(i + 4)) {
          return true;
        }
      }
    }
    return false;
  }

  private int crcOf(long from, int n, ByteBuffer chunk) throws IOException {
    CRC32 c = new CRC32();
    long at = from;
    long stop = from + n;
    while (at < stop) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), stop - at));
      int read = channel.read(chunk, at);
      if (read < 0) {
        break;
      }
      chunk.flip();
      c.update(chunk);
      at += read;
    }
    return (int) c.getValue();
  }

  /** Applies the changes of one frame, in order. */
  private void applyAll(byte[] payload, VectorStore into, long at) {
    ByteBuffer p = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    while (p.hasRemaining()) {
      apply(p, into, at);
    }
  }

  private void apply(ByteBuffer p, VectorStore into, long at) {
    try {
      byte op = p.get();
      String id = string(p);
      if (op == DELETE) {
        into.remove(id);
      } else if (op == PUT) {
        int dim = p.getInt();
        if (dim < 0 || dim > p.remaining() / 4) {
          throw new IllegalArgumentException("a vector of " + dim + " dimensions");
        }
        float[] v = new float[dim];
        p.asFloatBuffer().get(v);
        p.position(p.position() + dim * 4);
        int docBytes = p.getInt();
        dev.jflow.api.Document doc = null;
        if (docBytes >= 0) {
          byte[] record = new byte[docBytes];
          p.get(record);
          doc = DocumentRecord.decode(record, file + " (document '" + id + "' at byte " + at + ")");
        }
        into.put(id, v, 0, dim, doc);
      } else {
        throw new IllegalArgumentException("operation " + op);
      }
    } catch (RuntimeException e) {
      if (e instanceof dev.jflow.api.FlowException) {
        throw e;
      }
      throw CheckedFile.damaged(file, "the frame at byte " + at + " cannot be applied (" + e.getMessage() + ")");
    }
  }

  private static String string(ByteBuffer p) {
    int n = p.getInt();
    if (n < 0 || n > p.remaining()) {
      throw new IllegalArgumentException("an id of " + n + " bytes");
    }
    String s = new String(p.array(), p.position(), n, StandardCharsets.UTF_8);
    p.position(p.position() + n);
    return s;
  }

  /**
   * Starts the log again, empty, continuing {@code base}: a new header moved over the old file. When
   * that fails the log is left unstarted, and the next append tries again before it writes.
   */
  void reset(Base base) throws IOException {
    this.base = base;
    close();
    ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    h.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).putLong(base.size()).putInt(base.crc());
    Workspace.writeAtomically(file, out -> out.write(h.array())); // the directory is forced too
    FileChannel started = FileChannel.open(file, StandardOpenOption.WRITE);
    size = HEADER;
    channel = started;
  }

  /** Bytes in the log, header included. */
  long size() {
    return size;
  }

  /**
   * Appends {@code records} as one frame and forces it to disk (unless fsync is off). On failure the
   * log is cut back to where it was, so a failed append never leaves half a frame before later ones.
   */
  void append(Records records) {
    if (records.length() == 0) {
      return;
    }
    if (channel == null) { // a reset failed: the old log continues an older snapshot, so start it now
      try {
        reset(base);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + file + " again after saving " + VectorFile.NAME + ": "
            + e.getMessage() + "; the change is in memory only and is saved with the next snapshot (close or DUMP); "
            + "free the disk or fix the directory's permissions", e);
      }
    }
    long before = size;
    ByteBuffer b = records.frame();
    int length = b.remaining();
    try {
      while (b.hasRemaining()) {
        channel.write(b, before + b.position());
      }
      if (fsync) {
        channel.force(false);
      }
      size = before + length;
    } catch (IOException e) {
      try {
        channel.truncate(before);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage()
          + "; the change is in memory and is saved with the next snapshot (close or DUMP)", e);
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  static int crc(byte[] b, int from, int n) {
    CRC32 c = new CRC32();
    c.update(b, from, n);
    return (int) c.getValue();
  }

  /** The changes of one request being gathered for one append: one frame, checksummed, little-endian. */
  static final class Records {
    private static final int INITIAL = 1 << 12;
    private static final int KEPT = 1 << 20; // a bigger buffer (one huge request's) is let go on clear
    private ByteBuffer buf = ByteBuffer.allocate(INITIAL).order(ByteOrder.LITTLE_ENDIAN);

    Records() {
      buf.position(8);
    }

    /** Empties the buffer for the next request (shrinking it back after a huge one). */
    void clear() {
      if (buf.capacity() > KEPT) {
        buf = ByteBuffer.allocate(INITIAL).order(ByteOrder.LITTLE_ENDIAN);
      }
      buf.clear().position(8);
    }

    /** Bytes of changes gathered (the frame's payload); 0 when there are none. */
    int length() {
      return buf.position() - 8;
    }

    /** Buffer capacity, for tests. */
    int capacity() {
      return buf.capacity();
    }

    /** The frame of the changes gathered: its length, checksum and payload, ready to write. */
    ByteBuffer frame() {
      int n = length();
      buf.putInt(0, n).putInt(4, crc(buf.array(), 8, n));
      return ByteBuffer.wrap(buf.array(), 0, n + 8);
    }

    /** A put of {@code id}'s vector and kept document record (or null). */
    void put(String id, float[] vector, int from, int dim, byte[] document) {
      byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
      ensure(checkSize(id, dim, document));
      buf.put(PUT).putInt(idBytes.length).put(idBytes).putInt(dim);
      buf.asFloatBuffer().put(vector, from, dim);
      buf.position(buf.position() + dim * 4);
      if (document == null) {
        buf.putInt(-1);
      } else {
        buf.putInt(document.length).put(document);
      }
    }

    /**
     * The bytes of a put.
     *
     * @throws IllegalArgumentException naming the id when the record would exceed the log's limit
     */
    static int checkSize(String id, int dim, byte[] document) {
      long n = 1 + 4 + (long) id.length() * 3 + 4 + 4L * dim + 4 + (document == null ? 0 : document.length);
      if (n > MAX_RECORD) {
        throw new IllegalArgumentException("document '" + id + "' needs up to " + n + " bytes in the vectors log, more than "
            + "its " + MAX_RECORD + "-byte limit; keep smaller documents (keep_documents: false keeps only the vector)");
      }
      return 1 + 4 + id.getBytes(StandardCharsets.UTF_8).length + 4 + 4 * dim + 4 + (document == null ? 0 : document.length);
    }

    /** A delete of {@code id}. */
    void delete(String id) {
      byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
      ensure(1 + 4 + idBytes.length);
      buf.put(DELETE).putInt(idBytes.length).put(idBytes);
    }

    private void ensure(int more) {
      if (buf.remaining() < more) {
        long want = Math.max(buf.capacity() * 2L, (long) buf.position() + more);
        if ((long) buf.position() + more > MAX_FRAME + 8L) {
          throw new IllegalArgumentException("one request's changes exceed the vectors log's " + MAX_FRAME
              + "-byte limit for a request; send smaller requests");
        }
        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(want, MAX_FRAME + 8L)).order(ByteOrder.LITTLE_ENDIAN);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
    }
  }
}
