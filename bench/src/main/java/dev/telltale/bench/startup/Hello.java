package dev.telltale.bench.startup;

/** The trivial application whose start-up the agents add to: prints one line and exits. */
public final class Hello {
    private Hello() {}

    /** Replaced by {@link BareAgent}'s one transformation, so a run shows the agent really worked. */
    static String greeting() {
        return "hello";
    }

    public static void main(String[] args) {
        System.out.println(greeting());
    }
}
