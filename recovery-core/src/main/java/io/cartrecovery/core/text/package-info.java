/**
 * Text helpers for adapters and generators: {@link io.cartrecovery.core.text.Html} escapes what enters a message's
 * markup, and {@link io.cartrecovery.core.text.Redaction} takes email addresses, tokens and keys out of text that
 * goes into a log line (the messages of other libraries' exceptions).
 */
package io.cartrecovery.core.text;
