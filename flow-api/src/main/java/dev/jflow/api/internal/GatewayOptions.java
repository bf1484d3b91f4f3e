package dev.jflow.api.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.GatewayOption;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The check every transport makes of its gateway options: known names, values in their form. */
public final class GatewayOptions {
  private GatewayOptions() {}

  /**
   * Checks the options of {@code config} named {@code <transport>.*} against {@code known}.
   *
   * @throws FlowException INVALID_ARGUMENT naming every unknown option and every bad value
   */
  public static void check(String transport, List<GatewayOption<?>> known, GatewayConfig config) {
    Map<String, GatewayOption<?>> byName = new TreeMap<>();
    known.forEach(o -> byName.put(o.name(), o));
    List<String> problems = new ArrayList<>();
    config.options().forEach((name, value) -> {
      if (!name.startsWith(transport + ".")) {
        return;
      }
      GatewayOption<?> o = byName.get(name);
      if (o == null) {
        problems.add("unknown gateway option '" + name + "'; the " + transport + " transport "
            + (byName.isEmpty() ? "has no options" : "knows " + byName.keySet()));
        return;
      }
      try {
        o.parse(value);
      } catch (FlowException e) {
        problems.add(e.status().description());
      }
    });
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid gateway options: " + String.join("; ", problems));
    }
  }
}
