/** The production registry, only ever read: its settings, the before/after proof, the sampler. */
package io.khotam.registry;
