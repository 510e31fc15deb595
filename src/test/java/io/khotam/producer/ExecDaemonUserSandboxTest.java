package io.khotam.producer;

/** The daemon scenario in sandbox mode user. */
class ExecDaemonUserSandboxTest extends ExecDaemonScenario {

    @Override
    String sandbox() {
        return "user";
    }
}
