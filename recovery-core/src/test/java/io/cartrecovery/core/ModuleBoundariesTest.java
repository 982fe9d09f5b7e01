package io.cartrecovery.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No module's main code names another module's {@code ...internal} package (by import or fully qualified): those
 * packages are not API, and only the module that declares them may use them. Reads the sources of every module of
 * the reactor, examples and benchmarks included.
 */
class ModuleBoundariesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern INTERNAL_USE = Pattern.compile("\\b(io\\.cartrecovery(?:\\.\\w+)*\\.internal)\\b");

    @Test
    void noModuleUsesAnotherModulesInternalPackage() {
        Map<String, String> owners = new TreeMap<>();   // package -> module
        Map<Path, String> files = new TreeMap<>();      // source file -> module
        for (Path module : modules()) {
            String name = module.getFileName().toString();
            for (Path file : sources(module.resolve("src/main/java"))) {
                Matcher declared = PACKAGE.matcher(read(file));
                if (declared.find()) {
                    owners.put(declared.group(1), name);
                }
                files.put(file, name);
            }
        }
        assertThat(owners).as("packages found").containsEntry("io.cartrecovery.core.internal", "recovery-core");

        List<String> violations = new ArrayList<>();
        files.forEach((file, module) -> {
            Matcher use = INTERNAL_USE.matcher(read(file));
            while (use.find()) {
                String owner = owners.get(use.group(1));
                if (owner != null && !owner.equals(module)) {
                    violations.add(module + ": " + root().relativize(file) + " uses " + use.group(1) + " of " + owner);
                }
            }
        });
        assertThat(violations).as("uses of another module's internal package").isEmpty();
    }

    @Test
    void theCheckSeesAUseOfAnotherModulesInternalPackage() {
        Matcher use = INTERNAL_USE.matcher("import static io.cartrecovery.core.internal.Html.escape;");
        assertThat(use.find()).isTrue();
        assertThat(use.group(1)).isEqualTo("io.cartrecovery.core.internal");
    }

    /** The reactor's root: the parent of this module. */
    private static Path root() {
        return Path.of("").toAbsolutePath().getParent();
    }

    private static List<Path> modules() {
        try (Stream<Path> children = Files.list(root())) {
            List<Path> modules = children.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .filter(dir -> Files.isDirectory(dir.resolve("src/main/java"))).sorted().toList();
            assertThat(modules).as("modules under " + root()).hasSizeGreaterThanOrEqualTo(8);
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> sources(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(file -> file.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
