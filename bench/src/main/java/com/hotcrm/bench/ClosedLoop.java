package com.hotcrm.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;

/**
 * Runs one operation from a fixed number of threads, each issuing its next call as soon as the last one
 * answered (a closed loop), first for a warm-up that is not counted, then for the measured window. Every
 * thread builds its own {@link Operation} (its own connection, statement, random ids) and records its
 * latencies in its own histogram; they are added up at the end.
 */
final class ClosedLoop {

    /** One call of a workload; returns how many units (rows, for a batch) it did, throws on any failure. */
    @FunctionalInterface
    interface Operation {
        int call() throws Exception;
    }

    /** Builds a thread's operation; what it opens it closes in {@link Operation} of {@link AutoCloseable}. */
    @FunctionalInterface
    interface OperationFactory {
        Operation open() throws Exception;
    }

    /** What a run measured: calls and units completed, failures, latencies in microseconds. */
    record Measurement(long calls, long units, long errors, String firstError, double seconds, Histogram latencyMicros) {

        double callsPerSecond() {
            return seconds <= 0 ? 0 : calls / seconds;
        }

        double unitsPerSecond() {
            return seconds <= 0 ? 0 : units / seconds;
        }

        double p50Millis() {
            return calls == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return calls == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(99) / 1000.0;
        }
    }

    private ClosedLoop() {
    }

    static Measurement run(int concurrency, Duration warmup, Duration duration, OperationFactory factory)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + duration.toNanos();
        // a thread whose calls take longer than the window goes on until one measured call is done, within reason
        long hardStop = measureUntil + Math.max(duration.toNanos(), Duration.ofSeconds(30).toNanos());
        List<Worker> workers = new ArrayList<>();
        AtomicReference<String> setupFailure = new AtomicReference<>();
        for (int i = 0; i < concurrency; i++) {
            Worker worker = new Worker(factory, measureFrom, measureUntil, hardStop, setupFailure);
            workers.add(worker);
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Thread thread = new Thread(workers.get(i), "bench-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram total = newHistogram();
        long calls = 0;
        long units = 0;
        long errors = 0;
        String firstError = setupFailure.get();
        for (Worker worker : workers) {
            total.add(worker.histogram);
            calls += worker.calls;
            units += worker.units;
            errors += worker.errors;
            if (firstError == null) {
                firstError = worker.firstError;
            }
        }
        if (setupFailure.get() != null) {
            errors++;
        }
        // calls that outlast the window are waited for and counted, so the window is as long as its last call
        long end = measureUntil;
        for (Worker worker : workers) {
            end = Math.max(end, worker.lastEnd);
        }
        return new Measurement(calls, units, errors, firstError, (end - measureFrom) / 1e9, total);
    }

    static Histogram newHistogram() {
        // 1 µs to 5 minutes, 3 significant digits
        return new Histogram(1, 300_000_000L, 3);
    }

    private static final class Worker implements Runnable {

        private final OperationFactory factory;
        private final long measureFrom;
        private final long measureUntil;
        private final long hardStop;
        private final AtomicReference<String> setupFailure;
        final Histogram histogram = newHistogram();
        long calls;
        long units;
        long errors;
        String firstError;
        long lastEnd;

        Worker(OperationFactory factory, long measureFrom, long measureUntil, long hardStop,
                AtomicReference<String> setupFailure) {
            this.factory = factory;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.hardStop = hardStop;
            this.setupFailure = setupFailure;
        }

        @Override
        public void run() {
            Operation operation;
            try {
                operation = factory.open();
            } catch (Exception e) {
                setupFailure.compareAndSet(null, "setup: " + describe(e));
                return;
            }
            try {
                while (true) {
                    long begin = System.nanoTime();
                    boolean nothingMeasured = calls == 0 && errors == 0;
                    if (begin >= measureUntil && !(nothingMeasured && begin < hardStop)) {
                        break;
                    }
                    boolean measured = begin >= measureFrom;
                    try {
                        int done = operation.call();
                        long now = System.nanoTime();
                        long micros = Math.max(1, (now - begin) / 1000);
                        if (measured) {
                            lastEnd = now;
                            histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                            calls++;
                            units += done;
                        }
                    } catch (Exception e) {
                        if (measured) {
                            lastEnd = System.nanoTime();
                            errors++;
                            if (firstError == null) {
                                firstError = describe(e);
                            }
                        }
                    }
                }
            } finally {
                if (operation instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // the run is over; a failing close changes no number
                    }
                }
            }
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
