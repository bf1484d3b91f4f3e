package dev.jflow.transport.websocket;

import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.ProtoJson;
import dev.jflow.proto.jina.RequestProto;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.http.server.Response;

/**
 * Responses as the REST API answers them: a JSON array of the proto3 JSON of each response's
 * RequestProto, printed by protobuf's {@code JsonFormat} straight into the answer. An answer that fits
 * Grizzly's buffer goes with a Content-Length, a larger one is sent as it is printed (chunked).
 */
final class ResponsesJson {
  private ResponsesJson() {}

  /**
   * Answers 200 with the JSON array of {@code responses}; returns the bytes of the body. Every response
   * is encoded before anything is written, so that a failure to encode one (the heap running out) can
   * still be answered as an error.
   */
  static long write(Response answer, List<dev.jflow.api.Response> responses) throws IOException {
    List<RequestProto> protos = new ArrayList<>(responses.size());
    responses.forEach(r -> protos.add(ProtoCodec.encode(r)));
    answer.setStatus(200);
    answer.setContentType("application/json; charset=utf-8");
    long[] bytes = {0};
    Writer out = new BufferedWriter(new OutputStreamWriter(unflushed(answer.getOutputStream(), bytes), StandardCharsets.UTF_8));
    try {
      out.write('[');
      for (int i = 0; i < protos.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        ProtoJson.appendTo(protos.get(i), out);
      }
      out.write(']');
      out.close();
      return bytes[0];
    } catch (RuntimeException | Error e) {
      if (!answer.isCommitted()) {
        answer.resetBuffer(); // an error answer must not follow half an array
      }
      throw e;
    }
  }

  /**
   * {@code out} without flush (the writer's flush on close would commit the answer before its length is
   * known), counting the bytes written into {@code count[0]}.
   */
  private static OutputStream unflushed(OutputStream out, long[] count) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        count[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count[0] += len;
      }

      @Override
      public void flush() {
        // closing flushes what is left, and sets the Content-Length when the answer fit the buffer
      }
    };
  }
}
