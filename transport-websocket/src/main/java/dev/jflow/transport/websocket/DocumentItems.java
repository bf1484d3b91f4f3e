package dev.jflow.transport.websocket;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.internal.JsonSpan;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.RequestProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The items of a request body's {@code data} as documents: a JSON object is the proto3 JSON of a
 * DocumentProto (keys that are not DocumentProto fields go into {@code tags}, as Jina does; a Jina-style
 * {@code content} string is read like a plain item), a string is a text document, and a data URI
 * ({@code data:<mime>;base64,...}) is a document holding its bytes in {@code buffer} with its
 * {@code mime_type}. An object's text goes to protobuf's {@code JsonFormat} as it was sent.
 */
final class DocumentItems {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final Set<String> FIELDS = new HashSet<>();
  private static final String DOCS = "{\"docs\":[";

  static {
    for (FieldDescriptor f : DocumentProto.getDescriptor().getFields()) {
      FIELDS.add(f.getName());
      FIELDS.add(f.getJsonName());
    }
  }

  private DocumentItems() {}

  /**
   * The documents of items {@code from} to {@code to} (exclusive), in order; {@code mimeType} (the
   * body's, may be empty) fills in documents that name none, and their binary content is charged to
   * {@code budget}. The objects among them are parsed by one {@code JsonFormat} call rather than one
   * each (a call costs some 5 KB of garbage, however small its text); if that fails, the items are read
   * one by one, so that the error names the first bad item, as it would have anyway.
   *
   * @throws FlowException INVALID_ARGUMENT naming the item ({@code data[i]}) and what is wrong with it;
   *     RESOURCE_EXHAUSTED when its binary content takes the call over its budget
   */
  static List<DocumentProto> documents(List<JsonSpan> items, int from, int to, String mimeType, ContentBudget budget) {
    List<Item> split = new ArrayList<>(to - from);
    RequestProto.IndexRequestProto.Builder parsed = RequestProto.IndexRequestProto.newBuilder();
    ListValue.Builder tags = ListValue.newBuilder();
    try {
      StringBuilder known = new StringBuilder(DOCS);
      StringBuilder extra = new StringBuilder("[");
      for (int i = from; i < to; i++) {
        Item item = Item.of(items.get(i), at(i));
        split.add(item);
        if (item.text == null) {
          known.append(known.length() > DOCS.length() ? "," : "").append(item.known);
          if (item.extra != null) {
            extra.append(extra.length() > 1 ? "," : "").append(item.extra);
          }
        }
      }
      if (known.length() > DOCS.length()) {
        PARSER.merge(known.append("]}").toString(), parsed);
      }
      if (extra.length() > 1) {
        PARSER.merge(extra.append(']').toString(), tags);
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      List<DocumentProto> docs = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        docs.add(document(items.get(i), at(i), mimeType, budget));
      }
      return docs;
    }
    List<DocumentProto> docs = new ArrayList<>(to - from);
    int object = 0;
    int extra = 0;
    for (int i = from; i < to; i++) {
      Item item = split.get(i - from);
      DocumentProto.Builder d = item.text == null ? parsed.getDocsBuilder(object++) : DocumentProto.newBuilder();
      Struct t = item.extra == null ? null : tags.getValues(extra++).getStructValue();
      docs.add(finish(d, item, t, at(i), mimeType, budget));
    }
    return docs;
  }

  private static String at(int i) {
    return "data[" + i + "]";
  }

  /**
   * The document item {@code at} describes, read on its own; see {@link #documents}.
   *
   * @throws FlowException INVALID_ARGUMENT naming the item and what is wrong with it; RESOURCE_EXHAUSTED
   *     when its binary content takes the call over its budget
   */
  static DocumentProto document(JsonSpan span, String at, String mimeType, ContentBudget budget) {
    Item item = Item.of(span, at);
    DocumentProto.Builder d = DocumentProto.newBuilder();
    Struct tags = null;
    if (item.text == null) {
      try {
        PARSER.merge(item.known, d);
        if (item.extra != null) {
          Struct.Builder t = Struct.newBuilder();
          PARSER.merge(item.extra, t);
          tags = t.build();
        }
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        throw bad(at, "is not a valid Document: " + e.getMessage());
      }
    }
    return finish(d, item, tags, at, mimeType, budget);
  }

  /** Adds an item's tags and content to the document parsed from its fields, and the body's MIME type; charges its bytes. */
  private static DocumentProto finish(DocumentProto.Builder d, Item item, Struct tags, String at, String mimeType, ContentBudget budget) {
    if (tags != null) {
      d.getTagsBuilder().putAllFields(tags.getFieldsMap());
    }
    if (item.text != null) {
      content(d, item.text, at);
    } else {
      Object c = plain(item.content);
      if (c instanceof String) {
        content(d, (String) c, at + ".content");
      } else if (c != null) {
        throw bad(at + ".content", "must be a string (text or a data URI), got " + describe(c));
      }
    }
    if (d.getMimeType().isEmpty() && !mimeType.isEmpty()) {
      d.setMimeType(mimeType);
    }
    DocumentProto doc = d.build();
    budget.charge(at, doc);
    return doc;
  }

  /**
   * One item, split for JsonFormat: a string item's value; or an object's DocumentProto fields, as
   * sent, its other keys (they become tags, as Jina does) and its Jina-style {@code content}.
   */
  private static final class Item {
    String text;
    String known;
    String extra;
    JsonSpan content;

    static Item of(JsonSpan span, String at) {
      Item item = new Item();
      if (span.isString()) {
        item.text = (String) span.value();
        return item;
      }
      if (!span.isObject()) {
        throw bad(at, "must be a document object, a string or a data URI, got " + describe(span));
      }
      StringBuilder known = new StringBuilder("{");
      StringBuilder extra = new StringBuilder("{");
      for (JsonSpan.Member m : members(span, at)) {
        if (m.key().equals("content")) {
          item.content = m.value();
        } else {
          StringBuilder to = FIELDS.contains(m.key()) ? known : extra;
          to.append(to.length() > 1 ? "," : "").append(m.text());
        }
      }
      boolean allKnown = item.content == null && extra.length() == 1;
      item.known = allKnown ? span.text() : known.append('}').toString();
      item.extra = extra.length() == 1 ? null : extra.append('}').toString();
      return item;
    }
  }

  /**
   * The document id item {@code at} names: a string, or an object with a string {@code id}.
   *
   * @throws FlowException INVALID_ARGUMENT naming the item
   */
  static String id(JsonSpan item, String at) {
    Object id = !item.isObject() ? plain(item)
        : members(item, at).stream().filter(m -> m.key().equals("id")).findFirst().map(m -> plain(m.value())).orElse(null);
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

  private static List<JsonSpan.Member> members(JsonSpan object, String at) {
    try {
      return object.members();
    } catch (IllegalArgumentException e) {
      throw bad(at, "is not valid JSON: " + e.getMessage());
    }
  }

  /**
   * A value as {@link #describe(Object)} and the checks take it: null when absent or JSON null, the
   * built value of a string, number or boolean, and the span itself for an array or object (never built).
   */
  static Object plain(JsonSpan v) {
    return v == null ? null : v.isObject() || v.isArray() ? v : v.value();
  }

  private static FlowException bad(String at, String problem) {
    return new FlowException(Status.Code.INVALID_ARGUMENT, at + " " + problem);
  }

  /** A short description of a value for error messages, e.g. {@code the number 7.0} or {@code an object}. */
  static String describe(Object v) {
    if (v instanceof JsonSpan) {
      JsonSpan span = (JsonSpan) v;
      v = span.isObject() ? Map.of() : span.isArray() ? List.of() : span.value();
    }
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof String) {
      return "the string \"" + CloseCodes.truncate((String) v) + "\"";
    }
    return (v instanceof Boolean ? "the boolean " : "the number ") + v;
  }
}
