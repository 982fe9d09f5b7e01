package io.cartrecovery.examples.demo;

import io.cartrecovery.core.StoreAccessException;

import java.util.Arrays;

/**
 * The demo's command line: {@code mvn -q -pl examples -am compile -Pdemo}, options through
 * {@code -Ddemo.args="--carts 500 --days 7 --seed 1"}; {@code --help} lists them (see {@link DemoOptions}).
 */
public final class DemoMain {
    private DemoMain() {}

    /** Jakarta Mail's system property naming its stream provider, and Angus Mail's, the one on the class path. */
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    public static void main(String[] args) {
        // Without it, Jakarta Mail looks its stream provider up with a ServiceLoader over the whole class path
        // each time it encodes a part: about a tenth of the demo's time went there, writing the outbox.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
        }
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
