package io.khotam.cli;

import io.khotam.bench.MemoryReport;

/** The pipeline as `bench` measures it: kho-tam's own command line, then the JVM's peak heap for the report. */
public final class MeasuredPipeline {

    private MeasuredPipeline() {}

    public static void main(String[] args) {
        int exit = KhotamCli.execute(args);
        MemoryReport.print();
        System.exit(exit);
    }
}
