package io.cartrecovery.examples.http;

import com.sun.net.httpserver.HttpExchange;
import io.cartrecovery.core.FailedStep;
import io.cartrecovery.core.Page;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The management API under {@code /stores/{storeId}/...}, one bearer key per store. A key only ever sees its own
 * store: any other store id answers 404 exactly like an unknown one, so a key learns nothing about what other
 * stores hold.
 */
final class ManagementApi implements Exchanges.Work {
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int DEFAULT_ANALYTICS_DAYS = 30;
    static final int MAX_ANALYTICS_DAYS = 365;

    private final RecoveryEngine engine;
    private final Clock clock;
    private final List<StoreAccount> accounts;
    private final List<byte[]> keyDigests;

    ManagementApi(RecoveryEngine engine, Clock clock, List<StoreAccount> accounts) {
        this.engine = engine;
        this.clock = clock;
        this.accounts = List.copyOf(accounts);
        this.keyDigests = this.accounts.stream().map(a -> sha256(a.apiKey())).toList();
    }

    @Override
    public void handle(HttpExchange exchange, byte[] body) throws IOException {
        StoreAccount account = authenticate(exchange);
        // /stores/{storeId}/{resource}[/{id}[/{action}]]
        String[] parts = exchange.getRequestURI().getRawPath().substring(1).split("/", -1);
        if (parts.length < 3 || !Exchanges.decode(parts[1]).equals(account.storeId())) {
            throw new ApiException(404, "not found");
        }
        String storeId = account.storeId();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Map<String, String> query = Exchanges.query(exchange);
        switch (parts[2] + "/" + (parts.length - 3) + "/" + method) {
            case "sequences/0/GET" -> list(exchange, storeId, query);
            case "sequences/1/GET" -> Exchanges.json(exchange, 200,
                    SequenceView.of(engine.sequence(storeId, Exchanges.decode(parts[3])),
                            engine.history(storeId, Exchanges.decode(parts[3]))));
            case "sequences/2/POST" -> stop(exchange, storeId, Exchanges.decode(parts[3]), parts[4], body);
            case "sequences/4/POST" -> retry(exchange, storeId, parts);
            case "failed-steps/0/GET" -> failedSteps(exchange, storeId, query);
            case "analytics/0/GET" -> analytics(exchange, storeId, query);
            case "settings/0/GET" -> Exchanges.json(exchange, 200, SettingsView.of(engine.settings(storeId)));
            case "settings/0/PUT" -> configure(exchange, storeId, body);
            default -> {
                String[] allowed = allowedMethods(parts);
                throw allowed == null ? new ApiException(404, "not found") : Exchanges.notAllowed(exchange, allowed);
            }
        }
    }

    private void list(HttpExchange exchange, String storeId, Map<String, String> query) {
        PageRequest request = new PageRequest(query.get("after"), intParam(query, "limit", DEFAULT_PAGE_SIZE));
        Page<RecoverySequence> page = engine.activeSequences(storeId, request);
        Exchanges.json(exchange, 200, new SequenceView.Page(
                page.items().stream().map(s -> SequenceView.of(s, null)).toList(), page.nextCursor()));
    }

    private void stop(HttpExchange exchange, String storeId, String sequenceId, String action, byte[] body)
            throws IOException {
        if (!action.equals("stop")) {
            throw new ApiException(404, "not found");
        }
        engine.sequence(storeId, sequenceId); // 404 before looking at the body
        StopRequest request = body.length == 0 ? new StopRequest(null)
                : Exchanges.read(body, StopRequest.class);
        StopReason reason = request.reason() == null ? StopReason.MANUAL : request.reason();
        RecoverySequence stopped = engine.stop(storeId, sequenceId, reason);
        Exchanges.json(exchange, 200, SequenceView.of(stopped, null));
    }

    /** The dead letters of the store, newest first; pass {@code nextCursor} as {@code after} for the next page. */
    private void failedSteps(HttpExchange exchange, String storeId, Map<String, String> query) {
        PageRequest request = new PageRequest(query.get("after"), intParam(query, "limit", DEFAULT_PAGE_SIZE));
        Page<FailedStep> page = engine.failedSteps(storeId, request);
        Exchanges.json(exchange, 200, new FailedSteps(page.items(), page.nextCursor()));
    }

    /** {@code POST .../sequences/{seq}/steps/{step}/retry}: runs a dead letter again, 409 when it cannot. */
    private void retry(HttpExchange exchange, String storeId, String[] parts) {
        if (!isRetry(parts)) {
            throw new ApiException(404, "not found");
        }
        RecoverySequence rewound = engine.retryFailedStep(storeId, Exchanges.decode(parts[3]),
                Exchanges.decode(parts[5]));
        Exchanges.json(exchange, 200, SequenceView.of(rewound, null));
    }

    private static boolean isRetry(String[] parts) {
        return parts[4].equals("steps") && parts[6].equals("retry");
    }

    /** The engine's analytics of the sequences started in {@code [now - days, now)}. */
    private void analytics(HttpExchange exchange, String storeId, Map<String, String> query) {
        int days = intParam(query, "days", DEFAULT_ANALYTICS_DAYS);
        if (days < 1 || days > MAX_ANALYTICS_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_ANALYTICS_DAYS);
        }
        Instant to = clock.instant();
        Exchanges.json(exchange, 200, AnalyticsView.of(days, engine.analytics(storeId, to.minus(Duration.ofDays(days)),
                to)));
    }

    private void configure(HttpExchange exchange, String storeId, byte[] body) throws IOException {
        if (body.length == 0) {
            throw new IllegalArgumentException("body must be a JSON object of settings");
        }
        SettingsView.Patch patch = Exchanges.read(body, SettingsView.Patch.class);
        StoreSettings updated = patch.applyTo(engine.settings(storeId));
        engine.configureStore(updated);
        Exchanges.json(exchange, 200, SettingsView.of(updated));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The account whose key the request bears; 401 without a valid one. Keys are compared as digests. */
    private StoreAccount authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] presented = sha256(header.substring(7).trim());
            for (int i = 0; i < accounts.size(); i++) {
                if (MessageDigest.isEqual(presented, keyDigests.get(i))) {
                    return accounts.get(i);
                }
            }
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        throw new ApiException(401, "Authorization", "must be a valid bearer API key");
    }

    /** The methods of the resource at {@code parts}, or {@code null} for no resource. */
    private static String[] allowedMethods(String[] parts) {
        return switch (parts[2] + "/" + (parts.length - 3)) {
            case "sequences/0", "sequences/1", "analytics/0", "failed-steps/0" -> new String[] {"GET"};
            case "sequences/2" -> parts[4].equals("stop") ? new String[] {"POST"} : null;
            case "sequences/4" -> isRetry(parts) ? new String[] {"POST"} : null;
            case "settings/0" -> new String[] {"GET", "PUT"};
            default -> null;
        };
    }

    private static int intParam(Map<String, String> query, String name, int otherwise) {
        String value = query.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    /** A page of dead letters. */
    record FailedSteps(List<FailedStep> items, String nextCursor) {}

    /** Body of the stop call; the reason defaults to {@code MANUAL}. */
    record StopRequest(StopReason reason) {}
}
