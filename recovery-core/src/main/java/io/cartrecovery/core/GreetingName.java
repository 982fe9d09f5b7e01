package io.cartrecovery.core;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The rule of {@link Customer#greetingName()}: whether a first name is fit to appear in a message. */
final class GreetingName {
    /** A word: letters (with combining marks), inner hyphens or apostrophes between letters, an optional final period. */
    private static final String WORD = "\\p{L}[\\p{L}\\p{M}]*(?:[-'\u2019]\\p{L}[\\p{L}\\p{M}]*)*\\.?";
    private static final Pattern NAME =
            Pattern.compile(WORD + "(?: " + WORD + "){0," + (Limits.MAX_GREETING_NAME_WORDS - 1) + "}");
    private static final Pattern WORD_BREAK = Pattern.compile("[ \\-'\u2019.]+");
    /** Words of offers and calls to action (en, de, fr, es) that no one is called by. */
    private static final Set<String> OFFER_WORDS = Set.of(
            "free", "sale", "off", "discount", "code", "coupon", "promo", "offer", "deal", "deals", "win", "winner",
            "prize", "cash", "bonus", "click", "visit", "buy", "cheap", "today", "now", "www", "http", "https",
            "gratis", "rabatt", "angebot", "gutschein", "gewinn", "gratuit", "remise", "offre", "cadeau",
            "oferta", "descuento", "cupón", "cupon", "regalo");

    private GreetingName() {}

    static Optional<String> of(String firstName) {
        if (firstName == null) {
            return Optional.empty();
        }
        String name = firstName.strip();
        if (name.isEmpty() || name.length() > Limits.MAX_GREETING_NAME_LENGTH || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        for (String word : WORD_BREAK.split(name.toLowerCase(Locale.ROOT))) {
            if (OFFER_WORDS.contains(word)) {
                return Optional.empty();
            }
        }
        return Optional.of(name);
    }
}
