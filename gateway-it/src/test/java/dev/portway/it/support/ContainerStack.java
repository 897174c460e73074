package dev.portway.it.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The containers of one test class on a network of their own, stopped in reverse start order and the
 * network removed after them (Ryuk is off here, so nothing else would clean up before the JVM exits).
 *
 * <p>Gateways find the upstreams by name through {@code /etc/hosts} entries ({@code --add-host}) as well
 * as through the network alias: Docker's embedded DNS is not available on every engine (it needs
 * {@code iptables} on the engine's PATH), and the names must resolve the same everywhere; see
 * docs/decisions/0501-upstream-names-through-hosts-entries.md.
 */
public final class ContainerStack implements AutoCloseable {
  private final Network network = Network.newNetwork();
  private final Deque<GenericContainer<?>> containers = new ArrayDeque<>();
  private final Map<String, String> hosts = new LinkedHashMap<>();

  public Network network() {
    return network;
  }

  /** Starts a {@link dev.portway.it.upstream.TestUpstream} reachable as {@code http://alias:8080}. */
  public UpstreamContainer upstream(String alias) {
    return upstream(alias, UpstreamContainer.PORT);
  }

  /** Starts a {@link dev.portway.it.upstream.TestUpstream} reachable as {@code http://alias:port}. */
  public UpstreamContainer upstream(String alias, int port) {
    UpstreamContainer upstream = new UpstreamContainer(alias, port);
    upstream.withNetwork(network).withNetworkAliases(alias).withExposedPorts(port);
    start(upstream);
    hosts.put(alias, addressOn(upstream));
    return upstream;
  }

  /**
   * Starts a {@link dev.portway.it.upstream.TestUpstream} on port 8080 inside the network namespace of
   * {@code host}, another upstream (listening elsewhere): killing this one leaves the address alive, so
   * connections to it are refused at once, as when an upstream process dies on a host that stays up.
   */
  public UpstreamContainer upstreamInside(UpstreamContainer host, String name) {
    UpstreamContainer upstream = new UpstreamContainer(name, UpstreamContainer.PORT);
    upstream.withNetworkMode("container:" + host.getContainerId());
    return start(upstream);
  }

  /** Starts a gateway on this network, set up by {@code setup} (config, env, host settings). */
  public GatewayContainer gateway(UnaryOperator<GatewayContainer> setup) {
    return start(setup.apply(withHosts(new GatewayContainer())));
  }

  /** {@code container} on this network, with the upstreams started so far in its {@code /etc/hosts}. */
  public <C extends GenericContainer<?>> C withHosts(C container) {
    container.withNetwork(network);
    hosts.forEach((name, address) -> container.withExtraHost(name, address));
    return container;
  }

  /** The address of a started container on this network. */
  public String addressOn(GenericContainer<?> container) {
    return container.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
        .filter(endpoint -> network.getId().equals(endpoint.getNetworkID()))
        .map(endpoint -> endpoint.getIpAddress())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(container.getContainerName() + " is not on " + network.getId()));
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
