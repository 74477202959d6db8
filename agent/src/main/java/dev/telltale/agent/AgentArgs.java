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
            for (String part : args.split(";")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    problems.add("agent argument '" + p + "' ignored: expected key=value");
                    continue;
                }
                values.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        return new AgentArgs(values, problems);
    }

    Map<String, String> values() {
        return values;
    }

    List<String> problems() {
        return problems;
    }
}
