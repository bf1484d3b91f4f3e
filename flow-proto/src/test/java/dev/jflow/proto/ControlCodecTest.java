package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.jflow.api.FlowException;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.RequestProto.ControlRequestProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CONTROL requests: command, targets, propagate and args in the parameters, a ControlRequestProto on the wire. */
class ControlCodecTest {

  @Test
  void reloadRoundTrips() throws Exception {
    Request r = control(Map.of("command", "RELOAD", "targets", List.of("enc.*"), "propagate", true, "args", Map.of("a", 1)));
    RequestProto p = ProtoCodec.encode(r);

    ControlRequestProto c = p.getControl();
    assertEquals(ControlRequestProto.Command.RELOAD, c.getCommand());
    assertEquals(List.of("enc.*"), c.getTargetsList());
    assertTrue(c.getPropagate());
    assertEquals(1.0, c.getArgs().getFieldsOrThrow("a").getNumberValue());

    for (RequestProto wire : List.of(p, RequestProto.parseFrom(p.toByteArray()), ProtoJson.parse(ProtoJson.print(p)))) {
      Request back = ProtoCodec.decodeRequest(wire);
      assertEquals(RequestType.CONTROL, back.type());
      assertEquals(r.id(), back.id());
      assertEquals(r.parameters(), back.parameters());
    }
    Response response = Response.of(r, Status.SUCCESS, List.of());
    assertEquals(response, ProtoCodec.decodeResponse(p));
  }

  @Test
  void jinaControlRequestWithoutParametersDecodes() {
    RequestProto p = RequestProto.newBuilder().setRequestId("c1").setControl(ControlRequestProto.newBuilder()
        .setCommand(ControlRequestProto.Command.RELOAD).addTargets("enc.*").setPropagate(true)
        .setArgs(Struct.newBuilder().putFields("a", Value.newBuilder().setNumberValue(1).build()))).build();
    Request r = ProtoCodec.decodeRequest(p);
    assertEquals(JsonMap.of(Map.of("command", "RELOAD", "targets", List.of("enc.*"), "propagate", true,
        "args", Map.of("a", 1))), r.parameters());
  }

  @ParameterizedTest
  @EnumSource(value = ControlRequestProto.Command.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
  void everyCommandRoundTrips(ControlRequestProto.Command command) {
    Request r = control(Map.of("command", command.name(), "targets", List.of(), "propagate", false, "args", Map.of()));
    RequestProto p = ProtoCodec.encode(r);
    assertEquals(command, p.getControl().getCommand());
    assertEquals(r.parameters(), ProtoCodec.decodeRequest(p).parameters());
  }

  @ParameterizedTest
  @ValueSource(strings = {"EXPLODE", "reload", "UNRECOGNIZED", ""})
  void unknownCommandNameIsInvalidArgument(String command) {
    FlowException e = assertThrows(FlowException.class, () -> ProtoCodec.encode(control(Map.of("command", command))));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("control.command"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + command + "'"), e.getMessage());
  }

  @Test
  void unknownCommandNumberIsInvalidArgument() {
    RequestProto p = RequestProto.newBuilder().setRequestId("c2")
        .setControl(ControlRequestProto.newBuilder().setCommandValue(42)).build();
    FlowException e = assertThrows(FlowException.class, () -> ProtoCodec.decodeRequest(p));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("42"), e.getMessage());
  }

  private static Request control(Map<String, ?> parameters) {
    return Request.builder(RequestType.CONTROL).id("ctl-1").parameters(parameters).build();
  }
}
