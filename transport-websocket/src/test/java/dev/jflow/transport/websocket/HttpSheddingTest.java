package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Secret;
import dev.jflow.api.spi.BearerTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Work the Flow cannot take, or a caller over its rate, is shed at once with 429 and Retry-After, and the gateway keeps serving. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpSheddingTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aFullPodQueueAnswers429WithRetryAfter() throws Exception {
    try (Flow f = Flow.builder().restful(true).host("127.0.0.1")
        .add(PodSpec.builder("narrow").maxQueue(1).uses(() -> request -> Thread.sleep(50)).build())
        .build().start()) {
      String base = "http://127.0.0.1:" + f.async().gatewayAddress().port();
      HttpResponse<String> shed = post(base, "{\"data\": [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"], \"request_size\": 1}");
      assertEquals(429, shed.statusCode(), shed.body());
      assertEquals("1", shed.headers().firstValue("Retry-After").orElse(""), "tells the client when to come back");
      assertTrue(shed.body().contains("RESOURCE_EXHAUSTED") && shed.body().contains("narrow"), shed.body());
      HttpResponse<String> ok = post(base, "{\"data\": [\"a\"]}");
      assertEquals(200, ok.statusCode(), "the gateway keeps serving: " + ok.body());
    }
  }

  @Test
  void aTokenOverItsRateAnswers429WithRetryAfterWhileAnotherTokenIsServed() throws Exception {
    String fast = "http-rate-fast-token-0123456789";
    String calm = "http-rate-calm-token-0123456789";
    try (Flow f = Flow.builder().restful(true).host("127.0.0.1").maxRequestsPerSecond(1).burst(1).add("worker")
        .authenticator(BearerTokens.builder().dataTokens(Secret.of(fast + "\n" + calm)).build()).build().start()) {
      String base = "http://127.0.0.1:" + f.async().gatewayAddress().port();
      HttpResponse<String> limited = post(base, "{\"data\": [\"a\", \"b\", \"c\"], \"request_size\": 1}", fast); // 3 requests at once
      assertEquals(429, limited.statusCode(), limited.body());
      assertEquals("1", limited.headers().firstValue("Retry-After").orElse(""), "tells the client when to come back");
      assertTrue(limited.body().contains("RESOURCE_EXHAUSTED") && limited.body().contains("maxRequestsPerSecond=1")
          && limited.body().contains("caller 'data-token:") && !limited.body().contains(fast), limited.body());
      HttpResponse<String> ok = post(base, "{\"data\": [\"a\"]}", calm);
      assertEquals(200, ok.statusCode(), "another token is served: " + ok.body());
    }
  }

  private static HttpResponse<String> post(String base, String body) throws Exception {
    return post(base, body, null);
  }

  private static HttpResponse<String> post(String base, String body, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + "/index")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
