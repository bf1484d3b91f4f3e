package dev.jflow.transport.websocket;

import dev.jflow.api.internal.JsonWriter;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3 document of {@code GET /openapi.json}, generated from the gateway's {@link Route} table:
 * every documented route with its request body schema and example, its 200 answer's schema and its errors.
 */
final class OpenApiDocument {
  private OpenApiDocument() {}

  /** The JSON text of the document describing {@code routes}. */
  static String of(List<Route> routes) {
    StringBuilder b = new StringBuilder();
    b.append("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"JFlow gateway\",\"version\":")
        .append(JsonWriter.write(Version.JFLOW))
        .append(",\"description\":").append(JsonWriter.write("The REST API of a JFlow Flow, compatible with Jina 1.x's"
            + " restful gateway. Bodies are sent as application/json. A bearer token goes in the Authorization header."
            + " WebSocket: " + StreamEndpoint.PATH + "."))
        .append("},\"paths\":{");
    String open = null;
    for (Route r : routes) {
      if (!r.documented()) {
        continue;
      }
      if (!r.path().equals(open)) {
        b.append(open == null ? "" : "},").append(JsonWriter.write(r.path())).append(":{");
      } else {
        b.append(',');
      }
      open = r.path();
      operation(b, r);
    }
    b.append(open == null ? "" : "}").append("},\"components\":{\"schemas\":{\"Error\":").append(Schemas.ERROR)
        .append(",\"Documents\":").append(Schemas.DOCUMENTS)
        .append("},\"securitySchemes\":{\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"}}},")
        .append("\"security\":[{},{\"bearer\":[]}]}");
    return b.toString();
  }

  private static void operation(StringBuilder b, Route r) {
    b.append(JsonWriter.write(r.method().toLowerCase(Locale.ROOT))).append(":{\"summary\":").append(JsonWriter.write(r.summary()));
    if (r.requestSchema() != null) {
      b.append(",\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":").append(r.requestSchema());
      if (r.requestExample() != null) {
        b.append(",\"example\":").append(r.requestExample());
      }
      b.append("}}}");
    }
    b.append(",\"responses\":{\"200\":{\"description\":\"OK\",\"content\":{").append(JsonWriter.write(r.responseType()))
        .append(":{\"schema\":").append(r.responseSchema()).append("}}}");
    for (int status : r.errors()) {
      b.append(",\"").append(status).append("\":{\"description\":").append(JsonWriter.write(ErrorText.of(status)))
          .append(",\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Error\"}}}}");
    }
    b.append("}}");
  }

  /** What an error status means for a call of the gateway. */
  private static final class ErrorText {
    static String of(int status) {
      switch (status) {
        case 400: return "the body is not what the endpoint takes";
        case 401: return "no or an unknown bearer token (WWW-Authenticate says so)";
        case 403: return "the token's role may not make this call";
        case 404: return "nothing there";
        case 413: return "the body or a document is larger than the Flow takes";
        case 415: return "the body is not sent as application/json";
        case 503: return "the Flow is not ready, or sheds load";
        case 504: return "the Flow did not answer in time";
        default: return "the gateway failed";
      }
    }
  }
}
