package dev.portway.gateway.config;

/**
 * {@code retryBudget:} of an upstream: retries in flight may be at most {@code ratio} of the requests in
 * flight to it, but {@code minRetries} are always allowed (so a quiet upstream can still retry).
 */
public record RetryBudgetConfig(double ratio, int minRetries) {

  public static final RetryBudgetConfig DEFAULTS = new RetryBudgetConfig(0.2, 3);
}
