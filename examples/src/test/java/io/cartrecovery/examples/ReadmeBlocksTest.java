package io.cartrecovery.examples;

import io.cartrecovery.core.RecoveryEngine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
