package org.shoptide.server.storefront;

/** HTML escaping for catalog strings in server-rendered pages (text and quoted attribute values alike). */
public final class Html {
    private Html() {
    }

    /** Escapes {@code & < > " '} so the result is safe inside element text and single- or double-quoted attributes. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * JSON text for an inline {@code <script type="application/json">} block: {@code <}, {@code >} and {@code &} become
     * unicode escapes, so a string such as {@code </script>} cannot end the block.
     */
    public static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
