package dev.jflow.proto;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.proto.jina.QueryLangProto;
import java.util.List;

/**
 * The {@code top_k} of a search as Jina 1.x clients send it: {@code queryset} entries
 * {@code VectorSearchDriver{top_k: k}} and {@code SliceQL{end: k}} (priority 1).
 */
final class Queryset {
  static final String VECTOR_SEARCH = "VectorSearchDriver";
  static final String SLICE = "SliceQL";

  private Queryset() {}

  /** The two entries a Jina client adds for {@code search(top_k=k)}. */
  static List<QueryLangProto> forTopK(int k) {
    return List.of(entry(SLICE, "end", k), entry(VECTOR_SEARCH, "top_k", k));
  }

  private static QueryLangProto entry(String name, String key, int k) {
    return QueryLangProto.newBuilder().setName(name).setPriority(1)
        .setParameters(Struct.newBuilder().putFields(key, Value.newBuilder().setNumberValue(k).build())).build();
  }

  /**
   * Puts {@code top_k} into {@code parameters} from the queryset unless a plain parameter set it:
   * VectorSearchDriver's {@code top_k} first, then SliceQL's {@code end}. Disabled entries are ignored.
   */
  static void readTopK(List<QueryLangProto> queryset, JsonMap parameters) {
    if (parameters.containsKey(Request.TOP_K)) {
      return;
    }
    Double k = find(queryset, VECTOR_SEARCH, "top_k");
    if (k == null) {
      k = find(queryset, SLICE, "end");
    }
    if (k != null) {
      parameters.put(Request.TOP_K, k);
    }
  }

  private static Double find(List<QueryLangProto> queryset, String name, String key) {
    for (QueryLangProto q : queryset) {
      if (!q.getDisabled() && q.getName().equals(name)) {
        Value v = q.getParameters().getFieldsOrDefault(key, null);
        if (v != null && v.getKindCase() == Value.KindCase.NUMBER_VALUE) {
          return v.getNumberValue();
        }
      }
    }
    return null;
  }
}
