package io.cartrecovery.spring;

import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.openai.OpenAiMessageGenerator;
import io.cartrecovery.smtp.Security;
import io.cartrecovery.smtp.SmtpSender;
import io.cartrecovery.smtp.StoreMailSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** The email sender, the OpenAI generator and signed links, each only when its properties are set. */
final class DeliveryConfiguration {

    private DeliveryConfiguration() {
    }

    /** {@link SmtpSender} from {@code cartrecovery.smtp.*}, when {@code cartrecovery.smtp.host} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SmtpSender.class)
    @ConditionalOnProperty(name = "cartrecovery.smtp.host")
    static class Smtp {

        @Bean
        @ConditionalOnMissingBean(Sender.class)
        SmtpSender recoveryEmailSender(CartRecoveryProperties properties, Clock clock) {
            CartRecoveryProperties.Smtp smtp = properties.smtp();
            SmtpSender.Builder builder = SmtpSender.builder().host(smtp.host()).port(smtp.port())
                    .security(Security.valueOf(smtp.security().toUpperCase(Locale.ROOT))).clock(clock);
            if (smtp.username() != null) {
                builder.credentials(smtp.username(), smtp.password());
            }
            smtp.stores().forEach((storeId, from) -> {
                StoreMailSettings.Builder mail = StoreMailSettings.builder(from.from());
                if (from.fromName() != null) {
                    mail.fromName(from.fromName());
                }
                if (from.replyTo() != null) {
                    mail.replyTo(from.replyTo());
                }
                builder.store(storeId, mail.build());
            });
            return builder.build();
        }
    }

    /** {@link OpenAiMessageGenerator} when {@code cartrecovery.openai.api-key} is set; the templates otherwise. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenAiMessageGenerator.class)
    @ConditionalOnProperty(name = "cartrecovery.openai.api-key")
    static class OpenAi {

        @Bean
        @ConditionalOnMissingBean(MessageGenerator.class)
        OpenAiMessageGenerator recoveryMessageGenerator(CartRecoveryProperties properties, Clock clock) {
            CartRecoveryProperties.OpenAi openai = properties.openai();
            return OpenAiMessageGenerator.builder().apiKey(openai.apiKey()).model(openai.model())
                    .baseUrl(openai.baseUrl()).clock(clock).build();
        }
    }

    /** {@link SignedLinks} for the stores of {@code cartrecovery.links.stores}, when a secret is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "cartrecovery.links.secret")
    static class Links {

        @Bean
        @ConditionalOnMissingBean
        SignedLinks recoveryLinks(CartRecoveryProperties properties, Clock clock) {
            CartRecoveryProperties.Links links = properties.links();
            byte[] secret = links.secret().getBytes(StandardCharsets.UTF_8);
            List<StoreLinks> stores = links.stores().entrySet().stream().map(e -> {
                StoreLinks.Builder store = StoreLinks.builder(e.getKey()).baseUrl(URI.create(e.getValue().baseUrl()))
                        .key(links.keyId(), secret).ttl(links.ttl());
                if (e.getValue().redirectHost() != null) {
                    store.redirectHost(e.getValue().redirectHost());
                }
                return store.build();
            }).toList();
            return SignedLinks.of(clock, stores);
        }
    }
}
