package dev.jflow.core.internal;

import dev.jflow.api.FlowSpec;
import dev.jflow.api.InspectMode;
import dev.jflow.api.PodSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the Flow's inspect mode to its pods: COLLECT joins the Flow's final pods and the inspect pods
 * nothing follows in a pass-through {@code gather_inspect} pod (the main path's documents first, so the
 * inspectors only add to them: evaluations, missing fields); REMOVE drops inspect pods; HANG
 * leaves them (the router does not wait for them).
 */
final class Inspection {
  private Inspection() {}

  static List<PodSpec> apply(FlowSpec spec) {
    List<PodSpec> pods = spec.pods();
    if (pods.stream().noneMatch(PodSpec::inspect)) {
      return pods;
    }
    if (spec.inspectMode() == InspectMode.REMOVE) {
      return remove(pods);
    }
    if (spec.inspectMode() == InspectMode.COLLECT) {
      return collect(pods);
    }
    return pods;
  }

  private static List<PodSpec> remove(List<PodSpec> pods) {
    Set<String> gone = new HashSet<>();
    pods.stream().filter(PodSpec::inspect).forEach(p -> gone.add(p.name()));
    List<PodSpec> kept = new ArrayList<>();
    for (PodSpec p : pods) {
      if (!p.inspect()) {
        List<String> needs = new ArrayList<>(p.needs());
        needs.removeAll(gone);
        kept.add(needs.size() == p.needs().size() ? p : p.withNeeds(needs));
      }
    }
    return kept;
  }

  private static List<PodSpec> collect(List<PodSpec> pods) {
    Set<String> needed = new HashSet<>();
    pods.forEach(p -> needed.addAll(p.needs()));
    Set<String> hanging = new LinkedHashSet<>();
    Set<String> ends = new LinkedHashSet<>();
    Set<String> names = new HashSet<>();
    for (PodSpec p : pods) {
      names.add(p.name());
      if (!needed.contains(p.name())) {
        (p.inspect() ? hanging : ends).add(p.name());
      }
    }
    if (hanging.isEmpty()) {
      return pods;
    }
    String name = "gather_inspect";
    for (int i = 2; names.contains(name); i++) {
      name = "gather_inspect_" + i;
    }
    // the main path first: its documents win the merge, the inspectors add what they found
    List<String> needs = new ArrayList<>(ends);
    needs.addAll(hanging);
    List<PodSpec> out = new ArrayList<>(pods);
    out.add(PodSpec.builder(name).needs(needs).build());
    return out;
  }
}
