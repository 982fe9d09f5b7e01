package io.cartrecovery.openai;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The no-links, no-addresses, no-phones rule of the guardrails, on {@link TextNormaliser normalised} text with
 * product titles replaced. A link is a scheme ({@code https://}, {@code mailto:}…), {@code www.}, a Markdown link,
 * an IPv4 address or any host-like {@code label.tld} whose last label is two or more letters (any top-level domain;
 * prices such as {@code 89.00} and abbreviations such as {@code e.g.} are not hosts). An address is any {@code @}
 * followed by a letter or digit. A phone number is a run of seven or more digits with separators, {@code +} and five
 * or more digits, or three or more digits after a word such as "call", "Telefon", "appelez" or "llámanos".
 */
final class ContactDetails {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE; // ASCII: normalised text, ASCII vocabulary
    private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?";
    private static final Pattern SCHEME = Pattern.compile("(?<![\\p{L}\\p{N}])([a-z][a-z0-9+.-]{0,30}://"
            + "|(mailto|tel|sms|javascript|data|file|ftp|whatsapp):)", FLAGS);
    private static final Pattern WWW = Pattern.compile("(?<![\\p{L}\\p{N}])www\\d?\\.", FLAGS);
    private static final Pattern HOST = Pattern.compile("(?<![\\p{L}\\p{N}.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\p{N}])"
            + "|(?<![\\p{L}\\p{N}_.-])" + LABEL + "(?:\\." + LABEL + "){0,10}\\.\\p{L}{2,}(?![\\p{L}\\p{N}-])");
    private static final Pattern ADDRESS = Pattern.compile("@\\s*[\\p{L}\\p{N}]");
    private static final Pattern DIGIT_RUN = Pattern.compile("\\+?\\(?\\d[\\d\\s().\\-/]*\\d");
    private static final Pattern CALL = Pattern.compile("(?<!\\p{L})(call|phone|tel|telephone|ring|text|sms|"
            + "whatsapp|hotline|helpline|fax|dial|anruf\\p{L}*|ruf\\p{L}*|telefon\\p{L}*|handy|mobil\\p{L}*|"
            + "appel\\p{L}*|portable|llam\\p{L}*|telefono|movil|celular)(?!\\p{L})[^\\d\\n]{0,20}$", FLAGS);
    private static final Pattern PRICE = Pattern.compile("[.,]\\d{2}$");

    private ContactDetails() {}

    static void check(String text, Set<Guardrails.Violation> violations) {
        if (link(text)) {
            violations.add(Guardrails.Violation.URL);
        }
        if (ADDRESS.matcher(text).find()) {
            violations.add(Guardrails.Violation.EMAIL);
        }
        if (phone(text)) {
            violations.add(Guardrails.Violation.PHONE);
        }
    }

    /** Whether {@code text} (an HTML fragment's markup included) holds a link. */
    static boolean link(String text) {
        return text.indexOf(':') >= 0 && SCHEME.matcher(text).find()
                || text.indexOf("](") >= 0
                || text.indexOf('.') >= 0 && (WWW.matcher(text).find() || HOST.matcher(text).find());
    }

    private static boolean phone(String text) {
        Matcher run = DIGIT_RUN.matcher(text);
        while (run.find()) {
            long digits = digits(run.group());
            if (digits >= 7 || run.group().startsWith("+") && digits >= 5) {
                return true;
            }
            if (digits >= 3 && !PRICE.matcher(run.group()).find() && CALL.matcher(
                    text.substring(Math.max(0, run.start() - 40), run.start())).find()) {
                return true;
            }
        }
        return false;
    }

    private static long digits(String value) {
        return value.chars().filter(c -> c >= '0' && c <= '9').count();
    }
}
