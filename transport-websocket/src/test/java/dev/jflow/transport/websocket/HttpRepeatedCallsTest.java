package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflow.api.Flow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One client making call after call with bodies gets every answer. Grizzly left about one call in a
 * hundred unanswered when a connection whose body had been read without blocking was reused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpRepeatedCallsTest {

  @Test
  void threeHundredCallsWithBodiesAreAllAnswered() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (Flow f = Flow.builder().restful(true).host("127.0.0.1").add("p").build().start()) {
      String base = "http://127.0.0.1:" + f.async().gatewayAddress().port();
      String[][] calls = {{"POST", "/index", "{\"data\": [\"a\"]}"}, {"PUT", "/update", "{\"data\": [\"a\"]}"},
          {"DELETE", "/delete", "{\"data\": [\"a\", \"b\"]}"}};
      List<String> unanswered = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String[] c = calls[i % calls.length];
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + c[1])).timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json").method(c[0], HttpRequest.BodyPublishers.ofString(c[2])).build(),
              HttpResponse.BodyHandlers.ofString());
          assertEquals(200, r.statusCode(), r.body());
        } catch (java.net.http.HttpTimeoutException e) {
          unanswered.add(c[0] + " " + c[1] + " #" + i);
        }
      }
      assertEquals(List.of(), unanswered, "every call is answered");
    }
  }
}
