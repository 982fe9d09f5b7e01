package io.cartrecovery.openai;

import java.text.Normalizer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings text into the one form every guardrail checks, so that look-alike spellings cannot slip past them: HTML
 * entities decoded, NFKC (fullwidth and mathematical forms, superscripts, ligatures), every Unicode decimal digit
 * as its ASCII digit, the percent, at, full-stop, apostrophe and dash variants as their ASCII sign, invisible format
 * characters (zero-width, soft hyphen, bidi controls) removed, common Cyrillic and Greek homoglyphs as Latin letters,
 * diacritics removed, {@code ß} as {@code ss}, and bracketed {@code [dot]}/{@code (at)} spellings as {@code .} and
 * {@code @}. No-break spaces stay, since they group the digits of prices. Only for checks: never sent.
 */
final class TextNormaliser {
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[a-zA-Z]{2,8};)");
    private static final Pattern BRACKETED_DOT = Pattern.compile("(?i)\\s*[\\[({]\\s*(\\.|dot|punkt|point|punto)\\s*[\\])}]\\s*");
    private static final Pattern BRACKETED_AT = Pattern.compile("(?i)\\s*[\\[({]\\s*(@|at|ät|arobase|arroba)\\s*[\\])}]\\s*");
    private static final char NO_BREAK = '\uE001';
    private static final Map<Character, Character> HOMOGLYPHS = homoglyphs();

    private TextNormaliser() {}

    static String normalise(String text) {
        String decoded = decodeEntities(text).replace('\u00a0', NO_BREAK).replace('\u202f', NO_BREAK)
                .replace('\u2007', NO_BREAK);
        String compatible = Normalizer.normalize(decoded, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(compatible.length());
        compatible.codePoints().forEach(cp -> append(out, cp));
        String folded = Normalizer.normalize(out, Normalizer.Form.NFD);
        StringBuilder plain = new StringBuilder(folded.length());
        folded.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK) {
                plain.appendCodePoint(cp);
            }
        });
        String result = Normalizer.normalize(plain, Normalizer.Form.NFC).replace("ß", "ss");
        result = BRACKETED_DOT.matcher(result).replaceAll(".");
        return BRACKETED_AT.matcher(result).replaceAll("@");
    }

    private static void append(StringBuilder out, int cp) {
        if (cp == NO_BREAK) {
            out.append('\u00a0');
        } else if (Character.getType(cp) == Character.FORMAT || cp == 0x034F) {
            // zero-width characters, soft hyphens, bidi controls: invisible, so dropped
        } else if (cp > 0x7F && Character.isDigit(cp)) {
            out.append((char) ('0' + Character.digit(cp, 10)));
        } else if (cp == 0x066A || cp == 0x2030 || cp == 0x2031 || cp == 0x0609 || cp == 0x060A) {
            out.append('%');
        } else if (cp == 0x3002 || cp == 0xFF61 || cp == 0x06D4 || cp == 0x0701 || cp == 0x0702 || cp == 0x2E3C) {
            out.append('.');
        } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x02BC || cp == 0x2032 || cp == 0x00B4
                || cp == 0x0060) {
            out.append('\'');
        } else if (Character.getType(cp) == Character.DASH_PUNCTUATION || cp == 0x2212) {
            out.append('-');
        } else if (Character.getType(cp) == Character.SPACE_SEPARATOR) {
            out.append(' ');
        } else if (cp < 0x10000 && HOMOGLYPHS.containsKey((char) cp)) {
            out.append(HOMOGLYPHS.get((char) cp));
        } else {
            out.appendCodePoint(cp);
        }
    }

    /** Decodes numeric references (with or without their semicolon, as browsers do) and the usual named ones. */
    private static String decodeEntities(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher entity = ENTITY.matcher(text);
        return entity.replaceAll(m -> Matcher.quoteReplacement(decode(m.group(1))));
    }

    private static String decode(String entity) {
        if (entity.startsWith("#")) {
            String digits = entity.endsWith(";") ? entity.substring(1, entity.length() - 1) : entity.substring(1);
            boolean hex = digits.startsWith("x") || digits.startsWith("X");
            int code = Integer.parseInt(hex ? digits.substring(1) : digits, hex ? 16 : 10);
            return Character.isValidCodePoint(code) ? Character.toString(code) : " ";
        }
        return switch (entity.substring(0, entity.length() - 1)) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> "\u00a0";
            case "euro" -> "€";
            case "pound" -> "£";
            case "yen" -> "¥";
            case "cent" -> "¢";
            case "percnt" -> "%";
            case "dollar" -> "$";
            case "commat" -> "@";
            case "period" -> ".";
            case "plus" -> "+";
            default -> " ";
        };
    }

    private static Map<Character, Character> homoglyphs() {
        String from = "аАвВеЕёЁкКмМнНоОрРсСтТуУхХіІјЈѕЅԁһӏɡαΑβΒεΕζΖηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧ";
        String to = "aAbBeEeEkKmMHHoOpPcCtTyYxXiIjJsSdhlgaAbBeEzZnHiIkKuMvNoOpPtTuYxX";
        Map<Character, Character> map = new java.util.HashMap<>();
        for (int i = 0; i < from.length(); i++) {
            map.put(from.charAt(i), to.charAt(i));
        }
        return Map.copyOf(map);
    }
}
