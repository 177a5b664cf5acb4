package com.hotcrm.platform.security;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** The seed's rate-limit tiers: requests per hour per token. */
public enum RateLimitTier {
    STANDARD("Standard", 1_000),
    PREMIUM("Premium", 10_000),
    ENTERPRISE("Enterprise", -1);

    /** What {@link #parse} accepts, as a constant for a request field's {@code @Pattern}. */
    public static final String PATTERN = "(?i)\\s*(standard|premium|enterprise)\\s*";

    private final String label;
    private final long perHour;

    RateLimitTier(String label, long perHour) {
        this.label = label;
        this.perHour = perHour;
    }

    /** The name used in JSON and in the token's {@code tier} claim: Standard, Premium, Enterprise. */
    public String label() {
        return label;
    }

    /** Requests allowed per hour, or empty for unlimited. */
    public OptionalLong perHour() {
        return perHour < 0 ? OptionalLong.empty() : OptionalLong.of(perHour);
    }

    public boolean atMost(RateLimitTier other) {
        return ordinal() <= other.ordinal();
    }

    public static Optional<RateLimitTier> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (RateLimitTier tier : values()) {
            if (tier.label.toLowerCase(Locale.ROOT).equals(v)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
