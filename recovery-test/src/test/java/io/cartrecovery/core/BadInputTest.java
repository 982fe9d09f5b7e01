package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static io.cartrecovery.core.EngineHarness.OTHER_STORE;
import static io.cartrecovery.core.EngineHarness.STORE;
import static io.cartrecovery.test.Fixtures.T0;
import static io.cartrecovery.test.Fixtures.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BadInputTest {
    private final EngineHarness h = new EngineHarness();

    private static CartItem item() {
        return CartItem.of("SKU-1", "Sweater", 1, new BigDecimal("10.00"));
    }

    @Test
    void valueTypesNameTheOffendingField() {
        assertThatThrownBy(() -> new CartItem("SKU", "Sweater", 1, new BigDecimal("-1"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitPrice");
        assertThatThrownBy(() -> new CartItem("SKU", "Sweater", 0, BigDecimal.ONE, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantity");
        assertThatThrownBy(() -> new CartItem(" ", "Sweater", 1, BigDecimal.ONE, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sku");
        assertThatThrownBy(() -> new Cart(STORE, "c1", "u1", null, USD, List.of(), BigDecimal.ONE, null, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("items");
        assertThatThrownBy(() -> new Cart(STORE, null, "u1", null, USD, List.of(item()), BigDecimal.ONE, null, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cartId");
        assertThatThrownBy(() -> new Cart(STORE, "c1", "u1", null, USD, List.of(item()), new BigDecimal("-5"), null, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total");
        assertThatThrownBy(() -> new Cart(STORE, "c1", "u1", null, USD, List.of(item()), BigDecimal.ONE,
                "javascript:alert(1)", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restoreUrl");
        assertThatThrownBy(() -> new Order(STORE, "o1", "c1", "u1", new BigDecimal("-1"), T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total");
        assertThatThrownBy(() -> new Order(STORE, "o1", null, null, BigDecimal.ONE, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cartId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "a@b", "two@@example.com", "space in@example.com", "x@example.com\r\nBcc: y@z.com"})
    void malformedEmailIsRejected(String email) {
        assertThatThrownBy(() -> new Customer(STORE, "u1", email, null, null, null, 0, BigDecimal.ZERO, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("email");
    }

    @Test
    void lineBreaksInTextThatMayReachHeadersAreRejected() {
        assertThatThrownBy(() -> new Customer(STORE, "u1", null, "Eve\r\nBcc: x@y.z", null, null, 0, BigDecimal.ZERO, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstName");
        assertThatThrownBy(() -> new Message("Hi\nBcc: x", "", "t", "h", "Go"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
    }

    @Test
    void hugeCartsAreRejectedWithAClearMessage() {
        List<CartItem> items = java.util.stream.IntStream.range(0, 10_000)
                .mapToObj(i -> CartItem.of("SKU-" + i, "Item " + i, 1, BigDecimal.ONE)).toList();
        assertThatThrownBy(() -> new Cart(STORE, "c1", "u1", null, USD, items, BigDecimal.ONE, null, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("items must hold at most");
        assertThatThrownBy(() -> CartItem.of("SKU", "x".repeat(1_000_000), 1, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title");
    }

    @Test
    void unknownStoreAndSequenceAreNotFound() {
        assertThatThrownBy(() -> h.engine.cartUpdated(Fixtures.cart("nowhere", "c1", "u1", T0), null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("store");
        assertThatThrownBy(() -> h.engine.sequence(STORE, "missing"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("sequence");
        assertThatThrownBy(() -> h.engine.cartAbandoned(STORE, "missing", T0))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("cart");
    }

    @Test
    void nullsAndBlanksAreRejectedByName() {
        assertThatThrownBy(() -> h.engine.cartUpdated(null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cart");
        assertThatThrownBy(() -> h.engine.cartAbandoned(STORE, " ", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cartId");
        assertThatThrownBy(() -> h.engine.cartAbandoned(STORE, "c1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("abandonedAt");
        assertThatThrownBy(() -> h.engine.customerOptedOut(STORE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customerId");
        assertThatThrownBy(() -> h.engine.stop(STORE, "s", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> h.engine.settings(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storeId");
    }

    @Test
    void rejectedInputLeavesStoredDataUnchanged() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        Cart before = h.store.cart(STORE, "c1").orElseThrow();

        assertThatThrownBy(() -> h.engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0.plusSeconds(5)),
                Fixtures.customer(STORE, "other"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.engine.cartAbandoned(STORE, "c1", T0.plus(Duration.ofDays(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("future");

        assertThat(h.store.cart(STORE, "c1")).contains(before);
        assertThat(h.reload(sequence)).isEqualTo(sequence);
    }

    @Test
    void oneStoreNeverSeesOrTouchesAnotherStoresSequences() {
        RecoverySequence sequence = h.abandon("c1", "u1");

        assertThatThrownBy(() -> h.engine.sequence(OTHER_STORE, sequence.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> h.engine.stop(OTHER_STORE, sequence.id(), StopReason.MANUAL))
                .isInstanceOf(NotFoundException.class);
        h.engine.customerOptedOut(OTHER_STORE, "u1");
        h.engine.orderPlaced(new Order(OTHER_STORE, "o1", "c1", "u1", BigDecimal.TEN, T0));
        assertThat(h.engine.activeSequences(OTHER_STORE, PageRequest.first(10)).items()).isEmpty();
        assertThat(h.reload(sequence).isActive()).isTrue();
    }

    @Test
    void policiesRejectInconsistentPlans() {
        assertThatThrownBy(() -> new SequencePolicy(SequenceType.RETURNING, List.of(
                StepDefinition.of("A", Duration.ofHours(2), Channel.EMAIL, Tone.HELPFUL_REMINDER),
                StepDefinition.of("B", Duration.ofHours(1), Channel.EMAIL, Tone.SOCIAL_PROOF))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offsets");
        assertThatThrownBy(() -> StepDefinition.of("A:B", Duration.ofHours(1), Channel.EMAIL, Tone.LAST_CHANCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> SequencePolicy.defaults(SequenceType.RETURNING)
                .withIncentive("EMAIL_96H", Incentive.percentOff("SAVE", 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stepId");
        assertThatThrownBy(() -> Incentive.percentOff("SAVE", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("percentOff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"u\u0000", "line\nbreak", "\u2028", " "})
    void idsOfTheEntryPointsFollowTheValueTypesRule(String id) {
        String tooLong = "x".repeat(Limits.MAX_ID_LENGTH + 1);
        for (String bad : List.of(id, tooLong)) {
            assertThatThrownBy(() -> h.engine.eraseCustomer(STORE, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customerId");
            assertThatThrownBy(() -> h.engine.customerOptedOut(STORE, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customerId");
            assertThatThrownBy(() -> h.engine.eraseStore(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storeId");
            assertThatThrownBy(() -> h.engine.sequence(bad, "s1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storeId");
            assertThatThrownBy(() -> h.engine.cartAbandoned(STORE, bad, T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cartId");
        }
    }

    @Test
    void customerToStringKeepsPersonalDataOut() {
        assertThat(Fixtures.customer(STORE, "u1").toString()).doesNotContain("@").doesNotContain("Alex");
    }
}
