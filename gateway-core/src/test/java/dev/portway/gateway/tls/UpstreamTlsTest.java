package dev.portway.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.Gateway;
import dev.portway.gateway.Http;
import dev.portway.gateway.Http.Response;
import dev.portway.gateway.TestConfigs;
import dev.portway.gateway.config.TargetConfig;
import dev.portway.gateway.config.UpstreamConfig;
import dev.portway.gateway.config.UpstreamTlsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https upstream on loopback with a certificate from a private CA that requires a client
 * certificate from another private CA, and answers with the client certificate's subject.
 */
class UpstreamTlsTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private Path serverCa;
  private TestPki.Issued gatewayCertificate;
  private int upstreamPort;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    TestPki servers = TestPki.create("Upstream CA");
    TestPki clients = TestPki.create("Gateway client CA");
    serverCa = servers.writeCertificate(dir.resolve("servers-ca.crt"));
    Path clientCa = clients.writeCertificate(dir.resolve("clients-ca.crt"));
    TestPki.Issued server = servers.issue(dir, "127.0.0.1", "localhost");
    gatewayCertificate = clients.issue(dir, "portway-gateway");
    upstreamPort = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(server.certFile().toString())
                .setKeyPath(server.keyFile().toString()))
            .setTrustOptions(new PemTrustOptions().addCertPath(clientCa.toString()))
            .setClientAuth(ClientAuth.REQUIRED))
        .requestHandler(request -> {
          String subject;
          try {
            subject = ((X509Certificate) request.connection().peerCertificates().get(0)).getSubjectX500Principal().getName();
          } catch (SSLPeerUnverifiedException e) {
            subject = "none";
          }
          request.response().end(subject);
        })
        .listen(0, "127.0.0.1").await().actualPort();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Response through(UpstreamTlsConfig tls) {
    UpstreamConfig base = TestConfigs.upstream("secure", upstreamPort);
    UpstreamConfig upstream = new UpstreamConfig(base.name(),
        List.of(new TargetConfig("https://127.0.0.1:" + upstreamPort, "127.0.0.1", upstreamPort, true, 1)),
        base.loadBalancer(), base.timeouts(), base.hashOn(), base.healthCheck(), base.outlierDetection(),
        base.circuitBreaker(), base.retryBudget(), base.protocol(), tls);
    Gateway gateway = Gateway.start(vertx, TestConfigs.gateway(List.of(upstream),
        List.of(TestConfigs.route("secure", "/**", "secure")))).await();
    return Http.get(vertx.createHttpClient(), gateway.port(), "/x");
  }

  @Test
  void withThePrivateCaAndAClientCertificateTheUpstreamSeesTheGateway() {
    Response response = through(
        new UpstreamTlsConfig(serverCa, gatewayCertificate.certFile(), gatewayCertificate.keyFile(), true));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().toString()).isEqualTo("CN=portway-gateway");
  }

  @Test
  void withoutAClientCertificateTheUpstreamRefusesTheHandshake() {
    assertThat(through(new UpstreamTlsConfig(serverCa, null, null, true)).status()).isEqualTo(502);
  }

  @Test
  void withoutThePrivateCaTheUpstreamCertificateIsNotTrusted() {
    UpstreamTlsConfig jvmTrust = new UpstreamTlsConfig(null, gatewayCertificate.certFile(), gatewayCertificate.keyFile(), true);

    assertThat(through(jvmTrust).status()).isEqualTo(502);
  }
}
