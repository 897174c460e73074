package dev.portway.gateway.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a {@code jwksUrl}, fetched with the Vert.x client (never blocking an event loop) and
 * kept for {@code jwksCacheTtl}. A token naming a {@code kid} the cached set lacks triggers a fetch
 * (the issuer rotated its keys), but at most one per {@code jwksMinRefetch}, so a flood of tokens
 * with made-up kids costs the issuer nothing. When a fetch fails the previous keys stay in use.
 */
final class JwksKeys {

  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);

  private final HttpClient client;
  private final URI url;
  private final Duration ttl;
  private final Duration minRefetch;
  private final Clock clock;
  private volatile JWKSet keys = new JWKSet();
  private Instant fetchedAt = Instant.MIN;
  private Instant attemptedAt = Instant.MIN;
  private Future<JWKSet> fetching;

  JwksKeys(Vertx vertx, URI url, Duration ttl, Duration minRefetch, Clock clock) {
    this.client = vertx.createHttpClient();
    this.url = url;
    this.ttl = ttl;
    this.minRefetch = minRefetch;
    this.clock = clock;
  }

  /** The current keys, fetched first when they are stale or lack {@code kid} and a fetch is allowed. */
  synchronized Future<JWKSet> keys(String kid) {
    Instant now = clock.instant();
    boolean stale = now.isAfter(fetchedAt.plus(ttl));
    boolean unknown = kid == null ? keys.isEmpty() : keys.getKeyByKeyId(kid) == null;
    if (!stale && !unknown) {
      return Future.succeededFuture(keys);
    }
    if (fetching != null) {
      return fetching;
    }
    if (now.isBefore(attemptedAt.plus(minRefetch))) {
      return Future.succeededFuture(keys);
    }
    attemptedAt = now;
    Future<JWKSet> result = fetch().map(fetched -> {
      synchronized (this) {
        keys = fetched;
        fetchedAt = clock.instant();
        fetching = null;
      }
      return fetched;
    }).recover(failure -> {
      LOG.warn("JWKS {} not fetched, keeping {} cached keys: {}", url, keys.size(), failure.toString());
      synchronized (this) {
        fetching = null;
      }
      return Future.succeededFuture(keys);
    });
    fetching = result.isComplete() ? null : result;
    return result;
  }

  private Future<JWKSet> fetch() {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
        .putHeader("Accept", "application/json").setTimeout(5000);
    return client.request(request)
        .compose(r -> r.send())
        .compose(response -> {
          if (response.statusCode() != 200) {
            return Future.failedFuture("HTTP " + response.statusCode());
          }
          return response.body();
        })
        .compose(body -> {
          try {
            return Future.succeededFuture(publicOnly(JWKSet.parse(body.toString())));
          } catch (ParseException e) {
            return Future.failedFuture(e);
          }
        });
  }

  /** A JWKS endpoint publishing private parts by mistake must not make the gateway hold them. */
  private static JWKSet publicOnly(JWKSet set) {
    List<JWK> keys = new ArrayList<>();
    for (JWK key : set.getKeys()) {
      JWK publicKey = key.toPublicJWK();
      if (publicKey != null) {
        keys.add(publicKey);
      }
    }
    return new JWKSet(keys);
  }
}
