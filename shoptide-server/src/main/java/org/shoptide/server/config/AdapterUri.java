package org.shoptide.server.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an adapter keeps its data: {@code scheme:path}, e.g. {@code file:}, {@code file:/var/lib/shoptide/events},
 * {@code sqlite:} or {@code sqlite:/var/lib/shoptide/shoptide.db}. An empty path means "the default under data.dir".
 */
public record AdapterUri(String scheme, String path) {
    private static final Pattern FORM = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):(.*)");

    public static AdapterUri parse(String key, String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(
                    key + " must look like scheme:path (e.g. file: or sqlite:/data/shoptide.db), got '" + text + "'");
        }
        String path = m.group(2);
        if (path.startsWith("//")) {
            path = path.substring(2); // tolerate file:///abs/path
        }
        return new AdapterUri(m.group(1).toLowerCase(Locale.ROOT), path);
    }

    /** The path, or {@code dflt} when empty. */
    public Path pathOr(Path dflt) {
        return path.isEmpty() ? dflt : Path.of(path);
    }

    @Override
    public String toString() {
        return scheme + ":" + path;
    }
}
