package org.shoptide.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.job.JobRun;
import org.shoptide.jobs.JobKind;
import org.shoptide.jobs.JobScheduler;
import org.shoptide.server.http.Json;

/** The JSON shapes of runs and kinds (documented in openapi.json as JobRun and JobKind). */
final class JobJson {
    private JobJson() {
    }

    static Map<String, Object> run(JobRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind());
        m.put("shop", r.shop() == null ? null : r.shop().value());
        m.put("trigger", r.trigger().wire());
        m.put("state", r.state().wire());
        m.put("attempt", r.attempt());
        m.put("scheduledAt", text(r.scheduledAt()));
        m.put("startedAt", text(r.startedAt()));
        m.put("endedAt", text(r.endedAt()));
        m.put("durationMs", r.startedAt() == null || r.endedAt() == null ? null
                : Duration.between(r.startedAt(), r.endedAt()).toMillis());
        m.put("error", r.error());
        m.put("result", result(r.result()));
        m.put("owner", r.owner());
        m.put("heartbeatAt", text(r.heartbeatAt()));
        m.put("cancelRequested", r.cancelRequested());
        return m;
    }

    static Map<String, Object> kind(JobScheduler.KindView v, Instant lastSuccess) {
        JobKind k = v.kind();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", k.name());
        m.put("perShop", k.isPerShop());
        m.put("scheduled", k.schedule() != null);
        m.put("concurrency", k.concurrency());
        m.put("maxAttempts", k.maxAttempts());
        m.put("backoffSeconds", k.backoff().toSeconds());
        m.put("timeoutSeconds", k.timeout().toSeconds());
        m.put("lastSuccessAt", text(lastSuccess));
        List<Map<String, Object>> next = new ArrayList<>();
        for (JobScheduler.Next n : v.next()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("shop", n.shop() == null ? null : n.shop().value());
            e.put("at", text(n.at()));
            e.put("schedule", n.schedule());
            next.add(e);
        }
        m.put("next", next);
        return m;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    /** The stored result as JSON; a result that is not JSON (it always is when the scheduler wrote it) as a string. */
    private static Object result(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            return s;
        }
    }
}
