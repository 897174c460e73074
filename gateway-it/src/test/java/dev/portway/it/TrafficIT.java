package dev.portway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.it.support.ContainerStack;
import dev.portway.it.support.GatewayContainer;
import dev.portway.it.support.Http;
import dev.portway.it.upstream.TestUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1, traffic: requests go through the gateway container to an upstream container on the same
 * network, and what arrives upstream is what the routes and the proxy contract promise.
 */
class TrafficIT {
  /** 50 MiB: more than the gateway's whole heap below, so it can only pass by streaming. */
  private static final long LARGE_BODY = 50L * 1024 * 1024;
  private static final String HEAP = "-Xmx48m";

  private static ContainerStack stack;
  private static GatewayContainer gateway;

  @BeforeAll
  static void start() {
    stack = new ContainerStack();
    stack.upstream("backend");
    gateway = stack.gateway(g -> g.withConfig("traffic.yaml").withJvmOptions(HEAP));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aPrefixRouteStripsItsPrefixAndKeepsTheQuery() {
    HttpResponse<String> response = Http.get(gateway.traffic("/api/things/7?color=red&size=2"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Upstream")).as("answered by the upstream container")
        .hasValue("portway-it");
    JsonNode seen = Http.json(response);
    assertThat(seen.path("method").asText()).isEqualTo("GET");
    assertThat(seen.path("uri").asText()).isEqualTo("/things/7?color=red&size=2");
  }

  @Test
  void aRewriteRouteRewritesThePath() {
    HttpResponse<String> response = Http.get(gateway.traffic("/v1/users/42"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response).path("uri").asText()).isEqualTo("/internal/users/42");
  }

  @Test
  void requestHeadersAndForwardingHeadersArriveUpstream() {
    var uri = gateway.traffic("/api/headers");
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    HttpResponse<String> response = Http.send(Http.client(), Http.request(uri)
        .header("X-Custom", "kept as is")
        .header("traceparent", traceparent)
        .GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode headers = Http.json(response).path("headers");
    assertThat(headers.path("x-custom").path(0).asText()).isEqualTo("kept as is");
    // W3C trace context: the trace continues upstream; a gateway that records its own span puts its span
    // id in the parent-id field, so only version, trace-id and flags must be the client's.
    String[] sent = traceparent.split("-");
    assertThat(headers.path("traceparent").path(0).asText())
        .matches("00-" + sent[1] + "-[0-9a-f]{16}-" + sent[3]);
    assertThat(headers.path("x-request-id").path(0).asText()).as("generated when the client sent none")
        .isNotBlank();
    assertThat(headers.path("x-forwarded-proto").path(0).asText()).isEqualTo("http");
    assertThat(headers.path("x-forwarded-host").path(0).asText()).as("the Host the client asked for")
        .isEqualTo(uri.getAuthority());
    assertThat(headers.path("x-forwarded-for").path(0).asText()).as("the client address seen by the gateway")
        .matches("[0-9a-fA-F:.]+");
  }

  @Test
  void aClientRequestIdIsPassedOnUnchanged() {
    HttpResponse<String> response = Http.send(Http.client(), Http.request(gateway.traffic("/api/id"))
        .header("X-Request-Id", "it-request-0001").GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode ids = Http.json(response).path("headers").path("x-request-id");
    assertThat(ids.size()).as("one X-Request-Id upstream, not a second one added: %s", ids).isEqualTo(1);
    assertThat(ids.path(0).asText()).isEqualTo("it-request-0001");
  }

  @Test
  void aFiftyMegabyteResponseStreamsThroughAGatewayWithASmallerHeap() throws IOException {
    HttpResponse<InputStream> response = Http.sendStreaming(gateway.traffic("/api/bytes/" + LARGE_BODY));

    assertThat(response.statusCode()).isEqualTo(200);
    long count = 0;
    long firstMismatch = -1;
    try (InputStream body = response.body()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        for (int i = 0; i < n && firstMismatch < 0; i++) {
          if (buffer[i] != TestUpstream.patternByte(count + i)) {
            firstMismatch = count + i;
          }
        }
        count += n;
      }
    }
    assertThat(firstMismatch).as("offset of the first corrupted byte").isEqualTo(-1);
    assertThat(count).isEqualTo(LARGE_BODY);
    assertThat(gateway.isRunning()).as("gateway survived with " + HEAP).isTrue();
  }
}
