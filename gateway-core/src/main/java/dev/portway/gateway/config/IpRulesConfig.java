package dev.portway.gateway.config;

import dev.portway.gateway.security.Networks;

/**
 * {@code ipRules:} on a route. A client address in {@code deny} is refused; when {@code allow} is not
 * empty, an address outside it is refused too (403). The address is the one {@code listener.trustedProxies}
 * resolves.
 */
public record IpRulesConfig(Networks allow, Networks deny) {}
