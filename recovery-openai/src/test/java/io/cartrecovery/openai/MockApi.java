package io.cartrecovery.openai;

import io.cartrecovery.core.SettableClock;
import io.cartrecovery.test.Fixtures;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/** Base of the tests that talk to a MockWebServer on port 0 standing in for the API. */
abstract class MockApi {
    final MockWebServer server = new MockWebServer();
    final SettableClock clock = SettableClock.at(Fixtures.T0);
    /** The waits the generator asked for between retries; nothing actually sleeps. */
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server.start(0);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A generator builder aimed at the server, on the settable clock, recording waits, with seeded jitter. */
    OpenAiMessageGenerator.Builder builder() {
        return OpenAiMessageGenerator.builder().apiKey(Completions.API_KEY).baseUrl(server.url("/").toString())
                .clock(clock).sleeper(waits::add).random(new SplittableRandom(7));
    }
}
