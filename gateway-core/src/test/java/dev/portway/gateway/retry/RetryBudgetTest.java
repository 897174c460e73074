package dev.portway.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.config.RetryBudgetConfig;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  @Test
  void minRetriesAreAllowedWhateverTheTraffic() {
    RetryBudget budget = new RetryBudget(new RetryBudgetConfig(0.0, 2));

    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isFalse();
  }

  @Test
  void beyondTheMinimumRetriesInFlightStayWithinTheRatioOfRequestsInFlight() {
    RetryBudget budget = new RetryBudget(new RetryBudgetConfig(0.2, 0));
    for (int i = 0; i < 10; i++) {
      budget.requestStarted();
    }

    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).as("2 of 10 in flight").isFalse();

    budget.requestStarted();
    budget.requestEnded(true);
    assertThat(budget.retriesInFlight()).isEqualTo(1);
    assertThat(budget.tryRetry()).isTrue();
  }

  @Test
  void aCancelledRetryGivesItsPlaceBack() {
    RetryBudget budget = new RetryBudget(new RetryBudgetConfig(0.0, 1));
    assertThat(budget.tryRetry()).isTrue();

    budget.cancelRetry();

    assertThat(budget.tryRetry()).isTrue();
  }
}
