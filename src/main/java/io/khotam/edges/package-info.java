/**
 * Rows at every edge of the rule-set in force (`kho-tam edges`, docs/producer.md): for each check,
 * rows just inside and just outside it, each otherwise passing every stage and each naming the
 * check it probes in its {@code probe} field, so a producer under test meets the cases a person
 * would have to think of by hand.
 */
package io.khotam.edges;
