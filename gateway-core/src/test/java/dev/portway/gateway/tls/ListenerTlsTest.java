package dev.portway.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Eventually;
import dev.portway.gateway.Gateway;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.EchoServerConfig;
import dev.portway.gateway.config.GatewayConfig;
import dev.portway.gateway.config.LimitsConfig;
import dev.portway.gateway.config.ListenerConfig;
import dev.portway.gateway.config.TlsConfig;
import dev.portway.gateway.echo.EchoServer;
import dev.portway.gateway.security.Networks;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS termination on the traffic listener, checked with JDK TLS sockets that trust the test CA only. */
class ListenerTlsTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private TestPki pki;
  private TestPki.Issued first;
  private TestPki.Issued second;
  private int port;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pki = TestPki.create("Portway test CA");
    first = pki.issue(dir, "a.example");
    second = pki.issue(dir, "b.example");
    int echo = EchoServer.start(vertx, new EchoServerConfig("127.0.0.1", 0)).await().actualPort();
    TlsConfig tls = new TlsConfig(List.of(certificate(first), certificate(second)), Duration.ofMillis(50));
    GatewayConfig base = TestConfigs.gateway(List.of(TestConfigs.upstream("echo", echo)),
        List.of(TestConfigs.route("echo", "/**", "echo")));
    GatewayConfig config = new GatewayConfig(base.source(), new ListenerConfig("127.0.0.1", 0, tls, LimitsConfig.DEFAULTS, Networks.NONE),
        base.admin(), base.drainTimeout(), base.accessLog(), base.echoServer(), base.upstreams(), base.routes());
    port = Gateway.start(vertx, config).await().port();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private static TlsConfig.Certificate certificate(TestPki.Issued issued) {
    return new TlsConfig.Certificate(issued.certFile(), issued.keyFile());
  }

  /** Handshakes with {@code sni} (or none) offering {@code protocols}, sends a GET, returns what was seen. */
  private Seen connect(String sni, String... protocols) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(Files.newInputStream(pki.writeCertificate(dir.resolve("ca.crt")))));
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      SSLParameters parameters = socket.getSSLParameters();
      if (sni != null) {
        parameters.setServerNames(List.of(new SNIHostName(sni)));
      }
      if (protocols.length > 0) {
        parameters.setProtocols(protocols);
      }
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      return new Seen(presented.getSerialNumber(), socket.getSession().getProtocol(), answer);
    }
  }

  private record Seen(BigInteger serial, String protocol, String answer) {}

  @Test
  void theSniNamePicksTheCertificateAndRequestsAreProxied() throws Exception {
    Seen a = connect("a.example");
    Seen b = connect("b.example");

    assertThat(a.serial()).isEqualTo(first.certificate().getSerialNumber());
    assertThat(b.serial()).isEqualTo(second.certificate().getSerialNumber());
    assertThat(b.answer()).startsWith("HTTP/1.1 200").contains("\"path\":\"/hello\"");
  }

  @Test
  void theUpstreamHearsThatTheClientCameOverHttps() throws Exception {
    assertThat(connect("a.example").answer()).contains("\"X-Forwarded-Proto\":[\"https\"]");
  }

  @Test
  void withoutSniTheFirstCertificateIsTheDefault() throws Exception {
    assertThat(connect(null).serial()).isEqualTo(first.certificate().getSerialNumber());
  }

  @Test
  void tls12IsAcceptedAndTls13PreferredWhenOffered() throws Exception {
    assertThat(connect("a.example", "TLSv1.2").protocol()).isEqualTo("TLSv1.2");
    assertThat(connect("a.example").protocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void onlyTls12AndNewerAreEnabled() {
    assertThat(ListenerTls.PROTOCOLS).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
  }

  @Test
  void aCertificateReplacedOnDiskIsServedWithoutRestart() throws Exception {
    TestPki.Issued renewed = pki.issue(dir, "b.example");
    // Key first, then the certificate: until both are in place the pair does not match and the old one stays.
    Files.copy(renewed.keyFile(), second.keyFile(), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(renewed.certFile(), second.certFile(), StandardCopyOption.REPLACE_EXISTING);

    Eventually.until(() -> {
      try {
        return connect("b.example").serial().equals(renewed.certificate().getSerialNumber());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertThat(connect("a.example").serial()).isEqualTo(first.certificate().getSerialNumber());
  }

  @Test
  void aBrokenFileOnDiskKeepsTheCertificateInForce() throws Exception {
    Files.writeString(second.certFile(), "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");

    // Several reload intervals pass; every handshake still gets the original certificate.
    for (int i = 0; i < 10; i++) {
      assertThat(connect("b.example").serial()).isEqualTo(second.certificate().getSerialNumber());
    }
  }
}
