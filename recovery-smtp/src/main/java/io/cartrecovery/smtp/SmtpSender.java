package io.cartrecovery.smtp;

import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Limits;
import io.cartrecovery.core.RecoveryException;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * The email {@link Sender} over SMTP (Eclipse Angus Mail). Build with {@link #builder()}.
 *
 * <p>Each delivery becomes one {@code multipart/alternative} UTF-8 message (plain text first, HTML last) from the
 * store's address, with a {@code Message-ID} derived from the delivery's idempotency key (the same on every retry)
 * and RFC 8058 one-click {@code List-Unsubscribe} headers. Connections stay open across messages (a small pool,
 * one by default) and are reopened after a failure.
 *
 * <p>Addresses follow core's one grammar ({@link io.cartrecovery.core.EmailAddress}: ASCII, no quoted local parts),
 * so the sender needs no SMTPUTF8; the recipient's display name is the customer's
 * {@link io.cartrecovery.core.Customer#greetingName() greeting name}, or none.
 *
 * <p>Results: {@code DELIVERED} once the server accepted the message; {@code PERMANENT_FAILURE} when there is no
 * address or the server rejects the recipient (see {@code SmtpFailures}); {@code TRANSIENT_FAILURE}
 * for everything else, including 5xx replies about the sender or the content, so that a misconfigured store never
 * gets its customers suppressed. Bad message data (CR or LF in a header value, a body over
 * {@link Builder#maxMessageBytes}, an unsubscribe URL that is not https) throws {@link IllegalArgumentException}
 * naming the field before anything is sent: the engine counts it as transient, so the step is retried with a
 * freshly written message and ends as a visible dead letter, without suppressing a valid address.
 */
public final class SmtpSender implements Sender, AutoCloseable {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** A connection idle for longer is checked with a NOOP before use. */
    public static final Duration DEFAULT_IDLE_CHECK = Duration.ofSeconds(30);
    /** {@link Limits#MAX_MESSAGE_BYTES}: the built-in templates render the largest accepted cart well below it. */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = Limits.MAX_MESSAGE_BYTES;
    public static final int DEFAULT_CONNECTIONS = 1;
    public static final int MAX_CONNECTIONS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSender.class);

    private final Map<String, StoreMailSettings> stores;
    private final MimeComposer composer;
    private final BlockingQueue<SmtpConnection> pool;
    private final List<SmtpConnection> connections;
    private final String description;
    private volatile boolean closed;

    private SmtpSender(Builder b, Endpoint endpoint, Session session) {
        this.stores = Map.copyOf(b.stores);
        this.composer = new MimeComposer(session, b.clock, b.maxMessageBytes, b.unsubscribeUrl);
        this.pool = new ArrayBlockingQueue<>(b.connections);
        List<SmtpConnection> all = new ArrayList<>(b.connections);
        for (int i = 0; i < b.connections; i++) {
            all.add(new SmtpConnection(session, endpoint, b.clock, b.idleCheck));
        }
        this.connections = List.copyOf(all);
        this.pool.addAll(all);
        this.description = "SmtpSender[" + endpoint + ", connections=" + b.connections + ", maxMessageBytes="
                + b.maxMessageBytes + ", stores=" + b.stores.keySet() + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SendResult send(Delivery delivery) {
        if (delivery == null) {
            throw new IllegalArgumentException("delivery must not be null");
        }
        if (closed) {
            throw new IllegalStateException("SmtpSender is closed");
        }
        StoreMailSettings store = stores.get(delivery.storeId());
        if (store == null) {
            throw new RecoveryException("no mail settings for store " + delivery.storeId());
        }
        String email = delivery.customer().email();
        if (email == null) {
            return SendResult.permanentFailure("no email address");
        }
        MimeMessage message;
        InternetAddress recipient;
        try {
            // Customer checked the address with EmailAddress, the grammar the sender keeps too.
            recipient = MimeComposer.recipient(HeaderValues.address(email, "email"), delivery.customer());
            message = composer.compose(delivery, store, recipient);
        } catch (MessagingException e) {
            throw new RecoveryException("could not build the message for " + delivery.idempotencyKey(), e);
        }
        return transmit(delivery, message, recipient);
    }

    private SendResult transmit(Delivery delivery, MimeMessage message, InternetAddress recipient) {
        SmtpConnection connection;
        try {
            connection = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.transientFailure("interrupted");
        }
        try {
            connection.send(message, recipient);
            return SendResult.delivered();
        } catch (MessagingException e) {
            SmtpFailures.Failure failure = SmtpFailures.classify(e);
            if (failure.dropConnection()) {
                connection.close();
            }
            LOG.debug("SMTP delivery {} failed: {}", delivery.idempotencyKey(), failure.result().detail());
            return failure.result();
        } finally {
            if (closed) {
                connection.close();
            }
            pool.add(connection);
        }
    }

    /** Closes every connection (QUIT); later sends throw {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        connections.forEach(SmtpConnection::close);
    }

    /** Host, port, security and store ids; never the password or any address. */
    @Override
    public String toString() {
        return description;
    }

    /** Where and how to connect; the password stays out of {@link #toString()}. */
    static final class Endpoint {
        private final String host;
        private final int port;
        private final Security security;
        private final String user;
        private final String password;
        private final boolean trustAnyCertificate;

        Endpoint(String host, int port, Security security, String user, String password,
                 boolean trustAnyCertificate) {
            this.host = host;
            this.port = port;
            this.security = security;
            this.user = user;
            this.password = password;
            this.trustAnyCertificate = trustAnyCertificate;
        }

        void connect(Transport transport) throws MessagingException {
            transport.connect(host, port, user, password);
        }

        @Override
        public String toString() {
            return "host=" + host + ", port=" + port + ", security=" + security + ", auth=" + (user != null)
                    + (trustAnyCertificate ? ", trustAnyCertificate=true" : "");
        }
    }

    /** Fluent builder; {@link #host}, at least one {@link #store} and an unsubscribe URL per store are required. */
    public static final class Builder {
        private String host;
        private Integer port;
        private Security security = Security.STARTTLS;
        private String user;
        private String password;
        private final Map<String, StoreMailSettings> stores = new LinkedHashMap<>();
        private Function<Delivery, URI> unsubscribeUrl;
        private Clock clock = Clock.systemUTC();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration idleCheck = DEFAULT_IDLE_CHECK;
        private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int connections = DEFAULT_CONNECTIONS;
        private boolean trustAnyCertificate;

        private Builder() {}

        public Builder host(String value) { this.host = value; return this; }

        /** Defaults to the security mode's {@link Security#defaultPort()}. */
        public Builder port(int value) { this.port = value; return this; }

        /** Default {@link Security#STARTTLS} (required, never downgraded). */
        public Builder security(Security value) { this.security = value; return this; }

        /** SMTP AUTH credentials; without them the sender does not authenticate. */
        public Builder credentials(String username, String secret) {
            this.user = username;
            this.password = secret;
            return this;
        }

        /** The mail settings of one store; deliveries of a store without settings fail. */
        public Builder store(String storeId, StoreMailSettings settings) {
            if (storeId == null || storeId.isBlank()) {
                throw new IllegalArgumentException("storeId must not be blank");
            }
            if (settings == null) {
                throw new IllegalArgumentException("settings must not be null");
            }
            stores.put(storeId, settings);
            return this;
        }

        /**
         * Computes the https one-click unsubscribe URL of deliveries that carry none, instead of the stores'
         * {@link StoreMailSettings#unsubscribeUrlTemplate() templates}. A delivery's own
         * {@link Delivery#unsubscribeUrl()} (signed by the engine's {@code SignedLinks}) always wins.
         */
        public Builder unsubscribeUrl(Function<Delivery, URI> value) { this.unsubscribeUrl = value; return this; }

        /** Dates the messages and times idle connections. */
        public Builder clock(Clock value) { this.clock = value; return this; }

        public Builder connectTimeout(Duration value) { this.connectTimeout = value; return this; }

        /** Longest wait for a server reply, and for a write to the server. */
        public Builder readTimeout(Duration value) { this.readTimeout = value; return this; }

        /** A connection idle for longer than this is checked with a NOOP before use (zero: before every use). */
        public Builder idleCheck(Duration value) { this.idleCheck = value; return this; }

        /** Largest text plus HTML body, in UTF-8 bytes. */
        public Builder maxMessageBytes(long value) { this.maxMessageBytes = value; return this; }

        /** Connections kept open, each used by one send at a time (default 1). */
        public Builder connections(int value) { this.connections = value; return this; }

        /**
         * Accepts whatever certificate the configured host presents (Angus {@code mail.smtp.ssl.trust} for that host;
         * checking the name in a certificate that is trusted unseen adds nothing, so that check is off too).
         * For self-signed test servers only: never in production, where the JDK's trust store and the server
         * identity check (on by default) apply.
         */
        public Builder trustAnyCertificate(boolean value) { this.trustAnyCertificate = value; return this; }

        /** @throws IllegalArgumentException naming the first setting that is missing or wrong */
        public SmtpSender build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            HeaderValues.oneLine(host, "host");
            if (security == null) {
                throw new IllegalArgumentException("security must not be null");
            }
            int resolvedPort = port != null ? port : security.defaultPort();
            if (resolvedPort < 1 || resolvedPort > 65_535) {
                throw new IllegalArgumentException("port must be between 1 and 65535");
            }
            if (user != null || password != null) {
                if (user == null || user.isBlank() || password == null) {
                    throw new IllegalArgumentException("credentials need a username and a password");
                }
                HeaderValues.oneLine(user, "username");
                if (password.indexOf('\r') >= 0 || password.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("password must not contain CR or LF");
                }
            }
            if (stores.isEmpty()) {
                throw new IllegalArgumentException("stores must hold at least one store");
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            positive(connectTimeout, "connectTimeout");
            positive(readTimeout, "readTimeout");
            if (idleCheck == null || idleCheck.isNegative()) {
                throw new IllegalArgumentException("idleCheck must not be negative");
            }
            if (maxMessageBytes <= 0) {
                throw new IllegalArgumentException("maxMessageBytes must be positive");
            }
            if (connections < 1 || connections > MAX_CONNECTIONS) {
                throw new IllegalArgumentException("connections must be between 1 and " + MAX_CONNECTIONS);
            }
            Endpoint endpoint = new Endpoint(host, resolvedPort, security, user, password, trustAnyCertificate);
            SmtpSender sender = new SmtpSender(this, endpoint, Session.getInstance(properties(resolvedPort)));
            LOG.info("built {}", sender);
            if (trustAnyCertificate) {
                LOG.warn("trustAnyCertificate is on: the SMTP server's certificate is not checked (tests only)");
            }
            return sender;
        }

        private Properties properties(int resolvedPort) {
            Properties props = new Properties();
            props.setProperty("mail.smtp.host", host);
            props.setProperty("mail.smtp.port", Integer.toString(resolvedPort));
            props.setProperty("mail.smtp.auth", Boolean.toString(user != null));
            props.setProperty("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
            props.setProperty("mail.smtp.timeout", Long.toString(readTimeout.toMillis()));
            props.setProperty("mail.smtp.writetimeout", Long.toString(readTimeout.toMillis()));
            props.setProperty("mail.mime.charset", MimeComposer.UTF_8);
            if (security == Security.STARTTLS) {
                props.setProperty("mail.smtp.starttls.enable", "true");
                props.setProperty("mail.smtp.starttls.required", "true");
            } else if (security == Security.IMPLICIT_TLS) {
                props.setProperty("mail.smtp.ssl.enable", "true");
            }
            if (trustAnyCertificate) {
                props.setProperty("mail.smtp.ssl.trust", host);
                props.setProperty("mail.smtp.ssl.checkserveridentity", "false");
            } else if (security != Security.NONE) {
                props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            return props;
        }

        private static void positive(Duration value, String field) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive");
            }
        }
    }
}
