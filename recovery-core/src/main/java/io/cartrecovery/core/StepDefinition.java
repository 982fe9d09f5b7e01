package io.cartrecovery.core;

import java.time.Duration;

/**
 * One planned step of a sequence.
 *
 * @param id        stable name of the step, part of the idempotency key (for example {@code EMAIL_24H})
 * @param offset    time from abandonment to the step, positive; never from the previous step
 * @param channel   how the message is delivered
 * @param tone      the voice of the message
 * @param incentive discount granted by this step, or {@code null}
 */
public record StepDefinition(String id, Duration offset, Channel channel, Tone tone, Incentive incentive) {

    public StepDefinition {
        Checks.id(id, "id");
        if (id.indexOf(':') >= 0) {
            throw new IllegalArgumentException("id must not contain ':'");
        }
        Checks.notNull(offset, "offset");
        if (offset.isNegative() || offset.isZero()) {
            throw new IllegalArgumentException("offset must be positive");
        }
        Checks.notNull(channel, "channel");
        Checks.notNull(tone, "tone");
    }

    public static StepDefinition of(String id, Duration offset, Channel channel, Tone tone) {
        return new StepDefinition(id, offset, channel, tone, null);
    }

    /** This step offering the given incentive. */
    public StepDefinition withIncentive(Incentive newIncentive) {
        return new StepDefinition(id, offset, channel, tone, newIncentive);
    }
}
