package dev.portway.gateway.proxy;

import java.util.List;

/**
 * Told once about every finished exchange, whatever its outcome (metrics, access log). Runs on the
 * event loop: record and return.
 */
@FunctionalInterface
public interface ExchangeListener {

  void onComplete(ProxyExchange exchange);

  /** Tells each of {@code listeners} in turn. */
  static ExchangeListener all(List<ExchangeListener> listeners) {
    ExchangeListener[] array = listeners.toArray(ExchangeListener[]::new);
    return exchange -> {
      for (ExchangeListener listener : array) {
        listener.onComplete(exchange);
      }
    };
  }
}
