package dev.jflow.transport.websocket;

import dev.jflow.api.Response;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.ProtoJson;
import java.util.List;

/** Responses as the REST API answers them: a JSON array of the proto3 JSON of each response's RequestProto. */
final class ResponsesJson {
  private ResponsesJson() {}

  /** The JSON array of {@code responses}. */
  static String array(List<Response> responses) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < responses.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(ProtoJson.print(ProtoCodec.encode(responses.get(i))));
    }
    return b.append(']').toString();
  }
}
