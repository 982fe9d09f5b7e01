package io.cartrecovery.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code cartrecovery.*} properties. Secrets (SMTP password, OpenAI key, link secret) never appear in
 * {@code toString()}.
 *
 * @param store               where state lives: {@code jdbc} (the application's DataSource, the default) or
 *                            {@code memory} (forgets everything on exit; for demos and tests)
 * @param healthLagThreshold  the due-work lag above which the health indicator reports DOWN
 * @param jdbc                the JDBC store and its scheduler
 * @param smtp                the email sender; none without {@code cartrecovery.smtp.host}
 * @param openai              the OpenAI message generator; none without {@code cartrecovery.openai.api-key}
 * @param links               signed links; none without {@code cartrecovery.links.secret}
 * @param stores              stores to configure at start, by store id
 */
@ConfigurationProperties("cartrecovery")
public record CartRecoveryProperties(@DefaultValue("jdbc") StoreKind store,
                                     @DefaultValue("5m") Duration healthLagThreshold,
                                     @DefaultValue Jdbc jdbc,
                                     @DefaultValue Smtp smtp,
                                     @DefaultValue OpenAi openai,
                                     @DefaultValue Links links,
                                     Map<String, Store> stores) {

    public CartRecoveryProperties {
        stores = stores == null ? Map.of() : Map.copyOf(stores);
    }

    /** Where the engine keeps its state. */
    public enum StoreKind { JDBC, MEMORY }

    /**
     * @param migrate      apply the library's own migrations at start ({@code false} when Flyway applies
     *                     {@code db/cartrecovery/<dialect>/V*.sql})
     * @param workers      scheduler worker threads
     * @param batchSize    due steps picked per poll
     * @param pollInterval how often the scheduler asks the database for due work
     */
    public record Jdbc(@DefaultValue("true") boolean migrate, @DefaultValue("4") int workers,
                       @DefaultValue("100") int batchSize, @DefaultValue("1s") Duration pollInterval) {
    }

    /**
     * @param host     the SMTP server; no email sender without it
     * @param port     its port
     * @param security {@code STARTTLS}, {@code IMPLICIT_TLS} or {@code NONE}
     * @param username the login, if the server wants one
     * @param password the password (never logged or shown)
     * @param stores   the sender address per store id
     */
    public record Smtp(String host, @DefaultValue("587") int port, @DefaultValue("STARTTLS") String security,
                       String username, String password, Map<String, MailFrom> stores) {

        public Smtp {
            stores = stores == null ? Map.of() : Map.copyOf(stores);
        }

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                    + ", password=" + (password == null ? "none" : "***") + ", stores=" + stores + "]";
        }
    }

    /**
     * @param from     the sender address
     * @param fromName the sender's display name
     * @param replyTo  the reply-to address
     */
    public record MailFrom(String from, String fromName, String replyTo) {
    }

    /**
     * @param apiKey the OpenAI API key (never logged or shown); no generator without it
     * @param model  the model
     * @param baseUrl the API's base URL
     */
    public record OpenAi(String apiKey, @DefaultValue("gpt-4o") String model,
                         @DefaultValue("https://api.openai.com") String baseUrl) {

        @Override
        public String toString() {
            return "OpenAi[apiKey=" + (apiKey == null ? "none" : "***") + ", model=" + model + ", baseUrl="
                    + baseUrl + "]";
        }
    }

    /**
     * @param secret the signing secret, 32 bytes or more (never logged or shown); no links without it
     * @param keyId  the id of the key, carried in every token, for rotation
     * @param ttl    how long a link stays valid
     * @param stores the tracking base URL and redirect host per store id
     */
    public record Links(String secret, @DefaultValue("k1") String keyId, @DefaultValue("60d") Duration ttl,
                        Map<String, StoreLinkSettings> stores) {

        public Links {
            stores = stores == null ? Map.of() : Map.copyOf(stores);
        }

        @Override
        public String toString() {
            return "Links[secret=" + (secret == null ? "none" : "***") + ", keyId=" + keyId + ", ttl=" + ttl
                    + ", stores=" + stores + "]";
        }
    }

    /**
     * @param baseUrl      where the host serves {@code /unsubscribe}, {@code /open} and {@code /click} for the store
     * @param redirectHost the only host that tracked clicks redirect to
     */
    public record StoreLinkSettings(String baseUrl, String redirectHost) {
    }

    /**
     * @param locale     the store's language when the customer's is unknown
     * @param timeZone   the store's zone when the customer's is unknown
     * @param quietStart the start of quiet hours, in the customer's local time
     * @param quietEnd   the end of quiet hours
     */
    public record Store(Locale locale, ZoneId timeZone, LocalTime quietStart, LocalTime quietEnd) {
    }
}
