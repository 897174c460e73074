package dev.portway.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Http.Response;
import dev.portway.gateway.config.ApiKeyConfig;
import dev.portway.gateway.config.RouteSecurity;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyTest {

  static final String ACME_KEY = "pk_live_0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final String GLOBEX_KEY = "pk_live_ffeeddccbbaa99887766554433221100";

  private SecuredGateway gateway;

  static ApiKeyConfig.Consumer consumer(String name, String key) {
    return new ApiKeyConfig.Consumer(name, HexFormat.of().formatHex(ApiKey.sha256(key)));
  }

  static RouteSecurity apiKey(String header, String query) {
    return new RouteSecurity(new ApiKeyConfig(header, query, "X-Consumer",
        List.of(consumer("acme", ACME_KEY), consumer("globex", GLOBEX_KEY))), null, null);
  }

  @BeforeEach
  void setUp() {
    gateway = new SecuredGateway().start(
        SecuredGateway.route("header", "/h/**", apiKey("X-Api-Key", null)),
        SecuredGateway.route("query", "/q/**", apiKey(null, "api_key")),
        SecuredGateway.route("open", "/open/**", RouteSecurity.NONE));
  }

  @AfterEach
  void tearDown() {
    gateway.close();
  }

  @Test
  void aKnownKeyInTheHeaderPassesTheConsumerUpstreamAndNotTheKey() {
    Response response = gateway.get("/h/x", "X-Api-Key", GLOBEX_KEY, "X-Consumer", "spoofed");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonObject("headers").getJsonArray("X-Consumer")).containsExactly("globex");
    assertThat(response.json().getJsonObject("headers").containsKey("X-Api-Key")).isFalse();
  }

  @Test
  void aKnownKeyInTheQueryIsAccepted() {
    Response response = gateway.get("/q/x?api_key=" + ACME_KEY);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonObject("headers").getJsonArray("X-Consumer")).containsExactly("acme");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "api_key=" + ACME_KEY + "                      | NULL",
      "a=1&api_key=" + ACME_KEY + "&b=%2F+x&a=2      | a=1&b=%2F+x&a=2",
      "api_key=" + ACME_KEY + "&c=%C3%A9             | c=%C3%A9",
      "x=&api%5Fkey=" + ACME_KEY + "&api_key_2=y     | x=&api_key_2=y",
  })
  void theKeyParameterIsNotForwardedButTheRestOfTheQueryIs(String query, String upstreamQuery) {
    Response response = gateway.get("/q/x?" + query);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonObject("headers").getJsonArray("X-Consumer")).containsExactly("acme");
    assertThat(response.json().getString("query")).isEqualTo(upstreamQuery);
  }

  @Test
  void noKeyIs401WithAChallengeNamingWhereTheKeyGoes() {
    Response response = gateway.get("/h/x");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers().get("WWW-Authenticate")).isEqualTo("ApiKey realm=\"portway\", header=\"X-Api-Key\"");
    assertThat(gateway.failures("header", "apiKey", "missing")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pk_live_0a1b2c3d4e5f60718293a4b5c6d7e8f8", "x", "PK_LIVE_FFEEDDCCBBAA99887766554433221100"})
  void anUnknownKeyIs401AndTheBodySaysNothingAboutWhy(String key) {
    Response response = gateway.get("/h/x", "X-Api-Key", key);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().getString("message")).isEqualTo("a valid API key is required");
    assertThat(gateway.failures("header", "apiKey", "invalid")).isEqualTo(1);
  }

  @Test
  void aKeyInTheWrongPlaceIsNotAccepted() {
    assertThat(gateway.get("/q/x", "api_key", ACME_KEY).status()).isEqualTo(401);
    assertThat(gateway.get("/h/x?X-Api-Key=" + ACME_KEY).status()).isEqualTo(401);
  }

  @Test
  void aRouteWithoutApiKeyStaysOpen() {
    assertThat(gateway.get("/open/x").status()).isEqualTo(200);
  }
}
