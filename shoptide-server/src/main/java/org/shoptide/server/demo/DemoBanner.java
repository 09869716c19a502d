package org.shoptide.server.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code shoptide demo} tells its user once the server is up: the shop's one-time keys, the dashboard login and a
 * few requests to try, framed so that it stands out, and where the access log goes instead of the terminal. Printed to
 * standard error, away from the JSON log lines on standard output.
 */
public final class DemoBanner {
    static final String RULE = "=".repeat(78);

    private DemoBanner() {
    }

    /**
     * Prints the banner. {@code admin} says what happened to the dashboard account; {@code accessLog} is the access
     * log's file (null when it stays on standard output).
     */
    public static void print(PrintStream out, String url, String publishableKey, String secretKey, boolean serving,
            DemoAdmin.Outcome admin, Path accessLog) {
        List<String> lines = new ArrayList<>();
        lines.add(serving ? "Shoptide demo is running at " + url
                : "Shoptide demo shop is ready (--no-serve: start it with 'shoptide demo' or 'shoptide serve')");
        lines.add("  shop:            demo (UCI Online Retail, CC BY 4.0, Chen 2015, doi:10.24432/C5BW33)");
        lines.add("  publishable key: " + publishableKey);
        lines.add("  secret key:      " + secretKey);
        lines.add("  (keys are rotated on every demo start; only their hashes are stored)");
        if (serving) {
            lines.add("  storefront:      " + url + "/demo/demo   (tracker.js, widgets and events in a browser)");
        }
        lines.add("");
        lines.add("Operator dashboard: " + url + "/admin");
        if (admin.password() != null) {
            lines.add("  username: " + DemoAdmin.USER);
            lines.add("  password: " + admin.password() + (admin.reset() ? "   (reset now)" : "   (shown once)"));
            lines.add("  choose it with " + DemoAdmin.PASSWORD_ENV
                    + "; forgotten? 'shoptide demo --reset-admin-password'");
        } else {
            lines.add("  log in with an existing operator account ('shoptide admin list');");
            lines.add("  forgotten the demo's password? 'shoptide demo --reset-admin-password'");
        }
        lines.add("");
        lines.add("Try:");
        String h = "curl -s -H 'Authorization: Bearer " + publishableKey + "' ";
        lines.add("  # for you: customer 17850");
        lines.add("  " + h + "'" + url + "/v1/recommendations?scenario=user&userId=17850&n=5'");
        lines.add("  # similar to WHITE HANGING HEART T-LIGHT HOLDER");
        lines.add("  " + h + "'" + url + "/v1/recommendations?scenario=item&itemId=85123A&n=5'");
        lines.add("  # complete the cart");
        lines.add("  " + h + "'" + url + "/v1/recommendations?scenario=cart&itemIds=85123A,71053&n=5'");
        lines.add("  # trending in Christmas");
        lines.add("  " + h + "'" + url + "/v1/recommendations?scenario=trending&category=Christmas&n=5'");
        if (accessLog != null) {
            lines.add("");
            lines.add("Access log (one JSON line per request): " + accessLog);
        }
        out.println();
        out.println(RULE);
        lines.forEach(out::println);
        out.println(RULE);
        out.println();
        out.flush();
    }
}
