package dev.jflow.transport.websocket;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Json;
import dev.jflow.proto.DecodeLimits;
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
 * {@code request_size} items (0 or less: one request). Everything is checked before anything runs, and
 * the size of a call is bounded before it is expanded (see {@link #parse(RequestType, String, int, int)}).
 */
final class HttpBody {
  static final int DEFAULT_REQUEST_SIZE = 100;
  /** The most {@code data} items one HTTP call may hold, unless the gateway passes another limit. */
  static final int MAX_ITEMS = 100_000;

  private HttpBody() {}

  /** {@link #parse(RequestType, String, int, int)} with {@link #MAX_ITEMS} and the default 64 MiB maxMessageSize. */
  static List<Request> parse(RequestType type, String json) {
    return parse(type, json, MAX_ITEMS, DecodeLimits.DEFAULT_MAX_MESSAGE_SIZE);
  }

  /**
   * The requests {@code json} describes for a call of {@code type}. The number of {@code data} items is
   * checked against {@code maxItems} before the body is parsed or expanded; the binary content decoded
   * from base64 and data URIs adds up against {@code maxMessageSize}; each request is decoded within
   * {@link DecodeLimits#forMessageSize(int)}.
   *
   * @throws FlowException INVALID_ARGUMENT saying what is wrong and where; RESOURCE_EXHAUSTED naming
   *     the limit when the call is over one
   */
  static List<Request> parse(RequestType type, String json, int maxItems, int maxMessageSize) {
    long counted = JsonScan.dataItems(json);
    if (counted > maxItems) {
      throw tooMany(counted, maxItems);
    }
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
    if (items.size() > maxItems) {
      throw tooMany(items.size(), maxItems);
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
    DecodeLimits limits = DecodeLimits.forMessageSize(maxMessageSize);
    DocumentItems.Budget budget = new DocumentItems.Budget(maxMessageSize);
    List<Request> requests = new ArrayList<>();
    for (int from = 0; from < items.size(); from += per) {
      int to = Math.min(items.size(), from + per);
      RequestProto proto = batch(type, items, from, to, mimeType, template.clone().setRequestId(UUID.randomUUID().toString()), budget);
      try {
        requests.add(ProtoCodec.decodeRequest(proto, limits));
      } catch (FlowException e) {
        throw new FlowException(e.code(), "data[" + from + ".." + (to - 1) + "]: " + e.status().description());
      }
    }
    return requests;
  }

  private static FlowException tooMany(long items, int maxItems) {
    return new FlowException(Status.Code.RESOURCE_EXHAUSTED, "\"data\" has " + items + " items; the limit is " + maxItems
        + " per call; send fewer per call or use request_size to cut them into requests over several calls");
  }

  private static RequestProto batch(RequestType type, List<?> items, int from, int to, String mimeType, RequestProto.Builder b,
      DocumentItems.Budget budget) {
    switch (type) {
      case INDEX: {
        RequestProto.IndexRequestProto.Builder body = b.getIndexBuilder();
        for (int i = from; i < to; i++) {
          body.addDocs(DocumentItems.document(items.get(i), "data[" + i + "]", mimeType, budget));
        }
        break;
      }
      case SEARCH: {
        RequestProto.SearchRequestProto.Builder body = b.getSearchBuilder();
        for (int i = from; i < to; i++) {
          body.addDocs(DocumentItems.document(items.get(i), "data[" + i + "]", mimeType, budget));
        }
        break;
      }
      case UPDATE: {
        RequestProto.UpdateRequestProto.Builder body = b.getUpdateBuilder();
        for (int i = from; i < to; i++) {
          body.addDocs(DocumentItems.document(items.get(i), "data[" + i + "]", mimeType, budget));
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

  /** Counts a body's {@code data} items without parsing it, so that an oversized call is refused before it is expanded. */
  static final class JsonScan {
    private JsonScan() {}

    /**
     * The number of elements of the array under the top-level key {@code "data"}, counted in one pass
     * that allocates nothing; -1 when there is none or the text is not well formed enough to tell
     * (the parser then reports what is wrong).
     */
    static long dataItems(String json) {
      int depth = 0;
      boolean expectKey = false;
      for (int i = 0; i < json.length(); i++) {
        char c = json.charAt(i);
        if (c == '"') {
          int end = stringEnd(json, i);
          if (end < 0) {
            return -1;
          }
          if (depth == 1 && expectKey) {
            expectKey = false;
            if (json.regionMatches(i, "\"data\"", 0, 6) && end == i + 5) {
              int at = skipSpace(json, end + 1);
              if (at < json.length() && json.charAt(at) == ':') {
                at = skipSpace(json, at + 1);
                return at < json.length() && json.charAt(at) == '[' ? elements(json, at + 1) : -1;
              }
            }
          }
          i = end;
        } else if (c == '{' || c == '[') {
          depth++;
          expectKey = depth == 1 && c == '{';
        } else if (c == '}' || c == ']') {
          depth--;
        } else if (c == ',' && depth == 1) {
          expectKey = true;
        }
      }
      return -1;
    }

    /** Counts the elements of the array whose content starts at {@code from}. */
    private static long elements(String json, int from) {
      int depth = 0;
      long commas = 0;
      boolean any = false;
      for (int i = from; i < json.length(); i++) {
        char c = json.charAt(i);
        if (c == '"') {
          i = stringEnd(json, i);
          if (i < 0) {
            return -1;
          }
          any = true;
        } else if (c == '{' || c == '[') {
          depth++;
          any = true;
        } else if (c == '}' || c == ']') {
          if (depth == 0) {
            return any ? commas + 1 : 0;
          }
          depth--;
        } else if (c == ',') {
          if (depth == 0) {
            commas++;
          }
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          any = true;
        }
      }
      return -1;
    }

    /** The index of the quote closing the string that opens at {@code open}, or -1. */
    private static int stringEnd(String json, int open) {
      for (int i = open + 1; i < json.length(); i++) {
        char c = json.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          return i;
        }
      }
      return -1;
    }

    private static int skipSpace(String json, int i) {
      while (i < json.length() && " \t\n\r".indexOf(json.charAt(i)) >= 0) {
        i++;
      }
      return i;
    }
  }
}
