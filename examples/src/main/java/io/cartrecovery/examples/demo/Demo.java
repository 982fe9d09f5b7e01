package io.cartrecovery.examples.demo;

import io.cartrecovery.core.RecoveryEvent;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the simulated store on virtual time, then prints and writes the report. */
public final class Demo {
    private Demo() {}

    /**
     * Runs the demo with {@code options}, printing progress and the report to {@code console}.
     *
     * @param interactive whether {@code console} is a terminal (the progress bar redraws one line)
     */
    public static DemoResult run(DemoOptions options, PrintStream console, boolean interactive) {
        return run(options, System.getenv(), console, interactive);
    }

    /** Runs the demo with {@code env} in place of the environment ({@code OPENAI_*} variables). */
    static DemoResult run(DemoOptions options, Map<String, String> env, PrintStream console, boolean interactive) {
        long startedNanos = System.nanoTime(); // wall time of the run, for the report only
        try (DemoWiring.Wired wired = DemoWiring.wire(options, env)) {
            DemoResult.Storage storage = wired.database().description();
            console.printf("Cart recovery demo: %,d carts over %d days (seed %d), store: %s, %s%n", options.carts(),
                    options.days(), options.seed(), storage.description(), wired.generatorLabel());
            Instant from = DemoWiring.START;
            Instant to = from.plus(Duration.ofDays(options.days()));
            wired.simulation().planArrivals(options.carts(), Duration.ofDays(options.days()));
            ProgressBar bar = new ProgressBar(console, interactive, "Simulating");
            // The period is [from, to): what falls due exactly at its end belongs to the next one, so that every
            // .eml written is in the report.
            wired.simulation().runUntil(to.minusMillis(1), fraction -> bar.update(fraction,
                    "day " + Math.min(options.days(), 1 + (int) (fraction * options.days())) + " of " + options.days()));
            bar.finish();

            wired.outbox().flush(); // every .eml on disk before the report counts them
            List<RecoveryEvent> events = wired.store().events(DemoWiring.STORE_ID, from, to); // to exclusive
            Path html = options.out().resolve("demo-report.html");
            DemoResult result = new DemoResult(options, storage, wired.settings(), from, to, events,
                    wired.engine().analytics(DemoWiring.STORE_ID, from, to),
                    EventTally.of(events, wired.settings(), DemoWiring.STORE_ZONE),
                    wired.simulation().orders(), wired.outbox().written(), wired.simulation().engagement(),
                    wired.outbox().folder(), html, Duration.ofNanos(System.nanoTime() - startedNanos));
            removeEarlierEmails(wired.outbox());
            HtmlReport.write(result);
            console.print(ConsoleReport.render(result));
            return result;
        }
    }

    /**
     * Removes the {@code .eml} files of an earlier run that this one did not write again, so the outbox shows this
     * run only. Done after the run, not before: a message is written over its earlier file in place (the names are
     * the deterministic idempotency keys), because creating thousands of files right after deleting as many makes
     * ext4 search its inode tables for each one, which took longer than the whole simulation.
     */
    private static void removeEarlierEmails(OutboxSender outbox) {
        try (Stream<Path> files = Files.list(outbox.folder())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".eml"))
                    .filter(f -> Files.isRegularFile(f) && !outbox.wrote(f)).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the outbox " + outbox.folder(), e);
        }
    }
}
