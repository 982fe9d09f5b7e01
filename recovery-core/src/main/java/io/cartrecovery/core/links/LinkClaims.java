package io.cartrecovery.core.links;

import io.cartrecovery.core.Limits;
import io.cartrecovery.core.internal.Arguments;

import java.time.Instant;

/**
 * What a verified token says.
 *
 * @param storeId    the store whose key signed it, at most {@value Limits#MAX_ID_LENGTH} characters
 * @param purpose    what the link does
 * @param sequenceId the sequence whose message carried it, at most {@value Limits#MAX_ID_LENGTH} characters
 * @param stepId     the step whose message carried it, at most {@value Limits#MAX_ID_LENGTH} characters
 * @param target     where a {@code CLICK} link redirects (printable ASCII, at most {@value Limits#MAX_URL_LENGTH}
 *                   characters), otherwise {@code null}
 * @param expiresAt  after this instant the token is rejected
 */
public record LinkClaims(String storeId, LinkPurpose purpose, String sequenceId, String stepId, String target,
                         Instant expiresAt) {

    public LinkClaims {
        Arguments.notNull(storeId, "storeId");
        Arguments.notNull(purpose, "purpose");
        Arguments.notNull(sequenceId, "sequenceId");
        Arguments.notNull(stepId, "stepId");
        Arguments.notNull(expiresAt, "expiresAt");
        if ((purpose == LinkPurpose.CLICK) != (target != null)) {
            throw new IllegalArgumentException("target must be set exactly for CLICK links");
        }
        id(storeId, "storeId");
        id(sequenceId, "sequenceId");
        id(stepId, "stepId");
        if (target != null) {
            if (target.length() > Limits.MAX_URL_LENGTH) {
                throw new IllegalArgumentException("target must be at most " + Limits.MAX_URL_LENGTH + " characters");
            }
            if (!target.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("target must be printable ASCII");
            }
        }
    }

    private static void id(String value, String field) {
        if (value.length() > Limits.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + Limits.MAX_ID_LENGTH + " characters");
        }
    }
}
