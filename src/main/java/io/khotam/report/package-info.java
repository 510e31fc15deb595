/** A finished run as one HTML page (its templates are in resources/report/). */
package io.khotam.report;
