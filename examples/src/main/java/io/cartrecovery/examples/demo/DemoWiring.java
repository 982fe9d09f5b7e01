package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Incentive;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.examples.http.RecoveryHttpService;
import io.cartrecovery.openai.BrandVoice;
import io.cartrecovery.openai.OpenAiMessageGenerator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Everything the demo plugs into the engine, in one place: the store ({@link DemoDatabase}: recovery-jdbc on H2
 * in memory by default), the virtual-time scheduler, the message generator (OpenAI when {@code OPENAI_API_KEY} is
 * set), the outbox as email sender, the store's signed links.
 *
 * <p>The scheduler stays the virtual-time one on a settable clock, with the JDBC store too, so that a week runs in
 * seconds: the store holds every due time (the durable state), the scheduler only wakes the engine when the
 * simulation moves the clock past one.
 */
final class DemoWiring {
    static final String STORE_ID = "demo-store";
    static final String SENDER_DOMAIN = "demo-store.example.com";
    /** Where the demo's signed links point: the example HTTP service of the store. */
    static final URI LINK_BASE = URI.create("https://links.demo-store.example.com");
    static final ZoneId STORE_ZONE = ZoneId.of("Europe/Berlin");
    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final double TRANSIENT_FAILURE_RATE = 0.05;
    static final int DEFAULT_OPENAI_MESSAGES = 20;

    /** The wired engine and the parts the demo reads back. */
    record Wired(RecoveryEngine engine, DemoDatabase database, VirtualTimeScheduler scheduler, StoreSettings settings,
                 OutboxSender outbox, StoreSimulation simulation, String generatorLabel) implements AutoCloseable {
        RecoveryStore store() {
            return database.store();
        }

        @Override
        public void close() {
            try {
                engine.close();
            } finally {
                try {
                    outbox.close();
                } finally {
                    database.close();
                }
            }
        }
    }

    private DemoWiring() {}

    static Wired wire(DemoOptions options, Map<String, String> env) {
        SettableClock clock = SettableClock.at(START);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        SplittableRandom random = new SplittableRandom(options.seed());
        Generator generator = generator(env);

        OutboxSender outbox = OutboxSender.writingBehind(options.out().resolve("outbox"), SENDER_DOMAIN, clock);
        AtomicReference<StoreSimulation> simulation = new AtomicReference<>(); // senders call back into it
        Sender email = observed(new FlakyMailbox(outbox, Set.of(Shoppers.BOUNCING_DOMAIN), TRANSIENT_FAILURE_RATE,
                random.split()), delivery -> simulation.get().emailDelivered(delivery));

        StoreSettings settings = settings();
        DemoDatabase database = DemoDatabase.open(options.database(), clock);
        RecoveryEngine engine;
        try {
            engine = RecoveryEngine.builder()
                    .store(database.store())
                    .clock(clock)
                    .scheduler(scheduler)
                    .random(random.split())
                    .messageGenerator(generator.generator())
                    .sender(Channel.EMAIL, email)
                    .links(links(clock)) // popups go to the engine's built-in inbox, read with takePopup
                    .configureStore(settings)
                    .build();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        simulation.set(new StoreSimulation(engine, scheduler, STORE_ID, random));
        return new Wired(engine, database, scheduler, settings, outbox, simulation.get(), generator.label());
    }

    /**
     * Signed links of the demo store, served where the example HTTP service would serve them; clicks may only
     * lead to the store's own domain. The key is a fixed demo value: a real host keeps its own secret.
     */
    static SignedLinks links(Clock clock) {
        return SignedLinks.of(clock, List.of(StoreLinks.builder(STORE_ID)
                .baseUrl(RecoveryHttpService.linkBaseUrl(LINK_BASE, STORE_ID))
                .redirectHost(SENDER_DOMAIN)
                .key("demo-1", "demo-only link key, not a secret: 32+ bytes".getBytes(StandardCharsets.UTF_8))
                .build()));
    }

    /** The message generator of a run and how the report names it. */
    record Generator(MessageGenerator generator, String label) {}

    /**
     * The built-in templates, or with {@code OPENAI_API_KEY} set the OpenAI generator (templates stay its fallback)
     * for the first {@code OPENAI_DEMO_MESSAGES} messages (default {@value #DEFAULT_OPENAI_MESSAGES}) and the
     * templates after them: a model call takes a second or more, and a simulated week sends thousands of messages.
     * {@code OPENAI_BASE_URL} and {@code OPENAI_MODEL} override the API's address and the model.
     */
    static Generator generator(Map<String, String> env) {
        String key = env.get("OPENAI_API_KEY");
        if (key == null || key.isBlank()) {
            return new Generator(MessageGenerator.templates(), "built-in templates");
        }
        OpenAiMessageGenerator.Builder openAi = OpenAiMessageGenerator.builder().apiKey(key.trim())
                .defaultBrandVoice(BrandVoice.of("Demo Store", "warm, brief and helpful"));
        Optional.ofNullable(env.get("OPENAI_BASE_URL")).ifPresent(openAi::baseUrl);
        String model = env.getOrDefault("OPENAI_MODEL", OpenAiMessageGenerator.DEFAULT_MODEL);
        openAi.model(model);
        int budget = DemoOptions.parseInt("OPENAI_DEMO_MESSAGES", env.getOrDefault("OPENAI_DEMO_MESSAGES",
                String.valueOf(DEFAULT_OPENAI_MESSAGES)));
        if (budget < 1) {
            throw new IllegalArgumentException("OPENAI_DEMO_MESSAGES must be positive");
        }
        return new Generator(firstN(openAi.build(), budget, MessageGenerator.templates()),
                "OpenAI " + model + " for the first " + budget + " messages, then built-in templates");
    }

    /** {@code first} writes the first {@code count} messages, {@code then} the others. */
    static MessageGenerator firstN(MessageGenerator first, int count, MessageGenerator then) {
        AtomicInteger left = new AtomicInteger(count);
        return request -> left.getAndDecrement() > 0 ? first.generate(request) : then.generate(request);
    }

    /** The experiment of the demo store: the tone of the +24h email to first-time and returning customers. */
    static final Experiment EXPERIMENT = new Experiment("day1-tone", Set.of(SequenceType.FIRST_TIME,
            SequenceType.RETURNING), 0.10,
            List.of(Variant.control("social-proof", 1),
                    Variant.of("objections", 1, StepDefinition.of(SequencePolicy.EMAIL_24H, Duration.ofHours(24),
                            Channel.EMAIL, Tone.OBJECTION_HANDLING))));

    /**
     * The demo store: Berlin time, no emails from 21:30 to 08:00 in the customer's time zone, +24h and later emails
     * moved up to 4 hours towards the customer's best hour, purchases counted as recovered revenue for 3 days after
     * the last message, a discount in the last email (a welcome code for first-time buyers, a larger one for big
     * spenders) and {@link #EXPERIMENT} with a 10% holdout.
     */
    static StoreSettings settings() {
        return StoreSettings.builder(STORE_ID).locale(Locale.ENGLISH).timeZone(STORE_ZONE)
                .quietHours(LocalTime.of(21, 30), LocalTime.of(8, 0))
                .sendWindow(Duration.ofHours(4))
                .attributionWindow(Duration.ofDays(3))
                .firstTimeIncentive(Incentive.percentOff("WELCOME10", 10))
                .incentive(SequenceType.RETURNING, Incentive.percentOff("COMEBACK10", 10))
                .incentive(SequenceType.LOW_STOCK, Incentive.percentOff("COMEBACK10", 10))
                .incentive(SequenceType.HIGH_VALUE, Incentive.percentOff("VIP15", 15))
                .experiment(EXPERIMENT)
                .build();
    }

    /** {@code delegate}, telling {@code listener} about every delivery it accepted. */
    static Sender observed(Sender delegate, Consumer<Delivery> listener) {
        return delivery -> {
            SendResult result = delegate.send(delivery);
            if (result.status() == SendResult.Status.DELIVERED) {
                listener.accept(delivery);
            }
            return result;
        };
    }
}
