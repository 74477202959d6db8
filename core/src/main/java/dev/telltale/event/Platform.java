package dev.telltale.event;

/** Facts about the runtime and the host an event came from. Immutable. */
public final class Platform {
    private final String runtimeName;
    private final String runtimeVersion;
    private final String runtimeVendor;
    private final String osName;
    private final String osVersion;
    private final String osArch;

    public Platform(
            String runtimeName,
            String runtimeVersion,
            String runtimeVendor,
            String osName,
            String osVersion,
            String osArch) {
        this.runtimeName = nz(runtimeName);
        this.runtimeVersion = nz(runtimeVersion);
        this.runtimeVendor = nz(runtimeVendor);
        this.osName = nz(osName);
        this.osVersion = nz(osVersion);
        this.osArch = nz(osArch);
    }

    /** This JVM, read once from system properties (no I/O). */
    public static Platform current() {
        return Current.INSTANCE;
    }

    private static final class Current {
        static final Platform INSTANCE = read();
    }

    private static Platform read() {
        return new Platform(
                prop("java.runtime.name", prop("java.vm.name", "Java")),
                prop("java.runtime.version", prop("java.version", "")),
                prop("java.vendor", ""),
                prop("os.name", ""),
                prop("os.version", ""),
                prop("os.arch", ""));
    }

    private static String prop(String key, String def) {
        try {
            String v = System.getProperty(key);
            return v == null ? def : v;
        } catch (SecurityException e) {
            return def;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public String runtimeName() {
        return runtimeName;
    }

    public String runtimeVersion() {
        return runtimeVersion;
    }

    public String runtimeVendor() {
        return runtimeVendor;
    }

    public String osName() {
        return osName;
    }

    public String osVersion() {
        return osVersion;
    }

    public String osArch() {
        return osArch;
    }
}
