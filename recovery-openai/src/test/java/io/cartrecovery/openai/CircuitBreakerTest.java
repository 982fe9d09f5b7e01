package io.cartrecovery.openai;

import io.cartrecovery.core.SettableClock;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    private final SettableClock clock = SettableClock.at(Fixtures.T0);
    private final CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30), clock);

    @Test
    void rejectsNowTellsWithoutChangingAnything() {
        assertThat(breaker.rejectsNow()).isFalse();
        breaker.tryAcquire();
        breaker.onFailure();
        breaker.tryAcquire();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.rejectsNow()).isTrue();

        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.rejectsNow()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN); // asking let no probe out
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.rejectsNow()).isTrue(); // the probe is in flight
    }

    @Test
    void anAbandonedProbeLetsTheNextOneGoWithoutClosingOrOpening() {
        breaker.tryAcquire();
        breaker.onFailure();
        breaker.tryAcquire();
        breaker.onFailure();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();

        breaker.onAbandoned();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
