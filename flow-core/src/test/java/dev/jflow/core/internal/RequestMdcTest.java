package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.core.testing.TestExecutors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestMdcTest {

  @Test
  void anExecutorSeesItsRequestsIdInTheMdc() {
    Map<String, String> seen = new ConcurrentHashMap<>(); // document id -> MDC request_id while it was handled
    try (Flow f = Flow.builder().add(PodSpec.builder("logs").replicas(2).uses(() -> request -> {
      request.docs().forEach(d -> seen.put(d.id(), String.valueOf(MDC.get("request_id"))));
    }).build()).build().start()) {
      List<Response> rs = f.index(Inputs.of(IntStream.range(0, 8).mapToObj(i -> Document.withId("d" + i)).collect(Collectors.toList())),
          CallOptions.builder().requestSize(1).build());
      for (Response r : rs) {
        assertEquals(r.requestId(), seen.get(r.docs().get(0).id()), "the executor's log lines carry the request id");
      }
    }
  }

  @Test
  void theRuntimesOwnLineAboutAFailedRequestCarriesItsIdAndNoStackTrace() {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(PodRuntime.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    logger.setLevel(Level.DEBUG);
    try (Flow f = Flow.builder().add("guard", TestExecutors.FailOnTag::new).build().start()) {
      Response r = f.index(List.of(Document.ofText("x").tag("fail", true))).get(0);
      ILoggingEvent line = lines.list.stream().filter(e -> e.getFormattedMessage().contains("pod 'guard' failed")).findFirst().orElseThrow();
      assertEquals(Level.DEBUG, line.getLevel(), "an executor's failure is the client's answer, not the Flow's problem");
      assertEquals(r.requestId(), line.getMDCPropertyMap().get(RequestMdc.KEY));
      assertNull(line.getThrowableProxy(), "no stack trace for a failure the response already carries");
    } finally {
      logger.detachAppender(lines);
      logger.setLevel(null);
    }
  }

  @Test
  void aClientsRequestIdCannotForgeALogLineOrFloodOne() {
    String previous = RequestMdc.enter("abc\n12:00:00.000 ERROR [admin] forged\r\u2028\u0000end");
    try {
      assertEquals("abc_12:00:00.000 ERROR [admin] forged___end", MDC.get(RequestMdc.KEY));
    } finally {
      RequestMdc.exit(previous);
    }
    String huge = "x".repeat(10_000);
    previous = RequestMdc.enter(huge);
    try {
      assertEquals("x".repeat(RequestMdc.MAX_LENGTH), MDC.get(RequestMdc.KEY));
    } finally {
      RequestMdc.exit(previous);
    }
    String plain = "b7c1e0d4-0000-4000-8000-000000000000";
    assertSame(plain, RequestMdc.safe(plain), "an ordinary id is used as it is");
  }

  @Test
  void enterAndExitRestoreWhatTheThreadHad() {
    String outer = RequestMdc.enter("outer");
    String inner = RequestMdc.enter("inner");
    assertEquals("inner", MDC.get(RequestMdc.KEY));
    RequestMdc.exit(inner);
    assertEquals("outer", MDC.get(RequestMdc.KEY));
    RequestMdc.exit(outer);
    assertNull(MDC.get(RequestMdc.KEY));
  }
}
