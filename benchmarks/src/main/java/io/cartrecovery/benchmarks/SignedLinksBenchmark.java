package io.cartrecovery.benchmarks;

import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.links.LinkClaims;
import io.cartrecovery.core.links.LinkPurpose;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Token sign and verify, one thread. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SignedLinksBenchmark {
    private SignedLinks links;
    private String token;

    @Setup
    public void setUp() {
        links = SignedLinks.of(SettableClock.at(BenchmarkData.T0), List.of(StoreLinks.builder("bench-store")
                .baseUrl(URI.create("https://track.example.com/r")).redirectHost("shop.example.com")
                .key("k1", "benchmark-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8)).build()));
        token = links.sign("bench-store", LinkPurpose.CLICK, "6f1c2e8a-1b7e-4c55-9d0a-3a1f6c2b9e77", "EMAIL_24H",
                "https://shop.example.com/cart/123/restore");
    }

    @Benchmark
    public String sign() {
        return links.sign("bench-store", LinkPurpose.CLICK, "6f1c2e8a-1b7e-4c55-9d0a-3a1f6c2b9e77", "EMAIL_24H",
                "https://shop.example.com/cart/123/restore");
    }

    @Benchmark
    public LinkClaims verify() {
        return links.verify("bench-store", LinkPurpose.CLICK, token);
    }
}
