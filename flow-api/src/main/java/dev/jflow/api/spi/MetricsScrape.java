package dev.jflow.api.spi;

/** The meters rendered for a scraper: what {@code GET /metrics} answers. */
public interface MetricsScrape {

  /** The {@code Content-Type} of {@link #scrape()}; default Prometheus text format 0.0.4. */
  default String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }

  /** Every meter now, in the {@link #contentType()} format. */
  String scrape();
}
