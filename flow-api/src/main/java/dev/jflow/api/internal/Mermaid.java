package dev.jflow.api.internal;

import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import java.util.HashSet;
import java.util.Set;

/** A Flow's pods as a Mermaid flowchart, written locally (no online service needed to make it). */
public final class Mermaid {
  private Mermaid() {}

  /** The Mermaid source of {@code spec}: gateway in, pods with their executor and scale, gateway out. */
  public static String of(FlowSpec spec) {
    StringBuilder b = new StringBuilder("flowchart LR\n");
    b.append("  gateway_in([gateway])\n");
    Set<String> needed = new HashSet<>();
    for (PodSpec p : spec.pods()) {
      needed.addAll(p.needs());
      b.append("  ").append(id(p.name())).append("[\"").append(label(p)).append("\"]\n");
    }
    for (PodSpec p : spec.pods()) {
      for (String n : p.needs()) {
        String from = n.equals(FlowSpec.GATEWAY) ? "gateway_in" : id(n);
        b.append("  ").append(from).append(p.inspect() ? " -.-> " : " --> ").append(id(p.name())).append('\n');
      }
    }
    b.append("  gateway_out([gateway])\n");
    for (PodSpec p : spec.pods()) {
      if (!needed.contains(p.name())) {
        b.append("  ").append(id(p.name())).append(p.inspect() ? " -.-> " : " --> ").append("gateway_out\n");
      }
    }
    return b.toString();
  }

  private static String label(PodSpec p) {
    StringBuilder l = new StringBuilder(p.name()).append("<br/>").append(escape(p.uses().toString()));
    if (p.shards() > 1) {
      l.append("<br/>").append(p.shards()).append(" shards");
    }
    if (p.replicas() > 1) {
      l.append(p.shards() > 1 ? " × " : "<br/>").append(p.replicas()).append(" replicas");
    }
    return l.toString();
  }

  private static String id(String name) {
    return "pod_" + name.replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static String escape(String s) {
    return s.replace("\"", "'").replace("<", "&lt;").replace(">", "&gt;");
  }
}
