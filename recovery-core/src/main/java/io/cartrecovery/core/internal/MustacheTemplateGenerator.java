package io.cartrecovery.core.internal;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Limits;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The built-in generator: mustache templates per language ({@code en, de, fr, es}) and tone, under
 * {@code io/cartrecovery/core/templates/LANG/}. The subject, preheader, intro and call to action are plain-text
 * templates; the HTML layout escapes everything that enters it, the text layout nothing. The language is the
 * first of request, customer and store locale that has templates, else English (logged once per locale). A
 * store's {@link StoreSettings#templateOverrides()} replace built-in templates by name (no partials). Every
 * template is compiled once and cached.
 *
 * <p>Templates see {@code lang, firstName} (the customer's {@link io.cartrecovery.core.Customer#greetingName()
 * greeting name}, absent when the first name does not look like a name), {@code product} (the first item's
 * title), {@code itemCount} (every line), {@code items} (the first {@value Limits#MAX_RENDERED_ITEMS} lines, each
 * with {@code title, quantity, unitPrice, lineTotal, imageUrl}), {@code moreItems} (the number of lines not
 * listed, absent when all are), {@code total}, {@code restoreUrl} and,
 * only on a step that grants one, {@code incentive} ({@code code, percent}); the layouts also see the rendered
 * {@code subject, preheader, intro, cta}. Money is formatted for the locale and the cart's currency.
 */
public final class MustacheTemplateGenerator implements MessageGenerator {
    public static final MustacheTemplateGenerator INSTANCE = new MustacheTemplateGenerator();

    private static final Logger LOG = LoggerFactory.getLogger(MustacheTemplateGenerator.class);
    private static final String ROOT = "io/cartrecovery/core/templates";
    private static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "es");
    private static final int MAX_LINE = 150;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Factory html = new Factory(true, true);
    private final Factory text = new Factory(false, true);
    private final Factory overrideHtml = new Factory(true, false);
    private final Factory overrideText = new Factory(false, false);
    private final Map<String, Mustache> overrides = new ConcurrentHashMap<>();
    private final Set<String> reportedFallbacks = ConcurrentHashMap.newKeySet();

    MustacheTemplateGenerator() {}

    @Override
    public Message generate(MessageRequest request) {
        Locale locale = templateLocale(request);
        String lang = locale.getLanguage();
        Map<String, String> custom = request.settings().templateOverrides();
        Map<String, Object> scope = Scope.of(request, locale);
        Tone tone = request.tone();
        String subject = line(custom, lang + "/" + tone + ".subject", scope);
        String preheader = line(custom, lang + "/" + tone + ".preheader", scope);
        String cta = line(custom, lang + "/" + tone + ".cta", scope);
        scope.put("subject", subject);
        scope.put("preheader", preheader);
        scope.put("cta", cta);
        scope.put("intro", render(custom, text, lang + "/" + tone + ".intro", scope).strip());
        String textBody = render(custom, text, lang + "/email.txt", scope);
        String htmlBody = render(custom, html, lang + "/email.html", scope);
        return new Message(subject, preheader, textBody, htmlBody, cta);
    }

    /** The request's locale, else the customer's, else the store's, when templates exist for it; else English. */
    Locale templateLocale(MessageRequest request) {
        Locale[] candidates = {request.locale(), request.customer().locale(), request.settings().locale()};
        for (Locale candidate : candidates) {
            if (candidate != null && LANGUAGES.contains(candidate.getLanguage())) {
                return candidate;
            }
        }
        String tag = request.locale().toLanguageTag();
        if (reportedFallbacks.add(tag)) {
            LOG.info("no message templates for locale {}; falling back to English", tag);
        }
        return Locale.ENGLISH;
    }

    private String render(Map<String, String> custom, Factory factory, String name,
                          Map<String, Object> scope) {
        StringWriter out = new StringWriter(256);
        template(custom, factory, name).execute(out, scope);
        return out.toString();
    }

    private Mustache template(Map<String, String> custom, Factory factory, String name) {
        String source = custom.get(name);
        if (source == null) {
            return factory.compile(name + ".mustache"); // the factory caches compiled templates
        }
        Factory strict = factory == html ? overrideHtml : overrideText;
        return overrides.computeIfAbsent((factory == html ? "h:" : "t:") + name + '\u0000' + source, key -> {
            try {
                return strict.compile(new StringReader(source), name);
            } catch (MustacheException e) {
                LOG.warn("template override {} does not compile ({}); using the built-in one", name, e.getMessage());
                return factory.compile(name + ".mustache");
            }
        });
    }

    /**
     * A one-line part: line breaks and runs of blanks become one space, cut at {@value #MAX_LINE} characters. An
     * override that renders blank gives way to the built-in template.
     */
    private String line(Map<String, String> custom, String name, Map<String, Object> scope) {
        String collapsed = WHITESPACE.matcher(render(custom, text, name, scope).strip()).replaceAll(" ");
        if (collapsed.isEmpty() && custom.containsKey(name)) {
            return line(Map.of(), name, scope);
        }
        if (collapsed.length() <= MAX_LINE) {
            return collapsed;
        }
        int end = MAX_LINE - 1;
        if (Character.isHighSurrogate(collapsed.charAt(end - 1))) {
            end--; // never half a character: an unpaired surrogate is no text
        }
        return collapsed.substring(0, end) + "…";
    }

    /**
     * Compiles templates from the class path; HTML-escaping or not; store overrides may not include partials
     * (they would read arbitrary class-path resources into an email). Values come from maps only.
     */
    private static final class Factory extends DefaultMustacheFactory {
        private final boolean escapeHtml;
        private final boolean partials;

        Factory(boolean escapeHtml, boolean partials) {
            super(ROOT);
            this.escapeHtml = escapeHtml;
            this.partials = partials;
            setObjectHandler(new MapsOnly());
        }

        @Override
        public void encode(String value, Writer writer) {
            if (escapeHtml) {
                super.encode(value, writer);
                return;
            }
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException("cannot write", e);
            }
        }

        @Override
        public Reader getReader(String resourceName) {
            if (!partials) {
                throw new MustacheException("template overrides cannot include partials: " + resourceName);
            }
            return super.getReader(resourceName);
        }
    }

    /** Templates read map entries and nothing else: no methods or fields of the Java objects behind them. */
    private static final class MapsOnly extends ReflectionObjectHandler {
        @Override
        protected void checkMethod(Method member) throws NoSuchMethodException {
            throw new NoSuchMethodException(member.getName());
        }

        @Override
        protected void checkField(Field member) throws NoSuchFieldException {
            throw new NoSuchFieldException(member.getName());
        }
    }

    /** The values the templates see. */
    private static final class Scope {
        private static final ThreadLocal<Map<String, NumberFormat>> FORMATS =
                ThreadLocal.withInitial(HashMap::new);

        static Map<String, Object> of(MessageRequest request, Locale locale) {
            NumberFormat money = format(locale, request.cart().currency());
            List<CartItem> all = request.cart().items();
            List<CartItem> listed = all.subList(0, Math.min(all.size(), Limits.MAX_RENDERED_ITEMS));
            List<Map<String, Object>> items = new ArrayList<>(listed.size());
            for (CartItem item : listed) {
                Map<String, Object> line = new HashMap<>(8);
                line.put("title", item.title());
                line.put("quantity", item.quantity());
                line.put("unitPrice", money.format(item.unitPrice()));
                line.put("lineTotal", money.format(item.lineTotal()));
                line.put("imageUrl", item.imageUrl());
                items.add(line);
            }
            Map<String, Object> scope = new HashMap<>(24);
            scope.put("lang", locale.getLanguage());
            scope.put("firstName", request.customer().greetingName().orElse(null));
            scope.put("product", all.get(0).title());
            scope.put("itemCount", all.size());
            scope.put("items", items);
            if (all.size() > listed.size()) {
                scope.put("moreItems", all.size() - listed.size());
            }
            scope.put("total", money.format(request.cart().total()));
            scope.put("restoreUrl", request.cart().restoreUrl());
            if (request.incentive() != null) {
                scope.put("incentive", Map.of("code", request.incentive().code(),
                        "percent", request.incentive().percentOff().stripTrailingZeros().toPlainString()));
            }
            return scope;
        }

        /** A currency format for the locale (cached per thread: formats are not thread-safe). */
        static NumberFormat format(Locale locale, Currency currency) {
            return FORMATS.get().computeIfAbsent(locale.toLanguageTag() + "|" + currency.getCurrencyCode(), k -> {
                NumberFormat format = NumberFormat.getCurrencyInstance(locale);
                format.setCurrency(currency);
                return format;
            });
        }
    }
}
