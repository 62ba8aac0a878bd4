"""Signals of our own (sent with ``crawler.signals.send_catch_log``)."""

#: An article was archived under another id than its linked URL gives: its page names
#: its own URL (``<link rel="canonical">``: Drupal's ``/node/134`` and its path alias),
#: or a redirect led to another id's URL. Arguments: ``url``, the URL the portal
#: links; ``record``, the :class:`~metrology_spider.items.Article`. Sent by
#: :func:`metrology_spider.assemble.report` before the record reaches the pipelines;
#: :class:`~metrology_spider.state.ArchiveState` remembers the link, so that no later
#: run fetches it again as a new article.
article_linked = object()


#: A list's page could not be had (a 500 on a list's next page, a column's page failing): what it
#: lists is not walked. Argument: ``url``. :class:`~metrology_spider.state.ArchiveState` names it in
#: the manifest (``lists_failed``), and the next run walks every list page through instead of stopping
#: where a page holds only archived articles (the failed page's new articles would be lost for good).
list_page_failed = object()
