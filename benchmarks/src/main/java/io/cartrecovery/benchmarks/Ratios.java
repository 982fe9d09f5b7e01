package io.cartrecovery.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures that hold on the reader's machine: each pair measured side by side in one run, and their ratio,
 * which does not move with the machine as the absolute figures do.
 * <ul>
 *   <li>emails rendered by the built-in generator against mustache.java alone rendering the same templates
 *   ({@link TemplateRenderBenchmark}), and engine steps on the in-memory store with the templates, one thread
 *   ({@link EngineThroughputBenchmark}), against the same bare render;</li>
 *   <li>JDBC steps on PostgreSQL with the JDBC scheduler ({@link JdbcStepBenchmark}) against the same steps with
 *   db-scheduler as the engine's scheduler ({@link JdbcDbSchedulerBenchmark}), and against PostgreSQL's own rate
 *   of one-commit transactions on the same server, {@code pgbench -N} with as many clients as the step
 *   benchmark has connections.</li>
 * </ul>
 * Short iteration counts by default (a few minutes in all); {@code --iterations N} measures N iterations of each
 * JMH benchmark but the db-scheduler one (one warm-up and two measured iterations of 20,000 steps, the slowest), {@code --pgbench-seconds S} runs each of the three pgbench runs S seconds, {@code --skip-jdbc}
 * leaves PostgreSQL out. The spread of a figure is the slowest and fastest measured iteration (pgbench: run); the
 * spread of a ratio pairs the extremes.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.cartrecovery.benchmarks.Ratios</pre>
 */
public final class Ratios {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    /** A measured rate in operations per second: mean, slowest and fastest iteration, how many. */
    record Rate(String what, double mean, double min, double max, int n) {
        Rate {
            if (n < 1 || min > max) {
                throw new IllegalArgumentException("a rate needs at least one measurement, min <= max");
            }
        }

        /** This rate divided by {@code other}, the spread pairing the extremes. */
        Rate over(Rate other, String label) {
            return new Rate(label, mean / other.mean, min / other.max, max / other.min, Math.min(n, other.n));
        }

        String row(String format) {
            return String.format(Locale.ROOT, "  %-62s " + format + "  (" + format + " .. " + format + ", n=%d)",
                    what, mean, min, max, n);
        }
    }

    private Ratios() {}

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        int iterations = intOption(options, "--iterations", 5);
        int pgbenchSeconds = intOption(options, "--pgbench-seconds", 10);
        List<String> table = new ArrayList<>();

        Rate generator = throughput(TemplateRenderBenchmark.class, "renderHtmlAndTextEmail",
                "emails rendered by the built-in generator /s", iterations);
        Rate bare = throughput(TemplateRenderBenchmark.class, "bareMustacheRender",
                "the same emails rendered by mustache.java alone /s", iterations);
        Rate engine = singleShot(jmh(EngineThroughputBenchmark.class, "executeAllSteps", 2, iterations)
                .param("generator", "templates").param("workers", "1").param("listener", "none"),
                "engine steps, in-memory store, templates, one thread /s");
        table.add(generator.row("%,12.0f"));
        table.add(bare.row("%,12.0f"));
        table.add(generator.over(bare, "ratio: generator / bare mustache").row("%12.2f"));
        table.add(engine.row("%,12.0f"));
        table.add(engine.over(bare, "ratio: engine steps / bare mustache renders").row("%12.2f"));

        if (JdbcBenchmarkDatabase.MARIADB) {
            System.out.println("-Dbench.db=mariadb: the JDBC pairs run on PostgreSQL only (db-scheduler's table and "
                    + "pgbench are PostgreSQL's); left out");
        } else if (!options.contains("--skip-jdbc")) {
            Rate ours = singleShot(jmh(JdbcStepBenchmark.class, "cartRecoveryStepExecutions", 4, iterations)
                    .param("listener", "none"), "JDBC steps, PostgreSQL, JdbcScheduler /s");
            Rate theirs = singleShot(jmh(JdbcDbSchedulerBenchmark.class, "stepsUnderDbScheduler", 1, 2),
                    "the same steps under db-scheduler /s");
            table.add(ours.row("%,12.0f"));
            table.add(theirs.row("%,12.0f"));
            table.add(ours.over(theirs, "ratio: JdbcScheduler / db-scheduler").row("%12.2f"));
            Rate pgbench = pgbench(JdbcStepBenchmark.POOL, pgbenchSeconds);
            if (pgbench != null) {
                table.add(pgbench.row("%,12.0f"));
                table.add(ours.over(pgbench, "ratio: JDBC steps / pgbench -N transactions").row("%12.2f"));
            }
        }
        System.out.println();
        System.out.println("Cart recovery: figures measured side by side in this run, and their ratios");
        System.out.println("  (" + Runtime.getRuntime().availableProcessors() + " processors, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + ")");
        table.forEach(System.out::println);
    }

    private static ChainedOptionsBuilder jmh(Class<?> benchmark, String method, int warmups, int iterations) {
        return new OptionsBuilder().include(Pattern.quote(benchmark.getName() + "." + method) + "$").forks(1)
                .warmupIterations(warmups).measurementIterations(iterations).shouldFailOnError(true);
    }

    /** A throughput benchmark, one-second iterations. */
    private static Rate throughput(Class<?> benchmark, String method, String what, int iterations)
            throws RunnerException {
        RunResult result = only(new Runner(jmh(benchmark, method, 3, iterations)
                .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1)).build()).run());
        var statistics = result.getPrimaryResult().getStatistics();
        return new Rate(what, statistics.getMean(), statistics.getMin(), statistics.getMax(), (int) statistics.getN());
    }

    /** A single-shot benchmark scored in time per operation, as operations per second. */
    private static Rate singleShot(ChainedOptionsBuilder options, String what) throws RunnerException {
        RunResult result = only(new Runner(options.timeUnit(TimeUnit.MICROSECONDS).build()).run());
        var statistics = result.getPrimaryResult().getStatistics();
        return new Rate(what, 1e6 / statistics.getMean(), 1e6 / statistics.getMax(), 1e6 / statistics.getMin(),
                (int) statistics.getN());
    }

    private static RunResult only(Collection<RunResult> results) {
        if (results.size() != 1) {
            throw new IllegalStateException("expected one benchmark result, got " + results.size());
        }
        return results.iterator().next();
    }

    /**
     * {@code pgbench -N} (TPC-B-like, one commit per transaction, no updates of the small tables) with
     * {@code clients} clients, three runs of {@code seconds}, on a scale-1 database of its own on the server of the
     * JDBC benchmarks, dropped afterwards; {@code null}, and why on the console, when pgbench is not installed.
     */
    static Rate pgbench(int clients, int seconds) throws IOException, InterruptedException, SQLException {
        URI server = URI.create(JdbcBenchmarkDatabase.URL.substring("jdbc:".length()));
        String database = "cr_pgbench_" + UUID.randomUUID().toString().substring(0, 8);
        List<String> connect = List.of("-h", server.getHost(), "-p", String.valueOf(server.getPort() < 0 ? 5432
                : server.getPort()), "-U", JdbcBenchmarkDatabase.USER);
        try {
            run(command(List.of("pgbench", "--version"), List.of()));
        } catch (IOException e) {
            System.out.println("pgbench is not on the PATH (Debian: apt-get install postgresql-client): no pgbench "
                    + "ratio");
            return null;
        }
        admin("CREATE DATABASE " + database);
        try {
            run(command(List.of("pgbench", "-i", "-q", "-s", "1"), connect, database));
            double[] tps = new double[3];
            for (int i = 0; i < tps.length; i++) {
                String out = run(command(List.of("pgbench", "-N", "-c", String.valueOf(clients), "-j", "2", "-T",
                        String.valueOf(seconds)), connect, database));
                Matcher found = TPS.matcher(out);
                if (!found.find()) {
                    throw new IllegalStateException("no tps in pgbench's output:\n" + out);
                }
                tps[i] = Double.parseDouble(found.group(1));
            }
            return new Rate("pgbench -N transactions, " + clients + " clients, same server /s",
                    Arrays.stream(tps).average().orElseThrow(), Arrays.stream(tps).min().orElseThrow(),
                    Arrays.stream(tps).max().orElseThrow(), tps.length);
        } finally {
            admin("DROP DATABASE IF EXISTS " + database);
        }
    }

    private static List<String> command(List<String> program, List<String> connect, String... database) {
        List<String> command = new ArrayList<>(program);
        command.addAll(connect);
        command.addAll(Arrays.asList(database));
        return command;
    }

    /** Runs {@code command}, returns what it wrote (stdout and stderr); fails unless it exits with 0. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> out.append(line).append('\n'));
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out.toString();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(JdbcBenchmarkDatabase.URL, JdbcBenchmarkDatabase.USER,
                ""); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int intOption(List<String> options, String name, int fallback) {
        int at = options.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        if (at + 1 >= options.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        int value = Integer.parseInt(options.get(at + 1));
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return value;
    }
}
