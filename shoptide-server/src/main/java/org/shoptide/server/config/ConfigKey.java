package org.shoptide.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Every configuration key the server knows, with its default and meaning. This table is the single source of truth:
 * {@code config/shoptide.reference.properties} must list exactly these keys with these defaults (checked by a test).
 *
 * @param defaultValue
 *            the default as text; empty means "unset"
 * @param secret
 *            redacted whenever the configuration is printed or logged
 */
public record ConfigKey(String name, String defaultValue, String description, boolean secret) {

    public static final ConfigKey HTTP_HOST = new ConfigKey("http.host", "0.0.0.0",
            "Interface the HTTP server binds to.", false);
    public static final ConfigKey HTTP_PORT = new ConfigKey("http.port", "8080",
            "TCP port of the HTTP API (0 = any free port).", false);
    public static final ConfigKey HTTP_MAX_BODY_BYTES = new ConfigKey("http.max-body-bytes", "16777216",
            "Largest accepted request body in bytes; larger requests get 413.", false);
    public static final ConfigKey HTTP_CORS_ORIGINS = new ConfigKey("http.cors-origins", "*",
            "Browser origins allowed to call the publishable-key routes (POST /v1/events, GET /v1/recommendations): * for any, a comma-separated list of origins, or empty to disable CORS.",
            false);
    public static final ConfigKey HTTP_RATE_LIMIT = new ConfigKey("http.rate-limit", "0",
            "Requests per second allowed per shop key (bursts up to twice that); more get 429 with Retry-After. 0 = no limit.",
            false);
    public static final ConfigKey DATA_DIR = new ConfigKey("data.dir", "./shoptide-data",
            "Directory for the event log, the SQLite database, models and the operator key hash.", false);
    public static final ConfigKey OPERATOR_KEY = new ConfigKey("operator.key", "",
            "Operator key for /v1/shops. Empty: generated on first start, printed once, only its SHA-256 kept in data.dir.",
            true);
    public static final ConfigKey EVENTLOG_URI = new ConfigKey("eventlog.uri", "file:",
            "Event log adapter. file: (segment files; empty path = <data.dir>/events) or file:/abs/path.", false);
    public static final ConfigKey ENTITIES_URI = new ConfigKey("entities.uri", "sqlite:",
            "Shops, items and users store. sqlite: (empty path = <data.dir>/shoptide.db) or sqlite:/abs/file.db.",
            false);
    public static final ConfigKey MODELS_URI = new ConfigKey("models.uri", "file:",
            "Model artifact store. file: (empty path = <data.dir>/models) or file:/abs/path.", false);
    public static final ConfigKey TRAINING_DAILY_TIME = new ConfigKey("training.daily-time", "03:00",
            "Local time (HH:mm) of the daily training of every shop (a shop's own trainingTime wins).", false);
    public static final ConfigKey TRAINING_ZONE = new ConfigKey("training.zone", "UTC",
            "Time zone of training.daily-time (an IANA zone id such as Europe/Berlin).", false);
    public static final ConfigKey TRAINING_RANK = new ConfigKey("training.rank", "64",
            "Number of latent factors of the matrix-factorisation model.", false);
    public static final ConfigKey TRAINING_ITERATIONS = new ConfigKey("training.iterations", "10",
            "ALS iterations per training run.", false);
    public static final ConfigKey TRAINING_ITEM_MODELS = new ConfigKey("training.item-models", "transitions",
            "Item-to-item models trained with every model and blended into 'for you' as sources of the same name, comma-separated: itemknn, cooccurrence, ease, transitions, seqlinear (see docs/EVALUATION.md); empty = none.",
            false);
    public static final ConfigKey TRAINING_AUTO_BLEND = new ConfigKey("training.auto-blend", "true",
            "Tune each shop's 'for you' blend at every training on a hold-out of its latest events (source weights, which item models; the best single source when no blend beats it); false serves the built-in weights. Experiment variants with explicit weights always serve those.",
            false);
    public static final ConfigKey RECOMMEND_DEFAULT_N = new ConfigKey("recommend.default-n", "10",
            "Number of items returned by /v1/recommendations when n is not given (1..100).", false);
    public static final ConfigKey RECOMMEND_EXPOSURE_SYNC = new ConfigKey("recommend.exposure-sync", "false",
            "true: a recommendation answer returns only after its impression set is fsync'd to the event log; false: it is queued in log order and synced with the next group commit (no fsync wait per answer; a crash may lose the last milliseconds of exposures).",
            false);
    public static final ConfigKey RECOMMEND_ANN_MIN_ITEMS = new ConfigKey("recommend.ann-min-items", "1000000",
            "Models with at least this many items serve the ALS 'for you' source from an approximate HNSW index (Lucene, built in the background after each model load or training; exact scoring until it is ready, recall@10 about 0.95+); smaller models are scored exactly over every item.",
            false);
    public static final ConfigKey REALTIME_URI = new ConfigKey("realtime.uri", "memory:",
            "Realtime state adapter (recent behaviour per visitor, item counters). memory: keeps it in this process, rebuilt from the event log at start-up.",
            false);
    public static final ConfigKey VECTORINDEX_URI = new ConfigKey("vectorindex.uri", "hnsw:",
            "Item vector index of the ALS 'for you' source for models of at least recommend.ann-min-items items. hnsw: approximate (Lucene HNSW, built in the background); exact: always score every item.",
            false);
    public static final ConfigKey TRAINING_URI = new ConfigKey("training.uri", "local:",
            "Where the daily training runs. local: in this process; spark:<master> (e.g. spark:local[2]) runs implicit ALS as a Spark job in its own JVM (JDK 17 or 21) over the Parquet lake of the event log, and publishes its model to the model store.",
            false);
    public static final ConfigKey TRAINING_SCHEDULED = new ConfigKey("training.scheduled", "true",
            "Whether this node runs the shops' daily trainings. In a cluster set it on one node only: the others serve the models it publishes to the shared model store (see cluster.sync-ms).",
            false);
    public static final ConfigKey CLUSTER_SYNC_MS = new ConfigKey("cluster.sync-ms", "0",
            "For a node of a cluster: every this many milliseconds, bring each shop's in-memory catalog up to the shared entity store and serve a newer model from the shared model store, so what other nodes wrote shows here within one interval. 0 (one box) turns it off.",
            false);
    public static final ConfigKey LAKE_PATH = new ConfigKey("lake.path", "",
            "Root directory of the Parquet lake of the event log (what training.uri=spark: trains on); empty = <data.dir>/lake. In a cluster, a directory every node and the Spark executors can read (a shared file system); only the node with training.scheduled=true writes it.",
            false);
    public static final ConfigKey LAKE_ENABLED = new ConfigKey("lake.enabled", "false",
            "Write the Parquet lake (one sink per shop, following its event log) even when training.uri is local:. With training.uri=spark: the node with training.scheduled=true always writes it; a node with training.scheduled=false never does.",
            false);
    public static final ConfigKey TRAINING_SPARK_JOB_MODULE = new ConfigKey("training.spark.job-module", "",
            "For training.uri=spark: the directory of a built shoptide-spark module (target/classes and target/classpath.txt, from 'mvn -Pspark -pl shoptide-spark -am install -DskipTests'); empty = shoptide-spark in the working directory or its parent.",
            false);
    public static final ConfigKey TRAINING_SPARK_JAVA_HOME = new ConfigKey("training.spark.java-home", "",
            "For training.uri=spark: the Java 17 or 21 home that runs the Spark job; empty = found from SHOPTIDE_SPARK_JAVA_HOME, JAVA_HOME, the PATH and the usual install directories.",
            false);
    public static final ConfigKey TRAINING_SPARK_TIMEOUT_MINUTES = new ConfigKey("training.spark.timeout-minutes",
            "120",
            "For training.uri=spark: minutes a shop's Spark job may run before it is killed and the training fails (the served model stays).",
            false);
    public static final ConfigKey TRAINING_SPARK_DRIVER_HEAP = new ConfigKey("training.spark.driver-heap", "4g",
            "For training.uri=spark: the Spark job JVM's heap (-Xmx); in local[N] mode the driver is also the only executor.",
            false);
    public static final ConfigKey ADMIN_SESSION_IDLE_MINUTES = new ConfigKey("admin.session-idle-minutes", "30",
            "Minutes without a request after which a dashboard (/admin) session ends.", false);
    public static final ConfigKey ADMIN_SESSION_MAX_HOURS = new ConfigKey("admin.session-max-hours", "12",
            "Hours after login at which a dashboard session ends however active it is.", false);
    public static final ConfigKey ADMIN_LOCKOUT_FAILURES = new ConfigKey("admin.lockout-failures", "5",
            "Failed dashboard logins of one username within admin.lockout-window-minutes that lock it.", false);
    public static final ConfigKey ADMIN_LOCKOUT_WINDOW_MINUTES = new ConfigKey("admin.lockout-window-minutes", "15",
            "Window in which failed dashboard logins are counted.", false);
    public static final ConfigKey ADMIN_LOCKOUT_MINUTES = new ConfigKey("admin.lockout-minutes", "15",
            "Minutes a username stays locked (every login refused, persisted across restarts).", false);
    public static final ConfigKey ADMIN_SECURE_COOKIE = new ConfigKey("admin.secure-cookie", "false",
            "true: the dashboard session cookie carries Secure (set it when the server is reached over https).", false);
    public static final ConfigKey PAYMENT_PROVIDER = new ConfigKey("payment.provider", "sandbox",
            "Payment provider of orders: sandbox (built in, no real money; see docs/TRADE.md). An unknown name fails start-up.",
            false);
    public static final ConfigKey PAYMENT_PUBLIC_URL = new ConfigKey("payment.public-url", "",
            "The server's URL as payers' browsers and the provider reach it; payment pages and notify URLs are built on it. Empty: http://localhost:<http.port>.",
            false);
    public static final ConfigKey PAYMENT_TTL_MINUTES = new ConfigKey("payment.ttl-minutes", "30",
            "Minutes an order may wait for its payment; the reconciliation job then closes its payments and expires it.",
            false);
    public static final ConfigKey PAYMENT_RECONCILE_SECONDS = new ConfigKey("payment.reconcile-seconds", "60",
            "Seconds between runs of the reconciliation job (asks the provider about unpaid orders and open refunds).",
            false);
    public static final ConfigKey PAYMENT_SANDBOX_SECRET = new ConfigKey("payment.sandbox.secret", "",
            "HMAC secret of the sandbox's notifications (at least 16 characters). Empty: generated once and kept in <data.dir>/sandbox/secret.",
            true);
    public static final ConfigKey PAYMENT_SANDBOX_AUTO_OUTCOME = new ConfigKey("payment.sandbox.auto-outcome", "none",
            "What the sandbox does with a new payment by itself: none (wait for the payment page), succeed or fail.",
            false);
    public static final ConfigKey PAYMENT_SANDBOX_NOTIFY_DELAY_MS = new ConfigKey("payment.sandbox.notify-delay-ms",
            "0", "Each sandbox notification delivery waits a random time up to this, so later ones may arrive first.",
            false);
    public static final ConfigKey PAYMENT_SANDBOX_DUPLICATES = new ConfigKey("payment.sandbox.duplicates", "0",
            "Extra deliveries of every sandbox notification (0 to 10).", false);
    public static final ConfigKey PAYMENT_SANDBOX_TIMEOUT_RATE = new ConfigKey("payment.sandbox.timeout-rate", "0",
            "Share of sandbox calls that fail with a retryable time-out, half after taking effect (0 to 0.99).", false);
    public static final ConfigKey PAYMENT_WECHATPAY_MERCHANT_ID = new ConfigKey("payment.wechatpay.merchant-id", "",
            "WeChat Pay merchant id (mchid), with payment.provider=wechatpay.", false);
    public static final ConfigKey PAYMENT_WECHATPAY_APP_ID = new ConfigKey("payment.wechatpay.app-id", "",
            "App id (official account or mini program) WeChat Pay payments are made for.", false);
    public static final ConfigKey PAYMENT_WECHATPAY_SERIAL_NUMBER = new ConfigKey("payment.wechatpay.serial-number", "",
            "Serial number of the merchant API certificate whose private key signs requests.", false);
    public static final ConfigKey PAYMENT_WECHATPAY_PRIVATE_KEY = new ConfigKey("payment.wechatpay.private-key", "",
            "The merchant's PKCS#8 RSA private key: PEM text or the path of a PEM file.", true);
    public static final ConfigKey PAYMENT_WECHATPAY_PUBLIC_KEY_ID = new ConfigKey("payment.wechatpay.public-key-id", "",
            "Id of the WeChat Pay public key (PUB_KEY_ID_...); public-key mode, nothing is downloaded at start.",
            false);
    public static final ConfigKey PAYMENT_WECHATPAY_PUBLIC_KEY = new ConfigKey("payment.wechatpay.public-key", "",
            "The WeChat Pay public key: PEM text or the path of a PEM file.", false);
    public static final ConfigKey PAYMENT_WECHATPAY_API_V3_KEY = new ConfigKey("payment.wechatpay.api-v3-key", "",
            "The 32-character API v3 key that decrypts notifications.", true);
    public static final ConfigKey PAYMENT_WECHATPAY_BASE_URL = new ConfigKey("payment.wechatpay.base-url", "",
            "API host; empty: https://api.mch.weixin.qq.com (set it for a proxy or a local fake).", false);
    public static final ConfigKey FEEDS_TICK_SECONDS = new ConfigKey("feeds.tick-seconds", "30",
            "How often the server runs the catalog feeds whose interval has elapsed (docs/FEEDS.md); 0 = never, feeds then run only on POST /v1/feeds/{id}/runs.",
            false);
    public static final ConfigKey FEEDS_HOST_INTERVAL_MS = new ConfigKey("feeds.host-interval-ms", "250",
            "Least milliseconds between two feed requests to one host (the per-host rate limit; 0 = none).", false);
    public static final ConfigKey FEEDS_CONCURRENCY = new ConfigKey("feeds.concurrency", "4",
            "Most feed requests in flight at once while a feed fetches many pages (1..64).", false);
    public static final ConfigKey FEEDS_MAX_BYTES = new ConfigKey("feeds.max-bytes", "67108864",
            "Largest feed response body in bytes; reading stops beyond it and the run fails.", false);
    public static final ConfigKey FEEDS_RETRIES = new ConfigKey("feeds.retries", "3",
            "Retries of a feed request after 429, 5xx or a network error, with exponential back-off and full jitter (Retry-After honoured).",
            false);
    public static final ConfigKey FEEDS_CONNECT_TIMEOUT_MS = new ConfigKey("feeds.connect-timeout-ms", "10000",
            "Milliseconds to open a connection to a feed host.", false);
    public static final ConfigKey FEEDS_READ_TIMEOUT_MS = new ConfigKey("feeds.read-timeout-ms", "30000",
            "Milliseconds a feed host may take to send the response headers, and then each next chunk of the body.",
            false);
    public static final ConfigKey FEEDS_TOTAL_TIMEOUT_SECONDS = new ConfigKey("feeds.total-timeout-seconds", "300",
            "Seconds one feed response may take in all.", false);
    public static final ConfigKey FEEDS_USER_AGENT = new ConfigKey("feeds.user-agent", "ShoptideFeeds/1.0",
            "User-Agent of feed requests; the part before '/' is the product token matched against robots.txt groups.",
            false);
    public static final ConfigKey LOG_FORMAT = new ConfigKey("log.format", "json",
            "Log format on stdout: json (one JSON object per line) or text.", false);
    public static final ConfigKey LOG_LEVEL = new ConfigKey("log.level", "INFO",
            "Root log level: TRACE, DEBUG, INFO, WARN or ERROR.", false);

    public static final ConfigKey ASSISTANT_N = new ConfigKey("assistant.n", "5",
            "Products per shopping-assistant answer (1..20).", false);
    public static final ConfigKey ASSISTANT_CATALOG_REFRESH_SECONDS = new ConfigKey("assistant.catalog-refresh-seconds",
            "30",
            "How often the assistant re-reads a shop's catalog for its search index (changed items only are re-indexed); a catalog change reaches the assistant within this many seconds.",
            false);
    public static final ConfigKey ASSISTANT_LLM_URL = new ConfigKey("assistant.llm.url", "",
            "Optional OpenAI-compatible chat endpoint (base URL such as http://localhost:11434, or the full /v1/chat/completions URL) that extracts intents and phrases replies; its output is validated and the built-in parser and templates answer on any error. Empty = none.",
            false);
    public static final ConfigKey ASSISTANT_LLM_MODEL = new ConfigKey("assistant.llm.model", "",
            "Model name sent to assistant.llm.url (required with it).", false);
    public static final ConfigKey ASSISTANT_LLM_KEY = new ConfigKey("assistant.llm.key", "",
            "Bearer token for assistant.llm.url; empty = none.", true);
    public static final ConfigKey ASSISTANT_LLM_TIMEOUT_MS = new ConfigKey("assistant.llm.timeout", "2000",
            "Milliseconds a call to assistant.llm.url may take (connect and answer) before the built-in path answers.",
            false);

    public static final ConfigKey ALERTS_ENABLED = new ConfigKey("alerts.enabled", "true",
            "Run the built-in alert notifier: the shipped alert rules evaluated in the server, messages to the channels below (none configured = state and silences only, see GET /v1/alerts).",
            false);
    public static final ConfigKey ALERTS_RULES = new ConfigKey("alerts.rules", "",
            "JSON rule file of the built-in notifier (format in docs/OPERATIONS.md); empty = the shipped rules.",
            false);
    public static final ConfigKey ALERTS_EVALUATE_SECONDS = new ConfigKey("alerts.evaluate-seconds", "15",
            "Seconds between two evaluations of the alert rules (and delivery passes).", false);
    public static final ConfigKey ALERTS_REPEAT_MINUTES = new ConfigKey("alerts.repeat-minutes", "240",
            "Minutes after which a still-firing alert is sent again.", false);
    public static final ConfigKey ALERTS_DINGTALK_URL = new ConfigKey("alerts.dingtalk.url", "",
            "DingTalk custom robot webhook (https://oapi.dingtalk.com/robot/send?access_token=...); empty = no DingTalk messages.",
            true);
    public static final ConfigKey ALERTS_DINGTALK_SECRET = new ConfigKey("alerts.dingtalk.secret", "",
            "The DingTalk robot's signing secret (SEC...), when its security setting is signing; empty = unsigned.",
            true);
    public static final ConfigKey ALERTS_WECOM_URL = new ConfigKey("alerts.wecom.url", "",
            "WeCom group robot webhook (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...); empty = no WeCom messages.",
            true);
    public static final ConfigKey ALERTS_SLACK_URL = new ConfigKey("alerts.slack.url", "",
            "Slack incoming webhook URL; empty = no Slack messages.", true);
    public static final ConfigKey ALERTS_SMTP_HOST = new ConfigKey("alerts.smtp.host", "",
            "SMTP server for alert e-mail; empty = no e-mail.", false);
    public static final ConfigKey ALERTS_SMTP_PORT = new ConfigKey("alerts.smtp.port", "25",
            "Port of alerts.smtp.host (25, or 587 for submission with STARTTLS).", false);
    public static final ConfigKey ALERTS_SMTP_FROM = new ConfigKey("alerts.smtp.from", "",
            "Sender address of alert e-mail (required with alerts.smtp.host).", false);
    public static final ConfigKey ALERTS_SMTP_TO = new ConfigKey("alerts.smtp.to", "",
            "Comma-separated recipients of alert e-mail (required with alerts.smtp.host).", false);
    public static final ConfigKey ALERTS_SMTP_USERNAME = new ConfigKey("alerts.smtp.username", "",
            "SMTP user name; empty = no authentication.", false);
    public static final ConfigKey ALERTS_SMTP_PASSWORD = new ConfigKey("alerts.smtp.password", "",
            "SMTP password of alerts.smtp.username.", true);
    public static final ConfigKey ALERTS_SMTP_STARTTLS = new ConfigKey("alerts.smtp.starttls", "optional",
            "STARTTLS for alert e-mail: off, optional (upgrade when the server offers it) or required.", false);
    public static final ConfigKey ELT_DIR = new ConfigKey("elt.dir", "",
            "Customer-360 ELT configuration (docs/CUSTOMER360.md): one directory per shop with sources.json and optionally models/*.sql; empty = <data.dir>/elt. Raw loads and marts go to the lake (lake.path).",
            false);
    public static final ConfigKey ELT_PII_SECRET = new ConfigKey("elt.pii-secret", "",
            "Secret (at least 16 characters) from which each shop's salt for hashing e-mail addresses and phone numbers at landing is derived; required by the ELT. Changing it changes every hash.",
            true);
    public static final ConfigKey ELT_THREADS = new ConfigKey("elt.threads", "0",
            "DuckDB threads for landing and SQL models; 0 = all cores.", false);
    public static final ConfigKey ONNX_DIR = new ConfigKey("onnx.dir", "",
            "Shops' own ONNX models (docs/ONNX-MODELS.md), versioned per shop; empty = <data.dir>/onnx.", false);
    public static final ConfigKey ONNX_MAX_BYTES = new ConfigKey("onnx.max-bytes", "16777216",
            "Largest ONNX model an upload may send, in bytes.", false);
    public static final ConfigKey ONNX_TIMEOUT_MS = new ConfigKey("onnx.timeout-ms", "20",
            "Per-request time-out of an ONNX model's ranking call; past it the request keeps the blend's order.",
            false);
    public static final ConfigKey ONNX_CONCURRENCY = new ConfigKey("onnx.concurrency", "4",
            "ONNX model calls running at once; a request finding them all busy keeps the blend's order.", false);
    public static final ConfigKey ONNX_VALIDATION_TIMEOUT_MS = new ConfigKey("onnx.validation-timeout-ms", "1000",
            "Longest a single dry-run call of an uploaded model may take before the upload is rejected.", false);
    public static final ConfigKey ONNX_SCENARIOS = new ConfigKey("onnx.scenarios", "user",
            "Scenarios whose answers an active ONNX model re-ranks (comma-separated: user, item, cart, trending).",
            false);

    /** All keys, in documentation order. */
    public static final SequencedMap<String, ConfigKey> ALL;

    static {
        SequencedMap<String, ConfigKey> all = new LinkedHashMap<>();
        for (ConfigKey k : new ConfigKey[] { HTTP_HOST, HTTP_PORT, HTTP_MAX_BODY_BYTES, HTTP_CORS_ORIGINS,
                HTTP_RATE_LIMIT, DATA_DIR, OPERATOR_KEY, EVENTLOG_URI, ENTITIES_URI, MODELS_URI, TRAINING_DAILY_TIME,
                TRAINING_ZONE, TRAINING_RANK, TRAINING_ITERATIONS, TRAINING_ITEM_MODELS, TRAINING_AUTO_BLEND,
                RECOMMEND_DEFAULT_N, RECOMMEND_EXPOSURE_SYNC, RECOMMEND_ANN_MIN_ITEMS, REALTIME_URI, VECTORINDEX_URI,
                TRAINING_URI, TRAINING_SCHEDULED, CLUSTER_SYNC_MS, LAKE_PATH, LAKE_ENABLED, ELT_DIR, ELT_PII_SECRET,
                ELT_THREADS, ONNX_DIR, ONNX_MAX_BYTES, ONNX_TIMEOUT_MS, ONNX_CONCURRENCY, ONNX_VALIDATION_TIMEOUT_MS,
                ONNX_SCENARIOS, TRAINING_SPARK_JOB_MODULE, TRAINING_SPARK_JAVA_HOME, TRAINING_SPARK_TIMEOUT_MINUTES,
                TRAINING_SPARK_DRIVER_HEAP, ADMIN_SESSION_IDLE_MINUTES, ADMIN_SESSION_MAX_HOURS, ADMIN_LOCKOUT_FAILURES,
                ADMIN_LOCKOUT_WINDOW_MINUTES, ADMIN_LOCKOUT_MINUTES, ADMIN_SECURE_COOKIE, PAYMENT_PROVIDER,
                PAYMENT_PUBLIC_URL, PAYMENT_TTL_MINUTES, PAYMENT_RECONCILE_SECONDS, PAYMENT_SANDBOX_SECRET,
                PAYMENT_SANDBOX_AUTO_OUTCOME, PAYMENT_SANDBOX_NOTIFY_DELAY_MS, PAYMENT_SANDBOX_DUPLICATES,
                PAYMENT_SANDBOX_TIMEOUT_RATE, PAYMENT_WECHATPAY_MERCHANT_ID, PAYMENT_WECHATPAY_APP_ID,
                PAYMENT_WECHATPAY_SERIAL_NUMBER, PAYMENT_WECHATPAY_PRIVATE_KEY, PAYMENT_WECHATPAY_PUBLIC_KEY_ID,
                PAYMENT_WECHATPAY_PUBLIC_KEY, PAYMENT_WECHATPAY_API_V3_KEY, PAYMENT_WECHATPAY_BASE_URL, ASSISTANT_N,
                ASSISTANT_CATALOG_REFRESH_SECONDS, ASSISTANT_LLM_URL, ASSISTANT_LLM_MODEL, ASSISTANT_LLM_KEY,
                ASSISTANT_LLM_TIMEOUT_MS, FEEDS_TICK_SECONDS, FEEDS_HOST_INTERVAL_MS, FEEDS_CONCURRENCY,
                FEEDS_MAX_BYTES, FEEDS_RETRIES, FEEDS_CONNECT_TIMEOUT_MS, FEEDS_READ_TIMEOUT_MS,
                FEEDS_TOTAL_TIMEOUT_SECONDS, FEEDS_USER_AGENT, ALERTS_ENABLED, ALERTS_RULES, ALERTS_EVALUATE_SECONDS,
                ALERTS_REPEAT_MINUTES, ALERTS_DINGTALK_URL, ALERTS_DINGTALK_SECRET, ALERTS_WECOM_URL, ALERTS_SLACK_URL,
                ALERTS_SMTP_HOST, ALERTS_SMTP_PORT, ALERTS_SMTP_FROM, ALERTS_SMTP_TO, ALERTS_SMTP_USERNAME,
                ALERTS_SMTP_PASSWORD, ALERTS_SMTP_STARTTLS, LOG_FORMAT, LOG_LEVEL }) {
            all.put(k.name(), k);
        }
        ALL = Collections.unmodifiableSequencedMap(all);
    }

    /**
     * Environment variables read by launch scripts or single CLI commands, not by the server; allowed although they are
     * no key.
     */
    public static final Set<String> LAUNCHER_ENV = Set.of("SHOPTIDE_JAVA_OPTS", "SHOPTIDE_HOME", "SHOPTIDE_URL",
            "SHOPTIDE_KEY", "SHOPTIDE_DEMO_ADMIN_PASSWORD", "SHOPTIDE_TEST_POSTGRES", "SHOPTIDE_TEST_REDIS",
            "SHOPTIDE_PG_PORT", "SHOPTIDE_REDIS_PORT", "SHOPTIDE_SERVICES_DIR");

    /** {@code http.max-body-bytes} → {@code SHOPTIDE_HTTP_MAX_BODY_BYTES}. */
    public String envName() {
        return envName(name);
    }

    public static String envName(String key) {
        return "SHOPTIDE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The known key closest to {@code unknown} (Levenshtein distance over key or env names). */
    public static String closest(String unknown) {
        boolean env = unknown.startsWith("SHOPTIDE_");
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigKey k : ALL.values()) {
            String candidate = env ? k.envName() : k.name();
            int d = distance(unknown.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static Map<String, ConfigKey> byEnvName() {
        Map<String, ConfigKey> m = new LinkedHashMap<>();
        ALL.values().forEach(k -> m.put(k.envName(), k));
        return m;
    }
}
