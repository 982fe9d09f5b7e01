package io.cartrecovery.core;

/** The voice of one recovery message; every step has one. */
public enum Tone {
    /** A gentle, helpful reminder that answers likely questions. */
    HELPFUL_REMINDER,
    /** Reviews, popularity and what other customers say. */
    SOCIAL_PROOF,
    /** Objection handling and scarcity: stock running low, questions answered. */
    OBJECTION_HANDLING,
    /** The final message, usually with an incentive. */
    LAST_CHANCE
}
