package io.khotam.producer;

/** The daemon scenario in sandbox mode bwrap. */
class ExecDaemonBwrapSandboxTest extends ExecDaemonScenario {

    @Override
    String sandbox() {
        return "bwrap";
    }
}
