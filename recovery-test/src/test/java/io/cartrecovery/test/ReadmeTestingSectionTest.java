package io.cartrecovery.test;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Testing your integration" example is {@link ReadmeTestingExampleTest}, which compiles and runs. */
class ReadmeTestingSectionTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "io", "cartrecovery", "test",
            "ReadmeTestingExampleTest.java");

    @Test
    void theReadmeExampleIsTheTestThatRuns() throws IOException {
        String readme = Files.readString(README);
        String section = readme.substring(readme.indexOf("\n## Testing your integration\n"));
        int start = section.indexOf("```java\n") + "```java\n".length();
        String block = section.substring(start, section.indexOf("```\n", start));

        String source = Files.readString(EXAMPLE);
        String withoutPackage = source.substring(source.indexOf('\n') + 1).stripLeading();

        assertThat(block).isEqualTo(withoutPackage);
    }
}
