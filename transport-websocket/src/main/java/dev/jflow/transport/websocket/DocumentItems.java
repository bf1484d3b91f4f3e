package dev.jflow.transport.websocket;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The items of a request body's {@code data} as documents: a JSON object is the proto3 JSON of a
 * DocumentProto (keys that are not DocumentProto fields go into {@code tags}, as Jina does; a Jina-style
 * {@code content} string is read like a plain item), a string is a text document, and a data URI
 * ({@code data:<mime>;base64,...}) is a document holding its bytes in {@code buffer} with its
 * {@code mime_type}.
 */
final class DocumentItems {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final Set<String> FIELDS = new HashSet<>();

  static {
    for (FieldDescriptor f : DocumentProto.getDescriptor().getFields()) {
      FIELDS.add(f.getName());
      FIELDS.add(f.getJsonName());
    }
  }

  private DocumentItems() {}

  /**
   * The binary content one call's documents may hold together: the bytes decoded from data URIs and
   * from the base64 of {@code buffer}s and array buffers (chunks and matches included) count against the
   * gateway's maxMessageSize. Not thread-safe; one per call.
   */
  static final class Budget {
    private final long maxBytes;
    private long used;

    Budget(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    void charge(String at, long bytes) {
      used += bytes;
      if (used > maxBytes) {
        throw new FlowException(Status.Code.RESOURCE_EXHAUSTED, at + " brings the call's binary content (data URIs, buffers, "
            + "blobs and embeddings) to " + used + " bytes, over the gateway's maxMessageSize of " + maxBytes
            + " bytes; send fewer documents per call");
      }
    }
  }

  /**
   * The document item {@code at} describes; {@code mimeType} (the body's, may be empty) fills in
   * documents that name none. Its binary content is charged to {@code budget}.
   *
   * @throws FlowException INVALID_ARGUMENT naming the item and what is wrong with it; RESOURCE_EXHAUSTED
   *     when its binary content takes the call over its budget
   */
  static DocumentProto document(Object item, String at, String mimeType, Budget budget) {
    DocumentProto.Builder d = DocumentProto.newBuilder();
    if (item instanceof String) {
      content(d, (String) item, at);
    } else if (item instanceof Map) {
      object(d, (Map<?, ?>) item, at);
    } else {
      throw bad(at, "must be a document object, a string or a data URI, got " + describe(item));
    }
    if (d.getMimeType().isEmpty() && !mimeType.isEmpty()) {
      d.setMimeType(mimeType);
    }
    DocumentProto doc = d.build();
    budget.charge(at, binaryBytes(doc));
    return doc;
  }

  /** The bytes of {@code d}'s buffer and arrays, with its chunks' and matches'. */
  private static long binaryBytes(DocumentProto d) {
    long n = d.getBuffer().size() + arrayBytes(d.getBlob()) + arrayBytes(d.getEmbedding());
    for (DocumentProto c : d.getChunksList()) {
      n += binaryBytes(c);
    }
    for (DocumentProto m : d.getMatchesList()) {
      n += binaryBytes(m);
    }
    return n;
  }

  private static long arrayBytes(NdArrayProto a) {
    return a.getDense().getBuffer().size() + a.getSparse().getIndices().getBuffer().size() + a.getSparse().getValues().getBuffer().size();
  }

  /**
   * The document id item {@code at} names: a string, or an object with a string {@code id}.
   *
   * @throws FlowException INVALID_ARGUMENT naming the item
   */
  static String id(Object item, String at) {
    Object id = item instanceof Map ? ((Map<?, ?>) item).get("id") : item;
    if (id instanceof String && !((String) id).isEmpty()) {
      return (String) id;
    }
    throw bad(at, "must be a document id (a non-empty string, or an object with one in \"id\"), got " + describe(item));
  }

  private static void content(DocumentProto.Builder d, String s, String at) {
    if (DataUri.is(s)) {
      try {
        DataUri uri = DataUri.parse(s);
        d.setBuffer(ByteString.copyFrom(uri.bytes())).setMimeType(uri.mimeType());
      } catch (IllegalArgumentException e) {
        throw bad(at, "is a data URI, but " + e.getMessage());
      }
    } else {
      d.setText(s);
    }
  }

  private static void object(DocumentProto.Builder d, Map<?, ?> json, String at) {
    Map<String, Object> known = new LinkedHashMap<>();
    Map<String, Object> extra = new LinkedHashMap<>();
    Object content = null;
    for (Map.Entry<?, ?> e : json.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.equals("content")) {
        content = e.getValue();
      } else if (FIELDS.contains(key)) {
        known.put(key, e.getValue());
      } else {
        extra.put(key, e.getValue());
      }
    }
    try {
      PARSER.merge(JsonWriter.write(known), d);
      if (!extra.isEmpty()) {
        Struct.Builder tags = Struct.newBuilder();
        PARSER.merge(JsonWriter.write(extra), tags);
        d.getTagsBuilder().putAllFields(tags.getFieldsMap());
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw bad(at, "is not a valid Document: " + e.getMessage());
    }
    if (content instanceof String) {
      content(d, (String) content, at + ".content");
    } else if (content != null) {
      throw bad(at + ".content", "must be a string (text or a data URI), got " + describe(content));
    }
  }

  private static FlowException bad(String at, String problem) {
    return new FlowException(Status.Code.INVALID_ARGUMENT, at + " " + problem);
  }

  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof java.util.List) {
      return "an array";
    }
    if (v instanceof String) {
      return "the string \"" + CloseCodes.truncate((String) v) + "\"";
    }
    return (v instanceof Boolean ? "the boolean " : "the number ") + v;
  }
}
