package io.cartrecovery.core;

/**
 * A written recovery message, ready for a channel.
 *
 * @param subject      email subject or popup title, one line
 * @param preheader    preview text shown after the subject, one line, may be empty
 * @param textBody     plain-text body
 * @param htmlBody     HTML body (a complete document or a fragment, as the generator writes it)
 * @param callToAction text of the button that restores the cart, one line
 */
public record Message(String subject, String preheader, String textBody, String htmlBody, String callToAction) {

    public Message {
        Checks.text(subject, "subject");
        Checks.noControls(Checks.notNull(preheader, "preheader"), "preheader");
        Checks.notNull(textBody, "textBody");
        Checks.notNull(htmlBody, "htmlBody");
        Checks.text(callToAction, "callToAction");
    }
}
