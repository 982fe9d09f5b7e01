package io.cartrecovery.core.internal;

import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;

import java.text.NumberFormat;

/** The built-in generator: short English messages per tone, built with a {@link StringBuilder}. */
public final class PlainTemplateGenerator implements MessageGenerator {
    public static final PlainTemplateGenerator INSTANCE = new PlainTemplateGenerator();

    private PlainTemplateGenerator() {}

    @Override
    public Message generate(MessageRequest request) {
        String product = request.cart().items().get(0).title();
        String subject = switch (request.tone()) {
            case HELPFUL_REMINDER -> "You left " + product + " in your cart";
            case SOCIAL_PROOF -> "Customers love " + product;
            case OBJECTION_HANDLING -> product + " is still waiting, but not for long";
            case LAST_CHANCE -> "Last chance: your cart is about to expire";
        };
        if (subject.length() > 120) {
            subject = subject.substring(0, 117) + "...";
        }
        String greeting = request.customer().firstName() == null ? "Hello," : "Hello " + request.customer().firstName() + ",";
        NumberFormat money = NumberFormat.getCurrencyInstance(request.locale());
        money.setCurrency(request.cart().currency());
        StringBuilder text = new StringBuilder(256).append(greeting).append("\n\nYour cart is waiting:\n");
        StringBuilder html = new StringBuilder(512).append("<p>").append(Html.escape(greeting))
                .append("</p><p>Your cart is waiting:</p><ul>");
        for (CartItem item : request.cart().items()) {
            String line = item.quantity() + " × " + item.title() + " — " + money.format(item.lineTotal());
            text.append("- ").append(line).append('\n');
            html.append("<li>").append(Html.escape(line)).append("</li>");
        }
        html.append("</ul>");
        String total = "Total: " + money.format(request.cart().total());
        text.append(total).append('\n');
        html.append("<p>").append(Html.escape(total)).append("</p>");
        if (request.incentive() != null) {
            String offer = "Use code " + request.incentive().code() + " for "
                    + request.incentive().percentOff().stripTrailingZeros().toPlainString() + "% off.";
            text.append('\n').append(offer).append('\n');
            html.append("<p>").append(Html.escape(offer)).append("</p>");
        }
        String restore = request.cart().restoreUrl();
        if (restore != null) {
            text.append("\nComplete your order: ").append(restore).append('\n');
            html.append("<p><a href=\"").append(Html.escape(restore)).append("\">Complete your order</a></p>");
        }
        String preheader = request.cart().items().size() == 1 ? "1 item is waiting for you"
                : request.cart().items().size() + " items are waiting for you";
        return new Message(subject.replace('\r', ' ').replace('\n', ' '), preheader, text.toString(),
                html.toString(), "Complete your order");
    }

}
