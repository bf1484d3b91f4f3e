package dev.jflow.proto;

import com.google.protobuf.Struct;
import dev.jflow.api.JsonMap;
import dev.jflow.proto.jina.RequestProto.ControlRequestProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Control requests in the model: a CONTROL request whose parameters hold {@code command} (the
 * command's name, e.g. {@code STATUS}), {@code targets} (pod name regexes), {@code propagate} and
 * {@code args}.
 */
final class ControlCodec {
  static final String COMMAND = "command";
  static final String TARGETS = "targets";
  static final String PROPAGATE = "propagate";
  static final String ARGS = "args";

  private ControlCodec() {}

  static ControlRequestProto encode(JsonMap parameters) {
    ControlRequestProto.Builder b = ControlRequestProto.newBuilder();
    String command = parameters.getString(COMMAND, "STATUS");
    try {
      b.setCommand(ControlRequestProto.Command.valueOf(command));
    } catch (IllegalArgumentException e) {
      throw NdArrayCodec.bad("control.command", "unknown command '" + command + "'");
    }
    Object targets = parameters.get(TARGETS);
    if (targets instanceof List) {
      ((List<?>) targets).forEach(t -> b.addTargets(String.valueOf(t)));
    }
    b.setPropagate(Boolean.TRUE.equals(parameters.get(PROPAGATE)));
    Object args = parameters.get(ARGS);
    if (args instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) args;
      b.setArgs(StructCodec.encode(m));
    } else {
      b.setArgs(Struct.getDefaultInstance());
    }
    return b.build();
  }

  static void decode(ControlRequestProto p, JsonMap parameters) {
    if (p.getCommand() == ControlRequestProto.Command.UNRECOGNIZED) {
      throw NdArrayCodec.bad("control.command", "unknown command number " + p.getCommandValue());
    }
    parameters.put(COMMAND, p.getCommand().name());
    parameters.put(TARGETS, new ArrayList<>(p.getTargetsList()));
    parameters.put(PROPAGATE, p.getPropagate());
    parameters.put(ARGS, StructCodec.decode(p.getArgs()));
  }
}
