/**
 * A {@code MessageGenerator} that has the OpenAI Chat Completions API (or a compatible server) write each recovery
 * message: {@link io.cartrecovery.openai.OpenAiMessageGenerator} builds the prompt from the cart, the customer's
 * segment and the store's brand voice, checks the answer with guardrails, caches identical prompts, stops calling
 * a failing API for a while, and falls back to another generator (the built-in templates by default) whenever it
 * cannot deliver a safe message.
 */
package io.cartrecovery.openai;
