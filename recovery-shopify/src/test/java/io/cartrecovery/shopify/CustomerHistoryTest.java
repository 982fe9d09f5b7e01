package io.cartrecovery.shopify;

import io.cartrecovery.core.Customer;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.shopify.CustomerHistory.Summary;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerHistoryTest {

    @Test
    void theRecordedHistoryIsWhatTheStoreLastKeptElseFirstTime() {
        RecoveryStore store = RecoveryStore.inMemory();
        store.saveCustomer(new Customer("s", "603851970716743426", "john@example.com", "John", Locale.US, null, 5,
                new BigDecimal("1250.00"), true));
        CustomerHistory recorded = CustomerHistory.recorded(store);

        assertThat(recorded.summary("s", "603851970716743426")).isEqualTo(new Summary(5, new BigDecimal("1250.00")));
        assertThat(recorded.summary("s", "someone-else")).isEqualTo(Summary.FIRST_TIME);
        assertThat(recorded.summary("other-store", "603851970716743426")).isEqualTo(Summary.FIRST_TIME);
        assertThat(CustomerHistory.firstTime().summary("s", "603851970716743426")).isEqualTo(Summary.FIRST_TIME);

        // the 2026-07 checkout sample carries no history: the recorded one is used
        Customer mapped = ShopifyPayloads.checkout("s", Samples.sample("checkouts/create"), recorded).customer();
        assertThat(mapped.orderCount()).isEqualTo(5);
        assertThat(mapped.lifetimeValue()).isEqualTo(new BigDecimal("1250.00"));
    }

    @Test
    void aSummaryHoldsOnlyWhatACustomerMay() {
        assertThatThrownBy(() -> new Summary(-1, BigDecimal.ZERO)).hasMessage("orderCount must not be negative");
        assertThatThrownBy(() -> new Summary(0, new BigDecimal("1e12")))
                .hasMessage("lifetimeValue must be less than 10^12");
        assertThatThrownBy(() -> CustomerHistory.recorded(null)).hasMessage("store must not be null");
    }
}
