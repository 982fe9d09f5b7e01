package io.cartrecovery.examples.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Slowloris over real sockets on 127.0.0.1: clients that trickle their request one byte at a time must neither
 * stall the normal requests nor hold a request thread for longer than the request timeout.
 */
@Timeout(30)
class SlowClientTest extends ServiceTestBase {
    /** Writes one more byte to every slow client each tick; the test's only timing, bounded by {@link Timeout}. */
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private final List<Socket> slowClients = new ArrayList<>();

    @AfterEach
    void stopTrickling() throws IOException {
        trickle.shutdownNow();
        for (Socket socket : slowClients) {
            socket.close();
        }
    }

    @Test
    void slowClientsDoNotStallNormalRequests() throws Exception {
        for (int i = 0; i < 12; i++) { // three times the four request threads the service used to have
            slowClient("GET /stores/" + A + "/settings HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        }

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = send(authorized("/stores/" + A + "/settings", KEY_A)
                    .timeout(Duration.ofSeconds(3)).GET());
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRequestNotReadWithinTheTimeoutLosesItsConnection() throws Exception {
        try (RecoveryHttpService small = RecoveryHttpService.builder(engine, store)
                .account(new StoreAccount(A, DOMAIN_A, KEY_A, SECRET_A))
                .port(0).threads(2).requestTimeout(Duration.ofMillis(500)).build()) {
            List<Socket> headers = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // twice the request threads
                headers.add(slowClient(small, "GET /stores/" + A + "/settings HTTP/1.1\r\nX-Slow: "));
            }
            Socket body = slowClient(small, "PUT /stores/" + A + "/settings HTTP/1.1\r\nAuthorization: Bearer "
                    + KEY_A + "\r\nContent-Length: 1000\r\n\r\n{\"lowStockThreshold\": ");

            HttpResponse<String> normal = send(HttpRequest.newBuilder(small.baseUri().resolve(
                    "/stores/" + A + "/settings")).header("Authorization", "Bearer " + KEY_A)
                    .timeout(Duration.ofSeconds(5)).GET());

            assertThat(normal.statusCode()).isEqualTo(200);
            for (Socket socket : headers) {
                assertClosedByServer(socket);
            }
            assertClosedByServer(body);
        }
    }

    @Test
    void theRequestTimeoutMustBePositive() {
        RecoveryHttpService.Builder builder = RecoveryHttpService.builder(engine, store);
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> builder.requestTimeout(bad)).hasMessage("requestTimeout must be positive");
        }
    }

    private Socket slowClient(String start) throws IOException {
        return slowClient(service, start);
    }

    /** A client that sends {@code start}, then one more header byte every 50 ms, never finishing its request. */
    private Socket slowClient(RecoveryHttpService target, String start) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), target.port());
        slowClients.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(start.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        trickle.scheduleAtFixedRate(() -> {
            try {
                out.write('a');
                out.flush();
            } catch (IOException closed) {
                throw new IllegalStateException("closed"); // ends this client's trickle
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        return socket;
    }

    /** The server closes the connection: the client reads the end of the stream (or a reset) within 5 s. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        try {
            int read;
            do {
                read = in.read();
            } while (read != -1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a slow connection open for 5 s", e);
        } catch (IOException reset) {
            // a reset is a close too
        }
    }
}
