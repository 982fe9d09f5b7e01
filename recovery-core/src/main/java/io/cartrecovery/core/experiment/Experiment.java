package io.cartrecovery.core.experiment;

import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A split test of sequence plans. Each cart is assigned for good by a hash of its cart id and the experiment id:
 * first a {@link #holdoutShare()} that gets no messages at all (its steps are skipped with reason
 * {@code HOLDOUT}, so the report can show the true incremental lift), then the variants by weight.
 *
 * <p>A sequence records its arm as {@code experimentId/variantName} (see {@link #label}).
 *
 * @param id           short id, unique in the store; letters, digits, {@code -_.}
 * @param types        the sequence types it runs on; empty means every type
 * @param holdoutShare share of carts held out, from 0 (no holdout) to below 1
 * @param variants     at least one arm; the first is the control the others are compared with
 */
public record Experiment(String id, Set<SequenceType> types, double holdoutShare, List<Variant> variants) {

    /** The name of the arm that gets no messages. */
    public static final String HOLDOUT = "holdout";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public Experiment {
        checkName(id, "id");
        types = types == null ? Set.of() : Set.copyOf(types);
        if (!(holdoutShare >= 0.0 && holdoutShare < 1.0)) {
            throw new IllegalArgumentException("holdoutShare must be at least 0 and below 1");
        }
        if (variants == null || variants.isEmpty()) {
            throw new IllegalArgumentException("variants must not be empty");
        }
        variants = List.copyOf(variants);
        Set<String> names = new HashSet<>();
        for (Variant variant : variants) {
            if (!names.add(variant.name())) {
                throw new IllegalArgumentException("variants must have unique names, " + variant.name() + " repeats");
            }
        }
    }

    /** An experiment on every sequence type. */
    public static Experiment of(String id, double holdoutShare, Variant... variants) {
        return new Experiment(id, Set.of(), holdoutShare, List.of(variants));
    }

    /** Whether sequences of {@code type} take part. */
    public boolean appliesTo(SequenceType type) {
        return types.isEmpty() || types.contains(type);
    }

    /** The arm of {@code cartId}: a variant name or {@link #HOLDOUT}; the same for the same cart, always. */
    public String assign(String cartId) {
        double u = unitHash(cartId, id);
        if (u < holdoutShare) {
            return HOLDOUT;
        }
        double total = 0;
        for (Variant variant : variants) {
            total += variant.weight();
        }
        double point = (u - holdoutShare) / (1.0 - holdoutShare) * total;
        double cumulative = 0;
        for (Variant variant : variants) {
            cumulative += variant.weight();
            if (point < cumulative) {
                return variant.name();
            }
        }
        return variants.get(variants.size() - 1).name(); // rounding at the very top of the range
    }

    /** The variant named {@code name}, or {@code null} (also for the holdout). */
    public Variant variant(String name) {
        for (Variant variant : variants) {
            if (variant.name().equals(name)) {
                return variant;
            }
        }
        return null;
    }

    /**
     * The plan of {@code policy} with the steps of the variant {@code name} replaced; the holdout keeps the plan
     * (its steps are skipped when they fall due).
     *
     * @throws IllegalArgumentException if the variant changes a step the plan lacks or breaks the step order
     */
    public List<StepDefinition> plan(String name, SequencePolicy policy) {
        Variant variant = variant(name);
        if (variant == null || variant.steps().isEmpty()) {
            return policy.steps();
        }
        List<StepDefinition> steps = new ArrayList<>(policy.steps());
        for (StepDefinition change : variant.steps()) {
            int index = indexOf(steps, change.id());
            if (index < 0) {
                throw new IllegalArgumentException("variant " + name + " of experiment " + id + " changes step "
                        + change.id() + " which the " + policy.type() + " plan lacks");
            }
            steps.set(index, change);
        }
        return new SequencePolicy(policy.type(), steps).steps(); // validates the order of offsets
    }

    /** {@code experimentId/arm}: what a sequence records as its variant. */
    public String label(String arm) {
        return id + "/" + arm;
    }

    /** Whether a sequence's recorded variant is a holdout arm. */
    public static boolean isHoldout(String label) {
        return label != null && label.endsWith("/" + HOLDOUT);
    }

    private static int indexOf(List<StepDefinition> steps, String stepId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }

    /** A uniform number in [0, 1) from FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer. */
    static double unitHash(String cartId, String experimentId) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, cartId.getBytes(StandardCharsets.UTF_8));
        h = (h ^ 0xff) * 0x100000001b3L; // separator that no UTF-8 text contains
        h = fnv(h, experimentId.getBytes(StandardCharsets.UTF_8));
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h = h ^ (h >>> 31);
        return (h >>> 11) * 0x1.0p-53;
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    static void checkName(String value, String field) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 1 to 64 letters, digits, '-', '_' or '.'");
        }
    }
}
