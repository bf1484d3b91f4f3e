package dev.jflow.executors;

import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.JsonMap;
import dev.jflow.api.NamedScore;
import dev.jflow.api.NdArray;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The compact binary form of a {@link Document} that the indexers store. A record is a CRC-32 of the
 * rest (int32, big-endian), a format byte ({@value #VERSION}), then the document: its id, an int32 mask of
 * the fields that are set, and those fields in declaration order. Integers are unsigned LEB128 varints
 * (zig-zag for signed values), strings are a varint byte count and UTF-8, arrays are the numpy dtype name, shape
 * and their little-endian bytes as {@link NdArray} holds them, tags are typed JSON values. Chunks and
 * matches nest recursively. A record whose checksum fails is reported, never decoded.
 */
final class DocumentBinary {
  static final int VERSION = 1;

  private static final int TEXT = 1;
  private static final int BUFFER = 1 << 1;
  private static final int BLOB = 1 << 2;
  private static final int EMBEDDING = 1 << 3;
  private static final int CHUNKS = 1 << 4;
  private static final int MATCHES = 1 << 5;
  private static final int TAGS = 1 << 6;
  private static final int SCORE = 1 << 7;
  private static final int EVALUATIONS = 1 << 8;
  private static final int MIME_TYPE = 1 << 9;
  private static final int URI = 1 << 10;
  private static final int GRANULARITY = 1 << 11;
  private static final int ADJACENCY = 1 << 12;
  private static final int PARENT_ID = 1 << 13;
  private static final int LEVEL_NAME = 1 << 14;
  private static final int WEIGHT = 1 << 15;
  private static final int MODALITY = 1 << 16;
  private static final int LOCATION = 1 << 17;
  private static final int OFFSET = 1 << 18;
  private static final int CONTENT_HASH = 1 << 19;
  private static final int SIBLINGS = 1 << 20;

  private DocumentBinary() {}

  /** The record of {@code d}: checksum, format byte, document. */
  static byte[] encode(Document d) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(0);
      out.writeByte(VERSION);
      write(out, d);
      out.flush();
      byte[] record = bytes.toByteArray();
      CRC32 crc = new CRC32();
      crc.update(record, 4, record.length - 4);
      ByteBuffer.wrap(record).putInt(0, (int) crc.getValue());
      return record;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not fail
    }
  }

  /**
   * Checks the checksum and format of {@code record} without decoding it.
   *
   * @throws IllegalStateException naming {@code where} when it fails
   */
  static void check(byte[] record, String where) {
    if (record == null || record.length < 5) {
      throw new IllegalStateException(where + " is damaged: the record is too short");
    }
    CRC32 crc = new CRC32();
    crc.update(record, 4, record.length - 4);
    if (ByteBuffer.wrap(record).getInt(0) != (int) crc.getValue()) {
      throw new IllegalStateException(where + " is damaged: its checksum does not match (a torn or altered record)");
    }
    if (record[4] != VERSION) {
      throw new IllegalStateException(where + " has record format " + record[4] + "; this JFlow reads format " + VERSION);
    }
  }

  /**
   * The document in {@code record}.
   *
   * @param where names the record in errors (store and key)
   * @throws IllegalStateException when the checksum fails or the record is malformed
   */
  static Document decode(byte[] record, String where) {
    check(record, where);
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(record, 5, record.length - 5));
      Document d = read(in);
      if (in.available() != 0) {
        throw new IOException(in.available() + " bytes follow the document");
      }
      return d;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(where + " is damaged: " + e.getMessage(), e);
    }
  }

  private static void write(DataOutputStream out, Document d) throws IOException {
    int mask = 0;
    switch (d.contentType()) {
      case TEXT: mask |= TEXT; break;
      case BUFFER: mask |= BUFFER; break;
      case BLOB: mask |= BLOB; break;
      default: break;
    }
    mask |= d.embedding() != null ? EMBEDDING : 0;
    mask |= d.chunks().isEmpty() ? 0 : CHUNKS;
    mask |= d.matches().isEmpty() ? 0 : MATCHES;
    mask |= d.tags().isEmpty() ? 0 : TAGS;
    mask |= d.score() != null ? SCORE : 0;
    mask |= d.evaluations().isEmpty() ? 0 : EVALUATIONS;
    mask |= d.mimeType().isEmpty() ? 0 : MIME_TYPE;
    mask |= d.uri().isEmpty() ? 0 : URI;
    mask |= d.granularity() == 0 ? 0 : GRANULARITY;
    mask |= d.adjacency() == 0 ? 0 : ADJACENCY;
    mask |= d.parentId().isEmpty() ? 0 : PARENT_ID;
    mask |= d.levelName().isEmpty() ? 0 : LEVEL_NAME;
    mask |= d.weight() == 0f ? 0 : WEIGHT;
    mask |= d.modality().isEmpty() ? 0 : MODALITY;
    mask |= d.location().length == 0 ? 0 : LOCATION;
    mask |= d.offset() == 0 ? 0 : OFFSET;
    mask |= d.contentHash().isEmpty() ? 0 : CONTENT_HASH;
    mask |= d.siblings() == 0 ? 0 : SIBLINGS;

    string(out, d.id());
    varint(out, mask);
    if ((mask & TEXT) != 0) {
      string(out, d.text());
    }
    if ((mask & BUFFER) != 0) {
      varint(out, d.buffer().length);
      out.write(d.buffer());
    }
    if ((mask & BLOB) != 0) {
      array(out, d.blob());
    }
    if ((mask & EMBEDDING) != 0) {
      array(out, d.embedding());
    }
    if ((mask & CHUNKS) != 0) {
      documents(out, d.chunks());
    }
    if ((mask & MATCHES) != 0) {
      documents(out, d.matches());
    }
    if ((mask & TAGS) != 0) {
      value(out, d.tags());
    }
    if ((mask & SCORE) != 0) {
      score(out, d.score());
    }
    if ((mask & EVALUATIONS) != 0) {
      varint(out, d.evaluations().size());
      for (NamedScore s : d.evaluations()) {
        score(out, s);
      }
    }
    optionalString(out, mask, MIME_TYPE, d.mimeType());
    optionalString(out, mask, URI, d.uri());
    optionalInt(out, mask, GRANULARITY, d.granularity());
    optionalInt(out, mask, ADJACENCY, d.adjacency());
    optionalString(out, mask, PARENT_ID, d.parentId());
    optionalString(out, mask, LEVEL_NAME, d.levelName());
    if ((mask & WEIGHT) != 0) {
      out.writeFloat(d.weight());
    }
    optionalString(out, mask, MODALITY, d.modality());
    if ((mask & LOCATION) != 0) {
      int[] loc = d.location();
      varint(out, loc.length);
      for (int l : loc) {
        signed(out, l);
      }
    }
    optionalInt(out, mask, OFFSET, d.offset());
    optionalString(out, mask, CONTENT_HASH, d.contentHash());
    optionalInt(out, mask, SIBLINGS, d.siblings());
  }

  private static Document read(DataInputStream in) throws IOException {
    Document d = Document.withId(string(in));
    int mask = varint(in);
    if ((mask & TEXT) != 0) {
      d.text(string(in));
    }
    if ((mask & BUFFER) != 0) {
      d.buffer(raw(in, varint(in)));
    }
    if ((mask & BLOB) != 0) {
      d.blob(array(in));
    }
    if ((mask & EMBEDDING) != 0) {
      d.embedding(array(in));
    }
    if ((mask & CHUNKS) != 0) {
      d.chunks().addAll(documents(in));
    }
    if ((mask & MATCHES) != 0) {
      d.matches().addAll(documents(in));
    }
    if ((mask & TAGS) != 0) {
      Object tags = value(in);
      if (!(tags instanceof Map)) {
        throw new IOException("tags are not a map");
      }
      d.tags((JsonMap) tags);
    }
    if ((mask & SCORE) != 0) {
      d.score(score(in));
    }
    if ((mask & EVALUATIONS) != 0) {
      for (int i = 0, n = varint(in); i < n; i++) {
        d.evaluations().add(score(in));
      }
    }
    if ((mask & MIME_TYPE) != 0) {
      d.mimeType(string(in));
    }
    if ((mask & URI) != 0) {
      d.uri(string(in));
    }
    if ((mask & GRANULARITY) != 0) {
      d.granularity(signed(in));
    }
    if ((mask & ADJACENCY) != 0) {
      d.adjacency(signed(in));
    }
    if ((mask & PARENT_ID) != 0) {
      d.parentId(string(in));
    }
    if ((mask & LEVEL_NAME) != 0) {
      d.levelName(string(in));
    }
    if ((mask & WEIGHT) != 0) {
      d.weight(in.readFloat());
    }
    if ((mask & MODALITY) != 0) {
      d.modality(string(in));
    }
    if ((mask & LOCATION) != 0) {
      int[] loc = new int[count(in)];
      for (int i = 0; i < loc.length; i++) {
        loc[i] = signed(in);
      }
      d.location(loc);
    }
    if ((mask & OFFSET) != 0) {
      d.offset(signed(in));
    }
    if ((mask & CONTENT_HASH) != 0) {
      d.contentHash(string(in));
    }
    if ((mask & SIBLINGS) != 0) {
      d.siblings(signed(in));
    }
    return d;
  }

  private static void documents(DataOutputStream out, List<Document> docs) throws IOException {
    varint(out, docs.size());
    for (Document c : docs) {
      write(out, c);
    }
  }

  private static List<Document> documents(DataInputStream in) throws IOException {
    int n = count(in);
    List<Document> docs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      docs.add(read(in));
    }
    return docs;
  }

  private static void array(DataOutputStream out, NdArray a) throws IOException {
    string(out, a.dtype().numpyName());
    int[] shape = a.shape();
    varint(out, shape.length);
    for (int s : shape) {
      varint(out, s);
    }
    byte[] b = a.toByteArray();
    varint(out, b.length);
    out.write(b);
  }

  private static NdArray array(DataInputStream in) throws IOException {
    DType dtype = DType.parse(string(in));
    int[] shape = new int[count(in)];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = varint(in);
    }
    return NdArray.wrap(dtype, ByteBuffer.wrap(raw(in, varint(in))).order(ByteOrder.LITTLE_ENDIAN), shape);
  }

  private static void score(DataOutputStream out, NamedScore s) throws IOException {
    out.writeFloat(s.value());
    string(out, s.opName());
    string(out, s.description());
    varint(out, s.operands().size());
    for (NamedScore o : s.operands()) {
      score(out, o);
    }
    string(out, s.refId());
  }

  private static NamedScore score(DataInputStream in) throws IOException {
    float value = in.readFloat();
    String op = string(in);
    String description = string(in);
    int n = count(in);
    List<NamedScore> operands = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      operands.add(score(in));
    }
    return new NamedScore(value, op, description, operands, string(in));
  }

  // JSON-like values: 0 null, 1 false, 2 true, 3 number (float64), 4 string, 5 list, 6 map
  private static void value(DataOutputStream out, Object v) throws IOException {
    if (v == null) {
      out.writeByte(0);
    } else if (v instanceof Boolean) {
      out.writeByte((Boolean) v ? 2 : 1);
    } else if (v instanceof Double) {
      out.writeByte(3);
      out.writeDouble((Double) v);
    } else if (v instanceof String) {
      out.writeByte(4);
      string(out, (String) v);
    } else if (v instanceof List) {
      out.writeByte(5);
      List<?> list = (List<?>) v;
      varint(out, list.size());
      for (Object o : list) {
        value(out, o);
      }
    } else {
      out.writeByte(6);
      Map<?, ?> map = (Map<?, ?>) v;
      varint(out, map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        string(out, (String) e.getKey());
        value(out, e.getValue());
      }
    }
  }

  private static Object value(DataInputStream in) throws IOException {
    int t = in.readUnsignedByte();
    switch (t) {
      case 0: return null;
      case 1: return Boolean.FALSE;
      case 2: return Boolean.TRUE;
      case 3: return in.readDouble();
      case 4: return string(in);
      case 5: {
        int n = count(in);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(value(in));
        }
        return list;
      }
      case 6: {
        JsonMap m = new JsonMap();
        for (int i = 0, n = count(in); i < n; i++) {
          m.put(string(in), value(in));
        }
        return m;
      }
      default: throw new IOException("unknown value type " + t);
    }
  }

  private static void optionalString(DataOutputStream out, int mask, int bit, String s) throws IOException {
    if ((mask & bit) != 0) {
      string(out, s);
    }
  }

  private static void optionalInt(DataOutputStream out, int mask, int bit, int v) throws IOException {
    if ((mask & bit) != 0) {
      signed(out, v);
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(out, b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    return new String(raw(in, varint(in)), StandardCharsets.UTF_8);
  }

  private static byte[] raw(DataInputStream in, int n) throws IOException {
    if (n < 0 || n > in.available()) {
      throw new IOException("a field claims " + n + " bytes but " + in.available() + " remain");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** A count of items, each at least one byte, so a damaged count cannot ask for a huge list. */
  private static int count(DataInputStream in) throws IOException {
    int n = varint(in);
    if (n < 0 || n > in.available()) {
      throw new IOException("a list claims " + n + " items but " + in.available() + " bytes remain");
    }
    return n;
  }

  private static void signed(DataOutputStream out, int v) throws IOException {
    varint(out, (v << 1) ^ (v >> 31));
  }

  private static int signed(DataInputStream in) throws IOException {
    int z = varint(in);
    return (z >>> 1) ^ -(z & 1);
  }

  private static void varint(DataOutputStream out, int v) throws IOException {
    while ((v & ~0x7F) != 0) {
      out.writeByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  private static int varint(DataInputStream in) throws IOException {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("a varint runs past 5 bytes");
  }
}
