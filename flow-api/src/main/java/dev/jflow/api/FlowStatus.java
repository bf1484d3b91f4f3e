package dev.jflow.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a Flow: whether it is ready (every shard of every pod has a READY replica), the
 * state of every pod and replica, and where its gateways listen.
 *
 * @param flow the Flow's name
 * @param ready whether every pod can serve
 * @param pods each pod, in the order they were added
 * @param gateways where each gateway listens, in the order of the protocols; empty before the Flow started
 */
public record FlowStatus(String flow, boolean ready, List<PodStatus> pods, List<GatewayAddress> gateways) {
  /** Copies the lists; null gateways means none. */
  public FlowStatus {
    pods = List.copyOf(pods);
    gateways = gateways == null ? List.of() : List.copyOf(gateways);
  }

  /** A status without gateway addresses. */
  public FlowStatus(String flow, boolean ready, List<PodStatus> pods) {
    this(flow, ready, pods, List.of());
  }

  /** The status of the pod named {@code name}, or null. */
  public PodStatus pod(String name) {
    return pods.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * One pod.
   *
   * @param name the pod's name
   * @param uses what it runs
   * @param address the address of a remote pod, or ""
   * @param queued requests waiting for a free replica
   * @param replicas every executor instance (heads and tails included, labelled {@code head} / {@code tail})
   */
  public record PodStatus(String name, String uses, String address, int queued, List<ReplicaStatus> replicas) {
    /** Copies the list. */
    public PodStatus {
      replicas = List.copyOf(replicas);
    }

    /** How many replicas are READY. */
    public long ready() {
      return replicas.stream().filter(r -> r.state() == ReplicaState.READY).count();
    }

    /** Requests served by all replicas so far. */
    public long served() {
      return replicas.stream().mapToLong(ReplicaStatus::served).sum();
    }
  }

  /**
   * One executor instance.
   *
   * @param id its label, e.g. {@code replica-1}, {@code shard-0/replica-2}, {@code head}
   * @param state its state
   * @param served requests it has finished
   * @param inFlight requests it is running now (0 or 1)
   */
  public record ReplicaStatus(String id, ReplicaState state, long served, int inFlight) {}

  /** The JSON-like form sent over the wire (in a STATUS control response's args). */
  public JsonMap toJson() {
    JsonMap m = new JsonMap();
    m.put("flow", flow);
    m.put("ready", ready);
    List<Object> ps = new ArrayList<>();
    for (PodStatus p : pods) {
      JsonMap pm = new JsonMap();
      pm.put("name", p.name());
      pm.put("uses", p.uses());
      pm.put("address", p.address());
      pm.put("queued", p.queued());
      List<Object> rs = new ArrayList<>();
      for (ReplicaStatus r : p.replicas()) {
        rs.add(Map.of("id", r.id(), "state", r.state().name(), "served", r.served(), "in_flight", r.inFlight()));
      }
      pm.put("replicas", rs);
      ps.add(pm);
    }
    m.put("pods", ps);
    List<Object> gs = new ArrayList<>();
    for (GatewayAddress g : gateways) {
      gs.add(Map.of("protocol", g.protocol(), "host", g.host(), "port", g.port()));
    }
    m.put("gateways", gs);
    return m;
  }

  /**
   * Reads the form {@link #toJson()} writes.
   *
   * @throws FlowException INVALID_ARGUMENT when {@code json} is not such a form
   */
  public static FlowStatus fromJson(Map<String, ?> json) {
    try {
      List<PodStatus> pods = new ArrayList<>();
      for (Object o : (List<?>) json.get("pods")) {
        Map<?, ?> pm = (Map<?, ?>) o;
        List<ReplicaStatus> rs = new ArrayList<>();
        for (Object x : (List<?>) pm.get("replicas")) {
          Map<?, ?> r = (Map<?, ?>) x;
          rs.add(new ReplicaStatus((String) r.get("id"), ReplicaState.valueOf((String) r.get("state")),
              ((Number) r.get("served")).longValue(), ((Number) r.get("in_flight")).intValue()));
        }
        pods.add(new PodStatus((String) pm.get("name"), (String) pm.get("uses"), (String) pm.get("address"),
            ((Number) pm.get("queued")).intValue(), rs));
      }
      List<GatewayAddress> gateways = new ArrayList<>();
      if (json.get("gateways") instanceof List<?> gs) { // absent from older gateways' answers
        for (Object o : gs) {
          Map<?, ?> g = (Map<?, ?>) o;
          gateways.add(GatewayAddress.of((String) g.get("protocol"), (String) g.get("host"), ((Number) g.get("port")).intValue()));
        }
      }
      return new FlowStatus((String) json.get("flow"), Boolean.TRUE.equals(json.get("ready")), pods, gateways);
    } catch (RuntimeException e) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "not a Flow status: " + e + " in " + json);
    }
  }
}
