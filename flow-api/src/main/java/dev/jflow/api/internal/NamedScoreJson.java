package dev.jflow.api.internal;

import dev.jflow.api.NamedScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts scores to and from the proto3 JSON form of Jina's NamedScoreProto. */
final class NamedScoreJson {
  private static final List<String> FIELDS = List.of("value", "op_name", "description", "operands", "ref_id");

  private NamedScoreJson() {}

  /**
   * The score described by {@code value}; absent fields take their defaults.
   *
   * @throws IllegalArgumentException naming {@code path} when the value is malformed
   */
  static NamedScore fromJson(Object value, String path) {
    float score = 0;
    String opName = "";
    String description = "";
    String refId = "";
    List<NamedScore> operands = List.of();
    for (Map.Entry<String, Object> e : JsonValues.fields(value, path, FIELDS).entrySet()) {
      String at = JsonValues.path(path, e.getKey());
      switch (e.getKey()) {
        case "value" -> score = JsonValues.float32(e.getValue(), at);
        case "op_name" -> opName = JsonValues.string(e.getValue(), at);
        case "description" -> description = JsonValues.string(e.getValue(), at);
        case "operands" -> operands = list(e.getValue(), at);
        default -> refId = JsonValues.string(e.getValue(), at);
      }
    }
    return new NamedScore(score, opName, description, operands, refId);
  }

  /** The scores in a JSON array. */
  static List<NamedScore> list(Object value, String path) {
    List<?> list = JsonValues.list(value, path);
    List<NamedScore> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(fromJson(list.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /** The JSON form of {@code score}, leaving out default values as proto3 JSON does. */
  static Map<String, Object> toJson(NamedScore score) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (Float.compare(score.value(), 0f) != 0) {
      out.put("value", JsonValues.number(score.value()));
    }
    putIfSet(out, "op_name", score.opName());
    putIfSet(out, "description", score.description());
    if (!score.operands().isEmpty()) {
      out.put("operands", toJson(score.operands()));
    }
    putIfSet(out, "ref_id", score.refId());
    return out;
  }

  /** The JSON forms of {@code scores}. */
  static List<Object> toJson(List<NamedScore> scores) {
    List<Object> out = new ArrayList<>(scores.size());
    scores.forEach(s -> out.add(toJson(s)));
    return out;
  }

  private static void putIfSet(Map<String, Object> out, String key, String value) {
    if (!value.isEmpty()) {
      out.put(key, value);
    }
  }
}
