package io.cartrecovery.core;

import io.cartrecovery.core.internal.MustacheTemplateGenerator;

/**
 * Writes recovery messages. Implementations may be slow and may fail: the engine falls back to
 * {@link #templates()} whenever {@link #generate} throws.
 */
@FunctionalInterface
public interface MessageGenerator {

    /** Writes the message for one step. */
    Message generate(MessageRequest request);

    /** The built-in generator: localized templates, fast, never fails on valid input. */
    static MessageGenerator templates() {
        return MustacheTemplateGenerator.INSTANCE;
    }
}
