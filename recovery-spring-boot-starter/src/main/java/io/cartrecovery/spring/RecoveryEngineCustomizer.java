package io.cartrecovery.spring;

import io.cartrecovery.core.RecoveryEngine;

/** Adjusts the auto-configured engine's builder (more channels, a retry policy) before it is built. */
@FunctionalInterface
public interface RecoveryEngineCustomizer {

    /** Called once, after the starter applied its beans and properties. */
    void customize(RecoveryEngine.Builder builder);
}
