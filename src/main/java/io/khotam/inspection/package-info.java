/** Judging a row: the rule-set, the Bean Validation check groups of admission, scope, PEN, STAMP and GATE, and the stamps. */
package io.khotam.inspection;
