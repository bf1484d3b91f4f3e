package dev.jflow.transport.websocket;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Json;
import dev.jflow.api.internal.JsonSpan;
import dev.jflow.proto.DecodeLimits;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.QueryLangProto;
import dev.jflow.proto.jina.RequestProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON body of a CRUD call, as Jina's REST gateway takes it: {@code {"data": [...], "request_size":
 * 100, "mime_type": "", "top_k": k, "queryset": [...], "parameters": {...}}}, cut into requests of
 * {@code request_size} items (0 or less: one request). Everything is checked before anything runs, and
 * the size of a call is bounded before it is expanded (see {@link #parse(RequestType, String, int, int)}).
 *
 * <p>The body is not one proto message (its items may be strings, and a document's unknown keys become
 * tags), so it is read in two steps: the envelope with the JDK reader {@link Json#skim}, which checks the
 * whole text and counts the items without building anything, then each item's own text with protobuf's
 * {@code JsonFormat} (through {@link DocumentItems}), the same parser as every other proto3 JSON.
 */
final class HttpBody {
  static final int DEFAULT_REQUEST_SIZE = 100;
  /** The most {@code data} items one HTTP call may hold, unless the gateway passes another limit. */
  static final int MAX_ITEMS = 100_000;
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private HttpBody() {}

  /** {@link #parse(RequestType, String, int, int)} with {@link #MAX_ITEMS} and the default 64 MiB maxMessageSize. */
  static List<Request> parse(RequestType type, String json) {
    return parse(type, json, MAX_ITEMS, DecodeLimits.DEFAULT_MAX_MESSAGE_SIZE);
  }

  /**
   * The requests {@code json} describes for a call of {@code type}. The number of {@code data} items is
   * checked against {@code maxItems} as soon as the {@code data} array has been read, before any item is
   * expanded; the binary content decoded from base64 and data URIs adds up against {@code maxMessageSize};
   * each request is decoded within {@link DecodeLimits#forMessageSize(int)}.
   *
   * @throws FlowException INVALID_ARGUMENT saying what is wrong and where; RESOURCE_EXHAUSTED naming
   *     the limit when the call is over one
   */
  static List<Request> parse(RequestType type, String json, int maxItems, int maxMessageSize) {
    Map<String, JsonSpan> body = envelope(json, maxItems);
    JsonSpan data = body.get("data");
    if (data == null || !data.isArray()) {
      throw bad("\"data\" must be an array of " + (type == RequestType.DELETE ? "document ids" : "documents, strings or data URIs")
          + ", got " + DocumentItems.describe(data) + "; send {\"data\": [...]}");
    }
    if (data.size() == 0) {
      throw bad("\"data\" is empty; send at least one item");
    }
    int size = (int) number(body, "request_size", DEFAULT_REQUEST_SIZE);
    String mimeType = string(body, "mime_type");
    RequestProto.Builder template = RequestProto.newBuilder();
    queryset(body, template);
    parameters(body, template);
    Object topK = DocumentItems.plain(body.get("top_k"));
    if (topK != null) {
      long k = number(body, "top_k", 0);
      if (k < 1) {
        throw bad("\"top_k\" must be at least 1, got " + topK);
      }
      template.getParametersBuilder().putFields(Request.TOP_K, com.google.protobuf.Value.newBuilder().setNumberValue(k).build());
    }
    List<JsonSpan> items = data.elements();
    int per = size <= 0 ? items.size() : size;
    DecodeLimits limits = DecodeLimits.forMessageSize(maxMessageSize);
    ContentBudget budget = new ContentBudget(maxMessageSize);
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

  /**
   * The members of the body's object, each where it is in {@code json}. The whole text is checked, but
   * nothing is built for the items; the number of {@code data} items is checked against
   * {@code maxItems} as soon as the {@code data} array has been read, before what follows it.
   *
   * @throws FlowException INVALID_ARGUMENT when the body is not a JSON object; RESOURCE_EXHAUSTED when
   *     {@code data} has more than {@code maxItems} items
   */
  static Map<String, JsonSpan> envelope(String json, int maxItems) {
    JsonSpan body;
    Map<String, JsonSpan> members = new HashMap<>();
    try {
      body = Json.skim(json, m -> {
        if (m.key().equals("data") && m.value().isArray() && m.value().size() > maxItems) {
          throw tooMany(m.value().size(), maxItems);
        }
      });
      if (!body.isObject()) {
        throw bad("the body must be a JSON object such as {\"data\": [...]}, got " + DocumentItems.describe(body));
      }
      body.members().forEach(m -> members.put(m.key(), m.value()));
    } catch (IllegalArgumentException e) {
      throw bad("the body is not valid JSON: " + e.getMessage());
    }
    return members;
  }

  private static FlowException tooMany(long items, int maxItems) {
    return new FlowException(Status.Code.RESOURCE_EXHAUSTED, "\"data\" has " + items + " items; the limit is " + maxItems
        + " per call; send fewer per call or use request_size to cut them into requests over several calls");
  }

  private static RequestProto batch(RequestType type, List<JsonSpan> items, int from, int to, String mimeType, RequestProto.Builder b,
      ContentBudget budget) {
    switch (type) {
      case INDEX:
        b.getIndexBuilder().addAllDocs(DocumentItems.documents(items, from, to, mimeType, budget));
        break;
      case SEARCH:
        b.getSearchBuilder().addAllDocs(DocumentItems.documents(items, from, to, mimeType, budget));
        break;
      case UPDATE:
        b.getUpdateBuilder().addAllDocs(DocumentItems.documents(items, from, to, mimeType, budget));
        break;
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

  /** The JSON object {@code json} holds, built (for small bodies such as {@code /reload}'s). */
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

  private static long number(Map<String, JsonSpan> body, String key, long fallback) {
    Object v = DocumentItems.plain(body.get(key));
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Double) || (Double) v != Math.rint((Double) v)) {
      throw bad("\"" + key + "\" must be a whole number, got " + DocumentItems.describe(v));
    }
    return ((Double) v).longValue();
  }

  private static String string(Map<String, JsonSpan> body, String key) {
    Object v = DocumentItems.plain(body.get(key));
    if (v == null) {
      return "";
    }
    if (!(v instanceof String)) {
      throw bad("\"" + key + "\" must be a string, got " + DocumentItems.describe(v));
    }
    return (String) v;
  }

  private static void queryset(Map<String, JsonSpan> body, RequestProto.Builder b) {
    JsonSpan q = body.get("queryset");
    if (DocumentItems.plain(q) == null) {
      return;
    }
    if (!q.isArray()) {
      throw bad("\"queryset\" must be an array of QueryLang objects, got " + DocumentItems.describe(q));
    }
    List<JsonSpan> entries = q.elements();
    for (int i = 0; i < entries.size(); i++) {
      QueryLangProto.Builder ql = QueryLangProto.newBuilder();
      try {
        PARSER.merge(entries.get(i).text(), ql);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        throw bad("queryset[" + i + "] is not a QueryLang object {name, parameters, disabled, priority}: " + e.getMessage());
      }
      b.addQueryset(ql);
    }
  }

  private static void parameters(Map<String, JsonSpan> body, RequestProto.Builder b) {
    JsonSpan p = body.get("parameters");
    if (DocumentItems.plain(p) == null) {
      return;
    }
    if (!p.isObject()) {
      throw bad("\"parameters\" must be an object, got " + DocumentItems.describe(p));
    }
    try {
      PARSER.merge(p.text(), b.getParametersBuilder());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw bad("\"parameters\" is not a JSON object: " + e.getMessage());
    }
  }

  private static FlowException bad(String problem) {
    return new FlowException(Status.Code.INVALID_ARGUMENT, problem);
  }
}
