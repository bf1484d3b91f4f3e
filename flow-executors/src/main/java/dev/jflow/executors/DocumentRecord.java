package dev.jflow.executors;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.DocumentProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * A stored document, as the indexers keep it: a CRC-32 of the rest (int32, big-endian), the record
 * format byte ({@value #FORMAT}), then the document's {@code DocumentProto} bytes, encoded and decoded
 * by flow-proto's codec as on the wire. The checksum is there because MVStore does not checksum values:
 * a record whose checksum fails is reported, never decoded. Format 1, the private binary form of JFlow
 * before this one, is refused with a {@link FlowException} saying so.
 */
final class DocumentRecord {
  static final int FORMAT = 2;
  private static final int HEADER = 5;

  private DocumentRecord() {}

  /** The record of {@code d}: checksum, format byte, DocumentProto. */
  static byte[] encode(Document d) {
    DocumentProto p = ProtoCodec.encode(d);
    int size = p.getSerializedSize();
    byte[] record = new byte[HEADER + size];
    record[4] = FORMAT;
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(record, HEADER, size);
      p.writeTo(out);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an array of the serialized size does not fail
    }
    ByteBuffer.wrap(record).putInt(0, crc(record));
    return record;
  }

  /**
   * Checks the checksum and format of {@code record} without decoding it.
   *
   * @throws IllegalStateException naming {@code where} when the record is damaged or of a newer format
   * @throws FlowException FAILED_PRECONDITION naming {@code where} when an older JFlow wrote it
   */
  static void check(byte[] record, String where) {
    if (record == null || record.length < HEADER) {
      throw new IllegalStateException(where + " is damaged: the record is too short");
    }
    if (ByteBuffer.wrap(record).getInt(0) != crc(record)) {
      throw new IllegalStateException(where + " is damaged: its checksum does not match (a torn or altered record)");
    }
    checkFormat(record, where);
  }

  /**
   * Fails when {@code record} is intact but not of format {@value #FORMAT}; a damaged record is left to
   * {@link #decode} to report. A store checks its first record so that an old store fails on open.
   */
  static void checkFormat(byte[] record, String where) {
    if (record == null || record.length < HEADER || record[4] == FORMAT || ByteBuffer.wrap(record).getInt(0) != crc(record)) {
      return;
    }
    if (record[4] > 0 && record[4] < FORMAT) {
      throw new FlowException(Status.Code.FAILED_PRECONDITION, where + " was written by an older JFlow in document record format "
          + record[4] + "; this JFlow reads format " + FORMAT + " (DocumentProto) only and leaves the store untouched: index "
          + "the documents again into a new workspace, or load a dump this version wrote (load_path)");
    }
    throw new IllegalStateException(where + " has document record format " + record[4] + "; this JFlow reads format " + FORMAT
        + " (written by a newer JFlow?)");
  }

  /**
   * The document in {@code record}.
   *
   * @param where names the record in errors (store and key)
   * @throws IllegalStateException when the checksum fails or the record is malformed
   * @throws FlowException FAILED_PRECONDITION when an older JFlow wrote it
   */
  static Document decode(byte[] record, String where) {
    check(record, where);
    try {
      return ProtoCodec.decodeDocument(DocumentProto.parseFrom(ByteBuffer.wrap(record, HEADER, record.length - HEADER)));
    } catch (InvalidProtocolBufferException | FlowException e) {
      throw new IllegalStateException(where + " is damaged: " + e.getMessage(), e);
    }
  }

  private static int crc(byte[] record) {
    CRC32 crc = new CRC32();
    crc.update(record, 4, record.length - 4);
    return (int) crc.getValue();
  }
}
