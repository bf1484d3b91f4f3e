package dev.jflow.api;

/** What happens to inspect pods ({@link FlowBuilder#inspect}) when a Flow is built. */
public enum InspectMode {
  /** Inspect pods still hanging at build time are joined with the Flow's end, so responses wait for them. */
  COLLECT,
  /** Inspect pods run on a copy of each request; responses do not wait for them. */
  HANG,
  /** Inspect pods are removed: nothing inspects. */
  REMOVE
}
