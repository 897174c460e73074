package dev.portway.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh Vert.x instance and test client per test; closing Vert.x closes every server, gateway and
 * client the test started on it.
 */
public abstract class LoopbackTest {

  protected Vertx vertx;
  protected HttpClient client;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }
}
