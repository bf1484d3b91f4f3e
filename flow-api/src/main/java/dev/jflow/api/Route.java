package dev.jflow.api;

import java.time.Instant;

/**
 * One hop of a request through a pod, as Jina's RouteProto records it.
 *
 * @param pod the pod's name
 * @param podId the id of the replica or shard that handled it ({@code ""} when the pod has one)
 * @param start when the pod started the request
 * @param end when the pod finished it
 * @param status the outcome at this pod
 */
public record Route(String pod, String podId, Instant start, Instant end, Status status) {
  /** Normalizes nulls. */
  public Route {
    pod = pod == null ? "" : pod;
    podId = podId == null ? "" : podId;
    status = status == null ? Status.SUCCESS : status;
  }

  /** How long the pod had the request ({@link #end()} less {@link #start()}); zero when either is missing. */
  public java.time.Duration duration() {
    return start == null || end == null ? java.time.Duration.ZERO : java.time.Duration.between(start, end);
  }
}
