package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a RELOAD may change on a running pod: only the arguments its executor declares reloadable
 * ({@code Executor.reloadableArgs()}); the path arguments {@code workspace} and {@code load_path} only
 * when the Flow allows it ({@code FlowSpec.allowReloadPaths()}), and then confined to its workspace.
 */
final class ReloadPolicy {
  /** The arguments that name a place on disk. */
  static final Set<String> PATH_ARGS = Set.of("workspace", "load_path");

  private final Confinement confinement;
  private final boolean allowPaths;

  ReloadPolicy(Confinement confinement, boolean allowPaths) {
    this.confinement = confinement;
    this.allowPaths = allowPaths;
  }

  /**
   * The arguments {@code with} as the pod's fresh executors get them (paths confined).
   *
   * @throws FlowException INVALID_ARGUMENT naming every argument the RELOAD may not change, and the ones it may
   */
  JsonMap check(PodRuntime pod, Map<String, ?> with) {
    Set<String> reloadable = pod.reloadableArgs();
    List<String> refused = new ArrayList<>();
    boolean pathRefused = false;
    for (String key : new TreeSet<>(with.keySet())) {
      boolean path = PATH_ARGS.contains(key);
      if (!reloadable.contains(key) || (path && !allowPaths)) {
        refused.add(key);
        pathRefused |= path && !allowPaths;
      }
    }
    if (!refused.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "RELOAD of pod '" + pod.name() + "' may not change "
          + refused + ": its executor (" + pod.executorName() + ") lets a RELOAD change "
          + (reloadable.isEmpty() ? "no argument" : "only " + new TreeSet<>(reloadable))
          + (pathRefused ? ", and workspace and load_path only where the Flow allows it (allowReloadPaths, YAML "
              + "allow_reload_paths)" : ""));
    }
    JsonMap changes = JsonMap.of(with);
    for (String key : PATH_ARGS) {
      if (changes.containsKey(key)) {
        Object value = changes.get(key);
        if (!(value instanceof String)) {
          throw new FlowException(Status.Code.INVALID_ARGUMENT, "RELOAD " + key + " of pod '" + pod.name()
              + "' must be a path (a string), got " + value);
        }
        changes.put(key, confinement.resolve("RELOAD " + key, (String) value).toString());
      }
    }
    return changes;
  }
}
