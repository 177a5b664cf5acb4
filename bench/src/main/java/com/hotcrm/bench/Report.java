package com.hotcrm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's one table (markdown, printed and written to a file): per workload HotCRM's throughput
 * and latency through the gateway, PostgreSQL's throughput for the same work, their ratio against the
 * issue's target, and with {@code --direct} the service called directly and what the gateway costs.
 */
final class Report {

    /** One workload's numbers; a side that did not run is null. */
    record Row(Workload workload, ClosedLoop.Measurement hotcrm, ClosedLoop.Measurement direct,
            ClosedLoop.Measurement postgres) {

        Double ratio() {
            if (hotcrm == null || postgres == null || postgres.unitsPerSecond() == 0) {
                return null;
            }
            return hotcrm.unitsPerSecond() / postgres.unitsPerSecond();
        }

        /** 1 - gateway/direct: the share of throughput the extra hop costs. */
        Double gatewayCost() {
            if (hotcrm == null || direct == null || direct.unitsPerSecond() == 0) {
                return null;
            }
            return 1 - hotcrm.unitsPerSecond() / direct.unitsPerSecond();
        }

        /** Whether the target is met; null without a target or without numbers. */
        Boolean met() {
            Workload w = workload;
            if (w.target() == null || hotcrm == null) {
                return null;
            }
            boolean met = true;
            if (w.minRatio() > 0) {
                Double ratio = ratio();
                if (ratio == null) {
                    return null;
                }
                met = ratio >= w.minRatio();
            }
            if (w.minUnitsPerSecond() > 0) {
                met &= hotcrm.unitsPerSecond() >= w.minUnitsPerSecond();
            }
            if (w.maxP99Millis() > 0) {
                met &= hotcrm.p99Millis() <= w.maxP99Millis();
            }
            return met;
        }

        long errors() {
            long errors = 0;
            for (ClosedLoop.Measurement m : new ClosedLoop.Measurement[] { hotcrm, direct, postgres }) {
                errors += m == null ? 0 : m.errors();
            }
            return errors;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> appendices = new ArrayList<>();
    private final List<String> context;
    private final boolean direct;

    Report(List<String> context, boolean direct) {
        this.context = context;
        this.direct = direct;
    }

    void add(Row row) {
        rows.add(row);
    }

    /** Text that follows the table (a query plan). */
    void appendix(String text) {
        appendices.add(text);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| workload | HotCRM /s | p50 ms | p99 ms | PostgreSQL /s | ratio | target | met |");
        if (direct) {
            out.append(" direct /s | gateway cost |");
        }
        out.append(" errors |\n|---|---:|---:|---:|---:|---:|---|---|");
        if (direct) {
            out.append("---:|---:|");
        }
        out.append("---:|\n");
        for (Row row : rows) {
            Workload w = row.workload();
            String unit = w.unit().equals("rows") ? " (rows)" : "";
            out.append("| ").append(w.title()).append(unit).append(" | ");
            if (w.placeholder()) {
                out.append("not supported by the API | | | | | | |");
                if (direct) {
                    out.append(" | |");
                }
                out.append(" |\n");
                continue;
            }
            out.append(rate(row.hotcrm())).append(" | ").append(millis(row.hotcrm(), true)).append(" | ")
                    .append(millis(row.hotcrm(), false)).append(" | ").append(rate(row.postgres())).append(" | ")
                    .append(row.ratio() == null ? "–" : format("%.2f", row.ratio())).append(" | ")
                    .append(w.target() == null ? "" : w.target()).append(" | ")
                    .append(row.met() == null ? "" : row.met() ? "yes" : "**no**").append(" |");
            if (direct) {
                out.append(' ').append(rate(row.direct())).append(" | ")
                        .append(row.gatewayCost() == null ? "–" : format("%.0f %%", row.gatewayCost() * 100)).append(" |");
            }
            out.append(' ').append(row.errors()).append(" |\n");
        }
        out.append('\n');
        for (Row row : rows) {
            out.append("- ").append(row.workload().title()).append(": ").append(row.workload().note()).append('\n');
            for (ClosedLoop.Measurement m : new ClosedLoop.Measurement[] { row.hotcrm(), row.direct(), row.postgres() }) {
                if (m != null && m.firstError() != null) {
                    out.append("  - first error: ").append(m.firstError().replace('\n', ' ')).append('\n');
                }
            }
        }
        if (direct) {
            out.append("- gateway cost = 1 - gateway/direct throughput (target <= 15 %)\n");
        }
        out.append('\n');
        context.forEach(line -> out.append(line).append("  \n"));
        appendices.forEach(text -> out.append('\n').append(text));
        return out.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, "# HotCRM benchmark\n\n" + markdown());
    }

    private static String rate(ClosedLoop.Measurement m) {
        if (m == null) {
            return "–";
        }
        double perSecond = m.unitsPerSecond();
        return perSecond >= 100 ? format("%,.0f", perSecond) : format("%.1f", perSecond);
    }

    private static String millis(ClosedLoop.Measurement m, boolean p50) {
        if (m == null || m.calls() == 0) {
            return "–";
        }
        return format("%.1f", p50 ? m.p50Millis() : m.p99Millis());
    }

    private static String format(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
