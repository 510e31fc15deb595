/** The one configuration class that builds the beans the routes name and wires them together. */
package io.khotam.wiring;
