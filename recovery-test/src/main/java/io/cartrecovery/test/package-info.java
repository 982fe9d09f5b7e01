/**
 * For a host application's tests: {@link io.cartrecovery.test.RecoveryTestKit} runs an engine on a settable clock
 * with the virtual-time scheduler and a {@link io.cartrecovery.test.RecordingSender} per channel;
 * {@link io.cartrecovery.test.RecoveryArbitraries} gives jqwik arbitraries of carts, customers and store histories;
 * {@link io.cartrecovery.test.RecoveryStoreContract} and {@link io.cartrecovery.test.JudgmentStoreContract} are the
 * suites a {@code RecoveryStore} implementation's test extends. Add it in test scope.
 */
package io.cartrecovery.test;
