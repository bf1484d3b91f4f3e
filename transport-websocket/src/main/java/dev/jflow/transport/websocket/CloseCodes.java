package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;

/**
 * How failures travel as WebSocket close codes, both ways. Protocol problems use the standard codes
 * (1007 bad payload, 1009 too big, 1008 a client that does not keep up, 1002 a frame after the end
 * marker); a request the Flow could not run closes with {@code 4000 + the gRPC status number} (4004
 * DEADLINE_EXCEEDED, 4014 UNAVAILABLE, 4016 UNAUTHENTICATED: a missing or wrong token, 4007
 * PERMISSION_DENIED: a token without the role a request needs, ...), the reason holding the description.
 */
final class CloseCodes {
  /** RFC 6455 limits a close reason to 123 UTF-8 bytes. */
  static final int MAX_REASON_BYTES = 123;
  static final int NORMAL = 1000;
  static final int GOING_AWAY = 1001;
  static final int PROTOCOL_ERROR = 1002;
  static final int BAD_PAYLOAD = 1007;
  static final int POLICY = 1008;
  static final int TOO_BIG = 1009;
  static final int INTERNAL = 1011;
  private static final int APPLICATION = 4000;

  private CloseCodes() {}

  /** A close reason with {@code code} and {@code reason} cut to fit a close frame. */
  static CloseReason reason(int code, String reason) {
    return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), truncate(reason));
  }

  /** The close code for a request that failed with {@code code}. */
  static int forStatus(Status.Code code) {
    return APPLICATION + grpcNumber(code);
  }

  /**
   * The failure a client reports for a stream closed with {@code code} and {@code reason} by the
   * gateway at {@code address}; null for a normal closure.
   */
  static FlowException toFlow(int code, String reason, String address) {
    String why = reason == null || reason.isEmpty() ? "no reason given" : reason;
    switch (code) {
      case NORMAL:
        return null;
      case PROTOCOL_ERROR:
      case 1003:
      case BAD_PAYLOAD:
        return new FlowException(Status.Code.INVALID_ARGUMENT, "the gateway " + address + " refused the input: " + why);
      case POLICY:
      case TOO_BIG:
        return new FlowException(Status.Code.RESOURCE_EXHAUSTED, "the gateway " + address + " refused the input: " + why);
      case INTERNAL:
        // Tyrus cuts a frame larger than its read buffer with 1011 "Buffer overflow."
        return why.startsWith("Buffer overflow")
            ? new FlowException(Status.Code.RESOURCE_EXHAUSTED, "the gateway " + address + " refused an oversized frame: " + why)
            : new FlowException(Status.Code.INTERNAL, "the gateway " + address + " failed: " + why);
      default:
        if (code > APPLICATION && code < APPLICATION + 1000) {
          Status.Code c = fromGrpcNumber(code - APPLICATION);
          return new FlowException(c, c == Status.Code.UNAVAILABLE ? "gateway " + address + " is unavailable: " + why : why);
        }
        return new FlowException(Status.Code.UNAVAILABLE, "gateway " + address + " closed the stream (code " + code + "): " + why);
    }
  }

  /** {@code s} cut to at most 123 UTF-8 bytes, ending in "..." when cut. */
  static String truncate(String s) {
    if (s == null) {
      return "";
    }
    if (s.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    int bytes = 3;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > MAX_REASON_BYTES) {
        break;
      }
      b.appendCodePoint(cp);
      bytes += n;
      i += Character.charCount(cp);
    }
    return b.append("...").toString();
  }

  private static int grpcNumber(Status.Code code) {
    switch (code) {
      case CANCELLED: return 1;
      case INVALID_ARGUMENT: return 3;
      case PERMISSION_DENIED: return 7;
      case UNAUTHENTICATED: return 16;
      case DEADLINE_EXCEEDED: return 4;
      case NOT_FOUND: return 5;
      case RESOURCE_EXHAUSTED: return 8;
      case FAILED_PRECONDITION: return 9;
      case UNAVAILABLE: return 14;
      default: return 13;
    }
  }

  private static Status.Code fromGrpcNumber(int n) {
    switch (n) {
      case 1: return Status.Code.CANCELLED;
      case 3: return Status.Code.INVALID_ARGUMENT;
      case 7: return Status.Code.PERMISSION_DENIED;
      case 16: return Status.Code.UNAUTHENTICATED;
      case 4: return Status.Code.DEADLINE_EXCEEDED;
      case 5: return Status.Code.NOT_FOUND;
      case 8: return Status.Code.RESOURCE_EXHAUSTED;
      case 9: return Status.Code.FAILED_PRECONDITION;
      case 14: return Status.Code.UNAVAILABLE;
      default: return Status.Code.INTERNAL;
    }
  }
}
