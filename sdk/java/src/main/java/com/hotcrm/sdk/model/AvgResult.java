package com.hotcrm.sdk.model;

import java.math.BigDecimal;

/** {@code GET /{object}/avg/{field}}: the average (2 decimals; null over no values), and how many values went in. */
public record AvgResult(BigDecimal average, long count) {
}
