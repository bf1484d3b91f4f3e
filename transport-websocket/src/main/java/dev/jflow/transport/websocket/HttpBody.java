package dev.jflow.transport.websocket;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Json;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.QueryLangProto;
import dev.jflow.proto.jina.RequestProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON body of a CRUD call, as Jina's REST gateway takes it: {@code {"data": [...], "request_size":
 * 100, "mime_type": "", "top_k": k, "queryset": [...], "parameters": {...}}}, cut into requests of
 * {@code request_size} items (0 or less: one request). Everything is checked before anything runs.
 */
final class HttpBody {
  static final int DEFAULT_REQUEST_SIZE = 100;

  private HttpBody() {}

  /**
   * The requests {@code json} describes for a call of {@code type}.
   *
   * @throws FlowException INVALID_ARGUMENT saying what is wrong and where
   */
  static List<Request> parse(RequestType type, String json) {
    Map<?, ?> body = object(json);
    Object data = body.get("data");
    if (!(data instanceof List)) {
      throw bad("\"data\" must be an array of " + (type == RequestType.DELETE ? "document ids" : "documents, strings or data URIs")
          + ", got " + DocumentItems.describe(data) + "; send {\"data\": [...]}");
    }
    List<?> items = (List<?>) data;
    if (items.isEmpty()) {
      throw bad("\"data\" is empty; send at least one item");
    }
    int size = (int) number(body, "request_size", DEFAULT_REQUEST_SIZE);
    String mimeType = string(body, "mime_type");
    RequestProto.Builder template = RequestProto.newBuilder();
    queryset(body, template);
    parameters(body, template);
    if (body.get("top_k") != null) {
      long k = number(body, "top_k", 0);
      if (k < 1) {
        throw bad("\"top_k\" must be at least 1, got " + body.get("top_k"));
      }
      template.getParametersBuilder().putFields(Request.TOP_K, com.google.protobuf.Value.newBuilder().setNumberValue(k).build());
    }
    int per = size <= 0 ? items.size() : size;
    List<Request> requests = new ArrayList<>();
    for (int from = 0; from < items.size(); from += per) {
      int to = Math.min(items.size(), from + per);
      RequestProto proto = batch(type, items, from, to, mimeType, template.clone().setRequestId(UUID.randomUUID().toString()));
      try {
        requests.add(ProtoCodec.decodeRequest(proto));
      } catch (FlowException e) {
        throw bad("data[" + from + ".." + (to - 1) + "]: " + e.status().description());
      }
    }
    return requests;
  }

  private static RequestProto batch(RequestType type, List<?> items, int from, int to, String mimeType, RequestProto.Builder b) {
    switch (type) {
      case INDEX: {
        RequestProto.IndexRequestProto.Builder body = b.getIndexBuilder();
        for (int i = from; i < to; i++) {
          body.addDocs(DocumentItems.document(items.get(i), "data[" + i + "]", mimeType));
        }
        break;
      }
      case SEARCH: {
        RequestProto.SearchRequestProto.Builder body = b.getSearchBuilder();
        for (int i = from; i < to; i++) {
          body.addDocs(DocumentItems.document(items.get(i), "data[" + i + "]", mimeType));
        }
        break;
      }
      case UPDATE: {
        RequestProto.UpdateRequestProto.Builder body = b.getUpdateBuilder();
        for (int i = from; i < to; i++) {
          body.addDocs(DocumentItems.document(items.get(i), "data[" + i + "]", mimeType));
        }
        break;
      }
      case DELETE: {
        RequestProto.DeleteRequestProto.Builder body = b.getDeleteBuilder();
        for (int i = from; i < to; i++) {
          body.addIds(DocumentItems.id(items.get(i), "data[" + i + "]"));
        }
        break;
      }
      default:
        throw new IllegalArgumentException("no HTTP body for " + type);
    }
    return b.build();
  }

  /** The JSON object {@code json} holds. */
  static Map<?, ?> object(String json) {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw bad("the body is not valid JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map)) {
      throw bad("the body must be a JSON object such as {\"data\": [...]}, got " + DocumentItems.describe(parsed));
    }
    return (Map<?, ?>) parsed;
  }

  private static long number(Map<?, ?> body, String key, long fallback) {
    Object v = body.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Double) || (Double) v != Math.rint((Double) v)) {
      throw bad("\"" + key + "\" must be a whole number, got " + DocumentItems.describe(v));
    }
    return ((Double) v).longValue();
  }

  static String string(Map<?, ?> body, String key) {
    Object v = body.get(key);
    if (v == null) {
      return "";
    }
    if (!(v instanceof String)) {
      throw bad("\"" + key + "\" must be a string, got " + DocumentItems.describe(v));
    }
    return (String) v;
  }

  private static void queryset(Map<?, ?> body, RequestProto.Builder b) {
    Object q = body.get("queryset");
    if (q == null) {
      return;
    }
    if (!(q instanceof List)) {
      throw bad("\"queryset\" must be an array of QueryLang objects, got " + DocumentItems.describe(q));
    }
    List<?> entries = (List<?>) q;
    for (int i = 0; i < entries.size(); i++) {
      QueryLangProto.Builder ql = QueryLangProto.newBuilder();
      try {
        JsonFormat.parser().merge(JsonWriter.write(entries.get(i)), ql);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        throw bad("queryset[" + i + "] is not a QueryLang object {name, parameters, disabled, priority}: " + e.getMessage());
      }
      b.addQueryset(ql);
    }
  }

  private static void parameters(Map<?, ?> body, RequestProto.Builder b) {
    Object p = body.get("parameters");
    if (p == null) {
      return;
    }
    if (!(p instanceof Map)) {
      throw bad("\"parameters\" must be an object, got " + DocumentItems.describe(p));
    }
    try {
      JsonFormat.parser().merge(JsonWriter.write(p), b.getParametersBuilder());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw bad("\"parameters\" is not a JSON object: " + e.getMessage());
    }
  }

  private static FlowException bad(String problem) {
    return new FlowException(Status.Code.INVALID_ARGUMENT, problem);
  }
}
