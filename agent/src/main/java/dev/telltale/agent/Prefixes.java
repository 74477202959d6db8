package dev.telltale.agent;

/**
 * Package prefixes built at run time: the jar's relocation rewrites string constants that look
 * like relocated packages, and these must keep naming the real, unrelocated packages.
 */
final class Prefixes {
    /** Telltale itself, in any copy: this agent, an application's own core or integrations. */
    static final String TELLTALE = join("dev", "telltale");
    /** Byte Buddy, in any copy. */
    static final String BYTE_BUDDY = join("net", "bytebuddy");

    private Prefixes() {}

    private static String join(String a, String b) {
        return new StringBuilder(a).append('.').append(b).append('.').toString();
    }
}
