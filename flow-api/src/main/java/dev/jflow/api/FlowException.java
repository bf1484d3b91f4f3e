package dev.jflow.api;

/** The one exception of JFlow: a failure described by a {@link Status}. Unchecked. */
public class FlowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Status status;

  /** An exception for {@code status}; its cause, if any, becomes this exception's cause. */
  public FlowException(Status status) {
    super(status.toString(), status.cause());
    this.status = status;
  }

  /** An exception with a code and description. */
  public FlowException(Status.Code code, String description) {
    this(Status.of(code, description));
  }

  /** An exception with a code, description and cause. */
  public FlowException(Status.Code code, String description, Throwable cause) {
    this(Status.of(code, description).withCause(cause));
  }

  /** The status describing the failure. */
  public Status status() {
    return status;
  }

  /** The status code. */
  public Status.Code code() {
    return status.code();
  }
}
