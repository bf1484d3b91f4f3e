package dev.jflow.proto;

import com.google.protobuf.Timestamp;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.RouteProto;
import dev.jflow.proto.jina.StatusProto;
import java.time.Instant;

/** Statuses and routes to and from their protos. Local status codes travel as ERROR (3), keeping their description. */
final class StatusCodec {
  private StatusCodec() {}

  static StatusProto encode(Status s) {
    StatusProto.Builder b = StatusProto.newBuilder().setCodeValue(s.code().wireCode()).setDescription(s.description());
    Status.ExceptionInfo e = s.exception();
    if (e != null) {
      b.setException(StatusProto.ExceptionProto.newBuilder()
          .setName(e.name()).addAllArgs(e.args()).addAllStacks(e.stacks()).setExecutor(e.executor()));
    }
    return b.build();
  }

  static Status decode(StatusProto p) {
    Status.Code code;
    try {
      code = Status.Code.fromWire(p.getCodeValue());
    } catch (IllegalArgumentException unknown) {
      code = Status.Code.ERROR;
    }
    if (code == Status.Code.SUCCESS && p.getDescription().isEmpty() && !p.hasException()) {
      return Status.SUCCESS;
    }
    Status.ExceptionInfo info = null;
    if (p.hasException()) {
      StatusProto.ExceptionProto e = p.getException();
      info = new Status.ExceptionInfo(e.getName(), e.getArgsList(), e.getStacksList(), e.getExecutor());
    }
    return Status.of(code, p.getDescription(), info);
  }

  static RouteProto encode(Route r) {
    RouteProto.Builder b = RouteProto.newBuilder().setPod(r.pod()).setPodId(r.podId()).setStatus(encode(r.status()));
    if (r.start() != null) {
      b.setStartTime(timestamp(r.start()));
    }
    if (r.end() != null) {
      b.setEndTime(timestamp(r.end()));
    }
    return b.build();
  }

  static Route decode(RouteProto p) {
    return new Route(p.getPod(), p.getPodId(),
        p.hasStartTime() ? instant(p.getStartTime()) : null,
        p.hasEndTime() ? instant(p.getEndTime()) : null,
        p.hasStatus() ? decode(p.getStatus()) : Status.SUCCESS);
  }

  private static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
