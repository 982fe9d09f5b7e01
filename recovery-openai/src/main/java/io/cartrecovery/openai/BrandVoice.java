package io.cartrecovery.openai;

import java.util.List;

/**
 * How one store wants its recovery messages to sound, and whether the model may see first names.
 *
 * @param brandName      the store's name as customers know it, or {@code null}
 * @param voice          the tone in a few words, for example "warm, witty, never pushy"
 * @param guidelines     short rules the copy must follow, at most {@value #MAX_GUIDELINES}
 * @param shareFirstName whether the customer's first name may be sent to the API; when {@code false} (the default)
 *                       the model writes a placeholder that is filled in locally, and identical carts of different
 *                       customers share one generated message
 */
public record BrandVoice(String brandName, String voice, List<String> guidelines, boolean shareFirstName) {

    public static final int MAX_TEXT_LENGTH = 300;
    public static final int MAX_GUIDELINES = 20;

    public BrandVoice {
        if (brandName != null) {
            text(brandName, "brandName");
        }
        text(voice, "voice");
        if (guidelines == null) {
            throw new IllegalArgumentException("guidelines must not be null");
        }
        if (guidelines.size() > MAX_GUIDELINES) {
            throw new IllegalArgumentException("guidelines must hold at most " + MAX_GUIDELINES + " entries");
        }
        for (String guideline : guidelines) {
            text(guideline, "guidelines");
        }
        guidelines = List.copyOf(guidelines);
    }

    /** A friendly, neutral voice with no brand name and no guidelines; first names are not shared. */
    public static BrandVoice neutral() {
        return new BrandVoice(null, "friendly, clear and helpful", List.of(), false);
    }

    /** A voice for {@code brandName} with the given guidelines; first names are not shared. */
    public static BrandVoice of(String brandName, String voice, String... guidelines) {
        return new BrandVoice(brandName, voice, List.of(guidelines), false);
    }

    /** This voice, allowing or forbidding first names in prompts. */
    public BrandVoice withShareFirstName(boolean share) {
        return new BrandVoice(brandName, voice, guidelines, share);
    }

    private static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(field + " must not contain CR or LF");
        }
    }
}
