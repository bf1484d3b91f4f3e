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
 * version                   int32, 1
 * base size, base crc       int64, int32: the snapshot this log continues (-1, 0 without one)
 * records, each:            int32 n (payload bytes, 1 .. 256 MiB), int32 CRC-32 of the payload, the payload
 * payload                   byte op (1 put, 2 delete), int32 n + UTF-8 id, and for a put: int32 dim,
 *                           dim float32, int32 n or -1 + a {@link DocumentRecord} (the kept document)
 * </pre>
 * The header is written atomically (a temporary sibling moved into place), so it is whole or absent.
 * A log whose base is not the snapshot on disk was written before that snapshot was saved (a save cut
 * short between writing the snapshot and starting a new log) and is already in it: it is dropped.
 * Replay is idempotent (puts and deletes by id), so even a log replayed twice gives the same index.
 * A bad record at the end (an append cut short) is cut off and reported; a bad record followed by a
 * good one is damage, refused with an {@link IllegalStateException} naming the file. A request's
 * records go out in one write, so a killed process leaves whole requests; a machine that loses power
 * mid-append may leave the first records of an unacknowledged request, which replay applies.
 */
final class VectorLog implements Closeable {
  static final String NAME = "vectors.log";
  private static final System.Logger LOG = System.getLogger(VectorLog.class.getName());
  private static final String MAGIC = "JFVL";
  private static final int VERSION = 1;
  private static final int HEADER = 20;
  static final int MAX_RECORD = 256 << 20;
  private static final byte PUT = 1;
  private static final byte DELETE = 2;

  private final Path file;
  private final boolean fsync;
  private FileChannel channel;
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
    if (h.getInt(4) != VERSION) {
      throw new IllegalStateException(file + " has format version " + h.getInt(4) + "; this JFlow reads version " + VERSION);
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
      byte[] payload = null;
      if (left < 8) {
        bad = "a record frame of " + left + " bytes";
      } else {
        in.readFully(frame.array());
        int n = frame.getInt(0);
        if (n <= 0 || n > MAX_RECORD || n > left - 8) {
          bad = "a record claiming " + n + " bytes with " + (left - 8) + " left";
        } else {
          payload = new byte[n];
          in.readFully(payload);
          if (crc(payload, 0, n) != frame.getInt(4)) {
            bad = "a record of " + n + " bytes whose checksum does not match";
          }
        }
      }
      if (bad != null) {
        cutTornTail(at, end, bad);
        return true;
      }
      apply(payload, into, at);
      at += 8 + payload.length;
    }
    size = end;
    return true;
  }

  /** Cuts the log at {@code at} when nothing good follows (a torn append); else fails: the log is damaged. */
  private void cutTornTail(long at, long end, String bad) throws IOException {
    long left = end - at;
    if (left > MAX_RECORD + 8L || goodRecordWithin(at, end)) {
      throw CheckedFile.damaged(file, bad + " at byte " + at + ", followed by more records (damage, not a torn append)");
    }
    LOG.log(System.Logger.Level.WARNING, "{0} ends with {1} at byte {2} (an append cut short, never acknowledged): "
        + "cutting the last {3} bytes off", file, bad, at, left);
    channel.truncate(at);
    channel.force(true);
    size = at;
  }

  /** Whether a whole record with a matching checksum starts anywhere after {@code at}. */
  private boolean goodRecordWithin(long at, long end) throws IOException {
    int n = (int) (end - at);
    ByteBuffer tail = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    while (tail.hasRemaining() && channel.read(tail, at + tail.position()) >= 0) {
      // reads the rest of the file
    }
    byte[] b = tail.array();
    for (int q = 1; q + 8 < n; q++) {
      int len = tail.getInt(q);
      if (len > 0 && len <= n - q - 8 && crc(b, q + 8, len) == tail.getInt(q + 4)) {
        return true;
      }
    }
    return false;
  }

  private void apply(byte[] payload, VectorStore into, long at) {
    ByteBuffer p = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
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
      throw CheckedFile.damaged(file, "the record at byte " + at + " cannot be applied (" + e.getMessage() + ")");
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

  /** Starts the log again, empty, continuing {@code base}: a new header moved over the old file. */
  void reset(Base base) throws IOException {
    close();
    ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    h.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).putLong(base.size()).putInt(base.crc());
    Workspace.writeAtomically(file, out -> out.write(h.array()));
    channel = FileChannel.open(file, StandardOpenOption.WRITE);
    size = HEADER;
    channel.position(size);
  }

  /** Bytes in the log, header included. */
  long size() {
    return size;
  }

  /**
   * Appends {@code records} and forces them to disk (unless fsync is off). On failure the log is cut back
   * to where it was, so a failed append never leaves half a record before later ones.
   */
  void append(Records records) {
    if (records.length() == 0) {
      return;
    }
    long before = size;
    try {
      ByteBuffer b = ByteBuffer.wrap(records.bytes(), 0, records.length());
      while (b.hasRemaining()) {
        channel.write(b, before + b.position());
      }
      if (fsync) {
        channel.force(false);
      }
      size = before + records.length();
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

  /** Log records being gathered for one append: framed, checksummed, little-endian. */
  static final class Records {
    private ByteBuffer buf = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);

    void clear() {
      buf.clear();
    }

    int length() {
      return buf.position();
    }

    byte[] bytes() {
      return buf.array();
    }

    /** A put of {@code id}'s vector and kept document record (or null). */
    void put(String id, float[] vector, int from, int dim, byte[] document) {
      byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
      int start = begin(checkSize(id, dim, document));
      buf.put(PUT).putInt(idBytes.length).put(idBytes).putInt(dim);
      buf.asFloatBuffer().put(vector, from, dim);
      buf.position(buf.position() + dim * 4);
      if (document == null) {
        buf.putInt(-1);
      } else {
        buf.putInt(document.length).put(document);
      }
      end(start);
    }

    /**
     * The payload bytes of a put.
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
      int start = begin(1 + 4 + idBytes.length);
      buf.put(DELETE).putInt(idBytes.length).put(idBytes);
      end(start);
    }

    private int begin(int payload) {
      if (buf.remaining() < payload + 8) {
        long want = Math.max(buf.capacity() * 2L, (long) buf.position() + payload + 8);
        if (want > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("one request's changes exceed " + (Integer.MAX_VALUE - 8)
              + " bytes of the vectors log; send smaller requests");
        }
        ByteBuffer bigger = ByteBuffer.allocate((int) want).order(ByteOrder.LITTLE_ENDIAN);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
      int start = buf.position();
      buf.position(start + 8);
      return start;
    }

    private void end(int start) {
      int n = buf.position() - start - 8;
      buf.putInt(start, n).putInt(start + 4, crc(buf.array(), start + 8, n));
    }
  }
}
