"""The OSINT crawler: Scrapy spiders and item pipelines that turn web and onion pages into case items.

Pages are a *source* of the pipeline: each HTML page is appended to the crawl's page file, becomes an `Item` with a
``page`` locator segment, and goes through `heroes.engine.process.process_item`, so every analyser (entities,
known material, job offers...) runs on it. Images are hashed in memory and matched against the hash banks, never
written. `heroes.crawl.graph` links sites, pages and identifiers.
"""
