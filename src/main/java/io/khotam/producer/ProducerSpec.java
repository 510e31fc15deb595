package io.khotam.producer;

import io.khotam.Problems;
import io.khotam.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code --producer} names: {@code builtin}, {@code sql:FILE} or {@code exec:COMMAND ARGS}.
 *
 * @param source the script's absolute path, or the command line
 * @param sha256 of the script's bytes as read now, or of the command line
 */
public record ProducerSpec(Kind kind, String source, String sha256) {

    public enum Kind {
        BUILTIN, SQL, EXEC;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ProducerSpec BUILTIN = new ProducerSpec(Kind.BUILTIN, null, null);

    /**
     * @param value the option's value; empty means builtin
     * @throws IllegalArgumentException naming what is wrong (an unreadable script, an empty command)
     */
    public static ProducerSpec parse(String value) {
        if (value == null || value.isBlank() || value.strip().equals("builtin")) {
            return BUILTIN;
        }
        String v = value.strip();
        if (v.startsWith("sql:")) {
            Path script = Path.of(v.substring(4)).toAbsolutePath().normalize(); // relative: to where kho-tam was started
            byte[] bytes = read(script);
            try {
                ProducerScript.text(bytes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--producer sql:" + script + " is " + e.getMessage());
            }
            return new ProducerSpec(Kind.SQL, script.toString(), Sha256.hex(bytes));
        }
        if (v.startsWith("exec:")) {
            String command = v.substring(5).strip();
            if (command.isEmpty()) {
                throw new IllegalArgumentException("--producer exec: needs a command, as in exec:\"python3 my_producer.py\"");
            }
            return new ProducerSpec(Kind.EXEC, command, Sha256.hex(command.getBytes(StandardCharsets.UTF_8)));
        }
        throw new IllegalArgumentException("--producer " + v + " is not one of builtin, sql:FILE, exec:\"COMMAND ARGS\"");
    }

    /** The script as it is now (a run reads it again when it runs it, and records that one's SHA-256). */
    public static byte[] read(Path script) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("--producer sql:" + script + ": no such file");
        }
        try {
            return Files.readAllBytes(script);
        } catch (IOException e) {
            throw new IllegalArgumentException("--producer sql:" + script + " cannot be read: " + Problems.describe(e));
        }
    }

    public boolean builtin() {
        return kind == Kind.BUILTIN;
    }
}
