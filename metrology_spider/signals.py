"""Signals of our own (sent with ``crawler.signals.send_catch_log``)."""

#: An article was archived under another id than its linked URL gives: its page names
#: its own URL (``<link rel="canonical">``: Drupal's ``/node/134`` and its path alias),
#: or a redirect led to another id's URL. Arguments: ``url``, the URL the portal
#: links; ``record``, the :class:`~metrology_spider.items.Article`. Sent by
#: :func:`metrology_spider.assemble.report` before the record reaches the pipelines;
#: :class:`~metrology_spider.state.ArchiveState` remembers the link, so that no later
#: run fetches it again as a new article.
article_linked = object()
