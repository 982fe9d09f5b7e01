package io.cartrecovery.core.links;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified token says.
 *
 * @param storeId    the store whose key signed it
 * @param purpose    what the link does
 * @param sequenceId the sequence whose message carried it
 * @param stepId     the step whose message carried it
 * @param target     where a {@code CLICK} link redirects, otherwise {@code null}
 * @param expiresAt  after this instant the token is rejected
 */
public record LinkClaims(String storeId, LinkPurpose purpose, String sequenceId, String stepId, String target,
                         Instant expiresAt) {

    public LinkClaims {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(sequenceId, "sequenceId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if ((purpose == LinkPurpose.CLICK) != (target != null)) {
            throw new IllegalArgumentException("target must be set exactly for CLICK links");
        }
    }
}
