/**
 * The producer under test (docs/contract.md "Producer under test"): a candidate inspect producer,
 * SQL on kho-tam's own workspace PostgreSQL or any program speaking JSON lines, run on the rows a
 * run admitted, and the judge that holds what it did to the contract and to the built-in
 * inspectors' reference.
 */
package io.khotam.producer;
