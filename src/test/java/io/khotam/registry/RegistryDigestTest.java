package io.khotam.registry;

import static io.khotam.Gens.qt;
import static io.khotam.Gens.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.lists;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The fingerprint computed row by row into one buffer is the one of docs/contract.md, as a
 * straightforward reading of it computes it here (a BigInteger sum of each row's SHA-256), for any
 * values: nulls, non-ASCII text, values long enough to need two or three length bytes.
 */
class RegistryDigestTest {

    private static final Gen<String> VALUE = text('\u0000', '\u00ff', "€\uD83D\uDE00é", 0, 40)
            .mix(Generate.constant((String) null), 15)
            .mix(Generate.pick(List.of(130, 255, 256, 40_000, 70_000)).map("x"::repeat), 5);

    @Test
    void sameAsTheContractsSum() {
        qt(500).forAll(lists().of(lists().of(VALUE).ofSizeBetween(1, 5)).ofSizeBetween(0, 6)).checkAssert(rows -> {
            RegistryDigest digest = new RegistryDigest();
            for (List<String> row : rows) {
                row.forEach(digest::value);
                digest.endRow();
            }
            assertThat(digest.fingerprint()).isEqualTo(reference(rows));
        });
    }

    @Test
    void aSumThatWrapsAroundStaysModulo2To256() {
        // enough rows that the sum of their hashes passes 2^256 many times over
        List<List<String>> rows = IntStream.range(0, 3000).mapToObj(i -> List.of("row " + i)).toList();
        RegistryDigest digest = new RegistryDigest();
        rows.forEach(row -> {
            row.forEach(digest::value);
            digest.endRow();
        });
        assertThat(digest.fingerprint()).isEqualTo(reference(rows));
    }

    @Test
    void partsAddUpToTheWhole() {
        qt(300).forAll(lists().of(lists().of(VALUE).ofSizeBetween(1, 3)).ofSizeBetween(0, 8)).checkAssert(rows -> {
            RegistryDigest[] parts = {new RegistryDigest(), new RegistryDigest(), new RegistryDigest()};
            for (int i = 0; i < rows.size(); i++) {
                rows.get(i).forEach(parts[i % 3]::value);
                parts[i % 3].endRow();
            }
            parts[0].add(parts[1]);
            parts[0].add(parts[2]);
            assertThat(parts[0].fingerprint()).isEqualTo(reference(rows));
        });
    }

    private static String reference(List<List<String>> rows) {
        BigInteger sum = BigInteger.ZERO;
        try {
            for (List<String> row : rows) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (String value : row) {
                    if (value == null) {
                        sha.update((byte) 0);
                    } else {
                        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                        sha.update((byte) 1);
                        sha.update(BigInteger.valueOf(bytes.length).toByteArray());
                        sha.update((byte) ':');
                        sha.update(bytes);
                    }
                }
                sum = sum.add(new BigInteger(1, sha.digest()));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return rows.size() + ":" + String.format("%064x", sum.mod(BigInteger.ONE.shiftLeft(256)));
    }
}
