package dev.jflow.api.internal;

import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts documents to and from the proto3 JSON form of Jina's DocumentProto: proto field names
 * ({@code mime_type}), bytes as base64, arrays as NdArrayProto ({@code {"dense": {...}}}), scores as
 * NamedScoreProto. Reading also accepts lowerCamelCase names ({@code mimeType}) and treats null as unset.
 * flow-api may not use protobuf, so this is a second reader of that JSON, for {@code Inputs.ndjson}:
 * flow-proto's {@code NdjsonAgreementTest} checks that it reads a line as protobuf's JsonFormat does.
 */
final class DocumentJson {
  /** The proto field names of a document, in the order {@link #toJson(Document)} writes them. */
  static final List<String> FIELDS = List.of("id", "text", "buffer", "blob", "embedding", "chunks", "matches",
      "weight", "uri", "mime_type", "tags", "granularity", "level_name", "parent_id", "location", "offset",
      "score", "modality", "adjacency", "evaluations", "content_hash", "siblings");
  private static final List<String> CONTENT = List.of("text", "buffer", "blob");

  private DocumentJson() {}

  /**
   * The document a JSON object describes; absent fields keep their defaults (a missing id gets a fresh UUID).
   *
   * @throws IllegalArgumentException naming the field (e.g. {@code chunks[0].weight}) when a key is
   *     unknown, a value has the wrong type, or more than one of text, buffer and blob is set
   */
  static Document fromJson(Map<String, ?> json) {
    return read(json, "");
  }

  /** Like {@link #fromJson(Map)} for any parsed JSON value; {@code path} prefixes field names in errors. */
  static Document read(Object json, String path) {
    Map<String, Object> fields = JsonValues.fields(json, path, FIELDS);
    List<String> contents = new ArrayList<>(CONTENT);
    contents.retainAll(fields.keySet());
    if (contents.size() > 1) {
      throw new IllegalArgumentException((path.isEmpty() ? "a document" : "'" + path + "'")
          + " may hold only one of text, buffer and blob, but sets " + String.join(" and ", contents));
    }
    Document d = new Document();
    fields.forEach((name, value) -> set(d, name, value, JsonValues.path(path, name)));
    return d;
  }

  private static void set(Document d, String field, Object v, String at) {
    switch (field) {
      case "id" -> d.id(JsonValues.string(v, at));
      case "text" -> d.text(JsonValues.string(v, at));
      case "buffer" -> d.buffer(JsonValues.bytes(v, at));
      case "blob" -> {
        NdArray blob = NdArrayJson.fromJson(v, at);
        if (blob != null) {
          d.blob(blob);
        }
      }
      case "embedding" -> d.embedding(NdArrayJson.fromJson(v, at));
      case "chunks" -> d.chunks().addAll(documents(v, at));
      case "matches" -> d.matches().addAll(documents(v, at));
      case "weight" -> d.weight(JsonValues.float32(v, at));
      case "uri" -> d.uri(JsonValues.string(v, at));
      case "mime_type" -> d.mimeType(JsonValues.string(v, at));
      case "tags" -> d.tags(JsonValues.object(v, at));
      case "granularity" -> d.granularity(JsonValues.uint32(v, at));
      case "level_name" -> d.levelName(JsonValues.string(v, at));
      case "parent_id" -> d.parentId(JsonValues.string(v, at));
      case "location" -> d.location(NdArrayJson.uints(v, at));
      case "offset" -> d.offset(JsonValues.uint32(v, at));
      case "score" -> d.score(NamedScoreJson.fromJson(v, at));
      case "modality" -> d.modality(JsonValues.string(v, at));
      case "adjacency" -> d.adjacency(JsonValues.uint32(v, at));
      case "evaluations" -> d.evaluations().addAll(NamedScoreJson.list(v, at));
      case "content_hash" -> d.contentHash(JsonValues.string(v, at));
      case "siblings" -> d.siblings(JsonValues.uint32(v, at));
      default -> throw new IllegalStateException("field '" + field + "' is listed but not read");
    }
  }

  private static List<Document> documents(Object value, String path) {
    List<?> list = JsonValues.list(value, path);
    List<Document> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(read(list.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /**
   * The proto3 JSON form of {@code d} with proto field names: the id always, other fields only when
   * they differ from their defaults. Numbers are Doubles (non-finite floats the strings "NaN",
   * "Infinity", "-Infinity"), as {@link Json#parse} would read them back.
   */
  static Map<String, Object> toJson(Document d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    switch (d.contentType()) {
      case TEXT -> m.put("text", d.text());
      case BUFFER -> m.put("buffer", Base64.getEncoder().encodeToString(d.buffer()));
      case BLOB -> m.put("blob", NdArrayJson.toJson(d.blob()));
      default -> { }
    }
    if (d.embedding() != null) {
      m.put("embedding", NdArrayJson.toJson(d.embedding()));
    }
    putList(m, "chunks", d.chunks());
    putList(m, "matches", d.matches());
    if (Float.compare(d.weight(), 0f) != 0) {
      m.put("weight", JsonValues.number(d.weight()));
    }
    putString(m, "uri", d.uri());
    putString(m, "mime_type", d.mimeType());
    if (!d.tags().isEmpty()) {
      m.put("tags", d.tags().copy());
    }
    putInt(m, "granularity", d.granularity());
    putString(m, "level_name", d.levelName());
    putString(m, "parent_id", d.parentId());
    if (d.location().length > 0) {
      m.put("location", NdArrayJson.toJson(d.location()));
    }
    putInt(m, "offset", d.offset());
    if (d.score() != null) {
      m.put("score", NamedScoreJson.toJson(d.score()));
    }
    putString(m, "modality", d.modality());
    putInt(m, "adjacency", d.adjacency());
    if (!d.evaluations().isEmpty()) {
      m.put("evaluations", NamedScoreJson.toJson(d.evaluations()));
    }
    putString(m, "content_hash", d.contentHash());
    putInt(m, "siblings", d.siblings());
    return m;
  }

  private static void putList(Map<String, Object> m, String key, List<Document> docs) {
    if (!docs.isEmpty()) {
      List<Object> out = new ArrayList<>(docs.size());
      docs.forEach(doc -> out.add(toJson(doc)));
      m.put(key, out);
    }
  }

  private static void putString(Map<String, Object> m, String key, String value) {
    if (!value.isEmpty()) {
      m.put(key, value);
    }
  }

  private static void putInt(Map<String, Object> m, String key, int value) {
    if (value != 0) {
      m.put(key, (double) value);
    }
  }
}
