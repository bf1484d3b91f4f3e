package dev.jflow.proto;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.RequestProto;
import java.io.IOException;

/**
 * The JSON form of {@code RequestProto}, as the restful gateway speaks it: proto3 JSON with the proto
 * field names, fields with default values included and enums as numbers (as Jina's REST gateway
 * writes them). Both field-name spellings and enum names are accepted when parsing.
 */
public final class ProtoJson {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
      .preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence().printingEnumsAsInts().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private ProtoJson() {}

  /** The JSON of {@code request}. */
  public static String print(RequestProto request) {
    try {
      return PRINTER.print(request);
    } catch (InvalidProtocolBufferException e) {
      throw new FlowException(Status.Code.INTERNAL, "cannot print request " + request.getRequestId() + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Writes the JSON of {@code request}, as {@link #print} returns it, to {@code out}.
   *
   * @throws IOException when {@code out} fails
   */
  public static void appendTo(RequestProto request, Appendable out) throws IOException {
    try {
      PRINTER.appendTo(request, out);
    } catch (InvalidProtocolBufferException e) {
      throw new FlowException(Status.Code.INTERNAL, "cannot print request " + request.getRequestId() + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The request a JSON text describes.
   *
   * @throws FlowException INVALID_ARGUMENT saying what is wrong with the JSON
   */
  public static RequestProto parse(String json) {
    RequestProto.Builder b = RequestProto.newBuilder();
    try {
      PARSER.merge(json, b);
      return b.build();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid RequestProto JSON: " + e.getMessage(), e);
    }
  }
}
