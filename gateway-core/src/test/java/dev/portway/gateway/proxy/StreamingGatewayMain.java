package dev.portway.gateway.proxy;

import static dev.portway.gateway.TestConfigs.gateway;
import static dev.portway.gateway.TestConfigs.route;
import static dev.portway.gateway.TestConfigs.upstream;

import dev.portway.gateway.Gateway;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.List;

/**
 * A gateway in its own JVM for {@link StreamingTest}: routes everything to the upstream port given as
 * the argument, prints {@code PORT <n>} once listening, and exits when its standard input closes.
 */
public final class StreamingGatewayMain {

  private StreamingGatewayMain() {}

  public static void main(String[] args) throws IOException {
    int upstreamPort = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    Gateway gateway = Gateway.start(vertx, gateway(List.of(upstream("big", upstreamPort)),
        List.of(route("big", "/**", "big")))).await();
    System.out.println("PORT " + gateway.port());
    System.out.flush();
    while (System.in.read() >= 0) {
      // Wait for the test to close our stdin (or die): then stop.
    }
    vertx.close().await();
  }
}
