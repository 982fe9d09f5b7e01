package io.cartrecovery.openai;

import io.cartrecovery.core.Incentive;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words that make an offer without a digit and a percent sign, in the languages of the templates (en, de, fr, es).
 * A step's only possible incentive is a percentage off with a code, so: free shipping, gifts, multi-buys ("2 for 1")
 * and stacked discounts ("an extra discount") are never allowed; discount talk ("discount", "Rabatt", "remise",
 * "descuento", "on sale") only on a step that carries an incentive; and "half price" only when that incentive is
 * 50%. Works on {@link TextNormaliser normalised} text (no diacritics, {@code ß} as {@code ss}) and also sees
 * through letters spaced or starred apart ("F R E E", "fr*ee"; "fr.ee" is a link).
 */
final class OfferVocabulary {
    private static final BigDecimal FIFTY = BigDecimal.valueOf(50);

    private static final Pattern FREE_WORD = Pattern.compile("(?<![\\p{L}-])free(?!\\p{L})");
    private static final Pattern NOT_AN_OFFER_BEFORE = Pattern.compile("\\bfeels?\\s+$");
    private static final Pattern NOT_AN_OFFER_AFTER = Pattern.compile("^\\s+(to|from)\\b");

    /** Never allowed: nothing free, no multi-buys, no discount on top of the incentive. */
    private static final Pattern ALWAYS = words(
            // free of charge
            "free\\s*(shipping|delivery|returns?|gifts?|samples?)", "complimentary", "on the house", "(is|are|'s) on us", "at no (extra |additional )?(cost|charge)", "no charge",
            "freebie\\p{L}*", "bonus( gift)?", "gift with (your )?(order|purchase)", "(mystery|surprise) gift",
            "gratis\\p{L}*", "kostenlos\\p{L}*", "kostenfrei\\p{L}*", "versandkostenfrei\\p{L}*", "portofrei",
            "umsonst", "geschenkt", "ohne (aufpreis|zusatzkosten|versandkosten)", "geschenk (dazu|fur dich)",
            "gratuit\\p{L}*", "offert(e|s|es)?", "gracieusement", "sans frais",
            "de regalo", "te regalamos", "regalo gratis", "obsequio\\p{L}*", "sin (costo|coste|cargo)",
            // multi-buys
            "buy (one|1),? get (one|1|another|a second)", "bogo", "(two|three|2|3) for (one|two|1|2)",
            "(?<![\\d.,])\\d\\s*(for|fur|pour|por|x|\\+)\\s*\\d(?![\\d.,])",
            "(zwei|drei|vier) fur (eins|ein|zwei|drei)", "(deux|trois) pour (le prix d'\\s*)?(un|une|deux)",
            "(dos|tres) por (uno|una|dos)", "segunda unidad", "compra (uno|una|1) y llevate",
            "(second|2nd) (one|item|pair) (free|half)", "(le )?(deuxieme|second) (a |offert|gratuit)",
            "zweite[nrs]? (artikel|paar|stuck) (gratis|geschenkt|halb|zum halben)",
            // a discount on top of the incentive
            "(extra|additional|further|another|second|bonus) (discount|saving|coupon|voucher|offer|reduction)s?",
            "(zusatzliche?[nrs]?|weitere[nrs]?|extra) (rabatt|nachlass|gutschein|prozente)",
            "(remise|reduction|promotion|promo|rabais) (supplementaire|additionnelle|en plus)",
            "(autre|deuxieme|nouvelle) (remise|reduction)", "(descuento|rebaja|cupon) (adicional|extra)",
            "otro descuento");

    /** Allowed only when the step carries an incentive. */
    private static final Pattern DISCOUNT = words(
            "discount\\p{L}*", "coupon\\p{L}*", "voucher\\p{L}*", "promo\\p{L}*", "on sale", "sale",
            "special offer", "exclusive offer", "price (drop|cut|reduction)\\p{L}*", "price has (dropped|gone down)",
            "reduced", "marked down", "markdown", "cheaper", "savings", "rebate", "cash\\s*back",
            "rabatt\\p{L}*", "\\p{L}*nachlass", "ermassigung", "reduziert\\p{L}*", "prozente", "gutschein\\p{L}*",
            "sonderangebot\\p{L}*", "im angebot", "angebotspreis", "aktionspreis", "gunstiger", "preissenkung",
            "reduction\\p{L}*", "remise\\p{L}*", "rabais", "ristourne", "bon de reduction", "en soldes?", "soldes",
            "offre (speciale|exclusive)", "prix (reduit|barre|casse)", "moins cher", "economis\\p{L}*",
            "descuento\\p{L}*", "rebaj\\p{L}*", "oferta\\p{L}*", "cupon\\p{L}*", "mas barato", "ahorr\\p{L}*",
            "precio reducido", "liquidacion");

    /** Half price: allowed only when the incentive is 50%. */
    private static final Pattern HALF = words(
            "half[ -]?(price|priced|off)", "half the price", "halbe[nr]? preis", "halbpreis\\p{L}*",
            "halfte des preises", "(a )?moitie (du |de )?prix", "(a )?mitad de(l)? precio", "medio precio");

    private static final Pattern INSIDE_WORD = Pattern.compile("(?<=\\p{L})[*_·](?=\\p{L})");
    private static final Pattern SPACED_LETTERS = Pattern.compile("(?<!\\p{L})(?:\\p{L}[ *_.·-]){2,40}\\p{L}(?!\\p{L})");

    private OfferVocabulary() {}

    /** Whether {@code text} offers more than {@code incentive} (which may be {@code null}) in words. */
    static boolean offersMore(String text, Incentive incentive) {
        String lower = text.toLowerCase(Locale.ROOT); // the vocabulary is lower case: no case folding per comparison
        String squeezed = squeeze(lower);
        return offersMoreIn(lower, incentive) || !squeezed.equals(lower) && offersMoreIn(squeezed, incentive);
    }

    private static boolean offersMoreIn(String text, Incentive incentive) {
        if (free(text) || ALWAYS.matcher(text).find() || incentive == null && DISCOUNT.matcher(text).find()) {
            return true;
        }
        return (incentive == null || incentive.percentOff().compareTo(FIFTY) != 0) && HALF.matcher(text).find();
    }

    private static boolean free(String text) {
        Matcher free = FREE_WORD.matcher(text);
        while (free.find()) {
            String before = text.substring(Math.max(0, free.start() - 8), free.start());
            String after = text.substring(free.end(), Math.min(text.length(), free.end() + 8));
            if (!NOT_AN_OFFER_BEFORE.matcher(before).find() && !NOT_AN_OFFER_AFTER.matcher(after).find()) {
                return true;
            }
        }
        return false;
    }

    /** The text with letters joined that were spaced or starred apart: "F R E E", "fr*ee". */
    private static String squeeze(String text) {
        String joined = INSIDE_WORD.matcher(text).replaceAll("");
        return SPACED_LETTERS.matcher(joined).replaceAll(m -> m.group().replaceAll("[ *_.·-]", ""));
    }

    private static Pattern words(String... alternatives) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + String.join("|", alternatives).replace(" ", "\\s+")
                + ")(?![\\p{L}\\p{N}])");
    }
}
