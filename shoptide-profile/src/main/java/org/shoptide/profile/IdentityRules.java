package org.shoptide.profile;

/**
 * The deterministic linking rules of the identity graph, their confidences and the merge threshold (ADR 0032). A rule
 * looks at one identity record (a mart row, or an event carrying both a user id and an anonymous id) and links its
 * identifiers:
 * <table>
 * <caption>rules</caption>
 * <tr>
 * <th>rule</th>
 * <th>confidence</th>
 * <th>links</th>
 * </tr>
 * <tr>
 * <td>{@code login}</td>
 * <td>1.0</td>
 * <td>the user id and an anonymous id of the same event or mart row</td>
 * </tr>
 * <tr>
 * <td>{@code email_sha256}</td>
 * <td>0.95</td>
 * <td>the user id and the hashed e-mail of one record</td>
 * </tr>
 * <tr>
 * <td>{@code phone_sha256}</td>
 * <td>0.9</td>
 * <td>the user id and the hashed phone of one record</td>
 * </tr>
 * <tr>
 * <td>{@code email_phone}</td>
 * <td>0.85</td>
 * <td>hashed e-mail and phone of one record without a user id</td>
 * </tr>
 * <tr>
 * <td>{@code device}</td>
 * <td>{@code deviceConfidence / k}</td>
 * <td>the user id and a device id seen with k users in the load, when k ≤ {@code maxDeviceUsers} (a shared family
 * tablet merges nobody)</td>
 * </tr>
 * <tr>
 * <td>{@code anonymous_contact}</td>
 * <td>0.6</td>
 * <td>an anonymous or device id and the hashed e-mail or phone of a record without a user id</td>
 * </tr>
 * </table>
 * The same user id in two sources is one node of the graph (confidence 1 by identity). Links at or above
 * {@code threshold} merge; those below are kept for the operator to see.
 *
 * @param threshold
 *            links with at least this confidence merge identifiers (default 0.8)
 * @param maxDeviceUsers
 *            a device seen with more users than this links nobody (default 3)
 * @param deviceConfidence
 *            confidence of a device seen with exactly one user (default 0.85)
 */
public record IdentityRules(double threshold, int maxDeviceUsers, double deviceConfidence) {
    public static final String LOGIN = "login";
    public static final String EMAIL = "email_sha256";
    public static final String PHONE = "phone_sha256";
    public static final String EMAIL_PHONE = "email_phone";
    public static final String DEVICE = "device";
    public static final String ANONYMOUS_CONTACT = "anonymous_contact";

    public IdentityRules {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("identity threshold must be in (0, 1], was " + threshold);
        }
        if (maxDeviceUsers < 1) {
            throw new IllegalArgumentException("maxDeviceUsers must be at least 1, was " + maxDeviceUsers);
        }
        if (!(deviceConfidence >= 0 && deviceConfidence <= 1)) {
            throw new IllegalArgumentException("deviceConfidence must be in [0, 1], was " + deviceConfidence);
        }
    }

    public static IdentityRules defaults() {
        return new IdentityRules(0.8, 3, 0.85);
    }

    /** The confidence of a fixed rule (not {@link #DEVICE}). */
    public static double confidence(String rule) {
        return switch (rule) {
            case LOGIN -> 1.0;
            case EMAIL -> 0.95;
            case PHONE -> 0.9;
            case EMAIL_PHONE -> 0.85;
            case ANONYMOUS_CONTACT -> 0.6;
            default -> throw new IllegalArgumentException("no fixed confidence for rule " + rule);
        };
    }

    /** The confidence of a device seen with {@code users} users; 0 when it is shared by too many. */
    public double deviceConfidence(int users) {
        return users < 1 || users > maxDeviceUsers ? 0 : deviceConfidence / users;
    }
}
