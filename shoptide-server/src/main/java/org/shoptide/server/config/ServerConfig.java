package org.shoptide.server.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The server's typed configuration. Sources, later wins: defaults in {@link ConfigKey}, then the properties file given
 * with {@code --config}, then environment variables {@code SHOPTIDE_*} ({@code http.port} ↔
 * {@code SHOPTIDE_HTTP_PORT}). Unknown keys in the file or unknown {@code SHOPTIDE_*} variables fail start-up naming
 * the closest valid key.
 * <p>
 * Over 500 lines because it is the one place where text becomes typed settings (one reason to change: the set of keys);
 * each settings group is a nested record. Splitting the parsing per group (payment, assistant, cluster) into its own
 * class is the next step when another group is added.
 */
public record ServerConfig(String httpHost, int httpPort, long maxBodyBytes, List<String> corsOrigins, int rateLimit,
        Path dataDir, String operatorKey, AdapterUri eventLogUri, AdapterUri entitiesUri, AdapterUri modelsUri,
        LocalTime trainingDailyTime, ZoneId trainingZone, int trainingRank, int trainingIterations,
        int recommendDefaultN, LogFormat logFormat, String logLevel, List<String> trainingItemModels,
        boolean recommendExposureSync, int recommendAnnMinItems, AdapterUri realtimeUri, AdapterUri vectorIndexUri,
        AdminSettings admin, PaymentSettings payment, AssistantSettings assistant, ClusterSettings cluster,
        LakeSettings lake, FeedSettings feeds, AlertSettings alerts, EltSettings elt, OnnxSettings onnx,
        boolean trainingAutoBlend) {

    /** Where shops' own ONNX models are stored: {@code onnx.dir}, by default {@code <data.dir>/onnx}. */
    public Path onnxDir() {
        return onnx.dir() != null ? onnx.dir() : dataDir.resolve("onnx");
    }

    /** The ELT's configuration root: {@code elt.dir}, by default {@code <data.dir>/elt}. */
    public Path eltDir() {
        return elt.dir() != null ? elt.dir() : dataDir.resolve("elt");
    }

    /**
     * The Parquet lake of the event log and the Spark job that trains on it (docs/SPARK-TRAINING.md).
     *
     * @param path
     *            the lake root, or null for {@code <data.dir>/lake} ({@link ServerConfig#lakePath()})
     * @param enabled
     *            write the lake even when training is {@code local:}
     * @param sparkJobModule
     *            a built shoptide-spark module directory, or null to look for {@code shoptide-spark} in the working
     *            directory and its parent
     * @param sparkJavaHome
     *            the Java 17/21 home of the job, or null to find one
     * @param sparkTimeout
     *            longest a Spark training may run
     * @param sparkDriverHeap
     *            the job JVM's {@code -Xmx}
     */
    public record LakeSettings(Path path, boolean enabled, Path sparkJobModule, Path sparkJavaHome,
            Duration sparkTimeout, String sparkDriverHeap) {
    }

    /** Where the lake lives: {@code lake.path}, by default {@code <data.dir>/lake}. */
    public Path lakePath() {
        return lake.path() != null ? lake.path() : dataDir.resolve("lake");
    }

    /**
     * Settings of one node of a cluster and of where training runs.
     *
     * @param trainingUri
     *            {@code local:} or {@code spark:<master>}
     * @param scheduledTraining
     *            whether this node runs the daily trainings
     * @param syncInterval
     *            how often the node re-reads what other nodes wrote to the shared stores; zero for one box
     */
    public record ClusterSettings(AdapterUri trainingUri, boolean scheduledTraining, Duration syncInterval) {
    }

    /**
     * Settings of the shopping assistant.
     *
     * @param n
     *            products per answer
     * @param catalogRefresh
     *            how often the assistant re-reads a shop's catalog (changed items only are re-indexed)
     * @param llmUrl
     *            base URL of an OpenAI-compatible chat endpoint, or null for none (the built-in parser and templates
     *            answer)
     * @param llmKey
     *            bearer token of that endpoint, or null
     */
    public record AssistantSettings(int n, Duration catalogRefresh, URI llmUrl, String llmModel, String llmKey,
            Duration llmTimeout) {
        @Override
        public String toString() {
            return "AssistantSettings[n=" + n + ", catalogRefresh=" + catalogRefresh + ", llmUrl=" + llmUrl
                    + ", llmModel=" + llmModel + ", llmKey=" + (llmKey == null ? "unset" : "***") + ", llmTimeout="
                    + llmTimeout + "]";
        }
    }

    /**
     * Settings of the operator dashboard at {@code /admin}.
     *
     * @param lockoutFailures
     *            failed logins of one username within {@code lockoutWindow} that lock it for {@code lockout}
     */
    public record AdminSettings(Duration sessionIdle, Duration sessionMax, int lockoutFailures, Duration lockoutWindow,
            Duration lockout, boolean secureCookie) {
        public static final AdminSettings DEFAULTS = new AdminSettings(Duration.ofMinutes(30), Duration.ofHours(12), 5,
                Duration.ofMinutes(15), Duration.ofMinutes(15), false);
    }

    /**
     * Settings of orders and payments ({@code payment.*}).
     *
     * @param provider
     *            the payment provider's name ({@link #PROVIDERS})
     * @param publicUrl
     *            the server's public URL, or null for {@code http://localhost:<http.port>}
     * @param sandboxSecret
     *            the sandbox's HMAC secret, or null to generate one under the data dir
     * @param sandboxAutoOutcome
     *            {@code none}, {@code succeed} or {@code fail}
     */
    public record PaymentSettings(String provider, String publicUrl, Duration ttl, Duration reconcileEvery,
            String sandboxSecret, String sandboxAutoOutcome, Duration sandboxNotifyDelay, int sandboxDuplicates,
            double sandboxTimeoutRate, Map<String, String> wechatpay) {
        /** The provider names this build knows. */
        public static final List<String> PROVIDERS = List.of("sandbox", "wechatpay");

        public PaymentSettings {
            wechatpay = Map.copyOf(wechatpay);
        }

        /**
         * A {@code payment.wechatpay.*} value (key without the prefix, e.g. {@code merchant-id}), or null when empty.
         */
        public String wechatpay(String key) {
            String v = wechatpay.get(key);
            return v == null || v.isEmpty() ? null : v;
        }

        @Override
        public String toString() {
            return "PaymentSettings[provider=" + provider + ", sandboxSecret=***]";
        }
    }

    /** Output format of the logs. */
    public enum LogFormat {
        JSON, TEXT
    }

    /** Defaults only. */
    public static ServerConfig defaults() {
        return fromMap(Map.of());
    }

    /** Loads defaults, then {@code file} (may be null), then the {@code SHOPTIDE_*} entries of {@code env}. */
    public static ServerConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            values.putAll(readFile(file));
        }
        values.putAll(fromEnv(env));
        return fromMap(values);
    }

    /** Builds a config from raw key → value text (unknown keys rejected). */
    public static ServerConfig fromMap(Map<String, String> overrides) {
        for (String key : overrides.keySet()) {
            if (!ConfigKey.ALL.containsKey(key)) {
                throw new ConfigException(
                        "unknown configuration key '" + key + "'; did you mean '" + ConfigKey.closest(key) + "'?");
            }
        }
        Map<String, String> v = new LinkedHashMap<>();
        ConfigKey.ALL.values().forEach(k -> v.put(k.name(), k.defaultValue()));
        overrides.forEach((k, val) -> v.put(k, val == null ? "" : val.trim()));

        Path dataDir = Path.of(required(v, ConfigKey.DATA_DIR));
        String operatorKey = v.get(ConfigKey.OPERATOR_KEY.name());
        if (operatorKey != null && !operatorKey.isEmpty() && operatorKey.length() < 16) {
            throw new ConfigException("operator.key must be at least 16 characters (or empty to generate one)");
        }
        String format = required(v, ConfigKey.LOG_FORMAT).toUpperCase(Locale.ROOT);
        LogFormat logFormat;
        try {
            logFormat = LogFormat.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "log.format must be json or text, got '" + v.get(ConfigKey.LOG_FORMAT.name()) + "'");
        }
        String level = required(v, ConfigKey.LOG_LEVEL).toUpperCase(Locale.ROOT);
        if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
            throw new ConfigException("log.level must be one of TRACE, DEBUG, INFO, WARN, ERROR, got '" + level + "'");
        }
        return new ServerConfig(required(v, ConfigKey.HTTP_HOST), intIn(v, ConfigKey.HTTP_PORT, 0, 65535),
                longIn(v, ConfigKey.HTTP_MAX_BODY_BYTES, 1024, Integer.MAX_VALUE),
                Arrays.stream(v.get(ConfigKey.HTTP_CORS_ORIGINS.name()).split(",")).map(String::trim)
                        .filter(o -> !o.isEmpty()).toList(),
                intIn(v, ConfigKey.HTTP_RATE_LIMIT, 0, 1_000_000), dataDir,
                operatorKey == null || operatorKey.isEmpty() ? null : operatorKey, uri(v, ConfigKey.EVENTLOG_URI),
                uri(v, ConfigKey.ENTITIES_URI), uri(v, ConfigKey.MODELS_URI), time(v, ConfigKey.TRAINING_DAILY_TIME),
                zone(v, ConfigKey.TRAINING_ZONE), intIn(v, ConfigKey.TRAINING_RANK, 1, 1024),
                intIn(v, ConfigKey.TRAINING_ITERATIONS, 1, 1000), intIn(v, ConfigKey.RECOMMEND_DEFAULT_N, 1, 100),
                logFormat, level, itemModels(v.get(ConfigKey.TRAINING_ITEM_MODELS.name())),
                bool(v, ConfigKey.RECOMMEND_EXPOSURE_SYNC),
                intIn(v, ConfigKey.RECOMMEND_ANN_MIN_ITEMS, 1, Integer.MAX_VALUE), uri(v, ConfigKey.REALTIME_URI),
                uri(v, ConfigKey.VECTORINDEX_URI),
                new AdminSettings(Duration.ofMinutes(intIn(v, ConfigKey.ADMIN_SESSION_IDLE_MINUTES, 1, 10_080)),
                        Duration.ofHours(intIn(v, ConfigKey.ADMIN_SESSION_MAX_HOURS, 1, 720)),
                        intIn(v, ConfigKey.ADMIN_LOCKOUT_FAILURES, 1, 1000),
                        Duration.ofMinutes(intIn(v, ConfigKey.ADMIN_LOCKOUT_WINDOW_MINUTES, 1, 10_080)),
                        Duration.ofMinutes(intIn(v, ConfigKey.ADMIN_LOCKOUT_MINUTES, 1, 10_080)),
                        bool(v, ConfigKey.ADMIN_SECURE_COOKIE)),
                payment(v), assistant(v),
                new ClusterSettings(uri(v, ConfigKey.TRAINING_URI), bool(v, ConfigKey.TRAINING_SCHEDULED),
                        Duration.ofMillis(intIn(v, ConfigKey.CLUSTER_SYNC_MS, 0, 3_600_000))),
                lake(v), FeedSettings.from(v), AlertSettings.parse(v), EltSettings.parse(v), OnnxSettings.parse(v),
                bool(v, ConfigKey.TRAINING_AUTO_BLEND));
    }

    private static LakeSettings lake(Map<String, String> v) {
        String heap = required(v, ConfigKey.TRAINING_SPARK_DRIVER_HEAP);
        if (!heap.matches("\\d+[kKmMgG]?")) {
            throw new ConfigException(ConfigKey.TRAINING_SPARK_DRIVER_HEAP.name()
                    + " must be a JVM heap size such as 4g or 512m, got '" + heap + "'");
        }
        return new LakeSettings(optionalPath(v, ConfigKey.LAKE_PATH), bool(v, ConfigKey.LAKE_ENABLED),
                optionalPath(v, ConfigKey.TRAINING_SPARK_JOB_MODULE),
                optionalPath(v, ConfigKey.TRAINING_SPARK_JAVA_HOME),
                Duration.ofMinutes(intIn(v, ConfigKey.TRAINING_SPARK_TIMEOUT_MINUTES, 1, 7 * 24 * 60)), heap);
    }

    static Path optionalPath(Map<String, String> v, ConfigKey k) {
        String p = v.get(k.name());
        return p == null || p.isEmpty() ? null : Path.of(p);
    }

    private static PaymentSettings payment(Map<String, String> v) {
        String provider = required(v, ConfigKey.PAYMENT_PROVIDER).toLowerCase(Locale.ROOT);
        if (!PaymentSettings.PROVIDERS.contains(provider)) {
            throw new ConfigException(ConfigKey.PAYMENT_PROVIDER.name() + ": unknown payment provider '" + provider
                    + "'; use one of " + PaymentSettings.PROVIDERS);
        }
        String url = v.get(ConfigKey.PAYMENT_PUBLIC_URL.name());
        if (url != null && !url.isEmpty() && !url.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new ConfigException(
                    ConfigKey.PAYMENT_PUBLIC_URL.name() + " must be an http(s) URL, got '" + url + "'");
        }
        String secret = v.get(ConfigKey.PAYMENT_SANDBOX_SECRET.name());
        if (secret != null && !secret.isEmpty() && secret.length() < 16) {
            throw new ConfigException(ConfigKey.PAYMENT_SANDBOX_SECRET.name() + " must be at least 16 characters");
        }
        String outcome = required(v, ConfigKey.PAYMENT_SANDBOX_AUTO_OUTCOME).toLowerCase(Locale.ROOT);
        if (!Set.of("none", "succeed", "fail").contains(outcome)) {
            throw new ConfigException(ConfigKey.PAYMENT_SANDBOX_AUTO_OUTCOME.name()
                    + " must be none, succeed or fail, got '" + outcome + "'");
        }
        double rate;
        try {
            rate = Double.parseDouble(required(v, ConfigKey.PAYMENT_SANDBOX_TIMEOUT_RATE));
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (!(rate >= 0 && rate <= 0.99)) {
            throw new ConfigException(
                    ConfigKey.PAYMENT_SANDBOX_TIMEOUT_RATE.name() + " must be a number from 0 to 0.99");
        }
        return new PaymentSettings(provider, url == null || url.isEmpty() ? null : url,
                Duration.ofMinutes(intIn(v, ConfigKey.PAYMENT_TTL_MINUTES, 1, 10_080)),
                Duration.ofSeconds(intIn(v, ConfigKey.PAYMENT_RECONCILE_SECONDS, 1, 86_400)),
                secret == null || secret.isEmpty() ? null : secret, outcome,
                Duration.ofMillis(intIn(v, ConfigKey.PAYMENT_SANDBOX_NOTIFY_DELAY_MS, 0, 600_000)),
                intIn(v, ConfigKey.PAYMENT_SANDBOX_DUPLICATES, 0, 10), rate, wechatpay(v));
    }

    private static Map<String, String> wechatpay(Map<String, String> v) {
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = "payment.wechatpay.";
        v.forEach((k, value) -> {
            if (k.startsWith(prefix) && value != null) {
                out.put(k.substring(prefix.length()), value);
            }
        });
        return out;
    }

    private static AssistantSettings assistant(Map<String, String> v) {
        String url = v.get(ConfigKey.ASSISTANT_LLM_URL.name());
        URI llmUrl = null;
        if (!url.isEmpty()) {
            try {
                llmUrl = new URI(url);
            } catch (URISyntaxException e) {
                throw new ConfigException(ConfigKey.ASSISTANT_LLM_URL.name() + ": not a URL: '" + url + "'");
            }
            if ((!"http".equals(llmUrl.getScheme()) && !"https".equals(llmUrl.getScheme()))
                    || llmUrl.getHost() == null) {
                throw new ConfigException(
                        ConfigKey.ASSISTANT_LLM_URL.name() + ": an http or https URL, got '" + url + "'");
            }
            if (v.get(ConfigKey.ASSISTANT_LLM_MODEL.name()).isEmpty()) {
                throw new ConfigException(ConfigKey.ASSISTANT_LLM_MODEL.name() + " is required with "
                        + ConfigKey.ASSISTANT_LLM_URL.name());
            }
        }
        String key = v.get(ConfigKey.ASSISTANT_LLM_KEY.name());
        return new AssistantSettings(intIn(v, ConfigKey.ASSISTANT_N, 1, 20),
                Duration.ofSeconds(intIn(v, ConfigKey.ASSISTANT_CATALOG_REFRESH_SECONDS, 1, 86_400)), llmUrl,
                v.get(ConfigKey.ASSISTANT_LLM_MODEL.name()), key.isEmpty() ? null : key,
                Duration.ofMillis(intIn(v, ConfigKey.ASSISTANT_LLM_TIMEOUT_MS, 1, 60_000)));
    }

    private static List<String> itemModels(String value) {
        List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(n -> !n.isEmpty()).distinct()
                .toList();
        List<String> servable = List.of("itemknn", "cooccurrence", "ease", "transitions", "seqlinear");
        for (String n : names) {
            if (!servable.contains(n)) {
                throw new ConfigException(ConfigKey.TRAINING_ITEM_MODELS.name() + ": '" + n
                        + "' is not an item-to-item model; use any of " + servable);
            }
        }
        return names;
    }

    /** A copy with another data dir (CLI {@code --data-dir}). */
    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(httpHost, httpPort, maxBodyBytes, corsOrigins, rateLimit, dir, operatorKey, eventLogUri,
                entitiesUri, modelsUri, trainingDailyTime, trainingZone, trainingRank, trainingIterations,
                recommendDefaultN, logFormat, logLevel, trainingItemModels, recommendExposureSync, recommendAnnMinItems,
                realtimeUri, vectorIndexUri, admin, payment, assistant, cluster, lake, feeds, alerts, elt, onnx,
                trainingAutoBlend);
    }

    /** A copy with another port (CLI {@code --port}). */
    public ServerConfig withPort(int port) {
        return new ServerConfig(httpHost, port, maxBodyBytes, corsOrigins, rateLimit, dataDir, operatorKey, eventLogUri,
                entitiesUri, modelsUri, trainingDailyTime, trainingZone, trainingRank, trainingIterations,
                recommendDefaultN, logFormat, logLevel, trainingItemModels, recommendExposureSync, recommendAnnMinItems,
                realtimeUri, vectorIndexUri, admin, payment, assistant, cluster, lake, feeds, alerts, elt, onnx,
                trainingAutoBlend);
    }

    /** Every key with its effective value as text, secrets redacted: safe to log. */
    public Map<String, String> redacted() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ConfigKey.HTTP_HOST.name(), httpHost);
        m.put(ConfigKey.HTTP_PORT.name(), Integer.toString(httpPort));
        m.put(ConfigKey.HTTP_MAX_BODY_BYTES.name(), Long.toString(maxBodyBytes));
        m.put(ConfigKey.HTTP_CORS_ORIGINS.name(), String.join(",", corsOrigins));
        m.put(ConfigKey.HTTP_RATE_LIMIT.name(), Integer.toString(rateLimit));
        m.put(ConfigKey.DATA_DIR.name(), dataDir.toString());
        m.put(ConfigKey.OPERATOR_KEY.name(), operatorKey == null ? "(generated)" : "***");
        m.put(ConfigKey.EVENTLOG_URI.name(), eventLogUri.toString());
        m.put(ConfigKey.ENTITIES_URI.name(), entitiesUri.toString());
        m.put(ConfigKey.MODELS_URI.name(), modelsUri.toString());
        m.put(ConfigKey.TRAINING_DAILY_TIME.name(), trainingDailyTime.toString());
        m.put(ConfigKey.TRAINING_ZONE.name(), trainingZone.getId());
        m.put(ConfigKey.TRAINING_RANK.name(), Integer.toString(trainingRank));
        m.put(ConfigKey.TRAINING_ITERATIONS.name(), Integer.toString(trainingIterations));
        m.put(ConfigKey.TRAINING_ITEM_MODELS.name(), String.join(",", trainingItemModels));
        m.put(ConfigKey.TRAINING_AUTO_BLEND.name(), Boolean.toString(trainingAutoBlend));
        m.put(ConfigKey.RECOMMEND_DEFAULT_N.name(), Integer.toString(recommendDefaultN));
        m.put(ConfigKey.RECOMMEND_EXPOSURE_SYNC.name(), Boolean.toString(recommendExposureSync));
        m.put(ConfigKey.RECOMMEND_ANN_MIN_ITEMS.name(), Integer.toString(recommendAnnMinItems));
        m.put(ConfigKey.REALTIME_URI.name(), realtimeUri.toString());
        m.put(ConfigKey.VECTORINDEX_URI.name(), vectorIndexUri.toString());
        m.put(ConfigKey.TRAINING_URI.name(), cluster.trainingUri().toString());
        m.put(ConfigKey.TRAINING_SCHEDULED.name(), Boolean.toString(cluster.scheduledTraining()));
        m.put(ConfigKey.CLUSTER_SYNC_MS.name(), Long.toString(cluster.syncInterval().toMillis()));
        m.put(ConfigKey.LAKE_PATH.name(), lakePath().toString());
        m.put(ConfigKey.LAKE_ENABLED.name(), Boolean.toString(lake.enabled()));
        m.put(ConfigKey.ELT_DIR.name(), eltDir().toString());
        m.put(ConfigKey.ELT_PII_SECRET.name(), elt.piiSecret() == null ? "" : "***");
        m.put(ConfigKey.ELT_THREADS.name(), Integer.toString(elt.threads()));
        onnx.putRedacted(m, onnxDir());
        m.put(ConfigKey.TRAINING_SPARK_JOB_MODULE.name(), Objects.toString(lake.sparkJobModule(), ""));
        m.put(ConfigKey.TRAINING_SPARK_JAVA_HOME.name(), Objects.toString(lake.sparkJavaHome(), ""));
        m.put(ConfigKey.TRAINING_SPARK_TIMEOUT_MINUTES.name(), Long.toString(lake.sparkTimeout().toMinutes()));
        m.put(ConfigKey.TRAINING_SPARK_DRIVER_HEAP.name(), lake.sparkDriverHeap());
        m.put(ConfigKey.ADMIN_SESSION_IDLE_MINUTES.name(), Long.toString(admin.sessionIdle().toMinutes()));
        m.put(ConfigKey.ADMIN_SESSION_MAX_HOURS.name(), Long.toString(admin.sessionMax().toHours()));
        m.put(ConfigKey.ADMIN_LOCKOUT_FAILURES.name(), Integer.toString(admin.lockoutFailures()));
        m.put(ConfigKey.ADMIN_LOCKOUT_WINDOW_MINUTES.name(), Long.toString(admin.lockoutWindow().toMinutes()));
        m.put(ConfigKey.ADMIN_LOCKOUT_MINUTES.name(), Long.toString(admin.lockout().toMinutes()));
        m.put(ConfigKey.ADMIN_SECURE_COOKIE.name(), Boolean.toString(admin.secureCookie()));
        m.put(ConfigKey.PAYMENT_PROVIDER.name(), payment.provider());
        m.put(ConfigKey.PAYMENT_PUBLIC_URL.name(), payment.publicUrl() == null ? "" : payment.publicUrl());
        m.put(ConfigKey.PAYMENT_TTL_MINUTES.name(), Long.toString(payment.ttl().toMinutes()));
        m.put(ConfigKey.PAYMENT_RECONCILE_SECONDS.name(), Long.toString(payment.reconcileEvery().toSeconds()));
        m.put(ConfigKey.PAYMENT_SANDBOX_SECRET.name(), payment.sandboxSecret() == null ? "(generated)" : "***");
        m.put(ConfigKey.PAYMENT_SANDBOX_AUTO_OUTCOME.name(), payment.sandboxAutoOutcome());
        m.put(ConfigKey.PAYMENT_SANDBOX_NOTIFY_DELAY_MS.name(), Long.toString(payment.sandboxNotifyDelay().toMillis()));
        m.put(ConfigKey.PAYMENT_SANDBOX_DUPLICATES.name(), Integer.toString(payment.sandboxDuplicates()));
        m.put(ConfigKey.PAYMENT_SANDBOX_TIMEOUT_RATE.name(), Double.toString(payment.sandboxTimeoutRate()));
        for (ConfigKey k : List.of(ConfigKey.PAYMENT_WECHATPAY_MERCHANT_ID, ConfigKey.PAYMENT_WECHATPAY_APP_ID,
                ConfigKey.PAYMENT_WECHATPAY_SERIAL_NUMBER, ConfigKey.PAYMENT_WECHATPAY_PRIVATE_KEY,
                ConfigKey.PAYMENT_WECHATPAY_PUBLIC_KEY_ID, ConfigKey.PAYMENT_WECHATPAY_PUBLIC_KEY,
                ConfigKey.PAYMENT_WECHATPAY_API_V3_KEY, ConfigKey.PAYMENT_WECHATPAY_BASE_URL)) {
            String v = payment.wechatpay(k.name().substring("payment.wechatpay.".length()));
            m.put(k.name(), v == null ? "" : k.secret() ? "***" : v);
        }
        m.put(ConfigKey.ASSISTANT_N.name(), Integer.toString(assistant.n()));
        m.put(ConfigKey.ASSISTANT_CATALOG_REFRESH_SECONDS.name(),
                Long.toString(assistant.catalogRefresh().toSeconds()));
        m.put(ConfigKey.ASSISTANT_LLM_URL.name(), assistant.llmUrl() == null ? "" : assistant.llmUrl().toString());
        m.put(ConfigKey.ASSISTANT_LLM_MODEL.name(), assistant.llmModel());
        m.put(ConfigKey.ASSISTANT_LLM_KEY.name(), assistant.llmKey() == null ? "" : "***");
        m.put(ConfigKey.ASSISTANT_LLM_TIMEOUT_MS.name(), Long.toString(assistant.llmTimeout().toMillis()));
        feeds.describe(m);
        alerts.redact(m);
        m.put(ConfigKey.LOG_FORMAT.name(), logFormat.name().toLowerCase(Locale.ROOT));
        m.put(ConfigKey.LOG_LEVEL.name(), logLevel);
        return m;
    }

    @Override
    public String toString() {
        return redacted().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "ServerConfig{", "}"));
    }

    static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (!ConfigKey.ALL.containsKey(name)) {
                throw new ConfigException("unknown configuration key '" + name + "' in " + file + "; did you mean '"
                        + ConfigKey.closest(name) + "'?");
            }
            m.put(name, p.getProperty(name));
        }
        return m;
    }

    static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, ConfigKey> byEnv = ConfigKey.byEnvName();
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("SHOPTIDE_") || ConfigKey.LAUNCHER_ENV.contains(name)) {
                continue;
            }
            ConfigKey key = byEnv.get(name);
            if (key == null) {
                throw new ConfigException(
                        "unknown environment variable " + name + "; did you mean " + ConfigKey.closest(name) + "?");
            }
            m.put(key.name(), e.getValue());
        }
        return m;
    }

    static String required(Map<String, String> v, ConfigKey k) {
        String s = v.get(k.name());
        if (s == null || s.isEmpty()) {
            throw new ConfigException(k.name() + " must not be empty");
        }
        return s;
    }

    private static boolean bool(Map<String, String> v, ConfigKey k) {
        String s = required(v, k);
        if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
            throw new ConfigException(k.name() + " must be true or false, got '" + s + "'");
        }
        return Boolean.parseBoolean(s);
    }

    static int intIn(Map<String, String> v, ConfigKey k, int min, int max) {
        return (int) longIn(v, k, min, max);
    }

    static long longIn(Map<String, String> v, ConfigKey k, long min, long max) {
        String s = required(v, k);
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(k.name() + " must be an integer, got '" + s + "'");
        }
        if (n < min || n > max) {
            throw new ConfigException(k.name() + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private static AdapterUri uri(Map<String, String> v, ConfigKey k) {
        return AdapterUri.parse(k.name(), required(v, k));
    }

    private static LocalTime time(Map<String, String> v, ConfigKey k) {
        String s = required(v, k);
        try {
            if (!s.matches("\\d{2}:\\d{2}")) {
                throw new DateTimeParseException("not HH:mm", s, 0);
            }
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new ConfigException(k.name() + " must be a time HH:mm (e.g. 03:00), got '" + s + "'");
        }
    }

    private static ZoneId zone(Map<String, String> v, ConfigKey k) {
        String s = required(v, k);
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            throw new ConfigException(
                    k.name() + " must be a time-zone id such as UTC or Europe/Berlin, got '" + s + "'");
        }
    }
}
