/**
 * Implementation of {@code recovery-core}; not API. Its classes may change or disappear in any release, and the
 * public ones are public only so that the API packages can create them: use the factories in
 * {@code io.cartrecovery.core} instead ({@code RecoveryEngine.builder()}, {@code RecoveryStore.inMemory()},
 * {@code Scheduler}, {@code MessageGenerator}). It is left out of the javadoc.
 */
package io.cartrecovery.core.internal;
