package org.shoptide.server.admin;

/** HTML escaping for the few server-rendered fragments of the dashboard (everything else is set as DOM text). */
final class Html {
    private Html() {
    }

    /** Escapes {@code & < > " '} so the text is inert in element content and quoted attributes. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
