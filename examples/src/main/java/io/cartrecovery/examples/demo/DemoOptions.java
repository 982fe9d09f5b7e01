package io.cartrecovery.examples.demo;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The demo's command line.
 *
 * @param carts    number of carts the simulated store sees, 1 to {@value #MAX_CARTS}
 * @param days     length of the simulated period in days, 1 to {@value #MAX_DAYS}
 * @param seed     seed of every random choice: the same seed gives the same report
 * @param out      folder that receives {@code outbox/} and {@code demo-report.html}
 * @param database where the engine keeps its state
 */
public record DemoOptions(int carts, int days, long seed, Path out, Database database) {
    /**
     * Carts by default. The time of a run grows with the simulated days (a tick a minute, each asking the store for
     * due work) and the steps and customer actions, about linearly with the carts: see README, "The demo".
     */
    public static final int DEFAULT_CARTS = 3_000;
    public static final int DEFAULT_DAYS = 7;
    public static final long DEFAULT_SEED = 42;
    public static final int MAX_CARTS = 1_000_000;
    public static final int MAX_DAYS = 365;

    static final String USAGE = """
            Usage: DemoMain [--carts N] [--days D] [--seed S] [--out DIR]
                            [--store jdbc|memory] [--db-url URL [--db-user U] [--db-password P] [--drop-schema]]
              --carts N        carts the simulated store sees (default %d)
              --days D         simulated days (default %d)
              --seed S         random seed; the same seed gives the same report (default %d)
              --out DIR        where outbox/ and demo-report.html are written (default: current folder)
              --store jdbc     the JDBC store of recovery-jdbc (default); without --db-url on an embedded H2
                               database in memory, gone when the demo ends
              --store memory   the engine's in-memory store, no database
              --db-url URL     run on this database instead: jdbc:postgresql://HOST:PORT/DB (production use) or
                               jdbc:h2:file:PATH (a file you can open afterwards). The demo creates a fresh schema
                               cartrecovery_demo_<random> there, prints its name and keeps it for inspection
              --db-user U      database user, unless the URL carries it (?user=...)
              --db-password P  database password, unless the URL carries it (?password=...); never printed
              --drop-schema    drop the demo's schema when the run ends
            Environment: OPENAI_API_KEY lets OpenAI write the first OPENAI_DEMO_MESSAGES messages (default 20;
            templates write the rest and stand in when the API fails); OPENAI_MODEL, OPENAI_BASE_URL optional.
            Example: -Ddemo.args="--carts 500 --db-url jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
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
        if (database == null) {
            throw new IllegalArgumentException("database must not be null");
        }
    }

    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_CARTS, DEFAULT_DAYS, DEFAULT_SEED, Path.of("."), Database.embedded());
    }

    /** Which store implementation the demo runs on. */
    public enum Store { JDBC, MEMORY }

    /**
     * Where the engine keeps its state.
     *
     * @param store      the JDBC store (default) or the in-memory one
     * @param url        a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL, or {@code null} for the embedded H2 in
     *                   memory; the demo runs in a fresh schema it creates there
     * @param user       the database user, or {@code null} when the URL carries it
     * @param password   the database password, or {@code null}; never printed
     * @param dropSchema whether the demo drops its schema at {@code url} when the run ends
     */
    public record Database(Store store, String url, String user, String password, boolean dropSchema) {
        private static final Pattern SUPPORTED_URL = Pattern.compile("(?i)jdbc:(postgresql|h2):.+");

        public Database {
            if (store == null) {
                throw new IllegalArgumentException("--store must be jdbc or memory");
            }
            if (store == Store.MEMORY && url != null) {
                throw new IllegalArgumentException("--store memory takes no --db-url");
            }
            if (url == null && (user != null || password != null || dropSchema)) {
                throw new IllegalArgumentException((user != null ? "--db-user" : password != null ? "--db-password"
                        : "--drop-schema") + " needs --db-url");
            }
            if (url != null && !SUPPORTED_URL.matcher(url).matches()) { // the URL may hold a password: not echoed
                throw new IllegalArgumentException("--db-url must be a jdbc:postgresql: or jdbc:h2: URL");
            }
        }

        /** The JDBC store on an embedded H2 database in memory: the default. */
        public static Database embedded() {
            return new Database(Store.JDBC, null, null, null, false);
        }

        /** The engine's in-memory store. */
        public static Database memory() {
            return new Database(Store.MEMORY, null, null, null, false);
        }

        /** The JDBC store in a fresh schema of the database at {@code url}, kept afterwards. */
        public static Database at(String url) {
            return new Database(Store.JDBC, url, null, null, false);
        }

        /** This database with {@code user} and {@code password} ({@code null} to leave one out). */
        public Database withCredentials(String newUser, String newPassword) {
            return new Database(store, url, newUser, newPassword, dropSchema);
        }

        /** This database, dropping the demo's schema when the run ends. */
        public Database droppingSchema() {
            return new Database(store, url, user, password, true);
        }

        /** The URL without credentials, fit to print. */
        public String printableUrl() {
            return url == null ? null : redact(url);
        }

        @Override
        public String toString() {
            return "Database[store=" + store + ", url=" + (url == null ? "embedded" : redact(url)) + ", user=" + user
                    + ", password=" + (password == null ? "none" : "<set>") + ", dropSchema=" + dropSchema + "]";
        }
    }

    /** {@code url} with the values of password parameters and of {@code user:password@} replaced by {@code ***}. */
    static String redact(String url) {
        return url.replaceAll("(?i)((?:password|passwd|pwd)=)[^&;]*", "$1***")
                .replaceAll("//([^/@:?;]*):[^/@?;]*@", "//$1:***@");
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
        Store store = Store.JDBC;
        String url = null;
        String user = null;
        String password = null;
        boolean dropSchema = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name == null || name.isBlank()) {
                continue;
            }
            if (name.equals("--drop-schema")) {
                dropSchema = true;
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
                case "--store" -> store = parseStore(value);
                case "--db-url" -> url = value;
                case "--db-user" -> user = value;
                case "--db-password" -> password = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new DemoOptions(carts, days, seed, out, new Database(store, url, user, password, dropSchema));
    }

    private static Store parseStore(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "jdbc" -> Store.JDBC;
            case "memory" -> Store.MEMORY;
            default -> throw new IllegalArgumentException("--store must be jdbc or memory, got '" + value + "'");
        };
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
}
