package io.cartrecovery.openai;

import io.cartrecovery.core.Message;
import io.cartrecovery.core.text.Html;

/**
 * A message as the model wrote it and the guardrails passed it, still holding the {@value PromptBuilder#FIRST_NAME}
 * placeholder; shared through the cache by every customer with the same cart.
 */
record Draft(String subject, String preheader, String bodyText, String bodyHtml, String callToAction) {

    /** This draft for one customer: the first name filled in (escaped in HTML) and the restore link appended. */
    Message toMessage(String firstName, String restoreUrl) {
        String subjectLine = fill(subject, firstName);
        if (subjectLine.length() > Guardrails.MAX_SUBJECT) {
            subjectLine = fill(subject, null); // a long name must not push the subject over its limit
        }
        String action = fill(callToAction, firstName);
        StringBuilder text = new StringBuilder(fill(bodyText, firstName));
        StringBuilder html = new StringBuilder(fill(bodyHtml, firstName == null ? null : Html.escape(firstName)));
        if (restoreUrl != null) {
            text.append("\n\n").append(action).append(": ").append(restoreUrl).append('\n');
            html.append("<p><a href=\"").append(Html.escape(restoreUrl)).append("\">")
                    .append(Html.escape(action)).append("</a></p>");
        }
        return new Message(subjectLine, fill(preheader, firstName), text.toString(), html.toString(), action);
    }

    /** Replaces the placeholder with {@code value}, or drops it (with its comma or space) when there is no name. */
    private static String fill(String template, String value) {
        if (template.indexOf(PromptBuilder.FIRST_NAME) < 0) {
            return template;
        }
        if (value == null) {
            String out = template.replace(PromptBuilder.FIRST_NAME + ", ", "")
                    .replace(" " + PromptBuilder.FIRST_NAME, "").replace(PromptBuilder.FIRST_NAME, "").strip();
            if (template.startsWith(PromptBuilder.FIRST_NAME) && !out.isEmpty()) {
                out = out.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + out.substring(1);
            }
            return out;
        }
        return template.replace(PromptBuilder.FIRST_NAME, value);
    }
}
