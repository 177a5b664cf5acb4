package com.hotcrm.sdk.model;

import java.math.BigDecimal;

/** {@code GET /{object}/sum/{field}}: the sum, and how many values went into it. */
public record SumResult(BigDecimal sum, long count) {
}
