package com.example.apps;

/** Test applications wait (bounded) until the agent's hooks are in, so each scenario is deterministic. */
final class AgentReady {
    private AgentReady() {}

    static void await() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!"true".equals(System.getProperty("telltale.agent.ready"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("agent hooks not installed within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
