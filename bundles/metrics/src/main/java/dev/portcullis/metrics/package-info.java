/** Prometheus metrics of the Portcullis events, served on the host's HTTP service. */
package dev.portcullis.metrics;
