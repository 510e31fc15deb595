-- A SQL producer that agrees with kho-tam's built-in inspectors under the bundled demo rule-set
-- (rulesets/dieu-0g-demo.yaml): run it with --producer sql:examples/producers/reference.sql and
-- the judge says CONFORMS.
--
-- It runs in its run's own schema, where birth_registry holds the admitted, in-scope rows (plus
-- row_no). It may create helpers there; they go with the schema when the run ends.
--
-- Each stage is its own UPDATE stamped with clock_timestamp(): now() is the same instant for the
-- whole script (one transaction), and three stamps of one instant are the fused shortcut.

-- What the contract counts as blank is Java's Character.isWhitespace: not the no-break spaces
-- U+00A0, U+2007, U+202F, and not the zero-width ones; but U+001C to U+001F, which PostgreSQL's \s
-- does not count. So it is spelled out here, and nowhere is \s used.
CREATE FUNCTION stripped(v text) RETURNS text IMMUTABLE LANGUAGE sql AS $$
    SELECT btrim(v, E'\t\n\x0B\f\r\x1C\x1D\x1E\x1F \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200A\u2028\u2029\u205F\u3000')
$$;

CREATE FUNCTION present(v text) RETURNS boolean IMMUTABLE LANGUAGE sql
    AS $$ SELECT v IS NOT NULL AND stripped(v) <> '' $$;

-- PEN: identity complete. The rule-set's pattern is ^[A-Z][A-Z0-9]{1,9}-[0-9]{3,12}$; PostgreSQL's
-- regular expressions are slow on bounded repeats ({1,9}: three times the whole check here), so the
-- shape is matched with + and the two parts' lengths counted apart: the same rows, a third of the time.
CREATE FUNCTION pen_ok(r birth_registry) RETURNS boolean STABLE LANGUAGE sql AS $$
    SELECT present(r.entity_code) AND r.entity_code ~ '^[A-Z][A-Z0-9]+-[0-9]+$'
       AND position('-' IN r.entity_code) BETWEEN 3 AND 11                              -- [A-Z][A-Z0-9]{1,9}-
       AND char_length(r.entity_code) - position('-' IN r.entity_code) BETWEEN 3 AND 12  -- [0-9]{3,12}
       AND present(r.collection_name) AND r.collection_name IN ('flora', 'fauna')
       AND r.born_at IS NOT NULL AND r.born_at <= now()
       AND present(r.dot_origin)
$$;

-- STAMP: metadata complete
CREATE FUNCTION stamp_ok(r birth_registry) RETURNS boolean STABLE LANGUAGE sql AS $$
    SELECT present(r.name) AND char_length(r.name) <= 200
       AND present(r.description) AND char_length(stripped(r.description)) >= 10
       AND present(r.status) AND r.status IN ('draft', 'active', 'review')
$$;

-- GATE: species fit and business rules
CREATE FUNCTION gate_ok(r birth_registry) RETURNS boolean STABLE LANGUAGE sql AS $$
    SELECT present(r.species_code)
       AND (r.collection_name, r.species_code) IN (('flora', 'PLANTAE-TREE'), ('flora', 'PLANTAE-HERB'),
                                                   ('fauna', 'AVES-PASSER'), ('fauna', 'MAMMAL-RODENT'))
       AND (r.collection_name, r.dot_origin) IN (('flora', 'DOT-CUT'), ('flora', 'DOT-IMPORT'), ('fauna', 'DOT-IMPORT'))
$$;

-- a stage stamps only its own column, only when it is unset, only after the earlier stages passed
UPDATE birth_registry r SET inspect_pen = clock_timestamp()
 WHERE inspect_pen IS NULL AND pen_ok(r);
UPDATE birth_registry r SET inspect_stamp = clock_timestamp()
 WHERE inspect_stamp IS NULL AND pen_ok(r) AND stamp_ok(r);
UPDATE birth_registry r SET inspect_gate = clock_timestamp()
 WHERE inspect_gate IS NULL AND pen_ok(r) AND stamp_ok(r) AND gate_ok(r);
