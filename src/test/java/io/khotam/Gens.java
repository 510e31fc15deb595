package io.khotam;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The property tests' shared generators on QuickTheories, and the number of examples each
 * property tries: as written, or at most {@code -Dkhotam.examples.max} (the mutation profile
 * tries fewer per mutant).
 */
public final class Gens {

    private Gens() {}

    /** QuickTheories with {@code examples} examples (capped as above) and its shrinking on. */
    public static QuickTheory qt(int examples) {
        return QuickTheory.qt().withExamples(Math.min(examples, Integer.getInteger("khotam.examples.max", Integer.MAX_VALUE)));
    }

    @SafeVarargs
    public static <T> Gen<T> pick(T... values) {
        return Generate.pick(List.of(values));
    }

    @SafeVarargs
    public static <T> Gen<T> oneOf(Gen<T> first, Gen<T>... more) {
        return Generate.oneOf(first, more);
    }

    /** Strings of up to {@code maxLength} characters from {@code from..to} and the {@code extra} ones, the empty string included. */
    public static Gen<String> text(char from, char to, String extra, int minLength, int maxLength) {
        Gen<Character> range = Generate.characters(from, to);
        Gen<Character> chars = extra.isEmpty() ? range : range.mix(pick(extra.chars().mapToObj(c -> (char) c).toArray(Character[]::new)), 20);
        return lists().of(chars).ofSizeBetween(minLength, maxLength)
                .map(list -> list.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /** Byte arrays of up to {@code maxLength} bytes, any byte, the empty array often. */
    public static Gen<byte[]> bytes(int maxLength) {
        return Generate.byteArrays(Generate.range(0, maxLength), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                .mix(Generate.constant(() -> new byte[0]), 5);
    }

    /** A check that may throw what the code under test throws; a throw fails the property with its cause. */
    public interface Check<T> {
        void accept(T value) throws Exception;
    }

    public static <T> Consumer<T> unchecked(Check<T> check) {
        return value -> {
            try {
                check.accept(value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }
}
