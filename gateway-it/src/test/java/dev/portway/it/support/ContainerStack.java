package dev.portway.it.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.UnaryOperator;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The containers of one test class on a network of their own, stopped in reverse start order and the
 * network removed after them (Ryuk is off here, so nothing else would clean up before the JVM exits).
 */
public final class ContainerStack implements AutoCloseable {
  private final Network network = Network.newNetwork();
  private final Deque<GenericContainer<?>> containers = new ArrayDeque<>();

  public Network network() {
    return network;
  }

  /** Starts a {@link dev.portway.it.upstream.TestUpstream} reachable as {@code http://alias:8080}. */
  public UpstreamContainer upstream(String alias) {
    return start(new UpstreamContainer(network, alias));
  }

  /** Starts a gateway on this network, set up by {@code setup} (config, env, host settings). */
  public GatewayContainer gateway(UnaryOperator<GatewayContainer> setup) {
    return start(setup.apply(new GatewayContainer().on(network)));
  }

  /** Starts {@code container}; it is stopped by {@link #close()} even when its start fails. */
  public <C extends GenericContainer<?>> C start(C container) {
    containers.push(container);
    container.start();
    return container;
  }

  @Override
  public void close() {
    while (!containers.isEmpty()) {
      containers.pop().stop();
    }
    network.close();
  }
}
