package io.cartrecovery.examples.demo;

import java.nio.file.Path;

/**
 * The demo's command line.
 *
 * @param carts number of carts the simulated store sees, 1 to {@value #MAX_CARTS}
 * @param days  length of the simulated period in days, 1 to {@value #MAX_DAYS}
 * @param seed  seed of every random choice: the same seed gives the same report
 * @param out   folder that receives {@code outbox/} and {@code demo-report.html}
 * @param dbUrl JDBC URL of the store, or {@code null} for the embedded default
 */
public record DemoOptions(int carts, int days, long seed, Path out, String dbUrl) {
    public static final int DEFAULT_CARTS = 3_000;
    public static final int DEFAULT_DAYS = 7;
    public static final long DEFAULT_SEED = 42;
    public static final int MAX_CARTS = 1_000_000;
    public static final int MAX_DAYS = 365;

    static final String USAGE = """
            Usage: DemoMain [--carts N] [--days D] [--seed S] [--out DIR] [--db-url URL]
              --carts N     carts the simulated store sees (default %d)
              --days D      simulated days (default %d)
              --seed S      random seed; the same seed gives the same report (default %d)
              --out DIR     where outbox/ and demo-report.html are written (default: current folder)
              --db-url URL  JDBC URL of the store (default: embedded)
            Environment: OPENAI_API_KEY lets OpenAI write the first OPENAI_DEMO_MESSAGES messages (default 20;
            templates write the rest and stand in when the API fails); OPENAI_MODEL, OPENAI_BASE_URL optional.
            """.formatted(DEFAULT_CARTS, DEFAULT_DAYS, DEFAULT_SEED);

    public DemoOptions {
        if (carts < 1 || carts > MAX_CARTS) {
            throw new IllegalArgumentException("--carts must be between 1 and " + MAX_CARTS);
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("--days must be between 1 and " + MAX_DAYS);
        }
        if (out == null) {
            throw new IllegalArgumentException("--out must not be null");
        }
    }

    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_CARTS, DEFAULT_DAYS, DEFAULT_SEED, Path.of("."), null);
    }

    /**
     * Parses {@code args}; blank arguments are ignored (an empty {@code -Ddemo.args} passes one).
     *
     * @throws IllegalArgumentException naming the option that is unknown, lacks a value or has a bad one
     */
    public static DemoOptions parse(String... args) {
        DemoOptions o = defaults();
        int carts = o.carts;
        int days = o.days;
        long seed = o.seed;
        Path out = o.out;
        String dbUrl = o.dbUrl;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name == null || name.isBlank()) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--carts" -> carts = parseInt(name, value);
                case "--days" -> days = parseInt(name, value);
                case "--seed" -> seed = parseLong(name, value);
                case "--out" -> out = Path.of(value);
                case "--db-url" -> dbUrl = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new DemoOptions(carts, days, seed, out, dbUrl);
    }

    /** A whole number, clamped to the int range so that the record's range check names the option. */
    static int parseInt(String name, String value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parseLong(name, value)));
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        // The URL may carry a password.
        return "DemoOptions[carts=" + carts + ", days=" + days + ", seed=" + seed + ", out=" + out
                + ", dbUrl=" + (dbUrl == null ? "embedded" : "<set>") + "]";
    }
}
