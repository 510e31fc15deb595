package io.khotam.bench;

import io.khotam.cli.KhotamCli;

/** The pipeline as `bench` measures it: kho-tam's own command line, then the JVM's peak heap for the report. */
public final class MeasuredCli {

    private MeasuredCli() {}

    public static void main(String[] args) {
        int exit = KhotamCli.execute(args);
        MemoryReport.print();
        System.exit(exit);
    }
}
