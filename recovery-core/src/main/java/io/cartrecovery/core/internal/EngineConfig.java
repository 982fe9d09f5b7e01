package io.cartrecovery.core.internal;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.RecoveryListener;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.RetryPolicy;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.links.SignedLinks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The engine's resolved configuration, as the builder made it. */
public record EngineConfig(RecoveryStore store, Scheduler scheduler, MessageGenerator messageGenerator,
                           Map<Channel, Sender> senders, Clock clock, RandomGenerator random,
                           RetryPolicy retryPolicy, Duration lease, SignedLinks links,
                           List<RecoveryListener> listeners) {

    @Override
    public String toString() {
        return "store=" + store.getClass().getSimpleName() + ", scheduler=" + scheduler.getClass().getSimpleName()
                + ", messageGenerator=" + messageGenerator.getClass().getSimpleName() + ", channels="
                + senders.keySet() + ", retryPolicy=" + retryPolicy + ", lease=" + lease + ", links=" + links
                + ", listeners=" + listeners.size();
    }
}
