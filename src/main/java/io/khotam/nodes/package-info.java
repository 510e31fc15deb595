/**
 * Several kho-tam nodes over one shared home: who this node is, the lease it holds on each run it
 * works on (in the workspace PostgreSQL), the fence that stops a node that lost one, and the
 * health that says so (docs/scale-out.md).
 */
package io.khotam.nodes;
