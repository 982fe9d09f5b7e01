package io.cartrecovery.core;

import java.math.BigDecimal;

/**
 * One line of a cart.
 *
 * @param sku           the store's stock keeping unit
 * @param title         product title as shown to the customer, at most {@value Limits#MAX_TITLE_LENGTH} characters
 * @param quantity      units in the cart, 1 to {@value Limits#MAX_QUANTITY}
 * @param unitPrice     price of one unit in the cart's currency: an amount (not negative, below 10^12, at most
 *                      four decimals; see {@link Limits})
 * @param imageUrl      product image, http(s), or {@code null}
 * @param inventoryLeft units the store has left, or {@code null} when unknown
 */
public record CartItem(String sku, String title, int quantity, BigDecimal unitPrice, String imageUrl,
                       Integer inventoryLeft) {

    public CartItem {
        Checks.id(sku, "sku");
        Checks.text(title, "title", Limits.MAX_TITLE_LENGTH);
        Checks.quantity(quantity, "quantity");
        Checks.amount(unitPrice, "unitPrice");
        Checks.optionalUrl(imageUrl, "imageUrl");
        if (inventoryLeft != null) {
            Checks.nonNegative(inventoryLeft, "inventoryLeft");
        }
    }

    /** An item with no image and unknown inventory. */
    public static CartItem of(String sku, String title, int quantity, BigDecimal unitPrice) {
        return new CartItem(sku, title, quantity, unitPrice, null, null);
    }

    /** {@code unitPrice × quantity}. */
    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
