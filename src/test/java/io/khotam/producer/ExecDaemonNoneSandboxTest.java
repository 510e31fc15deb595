package io.khotam.producer;

/** The daemon scenario in sandbox mode none. */
class ExecDaemonNoneSandboxTest extends ExecDaemonScenario {

    @Override
    String sandbox() {
        return "none";
    }
}
