package com.hotcrm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.hotcrm.devstack.demo.DemoData;
import com.hotcrm.devstack.postgres.PostgresServer;
import com.hotcrm.devstack.suite.AdminLogin;
import com.hotcrm.devstack.suite.Service;
import com.hotcrm.devstack.suite.Suite;

/**
 * {@code ./hotcrm bench}: loads accounts with their contacts, deals, cases... through the API (devstack's
 * demo organisation, 200 a batch), analyzes the tables, then measures each workload at a fixed concurrency
 * through the gateway, optionally straight at the service behind it, and as the same SQL straight on
 * PostgreSQL, and prints one table. It runs against the suite {@code ./hotcrm up} started, or starts a
 * throw-away one (free ports, its own database, dropped at the end).
 */
public final class Bench {

    /** How to run the benchmark; see {@link #USAGE}. */
    public record Options(int rows, int concurrency, Duration warmup, Duration duration, boolean direct,
            Set<String> workloads, Path report, boolean ownSuite, String url, boolean smoke) {

        /**
         * The smoke run {@code ./mvnw verify} keeps working: 10,000 rows, about two seconds per workload, and no
         * waiting for the outbox relay to publish the load's change events (it does not measure anything that
         * counts).
         */
        public static Options smoke(Path report) {
            return new Options(10_000, 8, Duration.ofMillis(500), Duration.ofMillis(1500), true, Set.of(), report, false,
                    null, true);
        }
    }

    /** Where the benchmark runs: the gateway, the services behind it, their database, and who to log in as. */
    public record Target(String gatewayUrl, String recordsUrl, String queryUrl, PostgresServer postgres, String database,
            AdminLogin admin, String kafkaBootstrapServers) {

        String serviceUrl(Service service) {
            return service == Service.RECORDS ? recordsUrl : queryUrl;
        }

        /** A suite started with devstack's {@link Suite} (the e2e tests' one, or a throw-away one of the benchmark's). */
        public static Target of(Suite suite) {
            return new Target(suite.gatewayUrl(), "http://localhost:" + suite.port(Service.RECORDS),
                    "http://localhost:" + suite.port(Service.QUERY), suite.postgres().server(), suite.database(), suite.admin(),
                    suite.kafkaBootstrapServers());
        }
    }

    /** What one workload measured, for a caller that checks the run (the smoke test). */
    public record Measured(String workload, boolean placeholder, long gatewayCalls, long directCalls, long postgresCalls,
            long errors, String firstError) {
    }

    /** The run's table (markdown) and each workload's counts. */
    public record Outcome(String table, List<Measured> workloads) {
    }

    static final String USAGE = """
            ./hotcrm bench [--rows N] [--concurrency C] [--duration S] [--warmup S] [--direct] [--smoke]
                           [--workloads get,list,...] [--suite] [--url GATEWAY] [--report FILE]
              --rows N          accounts to have in the database, loaded through the API if fewer (default 1000000)
              --concurrency C   connections each workload runs at, closed loop (default 32)
              --duration S      measured seconds per workload and side (default 20); --warmup S before it (default 5)
              --direct          also call records-service / query-service directly: the gateway's cost
              --smoke           10,000 rows, 1.5 s per workload, --direct, concurrency 8
              --workloads LIST  some of: %s
              --suite           start a throw-away suite even if ./hotcrm up runs one
              --url GATEWAY     a running gateway (default: the one ./hotcrm up started)
              --report FILE     where the markdown table goes (default bench/target/bench-report.md)
            """;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("hotcrm.home", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            options = parse(args, root);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(USAGE.formatted(String.join(",", keys())));
            System.exit(2);
            return;
        }
        Path ready = root.resolve(".hotcrm/run/ready");
        if (!options.ownSuite() && (options.url() != null || Files.exists(ready))) {
            String url = options.url() != null ? options.url() : Files.readString(ready).trim();
            System.out.println("bench: the running suite at " + url);
            run(options, runningSuite(root, url), System.out::println);
            return;
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        String database = "hotcrm_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Suite.Options suiteOptions = new Suite.Options(root, root.resolve("bench/target/suite"), database, true, env);
        System.out.println("bench: starting a throw-away suite (database " + database + ", dropped at the end)");
        try (Suite suite = Suite.start(suiteOptions, line -> System.out.println("bench: " + line))) {
            run(options, Target.of(suite), System.out::println);
        }
    }

    /** Loads what is missing, analyzes, measures every selected workload; prints and writes the table. */
    public static Outcome run(Options options, Target target, Consumer<String> log) throws Exception {
        Database database = new Database(target.postgres(), target.database());
        Tokens tokens = new Tokens(target.admin(), target.gatewayUrl());
        List<String> context = new ArrayList<>();
        context.add("Run " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on " + Runtime.getRuntime().availableProcessors()
                + " cores; concurrency " + options.concurrency() + ", closed loop; " + seconds(options.warmup()) + " s warm-up, "
                + seconds(options.duration()) + " s measured per workload and side");
        load(options, target, database, tokens, log, context);
        if (!options.smoke()) {
            awaitOutbox(database, log, context);
            awaitConsumers(target, log, context);
        }
        analyze(database, log, context);
        Fixture fixture;
        try (Connection c = database.connect()) {
            fixture = Fixture.read(c);
            context.add(describeDatabase(c, database));
        }

        try (Api.Client http = new Api.Client(options.concurrency())) {
            return measureAll(options, target, database, tokens, fixture, http, context, log);
        }
    }

    private static Outcome measureAll(Options options, Target target, Database database, Tokens tokens, Fixture fixture,
            Api.Client http, List<String> context, Consumer<String> log) throws Exception {
        Api gateway = new Api(http, target.gatewayUrl(), tokens);
        InsertedRows inserted = new InsertedRows();
        Workload.Sql sql = new Workload.Sql(database, fixture, inserted);
        Report report = new Report(context, options.direct());
        List<Measured> measured = new ArrayList<>();
        // before the workloads: the rows they write (and the PostgreSQL side's deleted ones) would be in the plan
        if (options.workloads().isEmpty() || options.workloads().contains("list")) {
            report.appendix(explain(database, fixture, List.of(Workloads.LIST_SQL, Workloads.LIST_COUNT_SQL)));
        }
        if (options.workloads().isEmpty() || options.workloads().contains("parent-list")) {
            report.appendix(explain(database, fixture, List.of(Workloads.PARENT_LIST_SQL, Workloads.PARENT_LIST_COUNT_SQL)));
        }
        for (Workload workload : Workloads.all(fixture)) {
            if (!options.workloads().isEmpty() && !options.workloads().contains(workload.key())) {
                continue;
            }
            if (workload.placeholder()) {
                log.accept("bench: " + workload.title() + ": " + workload.note());
                report.add(new Report.Row(workload, null, null, null));
                measured.add(new Measured(workload.key(), true, 0, 0, 0, 0, null));
                continue;
            }
            ClosedLoop.Measurement viaGateway = measure(options, workload, "gateway", workload.api().apply(gateway), log);
            ClosedLoop.Measurement direct = null;
            if (options.direct()) {
                Api service = new Api(http, target.serviceUrl(workload.service()), tokens);
                direct = measure(options, workload, workload.service().module(), workload.api().apply(service), log);
            }
            ClosedLoop.Measurement postgres = null;
            if (workload.sql() != null) {
                postgres = measure(options, workload, "PostgreSQL", workload.sql().apply(sql), log);
                int deleted = inserted.deleteAll(database);
                if (deleted > 0) {
                    log.accept("bench:   (deleted the " + deleted + " rows PostgreSQL inserted)");
                }
            }
            Report.Row row = new Report.Row(workload, viaGateway, direct, postgres);
            report.add(row);
            String firstError = viaGateway.firstError() != null ? viaGateway.firstError()
                    : direct != null && direct.firstError() != null ? direct.firstError()
                    : postgres != null ? postgres.firstError() : null;
            measured.add(new Measured(workload.key(), false, viaGateway.calls(), direct == null ? 0 : direct.calls(),
                    postgres == null ? 0 : postgres.calls(), row.errors(), firstError));
        }
        String table = report.markdown();
        log.accept("\n" + table);
        report.write(options.report());
        log.accept("bench: the table is in " + options.report());
        return new Outcome(table, measured);
    }

    private static ClosedLoop.Measurement measure(Options options, Workload workload, String side,
            ClosedLoop.OperationFactory factory, Consumer<String> log) throws InterruptedException {
        ClosedLoop.Measurement m = ClosedLoop.run(options.concurrency(), options.warmup(), options.duration(), factory);
        log.accept(String.format(Locale.ROOT, "bench: %-28s %-16s %,10.1f %s/s  p50 %7.1f ms  p99 %7.1f ms  errors %d%s",
                workload.title(), side, m.unitsPerSecond(), workload.unit(), m.p50Millis(), m.p99Millis(), m.errors(),
                m.firstError() == null ? "" : " (" + m.firstError() + ")"));
        return m;
    }

    /** Loads accounts (and their related records) through the API until the database has {@code rows} of them. */
    private static void load(Options options, Target target, Database database, Tokens tokens, Consumer<String> log,
            List<String> context) throws Exception {
        long existing = count(database, "SELECT count(*) FROM crm.account");
        if (existing >= options.rows()) {
            log.accept("bench: " + existing + " accounts there already; loading none");
            context.add("Data: " + existing + " accounts there already (nothing loaded)");
            return;
        }
        int missing = (int) (options.rows() - existing);
        // a seed of its own: product codes carry the seed, and one can be loaded only once
        long seed = System.currentTimeMillis() % 1_000_000_000L;
        log.accept("bench: loading " + missing + " accounts and their related records through the API (seed " + seed + ")");
        long start = System.nanoTime();
        DemoData.Loaded loaded = new DemoData(target.gatewayUrl(), tokens.get(), seed, LocalDate.now())
                .load(missing, Math.max(2, Runtime.getRuntime().availableProcessors() * 2), line -> log.accept("bench: " + line));
        double seconds = (System.nanoTime() - start) / 1e9;
        long records = loaded.counts().values().stream().mapToLong(Long::longValue).sum();
        String line = String.format(Locale.ROOT, "Data: loaded %s (%,d records) through the batch API in %.0f s, %,.0f records/s",
                loaded, records, seconds, records / seconds);
        log.accept("bench: " + line);
        context.add(line);
    }

    /** Waits until the outbox relay has published every change event, so that it does not compete with the measurements. */
    private static void awaitOutbox(Database database, Consumer<String> log, List<String> context) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(30).toNanos();
        long lastLog = 0;
        String sql = "SELECT count(*) FROM crm.outbox WHERE sent_at IS NULL";
        long unsent;
        while ((unsent = count(database, sql)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(unsent + " change events still unsent after 30 minutes");
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                log.accept("bench: waiting for the outbox relay: " + unsent + " change events unsent");
                lastLog = System.nanoTime();
            }
            Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (seconds > 1) {
            context.add(String.format(Locale.ROOT, "The outbox relay published the load's remaining change events in %.0f s"
                    + " more (measured after it)", seconds));
        }
    }

    /** Waits until the services' Kafka consumers have read every change event, so that they are idle while measured. */
    private static void awaitConsumers(Target target, Consumer<String> log, List<String> context) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(30).toNanos();
        long lastLog = 0;
        long lag;
        while ((lag = ConsumerLag.total(target.kafkaBootstrapServers())) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The services' consumers are still " + lag + " events behind after 30 minutes");
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                log.accept("bench: waiting for the services' Kafka consumers: " + lag + " change events to read");
                lastLog = System.nanoTime();
            }
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (seconds > 2) {
            context.add(String.format(Locale.ROOT, "The services' Kafka consumers read the last change events %.0f s after"
                    + " the outbox had sent them (measured after that)", seconds));
        }
    }

    /**
     * VACUUM (ANALYZE), since nothing else does it: the services never run it, and this machine's PostgreSQL
     * runs with autovacuum off, so without it the planner would plan the loaded tables as empty, and the
     * first reads of each page would pay for setting its hint bits (what autovacuum does in production).
     */
    private static void analyze(Database database, Consumer<String> log, List<String> context) throws SQLException {
        long start = System.nanoTime();
        boolean autovacuum;
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE)");
            try (ResultSet rs = s.executeQuery("SELECT current_setting('autovacuum') = 'on'")) {
                rs.next();
                autovacuum = rs.getBoolean(1);
            }
        }
        String line = String.format(Locale.ROOT, "VACUUM (ANALYZE) of the database took %.1f s (autovacuum is %s)",
                (System.nanoTime() - start) / 1e9, autovacuum ? "on" : "off");
        log.accept("bench: " + line);
        context.add(line);
    }

    /**
     * The plans of what query-service runs for a list filtered on an industry at this scale, for the report (the
     * filtered sorted list, the list on its parent's field): the page, and the count bounded at 10,001 rows that a
     * full page needs when the planner expects few matches.
     */
    private static String explain(Database database, Fixture fixture, List<String> statements) throws SQLException {
        String industry = fixture.industries().contains("Technology") ? "Technology" : fixture.industries().get(0);
        StringBuilder out = new StringBuilder();
        for (String sql : statements) {
            out.append("EXPLAIN (ANALYZE, BUFFERS) ").append(sql.replace("?", "'" + industry + "'")).append(":\n\n```\n");
            try (Connection c = database.connect();
                    java.sql.PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                s.setString(1, industry);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                }
            }
            out.append("```\n\n");
        }
        return out.toString();
    }

    private static String describeDatabase(Connection c, Database database) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('shared_buffers'),"
                        + " current_setting('work_mem'), (SELECT count(*) FROM crm.account), (SELECT count(*) FROM crm.contact),"
                        + " (SELECT count(*) FROM crm.opportunity), pg_size_pretty(pg_database_size(current_database()))")) {
            rs.next();
            return String.format(Locale.ROOT, "PostgreSQL %s (%s, shared_buffers %s, work_mem %s): %,d accounts, %,d contacts,"
                    + " %,d opportunities, database %s", rs.getString(1), database, rs.getString(2), rs.getString(3),
                    rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getString(7));
        }
    }

    private static long count(Database database, String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The suite {@code ./hotcrm up} runs: its gateway, the services on their default ports, its database. */
    private static Target runningSuite(Path root, String gatewayUrl) throws IOException {
        Map<String, String> env = System.getenv();
        Path state = root.resolve(".hotcrm");
        String host = java.net.URI.create(gatewayUrl).getHost();
        PostgresServer postgres;
        String url = env.get("HOTCRM_DB_URL");
        Path pid = state.resolve("postgres/postmaster.pid");
        if (url != null && !url.isBlank()) {
            postgres = PostgresServer.fromUrl(url, env.get("HOTCRM_DB_USER"), env.get("HOTCRM_DB_PASSWORD"));
        } else if (Files.exists(pid)) {
            // the embedded server ./hotcrm up started: its port is the fourth line of postmaster.pid
            int port = Integer.parseInt(Files.readAllLines(pid).get(3).trim());
            postgres = new PostgresServer("127.0.0.1", port, "postgres", "", "postgres");
        } else {
            postgres = new PostgresServer("127.0.0.1", 5432, "postgres", "", "postgres");
        }
        return new Target(gatewayUrl, "http://" + host + ":" + Service.RECORDS.defaultPort(),
                "http://" + host + ":" + Service.QUERY.defaultPort(), postgres, env.getOrDefault("HOTCRM_DB_NAME", "hotcrm"),
                AdminLogin.resolve(env, state), env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", host + ":9092"));
    }

    static Options parse(String[] args, Path root) {
        int rows = 1_000_000;
        int concurrency = 32;
        Duration warmup = Duration.ofSeconds(5);
        Duration duration = Duration.ofSeconds(20);
        boolean direct = false;
        boolean smoke = false;
        boolean ownSuite = false;
        Set<String> workloads = new LinkedHashSet<>();
        Path report = root.resolve("bench/target/bench-report.md");
        String url = null;
        Map<String, Boolean> set = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--direct" -> direct = true;
                case "--smoke" -> smoke = true;
                case "--suite" -> ownSuite = true;
                case "--rows", "--concurrency", "--duration", "--warmup", "--workloads", "--report", "--url" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args[++i];
                    set.put(arg, true);
                    switch (arg) {
                        case "--rows" -> rows = positive(arg, value);
                        case "--concurrency" -> concurrency = positive(arg, value);
                        case "--duration" -> duration = Duration.ofMillis(Math.round(positiveDecimal(arg, value) * 1000));
                        case "--warmup" -> warmup = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
                        case "--workloads" -> {
                            for (String key : value.split(",")) {
                                if (!keys().contains(key.trim())) {
                                    throw new IllegalArgumentException("Unknown workload " + key + " (" + String.join(",", keys()) + ")");
                                }
                                workloads.add(key.trim());
                            }
                        }
                        case "--report" -> report = Path.of(value).toAbsolutePath();
                        default -> url = value;
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        if (smoke) {
            Options s = Options.smoke(report);
            return new Options(set.containsKey("--rows") ? rows : s.rows(),
                    set.containsKey("--concurrency") ? concurrency : s.concurrency(),
                    set.containsKey("--warmup") ? warmup : s.warmup(), set.containsKey("--duration") ? duration : s.duration(),
                    true, workloads, report, ownSuite, url, true);
        }
        return new Options(rows, concurrency, warmup, duration, direct, workloads, report, ownSuite, url, false);
    }

    private static List<String> keys() {
        return List.of("get", "list", "parent-list", "children", "query", "count", "groupby", "create", "update", "batch");
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException(option + " takes a positive whole number, not " + value);
    }

    private static double positiveDecimal(String option, String value) {
        try {
            double n = Double.parseDouble(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException(option + " takes a positive number of seconds, not " + value);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }
}
