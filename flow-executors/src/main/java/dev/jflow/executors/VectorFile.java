package dev.jflow.executors;

import dev.jflow.api.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code vectors.bin} format of {@link VectorIndexer}'s workspace and dumps, a {@link CheckedFile}
 * (little-endian):
 * <pre>
 * "JFVI"                    4 bytes, magic
 * version                   int32, 1
 * flags                     int32, bit 0: a documents section follows the vectors
 * dim                       int32
 * count                     int32
 * count x (int32 n, n bytes of UTF-8)       the ids, row order
 * count x dim float32                        the vectors as given (not normalized), row-major
 * [count x (int32 n or -1, n bytes)]         the kept documents, as {@link DocumentRecord}s
 * crc32                     int32 over every byte before it
 * </pre>
 * Files are written to a temporary sibling and moved into place, so a reader sees the old file or the
 * new one; a torn or altered file fails its checksum and is refused with a message naming it. A file
 * whose documents an older JFlow wrote (document record format 1) is refused as {@link DocumentRecord}
 * says.
 */
final class VectorFile {
  static final String NAME = "vectors.bin";
  private static final String MAGIC = "JFVI";
  private static final int VERSION = 1;
  private static final int HAS_DOCUMENTS = 1;
  private static final int MAX_ID_BYTES = 1 << 20;

  private VectorFile() {}

  /** What a file is written from: rows visited in the same order on every pass, so an index can stream them. */
  interface Rows {
    /** The vectors' dimension, or -1 when there are none. */
    int dim();

    /** Whether any row may have a kept document (rows without one are written as absent). */
    boolean hasDocuments();

    /** Calls {@code visitor} with each row, in the same order on every call. */
    void forEach(Visitor visitor) throws IOException;
  }

  /** One row, valid during its visit only. */
  interface Row {
    String id() throws IOException;

    /** Copies the vector (as given, not normalized) into {@code into}, {@code dim} values from 0. */
    void vector(float[] into) throws IOException;

    /** The kept document as a {@link DocumentRecord}, or null. */
    byte[] document() throws IOException;
  }

  /** Visits a row. */
  @FunctionalInterface
  interface Visitor {
    void visit(Row row) throws IOException;
  }

  /** Writes the rows of {@code store} whose id falls in dump part {@code part} of {@code parts} (all rows when parts is 1). */
  static void write(Path file, VectorStore store, int part, int parts) throws IOException {
    write(file, new StoreRows(store), part, parts);
  }

  /** Writes the rows whose id falls in dump part {@code part} of {@code parts}, in four passes over {@code rows}. */
  static void write(Path file, Rows rows, int part, int parts) throws IOException {
    int dim = Math.max(0, rows.dim());
    int[] selected = {0};
    rows.forEach(r -> {
      if (parts == 1 || Workspace.part(r.id(), parts) == part) {
        selected[0]++;
      }
    });
    int count = selected[0];
    int flags = rows.hasDocuments() ? HAS_DOCUMENTS : 0;
    CheckedFile.write(file, MAGIC, VERSION, out -> {
      out.i32(flags);
      out.i32(dim);
      out.i32(count);
      rows.forEach(r -> {
        if (parts == 1 || Workspace.part(r.id(), parts) == part) {
          out.string(r.id());
        }
      });
      float[] row = new float[dim];
      rows.forEach(r -> {
        if (parts == 1 || Workspace.part(r.id(), parts) == part) {
          r.vector(row);
          out.floats(row, 0, dim);
        }
      });
      if ((flags & HAS_DOCUMENTS) != 0) {
        rows.forEach(r -> {
          if (parts == 1 || Workspace.part(r.id(), parts) == part) {
            byte[] d = r.document();
            if (d == null) {
              out.i32(-1);
            } else {
              out.sized(d);
            }
          }
        });
      }
    });
  }

  /** The rows of a {@link VectorStore}. */
  private static final class StoreRows implements Rows, Row {
    private final VectorStore store;
    private int row;

    StoreRows(VectorStore store) {
      this.store = store;
    }

    @Override
    public int dim() {
      return store.dim();
    }

    @Override
    public boolean hasDocuments() {
      for (int r = 0; r < store.size(); r++) {
        if (store.document(r) != null) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void forEach(Visitor visitor) throws IOException {
      for (row = 0; row < store.size(); row++) {
        visitor.visit(this);
      }
    }

    @Override
    public String id() {
      return store.id(row);
    }

    @Override
    public void vector(float[] into) {
      store.copyVector(row, into, 0);
    }

    @Override
    public byte[] document() {
      Document d = store.document(row);
      return d == null ? null : DocumentRecord.encode(d);
    }
  }

  /**
   * What {@code dumps} hold, as their names, sizes and trailing CRC-32s tell (the checksum of each whole
   * {@code vectors.bin}): the same dump, wherever it was copied, gives the same value.
   */
  static String fingerprint(List<Path> dumps) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path f : dumps) {
      VectorLog.Base of = VectorLog.Base.of(f);
      b.append(f.getFileName()).append(' ').append(of.size()).append(' ').append(Integer.toHexString(of.crc())).append('\n');
    }
    return b.toString();
  }

  /**
   * Adds every vector of {@code file} to {@code into}. On failure {@code into} holds part of the file:
   * load into a fresh store and discard it then.
   *
   * @throws IllegalStateException naming the file when it is damaged or not a vectors file
   * @throws dev.jflow.api.FlowException FAILED_PRECONDITION naming the file when an older JFlow wrote it
   */
  static void read(Path file, VectorStore into) throws IOException {
    long fileSize = Files.size(file);
    CheckedFile.read(file, MAGIC, VERSION, in -> {
      int flags = in.i32();
      int dim = in.i32();
      int count = in.i32();
      if (dim < 0 || count < 0 || (long) dim * count > Integer.MAX_VALUE - 8 || count > fileSize / 4) {
        throw in.damaged("its header claims " + count + " vectors of " + dim + " dimensions");
      }
      String[] ids = new String[count];
      for (int i = 0; i < count; i++) {
        ids[i] = in.string(MAX_ID_BYTES);
      }
      float[] row = new float[dim];
      for (int i = 0; i < count; i++) {
        in.floats(row, 0, dim);
        into.put(ids[i], row, 0, dim, null);
      }
      if ((flags & HAS_DOCUMENTS) != 0) {
        int max = (int) Math.min(Integer.MAX_VALUE - 8, fileSize);
        for (int i = 0; i < count; i++) {
          byte[] record = in.sized(max);
          if (record != null) {
            into.document(ids[i], DocumentRecord.decode(record, file + " (document '" + ids[i] + "')"));
          }
        }
      }
      return null;
    });
  }
}
