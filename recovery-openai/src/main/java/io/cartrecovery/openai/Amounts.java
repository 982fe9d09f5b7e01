package io.cartrecovery.openai;

import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.MessageRequest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers rule of the guardrails, on {@link TextNormaliser normalised} text with product titles replaced by
 * {@link Guardrails#TITLE_MARK}: a percentage must be the step's incentive, and an amount (a number with a currency
 * sign, code or word, with two decimals, followed by "off"/"Rabatt"/"de descuento"…, or after "save"/"sparen"/
 * "économisez"/"ahorra") must be a price or total of the cart. A percent sign or word without digits in front of it
 * ("fifty percent", a title's "90" followed by "% off"), and a currency word or "off"/"Rabatt"… after a number in
 * words or a title ("ten dollars", "twenty off") are violations.
 */
final class Amounts {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE; // ASCII: normalised text, ASCII vocabulary
    private static final Pattern NUMBER = Pattern.compile("\\d(?:[\\d.,\\u00a0']*\\d)?");
    private static final Pattern DIGIT_BEFORE = Pattern.compile("\\d[\\s\\u00a0]*$");
    private static final Pattern DIGIT_AFTER = Pattern.compile("^[\\s\\u00a0]*\\d");
    private static final Pattern PERCENT = Pattern.compile(
            "%|(?<!\\p{L})(percent|per\\s*cent|prozent|pour\\s*cent|pourcent|por\\s*ciento|porciento|pct)(?!\\p{L})",
            FLAGS);
    private static final Pattern PERCENT_BEFORE = Pattern.compile("(" + PERCENT.pattern() + ")[\\s\\u00a0]*$", FLAGS);
    private static final Pattern PERCENT_AFTER = Pattern.compile("^[\\s\\u00a0]*(" + PERCENT.pattern() + ")", FLAGS);
    private static final String CURRENCY_WORDS = "dollars?|bucks?|euros?|eur|usd|gbp|chf|cad|aud|jpy|pounds?|quid|"
            + "cents?|pence|francs?|franken|rappen|pesos?|dolar(es)?|centimos?|centimes?|yen|yuan|rupees?";
    private static final Pattern CURRENCY_AFTER = Pattern.compile(
            "^[\\s\\u00a0]*(\\p{Sc}|(" + CURRENCY_WORDS + ")(?!\\p{L}))", FLAGS);
    private static final Pattern CURRENCY_BEFORE = Pattern.compile(
            "(\\p{Sc}|(?<!\\p{L})(USD|EUR|GBP|CHF|CAD|AUD|JPY|SEK|NOK|DKK|PLN|CZK|MXN|BRL|INR|CNY|NZD))[\\s\\u00a0]*$");
    private static final Pattern CURRENCY = Pattern.compile(
            "\\p{Sc}|(?<!\\p{L})(" + CURRENCY_WORDS + ")(?!\\p{L})", FLAGS);
    private static final Pattern REDUCTION_AFTER = Pattern.compile("^[\\s\\u00a0]*(off|back|cash\\s*back|discount|"
            + "rabatt|nachlass|billiger|gunstiger|de\\s+(descuento|reduction|remise|rabais)|descuento|reduction|"
            + "remise|moins\\s+cher|menos|mas\\s+barato)(?!\\p{L})", FLAGS);
    private static final Pattern REDUCTION = Pattern.compile(
            "(?<!\\p{L})(off|back|cash\\s*back|rabatt|nachlass|(de\\s+)?(descuento|reduction|remise|rabais))(?!\\p{L})",
            FLAGS);
    private static final Pattern SAVE_BEFORE = Pattern.compile("(?<!\\p{L})(save|saving|spare|spar(e|st|t|en)|"
            + "economis\\p{L}*|ahorr\\p{L}*)(\\s+(up to|bis zu|jusqu'a|hasta))?[\\s\\u00a0]+$", FLAGS);
    /** A number in words, in en, de, fr or es, as the last word before a currency word. */
    private static final Pattern SPELLED = Pattern.compile("(?<!\\p{L})(one|two|three|four|five|six|seven|"
            + "eight|nine|ten|eleven|twelve|\\p{L}*teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
            + "hundred|thousand|ein|eine|einen|eins|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|"
            + "\\p{L}*(zig|ssig|hundert|tausend)|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|"
            + "treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|mille|uno|una|dos|tres|"
            + "cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|dieci\\p{L}*|veint\\p{L}*|"
            + "treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|ciento|mil)[\\s\\u00a0]+$", FLAGS);

    private Amounts() {}

    /** Adds {@code AMOUNT} or {@code PERCENTAGE} to {@code violations} for what the data does not hold. */
    static void check(String text, MessageRequest request, Set<Guardrails.Violation> violations) {
        List<BigDecimal> amounts = new ArrayList<>();
        for (CartItem item : request.cart().items()) {
            amounts.add(item.unitPrice());
            amounts.add(item.lineTotal());
        }
        amounts.add(request.cart().total());
        BigDecimal percent = request.incentive() == null ? null : request.incentive().percentOff();
        List<String> marks = List.of(request.cart().currency().getCurrencyCode(),
                request.cart().currency().getSymbol(request.locale()), request.cart().currency().getSymbol(Locale.ROOT));
        Matcher number = NUMBER.matcher(text);
        while (number.find()) {
            BigDecimal value = amount(number.group());
            String after = text.substring(number.end(), Math.min(text.length(), number.end() + 24));
            String before = text.substring(Math.max(0, number.start() - 16), number.start());
            if (PERCENT_AFTER.matcher(after).find()) {
                if (percent == null || percent.compareTo(value) != 0) {
                    violations.add(Guardrails.Violation.PERCENTAGE);
                }
            } else if (isMoney(number.group(), before, after, marks) || REDUCTION_AFTER.matcher(after).find()
                    || SAVE_BEFORE.matcher(before).find()) {
                if (amounts.stream().noneMatch(a -> a.compareTo(value) == 0)
                        && (percent == null || percent.compareTo(value) != 0)) {
                    violations.add(Guardrails.Violation.AMOUNT);
                }
            }
        }
        Matcher sign = PERCENT.matcher(text);
        while (sign.find()) {
            if (!DIGIT_BEFORE.matcher(text.substring(Math.max(0, sign.start() - 8), sign.start())).find()) {
                violations.add(Guardrails.Violation.PERCENTAGE);
            }
        }
        Matcher reduction = REDUCTION.matcher(text);
        while (reduction.find()) {
            String before = text.substring(Math.max(0, reduction.start() - 24), reduction.start());
            if (SPELLED.matcher(before).find() && !PERCENT_BEFORE.matcher(before).find()) {
                violations.add(Guardrails.Violation.AMOUNT); // "take twenty off"
            }
        }
        Matcher currency = CURRENCY.matcher(text);
        while (currency.find()) {
            String before = text.substring(Math.max(0, currency.start() - 24), currency.start());
            String after = text.substring(currency.end(), Math.min(text.length(), currency.end() + 4));
            if (DIGIT_BEFORE.matcher(before).find() || DIGIT_AFTER.matcher(after).find()) {
                continue; // an amount, checked above
            }
            if (SPELLED.matcher(before).find() || before.stripTrailing().endsWith(Guardrails.TITLE_MARK)) {
                violations.add(Guardrails.Violation.AMOUNT);
            }
        }
    }

    private static boolean isMoney(String raw, String before, String after, List<String> marks) {
        int separator = Math.max(raw.lastIndexOf('.'), raw.lastIndexOf(','));
        if (separator >= 0 && raw.length() - separator - 1 == 2) {
            return true;
        }
        if (CURRENCY_BEFORE.matcher(before).find() || CURRENCY_AFTER.matcher(after).find()) {
            return true;
        }
        String next = after.stripLeading();
        String previous = before.stripTrailing();
        return marks.stream().anyMatch(mark -> previous.endsWith(mark) || next.startsWith(mark));
    }

    /** Reads {@code 1,234.56}, {@code 1.234,56}, {@code 89,00} and {@code 1 234} alike. */
    static BigDecimal amount(String raw) {
        String s = raw.replace("\u00a0", "").replace("\u202f", "").replace("'", "").replace("\u2019", "");
        int lastDot = s.lastIndexOf('.');
        int lastComma = s.lastIndexOf(',');
        int separator = Math.max(lastDot, lastComma);
        if (separator < 0) {
            return new BigDecimal(s);
        }
        String integer = s.substring(0, separator).replace(".", "").replace(",", "");
        String fraction = s.substring(separator + 1);
        boolean oneKind = lastDot < 0 || lastComma < 0;
        boolean repeated = s.indexOf(s.charAt(separator)) != separator;
        if (oneKind && (repeated || fraction.length() == 3)) {
            return new BigDecimal(integer + fraction); // thousands separators only
        }
        return new BigDecimal(integer + "." + fraction);
    }
}
