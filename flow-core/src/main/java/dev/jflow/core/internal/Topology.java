package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated pod DAG of a Flow: who needs whom, who follows whom, and which pods end it.
 * Every problem is found and reported at once, naming the pods.
 */
final class Topology {
  private final Map<String, PodSpec> pods;
  private final Map<String, List<String>> downstream;
  private final List<String> starts;
  private final List<String> ends;

  private Topology(Map<String, PodSpec> pods, Map<String, List<String>> downstream, List<String> starts, List<String> ends) {
    this.pods = pods;
    this.downstream = downstream;
    this.starts = starts;
    this.ends = ends;
  }

  /**
   * Validates {@code spec}'s pods.
   *
   * @throws FlowException INVALID_ARGUMENT listing every problem
   */
  static Topology of(FlowSpec spec) {
    List<String> problems = new ArrayList<>();
    Map<String, PodSpec> pods = new LinkedHashMap<>();
    for (PodSpec p : Inspection.apply(spec)) {
      if (p.name().isBlank()) {
        problems.add("a pod has an empty name");
      } else if (p.name().equals(FlowSpec.GATEWAY)) {
        problems.add("pod name 'gateway' is reserved for the Flow's gateway");
      } else if (pods.putIfAbsent(p.name(), p) != null) {
        problems.add("pod name '" + p.name() + "' is used twice; pod names must be unique");
      }
    }
    if (pods.isEmpty() && problems.isEmpty()) {
      problems.add("the Flow has no pods; add at least one with add()");
    }
    Map<String, List<String>> downstream = new LinkedHashMap<>();
    pods.keySet().forEach(n -> downstream.put(n, new ArrayList<>()));
    List<String> starts = new ArrayList<>();
    for (PodSpec p : pods.values()) {
      if (p.needs().isEmpty()) {
        problems.add("pod '" + p.name() + "' needs no pod; give it needs or leave needs unset");
      }
      for (String need : new LinkedHashSet<>(p.needs())) {
        if (need.equals(p.name())) {
          problems.add("pod '" + p.name() + "' needs itself");
        } else if (need.equals(FlowSpec.GATEWAY)) {
          starts.add(p.name());
        } else if (!pods.containsKey(need)) {
          problems.add("pod '" + p.name() + "' needs '" + need + "', which is not a pod of this Flow; pods are " + pods.keySet());
        } else {
          downstream.get(need).add(p.name());
        }
      }
    }
    if (problems.isEmpty()) {
      findCycle(pods, downstream).ifPresent(problems::add);
      if (starts.isEmpty() && problems.isEmpty()) {
        problems.add("no pod takes requests from the gateway");
      }
    }
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT,
          "invalid Flow '" + spec.name() + "': " + String.join("; ", problems));
    }
    List<String> ends = new ArrayList<>();
    boolean hang = spec.inspectMode() == dev.jflow.api.InspectMode.HANG;
    downstream.forEach((name, next) -> {
      if (next.isEmpty() && !(hang && pods.get(name).inspect())) {
        ends.add(name);
      }
    });
    downstream.replaceAll((k, v) -> List.copyOf(v));
    return new Topology(Collections.unmodifiableMap(pods), Collections.unmodifiableMap(downstream), List.copyOf(starts), List.copyOf(ends));
  }

  private static java.util.Optional<String> findCycle(Map<String, PodSpec> pods, Map<String, List<String>> downstream) {
    Map<String, Integer> state = new HashMap<>(); // 1: on the path, 2: done
    for (String start : pods.keySet()) {
      List<String> path = new ArrayList<>();
      String cycle = visit(start, downstream, state, path);
      if (cycle != null) {
        return java.util.Optional.of(cycle);
      }
    }
    return java.util.Optional.empty();
  }

  private static String visit(String pod, Map<String, List<String>> downstream, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(pod);
    if (s != null && s == 2) {
      return null;
    }
    if (s != null && s == 1) {
      List<String> loop = new ArrayList<>(path.subList(path.indexOf(pod), path.size()));
      loop.add(pod);
      return "pods form a cycle: " + String.join(" -> ", loop);
    }
    state.put(pod, 1);
    path.add(pod);
    for (String next : downstream.get(pod)) {
      String cycle = visit(next, downstream, state, path);
      if (cycle != null) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    state.put(pod, 2);
    return null;
  }

  /** The pods by name, in the order they were added. */
  Map<String, PodSpec> pods() {
    return pods;
  }

  /** The pods that need {@code pod}. */
  List<String> downstream(String pod) {
    return downstream.get(pod);
  }

  /** The pods that need the gateway. */
  List<String> starts() {
    return starts;
  }

  /** The pods no pod needs: their output is the response. */
  List<String> ends() {
    return ends;
  }

  /** How many distinct upstream parts {@code pod} waits for. */
  int partsOf(String pod) {
    return new LinkedHashSet<>(pods.get(pod).needs()).size();
  }
}
