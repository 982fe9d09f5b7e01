package io.cartrecovery.examples;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block of the README is compiled by a test: this module's tests hold each one between
 * {@code // README:} and {@code // README end} ({@link ReadmeBlocks}, {@link ReadmeQuickstartTest}); the block of
 * "Testing your integration" is recovery-test's {@code ReadmeTestingExampleTest}, checked there; the Spring Boot
 * Flyway block is in the starter's {@code CartRecoveryDatabaseLifecycleTest}, which runs it.
 */
class ReadmeBlocksTest {
    private static final Path README = Path.of("..", "README.md");
    private static final List<Path> TESTS = List.of(Path.of("src", "test", "java"),
            Path.of("..", "recovery-spring-boot-starter", "src", "test", "java"));
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```\n", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile("\n( *)// README:\n(.*?)\n *// README end\n", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheReadmeIsInATestAndEveryCopyIsInTheReadme() throws IOException {
        String readme = Files.readString(README);
        String testing = readme.substring(readme.indexOf("\n## Testing your integration\n"),
                readme.indexOf("\n## ", readme.indexOf("\n## Testing your integration\n") + 1));
        List<String> blocks = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(readme.replace(testing, ""));
        while (block.find()) {
            blocks.add(block.group(1));
        }

        assertThat(blocks).isNotEmpty();
        assertThat(copiesInTests()).containsExactlyInAnyOrderElementsOf(blocks);
    }

    @Test
    void theLinksAndLlmBlocksRunAsWritten() {     // the others need a database, a relay's password or a port
        try (RecoveryEngine withLinks = ReadmeBlocks.links(new byte[32]);
             RecoveryEngine withLlm = ReadmeBlocks.llm()) {
            assertThat(List.of(withLinks, withLlm)).allSatisfy(engine ->
                    assertThat(engine.health().running()).isTrue());
        }
    }

    @Test
    void thePrivacyBlockRunsAsWritten() {
        SettableClock clock = SettableClock.at(Instant.parse("2026-03-02T09:00:00Z"));
        try (RecoveryEngine engine = RecoveryEngine.builder().clock(clock).scheduler(Scheduler.virtualTime(clock))
                .configureStore(StoreSettings.defaults("my-store")).build()) {
            engine.cartUpdated(new Cart("my-store", "cart-7", "cust-42", null, Currency.getInstance("USD"),
                    List.of(CartItem.of("SKU-1", "Sweater", 1, new BigDecimal("89.00"))), new BigDecimal("89.00"),
                    null, clock.instant()), Customer.of("my-store", "cust-42", "alex@example.com"));

            Object[] result = ReadmeBlocks.privacy(engine);

            ((ExecutorService) result[1]).shutdownNow();
            assertThat((String) result[0]).contains("\"email\":\"alex@example.com\"", "\"cartId\":\"cart-7\"");
            assertThat(engine.settings("my-store").retention()).isEqualTo(Duration.ofDays(180));
            assertThat(engine.exportCustomer("my-store", "cust-42").customer()).isNull();
        }
    }

    private static List<String> copiesInTests() throws IOException {
        List<String> copies = new ArrayList<>();
        for (Path tests : TESTS) {
            try (Stream<Path> files = Files.walk(tests)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                    Matcher region = REGION.matcher(read(file));
                    while (region.find()) {
                        copies.add(dedent(region.group(2) + "\n", region.group(1).length()));
                    }
                });
            }
        }
        return copies;
    }

    private static String dedent(String text, int indent) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
