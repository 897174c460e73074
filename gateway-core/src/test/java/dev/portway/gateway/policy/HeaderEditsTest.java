package dev.portway.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.LoopbackTest;
import dev.portway.gateway.Http.Response;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.EchoServerConfig;
import dev.portway.gateway.config.HeadersConfig;
import dev.portway.gateway.config.RouteConfig;
import dev.portway.gateway.config.RouteSecurity;
import dev.portway.gateway.config.TimeoutsConfig;
import dev.portway.gateway.echo.EchoServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code requestHeaders} and {@code responseHeaders} through a gateway in front of the echo server. */
class HeaderEditsTest extends LoopbackTest {

  @Test
  void requestEditsReachTheUpstreamAndResponseEditsReachTheClient() {
    int echo = EchoServer.start(vertx, new EchoServerConfig("127.0.0.1", 0)).await().actualPort();
    HeadersConfig request = new HeadersConfig(Map.of("X-Env", "prod", "X-Replaced", "new"), Map.of("X-Via", "portway"),
        List.of("Cookie"));
    HeadersConfig response = new HeadersConfig(Map.of("Cache-Control", "no-store"), Map.of("X-Served-By", "portway"),
        List.of("Content-Type"));
    RouteConfig route = new RouteConfig("echo", 0, TestConfigs.match("/**"), "echo", null, null,
        TimeoutsConfig.DEFAULTS, null, RouteSecurity.NONE, request, response);
    Gateway gateway = Gateway.start(vertx, TestConfigs.gateway(List.of(TestConfigs.upstream("echo", echo)),
        List.of(route))).await();

    Response answer = Http.send(client, new RequestOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI("/")
        .putHeader("Cookie", "session=secret").putHeader("X-Replaced", "old").putHeader("X-Via", "client"), null);

    JsonObject seen = answer.json().getJsonObject("headers");
    assertThat(seen.fieldNames()).noneMatch(name -> name.equalsIgnoreCase("Cookie"));
    assertThat(values(seen, "X-Env")).containsExactly("prod");
    assertThat(values(seen, "X-Replaced")).containsExactly("new");
    assertThat(values(seen, "X-Via")).containsExactly("client", "portway");
    assertThat(answer.headers().getAll("Cache-Control")).containsExactly("no-store");
    assertThat(answer.headers().get("X-Served-By")).isEqualTo("portway");
    assertThat(answer.headers().contains("Content-Type")).isFalse();
  }

  private static List<Object> values(JsonObject headers, String name) {
    return headers.fieldNames().stream().filter(n -> n.equalsIgnoreCase(name)).findFirst()
        .map(n -> headers.getJsonArray(n).getList()).orElse(List.of());
  }
}
