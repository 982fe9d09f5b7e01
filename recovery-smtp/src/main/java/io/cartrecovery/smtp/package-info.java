/**
 * The email {@code Sender} over SMTP with Eclipse Angus Mail: {@link io.cartrecovery.smtp.SmtpSender} turns each
 * delivery into a plain-text and HTML message with a stable {@code Message-ID} and RFC 8058 one-click unsubscribe
 * headers, over pooled STARTTLS or TLS connections, and classifies the server's replies as delivered, permanent or
 * transient failures; {@code StoreMailSettings} addresses one store's emails.
 */
package io.cartrecovery.smtp;
