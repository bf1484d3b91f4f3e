package dev.jflow.api;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;

/**
 * The one status of JFlow: the outcome of a request (with Jina's codes, as on the wire) or of a call
 * that failed before a response existed (timeouts, unreachable gateways, bad input). Immutable.
 */
public final class Status {

  /** Status codes. The first seven are Jina's StatusProto codes; the rest describe local or transport failures. */
  public enum Code {
    /** The request succeeded. */
    SUCCESS(0),
    /** The request is being processed. */
    PENDING(1),
    /** The target is ready. */
    READY(2),
    /** An executor failed. */
    ERROR(3),
    /** A duplicate was rejected. */
    ERROR_DUPLICATE(4),
    /** The operation is not allowed. */
    ERROR_NOTALLOWED(5),
    /** An upstream pod failed, so this pod skipped its work. */
    ERROR_CHAINED(6),
    /** The input was malformed or invalid (gRPC INVALID_ARGUMENT). */
    INVALID_ARGUMENT(3),
    /** A gateway, pod or address could not be reached (gRPC UNAVAILABLE). */
    UNAVAILABLE(3),
    /** A timeout or deadline passed (gRPC DEADLINE_EXCEEDED). */
    DEADLINE_EXCEEDED(3),
    /** The caller cancelled the call (gRPC CANCELLED). */
    CANCELLED(3),
    /** A message or queue exceeded its limit (gRPC RESOURCE_EXHAUSTED). */
    RESOURCE_EXHAUSTED(3),
    /** The operation does not fit the current state, e.g. a Flow that is not started. */
    FAILED_PRECONDITION(3),
    /** Something named does not exist (a transport, a pod). */
    NOT_FOUND(3),
    /** A bug or an unexpected failure inside JFlow. */
    INTERNAL(3),
    /** The caller sent no credentials, or credentials the gateway does not accept (gRPC UNAUTHENTICATED, 16). */
    UNAUTHENTICATED(3),
    /** The caller is known but may not do this, e.g. a data token sent a control command (gRPC PERMISSION_DENIED, 7). */
    PERMISSION_DENIED(3);

    private final int wireCode;

    Code(int wireCode) {
      this.wireCode = wireCode;
    }

    /** The Jina StatusProto code sent on the wire; local failure codes travel as ERROR (3). */
    public int wireCode() {
      return wireCode;
    }

    /** True for ERROR and every code after it: what Jina clients send to {@code onError}. */
    public boolean isError() {
      return wireCode >= 3;
    }

    /** The code with the given Jina wire number. */
    public static Code fromWire(int wireCode) {
      for (Code c : values()) {
        if (c.wireCode == wireCode) {
          return c;
        }
      }
      throw new IllegalArgumentException("unknown status code " + wireCode + "; Jina codes are 0 to 6");
    }
  }

  /**
   * What an executor threw, as Jina's ExceptionProto carries it.
   *
   * @param name the exception's class name
   * @param args the exception's arguments (its message)
   * @param stacks the stack trace lines
   * @param executor the pod (executor) that threw it
   */
  public record ExceptionInfo(String name, List<String> args, List<String> stacks, String executor) {
    /** Normalizes nulls and copies the lists. */
    public ExceptionInfo {
      name = name == null ? "" : name;
      args = args == null ? List.of() : List.copyOf(args);
      stacks = stacks == null ? List.of() : List.copyOf(stacks);
      executor = executor == null ? "" : executor;
    }

    /** Describes {@code t}, thrown by {@code executor}. */
    public static ExceptionInfo of(Throwable t, String executor) {
      StringWriter w = new StringWriter();
      t.printStackTrace(new PrintWriter(w));
      String message = t.getMessage();
      return new ExceptionInfo(t.getClass().getName(), message == null ? List.of() : List.of(message),
          w.toString().lines().toList(), executor);
    }
  }

  /** The status of a successful request. */
  public static final Status SUCCESS = new Status(Code.SUCCESS, "", null, null);

  private final Code code;
  private final String description;
  private final ExceptionInfo exception;
  private final Throwable cause;

  private Status(Code code, String description, ExceptionInfo exception, Throwable cause) {
    this.code = Objects.requireNonNull(code, "code");
    this.description = description == null ? "" : description;
    this.exception = exception;
    this.cause = cause;
  }

  /** A status with a code and a description. */
  public static Status of(Code code, String description) {
    return new Status(code, description, null, null);
  }

  /** A status with a code, description and the exception info of a failed executor (may be null). */
  public static Status of(Code code, String description, ExceptionInfo exception) {
    return new Status(code, description, exception, null);
  }

  /**
   * The status of a pod whose executor failed with {@code t}: ERROR, or the code of {@code t} when it
   * is a {@link FlowException} (e.g. UNAVAILABLE for an unreachable remote pod).
   */
  public static Status executorError(String pod, Throwable t) {
    if (t instanceof FlowException) {
      Status s = ((FlowException) t).status();
      return new Status(s.code().isError() ? s.code() : Code.ERROR, "pod '" + pod + "' failed: " + s.description(), ExceptionInfo.of(t, pod), t);
    }
    return new Status(Code.ERROR, "pod '" + pod + "' failed: " + t, ExceptionInfo.of(t, pod), t);
  }

  /** A copy of this status with a local cause attached (causes never travel on the wire). */
  public Status withCause(Throwable cause) {
    return new Status(code, description, exception, cause);
  }

  /** The code. */
  public Code code() {
    return code;
  }

  /** What happened, in words; {@code ""} when nothing needs saying. */
  public String description() {
    return description;
  }

  /** What an executor threw, or null. */
  public ExceptionInfo exception() {
    return exception;
  }

  /** The local cause, or null; never sent over the wire. */
  public Throwable cause() {
    return cause;
  }

  /** True when the code is ERROR or worse. */
  public boolean isError() {
    return code.isError();
  }

  /** Statuses are equal when code, description and exception info are equal (the cause is ignored). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Status && ((Status) o).code == code && ((Status) o).description.equals(description)
        && Objects.equals(((Status) o).exception, exception);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, description, exception);
  }

  @Override
  public String toString() {
    return description.isEmpty() ? code.name() : code + ": " + description;
  }
}
