package dev.telltale.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agent arguments: {@code key=value;key=value} (the value runs to the next ';', '=' allowed in it). */
final class AgentArgs {
    private final Map<String, String> values;
    private final List<String> problems;

    private AgentArgs(Map<String, String> values, List<String> problems) {
        this.values = Collections.unmodifiableMap(values);
        this.problems = Collections.unmodifiableList(problems);
    }

    static AgentArgs parse(String args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (args != null) {
            int n = 0;
            for (String part : args.split(";")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                n++;
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    // Not echoed: a misplaced DSN or API key must not reach stderr.
                    problems.add("agent argument #" + n + " ignored: expected key=value");
                    continue;
                }
                values.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        return new AgentArgs(values, problems);
    }

    /** The key as given when it looks like an option name; a neutral word otherwise (it may be a secret). */
    static String printable(String key) {
        return key.matches("[A-Za-z0-9._-]{1,64}") ? "'" + key + "'" : "(unprintable key)";
    }

    Map<String, String> values() {
        return values;
    }

    List<String> problems() {
        return problems;
    }
}
