package io.cartrecovery.examples.demo;

import io.cartrecovery.core.StoreAccessException;

import java.util.Arrays;

/**
 * The demo's command line: {@code mvn -q -pl examples -am verify -DskipTests -Pdemo}, options through
 * {@code -Ddemo.args="--carts 500 --days 7 --seed 1"}; {@code --help} lists them (see {@link DemoOptions}).
 */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(DemoOptions.USAGE);
            return;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.print("Error: " + e.getMessage() + "\n" + DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Demo.run(options, System.out, System.console() != null);
        } catch (IllegalArgumentException e) { // a bad OPENAI_* environment variable
            System.err.println("Error: " + e.getMessage());
            System.exit(2);
        } catch (StoreAccessException e) { // the database is unreachable or refuses the demo's schema
            System.err.println("Error: " + e.getMessage());
            System.exit(1);
        }
    }
}
