package dev.jflow.api;

/** The state of one executor instance of a pod. */
public enum ReplicaState {
  /** Being created and opened; takes no requests yet. */
  STARTING,
  /** Serving requests. */
  READY,
  /** Failed to open; takes no requests. */
  FAILED,
  /** Finishing the requests it holds before it closes (scale down, reload, rolling update). */
  DRAINING,
  /** Closed. */
  CLOSED
}
